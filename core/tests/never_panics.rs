//! Whatever arrives, the validator answers: no panic, and either a request or a non-empty list of
//! errors (or a 400 with a reason). Arbitrary bytes, arbitrary JSON, and JSON built from the
//! fields' own vocabulary so that the rules themselves are exercised, not only the parser. The
//! public pieces of `pyjson` the validator is built on are held to the same: a string token of
//! any text decodes or says it is not one, and the scan of top-level entries finds what the full
//! reading finds.

#![cfg(not(target_arch = "wasm32"))]

use jobs_core::pyjson::{self, decode_string_token, PyValue};
use jobs_core::{check_field, validate_submit_job, validate_submit_job_bytes, FieldCheck, Rejection, SubmitJobField};
use proptest::prelude::*;

fn assert_answers(result: Result<jobs_core::SubmitJobRequest, Rejection>) {
    match result {
        Ok(request) => {
            assert!(request.priority <= 10);
            assert!(request.params.as_str().starts_with('{'));
        }
        Err(Rejection::Invalid(detail)) => {
            assert!(!detail.is_empty(), "a 422 must say what is wrong");
            for entry in &detail {
                assert!(!entry.msg.is_empty() && !entry.loc.is_empty());
                serde_json::to_string(entry).expect("every entry serializes");
            }
        }
        Err(Rejection::Unreadable { reason }) => assert!(!reason.is_empty()),
        Err(Rejection::Fails(failure)) => {
            assert!(failure.loc.first().is_some_and(|loc| loc.to_string() == "body") && !failure.value.is_empty())
        }
    }
}

/// Arbitrary JSON text, including Python's extensions and odd spacing.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("NaN".to_owned()),
        Just("-Infinity".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:e}")),
        "[0-9]{1,40}",
        "\"([^\"\\\\]|\\\\[nt\"]|\\\\u00[0-9a-f]{2}){0,20}\"",
        Just("\"dummy\"".to_owned()),
        Just("\"http://a.com\"".to_owned()),
        Just("\" 5 \"".to_owned()),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        let key = prop_oneof![
            Just("job_type"),
            Just("params"),
            Just("priority"),
            Just("callback_url"),
            Just("metadata"),
            Just("parent_job_id"),
            Just("x")
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(" , "))),
            prop::collection::vec((key, inner), 0..8).prop_map(|members| {
                let m: Vec<String> = members.into_iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", m.join(","))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_get_an_answer(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        assert_answers(validate_submit_job_bytes(&bytes));
    }

    #[test]
    fn arbitrary_text_gets_an_answer(text in any::<String>()) {
        assert_answers(validate_submit_job(&text));
    }

    #[test]
    fn arbitrary_json_gets_an_answer(text in json_text()) {
        assert_answers(validate_submit_job(&text));
        for field in SubmitJobField::ALL {
            match check_field(field, Some(&text)) {
                FieldCheck::Valid => {}
                FieldCheck::Invalid(e) => prop_assert_eq!(e.field(), Some(field.name())),
                FieldCheck::Syntax(e) => prop_assert!(e.line >= 1 && e.column >= 1),
                FieldCheck::Fails(failure) => prop_assert_eq!(failure.field(), Some(field)),
            }
        }
    }

    #[test]
    fn broken_json_gets_an_answer(text in json_text(), cut in any::<prop::sample::Index>(), junk in "[\\[\\]{}\",:\\\\ a-z0-9]{0,3}") {
        let at = cut.index(text.len() + 1);
        let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let broken = format!("{}{junk}{}", &text[..at], &text[at..]);
        assert_answers(validate_submit_job(&broken));
    }

    #[test]
    fn any_text_decodes_as_one_string_token_or_says_it_is_not_one(
        text in any::<String>(),
        escapes in "[\\\\\"a-z0-9/u]{0,12}",
    ) {
        for token in [text.clone(), format!("\"{text}\""), format!("\"{escapes}\""), escapes.clone()] {
            // Where Python reads the token as a string, the decoding is that string.
            let python = match PyValue::from_json(&token) {
                Ok(PyValue::Str(s)) if token.starts_with('"') && token.ends_with('"') => Some(s),
                _ => None,
            };
            prop_assert_eq!(decode_string_token(&token).map(|s| s.into_owned()), python);
        }
    }

    #[test]
    fn the_scan_of_top_level_entries_finds_the_values_of_the_full_reading(text in json_text()) {
        // The generator writes some texts Python refuses (`01`, `inf`); those have no entries.
        let Ok(entries) = pyjson::entries(&text) else {
            prop_assert!(PyValue::from_json(&text).is_err());
            return Ok(());
        };
        let value_at = |n: usize| {
            let entry = &entries[n];
            PyValue::from_json(&text[entry.start..entry.end]).unwrap().to_json()
        };
        match PyValue::from_json(&text).expect("a text whose entries were found is read") {
            PyValue::List(items) => {
                prop_assert_eq!(entries.len(), items.len());
                for (n, item) in items.iter().enumerate() {
                    prop_assert!(entries[n].key.is_none());
                    prop_assert_eq!(value_at(n), item.to_json());
                }
            }
            PyValue::Dict(members) => {
                // Python keeps the last value of a repeated key.
                for (key, value) in &members {
                    let last = entries.iter().rposition(|e| e.key.as_deref() == Some(key.as_str()));
                    prop_assert_eq!(last.map(value_at), Some(value.to_json()));
                }
                prop_assert!(entries.iter().all(|e| members.iter().any(|(k, _)| e.key.as_deref() == Some(k.as_str()))));
            }
            _ => prop_assert!(entries.is_empty()),
        }
    }
}
