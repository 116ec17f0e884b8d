//! Jobs side by side (`/compare?ids=a,b,c`): which jobs an address names, and what the compare
//! page shows of them: each fit's final and best cost (the best fit marked), each parameter's best
//! value per job with its spread and its difference to a reference job, the best cost against
//! iteration for every job on one chart, and each parameter's trace per job. A job without saved
//! iterations (not a fit, not started, not found) is left out of what it cannot give, never an
//! error. Pure: tested natively.

use std::fmt::Write;
use std::sync::Arc;

use jobs_core::pyjson::{entries, Entry};

use crate::components::chart::{Line, Plot};
use crate::components::fit::start_class;
use crate::fit::Fit;
use crate::format::{count, exact, number, reveal_bidi};
use crate::plot::escape;
use crate::uri;

/// The fewest jobs a comparison is for.
pub const FEWEST: usize = 2;
/// The most jobs compared at once (a colour each).
pub const MOST: usize = 8;

/// The job IDs an address's query string names (`ids=a,b,c`, each percent-encoded), in order,
/// each once; empty ones are left out.
pub fn ids_from_query(query: &str) -> Vec<String> {
    let raw = query.split('&').find_map(|part| part.strip_prefix("ids=")).unwrap_or("");
    let mut ids: Vec<String> = Vec::new();
    for id in raw.split(',') {
        let id = uri::decode(id).unwrap_or_else(|| id.to_owned());
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The query string that names `ids` (the address alone reproduces a comparison).
pub fn query_for(ids: &[String]) -> String {
    let encoded: Vec<String> = ids.iter().map(|id| uri::encode(id)).collect();
    format!("ids={}", encoded.join(","))
}

/// How a job is named where room is short: its place in the comparison and the start of its ID.
pub fn label(place: usize, id: &str) -> String {
    let start = match id.char_indices().nth(8) {
        Some((at, _)) => &id[..at],
        None => id,
    };
    format!("{} · {}", place + 1, reveal_bidi(start))
}

/// The CSS class of the `place`th job's colour, the same in every chart and table.
pub fn colour(place: usize) -> &'static str {
    start_class(place)
}

/// The lowest cost a fit has found so far, None without saved iterations.
pub fn best_cost(fit: &Fit) -> Option<f64> {
    fit.best_by_start().into_iter().map(|(_, c)| c).filter(|c| c.is_finite()).reduce(f64::min)
}

/// The cost of a fit's last saved iteration.
pub fn final_cost(fit: &Fit) -> Option<f64> {
    fit.points.last().map(|p| p.cost)
}

/// The place of the fit with the lowest best cost, when at least two jobs have one (a single fit
/// is not "the best" of anything).
pub fn best_fit(fits: &[&Fit]) -> Option<usize> {
    let costs: Vec<(usize, f64)> = fits.iter().enumerate().filter_map(|(i, f)| best_cost(f).map(|c| (i, c))).collect();
    if costs.len() < FEWEST {
        return None;
    }
    costs.into_iter().min_by(|a, b| a.1.total_cmp(&b.1)).map(|(i, _)| i)
}

/// A fit's best cost so far against iteration, every multistart together: its saved iterations
/// in order of iteration, each with the lowest cost found up to it.
pub fn best_so_far(fit: &Fit) -> (Vec<f64>, Vec<f64>) {
    let mut points: Vec<(f64, f64)> =
        fit.points.iter().map(|p| (p.iteration, p.best_cost.min(p.cost))).filter(|(x, _)| !x.is_nan()).collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut lowest = f64::INFINITY;
    points
        .into_iter()
        .map(|(x, c)| {
            if !c.is_nan() {
                lowest = lowest.min(c);
            }
            (x, if lowest.is_finite() { lowest } else { f64::NAN })
        })
        .unzip()
}

/// The convergence chart: every job's best cost against iteration, a colour each, on a log scale
/// when every cost is positive. `ids[i]` names `fits[i]`.
pub fn convergence(ids: &[String], fits: &[&Fit]) -> Plot {
    let winner = best_fit(fits);
    let mut lines = Vec::new();
    let mut summary = Vec::new();
    for (place, (id, fit)) in ids.iter().zip(fits).enumerate() {
        let Some(best) = best_cost(fit) else { continue };
        let (x, y) = best_so_far(fit);
        let mark = if winner == Some(place) { " ★ best fit" } else { "" };
        let name = label(place, id);
        summary.push(format!("{name} {}{mark}", number(best)));
        lines.push(Line {
            label: format!("{name}: best cost {}{mark}", number(best)),
            class: format!("{} best", colour(place)),
            x: Arc::from(x),
            y: Arc::from(y),
            bars: None,
            hidden: false,
        });
    }
    let drawn = lines.len();
    Plot {
        title: "Best cost against iteration".to_owned(),
        x_name: "Iteration".to_owned(),
        y_name: "Best cost".to_owned(),
        log_y: true,
        lines,
        marks: Vec::new(),
        note: String::new(),
        summary: if drawn == 0 {
            String::new()
        } else {
            format!("Best cost of {} fits: {}.", count(drawn), summary.join("; "))
        },
        x_extent: None,
    }
}

/// The names of every fitted parameter of `fits`, in order of first appearance.
pub fn parameter_names(fits: &[&Fit]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for p in fits.iter().flat_map(|f| &f.parameters) {
        if !names.contains(&p.name) {
            names.push(p.name.clone());
        }
    }
    names
}

/// Parameter `name`'s trace per job: its values at the saved iterations of the multistart that
/// won each fit (every start together would zigzag).
pub fn trace(ids: &[String], fits: &[&Fit], name: &str) -> Plot {
    let mut lines = Vec::new();
    let (mut low, mut high) = (f64::INFINITY, 0f64);
    for (place, (id, fit)) in ids.iter().zip(fits).enumerate() {
        let Some(p) = fit.parameters.iter().find(|p| p.name == name) else { continue };
        let start = fit.winner().or(fit.points.first().map(|q| q.start));
        let (x, y) = start.map(|s| fit.trace(p, s)).unwrap_or_default();
        for v in y.iter().filter(|v| v.is_finite()) {
            (low, high) = (low.min(*v), high.max(*v));
        }
        lines.push(Line {
            label: label(place, id),
            class: format!("{} trace", colour(place)),
            x: Arc::from(x),
            y: Arc::from(y),
            bars: None,
            hidden: false,
        });
    }
    let jobs = lines.len();
    Plot {
        title: name.to_owned(),
        x_name: "Iteration".to_owned(),
        y_name: name.to_owned(),
        // As on a job's page: a log scale when the values span more than a factor of 20.
        log_y: low > 0.0 && high / low > 20.0,
        lines,
        marks: Vec::new(),
        note: String::new(),
        summary: format!("{name} over the iterations of {} fits.", count(jobs)),
        x_extent: None,
    }
}

/// One parameter across the compared jobs.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterRow {
    /// Its name (the unit in brackets).
    pub name: String,
    /// Its best value per job (NaN where a job has none).
    pub values: Vec<f64>,
    /// The lowest and highest of those values.
    pub min: f64,
    pub max: f64,
    /// Per job, `(value − reference) / |reference|` (NaN where either is missing; ±∞ against a
    /// reference of zero).
    pub relative: Vec<f64>,
}

impl ParameterRow {
    /// Whether job `place`'s value differs from the reference's by more than `threshold` (a
    /// fraction: 0.1 is 10 %).
    pub fn differs(&self, place: usize, threshold: f64) -> bool {
        self.relative.get(place).is_some_and(|r| r.abs() > threshold)
    }
}

/// Every parameter's best value per job, its spread, and its difference to the job at
/// `reference`.
pub fn parameter_rows(fits: &[&Fit], reference: usize) -> Vec<ParameterRow> {
    parameter_names(fits)
        .into_iter()
        .map(|name| {
            let values: Vec<f64> = fits
                .iter()
                .map(|f| f.parameters.iter().find(|p| p.name == name).map_or(f64::NAN, |p| p.best))
                .collect();
            let finite = || values.iter().copied().filter(|v| v.is_finite());
            let min = finite().reduce(f64::min).unwrap_or(f64::NAN);
            let max = finite().reduce(f64::max).unwrap_or(f64::NAN);
            let base = values.get(reference).copied().unwrap_or(f64::NAN);
            let relative = values
                .iter()
                .map(|v| {
                    let d = *v - base;
                    // Equal values differ by 0, even against a reference of zero.
                    if d.is_nan() || d == 0.0 {
                        d
                    } else {
                        d / base.abs()
                    }
                })
                .collect();
            ParameterRow { name, values, min, max, relative }
        })
        .collect()
}

/// A relative difference as the table shows it: `+12.5 %`, `−3 %`, `0 %`.
pub fn percent(relative: f64) -> String {
    if relative.is_nan() {
        return "—".to_owned();
    }
    if relative.is_infinite() {
        return if relative > 0.0 { "+∞ %" } else { "−∞ %" }.to_owned();
    }
    let text = number(relative.abs() * 100.0);
    match relative {
        r if r > 0.0 => format!("+{text} %"),
        r if r < 0.0 => format!("−{text} %"),
        _ => "0 %".to_owned(),
    }
}

/// The parameters' table as markup: a row per parameter, a column per job (its best value and
/// its difference to the reference; above `threshold`, marked in words as well as colour), the
/// lowest and highest value.
pub fn parameter_table(ids: &[String], rows: &[ParameterRow], reference: usize, threshold: f64) -> String {
    let mut out = format!(
        r#"<caption class="visually-hidden">Each parameter's best value per job, its difference to the reference job ({}), and the lowest and highest value</caption><thead><tr><th scope="col">Parameter</th>"#,
        escape(&ids.get(reference).map_or_else(String::new, |id| label(reference, id)))
    );
    for (place, id) in ids.iter().enumerate() {
        let role = if place == reference { " (reference)" } else { "" };
        let _ = write!(
            out,
            r#"<th scope="col"><span class="job-swatch {}" aria-hidden="true"></span>{}{role}</th>"#,
            colour(place),
            escape(&label(place, id))
        );
    }
    out.push_str(r#"<th scope="col">Lowest</th><th scope="col">Highest</th></tr></thead><tbody>"#);
    for row in rows {
        let _ = write!(out, r#"<tr><th scope="row">{}</th>"#, escape(&row.name));
        for (place, value) in row.values.iter().enumerate() {
            if value.is_nan() {
                out.push_str(r#"<td class="muted">not fitted</td>"#);
                continue;
            }
            let differs = place != reference && row.differs(place, threshold);
            let difference = if place == reference {
                String::new()
            } else {
                format!(r#"<span class="relative">{}</span>"#, percent(row.relative[place]))
            };
            let _ = write!(
                out,
                r#"<td class="number{}" title="{}">{}{difference}{}</td>"#,
                if differs { " differs" } else { "" },
                exact(*value),
                number(*value),
                if differs {
                    r#"<span class="visually-hidden"> (differs by more than the threshold)</span>"#
                } else {
                    ""
                }
            );
        }
        for v in [row.min, row.max] {
            let _ = write!(out, r#"<td class="number" title="{}">{}</td>"#, exact(v), number(v));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody>");
    out
}

/// The parameters' table as CSV: a row per parameter, each job's best value (full precision),
/// the lowest, the highest, and each job's difference to the reference as a fraction.
pub fn parameters_csv(ids: &[String], rows: &[ParameterRow], reference: usize) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let value = |v: f64| if v.is_nan() { String::new() } else { exact(v) };
    let mut out = String::from("\"parameter\"");
    for id in ids {
        let _ = write!(out, ",{}", quote(id));
    }
    out.push_str(",\"lowest\",\"highest\"");
    let reference_id = ids.get(reference).map_or("", String::as_str);
    for id in ids {
        let _ = write!(out, ",{}", quote(&format!("{id} relative to {reference_id}")));
    }
    out.push('\n');
    for row in rows {
        out.push_str(&quote(&row.name));
        for v in row.values.iter().chain([&row.min, &row.max]).chain(&row.relative) {
            out.push(',');
            out.push_str(&value(*v));
        }
        out.push('\n');
    }
    out
}

/// What a change of params is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only in the other job's params.
    Added,
    /// Only in the reference's.
    Removed,
    /// In both, with another value.
    Changed,
}

/// One difference between two params documents: where (a JSON Pointer, `/model/parameters/2`),
/// what, and the values as written (cut to [`SHOWN`] characters; empty where absent).
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub path: String,
    pub change: Change,
    pub before: String,
    pub after: String,
}

/// How much of a value a difference shows.
pub const SHOWN: usize = 120;

/// The differences from params `reference` to params `other` (JSON as Python reads it), key by
/// key and item by item, at most `limit` of them; and how many there are in all. A repeated key
/// counts once, with its last value (as Python keeps it). Values are compared as written, so
/// `1` and `1.0` differ, as their text does.
pub fn params_diff(reference: &str, other: &str, limit: usize) -> (Vec<Difference>, usize) {
    let mut diff = Diff { found: Vec::new(), total: 0, limit };
    diff.walk(String::new(), reference.trim(), other.trim());
    (diff.found, diff.total)
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// A params diff being found: the differences kept and how many there are.
struct Diff {
    found: Vec<Difference>,
    total: usize,
    limit: usize,
}

impl Diff {
    fn note(&mut self, path: String, change: Change, before: &str, after: &str) {
        self.total += 1;
        if self.found.len() < self.limit {
            let path = if path.is_empty() { "/".to_owned() } else { path };
            self.found.push(Difference { path, change, before: cut(before), after: cut(after) });
        }
    }

    fn walk(&mut self, path: String, a: &str, b: &str) {
        if a == b {
            return;
        }
        let object = |t: &str| t.starts_with('{');
        let container = |t: &str| (object(t) || t.starts_with('[')).then(|| entries(t).ok()).flatten();
        let (Some(ea), Some(eb)) = (container(a), container(b)) else {
            return self.note(path, Change::Changed, a, b);
        };
        if object(a) != object(b) {
            return self.note(path, Change::Changed, a, b);
        }
        let text = |t: &str, e: &Entry| t[e.start..e.end].to_owned();
        // Pairs of (where, reference's entry, other's entry).
        let mut pairs: Vec<(String, Option<Entry>, Option<Entry>)> = Vec::new();
        if object(a) {
            // The last value of each key (as Python keeps it), keys in the reference's order, then
            // the other's new ones.
            let last =
                |entries: &[Entry], key: &str| entries.iter().rev().find(|e| e.key.as_deref() == Some(key)).cloned();
            let mut keys: Vec<&str> = Vec::new();
            for k in ea.iter().chain(&eb).filter_map(|e| e.key.as_deref()) {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            for key in keys {
                let here = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                pairs.push((here, last(&ea, key), last(&eb, key)));
            }
        } else {
            for i in 0..ea.len().max(eb.len()) {
                pairs.push((format!("{path}/{i}"), ea.get(i).cloned(), eb.get(i).cloned()));
            }
        }
        for (here, x, y) in pairs {
            match (x, y) {
                (Some(x), Some(y)) => self.walk(here, &text(a, &x), &text(b, &y)),
                (Some(x), None) => self.note(here, Change::Removed, &text(a, &x), ""),
                (None, Some(y)) => self.note(here, Change::Added, "", &text(b, &y)),
                (None, None) => {}
            }
        }
    }
}

/// How many differences a job's params diff lists (all are counted).
pub const DIFFERENCES_SHOWN: usize = 200;

/// A params diff as a table's markup (caption, head, rows), each value escaped; a last row says
/// how many more there are when not all are listed.
pub fn diff_table(name: &str, found: &[Difference], total: usize) -> String {
    let mut out = format!(
        r#"<caption class="visually-hidden">Where the params of {} differ from the reference job's</caption><thead><tr><th scope="col">Where</th><th scope="col">Change</th><th scope="col">Reference</th><th scope="col">This job</th></tr></thead><tbody>"#,
        escape(name)
    );
    for d in found {
        let change = match d.change {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        };
        let _ = write!(
            out,
            r#"<tr class="{change}"><th scope="row"><code>{}</code></th><td>{change}</td><td><code>{}</code></td><td><code>{}</code></td></tr>"#,
            escape(&d.path),
            escape(&d.before),
            escape(&d.after)
        );
    }
    if total > found.len() {
        let _ = write!(out, r#"<tr><td colspan="4" class="muted">…and {} more.</td></tr>"#, count(total - found.len()));
    }
    out.push_str("</tbody>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::read;

    fn fit(entries: &str) -> Fit {
        read(&format!(r#"{{"intermediate_results": [{entries}]}}"#))
    }

    #[test]
    fn an_address_names_each_job_once_in_order_and_reads_back_what_it_wrote() {
        assert_eq!(ids_from_query("ids=b,a,b,,c&x=1"), ["b", "a", "c"]);
        assert_eq!(ids_from_query("x=1"), Vec::<String>::new());
        let ids = vec!["a,b".to_owned(), "é/1".to_owned(), "100%".to_owned()];
        assert_eq!(ids_from_query(&query_for(&ids)), ids, "commas and escapes inside an ID survive");
        assert_eq!(query_for(&["x".to_owned(), "y".to_owned()]), "ids=x,y");
    }

    #[test]
    fn the_best_fit_is_the_lowest_best_cost_of_at_least_two_fits() {
        let a = fit(r#"{"iteration": 1, "cost": 0.5}, {"iteration": 2, "cost": 0.2, "best_cost": 0.2}"#);
        let b = fit(
            r#"{"iteration": 1, "cost": 0.1, "multistart_job_id": 0}, {"iteration": 1, "cost": 0.9, "multistart_job_id": 1}"#,
        );
        let none = Fit::default();
        assert_eq!(best_cost(&a), Some(0.2));
        assert_eq!(final_cost(&b), Some(0.9));
        assert_eq!(best_fit(&[&a, &none, &b]), Some(2));
        assert_eq!(best_fit(&[&a, &none]), None, "one fit is not the best of anything");
    }

    #[test]
    fn the_best_cost_so_far_falls_in_order_of_iteration_over_every_multistart() {
        let f = fit(r#"{"iteration": 100, "cost": 0.5, "multistart_job_id": 0},
               {"iteration": 100, "cost": 0.9, "multistart_job_id": 1},
               {"iteration": 200, "cost": 0.7, "best_cost": 0.5, "multistart_job_id": 0},
               {"iteration": 200, "cost": 0.1, "multistart_job_id": 1},
               {"iteration": 50, "cost": 2}"#);
        let (x, y) = best_so_far(&f);
        assert_eq!(x, [50.0, 100.0, 100.0, 200.0, 200.0]);
        assert_eq!(y, [2.0, 0.5, 0.5, 0.5, 0.1]);
    }

    #[test]
    fn the_convergence_chart_has_a_line_per_fit_in_its_colour_and_names_the_best() {
        let a = fit(r#"{"iteration": 1, "cost": 0.5}"#);
        let b = fit(r#"{"iteration": 1, "cost": 0.05}"#);
        let ids = ["aaaaaaaa-1".to_owned(), "not-a-fit".to_owned(), "bbbbbbbb-2".to_owned()];
        let plot = convergence(&ids, &[&a, &Fit::default(), &b]);
        assert_eq!(plot.lines.len(), 2, "the job without iterations draws nothing");
        assert_eq!(plot.lines[1].class, "c2 best", "a job keeps its place's colour");
        assert_eq!(plot.lines[1].label, "3 · bbbbbbbb: best cost 0.05 ★ best fit");
        assert!(plot.log_y);
        assert!(plot.summary.contains("2 fits"), "{}", plot.summary);
    }

    #[test]
    fn parameters_are_compared_to_the_reference_with_their_spread() {
        let a = fit(r#"{"cost": 1, "inputs_unscaled": {"R [Ohm]": 0.010, "tau [s]": 30}}"#);
        let b = fit(r#"{"cost": 1, "inputs_unscaled": {"R [Ohm]": 0.012, "C [F]": 0}}"#);
        let c = fit(r#"{"cost": 1, "inputs_unscaled": {"R [Ohm]": 0.0095, "C [F]": 2}}"#);
        let rows = parameter_rows(&[&a, &b, &c], 0);
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["R [Ohm]", "tau [s]", "C [F]"]);
        let r = &rows[0];
        assert_eq!((r.min, r.max), (0.0095, 0.012));
        assert!((r.relative[1] - 0.2).abs() < 1e-12 && (r.relative[2] + 0.05).abs() < 1e-12);
        assert!(r.differs(1, 0.1) && !r.differs(2, 0.1) && !r.differs(0, 0.0));
        assert!(rows[1].relative[1].is_nan(), "b has no tau");
        // Against a reference of zero: an infinite difference, not NaN.
        let against_b = parameter_rows(&[&a, &b, &c], 1);
        assert_eq!(against_b[2].relative[2], f64::INFINITY);
        assert_eq!(percent(0.2), "+20 %");
        assert_eq!(percent(-0.05), "−5 %");
        assert_eq!(percent(f64::NAN), "—");
    }

    #[test]
    fn the_table_marks_differences_in_words_and_escapes_names() {
        let a = fit(r#"{"cost": 1, "inputs_unscaled": {"<b>R</b> [Ohm]": 1}}"#);
        let b = fit(r#"{"cost": 1, "inputs_unscaled": {"<b>R</b> [Ohm]": 2}}"#);
        let ids = ["a".to_owned(), "b".to_owned()];
        let rows = parameter_rows(&[&a, &b], 0);
        let html = parameter_table(&ids, &rows, 0, 0.5);
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains(r#"class="number differs""#) && html.contains("differs by more than the threshold"));
        assert!(!parameter_table(&ids, &rows, 0, 2.0).contains("differs"), "under the threshold: not marked");
        let csv = parameters_csv(&ids, &rows, 0);
        assert_eq!(csv, "\"parameter\",\"a\",\"b\",\"lowest\",\"highest\",\"a relative to a\",\"b relative to a\"\n\"<b>R</b> [Ohm]\",1,2,1,2,0,1\n");
    }

    #[test]
    fn a_trace_has_a_line_per_fit_that_has_the_parameter() {
        let a = fit(
            r#"{"iteration": 1, "cost": 1, "inputs_unscaled": {"R": 1}}, {"iteration": 2, "cost": 0.5, "inputs_unscaled": {"R": 2}}"#,
        );
        let b = fit(r#"{"iteration": 1, "cost": 1, "inputs_unscaled": {"tau": 1}}"#);
        let plot = trace(&["a".to_owned(), "b".to_owned()], &[&a, &b], "R");
        assert_eq!(plot.lines.len(), 1);
        assert_eq!(plot.lines[0].y.as_ref(), [1.0, 2.0]);
    }

    #[test]
    fn a_params_diff_names_added_removed_and_changed_values_by_path() {
        let reference =
            r#"{"model": {"R [Ohm]": 0.01, "steps": [1, 2, 3], "a/b": 1}, "cell": "LG M50", "x": 1, "x": 2}"#;
        let other =
            r#"{"model": {"R [Ohm]": 0.012, "steps": [1, 2], "a/b": 1, "new": {"k": NaN}}, "cell": "LG M50", "x": 2}"#;
        let (found, total) = params_diff(reference, other, 10);
        let shown: Vec<(&str, Change)> = found.iter().map(|d| (d.path.as_str(), d.change)).collect();
        assert_eq!(
            shown,
            [("/model/R [Ohm]", Change::Changed), ("/model/steps/2", Change::Removed), ("/model/new", Change::Added)],
            "a repeated key counts with its last value"
        );
        assert_eq!(total, 3);
        assert_eq!((found[0].before.as_str(), found[0].after.as_str()), ("0.01", "0.012"));
        assert_eq!(found[2].after, r#"{"k": NaN}"#);
        assert_eq!(params_diff("{}", "{}", 10).1, 0);
        assert_eq!(params_diff(r#"{"a": 1}"#, "[1]", 10).0[0].path, "/", "another kind of document");
        let (few, all) = params_diff(r#"{"a": 1, "b": 2, "c": 3}"#, r#"{"a": 2, "b": 3, "c": 4}"#, 2);
        assert_eq!((few.len(), all), (2, 3), "at most the limit shown, every one counted");
        assert_eq!(
            params_diff(r#"{"a": "x"}"#, &format!(r#"{{"a": "{}"}}"#, "y".repeat(500)), 1).0[0].after.chars().count(),
            SHOWN + 1
        );
    }

    #[test]
    fn a_diff_table_escapes_paths_and_values_and_says_how_many_more() {
        let (found, total) = params_diff(r#"{"<i>": 1, "b": 2}"#, r#"{"<i>": "<script>", "b": 3}"#, 1);
        let html = diff_table("2 · x", &found, total);
        assert!(!html.contains("<i>") && !html.contains("<script>"), "{html}");
        assert!(html.contains("/&lt;i&gt;") && html.contains("…and 1 more."));
    }
}
