// Benchmark: what a fit's charts cost the browser, in headless Chromium against the built app and
// jobs-server, answers made large by request interception on a real completed (or running) fit:
//
// (a) zoom on an 80,000-point series: the model chart's series answered with 80,000 rows (an API
//     that ignores max_points); from the "+" key on the focused chart (the keydown event's time)
//     to the next animation frame after its redrawn path is in the DOM; beside it, from the
//     refetched window's answer (80,000 rows again) to the frame that shows it;
// (b) one poll update of a running fit whose metadata holds 1,000 iterations × 8 parameters (one
//     more entry each poll): the app's work, from the metadata text in hand (Response.text()
//     resolving) to the end of the task that changed the page, and to the next frame;
// (c) a 40-parameter fit's page (400 iterations, 2 multistarts, 600 samples a parameter: 40
//     traces, 80 posterior charts) scrolled from top to bottom half a screen a frame: the
//     longest task (PerformanceObserver "longtask", which sees tasks over 50 ms); and on load.
//
//   trunk build --release --offline && cargo build --release -p jobs-server
//   node bench/charts.mjs [runs = 7]
//
// Prints medians of the runs beside the targets; asserts nothing.
import { launchBrowser, startServer } from "../tests/e2e/harness.mjs";
import { cancelJob, chart, jobEnded, submitFit, syntheticMetadata, syntheticSeries } from "../tests/e2e/fit-views.mjs";
import { json, median, ms } from "./common.mjs";

const runs = Number(process.argv[2] ?? 7);
const server = await startServer({ workers: 2 });
const browser = await launchBrowser();

const MODEL = "Model against data: pulse_test";

/** Records, in the page, every DOM change's time and each animation frame after one. */
function instrument() {
  window.__bench = { mutations: [], updates: [], longtasks: [] };
  performance.setResourceTimingBufferSize(100_000);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  const start = () =>
    new MutationObserver(() => window.__bench.mutations.push(performance.now())).observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  if (document.documentElement) start();
  else addEventListener("DOMContentLoaded", start);
  // (b): the moment each metadata answer's text is in the app's hands; the app goes on in the
  // microtasks after this one, in the same task.
  const text = Response.prototype.text;
  Response.prototype.text = function () {
    const promise = text.call(this);
    if (!new URL(this.url).pathname.endsWith("/metadata")) return promise;
    return promise.then((t) => {
      const update = { start: performance.now(), end: NaN, frame: NaN };
      window.__bench.updates.push(update);
      // A task queued now runs after the current one (and its microtasks) ends: probe until the
      // task that changed the page has ended, then wait for the next frame.
      const channel = new MessageChannel();
      let probes = 0;
      channel.port1.onmessage = () => {
        const now = performance.now();
        const changed = window.__bench.mutations.some((m) => m >= update.start && m <= now);
        if (changed || ++probes > 200) {
          update.end = changed ? now : NaN;
          requestAnimationFrame(() => (update.frame = performance.now()));
        } else channel.port2.postMessage(0);
      };
      channel.port2.postMessage(0);
      return t;
    });
  };
}

async function completedFit() {
  const id = await submitFit(server, { duration_s: 1 });
  await jobEnded(server, id);
  return id;
}

/** (a) One page; `runs` zooms in with "+", each after a reset that settled. */
async function zoomOn80k(id) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(instrument);
  const whole = JSON.stringify(syntheticSeries(80_000));
  await page.route(
    (url) => url.pathname === `/jobs/${id}/series`,
    (route) => {
      const query = new URL(route.request().url()).searchParams;
      const low = query.get("x_min"); // none: the whole series (the row count asks this too)
      const body = low === null ? whole : JSON.stringify(syntheticSeries(80_000, Number(low), Number(query.get("x_max"))));
      return route.fulfill(json(body));
    },
  );
  await page.goto(`${server.url}/jobs/${id}`);
  const model = chart(page, MODEL);
  const svg = model.locator("svg[role=img]");
  await model.locator(".plot path.line.model").waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  // What the chart was given, as it says it (the setting of this measure).
  const note = await model.locator("p.hint").first().innerText();
  const redraw = [];
  const refetched = [];
  for (let run = 0; run < runs; run++) {
    await svg.focus();
    await page.keyboard.press("0");
    await page.keyboard.press("Escape"); // no readout: "+" zooms around the middle
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      const svg = [...document.querySelectorAll("figure.chart")]
        .find((f) => f.querySelector("figcaption")?.textContent.startsWith("Model against data"))
        .querySelector("svg[role=img]");
      performance.clearResourceTimings();
      const z = (window.__zoom = { key: NaN, frames: [] });
      const d = () => svg.querySelector("path.line.model")?.getAttribute("d");
      let before = d();
      svg.addEventListener("keydown", (e) => (z.key = e.timeStamp), { once: true, capture: true });
      new MutationObserver(() => {
        const now = d();
        if (now === before) return;
        before = now;
        const changed = performance.now();
        requestAnimationFrame(() => z.frames.push({ changed, frame: performance.now() }));
      }).observe(svg, { subtree: true, childList: true, attributes: true });
    });
    await page.keyboard.press("+");
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(1000);
    const z = await page.evaluate(() => ({
      ...window.__zoom,
      answer: performance.getEntriesByType("resource").find((e) => e.name.includes("/series?") && e.name.includes("x_min="))?.responseEnd,
    }));
    redraw.push((z.frames.find((f) => f.changed >= z.key)?.frame ?? NaN) - z.key);
    refetched.push((z.frames.find((f) => f.changed >= z.answer)?.frame ?? NaN) - z.answer);
  }
  const zoomed = await svg.getAttribute("aria-label");
  await page.close();
  return { redraw: median(redraw), refetched: median(refetched), all: redraw, note, zoomed };
}

/** (b) A running fit whose metadata holds 1,000 iterations × 8 parameters, one more per poll. */
async function pollUpdate() {
  const id = await submitFit(server, { duration_s: 600 });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(instrument);
  let polls = 0;
  await page.route(
    (url) => url.pathname === `/jobs/${id}/metadata`,
    (route) => route.fulfill(json(JSON.stringify(syntheticMetadata({ iterations: 1000 + polls++, parameters: 8, starts: 2 })))),
  );
  await page.goto(`${server.url}/jobs/${id}`);
  await page.locator("table.parameters tbody tr").nth(7).waitFor({ timeout: 30_000 });
  // The first answer builds the page; measure the updates after it.
  await page.waitForFunction((n) => window.__bench.updates.filter((u) => !Number.isNaN(u.frame)).length >= n, runs + 2, {
    timeout: 120_000,
    polling: 500,
  });
  const updates = (await page.evaluate(() => window.__bench.updates)).slice(2, runs + 2);
  await page.close();
  await cancelJob(server, id);
  return { work: median(updates.map((u) => u.end - u.start)), frame: median(updates.map((u) => u.frame - u.start)), all: updates.map((u) => u.end - u.start) };
}

/** (c) A 40-parameter fit's page, loaded and scrolled top to bottom, `runs` times. */
async function scroll40(id) {
  const body = JSON.stringify(syntheticMetadata({ iterations: 400, parameters: 40, starts: 2, samples: 600 }));
  const scrolled = [];
  const loaded = [];
  const counts = [];
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(instrument);
    await page.route((url) => url.pathname === `/jobs/${id}/metadata`, (route) => route.fulfill(json(body)));
    await page.goto(`${server.url}/jobs/${id}`);
    await page.locator("figure.chart .plot path.bars").nth(39).waitFor({ timeout: 60_000 });
    await page.locator("figure.chart .plot path.line.model").waitFor({ timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(1000);
    const result = await page.evaluate(async () => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const from = performance.now();
      for (let y = 0; y <= document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await frame();
        await frame();
      }
      await new Promise((r) => setTimeout(r, 500));
      const during = window.__bench.longtasks.filter((t) => t.start >= from);
      const before = window.__bench.longtasks.filter((t) => t.start < from);
      return {
        scrolled: Math.max(0, ...during.map((t) => t.duration)),
        count: during.length,
        loaded: Math.max(0, ...before.map((t) => t.duration)),
      };
    });
    scrolled.push(result.scrolled);
    counts.push(result.count);
    loaded.push(result.loaded);
    await page.close();
  }
  return { scrolled: median(scrolled), count: median(counts), loaded: median(loaded), all: scrolled };
}

console.log(`Fit charts in headless Chromium, medians of ${runs} runs; this takes a minute or two…`);
const id = await completedFit();
const a = await zoomOn80k(id);
const b = await pollUpdate();
const c = await scroll40(id);
await browser.close();
await server.stop();

const longest = (x) => (x > 0 ? ms(x) : "none over 50 ms");
const rows = [
  ["(a) 80,000-point series, zoom (+): key to next frame", ms(a.redraw), "≤ 50 ms"],
  ["    the refetched 80,000-row window: answer to frame", ms(a.refetched), "(for reference)"],
  ["(b) poll update, 1,000 iterations × 8 parameters: work", ms(b.work), "≤ 16 ms"],
  ["    the same, to the next frame", ms(b.frame), "(for reference)"],
  ["(c) 40 parameters, scrolled top to bottom: longest task", longest(c.scrolled), "no long tasks over 50 ms"],
  [`    long tasks while scrolling (median count)`, String(c.count), ""],
  ["    the same page's load: longest task", longest(c.loaded), "(for reference)"],
];
console.log(`\n${"measure".padEnd(58)}${`median of ${runs}`.padStart(18)}   target`);
for (const [what, value, target] of rows) console.log(`${what.padEnd(58)}${value.padStart(18)}   ${target}`);
console.log(`\n(a) the model chart said "${a.note}" and, zoomed, "${a.zoomed}"`);
console.log(`runs: (a) ${a.all.map(ms).join(", ")}\n      (b) ${b.all.map(ms).join(", ")}\n      (c) ${c.all.map(longest).join(", ")}`);
