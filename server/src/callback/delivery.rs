//! One delivery attempt: resolve the URL's host once, check every address it resolves to,
//! connect to exactly those addresses (no second DNS lookup between the check and the
//! connection, which DNS rebinding would exploit), POST the job, follow no redirect.

use std::net::SocketAddr;
use std::time::Duration;

use url::{Host, Url};

use crate::store::AttemptResult;
use jobs_core::address::refusal;

/// The flag that lets callbacks reach local and private addresses, named in refusals.
pub const ALLOW_PRIVATE_FLAG: &str = "--callbacks-allow-private";

/// The URL as logs may show it: no user name, password, query or fragment (they may carry a
/// token). Text that is not a URL is not shown at all.
pub fn redacted(url: &str) -> String {
    let Ok(mut url) = Url::parse(url) else { return "(not a URL)".to_owned() };
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// Which delivery an attempt carries, in its headers: `X-Delivery-Id` is the same on every
/// attempt of one callback (a receiver drops repeats by it: delivery is at least once), and
/// `X-Delivery-Attempt` counts from 1.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: String,
    pub attempt: i64,
}

/// The id of a job's one callback, the job having ended: stable across attempts and restarts.
pub fn delivery_id(job_id: &str) -> String {
    format!("{job_id}:ended")
}

/// The addresses `url` would connect to: its IP, or what its name resolves to (once).
async fn resolve(url: &Url) -> Result<Vec<SocketAddr>, AttemptResult> {
    let port = url.port_or_known_default().unwrap_or(80);
    match url.host() {
        Some(Host::Ipv4(ip)) => Ok(vec![SocketAddr::new(ip.into(), port)]),
        Some(Host::Ipv6(ip)) => Ok(vec![SocketAddr::new(ip.into(), port)]),
        Some(Host::Domain(name)) => match tokio::net::lookup_host((name, port)).await {
            Ok(addrs) => {
                let addrs: Vec<SocketAddr> = addrs.collect();
                if addrs.is_empty() {
                    Err(AttemptResult::Failed(format!(
                        "The callback host {name} has no address; check the callback_url."
                    )))
                } else {
                    Ok(addrs)
                }
            }
            Err(e) => Err(AttemptResult::Failed(format!(
                "Cannot resolve the callback host {name} ({e}); check the callback_url."
            ))),
        },
        None => Err(AttemptResult::Refused("The callback_url has no host; give an http or https URL.".to_owned())),
    }
}

/// Refuses the whole callback if any address the host resolves to is not allowed: a name that
/// resolves to a public and a private address could be connected to either.
fn check(url: &Url, addrs: &[SocketAddr]) -> Result<(), AttemptResult> {
    for addr in addrs {
        if let Some(why) = refusal(addr.ip()) {
            let shown = match url.host() {
                Some(Host::Domain(name)) => format!("{name} resolves to {}, which is", addr.ip()),
                _ => format!("{} is", addr.ip()),
            };
            return Err(AttemptResult::Refused(format!(
                "Not sent: {shown} {}; this server calls only public addresses. Start it with {ALLOW_PRIVATE_FLAG} \
                 to allow local and private receivers.",
                why.describe()
            )));
        }
    }
    Ok(())
}

/// Tries to deliver `body` (a `JobResponse` as JSON) to `url` once.
pub async fn attempt(
    url: &str,
    body: String,
    delivery: &Delivery,
    timeout: Duration,
    allow_private: bool,
) -> AttemptResult {
    let Ok(parsed) = Url::parse(url) else {
        return AttemptResult::Refused("The callback_url is not a URL this server can call.".to_owned());
    };
    let addrs = match resolve(&parsed).await {
        Ok(addrs) => addrs,
        Err(result) => return result,
    };
    if !allow_private {
        if let Err(refused) = check(&parsed, &addrs) {
            return refused;
        }
    }
    post(&parsed, &addrs, body, delivery, timeout).await
}

/// POSTs to `url`, connecting only to `addrs`.
pub(super) async fn post(
    url: &Url,
    addrs: &[SocketAddr],
    body: String,
    delivery: &Delivery,
    timeout: Duration,
) -> AttemptResult {
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .user_agent(concat!("jobs-server/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        // A proxy would resolve the name itself, after the check: callbacks go direct.
        .no_proxy();
    if let Some(Host::Domain(name)) = url.host() {
        builder = builder.resolve_to_addrs(name, addrs);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => return AttemptResult::Failed(format!("Cannot set up the HTTP client ({}).", chain(&e))),
    };
    let sent = client
        .post(url.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Delivery-Id", &delivery.id)
        .header("X-Delivery-Attempt", delivery.attempt.to_string())
        .body(body)
        .send()
        .await;
    match sent {
        Ok(response) if response.status().is_success() => AttemptResult::Delivered,
        Ok(response) if response.status().is_redirection() => {
            let to =
                response.headers().get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok()).map(redacted_location);
            AttemptResult::Failed(format!(
                "The receiver answered {} (a redirect{}); redirects are not followed, so give the final address as \
                 callback_url.",
                response.status(),
                to.map(|t| format!(" to {t}")).unwrap_or_default()
            ))
        }
        Ok(response) => AttemptResult::Failed(format!(
            "The receiver answered {}; a 2xx answer is needed to count the callback as delivered.",
            response.status()
        )),
        Err(e) if e.is_timeout() => AttemptResult::Failed(format!(
            "The receiver did not answer within {} s; it should answer the POST quickly (and work afterwards).",
            timeout.as_secs_f64()
        )),
        Err(e) => AttemptResult::Failed(format!("Cannot reach the receiver ({}).", chain(&e.without_url()))),
    }
}

fn redacted_location(location: &str) -> String {
    match Url::parse(location) {
        Ok(_) => redacted(location),
        // A relative location: only its path.
        Err(_) => location.split(['?', '#']).next().unwrap_or("").to_owned(),
    }
}

/// An error and its causes, as one line ("error sending request: connection refused").
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let line = cause.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logged_url_keeps_no_credentials_query_or_fragment() {
        assert_eq!(
            redacted("https://user:secret@hooks.example/job/done?token=abc#x"),
            "https://hooks.example/job/done"
        );
        assert_eq!(redacted("http://[::1]:8080/h?t=1"), "http://[::1]:8080/h");
        assert_eq!(redacted("not a url"), "(not a URL)");
    }

    #[test]
    fn a_redirect_location_is_shown_without_its_query() {
        assert_eq!(redacted_location("http://a:b@other.example/x?token=1"), "http://other.example/x");
        assert_eq!(redacted_location("/elsewhere?token=1"), "/elsewhere");
    }

    #[test]
    fn a_name_that_resolves_to_any_private_address_is_refused_with_a_sentence() {
        let url = Url::parse("http://mixed.example/hook").unwrap();
        let addrs: Vec<SocketAddr> = vec!["93.184.216.34:80".parse().unwrap(), "10.0.0.7:80".parse().unwrap()];
        let Err(AttemptResult::Refused(sentence)) = check(&url, &addrs) else { panic!("not refused") };
        assert!(sentence.contains("mixed.example resolves to 10.0.0.7"), "{sentence}");
        assert!(sentence.contains(ALLOW_PRIVATE_FLAG), "{sentence}");
        assert!(check(&url, &addrs[..1]).is_ok());
    }

    #[test]
    fn an_address_in_the_url_is_named_as_it_is() {
        let url = Url::parse("http://[::ffff:169.254.169.254]/latest").unwrap();
        let addrs = vec![SocketAddr::new("::ffff:169.254.169.254".parse().unwrap(), 80)];
        let Err(AttemptResult::Refused(sentence)) = check(&url, &addrs) else { panic!("not refused") };
        assert!(sentence.starts_with("Not sent: ::ffff:169.254.169.254 is a link-local address"), "{sentence}");
    }

    #[tokio::test]
    async fn the_connection_goes_to_the_checked_address_without_asking_dns_again() {
        // `.invalid` never resolves: reaching the receiver proves the checked address was used.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().route("/hook", axum::routing::post(|| async { "ok" }));
        tokio::spawn(async move { axum::serve(listener, app).await });
        let url = Url::parse(&format!("http://receiver.invalid:{}/hook", addr.port())).unwrap();
        let delivery = Delivery { id: delivery_id("j"), attempt: 1 };
        let result = post(&url, &[addr], "{}".to_owned(), &delivery, Duration::from_secs(5)).await;
        assert!(matches!(result, AttemptResult::Delivered), "{result:?}");
    }
}
