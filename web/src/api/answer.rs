//! Reading the API's answers, apart from the network: the jobs list in either of its shapes, the
//! error a status means, and FastAPI's `detail`. Pure, so it is tested natively.

use jobs_core::{HTTPValidationError, JobResponse};
use serde::Deserialize;

use super::ApiError;

/// The list as some servers send it: an object holding the array (others send the bare array).
#[derive(Deserialize)]
struct ListObject {
    #[serde(alias = "items")]
    jobs: Vec<JobResponse>,
    #[serde(default)]
    total: Option<u64>,
}

/// Reads either form of the list (the jobs keep their exact `result` text, which rules out
/// serde's untagged enums: they buffer values and lose raw JSON).
pub fn read_list(text: &str) -> Result<(Vec<JobResponse>, Option<u64>), serde_json::Error> {
    if text.trim_start().starts_with('[') {
        serde_json::from_str(text).map(|jobs| (jobs, None))
    } else {
        serde_json::from_str::<ListObject>(text).map(|list| (list.jobs, list.total))
    }
}

/// The error a status that is not 2xx means, with the answer's body.
pub fn error_for(status: u16, text: &str) -> ApiError {
    let detail = detail_text(text);
    match status {
        401 => ApiError::Unauthorized(detail),
        403 => ApiError::Forbidden(detail),
        404 => ApiError::NotFound(detail),
        409 => ApiError::Conflict(detail),
        410 => ApiError::Gone(detail),
        413 => ApiError::TooLarge(detail),
        422 => match serde_json::from_str::<HTTPValidationError>(text) {
            Ok(body) if !body.detail.is_empty() => ApiError::Invalid(body.detail),
            _ => ApiError::Rejected { status, detail },
        },
        500..=599 => ApiError::Server { status, detail },
        _ => ApiError::Rejected { status, detail },
    }
}

/// A FastAPI `{"detail": "..."}` as text; anything else shortened.
fn detail_text(text: &str) -> String {
    #[derive(Deserialize)]
    struct Detail {
        detail: Box<serde_json::value::RawValue>,
    }
    match serde_json::from_str::<Detail>(text) {
        Ok(Detail { detail }) => {
            serde_json::from_str::<String>(detail.get()).unwrap_or_else(|_| detail.get().to_owned())
        }
        // A page from a proxy or gateway: its markup says nothing to a person here.
        Err(_) if text.trim_start().starts_with('<') => "an HTML page, not the API's answer".to_owned(),
        Err(_) => text.chars().take(200).collect::<String>().trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_page_from_a_proxy_is_named_not_echoed() {
        let error = error_for(502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
        assert_eq!(error, ApiError::Server { status: 502, detail: "an HTML page, not the API's answer".to_owned() });
    }

    const JOB: &str = r#"{"job_id":"j1","job_type":"dummy","status":"completed","priority":0,
        "created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:01Z","user_id":"u",
        "organization_id":"o","is_terminal":true,"is_failed":false,"result":{"b": 1.50, "a":[1,2]}}"#;

    #[test]
    fn a_bare_array_of_jobs_reads_without_a_total() {
        let (jobs, total) = read_list(&format!(" [{JOB},{}]", JOB.replace("j1", "j2"))).unwrap();
        assert_eq!(jobs.iter().map(|j| j.job_id.as_str()).collect::<Vec<_>>(), ["j1", "j2"]);
        assert_eq!(total, None);
    }

    #[test]
    fn an_object_holding_jobs_or_items_reads_with_its_total() {
        let (jobs, total) = read_list(&format!(r#"{{"jobs":[{JOB}],"total":41}}"#)).unwrap();
        assert_eq!((jobs.len(), total), (1, Some(41)));
        let (jobs, total) = read_list(&format!(r#"{{"items":[{JOB}]}}"#)).unwrap();
        assert_eq!((jobs.len(), total), (1, None));
    }

    #[test]
    fn a_listed_jobs_result_keeps_its_exact_text() {
        let (jobs, _) = read_list(&format!(r#"{{"jobs":[{JOB}]}}"#)).unwrap();
        assert_eq!(jobs[0].result.as_ref().map(|r| r.as_str()), Some(r#"{"b": 1.50, "a":[1,2]}"#));
    }

    #[test]
    fn an_answer_that_is_not_a_list_is_an_error() {
        assert!(read_list(r#"{"detail":"Not Found"}"#).is_err());
        assert!(read_list("<html>").is_err());
    }

    #[test]
    fn a_string_detail_is_shown_as_its_text() {
        assert_eq!(detail_text(r#"{"detail":"Job not found"}"#), "Job not found");
        assert_eq!(detail_text(r#"{"detail":"quote \" and \u00e9"}"#), "quote \" and é");
    }

    #[test]
    fn a_detail_that_is_not_a_string_is_shown_as_json() {
        assert_eq!(detail_text(r#"{"detail": {"code": 7}}"#), r#"{"code": 7}"#);
    }

    #[test]
    fn an_answer_without_detail_is_cut_to_two_hundred_characters() {
        assert_eq!(detail_text("  Bad Gateway\n"), "Bad Gateway");
        let long = "é".repeat(500);
        assert_eq!(detail_text(&long).chars().count(), 200);
    }

    #[test]
    fn each_status_becomes_the_error_that_says_what_to_do() {
        let body = r#"{"detail":"no"}"#;
        assert_eq!(error_for(401, body), ApiError::Unauthorized("no".to_owned()));
        assert_eq!(error_for(403, body), ApiError::Forbidden("no".to_owned()));
        assert_eq!(error_for(404, body), ApiError::NotFound("no".to_owned()));
        assert_eq!(error_for(409, body), ApiError::Conflict("no".to_owned()));
        assert_eq!(error_for(410, body), ApiError::Gone("no".to_owned()));
        assert_eq!(error_for(413, body), ApiError::TooLarge("no".to_owned()));
        assert_eq!(error_for(400, body), ApiError::Rejected { status: 400, detail: "no".to_owned() });
        assert_eq!(error_for(503, "down"), ApiError::Server { status: 503, detail: "down".to_owned() });
    }

    #[test]
    fn a_422_with_entries_keeps_them_and_one_without_is_a_plain_rejection() {
        let body = r#"{"detail":[{"type":"missing","loc":["body","job_type"],"msg":"Field required","input":{}}]}"#;
        match error_for(422, body) {
            ApiError::Invalid(detail) => assert_eq!(detail[0].field(), Some("job_type")),
            other => panic!("{other:?}"),
        }
        assert_eq!(error_for(422, r#"{"detail":"bad"}"#), ApiError::Rejected { status: 422, detail: "bad".to_owned() });
    }
}
