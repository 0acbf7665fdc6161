//! Machine-read files: `sitemap.xml`, `robots.txt` and the Atom feed.
//!
//! Everything here is deterministic: no clock is read, entry dates come from
//! front matter or from evaluation years, and ties are broken by route. This
//! module owns XML escaping for these files; it does not render HTML pages.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::markdown::plain_summary;
use crate::model::{Narrative, Region, Rubric, SiteConfig};
use crate::render::{OutputFile, routes};
use crate::score::{Scored, ScoredEvaluation};

/// The most entries the feed carries; readers only want the recent ones.
const MAX_ENTRIES: usize = 200;

/// Length of a narrative entry's summary, in characters.
const SUMMARY_CHARS: usize = 300;

/// `updated` of a feed without entries (kept fixed so builds stay reproducible).
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// Most URLs one sitemap file may list (sitemaps.org protocol); a village-scale
/// site has several times more pages.
const SITEMAP_MAX_URLS: usize = 50_000;

/// `sitemap.xml` listing every HTML route (site-relative, starting with `/`);
/// above 50,000 routes, a sitemap index pointing at `sitemap-1.xml`,
/// `sitemap-2.xml`, ... of at most 50,000 each, as search engines accept no more.
pub fn sitemaps(config: &SiteConfig, routes: &[String]) -> Vec<OutputFile> {
    sitemaps_of_at_most(config, routes, SITEMAP_MAX_URLS)
}

fn sitemaps_of_at_most(config: &SiteConfig, routes: &[String], max: usize) -> Vec<OutputFile> {
    let urlset = |routes: &[String]| {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for route in routes {
            let loc = xml_escape(&routes::absolute(&config.base_url, route));
            let _ = writeln!(xml, "  <url><loc>{loc}</loc></url>");
        }
        xml.push_str("</urlset>\n");
        xml.into_bytes()
    };
    let file = |route: &str, body| OutputFile { path: routes::file_for(route), body };
    if routes.len() <= max {
        return vec![file(&routes::sitemap(), urlset(routes))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (i, part) in routes.chunks(max.max(1)).enumerate() {
        let route = routes::sitemap_part(i + 1);
        let loc = xml_escape(&routes::absolute(&config.base_url, &route));
        let _ = writeln!(index, "  <sitemap><loc>{loc}</loc></sitemap>");
        files.push(file(&route, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(file(&routes::sitemap(), index.into_bytes()));
    files
}

/// `robots.txt` allowing everything and pointing at the sitemap.
pub fn robots(config: &SiteConfig) -> OutputFile {
    let sitemap = routes::absolute(&config.base_url, &routes::sitemap());
    let text = format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n");
    OutputFile { path: "robots.txt".to_string(), body: text.into_bytes() }
}

/// `atom.xml`: one entry per evaluation and per narrative, newest first.
/// Every candidate is ordered by its date, route and id alone; only the
/// newest `MAX_ENTRIES` (200) get their id and text (a narrative's summary parses
/// its Markdown), so the feed costs little however many evaluations the site
/// has (`kla serve` makes it again on every edit).
pub fn atom(scored: &Scored) -> OutputFile {
    let config = &scored.site.config;
    // Made once per region and per year, borrowed by every candidate.
    let region_routes: Vec<String> =
        scored.site.regions.iter().map(|r| routes::region(&r.slug)).collect();
    let mut year_ends: Vec<(u16, String)> = Vec::new();
    for ev in &scored.evaluations {
        if let Err(at) = year_ends.binary_search_by_key(&ev.year, |(y, _)| *y) {
            year_ends.insert(at, (ev.year, year_end(ev.year)));
        }
    }
    let mut candidates = evaluation_candidates(scored, &region_routes, &year_ends);
    candidates.extend(narrative_candidates(scored, &region_routes));
    // The order of a stable sort by date (newest first), route and id, kept
    // for the newest only: the position breaks the remaining ties.
    let order = |a: &(usize, Candidate<'_>), b: &(usize, Candidate<'_>)| {
        let (a, b) = ((a.0, &a.1), (b.0, &b.1));
        b.1.updated
            .cmp(&a.1.updated)
            .then_with(|| a.1.route.cmp(b.1.route))
            .then_with(|| a.1.anchor.cmp(&b.1.anchor))
            .then_with(|| a.0.cmp(&b.0))
    };
    let mut candidates: Vec<(usize, Candidate<'_>)> = candidates.into_iter().enumerate().collect();
    if candidates.len() > MAX_ENTRIES {
        candidates.select_nth_unstable_by(MAX_ENTRIES, order);
        candidates.truncate(MAX_ENTRIES);
    }
    candidates.sort_unstable_by(order);
    let entries: Vec<Entry> =
        candidates.into_iter().map(|(_, c)| c.entry(&config.base_url)).collect();
    let body = feed_xml(config, &entries);
    OutputFile { path: routes::file_for(&routes::feed()), body: body.into_bytes() }
}

/// `perubahan.xml`: one entry per data change between evaluations (predikat
/// up or down, biggest score moves, newly evaluated regions), newest first.
pub fn changes_atom(scored: &Scored) -> OutputFile {
    use crate::render::changes::{ChangeKind, changes};
    let site = &scored.site;
    let config = &site.config;
    let entries: Vec<Entry> = changes(scored)
        .into_iter()
        .take(MAX_ENTRIES)
        .map(|change| {
            let region = &site.regions[change.ev.region];
            let rubric = &site.rubrics[change.ev.rubric];
            let (from, to) = change.tiers();
            let previous_rubric = change.previous.map_or(rubric, |p| &site.rubrics[p.rubric]);
            let delta = change.ev.trend.as_ref().and_then(|t| t.delta);
            let what = match change.kind {
                ChangeKind::Up => "predikat naik",
                ChangeKind::Down => "predikat turun",
                ChangeKind::Moved => "perubahan nilai besar",
                ChangeKind::New => "pertama kali dievaluasi",
            };
            let mut text = format!(
                "{}: {} \u{2192} {}",
                what,
                predikat_name(previous_rubric, from),
                predikat_name(rubric, to)
            );
            if let Some(d) = delta {
                let _ = write!(text, " (nilai {}{})", if d.0 > 0 { "+" } else { "" }, d);
            }
            let route = routes::region(&region.slug);
            Entry {
                updated: year_end(change.ev.year),
                id: format!(
                    "{}#perubahan-{}-{:?}",
                    routes::absolute(&config.base_url, &route),
                    change.ev.year,
                    change.kind
                )
                .to_lowercase(),
                title: format!("{} — {} {}", region.name, what, change.ev.year),
                text: EntryText::Content(text),
                route,
            }
        })
        .collect();
    let body = feed_xml_at(config, &entries, &routes::changes_feed());
    OutputFile { path: routes::file_for(&routes::changes_feed()), body: body.into_bytes() }
}

/// One feed entry before it is written as XML.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// RFC 3339 date-time, so string order is time order.
    updated: String,
    /// Site-relative route of the page the entry links to.
    route: String,
    /// Absolute, unique id of the entry.
    id: String,
    title: String,
    text: EntryText,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum EntryText {
    /// The whole (short) content, for evaluations.
    Content(String),
    /// A summary of a longer text, for narratives.
    Summary(String),
}

/// A feed entry before its id, title and text are made: what orders it (date,
/// route, id) and what the rest is made from.
struct Candidate<'a> {
    updated: Cow<'a, str>,
    route: &'a str,
    /// The id is the route's absolute address, `#` and this: with the route
    /// equal, ids compare as their anchors.
    anchor: Anchor,
    source: Source<'a>,
}

/// The fragment of an entry's id, in the order its text sorts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// `cerita`: a region's story.
    Story,
    /// `cerita-<year>`: a year's story.
    YearStory(u16),
    /// `evaluasi-<year>`: an evaluation.
    Evaluation(u16),
}

impl Anchor {
    fn text(self) -> String {
        match self {
            Anchor::Story => "cerita".to_string(),
            Anchor::YearStory(year) => format!("cerita-{year}"),
            Anchor::Evaluation(year) => format!("evaluasi-{year}"),
        }
    }
}

impl Ord for Anchor {
    /// As the texts compare (ties are rare: one region's entries of one date).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.text().cmp(&other.text())
    }
}

impl PartialOrd for Anchor {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// What a feed entry's title and text come from.
enum Source<'a> {
    Evaluation {
        region: &'a Region,
        rubric: &'a Rubric,
        ev: &'a ScoredEvaluation,
        illustrative: bool,
    },
    /// A region's story (`year` none) or a year's story.
    Narrative { region: &'a Region, narrative: &'a Narrative, year: Option<u16> },
}

impl Candidate<'_> {
    /// The whole entry.
    fn entry(self, base_url: &str) -> Entry {
        let Candidate { updated, route, anchor, source } = self;
        let id = format!("{}#{}", routes::absolute(base_url, route), anchor.text());
        let (title, text) = match source {
            Source::Evaluation { region, rubric, ev, illustrative } => {
                let headline = match ev.computed.as_ref() {
                    Some(c) => c.predikat.as_deref(),
                    None => ev.official.as_deref(),
                };
                let title = format!(
                    "{} — evaluasi {}: {}",
                    region.name,
                    ev.year,
                    predikat_name(rubric, headline)
                );
                (title, EntryText::Content(evaluation_text(rubric, ev, illustrative)))
            }
            Source::Narrative { region, narrative, year } => {
                let title = narrative.title.clone().unwrap_or_else(|| match year {
                    Some(year) => format!("{} — {year}", region.name),
                    None => region.name.clone(),
                });
                let summary = match &narrative.description {
                    Some(description) => description.clone(),
                    None => plain_summary(narrative.body(), SUMMARY_CHARS),
                };
                (title, EntryText::Summary(summary))
            }
        };
        Entry { updated: updated.into_owned(), route: route.to_string(), id, title, text }
    }
}

/// Candidates for every scored evaluation; `region_routes` by region index,
/// `year_ends` sorted by year and holding every evaluation's.
fn evaluation_candidates<'a>(
    scored: &'a Scored,
    region_routes: &'a [String],
    year_ends: &'a [(u16, String)],
) -> Vec<Candidate<'a>> {
    let site = &scored.site;
    scored
        .evaluations
        .iter()
        .filter_map(|ev| {
            let region = site.regions.get(ev.region)?;
            let rubric = site.rubrics.get(ev.rubric)?;
            let illustrative =
                region.evaluations.get(ev.evaluation).is_some_and(|e| e.illustrative);
            let at = year_ends.binary_search_by_key(&ev.year, |(y, _)| *y).ok()?;
            Some(Candidate {
                updated: Cow::Borrowed(year_ends[at].1.as_str()),
                route: region_routes[ev.region].as_str(),
                anchor: Anchor::Evaluation(ev.year),
                source: Source::Evaluation { region, rubric, ev, illustrative },
            })
        })
        .collect()
}

/// Total, computed and official predikat of an evaluation, as one short text.
fn evaluation_text(rubric: &Rubric, scored: &ScoredEvaluation, illustrative: bool) -> String {
    let official = match scored.official.as_deref() {
        Some(id) => predikat_name(rubric, Some(id)),
        None => "tidak diumumkan".to_string(),
    };
    let mut text = match &scored.computed {
        Some(c) => format!(
            "Skor {} dari {}, predikat terhitung: {}. Predikat resmi: {official}.",
            c.total,
            c.max,
            predikat_name(rubric, c.predikat.as_deref())
        ),
        None => format!("Predikat resmi: {official}. Skor tidak dihitung."),
    };
    if scored.mismatch {
        text.push_str(" Predikat resmi berbeda dari hasil hitung.");
    }
    if illustrative {
        text.push_str(" Poin bersifat ilustratif.");
    }
    text
}

/// The display name of a tier id, or a phrase for "no predikat".
fn predikat_name(rubric: &Rubric, tier: Option<&str>) -> String {
    match tier {
        Some(id) => rubric.tier(id).map_or(id, |t| t.name.id.as_str()).to_string(),
        None => "tanpa predikat".to_string(),
    }
}

/// Candidates for every region's `index.md` and `<year>.md`.
fn narrative_candidates<'a>(scored: &'a Scored, region_routes: &'a [String]) -> Vec<Candidate<'a>> {
    let mut candidates = Vec::new();
    for (region, route) in scored.site.regions.iter().zip(region_routes) {
        let latest_year = region.evaluations.iter().map(|e| e.year).max();
        if let Some(narrative) = &region.narrative {
            candidates.extend(narrative_candidate(route, region, narrative, None, latest_year));
        }
        for evaluation in &region.evaluations {
            let Some(narrative) = &evaluation.narrative else { continue };
            let year = Some(evaluation.year);
            candidates.extend(narrative_candidate(route, region, narrative, year, year));
        }
    }
    candidates
}

/// A narrative's candidate; `None` when it has neither a date nor a year to fall back on.
fn narrative_candidate<'a>(
    route: &'a str,
    region: &'a Region,
    narrative: &'a Narrative,
    year: Option<u16>,
    fallback_year: Option<u16>,
) -> Option<Candidate<'a>> {
    let updated =
        narrative.date.as_deref().and_then(date_time).or_else(|| fallback_year.map(year_end))?;
    Some(Candidate {
        updated: Cow::Owned(updated),
        route,
        anchor: year.map_or(Anchor::Story, Anchor::YearStory),
        source: Source::Narrative { region, narrative, year },
    })
}

/// The last day of an evaluation year: its deterministic date in the feed.
fn year_end(year: u16) -> String {
    format!("{year:04}-12-31T00:00:00Z")
}

/// A front-matter `YYYY-MM-DD` as an RFC 3339 date-time; `None` when malformed.
fn date_time(date: &str) -> Option<String> {
    let bytes = date.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    let month: u8 = date[5..7].parse().ok()?;
    let day: u8 = date[8..10].parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{date}T00:00:00Z"))
}

fn feed_xml(config: &SiteConfig, entries: &[Entry]) -> String {
    feed_xml_at(config, entries, &routes::feed())
}

/// A feed whose own address is `self_route`.
fn feed_xml_at(config: &SiteConfig, entries: &[Entry], self_route: &str) -> String {
    let home = routes::absolute(&config.base_url, &routes::home());
    let self_url = routes::absolute(&config.base_url, self_route);
    let lang = config.default_language();
    let updated = entries.iter().map(|e| e.updated.as_str()).max().unwrap_or(EPOCH);
    let author = config.author.as_deref().unwrap_or(&config.title);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(lang)
    );
    let _ = writeln!(xml, "  <title>{}</title>", xml_escape(&config.title));
    if let Some(description) = &config.description {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", xml_escape(description.get(lang)));
    }
    let _ = writeln!(xml, "  <id>{}</id>", xml_escape(&home));
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&home)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&self_url)
    );
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let _ = writeln!(xml, "  <author><name>{}</name></author>", xml_escape(author));
    xml.push_str("  <generator>kla</generator>\n");
    for entry in entries {
        entry_xml(&mut xml, config, entry);
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry_xml(xml: &mut String, config: &SiteConfig, entry: &Entry) {
    let link = routes::absolute(&config.base_url, &entry.route);
    xml.push_str("  <entry>\n");
    let _ = writeln!(xml, "    <title>{}</title>", xml_escape(&entry.title));
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&link)
    );
    let _ = writeln!(xml, "    <id>{}</id>", xml_escape(&entry.id));
    let _ = writeln!(xml, "    <updated>{}</updated>", xml_escape(&entry.updated));
    match &entry.text {
        EntryText::Content(text) => {
            let _ = writeln!(xml, "    <content type=\"text\">{}</content>", xml_escape(text));
        }
        EntryText::Summary(text) => {
            let _ = writeln!(xml, "    <summary type=\"text\">{}</summary>", xml_escape(text));
        }
    }
    xml.push_str("  </entry>\n");
}

/// Text safe inside XML 1.0 elements and attributes: markup characters are
/// escaped and characters XML forbids (and other control characters) dropped.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{narrative, scenes};

    fn text(file: &OutputFile) -> &str {
        std::str::from_utf8(&file.body).unwrap()
    }

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(xml_escape("a<b>&\"c'\u{0}\u{7}\u{85}d\n"), "a&lt;b&gt;&amp;&quot;c&apos;d\n");
    }

    fn locs(xml: &str) -> Vec<&str> {
        xml.split("<loc>").skip(1).map(|s| s.split("</loc>").next().unwrap()).collect()
    }

    #[test]
    fn a_site_above_the_url_limit_gets_a_sitemap_index_of_parts() {
        let routes: Vec<String> = (0..5).map(|i| format!("/wilayah/{i}/")).collect();
        let config = scenes::laporan_config();
        let files = sitemaps_of_at_most(&config, &routes, 2);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]);
        let index = text(&files[3]);
        assert!(index.contains("<sitemapindex "), "{index}");
        assert_eq!(
            locs(index),
            [
                "https://kla.example/sitemap-1.xml",
                "https://kla.example/sitemap-2.xml",
                "https://kla.example/sitemap-3.xml"
            ]
        );
        let listed: Vec<&str> = files[..3].iter().flat_map(|f| locs(text(f))).collect();
        let expected: Vec<String> =
            routes.iter().map(|r| format!("https://kla.example{r}")).collect();
        assert_eq!(listed, expected, "every route once, in order");
        assert!(files[..3].iter().all(|f| locs(text(f)).len() <= 2));
        assert_eq!(sitemaps_of_at_most(&config, &routes, 5).len(), 1, "at the limit: one file");
    }

    #[test]
    fn sitemap_lists_absolute_escaped_urls_in_the_given_order() {
        let routes = ["/".to_string(), "/wilayah/b/".to_string(), "/a&b/".to_string()];
        let files = sitemaps(&scenes::laporan_config(), &routes);
        assert_eq!(files.len(), 1);
        let file = &files[0];
        assert_eq!(file.path, "sitemap.xml");
        let xml = text(file);
        assert_eq!(
            locs(xml),
            [
                "https://kla.example/",
                "https://kla.example/wilayah/b/",
                "https://kla.example/a&amp;b/"
            ]
        );
        assert!(xml.starts_with("<?xml") && xml.ends_with("</urlset>\n"));
    }

    #[test]
    fn robots_allows_everything_and_points_at_the_sitemap() {
        let file = robots(&scenes::laporan_config());
        assert_eq!(file.path, "robots.txt");
        assert_eq!(
            text(&file),
            "User-agent: *\nAllow: /\n\nSitemap: https://kla.example/sitemap.xml\n"
        );
    }

    fn feed(scored: &Scored) -> String {
        let file = atom(scored);
        assert_eq!(file.path, "atom.xml");
        text(&file).to_string()
    }

    fn entry_ids(xml: &str) -> Vec<String> {
        xml.split("<entry>")
            .skip(1)
            .map(|e| e.split("<id>").nth(1).unwrap().split("</id>").next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn feed_orders_entries_newest_first_then_by_route() {
        let mut scored = scenes::laporan_scored();
        scored.site.region_mut(0).narrative = Some(
            narrative("index.md").title("Cerita Bontang").date("2026-03-01").body("Teks.").build(),
        );
        let xml = feed(&scored);
        assert_eq!(
            entry_ids(&xml),
            [
                "https://kla.example/wilayah/kota-bontang/#cerita",
                "https://kla.example/wilayah/kota-bontang/#evaluasi-2025",
                "https://kla.example/wilayah/kota-x/#evaluasi-2025",
                "https://kla.example/wilayah/kota-bontang/#evaluasi-2018",
            ]
        );
        assert!(xml.contains("  <updated>2026-03-01T00:00:00Z</updated>\n  <author>"), "{xml}");
        assert!(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://kla.example/atom.xml\"/>"));
    }

    #[test]
    fn feed_entries_describe_the_evaluation() {
        let xml = feed(&scenes::laporan_scored());
        assert!(xml.contains("<title>Kota Bontang — evaluasi 2025: Utama</title>"), "{xml}");
        assert!(xml.contains("Skor 85.5 dari 100, predikat terhitung: Utama. Predikat resmi: Utama. Poin bersifat ilustratif."), "{xml}");
        assert!(xml.contains("<title>Kota Bontang — evaluasi 2018: Utama</title>"), "{xml}");
        assert!(xml.contains("Predikat resmi: Utama. Skor tidak dihitung."), "{xml}");
        assert!(xml.contains("<updated>2018-12-31T00:00:00Z</updated>"), "{xml}");
    }

    #[test]
    fn feed_escapes_hostile_names_and_summaries() {
        let mut scored = scenes::laporan_scored();
        scored.site.region_mut(1).name = "<script>&\"'\u{1}".into();
        scored.site.region_mut(1).evaluations[0].narrative =
            Some(narrative("2025.md").body("A <b>bold</b> & \u{2} claim").build());
        let xml = feed(&scored);
        assert!(
            xml.contains(
                "<title>&lt;script&gt;&amp;&quot;&apos; — evaluasi 2025: tanpa predikat</title>"
            ),
            "{xml}"
        );
        assert!(xml.contains("<title>&lt;script&gt;&amp;&quot;&apos; — 2025</title>"), "{xml}");
        assert!(xml.contains("<summary type=\"text\">A bold &amp; claim</summary>"), "{xml}");
        assert!(!xml.contains('\u{1}') && !xml.contains('\u{2}'));
    }

    #[test]
    fn feed_is_capped_and_falls_back_to_the_epoch_when_empty() {
        let mut scored = scenes::laporan_scored();
        let template = scored.evaluations[2].clone();
        scored.evaluations = (0..250).map(|_| template.clone()).collect();
        assert_eq!(feed(&scored).matches("<entry>").count(), MAX_ENTRIES);
        scored.evaluations.clear();
        assert!(feed(&scored).contains("<updated>1970-01-01T00:00:00Z</updated>"));
    }

    #[test]
    fn malformed_front_matter_dates_fall_back_to_the_year() {
        assert_eq!(date_time("2025-08-08"), Some("2025-08-08T00:00:00Z".into()));
        assert_eq!(date_time("2025-8-8"), None);
        assert_eq!(date_time("2025-13-01"), None);
        assert_eq!(date_time("2025-08-08<x>"), None);
    }

    #[test]
    fn anchors_order_as_the_ids_they_end() {
        let anchors = [
            Anchor::Evaluation(2024),
            Anchor::YearStory(2024),
            Anchor::Story,
            Anchor::Evaluation(999),
            Anchor::YearStory(10_000),
        ];
        let mut by_anchor = anchors.to_vec();
        by_anchor.sort();
        let mut by_text = anchors.to_vec();
        by_text.sort_by_key(|a| a.text());
        assert_eq!(by_anchor, by_text);
        assert_eq!(by_anchor[0], Anchor::Story);
    }
}
