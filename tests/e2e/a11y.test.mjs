// Accessibility. axe-core (WCAG 2.0/2.1/2.2 A and AA, and axe's best practices; checkA11y in
// harness.mjs) must find nothing in any page or state of the app, light and dark. Every state
// another browser test screenshots is checked there (screenshot() runs axe): the empty form and
// the form's problem summary, the fault and uncertain-outcome banners, the draft-not-kept note,
// the job's pending, processing, completed, failed, canceled, unknown-status and reconnecting
// states with the cancel dialog, a large result, the list, the phone layouts, hostile content,
// and Settings with its warnings and a connection test. This file checks the rest, each
// screenshotted as tests/artifacts/a11y-*.png. It checks where the focus goes on moving to
// another page (its heading) and on changing the list's filters (it stays). Then a person with
// only a keyboard submits a job, sees it complete, submits another and cancels it.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  appReady, checkA11y, eventually, getJson, launchBrowser, newPage, route422, screenshot, startServer, submitJob,
} from "./harness.mjs";

let server; // runs jobs
let idle; // runs none: its jobs stay pending
let browser;
const opened = []; // closed after each test: a job page left open goes on polling
before(async () => {
  [server, idle] = await Promise.all([startServer({ workers: 2 }), startServer({ workers: 0 })]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await idle?.stop();
});
afterEach(async () => {
  for (const page of opened.splice(0)) await page.context().close();
});

const SCHEMES = ["light", "dark"];

async function open(path, colorScheme = "light", on = server) {
  const page = await newPage(browser, { colorScheme });
  opened.push(page);
  await page.goto(on.url + path);
  await appReady(page);
  return page;
}

/** Screenshots the state as a11y-NAME-SCHEME.png and checks it with axe (screenshot does both). */
const check = (page, name, colorScheme) => screenshot(page, `a11y-${name}-${colorScheme}`);

async function job(params, extra = {}, on = server) {
  const { status, body } = await submitJob(on, { job_type: "simulate", params, ...extra });
  assert.equal(status, 202, JSON.stringify(body));
  return body.job_id;
}

const ended = (id) => eventually(async () => (await getJson(server, `/jobs/${id}`)).body.is_terminal, `job ${id} to end`);
const badge = (page) => page.locator("dl.facts .badge");
const field = (page, label) => page.getByLabel(label, { exact: true });

for (const colorScheme of SCHEMES) {
  test(`the form's states pass axe (${colorScheme})`, async () => {
    const page = await open("/jobs/new", colorScheme);
    await check(page, "form-empty", colorScheme);

    // Problems shown field by field as they are left: a rule's message, a JSON syntax error.
    await field(page, "Job type").selectOption("datafit");
    await field(page, "Params").fill('{"a": 1,}');
    await field(page, "Priority").fill("11");
    await field(page, "Callback URL").fill("ftp://example.com/hook");
    await field(page, "Callback URL").blur();
    await page.locator("#params-error").filter({ hasText: "Line 1, column 9" }).waitFor();
    await page.locator("#priority-error").filter({ hasText: "less than or equal to 10" }).waitFor();
    await check(page, "form-field-errors", colorScheme);

    // The API's 422, placed on its fields, and an entry that names no field in the banner.
    await field(page, "Params").fill('{"duration_s": 0}');
    await field(page, "Priority").fill("7");
    await field(page, "Callback URL").fill("");
    const unroute422 = await route422(page);
    await page.getByRole("button", { name: "Submit job" }).click();
    await page.locator("#priority-error").filter({ hasText: "less than or equal to 5" }).waitFor();
    await page.locator(".banner.bad").filter({ hasText: "unknown project" }).waitFor();
    await check(page, "form-422", colorScheme);
    await unroute422();

    // A refused key: the banner links to Settings.
    await page.route("**/jobs", (route) =>
      route.fulfill({ status: 401, contentType: "application/json", body: JSON.stringify({ detail: "Invalid API key" }) }),
    );
    await page.getByRole("button", { name: "Submit job" }).click();
    await page.locator(".banner.bad").filter({ hasText: "Check the API key in Settings" }).waitFor();
    await check(page, "form-401", colorScheme);
    await page.unroute("**/jobs");

    // The API down: the job may have been created; looking for it finds none.
    await page.route("**/jobs", (route) => (route.request().method() === "POST" ? route.abort("connectionrefused") : route.continue()));
    await page.getByRole("button", { name: "Submit job" }).click();
    await page.getByText("The job may have been created.").waitFor();
    await page.getByRole("button", { name: "Look for it" }).click();
    await page.getByText(/No job of this type created since/).waitFor();
    await check(page, "form-api-down", colorScheme);
    await page.unroute("**/jobs");

    // After a reload, the draft comes back marked as possibly sent.
    await page.reload();
    await appReady(page);
    await page.locator(".banner.info").filter({ hasText: "possibly sent" }).waitFor();
    await check(page, "form-restored-possibly-sent", colorScheme);

    // Clear form asks first.
    await page.getByRole("button", { name: "Clear form" }).click();
    await page.getByRole("alertdialog").waitFor();
    await check(page, "form-confirm-clear", colorScheme);
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    assert.equal(await field(page, "Job type").inputValue(), "");
    assert.equal(await field(page, "Params").inputValue(), "{}");

    // A plain unsent draft, restored.
    await field(page, "Job type").selectOption("dummy");
    await field(page, "Params").fill('{"duration_s": 0}');
    await field(page, "Params").blur();
    await page.waitForTimeout(700); // typing paused: saved
    await page.reload();
    await appReady(page);
    await page.locator(".banner.info").filter({ hasText: "Restored your unsent draft" }).waitFor();
    await check(page, "form-restored", colorScheme);

    // Submitted: the form lists it under Recent submissions; cloning it over typed text asks first.
    await page.getByRole("button", { name: "Submit job" }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    await page.locator("header nav").getByRole("link", { name: "New job" }).click();
    await page.locator("ul.recent li").first().waitFor();
    await field(page, "Priority").fill("3");
    await page.locator("ul.recent").getByRole("button", { name: "Clone" }).first().click();
    await page.getByRole("alertdialog").filter({ hasText: "Replace what is in the form" }).waitFor();
    await check(page, "form-confirm-clone", colorScheme);
    await page.getByRole("button", { name: "Replace the form" }).click();
    assert.equal(await field(page, "Job type").inputValue(), "dummy");

    // Copy as curl; then, with a browser that refuses the clipboard, the text shown to copy by hand.
    await page.getByRole("button", { name: "Copy as curl" }).click();
    await page.getByText("Copied as curl.").waitFor();
    await check(page, "form-copied", colorScheme);
    await page.evaluate(() => (navigator.clipboard.writeText = () => Promise.reject(new DOMException("denied", "NotAllowedError"))));
    await page.getByRole("button", { name: "Copy as Python" }).click();
    await page.getByLabel("Text to copy").waitFor();
    await check(page, "form-copy-by-hand", colorScheme);
    assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
  });
}

test("a large params document, edited a window at a time, passes axe", async () => {
  const rows = Array.from({ length: 6000 }, (_, i) => `  {"step": ${i}, "current": -1.25}`);
  const page = await open("/jobs/new");
  await page.locator("#params-file").setInputFiles({ name: "steps.json", mimeType: "application/json", buffer: Buffer.from(`{"data": [\n${rows.join(",\n")}\n]}`) });
  await page.locator(".window-bar").waitFor();
  await page.getByRole("button", { name: "Later ▶" }).click();
  await page.locator(".window-bar").filter({ hasText: /showing lines [1-9]\d+–/ }).waitFor();
  await check(page, "form-large-document", "light");
});

test("a form with a syntax error fits a phone and passes axe", async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
  opened.push(page);
  await page.goto(server.url + "/jobs/new");
  await appReady(page);
  await field(page, "Params").fill('{"experiment": "Discharge at 1C until 2.5 V, rest for an hour, then charge", "cycles": 3,, "x": 1}');
  await field(page, "Params").blur();
  await page.locator("#params-error pre.marker").waitFor();
  await check(page, "form-syntax-phone", "light");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the form scrolls sideways by ${overflow}px`);
});

for (const colorScheme of SCHEMES) {
  test(`the job page's states pass axe (${colorScheme})`, async () => {
    // Queued (a server that runs nothing).
    const queued = await job({ duration_s: 1 }, {}, idle);
    let page = await open(`/jobs/${queued}`, colorScheme, idle);
    await badge(page).filter({ hasText: "Pending" }).waitFor();
    await check(page, "job-pending", colorScheme);

    // Running, with its progress chart; then with live updates paused.
    const running = await job({ duration_s: 60, steps: 60 });
    page = await open(`/jobs/${running}`, colorScheme);
    await badge(page).filter({ hasText: "Processing" }).waitFor({ timeout: 10_000 });
    await page.locator("figure.chart svg[role=img]").waitFor({ timeout: 10_000 });
    await check(page, "job-processing", colorScheme);
    await page.getByLabel("Pause live updates").check();
    await page.locator(".live-status").filter({ hasText: "paused" }).waitFor();
    await check(page, "job-paused", colorScheme);
    await page.getByLabel("Pause live updates").uncheck();

    // The cancel dialog, then the canceled job with its note.
    await page.getByRole("button", { name: "Cancel job" }).click();
    await page.locator("dialog#cancel-dialog[open]").waitFor();
    await check(page, "job-cancel-dialog", colorScheme);
    await page.locator("dialog#cancel-dialog").getByRole("button", { name: "Cancel job" }).click();
    await page.locator(".banner.ok").filter({ hasText: "The job was canceled." }).waitFor();
    await badge(page).filter({ hasText: "Canceled" }).waitFor();
    await check(page, "job-canceled", colorScheme);

    // Waiting for a child job. The parent's own work lasts long enough for the child to be
    // submitted before it ends, even on a loaded machine: a parent that ends first has no child
    // to wait for and completes (the dark run once lost that race with 0.1 s).
    const parent = await job({ duration_s: 3 });
    const child = await job({ duration_s: 60 }, { parent_job_id: parent });
    page = await open(`/jobs/${parent}`, colorScheme);
    await badge(page).filter({ hasText: "Waiting for child jobs" }).waitFor({ timeout: 20_000 });
    await check(page, "job-waiting", colorScheme);
    await fetch(`${server.url}/jobs/${child}/cancel`, { method: "POST" });

    // Completed, with a result tree (opened a level) and a callback the server refused to call.
    // This tab holds an unsent draft, so that Clone and edit asks before replacing it.
    const completed = await job({ duration_s: 0.2, result: { capacity_Ah: 5.02, curve: [4.2, 4.1, 3.9] } }, { callback_url: "http://127.0.0.1:9/hook", priority: 8 });
    await ended(completed);
    page = await open("/jobs/new", colorScheme);
    await field(page, "Params").fill('{"mine": 1}');
    await field(page, "Params").blur();
    await page.waitForTimeout(700); // typing paused: saved
    await page.goto(`${server.url}/jobs/${completed}`);
    await appReady(page);
    await badge(page).filter({ hasText: "Completed" }).waitFor();
    await page.locator(".json-tree summary", { hasText: "curve" }).click();
    await page.getByText(/refused to call this URL/).waitFor();
    await check(page, "job-completed", colorScheme);
    await page.getByRole("button", { name: "Clone and edit" }).click();
    await page.getByRole("alertdialog").filter({ hasText: "Replace it with this job's request?" }).waitFor();
    await check(page, "job-confirm-clone", colorScheme);

    // Failed, with its code, hint and detail.
    const failed = await job({ duration_s: 0.1, fail_with: "SOLVER_ERROR" });
    await ended(failed);
    page = await open(`/jobs/${failed}`, colorScheme);
    await badge(page).filter({ hasText: "Failed" }).waitFor();
    await check(page, "job-failed", colorScheme);

    // No such job.
    page = await open("/jobs/no-such-job", colorScheme);
    await page.locator(".banner.bad").filter({ hasText: "Job not found" }).waitFor();
    await check(page, "job-not-found", colorScheme);
  });
}

for (const colorScheme of SCHEMES) {
  test(`the jobs list's states pass axe (${colorScheme})`, async () => {
    // Empty: a server that has no jobs yet.
    const empty = await startServer({ workers: 0 });
    let page;
    try {
      page = await open("/jobs", colorScheme, empty);
      await page.getByText("No jobs match these filters.").waitFor();
      await check(page, "list-empty", colorScheme);
    } finally {
      await empty.stop();
    }

    const failed = await job({ duration_s: 0, fail_with: "MODEL_ERROR" }, { job_type: "ecm_fit" });
    const running = await job({ duration_s: 30 }, { job_type: "datafit", priority: 9 });
    await ended(failed);
    page = await open("/jobs", colorScheme);
    await page.locator("tbody tr").nth(1).waitFor();
    await check(page, "list", colorScheme);

    // Filtered by status and type (in the address).
    await page.getByLabel("Status").selectOption("failed");
    await page.getByLabel("Job type").selectOption("ecm_fit");
    await page.waitForURL(/job_type=ecm_fit/);
    await eventually(async () => (await page.locator("tbody tr").count()) >= 1 && (await page.locator("tbody .badge:not(.failed)").count()) === 0, "only failed ecm_fit jobs");
    await check(page, "list-filtered", colorScheme);

    // Filtered to nothing.
    await page.getByLabel("Status").selectOption("canceled");
    await page.getByText("No jobs match these filters.").waitFor();
    await check(page, "list-filtered-empty", colorScheme);

    // The API unreachable while the list refreshes.
    await page.route(/\/jobs\?/, (route) => route.abort("connectionrefused"));
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByText("Reconnecting…").waitFor();
    await check(page, "list-api-down", colorScheme);
    await page.unroute(/\/jobs\?/);
    await fetch(`${server.url}/jobs/${running}/cancel`, { method: "POST" });
    assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
  });

  test(`Settings, with its warnings and answers, and the not-found page pass axe (${colorScheme})`, async () => {
    const page = await open("/settings", colorScheme);
    await check(page, "settings", colorScheme);

    // Not an address.
    await page.getByLabel("API base URL").fill("jobs.example.com");
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator("#api-base-error").filter({ hasText: "Enter a full http:// or https:// address" }).waitFor();
    await check(page, "settings-invalid", colorScheme);

    // A remembered key for plain http to another machine, an address the policy blocks, the key shown.
    await page.getByLabel("API base URL").fill("http://jobs.example.com:8080");
    await page.getByLabel("API key").fill("a-key-for-the-test");
    await page.getByRole("button", { name: "Show" }).click();
    await page.getByLabel("Remember on this device").check();
    await page.locator("#api-key-warning").filter({ hasText: "reached over plain http://" }).waitFor();
    await page.locator("#api-base-error").filter({ hasText: "is not one of them" }).waitFor();
    await check(page, "settings-warnings", colorScheme);

    // A connection test that fails (another port on this machine, which the policy refuses too),
    // then one that passes, then saved.
    await page.getByLabel("API base URL").fill("http://127.0.0.1:9");
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.locator(".banner.bad").waitFor();
    await check(page, "settings-test-failed", colorScheme);
    await page.getByLabel("API base URL").fill("");
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.locator(".banner.ok").filter({ hasText: "Connected to" }).waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator(".banner.ok").filter({ hasText: "Saved." }).waitFor();
    await check(page, "settings-saved", colorScheme);

    await page.goto(server.url + "/nowhere/at/all");
    await appReady(page);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await check(page, "not-found", colorScheme);
    // The browser logs the refused connection test as errors; nothing else may be there.
    assert.deepEqual(page.errors.filter((e) => !e.includes("http://127.0.0.1:9/")), []);
  });
}

/** What has the focus: its tag, id, name (label, aria-label or text), whether it is in the cancel
 * dialog, and whether it shows a focus indicator (an outline or a box shadow) on the screen. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body", id: "", name: "", visible: false };
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const name = el.labels?.[0]?.textContent ?? el.getAttribute("aria-label") ?? el.textContent ?? "";
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: name.trim(),
      inDialog: Boolean(el.closest("dialog")),
      visible: ring && box.width > 0 && box.right > 0 && box.bottom > 0,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `wanted` has the focus, as a person would; fails after `max`
 * presses, naming what was passed. */
async function tabTo(page, wanted, { back = false, max = 40 } = {}) {
  const passed = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const now = await focused(page);
    if (wanted(now)) return now;
    passed.push(`${now.tag}#${now.id} "${now.name.slice(0, 30)}"`);
  }
  throw new Error(`${back ? "Shift+Tab" : "Tab"} did not reach the element after ${max} presses: ${passed.join(", ")}`);
}

const named = (name, tag) => (f) => f.name === name && (!tag || f.tag === tag);

/** Waits until the focus is on the page's heading `name` (the app moves it there once the new
 * page is drawn), and returns what has it; fails saying where the focus is instead. */
async function focusOnHeading(page, name) {
  try {
    return await eventually(async () => {
      // A page whose chunk is still on its way shows its heading meanwhile: wait for the page.
      if (await page.locator("main .chunk-loading").count()) return false;
      const now = await focused(page);
      return now.tag === "h1" && now.name === name && now;
    }, `the focus on the heading "${name}"`, 5_000);
  } catch (error) {
    const now = await focused(page);
    throw new Error(`${error.message}: it is on ${now.tag}#${now.id} "${now.name.slice(0, 40)}"`);
  }
}

/** Resolves after the page has drawn two more frames: long enough for the app to have moved the
 * focus, had it meant to. */
const twoFrames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test("moving to another page puts the focus on its heading, by link, back and forward, but not on a fresh load", async () => {
  const id = await job({ duration_s: 0 });
  await ended(id);
  const page = await open("/jobs/new");
  await twoFrames(page);
  assert.equal((await focused(page)).tag, "body", "a fresh load leaves the focus where the browser puts it");

  const nav = (name) => page.locator("header nav").getByRole("link", { name });
  await nav("Jobs").click();
  await page.waitForURL(/\/jobs$/);
  await focusOnHeading(page, "Jobs");

  // From the keyboard: the heading has the focus without a ring (it is not a control) and is no
  // Tab stop of its own: Tab goes on to the page's first field.
  await nav("Settings").focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/settings$/);
  const heading = await focusOnHeading(page, "Settings");
  assert.equal(heading.visible, false, "no focus ring around the heading");
  await page.keyboard.press("Tab");
  assert.equal((await focused(page)).id, "api-base", "Tab goes from the heading to the first field");

  await page.goBack();
  await page.waitForURL(/\/jobs$/);
  await focusOnHeading(page, "Jobs");
  await page.goBack();
  await page.waitForURL(/\/jobs\/new$/);
  await focusOnHeading(page, "New job");
  await page.goForward();
  await page.waitForURL(/\/jobs$/);
  await focusOnHeading(page, "Jobs");

  // A job, from its link in the list.
  await page.locator("tbody").getByRole("link", { name: id }).click();
  await page.waitForURL(new RegExp(`/jobs/${id}$`));
  await focusOnHeading(page, `Job ${id}`);
  await page.goBack();
  await focusOnHeading(page, "Jobs");

  // The not-found page: a fresh load, then back to it from where its link leads.
  await page.goto(server.url + "/nowhere/at/all");
  await appReady(page);
  await twoFrames(page);
  assert.equal((await focused(page)).tag, "body", "a fresh load leaves the focus where the browser puts it");
  await page.locator("main").getByRole("link", { name: "Submit a job" }).click();
  await focusOnHeading(page, "New job");
  await page.goBack();
  await page.waitForURL(/\/nowhere\/at\/all$/);
  await focusOnHeading(page, "Page not found");
  assert.deepEqual(page.errors, []);
});

test("the jobs list's filters keep the focus while they change the address", async () => {
  const id = await job({ duration_s: 0 }, { job_type: "dummy" });
  await ended(id);
  const page = await open("/jobs");
  await page.locator("tbody tr").first().waitFor();
  for (const [label, filterId, wanted] of [["Status", "filter-status", /status(es)?=/], ["Job type", "filter-type", /job_type=/], ["Project", "filter-project", /project(_id)?=/]]) {
    const listed = page.waitForResponse((r) => new URL(r.url()).pathname === "/jobs" && wanted.test(r.url()));
    await field(page, label).focus();
    // A select changes with an arrow key; the project is typed and applied with Enter.
    if (label === "Project") await page.keyboard.type("p1");
    await page.keyboard.press(label === "Project" ? "Enter" : "ArrowDown");
    await page.waitForURL(wanted);
    await listed;
    await twoFrames(page);
    assert.equal((await focused(page)).id, filterId, `the focus stays on the ${label} filter`);
  }
  assert.deepEqual(page.errors, []);
});

test("with only a keyboard: submit a job and see it complete, then submit another and cancel it", async () => {
  const page = await newPage(browser);
  opened.push(page);
  await page.goto(server.url + "/jobs/new");
  await appReady(page);

  // The skip link is the first stop, shown when focused, and leads to the page's content.
  await page.keyboard.press("Tab");
  const skip = await focused(page);
  assert.deepEqual([skip.tag, skip.name], ["a", "Skip to content"], "the skip link is the first Tab stop");
  assert.ok(skip.visible, "the skip link shows on screen with a focus ring");
  await page.keyboard.press("Enter");
  assert.equal((await focused(page)).id, "main", "the skip link moves the focus to the content");

  // Choose a job type by typing its name in the select.
  const select = await tabTo(page, (f) => f.id === "job-type");
  assert.ok(select.visible, "the select shows its focus");
  await page.keyboard.type("simulate");
  assert.equal(await page.locator("#job-type").inputValue(), "simulate");

  const params = await tabTo(page, (f) => f.id === "params");
  assert.ok(params.visible, "the params editor shows its focus");
  await page.keyboard.press("Control+A");
  await page.keyboard.type('{"duration_s": 0.5, "experiment": "keyboard"}');
  await tabTo(page, (f) => f.id === "priority");
  await page.keyboard.type("6");

  const submit = await tabTo(page, named("Submit job", "button"));
  assert.ok(submit.visible, "the submit button shows its focus");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  const first = page.url().split("/").pop();
  await badge(page).filter({ hasText: "Completed" }).waitFor({ timeout: 15_000 });
  assert.match(await badge(page).innerText(), /Completed/);
  const done = (await getJson(server, `/jobs/${first}`)).body;
  assert.deepEqual([done.status, done.job_type, done.priority], ["completed", "simulate", 6]);

  // Back to the form through the header's navigation.
  const link = await tabTo(page, named("New job", "a"), { back: true, max: 60 });
  assert.ok(link.visible, "the navigation link shows its focus");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/jobs\/new$/);

  // This time the select is moved with the arrow keys, and Ctrl+Enter submits.
  await tabTo(page, (f) => f.id === "job-type");
  assert.equal(await page.locator("#job-type").inputValue(), "", "the sent draft was forgotten");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.locator("#job-type").inputValue(), "dummy");
  await tabTo(page, (f) => f.id === "params");
  await page.keyboard.press("Control+A");
  await page.keyboard.type('{"duration_s": 60}');
  await page.keyboard.press("Control+Enter");
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  const second = page.url().split("/").pop();
  assert.notEqual(second, first);
  await badge(page).filter({ hasText: "Processing" }).waitFor({ timeout: 10_000 });

  // Cancel job asks first; Escape keeps the job running and gives the focus back.
  const cancel = await tabTo(page, (f) => f.name === "Cancel job" && !f.inDialog);
  assert.ok(cancel.visible, "Cancel job shows its focus");
  await page.keyboard.press("Space");
  await page.locator("dialog#cancel-dialog[open]").waitFor();
  const inDialog = await focused(page);
  assert.ok(inDialog.inDialog, "the focus moves into the dialog");
  assert.equal(inDialog.name, "Keep it running", "the harmless answer has the focus first");
  assert.ok(inDialog.visible, "and shows it");
  await checkA11y(page, "the cancel dialog opened from the keyboard");
  await page.keyboard.press("Escape");
  await eventually(async () => !(await page.locator("dialog#cancel-dialog").evaluate((d) => d.open)), "the dialog to close");
  const back = await focused(page);
  assert.deepEqual([back.name, back.inDialog], ["Cancel job", false], "the focus is back on Cancel job");
  assert.equal((await getJson(server, `/jobs/${second}`)).body.status, "processing", "Escape canceled nothing");

  // Open it again and answer Cancel job.
  await page.keyboard.press("Enter");
  await page.locator("dialog#cancel-dialog[open]").waitFor();
  const yes = await tabTo(page, (f) => f.name === "Cancel job" && f.inDialog, { back: true, max: 3 });
  assert.ok(yes.visible, "the dialog's Cancel job shows its focus");
  await page.keyboard.press("Enter");
  await page.locator(".banner.ok").filter({ hasText: "The job was canceled." }).waitFor();
  await badge(page).filter({ hasText: "Canceled" }).waitFor();
  assert.equal((await getJson(server, `/jobs/${second}`)).body.status, "canceled", "canceled on the server");
  assert.deepEqual(page.errors, []);
});
