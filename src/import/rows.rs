//! Turning one sheet row into the evaluation fields it sets, checking every cell.
//!
//! Points must be numbers within `0..=max_points`; more than two decimals (a
//! formula's 26.533333333) are rounded to hundredths, half away from zero, as
//! the rubric rounds scaled points. Values must be finite numbers; on a `%`
//! scale a cell formatted as a percentage (85 % stored as 0.85) gives 85, and
//! where the formats are unknown a number from 0 to 1 is refused, never
//! guessed. `official` must be a tier id of the rubric; a code must have the
//! Kemendagri shape `NN.NN`. Numbers may be stored as numbers or as text
//! (every CSV cell is text), with a decimal dot or an unambiguous decimal
//! comma (`85,5`). An empty cell sets nothing (the file keeps what it has).
//! This module does not match regions (see `matching`) nor touch files.

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
    /// Cells whose figure is not imported exactly as stored, for the summary.
    pub(crate) adjusted: Vec<Adjusted>,
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

/// Why a figure is imported other than as the cell stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Adjustment {
    /// Points with more than two decimals, rounded to hundredths.
    Rounded,
    /// A cell formatted as a percentage on a `%` scale, read as shown (0.85 as 85).
    Percent,
}

/// One cell imported other than as stored: where, and from what to what.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Adjusted {
    /// What was done.
    pub(crate) kind: Adjustment,
    /// `row 3, column C (perda)`.
    pub(crate) at: String,
    /// `26.533333333 -> 26.53`.
    pub(crate) change: String,
}

/// The region identity cells of a row: code and name, as text. A code cell
/// that is not a Kemendagri code (or a number that may have lost its zeros)
/// is a problem.
pub(crate) fn identity(
    sheet: &Sheet,
    row: &Row,
    columns: &[Column],
) -> Result<(Option<String>, Option<String>), Box<SheetProblem>> {
    let mut code = None;
    let mut name = None;
    for (index, (column, cell)) in columns.iter().zip(&row.cells).enumerate() {
        match column {
            Column::Code => {
                code = code_text(cell).map_err(|(message, help)| {
                    Box::new(at(sheet, row, index, message).with_help(help))
                })?;
            }
            Column::Name => name = plain_text(cell),
            _ => {}
        }
    }
    Ok((code, name))
}

/// A problem in cell `index` of `row`.
fn at(sheet: &Sheet, row: &Row, index: usize, message: String) -> SheetProblem {
    SheetProblem::cell(
        &sheet.name,
        row.number,
        sheet.column_letter(index),
        sheet.headers.get(index).map_or("", String::as_str),
        message,
    )
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
        let outcome = match column {
            Column::Official => official(cell, rubric).map(|t| {
                data.official = Some(t);
                None
            }),
            Column::Source => {
                data.source = plain_text(cell);
                Ok(None)
            }
            Column::Points(id) => points(cell, id, rubric).map(|(p, rounded)| {
                data.points.insert(id.clone(), p);
                rounded.map(|change| (Adjustment::Rounded, change))
            }),
            Column::Value(id) => measured(sheet, cell, id, rubric).map(|(v, shown)| {
                data.values.insert(id.clone(), v);
                shown.map(|change| (Adjustment::Percent, change))
            }),
            Column::Blank => Err((
                "a value in a column without a header".to_string(),
                "give the column a header (an indicator id, `value:<id>`, ...) or empty it"
                    .to_string(),
            )),
            Column::SourceUrl => source_url(cell).map(|url| {
                cited(&mut data).url = url;
                None
            }),
            Column::SourceOutlet => {
                cited(&mut data).outlet = plain_text(cell);
                Ok(None)
            }
            Column::SourceDate => source_date(cell).map(|d| {
                cited(&mut data).date = Some(d);
                None
            }),
            Column::SourceNote => {
                cited(&mut data).note = plain_text(cell);
                Ok(None)
            }
            Column::Code | Column::Name | Column::Ignored => Ok(None),
        };
        match outcome {
            Ok(Some((kind, change))) => {
                let at = at(sheet, row, index, String::new()).location_in_sheet();
                data.adjusted.push(Adjusted { kind, at, change });
            }
            Ok(None) => {}
            Err((message, help)) => problems.push(at(sheet, row, index, message).with_help(help)),
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

/// Points, rounded to hundredths when they have more decimals (with the change, for the summary).
fn points(cell: &Cell, id: &str, rubric: &Rubric) -> Result<(Points, Option<String>), CellError> {
    if let Cell::Percent(x) = cell {
        return Err((
            format!("the cell is formatted as a percentage (it shows {} %)", times_hundred(*x)),
            format!("`{id}` takes points, not a percentage: format the cell as a number"),
        ));
    }
    let value = number(cell)?;
    let max = rubric.indicator(id).map_or(Points::ZERO, |(_, i)| i.max_points);
    let (points, rounded) = match Points::from_exact(value) {
        Some(points) => (points, None),
        None => {
            let points = Points::round_from(value);
            (points, Some(format!("{value} -> {points}")))
        }
    };
    if points < Points::ZERO || points > max {
        return Err((
            format!("{points} points is outside 0..={max} for `{id}`"),
            format!("`{id}` gives at most {max} points; check the figure"),
        ));
    }
    Ok((points, rounded))
}

/// A measured value in its scale's unit, and the change when a percentage
/// cell was read as shown. On a `%` scale, a number cell from 0 to 1 in a
/// file whose formats kla cannot read may be a percentage cell: refused.
fn measured(
    sheet: &Sheet,
    cell: &Cell,
    id: &str,
    rubric: &Rubric,
) -> Result<(f64, Option<String>), CellError> {
    let unit = rubric
        .indicator(id)
        .and_then(|(_, i)| i.scale.as_ref())
        .map_or(String::new(), |s| s.unit.trim().to_string());
    let percent_scale = unit == "%";
    match cell {
        Cell::Percent(x) if percent_scale => {
            let value = times_hundred(*x);
            Ok((value, Some(format!("{x} shown as {value} % -> {value}"))))
        }
        Cell::Percent(x) => Err((
            format!("the cell is formatted as a percentage (it shows {} %)", times_hundred(*x)),
            format!("the scale of `{id}` is in {unit}, not %: format the cell as a number"),
        )),
        Cell::Number(x) if percent_scale && *x > 0.0 && *x <= 1.0 => match &sheet.formats_unknown {
            Some(why) => Err((
                format!(
                    "{x} may be {x} % or a cell formatted as a percentage showing {} %: \
                     the number formats are unknown ({why})",
                    times_hundred(*x)
                ),
                "save the sheet as .xlsx or CSV UTF-8, or type the figure as text (`0.5` for \
                 0.5 %, `85` for 85 %)"
                    .into(),
            )),
            None => Ok((*x, None)),
        },
        Cell::Text(text) if percent_scale && text.ends_with('%') => {
            let figure = text.trim_end_matches('%').trim();
            number(&Cell::Text(figure.to_string())).map(|v| (v, None))
        }
        _ => number(cell).map(|v| (v, None)),
    }
}

/// `x` times 100 with the decimal point moved in the digits, so 0.85 gives
/// 85, not 85.00000000000001.
fn times_hundred(x: f64) -> f64 {
    let digits = x.to_string();
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
    let fraction = format!("{fraction:0<2}");
    let (moved, rest) = fraction.split_at(2);
    format!("{whole}{moved}.{rest}0").parse().unwrap_or(x * 100.0)
}

fn number(cell: &Cell) -> Result<f64, CellError> {
    let help = "write a number such as 12.5, or leave the cell empty";
    match cell {
        Cell::Number(x) | Cell::Percent(x) if x.is_finite() => Ok(*x),
        Cell::Text(text) => number_text(text),
        Cell::Number(x) | Cell::Percent(x) => {
            Err((format!("expected a number, found {x}"), help.into()))
        }
        Cell::Other(what) => Err((format!("expected a number, found {what}"), help.into())),
        Cell::Empty => Err(("expected a number, found nothing".into(), help.into())),
    }
}

/// A number typed as text: `85.5`, or `85,5` with an Indonesian decimal
/// comma. A single comma before exactly three digits (`1,500`) may be a
/// thousands separator, so it is refused.
fn number_text(text: &str) -> Result<f64, CellError> {
    let not_a_number = || {
        (
            format!("`{text}` is not a number"),
            "write a number such as 12.5 or 12,5 (no thousands separators), or leave the cell empty"
                .to_string(),
        )
    };
    let plain = |t: &str| {
        let digits = t.strip_prefix('-').unwrap_or(t);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (all_digits(whole) && all_digits(fraction)).then(|| t.parse::<f64>().ok()).flatten()
    };
    if let Some(x) = plain(text) {
        return Ok(x);
    }
    match text.split_once(',') {
        Some((_, decimals)) if decimals.len() == 3 && plain(&text.replace(',', ".")).is_some() => {
            Err((
                format!("`{text}` may be a decimal comma or a thousands separator"),
                format!("write `{}` or `{}`", text.replace(',', "."), text.replace(',', "")),
            ))
        }
        Some(_) if !text.contains('.') => plain(&text.replace(',', ".")).ok_or_else(not_a_number),
        _ => Err(not_a_number()),
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

/// A code cell as a Kemendagri code, `NN.NN`. A code typed as a number loses
/// its zeros: `99.1` may be 99.10, so a number is read only when it shows two
/// decimals (`64.71`); a lost leading zero (`1.71`) is put back.
fn code_text(cell: &Cell) -> Result<Option<String>, CellError> {
    let help = "format the code column as text and type the codes with both zeros, e.g. `99.10`";
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(x) | Cell::Percent(x) => match kemendagri_code(&x.to_string()) {
            Some(code) => Ok(Some(code)),
            None => Err((
                format!(
                    "the code is the number {x}, which may have lost zeros (a code has the \
                     shape `NN.NN`, e.g. `64.71`)"
                ),
                help.into(),
            )),
        },
        Cell::Text(text) => kemendagri_code(text).map(Some).ok_or_else(|| {
            (
                format!(
                    "`{text}` is not a Kemendagri code: two digits, a dot and two digits, \
                     e.g. `64.71`"
                ),
                format!("check the code; if the sheet showed it as a number, {help}"),
            )
        }),
        Cell::Other(what) => Err((format!("expected a code, found {what}"), help.into())),
    }
}

/// `64.71` as it is and `1.71` as `01.71`; `None` for anything else.
fn kemendagri_code(text: &str) -> Option<String> {
    let (province, region) = text.trim().split_once('.')?;
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    (digits(province, 1..=2) && digits(region, 2..=2)).then(|| format!("{province:0>2}.{region}"))
}

fn plain_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Number(x) | Cell::Percent(x) => Some(x.to_string()),
        Cell::Text(s) | Cell::Other(s) => Some(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::scenes::five_tier_rubric as test_rubric;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn numbers_may_be_text_with_a_decimal_dot_or_an_unambiguous_comma() {
        assert_eq!(number(&text("12.5")), Ok(12.5));
        assert_eq!(number(&text("85,5")), Ok(85.5));
        assert_eq!(number(&text("-0,25")), Ok(-0.25));
        assert_eq!(number(&Cell::Number(3.0)), Ok(3.0));
        assert_eq!(number(&text("tinggi")).unwrap_err().0, "`tinggi` is not a number");
        let thousands = number(&text("1,500")).unwrap_err();
        assert!(thousands.1.contains("`1.500` or `1500`"), "{thousands:?}");
        for bad in ["NaN", "inf", "1.234,5", "12,5,1", "1e3", "", "12.", ",5"] {
            assert!(number(&text(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_have_the_kemendagri_shape_and_numbers_that_lost_zeros_are_refused() {
        assert_eq!(code_text(&Cell::Number(64.71)), Ok(Some("64.71".into())));
        assert_eq!(code_text(&Cell::Number(1.71)), Ok(Some("01.71".into())));
        assert_eq!(code_text(&text("01.71")), Ok(Some("01.71".into())));
        let lost = code_text(&Cell::Number(99.1)).unwrap_err();
        assert!(lost.0.contains("the number 99.1, which may have lost zeros"), "{lost:?}");
        assert!(lost.1.contains("format the code column as text"), "{lost:?}");
        assert!(code_text(&Cell::Number(64.0)).is_err());
        for bad in ["99.1", "64-71", "64.711", "6471", "a4.71", "64.71.01"] {
            let err = code_text(&text(bad)).unwrap_err();
            assert!(err.0.contains("is not a Kemendagri code"), "{bad}: {err:?}");
        }
    }

    #[test]
    fn points_with_more_decimals_are_rounded_half_away_from_zero() {
        let rubric = test_rubric("r", 2019, None);
        let (p, change) = points(&Cell::Number(5.533333333), "a1", &rubric).unwrap();
        assert_eq!((p, change.as_deref()), (Points(553), Some("5.533333333 -> 5.53")));
        assert_eq!(points(&Cell::Number(1.125), "a1", &rubric).unwrap().0, Points(113));
        assert_eq!(points(&Cell::Number(2.5), "a1", &rubric).unwrap(), (Points(250), None));
    }

    #[test]
    fn moving_the_decimal_point_is_exact() {
        for (x, want) in [(0.85, 85.0), (0.855, 85.5), (1.0, 100.0), (0.07, 7.0), (0.0001, 0.01)] {
            assert_eq!(times_hundred(x), want, "{x}");
        }
    }
}
