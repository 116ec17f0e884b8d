//! The job store: one SQLite database (a file, or `:memory:`) owned by one thread.
//!
//! Every read and write goes through [`Store::call`], which hands a closure to the database
//! thread and awaits its answer, so no async task ever blocks on SQLite and every change is one
//! transaction, applied in order. The queue is the `jobs` table itself: `seq` (insertion order)
//! and `priority` decide what runs next, so the order survives a restart.
//!
//! - `owner`: one server per database (an OS lock on the database file itself).
//! - `schema`: the table, its version, and opening a connection.
//! - `row`: one job as stored ([`JobRow`]) and as the API shows it.
//! - `jobs`: filing a job and reading jobs back (one, its metadata, a page, counts).
//! - `queue`: taking the next job, progress, finishing, canceling ([`CancelOutcome`]).
//! - `parents`: waiting jobs, completed when their last child ends.
//! - `recovery`: what opening the store does to jobs the last run left mid-way.
//! - `outbox`: callbacks of ended jobs, filed with the terminal status, until delivered.

mod jobs;
mod outbox;
mod owner;
mod parents;
mod queue;
mod recovery;
mod row;
mod schema;

use std::sync::mpsc;

use chrono::Utc;
use rusqlite::Connection;

pub use jobs::{ListFilter, NewJob, SmallInputs, LOCAL_ORGANIZATION_ID, LOCAL_USER_ID};
pub use outbox::{AttemptResult, CallbackState, CallbackStatus, DueCallback};
pub use queue::{CancelOutcome, Claimed, Finished, Outcome};
pub use recovery::Recovery;
pub use row::JobRow;

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
    /// Another server (another process, or another store in this one) holds the database.
    #[error(
        "the database {path:?} is in use by another jobs-server{owner} (it holds the lock on that file, whatever \
         path it was opened by); stop that server first, or start this one with another --db"
    )]
    InUse {
        /// The path given with `--db`.
        path: String,
        /// ` (process N)` when the owner is known, else empty.
        owner: String,
    },
    /// The lock that keeps a database to one server could not be taken.
    #[error("cannot make sure the database {path:?} has one server: {reason}; check the folder's permissions")]
    Lock {
        /// The path given with `--db`.
        path: String,
        /// What the system said.
        reason: String,
    },
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

impl Store {
    /// Opens (or creates) the database at `path` (`:memory:` for one that lives as long as the
    /// server), on a thread of its own, and puts back in the queue what was running when the
    /// server last stopped.
    ///
    /// A database another server holds is refused ([`StoreError::InUse`]) before it is touched.
    pub fn open(path: &str) -> Result<(Store, Recovery), StoreError> {
        let owner = owner::claim(path)?;
        let mut conn = schema::open_connection(path)?;
        let recovery = recovery::recover(&mut conn, Utc::now())?;

        let (commands, inbox) = mpsc::channel::<Command>();
        std::thread::Builder::new()
            .name("jobs-db".to_owned())
            .spawn(move || {
                while let Ok(command) = inbox.recv() {
                    command(&mut conn);
                }
                // The connection closes before the lock is let go, so the next owner never
                // meets this one's half-closed database.
                drop(conn);
                drop(owner);
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
}
