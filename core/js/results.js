// The JavaScript half of the Node package's exports (see src/node.rs): writing the caller's string
// into WebAssembly memory, and building answers in one call.

import { setFlagsFromString } from "node:v8";

// Node 20's V8 (11.3) can abort the whole process ("Fatal error ... unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation) when it deoptimizes code into which it inlined a
// call to WebAssembly: tests/node/differential.test.mjs hit it after a few thousand calls, with
// this package before and after bodyText. Turning that inlining off (a few nanoseconds a call)
// avoids it; later V8s are left alone.
if (Number(process.versions.v8.split(".")[0]) < 12) setFlagsFromString("--no-turbo-inline-js-wasm-calls");

let memory = null;
let bytes = new Uint8Array(0);
let jobTypes = [];
const encoder = new TextEncoder();

export function init(wasmMemory, jobTypeNames) {
  memory = wasmMemory;
  jobTypes = jobTypeNames;
}

/**
 * Writes `text` as UTF-8 at `ptr`, where there is room for `capacity` bytes. Returns
 * `written * 2 + (all ASCII ? 1 : 0)`, or -1 when the room may not suffice (three bytes per
 * UTF-16 unit), so that one call answers all the Rust side needs.
 */
export function writeUtf8(text, ptr, capacity) {
  const n = text.length;
  if (n * 3 > capacity) return -1;
  // The room is the same from one call to the next (the Rust side keeps it): its view is kept too,
  // until the room moves or memory grows.
  if (bytes.buffer !== memory.buffer || bytes.byteOffset !== ptr || bytes.length !== capacity) {
    bytes = new Uint8Array(memory.buffer, ptr, capacity);
  }
  // The host's encoder: far faster than a charCodeAt loop, even for short strings.
  const written = encoder.encodeInto(text, bytes).written;
  return written * 2 + (written === n ? 1 : 0);
}

let ascii8 = null;
/** `length` bytes of ASCII text at `at` in WebAssembly memory. */
function ascii(at, length) {
  if (ascii8 === null || ascii8.buffer !== memory.buffer) ascii8 = Buffer.from(memory.buffer);
  return ascii8.toString("latin1", at, at + length);
}

function parseObject(text) {
  try {
    return JSON.parse(text);
  } catch {
    // Python's JSON (which the API reads) also allows NaN, Infinity and -Infinity; JSON.parse does
    // not. Turn those tokens, outside strings, into markers and back into numbers.
    const marked = text.replace(/"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g, (match, special) =>
      special === undefined ? match : `"\\u0000py:${special}"`,
    );
    const numbers = { "\u0000py:NaN": NaN, "\u0000py:Infinity": Infinity, "\u0000py:-Infinity": -Infinity };
    return JSON.parse(marked, (_key, value) => (typeof value === "string" && value in numbers ? numbers[value] : value));
  }
}

/**
 * The request as the API normalizes it. `params` and `metadata` are read from the caller's string
 * by JSON.parse when first used (so validating never pays for parsing what is not read);
 * JSON.stringify and structuredClone-style copies go through `toJSON()`.
 */
class SubmitJobRequest {
  #text;
  #spans;
  #params;
  #metadata;

  constructor(text, spans, jobType, priority, callbackUrl, parentJobId) {
    this.#text = text;
    this.#spans = spans;
    this.job_type = jobType;
    this.priority = priority;
    this.callback_url = callbackUrl ?? null;
    this.parent_job_id = parentJobId ?? null;
  }

  get params() {
    return (this.#params ??= parseObject(this.#text.slice(this.#spans[0], this.#spans[1])));
  }

  get metadata() {
    if (this.#spans[2] < 0) return null;
    return (this.#metadata ??= parseObject(this.#text.slice(this.#spans[2], this.#spans[3])));
  }

  /** The exact text of `params` in the body (numbers untouched). */
  get paramsText() {
    return this.#text.slice(this.#spans[0], this.#spans[1]);
  }

  /** The exact text of `metadata` in the body, or null. */
  get metadataText() {
    return this.#spans[2] < 0 ? null : this.#text.slice(this.#spans[2], this.#spans[3]);
  }

  toJSON() {
    const { job_type, params, priority, callback_url, metadata, parent_job_id } = this;
    return { job_type, params, priority, callback_url, metadata, parent_job_id };
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return this.toJSON();
  }
}

/** An accepted body: `{ ok: true, value }`. */
export function accepted(text, jobType, priority, urlStart, urlEnd, urlAt, urlLength, paramsStart, paramsEnd, metadataStart, metadataEnd, parentJobId) {
  const spans = [paramsStart, paramsEnd, metadataStart, metadataEnd];
  // A callback URL the API leaves as written is sliced from the caller's string, not copied out;
  // one it rewrites is read from WebAssembly memory, as ASCII (every URL the url crate writes is).
  const url = urlEnd > urlStart ? text.slice(urlStart, urlEnd) : urlLength < 0 ? null : ascii(urlAt, urlLength);
  return { ok: true, value: new SubmitJobRequest(text, spans, jobTypes[jobType], priority, url, parentJobId) };
}

/**
 * A refused body: `{ ok: false, status: 422, detail, bodyText }` or `{ ok: false, status: 400,
 * message, reason, bodyText }`. `bodyText` is the API's response body exactly as it sends it (the
 * string the Rust side wrote, passed on as it is); `detail` is read from it exactly.
 */
export function rejected(status, bodyJson, reason) {
  const body = parseExact(bodyJson);
  return status === 422
    ? { ok: false, status, detail: body.detail, bodyText: bodyJson }
    : { ok: false, status, message: body.detail, reason, bodyText: bodyJson };
}

/**
 * A body the API fails on: `{ ok: false, status: 500, message, reason, bodyText }`, with
 * `bodyText` the API's plain text and `reason` the `ApiFailure` (which value, where).
 */
export function failed(bodyText, failureJson) {
  return { ok: false, status: 500, message: bodyText, reason: JSON.parse(failureJson), bodyText };
}

// One token of standard JSON after optional spaces: a string, an integer (no fraction or exponent
// follows), another number, a literal, or punctuation.
const TOKEN = /\s*(?:("[^"\\]*(?:\\[^][^"\\]*)*")|(-?\d+)(?![.eE\d])|(-?\d[\d.eE+-]*)|(true|false|null)|([{}[\],:]))/y;

/**
 * JSON.parse, except that integers outside ±(2^53 − 1) become BigInt instead of being rounded (the
 * API echoes a body's `9223372036854775808` as it is). Text without 16 digits in a row cannot hold
 * such an integer and goes to JSON.parse; other text is read token by token, with no recursion.
 */
export function parseExact(text) {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  const open = [];
  let root;
  let key;
  const put = (value) => {
    const top = open[open.length - 1];
    if (top === undefined) root = value;
    else if (Array.isArray(top)) top.push(value);
    else if (key === undefined) key = value;
    else {
      // As JSON.parse does: an own property even for "__proto__".
      Object.defineProperty(top, key, { value, writable: true, enumerable: true, configurable: true });
      key = undefined;
    }
  };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const [, string, integer, number, literal, punctuation] = m;
    if (string !== undefined) put(JSON.parse(string));
    else if (integer !== undefined) {
      const n = Number(integer);
      put(Number.isSafeInteger(n) ? n : BigInt(integer));
    } else if (number !== undefined) put(Number(number));
    else if (literal !== undefined) put(literal === "null" ? null : literal === "true");
    else if (punctuation === "{" || punctuation === "[") {
      const container = punctuation === "{" ? {} : [];
      put(container);
      open.push(container);
    } else if (punctuation === "}" || punctuation === "]") open.pop();
  }
  return root;
}
