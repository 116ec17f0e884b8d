// Benchmark: how soon the status page sees a job change, and how many requests it costs, with
// jobs-core's schedule (1 s, x1.5 to 10 s, jitter) against a fixed 2 s poll (what the official
// client's wait loop does), side by side on the same jobs, in one run.
//
//   bash scripts/run-app.sh   # or: trunk build --release --offline && cargo build --release -p jobs-server
//   node bench/poll-latency.mjs [seconds of the short job = 60] [seconds of the long job = 300] [jobs of each = 3]
//
// Latency = when the page's status badge changed (MutationObserver, page clock) minus when the
// server made the change (started_at / completed_at, same machine clock). Prints medians.
import { launchBrowser, startServer, submitJob } from "../tests/e2e/harness.mjs";

const [short = 60, long = 300, count = 3] = process.argv.slice(2).map(Number);
const server = await startServer({ workers: count * 2 + 1 });
const browser = await launchBrowser();

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

async function watchInPage(id) {
  const page = await browser.newPage();
  let requests = 0;
  let metadata = 0;
  page.on("request", (r) => {
    if (r.resourceType() !== "fetch") return;
    const pathname = new URL(r.url()).pathname;
    if (pathname === `/jobs/${id}`) requests++;
    if (pathname === `/jobs/${id}/metadata`) metadata++;
  });
  await page.addInitScript(() => {
    window.__changes = [];
    new MutationObserver(() => {
      const badge = document.querySelector("dl.facts .badge");
      const status = badge?.getAttribute("data-status");
      if (status && window.__changes.at(-1)?.status !== status) window.__changes.push({ status, at: Date.now() });
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.goto(`${server.url}/jobs/${id}`);
  return {
    async result() {
      // The page may see the end up to one interval (10 s) after the fixed poller did.
      await page
        .waitForFunction(() => window.__changes.some((c) => ["completed", "failed", "canceled"].includes(c.status)), null, { timeout: 30_000 })
        .catch(() => {});
      const changes = await page.evaluate(() => window.__changes);
      await page.close();
      return { changes, requests, metadata };
    },
  };
}

async function fixedPoll(id, everyMs) {
  const changes = [];
  let requests = 0;
  for (;;) {
    const response = await fetch(`${server.url}/jobs/${id}`, { headers: { accept: "application/json" } });
    requests++;
    const job = await response.json();
    if (changes.at(-1)?.status !== job.status) changes.push({ status: job.status, at: Date.now() });
    if (job.is_terminal) return { changes, requests, job };
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function latencies(changes, job) {
  const seen = (status) => changes.find((c) => c.status === status)?.at;
  const started = Date.parse(job.started_at);
  const ended = Date.parse(job.completed_at);
  return { start: (seen("processing") ?? seen("completed")) - started, end: seen("completed") - ended };
}

const runs = [];
for (const seconds of [short, long]) {
  for (let i = 0; i < count; i++) {
    const { body } = await submitJob(server, { job_type: "simulate", params: { duration_s: seconds, steps: 10 } });
    runs.push({ seconds, id: body.job_id, page: await watchInPage(body.job_id), fixed: fixedPoll(body.job_id, 2000) });
  }
}
console.log(`${runs.length} jobs running (${count} of ${short} s, ${count} of ${long} s); this takes about ${long + 15} s…`);

const rows = [];
for (const run of runs) {
  const fixed = await run.fixed;
  const ours = await run.page.result();
  rows.push({
    seconds: run.seconds,
    ours: { ...latencies(ours.changes, fixed.job), requests: ours.requests, metadata: ours.metadata },
    fixed: { ...latencies(fixed.changes, fixed.job), requests: fixed.requests, metadata: 0 },
  });
}
await browser.close();
await server.stop();

const f = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "—");
console.log("\njob       poller              start seen after   end seen after   status requests   + progress requests   (medians)");
for (const seconds of [short, long]) {
  const of = rows.filter((r) => r.seconds === seconds);
  for (const [name, key] of [["jobs-core schedule", "ours"], ["fixed 2 s poll", "fixed"]]) {
    const pick = (field) => median(of.map((r) => r[key][field]));
    console.log(
      `${String(seconds).padStart(4)} s    ${name.padEnd(18)}  ${f(pick("start")).padStart(16)}   ${f(pick("end")).padStart(14)}   ${String(pick("requests")).padStart(15)}   ${String(pick("metadata")).padStart(19)}`,
    );
  }
  const ratio = median(of.map((r) => r.ours.requests)) / median(of.map((r) => r.fixed.requests));
  console.log(`          status requests, schedule / fixed: ${ratio.toFixed(2)} (the page also fetches progress for its chart)`);
}
