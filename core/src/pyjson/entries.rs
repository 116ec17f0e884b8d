//! The direct entries of a JSON document's top-level array or object, with where each value is
//! in the text, found without reading the document into values.
//!
//! [`scan_entries`] is the one scanner of top-level members: the validator finds the request's
//! fields with it, the server its steering keys in `params`, and the web app's tree view the rows
//! of one level (through [`entries`]).

use super::reader::{parse, string_text, JsonError, Scalar, Sink};

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

/// Receives the direct entries of a document's top-level value from [`scan_entries`], in order
/// (repeated keys included), as they are read. Both methods default to doing nothing.
pub trait EntrySink {
    /// The key of the top-level object's next member, decoded; its value's [`EntrySink::entry`]
    /// follows. Not called for an array's items.
    fn key(&mut self, _key: &str) {}

    /// A direct entry's value spans `start..end` (bytes) of the text and is a `kind`.
    fn entry(&mut self, _start: usize, _end: usize, _kind: EntryKind) {}
}

/// Reads `text` as Python's `json` module does and reports each direct entry of its top-level
/// array or object to `sink`; answers what the top-level value is (for an object or an array,
/// with its number of entries). A scalar document has no entries.
///
/// Entries are reported as they are read: when the text turns out not to be JSON, the sink has
/// seen those before the error, and the answer is the error.
pub fn scan_entries<S: EntrySink>(text: &str, sink: &mut S) -> Result<EntryKind, JsonError> {
    let mut scanner = Scanner {
        sink,
        depth: 0,
        top: EntryKind::Scalar(Scalar::Null),
        top_entries: 0,
        open_start: 0,
        open_is_object: false,
        open_entries: 0,
    };
    parse(text, &mut scanner)?;
    Ok(match scanner.top {
        EntryKind::Object(_) => EntryKind::Object(scanner.top_entries),
        EntryKind::Array(_) => EntryKind::Array(scanner.top_entries),
        scalar => scalar,
    })
}

/// The reader's events turned into entries: tracks the depth, counts the entries of the top
/// level and of the container open at depth 1, and remembers where that container started.
struct Scanner<'s, S> {
    sink: &'s mut S,
    depth: usize,
    top: EntryKind,
    top_entries: usize,
    open_start: usize,
    open_is_object: bool,
    open_entries: usize,
}

impl<S> Scanner<'_, S> {
    fn begin(&mut self, start: usize, is_object: bool) {
        match self.depth {
            0 => self.top = if is_object { EntryKind::Object(0) } else { EntryKind::Array(0) },
            1 => {
                self.top_entries += 1;
                (self.open_start, self.open_is_object, self.open_entries) = (start, is_object, 0);
            }
            2 => self.open_entries += 1,
            _ => {}
        }
        self.depth += 1;
    }
}

impl<S: EntrySink> Sink for Scanner<'_, S> {
    fn begin_object(&mut self, start: usize) {
        self.begin(start, true);
    }

    fn begin_array(&mut self, start: usize) {
        self.begin(start, false);
    }

    fn key(&mut self, token: &str, escaped: bool) {
        if self.depth == 1 {
            self.sink.key(&string_text(token, escaped));
        }
    }

    fn scalar(&mut self, kind: Scalar, token: &str, start: usize) {
        match self.depth {
            0 => self.top = EntryKind::Scalar(kind),
            1 => {
                self.top_entries += 1;
                self.sink.entry(start, start + token.len(), EntryKind::Scalar(kind));
            }
            2 => self.open_entries += 1,
            _ => {}
        }
    }

    fn end(&mut self, end: usize) {
        self.depth -= 1;
        if self.depth == 1 {
            let count = self.open_entries;
            let kind = if self.open_is_object { EntryKind::Object(count) } else { EntryKind::Array(count) };
            self.sink.entry(self.open_start, end, kind);
        }
    }
}

/// Collects the entries, for [`entries`].
#[derive(Default)]
struct Collector {
    key: Option<String>,
    entries: Vec<Entry>,
}

impl EntrySink for Collector {
    fn key(&mut self, key: &str) {
        self.key = Some(key.to_owned());
    }

    fn entry(&mut self, start: usize, end: usize, kind: EntryKind) {
        self.entries.push(Entry { key: self.key.take(), start, end, kind });
    }
}

/// The entries of the array or object `text` (in order; repeated keys kept). A scalar document
/// has none.
pub fn entries(text: &str) -> Result<Vec<Entry>, JsonError> {
    let mut collector = Collector::default();
    scan_entries(text, &mut collector)?;
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

    #[test]
    fn the_scan_answers_what_the_top_level_value_is() {
        let top = |text| scan_entries(text, &mut crate::pyjson::SkipSink).unwrap();
        assert_eq!(top(r#"{"a": {"b": 1}, "a": 2}"#), EntryKind::Object(2));
        assert_eq!(top(" [ [1], 2, {} ] "), EntryKind::Array(3));
        assert_eq!(top("{}"), EntryKind::Object(0));
        assert_eq!(top(r#""s""#), EntryKind::Scalar(Scalar::Str { escaped: false }));
        assert_eq!(top("NaN"), EntryKind::Scalar(Scalar::NaN));
        assert!(scan_entries("{\"a\": }", &mut crate::pyjson::SkipSink).is_err());
    }

    #[test]
    fn keys_reach_the_sink_decoded_just_before_their_values() {
        #[derive(Default)]
        struct Log(Vec<String>);
        impl EntrySink for Log {
            fn key(&mut self, key: &str) {
                self.0.push(format!("key {key}"));
            }
            fn entry(&mut self, start: usize, end: usize, kind: EntryKind) {
                self.0.push(format!("entry {start}..{end} {kind:?}"));
            }
        }
        let mut log = Log::default();
        scan_entries(r#"{"job\u005ftype": "dummy", "p": {"x": [1, 2]}}"#, &mut log).unwrap();
        assert_eq!(
            log.0,
            ["key job_type", "entry 18..25 Scalar(Str { escaped: false })", "key p", "entry 32..45 Object(1)",]
        );
    }
}
