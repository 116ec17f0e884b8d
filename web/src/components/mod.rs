//! Pieces the pages share.

pub mod chart;
pub mod json_editor;
pub mod json_tree;
pub mod status;
