// What the browser tests share: the real jobs-server (release build, serving dist/) on a free
// loopback port with its own SQLite file, and a headless Chromium (Debian's) driven by
// playwright-core. Screenshots go to tests/artifacts/; every screenshotted state is also checked
// with axe-core (checkA11y).
import { spawn } from "node:child_process";
import { after, before } from "node:test";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(new URL("../..", import.meta.url).pathname);
const { chromium } = require(path.join(ROOT, "tools/node_modules/playwright-core"));
export const ARTIFACTS = path.join(ROOT, "tests/artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * Starts jobs-server on a port it picks itself (`--addr 127.0.0.1:0`, read back from its
 * "listening on" line: a port found free and then bound by the server could be taken meanwhile
 * by another test file's server, when files run in parallel); resolves once /health answers.
 * `stop()` ends it.
 */
export async function startServer({ workers = 2, args = [], dist = path.join(ROOT, "dist"), db } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "jobs-e2e-"));
  const dbPath = db ?? path.join(dir, "jobs.db");
  const log = [];
  const child = spawn(
    process.env.JOBS_SERVER_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target"), "release/jobs-server"),
    ["--addr", "127.0.0.1:0", "--db", dbPath, "--dist", dist, "--workers", String(workers), ...args],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "info" } },
  );
  child.stdout.on("data", (d) => log.push(String(d)));
  child.stderr.on("data", (d) => log.push(String(d)));
  const deadline = Date.now() + 20_000;
  let url;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jobs-server exited early:\n${log.join("")}`);
    url ??= log.join("").match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
    if (url) {
      try {
        const r = await fetch(`${url}/health`);
        if (r.ok) break;
      } catch {
        /* not answering yet */
      }
    }
    if (Date.now() > deadline) throw new Error(`jobs-server did not start:\n${log.join("")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    dbPath,
    log,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
    },
  };
}

/**
 * The set-up most test files share: before their tests, a jobs-server (`startServer(options)`)
 * and a browser; after them, both stopped. Registers those node:test hooks and returns the object
 * whose `server` and `browser` they fill in, so read its properties inside a test, not when the
 * file loads. A file with other needs (several servers, a static site) writes its own hooks.
 */
export function useServerAndBrowser(options) {
  const running = { server: undefined, browser: undefined };
  before(async () => {
    running.server = await startServer(options);
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

/** Headless Chromium with the flags this machine needs, and a fresh profile. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Headless Firefox ESR (Debian's `firefox-esr`), driven by puppeteer-core over WebDriver BiDi,
 * with a fresh profile. Its pages are puppeteer's, not playwright's.
 */
export async function launchFirefox() {
  const puppeteer = require(path.join(ROOT, "tools/node_modules/puppeteer-core"));
  return puppeteer.launch({ browser: "firefox", executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr", headless: true });
}

/** A page that fails the test on any uncaught error or console error of the app. */
export async function newPage(browser, { colorScheme = "light", viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") page.errors.push(m.text());
  });
  return page;
}

/**
 * Saves a full-page screenshot as tests/artifacts/NAME.png, then checks that state with axe-core
 * (checkA11y): every state a test thinks worth a picture is one a person may meet. A caller may
 * pass { a11y: false } only with a comment saying why.
 */
export async function screenshot(page, name, { a11y = true } = {}) {
  // A full-page picture of a long page (the hostile tests' 10,000-character strings) can take
  // over Playwright's 30 s default on a loaded two-core machine: a picture is not a timing test.
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, timeout: 120_000 });
  if (a11y) await checkA11y(page, name);
}

const AXE_SOURCE = readFileSync(path.join(ROOT, "tools/node_modules/axe-core/axe.min.js"), "utf8");
/** The rules checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * Runs axe-core on the page as it is now and throws an error listing every violation (rule,
 * impact, help, and each element's selector, HTML and what fails). `what` names the state.
 *
 * The app's Content-Security-Policy allows no inline script and no eval, so axe is not added with
 * a <script> tag (refused) nor with bypassCSP (which would test a page the app never is): its
 * source is evaluated through the DevTools protocol, which a page's policy does not govern. Once
 * per document; a navigation inside the app keeps it.
 */
export async function checkA11y(page, what = page.url()) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    const cdp = await page.context().newCDPSession(page);
    try {
      const { exceptionDetails } = await cdp.send("Runtime.evaluate", { expression: AXE_SOURCE });
      if (exceptionDetails) throw new Error(`axe-core did not load: ${JSON.stringify(exceptionDetails)}`);
    } finally {
      await cdp.detach();
    }
  }
  const violations = await page.evaluate(async (tags) => {
    const results = await window.axe.run(document, { resultTypes: ["violations"], runOnly: { type: "tag", values: tags } });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
  if (violations.length === 0) return;
  const lines = [`axe-core: ${violations.length} accessibility violation(s) in ${what} (${page.url()})`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target}`, `      ${n.html.slice(0, 300)}`);
      if (n.summary) lines.push(...n.summary.split("\n").map((l) => `      ${l}`));
    }
  }
  throw new Error(lines.join("\n"));
}

/** Waits until the app has mounted (the header is there). */
export async function appReady(page) {
  await page.waitForSelector("header.site-header nav", { timeout: 15_000 });
  // Every page is a chunk of the app (web/src/chunks.rs): ready once the page's own has arrived
  // (or has failed, and says so).
  await page.waitForSelector("main .chunk-loading", { state: "detached", timeout: 15_000 });
}

/** The server's request log: one entry per answered request, as { method, path, query, status }. */
export function requestLog(server) {
  const text = server.log.join("").replace(/\x1b\[[0-9;]*m/g, "");
  const entries = [];
  for (const line of text.split("\n")) {
    const m = line.match(/method=(\w+) path="([^"]*)"(?: query="([^"]*)")?.*answered status=(\d+)/);
    if (m) entries.push({ method: m[1], path: m[2], query: m[3] ?? "", status: Number(m[4]) });
  }
  return entries;
}

/** Submits a job straight to the server (not through the app). */
export async function submitJob(server, body, { headers = {} } = {}) {
  const response = await fetch(`${server.url}/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** GET a path of the API, as JSON (with its X-Total-Count, if any). */
export async function getJson(server, path) {
  const response = await fetch(`${server.url}${path}`, { headers: { accept: "application/json" } });
  return { status: response.status, body: await response.json(), total: response.headers.get("x-total-count") };
}

/** How many jobs the server holds (its X-Total-Count). */
export async function jobCount(server) {
  return Number((await getJson(server, "/jobs?limit=1")).total);
}

/**
 * Answers the page's POST /jobs as a hosted API would that judges what this app accepted (a newer
 * rule, say): FastAPI's 422 with two entries, `less_than_equal` on body → priority ("Input should
 * be less than or equal to 5") and `value_error` on query → project_id ("Value error, unknown
 * project"). Other requests to /jobs go through. Resolves to a function that removes the route.
 */
export async function route422(page) {
  const submits = (url) => url.pathname === "/jobs";
  await page.route(submits, (route) =>
    route.request().method() === "POST"
      ? route.fulfill({
          status: 422,
          contentType: "application/json",
          body: JSON.stringify({
            detail: [
              { type: "less_than_equal", loc: ["body", "priority"], msg: "Input should be less than or equal to 5", input: 7, ctx: { le: 5 } },
              { type: "value_error", loc: ["query", "project_id"], msg: "Value error, unknown project", input: "p1" },
            ],
          }),
        })
      : route.continue(),
  );
  return () => page.unroute(submits);
}

/** Waits until `check()` returns a truthy value (polling), or fails with `what`. */
export async function eventually(check, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
