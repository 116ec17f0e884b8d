//! The callback outbox: one row per job that ended with a `callback_url`, holding how its
//! delivery goes (attempts, next attempt, last error, delivered or given up). The payload is not
//! copied: an ended job never changes, so its `JobResponse` is rebuilt from the job at each attempt.
//!
//! Rows are written by a trigger on `jobs`, so the callback is filed in the very transaction
//! that records the job's terminal status (finish, cancel, a parent completed, recovery at
//! start): a job can never be ended without its callback on disk, whatever path ended it.

use chrono::{DateTime, Utc};
use jobs_core::{JobStatus, WireEnum};
use rusqlite::{params, Connection, OptionalExtension};

use super::row::micros;
use super::{Store, StoreError};

/// The outbox table, and the trigger that fills it (rebuilt at every start, so that its list of
/// terminal statuses is always jobs-core's). Schema version 2 added these; `CREATE ... IF NOT
/// EXISTS` makes them the migration from version 1 too. Jobs that ended before are not filed:
/// their callbacks were sent (or lost) by the server that ended them.
pub(super) fn schema() -> String {
    let terminal: Vec<String> =
        JobStatus::ALL.iter().filter(|s| s.is_terminal()).map(|s| format!("'{}'", s.as_str())).collect();
    format!(
        "CREATE TABLE IF NOT EXISTS callback_outbox (
            job_id          TEXT PRIMARY KEY,
            url             TEXT NOT NULL,
            state           TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error      TEXT,
            delivered_at    INTEGER,
            created_at      INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS callback_outbox_due ON callback_outbox (state, next_attempt_at);
        DROP TRIGGER IF EXISTS jobs_ended_callback;
        CREATE TRIGGER jobs_ended_callback AFTER UPDATE OF status ON jobs
        WHEN NEW.callback_url IS NOT NULL AND OLD.status <> NEW.status AND NEW.status IN ({})
        BEGIN
            INSERT OR IGNORE INTO callback_outbox (job_id, url, state, next_attempt_at, created_at)
            VALUES (NEW.job_id, NEW.callback_url, 'pending', NEW.updated_at, NEW.updated_at);
        END;",
        terminal.join(", ")
    )
}

/// Where a callback's delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackStatus {
    /// The job has not ended yet; the callback is sent when it does.
    Scheduled,
    /// Being delivered, or waiting for its next attempt.
    Pending,
    /// A 2xx answer came.
    Delivered,
    /// Every attempt failed.
    Failed,
    /// Not sent: the address is not allowed, or callbacks are off.
    Refused,
}

impl CallbackStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CallbackStatus::Scheduled => "scheduled",
            CallbackStatus::Pending => "pending",
            CallbackStatus::Delivered => "delivered",
            CallbackStatus::Failed => "failed",
            CallbackStatus::Refused => "refused",
        }
    }

    fn from_str(text: &str) -> CallbackStatus {
        match text {
            "delivered" => CallbackStatus::Delivered,
            "failed" => CallbackStatus::Failed,
            "refused" => CallbackStatus::Refused,
            _ => CallbackStatus::Pending,
        }
    }
}

/// A job's callback as the metadata shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackState {
    pub state: CallbackStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// A callback waiting for an attempt.
#[derive(Debug, Clone)]
pub struct DueCallback {
    pub job_id: String,
    pub url: String,
    /// Attempts made (or begun) so far.
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
}

/// How one attempt ended.
#[derive(Debug, Clone)]
pub enum AttemptResult {
    Delivered,
    /// Worth another attempt (if any are left): the sentence says what went wrong.
    Failed(String),
    /// Never worth another attempt.
    Refused(String),
}

fn time(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

impl Store {
    /// The callbacks still to deliver, soonest first (at most `limit`).
    pub async fn pending_callbacks(&self, limit: usize) -> Result<Vec<DueCallback>, StoreError> {
        self.call(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT job_id, url, attempts, next_attempt_at FROM callback_outbox WHERE state = 'pending' \
                 ORDER BY next_attempt_at LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit as i64], |r| {
                Ok(DueCallback {
                    job_id: r.get(0)?,
                    url: r.get(1)?,
                    attempts: r.get(2)?,
                    next_attempt_at: time(r.get(3)?),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    /// Counts an attempt before it is made, so that one cut off by a crash is counted too, and
    /// returns its number (1 for the first). `None` when the callback is no longer pending.
    pub async fn begin_callback_attempt(&self, job_id: String) -> Result<Option<i64>, StoreError> {
        self.call(move |conn| begin_attempt(conn, &job_id)).await
    }

    /// Records how an attempt (counted by [`Store::begin_callback_attempt`]) ended. A failed one is retried `retry_in` later, unless it was the
    /// `max_attempts`-th, which gives the callback up.
    pub async fn record_callback_attempt(
        &self,
        job_id: String,
        result: AttemptResult,
        max_attempts: u32,
        retry_in: chrono::Duration,
    ) -> Result<CallbackStatus, StoreError> {
        self.call(move |conn| record_attempt(conn, &job_id, result, max_attempts, retry_in, Utc::now())).await
    }

    /// Where the callback of `job_id` stands; `None` when the job has none (no `callback_url`,
    /// or it ended before this server kept an outbox) or does not exist.
    pub async fn callback_state(&self, job_id: String) -> Result<Option<CallbackState>, StoreError> {
        self.call(move |conn| callback_state(conn, &job_id)).await
    }
}

fn begin_attempt(conn: &mut Connection, job_id: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row(
            "UPDATE callback_outbox SET attempts = attempts + 1 WHERE job_id = ?1 AND state = 'pending' \
             RETURNING attempts",
            [job_id],
            |r| r.get(0),
        )
        .optional()?)
}

fn record_attempt(
    conn: &mut Connection,
    job_id: &str,
    result: AttemptResult,
    max_attempts: u32,
    retry_in: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<CallbackStatus, StoreError> {
    let tx = conn.transaction()?;
    let attempts: Option<i64> = tx
        .query_row("SELECT attempts FROM callback_outbox WHERE job_id = ?1 AND state = 'pending'", [job_id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(attempts) = attempts else { return Ok(CallbackStatus::Failed) };
    let (state, error, delivered_at) = match result {
        AttemptResult::Delivered => (CallbackStatus::Delivered, None, Some(micros(now))),
        AttemptResult::Refused(error) => (CallbackStatus::Refused, Some(error), None),
        AttemptResult::Failed(error) if attempts >= i64::from(max_attempts) => {
            (CallbackStatus::Failed, Some(error), None)
        }
        AttemptResult::Failed(error) => (CallbackStatus::Pending, Some(error), None),
    };
    tx.execute(
        "UPDATE callback_outbox SET state = ?2, attempts = ?3, last_error = COALESCE(?4, last_error), \
         delivered_at = ?5, next_attempt_at = ?6 WHERE job_id = ?1",
        params![job_id, state.as_str(), attempts, error, delivered_at, micros(now + retry_in)],
    )?;
    tx.commit()?;
    Ok(state)
}

fn callback_state(conn: &Connection, job_id: &str) -> Result<Option<CallbackState>, StoreError> {
    type Row = (Option<String>, String, Option<String>, Option<i64>, Option<String>, Option<i64>, Option<i64>);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT j.callback_url, j.status, o.state, o.attempts, o.last_error, o.next_attempt_at, o.delivered_at \
             FROM jobs j LEFT JOIN callback_outbox o ON o.job_id = j.job_id WHERE j.job_id = ?1",
        )?
        .query_row([job_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .optional()?;
    let Some((Some(_url), status, state, attempts, last_error, next_attempt_at, delivered_at)) = row else {
        return Ok(None);
    };
    let Some(state) = state else {
        let ended = JobStatus::from_wire(&status).is_none_or(|s| s.is_terminal());
        return Ok((!ended).then_some(CallbackState {
            state: CallbackStatus::Scheduled,
            attempts: 0,
            last_error: None,
            next_attempt_at: None,
            delivered_at: None,
        }));
    };
    let state = CallbackStatus::from_str(&state);
    Ok(Some(CallbackState {
        state,
        attempts: attempts.unwrap_or(0),
        last_error,
        next_attempt_at: next_attempt_at.filter(|_| state == CallbackStatus::Pending).map(time),
        delivered_at: delivered_at.map(time),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_job(callback_url: Option<&str>) -> Connection {
        let conn = super::super::schema::open_connection(":memory:").unwrap();
        conn.execute(
            "INSERT INTO jobs (job_id, job_type, status, priority, params, callback_url, user_id, organization_id, \
             created_at, updated_at) VALUES ('j', 'dummy', 'processing', 0, '{}', ?1, 'u', 'o', 1, 1)",
            [callback_url],
        )
        .unwrap();
        conn
    }

    fn outbox_rows(conn: &Connection) -> i64 {
        conn.query_row("SELECT COUNT(*) FROM callback_outbox", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_job_that_ends_files_its_callback_in_the_same_transaction() {
        let mut conn = store_with_job(Some("http://example.com/hook"));
        assert_eq!(callback_state(&conn, "j").unwrap().unwrap().state, CallbackStatus::Scheduled);
        let tx = conn.transaction().unwrap();
        tx.execute("UPDATE jobs SET status = 'completed', updated_at = 5 WHERE job_id = 'j'", []).unwrap();
        drop(tx); // rolled back: neither the status nor the callback is kept
        assert_eq!(outbox_rows(&conn), 0);
        conn.execute("UPDATE jobs SET status = 'completed', updated_at = 5 WHERE job_id = 'j'", []).unwrap();
        let state = callback_state(&conn, "j").unwrap().unwrap();
        assert_eq!((state.state, state.attempts), (CallbackStatus::Pending, 0));
    }

    #[test]
    fn a_job_without_a_callback_url_or_still_waiting_files_nothing() {
        let conn = store_with_job(None);
        conn.execute("UPDATE jobs SET status = 'failed' WHERE job_id = 'j'", []).unwrap();
        assert_eq!(outbox_rows(&conn), 0);
        assert_eq!(callback_state(&conn, "j").unwrap(), None);
        let conn = store_with_job(Some("http://example.com/hook"));
        conn.execute("UPDATE jobs SET status = 'waiting' WHERE job_id = 'j'", []).unwrap();
        assert_eq!(outbox_rows(&conn), 0);
    }

    #[test]
    fn failed_attempts_are_retried_until_the_last_which_gives_up() {
        let mut conn = store_with_job(Some("http://example.com/hook"));
        conn.execute("UPDATE jobs SET status = 'canceled' WHERE job_id = 'j'", []).unwrap();
        let later = chrono::Duration::seconds(2);
        let now = Utc::now();
        begin_attempt(&mut conn, "j").unwrap();
        let first = record_attempt(&mut conn, "j", AttemptResult::Failed("first".into()), 2, later, now).unwrap();
        assert_eq!(first, CallbackStatus::Pending);
        let state = callback_state(&conn, "j").unwrap().unwrap();
        assert_eq!((state.attempts, state.last_error.as_deref()), (1, Some("first")));
        assert_eq!(state.next_attempt_at.map(micros), Some(micros(now + later)));
        assert_eq!(begin_attempt(&mut conn, "j").unwrap(), Some(2));
        let second = record_attempt(&mut conn, "j", AttemptResult::Failed("second".into()), 2, later, now).unwrap();
        assert_eq!(second, CallbackStatus::Failed);
        let state = callback_state(&conn, "j").unwrap().unwrap();
        assert_eq!((state.attempts, state.last_error.as_deref(), state.next_attempt_at), (2, Some("second"), None));
    }

    #[test]
    fn a_delivery_keeps_the_last_error_and_says_when() {
        let mut conn = store_with_job(Some("http://example.com/hook"));
        conn.execute("UPDATE jobs SET status = 'completed' WHERE job_id = 'j'", []).unwrap();
        let now = Utc::now();
        let zero = chrono::Duration::zero();
        begin_attempt(&mut conn, "j").unwrap();
        record_attempt(&mut conn, "j", AttemptResult::Failed("503".into()), 3, zero, now).unwrap();
        begin_attempt(&mut conn, "j").unwrap();
        record_attempt(&mut conn, "j", AttemptResult::Delivered, 3, zero, now).unwrap();
        let state = callback_state(&conn, "j").unwrap().unwrap();
        assert_eq!(state.state, CallbackStatus::Delivered);
        assert_eq!((state.attempts, state.last_error.as_deref()), (2, Some("503")));
        assert_eq!(state.delivered_at.map(micros), Some(micros(now)));
    }

    #[test]
    fn a_version_1_database_gains_the_outbox_when_opened() {
        let dir = std::env::temp_dir().join(format!("jobs-outbox-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("jobs.db");
        let path = path.to_str().unwrap();
        {
            let conn = super::super::schema::open_connection(path).unwrap();
            conn.execute_batch(
                "DROP TRIGGER jobs_ended_callback; DROP TABLE callback_outbox; PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let conn = super::super::schema::open_connection(path).unwrap();
        assert_eq!(outbox_rows(&conn), 0);
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, super::super::schema::SCHEMA_VERSION);
        drop(conn);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
