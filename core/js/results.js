// Result objects of the Node package, built on the JavaScript side so that an answer crosses
// from WebAssembly in one call: `params` and `metadata` are slices of the caller's own string,
// parsed by JSON.parse only when read (and then kept).

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

class SubmitJobRequest {
  #text;
  #params;
  #metadata;

  constructor(text, jobType, priority, callbackUrl, paramsStart, paramsEnd, metadataStart, metadataEnd, parentJobId) {
    this.#text = text;
    this.#params = [paramsStart, paramsEnd];
    this.#metadata = metadataStart < 0 ? null : [metadataStart, metadataEnd];
    this.job_type = jobType;
    this.priority = priority;
    this.callback_url = callbackUrl ?? null;
    this.parent_job_id = parentJobId ?? null;
    Object.defineProperty(this, "params", { enumerable: true, configurable: true, get: () => this.#read("params") });
    Object.defineProperty(this, "metadata", { enumerable: true, configurable: true, get: () => this.#read("metadata") });
  }

  #read(name) {
    const span = name === "params" ? this.#params : this.#metadata;
    const value = span === null ? null : parseObject(this.#text.slice(span[0], span[1]));
    Object.defineProperty(this, name, { enumerable: true, configurable: true, writable: true, value });
    return value;
  }

  /** The exact text of `params` as written in the body (numbers untouched). */
  get paramsText() {
    return this.#text.slice(this.#params[0], this.#params[1]);
  }

  /** The exact text of `metadata` as written in the body, or null. */
  get metadataText() {
    return this.#metadata === null ? null : this.#text.slice(this.#metadata[0], this.#metadata[1]);
  }
}

export function accepted(text, jobType, priority, callbackUrl, paramsStart, paramsEnd, metadataStart, metadataEnd, parentJobId) {
  return {
    ok: true,
    value: new SubmitJobRequest(text, jobType, priority, callbackUrl, paramsStart, paramsEnd, metadataStart, metadataEnd, parentJobId),
  };
}

export function rejected(status, bodyJson, reason) {
  const body = JSON.parse(bodyJson);
  return status === 422 ? { ok: false, status, detail: body.detail } : { ok: false, status, message: body.detail, reason };
}
