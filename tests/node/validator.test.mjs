// The wasm-pack package of jobs-core, loaded the way a Node user loads it, against the recorded
// answers of the reference API. Build the package first: `wasm-pack build core --target nodejs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseWithBigInts, stringifyWithBigInts } from "./exact-json.mjs";

const require = createRequire(import.meta.url);
const root = new URL("../../", import.meta.url);
const { validateSubmitJob, validateField } = require(new URL("core/pkg/jobs_core.js", root).pathname);

function vectors(name) {
  return readFileSync(new URL(`contract/${name}`, root), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => parseWithBigInts(line)); // integers beyond 2^53 as recorded, not rounded
}

// Compared as contract/README.md says: 422 detail equal as JSON in order (json_invalid: type, msg
// and loc[0]), 202 the four normalized fields.
function mismatch(vector) {
  const result = validateSubmitJob(vector.body);
  if (vector.status === 202) {
    if (!result.ok) return `expected 202, got ${result.status} ${JSON.stringify(result)}`;
    const got = Object.fromEntries(["job_type", "priority", "callback_url", "parent_job_id"].map((k) => [k, result.value[k]]));
    try {
      assert.deepEqual(got, vector.response);
    } catch {
      return `expected ${JSON.stringify(vector.response)}, got ${JSON.stringify(got)}`;
    }
    return null;
  }
  if (result.ok || result.status !== vector.status) return `expected ${vector.status}, got ${JSON.stringify(result)}`;
  if (vector.status === 400) return result.message === vector.response.detail ? null : `400 message ${result.message}`;
  const expected = vector.response.detail;
  // bodyText is the whole body the API sends: read back, it is the recorded body.
  const sent = parseWithBigInts(result.bodyText).detail;
  if (sent.length !== expected.length) return `bodyText ${result.bodyText} differs from ${stringifyWithBigInts(expected)}`;
  for (const [got, want] of sent.map((d, i) => [d, expected[i]])) {
    const [a, b] = want.type === "json_invalid" ? [[got.type, got.msg, got.loc[0]], [want.type, want.msg, want.loc[0]]] : [got, want];
    try {
      assert.deepEqual(a, b);
    } catch {
      return `bodyText entry ${stringifyWithBigInts(got)} differs from ${stringifyWithBigInts(want)}`;
    }
  }
  if (result.detail.length !== expected.length) return `expected ${stringifyWithBigInts(expected)}, got ${stringifyWithBigInts(result.detail)}`;
  for (const [got, want] of result.detail.map((d, i) => [d, expected[i]])) {
    const [a, b] = want.type === "json_invalid" ? [[got.type, got.msg, got.loc[0]], [want.type, want.msg, want.loc[0]]] : [got, want];
    try {
      assert.deepEqual(a, b);
    } catch {
      return `expected ${stringifyWithBigInts(want)}, got ${stringifyWithBigInts(got)}`;
    }
  }
  return null;
}

for (const name of ["submit-job-vectors.jsonl", "extra-vectors.jsonl"]) {
  test(`every answer in ${name} is reproduced through the Node package`, () => {
    const all = vectors(name);
    const failures = all.map((v, i) => [i + 1, mismatch(v)]).filter(([, m]) => m);
    console.log(`${name}: ${all.length - failures.length}/${all.length} match through the Node package`);
    assert.equal(failures.length, 0, failures.slice(0, 10).map(([line, m]) => `line ${line}: ${m}`).join("\n"));
    if (name === "submit-job-vectors.jsonl") assert.equal(all.length, 187);
  });
}

test("params and metadata are read lazily from the caller's own text, exactly", () => {
  const params = '{"x": 1.50, "big": 123456789012345678901234567890, "s": "é😀", "n": NaN}';
  const result = validateSubmitJob(`{"metadata":{"ü":[1]},"job_type":"optimize","params":${params}}`);
  assert.equal(result.ok, true);
  assert.equal(result.value.paramsText, params);
  assert.equal(result.value.metadataText, '{"ü":[1]}');
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(result.value))).sort(), ["callback_url", "job_type", "metadata", "params", "parent_job_id", "priority"]);
  assert.deepEqual(result.value.metadata, { ü: [1] });
  assert.equal(result.value.params.s, "é😀");
  assert.ok(Number.isNaN(result.value.params.n));
  assert.equal(result.value.params, result.value.params, "parsed once and kept");
});

test("a body the API cannot read is a 400 with a reason", () => {
  const result = validateSubmitJob(`{"job_type":"dummy","params":${"[".repeat(5000)}}`);
  assert.deepEqual([result.ok, result.status, result.message], [false, 400, "There was an error parsing the body"]);
  assert.match(result.reason, /nested too deeply/);
});

test("one field is checked with the rule of the whole body", () => {
  assert.deepEqual(validateField("priority", '" 7 "'), { valid: true });
  const { error } = validateField("callback_url", '"ftp://a.com"');
  assert.equal(error.msg, "URL scheme should be 'http' or 'https'");
  assert.deepEqual(error.loc, ["body", "callback_url"]);
  const { syntax } = validateField("params", '{\n  "a": 1,\n}');
  assert.deepEqual([syntax.line, syntax.column], [3, 1]);
  assert.equal(validateField("job_type", undefined).error.type, "missing");
  assert.throws(() => validateField("nope", "1"), /not a field/);
});

test("every body of failure-vectors.jsonl that is text gets the reference's answer, a 500 with its reason", () => {
  const all = vectors("failure-vectors.jsonl").filter((v) => v.body !== undefined);
  const failures = [];
  for (const [i, v] of all.entries()) {
    const result = validateSubmitJob(v.body);
    if (v.status !== 500) {
      const m = mismatch(v);
      if (m) failures.push(`${i}: ${m}`);
    } else if (result.ok || result.status !== 500 || result.bodyText !== v.response || result.message !== v.response) {
      failures.push(`${i}: ${v.body} expected 500, got ${JSON.stringify(result)}`);
    } else if (!result.reason.loc.length || result.reason.loc[0] !== "body" || !result.reason.sentence) {
      failures.push(`${i}: ${v.body} a 500 without a reason: ${JSON.stringify(result.reason)}`);
    }
  }
  console.log(`failure-vectors.jsonl: ${all.length - failures.length}/${all.length} text bodies match through the Node package`);
  assert.ok(all.length > 150);
  assert.deepEqual(failures.slice(0, 10), []);
});

test("a 500 says which value the API cannot write, and where", () => {
  const result = validateSubmitJob('{"job_type":"dummy","params":{},"metadata":[{"a":[1, 1e400]}]}');
  assert.deepEqual([result.ok, result.status, result.bodyText], [false, 500, "Internal Server Error"]);
  assert.deepEqual(result.reason.kind, "infinity");
  assert.deepEqual(result.reason.loc, ["body", "metadata", 0, "a", 1]);
  assert.equal(result.reason.value, "1e400");
  assert.match(result.reason.sentence, /1e400 at body\.metadata\.0\.a\.1 is an infinite number.*500 Internal Server Error/);
  const nan = validateField("priority", "NaN");
  assert.deepEqual(nan, { valid: false, fails: { ...nan.fails, kind: "nan", loc: ["body", "priority"], value: "NaN" } });
  assert.equal(validateField("parent_job_id", '"x\\udc00"').fails.kind, "unpaired_surrogate");
  assert.deepEqual(validateField("parent_job_id", '"\\ud83d\\ude00"'), { valid: true });
});
