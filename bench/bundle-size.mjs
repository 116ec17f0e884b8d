// Benchmark: the size of the whole web app as shipped (trunk build --release), per file and in
// all, gzip-compressed (level 9, what the budget counts) and brotli-compressed (what jobs-server
// actually sends). The .gz/.br copies the post-build step writes are not counted twice.
//
//   trunk build --release --offline && node bench/bundle-size.mjs [dist]
//
// It prints the whole app against its budget (290 KB gzip), then each page's first load against
// the per-page goal (150 KB): the files of the app a real browser (headless Chromium, against
// jobs-server serving DIST) fetched before the page showed its heading, counted gzip, and the
// chunks it fetched after. Needs `cargo build --release -p jobs-server` for that part.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
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
const byFile = new Map(rows.map((r) => [r.file, r]));
console.log(
  `budget: ${BUDGET_KB.toFixed(1)} KB gzip for the whole app: ${gzipKb.toFixed(1)} KB, ` +
    (gzipKb <= BUDGET_KB ? `${(BUDGET_KB - gzipKb).toFixed(1)} KB to spare` : `${(gzipKb - BUDGET_KB).toFixed(1)} KB OVER`),
);

// Each page's first load, from a real browser's network log.
const { launchBrowser, newPage, startServer, submitJob, eventually, getJson, ROOT } = await import("../tests/e2e/harness.mjs");
const serverBinary = process.env.JOBS_SERVER_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target"), "release/jobs-server");
if (!existsSync(serverBinary)) {
  console.log("(per page: build jobs-server first, cargo build --release -p jobs-server)");
  process.exit(0);
}
const server = await startServer({ workers: 2, dist });
const browser = await launchBrowser();
const ended = (id) => eventually(async () => (await getJson(server, `/jobs/${id}`)).body.is_terminal, `job ${id} to end`, 60_000);
const { body: simulation } = await submitJob(server, { job_type: "simulate", params: { duration_s: 0 } });
const { body: fit } = await submitJob(server, { job_type: "datafit", params: {} });
await Promise.all([ended(simulation.job_id), ended(fit.job_id)]);
const pages = [
  ["/jobs/new", "the form"],
  ["/jobs", "the jobs list"],
  [`/jobs/${simulation.job_id}`, "a job (simulation)"],
  [`/jobs/${fit.job_id}`, "a fit job"],
  ["/settings", "Settings"],
];
console.log(`\n${"page".padEnd(22)}${"first load".padStart(12)}  ${"then, for the page".padEnd(20)}files before the heading`);
let worst = 0;
for (const [where, name] of pages) {
  const page = await newPage(browser);
  // When the page's heading first appears, by the page's own clock: the page's own, not the one
  // shown while the page's chunk is on its way ("Loading…").
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector("main h1") && !document.querySelector("main .chunk-loading")) {
        window.__headingAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(server.url + where);
  await page.locator("main h1").first().waitFor();
  await page.locator("main .chunk-loading").waitFor({ state: "detached" });
  // What the page itself then needs (its chunks), before the idle prefetch of the rest.
  await page.waitForTimeout(300);
  const { headingAt, entries } = await page.evaluate(() => ({
    headingAt: window.__headingAt,
    entries: [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((e) => ({ url: e.name, start: e.startTime })),
  }));
  await page.close();
  const fetched = entries
    .map((e) => ({ file: decodeURIComponent(new URL(e.url).pathname.replace(/^\//, "")) || "index.html", before: e.start < headingAt }))
    .map((f) => (byFile.has(f.file) ? f : { ...f, file: "index.html" }))
    .filter((f, i, all) => byFile.has(f.file) && all.findIndex((g) => g.file === f.file) === i);
  const kbOf = (list) => list.reduce((a, f) => a + byFile.get(f.file).gzip, 0) / 1024;
  const first = fetched.filter((f) => f.before);
  const after = fetched.filter((f) => !f.before && /^(split|chunk)_/.test(f.file));
  worst = Math.max(worst, kbOf(first));
  console.log(`${name.padEnd(22)}${`${kbOf(first).toFixed(1)} KB`.padStart(12)}  ${`+${kbOf(after).toFixed(1)} KB`.padEnd(20)}${first.map((f) => f.file.replace(/-[0-9a-f]{16}/, "")).join(", ")}`);
}
await browser.close();
await server.stop();
console.log(`goal: ${PAGE_GOAL_KB.toFixed(1)} KB gzip for each page's first load: the largest is ${worst.toFixed(1)} KB (${((worst / PAGE_GOAL_KB) * 100).toFixed(0)} % of it)`);
