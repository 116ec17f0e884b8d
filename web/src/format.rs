//! Times, durations, sizes and numbers as people read them. Everything here but [`local_time`] and
//! [`iso_time`] (which need the browser's clock code) is pure and tested natively.

/// Milliseconds since the epoch, in the browser's local time and locale.
pub fn local_time(ms: f64) -> String {
    String::from(
        js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms))
            .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED),
    )
}

/// The time as an HTML `datetime` value (ISO 8601, UTC), from the browser's clock code.
pub fn iso_time(ms: f64) -> String {
    String::from(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).to_iso_string())
}

/// "just now", "12 s ago", "3 min ago", "2 h ago", "4 d ago" (or "in …" for the future).
pub fn relative(then_ms: f64, now_ms: f64) -> String {
    let seconds = ((now_ms - then_ms) / 1000.0).round() as i64;
    let (amount, future) = (seconds.unsigned_abs(), seconds < 0);
    let text = match amount {
        0..=4 => return "just now".to_owned(),
        5..=59 => format!("{amount} s"),
        60..=3599 => format!("{} min", amount / 60),
        3600..=86_399 => format!("{} h", amount / 3600),
        _ => format!("{} d", amount / 86_400),
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

/// A duration for people: "850 ms", "4.2 s", "3 min 20 s", "2 h 5 min".
pub fn duration(ms: f64) -> String {
    let ms = ms.max(0.0).round() as u64;
    match ms {
        0..=999 => format!("{ms} ms"),
        1000..=59_999 => format!("{}.{} s", ms / 1000, (ms % 1000) / 100),
        60_000..=3_599_999 => format!("{} min {} s", ms / 60_000, (ms % 60_000) / 1000),
        _ => format!("{} h {} min", ms / 3_600_000, (ms % 3_600_000) / 60_000),
    }
}

/// A count with thousands separated: "12,000".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A size in bytes, as people read it.
pub fn human_size(bytes: usize) -> String {
    let tenths = |unit: usize| {
        let t = (bytes * 10 + unit / 2) / unit;
        format!("{}.{}", t / 10, t % 10)
    };
    match bytes {
        0..1000 => format!("{bytes} bytes"),
        1000..1_000_000 => format!("{} KB", tenths(1000)),
        _ => format!("{} MB", tenths(1_000_000)),
    }
}

/// A number as the page shows it, the same everywhere (charts, tables, readouts, the result
/// tree): four significant digits, with an exponent when it is small or large (`2.205e-6`,
/// `1.5e7`), whole numbers below a million as they are. The full value goes beside it where a
/// person can ask for it ([`exact`]: a `title`, a copy, a CSV).
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "NaN".to_owned()
        } else if value > 0.0 {
            "∞".to_owned()
        } else {
            "−∞".to_owned()
        };
    }
    let magnitude = value.abs();
    if value.fract() == 0.0 && magnitude < 1e6 {
        return format!("{}", value as i64);
    }
    if magnitude != 0.0 && !(1e-3..1e6).contains(&magnitude) {
        let text = printer::exponential(value, 3);
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        return format!("{}e{}", without_trailing_zeros(mantissa), exponent.trim_start_matches('+'));
    }
    // Four significant digits: as many decimals as the magnitude leaves.
    let decimals = (3 - magnitude.log10().floor() as i32).clamp(0, 6) as u8;
    without_trailing_zeros(&printer::fixed(value, decimals))
}

/// A number's shortest text that reads back exactly, for copies and downloads (JSON and CSV
/// read it): plain digits in the usual range, an exponent outside it; `null` for what JSON
/// cannot hold.
pub fn exact(value: f64) -> String {
    if !value.is_finite() {
        return "null".to_owned();
    }
    printer::shortest(value)
}

/// Floats to text: the browser's own printer in the app (Rust's would add its tables and code to
/// every page, about 8 KB gzip), Rust's in native tests. Both are exact to the digits asked.
#[cfg(target_arch = "wasm32")]
mod printer {
    use js_sys::Number;

    fn text(result: Result<js_sys::JsString, wasm_bindgen::JsValue>) -> String {
        result.map(String::from).unwrap_or_default()
    }

    pub fn exponential(v: f64, digits: u8) -> String {
        text(Number::from(v).to_exponential(digits))
    }

    pub fn fixed(v: f64, decimals: u8) -> String {
        text(Number::from(v).to_fixed(decimals))
    }

    pub fn shortest(v: f64) -> String {
        text(Number::from(v).to_string_with_radix(10))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod printer {
    pub fn exponential(v: f64, digits: u8) -> String {
        format!("{v:.*e}", usize::from(digits))
    }

    pub fn fixed(v: f64, decimals: u8) -> String {
        format!("{v:.*}", usize::from(decimals))
    }

    /// As JavaScript writes it: an exponent below 1e-6 and from 1e21.
    pub fn shortest(v: f64) -> String {
        if v == 0.0 || (1e-6..1e21).contains(&v.abs()) {
            format!("{v}")
        } else {
            format!("{v:e}")
        }
    }
}

/// A decimal text without the zeros a fixed precision pads with ("2.500" → "2.5", "3.000" → "3").
fn without_trailing_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text.to_owned()
    }
}

/// Text from the API as it is safe to show: bidirectional control characters (the right-to-left
/// override that makes `invoice\u{202E}gnp.exe` read as `invoiceexe.png`, embeddings,
/// isolates, marks) are written out as `⟨U+202E⟩`, so what a person reads is what was sent.
pub fn reveal_bidi(text: &str) -> String {
    let is_bidi_control =
        |c: char| matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.contains(is_bidi_control) {
        return text.to_owned();
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_bidi_control(c) {
            shown.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_700_000_000_000.0;

    #[test]
    fn a_moment_within_five_seconds_either_way_is_just_now() {
        assert_eq!(relative(NOW, NOW), "just now");
        assert_eq!(relative(NOW - 4_400.0, NOW), "just now");
        assert_eq!(relative(NOW + 4_000.0, NOW), "just now");
    }

    #[test]
    fn relative_times_pick_the_largest_whole_unit() {
        assert_eq!(relative(NOW - 12_000.0, NOW), "12 s ago");
        assert_eq!(relative(NOW - 59_000.0, NOW), "59 s ago");
        assert_eq!(relative(NOW - 60_000.0, NOW), "1 min ago");
        assert_eq!(relative(NOW - 3_599_000.0, NOW), "59 min ago");
        assert_eq!(relative(NOW - 7_200_000.0, NOW), "2 h ago");
        assert_eq!(relative(NOW - 4.0 * 86_400_000.0, NOW), "4 d ago");
    }

    #[test]
    fn a_time_ahead_of_the_clock_reads_as_in_the_future() {
        assert_eq!(relative(NOW + 90_000.0, NOW), "in 1 min");
        assert_eq!(relative(NOW + 30_000.0, NOW), "in 30 s");
    }

    #[test]
    fn short_durations_are_in_milliseconds_and_seconds_with_a_tenth() {
        assert_eq!(duration(0.0), "0 ms");
        assert_eq!(duration(850.4), "850 ms");
        assert_eq!(duration(999.0), "999 ms");
        assert_eq!(duration(1_000.0), "1.0 s");
        assert_eq!(duration(4_270.0), "4.2 s", "tenths are cut, not rounded");
    }

    #[test]
    fn long_durations_are_in_minutes_and_hours() {
        assert_eq!(duration(200_000.0), "3 min 20 s");
        assert_eq!(duration(7_500_000.0), "2 h 5 min");
    }

    #[test]
    fn a_negative_duration_from_clock_skew_reads_as_zero() {
        assert_eq!(duration(-1_500.0), "0 ms");
    }

    #[test]
    fn sizes_are_in_bytes_then_kilobytes_then_megabytes_with_one_decimal() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(1_000), "1.0 KB");
        assert_eq!(human_size(48 * 1024), "49.2 KB");
        assert_eq!(human_size(5_242_880), "5.2 MB");
    }

    #[test]
    fn numbers_read_in_four_significant_digits_with_an_exponent_when_small_or_large() {
        assert_eq!(number(1_000.0), "1000");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(0.012345), "0.01235");
        assert_eq!(number(35.04219), "35.04");
        assert_eq!(number(2.2051618138047664e-6), "2.205e-6");
        assert_eq!(number(0.001308), "0.001308");
        assert_eq!(number(1.5e7), "1.5e7");
        assert_eq!(number(123_456.7), "123457");
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn counts_separate_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(12_000), "12,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn exact_numbers_read_back_to_the_same_value() {
        for v in [2.2051618138047664e-6, 0.012, 35.0, 1e300, -4.5e-12, 123_456.789] {
            assert_eq!(exact(v).parse::<f64>().unwrap(), v, "{}", exact(v));
        }
        assert_eq!(exact(2.2e-7), "2.2e-7");
        assert_eq!(exact(0.012), "0.012");
        assert_eq!(exact(f64::INFINITY), "null");
    }

    #[test]
    fn bidi_controls_from_the_api_are_shown_not_obeyed() {
        assert_eq!(reveal_bidi("invoice\u{202E}gnp.exe"), "invoice⟨U+202E⟩gnp.exe");
        assert_eq!(reveal_bidi("a\u{2066}b\u{2069}\u{200F}"), "a⟨U+2066⟩b⟨U+2069⟩⟨U+200F⟩");
        assert_eq!(reveal_bidi("plain text, عربى, עברית"), "plain text, عربى, עברית", "letters of RTL scripts stay");
    }
}
