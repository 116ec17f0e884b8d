//! What the settings page warns about, as pure functions of what the user typed: a key that would
//! be remembered for an API it is sent to in clear text, and an API address that this page's
//! Content-Security-Policy does not let it reach.

use url::Url;

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
pub fn remembered_key_warning(api_base: &str, remember: bool) -> Option<String> {
    let url = Url::parse(api_base.trim()).ok()?;
    if !remember || url.scheme() != "http" || is_loopback(&url) {
        return None;
    }
    let host = url.host_str().unwrap_or_default();
    Some(format!(
        "{host} is reached over plain http://, so the key travels unencrypted on every request, and \
         remembering it keeps it on this device. Use an https:// address, or leave \"Remember on \
         this device\" unticked."
    ))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name == "localhost" || name.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Whether this page's Content-Security-Policy (the `content` of its `<meta>`; none: no limit)
/// lets it send requests to `api_base`, when the page itself is at `page_origin`.
pub fn policy_allows(policy: Option<&str>, page_origin: &str, api_base: &str) -> bool {
    let Some(policy) = policy else { return true };
    let Ok(target) = Url::parse(api_base.trim()) else { return true };
    let origin = target.origin().ascii_serialization();
    let directive = |name: &str| {
        policy.split(';').map(str::trim).find_map(|d| d.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
    };
    let Some(sources) = directive("connect-src").or_else(|| directive("default-src")) else { return true };
    sources.split_whitespace().any(|source| match source {
        "*" => true,
        "'self'" => origin == page_origin,
        _ if source.ends_with(':') => target.scheme() == source.trim_end_matches(':'),
        _ => source.trim_end_matches('/') == origin,
    })
}

/// What to say when the policy does not allow the API address.
pub fn blocked_by_policy(api_base: &str) -> String {
    let origin = Url::parse(api_base.trim()).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    format!(
        "This copy of the console may only send requests to the addresses its host allows \
         (its Content-Security-Policy), and {origin} is not one of them. Ask whoever hosts it to \
         allow it (node tools/csp.mjs DIST {origin}), or use a copy served for that API."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_key_for_a_plain_http_api_on_another_machine_is_warned_about() {
        let warning = remembered_key_warning("http://jobs.example.com:8080/api", true).unwrap();
        assert!(warning.contains("jobs.example.com"), "{warning}");
        assert!(warning.contains("https://"), "it says what to do: {warning}");
        assert!(remembered_key_warning("http://192.168.1.20", true).is_some());
    }

    #[test]
    fn no_warning_for_https_loopback_or_a_key_kept_for_the_session_only() {
        assert_eq!(remembered_key_warning("https://api.ionworks.com", true), None);
        for loopback in ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://app.localhost"]
        {
            assert_eq!(remembered_key_warning(loopback, true), None, "{loopback}");
        }
        assert_eq!(remembered_key_warning("http://jobs.example.com", false), None);
        assert_eq!(remembered_key_warning("not a url", true), None);
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
        assert!(policy_allows(Some(POLICY), page, "http://127.0.0.1:8080"));
        assert!(policy_allows(Some(POLICY), page, "https://api.ionworks.com/v1/"));
        assert!(policy_allows(None, page, "https://anywhere.example"));
    }

    #[test]
    fn the_policy_refuses_other_origins_ports_and_schemes() {
        let page = "http://127.0.0.1:8080";
        assert!(!policy_allows(Some(POLICY), page, "http://127.0.0.1:9000"));
        assert!(!policy_allows(Some(POLICY), page, "http://api.ionworks.com"));
        assert!(!policy_allows(Some(POLICY), page, "https://evil.example"));
        assert!(!policy_allows(Some("default-src 'none'"), page, "https://api.ionworks.com"));
    }

    #[test]
    fn scheme_sources_and_the_wildcard_are_understood() {
        assert!(policy_allows(Some("connect-src https:"), "http://a", "https://b.example"));
        assert!(!policy_allows(Some("connect-src https:"), "http://a", "http://b.example"));
        assert!(policy_allows(Some("connect-src *"), "http://a", "http://b.example"));
    }

    #[test]
    fn the_blocked_message_names_the_origin_and_the_fix() {
        let text = blocked_by_policy("https://api.other.example/v2");
        assert!(text.contains("https://api.other.example "), "{text}");
        assert!(text.contains("tools/csp.mjs"), "{text}");
    }
}
