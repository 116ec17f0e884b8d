// The app in chunks (web/src/chunks.rs, tools/build-wasm.mjs): a page's first load fetches its own
// chunks and none of another page's; once the page is idle every chunk is fetched, so that moving to
// another page needs no network; a chunk that cannot load (404 after a redeploy, offline, a
// policy) is a sentence and a Retry button in place of its part, the rest of the app works on, and
// nothing typed is lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, getJson, jobCount, newPage, screenshot, submitJob, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

const CHUNK = /\/(split|chunk)_[a-z0-9_]+-[0-9a-f]{16}\.wasm$/;
const loadErrors = (page) => page.errors.filter((e) => !e.startsWith("Failed to load resource") && !/WebAssembly|fetch|Response|404/i.test(e));

// The chunks a page's first load may fetch: its own split points' and the shared chunks (chunk_N).
const OTHER_PAGES_OWN = (own) => (p) => /\/split_[a-z_]+-/.test(p) && !own.some((n) => p.includes(`/split_${n}-`));

/**
 * Withholds the chunk of split point `split` from `page` (as after a redeploy, or offline: a 404,
 * or `failure` as Playwright's abort reason) until the returned function lets it through.
 */
async function withhold(page, split, failure) {
  let blocked = true;
  await page.route(new RegExp(`/split_${split}-[0-9a-f]{16}\\.wasm$`), (route) =>
    !blocked ? route.continue() : failure ? route.abort(failure) : route.fulfill({ status: 404, body: "gone" }),
  );
  return () => (blocked = false);
}

test("the form's first load fetches the form's chunks and no other page's, even when they are slow; once idle, every chunk is fetched, and other pages then open offline", async () => {
  const page = await newPage(e2e.browser);
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  // A slow connection: the form's own chunk takes longer than the second the app waits before it
  // prefetches. The other pages' chunks must not share its bandwidth before it arrives.
  await page.route(/\/split_new_job-[0-9a-f]{16}\.wasm$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await route.continue();
  });
  await page.goto(e2e.server.url + "/jobs/new");
  await page.getByLabel("Params", { exact: true }).waitFor();
  const beforeForm = fetched.filter((p) => CHUNK.test(p));
  assert.ok(beforeForm.some((p) => p.includes("/split_new_job-")), `the form's chunk: ${beforeForm}`);
  assert.deepEqual(beforeForm.filter(OTHER_PAGES_OWN(["new_job"])), [], "no other page's own chunk before the form shows");
  // Prefetched when the browser is idle.
  await eventually(() => ["split_settings", "split_jobs_list", "split_job_page", "split_fit_views", "split_fit_reader", "split_callback_state", "split_find_job", "split_clone_into_form", "split_result_tree", "split_compare", "split_cost_trends", "split_editor_tools", "split_idna_tables", "split_look_for_it"].every((n) => fetched.some((p) => p.includes(`/${n}-`))), "every chunk prefetched");
  // The network gone, Settings and the list still open (the list says it cannot reach the API).
  await page.route("**/*", (route) => route.abort("internetdisconnected"));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
  await page.getByLabel("API base URL").waitFor();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
  await page.getByRole("heading", { level: 1, name: "Jobs" }).waitFor();
  await page.locator(".banner").first().waitFor();
  assert.equal(await page.getByText("could not be loaded").count(), 0, "no chunk was missing");
});

test("a job page's first load fetches the job page's chunks and no other page's, even when the API is slow", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0 } });
  const page = await newPage(e2e.browser);
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  // The job's metadata held back: what it holds (a simulated job's progress points) would bring
  // the fit's views, later and for their own reason.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(/\/metadata(\?|$)/, async (route) => {
    await held;
    await route.continue();
  });
  // A slow API: the job's first answer takes longer than the second the app waits before it
  // prefetches. The other pages' chunks must not be fetched before the page has drawn the job.
  await page.route(`**/jobs/${job.job_id}`, async (route) => {
    if (route.request().resourceType() === "fetch") await new Promise((resolve) => setTimeout(resolve, 3000));
    await route.continue();
  });
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await page.getByRole("button", { name: "Download .json" }).waitFor();
  const before = fetched.filter((p) => CHUNK.test(p));
  release();
  assert.ok(before.some((p) => p.includes("/split_job_page-")), `the job page's chunk: ${before}`);
  assert.deepEqual(before.filter(OTHER_PAGES_OWN(["job_page", "result_tree"])), [], `no other page's own chunk before the job shows: ${fetched.join(" ")}`);
});

test("a form whose chunk cannot load says so with Retry, and the draft typed before is all there once it loads", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  const params = '{"typed": "before the form failed"}';
  await page.getByLabel("Params", { exact: true }).fill(params);
  await page.getByLabel("Params", { exact: true }).blur();
  // A redeploy removed the form's chunk: the page says so in the form's place, the rest works.
  const release = await withhold(page, "new_job");
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "New job" }).waitFor();
  const alert = page.getByRole("alert").filter({ hasText: "could not be loaded" });
  await alert.waitFor();
  assert.match(await alert.innerText(), /The form could not be loaded.*Check the connection.*retry/s);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("API base URL").waitFor();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New job" }).click();
  await alert.waitFor();
  release();
  await alert.getByRole("button", { name: "Retry" }).click();
  await page.getByLabel("Params", { exact: true }).waitFor();
  assert.equal(await page.getByLabel("Params", { exact: true }).inputValue(), params);
  assert.equal(await alert.count(), 0);
  assert.deepEqual(loadErrors(page), []);
});

test("a page whose chunk cannot load says so with Retry; the form keeps what was typed; Retry loads it", async () => {
  const page = await newPage(e2e.browser);
  const release = await withhold(page, "jobs_list");
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  const params = '{"typed": "before the list failed"}';
  await page.getByLabel("Params", { exact: true }).fill(params);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
  await page.getByRole("heading", { level: 1, name: "Jobs" }).waitFor();
  const alert = page.getByRole("alert").filter({ hasText: "could not be loaded" });
  await alert.waitFor();
  assert.match(await alert.innerText(), /The jobs list could not be loaded.*Check the connection.*retry/s);
  await screenshot(page, "chunk-failed");
  // The rest of the app works, and the form has what was typed.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New job" }).click();
  await page.getByRole("heading", { level: 1, name: "New job" }).waitFor();
  assert.equal(await page.getByLabel("Params", { exact: true }).inputValue(), params);
  // Back to the list: the chunk comes back, Retry loads it.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
  await alert.waitFor();
  release();
  await page.getByRole("button", { name: "Retry" }).click();
  await page.getByRole("searchbox").or(page.getByLabel("Status", { exact: true })).first().waitFor();
  assert.equal(await alert.count(), 0);
  assert.deepEqual(loadErrors(page), []);
});

// A host name that the reference (ICU4X 1.5's Unicode data) accepts and Chromium's own IDNA
// rejects: an answer given before the IDNA tables are here would be wrong.
const INTERNATIONAL = "http://\u1859.\u226F\u{102F2}\u2260/";
const INTERNATIONAL_ASCII = "http://xn--p8e.xn--1ch3a7084l/";

/** Opens the form and fills a dummy job whose callback URL has an international host name. */
async function formWithInternationalUrl(page) {
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  await page.getByLabel("Job type", { exact: true }).selectOption("dummy");
  await page.getByLabel("Params", { exact: true }).fill("{}");
  const field = page.getByLabel("Callback URL", { exact: true });
  await field.fill(INTERNATIONAL);
  await field.blur();
  return { field, hint: page.locator("#callback-url-hint") };
}

test("an international callback URL waits for the IDNA tables: the field says Checking, never an early answer, and a submission goes on once they are here", async () => {
  const page = await newPage(e2e.browser);
  let release;
  const arrived = new Promise((resolve) => (release = resolve));
  let asked = 0;
  await page.route(/\/split_idna_tables-[0-9a-f]{16}\.wasm$/, async (route) => {
    asked += 1;
    await arrived;
    await route.continue();
  });
  const { field, hint } = await formWithInternationalUrl(page);
  await eventually(async () => (await hint.innerText()).includes("Checking the international domain name"), "the field says it is checking");
  await eventually(() => asked > 0, "the tables asked for");
  await page.waitForTimeout(300);
  assert.equal(await page.locator("#callback-url-error").innerText(), "", "no answer while checking");
  assert.notEqual(await field.getAttribute("aria-invalid"), "true");
  await screenshot(page, "callback-url-checking");
  // Submitted meanwhile: nothing is sent until the tables are here, then the job is.
  const before = await jobCount(e2e.server);
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.waitForTimeout(300);
  assert.equal(await jobCount(e2e.server), before, "nothing sent before the host name is checked");
  release();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  const { body } = await getJson(e2e.server, `/jobs/${page.url().split("/").pop()}`);
  assert.equal(body.callback_url, INTERNATIONAL_ASCII);
  assert.equal(asked, 1, "the tables were fetched once");
  assert.deepEqual(page.errors, []);
});

test("IDNA tables that cannot load: the field and the submission say so, the URL stays, and the next submission loads them", async () => {
  const page = await newPage(e2e.browser);
  const release = await withhold(page, "idna_tables");
  const { field, hint } = await formWithInternationalUrl(page);
  await eventually(async () => (await hint.innerText()).includes("could not be checked"), "the field says the name could not be checked");
  assert.equal(await page.locator("#callback-url-error").innerText(), "", "no answer without the tables");
  const before = await jobCount(e2e.server);
  await page.getByRole("button", { name: "Submit job" }).click();
  const banner = page.locator(".banner").filter({ hasText: "The international domain name could not be checked" });
  await banner.waitFor();
  await screenshot(page, "callback-url-tables-failed");
  assert.equal(await jobCount(e2e.server), before);
  assert.equal(await field.inputValue(), INTERNATIONAL, "the URL typed is still there");
  release();
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  const { body } = await getJson(e2e.server, `/jobs/${page.url().split("/").pop()}`);
  assert.equal(body.callback_url, INTERNATIONAL_ASCII);
  assert.deepEqual(loadErrors(page), []);
});

test("a job page whose result tree cannot load shows the job and says so in the result's place", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0 } });
  const page = await newPage(e2e.browser);
  const release = await withhold(page, "result_tree", "failed");
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await appReady(page);
  await page.getByRole("heading", { level: 1, name: `Job ${job.job_id}` }).waitFor();
  const alert = page.getByRole("alert").filter({ hasText: "The result's tree could not be loaded" });
  await alert.waitFor({ timeout: 20_000 });
  // Everything else of the page is there: the result's own buttons included.
  await page.getByRole("button", { name: "Download .json" }).waitFor();
  release();
  await alert.getByRole("button", { name: "Retry" }).click();
  await page.locator("section[aria-labelledby=result-heading] .json-tree, section[aria-labelledby=result-heading] [role=tree]").first().waitFor();
  assert.equal(await alert.count(), 0);
  assert.deepEqual(loadErrors(page), []);
});

test("a fit whose reader cannot load says so in its charts' place; the job is shown, and Retry draws the charts", async () => {
  // A fit that has ended: its page reads the metadata once, so Retry reads again what it kept.
  const { body: job } = await submitJob(e2e.server, { job_type: "datafit", params: { duration_s: 1 } });
  await eventually(async () => (await getJson(e2e.server, `/jobs/${job.job_id}`)).body.is_terminal, "the fit to end", 30_000);
  const page = await newPage(e2e.browser);
  const release = await withhold(page, "fit_reader");
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await appReady(page);
  const alert = page.getByRole("alert").filter({ hasText: "The fit's charts could not be loaded" });
  await alert.waitFor({ timeout: 20_000 });
  // The job itself is all there.
  await page.locator("dl.facts .badge.completed").waitFor();
  await page.getByRole("heading", { name: "Result" }).waitFor();
  assert.equal(await page.locator("figure.chart").count(), 0);
  release();
  await alert.getByRole("button", { name: "Retry" }).click();
  await page.locator("figure.chart .plot path.line.model").first().waitFor({ timeout: 20_000 });
  assert.equal(await alert.count(), 0);
  assert.deepEqual(loadErrors(page), []);
});

test("Clone and edit whose chunk cannot load says so with Retry; Retry opens the form filled from the job", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0 }, priority: 4 });
  const page = await newPage(e2e.browser);
  const release = await withhold(page, "clone_into_form");
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await appReady(page);
  await page.getByRole("button", { name: "Clone and edit" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Clone and edit could not be loaded" });
  await alert.waitFor({ timeout: 20_000 });
  assert.match(page.url(), new RegExp(`/jobs/${job.job_id}$`), "the job's page stays");
  release();
  await alert.getByRole("button", { name: "Retry" }).click();
  await page.waitForURL(/\/jobs\/new$/);
  await page.locator(".banner.info").filter({ hasText: `Filled from job ${job.job_id}` }).waitFor();
  assert.equal(await page.getByLabel("Priority", { exact: true }).inputValue(), "4");
  assert.deepEqual(loadErrors(page), []);
});

test("a job's callback state whose chunk cannot load says so with Retry, and Retry shows where the callback stands", async () => {
  // A callback to a private address: the local API refuses it once the job ends.
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0 }, callback_url: "http://127.0.0.1:9/hook" });
  const page = await newPage(e2e.browser);
  const release = await withhold(page, "callback_state");
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await appReady(page);
  const alert = page.getByRole("alert").filter({ hasText: "The callback's state could not be loaded" });
  await alert.waitFor({ timeout: 20_000 });
  // The rest of the page works on.
  await page.getByRole("button", { name: "Download .json" }).waitFor();
  release();
  await alert.getByRole("button", { name: "Retry" }).click();
  await page.locator(".callback-state").filter({ hasText: "Not sent: the server refused to call this URL." }).waitFor({ timeout: 20_000 });
  assert.equal(await alert.count(), 0, "the sentence goes once the state shows");
  assert.deepEqual(loadErrors(page), []);
});

test("a search by ID whose chunk cannot load says so under the field, keeps the ID typed, and Find again opens the job", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0 } });
  const page = await newPage(e2e.browser);
  const release = await withhold(page, "find_job");
  await page.goto(e2e.server.url + "/jobs");
  await appReady(page);
  const field = page.getByLabel("Find by job ID");
  await field.fill(job.job_id);
  await page.getByRole("button", { name: "Find", exact: true }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Find could not be loaded" });
  await alert.waitFor({ timeout: 20_000 });
  await screenshot(page, "find-did-not-arrive");
  assert.equal(await field.inputValue(), job.job_id, "the ID typed stays");
  assert.match(page.url(), /\/jobs$/, "the list stays");
  release();
  await page.getByRole("button", { name: "Find", exact: true }).click();
  await page.waitForURL(new RegExp(`/jobs/${job.job_id}$`));
  assert.deepEqual(loadErrors(page), []);
});

test("jobs-server caches every file named by its content for a year, and checks the page and the rest on each use", async () => {
  const { readdirSync } = await import("node:fs");
  const path = await import("node:path");
  const { ROOT } = await import("./harness.mjs");
  const files = readdirSync(path.join(ROOT, "dist")).filter((f) => !/\.(gz|br)$/.test(f) && f !== "snippets");
  const hashed = files.filter((f) => /-[0-9a-f]{16}(_bg)?\.(wasm|js)$/.test(f));
  assert.ok(hashed.some((f) => f.startsWith("split_")) && hashed.some((f) => f.startsWith("jobs-web-split-")), `chunks and loader in ${files}`);
  for (const file of files) {
    const response = await fetch(`${e2e.server.url}/${file}`);
    assert.equal(response.status, 200, file);
    const want = hashed.includes(file) ? "public, max-age=31536000, immutable" : "no-cache";
    assert.equal(response.headers.get("cache-control"), want, file);
  }
});

test("a page that is a chunk has the browser fetch its chunk, the snippets and config.json with the main module, each once", async () => {
  for (const [where, split] of [["/jobs/new", "split_new_job"], ["/jobs", "split_jobs_list"], ["/settings", "split_settings"]]) {
    const page = await newPage(e2e.browser);
    const events = [];
    page.on("request", (r) => events.push(`asked ${new URL(r.url()).pathname}`));
    page.on("requestfinished", (r) => events.push(`got ${new URL(r.url()).pathname}`));
    const warnings = [];
    page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    await page.goto(e2e.server.url + where);
    await page.locator("main h1").first().waitFor();
    await page.locator("main .chunk-loading").waitFor({ state: "detached" });
    const at = (what) => events.findIndex((e) => e.startsWith(what));
    const mainArrived = events.findIndex((e) => /^got \/jobs-web-[0-9a-f]+_bg\.wasm$/.test(e));
    assert.ok(mainArrived >= 0, `${where}: ${events.join(" ")}`);
    for (const wanted of [`asked /${split}-`, "asked /snippets/", "asked /config.json"]) {
      const asked = at(wanted);
      assert.ok(asked >= 0 && asked < mainArrived, `${where}: ${wanted} before the main module arrived: ${events.join(" ")}`);
    }
    await page.waitForTimeout(3500); // a preload left unused is reported after 3 s
    const asked = events.filter((e) => e.startsWith("asked ")).map((e) => e.slice(6));
    for (const file of [...new Set(asked.filter((p) => p === "/config.json" || p.startsWith("/snippets/") || p.startsWith(`/${split}-`)))]) {
      assert.equal(asked.filter((p) => p === file).length, 1, `${where}: ${file} is fetched once: the app uses the preloaded one`);
    }
    assert.deepEqual(page.errors, [], `${where}: no preload refused`);
    assert.deepEqual(warnings.filter((w) => /preload/i.test(w)), [], `${where}: no preload left unused`);
    await page.close();
  }
});

test("offline, the idle prefetch waits: no chunk is asked for and nothing is logged", async () => {
  const page = await newPage(e2e.browser);
  const asked = [];
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  page.on("request", (r) => CHUNK.test(new URL(r.url()).pathname) && asked.push(r.url()));
  await page.context().setOffline(true);
  await page.waitForTimeout(2500); // past the prefetch's start, a second after the app's
  assert.deepEqual(asked, []);
  assert.deepEqual(page.errors, []);
  await page.context().setOffline(false);
});
