//! [`echo_json`]: a document written back as the API writes it into an error's `input`, written
//! as it is read rather than built as a [`PyValue`] first.
//!
//! A 422 for a body without `job_type` echoes the whole body. As a value tree a 32 MB body
//! costs about a gigabyte (every string, number and member its own allocation); written straight
//! from the reader it costs its own text and the answer's. The one thing a single pass cannot
//! write is a repeated key, whose last value Python keeps in the place of the first: each object's
//! keys are remembered (as places in the text, 8 bytes each) and compared when it closes, and a
//! document that holds a repeated key is written through [`PyValue`] after all, as before.

use std::borrow::Cow;

use super::reader::{parse, string_text, JsonError, Scalar, Sink};
use super::value::{python_float_repr, write_json_string, PyValue};

/// `text` (one JSON document, as Python reads it) written as the API writes it back: exactly
/// `PyValue::from_json(text)?.to_json()`, at a fraction of the memory.
pub fn echo_json(text: &str) -> Result<String, JsonError> {
    // The web app keeps the value tree: a page echoes at most what its user typed, and the
    // single-pass writer (with the sort its repeated-key check needs) would cost it about 3 KB
    // gzip. The branch is constant, so the writer is left out of that build.
    if cfg!(feature = "browser") || u32::try_from(text.len()).is_err() {
        return PyValue::from_json(text).map(|value| value.to_json());
    }
    let mut writer = Writer { text, out: String::with_capacity(text.len() + text.len() / 4), ..Writer::default() };
    parse(text, &mut writer)?;
    if writer.repeated_key {
        // Rare, and the one case a single pass cannot write: the value tree places the last value.
        drop(writer);
        return PyValue::from_json(text).map(|value| value.to_json());
    }
    Ok(writer.out)
}

/// One open container: whether it has written an element yet, and an object's keys (as byte
/// ranges of the text) for the repeated-key check.
struct Open {
    written: bool,
    keys: Option<Vec<(u32, u32)>>,
}

#[derive(Default)]
struct Writer<'t> {
    text: &'t str,
    out: String,
    stack: Vec<Open>,
    /// A key was just written: its value follows without a separator.
    after_key: bool,
    repeated_key: bool,
}

impl Writer<'_> {
    fn before_value(&mut self) {
        if std::mem::take(&mut self.after_key) {
            return;
        }
        if let Some(open) = self.stack.last_mut() {
            if std::mem::replace(&mut open.written, true) {
                self.out.push(',');
            }
        }
    }

    fn write_string(&mut self, token: &str, escaped: bool) {
        if escaped {
            write_json_string(&string_text(token, true), &mut self.out);
        } else {
            // Without escapes the token is already what `json.dumps` writes: the reader refuses
            // raw control characters, and nothing else is escaped (`ensure_ascii=False`).
            self.out.push_str(token);
        }
    }

    /// The key at `range` of the text, decoded.
    fn key_text(&self, (start, len): (u32, u32)) -> Cow<'_, str> {
        let token = &self.text[start as usize..(start + len) as usize];
        string_text(token, token.contains('\\'))
    }

    fn has_repeated_key(&self, keys: &mut [(u32, u32)]) -> bool {
        if keys.len() < 2 {
            return false;
        }
        keys.sort_unstable_by(|a, b| self.key_text(*a).cmp(&self.key_text(*b)));
        keys.windows(2).any(|pair| self.key_text(pair[0]) == self.key_text(pair[1]))
    }
}

impl Sink for Writer<'_> {
    fn begin_object(&mut self, _start: usize) {
        self.before_value();
        self.out.push('{');
        self.stack.push(Open { written: false, keys: Some(Vec::new()) });
    }

    fn begin_array(&mut self, _start: usize) {
        self.before_value();
        self.out.push('[');
        self.stack.push(Open { written: false, keys: None });
    }

    fn key(&mut self, token: &str, escaped: bool) {
        // The token is a slice of the text: its place is where it starts.
        let start = token.as_ptr() as usize - self.text.as_ptr() as usize;
        if let Some(open) = self.stack.last_mut() {
            if std::mem::replace(&mut open.written, true) {
                self.out.push(',');
            }
            if let Some(keys) = &mut open.keys {
                keys.push((start as u32, token.len() as u32));
            }
        }
        self.write_string(token, escaped);
        self.out.push(':');
        self.after_key = true;
    }

    fn scalar(&mut self, kind: Scalar, token: &str, _start: usize) {
        self.before_value();
        match kind {
            Scalar::Null => self.out.push_str("null"),
            Scalar::True => self.out.push_str("true"),
            Scalar::False => self.out.push_str("false"),
            // No JSON form: written as `null`, as `PyValue::to_json` writes them.
            Scalar::NaN | Scalar::Infinity | Scalar::NegInfinity => self.out.push_str("null"),
            Scalar::Int => self.out.push_str(if token == "-0" { "0" } else { token }),
            Scalar::Float => self.out.push_str(&python_float_repr(super::parse_float(token))),
            Scalar::Str { escaped } => self.write_string(token, escaped),
        }
    }

    fn end(&mut self, _end: usize) {
        let Some(open) = self.stack.pop() else { return };
        match open.keys {
            Some(mut keys) => {
                if !self.repeated_key && self.has_repeated_key(&mut keys) {
                    self.repeated_key = true;
                }
                self.out.push('}');
            }
            None => self.out.push(']'),
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn through_the_tree(text: &str) -> String {
        PyValue::from_json(text).unwrap().to_json()
    }

    #[test]
    fn the_echo_is_what_the_value_tree_writes() {
        for text in [
            r#"{"params": {"a": [1, 2.50, -0, 1E2, 1e400, -1e400, NaN, Infinity, -Infinity]}, "x": null}"#,
            r#"  {"a":true,"b":false,"c":"d\u00e9j\u00e0 \ud83d\ude00","\u0061b":"\n\t\"\\"}  "#,
            r#"[[], {}, [[{}]], {"a": {"b": {"c": []}}}, "", 0, -0.0, 12345678901234567890123]"#,
            r#""just a string""#,
            "1e15",
            "-0",
            "null",
            r#"{"é": "ü", "日本": ["語"]}"#,
            r#"{"a":1,"b":2,"a":{"x":[1.50,-0,1E2]}}"#,
            r#"{"a":1,"\u0061":2}"#,
            r#"[{"k":1,"k":2},{"k":3}]"#,
            r#"{"a":{"b":1},"c":{"b":2}}"#,
        ] {
            assert_eq!(echo_json(text).unwrap(), through_the_tree(text), "{text}");
        }
    }

    #[test]
    fn broken_documents_are_the_readers_errors() {
        for text in ["{", r#"{"a" 1}"#, "[1,]", ""] {
            assert_eq!(echo_json(text).unwrap_err(), PyValue::from_json(text).unwrap_err(), "{text}");
        }
    }

    #[test]
    fn a_large_document_without_repeated_keys_is_written_without_the_tree() {
        let members: Vec<String> = (0..5000).map(|n| format!("\"k{n}\":[{n},{n}.5,\"v\\n{n}\"]")).collect();
        let text = format!("{{{}}}", members.join(","));
        assert_eq!(echo_json(&text).unwrap(), through_the_tree(&text));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod property {
    use proptest::prelude::*;

    use super::*;

    /// JSON documents with the awkward parts of Python's reading: few distinct keys (so objects
    /// repeat them), escapes, `-0`, exponents, non-finite numbers, and whitespace.
    fn document() -> impl Strategy<Value = String> {
        let scalar = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("NaN".to_owned()),
            Just("-Infinity".to_owned()),
            "-?(0|[1-9][0-9]{0,25})",
            "-?[0-9]{1,3}\\.[0-9]{1,20}",
            "-?[1-9][eE][+-]?[0-9]{1,3}",
            "\"([a-cé ]|\\\\n|\\\\u00e9|\\\\\"|\\\\ud83d\\\\ude00){0,6}\"",
        ];
        let key = prop_oneof!["\"[ab]\"", Just("\"\\u0061\"".to_owned()), "\"[a-z]{1,3}\""];
        scalar.prop_recursive(5, 64, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(|items| format!("[{}]", items.join(" , "))),
                prop::collection::vec((key.clone(), inner), 0..6).prop_map(|members| {
                    let members: Vec<String> = members.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                    format!("{{ {} }}", members.join(","))
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        #[test]
        fn the_echo_equals_the_value_trees_writing(text in document()) {
            let expected = PyValue::from_json(&text).map(|v| v.to_json());
            prop_assert_eq!(echo_json(&text), expected, "{}", text);
        }
    }
}
