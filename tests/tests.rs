//! kla's integration tests, as one test binary.
//!
//! Every test binary links the whole crate and its dependencies, so each one
//! costs a link and hundreds of megabytes of disk; one binary made of modules
//! costs one. Cargo builds every `tests/*.rs` as a binary of its own, so the
//! modules live in `tests/it/` (which it does not look into) and this file
//! declares them.
//!
//! To add a test file: write `tests/it/<name>.rs` and add `mod <name>;` below
//! (the shared helpers are `crate::common`). Its insta snapshots go to
//! `tests/it/snapshots/tests__it__<name>__<snapshot>.snap`.
//! Run one file's tests with `cargo test --test tests it::<name>::`.

mod common;

mod it {
    mod architecture;
    mod bad_input;
    mod build;
    mod cli;
    mod explain;
    mod generated;
    mod hostile;
    mod import;
    mod interrupted_build;
    mod maps;
    #[cfg(target_os = "linux")]
    mod publish;
    mod readers;
    mod scaffold;
    mod search;
    mod serve;
    mod snapshots;
}
