//! The Python value a JSON text becomes, and how the API writes it back into an error's `input`.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::reader::{parse, string_text, JsonError, Scalar, Sink};

/// A value as `json.loads` returns it.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    /// `None`
    Null,
    /// `bool`
    Bool(bool),
    /// `int`, exactly, as canonical decimal digits (an optional `-`, no leading zeros).
    Int(String),
    /// `float` (may be NaN or infinite: Python reads `NaN`, `Infinity` and `1e400`).
    Float(f64),
    /// `str`
    Str(String),
    /// `list`
    List(Vec<PyValue>),
    /// `dict`, in insertion order; a repeated key keeps its first place and its last value.
    Dict(Vec<(String, PyValue)>),
}

impl PyValue {
    /// Reads one JSON document into a value.
    pub fn from_json(text: &str) -> Result<PyValue, JsonError> {
        let mut builder = Builder::default();
        parse(text, &mut builder)?;
        Ok(builder.result.unwrap_or(PyValue::Null))
    }

    /// The value of a scalar token the reader has already checked.
    pub fn from_scalar(kind: Scalar, token: &str) -> PyValue {
        match kind {
            Scalar::Null => PyValue::Null,
            Scalar::True => PyValue::Bool(true),
            Scalar::False => PyValue::Bool(false),
            Scalar::NaN => PyValue::Float(f64::NAN),
            Scalar::Infinity => PyValue::Float(f64::INFINITY),
            Scalar::NegInfinity => PyValue::Float(f64::NEG_INFINITY),
            Scalar::Int => PyValue::Int(if token == "-0" { "0".to_owned() } else { token.to_owned() }),
            // The reader only passes Python's number syntax, which Rust's parser also reads,
            // rounding the same way (correctly).
            Scalar::Float => PyValue::Float(super::parse_float(token)),
            Scalar::Str { escaped } => PyValue::Str(string_text(token, escaped).into_owned()),
        }
    }

    /// The value as JSON text, as the API writes it into a 422 body (Starlette's `JSONResponse`:
    /// Python's `json.dumps` with compact separators `,` and `:`, floats in `repr` form such as
    /// `100.0` or `1e+16`, integers exact).
    ///
    /// NaN and infinities have no JSON form; the hosted API fails with 500 when it has to echo
    /// one. Here they are written as `null`, so that the rest of the answer stays useful.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            PyValue::Null => out.push_str("null"),
            PyValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            PyValue::Int(digits) => out.push_str(digits),
            PyValue::Float(f) => out.push_str(&python_float_repr(*f)),
            PyValue::Str(s) => write_json_string(s, out),
            PyValue::List(items) => {
                out.push('[');
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            PyValue::Dict(members) => {
                out.push('{');
                for (n, (key, value)) in members.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    write_json_string(key, out);
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

pub(super) fn write_json_string(s: &str, out: &mut String) {
    // serde_json escapes exactly what Python's `json.dumps(ensure_ascii=False)` escapes.
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned()));
}

/// Python's `repr(float)`: the shortest digits that read back to the same float, positional for
/// exponents from -4 to 15 and scientific (`1e+16`, `1.5e-05`) outside. Non-finite → `null`.
pub fn python_float_repr(f: f64) -> String {
    if !f.is_finite() {
        return "null".to_owned();
    }
    // serde_json writes the shortest digits that read back to the same float (as Python's repr
    // does), as `123.45`, `1e16` or `1.5e-7`; only the layout differs. Going through it rather
    // than `format!("{f:e}")` keeps the float printer out of the WebAssembly builds.
    let shortest = serde_json::Number::from_f64(f).map(|n| n.to_string()).unwrap_or_default();
    let (sign, unsigned) = shortest.strip_prefix('-').map_or(("", shortest.as_str()), |u| ("-", u));
    let (mantissa, exp) = unsigned.split_once(['e', 'E']).unwrap_or((unsigned, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // All significant digits, and the decimal exponent of the first: value = 0.DIGITS × 10^point.
    let all = format!("{int_part}{frac_part}");
    let leading_zeros = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    if digits.is_empty() {
        return format!("{sign}0.0");
    }
    let point = int_part.len() as i32 - leading_zeros as i32 + exp;
    let sci_exp = point - 1;
    let mut out = String::from(sign);
    if (-4..16).contains(&sci_exp) {
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-point) as usize));
            out.push_str(digits);
        } else if point as usize >= digits.len() {
            out.push_str(digits);
            out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..point as usize]);
            out.push('.');
            out.push_str(&digits[point as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if sci_exp < 0 { '-' } else { '+' }, sci_exp.unsigned_abs());
    }
    out
}

enum Frame {
    List(Vec<PyValue>),
    Dict {
        members: Vec<(String, PyValue)>,
        /// Index of keys, built once a dict is large enough for linear search to hurt.
        index: Option<HashMap<String, usize>>,
        key: Option<String>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    result: Option<PyValue>,
}

impl Builder {
    fn add(&mut self, value: PyValue) {
        match self.stack.last_mut() {
            None => self.result = Some(value),
            Some(Frame::List(items)) => items.push(value),
            Some(Frame::Dict { members, index, key }) => {
                let key = key.take().unwrap_or_default();
                let existing = match index {
                    Some(index) => index.get(&key).copied(),
                    None => members.iter().position(|(k, _)| *k == key),
                };
                match existing {
                    Some(at) => members[at].1 = value,
                    None => {
                        if let Some(index) = index {
                            index.insert(key.clone(), members.len());
                        }
                        members.push((key, value));
                        if index.is_none() && members.len() > 32 {
                            *index = Some(members.iter().enumerate().map(|(n, (k, _))| (k.clone(), n)).collect());
                        }
                    }
                }
            }
        }
    }
}

impl Sink for Builder {
    fn begin_object(&mut self, _start: usize) {
        self.stack.push(Frame::Dict { members: Vec::new(), index: None, key: None });
    }

    fn begin_array(&mut self, _start: usize) {
        self.stack.push(Frame::List(Vec::new()));
    }

    fn key(&mut self, token: &str, escaped: bool) {
        if let Some(Frame::Dict { key, .. }) = self.stack.last_mut() {
            *key = Some(string_text(token, escaped).into_owned());
        }
    }

    fn scalar(&mut self, kind: Scalar, token: &str, _start: usize) {
        self.add(PyValue::from_scalar(kind, token));
    }

    fn end(&mut self, _end: usize) {
        let value = match self.stack.pop() {
            Some(Frame::List(items)) => PyValue::List(items),
            Some(Frame::Dict { members, .. }) => PyValue::Dict(members),
            None => return,
        };
        self.add(value);
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn floats_are_written_as_python_repr_writes_them() {
        for (f, repr) in [
            (100.0, "100.0"),
            (5.5, "5.5"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (-1e-7, "-1e-07"),
            (1.5e300, "1.5e+300"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (0.30000000000000004, "0.30000000000000004"),
            (123.456, "123.456"),
            (-2.5e-10, "-2.5e-10"),
            (9007199254740993.0, "9007199254740992.0"),
            (0.001, "0.001"),
            (f64::NAN, "null"),
        ] {
            assert_eq!(python_float_repr(f), repr, "{f}");
        }
    }

    #[test]
    fn duplicate_keys_keep_the_first_place_and_the_last_value() {
        let v = PyValue::from_json(r#"{"a":1,"b":2,"a":{"x":[1.50,-0,1E2]}}"#).unwrap();
        assert_eq!(v.to_json(), r#"{"a":{"x":[1.5,0,100.0]},"b":2}"#);
        let many: Vec<String> = (0..100).map(|n| format!("\"k{}\":{n}", n % 40)).collect();
        let v = PyValue::from_json(&format!("{{{}}}", many.join(","))).unwrap();
        let PyValue::Dict(members) = v else { panic!("not a dict") };
        assert_eq!(members.len(), 40);
        assert_eq!(members[0], ("k0".to_owned(), PyValue::Int("80".to_owned())));
    }

    #[test]
    fn big_integers_stay_exact() {
        let v = PyValue::from_json("[12345678901234567890123,-9223372036854775808]").unwrap();
        assert_eq!(v.to_json(), "[12345678901234567890123,-9223372036854775808]");
    }
}
