// The jobs list as a daily tool (issue 19): what each row says of its job.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eventually, getJson, newPage, requestLog, screenshot, submitJob, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

test("a failed job's row shows its error code, and every row's submitted time gives the date and time on hover", async () => {
  const { body: failed } = await submitJob(e2e.server, { job_type: "datafit", params: { duration_s: 0.1, fail_with: "MODEL_ERROR" } });
  const { body: done } = await submitJob(e2e.server, { job_type: "dummy", params: { duration_s: 0.1 } });
  const ended = async (id) => (await getJson(e2e.server, `/jobs/${id}`)).body;
  await eventually(async () => (await ended(failed.job_id)).status === "failed" && (await ended(done.job_id)).is_terminal, "both jobs to end");
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs`);
  const row = (id) => page.locator("tbody tr", { has: page.locator(`a[href$="/jobs/${id}"]`) });
  await row(failed.job_id).waitFor();
  assert.equal(await row(failed.job_id).locator("code.error-code").innerText(), "MODEL_ERROR");
  assert.equal(await row(done.job_id).locator("code.error-code").count(), 0, "no code for a job that did not fail");
  for (const job of [failed, done]) {
    const time = row(job.job_id).locator("td time");
    const created = Date.parse((await ended(job.job_id)).created_at);
    assert.ok(Math.abs(Date.parse(await time.getAttribute("datetime")) - created) < 1, "datetime is the job's created_at");
    const shown = await page.evaluate((ms) => new Date(ms).toLocaleString("default"), created);
    assert.equal(await time.getAttribute("title"), shown, "the date and time in the browser's locale on hover");
    assert.match(await time.innerText(), /just now|\d+ s ago/);
  }
  await screenshot(page, "list-error-code");
  assert.deepEqual(page.errors, []);
});

/** `format::duration` for under a minute: "850 ms", "4.2 s". */
const human = (ms) => (ms < 1000 ? `${ms} ms` : `${Math.floor(ms / 1000)}.${Math.floor((ms % 1000) / 100)} s`);
const ranCell = (page, id) => page.locator("tbody tr", { has: page.locator(`a[href$="/jobs/${id}"]`) }).locator("td").nth(6);

test("the Ran column: how long an ended job ran, and a running job's time so far, ticking", async () => {
  const { body: quick } = await submitJob(e2e.server, { job_type: "dummy", params: { duration_s: 0.3 } });
  await eventually(async () => (await getJson(e2e.server, `/jobs/${quick.job_id}`)).body.is_terminal, "the quick job to end");
  const { body: slow } = await submitJob(e2e.server, { job_type: "dummy", params: { duration_s: 30 } });
  await eventually(async () => (await getJson(e2e.server, `/jobs/${slow.job_id}`)).body.started_at, "the slow job to start");
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs`);
  assert.equal(await page.locator("thead th").nth(6).innerText(), "Ran");
  const ended = (await getJson(e2e.server, `/jobs/${quick.job_id}`)).body;
  await ranCell(page, quick.job_id).waitFor();
  const ran = Date.parse(ended.completed_at) - Date.parse(ended.started_at);
  assert.equal(await ranCell(page, quick.job_id).innerText(), human(Math.floor(Date.parse(ended.completed_at)) - Math.floor(Date.parse(ended.started_at))), `ran ${ran} ms`);
  const seconds = async () => {
    const text = await ranCell(page, slow.job_id).innerText();
    const [, amount, unit] = text.match(/^([\d.]+) (ms|s)$/) ?? [, NaN, "s"];
    return unit === "ms" ? Number(amount) / 1000 : Number(amount);
  };
  const first = await seconds();
  assert.ok(first >= 0 && first < 30, `so far: ${first}`);
  await eventually(async () => (await seconds()) >= first + 2, "the running job's time to tick on");
  await page.close();
  await fetch(`${e2e.server.url}/jobs/${slow.job_id}/cancel`, { method: "POST" });
});

test("a page size chosen from Per page is kept in the address, keeps the first job shown, and survives a reload", async () => {
  for (let n = 0; n < 12; n++) await submitJob(e2e.server, { job_type: "dummy", params: { duration_s: 0.1 } });
  const total = Number((await getJson(e2e.server, "/jobs?limit=1")).total);
  assert.ok(total >= 12);
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs`);
  const rows = page.locator("tbody tr");
  await rows.first().waitFor();
  const perPage = page.getByLabel("Per page", { exact: true });
  assert.equal(await perPage.inputValue(), "20");
  await perPage.selectOption("10");
  await page.waitForURL(/\/jobs\?limit=10$/);
  await eventually(async () => (await rows.count()) === 10, "ten rows");
  assert.equal(await page.locator(".paging .muted").innerText(), `1–10 of ${total}`);
  await page.getByRole("button", { name: "Older →" }).click();
  await page.waitForURL(/\/jobs\?limit=10&offset=10$/);
  await page.locator(".paging .muted").filter({ hasText: `11–${Math.min(20, total)} of ${total}` }).waitFor();
  // Fifty a page from the second page of ten: the first job shown (the 11th) stays on the page.
  await perPage.selectOption("50");
  await page.waitForURL(/\/jobs\?limit=50$/);
  await page.locator(".paging .muted").filter({ hasText: `1–${Math.min(50, total)} of ${total}` }).waitFor();
  await page.reload();
  await rows.first().waitFor();
  assert.equal(await page.getByLabel("Per page", { exact: true }).inputValue(), "50");
  // An address with a size the list does not offer shows the default.
  await page.goto(`${e2e.server.url}/jobs?limit=7`);
  await rows.first().waitFor();
  assert.equal(await page.getByLabel("Per page", { exact: true }).inputValue(), "20");
  assert.equal(await rows.count(), Math.min(20, total));
  await screenshot(page, "list-per-page");
  assert.deepEqual(page.errors, []);
});

test("on a phone, a row shows the start of its job's ID with Copy, the link still named by the whole ID, and nothing scrolls sideways", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "evaluate_variables", params: { duration_s: 0.1 } });
  const page = await newPage(e2e.browser, { viewport: { width: 390, height: 844 } });
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2e.server.url });
  await page.goto(`${e2e.server.url}/jobs`);
  const link = page.getByRole("link", { name: job.job_id, exact: true });
  await link.waitFor();
  const cell = page.locator("td.job-id", { has: link });
  // What shows is the start of the ID; the whole one is there for assistive technology only.
  const [start, whole] = [cell.locator(".id-short"), cell.locator(".id-full")];
  assert.equal(await start.innerText(), `${job.job_id.slice(0, 8)}…`);
  assert.ok(await start.isVisible());
  assert.ok((await whole.boundingBox()).width <= 1, "the whole ID is visually hidden");
  const lineHeight = await cell.evaluate((td) => parseFloat(getComputedStyle(td).lineHeight) || 24);
  assert.ok((await cell.boundingBox()).height < lineHeight * 3, "the ID's cell takes one line (with its button), not four");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), "the page does not scroll sideways");
  // Rows are stacked: no cell of the row is pushed off the screen, nor scrolled to.
  const row = page.locator("tbody tr", { has: link });
  const cells = await row.locator("td").evaluateAll((tds) => tds.map((td) => [td.dataset.label ?? td.className, td.getBoundingClientRect().right]));
  for (const [name, right] of cells) assert.ok(right <= 390, `${name} ends at ${right}, off a 390 px screen`);
  assert.equal(await row.locator("td[data-label=Project]").evaluate((td) => getComputedStyle(td, "::before").content), '"Project"', "each cell says its column");
  await page.getByRole("button", { name: `Copy (job ID ${job.job_id})`, exact: true }).click();
  await page.getByRole("button", { name: `Copied (job ID ${job.job_id})`, exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), job.job_id);
  await screenshot(page, "list-phone");
  // At desktop width the whole ID shows, and no Copy button.
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok((await whole.boundingBox()).width > 100, "the whole ID shows");
  assert.equal(await start.isVisible(), false);
  assert.equal(await page.getByRole("button", { name: `(job ID ${job.job_id})` }).count(), 0);
  assert.deepEqual(page.errors, []);
});

test("the filters line up on a desktop, and on a small phone every choice reads whole in its select", async () => {
  const page = await newPage(e2e.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${e2e.server.url}/jobs`);
  await page.getByLabel("Status").waitFor();
  // The first row of filters: one top and one bottom for every control (a select was drawn 4 px
  // shorter than the Project field, whose label then sat 3 px higher than its neighbours').
  const boxes = await page.locator(".filters").evaluate((row) =>
    [...row.querySelectorAll("select, input")].map((c) => ({ id: c.id, ...c.getBoundingClientRect().toJSON() })),
  );
  const firstRow = boxes.filter((b) => Math.abs(b.bottom - boxes[0].bottom) < 20);
  assert.ok(firstRow.length >= 4, `4 filters in the first row: ${JSON.stringify(boxes)}`);
  for (const b of firstRow) {
    assert.equal(b.top, firstRow[0].top, `${b.id} starts where ${firstRow[0].id} does`);
    assert.equal(b.bottom, firstRow[0].bottom, `${b.id} ends where ${firstRow[0].id} does`);
  }
  // A 360 px phone: a chosen option shows whole, not cut at the select's edge.
  await page.setViewportSize({ width: 360, height: 780 });
  const cut = await page.locator(".filters select").evaluateAll((selects) =>
    selects.flatMap((select) => {
      // The width the browser gives this select when nothing holds it in: its widest choice whole.
      const free = select.cloneNode(true);
      free.style.cssText = "width: auto; max-width: none; position: absolute; visibility: hidden";
      select.parentElement.append(free);
      const needed = free.getBoundingClientRect().width;
      free.remove();
      const shown = select.getBoundingClientRect().width;
      return needed > shown + 0.5 ? [`${select.id}: ${Math.round(needed)} px needed, ${Math.round(shown)} px shown`] : [];
    }),
  );
  assert.deepEqual(cut, [], "every choice fits its select");
  await screenshot(page, "list-filters-phone");
  assert.deepEqual(page.errors, []);
});

test("a fit's row shows its best cost with a tiny trend, read at a bounded cadence: an ended fit's once, none while hidden", async () => {
  const { body: ended } = await submitJob(e2e.server, { job_type: "datafit", params: { duration_s: 1 } });
  await eventually(async () => (await getJson(e2e.server, `/jobs/${ended.job_id}`)).body.is_terminal, "the short fit to end");
  const { body: running } = await submitJob(e2e.server, { job_type: "datafit", params: { duration_s: 40 } });
  const { body: plain } = await submitJob(e2e.server, { job_type: "dummy", params: { duration_s: 0.1 } });
  const reads = (id) => requestLog(e2e.server).filter((r) => r.method === "GET" && r.path === `/jobs/${id}/metadata`).length;
  const { body: metadata } = await getJson(e2e.server, `/jobs/${ended.job_id}/metadata`);
  const best = Math.min(...metadata.intermediate_results.flatMap((r) => [r.cost, r.best_cost ?? r.cost]));
  const [endedBefore, runningBefore] = [reads(ended.job_id), reads(running.job_id)];
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs`);
  const cell = (id) => page.locator("tbody tr", { has: page.locator(`a[href$="/jobs/${id}"]`) }).locator("td.best-cost");
  assert.equal(await page.locator("thead th").nth(7).innerText(), "Best cost");
  // The ended fit: its best cost, exact on hover, and its fall as a small chart.
  await cell(ended.job_id).locator("span.cost").waitFor();
  assert.equal(Number(await cell(ended.job_id).locator("span.cost").getAttribute("title")), best);
  assert.equal(await cell(ended.job_id).locator("svg.spark").count(), 1);
  assert.equal(await cell(plain.job_id).innerText(), "", "not a fit: nothing");
  await cell(running.job_id).locator("span.cost").waitFor();
  // Over 12 s (the list itself polls every second or two meanwhile): the ended fit read once, the
  // running one at most every 10 s.
  await new Promise((r) => setTimeout(r, 12_000));
  assert.equal(reads(ended.job_id) - endedBefore, 1, "an ended fit's metadata is read once");
  const runningReads = reads(running.job_id) - runningBefore;
  assert.ok(runningReads >= 2 && runningReads <= 3, `a running fit read at most every 10 s: ${runningReads} reads in 12 s`);
  await screenshot(page, "list-best-cost");
  // A hidden tab reads nothing.
  await page.evaluate(() => {
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  const hiddenFrom = reads(running.job_id);
  await new Promise((r) => setTimeout(r, 11_000));
  assert.equal(reads(running.job_id), hiddenFrom, "no reads while the tab is hidden");
  assert.deepEqual(page.errors, []);
  await page.close();
  await fetch(`${e2e.server.url}/jobs/${running.job_id}/cancel`, { method: "POST" });
});

test("find by job ID: a whole ID or a start with one match opens the job, several are listed, none is said", async () => {
  const { body: a } = await submitJob(e2e.server, { job_type: "dummy", params: { duration_s: 0.1 } });
  const page = await newPage(e2e.browser);
  const find = async (text) => {
    await page.getByLabel("Find by job ID").fill(text);
    await page.getByRole("button", { name: "Find", exact: true }).click();
  };
  await page.goto(`${e2e.server.url}/jobs`);
  await find(a.job_id);
  await page.waitForURL(new RegExp(`/jobs/${a.job_id}$`));
  await page.goBack();
  await find(a.job_id.slice(0, 8).toUpperCase());
  // The start of one job's ID, in any case, opens it.
  await page.waitForURL(new RegExp(`/jobs/${a.job_id}$`));
  await page.goBack();
  await find("   ");
  await page.getByText("Type a job ID, or the start of one.").waitFor();
  await find("zz-no-such");
  const total = Number((await getJson(e2e.server, "/jobs?limit=1")).total);
  await page.getByText(`No job's ID starts with that among the newest ${total} jobs.`).waitFor();
  // One character: as many matches as the API's jobs have (up to ten), listed, or the one opened.
  const { body: all } = await getJson(e2e.server, "/jobs?limit=100");
  const start = a.job_id[0];
  const expected = all.filter((j) => j.job_id.startsWith(start)).map((j) => j.job_id).slice(0, 10);
  await find(start);
  if (expected.length === 1) {
    await page.waitForURL(new RegExp(`/jobs/${expected[0]}$`));
  } else {
    await page.locator("ul.found li").nth(expected.length - 1).waitFor();
    assert.deepEqual(await page.locator("ul.found li").allInnerTexts(), expected);
    await screenshot(page, "list-find-several");
  }
  // The browser logs each try of a start as a whole ID (404); the app itself logs nothing.
  assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
});

test("Order: lowest best cost first re-orders the page's fits, says it is within the page, and stays in the address", async () => {
  const fits = [];
  for (const cell of ["LG M50", "Molicel P42A"]) fits.push((await submitJob(e2e.server, { job_type: "datafit", params: { duration_s: 1, cell } })).body.job_id);
  await eventually(async () => (await Promise.all(fits.map(async (id) => (await getJson(e2e.server, `/jobs/${id}`)).body.is_terminal))).every(Boolean), "both fits to end", 30_000);
  const best = async (id) => Math.min(...(await getJson(e2e.server, `/jobs/${id}/metadata`)).body.intermediate_results.map((r) => Math.min(r.cost, r.best_cost ?? r.cost)));
  const costs = await Promise.all(fits.map(best));
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs`);
  for (const id of fits) await page.locator("tbody tr", { has: page.locator(`a[href$="/jobs/${id}"]`) }).locator("td.best-cost span.cost").waitFor();
  await page.getByLabel("Order").selectOption("cost");
  await page.waitForURL(/sort=cost/);
  await page.getByText("Lowest best cost first within this page").waitFor();
  const shownCosts = async () =>
    (await page.locator("tbody tr td.best-cost").evaluateAll((cells) => cells.map((c) => c.querySelector("span.cost")?.getAttribute("title") ?? null)));
  const order = await shownCosts();
  const firstGap = order.indexOf(null);
  const numbers = order.slice(0, firstGap === -1 ? order.length : firstGap).map(Number);
  assert.deepEqual(numbers, [...numbers].sort((x, y) => x - y), "fits by best cost, lowest first");
  assert.ok(order.slice(numbers.length).every((c) => c === null), "jobs without a cost after the fits");
  for (const c of costs) assert.ok(numbers.includes(c));
  await page.reload();
  assert.equal(await page.getByLabel("Order").inputValue(), "cost");
  assert.deepEqual(page.errors, []);
});

/** Submits a job to a project (the form sends `project_id` in the query, as the API reads it). */
const submitTo = async (project, body) => {
  const response = await fetch(`${e2e.server.url}/jobs?project_id=${encodeURIComponent(project)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 202);
  return (await response.json()).job_id;
};
const listedIds = (page) => page.locator("tbody tr td.job-id a").evaluateAll((links) => links.map((a) => a.getAttribute("href").split("/").pop()));

test("Status Active shows pending, running and waiting jobs and Project one project's: the API filters, and the address keeps both", async () => {
  const project = `cells ${Date.now()} & co`;
  const running = await submitTo(project, { job_type: "dummy", params: { duration_s: 30 } });
  const done = await submitTo(project, { job_type: "dummy", params: { duration_s: 0.1 } });
  const elsewhere = await submitTo("another project", { job_type: "dummy", params: { duration_s: 30 } });
  await eventually(async () => (await getJson(e2e.server, `/jobs/${done}`)).body.is_terminal, "the quick job to end");
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs`);
  await page.locator("tbody tr").first().waitFor();
  await page.getByLabel("Status").selectOption("active");
  await page.waitForURL(/status=active/);
  const project_field = page.getByLabel("Project");
  await project_field.fill(`  ${project} `);
  await project_field.press("Enter");
  await page.waitForURL(/project=/);
  assert.equal(new URL(page.url()).searchParams.get("project"), project, "trimmed, as the form submits a project");
  await eventually(async () => JSON.stringify(await listedIds(page)) === JSON.stringify([running]), "only the project's running job");
  const asked = requestLog(e2e.server).filter((r) => r.path === "/jobs" && /project_id=/.test(r.query ?? "")).at(-1);
  assert.match(asked.query, /statuses=pending&statuses=processing&statuses=waiting/);
  assert.equal(new URLSearchParams(asked.query).get("project_id"), project);
  assert.equal(await page.locator(".banner.warn").count(), 0, "the local API applies both filters");
  await page.reload();
  assert.equal(await page.getByLabel("Status").inputValue(), "active");
  assert.equal(await page.getByLabel("Project").inputValue(), project);
  await eventually(async () => JSON.stringify(await listedIds(page)) === JSON.stringify([running]), "the same job after a reload");
  await page.getByLabel("Status").selectOption("ended");
  await eventually(async () => JSON.stringify(await listedIds(page)) === JSON.stringify([done]), "only the project's ended job");
  await page.getByLabel("Project").fill("");
  await page.getByLabel("Project").press("Enter");
  await eventually(async () => !/project=/.test(page.url()), "the project filter to be cleared");
  await page.getByLabel("Status").selectOption("active");
  await eventually(async () => (await listedIds(page)).includes(elsewhere), "every project's active jobs");
  await screenshot(page, "list-active-filter");
  assert.deepEqual(page.errors, []);
  for (const id of [running, elsewhere]) await fetch(`${e2e.server.url}/jobs/${id}/cancel`, { method: "POST" });
});

test("an API that ignores statuses or project_id: the jobs outside the filters are hidden and a sentence says so", async () => {
  const project = `ignored ${Date.now()}`;
  const mine = await submitTo(project, { job_type: "dummy", params: { duration_s: 30 } });
  const other = await submitTo("someone else", { job_type: "dummy", params: { duration_s: 0.1 } });
  await eventually(async () => (await getJson(e2e.server, `/jobs/${other}`)).body.is_terminal, "the other job to end");
  const page = await newPage(e2e.browser);
  // An API that does not know these parameters answers as if they were not sent.
  await page.route(/\/jobs\?/, (route) => {
    const url = new URL(route.request().url());
    url.searchParams.delete("statuses");
    url.searchParams.delete("project_id");
    return route.continue({ url: url.toString() });
  });
  await page.goto(`${e2e.server.url}/jobs?status=active&project=${encodeURIComponent(project)}&limit=100`);
  const warning = page.locator(".banner.warn");
  await warning.waitFor();
  const said = await warning.innerText();
  assert.match(said, /does not filter by several statuses at once: jobs that are not pending, processing or waiting are hidden/);
  assert.match(said, /did not filter by project/);
  assert.deepEqual(await listedIds(page), [mine], "only the job inside both filters is shown");
  await screenshot(page, "list-filters-not-applied");
  assert.deepEqual(page.errors, []);
  await fetch(`${e2e.server.url}/jobs/${mine}/cancel`, { method: "POST" });
});
