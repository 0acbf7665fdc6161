//! The `kla` command line; all logic lives in the library.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of glibc's allocator: rendering allocates and frees many
/// small strings and values from every thread, where glibc's arenas spend a
/// large share of a build (measured in bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    kla::without_transparent_huge_pages();
    kla::cli::run(kla::cli::Cli::parse())
}
