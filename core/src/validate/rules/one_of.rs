//! A string enum member (pydantic's `enum` validator for a `str` enum, lax mode).

use crate::validate::error::{expected_repr, ErrorKind};
use crate::validate::input::Input;
use crate::wire::WireEnum;

/// The member whose value is exactly the input string; anything else (another string, any other
/// type) is an `enum` error listing the members.
pub(crate) fn one_of<T: WireEnum>(input: &Input) -> Result<T, ErrorKind> {
    input
        .string()
        .and_then(|name| T::from_wire(&name))
        .ok_or_else(|| ErrorKind::Enum { expected: expected_repr(T::ALL.iter().map(|v| v.as_str())) })
}
