// The Content-Security-Policy: the build writes it into index.html (tools/csp.mjs), jobs-server
// sends it as a header with frame-ancestors 'none', the app runs under it without a single
// violation, and it refuses what an attacker would inject: inline scripts and framing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, appReady, eventually, newPage, screenshot, submitJob, useServerAndBrowser } from "./harness.mjs";

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

function inlineScripts(html) {
  return [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(([, code]) => code);
}

const e2e = useServerAndBrowser();

test("both builds carry a policy that allows their own start-up script by its hash, never 'unsafe-inline'", () => {
  for (const dir of ["dist", "target/dist-console"]) {
    const html = readFileSync(path.join(ROOT, dir, "index.html"), "utf8");
    const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    assert.ok(policy, `${dir}/index.html has a Content-Security-Policy <meta>`);
    const scripts = inlineScripts(html);
    assert.ok(scripts.length >= 1, "Trunk's start-up script is inline");
    const scriptSrc = policy.split("; ").find((d) => d.startsWith("script-src "));
    for (const code of scripts) assert.ok(scriptSrc.includes(sha256(code)), `${dir}: the inline script's hash is allowed`);
    assert.ok(!scriptSrc.includes("unsafe-inline"), "no 'unsafe-inline' for scripts");
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /object-src 'none'/);
  }
});

test("jobs-server sends the page's policy as a header, with frame-ancestors 'none'", async () => {
  const html = readFileSync(path.join(ROOT, "dist/index.html"), "utf8");
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)[1];
  for (const route of ["/", "/jobs/new", "/jobs", "/settings", "/index.html"]) {
    const response = await fetch(`${e2e.server.url}${route}`, { headers: { accept: "text/html" } });
    assert.equal(response.status, 200, route);
    assert.equal(response.headers.get("content-security-policy"), `${meta}; frame-ancestors 'none'`, route);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", route);
  }
});

test("every page runs under the policy without a violation, and an injected inline script is refused", async () => {
  const { body: job } = await submitJob(e2e.server, { job_type: "simulate", params: { duration_s: 0.2 } });
  const page = await newPage(e2e.browser);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const route of ["/jobs/new", "/jobs", "/settings", `/jobs/${job.job_id}`]) {
    await page.goto(`${e2e.server.url}${route}`);
    await appReady(page);
    await page.waitForLoadState("networkidle");
    assert.deepEqual(await page.evaluate(() => window.__violations), [], route);
  }
  await page.locator("dl.facts .badge.completed").waitFor();
  assert.deepEqual(page.errors, []);

  // What an HTML injection would try: a script element with inline code, and a javascript: URL.
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.append(script);
    const link = document.createElement("a");
    link.href = "javascript:window.__injected = true";
    document.body.append(link);
    link.click();
  });
  const violations = await eventually(
    async () => {
      const v = await page.evaluate(() => window.__violations);
      return v.length >= 2 && v;
    },
    "the policy to report the injected script and the javascript: link",
    5_000,
  );
  assert.ok(violations.every((v) => v.startsWith("script-src")), violations.join(", "));
  assert.equal(await page.evaluate(() => window.__injected), undefined, "the injected code never ran");
});

test("another site cannot frame the console", async () => {
  const site = createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><title>evil</title><iframe id="app" src="${e2e.server.url}/jobs/new"></iframe>`);
  });
  await new Promise((r) => site.listen(0, "127.0.0.1", r));
  try {
    const page = await e2e.browser.newPage();
    const refused = new Promise((resolve) => page.on("console", (m) => /frame-ancestors/.test(m.text()) && resolve(m.text())));
    await page.goto(`http://127.0.0.1:${site.address().port}/`);
    assert.match(await refused, /frame-ancestors 'none'/);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.equal(await frame.locator("header.site-header").count(), 0, "the app did not load in the frame");
    await page.close();
  } finally {
    site.close();
  }
});

test("Settings says where the key is kept, warns before remembering it for plain http, and names an address the policy blocks", async () => {
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/settings`);
  await appReady(page);
  await page.locator("#api-key-kept").filter({ hasText: "session storage" }).waitFor();
  await page.getByLabel("API base URL").fill("http://jobs.example.com:8080");
  await page.getByLabel("Remember on this device").check();
  await page.locator("#api-key-kept").filter({ hasText: "local storage" }).waitFor();
  await page.locator("#api-key-warning").filter({ hasText: "jobs.example.com is reached over plain http://" }).waitFor();
  await page.locator("#api-base-error").filter({ hasText: "http://jobs.example.com:8080 is not one of them" }).waitFor();
  assert.equal(await page.getByLabel("API base URL").getAttribute("aria-invalid"), "true");
  await screenshot(page, "settings-key-warning");
  // Loopback over http, and the page's own origin: nothing to warn about.
  await page.getByLabel("API base URL").fill("");
  assert.equal(await page.locator("#api-key-warning").count(), 0);
  assert.equal((await page.locator("#api-base-error").textContent()).trim(), "");
  assert.equal(await page.getByLabel("API base URL").getAttribute("aria-invalid"), "false");
  assert.deepEqual(page.errors, []);
});
