//! What a fit's answers hold, read for its charts: the saved iterations of `GET
//! /jobs/{id}/metadata` (`intermediate_results`: cost, best cost, multistart and the physical
//! parameter values `inputs_unscaled`), a sampler's chain (`samples`, `sample_param_names`,
//! `sample_burnin`), and the columns of `GET /jobs/{id}/series` and its channel list. Every
//! reader degrades: a missing, extra or odd key leaves out what cannot be drawn, never an error.
//! Read with jobs-core's JSON scanner, as Python reads JSON (`NaN` and infinities included,
//! which Python writes). Pure: tested natively.

use std::sync::Arc;

use jobs_core::pyjson::{decode_string_token, entries, Entry, EntryKind, Scalar};

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

    /// A parameter's trace in one multistart: its iterations and values where it was saved
    /// (a trace follows one start: every start together would zigzag).
    pub fn trace(&self, parameter: &Parameter, start: u32) -> (Vec<f64>, Vec<f64>) {
        self.points
            .iter()
            .zip(&parameter.values)
            .filter(|(q, v)| q.start == start && !v.is_nan())
            .map(|(q, v)| (q.iteration, *v))
            .unzip()
    }
}

/// The direct members of a JSON container (as Python reads it: `NaN` and infinities are
/// numbers), none when `text` is not one. jobs-core's scanner, which reads without building values.
fn members(text: &str) -> Vec<Entry> {
    entries(text).unwrap_or_default()
}

/// The member called `key`.
fn member<'a>(members: &'a [Entry], key: &str) -> Option<&'a Entry> {
    members.iter().find(|m| m.key.as_deref() == Some(key))
}

/// A member's text.
fn text_of<'a>(container: &'a str, m: &Entry) -> &'a str {
    &container[m.start..m.end]
}

/// A member's number: Python's `NaN` and infinities too; None for anything else.
fn number_of(container: &str, m: &Entry) -> Option<f64> {
    match m.kind {
        // Rust's own parser rounds correctly; serde_json's (without `float_roundtrip`) may be a
        // unit in the last place off, and a value shown "exact" must be the API's.
        EntryKind::Scalar(Scalar::Int | Scalar::Float) => text_of(container, m).parse().ok(),
        EntryKind::Scalar(Scalar::NaN) => Some(f64::NAN),
        EntryKind::Scalar(Scalar::Infinity) => Some(f64::INFINITY),
        EntryKind::Scalar(Scalar::NegInfinity) => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// A member's string.
fn string_of(container: &str, m: &Entry) -> Option<String> {
    matches!(m.kind, EntryKind::Scalar(Scalar::Str { .. }))
        .then(|| decode_string_token(text_of(container, m)).map(|s| s.into_owned()))
        .flatten()
}

/// The member `key` of object text `container` when it is an object (or an array: `array`).
fn container_of<'a>(container: &'a str, members: &[Entry], key: &str, array: bool) -> Option<&'a str> {
    let m = member(members, key)?;
    let fits = if array { matches!(m.kind, EntryKind::Array(_)) } else { matches!(m.kind, EntryKind::Object(_)) };
    fits.then(|| text_of(container, m))
}

/// An array's numbers, with NaN for what is not one.
fn numbers(list: &str) -> Vec<f64> {
    members(list).iter().map(|m| number_of(list, m).unwrap_or(f64::NAN)).collect()
}

/// The saved iterations' and the chain's keys in a metadata object.
const ITERATIONS: &str = "intermediate_results";
const SAMPLES: &str = "samples";

/// Whether a metadata object (as text) has what [`read`] reads: saved iterations or a sampler's
/// chain. It reads no number: a job's page tells a fit by it before it fetches the reader, which
/// is a chunk of the app (`chunks::read_fit`).
pub fn holds_fit(metadata: &str) -> bool {
    let top = members(metadata);
    container_of(metadata, &top, ITERATIONS, true).is_some() || container_of(metadata, &top, SAMPLES, false).is_some()
}

/// Reads a metadata object (as text).
pub fn read(metadata: &str) -> Fit {
    read_with(metadata, true)
}

/// Reads only the saved iterations' costs of a metadata object (as text): no parameters, no
/// chain (the list's best cost needs no more, and reads many).
pub fn read_costs(metadata: &str) -> Fit {
    read_with(metadata, false)
}

fn read_with(metadata: &str, whole: bool) -> Fit {
    let top = members(metadata);
    let list = container_of(metadata, &top, ITERATIONS, true).unwrap_or("[]");
    let mut points = Vec::new();
    let mut inputs: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    for item in members(list) {
        if !matches!(item.kind, EntryKind::Object(_)) {
            continue;
        }
        let object = text_of(list, &item);
        let fields = members(object);
        let field = |name: &str| member(&fields, name).and_then(|m| number_of(object, m));
        let Some(cost) = field("cost").filter(|c| !c.is_nan()) else { continue };
        points.push(Point {
            iteration: field("iteration").unwrap_or(points.len() as f64),
            cost,
            best_cost: field("best_cost").unwrap_or(cost),
            start: field("multistart_job_id").filter(|s| *s >= 0.0).map_or(0, |s| s.min(f64::from(u32::MAX)) as u32),
        });
        if whole {
            inputs.push((
                container_of(object, &fields, "inputs_unscaled", false),
                container_of(object, &fields, "inputs", false),
            ));
        }
    }
    if !whole {
        return Fit { points, ..Fit::default() };
    }
    let scaled = inputs.iter().all(|(unscaled, _)| unscaled.is_none());
    let mut parameters: Vec<Parameter> = Vec::new();
    for (row, (unscaled, raw)) in inputs.iter().enumerate() {
        let Some(values) = (if scaled { *raw } else { *unscaled }) else { continue };
        for m in members(values) {
            let (Some(name), Some(v)) = (m.key.as_ref(), number_of(values, &m)) else { continue };
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
        let lowest = |start: Option<u32>| {
            let mut best: Option<(f64, f64)> = None;
            for (point, &v) in points.iter().zip(&p.values) {
                let mine = start.is_none_or(|s| s == point.start);
                if mine && !v.is_nan() && best.is_none_or(|(c, _)| point.cost < c) {
                    best = Some((point.cost, v));
                }
            }
            best.map_or(f64::NAN, |(_, v)| v)
        };
        p.best = lowest(None);
        let mut starts: Vec<u32> = Vec::new();
        for (point, v) in points.iter().zip(&p.values) {
            if !v.is_nan() && !starts.contains(&point.start) {
                starts.push(point.start);
            }
        }
        p.best_by_start = starts.into_iter().map(|s| (s, lowest(Some(s)))).collect();
    }
    let chain = read_chain(metadata, &top);
    Fit { points, parameters, scaled, chain }
}

/// The chain of a sampler fit: `samples` as `{name: [values…]}` or `{name: [[start's values…], …]}`,
/// named in `sample_param_names` order when given.
fn read_chain(metadata: &str, top: &[Entry]) -> Option<Chain> {
    let samples = container_of(metadata, top, SAMPLES, false)?;
    let by_name = members(samples);
    let order = container_of(metadata, top, "sample_param_names", true).unwrap_or("[]");
    let mut names: Vec<String> = members(order).iter().filter_map(|m| string_of(order, m)).collect();
    names.retain(|n| member(&by_name, n).is_some());
    for m in &by_name {
        if let Some(key) = m.key.as_ref().filter(|k| !names.contains(k)) {
            names.push(key.clone());
        }
    }
    let mut kept_names = Vec::new();
    let mut chains = Vec::new();
    for name in names {
        let Some(list) = container_of(samples, &by_name, &name, true) else { continue };
        let items = members(list);
        let per_start: Vec<Vec<f64>> = if items.iter().any(|i| matches!(i.kind, EntryKind::Array(_))) {
            items.iter().filter(|i| matches!(i.kind, EntryKind::Array(_))).map(|i| numbers(text_of(list, i))).collect()
        } else {
            vec![numbers(list)]
        };
        if per_start.iter().any(|s| !s.is_empty()) {
            kept_names.push(name);
            chains.push(per_start);
        }
    }
    let burnin =
        member(top, "sample_burnin").and_then(|m| number_of(metadata, m)).filter(|b| *b >= 0.0).map(|b| b as usize);
    (!kept_names.is_empty()).then_some(Chain { names: kept_names, samples: chains, burnin })
}

/// A series' columns, by channel name, in the answer's order.
pub type Columns = Vec<(String, Arc<[f64]>)>;

/// The column called `name`.
pub fn column(columns: &Columns, name: &str) -> Option<Arc<[f64]>> {
    columns.iter().find(|(n, _)| n == name).map(|(_, c)| c.clone())
}

/// A series answer's columns (every list of one length; shorter lists are padded with missing
/// values). `null`, `NaN` and anything not a number read as missing.
pub fn read_series(text: &str) -> Result<Columns, String> {
    let top = match entries(text) {
        Ok(top) if text.trim_start().starts_with('{') => top,
        _ => return Err("The series answer is not a JSON object of columns.".to_owned()),
    };
    let mut columns: Vec<(String, Vec<f64>)> = Vec::new();
    for m in &top {
        if let (Some(name), EntryKind::Array(_)) = (m.key.as_ref(), m.kind) {
            columns.push((name.clone(), numbers(text_of(text, m))));
        }
    }
    let rows = columns.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    Ok(columns
        .into_iter()
        .map(|(name, mut c)| {
            c.resize(rows, f64::NAN);
            (name, Arc::from(c))
        })
        .collect())
}

/// One objective of a fit and its sources (`optimal`, `baseline`), each with its channels.
pub type Objective = (String, Vec<(String, Vec<String>)>);

/// The objectives of a `GET /jobs/{id}/series/channels` answer, each with its sources and their
/// channels (`{objective: {source: [channel, …]}}`); odd members are left out.
pub fn read_channels(text: &str) -> Vec<Objective> {
    let mut objectives = Vec::new();
    for o in members(text) {
        let (Some(objective), EntryKind::Object(_)) = (o.key.as_ref(), o.kind) else { continue };
        let sources_text = text_of(text, &o);
        let mut sources = Vec::new();
        for s in members(sources_text) {
            let (Some(source), EntryKind::Array(_)) = (s.key.as_ref(), s.kind) else { continue };
            let list = text_of(sources_text, &s);
            sources.push((source.clone(), members(list).iter().filter_map(|c| string_of(list, c)).collect()));
        }
        if !sources.is_empty() {
            objectives.push((objective.clone(), sources));
        }
    }
    objectives
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
    let lower = |c: &String| c.to_ascii_lowercase();
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
        let costs = read_costs(
            r#"{"intermediate_results": [{"cost": 1, "inputs_unscaled": {"a": 2}}], "samples": {"a": [1]}}"#,
        );
        assert_eq!((costs.points.len(), costs.parameters.len(), costs.chain), (1, 0, None), "costs only");
    }

    #[test]
    fn a_fit_is_told_without_reading_it_and_whatever_read_finds_is_told() {
        let fits = [
            r#"{"intermediate_results": []}"#,
            r#"{"tag": 1, "intermediate_results": [{"cost": 1}]}"#,
            r#"{"samples": {"a": [1]}}"#,
            r#"{"samples": {}, "sample_burnin": 1}"#,
            // Keys are read as JSON reads them, escapes and all.
            r#"{"\u0069ntermediate_results": [{"cost": 2}]}"#,
        ];
        let others = [
            r#"{}"#,
            r#"{"intermediate_results": {}}"#,
            r#"{"samples": [1]}"#,
            r#"{"tag": {"intermediate_results": [{"cost": 1}]}}"#,
            r#"[{"intermediate_results": [{"cost": 1}]}]"#,
            "not json",
            "",
        ];
        for text in fits {
            assert!(holds_fit(text), "{text}");
        }
        for text in others {
            assert!(!holds_fit(text), "{text}");
            let read = read(text);
            assert!(
                read.points.is_empty() && read.parameters.is_empty() && read.chain.is_none(),
                "{text}: what is not told a fit reads as nothing to draw"
            );
        }
        assert_eq!(read(fits[4]).points.len(), 1);
    }

    #[test]
    fn numbers_are_read_to_the_nearest_double_as_json_readers_do() {
        // serde_json's default parser read this one a unit in the last place too high.
        let fit = read(r#"{"intermediate_results": [{"cost": 0.012016125658424507, "iteration": 1E+2}]}"#);
        assert_eq!(fit.points[0].cost.to_bits(), 0.012016125658424507f64.to_bits());
        assert_eq!(fit.points[0].iteration, 100.0);
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
        let v = column(&columns, "Voltage [V]").unwrap();
        assert_eq!(v[0], 3.7);
        assert!(v[1].is_nan() && v[2].is_nan());
        assert_eq!(column(&columns, "x").unwrap().len(), 3);
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
