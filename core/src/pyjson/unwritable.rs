//! [`first_unwritable`]: the first value of a document that Python's `json` reads but the API
//! cannot write back.
//!
//! Python reads `NaN`, `Infinity`, `-Infinity`, numbers too large for a float (`1e400` is `inf`)
//! and unpaired surrogates (`"\ud800"`). FastAPI writes its answers with `json.dumps(...,
//! allow_nan=False)` and then as UTF-8: NaN and infinities make the first fail, an unpaired
//! surrogate the second, and the API answers `500 Internal Server Error` instead of the answer it
//! meant to give. Whatever it echoes (a 422's `input`, a 202's fields) is checked with this.

use super::reader::{parse, string_text, Scalar, Sink};
use crate::wire::LocItem;

/// What kind of value the API cannot write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnwritableKind {
    /// `NaN`
    NaN,
    /// `Infinity`, or a number too large for a float (`1e400`)
    Infinity,
    /// `-Infinity`, or a negative number too large for a float (`-1e400`)
    NegativeInfinity,
    /// A string (or an object key) holding a surrogate that is not half of a pair (`"\ud800"`)
    UnpairedSurrogate,
}

impl UnwritableKind {
    /// The kind's name on the wire of the Node package: `nan`, `infinity`, `-infinity` or
    /// `unpaired_surrogate`.
    pub fn as_str(self) -> &'static str {
        match self {
            UnwritableKind::NaN => "nan",
            UnwritableKind::Infinity => "infinity",
            UnwritableKind::NegativeInfinity => "-infinity",
            UnwritableKind::UnpairedSurrogate => "unpaired_surrogate",
        }
    }
}

/// A value the API reads but cannot write, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Unwritable {
    /// What kind of value it is.
    pub kind: UnwritableKind,
    /// Where it is inside the document: keys and list indices from the top (empty for the whole
    /// document).
    pub path: Vec<LocItem>,
    /// The value (or the key) exactly as written, e.g. `NaN`, `1e400` or `"x\udc00"`.
    pub text: String,
}

/// The first value of `text` (one JSON document as Python reads it) that the API cannot write
/// back, in document order; `None` when it can write all of it, or when `text` is not JSON.
pub fn first_unwritable(text: &str) -> Option<Unwritable> {
    let mut finder = Finder::default();
    parse(text, &mut finder).ok()?;
    finder.found
}

/// Whether a string token (quotes included, as the reader reports it) holds a `\uXXXX` surrogate
/// that is not half of a pair, which Python keeps as it is and cannot encode as UTF-8.
pub fn has_unpaired_surrogate(token: &str) -> bool {
    let b = token.as_bytes();
    let hex = |at: usize| -> Option<u32> {
        b.get(at..at + 4)?.iter().try_fold(0, |acc, &d| Some(acc * 16 + (d as char).to_digit(16)?))
    };
    let mut j = 0;
    while j < b.len() {
        if b[j] != b'\\' {
            j += 1;
            continue;
        }
        if b.get(j + 1) != Some(&b'u') {
            j += 2;
            continue;
        }
        let Some(unit) = hex(j + 2) else { return false };
        j += 6;
        if (0xDC00..0xE000).contains(&unit) {
            return true;
        }
        if (0xD800..0xDC00).contains(&unit) {
            // Python joins it with a `\u` low surrogate that follows at once, and only then.
            let low = (b.get(j) == Some(&b'\\') && b.get(j + 1) == Some(&b'u')).then(|| hex(j + 2)).flatten();
            match low {
                Some(low) if (0xDC00..0xE000).contains(&low) => j += 6,
                _ => return true,
            }
        }
    }
    false
}

/// The kind of a scalar token the API cannot write, if it is one.
pub fn unwritable_scalar(kind: Scalar, token: &str) -> Option<UnwritableKind> {
    match kind {
        Scalar::NaN => Some(UnwritableKind::NaN),
        Scalar::Infinity => Some(UnwritableKind::Infinity),
        Scalar::NegInfinity => Some(UnwritableKind::NegativeInfinity),
        Scalar::Float => {
            let value = super::parse_float(token);
            match value.is_infinite() {
                true if value > 0.0 => Some(UnwritableKind::Infinity),
                true => Some(UnwritableKind::NegativeInfinity),
                false => None,
            }
        }
        Scalar::Str { escaped: true } if has_unpaired_surrogate(token) => Some(UnwritableKind::UnpairedSurrogate),
        _ => None,
    }
}

struct Frame {
    /// The current member's key (objects), or the current element's index (arrays).
    at: LocItem,
}

#[derive(Default)]
struct Finder {
    stack: Vec<Frame>,
    found: Option<Unwritable>,
}

impl Finder {
    fn path(&self) -> Vec<LocItem> {
        self.stack.iter().map(|frame| frame.at.clone()).collect()
    }

    /// A value is complete: an array moves on to its next element.
    fn next(&mut self) {
        if let Some(Frame { at: LocItem::Index(index) }) = self.stack.last_mut() {
            *index += 1;
        }
    }
}

impl Sink for Finder {
    fn begin_object(&mut self, _start: usize) {
        if self.found.is_none() {
            self.stack.push(Frame { at: LocItem::Key(String::new()) });
        }
    }

    fn begin_array(&mut self, _start: usize) {
        if self.found.is_none() {
            self.stack.push(Frame { at: LocItem::Index(0) });
        }
    }

    fn key(&mut self, token: &str, escaped: bool) {
        if self.found.is_some() {
            return;
        }
        let key = string_text(token, escaped).into_owned();
        if let Some(frame) = self.stack.last_mut() {
            frame.at = LocItem::Key(key);
        }
        if escaped && has_unpaired_surrogate(token) {
            let path = self.path();
            self.found = Some(Unwritable { kind: UnwritableKind::UnpairedSurrogate, path, text: token.to_owned() });
        }
    }

    fn scalar(&mut self, kind: Scalar, token: &str, _start: usize) {
        if self.found.is_some() {
            return;
        }
        if let Some(kind) = unwritable_scalar(kind, token) {
            self.found = Some(Unwritable { kind, path: self.path(), text: token.to_owned() });
        }
        self.next();
    }

    fn end(&mut self, _end: usize) {
        if self.found.is_some() {
            return;
        }
        self.stack.pop();
        self.next();
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn found(text: &str) -> Option<(UnwritableKind, String, &'static str)> {
        first_unwritable(text).map(|u| {
            let path: Vec<String> = u.path.iter().map(ToString::to_string).collect();
            (u.kind, path.join("/"), Box::leak(u.text.into_boxed_str()) as &str)
        })
    }

    #[test]
    fn nan_infinities_and_overflowing_numbers_are_found_where_they_are() {
        use UnwritableKind::*;
        assert_eq!(found("NaN"), Some((NaN, String::new(), "NaN")));
        assert_eq!(found("[1, 2, 1e400]"), Some((Infinity, "2".to_owned(), "1e400")));
        assert_eq!(found(r#"{"a": [0, {"b": -1E999}]}"#), Some((NegativeInfinity, "a/1/b".to_owned(), "-1E999")));
        assert_eq!(found(r#"{"a": [[], {}], "b": -Infinity}"#), Some((NegativeInfinity, "b".to_owned(), "-Infinity")));
        assert_eq!(found(r#"{"a": 1e308, "b": [1.5, -0.0, 1e-400, 12345678901234567890123]}"#), None);
    }

    #[test]
    fn unpaired_surrogates_are_found_in_strings_and_keys_but_pairs_are_not() {
        use UnwritableKind::*;
        assert_eq!(found(r#"["\ud83d\ude00", "x\udc00"]"#), Some((UnpairedSurrogate, "1".to_owned(), r#""x\udc00""#)));
        assert_eq!(found(r#"{"\ud800": 1}"#), Some((UnpairedSurrogate, "\u{FFFD}".to_owned(), r#""\ud800""#)));
        assert_eq!(found(r#""\ud800\u0041""#).map(|f| f.0), Some(UnpairedSurrogate));
        assert_eq!(found(r#""\ud800\ud800\udc00""#).map(|f| f.0), Some(UnpairedSurrogate));
        assert_eq!(found(r#""\\ud800 \ud83d\ude00 \u00e9""#), None);
    }
}
