//! [`Input`]: one value of the body, as the rules see it.

use std::borrow::Cow;

use crate::pyjson::{string_text, EntryKind, PyValue, Scalar};

/// What kind of JSON value an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    Scalar(Scalar),
}

impl From<EntryKind> for Kind {
    fn from(kind: EntryKind) -> Kind {
        match kind {
            EntryKind::Object(_) => Kind::Object,
            EntryKind::Array(_) => Kind::Array,
            EntryKind::Scalar(scalar) => Kind::Scalar(scalar),
        }
    }
}

/// One value of the request body: its exact text (already checked by the reader) and its kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Input<'a> {
    pub text: &'a str,
    pub kind: Kind,
}

impl<'a> Input<'a> {
    /// The value as Python holds it.
    pub fn py(&self) -> PyValue {
        match self.kind {
            Kind::Scalar(kind) => PyValue::from_scalar(kind, self.text),
            Kind::Object | Kind::Array => PyValue::from_json(self.text).unwrap_or(PyValue::Null),
        }
    }

    /// The value as the API echoes it in an error's `input`.
    pub fn echo(&self) -> String {
        match self.kind {
            // Strings and literals need no rebuilding.
            Kind::Scalar(Scalar::Str { escaped: false } | Scalar::Null | Scalar::True | Scalar::False) => {
                self.text.to_owned()
            }
            Kind::Object | Kind::Array => crate::pyjson::echo_json(self.text).unwrap_or_else(|_| "null".to_owned()),
            Kind::Scalar(_) => self.py().to_json(),
        }
    }

    /// The decoded string, if the value is a string (borrowed when it holds no escapes).
    pub fn string(&self) -> Option<Cow<'a, str>> {
        match self.kind {
            Kind::Scalar(Scalar::Str { escaped }) => Some(string_text(self.text, escaped)),
            _ => None,
        }
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        self.kind == Kind::Scalar(Scalar::Null)
    }
}
