//! Domain to ASCII by the host's own URL parser, for WebAssembly builds that run in a browser
//! (feature `host-uts46`, wasm32 only). Not part of upstream idna 1.1.0; see VENDORED.md.
//!
//! Browsers implement the same WHATWG "domain to ASCII" (UTS #46, nontransitional, CheckBidi,
//! CheckJoiners, no CheckHyphens, no DNS length check) with their own Unicode data, so a web app
//! need not ship ICU4X's tables (about 45 KB gzip) a second time. Plain ASCII names are handled
//! here exactly as `Uts46::to_ascii` handles them; only names that need Unicode data (non-ASCII,
//! or `xn--` labels to decode and check) are handed to `new URL(...)`.

use alloc::borrow::Cow;
use alloc::string::String;

use wasm_bindgen::prelude::*;

use crate::uts46::AsciiDenyList;
use crate::Errors;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = URL)]
    type HostUrl;

    #[wasm_bindgen(constructor, js_class = "URL", catch)]
    fn new(url: &str) -> Result<HostUrl, JsValue>;

    #[wasm_bindgen(method, getter, js_class = "URL")]
    fn hostname(this: &HostUrl) -> String;
}

fn denied(deny: AsciiDenyList, b: u8) -> bool {
    b < 0x80 && !b.is_ascii_uppercase() && deny.bits & (1u128 << b) != 0
}

pub(crate) fn domain_to_ascii_from_cow(
    domain: Cow<'_, [u8]>,
    deny: AsciiDenyList,
) -> Result<Cow<'_, str>, Errors> {
    // A denied ASCII character stays one after mapping, so the answer is an error either way; and
    // checking first keeps characters such as `/` or `@` out of the URL built below.
    if domain.iter().any(|&b| denied(deny, b)) {
        return Err(Errors::default());
    }
    let text = core::str::from_utf8(&domain).map_err(|_| Errors::default())?;
    let lowered = text.to_ascii_lowercase();
    let needs_unicode = !text.is_ascii() || lowered.split('.').any(|label| label.starts_with("xn--"));
    if !needs_unicode {
        // UTS #46 maps ASCII to itself (upper case to lower case); with this deny list and
        // hyphens allowed, every remaining ASCII label is valid as it is.
        return Ok(Cow::Owned(lowered));
    }
    // The trailing label keeps the browser from reading a numeric-looking result as an IPv4
    // address: that is the caller's (the url crate's) next step, with its own error.
    let url = HostUrl::new(&alloc::format!("http://{text}.x/")).map_err(|_| Errors::default())?;
    let host = url.hostname();
    match host.strip_suffix(".x") {
        Some(ascii) if ascii.is_ascii() => Ok(Cow::Owned(String::from(ascii))),
        _ => Err(Errors::default()),
    }
}
