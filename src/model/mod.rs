//! The validated domain model: what a site *is*, once its files have been read and checked.
//!
//! Nothing here reads files, renders HTML or computes scores. Types are built
//! only by `load::validate`, so code holding a [`Site`] may rely on the
//! invariants documented on each type (ids resolve, years are covered by
//! exactly one rubric, tiers ascend, ...).

pub mod boundary;
mod inputs;
mod points;
pub mod record;
mod rubric;
mod slug;
pub mod web;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

pub use boundary::Boundaries;
pub use inputs::Inputs;
pub use points::Points;
pub use record::{Announcement, Claim, Former, Source, Standing};
pub use rubric::{Cluster, Gate, Indicator, Rubric, Scale, Tier};
pub use slug::{is_valid_slug, slugify};

/// An id defined by a rubric (indicator, cluster, tier), shared by every
/// evaluation and score that names it instead of copied into each: a
/// village-scale site names each of 24 indicators in 83,441 evaluations,
/// twice more in their scores.
pub type Id = Arc<str>;

/// A text given in Indonesian and optionally in English (`name = { id = "…", en = "…" }`,
/// or a plain string, which is Indonesian).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Localized {
    /// Indonesian, always present: the site's first language.
    pub id: String,
    /// English, when the source gives it.
    pub en: Option<String>,
}

impl Localized {
    /// A text with only its Indonesian form.
    pub fn id_only(text: impl Into<String>) -> Self {
        Self { id: text.into(), en: None }
    }

    /// The text in `lang` (`"id"` or `"en"`), falling back to Indonesian.
    pub fn get(&self, lang: &str) -> &str {
        match (lang, &self.en) {
            ("en", Some(en)) => en,
            _ => &self.id,
        }
    }
}

/// A source file's location and text, kept so later stages (link checking,
/// template errors) can still point at a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the site root, as shown in messages.
    pub path: PathBuf,
    /// The file's whole text.
    pub src: Arc<str>,
}

/// Settings from `site.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteConfig {
    /// Site title, shown in every page header.
    pub title: String,
    /// One-line description for the home page and meta tags, per language.
    pub description: Option<Localized>,
    /// Absolute URL the site is deployed at, always ending in `/`.
    pub base_url: String,
    /// Language codes; the first is the default language (served at `/`).
    pub languages: Vec<String>,
    /// Theme name under `themes/`; `default` is compiled into kla.
    pub theme: String,
    /// Who publishes the site (shown in the footer and the feed).
    pub author: Option<String>,
    /// Keep raw HTML in Markdown as written instead of sanitising it.
    pub unsafe_html: bool,
    /// Whether the search index holds the narratives' text, or only each
    /// region's name, place and predikat: with the text, Pagefind holds
    /// about 45 KB per region and language while it builds, four times more
    /// than without (a village-scale site would need gigabytes).
    pub search_full_text: bool,
}

/// Whether a region is a regency or a city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    /// A regency (*kabupaten*).
    Kabupaten,
    /// A city (*kota*).
    Kota,
}

impl RegionKind {
    /// The id used in TOML and data files: `kabupaten` or `kota`.
    pub fn as_str(self) -> &'static str {
        match self {
            RegionKind::Kabupaten => "kabupaten",
            RegionKind::Kota => "kota",
        }
    }
}

/// A narrative in Markdown (`index.md`, `<year>.md`, or a free page), front matter already split off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    /// Title from the front matter, if any.
    pub title: Option<String>,
    /// Short summary from the front matter, for listings and meta tags.
    pub description: Option<String>,
    /// Publication date (`YYYY-MM-DD`) from the front matter, for the feed.
    pub date: Option<String>,
    /// Byte offset of the Markdown body (what follows the front matter)
    /// inside `file.src`: the body is not copied, [`Narrative::body`] reads it
    /// from the file's text (a village-scale site holds tens of thousands).
    pub body_offset: usize,
    /// The file this came from.
    pub file: SourceFile,
    /// The same text in other languages, by language code: `index.en.md`
    /// beside `index.md`. Empty when the narrative exists only in the default language.
    pub translations: BTreeMap<String, Narrative>,
}

impl Narrative {
    /// The Markdown body after the front matter; its positions plus
    /// `body_offset` are positions in `file.src`.
    pub fn body(&self) -> &str {
        self.file.src.get(self.body_offset..).unwrap_or_default()
    }

    /// This narrative in `lang`, if it was written in that language; `None`
    /// means readers of `lang` get the default-language text.
    pub fn in_lang(&self, lang: &str) -> Option<&Narrative> {
        self.translations.get(lang)
    }
}

/// A free page from `content/pages/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// File stem; the page is published at `/<slug>/`.
    pub slug: String,
    /// The page's text; its title is required for pages.
    pub narrative: Narrative,
}

/// One kabupaten/kota with all its evaluations.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Folder name: lowercase ASCII letters, digits and `-`.
    pub slug: String,
    /// Official name, e.g. "Kota Balikpapan".
    pub name: String,
    /// Kabupaten or kota.
    pub kind: RegionKind,
    /// Province name as written in `region.toml`.
    pub province: String,
    /// Kemendagri code, e.g. "64.71"; unique across the site.
    pub code: String,
    /// Earlier names, provinces and codes, each with the last year it held.
    pub former: Vec<Former>,
    /// `index.md`, the region's standing story.
    pub narrative: Option<Narrative>,
    /// Evaluations sorted by year, ascending, one per year.
    pub evaluations: Vec<Evaluation>,
    /// `region.toml` itself.
    pub file: SourceFile,
}

/// One year's evaluation of one region (`<year>.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Evaluation (award) year; equals the file name.
    pub year: u16,
    /// Index into [`Site::rubrics`] of the rubric covering `year`.
    pub rubric: usize,
    /// Predikat announced by KemenPPPA, as a tier id of that rubric, when
    /// every source agrees on it (`None` without a result or in a conflict).
    pub official: Option<String>,
    /// Each source's statement of the official predikat; more than one
    /// predikat among them is a conflict the site shows.
    pub claims: Vec<Claim>,
    /// Where the figures (points, values) come from.
    pub source: Option<String>,
    /// The region's own reported total, shown beside the computed one.
    pub self_assessment: Option<Points>,
    /// The points are the publisher's illustration, not published figures.
    pub illustrative: bool,
    /// Whether the file has a `[points]` or `[values]` table at all; without
    /// either the evaluation is official-only and gets no computed score.
    pub has_data: bool,
    /// What the file gives per indicator id; an id can be given only one way.
    pub inputs: Inputs,
    /// `<year>.md`, the story of that year.
    pub narrative: Option<Narrative>,
    /// The `<year>.toml` file.
    pub file: SourceFile,
}

/// How an indicator's points are known for one evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum IndicatorInput {
    /// Points given directly in `[points]` (at most two decimals, within 0..=max_points).
    Points(Points),
    /// A measured value from `[values]`, turned into points by the rubric's scale.
    Value(Measured),
}

/// A measured value and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measured {
    /// The measurement, in the scale's unit.
    pub value: f64,
    /// Year the measurement refers to, when it differs from the evaluation year.
    pub year: Option<u16>,
    /// Where the measurement was published.
    pub source: Option<String>,
}

/// The whole validated site: the input of scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// `site.toml`.
    pub config: SiteConfig,
    /// Rubrics sorted by `from_year`; year ranges do not overlap.
    pub rubrics: Vec<Rubric>,
    /// Regions sorted by slug, each shared: `kla serve` keeps an unchanged
    /// region's `Arc` from one load to the next, so scoring and the page plan
    /// tell it is unchanged by its address instead of comparing its fields.
    pub regions: Vec<Arc<Region>>,
    /// Free pages sorted by slug.
    pub pages: Vec<Page>,
    /// The announcements of results, sorted by year.
    pub announcements: Vec<Announcement>,
    /// Where each region's slug stands in `regions`, made on the first
    /// [`Site::region`]; build sites with `SlugIndex::default()`.
    pub slug_index: SlugIndex,
    /// What the loader found worth a look but not wrong enough to stop
    /// the build; printed by `kla build`, `check` and `serve`.
    pub warnings: crate::diag::Diagnostics,
    /// The regions' outlines (`content/batas/`), shared between loads of
    /// `kla serve`; `None`: the site has none and draws no maps.
    pub boundaries: Option<Arc<Boundaries>>,
}

/// A map from region slug to position in [`Site::regions`], made on first
/// use: a village-scale site resolves ~330,000 `@/regions/` links, and a
/// binary search over 83,441 shared regions met a cache miss at nearly every
/// step (~3 us a link, 4 % of a build's user time in `perf`); `kla serve`'s
/// rescoring finds the last scoring's regions through it too.
///
/// It is only a cache, so it can never be wrong: a position is taken only
/// after checking that the region there has the slug, and a slug the map
/// does not hold is searched for, so regions changed after the map was made
/// are still found. Two sites compare equal whatever their maps hold.
#[derive(Debug, Clone, Default)]
pub struct SlugIndex(OnceLock<HashMap<Box<str>, usize>>);

impl PartialEq for SlugIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Region {
    /// Whether two shared regions are equal: the same allocation (a region
    /// `kla serve` kept from the last load) or equal fields.
    pub fn same(a: &Arc<Region>, b: &Arc<Region>) -> bool {
        Arc::ptr_eq(a, b) || a == b
    }
}

impl Evaluation {
    /// Whether the sources of the official result disagree.
    pub fn conflict(&self) -> bool {
        record::claimed(&self.claims).len() > 1
    }
}

impl Site {
    /// The announcement of `year`, if the site has one.
    pub fn announcement(&self, year: u16) -> Option<&Announcement> {
        self.announcements.iter().find(|a| a.year == year)
    }

    /// The rubric covering `year`, if any.
    pub fn rubric_for(&self, year: u16) -> Option<(usize, &Rubric)> {
        self.rubrics.iter().enumerate().find(|(_, r)| r.covers(year))
    }

    /// The region at `index`, to change: a copy of its own when it is shared
    /// (with the loader's cache or another site).
    pub fn region_mut(&mut self, index: usize) -> &mut Region {
        Arc::make_mut(&mut self.regions[index])
    }

    /// A region by slug (see [`Site::region_position`]).
    pub fn region(&self, slug: &str) -> Option<&Region> {
        self.region_position(slug).map(|i| &*self.regions[i])
    }

    /// Where the region with `slug` stands in `regions`: looked up in
    /// [`SlugIndex`], else searched for (regions are sorted by slug).
    pub fn region_position(&self, slug: &str) -> Option<usize> {
        let index = self.slug_index.0.get_or_init(|| {
            self.regions.iter().enumerate().map(|(i, r)| (r.slug.as_str().into(), i)).collect()
        });
        let indexed = index.get(slug).copied();
        if let Some(i) = indexed.filter(|&i| self.regions.get(i).is_some_and(|r| r.slug == slug)) {
            return Some(i);
        }
        self.regions.binary_search_by(|r| r.slug.as_str().cmp(slug)).ok()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::markdown::tests::site;

    #[test]
    fn a_region_is_found_by_slug_even_after_the_regions_changed() {
        let mut site = site();
        assert_eq!(site.region("kota-bontang").map(|r| r.slug.as_str()), Some("kota-bontang"));
        assert!(site.region("kota-samarinda").is_none());
        // The index was made above; now kota-bontang moves, kota-balikpapan
        // is gone (its position holds another region) and two regions are new.
        let renamed = |slug: &str| {
            let mut region = (*site.regions[0]).clone();
            region.slug = slug.into();
            Arc::new(region)
        };
        site.regions = vec![renamed("kota-aa"), renamed("kota-ab"), site.regions[1].clone()];
        let slugs: Vec<&str> = site.regions.iter().map(|r| r.slug.as_str()).collect();
        assert_eq!(slugs, ["kota-aa", "kota-ab", "kota-bontang"][..]);
        for slug in slugs.clone() {
            assert_eq!(site.region(slug).map(|r| r.slug.as_str()), Some(slug));
        }
        assert!(site.region("kota-balikpapan").is_none(), "a removed region is gone");
    }
}
