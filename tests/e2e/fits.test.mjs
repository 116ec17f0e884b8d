// A fit on the status page: for a default datafit (the local server simulates one), the cost
// chart draws each multistart on a log scale and the parameters table follows the fit live, ends
// on the best values, and copies them as JSON. Screenshots (light, dark, phone) run axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, newPage, screenshot, submitJob, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

test("a fit's page draws its multistarts and follows its parameters live to the best values", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "datafit", params: { duration_s: 6 } });
  const page = await newPage(e2e.browser);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2e.server.url });
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await appReady(page);
  const rows = page.locator("table.parameters tbody tr");
  // Live: the table is there while the job still runs, and grows with it.
  await eventually(async () => (await rows.count()) === 3 && (await page.locator("dl.facts .badge.processing").count()) === 1, "parameters while running");
  const early = await page.locator("figure.chart svg").getAttribute("aria-label");
  await page.locator("dl.facts .badge.completed").waitFor({ timeout: 20_000 });
  await eventually(async () => (await page.locator("figure.chart svg").getAttribute("aria-label")) !== early, "the chart updated");
  const label = await page.locator("figure.chart svg").getAttribute("aria-label");
  assert.match(label, /of 2 multistarts/);
  assert.equal(await page.locator("figure.chart polyline.cost.other").count(), 1, "the second multistart drawn apart");
  assert.match(await page.locator("figure.chart figcaption").innerText(), /log scale/);
  const best = {};
  for (const row of await rows.all()) {
    best[await row.locator("th").innerText()] = Number(await row.locator("td.number").innerText());
    assert.match(await row.locator("svg.spark").getAttribute("aria-label"), /saved iterations: from .* to .*; best /);
  }
  // The simulation's truth: 0.012 Ohm, 0.025 Ohm, 35 s; the best multistart lands close to it.
  assert.ok(Math.abs(best["Series resistance [Ohm]"] / 0.012 - 1) < 0.05, JSON.stringify(best));
  assert.ok(Math.abs(best["RC resistance [Ohm]"] / 0.025 - 1) < 0.05, JSON.stringify(best));
  assert.ok(Math.abs(best["RC time constant [s]"] / 35 - 1) < 0.05, JSON.stringify(best));
  await page.getByRole("button", { name: "Copy best values" }).click();
  await page.getByText("The best values are copied, as JSON.").waitFor();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.deepEqual(Object.keys(copied).sort(), Object.keys(best).sort());
  for (const [name, value] of Object.entries(copied)) assert.ok(Math.abs(value / best[name] - 1) < 1e-3, name);
  await screenshot(page, "fit-light");
  assert.deepEqual(page.errors, []);
});

test("a fit's page reads in dark and at a phone's width", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "optimize", params: { duration_s: 1 } });
  for (const [name, options] of [["fit-dark", { colorScheme: "dark" }], ["fit-phone", { viewport: { width: 390, height: 844 } }]]) {
    const page = await newPage(e2e.browser, options);
    await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
    await appReady(page);
    await page.locator("dl.facts .badge.completed").waitFor({ timeout: 20_000 });
    await page.locator("table.parameters tbody tr").nth(2).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
    await screenshot(page, name);
    assert.deepEqual(page.errors, []);
  }
});
