// A fit on its status page, against the local server's simulated fit (3 parameters, 2
// multistarts, objective pulse_test, 12,000 rows, a sampler chain with a burn-in of 200): every
// chart appears and follows the fit live; the readout follows the pointer and the keys; zoom (drag,
// keys, buttons) fetches the model's window again at twice the drawing's width and stays across
// polls; the baseline, the table view and the CSV download; the posterior's burn-in; parameter
// names the server cannot make (HTML, a right-to-left override) served by interception; the best
// values near the simulation's truth and copied as JSON; light, dark and phone screenshots (axe).
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, newPage, screenshot, useServerAndBrowser } from "./harness.mjs";
import {
  assertNumberStyle,
  assertTableNumbers,
  cancelJob,
  chart,
  completedFitShown,
  downloadText,
  dragAcross,
  jobEnded,
  labelOf,
  metadataPolls,
  readoutOf,
  seriesRequests,
  submitFit,
  zoomOf,
} from "./fit-views.mjs";

const e2e = useServerAndBrowser({ workers: 3 });

const PARAMETERS = ["Series resistance [Ohm]", "RC resistance [Ohm]", "RC time constant [s]"];
const TRUTH = { "Series resistance [Ohm]": 0.012, "RC resistance [Ohm]": 0.025, "RC time constant [s]": 35 };
const COST = "Cost against iteration";
const MODEL = "Model against data: pulse_test";
const RESIDUAL = "Residual (model − data)";
const TOOLS = ["Zoom in", "Zoom out", "Reset zoom", "Table", "Download CSV"];
// With nothing pointed at, the readout is empty (it is a live region: it speaks when it changes).
const NO_READOUT = /^$/;

// One completed fit that sampled, shared by the tests that only look at an ended fit.
let completed;
function completedFit() {
  completed ??= (async () => {
    const id = await submitFit(e2e.server, { duration_s: 4, sampler: true });
    await jobEnded(e2e.server, id);
    return id;
  })();
  return completed;
}

async function openJob(id, options) {
  const page = await newPage(e2e.browser, options);
  await page.goto(`${e2e.server.url}/jobs/${id}`);
  await appReady(page);
  return page;
}

async function openCompletedFit(options) {
  const id = await completedFit();
  const page = await openJob(id, options);
  await completedFitShown(page);
  await page.locator("figure.chart .plot path.bars").first().waitFor();
  return { id, page };
}

/** Every chart's label, by title, and whether the page still says the job runs. */
async function snapshot(page) {
  const charts = await page.locator("figure.chart").evaluateAll((figures) =>
    figures.map((f) => [f.querySelector("figcaption")?.textContent, f.querySelector("svg[role=img]")?.getAttribute("aria-label")]),
  );
  return { running: (await page.locator("dl.facts .badge.processing").count()) === 1, labels: Object.fromEntries(charts) };
}

test("every chart of a fit appears and follows the fit while it runs", async () => {
  const id = await submitFit(e2e.server, { duration_s: 8, sampler: true });
  const page = await openJob(id);
  await page.locator("dl.facts .badge.processing").waitFor({ timeout: 15_000 });
  const seen = [];
  const progress = [];
  while ((await page.locator("dl.facts .badge.completed").count()) === 0) {
    seen.push(await snapshot(page));
    // The line empties when the job ends, which may happen between finding it and reading it.
    const line = (await page.getByText(/^Running: iteration/).allInnerTexts()).filter(Boolean);
    if (line.length) progress.push(line[0]);
    assert.ok(seen.length < 200, "the fit ends within 50 s");
    await page.waitForTimeout(250);
  }
  // The running status line, with growing counts.
  assert.ok(progress.length > 0, "a running fit says how far it is");
  for (const line of progress) assert.match(line, /^Running: iteration [\d,]+ so far \([\d,]+ saved\)/);
  const iterations = progress.map((l) => Number(l.match(/iteration ([\d,]+)/)[1].replace(/,/g, "")));
  assert.ok(iterations.at(-1) > iterations[0], `the iteration count grows (${iterations[0]} → ${iterations.at(-1)})`);
  // Each kind of chart changed its text alternative between two looks while the job ran.
  const running = seen.filter((s) => s.running);
  for (const title of [COST, PARAMETERS[0], MODEL, `Posterior of ${PARAMETERS[0]}`, `Chain of ${PARAMETERS[0]}`]) {
    const labels = new Set(running.map((s) => s.labels[title]).filter(Boolean));
    assert.ok(labels.size >= 2, `"${title}" updated live (labels seen while running: ${[...labels].join(" | ") || "none"})`);
  }
  await page.locator("figure.chart .plot path.line.model").first().waitFor();
  assert.deepEqual(page.errors, []);
});

test("a completed fit shows its sections, each chart with its tools, and the cost per multistart on a log scale", async () => {
  const { page } = await openCompletedFit();
  const headings = await page.locator("main h2").allInnerTexts();
  for (const h of ["Cost", "Parameters", "Model against data", "Posterior"]) assert.ok(headings.includes(h), `section ${h} (${headings})`);
  const subheadings = await page.locator("main h3").allInnerTexts();
  for (const h of ["Parameter traces", "Objective pulse_test"]) assert.ok(subheadings.includes(h), `heading ${h} (${subheadings})`);
  assert.equal(await page.locator("section:has(h2:text-is('Parameters')) .small-multiples figure.chart").count(), 3, "a trace per parameter");
  const titles = await page.locator("figure.chart figcaption").allInnerTexts();
  const expected = [COST, ...PARAMETERS, MODEL, RESIDUAL, ...PARAMETERS.flatMap((p) => [`Posterior of ${p}`, `Chain of ${p}`])];
  assert.deepEqual([...titles].sort(), [...expected].sort());
  for (const figure of await page.locator("figure.chart").all()) {
    const title = await figure.locator("figcaption").innerText();
    const tools = figure.locator(".chart-tools[role=group]");
    for (const name of TOOLS) assert.equal(await tools.getByRole("button", { name, exact: true }).count(), 1, `${title}: ${name}`);
    assert.equal(await tools.getByRole("button", { name: "Reset zoom" }).isDisabled(), true, `${title}: nothing to reset`);
    assert.equal(await tools.getByRole("button", { name: "Table" }).getAttribute("aria-pressed"), "false");
    const svg = figure.locator("svg[role=img]");
    assert.equal(await svg.getAttribute("tabindex"), "0", `${title}: the drawing takes the focus`);
    assert.ok((await svg.getAttribute("aria-label")).startsWith(`${title}. `), `${title}: its label starts with its title`);
    assert.equal(await figure.locator("p.readout").getAttribute("aria-live"), "polite");
    assert.match(await readoutOf(figure), NO_READOUT);
    assert.ok((await figure.locator("ul.legend li").count()) >= 1, `${title}: a legend`);
  }
  const cost = chart(page, COST);
  assert.match(await labelOf(cost), /of 2 multistarts/);
  const legend = await cost.locator("ul.legend li").allInnerTexts();
  assert.equal(legend.length, 4, legend.join(" | "));
  assert.equal(legend[0], "start 1: cost");
  assert.match(legend[1], /^start 1: best cost \S+ ★ best fit$/);
  assert.equal(legend[2], "start 2: cost");
  assert.match(legend[3], /^start 2: best cost \S+$/);
  const bestCost = legend[1].match(/best cost (\S+)/)[1];
  assert.match(bestCost, /^\d(\.\d{1,3})?e-\d+$/, "a cost below 1e-3 is written with an exponent");
  const axes = await cost.locator(".plot text.axis-name").evaluateAll((texts) => texts.map((t) => t.textContent));
  assert.ok(axes.includes("Cost (log scale)"), `the y axis says it is a log scale (${axes.join(" | ")})`);
  for (const [classes, count] of [["c0.cost", 1], ["c0.best", 1], ["c1.cost", 1]]) {
    assert.equal(await cost.locator(`.plot path.line.${classes}`).count(), count, classes);
  }
  const model = chart(page, MODEL);
  assert.ok((await model.locator(".plot path.line.data").count()) >= 1 && (await model.locator(".plot path.line.model").count()) === 1);
  assert.equal(await chart(page, RESIDUAL).locator(".plot path.line.residual").count(), 1);
  assert.match(await model.locator("p.hint").innerText(), /^[\d,]+ points drawn of 12,000 rows\.$/);
  for (const p of PARAMETERS) assert.equal(await chart(page, `Posterior of ${p}`).locator(".plot path.bars").count(), 1, `histogram of ${p}`);
  assert.deepEqual(page.errors, []);
});

test("the best values land near the simulation's truth, in the page's number style, and copy as JSON", async () => {
  const { page } = await openCompletedFit();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2e.server.url });
  const rows = page.locator("table.parameters tbody tr");
  assert.equal(await rows.count(), 3);
  const best = {};
  for (const row of await rows.all()) {
    const cell = row.locator("td.number").first();
    best[await row.locator("th").innerText()] = Number(await cell.getAttribute("title"));
  }
  for (const [name, truth] of Object.entries(TRUTH)) {
    assert.ok(Math.abs(best[name] / truth - 1) < 0.05, `${name}: ${best[name]} near ${truth}`);
  }
  await assertTableNumbers(page.locator("table.parameters"), "parameters table");
  await page.getByRole("button", { name: "Copy best values" }).click();
  await page.getByText("The best values are copied, as JSON.").waitFor();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.deepEqual(Object.keys(copied).sort(), Object.keys(best).sort());
  for (const [name, value] of Object.entries(copied)) assert.equal(value, best[name], `${name} copied in full`);
  assert.deepEqual(page.errors, []);
});

test("the readout follows the pointer, and the arrow keys, Home, End and Escape on a focused chart", async () => {
  const { page } = await openCompletedFit();
  const cost = chart(page, COST);
  const svg = cost.locator("svg[role=img]");
  await svg.scrollIntoViewIfNeeded();
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hovered = await eventually(async () => ((await readoutOf(cost)).startsWith("Iteration ") ? readoutOf(cost) : null), "a readout on hover");
  const parts = hovered.split(" · ");
  assert.match(parts[0], /^Iteration [\d,]+$/);
  for (const label of ["start 1: cost", "start 1: best cost", "start 2: cost", "start 2: best cost"]) {
    assert.ok(parts.some((p) => p.startsWith(label)), `the readout names ${label}: ${hovered}`);
  }
  for (const p of parts.slice(1)) assert.match(p, /: -?[\d.,]+(e-?\d+)?$/, `a value in the page's number style: ${p}`);
  await page.mouse.move(0, 0);
  await eventually(async () => NO_READOUT.test(await readoutOf(cost)), "the readout to go when the pointer leaves");

  // The keyboard: the same readout, stepping through the saved iterations.
  await svg.focus();
  const iterationOf = async () => Number((await readoutOf(cost)).match(/^Iteration ([\d,]+)/)?.[1].replace(/,/g, "") ?? NaN);
  await page.keyboard.press("Home");
  const first = await iterationOf();
  await page.keyboard.press("ArrowRight");
  const second = await iterationOf();
  assert.ok(second > first, `→ moves on (${first} → ${second})`);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await iterationOf(), first, "← moves back");
  await page.keyboard.press("End");
  const last = await iterationOf();
  assert.ok(last > second, `End goes to the last iteration (${last})`);
  await page.keyboard.press("ArrowRight");
  assert.equal(await iterationOf(), last, "→ at the end stays there");
  await page.keyboard.press("Escape");
  assert.match(await readoutOf(cost), NO_READOUT, "Escape hides the readout");

  // The model chart reads out the data and the model at a time.
  const model = chart(page, MODEL);
  await model.locator("svg[role=img]").focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  assert.match(await readoutOf(model), /^Time \[s\] [\d.,]+ · data: Voltage \[V\]: [\d.]+ · model: Model voltage \[V\]: [\d.]+$/);
  // A histogram reads out a bar: its range and count.
  const histogram = chart(page, `Posterior of ${PARAMETERS[0]}`);
  await histogram.locator("svg[role=img]").focus();
  await page.keyboard.press("Home");
  assert.match(await readoutOf(histogram), /^Series resistance \[Ohm\] \S+ · samples after the burn-in from \S+ to \S+: \d+$/);
  assert.deepEqual(page.errors, []);
  // With no readout shown, End and Home go straight to either end.
  await svg.focus();
  await page.keyboard.press("Escape");
  await page.keyboard.press("End");
  assert.equal(await iterationOf(), last, "End with no readout shown goes to the last iteration");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Home");
  assert.equal(await iterationOf(), first, "Home with no readout shown goes to the first");
});

test("dragging over the model chart zooms it and fetches that window at twice the drawing's width", async () => {
  const { id, page } = await openCompletedFit();
  const model = chart(page, MODEL);
  const strip = chart(page, RESIDUAL);
  const width = await model.locator(".plot").evaluate((d) => d.clientWidth);
  const budget = String(Math.round(width * 2));
  // The first fetch already asks for twice the measured width.
  // (The row count is asked apart, as the x column alone without max_points.)
  const whole = seriesRequests(e2e.server, id).filter((r) => r.params.source === "optimal" && r.params.max_points);
  assert.ok(whole.length >= 1);
  assert.equal(whole.at(-1).params.max_points, budget, `max_points is twice the plot's ${width} px`);
  assert.equal(whole.at(-1).params.x_column, "Time [s]");
  assert.equal(whole.at(-1).params.objective, "pulse_test");
  assert.deepEqual(whole.at(-1).params.columns.split(",").sort(), ["Model voltage [V]", "Residual [V]", "Voltage [V]"]);

  const before = seriesRequests(e2e.server, id).length;
  await dragAcross(page, model, 0.3, 0.6);
  const zoomed = await eventually(async () => zoomOf(await labelOf(model)), "the model chart zoomed by the drag");
  assert.equal(zoomed.x, "Time [s]");
  assert.ok(zoomed.low > 200 && zoomed.high < 900 && zoomed.high > zoomed.low, JSON.stringify(zoomed));
  const windowed = await eventually(
    () => seriesRequests(e2e.server, id).slice(before).find((r) => r.params.x_min !== undefined && r.params.source === "optimal"),
    "a series request for the window",
  );
  assert.ok(Math.abs(Number(windowed.params.x_min) - zoomed.low) <= Math.abs(zoomed.low) * 1e-3, `x_min ${windowed.params.x_min} ~ ${zoomed.low}`);
  assert.ok(Math.abs(Number(windowed.params.x_max) - zoomed.high) <= Math.abs(zoomed.high) * 1e-3, `x_max ${windowed.params.x_max} ~ ${zoomed.high}`);
  assert.equal(windowed.params.max_points, budget);
  // The residual strip shares the zoom; the note counts the rows in the window.
  assert.deepEqual(zoomOf(await labelOf(strip)), zoomed);
  await eventually(async () => /^[\d,]+ points drawn of 12,000 rows \([\d,]+ in this window\)\.$/.test(await model.locator("p.hint").innerText()), "the note on the window's rows");
  assert.equal(await model.getByRole("button", { name: "Reset zoom" }).isDisabled(), false);

  // + narrows around the readout and fetches again; 0 goes back to everything.
  await model.locator("svg[role=img]").focus();
  const beforePlus = seriesRequests(e2e.server, id).length;
  await page.keyboard.press("+");
  const narrower = zoomOf(await labelOf(model));
  assert.ok(narrower.high - narrower.low < (zoomed.high - zoomed.low) * 0.75, `+ narrows ${JSON.stringify(zoomed)} to ${JSON.stringify(narrower)}`);
  await eventually(
    () => seriesRequests(e2e.server, id).slice(beforePlus).some((r) => Math.abs(Number(r.params.x_min) - narrower.low) <= Math.abs(narrower.low) * 1e-3 + 1e-9),
    "a request for the narrower window",
  );
  const beforeReset = seriesRequests(e2e.server, id).length;
  await page.keyboard.press("0");
  assert.equal(zoomOf(await labelOf(model)), null, "0 resets the zoom");
  assert.equal(zoomOf(await labelOf(strip)), null, "and the strip's");
  await eventually(
    () => seriesRequests(e2e.server, id).slice(beforeReset).some((r) => r.params.x_min === undefined && r.params.max_points),
    "the whole series fetched again",
  );
  assert.equal(await model.getByRole("button", { name: "Reset zoom" }).isDisabled(), true);

  // The Reset zoom button does the same.
  await dragAcross(page, model, 0.5, 0.8);
  await eventually(async () => zoomOf(await labelOf(model)), "zoomed again");
  await model.getByRole("button", { name: "Reset zoom" }).click();
  assert.equal(zoomOf(await labelOf(model)), null, "Reset zoom resets");
  assert.equal(await model.getByRole("button", { name: "Reset zoom" }).isDisabled(), true);
  assert.deepEqual(page.errors, []);
});

test("zoom keys and buttons: + narrows, - widens, 0 resets, Zoom in and Zoom out step", async () => {
  const { page } = await openCompletedFit();
  const cost = chart(page, COST);
  const svg = cost.locator("svg[role=img]");
  await svg.focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight"); // the readout in the middle: zoom centres on it
  await page.keyboard.press("+");
  const once = zoomOf(await labelOf(cost));
  assert.ok(once, "+ zooms in");
  assert.equal(await cost.getByRole("button", { name: "Reset zoom" }).isDisabled(), false);
  await page.keyboard.press("+");
  const twice = zoomOf(await labelOf(cost));
  assert.ok(twice.high - twice.low < once.high - once.low, `+ again narrows (${JSON.stringify(once)} → ${JSON.stringify(twice)})`);
  await page.keyboard.press("-");
  const out = zoomOf(await labelOf(cost));
  assert.ok(!out || out.high - out.low > twice.high - twice.low, `- widens (${JSON.stringify(twice)} → ${JSON.stringify(out)})`);
  await page.keyboard.press("0");
  assert.equal(zoomOf(await labelOf(cost)), null, "0 resets");
  await cost.getByRole("button", { name: "Zoom in" }).click();
  const zoomedIn = zoomOf(await labelOf(cost));
  assert.ok(zoomedIn, "Zoom in zooms");
  await cost.getByRole("button", { name: "Zoom out" }).click();
  const zoomedOut = zoomOf(await labelOf(cost));
  assert.ok(!zoomedOut || zoomedOut.high - zoomedOut.low > zoomedIn.high - zoomedIn.low, "Zoom out widens");
  assert.deepEqual(page.errors, []);
});

test("zoom out widens the window even when the readout is at the end of the data", async () => {
  const { page } = await openCompletedFit();
  const cost = chart(page, COST);
  await cost.locator("svg[role=img]").focus();
  await page.keyboard.press("End");
  await page.keyboard.press("+");
  await page.keyboard.press("+");
  const narrow = zoomOf(await labelOf(cost));
  assert.ok(narrow, "zoomed in twice at the end");
  await page.keyboard.press("-");
  const out = zoomOf(await labelOf(cost));
  assert.ok(!out || out.high - out.low > (narrow.high - narrow.low) * 1.5, `- widens ${JSON.stringify(narrow)} (got ${JSON.stringify(out)})`);
});

test("zoom out on the model chart widens the window it fetched rather than dropping the zoom", async () => {
  const { page } = await openCompletedFit();
  const model = chart(page, MODEL);
  // Zoom in twice by dragging, each time waiting for the window's own rows, as a person would.
  await dragAcross(page, model, 0.3, 0.7);
  const wide = await eventually(async () => zoomOf(await labelOf(model)), "zoomed in once");
  await dragAcross(page, model, 0.3, 0.7);
  const narrow = await eventually(async () => {
    const z = zoomOf(await labelOf(model));
    return z && z.high - z.low < (wide.high - wide.low) * 0.6 ? z : null;
  }, "zoomed in twice");
  await page.waitForTimeout(1000);
  await model.locator("svg[role=img]").focus();
  await page.keyboard.press("-");
  const out = zoomOf(await labelOf(model));
  assert.ok(out, `- after two zooms in still shows a window about twice ${JSON.stringify(narrow)}, not everything`);
  assert.ok(out.high - out.low > (narrow.high - narrow.low) * 1.5, `- widens ${JSON.stringify(narrow)} to ${JSON.stringify(out)}`);
});

test("a double-click on a zoomed chart resets its zoom", async () => {
  const { page } = await openCompletedFit();
  const cost = chart(page, COST);
  await dragAcross(page, cost, 0.2, 0.7);
  await eventually(async () => zoomOf(await labelOf(cost)), "the cost chart zoomed by a drag");
  await cost.locator("svg[role=img]").dblclick();
  await eventually(async () => zoomOf(await labelOf(cost)) === null, "the zoom reset by a double-click", 3_000);
});

test("zoom, readout and focus stay while polls bring new iterations", async () => {
  const id = await submitFit(e2e.server, {});
  try {
    const page = await openJob(id);
    const cost = chart(page, COST);
    const model = chart(page, MODEL);
    await page.locator("dl.facts .badge.processing").waitFor({ timeout: 15_000 });
    await model.locator(".plot path.line.model").waitFor({ timeout: 15_000 });
    await eventually(async () => Number((await labelOf(cost)).match(/(\d+) saved iterations/)?.[1]) >= 4, "four saved iterations");
    await dragAcross(page, model, 0.4, 0.7);
    const modelZoom = await eventually(async () => zoomOf(await labelOf(model)), "the model zoomed");
    await cost.locator("svg[role=img]").focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("+");
    const costLabel = await labelOf(cost);
    const costZoom = zoomOf(costLabel);
    assert.ok(costZoom, "the cost chart zoomed");
    const readout = await readoutOf(cost);
    assert.match(readout, /^Iteration /);
    const polls = metadataPolls(e2e.server, id);
    const series = seriesRequests(e2e.server, id).length;
    await eventually(() => metadataPolls(e2e.server, id) >= polls + 2, "two more polls");
    await eventually(async () => (await labelOf(cost)).split(" Zoomed")[0] !== costLabel.split(" Zoomed")[0], "new iterations drawn");
    assert.equal(await page.locator("dl.facts .badge.processing").count(), 1, "the job still runs");
    assert.deepEqual(zoomOf(await labelOf(cost)), costZoom, "the cost chart's zoom is kept");
    assert.equal((await readoutOf(cost)).split(" · ")[0], readout.split(" · ")[0], "the readout stays at its iteration");
    assert.equal(await page.evaluate(() => document.activeElement?.closest("figure.chart")?.querySelector("figcaption")?.textContent), COST, "the focus stays on the chart");
    assert.deepEqual(zoomOf(await labelOf(model)), modelZoom, "the model chart's zoom is kept");
    // The model is fetched again as the fit improves: for the window shown.
    const later = await eventually(() => {
      const drawn = seriesRequests(e2e.server, id).slice(series).filter((r) => r.params.max_points);
      return drawn.length ? drawn : null;
    }, "the model fetched again", 20_000);
    for (const r of later) assert.ok(r.params.x_min !== undefined, `a refetch keeps the window: ${r.query}`);
    assert.deepEqual(page.errors, []);
  } finally {
    await cancelJob(e2e.server, id);
  }
});

test("the baseline toggle draws the model before fitting, fetched as source=baseline", async () => {
  const { id, page } = await openCompletedFit();
  const model = chart(page, MODEL);
  assert.equal(await model.locator(".plot path.line.baseline").count(), 0);
  const before = seriesRequests(e2e.server, id).length;
  await page.getByLabel("Show the baseline (the model before fitting)").check();
  await model.locator(".plot path.line.baseline").first().waitFor();
  assert.ok((await model.locator("ul.legend").innerText()).includes("baseline: Model voltage [V]"));
  const baseline = seriesRequests(e2e.server, id).slice(before).filter((r) => r.params.source === "baseline");
  assert.ok(baseline.length >= 1, "a baseline request");
  assert.equal(baseline[0].params.max_points, String(Math.round((await model.locator(".plot").evaluate((d) => d.clientWidth)) * 2)));
  await page.getByLabel("Show the baseline (the model before fitting)").uncheck();
  await eventually(async () => (await model.locator(".plot path.line.baseline").count()) === 0, "the baseline gone");
  assert.deepEqual(page.errors, []);
});

test("each chart shows its values as a table and downloads them as CSV", async () => {
  const { page } = await openCompletedFit();
  const cost = chart(page, COST);
  const table = cost.getByRole("button", { name: "Table" });
  await table.click();
  assert.equal(await table.getAttribute("aria-pressed"), "true");
  const rows = cost.locator("table.chart-table tbody tr");
  await rows.first().waitFor();
  assert.deepEqual(await cost.locator("table.chart-table thead th").allInnerTexts(), ["Line", "Iteration", "Cost"]);
  assert.ok((await rows.count()) >= 8);
  assert.match(await rows.first().locator("th").innerText(), /^start 1: cost$/);
  await assertTableNumbers(cost.locator("table.chart-table"), "cost table");
  await table.click();
  assert.equal(await table.getAttribute("aria-pressed"), "false");
  assert.equal(await cost.locator("table.chart-table").count(), 0);
  // The model's table: the first 200 rows, and a sentence saying the CSV holds them all.
  const model = chart(page, MODEL);
  await model.getByRole("button", { name: "Table" }).click();
  assert.equal(await model.locator("table.chart-table tbody tr").count(), 200);
  assert.ok((await model.locator("p.hint").allInnerTexts()).some((t) => /^The first 200 of [\d,]+ rows; the CSV download holds them all\.$/.test(t)));
  await assertTableNumbers(model.locator("table.chart-table"), "model table");

  const [costCsv] = await Promise.all([page.waitForEvent("download"), cost.getByRole("button", { name: "Download CSV" }).click()]);
  assert.equal(costCsv.suggestedFilename(), "cost.csv");
  const lines = (await downloadText(costCsv)).trimEnd().split("\n");
  assert.match(lines[0], /^"Iteration","start 1: cost","start 1: best cost [^"]+ ★ best fit","start 2: cost","start 2: best cost [^"]+"/);
  for (const line of lines.slice(1)) for (const cell of line.split(",")) assert.ok(cell === "null" || cell === "" || Number.isFinite(Number(cell)), `a number in full: ${cell}`);
  // Every kind of chart downloads: a header row, then data. (Not all twelve: Chromium stops
  // a page's automatic downloads after ten in a row.)
  const kinds = [PARAMETERS[1], MODEL, RESIDUAL, `Posterior of ${PARAMETERS[2]}`, `Chain of ${PARAMETERS[2]}`];
  for (const figure of kinds.map((title) => chart(page, title))) {
    const title = await figure.locator("figcaption").innerText();
    const [download] = await Promise.all([page.waitForEvent("download"), figure.getByRole("button", { name: "Download CSV" }).click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const text = (await downloadText(download)).trimEnd().split("\n");
    assert.match(text[0], /^"/, `${title}: a header row`);
    assert.ok(text.length >= 2, `${title}: rows under the header`);
  }
  assert.deepEqual(page.errors, []);
});

test("the posterior's burn-in toggle adds the first 200 samples of each chain to the histograms", async () => {
  const { page } = await openCompletedFit();
  const status = page.getByText(/samples per parameter in the histograms\.$/);
  const counts = async () => {
    const m = (await status.innerText()).match(/^([\d,]+) of ([\d,]+) samples per parameter in the histograms\.$/);
    assert.ok(m, await status.innerText());
    return [Number(m[1].replace(/,/g, "")), Number(m[2].replace(/,/g, ""))];
  };
  const chains = await chart(page, `Chain of ${PARAMETERS[0]}`).locator("ul.legend li").count();
  const [kept, total] = await counts();
  assert.equal(kept, total - 200 * chains, `${kept} of ${total} with ${chains} chain(s)`);
  const histogram = chart(page, `Posterior of ${PARAMETERS[0]}`);
  assert.match(await labelOf(histogram), new RegExp(`\\. ${kept.toLocaleString("en-US")} samples;`));
  assert.equal(await chart(page, `Chain of ${PARAMETERS[0]}`).locator("text.mark-label").textContent(), "burn-in ends");
  await page.getByLabel("Include the burn-in (the first 200 samples of each chain)").check();
  await eventually(async () => (await counts())[0] === total, "every sample in the histograms");
  assert.match(await labelOf(histogram), new RegExp(`\\. ${total.toLocaleString("en-US")} samples;`));
  assert.equal(await histogram.locator("ul.legend").innerText(), "samples, burn-in included");
  await page.getByLabel("Include the burn-in (the first 200 samples of each chain)").uncheck();
  await eventually(async () => (await counts())[0] === kept, "the burn-in left out again");
  assert.deepEqual(page.errors, []);
});

test("parameter names holding HTML or a right-to-left override are shown as text", async () => {
  const id = await completedFit();
  const IMG = "<img src=x onerror=alert(1)> [Ohm]";
  const RTL = "a\u202Eb [s]";
  const names = [IMG, RTL];
  const entries = Array.from({ length: 8 }, (_, i) => ({
    iteration: i + 1,
    cost: 10 ** (-2 - i / 2),
    best_cost: 10 ** (-2 - i / 2),
    multistart_job_id: 0,
    inputs: { [IMG]: 1 + i / 10, [RTL]: 3 + i / 10 },
    inputs_unscaled: { [IMG]: 0.01 + i / 1000, [RTL]: 30 + i },
  }));
  const samples = Object.fromEntries(names.map((n, j) => [n, Array.from({ length: 300 }, (_, k) => (j + 1) * (1 + 0.1 * Math.sin(k)))]));
  const metadata = { intermediate_results: entries, samples, sample_param_names: names, sample_burnin: 100 };
  const page = await newPage(e2e.browser);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2e.server.url });
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.route(`**/jobs/${id}/metadata`, (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(metadata) }));
  await page.goto(`${e2e.server.url}/jobs/${id}`);
  await appReady(page);
  await page.locator("table.parameters tbody tr").nth(1).waitFor();
  await page.locator("figure.chart .plot path.bars").first().waitFor();
  const shownRtl = "a⟨U+202E⟩b [s]";
  const headers = await page.locator("table.parameters tbody th").allInnerTexts();
  assert.deepEqual([...headers].sort(), [IMG, shownRtl].sort());
  const titles = await page.locator("figure.chart figcaption").allInnerTexts();
  for (const t of [IMG, shownRtl, `Posterior of ${IMG}`, `Chain of ${shownRtl}`]) assert.ok(titles.includes(t), `a chart titled ${t} (${titles.join(" | ")})`);
  // Read out and tabled as text too.
  const trace = chart(page, shownRtl);
  await trace.locator("svg[role=img]").focus();
  await page.keyboard.press("Home");
  await trace.getByRole("button", { name: "Table" }).click();
  await trace.locator("table.chart-table").waitFor();
  const cost = chart(page, COST);
  await cost.locator("svg[role=img]").focus();
  await page.keyboard.press("Home");
  assert.ok((await readoutOf(cost)).includes(`${IMG}: `), await readoutOf(cost));
  assert.ok((await readoutOf(cost)).includes(`${shownRtl}: `), await readoutOf(cost));
  const text = await page.locator("main").textContent();
  assert.ok(!text.includes("\u202E"), "no right-to-left override reaches the page as a control character");
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], "nothing ran");
  assert.equal(await page.locator("img").count(), 0, "no image element was made");
  // The copy keeps the names exactly as the API gave them.
  await page.getByRole("button", { name: "Copy best values" }).click();
  await page.getByText("The best values are copied, as JSON.").waitFor();
  assert.deepEqual(Object.keys(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).sort(), [...names].sort());
  await screenshot(page, "fit-hostile-names");
  assert.deepEqual(page.errors, []);
});

test("a completed fit with samples reads in light, dark and at a phone's width", async () => {
  for (const [name, options] of [
    ["fit-light", {}],
    ["fit-dark", { colorScheme: "dark" }],
    ["fit-phone", { viewport: { width: 390, height: 844 } }],
  ]) {
    const { page } = await openCompletedFit(options);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no sideways scrolling (${overflow} px)`);
    await screenshot(page, name);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
