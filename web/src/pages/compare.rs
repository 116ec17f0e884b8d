//! `/compare?ids=a,b,c`: 2 to 8 jobs side by side (the address alone reproduces it): a summary
//! (type, status, how long each ran, final and best cost, the best fit marked), the fitted
//! parameters per job with their spread and differences to a reference job above a threshold, the
//! best cost against iteration for every job on one chart, and each parameter's trace per job.
//! Running jobs update live, as on a job's page. The rules are `compare.rs`'s.

use jobs_core::JobResponse;
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::compare::{self, ParameterRow, FEWEST, MOST};
use crate::components::banner::ApiErrorBanner;
use crate::components::chart::Chart;
use crate::components::fit::model::{objectives, SharedObjective};
use crate::components::status::StatusBadge;
use crate::connection::Connection;
use crate::erased::{handler, part, text};
use crate::fit::{Fit, Roles};
use crate::format::{duration, exact, number, relative, reveal_bidi};
use crate::live::{clock, Live, Outcome};
use crate::plot::Area;
use crate::router::{Link, Route, Router};

/// One compared job as the page knows it so far.
#[derive(Clone, PartialEq)]
struct Side {
    id: String,
    job: Known,
    fit: Fit,
    /// Its metadata has been read since it ended (an ended job's is not read again).
    settled: bool,
}

#[derive(Clone, PartialEq)]
enum Known {
    Loading,
    Loaded(Box<JobResponse>),
    /// No job with this ID at this API.
    Missing,
}

impl Side {
    fn new(id: String) -> Side {
        Side { id, job: Known::Loading, fit: Fit::default(), settled: false }
    }

    fn job(&self) -> Option<&JobResponse> {
        match &self.job {
            Known::Loaded(j) => Some(j),
            _ => None,
        }
    }

    /// Whether nothing about it will change any more.
    fn done(&self) -> bool {
        self.job == Known::Missing || self.settled
    }
}

/// An objective and the fits that have it: each one's place, job ID and channels' roles.
type SharedBy = (String, Vec<(usize, String, Roles)>);

/// Each job's fit, borrowed (a fit of 1,000 iterations × 8 parameters is not copied per view).
fn fits(s: &[Side]) -> Vec<&Fit> {
    s.iter().map(|side| &side.fit).collect()
}

#[component]
pub fn Compare() -> impl IntoView {
    let router = Router::get();
    let connection = Connection::get();
    // Every ID the address names; the first eight are compared.
    let named = Memo::new(move |_| compare::ids_from_query(&router.location().query));
    let ids = Memo::new(move |_| named.with(|n| n.iter().take(MOST).cloned().collect::<Vec<_>>()));
    let sides = RwSignal::new(ids.get_untracked().into_iter().map(Side::new).collect::<Vec<_>>());
    let problem = RwSignal::new(None::<ApiError>);
    let now = clock();
    // Bumped when a running fit moved on: its model is fetched again.
    let refresh = RwSignal::new(0usize);
    // The reference job (by ID) for differences: the best fit until the user picks one.
    let chosen_reference = RwSignal::new(None::<String>);
    // Differences above this many percent are marked.
    let threshold = RwSignal::new(10.0f64);

    let live = Live::start(move || async move {
        // Every job not yet settled, read at once (its status, then its metadata).
        let due: Vec<(usize, Side)> =
            sides.with_untracked(|s| s.iter().cloned().enumerate().filter(|(_, side)| !side.done()).collect());
        let answers = futures::future::join_all(due.into_iter().map(|(place, side)| async move {
            let mut api = Api::of(connection);
            let mut fresh = side.clone();
            match api.job(&side.id).await {
                Ok(job) => {
                    let ended = job.is_terminal;
                    fresh.job = Known::Loaded(Box::new(job));
                    // Its metadata: while it runs, and once more when it has ended.
                    match api.job_metadata(&side.id).await {
                        Ok(metadata) => {
                            fresh.fit = crate::fit::read(&metadata);
                            fresh.settled = ended;
                        }
                        Err(ApiError::NotFound(_)) => fresh.settled = ended,
                        Err(error) => return (place, side, fresh, Some(error)),
                    }
                }
                Err(ApiError::NotFound(_)) => fresh.job = Known::Missing,
                Err(error) => return (place, side, fresh, Some(error)),
            }
            (place, side, fresh, None)
        }))
        .await;
        let (mut changed, mut progressed, mut failed) = (false, false, None::<ApiError>);
        let mut fresh = Vec::new();
        for (place, before, after, error) in answers {
            changed |= before.job().map(|j| &j.status) != after.job().map(|j| &j.status);
            progressed |= before.fit.points.len() != after.fit.points.len();
            if error.is_some() {
                failed = error;
            }
            fresh.push((place, after));
        }
        // The page may have moved on to other IDs meanwhile: only the same job is updated. An
        // answer that changes nothing leaves the page as it is (no redraw, zoom and readouts kept).
        let differs = |slot: &Side, after: &Side| slot.id == after.id && slot != after;
        if sides.with_untracked(|s| {
            fresh.iter().any(|(place, after)| s.get(*place).is_some_and(|slot| differs(slot, after)))
        }) {
            sides.update(|s| {
                for (place, after) in fresh {
                    if let Some(slot) = s.get_mut(place).filter(|slot| differs(slot, &after)) {
                        *slot = after;
                    }
                }
            });
        }
        if let Some(error) = failed {
            let transient = error.is_transient();
            problem.set(Some(error));
            return if transient { Outcome::Failed } else { Outcome::GaveUp };
        }
        problem.set(None);
        if progressed {
            refresh.update(|r| *r += 1);
        }
        let terminal = sides.with_untracked(|s| s.iter().all(Side::done));
        Outcome::Answered { changed, progressed: progressed && !terminal, terminal }
    });
    // Other IDs in the address: start again with them.
    Effect::new(move |previous: Option<Vec<String>>| {
        let current = ids.get();
        if previous.is_some_and(|p| p != current) {
            sides.set(current.iter().cloned().map(Side::new).collect());
            live.restart();
        }
        current
    });

    let reference = Memo::new(move |_| {
        sides.with(|s| {
            let picked = chosen_reference.get().and_then(|id| s.iter().position(|side| side.id == id));
            picked
                .or_else(|| {
                    let refs = fits(s);
                    compare::best_fit(&refs).or_else(|| s.iter().position(|side| !side.fit.parameters.is_empty()))
                })
                .unwrap_or(0)
        })
    });
    let rows = Memo::new(move |_| {
        sides.with(|s| {
            let refs = fits(s);
            compare::parameter_rows(&refs, reference.get())
        })
    });
    let side_ids = move || sides.with(|s| s.iter().map(|side| side.id.clone()).collect::<Vec<_>>());

    let summary = move || {
        let now = now.get();
        sides.with(|s| {
            let refs = fits(s);
            let best = compare::best_fit(&refs);
            let rows = s
                .iter()
                .enumerate()
                .map(|(place, side)| {
                    let name = compare::label(place, &side.id);
                    let link = view! {
                        <span class=format!("job-swatch {}", compare::colour(place)) aria-hidden="true"></span>
                        <Link to=Route::Job(side.id.clone())><code>{name}</code></Link>
                    };
                    let cost = |c: Option<f64>| {
                        c.map_or_else(
                            || view! { <td class="muted">"—"</td> }.into_any(),
                            |c| view! { <td class="number" title=exact(c)>{number(c)}</td> }.into_any(),
                        )
                    };
                    let mark = (best == Some(place)).then(|| view! { <strong class="best-fit">" ★ best fit"</strong> });
                    match side.job() {
                        Some(j) => view! {
                            <tr>
                                <th scope="row">{link}</th>
                                <td>{reveal_bidi(j.job_type.as_str())}</td>
                                <td><StatusBadge status=j.status.clone()/></td>
                                <td>{j.run_time_ms(now).map_or_else(|| "—".to_owned(), duration)}</td>
                                {cost(compare::final_cost(&side.fit))}
                                {cost(compare::best_cost(&side.fit))}
                                <td>{mark}</td>
                            </tr>
                        }
                        .into_any(),
                        None => {
                            let why = if side.job == Known::Missing {
                                "Not found: this API has no job with this ID."
                            } else {
                                "Loading…"
                            };
                            view! { <tr><th scope="row">{link}</th><td colspan="6" class="muted">{why}</td></tr> }.into_any()
                        }
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Compared jobs">
                    <table class="compare-summary">
                        <caption class="visually-hidden">"The compared jobs: type, status, how long each ran, its final and best cost"</caption>
                        <thead><tr><th scope="col">"Job"</th><th scope="col">"Type"</th><th scope="col">"Status"</th><th scope="col">"Ran"</th><th scope="col">"Final cost"</th><th scope="col">"Best cost"</th><th scope="col"><span class="visually-hidden">"Best fit"</span></th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
    };

    // What cannot be compared, in a sentence (never an error).
    let left_out = move || {
        sides.with(|s| {
            let without: Vec<String> = s
                .iter()
                .enumerate()
                .filter(|(_, side)| side.job().is_some() && side.fit.points.is_empty())
                .map(|(place, side)| compare::label(place, &side.id))
                .collect();
            (!without.is_empty()).then(|| {
                let (who, verb) = if without.len() == 1 { ("Job", "has") } else { ("Jobs", "have") };
                view! { <p class="hint">{format!("{who} {} {verb} no saved iterations (not a fit, or not started yet): no cost or parameters to compare.", without.join(", "))}</p> }
                    .into_any()
            })
        })
    };

    let has_costs = Memo::new(move |_| sides.with(|s| s.iter().filter(|side| !side.fit.points.is_empty()).count()));
    let parameter_names = Memo::new(move |_| rows.with(|r| r.iter().map(|row| row.name.clone()).collect::<Vec<_>>()));
    let convergence = Signal::derive(move || {
        sides.with(|s| {
            let refs = fits(s);
            compare::convergence(&side_ids(), &refs)
        })
    });
    let traces = move || {
        let charts: Vec<AnyView> = parameter_names
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let plot = Signal::derive(move || {
                    sides.with(|s| {
                        let refs = fits(s);
                        compare::trace(&side_ids(), &refs, &name)
                    })
                });
                view! { <Chart plot=plot area=Area::SMALL file=format!("compare-parameter-{}", i + 1)/> }.into_any()
            })
            .collect();
        Some(view! { <div class="small-multiples">{charts}</div> }.into_any())
    };
    let table = move || {
        let fraction = threshold.get() / 100.0;
        rows.with(|r| compare::parameter_table(&side_ids(), r, reference.get(), fraction))
    };
    let download = move |_| {
        let csv = rows
            .with_untracked(|r: &Vec<ParameterRow>| compare::parameters_csv(&side_ids(), r, reference.get_untracked()));
        crate::download::download("compared-parameters.csv", "text/csv", &csv);
    };
    let parameters = move || {
        (!parameter_names.with(Vec::is_empty)).then(|| {
            let options = move || {
                sides.with(|s| {
                    s.iter()
                        .enumerate()
                        .map(|(place, side)| {
                            view! { <option value=side.id.clone()>{compare::label(place, &side.id)}</option> }
                        })
                        .collect_view()
                })
            };
            let reference_id = move || sides.with(|s| s.get(reference.get()).map(|side| side.id.clone()).unwrap_or_default());
            view! {
                <section aria-labelledby="compare-parameters-heading">
                    <h2 id="compare-parameters-heading">"Parameters"</h2>
                    <div class="row filters">
                        <div class="field">
                            <label for="compare-reference">"Reference job"</label>
                            <select id="compare-reference" prop:value=reference_id
                                on:change=handler(move |ev: leptos::ev::Event| chosen_reference.set(Some(event_target_value(&ev))))>
                                {options}
                            </select>
                        </div>
                        <div class="field">
                            <label for="compare-threshold">"Mark differences above (%)"</label>
                            <input id="compare-threshold" type="number" min="0" step="any" inputmode="decimal"
                                prop:value=move || exact(threshold.get())
                                on:input=handler(move |ev: leptos::ev::Event| {
                                    // A value being typed that is not a number yet leaves the last one.
                                    if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                                        if v.is_finite() && v >= 0.0 {
                                            threshold.set(v);
                                        }
                                    }
                                })/>
                        </div>
                        <button type="button" on:click=handler(download)>"Download parameters (CSV)"</button>
                    </div>
                    <p class="hint">"Each job's best value (at its lowest cost), with its difference to the reference job; differences above the threshold are marked."</p>
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Parameters per job">
                        <table class="parameters compare-parameters" inner_html=table></table>
                    </div>
                </section>
            }
            .into_any()
        })
    };
    // Params: known only for jobs this browser sent (its history), each compared with the reference.
    let known = Memo::new(move |_| {
        ids.get()
            .iter()
            .map(|id| crate::storage::submission(id).map(|s| (!s.params_dropped).then_some(s.draft.params)))
            .collect::<Vec<Option<Option<String>>>>()
    });
    let params_diffs = move || {
        let ids = side_ids();
        let reference = reference.get();
        let known = known.get();
        let name = |place: usize| compare::label(place, &ids[place]);
        let why = |place: usize| match known.get(place) {
            Some(Some(None)) => {
                format!("{}: its params were too large to keep in this browser's history.", name(place))
            }
            _ => format!(
                "{}: not sent from this browser, so its params are not known here (the API does not give them back).",
                name(place)
            ),
        };
        let Some(Some(Some(base))) = known.get(reference).cloned() else {
            return view! {
                <p class="hint">{format!("The reference job's params are not known here, so no diff. {}", why(reference))}</p>
            }
            .into_any();
        };
        let parts: Vec<AnyView> = (0..ids.len())
            .filter(|place| *place != reference)
            .map(|place| match known.get(place) {
                Some(Some(Some(params))) => {
                    let (found, total) = compare::params_diff(&base, params, compare::DIFFERENCES_SHOWN);
                    if total == 0 {
                        view! { <p>{format!("{}: the same params as the reference.", name(place))}</p> }.into_any()
                    } else {
                        let heading =
                            format!("{}: {} difference{}", name(place), total, if total == 1 { "" } else { "s" });
                        let table = compare::diff_table(&name(place), &found, total);
                        view! {
                            <h3>{heading.clone()}</h3>
                            <div class="table-wrap" tabindex="0" role="region" aria-label=heading>
                                <table class="params-diff" inner_html=table></table>
                            </div>
                        }
                        .into_any()
                    }
                }
                _ => view! { <p class="hint">{why(place)}</p> }.into_any(),
            })
            .collect();
        view! {
            <p class="hint">{format!("Each job's params against the reference job's ({}), for jobs sent from this browser.", name(reference))}</p>
            {parts}
        }
        .into_any()
    };
    let params_section = move || {
        (sides.with(Vec::len) >= FEWEST).then(|| {
            view! {
                <section aria-labelledby="compare-params-heading">
                    <h2 id="compare-params-heading">"Params"</h2>
                    {part(move || Some(params_diffs()))}
                </section>
            }
            .into_any()
        })
    };
    // Model against data: the objectives at least two fits share, each fit's channels' roles.
    let fit_ids = Memo::new(move |_| {
        sides.with(|s| {
            s.iter()
                .enumerate()
                .filter(|(_, side)| !side.fit.points.is_empty())
                .map(|(p, side)| (p, side.id.clone()))
                .collect::<Vec<_>>()
        })
    });
    let shared = RwSignal::new(None::<Result<Vec<SharedBy>, String>>);
    let owner = Owner::current();
    Effect::new(move |_| {
        let fits = fit_ids.get();
        if fits.len() < FEWEST {
            return;
        }
        crate::task::spawn_for_page(owner.as_ref(), async move {
            let found = futures::future::join_all(fits.iter().map(|(place, id)| async move {
                (*place, id.clone(), objectives(&mut Api::of(connection), id).await)
            }))
            .await;
            let mut groups: Vec<SharedBy> = Vec::new();
            let mut why = Some("None of these jobs has series (its series/channels lists none), so no model can be drawn against data.".to_owned());
            for (place, id, answer) in found {
                match answer {
                    Ok(list) => {
                        if !list.is_empty() {
                            why = None;
                        }
                        for (objective, roles) in list {
                            match groups.iter_mut().find(|(o, _)| *o == objective) {
                                Some((_, members)) => members.push((place, id.clone(), roles)),
                                None => groups.push((objective, vec![(place, id.clone(), roles)])),
                            }
                        }
                    }
                    Err(sentence) if groups.is_empty() => why = Some(sentence),
                    Err(_) => {}
                }
            }
            groups.retain(|(_, members)| members.len() >= FEWEST);
            shared.set(Some(match (groups.is_empty(), why) {
                (true, Some(sentence)) => Err(sentence),
                _ => Ok(groups),
            }));
        });
    });
    let models = move || {
        (fit_ids.with(Vec::len) >= FEWEST).then(|| {
            let reference = reference.get();
            let body = match shared.get() {
                None => view! { <p class="muted">"Looking for the fits' series…"</p> }.into_any(),
                Some(Err(sentence)) => view! { <p class="muted">{sentence}</p> }.into_any(),
                Some(Ok(groups)) if groups.is_empty() => view! {
                    <p class="muted">"These fits share no objective, so their models cannot be drawn over the same data."</p>
                }
                .into_any(),
                Some(Ok(groups)) => groups
                    .into_iter()
                    .map(|(objective, mut members)| {
                        // The reference's data, when it has this objective; else the first fit's.
                        if let Some(at) = members.iter().position(|(place, _, _)| *place == reference) {
                            members.swap(0, at);
                        }
                        let fits = members
                            .into_iter()
                            .map(|(place, id, roles)| (id.clone(), compare::label(place, &id), compare::colour(place), roles))
                            .collect::<Vec<_>>();
                        view! { <h3>{format!("Objective {}", reveal_bidi(&objective))}</h3> <SharedObjective objective=objective fits=fits refresh=refresh.into()/> }.into_any()
                    })
                    .collect_view()
                    .into_any(),
            };
            view! {
                <section aria-labelledby="compare-model-heading">
                    <h2 id="compare-model-heading">"Model against data"</h2>
                    <p class="hint">"Each fit's model at its best parameters over the reference job's data, for the objectives they share; a zoom fetches the window for every fit."</p>
                    {body}
                </section>
            }
            .into_any()
        })
    };
    let charts = move || {
        (has_costs.get() > 0).then(|| {
            view! {
                <section aria-labelledby="convergence-heading">
                    <h2 id="convergence-heading">"Convergence"</h2>
                    <p class="hint">{crate::components::chart::HINT}</p>
                    <Chart plot=convergence area=Area::FULL file="compare-convergence"/>
                    {part(move || (!parameter_names.with(Vec::is_empty)).then(|| view! { <h3>"Parameter traces"</h3> }.into_any()))}
                    {part(traces)}
                </section>
            }
            .into_any()
        })
    };

    let count_note = move || {
        let n = named.with(Vec::len);
        let sentence = if n < FEWEST {
            Some(format!("A comparison is of {FEWEST} to {MOST} jobs: pick them on the jobs list (the boxes beside each job), then Compare."))
        } else if n > MOST {
            Some(format!("The address names {n} jobs: the first {MOST} are compared."))
        } else {
            None
        };
        sentence
            .map(|s| view! { <p class="banner">{s}" "<Link to=Route::Jobs>"Go to the jobs list"</Link></p> }.into_any())
    };

    view! {
        <h1>"Compare jobs"</h1>
        {part(count_note)}
        <div class="row toolbar">
            <button type="button" on:click=handler(move |_| live.now())>"Refresh"</button>
            <span class="muted" role="status" aria-live="polite">{text(move || {
                let updated = live.updated_at.get().map(|t| format!(" Updated {}.", relative(t, now.get()))).unwrap_or_default();
                if live.failing.get() { format!("Reconnecting…{updated}") }
                else if live.finished.get() { format!("Every job here has ended.{updated}") }
                else { format!("Live while jobs run.{updated}") }
            })}</span>
        </div>
        {part(move || problem.get().map(|error| view! { <ApiErrorBanner error=error retrying=true nothing_yet=false/> }.into_any()))}
        <section aria-labelledby="summary-heading">
            <h2 id="summary-heading">"Summary"</h2>
            {summary}
            {part(left_out)}
        </section>
        {part(parameters)}
        {part(charts)}
        {part(models)}
        {part(params_section)}
    }
}
