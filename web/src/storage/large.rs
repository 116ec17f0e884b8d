//! Drafts too large for localStorage, kept in IndexedDB (the browser's store for large data):
//! localStorage holds a small stand-in (the draft without its params and metadata, naming where
//! the whole one is), IndexedDB the whole draft's JSON under the same name. The database is
//! `jobs`, its one object store `drafts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/browser.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = idbPut)]
    async fn put(key: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = idbGet)]
    async fn get(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = idbDelete)]
    async fn delete(key: &str) -> Result<JsValue, JsValue>;
}

/// Stores `text` under `key`; whether the browser took it.
pub async fn store(key: &str, text: &str) -> bool {
    put(key, text).await.is_ok()
}

/// The text stored under `key`, if any.
pub async fn read(key: &str) -> Option<String> {
    get(key).await.ok()?.as_string()
}

/// Removes what is stored under `key` (in the background: nothing waits on it).
pub fn remove(key: &str) {
    let key = key.to_owned();
    crate::task::spawn_beyond_page(async move {
        let _ = delete(&key).await;
    });
}
