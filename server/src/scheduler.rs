//! The queue and its workers: `--workers N` tasks take the next job (priority 10 first, first in
//! first out within a priority), run its simulated work, and record how it ended.
//!
//! Status moves pending -> processing -> completed | failed, or to waiting when the job's own
//! work is done while jobs naming it as `parent_job_id` still run (it completes when they have
//! all ended). Any job not yet ended can be canceled; a processing one stops at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jobs_core::{JobErrorCode, JobStatus};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tracing::{error, info, warn};

use crate::callback::{CallbackPolicy, Callbacks};
use crate::simulation::{self, fit, Plan};
use crate::store::{CancelOutcome, Claimed, JobRow, NewJob, Outcome, Store, StoreError};

/// The longest wait between two tries to save a job's outcome.
const MAX_SAVE_RETRY: Duration = Duration::from_secs(5);

/// The jobs of this server: the store, the queue's workers and the callbacks. Cheap to clone.
#[derive(Clone)]
pub struct Scheduler {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    wake: Notify,
    /// A stop signal for each job being processed, by job id.
    running: Arc<Mutex<HashMap<String, Arc<Notify>>>>,
    callbacks: Callbacks,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl Scheduler {
    /// Opens the store at `db`, puts back in the queue what was running when the server last
    /// stopped, and starts `workers` workers (0 for none: jobs then stay pending).
    pub fn start(db: &str, workers: usize, callbacks: CallbackPolicy) -> Result<Scheduler, StoreError> {
        let (store, recovery) = Store::open(db)?;
        if !recovery.requeued.is_empty() {
            warn!(
                count = recovery.requeued.len(),
                jobs = ?recovery.requeued,
                "jobs that were processing when the server stopped are pending again (same priority and queue place)"
            );
        }
        // The outbox worker delivers callbacks an earlier run left pending, then new ones.
        let (outbox, outbox_worker) = Callbacks::start(store.clone(), callbacks);
        let scheduler = Scheduler {
            inner: Arc::new(Inner {
                store,
                wake: Notify::new(),
                running: Arc::default(),
                callbacks: outbox,
                workers: Mutex::new(Vec::new()),
            }),
        };
        for job in recovery.finished {
            info!(job_id = job.job_id, "a waiting job whose children had all ended is completed");
            scheduler.ended(&job);
        }
        let mut handles: Vec<JoinHandle<()>> = (0..workers)
            .map(|n| {
                let scheduler = scheduler.clone();
                tokio::spawn(async move { scheduler.work(n).await })
            })
            .collect();
        handles.push(outbox_worker);
        *scheduler.inner.workers.lock().unwrap_or_else(|p| p.into_inner()) = handles;
        Ok(scheduler)
    }

    /// Stops every worker where it is, as if the process had died: jobs being processed stay
    /// `processing` in the store (the next start puts them back in the queue).
    /// Returns once every worker has let go of the store, so that a server opened next on the
    /// same database (a restart in a test) finds it free.
    pub async fn stop_workers(&self) {
        let handles: Vec<_> = self.inner.workers.lock().unwrap_or_else(|p| p.into_inner()).drain(..).collect();
        for handle in &handles {
            handle.abort();
        }
        for handle in handles {
            let _ = handle.await;
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Files a validated job and wakes a worker.
    pub async fn submit(&self, job: NewJob) -> Result<JobRow, StoreError> {
        let row = self.inner.store.insert(job).await?;
        self.inner.wake.notify_one();
        Ok(row)
    }

    /// Cancels a job that has not ended; a worker processing it stops at once. The store's
    /// answer is passed on as it is: the API reads the same [`CancelOutcome`].
    pub async fn cancel(&self, job_id: String) -> Result<CancelOutcome, StoreError> {
        let outcome = self.inner.store.cancel(job_id.clone()).await?;
        if let CancelOutcome::Canceled { was_processing, finished, .. } = &outcome {
            if *was_processing {
                if let Some(stop) = self.inner.running.lock().unwrap_or_else(|p| p.into_inner()).get(&job_id) {
                    stop.notify_one();
                }
            }
            info!(job_id, was_processing, "job canceled");
            for ended in finished {
                self.ended(ended);
            }
        }
        Ok(outcome)
    }

    /// A job reached a terminal status. Its callback, if it has one, is already in the outbox
    /// (filed by the same transaction): wake the outbox worker to deliver it now.
    fn ended(&self, job: &JobRow) {
        info!(job_id = job.job_id, status = job.status.to_string(), "job ended");
        if job.callback_url.is_some() {
            self.inner.callbacks.wake();
        }
    }

    async fn work(&self, worker: usize) {
        loop {
            let running = self.inner.running.clone();
            let claimed = self
                .inner
                .store
                .claim_next(move |job| {
                    // Registered before the claim is visible, so a cancel never misses it.
                    running
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(job.job_id.clone(), Arc::new(Notify::new()));
                })
                .await;
            match claimed {
                Ok(Some(claimed)) => {
                    let job_id = claimed.job.job_id.clone();
                    self.run(worker, claimed).await;
                    self.inner.running.lock().unwrap_or_else(|p| p.into_inner()).remove(&job_id);
                }
                Ok(None) => {
                    // Woken by a submit; the timeout is only a safety net.
                    let _ = tokio::time::timeout(Duration::from_secs(1), self.inner.wake.notified()).await;
                }
                Err(StoreError::Closed) => return,
                Err(e) => {
                    error!(worker, error = %e, "cannot take the next job; trying again in a second");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }

    async fn run(&self, worker: usize, Claimed { job, params, metadata }: Claimed) {
        let job_id = job.job_id.clone();
        info!(worker, job_id, job_type = job.job_type, priority = job.priority, "job started");
        let stop = self.inner.running.lock().unwrap_or_else(|p| p.into_inner()).get(&job_id).cloned();
        let stop = stop.unwrap_or_default();
        let plan = Plan::for_job(&job.job_type, &params, metadata.as_deref());
        // The params may be megabytes; the plan is all the work needs of them.
        drop((params, metadata));
        let outcome = match plan {
            Err(bad) => Some(Outcome::Failed {
                code: JobErrorCode::ConfigurationError,
                error: bad.sentence.clone(),
                detail: serde_json::json!({"param": bad.key, "reason": bad.sentence}).to_string(),
            }),
            Ok(plan) => {
                tokio::select! {
                    outcome = self.simulate(&job, &plan) => outcome,
                    () = stop.notified() => None,
                }
            }
        };
        let Some(outcome) = outcome else {
            info!(worker, job_id, "job stopped: it was canceled");
            return;
        };
        // A full disk (or a file-size limit) refuses the save: keep the outcome and try again
        // until storage takes it, so the job never stays `processing` with its work done.
        let mut retry_in = Duration::from_millis(250);
        let mut outcome = outcome;
        let done = loop {
            match self.inner.store.finish_or_return(job_id.clone(), outcome).await {
                Ok(Ok(done)) => break done,
                Ok(Err((kept, e))) => {
                    error!(
                        job_id,
                        error = %e,
                        retry_in_s = retry_in.as_secs_f64(),
                        "cannot record how the job ended; trying again (free disk space if it is full)"
                    );
                    outcome = kept;
                    tokio::time::sleep(retry_in).await;
                    retry_in = (retry_in * 2).min(MAX_SAVE_RETRY);
                }
                // The server is stopping: the job stays processing and runs again at the next start.
                Err(e) => {
                    warn!(job_id, error = %e, "cannot record how the job ended: the store is closed");
                    return;
                }
            }
        };
        match done {
            Some(done) => {
                if done.job.status == JobStatus::Waiting {
                    info!(job_id, "own work done; waiting for the jobs that name it as their parent");
                }
                for ended in &done.finished {
                    self.ended(ended);
                }
            }
            None => info!(job_id, "job was canceled as it finished"),
        }
    }

    /// Sleeps through the plan, recording intermediate results. `None` if the job stopped
    /// being processed meanwhile (canceled).
    async fn simulate(&self, job: &JobRow, plan: &Plan) -> Option<Outcome> {
        let mut trace = Vec::new();
        let mut best = None;
        let step = if plan.steps == 0 { plan.duration } else { plan.duration / plan.steps };
        // A fit's data are made once for the run (and again, the same, for its series).
        let fit = plan.fit.as_ref().map(|f| {
            let setup = fit::Setup::new(&job.job_id, &f.conditions);
            let data = fit::Data::of(&setup);
            (setup, data)
        });
        let mut fit_best = [f64::INFINITY; fit::STARTS as usize];
        for iteration in 1..=plan.steps {
            tokio::time::sleep(step).await;
            let entry = match &fit {
                Some((setup, data)) => {
                    let entry = fit::entry(setup, data, iteration - 1, plan.steps, &mut fit_best);
                    best = Some(fit_best.iter().copied().fold(f64::INFINITY, f64::min));
                    entry
                }
                None => {
                    let (entry, best_cost) = simulation::intermediate_result(&job.job_id, iteration, plan.steps, best);
                    best = Some(best_cost);
                    entry
                }
            };
            trace.push(entry);
            let text = serde_json::Value::Array(trace.clone()).to_string();
            match self.inner.store.record_progress(job.job_id.clone(), text).await {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => warn!(job_id = job.job_id, error = %e, "cannot record an intermediate result"),
            }
        }
        if plan.steps == 0 {
            tokio::time::sleep(step).await;
        }
        Some(match plan.fail_with {
            Some(code) => Outcome::Failed {
                code,
                error: format!(
                    "The simulated job failed with {code} because its params.fail_with asked for it; \
                     remove fail_with from params to let it complete."
                ),
                detail: serde_json::json!({
                    "code": code.to_string(),
                    "reason": "requested by params.fail_with",
                    "iterations": plan.steps,
                    "best_cost": best,
                })
                .to_string(),
            },
            None => Outcome::Succeeded {
                result: match (&plan.result, &fit) {
                    (Some(result), _) => result.clone(),
                    (None, Some((setup, _))) => {
                        simulation::fit_result(&job.job_type, setup, &trace, best, plan.duration)
                    }
                    (None, None) => simulation::default_result(&job.job_type, plan.steps, best, plan.duration),
                },
            },
        })
    }
}
