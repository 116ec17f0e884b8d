#!/usr/bin/env bash
# Installs every tool the build and the tests need, at the versions they need, and nothing that is
# already there. Safe to run again and again: each step checks first. Sourced by run-app.sh and
# test-all.sh; run it alone to prepare a machine.
#
# Versions that must move together:
#   - wasm-bindgen-cli is read from Cargo.lock (the `wasm-bindgen` crate, pinned with `=` in
#     Cargo.toml). Change both by editing the pin in Cargo.toml; this script follows.
#   - trunk 0.21.14 is the newest trunk that builds with rustc 1.95.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
WASM_PACK_VERSION="0.13.1"
BINARYEN_VERSION="132.0.0"

export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

# What runs share, outside the clone, so that a second run (a fresh clone included) rebuilds and
# reinstalls only what changed: the cargo target directory (cargo keeps it correct; see
# scripts/mtimes.py for how a new clone's files keep their times), the Node tools of one
# package-lock, and the Python venv of the server tests.
CACHE="${JOBS_CONSOLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jobs-console}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
export JOBS_VENV="${JOBS_VENV:-$CACHE/venv}"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

need_cargo_tool() { # binary, expected version string, install args...
  local bin="$1" want="$2"; shift 2
  if command -v "$bin" >/dev/null 2>&1 && "$bin" --version 2>/dev/null | grep -qF "$want"; then
    return 0
  fi
  say "installing $bin $want (takes minutes the first time)"
  cargo install "$@"
}

setup_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # Release builds of the web app build the standard library from its source (tools/build-wasm.mjs).
  if [ ! -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library/std" ]; then
    say "adding the rust-src component"
    rustup component add rust-src
  fi
  need_cargo_tool trunk "$TRUNK_VERSION" trunk --version "$TRUNK_VERSION" --locked
  local wb; wb="$(wasm_bindgen_version)"
  # Without --locked: the CLI's own lock file pins a crate that no longer resolves.
  need_cargo_tool wasm-bindgen "$wb" wasm-bindgen-cli --version "$wb"
  need_cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack --version "$WASM_PACK_VERSION" --locked
  # The splitter of the web app's WebAssembly, vendored with a change of placement
  # (vendor/wasm_split_cli_support/VENDORED.md): built here, where the network may fetch its
  # crates; tools/build-wasm.mjs builds it again offline, which does nothing unless it changed.
  cargo build --release --locked --quiet --features build-binary \
    --manifest-path "$ROOT/vendor/wasm_split_cli_support/Cargo.toml" --target-dir "$CARGO_TARGET_DIR"
}

setup_node() {
  # binaryen's wasm-opt (Debian's is too old for the reference types wasm-bindgen emits), and the
  # Node packages the tests and benchmarks use; all from tools/package-lock.json, installed once
  # per lock file in the cache and linked as tools/node_modules.
  local lock shared
  lock="$(sha256sum "$ROOT/tools/package-lock.json" | cut -c1-16)"
  shared="$CACHE/node-$lock"
  if [ ! -x "$shared/node_modules/.bin/wasm-opt" ]; then
    say "installing Node tools (binaryen, playwright-core, ajv, axe-core)"
    rm -rf "$shared.partial" && mkdir -p "$shared.partial"
    cp "$ROOT/tools/package.json" "$ROOT/tools/package-lock.json" "$shared.partial/"
    (cd "$shared.partial" && npm ci --no-audit --no-fund --loglevel=error)
    rm -rf "$shared" && mv "$shared.partial" "$shared"
  fi
  if [ "$(readlink "$ROOT/tools/node_modules" 2>/dev/null)" != "$shared/node_modules" ]; then
    rm -rf "$ROOT/tools/node_modules"
    ln -s "$shared/node_modules" "$ROOT/tools/node_modules"
  fi
}

setup_cargo_cache() {
  # The shared target directory sees this checkout's files as unchanged where they are (unless
  # something else was built there since the last run ended: scripts/mtimes.py). Before any build.
  python3 "$ROOT/scripts/mtimes.py" "$ROOT" "$CACHE/mtimes.json" "$CARGO_TARGET_DIR"
}

# When a run has built what it builds: what the shared target directory was last built from is
# this run's record (scripts/mtimes.py).
stamp_cargo_cache() {
  python3 "$ROOT/scripts/mtimes.py" --stamp "$CACHE/mtimes.json" "$CARGO_TARGET_DIR"
}

# Debian's Chromium (and ChromeDriver) for every browser test, and Firefox ESR for the ones that
# check the web build in both (tests/e2e/url-suites.test.mjs, driven by puppeteer-core).
setup_browser() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! command -v firefox-esr >/dev/null 2>&1; then
    say "installing Chromium, ChromeDriver and Firefox ESR from Debian"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver firefox-esr >/dev/null
  fi
}

# The reference app's own venv (contract/reference/refapp.py, the hosted API's framework at the
# versions the contract was recorded with), for the tests that compare with it
# (tests/reference/). Exports JOBS_REFERENCE_PYTHON.
setup_reference() {
  local venv="${JOBS_REFERENCE_VENV:-$CACHE/venv-reference}" pin name version
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  for pin in fastapi==0.165.0 pydantic==2.14.4 httpx==0.29.0; do
    name="${pin%%==*}" version="${pin##*==}"
    if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('$name') != '$version')" 2>/dev/null; then
      say "installing $pin for the reference app"
      "$venv/bin/pip" install --quiet "$pin"
    fi
  done
  export JOBS_REFERENCE_PYTHON="$venv/bin/python"
}

setup_all() {
  # First: setup_rust builds the splitter in the shared target directory.
  setup_cargo_cache
  setup_rust
  setup_node
  setup_browser
  setup_reference
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  setup_all
  say "ready"
fi
