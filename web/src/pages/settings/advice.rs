//! What the settings page warns about, as pure functions of what the user typed: a key that would
//! be remembered for an API it is sent to in clear text, and an API address that this page's
//! Content-Security-Policy does not let it reach. Addresses come in already parsed by the
//! browser (`Address`), so that the app carries no URL parser of its own for this.

use std::net::Ipv4Addr;

/// An API address as the browser's URL parser splits it (`new URL(text)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// `http` or `https` (without the colon).
    pub scheme: String,
    /// The host as the browser writes it: lower case, IPv4 in dotted form, IPv6 in brackets.
    pub host: String,
    /// `scheme://host[:port]`.
    pub origin: String,
}

/// Where the key is kept, said plainly under the "Remember on this device" box.
pub fn where_the_key_is_kept(remember: bool) -> &'static str {
    if remember {
        "Kept in this browser's local storage for this site until you untick this box or clear the \
         site's data; anyone using this browser profile can read it."
    } else {
        "Kept in this tab's session storage: forgotten when this browser session ends."
    }
}

/// A warning when a remembered key would go to a plain-http API on another machine: anyone on the
/// network path can read it there, and it stays on this device.
pub fn remembered_key_warning(api: &Address, remember: bool) -> Option<String> {
    if !remember || api.scheme != "http" || is_loopback(&api.host) {
        return None;
    }
    Some(format!(
        "{} is reached over plain http://, so the key travels unencrypted on every request, and \
         remembering it keeps it on this device. Use an https:// address, or leave \"Remember on \
         this device\" unticked.",
        api.host
    ))
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether this page's Content-Security-Policy (the `content` of its `<meta>`; none: no limit)
/// lets it send requests to `api`, when the page itself is at `page_origin`.
pub fn policy_allows(policy: Option<&str>, page_origin: &str, api: &Address) -> bool {
    let Some(policy) = policy else { return true };
    let directive = |name: &str| {
        policy.split(';').map(str::trim).find_map(|d| d.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
    };
    let Some(sources) = directive("connect-src").or_else(|| directive("default-src")) else { return true };
    sources.split_whitespace().any(|source| match source {
        "*" => true,
        "'self'" => api.origin == page_origin,
        _ if source.ends_with(':') => api.scheme == source.trim_end_matches(':'),
        _ => source.trim_end_matches('/') == api.origin,
    })
}

/// What to say when the policy does not allow the API address.
pub fn blocked_by_policy(api: &Address) -> String {
    format!(
        "This copy of the console may only send requests to the addresses its host allows \
         (its Content-Security-Policy), and {origin} is not one of them. Ask whoever hosts it to \
         allow it (node tools/csp.mjs DIST {origin}), or use a copy served for that API.",
        origin = api.origin
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the browser's URL parser gives for these addresses.
    fn address(text: &str) -> Address {
        let (scheme, rest) = text.split_once("://").unwrap();
        let authority = rest.split('/').next().unwrap();
        let host = match authority.strip_prefix('[') {
            Some(v6) => format!("[{}]", v6.split(']').next().unwrap()),
            None => authority.split(':').next().unwrap().to_owned(),
        };
        Address { scheme: scheme.to_owned(), host, origin: format!("{scheme}://{authority}") }
    }

    #[test]
    fn a_remembered_key_for_a_plain_http_api_on_another_machine_is_warned_about() {
        let warning = remembered_key_warning(&address("http://jobs.example.com:8080/api"), true).unwrap();
        assert!(warning.contains("jobs.example.com"), "{warning}");
        assert!(warning.contains("https://"), "it says what to do: {warning}");
        assert!(remembered_key_warning(&address("http://192.168.1.20"), true).is_some());
    }

    #[test]
    fn no_warning_for_https_loopback_or_a_key_kept_for_the_session_only() {
        assert_eq!(remembered_key_warning(&address("https://api.ionworks.com"), true), None);
        for loopback in ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://app.localhost"]
        {
            assert_eq!(remembered_key_warning(&address(loopback), true), None, "{loopback}");
        }
        assert_eq!(remembered_key_warning(&address("http://jobs.example.com"), false), None);
    }

    #[test]
    fn where_the_key_is_kept_names_the_storage() {
        assert!(where_the_key_is_kept(true).contains("local storage"));
        assert!(where_the_key_is_kept(false).contains("session storage"));
    }

    const POLICY: &str = "default-src 'none'; script-src 'self'; connect-src 'self' https://api.ionworks.com";

    #[test]
    fn the_policy_allows_the_page_itself_and_the_configured_api() {
        let page = "http://127.0.0.1:8080";
        assert!(policy_allows(Some(POLICY), page, &address("http://127.0.0.1:8080")));
        assert!(policy_allows(Some(POLICY), page, &address("https://api.ionworks.com/v1/")));
        assert!(policy_allows(None, page, &address("https://anywhere.example")));
    }

    #[test]
    fn the_policy_refuses_other_origins_ports_and_schemes() {
        let page = "http://127.0.0.1:8080";
        assert!(!policy_allows(Some(POLICY), page, &address("http://127.0.0.1:9000")));
        assert!(!policy_allows(Some(POLICY), page, &address("http://api.ionworks.com")));
        assert!(!policy_allows(Some(POLICY), page, &address("https://evil.example")));
        assert!(!policy_allows(Some("default-src 'none'"), page, &address("https://api.ionworks.com")));
    }

    #[test]
    fn scheme_sources_and_the_wildcard_are_understood() {
        assert!(policy_allows(Some("connect-src https:"), "http://a", &address("https://b.example")));
        assert!(!policy_allows(Some("connect-src https:"), "http://a", &address("http://b.example")));
        assert!(policy_allows(Some("connect-src *"), "http://a", &address("http://b.example")));
    }

    #[test]
    fn the_blocked_message_names_the_origin_and_the_fix() {
        let text = blocked_by_policy(&address("https://api.other.example/v2"));
        assert!(text.contains("https://api.other.example "), "{text}");
        assert!(text.contains("tools/csp.mjs"), "{text}");
    }
}
