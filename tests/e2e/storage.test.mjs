// Browser storage under pressure: a site quota the test sets (an init script makes localStorage
// refuse writes past a number of characters, as a full browser does), tabs opened from one
// another, and a submission in flight while the user leaves the form and comes back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, newPage, screenshot, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 1 });

/** localStorage refuses a write that would take the site past `quota` characters (keys and
 * values), with the QuotaExceededError a full browser throws. */
function limitStorage(quota) {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (this === window.localStorage) {
      let used = 0;
      for (let i = 0; i < this.length; i++) {
        const k = this.key(i);
        if (k !== key) used += k.length + this.getItem(k).length;
      }
      if (used + key.length + String(value).length > (window.__quota ?? quota)) {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
    }
    return setItem.call(this, key, value);
  };
}

async function limitedPage(quota) {
  const page = await newPage(e2e.browser);
  await page.addInitScript(limitStorage, quota);
  return page;
}

const params = (page) => page.getByLabel("Params", { exact: true });

test("full storage is said as such (not 'too large'), and Make room clears other tabs' drafts and keeps this one", async () => {
  const page = await limitedPage(592_000);
  await page.goto(`${e2e.server.url}/jobs/new`);
  await appReady(page);
  // Two drafts other tabs left, large enough to fill the quota between them.
  await page.evaluate(() => {
    for (const tab of ["a1", "b2"]) {
      const draft = { job_type: "simulate", params: JSON.stringify({ data: "x".repeat(295_000) }), priority: "", callback_url: "", metadata: "", parent_job_id: "", project_id: "", saved_at: 1 };
      localStorage.setItem(`jobs.draft.${tab}`, JSON.stringify(draft));
    }
  });
  await params(page).fill('{"small": "draft of 3 KB", "pad": "' + "p".repeat(3000) + '"}');
  const problem = page.locator(".save-problem");
  await problem.filter({ hasText: "Browser storage is full, so this draft is kept only while this tab is open." }).waitFor();
  assert.equal(await page.getByText("too large").count(), 0, "a small draft is never called too large");
  assert.match(await problem.innerText(), /The app can clear 2 drafts of other tabs \(1\.2 MB\)\./);
  await screenshot(page, "storage-full");
  await page.getByRole("button", { name: "Make room" }).click();
  await page.getByText(/^Cleared 2 drafts of other tabs \(1\.2 MB\)\. This draft is kept again\.$/).waitFor();
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("jobs.draft.")).map((k) => JSON.parse(localStorage.getItem(k)).params));
  assert.equal(kept.length, 1);
  assert.match(kept[0], /draft of 3 KB/);
  assert.deepEqual(page.errors, []);
});

test("saving Settings when storage is full says so and keeps the key saved before", async () => {
  const page = await limitedPage(5_000_000);
  await page.goto(`${e2e.server.url}/settings`);
  await appReady(page);
  await page.getByLabel("API key").fill("old-key");
  await page.getByLabel("Remember on this device").check();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Saved. The API key is kept on this device.").waitFor();
  // Now nothing more fits.
  await page.evaluate(() => (window.__quota = 10));
  await page.getByLabel("API key").fill("new-key");
  await page.getByLabel("Default project ID").fill("p-1");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText(/^Browser storage is full, so the settings were not saved; the ones saved before stay\./).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem("jobs.api_key")), "old-key", "the remembered key is still there");
  assert.doesNotMatch(await page.evaluate(() => localStorage.getItem("jobs.settings")), /p-1/);
  await screenshot(page, "settings-storage-full");
  assert.deepEqual(page.errors, []);
});

test("a tab opened from another takes its own draft: neither overwrites the other's", async () => {
  const a = await newPage(e2e.browser);
  await a.goto(`${e2e.server.url}/jobs/new`);
  await appReady(a);
  await params(a).fill('{"tab": "A"}');
  await a.waitForTimeout(700); // saved
  const [b] = await Promise.all([a.context().waitForEvent("page"), a.evaluate(() => window.open(location.href))]);
  b.errors = [];
  b.on("pageerror", (e) => b.errors.push(String(e)));
  await appReady(b);
  assert.equal(await b.evaluate(() => sessionStorage.getItem("jobs.tab") !== null), true);
  await b.waitForTimeout(300); // the tabs' handshake
  const ids = [await a.evaluate(() => sessionStorage.getItem("jobs.tab")), await b.evaluate(() => sessionStorage.getItem("jobs.tab"))];
  assert.notEqual(ids[0], ids[1], "the copy took an id of its own");
  await params(b).fill('{"tab": "B"}');
  await b.waitForTimeout(700);
  await params(a).fill('{"tab": "A, again"}');
  await a.waitForTimeout(700);
  await b.reload();
  await appReady(b);
  assert.equal(await params(b).inputValue(), '{"tab": "B"}', "B's draft is B's");
  await a.reload();
  await appReady(a);
  assert.equal(await params(a).inputValue(), '{"tab": "A, again"}');
  assert.deepEqual([...a.errors, ...b.errors], []);
});

test("leaving the form while it is being sent and coming back shows it as being sent, then what became of it", async () => {
  const page = await newPage(e2e.browser);
  // Each submission's answer comes when the test lets it (a fixed delay of 2 s was shorter than
  // leaving and coming back on a loaded machine: the answer came first).
  const answers = [];
  await page.route(/\/jobs(\?.*)?$/, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    await new Promise((resolve) => answers.push(resolve));
    // A page reloaded meanwhile no longer waits for it.
    return route.continue().catch(() => {});
  });
  await page.goto(`${e2e.server.url}/jobs/new`);
  await appReady(page);
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await params(page).fill('{"duration_s": 0}');
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.locator("header nav").getByRole("link", { name: "Jobs", exact: true }).click();
  await page.getByRole("heading", { name: "Jobs" }).waitFor();
  await page.locator("header nav").getByRole("link", { name: "New job", exact: true }).click();
  await page.getByRole("heading", { name: "New job" }).waitFor();
  await page.getByText(/^This form is being sent \(since .+\): this page says what became of it when the answer comes\./).waitFor();
  assert.equal(await page.getByText(/unsent draft/).count(), 0, "not offered as an unsent draft");
  await screenshot(page, "form-being-sent");
  await eventually(() => answers.length === 1, "the submission sent");
  answers[0]();
  const created = page.locator(".banner.ok").filter({ hasText: "Sent: the API created job" });
  await created.waitFor({ timeout: 10_000 });
  const id = (await created.locator("code").innerText()).trim();
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.equal(await page.getByText(/being sent/).count(), 0);
  // Reloaded while a job is being sent: possibly sent, since the answer can no longer come.
  await params(page).fill('{"duration_s": 1}');
  await page.getByRole("button", { name: "Submit job" }).click();
  await eventually(() => answers.length === 2, "the second submission sent");
  await page.reload();
  await appReady(page);
  await page.getByText(/It was possibly sent at .+ \(no answer came\)/).waitFor();
  answers[1]();
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});

test("drafts other tabs left are offered, not hidden; a week after their last change they expire", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/settings`);
  await appReady(page);
  await page.evaluate(() => {
    const draft = (job_type, params, age_days) => JSON.stringify({ job_type, params, priority: "", callback_url: "", metadata: "", parent_job_id: "", project_id: "", saved_at: Date.now() - age_days * 86_400_000 });
    localStorage.setItem("jobs.draft.recent1", draft("simulate", '{"left": "two days ago"}', 2));
    localStorage.setItem("jobs.draft.recent2", draft("datafit", '{"left": "an hour ago"}', 0.04));
    localStorage.setItem("jobs.draft.stale", draft("dummy", '{"left": "eight days ago"}', 8));
  });
  await page.locator("header nav").getByRole("link", { name: "New job", exact: true }).click();
  await page.getByRole("heading", { name: "New job" }).waitFor();
  // The form starts from the newest; the other one is offered.
  assert.equal(await params(page).inputValue(), '{"left": "an hour ago"}');
  const offered = page.locator("details.other-drafts");
  await offered.locator("summary").filter({ hasText: "1 draft from another tab, kept 7 days after their last change" }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem("jobs.draft.stale")), null, "the eight-day-old draft expired");
  await offered.locator("summary").click();
  await offered.getByText(/^simulate · saved /).waitFor();
  await screenshot(page, "form-other-drafts");
  await offered.getByRole("button", { name: "Use in this form" }).click();
  await page.getByRole("alertdialog").filter({ hasText: "Replace what is in the form with this draft from another tab?" }).waitFor();
  await page.getByRole("button", { name: "Replace the form" }).click();
  assert.equal(await params(page).inputValue(), '{"left": "two days ago"}');
  await offered.getByRole("button", { name: "Discard" }).click();
  await offered.waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => localStorage.getItem("jobs.draft.recent1")), null);
  assert.deepEqual(page.errors, []);
});

test("a job submitted in one tab appears in the other tab's recent submissions", async () => {
  const context = await e2e.browser.newContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  for (const page of [a, b]) {
    await page.goto(`${e2e.server.url}/jobs/new`);
    await appReady(page);
  }
  await a.getByLabel("Job type", { exact: true }).selectOption("dummy");
  await params(a).fill("{}");
  await a.getByRole("button", { name: "Submit job" }).click();
  await a.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  const id = a.url().split("/").pop();
  await b.locator("ul.recent").getByText(id).waitFor();
  await context.close();
});

test("a large draft goes to IndexedDB with a small stand-in in localStorage, and comes back whole after a reload", async () => {
  // A site quota of 600,000 characters: a 3 MB draft could never be kept in localStorage.
  const page = await limitedPage(600_000);
  await page.goto(`${e2e.server.url}/jobs/new`);
  await appReady(page);
  const rows = Array.from({ length: 40_000 }, (_, i) => `    {"t": ${i}, "v": ${(3 + (i % 97) / 100).toFixed(2)}, "i": -1.25}`);
  const text = `{\n  "data": [\n${rows.join(",\n")}\n  ]\n}`;
  assert.ok(text.length > 1_500_000);
  await page.locator("#params-file").setInputFiles({ name: "big.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await page.locator(".json-editor .hint").filter({ hasText: /^Loaded / }).first().waitFor();
  await page.waitForTimeout(1500); // typing paused: saved
  const standIn = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith("jobs.draft.")).map(([, v]) => v));
  assert.equal(standIn.length, 1);
  assert.ok(standIn[0].length < 2000, `a small stand-in (${standIn[0].length} characters)`);
  assert.match(standIn[0], /"apart":"jobs\.draft\./);
  assert.equal(await page.locator(".save-problem").count(), 0, "nothing said: the draft is kept");
  await page.reload();
  await appReady(page);
  await page.waitForFunction((n) => document.getElementById("params").value.length > 0 || document.querySelector(".window-bar"), text.length);
  await page.locator(".window-bar").waitFor();
  const size = await page.locator(".json-editor .size").first().innerText();
  assert.match(size, /^1\.\d MB$/, size);
  // The whole text is back: the form sends it (read through Copy as curl's body would be long; the
  // editor's document is checked at its end instead, a window at a time).
  await page.getByLabel("Params", { exact: true }).focus();
  await page.keyboard.press("Control+g");
  await page.getByRole("textbox", { name: "Go to line" }).fill(String(rows.length + 2));
  await page.keyboard.press("Enter");
  const line = await page.getByLabel("Params", { exact: true }).evaluate((a) => a.value.slice(a.value.lastIndexOf("\n", a.selectionStart - 1) + 1, a.value.indexOf("\n", a.selectionStart)));
  assert.equal(line, rows[rows.length - 1]);
  assert.deepEqual(page.errors, []);
});
