// Benchmark: Lighthouse scores (desktop preset, then Lighthouse's default mobile: a mid-range phone
// on a slow 4G network, simulated) for performance, accessibility and best
// practices of every page, served by the real jobs-server from the release build, in Debian's
// Chromium. Installs Lighthouse into bench/lighthouse/node_modules the first time.
//
//   trunk build --release --offline && cargo build --release -p jobs-server
//   node bench/lighthouse.mjs [dist …]      (other builds' folders: compared side by side, their
//                                            runs taking turns, so that the machine's noise falls
//                                            on all alike)
//   LIGHTHOUSE_FORM=mobile node bench/lighthouse.mjs   (one form factor only)
//   LIGHTHOUSE_RUNS=3 node bench/lighthouse.mjs        (each page three times: the medians, and
//                                                       every run's LCP and TBT)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { tmpdir } from "node:os";
import { startServer, submitJob } from "../tests/e2e/harness.mjs";

const here = new URL("./lighthouse/", import.meta.url).pathname;
if (!existsSync(path.join(here, "node_modules/.bin/lighthouse"))) {
  console.log("installing Lighthouse (once)…");
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: here, stdio: "inherit" });
}
/** A fresh jobs-server with two ended jobs (one completed, one failed) to show. */
async function serverWithJobs(dist) {
  const server = await startServer({ workers: 2, ...(dist ? { dist: path.resolve(dist) } : {}) });
  const { body: done } = await submitJob(server, { job_type: "simulate", params: { duration_s: 0.1, result: { voltage: [4.2, 4.1, 4.0] } } });
  const { body: failed } = await submitJob(server, { job_type: "datafit", params: { duration_s: 0.1, fail_with: "MODEL_ERROR" } });
  await new Promise((r) => setTimeout(r, 1500));
  return { server, pages: ["/jobs/new", "/jobs", "/settings", `/jobs/${done.job_id}`, `/jobs/${failed.job_id}`] };
}

const report = path.join(tmpdir(), "lighthouse-report.json");
// One server per page: the fifth run in a row on one server stalled every time (two tries of three
// minutes each), while that page on a fresh server completes in under a minute (so did mobile runs
// after desktop ones, NO_FCP then a run that never ended).
let server;
const dists = process.argv.length > 2 ? process.argv.slice(2) : [undefined];
const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 1);
if (!(runs >= 1)) throw new Error(`LIGHTHOUSE_RUNS=${process.env.LIGHTHOUSE_RUNS}: a number of runs, 1 or more`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** One Lighthouse run of `page` on a fresh server of `dist`: the report, or why there is none. */
async function lighthouse(form, dist, n) {
  await server?.stop();
  const fresh = await serverWithJobs(dist);
  server = fresh.server;
  const page = fresh.pages[n];
  if (!page) return undefined; // every page done
  // A run that paints nothing (NO_FCP, which headless Chromium reports now and then after
  // several runs) or hangs is tried once more; a run is stopped after three minutes.
  let failure;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      execFileSync(
        path.join(here, "node_modules/.bin/lighthouse"),
        [
          `${server.url}${page}`,
          ...(form === "desktop" ? ["--preset=desktop"] : ["--form-factor=mobile"]),
          "--only-categories=performance,accessibility,best-practices",
          "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync",
          "--output=json",
          `--output-path=${report}`,
          "--quiet",
        ],
        {
          env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" },
          stdio: ["ignore", "ignore", "pipe"],
          timeout: 180_000,
        },
      );
      return { page, report: JSON.parse(readFileSync(report, "utf8")) };
    } catch (error) {
      failure = error.signal ? `stopped after 3 minutes (${error.signal})` : String(error.stderr).trim().split("\n").slice(-3).join(" / ");
    }
  }
  return { page, failure };
}
try {
  for (const form of (process.env.LIGHTHOUSE_FORM ?? "desktop,mobile").split(",")) {
    console.log(`\n${form.padEnd(48)}performance  accessibility  best-practices${runs > 1 ? `   (medians of ${runs} runs)` : ""}`);
    for (let n = 0, done = false; !done; n++) {
      // The builds take turns run by run: a noisy minute of the machine falls on each alike.
      const results = dists.map(() => []);
      let page;
      for (let run = 0; run < runs && !done; run++) {
        for (const [d, dist] of dists.entries()) {
          const result = await lighthouse(form, dist, n);
          if (!result) {
            done = true;
            break;
          }
          page = result.page;
          if (result.failure) console.log(`${page.padEnd(48)}Lighthouse failed twice: ${result.failure}`);
          else results[d].push(result.report);
        }
      }
      for (const [d, reports] of results.entries()) {
        if (reports.length === 0) continue;
        const label = dists.length > 1 ? `${page} (${dists[d]})` : page;
        const score = (k) => String(Math.round(median(reports.map((r) => r.categories[k].score)) * 100)).padStart(k.length);
        console.log(`${label.padEnd(48)}${score("performance")}  ${score("accessibility")}  ${score("best-practices")}`);
        const values = (k) => reports.map((r) => r.audits[k].numericValue);
        const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
        const each = (xs, f) => (reports.length > 1 ? ` (${xs.map(f).join(", ")})` : "");
        const lcp = values("largest-contentful-paint");
        const tbt = values("total-blocking-time");
        const cls = values("cumulative-layout-shift");
        console.log(
          `${"".padEnd(48)}LCP ${seconds(median(lcp))}${each(lcp, seconds)}, TBT ${Math.round(median(tbt))} ms${each(tbt, (t) => Math.round(t))}, CLS ${median(cls).toFixed(3)}`,
        );
      }
    }
  }
} finally {
  rmSync(report, { force: true });
  await server?.stop();
}
