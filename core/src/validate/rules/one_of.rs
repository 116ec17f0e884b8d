//! A string enum member (pydantic's `enum` validator for a `str` enum, lax mode).

use crate::pyjson::Scalar;
use crate::validate::error::{expected_repr, ErrorKind};
use crate::validate::input::{Input, Kind};
use crate::wire::WireEnum;

/// The member whose value is exactly the input string; anything else (another string, any other
/// type) is an `enum` error listing the members.
pub(crate) fn one_of<T: WireEnum>(input: &Input) -> Result<T, ErrorKind> {
    let found = match input.kind {
        // No escapes: the name is the token without its quotes.
        Kind::Scalar(Scalar::Str { escaped: false }) => T::from_wire(&input.text[1..input.text.len() - 1]),
        _ => input.string().and_then(|name| T::from_wire(&name)),
    };
    found.ok_or_else(|| ErrorKind::Enum { expected: expected_repr(T::ALL.iter().map(|v| v.as_str())) })
}
