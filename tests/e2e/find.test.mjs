// Find in the params editor (Ctrl+F, and its button), go to a line (Ctrl+G), and Go to error:
// each searches or moves in the whole document, not only the window of a large one that the text
// area holds, scrolls the text area to what it finds, and leaves the focus where the user can go on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appReady, checkA11y, eventually, newPage, screenshot, useServerAndBrowser } from "./harness.mjs";

const e2e = useServerAndBrowser({ workers: 1 });

/** The form with `text` loaded into Params as a file. */
async function formWith(text) {
  const page = await newPage(e2e.browser);
  await page.goto(`${e2e.server.url}/jobs/new`);
  await appReady(page);
  await page.locator("#params-file").setInputFiles({ name: "params.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await page.locator(".json-editor .hint").filter({ hasText: /^Loaded / }).waitFor();
  return page;
}

/** A document of `n` rows, one a line after a first line `{"data": [`. */
const rows = (n) => `{"data": [\n${Array.from({ length: n }, (_, i) => `  {"step": ${i}, "name": "Row ${i}", "Cell": "cell ${i}"}`).join(",\n")}\n]}\n`;

/** What the text area has selected, its cursor's line in the document (from the window bar), and
 * whether the cursor's line is inside the text area's visible part. */
async function selection(page) {
  return page.evaluate(() => {
    const area = document.getElementById("params");
    const v = area.value;
    const style = getComputedStyle(area);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    const lines = v.split("\n").length;
    const pitch = area.scrollHeight > area.clientHeight ? (area.scrollHeight - padding) / lines : parseFloat(style.lineHeight) || 20;
    const line = v.slice(0, area.selectionStart).split("\n").length - 1;
    const top = parseFloat(style.paddingTop) + line * pitch;
    const bar = document.querySelector(".window-bar")?.textContent ?? "";
    const first = Number(bar.match(/showing lines (\d+)/)?.[1] ?? 1);
    return {
      text: v.slice(area.selectionStart, area.selectionEnd),
      line: first + line,
      visible: top >= area.scrollTop && top + pitch <= area.scrollTop + area.clientHeight,
      focused: document.activeElement?.id ?? null,
    };
  });
}

const status = (page) => page.locator(".find-count").innerText();

/** Waits until the element of id `id` has the focus: a bar takes it in the frame after it is
 * drawn, and a bar whose chunk arrives later is drawn later. */
async function focusOn(page, id, what) {
  try {
    await page.waitForFunction((id) => document.activeElement?.id === id, id, { timeout: 5_000 });
  } catch {
    assert.equal(await page.evaluate(() => document.activeElement?.id), id, what);
  }
}

test("Ctrl+F before the find bar's code has arrived opens the bar when it does, with the focus in its field; the code is asked for as the editor takes the focus", async () => {
  const page = await newPage(e2e.browser);
  let release;
  const held = new Promise((r) => (release = r));
  const asked = [];
  await page.route(/\/split_editor_tools-[0-9a-f]{16}\.wasm$/, async (route) => {
    asked.push(route.request().url());
    await held;
    await route.continue();
  });
  await page.goto(`${e2e.server.url}/jobs/new`);
  await appReady(page);
  const editor = page.getByLabel("Params", { exact: true });
  const before = await editor.inputValue();
  await editor.focus();
  // The idle prefetch would ask for it too, but later, and after six other chunks.
  await eventually(() => asked.length > 0, "the editor's tools asked for as the editor takes the focus", 1_000);
  await page.keyboard.press("Control+f");
  await page.locator(".json-editor .chunk-loading").first().waitFor();
  release();
  await page.getByRole("searchbox", { name: "Find" }).waitFor();
  await focusOn(page, "params-find", "the bar that arrived late takes the focus");
  await page.keyboard.type("Row");
  assert.equal(await page.getByRole("searchbox", { name: "Find" }).inputValue(), "Row");
  assert.equal(await editor.inputValue(), before, "nothing typed went into the document");
  assert.deepEqual(page.errors, []);
});

test("Ctrl+F finds in the document: a count, Enter and Shift+Enter to move, Match case, Escape back to the text", async () => {
  const page = await formWith(rows(40));
  const editor = page.getByLabel("Params", { exact: true });
  await editor.focus();
  await page.keyboard.press("Control+f");
  const find = page.getByRole("searchbox", { name: "Find" });
  await find.waitFor();
  await focusOn(page, "params-find", "the focus goes to the find field");

  await page.keyboard.type("cell 1");
  // "Cell" (a key on every line) and "cell 1", "cell 10".."cell 19": case ignored, 40 + 11.
  await eventuallyEqual(() => status(page), "1 of 11, line 3");
  let s = await selection(page);
  assert.equal(s.text, "cell 1");
  assert.equal(s.line, 3);
  assert.equal(s.focused, "params-find", "typing goes on in the find field");

  await page.keyboard.press("Enter");
  await eventuallyEqual(() => status(page), "2 of 11, line 12");
  s = await selection(page);
  assert.deepEqual([s.text, s.line], ["cell 1", 12], "the match in \"cell 10\"");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.press("Shift+Enter");
  await eventuallyEqual(() => status(page), "11 of 11, line 21", "Shift+Enter from the first match wraps to the last");
  await page.getByRole("button", { name: "Next match" }).click();
  await eventuallyEqual(() => status(page), "1 of 11, line 3", "and Next from the last to the first");
  await screenshot(page, "find-in-params");

  await find.fill("Cell");
  await eventually(async () => /^\d+ of 80, line \d+$/.test(await status(page)), "'Cell' ignoring case: 40 keys and 40 values");
  await page.getByLabel("Match case").check();
  await eventually(async () => /^\d+ of 40, line \d+$/.test(await status(page)), "'Cell' with its case: the 40 keys");
  assert.equal((await selection(page)).text, "Cell");
  await find.fill("no such text");
  await eventuallyEqual(() => status(page), "No matches");

  await find.fill("Row 7\"");
  await eventuallyEqual(() => status(page), "1 of 1, line 9");
  await page.keyboard.press("Escape");
  await page.getByRole("searchbox", { name: "Find" }).waitFor({ state: "detached" });
  s = await selection(page);
  assert.equal(s.focused, "params", "Escape gives the focus back to the text, at the match");
  assert.equal(s.text, 'Row 7"');
  // Typing replaces the match, as in any editor.
  await page.keyboard.type("Row seven\"");
  assert.match(await editor.inputValue(), /"name": "Row seven", "Cell": "cell 7"/);
  assert.deepEqual(page.errors, []);
});

test("the Find button opens the same bar, and ✕ closes it", async () => {
  const page = await formWith(rows(5));
  await page.locator(".editor-bar").first().getByRole("button", { name: "Find", exact: true }).click();
  await page.getByRole("searchbox", { name: "Find" }).waitFor();
  await focusOn(page, "params-find", "the focus goes to the find field");
  await page.getByRole("button", { name: "Close find" }).click();
  await page.getByRole("searchbox", { name: "Find" }).waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement.id), "params");
});

test("in a large document, find moves the window to a match far away and scrolls to it", async () => {
  const page = await formWith(rows(6000));
  await page.locator(".window-bar").filter({ hasText: "showing lines 1–" }).waitFor();
  await page.getByLabel("Params", { exact: true }).focus();
  await page.keyboard.press("Control+f");
  await page.getByRole("searchbox", { name: "Find" }).fill('"Row 4500"');
  await eventuallyEqual(() => status(page), "1 of 1, line 4,502");
  assert.match(await page.locator(".window-bar").innerText(), /showing lines (\d+)–(\d+) of 6003/);
  const [, from, to] = (await page.locator(".window-bar").innerText()).match(/showing lines (\d+)–(\d+)/).map(Number);
  assert.ok(from <= 4502 && 4502 <= to, `the window ${from}–${to} holds line 4502`);
  const s = await selection(page);
  assert.deepEqual([s.text, s.line, s.visible], ['"Row 4500"', 4502, true]);
  // The text area draws no selection while the find field has the focus: a box marks the match,
  // over the match's text.
  const mark = await page.locator(".find-mark").boundingBox();
  const area = await page.getByLabel("Params", { exact: true }).boundingBox();
  assert.ok(mark && mark.y >= area.y && mark.y + mark.height <= area.y + area.height, "the mark is inside the text area");
  await screenshot(page, "find-in-a-large-document");

  // Back to a match in the first window: the window moves back.
  await page.getByRole("searchbox", { name: "Find" }).fill('"Row 12"');
  await eventuallyEqual(() => status(page), "1 of 1, line 14");
  assert.match(await page.locator(".window-bar").innerText(), /showing lines 1–/);
  assert.equal((await selection(page)).visible, true);
  assert.deepEqual(page.errors, []);
});

test("Ctrl+G goes to a line, and says what to type when the line is not one", async () => {
  const page = await formWith(rows(6000));
  await page.getByLabel("Params", { exact: true }).focus();
  await page.keyboard.press("Control+g");
  const line = page.getByRole("textbox", { name: "Go to line" });
  await line.waitFor();
  await focusOn(page, "params-line", "the focus goes to the line field");

  await page.keyboard.type("abc");
  await page.keyboard.press("Enter");
  const error = page.locator("#params-line-error");
  await error.filter({ hasText: "“abc” is not a line number: type a number from 1 to 6003." }).waitFor();
  assert.equal(await line.getAttribute("aria-invalid"), "true");
  await screenshot(page, "go-to-line-error");
  await line.fill("7000");
  await page.getByRole("button", { name: "Go", exact: true }).click();
  await error.filter({ hasText: "There is no line 7000: type a number from 1 to 6003." }).waitFor();

  await line.fill("5000");
  await page.keyboard.press("Enter");
  await line.waitFor({ state: "detached" });
  const s = await selection(page);
  assert.deepEqual([s.line, s.visible, s.focused], [5000, true, "params"]);
  assert.match(await page.getByLabel("Params", { exact: true }).evaluate((a) => a.value.slice(a.selectionStart, a.value.indexOf("\n", a.selectionStart))), /"step": 4998,/);
  assert.deepEqual(page.errors, []);
});

test("Go to error moves to a syntax error far down the document and scrolls it into view", async () => {
  // 1,200 lines (about 70 KB: a window of it is shown), with a trailing comma on line 900.
  const lines = rows(1200).split("\n");
  lines[899] = lines[899].replace(/"Cell": "cell (\d+)"}/, '"Cell": "cell $1",}');
  const page = await formWith(lines.join("\n"));
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.getByRole("button", { name: "Go to error" }).click();
  const s = await selection(page);
  assert.equal(s.focused, "params");
  assert.equal(s.line, 900);
  assert.equal(s.visible, true, "the text area is scrolled to the error");
  await checkA11y(page, "go to error");
  assert.deepEqual(page.errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});

/** Waits until `read()` gives `want` (the app answers keys in a frame or two). */
async function eventuallyEqual(read, want, message) {
  const deadline = Date.now() + 5_000;
  let got;
  while (Date.now() < deadline) {
    got = await read();
    if (got === want) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  assert.equal(got, want, message);
}
