//! `/jobs`: the jobs, newest first, filtered by status and type (kept in the address), a page at a
//! time, refreshing while any job on the page is still running. Jobs picked with their boxes (2 to
//! 8, across pages and filters) open side by side in Compare.

use jobs_core::{JobResponse, JobStatus, JobType, Open, WireEnum};
use leptos::prelude::*;

use crate::erased::{handler, part, text};

use crate::api::{Api, ApiError, JobsPage, JobsQuery, Sort, StatusFilter, Unapplied, DEFAULT_PAGE_SIZE, PAGE_SIZES};
use crate::compare::{self, FEWEST, MOST};
use crate::components::banner::ApiErrorBanner;
use crate::components::cost_trend::{self, Trend};
use crate::components::field::SelectField;
use crate::components::status::StatusBadge;
use crate::connection::Connection;
use crate::format::{duration, iso_time, local_time, relative, reveal_bidi};
use crate::live::{clock, Live, Outcome};
use crate::router::{Link, Route, Router};

/// A filter's choice from its select: none for "any", else the wire name read as the core's enum.
fn chosen<T: WireEnum>(value: &str) -> Option<Open<T>> {
    (!value.is_empty()).then(|| Open::from_wire(value))
}

/// The select's value for a filter.
fn selected<T: WireEnum>(filter: &Option<Open<T>>) -> String {
    filter.as_ref().map(|f| f.as_str().to_owned()).unwrap_or_default()
}

thread_local! {
    // The jobs picked for Compare: kept across pages, filters and updates, and when the user goes
    // to the comparison and comes back.
    static PICKED: ArcRwSignal<Vec<String>> = ArcRwSignal::new(Vec::new());
}

/// The bar over the table: how many jobs are picked, Compare (2 to 8) and Clear.
fn selection_bar(picked: RwSignal<Vec<String>>) -> impl IntoView {
    let router = Router::get();
    let n = move || picked.with(Vec::len);
    let compare = move |_| {
        let ids = picked.get_untracked();
        router.navigate(&Route::Compare, &compare::query_for(&ids));
    };
    view! {
        <div class="row selection-bar">
            <button type="button" disabled=move || n() < FEWEST on:click=handler(compare)>{text(move || format!("Compare ({})", n()))}</button>
            <button type="button" class="small" disabled=move || n() == 0 on:click=handler(move |_| picked.set(Vec::new()))>"Clear"</button>
            <span class="muted" role="status">{text(move || match n() {
                0 => format!("Pick {FEWEST} to {MOST} jobs with their boxes to compare them."),
                n if n < FEWEST => format!("{n} picked: pick one more to compare."),
                n if n >= MOST => format!("{n} picked, the most that can be compared."),
                n => format!("{n} picked."),
            })}</span>
        </div>
    }
}

/// A row's Best cost cell: a fit's best cost so far with its trend, once read ("…" until then);
/// nothing for other jobs. It follows the trends itself: a new reading redraws cells, not rows.
fn best_cost(job: &JobResponse, trends: RwSignal<Vec<(String, Trend)>>) -> Option<AnyView> {
    if !cost_trend::is_fit(job) {
        return None;
    }
    let id = job.job_id.clone();
    let shown = Memo::new(move |_| trends.with(|t| t.iter().find(|(i, _)| *i == id).map(|(_, t)| t.clone())));
    let cell = move || {
        Some(shown.get().map_or_else(
            || view! { <span class="muted" title="Not read yet">"…"</span> }.into_any(),
            |t| {
                view! { <span class="cost" title=t.exact>{t.best}</span><span class="trend" inner_html=t.spark></span> }
                    .into_any()
            },
        ))
    };
    Some(view! { {part(cell)} }.into_any())
}

/// The page's jobs in the order asked for: the API's own (newest first), or re-ordered within the
/// page; ties keep the API's order. `best` gives a fit's best cost (NaN: none, after the others).
fn in_order(jobs: &mut [JobResponse], sort: Sort, now: f64, best: impl Fn(&str) -> f64) {
    // What a re-ordering sorts by, smallest first: whether the job goes after the others, then a
    // number. One sort for both orders (each sort is 1.5 KB gzip in the list's first load).
    let key = |j: &JobResponse| match sort {
        // The longest run first; a job not started yet (-1) after the others.
        Sort::Longest => (false, -j.run_time_ms(now).unwrap_or(-1.0)),
        // The lowest cost first; jobs without one after the others, in the API's order.
        _ => {
            let cost = best(&j.job_id);
            (cost.is_nan(), if cost.is_nan() { 0.0 } else { cost })
        }
    };
    match sort {
        Sort::Newest => {}
        Sort::Oldest => jobs.reverse(),
        Sort::Longest | Sort::LowestCost => jobs.sort_by(|a, b| {
            let ((a_after, x), (b_after, y)) = (key(a), key(b));
            a_after.cmp(&b_after).then(x.total_cmp(&y))
        }),
    }
}

/// How many of the newest jobs a search by the start of an ID looks through.
const FIND_SCAN: u32 = 1000;
/// How many matches it lists at most.
const FIND_MATCHES: usize = 10;

/// Where a search by ID stands.
#[derive(Clone, PartialEq)]
pub enum Found {
    Searching,
    /// One job is it: its page opens.
    Open(String),
    /// The matching IDs, and how many jobs were looked through.
    Matches(Vec<String>, u32),
    Failed(String),
}

/// Looks for the job whose ID is, or starts with, `wanted` (see [`find_by_id`]). In a chunk of
/// its own (`chunks::find_job`), fetched when the list is idle: a search is not part of the
/// list's first load.
pub fn search(connection: Connection, wanted: String) -> std::pin::Pin<Box<dyn std::future::Future<Output = Found>>> {
    Box::pin(async move {
        let mut api = Api::of(connection);
        match api.job(&wanted).await {
            Ok(job) => return Found::Open(job.job_id),
            // Not a whole ID (not found, or not an ID the API reads): look for its start.
            Err(ApiError::NotFound(_) | ApiError::Invalid(_)) => {}
            Err(error) => return Found::Failed(error.sentence()),
        }
        let (mut matches, mut scanned) = (Vec::new(), 0);
        while scanned < FIND_SCAN && matches.len() < FIND_MATCHES {
            let query = JobsQuery { limit: 100, offset: scanned, ..JobsQuery::default() };
            let page = match api.jobs(&query).await {
                Ok(page) => page,
                Err(error) => return Found::Failed(error.sentence()),
            };
            let n = page.jobs.len() as u32;
            scanned += n;
            matches.extend(page.jobs.into_iter().map(|j| j.job_id).filter(|id| id_starts_with(id, &wanted)));
            if n < 100 {
                break;
            }
        }
        matches.truncate(FIND_MATCHES);
        match <[String; 1]>::try_from(matches) {
            Ok([only]) => Found::Open(only),
            Err(matches) => Found::Matches(matches, scanned),
        }
    })
}

/// Find a job by its ID or the start of it: a whole ID opens its page; a start is looked for
/// among the newest jobs (a hundred at a time, up to [`FIND_SCAN`]): one match opens its page,
/// several are listed.
fn find_by_id() -> impl IntoView {
    let router = Router::get();
    let connection = Connection::get();
    let owner = Owner::current();
    let typed = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Found>);
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = typed.get_untracked().trim().to_owned();
        if wanted.is_empty() {
            found.set(Some(Found::Failed("Type a job ID, or the start of one.".to_owned())));
            return;
        }
        found.set(Some(Found::Searching));
        crate::task::spawn_for_page(owner.as_ref(), async move {
            match crate::chunks::find_job(connection, wanted).await {
                Ok(Found::Open(id)) => router.navigate(&Route::Job(id), ""),
                Ok(outcome) => found.set(Some(outcome)),
                Err(_) => found.set(Some(Found::Failed(crate::chunks::not_arrived(
                    "Find could not be loaded",
                    "press Find again",
                )))),
            }
        });
    };
    let outcome = move || {
        found.get().map(|f| match f {
            // Opening its page.
            Found::Searching | Found::Open(_) => view! { <p class="muted" role="status">"Looking…"</p> }.into_any(),
            Found::Failed(sentence) => view! { <p class="error-text" role="alert">{sentence}</p> }.into_any(),
            Found::Matches(ids, scanned) if ids.is_empty() => view! {
                <p role="status">{format!("No job's ID starts with that among the newest {scanned} jobs. Check the ID, or the API in Settings.")}</p>
            }
            .into_any(),
            Found::Matches(ids, scanned) => view! {
                <div role="status">
                    <p>{format!("{} jobs' IDs start with that (among the newest {scanned}):", ids.len())}</p>
                    <ul class="found">{ids.into_iter().map(|id| view! { <li><Link to=Route::Job(id.clone())><code>{reveal_bidi(&id)}</code></Link></li> }).collect_view()}</ul>
                </div>
            }
            .into_any(),
        })
    };
    view! {
        <form class="row find-by-id" role="search" aria-label="Find a job" on:submit=handler(find)>
            <div class="field">
                <label for="find-id">"Find by job ID"</label>
                <input id="find-id" type="search" autocomplete="off" spellcheck="false" placeholder="The ID, or its start"
                    prop:value=move || typed.get()
                    on:input=handler(move |ev: leptos::ev::Event| typed.set(event_target_value(&ev)))/>
            </div>
            <button type="submit">"Find"</button>
        </form>
        {part(outcome)}
    }
}

/// Says which filters the API answered without applying, and what the list did about it.
fn unapplied(filters: &[Unapplied], status: &StatusFilter) -> Option<impl IntoView> {
    let sentences: Vec<String> = filters
        .iter()
        .map(|f| match f {
            Unapplied::Status if matches!(status, StatusFilter::One(_)) => {
                "This API did not filter by status: jobs in other statuses are hidden from this page, \
                 and its count and pages are of every status."
                    .to_owned()
            }
            Unapplied::Status => format!(
                "This API does not filter by several statuses at once: jobs that are not {} are hidden from \
                 this page, and its count and pages are of every status. Pick a single status to have the API filter.",
                status.spelled_out()
            ),
            Unapplied::Project => "This API did not filter by project: jobs of other projects are hidden from this \
                 page, and its count and pages are of every project."
                .to_owned(),
        })
        .collect();
    (!sentences.is_empty()).then(|| view! { <p class="banner warn" role="status">{sentences.join(" ")}</p> })
}

/// The start of a job ID, for a phone's narrow column: enough to tell jobs apart at a glance.
fn short_id(id: &str) -> String {
    match id.char_indices().nth(8) {
        Some((at, _)) => format!("{}…", reveal_bidi(&id[..at])),
        None => reveal_bidi(id),
    }
}

/// Copies a job's whole ID (shown on a phone, where the column shows its start); says whether
/// it did. `copied` is the page's last copy: the ID, and whether the browser allowed it.
fn copy_button(id: String, copied: RwSignal<Option<(String, bool)>>) -> impl IntoView {
    let label = match copied.get() {
        Some((last, true)) if last == id => "Copied",
        Some((last, false)) if last == id => "Not copied",
        _ => "Copy",
    };
    // The visible word first, as speech input users say it.
    let name = format!("{label} (job ID {id})");
    view! {
        <button type="button" class="small copy-id" aria-label=name on:click=handler(move |_| {
            let id = id.clone();
            crate::task::spawn_for_page(None, async move {
                let done = crate::clipboard::copy_to_clipboard(&id).await;
                copied.set(Some((id, done)));
            });
        })>{label}</button>
    }
}

#[component]
pub fn JobsList() -> impl IntoView {
    let router = Router::get();
    let connection = Connection::get();
    let query = Memo::new(move |_| JobsQuery::from_address(&router.location().query));
    let page = RwSignal::new(None::<JobsPage>);
    let problem = RwSignal::new(None::<ApiError>);
    let now = clock();

    let live = Live::start(move || async move {
        let wanted = query.get_untracked();
        match Api::of(connection).jobs(&wanted).await {
            Ok(fresh) => {
                // A page whose filters changed meanwhile is not shown.
                if query.get_untracked() != wanted {
                    return Outcome::Answered { changed: true, progressed: false, terminal: false };
                }
                // The schedule speeds up when a job on the page changes status (not on progress).
                let statuses =
                    |p: &JobsPage| p.jobs.iter().map(|j| (j.job_id.clone(), j.status.clone())).collect::<Vec<_>>();
                let changed = page.with_untracked(|p| p.as_ref().map(statuses) != Some(statuses(&fresh)));
                let settled = fresh.jobs.iter().all(|j| j.is_terminal);
                problem.set(None);
                if page.with_untracked(|p| p.as_ref() != Some(&fresh)) {
                    page.set(Some(fresh));
                }
                Outcome::Answered { changed, progressed: false, terminal: settled }
            }
            Err(error) => {
                let transient = error.is_transient();
                problem.set(Some(error));
                if transient {
                    Outcome::Failed
                } else {
                    Outcome::GaveUp
                }
            }
        }
    });
    // New filters or page: look again at once, with live updates from the start.
    Effect::new(move |previous: Option<JobsQuery>| {
        let current = query.get();
        if previous.is_some_and(|p| p != current) {
            page.set(None);
            live.restart();
        }
        current
    });

    // A new filter shows its first page, in place of the old filter's address.
    let filter = move |change: &dyn Fn(&mut JobsQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        next.offset = 0;
        router.replace(&Route::Jobs, &next.address());
    };
    // Another page size keeps the first job shown on the page shown.
    let per_page = move |value: String| {
        let mut next = query.get_untracked();
        next.limit = value.parse().ok().filter(|l| PAGE_SIZES.contains(l)).unwrap_or(DEFAULT_PAGE_SIZE);
        next.offset = next.offset / next.limit * next.limit;
        router.replace(&Route::Jobs, &next.address());
    };
    let go = move |offset: u32| {
        let mut next = query.get_untracked();
        next.offset = offset;
        router.navigate(&Route::Jobs, &next.address());
    };

    let copied = RwSignal::new(None::<(String, bool)>);
    // The fits on the page, and whether each has ended: their best costs are read in a chunk.
    let trends = cost_trend::trends();
    let fits: cost_trend::PageFits = Memo::new(move |_| {
        page.with(|p| {
            p.as_ref().map_or_else(Vec::new, |p| {
                p.jobs.iter().filter(|j| cost_trend::is_fit(j)).map(|j| (j.job_id.clone(), j.is_terminal)).collect()
            })
        })
    })
    .into();
    let picked = RwSignal::from(PICKED.with(ArcRwSignal::clone));
    let rows = move || {
        page.get().map(|p| {
            if p.jobs.is_empty() {
                return view! { <p class="muted">"No jobs match these filters."</p> }.into_any();
            }
            let sort = query.with(|q| q.sort);
            // The clock redraws the times' cells each second, not the table: only the order by
            // run follows it.
            let clock = now;
            let now = if sort == Sort::Longest { now.get() } else { now.get_untracked() };
            let mut jobs = p.jobs;
            // Only the cost order follows the costs as they are read.
            let best = |id: &str| {
                if sort != Sort::LowestCost {
                    return f64::NAN;
                }
                trends.with(|t| t.iter().find(|(i, _)| i == id).map_or(f64::NAN, |(_, t)| t.value))
            };
            in_order(&mut jobs, sort, now, best);
            let order_note = (sort != Sort::Newest).then(|| {
                view! { <p class="hint">{format!("{} within this page: the API lists jobs newest first and pages them that way.", sort.label())}</p> }
            });
            view! {
                {order_note}
                <div class="table-wrap">
                    <table class="jobs">
                        <caption class="visually-hidden">"Jobs, newest first"</caption>
                        <thead><tr><th scope="col"><span class="visually-hidden">"Pick to compare"</span></th><th scope="col">"Job"</th><th scope="col">"Status"</th><th scope="col">"Type"</th><th scope="col">"Priority"</th><th scope="col">"Submitted"</th><th scope="col">"Ran"</th><th scope="col">"Best cost"</th><th scope="col">"Project"</th></tr></thead>
                        <tbody>
                            {jobs.into_iter().map(|j| {
                                let submitted = j.created_at.timestamp_millis() as f64;
                                let (started, completed, running) = (j.started_at, j.completed_at, !j.is_terminal);
                                let ran = move || {
                                    jobs_core::wire::run_time_ms(started, completed, running, clock.get()).map_or_else(|| "—".to_owned(), duration)
                                };
                                let id = j.job_id.clone();
                                let (full_id, start_of_id) = (reveal_bidi(&id), short_id(&id));
                                let (toggled, is_picked, full) = (id.clone(), id.clone(), id.clone());
                                let pick = move |ev: leptos::ev::Event| {
                                    let on = event_target_checked(&ev);
                                    picked.update(|p| {
                                        p.retain(|x| *x != toggled);
                                        if on && p.len() < MOST {
                                            p.push(toggled.clone());
                                        }
                                    });
                                };
                                view! {
                                    <tr>
                                        <td class="pick">
                                            <input type="checkbox" aria-label=format!("Pick job {full_id} to compare")
                                                prop:checked=move || picked.with(|p| p.contains(&is_picked))
                                                disabled=move || picked.with(|p| p.len() >= MOST && !p.contains(&full))
                                                on:change=handler(pick)/>
                                        </td>
                                        <td class="job-id">
                                            // On a phone, the ID's start (the whole one is still the link's name), and Copy.
                                            <Link to=Route::Job(id.clone())><code>
                                                <span class="id-full">{full_id}</span>
                                                <span class="id-short" aria-hidden="true">{start_of_id}</span>
                                            </code></Link>
                                            {copy_button(id.clone(), copied)}
                                        </td>
                                        <td data-label="Status">
                                            <StatusBadge status=j.status.clone()/>
                                            {j.error_code.as_ref().map(|code| view! { " " <code class="error-code">{reveal_bidi(code.as_str())}</code> })}
                                        </td>
                                        <td data-label="Type">{reveal_bidi(j.job_type.as_str())}</td>
                                        <td data-label="Priority">{j.priority.to_string()}</td>
                                        <td data-label="Submitted"><time datetime=iso_time(submitted) title=local_time(submitted)>{text(move || relative(submitted, clock.get()))}</time></td>
                                        <td data-label="Ran">{text(ran)}</td>
                                        <td class="best-cost" data-label="Best cost">{best_cost(&j, trends)}</td>
                                        <td data-label="Project">{j.project_id.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    };

    let paging = move || {
        let q = query.get();
        page.get().map(|p| {
            // The API's page, with any jobs kept out of it for a filter it did not apply.
            let shown = p.answered;
            let total = p.total;
            let range = if shown == 0 {
                String::new()
            } else {
                match total {
                    Some(total) => format!("{}–{} of {total}", q.offset + 1, q.offset + shown),
                    None => format!("{}–{}", q.offset + 1, q.offset + shown),
                }
            };
            let has_next = match total {
                Some(total) => u64::from(q.offset + shown) < total,
                None => shown == q.limit,
            };
            let previous = q.offset.saturating_sub(q.limit);
            let next = q.offset + q.limit;
            view! {
                <nav class="row paging" aria-label="Pages">
                    <button type="button" disabled={q.offset == 0} on:click=handler(move |_| go(previous))>"← Newer"</button>
                    <span class="muted">{range}</span>
                    <button type="button" disabled={!has_next} on:click=handler(move |_| go(next))>"Older →"</button>
                </nav>
            }
        })
    };

    view! {
        <h1>"Jobs"</h1>
        <div class="row filters">
            <SelectField id="filter-status" label="Status"
                value=Signal::derive(move || query.with(|q| q.status.as_str().to_owned()))
                on_change=move |value: String| filter(&|q| q.status = StatusFilter::from_address(&value))>
                <option value="">"Any status"</option>
                {StatusFilter::GROUPS.iter().map(|g| view! { <option value=g.as_str()>{g.label()}</option> }).collect_view()}
                {JobStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> }).collect_view()}
            </SelectField>
            <SelectField id="filter-type" label="Job type"
                value=Signal::derive(move || query.with(|q| selected(&q.job_type)))
                on_change=move |value: String| filter(&|q| q.job_type = chosen(&value))>
                <option value="">"Any type"</option>
                {JobType::ALL.iter().map(|t| view! { <option value=t.as_str()>{t.as_str()}</option> }).collect_view()}
            </SelectField>
            <div class="field">
                <label for="filter-project">"Project"</label>
                // Applied on Enter or on leaving the field, not on each key (each is a request).
                <input id="filter-project" type="search" autocomplete="off" spellcheck="false" placeholder="Any project"
                    prop:value=move || query.with(|q| q.project.clone().unwrap_or_default())
                    on:change=handler(move |ev: leptos::ev::Event| {
                        let typed = event_target_value(&ev);
                        filter(&|q| q.set_project(&typed));
                    })/>
            </div>
            <SelectField id="page-size" label="Per page"
                value=Signal::derive(move || query.with(|q| q.limit.to_string()))
                on_change=per_page>
                {PAGE_SIZES.iter().map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
            </SelectField>
            <SelectField id="sort" label="Order"
                value=Signal::derive(move || query.with(|q| q.sort.as_str().to_owned()))
                on_change=move |value: String| {
                    let mut next = query.get_untracked();
                    next.sort = Sort::from_address(&value);
                    router.replace(&Route::Jobs, &next.address());
                }>
                {Sort::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
            </SelectField>
            <button type="button" on:click=handler(move |_| live.now())>"Refresh"</button>
        </div>
        {find_by_id()}
        <p class="muted" role="status" aria-live="polite">{text(move || {
            let updated = live.updated_at.get().map(|t| format!(" Updated {}.", relative(t, now.get()))).unwrap_or_default();
            if live.failing.get() { format!("Reconnecting…{updated}") }
            // An empty page (no job matches) says so in the table's place, and nothing here.
            else if page.with(|p| p.as_ref().is_none_or(|p| p.jobs.is_empty())) { updated.trim_start().to_owned() }
            else if live.finished.get() { format!("Every job on this page has ended.{updated}") }
            else { format!("Refreshing while jobs run.{updated}") }
        })}</p>
        // The list polls again as the status page does: a passing failure is said the same way.
        {part(move || (problem.get().map(|error| view! { <ApiErrorBanner error=error retrying=true nothing_yet=page.with(Option::is_none)/> })).map(IntoAny::into_any))}
        // Loading only until the first answer: a failure shows its banner instead.
        {part(move || ((page.with(Option::is_none) && problem.with(Option::is_none)).then(|| view! { <p class="muted">"Loading jobs…"</p> })).map(IntoAny::into_any))}
        {part(move || page.with(|p| p.as_ref().and_then(|p| query.with(|q| unapplied(&p.unapplied, &q.status)))).map(IntoAny::into_any))}
        {selection_bar(picked)}
        {part(rows)}
        {part(move || paging().map(IntoAny::into_any))}
        {part(move || fits.with(|f| !f.is_empty()).then(|| crate::chunks::cost_trends_reader(fits).into_any()))}
    }
}

/// Whether a job's ID starts with what was typed: its letters in either case, since an ID's hex
/// digits may be typed or pasted upper-case. IDs are ASCII (the API's are UUIDs); any other
/// character must be typed as it is.
fn id_starts_with(id: &str, typed: &str) -> bool {
    id.as_bytes().get(..typed.len()).is_some_and(|start| start.eq_ignore_ascii_case(typed.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_found_by_its_start_in_either_case() {
        let id = "3F2a9c1e-77b0-4c55-9d7e-0a1b2c3d4e5f";
        for typed in ["3f2A", "3F2A9C1E-77B0", "3f2a9c1e-77b0-4c55-9d7e-0a1b2c3d4e5f", "3"] {
            assert!(id_starts_with(id, typed), "{typed}");
        }
        for typed in ["3f2b", "f2a", "3F2a9c1e-77b0-4c55-9d7e-0a1b2c3d4e5f0"] {
            assert!(!id_starts_with(id, typed), "{typed}");
        }
        // Any other character as it is.
        assert!(id_starts_with("jöb-1", "Jö"));
        assert!(!id_starts_with("jöb-1", "JÖ"));
    }

    fn job(id: &str, started: &str, completed: Option<&str>) -> JobResponse {
        let completed = completed.map_or_else(|| "null".to_owned(), |c| format!("\"{c}\""));
        serde_json::from_str(&format!(
            r#"{{"job_id":"{id}","job_type":"datafit","status":"completed","priority":0,"created_at":"2026-01-01T00:00:00Z",
                "updated_at":"2026-01-01T00:00:00Z","started_at":"{started}","completed_at":{completed},
                "user_id":"u","organization_id":"o","is_terminal":{},"is_failed":false}}"#,
            completed != "null"
        ))
        .unwrap()
    }

    fn ids(jobs: &[JobResponse]) -> Vec<&str> {
        jobs.iter().map(|j| j.job_id.as_str()).collect()
    }

    #[test]
    fn a_page_is_ordered_by_run_or_cost_with_ties_and_jobs_without_a_cost_kept_in_the_apis_order() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:01:00Z").unwrap().timestamp_millis() as f64;
        let page = vec![
            job("a", "2026-01-01T00:00:00Z", Some("2026-01-01T00:00:05Z")),
            job("b", "2026-01-01T00:00:00Z", None),
            job("c", "2026-01-01T00:00:00Z", Some("2026-01-01T00:00:30Z")),
            job("d", "2026-01-01T00:00:00Z", Some("2026-01-01T00:00:05Z")),
        ];
        let cost = |id: &str| match id {
            "a" => 0.5,
            "c" => 0.01,
            _ => f64::NAN,
        };
        let ordered = |sort| {
            let mut jobs = page.clone();
            in_order(&mut jobs, sort, now, cost);
            ids(&jobs).into_iter().map(str::to_owned).collect::<Vec<_>>()
        };
        assert_eq!(ordered(Sort::Newest), ["a", "b", "c", "d"]);
        assert_eq!(ordered(Sort::Oldest), ["d", "c", "b", "a"]);
        assert_eq!(ordered(Sort::Longest), ["b", "c", "a", "d"], "b still runs: a minute so far");
        assert_eq!(ordered(Sort::LowestCost), ["c", "a", "b", "d"]);
    }
}
