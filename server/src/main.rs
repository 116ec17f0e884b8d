//! The local jobs API. (Being written.)
fn main() {}
