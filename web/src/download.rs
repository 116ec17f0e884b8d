//! Files the app hands to the browser to save (a job's result, a chart's CSV).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/browser.js")]
extern "C" {
    /// Saves `text` as a file called `name` of media type `type_` (the browser asks where, or
    /// puts it in the downloads).
    pub fn download(name: &str, type_: &str, text: &str);
}
