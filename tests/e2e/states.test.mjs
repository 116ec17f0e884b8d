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
