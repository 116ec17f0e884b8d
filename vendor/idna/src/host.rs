//! Domain to ASCII by the host's own URL parser, for WebAssembly builds that run in a browser
//! (feature `host-uts46`, wasm32 only). Not part of upstream idna 1.1.0; see VENDORED.md.
//!
//! Browsers implement the same WHATWG "domain to ASCII" (UTS #46, nontransitional, CheckBidi,
//! CheckJoiners, no CheckHyphens, no DNS length check) with their own Unicode data, so a web app
//! need not ship ICU4X's tables (about 45 KB gzip) a second time. Plain ASCII names are handled
//! here exactly as `Uts46::to_ascii` handles them; names that need Unicode data are handed to
//! `new URL(...)`.
//!
//! One thing browsers do not do: check `xn--` labels of an all-ASCII name (Chromium passes
//! `http://xn--a.com/` through, where UTS #46 and upstream find invalid Punycode). So every
//! `xn--` label of the ASCII answer is decoded here, with upstream's decoder and its
//! preconditions, and the decoded name is handed to the browser once more: the label is valid
//! exactly when the browser maps and checks the decoded text (validity of each code point, NFC,
//! no leading combining mark, joiners, bidi over the whole name) and gives back the same ASCII.
//! Punycode being one-to-one, a decoded label that mapping would change cannot come back the same.

use alloc::borrow::Cow;
use alloc::string::String;

use wasm_bindgen::prelude::*;

use crate::punycode::{Decoder, InternalCaller};
use crate::uts46::{AsciiDenyList, PUNYCODE_DECODE_MAX_INPUT_LENGTH, PUNYCODE_ENCODE_MAX_INPUT_LENGTH};
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
    let ascii = if text.is_ascii() {
        // UTS #46 maps ASCII to itself (upper case to lower case); with this deny list and
        // hyphens allowed, every remaining ASCII label is valid as it is, but for `xn--` ones.
        let lowered = text.to_ascii_lowercase();
        if !lowered.split('.').any(|label| label.starts_with("xn--")) {
            return Ok(Cow::Owned(lowered));
        }
        lowered
    } else {
        browser_to_ascii(text).ok_or_else(Errors::default)?
    };
    check_punycode_labels(&ascii, deny)?;
    Ok(Cow::Owned(ascii))
}

/// The browser's domain to ASCII of `domain` (mapped, checked, Punycode-encoded), or `None` when
/// it finds the name invalid.
fn browser_to_ascii(domain: &str) -> Option<String> {
    // The trailing label keeps the browser from reading a numeric-looking result as an IPv4
    // address: that is the caller's (the url crate's) next step, with its own error.
    let url = HostUrl::new(&alloc::format!("http://{domain}.x/")).ok()?;
    let host = url.hostname();
    host.strip_suffix(".x").filter(|ascii| ascii.is_ascii()).map(String::from)
}

/// Checks the `xn--` labels of an ASCII name (lower case) as UTS #46 and upstream do: Punycode that
/// decodes (upstream's preconditions: something after `xn--`, no trailing `-`, bounded length), to
/// a label that is valid as it stands, judged by the browser over the whole decoded name.
fn check_punycode_labels(ascii: &str, deny: AsciiDenyList) -> Result<(), Errors> {
    let mut unicode = String::with_capacity(ascii.len());
    // What the browser must give back: `ascii`, but for labels rewritten before asking it.
    let mut expected = String::with_capacity(ascii.len());
    let mut decoder = Decoder::default();
    for (n, label) in ascii.split('.').enumerate() {
        if n > 0 {
            unicode.push('.');
            expected.push('.');
        }
        let Some(encoded) = label.strip_prefix("xn--") else {
            unicode.push_str(label);
            expected.push_str(label);
            continue;
        };
        // A trailing `-` leaves no Punycode digits (`xn--`, `xn--abc-`): the label would decode to
        // ASCII only, which UTS #46 does not allow.
        if encoded.is_empty() || encoded.ends_with('-') || encoded.len() > PUNYCODE_DECODE_MAX_INPUT_LENGTH {
            return Err(Errors::default());
        }
        let decoded = decoder
            .decode::<u8, InternalCaller>(encoded.as_bytes())
            .map_err(|_| Errors::default())?;
        let start = unicode.len();
        let mut chars = 0;
        for c in decoded {
            // A dot or a denied character cannot be part of a label; keeping them out of the URL
            // built for the browser also keeps its meaning what it is here.
            if c == '.' || (c.is_ascii() && (c.is_ascii_uppercase() || denied(deny, c as u8))) {
                return Err(Errors::default());
            }
            unicode.push(c);
            chars += 1;
        }
        if chars > PUNYCODE_ENCODE_MAX_INPUT_LENGTH {
            return Err(Errors::default());
        }
        if unicode[start..].starts_with("xn--") {
            // Valid for upstream (the decoded label is not decoded again), but the browser would
            // take it for Punycode. `xo--` has the same properties for every check (letters of
            // the same classes, not at a mark's or joiner's side), so it stands in for it.
            unicode.replace_range(start..start + 4, "xo--");
            let again = crate::punycode::encode_str(&unicode[start..]).ok_or_else(Errors::default)?;
            expected.push_str("xn--");
            expected.push_str(&again);
        } else {
            expected.push_str(label);
        }
    }
    match browser_to_ascii(&unicode) {
        Some(again) if again == expected => Ok(()),
        _ => Err(Errors::default()),
    }
}
