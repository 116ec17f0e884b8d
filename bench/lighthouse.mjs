// Benchmark: Lighthouse scores (desktop preset, then Lighthouse's default mobile: a mid-range phone
// on a slow 4G network, simulated) for performance, accessibility and best
// practices of every page, served by the real jobs-server from the release build, in Debian's
// Chromium. Installs Lighthouse into bench/lighthouse/node_modules the first time.
//
//   trunk build --release --offline && cargo build --release -p jobs-server
//   node bench/lighthouse.mjs [dist]        (another build's folder, to compare two side by side)
//   LIGHTHOUSE_FORM=mobile node bench/lighthouse.mjs   (one form factor only)
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
async function serverWithJobs() {
  const server = await startServer({ workers: 2, ...(process.argv[2] ? { dist: path.resolve(process.argv[2]) } : {}) });
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
try {
  for (const form of (process.env.LIGHTHOUSE_FORM ?? "desktop,mobile").split(",")) {
    console.log(`\n${form.padEnd(48)}performance  accessibility  best-practices`);
    for (let n = 0; ; n++) {
      await server?.stop();
      const fresh = await serverWithJobs();
      server = fresh.server;
      const page = fresh.pages[n];
      if (!page) break;
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
          failure = undefined;
          break;
        } catch (error) {
          failure = error.signal ? `stopped after 3 minutes (${error.signal})` : String(error.stderr).trim().split("\n").slice(-3).join(" / ");
        }
      }
      if (failure) {
        console.log(`${page.padEnd(48)}Lighthouse failed twice: ${failure}`);
        continue;
      }
      const r = JSON.parse(readFileSync(report, "utf8"));
      const score = (k) => String(Math.round(r.categories[k].score * 100)).padStart(k.length);
      console.log(`${page.padEnd(48)}${score("performance")}  ${score("accessibility")}  ${score("best-practices")}`);
      const lcp = r.audits["largest-contentful-paint"].displayValue;
      const tbt = r.audits["total-blocking-time"].displayValue;
      const cls = r.audits["cumulative-layout-shift"].displayValue;
      console.log(`${"".padEnd(48)}LCP ${lcp}, TBT ${tbt}, CLS ${cls}`);
    }
  }
} finally {
  rmSync(report, { force: true });
  await server?.stop();
}
