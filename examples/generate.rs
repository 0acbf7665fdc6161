//! Writes a large synthetic site in kla's own format, for the benchmarks
//! (`bench/run`, `bench/hugo`, bench/README.md) and scale tests.
//!
//! ```text
//! cargo run --release --example generate -- national|village DIR [--seed N] [--limit N]
//!     [--data DIR] [--languages id|id,en]
//! ```
//!
//! A maintainer's tool, kept out of the `kla` binary that publishers install
//! (as mdBook keeps its tooling out of `mdbook`): an example, so it needs no
//! workspace of its own and uses only the kla library's public API. The
//! generator itself is `generate/mod.rs`; the tests that need a generated
//! site (`tests/generated.rs`, `examples/hugo_export.rs`) include that module.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[path = "generate/mod.rs"]
mod generator;
#[cfg(test)]
#[path = "generate/tests.rs"]
mod tests;

use generator::{Dataset, GenerateOptions};

/// Write a large synthetic site (for benchmarks): `national` or `village`.
#[derive(Debug, Parser)]
#[command(name = "generate")]
struct Args {
    /// Which dataset: the 514 kabupaten/kota, or every desa/kelurahan.
    #[arg(value_enum)]
    dataset: GenDataset,
    /// The new site folder (must not exist or be empty).
    dir: PathBuf,
    /// Seed of every random choice: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// village only: take the first N desa/kelurahan.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Folder holding kabupaten_kota.csv and wilayah.csv.
    #[arg(long, value_name = "DIR", default_value = "data/wilayah")]
    data: PathBuf,
    /// The site's languages, default first: `id,en` (pages in both) or `id`.
    /// Unless given: national `id,en`, village `id` (the datasets of
    /// bench/README.md).
    #[arg(long, value_name = "LANGS", value_delimiter = ',')]
    languages: Option<Vec<String>>,
}

/// The datasets the generator can write.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum GenDataset {
    /// 514 kabupaten/kota, five years, ~400-word narratives.
    National,
    /// Every desa/kelurahan as a region, one year, ~150-word narratives.
    Village,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let dataset = match args.dataset {
        GenDataset::National => Dataset::National,
        GenDataset::Village => Dataset::Village { limit: args.limit },
    };
    let opts = GenerateOptions {
        dataset,
        out: args.dir.clone(),
        data_dir: args.data,
        seed: args.seed,
        languages: args.languages,
    };
    match generator::generate(&opts) {
        Ok(regions) => {
            let regions = kla::diag::count(regions, "region", "regions");
            println!("generated {regions} into {}", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
