// The public URL suites (contract/url-suite-vectors.jsonl: callback URLs from the WHATWG URL tests
// and Unicode's IDNA conformance file, answered by the reference) through the Node package.
//
// Build the package first: `wasm-pack build core --target nodejs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = new URL("../../", import.meta.url);
const { validateSubmitJob } = require(new URL("core/pkg/jobs_core.js", root).pathname);

test("the Node package answers every URL of the public suites as the reference does", () => {
  const vectors = readFileSync(new URL("contract/url-suite-vectors.jsonl", root), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
  assert.ok(vectors.length > 7000);
  const differ = [];
  for (const { body, status, response } of vectors) {
    const result = validateSubmitJob(body);
    const got = result.ok
      ? { status: 202, response: { job_type: result.value.job_type, priority: result.value.priority, callback_url: result.value.callback_url, parent_job_id: result.value.parent_job_id } }
      : { status: result.status, response: JSON.parse(result.bodyText) };
    try {
      assert.deepEqual(got, { status, response });
    } catch {
      differ.push(`${JSON.parse(body).callback_url}: expected ${status} ${JSON.stringify(response).slice(0, 160)}, got ${got.status} ${JSON.stringify(got.response).slice(0, 160)}`);
    }
  }
  console.log(`# URL suite vectors through the Node package: ${vectors.length - differ.length}/${vectors.length} match`);
  assert.deepEqual(differ.slice(0, 20), [], `${differ.length} of ${vectors.length} differ`);
});
