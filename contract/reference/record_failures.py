"""Records the reference's answers to bodies holding values it reads but cannot write back.

    .venv/bin/python contract/reference/record_failures.py > contract/failure-vectors.jsonl

Python's `json` reads NaN, Infinity, -Infinity, 1e400 (as inf) and unpaired surrogates ("\\ud800",
or the bytes ED A0 80, read with surrogatepass); FastAPI fails (500, plain text) when its answer
would echo one. Each such value is put in each field, inside params and metadata, as a key, at the
top level, and in bodies whose missing job_type makes the API echo them whole. Each line is
{"body" | "body_hex", "status", "response"}: "body" is the text, or "body_hex" the bytes when
they are not UTF-8; "response" is the 202's four fields, the 422's body, or the 500's text.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, __file__.rsplit("/", 1)[0])

from fastapi.testclient import TestClient  # noqa: E402

from refapp import app  # noqa: E402

client = TestClient(app, raise_server_exceptions=False)

# Values as they are written in the body, as bytes.
VALUES = [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e400", b'"\\ud800"', b'"x\\udc00"', b'"\xed\xa0\x80"',
          b'"\\ud83d\\ude00"']
FIELDS = ["job_type", "params", "priority", "callback_url", "metadata", "parent_job_id"]
BASE = {"job_type": b'"dummy"', "params": b"{}"}


def body(fields):
    return b"{" + b",".join(b'"' + k.encode() + b'":' + v for k, v in fields.items()) + b"}"


def bodies():
    for value in VALUES:
        for field in FIELDS:
            yield body({**BASE, field: value})
            yield body({**BASE, "job_type": b"3", field: value} if field != "job_type" else {**BASE, field: value})
            if field in ("params", "metadata"):
                yield body({**BASE, field: b'{"a":' + value + b"}"})
                yield body({**BASE, field: b"[" + value + b"]"})
                if value.startswith(b'"'):
                    yield body({**BASE, field: b"{" + value + b":1}"})
            if field == "callback_url" and value.startswith(b'"'):
                yield body({**BASE, field: b'"http://a.com/' + value[1:]})
        yield body({"params": b'{"a":' + value + b"}"})
        yield body({"job_type": value})
        yield value
        yield b"[" + value + b"]"
        yield b"{" + value + b':1,"job_type":"dummy","params":{}}' if value.startswith(b'"') else b"[[" + value + b"]]"


def answer(raw):
    r = client.post("/jobs", content=raw, headers={"content-type": "application/json"})
    if r.status_code == 500:
        return r.status_code, r.text
    response = r.json()
    if r.status_code == 202:
        response = {k: response[k] for k in ("job_type", "priority", "callback_url", "parent_job_id")}
    return r.status_code, response


def main():
    seen = set()
    for raw in bodies():
        if raw in seen:
            continue
        seen.add(raw)
        status, response = answer(raw)
        try:
            line = {"body": raw.decode("utf-8")}
        except UnicodeDecodeError:
            line = {"body_hex": raw.hex()}
        line.update(status=status, response=response)
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
