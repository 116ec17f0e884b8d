// Trunk's post-build step (Trunk.toml [[hooks]]): builds the app's WebAssembly, split into chunks
// (tools/build-wasm.mjs), then minifies the JavaScript that Trunk leaves as it
// is (its own minifier cannot parse wasm-bindgen's output), writes the page's
// Content-Security-Policy into index.html (release builds), and writes .gz and .br copies of
// every text and wasm file, so that jobs-server (and any static host that looks for them) can
// send them compressed without compressing on each request.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { createRequire } from "node:module";

import { buildWasm } from "./build-wasm.mjs";
import { writePolicy } from "./csp.mjs";

const require = createRequire(import.meta.url);
const esbuild = require("esbuild");
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("TRUNK_STAGING_DIR is not set: run this from Trunk's post_build hook");
const release = process.env.TRUNK_PROFILE === "release";

await buildWasm(staging, release, process.env.TRUNK_PUBLIC_URL || "/");

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

// Only in release builds: `trunk serve` injects an inline reload script of its own.
if (release) writePolicy(staging);

for (const file of files(staging)) {
  const ext = path.extname(file);
  if (release && ext === ".js") {
    const { code } = esbuild.transformSync(readFileSync(file, "utf8"), { loader: "js", format: "esm", minify: true, target: "es2022" });
    writeFileSync(file, code);
  }
  if (release && [".js", ".wasm", ".css", ".html", ".json", ".svg"].includes(ext)) {
    const bytes = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}
