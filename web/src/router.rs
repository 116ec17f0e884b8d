//! The app's routes, named once, and the little router that follows them.
//!
//! Five pages and a query string do not need a routing library: leptos_router costs about
//! 55 KB gzip of a 150 KB budget. This module keeps the current [`Location`] in a signal, moves
//! with the History API, and serves the app from any base path (`--public-url /console/`).

use leptos::prelude::*;

use crate::erased::handler;
use wasm_bindgen::JsCast;

use crate::uri;

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The job-submission form (`/` leads here).
    NewJob,
    /// The jobs list.
    Jobs,
    /// One job's live status.
    Job(String),
    /// Jobs side by side (which ones: the query's `ids`).
    Compare,
    /// Settings: API base URL, key, default project.
    Settings,
    /// Any other address.
    NotFound,
}

impl Route {
    /// The route's path, relative to the app's base.
    pub fn path(&self) -> String {
        match self {
            Route::NewJob => "/jobs/new".to_owned(),
            Route::Jobs => "/jobs".to_owned(),
            Route::Job(id) => format!("/jobs/{}", uri::encode(id)),
            Route::Compare => "/compare".to_owned(),
            Route::Settings => "/settings".to_owned(),
            Route::NotFound => "/not-found".to_owned(),
        }
    }

    /// The route a path (relative to the base) names.
    pub fn parse(path: &str) -> Route {
        let trimmed = path.trim_end_matches('/');
        match trimmed {
            "" | "/jobs/new" => Route::NewJob,
            "/jobs" => Route::Jobs,
            "/settings" => Route::Settings,
            "/compare" => Route::Compare,
            _ => match trimmed.strip_prefix("/jobs/") {
                Some(id) if !id.is_empty() && !id.contains('/') => {
                    Route::Job(uri::decode(id).unwrap_or_else(|| id.to_owned()))
                }
                _ => Route::NotFound,
            },
        }
    }

    /// The page's name, for the tab title.
    pub fn title(&self) -> &'static str {
        match self {
            Route::NewJob => "New job",
            Route::Jobs => "Jobs",
            Route::Job(_) => "Job",
            Route::Compare => "Compare jobs",
            Route::Settings => "Settings",
            Route::NotFound => "Page not found",
        }
    }
}

/// Where the app is: a route and its query string (without `?`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The page.
    pub route: Route,
    /// The query string, e.g. `status=failed&offset=50`.
    pub query: String,
}

/// The base path the app is served under (`/console` when built with `--public-url /console/`),
/// read from the `<base>` element Trunk writes into `index.html`; empty at the root.
pub fn base_path() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = web_sys::Url::new(&base).map(|u| u.pathname()).unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}

/// The full `href` of a route with an optional query.
pub fn href(route: &Route, query: &str) -> String {
    let query = if query.is_empty() { String::new() } else { format!("?{query}") };
    format!("{}{}{query}", base_path(), route.path())
}

fn current() -> Location {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let base = base_path();
    let path = path.strip_prefix(&base).unwrap_or(&path);
    let query = location.search().unwrap_or_default().trim_start_matches('?').to_owned();
    Location { route: Route::parse(path), query }
}

/// The app's location, as a signal everything can read.
#[derive(Clone, Copy)]
pub struct Router(RwSignal<Location>);

impl Router {
    /// Starts following the browser's location; call once, at the top of the app.
    pub fn provide() -> Router {
        let router = Router(RwSignal::new(current()));
        // `/` shows the form: say so in the address bar too.
        if router.0.get_untracked().route == Route::NewJob && current_path_is_root() {
            router.replace(&Route::NewJob, "");
        }
        let _ = window_event_listener(leptos::ev::popstate, move |_| router.show(current()));
        provide_context(router);
        router
    }

    /// The router provided by [`Router::provide`].
    pub fn get() -> Router {
        expect_context::<Router>()
    }

    /// The current location (tracked).
    pub fn location(&self) -> Location {
        self.0.get()
    }

    /// The current route (tracked).
    pub fn route(&self) -> Route {
        self.0.with(|l| l.route.clone())
    }

    /// Whether the app is on this route (tracked).
    pub fn is_at(&self, route: &Route) -> bool {
        self.0.with(|l| l.route == *route)
    }

    /// Goes to a page, adding a history entry.
    pub fn navigate(&self, route: &Route, query: &str) {
        let url = href(route, query);
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        self.show(current());
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// Changes the address of the current page without a new history entry (e.g. its filters).
    pub fn replace(&self, route: &Route, query: &str) {
        let url = href(route, query);
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        self.show(current());
    }

    /// Shows `location`. Leaving a page takes the focus out of it first: a focused field removed
    /// with its page would be blurred by the browser after the page's state is gone, and its
    /// blur handler would read that state (and the app would die). The focus then goes to the new
    /// page's heading. A change of the query string alone (the list's filters) is the same page:
    /// the focus stays where the user is.
    fn show(&self, location: Location) {
        let new_page = self.0.with_untracked(|l| l.route != location.route);
        if new_page {
            let focused = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(focused) = focused {
                let _ = focused.blur();
            }
        }
        self.0.set(location);
        if new_page {
            MOVED.set(true);
            // Leptos draws the new page in a task after this returns; by the next frame it is there.
            request_animation_frame(focus_heading);
        }
    }
}

thread_local! {
    static MOVED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the app has gone to another page since it started. A page that arrives later (its
/// chunk was on its way) takes the focus to its heading only then: on a fresh load the focus stays
/// where the browser puts it, and the skip link stays the first Tab stop.
pub fn has_moved() -> bool {
    MOVED.get()
}

/// Gives the focus to the page's `<h1>`, unless something on the page has taken it already. Left
/// on the body, the focus would make a screen reader announce nothing of the new page and send the
/// next Tab back to the top of the document. `tabindex="-1"` lets the heading take the focus
/// without becoming a Tab stop (style.css shows no ring on it: it is not something to press).
pub fn focus_heading() {
    if document().active_element().is_some_and(|e| e.tag_name() != "BODY") {
        return;
    }
    let heading = document().query_selector("main h1").ok().flatten();
    if let Some(heading) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
        heading.set_tab_index(-1);
        let _ = heading.focus();
    }
}

fn current_path_is_root() -> bool {
    let path = window().location().pathname().unwrap_or_default();
    path.strip_prefix(&base_path()).unwrap_or(&path).trim_end_matches('/').is_empty()
}

/// A link to a page of the app: a real `<a href>` (open in a new tab works), followed in place
/// on a plain click.
#[component]
pub fn Link(
    /// Where it goes.
    to: Route,
    /// The query string, if any.
    #[prop(optional, into)]
    query: String,
    /// Extra classes.
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    let router = Router::get();
    let target = href(&to, &query);
    let here = to.clone();
    let current = move || router.is_at(&here).then_some("page");
    let on_click = move |ev: web_sys::MouseEvent| {
        let plain = ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key());
        if plain {
            ev.prevent_default();
            router.navigate(&to, &query);
        }
    };
    view! {
        <a href=target class=class aria-current=current on:click=handler(on_click)>{children()}</a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_and_the_form_address_both_show_the_form() {
        for path in ["", "/", "/jobs/new", "/jobs/new/"] {
            assert_eq!(Route::parse(path), Route::NewJob, "{path:?}");
        }
    }

    #[test]
    fn list_and_settings_addresses_name_their_pages_with_or_without_a_trailing_slash() {
        assert_eq!(Route::parse("/jobs"), Route::Jobs);
        assert_eq!(Route::parse("/jobs/"), Route::Jobs);
        assert_eq!(Route::parse("/settings"), Route::Settings);
        assert_eq!(Route::parse("/settings/"), Route::Settings);
        assert_eq!(Route::parse("/compare"), Route::Compare);
    }

    #[test]
    fn a_job_address_carries_the_decoded_job_id() {
        assert_eq!(Route::parse("/jobs/abc-123"), Route::Job("abc-123".to_owned()));
        assert_eq!(Route::parse("/jobs/a%20b%2Fc"), Route::Job("a b/c".to_owned()));
        assert_eq!(
            Route::parse("/jobs/100%"),
            Route::Job("100%".to_owned()),
            "kept as written when it cannot be decoded"
        );
    }

    #[test]
    fn deeper_or_unknown_addresses_are_not_found() {
        for path in ["/jobs/a/b", "/job", "/settings/x", "/other"] {
            assert_eq!(Route::parse(path), Route::NotFound, "{path:?}");
        }
    }

    #[test]
    fn every_routes_path_parses_back_to_the_route() {
        let routes = [
            Route::NewJob,
            Route::Jobs,
            Route::Settings,
            Route::Compare,
            Route::Job("plain".to_owned()),
            Route::Job("with space/slash?and#hash 'é'".to_owned()),
        ];
        for route in routes {
            assert_eq!(Route::parse(&route.path()), route);
        }
    }
}
