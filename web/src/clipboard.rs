//! Copying text for the user: to the clipboard when the browser allows it, else shown selected in
//! a read-only text box of the page, to copy by hand.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/browser.js")]
extern "C" {
    #[wasm_bindgen(js_name = writeClipboard)]
    async fn write_clipboard(text: &str) -> JsValue;
}

/// Copies text to the clipboard; false when the browser does not allow it.
pub async fn copy_to_clipboard(text: &str) -> bool {
    write_clipboard(text).await.as_bool().unwrap_or(false)
}

/// Shows text in `block` (a read-only text box, hidden until now), selected, for copying by hand.
pub fn show_for_manual_copy(block: &web_sys::HtmlTextAreaElement, text: &str) {
    block.set_value(text);
    block.set_hidden(false);
    let _ = block.focus();
    block.select();
}
