//! A spreadsheet as a plain grid of cells, and finding its header.
//!
//! The files are read by `read` (workbooks) and `delimited` (`.csv`), which
//! both build a [`Sheet`] here. The header is the first non-empty row, unless it
//! does not look like one and a later row among the first 20 does (title rows
//! above a table), or `--header-row` says. The result keeps the spreadsheet's
//! own row numbers and column letters so every problem can be pointed at. This
//! module does not know what the columns mean (that is `columns`) nor any
//! region or rubric.

use std::path::Path;

use super::problem::SheetProblem;

/// How many non-empty rows are searched for a header below title rows.
const HEADER_SEARCH_ROWS: usize = 20;

/// The headers that mark a row as the header: the region's code or name.
const HEADER_WORDS: [&str; 4] = ["code", "kode", "name", "nama"];

/// One cell's content, reduced to what an import needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Nothing in the cell (or only spaces).
    Empty,
    /// A number stored as a number.
    Number(f64),
    /// A number formatted as a percentage: it shows `85 %` and holds 0.85.
    Percent(f64),
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

/// Which sheet and header to read: `--sheet` and `--header-row`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Layout<'a> {
    /// The sheet's name; the first sheet when absent.
    pub(crate) sheet: Option<&'a str>,
    /// The header's 1-based row number; found when absent.
    pub(crate) header_row: Option<usize>,
}

/// How the header row was chosen, for the summary and for errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderChoice {
    /// The first non-empty row, which looks like a header.
    First,
    /// The row `--header-row` names.
    Given,
    /// A later row: the non-empty rows from this one down to the header look like titles.
    BelowTitles(usize),
    /// The first non-empty row, though no row near the top looks like a header.
    Guessed,
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
    /// How the header row was chosen.
    pub(crate) header_choice: HeaderChoice,
    /// Index of the first column (0 for a sheet starting in column A).
    pub(crate) first_column: usize,
    /// Data rows below the header, blank rows left out.
    pub(crate) rows: Vec<Row>,
    /// Why the number formats of the cells are unknown; `None` when they were
    /// read (or the file has none, as a CSV).
    pub(crate) formats_unknown: Option<String>,
    /// The field separator of a CSV file.
    pub(crate) delimiter: Option<char>,
    /// Every sheet of the workbook (empty for a CSV), for messages.
    pub(crate) sheets: Vec<String>,
}

impl Sheet {
    /// `C` for the third column of the sheet (A1 style), whatever column the data starts in.
    pub(crate) fn column_letter(&self, index: usize) -> String {
        column_letter(self.first_column + index)
    }

    /// Which row was taken as the header, and why: said in the summary and
    /// under the problems, so a wrong guess is seen.
    pub(crate) fn header_note(&self) -> String {
        let at = format!("the header is row {} of sheet {:?}", self.header_row, self.name);
        let words = "`code`/`kode` or `name`/`nama` column";
        match self.header_choice {
            HeaderChoice::First => at,
            HeaderChoice::Given => format!("{at} (--header-row)"),
            HeaderChoice::BelowTitles(first) if first + 1 == self.header_row => {
                format!("{at}: row {first} above it has no {words}, so it was taken as a title")
            }
            HeaderChoice::BelowTitles(first) => format!(
                "{at}: rows {first}-{} above it have no {words}, so they were taken as titles",
                self.header_row - 1
            ),
            HeaderChoice::Guessed => format!(
                "{at}, the first non-empty row, though none of the first {HEADER_SEARCH_ROWS} \
                 non-empty rows has a {words}"
            ),
        }
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

/// Why a sheet could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The file is not what it should be (its encoding, its kind, an empty
    /// header row): the publisher can fix it.
    Sheet(Box<SheetProblem>),
    /// The file could not be read at all.
    Failed(anyhow::Error),
}

impl From<anyhow::Error> for ReadError {
    fn from(e: anyhow::Error) -> Self {
        ReadError::Failed(e)
    }
}

impl From<Box<SheetProblem>> for ReadError {
    fn from(problem: Box<SheetProblem>) -> Self {
        ReadError::Sheet(problem)
    }
}

/// The file name, which also names a CSV's only sheet.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Splits the non-blank rows of `grid` (each with its 1-based row number)
/// into the header and the data rows below it; rows above the header are
/// titles and are left out.
pub(crate) fn from_grid(
    name: String,
    first_column: usize,
    grid: impl Iterator<Item = (usize, Vec<Cell>)>,
    header_row: Option<usize>,
) -> Result<Sheet, Box<SheetProblem>> {
    let mut rows: Vec<Row> = grid
        .filter(|(_, cells)| cells.iter().any(|c| *c != Cell::Empty))
        .map(|(number, cells)| Row { number, cells })
        .collect();
    let (at, header_choice) = match pick_header(&rows, header_row) {
        Some(found) => found,
        None => return Err(empty_header_row(&name, header_row.unwrap_or(1))),
    };
    let data = rows.split_off((at + 1).min(rows.len()));
    let header = rows.get(at);
    Ok(Sheet {
        headers: header.map(|h| h.cells.iter().map(header_text).collect()).unwrap_or_default(),
        header_row: header.map_or(1, |h| h.number),
        header_choice,
        name,
        first_column,
        rows: data,
        formats_unknown: None,
        delimiter: None,
        sheets: Vec::new(),
    })
}

/// The index of the header among the non-blank `rows`, and how it was
/// chosen; `None` when `--header-row` names a blank row.
fn pick_header(rows: &[Row], wanted: Option<usize>) -> Option<(usize, HeaderChoice)> {
    if let Some(number) = wanted {
        return rows.iter().position(|r| r.number == number).map(|i| (i, HeaderChoice::Given));
    }
    let Some(first) = rows.first() else { return Some((0, HeaderChoice::First)) };
    Some(match rows.iter().take(HEADER_SEARCH_ROWS).position(looks_like_header) {
        Some(0) => (0, HeaderChoice::First),
        Some(i) => (i, HeaderChoice::BelowTitles(first.number)),
        None => (0, HeaderChoice::Guessed),
    })
}

/// Whether a row has a cell headed like the region's code or name.
fn looks_like_header(row: &Row) -> bool {
    row.cells.iter().any(|c| is_header_word(&header_text(c)))
}

/// Whether `text` is one of the headers that mark the header row.
pub(crate) fn is_header_word(text: &str) -> bool {
    HEADER_WORDS.contains(&text.trim().to_lowercase().as_str())
}

fn empty_header_row(sheet: &str, number: usize) -> Box<SheetProblem> {
    let problem =
        SheetProblem::row(sheet, number, format!("--header-row {number} is an empty row"));
    Box::new(problem.with_help(
        "give the number of the row holding the column names (`code`, `name`, indicator \
         ids), or leave --header-row out to let kla find it",
    ))
}

pub(crate) fn header_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Number(x) | Cell::Percent(x) => x.to_string(),
        Cell::Text(s) | Cell::Other(s) => s.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::read_sheet;

    #[test]
    fn column_letters_follow_spreadsheet_convention() {
        let cases =
            [(0, "A"), (2, "C"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")];
        for (index, letters) in cases {
            assert_eq!(column_letter(index), letters, "column {index}");
        }
    }

    fn grid(rows: &[(usize, &[&str])]) -> Vec<(usize, Vec<Cell>)> {
        let cell = |s: &&str| if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) };
        rows.iter().map(|(n, cells)| (*n, cells.iter().map(cell).collect())).collect()
    }

    fn titled() -> Vec<(usize, Vec<Cell>)> {
        grid(&[
            (1, &["Nilai KLA 2021", ""]),
            (2, &["Provinsi Dua", ""]),
            (3, &["", ""]),
            (4, &["Kode", "perda"]),
            (5, &["02.72", "10"]),
        ])
    }

    #[test]
    fn title_rows_above_the_header_are_skipped_and_said() {
        let sheet = from_grid("Nilai".into(), 0, titled().into_iter(), None).unwrap();
        assert_eq!(
            (sheet.header_row, sheet.headers.as_slice()),
            (4, &["Kode".to_string(), "perda".to_string()][..])
        );
        assert_eq!(sheet.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [5]);
        assert_eq!(
            sheet.header_note(),
            "the header is row 4 of sheet \"Nilai\": rows 1-3 above it have no `code`/`kode` or \
             `name`/`nama` column, so they were taken as titles"
        );
    }

    #[test]
    fn header_row_picks_the_header_and_an_empty_one_is_refused() {
        let sheet = from_grid("Nilai".into(), 0, titled().into_iter(), Some(2)).unwrap();
        assert_eq!((sheet.header_row, sheet.header_choice), (2, HeaderChoice::Given));
        assert_eq!(sheet.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [4, 5]);
        let empty = from_grid("Nilai".into(), 0, titled().into_iter(), Some(3)).unwrap_err();
        assert_eq!(empty.location(), "sheet \"Nilai\", row 3");
        assert!(empty.message.contains("--header-row 3 is an empty row"), "{empty}");
    }

    #[test]
    fn without_a_header_like_row_the_first_row_is_the_header_and_the_note_says_so() {
        let rows = grid(&[(2, &["Laporan"]), (3, &["Kota Alpha"])]);
        let sheet = from_grid("Sampul".into(), 0, rows.into_iter(), None).unwrap();
        assert_eq!((sheet.header_row, sheet.header_choice), (2, HeaderChoice::Guessed));
        assert!(
            sheet.header_note().contains("though none of the first 20"),
            "{}",
            sheet.header_note()
        );
    }

    #[test]
    fn unknown_extensions_are_refused_with_the_accepted_ones() {
        match read_sheet(Path::new("nilai.txt"), Layout::default()) {
            Err(ReadError::Failed(err)) => {
                assert!(err.to_string().contains(".xlsx, .xls, .ods or .csv"), "{err}");
            }
            other => panic!("{other:?}"),
        }
    }
}
