//! The `kla` command line; all logic lives in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    kla::cli::run(kla::cli::Cli::parse())
}
