//! Python's JSON made standard: the `NaN`, `Infinity` and `-Infinity` the hosted API accepts have
//! no place in standard JSON (nor in `serde_json` or a browser's `JSON.parse`), so they are
//! written as `null`, as a JSON encoder that refuses them would have to.

use super::reader::{parse, Scalar, Sink};

/// Where every non-finite number token is.
#[derive(Default)]
struct NonFinite(Vec<(usize, usize)>);

impl Sink for NonFinite {
    fn scalar(&mut self, kind: Scalar, token: &str, start: usize) {
        if matches!(kind, Scalar::NaN | Scalar::Infinity | Scalar::NegInfinity) {
            self.0.push((start, start + token.len()));
        }
    }
}

/// `text` (one JSON document as Python reads it) with every `NaN`, `Infinity` and `-Infinity`
/// token replaced by `null`, and everything else exactly as written. A text that is not a
/// document Python reads comes back unchanged.
pub fn standard_json(text: &str) -> String {
    let mut tokens = NonFinite::default();
    if parse(text, &mut tokens).is_err() || tokens.0.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in tokens.0 {
        out.push_str(&text[at..start]);
        out.push_str("null");
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn non_finite_numbers_become_null_in_standard_json() {
        assert_eq!(
            standard_json(r#"{"a": NaN, "b": [-Infinity, "NaN"], "c": 1}"#),
            r#"{"a": null, "b": [null, "NaN"], "c": 1}"#
        );
        assert_eq!(standard_json(r#"{"a": 1}"#), r#"{"a": 1}"#);
    }

    #[test]
    fn any_document_is_made_standard_and_broken_text_is_left_alone() {
        assert_eq!(standard_json(" Infinity "), " null ");
        assert_eq!(standard_json(r#"[{"x": [NaN]}, 1e400]"#), r#"[{"x": [null]}, 1e400]"#);
        assert_eq!(standard_json(r#"{"a": NaN"#), r#"{"a": NaN"#);
    }
}
