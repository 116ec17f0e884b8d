//! A simulated fit, shaped as the hosted API reports one (the keys `ionworks-api` documents): a
//! small equivalent-circuit model (series resistance, one RC pair) fitted to a noisy synthetic
//! voltage response under a pulse profile, from two starting points (multistarts).
//!
//! Nothing is stored but what the job records anyway: the data are made again from the job's id
//! whenever they are asked for (the same every time), and the parameters at any moment are read
//! back from the intermediate results. Costs are the real mean squared error of the model at those
//! parameters against the data, so they fall over orders of magnitude towards the noise floor.
//!
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
/// Iterations between two saved entries of one multistart.
pub const SAVE_EVERY: u32 = 100;

const DT: f64 = 0.1;
/// The parameters the data were made with.
const TRUTH: [f64; 3] = [0.012, 0.025, 35.0];
/// Where each multistart begins.
const START_AT: [[f64; 3]; 2] = [[0.05, 0.004, 200.0], [0.002, 0.12, 4.0]];
/// Where each multistart ends, relative to the truth: the second settles in a worse optimum, on
/// the side it starts from (so its cost falls all the way, as an optimizer's does).
const SETTLES_AT: [[f64; 3]; 2] = [[1.0, 1.0, 1.0], [0.85, 1.2, 0.8]];
/// How fast each multistart converges.
const RATE: [f64; 2] = [7.0, 4.5];
const NOISE_V: f64 = 0.0015;
const CAPACITY_AS: f64 = 2.0 * 3600.0;

/// The synthetic measurement: time, current (positive discharging) and voltage with noise.
pub struct Data {
    pub time: Vec<f64>,
    pub current: Vec<f64>,
    pub voltage: Vec<f64>,
}

impl Data {
    /// The data of job `job_id` (the noise depends on it; everything else is the same).
    pub fn of(job_id: &str) -> Data {
        let time: Vec<f64> = (0..SAMPLES).map(|i| i as f64 * DT).collect();
        let current: Vec<f64> = time.iter().map(|&t| pulse(t)).collect();
        let mut rng = Rng::new(job_id);
        let voltage = model(&current, TRUTH).into_iter().map(|v| v + NOISE_V * rng.normal()).collect();
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

/// Where multistart `start` is after `progress` (0 to 1) of its iterations: geometric approach
/// (in log space) from its start to where it settles, with a small wobble.
fn parameters(start: usize, progress: f64, wobble: f64) -> [f64; 3] {
    let mut p = [0.0; 3];
    for k in 0..3 {
        let end = TRUTH[k] * SETTLES_AT[start][k];
        let left = (-RATE[start] * progress).exp() * (1.0 + 0.05 * wobble);
        p[k] = end * (START_AT[start][k] / end).powf(left);
    }
    p
}

/// The parameters a fit starts from (the baseline's).
pub fn baseline() -> [f64; 3] {
    START_AT[0]
}

/// Saved entry `index` (0-based) of `total`: the multistarts take turns.
pub fn entry(job_id: &str, data: &Data, index: u32, total: u32, best_so_far: &mut [f64; 2]) -> Value {
    let start = (index % STARTS) as usize;
    let own = index / STARTS + 1;
    let own_total = total.div_ceil(STARTS).max(1);
    let progress = f64::from(own) / f64::from(own_total);
    let wobble = Rng::new(&format!("{job_id}/{index}")).uniform() * 2.0 - 1.0;
    let p = parameters(start, progress, wobble);
    let cost = data.cost(p);
    best_so_far[start] = best_so_far[start].min(cost);
    json!({
        "iteration": own * SAVE_EVERY,
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
pub fn sampler_members(job_id: &str, data: &Data, entries: usize) -> Map<String, Value> {
    let n = entries * SAMPLES_PER_ENTRY;
    let mut rng = Rng::new(&format!("{job_id}/chain"));
    let mut chains: Vec<Vec<f64>> = (0..3).map(|_| Vec::with_capacity(n)).collect();
    let mut costs = Vec::with_capacity(n);
    let spread = [0.03, 0.02, 0.04];
    for i in 0..n {
        let settle = (-(i as f64) / (BURNIN as f64 / 3.0)).exp();
        let mut p = [0.0; 3];
        for k in 0..3 {
            let centre = TRUTH[k] * (START_AT[0][k] / TRUTH[k]).powf(settle);
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

    fn trace(job: &str, total: u32) -> Vec<Value> {
        let data = Data::of(job);
        let mut best = [f64::INFINITY; 2];
        (0..total).map(|i| entry(job, &data, i, total, &mut best)).collect()
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
        let (a, b, c) = (Data::of("x"), Data::of("x"), Data::of("y"));
        assert_eq!(a.voltage, b.voltage);
        assert_ne!(a.voltage, c.voltage);
        assert_eq!(a.time.len(), SAMPLES);
        const { assert!(SAMPLES >= 10_000) };
    }

    #[test]
    fn the_series_holds_every_channel_at_full_length_and_the_model_meets_the_data_at_the_truth() {
        let data = Data::of("job-4");
        let channels = series(&data, TRUTH);
        assert_eq!(channels.iter().map(|(n, _)| *n).collect::<Vec<_>>(), CHANNELS);
        assert!(channels.iter().all(|(_, c)| c.len() == SAMPLES));
        let residual = &channels[4].1;
        let rms = (residual.iter().map(|r| r * r).sum::<f64>() / SAMPLES as f64).sqrt();
        assert!(rms < 2.0 * NOISE_V, "{rms}");
        let baseline = series(&data, baseline());
        let worse = (baseline[4].1.iter().map(|r| r * r).sum::<f64>() / SAMPLES as f64).sqrt();
        assert!(worse > 5.0 * rms);
    }

    #[test]
    fn the_sampler_chain_grows_with_the_job_and_reports_its_burn_in_once_past_it() {
        let data = Data::of("job-5");
        let early = sampler_members("job-5", &data, 2);
        assert_eq!(early["samples"][PARAMETERS[0]].as_array().unwrap().len(), 2 * SAMPLES_PER_ENTRY);
        assert!(early["sample_burnin"].is_null());
        let late = sampler_members("job-5", &data, 20);
        let chain = late["samples"][PARAMETERS[2]].as_array().unwrap();
        assert_eq!(chain.len(), late["sample_costs"].as_array().unwrap().len());
        assert_eq!(late["sample_burnin"], json!(BURNIN));
        assert_eq!(late["sample_param_names"], json!(PARAMETERS));
        let after: Vec<f64> = chain[BURNIN..].iter().map(|v| v.as_f64().unwrap()).collect();
        let mean = after.iter().sum::<f64>() / after.len() as f64;
        assert!((mean / TRUTH[2] - 1.0).abs() < 0.05, "{mean}");
    }
}
