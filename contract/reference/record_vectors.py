"""Records the reference's answers to many more bodies than the contract holds.

    python -m venv .venv && .venv/bin/pip install fastapi==0.165.0 pydantic==2.14.4 httpx
    .venv/bin/python contract/reference/record_vectors.py > contract/extra-vectors.jsonl

The bodies probe each rule from many sides (types, coercions, bounds, URL forms, JSON syntax,
repeated keys, escapes) and combine them at random with a fixed seed. Answers the reference
cannot give (500: it fails to encode NaN or a lone surrogate in its own error body) are left out.
Each line is {"body", "status", "response"} like the contract's vectors; for 202 the response
holds the four normalized fields the contract compares.
"""
import json
import random
import sys
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, __file__.rsplit("/", 1)[0])

from fastapi.testclient import TestClient  # noqa: E402

from refapp import app  # noqa: E402

client = TestClient(app, raise_server_exceptions=False)

JOB_TYPES = ["dummy", "datafit", "validation", "simulate", "evaluate_variables", "optimize", "ecm_fit", "simple_pipeline"]

# Values written as JSON text, so that their exact spelling is what is sent.
JOB_TYPE_VALUES = ['"dummy"', '"simulate"', '"Simulate"', '"ecm_fit "', '"ecm\\u005ffit"', '""', '"datafit\\n"',
                   "3", "2.5", "false", "null", "[]", '{"a":1}', '["optimize"]', '"\\u00e9"', "NaN"]
PRIORITY_VALUES = [
    "0", "10", "3", "-0", "11", "-1", "255", "-255", "1e1", "1E1", "1.0e1", "10.0", "10.000", "0.5", "9.999999",
    "1e-1", "1e20", "-1e20", "1e19", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "18446744073709551616", "1" + "0" * 60, "-" + "9" * 80, "4.0", "1.5e1", "2e0", "-0.0", "3.00000000000000001",
    '"0"', '"10"', '"10.0"', '"10.00"', '"010"', '"0010.0"', '"+10"', '"+-1"', '"-+1"', '"--1"', '"- 1"', '" 7 "',
    '"\\t8\\n"', '"\\u00a09"', '"\\u20037"', '"1_0"', '"1__0"', '"_1"', '"1_"', '"0_5"', '"00_5"', '"0_0"',
    '"5_.0"', '"1_0.0"', '"1.0_0"', '"1e1"', '"1E0"', '"0x1"', '"0b1"', '"0o7"', '"1.5"', '"1."', '".0"', '"."',
    '"-0"', '"-00"', '"-0.0"', '"-1.0"', '"-1.00"', '"-11"', '"99999999999999999999"', '"-99999999999999999999"',
    '"1_000_000_000_000_000_000_000"', '"' + "1" * 4300 + '"', '"' + "1" * 4301 + '"', '" ' + "1" * 4300 + '"',
    '"\\u0665"', '"\\uff11"', '"five"', '"true"', '"None"', '"NaN"', '"inf"', '""', '" "',
    "true", "false", "null", "[]", "[1]", "{}", '{"p":1}', "NaN", "Infinity", "-Infinity", "1e400",
]
URL_VALUES = [
    "http://example.com", "https://example.com/", "HTTPS://EXAMPLE.COM/A?B#C", "http://example.com:8080",
    "https://example.com:443", "http://example.com:443", "https://example.com:80", "http://example.com:0080/x",
    "http://a.b.c.d.e/f/g/h", "http://a/b/../../c", "http://a/b/%2e%2E/c", "http://a/%7Euser", "http://a/?q=a b",
    "http://a/#f g", "http://a/p?x=%", "http://1.2.3.4", "http://0x7f000001/", "http://2130706433/", "http://017700000001/",
    "http://127.1/", "http://1.2.3.4.5/", "http://[::1]", "http://[::ffff:1.2.3.4]/", "http://[2001:db8::1]:8080/p",
    "http://[::1", "http://[zz::1]/", "http://a:b@c/", "http://@c/", "http://a@b@c/", "http://a:@c/", "http://:b@c/",
    "http://example.com:65535", "http://example.com:65536", "http://example.com:-1", "http://example.com:abc",
    "http://exa mple.com", "http://example.com/a\tb", "http://ex\tample.com", "http://example.com\n/x",
    "http://EXAMPLE.com./", "http://example..com/", "http://xn--nxasmq6b.com/", "http://xn--zz/", "http://\u00e9.fr/",
    "http://\u00c9T\u00c9.FR/", "https://\u4f8b\u3048.jp/\u30d1", "http://ex\u00ADample.com/", "http://fa\u00df.de/",
    "http://\u0661\u0662.com/", "http://a.com/\ud83d\ude00", "http://%41.com/", "http://a%2Fb.com/", "http://a<b.com/",
    "http://a^b.com/", "http://a|b.com/", "http://a%b.com/", "http://a%zz.com/", "http://a.com/%", "http://a.com/%2",
    "http://a.com/\\\\b", "http:/\\a.com", "http:\\\\a.com", "https:example.com", "https:/example.com",
    "https:////example.com", "http://", "https://", "http://?", "http://#", "http:///", "http://:80",
    "http", "http:", "http:/", "example.com", "www.example.com/path", "localhost:8080", "/x", "//x", "?x", "#x",
    "ftp://a.com", "FTP://a.com", "file:///x", "ws://a", "wss://a", "javascript:void(0)", "mailto:a@b.c",
    "data:,", "urn:isbn:123", "httpx://a.com", "h ttp://a.com", "1http://a.com", "+http://a.com", " http://a.com",
    "http://a.com ", "\u00a0http://a.com", "http://a.com\u00a0", "\u3000http://a.com", "\x00http://a.com",
    "http://a.com/\x00", "http://a.com/\x7f", "", " ", "\t", "http://a.com/" + "y" * 2070, "http://a.com/" + "y" * 2071,
    "  http://a.com/" + "y" * 2068, "http://a.com/" + "\u00e9" * 1035, "http://a.com/" + "\u00e9" * 1036,
    "http://" + "a" * 63 + ".com", "http://" + "a" * 64 + ".com", "http://" + ("a" * 60 + ".") * 5 + "com",
    "http://localhost", "http://localhost./", "http://127.0.0.1:99999/", "http://[::1]:99999/", "http://0/", "http://0.0.0.0/",
]
DICT_VALUES = ["{}", '{"a":1}', '{"a":{"b":[1,2,{"c":null}]}}', '{"n":NaN}', '{"big":123456789012345678901234567890}',
               '{"f":1e400}', '{"d":1,"d":2}', "[]", '[{"a":1}]', '"x"', '""', "0", "1.5", "true", "null", "NaN",
               '{"\\u0000":"\\ud83d\\ude00"}', '{"a":"\\ud800"}']
STRING_VALUES = ['"abc"', '""', '" "', '"\\u0000"', '"\\ud83d\\ude00"', '"' + "z" * 5000 + '"', "null", "0", "1.5",
                 "false", "[]", "{}", '["a"]', "NaN", "-Infinity", '"a\\"b"']

SYNTAX_BODIES = [
    "{", "}", "[", "]", "{]", "[}", '{"a"}', '{"a":}', '{"a" 1}', '{"a":1 "b":2}', '{"a":1,,"b":2}', '{,"a":1}',
    '[1,,2]', "[1 2]", "[,1]", '{"a":1}}', '{"a":1}]', "{} {}", "{}x", "{}\n\n", "\n\t {} \r\n", "nul", "tru", "fals",
    "NAN", "nan", "inf", "-inf", "Infinity1", "-", "--1", "+1", "01", "1.", ".1", "1e", "1e+", "1.e1", "-01", "0x10",
    '"\\x"', '"\\u12g4"', '"\\u"', '"\\', '"abc', '"a\\"', '"\t"', '"\n"', '"\x01"', '"\x1f"', '"\x7f"', "\x00",
    "{'a':1}", '{"a":1,}', "[1,]", '{"a":[1,{"b":2]}', "\ufeff{}", "\ufeff\ufeff{}", "\u00a0{}", "/*c*/{}", "{}//",
    '{"job_type":"dummy","params":{}}\x00', '{"job_type":"dummy","params":{}} 1', '{"job_type":"dummy","params":{},}',
    '{"job_type":"dummy"\n,"params":{}\n,"priority":\n}', "[" * 963 + "]" * 963, "[" * 964 + "]" * 964, "[" * 5000,
    '{"job_type":"dummy","params":{"x":' + "9" * 4300 + "}}", '{"job_type":"dummy","params":{"x":-' + "9" * 4301 + "}}",
    '{"job_type":"dummy","params":{"x":' + "9" * 4301 + ".5}}",
]
NON_OBJECT_BODIES = ["null", "true", "false", "0", "-1.5e3", "1e400", '""', '"{}"', "[]", '[{"job_type":"dummy"}]',
                     "[1,[2,[3]]]", "12345678901234567890", '"\\u00e9"', "NaN"]


def answer(body):
    r = client.post("/jobs", content=body.encode("utf-8", "surrogatepass"), headers={"content-type": "application/json"})
    if r.status_code == 202:
        return 202, r.json()
    if r.status_code in (400, 422):
        return r.status_code, r.json()
    return r.status_code, None


def field_bodies():
    base = {"job_type": '"dummy"', "params": "{}"}

    def body(**fields):
        members = {**base, **fields}
        return "{" + ",".join(f'"{k}":{v}' for k, v in members.items() if v is not None) + "}"

    out = []
    out += [body(job_type=v) for v in JOB_TYPE_VALUES]
    out += [body(priority=v) for v in PRIORITY_VALUES]
    out += [body(callback_url=json.dumps(u)) for u in URL_VALUES]
    out += [body(callback_url=v) for v in ["null", "0", "true", "[]", "{}", '["http://a.com"]', "NaN"]]
    out += [body(params=v) for v in DICT_VALUES]
    out += [body(metadata=v) for v in DICT_VALUES]
    out += [body(parent_job_id=v) for v in STRING_VALUES]
    out += [body(job_type=None), body(params=None), body(job_type=None, params=None, priority="99")]
    return out


def structural_bodies():
    return [
        '{"params":{},"job_type":"dummy","job_type":"simulate"}',
        '{"job_type":"dummy","params":[],"params":{"a":1}}',
        '{"job_type":"dummy","params":{"a":1},"params":[]}',
        '{"job_type":"dummy","params":{},"extra":{"deep":[1,2,3]},"priority":2}',
        '{"Job_Type":"dummy","params":{}}',
        '{"job_type ":"dummy","params":{}}',
        '{"\\u006aob_type":"dummy","\\u0070arams":{}}',
        '{"params":{"a":[1.50,-0,1E2,1e16,1e-5,0.1,123456789012345678901]},"priority":"x"}',
        '{"params":{"s":"\\u00e9\\n\\t\\"q\\""},"callback_url":"ftp://a"}',
        '{"params":{},"metadata":{"m":[true,false,null]},"parent_job_id":7}',
        '  {  "job_type"  :  "optimize"  ,  "params"  :  {  }  ,  "priority"  :  "  3  "  }  ',
        '{"job_type":"dummy","params":{},"priority":10,"callback_url":"https://hooks.example.org/jobs?id=1&t=%2F","metadata":null,"parent_job_id":null}',
        '{"job_type":"x","params":"y","priority":"z","callback_url":"w","metadata":"v","parent_job_id":1}',
        '{"job_type":null,"params":null,"priority":null,"callback_url":null,"metadata":null,"parent_job_id":null}',
        '{"job_type":[],"params":[],"priority":[],"callback_url":[],"metadata":[],"parent_job_id":[]}',
    ]


def random_bodies(rng, n):
    pools = {
        "job_type": JOB_TYPE_VALUES + ['"%s"' % t for t in JOB_TYPES],
        "params": DICT_VALUES + ["{}"] * 10,
        "priority": PRIORITY_VALUES,
        "callback_url": [json.dumps(u) for u in URL_VALUES[:60]] + ["null"],
        "metadata": DICT_VALUES,
        "parent_job_id": STRING_VALUES,
    }
    out = []
    for _ in range(n):
        members = []
        for key, pool in pools.items():
            if rng.random() < 0.75:
                members.append(f'"{key}":{rng.choice(pool)}')
        if rng.random() < 0.2:
            members.append('"unknown":' + rng.choice(DICT_VALUES))
        rng.shuffle(members)
        if rng.random() < 0.1 and members:
            members.append(rng.choice(members))
        out.append("{" + ",".join(members) + "}")
    return out


def main():
    rng = random.Random(20261129)
    bodies = field_bodies() + structural_bodies() + SYNTAX_BODIES + NON_OBJECT_BODIES + random_bodies(rng, 400)
    seen = set()
    for body in bodies:
        if body in seen:
            continue
        seen.add(body)
        status, response = answer(body)
        if response is None:
            continue
        if status == 202:
            response = {k: response[k] for k in ("job_type", "priority", "callback_url", "parent_job_id")}
        print(json.dumps({"body": body, "status": status, "response": response}, ensure_ascii=False))


if __name__ == "__main__":
    main()
