//! Where the API key is kept, with the rest of what the settings page saves (API base URL,
//! default project). The key lives in sessionStorage (forgotten when the browser session ends)
//! unless "Remember on this device" puts it in localStorage; it is never written with the other
//! settings. `crate::connection` makes these settings the app's, with the deployment's default.

use serde::{Deserialize, Serialize};

use super::{local, session};

const SETTINGS_KEY: &str = "jobs.settings";
const API_KEY: &str = "jobs.api_key";

/// How to reach the API, as the settings page edits it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectionSettings {
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

/// The saved settings and key (defaults where nothing was saved).
pub fn load() -> ConnectionSettings {
    let mut settings: ConnectionSettings = local()
        .and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    settings.api_key = session()
        .and_then(|s| s.get_item(API_KEY).ok().flatten())
        .or_else(|| local().and_then(|s| s.get_item(API_KEY).ok().flatten()))
        .unwrap_or_default();
    settings
}

/// Saves the settings: the key to session or local storage (removed from the other), the rest to
/// local storage. The new values are written before anything is removed, and a refusal puts back
/// what was there: a saved key never vanishes because storage was full.
pub fn save(settings: &ConnectionSettings) -> Result<(), String> {
    let local = local().ok_or_else(|| "This browser does not let the page keep settings.".to_owned())?;
    let session = session();
    let (keep_in, other) =
        if settings.remember_key { (Some(&local), session.as_ref()) } else { (session.as_ref(), Some(&local)) };
    let before = |s: Option<&web_sys::Storage>, key: &str| s.and_then(|s| s.get_item(key).ok().flatten());
    let old_key = before(keep_in, API_KEY);
    let old_settings = before(Some(&local), SETTINGS_KEY);
    let refused = || {
        "Browser storage is full, so the settings were not saved; the ones saved before stay. Make room on the New job page, then save again.".to_owned()
    };
    // Puts back what `key` held in `storage` before.
    let restore = |storage: &web_sys::Storage, key: &str, old: &Option<String>| {
        let _ = match old {
            Some(old) => storage.set_item(key, old),
            None => storage.remove_item(key),
        };
    };
    if let Some(store) = keep_in {
        let written = if settings.api_key.is_empty() {
            store.remove_item(API_KEY)
        } else {
            store.set_item(API_KEY, &settings.api_key)
        };
        written.map_err(|_| refused())?;
    }
    if local.set_item(SETTINGS_KEY, &serde_json::to_string(settings).unwrap_or_default()).is_err() {
        if let Some(store) = keep_in {
            restore(store, API_KEY, &old_key);
        }
        restore(&local, SETTINGS_KEY, &old_settings);
        return Err(refused());
    }
    // Only now is the key taken from where it no longer belongs.
    if let Some(other) = other {
        let _ = other.remove_item(API_KEY);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_key_is_never_written_with_the_other_settings() {
        let settings = ConnectionSettings {
            api_base_url: "https://api.example".to_owned(),
            api_key: "secret-key".to_owned(),
            remember_key: true,
            default_project: "p1".to_owned(),
        };
        let text = serde_json::to_string(&settings).unwrap();
        assert!(!text.contains("secret-key"), "{text}");
        let read: ConnectionSettings = serde_json::from_str(&text).unwrap();
        assert_eq!(read, ConnectionSettings { api_key: String::new(), ..settings });
    }

    #[test]
    fn settings_saved_by_an_older_version_read_with_defaults() {
        let read: ConnectionSettings = serde_json::from_str(r#"{"api_base_url":"http://x"}"#).unwrap();
        assert_eq!(read.api_base_url, "http://x");
        assert!(!read.remember_key);
        assert_eq!(read.default_project, "");
    }
}
