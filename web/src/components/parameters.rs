//! The fitted parameters of a running or finished fit (`inputs_unscaled` of its saved
//! iterations): each one's best value (at the entry of lowest cost) beside a small chart of its
//! values, one line per multistart; the best values copy as a JSON object.

use leptos::prelude::*;

use crate::components::chart::{sparkline, Parameter};
use crate::erased::{handler, part, text};
use crate::format::{reveal_bidi, short};

/// The parameters' table, live: it follows `parameters` as polls bring new entries.
#[component]
pub fn Parameters(parameters: RwSignal<Vec<Parameter>>) -> impl IntoView {
    let copied = RwSignal::new(None::<String>);
    let copy = move |_| {
        let text = parameters.with_untracked(|ps| best_values(ps));
        crate::task::spawn_for_page(None, async move {
            let done = crate::clipboard::copy_to_clipboard(&text).await;
            copied.set(Some(
                if done { "The best values are copied, as JSON." } else { "This browser did not allow copying." }
                    .to_owned(),
            ));
        });
    };
    view! {
        <section aria-labelledby="parameters-heading">
            <div class="row">
                <h2 id="parameters-heading">"Parameters"</h2>
                <button type="button" class="small" on:click=handler(copy)>"Copy best values"</button>
                <span class="hint" role="status">{text(move || copied.get().unwrap_or_default())}</span>
            </div>
            <div class="table-wrap">
                <table class="parameters">
                    <caption class="visually-hidden">"Fitted parameters: the best value found, and the values over the saved iterations"</caption>
                    <thead><tr><th scope="col">"Parameter"</th><th scope="col">"Best value"</th><th scope="col">"Over the iterations"</th></tr></thead>
                    <tbody>{part(move || Some(parameters.get().into_iter().map(row).collect_view().into_any()))}</tbody>
                </table>
            </div>
        </section>
    }
}

fn row(p: Parameter) -> impl IntoView {
    let (first, last) = (p.points.first().map_or(p.best, |q| q.cost), p.points.last().map_or(p.best, |q| q.cost));
    let label = format!(
        "{} over {} saved iterations: from {} to {}; best {}.",
        p.name,
        p.points.len(),
        short(first),
        short(last),
        short(p.best)
    );
    view! {
        <tr>
            <th scope="row">{reveal_bidi(&p.name)}</th>
            <td class="number">{short(p.best)}</td>
            <td>{sparkline(&p.points, label)}</td>
        </tr>
    }
}

/// The best values as a JSON object, by name, each number in JavaScript's shortest exact form.
pub fn best_values(parameters: &[Parameter]) -> String {
    let members: Vec<String> = parameters
        .iter()
        .map(|p| format!("{}: {}", serde_json::to_string(&p.name).unwrap_or_default(), exact(p.best)))
        .collect();
    format!("{{{}}}", members.join(", "))
}

/// A number's shortest text that reads back exactly (JavaScript's, so the app carries no float
/// printer); `null` for what JSON cannot hold.
fn exact(value: f64) -> String {
    if !value.is_finite() {
        return "null".to_owned();
    }
    #[cfg(target_arch = "wasm32")]
    return js_sys::Number::from(value)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_else(|_| "null".to_owned());
    #[cfg(not(target_arch = "wasm32"))]
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::chart::read;

    #[test]
    fn parameters_are_read_by_name_with_the_value_at_the_lowest_cost_as_best() {
        let metadata = r#"{"intermediate_results": [
            {"iteration": 100, "cost": 0.5, "multistart_job_id": 0, "inputs_unscaled": {"R [Ohm]": 0.05, "tau [s]": 200}},
            {"iteration": 100, "cost": 0.1, "multistart_job_id": 1, "inputs_unscaled": {"R [Ohm]": 0.02, "tau [s]": 40}},
            {"iteration": 200, "cost": 0.3, "multistart_job_id": 0, "inputs_unscaled": {"R [Ohm]": 0.03, "tau [s]": "x"}},
            {"iteration": 300, "cost": 0.2, "inputs": {"R [Ohm]": 1}},
            {"iteration": 100, "cost": 0.1, "multistart_job_id": 1, "inputs_unscaled": {"R [Ohm]": 0.09, "tau [s]": 90}},
            {"iteration": 100, "cost": 0.01, "multistart_job_id": 0, "inputs_unscaled": {"R [Ohm]": 0.011}}
        ]}"#;
        let (points, parameters) = read(metadata);
        assert_eq!(points.len(), 6);
        let names: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["R [Ohm]", "tau [s]"]);
        assert_eq!(
            parameters[0].points.iter().map(|p| (p.cost, p.start)).collect::<Vec<_>>(),
            [(0.05, 0), (0.02, 1), (0.03, 0), (0.09, 1), (0.011, 0)]
        );
        // The best is the value of the entry of lowest cost, even when another entry shares its
        // iteration and multistart; on a tie of costs, the first entry's.
        assert_eq!((parameters[0].best, parameters[1].best), (0.011, 40.0));
        assert_eq!(parameters[1].points.len(), 3, "a value that is not a number is left out");
    }

    #[test]
    fn entries_without_parameters_give_none_and_today_s_chart_still_reads() {
        let (points, parameters) = read(r#"{"intermediate_results": [{"iteration": 1, "cost": 2, "best_cost": 2}]}"#);
        assert_eq!(points.len(), 1);
        assert!(parameters.is_empty());
    }

    #[test]
    fn best_values_copy_as_a_json_object_with_names_escaped() {
        let parameters = vec![
            Parameter { name: "R \"0\" [Ohm]".to_owned(), points: Vec::new(), best: 0.012, best_cost: 0.0 },
            Parameter { name: "tau [s]".to_owned(), points: Vec::new(), best: f64::NAN, best_cost: 0.0 },
        ];
        let text = best_values(&parameters);
        assert_eq!(text, r#"{"R \"0\" [Ohm]": 0.012, "tau [s]": null}"#);
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    }
}
