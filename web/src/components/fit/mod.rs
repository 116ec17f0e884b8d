//! A fit on its job page: how the cost falls (per multistart, the winner marked), where each
//! parameter goes, the model against the data (per objective), and the posterior when the fit
//! sampled. Each part shows what the job's data allow and says in a sentence what they do not.

mod cost;
pub mod model;
pub mod parameters;
mod posterior;

use leptos::prelude::*;

use crate::erased::part;
use crate::fit::Fit;

/// The CSS class of the `n`th multistart's colour (eight, then again).
pub fn start_class(n: usize) -> &'static str {
    ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"][n % 8]
}

/// People count multistarts from 1.
pub fn start_name(start: u32) -> String {
    format!("start {}", u64::from(start) + 1)
}

/// Every view of a fit, following `fit` as polls bring more of it (the page says
/// `chart::HINT` above them). `refresh` changes when the
/// model should be fetched again (the fit found better parameters); `live` says the job runs.
#[component]
pub fn FitViews(job_id: String, fit: RwSignal<Fit>, refresh: RwSignal<usize>) -> impl IntoView {
    // Memos: a part is built again only when what it needs comes or goes, not on every poll
    // (which would lose a chart's zoom and readout).
    let has_points = Memo::new(move |_| fit.with(|f| !f.points.is_empty()));
    let has_parameters = Memo::new(move |_| fit.with(|f| !f.parameters.is_empty()));
    let has_chain = Memo::new(move |_| fit.with(|f| f.chain.is_some()));
    view! {
        {part(move || has_points.get().then(|| view! { <cost::Cost fit=fit/> }.into_any()))}
        {part(move || has_parameters.get().then(|| view! { <parameters::Parameters fit=fit/> }.into_any()))}
        <model::ModelAgainstData job_id=job_id refresh=refresh/>
        {part(move || has_chain.get().then(|| view! { <posterior::Posterior fit=fit/> }.into_any()))}
    }
}
