//! kla: a static-site generator for Indonesia's *Kabupaten/Kota Layak Anak* reports.
//!
//! The build is a chain of stages, each a module with one job and each taking
//! the previous stage's value:
//!
//! ```text
//! load::load_site (walk + parse + validate, errors with spans) -> model::Site
//!   -> score::score (pure predicates over the rubric)           -> score::Scored
//!   -> render::render (tera templates, Markdown, open data)     -> Vec<render::OutputFile>
//!   -> output::write_site (build beside, swap in on success)         -> output/
//! ```
//!
//! [`build`] composes them; `cli` wraps them for the terminal; [`serve`]
//! rebuilds in memory on every save and serves the result with live reload;
//! [`publish`] (`kla build --watch`) rebuilds the same way and publishes each
//! result into the output folder with the build's atomic swap.

pub mod build;
pub mod cli;
pub mod diag;
pub mod explain;
pub mod import;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod score;
pub mod serve;
#[cfg(test)]
mod testkit;

/// The version `kla --version` prints: the crate's, and the git commit it
/// was built from when built from a checkout (see `build.rs`), so a
/// publisher can tell which kla made a site.
pub const VERSION: &str = env!("KLA_VERSION");

/// Turns transparent huge pages off for this process. mimalloc's arenas would
/// otherwise take 2 MB pages, and the kernel zeroes each one whole on first
/// touch, a large share of a build's CPU, and peak memory grows by the unused
/// rest of each huge page (bench/README.md, "Figures behind the code's
/// comments").
/// Public so the `kla` binary and the benchmarks run under the same setting.
/// Best effort: an old kernel without the flag just keeps its default.
pub fn without_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
