// International host names in the web build (upstream idna with ICU4X's tables, which the web app
// loads as a chunk when a host name first needs them: web/src/chunks.rs) get the answers of the
// native core (the same code and data, which pydantic uses): the
// callback URL field's live message is compared, URL by URL, with what the native validator
// (`cargo run -p jobs-core --example answer`) says of the same body. Invalid Punycode (`xn--a`),
// joiners, combining marks, bidi names, full-width dots, case and normalization, and a seeded
// random mix of such pieces. IDNA_RANDOM_HOSTS=N sets how many random ones (default 300);
// E2E_DIST=path serves another build than dist/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { ROOT, appReady, newPage, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 1, dist: process.env.E2E_DIST });

const HOSTS = [
  // Punycode: invalid, empty, ASCII-only, case, and valid labels next to invalid ones.
  "xn--a.com", "xn--.com", "XN--A.com", "xn--abc-.com", "xn--abc.com", "xn---.com", "xn--ab.com", "xn--zz.com", "xn--0.com",
  "xn--99999999.com", "xn--a-ecp.com", "xn--mnchen-3ya.de", "XN--MNCHEN-3YA.DE", "xn--MNCHEN-3ya.de", "xn--mnchen-3ya.xn--a.de",
  "xn--9ca.xn--", "xn--xn---epa.com", "xn--xn--a-fsa.com", "xn--.x-9ia.com", "xn--A-bga.com", "xn--a_-cja.com", "xn--a-bga22n.com",
  "xn--nxasmq6b.com", "xn--ls8h.la", "xn--n3h.com", "XN--N3H.COM", "xn--9ca9ca.com", "xn--e-ufa.com", "xn--E-ufa.com", "xn--ss-.com",
  "xn--kgbechtv.xn--hgbk6aj7f53bba", "xn--n3b.com", "xn--1ug.com", "xn--ab-m1t.com", "xn--4ga.com", "xn--a-4ga.com",
  // Case, normalization, mapping, full-width dots.
  "münchen.de", "MÜNCHEN.de", "München.DE", "mu\u0308nchen.de", "faß.de", "FASS.de", "ＭÜＮＣＨＥＮ.de", "例え.テスト", "ß.com", "ς.com",
  "a\u3002b.com", "a\uFF0Eb.com", "a\uFF61b.com", "ＡＢＣ.com", "ｘｎ－－ａ.com", "ｘｎ--9ca.com", "xn--é.com", "xn--9ca\u0301.com", "é\u00AD.com",
  "１２７.０.０.１", "０x7f.1", "é.1", "xn--9ca.123",
  // Joiners.
  "a\u200Db.com", "a\u200Cb.com", "\u200Db.com", "\u0915\u094D\u200Db.com", "\u0915\u094D\u200Cb.com", "\u0628\u200C\u0628.com", "\u0628\u200Ca.com",
  // Combining marks at a label's start, and viramas.
  "\u0301a.com", "a\u0301.com", "\u0915\u094D.com", "\u094D.com", "a.\u0301.com",
  // Bidi names.
  "\u05D0\u05D1.com", "\u05D0a.com", "a\u05D0.com", "1\u05D0.com", "\u05D0.1com", "\u05D01.com", "\u0627\u0661\u0031.com", "\u0627\u0031.com",
  "xn--4db.com", "xn--4db.1com", "\u05D0.xn--4db.com", "\u0644\u0627.com", "\u06F1\u0661.com", "\u05D0.-a.com",
  // Hyphens, empty labels, trailing dots, lengths, odd characters.
  "a-.é.com", "-a.é.com", "ab--c.é.com", "é..com", "é.com.", "xn--9ca.com.", "xn--9ca..com", "a_b.é.com", "é_.com", "xn--_-9ga.com",
  "\uFFFD.com", "\u2028.com", "\u{1F600}.com", "☃.com", "a".repeat(64) + ".é.com", "é".repeat(64) + ".com",
  "%C3%A9.com", "%E2%80%8D.com", "xn--%61.com", "xn--9ca%2Ecom", "é%2Ecom",
];

/** A seeded PRNG (mulberry32), so that a failure names a host that can be tried again. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hosts made of pieces that exercise UTS #46: scripts, marks, joiners, digits, Punycode. */
function randomHosts(count, seed = 10) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const pieces = [
    "a", "z", "1", "-", "_", "é", "E", "ß", "ς", "ü", "u\u0308", "\u0301", "\u05D0", "\u05D1", "\u0627", "\u0628", "\u0661", "\u06F1",
    "\u0915", "\u094D", "\u200C", "\u200D", "\u00AD", "Ａ", "１", "\u3002", "\uFF0E", "\u{1F600}", "\u2665", "例", "xn--", "xn--9ca", "XN--",
  ];
  const punycodeDigits = "abcdefghijklmnopqrstuvwxyz0123456789-";
  const label = () => {
    if (random() < 0.25) return "xn--" + Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(punycodeDigits)).join("");
    return Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(pieces)).join("");
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, label).join(".") + pick([".com", ".de", ""]));
}

/** The native core's message for each callback URL ("" when it accepts it). */
function nativeMessages(urls) {
  const input = urls.map((url) => JSON.stringify(JSON.stringify({ job_type: "dummy", params: {}, callback_url: url }))).join("\n") + "\n";
  const output = execFileSync(process.env.CARGO ?? "cargo", ["run", "-q", "-p", "jobs-core", "--example", "answer"], {
    cwd: ROOT,
    input,
    maxBuffer: 64 << 20,
  });
  return String(output)
    .trim()
    .split("\n")
    .map((line) => {
      const answer = JSON.parse(line);
      return answer.status === 202 ? "" : answer.response.detail.map((d) => d.msg).join(" ");
    });
}

/** The form's live message for each callback URL, typed one after the other. */
async function browserMessages(urls) {
  const page = await newPage(e2e.browser);
  await page.goto(e2e.server.url + "/jobs/new");
  await appReady(page);
  const field = page.getByLabel("Callback URL", { exact: true });
  await field.fill("x");
  await field.blur(); // touched: its message shows from now on
  // The first international name asks for the IDNA tables; the field says it is checking until
  // they are here.
  await field.fill("http://例え.テスト/");
  await page.waitForFunction(() => !document.getElementById("callback-url-hint").textContent.includes("Checking"));
  const { messages, whileChecking } = await page.evaluate(async (urls) => {
    const input = document.getElementById("callback-url");
    const error = document.getElementById("callback-url-error");
    const hint = document.getElementById("callback-url-hint");
    const out = [];
    const checking = [];
    for (const url of urls) {
      input.value = url;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (hint.textContent.includes("Checking")) checking.push(url);
      out.push(error.textContent);
    }
    return { messages: out, whileChecking: checking };
  }, urls);
  assert.deepEqual(whileChecking, [], "the tables, once here, answer at once");
  assert.deepEqual(page.errors, []);
  return messages;
}

test("international host names in the browser build get the native core's answers", async () => {
  const random = randomHosts(Number(process.env.IDNA_RANDOM_HOSTS ?? 300));
  const urls = [...HOSTS, ...random].map((host) => `http://${host}/`);
  // Interleaved with a URL of known answer, so that a message left over from the previous URL
  // cannot pass for the next one's.
  const probe = "ftp://example.com/";
  const typed = urls.flatMap((url) => [url, probe]);
  const [native, shown] = [nativeMessages(typed), await browserMessages(typed)];
  const differences = typed
    .map((url, i) => [url, native[i], shown[i]])
    .filter(([, want, got]) => want !== got)
    .map(([url, want, got]) => `${JSON.stringify(url)}: native ${JSON.stringify(want)}, browser ${JSON.stringify(got)}`);
  const invalid = native.filter((m, i) => i % 2 === 0 && m).length;
  console.log(`${urls.length} callback URLs (${invalid} invalid), ${differences.length} differences`);
  assert.ok(invalid > 40 && invalid < urls.length - 40, "the URLs mix valid and invalid names");
  assert.deepEqual(differences, []);
});
