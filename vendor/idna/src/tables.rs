//! ICU4X's tables, installed late (feature `host-uts46`). Not part of upstream idna 1.1.0; see
//! VENDORED.md.
//!
//! A wasm32 build with `host-uts46` maps names that need Unicode data with the browser's URL
//! parser (src/host.rs) until [`install`] hands it upstream's code path ([`UTS46`]), which a web
//! app keeps in a chunk of its own and loads when a name first needs it. Browsers carry newer
//! Unicode data than ICU4X 1.5, and answer some names differently; so a caller that must answer
//! as upstream does asks [`browser_answers`] whether the browser was asked, and takes such an
//! answer as provisional. Other targets always use the tables: there, nothing is installed and
//! the browser is never asked.

use alloc::borrow::Cow;

use crate::{AsciiDenyList, Errors};

/// `domain_to_ascii_from_cow`'s signature.
pub type ToAscii = for<'a> fn(Cow<'a, [u8]>, AsciiDenyList) -> Result<Cow<'a, str>, Errors>;

/// Upstream's domain to ASCII, with ICU4X's tables: what a web app's chunk hands to [`install`].
pub const UTS46: ToAscii = crate::domain_to_ascii_by_tables;

/// From now on, `domain_to_ascii_from_cow` answers with `to_ascii` (the first one installed).
pub fn install(to_ascii: ToAscii) {
    #[cfg(target_arch = "wasm32")]
    crate::host::install(to_ascii);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = to_ascii;
}

/// Whether the tables are installed (always, but in a wasm32 build waiting for them).
pub fn installed() -> bool {
    #[cfg(target_arch = "wasm32")]
    return crate::host::installed();
    #[cfg(not(target_arch = "wasm32"))]
    true
}

/// How many names have been mapped by the browser so far (names that needed Unicode data, or
/// held `xn--`, while no tables were installed). A caller compares the count before and after
/// its own work.
pub fn browser_answers() -> usize {
    #[cfg(target_arch = "wasm32")]
    return crate::host::browser_answers();
    #[cfg(not(target_arch = "wasm32"))]
    0
}
