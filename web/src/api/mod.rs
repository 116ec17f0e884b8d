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
pub use jobs_query::JobsQuery;

/// Bodies at least this large are sent gzip-compressed, as the official client does.
pub const GZIP_FROM_BYTES: usize = 512 * 1024;

#[wasm_bindgen(inline_js = r#"
export async function gzip(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
"#)]
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

    async fn send(&self, builder: RequestBuilder, body: Option<JsValue>, timeout_s: u32) -> Result<Response, ApiError> {
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        let builder = self.request(builder).abort_signal(signal.as_ref());
        let request = match body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Unreadable(e.to_string()))?;
        let timer = controller
            .map(|c| set_timeout_with_handle(move || c.abort(), std::time::Duration::from_secs(u64::from(timeout_s))));
        let response = request.send().await;
        let timed_out = signal.as_ref().is_some_and(|s| s.aborted());
        if let Some(Ok(timer)) = timer {
            timer.clear();
        }
        match response {
            Ok(response) => Ok(response),
            Err(_) if timed_out => Err(ApiError::Timeout { seconds: timeout_s }),
            Err(_) => Err(ApiError::Unreachable { base: self.base.clone() }),
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
        let response = self.send(builder, Some(payload), 120).await?;
        read_job(response).await
    }

    /// `GET /jobs/{id}`.
    pub async fn job(&mut self, id: &str) -> Result<JobResponse, ApiError> {
        self.ready().await;
        let response = self.send(Request::get(&self.url(&job_path(id, ""))), None, 30).await?;
        read_job(response).await
    }

    /// `POST /jobs/{id}/cancel`.
    pub async fn cancel_job(&mut self, id: &str) -> Result<JobResponse, ApiError> {
        self.ready().await;
        let response = self.send(Request::post(&self.url(&job_path(id, "/cancel"))), None, 30).await?;
        read_job(response).await
    }

    /// `GET /jobs/{id}/metadata` (a JSON object, as text).
    pub async fn job_metadata(&mut self, id: &str) -> Result<String, ApiError> {
        self.ready().await;
        let response = self.send(Request::get(&self.url(&job_path(id, "/metadata"))), None, 30).await?;
        read_ok(response).await
    }

    /// `GET /jobs` with filters; accepts a bare array or `{jobs|items, total}`.
    pub async fn jobs(&mut self, query: &JobsQuery) -> Result<JobsPage, ApiError> {
        self.ready().await;
        let url = format!("{}?{}", self.url("/jobs"), query.api_query());
        let response = self.send(Request::get(&url), None, 30).await?;
        let header_total = response.headers().get("x-total-count").and_then(|t| t.trim().parse().ok());
        let text = read_ok(response).await?;
        let (jobs, total) = answer::read_list(&text).map_err(|e| ApiError::Unreadable(e.to_string()))?;
        Ok(JobsPage { jobs, total: total.or(header_total) })
    }

    /// "Test connection": asks for one job of the list, which needs the key when there is one.
    pub async fn check_connection(&mut self) -> ConnectionCheck {
        self.ready().await;
        let with_key = !self.key.is_empty();
        match self.send(Request::get(&format!("{}?limit=1", self.url("/jobs"))), None, 15).await {
            Err(error) => ConnectionCheck::Failed(error),
            Ok(response) => match response.status() {
                200..=299 => match response.text().await.map(|t| answer::read_list(&t)) {
                    Ok(Ok(_)) => ConnectionCheck::Connected { with_key },
                    _ => ConnectionCheck::NotTheApi { status: response.status() },
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

async fn read_job(response: Response) -> Result<JobResponse, ApiError> {
    let text = read_ok(response).await?;
    serde_json::from_str(&text).map_err(|e| ApiError::Unreadable(e.to_string()))
}

/// The body of a 2xx answer, or the error the status means.
async fn read_ok(response: Response) -> Result<String, ApiError> {
    let status = response.status();
    let text = response.text().await.map_err(|e| ApiError::Unreadable(e.to_string()))?;
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(answer::error_for(status, &text))
    }
}
