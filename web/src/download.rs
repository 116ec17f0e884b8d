//! Files the app hands to the browser to save (a job's result, a chart's CSV).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
"#)]
extern "C" {
    /// Saves `text` as a file called `name` of media type `type_` (the browser asks where, or
    /// puts it in the downloads).
    pub fn download(name: &str, type_: &str, text: &str);
}
