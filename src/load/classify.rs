//! What each path of a site folder is: the source layout as a function.
//!
//! Pure: looks at a relative path's components only, never at the disk.

use std::path::{Component, Path};

/// The role a known file plays in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// `site.toml`.
    Site,
    /// `content/rubrics/<id>.toml`.
    Rubric,
    /// `content/announcements/<year>.toml`.
    Announcement,
    /// `content/regions/<slug>/region.toml`.
    RegionInfo { slug: String },
    /// `content/regions/<slug>/<year>.toml`.
    Evaluation { slug: String, year: u16 },
    /// `content/regions/<slug>/index.md`.
    RegionNarrative { slug: String },
    /// `content/regions/<slug>/<year>.md`.
    YearNarrative { slug: String, year: u16 },
    /// `content/pages/<slug>.md`.
    Page,
    /// `content/batas/kabupaten_kota.geojson`: the regions' outlines.
    Boundaries,
    /// A licence or README beside the boundaries (`content/batas/*.txt`,
    /// `*.md`): kept with the data, as its licence asks, and not read further.
    Notice,
    /// A narrative in another language: `index.<lang>.md`, `<year>.<lang>.md`
    /// or `content/pages/<slug>.<lang>.md`; `of` is the role of the file it translates.
    Translation { lang: String, of: Box<Role> },
}

/// Whether a file or folder is ignored altogether: hidden, or an editor's backup.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
}

/// The role of the file at `rel` (relative to the site root), or, for a file
/// kla does not know, a hint saying what is expected where it is.
pub(crate) fn classify(rel: &Path) -> Result<Role, String> {
    if let Some((original, lang)) = translated_path(rel) {
        return match classify(&original)? {
            of @ (Role::RegionNarrative { .. } | Role::YearNarrative { .. } | Role::Page) => {
                Ok(Role::Translation { lang, of: Box::new(of) })
            }
            _ => Err(REGION_FOLDER_HELP.to_string()),
        };
    }
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["site.toml"] => Ok(Role::Site),
        ["content", "rubrics", file] if file.ends_with(".toml") => Ok(Role::Rubric),
        ["content", "rubrics", ..] => {
            Err("content/rubrics/ holds only rubric files named `<id>.toml`".to_string())
        }
        ["content", "announcements", file] if file.ends_with(".toml") => Ok(Role::Announcement),
        ["content", "announcements", ..] => {
            Err("content/announcements/ holds one file per award year, named `<year>.toml`"
                .to_string())
        }
        ["content", "regions", slug, file] => region_file(slug, file),
        ["content", "regions", _] => {
            Err("content/regions/ holds one folder per region, named by its slug".to_string())
        }
        ["content", "regions", ..] => Err(REGION_FOLDER_HELP.to_string()),
        ["content", "pages", file] if file.ends_with(".md") => Ok(Role::Page),
        ["content", "pages", ..] => {
            Err("content/pages/ holds only Markdown pages named `<name>.md`".to_string())
        }
        ["content", "batas", "kabupaten_kota.geojson"] => Ok(Role::Boundaries),
        ["content", "batas", file] if file.ends_with(".txt") || file.ends_with(".md") => {
            Ok(Role::Notice)
        }
        ["content", "batas", ..] => Err("content/batas/ holds the regions' outlines, \
             `kabupaten_kota.geojson`, with its licence and notes (`.txt`, `.md`)"
            .to_string()),
        _ => Err("content/ holds only the folders rubrics/, regions/, pages/, announcements/ \
             and batas/"
            .to_string()),
    }
}

const REGION_FOLDER_HELP: &str = "a region folder holds only region.toml, index.md, \
     <year>.toml and <year>.md (year as four digits, e.g. 2025.toml), and translated \
     narratives such as index.en.md and 2025.en.md";

fn region_file(slug: &str, file: &str) -> Result<Role, String> {
    let slug = slug.to_string();
    if file == "region.toml" {
        return Ok(Role::RegionInfo { slug });
    }
    if file == "index.md" {
        return Ok(Role::RegionNarrative { slug });
    }
    if let Some(year) = file.strip_suffix(".toml").and_then(parse_year) {
        return Ok(Role::Evaluation { slug, year });
    }
    if let Some(year) = file.strip_suffix(".md").and_then(parse_year) {
        return Ok(Role::YearNarrative { slug, year });
    }
    Err(REGION_FOLDER_HELP.to_string())
}

/// `index.en.md` -> (`index.md`, `en`): a Markdown file whose stem ends in a
/// two-letter language code.
fn translated_path(rel: &Path) -> Option<(std::path::PathBuf, String)> {
    let name = rel.file_name()?.to_str()?;
    let (stem, lang) = name.strip_suffix(".md")?.rsplit_once('.')?;
    let is_lang = lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase());
    is_lang.then(|| (rel.with_file_name(format!("{stem}.md")), lang.to_string()))
}

fn parse_year(stem: &str) -> Option<u16> {
    (stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit())).then(|| stem.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(path: &str) -> Result<Role, String> {
        classify(Path::new(path))
    }

    #[test]
    fn classifies_the_source_layout() {
        assert_eq!(role("site.toml"), Ok(Role::Site));
        assert_eq!(role("content/rubrics/kla-24.toml"), Ok(Role::Rubric));
        let slug = "kota-a".to_string();
        assert_eq!(
            role("content/regions/kota-a/region.toml"),
            Ok(Role::RegionInfo { slug: slug.clone() })
        );
        assert_eq!(
            role("content/regions/kota-a/2025.toml"),
            Ok(Role::Evaluation { slug: slug.clone(), year: 2025 })
        );
        assert_eq!(
            role("content/regions/kota-a/2025.md"),
            Ok(Role::YearNarrative { slug: slug.clone(), year: 2025 })
        );
        assert_eq!(role("content/regions/kota-a/index.md"), Ok(Role::RegionNarrative { slug }));
        assert_eq!(role("content/pages/tentang.md"), Ok(Role::Page));
        assert_eq!(role("content/batas/kabupaten_kota.geojson"), Ok(Role::Boundaries));
        assert_eq!(role("content/batas/LICENSE-boundaries.txt"), Ok(Role::Notice));
        assert!(role("content/batas/other.geojson").unwrap_err().contains("kabupaten_kota"));
    }

    #[test]
    fn classifies_translated_narratives_by_their_language_code() {
        let translation = |of: Role| Ok(Role::Translation { lang: "en".into(), of: Box::new(of) });
        let slug = "kota-a".to_string();
        assert_eq!(
            role("content/regions/kota-a/index.en.md"),
            translation(Role::RegionNarrative { slug: slug.clone() })
        );
        assert_eq!(
            role("content/regions/kota-a/2025.en.md"),
            translation(Role::YearNarrative { slug, year: 2025 })
        );
        assert_eq!(role("content/pages/tentang.en.md"), translation(Role::Page));
        assert!(role("content/regions/kota-a/region.en.toml").is_err());
        assert!(role("content/regions/kota-a/notes.en.md").is_err());
    }

    #[test]
    fn rejects_unknown_files_with_what_is_expected() {
        assert!(role("content/regions/x/notes.txt").unwrap_err().contains("region.toml"));
        assert!(role("content/regions/x/25.toml").is_err());
        assert!(role("content/regions/x/sub/2025.toml").is_err());
        assert!(role("content/regions/stray.toml").unwrap_err().contains("one folder per region"));
        assert!(role("content/rubrics/readme.md").is_err());
        assert!(role("content/pages/sub/a.md").is_err());
        assert!(role("content/other.toml").unwrap_err().contains("rubrics/"));
    }

    #[test]
    fn ignores_hidden_files_and_editor_backups() {
        assert!(is_ignored(".DS_Store"));
        assert!(is_ignored("2025.toml~"));
        assert!(is_ignored("index.md.swp"));
        assert!(!is_ignored("2025.toml"));
    }
}
