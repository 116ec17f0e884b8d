//! Filing a job and reading jobs back: one job, its metadata, a filtered page, counts by status.

use chrono::{DateTime, Utc};
use jobs_core::{JobStatus, JobType, JsonObject, WireEnum};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};

use super::row::{micros, JobRow, COLUMNS};
use super::{Store, StoreError};

/// The fixed identity every job is filed under: this server has one local user.
pub const LOCAL_USER_ID: &str = "local-user";
/// The fixed organization every job is filed under.
pub const LOCAL_ORGANIZATION_ID: &str = "local-organization";
/// Params or metadata longer than this (in characters) are never loaded to tell a job's kind or
/// how its simulated fit is steered (a simulated fit's params are shorter).
pub const SMALL_INPUTS: i64 = 4096;

/// A job to file: a validated request and where it came from.
pub struct NewJob {
    pub job_id: String,
    pub request: jobs_core::SubmitJobRequest,
    pub project_id: Option<String>,
}

/// A job's type, and its params and metadata when they are small (at most [`SMALL_INPUTS`]
/// characters each; larger ones are not loaded).
pub struct SmallInputs {
    pub job_type: String,
    pub params: Option<String>,
    pub metadata: Option<String>,
}

/// Which jobs a list asks for.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    /// Any of these types (all when empty).
    pub job_types: Vec<JobType>,
    /// Any of these statuses (all when empty).
    pub statuses: Vec<JobStatus>,
    /// Only jobs filed under this project.
    pub project_id: Option<String>,
}

impl Store {
    /// Files a job as pending, at the back of its priority's queue.
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
                .query_row(
                    "SELECT COALESCE(i.metadata, j.metadata), j.intermediate_results FROM jobs j \
                     LEFT JOIN job_inputs i ON i.job_id = j.job_id WHERE j.job_id = ?1",
                    [&job_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?)
        })
        .await
    }

    /// A job's type and its small params and metadata (see [`SmallInputs`]), to tell whether it
    /// runs a simulated fit and how it is steered. The worker reads the metadata with the same
    /// limit ([`Store::claim_next`]), so that both remake the same fit.
    pub async fn kind(&self, job_id: String) -> Result<Option<SmallInputs>, StoreError> {
        self.call(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT j.job_type, CASE WHEN length(COALESCE(i.params, j.params)) <= ?2 \
                     THEN COALESCE(i.params, j.params) END, CASE WHEN length(COALESCE(i.metadata, j.metadata)) <= ?2 \
                     THEN COALESCE(i.metadata, j.metadata) END FROM jobs j \
                     LEFT JOIN job_inputs i ON i.job_id = j.job_id WHERE j.job_id = ?1",
                    params![&job_id, SMALL_INPUTS],
                    |r| Ok(SmallInputs { job_type: r.get(0)?, params: r.get(1)?, metadata: r.get(2)? }),
                )
                .optional()?)
        })
        .await
    }

    /// A job's intermediate results (a JSON array's text).
    pub async fn trace(&self, job_id: String) -> Result<Option<String>, StoreError> {
        self.call(move |conn| {
            Ok(conn
                .query_row("SELECT intermediate_results FROM jobs WHERE job_id = ?1", [&job_id], |r| r.get(0))
                .optional()?)
        })
        .await
    }

    /// One page of jobs, newest first, and how many jobs match in all.
    pub async fn list(&self, filter: ListFilter, limit: i64, offset: i64) -> Result<(Vec<JobRow>, i64), StoreError> {
        self.call(move |conn| list(conn, &filter, limit, offset)).await
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

pub(super) fn get(conn: &Connection, job_id: &str) -> Result<Option<JobRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM jobs WHERE job_id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([job_id], JobRow::from_row).optional()?)
}

/// A job the caller has just changed inside its transaction, so it must be there.
pub(super) fn get_required(conn: &Connection, job_id: &str) -> Result<JobRow, StoreError> {
    get(conn, job_id)?.ok_or_else(|| StoreError::Corrupt(format!("job {job_id} vanished during a change")))
}

fn insert(conn: &mut Connection, job: NewJob, now: DateTime<Utc>) -> Result<JobRow, StoreError> {
    let r = &job.request;
    let now = micros(now);
    let tx = conn.transaction()?;
    // params and metadata go to `job_inputs`, so that the job's row stays small (schema.rs).
    tx.prepare_cached(
        "INSERT INTO jobs (job_id, job_type, status, priority, params, callback_url, parent_job_id, \
         project_id, user_id, organization_id, created_at, updated_at) \
         VALUES (?1, ?2, 'pending', ?3, '', ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        job.job_id,
        r.job_type.as_str(),
        r.priority,
        r.callback_url,
        r.parent_job_id,
        job.project_id,
        LOCAL_USER_ID,
        LOCAL_ORGANIZATION_ID,
        now,
    ])?;
    tx.prepare_cached("INSERT INTO job_inputs (job_id, params, metadata) VALUES (?1, ?2, ?3)")?.execute(params![
        job.job_id,
        r.params.as_str(),
        r.metadata.as_ref().map(JsonObject::as_str),
    ])?;
    let row = get_required(&tx, &job.job_id)?;
    tx.commit()?;
    Ok(row)
}

fn list(conn: &Connection, filter: &ListFilter, limit: i64, offset: i64) -> Result<(Vec<JobRow>, i64), StoreError> {
    let mut clauses = Vec::new();
    let mut values: Vec<&dyn ToSql> = Vec::new();
    let type_names: Vec<&'static str> = filter.job_types.iter().map(|t| t.as_str()).collect();
    if !type_names.is_empty() {
        clauses.push(format!("job_type IN ({})", vec!["?"; type_names.len()].join(", ")));
        values.extend(type_names.iter().map(|t| t as &dyn ToSql));
    }
    let statuses: Vec<&'static str> = filter.statuses.iter().map(|s| s.as_str()).collect();
    if !statuses.is_empty() {
        clauses.push(format!("status IN ({})", vec!["?"; statuses.len()].join(", ")));
        values.extend(statuses.iter().map(|s| s as &dyn ToSql));
    }
    if let Some(project_id) = &filter.project_id {
        clauses.push("project_id = ?".to_owned());
        values.push(project_id);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::queue::claim_next_for_test as claim_next;

    fn request(params: &str, metadata: Option<&str>) -> jobs_core::SubmitJobRequest {
        let mut body = format!(r#"{{"job_type":"dummy","params":{params}"#);
        if let Some(metadata) = metadata {
            body.push_str(&format!(r#","metadata":{metadata}"#));
        }
        body.push('}');
        jobs_core::validate_submit_job(&body).unwrap()
    }

    #[test]
    fn params_and_metadata_are_kept_apart_from_the_jobs_row_and_read_back() {
        let mut conn = super::super::schema::open_connection(":memory:").unwrap();
        let job =
            NewJob { job_id: "new".to_owned(), request: request(r#"{"a": 1}"#, Some(r#"{"m": 2}"#)), project_id: None };
        insert(&mut conn, job, Utc::now()).unwrap();
        let inline: (String, Option<String>) = conn
            .query_row("SELECT params, metadata FROM jobs WHERE job_id = 'new'", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(inline, (String::new(), None), "the row itself stays small");
        let claimed = claim_next(&mut conn).unwrap().unwrap();
        assert_eq!((claimed.job.job_id.as_str(), claimed.params.as_str()), ("new", r#"{"a": 1}"#));
        assert_eq!(claimed.metadata.as_deref(), Some(r#"{"m": 2}"#));
    }

    #[test]
    fn metadata_longer_than_small_inputs_is_not_loaded_for_a_fit() {
        let mut conn = super::super::schema::open_connection(":memory:").unwrap();
        let long = format!(r#"{{"cell": "LG M50", "notes": "{}"}}"#, "x".repeat(SMALL_INPUTS as usize));
        let job = NewJob { job_id: "long".to_owned(), request: request("{}", Some(&long)), project_id: None };
        insert(&mut conn, job, Utc::now()).unwrap();
        assert_eq!(claim_next(&mut conn).unwrap().unwrap().metadata, None);
    }

    #[test]
    fn a_job_filed_before_schema_3_keeps_its_params_and_metadata_in_its_row() {
        let mut conn = super::super::schema::open_connection(":memory:").unwrap();
        conn.execute(
            "INSERT INTO jobs (job_id, job_type, status, priority, params, metadata, user_id, organization_id, \
             created_at, updated_at) VALUES ('old', 'dummy', 'pending', 0, '{\"b\": 2}', '{\"m\": 1}', 'u', 'o', 1, 1)",
            [],
        )
        .unwrap();
        let metadata: Option<String> = conn
            .query_row(
                "SELECT COALESCE(i.metadata, j.metadata) FROM jobs j LEFT JOIN job_inputs i ON i.job_id = j.job_id \
                 WHERE j.job_id = 'old'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(metadata.as_deref(), Some(r#"{"m": 1}"#));
        assert_eq!(claim_next(&mut conn).unwrap().unwrap().params, r#"{"b": 2}"#);
    }
}
