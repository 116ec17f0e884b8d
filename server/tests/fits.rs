//! Simulated fits through the API: a `datafit` or `optimize` job with steering-only params
//! records parameter traces by multistart, has an objective's series to read (windowed, then
//! thinned), and with `"sampler": true` keeps a chain in its metadata, in the shapes the official
//! client (`ionworks-api` 0.38) documents.

mod common;

use common::*;
use serde_json::{json, Value};

fn numbers(value: &Value) -> Vec<f64> {
    value.as_array().unwrap_or_else(|| panic!("a list: {value}")).iter().map(|v| v.as_f64().unwrap()).collect()
}

#[tokio::test]
async fn a_default_fit_records_parameters_by_multistart_and_ends_with_the_best_ones() {
    let (app, _state) = server(2);
    let id = submit(&app, json!({"job_type": "datafit", "params": {"duration_s": 0.4}})).await;
    let done = wait_for_status(&app, &id, "completed").await;
    let trace = get(&app, &format!("/jobs/{id}/metadata")).await.json()["intermediate_results"].clone();
    let trace = trace.as_array().unwrap();
    assert_eq!(trace.len(), 4, "two saves of each of two multistarts");
    let starts: Vec<u64> = trace.iter().map(|e| e["multistart_job_id"].as_u64().unwrap()).collect();
    assert_eq!(starts, [0, 1, 0, 1]);
    for entry in trace {
        for key in ["iteration", "cost", "best_cost"] {
            assert!(entry[key].is_number(), "{key} in {entry}");
        }
        assert_eq!(entry["inputs"].as_object().unwrap().len(), 3);
        assert!(entry["inputs_unscaled"]["RC time constant [s]"].is_number(), "{entry}");
    }
    let parameters = &done["result"]["parameters"];
    assert!(parameters["Series resistance [Ohm]"].is_number(), "{done}");
    assert_eq!(done["result"]["objectives"], json!(["pulse_test"]));
}

#[tokio::test]
async fn a_fit_lists_its_channels_and_any_other_job_none() {
    let (app, _state) = server(2);
    let fit = submit(&app, json!({"job_type": "optimize", "params": {}})).await;
    let channels = get(&app, &format!("/jobs/{fit}/series/channels")).await;
    assert_eq!(channels.status, 200);
    let listed = channels.json();
    for source in ["optimal", "baseline"] {
        let names: Vec<&str> =
            listed["pulse_test"][source].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        assert!(names.contains(&"Time [s]") && names.contains(&"Voltage [V]") && names.contains(&"Model voltage [V]"));
    }
    for params in [json!({"model": "SPMe"}), json!({"duration_s": 0})] {
        let other = submit(
            &app,
            json!({"job_type": if params["model"].is_null() { "simulate" } else { "datafit" }, "params": params}),
        )
        .await;
        assert_eq!(get(&app, &format!("/jobs/{other}/series/channels")).await.json(), json!({}));
        assert_eq!(get(&app, &format!("/jobs/{other}/series?objective=pulse_test")).await.status, 404);
    }
    assert_eq!(get(&app, "/jobs/no-such-job/series/channels").await.status, 404);
}

#[tokio::test]
async fn series_are_windowed_first_then_thinned_and_improve_as_the_fit_runs() {
    let (app, _state) = server(2);
    let id = submit(&app, json!({"job_type": "datafit", "params": {"duration_s": 0.4}})).await;
    let rms = |body: &Value| {
        let r = numbers(&body["Residual [V]"]);
        (r.iter().map(|v| v * v).sum::<f64>() / r.len() as f64).sqrt()
    };
    let baseline = get(&app, &format!("/jobs/{id}/series?objective=pulse_test&source=baseline")).await.json();
    assert_eq!(numbers(&baseline["Time [s]"]).len(), 12_000, "whole when no budget is given");
    wait_for_status(&app, &id, "completed").await;
    let optimal = get(&app, &format!("/jobs/{id}/series?objective=pulse_test")).await.json();
    assert!(rms(&optimal) < rms(&baseline) / 5.0, "{} vs {}", rms(&optimal), rms(&baseline));

    let window = get(
        &app,
        &format!("/jobs/{id}/series?objective=pulse_test&columns=Voltage%20%5BV%5D,Model%20voltage%20%5BV%5D&x_min=300&x_max=420&max_points=200"),
    )
    .await;
    assert_eq!(window.status, 200);
    assert!(window.body.starts_with(br#"{"Time [s]":["#), "x comes first");
    let body = window.json();
    assert_eq!(body.as_object().unwrap().len(), 3);
    let time = numbers(&body["Time [s]"]);
    assert!(time.len() <= 200 && time.len() > 150, "{} rows", time.len());
    assert_eq!((time[0], *time.last().unwrap()), (300.0, 420.0));
    assert!(time.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(numbers(&body["Voltage [V]"]).len(), time.len());
}

#[tokio::test]
async fn unknown_objectives_and_channels_are_404s_that_name_what_exists_and_bad_numbers_are_422s() {
    let (app, _state) = server(0);
    let id = submit(&app, json!({"job_type": "datafit", "params": {}})).await;
    let objective = get(&app, &format!("/jobs/{id}/series?objective=nope")).await;
    assert_eq!(objective.status, 404);
    assert!(objective.json()["detail"].as_str().unwrap().contains("pulse_test"));
    let channel = get(&app, &format!("/jobs/{id}/series?objective=pulse_test&columns=Temperature")).await;
    assert_eq!(channel.status, 404);
    assert!(channel.json()["detail"].as_str().unwrap().contains("Voltage [V]"));
    let x = get(&app, &format!("/jobs/{id}/series?objective=pulse_test&x_column=Depth")).await;
    assert_eq!(x.status, 404);
    let bad = get(&app, &format!("/jobs/{id}/series?objective=pulse_test&max_points=many&x_max=far&source=best")).await;
    assert_eq!(bad.status, 422);
    let detail = bad.json()["detail"].clone();
    let kinds: Vec<&str> = detail.as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["literal_error", "int_parsing", "float_parsing"]);
}

#[tokio::test]
async fn a_sampler_keeps_its_chain_in_the_metadata_and_other_fits_keep_none() {
    let (app, _state) = server(2);
    let sampled = submit(&app, json!({"job_type": "datafit", "params": {"duration_s": 2.5, "sampler": true}})).await;
    let plain = submit(&app, json!({"job_type": "datafit", "params": {"duration_s": 0.2}})).await;
    wait_for_status(&app, &sampled, "completed").await;
    wait_for_status(&app, &plain, "completed").await;
    let metadata = get(&app, &format!("/jobs/{sampled}/metadata")).await.json();
    let names: Vec<&str> =
        metadata["sample_param_names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert_eq!(names.len(), 3);
    let chain = numbers(&metadata["samples"][names[0]]);
    assert_eq!(chain.len(), numbers(&metadata["sample_costs"]).len());
    assert_eq!(chain.len(), metadata["intermediate_results"].as_array().unwrap().len() * 50);
    assert_eq!(metadata["sample_burnin"], json!(200));
    let other = get(&app, &format!("/jobs/{plain}/metadata")).await.json();
    assert!(other.get("samples").is_none(), "{other}");
}
