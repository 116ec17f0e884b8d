// The job-submission form in a real browser against the real local API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { tmpdir } from "node:os";
import {
  appReady, eventually, getJson, jobCount, newPage, requestLog, route422, screenshot, submitJob, useServerAndBrowser,
} from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

async function openForm(options) {
  const page = await newPage(e2e.browser, options);
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  return page;
}

/** Types into a field found by its visible label. */
async function fill(page, label, value) {
  await page.getByLabel(label, { exact: true }).fill(value);
}

test("the empty form is labelled and says nothing until touched; screenshots light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await openForm({ colorScheme });
    for (const label of ["Job type", "Params", "Priority", "Callback URL", "Metadata", "Parent job ID", "Project ID"]) {
      assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `a field labelled ${label}`);
    }
    assert.equal(await page.locator(".error-text:not(:empty)").count(), 0, "no errors on untouched fields");
    assert.equal(await page.getByRole("button", { name: "Submit job" }).count(), 1);
    await screenshot(page, `form-empty-${colorScheme}`);
    assert.deepEqual(page.errors, []);
  }
});

test("a valid job lands on its status page", async () => {
  const page = await openForm();
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await fill(page, "Params", '{"duration_s": 0.2, "experiment": "1C discharge"}');
  await fill(page, "Priority", "7");
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();
  const { body } = await getJson(e2e.server, `/jobs/${id}`);
  assert.equal(body.job_type, "simulate");
  assert.equal(body.priority, 7);
  await page.locator(".badge.completed").waitFor();
  assert.deepEqual(page.errors, []);
});

test("each invalid field shows the server's own message, and submitting shows a summary and focuses the first", async () => {
  const page = await openForm();
  await page.getByLabel("Job type", { exact: true }).selectOption("datafit");
  const cases = [
    ["Priority", "11", { priority: 11 }],
    ["Callback URL", "ftp://example.com/hook", { callback_url: "ftp://example.com/hook" }],
    ["Parent job ID", "x", null],
  ];
  for (const [label, value, bodyPart] of cases) {
    await fill(page, label, value);
    await page.getByLabel(label, { exact: true }).blur();
    if (!bodyPart) continue;
    const answer = await submitJob(e2e.server, { job_type: "datafit", params: {}, ...bodyPart });
    assert.equal(answer.status, 422);
    const message = answer.body.detail[0].msg;
    const id = await page.getByLabel(label, { exact: true }).getAttribute("id");
    assert.equal(await page.locator(`#${id}-error`).innerText(), message, `${label} shows the server's message`);
    assert.equal(await page.getByLabel(label, { exact: true }).getAttribute("aria-invalid"), "true");
  }
  await fill(page, "Params", '{"a": 1,}');
  await page.getByLabel("Params", { exact: true }).blur();
  await page.locator("#params-error").waitFor();
  assert.match(await page.locator("#params-error").innerText(), /Line 1, column 9: Expecting property name enclosed in double quotes/);
  await fill(page, "Params", "[1, 2]");
  await page.getByLabel("Params", { exact: true }).blur();
  await page.waitForTimeout(500);
  await page.getByRole("button", { name: "Submit job" }).click();
  const summary = page.locator(".banner.bad[role=alert]");
  await summary.waitFor();
  const items = await summary.locator("li").allInnerTexts();
  assert.deepEqual(items, [
    "Params: Input should be a valid dictionary",
    "Priority: Input should be less than or equal to 10",
    "Callback URL: URL scheme should be 'http' or 'https'",
  ]);
  assert.equal(await page.evaluate(() => document.activeElement.id), "params", "focus on the first problem");
  await screenshot(page, "form-errors-light");
  const dark = await openForm({ colorScheme: "dark" });
  await dark.getByRole("button", { name: "Submit job" }).click();
  await dark.locator(".banner.bad[role=alert]").waitFor();
  await screenshot(dark, "form-errors-dark");
});

test("numbers are read as the API reads them (floats by the browser's parser, exactly)", async () => {
  const page = await openForm();
  for (const [typed, body] of [["5.5", { priority: 5.5 }], ["1e400", { priority: "1e400" }], ["1e1", null], ["5.0000000000000001", null], ["-0.0", null], ["1e20", { priority: 1e20 }]]) {
    await fill(page, "Priority", typed);
    await page.getByLabel("Priority", { exact: true }).blur();
    const shown = await page.locator("#priority-error").innerText();
    if (body === null) {
      assert.equal(shown, "", `${typed} is a valid priority`);
      continue;
    }
    if (typed === "1e400") {
      // Infinity: the API fails with 500 writing it back, and the form says so (api-fails.test.mjs).
      assert.match(shown, /^The API cannot answer 1e400, an infinite number: .*Use a whole number from 0 to 10\.$/s);
      continue;
    }
    const answer = await submitJob(e2e.server, `{"job_type":"dummy","params":{},"priority":${typed}}`);
    assert.equal(shown, answer.body.detail[0].msg, `${typed}`);
  }
});

test("a 422 from the server is placed on its fields", async () => {
  const page = await openForm();
  // A hosted API may judge what this app accepted (say, a newer rule): answer as it would.
  await route422(page);
  await page.getByLabel("Job type", { exact: true }).selectOption("optimize");
  await fill(page, "Priority", "7");
  await fill(page, "Project ID", "p1");
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.locator("#priority-error").filter({ hasText: "less than or equal to 5" }).waitFor();
  assert.match(await page.locator(".banner.bad").innerText(), /Value error, unknown project \(query → project_id\)/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "priority");
  assert.equal(new URL(page.url()).pathname, "/jobs/new", "the form stays, with everything in it");
  assert.equal(await page.getByLabel("Priority", { exact: true }).inputValue(), "7");
});

test("the draft survives a reload, and Clear form asks first", async () => {
  const page = await openForm();
  await page.getByLabel("Job type", { exact: true }).selectOption("ecm_fit");
  await fill(page, "Params", '{"pulses": [1, 2, 3]}');
  await fill(page, "Callback URL", "http://127.0.0.1:9/hook");
  await page.waitForTimeout(1000);
  await page.reload();
  await appReady(page);
  assert.equal(await page.getByLabel("Job type", { exact: true }).inputValue(), "ecm_fit");
  assert.equal(await page.getByLabel("Params", { exact: true }).inputValue(), '{"pulses": [1, 2, 3]}');
  assert.equal(await page.getByLabel("Callback URL", { exact: true }).inputValue(), "http://127.0.0.1:9/hook");
  assert.match(await page.locator(".banner.info").innerText(), /Restored your unsent draft/);
  await page.getByRole("button", { name: "Clear form" }).click();
  await page.getByRole("button", { name: "Keep" }).click();
  assert.equal(await page.getByLabel("Job type", { exact: true }).inputValue(), "ecm_fit", "Keep keeps");
  await page.getByRole("button", { name: "Clear form" }).click();
  await page.getByRole("button", { name: "Clear", exact: true }).click();
  assert.equal(await page.getByLabel("Job type", { exact: true }).inputValue(), "");
  await page.reload();
  await appReady(page);
  assert.equal(await page.getByLabel("Job type", { exact: true }).inputValue(), "", "cleared for good");
});

test("a double click creates exactly one job, and Ctrl+Enter submits", async () => {
  const page = await openForm();
  const before = await jobCount(e2e.server);
  await page.getByLabel("Job type", { exact: true }).selectOption("dummy");
  await fill(page, "Params", '{"duration_s": 0.1}');
  await page.getByRole("button", { name: "Submit job" }).dblclick();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  await page.waitForTimeout(500);
  assert.equal(await jobCount(e2e.server), before + 1, "one job on the server");
  const posts = requestLog(e2e.server).filter((r) => r.method === "POST" && r.path === "/jobs");
  assert.ok(posts.length >= 1);

  const again = await openForm();
  await again.getByLabel("Job type", { exact: true }).selectOption("dummy");
  await fill(again, "Params", "{}");
  await again.getByLabel("Params", { exact: true }).press("Control+Enter");
  await again.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  assert.equal(await jobCount(e2e.server), before + 2);
});

test("a 5 MB params file loads, stays editable, and is sent gzip-compressed", async () => {
  const rows = [];
  let size = 0;
  for (let i = 0; size < 5_000_000; i++) {
    const row = `    {"t": ${i * 0.5}, "voltage": ${(3.2 + Math.sin(i / 40) * 0.7).toFixed(6)}, "current": -1.25}`;
    rows.push(row);
    size += row.length + 2;
  }
  const text = `{\n  "duration_s": 0.2,\n  "data": [\n${rows.join(",\n")}\n  ]\n}\n`;
  const file = path.join(tmpdir(), "params-5mb.json");
  writeFileSync(file, text);
  const page = await openForm();
  await page.getByLabel("Job type", { exact: true }).selectOption("datafit");
  await page.locator("#params-file").setInputFiles(file);
  await page.locator(".json-editor .size").first().filter({ hasText: "MB" }).waitFor();
  assert.match(await page.locator(".json-editor .size").first().innerText(), /^5\.\d MB$/);
  // Typing in the large document stays quick: the text area holds a window of it, and a
  // keystroke does not wait on validation.
  assert.match(await page.locator(".window-bar").innerText(), /Large document: showing lines 1–\d+ of \d+/);
  const editor = page.getByLabel("Params", { exact: true });
  await editor.focus();
  const started = Date.now();
  for (let k = 0; k < 10; k++) await page.keyboard.type(" ");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const perKey = (Date.now() - started) / 10;
  console.log(`typing in a 5 MB params document: ${perKey.toFixed(1)} ms per keystroke (incl. the test driver)`);
  const request = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/jobs");
  await page.waitForTimeout(800);
  await page.getByRole("button", { name: "Submit job" }).click();
  const sent = await request;
  assert.equal((await sent.allHeaders())["content-encoding"], "gzip");
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  assert.deepEqual(page.errors, []);
});

test("an edit far into a large document is sent as part of the whole document", async () => {
  const rows = Array.from({ length: 6000 }, (_, i) => `  {"step": ${i}, "current": -1.25}`);
  const text = `{"data": [\n${rows.join(",\n")}\n]}`;
  const page = await openForm();
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await page.evaluate((t) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([t], "steps.json", { type: "application/json" }));
    const input = document.getElementById("params-file");
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }, text);
  await page.locator(".window-bar").waitFor();
  while (await page.getByRole("button", { name: "Later ▶" }).isEnabled()) {
    await page.getByRole("button", { name: "Later ▶" }).click();
  }
  const editor = page.getByLabel("Params", { exact: true });
  const shown = await editor.inputValue();
  assert.ok(shown.includes('"step": 5999'), `the last window shows the end (${await page.locator(".window-bar").innerText()}, ${shown.slice(-80)})`);
  await editor.fill(shown.replace('"step": 5999, "current": -1.25', '"step": 5999, "current": -2.5'));
  const request = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/jobs");
  await page.getByRole("button", { name: "Submit job" }).click();
  const body = JSON.parse((await request).postData());
  assert.equal(body.params.data.length, 6000);
  assert.deepEqual(body.params.data[5999], { step: 5999, current: -2.5 });
  assert.deepEqual(body.params.data[0], { step: 0, current: -1.25 });
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
});

test("answers that are not 422 get a clear banner and keep the form", async () => {
  const page = await openForm();
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await fill(page, "Params", '{"keep": "me"}');
  for (const [status, pattern] of [
    [410, /no longer accepts direct job submissions/],
    [500, /problem on its side \(status 500\)/],
    [401, /Check the API key in Settings/],
  ]) {
    await page.route("**/jobs", (route) =>
      route.fulfill({ status, contentType: "application/json", body: JSON.stringify({ detail: "nope" }) }),
    );
    await page.getByRole("button", { name: "Submit job" }).click();
    await page.locator(".banner.bad").filter({ hasText: pattern }).waitFor();
    await page.unroute("**/jobs");
  }
  assert.equal(await page.locator(".banner.bad a").innerText(), "Open Settings");
  await page.route("**/jobs", (route) => route.abort("connectionrefused"));
  await page.getByRole("button", { name: "Submit job" }).click();
  // A refused connection looks like a dropped one to a page: the job may exist (outcomes.test.mjs).
  await page.locator(".banner").filter({ hasText: /Could not reach the API/ }).waitFor();
  assert.equal(await page.getByLabel("Params", { exact: true }).inputValue(), '{"keep": "me"}');
});

test("hints beside the API's words: the scheme a relative callback URL lacks, a callback this machine's API will not send, a trailing comma", async () => {
  const page = await openForm();
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await fill(page, "Params", '{"duration_s": 0.2}');
  const url = page.getByLabel("Callback URL", { exact: true });
  const hint = page.locator("#callback-url-hint");
  const error = page.locator("#callback-url-error");

  await url.fill("example.com/hook");
  await url.blur();
  // The API's own message, word for word, and beside it what to type.
  await error.filter({ hasText: "Input should be a valid URL, relative URL without a base" }).waitFor();
  await hint.filter({ hasText: "A callback URL starts with its scheme: did you mean https://example.com/hook?" }).waitFor();

  await url.fill("http://localhost:8000/hook");
  await hint.filter({ hasText: "localhost is a loopback address (this machine): an API on another machine (such as the hosted one) cannot reach it, and the local API refuses to call it unless started with --callbacks-allow-private." }).waitFor();
  assert.equal(await error.innerText(), "", "the URL itself is valid: a hint, not an error");
  assert.match(await url.getAttribute("aria-describedby"), /callback-url-hint/);
  await url.fill("https://192.168.1.20/hook");
  await hint.filter({ hasText: /^192\.168\.1\.20 is a private-network address: / }).waitFor();
  await url.fill("https://example.com/hook");
  await hint.filter({ hasText: "Optional. An http(s) address the API calls when the job ends." }).waitFor();

  await fill(page, "Params", '{\n  "duration_s": 0.2,\n  "steps": [1, 2,\n  ],\n}');
  await page.getByRole("button", { name: "Submit job" }).click();
  const params = page.locator("#params-error");
  await params.filter({ hasText: "Line 4, column 3: Expecting value." }).waitFor();
  await params.filter({ hasText: "Remove the comma at line 3, column 17: JSON allows none after the last item of a list." }).waitFor();
  await screenshot(page, "form-hints");
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});
