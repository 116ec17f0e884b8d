//! The job store: one SQLite database (a file, or `:memory:`) owned by one thread.
//!
//! Every read and write goes through [`Store::call`], which hands a closure to the database
//! thread and awaits its answer, so no async task ever blocks on SQLite and every change is one
//! transaction, applied in order. The queue is the `jobs` table itself: `seq` (insertion order)
//! and `priority` decide what runs next, so the order survives a restart.

use std::path::Path;
use std::sync::mpsc;

use chrono::{DateTime, Utc};
use jobs_core::{JobErrorCode, JobStatus, JobType, JsonObject, Open, WireEnum};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, ToSql, Transaction};

/// The fixed identity every job is filed under: this server has one local user.
pub const LOCAL_USER_ID: &str = "local-user";
/// The fixed organization every job is filed under.
pub const LOCAL_ORGANIZATION_ID: &str = "local-organization";

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS jobs (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id          TEXT NOT NULL UNIQUE,
    job_type        TEXT NOT NULL,
    status          TEXT NOT NULL,
    priority        INTEGER NOT NULL,
    params          TEXT NOT NULL,
    metadata        TEXT,
    callback_url    TEXT,
    parent_job_id   TEXT,
    project_id      TEXT,
    user_id         TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    started_at      INTEGER,
    completed_at    INTEGER,
    compute_time    REAL,
    error           TEXT,
    error_code      TEXT,
    error_detail    TEXT,
    result          TEXT,
    intermediate_results TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS jobs_queue ON jobs (status, priority DESC, seq);
CREATE INDEX IF NOT EXISTS jobs_parent ON jobs (parent_job_id);
CREATE INDEX IF NOT EXISTS jobs_type ON jobs (job_type);
";

const COLUMNS: &str = "seq, job_id, job_type, status, priority, params, metadata, callback_url, parent_job_id, \
    project_id, user_id, organization_id, created_at, updated_at, started_at, completed_at, compute_time, error, \
    error_code, error_detail, result";

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite said no.
    #[error("the database answered: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database thread is gone (the server is shutting down).
    #[error("the database is closed (the server is shutting down)")]
    Closed,
    /// A row holds something this server never writes.
    #[error("the database holds a job this server cannot read ({0})")]
    Corrupt(String),
    /// The database file could not be opened.
    #[error("cannot open the database {path:?}: {source}")]
    Open {
        /// The path given with `--db`.
        path: String,
        /// What SQLite said.
        source: rusqlite::Error,
    },
}

type Command = Box<dyn FnOnce(&mut Connection) + Send>;

/// A handle on the database thread. Cloning it is cheap; the thread ends when the last handle goes.
#[derive(Clone)]
pub struct Store {
    commands: mpsc::Sender<Command>,
}

/// One job as stored: what `JobResponse` is made from, plus what only the server keeps.
#[derive(Debug, Clone)]
pub struct JobRow {
    pub seq: i64,
    pub job_id: String,
    pub job_type: String,
    pub status: JobStatus,
    pub priority: i64,
    pub params: String,
    pub metadata: Option<String>,
    pub callback_url: Option<String>,
    pub parent_job_id: Option<String>,
    pub project_id: Option<String>,
    pub user_id: String,
    pub organization_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub compute_time: Option<f64>,
    pub error: Option<String>,
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
    pub result: Option<String>,
}

impl JobRow {
    /// The job as the API shows it. `is_terminal` and `is_failed` come from `JobStatus` alone.
    pub fn to_response(&self) -> jobs_core::JobResponse {
        jobs_core::JobResponse {
            job_id: self.job_id.clone(),
            job_type: Open::from_wire(&self.job_type),
            status: Open::Known(self.status),
            priority: self.priority,
            created_at: self.created_at,
            updated_at: self.updated_at,
            started_at: self.started_at,
            completed_at: self.completed_at,
            compute_time: self.compute_time,
            error: self.error.clone(),
            error_code: self.error_code.as_deref().map(Open::<JobErrorCode>::from_wire),
            error_detail: self.error_detail.as_deref().and_then(|t| JsonObject::parse(t).ok()),
            result: self.result.as_deref().and_then(|t| JsonObject::parse(t).ok()),
            callback_url: self.callback_url.clone(),
            parent_job_id: self.parent_job_id.clone(),
            user_id: self.user_id.clone(),
            organization_id: self.organization_id.clone(),
            project_id: self.project_id.clone(),
            access_level: Some(Open::Known(jobs_core::JobAccessLevelEnum::Organization)),
            params_path: None,
            metadata_path: None,
            is_terminal: self.status.is_terminal(),
            is_failed: self.status.is_failed(),
        }
    }

    fn from_row(row: &Row<'_>) -> rusqlite::Result<JobRow> {
        let status: String = row.get(3)?;
        let status = JobStatus::from_wire(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("status {status:?}").into(),
            )
        })?;
        Ok(JobRow {
            seq: row.get(0)?,
            job_id: row.get(1)?,
            job_type: row.get(2)?,
            status,
            priority: row.get(4)?,
            params: row.get(5)?,
            metadata: row.get(6)?,
            callback_url: row.get(7)?,
            parent_job_id: row.get(8)?,
            project_id: row.get(9)?,
            user_id: row.get(10)?,
            organization_id: row.get(11)?,
            created_at: time(row.get(12)?),
            updated_at: time(row.get(13)?),
            started_at: row.get::<_, Option<i64>>(14)?.map(time),
            completed_at: row.get::<_, Option<i64>>(15)?.map(time),
            compute_time: row.get(16)?,
            error: row.get(17)?,
            error_code: row.get(18)?,
            error_detail: row.get(19)?,
            result: row.get(20)?,
        })
    }
}

fn time(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

fn micros(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

/// A job to file: a validated request and where it came from.
pub struct NewJob {
    pub job_id: String,
    pub request: jobs_core::SubmitJobRequest,
    pub project_id: Option<String>,
}

/// Which jobs a list asks for.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub job_types: Vec<JobType>,
    pub status: Option<JobStatus>,
}

/// How a job's own work ended.
pub enum Outcome {
    /// It worked: this is its result (a JSON object's text).
    Succeeded { result: String },
    /// It failed with this code, sentence and detail object.
    Failed { code: JobErrorCode, error: String, detail: String },
}

/// What a cancel did.
pub enum CancelOutcome {
    NotFound,
    AlreadyOver(JobStatus),
    /// Canceled; `was_processing` says a worker must be told to stop. `finished` lists the jobs
    /// that reached a terminal status (this one, and parents that were waiting for it).
    Canceled {
        job: Box<JobRow>,
        was_processing: bool,
        finished: Vec<JobRow>,
    },
}

/// What finishing a job's own work did: the job as it now is, and every job that reached a
/// terminal status through it (itself unless it now waits, and parents that waited for it).
pub struct Finished {
    pub job: JobRow,
    pub finished: Vec<JobRow>,
}

/// What opening the store found.
pub struct Recovery {
    /// Jobs that were processing when the server stopped, put back in the queue.
    pub requeued: Vec<String>,
    /// Waiting jobs whose children had all ended: now completed.
    pub finished: Vec<JobRow>,
}

impl Store {
    /// Opens (or creates) the database at `path` (`:memory:` for one that lives as long as the
    /// server), on a thread of its own, and puts back in the queue what was running when the
    /// server last stopped.
    pub fn open(path: &str) -> Result<(Store, Recovery), StoreError> {
        let open_error = |source| StoreError::Open { path: path.to_owned(), source };
        let mut conn = if path == ":memory:" {
            Connection::open_in_memory().map_err(open_error)?
        } else {
            if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
                if !parent.is_dir() {
                    return Err(open_error(rusqlite::Error::InvalidPath(parent.to_path_buf())));
                }
            }
            let conn = Connection::open(path).map_err(open_error)?;
            conn.pragma_update(None, "journal_mode", "WAL").map_err(open_error)?;
            conn
        };
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Corrupt(format!(
                "schema version {version} is newer than this server's {SCHEMA_VERSION}; use a newer server or another --db"
            )));
        }
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        let recovery = recover(&mut conn, Utc::now())?;

        let (commands, inbox) = mpsc::channel::<Command>();
        std::thread::Builder::new()
            .name("jobs-db".to_owned())
            .spawn(move || {
                while let Ok(command) = inbox.recv() {
                    command(&mut conn);
                }
            })
            .map_err(|e| StoreError::Corrupt(format!("cannot start the database thread: {e}")))?;
        Ok((Store { commands }, recovery))
    }

    /// Runs `f` on the database thread and returns what it returned.
    pub async fn call<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R, StoreError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.commands
            .send(Box::new(move |conn| {
                let _ = reply.send(f(conn));
            }))
            .map_err(|_| StoreError::Closed)?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    pub async fn insert(&self, job: NewJob) -> Result<JobRow, StoreError> {
        self.call(move |conn| insert(conn, job, Utc::now())).await
    }

    pub async fn get(&self, job_id: String) -> Result<Option<JobRow>, StoreError> {
        self.call(move |conn| get(conn, &job_id)).await
    }

    /// The submitted metadata (verbatim) and the intermediate results (a JSON array) of a job.
    pub async fn metadata(&self, job_id: String) -> Result<Option<(Option<String>, String)>, StoreError> {
        self.call(move |conn| {
            Ok(conn
                .query_row("SELECT metadata, intermediate_results FROM jobs WHERE job_id = ?1", [&job_id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?)
        })
        .await
    }

    /// One page of jobs, newest first, and how many jobs match in all.
    pub async fn list(&self, filter: ListFilter, limit: i64, offset: i64) -> Result<(Vec<JobRow>, i64), StoreError> {
        self.call(move |conn| list(conn, &filter, limit, offset)).await
    }

    /// Takes the next job to run (highest priority, then oldest) and marks it processing.
    /// `on_claim` runs before the change is visible to any other command.
    pub async fn claim_next(
        &self,
        on_claim: impl FnOnce(&JobRow) + Send + 'static,
    ) -> Result<Option<JobRow>, StoreError> {
        self.call(move |conn| {
            let claimed = claim_next(conn, Utc::now())?;
            if let Some(job) = &claimed {
                on_claim(job);
            }
            Ok(claimed)
        })
        .await
    }

    /// Replaces a running job's intermediate results. `false` when it is no longer processing.
    pub async fn record_progress(&self, job_id: String, intermediate: String) -> Result<bool, StoreError> {
        self.call(move |conn| {
            let changed = conn.execute(
                "UPDATE jobs SET intermediate_results = ?2, updated_at = ?3 WHERE job_id = ?1 AND status = 'processing'",
                params![job_id, intermediate, micros(Utc::now())],
            )?;
            Ok(changed == 1)
        })
        .await
    }

    /// Ends a processing job's own work. `None` when it is no longer processing (canceled).
    pub async fn finish(&self, job_id: String, outcome: Outcome) -> Result<Option<Finished>, StoreError> {
        self.call(move |conn| finish(conn, &job_id, outcome, Utc::now())).await
    }

    pub async fn cancel(&self, job_id: String) -> Result<CancelOutcome, StoreError> {
        self.call(move |conn| cancel(conn, &job_id, Utc::now())).await
    }

    /// How many jobs are in each status (for the benchmark and `/health`).
    pub async fn count_by_status(&self) -> Result<Vec<(String, i64)>, StoreError> {
        self.call(|conn| {
            let mut stmt = conn.prepare("SELECT status, COUNT(*) FROM jobs GROUP BY status ORDER BY status")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }
}

fn get(conn: &Connection, job_id: &str) -> Result<Option<JobRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM jobs WHERE job_id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([job_id], JobRow::from_row).optional()?)
}

fn get_required(conn: &Connection, job_id: &str) -> Result<JobRow, StoreError> {
    get(conn, job_id)?.ok_or_else(|| StoreError::Corrupt(format!("job {job_id} vanished during a change")))
}

fn insert(conn: &mut Connection, job: NewJob, now: DateTime<Utc>) -> Result<JobRow, StoreError> {
    let r = &job.request;
    let now = micros(now);
    conn.prepare_cached(
        "INSERT INTO jobs (job_id, job_type, status, priority, params, metadata, callback_url, parent_job_id, \
         project_id, user_id, organization_id, created_at, updated_at) \
         VALUES (?1, ?2, 'pending', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        job.job_id,
        r.job_type.as_str(),
        r.priority,
        r.params.as_str(),
        r.metadata.as_ref().map(JsonObject::as_str),
        r.callback_url,
        r.parent_job_id,
        job.project_id,
        LOCAL_USER_ID,
        LOCAL_ORGANIZATION_ID,
        now,
    ])?;
    get_required(conn, &job.job_id)
}

fn list(conn: &Connection, filter: &ListFilter, limit: i64, offset: i64) -> Result<(Vec<JobRow>, i64), StoreError> {
    let mut clauses = Vec::new();
    let mut values: Vec<&dyn ToSql> = Vec::new();
    let type_names: Vec<&'static str> = filter.job_types.iter().map(|t| t.as_str()).collect();
    if !type_names.is_empty() {
        clauses.push(format!("job_type IN ({})", vec!["?"; type_names.len()].join(", ")));
        values.extend(type_names.iter().map(|t| t as &dyn ToSql));
    }
    let status = filter.status.map(JobStatus::as_str);
    if let Some(status) = &status {
        clauses.push("status = ?".to_owned());
        values.push(status);
    }
    let filter_sql = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM jobs{filter_sql}"))?
        .query_row(params_from_iter(values.iter()), |r| r.get(0))?;
    let sql = format!("SELECT {COLUMNS} FROM jobs{filter_sql} ORDER BY seq DESC LIMIT ? OFFSET ?");
    values.push(&limit);
    values.push(&offset);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values.iter()), JobRow::from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok((rows, total))
}

fn claim_next(conn: &mut Connection, now: DateTime<Utc>) -> Result<Option<JobRow>, StoreError> {
    let tx = conn.transaction()?;
    let next: Option<String> = tx
        .prepare_cached("SELECT job_id FROM jobs WHERE status = 'pending' ORDER BY priority DESC, seq ASC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    let Some(job_id) = next else { return Ok(None) };
    tx.prepare_cached(
        "UPDATE jobs SET status = 'processing', started_at = ?2, updated_at = ?2, intermediate_results = '[]' \
         WHERE job_id = ?1",
    )?
    .execute(params![job_id, micros(now)])?;
    let job = get_required(&tx, &job_id)?;
    tx.commit()?;
    Ok(Some(job))
}

fn non_terminal_children(tx: &Transaction<'_>, job_id: &str) -> Result<i64, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT COUNT(*) FROM jobs WHERE parent_job_id = ?1 AND status IN ('pending', 'processing', 'waiting')",
        )?
        .query_row([job_id], |r| r.get(0))?)
}

/// After `child` reached a terminal status: completes its parent if the parent was waiting and
/// this was its last running child, and so on up. Returns the parents completed.
fn complete_waiting_parents(
    tx: &Transaction<'_>,
    child: &JobRow,
    now: DateTime<Utc>,
) -> Result<Vec<JobRow>, StoreError> {
    let mut completed = Vec::new();
    let mut next = child.parent_job_id.clone();
    // A chain of parents cannot loop (a parent exists before its child names it), but a bound
    // keeps a hand-edited database from spinning here.
    for _ in 0..10_000 {
        let Some(parent_id) = next.take() else { break };
        let Some(parent) = get(tx, &parent_id)? else { break };
        if parent.status != JobStatus::Waiting || non_terminal_children(tx, &parent_id)? > 0 {
            break;
        }
        tx.prepare_cached(
            "UPDATE jobs SET status = 'completed', completed_at = ?2, updated_at = ?2 WHERE job_id = ?1",
        )?
        .execute(params![parent_id, micros(now)])?;
        let parent = get_required(tx, &parent_id)?;
        next = parent.parent_job_id.clone();
        completed.push(parent);
    }
    Ok(completed)
}

fn finish(
    conn: &mut Connection,
    job_id: &str,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<Option<Finished>, StoreError> {
    let tx = conn.transaction()?;
    let Some(job) = get(&tx, job_id)? else { return Ok(None) };
    if job.status != JobStatus::Processing {
        return Ok(None);
    }
    let compute_time = job.started_at.map(|s| seconds_between(s, now));
    let now_us = micros(now);
    match outcome {
        Outcome::Succeeded { result } => {
            let waits = non_terminal_children(&tx, job_id)? > 0;
            let (status, completed_at) = if waits { ("waiting", None) } else { ("completed", Some(now_us)) };
            tx.prepare_cached(
                "UPDATE jobs SET status = ?2, result = ?3, compute_time = ?4, completed_at = ?5, updated_at = ?6 \
                 WHERE job_id = ?1",
            )?
            .execute(params![job_id, status, result, compute_time, completed_at, now_us])?;
        }
        Outcome::Failed { code, error, detail } => {
            tx.prepare_cached(
                "UPDATE jobs SET status = 'failed', error = ?2, error_code = ?3, error_detail = ?4, \
                 compute_time = ?5, completed_at = ?6, updated_at = ?6 WHERE job_id = ?1",
            )?
            .execute(params![job_id, error, code.as_str(), detail, compute_time, now_us])?;
        }
    }
    let job = get_required(&tx, job_id)?;
    let mut finished = Vec::new();
    if job.status.is_terminal() {
        finished.push(job.clone());
        finished.extend(complete_waiting_parents(&tx, &job, now)?);
    }
    tx.commit()?;
    Ok(Some(Finished { job, finished }))
}

fn cancel(conn: &mut Connection, job_id: &str, now: DateTime<Utc>) -> Result<CancelOutcome, StoreError> {
    let tx = conn.transaction()?;
    let Some(job) = get(&tx, job_id)? else { return Ok(CancelOutcome::NotFound) };
    if job.status.is_terminal() {
        return Ok(CancelOutcome::AlreadyOver(job.status));
    }
    let was_processing = job.status == JobStatus::Processing;
    // A waiting job's compute time was set when its own work ended; a processing one's ends now.
    let compute_time = if was_processing { job.started_at.map(|s| seconds_between(s, now)) } else { job.compute_time };
    tx.prepare_cached(
        "UPDATE jobs SET status = 'canceled', compute_time = ?2, completed_at = ?3, updated_at = ?3 WHERE job_id = ?1",
    )?
    .execute(params![job_id, compute_time, micros(now)])?;
    let job = get_required(&tx, job_id)?;
    let mut finished = vec![job.clone()];
    finished.extend(complete_waiting_parents(&tx, &job, now)?);
    tx.commit()?;
    Ok(CancelOutcome::Canceled { job: Box::new(job), was_processing, finished })
}

fn recover(conn: &mut Connection, now: DateTime<Utc>) -> Result<Recovery, StoreError> {
    let tx = conn.transaction()?;
    let requeued = {
        let mut stmt = tx.prepare("SELECT job_id FROM jobs WHERE status = 'processing' ORDER BY seq")?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        ids
    };
    // Priority and seq (queue order) are kept; the run starts again from nothing.
    tx.execute(
        "UPDATE jobs SET status = 'pending', started_at = NULL, updated_at = ?1, intermediate_results = '[]' \
         WHERE status = 'processing'",
        [micros(now)],
    )?;
    // A waiting job whose last child ended just as the server stopped would wait forever.
    let waiting: Vec<String> = {
        let mut stmt = tx.prepare("SELECT job_id FROM jobs WHERE status = 'waiting' ORDER BY seq")?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        ids
    };
    let mut finished = Vec::new();
    for job_id in waiting {
        if non_terminal_children(&tx, &job_id)? == 0 {
            tx.execute(
                "UPDATE jobs SET status = 'completed', completed_at = ?2, updated_at = ?2 WHERE job_id = ?1",
                params![job_id, micros(now)],
            )?;
            let job = get_required(&tx, &job_id)?;
            finished.extend(complete_waiting_parents(&tx, &job, now)?);
            finished.push(job);
        }
    }
    tx.commit()?;
    Ok(Recovery { requeued, finished })
}

fn seconds_between(start: DateTime<Utc>, end: DateTime<Utc>) -> f64 {
    ((end - start).num_microseconds().unwrap_or(0).max(0) as f64) / 1e6
}
