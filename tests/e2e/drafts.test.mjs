// Drafts: each tab keeps its own, so two tabs never overwrite or delete each other's; typing is
// saved as soon as the tab is hidden; a draft the browser will not keep says so and stays in memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, newPage, screenshot, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

const params = (page) => page.getByLabel("Params", { exact: true });

async function openForm(page) {
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
}

async function type(page, text) {
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await params(page).fill(text);
  await params(page).blur();
  await page.waitForTimeout(700); // typing paused: saved
}

test("two tabs keep their own drafts, and submitting in one leaves the other's", async () => {
  const tabA = await newPage(e2e.browser);
  await openForm(tabA);
  await type(tabA, '{"tab": "A"}');
  const tabB = await tabA.context().newPage();
  await openForm(tabB);
  assert.equal(await params(tabB).inputValue(), '{"tab": "A"}', "a new tab starts from the newest draft");
  await type(tabB, '{"tab": "B", "duration_s": 0.1}');
  await tabA.reload();
  await appReady(tabA);
  assert.equal(await params(tabA).inputValue(), '{"tab": "A"}', "B did not overwrite A's draft");
  await tabB.getByRole("button", { name: "Submit job" }).click();
  await tabB.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  await tabA.reload();
  await appReady(tabA);
  assert.equal(await params(tabA).inputValue(), '{"tab": "A"}', "B's submission did not delete A's draft");
  await tabA.getByText("Restored your unsent draft").waitFor();
  assert.deepEqual(tabA.errors, []);
});

test("typing is saved at once when the tab is hidden", async () => {
  const page = await newPage(e2e.browser);
  await openForm(page);
  await params(page).fill('{"hidden": "at once"}');
  const saved = await page.evaluate(() => {
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
    delete document.hidden;
    return Object.keys(localStorage).filter((k) => k.startsWith("jobs.draft")).map((k) => localStorage.getItem(k));
  });
  assert.ok(saved.some((d) => JSON.parse(d).params === '{"hidden": "at once"}'), `saved: ${saved}`);
  assert.deepEqual(page.errors, []);
});

test("a draft the browser will not keep says so and stays while the user goes elsewhere", async () => {
  const page = await newPage(e2e.browser);
  await openForm(page);
  // Fill this site's storage so that no draft fits.
  await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size >>= 1) {
      const chunk = "x".repeat(size);
      try {
        for (;;) localStorage.setItem(`filler.${n++}`, chunk);
      } catch {}
    }
  });
  await type(page, '{"kept": "in memory"}');
  await page.getByText("Browser storage is full, so this draft is kept only while this tab is open.").waitFor();
  assert.equal(await page.getByText("too large").count(), 0, "a small draft is not too large: storage is full");
  await screenshot(page, "draft-not-kept");
  await page.locator("header nav").getByRole("link", { name: "Jobs", exact: true }).click();
  await page.getByRole("heading", { name: "Jobs" }).waitFor();
  await page.locator("header nav").getByRole("link", { name: "New job", exact: true }).click();
  await page.getByRole("heading", { name: "New job" }).waitFor();
  assert.equal(await params(page).inputValue(), '{"kept": "in memory"}');
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("filler.")).forEach((k) => localStorage.removeItem(k)));
  assert.deepEqual(page.errors, []);
});
