//! Where a job's callback stands, from the `callback` member of `GET /jobs/{id}/metadata`
//! (the local server writes it; the hosted API may not): scheduled, being sent, delivered,
//! failed or refused, with its attempts and last error. It polls on its own until that state
//! is final, since delivery goes on after the job itself has ended and the page stops polling.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::erased::part;

use crate::api::{Api, ApiError};
use crate::connection::Connection;
use crate::format::local_time;
use crate::live::{Live, Outcome};

/// The `callback` member of a job's metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl Callback {
    /// Whether the state will not change again.
    pub fn is_final(&self) -> bool {
        matches!(self.state.as_str(), "delivered" | "failed" | "refused")
    }

    /// The state in words, and how it looks (`ok`, `warn`, `bad`, or neutral); `job_ended` once
    /// the page knows the job has ended (a "scheduled" read before that is out of date).
    pub fn summary(&self, job_ended: bool) -> (&'static str, String) {
        let attempts = match self.attempts {
            1 => "1 attempt".to_owned(),
            n => format!("{n} attempts"),
        };
        let at = |t: &DateTime<Utc>| local_time(t.timestamp_millis() as f64);
        match self.state.as_str() {
            "scheduled" if job_ended => ("", "The job has ended: the callback is being sent.".to_owned()),
            "scheduled" => ("", "Sent when the job ends.".to_owned()),
            "pending" if self.attempts == 0 => ("", "Being sent.".to_owned()),
            "pending" => (
                "warn",
                match &self.next_attempt_at {
                    Some(t) => format!("Not delivered yet after {attempts}; next attempt at {}.", at(t)),
                    None => format!("Not delivered yet after {attempts}."),
                },
            ),
            "delivered" => (
                "ok",
                match &self.delivered_at {
                    Some(t) => format!("Delivered at {} ({attempts}).", at(t)),
                    None => format!("Delivered ({attempts})."),
                },
            ),
            "failed" => ("bad", format!("Not delivered: all {attempts} failed.")),
            "refused" => ("bad", "Not sent: the server refused to call this URL.".to_owned()),
            other => ("", format!("Callback state: {other}.")),
        }
    }
}

/// The last `callback` member of a metadata document (the server writes its own last), if it is
/// an object with a `state`. Read with jobs-core's scanner rather than serde (no code for one more
/// deserialized type in the app); members of another type than expected are taken as absent.
pub fn read_callback(metadata: &str) -> Option<Callback> {
    use jobs_core::pyjson::{decode_string_token, entries, EntryKind};
    use jobs_core::wire::timestamp;
    let member = entries(metadata)
        .ok()?
        .into_iter()
        .rev()
        .find(|e| e.key.as_deref() == Some("callback") && matches!(e.kind, EntryKind::Object(_)))?;
    let object = &metadata[member.start..member.end];
    let mut callback =
        Callback { state: String::new(), attempts: 0, last_error: None, next_attempt_at: None, delivered_at: None };
    let mut has_state = false;
    for field in entries(object).ok()? {
        let value = &object[field.start..field.end];
        let text = || decode_string_token(value).map(|t| t.into_owned());
        match field.key.as_deref() {
            Some("state") => {
                callback.state = text()?;
                has_state = true;
            }
            Some("attempts") => callback.attempts = value.parse().unwrap_or(0),
            Some("last_error") => callback.last_error = text(),
            Some("next_attempt_at") => callback.next_attempt_at = text().and_then(|t| timestamp::parse(&t)),
            Some("delivered_at") => callback.delivered_at = text().and_then(|t| timestamp::parse(&t)),
            _ => {}
        }
    }
    has_state.then_some(callback)
}

/// The callback of job `id`, shown once the metadata says where it stands. Drawn by a chunk of
/// its own (`chunks::callback`) for a job that has a callback URL. `job_ended`
/// is the page's knowledge that the job has ended (a cancel, a poll): the callback is looked at
/// again at once then, and a "scheduled" read before it no longer says the job will end.
pub fn callback_state(id: String, job_ended: Signal<bool>) -> impl IntoView {
    let connection = Connection::get();
    let callback = RwSignal::new(None::<Callback>);
    let poll = move || {
        let id = id.clone();
        async move {
            match Api::of(connection).job_metadata(&id).await {
                Ok(text) => {
                    let fresh = read_callback(&text);
                    // No callback member: the job has none, or the API does not say; nothing to wait for.
                    let terminal = fresh.as_ref().is_none_or(Callback::is_final);
                    let changed = callback.try_with_untracked(|c| *c != fresh).unwrap_or(false);
                    if changed {
                        let _ = callback.try_set(fresh);
                    }
                    Outcome::Answered { changed, progressed: false, terminal }
                }
                Err(ApiError::NotFound(_)) => Outcome::GaveUp,
                Err(_) => Outcome::Failed,
            }
        }
    };
    let live = Live::start(poll);
    Effect::new(move |was_ended: Option<bool>| {
        let ended = job_ended.get();
        if ended && was_ended == Some(false) {
            live.now();
        }
        ended
    });
    part(move || {
        callback.get().map(|c| {
            let (look, text) = c.summary(job_ended.get());
            view! {
                <section aria-labelledby="callback-heading">
                    <h2 id="callback-heading">"Callback"</h2>
                    <p class=if look.is_empty() { "callback-state muted".to_owned() } else { format!("callback-state banner {look}") } data-callback-state=c.state.clone() role="status">{text}</p>
                    {c.last_error.clone().map(|e| view! { <p class="hint">"Last error: "{e}</p> })}
                </section>
            }
            .into_any()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_callback_is_read_from_the_metadata_and_the_servers_own_member_wins() {
        let text = r#"{"callback": "submitted by the user", "intermediate_results": [],
            "callback": {"state": "failed", "attempts": 3, "last_error": "The receiver answered 503.",
                         "next_attempt_at": null, "delivered_at": null}}"#;
        let callback = read_callback(text).unwrap();
        assert_eq!((callback.state.as_str(), callback.attempts), ("failed", 3));
        assert!(callback.is_final());
        assert_eq!(callback.summary(true), ("bad", "Not delivered: all 3 attempts failed.".to_owned()));
    }

    #[test]
    fn metadata_without_a_callback_member_shows_nothing() {
        assert_eq!(read_callback(r#"{"intermediate_results": []}"#), None);
        assert_eq!(read_callback("not json"), None);
        assert_eq!(read_callback(r#"{"callback": {"attempts": 3}}"#), None, "no state: nothing to show");
        assert_eq!(read_callback(r#"{"callback": {"state": 7}}"#), None, "a state that is not text");
    }

    #[test]
    fn a_pending_callback_is_not_final_and_says_how_many_attempts_failed() {
        let callback = read_callback(r#"{"callback": {"state": "pending", "attempts": 1}}"#).unwrap();
        assert!(!callback.is_final());
        assert_eq!(callback.summary(true), ("warn", "Not delivered yet after 1 attempt.".to_owned()));
        let scheduled = read_callback(r#"{"callback": {"state": "scheduled", "attempts": 0}}"#).unwrap();
        assert_eq!(scheduled.summary(false).1, "Sent when the job ends.");
        // Read before the page learnt of the end (a cancel): it no longer says the job will end.
        assert_eq!(scheduled.summary(true).1, "The job has ended: the callback is being sent.");
    }

    #[test]
    fn delivery_times_are_read_as_the_server_writes_them() {
        let text = r#"{"callback": {"state": "delivered", "attempts": 2, "delivered_at": "2026-11-29T10:00:01.250000Z",
                                   "next_attempt_at": "2026-11-29T10:00:00+00:00"}}"#;
        let callback = read_callback(text).unwrap();
        assert_eq!(callback.delivered_at.map(|t| t.timestamp_millis()), Some(1_795_946_401_250));
        assert_eq!(callback.next_attempt_at.map(|t| t.timestamp_millis()), Some(1_795_946_400_000));
    }
}
