//! `GET /jobs/{id}/series/channels` (which objectives a job has series for, and their channels)
//! and `GET /jobs/{id}/series` (one objective's channels: the x window first, then the row budget,
//! min/max per bucket so peaks survive). Only a simulated fit has series here (see
//! `simulation::fit`); any other job answers `{}` for its channels.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use jobs_core::series::{decimate, window};
use jobs_core::{check_query_int, ValidationError};
use serde_json::{json, Map, Value};

use crate::error::{json_response, json_text, AppError};
use crate::query::QueryPairs;
use crate::simulation::fit;
use crate::state::AppState;

/// The most rows `max_points` may ask for.
pub const MAX_POINTS: i64 = 1_000_000;
const SOURCES: [&str; 2] = ["optimal", "baseline"];

pub(super) async fn series_channels(
    State(state): State<AppState>,
    job_id: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let Path(job_id) = job_id.map_err(|_| AppError::JobNotFound)?;
    let body = if super::simulated_fit(&state, &job_id).await?.is_some() {
        let channels: Map<String, Value> = SOURCES.iter().map(|s| ((*s).to_owned(), json!(fit::CHANNELS))).collect();
        json!({ fit::OBJECTIVE: channels })
    } else {
        json!({})
    };
    Ok(json_response(StatusCode::OK, &body))
}

pub(super) async fn series_get(
    State(state): State<AppState>,
    job_id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let Path(job_id) = job_id.map_err(|_| AppError::JobNotFound)?;
    let ask = SeriesQuery::parse(query.as_deref())?;
    let Some((_, setup)) = super::simulated_fit(&state, &job_id).await? else {
        return Err(AppError::NoSeries("This job has no series: only a fit's objectives have them.".to_owned()));
    };
    if ask.objective != fit::OBJECTIVE {
        return Err(AppError::NoSeries(format!(
            "This job has no objective {:?}; its objectives are: {}.",
            ask.objective,
            fit::OBJECTIVE
        )));
    }
    let x_name = ask.x_column.clone().unwrap_or_else(|| fit::TIME.to_owned());
    let wanted: Vec<String> = match &ask.columns {
        Some(columns) => columns.clone(),
        None => fit::CHANNELS.iter().map(|c| (*c).to_owned()).collect(),
    };
    if let Some(unknown) = std::iter::once(&x_name).chain(&wanted).find(|c| !fit::CHANNELS.contains(&c.as_str())) {
        return Err(AppError::NoSeries(format!(
            "Objective {} has no channel {unknown:?}; its channels are: {}.",
            fit::OBJECTIVE,
            fit::CHANNELS.join(", ")
        )));
    }

    let trace_text = state.scheduler.store().trace(job_id).await?.ok_or(AppError::JobNotFound)?;
    let trace: Vec<Value> = serde_json::from_str(&trace_text).unwrap_or_default();
    let parameters = match ask.source {
        "baseline" => setup.baseline(),
        _ => fit::best_in(&trace).unwrap_or_else(|| setup.baseline()),
    };
    let body = tokio::task::spawn_blocking(move || answer(&setup, parameters, &x_name, &wanted, &ask))
        .await
        .map_err(|e| AppError::Internal(format!("the series could not be made: {e}")))?;
    Ok(json_text(StatusCode::OK, body))
}

/// The channels asked for, x first, on the rows the window and the budget keep: a JSON object's
/// text.
fn answer(setup: &fit::Setup, parameters: [f64; 3], x_name: &str, wanted: &[String], ask: &SeriesQuery) -> String {
    let channels = fit::series(&fit::Data::of(setup), parameters);
    let column = |name: &str| channels.iter().find(|(n, _)| *n == name).map(|(_, c)| c.as_slice()).unwrap_or(&[]);
    let x = column(x_name);
    // Peaks are kept in the first channel asked for besides x (the measured voltage by default).
    let y = column(wanted.iter().find(|c| *c != x_name).map_or("Voltage [V]", String::as_str));
    let rows: Vec<usize> = if x.windows(2).all(|w| w[0] <= w[1]) {
        let rows = window(x, ask.x_min, ask.x_max);
        match ask.max_points {
            Some(budget) => decimate(x, y, rows, budget),
            None => rows.collect(),
        }
    } else {
        // An x that is not in order (e.g. the current): the rows in the window, then the budget.
        let inside: Vec<usize> = (0..x.len())
            .filter(|&i| ask.x_min.is_none_or(|low| x[i] >= low) && ask.x_max.is_none_or(|high| x[i] <= high))
            .collect();
        let (xs, ys): (Vec<f64>, Vec<f64>) = inside.iter().map(|&i| (x[i], y[i])).unzip();
        match ask.max_points {
            Some(budget) => decimate(&xs, &ys, 0..xs.len(), budget).into_iter().map(|k| inside[k]).collect(),
            None => inside,
        }
    };
    // Written by hand to keep the order asked for (x first): serde_json's maps sort their keys.
    let mut written: Vec<&str> = Vec::new();
    let mut body = String::from("{");
    for name in std::iter::once(x_name).chain(wanted.iter().map(String::as_str)) {
        if written.contains(&name) {
            continue;
        }
        let values = column(name);
        let values: Vec<f64> = rows.iter().map(|&i| values[i]).collect();
        if !written.is_empty() {
            body.push(',');
        }
        body.push_str(&json!(name).to_string());
        body.push(':');
        body.push_str(&json!(values).to_string());
        written.push(name);
    }
    body.push('}');
    body
}

/// `GET /jobs/{id}/series` parameters, checked as FastAPI checks `Query(...)` parameters.
struct SeriesQuery {
    objective: String,
    source: &'static str,
    columns: Option<Vec<String>>,
    x_column: Option<String>,
    max_points: Option<usize>,
    x_min: Option<f64>,
    x_max: Option<f64>,
}

impl SeriesQuery {
    fn parse(query: Option<&str>) -> Result<SeriesQuery, AppError> {
        let pairs = QueryPairs::parse(query);
        let mut errors = Vec::new();
        let objective = pairs.last("objective").map(str::to_owned);
        if objective.is_none() {
            errors.push(error(
                json!({"type": "missing", "loc": ["query", "objective"], "msg": "Field required", "input": null}),
            ));
        }
        let source = match pairs.last("source") {
            None => SOURCES[0],
            Some(raw) => SOURCES.iter().copied().find(|s| *s == raw).unwrap_or_else(|| {
                errors.push(error(json!({
                    "type": "literal_error", "loc": ["query", "source"],
                    "msg": "Input should be 'optimal' or 'baseline'", "input": raw,
                    "ctx": {"expected": "'optimal' or 'baseline'"}
                })));
                SOURCES[0]
            }),
        };
        let max_points =
            pairs.last("max_points").and_then(|raw| match check_query_int("max_points", raw, 1, MAX_POINTS) {
                Ok(n) => usize::try_from(n).ok(),
                Err(e) => {
                    errors.push(e);
                    None
                }
            });
        let mut float = |name: &str| {
            pairs.last(name).and_then(|raw| match raw.trim().parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    errors.push(error(json!({
                        "type": "float_parsing", "loc": ["query", name],
                        "msg": "Input should be a valid number, unable to parse string as a number", "input": raw
                    })));
                    None
                }
            })
        };
        let (x_min, x_max) = (float("x_min"), float("x_max"));
        if !errors.is_empty() {
            return Err(AppError::InvalidQuery(errors));
        }
        Ok(SeriesQuery {
            objective: objective.unwrap_or_default(),
            source,
            columns: pairs
                .last("columns")
                .map(|raw| raw.split(',').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect()),
            x_column: pairs.last("x_column").map(str::to_owned),
            max_points,
            x_min,
            x_max,
        })
    }
}

/// A 422 entry written as the API writes it.
fn error(entry: Value) -> ValidationError {
    serde_json::from_str(&entry.to_string()).expect("a 422 entry written here reads back")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> fit::Setup {
        fit::Setup::new("job", &fit::Conditions::default())
    }

    fn ask(query: &str) -> SeriesQuery {
        SeriesQuery::parse(Some(query)).unwrap_or_else(|e| panic!("{query}: {e}"))
    }

    fn refused(query: &str) -> Vec<ValidationError> {
        match SeriesQuery::parse(Some(query)) {
            Err(AppError::InvalidQuery(detail)) => detail,
            _ => panic!("{query} was accepted"),
        }
    }

    #[test]
    fn the_query_is_read_with_its_defaults() {
        let q = ask("objective=pulse_test");
        assert_eq!(
            (q.source, q.columns, q.x_column, q.max_points, q.x_min, q.x_max),
            ("optimal", None, None, None, None, None)
        );
        let q = ask("objective=o&source=baseline&columns=Voltage%20%5BV%5D,Current%20%5BA%5D&max_points=500&x_min=1.5&x_max=1e3");
        assert_eq!(q.columns, Some(vec!["Voltage [V]".to_owned(), "Current [A]".to_owned()]));
        assert_eq!((q.source, q.max_points, q.x_min, q.x_max), ("baseline", Some(500), Some(1.5), Some(1000.0)));
    }

    #[test]
    fn bad_parameters_are_422_entries_as_fastapi_writes_them() {
        let detail = refused("source=best&max_points=0&x_min=left");
        let kinds: Vec<&str> = detail.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["missing", "literal_error", "greater_than_equal", "float_parsing"]);
        assert_eq!(detail[3].msg, "Input should be a valid number, unable to parse string as a number");
    }

    #[test]
    fn the_window_comes_before_the_budget_and_x_comes_first() {
        let q = ask("objective=pulse_test&columns=Voltage%20%5BV%5D&x_min=100&x_max=200&max_points=50");
        let text = answer(&job(), job().baseline(), fit::TIME, q.columns.as_deref().unwrap(), &q);
        assert!(text.starts_with(r#"{"Time [s]":["#) && text.contains(r#"],"Voltage [V]":["#), "x first");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(body.as_object().unwrap().len(), 2);
        let time: Vec<f64> = serde_json::from_value(body["Time [s]"].clone()).unwrap();
        assert!(time.len() <= 50 && time.len() >= 40, "{}", time.len());
        assert_eq!((time[0], *time.last().unwrap()), (100.0, 200.0));
        assert_eq!(body["Voltage [V]"].as_array().unwrap().len(), time.len());
    }

    #[test]
    fn without_a_budget_the_window_comes_whole_and_an_unordered_x_still_works() {
        let q = ask("objective=pulse_test");
        let all: Vec<String> = fit::CHANNELS.iter().map(|c| (*c).to_owned()).collect();
        let body: Value = serde_json::from_str(&answer(&job(), job().baseline(), fit::TIME, &all, &q)).unwrap();
        assert!(fit::CHANNELS.iter().all(|c| body[*c].as_array().unwrap().len() == fit::SAMPLES));
        let q = ask("objective=pulse_test&x_min=0.5&max_points=100");
        let body: Value = serde_json::from_str(&answer(&job(), job().baseline(), "Current [A]", &all, &q)).unwrap();
        let current: Vec<f64> = serde_json::from_value(body["Current [A]"].clone()).unwrap();
        assert!(current.len() <= 100 && current.iter().all(|&i| i >= 0.5), "{current:?}");
    }
}
