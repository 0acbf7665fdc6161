//! From a file's bytes to the text kla parses, as editors on Windows save it:
//! a leading UTF-8 byte-order mark (Notepad's "UTF-8 with BOM") is dropped,
//! so front matter still starts the file and positions count from the first
//! visible character; a file in another encoding, or holding a NUL byte, is
//! refused with its position, the encoding it is probably in and how to save
//! it as UTF-8.
//!
//! It reads nothing: the walker (sources) and the theme (templates, strings)
//! hand over the bytes they read.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;

/// The UTF-8 encoding of U+FEFF, which some editors write first.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to save a file as UTF-8 in the editors publishers use.
const SAVE_AS_UTF8: &str = "save the file again as UTF-8: in Notepad, File > Save as, \
     Encoding: UTF-8; in VS Code, click the encoding in the status bar, \
     Reopen with the encoding named above, then Save with Encoding: UTF-8";

/// The text of a file (shown in messages as `rel`) read as `bytes`, without a
/// leading byte-order mark; `Err` for a file that is not UTF-8 or holds a NUL
/// byte, at the first offending byte when the text before it can be shown.
pub(crate) fn decode(mut bytes: Vec<u8>, rel: &Path) -> Result<String, Diagnostic> {
    if let Some(encoding) = utf16(&bytes) {
        return Err(Diagnostic::file(
            rel,
            format!("file is not UTF-8 text: it is saved as {encoding}"),
        )
        .with_help(SAVE_AS_UTF8));
    }
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(rel, e))?;
    match text.find('\0') {
        Some(at) => Err(nul_byte(rel, &text, at)),
        None => Ok(text),
    }
}

/// The UTF-16 flavour `bytes` are in, if they are: by the byte-order mark
/// Notepad writes for "Unicode", or, without one, by the zero bytes that
/// every other byte of mostly-ASCII UTF-16 text is.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16 (little-endian; Notepad calls it \"Unicode\")"),
        [0xFE, 0xFF, ..] => return Some("UTF-16 (big-endian)"),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let zeros_at =
        |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let half = sample.len() / 2;
    // Mostly-ASCII UTF-16: nearly every byte of one parity is zero.
    let mostly = |zeros: usize| half >= 2 && zeros * 10 >= half * 9;
    if mostly(odd) && even == 0 {
        Some("UTF-16 (little-endian, without a byte-order mark)")
    } else if mostly(even) && odd == 0 {
        Some("UTF-16 (big-endian, without a byte-order mark)")
    } else {
        None
    }
}

/// A file that is not UTF-8, at its first byte that is not: UTF-16 was
/// ruled out before, so it is most likely in the Windows code page that
/// Indonesian Windows saves "ANSI" text in.
fn not_utf8(rel: &Path, err: std::string::FromUtf8Error) -> Diagnostic {
    let at = err.utf8_error().valid_up_to();
    let bytes = err.into_bytes();
    let byte = bytes[at];
    let shown = shown_text(&String::from_utf8_lossy(&bytes));
    Diagnostic::at(
        rel,
        &shown,
        at..at + 1,
        format!(
            "file is not UTF-8 text: byte 0x{byte:02X} here is not UTF-8; the file is \
             probably saved as Windows-1252 (\"ANSI\")"
        ),
    )
    .with_help(SAVE_AS_UTF8)
}

/// A NUL byte at `at` of an otherwise good text: no text holds one, so it is
/// a stray byte (often invisible in the editor) or a sign of UTF-16 text
/// pasted into a UTF-8 file.
fn nul_byte(rel: &Path, text: &str, at: usize) -> Diagnostic {
    Diagnostic::at(rel, &shown_text(text), at..at + 1, "file holds a NUL byte (character 0) here")
        .with_help(
            "delete the invisible character at this position; if the text was copied from a \
             file saved as UTF-16 (\"Unicode\"), save that file as UTF-8 first",
        )
}

/// `text` with each NUL shown as `␀`, as it is printed under a message:
/// a terminal shows a NUL as nothing at all. A NUL is one character and so
/// is `␀`, so columns before and at the first NUL stay right.
fn shown_text(text: &str) -> Arc<str> {
    Arc::from(text.replace('\0', "\u{2400}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Result<String, Diagnostic> {
        decode(bytes.to_vec(), Path::new("content/pages/tentang.md"))
    }

    #[test]
    fn drops_a_leading_byte_order_mark_only() {
        assert_eq!(
            decoded(b"\xEF\xBB\xBF+++\ntitle = \"T\"\n+++\n").unwrap(),
            "+++\ntitle = \"T\"\n+++\n"
        );
        assert_eq!(decoded("a\u{feff}b".as_bytes()).unwrap(), "a\u{feff}b");
        assert_eq!(decoded(b"plain").unwrap(), "plain");
    }

    #[test]
    fn a_nul_byte_is_refused_at_its_line_and_column() {
        let err = decoded(b"\xEF\xBB\xBFtitle = \"T\"\nisi\0 lagi\n").unwrap_err();
        assert_eq!(err.location(), "content/pages/tentang.md:2:4");
        assert!(err.message.contains("NUL byte"), "{err}");
        assert!(err.help.as_deref().unwrap().contains("UTF-16"), "{err}");
        assert!(err.to_string().contains("2 | isi\u{2400} lagi"), "{err}");
    }

    #[test]
    fn utf16_is_named_with_or_without_a_byte_order_mark() {
        let le: Vec<u8> = "year = 2021\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "year = 2021\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with_bom = [&[0xFF, 0xFE][..], &le].concat();
        for (bytes, named) in
            [(&with_bom, "little-endian"), (&le, "little-endian"), (&be, "big-endian")]
        {
            let err = decoded(bytes).unwrap_err();
            assert!(err.message.contains("saved as UTF-16"), "{err}");
            assert!(err.message.contains(named), "{err}");
            assert!(err.help.as_deref().unwrap().contains("Encoding: UTF-8"), "{err}");
        }
    }

    #[test]
    fn other_bytes_that_are_not_utf8_are_placed_and_named_windows_1252() {
        // An en dash as Windows-1252 writes it (0x96).
        let err = decoded(b"name = \"Kota\"\nsource = \"Dinas \x96 2021\"\n").unwrap_err();
        assert_eq!(err.location(), "content/pages/tentang.md:2:17");
        assert!(err.message.contains("byte 0x96"), "{err}");
        assert!(err.message.contains("Windows-1252"), "{err}");
    }
}
