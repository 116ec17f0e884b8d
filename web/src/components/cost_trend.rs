//! The jobs list's Best cost column: for the fits on the page (`datafit`, `optimize`, `ecm_fit`),
//! the lowest cost found so far and a tiny chart of it falling, read from each fit's metadata at a
//! bounded cadence: a running fit's at most every 10 s, an ended fit's once (then kept while the
//! app is open), none while the tab is hidden. The reader is in a chunk with a fit's views (it
//! reads metadata as they do); the list shows what it found.

use std::time::Duration;

use jobs_core::{JobResponse, JobType};
use leptos::prelude::*;

use crate::api::Api;
use crate::compare::{best_cost, best_so_far};
use crate::components::chart::sparkline;
use crate::connection::Connection;
use crate::format::{exact, number};

/// How often a running fit's best cost is read again.
pub const EVERY: Duration = Duration::from_secs(10);

/// The fits on the list's page: each one's ID, and whether it has ended.
pub type PageFits = Signal<Vec<(String, bool)>>;

/// What the list shows of one fit's cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// Its best cost so far, as the page shows numbers ("—" without saved iterations).
    pub best: String,
    /// The same, exact (for the title).
    pub exact: String,
    /// The same as a number (NaN without one), for sorting.
    pub value: f64,
    /// The best cost so far against iteration, as a small chart's markup ("" with fewer than two
    /// iterations).
    pub spark: String,
    /// Read after the job ended: it is not read again.
    pub settled: bool,
}

thread_local! {
    // Kept while the app is open, so that an ended fit's is read once, not on every visit.
    static TRENDS: ArcRwSignal<Vec<(String, Trend)>> = ArcRwSignal::new(Vec::new());
}

/// The trends read so far, by job ID (tracked where read).
pub fn trends() -> RwSignal<Vec<(String, Trend)>> {
    RwSignal::from(TRENDS.with(ArcRwSignal::clone))
}

/// Whether a job is a fit whose best cost the list shows.
pub fn is_fit(job: &JobResponse) -> bool {
    matches!(job.job_type.known(), Some(JobType::Datafit | JobType::Optimize | JobType::EcmFit))
}

/// A fit's trend from its metadata (as text); `ended`: the job had ended when it was read.
pub fn trend_of(metadata: &str, ended: bool) -> Trend {
    let fit = crate::fit::read_costs(metadata);
    let (x, y) = best_so_far(&fit);
    let best = best_cost(&fit);
    let spark = if x.len() >= 2 {
        let label =
            format!("Best cost over {} saved iterations, down to {}.", x.len(), best.map_or_else(String::new, number));
        sparkline(&x, &y, &label)
    } else {
        String::new()
    };
    Trend {
        best: best.map_or_else(|| "—".to_owned(), number),
        exact: best.map_or_else(String::new, exact),
        value: best.unwrap_or(f64::NAN),
        spark,
        settled: ended,
    }
}

/// Reads the trends of `fits` (the fits on the page: ID, and whether it has ended) into
/// [`trends`]: at once for those not read yet, then every [`EVERY`] for running ones, while the
/// page is shown and the tab visible. Says how in a line of its own.
pub fn reader(fits: PageFits) -> AnyView {
    let connection = Connection::get();
    let trends = trends();
    let busy = StoredValue::new(false);
    let owner = Owner::current();
    let round = move || {
        if document().hidden() || busy.get_value() {
            return;
        }
        let due: Vec<(String, bool)> = fits.with_untracked(|f| {
            f.iter()
                .filter(|(id, _)| {
                    trends.with_untracked(|t| t.iter().find(|(i, _)| i == id).is_none_or(|(_, t)| !t.settled))
                })
                .cloned()
                .collect()
        });
        if due.is_empty() {
            return;
        }
        busy.set_value(true);
        crate::task::spawn_for_page(owner.as_ref(), async move {
            let mut api = Api::of(connection);
            let mut read = Vec::new();
            for (id, ended) in due {
                // A fit without metadata (yet) shows "—"; read again while it runs.
                let trend = match api.job_metadata(&id).await {
                    Ok(text) => trend_of(&text, ended),
                    Err(_) => trend_of("{}", ended),
                };
                read.push((id, trend));
            }
            // One change of the list for the round, not one per fit.
            trends.update(|t| {
                for (id, trend) in read {
                    match t.iter_mut().find(|(i, _)| *i == id) {
                        Some((_, old)) => *old = trend,
                        None => t.push((id, trend)),
                    }
                }
            });
            busy.set_value(false);
        });
    };
    // At once when the page's fits change (a new page, a fit that ended), then on the cadence.
    let first = round.clone();
    Effect::new(move |_| {
        fits.track();
        first();
    });
    if let Ok(handle) = set_interval_with_handle(round, EVERY) {
        on_cleanup(move || handle.clear());
    }
    view! {
        <p class="hint">{format!("Best cost: read every {} s for the running fits on this page, once for ended ones, and not while this tab is hidden.", EVERY.as_secs())}</p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trend_gives_the_best_cost_and_a_small_chart_of_it_falling() {
        let trend = trend_of(
            r#"{"intermediate_results": [{"iteration": 1, "cost": 0.5}, {"iteration": 2, "cost": 0.7}, {"iteration": 3, "cost": 0.002}]}"#,
            true,
        );
        assert_eq!((trend.best.as_str(), trend.exact.as_str(), trend.settled), ("0.002", "0.002", true));
        assert!(trend.spark.starts_with("<svg") && trend.spark.contains("down to 0.002"), "{}", trend.spark);
        let none = trend_of("{}", false);
        assert_eq!((none.best.as_str(), none.spark.as_str(), none.settled), ("—", "", false));
        assert_eq!(trend_of(r#"{"intermediate_results": [{"cost": 1}]}"#, false).spark, "", "one point: no chart");
    }
}
