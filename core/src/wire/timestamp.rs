//! Timestamps on the wire: written as RFC 3339 in UTC, read from whatever servers emit.
//!
//! Use with `#[serde(with = "timestamp")]`, or `timestamp::option` for optional fields.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Reads a timestamp as servers write it: with `Z` or a numeric offset (`+00:00`, `+02:00`), with
/// or without fractional seconds, with `T` or a space, or with no offset at all (taken as UTC,
/// which is what Python's naive `datetime.utcnow()` values mean).
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    // Only chrono's RFC 3339 reader is used (its general format parser is large in WebAssembly):
    // a space becomes `T`, and a time without an offset gets `Z`.
    let text = text.trim().replacen(' ', "T", 1);
    let has_offset = text.ends_with(['Z', 'z']) || text.get(19..).is_some_and(|rest| rest.contains(['+', '-']));
    let text = if has_offset { text } else { text + "Z" };
    DateTime::parse_from_rfc3339(&text).ok().map(|t| t.with_timezone(&Utc))
}

/// Writes a timestamp as RFC 3339 in UTC with a `Z`, with as many fractional digits as needed.
pub fn format(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// `serde` serializer for a timestamp.
pub fn serialize<S: Serializer>(t: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format(t))
}

/// `serde` deserializer for a timestamp.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    parse(&text).ok_or_else(|| serde::de::Error::custom(format_args!("not a timestamp: \"{text}\"")))
}

/// The same for `Option<DateTime<Utc>>` (`null` or absent is `None`).
pub mod option {
    use super::*;

    /// `serde` serializer for an optional timestamp.
    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::serialize(t, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// `serde` deserializer for an optional timestamp.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)?;
        match text {
            None => Ok(None),
            Some(text) => parse(&text)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format_args!("not a timestamp: \"{text}\""))),
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn timestamps_are_read_in_every_form_servers_emit() {
        let expected = "2026-11-29T14:05:06.250Z";
        for text in [
            "2026-11-29T14:05:06.250Z",
            "2026-11-29T14:05:06.25+00:00",
            "2026-11-29T16:05:06.250000+02:00",
            "2026-11-29T14:05:06.250000",
            "2026-11-29 14:05:06.25",
        ] {
            let t = parse(text).unwrap_or_else(|| panic!("{text} did not parse"));
            assert_eq!(format(&t), expected, "{text}");
        }
        assert_eq!(format(&parse("2026-11-29T14:05:06").unwrap()), "2026-11-29T14:05:06Z");
        assert_eq!(parse("yesterday"), None);
    }
}
