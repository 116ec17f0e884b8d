//! Cost against iteration: per multistart, the cost of each saved iteration as a thin line with
//! dots and the best cost so far as a bold line of the same colour, on a log scale when every
//! cost is positive. The legend names each start with its best cost and marks the one that won;
//! the readout gives the parameters at the iteration it points at.

use std::sync::Arc;

use leptos::prelude::*;

use super::{start_class, start_name};
use crate::components::chart::{Chart, Line, Plot};
use crate::fit::Fit;
use crate::format::{count, number};
use crate::plot::Area;

/// The cost chart of `fit`.
#[component]
pub fn Cost(fit: RwSignal<Fit>) -> impl IntoView {
    let plot = Signal::derive(move || fit.with(plot));
    view! {
        <section aria-labelledby="cost-heading">
            <h2 id="cost-heading">"Cost"</h2>
            <Chart plot=plot area=Area::FULL file="cost"/>
        </section>
    }
}

fn plot(fit: &Fit) -> Plot {
    let winner = fit.winner();
    let starts = fit.best_by_start();
    let mut lines = Vec::new();
    for (n, (start, best)) in starts.iter().enumerate() {
        let own: Vec<_> = fit.points.iter().filter(|p| p.start == *start).collect();
        let x: Arc<[f64]> = own.iter().map(|p| p.iteration).collect();
        let class = start_class(n);
        let name = if starts.len() > 1 { start_name(*start) } else { "fit".to_owned() };
        let won = starts.len() > 1 && winner == Some(*start);
        lines.push(Line {
            label: format!("{name}: cost"),
            class: format!("{class} cost"),
            x: x.clone(),
            y: own.iter().map(|p| p.cost).collect(),
            bars: None,
            hidden: false,
        });
        lines.push(Line {
            label: format!("{name}: best cost {}{}", number(*best), if won { " ★ best fit" } else { "" }),
            class: format!("{class} best"),
            x,
            y: own.iter().map(|p| p.best_cost).collect(),
            bars: None,
            hidden: false,
        });
    }
    // The parameters at each iteration of the winning start, for the readout and the CSV.
    let shown_start = winner.or(starts.first().map(|s| s.0));
    let rows: Vec<usize> = (0..fit.points.len()).filter(|&i| Some(fit.points[i].start) == shown_start).collect();
    let x: Arc<[f64]> = rows.iter().map(|&i| fit.points[i].iteration).collect();
    for parameter in &fit.parameters {
        lines.push(Line {
            label: match shown_start {
                Some(s) if starts.len() > 1 => format!("{} ({})", parameter.name, start_name(s)),
                _ => parameter.name.clone(),
            },
            class: String::new(),
            x: x.clone(),
            y: rows.iter().map(|&i| parameter.values[i]).collect(),
            bars: None,
            hidden: true,
        });
    }
    let last = fit.points.last();
    let best = starts.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
    let summary = match last {
        Some(last) => format!(
            "{} saved iterations{}, up to iteration {}: latest cost {}, best cost {}{}.",
            count(fit.points.len()),
            if starts.len() > 1 { format!(" of {} multistarts", starts.len()) } else { String::new() },
            number(last.iteration),
            number(last.cost),
            number(best),
            match winner {
                Some(w) if starts.len() > 1 => format!(" ({})", start_name(w)),
                _ => String::new(),
            }
        ),
        None => String::new(),
    };
    let note = if fit.points.len() == 1 { "One iteration so far.".to_owned() } else { String::new() };
    Plot {
        title: "Cost against iteration".to_owned(),
        x_name: "Iteration".to_owned(),
        y_name: "Cost".to_owned(),
        log_y: true,
        lines,
        marks: Vec::new(),
        note,
        summary,
        x_extent: None,
    }
}
