//! The wasm-bindgen exports for Node (and any JavaScript host): thin adapters over the same
//! validation code, built by `wasm-pack build core --target nodejs`.
//!
//! Answers are assembled by `js/results.js` in one call: strings are not copied back out of
//! WebAssembly; `params` and `metadata` are slices of the caller's string, parsed on first read.

use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::validate::{check_field, validate_bytes_with, FieldCheck, Rejection, SubmitJobField};
use crate::wire::WireEnum;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One entry of a 422 body's `detail`, exactly as the API writes it. */
export interface ValidationError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** The request as the API normalizes it. */
export interface SubmitJobRequest {
  job_type: "dummy" | "datafit" | "validation" | "simulate" | "evaluate_variables" | "optimize" | "ecm_fit" | "simple_pipeline";
  /** Parsed on first read (JSON.parse; NaN and Infinity as the API allows them). */
  params: Record<string, unknown>;
  priority: number;
  callback_url: string | null;
  metadata: Record<string, unknown> | null;
  parent_job_id: string | null;
  /** The exact text of `params` in the body. */
  readonly paramsText: string;
  /** The exact text of `metadata` in the body, or null. */
  readonly metadataText: string | null;
}

/** What the API answers: accepted (202) with the normalized request, 422 with `detail`, or 400. */
export type SubmitJobResult =
  | { ok: true; value: SubmitJobRequest }
  | { ok: false; status: 422; detail: ValidationError[] }
  | { ok: false; status: 400; message: string; reason: string };

/** One field checked on its own. */
export type FieldResult =
  | { valid: true }
  | { valid: false; error: ValidationError }
  | { valid: false; syntax: { message: string; line: number; column: number; offset: number } };

export type SubmitJobFieldName = "job_type" | "params" | "priority" | "callback_url" | "metadata" | "parent_job_id";
"#;

#[wasm_bindgen(module = "/js/results.js")]
extern "C" {
    #[allow(clippy::too_many_arguments)]
    fn accepted(
        text: &JsString,
        job_type: &str,
        priority: u8,
        callback_url: Option<String>,
        params_start: u32,
        params_end: u32,
        metadata_start: i32,
        metadata_end: u32,
        parent_job_id: Option<String>,
    ) -> JsValue;

    fn rejected(status: u16, body_json: &str, reason: &str) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    type TextEncoder;

    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;

    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &JsString, destination: &Uint8Array) -> EncodeIntoResult;

    type EncodeIntoResult;

    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// The string's UTF-8 bytes, written straight into WebAssembly memory by the host's encoder.
fn utf8_of(text: &JsString) -> Vec<u8> {
    let capacity = text.length() as usize * 3;
    let mut bytes: Vec<u8> = Vec::with_capacity(capacity);
    // SAFETY: the view covers the vector's spare capacity and is used before anything else can
    // allocate (and so move or grow) WebAssembly memory; `set_len` covers only what was written.
    let written = unsafe {
        let view = Uint8Array::view_mut_raw(bytes.as_mut_ptr(), capacity);
        let written = ENCODER.with(|encoder| encoder.encode_into(text, &view).written()) as usize;
        bytes.set_len(written.min(capacity));
        written
    };
    debug_assert!(written <= capacity);
    bytes
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
    };
    rejected(rejection.status(), &rejection.body_json(), reason)
}

/// Validates a `POST /jobs` body exactly as the hosted API does.
///
/// Returns `{ ok: true, value }` with the request as the API normalizes it, `{ ok: false,
/// status: 422, detail }` with the detail entries of the API's 422 body, or `{ ok: false,
/// status: 400, message, reason }` when the API could not read the body at all.
#[wasm_bindgen(js_name = validateSubmitJob, unchecked_return_type = "SubmitJobResult")]
pub fn validate_submit_job(text: &JsString) -> JsValue {
    let bytes = utf8_of(text);
    let ascii = bytes.len() == text.length() as usize;
    let answer = validate_bytes_with(&bytes, |decoded, request| {
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
            let [ps, pe, ms, me] = utf16_offsets(&bytes, ascii, [ps, pe, ms, me]);
            accepted(
                text,
                request.job_type.as_str(),
                request.priority,
                request.callback_url,
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
            accepted(
                &JsString::from(copy.as_str()),
                request.job_type.as_str(),
                request.priority,
                request.callback_url,
                0,
                split,
                if request.metadata.is_some() { split as i32 } else { -1 },
                end,
                request.parent_job_id,
            )
        }
    });
    answer.unwrap_or_else(|r| rejection(&r))
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
    let answer = match check_field(field, value_json.as_deref()) {
        FieldCheck::Valid => serde_json::json!({ "valid": true }),
        FieldCheck::Invalid(error) => serde_json::json!({ "valid": false, "error": error }),
        FieldCheck::Syntax(e) => serde_json::json!({
            "valid": false,
            "syntax": { "message": e.message, "line": e.line, "column": e.column, "offset": e.offset },
        }),
    };
    js_sys::JSON::parse(&answer.to_string()).map_err(|_| JsError::new("internal error: could not build the answer"))
}
