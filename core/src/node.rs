//! The wasm-bindgen exports for Node (and any JavaScript host): thin adapters over the same
//! validation code, built by `wasm-pack build core --target nodejs`.
//!
//! Answers are assembled by `js/results.js` in one call: strings are not copied back out of
//! WebAssembly; `params` and `metadata` are slices of the caller's string, parsed on first read.

use js_sys::JsString;
use wasm_bindgen::prelude::*;

use crate::validate::{check_field, validate_text_with, ApiFailure, FieldCheck, Rejection, SubmitJobField};
use crate::wire::{JobType, WireEnum};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One entry of a 422 body's `detail`, exactly as the API writes it. */
export interface ValidationError {
  type: string;
  loc: (string | number)[];
  msg: string;
  /** The value the API echoes; integers outside ±(2^53 − 1) are `bigint`, never rounded. */
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/**
 * The request as the API normalizes it. `params` and `metadata` are getters: read from the body
 * by JSON.parse on first use (NaN and Infinity as the API allows them), then kept.
 * `JSON.stringify(request)` gives all six fields.
 */
export interface SubmitJobRequest {
  readonly job_type: "dummy" | "datafit" | "validation" | "simulate" | "evaluate_variables" | "optimize" | "ecm_fit" | "simple_pipeline";
  readonly params: Record<string, unknown>;
  readonly priority: number;
  readonly callback_url: string | null;
  readonly metadata: Record<string, unknown> | null;
  readonly parent_job_id: string | null;
  /** The exact text of `params` in the body (numbers untouched). */
  readonly paramsText: string;
  /** The exact text of `metadata` in the body, or null. */
  readonly metadataText: string | null;
  toJSON(): object;
}

/**
 * Why the API fails on a body (500): its answer would echo a value that Python's `json` reads but
 * FastAPI cannot write back (NaN, an infinity such as `1e400`, an unpaired surrogate such as
 * `"\ud800"`).
 */
export interface ApiFailure {
  kind: "nan" | "infinity" | "-infinity" | "unpaired_surrogate";
  /** Where the value is, from "body" down to the value (`["body", "metadata", 0]`). */
  loc: (string | number)[];
  /** The value (or object key) exactly as the body writes it: `NaN`, `1e400`, `"\ud800"`. */
  value: string;
  /** A sentence for people: which value, where, and what the API does. */
  sentence: string;
}

/**
 * What the API answers: accepted (202) with the normalized request, 422 with `detail`, 400, or
 * 500 when it fails on the body (`reason` says why). `bodyText` is the response body exactly as
 * the API sends it (integers of any size intact), JSON except the 500's plain text
 * `Internal Server Error` (`text/plain; charset=utf-8`); `JSON.stringify` cannot write a
 * `bigint`, so pass `bodyText` on rather than `detail`.
 */
export type SubmitJobResult =
  | { ok: true; value: SubmitJobRequest }
  | { ok: false; status: 422; detail: ValidationError[]; bodyText: string }
  | { ok: false; status: 400; message: string; reason: string; bodyText: string }
  | { ok: false; status: 500; message: "Internal Server Error"; reason: ApiFailure; bodyText: "Internal Server Error" };

/** One field checked on its own. */
export type FieldResult =
  | { valid: true }
  | { valid: false; error: ValidationError }
  | { valid: false; syntax: { message: string; line: number; column: number; offset: number } }
  | { valid: false; fails: ApiFailure };

export type SubmitJobFieldName = "job_type" | "params" | "priority" | "callback_url" | "metadata" | "parent_job_id";
"#;

#[wasm_bindgen(module = "/js/results.js")]
extern "C" {
    fn init(memory: &JsValue, job_types: Vec<String>);

    #[wasm_bindgen(js_name = writeUtf8)]
    fn write_utf8(text: &JsString, ptr: *mut u8, capacity: usize) -> usize;

    #[allow(clippy::too_many_arguments)]
    fn accepted(
        text: &JsString,
        job_type: u8,
        priority: u8,
        callback_url_start: u32,
        callback_url_end: u32,
        callback_url_at: *const u8,
        callback_url_length: i32,
        params_start: u32,
        params_end: u32,
        metadata_start: i32,
        metadata_end: u32,
        parent_job_id: Option<String>,
    ) -> JsValue;

    fn rejected(status: u16, body_json: &str, reason: &str) -> JsValue;

    fn failed(body_text: &str, failure_json: &str) -> JsValue;

    #[wasm_bindgen(js_name = parseExact)]
    fn parse_exact(json: &str) -> JsValue;
}

thread_local! {
    /// Hands the JavaScript half what it needs once: the memory to write into, the job type names.
    static READY: () = init(&wasm_bindgen::memory(), JobType::ALL.iter().map(|t| t.as_str().to_owned()).collect());
    /// Where the caller's string is written, kept between calls.
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` on the string's UTF-8 text (and whether it is all ASCII), written straight into
/// WebAssembly memory by the host's encoder.
fn with_text<R>(text: &JsString, f: impl FnOnce(&str, bool) -> R) -> R {
    READY.with(|_| ());
    SCRATCH.with_borrow_mut(|buffer| {
        buffer.clear();
        let mut answer = write_utf8(text, buffer.as_mut_ptr(), buffer.capacity());
        if answer == usize::MAX {
            // Too small for the worst case (three bytes per UTF-16 unit): grow, and write again.
            buffer.reserve(text.length() as usize * 3);
            answer = write_utf8(text, buffer.as_mut_ptr(), buffer.capacity());
        }
        let (written, ascii) = (answer >> 1, answer & 1 == 1);
        // SAFETY: the host's encoder wrote `written` bytes of valid UTF-8 (lone surrogates become
        // U+FFFD) within the capacity it was given.
        let utf8 = unsafe {
            buffer.set_len(written.min(buffer.capacity()));
            std::str::from_utf8_unchecked(buffer)
        };
        let result = f(utf8, ascii);
        if buffer.capacity() > 1 << 20 {
            *buffer = Vec::new(); // do not hold on to a large body's memory
        }
        result
    })
}

/// Where a normalized callback URL is in memory, and its length (-1 for none), for the JavaScript
/// half to read as ASCII, which every URL the `url` crate serializes is (no copy and no UTF-8
/// decoder for a string of a few dozen characters).
fn ascii_url(url: Option<&str>) -> (*const u8, i32) {
    match url {
        Some(url) => {
            debug_assert!(url.is_ascii());
            (url.as_ptr(), url.len() as i32)
        }
        None => (std::ptr::null(), -1),
    }
}

/// UTF-16 offsets (JavaScript string indices) of byte offsets (char boundaries) in `bytes`.
fn utf16_offsets<const N: usize>(bytes: &[u8], ascii: bool, offsets: [usize; N]) -> [u32; N] {
    if ascii {
        return offsets.map(|o| o as u32);
    }
    let mut order: [usize; N] = std::array::from_fn(|n| n);
    order.sort_by_key(|&n| offsets[n]);
    let mut out = [0u32; N];
    let (mut units, mut at) = (0u32, 0usize);
    for n in order {
        // One unit per UTF-8 lead byte, two for the lead byte of a 4-byte sequence.
        for &b in &bytes[at..offsets[n]] {
            units += match b {
                0xF0..=0xFF => 2,
                0x80..=0xBF => 0,
                _ => 1,
            };
        }
        at = offsets[n];
        out[n] = units;
    }
    out
}

fn rejection(rejection: &Rejection) -> JsValue {
    let reason = match rejection {
        Rejection::Unreadable { reason } => reason.as_str(),
        Rejection::Invalid(_) => "",
        Rejection::Fails(failure) => return failed(&rejection.body_text(), &failure_json(failure)),
    };
    rejected(rejection.status(), &rejection.body_text(), reason)
}

/// An [`ApiFailure`] as the `ApiFailure` of the TypeScript declarations, in JSON.
fn failure_json(failure: &ApiFailure) -> String {
    serde_json::json!({
        "kind": failure.kind.as_str(),
        "loc": failure.loc,
        "value": failure.value,
        "sentence": failure.sentence(),
    })
    .to_string()
}

/// Validates a `POST /jobs` body exactly as the hosted API does.
///
/// Returns `{ ok: true, value }` with the request as the API normalizes it, `{ ok: false,
/// status: 422, detail }` with the detail entries of the API's 422 body, `{ ok: false,
/// status: 400, message, reason }` when the API could not read the body at all, or `{ ok: false,
/// status: 500, message, reason }` when it fails on it (`reason` says which value, and where).
#[wasm_bindgen(js_name = validateSubmitJob, unchecked_return_type = "SubmitJobResult")]
pub fn validate_submit_job(text: &JsString) -> JsValue {
    with_text(text, |utf8, ascii| validate_utf8(text, utf8, ascii)).unwrap_or_else(|r| rejection(&r))
}

fn validate_utf8(text: &JsString, utf8: &str, ascii: bool) -> Result<JsValue, Rejection> {
    let bytes = utf8.as_bytes();
    validate_text_with(utf8, |decoded, request| {
        let base = bytes.as_ptr() as usize;
        let span = |s: &str| {
            let start = s.as_ptr() as usize - base;
            (start, start + s.len())
        };
        // Spans are offsets into `bytes` when the text was decoded in place (UTF-8, the normal
        // case); a UTF-16 body (zero bytes at its start) was copied, so its slices are passed.
        let in_place = (base..base + bytes.len().max(1)).contains(&(decoded.as_ptr() as usize));
        if in_place {
            let (ps, pe) = span(request.params);
            let (ms, me) = request.metadata.map_or((pe, pe), span);
            let (cs, ce) = request.callback_url_in_text.map_or((pe, pe), span);
            let [ps, pe, ms, me, cs, ce] = utf16_offsets(bytes, ascii, [ps, pe, ms, me, cs, ce]);
            let in_text = request.callback_url_in_text.is_some();
            let (url_at, url_length) =
                if in_text { ascii_url(None) } else { ascii_url(request.callback_url.as_deref()) };
            accepted(
                text,
                request.job_type as u8,
                request.priority,
                cs,
                if in_text { ce } else { cs },
                url_at,
                url_length,
                ps,
                pe,
                if request.metadata.is_some() { ms as i32 } else { -1 },
                me,
                request.parent_job_id,
            )
        } else {
            let copy = format!("{}{}", request.params, request.metadata.unwrap_or(""));
            let split = request.params.encode_utf16().count() as u32;
            let end = copy.encode_utf16().count() as u32;
            let (url_at, url_length) = ascii_url(request.callback_url.as_deref());
            accepted(
                &JsString::from(copy.as_str()),
                request.job_type as u8,
                request.priority,
                0,
                0,
                url_at,
                url_length,
                0,
                split,
                if request.metadata.is_some() { split as i32 } else { -1 },
                end,
                request.parent_job_id,
            )
        }
    })
}

/// Checks one field's value with the rule the API applies to it.
///
/// `field` is the field's wire name; `valueJson` the value as JSON text as it would stand in the
/// body (`"dummy"`, `5`, an object's text), or `undefined` when the field is left out.
#[wasm_bindgen(js_name = validateField, unchecked_return_type = "FieldResult")]
pub fn validate_field(
    #[wasm_bindgen(unchecked_param_type = "SubmitJobFieldName")] field: &str,
    #[wasm_bindgen(js_name = valueJson)] value_json: Option<String>,
) -> Result<JsValue, JsError> {
    let field = SubmitJobField::from_name(field)
        .ok_or_else(|| JsError::new(&format!("{field:?} is not a field of SubmitJobRequest")))?;
    // Written as text, not through serde_json::Value, so that an echoed integer of any size
    // reaches `parseExact` as it is.
    let answer = match check_field(field, value_json.as_deref()) {
        FieldCheck::Valid => "{\"valid\":true}".to_owned(),
        FieldCheck::Invalid(error) => {
            let error = serde_json::to_string(&error)
                .map_err(|_| JsError::new("internal error: could not build the answer"))?;
            format!("{{\"valid\":false,\"error\":{error}}}")
        }
        FieldCheck::Syntax(e) => serde_json::json!({
            "valid": false,
            "syntax": { "message": e.message, "line": e.line, "column": e.column, "offset": e.offset },
        })
        .to_string(),
        FieldCheck::Fails(failure) => format!("{{\"valid\":false,\"fails\":{}}}", failure_json(&failure)),
    };
    Ok(parse_exact(&answer))
}
