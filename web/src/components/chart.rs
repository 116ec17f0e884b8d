//! A small live chart of a job's cost and best cost per iteration, drawn as SVG by the app: both
//! lines for each multistart (`multistart_job_id`; the first solid and dashed, the others
//! dotted), on a log scale when every cost is positive (fits fall over orders of magnitude).

use leptos::prelude::*;

use crate::format::short;

/// One recorded iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// The iteration number.
    pub iteration: f64,
    /// The cost at that iteration.
    pub cost: f64,
    /// The best cost so far.
    pub best_cost: f64,
    /// The multistart it belongs to (0 when there are none).
    pub start: u32,
}

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 200.0;
const PAD: f64 = 8.0;

fn path(points: &[Point], y: impl Fn(&Point) -> f64, x_range: (f64, f64), y_range: (f64, f64)) -> String {
    let sx = |v: f64| PAD + (v - x_range.0) / (x_range.1 - x_range.0).max(f64::EPSILON) * (WIDTH - 2.0 * PAD);
    let sy = |v: f64| HEIGHT - PAD - (v - y_range.0) / (y_range.1 - y_range.0).max(f64::EPSILON) * (HEIGHT - 2.0 * PAD);
    points
        .iter()
        // Whole numbers: formatting floats would bring a float printer into the app.
        .map(|p| format!("{},{}", sx(p.iteration).round() as i64, sy(y(p)).round() as i64))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chart of `points` (cost and best cost against iteration).
#[component]
pub fn CostChart(#[prop(into)] points: Signal<Vec<Point>>) -> impl IntoView {
    crate::erased::part(move || Some(chart(points.get())))
}

/// The chart as it is for these points.
fn chart(points: Vec<Point>) -> AnyView {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return view! { <p class="muted">"No intermediate results yet."</p> }.into_any();
    };
    if points.len() == 1 {
        let text = format!("One iteration so far: cost {}, best cost {}.", short(first.cost), short(first.best_cost));
        return view! { <p class="muted">{text}</p> }.into_any();
    }
    let frame = Frame::of(&points);
    let lines = frame.lines(&points, true);
    let starts = frame.starts.len();
    let best_now = points.iter().map(|p| p.best_cost).fold(f64::INFINITY, f64::min);
    let description = format!(
        "Cost over {} saved iterations{}: latest cost {}, best cost {}.",
        points.len(),
        if starts > 1 { format!(" of {starts} multistarts") } else { String::new() },
        short(last.cost),
        short(best_now)
    );
    let others = (starts > 1).then_some(view! { " "<span class="legend other">"other multistarts"</span> });
    view! {
        <figure class="chart">
            <svg viewBox="0 0 600 200" role="img" aria-label=description.clone() preserveAspectRatio="none">
                {lines}
            </svg>
            <figcaption>
                <span class="legend cost">"cost"</span>{others}" "<span class="legend best">"best cost"</span>
                <span class="muted">{format!(
                    " · iterations {}–{} · cost {}–{}{}",
                    short(frame.x_range.0),
                    short(frame.x_high),
                    short(frame.unscale(frame.y_range.0)),
                    short(frame.unscale(frame.y_range.1)),
                    if frame.log { " (log scale)" } else { "" }
                )}</span>
            </figcaption>
        </figure>
    }
    .into_any()
}

/// A small chart of one quantity's values (the points' `cost`), a line per multistart.
pub fn sparkline(points: &[Point], label: String) -> AnyView {
    let frame = Frame::of(points);
    view! {
        <svg class="spark" viewBox="0 0 600 200" role="img" aria-label=label preserveAspectRatio="none">
            {frame.lines(points, false)}
        </svg>
    }
    .into_any()
}

/// How points are drawn: on a log scale when every value is positive (costs and parameters that
/// move over orders of magnitude read best so), the ranges, the multistarts in order.
struct Frame {
    log: bool,
    x_range: (f64, f64),
    /// The last iteration (the range is at least one wide).
    x_high: f64,
    y_range: (f64, f64),
    starts: Vec<u32>,
}

impl Frame {
    fn of(points: &[Point]) -> Frame {
        let log = points.iter().all(|p| p.cost > 0.0 && p.best_cost > 0.0);
        let mut frame = Frame { log, x_range: (0.0, 1.0), x_high: 0.0, y_range: (0.0, 1.0), starts: Vec::new() };
        let finite =
            points.iter().flat_map(|p| [frame.scale(p.cost), frame.scale(p.best_cost)]).filter(|v| v.is_finite());
        let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let (x_low, x_high) = points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.iteration), hi.max(p.iteration)));
        frame.x_range = (x_low, x_high.max(x_low + 1.0));
        frame.x_high = x_high;
        if low <= high {
            frame.y_range = (low, high);
        }
        // The multistarts in order of appearance (no sort: a sort would bring its code into the app).
        for p in points {
            if !frame.starts.contains(&p.start) {
                frame.starts.push(p.start);
            }
        }
        frame
    }

    // The browser's Math: Rust's own log10 and powf would bring their code into the app (5 KB).
    fn scale(&self, v: f64) -> f64 {
        if self.log {
            js_sys::Math::log10(v)
        } else {
            v
        }
    }

    fn unscale(&self, v: f64) -> f64 {
        if self.log {
            js_sys::Math::pow(10.0, v)
        } else {
            v
        }
    }

    /// Each multistart's line of `cost` (and of `best_cost` when `best`): the first solid (and
    /// dashed), the others dotted.
    fn lines(&self, points: &[Point], best: bool) -> AnyView {
        self.starts
            .iter()
            .map(|&start| {
                let own: Vec<Point> = points.iter().filter(|p| p.start == start).copied().collect();
                let first = start == self.starts[0];
                let cost = path(&own, |p| self.scale(p.cost), self.x_range, self.y_range);
                let best_line = best.then(|| {
                    let points = path(&own, |p| self.scale(p.best_cost), self.x_range, self.y_range);
                    view! { <polyline class=if first { "best" } else { "best other" } fill="none" points=points/> }
                });
                view! { <polyline class=if first { "cost" } else { "cost other" } fill="none" points=cost/>{best_line} }
            })
            .collect_view()
            .into_any()
    }
}

/// The points in a metadata object's `intermediate_results` (read with jobs-core's JSON reader,
/// a level at a time), and each parameter's values over them (`inputs_unscaled`, by name; none
/// when the entries have none). Missing, extra or odd keys leave out what cannot be drawn.
pub fn read(metadata: &str) -> (Vec<Point>, Vec<Parameter>) {
    use jobs_core::pyjson::{entries, EntryKind};
    let Some(results) = entries(metadata)
        .unwrap_or_default()
        .into_iter()
        .find(|e| e.key.as_deref() == Some("intermediate_results") && matches!(e.kind, EntryKind::Array(_)))
    else {
        return (Vec::new(), Vec::new());
    };
    let list = &metadata[results.start..results.end];
    let mut parameters: Vec<Parameter> = Vec::new();
    let points = entries(list)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(n, item)| {
            let object = &list[item.start..item.end];
            let fields = entries(object).ok()?;
            let field = |name: &str| {
                fields
                    .iter()
                    .find(|f| f.key.as_deref() == Some(name))
                    .and_then(|f| number(&object[f.start..f.end], f.kind))
            };
            let cost = field("cost")?;
            let point = Point {
                iteration: field("iteration").unwrap_or(n as f64),
                cost,
                best_cost: field("best_cost").unwrap_or(cost),
                start: field("multistart_job_id").map_or(0, |s| s.max(0.0) as u32),
            };
            let inputs = fields
                .iter()
                .find(|f| f.key.as_deref() == Some("inputs_unscaled") && matches!(f.kind, EntryKind::Object(_)));
            if let Some(inputs) = inputs {
                let inputs = &object[inputs.start..inputs.end];
                for value in entries(inputs).unwrap_or_default() {
                    let (Some(name), Some(v)) = (value.key, number(&inputs[value.start..value.end], value.kind)) else {
                        continue;
                    };
                    let at = Point { cost: v, best_cost: v, ..point };
                    match parameters.iter_mut().find(|p| p.name == name) {
                        Some(p) => {
                            p.points.push(at);
                            if cost < p.best_cost {
                                (p.best, p.best_cost) = (v, cost);
                            }
                        }
                        None => parameters.push(Parameter { name, points: vec![at], best: v, best_cost: cost }),
                    }
                }
            }
            Some(point)
        })
        .collect::<Vec<_>>();
    (points, parameters)
}

fn number(text: &str, kind: jobs_core::pyjson::EntryKind) -> Option<f64> {
    use jobs_core::pyjson::{parse_float, EntryKind, Scalar};
    match kind {
        EntryKind::Scalar(Scalar::Int | Scalar::Float) => Some(parse_float(text)),
        _ => None,
    }
}

/// One fitted parameter over the saved iterations: its values are the points' `cost`.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Its name, as the API gives it (e.g. `RC time constant [s]`).
    pub name: String,
    /// Its value at each saved iteration that holds it (in `cost` and `best_cost`).
    pub points: Vec<Point>,
    /// Its value at the entry of lowest cost that holds it (the first such entry on a tie).
    pub best: f64,
    /// That entry's cost, kept as the entries are read (so the best is found in one pass).
    pub best_cost: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_read_with_their_multistart_and_missing_keys_degrade() {
        let metadata = r#"{"tag": 1, "intermediate_results": [
            {"iteration": 100, "cost": 0.5, "best_cost": 0.5, "multistart_job_id": 0, "inputs": {"a": 1}},
            {"iteration": 100, "cost": 0.9, "best_cost": 0.9, "multistart_job_id": 1},
            {"cost": 0.2},
            {"iteration": 300, "best_cost": 0.1},
            "not an entry"
        ]}"#;
        let points = read(metadata).0;
        assert_eq!(
            points,
            [
                Point { iteration: 100.0, cost: 0.5, best_cost: 0.5, start: 0 },
                Point { iteration: 100.0, cost: 0.9, best_cost: 0.9, start: 1 },
                Point { iteration: 2.0, cost: 0.2, best_cost: 0.2, start: 0 },
            ]
        );
        assert!(read(r#"{"intermediate_results": {}}"#).0.is_empty());
        assert!(read("not json").0.is_empty());
    }

    #[test]
    fn a_path_maps_the_ranges_onto_the_drawing_in_whole_numbers() {
        let p = |iteration: f64, cost: f64| Point { iteration, cost, best_cost: cost, start: 0 };
        let line = path(&[p(0.0, 0.0), p(10.0, 1.0)], |p| p.cost, (0.0, 10.0), (0.0, 1.0));
        assert_eq!(line, format!("{},{} {},{}", PAD, HEIGHT - PAD, WIDTH - PAD, PAD));
    }
}
