//! # jobs-server
//!
//! The local Ionworks jobs API: the hosted API's contract (validation through `jobs-core`, so
//! every 422 is the hosted API's), jobs kept in SQLite, simulated work run by a priority queue,
//! callbacks, and the built web app served from the same address.
//!
//! - [`api`]: the router and its handlers; `app(state)` is what tests drive with `oneshot`.
//! - [`scheduler`]: the queue, the workers and the job life cycle.
//! - [`store`]: SQLite, one thread.
//! - [`simulation`]: what a job "does", and how `params` steer it.

pub mod api;
mod body;
pub mod callback;
pub mod cli;
mod correlation;
mod openapi;
pub mod scheduler;
pub mod simulation;
pub mod store;
mod web;

pub use api::{app, AppError, AppState, Config};
pub use body::MAX_BODY_BYTES;
