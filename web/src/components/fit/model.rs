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
use crate::erased::{handler, part};
use crate::fit::{column, read_channels, read_series, roles, unit, Columns, Objective as ObjectiveChannels, Roles};
use crate::format::{count, number, reveal_bidi};
use crate::plot::Area;
use crate::uri::pair;

/// The objectives job `id` has series for, each with the roles of its optimal source's channels;
/// or the sentence that says why there are none.
pub async fn objectives(api: &mut Api, id: &str) -> Result<Vec<(String, Roles)>, String> {
    let text = api.series_channels(id).await.map_err(|e| unavailable(&e, "series"))?;
    Ok(read_channels(&text)
        .into_iter()
        .filter_map(|(objective, sources)| {
            let channels = sources.iter().find(|(s, _)| s == "optimal").or(sources.first()).map(|(_, c)| c.clone())?;
            Some((objective, roles(&channels, None)?))
        })
        .collect())
}

/// How many rows a series is thinned to for a chart `width` pixels wide: two a pixel (a line's
/// peaks and troughs survive), at least 100.
fn rows_for(width: f64) -> usize {
    (width * 2.0).round().max(100.0) as usize
}

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
pub fn ModelAgainstData(job_id: String, refresh: RwSignal<usize>) -> impl IntoView {
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
    // Set only until it names an objective (see above), so charts keep their zoom across polls.
    let shown = move || {
        Some(match channels.get() {
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

/// How to ask for one objective's series.
pub struct Ask {
    job_id: String,
    objective: String,
    roles: Roles,
}

impl Ask {
    /// The channels of `source` that are drawn (all x, data, model and residual for the
    /// optimal model; the model and residual for the baseline; the x column alone when there
    /// is no budget: counting rows), in `window`, thinned to `budget` rows.
    pub async fn columns(
        &self,
        api: &mut Api,
        source: &str,
        window: Option<(f64, f64)>,
        budget: Option<usize>,
    ) -> Result<Columns, String> {
        let r = &self.roles;
        let columns: Vec<&str> = match (source, budget) {
            (_, None) => vec![r.x.as_str()],
            ("baseline", _) => r.model.iter().chain(&r.residual).map(String::as_str).collect(),
            _ => r.data.iter().chain(&r.model).chain(&r.residual).map(String::as_str).collect(),
        };
        let mut query = vec![
            pair("objective", &self.objective),
            pair("source", source),
            pair("x_column", &r.x),
            pair("columns", &columns.join(",")),
        ];
        if let Some(budget) = budget {
            query.push(pair("max_points", &budget.to_string()));
        }
        if let Some((low, high)) = window {
            query.push(pair("x_min", &crate::format::exact(low)));
            query.push(pair("x_max", &crate::format::exact(high)));
        }
        let text = api.series(&self.job_id, &query.join("&")).await.map_err(|e| unavailable(&e, "series"))?;
        read_series(&text)
    }
}

/// One objective's fetched columns.
#[derive(Clone, PartialEq, Default)]
struct Fetched {
    optimal: Option<Columns>,
    baseline: Option<Columns>,
    /// The x column of every row, once asked for (how many rows there are, and in a window).
    all_x: Option<Arc<[f64]>>,
    /// Why something could not be drawn.
    problem: Option<String>,
    /// The first and last x of the whole series (from an answer without a window), so that a
    /// zoomed chart can zoom out again.
    extent: Option<(f64, f64)>,
}

#[component]
fn Objective(
    job_id: String,
    objective: String,
    sources: Vec<(String, Vec<String>)>,
    refresh: RwSignal<usize>,
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
    let generation = StoredValue::new(0u32);
    let ask = Arc::new(Ask { job_id, objective: objective.clone(), roles: roles.clone() });

    // One task per question (a window, a width, the baseline shown, the fit moved on): the
    // optimal series, then the baseline when shown, then, once, how many rows there are in all.
    Effect::new(move |_| {
        refresh.track();
        let (window, measured, baseline) = (zoom.get(), width.get(), show_baseline.get());
        if measured <= 0.0 {
            return;
        }
        let budget = rows_for(measured);
        let this = generation.get_value() + 1;
        generation.set_value(this);
        let ask = ask.clone();
        let count_rows = fetched.with_untracked(|f| f.all_x.is_none());
        crate::task::spawn_for_page(None, async move {
            let mut api = Api::of(connection);
            let optimal = ask.columns(&mut api, "optimal", window, Some(budget)).await;
            let baseline = match baseline {
                true => Some(ask.columns(&mut api, "baseline", window, Some(budget)).await),
                false => None,
            };
            // An answer thinned to its budget does not say how many rows there are: the x
            // column alone, whole, does.
            let thinned =
                optimal.as_ref().ok().and_then(|c| column(c, &ask.roles.x)).is_some_and(|x| x.len() + 2 >= budget);
            let all_x = match count_rows && thinned {
                true => ask.columns(&mut api, "optimal", None, None).await.ok().and_then(|c| column(&c, &ask.roles.x)),
                false => None,
            };
            // An answer to an older question (the user zoomed again meanwhile) is dropped.
            if generation.try_get_value() != Some(this) {
                return;
            }
            fetched.update(|f| {
                f.all_x = all_x.or(f.all_x.take());
                match optimal {
                    Ok(columns) => {
                        f.problem = match &baseline {
                            Some(Err(sentence)) => Some(format!("The baseline could not be drawn. {sentence}")),
                            _ => None,
                        };
                        if window.is_none() {
                            let x = column(&columns, &ask.roles.x);
                            f.extent = x.and_then(|x| Some((*x.first()?, *x.last()?)));
                        }
                        f.optimal = Some(columns);
                        f.baseline = baseline.and_then(Result::ok);
                    }
                    Err(sentence) => f.problem = Some(sentence),
                }
            });
        });
    });

    let main = {
        let (roles, objective) = (roles.clone(), objective.clone());
        Signal::derive(move || {
            let window = zoom.get();
            fetched.with(|f| main_plot(f, &roles, &objective, rows_note(f, &roles, window)))
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
            {part(move || fetched.with(|f| f.problem.clone()).map(|p| view! { <p class="banner warn" role="status">{p}</p> }.into_any()))}
            {part(move || fetched.with(|f| f.optimal.is_none() && f.problem.is_none()).then(|| view! { <p class="muted">"Loading the series…"</p> }.into_any()))}
            <Chart plot=main area=Area::FULL zoom=zoom width=width file=file/>
            <Chart plot=strip area=Area::STRIP zoom=zoom file=strip_file/>
        </div>
    }
    .into_any()
}

/// "3 rows", "1 row".
fn counted(n: usize, what: &str) -> String {
    format!("{} {what}{}", count(n), if n == 1 { "" } else { "s" })
}

/// "1,280 points drawn of 12,000 rows (2,400 in this window)".
fn rows_note(fetched: &Fetched, roles: &Roles, zoom: Option<(f64, f64)>) -> String {
    let all_x = fetched.all_x.as_deref();
    let Some(drawn) = fetched.optimal.as_ref().and_then(|c| column(c, &roles.x)).map(|c| c.len()) else {
        return String::new();
    };
    let total = match all_x {
        Some(all) => all.len(),
        // Not thinned: every row came.
        None if zoom.is_none() => drawn,
        None => return format!("{} drawn.", counted(drawn, "point")),
    };
    let in_window = match (zoom, all_x) {
        (Some((low, high)), Some(all)) => {
            let rows = jobs_core::series::window(all, Some(low), Some(high));
            format!(" ({} in this window)", count(rows.len()))
        }
        _ => String::new(),
    };
    format!("{} drawn of {}{in_window}.", counted(drawn, "point"), counted(total, "row"))
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
        x_extent: f.extent,
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
        x_extent: f.extent,
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

/// One objective several fits share (Compare): the reference's data, and each fit's model at its
/// best parameters in the fit's colour, over the same axes. A zoom fetches the window again for
/// every fit, each thinned to the drawing's width; `refresh` changes when a running fit moved on.
/// `fits` holds each fit's job ID, its label, its colour class and the roles of its channels; the
/// first is the reference.
#[component]
pub fn SharedObjective(
    objective: String,
    fits: Vec<(String, String, &'static str, Roles)>,
    refresh: Signal<usize>,
) -> impl IntoView {
    let connection = Connection::get();
    let zoom = RwSignal::new(None::<(f64, f64)>);
    let width = RwSignal::new(0.0f64);
    let fetched = RwSignal::new(Vec::<Option<Columns>>::new());
    let problem = RwSignal::new(None::<String>);
    let extent = RwSignal::new(None::<(f64, f64)>);
    let generation = StoredValue::new(0u32);
    let asks: Arc<Vec<Ask>> = Arc::new(
        fits.iter()
            .map(|(id, _, _, roles)| Ask { job_id: id.clone(), objective: objective.clone(), roles: roles.clone() })
            .collect(),
    );
    Effect::new(move |_| {
        refresh.track();
        let (window, measured) = (zoom.get(), width.get());
        if measured <= 0.0 {
            return;
        }
        let budget = rows_for(measured);
        let this = generation.get_value() + 1;
        generation.set_value(this);
        let asks = asks.clone();
        crate::task::spawn_for_page(None, async move {
            let answers = futures::future::join_all(asks.iter().map(|ask| async move {
                ask.columns(&mut Api::of(connection), "optimal", window, Some(budget)).await
            }))
            .await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            let failed: Vec<String> = answers.iter().filter_map(|a| a.as_ref().err().cloned()).collect();
            problem.set(failed.first().map(|f| format!("Not every fit's series could be drawn. {f}")));
            if window.is_none() {
                if let Some(Ok(reference)) = answers.first() {
                    let x = column(reference, &asks[0].roles.x);
                    extent.set(x.and_then(|x| Some((*x.first()?, *x.last()?))));
                }
            }
            fetched.set(answers.into_iter().map(Result::ok).collect());
        });
    });
    let title = format!("Model against data: {objective}");
    let plot = Signal::derive(move || {
        fetched.with(|answers| {
            let mut lines = Vec::new();
            let reference = &fits[0].3;
            let y_name = reference.data.first().or(reference.model.first()).cloned().unwrap_or_default();
            if let Some(Some(c)) = answers.first() {
                if let (Some(x), Some(name)) = (column(c, &reference.x), reference.data.first()) {
                    if let Some(y) = column(c, name) {
                        lines.push(Line {
                            label: format!("data: {name} ({})", fits[0].1),
                            class: "data d0".to_owned(),
                            x,
                            y,
                            bars: None,
                            hidden: false,
                        });
                    }
                }
            }
            for ((_, label, colour, roles), answer) in fits.iter().zip(answers) {
                let Some(c) = answer else { continue };
                let (Some(x), Some(name)) = (column(c, &roles.x), roles.model.first()) else { continue };
                if let Some(y) = column(c, name) {
                    lines.push(Line {
                        label: format!("{label}: {name}"),
                        class: format!("{colour} trace"),
                        x,
                        y,
                        bars: None,
                        hidden: false,
                    });
                }
            }
            let drawn = lines.len().saturating_sub(1);
            Plot {
                x_extent: extent.get(),
                title: title.clone(),
                x_name: reference.x.clone(),
                y_name,
                log_y: false,
                summary: format!(
                    "The models of {} fits at their best parameters, over the data of {}.",
                    count(drawn),
                    fits[0].1
                ),
                lines,
                marks: Vec::new(),
                note: String::new(),
            }
        })
    });
    let file = format!("compare-model-{}", objective.chars().filter(char::is_ascii_alphanumeric).collect::<String>());
    view! {
        <div class="objective">
            {part(move || problem.get().map(|p| view! { <p class="banner warn" role="status">{p}</p> }.into_any()))}
            {part(move || fetched.with(Vec::is_empty).then(|| view! { <p class="muted">"Loading the series…"</p> }.into_any()))}
            <Chart plot=plot area=Area::FULL zoom=zoom width=width file=file/>
        </div>
    }
}
