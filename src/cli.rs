//! The command line: parses arguments, runs a command, prints the outcome.
//!
//! Commands are thin: every decision lives in the library. Exit codes: 0 on
//! success, 1 when the site's sources have problems (all of them are printed),
//! 2 when the environment failed (I/O, permissions).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildError, BuildOptions, BuildReport};
use crate::diag::count;
use crate::import::{self, ImportError, ImportOptions};
use crate::model::RegionKind;
use crate::publish::{self, LogFormat, WatchOptions};
use crate::scaffold::{self, NewRegion};
use crate::serve::ServeOptions;
use crate::{explain, load, score};

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
  kla build --watch             build, then publish output/ again on every change
  kla check                     validate everything, write nothing
  kla serve                     serve on http://127.0.0.1:1111/, rebuild on save
  kla import x.csv --year 2025  evaluations from a spreadsheet
  kla explain kota-bontang      why a region has its score and predikat
  kla init situs-baru           start a new site

Every problem is reported with file:line:col, the offending line and a hint.";

/// kla builds a static transparency site of Kabupaten/Kota Layak Anak (KLA)
/// evaluations from TOML data and Markdown narratives.
#[derive(Debug, Parser)]
#[command(name = "kla", version = crate::VERSION, about, long_about = None, after_long_help = AFTER_HELP)]
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
        /// Replace the output folder even if it holds files kla did not write
        /// (they are deleted). The site's own folders are refused all the same.
        #[arg(long)]
        force: bool,
        /// Keep running: rebuild and publish the output again, whole, on every
        /// change of the sources (a broken edit publishes nothing); stops on
        /// SIGTERM or Ctrl-C.
        #[arg(long)]
        watch: bool,
        /// With --watch: a shell command run after each publish, with the
        /// output folder's absolute path in KLA_OUTPUT (e.g. an rsync).
        #[arg(long, value_name = "CMD", requires = "watch")]
        exec: Option<String>,
        /// With --watch: `text` lines for a person, or `json`, one object per
        /// line, for service logs.
        #[arg(long, value_name = "FORMAT", value_enum, default_value_t, requires = "watch")]
        log_format: LogFormat,
    },
    /// Serve the site on a local web server, rebuilding and reloading on every save.
    #[command(after_long_help = AFTER_HELP)]
    Serve {
        /// The site folder, holding site.toml.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; other machines can read the site unless it is a loopback address.
        #[arg(short, long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Open the site in the default browser once it is served.
        #[arg(long)]
        open: bool,
    },
    /// Validate the sources and templates as a build would, writing nothing.
    #[command(after_long_help = AFTER_HELP)]
    Check {
        /// The site folder, holding site.toml.
        #[arg(default_value = ".")]
        site: PathBuf,
    },
    /// Import one year's evaluations from a spreadsheet (.xlsx, .xls, .ods, .csv).
    ///
    /// One row per region; columns `code` and/or `name`, one column per
    /// indicator id (points) or `value:<id>` (a measured value), and optional
    /// `official` (or `predikat`) and `source`. An official list cites its
    /// pages: `url` (and `media`, `tanggal`, `catatan_sumber`) add a source to
    /// each result, and a region may then have one row per source. Nothing is
    /// written unless every row is valid.
    Import {
        /// The spreadsheet.
        file: PathBuf,
        /// The evaluation year of the figures.
        #[arg(long)]
        year: u16,
        /// The site folder, holding site.toml.
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Show the changes as a unified diff and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The sheet to read [default: the first].
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// The row holding the column names, counted from 1 as the spreadsheet
        /// shows it [default: the first non-empty row, or the first of the top
        /// 20 with a `code`/`kode`/`name`/`nama` column].
        #[arg(long, value_name = "N")]
        header_row: Option<std::num::NonZeroUsize>,
        /// Skip the column with this header (repeatable); `No`, `Keterangan`,
        /// `Catatan`, `Note`, `Notes` and `#` are always skipped.
        #[arg(long, value_name = "NAME")]
        ignore_column: Vec<String>,
    },
    /// Explain a region's score: indicators, predikat, rank, change, the route up.
    Explain {
        /// The region's slug (its folder under content/regions/).
        region: String,
        /// The evaluation year [default: the latest].
        #[arg(long)]
        year: Option<u16>,
        /// The site folder, holding site.toml.
        #[arg(default_value = ".")]
        site: PathBuf,
    },
    /// Create a new site (rubric, two example regions, a page, the theme) in an empty folder.
    Init {
        /// The folder to create; must be missing or empty.
        dir: PathBuf,
    },
    /// Add something to a site.
    #[command(subcommand)]
    New(NewCommand),
}

/// What `kla new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Add a region: content/regions/SLUG/region.toml and an index.md stub.
    Region {
        /// Folder name, e.g. kota-bontang.
        slug: String,
        /// Official name, e.g. "Kota Bontang".
        #[arg(long)]
        name: String,
        /// kabupaten or kota.
        #[arg(long, value_parser = ["kabupaten", "kota"])]
        kind: String,
        /// Province name, e.g. "Kalimantan Timur".
        #[arg(long)]
        province: String,
        /// Kemendagri code, e.g. 64.74.
        #[arg(long)]
        code: String,
        /// The site folder, holding site.toml.
        #[arg(default_value = ".")]
        site: PathBuf,
    },
}

/// Runs the parsed command and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match &cli.command {
        Command::Build { site, output, base_url, force, watch: true, exec, log_format } => {
            let opts = WatchOptions {
                root: site.clone(),
                output: output.clone().unwrap_or_else(|| site.join("output")),
                base_url: base_url.clone(),
                force: *force,
                exec: exec.clone(),
                log: *log_format,
            };
            publish::run(&opts).map(|()| String::new())
        }
        Command::Build { site, output, base_url, force, .. } => {
            let out = output.clone().unwrap_or_else(|| site.join("output"));
            let opts = BuildOptions {
                root: site.clone(),
                output: out.clone(),
                base_url: base_url.clone(),
                force: *force,
            };
            build::build(&opts).map(|r| summary("built", &r, Some(&out)))
        }
        Command::Check { site } => build::check(site).map(|r| summary("checked", &r, None)),
        Command::Serve { site, port, interface, open } => {
            let opts = ServeOptions { root: site.clone(), interface: *interface, port: *port };
            return match crate::serve::run(&opts, *open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    let _ = writeln!(std::io::stderr(), "error: {err:#}");
                    ExitCode::from(2)
                }
            };
        }
        tool => return run_tool(tool),
    };
    match outcome {
        Ok(line) => {
            if !line.is_empty() {
                println!("{line}");
            }
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

/// One line: what was done, how much, how long.
fn summary(verb: &str, r: &BuildReport, out: Option<&PathBuf>) -> String {
    if !r.warnings.is_empty() {
        let _ = writeln!(std::io::stderr(), "{}", r.warnings);
    }
    let place = out.map(|o| format!(" into {}", o.display())).unwrap_or_default();
    format!(
        "{verb} {}, {}: {}, {} ({} KB){place} in {} ms",
        count(r.regions, "region", "regions"),
        count(r.evaluations, "evaluation", "evaluations"),
        count(r.pages, "page", "pages"),
        count(r.files, "file", "files"),
        r.bytes / 1024,
        r.elapsed.as_millis()
    )
}

/// Runs the publishers' tools (import, explain, init, new).
fn run_tool(command: &Command) -> ExitCode {
    let outcome: Result<String, (u8, String)> = match command {
        Command::Import { file, year, site, dry_run, sheet, header_row, ignore_column } => {
            let opts = ImportOptions {
                file: file.clone(),
                year: *year,
                site: site.clone(),
                dry_run: *dry_run,
                sheet: sheet.clone(),
                header_row: header_row.map(std::num::NonZeroUsize::get),
                ignore_columns: ignore_column.clone(),
            };
            import::import(&opts).map(|r| r.to_string()).map_err(|e| {
                let code = if matches!(e, ImportError::Failed(_)) { 2 } else { 1 };
                (code, e.to_string())
            })
        }
        Command::Explain { region, year, site } => explain_region(site, region, *year),
        Command::Init { dir } => scaffold::init(dir)
            .map(|files| {
                format!(
                    "created a site with {} in {}; try `kla build {}`",
                    count(files.len(), "file", "files"),
                    dir.display(),
                    dir.display()
                )
            })
            .map_err(|e| (2, format!("error: {e:#}"))),
        Command::New(NewCommand::Region { slug, name, kind, province, code, site }) => {
            let kind = if kind == "kota" { RegionKind::Kota } else { RegionKind::Kabupaten };
            let region = NewRegion {
                slug: slug.clone(),
                name: name.clone(),
                kind,
                province: province.clone(),
                code: code.clone(),
            };
            scaffold::new_region(site, &region)
                .map(|folder| format!("created {}/region.toml and index.md", folder.display()))
                .map_err(|e| (1, format!("error: {e:#}")))
        }
        Command::Build { .. } | Command::Check { .. } | Command::Serve { .. } => {
            unreachable!("handled by run")
        }
    };
    match outcome {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err((code, text)) => {
            let _ = writeln!(std::io::stderr(), "{text}");
            ExitCode::from(code)
        }
    }
}

fn explain_region(site: &Path, region: &str, year: Option<u16>) -> Result<String, (u8, String)> {
    let spinner = build::stage_spinner();
    spinner.set_message("loading");
    let loaded = load::load_site(site).map_err(|d| (1, d.to_string()));
    spinner.set_message("scoring");
    let scored = loaded.map(score::score);
    spinner.finish_and_clear();
    explain::explain(&scored?, region, year).map_err(|e| (1, format!("error: {e}")))
}
