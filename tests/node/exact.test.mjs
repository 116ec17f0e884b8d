// Answers through the Node package are the API's own, to the digit: a 422 carries the exact body
// the API sends (`bodyText`), and integers the API echoes that a JavaScript number cannot hold
// are BigInt in `detail`, never rounded. Build the package first: `wasm-pack build core --target nodejs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { parseWithBigInts } from "./exact-json.mjs";

const require = createRequire(import.meta.url);
const root = new URL("../../", import.meta.url);
const { validateSubmitJob, validateField } = require(new URL("core/pkg/jobs_core.js", root).pathname);

const BIG = ["9223372036854775808", "-9223372036854775809", "9007199254740992", "-9007199254740992", "1" + "0".repeat(60)];

test("an integer beyond 2^53 echoed in a 422 comes back exact, as BigInt, and in bodyText", () => {
  const result = validateSubmitJob('{"job_type": "dummy", "params": {}, "priority": 9223372036854775808}');
  assert.equal(result.status, 422);
  assert.equal(result.detail[0].input, 9223372036854775808n);
  assert.match(result.bodyText, /"input":9223372036854775808,/);
  assert.deepEqual(parseWithBigInts(result.bodyText).detail, result.detail);
});

test("integers within ±(2^53 − 1) stay numbers, and so do floats", () => {
  const result = validateSubmitJob('{"job_type": "dummy", "params": {}, "priority": [9007199254740991, -9007199254740991, 12345678901234567.5]}');
  assert.deepEqual(result.detail[0].input, [9007199254740991, -9007199254740991, 12345678901234568]);
  // 1e400 is inf, which the API cannot write back: it fails (500) rather than echo it.
  const inf = validateSubmitJob('{"job_type": "dummy", "params": {}, "priority": [9007199254740991, 1e400]}');
  assert.deepEqual([inf.status, inf.reason.kind, inf.reason.loc], [500, "infinity", ["body", "priority", 1]]);
});

for (const field of ["job_type", "params", "priority", "callback_url", "metadata", "parent_job_id"]) {
  test(`big integers in ${field}, alone and nested, are echoed exactly`, () => {
    for (const big of BIG) {
      for (const value of [big, `[${big}, 1, {"k": ${big}}]`, `{"a": {"b": [${big}]}, "n": 5}`]) {
        const body = field === "job_type" ? `{"job_type": ${value}, "params": {}}` : `{"job_type": "dummy", "params": {}, "${field}": ${value}}`;
        const result = validateSubmitJob(body);
        if (field === "params" || field === "metadata") {
          if (value.startsWith("{")) {
            // An object is accepted as it is, its text untouched.
            assert.equal(result.ok, true, body);
            assert.equal(field === "params" ? result.value.paramsText : result.value.metadataText, value);
            continue;
          }
        }
        assert.equal(result.ok, false, body);
        const entry = result.detail.find((d) => d.loc[1] === field);
        assert.deepEqual(entry.input, parseWithBigInts(value), body);
        assert.ok(result.bodyText.includes(big), `${body}: bodyText ${result.bodyText}`);
        assert.deepEqual(parseWithBigInts(result.bodyText).detail, result.detail);
      }
    }
  });
}

test("a body without job_type is echoed whole, its big integers exact", () => {
  const body = `{"params": {"x": [${BIG.join(", ")}]}, "priority": ${BIG[0]}}`;
  const result = validateSubmitJob(body);
  assert.equal(result.detail[0].type, "missing");
  assert.deepEqual(result.detail[0].input, parseWithBigInts(body));
  assert.equal(result.detail[1].input, BigInt(BIG[0]));
});

test("strings that look like big integers stay strings, keys included", () => {
  const body = '{"params": {}, "k": {"9223372036854775808": "12345678901234567890", "s": "a\\"1234567890123456789", "__proto__": 12345678901234567890}}';
  const { input } = validateSubmitJob(body).detail[0];
  assert.equal(input.k["9223372036854775808"], "12345678901234567890");
  assert.equal(input.k.s, 'a"1234567890123456789');
  assert.equal(Object.getOwnPropertyDescriptor(input.k, "__proto__").value, 12345678901234567890n, "an own key, as JSON.parse makes it");
});

test("a 400 carries its body text too", () => {
  const result = validateSubmitJob(`{"job_type":"dummy","params":${"[".repeat(5000)}}`);
  assert.equal(result.status, 400);
  assert.equal(result.bodyText, '{"detail":"There was an error parsing the body"}');
});

test("one field checked on its own echoes big integers exactly too", () => {
  assert.equal(validateField("priority", "18446744073709551616").error.input, 18446744073709551616n);
  assert.deepEqual(validateField("params", `[${BIG[0]}]`).error.input, [BigInt(BIG[0])]);
});
