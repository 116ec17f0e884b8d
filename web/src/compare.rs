//! Jobs side by side (`/compare?ids=a,b,c`): which jobs an address names, and what the compare
//! page shows of them: each fit's final and best cost (the best fit marked), each parameter's best
//! value per job with its spread and its difference to a reference job, the best cost against
//! iteration for every job on one chart, and each parameter's trace per job. A job without saved
//! iterations (not a fit, not started, not found) is left out of what it cannot give, never an
//! error. Pure: tested natively.

use std::fmt::Write;
use std::sync::Arc;

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
        let (x, y): (Vec<f64>, Vec<f64>) = fit
            .points
            .iter()
            .zip(&p.values)
            .filter(|(q, v)| Some(q.start) == start && !v.is_nan())
            .map(|(q, v)| (q.iteration, *v))
            .unzip();
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
}
