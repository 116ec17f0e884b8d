//! The reader: Python's `json.loads` grammar (CPython's C scanner), one pass, explicit stack;
//! and the decoding of the string tokens it reads.

use std::borrow::Cow;

/// How deeply arrays and objects may nest before the hosted API gives up with 400 Bad Request.
///
/// Python's scanner counts each level against the interpreter's recursion limit (1,000), less the
/// frames the server itself is using. Measured on FastAPI 0.165 / Starlette 1.10 / Python 3.11:
/// 963 levels are read, 964 are a `RecursionError`, which FastAPI answers with 400.
pub const MAX_NESTING: usize = 963;

/// Python refuses to turn an integer literal of more digits than this into an `int`
/// (`sys.get_int_max_str_digits()`), and FastAPI answers that `ValueError` with 400.
const MAX_INT_DIGITS: usize = 4300;

/// Why a text is not one JSON document, as Python's `json` module would say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonError {
    /// A `json.JSONDecodeError`: the API answers 422 `json_invalid` with this message and position.
    Syntax {
        /// Python's message, e.g. `Expecting ',' delimiter`.
        msg: &'static str,
        /// Byte offset in the text (convert with [`super::char_index`] for Python's position).
        offset: usize,
    },
    /// Nested deeper than [`MAX_NESTING`]: the API answers 400.
    TooDeep {
        /// Byte offset of the bracket that went one level too deep.
        offset: usize,
    },
    /// An integer literal of more than 4,300 digits: the API answers 400.
    IntTooLong {
        /// Byte offset where the literal starts.
        offset: usize,
    },
}

impl JsonError {
    /// The byte offset the error points at.
    pub fn offset(&self) -> usize {
        match *self {
            JsonError::Syntax { offset, .. } | JsonError::TooDeep { offset } | JsonError::IntTooLong { offset } => {
                offset
            }
        }
    }

    /// A sentence for people: what is wrong (Python's message, or the reason for a 400).
    pub fn message(&self) -> &'static str {
        match self {
            JsonError::Syntax { msg, .. } => msg,
            JsonError::TooDeep { .. } => "Arrays and objects are nested too deeply (more than 963 levels)",
            JsonError::IntTooLong { .. } => "An integer has more than 4,300 digits",
        }
    }
}

/// What kind of scalar token was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// `null`
    Null,
    /// `true`
    True,
    /// `false`
    False,
    /// `NaN` (a Python extension)
    NaN,
    /// `Infinity` (a Python extension)
    Infinity,
    /// `-Infinity` (a Python extension)
    NegInfinity,
    /// A number without fraction or exponent: a Python `int`.
    Int,
    /// A number with a fraction or an exponent: a Python `float`.
    Float,
    /// A string; the token includes its quotes. `escaped` says whether it holds a backslash.
    Str {
        /// Whether the string holds escapes that decoding must resolve.
        escaped: bool,
    },
}

/// Receives what the reader reads, in document order. Every method defaults to doing nothing.
pub trait Sink {
    /// An object opens at byte offset `start`.
    fn begin_object(&mut self, _start: usize) {}
    /// An array opens at byte offset `start`.
    fn begin_array(&mut self, _start: usize) {}
    /// An object key; `token` includes the quotes.
    fn key(&mut self, _token: &str, _escaped: bool) {}
    /// A scalar `token` starting at byte offset `start`.
    fn scalar(&mut self, _kind: Scalar, _token: &str, _start: usize) {}
    /// The innermost open container closes; `end` is the offset just after its bracket.
    fn end(&mut self, _end: usize) {}
}

/// The open containers, innermost last: one bit each (set for an object), no allocation.
struct Nesting {
    bits: [u64; MAX_NESTING.div_ceil(64)],
    depth: usize,
}

impl Nesting {
    fn push(&mut self, is_object: bool) {
        let (word, bit) = (self.depth / 64, self.depth % 64);
        self.bits[word] = (self.bits[word] & !(1 << bit)) | (u64::from(is_object) << bit);
        self.depth += 1;
    }

    fn pop(&mut self) {
        self.depth -= 1;
    }

    /// Whether the innermost open container is an object; `None` at the top level.
    fn innermost(&self) -> Option<bool> {
        let at = self.depth.checked_sub(1)?;
        Some(self.bits[at / 64] & (1 << (at % 64)) != 0)
    }
}

fn syntax(msg: &'static str, offset: usize) -> JsonError {
    JsonError::Syntax { msg, offset }
}

#[inline]
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

/// Reads `text` as exactly one JSON document (surrounding whitespace allowed), the way
/// `json.loads` does, and reports it to `sink`.
pub fn parse<S: Sink>(text: &str, sink: &mut S) -> Result<(), JsonError> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    let mut stack = Nesting { bits: [0; MAX_NESTING.div_ceil(64)], depth: 0 };

    'value: loop {
        // `i` is where a value must start.
        match b.get(i) {
            None => return Err(syntax("Expecting value", i)),
            Some(&open @ (b'{' | b'[')) => {
                if stack.depth >= MAX_NESTING {
                    return Err(JsonError::TooDeep { offset: i });
                }
                let is_object = open == b'{';
                if is_object {
                    sink.begin_object(i);
                } else {
                    sink.begin_array(i);
                }
                let close = if is_object { b'}' } else { b']' };
                i = skip_ws(b, i + 1);
                if b.get(i) == Some(&close) {
                    i += 1;
                    sink.end(i);
                } else {
                    stack.push(is_object);
                    if is_object {
                        i = read_key(text, i, sink)?;
                    }
                    continue 'value;
                }
            }
            Some(b'"') => {
                let (end, escaped) = scan_string(b, i + 1)?;
                sink.scalar(Scalar::Str { escaped }, &text[i..end], i);
                i = end;
            }
            Some(_) => {
                let (kind, end) = scan_literal(b, i)?;
                sink.scalar(kind, &text[i..end], i);
                i = end;
            }
        }

        // A value is complete: close containers or move to the next member.
        loop {
            let Some(is_object) = stack.innermost() else {
                break 'value;
            };
            i = skip_ws(b, i);
            match b.get(i) {
                Some(b'}') if is_object => {}
                Some(b']') if !is_object => {}
                Some(b',') => {
                    i = skip_ws(b, i + 1);
                    if is_object {
                        i = read_key(text, i, sink)?;
                    }
                    continue 'value;
                }
                _ => return Err(syntax("Expecting ',' delimiter", i)),
            }
            i += 1;
            stack.pop();
            sink.end(i);
        }
    }

    let end = skip_ws(b, i);
    if end != b.len() {
        return Err(syntax("Extra data", end));
    }
    Ok(())
}

/// Reads `"key"` `:` at `i` and returns where the member's value starts.
fn read_key<S: Sink>(text: &str, i: usize, sink: &mut S) -> Result<usize, JsonError> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'"') {
        return Err(syntax("Expecting property name enclosed in double quotes", i));
    }
    let (end, escaped) = scan_string(b, i + 1)?;
    sink.key(&text[i..end], escaped);
    let colon = skip_ws(b, end);
    if b.get(colon) != Some(&b':') {
        return Err(syntax("Expecting ':' delimiter", colon));
    }
    Ok(skip_ws(b, colon + 1))
}

/// Scans a string whose opening quote is just before `start`. Returns the offset after the closing
/// quote and whether the string holds escapes.
fn scan_string(b: &[u8], start: usize) -> Result<(usize, bool), JsonError> {
    let begin = start - 1;
    let mut j = start;
    let mut escaped = false;
    loop {
        while let Some(&c) = b.get(j) {
            if c == b'"' || c == b'\\' || c < 0x20 {
                break;
            }
            j += 1;
        }
        match b.get(j) {
            None => return Err(syntax("Unterminated string starting at", begin)),
            Some(b'"') => return Ok((j + 1, escaped)),
            Some(b'\\') => {
                escaped = true;
                let backslash = j;
                j += 1;
                match b.get(j) {
                    None => return Err(syntax("Unterminated string starting at", begin)),
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => j += 1,
                    Some(b'u') => {
                        // Python wants the four digits and at least one character after them.
                        let digits = j + 1;
                        if digits + 4 >= b.len() || !b[digits..digits + 4].iter().all(u8::is_ascii_hexdigit) {
                            return Err(syntax("Invalid \\uXXXX escape", j));
                        }
                        j = digits + 4;
                    }
                    Some(_) => return Err(syntax("Invalid \\escape", backslash)),
                }
            }
            Some(_) => return Err(syntax("Invalid control character at", j)),
        }
    }
}

/// Scans a literal or a number at `i` (which is not a quote or a bracket).
fn scan_literal(b: &[u8], i: usize) -> Result<(Scalar, usize), JsonError> {
    let rest = &b[i..];
    let word = |w: &[u8], kind: Scalar| rest.starts_with(w).then_some((kind, i + w.len()));
    let found = match rest[0] {
        b'n' => word(b"null", Scalar::Null),
        b't' => word(b"true", Scalar::True),
        b'f' => word(b"false", Scalar::False),
        b'N' => word(b"NaN", Scalar::NaN),
        b'I' => word(b"Infinity", Scalar::Infinity),
        b'-' => word(b"-Infinity", Scalar::NegInfinity),
        _ => None,
    };
    match found {
        Some(found) => Ok(found),
        None => scan_number(b, i),
    }
}

/// Python's number pattern `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`, with its backtracking.
fn scan_number(b: &[u8], start: usize) -> Result<(Scalar, usize), JsonError> {
    let len = b.len();
    let digit = |j: usize| b.get(j).is_some_and(u8::is_ascii_digit);
    let mut j = start;
    if b[j] == b'-' {
        j += 1;
    }
    let int_start = j;
    match b.get(j) {
        Some(b'1'..=b'9') => {
            j += 1;
            while digit(j) {
                j += 1;
            }
        }
        Some(b'0') => j += 1,
        _ => return Err(syntax("Expecting value", start)),
    }
    let int_digits = j - int_start;
    let mut is_float = false;
    if j + 1 < len && b[j] == b'.' && digit(j + 1) {
        is_float = true;
        j += 2;
        while digit(j) {
            j += 1;
        }
    }
    if j + 1 < len && (b[j] == b'e' || b[j] == b'E') {
        let e_start = j;
        j += 1;
        if j + 1 < len && (b[j] == b'-' || b[j] == b'+') {
            j += 1;
        }
        while digit(j) {
            j += 1;
        }
        if b[j - 1].is_ascii_digit() {
            is_float = true;
        } else {
            j = e_start;
        }
    }
    if is_float {
        Ok((Scalar::Float, j))
    } else if int_digits > MAX_INT_DIGITS {
        Err(JsonError::IntTooLong { offset: start })
    } else {
        Ok((Scalar::Int, j))
    }
}

/// The text a string token stands for, when the token is exactly one JSON string as Python
/// reads it (quotes included, nothing around them); `None` for anything else, such as `"a\"`
/// (whose last quote is escaped) or `"\x"` (an escape Python refuses).
///
/// Borrowed from the token when it holds no escapes. A `\uXXXX` high surrogate followed by a low
/// one is joined, as Python does; a lone surrogate, which Python keeps but Rust strings cannot
/// hold, becomes U+FFFD.
pub fn decode_string_token(token: &str) -> Option<Cow<'_, str>> {
    let b = token.as_bytes();
    if b.first() != Some(&b'"') {
        return None;
    }
    match scan_string(b, 1) {
        Ok((end, escaped)) if end == b.len() => Some(string_text(token, escaped)),
        _ => None,
    }
}

/// The text of a string token that the reader reported, with the `escaped` it reported: the
/// inside of the quotes, borrowed, or with its escapes resolved when there are any.
///
/// This is the one place that strips a token's quotes. Tokens are the reader's, so they are
/// well formed; were one not, the answer would be wrong but nothing panics.
pub(crate) fn string_text(token: &str, escaped: bool) -> Cow<'_, str> {
    let inner = token.get(1..token.len().saturating_sub(1)).unwrap_or("");
    if escaped {
        Cow::Owned(unescape(inner))
    } else {
        Cow::Borrowed(inner)
    }
}

/// Resolves the escapes of a string's inside (see [`decode_string_token`]).
fn unescape(inner: &str) -> String {
    let b = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut j = 0;
    let mut run = 0;
    while j < b.len() {
        if b[j] != b'\\' {
            j += 1;
            continue;
        }
        out.push_str(&inner[run..j]);
        let esc = b.get(j + 1).copied().unwrap_or(b'\\');
        j = (j + 2).min(b.len());
        let c = match esc {
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = hex4(b, j);
                j = (j + 4).min(b.len());
                if (0xD800..0xDC00).contains(&hi) && b[j..].starts_with(b"\\u") && j + 6 <= b.len() {
                    let lo = hex4(b, j + 2);
                    if (0xDC00..0xE000).contains(&lo) {
                        j += 6;
                        let joined = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        char::from_u32(joined).unwrap_or('\u{FFFD}')
                    } else {
                        '\u{FFFD}'
                    }
                } else {
                    char::from_u32(hi).unwrap_or('\u{FFFD}')
                }
            }
            // The reader lets through only `"`, `\`, `/` and the above; anything else (in a
            // token it did not check) is kept as it is, if it is ASCII.
            other if other.is_ascii() => other as char,
            _ => '\u{FFFD}',
        };
        out.push(c);
        // A non-ASCII byte after a backslash: resume at the next character, not inside it.
        while !inner.is_char_boundary(j) {
            j += 1;
        }
        run = j;
    }
    out.push_str(&inner[run..]);
    out
}

/// The value of the (up to) four hex digits at `at`; a digit that is missing or not hex counts 0.
fn hex4(b: &[u8], at: usize) -> u32 {
    let digits = b.get(at..(at + 4).min(b.len())).unwrap_or(&[]);
    digits.iter().fold(0, |acc, &d| acc * 16 + (d as char).to_digit(16).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::pyjson::{char_index, check};

    fn err(text: &str) -> (&'static str, usize) {
        match check(text) {
            Err(JsonError::Syntax { msg, offset }) => (msg, char_index(text, offset)),
            other => panic!("expected a syntax error for {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn reads_what_python_reads() {
        for ok in [
            "{}",
            " [ ] ",
            "NaN",
            "-Infinity",
            "[Infinity, 1e400, -0, 0.5e-3, 12345678901234567890123]",
            r#"{"a":{"b":[1,{"c":null}]},"a":true}"#,
            r#""\ud83d\ude00 \ud800 \/\b\f\n\r\t""#,
            "\"é — ✓\"",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn syntax_errors_carry_python_messages_and_character_positions() {
        assert_eq!(err(""), ("Expecting value", 0));
        assert_eq!(err(" "), ("Expecting value", 1));
        assert_eq!(err("{"), ("Expecting property name enclosed in double quotes", 1));
        assert_eq!(err(r#"{"job_type":"dummy""#), ("Expecting ',' delimiter", 19));
        assert_eq!(err(r#"{"a":1,}"#), ("Expecting property name enclosed in double quotes", 7));
        assert_eq!(err("[1,]"), ("Expecting value", 3));
        assert_eq!(err(r#"{"a" 1}"#), ("Expecting ':' delimiter", 5));
        assert_eq!(err("{} x"), ("Extra data", 3));
        assert_eq!(err(r#"{"a":"\x"}"#), ("Invalid \\escape", 6));
        assert_eq!(err(r#"{"a":"\u12"}"#), ("Invalid \\uXXXX escape", 7));
        assert_eq!(err("\"abc"), ("Unterminated string starting at", 0));
        assert_eq!(err("\"a\nb\""), ("Invalid control character at", 2));
        assert_eq!(err("é x"), ("Expecting value", 0));
        assert_eq!(err("[\"é\" x]"), ("Expecting ',' delimiter", 5));
        assert_eq!(err("01"), ("Extra data", 1));
        assert_eq!(err("-"), ("Expecting value", 0));
        assert_eq!(err("nul"), ("Expecting value", 0));
        assert_eq!(err("1."), ("Extra data", 1));
        assert_eq!(err("1e"), ("Extra data", 1));
    }

    #[test]
    fn nesting_beyond_the_recursion_limit_is_refused_not_overflowed() {
        let ok = "[".repeat(MAX_NESTING) + &"]".repeat(MAX_NESTING);
        assert_eq!(check(&ok), Ok(()));
        let deep = "[".repeat(MAX_NESTING + 1) + &"]".repeat(MAX_NESTING + 1);
        assert_eq!(check(&deep), Err(JsonError::TooDeep { offset: MAX_NESTING }));
        let very_deep = "[".repeat(1_000_000);
        assert!(matches!(check(&very_deep), Err(JsonError::TooDeep { .. })));
    }

    #[test]
    fn integers_over_4300_digits_are_refused_but_long_floats_are_not() {
        assert_eq!(check(&"7".repeat(4300)), Ok(()));
        assert_eq!(check(&format!("-{}", "7".repeat(4300))), Ok(()));
        assert_eq!(check(&"7".repeat(4301)), Err(JsonError::IntTooLong { offset: 0 }));
        assert_eq!(check(&format!("{}.5", "7".repeat(5000))), Ok(()));
    }

    #[test]
    fn strings_decode_escapes_and_surrogate_pairs() {
        let decode = |token| decode_string_token(token).map(Cow::into_owned);
        assert_eq!(decode(r#""a\"b\\c\/d\u00e9\ud83d\ude00""#).as_deref(), Some("a\"b\\c/dé😀"));
        assert_eq!(decode(r#""\ud800x""#).as_deref(), Some("\u{FFFD}x"));
        assert_eq!(decode(r#""\ud800\u0041""#).as_deref(), Some("\u{FFFD}A"));
        assert_eq!(decode(r#""job\u005ftype""#).as_deref(), Some("job_type"));
    }

    #[test]
    fn a_string_without_escapes_is_borrowed_from_its_token() {
        assert!(matches!(decode_string_token(r#""plain é""#), Some(Cow::Borrowed("plain é"))));
        assert!(matches!(string_text(r#""job_type""#, false), Cow::Borrowed("job_type")));
    }

    #[test]
    fn tokens_that_are_not_one_string_decode_to_none_without_panicking() {
        for hostile in [
            "",
            "\"",
            "\"a\\\"",
            "\"\\",
            "\"\\u12\"",
            "\"\\ud800\\u12\"",
            "\"\\x\"",
            "\"\\é\"",
            "\"a\" ",
            "\"a\"\"b\"",
            "a",
            "é",
            "\"\n\"",
        ] {
            assert_eq!(decode_string_token(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn resolving_escapes_of_unchecked_text_never_panics() {
        // `string_text` trusts the reader's tokens; fed anything else it must still not panic.
        for hostile in ["", "\"", "\"\\", "\"\\u", "\"\\u\"", "\"\\ud800\\u\"", "\"\\é\"", "\"\\uéé\"", "\"\\\\\\\""]
        {
            let _ = string_text(hostile, true);
            let _ = string_text(hostile, false);
        }
        assert_eq!(string_text("\"\\é\"", true), "\u{FFFD}");
    }
}
