//! Bodies taken from the contract's vectors and mutated (bytes, keys, numbers, nesting, URLs), fed
//! to the native validator by proptest: no panic, and the answers hold together. The text and the
//! bytes of a body get the same answer; a 422's body is JSON that reads back as its entries; an
//! accepted request, written back as a body, is accepted as the very same request (normalizing
//! twice changes nothing, as with the API). The Node package is compared with this build by
//! `tests/node/differential.test.mjs`. `PROPTEST_CASES=20000` runs it longer.

#![cfg(not(target_arch = "wasm32"))]

use jobs_core::{validate_submit_job, validate_submit_job_bytes, Rejection, ValidationError, MAX_URL_LENGTH};
use proptest::prelude::*;

const VECTORS: &str = include_str!("../../contract/submit-job-vectors.jsonl");
const EXTRA_VECTORS: &str = include_str!("../../contract/extra-vectors.jsonl");

fn bodies() -> Vec<String> {
    VECTORS
        .lines()
        .chain(EXTRA_VECTORS.lines())
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["body"].as_str().unwrap().to_owned())
        .collect()
}

/// Pieces put into bodies: structure, numbers at and past every limit, awkward strings and URLs.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    " ",
    "\u{0}",
    "\u{FEFF}",
    "é",
    "😀",
    "\u{FFFD}",
    "0",
    "-0",
    "5",
    "10",
    "11",
    "-1",
    "5.0",
    "5.5",
    "1e1",
    "1e400",
    "NaN",
    "-Infinity",
    "9007199254740993",
    "9223372036854775808",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "\"job_type\"",
    "\"params\"",
    "\"priority\"",
    "\"callback_url\"",
    "\"metadata\"",
    "\"parent_job_id\"",
    "\"dummy\"",
    "\" 5 \"",
    "\"1_0\"",
    "{}",
    "[]",
    "null",
    "true",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "\"http://xn--a.com/\"",
    "\"HTTP://A.com:80/a b\"",
    "\"http://münchen.de/\"",
    "\"http://a\u{200D}b.com/\"",
    "\"http://\u{5D0}.1com/\"",
    "\"http://[::1]/\"",
    "\"ftp://a.com\"",
    "\"http://a.com:65536/\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the byte at this fraction of the body by another.
    Byte(f64, u8),
    /// Insert a piece at this fraction of the body.
    Insert(f64, usize),
    /// Delete this many bytes at this fraction.
    Delete(f64, usize),
    /// Replace a number token (the n-th) by a piece.
    Number(usize, usize),
    /// Wrap the value after the n-th colon in this many brackets.
    Nest(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0, any::<u8>()).prop_map(|(at, b)| Mutation::Byte(at, b)),
        (0.0..1.0, 0..PIECES.len()).prop_map(|(at, p)| Mutation::Insert(at, p)),
        (0.0..1.0, 1..6usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (0..8usize, 0..PIECES.len()).prop_map(|(n, p)| Mutation::Number(n, p)),
        (0..6usize, prop_oneof![1..4usize, Just(998), Just(1000), Just(1200)]).prop_map(|(n, d)| Mutation::Nest(n, d)),
    ]
}

fn apply(body: &[u8], mutation: &Mutation) -> Vec<u8> {
    let at = |f: f64| ((body.len() as f64) * f) as usize;
    let mut out = body.to_vec();
    match *mutation {
        Mutation::Byte(f, b) if !body.is_empty() => out[at(f).min(body.len() - 1)] = b,
        Mutation::Byte(..) => {}
        Mutation::Insert(f, p) => {
            out.splice(at(f)..at(f), PIECES[p].bytes());
        }
        Mutation::Delete(f, n) => {
            let start = at(f);
            out.drain(start..(start + n).min(body.len()));
        }
        Mutation::Number(n, p) => {
            let digits: Vec<usize> = (0..body.len())
                .filter(|&i| body[i].is_ascii_digit() && (i == 0 || !body[i - 1].is_ascii_digit()))
                .collect();
            if let Some(&start) = digits.get(n % digits.len().max(1)) {
                let end = (start..body.len()).find(|&i| !body[i].is_ascii_digit()).unwrap_or(body.len());
                out.splice(start..end, PIECES[p].bytes());
            }
        }
        Mutation::Nest(n, depth) => {
            if let Some((colon, _)) = body.iter().enumerate().filter(|(_, &b)| b == b':').nth(n) {
                let end = (colon + 1..body.len()).find(|&i| b",}".contains(&body[i])).unwrap_or(body.len());
                let inner = body[colon + 1..end].to_vec();
                let wrapped = [&b"[".repeat(depth)[..], &inner, &b"]".repeat(depth)].concat();
                out.splice(colon + 1..end, wrapped);
            }
        }
    }
    out
}

/// The 422's entries, as its body text reads back.
fn entries_of(body_json: &str) -> Vec<ValidationError> {
    #[derive(serde::Deserialize)]
    struct Body {
        detail: Vec<ValidationError>,
    }
    serde_json::from_str::<Body>(body_json)
        .unwrap_or_else(|e| panic!("a 422 body that is not JSON ({e}): {body_json}"))
        .detail
}

fn check(bytes: &[u8]) {
    let from_bytes = validate_submit_job_bytes(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let from_text = validate_submit_job(text);
        assert_eq!(from_text, from_bytes, "the text and the bytes of {text:?} get different answers");
    }
    match from_bytes {
        // Unless normalizing made the URL longer than the limit (percent-encoding `é` as
        // `%C3%A9`): the API too would refuse its own normalized URL then.
        Ok(request) if request.callback_url.as_ref().is_some_and(|url| url.len() > MAX_URL_LENGTH) => {}
        Ok(request) => {
            let again = request.to_json();
            assert_eq!(validate_submit_job(&again).as_ref(), Ok(&request), "{again} is not accepted as itself");
        }
        Err(rejection @ Rejection::Invalid(_)) => {
            let read_back = entries_of(&rejection.body_text());
            let detail = rejection.detail();
            assert_eq!(read_back.len(), detail.len());
            for (a, b) in read_back.iter().zip(detail) {
                assert_eq!((&a.kind, &a.loc, &a.msg), (&b.kind, &b.loc, &b.msg));
                assert_eq!(
                    a.input.as_ref().map(|i| i.get()),
                    b.input.as_ref().map(|i| i.get()),
                    "input written back exactly"
                );
            }
        }
        Err(Rejection::Unreadable { reason }) => {
            assert!(reason.ends_with("the API cannot read the body") || reason.starts_with("The body"))
        }
        Err(Rejection::Fails(failure)) => {
            assert_eq!(failure.loc.first().map(ToString::to_string).as_deref(), Some("body"))
        }
    }
}

proptest! {
    // PROPTEST_CASES, when set, says how many (proptest reads it only when no count is given).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_contract_bodies_get_consistent_answers(
        index in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let all = bodies();
        let mut body = all[index.index(all.len())].clone().into_bytes();
        for m in &mutations {
            body = apply(&body, m);
        }
        check(&body);
    }
}

#[test]
fn every_contract_body_gets_consistent_answers() {
    for body in bodies() {
        check(body.as_bytes());
    }
}
