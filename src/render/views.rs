//! View models: the only values templates see.
//!
//! Every number is formatted here, in Rust, in the page language's convention
//! (Indonesian `1.234,5`); every predikat id is resolved to its tier name;
//! every link comes from `routes` (prefixed with the path of `base_url`);
//! every UI string comes from the theme's `i18n/<lang>.toml`. Templates only
//! place these values. This module does not render anything and reads no file.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Points, Region, RegionKind, Rubric, Site};
use crate::render::index::Index;
use crate::render::routes;
use crate::score::{Scored, ScoredEvaluation};

mod row;

use row::RowWords;
pub(crate) use row::{RankRow, RowInputs, TrendView};

/// Formats hundredths of a point: `842,5`, `1.000`, `12,25` in Indonesian.
pub(crate) fn format_points(points: Points, lang: &str) -> String {
    // Written digit by digit: every ranking row formats several numbers, so
    // this skips the plain `to_string` and its re-parse that
    // [`localize_plain`] does (the tests check both agree).
    let (thousands, decimal) = separators(lang);
    let mut out = String::with_capacity(16);
    if points.0 < 0 {
        out.push('-');
    }
    let abs = points.0.unsigned_abs();
    let (int, frac) = (abs / 100, abs % 100);
    let mut digits = [0u8; 20];
    let mut n = int;
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        out.push(char::from(digits[i]));
        if i > 0 && i % 3 == 0 {
            out.push(thousands);
        }
    }
    if frac != 0 {
        out.push(decimal);
        out.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            out.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
    out
}

/// The thousands and decimal separators of a language: `1,234.5` in
/// English, `1.234,5` otherwise (Indonesian).
fn separators(lang: &str) -> (char, char) {
    if lang == "en" { (',', '.') } else { ('.', ',') }
}

/// Formats a number with at most `max_decimals` decimals (rounded half away
/// from zero, like the scores), trailing zeros dropped.
pub(crate) fn format_decimal(value: f64, max_decimals: usize, lang: &str) -> String {
    let factor = 10f64.powi(max_decimals as i32);
    let rounded = (value * factor).round() / factor;
    let fixed = format!("{rounded:.max_decimals$}");
    let trimmed = if fixed.contains('.') {
        fixed.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        fixed
    };
    let trimmed = if trimmed == "-0" { "0".to_string() } else { trimmed };
    localize_plain(&trimmed, lang)
}

/// A percentage with one decimal at most: `84,3%`.
pub(crate) fn format_percent(value: f64, lang: &str) -> String {
    format!("{}%", format_decimal(value, 1, lang))
}

/// A signed change: `+12,5`, `−3`, `0`.
pub(crate) fn format_delta(delta: Points, lang: &str) -> String {
    let abs = format_points(Points(delta.0.abs()), lang);
    match delta.0.signum() {
        1 => format!("+{abs}"),
        -1 => format!("\u{2212}{abs}"),
        _ => abs,
    }
}

/// Rewrites a plain `-1234.5` into the language's separators (`-1.234,5` for Indonesian).
fn localize_plain(plain: &str, lang: &str) -> String {
    let (thousands, decimal) = separators(lang);
    let (sign, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac}")
    }
}

/// Month names for [`format_date`], January first.
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A `YYYY-MM-DD` date as readers write it: `8 Agustus 2025` / `8 August 2025`.
/// Anything else is returned unchanged.
pub(crate) fn format_date(iso: &str, lang: &str) -> String {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return iso.to_string();
    };
    let months = if lang == "en" { &MONTHS_EN } else { &MONTHS_ID };
    match months.get(usize::from(month).wrapping_sub(1)) {
        Some(name) => format!("{day} {name} {year}"),
        None => iso.to_string(),
    }
}

/// UI strings, language and link prefix of the pages being rendered.
pub(crate) struct Ui<'a> {
    /// Page language code.
    pub(crate) lang: &'a str,
    /// The site's first language, served at the root; others live under `/<lang>/`.
    pub(crate) default_lang: &'a str,
    strings: &'a BTreeMap<String, String>,
    /// Path of `base_url` without its trailing `/` (empty at a domain root).
    prefix: String,
}

impl<'a> Ui<'a> {
    /// UI for `lang` with the strings of that language, linking under `base_url`.
    pub(crate) fn new(
        lang: &'a str,
        strings: &'a BTreeMap<String, String>,
        base_url: &str,
    ) -> Self {
        Self { lang, default_lang: lang, strings, prefix: base_path(base_url) }
    }

    /// The same UI with `default_lang` as the site's first language, so page
    /// links in any other language get their `/<lang>` prefix.
    pub(crate) fn with_default_lang(mut self, default_lang: &'a str) -> Self {
        self.default_lang = default_lang;
        self
    }

    /// Whether pages are rendered in the site's first language.
    pub(crate) fn is_default_lang(&self) -> bool {
        self.lang == self.default_lang
    }

    /// The UI string `key`; a missing key shows as itself so it is easy to spot.
    pub(crate) fn t(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The UI string `key` with `{name}` placeholders filled in.
    pub(crate) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter()
            .fold(self.t(key), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }

    /// A link target for a site route in this language, under the path of `base_url`.
    pub(crate) fn url(&self, route: &str) -> String {
        self.url_in(route, self.lang)
    }

    /// A link target for a site route in `lang` (for the language switch).
    pub(crate) fn url_in(&self, route: &str, lang: &str) -> String {
        format!("{}{}", self.prefix, routes::in_lang(route, lang, self.default_lang))
    }

    /// A date in this language's convention.
    pub(crate) fn date(&self, iso: &str) -> String {
        format_date(iso, self.lang)
    }

    /// "Kabupaten" / "Kota".
    pub(crate) fn kind(&self, kind: RegionKind) -> String {
        self.t(match kind {
            RegionKind::Kabupaten => "kind_kabupaten",
            RegionKind::Kota => "kind_kota",
        })
    }

    /// Points in this language's number format.
    pub(crate) fn points(&self, points: Points) -> String {
        format_points(points, self.lang)
    }

    /// "3 dari 514".
    pub(crate) fn rank_of(&self, rank: Option<u32>, of: u32) -> Option<String> {
        rank.map(|r| self.fill("rank_of", &[("rank", &r.to_string()), ("of", &of.to_string())]))
    }

    /// The display name of a tier id in `rubric`; the "no predikat" text for `None`.
    pub(crate) fn tier_name(&self, rubric: &Rubric, tier: Option<&str>) -> String {
        match tier {
            Some(id) => self.tier_label(rubric, id).to_string(),
            None => self.t("no_predikat"),
        }
    }

    /// The display name of tier `id` in `rubric`, in this language, borrowed
    /// (ranking rows keep it in their cache key); the id itself when the
    /// rubric has no such tier.
    pub(crate) fn tier_label<'r>(&self, rubric: &'r Rubric, id: &'r str) -> &'r str {
        rubric.tier(id).map_or(id, |t| t.name.get(self.lang))
    }
}

/// The path part of `base_url`, without the trailing `/`: `https://x.org/kla/` -> `/kla`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/').to_string()
}

/// A labelled link.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub(crate) label: String,
    pub(crate) url: String,
}

/// Everything the views need to look up, indexed once per build.
pub(crate) struct Ctx<'a> {
    /// The scored site as pages look it up (its fields read through `Ctx`).
    pub(crate) index: Index<'a>,
    pub(crate) ui: Ui<'a>,
    /// Each region's profile link (same index as `site.regions`), each
    /// province's page link (by name, as `by_province`) and each region's
    /// province there, made once: every ranking row shows both links.
    region_urls: Vec<String>,
    province_urls: Vec<(&'a str, String)>,
    region_province: Vec<usize>,
    /// The words every ranking row shows in this language, looked up once.
    row_words: RowWords<'a>,
    /// The official record's counts, made on first use (see [`RecordCounts`]).
    record_counts: std::sync::OnceLock<RecordCounts>,
    /// The national map's geometry, drawn on first use and coloured per year.
    national_map: std::sync::OnceLock<Option<crate::render::map::Drawn>>,
}

/// The official record counted once per render: the years it speaks of, and
/// per year and province (as regions belonged that year) how many regions
/// there were and how many have a result. Every province page, the home page
/// and the awards index read it; counting per page passed over every region
/// once per page.
#[derive(Debug, Default)]
pub(crate) struct RecordCounts {
    /// Announcement years and years with a result, ascending.
    pub(crate) years: Vec<u16>,
    /// Regions with a result per year.
    pub(crate) recorded: BTreeMap<u16, usize>,
    /// `(regions, with a result)` per year and province.
    pub(crate) by_province: std::collections::HashMap<(u16, String), (usize, usize)>,
}

impl RecordCounts {
    fn of(site: &Site) -> Self {
        let mut years: Vec<u16> = site.announcements.iter().map(|a| a.year).collect();
        let mut recorded: BTreeMap<u16, usize> = BTreeMap::new();
        for region in &site.regions {
            for e in region.evaluations.iter().filter(|e| !e.claims.is_empty()) {
                years.push(e.year);
                *recorded.entry(e.year).or_default() += 1;
            }
        }
        years.sort_unstable();
        years.dedup();
        let mut by_province = std::collections::HashMap::new();
        for region in &site.regions {
            for &year in &years {
                let has = region.evaluations.iter().any(|e| e.year == year && !e.claims.is_empty());
                let count: &mut (usize, usize) =
                    by_province.entry((year, region.province_in(year).to_string())).or_default();
                count.0 += 1;
                count.1 += usize::from(has);
            }
        }
        RecordCounts { years, recorded, by_province }
    }
}

impl<'a> std::ops::Deref for Ctx<'a> {
    type Target = Index<'a>;

    fn deref(&self) -> &Index<'a> {
        &self.index
    }
}

impl<'a> Ctx<'a> {
    /// Indexes a scored site for rendering in `ui`'s language.
    pub(crate) fn new(scored: &'a Scored, ui: Ui<'a>) -> Self {
        let index = Index::of(scored);
        let (site, by_province) = (&scored.site, &index.by_province);
        let region_urls = site.regions.iter().map(|r| ui.url(&routes::region(&r.slug))).collect();
        let province_urls =
            by_province.keys().map(|&p| (p, ui.url(&routes::province(p)))).collect();
        let mut region_province = vec![0; site.regions.len()];
        for (at, members) in by_province.values().enumerate() {
            for &i in members {
                region_province[i] = at;
            }
        }
        let row_words = RowWords::new(&ui);
        Self {
            index,
            ui,
            region_urls,
            province_urls,
            region_province,
            row_words,
            record_counts: std::sync::OnceLock::new(),
            national_map: std::sync::OnceLock::new(),
        }
    }

    /// The official record's counts (made on the first call).
    pub(crate) fn record_counts(&self) -> &RecordCounts {
        self.record_counts.get_or_init(|| RecordCounts::of(&self.scored.site))
    }

    /// Every region with a shape on the national map (drawn on the first call);
    /// `None` when the site has no boundaries.
    pub(crate) fn national_map(&self) -> Option<&crate::render::map::Drawn> {
        self.national_map.get_or_init(|| crate::render::map::national(&self.scored.site)).as_ref()
    }

    /// The site being rendered.
    pub(crate) fn site(&self) -> &'a Site {
        &self.scored.site
    }

    /// The region an evaluation belongs to.
    pub(crate) fn region_of(&self, ev: &ScoredEvaluation) -> &'a Region {
        &self.site().regions[ev.region]
    }

    /// The rubric an evaluation was scored with.
    pub(crate) fn rubric_of(&self, ev: &ScoredEvaluation) -> &'a Rubric {
        &self.site().rubrics[ev.rubric]
    }

    /// Whether an evaluation's points are the publisher's illustration.
    pub(crate) fn illustrative(&self, ev: &ScoredEvaluation) -> bool {
        self.region_of(ev).evaluations.get(ev.evaluation).is_some_and(|e| e.illustrative)
    }

    /// Where an evaluation's figures come from.
    pub(crate) fn source(&self, ev: &ScoredEvaluation) -> Option<&'a str> {
        self.region_of(ev).evaluations.get(ev.evaluation).and_then(|e| e.source.as_deref())
    }

    /// The latest year with any evaluation.
    pub(crate) fn latest_year(&self) -> Option<u16> {
        self.by_year.keys().next_back().copied()
    }

    /// Link to a province's overview page.
    pub(crate) fn province_link(&self, province: &str) -> Link {
        Link { label: province.to_string(), url: self.province_url(province) }
    }

    /// The profile link of the region at `index` (in `site.regions`), made once per language.
    pub(crate) fn region_url(&self, index: usize) -> String {
        self.region_urls[index].clone()
    }

    /// The overview link of a province, made once per language for the site's provinces.
    pub(crate) fn province_url(&self, province: &str) -> String {
        match self.province_urls.binary_search_by_key(&province, |&(p, _)| p) {
            Ok(at) => self.province_urls[at].1.clone(),
            Err(_) => self.ui.url(&routes::province(province)),
        }
    }

    /// Link to a year's national ranking.
    pub(crate) fn ranking_link(&self, year: u16) -> Link {
        Link { label: year.to_string(), url: self.ui.url(&routes::ranking(year)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_points_with_indonesian_separators() {
        assert_eq!(format_points(Points(84250), "id"), "842,5");
        assert_eq!(format_points(Points(123400), "id"), "1.234");
        assert_eq!(format_points(Points(123456789), "id"), "1.234.567,89");
        assert_eq!(format_points(Points(-150), "id"), "-1,5");
        assert_eq!(format_points(Points(0), "id"), "0");
    }

    #[test]
    fn points_written_digit_by_digit_match_the_localised_plain_form() {
        let mut values: Vec<i64> = (-2_100..2_100).collect();
        values.extend((0..40).map(|k| 7_i64.pow(k / 2) * if k % 2 == 0 { 1 } else { -1 }));
        values.extend([i64::MAX, i64::MIN + 1, 99_999_999, 100_000_000, -100_000_000]);
        for v in values {
            for lang in ["id", "en"] {
                let plain = localize_plain(&Points(v).to_string(), lang);
                assert_eq!(format_points(Points(v), lang), plain, "{v} in {lang}");
            }
        }
    }

    #[test]
    fn formats_points_with_english_separators_when_asked() {
        assert_eq!(format_points(Points(84250), "en"), "842.5");
        assert_eq!(format_points(Points(123450), "en"), "1,234.5");
    }

    #[test]
    fn formats_decimals_percents_and_deltas() {
        assert_eq!(format_decimal(97.2, 2, "id"), "97,2");
        assert_eq!(format_decimal(98.0, 2, "id"), "98");
        assert_eq!(format_decimal(-0.001, 2, "id"), "0");
        assert_eq!(format_percent(84.25, "id"), "84,3%");
        assert_eq!(format_percent(100.0, "id"), "100%");
        assert_eq!(format_delta(Points(1250), "id"), "+12,5");
        assert_eq!(format_delta(Points(-300), "id"), "\u{2212}3");
        assert_eq!(format_delta(Points(0), "id"), "0");
    }

    #[test]
    fn formats_dates_in_each_language() {
        assert_eq!(format_date("2025-08-08", "id"), "8 Agustus 2025");
        assert_eq!(format_date("2025-08-08", "en"), "8 August 2025");
        assert_eq!(format_date("2021-12-31", "id"), "31 Desember 2021");
        assert_eq!(format_date("2021-13-01", "en"), "2021-13-01");
        assert_eq!(format_date("soon", "en"), "soon");
    }

    #[test]
    fn page_links_in_a_second_language_are_prefixed_but_files_are_not() {
        let strings = BTreeMap::new();
        let en = Ui::new("en", &strings, "https://example.org/kla/").with_default_lang("id");
        assert_eq!(en.url("/wilayah/"), "/kla/en/wilayah/");
        assert_eq!(en.url("/static/style.css"), "/kla/static/style.css");
        assert_eq!(en.url_in("/wilayah/", "id"), "/kla/wilayah/");
        assert!(!en.is_default_lang());
    }

    #[test]
    fn links_live_under_the_path_of_base_url() {
        let strings = BTreeMap::new();
        let at_root = Ui::new("id", &strings, "https://kla.example/");
        assert_eq!(at_root.url("/wilayah/"), "/wilayah/");
        let nested = Ui::new("id", &strings, "https://example.org/kla/");
        assert_eq!(nested.url("/wilayah/"), "/kla/wilayah/");
    }

    #[test]
    fn fills_placeholders_of_ui_strings() {
        let strings = BTreeMap::from([("rank_of".to_string(), "{rank} dari {of}".to_string())]);
        let ui = Ui::new("id", &strings, "https://kla.example/");
        assert_eq!(ui.rank_of(Some(3), 514).as_deref(), Some("3 dari 514"));
        assert_eq!(ui.rank_of(None, 514), None);
        assert_eq!(ui.t("missing_key"), "missing_key");
    }
}
