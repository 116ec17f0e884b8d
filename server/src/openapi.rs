//! `GET /openapi.json`: the contract's `POST /jobs` (copied from `contract/submit-job-openapi.md`
//! into `openapi/submit-job.json`, unchanged) and this server's other routes.

use serde_json::{json, Value};

use crate::query::{DEFAULT_LIMIT, MAX_LIMIT, MIN_LIMIT};

const CONTRACT: &str = include_str!("openapi/submit-job.json");

/// The whole document, as JSON text.
pub fn document() -> String {
    let contract: Value = serde_json::from_str(CONTRACT).unwrap_or_default();
    let mut schemas = contract["schemas"].as_object().cloned().unwrap_or_default();
    schemas.insert(
        "HTTPError".to_owned(),
        json!({
            "type": "object",
            "title": "HTTPError",
            "description": "What went wrong, in a sentence.",
            "required": ["detail"],
            "properties": {"detail": {"type": "string", "title": "Detail"}}
        }),
    );
    schemas.insert(
        "JobMetadata".to_owned(),
        json!({
            "type": "object",
            "title": "JobMetadata",
            "description": "The submitted metadata's fields, and the intermediate results recorded so far.",
            "additionalProperties": true,
            "required": ["intermediate_results"],
            "properties": {
                "intermediate_results": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["iteration", "cost", "best_cost"],
                        "properties": {
                            "iteration": {"type": "integer"},
                            "cost": {"type": "number"},
                            "best_cost": {"type": "number"}
                        }
                    }
                }
            }
        }),
    );
    schemas.insert(
        "Health".to_owned(),
        json!({
            "type": "object",
            "title": "Health",
            "required": ["status"],
            "properties": {"status": {"type": "string", "enum": ["ok"]}}
        }),
    );

    let job_id =
        json!({"name": "job_id", "in": "path", "required": true, "schema": {"type": "string", "title": "Job Id"}});
    let error = |description: &str| json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}}});
    let job = |description: &str| json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobResponse"}}}});
    let unauthorized = error("The server requires an API key (X-API-Key) and none or a wrong one was sent");
    let not_found = error("No job has this id");

    let list = json!({
        "tags": ["jobs"],
        "summary": "List Jobs",
        "description": "Jobs, newest first, one page at a time. The number of jobs that match the filters is in the X-Total-Count header.",
        "operationId": "list_jobs_jobs_get",
        "parameters": [
            {"name": "job_type", "in": "query", "required": false,
             "schema": {"anyOf": [{"$ref": "#/components/schemas/JobType"}, {"type": "null"}], "title": "Job Type"}},
            {"name": "job_types", "in": "query", "required": false, "style": "form", "explode": true,
             "description": "Repeat to ask for several types; wins over job_type.",
             "schema": {"type": "array", "items": {"$ref": "#/components/schemas/JobType"}, "title": "Job Types"}},
            {"name": "status", "in": "query", "required": false,
             "schema": {"anyOf": [{"$ref": "#/components/schemas/JobStatus"}, {"type": "null"}], "title": "Status"}},
            {"name": "statuses", "in": "query", "required": false, "style": "form", "explode": true,
             "description": "Repeat to ask for several statuses (pending, waiting and processing are the active ones); wins over status.",
             "schema": {"type": "array", "items": {"$ref": "#/components/schemas/JobStatus"}, "title": "Statuses"}},
            {"name": "project_id", "in": "query", "required": false,
             "description": "Only jobs submitted to this project.",
             "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Project Id"}},
            {"name": "limit", "in": "query", "required": false,
             "schema": {"type": "integer", "minimum": MIN_LIMIT, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT, "title": "Limit"}},
            {"name": "offset", "in": "query", "required": false,
             "schema": {"type": "integer", "minimum": 0, "maximum": i64::MAX, "default": 0, "title": "Offset"}}
        ],
        "responses": {
            "200": {
                "description": "Successful Response",
                "headers": {"X-Total-Count": {"description": "How many jobs match the filters, on all pages", "schema": {"type": "integer"}}},
                "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/JobResponse"}, "title": "Response List Jobs"}}}
            },
            "401": unauthorized,
            "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}
        }
    });

    let doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Ionworks jobs API (local)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "A local server speaking the hosted jobs API's contract. The work is simulated: no modelling happens here. When the server is started with an API key, every /jobs endpoint requires it in the X-API-Key header."
        },
        "paths": {
            "/jobs": {"post": contract["post"], "get": list},
            "/jobs/{job_id}": {"get": {
                "tags": ["jobs"], "summary": "Get Job", "operationId": "get_job_jobs__job_id__get",
                "parameters": [job_id],
                "responses": {"200": job("Successful Response"), "401": unauthorized, "404": not_found}
            }},
            "/jobs/{job_id}/cancel": {"post": {
                "tags": ["jobs"], "summary": "Cancel Job", "operationId": "cancel_job_jobs__job_id__cancel_post",
                "description": "Cancel a pending, waiting or processing job (a processing job stops at once).",
                "parameters": [job_id],
                "responses": {
                    "200": job("The job, canceled"),
                    "401": unauthorized,
                    "404": not_found,
                    "409": error("The job has already ended (completed, failed or canceled)")
                }
            }},
            "/jobs/{job_id}/metadata": {"get": {
                "tags": ["jobs"], "summary": "Get Job Metadata", "operationId": "get_job_metadata_jobs__job_id__metadata_get",
                "parameters": [job_id],
                "responses": {
                    "200": {"description": "Successful Response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobMetadata"}}}},
                    "401": unauthorized,
                    "404": not_found
                }
            }},
            "/jobs/{job_id}/series/channels": {"get": {
                "tags": ["jobs"], "summary": "Get Job Series Channels", "operationId": "get_job_series_channels_jobs__job_id__series_channels_get",
                "description": "The objectives a job has series for, and each one's per-sample channels by source: {objective: {source: [channel, ...]}}, source \"optimal\" or \"baseline\". Empty when the job has none.",
                "parameters": [job_id],
                "responses": {
                    "200": {"description": "Successful Response", "content": {"application/json": {"schema": {
                        "type": "object", "title": "SeriesChannels",
                        "additionalProperties": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
                    }}}},
                    "401": unauthorized,
                    "404": not_found
                }
            }},
            "/jobs/{job_id}/series": {"get": {
                "tags": ["jobs"], "summary": "Get Job Series", "operationId": "get_job_series_jobs__job_id__series_get",
                "description": "One objective's channels, all lists of equal length: the rows inside [x_min, x_max] of x_column, then at most max_points of them (min/max per bucket, so peaks are kept).",
                "parameters": [
                    job_id,
                    {"name": "objective", "in": "query", "required": true, "schema": {"type": "string", "title": "Objective"}},
                    {"name": "source", "in": "query", "required": false, "schema": {"type": "string", "enum": ["optimal", "baseline"], "default": "optimal", "title": "Source"}},
                    {"name": "columns", "in": "query", "required": false, "description": "Channels besides x_column, comma-separated; all when omitted.", "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Columns"}},
                    {"name": "x_column", "in": "query", "required": false, "description": "The channel on x (windowed and binned on); the objective's own x when omitted.", "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "X Column"}},
                    {"name": "max_points", "in": "query", "required": false, "schema": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": crate::routes::MAX_SERIES_POINTS}, {"type": "null"}], "title": "Max Points"}},
                    {"name": "x_min", "in": "query", "required": false, "schema": {"anyOf": [{"type": "number"}, {"type": "null"}], "title": "X Min"}},
                    {"name": "x_max", "in": "query", "required": false, "schema": {"anyOf": [{"type": "number"}, {"type": "null"}], "title": "X Max"}}
                ],
                "responses": {
                    "200": {"description": "Successful Response", "content": {"application/json": {"schema": {
                        "type": "object", "title": "Series", "additionalProperties": {"type": "array", "items": {"type": "number"}}
                    }}}},
                    "401": unauthorized,
                    "404": error("No job has this id, or it has no such objective or channel"),
                    "422": {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}
                }
            }},
            "/health": {"get": {
                "tags": ["health"], "summary": "Health", "operationId": "health_health_get",
                "responses": {"200": {"description": "The server is up", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}}
            }}
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"APIKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}
        }
    });
    doc.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_holds_the_contracts_submit_job_unchanged() {
        let doc: serde_json::Value = serde_json::from_str(&super::document()).unwrap();
        let contract: serde_json::Value = serde_json::from_str(super::CONTRACT).unwrap();
        assert_eq!(doc["paths"]["/jobs"]["post"], contract["post"]);
        assert_eq!(doc["paths"]["/jobs"]["post"]["operationId"], "submit_job_jobs_post");
        for (name, schema) in contract["schemas"].as_object().unwrap() {
            assert_eq!(&doc["components"]["schemas"][name], schema, "{name}");
        }
    }
}
