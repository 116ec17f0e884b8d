//! The editor's find bar (Ctrl+F) and go-to-line field (Ctrl+G), in a chunk of their own
//! (`chunks::editor_tool`): they search the whole document, not only the window the text area
//! shows, and move that window to what they find.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::search::{find_all, first_from, fold_case, line_of, line_starts, parse_line};
use super::{FindMode, JsonText, Spot};
use crate::erased::{handler, part, text};
use crate::format::count;

/// Computed data compared by identity, not by content: a memo of megabytes then costs nothing to
/// compare, and changes whenever it is computed again.
#[derive(Clone)]
struct Shared<T>(Arc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Puts the focus in the field `id`; `select_all` when the bar opens (typing replaces what was
/// there), not while moving between matches (typing goes on where the user was).
fn focus_by_id(id: &str, select_all: bool) {
    if let Some(input) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        if document().active_element().as_ref() != Some(input.as_ref()) {
            let _ = input.focus();
        }
        if select_all {
            input.select();
        }
    }
}

/// The bar shown while `editor.finding` is set: find or go to a line.
pub fn find_bar(editor: JsonText, id: &'static str) -> AnyView {
    let find_id = format!("{id}-find");
    let line_id = format!("{id}-line");
    let query = RwSignal::new(String::new());
    let match_case = RwSignal::new(false);
    let current = RwSignal::new(None::<usize>);
    let line_typed = RwSignal::new(String::new());
    let line_error = RwSignal::new(None::<String>);

    // Folded once per document (and only while case is ignored), not once per query.
    let folded = Memo::new(move |_| (!match_case.get()).then(|| Shared(Arc::new(editor.text.with(|t| fold_case(t))))));
    let matches = Memo::new(move |_| {
        let needle = query.get();
        Shared(Arc::new(match folded.get() {
            Some(folded) => find_all(&folded.0, &fold_case(&needle)),
            None => editor.text.with(|t| find_all(t, &needle)),
        }))
    });
    let lines = Memo::new(move |_| Shared(Arc::new(editor.text.with(|t| line_starts(t)))));

    // Shows match `index` in the text area, keeping the focus in the find field.
    let show = {
        let find_id = find_id.clone();
        move |index: usize| {
            let found = matches.get_untracked();
            let Some(&start) = found.0.get(index) else { return };
            current.set(Some(index));
            // Folding keeps lengths: a match is as long as the query.
            let spot = editor.select(start, start + query.with_untracked(String::len));
            editor.mark.set(spot);
            focus_by_id(&find_id, false);
        }
    };
    let step = {
        let show = show.clone();
        move |forward: bool| {
            let n = matches.with_untracked(|m| m.0.len());
            if n == 0 {
                return;
            }
            let next = match current.get_untracked() {
                Some(i) if forward => (i.min(n - 1) + 1) % n,
                Some(i) => (i.min(n - 1) + n - 1) % n,
                None => first_from(&matches.get_untracked().0, editor.caret()).unwrap_or(0),
            };
            show(next);
        }
    };
    // A new query (or case) shows its first match from the cursor, as a browser's find does.
    let search_again = {
        let show = show.clone();
        move || {
            current.set(None);
            editor.mark.set(None);
            if let Some(first) = first_from(&matches.get_untracked().0, editor.caret()) {
                show(first);
            }
        }
    };
    let close = move || {
        editor.finding.set(None);
        editor.mark.set(None);
        editor.focus();
    };
    let go_to_line = move || {
        let starts = lines.get_untracked();
        match parse_line(&line_typed.get_untracked(), starts.0.len()) {
            Ok(line) => {
                line_error.set(None);
                editor.finding.set(None);
                editor.focus_at(starts.0[line - 1]);
            }
            Err(message) => line_error.set(Some(message)),
        }
    };
    // Opening the bar, or pressing Ctrl+F / Ctrl+G again, puts the focus in its field.
    Effect::new({
        let (find_id, line_id) = (find_id.clone(), line_id.clone());
        move |_| {
            let mode = editor.finding.get();
            editor.find_focus.track();
            let id = if mode == Some(FindMode::Line) { line_id.clone() } else { find_id.clone() };
            request_animation_frame(move || focus_by_id(&id, true));
        }
    });

    let status = move || {
        let n = matches.with(|m| m.0.len());
        if query.with(String::is_empty) {
            String::new()
        } else if n == 0 {
            "No matches".to_owned()
        } else {
            match current.get() {
                Some(i) => {
                    let i = i.min(n - 1);
                    let at = matches.with(|m| m.0[i]);
                    format!("{} of {}, line {}", count(i + 1), count(n), count(lines.with(|l| line_of(&l.0, at))))
                }
                None => format!("{} matches", count(n)),
            }
        }
    };
    let find_keys = {
        let step = step.clone();
        move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
            "Enter" => {
                ev.prevent_default();
                step(!ev.shift_key());
            }
            "Escape" => {
                ev.prevent_default();
                close();
            }
            _ => {}
        }
    };
    let line_keys = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            go_to_line();
        }
        "Escape" => {
            ev.prevent_default();
            close();
        }
        _ => {}
    };
    let (previous, next) = (step.clone(), step);
    let on_query = {
        let search_again = search_again.clone();
        move |ev: leptos::ev::Event| {
            query.set(event_target_value(&ev));
            search_again();
        }
    };
    let on_case = move |ev: leptos::ev::Event| {
        match_case.set(event_target_checked(&ev));
        search_again();
    };
    let line_error_id = format!("{id}-line-error");
    // The match shown: the text area draws its selection only while it has the focus, and the
    // focus stays here, so a box is drawn over the match (following the text area's scrolling).
    let mark = move || {
        editor.scrolled.track();
        let spot: Spot = editor.mark.get()?;
        let area = editor.node.get()?;
        let (top, left) = (spot.top - area.scroll_top() as f64, spot.left - area.scroll_left() as f64);
        let (height, width) = (area.client_height() as f64, area.client_width() as f64);
        let visible = top >= 0.0 && top + spot.height <= height && left + spot.width > 0.0 && left < width;
        visible.then(|| {
            let (x, y) = (area.offset_left() + area.client_left(), area.offset_top() + area.client_top());
            let (left, right) = (left.max(0.0), (left + spot.width).min(width));
            // Whole pixels: a box over text needs no finer place.
            let px = |v: f64| v.round() as i32;
            let style = format!(
                "top:{}px;left:{}px;width:{}px;height:{}px",
                px(y as f64 + top),
                px(x as f64 + left),
                px(right - left),
                px(spot.height)
            );
            view! { <div class="find-mark" aria-hidden="true" style=style></div> }.into_any()
        })
    };

    let bar = part(move || {
        Some(match editor.finding.get()? {
            FindMode::Find => view! {
                <div class="row find-bar" role="search" aria-label="Find in the document">
                    <label for=find_id.clone()>"Find"</label>
                    <input id=find_id.clone() type="search" class="find-input" autocomplete="off" spellcheck="false"
                        aria-keyshortcuts="Enter Shift+Enter Escape"
                        prop:value=move || query.get()
                        on:input=handler(on_query.clone()) on:keydown=handler(find_keys.clone())/>
                    <span class="muted find-count" role="status">{text(status)}</span>
                    <button type="button" class="small" aria-label="Previous match" aria-keyshortcuts="Shift+Enter"
                        on:click=handler({ let previous = previous.clone(); move |_: web_sys::MouseEvent| previous(false) })>"↑"</button>
                    <button type="button" class="small" aria-label="Next match" aria-keyshortcuts="Enter"
                        on:click=handler({ let next = next.clone(); move |_: web_sys::MouseEvent| next(true) })>"↓"</button>
                    <label class="check inline"><input type="checkbox" prop:checked=move || match_case.get() on:change=handler(on_case.clone())/>"Match case"</label>
                    <button type="button" class="small" aria-keyshortcuts="Control+G" on:click=handler(move |_: web_sys::MouseEvent| editor.open_find(FindMode::Line))>"Go to line…"</button>
                    <button type="button" class="small" aria-label="Close find" aria-keyshortcuts="Escape" on:click=handler(move |_: web_sys::MouseEvent| close())>"✕"</button>
                </div>
            }
            .into_any(),
            FindMode::Line => view! {
                <div class="find-bar" role="search" aria-label="Go to a line">
                    <div class="row">
                        <label for=line_id.clone()>"Go to line"</label>
                        <input id=line_id.clone() type="text" inputmode="numeric" class="line-input" autocomplete="off"
                            placeholder=move || format!("1–{}", lines.with(|l| l.0.len()))
                            aria-describedby=line_error_id.clone()
                            aria-invalid=move || line_error.with(Option::is_some).to_string()
                            prop:value=move || line_typed.get()
                            on:input=handler(move |ev: leptos::ev::Event| { line_typed.set(event_target_value(&ev)); line_error.set(None); })
                            on:keydown=handler(line_keys)/>
                        <button type="button" class="small" on:click=handler(move |_: web_sys::MouseEvent| go_to_line())>"Go"</button>
                        <button type="button" class="small" aria-keyshortcuts="Control+F" on:click=handler(move |_: web_sys::MouseEvent| editor.open_find(FindMode::Find))>"Find…"</button>
                        <button type="button" class="small" aria-label="Close go to line" aria-keyshortcuts="Escape" on:click=handler(move |_: web_sys::MouseEvent| close())>"✕"</button>
                    </div>
                    <p class="error-text" id=line_error_id.clone() role="alert">{text(move || line_error.get().unwrap_or_default())}</p>
                </div>
            }
            .into_any(),
        })
    });
    view! { {bar} {part(mark)} }.into_any()
}
