//! The simulated work: no modelling happens here. A job sleeps for a while, records a few
//! intermediate results on the way, and ends with a result or the failure its `params` ask for.
//!
//! `params` may steer it (any job type): `duration_s` (seconds, default 3, at most
//! [`MAX_DURATION_S`]), `steps` (how many intermediate results, or a list whose length is used),
//! `fail_with` (a `JobErrorCode`), `result` (an object returned as the job's result). A steering
//! value of the wrong kind fails the job with `CONFIGURATION_ERROR` and a sentence naming it.
//!
//! A `datafit` or `optimize` job whose params hold nothing but steering (`duration_s`, `sampler`,
//! `fail_with`, `steps`, `cell`, `seed`, `temperature_C`) runs a simulated fit instead (see
//! [`fit`]): its intermediate results carry parameters and multistarts, it has series to draw,
//! and with `"sampler": true` its metadata keeps a chain of samples. `cell` (a name),
//! `temperature_C` and `seed` choose what it fits and how ([`fit::Conditions`]); `cell` and
//! `temperature_C` may also come from the job's metadata, where params do not give them.

pub mod fit;

use std::time::Duration;

use jobs_core::pyjson::{self, EntryKind, EntrySink, Scalar};
use jobs_core::{JobErrorCode, WireEnum};
use serde_json::{json, Value};

/// How long a job runs when its params do not say.
pub const DEFAULT_DURATION_S: f64 = 3.0;
/// Longer durations are cut to this (one hour), so a typo cannot occupy a worker for days.
pub const MAX_DURATION_S: f64 = 3600.0;
/// More steps than this are cut to this.
pub const MAX_STEPS: u32 = 1000;
/// How long a simulated fit runs when its params do not say.
pub const DEFAULT_FIT_DURATION_S: f64 = 20.0;
/// The job types whose steering-only params run a simulated fit.
pub const FIT_JOB_TYPES: [&str; 2] = ["datafit", "optimize"];

/// What a job's params ask the simulation to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub duration: Duration,
    pub steps: u32,
    pub fail_with: Option<JobErrorCode>,
    /// The result to return, as a JSON object's text (standard JSON).
    pub result: Option<String>,
    /// A simulated fit runs (see [`fit`]), with a sampler when `sampler` is true.
    pub fit: Option<FitPlan>,
}

/// What a simulated fit fits, and what it does besides fitting.
#[derive(Debug, Clone, PartialEq)]
pub struct FitPlan {
    /// Keep a chain of samples in the metadata.
    pub sampler: bool,
    /// The cell, its temperature and the seed.
    pub conditions: fit::Conditions,
}

/// A steering value the simulation cannot use: the job fails with `CONFIGURATION_ERROR`.
#[derive(Debug, Clone, PartialEq)]
pub struct BadSteering {
    pub key: &'static str,
    pub sentence: String,
}

impl Plan {
    /// Reads the steering keys of `params` (a JSON object's text, as Python's `json` reads it).
    pub fn from_params(params: &str) -> Result<Plan, BadSteering> {
        Plan::for_job("", params, None)
    }

    /// The plan of a job of `job_type`: a fit for a `datafit` or `optimize` job whose params hold
    /// steering only (`{}` included). A fit's `cell` and `temperature_C` are read from
    /// `metadata` (a JSON object's text) when params do not give them.
    pub fn for_job(job_type: &str, params: &str, metadata: Option<&str>) -> Result<Plan, BadSteering> {
        let members = TopLevel::read(params, &TopLevel::STEERING);
        let value = |key: &str| members.get(key).filter(|v| !v.is_null());
        let fits = FIT_JOB_TYPES.contains(&job_type) && members.steering_only;
        // Metadata describes the job for people: a value there that a fit cannot use is passed
        // over (the result's `conditions` say what was used), never a reason to fail the job.
        let described = metadata.filter(|_| fits).map(|m| TopLevel::read(m, &TopLevel::DESCRIPTIVE));
        let description = |key: &str| described.as_ref().and_then(|d| d.get(key)).filter(|v| !v.is_null());

        let duration_s = match value("duration_s") {
            None if fits => DEFAULT_FIT_DURATION_S,
            None => DEFAULT_DURATION_S,
            Some(Member::Number(s)) if *s >= 0.0 => s.min(MAX_DURATION_S),
            Some(v) => {
                return Err(bad("duration_s", format!("is {v}; give a number of seconds of 0 or more, like 2.5")))
            }
        };
        let steps = match value("steps") {
            None if fits => ((duration_s * 2.0).round() as u32).clamp(4, 400),
            None => (duration_s.round() as u32).clamp(1, 100),
            Some(Member::Other(Value::Array(items))) => (items.len() as u32).min(MAX_STEPS),
            Some(Member::Number(n)) if *n >= 0.0 && (n.fract() == 0.0 || n.is_infinite()) => {
                n.min(f64::from(MAX_STEPS)) as u32
            }
            Some(v) => {
                return Err(bad(
                    "steps",
                    format!("is {v}; give a whole number of intermediate results of 0 or more, like 5"),
                ))
            }
        };
        let fail_with = match value("fail_with") {
            None => None,
            Some(Member::Other(Value::String(code))) if JobErrorCode::from_wire(code).is_some() => {
                JobErrorCode::from_wire(code)
            }
            Some(v) => {
                let codes: Vec<&str> = JobErrorCode::ALL.iter().map(|c| c.as_str()).collect();
                return Err(bad(
                    "fail_with",
                    format!("is {v}, which is not an error code; use one of {}", codes.join(", ")),
                ));
            }
        };
        let result = match value("result") {
            None => None,
            Some(Member::Object(text)) => Some(text.clone()),
            Some(v) => return Err(bad("result", format!("is {v}; give a JSON object, like {{\"voltage\": 3.7}}"))),
        };
        let sampler = match value("sampler") {
            None => false,
            Some(Member::Other(Value::Bool(on))) => *on,
            Some(v) => return Err(bad("sampler", format!("is {v}; give true to keep a chain of samples, or false"))),
        };
        let cell = match value("cell") {
            Some(v) => Some(cell_name(v).map_err(|what| bad("cell", what))?),
            None => description("cell").and_then(|v| cell_name(v).ok()),
        };
        let temperature_c = match value("temperature_C") {
            Some(v) => Some(temperature(v).map_err(|what| bad("temperature_C", what))?),
            None => description("temperature_C").and_then(|v| temperature(v).ok()),
        };
        let seed = match value("seed") {
            None => None,
            Some(Member::Number(n)) if *n >= 0.0 && n.fract() == 0.0 && *n <= fit::MAX_SEED as f64 => Some(*n as u64),
            Some(v) => {
                return Err(bad("seed", format!("is {v}; give a whole number from 0 to {}, like 7", fit::MAX_SEED)))
            }
        };
        let fit = fits.then_some(FitPlan { sampler, conditions: fit::Conditions { cell, temperature_c, seed } });
        Ok(Plan { duration: Duration::from_secs_f64(duration_s), steps, fail_with, result, fit })
    }
}

fn bad(key: &'static str, what: String) -> BadSteering {
    BadSteering { key, sentence: format!("The job's params.{key} {what}. Fix params.{key} and submit the job again.") }
}

/// A fit's cell (from params or metadata): its name, trimmed; or what to give instead.
fn cell_name(value: &Member) -> Result<String, String> {
    match value {
        Member::Other(Value::String(name)) if (1..=fit::MAX_CELL_NAME).contains(&name.trim().chars().count()) => {
            Ok(name.trim().to_owned())
        }
        v => Err(format!(
            "is {v}; give the cell's name as text of 1 to {} characters, like \"LG M50\"",
            fit::MAX_CELL_NAME
        )),
    }
}

/// A fit's temperature in °C (from params or metadata); or what to give instead.
fn temperature(value: &Member) -> Result<f64, String> {
    match value {
        Member::Number(c) if fit::TEMPERATURES_C.contains(c) => Ok(*c),
        v => Err(format!(
            "is {v}; give the cell's temperature as a number of °C from {} to {}, like 25",
            fit::TEMPERATURES_C.start(),
            fit::TEMPERATURES_C.end()
        )),
    }
}

/// A steering member's value. Numbers are read as Python reads them into a float (an integer
/// of any size, `1e400` as infinity), which `serde_json` cannot do.
enum Member {
    Number(f64),
    /// An object, kept as written (standard JSON that `serde_json` can carry).
    Object(String),
    Other(Value),
}

impl Member {
    fn is_null(&self) -> bool {
        matches!(self, Member::Other(Value::Null))
    }
}

impl std::fmt::Display for Member {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Member::Number(n) => write!(f, "{n}"),
            Member::Object(_) => f.write_str("an object"),
            Member::Other(v) => {
                let text = v.to_string();
                match text.char_indices().nth(80) {
                    Some((cut, _)) => write!(f, "{}…", &text[..cut]),
                    None => f.write_str(&text),
                }
            }
        }
    }
}

/// Some members of a JSON object (the steering of params, or what a fit reads of metadata), read
/// with Python's rules (the last of repeated keys wins; `NaN` and `Infinity` are read as `null`,
/// since standard JSON cannot carry them), and whether it holds nothing else.
struct TopLevel {
    members: Vec<(String, Member)>,
    steering_only: bool,
}

impl TopLevel {
    /// The steering keys of params.
    const STEERING: [&'static str; 8] =
        ["duration_s", "steps", "fail_with", "result", "sampler", "cell", "seed", "temperature_C"];
    /// What a fit reads of the metadata when params do not give it.
    const DESCRIPTIVE: [&'static str; 2] = ["cell", "temperature_C"];

    fn read(params: &str, keys: &'static [&'static str]) -> TopLevel {
        let mut sink = SteeringSpans { keys, current: None, steering_only: true, spans: Vec::new() };
        if pyjson::scan_entries(params, &mut sink).is_err() {
            return TopLevel { members: Vec::new(), steering_only: false };
        }
        let mut members = Vec::new();
        for (key, start, end, number) in sink.spans {
            let raw = &params[start..end];
            let value = match raw.parse::<f64>() {
                Ok(n) if number => Member::Number(n),
                _ => {
                    let text = pyjson::standard_json(raw);
                    if text.starts_with('{') && serde_json::from_str::<&serde_json::value::RawValue>(&text).is_ok() {
                        members.retain(|(k, _): &(String, Member)| *k != key);
                        members.push((key, Member::Object(text)));
                        continue;
                    }
                    // Only nesting deeper than serde_json reads (128 levels) fails here.
                    Member::Other(
                        serde_json::from_str(&text)
                            .unwrap_or_else(|_| Value::String("a value nested more than 128 levels deep".to_owned())),
                    )
                }
            };
            members.retain(|(k, _): &(String, Member)| *k != key);
            members.push((key, value));
        }
        // A given result is the job's own, not a fit's.
        let steering_only =
            sink.steering_only && params.trim_start().starts_with('{') && !members.iter().any(|(k, _)| k == "result");
        TopLevel { members, steering_only }
    }

    fn get(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Where each of `keys`'s values is in the object's text, from the scan of its top-level members.
struct SteeringSpans {
    keys: &'static [&'static str],
    current: Option<String>,
    /// No top-level key but steering keys so far.
    steering_only: bool,
    /// (key, start, end, whether the value is a number token)
    spans: Vec<(String, usize, usize, bool)>,
}

impl EntrySink for SteeringSpans {
    fn key(&mut self, key: &str) {
        self.current = self.keys.contains(&key).then(|| key.to_owned());
        self.steering_only &= self.current.is_some();
    }
    fn entry(&mut self, start: usize, end: usize, kind: EntryKind) {
        if let Some(key) = self.current.take() {
            let number = matches!(kind, EntryKind::Scalar(Scalar::Int | Scalar::Float));
            self.spans.push((key, start, end, number));
        }
    }
}

/// The intermediate result recorded at `iteration` (1-based) of `steps`: a cost that falls with
/// some noise, and the best cost so far.
pub fn intermediate_result(job_id: &str, iteration: u32, steps: u32, best_so_far: Option<f64>) -> (Value, f64) {
    let progress = f64::from(iteration) / f64::from(steps.max(1));
    let noise = unit_noise(job_id, iteration);
    let cost = round6(10.0 * (-3.0 * progress).exp() * (1.0 + 0.25 * noise));
    let best = best_so_far.map_or(cost, |b| b.min(cost));
    (json!({"iteration": iteration, "cost": cost, "best_cost": best}), best)
}

/// The result of a job whose params do not give one: small and plausible for its type.
pub fn default_result(job_type: &str, steps: u32, best_cost: Option<f64>, duration: Duration) -> String {
    let mut result = json!({
        "simulated": true,
        "message": format!(
            "Simulated {job_type} job finished: this local server does no modelling, it waited {:.3} s.",
            duration.as_secs_f64()
        ),
        "iterations": steps,
        "final_cost": best_cost,
    });
    let extra = match job_type {
        "datafit" | "ecm_fit" | "optimize" => json!({
            "parameters": {
                "Negative particle diffusivity [m2.s-1]": 3.3e-14,
                "Positive particle diffusivity [m2.s-1]": 4.0e-15,
                "Contact resistance [Ohm]": 0.012
            }
        }),
        "simulate" | "evaluate_variables" | "validation" => json!({
            "solution": {
                "Time [s]": [0.0, 900.0, 1800.0, 2700.0, 3600.0],
                "Voltage [V]": [4.2, 3.98, 3.81, 3.66, 3.42]
            }
        }),
        _ => json!({}),
    };
    if let (Some(out), Value::Object(extra)) = (result.as_object_mut(), extra) {
        out.extend(extra);
    }
    result.to_string()
}

/// The result of a simulated fit: the best parameters found, by name, and its final cost; and,
/// since it is simulated, what it was made from (`conditions`) and the parameters the data were
/// made with (`true_parameters`), to judge the fit by.
pub fn fit_result(
    job_type: &str,
    setup: &fit::Setup,
    trace: &[Value],
    best_cost: Option<f64>,
    duration: Duration,
) -> String {
    json!({
        "simulated": true,
        "message": format!(
            "Simulated {job_type} fit finished: an equivalent-circuit model fitted to synthetic pulse data by \
             this local server in {:.3} s.",
            duration.as_secs_f64()
        ),
        "iterations": trace.len() as u32 / fit::STARTS * setup.save_every(),
        "final_cost": best_cost,
        "parameters": fit::best_in(trace).map(fit::named),
        "objectives": [fit::OBJECTIVE],
        "conditions": setup.conditions(),
        "true_parameters": fit::named(setup.truth()),
    })
    .to_string()
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A number in [-1, 1] that depends only on the job and the iteration (FNV-1a).
fn unit_noise(job_id: &str, iteration: u32) -> f64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in job_id.bytes().chain(iteration.to_le_bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    (hash % 2001) as f64 / 1000.0 - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_without_steering_run_three_seconds_in_three_steps() {
        let plan = Plan::from_params(r#"{"model": {"x": 1}}"#).unwrap();
        assert_eq!((plan.duration, plan.steps, plan.fail_with, plan.result), (Duration::from_secs(3), 3, None, None));
        assert_eq!(plan.fit, None);
    }

    #[test]
    fn a_fit_job_with_steering_only_params_runs_a_simulated_fit() {
        let plain = |sampler| Some(FitPlan { sampler, conditions: fit::Conditions::default() });
        for job_type in FIT_JOB_TYPES {
            let plan = Plan::for_job(job_type, "{}", None).unwrap();
            assert_eq!(plan.fit, plain(false));
            assert_eq!((plan.duration.as_secs_f64(), plan.steps), (DEFAULT_FIT_DURATION_S, 40));
            let plan = Plan::for_job(job_type, r#"{"duration_s": 5, "sampler": true}"#, None).unwrap();
            assert_eq!((plan.fit, plan.steps), (plain(true), 10));
        }
        for (job_type, params) in [
            ("datafit", r#"{"model": "SPMe"}"#),
            ("datafit", r#"{"result": {"a": 1}}"#),
            ("simulate", "{}"),
            ("datafit", "[1]"),
        ] {
            assert_eq!(Plan::for_job(job_type, params, None).unwrap().fit, None, "{job_type} {params}");
        }
        assert_eq!(Plan::for_job("datafit", r#"{"sampler": "yes"}"#, None).unwrap_err().key, "sampler");
    }

    fn conditions(params: &str, metadata: Option<&str>) -> fit::Conditions {
        Plan::for_job("datafit", params, metadata).unwrap().fit.expect("a fit").conditions
    }

    #[test]
    fn cell_seed_and_temperature_are_steering_that_keeps_a_fit_a_fit() {
        let given = conditions(r#"{"cell": "  LG M50 ", "seed": 7, "temperature_C": -5.5, "duration_s": 1}"#, None);
        assert_eq!(
            given,
            fit::Conditions { cell: Some("LG M50".to_owned()), temperature_c: Some(-5.5), seed: Some(7) }
        );
        assert_eq!(
            conditions(r#"{"cell": null, "seed": null, "temperature_C": NaN}"#, None),
            fit::Conditions::default()
        );
        assert_eq!(conditions(r#"{"seed": 9007199254740991, "temperature_C": 60}"#, None).seed, Some(fit::MAX_SEED));
        assert_eq!(conditions(r#"{"seed": 3.0}"#, None).seed, Some(3));
    }

    #[test]
    fn a_fit_reads_its_cell_and_temperature_from_the_metadata_when_params_do_not_give_them() {
        let metadata = Some(r#"{"cell": "LG M50", "temperature_C": 10, "seed": 4, "operator": "ana"}"#);
        let read = conditions("{}", metadata);
        assert_eq!((read.cell.as_deref(), read.temperature_c, read.seed), (Some("LG M50"), Some(10.0), None));
        let read = conditions(r#"{"cell": "Molicel P42A", "temperature_C": 40}"#, metadata);
        assert_eq!((read.cell.as_deref(), read.temperature_c), (Some("Molicel P42A"), Some(40.0)));
        // What a fit cannot use in the metadata is passed over; the job does not fail for it.
        let read = conditions("{}", Some(r#"{"cell": {"name": "LG M50"}, "temperature_C": "25 C"}"#));
        assert_eq!(read, fit::Conditions::default());
        assert_eq!(conditions("{}", Some(r#"{"temperature_C": 99}"#)).temperature_c, None);
        assert_eq!(conditions("{}", Some("not an object")), fit::Conditions::default());
    }

    #[test]
    fn steering_keys_are_read_with_the_last_repeat_winning() {
        let plan = Plan::from_params(
            r#"{"duration_s": 9, "duration_s": 0.5, "steps": [1, 2], "fail_with": "SOLVER_ERROR", "result": {"v": NaN}}"#,
        )
        .unwrap();
        assert_eq!(plan.duration, Duration::from_millis(500));
        assert_eq!(plan.steps, 2);
        assert_eq!(plan.fail_with, Some(JobErrorCode::SolverError));
        assert_eq!(plan.result.as_deref(), Some(r#"{"v": null}"#));
    }

    #[test]
    fn long_durations_and_many_steps_are_capped() {
        let plan = Plan::from_params(r#"{"duration_s": 1e300, "steps": 99999999999999999999}"#).unwrap();
        assert_eq!((plan.duration.as_secs_f64(), plan.steps), (MAX_DURATION_S, MAX_STEPS));
    }

    #[test]
    fn bad_steering_values_name_the_key_and_what_to_give() {
        for (params, key) in [
            (r#"{"fail_with": "NOPE"}"#, "fail_with"),
            (r#"{"duration_s": -1}"#, "duration_s"),
            (r#"{"duration_s": "2"}"#, "duration_s"),
            (r#"{"duration_s": true}"#, "duration_s"),
            (r#"{"steps": 1.5}"#, "steps"),
            (r#"{"result": [1]}"#, "result"),
            (r#"{"cell": 5}"#, "cell"),
            (r#"{"cell": "   "}"#, "cell"),
            (r#"{"cell": ["LG M50"]}"#, "cell"),
            (r#"{"seed": -1}"#, "seed"),
            (r#"{"seed": 1.5}"#, "seed"),
            (r#"{"seed": "7"}"#, "seed"),
            (r#"{"seed": 1e300}"#, "seed"),
            (r#"{"temperature_C": 200}"#, "temperature_C"),
            (r#"{"temperature_C": "25"}"#, "temperature_C"),
        ] {
            let error = Plan::from_params(params).unwrap_err();
            assert_eq!(error.key, key, "{params}");
            assert!(error.sentence.contains(&format!("params.{key}")), "{}", error.sentence);
            // The same rule whether or not the job is a fit, and whatever the metadata says.
            let as_fit = Plan::for_job("datafit", params, Some(r#"{"cell": "LG M50"}"#)).unwrap_err();
            assert_eq!(as_fit, error);
        }
        let long = format!(r#"{{"cell": "{}"}}"#, "x".repeat(fit::MAX_CELL_NAME + 1));
        assert_eq!(Plan::from_params(&long).unwrap_err().key, "cell");
        let sentence = Plan::from_params(r#"{"cell": 5}"#).unwrap_err().sentence;
        assert_eq!(
            sentence,
            "The job's params.cell is 5; give the cell's name as text of 1 to 100 characters, like \"LG M50\". \
             Fix params.cell and submit the job again."
        );
        let sentence = Plan::from_params(r#"{"seed": -1}"#).unwrap_err().sentence;
        assert!(sentence.contains("give a whole number from 0 to 9007199254740991, like 7"), "{sentence}");
        let sentence = Plan::from_params(r#"{"temperature_C": 200}"#).unwrap_err().sentence;
        assert!(
            sentence.contains("is 200; give the cell's temperature as a number of °C from -20 to 60"),
            "{sentence}"
        );
    }

    #[test]
    fn costs_fall_and_best_cost_never_rises() {
        let mut best = None;
        let mut last_best = f64::INFINITY;
        for i in 1..=20 {
            let (entry, b) = intermediate_result("job", i, 20, best);
            assert!(b <= last_best && entry["best_cost"] == b);
            last_best = b;
            best = Some(b);
        }
        assert!(last_best < 1.0);
    }
}
