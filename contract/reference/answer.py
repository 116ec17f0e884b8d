"""Answers request bodies as the reference app does: reads one body per line on standard input,
as hex (bodies are bytes, not always text), and writes one JSON line per body:
{"status", "content_type", "body"} with the response body as text.

    .venv/bin/python contract/reference/answer.py < bodies.hex

Used by tests/reference/jsontestsuite.test.mjs. Needs fastapi==0.165.0, pydantic==2.14.4, httpx.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, __file__.rsplit("/", 1)[0])

from fastapi.testclient import TestClient  # noqa: E402

from refapp import app  # noqa: E402

client = TestClient(app, raise_server_exceptions=False)

for line in sys.stdin:
    raw = bytes.fromhex(line.strip())
    r = client.post("/jobs", content=raw, headers={"content-type": "application/json"})
    print(json.dumps({"status": r.status_code, "content_type": r.headers.get("content-type"), "body": r.text}))
