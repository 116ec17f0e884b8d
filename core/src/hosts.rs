//! International host names in the browser build (feature `browser`): until ICU4X's tables are
//! installed, the `url` crate's IDNA step asks the browser's URL parser (vendor/idna/src/host.rs),
//! whose newer Unicode data answers some names otherwise than the reference (pydantic-core, with
//! ICU4X 1.5's data) does. The web app keeps the tables in a chunk: it loads them when a check
//! first leans on the browser ([`provisional`]), installs them ([`install`]), and checks again.

pub use idna::tables::{ToAscii, UTS46};

/// Runs `check`, and says whether its answer leaned on the browser's IDNA (a host name that
/// needed Unicode data while the tables were not installed): such an answer is provisional, and
/// may differ from the reference's.
pub fn provisional<T>(check: impl FnOnce() -> T) -> (T, bool) {
    let before = idna::tables::browser_answers();
    let answer = check();
    (answer, idna::tables::browser_answers() != before)
}

/// From now on host names are mapped with `tables` (what the web app's chunk gives: [`UTS46`]).
pub fn install(tables: ToAscii) {
    idna::tables::install(tables);
}

/// Whether the tables are installed.
pub fn installed() -> bool {
    idna::tables::installed()
}
