// The web app's Content-Security-Policy, one place for it.
//
// The policy is written into index.html as a <meta>, so that it holds on any static host:
// scripts come only from the app itself (Trunk's inline start-up script is allowed by its hash,
// never by 'unsafe-inline'; 'wasm-unsafe-eval' lets the page compile its WebAssembly), and
// requests go only to the page's own origin and the API origin of config.json. jobs-server sends
// the same policy as a header, adding frame-ancestors 'none' (which a <meta> cannot carry).
//
// Trunk's post-build step (tools/postbuild.mjs) writes it into every release build. A deployment
// that points the app at another API changes config.json and the policy together:
//
//     node tools/csp.mjs dist https://api.ionworks.com
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const META = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;

/** The policy for a page (its HTML) whose API is at `apiBaseUrl` (null: the page's own origin). */
export function contentSecurityPolicy(html, apiBaseUrl) {
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)];
  const hashes = inline.map(([, code]) => `'sha256-${createHash("sha256").update(code, "utf8").digest("base64")}'`);
  let api = "";
  if (apiBaseUrl) {
    const origin = new URL(apiBaseUrl).origin;
    if (origin === "null") throw new Error(`api_base_url ${apiBaseUrl} has no origin: use an http(s) address`);
    api = ` ${origin}`;
  }
  return [
    "default-src 'none'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...hashes].join(" "),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${api}`,
    "base-uri 'self'",
    "form-action 'none'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Writes (or rewrites) the policy into DIR/index.html from DIR/config.json, and writes
 * DIR/404.html, the same page: static hosts without rewrite rules (GitHub Pages, object stores
 * behind a CDN) answer an unknown path with 404.html, so a deep link or a reload of
 * /console/jobs/ID starts the app, which reads the route from the address (asset paths are
 * absolute under --public-url, so they load from any depth).
 */
export function writePolicy(dir) {
  const indexFile = path.join(dir, "index.html");
  const configFile = path.join(dir, "config.json");
  const withoutPolicy = readFileSync(indexFile, "utf8").replace(META, "");
  const config = existsSync(configFile) ? JSON.parse(readFileSync(configFile, "utf8")) : {};
  const policy = contentSecurityPolicy(withoutPolicy, config.api_base_url);
  // Right after <meta charset>: a policy applies only to what comes after it.
  const html = withoutPolicy.replace(/(<meta charset=[^>]*>)/i, `$1<meta http-equiv="Content-Security-Policy" content="${policy}">`);
  if (html === withoutPolicy) throw new Error(`${indexFile} has no <meta charset>: cannot place the Content-Security-Policy`);
  writeFileSync(indexFile, html);
  writeFileSync(path.join(dir, "404.html"), html);
  return policy;
}

function compress(file) {
  const bytes = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}

// node tools/csp.mjs DIST [API_BASE_URL]: point a built app at an API (config.json and policy).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [dir, apiBaseUrl] = process.argv.slice(2);
  if (!dir || !existsSync(path.join(dir, "index.html"))) {
    console.error("usage: node tools/csp.mjs DIST [API_BASE_URL]   (DIST: a built app, with index.html)");
    process.exit(2);
  }
  if (apiBaseUrl !== undefined) {
    const configFile = path.join(dir, "config.json");
    const config = existsSync(configFile) ? JSON.parse(readFileSync(configFile, "utf8")) : {};
    config.api_base_url = apiBaseUrl === "" ? null : apiBaseUrl;
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    compress(configFile);
  }
  const policy = writePolicy(dir);
  compress(path.join(dir, "index.html"));
  compress(path.join(dir, "404.html"));
  console.log(`${path.join(dir, "index.html")}: Content-Security-Policy: ${policy}`);
}
