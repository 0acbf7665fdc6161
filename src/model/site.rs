//! The whole validated site: settings, rubrics, regions, pages and the
//! record's announcements.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::narrative::Page;
use super::record::Announcement;
use super::region::Region;
use super::rubric::Rubric;
use super::text::Localized;

/// The default language: a site's language when `site.toml` names none, the
/// one a new site (`kla init`) starts in, and the fallback wherever a site's
/// languages are not known. Indonesian, the language of the KLA evaluations
/// and of the theme's own strings. Defined here once; use
/// [`SiteConfig::default_language`] for a loaded site's.
pub const DEFAULT_LANGUAGE: &str = "id";

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
    /// several times more per region and language while it builds, and a
    /// village-scale site would need gigabytes (bench/README.md, "Figures
    /// behind the code's comments").
    pub search_full_text: bool,
}

impl SiteConfig {
    /// The site's default language, served at `/`: the first of `languages`
    /// (the loader refuses an empty list), or [`DEFAULT_LANGUAGE`] for a
    /// configuration built without one. One place for the rule, so that every
    /// stage picks the same language.
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or(DEFAULT_LANGUAGE, String::as_str)
    }
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
    pub boundaries: Option<Arc<super::Boundaries>>,
}

/// A map from region slug to position in [`Site::regions`], made on first
/// use: a village-scale site resolves hundreds of thousands of `@/regions/`
/// links, and a binary search over 83,441 shared regions met a cache miss at
/// nearly every step (bench/README.md, "Figures behind the code's comments");
/// `kla serve`'s rescoring finds the last scoring's regions through it too.
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
