//! "Copy as curl" and "Copy as Python": the form's request as a command to run elsewhere, with
//! the API key left out (read from `$IONWORKS_API_KEY`), and copying to the clipboard.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export async function writeClipboard(text) {
  try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = writeClipboard)]
    async fn write_clipboard(text: &str) -> JsValue;
}

fn endpoint(base: &str, project: &str) -> String {
    let project = project.trim();
    if project.is_empty() {
        format!("{base}/jobs")
    } else {
        format!("{base}/jobs?project_id={}", String::from(js_sys::encode_uri_component(project)))
    }
}

/// A shell command that sends this body (the body goes through a quoted here-document, so no
/// character of it needs escaping).
pub fn curl(base: &str, body: &str, project: &str) -> String {
    let mut marker = String::from("JSON");
    while body.lines().any(|l| l == marker) {
        marker.push('_');
    }
    format!(
        "curl -sS -X POST '{}' \\\n  -H 'Content-Type: application/json' \\\n  -H \"X-API-Key: $IONWORKS_API_KEY\" \\\n  --data-binary @- <<'{marker}'\n{body}\n{marker}\n",
        endpoint(base, project).replace('\'', "'\\''"),
    )
}

/// A Python script with the official client (`pip install ionworks-api`) that sends this body.
pub fn python(base: &str, body: &str, project: &str) -> String {
    // A raw triple-quoted string holds the JSON as it is, unless the JSON itself contains the
    // closing quotes or ends in a backslash; then a plain string literal with escapes is used.
    let literal = if body.contains("'''") || body.ends_with('\\') {
        serde_json::to_string(body).unwrap_or_default()
    } else {
        format!("r'''{body}'''")
    };
    let path = match project.trim() {
        "" => "/jobs/".to_owned(),
        p => format!("/jobs/?project_id={}", String::from(js_sys::encode_uri_component(p))),
    };
    // A JSON string is a valid Python string literal.
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    format!(
        "import json\nimport os\n\nfrom ionworks import Ionworks\n\n\
         client = Ionworks(api_key=os.environ[\"IONWORKS_API_KEY\"], api_url={})\n\
         payload = json.loads({literal})\n\
         job = client.post({}, json_payload=payload)\n\
         print(job[\"job_id\"], job[\"status\"])\n",
        quoted(base),
        quoted(&path),
    )
}

/// Copies text to the clipboard; false when the browser does not allow it.
pub async fn copy_to_clipboard(text: &str) -> bool {
    write_clipboard(text).await.as_bool().unwrap_or(false)
}

/// Shows text in the page's `#manual-copy` block, selected, for copying by hand.
pub fn show_for_manual_copy(text: &str) {
    if let Some(pre) = leptos::prelude::document().get_element_by_id("manual-copy") {
        pre.set_text_content(Some(text));
        let _ = pre.remove_attribute("hidden");
        if let (Some(selection), Ok(range)) =
            (leptos::prelude::window().get_selection().ok().flatten(), leptos::prelude::document().create_range())
        {
            let _ = range.select_node_contents(&pre);
            let _ = selection.remove_all_ranges();
            let _ = selection.add_range(&range);
        }
    }
}
