//! pydantic's `HttpUrl`: an absolute http(s) URL with a host, at most 2,083 bytes as written,
//! parsed and normalized by the `url` crate (WHATWG rules, IDNA), which is what pydantic-core uses.

use std::borrow::Cow;

use url::Url;

use crate::validate::error::{expected_repr, ErrorKind};
use crate::validate::input::Input;

/// `HttpUrl`'s length limit. pydantic-core compares it with the UTF-8 length of the input
/// string before parsing (so 2,083 characters of `é` are too long).
pub const MAX_URL_LENGTH: usize = 2083;

const SCHEMES: [&str; 2] = ["http", "https"];

/// The URL as the API serializes it (`str(HttpUrl(...))`), or the error it answers.
pub(crate) fn http_url(input: &Input) -> Result<String, ErrorKind> {
    let text = input.string().ok_or(ErrorKind::UrlType)?;
    if text.len() > MAX_URL_LENGTH {
        return Err(ErrorKind::UrlTooLong { max_length: MAX_URL_LENGTH });
    }
    if is_canonical_http_url(&text) {
        return Ok(text.into_owned());
    }
    if text.is_empty() {
        return Err(ErrorKind::UrlParsing { error: "input is empty".to_owned() });
    }
    let url =
        Url::parse(&lowercase_scheme_and_host(&text)).map_err(|e| ErrorKind::UrlParsing { error: e.to_string() })?;
    if !SCHEMES.contains(&url.scheme()) {
        return Err(ErrorKind::UrlScheme { expected_schemes: expected_repr(SCHEMES) });
    }
    if !url.has_host() {
        return Err(ErrorKind::UrlParsing { error: url::ParseError::EmptyHost.to_string() });
    }
    Ok(url.into())
}

/// `s` with the scheme and host of an http(s) URL in lower case, when both are plain ASCII (letters,
/// digits, `.`, `-`, a port, an IPv6 address): the `url` crate gives the same answer for either
/// spelling (WHATWG lower-cases both), but a host with a capital letter takes its IDNA mapping's
/// slow path, which made a URL such as `HTTPS://Hooks.Example.ORG/` cost twice what its lower-case
/// spelling does. Anything else (user info, percent signs, other characters, another scheme) is
/// left as it is. `lowering_the_scheme_and_host_changes_no_answer` checks the claim.
fn lowercase_scheme_and_host(s: &str) -> Cow<'_, str> {
    let Some(sep) = s.find("://") else { return Cow::Borrowed(s) };
    let scheme = &s[..sep];
    if !SCHEMES.iter().any(|known| scheme.eq_ignore_ascii_case(known)) {
        return Cow::Borrowed(s);
    }
    let start = sep + 3;
    let end = s[start..].find(['/', '\\', '?', '#']).map_or(s.len(), |i| start + i);
    let authority = &s[start..end];
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b);
    if !authority.bytes().all(plain) || !s[..end].bytes().any(|b| b.is_ascii_uppercase()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s[..end].to_ascii_lowercase() + &s[end..])
}

/// Whether `s` is an http(s) URL already in the exact form the `url` crate serializes, so that
/// `Url::parse(s)` would accept it and give back `s` unchanged: the common case of a callback URL,
/// recognized without parsing it (which costs most of a small body's validation time in
/// WebAssembly). Deliberately narrow — lowercase ASCII host names whose last label starts with a
/// letter, no IDNA (`xn--`), no user info, no default or zero-led port, a path with no dot
/// segments or characters the crate would encode — and anything else goes through the crate.
/// `canonical_urls_are_what_the_url_crate_gives_back` checks the claim against the crate.
pub(crate) fn is_canonical_http_url(s: &str) -> bool {
    let (rest, default_port) = match (s.strip_prefix("https://"), s.strip_prefix("http://")) {
        (Some(rest), _) => (rest, "443"),
        (_, Some(rest)) => (rest, "80"),
        _ => return false,
    };
    let Some(slash) = rest.find('/') else { return false };
    let (authority, tail) = rest.split_at(slash);
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with("xn--")
            && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if !host.split('.').all(label_ok) || !host.rsplit('.').next().is_some_and(|l| l.as_bytes()[0].is_ascii_lowercase())
    {
        return false;
    }
    if let Some(port) = port {
        let digits_ok = (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit());
        if !digits_ok
            || port.starts_with('0')
            || port == default_port
            || port.parse::<u32>().map_or(true, |p| p > 65535)
        {
            return false;
        }
    }
    let (before_fragment, fragment) = tail.split_once('#').unwrap_or((tail, ""));
    let (path, query) = before_fragment.split_once('?').unwrap_or((before_fragment, ""));
    let common = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&()*+,;=:@/%".contains(&b);
    let lower = path.to_ascii_lowercase();
    path.bytes().all(|b| common(b) || b == b'\'')
        && !lower.contains("/.")
        && !lower.contains("%2e")
        && query.bytes().all(|b| common(b) || b == b'?')
        && fragment.bytes().all(|b| common(b) || b == b'?' || b == b'\'')
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    /// URLs built part by part, each part drawn from ordinary and awkward spellings alike.
    fn url() -> impl Strategy<Value = String> {
        let label = prop_oneof![
            24 => "[a-z][a-z0-9-]{0,5}",
            1 => "[0-9]{1,3}",
            1 => "0x[0-9a-f]{1,2}",
            1 => "xn--[a-z0-9]{1,4}",
            1 => "[a-zA-Z]{1,3}",
            1 => "[a-z_]{1,3}",
            1 => Just(String::new()),
            1 => "[a-z]{1,2}[é@ ][a-z]",
        ];
        let host = prop::collection::vec(label, 1..4).prop_map(|labels| labels.join("."));
        let port = prop_oneof![
            12 => Just(String::new()),
            1 => Just(":".to_owned()),
            1 => prop_oneof![Just(":80"), Just(":443"), Just(":8080"), Just(":65535"), Just(":65536")].prop_map(str::to_owned),
            1 => ":[0-9]{1,6}",
            1 => ":0[0-9]{1,3}",
        ];
        let segment = prop_oneof![
            30 => "[a-zA-Z0-9]{0,5}",
            1 => prop_oneof![Just("."), Just(".."), Just("%2e"), Just("%2E."), Just(".well-known")].prop_map(str::to_owned),
            1 => "%[0-9a-fA-Fz]{2}",
            1 => "[!$&'()*+,;=:@~_.-]{1,3}",
            1 => r#"[ "<>`{}|^\\é\t\[\]]"#,
        ];
        let path = prop::collection::vec(segment, 0..4).prop_map(|s| format!("/{}", s.join("/")));
        let text = r#"[a-zA-Z0-9=&!$'()*+,;:@/?%~._-]{0,6}|[ "<>`{}|^#\\é]"#;
        let query = prop_oneof![2 => Just(String::new()), 1 => text.prop_map(|q| format!("?{q}"))];
        let fragment = prop_oneof![2 => Just(String::new()), 1 => text.prop_map(|f| format!("#{f}"))];
        let scheme =
            prop_oneof![6 => Just("http://"), 6 => Just("https://"), 1 => Just("HTTP://"), 1 => Just("http:/")];
        let no_path = prop_oneof![12 => Just(false), 1 => Just(true)];
        (scheme, host, port, path, query, fragment, no_path).prop_map(
            |(scheme, host, port, path, query, fragment, no_path)| {
                let path = if no_path { String::new() } else { path };
                format!("{scheme}{host}{port}{path}{query}{fragment}")
            },
        )
    }

    #[test]
    fn canonical_urls_are_what_the_url_crate_gives_back() {
        let strategy = url();
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut tried, mut recognized) = (0, 0);
        while tried < 10_000 {
            let s = strategy.new_tree(&mut runner).unwrap().current();
            tried += 1;
            if is_canonical_http_url(&s) {
                recognized += 1;
                let url = Url::parse(&s).unwrap_or_else(|e| panic!("{s:?} was recognized but does not parse: {e}"));
                assert_eq!(url.as_str(), s, "recognized, but the crate changes it");
                assert!(url.has_host() && SCHEMES.contains(&url.scheme()));
            }
        }
        assert!(recognized * 10 > tried, "only {recognized} of {tried} generated URLs exercised the claim");
    }

    /// Every answer of the `url` crate, whatever the case of the scheme and host: generated URLs
    /// with their letters' case flipped at random.
    #[test]
    fn lowering_the_scheme_and_host_changes_no_answer() {
        let strategy = (url(), any::<u64>()).prop_map(|(s, bits)| {
            s.chars()
                .enumerate()
                .map(|(i, c)| if bits >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c })
                .collect::<String>()
        });
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut lowered = 0;
        for _ in 0..20_000 {
            let s = strategy.new_tree(&mut runner).unwrap().current();
            let fast = lowercase_scheme_and_host(&s);
            if matches!(fast, Cow::Owned(_)) {
                lowered += 1;
            }
            let answer = |t: &str| Url::parse(t).map(String::from);
            assert_eq!(answer(&fast), answer(&s), "{s:?} lower-cased as {fast:?}");
        }
        assert!(lowered > 5_000, "only {lowered} generated URLs were lower-cased");
        for (s, fast) in [
            ("HTTPS://Hooks.Example.ORG:443/Jobs", "https://hooks.example.org:443/Jobs"),
            ("Http://[::A]:8080?Q#F", "http://[::a]:8080?Q#F"),
            ("http://User@Example.com/", "http://User@Example.com/"),
            ("http://%41.com/", "http://%41.com/"),
            ("FTP://A.com/", "FTP://A.com/"),
            ("http://É.com/", "http://É.com/"),
            ("http://a.com/B", "http://a.com/B"),
        ] {
            assert_eq!(lowercase_scheme_and_host(s), fast, "{s}");
        }
    }

    #[test]
    fn everyday_callback_urls_take_the_short_way() {
        for url in [
            "https://hooks.example.org/jobs?token=abc",
            "http://localhost:8080/hook",
            "https://api.example.com/v1/callbacks/job-done#x",
            "http://my-host/",
        ] {
            assert!(is_canonical_http_url(url), "{url}");
        }
        for url in [
            "http://a.com",
            "http://A.com/",
            "http://a.com:80/",
            "http://127.0.0.1/",
            "http://a.com/./b",
            "http://xn--a.com/",
        ] {
            assert!(!is_canonical_http_url(url), "{url}");
        }
    }
}
