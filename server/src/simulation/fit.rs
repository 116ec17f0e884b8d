//! A simulated fit, shaped as the hosted API reports one (the keys `ionworks-api` documents): a
//! small equivalent-circuit model (series resistance, one RC pair) fitted to a noisy synthetic
//! voltage response under a pulse profile, from two starting points (multistarts).
//!
//! Nothing is stored but what the job records anyway: the data are made again whenever they are
//! asked for, from the job's id and its [`Conditions`] (a cell, its temperature, a seed: read
//! again from the job's params and metadata, which never change), so they are the same every
//! time; the parameters at any moment are read back from the intermediate results. Costs are the
//! real mean squared error of the model at those parameters against the data, so they fall over
//! orders of magnitude towards the noise floor.
//!
//! - [`Setup`]: what one fit is made of: the cell's true parameters, where each multistart starts
//!   and settles, and what its noise is drawn from.
//! - [`entry`]: one saved iteration (`cost`, `best_cost`, `inputs`, `inputs_unscaled`,
//!   `multistart_job_id`).
//! - [`series`]: the objective's per-sample channels (data, model, residual) for
//!   `GET /jobs/{id}/series`.
//! - [`sampler_members`]: the chain a sampler keeps in the metadata (`samples`, `sample_costs`,
//!   `sample_param_names`, `sample_burnin`).

use serde_json::{json, Map, Value};

/// The objective's name (one per fit here).
pub const OBJECTIVE: &str = "pulse_test";
/// The x column of the objective's series.
pub const TIME: &str = "Time [s]";
/// The series' channels, in order.
pub const CHANNELS: [&str; 5] = [TIME, "Current [A]", "Voltage [V]", "Model voltage [V]", "Residual [V]"];
/// The fitted parameters' names (`inputs_unscaled` keys), in order.
pub const PARAMETERS: [&str; 3] = ["Series resistance [Ohm]", "RC resistance [Ohm]", "RC time constant [s]"];
/// How many samples the data have (0.1 s apart).
pub const SAMPLES: usize = 12_000;
/// How many multistarts run.
pub const STARTS: u32 = 2;
/// Iterations between two saved entries of one multistart, unless a seed says otherwise.
pub const SAVE_EVERY: u32 = 100;
/// The longest cell name, in characters.
pub const MAX_CELL_NAME: usize = 100;
/// A named cell's true parameters are the default cell's, each times a factor in
/// `1 ± CELL_SPREAD` drawn from the name.
pub const CELL_SPREAD: f64 = 0.4;
/// The temperature the true parameters are given at, and a fit's when none is given, in °C.
pub const REFERENCE_C: f64 = 25.0;
/// The temperatures a fit may be run at, in °C.
pub const TEMPERATURES_C: std::ops::RangeInclusive<f64> = -20.0..=60.0;
/// The largest seed: every whole number up to 2^53 − 1 is read from JSON exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;

const DT: f64 = 0.1;
/// The default cell's true parameters (at [`REFERENCE_C`]).
const TRUTH: [f64; 3] = [0.012, 0.025, 35.0];
/// How much the resistances grow as the cell cools: they are multiplied by
/// `exp(ACTIVATION_K · (1/T − 1/T_ref))` (Arrhenius, kelvins), so at 0 °C by 2.2 and at 60 °C by
/// 0.41; the time constant is kept.
const ACTIVATION_K: f64 = 2500.0;
/// Where each multistart begins (unless a seed moves it).
const START_AT: [[f64; 3]; 2] = [[0.05, 0.004, 200.0], [0.002, 0.12, 4.0]];
/// Where each multistart ends, relative to the truth: the second settles in a worse optimum, on
/// the side it starts from (so its cost falls all the way, as an optimizer's does).
const SETTLES_AT: [[f64; 3]; 2] = [[1.0, 1.0, 1.0], [0.85, 1.2, 0.8]];
/// How fast each multistart converges.
const RATE: [f64; 2] = [7.0, 4.5];
/// How far a seed moves each start (a factor of `exp(±START_SPREAD)`), each multistart's end
/// (`1 ±` this, as an optimizer stopped by its tolerance ends a little off), and its rate.
const START_SPREAD: f64 = 0.5;
const SETTLE_SPREAD: [f64; 2] = [0.02, 0.05];
const RATE_SPREAD: f64 = 0.2;
/// The saved entries of a seeded fit are this many iterations apart, give or take 30.
const SAVE_EVERY_SPREAD: u32 = 30;
const NOISE_V: f64 = 0.0015;
const CAPACITY_AS: f64 = 2.0 * 3600.0;

/// What a fit's data and course are made from besides the job's id. Each is optional, and none
/// given is the fit as it always was.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions {
    /// The cell's name, trimmed (1 to [`MAX_CELL_NAME`] characters). None: the default cell.
    pub cell: Option<String>,
    /// The cell's temperature, within [`TEMPERATURES_C`]. None: [`REFERENCE_C`].
    pub temperature_c: Option<f64>,
    /// At most [`MAX_SEED`]. None: the noise comes from the job's id, and the multistarts start
    /// and settle where they always do.
    pub seed: Option<u64>,
}

/// One fit's course, fixed by its job and [`Conditions`]: the true parameters the data are made
/// with, where each multistart starts and settles and how fast, and what the noise is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    conditions: Conditions,
    truth: [f64; 3],
    starts: [[f64; 3]; 2],
    settles: [[f64; 3]; 2],
    rates: [f64; 2],
    save_every: u32,
    /// The text every random draw of the fit is seeded with (and then some suffix).
    noise: String,
}

impl Setup {
    /// The course of job `job_id`'s fit under `conditions`.
    pub fn new(job_id: &str, conditions: &Conditions) -> Setup {
        let truth = true_parameters(conditions.cell.as_deref(), conditions.temperature_c.unwrap_or(REFERENCE_C));
        let settles = SETTLES_AT.map(|relative| [0, 1, 2].map(|k| truth[k] * relative[k]));
        let mut setup = Setup {
            conditions: conditions.clone(),
            truth,
            starts: START_AT,
            settles,
            rates: RATE,
            save_every: SAVE_EVERY,
            noise: job_id.to_owned(),
        };
        if let Some(seed) = conditions.seed {
            // The same seed is the same noise and course whatever the job.
            setup.noise = format!("seed {seed}");
            let mut rng = Rng::new(&format!("{}/course", setup.noise));
            let mut within = |spread: f64| spread * (2.0 * rng.uniform() - 1.0);
            let multistarts = setup.starts.iter_mut().zip(&mut setup.settles).zip(&mut setup.rates).zip(SETTLE_SPREAD);
            for (((start, settle), rate), settle_spread) in multistarts {
                for (from, end) in start.iter_mut().zip(settle) {
                    *from *= within(START_SPREAD).exp();
                    *end *= 1.0 + within(settle_spread);
                }
                *rate *= 1.0 + within(RATE_SPREAD);
            }
            let choices = f64::from(2 * SAVE_EVERY_SPREAD + 1);
            setup.save_every = SAVE_EVERY - SAVE_EVERY_SPREAD + (rng.uniform() * choices) as u32;
        }
        setup
    }

    /// The parameters the data are made with.
    pub fn truth(&self) -> [f64; 3] {
        self.truth
    }

    /// The parameters the fit starts from (the baseline's).
    pub fn baseline(&self) -> [f64; 3] {
        self.starts[0]
    }

    /// Iterations between two saved entries of one multistart.
    pub fn save_every(&self) -> u32 {
        self.save_every
    }

    /// What the fit was made from, as its result tells it: `cell` and `seed` (null when not
    /// given) and `temperature_C`.
    pub fn conditions(&self) -> Value {
        json!({
            "cell": self.conditions.cell,
            "temperature_C": self.conditions.temperature_c.unwrap_or(REFERENCE_C),
            "seed": self.conditions.seed,
        })
    }

    /// Where multistart `start` is after `progress` (0 to 1) of its iterations: geometric
    /// approach (in log space) from its start to where it settles, with a small wobble.
    fn parameters(&self, start: usize, progress: f64, wobble: f64) -> [f64; 3] {
        let left = (-self.rates[start] * progress).exp() * (1.0 + 0.05 * wobble);
        let (from, end) = (self.starts[start], self.settles[start]);
        [0, 1, 2].map(|k| end[k] * (from[k] / end[k]).powf(left))
    }
}

/// A cell's true parameters at `temperature_c`: the default cell's for none, else each times a
/// factor in `1 ± CELL_SPREAD` drawn from the name (without case; runs of spaces count as one);
/// both resistances then scale with the temperature (see [`ACTIVATION_K`]).
pub fn true_parameters(cell: Option<&str>, temperature_c: f64) -> [f64; 3] {
    let mut p = TRUTH;
    if let Some(name) = cell {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let mut rng = Rng::new(&format!("cell {name}"));
        for value in &mut p {
            *value *= 1.0 + CELL_SPREAD * (2.0 * rng.uniform() - 1.0);
        }
    }
    let kelvin = |c: f64| c + 273.15;
    let growth = (ACTIVATION_K * (1.0 / kelvin(temperature_c) - 1.0 / kelvin(REFERENCE_C))).exp();
    p[0] *= growth;
    p[1] *= growth;
    p
}

/// The synthetic measurement: time, current (positive discharging) and voltage with noise.
pub struct Data {
    pub time: Vec<f64>,
    pub current: Vec<f64>,
    pub voltage: Vec<f64>,
}

impl Data {
    /// The data of a fit: the model at its true parameters, with noise drawn as its setup says
    /// (from the job's id, or from its seed).
    pub fn of(setup: &Setup) -> Data {
        let time: Vec<f64> = (0..SAMPLES).map(|i| i as f64 * DT).collect();
        let current: Vec<f64> = time.iter().map(|&t| pulse(t)).collect();
        let mut rng = Rng::new(&setup.noise);
        let voltage = model(&current, setup.truth).into_iter().map(|v| v + NOISE_V * rng.normal()).collect();
        Data { time, current, voltage }
    }

    /// The mean squared error of the model at `p` against the data.
    pub fn cost(&self, p: [f64; 3]) -> f64 {
        let model = model(&self.current, p);
        model.iter().zip(&self.voltage).map(|(m, v)| (m - v) * (m - v)).sum::<f64>() / SAMPLES as f64
    }
}

/// Pulses of 60 s every 180 s, their amplitude cycling through discharge and charge.
fn pulse(t: f64) -> f64 {
    const AMPS: [f64; 7] = [1.0, 2.0, 3.0, 1.5, -1.0, -2.0, 2.5];
    let cycle = (t / 180.0) as usize;
    if t % 180.0 < 60.0 {
        AMPS[cycle % AMPS.len()]
    } else {
        0.0
    }
}

/// The model's voltage under `current`: open-circuit voltage (linear in state of charge) less the
/// series resistance's drop and the RC pair's.
fn model(current: &[f64], [r0, r1, tau]: [f64; 3]) -> Vec<f64> {
    let decay = (-DT / tau.max(1e-9)).exp();
    let mut charge = 0.0;
    let mut v1 = 0.0;
    current
        .iter()
        .map(|&i| {
            charge += i * DT;
            v1 = decay * v1 + r1 * (1.0 - decay) * i;
            let soc = 0.9 - charge / CAPACITY_AS;
            3.4 + 0.6 * soc - i * r0 - v1
        })
        .collect()
}

/// Saved entry `index` (0-based) of `total`: the multistarts take turns.
pub fn entry(setup: &Setup, data: &Data, index: u32, total: u32, best_so_far: &mut [f64; 2]) -> Value {
    let start = (index % STARTS) as usize;
    let own = index / STARTS + 1;
    let own_total = total.div_ceil(STARTS).max(1);
    let progress = f64::from(own) / f64::from(own_total);
    let wobble = Rng::new(&format!("{}/{index}", setup.noise)).uniform() * 2.0 - 1.0;
    let p = setup.parameters(start, progress, wobble);
    let cost = data.cost(p);
    best_so_far[start] = best_so_far[start].min(cost);
    json!({
        "iteration": own * setup.save_every,
        "cost": cost,
        "best_cost": best_so_far[start],
        "inputs": scaled(p),
        "inputs_unscaled": named(p),
        "multistart_job_id": start,
    })
}

/// Each parameter's scale: `inputs` holds the values divided by it (what an optimizer works on).
const SCALE: [f64; 3] = [0.01, 0.01, 10.0];

/// The parameters by name, scaled, as `inputs` holds them.
fn scaled(p: [f64; 3]) -> Map<String, Value> {
    PARAMETERS.iter().zip(p).zip(SCALE).map(|((name, v), s)| ((*name).to_owned(), json!(v / s))).collect()
}

/// The parameters by name, as `inputs_unscaled` holds them.
pub fn named(p: [f64; 3]) -> Map<String, Value> {
    PARAMETERS.iter().zip(p).map(|(name, v)| ((*name).to_owned(), json!(v))).collect()
}

/// The best parameters in a trace (the entry of lowest cost), or none before the first entry.
pub fn best_in(trace: &[Value]) -> Option<[f64; 3]> {
    let cost = |e: &Value| e["cost"].as_f64().unwrap_or(f64::INFINITY);
    let best = trace.iter().min_by(|a, b| cost(a).total_cmp(&cost(b)))?;
    let mut p = [0.0; 3];
    for (k, name) in PARAMETERS.iter().enumerate() {
        p[k] = best["inputs_unscaled"][name].as_f64()?;
    }
    Some(p)
}

/// The objective's channels at parameters `p`, every sample, in [`CHANNELS`] order.
pub fn series(data: &Data, p: [f64; 3]) -> Vec<(&'static str, Vec<f64>)> {
    let model = model(&data.current, p);
    let residual = model.iter().zip(&data.voltage).map(|(m, v)| m - v).collect();
    vec![
        (CHANNELS[0], data.time.clone()),
        (CHANNELS[1], data.current.clone()),
        (CHANNELS[2], data.voltage.clone()),
        (CHANNELS[3], model),
        (CHANNELS[4], residual),
    ]
}

/// How many chain samples a sampler has drawn after `entries` saved entries.
pub const SAMPLES_PER_ENTRY: usize = 50;
/// The burn-in the sampler reports (samples before it are not from the posterior).
pub const BURNIN: usize = 200;

/// The sampler's members of the metadata after `entries` saved entries: a Metropolis-like
/// chain that starts away from the truth and settles around it.
pub fn sampler_members(setup: &Setup, data: &Data, entries: usize) -> Map<String, Value> {
    let n = entries * SAMPLES_PER_ENTRY;
    let mut rng = Rng::new(&format!("{}/chain", setup.noise));
    let mut chains: Vec<Vec<f64>> = (0..3).map(|_| Vec::with_capacity(n)).collect();
    let mut costs = Vec::with_capacity(n);
    let spread = [0.03, 0.02, 0.04];
    for i in 0..n {
        let settle = (-(i as f64) / (BURNIN as f64 / 3.0)).exp();
        let mut p = [0.0; 3];
        for k in 0..3 {
            let (truth, start) = (setup.truth[k], setup.starts[0][k]);
            let centre = truth * (start / truth).powf(settle);
            p[k] = centre * (1.0 + spread[k] * rng.normal());
            chains[k].push(p[k]);
        }
        // The cost of every 10th sample is computed; between them it is carried (cheap).
        if i % 10 == 0 || costs.is_empty() {
            costs.push(data.cost(p));
        } else {
            let last = *costs.last().unwrap_or(&0.0);
            costs.push(last);
        }
    }
    let mut members = Map::new();
    members.insert(
        "samples".to_owned(),
        Value::Object(PARAMETERS.iter().zip(chains).map(|(name, c)| ((*name).to_owned(), json!(c))).collect()),
    );
    members.insert("sample_costs".to_owned(), json!(costs));
    members.insert("sample_param_names".to_owned(), json!(PARAMETERS));
    members.insert("sample_burnin".to_owned(), if n > BURNIN { json!(BURNIN) } else { Value::Null });
    members
}

/// A small deterministic generator (splitmix64), seeded by text.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Rng {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in seed.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        Rng(hash)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// About standard normal (the sum of four uniforms, rescaled).
    fn normal(&mut self) -> f64 {
        ((0..4).map(|_| self.uniform()).sum::<f64>() - 2.0) * 3f64.sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(job: &str) -> Setup {
        Setup::new(job, &Conditions::default())
    }

    fn trace_of(setup: &Setup, total: u32) -> Vec<Value> {
        let data = Data::of(setup);
        let mut best = [f64::INFINITY; 2];
        (0..total).map(|i| entry(setup, &data, i, total, &mut best)).collect()
    }

    fn trace(job: &str, total: u32) -> Vec<Value> {
        trace_of(&setup(job), total)
    }

    fn cell(name: &str) -> Conditions {
        Conditions { cell: Some(name.to_owned()), ..Conditions::default() }
    }

    fn seeded(name: &str, seed: u64) -> Conditions {
        Conditions { seed: Some(seed), ..cell(name) }
    }

    #[test]
    fn every_entry_holds_the_keys_the_official_client_documents() {
        for e in trace("job-1", 10) {
            for key in ["iteration", "cost", "best_cost", "inputs", "inputs_unscaled", "multistart_job_id"] {
                assert!(e.get(key).is_some(), "{key} in {e}");
            }
            // Both by parameter name, as `get_parameter_trace` documents them.
            assert_eq!(e["inputs"].as_object().unwrap().len(), PARAMETERS.len());
            assert_eq!(e["inputs_unscaled"].as_object().unwrap().len(), PARAMETERS.len());
            assert!(e["multistart_job_id"].is_u64());
        }
    }

    #[test]
    fn costs_fall_over_orders_of_magnitude_and_best_cost_never_rises_per_multistart() {
        let entries = trace("job-2", 40);
        for start in 0..STARTS as u64 {
            let own: Vec<&Value> = entries.iter().filter(|e| e["multistart_job_id"] == start).collect();
            let costs: Vec<f64> = own.iter().map(|e| e["best_cost"].as_f64().unwrap()).collect();
            assert!(costs.windows(2).all(|w| w[1] <= w[0]), "{costs:?}");
            assert!(costs[0] / costs[costs.len() - 1] > 100.0, "start {start}: {costs:?}");
        }
        // The first multistart reaches the noise floor; the second settles higher.
        let last =
            |s: u64| entries.iter().rev().find(|e| e["multistart_job_id"] == s).unwrap()["cost"].as_f64().unwrap();
        assert!(last(0) < 2.0 * NOISE_V * NOISE_V, "{}", last(0));
        assert!(last(1) > last(0));
    }

    #[test]
    fn the_best_parameters_come_back_from_the_trace_close_to_the_truth() {
        assert_eq!(best_in(&[]), None);
        let best = best_in(&trace("job-3", 40)).unwrap();
        for k in 0..3 {
            assert!((best[k] / TRUTH[k] - 1.0).abs() < 0.05, "{best:?}");
        }
    }

    #[test]
    fn the_data_are_the_same_each_time_for_a_job_and_differ_between_jobs() {
        let (a, b, c) = (Data::of(&setup("x")), Data::of(&setup("x")), Data::of(&setup("y")));
        assert_eq!(a.voltage, b.voltage);
        assert_ne!(a.voltage, c.voltage);
        assert_eq!(a.time.len(), SAMPLES);
        const { assert!(SAMPLES >= 10_000) };
    }

    #[test]
    fn the_series_holds_every_channel_at_full_length_and_the_model_meets_the_data_at_the_truth() {
        let data = Data::of(&setup("job-4"));
        let channels = series(&data, TRUTH);
        assert_eq!(channels.iter().map(|(n, _)| *n).collect::<Vec<_>>(), CHANNELS);
        assert!(channels.iter().all(|(_, c)| c.len() == SAMPLES));
        let residual = &channels[4].1;
        let rms = (residual.iter().map(|r| r * r).sum::<f64>() / SAMPLES as f64).sqrt();
        assert!(rms < 2.0 * NOISE_V, "{rms}");
        let baseline = series(&data, setup("job-4").baseline());
        let worse = (baseline[4].1.iter().map(|r| r * r).sum::<f64>() / SAMPLES as f64).sqrt();
        assert!(worse > 5.0 * rms);
    }

    #[test]
    fn the_sampler_chain_grows_with_the_job_and_reports_its_burn_in_once_past_it() {
        let job = setup("job-5");
        let data = Data::of(&job);
        let early = sampler_members(&job, &data, 2);
        assert_eq!(early["samples"][PARAMETERS[0]].as_array().unwrap().len(), 2 * SAMPLES_PER_ENTRY);
        assert!(early["sample_burnin"].is_null());
        let late = sampler_members(&job, &data, 20);
        let chain = late["samples"][PARAMETERS[2]].as_array().unwrap();
        assert_eq!(chain.len(), late["sample_costs"].as_array().unwrap().len());
        assert_eq!(late["sample_burnin"], json!(BURNIN));
        assert_eq!(late["sample_param_names"], json!(PARAMETERS));
        let after: Vec<f64> = chain[BURNIN..].iter().map(|v| v.as_f64().unwrap()).collect();
        let mean = after.iter().sum::<f64>() / after.len() as f64;
        assert!((mean / TRUTH[2] - 1.0).abs() < 0.05, "{mean}");
    }

    /// Numbers written down from the fit as it was before cells, seeds and temperatures: a fit
    /// given none of them must stay exactly that fit.
    #[test]
    fn a_fit_given_no_conditions_is_exactly_the_fit_it_always_was() {
        let job = setup("golden");
        assert_eq!((job.truth(), job.baseline(), job.save_every()), (TRUTH, [0.05, 0.004, 200.0], 100));
        let data = Data::of(&job);
        assert_eq!(&data.voltage[..3], [3.9292215177287955, 3.929936600222773, 3.926064719824283]);
        assert_eq!(data.voltage[5000], 3.9058075771718777);
        let entries = trace_of(&job, 8);
        assert_eq!(
            entries[3].to_string(),
            r#"{"best_cost":0.00008451342606904651,"cost":0.00008451342606904651,"inputs":{"RC resistance [Ohm]":3.4650003567216494,"RC time constant [s]":2.2872469010817396,"Series resistance [Ohm]":0.8610943276751021},"inputs_unscaled":{"RC resistance [Ohm]":0.034650003567216495,"RC time constant [s]":22.872469010817397,"Series resistance [Ohm]":0.00861094327675102},"iteration":200,"multistart_job_id":1}"#
        );
        assert_eq!(
            entries[6].to_string(),
            r#"{"best_cost":2.263187393882115e-6,"cost":2.263187393882115e-6,"inputs":{"RC resistance [Ohm]":2.495630130559188,"RC time constant [s]":3.5058285986756688,"Series resistance [Ohm]":1.201635993246979},"inputs_unscaled":{"RC resistance [Ohm]":0.024956301305591882,"RC time constant [s]":35.05828598675669,"Series resistance [Ohm]":0.01201635993246979},"iteration":400,"multistart_job_id":0}"#
        );
        let chain = sampler_members(&job, &data, 5);
        assert_eq!(chain["samples"][PARAMETERS[1]][0], json!(0.00400830804850461));
        assert_eq!(chain["samples"][PARAMETERS[2]][249], json!(37.702732005772226));
        assert_eq!(chain["sample_costs"][240], json!(2.7285150253839024e-6));
        assert_eq!(job.conditions(), json!({"cell": null, "temperature_C": 25.0, "seed": null}));
    }

    #[test]
    fn a_named_cell_has_its_own_truth_within_the_spread_whatever_the_case_or_spacing() {
        let m50 = true_parameters(Some("LG M50"), REFERENCE_C);
        assert_eq!(true_parameters(Some("lg   m50"), REFERENCE_C), m50);
        let names = ["LG M50", "Molicel P42A", "Samsung 30T", "A123 ANR26650", "x", "cell 2", "cell 3"];
        let truths: Vec<[f64; 3]> = names.iter().map(|n| true_parameters(Some(n), REFERENCE_C)).collect();
        for (name, truth) in names.iter().zip(&truths) {
            for k in 0..3 {
                assert!((truth[k] / TRUTH[k] - 1.0).abs() <= CELL_SPREAD, "{name}: {truth:?}");
            }
        }
        // Names spread over the range, not around one value.
        for k in 0..3 {
            let ratios: Vec<f64> = truths.iter().map(|t| t[k] / TRUTH[k]).collect();
            let (low, high) = ratios.iter().fold((f64::MAX, f64::MIN), |(l, h), r| (l.min(*r), h.max(*r)));
            assert!(high - low > 0.3, "parameter {k}: {ratios:?}");
        }
        assert_eq!(true_parameters(None, REFERENCE_C), TRUTH);
    }

    #[test]
    fn a_colder_cell_has_larger_resistances_and_the_same_time_constant() {
        let at = |c: f64| true_parameters(Some("LG M50"), c);
        let (cold, room, warm) = (at(0.0), at(25.0), at(45.0));
        for k in 0..2 {
            assert!((cold[k] / room[k] - 2.155).abs() < 0.01, "{cold:?} {room:?}");
            assert!(warm[k] < room[k]);
        }
        assert_eq!((cold[2], warm[2]), (room[2], room[2]));
    }

    #[test]
    fn a_seed_makes_the_same_noise_and_course_whatever_the_job_and_another_seed_others() {
        let (a, b, c) = (
            Setup::new("job-a", &seeded("x", 3)),
            Setup::new("job-b", &seeded("x", 3)),
            Setup::new("job-a", &seeded("x", 4)),
        );
        assert_eq!(Data::of(&a).voltage, Data::of(&b).voltage);
        assert_eq!(trace_of(&a, 10), trace_of(&b, 10));
        assert_ne!(Data::of(&a).voltage, Data::of(&c).voltage);
        assert_ne!(a.baseline(), c.baseline());
        let best = |s: &Setup| best_in(&trace_of(s, 40)).unwrap();
        let (pa, pc) = (best(&a), best(&c));
        assert!((0..3).any(|k| (pa[k] / pc[k] - 1.0).abs() > 0.002), "{pa:?} {pc:?}");
        // Either way each ends near the cell's truth, and the truth is the cell's, not the seed's.
        assert_eq!(a.truth(), c.truth());
        for k in 0..3 {
            assert!((pa[k] / a.truth()[k] - 1.0).abs() < 0.05 && (pc[k] / c.truth()[k] - 1.0).abs() < 0.05);
        }
    }

    #[test]
    fn seeded_courses_stay_within_their_spreads_and_still_fall_over_orders_of_magnitude() {
        for seed in 0..200 {
            let setup = Setup::new("job", &seeded("LG M50", seed));
            assert!((70..=130).contains(&setup.save_every()), "seed {seed}: {}", setup.save_every());
            for (moved_to, from) in setup.baseline().iter().zip(START_AT[0]) {
                let moved = moved_to / from;
                assert!(moved > (-START_SPREAD).exp() - 1e-12 && moved < START_SPREAD.exp(), "seed {seed}: {moved}");
            }
        }
        for seed in [0, 1, 2, 7, MAX_SEED] {
            let setup = Setup::new("job", &seeded("LG M50", seed));
            let entries = trace_of(&setup, 40);
            let last =
                |s: u64| entries.iter().rev().find(|e| e["multistart_job_id"] == s).unwrap()["cost"].as_f64().unwrap();
            let first =
                |s: u64| entries.iter().find(|e| e["multistart_job_id"] == s).unwrap()["cost"].as_f64().unwrap();
            assert!(last(0) < 2.0 * NOISE_V * NOISE_V, "seed {seed}: {}", last(0));
            assert!(last(1) > last(0), "seed {seed}");
            assert!(first(0) / last(0) > 30.0 && first(1) / last(1) > 30.0, "seed {seed}");
            assert!(Data::of(&setup).cost(setup.baseline()) / last(0) > 100.0, "seed {seed}");
        }
    }

    #[test]
    fn the_sampler_chain_settles_around_the_cells_truth() {
        let setup = Setup::new("job-6", &Conditions { temperature_c: Some(5.0), ..cell("Molicel P42A") });
        let chain = sampler_members(&setup, &Data::of(&setup), 20);
        for (k, name) in PARAMETERS.iter().enumerate() {
            let after: Vec<f64> =
                chain["samples"][name].as_array().unwrap()[BURNIN..].iter().map(|v| v.as_f64().unwrap()).collect();
            let mean = after.iter().sum::<f64>() / after.len() as f64;
            assert!((mean / setup.truth()[k] - 1.0).abs() < 0.05, "{name}: {mean} vs {:?}", setup.truth());
        }
    }
}
