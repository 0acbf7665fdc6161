//! Markdown narratives and free pages: the optional TOML front matter between
//! `+++` lines at the very top, and the body after it.
//!
//! Records where the body starts so later stages can map body positions to
//! file lines. It does not render Markdown or read files.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::common::{error_at, toml_error};
use crate::diag::Diagnostics;
use crate::model::{Narrative, Page, SourceFile, is_valid_slug};
use crate::render::routes::RESERVED_PAGE_SLUGS;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<String>,
    description: Option<String>,
    date: Option<Spanned<toml::Value>>,
}

/// Where the front matter and body are inside a file.
#[derive(Debug, PartialEq)]
struct Split {
    /// Byte range of the TOML between the `+++` lines, if there is front matter.
    front_matter: Option<Range<usize>>,
    /// Byte offset of the body.
    body_offset: usize,
}

/// Finds the front matter; `Err` when it is opened but never closed.
fn split(src: &str) -> Result<Split, ()> {
    let Some(after_open) = opening_line_end(src) else {
        return Ok(Split { front_matter: None, body_offset: 0 });
    };
    let mut line_start = after_open;
    while line_start < src.len() {
        let line_end = src[line_start..].find('\n').map_or(src.len(), |i| line_start + i + 1);
        if src[line_start..line_end].trim_end() == "+++" {
            return Ok(Split { front_matter: Some(after_open..line_start), body_offset: line_end });
        }
        line_start = line_end;
    }
    Err(())
}

/// Offset just after a `+++` line at the very start of `src`.
fn opening_line_end(src: &str) -> Option<usize> {
    let rest = src.strip_prefix("+++")?;
    let line_end = rest.find('\n').map_or(src.len(), |i| 3 + i + 1);
    src[3..line_end].trim().is_empty().then_some(line_end)
}

/// Parses a narrative (`index.md`, `<year>.md` or a page); problems go to `diags`.
pub(crate) fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<Narrative> {
    let Ok(split) = split(&file.src) else {
        diags.push(
            error_at(file, 0..3, "front matter is not closed")
                .with_help("end the front matter with a line containing only `+++`"),
        );
        return None;
    };
    let raw = match &split.front_matter {
        Some(range) => toml::from_str::<RawFrontMatter>(&file.src[range.clone()])
            .map_err(|e| diags.push(toml_error(file, &e, range.start)))
            .ok()?,
        None => RawFrontMatter::default(),
    };
    let offset = split.front_matter.map_or(0, |r| r.start);
    let date = match &raw.date {
        Some(d) => Some(date(file, d, offset, diags)?),
        None => None,
    };
    Some(Narrative {
        title: raw.title,
        description: raw.description,
        date,
        body_offset: split.body_offset,
        file: file.clone(),
        translations: BTreeMap::new(),
    })
}

/// A front-matter date as `YYYY-MM-DD`, from a string or a TOML date.
fn date(
    file: &SourceFile,
    value: &Spanned<toml::Value>,
    offset: usize,
    diags: &mut Diagnostics,
) -> Option<String> {
    let text = match value.get_ref() {
        toml::Value::String(s) if is_iso_date(s) => Some(s.clone()),
        toml::Value::Datetime(dt) => {
            dt.date.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
        }
        _ => None,
    };
    if text.is_none() {
        let span = value.span();
        diags.push(
            error_at(file, span.start + offset..span.end + offset, "date is not a YYYY-MM-DD date")
                .with_help("write the date as `date = 2025-08-08` or `date = \"2025-08-08\"`"),
        );
    }
    text
}

fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y, m, d] if number(y, 4) && number(m, 2) && number(d, 2) => {
            let (m, d): (u8, u8) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
            (1..=12).contains(&m) && (1..=31).contains(&d)
        }
        _ => false,
    }
}

/// Parses `content/pages/<slug>.md`: a narrative with a title and a usable slug.
pub(crate) fn parse_page(file: &SourceFile, diags: &mut Diagnostics) -> Option<Page> {
    let slug = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
    let slug_ok = check_page_slug(file, &slug, diags);
    let narrative = parse(file, diags)?;
    if narrative.title.is_none() {
        diags.push(
            error_at(file, 0..0, "page has no title")
                .with_help("start the file with front matter: `+++`, `title = \"...\"`, `+++`"),
        );
        return None;
    }
    slug_ok.then_some(Page { slug, narrative })
}

fn check_page_slug(file: &SourceFile, slug: &str, diags: &mut Diagnostics) -> bool {
    if !is_valid_slug(slug) {
        diags.push(
            error_at(file, 0..0, format!("page name `{slug}` is not a valid slug"))
                .with_help("rename the file using lowercase letters, digits and single `-`"),
        );
        return false;
    }
    if RESERVED_PAGE_SLUGS.contains(&slug) {
        diags.push(
            error_at(file, 0..0, format!("page name `{slug}` is reserved for kla's own pages"))
                .with_help(format!(
                    "rename the file; these names are taken: {}",
                    RESERVED_PAGE_SLUGS.join(", ")
                )),
        );
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::common::source_file;

    fn narrative(src: &str) -> (Option<Narrative>, Vec<(String, String)>) {
        let mut diags = Diagnostics::new();
        let n = parse(&source_file("content/regions/kota-a/index.md", src), &mut diags);
        (n, diags.iter().map(|d| (d.location(), d.message.clone())).collect())
    }

    fn page(name: &str, src: &str) -> (Option<Page>, Vec<(String, String)>) {
        let mut diags = Diagnostics::new();
        let p = parse_page(&source_file(format!("content/pages/{name}"), src), &mut diags);
        (p, diags.iter().map(|d| (d.location(), d.message.clone())).collect())
    }

    #[test]
    fn splits_front_matter_and_records_body_offset() {
        let src = "+++\ntitle = \"Profil\"\ndate = 2025-08-08\n+++\n# Isi\n";
        let (n, p) = narrative(src);
        assert!(p.is_empty(), "{p:?}");
        let n = n.unwrap();
        assert_eq!(n.title.as_deref(), Some("Profil"));
        assert_eq!(n.date.as_deref(), Some("2025-08-08"));
        assert_eq!(n.body(), "# Isi\n");
        assert_eq!(&src[n.body_offset..], n.body());
    }

    #[test]
    fn reads_a_file_without_front_matter_as_all_body() {
        let (n, _) = narrative("# Isi\n+++\n");
        let n = n.unwrap();
        assert_eq!((n.title.as_deref(), n.body_offset, n.body()), (None, 0, "# Isi\n+++\n"));
    }

    #[test]
    fn accepts_crlf_and_a_date_string() {
        let (n, p) = narrative("+++\r\ndate = \"2024-01-31\"\r\n+++\r\nbody");
        assert!(p.is_empty(), "{p:?}");
        let n = n.unwrap();
        assert_eq!((n.date.as_deref(), n.body()), (Some("2024-01-31"), "body"));
    }

    #[test]
    fn errors_on_unclosed_front_matter() {
        let (n, p) = narrative("+++\ntitle = \"x\"\n# Isi\n");
        assert!(n.is_none());
        assert_eq!(
            p,
            [("content/regions/kota-a/index.md:1:1".into(), "front matter is not closed".into())]
        );
    }

    #[test]
    fn errors_on_bad_front_matter_at_its_line_in_the_file() {
        let (_, p) = narrative("+++\ntitle = \"x\"\nauthor = \"y\"\n+++\nbody\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "content/regions/kota-a/index.md:3:1");
        assert!(p[0].1.contains("unknown field `author`"), "{p:?}");
        let (_, p) = narrative("+++\ndate = \"8 Aug 2025\"\n+++\n");
        assert_eq!(
            p[0],
            ("content/regions/kota-a/index.md:2:8".into(), "date is not a YYYY-MM-DD date".into())
        );
    }

    #[test]
    fn builds_a_page_with_a_title() {
        let (page, p) = page("tentang.md", "+++\ntitle = \"Tentang\"\n+++\nTeks\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(page.unwrap().slug, "tentang");
    }

    #[test]
    fn errors_on_page_without_title() {
        let (_, p) = page("tentang.md", "Teks\n");
        assert_eq!(p, [("content/pages/tentang.md:1:1".into(), "page has no title".into())]);
    }

    #[test]
    fn errors_on_reserved_page_slug() {
        let (page, p) = page("peringkat.md", "+++\ntitle = \"x\"\n+++\n");
        assert!(page.is_none());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "content/pages/peringkat.md:1:1");
        assert!(p[0].1.contains("`peringkat` is reserved"));
    }
}
