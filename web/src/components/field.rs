//! A form field's label, hint and error, wired for assistive technology once: the control
//! is described by its hint, and by its error while there is one (`aria-describedby`), and says
//! whether it is invalid (`aria-invalid`). [`TextField`] holds an input, [`SelectField`] a select.

use leptos::html::{Input, Select};
use leptos::prelude::*;

use crate::erased::{handler, text};

/// What a field's control takes from its hint and error: `{id}-hint` and `{id}-error`.
#[derive(Clone, Copy)]
struct Wiring {
    id: &'static str,
    hint: bool,
    error: Option<Signal<Option<String>>>,
}

impl Wiring {
    fn has_error(&self) -> bool {
        self.error.is_some_and(|e| e.with(Option::is_some))
    }

    fn described_by(&self) -> Option<String> {
        let id = self.id;
        match (self.hint, self.has_error()) {
            (true, true) => Some(format!("{id}-hint {id}-error")),
            (false, true) => Some(format!("{id}-error")),
            (true, false) => Some(format!("{id}-hint")),
            (false, false) => None,
        }
    }

    fn invalid(&self) -> Option<String> {
        self.error.map(|_| self.has_error().to_string())
    }

    fn below(self, hint: Option<Signal<String>>) -> impl IntoView {
        let id = self.id;
        let hint = hint.map(|hint| view! { <p class="hint" id=format!("{id}-hint")>{text(move || hint.get())}</p> });
        let error =
            self.error.map(|error| view! { <p class="error-text" id=format!("{id}-error")>{text(move || error.get().unwrap_or_default())}</p> });
        (hint, error)
    }
}

/// A labelled text input.
#[component]
pub fn TextField(
    /// The input's id (labels, hints, errors and tests refer to it).
    id: &'static str,
    label: &'static str,
    /// The text, read and written as the user types.
    value: RwSignal<String>,
    /// What to type, under the field.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The message to show under the field, if any (no error line without it).
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    /// The input's `type`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] placeholder: Option<Signal<String>>,
    /// For focusing the input (e.g. on the first problem).
    #[prop(optional)]
    node_ref: NodeRef<Input>,
    /// Called when the user leaves the field.
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let wiring = Wiring { id, hint: hint.is_some(), error };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                node_ref=node_ref
                type=kind
                inputmode=inputmode
                autocomplete=autocomplete
                spellcheck="false"
                placeholder=move || placeholder.map(|p| p.get())
                prop:value=move || value.get()
                on:input=handler(move |ev: leptos::ev::Event| value.set(event_target_value(&ev)))
                on:blur=handler(move |_| if let Some(on_blur) = on_blur { on_blur.try_run(()); })
                aria-invalid=move || wiring.invalid()
                aria-describedby=move || wiring.described_by()
            />
            {wiring.below(hint)}
        </div>
    }
}

/// A labelled select; its options are the children.
#[component]
pub fn SelectField(
    /// The select's id.
    id: &'static str,
    label: &'static str,
    /// The selected option's value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the chosen option's value.
    #[prop(into)]
    on_change: Callback<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] node_ref: NodeRef<Select>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    let wiring = Wiring { id, hint: hint.is_some(), error };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                node_ref=node_ref
                prop:value=move || value.get()
                on:change=handler(move |ev: leptos::ev::Event| { on_change.try_run(event_target_value(&ev)); })
                on:blur=handler(move |_| if let Some(on_blur) = on_blur { on_blur.try_run(()); })
                aria-invalid=move || wiring.invalid()
                aria-describedby=move || wiring.described_by()
            >
                {children()}
            </select>
            {wiring.below(hint)}
        </div>
    }
}
