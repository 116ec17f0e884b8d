// Hostile content from the API renders as text: a job whose error, error detail, result,
// metadata keys and values, job type and id hold HTML, script, javascript: URLs, right-to-left
// overrides and 10,000-character unbroken strings. Nothing runs (no dialog, no injected element,
// no javascript: link), every string is shown as written (bidirectional controls written out as
// ⟨U+202E⟩, so that none reorders what a person reads), and the page does not grow sideways.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, appReady, newPage, screenshot, submitJob, useServerAndBrowser } from "./harness.mjs";

const IMG = `<img src=x onerror="alert('img')">`;
const SCRIPT = `</script><script>alert('script')</script>`;
const JS_URL = "javascript:alert('url')";
const RTL = "invoice\u202Egnp.exe";
const LONG = "A".repeat(10_000);

const e2e = useServerAndBrowser({ workers: 1 });

/** A real job's answer from the server, with hostile strings put in every text it shows. */
async function hostileJob() {
  const { status, body } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0.1 } });
  assert.equal(status, 202);
  const id = body.job_id;
  let job;
  for (;;) {
    job = await (await fetch(`${e2e.server.url}/jobs/${id}`, { headers: { accept: "application/json" } })).json();
    if (job.is_terminal) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    id,
    job: {
      ...job,
      job_type: `${IMG}${RTL}`,
      status: "failed",
      is_failed: true,
      error: `${IMG} ${SCRIPT} ${JS_URL} ${RTL} ${LONG}`,
      error_code: `${SCRIPT}`,
      error_detail: { [IMG]: SCRIPT, url: JS_URL, long: LONG },
      result: { [IMG]: [SCRIPT, JS_URL, RTL, LONG], [LONG]: 1 },
    },
    metadata: { [IMG]: SCRIPT, [`${RTL}${LONG}`]: JS_URL, intermediate_results: [] },
  };
}

/** Serves `job` and its metadata to the page in place of the server's answers. */
async function serveHostile(page, id, job, metadata) {
  await page.route(`**/jobs/${id}`, (route) =>
    route.request().headers().accept?.includes("text/html")
      ? route.continue()
      : route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(job) }),
  );
  await page.route(`**/jobs/${id}/metadata`, (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(metadata) }),
  );
  await page.route(/\/jobs\?/, (route) =>
    route.fulfill({ status: 200, contentType: "application/json", headers: { "x-total-count": "1" }, body: JSON.stringify([job]) }),
  );
}

async function assertNothingRan(page, dialogs) {
  assert.deepEqual(dialogs, [], "no dialog opened");
  assert.equal(await page.locator("img[src='x'], main script").count(), 0, "no element was injected");
  assert.equal(await page.locator("a[href^='javascript:' i]").count(), 0, "no javascript: link");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page does not scroll sideways (${overflow} px too wide)`);
}

for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
  test(`hostile strings in a job render as text and keep the layout (${name})`, async () => {
    const { id, job, metadata } = await hostileJob();
    const page = await newPage(e2e.browser, { viewport });
    const dialogs = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      d.dismiss();
    });
    await serveHostile(page, id, job, metadata);
    await page.goto(`${e2e.server.url}/jobs/${id}`);
    await appReady(page);
    await page.locator("dd.error-text").waitFor();
    const errorText = await page.locator("dd.error-text").textContent();
    for (const piece of [IMG, SCRIPT, JS_URL]) assert.ok(errorText.includes(piece), `the error shows ${piece} as written`);
    // A right-to-left override is shown, not obeyed: "invoice\u202Egnp.exe" would read "invoiceexe.png".
    assert.ok(errorText.includes("invoice⟨U+202E⟩gnp.exe"), "the override is written out");
    assert.ok(errorText.includes(LONG), "the 10,000-character string is there in full");
    const body = await page.locator("main").textContent();
    assert.ok(body.includes(IMG), "the job type is shown as written");
    assert.ok(!body.includes("\u202E"), "no bidirectional override reaches the page as a control character");
    await page.waitForTimeout(500);
    await assertNothingRan(page, dialogs);
    await screenshot(page, `hostile-job-${name}`);
    await page.screenshot({ path: `${ARTIFACTS}/hostile-job-${name}-top.png` });

    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await page.locator("main table").waitFor();
    await page.waitForTimeout(300);
    await assertNothingRan(page, dialogs);
    await screenshot(page, `hostile-list-${name}`);
    assert.deepEqual(page.errors, []);
  });
}
