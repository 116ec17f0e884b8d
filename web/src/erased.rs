//! One type for each kind of closure a view is given. Leptos compiles its code for an event
//! handler or a reactive child once per closure type, and every closure has a type of its own:
//! written plainly, each `on:click` and each `{move || ...}` costs the app its own copy. Boxed
//! here, all the app's click handlers are one type (`Box<dyn FnMut(MouseEvent)>`), all its
//! changing texts another and all its parts that come and go a third (Leptos's shared form,
//! `Arc<Mutex<dyn FnMut() -> T>>`), so one copy serves each kind. Measured with
//! `bench/bundle-size.mjs`: about 3 KB gzip for the handlers, 1.3 KB for the texts and 3 KB for
//! the parts.
//!
//! Measured again with the app split into chunks (each rule undone in turn; release build, gzip,
//! what a page fetches before its heading): without boxing the handlers, the form's first load
//! grows by 2.1 KB, the list's by 1.1, a job page's by 1.5 and the whole app by 7.9; without the
//! texts' type, 1.1, 1.2, 0.7 and 5.0; without the parts', 1.8, 1.6, 2.2 and 9.8. So all three
//! stay. A memo's closure boxed the same way saved nothing any more (0.1 KB the other way):
//! memos are plain `Memo::new`.

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
