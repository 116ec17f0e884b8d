// Values the API reads but cannot answer (it fails with 500): the form says so at the field
// before anything is sent, with what to use instead, and sends only when "Send anyway" is chosen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, eventually, jobCount, newPage, requestLog, screenshot, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 1 });

const posts = () => requestLog(e2e.server).filter((r) => r.method === "POST" && r.path === "/jobs");

test("NaN in the priority and in metadata is said at each field, and nothing is sent until 'Send anyway'", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  await page.getByLabel("Job type", { exact: true }).selectOption("simulate");
  await page.getByLabel("Params", { exact: true }).fill('{"duration_s": 0.2}');
  await page.getByLabel("Priority", { exact: true }).fill("NaN");
  await page.getByLabel("Priority", { exact: true }).blur();
  const priority = page.locator("#priority-error");
  await priority.filter({ hasText: "internal error (500)" }).waitFor();
  const said = await priority.innerText();
  assert.match(said, /^The API cannot answer NaN \(not a number\): /);
  assert.match(said, /Use a whole number from 0 to 10\./);

  await page.getByLabel("Metadata", { exact: true }).fill("[1, NaN]");
  await page.getByLabel("Metadata", { exact: true }).blur();
  const metadata = page.locator("#metadata-error");
  await metadata.filter({ hasText: "internal error (500)" }).waitFor();
  assert.match(await metadata.innerText(), /NaN \(not a number\) at 1 in this field: .*Use a finite number, or null, instead\./s);

  // Submitting sends nothing: the banner names both, and offers to send anyway.
  const before = await jobCount(e2e.server);
  await page.getByRole("button", { name: "Submit job" }).click();
  const banner = page.locator(".banner.bad");
  await banner.filter({ hasText: "would fail with an internal error (500)" }).waitFor();
  assert.match(await banner.innerText(), /Priority: .*NaN[\s\S]*Metadata: .*NaN/);
  assert.equal(posts().length, 0, "nothing was sent");
  await screenshot(page, "form-api-fails-nan");

  // The typed values stay, and "Send anyway" sends them: the API answers 500, nothing is created.
  assert.equal(await page.getByLabel("Priority", { exact: true }).inputValue(), "NaN");
  await page.getByRole("button", { name: "Send anyway" }).click();
  await eventually(() => posts().some((r) => r.status === 500), "the body sent anyway, answered 500");
  await page.locator(".banner").filter({ hasText: "500" }).first().waitFor();
  assert.equal(await jobCount(e2e.server), before, "no job was created");
  assert.equal(await page.getByLabel("Metadata", { exact: true }).inputValue(), "[1, NaN]");

  // Fixed as it says, the job goes through.
  await page.getByLabel("Priority", { exact: true }).fill("5");
  await page.getByLabel("Metadata", { exact: true }).fill("");
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  // The browser itself logs the 500 it was sent anyway; nothing else went wrong.
  assert.deepEqual(page.errors.filter((e) => !/status of 500 \(Internal Server Error\)/.test(e)), []);
});
