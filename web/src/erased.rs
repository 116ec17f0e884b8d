//! One type for each kind of closure a view is given. Leptos compiles its code for an event
//! handler or a reactive child once per closure type, and every closure has a type of its own:
//! written plainly, each `on:click` and each `{move || ...}` costs the app its own copy. Boxed
//! here, all the app's click handlers are one type (`Box<dyn FnMut(MouseEvent)>`), all its
//! changing texts another and all its parts that come and go a third (Leptos's shared form,
//! `Arc<Mutex<dyn FnMut() -> T>>`), so one copy serves each kind. Measured with
//! `bench/bundle-size.mjs`: about 3 KB gzip for the handlers, 1.3 KB for the texts and 3 KB for
//! the parts.

use std::sync::{Arc, Mutex};

use leptos::prelude::AnyView;

/// `f` as the one handler type of its event: `on:click=handler(move |_| ...)`.
pub fn handler<E: 'static>(f: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(f)
}

/// A text that follows the signals `f` reads: `<p>{text(move || ...)}</p>`.
pub fn text(f: impl FnMut() -> String + Send + 'static) -> Arc<Mutex<dyn FnMut() -> String + Send>> {
    Arc::new(Mutex::new(f))
}

/// A part of a page that comes and goes (or changes shape) with the signals `f` reads:
/// `{part(move || cond.then(|| view! { ... }.into_any()))}`.
pub fn part(f: impl FnMut() -> Option<AnyView> + Send + 'static) -> Arc<Mutex<dyn FnMut() -> Option<AnyView> + Send>> {
    Arc::new(Mutex::new(f))
}

/// A value computed from signals, kept until they change (a `Memo`), through one boxed closure
/// type per value type: Leptos compiles a memo's code once per closure type, so each plain
/// `Memo::new(move |_| ...)` costs the app its own copy (about 1.5 KB gzip each).
pub fn memo<T: PartialEq + Send + Sync + 'static>(
    f: impl Fn() -> T + Send + Sync + 'static,
) -> leptos::prelude::Memo<T> {
    let f: Box<dyn Fn() -> T + Send + Sync> = Box::new(f);
    leptos::prelude::Memo::new(move |_| f())
}
