//! Reading a query string as FastAPI reads `Query(...)` parameters: the pairs in order (the last
//! of a repeated single parameter wins), and `GET /jobs`'s parameters with their limits, which
//! the OpenAPI document states from the same constants.

use jobs_core::{check_query_enum, check_query_int, JobStatus, JobType, ValidationError, WireEnum};

use crate::error::AppError;
use crate::store::ListFilter;

/// A query string as `(name, value)` pairs, decoded, in order.
pub(crate) struct QueryPairs(Vec<(String, String)>);

impl QueryPairs {
    pub(crate) fn parse(query: Option<&str>) -> QueryPairs {
        QueryPairs(url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect())
    }

    /// The last value given for `name` (FastAPI reads a repeated single parameter that way).
    pub(crate) fn last(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// `GET /jobs` parameters, checked as FastAPI checks `Query(...)` parameters.
pub(crate) struct ListQuery {
    pub(crate) filter: ListFilter,
    pub(crate) limit: i64,
    pub(crate) offset: i64,
}

/// The largest page `GET /jobs` gives (`limit` above it is a 422, as `Query(le=100)` answers).
pub const MAX_LIMIT: i64 = 100;
/// The smallest page `GET /jobs` accepts.
pub const MIN_LIMIT: i64 = 1;
/// The page size when `limit` is not given: the largest allowed.
pub const DEFAULT_LIMIT: i64 = MAX_LIMIT;

impl ListQuery {
    pub(crate) fn parse(query: Option<&str>) -> Result<ListQuery, AppError> {
        let pairs = QueryPairs::parse(query);
        let mut errors = Vec::new();
        let job_type = pairs.last("job_type").and_then(|raw| enum_value::<JobType>(raw, "job_type", None, &mut errors));
        let job_types: Vec<JobType> = pairs
            .all("job_types")
            .enumerate()
            .filter_map(|(i, raw)| enum_value::<JobType>(raw, "job_types", Some(i), &mut errors))
            .collect();
        let status = pairs.last("status").and_then(|raw| enum_value::<JobStatus>(raw, "status", None, &mut errors));
        let statuses: Vec<JobStatus> = pairs
            .all("statuses")
            .enumerate()
            .filter_map(|(i, raw)| enum_value::<JobStatus>(raw, "statuses", Some(i), &mut errors))
            .collect();
        let mut int = |name: &str, default: i64, ge: i64, le: i64| match pairs.last(name) {
            None => default,
            Some(raw) => check_query_int(name, raw, ge, le).unwrap_or_else(|e| {
                errors.push(e);
                default
            }),
        };
        let limit = int("limit", DEFAULT_LIMIT, MIN_LIMIT, MAX_LIMIT);
        let offset = int("offset", 0, 0, i64::MAX);
        if !errors.is_empty() {
            return Err(AppError::InvalidQuery(errors));
        }
        // A repeated list parameter wins over its single one.
        let job_types =
            if pairs.all("job_types").next().is_some() { job_types } else { job_type.into_iter().collect() };
        let statuses = if pairs.all("statuses").next().is_some() { statuses } else { status.into_iter().collect() };
        let project_id = pairs.last("project_id").map(str::to_owned);
        Ok(ListQuery { filter: ListFilter { job_types, statuses, project_id }, limit, offset })
    }
}

/// Reads an enum query value, or records the 422 entry pydantic writes for it (jobs-core's rule).
fn enum_value<T: WireEnum>(
    raw: &str,
    name: &str,
    index: Option<usize>,
    errors: &mut Vec<ValidationError>,
) -> Option<T> {
    check_query_enum::<T>(name, index, raw).map_err(|e| errors.push(e)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_status_filter_is_answered_like_pydantic_answers_an_enum() {
        let Err(AppError::InvalidQuery(errors)) = ListQuery::parse(Some("status=done&limit=0")) else { panic!() };
        let text = serde_json::to_string(&errors).unwrap();
        assert_eq!(
            text,
            r#"[{"type":"enum","loc":["query","status"],"msg":"Input should be 'pending', 'processing', 'waiting', 'completed', 'failed' or 'canceled'","input":"done","ctx":{"expected":"'pending', 'processing', 'waiting', 'completed', 'failed' or 'canceled'"}},{"type":"greater_than_equal","loc":["query","limit"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}]"#
        );
    }

    #[test]
    fn job_types_win_over_job_type() {
        let query = ListQuery::parse(Some("job_type=dummy&job_types=simulate&job_types=datafit")).ok().unwrap();
        assert_eq!(query.filter.job_types, [JobType::Simulate, JobType::Datafit]);
        let query = ListQuery::parse(Some("job_type=dummy")).ok().unwrap();
        assert_eq!(query.filter.job_types, [JobType::Dummy]);
    }
}
