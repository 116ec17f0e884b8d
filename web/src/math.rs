//! The float functions the charts need beyond wasm's own instructions: the browser's in the app,
//! Rust's in native tests. Rust's `log10`, `powf` and a sort of numbers would be compiled into
//! the app, about 5 KB gzip (measured with `bench/bundle-size.mjs`), for what every browser has.

/// The base-10 logarithm.
pub fn log10(v: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::log10(v);
    #[cfg(not(target_arch = "wasm32"))]
    v.log10()
}

/// Ten to the power `e`.
pub fn pow10(e: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Math::pow(10.0, e);
    #[cfg(not(target_arch = "wasm32"))]
    10f64.powf(e)
}

/// Sorts numbers in ascending order (NaN last).
pub fn sort(values: &mut [f64]) {
    #[cfg(target_arch = "wasm32")]
    sort_numbers(values);
    #[cfg(not(target_arch = "wasm32"))]
    values.sort_by(f64::total_cmp);
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "export function sortNumbers(a) { a.sort(); }")]
extern "C" {
    /// A typed array's sort: numeric, NaN last (the slice is copied in and back).
    #[wasm_bindgen(js_name = sortNumbers)]
    fn sort_numbers(values: &mut [f64]);
}
