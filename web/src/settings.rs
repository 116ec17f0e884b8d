//! Where the API is and how to reach it: base URL, API key, default project.
//!
//! The base URL defaults to `api_base_url` from a `config.json` next to `index.html` (a static
//! deployment ships one), else to the page's own origin; the settings page overrides both. The
//! key lives in sessionStorage unless "Remember on this device" puts it in localStorage.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::storage;

const SETTINGS_KEY: &str = "jobs.settings";
const API_KEY: &str = "jobs.api_key";

/// What the settings page edits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The API's base URL as the user set it; empty means the default.
    #[serde(default)]
    pub api_base_url: String,
    /// The API key (never serialized with the rest; see [`save`]).
    #[serde(skip)]
    pub api_key: String,
    /// Whether the key is kept in localStorage (across sessions) instead of sessionStorage.
    #[serde(default)]
    pub remember_key: bool,
    /// The project new jobs go to unless the form says otherwise.
    #[serde(default)]
    pub default_project: String,
}

#[derive(Deserialize)]
struct DeploymentConfig {
    api_base_url: Option<String>,
}

/// The settings and the deployment's default base URL, shared by the whole app.
#[derive(Clone, Copy)]
pub struct AppSettings {
    /// What the user set.
    pub settings: RwSignal<Settings>,
    /// `api_base_url` from `config.json`, once it has been read (None: not there).
    pub deployment_base: RwSignal<Option<String>>,
}

impl AppSettings {
    /// Loads the saved settings, starts reading `config.json`, and provides them as context.
    pub fn provide() -> AppSettings {
        let mut settings: Settings = storage::local()
            .and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        settings.api_key = storage::session()
            .and_then(|s| s.get_item(API_KEY).ok().flatten())
            .or_else(|| storage::local().and_then(|s| s.get_item(API_KEY).ok().flatten()))
            .unwrap_or_default();
        let app = AppSettings { settings: RwSignal::new(settings), deployment_base: RwSignal::new(None) };
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

    /// The settings provided by [`AppSettings::provide`].
    pub fn get() -> AppSettings {
        expect_context::<AppSettings>()
    }

    /// The base URL requests go to (tracked), without a trailing slash.
    pub fn api_base(&self) -> String {
        let own = self.settings.with(|s| s.api_base_url.trim().to_owned());
        let base = if !own.is_empty() {
            own
        } else if let Some(deployed) = self.deployment_base.get().filter(|b| !b.trim().is_empty()) {
            deployed
        } else {
            page_origin()
        };
        base.trim_end_matches('/').to_owned()
    }

    /// Where the default base URL comes from, in words (tracked).
    pub fn default_base_description(&self) -> String {
        match self.deployment_base.get() {
            Some(base) => format!("{base} (from this deployment's config.json)"),
            None => format!("{} (this page's own address)", page_origin()),
        }
    }

    /// Saves new settings: the key to session or local storage, the rest to local storage.
    pub fn save(&self, settings: Settings) {
        if let Some(local) = storage::local() {
            let _ = local.set_item(SETTINGS_KEY, &serde_json::to_string(&settings).unwrap_or_default());
            let _ = local.remove_item(API_KEY);
            if settings.remember_key && !settings.api_key.is_empty() {
                let _ = local.set_item(API_KEY, &settings.api_key);
            }
        }
        if let Some(session) = storage::session() {
            let _ = session.remove_item(API_KEY);
            if !settings.remember_key && !settings.api_key.is_empty() {
                let _ = session.set_item(API_KEY, &settings.api_key);
            }
        }
        self.settings.set(settings);
    }
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
