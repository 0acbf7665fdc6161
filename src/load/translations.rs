//! Narratives in other languages (`index.en.md`, `2025.en.md`,
//! `content/pages/tentang.en.md`): parses each and puts it on the narrative it
//! translates, as [`Narrative::translations`].
//!
//! It checks that the language is one of the site's other languages and that
//! the default-language file exists beside it; it does not render anything.

use std::path::Path;

use super::classify::Role;
use super::memo::Parsed;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Narrative, Site, SourceFile};

/// Parses every translated narrative and attaches it to its original; each
/// problem (unknown language, no original) goes to `diags`.
pub(crate) fn attach(
    site: &mut Site,
    translations: &[(String, Role, SourceFile)],
    parsed: &mut Parsed,
    diags: &mut Diagnostics,
) {
    for (lang, role, file) in translations {
        if !is_other_language(site, lang) {
            diags.push(unknown_language(file, lang, &site.config.languages));
            continue;
        }
        let Some(narrative) = parsed.narrative(file, diags) else { continue };
        match original(site, role, &file.path) {
            Some(original) => {
                original.translations.insert(lang.clone(), narrative);
            }
            None => diags.push(no_original(&file.path)),
        }
    }
}

fn is_other_language(site: &Site, lang: &str) -> bool {
    site.config.languages.iter().skip(1).any(|l| l == lang)
}

/// The default-language narrative that `role` (the translated file's role) names.
fn original<'a>(site: &'a mut Site, role: &Role, path: &Path) -> Option<&'a mut Narrative> {
    match role {
        Role::RegionNarrative { slug } => region(site, slug)?.narrative.as_mut(),
        Role::YearNarrative { slug, year } => {
            region(site, slug)?.evaluations.iter_mut().find(|e| e.year == *year)?.narrative.as_mut()
        }
        Role::Page => {
            let stem = path.file_stem()?.to_str()?;
            let slug = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
            site.pages.iter_mut().find(|p| p.slug == slug).map(|p| &mut p.narrative)
        }
        _ => None,
    }
}

/// The region `slug` of `site`, to change: a copy of its own when the
/// loader's cache shares it.
fn region<'a>(site: &'a mut Site, slug: &str) -> Option<&'a mut crate::model::Region> {
    site.regions.iter_mut().find(|r| r.slug == slug).map(std::sync::Arc::make_mut)
}

fn unknown_language(file: &SourceFile, lang: &str, languages: &[String]) -> Diagnostic {
    let others: Vec<&str> = languages.iter().skip(1).map(String::as_str).collect();
    let help = if others.is_empty() {
        format!("add `{lang}` to `languages` in site.toml, or remove this file")
    } else {
        format!(
            "translations may be in {}; add `{lang}` to `languages` in site.toml or rename the file",
            others.join(", ")
        )
    };
    Diagnostic::file(
        &file.path,
        format!("narrative in `{lang}`, which is not a second language of the site"),
    )
    .with_help(help)
}

fn no_original(path: &Path) -> Diagnostic {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let original = translated_name(&name);
    Diagnostic::file(path, format!("translation without an original: {original} is missing"))
        .with_help(format!(
            "write {original} in the site's first language beside it; a translation follows its original"
        ))
}

/// `index.en.md` -> `index.md`.
fn translated_name(name: &str) -> String {
    let stem = name.trim_end_matches(".md");
    let base = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    format!("{base}.md")
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostics;
    use crate::load::assemble::assemble;
    use crate::load::walk::sources_from;

    const SITE: &str =
        "title = \"T\"\nbase_url = \"https://t.example/\"\nlanguages = [\"id\", \"en\"]\n";
    const RUBRIC: &str = "id = \"r\"\ntitle = \"R\"\nfrom_year = 2019\nmax_score = 10\n\
        [[tiers]]\nid = \"a\"\nname = \"A\"\nmin_score = 1\n\
        [[clusters]]\nid = \"c\"\nname = \"C\"\n\
        [[clusters.indicators]]\nid = \"i\"\nname = \"I\"\nmax_points = 10\n";
    const REGION: &str = "name = \"Kota A\"\nkind = \"kota\"\nprovince = \"P\"\ncode = \"64.71\"\n";

    fn load(extra: &[(&str, &str)]) -> Result<crate::model::Site, Diagnostics> {
        let mut files = vec![
            ("site.toml", SITE),
            ("content/rubrics/r.toml", RUBRIC),
            ("content/regions/kota-a/region.toml", REGION),
            ("content/regions/kota-a/2021.toml", "year = 2021\n[points]\ni = 5\n"),
        ];
        files.extend_from_slice(extra);
        let mut diags = Diagnostics::new();
        let site = assemble(sources_from(&files), &mut super::Parsed::default(), &mut diags);
        site.map_err(|_| diags)
    }

    #[test]
    fn english_narratives_are_attached_to_their_originals() {
        let site = load(&[
            ("content/regions/kota-a/index.md", "Cerita"),
            ("content/regions/kota-a/index.en.md", "Story"),
            ("content/regions/kota-a/2021.md", "Catatan"),
            ("content/regions/kota-a/2021.en.md", "Note"),
            ("content/pages/tentang.md", "+++\ntitle = \"Tentang\"\n+++\nIsi"),
            ("content/pages/tentang.en.md", "+++\ntitle = \"About\"\n+++\nText"),
        ])
        .unwrap_or_else(|d| panic!("{d}"));
        let region = &site.regions[0];
        assert_eq!(region.narrative.as_ref().unwrap().in_lang("en").unwrap().body(), "Story");
        let year = region.evaluations[0].narrative.as_ref().unwrap();
        assert_eq!(year.in_lang("en").unwrap().body(), "Note");
        let page = site.pages[0].narrative.in_lang("en").unwrap();
        assert_eq!(page.title.as_deref(), Some("About"));
        assert_eq!(site.pages.len(), 1, "a translation is not a page of its own");
    }

    #[test]
    fn a_translation_needs_its_original_and_a_site_language() {
        let diags = load(&[
            ("content/regions/kota-a/index.en.md", "Story"),
            ("content/regions/kota-a/index.md", "Cerita"),
            ("content/regions/kota-a/index.fr.md", "Histoire"),
            ("content/regions/kota-a/2021.en.md", "Note"),
        ])
        .unwrap_err()
        .to_string();
        assert!(diags.contains("2021.md is missing"), "{diags}");
        assert!(diags.contains("narrative in `fr`"), "{diags}");
    }
}
