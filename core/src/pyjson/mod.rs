//! JSON read the way the hosted API reads it: Python's `json` module, as FastAPI calls it.
//!
//! No JSON crate reproduces Python's reading, and the contract depends on it: `NaN`, `Infinity`
//! and `-Infinity` are accepted, integers have no size limit up to 4,300 digits (beyond that the
//! server answers 400), a duplicated key keeps its last value in the place of its first, nesting
//! deeper than the interpreter's recursion limit is a 400, and syntax errors carry Python's own
//! message and character position. This module is that reader, and what is built directly on it.
//!
//! It works in one pass over the text with an explicit stack (no recursion, so no input can
//! overflow the stack), reporting what it reads to a [`Sink`]. Validation uses a sink that only
//! records where each top-level member is ([`scan_entries`]); [`PyValue`] is built only for values
//! that an error message has to echo.
//!
//! - `reader`: the grammar ([`parse`], [`Sink`]) and the decoding of string tokens.
//! - `entries`: the direct entries of the top-level array or object ([`scan_entries`], [`entries`]).
//! - `value`: [`PyValue`], the value Python holds, and how the API writes it back.
//! - `echo`: [`echo_json`], the same writing straight from the reader (a rejection's `input`).
//! - `decode`: a body's bytes to text, as `json.loads` detects the encoding.
//! - `pretty`: indentation for people. `standard`: `NaN` and infinities made `null`.
//! - `unwritable`: the values Python reads but the API cannot write back ([`first_unwritable`]).

mod decode;
mod echo;
mod entries;
mod pretty;
mod reader;
mod standard;
mod unwritable;
mod value;

pub use decode::{decode_body_bytes, decode_body_text, BodyDecodeError};
pub(crate) use decode::{decode_body_bytes_with_surrogates, DecodedBody};
pub use echo::echo_json;
pub use entries::{entries, scan_entries, Entry, EntryKind, EntrySink};
pub use pretty::pretty;
pub(crate) use reader::string_text;
pub use reader::{decode_string_token, parse, JsonError, Scalar, Sink, MAX_NESTING};
pub use standard::standard_json;
pub use unwritable::{first_unwritable, has_unpaired_surrogate, unwritable_scalar, Unwritable, UnwritableKind};
pub use value::PyValue;

/// A sink that only validates: reading with it checks the syntax and builds nothing (and, with
/// [`scan_entries`], finds what kind of value the document is).
pub struct SkipSink;

impl Sink for SkipSink {}

impl EntrySink for SkipSink {}

/// Checks that `text` is one JSON document as Python reads it, building nothing.
pub fn check(text: &str) -> Result<(), JsonError> {
    parse(text, &mut SkipSink)
}

/// The float a JSON number token stands for, correctly rounded (as Python's `float()` rounds).
///
/// In the web app's build (feature `browser`) the browser's own number parser does it, which is
/// correctly rounded too: Rust's parser brings 20 KB of tables the app's size budget cannot afford.
pub fn parse_float(token: &str) -> f64 {
    #[cfg(all(feature = "browser", target_arch = "wasm32"))]
    return js_sys::Number::parse_float(token);
    #[allow(unreachable_code)]
    token.parse().unwrap_or(f64::NAN)
}

/// Position of a byte offset as Python counts it: in characters (Unicode code points).
pub fn char_index(text: &str, byte_offset: usize) -> usize {
    let end = byte_offset.min(text.len());
    let prefix = &text.as_bytes()[..end];
    // Every code point has exactly one byte that is not a UTF-8 continuation byte.
    prefix.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Line and column (both 1-based, column in characters) of a byte offset, for editors.
pub fn line_column(text: &str, byte_offset: usize) -> (usize, usize) {
    let end = byte_offset.min(text.len());
    let prefix = &text[..text.floor_char_boundary(end)];
    let line = prefix.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
    let column = prefix[line_start..].chars().count() + 1;
    (line, column)
}
