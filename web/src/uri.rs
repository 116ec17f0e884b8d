//! Addresses, built in one place: path segments and query values percent-encoded exactly as the
//! browser's `encodeURIComponent` does, decoded as `decodeURIComponent` does, and query strings
//! read as `URLSearchParams` reads them. Pure Rust, so it runs (and is tested) natively.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What `encodeURIComponent` escapes: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// `text` as one path segment or query value (`encodeURIComponent`).
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// `name=value` for a query string, the value encoded.
pub fn pair(name: &str, value: &str) -> String {
    format!("{name}={}", encode(value))
}

/// A path segment decoded (`decodeURIComponent`); None where that would throw: a `%` not
/// followed by two hex digits, or escapes that are not UTF-8.
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let malformed = bytes
        .iter()
        .enumerate()
        .any(|(i, b)| *b == b'%' && !(bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))));
    if malformed {
        return None;
    }
    percent_decode_str(text).decode_utf8().ok().map(|s| s.into_owned())
}

/// The first value of `name` in a query string (without `?`), decoded as `URLSearchParams` does:
/// `+` is a space, malformed escapes stay as written, bytes that are not UTF-8 become U+FFFD.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    let form_decode = |text: &str| percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned();
    query.split('&').filter(|part| !part.is_empty()).find_map(|part| {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        (form_decode(key) == name).then(|| form_decode(value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_leaves_the_characters_encode_uri_component_leaves() {
        let kept = "ABCXYZabcxyz0189-_.!~*'()";
        assert_eq!(encode(kept), kept);
    }

    #[test]
    fn encoding_escapes_reserved_characters_and_spaces_with_upper_case_hex() {
        assert_eq!(encode("a b/c?d=e&f#g%h+i:j@k,l;m$n"), "a%20b%2Fc%3Fd%3De%26f%23g%25h%2Bi%3Aj%40k%2Cl%3Bm%24n");
        assert_eq!(encode("\"<>`{}|\\^[]"), "%22%3C%3E%60%7B%7D%7C%5C%5E%5B%5D");
    }

    #[test]
    fn encoding_writes_unicode_as_its_utf8_bytes() {
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode("⚡"), "%E2%9A%A1");
        assert_eq!(encode("𝄞"), "%F0%9D%84%9E");
    }

    #[test]
    fn decoding_reverses_encoding_for_any_text() {
        for text in ["plain", "a b/c?d", "'quoted' \"double\"", "é⚡𝄞", "%41 literal", "new\nline"] {
            assert_eq!(decode(&encode(text)).as_deref(), Some(text));
        }
    }

    #[test]
    fn decoding_refuses_what_decode_uri_component_would_throw_on() {
        assert_eq!(decode("50%"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%C3"), None, "a lone UTF-8 lead byte");
        assert_eq!(decode("a+b").as_deref(), Some("a+b"), "a plus stays a plus in a path");
    }

    #[test]
    fn a_query_parameter_is_read_like_url_search_params_reads_it() {
        let query = "status=failed&job_type=ecm_fit&note=a+b%20c&empty=&bare&status=second";
        assert_eq!(query_param(query, "status").as_deref(), Some("failed"), "the first of repeated names");
        assert_eq!(query_param(query, "job_type").as_deref(), Some("ecm_fit"));
        assert_eq!(query_param(query, "note").as_deref(), Some("a b c"));
        assert_eq!(query_param(query, "empty").as_deref(), Some(""));
        assert_eq!(query_param(query, "bare").as_deref(), Some(""));
        assert_eq!(query_param(query, "offset"), None);
        assert_eq!(query_param("x=100%", "x").as_deref(), Some("100%"), "a malformed escape stays as written");
    }

    #[test]
    fn a_pair_encodes_its_value_for_a_query_string() {
        assert_eq!(pair("project_id", "team a&b"), "project_id=team%20a%26b");
        assert_eq!(query_param(&pair("q", "x=1&y=+2"), "q").as_deref(), Some("x=1&y=+2"));
    }
}
