//! What a spreadsheet file really holds, judged from its first bytes.
//!
//! Offices rename files and save CSVs in whatever encoding the program picks:
//! a CSV saved as UTF-16 or Windows-1252, a CSV renamed `.xlsx`, a web page
//! saved as `.xls`. Before a reader library sees such a file (and fails with a
//! chain of errors about zip headers or UTF-8), this module says what the
//! bytes look like, so the message can say how to save the file properly. A
//! UTF-8 byte-order mark is simply dropped. This module does not read cells.

use super::problem::SheetProblem;

/// The UTF-8 byte-order mark Windows programs put before CSV text.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to save a CSV that kla can read, for help lines.
const SAVE_AS_UTF8: &str = "in Excel choose File > Save As > \
     \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice, Save As \"Text CSV\" with the \
     character set \"Unicode (UTF-8)\"";

/// What the start of a file looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Looks {
    /// No bytes at all.
    Empty,
    /// A zip archive: an `.xlsx`, `.xlsm`, `.xlsb` or `.ods` workbook.
    Zip,
    /// An OLE2 compound file: an Excel 97–2003 `.xls`, or a password-protected workbook.
    Compound,
    /// UTF-16 text (by its byte-order mark, or NUL bytes between the letters).
    Utf16 {
        /// Big-endian (`FE FF`) rather than little-endian (`FF FE`, what Windows writes).
        big_endian: bool,
    },
    /// An HTML or XML document (a web page saved with a spreadsheet extension).
    Markup,
    /// UTF-8 text; its first non-empty line.
    Text(String),
    /// Text that is not UTF-8, probably Windows-1252: the 1-based line and the byte.
    NotUtf8 {
        /// The line of the first byte that is not UTF-8.
        line: usize,
        /// That byte.
        byte: u8,
        /// The line, with the bad bytes replaced.
        text: String,
    },
    /// Binary data of no kind kla knows.
    Binary,
}

/// What `bytes` (the whole file, or its first few kilobytes) look like.
pub(crate) fn looks(bytes: &[u8]) -> Looks {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if bytes.is_empty() {
        return Looks::Empty;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Looks::Zip;
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Looks::Compound;
    }
    if let Some(big_endian) = utf16(bytes) {
        return Looks::Utf16 { big_endian };
    }
    if bytes.contains(&0) {
        return Looks::Binary;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // A multi-byte letter cut at the end of a sample is still UTF-8.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(e) => return not_utf8(bytes, e.valid_up_to()),
    };
    let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    if first.starts_with('<') { Looks::Markup } else { Looks::Text(first.to_string()) }
}

/// `Some(big_endian)` for UTF-16 text: a byte-order mark, or NUL bytes in
/// every other place (ASCII letters stored in two bytes).
fn utf16(bytes: &[u8]) -> Option<bool> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(false);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(true);
    }
    let sample = &bytes[..bytes.len().min(512)];
    let nul_at = |parity: usize| {
        sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count() * 2 >= sample.len() / 2
    };
    match (nul_at(0), nul_at(1)) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

fn not_utf8(bytes: &[u8], at: usize) -> Looks {
    let line_start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line_end = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i);
    let text = String::from_utf8_lossy(&bytes[line_start..line_end]).trim().to_string();
    Looks::NotUtf8 {
        line: bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1,
        byte: bytes[at],
        text: shorten(&text),
    }
}

/// At most 60 characters of `text`, for messages.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

impl Looks {
    /// What the file looks like, in words: `a zip archive (as .xlsx and .ods files are)`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Looks::Empty => "an empty file".into(),
            Looks::Zip => "a zip archive (as .xlsx and .ods workbooks are)".into(),
            Looks::Compound => {
                "an Excel 97-2003 workbook (.xls) or a password-protected workbook".into()
            }
            Looks::Utf16 { big_endian } => format!("UTF-16 text ({})", endian(*big_endian)),
            Looks::Markup => "an HTML or XML document (a web page?)".into(),
            Looks::Text(line) => format!("text whose first line is `{}`", shorten(line)),
            Looks::NotUtf8 { .. } => "text that is not UTF-8 (probably Windows-1252)".into(),
            Looks::Binary => "binary data of an unknown kind".into(),
        }
    }
}

fn endian(big_endian: bool) -> &'static str {
    if big_endian { "big-endian" } else { "little-endian" }
}

/// The text of a CSV file: UTF-8, a leading byte-order mark dropped. Any
/// other content is refused with what it looks like and how to save it as
/// UTF-8; `name` is the file name, used as the sheet name.
pub(crate) fn csv_text<'b>(name: &str, bytes: &'b [u8]) -> Result<&'b str, Box<SheetProblem>> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let (Ok(text), None) = (std::str::from_utf8(bytes), utf16(bytes)) {
        return Ok(text);
    }
    let problem = match looks(bytes) {
        Looks::Utf16 { big_endian } => SheetProblem::file(
            name,
            format!(
                "the file is UTF-16 text ({}); kla reads CSV files as UTF-8",
                endian(big_endian)
            ),
        )
        .with_help(format!("save it as UTF-8: {SAVE_AS_UTF8}")),
        Looks::NotUtf8 { line, byte, text } => SheetProblem::row(
            name,
            line,
            format!(
                "the file is not UTF-8 (byte 0x{byte:02X} in `{text}`): it is probably \
                 Windows-1252, what Excel's plain \"CSV (Comma delimited)\" writes"
            ),
        )
        .with_help(format!("save it as UTF-8: {SAVE_AS_UTF8}")),
        seen @ (Looks::Zip | Looks::Compound) => {
            SheetProblem::file(name, format!("the file is not a CSV: it is {}", seen.describe()))
                .with_help("give the file its real extension (.xlsx, .ods or .xls) and import that")
        }
        other => SheetProblem::file(
            name,
            format!("the file is not CSV text: it is {}", other.describe()),
        )
        .with_help(format!("save the sheet as CSV: {SAVE_AS_UTF8}")),
    };
    Err(Box::new(problem))
}

/// Checks that a workbook file holds what its extension says: a zip for
/// `.xlsx`, `.xlsm`, `.xlsb` and `.ods`, a compound file for `.xls`. `head`
/// is the start of the file.
pub(crate) fn check_workbook(
    name: &str,
    extension: &str,
    head: &[u8],
) -> Result<(), Box<SheetProblem>> {
    let seen = looks(head);
    let expected = if extension == "xls" { Looks::Compound } else { Looks::Zip };
    if seen == expected {
        return Ok(());
    }
    let help = match (&seen, extension) {
        (Looks::Text(_) | Looks::Utf16 { .. } | Looks::NotUtf8 { .. }, _) => {
            let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
            format!("if it is a CSV, rename it to `{stem}.csv`; or open it and save it as .xlsx")
        }
        (Looks::Zip, "xls") => "rename it to .xlsx (or .ods), the kind it really is".into(),
        (Looks::Compound, _) => {
            "open it and save it as .xlsx (Excel Workbook), without a password".into()
        }
        _ => "open it in a spreadsheet program and save it as .xlsx (Excel Workbook)".into(),
    };
    let message = format!("the file is not really an .{extension} file: it is {}", seen.describe());
    Err(Box::new(SheetProblem::file(name, message).with_help(help)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_a_byte_order_mark_is_read_as_it_is() {
        assert_eq!(csv_text("a.csv", b"\xEF\xBB\xBFkode,nama\n").unwrap(), "kode,nama\n");
        assert_eq!(
            csv_text("a.csv", "nama\nKota Banda Aceh\n".as_bytes()),
            Ok("nama\nKota Banda Aceh\n")
        );
    }

    fn encode_utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = if !bom {
            Vec::new()
        } else if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() };
            bytes.extend(pair);
        }
        bytes
    }

    #[test]
    fn utf16_is_named_with_its_byte_order_with_or_without_a_mark() {
        for (big_endian, bom) in [(false, true), (true, true), (false, false), (true, false)] {
            let bytes = encode_utf16("kode,perda\n01.71,20\n", big_endian, bom);
            let problem = csv_text("nilai.csv", &bytes).unwrap_err();
            let want =
                if big_endian { "UTF-16 text (big-endian)" } else { "UTF-16 text (little-endian)" };
            assert!(problem.message.contains(want), "{problem}");
            assert!(problem.help.as_deref().unwrap().contains("CSV UTF-8 (Comma delimited)"));
            assert_eq!(problem.location(), "file \"nilai.csv\"");
        }
    }

    #[test]
    fn windows_1252_is_pointed_at_its_line_and_byte() {
        let problem =
            csv_text("nilai.csv", b"nama,perda\nKota Bandar Lampung,20\nKota Pal\xE9mbang,10\n")
                .unwrap_err();
        assert_eq!(problem.row, 3);
        assert!(problem.message.contains("byte 0xE9 in `Kota Pal\u{FFFD}mbang,10`"), "{problem}");
        assert!(problem.message.contains("probably Windows-1252"), "{problem}");
    }

    #[test]
    fn a_workbook_must_hold_what_its_extension_says() {
        assert_eq!(check_workbook("a.xlsx", "xlsx", b"PK\x03\x04rest"), Ok(()));
        let csv =
            check_workbook("nilai.xlsx", "xlsx", b"kode;nama;perda\n01.71;A;20\n").unwrap_err();
        assert!(
            csv.message.contains(
                "not really an .xlsx file: it is text whose first line is `kode;nama;perda`"
            ),
            "{csv}"
        );
        assert!(csv.help.as_deref().unwrap().contains("`nilai.csv`"), "{csv}");
        let html = check_workbook("a.xls", "xls", b"<html><table>").unwrap_err();
        assert!(html.message.contains("HTML"), "{html}");
        let zip = check_workbook("a.xls", "xls", b"PK\x03\x04").unwrap_err();
        assert!(zip.help.as_deref().unwrap().contains("rename it to .xlsx"), "{zip}");
        let empty = check_workbook("a.xlsx", "xlsx", b"").unwrap_err();
        assert!(empty.message.contains("an empty file"), "{empty}");
    }

    #[test]
    fn a_workbook_renamed_csv_says_so() {
        let problem = csv_text("nilai.csv", b"PK\x03\x04\x14\x00\x00\x00").unwrap_err();
        assert!(problem.message.contains("not a CSV: it is a zip archive"), "{problem}");
    }
}
