// The fault matrix: each way the API can fail a submission, made by request interception, and
// what the user sees. For each: the words say what happened and what to do, the draft survives a
// reload, and the server holds at most one job. Then polling that loses the connection and gets
// it back by itself. (A submission slower than the client's 120 s timeout is in
// outcomes.test.mjs, with the uncertain outcomes it belongs to.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, jobCount, newPage, screenshot, submitJob, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

const json = (status, body) => (route) => route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });

// [name, how the answer is made, words the banner must hold]
const FAULTS = [
  ["api-down", (route) => route.abort("connectionrefused"), "Could not reach the API"],
  ["500", json(500, { detail: "Internal Server Error" }), "The API had a problem on its side (status 500)"],
  ["malformed-json", (route) => route.fulfill({ status: 201, contentType: "application/json", body: '{"job_id": "x", ' }), "The job may have been created."],
  ["2xx-missing-fields", json(201, { job_id: "only-an-id" }), "The job may have been created."],
  ["html-from-proxy", (route) => route.fulfill({ status: 502, contentType: "text/html", body: "<html><body><h1>502 Bad Gateway</h1></body></html>" }), "The job may have been created."],
  ["401", json(401, { detail: "Invalid API key" }), "Check the API key in Settings"],
  ["403", json(403, { detail: "Not allowed in this project" }), "The API key may not do this"],
  ["404", json(404, { detail: "Not Found" }), "Not found: Not Found."],
  ["410", json(410, { detail: "Gone" }), "no longer accepts direct job submissions"],
  ["413", json(413, { detail: "Request body too large" }), "too large for the server"],
  ["422-no-field", json(422, { detail: [{ type: "value_error", loc: ["body", "no_such_field"], msg: "Value error, the project is closed", input: null }] }), "the project is closed"],
];

for (const [name, answer, words] of FAULTS) {
  test(`fault ${name}: the form says what happened, keeps the draft, and sends at most once`, async () => {
    const page = await newPage(e2e.browser);
    await page.goto(e2e.server.url + "/jobs/new");
    await appReady(page);
    const params = JSON.stringify({ fault: name });
    await page.getByLabel("Job type", { exact: true }).selectOption("datafit");
    await page.getByLabel("Params", { exact: true }).fill(params);
    const before = await jobCount(e2e.server);
    let posts = 0;
    await page.route("**/jobs*", (route) => {
      if (route.request().method() !== "POST") return route.continue();
      posts += 1;
      return answer(route);
    });
    await page.getByRole("button", { name: "Submit job" }).click();
    await page.locator(".banner").getByText(words).first().waitFor();
    await screenshot(page, `fault-${name}`);
    assert.equal(posts, 1, "sent once, never retried by itself");
    assert.ok((await jobCount(e2e.server)) <= before + 1);
    await page.reload();
    await appReady(page);
    assert.equal(await page.getByLabel("Params", { exact: true }).inputValue(), params, "the draft survives a reload");
    assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
  });
}

test("fault polling-drops: a job's page says it is reconnecting and recovers by itself", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 4 } });
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/${job.job_id}`);
  await appReady(page);
  await page.locator(".badge").first().waitFor();
  await page.route(`**/jobs/${job.job_id}*`, (route) => route.abort("connectionreset"));
  await page.getByText("Reconnecting…").waitFor({ timeout: 15_000 });
  await screenshot(page, "fault-polling-drops");
  await page.unroute(`**/jobs/${job.job_id}*`);
  await page.locator(".badge.completed").waitFor({ timeout: 30_000 });
  await eventually(async () => (await page.getByText("Reconnecting…").count()) === 0, "the reconnecting note gone");
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});
