//! Pieces the pages share: the API error banner, form fields with their label, hint and error,
//! a question before replacing what was typed, the status badge, the JSON editor and tree, the progress chart,
//! the fitted parameters, the list's best costs, and where a job's callback stands.

pub mod banner;
pub mod callback_state;
pub mod chart;
pub mod confirm;
pub mod cost_trend;
pub mod field;
pub mod fit;
pub mod json_editor;
pub mod json_tree;
pub mod status;
