//! Turning one sheet row into the evaluation fields it sets, checking every cell.
//!
//! Points must be numbers within `0..=max_points` with at most two decimals;
//! values must be finite numbers; `official` must be a tier id of the rubric.
//! An empty cell sets nothing (the file keeps what it has). Numbers may be
//! stored as numbers or as text (every CSV cell is text). This module does not
//! match regions (see `matching`) nor touch files.

use std::collections::BTreeMap;

use crate::model::{Points, Rubric};

use super::columns::Column;
use super::problem::SheetProblem;
use super::sheet::{Cell, Row, Sheet};

/// What one valid row sets in its region's evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RowData {
    /// The row number, for messages.
    pub(crate) row: usize,
    /// `official`, a tier id, when the cell is filled.
    pub(crate) official: Option<String>,
    /// `source`, when the cell is filled.
    pub(crate) source: Option<String>,
    /// The page the official result was read on, when the row cites one.
    pub(crate) cited: Option<Cited>,
    /// Points per indicator id.
    pub(crate) points: BTreeMap<String, Points>,
    /// Measured values per indicator id.
    pub(crate) values: BTreeMap<String, f64>,
}

/// A source the row cites for its official result (`url` and friends).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cited {
    /// The page's address.
    pub(crate) url: String,
    /// Its publication.
    pub(crate) outlet: Option<String>,
    /// Its date, `YYYY-MM-DD`.
    pub(crate) date: Option<String>,
    /// The publisher's note.
    pub(crate) note: Option<String>,
}

/// The region identity cells of a row: code and name, as text.
pub(crate) fn identity(row: &Row, columns: &[Column]) -> (Option<String>, Option<String>) {
    let mut code = None;
    let mut name = None;
    for (column, cell) in columns.iter().zip(&row.cells) {
        match column {
            Column::Code => code = code_text(cell),
            Column::Name => name = plain_text(cell),
            _ => {}
        }
    }
    (code, name)
}

/// Reads every field cell of `row`; all bad cells are reported.
pub(crate) fn read_fields(
    sheet: &Sheet,
    row: &Row,
    columns: &[Column],
    rubric: &Rubric,
) -> Result<RowData, Vec<SheetProblem>> {
    let mut data = RowData { row: row.number, ..RowData::default() };
    let mut problems = Vec::new();
    let beyond_header = std::iter::repeat(&Column::Blank);
    for (index, (column, cell)) in columns.iter().chain(beyond_header).zip(&row.cells).enumerate() {
        if *cell == Cell::Empty {
            continue;
        }
        let at = |message: String| {
            SheetProblem::cell(
                &sheet.name,
                row.number,
                sheet.column_letter(index),
                sheet.headers.get(index).map_or("", String::as_str),
                message,
            )
        };
        let outcome = match column {
            Column::Official => official(cell, rubric).map(|t| data.official = Some(t)),
            Column::Source => {
                data.source = plain_text(cell);
                Ok(())
            }
            Column::Points(id) => points(cell, id, rubric).map(|p| {
                data.points.insert(id.clone(), p);
            }),
            Column::Value(id) => number(cell).map(|v| {
                data.values.insert(id.clone(), v);
            }),
            Column::Blank => Err((
                "a value in a column without a header".to_string(),
                "give the column a header (an indicator id, `value:<id>`, ...) or empty it"
                    .to_string(),
            )),
            Column::SourceUrl => source_url(cell).map(|url| cited(&mut data).url = url),
            Column::SourceOutlet => {
                cited(&mut data).outlet = plain_text(cell);
                Ok(())
            }
            Column::SourceDate => source_date(cell).map(|d| cited(&mut data).date = Some(d)),
            Column::SourceNote => {
                cited(&mut data).note = plain_text(cell);
                Ok(())
            }
            Column::Code | Column::Name => Ok(()),
        };
        if let Err((message, help)) = outcome {
            problems.push(at(message).with_help(help));
        }
    }
    if data.cited.as_ref().is_some_and(|c| c.url.is_empty()) {
        let at = columns.iter().position(|c| *c == Column::SourceUrl).unwrap_or(0);
        problems.push(
            SheetProblem::cell(
                &sheet.name,
                row.number,
                sheet.column_letter(at),
                sheet.headers.get(at).map_or("", String::as_str),
                "a source without its address",
            )
            .with_help(
                "fill the `url` cell with the address of the page, or empty the row's source cells",
            ),
        );
    }
    if data.cited.is_some() && data.official.is_none() {
        problems.push(
            SheetProblem::row(&sheet.name, row.number, "a source cited without a predikat")
                .with_help("fill the `official` (or `predikat`) cell with what the source says"),
        );
    }
    if problems.is_empty() { Ok(data) } else { Err(problems) }
}

/// The row's cited source, made on its first cell.
fn cited(data: &mut RowData) -> &mut Cited {
    data.cited.get_or_insert_with(Cited::default)
}

fn source_url(cell: &Cell) -> Result<String, CellError> {
    let text = plain_text(cell).unwrap_or_default();
    crate::model::web::web_url(&text).map_err(|why| {
        (
            format!("source url {why}"),
            "copy the page's full address, starting with `https://`".into(),
        )
    })?;
    Ok(text)
}

fn source_date(cell: &Cell) -> Result<String, CellError> {
    let text = match cell {
        Cell::Text(t) => t.trim().to_string(),
        other => plain_text(other).unwrap_or_default(),
    };
    if crate::model::record::is_date(&text) {
        Ok(text)
    } else {
        Err((
            format!("`{text}` is not a date"),
            "write the date as text `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`)".into(),
        ))
    }
}

type CellError = (String, String);

fn points(cell: &Cell, id: &str, rubric: &Rubric) -> Result<Points, CellError> {
    let value = number(cell)?;
    let max = rubric.indicator(id).map_or(Points::ZERO, |(_, i)| i.max_points);
    let points = Points::from_exact(value).ok_or_else(|| {
        (format!("{value} has more than two decimals"), "round points to two decimals".into())
    })?;
    if points < Points::ZERO || points > max {
        return Err((
            format!("{points} points is outside 0..={max} for `{id}`"),
            format!("`{id}` gives at most {max} points; check the figure"),
        ));
    }
    Ok(points)
}

fn number(cell: &Cell) -> Result<f64, CellError> {
    let help = "write a number such as 12.5 (a dot for decimals), or leave the cell empty";
    match cell {
        Cell::Number(x) if x.is_finite() => Ok(*x),
        Cell::Text(text) => match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ if text.replace(',', ".").parse::<f64>().is_ok() => Err((
                format!("expected a number, found the text `{text}`"),
                "use a dot, not a comma, as the decimal separator".into(),
            )),
            _ => Err((format!("expected a number, found the text `{text}`"), help.into())),
        },
        Cell::Number(x) => Err((format!("expected a number, found {x}"), help.into())),
        Cell::Other(what) => Err((format!("expected a number, found {what}"), help.into())),
        Cell::Empty => Err(("expected a number, found nothing".into(), help.into())),
    }
}

fn official(cell: &Cell, rubric: &Rubric) -> Result<String, CellError> {
    let text = plain_text(cell).unwrap_or_default().to_lowercase();
    match rubric.tier(&text) {
        Some(tier) => Ok(tier.id.to_string()),
        None => {
            let ids: Vec<&str> = rubric.tiers.iter().map(|t| &*t.id).collect();
            Err((
                format!("`{text}` is not a predikat of rubric `{}`", rubric.id),
                format!("write one of: {}", ids.join(", ")),
            ))
        }
    }
}

/// A code cell as text; a code typed as a number (`64.71`) keeps two decimals.
fn code_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Number(x) => Some(format!("{x:.2}")),
        other => plain_text(other),
    }
}

fn plain_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Number(x) => Some(x.to_string()),
        Cell::Text(s) | Cell::Other(s) => Some(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_may_be_text_but_not_words_or_decimal_commas() {
        assert_eq!(number(&Cell::Text("12.5".into())), Ok(12.5));
        assert_eq!(number(&Cell::Number(3.0)), Ok(3.0));
        let word = number(&Cell::Text("tinggi".into())).unwrap_err();
        assert!(word.0.contains("`tinggi`"), "{word:?}");
        let comma = number(&Cell::Text("12,5".into())).unwrap_err();
        assert!(comma.1.contains("dot"), "{comma:?}");
        assert!(number(&Cell::Text("NaN".into())).is_err());
    }

    #[test]
    fn codes_typed_as_numbers_keep_two_decimals() {
        assert_eq!(code_text(&Cell::Number(64.1)), Some("64.10".into()));
        assert_eq!(code_text(&Cell::Text("01.71".into())), Some("01.71".into()));
    }
}
