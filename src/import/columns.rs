//! What each column of a sheet means, decided from its header.
//!
//! Headers (case and surrounding spaces ignored):
//! `code` / `kode` and `name` / `nama` identify the region; `official` (or
//! `predikat`) and `source` fill the fields of the same name; `url`,
//! `outlet`/`media`, `date`/`tanggal` and `source_note` cite the page the
//! official result was read on (a `[[sources]]` entry of the result); an indicator id (`perda-kla`)
//! holds that indicator's **points**; `value:<id>` (`value:akta-kelahiran`)
//! holds a **measured value** for an indicator whose rubric entry has a scale.
//! A bare id is always points, even for a scaled indicator, so a column never
//! changes meaning with the rubric. Columns offices add for people (`No`,
//! `Keterangan`, `Catatan`, `Note(s)`, `#`) and those named with
//! `--ignore-column` are ignored. Anything else is an error. This module does
//! not read cells.

use std::collections::BTreeSet;

use crate::model::Rubric;

use super::problem::SheetProblem;
use super::sheet::Sheet;

/// The prefix that marks a measured-value column.
pub(crate) const VALUE_PREFIX: &str = "value:";

/// Headers of columns written for people, ignored without being asked.
pub(crate) const IGNORED_BY_DEFAULT: [&str; 7] =
    ["no", "no.", "keterangan", "catatan", "note", "notes", "#"];

/// The meaning of one column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Column {
    /// The Kemendagri code.
    Code,
    /// The region's name.
    Name,
    /// The announced predikat (a tier id).
    Official,
    /// Where the figures come from.
    Source,
    /// The address of the page the official result was read on: the row
    /// adds (or updates) a `[[sources]]` entry of the result.
    SourceUrl,
    /// That page's publication (`outlet`).
    SourceOutlet,
    /// That page's date (`date`, `YYYY-MM-DD`).
    SourceDate,
    /// The publisher's note on that source.
    SourceNote,
    /// Points of this indicator.
    Points(String),
    /// A measured value of this (scaled) indicator.
    Value(String),
    /// A column with an empty header and no content is ignored.
    Blank,
    /// A column that is not imported: a default one (`No`, `Keterangan`, ...) or `--ignore-column`.
    Ignored,
}

/// Classifies every header; problems are reported on the header row.
/// `ignore` holds the `--ignore-column` headers (case and spaces ignored).
pub(crate) fn classify(
    sheet: &Sheet,
    rubric: &Rubric,
    ignore: &[String],
) -> Result<Vec<Column>, Vec<SheetProblem>> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut columns = Vec::new();
    for (index, header) in sheet.headers.iter().enumerate() {
        let problem = |message: String| {
            SheetProblem::cell(
                &sheet.name,
                sheet.header_row,
                sheet.column_letter(index),
                header,
                message,
            )
        };
        match column_of(header, rubric, ignore) {
            Ok(column @ (Column::Blank | Column::Ignored)) => columns.push(column),
            Ok(column) if !seen.insert(column.clone()) => {
                problems.push(problem(format!("column `{header}` appears twice")).with_help(
                    "keep one column per field and indicator; delete or rename the other",
                ));
            }
            Ok(column) => columns.push(column),
            Err((message, help)) => problems.push(problem(message).with_help(help)),
        }
    }
    if !seen.contains(&Column::Code) && !seen.contains(&Column::Name) {
        problems.push(
            SheetProblem::row(&sheet.name, sheet.header_row, "no `code` or `name` column")
                .with_help(no_identity_help(sheet)),
        );
    }
    let cites = seen.contains(&Column::SourceUrl);
    for (index, column) in columns.iter().enumerate() {
        let about_a_source =
            matches!(column, Column::SourceOutlet | Column::SourceDate | Column::SourceNote);
        if about_a_source && !cites {
            problems.push(
                SheetProblem::cell(
                    &sheet.name,
                    sheet.header_row,
                    sheet.column_letter(index),
                    &sheet.headers[index],
                    format!(
                        "column `{}` describes a source, but there is no `url` column",
                        sheet.headers[index]
                    ),
                )
                .with_help(
                    "add a `url` column with the address of the page each result was read on",
                ),
            );
        }
    }
    if problems.is_empty() { Ok(columns) } else { Err(problems) }
}

/// How to give a sheet the columns that say which region a row is: add
/// them, or pick the row or sheet that has them.
fn no_identity_help(sheet: &Sheet) -> String {
    let add =
        "add a column headed `code` (Kemendagri code) or `name` to say which region each row is";
    let others: Vec<&str> =
        sheet.sheets.iter().map(String::as_str).filter(|s| *s != sheet.name).collect();
    if others.is_empty() {
        format!("{add}, or choose the header row with `--header-row N`")
    } else {
        format!(
            "{add}, or choose the header row with `--header-row N` or another sheet with \
             `--sheet NAME` (the other sheets: {})",
            others.join(", ")
        )
    }
}

/// Whether a header names an ignored column, by default or by `ignore`.
fn is_ignored(key: &str, ignore: &[String]) -> bool {
    IGNORED_BY_DEFAULT.contains(&key) || ignore.iter().any(|i| i.trim().to_lowercase() == key)
}

fn column_of(header: &str, rubric: &Rubric, ignore: &[String]) -> Result<Column, (String, String)> {
    let key = header.trim().to_lowercase();
    let column = match key.as_str() {
        "" => Column::Blank,
        _ if is_ignored(&key, ignore) => Column::Ignored,
        "code" | "kode" => Column::Code,
        "name" | "nama" => Column::Name,
        "official" | "predikat" => Column::Official,
        "source" | "sumber" => Column::Source,
        "url" | "source_url" | "url_sumber" => Column::SourceUrl,
        "outlet" | "media" => Column::SourceOutlet,
        "date" | "tanggal" => Column::SourceDate,
        "source_note" | "catatan_sumber" => Column::SourceNote,
        _ => match key.strip_prefix(VALUE_PREFIX) {
            Some(id) => value_column(id.trim(), rubric)?,
            None => points_column(&key, rubric)?,
        },
    };
    Ok(column)
}

fn points_column(id: &str, rubric: &Rubric) -> Result<Column, (String, String)> {
    if rubric.indicator(id).is_some() {
        return Ok(Column::Points(id.to_string()));
    }
    let skip = format!("to skip the column, add `--ignore-column {id:?}`");
    Err((
        format!("unknown column `{id}`: not an indicator of rubric `{}`", rubric.id),
        match closest_indicator(id, rubric) {
            Some(close) => format!("did you mean `{close}`? Or, {skip}"),
            None => format!(
                "use `code`, `name`, `official`, `source`, an indicator id or `value:<id>`; {skip}"
            ),
        },
    ))
}

fn value_column(id: &str, rubric: &Rubric) -> Result<Column, (String, String)> {
    match rubric.indicator(id) {
        Some((_, indicator)) if indicator.scale.is_some() => Ok(Column::Value(id.to_string())),
        Some(_) => Err((
            format!(
                "indicator `{id}` has no scale in rubric `{}`, so it takes no value",
                rubric.id
            ),
            format!("head the column `{id}` and give points instead"),
        )),
        None => Err((
            format!("unknown indicator `{id}` in column `value:{id}`"),
            match closest_indicator(id, rubric) {
                Some(close) => format!("did you mean `value:{close}`?"),
                None => format!("see the indicator ids in content/rubrics/{}.toml", rubric.id),
            },
        )),
    }
}

/// The ignored columns as `B (No)`, for the summary.
pub(crate) fn ignored(sheet: &Sheet, columns: &[Column]) -> Vec<String> {
    let ignored = columns.iter().enumerate().filter(|(_, c)| **c == Column::Ignored);
    ignored.map(|(i, _)| format!("{} ({})", sheet.column_letter(i), sheet.headers[i])).collect()
}

/// The indicator id closest to `id`, when it is close enough to be a typo.
fn closest_indicator<'r>(id: &str, rubric: &'r Rubric) -> Option<&'r str> {
    rubric
        .indicators()
        .map(|(_, i)| (strsim::levenshtein(id, &i.id), &*i.id))
        .filter(|(distance, _)| *distance <= 3)
        .min()
        .map(|(_, close)| close)
}
