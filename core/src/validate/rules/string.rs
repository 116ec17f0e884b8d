//! `str`: a JSON string (lax mode accepts only strings from JSON).

use crate::validate::error::ErrorKind;
use crate::validate::input::Input;

/// The decoded string; anything else is `string_type`.
pub(crate) fn string(input: &Input) -> Result<String, ErrorKind> {
    input.string().map(|s| s.into_owned()).ok_or(ErrorKind::StringType)
}
