// Benchmark: how soon the status page sees a job start and end, and how many requests it costs,
// side by side in one run, for a short and a long job:
//
// - jobs-core's schedule told nothing (1 s, x1.5 to 10 s, jitter): the first jobs of their kind,
//   when no job like them has completed yet;
// - the same schedule with history known: jobs with the same params as those, watched from the
//   same browser, whose history (localStorage, as the form writes it) holds the earlier ones and
//   how long they ran (the status page notes it when it sees a job complete), so the page
//   expects the end and aims a poll just after it;
// - a fixed 2 s poll (what the official client's wait loop does), on the first jobs.
//
//   bash scripts/run-app.sh   # or: trunk build --release --offline && cargo build --release -p jobs-server
//   node bench/poll-latency.mjs [seconds of the short job = 60] [seconds of the long job = 300] [jobs of each = 3]
//
// The history-known jobs start once the first ones have ended: the run takes about twice the long
// job. Latency = when the page's status badge changed (MutationObserver, page clock) minus when
// the server made the change (started_at / completed_at, same machine clock). Prints medians.
import { getJson, launchBrowser, startServer, submitJob } from "../tests/e2e/harness.mjs";
import { median } from "./common.mjs";

const [short = 60, long = 300, count = 3] = process.argv.slice(2).map(Number);
// Both kinds run at once, and the short ones' second round overlaps the long ones' first.
const server = await startServer({ workers: count * 3 + 1 });
const browser = await launchBrowser();

const terminal = ["completed", "failed", "canceled"];
const bodyOf = (seconds) => ({ job_type: "simulate", params: { duration_s: seconds, steps: 10 } });

/** A history entry as the form writes it (storage/history.rs), for a job sent with `body`. */
const submission = (job_id, body) => ({
  job_id,
  submitted_at: Date.now(),
  api_base: server.url,
  draft: {
    job_type: body.job_type,
    params: JSON.stringify(body.params),
    priority: "",
    callback_url: "",
    metadata: "",
    parent_job_id: "",
    project_id: "",
    saved_at: 0,
  },
  params_dropped: false,
});

/** Opens the job's page in `context`, its submission added to the history there, as if sent
 * from the form. */
async function watchInPage(context, id, body) {
  const page = await context.newPage();
  const counts = { requests: 0, metadata: 0 };
  page.on("request", (r) => {
    if (r.resourceType() !== "fetch") return;
    const pathname = new URL(r.url()).pathname;
    if (pathname === `/jobs/${id}`) counts.requests++;
    if (pathname === `/jobs/${id}/metadata`) counts.metadata++;
  });
  await page.addInitScript((mine) => {
    const history = JSON.parse(localStorage.getItem("jobs.history") ?? "[]");
    if (!history.some((s) => s.job_id === mine.job_id)) history.unshift(mine);
    localStorage.setItem("jobs.history", JSON.stringify(history));
    window.__changes = [];
    new MutationObserver(() => {
      const badge = document.querySelector("dl.facts .badge");
      const status = badge?.getAttribute("data-status");
      if (status && window.__changes.at(-1)?.status !== status) window.__changes.push({ status, at: Date.now() });
    }).observe(document, { subtree: true, childList: true, attributes: true });
  }, submission(id, body));
  await page.goto(`${server.url}/jobs/${id}`);
  return {
    async result(timeout) {
      await page
        .waitForFunction((terminal) => window.__changes.some((c) => terminal.includes(c.status)), terminal, { timeout })
        .catch(() => {});
      const changes = await page.evaluate(() => window.__changes);
      await page.close();
      return { changes, ...counts };
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

/** Both rounds of one kind of job: the rows of the table. */
async function rounds(seconds) {
  const body = bodyOf(seconds);
  // One browser for the jobs of this kind (the other kind's would tell it nothing: other params).
  const context = await browser.newContext();
  const rows = [];
  // Round 1: nothing like these jobs has completed; the fixed poller watches the same jobs.
  const first = [];
  for (let i = 0; i < count; i++) {
    const { body: job } = await submitJob(server, body);
    first.push({ id: job.job_id, page: await watchInPage(context, job.job_id, body), fixed: fixedPoll(job.job_id, 2000) });
  }
  for (const run of first) {
    const fixed = await run.fixed;
    // The page may see the end up to one interval (10 s) after the fixed poller did.
    const ours = await run.page.result(30_000);
    rows.push({ poller: "told nothing", ...latencies(ours.changes, fixed.job), ...ours });
    rows.push({ poller: "fixed", ...latencies(fixed.changes, fixed.job), requests: fixed.requests, metadata: 0 });
  }
  // Round 2: the same params again, from the browser that saw the first ones end.
  const probe = await context.newPage();
  await probe.goto(`${server.url}/jobs`);
  const noted = await probe.evaluate(() => JSON.parse(localStorage.getItem("jobs.history") ?? "[]").filter((s) => s.compute_time > 0).length);
  await probe.close();
  console.log(`${seconds} s jobs: the history holds how long ${noted} of the first ${count} ran`);
  const second = [];
  for (let i = 0; i < count; i++) {
    const { body: job } = await submitJob(server, body);
    second.push({ id: job.job_id, page: await watchInPage(context, job.job_id, body) });
  }
  for (const run of second) {
    const ours = await run.page.result((seconds + 60) * 1000);
    const { body: job } = await getJson(server, `/jobs/${run.id}`);
    rows.push({ poller: "history known", ...latencies(ours.changes, job), ...ours });
  }
  await context.close();
  return rows;
}

console.log(
  `${count} jobs of ${short} s and ${count} of ${long} s, then as many again with their history known; this takes about ${2 * long + 30} s…`,
);
const [shortRows, longRows] = await Promise.all([rounds(short), rounds(long)]);
await browser.close();
await server.stop();

const f = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "—");
const pollers = [
  ["told nothing", "jobs-core schedule, told nothing"],
  ["history known", "jobs-core schedule, history known"],
  ["fixed", "fixed 2 s poll"],
];
console.log(
  `\njob      poller                               start seen after   end seen after   status requests   + progress   (medians of ${count})`,
);
for (const [seconds, rows] of [
  [short, shortRows],
  [long, longRows],
]) {
  for (const [key, name] of pollers) {
    const of = rows.filter((r) => r.poller === key);
    const pick = (field) => median(of.map((r) => r[field]));
    console.log(
      `${String(seconds).padStart(4)} s   ${name.padEnd(35)}  ${f(pick("start")).padStart(16)}   ${f(pick("end")).padStart(14)}   ${String(pick("requests")).padStart(15)}   ${String(pick("metadata")).padStart(10)}`,
    );
  }
}
console.log(
  `\ntarget: with history known, end seen within 2 s for both, at most 40 status requests per ${long} s job; told nothing, as before`,
);
