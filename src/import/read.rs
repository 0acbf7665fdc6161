//! Reading a spreadsheet file into a [`Sheet`], by its extension.
//!
//! `.xlsx`, `.xlsm`, `.xls` and `.ods` are read with calamine (after checking
//! that the bytes are what the extension says, see `sniff`); `.csv` by
//! `delimited`. Number cells of an `.xlsx` formatted as percentages are told
//! apart (see `formats`). Apart from `sheet`, which both readers build on, so
//! that neither reader and the grid depend on each other in a circle.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, anyhow};
use calamine::{Data, Reader, open_workbook_auto};

use super::formats::{self, PercentCells};
use super::sheet::{Cell, Layout, ReadError, Sheet, file_name, from_grid};
use super::{delimited, sniff};

/// Reads the sheet `layout` names (or the first one) of the spreadsheet at `path`.
pub(crate) fn read_sheet(path: &Path, layout: Layout<'_>) -> Result<Sheet, ReadError> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "csv" => delimited::read_csv(path, layout.header_row),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, &extension, layout),
        _ => Err(anyhow!(
            "{} is not a spreadsheet kla can read: use .xlsx, .xls, .ods or .csv",
            path.display()
        )
        .into()),
    }
}

fn read_workbook(path: &Path, extension: &str, layout: Layout<'_>) -> Result<Sheet, ReadError> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .with_context(|| format!("cannot open {}", path.display()))?;
    sniff::check_workbook(&file_name(path), extension, &head)?;
    let mut workbook =
        open_workbook_auto(path).with_context(|| format!("cannot open {}", path.display()))?;
    let names = workbook.sheet_names();
    let name = match layout.sheet {
        Some(wanted) if names.iter().any(|n| n == wanted) => wanted.to_string(),
        Some(wanted) => {
            return Err(
                anyhow!("no sheet named {wanted:?}; the sheets are: {}", names.join(", ")).into()
            );
        }
        None => names.first().cloned().context("the workbook has no sheet")?,
    };
    let range = workbook
        .worksheet_range(&name)
        .with_context(|| format!("cannot read sheet {name:?} of {}", path.display()))?;
    let (percent, formats_unknown) = percent_cells(path, extension, &name);
    let (first_row, first_column) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let grid = range.rows().enumerate().map(|(offset, row)| {
        let r = first_row + offset;
        let cells = row.iter().enumerate().map(|(i, data)| {
            let percent = percent.contains(&(r as u32, (first_column + i) as u32));
            cell_of(data, percent)
        });
        (r + 1, cells.collect())
    });
    let mut sheet = from_grid(name, first_column, grid, layout.header_row)?;
    sheet.formats_unknown = formats_unknown;
    sheet.sheets = names;
    Ok(sheet)
}

/// The percent-formatted cells, or why kla cannot tell them.
fn percent_cells(path: &Path, extension: &str, sheet: &str) -> (PercentCells, Option<String>) {
    match extension {
        "xlsx" | "xlsm" => match formats::percent_cells(path, sheet) {
            Ok(cells) => (cells, None),
            Err(why) => (PercentCells::new(), Some(format!("kla could not read them: {why}"))),
        },
        other => (PercentCells::new(), Some(format!("kla cannot read them in .{other} files"))),
    }
}

fn cell_of(data: &Data, percent: bool) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(n) if percent => Cell::Percent(*n as f64),
        Data::Float(x) if percent => Cell::Percent(*x),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.trim().to_string()),
        Data::Bool(b) => Cell::Other(format!("the boolean {b}")),
        Data::DateTime(d) => Cell::Other(format!("a date ({})", d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Other(format!("a date ({s})")),
        Data::Error(e) => Cell::Other(format!("a formula error ({e})")),
    }
}
