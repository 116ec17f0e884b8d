//! A string enum member (pydantic's `enum` validator for a `str` enum, lax mode).

use crate::validate::error::{expected_repr, ErrorKind};
use crate::validate::input::Input;
use crate::wire::WireEnum;

/// The member whose value is exactly the input string; anything else (another string, any other
/// type) is an `enum` error listing the members.
pub(crate) fn one_of<T: WireEnum>(input: &Input) -> Result<T, ErrorKind> {
    // A string without escapes is looked up as it stands in the body, without a copy.
    let found = input.string().and_then(|name| T::from_wire(&name));
    found.ok_or_else(|| ErrorKind::Enum { expected: expected_repr(T::ALL.iter().map(|v| v.as_str())) })
}
