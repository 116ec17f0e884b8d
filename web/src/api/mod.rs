//! The typed client of the jobs API: one struct holding where the API is and the key, one method
//! per endpoint (this file), one error type whose every case is a sentence for people
//! (`error.rs`), reading answers apart from the network (`answer.rs`), and the list's filters
//! (`jobs_query.rs`).

mod answer;
mod error;
mod jobs_query;

use gloo_net::http::{Request, RequestBuilder, Response};
use jobs_core::JobResponse;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::connection::Connection;
use crate::uri;

pub use error::{ApiError, ConnectionCheck};
pub use jobs_query::{JobsQuery, Sort, StatusFilter, Unapplied, DEFAULT_PAGE_SIZE, PAGE_SIZES};

/// How long a submission may take to answer (a large body on a slow link takes a while).
const SUBMIT_TIMEOUT_S: u32 = 120;

/// Bodies at least this large are sent gzip-compressed, as the official client does.
pub const GZIP_FROM_BYTES: usize = 512 * 1024;

#[wasm_bindgen(module = "/js/browser.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn gzip(text: &str) -> Result<JsValue, JsValue>;
}

/// A page of the jobs list.
#[derive(Debug, Clone, PartialEq)]
pub struct JobsPage {
    /// The jobs, newest first.
    pub jobs: Vec<JobResponse>,
    /// How many match in all, when the server says.
    pub total: Option<u64>,
    /// How many jobs the API answered for the page, before any outside the filters were kept out.
    pub answered: u32,
    /// The filters the API answered without applying (their jobs are kept out of `jobs`).
    pub unapplied: Vec<Unapplied>,
}

/// The jobs API at a base URL, with a key.
#[derive(Clone)]
pub struct Api {
    base: String,
    key: String,
    /// Where the base URL comes from when it follows the settings (read when a request is made,
    /// once the deployment's config.json has been read).
    connection: Option<Connection>,
}

impl Api {
    /// The API the settings point at (read untracked; capture the settings when the component is
    /// created, since tasks and handlers run without the component's context).
    pub fn of(connection: Connection) -> Api {
        let key = connection.saved.with_untracked(|s| s.api_key.clone());
        Api { base: untrack(|| connection.api_base()), key, connection: Some(connection) }
    }

    /// An API at this base URL with this key (for "Test connection" before saving).
    pub fn new(base: &str, key: &str) -> Api {
        Api { base: base.trim().trim_end_matches('/').to_owned(), key: key.trim().to_owned(), connection: None }
    }

    /// The base URL (as of the last request).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Settles the base URL before a request: a deployment's config.json may still be on its way
    /// when the first page asks for something.
    async fn ready(&mut self) {
        if let Some(connection) = self.connection {
            crate::connection::deployment_config_read().await;
            self.base = untrack(|| connection.api_base());
        }
    }

    fn request(&self, builder: RequestBuilder) -> RequestBuilder {
        let builder = builder.header("Accept", "application/json");
        // The key goes in this header only: never in a URL, a log or a message.
        if self.key.is_empty() {
            builder
        } else {
            builder.header("X-API-Key", &self.key)
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request and reads its answer's body, within `timeout_s`. Dropping the future (a page
    /// left, its task dropped: see `task.rs`) aborts the fetch, body and all.
    async fn send(
        &self,
        builder: RequestBuilder,
        body: Option<JsValue>,
        timeout_s: u32,
    ) -> Result<(Response, String), ApiError> {
        // The one case where nothing can have been sent: the browser knows it is offline.
        if !window().navigator().on_line() {
            return Err(ApiError::Offline);
        }
        let controller =
            web_sys::AbortController::new().map_err(|_| ApiError::Unreadable("no AbortController".to_owned()))?;
        let signal = controller.signal();
        let builder = self.request(builder).abort_signal(Some(&signal));
        let request = match body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Unreadable(e.to_string()))?;
        let abort = controller.clone();
        let timer =
            set_timeout_with_handle(move || abort.abort(), std::time::Duration::from_secs(u64::from(timeout_s)));
        let _guard = AbortOnDrop(controller, timer.ok());
        let timed_out = || signal.aborted();
        let response = match request.send().await {
            Ok(response) => response,
            Err(_) if timed_out() => return Err(ApiError::Timeout { seconds: timeout_s }),
            Err(_) => return Err(ApiError::Unreachable { base: self.base.clone() }),
        };
        match response.text().await {
            Ok(text) => Ok((response, text)),
            // An answer of success whose body was lost: the server did it.
            Err(e) if response.ok() => Err(ApiError::UnreadableSuccess(e.to_string())),
            Err(_) if timed_out() => Err(ApiError::Timeout { seconds: timeout_s }),
            Err(e) => Err(ApiError::Unreadable(e.to_string())),
        }
    }

    /// `POST /jobs`: submits a body (compressed when large). Never retried.
    pub async fn submit_job(&mut self, body: &str, project_id: &str) -> Result<JobResponse, ApiError> {
        self.ready().await;
        let mut url = self.url("/jobs");
        if !project_id.trim().is_empty() {
            url.push('?');
            url.push_str(&uri::pair("project_id", project_id.trim()));
        }
        let mut builder = Request::post(&url).header("Content-Type", "application/json");
        let payload: JsValue = if body.len() >= GZIP_FROM_BYTES {
            match gzip(body).await {
                Ok(bytes) => {
                    builder = builder.header("Content-Encoding", "gzip");
                    bytes
                }
                // No CompressionStream: send it as it is.
                Err(_) => JsValue::from_str(body),
            }
        } else {
            JsValue::from_str(body)
        };
        read_job(self.send(builder, Some(payload), SUBMIT_TIMEOUT_S).await?)
    }

    /// `GET /jobs/{id}`.
    pub async fn job(&mut self, id: &str) -> Result<JobResponse, ApiError> {
        self.ready().await;
        read_job(self.send(Request::get(&self.url(&job_path(id, ""))), None, 30).await?)
    }

    /// `POST /jobs/{id}/cancel`.
    pub async fn cancel_job(&mut self, id: &str) -> Result<JobResponse, ApiError> {
        self.ready().await;
        read_job(self.send(Request::post(&self.url(&job_path(id, "/cancel"))), None, 30).await?)
    }

    /// `GET /jobs/{id}/metadata` (a JSON object, as text).
    pub async fn job_metadata(&mut self, id: &str) -> Result<String, ApiError> {
        self.ready().await;
        read_ok(self.send(Request::get(&self.url(&job_path(id, "/metadata"))), None, 30).await?)
    }

    /// `GET /jobs/{id}/series/channels`: which objectives have series, by source (JSON text).
    pub async fn series_channels(&mut self, id: &str) -> Result<String, ApiError> {
        self.ready().await;
        read_ok(self.send(Request::get(&self.url(&job_path(id, "/series/channels"))), None, 30).await?)
    }

    /// `GET /jobs/{id}/series` with `query` (`objective=…&source=…`, built with `uri::pair`):
    /// one objective's columns (JSON text).
    pub async fn series(&mut self, id: &str, query: &str) -> Result<String, ApiError> {
        self.ready().await;
        let url = format!("{}?{query}", self.url(&job_path(id, "/series")));
        read_ok(self.send(Request::get(&url), None, 60).await?)
    }

    /// `GET /jobs` with filters; accepts a bare array or `{jobs|items, total}`.
    pub async fn jobs(&mut self, query: &JobsQuery) -> Result<JobsPage, ApiError> {
        self.ready().await;
        let url = format!("{}?{}", self.url("/jobs"), query.api_query());
        let answer = self.send(Request::get(&url), None, 30).await?;
        let header_total = answer.0.headers().get("x-total-count").and_then(|t| t.trim().parse().ok());
        let text = read_ok(answer)?;
        let (mut jobs, total) = answer::read_list(&text).map_err(|e| ApiError::Unreadable(e.to_string()))?;
        let answered = jobs.len() as u32;
        let unapplied = query.keep_matching(&mut jobs);
        Ok(JobsPage { jobs, total: total.or(header_total), answered, unapplied })
    }

    /// "Test connection": asks for one job of the list, which needs the key when there is one.
    pub async fn check_connection(&mut self) -> ConnectionCheck {
        self.ready().await;
        let with_key = !self.key.is_empty();
        match self.send(Request::get(&format!("{}?limit=1", self.url("/jobs"))), None, 15).await {
            Err(error) => ConnectionCheck::Failed(error),
            Ok((response, text)) => match response.status() {
                200..=299 => match answer::read_list(&text) {
                    Ok(_) => ConnectionCheck::Connected { with_key },
                    Err(_) => ConnectionCheck::NotTheApi { status: response.status() },
                },
                401 | 403 => ConnectionCheck::KeyRefused { with_key },
                status => ConnectionCheck::NotTheApi { status },
            },
        }
    }
}

fn job_path(id: &str, rest: &str) -> String {
    format!("/jobs/{}{rest}", uri::encode(id))
}

/// Aborts the fetch (and clears its timeout) when the request's future ends, finished or dropped:
/// aborting a finished fetch does nothing.
struct AbortOnDrop(web_sys::AbortController, Option<TimeoutHandle>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(timer) = self.1.take() {
            timer.clear();
        }
        self.0.abort();
    }
}

/// A job from a 2xx answer; a 2xx that is not a job still means the server did it.
fn read_job(answer: (Response, String)) -> Result<JobResponse, ApiError> {
    let text = read_ok(answer)?;
    serde_json::from_str(&text).map_err(|e| ApiError::UnreadableSuccess(e.to_string()))
}

/// The body of a 2xx answer, or the error the status means.
fn read_ok((response, text): (Response, String)) -> Result<String, ApiError> {
    let status = response.status();
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(answer::error_for(status, &text))
    }
}
