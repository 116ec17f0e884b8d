//! Simulated fits through the API: a `datafit` or `optimize` job with steering-only params
//! records parameter traces by multistart, has an objective's series to read (windowed, then
//! thinned), and with `"sampler": true` keeps a chain in its metadata, in the shapes the official
//! client (`ionworks-api` 0.38) documents.

mod common;

use common::*;
use jobs_server::simulation::fit::{true_parameters, PARAMETERS};
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

/// A short fit's submit body: `steering` with a duration of 0.4 s (four saved entries).
fn short_fit(steering: Value) -> Value {
    let mut params = json!({"duration_s": 0.4});
    params.as_object_mut().unwrap().extend(steering.as_object().unwrap().clone());
    json!({"job_type": "datafit", "params": params})
}

/// The best parameters of a fit's result, in `PARAMETERS` order.
fn best(result: &Value) -> [f64; 3] {
    by_name(&result["parameters"])
}

/// The true parameters a fit's result reports (the data were made with them).
fn truth_of(result: &Value) -> [f64; 3] {
    by_name(&result["true_parameters"])
}

fn by_name(parameters: &Value) -> [f64; 3] {
    PARAMETERS.map(|name| parameters[name].as_f64().unwrap_or_else(|| panic!("{name} in {parameters}")))
}

fn largest_difference(a: [f64; 3], b: [f64; 3]) -> f64 {
    (0..3).map(|k| (a[k] / b[k] - 1.0).abs()).fold(0.0, f64::max)
}

fn rms(values: &[f64]) -> f64 {
    (values.iter().map(|v| v * v).sum::<f64>() / values.len() as f64).sqrt()
}

/// Submits every body, then waits for each to complete: their results, in order.
async fn results_of(app: &axum::Router, bodies: Vec<Value>) -> Vec<(String, Value)> {
    let mut ids = Vec::new();
    for body in bodies {
        ids.push(submit(app, body).await);
    }
    let mut done = Vec::new();
    for id in ids {
        let job = wait_for_status(app, &id, "completed").await;
        done.push((id, job["result"].clone()));
    }
    done
}

#[tokio::test]
async fn fits_of_two_cells_end_at_different_parameters_each_near_its_own_cells_truth() {
    let (app, _state) = server(2);
    let cells = ["LG M50", "Molicel P42A"];
    let done = results_of(&app, cells.iter().map(|cell| short_fit(json!({"cell": cell}))).collect()).await;
    for ((id, result), cell) in done.iter().zip(cells) {
        assert_eq!(result["conditions"], json!({"cell": cell, "temperature_C": 25.0, "seed": null}));
        let truth = true_parameters(Some(cell), 25.0);
        assert!(largest_difference(truth_of(result), truth) < 1e-12, "{result}");
        assert!(largest_difference(best(result), truth) < 0.05, "{cell}: {:?} vs {truth:?}", best(result));
        // The series are remade from the same cell: the model at the best parameters meets the data.
        let optimal = get(&app, &format!("/jobs/{id}/series?objective=pulse_test&columns=Residual%20%5BV%5D")).await;
        assert!(rms(&numbers(&optimal.json()["Residual [V]"])) < 0.003, "{cell}");
    }
    let spread = largest_difference(best(&done[0].1), best(&done[1].1));
    assert!(spread > 0.10, "the two cells' best parameters differ by {spread} at most");
}

#[tokio::test]
async fn two_seeds_of_one_cell_end_at_nearby_optima_after_different_courses() {
    let (app, _state) = server(2);
    let done = results_of(
        &app,
        vec![short_fit(json!({"cell": "LG M50", "seed": 1})), short_fit(json!({"cell": "LG M50", "seed": 2}))],
    )
    .await;
    let ((one, first), (two, second)) = (&done[0], &done[1]);
    let truth = true_parameters(Some("LG M50"), 25.0);
    for result in [first, second] {
        assert!(largest_difference(truth_of(result), truth) < 1e-12, "{result}");
        assert!(largest_difference(best(result), truth) < 0.05, "{result}");
    }
    assert!(largest_difference(best(first), best(second)) > 0.002, "{first} {second}");
    assert_ne!(first["iterations"], second["iterations"]);
    assert_eq!((first["conditions"]["seed"].clone(), second["conditions"]["seed"].clone()), (json!(1), json!(2)));
    // Other noise, and another start.
    let baseline = |id: &str| format!("/jobs/{id}/series?objective=pulse_test&source=baseline");
    let (a, b) = (get(&app, &baseline(one)).await.json(), get(&app, &baseline(two)).await.json());
    assert_ne!(a["Voltage [V]"], b["Voltage [V]"]);
    assert_ne!(a["Model voltage [V]"], b["Model voltage [V]"]);
}

#[tokio::test]
async fn the_same_cell_and_seed_twice_gives_the_same_trace_series_and_result() {
    let (app, _state) = server(2);
    let body = || short_fit(json!({"cell": "LG M50", "seed": 7}));
    let done = results_of(&app, vec![body(), body()]).await;
    let ((one, first), (two, second)) = (&done[0], &done[1]);
    assert_ne!(one, two);
    for key in ["parameters", "final_cost", "iterations", "conditions", "true_parameters"] {
        assert_eq!(first[key], second[key], "{key}");
    }
    let trace = |id: &str| {
        let app = app.clone();
        let uri = format!("/jobs/{id}/metadata");
        async move { get(&app, &uri).await.json()["intermediate_results"].clone() }
    };
    assert_eq!(trace(one).await, trace(two).await);
    for source in ["optimal", "baseline"] {
        let series = |id: &str| format!("/jobs/{id}/series?objective=pulse_test&source={source}");
        let once = get(&app, &series(one)).await.body;
        assert_eq!(once, get(&app, &series(two)).await.body, "{source}");
        assert_eq!(once, get(&app, &series(one)).await.body, "{source}, read again");
    }
}

#[tokio::test]
async fn a_fit_given_no_cell_seed_or_temperature_stays_as_it_was() {
    let (app, _state) = server(2);
    let done = results_of(&app, vec![short_fit(json!({})), short_fit(json!({}))]).await;
    let ((one, first), (two, _)) = (&done[0], &done[1]);
    assert_eq!(first["conditions"], json!({"cell": null, "temperature_C": 25.0, "seed": null}));
    let truth = [0.012, 0.025, 35.0];
    assert!(largest_difference(truth_of(first), truth) < 1e-12, "{first}");
    assert!(largest_difference(best(first), truth) < 0.01, "{first}");
    assert_eq!(first["iterations"], 200);
    let trace = get(&app, &format!("/jobs/{one}/metadata")).await.json()["intermediate_results"].clone();
    let iterations: Vec<u64> = trace.as_array().unwrap().iter().map(|e| e["iteration"].as_u64().unwrap()).collect();
    assert_eq!(iterations, [100, 100, 200, 200]);
    // The noise comes from the job's id; the start is the same for every job.
    let baseline = |id: &str| format!("/jobs/{id}/series?objective=pulse_test&source=baseline");
    let (a, b) = (get(&app, &baseline(one)).await.json(), get(&app, &baseline(two)).await.json());
    assert_ne!(a["Voltage [V]"], b["Voltage [V]"]);
    assert_eq!(a["Model voltage [V]"], b["Model voltage [V]"]);
}

#[tokio::test]
async fn a_colder_cell_fits_to_larger_resistances_and_the_same_time_constant() {
    let (app, _state) = server(2);
    let done = results_of(
        &app,
        vec![
            short_fit(json!({"cell": "LG M50", "seed": 3})),
            short_fit(json!({"cell": "LG M50", "seed": 3, "temperature_C": 0})),
        ],
    )
    .await;
    let (room, cold) = (best(&done[0].1), best(&done[1].1));
    assert_eq!(done[1].1["conditions"]["temperature_C"], json!(0.0));
    for k in 0..2 {
        assert!((cold[k] / room[k] - 2.155).abs() < 0.1, "{cold:?} vs {room:?}");
    }
    assert!((cold[2] / room[2] - 1.0).abs() < 0.05, "{cold:?} vs {room:?}");
}

#[tokio::test]
async fn a_bad_cell_seed_or_temperature_fails_the_job_with_configuration_error_and_a_sentence() {
    let (app, _state) = server(4);
    let cases = [
        (json!({"cell": 5}), "cell", "give the cell's name as text of 1 to 100 characters, like \"LG M50\""),
        (json!({"cell": ""}), "cell", "give the cell's name"),
        (json!({"seed": -1}), "seed", "is -1; give a whole number from 0 to 9007199254740991, like 7"),
        (json!({"seed": 2.5}), "seed", "give a whole number"),
        (json!({"seed": "7"}), "seed", "give a whole number"),
        (
            json!({"temperature_C": 300}),
            "temperature_C",
            "give the cell's temperature as a number of °C from -20 to 60",
        ),
    ];
    let mut ids = Vec::new();
    for (steering, _, _) in &cases {
        // Metadata naming a usable cell does not rescue a bad value in params.
        let mut body = short_fit(steering.clone());
        body["metadata"] = json!({"cell": "LG M50", "temperature_C": 25});
        ids.push(submit(&app, body).await);
    }
    for (id, (steering, key, words)) in ids.iter().zip(&cases) {
        let job = wait_for_status(&app, id, "failed").await;
        assert_eq!(job["error_code"], "CONFIGURATION_ERROR", "{steering}");
        let error = job["error"].as_str().unwrap();
        assert!(error.starts_with(&format!("The job's params.{key} is ")), "{error}");
        assert!(
            error.contains(words) && error.ends_with(&format!("Fix params.{key} and submit the job again.")),
            "{error}"
        );
        assert_eq!(job["error_detail"]["param"], *key);
    }
}

#[tokio::test]
async fn a_fit_takes_its_cell_and_temperature_from_the_metadata_when_params_do_not_give_them() {
    let (app, _state) = server(3);
    let mut described = json!({"job_type": "datafit", "params": {"duration_s": 1.2, "steps": 12, "sampler": true}});
    described["metadata"] = json!({"cell": "LG M50", "temperature_C": 0, "operator": "ana"});
    let mut overridden = short_fit(json!({"cell": "Molicel P42A"}));
    overridden["metadata"] = json!({"cell": "LG M50"});
    let mut unusable = short_fit(json!({}));
    unusable["metadata"] = json!({"cell": {"name": "LG M50"}, "temperature_C": "cold"});
    let done = results_of(&app, vec![described, overridden, unusable]).await;

    let (id, result) = &done[0];
    assert_eq!(result["conditions"], json!({"cell": "LG M50", "temperature_C": 0.0, "seed": null}));
    let truth = true_parameters(Some("LG M50"), 0.0);
    assert!(largest_difference(best(result), truth) < 0.05, "{result}");
    // The series and the chain are remade from the same metadata as the run.
    let optimal = get(&app, &format!("/jobs/{id}/series?objective=pulse_test&columns=Residual%20%5BV%5D")).await;
    assert!(rms(&numbers(&optimal.json()["Residual [V]"])) < 0.003);
    let metadata = get(&app, &format!("/jobs/{id}/metadata")).await.json();
    assert_eq!(metadata["cell"], "LG M50", "the submitted metadata is shown as it was");
    for (k, name) in PARAMETERS.iter().enumerate() {
        let chain = numbers(&metadata["samples"][name]);
        let settled = &chain[400..];
        let mean = settled.iter().sum::<f64>() / settled.len() as f64;
        assert!((mean / truth[k] - 1.0).abs() < 0.05, "{name}: {mean} vs {}", truth[k]);
    }

    assert_eq!(done[1].1["conditions"]["cell"], "Molicel P42A", "params win");
    assert!(largest_difference(best(&done[1].1), true_parameters(Some("Molicel P42A"), 25.0)) < 0.05);
    assert_eq!(done[2].1["conditions"], json!({"cell": null, "temperature_C": 25.0, "seed": null}));
}
