//! Re-indenting JSON without touching its tokens (numbers, strings and `NaN` stay as written).

use super::reader::{parse, JsonError, Scalar, Sink};

/// `text` with two-space indentation, one member or element per line; every token is copied
/// exactly, so formatting never changes what is sent. Fails as reading fails.
pub fn pretty(text: &str) -> Result<String, JsonError> {
    let mut printer = Printer { out: String::with_capacity(text.len() + text.len() / 4), stack: Vec::new() };
    parse(text, &mut printer)?;
    Ok(printer.out)
}

struct Printer {
    out: String,
    /// Per open container: (is an object, how many entries so far).
    stack: Vec<(bool, usize)>,
}

impl Printer {
    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.stack.len() {
            self.out.push_str("  ");
        }
    }

    /// Before a value: in an array it starts an entry; in an object the key already did.
    fn before_value(&mut self) {
        if let Some(&(false, count)) = self.stack.last() {
            if count > 0 {
                self.out.push(',');
            }
            if let Some(top) = self.stack.last_mut() {
                top.1 += 1;
            }
            self.newline();
        }
    }

    fn open(&mut self, bracket: char, is_object: bool) {
        self.before_value();
        self.out.push(bracket);
        self.stack.push((is_object, 0));
    }
}

impl Sink for Printer {
    fn begin_object(&mut self, _start: usize) {
        self.open('{', true);
    }

    fn begin_array(&mut self, _start: usize) {
        self.open('[', false);
    }

    fn key(&mut self, token: &str, _escaped: bool) {
        if let Some(top) = self.stack.last_mut() {
            let first = top.1 == 0;
            top.1 += 1;
            if !first {
                self.out.push(',');
            }
        }
        self.newline();
        self.out.push_str(token);
        self.out.push_str(": ");
    }

    fn scalar(&mut self, _kind: Scalar, token: &str, _start: usize) {
        self.before_value();
        self.out.push_str(token);
    }

    fn end(&mut self, _end: usize) {
        let Some((is_object, count)) = self.stack.pop() else { return };
        if count > 0 {
            self.newline();
        }
        self.out.push(if is_object { '}' } else { ']' });
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn formatting_indents_and_keeps_every_token() {
        let text = r#"{"a":[1.50,{"b":NaN,"c":[]},{}],"big":123456789012345678901234567890,"s":"x\u00e9"}"#;
        let expected = "{\n  \"a\": [\n    1.50,\n    {\n      \"b\": NaN,\n      \"c\": []\n    },\n    {}\n  ],\n  \"big\": 123456789012345678901234567890,\n  \"s\": \"x\\u00e9\"\n}";
        assert_eq!(pretty(text).unwrap(), expected);
        assert_eq!(pretty(&pretty(text).unwrap()).unwrap(), expected, "formatting twice changes nothing");
        assert_eq!(pretty(" 7 ").unwrap(), "7");
        assert!(pretty("{\"a\":}").is_err());
    }
}
