//! The fitted parameters: a table of each one's best value (at the entry of lowest cost), its
//! first value, each multistart's best, and the posterior median with its 95 % interval when the
//! fit sampled, with a small chart of its values; under it, one chart per parameter (its trace
//! per multistart, with axes). The best values copy as a JSON object.

use std::fmt::Write;
use std::sync::Arc;

use leptos::prelude::*;

use super::{start_class, start_name};
use crate::components::chart::{sparkline, Chart, Line, Plot};
use crate::erased::{handler, part, text};
use crate::fit::{Fit, Parameter};
use crate::format::{exact, number};
use crate::plot::escape;
use crate::plot::Area;

/// The parameters' table and traces, live: they follow `fit` as polls bring new entries.
#[component]
pub fn Parameters(fit: RwSignal<Fit>) -> impl IntoView {
    let copied = RwSignal::new(None::<String>);
    let copy = move |_| {
        let text = fit.with_untracked(|f| best_values(&f.parameters));
        crate::task::spawn_for_page(None, async move {
            let done = crate::clipboard::copy_to_clipboard(&text).await;
            copied.set(Some(
                if done { "The best values are copied, as JSON." } else { "This browser did not allow copying." }
                    .to_owned(),
            ));
        });
    };
    // Read-only numbers: the table is written as markup (see `table`), as the charts are.
    let table = move || fit.with(table);
    let scaled_note = move || {
        fit.with(|f| f.scaled).then(|| {
            view! { <p class="hint">"These are the optimizer's scaled values (inputs): this API gave no physical values (inputs_unscaled)."</p> }
                .into_any()
        })
    };
    let count = Memo::new(move |_| fit.with(|f| f.parameters.len()));
    let traces = move || {
        let charts: Vec<AnyView> = (0..count.get())
            .map(|i| {
                let plot = Signal::derive(move || fit.with(|f| trace(f, i)));
                view! { <Chart plot=plot area=Area::SMALL file=format!("parameter-{}", i + 1)/> }.into_any()
            })
            .collect();
        Some(view! { <div class="small-multiples">{charts}</div> }.into_any())
    };
    view! {
        <section aria-labelledby="parameters-heading">
            <div class="row">
                <h2 id="parameters-heading">"Parameters"</h2>
                <button type="button" class="small" on:click=handler(copy)>"Copy best values"</button>
                <span class="hint" role="status">{text(move || copied.get().unwrap_or_default())}</span>
            </div>
            {part(scaled_note)}
            // Focusable: at a phone's width the table scrolls sideways, and a keyboard must reach it.
            <div class="table-wrap" tabindex="0" role="region" aria-label="Fitted parameters">
                <table class="parameters" inner_html=table></table>
            </div>
            <h3>"Parameter traces"</h3>
            {part(traces)}
        </section>
    }
}

/// A number as the page shows it, with its full value on hover, as a table cell's markup.
fn cell(out: &mut String, value: f64) {
    let _ = write!(out, r#"<td class="number" title="{}">{}</td>"#, exact(value), number(value));
}

/// The table's caption, head and rows, as markup: each parameter's best value (at the entry of
/// lowest cost), first value, each multistart's best, the posterior median and 95 % interval
/// when the fit sampled, and a small chart of its values.
fn table(fit: &Fit) -> String {
    let starts = fit.starts();
    let mut out = String::from(
        r#"<caption class="visually-hidden">Fitted parameters: the best value found, the first, each multistart's best, and the values over the saved iterations</caption><thead><tr><th scope="col">Parameter</th><th scope="col">Best value</th><th scope="col">First value</th>"#,
    );
    if starts.len() > 1 {
        for s in &starts {
            let _ = write!(out, r#"<th scope="col">Best of {}</th>"#, start_name(*s));
        }
    }
    if fit.chain.is_some() {
        out.push_str(r#"<th scope="col">Posterior median (95 % interval)</th>"#);
    }
    out.push_str(r#"<th scope="col">Over the iterations</th></tr></thead><tbody>"#);
    for p in &fit.parameters {
        let _ = write!(out, r#"<tr><th scope="row">{}</th>"#, escape(&p.name));
        cell(&mut out, p.best);
        cell(&mut out, p.first);
        if starts.len() > 1 {
            for s in &starts {
                cell(&mut out, p.best_by_start.iter().find(|(start, _)| start == s).map_or(f64::NAN, |b| b.1));
            }
        }
        if let Some(chain) = &fit.chain {
            match chain.names.iter().position(|n| *n == p.name).and_then(|i| chain.summary(i)) {
                Some((median, low, high)) => {
                    let _ = write!(
                        out,
                        r#"<td class="number" title="{} (95 %: {} to {})">{} ({} to {})</td>"#,
                        exact(median),
                        exact(low),
                        exact(high),
                        number(median),
                        number(low),
                        number(high)
                    );
                }
                None => out.push_str(r#"<td class="muted">not sampled</td>"#),
            }
        }
        // The small chart follows the first start (every start together would zigzag).
        let first_start = fit.points.first().map(|q| q.start);
        let (x, y) = first_start.map(|s| fit.trace(p, s)).unwrap_or_default();
        let last = y.last().copied().unwrap_or(p.best);
        let label = format!(
            "{} over {} saved iterations: from {} to {}; best {}.",
            p.name,
            y.len(),
            number(p.first),
            number(last),
            number(p.best)
        );
        let _ = write!(out, r#"<td class="spark-cell">{}</td></tr>"#, sparkline(&x, &y, &label));
    }
    out.push_str("</tbody>");
    out
}

/// Parameter `index`'s values against iteration, a line per multistart.
fn trace(fit: &Fit, index: usize) -> Plot {
    let Some(p) = fit.parameters.get(index) else { return Plot::default() };
    let starts = fit.starts();
    let lines: Vec<Line> = starts
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let (x, y) = fit.trace(p, *s);
            Line {
                label: if starts.len() > 1 { start_name(*s) } else { "value".to_owned() },
                class: format!("{} trace", start_class(n)),
                x: Arc::from(x),
                y: Arc::from(y),
                bars: None,
                hidden: false,
            }
        })
        .collect();
    let (low, high) =
        p.values.iter().filter(|v| v.is_finite()).fold((f64::INFINITY, 0f64), |(l, h), v| (l.min(*v), h.max(*v)));
    Plot {
        title: p.name.clone(),
        x_name: "Iteration".to_owned(),
        y_name: p.name.clone(),
        // A log scale when the values span more than a factor of 20 (and are positive).
        log_y: low > 0.0 && high / low > 20.0,
        lines,
        marks: Vec::new(),
        note: String::new(),
        summary: format!(
            "{} saved values; best {}, first {}.",
            p.values.iter().filter(|v| !v.is_nan()).count(),
            number(p.best),
            number(p.first)
        ),
        x_extent: None,
    }
}

/// The best values as a JSON object, by name, each number in its shortest exact form.
pub fn best_values(parameters: &[Parameter]) -> String {
    let members: Vec<String> = parameters
        .iter()
        .map(|p| format!("{}: {}", serde_json::to_string(&p.name).unwrap_or_default(), exact(p.best)))
        .collect();
    format!("{{{}}}", members.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::read;

    #[test]
    fn best_values_copy_as_a_json_object_with_names_escaped() {
        let fit = read(
            r#"{"intermediate_results": [{"cost": 1, "inputs_unscaled": {"R \"0\" [Ohm]": 0.012, "tau [s]": 2.2e-7}}]}"#,
        );
        let text = best_values(&fit.parameters);
        assert_eq!(text, r#"{"R \"0\" [Ohm]": 0.012, "tau [s]": 2.2e-7}"#);
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    }

    #[test]
    fn a_trace_has_a_line_per_multistart_on_a_log_scale_when_values_span_orders_of_magnitude() {
        let fit = read(
            r#"{"intermediate_results": [
            {"iteration": 1, "cost": 1, "multistart_job_id": 0, "inputs_unscaled": {"D [m2.s-1]": 1e-14}},
            {"iteration": 1, "cost": 2, "multistart_job_id": 1, "inputs_unscaled": {"D [m2.s-1]": 1e-12}},
            {"iteration": 2, "cost": 0.5, "multistart_job_id": 0, "inputs_unscaled": {"D [m2.s-1]": 3e-14}}
        ]}"#,
        );
        let plot = trace(&fit, 0);
        assert_eq!(plot.lines.len(), 2);
        assert_eq!(plot.lines[0].y.as_ref(), [1e-14, 3e-14]);
        assert!(plot.log_y);
        assert_eq!(plot.y_name, "D [m2.s-1]", "the axis carries the unit in the name");
    }
}
