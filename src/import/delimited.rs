//! CSV files: their text, their field separator and their line numbers.
//!
//! Excel in an Indonesian locale saves CSV with `;` between fields (the comma
//! is the decimal separator there), so the separator is found from the header
//! line: `,`, `;` or a tab. The bytes must be UTF-8 (see `sniff`); every cell
//! is text. Rows are numbered by line, as an editor shows them. This module
//! does not know what the columns mean.

use std::path::Path;

use anyhow::Context;

use super::sheet::{Cell, ReadError, Sheet, file_name, from_grid, is_header_word};
use super::sniff;

/// The separators a CSV may use, the usual one first.
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// How many non-empty lines are searched for the header (as for sheets).
const HEADER_SEARCH_LINES: usize = 20;

/// Reads a CSV file as one sheet named by the file.
pub(crate) fn read_csv(path: &Path, header_row: Option<usize>) -> Result<Sheet, ReadError> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot open {}", path.display()))?;
    let name = file_name(path);
    let text = sniff::csv_text(&name, &bytes)?;
    let separator = separator(text, header_row);
    let grid =
        records(text, separator).with_context(|| format!("cannot read {}", path.display()))?;
    let mut sheet = from_grid(name, 0, grid.into_iter(), header_row)?;
    sheet.delimiter = Some(char::from(separator));
    Ok(sheet)
}

/// Every record of `text` with its line number, cells trimmed.
fn records(text: &str, separator: u8) -> csv::Result<Vec<(usize, Vec<Cell>)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::default();
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let line = lines.line_of(text.as_bytes(), start);
        let cells = record
            .iter()
            .map(|s| match s.trim() {
                "" => Cell::Empty,
                text => Cell::Text(text.to_string()),
            })
            .collect();
        grid.push((line, cells));
    }
    Ok(grid)
}

/// The separator of the header: the first of `,`, `;` and tab that splits one
/// of the first lines (or the `--header-row` line) into fields one of which
/// is `code`, `kode`, `name` or `nama`; failing that, the one that splits the
/// first such line into the most fields (a comma on a tie).
fn separator(text: &str, header_row: Option<usize>) -> u8 {
    let lines: Vec<&str> = match header_row {
        Some(number) => text.lines().nth(number.saturating_sub(1)).into_iter().collect(),
        None => text.lines().filter(|l| !l.trim().is_empty()).take(HEADER_SEARCH_LINES).collect(),
    };
    let header_like = |separator: u8| {
        lines.iter().any(|line| {
            let fields = fields(line, separator);
            fields.len() > 1 && fields.iter().any(|f| is_header_word(f))
        })
    };
    if let Some(found) = SEPARATORS.into_iter().find(|&s| header_like(s)) {
        return found;
    }
    let first = lines.first().copied().unwrap_or_default();
    SEPARATORS.into_iter().rev().max_by_key(|&s| fields(first, s).len()).unwrap_or(b',')
}

/// The fields of one line split by `separator`, quotes honoured.
fn fields(line: &str, separator: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(separator)
        .from_reader(line.as_bytes());
    let record = reader.records().next().and_then(Result::ok).unwrap_or_default();
    record.iter().map(String::from).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, header_row: Option<usize>) -> Sheet {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nilai.csv");
        std::fs::write(&path, text).unwrap();
        read_csv(&path, header_row).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn csv_rows_keep_their_spreadsheet_numbers_and_skip_blank_lines() {
        let sheet = read("code,perda\n\n01.71, 20 \n,,\n01.01,\n", None);
        assert_eq!(sheet.name, "nilai.csv");
        assert_eq!(sheet.headers, ["code", "perda"]);
        let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [3, 5]);
        assert_eq!(sheet.rows[0].cells[1], Cell::Text("20".into()));
        assert_eq!(sheet.rows[1].cells.get(1), Some(&Cell::Empty));
    }

    #[test]
    fn semicolons_and_tabs_are_found_from_the_header_line() {
        let sheet = read("kode;nama;perda\n01.71;Kota Alpha;85,5\n", None);
        assert_eq!((sheet.delimiter, sheet.headers.len()), (Some(';'), 3));
        assert_eq!(sheet.rows[0].cells[2], Cell::Text("85,5".into()));
        let tabs = read("nama\tperda\nKota Alpha\t20\n", None);
        assert_eq!((tabs.delimiter, tabs.headers.len()), (Some('\t'), 2));
    }

    #[test]
    fn a_title_line_with_commas_does_not_hide_a_semicolon_header() {
        let sheet = read("Nilai KLA, 2021\n\nkode;perda;layanan\n01.71;20;30\n", None);
        assert_eq!(sheet.delimiter, Some(';'));
        assert_eq!((sheet.header_row, sheet.headers.len()), (3, 3));
        let given = read("Nilai KLA, 2021\n\nkode;perda;layanan\n01.71;20;30\n", Some(3));
        assert_eq!((given.delimiter, given.header_row), (Some(';'), 3));
    }

    #[test]
    fn without_a_header_word_the_separator_splitting_most_wins() {
        assert_eq!(separator("a;b;c\n", None), b';');
        assert_eq!(separator("a,b;c\n", None), b',');
        assert_eq!(separator("abc\n", None), b',');
    }
}
