// A fit's page when the API gives less, or odder, than the local server: answers made by request
// interception (page.route) on a real completed fit. Entries without physical values
// (`inputs_unscaled`), series that answer 404 or 501, a series of one row, `null` and `NaN` in a
// column, 10,000 iterations, 40 parameters. In each, the page says what it cannot show in a
// sentence where it would have been, never turns into an error page, keeps its other sections,
// and stays responsive.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, newPage, screenshot, useServerAndBrowser } from "./harness.mjs";
import {
  chart,
  jobEnded,
  labelOf,
  readoutOf,
  submitFit,
  syntheticMetadata,
  syntheticSeries,
} from "./fit-views.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

const COST = "Cost against iteration";
const MODEL = "Model against data: pulse_test";

let completed;
/** One completed fit that sampled, whose answers the tests change on their way to the page. */
function completedFit() {
  completed ??= (async () => {
    const id = await submitFit(e2e.server, { duration_s: 2, sampler: true });
    await jobEnded(e2e.server, id);
    return id;
  })();
  return completed;
}

const json = (body, status = 200) => ({ status, contentType: "application/json", body: typeof body === "string" ? body : JSON.stringify(body) });

/** Opens the completed fit's page with `routes` ({ metadata, channels, series }: route handlers) in place. */
async function openWith(routes, options) {
  const id = await completedFit();
  const page = await newPage(e2e.browser, options);
  const at = (suffix) => (url) => url.pathname === `/jobs/${id}${suffix}`;
  if (routes.metadata) await page.route(at("/metadata"), routes.metadata);
  if (routes.channels) await page.route(at("/series/channels"), routes.channels);
  if (routes.series) await page.route(at("/series"), routes.series);
  await page.goto(`${e2e.server.url}/jobs/${id}`);
  await appReady(page);
  await page.locator("dl.facts .badge.completed").waitFor({ timeout: 15_000 });
  return { id, page };
}

/**
 * The page is the job's page, not an error page: its heading and facts, no alert, the sections
 * named present with their content, and no error of the app (the browser's own line for a
 * deliberate 404 or 501 aside).
 */
async function assertPageStands(page, sections) {
  assert.match(await page.locator("main h1").innerText(), /^Job /);
  assert.equal(await page.locator("dl.facts .badge.completed").count(), 1);
  assert.equal(await page.locator("[role=alert]").count(), 0, "no error banner");
  const headings = await page.locator("main h2").allInnerTexts();
  for (const s of sections) assert.ok(headings.includes(s), `section ${s} still shows (${headings.join(", ")})`);
  if (sections.includes("Cost")) assert.match(await labelOf(chart(page, COST)), /saved iterations/);
  if (sections.includes("Parameters")) assert.ok((await page.locator("table.parameters tbody tr").count()) >= 1);
  if (sections.includes("Posterior")) assert.ok((await page.locator("figure.chart .plot path.bars").count()) >= 1);
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
}

/** The section under the heading `name`. */
const section = (page, name) => page.locator("section").filter({ has: page.locator(`h2:text-is("${name}")`) });

test("entries without physical values show the scaled ones, and say so", async () => {
  const { page } = await openWith({
    metadata: async (route) => {
      const metadata = await (await route.fetch()).json();
      for (const entry of metadata.intermediate_results) delete entry.inputs_unscaled;
      await route.fulfill(json(metadata));
    },
  });
  await page.locator("table.parameters tbody tr").nth(2).waitFor();
  const note = await section(page, "Parameters").innerText();
  assert.match(note, /scaled values \(inputs\)/, "a sentence says the values are the scaled ones");
  assert.match(note, /no physical values \(inputs_unscaled\)/);
  // The simulation scales resistances by 100: the best series resistance reads about 1.2, not 0.012.
  const row = page.locator("table.parameters tbody tr").filter({ has: page.locator("th", { hasText: "Series resistance [Ohm]" }) });
  const best = Number(await row.locator("td.number").first().getAttribute("title"));
  assert.ok(Math.abs(best / 1.2 - 1) < 0.1, `the scaled best value is shown (${best})`);
  assert.equal(await section(page, "Parameters").locator(".small-multiples figure.chart").count(), 3);
  await screenshot(page, "fit-degrade-scaled");
  await assertPageStands(page, ["Cost", "Parameters", "Model against data", "Posterior"]);
});

for (const [what, suffix] of [
  ["channel list", "channels"],
  ["series", "series"],
]) {
  for (const status of [404, 501]) {
    test(`a ${what} answering ${status} leaves a sentence in "Model against data" and the rest of the page working`, async () => {
      const { page } = await openWith({
        [suffix]: (route) => route.fulfill(json({ detail: status === 404 ? "Not Found" : "Not Implemented" }, status)),
      });
      const model = section(page, "Model against data");
      await eventually(async () => new RegExp(`answered ${status}`).test(await model.innerText().catch(() => "")), `a sentence about the ${status}`);
      const text = await model.innerText();
      assert.match(text, status === 404 ? /has no series for this job \(it answered 404\)/ : /does not provide series \(it answered 501\)/);
      assert.equal(await model.locator(".plot path.line.model").count(), 0, "no model drawn");
      await page.waitForTimeout(500);
      assert.ok(!(await model.innerText()).includes("Loading the series"), "no endless 'Loading the series…' beside the sentence");
      // The other charts still work: the cost chart zooms and reads out.
      const cost = chart(page, COST);
      await cost.locator("svg[role=img]").focus();
      await page.keyboard.press("Home");
      await page.keyboard.press("End");
      assert.match(await readoutOf(cost), /^Iteration /);
      await page.keyboard.press("+");
      assert.match(await labelOf(cost), /Zoomed to Iteration/);
      await screenshot(page, `fit-degrade-${suffix}-${status}`);
      await assertPageStands(page, ["Cost", "Parameters", "Model against data", "Posterior"]);
    });
  }
}

test("a series of one row is drawn, read out and zoomed without harm", async () => {
  const row = { "Time [s]": [0], "Voltage [V]": [3.9], "Model voltage [V]": [3.91], "Residual [V]": [0.01], "Current [A]": [1] };
  const { page } = await openWith({ series: (route) => route.fulfill(json(row)) });
  const model = chart(page, MODEL);
  await model.locator(".plot path.line.model").waitFor({ state: "attached" });
  assert.match(await labelOf(model), /^Model against data: pulse_test\./);
  for (const d of await model.locator(".plot path.line").evaluateAll((ps) => ps.map((p) => p.getAttribute("d")))) {
    assert.ok(!/NaN|Infinity/.test(d ?? ""), `a path without NaN: ${d}`);
  }
  await model.locator("svg[role=img]").focus();
  await page.keyboard.press("Home");
  assert.equal(await readoutOf(model), "Time [s] 0 · data: Voltage [V]: 3.9 · model: Model voltage [V]: 3.91");
  await page.keyboard.press("+");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("-");
  await page.keyboard.press("0");
  await model.getByRole("button", { name: "Table" }).click();
  assert.equal(await model.locator("table.chart-table tbody tr").count(), 2, "a row for the data and one for the model");
  await screenshot(page, "fit-degrade-one-row");
  await assertPageStands(page, ["Cost", "Parameters", "Model against data", "Posterior"]);
  // A person sees the one point: the data or model line has an extent (the readout's dot, shown
  // only on pointing, does not count).
  const seen = await model.locator(".plot").evaluate((plot) =>
    [...plot.querySelectorAll("path.line.data, path.line.model")].some((e) => {
      const box = e.getBBox?.();
      return box && (box.width > 0 || box.height > 0);
    }),
  );
  assert.ok(seen, "the single row is drawn as something visible (a bare 'M x,y' path shows nothing)");
});

test("null and NaN in a column leave gaps, not a broken chart", async () => {
  const series = syntheticSeries(200);
  const holes = new Set([0, 5, 6, 7, 50, 120, 199]);
  series["Voltage [V]"] = series["Voltage [V]"].map((v, i) => (holes.has(i) ? (i % 2 ? "NAN_TOKEN" : null) : v));
  series["Model voltage [V]"] = series["Model voltage [V]"].map((v, i) => (i === 60 ? "NAN_TOKEN" : v));
  series["Residual [V]"] = series["Residual [V]"].map((v, i) => (holes.has(i) || i === 60 ? null : v));
  // Python's json writes NaN as a bare token, which JSON.stringify cannot.
  const body = JSON.stringify(series).replace(/"NAN_TOKEN"/g, "NaN");
  assert.match(body, /,NaN,/);
  const { page } = await openWith({ series: (route) => route.fulfill(json(body)) });
  const model = chart(page, MODEL);
  await model.locator(".plot path.line.model").waitFor();
  const paths = await page.locator("figure.chart .plot path").evaluateAll((ps) => ps.map((p) => p.getAttribute("d") ?? ""));
  for (const d of paths) assert.ok(!/NaN|Infinity|undefined/.test(d), `a path without NaN: ${d.slice(0, 80)}`);
  const data = await model.locator(".plot path.line.data").getAttribute("d");
  assert.ok((data.match(/M/g) ?? []).length >= 2, "the data line breaks at its gaps");
  assert.match(await labelOf(model), /Root-mean-square residual [\d.e-]+ V\./, "the summary leaves the missing values out");
  // The readout at a missing value says so rather than a number.
  await model.locator("svg[role=img]").focus();
  await page.keyboard.press("Home");
  const first = await readoutOf(model);
  assert.match(first, /^Time \[s\] 0 · data: Voltage \[V\]: /);
  assert.ok(!/data: Voltage \[V\]: -?\d/.test(first), `no number for the missing first value: ${first}`);
  await model.getByRole("button", { name: "Table" }).click();
  await model.locator("table.chart-table").waitFor();
  await screenshot(page, "fit-degrade-nan");
  await assertPageStands(page, ["Cost", "Parameters", "Model against data", "Posterior"]);
});

test("10,000 saved iterations are drawn and the page stays responsive", async () => {
  const metadata = syntheticMetadata({ iterations: 10_000, parameters: 3, starts: 2, samples: 600 });
  const { page } = await openWith({ metadata: (route) => route.fulfill(json(metadata)) });
  const cost = chart(page, COST);
  await eventually(async () => /^Cost against iteration\. 10,?000 saved iterations of 2 multistarts/.test((await labelOf(cost)) ?? ""), "10,000 iterations drawn", 30_000);
  // A click on Table answers within a few seconds (a timeout, not a measurement: see bench/charts.mjs).
  await cost.getByRole("button", { name: "Table" }).click();
  await cost.locator("table.chart-table tbody tr").nth(199).waitFor({ timeout: 5_000 });
  assert.match(await cost.locator("p.hint").allInnerTexts().then((t) => t.join(" ")), /The first 200 of [\d,]+ rows/);
  await cost.locator("svg[role=img]").focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("End");
  assert.match(await readoutOf(cost), /^Iteration 5,?000 /);
  await assertPageStands(page, ["Cost", "Parameters", "Model against data", "Posterior"]);
  // Counts in one style: the model's note writes "12,000 rows"; the cost chart's count likewise.
  assert.match(await labelOf(cost), /^Cost against iteration\. 10,000 saved iterations/, "thousands separated");
});

test("40 parameters get a row and a trace each, and the page stays responsive", async () => {
  const metadata = syntheticMetadata({ iterations: 400, parameters: 40, starts: 2, samples: 600 });
  const { page } = await openWith({ metadata: (route) => route.fulfill(json(metadata)) });
  await page.locator("table.parameters tbody tr").nth(39).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("table.parameters tbody tr").count(), 40);
  assert.equal(await section(page, "Parameters").locator(".small-multiples figure.chart").count(), 40);
  await eventually(async () => (await section(page, "Posterior").locator("figure.chart").count()) === 80, "a histogram and a chain per parameter");
  const cost = chart(page, COST);
  await cost.getByRole("button", { name: "Table" }).click();
  await cost.locator("table.chart-table tbody tr").first().waitFor({ timeout: 5_000 });
  // The last parameter's chart, far down the page, reads out too.
  const last = chart(page, "Parameter 40 [Ohm]");
  await last.locator("svg[role=img]").focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("End");
  assert.match(await readoutOf(last), /^Iteration 200 · start 1: /);
  await assertPageStands(page, ["Cost", "Parameters", "Model against data", "Posterior"]);
});
