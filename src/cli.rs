//! The command line: parses arguments, runs a command, prints the outcome.
//!
//! Commands are thin: every decision lives in the library. Exit codes: 0 on
//! success, 1 when the site's sources have problems (all of them are printed),
//! 2 when the environment failed (I/O, permissions).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildError, BuildOptions, BuildReport};
use crate::generate::{Dataset, GenerateOptions};

const AFTER_HELP: &str = "\
A site folder looks like this:
  site.toml                           title, base_url, languages, theme
  content/rubrics/<id>.toml           a scoring rubric (methodology as data)
  content/regions/<slug>/region.toml  one kabupaten/kota
  content/regions/<slug>/<year>.toml  one evaluation of it
  content/regions/<slug>/index.md     its narrative (+++ TOML front matter +++)
  content/regions/<slug>/<year>.md    the story of one evaluation (optional)
  content/pages/<name>.md             free pages
  templates/*.html                    overrides of the theme's templates
  themes/<name>/{templates,static}/   a theme (the default theme is built in)

Examples:
  kla build                     build the site in this folder into output/
  kla build my-site -o public   build my-site/ into public/
  kla check                     validate everything, write nothing
  kla generate national /tmp/n  write a synthetic 514-region site (benchmarks)

Every problem is reported with file:line:col, the offending line and a hint.";

/// kla builds a static transparency site of Kabupaten/Kota Layak Anak (KLA)
/// evaluations from TOML data and Markdown narratives.
#[derive(Debug, Parser)]
#[command(name = "kla", version, about, long_about = None, after_long_help = AFTER_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into an output folder (replaced whole, only on success).
    #[command(after_long_help = AFTER_HELP)]
    Build {
        /// The site folder, holding site.toml.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Where to write the site [default: SITE/output].
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Use this base URL instead of site.toml's (e.g. for a preview deploy).
        #[arg(short = 'u', long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Validate the sources and templates as a build would, writing nothing.
    #[command(after_long_help = AFTER_HELP)]
    Check {
        /// The site folder, holding site.toml.
        #[arg(default_value = ".")]
        site: PathBuf,
    },
    /// Write a large synthetic site (for benchmarks): `national` or `village`.
    Generate {
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
    },
}

/// The datasets `kla generate` can write.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum GenDataset {
    /// 514 kabupaten/kota, five years, ~400-word narratives.
    National,
    /// Every desa/kelurahan as a region, one year, ~150-word narratives.
    Village,
}

/// Runs the parsed command and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match &cli.command {
        Command::Build { site, output, base_url } => {
            let out = output.clone().unwrap_or_else(|| site.join("output"));
            let opts = BuildOptions {
                root: site.clone(),
                output: out.clone(),
                base_url: base_url.clone(),
            };
            build::build(&opts).map(|r| summary("built", &r, Some(&out)))
        }
        Command::Check { site } => build::check(site).map(|r| summary("checked", &r, None)),
        Command::Generate { dataset, dir, seed, limit, data } => {
            generate(*dataset, dir, *seed, *limit, data).map_err(BuildError::Failed)
        }
    };
    match outcome {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(diags)) => {
            let _ = writeln!(std::io::stderr(), "{diags}");
            ExitCode::from(1)
        }
        Err(BuildError::Failed(err)) => {
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs `kla generate`; returns the summary line.
fn generate(
    dataset: GenDataset,
    dir: &std::path::Path,
    seed: u64,
    limit: Option<usize>,
    data: &std::path::Path,
) -> anyhow::Result<String> {
    let dataset = match dataset {
        GenDataset::National => Dataset::National,
        GenDataset::Village => Dataset::Village { limit },
    };
    let opts =
        GenerateOptions { dataset, out: dir.to_path_buf(), data_dir: data.to_path_buf(), seed };
    let regions = crate::generate::generate(&opts)?;
    Ok(format!("generated {regions} regions into {}", dir.display()))
}

/// One line: what was done, how much, how long.
fn summary(verb: &str, r: &BuildReport, out: Option<&PathBuf>) -> String {
    let place = out.map(|o| format!(" into {}", o.display())).unwrap_or_default();
    format!(
        "{verb} {} regions, {} evaluations: {} pages, {} files ({} KB){place} in {} ms",
        r.regions,
        r.evaluations,
        r.pages,
        r.files,
        r.bytes / 1024,
        r.elapsed.as_millis()
    )
}
