//! `int` with `ge` / `le` bounds, in pydantic's lax mode: what `Field(0, ge=0, le=10)` accepts.
//!
//! pydantic-core turns the input into an integer first (bools count as 0 and 1, floats must be
//! whole and finite, strings are parsed with its own cleaning rules) and only then checks the
//! bounds, echoing the original input in every error.

use crate::pyjson::Scalar;
use crate::validate::error::ErrorKind;
use crate::validate::input::{Input, Kind};

/// An integer of any size, as far as bounds checks need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Int {
    Small(i64),
    /// Beyond 64 bits; only its sign matters for bounds of 64-bit size.
    Big {
        negative: bool,
    },
}

impl Int {
    fn cmp_i64(self, bound: i64) -> std::cmp::Ordering {
        match self {
            Int::Small(v) => v.cmp(&bound),
            Int::Big { negative: true } => std::cmp::Ordering::Less,
            Int::Big { negative: false } => std::cmp::Ordering::Greater,
        }
    }
}

/// The integer in `ge..=le`, or the error the API answers.
pub(crate) fn bounded_int(input: &Input, ge: i64, le: i64) -> Result<i64, ErrorKind> {
    let int = to_int(input)?;
    if int.cmp_i64(le).is_gt() {
        return Err(ErrorKind::LessThanEqual { le });
    }
    if int.cmp_i64(ge).is_lt() {
        return Err(ErrorKind::GreaterThanEqual { ge });
    }
    match int {
        Int::Small(v) => Ok(v),
        Int::Big { .. } => Err(ErrorKind::IntParsingSize),
    }
}

/// pydantic-core's `validate_int` for a Python value in lax mode.
fn to_int(input: &Input) -> Result<Int, ErrorKind> {
    match input.kind {
        Kind::Scalar(Scalar::True) => Ok(Int::Small(1)),
        Kind::Scalar(Scalar::False) => Ok(Int::Small(0)),
        // The reader has checked the JSON integer syntax; Python's int has no size limit.
        Kind::Scalar(Scalar::Int) => json_int(input.text.as_bytes()).map_err(|_| ErrorKind::IntParsing),
        Kind::Scalar(Scalar::Float) => float_as_int(crate::pyjson::parse_float(input.text)),
        Kind::Scalar(Scalar::NaN | Scalar::Infinity | Scalar::NegInfinity) => Err(ErrorKind::FiniteNumber),
        Kind::Scalar(Scalar::Str { .. }) => str_as_int(&input.string().unwrap_or_default()),
        _ => Err(ErrorKind::IntType),
    }
}

/// pydantic-core's `float_as_int`.
fn float_as_int(f: f64) -> Result<Int, ErrorKind> {
    if !f.is_finite() {
        Err(ErrorKind::FiniteNumber)
    } else if f % 1.0 != 0.0 {
        Err(ErrorKind::IntFromFloat)
    } else if (i64::MIN as f64) < f && f < (i64::MAX as f64) {
        Ok(Int::Small(f as i64))
    } else {
        Err(ErrorKind::IntParsingSize)
    }
}

enum NumberError {
    Invalid,
    OutOfRange,
}

/// jiter's `NumberInt::from_bytes`: the whole text must be a JSON integer; a digit run longer
/// than 4,300 characters is out of range.
fn json_int(b: &[u8]) -> Result<Int, NumberError> {
    let negative = b.first() == Some(&b'-');
    let mut i = usize::from(negative);
    match b.get(i) {
        Some(b'0') => {
            return if i + 1 == b.len() { Ok(Int::Small(0)) } else { Err(NumberError::Invalid) };
        }
        Some(b'1'..=b'9') => {}
        _ => return Err(NumberError::Invalid),
    }
    let digits_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i > 4300 {
        return Err(NumberError::OutOfRange);
    }
    if i != b.len() {
        return Err(NumberError::Invalid);
    }
    let digits = &b[digits_start..i];
    let magnitude = digits.iter().try_fold(0i64, |acc, d| acc.checked_mul(10)?.checked_add(i64::from(d - b'0')));
    Ok(match magnitude {
        Some(m) => Int::Small(if negative { -m } else { m }),
        // -9223372036854775808 fits an i64 but not its magnitude; for bounds it is just "negative".
        None => Int::Big { negative },
    })
}

/// pydantic-core's `str_as_int`.
fn str_as_int(s: &str) -> Result<Int, ErrorKind> {
    match json_int(s.as_bytes()) {
        Ok(int) => return Ok(int),
        Err(NumberError::OutOfRange) => return Err(ErrorKind::IntParsingSize),
        Err(NumberError::Invalid) => {}
    }
    clean_int_str(s).and_then(|cleaned| json_int(cleaned.as_bytes()).ok()).ok_or(ErrorKind::IntParsing)
}

/// pydantic-core's `clean_int_str`: trims whitespace, a leading `+`, leading zeros, a `.000`
/// fraction and single underscores between digits. `None` when nothing changed or the text cannot
/// be an integer.
fn clean_int_str(original: &str) -> Option<String> {
    let len_before = original.len();
    let mut s = original.trim();
    if let Some(rest) = s.strip_prefix('+') {
        if rest.starts_with('-') {
            return None;
        }
        s = rest;
    }
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        if rest.starts_with('-') || rest.starts_with('+') {
            return None;
        }
        negative = true;
        s = rest;
    }
    s = strip_leading_zeros(s)?;
    if let Some(i) = s.find('.') {
        let fraction = &s[i + 1..];
        if !fraction.is_empty() && fraction.chars().all(|c| c == '0') {
            s = &s[..i];
        }
    }
    let sign = if negative { "-" } else { "" };
    if let Some(stripped) = strip_underscores(s) {
        return Some(format!("{sign}{stripped}"));
    }
    if len_before == s.len() {
        return None;
    }
    Some(format!("{sign}{s}"))
}

/// pydantic-core's `strip_leading_zeros`: keeps one zero before a `.` or when all are zeros.
fn strip_leading_zeros(s: &str) -> Option<&str> {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, '0')) => {}
        Some((_, c)) if c.is_ascii_digit() || c == '-' => return Some(s),
        _ => return None,
    }
    for (i, c) in chars {
        match c {
            '0' | '_' => {}
            '1'..='9' | '-' => return Some(&s[i..]),
            '.' => return Some(&s[i - 1..]),
            _ => return None,
        }
    }
    Some(&s[s.len() - 1..])
}

/// pydantic-core's `strip_underscores`: only single underscores that are not at either end.
fn strip_underscores(s: &str) -> Option<String> {
    if s.starts_with('_') || s.ends_with('_') || !s.contains('_') || s.contains("__") {
        None
    } else {
        Some(s.replace('_', ""))
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn from_str(s: &str) -> Result<Int, ErrorKind> {
        str_as_int(s)
    }

    #[test]
    fn strings_parse_like_pydantic_core_upstream_table() {
        // From pydantic-core's tests/validators/test_int.py.
        for (text, value) in [
            ("0", 0),
            ("00", 0),
            ("000", 0),
            ("0_000", 0),
            ("+0", 0),
            ("+00", 0),
            ("+0_000", 0),
            ("  1  ", 1),
            ("-1", -1),
            ("-1.0", -1),
            ("42", 42),
            ("0.0", 0),
            ("00.00", 0),
            ("42.00", 42),
            ("042", 42),
            ("+4_2", 42),
            ("+04_2.0", 42),
            ("-00001", -1),
            ("-00042_000", -42000),
            ("  04_2.0 ", 42),
            ("\u{a0}5", 5),
            ("123456789.0", 123_456_789),
        ] {
            assert_eq!(from_str(text), Ok(Int::Small(value)), "{text:?}");
        }
        for text in [
            "", " ", "+", "-", "+-1", "--1", "-+1", "1_", "_1", "1__0", "4_2.5", "5.", ".5", "1e1", "0x5", "١", "５",
            "Infinity", "1 2",
        ] {
            assert_eq!(from_str(text), Err(ErrorKind::IntParsing), "{text:?}");
        }
        assert_eq!(from_str(&"9".repeat(4301)), Err(ErrorKind::IntParsingSize));
        assert_eq!(from_str(&"9".repeat(4300)), Ok(Int::Big { negative: false }));
        assert_eq!(from_str("1_000_000_000_000_000_000_000"), Ok(Int::Big { negative: false }));
    }

    #[test]
    fn floats_must_be_whole_finite_and_64_bit() {
        assert_eq!(float_as_int(5.0), Ok(Int::Small(5)));
        assert_eq!(float_as_int(-0.0), Ok(Int::Small(0)));
        assert_eq!(float_as_int(5.5), Err(ErrorKind::IntFromFloat));
        assert_eq!(float_as_int(1e20), Err(ErrorKind::IntParsingSize));
        assert_eq!(float_as_int(f64::INFINITY), Err(ErrorKind::FiniteNumber));
    }
}
