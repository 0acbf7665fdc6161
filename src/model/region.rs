//! A kabupaten/kota: its identity (now and formerly) and its evaluations.

use std::sync::Arc;

use serde::Serialize;

use super::evaluation::Evaluation;
use super::narrative::Narrative;
use super::text::SourceFile;

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

/// What the region was called, where it belonged and its code, up to a year:
/// old announcements name regions as they were then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Former {
    /// The last year this identity held (inclusive).
    pub until: u16,
    /// The name then, when it differed.
    pub name: Option<String>,
    /// The province then, when it differed (the Papua provinces of 2022).
    pub province: Option<String>,
    /// The Kemendagri code then, when it differed.
    pub code: Option<String>,
}

impl Region {
    /// Whether two shared regions are equal: the same allocation (a region
    /// `kla serve` kept from the last load) or equal fields.
    pub fn same(a: &Arc<Region>, b: &Arc<Region>) -> bool {
        Arc::ptr_eq(a, b) || a == b
    }
}

impl Region {
    /// The field `pick` of the identity that held in `year`: of the former
    /// identities whose `until` is not before it and that give the field,
    /// the one that ended first.
    fn former_in<'r>(
        &'r self,
        year: u16,
        pick: impl Fn(&'r Former) -> Option<&'r str>,
    ) -> Option<&'r str> {
        self.former
            .iter()
            .filter(|f| f.until >= year)
            .filter_map(|f| Some((f.until, pick(f)?)))
            .min_by_key(|(until, _)| *until)
            .map(|(_, v)| v)
    }

    /// The region's name in `year` (an old announcement's name).
    pub fn name_in(&self, year: u16) -> &str {
        self.former_in(year, |f| f.name.as_deref()).unwrap_or(&self.name)
    }

    /// The province the region belonged to in `year`.
    pub fn province_in(&self, year: u16) -> &str {
        self.former_in(year, |f| f.province.as_deref()).unwrap_or(&self.province)
    }

    /// Every name the region has had, the current one first: old lists use them.
    pub fn all_names(&self) -> Vec<&str> {
        let mut names = vec![self.name.as_str()];
        for name in self.former.iter().filter_map(|f| f.name.as_deref()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}
