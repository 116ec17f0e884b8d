//! Turning a request body's bytes into text as `json.loads(bytes)` does (`json.detect_encoding`).

use std::borrow::Cow;

/// The body's bytes are not text in the encoding they announce; the API answers 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyDecodeError {
    /// The encoding Python chose for the bytes.
    pub encoding: &'static str,
}

/// A body's text, and where unpaired surrogates stand in it.
///
/// `json.loads(bytes)` decodes with `surrogatepass`: the bytes `ED A0 80` (a surrogate written as
/// UTF-8) are U+D800, not an error. A Rust string cannot hold that, so each one is written as the
/// escape `\ud800`, which Python reads as the same string inside quotes (and refuses at the same
/// place outside them). Positions after one count six characters where Python counts one; they
/// are corrected with `surrogates`.
pub(crate) struct DecodedBody<'a> {
    /// The text, with unpaired surrogates as `\uXXXX` escapes.
    pub text: Cow<'a, str>,
    /// Byte offsets in `text` of those escapes, in order.
    pub surrogates: Vec<usize>,
}

impl DecodedBody<'_> {
    /// Python's character position of a byte offset in [`DecodedBody::text`].
    pub fn char_position(&self, byte_offset: usize) -> usize {
        let escapes_before = self.surrogates.iter().take_while(|&&at| at < byte_offset).count();
        super::char_index(&self.text, byte_offset) - escapes_before * 5
    }
}

/// Decodes a JSON body the way Python's `json.loads` decodes bytes: UTF-8 (a leading byte order
/// mark is dropped), or UTF-16 / UTF-32 when a byte order mark or the pattern of zero bytes in
/// the first four bytes says so. Surrogates pass, as with Python's `surrogatepass`, written as
/// `\uXXXX` escapes (see [`DecodedBody`]).
pub fn decode_body_bytes(b: &[u8]) -> Result<Cow<'_, str>, BodyDecodeError> {
    decode_body_bytes_with_surrogates(b).map(|decoded| decoded.text)
}

/// Appends code units / points to a text, unpaired surrogates as escapes.
#[derive(Default)]
struct Builder {
    text: String,
    surrogates: Vec<usize>,
}

impl Builder {
    fn push(&mut self, code: u32) -> bool {
        match char::from_u32(code) {
            Some(c) => self.text.push(c),
            None if (0xD800..0xE000).contains(&code) => {
                self.surrogates.push(self.text.len());
                self.text.push_str("\\u");
                // By hand rather than `{:04x}`: with the hex digits read by hand in `unwritable.rs`, 0.3 KB
                // less in the web app's main module (measured with bench/bundle-size.mjs).
                for shift in [12, 8, 4, 0] {
                    self.text.push(char::from_digit((code >> shift) & 0xF, 16).unwrap_or('0'));
                }
            }
            None => return false,
        }
        true
    }

    fn done<'a>(self) -> DecodedBody<'a> {
        DecodedBody { text: Cow::Owned(self.text), surrogates: self.surrogates }
    }
}

/// UTF-8 with `surrogatepass`: valid UTF-8, and surrogates encoded as UTF-8 (`ED A0..BF xx`).
fn utf8_surrogatepass(b: &[u8]) -> Option<DecodedBody<'_>> {
    let mut rest = match std::str::from_utf8(b) {
        Ok(text) => return Some(DecodedBody { text: Cow::Borrowed(text), surrogates: Vec::new() }),
        Err(_) => b,
    };
    let mut out = Builder::default();
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.text.push_str(text);
                return Some(out.done());
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.text.push_str(std::str::from_utf8(valid).ok()?);
                match after {
                    [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF, ..] => {
                        out.push(0xD000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F));
                        rest = &after[3..];
                    }
                    _ => return None,
                }
            }
        }
    }
}

/// [`decode_body_bytes`], with where the unpaired surrogates are.
pub(crate) fn decode_body_bytes_with_surrogates(b: &[u8]) -> Result<DecodedBody<'_>, BodyDecodeError> {
    let encoding = detect_encoding(b);
    let fail = || BodyDecodeError { encoding };
    match encoding {
        "utf-8" => utf8_surrogatepass(b).ok_or_else(fail),
        "utf-8-sig" => utf8_surrogatepass(&b[3..]).ok_or_else(fail),
        "utf-16" | "utf-16-le" | "utf-16-be" => {
            let (big_endian, body) = match encoding {
                "utf-16" => (b.starts_with(&[0xFE, 0xFF]), &b[2..]),
                other => (other == "utf-16-be", b),
            };
            if body.len() % 2 != 0 {
                return Err(fail());
            }
            let units = body.chunks_exact(2).map(|c| {
                let pair = [c[0], c[1]];
                if big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            });
            let mut out = Builder::default();
            for unit in char::decode_utf16(units) {
                out.push(unit.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from));
            }
            Ok(out.done())
        }
        _ => {
            let (big_endian, body) = match encoding {
                "utf-32" => (b.starts_with(&[0, 0, 0xFE, 0xFF]), &b[4..]),
                other => (other == "utf-32-be", b),
            };
            if body.len() % 4 != 0 {
                return Err(fail());
            }
            let mut out = Builder::default();
            for c in body.chunks_exact(4) {
                let quad = [c[0], c[1], c[2], c[3]];
                let code = if big_endian { u32::from_be_bytes(quad) } else { u32::from_le_bytes(quad) };
                if !out.push(code) {
                    return Err(fail());
                }
            }
            Ok(out.done())
        }
    }
}

/// The same for bytes already known to be valid UTF-8 (a `&str`): no second validation, and no
/// copy unless zero bytes at the start make Python read them as UTF-16 or UTF-32.
pub fn decode_body_text(text: &str) -> Result<Cow<'_, str>, BodyDecodeError> {
    match detect_encoding(text.as_bytes()) {
        "utf-8" => Ok(Cow::Borrowed(text)),
        "utf-8-sig" => Ok(Cow::Borrowed(&text[3..])),
        _ => decode_body_bytes(text.as_bytes()),
    }
}

/// Python's `json.detect_encoding`, line for line.
fn detect_encoding(b: &[u8]) -> &'static str {
    if b.starts_with(&[0, 0, 0xFE, 0xFF]) || b.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return "utf-32";
    }
    if b.starts_with(&[0xFE, 0xFF]) || b.starts_with(&[0xFF, 0xFE]) {
        return "utf-16";
    }
    if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return "utf-8-sig";
    }
    if b.len() >= 4 {
        if b[0] == 0 {
            return if b[1] != 0 { "utf-16-be" } else { "utf-32-be" };
        }
        if b[1] == 0 {
            return if b[2] != 0 || b[3] != 0 { "utf-16-le" } else { "utf-32-le" };
        }
    } else if b.len() == 2 {
        if b[0] == 0 {
            return "utf-16-be";
        }
        if b[1] == 0 {
            return "utf-16-le";
        }
    }
    "utf-8"
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big_endian { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
        }
        for u in text.encode_utf16() {
            out.extend(if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    #[test]
    fn bodies_decode_in_every_encoding_python_detects() {
        let text = r#"{"job_type":"dummy","params":{"é":"😀"}}"#;
        assert_eq!(decode_body_bytes(text.as_bytes()).unwrap(), text);
        let with_bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
        assert_eq!(decode_body_bytes(&with_bom).unwrap(), text);
        for (big_endian, bom) in [(true, true), (false, true), (true, false), (false, false)] {
            assert_eq!(decode_body_bytes(&utf16(text, big_endian, bom)).unwrap(), text);
        }
        let utf32: Vec<u8> =
            [0xFF, 0xFE, 0, 0].into_iter().chain(text.chars().flat_map(|c| (c as u32).to_le_bytes())).collect();
        assert_eq!(decode_body_bytes(&utf32).unwrap(), text);
    }

    #[test]
    fn invalid_utf8_is_a_decode_error() {
        assert_eq!(decode_body_bytes(b"{\"a\":\"\xff\"}"), Err(BodyDecodeError { encoding: "utf-8" }));
        assert_eq!(decode_body_bytes(b"[\"\xed\xa0\"]"), Err(BodyDecodeError { encoding: "utf-8" }));
    }

    #[test]
    fn surrogates_written_as_bytes_pass_as_escapes_as_python_reads_them() {
        let decoded = decode_body_bytes_with_surrogates(b"[\"\xed\xa0\x80\", \"\xed\xbf\xbf\xc3\xa9\", x]").unwrap();
        assert_eq!(decoded.text, r#"["\ud800", "\udfffé", x]"#);
        assert_eq!(decoded.surrogates, vec![2, 12]);
        // Python counts each surrogate as one character: `x` is at 12.
        assert_eq!(decoded.char_position(decoded.text.find('x').unwrap()), 12);
        let utf16: Vec<u8> = [0x5B, 0, 0x22, 0, 0x00, 0xD8, 0x22, 0, 0x5D, 0].to_vec();
        assert_eq!(decode_body_bytes(&utf16).unwrap(), r#"["\ud800"]"#);
    }
}
