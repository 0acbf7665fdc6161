//! The `kla` command line; all logic lives in the library.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of glibc's allocator: rendering allocates and frees many
/// small strings and values from every thread, where glibc's arenas spend a
/// large share of a build (measured in bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    without_transparent_huge_pages();
    kla::cli::run(kla::cli::Cli::parse())
}

/// Turns transparent huge pages off for this process. mimalloc's arenas would
/// otherwise take 2 MB pages, and the kernel zeroes each one whole on first
/// touch: 17 % of a national build's CPU samples were `clear_page_erms`, and
/// peak memory grows by the unused rest of each huge page (bench/README.md).
/// Best effort: an old kernel without the flag just keeps its default.
fn without_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
