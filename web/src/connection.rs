//! Where the API is, for the whole app: the saved [`ConnectionSettings`] (kept by
//! `storage::connection`, the API key included) in a signal, and the deployment's default base
//! URL.
//!
//! The base URL defaults to `api_base_url` from a `config.json` next to `index.html` (a static
//! deployment ships one), else to the page's own origin; the settings page overrides both.

use leptos::prelude::*;
use serde::Deserialize;

use crate::storage::{self, ConnectionSettings};

#[derive(Deserialize)]
struct DeploymentConfig {
    api_base_url: Option<String>,
}

/// The saved settings and the deployment's default base URL, shared by the whole app.
#[derive(Clone, Copy)]
pub struct Connection {
    /// What the user saved.
    pub saved: RwSignal<ConnectionSettings>,
    /// `api_base_url` from `config.json`, once it has been read (None: not there).
    pub deployment_base: RwSignal<Option<String>>,
}

impl Connection {
    /// Loads the saved settings, starts reading `config.json`, and provides them as context.
    pub fn provide() -> Connection {
        let app =
            Connection { saved: RwSignal::new(storage::connection::load()), deployment_base: RwSignal::new(None) };
        let reading = wasm_bindgen_futures::future_to_promise(async move {
            if let Some(base) = read_deployment_config().await {
                app.deployment_base.set(Some(base));
            }
            Ok(wasm_bindgen::JsValue::UNDEFINED)
        });
        DEPLOYMENT_CONFIG.with(|slot| *slot.borrow_mut() = Some(reading));
        provide_context(app);
        app
    }

    /// The connection provided by [`Connection::provide`].
    pub fn get() -> Connection {
        expect_context::<Connection>()
    }

    /// The base URL requests go to (tracked), without a trailing slash.
    pub fn api_base(&self) -> String {
        let own = self.saved.with(|s| s.api_base_url.clone());
        choose_base(&own, self.deployment_base.get().as_deref(), page_origin)
    }

    /// Where the default base URL comes from, in words (tracked).
    pub fn default_base_description(&self) -> String {
        match self.deployment_base.get() {
            Some(base) => format!("{base} (from this deployment's config.json)"),
            None => format!("{} (this page's own address)", page_origin()),
        }
    }

    /// Saves new settings (the key where [`storage::connection`] says) and uses them; when the
    /// browser refuses, nothing changes and the error says so.
    pub fn save(&self, settings: ConnectionSettings) -> Result<(), String> {
        storage::connection::save(&settings)?;
        self.saved.set(settings);
        Ok(())
    }
}

/// The base URL: the user's own, else the deployment's, else the page's origin; without a
/// trailing slash.
fn choose_base(own: &str, deployed: Option<&str>, origin: impl FnOnce() -> String) -> String {
    let base = match (own.trim(), deployed.filter(|d| !d.trim().is_empty())) {
        (own, _) if !own.is_empty() => own.to_owned(),
        (_, Some(deployed)) => deployed.to_owned(),
        _ => origin(),
    };
    base.trim_end_matches('/').to_owned()
}

thread_local! {
    /// The reading of config.json, started once at start-up.
    static DEPLOYMENT_CONFIG: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
}

/// Resolves once the deployment's config.json has been read (or found absent).
pub async fn deployment_config_read() {
    if let Some(reading) = DEPLOYMENT_CONFIG.with(|slot| slot.borrow().clone()) {
        let _ = wasm_bindgen_futures::JsFuture::from(reading).await;
    }
}

/// The page's own origin, e.g. `http://127.0.0.1:8080`.
pub fn page_origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// Reads `config.json` next to `index.html` (resolved against the document's base, so it works
/// under a sub-path). Absent or unreadable means "no deployment default".
async fn read_deployment_config() -> Option<String> {
    let url = web_sys::Url::new_with_base("config.json", &document().base_uri().ok()??).ok()?.href();
    let response = gloo_net::http::Request::get(&url).header("Accept", "application/json").send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let config: DeploymentConfig = serde_json::from_str(&response.text().await.ok()?).ok()?;
    config.api_base_url
}

#[cfg(test)]
mod tests {
    use super::choose_base;

    const ORIGIN: fn() -> String = || "http://127.0.0.1:8080".to_owned();

    #[test]
    fn the_users_own_base_url_wins_over_every_default() {
        assert_eq!(choose_base(" https://api.example/ ", Some("https://deployed"), ORIGIN), "https://api.example");
    }

    #[test]
    fn without_one_the_deployments_config_then_the_pages_origin_is_used() {
        assert_eq!(choose_base("", Some("https://deployed/"), ORIGIN), "https://deployed");
        assert_eq!(choose_base("  ", Some("  "), ORIGIN), "http://127.0.0.1:8080");
        assert_eq!(choose_base("", None, ORIGIN), "http://127.0.0.1:8080");
    }
}
