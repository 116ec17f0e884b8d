//! The database's shape: the `jobs` table and its indexes, the schema version kept in SQLite's
//! `user_version`, and opening a connection set up the way the store needs it (WAL for a file,
//! a busy timeout, the schema created or checked).

use std::path::Path;

use rusqlite::Connection;

use super::StoreError;

/// The version this server writes. A database of a newer version is refused rather than read
/// wrongly; an older one is migrated here. Version 2 added the callback outbox
/// (`outbox::schema`, which creates it only if missing, so it is also the migration from 1).
/// Version 3 keeps a new job's `params` and `metadata` in `job_inputs` (see there); jobs filed
/// before keep theirs in `jobs`, where readers still look, so there is nothing to move. A
/// version-2 server would find new jobs' params empty, hence the new number.
pub(super) const SCHEMA_VERSION: i64 = 3;

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
-- A job's params and metadata (up to 32 MiB together), apart from its row: SQLite stores a row's
-- columns in order, so every read of the columns after a large `jobs.params` followed its
-- overflow pages, and every status change rewrote it. New jobs leave `jobs.params` empty and
-- `jobs.metadata` null.
CREATE TABLE IF NOT EXISTS job_inputs (
    job_id   TEXT PRIMARY KEY,
    params   TEXT NOT NULL,
    metadata TEXT
);
";

/// Opens (or creates) the database at `path` (`:memory:` for one that lives as long as the
/// connection) and brings its schema to this server's version.
pub(super) fn open_connection(path: &str) -> Result<Connection, StoreError> {
    let open_error = |source| StoreError::Open { path: path.to_owned(), source };
    let conn = if path == ":memory:" {
        Connection::open_in_memory().map_err(open_error)?
    } else {
        // SQLite would say only "unable to open database file"; naming the missing folder helps.
        if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.is_dir() {
                return Err(open_error(rusqlite::Error::InvalidPath(parent.to_path_buf())));
            }
        }
        let conn = Connection::open(path).map_err(open_error)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_error)?;
        conn
    };
    // FULL: a job is on disk before its 202 is sent (NORMAL in WAL mode may lose the last
    // transactions to a power cut). The load example prints what it costs.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Corrupt(format!(
            "schema version {version} is newer than this server's {SCHEMA_VERSION}; use a newer server or another --db"
        )));
    }
    conn.execute_batch(SCHEMA)?;
    conn.execute_batch(&super::outbox::schema())?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_of_a_newer_schema_is_refused_with_a_sentence() {
        let dir = std::env::temp_dir().join(format!("jobs-schema-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("jobs.db");
        let path = path.to_str().unwrap();
        open_connection(path).unwrap().pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        let error = open_connection(path).unwrap_err().to_string();
        assert!(error.contains("is newer than this server's"), "{error}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_database_in_a_missing_folder_names_the_folder() {
        let error = open_connection("/no/such/folder/jobs.db").unwrap_err().to_string();
        assert!(error.contains("/no/such/folder"), "{error}");
    }
}
