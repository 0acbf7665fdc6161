//! The region narratives `kla serve` keeps as HTML between renders.
//!
//! A region's profile shows its narratives rendered from Markdown (links
//! checked and resolved, HTML sanitised), the costliest part of a profile;
//! an edit re-renders the profiles of every region whose rank moved, and
//! their narratives did not change. A region's narratives as HTML depend on
//! the region (kept as the same `Arc` by the loader while its files are
//! unchanged), the language, and what their links can point at and how the
//! HTML is finished: the site's languages, `unsafe_html`, and the slugs of
//! its regions and pages ([`LinkTargets`]). The cache remembers the HTML by
//! region and language with the region's `Arc` and forgets everything when
//! the link targets differ, so a hit is exactly what rendering again gives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::model::{Region, Site};
use std::collections::BTreeMap;

/// Region narratives as HTML from earlier renders (kept by `render::Memo`
/// for a caller that renders the same site again).
#[derive(Debug, Default)]
pub(crate) struct NarrativeCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    targets: LinkTargets,
    /// By (language, region slug): the region rendered and its HTML.
    regions: HashMap<(String, String), (Arc<Region>, RegionHtml)>,
}

/// What a narrative's HTML depends on besides its own text and language.
#[derive(Debug, Default, PartialEq, Eq)]
struct LinkTargets {
    languages: Vec<String>,
    unsafe_html: bool,
    regions: Vec<String>,
    pages: Vec<String>,
}

impl LinkTargets {
    fn of(site: &Site) -> Self {
        LinkTargets {
            languages: site.config.languages.clone(),
            unsafe_html: site.config.unsafe_html,
            regions: site.regions.iter().map(|r| r.slug.clone()).collect(),
            pages: site.pages.iter().map(|p| p.slug.clone()).collect(),
        }
    }

    /// Whether these are `site`'s link targets, compared in place: an edit
    /// checks every slug (83,441 at village scale) without copying them. The
    /// fields are named one by one, so a field added to [`LinkTargets::of`]
    /// does not compile here until it is compared too.
    fn are_those_of(&self, site: &Site) -> bool {
        let LinkTargets { languages, unsafe_html, regions, pages } = self;
        *languages == site.config.languages
            && *unsafe_html == site.config.unsafe_html
            && regions.iter().eq(site.regions.iter().map(|r| &r.slug))
            && pages.iter().eq(site.pages.iter().map(|p| &p.slug))
    }
}

impl NarrativeCache {
    /// Prepares the cache for rendering `site`: forgets every narrative when
    /// the link targets changed since the last render.
    pub(crate) fn begin(&self, site: &Site) {
        let mut state = self.lock();
        if !state.targets.are_those_of(site) {
            *state = State { targets: LinkTargets::of(site), regions: HashMap::new() };
        }
    }

    /// The HTML of `region`'s narratives in `lang`, as remembered when the
    /// region was this same allocation; else rendered by `render` and
    /// remembered when it succeeds.
    pub(crate) fn get_or_render<E>(
        &self,
        lang: &str,
        region: &Arc<Region>,
        render: impl FnOnce() -> Result<RegionHtml, E>,
    ) -> Result<RegionHtml, E> {
        let key = (lang.to_string(), region.slug.clone());
        if let Some((kept, html)) = self.lock().regions.get(&key) {
            if Arc::ptr_eq(kept, region) {
                return Ok(html.clone());
            }
        }
        let html = render()?;
        self.lock().regions.insert(key, (Arc::clone(region), html.clone()));
        Ok(html)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One region's narratives as HTML.
#[derive(Debug, Clone, Default)]
pub(crate) struct RegionHtml {
    /// The region's own story.
    pub(crate) region: Option<String>,
    /// Each evaluation's story, by evaluation index.
    pub(crate) evaluations: BTreeMap<usize, String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::scenes;

    fn html(text: &str) -> Result<RegionHtml, ()> {
        Ok(RegionHtml { region: Some(text.to_string()), evaluations: Default::default() })
    }

    fn shown(result: Result<RegionHtml, ()>) -> Option<String> {
        result.unwrap().region
    }

    #[test]
    fn html_is_reused_for_the_same_region_and_language_until_link_targets_change() {
        let mut site = scenes::uji_site();
        let cache = NarrativeCache::default();
        cache.begin(&site);
        let alfa = Arc::clone(&site.regions[0]);
        assert_eq!(shown(cache.get_or_render("id", &alfa, || html("one"))).as_deref(), Some("one"));
        let kept = cache.get_or_render("id", &alfa, || html("two"));
        assert_eq!(shown(kept).as_deref(), Some("one"), "same region, same language");
        assert_eq!(shown(cache.get_or_render("en", &alfa, || html("en"))).as_deref(), Some("en"));
        // An equal region that is another allocation (its files were read again) renders again.
        let copy = Arc::new((*alfa).clone());
        assert_eq!(
            shown(cache.get_or_render("id", &copy, || html("three"))).as_deref(),
            Some("three")
        );
        // A failed render is not remembered.
        assert!(cache.get_or_render("id", &alfa, || Err(())).is_err());
        // Same targets: still remembered; a region gone: everything is rendered again.
        cache.begin(&site);
        let kept = cache.get_or_render("id", &copy, || html("four"));
        assert_eq!(shown(kept).as_deref(), Some("three"));
        site.regions.pop();
        cache.begin(&site);
        let again = cache.get_or_render("id", &copy, || html("five"));
        assert_eq!(shown(again).as_deref(), Some("five"));
    }

    #[test]
    fn a_renamed_region_another_language_or_unsafe_html_forgets_everything() {
        let base = scenes::uji_site();
        type Change = fn(&mut Site);
        let changes: [(&str, Change); 3] = [
            ("a region renamed", |s| Arc::make_mut(&mut s.regions[0]).slug.push('x')),
            ("unsafe_html", |s| s.config.unsafe_html = !s.config.unsafe_html),
            ("a language added", |s| s.config.languages.push("en".into())),
        ];
        for (what, change) in changes {
            let cache = NarrativeCache::default();
            cache.begin(&base);
            let region = Arc::clone(&base.regions[1]);
            assert_eq!(
                shown(cache.get_or_render("id", &region, || html("old"))).as_deref(),
                Some("old")
            );
            let mut site = base.clone();
            change(&mut site);
            cache.begin(&site);
            let again = cache.get_or_render("id", &region, || html("new"));
            assert_eq!(shown(again).as_deref(), Some("new"), "{what}");
        }
    }
}
