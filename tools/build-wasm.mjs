// The first part of Trunk's post-build step (tools/postbuild.mjs; Trunk runs the hooks of one stage
// at the same time, so there is one): builds the web app's WebAssembly split
// into chunks, and adds it to the page Trunk has built from index.html.
//
// Trunk has no stage between its cargo build and wasm-bindgen, where the split must happen
// (trunk issue #1022), so this step does the whole Rust pipeline, as cargo-leptos `--split` does,
// and Trunk does everything else (the page, the stylesheet, config.json, `trunk serve`):
//
//   1. cargo builds jobs-web for wasm32 with relocations kept (`--emit-relocs`), which is what the
//      splitter reads to move code;
//   2. wasm-split-cli (vendor/wasm_split_cli_support, built by scripts/setup.sh) cuts it at the
//      app's split points (`#[wasm_split(...)]` in web/src/chunks.rs): the main module, one
//      module per split point, one per set of pages that share code (SPLIT_GROUPS), and
//      `__wasm_split.js`, the loader the main module imports to fetch them;
//   3. wasm-bindgen (`--keep-lld-exports`: the chunks link to the main module's exports) writes
//      the JavaScript glue, as Trunk would have;
//   4. in release builds, wasm-opt -Oz on every module, as Trunk would have on one;
//   5. every file is named by a hash of its content (16 hex digits: jobs-server caches such names
//      for a year), the names written into the files that refer to them, and the page given its
//      start-up script and preload hints.
//
// Run by `trunk build` / `trunk serve` (TRUNK_STAGING_DIR, TRUNK_PROFILE, TRUNK_PUBLIC_URL set).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NAME = "jobs-web";
const TARGET = "wasm32-unknown-unknown";
// The chunks a page needs at once (web/src/chunks.rs), by a pattern of its path under the public
// URL (web/src/router.rs): the page's start-up script has the browser fetch them while the main
// module loads, instead of after it. A fit's views come later (only a fit has them).
const PAGE_CHUNKS = [
  ["^(jobs/new)?$", ["new_job"]],
  ["^jobs$", ["jobs_list"]],
  ["^settings$", ["settings"]],
  ["^compare$", ["compare"]],
  // A job's result tree is fetched once the job is read and has a result (most jobs a page is
  // opened on are still running): not in the page's first load.
  ["^jobs/(?!new$)[^/]+$", ["job_page"]],
];

// The split points (web/src/chunks.rs) by the page that shows them. Code that several pages need
// goes into a chunk fetched by those pages (one per set of pages), or into the main module when
// pages of MAIN_FROM_GROUPS groups need it; code of one page's split points goes with that page.
const SPLIT_GROUPS = [
  // A job page's Clone and edit writes the form's draft: with the form.
  ["new_job", "editor_tools", "idna_tables", "clone_into_form"],
  // A job's callback state, for a job that has a callback URL, once the job is read.
  ["job_page", "result_tree", "callback_state"],
  // A fit's views, the comparison and the list's best costs share the charts and the reading of a
  // fit; a job's page and the list fetch them after their heading (a job's page fetches the
  // reader once its metadata holds a fit).
  ["fit_views", "compare", "cost_trends", "fit_reader"],
  // The form's "Look for it" reads jobs as the list does: with the list, not in the form's first load.
  // The list's search by ID is fetched when the list is idle, or at the first search.
  ["jobs_list", "look_for_it", "find_job"],
  ["settings"],
];
// Code that split points of this many groups need goes into the main module. Each module more is
// one request more, and over HTTP/1.1 (six connections, as Lighthouse models them) a page's
// requests beyond six wait for a round trip: with only code of four groups in the main module a
// page fetched up to 12 chunks before its heading; with code of three, 6, for about the same bytes
// (bench/lighthouse.mjs, mobile, 3 runs each: the form's LCP 2.4 -> 2.3 s, a job's 2.4 -> 2.2 s;
// bench/bundle-size.mjs: the form 233.6 -> 231.4 KB, a job 168.7 -> 169.1, the list 169.5 -> 169.7,
// Settings 138.6 -> 148.6). With code of two groups (3 files a page) the list and a job went over
// 170 KB.
const MAIN_FROM_GROUPS = 3;

/**
 * Gives the main module's imports of the glue short names (`a`, `b`, …), in the module and in the
 * glue (`glue`, returned changed). wasm-bindgen names each after its JavaScript function and a
 * hash (`__wbg_appendChild_8204974b7328bf98`), once in the module's import section and once in the
 * glue's table of imports: over 200 names, and gzip cannot shrink their hashes. The hashes keep
 * apart two crates' imports of one function; the short names are as distinct. 6 KB gzip off every
 * page's first load. Binaryen (the library of wasm-opt) rewrites the module.
 */
async function shortImportNames(wasmFile, glue) {
  const FROM = `./${NAME}_bg.js`;
  const binaryen = (await import("binaryen")).default;
  const module = binaryen.readBinary(readFileSync(wasmFile));
  const imports = [];
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (info.module === FROM) imports.push(info);
  }
  if (imports.length === 0) throw new Error(`the main module imports nothing from ${FROM}: check wasm-bindgen's output`);
  const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const short = (n) => (n < LETTERS.length ? "" : short(Math.floor(n / LETTERS.length) - 1)) + LETTERS[n % LETTERS.length];
  // A JavaScript function may be imported more than once (until wasm-opt merges them): one name each.
  const names = new Map();
  for (const info of imports) {
    let name = names.get(info.base);
    if (name === undefined) {
      name = short(names.size);
      names.set(info.base, name);
      // In the glue, the import's entry in the table (`        __wbg_…: function(`), and nowhere else.
      const entry = new RegExp(`(\\n[ \\t]*)${info.base}(: function\\b)`, "g");
      const found = glue.match(entry)?.length ?? 0;
      if (found !== 1) throw new Error(`the glue has ${found} entries for the import ${info.base}, not one: check wasm-bindgen's output`);
      glue = glue.replace(entry, `$1${name}$2`);
    }
    // The same function (its internal name), imported under the short name.
    module.removeFunction(info.name);
    module.addFunctionImport(info.name, FROM, name, info.params, info.results);
  }
  if (!module.validate()) throw new Error("the main module does not validate after its imports were renamed");
  // With the functions' names: wasm-opt orders the functions by them next (`--reorder-functions-by-name`).
  binaryen.setDebugInfo(true);
  writeFileSync(wasmFile, module.emitBinary());
  module.dispose();
  return glue;
}

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], ...opts });
}

const hash = (...parts) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex").slice(0, 16);
};

/** Builds the app into `staging` and adds it to `staging`/index.html. */
export async function buildWasm(staging, release, publicUrl) {
  // 1. The build. `cargo rustc` gives the link flag to the app's own link only (the dependencies
  // are built as for any wasm32 build, and stay cached).
  //
  // Release builds also build the standard library with the app (`-Zbuild-std`), so that it is
  // optimized for size as the app is and a panic aborts at once (`-Cpanic=immediate-abort`):
  // release builds never printed a panic's message (web/src/main.rs), yet shipped the code that
  // formats it and the source paths it names. 13 KB gzip off the main module, 22 KB off the
  // form's first load. Both flags are unstable, and the toolchain is stable 1.95:
  // RUSTC_BOOTSTRAP=1 lets this one build use them (scripts/setup.sh installs the rust-src
  // component they build from). Development builds keep the prebuilt library and the messages.
  const profile = release ? "wasm-release" : "dev";
  const sizeFlags = release ? ["-Zbuild-std=std,panic_abort", "--config", `target.${TARGET}.rustflags=["-Zunstable-options", "-Cpanic=immediate-abort"]`] : [];
  if (release) {
    const sysroot = execFileSync("rustc", ["--print", "sysroot"], { cwd: ROOT, encoding: "utf8" }).trim();
    if (!existsSync(path.join(sysroot, "lib/rustlib/src/rust/library/std"))) {
      throw new Error("release builds build the standard library from its source, and the rust-src component is missing: run scripts/setup.sh (or rustup component add rust-src)");
    }
  }
  run("cargo", ["rustc", "-p", NAME, "--bin", NAME, "--target", TARGET, "--profile", profile, ...sizeFlags, "--", "-Clink-args=--emit-relocs"], {
    env: { ...process.env, ...(release ? { RUSTC_BOOTSTRAP: "1" } : {}) },
  });
  const targetDir = JSON.parse(execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], { cwd: ROOT, encoding: "utf8" })).target_directory;
  const input = path.join(targetDir, TARGET, release ? "wasm-release" : "debug", `${NAME}.wasm`);

  // 2. The split.
  // A directory of this build's own: builds may run at once (checkouts share the target dir).
  mkdirSync(path.join(targetDir, "wasm-split"), { recursive: true });
  const work = mkdtempSync(path.join(targetDir, "wasm-split", `${release ? "release" : "debug"}-`));
  try {
    await splitInto(work, input, staging, release, publicUrl, targetDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Steps 2 to 5, in the build's own directory `work`. */
async function splitInto(work, input, staging, release, publicUrl, targetDir) {
  // The splitter is vendored (vendor/wasm_split_cli_support/VENDORED.md: it places shared code
  // by page); cargo builds it once and again only when it changes.
  run("cargo", ["build", "--release", "--offline", "--locked", "--features", "build-binary", "--quiet", "--manifest-path", path.join(ROOT, "vendor/wasm_split_cli_support/Cargo.toml"), "--target-dir", targetDir]);
  const splitter = path.join(targetDir, "release", "wasm-split-cli");
  run(splitter, [input, work, "--out-name", NAME], { env: { ...process.env, WASM_SPLIT_GROUPS: SPLIT_GROUPS.map((g) => g.join(",")).join(";"), WASM_SPLIT_MAIN_FROM: String(MAIN_FROM_GROUPS) } });

  // 3. The glue, by the wasm-bindgen of Cargo.lock (the crate and the CLI must agree).
  const lock = readFileSync(path.join(ROOT, "Cargo.lock"), "utf8");
  const want = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)[1];
  const have = execFileSync("wasm-bindgen", ["--version"], { encoding: "utf8" }).trim();
  if (have !== `wasm-bindgen ${want}`) throw new Error(`${have} is on PATH; the app needs wasm-bindgen ${want}: run scripts/setup.sh`);
  const bindgen = path.join(work, "bindgen");
  run("wasm-bindgen", ["--target", "web", "--out-dir", bindgen, "--out-name", NAME, "--no-typescript", "--keep-lld-exports", ...(release ? [] : ["--keep-debug"]), path.join(work, `${NAME}.wasm`)]);

  // 4. Size.
  const chunks = readdirSync(work).filter((f) => f.endsWith(".wasm") && f !== `${NAME}.wasm`);
  const mainWasm = path.join(bindgen, `${NAME}_bg.wasm`);
  if (release) {
    const glueFile = path.join(bindgen, `${NAME}.js`);
    writeFileSync(glueFile, await shortImportNames(mainWasm, readFileSync(glueFile, "utf8")));
    // Functions ordered by name: like code sits together and gzip finds it (0.8 KB less). The
    // producers and target-features sections (wasm-bindgen has read them by now) would be repeated
    // in every module: 1.9 KB gzip over the split app. A call into another module goes through a
    // small stub (wasm-split-cli writes one per callee and module); inlining functions of up to 6
    // instructions (-Oz: 2) folds the stubs into their callers: 4.2 KB gzip less over the app.
    for (const file of [mainWasm, ...chunks.map((c) => path.join(work, c))]) {
      run("wasm-opt", ["-Oz", "--always-inline-max-function-size=6", "--reorder-functions-by-name", "--strip-producers", "--strip-target-features", file, "-o", file]);
    }
  }

  // 5. Names from contents, and the page.
  let loader = readFileSync(path.join(work, "__wasm_split.js"), "utf8");
  // A chunk that does not arrive is the app's to report (a sentence and Retry in its place, or a
  // prefetch tried again later), not an error of the page: the loader says it as a warning.
  const logged = "console.error(e);";
  if (!loader.includes(logged)) throw new Error("the loader no longer logs a failed load as expected: check wasm-split-cli");
  loader = loader.replace(logged, "console.warn(e);");
  // Which modules each split point needs: its own, and the shared ones whose comment names it.
  const needs = {};
  for (const [, splits, file] of loader.matchAll(/\/\* ([a-z0-9_, ]+) \*\/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
    for (const split of splits.split(", ")) (needs[split] ??= []).push(file);
  }
  for (const split of PAGE_CHUNKS.flatMap(([, splits]) => splits)) {
    if (!chunks.includes(`split_${split}.wasm`)) throw new Error(`no chunk for the split point ${split}: see PAGE_CHUNKS`);
    (needs[split] ??= []).push(`split_${split}.wasm`);
  }
  const renamed = new Map();
  const out = new Map();
  for (const chunk of chunks) {
    const bytes = readFileSync(path.join(work, chunk));
    const stem = chunk.slice(0, -".wasm".length);
    const named = `${stem}-${hash(bytes)}.wasm`;
    const quoted = `"./${chunk}"`;
    if (!loader.includes(quoted)) throw new Error(`the loader does not name ${chunk}`);
    loader = loader.replaceAll(quoted, `"./${named}"`);
    renamed.set(chunk, named);
    out.set(named, bytes);
  }
  let glue = readFileSync(path.join(bindgen, `${NAME}.js`), "utf8");
  const main = readFileSync(mainWasm);
  // The glue and the loader name each other: both take a hash of all three.
  const build = hash(main, glue, loader);
  const glueName = `${NAME}-${build}.js`;
  const loaderName = `${NAME}-split-${build}.js`;
  const mainName = `${NAME}-${build}_bg.wasm`;
  // Only the import statements: the glue's table of the wasm's imports keeps the module's name.
  const linking = (text, from, to, what) => {
    const re = new RegExp(`(\\bfrom\\s*)(["'])\\./${from.replaceAll(".", "\\.")}\\2`, "g");
    if (!re.test(text)) throw new Error(`${what} does not import ./${from}`);
    return text.replace(re, `$1"./${to}"`);
  };
  glue = linking(glue, "__wasm_split.js", loaderName, "the glue");
  loader = linking(loader, `${NAME}.js`, glueName, "the loader");
  out.set(glueName, glue);
  out.set(loaderName, loader);
  out.set(mainName, main);

  for (const [name, content] of out) writeFileSync(path.join(staging, name), content);
  if (existsSync(path.join(bindgen, "snippets"))) cpSync(path.join(bindgen, "snippets"), path.join(staging, "snippets"), { recursive: true });

  const indexFile = path.join(staging, "index.html");
  // Trunk leaves the app's <link data-trunk-skip> in the page: the app goes in its place.
  const html = readFileSync(indexFile, "utf8").replace(/<link[^>]*data-trunk-skip[^>]*>/, "");
  const at = (name) => `${publicUrl}${name}`;
  const pageChunks = PAGE_CHUNKS.map(([page, splits]) => [page, [...new Set(splits.flatMap((split) => needs[split]))].map((f) => renamed.get(f))]);
  const preloadPageChunks =
    `{const b=${JSON.stringify(publicUrl)},p=location.pathname.startsWith(b)?location.pathname.slice(b.length).replace(/\\/$/,""):"";` +
    `for(const[r,fs]of ${JSON.stringify(pageChunks)})if(new RegExp(r).test(p))for(const f of fs){const l=document.createElement("link");` +
    `l.rel="preload";l.as="fetch";l.crossOrigin="anonymous";l.type="application/wasm";l.href=b+f;document.head.append(l)}}`;
  // The glue imports the snippets, and the app reads config.json as it starts: fetched with the
  // page's first requests instead of one round trip after the glue, and another after the app.
  const snippetDir = path.join(bindgen, "snippets");
  const snippets = existsSync(snippetDir) ? readdirSync(snippetDir, { recursive: true }).filter((f) => f.endsWith(".js")).map((f) => `snippets/${f.split(path.sep).join("/")}`) : [];
  // The largest file first: over HTTP/1.1 a browser fetches six at a time, in the page's order.
  const head = [
    `<link rel="preload" href="${at(mainName)}" crossorigin="anonymous" as="fetch" type="application/wasm">`,
    `<link rel="modulepreload" href="${at(glueName)}" crossorigin="anonymous">`,
    `<script>${preloadPageChunks}</script>`,
    `<link rel="modulepreload" href="${at(loaderName)}" crossorigin="anonymous">`,
    ...snippets.map((f) => `<link rel="modulepreload" href="${at(f)}" crossorigin="anonymous">`),
    ...(existsSync(path.join(staging, "config.json")) ? [`<link rel="preload" href="${at("config.json")}" as="fetch" crossorigin="anonymous">`] : []),
    `<script type="module">import init from "${at(glueName)}";await init({module_or_path:"${at(mainName)}"});</script>`,
  ].join("");
  if (!html.includes("</head>")) throw new Error(`${indexFile} has no </head>`);
  writeFileSync(indexFile, html.replace("</head>", `${head}</head>`));
  console.log(`[build-wasm] ${mainName} and ${chunks.length} chunks`);
}
