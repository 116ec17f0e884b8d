"""Records the reference's answers to callback URLs made from two public suites: every `input` of
the WHATWG URL tests (`urltestdata.json`, in the `url` crate's tests) and `http://<source>/` for
every line of Unicode's IDNA conformance file (`IdnaTestV2.txt`, in the `idna` crate's tests),
both as Cargo's registry holds them. Writes ../url-suite-vectors.jsonl, one vector per line in
the shape of ../submit-job-vectors.jsonl: the body, the status, and the 422 body or the 202's
normalized fields.

    python contract/reference/record_url_suites.py [registry_src_dir]

Needs what refapp.py needs (fastapi==0.165.0, pydantic==2.14.4 with pydantic-core 2.50.5, httpx):
each body is sent to the reference app through FastAPI's test client. URLs holding unpaired
surrogates are left out: a UTF-8 body cannot carry them.
"""
import glob
import json
import os
import sys

import warnings

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fastapi.testclient import TestClient  # noqa: E402

from refapp import app  # noqa: E402

client = TestClient(app, raise_server_exceptions=False)

registry = sys.argv[1] if len(sys.argv) > 1 else glob.glob(os.path.expanduser("~/.cargo/registry/src/*/"))[0]
URL_TESTS = os.path.join(registry, "url-2.5.8/tests/urltestdata.json")
IDNA_TESTS = os.path.join(registry, "idna-1.1.0/tests/IdnaTestV2.txt")


def inputs():
    for entry in json.load(open(URL_TESTS, encoding="utf-8")):
        if isinstance(entry, dict) and isinstance(entry.get("input"), str):
            yield entry["input"]
    for line in open(IDNA_TESTS, encoding="utf-8"):
        source = line.split("#")[0].split(";")[0].strip()
        if source:
            # The file writes some code points as \uXXXX or \x{XXXX}.
            source = source.encode("ascii", "backslashreplace").decode("unicode_escape") if "\\u" in source else source
            yield f"http://{source}/"


def answer(body):
    response = client.post("/jobs", content=body.encode("utf-8"), headers={"content-type": "application/json"})
    return response.status_code, response.json()


seen = set()
count = 0
with open(os.path.join(HERE, "..", "url-suite-vectors.jsonl"), "w", encoding="utf-8") as out:
    for url in inputs():
        if url in seen or any(0xD800 <= ord(c) <= 0xDFFF for c in url):
            continue
        seen.add(url)
        body = json.dumps({"job_type": "dummy", "params": {}, "callback_url": url}, ensure_ascii=False)
        status, response = answer(body)
        out.write(json.dumps({"body": body, "status": status, "response": response}, ensure_ascii=False) + "\n")
        count += 1
print(f"{count} vectors")
