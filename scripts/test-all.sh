#!/usr/bin/env bash
# Runs every test of the project, installing what is missing first (scripts/setup.sh):
#   formatting and lints (native and wasm32), the core's tests natively and in Node (wasm), the
#   Node package against the contract, the server and the Node package against the reference app
#   (JSONTestSuite's parsing files), the server's tests (with the official Python client and
#   schemathesis), and the end-to-end tests in headless Chromium against the real server.
# Screenshots and logs of the browser tests land in tests/artifacts/. Each step prints how long it
# took, and the run ends with a table of them.
#
# Runs share a cargo target directory, the Node tools and the Python venv outside the clone
# (scripts/setup.sh, CACHE), so a second run, on a fresh clone too, rebuilds only what changed.
# The browser test files run E2E_JOBS at a time (default 3), each with its own server, database
# and browser.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_START=$SECONDS
STEP_NAME="" STEP_START=0 TIMES=""
end_step() {
  if [ -n "$STEP_NAME" ]; then
    local took=$((SECONDS - STEP_START))
    printf '\033[2m   %s: %d s\033[0m\n' "$STEP_NAME" "$took"
    TIMES+="$(printf '%6d s  %s' "$took" "$STEP_NAME")"$'\n'
    STEP_NAME=""
  fi
}
step() {
  end_step
  STEP_NAME="$*" STEP_START=$SECONDS
  printf '\n\033[1m== %s\033[0m\n' "$*"
}
summary() {
  local status=$?
  end_step
  # Whatever this run built, it built from this checkout's files (scripts/mtimes.py).
  if declare -F stamp_cargo_cache >/dev/null; then stamp_cargo_cache || true; fi
  printf '\n\033[1m== step times\033[0m\n%s%6d s  in all (exit %d)\n' "$TIMES" "$((SECONDS - RUN_START))" "$status"
}
trap summary EXIT

step "set-up (tools, shared caches)"
source "$ROOT/scripts/setup.sh"
setup_all
cd "$ROOT"

step "the set-up's scripts (scripts/mtimes.py)"
node --test tests/scripts/

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p jobs-core -p jobs-web --target wasm32-unknown-unknown -- -D warnings

step "Rust tests (native)"
cargo test --workspace
cargo test -p jobs-core --test contract_vectors -- --nocapture 2>&1 | grep -E "vectors:" || true

step "jobs-core tests in Node (wasm32)"
wasm-pack test --node core

step "the Node package against the contract"
wasm-pack build core --target nodejs
# wasm-pack leaves the glue's snippets out of the package's files: the package is completed so
# that it works as users install it (tests/node/package.test.mjs packs and installs it).
node tools/package-core.mjs core/pkg
node --test tests/node/

step "builds for the browser tests (the app at / and at /console/, the server)"
trunk build --release --offline
# The same app built for a sub-path, for the static-deployment test.
trunk build --release --offline --public-url /console/ --dist target/dist-console
cargo build --release -p jobs-server

step "the local API and the Node package against the reference app (JSONTestSuite)"
node --test tests/reference/

if [ -x tests/server/run.sh ]; then
  step "the local API with the official Python client and schemathesis"
  bash tests/server/run.sh
fi

step "the web app in headless Chromium against the local API"
# A test that hangs fails after 5 minutes rather than holding CI to its limit.
node --test --test-concurrency="${E2E_JOBS:-3}" --test-timeout=300000 tests/e2e/
