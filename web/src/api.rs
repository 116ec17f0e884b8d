//! The typed client of the jobs API: one struct holding where the API is and the key, one method
//! per endpoint, and one error type whose every case is a sentence for people.

use gloo_net::http::{Request, RequestBuilder, Response};
use jobs_core::{HTTPValidationError, JobResponse, ValidationError};
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::settings::AppSettings;

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

/// Why a request did not give what was asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request did not reach the API, or no answer came back (network, CORS, server down).
    Unreachable {
        /// Where it was sent.
        base: String,
    },
    /// No answer in time.
    Timeout {
        /// How long it waited, in seconds.
        seconds: u32,
    },
    /// 401: no key, or the wrong one.
    Unauthorized(String),
    /// 403: the key may not do this.
    Forbidden(String),
    /// 404.
    NotFound(String),
    /// 409: not possible in the resource's current state.
    Conflict(String),
    /// 410: this server no longer accepts direct job submissions.
    Gone(String),
    /// 413: the body is too large for the server.
    TooLarge(String),
    /// 422: these detail entries.
    Invalid(Vec<ValidationError>),
    /// 400 and other 4xx: the server's words.
    Rejected {
        /// The status.
        status: u16,
        /// What the server said.
        detail: String,
    },
    /// 5xx.
    Server {
        /// The status.
        status: u16,
        /// What the server said, if anything useful.
        detail: String,
    },
    /// An answer this app could not read.
    Unreadable(String),
}

impl ApiError {
    /// What happened, and what to do, in a sentence or two.
    pub fn sentence(&self) -> String {
        match self {
            ApiError::Unreachable { base } => format!(
                "Could not reach the API at {base}. Check your connection and the API address in Settings; \
                 if the API is on another site, it must allow requests from this page (CORS)."
            ),
            ApiError::Timeout { seconds } => {
                format!("The API did not answer within {seconds} seconds. It may be busy; try again in a moment.")
            }
            ApiError::Unauthorized(detail) => {
                format!("The API refused the request: {detail}. Check the API key in Settings.")
            }
            ApiError::Forbidden(detail) => {
                format!("The API key may not do this: {detail}. Check the key and project in Settings.")
            }
            ApiError::NotFound(detail) => format!("Not found: {detail}."),
            ApiError::Conflict(detail) => detail.clone(),
            ApiError::Gone(_) => "This API server no longer accepts direct job submissions (it answered 410 Gone). \
                                  Submit through the service's newer interface, or point Settings at a server that \
                                  still accepts POST /jobs."
                .to_owned(),
            ApiError::TooLarge(detail) => format!(
                "The request is too large for the server ({detail}). Make params smaller, for example by \
                 referring to data stored elsewhere."
            ),
            ApiError::Invalid(detail) => {
                let messages: Vec<String> = detail.iter().map(|e| e.msg.clone()).collect();
                format!("The API did not accept the request: {}.", messages.join("; "))
            }
            ApiError::Rejected { status, detail } => format!("The API answered {status}: {detail}"),
            ApiError::Server { status, detail } => format!(
                "The API had a problem on its side (status {status}){}. Nothing was changed on your side; try again \
                 in a moment.",
                if detail.is_empty() { String::new() } else { format!(": {detail}") }
            ),
            ApiError::Unreadable(what) => format!("The API's answer could not be read ({what})."),
        }
    }

    /// Whether trying again later may help (network trouble, timeouts, server errors).
    pub fn is_transient(&self) -> bool {
        matches!(self, ApiError::Unreachable { .. } | ApiError::Timeout { .. } | ApiError::Server { .. })
    }

    /// Whether the fix is in Settings (the key or the address).
    pub fn needs_settings(&self) -> bool {
        matches!(self, ApiError::Unauthorized(_) | ApiError::Forbidden(_) | ApiError::Unreachable { .. })
    }
}

/// `GET /jobs` filters and paging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobsQuery {
    /// Only these statuses (one, as the API takes it).
    pub status: Option<String>,
    /// Only this job type.
    pub job_type: Option<String>,
    /// Page size.
    pub limit: u32,
    /// How many to skip.
    pub offset: u32,
}

/// A page of the jobs list.
#[derive(Debug, Clone, PartialEq)]
pub struct JobsPage {
    /// The jobs, newest first.
    pub jobs: Vec<JobResponse>,
    /// How many match in all, when the server says.
    pub total: Option<u64>,
}

/// The list as some servers send it: an object holding the array (others send the bare array).
#[derive(Deserialize)]
struct ListObject {
    #[serde(alias = "items")]
    jobs: Vec<JobResponse>,
    #[serde(default)]
    total: Option<u64>,
}

/// Reads either form of the list (the jobs keep their exact `result` text, which rules out
/// serde's untagged enums: they buffer values and lose raw JSON).
fn read_list(text: &str) -> Result<(Vec<JobResponse>, Option<u64>), serde_json::Error> {
    if text.trim_start().starts_with('[') {
        serde_json::from_str(text).map(|jobs| (jobs, None))
    } else {
        serde_json::from_str::<ListObject>(text).map(|list| (list.jobs, list.total))
    }
}

/// What "Test connection" found.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionCheck {
    /// The API answered; `with_key` says whether a key was sent (and accepted).
    Connected {
        /// Whether a key was sent.
        with_key: bool,
    },
    /// The server answered but refused the key.
    KeyRefused {
        /// Whether a key was sent at all.
        with_key: bool,
    },
    /// Something answered, but not the jobs API.
    NotTheApi {
        /// The status it answered.
        status: u16,
    },
    /// Nothing useful came back.
    Failed(ApiError),
}

/// The jobs API at a base URL, with a key.
#[derive(Clone)]
pub struct Api {
    base: String,
    key: String,
    /// Where the base URL comes from when it follows the settings (read when a request is made,
    /// once the deployment's config.json has been read).
    settings: Option<AppSettings>,
}

impl Api {
    /// The API the settings point at (read untracked; capture the settings when the component is
    /// created, since tasks and handlers run without the component's context).
    pub fn of(settings: AppSettings) -> Api {
        let key = settings.settings.with_untracked(|s| s.api_key.clone());
        Api { base: untrack(|| settings.api_base()), key, settings: Some(settings) }
    }

    /// An API at this base URL with this key (for "Test connection" before saving).
    pub fn new(base: &str, key: &str) -> Api {
        Api { base: base.trim().trim_end_matches('/').to_owned(), key: key.trim().to_owned(), settings: None }
    }

    /// The base URL (as of the last request).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Settles the base URL before a request: a deployment's config.json may still be on its way
    /// when the first page asks for something.
    async fn ready(&mut self) {
        if let Some(settings) = self.settings {
            crate::settings::deployment_config_read().await;
            self.base = untrack(|| settings.api_base());
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
            url.push_str("?project_id=");
            url.push_str(&String::from(js_sys::encode_uri_component(project_id.trim())));
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
        let mut url = format!("{}?limit={}&offset={}", self.url("/jobs"), query.limit, query.offset);
        for (name, value) in [("status", &query.status), ("job_type", &query.job_type)] {
            if let Some(value) = value {
                url.push_str(&format!("&{name}={}", String::from(js_sys::encode_uri_component(value))));
            }
        }
        let response = self.send(Request::get(&url), None, 30).await?;
        let header_total = response.headers().get("x-total-count").and_then(|t| t.trim().parse().ok());
        let text = read_ok(response).await?;
        let (jobs, total) = read_list(&text).map_err(|e| ApiError::Unreadable(e.to_string()))?;
        Ok(JobsPage { jobs, total: total.or(header_total) })
    }

    /// "Test connection": asks for one job of the list, which needs the key when there is one.
    pub async fn check_connection(&mut self) -> ConnectionCheck {
        self.ready().await;
        let with_key = !self.key.is_empty();
        match self.send(Request::get(&format!("{}?limit=1", self.url("/jobs"))), None, 15).await {
            Err(error) => ConnectionCheck::Failed(error),
            Ok(response) => match response.status() {
                200..=299 => match response.text().await.map(|t| read_list(&t)) {
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
    format!("/jobs/{}{rest}", String::from(js_sys::encode_uri_component(id)))
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
        return Ok(text);
    }
    let detail = detail_text(&text);
    Err(match status {
        401 => ApiError::Unauthorized(detail),
        403 => ApiError::Forbidden(detail),
        404 => ApiError::NotFound(detail),
        409 => ApiError::Conflict(detail),
        410 => ApiError::Gone(detail),
        413 => ApiError::TooLarge(detail),
        422 => match serde_json::from_str::<HTTPValidationError>(&text) {
            Ok(body) if !body.detail.is_empty() => ApiError::Invalid(body.detail),
            _ => ApiError::Rejected { status, detail },
        },
        500..=599 => ApiError::Server { status, detail },
        _ => ApiError::Rejected { status, detail },
    })
}

/// A FastAPI `{"detail": "..."}` as text; anything else shortened.
fn detail_text(text: &str) -> String {
    #[derive(Deserialize)]
    struct Detail {
        detail: Box<serde_json::value::RawValue>,
    }
    match serde_json::from_str::<Detail>(text) {
        Ok(Detail { detail }) => {
            serde_json::from_str::<String>(detail.get()).unwrap_or_else(|_| detail.get().to_owned())
        }
        Err(_) => text.chars().take(200).collect::<String>().trim().to_owned(),
    }
}
