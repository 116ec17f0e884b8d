// Benchmark: the validator in Node (the wasm-pack package of jobs-core) against JSON.parse + ajv
// with the contract's JSON schema, side by side in one run, for bodies from 100 bytes to 5 MB.
// Prints the median time per body of each, and their ratio (below 1: the validator is faster).
//
//   wasm-pack build core --target nodejs && node bench/validator-node.mjs
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const root = new URL("../", import.meta.url).pathname;
const Ajv = require(`${root}tools/node_modules/ajv/dist/2020.js`);
const addFormats = require(`${root}tools/node_modules/ajv-formats`);
const { validateSubmitJob } = require(`${root}core/pkg/jobs_core.js`);

// SubmitJobRequest from contract/submit-job-openapi.md, as JSON Schema.
const schema = {
  type: "object",
  required: ["job_type", "params"],
  properties: {
    job_type: { enum: ["dummy", "datafit", "validation", "simulate", "evaluate_variables", "optimize", "ecm_fit", "simple_pipeline"] },
    params: { type: "object", additionalProperties: true },
    priority: { type: "integer", minimum: 0, maximum: 10, default: 0 },
    callback_url: { anyOf: [{ type: "string", minLength: 1, maxLength: 2083, format: "uri" }, { type: "null" }] },
    metadata: { anyOf: [{ type: "object", additionalProperties: true }, { type: "null" }] },
    parent_job_id: { anyOf: [{ type: "string" }, { type: "null" }] },
  },
};
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const check = ajv.compile(schema);

// A realistic params document: a parameter set and measured time series, grown to `size` bytes.
function body(size) {
  const params = { model: "SPMe", parameters: { "Negative electrode thickness [m]": 8.52e-5, "Nominal cell capacity [A.h]": 5.0 }, data: [] };
  const head = { job_type: "datafit", params, priority: 5, callback_url: "https://hooks.example.org/jobs?token=abc", metadata: { tag: "bench" } };
  let text = JSON.stringify(head);
  let i = 0;
  while (text.length < size) {
    const chunk = [];
    for (let k = 0; k < 200; k++, i++) chunk.push({ t: i * 0.5, v: 3.2 + Math.sin(i / 50) * 0.7, i: -1.25, label: `step ${i % 17}` });
    params.data.push(...chunk);
    text = JSON.stringify(head);
    if (size < 2000) break;
  }
  if (text.length > size && size < 2000) {
    params.data = [];
    text = JSON.stringify(head);
  }
  return text;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Time `fn` over batches, interleaving the two contenders so that machine noise hits both alike.
function measure(contenders, text) {
  const reps = Math.max(1, Math.min(20000, Math.floor(2e6 / text.length)));
  const samples = contenders.map(() => []);
  for (let round = 0; round < 15; round++) {
    contenders.forEach(([, fn], n) => {
      const start = performance.now();
      for (let r = 0; r < reps; r++) fn(text);
      samples[n].push(((performance.now() - start) * 1000) / reps);
    });
  }
  return samples.map(median);
}

const contenders = [
  ["JSON.parse + ajv", (text) => { const v = JSON.parse(text); if (!check(v)) throw new Error("invalid"); }],
  ["jobs-core (wasm)", (text) => { if (!validateSubmitJob(text).ok) throw new Error("invalid"); }],
];

const cases = [100, 1_000, 10_000, 100_000, 1_000_000, 5_000_000].map((size) => [
  "",
  size <= 100 ? '{"job_type":"dummy","params":{"a":1},"priority":5,"metadata":{"t":"x"}}' : body(size),
]);
// Two harder cases: a callback URL the API rewrites (full URL parsing), and non-ASCII text.
cases.push(["  (URL rewritten)", body(1_000).replace("https://hooks.example.org/jobs?token=abc", "HTTPS://Hooks.Example.ORG:443/jobs/../jobs?token=abc")]);
cases.push(["  (non-ASCII)", body(100_000).replaceAll("step", "étape ✓")]);

console.log("body size   JSON.parse+ajv (µs)   jobs-core wasm (µs)   ratio wasm/ajv");
for (const [label, text] of cases) {
  for (const [, fn] of contenders) fn(text); // warm up, and both accept it
  const [ajvTime, wasmTime] = measure(contenders, text);
  console.log(
    `${String(text.length).padStart(9)}   ${ajvTime.toFixed(2).padStart(19)}   ${wasmTime.toFixed(2).padStart(19)}   ${(wasmTime / ajvTime).toFixed(2).padStart(14)}${label}`,
  );
}
