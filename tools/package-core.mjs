// Completes the Node package wasm-pack leaves in core/pkg (`wasm-pack build core --target
// nodejs`), so that it works as users install it (`npm pack`, then `npm install` the tarball):
// wasm-pack 0.13's `files` list leaves out the `snippets/` folder the glue requires (the module
// `core/js/results.js`), and the package says nothing of the Node versions it runs on.
//
//   node tools/package-core.mjs [core/pkg]
//
// Every file the glue requires is checked to be in the package, so a new snippet or a renamed
// file fails here rather than in a user's project.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const pkg = path.resolve(process.argv[2] ?? new URL("../core/pkg", import.meta.url).pathname);
const manifestPath = path.join(pkg, "package.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const glue = readFileSync(path.join(pkg, manifest.main), "utf8");

// What the glue loads from the package: require("./…") and the .wasm it reads by name.
const needed = [...glue.matchAll(/require\((?:String\.raw)?[`'"](\.\/[^`'"]+)[`'"]\)/g)].map((m) => m[1].slice(2));
needed.push(...[...glue.matchAll(/['"`]([\w-]+\.wasm)['"`]/g)].map((m) => m[1]));
const files = new Set(manifest.files ?? []);
for (const file of needed) {
  if (!existsSync(path.join(pkg, file))) throw new Error(`the glue requires ${file}, which is not in ${pkg}`);
  // A file in a folder: the folder's first part goes into `files` (npm takes it whole).
  const [top] = file.split("/");
  files.add(file.includes("/") ? `${top}/` : top);
}
manifest.files = [...files];
manifest.engines = { node: ">=18" };
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`[package-core] ${path.relative(process.cwd(), manifestPath)}: files ${manifest.files.join(", ")}`);
