//! A small live chart of a job's cost and best cost per iteration, drawn as SVG by the app.

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
    let finite = points.iter().flat_map(|p| [p.cost, p.best_cost]).filter(|v| v.is_finite());
    let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let x_range = (first.iteration, last.iteration.max(first.iteration + 1.0));
    let y_range = if low <= high { (low, high) } else { (0.0, 1.0) };
    let description = format!(
        "Cost over {} iterations: latest cost {}, best cost {}.",
        points.len(),
        short(last.cost),
        short(last.best_cost)
    );
    view! {
        <figure class="chart">
            <svg viewBox="0 0 600 200" role="img" aria-label=description.clone() preserveAspectRatio="none">
                <polyline class="cost" fill="none" points=path(&points, |p| p.cost, x_range, y_range)/>
                <polyline class="best" fill="none" points=path(&points, |p| p.best_cost, x_range, y_range)/>
            </svg>
            <figcaption>
                <span class="legend cost">"cost"</span>" "<span class="legend best">"best cost"</span>
                <span class="muted">{format!(" · iterations {}–{} · cost {}–{}", short(first.iteration), short(last.iteration), short(y_range.0), short(y_range.1))}</span>
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
            })
        })
        .collect()
}
