//! "Copy as curl" and "Copy as Python": the form's request as a command to run elsewhere, with
//! the API key left out (read from `$IONWORKS_API_KEY`). Pure text; `clipboard.rs` copies it.

use crate::uri;

fn endpoint(base: &str, project: &str) -> String {
    match project.trim() {
        "" => format!("{base}/jobs"),
        project => format!("{base}/jobs?{}", uri::pair("project_id", project)),
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
        project => format!("/jobs/?{}", uri::pair("project_id", project)),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Bodies and names a user could type that a careless quoting would break or run.
    const HOSTILE: &[&str] = &[
        r#"{"a":"it's"}"#,
        r#"{"cmd":"$(rm -rf ~)","tick":"`id`","var":"$HOME"}"#,
        "{\"lines\":\"a\\nb\",\n\"x\":1}",
        "{\n\"JSON\":1\n}\nJSON\nJSON_",
        r#"{"q":"'''"}"#,
        r#"{"back":"C:\\dir\\"}"#,
        r#"{"u":"é ⚡ 𝄞 \u2028"}"#,
        "{}\\",
    ];

    /// Runs the command in `sh` with `curl` replaced by a function that prints its arguments,
    /// one per line between brackets, then what it was given on standard input.
    #[cfg(unix)]
    fn run_in_shell(command: &str) -> String {
        let script = format!("curl() {{ for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done; cat; }}\n{command}");
        let out = std::process::Command::new("sh")
            .args(["-c", &script])
            .env("IONWORKS_API_KEY", "k")
            .output()
            .expect("sh runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn the_curl_command_sends_every_hostile_body_exactly_and_runs_nothing_in_it() {
        for body in HOSTILE {
            let output = run_in_shell(&curl("http://api", body, ""));
            let last_argument = "[--data-binary]\n[@-]\n";
            let (args, stdin) = output.split_at(output.find(last_argument).unwrap() + last_argument.len());
            assert!(args.starts_with("[-sS]\n[-X]\n[POST]\n[http://api/jobs]\n"), "{args}");
            assert!(args.contains("[X-API-Key: k]"), "the key comes from the environment: {args}");
            assert_eq!(stdin, format!("{body}\n"), "the body arrives as written");
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_curl_commands_address_survives_quotes_in_the_base_url() {
        let output = run_in_shell(&curl("http://it's/$(x)", "{}", "p 'q'"));
        assert!(output.contains("[http://it's/$(x)/jobs?project_id=p%20'q']\n"), "{output}");
    }

    #[test]
    fn the_here_document_marker_never_matches_a_line_of_the_body() {
        let command = curl("http://api", "{\nJSON\nJSON_\n}", "");
        assert!(command.contains("<<'JSON__'\n"), "{command}");
        assert!(command.ends_with("\n}\nJSON__\n"), "{command}");
    }

    #[test]
    fn the_curl_command_leaves_the_key_out_and_encodes_the_project() {
        let command = curl("https://api.example", "{}", " team a&b ");
        assert!(command.contains("'https://api.example/jobs?project_id=team%20a%26b'"), "{command}");
        assert!(command.contains("\"X-API-Key: $IONWORKS_API_KEY\""));
    }

    /// The Python literal in the script, read back as Python would: a raw triple-quoted string
    /// as written, or a JSON-compatible escaped string.
    fn python_payload(script: &str) -> String {
        let line = script.lines().find_map(|l| l.strip_prefix("payload = json.loads(")).unwrap();
        let start = script.find(line).unwrap();
        let rest = &script[start..];
        if let Some(raw) = rest.strip_prefix("r'''") {
            let end = raw.find("'''").expect("closing quotes");
            assert!(!raw[..end].ends_with('\\'), "a raw string cannot end in a backslash");
            raw[..end].to_owned()
        } else {
            let literal = &rest[..rest.find(")\njob = ").unwrap()];
            serde_json::from_str(literal).expect("an escaped string literal")
        }
    }

    #[test]
    fn the_python_script_holds_every_hostile_body_exactly() {
        for body in HOSTILE {
            assert_eq!(python_payload(&python("http://api", body, "")), *body);
        }
    }

    #[test]
    fn a_body_with_triple_quotes_or_a_final_backslash_uses_an_escaped_string() {
        assert!(python("http://api", r#"{"q":"'''"}"#, "").contains(r#"json.loads("{\"q\":\"'''\"}")"#));
        assert!(python("http://api", "{}\\", "").contains(r#"json.loads("{}\\")"#));
        assert!(python("http://api", "{}", "").contains("json.loads(r'''{}''')"));
    }

    #[test]
    fn the_python_script_quotes_the_address_and_encodes_the_project() {
        let script = python("http://a\"b", "{}", "p/1");
        assert!(script.contains(r#"api_url="http://a\"b")"#), "{script}");
        assert!(script.contains(r#"client.post("/jobs/?project_id=p%2F1", json_payload=payload)"#), "{script}");
        assert!(script.contains("os.environ[\"IONWORKS_API_KEY\"]"));
    }
}
