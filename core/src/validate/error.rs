//! Every error the API's validation can answer, with its `type`, message and `ctx` written once.

use serde_json::value::RawValue;

use crate::wire::{LocItem, ValidationError};

/// What a rule found wrong; turned into a [`ValidationError`] by [`ErrorKind::at`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ErrorKind {
    Missing,
    ModelAttributesType,
    JsonInvalid { error: &'static str },
    Enum { expected: String },
    DictType,
    IntType,
    IntParsing,
    IntParsingSize,
    IntFromFloat,
    FiniteNumber,
    LessThanEqual { le: i64 },
    GreaterThanEqual { ge: i64 },
    UrlType,
    UrlParsing { error: String },
    UrlScheme { expected_schemes: String },
    UrlTooLong { max_length: usize },
    StringType,
}

impl ErrorKind {
    /// The `type` of the detail entry.
    fn type_name(&self) -> &'static str {
        match self {
            ErrorKind::Missing => "missing",
            ErrorKind::ModelAttributesType => "model_attributes_type",
            ErrorKind::JsonInvalid { .. } => "json_invalid",
            ErrorKind::Enum { .. } => "enum",
            ErrorKind::DictType => "dict_type",
            ErrorKind::IntType => "int_type",
            ErrorKind::IntParsing => "int_parsing",
            ErrorKind::IntParsingSize => "int_parsing_size",
            ErrorKind::IntFromFloat => "int_from_float",
            ErrorKind::FiniteNumber => "finite_number",
            ErrorKind::LessThanEqual { .. } => "less_than_equal",
            ErrorKind::GreaterThanEqual { .. } => "greater_than_equal",
            ErrorKind::UrlType => "url_type",
            ErrorKind::UrlParsing { .. } => "url_parsing",
            ErrorKind::UrlScheme { .. } => "url_scheme",
            ErrorKind::UrlTooLong { .. } => "url_too_long",
            ErrorKind::StringType => "string_type",
        }
    }

    /// The `msg` of the detail entry, worded exactly as pydantic words it.
    fn message(&self) -> String {
        match self {
            ErrorKind::Missing => "Field required".to_owned(),
            ErrorKind::ModelAttributesType => {
                "Input should be a valid dictionary or object to extract fields from".to_owned()
            }
            ErrorKind::JsonInvalid { .. } => "JSON decode error".to_owned(),
            ErrorKind::Enum { expected } => format!("Input should be {expected}"),
            ErrorKind::DictType => "Input should be a valid dictionary".to_owned(),
            ErrorKind::IntType => "Input should be a valid integer".to_owned(),
            ErrorKind::IntParsing => "Input should be a valid integer, unable to parse string as an integer".to_owned(),
            ErrorKind::IntParsingSize => "Unable to parse input string as an integer, exceeded maximum size".to_owned(),
            ErrorKind::IntFromFloat => {
                "Input should be a valid integer, got a number with a fractional part".to_owned()
            }
            ErrorKind::FiniteNumber => "Input should be a finite number".to_owned(),
            ErrorKind::LessThanEqual { le } => format!("Input should be less than or equal to {le}"),
            ErrorKind::GreaterThanEqual { ge } => format!("Input should be greater than or equal to {ge}"),
            ErrorKind::UrlType => "URL input should be a string or URL".to_owned(),
            ErrorKind::UrlParsing { error } => format!("Input should be a valid URL, {error}"),
            ErrorKind::UrlScheme { expected_schemes } => format!("URL scheme should be {expected_schemes}"),
            ErrorKind::UrlTooLong { max_length } => {
                let plural = if *max_length == 1 { "character" } else { "characters" };
                format!("URL should have at most {max_length} {plural}")
            }
            ErrorKind::StringType => "Input should be a valid string".to_owned(),
        }
    }

    /// The `ctx` of the detail entry as JSON text, for the errors that have one.
    fn ctx(&self) -> Option<String> {
        let text = |value: &str| serde_json::to_string(value).unwrap_or_default();
        Some(match self {
            ErrorKind::JsonInvalid { error } => format!("{{\"error\":{}}}", text(error)),
            ErrorKind::Enum { expected } => format!("{{\"expected\":{}}}", text(expected)),
            ErrorKind::LessThanEqual { le } => format!("{{\"le\":{le}}}"),
            ErrorKind::GreaterThanEqual { ge } => format!("{{\"ge\":{ge}}}"),
            ErrorKind::UrlParsing { error } => format!("{{\"error\":{}}}", text(error)),
            ErrorKind::UrlScheme { expected_schemes } => format!("{{\"expected_schemes\":{}}}", text(expected_schemes)),
            ErrorKind::UrlTooLong { max_length } => format!("{{\"max_length\":{max_length}}}"),
            _ => return None,
        })
    }

    /// The detail entry for this error at `loc`, echoing `input` (JSON text, as the API writes it).
    pub(crate) fn at(&self, loc: Vec<LocItem>, input_json: &str) -> ValidationError {
        self.at_owned(loc, input_json.to_owned())
    }

    /// [`ErrorKind::at`], taking the echoed text without copying it (it may be a whole body).
    pub(crate) fn at_owned(&self, loc: Vec<LocItem>, input_json: String) -> ValidationError {
        let input = RawValue::from_string(input_json)
            .unwrap_or_else(|_| RawValue::from_string("null".to_owned()).expect("null is JSON"));
        ValidationError {
            kind: self.type_name().to_owned(),
            loc,
            msg: self.message(),
            input: Some(input),
            ctx: self.ctx().and_then(|ctx| RawValue::from_string(ctx).ok()),
        }
    }
}

/// pydantic's way of listing choices: `'a', 'b' or 'c'`.
pub(crate) fn expected_repr<'a>(choices: impl IntoIterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = choices.into_iter().map(|c| format!("'{c}'")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
