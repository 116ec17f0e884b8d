//! The HTTP API: `app(state)` builds the router, then the handlers (`resource_verb`), then the
//! input types, then the one error type every handler answers with.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path as UrlPath, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use jobs_core::{
    check_query_enum, check_query_int, reject_non_json_body, validate_submit_job_bytes, HTTPValidationError, JobStatus,
    JobType, Rejection, ValidationError, WireEnum,
};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::body::{self, BodyError};
use crate::callback::CallbackPolicy;
use crate::scheduler::{CancelError, Scheduler};
use crate::store::{ListFilter, NewJob, StoreError};
use crate::{correlation, openapi, simulation, web};

/// How a server is set up (what the command line gives).
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite file, or `:memory:`.
    pub db: String,
    /// How many jobs run at once.
    pub workers: usize,
    /// When set, every jobs endpoint requires `X-API-Key` with this value.
    pub api_key: Option<String>,
    /// The built web app to serve at `/`.
    pub dist: Option<PathBuf>,
    /// How job-ended callbacks are delivered.
    pub callbacks: CallbackPolicy,
}

impl Config {
    /// A server whose jobs live in memory, with 4 workers, open, without a web app.
    pub fn in_memory() -> Config {
        Config {
            db: ":memory:".to_owned(),
            workers: 4,
            api_key: None,
            dist: None,
            callbacks: CallbackPolicy::default(),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub scheduler: Scheduler,
    api_key: Option<Arc<str>>,
    pub(crate) dist: Option<Arc<Path>>,
    openapi: Arc<str>,
}

impl AppState {
    /// Opens the store, re-queues what was running when the server last stopped, and starts the
    /// workers. Must run inside a tokio runtime.
    pub fn open(config: &Config) -> Result<AppState, StoreError> {
        Ok(AppState {
            scheduler: Scheduler::start(&config.db, config.workers, config.callbacks.clone())?,
            api_key: config.api_key.as_deref().map(Arc::from),
            dist: config.dist.as_deref().map(Arc::from),
            openapi: Arc::from(openapi::document()),
        })
    }
}

/// The API's routes. Paths work with and without a trailing slash.
pub fn app(state: AppState) -> Router {
    let jobs = Router::new()
        .route("/jobs", get(jobs_list).post(jobs_submit))
        .route("/jobs/", get(jobs_list).post(jobs_submit))
        .route("/jobs/{job_id}", get(jobs_get))
        .route("/jobs/{job_id}/", get(jobs_get))
        .route("/jobs/{job_id}/cancel", post(jobs_cancel))
        .route("/jobs/{job_id}/cancel/", post(jobs_cancel))
        .route("/jobs/{job_id}/metadata", get(jobs_metadata))
        .route("/jobs/{job_id}/metadata/", get(jobs_metadata))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_api_key))
        // A job's result may be megabytes of JSON: compressed when the client accepts it.
        .layer(CompressionLayer::new());
    Router::new()
        .route("/health", get(health_get))
        .route("/openapi.json", get(openapi_get))
        .merge(jobs)
        .fallback(web::fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), web::browser_navigation))
        .layer(cors())
        .layer(middleware::from_fn(correlation::correlate))
        .with_state(state)
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([Method::GET, Method::POST, Method::HEAD, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::CONTENT_ENCODING,
            header::ACCEPT,
            header::AUTHORIZATION,
            HeaderName::from_static("x-api-key"),
            HeaderName::from_static(correlation::HEADER),
        ])
        .expose_headers([HeaderName::from_static(TOTAL_COUNT), HeaderName::from_static(correlation::HEADER)])
        .max_age(Duration::from_secs(600))
}

const TOTAL_COUNT: &str = "x-total-count";

async fn require_api_key(State(state): State<AppState>, request: Request, next: Next) -> Result<Response, AppError> {
    if let Some(key) = &state.api_key {
        match request.headers().get("x-api-key") {
            None => return Err(AppError::MissingApiKey),
            Some(given) if !same_secret(given.as_bytes(), key.as_bytes()) => return Err(AppError::WrongApiKey),
            Some(_) => {}
        }
    }
    Ok(next.run(request).await)
}

/// Compares without stopping at the first difference, so timing does not reveal the key.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn jobs_submit(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let project_id = QueryPairs::parse(query.as_deref()).last("project_id").map(str::to_owned);
    let is_json = body::is_json_content_type(&headers);
    let bytes = body::read(&headers, body).await?;
    let validate = move |bytes: &Bytes| {
        if is_json {
            validate_submit_job_bytes(bytes)
        } else {
            Err(reject_non_json_body(bytes))
        }
    };
    let validated = if bytes.len() > body::INLINE_WORK_BYTES {
        tokio::task::spawn_blocking(move || validate(&bytes)).await.map_err(|e| AppError::Internal(e.to_string()))?
    } else {
        validate(&bytes)
    };
    let request = validated.map_err(AppError::Rejected)?;
    let job_id = uuid::Uuid::new_v4().to_string();
    let job = state.scheduler.submit(NewJob { job_id, request, project_id }).await?;
    Ok(json_response(StatusCode::ACCEPTED, &job.to_response()))
}

async fn jobs_get(
    State(state): State<AppState>,
    job_id: Result<UrlPath<String>, PathRejection>,
) -> Result<Response, AppError> {
    let UrlPath(job_id) = job_id.map_err(|_| AppError::JobNotFound)?;
    let job = state.scheduler.store().get(job_id).await?.ok_or(AppError::JobNotFound)?;
    Ok(json_response(StatusCode::OK, &job.to_response()))
}

async fn jobs_list(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let query = ListQuery::parse(query.as_deref())?;
    let (jobs, total) = state.scheduler.store().list(query.filter, query.limit, query.offset).await?;
    let jobs: Vec<_> = jobs.iter().map(|job| job.to_response()).collect();
    let mut response = json_response(StatusCode::OK, &jobs);
    response.headers_mut().insert(TOTAL_COUNT, HeaderValue::from(total));
    Ok(response)
}

async fn jobs_cancel(
    State(state): State<AppState>,
    job_id: Result<UrlPath<String>, PathRejection>,
) -> Result<Response, AppError> {
    let UrlPath(job_id) = job_id.map_err(|_| AppError::JobNotFound)?;
    match state.scheduler.cancel(job_id).await {
        Ok(job) => Ok(json_response(StatusCode::OK, &job.to_response())),
        Err(CancelError::NotFound) => Err(AppError::JobNotFound),
        Err(CancelError::AlreadyOver(status)) => Err(AppError::AlreadyOver(status)),
        Err(CancelError::Store(e)) => Err(e.into()),
    }
}

async fn jobs_metadata(
    State(state): State<AppState>,
    job_id: Result<UrlPath<String>, PathRejection>,
) -> Result<Response, AppError> {
    let UrlPath(job_id) = job_id.map_err(|_| AppError::JobNotFound)?;
    let (metadata, trace) = state.scheduler.store().metadata(job_id).await?.ok_or(AppError::JobNotFound)?;
    Ok(json_text(StatusCode::OK, metadata_document(metadata.as_deref(), &trace)))
}

/// The submitted metadata, verbatim (made standard JSON), with `intermediate_results` added
/// last: a reader that keeps the last of repeated keys (Python, JavaScript) sees the server's.
fn metadata_document(metadata: Option<&str>, trace: &str) -> String {
    let submitted = metadata.map(simulation::standard_json_object).unwrap_or_else(|| "{}".to_owned());
    let inner = submitted.trim().strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or("");
    if inner.trim().is_empty() {
        format!("{{\"intermediate_results\":{trace}}}")
    } else {
        format!("{{{inner},\"intermediate_results\":{trace}}}")
    }
}

async fn health_get() -> Response {
    json_text(StatusCode::OK, r#"{"status":"ok"}"#.to_owned())
}

async fn openapi_get(State(state): State<AppState>) -> Response {
    json_text(StatusCode::OK, state.openapi.to_string())
}

async fn method_not_allowed(method: Method) -> AppError {
    AppError::MethodNotAllowed(method)
}

/// A response whose body is `value` as JSON, typed `application/json` exactly (the official
/// client compares that header literally).
pub(crate) fn json_response<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(text) => json_text(status, text),
        Err(e) => AppError::Internal(format!("cannot write the answer as JSON: {e}")).into_response(),
    }
}

pub(crate) fn json_text(status: StatusCode, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], text).into_response()
}

/// A query string as `(name, value)` pairs, decoded, in order.
struct QueryPairs(Vec<(String, String)>);

impl QueryPairs {
    fn parse(query: Option<&str>) -> QueryPairs {
        QueryPairs(url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect())
    }

    /// The last value given for `name` (FastAPI reads a repeated single parameter that way).
    fn last(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// `GET /jobs` parameters, checked as FastAPI checks `Query(...)` parameters.
struct ListQuery {
    filter: ListFilter,
    limit: i64,
    offset: i64,
}

/// The page size when `limit` is not given (also the largest allowed).
pub const DEFAULT_LIMIT: i64 = 100;

impl ListQuery {
    fn parse(query: Option<&str>) -> Result<ListQuery, AppError> {
        let pairs = QueryPairs::parse(query);
        let mut errors = Vec::new();
        let job_type = pairs.last("job_type").and_then(|raw| enum_value::<JobType>(raw, "job_type", None, &mut errors));
        let job_types: Vec<JobType> = pairs
            .all("job_types")
            .enumerate()
            .filter_map(|(i, raw)| enum_value::<JobType>(raw, "job_types", Some(i), &mut errors))
            .collect();
        let status = pairs.last("status").and_then(|raw| enum_value::<JobStatus>(raw, "status", None, &mut errors));
        let mut int = |name: &str, default: i64, ge: i64, le: i64| match pairs.last(name) {
            None => default,
            Some(raw) => check_query_int(name, raw, ge, le).unwrap_or_else(|e| {
                errors.push(e);
                default
            }),
        };
        let limit = int("limit", DEFAULT_LIMIT, 1, 100);
        let offset = int("offset", 0, 0, i64::MAX);
        if !errors.is_empty() {
            return Err(AppError::InvalidQuery(errors));
        }
        let job_types =
            if pairs.all("job_types").next().is_some() { job_types } else { job_type.into_iter().collect() };
        Ok(ListQuery { filter: ListFilter { job_types, status }, limit, offset })
    }
}

/// Reads an enum query value, or records the 422 entry pydantic writes for it (jobs-core's rule).
fn enum_value<T: WireEnum>(
    raw: &str,
    name: &str,
    index: Option<usize>,
    errors: &mut Vec<ValidationError>,
) -> Option<T> {
    check_query_enum::<T>(name, index, raw).map_err(|e| errors.push(e)).ok()
}

/// Everything a handler can answer besides success, each with a sentence for people.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Job not found")]
    JobNotFound,
    #[error(
        "The job has already {0}, so it cannot be canceled: only pending, waiting or processing jobs can be canceled."
    )]
    AlreadyOver(JobStatus),
    #[error("The body was refused as the hosted API refuses it.")]
    Rejected(Rejection),
    #[error("The query parameters are not valid.")]
    InvalidQuery(Vec<ValidationError>),
    #[error(
        "This server requires an API key: send it in the X-API-Key header (the server was started with --api-key \
         or JOBS_API_KEY)."
    )]
    MissingApiKey,
    #[error("The X-API-Key header does not match this server's API key; send the key the server was started with.")]
    WrongApiKey,
    #[error(transparent)]
    Body(#[from] BodyError),
    #[error("No API route is at {0}; see /openapi.json for the routes this server offers.")]
    RouteNotFound(String),
    #[error("This path does not accept {0} requests; see /openapi.json for the methods it takes.")]
    MethodNotAllowed(Method),
    #[error("The job store failed ({0}); check the server's log and its --db file, then try again.")]
    Store(#[from] StoreError),
    #[error("The server failed ({0}); check its log and try again.")]
    Internal(String),
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::JobNotFound | AppError::RouteNotFound(_) => StatusCode::NOT_FOUND,
            AppError::AlreadyOver(_) => StatusCode::CONFLICT,
            AppError::Rejected(r) => StatusCode::from_u16(r.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
            AppError::InvalidQuery(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::MissingApiKey | AppError::WrongApiKey => StatusCode::UNAUTHORIZED,
            AppError::Body(e) => e.status(),
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Store(StoreError::Closed) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        match self {
            AppError::Rejected(rejection) => json_text(status, rejection.body_json()),
            AppError::InvalidQuery(detail) => json_response(status, &HTTPValidationError { detail }),
            other => json_response(status, &serde_json::json!({ "detail": other.to_string() })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_keeps_submitted_fields_and_adds_the_trace_last() {
        assert_eq!(metadata_document(None, "[]"), r#"{"intermediate_results":[]}"#);
        assert_eq!(metadata_document(Some("{ }"), "[1]"), r#"{"intermediate_results":[1]}"#);
        assert_eq!(
            metadata_document(Some(r#"{"tag": "a", "x": NaN}"#), "[]"),
            r#"{"tag": "a", "x": null,"intermediate_results":[]}"#
        );
    }

    #[test]
    fn an_unknown_status_filter_is_answered_like_pydantic_answers_an_enum() {
        let Err(AppError::InvalidQuery(errors)) = ListQuery::parse(Some("status=done&limit=0")) else { panic!() };
        let text = serde_json::to_string(&errors).unwrap();
        assert_eq!(
            text,
            r#"[{"type":"enum","loc":["query","status"],"msg":"Input should be 'pending', 'processing', 'waiting', 'completed', 'failed' or 'canceled'","input":"done","ctx":{"expected":"'pending', 'processing', 'waiting', 'completed', 'failed' or 'canceled'"}},{"type":"greater_than_equal","loc":["query","limit"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}]"#
        );
    }

    #[test]
    fn job_types_win_over_job_type() {
        let query = ListQuery::parse(Some("job_type=dummy&job_types=simulate&job_types=datafit")).ok().unwrap();
        assert_eq!(query.filter.job_types, [JobType::Simulate, JobType::Datafit]);
        let query = ListQuery::parse(Some("job_type=dummy")).ok().unwrap();
        assert_eq!(query.filter.job_types, [JobType::Dummy]);
    }
}
