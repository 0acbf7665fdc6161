//! View models: the only values templates see.
//!
//! Every number is formatted here, in Rust, in the page language's convention
//! (Indonesian `1.234,5`); every predikat id is resolved to its tier name;
//! every link comes from `routes` (prefixed with the path of `base_url`);
//! every UI string comes from the theme's `i18n/<lang>.toml`. Templates only
//! place these values. This module does not render anything and reads no file.
//!
//! The UI strings and number formats live in the leaf `ui` (re-exported here),
//! the ranking rows in `row`; this module holds the page context ([`Ctx`]),
//! including how it turns a row's language-free facts into the row's inputs
//! in its language, so `row` never needs `Ctx` and the three files import
//! each other without a circle.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Region, Rubric, Site};
use crate::render::index::Index;
use crate::render::routes;
use crate::score::{Scored, ScoredEvaluation};

mod row;
mod ui;

pub(crate) use row::{RankRow, RegionFacts, RowFacts, RowInputs, TrendView};
use row::{RowWords, trend_of};
pub(crate) use ui::{Ui, format_decimal, format_percent};

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

impl<'a> Ctx<'a> {
    /// Everything the ranking row with `facts` shows in this context's
    /// language: the facts, with the links of the region and its province and
    /// the names of the predikat ids. Every fact is taken by name, so a new one
    /// does not compile here until the row shows it.
    pub(crate) fn inputs_of(&self, facts: RowFacts<'a>) -> RowInputs<'a, '_> {
        let RowFacts {
            rank,
            year,
            region: RegionFacts { index, name, province, kind },
            rubric,
            ranked_on,
            predikat,
            official,
            mismatch,
            illustrative,
            trend,
        } = facts;
        let rubric = &self.site().rubrics[rubric];
        let tier = |id: &'a str| self.ui.tier_label(rubric, id);
        RowInputs {
            rank,
            year,
            name,
            url: &self.region_urls[index],
            province,
            province_url: &self.province_urls[self.region_province[index]].1,
            kind,
            ranked_on,
            predikat: predikat.map(|p| p.map(tier)),
            official: official.map(tier),
            mismatch,
            illustrative,
            trend,
        }
    }

    /// The ranking row with `facts` (see [`Ctx::inputs_of`]).
    pub(crate) fn row(&self, facts: RowFacts<'a>) -> RankRow<'a> {
        self.inputs_of(facts).row(&self.row_words)
    }

    /// The words every ranking row shows in this context's language: with its
    /// [`RowInputs`], all a row is built from.
    pub(crate) fn row_words(&self) -> &RowWords<'a> {
        &self.row_words
    }

    /// The trend of an evaluation as arrow, label and delta.
    pub(crate) fn trend(&self, ev: &ScoredEvaluation) -> TrendView {
        self.row_words.trend(trend_of(ev))
    }
}

#[cfg(test)]
mod tests {
    use super::ui::{format_date, format_delta, format_points, localize_plain};
    use super::*;
    use crate::model::Points;

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
