//! The HTTP API's router: [`app`] says which handler answers which path, then the layers every
//! answer passes through. Handlers are named `resource_verb`, one file per resource:
//!
//! - `submit`: `POST /jobs`; `list`: `GET /jobs`; `read`: `GET /jobs/{id}` and its metadata;
//!   `cancel`: `POST /jobs/{id}/cancel`; `health`: `/health` and `/openapi.json`.
//! - `api_key`: the `X-API-Key` check in front of every `/jobs` route.
//! - `origin`: the `Host` and `Origin` check in front of everything.
//!
//! What no route takes goes to the web app (`crate::web`); errors are `crate::error::AppError`.

mod api_key;
mod cancel;
mod health;
mod list;
mod origin;
mod read;
mod series;

pub use series::MAX_POINTS as MAX_SERIES_POINTS;
mod submit;

use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::{json_text, AppError};
use crate::simulation::{fit, FitPlan, Plan};
use crate::state::AppState;
use crate::store::JobRow;
use crate::{correlation, web};

/// The API's routes. `tests/` drive it with `oneshot`; `cli` serves it.
pub fn app(state: AppState) -> Router {
    let jobs_routes: [(&str, MethodRouter<AppState>); 6] = [
        ("/jobs", get(list::jobs_list).post(submit::jobs_submit)),
        ("/jobs/{job_id}", get(read::jobs_get)),
        ("/jobs/{job_id}/cancel", post(cancel::jobs_cancel)),
        ("/jobs/{job_id}/metadata", get(read::jobs_metadata)),
        ("/jobs/{job_id}/series", get(series::series_get)),
        ("/jobs/{job_id}/series/channels", get(series::series_channels)),
    ];
    // Each jobs path answers with and without a trailing slash, so each is routed twice here.
    // tower-http's NormalizePath (wrapped around the router, trimming before routing) was tried
    // and changes answers, because it trims every path and every repeated slash: `/health/` and
    // `/openapi.json/` (404 today) and `/jobs//`, `//jobs` (404 today) would answer 200; with
    // `--dist`, a folder such as `/assets/` (its index.html today) would redirect to itself for
    // ever; and `No API route is at /x/` would name `/x`.
    let jobs = jobs_routes
        .into_iter()
        .fold(Router::new(), |router, (path, handlers)| {
            router.route(path, handlers.clone()).route(&format!("{path}/"), handlers)
        })
        .route_layer(middleware::from_fn_with_state(state.clone(), api_key::require_api_key))
        // A job's result may be megabytes of JSON: compressed when the client accepts it.
        .layer(CompressionLayer::new());
    Router::new()
        .route("/health", get(health::health_get))
        .route("/openapi.json", get(health::openapi_get))
        .merge(jobs)
        .fallback(web::fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), web::browser_navigation))
        .layer(cors(state.access.any_origin()))
        // Before CORS: a page that may not call the server is refused, not only left unread.
        .layer(middleware::from_fn_with_state(state.clone(), origin::require_own_origin))
        .layer(middleware::from_fn(correlation::correlate))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// On every answer: no type sniffing (a JSON or JavaScript answer is never run as something
/// else), and no `Referer` sent from the app's pages to other sites (job ids are in its URLs).
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// Every origin that reaches this layer has passed `origin::require_own_origin`, so it is echoed
/// (`*` when any origin may call).
fn cors(any_origin: bool) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(if any_origin { AllowOrigin::any() } else { AllowOrigin::mirror_request() })
        .allow_methods([Method::GET, Method::POST, Method::HEAD, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::CONTENT_ENCODING,
            header::ACCEPT,
            header::AUTHORIZATION,
            HeaderName::from_static("x-api-key"),
            HeaderName::from_static(correlation::HEADER),
        ])
        .expose_headers([HeaderName::from_static(list::TOTAL_COUNT), HeaderName::from_static(correlation::HEADER)])
        .max_age(Duration::from_secs(600))
}

/// A job as the answer's body (`JobRow::to_json`: its result written in, not parsed again).
fn job_answer(status: StatusCode, job: &JobRow) -> Response {
    match job.to_json() {
        Ok(text) => json_text(status, text),
        Err(e) => AppError::Internal(format!("cannot write the job as JSON: {e}")).into_response(),
    }
}

/// The simulated fit job `job_id` runs, with its course, or none for any other job; made again
/// from the job's small params and metadata (as the worker that runs it reads them), so every
/// read of its series or chain remakes the same fit.
async fn simulated_fit(state: &AppState, job_id: &str) -> Result<Option<(FitPlan, fit::Setup)>, AppError> {
    let inputs = state.scheduler.store().kind(job_id.to_owned()).await?.ok_or(AppError::JobNotFound)?;
    let plan = inputs.params.and_then(|p| Plan::for_job(&inputs.job_type, &p, inputs.metadata.as_deref()).ok());
    Ok(plan.and_then(|p| p.fit).map(|f| {
        let setup = fit::Setup::new(job_id, &f.conditions);
        (f, setup)
    }))
}

async fn method_not_allowed(method: Method) -> AppError {
    AppError::MethodNotAllowed(method)
}
