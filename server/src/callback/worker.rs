//! The outbox worker: takes the callbacks that are due from the outbox, delivers at most
//! `concurrency` at once, and records how each attempt went. It starts with the server, so
//! callbacks left pending by a crash or a restart are delivered then.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tracing::{error, info, warn};

use super::delivery::{attempt, delivery_id, redacted, Delivery};
use super::CallbackPolicy;
use crate::store::{AttemptResult, CallbackStatus, DueCallback, Store, StoreError};

/// Runs until the store closes. Aborting it aborts the deliveries in flight (their attempts are
/// then not recorded, so they are made again by the next start).
pub(super) async fn run(store: Store, policy: CallbackPolicy, wake: Arc<Notify>) {
    let concurrency = policy.concurrency.max(1);
    let mut deliveries = JoinSet::new();
    let mut in_flight: HashMap<tokio::task::Id, String> = HashMap::new();
    loop {
        let busy: HashSet<String> = in_flight.values().cloned().collect();
        // In-flight ones are still pending in the outbox: ask for enough to see past them.
        let mut next_due = None;
        match store.pending_callbacks(concurrency + busy.len() + 1).await {
            Ok(entries) => {
                let now = Utc::now();
                for entry in entries.into_iter().filter(|e| !busy.contains(&e.job_id)) {
                    if entry.next_attempt_at > now {
                        next_due = Some((entry.next_attempt_at - now).to_std().unwrap_or_default());
                        break;
                    }
                    if in_flight.len() >= concurrency {
                        break;
                    }
                    let job_id = entry.job_id.clone();
                    let handle = deliveries.spawn(deliver(store.clone(), policy.clone(), entry));
                    in_flight.insert(handle.id(), job_id);
                }
            }
            Err(StoreError::Closed) => return,
            Err(e) => error!(error = %e, "cannot read the callback outbox; trying again in a second"),
        }
        // Woken by a job that ended, by a delivery that finished, or when the next is due; the
        // second is a safety net.
        let wait = next_due.unwrap_or(Duration::from_secs(1)).min(Duration::from_secs(1));
        tokio::select! {
            () = wake.notified() => {}
            Some(done) = deliveries.join_next_with_id(), if !deliveries.is_empty() => {
                let id = match done {
                    Ok((id, ())) => id,
                    Err(e) => e.id(),
                };
                in_flight.remove(&id);
            }
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// One attempt for one callback, and its record.
async fn deliver(store: Store, policy: CallbackPolicy, entry: DueCallback) {
    let job_id = entry.job_id;
    let shown_url = redacted(&entry.url);
    // Counted (on disk) before it is sent: a crash while it is in flight cannot hide it.
    let attempt_number = match store.begin_callback_attempt(job_id.clone()).await {
        Ok(Some(n)) => n,
        Ok(None) => return,
        Err(e) => {
            error!(job_id, url = shown_url, error = %e, "cannot count a callback attempt; not sending it now");
            return;
        }
    };
    let delivery = Delivery { id: delivery_id(&job_id), attempt: attempt_number };
    let result = if !policy.enabled {
        AttemptResult::Refused("Not sent: this server was started with --no-callbacks.".to_owned())
    } else {
        match store.get(job_id.clone()).await {
            Ok(Some(job)) => match serde_json::to_string(&job.to_response()) {
                Ok(body) => attempt(&entry.url, body, &delivery, policy.timeout, policy.allow_private).await,
                Err(e) => AttemptResult::Failed(format!("Cannot write the job as JSON ({e}).")),
            },
            Ok(None) => AttemptResult::Refused("Not sent: the job no longer exists.".to_owned()),
            Err(e) => AttemptResult::Failed(format!("Cannot read the job ({e}).")),
        }
    };
    // The wait before attempt n + 1 is backoff × 2^(n − 1): 1 s, then 2 s, … by default.
    let factor = 2u32.saturating_pow(u32::try_from(attempt_number - 1).unwrap_or(u32::MAX).min(20));
    let retry_in = chrono::Duration::from_std(policy.backoff.saturating_mul(factor)).unwrap_or(chrono::Duration::MAX);
    let recorded =
        store.record_callback_attempt(job_id.clone(), result.clone(), policy.attempts.max(1), retry_in).await;
    match (recorded, &result) {
        (Ok(CallbackStatus::Delivered), _) => {
            info!(job_id, url = shown_url, attempt = attempt_number, "callback delivered")
        }
        (Ok(CallbackStatus::Pending), AttemptResult::Failed(why)) => {
            warn!(
                job_id,
                url = shown_url,
                attempt = attempt_number,
                error = why,
                "callback attempt failed; it will be tried again"
            )
        }
        (Ok(CallbackStatus::Refused), AttemptResult::Refused(why)) => {
            warn!(job_id, url = shown_url, reason = why, "callback refused")
        }
        (Ok(_), AttemptResult::Failed(why)) => {
            warn!(
                job_id,
                url = shown_url,
                attempts = attempt_number,
                error = why,
                "callback given up: no attempt was accepted"
            )
        }
        (Ok(_), _) => {}
        (Err(e), _) => error!(job_id, url = shown_url, error = %e, "cannot record a callback attempt"),
    }
}
