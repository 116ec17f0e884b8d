#!/usr/bin/env bash
# Runs every test of the project, installing what is missing first (scripts/setup.sh):
#   formatting and lints (native and wasm32), the core's tests natively and in Node (wasm), the
#   Node package against the contract, the server's tests (with the official Python client and
#   schemathesis), and the end-to-end tests in headless Chromium against the real server.
# Screenshots and logs of the browser tests land in tests/artifacts/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
setup_all
cd "$ROOT"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

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
node --test tests/node/

if [ -x tests/server/run.sh ]; then
  step "the local API with the official Python client and schemathesis"
  bash tests/server/run.sh
fi

step "the web app in headless Chromium against the local API"
trunk build --release --offline
# The same app built for a sub-path, for the static-deployment test.
trunk build --release --offline --public-url /console/ --dist target/dist-console
cargo build --release -p jobs-server
node --test --test-concurrency=1 tests/e2e/
