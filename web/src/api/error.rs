//! Why a request did not give what was asked for ([`ApiError`]: every case a sentence that says
//! what to do) and what "Test connection" found ([`ConnectionCheck`]).

use jobs_core::ValidationError;

/// Why a request did not give what was asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The browser said it was offline before sending: nothing was sent.
    Offline,
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
    /// A 2xx answer whose body could not be read or is not what was asked for: the server did it.
    UnreadableSuccess(String),
}

impl ApiError {
    /// What happened, and what to do, in a sentence or two.
    pub fn sentence(&self) -> String {
        match self {
            ApiError::Offline => "This browser is offline, so nothing was sent. Reconnect, then try again.".to_owned(),
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
            // A gateway's 502-504 may come after the API did the work: nothing is promised then.
            ApiError::Server { status: status @ 502..=504, detail } => format!(
                "The API or a gateway in front of it did not answer properly (status {status}){}. It may be \
                 restarting; wait a moment.",
                if detail.is_empty() { String::new() } else { format!(": {detail}") }
            ),
            ApiError::Server { status, detail } => format!(
                "The API had a problem on its side (status {status}){}. Nothing was changed on your side; try again \
                 in a moment.",
                if detail.is_empty() { String::new() } else { format!(": {detail}") }
            ),
            ApiError::Unreadable(what) => format!("The API's answer could not be read ({what})."),
            ApiError::UnreadableSuccess(what) => format!(
                "The API answered that it succeeded, but its answer could not be read ({what}). Refresh to see \
                 where things stand."
            ),
        }
    }

    /// Whether trying again later may help (network trouble, timeouts, server errors).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Offline | ApiError::Unreachable { .. } | ApiError::Timeout { .. } | ApiError::Server { .. }
        )
    }

    /// Whether a write may have reached the server and been done although no answer said so
    /// (timeout, connection lost, a gateway's 502/503/504, a success that could not be read). A
    /// request the browser could not send at all looks the same as a lost connection, so only
    /// [`ApiError::Offline`] proves nothing was sent.
    pub fn may_have_arrived(&self) -> bool {
        match self {
            ApiError::Unreachable { .. } | ApiError::Timeout { .. } | ApiError::UnreadableSuccess(_) => true,
            ApiError::Server { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }

    /// Whether the fix is in Settings (the key or the address).
    pub fn needs_settings(&self) -> bool {
        matches!(self, ApiError::Unauthorized(_) | ApiError::Forbidden(_) | ApiError::Unreachable { .. })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_key_or_an_unreachable_api_points_to_settings() {
        assert!(ApiError::Unauthorized("Invalid API key".to_owned()).needs_settings());
        assert!(ApiError::Forbidden("no".to_owned()).needs_settings());
        assert!(ApiError::Unreachable { base: "http://x".to_owned() }.needs_settings());
        assert!(!ApiError::NotFound("Job not found".to_owned()).needs_settings());
        assert!(!ApiError::Server { status: 500, detail: String::new() }.needs_settings());
    }

    #[test]
    fn only_network_trouble_timeouts_and_server_errors_are_worth_retrying() {
        assert!(ApiError::Timeout { seconds: 30 }.is_transient());
        assert!(ApiError::Server { status: 503, detail: String::new() }.is_transient());
        assert!(!ApiError::Conflict("ended".to_owned()).is_transient());
        assert!(!ApiError::Invalid(Vec::new()).is_transient());
    }

    #[test]
    fn the_sentence_for_an_unreachable_api_names_the_address_and_cors() {
        let sentence = ApiError::Unreachable { base: "http://127.0.0.1:9".to_owned() }.sentence();
        assert!(sentence.starts_with("Could not reach the API at http://127.0.0.1:9."), "{sentence}");
        assert!(sentence.contains("(CORS)"), "{sentence}");
    }

    #[test]
    fn a_write_may_have_arrived_unless_the_browser_was_offline_or_the_server_said_no() {
        assert!(ApiError::Timeout { seconds: 120 }.may_have_arrived());
        assert!(ApiError::Unreachable { base: "http://x".to_owned() }.may_have_arrived());
        assert!(ApiError::UnreadableSuccess("eof".to_owned()).may_have_arrived());
        assert!(ApiError::Server { status: 504, detail: String::new() }.may_have_arrived());
        assert!(!ApiError::Server { status: 500, detail: String::new() }.may_have_arrived());
        assert!(!ApiError::Offline.may_have_arrived());
        assert!(!ApiError::Unauthorized("no".to_owned()).may_have_arrived());
    }

    #[test]
    fn a_server_error_without_detail_adds_no_empty_colon() {
        let bare = ApiError::Server { status: 500, detail: String::new() }.sentence();
        assert!(bare.starts_with("The API had a problem on its side (status 500). Nothing"), "{bare}");
        let gateway = ApiError::Server { status: 502, detail: String::new() }.sentence();
        assert!(gateway.starts_with("The API or a gateway in front of it did not answer properly (status 502). It may"));
        let said = ApiError::Server { status: 500, detail: "boom".to_owned() }.sentence();
        assert!(said.starts_with("The API had a problem on its side (status 500): boom."), "{said}");
    }
}
