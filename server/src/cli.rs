//! The command line: arguments, logging, and serving until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tracing::{error, info};
use tracing_subscriber::EnvFilter;

use crate::body::BodyLimits;
use crate::callback::CallbackPolicy;
use crate::routes::app;
use crate::serve::{self, default_max_connections, shutdown_signal, ConnectionLimits};
use crate::state::{AppState, Config};

/// The local Ionworks jobs API: the hosted API's contract, simulated work, SQLite storage.
#[derive(Debug, Parser)]
#[command(name = "jobs-server", version)]
pub struct Cli {
    /// Address to listen on. Without an API key only loopback addresses are allowed; any other
    /// needs a key of at least 16 characters.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// SQLite file for the jobs (created if missing), or :memory: for jobs that end with the server.
    #[arg(long, value_name = "PATH", default_value = "jobs.db")]
    pub db: String,
    /// How many jobs run at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(0..=1024))]
    pub workers: u16,
    /// Require this key in the X-API-Key header of every /jobs request.
    #[arg(long, env = "JOBS_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Let pages of this origin (e.g. http://127.0.0.1:5173) call the API, besides the server's
    /// own; repeatable. Without a key, no other page may; with a key, any may unless some are given.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// Serve the built web app from this folder at / (e.g. dist).
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,
    /// Let callbacks reach loopback, private and link-local addresses (local receivers, test
    /// suites). Without it such callbacks are refused, and the job's metadata says why.
    #[arg(long)]
    pub callbacks_allow_private: bool,
    /// Send no callback at all; each is recorded on its job as refused (test runs whose
    /// generated callback URLs must not be called).
    #[arg(long, conflicts_with = "callbacks_allow_private")]
    pub no_callbacks: bool,
    /// Seconds a client has to send a request's head (request line and headers); also how long
    /// a kept-alive connection may wait for its next request.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = seconds)]
    pub head_timeout: f64,
    /// Seconds a request body may stall (no byte arriving) before the request is answered 408.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = seconds)]
    pub body_timeout: f64,
    /// KiB per second a body must keep up on average once --body-timeout has passed (408 otherwise).
    #[arg(long, value_name = "KIB_PER_S", default_value_t = 32)]
    pub body_min_rate: u64,
    /// MiB of request bodies read at once, all requests together; beyond it, 503 with Retry-After.
    #[arg(long, value_name = "MIB", default_value_t = 384, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_memory: u64,
    /// Open connections at most (default: the file limit less 128); at the cap, the connection
    /// idle the longest is closed for a new one.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: Option<u64>,
    /// Seconds requests in flight have to finish after SIGTERM or Ctrl-C; then the server exits.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0, value_parser = seconds)]
    pub shutdown_grace: f64,
}

/// A number of seconds, from 0 to a day (fractions allowed).
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if (0.0..=86_400.0).contains(&s) => Ok(s),
        _ => Err(format!("{text:?} is not a number of seconds from 0 to 86400")),
    }
}

/// The shortest key accepted for an address beyond loopback: guessable keys are no guard there.
pub const MIN_NETWORK_KEY_CHARS: usize = 16;

/// Why the server did not start, in a sentence that says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(
        "Refusing to listen on {0} without an API key: anyone who can reach it could submit and cancel jobs. \
         Start it with --api-key KEY (or JOBS_API_KEY), or listen on a loopback address such as 127.0.0.1:8080."
    )]
    OpenOnNetwork(SocketAddr),
    #[error("The API key is empty; give a non-empty --api-key (or JOBS_API_KEY), or leave it out.")]
    EmptyKey,
    #[error(
        "The API key is {0} characters long, too short to guard a server listening on {1}: give one of at least \
         {MIN_NETWORK_KEY_CHARS} characters (for example from `openssl rand -hex 16`), or listen on a loopback \
         address such as 127.0.0.1:8080."
    )]
    ShortKey(usize, SocketAddr),
    #[error("--dist {0:?} has no index.html; build the web app into it first (trunk build --release).")]
    NoWebApp(PathBuf),
    #[error("Cannot open the job store: {0}.")]
    Store(#[from] crate::store::StoreError),
    #[error("Cannot listen on {addr}: {source}. Is another server using it? Choose another with --addr.")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("The server stopped: {0}.")]
    Serve(std::io::Error),
}

/// Starts logging (RUST_LOG, default info), then serves.
pub async fn main(cli: Cli) -> ExitCode {
    // A file-size limit (`ulimit -f`) reached by the database then fails the write ("database or
    // disk is full", retried) instead of killing the process with SIGXFSZ.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" touches no memory of this program.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi).init();
    match serve(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            error!("{e}");
            eprintln!("jobs-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Checks the arguments, opens the store and serves until Ctrl-C or SIGTERM.
pub async fn serve(cli: Cli) -> Result<(), StartError> {
    let config = check(
        cli.addr,
        Config {
            db: cli.db,
            workers: usize::from(cli.workers),
            api_key: cli.api_key,
            port: cli.addr.port(),
            cors_origins: cli.cors_origins,
            dist: cli.dist,
            callbacks: CallbackPolicy {
                allow_private: cli.callbacks_allow_private,
                enabled: !cli.no_callbacks,
                ..CallbackPolicy::default()
            },
            bodies: BodyLimits {
                stall: Duration::from_secs_f64(cli.body_timeout),
                min_rate: cli.body_min_rate.saturating_mul(1024),
                memory: usize::try_from(cli.body_memory.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX),
            },
        },
    )?;
    let limits = ConnectionLimits {
        head_timeout: Duration::from_secs_f64(cli.head_timeout),
        max_connections: cli
            .max_connections
            .map_or_else(default_max_connections, |n| usize::try_from(n).unwrap_or(usize::MAX)),
        shutdown_grace: Duration::from_secs_f64(cli.shutdown_grace),
    };
    let listener =
        tokio::net::TcpListener::bind(cli.addr).await.map_err(|source| StartError::Bind { addr: cli.addr, source })?;
    let addr = listener.local_addr().unwrap_or(cli.addr);
    // The port actually taken (`--addr 127.0.0.1:0` picks one): requests must name it.
    let config = Config { port: addr.port(), ..config };
    let state = AppState::open(&config)?;
    info!(
        %addr,
        db = config.db,
        workers = config.workers,
        api_key = config.api_key.is_some(),
        cors_origins = ?config.cors_origins,
        web_app = ?config.dist,
        max_connections = limits.max_connections,
        "jobs-server listening on http://{addr}"
    );
    serve::serve(listener, app(state), limits, shutdown_signal()).await.map_err(StartError::Serve)?;
    info!("jobs-server stopped; jobs still processing will be pending again at the next start");
    Ok(())
}

/// The rules a configuration must meet before anything starts.
pub fn check(addr: SocketAddr, config: Config) -> Result<Config, StartError> {
    if config.api_key.as_deref().is_some_and(|k| k.trim().is_empty()) {
        return Err(StartError::EmptyKey);
    }
    if !addr.ip().is_loopback() {
        match config.api_key.as_deref().map(|k| k.chars().count()) {
            None => return Err(StartError::OpenOnNetwork(addr)),
            Some(n) if n < MIN_NETWORK_KEY_CHARS => return Err(StartError::ShortKey(n, addr)),
            Some(_) => {}
        }
    }
    if let Some(dist) = &config.dist {
        if !dist.join("index.html").is_file() {
            return Err(StartError::NoWebApp(dist.clone()));
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_server_refuses_a_network_address() {
        let addr: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let error = check(addr, Config::in_memory()).unwrap_err();
        assert!(error.to_string().contains("--api-key"), "{error}");
        let keyed = Config { api_key: Some("0123456789abcdef".to_owned()), ..Config::in_memory() };
        assert!(check(addr, keyed).is_ok());
        assert!(check("127.0.0.1:1".parse().unwrap(), Config::in_memory()).is_ok());
        assert!(check("[::1]:1".parse().unwrap(), Config::in_memory()).is_ok());
    }

    #[test]
    fn a_network_address_needs_a_key_of_at_least_16_characters() {
        let short = Config { api_key: Some("fifteen-chars-k".to_owned()), ..Config::in_memory() };
        let error = check("0.0.0.0:8080".parse().unwrap(), short.clone()).unwrap_err().to_string();
        assert!(error.contains("15 characters long") && error.contains("at least 16"), "{error}");
        assert!(check("127.0.0.1:8080".parse().unwrap(), short).is_ok(), "loopback takes any key");
    }

    #[test]
    fn callbacks_to_private_addresses_need_the_allow_private_flag_and_the_loopback_only_flag_is_gone() {
        let plain = Cli::try_parse_from(["jobs-server"]).unwrap();
        assert!(!plain.callbacks_allow_private && !plain.no_callbacks);
        assert!(Cli::try_parse_from(["jobs-server", "--callbacks-allow-private"]).unwrap().callbacks_allow_private);
        assert!(Cli::try_parse_from(["jobs-server", "--callbacks-loopback-only"]).is_err());
        assert!(Cli::try_parse_from(["jobs-server", "--no-callbacks", "--callbacks-allow-private"]).is_err());
    }
}
