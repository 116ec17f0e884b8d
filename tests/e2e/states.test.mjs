// One state, one message: pages that said two things at once (found trying the app as a new user).
// Each test failed before its fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, getJson, newPage, screenshot, submitJob, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

const ended = (id) => eventually(async () => (await getJson(e2e.server, `/jobs/${id}`)).body.is_terminal, `job ${id} to end`);

test("a job that is not there says only that: no live line, no pause, no clone", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/00000000-0000-4000-8000-000000000000`);
  await appReady(page);
  await page.locator(".banner.bad").filter({ hasText: "Job not found" }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByText("This job has ended").count(), 0);
  assert.equal(await page.getByLabel("Pause live updates").count(), 0);
  assert.equal(await page.getByRole("button", { name: "Clone and edit" }).count(), 0);
  await screenshot(page, "state-job-not-found");
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});

test("an ended job offers no pause of live updates it no longer gets", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0 } });
  await ended(job.job_id);
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await page.getByText("This job has ended; no more updates.").waitFor();
  assert.equal(await page.getByLabel("Pause live updates").count(), 0);
  assert.equal(await page.getByRole("button", { name: "Clone and edit" }).count(), 1);
});

test("Clone and edit says the form was filled from the job, not that an unsent draft was restored", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0 }, priority: 3 });
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await page.getByRole("button", { name: "Clone and edit" }).click();
  await page.waitForURL(/\/jobs\/new$/);
  const banner = page.locator(".banner.info");
  await banner.waitFor();
  assert.match(await banner.innerText(), new RegExp(`Filled from job ${job.job_id}: change what you need, then submit`));
  assert.doesNotMatch(await banner.innerText(), /unsent/);
  assert.equal(await page.getByLabel("Priority", { exact: true }).inputValue(), "3");
});

test("the list: a filter that matches nothing says so once, and an unreachable API is not also 'Loading jobs…'", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs?status=canceled&job_type=optimize`);
  await page.getByText("No jobs match these filters.").waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByText("Every job on this page has ended").count(), 0);

  const unreachable = await newPage(e2e.browser);
  await unreachable.route(/\/jobs\?/, (route) => route.abort("connectionrefused"));
  await unreachable.goto(`${e2e.server.url}/jobs`);
  await unreachable.locator(".banner").first().waitFor();
  await unreachable.waitForTimeout(300);
  assert.equal(await unreachable.getByText("Loading jobs…").count(), 0, "a failure replaces 'Loading jobs…'");
  await screenshot(unreachable, "state-list-unreachable");
});

test("right after a cancel, the callback section no longer says it is sent when the job ends", async () => {
  // A callback to a private address: the local API refuses it once the job ends.
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 60 }, callback_url: "http://127.0.0.1:9/hook" });
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  const callback = page.locator(".callback-state");
  await callback.filter({ hasText: "Sent when the job ends." }).waitFor();
  // Long enough for the callback's polling to slow down: the page, not the next poll, must say it.
  await page.waitForTimeout(4000);
  await page.getByRole("button", { name: "Cancel job" }).click();
  await page.locator("dialog#cancel-dialog[open]").waitFor();
  await page.locator("dialog#cancel-dialog").getByRole("button", { name: "Cancel job" }).click();
  await page.locator(".banner.ok").filter({ hasText: "The job was canceled." }).waitFor();
  assert.notEqual(await callback.innerText(), "Sent when the job ends.");
  await callback.filter({ hasText: "Not sent: the server refused to call this URL." }).waitFor({ timeout: 10_000 });
  await screenshot(page, "state-canceled-callback");
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});

/** The texts on the page that say where things stand (status lines, banners, loading notes). */
const saying = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("main .banner, main [role=status], main [role=alert], main p.muted")]
      .filter((e) => e.offsetParent !== null)
      .map((e) => e.textContent.trim())
      .filter(Boolean),
  );

/** Fails when two of the page's texts contradict each other: one `a` and one `b` together. */
function oneState(texts, what) {
  const has = (re) => texts.some((t) => re.test(t));
  const pairs = [
    [/^Loading/, /Reconnecting|could not reach|Cannot reach|not reachable|failed/i],
    [/^Loading/, /not found/i],
    [/^Live: checking/, /Reconnecting/],
    [/^Live: checking/, /has ended|Live updates paused/],
    [/Reconnecting/, /has ended; no more updates/],
    [/not found/i, /^Live|has ended|Reconnecting/],
  ];
  for (const [a, b] of pairs) assert.ok(!(has(a) && has(b)), `${what}: ${a} and ${b} together in ${JSON.stringify(texts)}`);
}

test("every page's states, one message each: loading, loaded, unreachable, reconnecting, paused, ended, missing", async () => {
  const { body: running } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 60 } });
  const { body: done } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0 } });
  await ended(done.job_id);
  const shots = [];
  const look = async (page, name) => {
    await page.waitForTimeout(400);
    const texts = await saying(page);
    oneState(texts, name);
    await screenshot(page, `state-${name}`);
    shots.push(name);
    return texts;
  };

  // The API's answers (not the page's own address, which is also /jobs/…).
  const API = /\/jobs(\/|\?|$)/;
  const api = (handle) => (route) => (route.request().resourceType() === "fetch" ? handle(route) : route.continue());

  // Loading: the API holds its answer.
  const held = [];
  let page = await newPage(e2e.browser);
  await page.route(API, api((route) => held.push(route)));
  await page.goto(`${e2e.server.url}/jobs/${running.job_id}`);
  await page.getByText("Loading the job…").waitFor();
  await look(page, "job-loading");
  await page.goto(`${e2e.server.url}/jobs`);
  await page.getByText("Loading jobs…").waitFor();
  await look(page, "list-loading");
  for (const route of held) route.abort().catch(() => {});

  // Unreachable from the start.
  page = await newPage(e2e.browser);
  await page.route(API, api((route) => route.abort("connectionrefused")));
  await page.goto(`${e2e.server.url}/jobs/${running.job_id}`);
  await page.locator(".banner").first().waitFor();
  let texts = await look(page, "job-unreachable");
  assert.ok(!texts.some((t) => t.startsWith("Loading the job")), `no 'Loading the job…' beside the failure: ${JSON.stringify(texts)}`);
  assert.ok(!texts.some((t) => t.includes("last known state")), `nothing was shown, so no 'last known state': ${JSON.stringify(texts)}`);
  assert.ok(texts.some((t) => t.includes("Retrying with backoff.")), "it says that it retries");
  assert.equal(await page.getByText(/cloning copies/).count(), 0, "no word on cloning where Clone and edit is not offered");

  // Loaded and live, then the API goes away: reconnecting.
  page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/${running.job_id}`);
  await page.locator(".live-status").filter({ hasText: "Live: checking" }).waitFor();
  await look(page, "job-live");
  await page.route(API, api((route) => route.abort("connectionrefused")));
  await page.locator(".live-status").filter({ hasText: "Reconnecting…" }).waitFor({ timeout: 15_000 });
  await look(page, "job-reconnecting");
  await page.unroute(API);
  await page.locator(".live-status").filter({ hasText: "Live: checking" }).waitFor({ timeout: 15_000 });
  assert.equal(await page.locator(".banner.bad").count(), 0, "the failure's banner goes once the API answers again");
  await page.getByLabel("Pause live updates").check();
  await page.locator(".live-status").filter({ hasText: "Live updates paused." }).waitFor();
  await look(page, "job-paused");

  // The list, live and then unreachable.
  await page.goto(`${e2e.server.url}/jobs`);
  await page.locator("table, .jobs").first().waitFor();
  await look(page, "list-live");
  await page.route(API, api((route) => route.abort("connectionrefused")));
  await page.locator("[role=status]").filter({ hasText: "Reconnecting…" }).first().waitFor({ timeout: 15_000 });
  await look(page, "list-reconnecting");

  // Ended, and missing.
  page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/${done.job_id}`);
  await page.getByText("This job has ended; no more updates.").waitFor();
  await look(page, "job-ended");
  await page.goto(`${e2e.server.url}/jobs/00000000-0000-4000-8000-000000000001`);
  await page.getByText(/Job not found/).waitFor();
  await look(page, "job-missing");
  assert.equal(await page.getByText(/cloning copies/).count(), 0, "no word on cloning a job that is not there");

  // Settings: its own fields, nothing about jobs.
  await page.goto(`${e2e.server.url}/settings`);
  await appReady(page);
  await look(page, "settings");
  await fetch(`${e2e.server.url}/jobs/${running.job_id}/cancel`, { method: "POST" });
  assert.equal(shots.length, 11);
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});
