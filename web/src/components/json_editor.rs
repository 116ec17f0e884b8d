//! A JSON editor that stays responsive with a 5 MB document.
//!
//! Two things would make a large document lag, and neither happens here:
//! - Validation: a keystroke only marks the editor dirty; the text is read back into Rust and
//!   checked once typing pauses.
//! - The browser itself: a `<textarea>` holding megabytes takes hundreds of milliseconds per
//!   keystroke to lay out. So a document larger than `window::WINDOW_FROM` is shown a window at a time
//!   (about `CHUNK` bytes, whole lines), with buttons to move through it; edits in the window
//!   are spliced back into the whole document.

use std::time::Duration;

use jobs_core::{check_field, pyjson, FieldCheck, SubmitJobField, SyntaxError};
use leptos::html::Textarea;
use leptos::prelude::*;

use crate::erased::{handler, part, text};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::format::human_size;
use window::{window_at, CHUNK};

mod find;
mod search;
mod window;

/// How long typing must pause before the text is read and checked.
const SETTLE: Duration = Duration::from_millis(350);
/// The editor's state, owned by the form.
#[derive(Clone, Copy)]
pub struct JsonText {
    node: NodeRef<Textarea>,
    /// The whole document as last read from the editor (tracked; updates when typing pauses).
    pub text: RwSignal<String>,
    /// The last check of that text with the field's rule.
    pub check: RwSignal<FieldCheck>,
    /// The part of the document in the text area (byte range); all of it for small documents.
    window: RwSignal<(usize, usize)>,
    field: SubmitJobField,
    dirty: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The find bar's mode while it is open (see `find.rs`).
    finding: RwSignal<Option<FindMode>>,
    /// Whether the find bar was ever opened (its chunk is then loaded and kept).
    find_wanted: RwSignal<bool>,
    /// Notified when Ctrl+F or Ctrl+G is pressed again while the bar is open (it takes the focus).
    find_focus: Trigger,
    /// Where the match the find bar moved to is drawn, while the text is unchanged.
    mark: RwSignal<Option<Spot>>,
    /// Notified when the text area scrolls (the mark follows).
    scrolled: Trigger,
}

/// What the find bar does: find text, or go to a line.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum FindMode {
    Find,
    Line,
}

/// Where a range of the text area's text is drawn: its first line's box, in pixels from the
/// start of the text area's content (not moved by scrolling).
#[derive(Clone, Copy, PartialEq, Debug)]
struct Spot {
    top: f64,
    left: f64,
    width: f64,
    height: f64,
}

impl JsonText {
    /// An editor for `field`, starting with `initial`.
    pub fn new(field: SubmitJobField, initial: String) -> JsonText {
        let editor = JsonText {
            node: NodeRef::new(),
            text: RwSignal::new(String::new()),
            check: RwSignal::new(FieldCheck::Valid),
            window: RwSignal::new((0, 0)),
            field,
            dirty: StoredValue::new(false),
            timer: StoredValue::new(None),
            finding: RwSignal::new(None),
            find_wanted: RwSignal::new(false),
            find_focus: Trigger::new(),
            mark: RwSignal::new(None),
            scrolled: Trigger::new(),
        };
        editor.set(initial);
        // The typing timer reads the editor's state: it must not fire once the page is gone.
        on_cleanup(move || {
            if let Some(handle) = editor.timer.try_get_value().flatten() {
                handle.clear();
            }
        });
        editor
    }

    /// Replaces the whole document, showing its beginning.
    pub fn set(&self, text: String) {
        self.dirty.set_value(false);
        self.check.set(check(self.field, &text));
        let window = window_at(&text, 0);
        self.show(&text, window);
        self.text.set(text);
    }

    fn show(&self, text: &str, window: (usize, usize)) {
        if let Some(area) = self.node.get_untracked() {
            area.set_value(&text[window.0..window.1]);
        }
        self.window.set(window);
    }

    /// The text the text area starts with (its window of the document).
    fn shown(&self) -> String {
        let (start, end) = self.window.get_untracked();
        self.text.with_untracked(|t| t[start..end].to_owned())
    }

    /// The whole document with what is typed in the text area now, and the length of the edited
    /// window; none when nothing was typed since the last read. Changes no state.
    fn edited(&self) -> Option<(String, usize)> {
        if !self.dirty.get_value() {
            return None;
        }
        let edited = self.node.get_untracked()?.value();
        let (start, end) = self.window.get_untracked();
        let whole = self.text.with_untracked(|t| {
            let mut whole = String::with_capacity(t.len() - (end - start) + edited.len());
            whole.push_str(&t[..start]);
            whole.push_str(&edited);
            whole.push_str(&t[end..]);
            whole
        });
        Some((whole, edited.len()))
    }

    /// The whole document as typed now, without changing any state: safe while the page is being
    /// left, when setting signals would wake effects of a page that is gone.
    pub fn current(&self) -> String {
        self.edited().map_or_else(|| self.text.get_untracked(), |(whole, _)| whole)
    }

    /// Reads the editor into the document now, if it changed since the last read.
    pub fn flush(&self) {
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
            self.timer.set_value(None);
        }
        let Some((whole, edited_len)) = self.edited() else { return };
        self.dirty.set_value(false);
        let (start, _) = self.window.get_untracked();
        self.check.set(check(self.field, &whole));
        self.window.set((start, start + edited_len));
        self.text.set(whole);
    }

    fn typed(&self) {
        self.dirty.set_value(true);
        if self.mark.with_untracked(Option::is_some) {
            self.mark.set(None);
        }
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        let editor = *self;
        self.timer.set_value(set_timeout_with_handle(move || editor.flush(), SETTLE).ok());
    }

    /// Moves the window to start near byte `hint` of the document.
    fn move_window(&self, hint: usize) {
        self.flush();
        let window = self.text.with_untracked(|t| window_at(t, hint));
        self.text.with_untracked(|t| self.show(t, window));
    }

    /// Puts the cursor at a byte offset of the document (moving the window there and scrolling
    /// to it) and focuses.
    pub fn focus_at(&self, offset: usize) {
        self.select(offset, offset);
        if let Some(area) = self.node.get_untracked() {
            let _ = area.focus();
        }
    }

    /// Selects the byte range `start..end` of the document: moves the window to it and scrolls
    /// the text area to show it (browsers do not scroll to a selection set by a script). Gives
    /// where the range is drawn. Keeps the focus where it is.
    fn select(&self, start: usize, end: usize) -> Option<Spot> {
        self.flush();
        let (first, last) = self.window.get_untracked();
        if start < first || end > last {
            self.move_window(start.saturating_sub(CHUNK / 4));
        }
        let (first, last) = self.window.get_untracked();
        let area = self.node.get_untracked()?;
        self.text.with_untracked(|t| {
            let start = start.clamp(first, last);
            let end = end.clamp(start, last);
            let (before, selected) = (t.get(first..start)?, t.get(start..end)?);
            let utf16 = |s: &str| s.encode_utf16().count() as u32;
            let at = utf16(before);
            let _ = area.set_selection_range(at, at + utf16(selected));
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            let lines = (before.matches('\n').count(), t[first..last].matches('\n').count() + 1);
            let spot = measure(&area, &before[line_start..], selected.lines().next().unwrap_or(""), lines)?;
            scroll_into_view(&area, spot);
            Some(spot)
        })
    }

    /// The cursor's byte offset in the document.
    fn caret(&self) -> usize {
        let (first, last) = self.window.get_untracked();
        let Some(at) = self.node.get_untracked().and_then(|a| a.selection_start().ok().flatten()) else { return first };
        self.text.with_untracked(|t| {
            let mut units = 0;
            for (i, c) in t[first..last].char_indices() {
                if units >= at as usize {
                    return first + i;
                }
                units += c.len_utf16();
            }
            last
        })
    }

    /// Opens the find bar in `mode` (or gives it the focus again).
    fn open_find(&self, mode: FindMode) {
        self.flush();
        self.find_wanted.set(true);
        if mode == FindMode::Line {
            self.mark.set(None);
        }
        if self.finding.get_untracked() == Some(mode) {
            self.find_focus.notify();
        } else {
            self.finding.set(Some(mode));
        }
    }

    /// Focuses the editor.
    pub fn focus(&self) {
        if let Some(area) = self.node.get_untracked() {
            let _ = area.focus();
        }
    }
}

/// Measures where text is drawn in `area`: `before` is the part of its line before it, `text`
/// the text (its first line), on line `line` (from 0) of the text area's `lines`. A hidden copy
/// of the text area's font measures widths, so any script, tab or emoji is measured as drawn.
fn measure(
    area: &web_sys::HtmlTextAreaElement,
    before: &str,
    text: &str,
    (line, lines): (usize, usize),
) -> Option<Spot> {
    let style = window().get_computed_style(area).ok()??;
    let css = |name: &str| style.get_property_value(name).unwrap_or_default();
    // The browser's own parseFloat reads "12.5px" (and keeps Rust's float parser out of the app).
    let px = |name: &str| Some(js_sys::Number::parse_float(&css(name))).filter(|v| v.is_finite()).unwrap_or(0.0);
    let probe: web_sys::HtmlElement = document().create_element("pre").ok()?.unchecked_into();
    let mut copied = String::from(
        "position:absolute;visibility:hidden;margin:0;padding:0;border:0;max-height:none;white-space:pre;",
    );
    for name in ["font-family", "font-size", "font-weight", "font-style", "line-height", "letter-spacing", "tab-size"] {
        copied.push_str(&format!("{name}:{};", css(name)));
    }
    probe.style().set_css_text(&copied);
    area.parent_element()?.append_child(&probe).ok()?;
    let width = |s: &str| {
        probe.set_text_content(Some(s));
        probe.get_bounding_client_rect().width()
    };
    let height = |s: &str| {
        probe.set_text_content(Some(s));
        probe.get_bounding_client_rect().height()
    };
    let left = width(before);
    // A line's height as the text area lays its lines out (its text's height over their number)
    // where it scrolls: a copy's line height drifts from it by a line over some hundred lines.
    let padding = px("padding-top") + px("padding-bottom");
    let laid_out = area.scroll_height() as f64 - padding;
    let line_height = if area.scroll_height() > area.client_height() { laid_out / lines as f64 } else { height("x") };
    let spot = Spot {
        left: px("padding-left") + left,
        width: (width(&format!("{before}{text}")) - left).max(2.0),
        height: line_height,
        top: px("padding-top") + line as f64 * line_height,
    };
    probe.remove();
    Some(spot)
}

/// Scrolls `area` so that `spot` is in view, a third of the way down when it must move.
fn scroll_into_view(area: &web_sys::HtmlTextAreaElement, spot: Spot) {
    let (top, left) = (area.scroll_top() as f64, area.scroll_left() as f64);
    let (height, width) = (area.client_height() as f64, area.client_width() as f64);
    if spot.top < top || spot.top + spot.height > top + height {
        area.set_scroll_top((spot.top - height / 3.0).max(0.0) as i32);
    }
    if spot.left < left || spot.left + spot.width > left + width {
        area.set_scroll_left((spot.left - width / 3.0).max(0.0) as i32);
    }
}

fn check(field: SubmitJobField, text: &str) -> FieldCheck {
    if text.trim().is_empty() {
        check_field(field, None)
    } else {
        check_field(field, Some(text))
    }
}

/// What to remove when a syntax error is a comma before a closing `}` or `]` (which JSON, unlike
/// Python or JavaScript, does not allow): where the comma is, in the error's own terms.
fn trailing_comma_advice(text: &str, error: &SyntaxError) -> Option<String> {
    let rest = text.get(error.offset..)?;
    let closer = rest.chars().next().filter(|c| matches!(c, '}' | ']'))?;
    let before = text[..error.offset].trim_end();
    if !before.ends_with(',') {
        return None;
    }
    let comma = before.len() - 1;
    let line_start = text[..comma].rfind('\n').map_or(0, |n| n + 1);
    let line = text[..comma].matches('\n').count() + 1;
    let column = text[line_start..comma].chars().count() + 1;
    let what = if closer == '}' { "member of an object" } else { "item of a list" };
    Some(format!("Remove the comma at line {line}, column {column}: JSON allows none after the last {what}."))
}

/// The line of a syntax error with a caret under its column.
fn marker(text: &str, error: &SyntaxError) -> String {
    let line = text.lines().nth(error.line - 1).unwrap_or("");
    let start = error.column.saturating_sub(40);
    let shown: String = line.chars().skip(start).take(80).collect();
    format!("{shown}\n{}^", " ".repeat(error.column - 1 - start))
}

async fn read_file(file: web_sys::File) -> Result<String, String> {
    JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| format!("Could not read {} as text.", file.name()))
}

/// The editor: label, toolbar (Format, Load file, size), the text area, and the syntax marker.
/// `error` is the field's rule message to show (the form decides when).
#[component]
pub fn JsonEditor(
    editor: JsonText,
    id: &'static str,
    label: &'static str,
    #[prop(into)] hint: String,
    /// The message to show under the editor, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Whether a syntax error may be shown (once the user touched the field or tried to submit).
    #[prop(into)]
    show: Signal<bool>,
    /// Called when the user leaves the editor.
    #[prop(into)]
    on_blur: Callback<()>,
) -> impl IntoView {
    let notice = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let syntax = move || match editor.check.get() {
        FieldCheck::Syntax(e) if show.get() => Some(e),
        _ => None,
    };
    let load = move |file: web_sys::File| {
        crate::task::spawn_for_page(None, async move {
            match read_file(file).await {
                Ok(text) => {
                    notice.set(Some(format!("Loaded {}.", human_size(text.len()))));
                    editor.set(text);
                }
                Err(message) => notice.set(Some(message)),
            }
        });
    };
    let format_text = move |_| {
        editor.flush();
        match pyjson::pretty(&editor.text.get_untracked()) {
            Ok(pretty) => {
                editor.set(pretty);
                notice.set(Some("Formatted.".to_owned()));
            }
            Err(_) => notice.set(Some("Fix the JSON error first; then it can be formatted.".to_owned())),
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            load(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        dragging.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            ev.prevent_default();
            load(file);
        }
    };
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            if error.get().is_some() || syntax().is_some() {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let file_id = format!("{id}-file");
    // Ctrl+F and Ctrl+G (⌘ on a Mac) anywhere in the editor find in it or go to a line; elsewhere
    // on the page they stay the browser's.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let mode = match ev.key().as_str() {
            "f" | "F" => FindMode::Find,
            "g" | "G" => FindMode::Line,
            _ => return,
        };
        ev.prevent_default();
        editor.open_find(mode);
    };
    // A document larger than the text area shows has the large-document bar (in a chunk).
    let large = Memo::new(move |_| {
        let (start, end) = editor.window.get();
        end - start < editor.text.with(String::len)
    });
    view! {
        <div class="field json-editor" on:keydown=handler(on_keydown) on:focusin=handler(|_: web_sys::FocusEvent| crate::chunks::editor_in_use())>
            <div class="row editor-bar">
                <label for=id class="label">{label}</label>
                <span class="muted size" aria-live="off">{text(move || human_size(editor.text.with(|t| t.len())))}</span>
                <button type="button" class="small" aria-keyshortcuts="Control+F" on:click=handler(move |_| editor.open_find(FindMode::Find))>"Find"</button>
                <button type="button" class="small" on:click=handler(format_text)>"Format"</button>
                <input id=file_id.clone() type="file" accept=".json,application/json,text/plain" class="visually-hidden" on:change=handler(on_file)/>
                <label class="button small" for=file_id>"Load file…"</label>
            </div>
            {part(move || editor.find_wanted.get().then(|| crate::chunks::editor_tool(editor, Tool::Find(id)).into_any()))}
            <textarea
                id=id
                node_ref=editor.node
                class="code"
                class:dragging=move || dragging.get()
                spellcheck="false"
                autocomplete="off"
                aria-invalid=move || (error.get().is_some() || syntax().is_some()).to_string()
                aria-describedby=described_by
                prop:value=move || editor.shown()
                on:input=handler(move |_| editor.typed())
                on:scroll=handler(move |_| editor.scrolled.notify())
                on:blur=handler(move |_| {
                    // The browser blurs a focused text area as it is removed, after the page that
                    // owned the editor is gone: then there is nothing to read back.
                    if editor.dirty.try_get_value().is_some() {
                        editor.flush();
                        on_blur.try_run(());
                    }
                })
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            ></textarea>
            {part(move || large.get().then(|| crate::chunks::editor_tool(editor, Tool::LargeDocument).into_any()))}
            <p class="hint" id=hint_id>{hint}" You can also drop a .json file here. Ctrl+F finds in it, Ctrl+G goes to a line."</p>
            <p class="hint" role="status">{text(move || notice.get().unwrap_or_default())}</p>
            {part(move || Some(match syntax() {
                Some(e) => {
                    let text = editor.text.get_untracked();
                    let offset = e.offset;
                    view! {
                        <div class="error-text" id=error_id.clone()>
                            <p>{format!("Line {}, column {}: {}.", e.line, e.column, e.message)}
                                " "<button type="button" class="small" on:click=handler(move |_| editor.focus_at(offset))>"Go to error"</button>
                            </p>
                            <pre class="marker" aria-hidden="true">{marker(&text, &e)}</pre>
                            {trailing_comma_advice(&text, &e).map(|advice| view! { <p class="hint">{advice}</p> })}
                        </div>
                    }.into_any()
                }
                None => view! { <p class="error-text" id=error_id.clone()>{text(move || error.get().unwrap_or_default())}</p> }.into_any(),
            }))}
        </div>
    }
}

/// The editor's tools that are not in the first load (a chunk of their own: see `chunks.rs`).
#[derive(Clone, Copy)]
pub enum Tool {
    /// The bar of a document too large to show whole.
    LargeDocument,
    /// The find bar and go-to-line field, for the editor of this id.
    Find(&'static str),
}

/// Draws `tool` for `editor`.
pub fn tool((editor, tool): (JsonText, Tool)) -> AnyView {
    match tool {
        Tool::LargeDocument => large_document_bar(editor),
        Tool::Find(id) => find::find_bar(editor, id),
    }
}

/// The bar of a large document: which lines the text area shows, and buttons to move through it.
fn large_document_bar(editor: JsonText) -> AnyView {
    part(move || {
        let (start, end) = editor.window.get();
        let total = editor.text.with(String::len);
        (end - start < total).then(|| {
            let (first, last, lines) = editor.text.with(|t| {
                let first = t[..start].matches('\n').count() + 1;
                (first, first + t[start..end].matches('\n').count(), t.matches('\n').count() + 1)
            });
            view! {
                <div class="row window-bar">
                    <span class="muted">{format!("Large document: showing lines {first}–{last} of {lines} ({} of {}).", human_size(end - start), human_size(total))}</span>
                    <button type="button" class="small" disabled={start == 0} on:click=handler(move |_| editor.move_window(start.saturating_sub(CHUNK)))>"◀ Earlier"</button>
                    <button type="button" class="small" disabled={end >= total} on:click=handler(move |_| editor.move_window(end))>"Later ▶"</button>
                </div>
            }
            .into_any()
        })
    })
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(text: &str) -> SyntaxError {
        match check(SubmitJobField::Params, text) {
            FieldCheck::Syntax(e) => e,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn advice(text: &str) -> Option<String> {
        trailing_comma_advice(text, &syntax(text))
    }

    #[test]
    fn a_comma_before_a_closing_brace_or_bracket_is_named_where_it_is() {
        assert_eq!(
            advice("{\"a\": 1,}").as_deref(),
            Some("Remove the comma at line 1, column 8: JSON allows none after the last member of an object.")
        );
        assert_eq!(
            advice("{\n  \"ocv\": [3.1, 3.2,\n    ],\n  \"é\": 1\n}").as_deref(),
            Some("Remove the comma at line 2, column 19: JSON allows none after the last item of a list.")
        );
        assert_eq!(
            advice("{\"a\": {\"b\": 1,\n\n}}").as_deref(),
            Some("Remove the comma at line 1, column 14: JSON allows none after the last member of an object.")
        );
    }

    #[test]
    fn other_syntax_errors_get_no_comma_advice() {
        assert_eq!(advice("{\"a\": 1 \"b\": 2}"), None);
        assert_eq!(advice("{\"a\": [1, , 2]}"), None);
        assert_eq!(advice("{\"a\": 1"), None);
        assert_eq!(advice("{,}"), None);
    }
}
