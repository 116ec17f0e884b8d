//! Domain to ASCII by the host's own URL parser, for WebAssembly builds that run in a browser
//! (feature `host-uts46`, wasm32 only), until ICU4X's tables are installed (`crate::tables`);
//! from then on, upstream's code answers every name. Not part of upstream idna 1.1.0; see
//! VENDORED.md.
//!
//! Browsers implement the same WHATWG "domain to ASCII" (UTS #46, nontransitional, CheckBidi,
//! CheckJoiners, no CheckHyphens, no DNS length check) with their own Unicode data, newer than
//! the reference's: their answers stand in while the tables load, counted so that a caller can
//! tell them apart (`crate::tables::browser_answers`). Plain ASCII names are handled here exactly
//! as `Uts46::to_ascii` handles them; names that need Unicode data are handed to `new URL(...)`.
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

use core::sync::atomic::{AtomicUsize, Ordering};

use crate::tables::ToAscii;
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

/// ICU4X's tables, once installed (`crate::tables`).
static TABLES: std::sync::OnceLock<ToAscii> = std::sync::OnceLock::new();
/// Names answered by the browser so far (`crate::tables::browser_answers`).
static BROWSER_ANSWERS: AtomicUsize = AtomicUsize::new(0);

pub(crate) fn install(to_ascii: ToAscii) {
    let _ = TABLES.set(to_ascii);
}

pub(crate) fn installed() -> bool {
    TABLES.get().is_some()
}

pub(crate) fn browser_answers() -> usize {
    BROWSER_ANSWERS.load(Ordering::Relaxed)
}

fn denied(deny: AsciiDenyList, b: u8) -> bool {
    b < 0x80 && !b.is_ascii_uppercase() && deny.bits & (1u128 << b) != 0
}

pub(crate) fn domain_to_ascii_from_cow(
    domain: Cow<'_, [u8]>,
    deny: AsciiDenyList,
) -> Result<Cow<'_, str>, Errors> {
    if let Some(tables) = TABLES.get() {
        return tables(domain, deny);
    }
    // A denied ASCII character stays one after mapping, so the answer is an error either way; and
    // checking first keeps characters such as `/` or `@` out of the URL built below.
    if domain.iter().any(|&b| denied(deny, b)) {
        return Err(Errors::default());
    }
    let text = core::str::from_utf8(&domain).map_err(|_| Errors::default())?;
    // UTS #46 maps ASCII to itself (upper case to lower case); with this deny list and hyphens
    // allowed, every ASCII label is valid as it is, but for `xn--` ones.
    let lowered = text.to_ascii_lowercase();
    if text.is_ascii() && !lowered.split('.').any(|label| label.starts_with("xn--")) {
        return Ok(Cow::Owned(lowered));
    }
    // The rest needs Unicode data: the browser's, until the tables are installed.
    BROWSER_ANSWERS.fetch_add(1, Ordering::Relaxed);
    let ascii = if text.is_ascii() { lowered } else { browser_to_ascii(text).ok_or_else(Errors::default)? };
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
    // Decoded labels that start with `xn--`, by their index: asked about as `xo--` (below).
    let mut stand_ins = alloc::vec::Vec::new();
    for (n, label) in ascii.split('.').enumerate() {
        if n > 0 {
            unicode.push('.');
        }
        let Some(encoded) = label.strip_prefix("xn--") else {
            unicode.push_str(label);
            continue;
        };
        // A trailing `-` leaves no Punycode digits (`xn--`, `xn--abc-`): the label would decode to
        // ASCII only, which UTS #46 does not allow.
        if encoded.is_empty() || encoded.ends_with('-') || encoded.len() > PUNYCODE_DECODE_MAX_INPUT_LENGTH {
            return Err(Errors::default());
        }
        let decoded = decode_punycode(encoded).ok_or_else(Errors::default)?;
        // A dot or a denied character cannot be part of a label; keeping them out of the URL built
        // for the browser also keeps its meaning what it is here.
        let bad = |c: &char| *c == '.' || (c.is_ascii() && (c.is_ascii_uppercase() || denied(deny, *c as u8)));
        if decoded.len() > PUNYCODE_ENCODE_MAX_INPUT_LENGTH || decoded.iter().any(bad) {
            return Err(Errors::default());
        }
        let start = unicode.len();
        unicode.extend(decoded.iter());
        if unicode[start..].starts_with("xn--") {
            // Valid for upstream (a decoded label is not decoded again), but the browser would
            // take it for Punycode. `xo--` has the same properties for every check (letters of
            // the same classes, not at a mark's or joiner's side), so it stands in for it.
            unicode.replace_range(start..start + 4, "xo--");
            stand_ins.push((n, String::from(&unicode[start..])));
        }
    }
    let again = browser_to_ascii(&unicode).ok_or_else(Errors::default)?;
    let (mut theirs, mut ours) = (again.split('.'), ascii.split('.'));
    for n in 0.. {
        match (theirs.next(), ours.next()) {
            (None, None) => return Ok(()),
            (Some(a), Some(b)) => {
                let same = match stand_ins.iter().find(|(at, _)| *at == n) {
                    Some((_, text)) => a
                        .strip_prefix("xn--")
                        .and_then(decode_punycode)
                        .is_some_and(|chars| chars.iter().copied().eq(text.chars())),
                    None => a == b,
                };
                if !same {
                    return Err(Errors::default());
                }
            }
            _ => return Err(Errors::default()),
        }
    }
    Ok(())
}

/// RFC 3492 decoding of the part of a label after `xn--` (lower case), as upstream's decoder reads
/// it; written out here with plain insertions, which for labels this short is smaller code than
/// upstream's (sorted insertions) in a build where every kilobyte counts.
fn decode_punycode(input: &str) -> Option<alloc::vec::Vec<char>> {
    let (base, digits) = match input.rfind('-') {
        Some(0) => ("", input),
        Some(at) => (&input[..at], &input[at + 1..]),
        None => ("", input),
    };
    let mut out: alloc::vec::Vec<char> = base.chars().collect();
    let (mut code_point, mut bias, mut i) = (0x80u32, 72u32, 0u32);
    let mut bytes = digits.bytes();
    while let Some(mut byte) = bytes.next() {
        let (previous_i, mut weight, mut k) = (i, 1u32, 36u32);
        loop {
            let digit = match byte {
                b'a'..=b'z' => byte - b'a',
                b'0'..=b'9' => byte - b'0' + 26,
                _ => return None,
            } as u32;
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = k.saturating_sub(bias).clamp(1, 26);
            if digit < t {
                break;
            }
            weight = weight.checked_mul(36 - t)?;
            k += 36;
            byte = bytes.next()?;
        }
        let length = out.len() as u32 + 1;
        bias = adapt(i - previous_i, length, previous_i == 0);
        code_point = code_point.checked_add(i / length)?;
        i %= length;
        out.insert(i as usize, char::from_u32(code_point)?);
        i += 1;
    }
    Some(out)
}

/// RFC 3492's bias adaptation (as `punycode::adapt`).
fn adapt(mut delta: u32, points: u32, first: bool) -> u32 {
    delta /= if first { 700 } else { 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((36 - 1) * 26) / 2 {
        delta /= 36 - 1;
        k += 36;
    }
    k + (((36 - 1 + 1) * delta) / (delta + 38))
}
