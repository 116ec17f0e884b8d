"""Differential test: random bodies through the reference API and through the validator.

    .venv/bin/python contract/reference/differential.py [count] [seed]

Builds bodies by mutating the contract's own bodies (and the extra vectors) at random: changing
characters, splicing values of one field into another, repeating keys, wrapping values in
strings. Sends each to the reference (refapp.py) and to the validator (the `answer` example of
jobs-core) and prints every difference. Bodies the reference answers with 500 (it cannot write
NaN, an infinity or an unpaired surrogate back) are compared too: its plain text, and status.
"""
import json
import os
import random
import subprocess
import sys
import warnings

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from fastapi.testclient import TestClient  # noqa: E402

from refapp import app  # noqa: E402

client = TestClient(app, raise_server_exceptions=False)


def seeds():
    out = []
    for name in ("submit-job-vectors.jsonl", "extra-vectors.jsonl"):
        with open(os.path.join(ROOT, "contract", name), encoding="utf-8") as f:
            out += [json.loads(line)["body"] for line in f if line.strip()]
    return [b for b in out if len(b) < 3000]


ALPHABET = ' \t\n{}[]:,"\\0123456789.-+eEaINnulltruefalse_xé\u00a0/'
FRAGMENTS = ['"dummy"', '"5"', "5.0", "1e1", "true", "null", "{}", "[]", '"http://a.com"', "NaN", '" 7 "', '"1_0"',
             '"job_type"', '"params"', '"priority"', '"callback_url"', '"metadata"', '"parent_job_id"', "-0", "1e400",
             '"\\u0041"', '"\\ud800"', "12345678901234567890", '"ftp://x"', '"http://[::1]"', '"HTTP://A.COM:80"']


def mutate(rng, body):
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        pos = rng.randint(0, len(body))
        if op < 0.3 and body:
            body = body[:pos] + body[pos + 1:]
        elif op < 0.55:
            body = body[:pos] + rng.choice(ALPHABET) + body[pos:]
        elif op < 0.85:
            body = body[:pos] + rng.choice(FRAGMENTS) + body[pos:]
        else:
            end = min(len(body), pos + rng.randint(1, 12))
            body = body[:pos] + rng.choice(FRAGMENTS) + body[end:]
    return body


def reference(body):
    r = client.post("/jobs", content=body.encode("utf-8", "surrogatepass"), headers={"content-type": "application/json"})
    if r.status_code == 500:
        return {"status": 500, "response": r.text}
    if r.status_code not in (202, 400, 422):
        return None
    response = r.json()
    if r.status_code == 202:
        response = {k: response[k] for k in ("job_type", "priority", "callback_url", "parent_job_id")}
    return {"status": r.status_code, "response": response}


def same(ours, ref):
    if ours["status"] != ref["status"]:
        return False
    if ref["status"] != 422:
        return ours["response"] == ref["response"]
    a, b = ours["response"]["detail"], ref["response"]["detail"]
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if y["type"] == "json_invalid":
            if (x["type"], x["msg"], x["loc"][0]) != (y["type"], y["msg"], y["loc"][0]):
                return False
        elif x != y:
            return False
    return True


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    pool = seeds()
    bodies = []
    for _ in range(count):
        try:
            body = mutate(rng, rng.choice(pool))
            body.encode("utf-8")
        except UnicodeEncodeError:
            continue
        bodies.append(body)
    answers = {}
    refs = [(b, reference(b)) for b in bodies]
    refs = [(b, r) for b, r in refs if r is not None]
    proc = subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "jobs-core", "--example", "answer"],
        input="".join(json.dumps(b) + "\n" for b, _ in refs), capture_output=True, text=True, cwd=ROOT, check=True,
    )
    ours = [json.loads(line) for line in proc.stdout.splitlines()]
    differences = 0
    for (body, ref), mine in zip(refs, ours):
        if not same(mine, ref):
            differences += 1
            if differences <= 20:
                print("BODY", json.dumps(body)[:300])
                print("  reference", json.dumps(ref)[:400])
                print("  validator", json.dumps(mine)[:400])
    print(f"{len(refs)} bodies compared, {differences} differences")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
