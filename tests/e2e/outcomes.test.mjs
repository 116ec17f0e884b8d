// Uncertain outcomes: when a submission may have reached the server but no answer says so (the
// connection dropped after sending, a gateway's 504), the form says the job may have been created,
// finds it on request, and keeps the draft marked "possibly sent". Offline, it says nothing was sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, getJson, jobCount, newPage, screenshot, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 2 });

const isSubmit = (r) => r.method() === "POST" && new URL(r.url()).pathname === "/jobs";

async function fillForm(page, marker) {
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  await page.getByLabel("Job type", { exact: true }).selectOption("datafit");
  await page.getByLabel("Params", { exact: true }).fill(JSON.stringify({ marker }));
}

for (const [name, answer] of [
  ["the connection drops after the job was sent", (route) => route.abort("connectionreset")],
  ["a gateway answers 504 after the job was sent", (route) => route.fulfill({ status: 504, contentType: "text/html", body: "<h1>504 Gateway Time-out</h1>" })],
]) {
  test(`when ${name}, the form says the job may exist, finds it, and keeps the draft as possibly sent`, async () => {
    const page = await newPage(e2e.browser);
    await fillForm(page, name);
    const before = await jobCount(e2e.server);
    await page.route("**/jobs*", async (route) => {
      if (!isSubmit(route.request())) return route.continue();
      await route.fetch(); // the server gets it and creates the job
      await answer(route);
    });
    await page.getByRole("button", { name: "Submit job" }).click();
    await page.getByText("The job may have been created.").waitFor();
    assert.equal(await jobCount(e2e.server), before + 1, "the server has it once; nothing was sent again");
    await page.getByRole("button", { name: "Look for it" }).click();
    const { body } = await getJson(e2e.server, "/jobs?limit=1");
    const id = (body.jobs ?? body.items ?? body)[0].job_id;
    await page.locator(".banner").getByRole("link", { name: id }).waitFor();
    await screenshot(page, `outcome-uncertain-${name.includes("504") ? "504" : "dropped"}`);
    await page.reload();
    await appReady(page);
    await page.getByText("possibly sent").waitFor();
    assert.equal(await page.getByLabel("Params", { exact: true }).inputValue(), JSON.stringify({ marker: name }));
    assert.equal(await jobCount(e2e.server), before + 1);
    // The browser logs a failed resource load as a console error; nothing else may be there.
    assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
  });
}

test("when the answer is slower than the 120 s timeout, the form stops waiting, says the job may exist, and finds it", async () => {
  const page = await newPage(e2e.browser);
  // The page's clock is Playwright's: two minutes pass in an instant, and the app's own timer
  // (not a shortened one) gives up on the request.
  await page.clock.install();
  await fillForm(page, "slow answer");
  const before = await jobCount(e2e.server);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/jobs*", async (route) => {
    if (!isSubmit(route.request())) return route.continue();
    await route.fetch(); // the server gets it and creates the job; its answer is held back
    await held;
    await route.abort("timedout").catch(() => {}); // the app gave up long before
  });
  await page.getByRole("button", { name: "Submit job" }).click();
  await eventually(async () => (await jobCount(e2e.server)) === before + 1, "the job on the server");
  await page.getByRole("button", { name: "Submitting…" }).waitFor();
  // The page's clock also runs by itself meanwhile: 10 s short of the timeout leaves room for a
  // loaded machine (1 s did not: the timeout had passed by the time the page was looked at).
  await page.clock.fastForward("01:50");
  assert.equal(await page.getByText("The job may have been created.").count(), 0, "still waiting before 120 s");
  await page.clock.fastForward("00:11");
  await page.getByText("The job may have been created.").waitFor();
  await page.locator(".banner").getByText("did not answer within 120 seconds").waitFor();
  await page.getByRole("button", { name: "Look for it" }).click();
  const { body } = await getJson(e2e.server, "/jobs?limit=1");
  const id = (body.jobs ?? body.items ?? body)[0].job_id;
  await page.locator(".banner").getByRole("link", { name: id }).waitFor();
  await screenshot(page, "outcome-uncertain-timeout");
  release();
  await page.reload();
  await appReady(page);
  await page.getByText("possibly sent").waitFor();
  assert.equal(await page.getByLabel("Params", { exact: true }).inputValue(), JSON.stringify({ marker: "slow answer" }));
  assert.equal(await jobCount(e2e.server), before + 1, "sent once, never retried by itself");
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});

test("offline before sending, the form says nothing was sent", async () => {
  const page = await newPage(e2e.browser);
  await fillForm(page, "offline");
  const before = await jobCount(e2e.server);
  await page.context().setOffline(true);
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.getByText("This browser is offline, so nothing was sent.").waitFor();
  assert.equal(await page.getByText("may have been created").count(), 0);
  await screenshot(page, "outcome-offline");
  await page.context().setOffline(false);
  assert.equal(await jobCount(e2e.server), before);
  // Going offline may cut the app's background fetch of its chunks: the browser logs that
  // resource; the app itself logs nothing.
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});
