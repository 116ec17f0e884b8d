//! [`Input`]: one value of the body, as the rules see it.

use crate::pyjson::{decode_string_token, PyValue, Scalar};

/// What kind of JSON value an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    Scalar(Scalar),
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
            _ => self.py().to_json(),
        }
    }

    /// The decoded string, if the value is a string.
    pub fn string(&self) -> Option<String> {
        match self.kind {
            Kind::Scalar(Scalar::Str { .. }) => Some(decode_string_token(self.text)),
            _ => None,
        }
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        self.kind == Kind::Scalar(Scalar::Null)
    }
}
