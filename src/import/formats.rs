//! Which cells of an `.xlsx` sheet are formatted as percentages.
//!
//! A cell that shows `85 %` stores 0.85: read as a plain number it would
//! import a percentage a hundred times too small, and change a predikat
//! without a word. calamine 0.35 tells only dates from other numbers, so this
//! module reads the number formats itself, from the same zip and with the same
//! XML reader calamine uses: the workbook's sheet list and relationships to
//! find the sheet's part, `xl/styles.xml` for which cell styles show a `%`,
//! and the sheet's cells for their style. It knows nothing of columns or rubrics.

use std::collections::HashSet;
use std::io::{Read, Seek};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

/// The 0-based (row, column) of every number cell shown as a percentage.
pub(crate) type PercentCells = HashSet<(u32, u32)>;

/// The percent-formatted cells of sheet `sheet` of the workbook at `path`,
/// or why the formats could not be read.
pub(crate) fn percent_cells(path: &Path, sheet: &str) -> Result<PercentCells, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip = ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| e.to_string())?;
    let styles = match part(&mut zip, "xl/styles.xml")? {
        Some(xml) => percent_styles(&xml)?,
        None => return Ok(PercentCells::new()),
    };
    if !styles.contains(&true) {
        return Ok(PercentCells::new());
    }
    let sheet_part = sheet_part(&mut zip, sheet)?;
    let xml = part(&mut zip, &sheet_part)?.ok_or_else(|| format!("{sheet_part} is missing"))?;
    styled_cells(&xml, &styles)
}

/// The bytes of the zip entry `name` (compared without case), if there is one.
fn part<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str) -> Result<Option<Vec<u8>>, String> {
    let Some(found) = zip.file_names().find(|n| n.eq_ignore_ascii_case(name)).map(String::from)
    else {
        return Ok(None);
    };
    let mut entry = zip.by_name(&found).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).map_err(|e| format!("cannot read {found}: {e}"))?;
    Ok(Some(bytes))
}

/// One step through an XML part: an element opening (`true` for an empty
/// element, which closes at once) or closing, by local name.
enum Tag<'e> {
    Open(&'e BytesStart<'e>),
    Close(&'e [u8]),
}

/// Calls `visit` for every element opening and closing of `xml`.
fn walk(xml: &[u8], mut visit: impl FnMut(Tag<'_>) -> Result<(), String>) -> Result<(), String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e) => visit(Tag::Open(&e))?,
            Event::Empty(e) => {
                visit(Tag::Open(&e))?;
                visit(Tag::Close(e.local_name().as_ref()))?;
            }
            Event::End(e) => visit(Tag::Close(e.local_name().as_ref()))?,
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The attribute whose local name (without any `r:` prefix) is `name`.
fn attribute(element: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            let raw = String::from_utf8_lossy(&a.value).into_owned();
            quick_xml::escape::unescape(&raw).ok().map(|v| v.into_owned())
        })
}

/// For each cell style (`<cellXfs>` entry, by index), whether it shows a percentage.
fn percent_styles(xml: &[u8]) -> Result<Vec<bool>, String> {
    let mut custom = std::collections::HashMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    walk(xml, |tag| {
        match tag {
            Tag::Open(e) if e.local_name().as_ref() == b"numFmt" => {
                if let (Some(id), Some(code)) =
                    (attribute(e, b"numFmtId"), attribute(e, b"formatCode"))
                {
                    custom.insert(id, code);
                }
            }
            Tag::Open(e) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = true,
            Tag::Close(b"cellXfs") => in_cell_xfs = false,
            Tag::Open(e) if in_cell_xfs && e.local_name().as_ref() == b"xf" => {
                let id = attribute(e, b"numFmtId").unwrap_or_default();
                styles.push(match custom.get(&id) {
                    Some(code) => is_percent_format(code),
                    None => matches!(id.as_str(), "9" | "10"),
                });
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(styles)
}

/// Whether a number format code scales by 100 and shows `%`: a `%` that is
/// not quoted, escaped or inside brackets (`0.0%`, `[Red]0%`; not `0"%"`).
pub(crate) fn is_percent_format(code: &str) -> bool {
    let (mut quoted, mut escaped, mut bracketed) = (false, false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '"' => quoted = !quoted,
            _ if quoted => {}
            // `\x` is a literal, `_x` a space as wide as x, `*x` a fill.
            '\\' | '_' | '*' => escaped = true,
            '[' => bracketed = true,
            ']' => bracketed = false,
            '%' if !bracketed => return true,
            _ => {}
        }
    }
    false
}

/// The zip path of the sheet named `sheet`, from the workbook and its relationships.
fn sheet_part<R: Read + Seek>(zip: &mut ZipArchive<R>, sheet: &str) -> Result<String, String> {
    let workbook = part(zip, "xl/workbook.xml")?.ok_or("xl/workbook.xml is missing")?;
    let mut id = None;
    walk(&workbook, |tag| {
        let Tag::Open(e) = tag else { return Ok(()) };
        if e.local_name().as_ref() == b"sheet" && attribute(e, b"name").as_deref() == Some(sheet) {
            id = attribute(e, b"id");
        }
        Ok(())
    })?;
    let id = id.ok_or_else(|| format!("sheet {sheet:?} is not in xl/workbook.xml"))?;
    let rels =
        part(zip, "xl/_rels/workbook.xml.rels")?.ok_or("the workbook has no relationships")?;
    let mut target = None;
    walk(&rels, |tag| {
        let Tag::Open(e) = tag else { return Ok(()) };
        if attribute(e, b"Id").as_deref() == Some(id.as_str()) {
            target = attribute(e, b"Target");
        }
        Ok(())
    })?;
    let target = target.ok_or_else(|| format!("sheet {sheet:?} has no part"))?;
    Ok(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    })
}

/// The cells of a sheet part whose style is one of the percent styles.
fn styled_cells(xml: &[u8], percent: &[bool]) -> Result<PercentCells, String> {
    let mut cells = PercentCells::new();
    // Rows and cells may leave out their `r`; they then follow the one before.
    let (mut row, mut next_column) = (0u32, 0u32);
    let mut first_row = true;
    walk(xml, |tag| {
        let Tag::Open(e) = tag else { return Ok(()) };
        match e.local_name().as_ref() {
            b"row" => {
                let given = attribute(e, b"r").and_then(|r| r.parse::<u32>().ok());
                row = given.map_or(if first_row { 0 } else { row + 1 }, |r| r.saturating_sub(1));
                (first_row, next_column) = (false, 0);
            }
            b"c" => {
                let at = attribute(e, b"r").and_then(|r| cell_reference(&r));
                let (r, c) = at.unwrap_or((row, next_column));
                next_column = c + 1;
                let style = attribute(e, b"s").and_then(|s| s.parse::<usize>().ok());
                if style.is_some_and(|s| percent.get(s) == Some(&true)) {
                    cells.insert((r, c));
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(cells)
}

/// `B3` as 0-based (row 2, column 1).
fn cell_reference(reference: &str) -> Option<(u32, u32)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    let mut column = 0u32;
    for c in letters.chars() {
        let letter = c.to_ascii_uppercase();
        if !letter.is_ascii_uppercase() {
            return None;
        }
        column = column.checked_mul(26)?.checked_add(u32::from(letter as u8 - b'A') + 1)?;
    }
    let row = digits.parse::<u32>().ok()?;
    Some((row.checked_sub(1)?, column.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats_are_told_from_literal_percent_signs() {
        for code in ["0%", "0.0%", "#,##0.00 %", "[Red]0.0%;[Blue]-0.0%", "0.0\" \"%"] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in ["0.00", "0\"%\"", "0\\%", "[$%-421]0", "General", "0_%"] {
            assert!(!is_percent_format(code), "{code}");
        }
    }

    #[test]
    fn cell_references_are_zero_based() {
        assert_eq!(cell_reference("A1"), Some((0, 0)));
        assert_eq!(cell_reference("AB12"), Some((11, 27)));
        assert_eq!(cell_reference("12"), None);
        assert_eq!(cell_reference("A0"), None);
    }

    #[test]
    fn cells_are_found_by_their_style_with_or_without_references() {
        let xml = br#"<worksheet><sheetData>
            <row r="2"><c r="B2" s="1"><v>0.85</v></c><c s="2"><v>3</v></c><c s="1"><v>1</v></c></row>
            <row><c s="1"/></row>
        </sheetData></worksheet>"#;
        let cells = styled_cells(xml, &[false, true, false]).unwrap();
        let mut cells: Vec<_> = cells.into_iter().collect();
        cells.sort();
        assert_eq!(cells, [(1, 1), (1, 3), (2, 0)]);
    }

    #[test]
    fn styles_show_a_percentage_by_builtin_or_custom_format() {
        let xml = br#"<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>
            <cellStyleXfs><xf numFmtId="9"/></cellStyleXfs>
            <cellXfs><xf numFmtId="0"/><xf numFmtId="9" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="10"/></cellXfs></styleSheet>"#;
        assert_eq!(percent_styles(xml).unwrap(), [false, true, true, false, true]);
    }
}
