//! The app's chunks: the parts of the app a page's first load does not fetch. Each split point
//! below becomes a WebAssembly module of its own (tools/build-wasm.mjs cuts the build at them),
//! fetched when a page first shows it, or earlier when the browser is idle ([`prefetch`]).
//!
//! A split point returns the function that draws its part (a pointer into the chunk), so that
//! the view is built where it is shown, by its owner, as any other part of a page. [`lazy`] shows
//! it: nothing until the chunk is there, and a sentence with a Retry button if it cannot load
//! (a redeploy removed it, the network is down, a policy blocks it). The rest of the page keeps
//! working, and nothing typed is lost: the form keeps its draft in the browser as it is typed.
//!
//! Every page is a split point of its own, so that a page's first load fetches its own code and
//! what it shares with others, not every page's (tools/build-wasm.mjs says how shared code is
//! placed); the shell (header, navigation, router, the page for an unknown address) and the code
//! nearly every page needs are in the main module.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use wasm_bindgen::JsCast;

use crate::components::cost_trend::PageFits;
use crate::components::fit::FitViews;
use crate::components::json_editor::{JsonText, Tool};
use crate::components::json_tree::JsonTree;
use crate::connection::Connection;
use crate::erased::{handler, part};
use crate::fit::Fit;
use crate::pages::Found;
use crate::storage::Draft;
use crate::task::spawn_for_page;

/// What a chunk gives: the function that draws its part.
type Draw = Rc<dyn Fn() -> AnyView>;
type Loading = Pin<Box<dyn Future<Output = Result<Draw, SplitLoaderError>>>>;
/// A split point: loads its chunk, and gives the function that draws its part from `A`.
type Split<A> = Pin<Box<dyn Future<Output = Result<fn(A) -> AnyView, SplitLoaderError>>>>;

// The split points. Each returns the function that draws its part; the chunk of each is named
// after it (`split_<name>-<hash>.wasm`).

#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_settings))]
fn settings() -> Result<fn(()) -> AnyView, SplitLoaderError> {
    Ok(|()| crate::pages::SettingsPage().into_any())
}

#[wasm_split(jobs_list, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_jobs_list))]
fn jobs_list() -> Result<fn(()) -> AnyView, SplitLoaderError> {
    Ok(|()| crate::pages::JobsList().into_any())
}

#[wasm_split(new_job, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_new_job))]
fn new_job() -> Result<fn(()) -> AnyView, SplitLoaderError> {
    Ok(|()| crate::pages::NewJob().into_any())
}

#[wasm_split(job_page, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_job_page))]
fn job_page() -> Result<fn(String) -> AnyView, SplitLoaderError> {
    Ok(|id| view! { <crate::pages::JobStatus id=id/> }.into_any())
}

#[wasm_split(compare, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_compare))]
fn compare() -> Result<fn(()) -> AnyView, SplitLoaderError> {
    Ok(|()| crate::pages::Compare().into_any())
}

#[wasm_split(cost_trends, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_cost_trends))]
fn cost_trends() -> Result<fn(PageFits) -> AnyView, SplitLoaderError> {
    Ok(crate::components::cost_trend::reader)
}

#[wasm_split(fit_views, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_fit_views))]
fn fit_views() -> Result<fn(FitArgs) -> AnyView, SplitLoaderError> {
    Ok(|(job_id, fit, refresh)| view! { <FitViews job_id=job_id fit=fit refresh=refresh/> }.into_any())
}

#[wasm_split(fit_reader, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_fit_reader))]
fn fit_reader() -> Result<fn(&str) -> Fit, SplitLoaderError> {
    Ok(crate::fit::read)
}

#[wasm_split(result_tree, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_result_tree))]
fn result_tree() -> Result<fn(Arc<str>) -> AnyView, SplitLoaderError> {
    Ok(|text| view! { <JsonTree text=text/> }.into_any())
}

#[wasm_split(editor_tools, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_editor_tools))]
fn editor_tools() -> Result<fn(ToolArgs) -> AnyView, SplitLoaderError> {
    Ok(crate::components::json_editor::tool)
}

#[wasm_split(clone_into_form, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_clone_into_form))]
fn clone_into_form() -> Result<fn(Draft, bool) -> bool, SplitLoaderError> {
    Ok(crate::pages::into_form)
}

#[wasm_split(callback_state, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_callback_state))]
fn callback_state() -> Result<fn(CallbackArgs) -> AnyView, SplitLoaderError> {
    Ok(|(id, job_ended)| crate::components::callback_state::callback_state(id, job_ended).into_any())
}

#[wasm_split(find_job, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_find_job))]
fn find_job_split() -> Result<fn(Connection, String) -> Searching, SplitLoaderError> {
    Ok(crate::pages::search)
}

#[wasm_split(look_for_it, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_look_for_it))]
fn look_for_it() -> Result<fn(LookArgs) -> AnyView, SplitLoaderError> {
    Ok(|(job_type, since)| view! { <crate::pages::LookForIt job_type=job_type since=since/> }.into_any())
}

#[wasm_split(idna_tables, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_idna_tables))]
fn idna_tables() -> Result<jobs_core::hosts::ToAscii, SplitLoaderError> {
    Ok(jobs_core::hosts::UTS46)
}

/// A search by ID, under way.
type Searching = Pin<Box<dyn Future<Output = Found>>>;
/// An editor's tool is drawn for the editor and the tool.
type ToolArgs = (JsonText, Tool);
/// "Look for it" is drawn for a job type and the time it was sent (ms since the epoch).
type LookArgs = (String, f64);
/// A job's callback is drawn for the job's ID and whether the page knows it has ended.
type CallbackArgs = (String, Signal<bool>);
/// A fit's views are drawn for a job, its fit and its refresh counter.
type FitArgs = (String, RwSignal<Fit>, RwSignal<usize>);

/// The Settings page.
pub fn settings_page() -> impl IntoView {
    lazy("Settings", Some("Settings".to_owned()), || Box::pin(settings()), ())
}

/// The form. What was typed is kept in the browser as it is typed (`storage::draft`), so a form
/// that cannot load loses nothing: it is all there once the chunk arrives.
pub fn new_job_page() -> impl IntoView {
    lazy("The form", Some("New job".to_owned()), || Box::pin(new_job()), ())
}

/// A job's page.
pub fn job_page_view(id: String) -> impl IntoView {
    lazy("The job's page", Some(format!("Job {id}")), || Box::pin(job_page()), id)
}

/// Jobs side by side.
pub fn compare_page() -> impl IntoView {
    lazy("The comparison", Some("Compare jobs".to_owned()), || Box::pin(compare()), ())
}

/// The reader of the best costs of the fits on the list's page (ID, and whether it has ended).
pub fn cost_trends_reader(fits: PageFits) -> impl IntoView {
    lazy("The fits' best costs", None, || Box::pin(cost_trends()), fits)
}

/// The form's "Look for it", after a submission whose answer never came: the newest jobs of its
/// type, read as the list reads them.
pub fn look_for_it_view(job_type: String, since: f64) -> impl IntoView {
    lazy("Look for it", None, || Box::pin(look_for_it()), (job_type, since))
}

/// The jobs list.
pub fn jobs_list_page() -> impl IntoView {
    lazy("The jobs list", Some("Jobs".to_owned()), || Box::pin(jobs_list()), ())
}

/// A fit as a job's metadata (as text) shows it. The reader (numbers read as Python reads them,
/// and its tables) is a chunk with the fit's views: fetched only for metadata that holds a fit,
/// so that a job's page does not fetch it before its heading.
pub async fn read_fit(metadata: &str) -> Result<Fit, SplitLoaderError> {
    if !crate::fit::holds_fit(metadata) {
        return Ok(Fit::default());
    }
    Ok(fit_reader().await?(metadata))
}

/// Puts a job's request in the form, for its page's Clone and edit (see `pages::into_form`): the
/// form's drafts come with the form, not in a job page's first load.
pub async fn into_form(draft: Draft, replace: bool) -> Result<bool, SplitLoaderError> {
    Ok(clone_into_form().await?(draft, replace))
}

/// Where a job's callback stands (see `components::callback_state`), for a job that has a callback
/// URL: the page of a job without one neither fetches this nor polls the metadata for it.
pub fn callback(id: String, job_ended: Signal<bool>) -> impl IntoView {
    lazy("The callback's state", None, || Box::pin(callback_state()), (id, job_ended))
}

/// Looks for a job by its ID or the start of it, for the list's "Find by job ID" (see
/// `pages::search`): fetched when the list is idle, or at the first search.
pub async fn find_job(connection: Connection, wanted: String) -> Result<Found, SplitLoaderError> {
    Ok(find_job_split().await?(connection, wanted).await)
}

/// A fit's charts and tables (see `components::fit`).
pub fn fit(job_id: String, fit: RwSignal<Fit>, refresh: RwSignal<usize>) -> impl IntoView {
    lazy("The fit's charts", None, || Box::pin(fit_views()), (job_id, fit, refresh))
}

/// A tool of the JSON editor: the bar of a document too large to show whole, or find (see
/// `components::json_editor`).
pub fn editor_tool(editor: JsonText, tool: Tool) -> impl IntoView {
    let what = match tool {
        Tool::LargeDocument => "The large document's controls",
        Tool::Find(_) => "Find",
    };
    lazy(what, None, || Box::pin(editor_tools()), (editor, tool))
}

/// Fetches the editor's tools once an editor has the focus, before the idle-time prefetch would:
/// Ctrl+F then opens the find bar at once, and what the user types next goes into its field, not
/// into the document.
pub fn editor_in_use() {
    thread_local!(static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !ASKED.replace(true) {
        leptos::task::spawn_local(async {
            if preload_editor_tools().await.is_err() {
                // Asked again at the next focus; a find opened meanwhile says it could not load.
                ASKED.set(false);
            }
        });
    }
}

/// Where the IDNA tables stand: ICU4X's Unicode data, the reference's, which international host
/// names need to be answered as the API answers them (`jobs_core::hosts`). They are a chunk of
/// their own, loaded when a check first needs them.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Tables {
    /// Not asked for yet.
    Absent,
    Loading,
    /// The chunk did not arrive; asked for again by [`load_tables`].
    Failed,
    Ready,
}

thread_local! {
    // Reference-counted, not owned by the page that first asks: the tables outlive every page.
    static TABLES: ArcRwSignal<Tables> = ArcRwSignal::new(Tables::Absent);
}

/// Where the IDNA tables stand (tracked).
pub fn tables() -> Tables {
    TABLES.with(|t| t.get())
}

/// `check`'s answer, or None while it would lean on the browser's IDNA (a host name that needs
/// Unicode data before the tables are here): then the tables are asked for, and a caller that
/// tracks this sees the exact answer once they are installed. Never an early answer.
pub fn exact_hosts<T>(check: impl FnOnce() -> T) -> Option<T> {
    let state = tables();
    let (answer, provisional) = jobs_core::hosts::provisional(check);
    if !provisional {
        return Some(answer);
    }
    // Asked once, however many checks run before the load starts.
    thread_local!(static ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if state == Tables::Absent && !ASKED.replace(true) {
        leptos::task::spawn_local(async {
            load_tables().await;
        });
    }
    None
}

/// Loads and installs the IDNA tables (again after a failure); true once they are installed.
pub async fn load_tables() -> bool {
    let set = |state| TABLES.with(|t| t.set(state));
    if jobs_core::hosts::installed() {
        return true;
    }
    set(Tables::Loading);
    match idna_tables().await {
        Ok(tables) => {
            jobs_core::hosts::install(tables);
            set(Tables::Ready);
            true
        }
        Err(_) => {
            set(Tables::Failed);
            false
        }
    }
}

/// A job's result as a tree (see `components::json_tree`).
pub fn json_tree(text: Arc<str>) -> impl IntoView {
    lazy("The result's tree", None, || Box::pin(result_tree()), text)
}

thread_local! {
    // How many parts shown are waiting for their chunk, and when the last one stopped waiting
    // (ms since the epoch): see [`Waiting`].
    static SHOWING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static SETTLED_AT: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// A page waiting for what it is about to show (a part's chunk, the first answer of the API it
/// shows), counted while it waits, also when the page is left meanwhile and the wait is dropped:
/// [`prefetch`] does not compete with it.
pub struct Waiting;

impl Waiting {
    pub fn new() -> Self {
        SHOWING.set(SHOWING.get() + 1);
        Waiting
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        SHOWING.set(SHOWING.get() - 1);
        SETTLED_AT.set(js_sys::Date::now());
    }
}

/// How long no page must have waited before the prefetch starts: the time for what arrived last
/// to be drawn (and for what it fetches of its own to be asked for).
const QUIET_MS: f64 = 1000.0;

/// Fetches every chunk, one after the other, once the page shown has its chunks and its first
/// answer and has been drawn with them, and the browser is idle: a second after start, or a second
/// after the last of those arrived (on a slow connection the form's own chunk can take longer
/// than that, and the other pages' chunks would share its bandwidth). Going to another page then
/// does not wait on the network. A chunk that cannot load now is tried again when a page needs it.
pub fn prefetch() {
    SETTLED_AT.set(SETTLED_AT.get().max(js_sys::Date::now()));
    when_quiet();
}

/// How long the prefetch must still wait (ms): nothing once no page has waited for [`QUIET_MS`].
fn still_to_wait() -> f64 {
    match SHOWING.get() {
        0 => QUIET_MS - (js_sys::Date::now() - SETTLED_AT.get()),
        _ => QUIET_MS,
    }
}

fn when_quiet() {
    let wait = still_to_wait();
    if wait > 0.0 {
        set_timeout(when_quiet, std::time::Duration::from_millis(wait.ceil() as u64));
        return;
    }
    // A page may have started (or stopped) waiting before the browser was idle: then later.
    let when_idle = wasm_bindgen::closure::Closure::once_into_js(|| match still_to_wait() > 0.0 {
        true => when_quiet(),
        false => fetch_all(),
    });
    let _ = window().request_idle_callback(when_idle.unchecked_ref());
}

/// A chunk's fetch, for [`fetch_all`].
type Preload = fn() -> Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;

fn fetch_all() {
    // The most likely next first: a job's page (after a submission, or from the list), the form
    // (Clone), then the rest. The page already shown answers at once.
    const ORDER: [Preload; 15] = [
        || Box::pin(preload_job_page()),
        || Box::pin(preload_result_tree()),
        || Box::pin(preload_new_job()),
        || Box::pin(preload_clone_into_form()),
        || Box::pin(preload_callback_state()),
        || Box::pin(preload_fit_reader()),
        || Box::pin(preload_fit_views()),
        || Box::pin(preload_jobs_list()),
        || Box::pin(preload_find_job()),
        || Box::pin(preload_settings()),
        || Box::pin(preload_compare()),
        || Box::pin(preload_cost_trends()),
        || Box::pin(preload_editor_tools()),
        || Box::pin(preload_idna_tables()),
        || Box::pin(preload_look_for_it()),
    ];
    // Not while the browser is offline, and no further after a failure: a page fetches its chunk
    // again when it needs it (each failure would also be one more error in the console).
    let online = || window().navigator().on_line();
    leptos::task::spawn_local(async move {
        for preload in ORDER {
            if !online() || preload().await.is_err() {
                return;
            }
        }
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Loading,
    Failed,
    Ready,
}

/// Shows the part `split` draws from `args`, once its chunk is there. `what` names the part in the
/// sentence shown if it cannot load; a whole page (`heading`) keeps its heading meanwhile, so the
/// page is announced and focused as any other.
fn lazy<A: Clone + 'static>(
    what: &'static str,
    heading: Option<String>,
    split: fn() -> Split<A>,
    args: A,
) -> impl IntoView {
    let load: Rc<dyn Fn() -> Loading> = Rc::new(move || {
        let args = args.clone();
        Box::pin(async move {
            let draw = split().await?;
            Ok(Rc::new(move || draw(args.clone())) as Draw)
        })
    });
    shown(what, heading, load)
}

/// [`lazy`]'s work, compiled once for every part.
fn shown(what: &'static str, heading: Option<String>, load: Rc<dyn Fn() -> Loading>) -> impl IntoView {
    let is_page = heading.is_some();
    let stage = RwSignal::new(Stage::Loading);
    let draw: StoredValue<Option<Draw>, LocalStorage> = StoredValue::new_local(None);
    let load = StoredValue::new_local(load);
    let owner = Owner::current();
    let start = move || {
        let Some(mut loading) = load.try_with_value(|load| load()) else { return };
        // A chunk already here answers at once: its part is drawn now, as if it were in the main
        // module (no "Loading…" between pages, and a page built again keeps its focus).
        let mut now = Context::from_waker(Waker::noop());
        let done = move |result: Result<Draw, SplitLoaderError>| match result {
            Ok(f) => {
                draw.set_value(Some(f));
                stage.set(Stage::Ready);
            }
            Err(_) => stage.set(Stage::Failed),
        };
        if let Poll::Ready(result) = loading.as_mut().poll(&mut now) {
            done(result);
            return;
        }
        stage.set(Stage::Loading);
        let waiting = Waiting::new();
        spawn_for_page(owner.as_ref(), async move {
            let result = loading.await;
            drop(waiting);
            done(result);
            if is_page && crate::router::has_moved() {
                request_animation_frame(crate::router::focus_heading);
            }
        });
    };
    start();
    let retry = start.clone();
    part(move || {
        let title = heading.clone().map(|h| view! { <h1>{h}</h1> });
        Some(match stage.get() {
            Stage::Ready => draw.with_value(|f| f.as_ref().map(|f| f())).unwrap_or_else(|| ().into_any()),
            Stage::Loading => view! { {title} <p class="chunk-loading" aria-busy="true">"Loading…"</p> }.into_any(),
            Stage::Failed => {
                let retry = retry.clone();
                view! { {title} {did_not_arrive(what, Rc::new(retry))} }.into_any()
            }
        })
    })
}

/// The sentence for a part of the app that did not arrive: `failed` says what could not be done,
/// `then` what to do once the connection is back. One wording for every chunk.
pub fn not_arrived(failed: &str, then: &str) -> String {
    format!("{failed}: this part of the app did not arrive. Check the connection (or reload the page if the app was updated), then {then}.")
}

/// What is shown in place of a part whose chunk did not arrive: a sentence that names it (`what`),
/// and a Retry button that asks for it again. Not generic: one copy for every part.
pub fn did_not_arrive(what: &'static str, retry: Rc<dyn Fn()>) -> AnyView {
    view! {
        <div class="banner bad" role="alert">
            <p>{not_arrived(&format!("{what} could not be loaded"), "retry")}</p>
            <button type="button" on:click=handler(move |_: web_sys::MouseEvent| retry())>"Retry"</button>
        </div>
    }
    .into_any()
}
