//! The validated domain model: what a site *is*, once its files have been read and checked.
//!
//! Nothing here reads files, renders HTML or computes scores. Types are built
//! only by `load::validate`, so code holding a [`Site`] may rely on the
//! invariants documented on each type (ids resolve, years are covered by
//! exactly one rubric, tiers ascend, ...).

pub mod boundary;
mod claim;
mod evaluation;
mod inputs;
mod narrative;
mod points;
pub mod record;
mod region;
mod rubric;
mod site;
mod slug;
mod text;
pub mod web;

pub use boundary::Boundaries;
pub use claim::{Claim, Source};
pub use evaluation::Evaluation;
pub use inputs::{IndicatorInput, Inputs, Measured};
pub use narrative::{Narrative, Page};
pub use points::Points;
pub use record::{Announcement, Standing};
pub use region::{Former, Region, RegionKind};
pub use rubric::{Cluster, Gate, Indicator, Rubric, Scale, Tier};
pub use site::{DEFAULT_LANGUAGE, Site, SiteConfig, SlugIndex};
pub use slug::{is_valid_slug, slugify};
pub use text::{Id, Localized, SourceFile};

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::testkit::scenes::two_language_site as site;

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
