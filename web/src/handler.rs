//! Event handlers of one type per event. Leptos compiles its attribute code (build, rebuild,
//! clone) once per handler type, and every closure has a type of its own: given as written, each
//! `on:click` costs the app its own copy. Boxed by [`handler`], all the app's click handlers are
//! one type, `Box<dyn FnMut(MouseEvent)>`, and one copy serves them all.

/// `f` as the one handler type of its event: `on:click=handler(move |_| ...)`.
pub fn handler<E: 'static>(f: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(f)
}
