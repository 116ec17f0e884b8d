//! One server per database: an exclusive OS lock (`flock`) on the database file itself, taken
//! before SQLite opens it and held for as long as the database thread lives.
//!
//! The lock is on the file, not on a name: the path is opened (following symlinks), so a second
//! `--db` that is a symlink to it, a hard link, or a path spelled differently meets the same
//! lock, and no side file can be deleted to get past it. An OS lock rather than a file that says
//! "in use": the kernel releases it when the process dies, however it dies (`kill -9`, a power
//! cut), so a crash never leaves a stale lock for a person to delete.
//!
//! SQLite locks with `fcntl`, which on Linux is independent of `flock`, so the two do not meet.
//! The owner's process id is written to `<db>.owner` (beside the canonical path), only to name
//! the running server in a refusal; it guards nothing.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::StoreError;

/// How long a start waits for the lock: a server that is just stopping (or a test's previous
/// server whose database thread is ending) lets go within this; a running one does not.
const GRACE: Duration = Duration::from_millis(1500);

/// The database held for this process: its lock, and the file naming the owner.
pub(super) struct Owner {
    _lock: File,
    owner_file: Option<PathBuf>,
}

impl Drop for Owner {
    fn drop(&mut self) {
        if let Some(path) = &self.owner_file {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Where the owner's process id is written: beside the database's canonical path, so every
/// path to the database names the same file.
fn owner_file(db: &str) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(db).ok()?;
    let mut name = canonical.file_name()?.to_os_string();
    name.push(".owner");
    Some(canonical.with_file_name(name))
}

/// Takes the database at `path` for this process, or says which server holds it.
/// `:memory:` databases belong to their connection alone and need no lock.
pub(super) fn claim(path: &str) -> Result<Option<Owner>, StoreError> {
    if path == ":memory:" {
        return Ok(None);
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| StoreError::Lock { path: path.to_owned(), reason: format!("cannot open {path}: {e}") })?;
    let deadline = Instant::now() + GRACE;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(TryLockError::WouldBlock) => {
                let owner = owner_file(path)
                    .and_then(|f| std::fs::read_to_string(f).ok())
                    .and_then(|text| text.trim().parse::<u32>().ok())
                    .map_or_else(String::new, |pid| format!(" (process {pid})"));
                return Err(StoreError::InUse { path: path.to_owned(), owner });
            }
            Err(TryLockError::Error(e)) => {
                return Err(StoreError::Lock { path: path.to_owned(), reason: format!("cannot lock {path}: {e}") })
            }
        }
    }
    let owner_file = owner_file(path).filter(|f| std::fs::write(f, format!("{}\n", std::process::id())).is_ok());
    Ok(Some(Owner { _lock: file, owner_file }))
}
