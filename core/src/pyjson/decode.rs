//! Turning a request body's bytes into text as `json.loads(bytes)` does (`json.detect_encoding`).

use std::borrow::Cow;

/// The body's bytes are not text in the encoding they announce; the API answers 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyDecodeError {
    /// The encoding Python chose for the bytes.
    pub encoding: &'static str,
}

/// Decodes a JSON body the way Python's `json.loads` decodes bytes: UTF-8 (a leading byte order
/// mark is dropped), or UTF-16 / UTF-32 when a byte order mark or the pattern of zero bytes in
/// the first four bytes says so.
pub fn decode_body_bytes(b: &[u8]) -> Result<Cow<'_, str>, BodyDecodeError> {
    let encoding = detect_encoding(b);
    let fail = || BodyDecodeError { encoding };
    match encoding {
        "utf-8" => std::str::from_utf8(b).map(Cow::Borrowed).map_err(|_| fail()),
        "utf-8-sig" => std::str::from_utf8(&b[3..]).map(Cow::Borrowed).map_err(|_| fail()),
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
            char::decode_utf16(units).collect::<Result<String, _>>().map(Cow::Owned).map_err(|_| fail())
        }
        _ => {
            let (big_endian, body) = match encoding {
                "utf-32" => (b.starts_with(&[0, 0, 0xFE, 0xFF]), &b[4..]),
                other => (other == "utf-32-be", b),
            };
            if body.len() % 4 != 0 {
                return Err(fail());
            }
            body.chunks_exact(4)
                .map(|c| {
                    let quad = [c[0], c[1], c[2], c[3]];
                    let code = if big_endian { u32::from_be_bytes(quad) } else { u32::from_le_bytes(quad) };
                    char::from_u32(code).ok_or_else(fail)
                })
                .collect::<Result<String, _>>()
                .map(Cow::Owned)
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
    }
}
