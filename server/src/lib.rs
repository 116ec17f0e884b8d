//! # jobs-server
//!
//! The local Ionworks jobs API: the hosted API's contract (validation through `jobs-core`, so
//! every 422 is the hosted API's), jobs kept in SQLite, simulated work run by a priority queue,
//! callbacks, and the built web app served from the same address.
//!
//! Modules, from the edge inwards (each uses only those below it, so no two import each other):
//!
//! - `cli`: the command line, checks before starting.
//! - `serve`: connections: head timeout, connection cap, graceful shutdown with a deadline.
//! - `routes`: [`app`] builds the router; one file per resource, handlers named `resource_verb`.
//! - `web`: the built web app at `/` (`--dist`), told apart from the API by `Accept`.
//! - `state`: [`Config`] and [`AppState`], what every handler shares.
//! - `access`: the key as kept (hashed) and the `Host` / `Origin` rules.
//! - `openapi`: the `/openapi.json` document.
//! - `query`: query strings read as FastAPI reads them, and `GET /jobs`'s limits.
//! - `error`: [`AppError`], every answer besides success, and the JSON answer helpers.
//! - `body`: reading a request body (size limits, gzip); `correlation`: `x-correlation-id`.
//! - [`scheduler`]: the queue, the workers and the job life cycle.
//! - [`callback`]: delivering job-ended callbacks.
//! - [`simulation`]: what a job "does", and how `params` steer it.
//! - [`store`]: SQLite, one thread.

mod access;
mod body;
pub mod callback;
pub mod cli;
mod correlation;
mod error;
mod openapi;
mod query;
mod routes;
pub mod scheduler;
mod serve;
pub mod simulation;
mod state;
pub mod store;
mod web;

pub use body::{BodyLimits, MAX_BODY_BYTES};
pub use error::AppError;
pub use routes::app;
pub use state::{AppState, Config};
