//! A collapsible view of a JSON document that stays responsive for 5 MB: a level is read (from
//! the text, by jobs-core's reader) only when it is opened, and long levels show 100 entries at a
//! time. Values are shown exactly as written.

use std::sync::Arc;

use jobs_core::pyjson::{entries, EntryKind, Scalar};
use leptos::prelude::*;

use crate::erased::{handler, part};

use crate::format::reveal_bidi;

const PAGE: usize = 100;
const LONGEST_SCALAR: usize = 300;

/// The tree of `text` (a JSON object or array), its first level open.
#[component]
pub fn JsonTree(text: Arc<str>) -> impl IntoView {
    let end = text.len();
    let count = entries(&text).map_or(0, |e| e.len());
    let kind = if text.trim_start().starts_with('[') { EntryKind::Array(count) } else { EntryKind::Object(count) };
    view! { <div class="json-tree">{node(text, None, 0, end, kind, true)}</div> }
}

fn summary(kind: EntryKind) -> String {
    match kind {
        EntryKind::Object(n) => format!("{{…}} {n} {}", if n == 1 { "key" } else { "keys" }),
        EntryKind::Array(n) => format!("[…] {n} {}", if n == 1 { "item" } else { "items" }),
        EntryKind::Scalar(_) => String::new(),
    }
}

fn scalar_class(kind: Scalar) -> &'static str {
    match kind {
        Scalar::Str { .. } => "s",
        Scalar::Int | Scalar::Float | Scalar::NaN | Scalar::Infinity | Scalar::NegInfinity => "n",
        _ => "l",
    }
}

fn node(text: Arc<str>, key: Option<String>, start: usize, end: usize, kind: EntryKind, open: bool) -> AnyView {
    let label = key.map(|k| view! { <span class="k">{reveal_bidi(&k)}</span>": " });
    match kind {
        EntryKind::Scalar(scalar) => {
            let token = &text[start..end];
            let shown = if token.len() > LONGEST_SCALAR {
                let cut = (0..=LONGEST_SCALAR).rev().find(|&i| token.is_char_boundary(i)).unwrap_or(0);
                format!("{}…", &token[..cut])
            } else {
                token.to_owned()
            };
            // Numbers read in the page's one style; the value as written is on hover (and in copies).
            let shown = match scalar {
                Scalar::Float => crate::format::number(serde_json::from_str(token).unwrap_or(f64::NAN)),
                _ => shown,
            };
            view! { <div class="leaf">{label}<span class=scalar_class(scalar) title=matches!(scalar, Scalar::Float).then(|| token.to_owned())>{reveal_bidi(&shown)}</span></div> }
                .into_any()
        }
        _ => {
            let is_open = RwSignal::new(open);
            let shown = RwSignal::new(PAGE);
            let children = part(move || {
                if !is_open.get() {
                    return None;
                }
                let found = entries(&text[start..end]).unwrap_or_default();
                let total = found.len();
                let limit = shown.get().min(total);
                let rest = total - limit;
                let items: Vec<AnyView> = found
                    .into_iter()
                    .take(limit)
                    .map(|e| node(text.clone(), e.key, start + e.start, start + e.end, e.kind, false))
                    .collect();
                Some(view! {
                    <div class="children">
                        {items}
                        {(rest > 0).then(|| view! {
                            <button type="button" class="small" on:click=handler(move |_| shown.update(|s| *s += PAGE))>
                                {format!("Show {} more ({rest} not shown)", rest.min(PAGE))}
                            </button>
                        })}
                    </div>
                }.into_any())
            });
            view! {
                <details prop:open=open on:toggle=move |ev| is_open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                    <summary>{label}<span class="muted">{summary(kind)}</span></summary>
                    {children}
                </details>
            }
            .into_any()
        }
    }
}
