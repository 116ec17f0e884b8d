// What the fit tests (fits.test.mjs, fit-degrade.test.mjs) and bench/charts.mjs share: finding a
// chart by its title, reading the server's log of series requests, the app's one number style,
// made-up fits of any size to serve in place of a job's metadata, and a fit job run to its end.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { eventually, getJson, requestLog, submitJob } from "./harness.mjs";

/** The `figure.chart` whose caption is `title` (exactly, or matching a RegExp). */
export function chart(page, title) {
  const caption = page.locator("figcaption", { hasText: typeof title === "string" ? new RegExp(`^${escape(title)}$`) : title });
  return page.locator("figure.chart").filter({ has: caption });
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The text alternative of a chart's drawing: "<title>. <summary>[ Zoomed to …]". */
export const labelOf = (figure) => figure.locator("svg[role=img]").getAttribute("aria-label");

/** The "Zoomed to <x> from a to b." part of a label, as numbers; null when not zoomed. */
export function zoomOf(label) {
  const m = label?.match(/ Zoomed to (.+) from (\S+) to (\S+)\.$/);
  return m ? { x: m[1], low: Number(m[2].replace(/,/g, "")), high: Number(m[3].replace(/,/g, "")) } : null;
}

/** The readout under a chart. */
export const readoutOf = (figure) => figure.locator("p.readout").innerText();

/**
 * Drags the pointer over `figure`'s drawing from `from` to `to` (fractions of its width), at half
 * its height. The drawing is scrolled into view first: mouse coordinates are the viewport's.
 */
export async function dragAcross(page, figure, from, to) {
  const svg = figure.locator("svg[role=img]");
  await svg.scrollIntoViewIfNeeded();
  const box = await svg.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 4 });
  await page.mouse.up();
}

/** The server's answered requests for job `id`'s series, each with its query read. */
export function seriesRequests(server, id) {
  return requestLog(server)
    .filter((e) => e.path === `/jobs/${id}/series`)
    .map((e) => ({ ...e, params: Object.fromEntries(new URLSearchParams(e.query)) }));
}

/** How many times the page has asked for job `id`'s metadata (one per poll while it runs). */
export const metadataPolls = (server, id) => requestLog(server).filter((e) => e.path === `/jobs/${id}/metadata`).length;

/**
 * The app's one number style: four significant digits, an exponent below 1e-3 and from 1e6
 * (`2.205e-6`), whole numbers below 1e6 as they are; `exact` is the full value (a cell's title).
 */
export function assertNumberStyle(shown, exact, where = "") {
  const value = Number(exact);
  assert.ok(Number.isFinite(value), `${where}: the full value ${exact} is a number`);
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < 1e6) {
    assert.equal(shown.replace(/,/g, ""), String(value), `${where}: a whole number is shown as it is`);
    return;
  }
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) {
    assert.match(shown, /^-?\d(\.\d{1,3})?e-?\d+$/, `${where}: ${exact} is shown with an exponent`);
  } else {
    assert.match(shown, /^-?[\d,]*\.?\d+$/, `${where}: ${exact} is shown without an exponent`);
    const digits = shown.replace(/[-,.]/g, "").replace(/^0+/, "");
    assert.ok(digits.length <= 4, `${where}: ${shown} has at most 4 significant digits`);
  }
  const read = Number(shown.replace(/,/g, ""));
  assert.ok(Math.abs(read / value - 1) <= 5e-4 + 1e-12, `${where}: ${shown} is ${exact} to 4 significant digits`);
}

/** Checks every numeric cell of `table` (a locator) that carries its full value in a title. */
export async function assertTableNumbers(table, where) {
  const cells = await table.locator("td.number[title]").evaluateAll((tds) => tds.map((td) => [td.textContent.trim(), td.title]));
  assert.ok(cells.length > 0, `${where}: numeric cells`);
  for (const [shown, exact] of cells) {
    if (/^-?[\d.e+-]+$/.test(exact)) assertNumberStyle(shown, exact, where);
  }
  return cells.length;
}

/** Submits a fit the server simulates (`params`: steering keys only) and returns its id. */
export async function submitFit(server, params = {}, jobType = "datafit") {
  const { status, body } = await submitJob(server, { job_type: jobType, params });
  assert.equal(status, 202);
  return body.job_id;
}

/** Waits until job `id` has ended on the server. */
export async function jobEnded(server, id, timeout = 60_000) {
  await eventually(async () => (await getJson(server, `/jobs/${id}`)).body.is_terminal, `job ${id} to end`, timeout);
}

/** Waits until the page shows the job completed and the model drawn against the data. */
export async function completedFitShown(page) {
  await page.locator("dl.facts .badge.completed").waitFor({ timeout: 40_000 });
  await page.locator("figure.chart .plot path.line.model").first().waitFor({ timeout: 15_000 });
}

/** Cancels job `id` on the server (a test's long fit, once it has seen what it needs). */
export const cancelJob = (server, id) => fetch(`${server.url}/jobs/${id}/cancel`, { method: "POST" });

/**
 * A made-up fit's metadata, as the hosted API keeps it: `iterations` entries shared out between
 * `starts` multistarts (iteration numbers from 1 per start), each with `cost`, `best_cost`,
 * `multistart_job_id`, `inputs` (scaled, ×100) and `inputs_unscaled` by name; with `samples` >
 * 0, a sampler's chain of that many samples per parameter and `sample_burnin`. Costs fall over
 * orders of magnitude; values settle on 1, 2, 3… times 0.01.
 */
export function syntheticMetadata({ iterations = 20, parameters = 3, starts = 2, names, samples = 0, burnin = 200 } = {}) {
  const keys = names ?? Array.from({ length: parameters }, (_, i) => `Parameter ${i + 1} [Ohm]`);
  const perStart = Math.ceil(iterations / starts);
  const best = new Array(starts).fill(Infinity);
  const entries = [];
  for (let i = 0; i < iterations; i++) {
    const start = i % starts;
    const iteration = Math.floor(i / starts) + 1;
    const progress = iteration / perStart;
    const cost = 10 ** (-2 - 4 * progress) * (1 + start) * (1 + 0.2 * Math.sin(i));
    best[start] = Math.min(best[start], cost);
    const unscaled = {};
    const scaled = {};
    keys.forEach((name, j) => {
      const value = 0.01 * (j + 1) * (1 + (1 - progress) * (0.5 + 0.1 * start) + 0.01 * Math.cos(i + j));
      unscaled[name] = value;
      scaled[name] = value * 100;
    });
    entries.push({ iteration, cost, best_cost: best[start], multistart_job_id: start, inputs: scaled, inputs_unscaled: unscaled });
  }
  const metadata = { intermediate_results: entries };
  if (samples > 0) {
    metadata.samples = Object.fromEntries(
      keys.map((name, j) => [name, Array.from({ length: samples }, (_, k) => 0.01 * (j + 1) * (1 + 0.05 * Math.sin(k * 1.7 + j) + (k < burnin ? 0.5 * (1 - k / burnin) : 0)))]),
    );
    metadata.sample_param_names = keys;
    metadata.sample_costs = Array.from({ length: samples }, (_, k) => 1e-6 * (1 + 0.1 * Math.sin(k)));
    metadata.sample_burnin = samples > burnin ? burnin : null;
  }
  return metadata;
}

/** The series answer of `rows` rows from x = `low` to `high`, in the simulated fit's channels. */
export function syntheticSeries(rows, low = 0, high = 1200) {
  const step = rows > 1 ? (high - low) / (rows - 1) : 0;
  const time = new Array(rows);
  const current = new Array(rows);
  const voltage = new Array(rows);
  const model = new Array(rows);
  const residual = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const t = low + step * i;
    time[i] = t;
    current[i] = Math.sin(t / 60) > 0 ? 1 : -1;
    model[i] = 3.9 + 0.05 * Math.sin(t / 97) + 0.02 * current[i];
    voltage[i] = model[i] + 0.002 * Math.sin(i * 12.9898);
    residual[i] = model[i] - voltage[i];
  }
  return { "Time [s]": time, "Current [A]": current, "Voltage [V]": voltage, "Model voltage [V]": model, "Residual [V]": residual };
}

/** Reads a download (playwright `Download`) as text. */
export async function downloadText(download) {
  return readFileSync(await download.path(), "utf8");
}
