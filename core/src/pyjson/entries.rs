//! The direct entries of a JSON array or object, with where each value is in the text: what a
//! collapsible tree view needs to show one level without reading the document into values.

use super::reader::{decode_string, parse, JsonError, Scalar, Sink};

/// What kind of value an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// An object with this many entries.
    Object(usize),
    /// An array with this many entries.
    Array(usize),
    /// A scalar.
    Scalar(Scalar),
}

/// One entry of a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key (for an object's entries), decoded.
    pub key: Option<String>,
    /// Where the value starts in the container's text (bytes).
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// What it is.
    pub kind: EntryKind,
}

#[derive(Default)]
struct Collector {
    depth: usize,
    key: Option<String>,
    open: Option<(usize, bool, usize)>,
    entries: Vec<Entry>,
}

impl Collector {
    fn count_in_open(&mut self) {
        if self.depth == 2 {
            if let Some(open) = &mut self.open {
                open.2 += 1;
            }
        }
    }

    fn open(&mut self, start: usize, is_object: bool) {
        self.count_in_open();
        if self.depth == 1 {
            self.open = Some((start, is_object, 0));
        }
        self.depth += 1;
    }
}

impl Sink for Collector {
    fn begin_object(&mut self, start: usize) {
        self.open(start, true);
    }

    fn begin_array(&mut self, start: usize) {
        self.open(start, false);
    }

    fn key(&mut self, token: &str, _escaped: bool) {
        if self.depth == 1 {
            self.key = Some(decode_string(token));
        }
    }

    fn scalar(&mut self, kind: Scalar, token: &str, start: usize) {
        self.count_in_open();
        if self.depth == 1 {
            let key = self.key.take();
            self.entries.push(Entry { key, start, end: start + token.len(), kind: EntryKind::Scalar(kind) });
        }
    }

    fn end(&mut self, end: usize) {
        self.depth -= 1;
        if self.depth == 1 {
            if let Some((start, is_object, count)) = self.open.take() {
                let kind = if is_object { EntryKind::Object(count) } else { EntryKind::Array(count) };
                let key = self.key.take();
                self.entries.push(Entry { key, start, end, kind });
            }
        }
    }
}

/// The entries of the array or object `text` (in order; repeated keys kept). A scalar document
/// has none.
pub fn entries(text: &str) -> Result<Vec<Entry>, JsonError> {
    let mut collector = Collector::default();
    parse(text, &mut collector)?;
    Ok(collector.entries)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn entries_give_keys_spans_and_sizes_of_one_level() {
        let text = r#"{"a": [1, 2, {"x": 1}], "b\u00e9": {"k": 1, "j": [ ]}, "c": 12345678901234567890}"#;
        let found = entries(text).unwrap();
        let shown: Vec<(Option<&str>, &str, EntryKind)> =
            found.iter().map(|e| (e.key.as_deref(), &text[e.start..e.end], e.kind)).collect();
        assert_eq!(
            shown,
            [
                (Some("a"), r#"[1, 2, {"x": 1}]"#, EntryKind::Array(3)),
                (Some("bé"), r#"{"k": 1, "j": [ ]}"#, EntryKind::Object(2)),
                (Some("c"), "12345678901234567890", EntryKind::Scalar(Scalar::Int)),
            ]
        );
        let items = entries("[[], {}, \"s\", null]").unwrap();
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].kind, EntryKind::Array(0));
        assert_eq!(items[1].kind, EntryKind::Object(0));
        assert!(entries("7").unwrap().is_empty());
    }
}
