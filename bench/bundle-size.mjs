// Benchmark: the size of the whole web app as shipped (trunk build --release), per file and in
// all, gzip-compressed (level 9, what the budget counts) and brotli-compressed (what jobs-server
// actually sends). The .gz/.br copies the post-build step writes are not counted twice.
//
//   trunk build --release --offline && node bench/bundle-size.mjs [dist]
//
// It prints the whole app against its budget (290 KB gzip) and the per-page goal (150 KB).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = path.resolve(process.argv[2] ?? new URL("../dist", import.meta.url).pathname);
const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
const rows = files(dist)
  .filter((f) => !f.endsWith(".gz") && !f.endsWith(".br"))
  // 404.html is index.html again, for static hosts' fallback (tools/csp.mjs): one page, counted once.
  .filter((f) => path.relative(dist, f) !== "404.html")
  .map((f) => {
    const bytes = readFileSync(f);
    return {
      file: path.relative(dist, f),
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  })
  .sort((a, b) => b.gzip - a.gzip);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
console.log(`${"file".padEnd(48)}${"raw".padStart(10)}${"gzip".padStart(10)}${"brotli".padStart(10)}`);
for (const r of rows) console.log(`${r.file.padEnd(48)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
console.log(`${"whole app".padEnd(48)}${kb(sum("raw"))}${kb(sum("gzip"))}${kb(sum("brotli"))}`);
// The budget the whole app must stay within, and the goal each page's first load moves toward
// once the app is split into chunks (issue 17).
const BUDGET_KB = 290;
const PAGE_GOAL_KB = 150;
const gzipKb = sum("gzip") / 1024;
console.log(
  `budget: ${BUDGET_KB.toFixed(1)} KB gzip for the whole app: ${gzipKb.toFixed(1)} KB, ` +
    (gzipKb <= BUDGET_KB ? `${(BUDGET_KB - gzipKb).toFixed(1)} KB to spare` : `${(gzipKb - BUDGET_KB).toFixed(1)} KB OVER`),
);
console.log(`goal: ${PAGE_GOAL_KB.toFixed(1)} KB gzip for a page's first load; the whole app is ${((gzipKb / PAGE_GOAL_KB) * 100).toFixed(0)} % of it`);
