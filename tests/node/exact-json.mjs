// A JSON reader for the tests that keeps integers outside ±(2^53 − 1) exact, as BigInt: written
// here independently of the package's own (core/js/results.js), so that each checks the other.

/** Parses standard JSON text; integers that a number cannot hold exactly become BigInt. */
export function parseWithBigInts(text) {
  let at = 0;
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at])) at++;
  };
  const value = () => {
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      const object = {};
      space();
      if (text[at] === "}") return at++, object;
      for (;;) {
        space();
        const key = string();
        space();
        if (text[at++] !== ":") throw new SyntaxError(`expected : at ${at - 1}`);
        Object.defineProperty(object, key, { value: value(), writable: true, enumerable: true, configurable: true });
        space();
        if (text[at] === ",") at++;
        else if (text[at++] === "}") return object;
        else throw new SyntaxError(`expected , or } at ${at - 1}`);
      }
    }
    if (c === "[") {
      at++;
      const array = [];
      space();
      if (text[at] === "]") return at++, array;
      for (;;) {
        array.push(value());
        space();
        if (text[at] === ",") at++;
        else if (text[at++] === "]") return array;
        else throw new SyntaxError(`expected , or ] at ${at - 1}`);
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]]) {
      if (text.startsWith(word, at)) return (at += word.length), v;
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 5000));
    if (!number) throw new SyntaxError(`unexpected ${JSON.stringify(c)} at ${at}`);
    at += number[0].length;
    const integer = number[2] === undefined && number[3] === undefined;
    return integer && !Number.isSafeInteger(Number(number[0])) ? BigInt(number[0]) : Number(number[0]);
  };
  const string = () => {
    const start = at;
    if (text[at++] !== '"') throw new SyntaxError(`expected a string at ${start}`);
    while (text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at));
  };
  const result = value();
  space();
  if (at !== text.length) throw new SyntaxError(`unexpected text at ${at}`);
  return result;
}

/** JSON.stringify that writes BigInt as its digits (for messages and comparisons). */
export function stringifyWithBigInts(value) {
  const marks = [];
  const text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `\u0000${marks.push(String(v)) - 1}` : v));
  return text?.replace(/"\\u0000(\d+)"/g, (_m, n) => marks[Number(n)]);
}
