//! Reading a spreadsheet into a plain grid of cells.
//!
//! `.xlsx`, `.xlsm`, `.xls` and `.ods` are read with calamine; `.csv` with the
//! csv crate. The result keeps the spreadsheet's own row numbers and column
//! letters so every problem can be pointed at. This module does not know what
//! the columns mean (that is `columns`) nor any region or rubric.

use std::path::Path;

use anyhow::{Context, Result, bail};
use calamine::{Data, Reader, open_workbook_auto};

/// One cell's content, reduced to what an import needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Nothing in the cell (or only spaces).
    Empty,
    /// A number stored as a number.
    Number(f64),
    /// Text, including numbers stored as text (every CSV cell).
    Text(String),
    /// Anything else (a date, a boolean, a formula error), described for messages.
    Other(String),
}

/// One data row with its 1-based row number in the spreadsheet.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// The row number a spreadsheet program shows (the header is usually row 1).
    pub(crate) number: usize,
    /// Cells in column order, aligned with [`Sheet::headers`].
    pub(crate) cells: Vec<Cell>,
}

/// A sheet: its name, its header row and its data rows.
#[derive(Debug, Clone)]
pub(crate) struct Sheet {
    /// Sheet name (the file name for a CSV).
    pub(crate) name: String,
    /// Header texts, trimmed, in column order.
    pub(crate) headers: Vec<String>,
    /// The header's row number (1-based, as a spreadsheet program shows it).
    pub(crate) header_row: usize,
    /// Index of the first column (0 for a sheet starting in column A).
    pub(crate) first_column: usize,
    /// Data rows below the header, blank rows left out.
    pub(crate) rows: Vec<Row>,
}

impl Sheet {
    /// `C` for the third column of the sheet (A1 style), whatever column the data starts in.
    pub(crate) fn column_letter(&self, index: usize) -> String {
        column_letter(self.first_column + index)
    }
}

/// A1-style column letters: 0 -> `A`, 25 -> `Z`, 26 -> `AA`.
pub(crate) fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Reads `sheet_name` (or the first sheet) of the spreadsheet at `path`.
pub(crate) fn read_sheet(path: &Path, sheet_name: Option<&str>) -> Result<Sheet> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "csv" => read_csv(path),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, sheet_name),
        _ => bail!(
            "{} is not a spreadsheet kla can read: use .xlsx, .xls, .ods or .csv",
            path.display()
        ),
    }
}

fn read_workbook(path: &Path, sheet_name: Option<&str>) -> Result<Sheet> {
    let mut workbook =
        open_workbook_auto(path).with_context(|| format!("cannot open {}", path.display()))?;
    let names = workbook.sheet_names();
    let name = match sheet_name {
        Some(wanted) if names.iter().any(|n| n == wanted) => wanted.to_string(),
        Some(wanted) => bail!("no sheet named {wanted:?}; the sheets are: {}", names.join(", ")),
        None => names.first().cloned().context("the workbook has no sheet")?,
    };
    let range = workbook
        .worksheet_range(&name)
        .with_context(|| format!("cannot read sheet {name:?} of {}", path.display()))?;
    let (first_row, first_column) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let grid = range
        .rows()
        .enumerate()
        .map(|(offset, row)| (first_row + offset + 1, row.iter().map(cell_of).collect()));
    Ok(from_grid(name, first_column, grid))
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
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

fn read_csv(path: &Path) -> Result<Sheet> {
    let text = std::fs::read(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_slice());
    let mut lines = LineCounter::default();
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("cannot read {}", path.display()))?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let line = lines.line_of(&text, start);
        let cells = record
            .iter()
            .map(|s| match s.trim() {
                "" => Cell::Empty,
                text => Cell::Text(text.to_string()),
            })
            .collect();
        grid.push((line, cells));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(from_grid(name, 0, grid.into_iter()))
}

/// Line numbers of CSV records. The csv crate skips blank lines and reports a
/// record as starting where the skipped lines began, so the line breaks before
/// its first character are stepped over here.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    /// The 1-based line of the first character at or after `start` that is not a line break.
    fn line_of(&mut self, text: &[u8], start: usize) -> usize {
        let mut first = start.min(text.len());
        while first < text.len() && matches!(text[first], b'\n' | b'\r') {
            first += 1;
        }
        if first >= self.offset {
            self.line += text[self.offset..first].iter().filter(|&&b| b == b'\n').count();
            self.offset = first;
        }
        self.line + 1
    }
}

/// The first non-blank row is the header; blank rows below it are skipped.
/// `grid` yields each row with its 1-based row number.
fn from_grid(
    name: String,
    first_column: usize,
    grid: impl Iterator<Item = (usize, Vec<Cell>)>,
) -> Sheet {
    let mut headers: Option<Vec<String>> = None;
    let mut header_row = 1;
    let mut rows = Vec::new();
    for (number, cells) in grid {
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        match &headers {
            None => {
                headers = Some(cells.iter().map(header_text).collect());
                header_row = number;
            }
            Some(_) => rows.push(Row { number, cells }),
        }
    }
    Sheet { name, headers: headers.unwrap_or_default(), header_row, first_column, rows }
}

fn header_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Number(x) => x.to_string(),
        Cell::Text(s) | Cell::Other(s) => s.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_convention() {
        let cases =
            [(0, "A"), (2, "C"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")];
        for (index, letters) in cases {
            assert_eq!(column_letter(index), letters, "column {index}");
        }
    }

    #[test]
    fn csv_rows_keep_their_spreadsheet_numbers_and_skip_blank_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nilai.csv");
        std::fs::write(&path, "code,perda\n\n01.71, 20 \n,,\n01.01,\n").unwrap();
        let sheet = read_sheet(&path, None).unwrap();
        assert_eq!(sheet.name, "nilai.csv");
        assert_eq!(sheet.headers, ["code", "perda"]);
        let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [3, 5]);
        assert_eq!(sheet.rows[0].cells[1], Cell::Text("20".into()));
        assert_eq!(sheet.rows[1].cells.get(1), Some(&Cell::Empty));
    }

    #[test]
    fn unknown_extensions_are_refused_with_the_accepted_ones() {
        let err = read_sheet(Path::new("nilai.txt"), None).unwrap_err().to_string();
        assert!(err.contains(".xlsx, .xls, .ods or .csv"), "{err}");
    }
}
