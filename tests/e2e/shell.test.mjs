// The app shell: it loads from the real server, shows its header and moves between pages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, newPage, screenshot, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser();

test("the root address shows the header and leads to the form", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/");
  await appReady(page);
  assert.equal(new URL(page.url()).pathname, "/jobs/new");
  assert.equal(await page.locator("header .brand").innerText(), "⚡ Ionworks Jobs");
  const links = await page.locator("header nav a").allInnerTexts();
  assert.deepEqual(links, ["New job", "Jobs", "Settings"]);
  assert.equal(await page.locator('header nav a[aria-current="page"]').innerText(), "New job");
  await screenshot(page, "shell");
  assert.deepEqual(page.errors, []);
});

test("navigation follows links without reloading, and back returns", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  await page.evaluate(() => (window.__stayed = true));
  await page.click("header nav >> text=Settings");
  await page.waitForURL(/\/settings$/);
  assert.equal(await page.evaluate(() => window.__stayed), true, "no full reload");
  assert.match(await page.title(), /^Settings/);
  await page.goBack();
  await page.waitForURL(/\/jobs\/new$/);
  assert.match(await page.title(), /^New job/);
});

test("an unknown address says so and offers a way on", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/nowhere/at/all");
  await appReady(page);
  assert.equal(await page.locator("main h1").innerText(), "Page not found");
  await page.click("main >> text=Submit a job");
  await page.waitForURL(/\/jobs\/new$/);
});
