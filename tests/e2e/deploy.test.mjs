// A static deployment under a sub-path, pointed at the API through config.json: the build of
// `trunk build --release --public-url /console/` served by a plain static file server (with the
// usual "unknown path → index.html" rule), talking to the local API on another origin (CORS).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, appReady, launchBrowser, newPage, screenshot, startServer } from "./harness.mjs";

const DIST = path.join(ROOT, "target/dist-console");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };

/** Points the built app at an API as a deployment does: config.json and the page's policy. */
function pointAt(apiBaseUrl) {
  execFileSync(process.execPath, [path.join(ROOT, "tools/csp.mjs"), DIST, apiBaseUrl], { stdio: "pipe" });
}

let api;
let site;
let siteUrl;
let browser;
before(async () => {
  assert.ok(existsSync(path.join(DIST, "index.html")), "build it first: trunk build --release --offline --public-url /console/ --dist target/dist-console");
  site = createServer((request, response) => {
    const url = new URL(request.url, "http://x");
    if (!url.pathname.startsWith("/console/")) {
      response.writeHead(404).end("not here");
      return;
    }
    const file = path.join(DIST, path.normalize(url.pathname.slice("/console/".length)));
    const found = file.startsWith(DIST) && existsSync(file) && !file.endsWith(DIST);
    const served = found && path.extname(file) ? file : path.join(DIST, "index.html");
    response.writeHead(200, { "content-type": TYPES[path.extname(served)] ?? "application/octet-stream" });
    response.end(readFileSync(served));
  });
  await new Promise((r) => site.listen(0, "127.0.0.1", r));
  siteUrl = `http://127.0.0.1:${site.address().port}`;
  // Without a key the server answers only its own pages and the origins it is given.
  api = await startServer({ workers: 2, args: ["--cors-origin", siteUrl] });
  pointAt(api.url);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  site?.close();
  await api?.stop();
});

test("under /console/ the app finds its assets, routes and config.json, and works against another origin", async () => {
  const page = await newPage(browser);
  await page.goto(`${siteUrl}/console/`);
  await appReady(page);
  assert.equal(new URL(page.url()).pathname, "/console/jobs/new");
  await page.getByRole("link", { name: "Settings" }).click();
  await page.waitForURL(/\/console\/settings$/);
  await page.locator("#api-base-hint").filter({ hasText: `${api.url} (from this deployment's config.json)` }).waitFor();
  await page.getByRole("button", { name: "Test connection" }).click();
  await page.locator(".banner.ok").filter({ hasText: `Connected to ${api.url}` }).waitFor();
  await screenshot(page, "deploy-settings");
  await page.getByRole("link", { name: "New job" }).click();
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await page.getByLabel("Params", { exact: true }).fill('{"duration_s": 0.2}');
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.waitForURL(/\/console\/jobs\/[0-9a-f-]{36}$/);
  await page.locator("dl.facts .badge.completed").waitFor();
  // A deep link, loaded fresh, works too (the host answers index.html for app routes).
  const deep = await newPage(browser);
  await deep.goto(page.url());
  await appReady(deep);
  await deep.locator("dl.facts .badge.completed").waitFor();
  assert.deepEqual([...page.errors, ...deep.errors], []);
});

test("a key refused by the API is reported as such, with the way to fix it", async () => {
  const keyed = await startServer({ args: ["--api-key", "right-key"] });
  pointAt(keyed.url);
  try {
    const page = await newPage(browser);
    await page.goto(`${siteUrl}/console/settings`);
    await appReady(page);
    await page.getByLabel("API key").fill("wrong-key");
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.locator(".banner.bad").filter({ hasText: "refused the key" }).waitFor();
    await page.getByLabel("API key").fill("right-key");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.locator(".banner.ok").filter({ hasText: "accepted the key" }).waitFor();
    const stored = await page.evaluate(() => [sessionStorage.getItem("jobs.api_key"), localStorage.getItem("jobs.api_key")]);
    assert.deepEqual(stored, ["right-key", null], "the key stays in this session unless remembered");
    const inUrls = [];
    page.on("request", (r) => inUrls.push(r.url()));
    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await page.locator("table, .muted").first().waitFor();
    assert.ok(inUrls.every((u) => !u.includes("right-key")), "never in an address");
    await page.getByLabel("API key").count();
  } finally {
    pointAt(api.url);
    await keyed.stop();
  }
});

test("an API that cannot be reached is told apart from a refused key", async () => {
  pointAt("http://127.0.0.1:9");
  try {
    const page = await newPage(browser);
    await page.goto(`${siteUrl}/console/settings`);
    await appReady(page);
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.locator(".banner.bad").filter({ hasText: "Could not reach the API at http://127.0.0.1:9" }).waitFor();
    assert.match(await page.locator(".banner.bad").innerText(), /CORS/);
  } finally {
    pointAt(api.url);
  }
});

test("on a host without rewrites, which answers unknown paths with 404.html, deep links and reloads start the app", async () => {
  // As GitHub Pages and object stores do: files as they are, anything else a 404 with 404.html.
  const pages = createServer((request, response) => {
    const url = new URL(request.url, "http://x");
    const file = url.pathname.startsWith("/console/") && path.join(DIST, path.normalize(url.pathname.slice("/console/".length)));
    if (file && file.startsWith(DIST) && existsSync(file) && path.extname(file)) {
      response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      response.end(readFileSync(file));
    } else {
      response.writeHead(404, { "content-type": "text/html" });
      response.end(readFileSync(path.join(DIST, "404.html")));
    }
  });
  await new Promise((r) => pages.listen(0, "127.0.0.1", r));
  const pagesUrl = `http://127.0.0.1:${pages.address().port}`;
  const pagesApi = await startServer({ workers: 2, args: ["--cors-origin", pagesUrl] });
  pointAt(pagesApi.url);
  try {
    assert.equal(readFileSync(path.join(DIST, "404.html"), "utf8"), readFileSync(path.join(DIST, "index.html"), "utf8"), "404.html is the app's page, policy included");
    const response = await fetch(`${pagesApi.url}/jobs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ job_type: "simulate", params: { duration_s: 0.1 } }) });
    const { job_id: jobId } = await response.json();
    const page = await newPage(browser);
    const missing = [];
    page.on("response", (r) => r.status() === 404 && missing.push(r.request().resourceType()));
    // A job page, opened and reloaded.
    await page.goto(`${pagesUrl}/console/jobs/${jobId}`);
    await appReady(page);
    await page.locator("dl.facts .badge.completed").waitFor();
    await page.reload();
    await appReady(page);
    await page.locator("dl.facts .badge.completed").waitFor();
    assert.match(await page.locator("h1").innerText(), new RegExp(jobId));
    // The list with filters in its address, reloaded: the filters hold.
    await page.goto(`${pagesUrl}/console/jobs?status=completed&job_type=simulate`);
    await appReady(page);
    await page.getByRole("link", { name: jobId }).waitFor();
    await page.reload();
    await appReady(page);
    assert.equal(await page.getByLabel("Status").inputValue(), "completed");
    await page.getByRole("link", { name: jobId }).waitFor();
    // Settings, reloaded.
    await page.goto(`${pagesUrl}/console/settings`);
    await appReady(page);
    await page.reload();
    await appReady(page);
    assert.equal(await page.locator("h1").innerText(), "Settings");
    await page.locator("#api-base-hint").filter({ hasText: pagesApi.url }).waitFor();
    // The host answers each deep link 404 (and the browser says so in the console); nothing else is missing.
    assert.deepEqual([...new Set(missing)], ["document"]);
    assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
    assert.equal(page.errors.length, missing.length);
  } finally {
    pointAt(api.url);
    pages.close();
    await pagesApi.stop();
  }
});
