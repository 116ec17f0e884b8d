//! The posterior of a fit that sampled: per parameter, a histogram of its samples (after the
//! burn-in, or with it when asked) and the chain as it was drawn, a line per multistart, with the
//! burn-in's end marked.

use std::sync::Arc;

use leptos::prelude::*;

use super::{start_class, start_name};
use crate::components::chart::{Chart, Line, Plot};
use crate::erased::{handler, part, text};
use crate::fit::{Chain, Fit};
use crate::format::{count, number};
use crate::plot::{histogram, Area};

/// The histograms and chains of `fit`'s samples.
#[component]
pub fn Posterior(fit: RwSignal<Fit>) -> impl IntoView {
    let with_burnin = RwSignal::new(false);
    let count = Memo::new(move |_| fit.with(|f| f.chain.as_ref().map_or(0, |c| c.names.len())));
    let charts = move || {
        let charts: Vec<AnyView> = (0..count.get())
            .flat_map(|i| {
                let hist = Signal::derive(move || {
                    fit.with(|f| f.chain.as_ref().map(|c| histogram_plot(c, i, with_burnin.get())).unwrap_or_default())
                });
                let chain = Signal::derive(move || {
                    fit.with(|f| f.chain.as_ref().map(|c| chain_plot(c, i)).unwrap_or_default())
                });
                [
                    view! { <Chart plot=hist area=Area::SMALL file=format!("posterior-{}", i + 1)/> }.into_any(),
                    view! { <Chart plot=chain area=Area::SMALL file=format!("chain-{}", i + 1)/> }.into_any(),
                ]
            })
            .collect();
        Some(view! { <div class="small-multiples pairs">{charts}</div> }.into_any())
    };
    let burnin = move || fit.with(|f| f.chain.as_ref().and_then(|c| c.burnin));
    let toggle_text = move || match burnin() {
        Some(b) => format!(" Include the burn-in (the first {b} samples of each chain)"),
        None => " Include the burn-in (the sampler has not reported it yet: every sample is shown)".to_owned(),
    };
    view! {
        <section aria-labelledby="posterior-heading">
            <h2 id="posterior-heading">"Posterior"</h2>
            <label class="check">
                <input type="checkbox" prop:checked=move || with_burnin.get() disabled=move || burnin().is_none()
                    on:change=handler(move |ev: leptos::ev::Event| with_burnin.set(event_target_checked(&ev)))/>
                {text(toggle_text)}
            </label>
            <p class="muted" role="status">{text(move || fit.with(|f| f.chain.as_ref().map(|c| samples_sentence(c, with_burnin.get())).unwrap_or_default()))}</p>
            {part(charts)}
        </section>
    }
}

fn samples_sentence(chain: &Chain, with_burnin: bool) -> String {
    let total: usize = chain.samples.first().map_or(0, |s| s.iter().map(Vec::len).sum());
    let kept = chain.kept(0, with_burnin).len();
    format!("{} of {} samples per parameter in the histograms.", count(kept), count(total))
}

fn histogram_plot(chain: &Chain, index: usize, with_burnin: bool) -> Plot {
    let values = chain.kept(index, with_burnin);
    let bins = ((values.len() as f64).sqrt() as usize).clamp(5, 40);
    let (edges, counts, width) = histogram(&values, bins);
    let name = chain.names[index].clone();
    let summary = match chain.summary(index) {
        Some((median, low, high)) => {
            format!(
                "{} samples; median {}, 95 % between {} and {}.",
                values.len(),
                number(median),
                number(low),
                number(high)
            )
        }
        None => "No samples yet.".to_owned(),
    };
    Plot {
        title: format!("Posterior of {name}"),
        x_name: name,
        y_name: "Samples".to_owned(),
        log_y: false,
        lines: vec![Line {
            label: if with_burnin {
                "samples, burn-in included".to_owned()
            } else {
                "samples after the burn-in".to_owned()
            },
            class: "c0".to_owned(),
            x: Arc::from(edges),
            y: Arc::from(counts),
            bars: Some(width),
            hidden: false,
        }],
        marks: Vec::new(),
        note: String::new(),
        summary,
        x_extent: None,
    }
}

fn chain_plot(chain: &Chain, index: usize) -> Plot {
    let starts = &chain.samples[index];
    let lines: Vec<Line> = starts
        .iter()
        .enumerate()
        .map(|(n, values)| Line {
            label: if starts.len() > 1 { start_name(n as u32) } else { "chain".to_owned() },
            class: format!("{} trace", start_class(n)),
            x: (0..values.len()).map(|i| i as f64).collect(),
            y: Arc::from(values.as_slice()),
            bars: None,
            hidden: false,
        })
        .collect();
    let name = chain.names[index].clone();
    let last = starts.first().and_then(|s| s.last()).copied().unwrap_or(f64::NAN);
    Plot {
        title: format!("Chain of {name}"),
        x_name: "Sample".to_owned(),
        y_name: name,
        log_y: false,
        lines,
        marks: chain.burnin.map(|b| vec![(b as f64, "burn-in ends".to_owned())]).unwrap_or_default(),
        note: String::new(),
        summary: format!("{} samples; the latest {}.", starts.iter().map(Vec::len).sum::<usize>(), number(last)),
        x_extent: None,
    }
}
