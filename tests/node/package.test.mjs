// The Node package as users install it: `npm pack` in core/pkg, the tarball installed into an
// empty project (no network: the package has no dependencies), and there required from CommonJS,
// imported from an ES module, and used from TypeScript checked with `tsc --strict`.
//
// Build the package first: `wasm-pack build core --target nodejs && node tools/package-core.mjs`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(new URL("../..", import.meta.url).pathname);
const pkg = path.join(root, "core/pkg");
const tsc = path.join(root, "tools/node_modules/.bin/tsc");

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

test("the packed package installs into an empty project and works from CommonJS, ES modules and TypeScript", () => {
  const work = mkdtempSync(path.join(tmpdir(), "jobs-core-pack-"));
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], pkg));
  const files = packed.files.map((f) => f.path);
  for (const needed of ["package.json", "README.md", "LICENSE", "jobs_core.js", "jobs_core_bg.wasm", "jobs_core.d.ts"]) {
    assert.ok(files.includes(needed), `the tarball holds ${needed}: ${files.join(", ")}`);
  }
  assert.ok(files.some((f) => f.startsWith("snippets/") && f.endsWith("results.js")), "and the glue's snippets");
  const manifest = JSON.parse(readFileSync(path.join(pkg, "package.json"), "utf8"));
  assert.match(manifest.description, /POST \/jobs/);
  assert.equal(manifest.license, "MIT");

  const project = path.join(work, "project");
  execFileSync("mkdir", ["-p", project]);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "uses-jobs-core", private: true, version: "1.0.0" }));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", path.join(work, packed.filename)], project);

  // CommonJS.
  writeFileSync(
    path.join(project, "common.cjs"),
    `const { validateSubmitJob, validateField } = require("jobs-core");
const ok = validateSubmitJob('{"job_type": "simulate", "params": {"a": 1}, "priority": "5"}');
const bad = validateSubmitJob('{"job_type": "nope", "params": {}}');
console.log(JSON.stringify([ok.ok && ok.value.priority, ok.ok && ok.value.paramsText, bad.ok || bad.status, validateField("priority", "11").valid]));`,
  );
  assert.deepEqual(JSON.parse(run("node", ["common.cjs"], project)), [5, '{"a": 1}', 422, false]);

  // An ES module, with named imports.
  writeFileSync(
    path.join(project, "module.mjs"),
    `import { validateSubmitJob } from "jobs-core";
const r = validateSubmitJob('{"job_type": "dummy", "params": {}, "callback_url": "HTTP://EXAMPLE.com:80/a b"}');
console.log(r.ok ? r.value.callback_url : r.bodyText);`,
  );
  assert.equal(run("node", ["module.mjs"], project).trim(), "http://example.com/a%20b");

  // TypeScript, strict, using every exported type.
  writeFileSync(
    path.join(project, "uses.ts"),
    `import { validateSubmitJob, validateField } from "jobs-core";
import type { SubmitJobResult, SubmitJobRequest, ValidationError, FieldResult, SubmitJobFieldName } from "jobs-core";

const result: SubmitJobResult = validateSubmitJob("{}");
function describe(r: SubmitJobResult): string {
  if (r.ok) {
    const request: SubmitJobRequest = r.value;
    const priority: number = request.priority;
    const url: string | null = request.callback_url;
    return \`\${request.job_type} \${priority} \${url ?? "-"} \${request.paramsText.length}\`;
  }
  if (r.status === 422) {
    const first: ValidationError | undefined = r.detail[0];
    return first ? \`\${first.type} \${first.loc.join(".")} \${first.msg}\` : r.bodyText;
  }
  return r.bodyText;
}
const field: SubmitJobFieldName = "priority";
const checked: FieldResult = validateField(field, "3");
const fine: boolean = checked.valid;
console.log(describe(result), fine);
`,
  );
  writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: [] }, files: ["uses.ts"] }),
  );
  try {
    run(tsc, ["-p", "tsconfig.json"], project);
  } catch (error) {
    assert.fail(`tsc --strict failed:\n${error.stdout}${error.stderr}`);
  }
});
