//! Pieces the pages share.

pub mod json_editor;
