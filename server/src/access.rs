//! Who may use the server: the API key as it is kept ([`KeyDigest`]), and which `Host` and
//! `Origin` a request may carry ([`Access`]).
//!
//! A server without a key is open to anything that reaches it, so it must be reached only from
//! this machine and only by its own pages:
//!
//! - `Host` must be a loopback name or address (`localhost`, `127.0.0.0/8`, `[::1]`) with the
//!   server's port. A web page that gets its own host name to resolve to 127.0.0.1 (DNS
//!   rebinding) sends its own name, and is refused. A request without `Host` (HTTP/1.0 tools)
//!   cannot come from a browser page, so it is served.
//! - `Origin` (sent by browsers with every cross-origin request and every POST) must be the
//!   server's own (a loopback origin with its port, or the one the request's `Host` names) or one
//!   given with `--cors-origin`. Other pages are refused outright, not only denied CORS headers:
//!   a page can send a POST it is not allowed to read the answer of.
//!
//! With a key, the key is the protection: any `Host`, and any `Origin` unless `--cors-origin`
//! lists them.

use std::net::{IpAddr, Ipv6Addr};

use sha2::{Digest, Sha256};

/// The key as the server keeps it: its SHA-256, so that comparing a guess takes the same time
/// whatever the guess's length (both sides are 32 bytes) and wherever it first differs.
#[derive(Clone)]
pub(crate) struct KeyDigest([u8; 32]);

impl KeyDigest {
    pub(crate) fn of(key: &str) -> KeyDigest {
        KeyDigest(Sha256::digest(key.as_bytes()).into())
    }

    pub(crate) fn matches(&self, given: &[u8]) -> bool {
        let given: [u8; 32] = Sha256::digest(given).into();
        // Every byte is looked at: no early exit, so timing tells nothing about the key.
        let difference = self.0.iter().zip(given.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b));
        std::hint::black_box(difference) == 0
    }
}

/// The `Host` and `Origin` rules of one server.
#[derive(Debug, Clone)]
pub(crate) struct Access {
    /// Whether the server has a key (then any `Host` is served).
    pub keyed: bool,
    /// The port the server listens on.
    pub port: u16,
    /// `--cors-origin` values, lowercased, without a trailing slash.
    pub cors_origins: Vec<String>,
}

impl Access {
    pub(crate) fn new(keyed: bool, port: u16, cors_origins: &[String]) -> Access {
        let cors_origins = cors_origins.iter().map(|o| normalized_origin(o)).collect();
        Access { keyed, port, cors_origins }
    }

    /// Whether any origin may call the server (a key, and no `--cors-origin`).
    pub(crate) fn any_origin(&self) -> bool {
        self.keyed && self.cors_origins.is_empty()
    }

    /// Whether a request with this `Host` (none: `None`) is served.
    pub(crate) fn host_allowed(&self, host: Option<&str>) -> bool {
        self.keyed || host.is_none_or(|host| self.is_own_authority(host))
    }

    /// Whether a request from a page of `origin`, sent to `host`, is served.
    pub(crate) fn origin_allowed(&self, origin: &str, host: Option<&str>) -> bool {
        let origin = normalized_origin(origin);
        if self.any_origin() || self.cors_origins.contains(&origin) {
            return true;
        }
        let Some(authority) = origin.strip_prefix("http://") else { return false };
        self.is_own_authority(authority) || host.is_some_and(|host| host.eq_ignore_ascii_case(authority))
    }

    /// `host[:port]` naming this machine by a loopback name or address, with this server's port.
    fn is_own_authority(&self, authority: &str) -> bool {
        let (host, port) = split_authority(authority);
        let port = match port {
            None => 80,
            Some(digits) => match digits.parse::<u16>() {
                Ok(port) => port,
                Err(_) => return false,
            },
        };
        port == self.port && is_loopback_host(host)
    }
}

fn normalized_origin(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// `host` and the port after it, if any (`[::1]:8080` → `[::1]`, `8080`).
fn split_authority(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(end) => {
                let port = authority[end + 1..].strip_prefix(':');
                (&authority[..=end], port)
            }
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

/// `localhost` (with or without a final dot), an address of 127.0.0.0/8, or `[::1]` (also as
/// `[::ffff:127.x.y.z]`).
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return inner
            .parse::<Ipv6Addr>()
            .is_ok_and(|ip| ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()));
    }
    // Only the dotted form with four parts: browsers read `127.1` or `0x7f.1` as addresses too,
    // but no one types those for a local server, and refusing them is the safe side.
    host.split('.').count() == 4 && host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_matches_only_itself() {
        let key = KeyDigest::of("secret");
        assert!(key.matches(b"secret"));
        for guess in [&b"secreT"[..], b"secret2", b"secre", b""] {
            assert!(!key.matches(guess), "{guess:?}");
        }
    }

    #[test]
    fn without_a_key_only_loopback_hosts_with_the_servers_port_are_served() {
        let open = Access::new(false, 8080, &[]);
        for host in
            ["localhost:8080", "LOCALHOST:8080", "localhost.:8080", "127.0.0.1:8080", "127.8.9.1:8080", "[::1]:8080"]
        {
            assert!(open.host_allowed(Some(host)), "{host}");
        }
        for host in ["evil.example", "evil.example:8080", "localhost:8081", "127.0.0.1", "10.0.0.1:8080", "[::2]:8080"]
        {
            assert!(!open.host_allowed(Some(host)), "{host}");
        }
        assert!(open.host_allowed(None));
        assert!(Access::new(false, 80, &[]).host_allowed(Some("localhost")));
        assert!(Access::new(true, 8080, &[]).host_allowed(Some("evil.example")));
    }

    #[test]
    fn without_a_key_only_the_servers_own_origins_and_listed_ones_are_allowed() {
        let open = Access::new(false, 8080, &["http://127.0.0.1:5173/".to_owned()]);
        for origin in ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.0.0.1:5173"] {
            assert!(open.origin_allowed(origin, Some("127.0.0.1:8080")), "{origin}");
        }
        for origin in [
            "https://evil.example",
            "null",
            "http://127.0.0.1:5174",
            "https://127.0.0.1:8080",
            "http://evil.example:8080",
        ] {
            assert!(!open.origin_allowed(origin, Some("127.0.0.1:8080")), "{origin}");
        }
    }

    #[test]
    fn with_a_key_any_origin_is_allowed_unless_origins_are_listed() {
        assert!(Access::new(true, 8080, &[]).origin_allowed("https://evil.example", None));
        let listed = Access::new(true, 8080, &["https://console.example".to_owned()]);
        assert!(listed.origin_allowed("https://Console.example", Some("api.example")));
        assert!(!listed.origin_allowed("https://evil.example", Some("api.example")));
        // The server's own pages, wherever it is reached.
        assert!(listed.origin_allowed("http://api.example:8080", Some("api.example:8080")));
    }
}
