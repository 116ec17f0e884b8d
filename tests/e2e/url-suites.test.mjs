// The public URL suites (contract/url-suite-vectors.jsonl: callback URLs from the WHATWG URL tests
// and Unicode's IDNA conformance file, answered by the reference) through the web build, in
// headless Chromium (playwright-core) and Firefox ESR (puppeteer-core over WebDriver BiDi): each
// URL is typed into the form's Callback URL field, and the field's message must be the
// reference's (nothing for a 202, else its detail messages). International host names lean on
// the IDNA tables, a chunk of their own: the form says "Checking…" until they are here, and the
// test checks that no message is read while it does.
// E2E_DIST=path serves another build than dist/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, launchBrowser, launchFirefox, newPage, startServer } from "./harness.mjs";

let server;
before(async () => {
  server = await startServer({ workers: 1, dist: process.env.E2E_DIST });
});
after(async () => {
  await server?.stop();
});

/** Every URL of the suites, with the field's message the reference's answer gives. */
function cases() {
  const vectors = readFileSync(path.join(ROOT, "contract/url-suite-vectors.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
  // An empty field is no callback URL at all (left out of the body), and a URL field drops leading
  // and trailing spaces as it is typed into (HTML's value sanitization): spaces alone are not a URL
  // the form can send.
  return vectors
    .map(({ body, status, response }) => ({
      url: JSON.parse(body).callback_url,
      message: status === 202 ? "" : response.detail.map((d) => d.msg).join(" "),
    }))
    .filter(({ url }) => url.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "") !== "");
}

/**
 * Runs in the page: types each URL into the Callback URL field and reads the field's message,
 * after a URL of known answer each time, so that a message left over from the previous URL cannot
 * pass for the next one's. Returns the messages, the probe's, and the URLs read while the field
 * said it was checking.
 */
async function typeEach({ urls, probe, international }) {
  const until = async (ok, what) => {
    const start = performance.now();
    while (!ok()) {
      if (performance.now() - start > 30_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await until(() => document.getElementById("callback-url"), "the form");
  const input = document.getElementById("callback-url");
  const error = () => document.getElementById("callback-url-error")?.textContent ?? "";
  const checking = () => document.getElementById("callback-url-hint").textContent.includes("Checking");
  // After every task the app queued (its effects run as microtasks) has run.
  const settled = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(0);
    });
  const type = async (url) => {
    input.value = url;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await settled();
  };
  input.focus();
  await type(probe);
  input.blur(); // touched: its message shows from now on
  await settled();
  // The first international name asks for the IDNA tables.
  await type(international);
  await until(() => !checking(), "the IDNA tables");
  const messages = [];
  const probes = new Set();
  const whileChecking = [];
  for (const url of urls) {
    await type(url);
    if (checking()) whileChecking.push(url);
    messages.push(error());
    await type(probe);
    probes.add(error());
  }
  return { messages, probes: [...probes], whileChecking };
}

const PROBE = "ftp://example.com/";
const INTERNATIONAL = "http://例え.テスト/";

function compare(browser, all, { messages, probes, whileChecking }) {
  assert.equal(probes.length, 1, `the probe's message is always the same: ${JSON.stringify(probes)}`);
  assert.match(probes[0], /URL scheme should be 'http' or 'https'/);
  assert.deepEqual(whileChecking, [], "no message is read while the field says it is checking");
  const differences = all
    .map(({ url, message }, i) => [url, message, messages[i]])
    .filter(([, want, got]) => want !== got)
    .map(([url, want, got]) => `${JSON.stringify(url)}: reference ${JSON.stringify(want)}, ${browser} ${JSON.stringify(got)}`);
  const invalid = all.filter(({ message }) => message).length;
  console.log(`# URL suites in ${browser}: ${all.length - differences.length}/${all.length} callback URLs answered as the reference does (${invalid} invalid)`);
  assert.ok(invalid > 500 && invalid < all.length - 500, "the suites mix valid and invalid URLs");
  assert.deepEqual(differences.slice(0, 20), [], `${differences.length} of ${all.length} differ`);
}

test("the form answers every URL of the public suites as the reference does, in Chromium", async () => {
  const all = cases();
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    await page.goto(server.url + "/jobs/new");
    const seen = await page.evaluate(typeEach, { urls: all.map((c) => c.url), probe: PROBE, international: INTERNATIONAL });
    assert.deepEqual(page.errors, []);
    compare("Chromium", all, seen);
  } finally {
    await browser.close();
  }
});

test("the form answers every URL of the public suites as the reference does, in Firefox", async () => {
  const all = cases();
  const browser = await launchFirefox();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(server.url + "/jobs/new");
    const seen = await page.evaluate(typeEach, { urls: all.map((c) => c.url), probe: PROBE, international: INTERNATIONAL });
    assert.deepEqual(errors, []);
    compare("Firefox", all, seen);
  } finally {
    await browser.close();
  }
});
