//! `dict[str, Any]`: a JSON object, passed on as written.

use crate::validate::error::ErrorKind;
use crate::validate::input::{Input, Kind};

/// The object, kept as its exact text; anything else is `dict_type`.
pub(crate) fn dict<'a>(input: &Input<'a>) -> Result<&'a str, ErrorKind> {
    match input.kind {
        Kind::Object => Ok(input.text),
        _ => Err(ErrorKind::DictType),
    }
}
