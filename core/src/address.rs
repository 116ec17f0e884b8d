//! Which addresses a callback may connect to. By default only public ones: a job's
//! `callback_url` is chosen by whoever submits the job, and must not turn a server into a way of
//! reaching the machine itself, its network, or a cloud's metadata service.
//!
//! Pure functions of an [`IpAddr`]. The local API's delivery checks the addresses it is about to
//! connect to, never the URL's text; the form uses the same rule to warn, from the URL's host,
//! that a callback will not be sent.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not called by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 127.0.0.0/8 and ::1: the machine itself.
    Loopback,
    /// 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10.
    Private,
    /// 169.254/16 and fe80::/10.
    LinkLocal,
    /// ::
    Unspecified,
    /// 224.0.0.0/4 and ff00::/8.
    Multicast,
    /// 0.0.0.0/8 ("this network"): some systems connect it to the machine itself.
    ThisNetwork,
    /// 100.64.0.0/10, carrier-grade NAT: a provider's private network.
    SharedCgnat,
    /// 240.0.0.0/4 and 255.255.255.255 (broadcast): never a single public host.
    Reserved,
}

impl Refusal {
    /// The kind of address, as the last error of a refused callback names it.
    pub fn describe(self) -> &'static str {
        match self {
            Refusal::Loopback => "a loopback address (this machine)",
            Refusal::Private => "a private-network address",
            Refusal::LinkLocal => "a link-local address (such as a cloud metadata service)",
            Refusal::Unspecified => "the unspecified address",
            Refusal::Multicast => "a multicast address",
            Refusal::ThisNetwork => "a \"this network\" address (0.0.0.0/8)",
            Refusal::SharedCgnat => "a carrier-grade NAT address (100.64.0.0/10)",
            Refusal::Reserved => "a reserved or broadcast address",
        }
    }
}

/// The IPv4 ranges refused by default, written once: (network, prefix length, why).
const REFUSED_V4: [(Ipv4Addr, u32, Refusal); 9] = [
    (Ipv4Addr::new(0, 0, 0, 0), 8, Refusal::ThisNetwork),
    (Ipv4Addr::new(10, 0, 0, 0), 8, Refusal::Private),
    (Ipv4Addr::new(100, 64, 0, 0), 10, Refusal::SharedCgnat),
    (Ipv4Addr::new(127, 0, 0, 0), 8, Refusal::Loopback),
    (Ipv4Addr::new(169, 254, 0, 0), 16, Refusal::LinkLocal),
    (Ipv4Addr::new(172, 16, 0, 0), 12, Refusal::Private),
    (Ipv4Addr::new(192, 168, 0, 0), 16, Refusal::Private),
    (Ipv4Addr::new(224, 0, 0, 0), 4, Refusal::Multicast),
    (Ipv4Addr::new(240, 0, 0, 0), 4, Refusal::Reserved),
];

/// The IPv6 ranges refused by default, written once. Forms that embed an IPv4 address are
/// handled apart, by the IPv4 rules.
const REFUSED_V6: [(Ipv6Addr, u32, Refusal); 6] = [
    (Ipv6Addr::UNSPECIFIED, 128, Refusal::Unspecified),
    (Ipv6Addr::LOCALHOST, 128, Refusal::Loopback),
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7, Refusal::Private),
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10, Refusal::LinkLocal),
    // Site-local (deprecated, but still routed as private by some networks).
    (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10, Refusal::Private),
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8, Refusal::Multicast),
];

/// IPv6 prefixes whose last 32 bits are an IPv4 address the packets end up at: IPv4-mapped
/// (`::ffff:0:0/96`), IPv4-compatible (`::/96`, deprecated) and NAT64 (`64:ff9b::/96`).
const EMBEDS_V4: [Ipv6Addr; 3] =
    [Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0), Ipv6Addr::UNSPECIFIED, Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0)];

fn in_v4(ip: Ipv4Addr, network: Ipv4Addr, prefix: u32) -> bool {
    let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
    ip.to_bits() & mask == network.to_bits() & mask
}

fn in_v6(ip: Ipv6Addr, network: Ipv6Addr, prefix: u32) -> bool {
    let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
    ip.to_bits() & mask == network.to_bits() & mask
}

/// Why `ip` is refused by default, or `None` for a public address a callback may reach.
pub fn refusal(ip: IpAddr) -> Option<Refusal> {
    match ip {
        IpAddr::V4(v4) => {
            if v4.is_broadcast() {
                return Some(Refusal::Reserved);
            }
            REFUSED_V4.iter().find(|(net, prefix, _)| in_v4(v4, *net, *prefix)).map(|(_, _, why)| *why)
        }
        IpAddr::V6(v6) => {
            if let Some((_, _, why)) = REFUSED_V6.iter().find(|(net, prefix, _)| in_v6(v6, *net, *prefix)) {
                return Some(*why);
            }
            if EMBEDS_V4.iter().any(|net| in_v6(v6, *net, 96)) {
                let [.., a, b, c, d] = v6.octets();
                return refusal(IpAddr::V4(Ipv4Addr::new(a, b, c, d)));
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(ip: &str) -> Option<Refusal> {
        refusal(ip.parse().unwrap())
    }

    #[test]
    fn public_addresses_may_be_called() {
        for ip in ["1.1.1.1", "8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "2001:db8::1"]
        {
            assert_eq!(why(ip), None, "{ip}");
        }
    }

    #[test]
    fn loopback_is_refused_in_every_form() {
        for ip in ["127.0.0.1", "127.255.255.254", "::1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1"] {
            assert_eq!(why(ip), Some(Refusal::Loopback), "{ip}");
        }
    }

    #[test]
    fn private_networks_are_refused_at_their_edges() {
        for ip in ["10.0.0.0", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1", "fc00::1", "fdff::1"] {
            assert_eq!(why(ip), Some(Refusal::Private), "{ip}");
        }
        assert_eq!(why("172.15.255.255"), None);
        assert_eq!(why("192.169.0.1"), None);
        assert_eq!(why("::ffff:10.1.2.3"), Some(Refusal::Private));
    }

    #[test]
    fn link_local_addresses_such_as_cloud_metadata_are_refused() {
        for ip in ["169.254.169.254", "fe80::1", "febf::1", "::ffff:169.254.169.254"] {
            assert_eq!(why(ip), Some(Refusal::LinkLocal), "{ip}");
        }
    }

    #[test]
    fn unspecified_multicast_cgnat_this_network_and_broadcast_are_refused() {
        assert_eq!(why("::"), Some(Refusal::Unspecified));
        assert_eq!(why("0.0.0.0"), Some(Refusal::ThisNetwork));
        assert_eq!(why("0.1.2.3"), Some(Refusal::ThisNetwork));
        assert_eq!(why("224.0.0.1"), Some(Refusal::Multicast));
        assert_eq!(why("ff02::1"), Some(Refusal::Multicast));
        assert_eq!(why("100.64.0.1"), Some(Refusal::SharedCgnat));
        assert_eq!(why("255.255.255.255"), Some(Refusal::Reserved));
        assert_eq!(why("240.0.0.1"), Some(Refusal::Reserved));
    }

    #[test]
    fn an_ipv4_mapped_public_address_may_be_called() {
        assert_eq!(why("::ffff:1.1.1.1"), None);
        assert_eq!(why("64:ff9b::101:101"), None);
    }
}
