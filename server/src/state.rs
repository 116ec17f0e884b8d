//! How a server is set up ([`Config`], what the command line gives) and what every handler
//! shares ([`AppState`]: the scheduler, the key, who may call, the web app's folder, the OpenAPI
//! document).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::access::{Access, KeyDigest};
use crate::body::{Bodies, BodyLimits};
use crate::callback::CallbackPolicy;
use crate::openapi;
use crate::scheduler::Scheduler;
use crate::store::StoreError;

/// How a server is set up (what the command line gives).
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite file, or `:memory:`.
    pub db: String,
    /// How many jobs run at once.
    pub workers: usize,
    /// When set, every jobs endpoint requires `X-API-Key` with this value.
    pub api_key: Option<String>,
    /// The port the server listens on: without a key, only requests to it on a loopback name
    /// are served.
    pub port: u16,
    /// Pages of these origins may call the server (`--cors-origin`), besides its own.
    pub cors_origins: Vec<String>,
    /// The built web app to serve at `/`.
    pub dist: Option<PathBuf>,
    /// How job-ended callbacks are delivered.
    pub callbacks: CallbackPolicy,
    /// How long bodies may take, and how much memory they may hold at once.
    pub bodies: BodyLimits,
}

impl Config {
    /// A server whose jobs live in memory, with 4 workers, open, without a web app.
    pub fn in_memory() -> Config {
        Config {
            db: ":memory:".to_owned(),
            workers: 4,
            api_key: None,
            port: 8080,
            cors_origins: Vec::new(),
            dist: None,
            callbacks: CallbackPolicy::default(),
            bodies: BodyLimits::default(),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub scheduler: Scheduler,
    pub(crate) api_key: Option<KeyDigest>,
    pub(crate) access: Arc<Access>,
    pub(crate) dist: Option<Arc<Path>>,
    pub(crate) openapi: Arc<str>,
    /// Permits to validate a large body (one per core, at most 4): the rest wait in line.
    pub(crate) large_work: Arc<tokio::sync::Semaphore>,
    /// The memory budget of bodies being read, and their time limits.
    pub(crate) bodies: Arc<Bodies>,
}

impl AppState {
    /// Opens the store, re-queues what was running when the server last stopped, and starts the
    /// workers. Must run inside a tokio runtime.
    pub fn open(config: &Config) -> Result<AppState, StoreError> {
        Ok(AppState {
            scheduler: Scheduler::start(&config.db, config.workers, config.callbacks.clone())?,
            api_key: config.api_key.as_deref().map(KeyDigest::of),
            access: Arc::new(Access::new(config.api_key.is_some(), config.port, &config.cors_origins)),
            dist: config.dist.as_deref().map(Arc::from),
            openapi: Arc::from(openapi::document()),
            large_work: Arc::new(tokio::sync::Semaphore::new(large_work_permits())),
            bodies: Bodies::new(config.bodies.clone()),
        })
    }
}

/// How many large bodies are validated at once: one per core (the work is all CPU), at most 4
/// (each may hold about twice its 32 MiB while it is refused).
fn large_work_permits() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4)
}
