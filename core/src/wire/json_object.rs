//! [`JsonObject`]: a JSON object carried as the exact text it was written in.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON object kept as its exact text: numbers are never rewritten (no float reformatting, no
/// integers beyond 2^53 rounded), keys keep their order and repeats. Used for `params`,
/// `metadata`, `result` and `error_detail`, which the API passes through without looking inside.
///
/// The text may hold `NaN`, `Infinity` or `-Infinity`, which the hosted API accepts in `params`
/// (Python's `json` reads them); such text cannot go through `serde` (see [`Serialize`]) but is
/// sent as it is by [`crate::SubmitJobRequest::to_json`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct JsonObject(String);

impl JsonObject {
    /// Wraps text already known to be one JSON object as Python reads it (no surrounding
    /// whitespace). Used by the validator, which has checked it.
    pub(crate) fn from_checked(text: &str) -> Self {
        JsonObject(text.to_owned())
    }

    /// Checks that `text` is a JSON object (as Python reads it) and keeps it, trimmed.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim_matches([' ', '\t', '\n', '\r']);
        if !trimmed.starts_with('{') {
            return Err("expected a JSON object, written with { }".to_owned());
        }
        crate::pyjson::check(trimmed).map_err(|e| e.message().to_owned())?;
        Ok(JsonObject(trimmed.to_owned()))
    }

    /// An empty object, `{}`.
    pub fn empty() -> Self {
        JsonObject("{}".to_owned())
    }

    /// The object's text, exactly.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The object's text, exactly.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsonObject({})", self.0)
    }
}

impl fmt::Display for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for JsonObject {
    /// Writes the text verbatim (through `serde_json`'s raw values). Text holding `NaN` or
    /// `Infinity` is not standard JSON and fails to serialize with a message saying so.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw: &RawValue = serde_json::from_str(&self.0).map_err(|_| {
            serde::ser::Error::custom("this JSON object holds NaN or Infinity, which standard JSON cannot carry")
        })?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonObject {
    /// Reads any JSON object, keeping its text. Works with `serde_json::from_str` and friends
    /// (raw values need a `serde_json` deserializer).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <Box<RawValue>>::deserialize(deserializer)?;
        let text = raw.get();
        if text.starts_with('{') {
            Ok(JsonObject(text.to_owned()))
        } else {
            Err(serde::de::Error::custom("expected a JSON object"))
        }
    }
}
