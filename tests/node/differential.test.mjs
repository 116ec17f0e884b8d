// Differential run: bodies generated and mutated from the contract's vectors (bytes, keys,
// numbers, nesting, URLs) go through the Node package and through the native validator (the
// `answer` example of jobs-core, `--full`), and the whole answers must be equal: the accepted
// request (with params and metadata as their exact text), or the 422/400 body text, to the byte.
// A panic on either side fails the run. Seeded, so that a failure can be replayed.
//
//   FUZZ_BODIES=200000 FUZZ_SEED=7 node --test tests/node/differential.test.mjs   # longer
//
// Build the package first: `wasm-pack build core --target nodejs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = new URL("../../", import.meta.url);
const { validateSubmitJob } = require(new URL("core/pkg/jobs_core.js", root).pathname);

const COUNT = Number(process.env.FUZZ_BODIES ?? 4000);
const SEED = Number(process.env.FUZZ_SEED ?? 10);

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const vectors = ["submit-job-vectors.jsonl", "extra-vectors.jsonl"].flatMap((name) =>
  readFileSync(new URL(`contract/${name}`, root), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line).body),
);

const FIELDS = ["job_type", "params", "priority", "callback_url", "metadata", "parent_job_id", "x", "Job_type"];
const NUMBERS = [
  "0", "-0", "5", "10", "11", "-1", "5.0", "5.5", "1e1", "1E+1", "-0.0", "1e400", "-1e400", "NaN", "Infinity", "-Infinity",
  "9007199254740991", "9007199254740993", "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(40),
  "1" + "0".repeat(4300), "1" + "0".repeat(4301), "0.1", "1.7976931348623157e308", "5e-324", "123456789012345678.25", "01", "1.", ".5",
];
const STRINGS = [
  '"dummy"', '"simulate"', '"DUMMY"', '" 5 "', '"5"', '"0x5"', '"1_0"', '"true"', '""', '"\\u0000"', '"\\ud800"', '"\\ud83d\\ude00"',
  '"é"', '"http://a.com"', '"x\\"y"', '"\\\\"', '"tab\\tnew\\nline"',
];
const URLS = [
  "http://a.com/", "https://hooks.example.org/jobs?token=abc", "HTTP://EXAMPLE.com:80/a b", "http://xn--a.com/", "http://xn--.com/",
  "http://münchen.de/", "http://a\u200Db.com/", "http://\u05D0.1com/", "http://a\uFF0Eb.com/", "http://[::1]:8080/x", "http://1.2.3.4/",
  "http://0x7f.1/", "http://a.com:65536/", "ftp://a.com/", "http:/a.com", "//a.com", "http://", "http://a.com/%zz/../x?#", "mailto:x@y",
  "http://user:pass@a.com/", "http://a b.com/", "http://a.com/" + "x".repeat(2070), "http://é.com/" + "é".repeat(1100),
];

function generator(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (n) => Math.floor(random() * n);
  const value = (depth) => {
    const r = random();
    if (depth > 3 || r < 0.35) return pick([...NUMBERS, ...STRINGS, "true", "false", "null"]);
    if (r < 0.45) return JSON.stringify(pick(URLS));
    if (r < 0.75) return `{${Array.from({ length: int(4) }, () => `${JSON.stringify(pick(FIELDS))}: ${value(depth + 1)}`).join(", ")}}`;
    return `[${Array.from({ length: int(4) }, () => value(depth + 1)).join(",")}]`;
  };
  const generated = () =>
    `{${Array.from({ length: int(7) }, () => `"${pick(FIELDS)}":${value(0)}`).join(",")}}`;
  const mutations = [
    // Bytes: replace, insert or delete one, in the UTF-8 text (invalid sequences read as U+FFFD).
    (body) => {
      const bytes = new TextEncoder().encode(body);
      const at = int(bytes.length + 1);
      const byte = pick([0x00, 0x22, 0x2c, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d, 0x5c, 0x30, 0x2e, 0x65, 0x2d, 0x20, 0x80, 0xc3, 0xff, int(256)]);
      const kind = int(3);
      const out = kind === 0 ? [...bytes.slice(0, at), byte, ...bytes.slice(at)] : [...bytes.slice(0, at), ...(kind === 1 ? [byte] : []), ...bytes.slice(at + 1)];
      return new TextDecoder().decode(new Uint8Array(out));
    },
    // Numbers: one number token replaced.
    (body) => {
      const numbers = [...body.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g)];
      if (!numbers.length) return body.replace(/\}\s*$/, `, "priority": ${pick(NUMBERS)}}`);
      const m = pick(numbers);
      return body.slice(0, m.index) + pick(NUMBERS) + body.slice(m.index + m[0].length);
    },
    // Keys: one key renamed, or a member repeated.
    (body) => {
      const keys = [...body.matchAll(/"([a-z_A-Z]*)"\s*:/g)];
      if (!keys.length) return body;
      const m = pick(keys);
      if (random() < 0.5) return body.slice(0, m.index) + `"${pick(FIELDS)}":` + body.slice(m.index + m[0].length);
      return body.slice(0, m.index) + `"${pick(FIELDS)}": ${value(0)}, ` + body.slice(m.index);
    },
    // Nesting: a value wrapped, or a deep nest put in.
    (body) => {
      const at = body.indexOf(":", int(body.length));
      if (at < 0) return `[${body}]`;
      const depth = pick([1, 2, 50, 998, 999, 1000, 1001, 3000]);
      return random() < 0.5 ? body.slice(0, at + 1) + "[".repeat(depth) + "]".repeat(depth) + "," + body.slice(at + 1).replace(/^\s*/, "\"z\":")
        : body.slice(0, at + 1) + "{\"k\":" + body.slice(at + 1).replace(/([,}])/, "}$1");
    },
    // URLs: the callback URL set to an awkward one.
    (body) => {
      const url = JSON.stringify(pick(URLS));
      return /"callback_url"\s*:\s*"(?:[^"\\]|\\.)*"/.test(body)
        ? body.replace(/"callback_url"\s*:\s*"(?:[^"\\]|\\.)*"/, `"callback_url": ${url}`)
        : body.replace(/^\s*\{/, `{"callback_url": ${url}, `);
    },
    // Splices of two bodies, and a leading byte order mark or zero byte.
    (body) => body.slice(0, int(body.length + 1)) + pick(vectors).slice(int(40)),
    (body) => pick(["\uFEFF", "\u0000", " ", "\u0000\u0000"]) + body,
  ];
  return () => {
    let body = random() < 0.2 ? generated() : pick(vectors);
    for (let n = 1 + int(3); n > 0; n--) body = pick(mutations)(body);
    return body.toWellFormed(); // as the package reads a string: lone surrogates as U+FFFD
  };
}

/** JSON text with every object's keys in order, for comparing answers written in any key order. */
function canonical(value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** The package's answer, in the shape the native example writes with --full. */
function nodeAnswer(body) {
  const result = validateSubmitJob(body);
  if (result.ok) {
    const { job_type, priority, callback_url, parent_job_id, paramsText: params, metadataText: metadata } = result.value;
    return { status: 202, request: { job_type, priority, callback_url, parent_job_id, params, metadata } };
  }
  if (result.status === 422) return { status: 422, body: result.bodyText };
  if (result.status === 500) {
    // The API fails on the body: compared with the reason (which value, where), its sentence aside.
    const { kind, loc, value } = result.reason;
    return { status: 500, body: result.bodyText, reason: { kind, loc, value } };
  }
  return { status: 400, body: result.bodyText, reason: result.reason };
}

test(`${COUNT} generated and mutated bodies get the same answer from the Node package and the native validator`, () => {
  const next = generator(prng(SEED));
  const bodies = Array.from({ length: COUNT }, next);
  const input = bodies.map((body) => JSON.stringify(body)).join("\n") + "\n";
  const output = execFileSync(process.env.CARGO ?? "cargo", ["run", "-q", "-p", "jobs-core", "--example", "answer", "--", "--full"], {
    cwd: new URL(".", root).pathname,
    input,
    maxBuffer: 1 << 30,
  });
  const native = String(output).trim().split("\n");
  assert.equal(native.length, bodies.length, "one native answer per body");
  const differences = [];
  const statuses = { 202: 0, 422: 0, 400: 0, 500: 0 };
  // (This loop, as a forEach, made Node 20's V8 abort the process before core/js/results.js
  // turned off its inlining of calls to WebAssembly.)
  for (const [i, body] of bodies.entries()) {
    let ours;
    try {
      ours = canonical(nodeAnswer(body));
    } catch (e) {
      ours = `threw ${e}`; // a panic in WebAssembly surfaces as a RuntimeError
    }
    const theirs = canonical(JSON.parse(native[i]));
    statuses[JSON.parse(native[i]).status]++;
    if (ours !== theirs) differences.push(`body ${i} ${JSON.stringify(body.slice(0, 200))}:\n  node   ${ours.slice(0, 400)}\n  native ${theirs.slice(0, 400)}`);
  }
  console.log(`${COUNT} bodies (seed ${SEED}): ${statuses[202]} accepted, ${statuses[422]} 422, ${statuses[400]} 400, ${statuses[500]} 500; ${differences.length} differences`);
  assert.ok(statuses[202] > COUNT / 40 && statuses[422] > COUNT / 5 && statuses[400] > 0 && statuses[500] > 0, "the bodies reach every kind of answer");
  assert.deepEqual(differences.slice(0, 5), []);
});
