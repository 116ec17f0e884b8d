// Compare (issue 19): jobs picked on the list open side by side at /compare?ids=…, an address that
// alone reproduces the comparison; the summary marks the best fit, the parameters' table marks
// differences to a reference above a threshold and downloads as CSV, one chart holds every fit's
// convergence; running jobs update live; what cannot be compared is a sentence, never an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eventually, getJson, newPage, requestLog, screenshot, submitJob, useServerAndBrowser } from "./harness.mjs";
import { downloadText } from "./fit-views.mjs";

const e2e = useServerAndBrowser({ workers: 3 });

const job = async (id) => (await getJson(e2e.server, `/jobs/${id}`)).body;
const ended = (id) => eventually(async () => (await job(id)).is_terminal, `job ${id} to end`, 60_000);
/** A fit's lowest cost, as the API's metadata holds it. */
const bestCost = async (id) => {
  const { body } = await getJson(e2e.server, `/jobs/${id}/metadata`);
  return Math.min(...body.intermediate_results.flatMap((r) => [r.cost, r.best_cost ?? r.cost]));
};
/** The best value of each parameter: the one at the fit's entry of lowest cost. */
const bestValues = async (id) => {
  const { body } = await getJson(e2e.server, `/jobs/${id}/metadata`);
  const best = body.intermediate_results.reduce((a, b) => (b.cost < a.cost ? b : a));
  return best.inputs_unscaled;
};
/** Three short fits that end; `params` steers each (another cell, another seed). */
async function threeFits(params = [{}, {}, {}]) {
  const ids = [];
  for (const p of params) ids.push((await submitJob(e2e.server, { job_type: "datafit", params: { duration_s: 3, ...p } })).body.job_id);
  await Promise.all(ids.map(ended));
  return ids;
}
const rowOf = (page, id) => page.locator("tbody tr", { has: page.locator(`a[href$="/jobs/${id}"]`) });
const noSidewaysScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

test("three fits picked on the list (mouse and keyboard) open side by side: best fit, parameters, convergence, CSV", async () => {
  // Two cells, and the first again with another seed (server/README.md, "Steering a fit").
  const ids = await threeFits([{ cell: "LG M50" }, { cell: "Molicel P42A" }, { cell: "LG M50", seed: 7 }]);
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs`);
  const compare = page.getByRole("button", { name: /^Compare/ });
  await rowOf(page, ids[2]).waitFor();
  assert.equal(await compare.isDisabled(), true, "nothing picked: nothing to compare");
  await page.getByRole("checkbox", { name: `Pick job ${ids[0]} to compare` }).check();
  assert.equal(await compare.isDisabled(), true, "one job is not a comparison");
  await page.getByRole("checkbox", { name: `Pick job ${ids[1]} to compare` }).click();
  // The keyboard: the third box focused and Space.
  await page.getByRole("checkbox", { name: `Pick job ${ids[2]} to compare` }).focus();
  await page.keyboard.press("Space");
  assert.equal(await compare.innerText(), "Compare (3)");
  await compare.click();
  await page.waitForURL(new RegExp(`/compare\\?ids=${ids.join(",")}$`));
  await page.getByRole("heading", { level: 1, name: "Compare jobs" }).waitFor();

  // The summary: a row per job, in the order picked; the lowest best cost is the best fit.
  const summary = page.locator("table.compare-summary tbody tr");
  await eventually(async () => (await page.locator("table.compare-summary td.number").count()) === 6, "each job's final and best cost");
  assert.equal(await summary.count(), 3);
  const costs = await Promise.all(ids.map(bestCost));
  const best = costs.indexOf(Math.min(...costs));
  for (let i = 0; i < 3; i++) {
    const row = summary.nth(i);
    assert.ok((await row.locator("a").getAttribute("href")).endsWith(`/jobs/${ids[i]}`));
    assert.equal(await row.locator("td").nth(0).innerText(), "datafit");
    assert.match(await row.locator("td").nth(1).innerText(), /Completed/);
    assert.match(await row.locator("td").nth(2).innerText(), /^\d+(\.\d)? (ms|s)$/, "how long it ran");
    assert.equal(Number(await row.locator("td").nth(4).getAttribute("title")), costs[i], "the best cost, exact on hover");
    assert.equal((await row.locator("td").nth(5).innerText()).includes("best fit"), i === best, `row ${i}`);
  }

  // Parameters: each job's best value, exact on hover; the reference is the best fit.
  const table = page.locator("table.compare-parameters");
  await table.locator("tbody tr").first().waitFor();
  assert.equal(await table.locator("tbody tr").count(), 3, "three parameters");
  assert.equal(await page.getByLabel("Reference job").inputValue(), ids[best]);
  const values = await Promise.all(ids.map(bestValues));
  const names = await table.locator("tbody th").allInnerTexts();
  assert.deepEqual(names, Object.keys(values[0]));
  for (const [r, name] of names.entries()) {
    const cells = table.locator("tbody tr").nth(r).locator("td");
    for (let i = 0; i < 3; i++) assert.equal(Number(await cells.nth(i).getAttribute("title")), values[i][name], `${name} of job ${i}`);
  }
  // Another cell's RC resistance is far from the reference's at the default 10 %; the same cell's is not.
  const rc = names.indexOf("RC resistance [Ohm]");
  const rcCells = table.locator("tbody tr").nth(rc).locator("td");
  const lgm50 = [0, 2];
  const marked = async (i) => /differs/.test(await rcCells.nth(i).getAttribute("class"));
  if (best === 1) {
    for (const i of lgm50) assert.ok(await marked(i), `the other cell's RC resistance, job ${i}`);
  } else {
    assert.ok(await marked(1), "the other cell's RC resistance");
    assert.ok(!(await marked(lgm50.find((i) => i !== best))), "the same cell, another seed: within 10 %");
  }
  await screenshot(page, "compare-three-fits");
  // A threshold of 0 marks every difference; a large one none.
  const threshold = page.getByLabel("Mark differences above (%)");
  await threshold.fill("0");
  await eventually(async () => (await table.locator("td.differs").count()) >= 3, "differences marked at 0 %");
  assert.equal(await table.locator("td.differs .visually-hidden").count(), await table.locator("td.differs").count(), "marked in words too");
  await threshold.fill("1000");
  await eventually(async () => (await table.locator("td.differs").count()) === 0, "nothing marked at 1000 %");
  await threshold.fill("0");
  await table.locator("td.differs").first().waitFor();
  // Another reference: its column says so, and the CSV follows it.
  const other = (best + 1) % 3;
  await page.getByLabel("Reference job").selectOption(ids[other]);
  await eventually(async () => (await table.locator("thead th").nth(other + 1).innerText()).includes("(reference)"), "the new reference's column");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download parameters (CSV)" }).click()]);
  const csv = (await downloadText(download)).trim().split("\n");
  assert.equal(download.suggestedFilename(), "compared-parameters.csv");
  assert.equal(csv[0].split(",").slice(1, 4).join(","), ids.map((id) => `"${id}"`).join(","));
  assert.equal(csv.length, 4, "a header and a row per parameter");
  const firstRow = csv[1].split(",");
  for (let i = 0; i < 3; i++) assert.equal(Number(firstRow[1 + i]), values[i][names[0]]);
  assert.equal(Number(firstRow[6 + other]), 0, "the reference differs from itself by 0");

  // Convergence: a bold line per fit in its colour, the best named in the legend; traces per parameter.
  const convergence = page.locator("figure", { has: page.getByText("Best cost against iteration") }).first();
  assert.equal(await convergence.locator(".plot svg path.line.best").count(), 3);
  const legend = await convergence.locator("ul.legend li").allInnerTexts();
  assert.equal(legend.length, 3);
  assert.ok(legend[best].endsWith("★ best fit"), legend.join(" | "));
  assert.equal(await page.locator(".small-multiples figure").count(), 3, "a trace per parameter");
  assert.equal(await page.locator(".small-multiples figure").first().locator(".plot svg path.line.trace").count(), 3, "a line per fit");
  await screenshot(page, "compare-three-fits-other-reference");

  // The address alone reproduces it (a new tab, nothing picked there).
  const fresh = await newPage(e2e.browser, { colorScheme: "dark" });
  await fresh.goto(page.url());
  await fresh.locator("table.compare-parameters tbody tr").first().waitFor();
  assert.equal(await fresh.locator("table.compare-summary tbody tr").count(), 3);
  await fresh.locator("figure", { has: fresh.getByText("Best cost against iteration") }).locator(".plot svg path.line.best").nth(2).waitFor();
  await screenshot(fresh, "compare-three-fits-dark");
  const phone = await newPage(e2e.browser, { viewport: { width: 390, height: 844 } });
  await phone.goto(page.url());
  await phone.locator("table.compare-parameters tbody tr").first().waitFor();
  await phone.locator(".small-multiples figure").nth(2).waitFor();
  assert.ok(await noSidewaysScroll(phone), "the page does not scroll sideways on a phone");
  await screenshot(phone, "compare-three-fits-phone");
  for (const p of [page, fresh, phone]) assert.deepEqual(p.errors, []);
});

test("picks survive updates, paging and a visit to Compare; at most eight; Clear", async () => {
  for (let n = 0; n < 14; n++) await submitJob(e2e.server, { job_type: "dummy", params: { duration_s: 0.1 } });
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs?limit=10`);
  const boxes = page.locator("tbody td.pick input");
  await eventually(async () => (await boxes.count()) === 10, "ten rows");
  for (let i = 0; i < 6; i++) await boxes.nth(i).check();
  // The next page: two more, then eight is the most.
  await page.getByRole("button", { name: "Older →" }).click();
  await page.waitForURL(/offset=10/);
  await boxes.first().waitFor();
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByText("8 picked, the most that can be compared.").waitFor();
  assert.equal(await boxes.nth(2).isDisabled(), true, "a ninth cannot be picked");
  await page.getByRole("button", { name: "← Newer" }).click();
  await page.waitForURL(/limit=10$/);
  await eventually(async () => (await page.locator("tbody td.pick input:checked").count()) === 6, "the first page's six still picked");
  // Through a refresh (the list's live update) and a visit to Compare and back.
  await page.getByRole("button", { name: "Refresh" }).click();
  await page.getByRole("button", { name: "Compare (8)" }).click();
  await page.waitForURL(/\/compare\?ids=/);
  assert.equal(page.url().split("ids=")[1].split(",").length, 8);
  await page.locator("table.compare-summary tbody tr").nth(7).waitFor();
  // Eight dummy jobs: costs (the local API's simulated steps), no fitted parameters.
  // (A line of one point each: a dash, attached rather than "visible".)
  await page.locator(".plot svg path.line.best").nth(7).waitFor({ state: "attached" });
  assert.equal(await page.locator("table.compare-parameters").count(), 0);
  await page.goBack();
  await eventually(async () => (await page.locator("tbody td.pick input:checked").count()) === 6, "picks kept after Compare");
  await page.getByRole("button", { name: "Clear" }).click();
  assert.equal(await page.locator("tbody td.pick input:checked").count(), 0);
  assert.equal(await page.getByRole("button", { name: "Compare (0)" }).isDisabled(), true);
  assert.deepEqual(page.errors, []);
});

test("a running fit updates live in the comparison until it ends", async () => {
  const [done] = await threeFits([{}]);
  const { body: running } = await submitJob(e2e.server, { job_type: "datafit", params: { duration_s: 6 } });
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/compare?ids=${done},${running.job_id}`);
  const row = page.locator("table.compare-summary tbody tr").nth(1);
  await row.getByText(/Processing|Pending/).waitFor();
  const points = () => page.locator("figure", { has: page.getByText("Best cost against iteration") }).locator(".plot svg path.line.best").nth(1).getAttribute("d");
  await eventually(async () => (await page.locator(".plot svg path.line.best").count()) === 2, "the running fit's line");
  const early = await points();
  await row.getByText("Completed").waitFor({ timeout: 30_000 });
  await eventually(async () => (await points()) !== early, "the running fit's line grew");
  assert.equal(Number(await row.locator("td").nth(4).getAttribute("title")), await bestCost(running.job_id), "its final best cost");
  await page.getByText(/Every job here has ended/).waitFor();
  assert.deepEqual(page.errors, []);
});

test("what cannot be compared is a sentence: a job without iterations, an unknown ID, too few or too many IDs", async () => {
  const [fit] = await threeFits([{}]);
  // A job that failed before its first step (a bad steering value): no saved iterations.
  const { body: plain } = await submitJob(e2e.server, { job_type: "dummy", params: { duration_s: -1 } });
  await ended(plain.job_id);
  const missing = "00000000-0000-4000-8000-000000000000";
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/compare?ids=${fit},${plain.job_id},${missing}`);
  const rows = page.locator("table.compare-summary tbody tr");
  await rows.nth(2).getByText("Not found: this API has no job with this ID.").waitFor();
  await page.getByText(`Job 2 · ${plain.job_id.slice(0, 8)} has no saved iterations`).waitFor();
  assert.equal(await rows.nth(1).locator("td").nth(4).innerText(), "—");
  await page.locator("table.compare-parameters tbody tr").first().waitFor();
  assert.equal(await page.locator("table.compare-parameters thead th").count(), 6, "parameter, three jobs, lowest, highest");
  assert.equal(await page.locator("table.compare-parameters td.muted").count(), 3 * 2, "not fitted: the dummy and the missing job");
  await page.getByText(/Every job here has ended/).waitFor();
  await screenshot(page, "compare-degraded");

  await page.goto(`${e2e.server.url}/compare?ids=${fit}`);
  await page.getByText("A comparison is of 2 to 8 jobs").waitFor();
  await page.getByRole("link", { name: "Go to the jobs list" }).waitFor();
  const nine = Array.from({ length: 9 }, (_, i) => `${missing.slice(0, -1)}${i}`);
  await page.goto(`${e2e.server.url}/compare?ids=${nine.join(",")}`);
  await page.getByText("The address names 9 jobs: the first 8 are compared.").waitFor();
  await eventually(async () => (await rows.count()) === 8, "eight rows");
  await screenshot(page, "compare-too-many");
  // The browser logs each unknown ID's 404; the app itself logs nothing.
  assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
});

test("params sent from this browser are diffed against the reference's, by path; others say why not", async () => {
  const page = await newPage(e2e.browser);
  const sent = [];
  // Steering keys only (server/README.md), so both run as simulated fits.
  for (const params of ['{"duration_s": 1, "cell": "LG M50", "steps": [1, 2]}', '{"duration_s": 1, "cell": "Molicel P42A", "steps": [1], "seed": 7}']) {
    await page.goto(`${e2e.server.url}/jobs/new`);
    await page.getByLabel("Job type", { exact: true }).selectOption("datafit");
    await page.getByLabel("Params", { exact: true }).fill(params);
    await page.getByRole("button", { name: "Submit job" }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    sent.push(page.url().split("/").pop());
  }
  const [elsewhere] = await threeFits([{ cell: "LG M50" }]);
  await Promise.all(sent.map(ended));
  await page.goto(`${e2e.server.url}/compare?ids=${sent.join(",")},${elsewhere}`);
  // The reference: the first job sent, picked so the diff reads from it.
  await page.getByLabel("Reference job").selectOption(sent[0]);
  const diff = page.locator("table.params-diff");
  await diff.waitFor();
  const rows = await diff.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows, [
    ["/cell", "changed", '"LG M50"', '"Molicel P42A"'],
    ["/steps/1", "removed", "2", ""],
    ["/seed", "added", "", "7"],
  ]);
  await page.getByRole("heading", { name: `2 · ${sent[1].slice(0, 8)}: 3 differences` }).waitFor();
  await page.getByText(`3 · ${elsewhere.slice(0, 8)}: not sent from this browser, so its params are not known here`).waitFor();
  await screenshot(page, "compare-params-diff");
  // With a reference this browser did not send, there is no diff, and the page says why.
  await page.getByLabel("Reference job").selectOption(elsewhere);
  await page.getByText("The reference job's params are not known here, so no diff.").waitFor();
  assert.equal(await diff.count(), 0);
  assert.deepEqual(page.errors, []);
});

test("fits that share an objective are drawn over the reference's data, and a zoom fetches the window for every fit", async () => {
  const ids = await threeFits([{ cell: "LG M50" }, { cell: "Molicel P42A" }, { cell: "LG M50", seed: 7 }]);
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/compare?ids=${ids.join(",")}`);
  const figure = page.locator("figure", { has: page.getByText("Model against data: pulse_test") });
  await figure.locator(".plot path.line.trace").nth(2).waitFor();
  assert.equal(await figure.locator(".plot path.line.data").count(), 1, "one job's data");
  const legend = await figure.locator("ul.legend li").allInnerTexts();
  assert.equal(legend.length, 4, legend.join(" | "));
  const best = await page.getByLabel("Reference job").inputValue();
  assert.ok(legend[0].startsWith("data: Voltage [V] (") && legend[0].includes(best.slice(0, 8)), `the reference's data: ${legend[0]}`);
  for (const id of ids) assert.ok(legend.some((l) => l.includes(id.slice(0, 8)) && l.includes("Model voltage [V]")), `${id}'s model`);
  const windowed = (id) => requestLog(e2e.server).filter((r) => r.path === `/jobs/${id}/series` && r.query.includes("x_min")).length;
  const before = ids.map(windowed);
  await figure.locator("svg[role=img]").focus();
  await page.keyboard.press("+");
  await eventually(async () => ids.every((id, i) => windowed(id) > before[i]), "every fit's window fetched");
  await eventually(async () => /Zoomed to Time \[s\]/.test(await figure.locator("svg[role=img]").getAttribute("aria-label")), "the chart says it is zoomed");
  await screenshot(page, "compare-model-against-data");
  assert.deepEqual(page.errors, []);
});

test("a failing then slow API: Compare says it is retrying, shows every fit once it answers, and can be left mid-request", async () => {
  const [a, b] = await threeFits([{ seed: 1 }, { seed: 2 }]);
  const page = await newPage(e2e.browser);
  let failures = 2;
  // The second fit's metadata: two 500s, then answers, slowly.
  await page.route(new RegExp(`/jobs/${b}/metadata`), async (route) => {
    if (failures > 0) {
      failures -= 1;
      return route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ detail: "Internal Server Error" }) });
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return route.continue().catch(() => {});
  });
  await page.goto(`${e2e.server.url}/compare?ids=${a},${b}`);
  const banner = page.getByText(/retrying with backoff/i);
  await banner.waitFor();
  // What had arrived stays: both jobs' rows are there while the second's iterations are retried.
  assert.equal(await page.locator("table.compare-summary tbody tr").count(), 2);
  await eventually(async () => (await page.locator(".plot svg path.line.best").count()) === 2, "both fits' lines once the API answers", 30_000);
  await banner.waitFor({ state: "detached" });
  const costs = await page.locator("table.compare-summary tbody tr").evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll("td")[4].getAttribute("title"))));
  assert.deepEqual(costs, [await bestCost(a), await bestCost(b)]);

  // Slow again: leaving the comparison while its reads are under way is clean.
  failures = 0;
  await page.goto(`${e2e.server.url}/compare?ids=${b},${a}`);
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await page.getByRole("heading", { name: "Jobs" }).waitFor();
  await page.waitForTimeout(2000);
  assert.equal(await page.locator(".plot").count(), 0, "nothing of the comparison is drawn after leaving it");
  // The browser logs the 500s it was answered; the app itself logs nothing.
  assert.deepEqual(page.errors.filter((e) => !/status of 500/.test(e)), []);
});
