//! One server per database: an exclusive OS lock on `<db>.lock`, taken before the database is
//! opened and held for as long as the database thread lives.
//!
//! An OS lock (`flock`) rather than a file that says "in use": the kernel releases it when the
//! process dies, however it dies (`kill -9`, a power cut), so a crash never leaves a stale lock
//! for a person to delete. The lock file itself may stay on disk; its presence means nothing.

use std::fs::{File, OpenOptions, TryLockError};
use std::time::{Duration, Instant};

use super::StoreError;

/// How long a start waits for the lock: a server that is just stopping (or a test's previous
/// server whose database thread is ending) lets go within this; a running one does not.
const GRACE: Duration = Duration::from_millis(1500);

/// The lock file of the database at `path`.
pub(super) fn lock_path(path: &str) -> String {
    format!("{path}.lock")
}

/// Takes the database at `path` for this process, or says which server holds it.
/// `:memory:` databases belong to their connection alone and need no lock.
pub(super) fn claim(path: &str) -> Result<Option<File>, StoreError> {
    if path == ":memory:" {
        return Ok(None);
    }
    let lock = lock_path(path);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|e| StoreError::Lock { path: path.to_owned(), reason: format!("cannot create {lock}: {e}") })?;
    let deadline = Instant::now() + GRACE;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(file)),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(TryLockError::WouldBlock) => return Err(StoreError::InUse { path: path.to_owned() }),
            Err(TryLockError::Error(e)) => {
                return Err(StoreError::Lock { path: path.to_owned(), reason: format!("cannot lock {lock}: {e}") })
            }
        }
    }
}
