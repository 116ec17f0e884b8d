//! A question asked in the page before something the user typed is replaced or dropped.

use leptos::prelude::*;

use crate::erased::handler;

/// A question before something is replaced or dropped: `yes` does it, `no` keeps things.
#[component]
pub fn Confirm(
    /// The id of the question's paragraph (the dialog is labelled by it).
    id: &'static str,
    question: String,
    yes: &'static str,
    no: &'static str,
    #[prop(into)] on_yes: Callback<()>,
    #[prop(into)] on_no: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="banner warn" role="alertdialog" aria-labelledby=id>
            <p id=id>{question}</p>
            <div class="row">
                <button type="button" class="danger" on:click=handler(move |_| { on_yes.try_run(()); })>{yes}</button>
                <button type="button" on:click=handler(move |_| { on_no.try_run(()); })>{no}</button>
            </div>
        </div>
    }
}
