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
    // Costs that fall over orders of magnitude read best on a log scale.
    let log = points.iter().all(|p| p.cost > 0.0 && p.best_cost > 0.0);
    // The browser's Math: Rust's own log10 and powf would bring their code into the app (5 KB).
    let scale = move |v: f64| if log { js_sys::Math::log10(v) } else { v };
    let finite = points.iter().flat_map(|p| [scale(p.cost), scale(p.best_cost)]).filter(|v| v.is_finite());
    let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (x_low, x_high) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.iteration), hi.max(p.iteration)));
    let x_range = (x_low, x_high.max(x_low + 1.0));
    let y_range = if low <= high { (low, high) } else { (0.0, 1.0) };
    let unscale = move |v: f64| if log { js_sys::Math::pow(10.0, v) } else { v };
    // The multistarts in order of appearance (no sort: a sort would bring its code into the app).
    let mut starts: Vec<u32> = Vec::new();
    for p in &points {
        if !starts.contains(&p.start) {
            starts.push(p.start);
        }
    }
    let best_now = points.iter().map(|p| p.best_cost).fold(f64::INFINITY, f64::min);
    // Each multistart's cost and best cost; the first solid and dashed, the others dotted.
    let lines = starts
        .iter()
        .map(|&start| {
            let own: Vec<Point> = points.iter().filter(|p| p.start == start).copied().collect();
            let (cost, best) = if start == starts[0] { ("cost", "best") } else { ("cost other", "best other") };
            view! {
                <polyline class=cost fill="none" points=path(&own, |p| scale(p.cost), x_range, y_range)/>
                <polyline class=best fill="none" points=path(&own, |p| scale(p.best_cost), x_range, y_range)/>
            }
        })
        .collect_view();
    let description = format!(
        "Cost over {} saved iterations{}: latest cost {}, best cost {}.",
        points.len(),
        if starts.len() > 1 { format!(" of {} multistarts", starts.len()) } else { String::new() },
        short(last.cost),
        short(best_now)
    );
    let others = (starts.len() > 1).then_some(view! { " "<span class="legend other">"other multistarts"</span> });
    view! {
        <figure class="chart">
            <svg viewBox="0 0 600 200" role="img" aria-label=description.clone() preserveAspectRatio="none">
                {lines}
            </svg>
            <figcaption>
                <span class="legend cost">"cost"</span>{others}" "<span class="legend best">"best cost"</span>
                <span class="muted">{format!(
                    " · iterations {}–{} · cost {}–{}{}",
                    short(x_range.0),
                    short(x_high),
                    short(unscale(y_range.0)),
                    short(unscale(y_range.1)),
                    if log { " (log scale)" } else { "" }
                )}</span>
            </figcaption>
        </figure>
    }
    .into_any()
}

/// The points in a metadata object's `intermediate_results`, if any (read with jobs-core's JSON
/// reader, a level at a time).
pub fn points(metadata: &str) -> Vec<Point> {
    use jobs_core::pyjson::{entries, parse_float, EntryKind, Scalar};
    let number = |text: &str, kind: EntryKind| match kind {
        EntryKind::Scalar(Scalar::Int | Scalar::Float) => Some(parse_float(text)),
        _ => None,
    };
    let Some(results) = entries(metadata)
        .unwrap_or_default()
        .into_iter()
        .find(|e| e.key.as_deref() == Some("intermediate_results") && matches!(e.kind, EntryKind::Array(_)))
    else {
        return Vec::new();
    };
    let list = &metadata[results.start..results.end];
    entries(list)
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
            Some(Point {
                iteration: field("iteration").unwrap_or(n as f64),
                cost,
                best_cost: field("best_cost").unwrap_or(cost),
                start: field("multistart_job_id").map_or(0, |s| s.max(0.0) as u32),
            })
        })
        .collect()
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
        let points = points(metadata);
        assert_eq!(
            points,
            [
                Point { iteration: 100.0, cost: 0.5, best_cost: 0.5, start: 0 },
                Point { iteration: 100.0, cost: 0.9, best_cost: 0.9, start: 1 },
                Point { iteration: 2.0, cost: 0.2, best_cost: 0.2, start: 0 },
            ]
        );
        assert!(super::points(r#"{"intermediate_results": {}}"#).is_empty());
        assert!(super::points("not json").is_empty());
    }

    #[test]
    fn a_path_maps_the_ranges_onto_the_drawing_in_whole_numbers() {
        let p = |iteration: f64, cost: f64| Point { iteration, cost, best_cost: cost, start: 0 };
        let line = path(&[p(0.0, 0.0), p(10.0, 1.0)], |p| p.cost, (0.0, 10.0), (0.0, 1.0));
        assert_eq!(line, format!("{},{} {},{}", PAD, HEIGHT - PAD, WIDTH - PAD, PAD));
    }
}
