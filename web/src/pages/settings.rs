//! `/settings`: where the API is, the key, the default project, and a connection test; with
//! warnings (`advice`) for a remembered key sent in clear text and for an API address that this
//! page's Content-Security-Policy does not let it reach.

mod advice;

use leptos::prelude::*;

use crate::erased::{handler, part, text};

use crate::api::{Api, ConnectionCheck};
use crate::components::field::TextField;
use crate::connection::Connection;
use crate::storage::ConnectionSettings;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = Connection::get();
    let saved = app.saved.get_untracked();
    let base = RwSignal::new(saved.api_base_url.clone());
    let key = RwSignal::new(saved.api_key.clone());
    let remember = RwSignal::new(saved.remember_key);
    let project = RwSignal::new(saved.default_project.clone());
    let reveal = RwSignal::new(false);
    let status = RwSignal::new(None::<(bool, String)>);
    let testing = RwSignal::new(false);

    let base_problem = move || {
        let text = base.get();
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match web_sys::Url::new(text) {
            Ok(url) if url.protocol() == "http:" || url.protocol() == "https:" => None,
            _ => Some("Enter a full http:// or https:// address, such as https://api.ionworks.com, or leave it empty."),
        }
    };

    // The address requests would go to (what is typed, else the default), as the browser reads it.
    let target = move || {
        let typed = base.get();
        let text = if typed.trim().is_empty() { app.api_base() } else { typed.trim().to_owned() };
        let url = web_sys::Url::new(&text).ok()?;
        Some(advice::Address {
            scheme: url.protocol().trim_end_matches(':').to_owned(),
            host: url.hostname(),
            origin: url.origin(),
        })
    };
    let page_policy = StoredValue::new(page_policy());
    let policy_problem = move || {
        let target = target()?;
        let allowed = page_policy
            .with_value(|policy| advice::policy_allows(policy.as_deref(), &crate::connection::page_origin(), &target));
        (!allowed).then(|| advice::blocked_by_policy(&target))
    };
    let key_warning = move || advice::remembered_key_warning(&target()?, remember.get());

    let current = move || ConnectionSettings {
        api_base_url: base.get_untracked().trim().to_owned(),
        api_key: key.get_untracked().trim().to_owned(),
        remember_key: remember.get_untracked(),
        default_project: project.get_untracked().trim().to_owned(),
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(problem) = untrack(base_problem) {
            status.set(Some((false, problem.to_owned())));
            return;
        }
        if let Err(problem) = app.save(current()) {
            status.set(Some((false, problem)));
            return;
        }
        let where_key = if remember.get_untracked() { "on this device" } else { "for this browser session" };
        status.set(Some((true, format!("Saved. The API key is kept {where_key}."))));
    };

    let test = move |_| {
        if let Some(problem) = untrack(base_problem) {
            status.set(Some((false, problem.to_owned())));
            return;
        }
        let draft = current();
        let target =
            if draft.api_base_url.is_empty() { untrack(|| app.api_base()) } else { draft.api_base_url.clone() };
        let mut api = Api::new(&target, &draft.api_key);
        testing.set(true);
        status.set(None);
        // A read: it ends with the page (see task.rs).
        crate::task::spawn_for_page(None, async move {
            let check = api.check_connection().await;
            testing.set(false);
            let base = api.base().to_owned();
            status.set(Some(match check {
                ConnectionCheck::Connected { with_key: true } => {
                    (true, format!("Connected to {base}; the API accepted the key."))
                }
                ConnectionCheck::Connected { with_key: false } => {
                    (true, format!("Connected to {base}; it answered without a key."))
                }
                ConnectionCheck::KeyRefused { with_key: true } => (
                    false,
                    format!("{base} answered, but refused the key. Check the key (copy it again from your account)."),
                ),
                ConnectionCheck::KeyRefused { with_key: false } => {
                    (false, format!("{base} answered, but asks for an API key. Enter your key above."))
                }
                ConnectionCheck::NotTheApi { status } => (
                    false,
                    format!("Something answered at {base} (status {status}), but not the jobs API. Check the address."),
                ),
                ConnectionCheck::Failed(error) => (false, error.sentence()),
            }));
        });
    };

    view! {
        <h1>"Settings"</h1>
        <form class="panel" on:submit=handler(save) novalidate>
            <TextField id="api-base" label="API base URL" value=base kind="url" autocomplete="url"
                placeholder=Signal::derive(move || app.api_base())
                hint=Signal::derive(move || format!("Leave empty for the default: {}.", app.default_base_description()))
                error=Signal::derive(move || base_problem().map(str::to_owned).or_else(policy_problem))/>
            <div class="field">
                <label for="api-key">"API key"</label>
                <div class="row nowrap">
                    <input id="api-key" type=move || if reveal.get() { "text" } else { "password" }
                        autocomplete="off" spellcheck="false"
                        prop:value=move || key.get()
                        on:input=handler(move |ev: leptos::ev::Event| key.set(event_target_value(&ev)))
                        aria-describedby="api-key-hint"/>
                    <button type="button" aria-pressed=move || reveal.get().to_string() on:click=handler(move |_| reveal.update(|r| *r = !*r))>
                        {text(move || if reveal.get() { "Hide" } else { "Show" }.to_owned())}
                    </button>
                </div>
                <p class="hint" id="api-key-hint">"Sent only as the X-API-Key header, never in an address or a message."</p>
                <label class="check">
                    <input type="checkbox" prop:checked=move || remember.get() on:change=handler(move |ev: leptos::ev::Event| remember.set(event_target_checked(&ev)))/>
                    " Remember on this device"
                </label>
                <p class="hint" id="api-key-kept">{text(move || advice::where_the_key_is_kept(remember.get()).to_owned())}</p>
                {part(move || (key_warning().map(|warning| view! { <p class="banner warn" id="api-key-warning" role="status">{warning}</p> })).map(IntoAny::into_any))}
            </div>
            <TextField id="default-project" label="Default project ID" value=project
                hint="New jobs go to this project unless the form names another."/>
            <div class="row">
                <button type="submit" class="primary">"Save"</button>
                <button type="button" on:click=handler(test) disabled=move || testing.get()>
                    {text(move || if testing.get() { "Testing…" } else { "Test connection" }.to_owned())}
                </button>
            </div>
            <div role="status" aria-live="polite">
                {part(move || (status.get().map(|(ok, text)| view! {
                    <p class=if ok { "banner ok" } else { "banner bad" }>{text}</p>
                })).map(IntoAny::into_any))}
            </div>
        </form>
    }
}

/// The `content` of this page's Content-Security-Policy `<meta>`, if it has one.
fn page_policy() -> Option<String> {
    document()
        .query_selector("meta[http-equiv='Content-Security-Policy']")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
}
