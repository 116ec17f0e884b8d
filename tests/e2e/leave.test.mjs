// Leaving a page while its request is still on the way: every request the app makes is held
// back about two seconds by request interception, the user clicks a link of the header meanwhile,
// and the app must keep working (no "unreachable", links still lead somewhere). A job submitted
// that way is created once, kept in the history, and its draft is not offered again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, getJson, jobCount, newPage, submitJob, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

const DELAY_MS = 2000;
const nav = (page, name) => page.locator("header nav").getByRole("link", { name, exact: true }).click();

/** Holds back the answers to requests that `matches(request)` by DELAY_MS; resolves once one was held. */
function delay(page, matches) {
  let held;
  const seen = new Promise((resolve) => (held = resolve));
  page.route("**/*", async (route) => {
    if (!matches(route.request())) return route.continue();
    held();
    const response = await route.fetch();
    await new Promise((r) => setTimeout(r, DELAY_MS));
    await route.fulfill({ response }).catch(() => {});
  });
  return seen;
}

/** After leaving: the held answer has come, the app shows no error and still navigates. */
async function stillWorks(page) {
  await page.waitForTimeout(DELAY_MS + 800);
  await nav(page, "Settings");
  await page.getByRole("heading", { name: "Settings" }).waitFor({ timeout: 5000 });
  await nav(page, "New job");
  await page.getByRole("heading", { name: "New job" }).waitFor({ timeout: 5000 });
  assert.deepEqual(page.errors, []);
}

test("leaving the form while the job is being submitted creates it once and keeps it in the history", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  const before = await jobCount(e2e.server);
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await page.getByLabel("Params", { exact: true }).fill('{"duration_s": 0.1, "leave": "mid-submit"}');
  await page.waitForTimeout(600); // the draft is saved
  const held = delay(page, (r) => r.method() === "POST" && new URL(r.url()).pathname === "/jobs");
  await page.getByRole("button", { name: "Submit job" }).click();
  await held;
  await nav(page, "Jobs");
  await page.getByRole("heading", { name: "Jobs" }).waitFor();
  await stillWorks(page);
  await eventually(async () => (await jobCount(e2e.server)) === before + 1, "the job on the server");
  await page.waitForTimeout(500);
  assert.equal(await jobCount(e2e.server), before + 1, "exactly one job");
  const { body } = await getJson(e2e.server, "/jobs?limit=1");
  const id = (body.jobs ?? body.items ?? body)[0].job_id;
  await page.reload();
  await appReady(page);
  await page.getByRole("heading", { name: "Recent submissions" }).waitFor();
  assert.equal(await page.getByText("unsent draft").count(), 0, "no unsent draft offered");
  assert.equal(await page.locator("ul.recent").getByText(id).count(), 1, "the job is in recent submissions");
  assert.deepEqual(page.errors, []);
});

test("leaving a job's page while it loads (job and metadata) keeps the app working", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0.1 } });
  for (const [what, path] of [["job", `/jobs/${job.job_id}`], ["metadata", `/jobs/${job.job_id}/metadata`]]) {
    const page = await newPage(e2e.browser);
    const held = delay(page, (r) => new URL(r.url()).pathname === path);
    await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
    await appReady(page);
    await held;
    await nav(page, "Jobs");
    await stillWorks(page);
    assert.deepEqual(page.errors, [], what);
  }
});

test("leaving the jobs list while it loads keeps the app working", async () => {
  const page = await newPage(e2e.browser);
  const held = delay(page, (r) => new URL(r.url()).pathname === "/jobs" && r.method() === "GET");
  await page.goto(e2e.server.url + "/jobs");
  await appReady(page);
  await held;
  await nav(page, "New job");
  await stillWorks(page);
});

test("leaving a job's page while it is being canceled keeps the app working and still cancels", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 60 } });
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await appReady(page);
  const held = delay(page, (r) => r.method() === "POST" && r.url().endsWith("/cancel"));
  await page.locator(".toolbar").getByRole("button", { name: "Cancel job" }).click();
  await page.locator("#cancel-dialog").getByRole("button", { name: "Cancel job" }).click();
  await held;
  await nav(page, "Jobs");
  await stillWorks(page);
  await eventually(async () => (await getJson(e2e.server, `/jobs/${job.job_id}`)).body.status === "canceled", "the cancel");
});

test("leaving Settings while the connection test runs keeps the app working", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/settings");
  await appReady(page);
  const held = delay(page, (r) => new URL(r.url()).pathname === "/jobs");
  await page.getByRole("button", { name: "Test connection" }).click();
  await held;
  await nav(page, "Jobs");
  await stillWorks(page);
});

test("leaving the form right after typing keeps the app working and keeps what was typed", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await page.getByLabel("Params", { exact: true }).fill('{"typed": "just now"}');
  // Before typing pauses, and without the editor losing focus first (a script's click moves no focus).
  await page.evaluate(() => document.querySelector('header nav a[href$="/jobs"]').click());
  await page.getByRole("heading", { name: "Jobs" }).waitFor();
  await page.waitForTimeout(800); // the editor's timer would have fired by now
  await nav(page, "New job");
  await page.getByRole("heading", { name: "New job" }).waitFor();
  assert.equal(await page.getByLabel("Params", { exact: true }).inputValue(), '{"typed": "just now"}');
  assert.deepEqual(page.errors, []);
});

test("leaving the form with the cursor in a text field keeps the app working", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  await page.getByLabel("Priority", { exact: true }).fill("3");
  await page.evaluate(() => document.querySelector('header nav a[href$="/jobs"]').click());
  await page.getByRole("heading", { name: "Jobs" }).waitFor();
  await stillWorks(page);
});
