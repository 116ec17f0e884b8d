#!/usr/bin/env bash
# Builds the web app and starts the local jobs API serving it: the whole product at one address.
#
#   bash scripts/run-app.sh                  # http://127.0.0.1:8080, jobs kept in ./jobs.db
#   ADDR=127.0.0.1:9000 DB=/tmp/j.db bash scripts/run-app.sh
#
# Installs what is missing first (scripts/setup.sh). The work the local API does is simulated.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
setup_cargo_cache
setup_rust
setup_node

cd "$ROOT"
say "building the web app (trunk build --release)"
trunk build --release --offline
say "building the local API"
cargo build --release -p jobs-server
stamp_cargo_cache
ADDR="${ADDR:-127.0.0.1:8080}"
DB="${DB:-$ROOT/jobs.db}"
say "serving http://$ADDR (Ctrl+C stops it)"
exec "$CARGO_TARGET_DIR/release/jobs-server" --addr "$ADDR" --db "$DB" --dist "$ROOT/dist" "$@"
