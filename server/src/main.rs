//! jobs-server: the local Ionworks jobs API (simulated work, jobs kept in SQLite).
//!
//! Run it (API only, open on loopback):
//!
//!     cargo run -p jobs-server --release -- --db jobs.db
//!
//! With the web app at the same address, and a key (needed to listen beyond loopback):
//!
//!     cargo run -p jobs-server --release -- --db jobs.db --dist dist --workers 4 \
//!         --addr 127.0.0.1:8080 --api-key "$JOBS_API_KEY"
//!
//! Logs go to stderr; `RUST_LOG=debug` shows more. See server/README.md.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    jobs_server::cli::main(clap::Parser::parse()).await
}
