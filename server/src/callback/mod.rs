//! Webhooks: when a job ends, its `JobResponse` is POSTed to its `callback_url`.
//!
//! Durable: the store files the callback in the outbox in the same transaction that ends the
//! job, and the outbox worker (started with the server) delivers it, retrying with backoff, at
//! most `concurrency` at once, so a restart or a crash loses none and a slow or dead receiver
//! never holds up a job. Where each stands is shown in the job's metadata (`callback`).
//!
//! - `address`: which addresses a callback may connect to (public ones, by default).
//! - `delivery`: one attempt (resolve once, check, connect to the checked address, no redirects).
//! - `worker`: the outbox worker.

mod delivery;
mod worker;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub use delivery::redacted;
pub use jobs_core::address::{refusal, Refusal};

use crate::store::{CallbackState, Store};

/// How callbacks are delivered.
#[derive(Debug, Clone)]
pub struct CallbackPolicy {
    /// How many times a delivery is tried in all.
    pub attempts: u32,
    /// How long one attempt may take.
    pub timeout: Duration,
    /// The wait before the second attempt; it doubles before each later one.
    pub backoff: Duration,
    /// Also call loopback, private, link-local and other non-public addresses (for local
    /// receivers and test suites). Off: such callbacks are refused, visibly on the job.
    pub allow_private: bool,
    /// Off: no callback is sent; each is recorded as refused (test runs with generated URLs).
    pub enabled: bool,
    /// How many deliveries run at once.
    pub concurrency: usize,
}

impl Default for CallbackPolicy {
    fn default() -> Self {
        CallbackPolicy {
            attempts: 3,
            timeout: Duration::from_secs(10),
            backoff: Duration::from_secs(1),
            allow_private: false,
            enabled: true,
            concurrency: 8,
        }
    }
}

/// The handle on the outbox worker. Cheap to clone.
#[derive(Clone)]
pub struct Callbacks {
    wake: Arc<Notify>,
}

impl Callbacks {
    /// Starts the outbox worker on `store`: it delivers what an earlier run left pending, then
    /// what jobs ending from now on file. Must run inside a tokio runtime.
    pub fn start(store: Store, policy: CallbackPolicy) -> (Callbacks, JoinHandle<()>) {
        let wake = Arc::new(Notify::new());
        let handle = tokio::spawn(worker::run(store, policy, wake.clone()));
        (Callbacks { wake }, handle)
    }

    /// A job with a callback ended: its outbox entry is on disk, deliver it now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// `"callback":{…}`, the member the job's metadata answer ends with: where the callback
/// stands (`state`: scheduled, pending, delivered, failed or refused), how many attempts were
/// made, the last error (a sentence), and when the next attempt is due or delivery happened.
pub fn metadata_member(state: &CallbackState) -> String {
    let member = serde_json::json!({
        "state": state.state.as_str(),
        "attempts": state.attempts,
        "last_error": state.last_error,
        "next_attempt_at": state.next_attempt_at,
        "delivered_at": state.delivered_at,
    });
    format!("\"callback\":{member}")
}
