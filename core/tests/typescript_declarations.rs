//! The TypeScript declarations of the npm package are written by hand in `src/node.rs` (wasm-bindgen
//! cannot derive them from the Rust types); these tests keep their lists of job types and field
//! names equal to the Rust ones, in the same order, so that they cannot drift apart.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use jobs_core::{JobType, SubmitJobField, WireEnum};

const NODE_BINDINGS: &str = include_str!("../src/node.rs");

/// The quoted names of the union on the one declaration line that contains `marker`.
fn union_on_line(marker: &str) -> Vec<&'static str> {
    let mut lines = NODE_BINDINGS.lines().filter(|line| line.contains(marker));
    let line = lines.next().unwrap_or_else(|| panic!("src/node.rs declares no {marker:?}"));
    assert!(lines.next().is_none(), "src/node.rs declares {marker:?} more than once");
    let union = &line[line.find(marker).map_or(0, |at| at + marker.len())..];
    union.split('"').skip(1).step_by(2).collect()
}

#[test]
fn the_declared_job_types_are_the_job_types_of_the_contract() {
    let rust: Vec<&str> = JobType::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(union_on_line("readonly job_type:"), rust);
}

#[test]
fn the_declared_field_names_are_the_fields_of_submit_job_request() {
    let rust: Vec<&str> = SubmitJobField::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(union_on_line("export type SubmitJobFieldName ="), rust);
}
