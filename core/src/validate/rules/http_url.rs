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
    if let Some(url) = simply_normalized(&text) {
        return Ok(url);
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
    let Some(start) = scheme_length(s) else { return Cow::Borrowed(s) };
    let end = find_byte(s, start, |b| matches!(b, b'/' | b'\\' | b'?' | b'#'));
    let plain = |b: &u8| b.is_ascii_alphanumeric() || b"-.:[]".contains(b);
    if !s.as_bytes()[start..end].iter().all(plain) || !s.as_bytes()[..end].iter().any(u8::is_ascii_uppercase) {
        return Cow::Borrowed(s);
    }
    let mut lowered = String::with_capacity(s.len());
    lowered.push_str(s);
    lowered[..end].make_ascii_lowercase();
    Cow::Owned(lowered)
}

/// The length of `s`'s scheme and `://` when it is `http` or `https` (in any case).
fn scheme_length(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() >= 8 && b[..8].eq_ignore_ascii_case(b"https://") {
        Some(8)
    } else if b.len() >= 7 && b[..7].eq_ignore_ascii_case(b"http://") {
        Some(7)
    } else {
        None
    }
}

/// The index of the first byte of `s` from `from` on that `stop` accepts, or `s.len()`. (A byte
/// search: a `str` pattern of several characters decodes every character on the way.)
fn find_byte(s: &str, from: usize, stop: impl Fn(u8) -> bool) -> usize {
    s.as_bytes()[from..].iter().position(|&b| stop(b)).map_or(s.len(), |i| from + i)
}

/// The URL as the `url` crate serializes it, for an http(s) URL that needs only the rewrites
/// everyday spellings do — scheme and host in lower case, the scheme's default port dropped, `.`
/// and `..` path segments resolved, `/` for an empty path — and is then in the form
/// [`is_canonical_http_url`] recognizes; None for anything else (which goes through the crate).
/// Parsing such a URL costs more than the rest of a small body's validation in WebAssembly.
/// `simple_rewrites_are_what_the_url_crate_does` checks the claim against the crate.
fn simply_normalized(s: &str) -> Option<String> {
    let start = scheme_length(s)?;
    let (scheme, default_port) = if start == 8 { ("https://", ":443") } else { ("http://", ":80") };
    let authority_end = find_byte(s, start, |b| matches!(b, b'/' | b'?' | b'#'));
    let path_end = find_byte(s, authority_end, |b| matches!(b, b'?' | b'#'));
    let (path, after) = (&s[authority_end..path_end], &s[path_end..]);
    let mut out = String::with_capacity(s.len() + 1);
    out.push_str(scheme);
    // The authority in lower case: kept only when it is plain ASCII (anything else fails the check
    // at the end), where lowering it changes no answer (`lowercase_scheme_and_host`).
    out.push_str(&s[start..authority_end]);
    out[scheme.len()..].make_ascii_lowercase();
    if out.ends_with(default_port) {
        out.truncate(out.len() - default_port.len());
    }
    // The path's segments, with `.` dropped and `..` taking the one before it away; either one
    // last leaves a trailing `/` (WHATWG's path state, for a special scheme).
    let root = out.len();
    let mut segments = path.split('/').skip(1).peekable();
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        match segment {
            ".." => {
                let parent = out[root..].rfind('/').map_or(root, |at| root + at);
                out.truncate(parent);
                if last {
                    out.push('/');
                }
            }
            "." if last => out.push('/'),
            "." => {}
            other => {
                out.push('/');
                out.push_str(other);
            }
        }
    }
    if out.len() == root {
        out.push('/');
    }
    out.push_str(after);
    is_canonical_http_url(&out).then_some(out)
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
    let p = path.as_bytes();
    path.bytes().all(|b| common(b) || b == b'\'')
        && !p.windows(2).any(|w| w == b"/.")
        && !p.windows(3).any(|w| w[0] == b'%' && w[1] == b'2' && w[2] | 0x20 == b'e')
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

    /// URLs with the spellings `simply_normalized` rewrites: the case of the scheme and host
    /// flipped, default ports, dot segments and empty paths more often than `url()` has them.
    fn rewritable_url() -> impl Strategy<Value = String> {
        let dots = prop::collection::vec(
            prop_oneof![3 => "[a-z]{1,3}", 2 => Just(".".to_owned()), 2 => Just("..".to_owned()), 1 => Just(String::new())],
            0..5,
        )
        .prop_map(|s| format!("/{}", s.join("/")));
        let path = prop_oneof![2 => dots, 1 => Just(String::new()), 1 => Just("/".to_owned())];
        let port = prop_oneof![Just(""), Just(":80"), Just(":443"), Just(":8080"), Just(":")];
        let tail = prop_oneof![Just(""), Just("?a=1"), Just("#f"), Just("?q#f"), Just("?a/../b")];
        (
            url(),
            "[a-z]{1,4}(\\.[a-z]{1,4}){0,2}",
            prop_oneof![Just("http"), Just("https")],
            port,
            path,
            tail,
            any::<u64>(),
        )
            .prop_map(|(generated, host, scheme, port, path, tail, bits)| {
                let built = format!("{scheme}://{host}{port}{path}{tail}");
                let flip = |s: String| -> String {
                    s.chars()
                        .enumerate()
                        .map(|(i, c)| if bits >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c })
                        .collect()
                };
                if bits % 3 == 0 {
                    flip(generated)
                } else {
                    flip(built)
                }
            })
    }

    #[test]
    fn simple_rewrites_are_what_the_url_crate_does() {
        let strategy = rewritable_url();
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let mut rewritten = 0;
        for _ in 0..20_000 {
            let s = strategy.new_tree(&mut runner).unwrap().current();
            if let Some(fast) = simply_normalized(&s) {
                let url = Url::parse(&s)
                    .unwrap_or_else(|e| panic!("{s:?} was rewritten as {fast:?} but does not parse: {e}"));
                assert_eq!(url.as_str(), fast, "{s:?}");
                if fast != s {
                    rewritten += 1;
                }
            }
        }
        assert!(rewritten > 5_000, "only {rewritten} generated URLs were rewritten");
        for (s, fast) in [
            ("HTTPS://Hooks.Example.ORG:443/jobs/../jobs?token=abc", Some("https://hooks.example.org/jobs?token=abc")),
            ("https://hooks.example.org", Some("https://hooks.example.org/")),
            ("http://a.com:80?q", Some("http://a.com/?q")),
            ("http://a.com/b/./c/..", Some("http://a.com/b/")),
            ("http://a.com/..#x", Some("http://a.com/#x")),
            ("http://a.com:443/", Some("http://a.com:443/")),
            ("http://a.com/%2e/", None),
            ("http://a.com/b\\c", None),
            ("http://a.com/b/.?/..", Some("http://a.com/b/?/..")),
            ("http://a.com:/", None),
            ("http://user@a.com/", None),
            ("ftp://a.com/", None),
        ] {
            assert_eq!(simply_normalized(s).as_deref(), fast, "{s}");
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
