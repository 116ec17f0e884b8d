#!/usr/bin/env bash
# Runs the official Python client (ionworks-api) and schemathesis against a real jobs-server.
#
#   tests/server/run.sh
#
# Idempotent: creates the venv at $JOBS_VENV (default .venv) if missing, installs the pinned packages if missing,
# builds the server in release, starts it on a free loopback port with a temporary SQLite file
# and an API key, runs pytest then schemathesis, stops the server. Exits non-zero on failure.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${JOBS_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

[ -x "$PY" ] || python3 -m venv "$VENV"
for pin in ionworks-api==0.38.0 schemathesis==4.32.5 pytest==9.2.0 pyyaml==6.0.4; do
  name="${pin%%==*}" version="${pin##*==}"
  if ! "$PY" -c "import importlib.metadata as m, sys; sys.exit(m.version('$name') != '$version')" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet "$pin"
  fi
done

cargo build --release --quiet -p jobs-server --bin jobs-server --manifest-path "$ROOT/Cargo.toml"

WORK="$(mktemp -d)"
PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export JOBS_API_KEY="test-key-$RANDOM$RANDOM"
export JOBS_SERVER_URL="http://127.0.0.1:$PORT"
SERVER_PID=""
stop() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap stop EXIT

# --no-callbacks: schemathesis makes up callback URLs, which must not be called (each callback is
# recorded on its job as refused instead).
RUST_LOG="${RUST_LOG:-warn}" "$TARGET/release/jobs-server" --addr "127.0.0.1:$PORT" --db "$WORK/jobs.db" \
  --workers 4 --no-callbacks >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if "$PY" -c "import urllib.request; urllib.request.urlopen('$JOBS_SERVER_URL/health', timeout=1)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log"; echo "jobs-server did not start" >&2; exit 1; fi
  sleep 0.1
done

# Run from the temporary folder, so the tools' caches (.hypothesis, .schemathesis) go away with it.
cd "$WORK"
status=0
"$PY" -m pytest -q -p no:cacheprovider "$ROOT/tests/server" || status=1

# No 5xx, and every response matches the schema (status codes the contract leaves out, such as
# FastAPI's 400 for an unreadable body, are not checked: the contract's POST /jobs is kept as is).
# The hooks file says which one contract inconsistency is set aside, and why. One worker: Python
# 3.11.7's ast module is not thread-safe ("AST constructor recursion depth mismatch").
SCHEMATHESIS_HOOKS=schemathesis_hooks PYTHONPATH="$ROOT/tests/server" "$VENV/bin/schemathesis" run "$JOBS_SERVER_URL/openapi.json" \
  --checks not_a_server_error,response_schema_conformance,content_type_conformance \
  --header "X-API-Key: $JOBS_API_KEY" --max-examples 60 --workers 1 --phases examples,coverage,fuzzing \
  --no-color || status=1

if [ "$status" -ne 0 ]; then
  echo "--- server log (last 50 lines) ---"; tail -n 50 "$WORK/server.log"
fi
exit "$status"
