//! Serving the router on a listener, with the limits a hostile or broken client meets:
//!
//! - hyper's `header_read_timeout` (`--head-timeout`): a request head must arrive within it. The
//!   same clock runs while a kept-alive connection waits for its next request, so it is also the
//!   idle timeout.
//! - at most `--max-connections` open connections (by default the file limit less 128, so that
//!   `accept` never fails for want of a descriptor); at the cap, the connection idle the longest
//!   is closed to make room, so a new client (a `/health` probe) always gets in.
//! - graceful shutdown with a deadline (`--shutdown-grace`): stop accepting, let requests in
//!   flight finish, and return when they have or when the deadline passes, whatever clients do.
//!
//! Bodies have their own limits (time, rate, memory), in `body`.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;
use tracing::{debug, info, warn};

/// How connections are limited (the command line's `--head-timeout`, `--max-connections`,
/// `--shutdown-grace`).
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    /// A request's head (request line and headers) must arrive within this, and a kept-alive
    /// connection is closed after this long without a new request.
    pub head_timeout: Duration,
    /// At most this many connections are open at once.
    pub max_connections: usize,
    /// After SIGTERM or Ctrl-C, requests in flight have this long to finish.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            head_timeout: Duration::from_secs(10),
            max_connections: default_max_connections(),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Descriptors kept free beside client connections: the database and its journal, the log,
/// callbacks in flight, web app files, and the listener itself.
const RESERVED_FILES: u64 = 128;

/// The process's file limit (`RLIMIT_NOFILE`, soft) less [`RESERVED_FILES`], at least 16.
pub fn default_max_connections() -> usize {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes into the struct it is given, nothing else.
    let files = if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
        limit.rlim_cur.min(1 << 20)
    } else {
        1024
    };
    usize::try_from(files.saturating_sub(RESERVED_FILES).max(16)).unwrap_or(usize::MAX)
}

/// One open connection as the cap sees it: how many requests it is answering, since when it is
/// idle, and how to close it.
struct Connection {
    activity: Arc<Mutex<Activity>>,
    close: Arc<Notify>,
    /// Told to close (by the cap), not yet closed.
    closing: bool,
}

struct Activity {
    requests: usize,
    idle_since: Instant,
}

/// The open connections: each is listed until its task has ended and its socket is closed, so
/// the count is the descriptors they hold.
#[derive(Default)]
struct Connections {
    open: Mutex<HashMap<u64, Connection>>,
    next_id: AtomicU64,
    /// Notified when a connection ends (the cap and shutdown wait for that).
    ended: Notify,
}

impl Connections {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Connection>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    /// Tells the connection idle the longest to close, unless one is closing already (or every
    /// connection is answering a request: then the next to end makes room).
    fn close_idlest(&self) {
        let mut open = self.lock();
        if open.values().any(|c| c.closing) {
            return;
        }
        let idlest = open
            .iter()
            .filter_map(|(id, c)| {
                let activity = c.activity.lock().unwrap_or_else(|p| p.into_inner());
                (activity.requests == 0).then_some((activity.idle_since, *id))
            })
            .min()
            .map(|(_, id)| id);
        if let Some(connection) = idlest.and_then(|id| open.get_mut(&id)) {
            connection.closing = true;
            connection.close.notify_one();
            debug!("connection cap reached: closing the connection idle the longest");
        }
    }

    fn admit(&self) -> (u64, Arc<Mutex<Activity>>, Arc<Notify>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let activity = Arc::new(Mutex::new(Activity { requests: 0, idle_since: Instant::now() }));
        let close = Arc::new(Notify::new());
        self.lock().insert(id, Connection { activity: activity.clone(), close: close.clone(), closing: false });
        (id, activity, close)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
        self.ended.notify_waiters();
    }

    /// Waits until fewer than `max` connections are open, closing the idlest meanwhile.
    async fn make_room(&self, max: usize) {
        loop {
            let ended = self.ended.notified();
            tokio::pin!(ended);
            ended.as_mut().enable();
            if self.len() < max {
                return;
            }
            self.close_idlest();
            ended.await;
        }
    }
}

/// Marks a connection busy while a request is answered (until its response's head is ready).
struct Busy(Arc<Mutex<Activity>>);

impl Busy {
    fn start(activity: Arc<Mutex<Activity>>) -> Busy {
        activity.lock().unwrap_or_else(|p| p.into_inner()).requests += 1;
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut activity = self.0.lock().unwrap_or_else(|p| p.into_inner());
        activity.requests -= 1;
        activity.idle_since = Instant::now();
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then for at most the grace period while
/// requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let connections = Arc::new(Connections::default());
    let (stop, stopping) = watch::channel(false);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.head_timeout);
    let http = Arc::new(http);
    tokio::pin!(shutdown);
    loop {
        // A descriptor is taken only when one is free: at the cap, the idlest connection closes
        // first, so accept never fails for want of one and a new client always gets in.
        let room_then_accept = async {
            connections.make_room(limits.max_connections).await;
            listener.accept().await
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = room_then_accept => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of descriptors or memory for a moment: wait rather than spin.
                    warn!(error = %e, "cannot accept a connection; trying again shortly");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        tokio::spawn(connection(
            stream,
            app.clone(),
            http.clone(),
            connections.admit(),
            stopping.clone(),
            connections.clone(),
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    let open = connections.lock().len();
    info!(
        open,
        grace_s = limits.shutdown_grace.as_secs_f64(),
        "no longer accepting; letting requests in flight finish"
    );
    let drained = tokio::time::timeout(limits.shutdown_grace, async {
        loop {
            let ended = connections.ended.notified();
            if connections.lock().is_empty() {
                return;
            }
            ended.await;
        }
    })
    .await;
    if drained.is_err() {
        warn!(open = connections.lock().len(), "shutdown grace over: closing the connections still open");
    }
    Ok(())
}

async fn connection(
    stream: TcpStream,
    app: Router,
    http: Arc<hyper::server::conn::http1::Builder>,
    (id, activity, close): (u64, Arc<Mutex<Activity>>, Arc<Notify>),
    mut stopping: watch::Receiver<bool>,
    connections: Arc<Connections>,
) {
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let app = app.clone();
        let busy = Busy::start(activity.clone());
        async move {
            let response = app.oneshot(request.map(Body::new)).await;
            drop(busy);
            response
        }
    });
    let conn = http.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut graceful = false;
    loop {
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(e) = done {
                    debug!(error = %e, "connection ended with an error");
                }
                break;
            }
            () = close.notified() => break,
            changed = stopping.changed(), if !graceful => {
                graceful = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
    connections.remove(id);
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    info!("shutting down");
}
