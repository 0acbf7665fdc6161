//! Markdown narratives to HTML: pulldown-cmark with tables, footnotes,
//! strikethrough, heading anchors and kla's internal links (`@/regions/<slug>`,
//! `@/pages/<slug>`, `@/methodology`), which are checked against the site at
//! build time.
//!
//! This module owns the Markdown dialect and the plain-text summary of a
//! narrative. It does not read files (the loader split the front matter off)
//! and does not decide where the HTML goes in a page (templates do).
//! Raw HTML is sanitised (see `sanitize`) in `finish_html`, the single
//! place every narrative passes, unless the site sets `unsafe_html = true`.

mod anchors;
mod links;
mod sanitize;
mod summary;

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Narrative, Site, SiteConfig};

pub use summary::plain_summary;

/// A narrative rendered to HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// Headings with their anchor ids, for a table of contents.
    pub toc: Vec<Heading>,
}

/// One heading of a rendered narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute given to the heading (unique within the document).
    pub id: String,
    /// The heading's plain text.
    pub title: String,
}

/// The extensions kla's Markdown dialect enables, shared by rendering and summaries.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a narrative for the page language `lang`; internal links become
/// site routes in that language. Broken internal links are diagnostics that
/// point at the link's line and column in the narrative's file; every broken
/// link of the document is reported, not just the first.
pub fn render_markdown(
    narrative: &Narrative,
    site: &Site,
    lang: &str,
) -> Result<Rendered, Diagnostics> {
    render_markdown_under(narrative, site, lang, 0)
}

/// Renders a narrative like [`render_markdown`] for a page that places it under
/// headings of its own: every heading goes `shift` levels down (at most to `h6`),
/// so a region story's `## Riwayat` under the page's `h2` becomes an `h3` and the
/// page outline stays in order.
pub fn render_markdown_under(
    narrative: &Narrative,
    site: &Site,
    lang: &str,
    shift: u8,
) -> Result<Rendered, Diagnostics> {
    let default_lang = site.config.languages.first().map_or("id", String::as_str);
    let mut events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(narrative.body(), options()).into_offset_iter().collect();
    let problems = resolve_links(&mut events, narrative, site, lang, default_lang);
    if !problems.is_empty() {
        return Err(problems);
    }
    if shift > 0 {
        demote_headings(&mut events, shift);
    }
    let toc = anchors::assign_ids(&mut events);
    let mut html = String::with_capacity(narrative.body().len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, limit_nesting(events.into_iter().map(|(e, _)| e)));
    Ok(Rendered { html: finish_html(html, &site.config), toc })
}

/// Moves every heading `shift` levels down, stopping at `h6`.
fn demote_headings(events: &mut [(Event<'_>, Range<usize>)], shift: u8) {
    let lower = |level: HeadingLevel| {
        HeadingLevel::try_from((level as usize + usize::from(shift)).min(6))
            .unwrap_or(HeadingLevel::H6)
    };
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                *level = lower(*level);
            }
            _ => {}
        }
    }
}

/// How deep block containers (quotes, lists, items) may nest in the HTML.
/// No narrative needs more; beyond it the sanitiser's HTML parser slows down
/// steeply (100,000 nested `>` took minutes), so deeper levels are flattened:
/// their text stays, their extra wrappers go.
const MAX_NESTING: usize = 32;

/// Drops the start and end tags of block containers nested deeper than
/// [`MAX_NESTING`], keeping everything inside them.
fn limit_nesting<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    // For every open tag: was it kept, and is it a container?
    let mut open: Vec<(bool, bool)> = Vec::new();
    let mut containers = 0;
    events.filter(move |event| match event {
        Event::Start(tag) => {
            let container = matches!(
                tag,
                Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_)
            );
            let keep = !container || containers < MAX_NESTING;
            if keep && container {
                containers += 1;
            }
            open.push((keep, container));
            keep
        }
        Event::End(_) => {
            let (keep, container) = open.pop().unwrap_or((true, false));
            if keep && container {
                containers -= 1;
            }
            keep
        }
        _ => true,
    })
}

/// Every broken internal link of a loaded site's narratives, pages and their
/// translations, sorted and each once: the link check a render makes, for a
/// site that cannot be rendered (its theme has errors), so that one run
/// reports the broken links with the template errors.
pub fn check_site_links(site: &Site) -> Diagnostics {
    let narratives: Vec<&Narrative> = site
        .regions
        .iter()
        .flat_map(|r| {
            r.narrative.iter().chain(r.evaluations.iter().filter_map(|e| e.narrative.as_ref()))
        })
        .chain(site.pages.iter().map(|p| &p.narrative))
        .flat_map(|n| std::iter::once(n).chain(n.translations.values()))
        .collect();
    broken_links_of(&narratives, site)
}

/// Every broken internal link of `narratives` when the only regions and
/// pages are `regions` and `pages` (slugs), sorted and each once: for a site
/// whose load found errors, whose narratives are checked against every
/// region folder and page found, loaded or not.
pub fn check_links(
    narratives: &[Narrative],
    regions: &BTreeSet<String>,
    pages: &BTreeSet<String>,
) -> Diagnostics {
    let narratives: Vec<&Narrative> = narratives.iter().collect();
    broken_links_of(&narratives, &Slugs { regions, pages })
}

/// Region and page slugs as link targets.
struct Slugs<'a> {
    regions: &'a BTreeSet<String>,
    pages: &'a BTreeSet<String>,
}

impl links::Targets for Slugs<'_> {
    fn has_region(&self, slug: &str) -> bool {
        self.regions.contains(slug)
    }

    fn has_page(&self, slug: &str) -> bool {
        self.pages.contains(slug)
    }

    fn region_slugs(&self) -> Vec<&str> {
        self.regions.iter().map(String::as_str).collect()
    }

    fn page_slugs(&self) -> Vec<&str> {
        self.pages.iter().map(String::as_str).collect()
    }
}

/// The broken internal links of `narratives` (checked in parallel), sorted, each once.
fn broken_links_of(
    narratives: &[&Narrative],
    targets: &(dyn links::Targets + Sync),
) -> Diagnostics {
    let found: Vec<Diagnostics> =
        narratives.par_iter().map(|narrative| broken_links(narrative, targets)).collect();
    let mut problems = Diagnostics::new();
    found.into_iter().for_each(|d| problems.extend(d));
    problems.sort_unique();
    problems
}

/// The broken internal links of one narrative, at the positions a render reports them.
fn broken_links(narrative: &Narrative, targets: &dyn links::Targets) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for (event, range) in Parser::new_ext(narrative.body(), options()).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
        if !links::is_internal(&dest_url) {
            continue;
        }
        if let Err(broken) = links::check(&dest_url, targets) {
            problems.push(broken_link_diagnostic(&broken, narrative, &range));
        }
    }
    problems
}

/// Rewrites every `@/…` link destination to its route; collects the broken ones.
fn resolve_links(
    events: &mut [(Event<'_>, Range<usize>)],
    narrative: &Narrative,
    site: &Site,
    lang: &str,
    default_lang: &str,
) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for (event, range) in events.iter_mut() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
        if !links::is_internal(dest_url) {
            continue;
        }
        match links::resolve(dest_url, site, lang, default_lang) {
            Ok(url) => *dest_url = url.into(),
            Err(broken) => problems.push(broken_link_diagnostic(&broken, narrative, range)),
        }
    }
    problems
}

/// A broken link as a diagnostic at its position in the narrative's file.
fn broken_link_diagnostic(
    broken: &links::BrokenLink,
    narrative: &Narrative,
    body_range: &Range<usize>,
) -> Diagnostic {
    let file_len = narrative.file.src.len();
    let start = (narrative.body_offset + body_range.start).min(file_len);
    let end = (narrative.body_offset + body_range.end).clamp(start, file_len);
    Diagnostic::at(&narrative.file.path, &narrative.file.src, start..end, &broken.message)
        .with_help(&broken.help)
}

/// The one place rendered Markdown HTML is finished before it reaches a page.
///
/// Sanitises the HTML to kla's allowlist, unless the site trusts its writers
/// (`unsafe_html = true` in site.toml keeps raw HTML as written).
pub(crate) fn finish_html(html: String, config: &SiteConfig) -> String {
    sanitize_html(html, config.unsafe_html)
}

/// Sanitises `html` unless `unsafe_html`; for HTML rendered from Markdown
/// outside narratives (e.g. rubric notes on the methodology page).
pub(crate) fn sanitize_html(html: String, unsafe_html: bool) -> String {
    if unsafe_html { html } else { sanitize::sanitise(&html) }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::model::{Page, Region, RegionKind, SourceFile};

    /// A site with two regions and one free page, in Indonesian and English.
    pub(crate) fn site() -> Site {
        Site {
            config: SiteConfig {
                title: "KLA".into(),
                description: None,
                base_url: "https://kla.example/".into(),
                languages: vec!["id".into(), "en".into()],
                theme: "default".into(),
                author: None,
                unsafe_html: false,
                search_full_text: true,
            },
            rubrics: vec![],
            regions: vec![region("kota-balikpapan").into(), region("kota-bontang").into()],
            pages: vec![Page { slug: "tentang".into(), narrative: narrative("", "# Tentang\n") }],
            announcements: vec![],
            slug_index: Default::default(),
            warnings: Default::default(),
            boundaries: None,
        }
    }

    fn region(slug: &str) -> Region {
        Region {
            slug: slug.into(),
            name: slug.into(),
            kind: RegionKind::Kota,
            province: "Kalimantan Timur".into(),
            code: "64.00".into(),
            former: vec![],
            narrative: None,
            evaluations: vec![],
            file: SourceFile { path: PathBuf::from("region.toml"), src: Arc::from("") },
        }
    }

    /// A narrative whose file is `front` (front matter) followed by `body`.
    pub(crate) fn narrative(front: &str, body: &str) -> Narrative {
        Narrative {
            title: None,
            description: None,
            date: None,
            body_offset: front.len(),
            file: SourceFile {
                path: PathBuf::from("content/regions/kota-bontang/index.md"),
                src: Arc::from(format!("{front}{body}")),
            },
            translations: Default::default(),
        }
    }

    fn render(body: &str, lang: &str) -> Result<Rendered, Diagnostics> {
        render_markdown(&narrative("", body), &site(), lang)
    }

    #[test]
    fn renders_tables_strikethrough_and_footnotes() {
        let body = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~lama~~ baru[^1]\n\n[^1]: Sumber: BPS.\n";
        let html = render(body, "id").unwrap().html;
        assert!(html.contains("<table>") && html.contains("<td>2</td>"), "{html}");
        assert!(html.contains("<del>lama</del>"), "{html}");
        assert!(html.contains("class=\"footnote-reference\""), "{html}");
        assert!(html.contains("class=\"footnote-definition\""), "{html}");
    }

    #[test]
    fn resolves_internal_links_in_the_default_language() {
        let body = "[B](@/regions/kota-bontang) [T](@/pages/tentang) [M](@/methodology)\n";
        let html = render(body, "id").unwrap().html;
        assert!(html.contains("href=\"/wilayah/kota-bontang/\""), "{html}");
        assert!(html.contains("href=\"/tentang/\""), "{html}");
        assert!(html.contains("href=\"/metodologi/\""), "{html}");
    }

    #[test]
    fn resolves_internal_links_with_fragment_in_english() {
        let body = "[B](@/regions/kota-bontang#sejarah) and [M](@/methodology)\n";
        let html = render(body, "en").unwrap().html;
        assert!(html.contains("href=\"/en/wilayah/kota-bontang/#sejarah\""), "{html}");
        assert!(html.contains("href=\"/en/metodologi/\""), "{html}");
    }

    #[test]
    fn leaves_external_links_alone() {
        let html = render("[x](https://kemenpppa.go.id/a?b=1)\n", "id").unwrap().html;
        assert!(html.contains("href=\"https://kemenpppa.go.id/a?b=1\""), "{html}");
    }

    #[test]
    fn broken_link_points_at_file_line_and_column_after_front_matter() {
        let front = "+++\ntitle = \"Bontang\"\n+++\n";
        let body = "Paragraf pertama.\n\nLihat juga [Bontang](@/regions/kota-bontng) ya.\n";
        let err = render_markdown(&narrative(front, body), &site(), "id").unwrap_err();
        assert_eq!(err.len(), 1);
        let d = &err.0[0];
        // Front matter is 3 lines, the link is on body line 3, after "Lihat juga ".
        assert_eq!(d.location(), "content/regions/kota-bontang/index.md:6:12");
        let text = d.to_string();
        assert!(text.contains("kota-bontng"), "{text}");
        assert!(text.contains("did you mean `@/regions/kota-bontang`"), "{text}");
        assert!(text.contains("@/regions/<slug>"), "{text}");
    }

    #[test]
    fn checking_without_a_render_finds_what_a_render_finds() {
        let body = "[a](@/regions/nowhere)\n\n[b](@/pages/nope) [c](@/blog/x) [d](@/methodology)\n";
        let rendered = render(body, "id").unwrap_err();
        let mut site = site();
        site.pages[0].narrative = narrative("", body);
        let mut english = narrative("", "[e](@/regions/kota-bontang) [f](@/pages/tentang-en)\n");
        english.file.path = "content/pages/tentang.en.md".into();
        site.pages[0].narrative.translations.insert("en".into(), english);
        let checked = check_site_links(&site);
        let shown: Vec<String> = checked.iter().map(Diagnostic::location).collect();
        assert_eq!(
            shown,
            [
                "content/pages/tentang.en.md:1:29",
                "content/regions/kota-bontang/index.md:1:1",
                "content/regions/kota-bontang/index.md:3:1",
                "content/regions/kota-bontang/index.md:3:19",
            ]
        );
        assert_eq!(checked.0[1..], rendered.0[..], "the same diagnostics as a render's");
    }

    #[test]
    fn a_partial_site_links_to_every_folder_found_loaded_or_not() {
        let body = "[a](@/regions/kota-rusak) [b](@/regions/kota-hilang) [c](@/pages/tentang)\n";
        let regions: BTreeSet<String> = ["kota-rusak".to_string()].into();
        let pages: BTreeSet<String> = ["tentang".to_string()].into();
        let problems = check_links(&[narrative("", body)], &regions, &pages);
        assert_eq!(problems.len(), 1, "{problems}");
        assert!(problems.0[0].message.contains("no region `kota-hilang`"), "{problems}");
        assert_eq!(problems.0[0].location(), "content/regions/kota-bontang/index.md:1:27");
    }

    #[test]
    fn reports_every_broken_link_of_a_document() {
        let body = "[a](@/regions/nowhere)\n\n[b](@/pages/nope) [c](@/blog/x)\n";
        let err = render(body, "id").unwrap_err();
        let locations: Vec<String> = err.iter().map(Diagnostic::location).collect();
        assert_eq!(
            locations,
            [
                "content/regions/kota-bontang/index.md:1:1",
                "content/regions/kota-bontang/index.md:3:1",
                "content/regions/kota-bontang/index.md:3:19",
            ]
        );
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let body = "# Latar Belakang\n\n## Data\n\n## Data\n\n## Data\n\n### Lain {#khusus}\n";
        let rendered = render(body, "id").unwrap();
        let ids: Vec<&str> = rendered.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["latar-belakang", "data", "data-2", "data-3", "khusus"]);
        assert_eq!(rendered.toc[0].title, "Latar Belakang");
        assert_eq!(rendered.toc[4].level, 3);
        assert!(rendered.html.contains("<h2 id=\"data-3\">Data</h2>"), "{}", rendered.html);
        assert!(rendered.html.contains("<h3 id=\"khusus\">Lain</h3>"), "{}", rendered.html);
    }

    #[test]
    fn headings_move_down_under_a_pages_own_headings() {
        let body = "# Satu\n\n## Dua {#dua}\n\n##### Lima\n\n###### Enam\n";
        let rendered = render_markdown_under(&narrative("", body), &site(), "id", 2).unwrap();
        let levels: Vec<u8> = rendered.toc.iter().map(|h| h.level).collect();
        assert_eq!(levels, [3, 4, 6, 6]);
        assert!(rendered.html.contains("<h3 id=\"satu\">Satu</h3>"), "{}", rendered.html);
        assert!(rendered.html.contains("<h4 id=\"dua\">Dua</h4>"), "{}", rendered.html);
        assert!(rendered.html.contains("<h6 id=\"enam\">Enam</h6>"), "{}", rendered.html);
        assert_eq!(render(body, "id").unwrap().toc[0].level, 1, "no shift by default");
    }

    #[test]
    fn does_not_panic_on_hostile_input() {
        let inputs = [
            "",
            "[",
            "[x](@/",
            "[x](@/regions/)",
            "[x](@/regions/a/b)",
            "# \n#\n######## x",
            "| a |\n|",
            "[^]: \n[^x]",
            "<div><script>x</script>",
            "\u{0}\u{feff}é\r\n\r\n# é {#}",
            "[x](@/regions/kota-bontang#)",
        ];
        for input in inputs {
            let _ = render(input, "id");
            let _ = render(input, "en");
            let _ = plain_summary(input, 5);
        }
    }

    #[test]
    fn deep_nesting_is_flattened_beyond_the_limit_but_keeps_its_text() {
        let deep = format!("{}deep text", "> ".repeat(100));
        let html = render(&deep, "id").unwrap().html;
        assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING);
        assert_eq!(html.matches("</blockquote>").count(), MAX_NESTING);
        assert!(html.contains("deep text"));
        let shallow = render("> > x", "id").unwrap().html;
        assert_eq!(shallow.matches("<blockquote>").count(), 2);
    }

    #[test]
    fn pathological_markdown_renders_to_the_end() {
        let inputs = [
            ("100k nested quotes", ">".repeat(100_000)),
            ("100k open brackets", "[".repeat(100_000)),
            ("100k nested links", "[a](".repeat(50_000)),
            ("50k emphasis stars", "*".repeat(50_000) + "a" + &"*".repeat(50_000)),
            ("20k equal headings", "# Data\n".repeat(20_000)),
            ("20k nested details", "<details>".repeat(20_000)),
            ("100k list levels", " - ".repeat(100_000)),
        ];
        for (what, input) in inputs {
            let started = std::time::Instant::now();
            let rendered = render(&input, "id").expect("no links to break");
            let _ = plain_summary(&input, 40);
            eprintln!("{what}: {:?}, {} bytes of HTML", started.elapsed(), rendered.html.len());
        }
    }
}
