// scripts/mtimes.py, which lets a fresh clone reuse the shared cargo target directory: a file whose
// content is as in the previous run gets back its time then, unless something was built in the
// target directory since that run ended (its artifacts would be taken for this clone's).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts/mtimes.py");
const mtimes = (...args) => execFileSync("python3", [SCRIPT, ...args], { encoding: "utf8" });
const at = (file, seconds) => utimesSync(file, seconds, seconds);
const mtime = (file) => Math.floor(statSync(file).mtimeMs / 1000);

/** A checkout with one source file, a shared target directory with one fingerprint, a record. */
function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "mtimes-"));
  const root = path.join(dir, "checkout");
  mkdirSync(path.join(root, "src"), { recursive: true });
  execFileSync("git", ["init", "-q", root]);
  const source = path.join(root, "src", "lib.rs");
  writeFileSync(source, "pub fn answer() -> u8 { 42 }\n");
  const fingerprint = path.join(dir, "target", "wasm32-unknown-unknown", "wasm-release", ".fingerprint", "jobs-web-0123");
  mkdirSync(fingerprint, { recursive: true });
  const built = path.join(fingerprint, "invoked.timestamp");
  writeFileSync(built, "");
  // Long ago, as the rest of the times here (the directories' times count too).
  for (const d of [built, fingerprint, path.dirname(fingerprint)]) at(d, 900_000);
  return { dir, root, source, built, target: path.join(dir, "target"), record: path.join(dir, "cache", "mtimes.json") };
}

/** The record of a run that saw `source` with its content now at `seconds`. */
function recorded(root, source, record, seconds) {
  const sha = createHash("sha256").update(readFileSync(source)).digest("hex");
  mkdirSync(path.dirname(record), { recursive: true });
  writeFileSync(record, JSON.stringify({ [path.relative(root, source)]: [sha, seconds * 1e9] }));
}

/** A run that saw `source` at 1,000,000 s, built from it 100 s later, and ended with its stamp. */
function lastRunEnded({ root, source, built, target, record }) {
  recorded(root, source, record, 1_000_000);
  at(built, 1_000_100);
  mtimes("--stamp", record, target);
}

test("a file as it was in the last run gets its time back, when nothing was built since that run", () => {
  const { dir, root, source, built, target, record } = setup();
  try {
    lastRunEnded({ root, source, built, target, record });
    mtimes(root, record, target); // A fresh clone (every file new).
    assert.equal(mtime(source), 1_000_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("after a build of other files in the shared target directory, a file as it was counts as new", () => {
  const { dir, root, source, built, target, record } = setup();
  try {
    lastRunEnded({ root, source, built, target, record });
    // Another checkout (or this one, edited and changed back) builds there after the run.
    at(built, 1_500_000);
    const said = mtimes(root, record, target);
    // Given back its old time, the file would look older than that build, and cargo would take
    // the other files' artifacts as this clone's.
    assert.ok(mtime(source) > 1_500_000, `the file's time: ${mtime(source)}`);
    assert.match(said, /shared build changed/);
    // This run builds and ends with a stamp: the next one trusts its record again.
    const now = mtime(source);
    at(built, now + 1);
    mtimes("--stamp", record, target);
    at(source, now + 100);
    mtimes(root, record, target);
    assert.equal(mtime(source), now);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a run that ended without a stamp (stopped, or from before stamps) is not trusted", () => {
  const { dir, root, source, built, target, record } = setup();
  try {
    recorded(root, source, record, 1_000_000);
    at(built, 1_000_100);
    mtimes(root, record, target);
    assert.ok(mtime(source) > 1_000_100, `the file's time: ${mtime(source)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
