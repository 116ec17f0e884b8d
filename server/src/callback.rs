//! Webhooks: when a job ends, its `JobResponse` is POSTed to its `callback_url`, on a task of its
//! own so that a slow or dead receiver never holds up a worker.

use std::time::Duration;

use tracing::{info, warn};

/// How callbacks are delivered.
#[derive(Debug, Clone)]
pub struct CallbackPolicy {
    /// How many times a delivery is tried in all.
    pub attempts: u32,
    /// How long one attempt may take.
    pub timeout: Duration,
    /// The wait before the second attempt; it doubles before each later one.
    pub backoff: Duration,
    /// Only call back to loopback hosts (127.0.0.0/8, ::1, localhost); others are skipped, with
    /// a log line. For test runs whose generated URLs must not leave the machine.
    pub loopback_only: bool,
}

impl Default for CallbackPolicy {
    fn default() -> Self {
        CallbackPolicy {
            attempts: 3,
            timeout: Duration::from_secs(10),
            backoff: Duration::from_secs(1),
            loopback_only: false,
        }
    }
}

/// Sends callbacks with one shared HTTP client.
#[derive(Clone)]
pub struct Callbacks {
    client: reqwest::Client,
    policy: CallbackPolicy,
}

impl Callbacks {
    pub fn new(policy: CallbackPolicy) -> Callbacks {
        let client = reqwest::Client::builder()
            .timeout(policy.timeout)
            .user_agent(concat!("jobs-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Callbacks { client, policy }
    }

    /// Starts delivering `body` (a `JobResponse` as JSON) to `url`, and returns at once.
    pub fn send(&self, job_id: String, url: String, body: String) {
        if self.policy.loopback_only && !is_loopback(&url) {
            info!(job_id, url, "callback skipped: this server calls back to loopback hosts only");
            return;
        }
        let client = self.client.clone();
        let policy = self.policy.clone();
        tokio::spawn(async move {
            let attempts = policy.attempts.max(1);
            let mut wait = policy.backoff;
            for attempt in 1..=attempts {
                let sent = client
                    .post(&url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.clone())
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status().is_success() => {
                        info!(job_id, url, attempt, status = response.status().as_u16(), "callback delivered");
                        return;
                    }
                    Ok(response) => {
                        warn!(job_id, url, attempt, status = response.status().as_u16(), "callback refused");
                    }
                    Err(error) => warn!(job_id, url, attempt, error = %error, "callback failed"),
                }
                if attempt < attempts {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                }
            }
            warn!(job_id, url, attempts, "callback given up: the receiver did not accept any attempt");
        });
    }
}

/// Whether the URL's host is this machine, without asking DNS.
fn is_loopback(url: &str) -> bool {
    match url::Url::parse(url).ok().and_then(|u| u.host().map(|h| h.to_owned())) {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_hosts_are_told_apart_without_dns() {
        for url in ["http://127.0.0.1:9/x", "http://127.8.0.1/", "http://[::1]:80/", "http://localhost:1/h"] {
            assert!(super::is_loopback(url), "{url}");
        }
        for url in ["https://0.com/", "http://10.0.0.1/", "http://localhost.example/", "not a url"] {
            assert!(!super::is_loopback(url), "{url}");
        }
    }
}
