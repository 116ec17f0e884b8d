// The live job-status page and the jobs list, in a real browser against the real local API.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  appReady, eventually, getJson, jobCount, newPage, requestLog, screenshot, submitJob, useServerAndBrowser,
} from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 1 });

async function job(params, extra = {}) {
  const { status, body } = await submitJob(e2e.server, { job_type: "optimize", params, ...extra });
  assert.equal(status, 202, JSON.stringify(body));
  return body.job_id;
}

async function openJob(id, options) {
  const page = await newPage(e2e.browser, options);
  await page.goto(`${e2e.server.url}/jobs/${id}`);
  await appReady(page);
  return page;
}

const badge = (page) => page.locator("dl.facts .badge");
const polls = (id) => requestLog(e2e.server).filter((r) => r.method === "GET" && r.path === `/jobs/${id}`).length;

/** Marks the page hidden or visible, as the browser does when the tab goes to the background. */
async function setHidden(page, hidden) {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

test("a job goes pending, processing, completed on screen, with progress and its result", async () => {
  // The one worker is busy until the pending state has been seen (a blocker that ends by itself
  // after a few seconds could end before a loaded machine has drawn the page).
  const blocker = await job({ duration_s: 120 });
  const id = await job({ duration_s: 3, steps: 6, result: { capacity_Ah: 5.02, voltage: [4.2, 4.1, 3.9] } });
  const page = await openJob(id);
  const seen = [];
  const watch = setInterval(async () => {
    const text = await badge(page).innerText().catch(() => null);
    if (text && seen.at(-1) !== text) seen.push(text);
  }, 50);
  // A test that fails before clearInterval must not keep its file's process (and CI) alive.
  watch.unref();
  await badge(page).filter({ hasText: "Pending" }).waitFor();
  await screenshot(page, "status-pending");
  assert.equal((await fetch(`${e2e.server.url}/jobs/${blocker}/cancel`, { method: "POST" })).status, 200);
  await badge(page).filter({ hasText: "Processing" }).waitFor({ timeout: 10_000 });
  await page.locator("figure.chart svg[role=img]").waitFor({ timeout: 10_000 });
  await screenshot(page, "status-processing");
  await badge(page).filter({ hasText: "Completed" }).waitFor({ timeout: 15_000 });
  // The watcher reads the badge on its own clock: let it catch up before its record is judged.
  await eventually(() => seen.at(-1)?.includes("Completed"), "the watcher to see Completed", 2000);
  clearInterval(watch);
  assert.deepEqual(seen.filter((s) => ["Pending", "Processing", "Completed"].includes(s.trim().replace(/^\W+/, ""))).length >= 2, true);
  assert.deepEqual(seen.map((s) => s.replace(/^\W+/, "").trim()), ["Pending", "Processing", "Completed"]);
  assert.match(await page.locator(".json-tree").innerText(), /capacity_Ah: 5.02/);
  assert.match(await page.title(), /^completed · Job /);
  // The line says so once the poll that saw the end has finished (it reads the metadata after
  // the badge changed): waited for, not read at once (CI read it in between once).
  await page.locator(".live-status").filter({ hasText: /ended; no more updates/ }).waitFor({ timeout: 5000 });
  const ended = polls(id);
  await page.waitForTimeout(3000);
  assert.equal(polls(id), ended, "no polling after a terminal answer");
  await screenshot(page, "status-completed");
  assert.deepEqual(page.errors, []);
  assert.ok(blocker);
});

test("a failed job shows its error, code and what to do", async () => {
  const id = await job({ duration_s: 0.5, fail_with: "EXECUTION_TIMEOUT" });
  const page = await openJob(id, { colorScheme: "dark" });
  await badge(page).filter({ hasText: "Failed" }).waitFor({ timeout: 10_000 });
  const facts = await page.locator("dl.facts").innerText();
  assert.match(facts, /EXECUTION_TIMEOUT/);
  assert.match(facts, /ran out of time/);
  assert.match(facts, /Error detail/);
  await screenshot(page, "status-failed-dark");
});

test("cancel asks first, the dialog survives poll updates, and the canceled job is shown", async () => {
  const id = await job({ duration_s: 60, steps: 60 });
  const page = await openJob(id);
  await badge(page).filter({ hasText: "Processing" }).waitFor({ timeout: 10_000 });
  await page.getByRole("button", { name: "Cancel job" }).click();
  const dialog = page.locator("dialog#cancel-dialog");
  await dialog.waitFor();
  const text = await dialog.innerText();
  const before = polls(id);
  await eventually(() => polls(id) >= before + 2, "two more polls while the dialog is open");
  assert.equal(await dialog.evaluate((d) => d.open), true, "still open");
  assert.equal(await dialog.innerText(), text, "unchanged");
  await screenshot(page, "status-cancel-dialog");
  await dialog.getByRole("button", { name: "Cancel job" }).click();
  await page.locator(".banner.ok").filter({ hasText: "The job was canceled." }).waitFor();
  await badge(page).filter({ hasText: "Canceled" }).waitFor();
  assert.equal((await getJson(e2e.server, `/jobs/${id}`)).body.status, "canceled");
  await screenshot(page, "status-canceled");
});

test("polling stops while the tab is hidden and resumes at once when it is shown", async () => {
  const id = await job({ duration_s: 60 });
  const page = await openJob(id);
  await eventually(() => polls(id) >= 2, "the first polls");
  await setHidden(page, true);
  await page.waitForTimeout(300);
  const hiddenAt = polls(id);
  await page.waitForTimeout(6000);
  assert.ok(polls(id) <= hiddenAt + 1, `no polls while hidden (${hiddenAt} then ${polls(id)})`);
  const shownAt = polls(id);
  await setHidden(page, false);
  await eventually(() => polls(id) > shownAt, "a poll right after the tab is shown", 1500);
  await getJson(e2e.server, `/jobs/${id}`);
  await fetch(`${e2e.server.url}/jobs/${id}/cancel`, { method: "POST" });
});

test("pause stops live updates, Refresh still looks", async () => {
  const id = await job({ duration_s: 60 });
  const page = await openJob(id);
  await eventually(() => polls(id) >= 1, "the first poll");
  await page.getByLabel("Pause live updates").check();
  await page.waitForTimeout(300);
  const pausedAt = polls(id);
  await page.waitForTimeout(4000);
  assert.ok(polls(id) <= pausedAt + 1);
  assert.match(await page.locator(".live-status").innerText(), /paused/);
  // The job changes while updates are paused: the page does not look by itself, Refresh does.
  await fetch(`${e2e.server.url}/jobs/${id}/cancel`, { method: "POST" });
  await page.waitForTimeout(1500);
  assert.equal(await page.locator("dl.facts .badge.canceled").count(), 0, "paused: no look by itself");
  const before = polls(id);
  await page.getByRole("button", { name: "Refresh" }).click();
  await page.locator("dl.facts .badge.canceled").waitFor({ timeout: 5_000 });
  assert.ok(polls(id) > before, "Refresh asked the server");
  assert.deepEqual(page.errors, []);
});

test("canceling a job while live updates are paused shows it canceled", async () => {
  const id = await job({ duration_s: 60 });
  const page = await openJob(id);
  await page.locator("dl.facts .badge.processing").waitFor();
  await page.getByLabel("Pause live updates").check();
  await page.getByRole("button", { name: "Cancel job" }).click();
  await page.locator("#cancel-dialog").getByRole("button", { name: "Cancel job" }).click();
  await page.getByText("The job was canceled.").waitFor();
  await page.locator("dl.facts .badge.canceled").waitFor({ timeout: 5_000 });
  assert.deepEqual(page.errors, []);
});

test("a status this app does not know is shown as it is, and is_terminal still ends polling", async () => {
  const id = await job({ duration_s: 0.2 });
  await eventually(async () => (await getJson(e2e.server, `/jobs/${id}`)).body.is_terminal, "the job to end");
  const page = await newPage(e2e.browser);
  // A newer API: a status and an error code this version has never heard of.
  await page.route((url) => url.pathname === `/jobs/${id}`, async (route) => {
    if (route.request().resourceType() !== "fetch") return route.continue();
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, status: "archived", error_code: "QUOTA_EXCEEDED", is_terminal: true, is_failed: false } });
  });
  await page.goto(`${e2e.server.url}/jobs/${id}`);
  await appReady(page);
  await badge(page).filter({ hasText: "archived" }).waitFor();
  assert.equal(await badge(page).getAttribute("class"), "badge unknown");
  assert.match(await page.locator("dl.facts").innerText(), /QUOTA_EXCEEDED[\s\S]*newer than this app/);
  await screenshot(page, "status-unknown");
});

test("an unknown job says so, with a way to the list", async () => {
  const page = await openJob("no-such-job");
  await page.locator(".banner.bad").filter({ hasText: "Job not found" }).waitFor();
  await page.getByRole("link", { name: "See the jobs list" }).click();
  await page.waitForURL(/\/jobs$/);
});

test("the list filters by status and type in the address, and pages through the jobs", async () => {
  for (let i = 0; i < 22; i++) await job({ duration_s: 0 }, { job_type: i % 2 ? "simulate" : "datafit" });
  await job({ duration_s: 0, fail_with: "MODEL_ERROR" }, { job_type: "ecm_fit" });
  await eventually(async () => (await getJson(e2e.server, "/jobs?status=pending")).body.length === 0, "the queue to drain", 30_000);
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs`);
  await appReady(page);
  await page.locator("tbody tr").first().waitFor();
  assert.equal(await page.locator("tbody tr").count(), 20);
  const total = await jobCount(e2e.server);
  assert.match(await page.locator(".paging").innerText(), new RegExp(`1–20 of ${total}`));
  await screenshot(page, "list");
  await page.getByRole("button", { name: "Older →" }).click();
  await page.waitForURL(/offset=20/);
  await page.locator(".paging").filter({ hasText: `21–` }).waitFor();
  await page.getByLabel("Status").selectOption("failed");
  await page.waitForURL(/status=failed/);
  assert.ok(!page.url().includes("offset"), "a new filter starts at the first page");
  await eventually(async () => (await page.locator("tbody tr").count()) >= 1 && (await page.locator("tbody .badge:not(.failed)").count()) === 0, "only failed jobs");
  await page.getByLabel("Job type").selectOption("ecm_fit");
  await page.waitForURL(/job_type=ecm_fit/);
  await eventually(async () => (await page.locator("tbody tr").count()) === 1, "one failed ecm_fit job");
  // The server's log says what the list asked for: its filters, in the query.
  assert.ok(requestLog(e2e.server).some((r) => r.path === "/jobs" && /status=failed/.test(r.query) && /job_type=ecm_fit/.test(r.query)));
  await page.reload();
  await appReady(page);
  assert.equal(await page.getByLabel("Status").inputValue(), "failed", "filters come back from the address");
  await page.locator("tbody tr a").first().click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  await badge(page).filter({ hasText: "Failed" }).waitFor();
});

test("clone and edit opens the form with the job's request", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/new`);
  await appReady(page);
  await page.getByLabel("Job type", { exact: true }).selectOption("validation");
  await page.getByLabel("Params", { exact: true }).fill('{"duration_s": 0.1, "dataset": "cell-7"}');
  await page.getByLabel("Priority", { exact: true }).fill("4");
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Clone and edit" }).click();
  await page.waitForURL(/\/jobs\/new$/);
  assert.equal(await page.getByLabel("Job type", { exact: true }).inputValue(), "validation");
  assert.equal(await page.getByLabel("Params", { exact: true }).inputValue(), '{"duration_s": 0.1, "dataset": "cell-7"}');
  assert.equal(await page.getByLabel("Priority", { exact: true }).inputValue(), "4");
  // Cloning from Recent submissions over typed text asks first, and "Keep" keeps it.
  await page.getByLabel("Priority", { exact: true }).fill("9");
  await page.waitForTimeout(600);
  await page.locator("ul.recent").getByRole("button", { name: "Clone" }).first().click();
  await page.getByRole("button", { name: "Keep what I typed" }).click();
  assert.equal(await page.getByLabel("Priority", { exact: true }).inputValue(), "9");
  await page.locator("ul.recent").getByRole("button", { name: "Clone" }).first().click();
  await page.getByRole("button", { name: "Replace the form" }).click();
  assert.equal(await page.getByLabel("Priority", { exact: true }).inputValue(), "4");
});

test("a 5 MB result opens as a tree at once, a level and a page at a time", async () => {
  const series = Array.from({ length: 60000 }, (_, i) => ({ t: i * 0.5, voltage: 3.2 + ((i % 700) / 1000), current: -1.25 }));
  const result = { capacity_Ah: 5.01, series };
  const id = await job({ duration_s: 0.1, result });
  await eventually(async () => (await getJson(e2e.server, `/jobs/${id}`)).body.is_terminal, "the job to end");
  const page = await newPage(e2e.browser);
  const started = Date.now();
  await page.goto(`${e2e.server.url}/jobs/${id}`);
  await appReady(page);
  await page.locator(".json-tree summary").first().waitFor();
  const shown = Date.now() - started;
  const tree = page.locator(".json-tree");
  assert.match(await tree.innerText(), /series: \[…\] 60000 items/);
  const opening = Date.now();
  await tree.locator("summary", { hasText: "series" }).click();
  await tree.getByRole("button", { name: /Show 100 more \(59900 not shown\)/ }).waitFor();
  const opened = Date.now() - opening;
  console.log(`5 MB result: page with tree in ${shown} ms, 60,000-item array opened in ${opened} ms`);
  assert.equal(await tree.locator(".children .children > details").count(), 100, "100 items at a time");
  await screenshot(page, "status-large-result");
  assert.deepEqual(page.errors, []);
});

test("the status page and the list fit a phone's width", async () => {
  const id = await job({ duration_s: 0.1, fail_with: "SOLVER_ERROR" });
  await eventually(async () => (await getJson(e2e.server, `/jobs/${id}`)).body.is_terminal, "the job to end");
  for (const [path, name] of [[`/jobs/${id}`, "status-phone"], ["/jobs", "list-phone"], ["/jobs/new", "form-phone"]]) {
    const page = await newPage(e2e.browser, { viewport: { width: 390, height: 844 } });
    await page.goto(e2e.server.url + path);
    await appReady(page);
    await page.waitForTimeout(800);
    await screenshot(page, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
  }
});
