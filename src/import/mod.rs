//! `kla import`: evaluations from a spreadsheet into `content/regions/<slug>/<year>.toml`.
//!
//! One row per region, one column per field or indicator (see `columns` for
//! the header rules, `sheet` for finding the header, `sniff` for files that are
//! not what their extension says). The run is all or nothing: every row is
//! matched to a region (`matching`) and every cell checked against the rubric
//! covering the year (`rows`) before anything is written; a single problem
//! leaves every file untouched. Files are then edited with toml_edit (`edit`),
//! keeping their comments and layout, and written together (`write`); a file
//! whose text would not change is not rewritten, so a re-import is a no-op.
//! `--dry-run` shows a unified diff instead. The summary adds notes for what
//! was read other than plainly (a header below titles, ignored columns, a `;`
//! CSV, rounded points, percentage cells). This module does not score or render.

mod columns;
mod delimited;
mod edit;
mod formats;
mod matching;
mod problem;
mod read;
mod rows;
mod sheet;
mod sniff;
mod write;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::diag::Diagnostics;
use crate::load;
use crate::model::{Rubric, Site};

pub use problem::SheetProblem;
pub use write::Outcome;

use columns::Column;
use matching::{RegionIndex, Unmatched};
use problem::counted;
use rows::{Adjusted, Adjustment, RowData};
use sheet::{HeaderChoice, Layout, ReadError, Sheet};

/// What to import and where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The spreadsheet (`.xlsx`, `.xls`, `.ods` or `.csv`).
    pub file: PathBuf,
    /// The evaluation year the figures belong to.
    pub year: u16,
    /// The site folder.
    pub site: PathBuf,
    /// Show the changes as a diff and write nothing.
    pub dry_run: bool,
    /// The sheet to read; the first one when absent.
    pub sheet: Option<String>,
    /// The header's 1-based row number; when absent, the first non-empty row,
    /// or the first of the top 20 with a `code`/`kode`/`name`/`nama` column.
    pub header_row: Option<usize>,
    /// Headers of more columns to ignore, besides `No`, `Keterangan`,
    /// `Catatan`, `Note(s)` and `#` (case ignored).
    pub ignore_columns: Vec<String>,
}

/// The result of an import, for the summary.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// Sheet name read.
    pub sheet: String,
    /// Evaluation year.
    pub year: u16,
    /// Whether this was a dry run (nothing written).
    pub dry_run: bool,
    /// The header's row number.
    pub header_row: usize,
    /// Every touched evaluation file (relative to the site) with its row and outcome.
    pub files: Vec<(PathBuf, usize, Outcome)>,
    /// The unified diff of all changes (filled on a dry run).
    pub diff: String,
    /// What the publisher should know besides the files: how the header was
    /// found, ignored columns, the CSV separator, rounded points and cells
    /// read as percentages. One line each.
    pub notes: Vec<String>,
}

impl ImportReport {
    /// How many files had `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.files.iter().filter(|(_, _, o)| *o == outcome).count()
    }
}

impl fmt::Display for ImportReport {
    /// One line per file, the notes, then the counts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diff)?;
        let verb = if self.dry_run { "would be " } else { "" };
        for (path, row, outcome) in &self.files {
            let word = match outcome {
                Outcome::Created => "created",
                Outcome::Updated => "updated",
                Outcome::Unchanged => "unchanged",
            };
            writeln!(f, "{verb}{word:<9} {} (row {row})", path.display())?;
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        write!(
            f,
            "{} of sheet {:?} (header on row {}) for {}: {} {verb}created, {} {verb}updated, {} unchanged, 0 unmatched",
            counted(self.files.len(), "row", "rows"),
            self.sheet,
            self.header_row,
            self.year,
            self.count(Outcome::Created),
            self.count(Outcome::Updated),
            self.count(Outcome::Unchanged),
        )?;
        if self.dry_run {
            write!(f, " (dry run: nothing written)")?;
        }
        Ok(())
    }
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportError {
    /// The site itself does not load; fix it first.
    Site(Diagnostics),
    /// Problems in the sheet: every one, each with sheet, row and column.
    Sheet {
        /// The problems, by row.
        problems: Vec<SheetProblem>,
        /// Which row of which sheet was taken as the header, when one was.
        header: Option<String>,
    },
    /// The file could not be read or written.
    Failed(anyhow::Error),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Site(diags) => write!(f, "{diags}"),
            ImportError::Sheet { problems, header } => {
                for p in problems {
                    writeln!(f, "{p}")?;
                }
                if let Some(header) = header {
                    writeln!(f, "note: {header}")?;
                }
                let count = counted(problems.len(), "problem", "problems");
                write!(f, "{count} in the sheet; nothing was written")
            }
            ImportError::Failed(err) => write!(f, "error: {err:#}"),
        }
    }
}

impl From<anyhow::Error> for ImportError {
    fn from(e: anyhow::Error) -> Self {
        ImportError::Failed(e)
    }
}

/// Imports the sheet into the site; nothing is written unless every row is valid.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    let spinner = crate::build::stage_spinner();
    spinner.set_message("loading the site");
    let site = load::load_site_for_import(&opts.site, opts.year).map_err(ImportError::Site);
    spinner.finish_and_clear();
    let site = site?;
    let rubric = rubric_for(&site, opts.year)?;
    let layout = Layout { sheet: opts.sheet.as_deref(), header_row: opts.header_row };
    let sheet = read::read_sheet(&opts.file, layout).map_err(|e| match e {
        ReadError::Sheet(problem) => ImportError::Sheet { problems: vec![*problem], header: None },
        ReadError::Failed(err) => ImportError::Failed(err),
    })?;
    let in_sheet = |problems| ImportError::Sheet { problems, header: Some(header_hint(&sheet)) };
    let columns = columns::classify(&sheet, rubric, &opts.ignore_columns).map_err(in_sheet)?;
    let index = RegionIndex::new(&site);
    let matched = read_all_rows(&sheet, &columns, rubric, &index).map_err(in_sheet)?;
    let changes =
        plan_changes(&opts.site, opts.year, &sheet, &matched, &index, (rubric, &site.rubrics))?;
    let mut report = ImportReport {
        sheet: sheet.name.clone(),
        year: opts.year,
        dry_run: opts.dry_run,
        header_row: sheet.header_row,
        files: Vec::new(),
        diff: String::new(),
        notes: notes(&sheet, &columns, &matched),
    };
    if opts.dry_run {
        report.diff = changes.iter().map(write::unified_diff).collect();
    } else {
        write_changes(&opts.site, &changes)?;
    }
    report.files = changes.iter().map(|c| (c.path.clone(), c.row, c.outcome)).collect();
    Ok(report)
}

/// The header note under a sheet's problems, with how to choose another
/// header (and another sheet, when the workbook has more than one).
fn header_hint(sheet: &Sheet) -> String {
    let choose = if sheet.sheets.len() > 1 {
        "`--header-row N` and `--sheet NAME` choose another"
    } else {
        "`--header-row N` chooses another"
    };
    format!("{}; {choose}", sheet.header_note())
}

/// The summary's notes: the header, ignored columns, the CSV separator, and
/// the cells imported other than as stored.
fn notes(
    sheet: &Sheet,
    columns: &[Column],
    matched: &BTreeMap<usize, Vec<RowData>>,
) -> Vec<String> {
    let mut notes = Vec::new();
    if sheet.header_choice != HeaderChoice::First {
        notes.push(sheet.header_note());
    }
    let ignored = columns::ignored(sheet, columns);
    if !ignored.is_empty() {
        let what = counted(ignored.len(), "column", "columns");
        notes.push(format!("ignored {what}: {}", ignored.join(", ")));
    }
    match sheet.delimiter {
        Some(',') | None => {}
        Some('\t') => notes.push("the CSV's fields are separated by tabs".into()),
        Some(other) => notes.push(format!("the CSV's fields are separated by `{other}`")),
    }
    let mut by_row: Vec<&RowData> = matched.values().flatten().collect();
    by_row.sort_by_key(|data| data.row);
    let adjusted: Vec<&Adjusted> = by_row.iter().flat_map(|data| &data.adjusted).collect();
    for kind in [Adjustment::Percent, Adjustment::Rounded] {
        let of_kind: Vec<&&Adjusted> = adjusted.iter().filter(|a| a.kind == kind).collect();
        if let Some(first) = of_kind.first() {
            notes.push(adjustment_note(kind, of_kind.len(), first));
        }
    }
    notes
}

/// `2 cells formatted as a percentage were read as shown, in % (first: row 2,
/// column E (value:x): 0.85 shown as 85 % -> 85)`.
fn adjustment_note(kind: Adjustment, n: usize, first: &Adjusted) -> String {
    let were = if n == 1 { "was" } else { "were" };
    let what = match kind {
        Adjustment::Percent => format!(
            "{} formatted as a percentage {were} read as shown, in %",
            counted(n, "cell", "cells")
        ),
        Adjustment::Rounded => format!(
            "{} with more than two decimals {were} rounded to hundredths, half away from zero",
            counted(n, "points cell", "points cells")
        ),
    };
    let first_word = if n == 1 { "" } else { "first: " };
    format!("{what} ({first_word}{}: {})", first.at, first.change)
}

/// Writes every changed file, or none (see `write::write_all`).
fn write_changes(root: &Path, changes: &[write::Change]) -> anyhow::Result<()> {
    let changed: Vec<&write::Change> =
        changes.iter().filter(|c| c.outcome != Outcome::Unchanged).collect();
    write::write_all(root, &changed)
}

fn rubric_for(site: &Site, year: u16) -> Result<&Rubric, ImportError> {
    site.rubric_for(year).map(|(_, r)| r).ok_or_else(|| {
        ImportError::Failed(anyhow::anyhow!(
            "no rubric covers {year}; add one under content/rubrics/ or pick another --year"
        ))
    })
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
fn progress(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} rows") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// Matches and checks every row; all problems of all rows are reported together.
fn read_all_rows(
    sheet: &Sheet,
    columns: &[Column],
    rubric: &Rubric,
    index: &RegionIndex,
) -> Result<BTreeMap<usize, Vec<RowData>>, Vec<SheetProblem>> {
    let bar = progress(sheet.rows.len(), "checking");
    let mut problems = Vec::new();
    let mut matched: BTreeMap<usize, Vec<RowData>> = BTreeMap::new();
    for row in &sheet.rows {
        bar.inc(1);
        let region = match rows::identity(sheet, row, columns) {
            Ok((code, name)) => match index.find(code.as_deref(), name.as_deref()) {
                Ok(region) => Some(region),
                Err(why) => {
                    problems.push(unmatched(sheet, row.number, columns, why));
                    None
                }
            },
            Err(problem) => {
                problems.push(*problem);
                None
            }
        };
        match rows::read_fields(sheet, row, columns, rubric) {
            Ok(data) => {
                if let Some(r) = region {
                    add_row(&mut matched, r, data, (sheet, row.number, index), &mut problems);
                }
            }
            Err(mut bad) => problems.append(&mut bad),
        }
    }
    bar.finish_and_clear();
    if problems.is_empty() {
        Ok(matched)
    } else {
        problems.sort_by_key(|p| p.row);
        Err(problems)
    }
}

/// Files a matched row under its region: a region's first row, or another
/// source of its official result; any other second row is a problem.
fn add_row(
    matched: &mut BTreeMap<usize, Vec<RowData>>,
    region: usize,
    data: RowData,
    (sheet, row, index): (&Sheet, usize, &RegionIndex),
    problems: &mut Vec<SheetProblem>,
) {
    let Some(earlier) = matched.get_mut(&region) else {
        matched.insert(region, vec![data]);
        return;
    };
    match another_claim(earlier, &data) {
        Ok(()) => earlier.push(data),
        Err(why) => problems.push(SheetProblem::row(
            &sheet.name,
            row,
            format!("{} is already on row {}{why}", index.name(region), earlier[0].row),
        )
        .with_help("keep one row per region, or one row per source of its official result (each with its own `url`)")),
    }
}

/// Whether a region's later row may stand beside its earlier ones: only as
/// another source of the official result (its own `url`, no figures).
fn another_claim(earlier: &[RowData], row: &RowData) -> Result<(), &'static str> {
    let claim_only = |d: &RowData| d.cited.is_some() && d.points.is_empty() && d.values.is_empty();
    if !claim_only(row) || !earlier.iter().all(claim_only) {
        return Err("");
    }
    let url = row.cited.as_ref().map(|c| c.url.as_str());
    if earlier.iter().any(|d| d.cited.as_ref().map(|c| c.url.as_str()) == url) {
        return Err(" with the same source");
    }
    Ok(())
}

/// An unmatched row, pointed at its code column (or name column), with the
/// closest region names when the name fits none.
fn unmatched(sheet: &Sheet, row: usize, columns: &[Column], why: Unmatched) -> SheetProblem {
    let at = columns
        .iter()
        .position(|c| *c == Column::Code)
        .or_else(|| columns.iter().position(|c| *c == Column::Name));
    let help = match why.did_you_mean.as_slice() {
        [] => "check the code and name, or add the region first with `kla new region`".to_string(),
        names => format!("did you mean {}?", or_list(names)),
    };
    let message = format!("unmatched row: {}", why.why);
    match at {
        Some(i) => {
            SheetProblem::cell(&sheet.name, row, sheet.column_letter(i), &sheet.headers[i], message)
        }
        None => SheetProblem::row(&sheet.name, row, message),
    }
    .with_help(help)
}

/// `` `A` ``, `` `A` or `B` ``, `` `A`, `B` or `C` ``.
fn or_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The new text of every file the sheet touches, in region order.
fn plan_changes(
    root: &Path,
    year: u16,
    sheet: &Sheet,
    matched: &BTreeMap<usize, Vec<RowData>>,
    index: &RegionIndex,
    (rubric, rubrics): (&Rubric, &[Rubric]),
) -> Result<Vec<write::Change>, ImportError> {
    let bar = progress(matched.len(), "preparing");
    let mut changes = Vec::with_capacity(matched.len());
    let mut problems = Vec::new();
    for (&region, rows) in matched {
        bar.inc(1);
        let path =
            Path::new("content/regions").join(index.slug(region)).join(format!("{year}.toml"));
        let old = read_optional(&root.join(&path))?;
        let mut text = old.clone();
        for data in rows {
            match edit::apply(text.as_deref(), year, data, rubric) {
                Ok(new) => text = Some(new),
                Err(err) => {
                    problems.push(
                        SheetProblem::row(
                            &sheet.name,
                            data.row,
                            format!("{} is not valid TOML: {err}", path.display()),
                        )
                        .with_help("fix the file (`kla check` shows where), then import again"),
                    );
                    break;
                }
            }
        }
        if let Some(new) = text.filter(|_| problems.is_empty()) {
            let found = load::evaluation_problems(&path, &new, rubrics);
            for d in found.iter().filter(|d| d.severity == crate::diag::Severity::Error) {
                problems.push(
                    SheetProblem::row(
                        &sheet.name,
                        rows[0].row,
                        format!(
                            "{} would be invalid: {} (at {})",
                            path.display(),
                            d.message,
                            d.location()
                        ),
                    )
                    .with_help(
                        d.help.clone().unwrap_or_else(|| "fix the row, then import again".into()),
                    ),
                );
            }
            changes.push(write::Change::new(path, rows[0].row, old, new));
        }
    }
    bar.finish_and_clear();
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(ImportError::Sheet { problems, header: Some(header_hint(sheet)) })
    }
}

fn read_optional(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}
