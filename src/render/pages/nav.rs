//! The menu every page shows: kla's own sections, then the free pages.
//!
//! A free page without a translation in the page's language is listed under
//! its own title, marked as being in the site's first language and linking
//! to that language's page, so no menu shows a foreign title as if it were
//! the page's language. [`untranslated_nav`] warns the publisher about each.

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::render::routes;
use crate::render::views::Ctx;

use super::common::page_title;

/// One menu entry.
#[derive(Debug, Clone, Serialize)]
pub(super) struct NavLink {
    pub(super) label: String,
    pub(super) url: String,
    /// The language of the linked page and its label, when it is not the page's.
    pub(super) lang: Option<String>,
    /// "(Bahasa Indonesia)": says which language the link leads to.
    pub(super) lang_note: Option<String>,
}

impl NavLink {
    fn own(label: String, url: String) -> Self {
        Self { label, url, lang: None, lang_note: None }
    }
}

/// The menu of the pages in the context's language.
pub(super) fn nav_links(ctx: &Ctx<'_>, default_lang_name: &str) -> Vec<NavLink> {
    let ui = &ctx.ui;
    let own = |key: &str, route: String| NavLink::own(ui.t(key), ui.url(&route));
    let mut nav = vec![
        own("nav_home", routes::home()),
        own("nav_awards", routes::awards()),
        own("nav_rankings", routes::rankings()),
        own("nav_regions", routes::regions()),
        own("nav_provinces", routes::provinces()),
        own("nav_methodology", routes::methodology()),
        own("nav_data", routes::data_index()),
        own("nav_changes", routes::changes()),
    ];
    for page in &ctx.site().pages {
        let route = routes::page(&page.slug);
        if ui.is_default_lang() || page.narrative.in_lang(ui.lang).is_some() {
            nav.push(NavLink::own(page_title(ctx, page), ui.url(&route)));
        } else {
            nav.push(NavLink {
                label: page_title(ctx, page),
                url: ui.url_in(&route, ui.default_lang),
                lang: Some(ui.default_lang.to_string()),
                lang_note: Some(ui.fill("nav_in_language", &[("language", default_lang_name)])),
            });
        }
    }
    nav
}

/// A warning for each free page of the menu that has no translation in one
/// of the site's other languages: readers of that language see its title in
/// the first language (marked so) and reach the first language's page.
pub(crate) fn untranslated_nav(site: &Site) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    for lang in site.config.languages.iter().skip(1) {
        for page in site.pages.iter().filter(|p| p.narrative.in_lang(lang).is_none()) {
            let path = &page.narrative.file.path;
            let translation = path.with_extension(format!("{lang}.md"));
            warnings.push(
                Diagnostic::file(
                    path,
                    format!(
                        "page `{}` is in the menu of the `{lang}` pages but has no `{lang}` \
                         translation",
                        page.slug
                    ),
                )
                .warning()
                .with_help(format!(
                    "the `{lang}` menu shows its title untranslated and links the page in the \
                     first language; write {} to translate it",
                    translation.display()
                )),
            );
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{self, scenes};

    fn site_with_page(translated: bool) -> Site {
        let mut site = scenes::laporan_scored().site;
        let mut narrative =
            testkit::narrative("content/pages/tentang.md").title("Tentang").body("Isi.").build();
        if translated {
            let english = testkit::narrative("content/pages/tentang.en.md")
                .title("About")
                .body("Text.")
                .build();
            narrative.translations.insert("en".into(), english);
        }
        site.pages.push(crate::model::Page { slug: "tentang".into(), narrative });
        site
    }

    #[test]
    fn a_menu_page_without_a_translation_is_a_warning_naming_the_file_to_write() {
        let warnings = untranslated_nav(&site_with_page(false));
        assert_eq!(warnings.len(), 1, "{warnings}");
        let w = &warnings.0[0];
        assert_eq!(w.severity, crate::diag::Severity::Warning);
        assert_eq!(w.path, std::path::Path::new("content/pages/tentang.md"));
        assert!(w.message.contains("`tentang`") && w.message.contains("`en`"), "{}", w.message);
        assert!(w.help.as_deref().unwrap().contains("content/pages/tentang.en.md"));
        assert!(untranslated_nav(&site_with_page(true)).is_empty());
    }
}
