//! The model against the data, per objective of the fit (`GET /jobs/{id}/series/channels`):
//! the data and the model at the best parameters so far (`optimal`), the starting model
//! (`baseline`) as a toggle, and the residual in a strip underneath sharing the zoom. Each zoom
//! fetches that window again (`x_min` / `x_max`) with `max_points` twice the drawing's measured
//! width, so detail is real rather than stretched; the chart says how many points it draws of
//! how many rows. While the fit runs, the model is fetched again as it improves.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::components::chart::{Chart, Line, Plot};
use crate::connection::Connection;
use crate::erased::{handler, memo, part};
use crate::fit::{column, read_channels, read_series, roles, unit, Columns, Objective as ObjectiveChannels, Roles};
use crate::format::{count, number, reveal_bidi};
use crate::plot::Area;
use crate::uri::pair;

/// What the channel list said.
#[derive(Clone, PartialEq)]
enum Channels {
    Loading,
    /// A sentence saying why nothing can be drawn.
    Unavailable(String),
    Objectives(Vec<ObjectiveChannels>),
}

/// The sentence for a series request that failed.
fn unavailable(error: &ApiError, what: &str) -> String {
    match error {
        ApiError::NotFound(_) => format!(
            "This API has no {what} for this job (it answered 404), so the model cannot be drawn against the data."
        ),
        ApiError::Server { status: 501, .. } => format!(
            "This API does not provide {what} (it answered 501), so the model cannot be drawn against the data."
        ),
        other => format!("The {what} could not be loaded: {}", other.sentence()),
    }
}

/// The model-against-data charts of job `job_id`; `refresh` changes when they should be fetched
/// again.
#[component]
pub fn ModelAgainstData(job_id: String, refresh: RwSignal<u32>) -> impl IntoView {
    let connection = Connection::get();
    let channels = RwSignal::new(Channels::Loading);
    let id = job_id.clone();
    Effect::new(move |_| {
        refresh.track();
        // The list is asked for until it names an objective (a fit may start without series).
        if matches!(channels.get_untracked(), Channels::Objectives(ref list) if !list.is_empty()) {
            return;
        }
        let id = id.clone();
        crate::task::spawn_for_page(None, async move {
            let answer = Api::of(connection).series_channels(&id).await;
            channels.set(match answer {
                Ok(text) => Channels::Objectives(read_channels(&text)),
                Err(error) => Channels::Unavailable(unavailable(&error, "series")),
            });
        });
    });
    // Built again only when the objectives change, so charts keep their zoom across polls.
    let objectives = memo(move || channels.get());
    let shown = move || {
        Some(match objectives.get() {
            Channels::Loading => ().into_any(),
            Channels::Unavailable(sentence) => view! {
                <section aria-labelledby="model-heading">
                    <h2 id="model-heading">"Model against data"</h2>
                    <p class="muted">{sentence}</p>
                </section>
            }
            .into_any(),
            Channels::Objectives(list) if list.is_empty() => ().into_any(),
            Channels::Objectives(list) => {
                let parts: Vec<AnyView> = list
                    .into_iter()
                    .map(|(objective, sources)| {
                        view! { <Objective job_id=job_id.clone() objective=objective sources=sources refresh=refresh/> }
                            .into_any()
                    })
                    .collect();
                view! {
                    <section aria-labelledby="model-heading">
                        <h2 id="model-heading">"Model against data"</h2>
                        {parts}
                    </section>
                }
                .into_any()
            }
        })
    };
    part(shown)
}

/// One objective's fetched columns, with the window and budget they were asked for.
#[derive(Clone, PartialEq, Default)]
struct Fetched {
    optimal: Option<Columns>,
    baseline: Option<Columns>,
}

#[component]
fn Objective(
    job_id: String,
    objective: String,
    sources: Vec<(String, Vec<String>)>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let connection = Connection::get();
    let optimal_channels = sources.iter().find(|(s, _)| s == "optimal").or(sources.first()).map(|(_, c)| c.clone());
    let has_baseline = sources.iter().any(|(s, _)| s == "baseline");
    let Some(roles) = optimal_channels.as_deref().and_then(|c| roles(c, None)) else {
        return view! { <p class="muted">{format!("Objective {} lists no channels to draw.", reveal_bidi(&objective))}</p> }.into_any();
    };
    let zoom = RwSignal::new(None::<(f64, f64)>);
    let width = RwSignal::new(0.0f64);
    let show_baseline = RwSignal::new(false);
    let fetched = RwSignal::new(Fetched::default());
    let total_rows = RwSignal::new(None::<Arc<[f64]>>);
    let problem = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u32);

    let query = {
        let (objective, roles) = (objective.clone(), roles.clone());
        move |source: &str, columns: &[String], window: Option<(f64, f64)>, budget: Option<usize>| {
            let mut parts = vec![
                pair("objective", &objective),
                pair("source", source),
                pair("x_column", &roles.x),
                pair("columns", &columns.join(",")),
            ];
            if let Some(budget) = budget {
                parts.push(pair("max_points", &budget.to_string()));
            }
            if let Some((low, high)) = window {
                parts.push(pair("x_min", &crate::format::exact(low)));
                parts.push(pair("x_max", &crate::format::exact(high)));
            }
            parts.join("&")
        }
    };
    let wanted = {
        let r = roles.clone();
        let mut c: Vec<String> = r.data.iter().chain(&r.model).cloned().collect();
        c.extend(r.residual.clone());
        c
    };
    let baseline_wanted = {
        let mut c = roles.model.clone();
        c.extend(roles.residual.clone());
        c
    };
    {
        let (id, query) = (job_id.clone(), query.clone());
        Effect::new(move |_| {
            refresh.track();
            let (window, measured, baseline) = (zoom.get(), width.get(), show_baseline.get());
            if measured <= 0.0 {
                return;
            }
            let budget = (measured * 2.0).round().max(100.0) as usize;
            let this = generation.get_value() + 1;
            generation.set_value(this);
            let optimal_query = query("optimal", &wanted, window, Some(budget));
            let baseline_query = baseline.then(|| query("baseline", &baseline_wanted, window, Some(budget)));
            let id = id.clone();
            crate::task::spawn_for_page(None, async move {
                let mut api = Api::of(connection);
                let optimal = api.series(&id, &optimal_query).await;
                let baseline = match baseline_query {
                    Some(q) => Some(api.series(&id, &q).await),
                    None => None,
                };
                // An answer to an older question (the user zoomed again meanwhile) is dropped.
                if generation.try_get_value() != Some(this) {
                    return;
                }
                let read = |answer: Result<String, ApiError>| -> Result<Columns, String> {
                    answer.map_err(|e| unavailable(&e, "series")).and_then(|text| read_series(&text))
                };
                match read(optimal) {
                    Ok(columns) => {
                        let baseline = match baseline.map(read) {
                            Some(Ok(b)) => Some(b),
                            Some(Err(sentence)) => {
                                problem.set(Some(format!("The baseline could not be drawn. {sentence}")));
                                None
                            }
                            None => {
                                problem.set(None);
                                None
                            }
                        };
                        fetched.set(Fetched { optimal: Some(columns), baseline });
                    }
                    Err(sentence) => problem.set(Some(sentence)),
                }
            });
        });
    }
    // How many rows the series has in all: asked once, as the x column alone, when an answer
    // came back thinned to its budget.
    {
        let (id, query, x) = (job_id.clone(), query.clone(), roles.x.clone());
        Effect::new(move |_| {
            let thinned = fetched
                .with(|f| f.optimal.as_ref().and_then(|c| column(c, &x)).map(|c| c.len()))
                .is_some_and(|n| n as f64 >= (width.get_untracked() * 2.0).round() - 2.0);
            if !thinned || total_rows.with_untracked(Option::is_some) {
                return;
            }
            let (id, q, x) = (id.clone(), query("optimal", &[], None, None), x.clone());
            crate::task::spawn_for_page(None, async move {
                if let Ok(Ok(columns)) = Api::of(connection).series(&id, &q).await.map(|t| read_series(&t)) {
                    if let Some(all) = column(&columns, &x) {
                        total_rows.set(Some(all));
                    }
                }
            });
        });
    }

    let main = {
        let (roles, objective) = (roles.clone(), objective.clone());
        Signal::derive(move || {
            let note = rows_note(&fetched.get(), &roles, total_rows.get().as_deref(), zoom.get());
            fetched.with(|f| main_plot(f, &roles, &objective, note))
        })
    };
    let strip = {
        let roles = roles.clone();
        Signal::derive(move || fetched.with(|f| residual_plot(f, &roles)))
    };
    let heading = format!("Objective {}", reveal_bidi(&objective));
    let file = format!("model-{}", objective.chars().filter(char::is_ascii_alphanumeric).collect::<String>());
    let strip_file = format!("{file}-residual");
    let baseline_toggle = has_baseline.then(|| {
        view! {
            <label class="check">
                <input type="checkbox" prop:checked=move || show_baseline.get()
                    on:change=handler(move |ev: leptos::ev::Event| show_baseline.set(event_target_checked(&ev)))/>
                " Show the baseline (the model before fitting)"
            </label>
        }
    });
    view! {
        <div class="objective">
            <h3>{heading}</h3>
            {baseline_toggle}
            {part(move || problem.get().map(|p| view! { <p class="banner warn" role="status">{p}</p> }.into_any()))}
            {part(move || fetched.with(|f| f.optimal.is_none()).then(|| view! { <p class="muted">"Loading the series…"</p> }.into_any()))}
            <Chart plot=main area=Area::FULL zoom=zoom width=width file=file/>
            <Chart plot=strip area=Area::STRIP zoom=zoom file=strip_file/>
        </div>
    }
    .into_any()
}

/// "1,280 points drawn of 12,000 rows (2,400 in this window)".
fn rows_note(fetched: &Fetched, roles: &Roles, all_x: Option<&[f64]>, zoom: Option<(f64, f64)>) -> String {
    let Some(drawn) = fetched.optimal.as_ref().and_then(|c| column(c, &roles.x)).map(|c| c.len()) else {
        return String::new();
    };
    let total = match all_x {
        Some(all) => all.len(),
        // Not thinned: every row came.
        None if zoom.is_none() => drawn,
        None => return format!("{} points drawn.", count(drawn)),
    };
    let in_window = match (zoom, all_x) {
        (Some((low, high)), Some(all)) => {
            let rows = jobs_core::series::window(all, Some(low), Some(high));
            format!(" ({} in this window)", count(rows.len()))
        }
        _ => String::new(),
    };
    format!("{} points drawn of {} rows{in_window}.", count(drawn), count(total))
}

fn main_plot(f: &Fetched, roles: &Roles, objective: &str, note: String) -> Plot {
    let mut lines = Vec::new();
    let y_name = roles.data.first().or(roles.model.first()).cloned().unwrap_or_default();
    if let Some(c) = &f.optimal {
        let Some(x) = column(c, &roles.x) else { return Plot::default() };
        for (i, name) in roles.data.iter().enumerate() {
            if let Some(y) = column(c, name) {
                lines.push(Line {
                    label: format!("data: {name}"),
                    class: format!("data d{i}"),
                    x: x.clone(),
                    y,
                    bars: None,
                    hidden: false,
                });
            }
        }
        for name in &roles.model {
            if let Some(y) = column(c, name) {
                lines.push(Line {
                    label: format!("model: {name}"),
                    class: "model".to_owned(),
                    x: x.clone(),
                    y,
                    bars: None,
                    hidden: false,
                });
            }
        }
    }
    if let Some(c) = &f.baseline {
        if let Some(x) = column(c, &roles.x) {
            for name in &roles.model {
                if let Some(y) = column(c, name) {
                    lines.push(Line {
                        label: format!("baseline: {name}"),
                        class: "baseline".to_owned(),
                        x: x.clone(),
                        y,
                        bars: None,
                        hidden: false,
                    });
                }
            }
        }
    }
    let rms = f.optimal.as_ref().and_then(|c| residuals(c, roles)).map(|r| rms(&r));
    let summary = match rms {
        Some(rms) if rms.is_finite() => format!("Root-mean-square residual {} {}.", number(rms), unit(&y_name)),
        _ => String::new(),
    };
    Plot {
        title: format!("Model against data: {objective}"),
        x_name: roles.x.clone(),
        y_name,
        log_y: false,
        lines,
        marks: Vec::new(),
        note,
        summary,
    }
}

/// The residual: the API's column when it gives one, else model − data.
fn residuals(c: &Columns, roles: &Roles) -> Option<Arc<[f64]>> {
    if let Some(r) = roles.residual.as_deref().and_then(|r| column(c, r)) {
        return Some(r);
    }
    let (model, data) = (column(c, roles.model.first()?)?, column(c, roles.data.first()?)?);
    Some(model.iter().zip(data.iter()).map(|(m, d)| m - d).collect())
}

fn rms(values: &[f64]) -> f64 {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    (finite.iter().map(|v| v * v).sum::<f64>() / finite.len() as f64).sqrt()
}

fn residual_plot(f: &Fetched, roles: &Roles) -> Plot {
    let mut lines = Vec::new();
    let name =
        roles.residual.clone().unwrap_or_else(|| format!("Residual [{}]", roles.model.first().map_or("", |m| unit(m))));
    for (source, columns, class) in [("model", &f.optimal, "residual"), ("baseline", &f.baseline, "baseline")] {
        if let Some(c) = columns {
            if let (Some(x), Some(y)) = (column(c, &roles.x), residuals(c, roles)) {
                lines.push(Line {
                    label: format!("{source} − data"),
                    class: class.to_owned(),
                    x,
                    y,
                    bars: None,
                    hidden: false,
                });
            }
        }
    }
    let summary = f
        .optimal
        .as_ref()
        .and_then(|c| residuals(c, roles))
        .map(|r| format!("Root-mean-square {}.", number(rms(&r))))
        .unwrap_or_default();
    Plot {
        title: "Residual (model − data)".to_owned(),
        x_name: roles.x.clone(),
        y_name: name,
        log_y: false,
        lines,
        marks: Vec::new(),
        note: String::new(),
        summary,
    }
}
