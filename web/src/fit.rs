//! What a fit's answers hold, read for its charts: the saved iterations of `GET
//! /jobs/{id}/metadata` (`intermediate_results`: cost, best cost, multistart and the physical
//! parameter values `inputs_unscaled`), a sampler's chain (`samples`, `sample_param_names`,
//! `sample_burnin`), and the columns of `GET /jobs/{id}/series` and its channel list. Every
//! reader degrades: a missing, extra or odd key leaves out what cannot be drawn, never an error.
//! `NaN` and infinities (which Python writes) read as missing values. Pure: tested natively.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::plot::quantile;

/// One saved iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// The iteration number (the entry's place when the API gives none).
    pub iteration: f64,
    /// The cost at that iteration.
    pub cost: f64,
    /// The best cost so far (of its multistart).
    pub best_cost: f64,
    /// Its multistart (`multistart_job_id`; 0 when there are none).
    pub start: u32,
}

/// One fitted parameter over the saved iterations.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Its name, as the API gives it; the unit is in brackets (`RC time constant [s]`).
    pub name: String,
    /// Its value at each of the fit's points (NaN where an entry does not hold it).
    pub values: Vec<f64>,
    /// Its value at the entry of lowest cost that holds it (the first such entry on a tie).
    pub best: f64,
    /// Its first value.
    pub first: f64,
    /// Per multistart, in order of appearance: its value at that start's entry of lowest cost.
    pub best_by_start: Vec<(u32, f64)>,
}

/// A sampler's chain, per parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// The parameters sampled, in the API's order.
    pub names: Vec<String>,
    /// For each parameter, its samples per multistart (one list when there are none).
    pub samples: Vec<Vec<Vec<f64>>>,
    /// How many samples of each start are burn-in (not from the posterior); None when not said.
    pub burnin: Option<usize>,
}

impl Chain {
    /// The samples of parameter `index` after the burn-in (or all of them), every start together,
    /// in order.
    pub fn kept(&self, index: usize, with_burnin: bool) -> Vec<f64> {
        let skip = if with_burnin { 0 } else { self.burnin.unwrap_or(0) };
        let mut values: Vec<f64> = self.samples[index]
            .iter()
            .flat_map(|start| start.iter().skip(skip))
            .copied()
            .filter(|v| v.is_finite())
            .collect();
        values.sort_by(f64::total_cmp);
        values
    }

    /// The posterior median of parameter `index` and its central 95 % interval (after the
    /// burn-in); None without samples.
    pub fn summary(&self, index: usize) -> Option<(f64, f64, f64)> {
        let sorted = self.kept(index, false);
        (!sorted.is_empty()).then(|| (quantile(&sorted, 0.5), quantile(&sorted, 0.025), quantile(&sorted, 0.975)))
    }
}

/// A fit as its metadata shows it so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fit {
    /// The saved iterations, oldest first.
    pub points: Vec<Point>,
    /// The parameters found in `inputs_unscaled` (or, when no entry has those, `inputs`), in
    /// order of appearance.
    pub parameters: Vec<Parameter>,
    /// Whether the values are scaled (`inputs`) rather than physical.
    pub scaled: bool,
    /// The sampler's chain, when the job has one.
    pub chain: Option<Chain>,
}

impl Fit {
    /// The multistarts in order of appearance.
    pub fn starts(&self) -> Vec<u32> {
        let mut starts: Vec<u32> = Vec::new();
        for p in &self.points {
            if !starts.contains(&p.start) {
                starts.push(p.start);
            }
        }
        starts
    }

    /// Each multistart's lowest best cost so far, in order of appearance.
    pub fn best_by_start(&self) -> Vec<(u32, f64)> {
        self.starts()
            .into_iter()
            .map(|s| {
                let best = self
                    .points
                    .iter()
                    .filter(|p| p.start == s)
                    .map(|p| p.best_cost.min(p.cost))
                    .filter(|c| !c.is_nan())
                    .fold(f64::INFINITY, f64::min);
                (s, best)
            })
            .collect()
    }

    /// The multistart that holds the lowest cost so far (the one that won).
    pub fn winner(&self) -> Option<u32> {
        self.best_by_start()
            .into_iter()
            .filter(|(_, c)| c.is_finite())
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(s, _)| s)
    }
}

/// Python's JSON as `serde_json` reads it: `NaN` and infinities become `null`.
fn value(text: &str) -> Option<Value> {
    serde_json::from_str(&jobs_core::pyjson::standard_json(text)).ok()
}

fn float(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Reads a metadata object (as text).
pub fn read(metadata: &str) -> Fit {
    let Some(Value::Object(mut top)) = value(metadata) else {
        return Fit::default();
    };
    let entries = match top.remove("intermediate_results") {
        Some(Value::Array(entries)) => entries,
        _ => Vec::new(),
    };
    let objects: Vec<&serde_json::Map<String, Value>> =
        entries.iter().filter_map(Value::as_object).filter(|e| e.get("cost").and_then(float).is_some()).collect();
    let points: Vec<Point> = objects
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let cost = e.get("cost").and_then(float).unwrap_or(f64::NAN);
            Point {
                iteration: e.get("iteration").and_then(float).unwrap_or(n as f64),
                cost,
                best_cost: e.get("best_cost").and_then(float).unwrap_or(cost),
                start: e
                    .get("multistart_job_id")
                    .and_then(Value::as_u64)
                    .map_or(0, |s| s.min(u64::from(u32::MAX)) as u32),
            }
        })
        .collect();
    let scaled = !objects.iter().any(|e| e.get("inputs_unscaled").is_some_and(Value::is_object));
    let key = if scaled { "inputs" } else { "inputs_unscaled" };
    let mut parameters: Vec<Parameter> = Vec::new();
    for (row, e) in objects.iter().enumerate() {
        let Some(Value::Object(inputs)) = e.get(key) else { continue };
        for (name, v) in inputs {
            let Some(v) = float(v) else { continue };
            let index = match parameters.iter().position(|p| &p.name == name) {
                Some(i) => i,
                None => {
                    parameters.push(Parameter {
                        name: name.clone(),
                        values: vec![f64::NAN; points.len()],
                        best: f64::NAN,
                        first: v,
                        best_by_start: Vec::new(),
                    });
                    parameters.len() - 1
                }
            };
            parameters[index].values[row] = v;
        }
    }
    for p in &mut parameters {
        let lowest = |filter: &dyn Fn(&Point) -> bool| {
            let mut best: Option<(f64, f64)> = None;
            for (point, &v) in points.iter().zip(&p.values) {
                if filter(point) && !v.is_nan() && best.is_none_or(|(c, _)| point.cost < c) {
                    best = Some((point.cost, v));
                }
            }
            best.map_or(f64::NAN, |(_, v)| v)
        };
        p.best = lowest(&|_| true);
        let mut starts: Vec<u32> = Vec::new();
        for (point, v) in points.iter().zip(&p.values) {
            if !v.is_nan() && !starts.contains(&point.start) {
                starts.push(point.start);
            }
        }
        p.best_by_start = starts.into_iter().map(|s| (s, lowest(&|q: &Point| q.start == s))).collect();
    }
    let chain = read_chain(&mut top);
    Fit { points, parameters, scaled, chain }
}

/// The chain of a sampler fit: `samples` as `{name: [values…]}` or `{name: [[start's values…], …]}`,
/// named in `sample_param_names` order when given.
fn read_chain(top: &mut serde_json::Map<String, Value>) -> Option<Chain> {
    let Some(Value::Object(samples)) = top.remove("samples") else {
        return None;
    };
    let order: Vec<String> = match top.get("sample_param_names") {
        Some(Value::Array(names)) => names.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    let mut names: Vec<String> = order.into_iter().filter(|n| samples.contains_key(n)).collect();
    for name in samples.keys() {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let list = |v: &Value| -> Vec<f64> {
        v.as_array().map(|a| a.iter().map(|x| float(x).unwrap_or(f64::NAN)).collect()).unwrap_or_default()
    };
    let mut kept_names = Vec::new();
    let mut chains = Vec::new();
    for name in names {
        let Some(Value::Array(items)) = samples.get(&name) else { continue };
        let per_start: Vec<Vec<f64>> = if items.iter().any(Value::is_array) {
            items.iter().filter(|i| i.is_array()).map(list).collect()
        } else {
            vec![list(&Value::Array(items.clone()))]
        };
        if per_start.iter().any(|s| !s.is_empty()) {
            kept_names.push(name);
            chains.push(per_start);
        }
    }
    let burnin = top.get("sample_burnin").and_then(Value::as_u64).map(|b| b as usize);
    (!kept_names.is_empty()).then_some(Chain { names: kept_names, samples: chains, burnin })
}

/// A series answer's columns, by channel name (every list of one length; shorter lists are
/// padded with missing values). `null`, `NaN` and anything not a number read as missing.
pub fn read_series(text: &str) -> Result<BTreeMap<String, Arc<[f64]>>, String> {
    let Some(Value::Object(members)) = value(text) else {
        return Err("The series answer is not a JSON object of columns.".to_owned());
    };
    let mut columns: BTreeMap<String, Arc<[f64]>> = BTreeMap::new();
    let mut rows = 0;
    for (name, column) in members {
        if let Value::Array(values) = column {
            rows = rows.max(values.len());
            columns.insert(name, values.iter().map(|v| float(v).unwrap_or(f64::NAN)).collect());
        }
    }
    for column in columns.values_mut() {
        if column.len() < rows {
            let mut padded = column.to_vec();
            padded.resize(rows, f64::NAN);
            *column = padded.into();
        }
    }
    Ok(columns)
}

/// One objective of a fit and its sources (`optimal`, `baseline`), each with its channels.
pub type Objective = (String, Vec<(String, Vec<String>)>);

/// The objectives of a `GET /jobs/{id}/series/channels` answer, each with its sources and their
/// channels (`{objective: {source: [channel, …]}}`); odd members are left out.
pub fn read_channels(text: &str) -> Vec<Objective> {
    let Some(Value::Object(objectives)) = value(text) else {
        return Vec::new();
    };
    objectives
        .into_iter()
        .filter_map(|(objective, sources)| {
            let Value::Object(sources) = sources else { return None };
            let sources: Vec<(String, Vec<String>)> = sources
                .into_iter()
                .filter_map(|(source, channels)| {
                    let channels: Vec<String> =
                        channels.as_array()?.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect();
                    Some((source, channels))
                })
                .collect();
            (!sources.is_empty()).then_some((objective, sources))
        })
        .collect()
}

/// How a series' channels are drawn: the x column, the data and model channels sharing the
/// model's unit, and the residual, told apart by their names (`Model …`, `Residual …`).
#[derive(Debug, Clone, PartialEq)]
pub struct Roles {
    /// The x column.
    pub x: String,
    /// Measured channels drawn with the model (same unit).
    pub data: Vec<String>,
    /// The model's channels.
    pub model: Vec<String>,
    /// The residual channel, when the API gives one.
    pub residual: Option<String>,
}

/// The unit in a channel's name (`Voltage [V]` → `V`), or "" when it names none.
pub fn unit(name: &str) -> &str {
    match (name.rfind('['), name.rfind(']')) {
        (Some(open), Some(close)) if open < close => &name[open + 1..close],
        _ => "",
    }
}

/// Which channel plays which part, given the x column's name (None: the first channel with
/// `Time` or `Frequency` in its name, else the first).
pub fn roles(channels: &[String], x: Option<&str>) -> Option<Roles> {
    let lower = |c: &String| c.to_lowercase();
    let x = match x {
        Some(x) => x.to_owned(),
        None => channels
            .iter()
            .find(|c| lower(c).starts_with("time") || lower(c).starts_with("frequency"))
            .or(channels.first())?
            .clone(),
    };
    let others: Vec<&String> = channels.iter().filter(|c| **c != x).collect();
    let residual = others.iter().find(|c| lower(c).contains("residual")).map(|c| (*c).clone());
    let model: Vec<String> = others
        .iter()
        .filter(|c| lower(c).contains("model") && !lower(c).contains("residual"))
        .map(|c| (*c).clone())
        .collect();
    let main_unit = model.first().map(|m| unit(m).to_owned());
    let data: Vec<String> = others
        .iter()
        .filter(|c| !model.contains(c) && Some(**c) != residual.as_ref())
        .filter(|c| main_unit.as_deref().is_none_or(|u| unit(c) == u))
        .map(|c| (*c).clone())
        .collect();
    Some(Roles { x, data, model, residual })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_read_with_their_multistart_and_odd_entries_are_left_out() {
        let fit = read(
            r#"{"tag": 1, "intermediate_results": [
            {"iteration": 100, "cost": 0.5, "best_cost": 0.5, "multistart_job_id": 0},
            {"iteration": 100, "cost": 0.9, "best_cost": 0.9, "multistart_job_id": 1},
            {"cost": 0.2},
            {"iteration": 300, "best_cost": 0.1},
            "not an entry", {"cost": NaN, "iteration": 7}
        ]}"#,
        );
        assert_eq!(
            fit.points,
            [
                Point { iteration: 100.0, cost: 0.5, best_cost: 0.5, start: 0 },
                Point { iteration: 100.0, cost: 0.9, best_cost: 0.9, start: 1 },
                Point { iteration: 2.0, cost: 0.2, best_cost: 0.2, start: 0 },
            ],
            "an entry without a cost, or with NaN, is not drawn"
        );
        assert_eq!(fit.starts(), [0, 1]);
        assert_eq!(fit.winner(), Some(0));
        assert!(read(r#"{"intermediate_results": {}}"#).points.is_empty());
        assert!(read("not json").points.is_empty());
    }

    #[test]
    fn parameters_are_read_by_name_with_the_value_at_the_lowest_cost_as_best() {
        let fit = read(
            r#"{"intermediate_results": [
            {"iteration": 100, "cost": 0.5, "multistart_job_id": 0, "inputs_unscaled": {"R [Ohm]": 0.05, "tau [s]": 200}},
            {"iteration": 100, "cost": 0.1, "multistart_job_id": 1, "inputs_unscaled": {"R [Ohm]": 0.02, "tau [s]": 40}},
            {"iteration": 200, "cost": 0.3, "multistart_job_id": 0, "inputs_unscaled": {"R [Ohm]": 0.03, "tau [s]": "x"}},
            {"iteration": 300, "cost": 0.2, "inputs": {"R [Ohm]": 1}},
            {"iteration": 100, "cost": 0.1, "multistart_job_id": 1, "inputs_unscaled": {"R [Ohm]": 0.09, "tau [s]": 90}},
            {"iteration": 100, "cost": 0.01, "multistart_job_id": 0, "inputs_unscaled": {"R [Ohm]": 0.011}}
        ]}"#,
        );
        let names: Vec<&str> = fit.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["R [Ohm]", "tau [s]"]);
        assert!(!fit.scaled);
        let r = &fit.parameters[0];
        assert_eq!(r.values.len(), 6);
        assert!(r.values[3].is_nan(), "the entry with only scaled inputs holds no physical value");
        // The best is the value of the entry of lowest cost; on a tie of costs, the first entry's.
        assert_eq!((r.best, fit.parameters[1].best), (0.011, 40.0));
        assert_eq!(r.first, 0.05);
        assert_eq!(r.best_by_start, [(0, 0.011), (1, 0.02)]);
    }

    #[test]
    fn entries_with_only_scaled_inputs_give_scaled_parameters() {
        let fit =
            read(r#"{"intermediate_results": [{"cost": 2, "inputs": {"a": 0.5}}, {"cost": 1, "inputs": {"a": 0.7}}]}"#);
        assert!(fit.scaled);
        assert_eq!(fit.parameters[0].best, 0.7);
    }

    #[test]
    fn a_chain_is_read_flat_or_per_multistart_with_its_burn_in() {
        let fit = read(
            r#"{"samples": {"b": [1, 2, 3, 4], "a": [[1, 2], [3, NaN]]}, "sample_param_names": ["a", "b"], "sample_burnin": 1}"#,
        );
        let chain = fit.chain.unwrap();
        assert_eq!(chain.names, ["a", "b"]);
        assert_eq!(chain.samples[0].len(), 2, "two multistarts");
        assert_eq!(chain.burnin, Some(1));
        assert_eq!(chain.kept(1, false), [2.0, 3.0, 4.0]);
        assert_eq!(chain.kept(1, true), [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(chain.kept(0, false), [2.0], "each start loses its burn-in; NaN is left out");
        assert_eq!(chain.summary(1).map(|s| s.0), Some(3.0));
        assert!(read(r#"{"samples": {"a": []}}"#).chain.is_none());
    }

    #[test]
    fn a_series_reads_missing_values_as_gaps_and_pads_short_columns() {
        let columns = read_series(r#"{"Time [s]": [0, 1, 2], "Voltage [V]": [3.7, null, NaN], "x": [1]}"#).unwrap();
        let v = &columns["Voltage [V]"];
        assert_eq!(v[0], 3.7);
        assert!(v[1].is_nan() && v[2].is_nan());
        assert_eq!(columns["x"].len(), 3);
        assert!(read_series("[1, 2]").is_err());
    }

    #[test]
    fn channels_are_read_per_objective_and_source() {
        let channels = read_channels(
            r#"{"pulse": {"optimal": ["Time [s]", "Voltage [V]"], "baseline": ["Time [s]"], "odd": 3}, "x": 1}"#,
        );
        assert_eq!(channels.len(), 1);
        assert_eq!(channels[0].1.len(), 2);
        assert!(read_channels("{}").is_empty());
    }

    #[test]
    fn roles_tell_data_from_model_and_residual_by_name_and_unit() {
        let channels: Vec<String> = ["Time [s]", "Current [A]", "Voltage [V]", "Model voltage [V]", "Residual [V]"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let roles = roles(&channels, None).unwrap();
        assert_eq!(roles.x, "Time [s]");
        assert_eq!(roles.data, ["Voltage [V]"], "the current has another unit");
        assert_eq!(roles.model, ["Model voltage [V]"]);
        assert_eq!(roles.residual.as_deref(), Some("Residual [V]"));
        assert_eq!(unit("Voltage [V]"), "V");
        assert_eq!(unit("Cost"), "");
    }
}
