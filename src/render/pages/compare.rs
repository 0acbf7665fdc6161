//! The comparison page (`/bandingkan/`, `/en/compare/`): a reader picks up to
//! four regions and `static/compare.js` draws their official histories and
//! latest computed scores side by side from `data/bandingkan.json`.
//!
//! The page itself holds no region: the script's data is one small file for
//! every language, and the page gives it the words of its language (tier,
//! cluster and standing names, messages) as JSON. Without scripts the page
//! says so and links the regions index and the search, where every profile is.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Rubric;
use crate::render::routes;
use crate::render::views::Ctx;

use super::common::Job;

/// How many regions a comparison shows at most: four columns still fit a
/// phone's table with a little scrolling.
pub(super) const COMPARE_MAX: usize = 4;

#[derive(Serialize)]
pub(super) struct CompareView {
    pub(super) intro: String,
    pub(super) regions_url: String,
    pub(super) provinces_url: String,
    pub(super) search_url: String,
    pub(super) script_url: String,
    /// [`CompareConfig`] as JSON that can sit inside a `<script>` element.
    pub(super) config: String,
}

/// What `compare.js` is told by the page: where the data is, how to link,
/// and every word it shows, in the page's language.
#[derive(Serialize)]
struct CompareConfig<'a> {
    data: String,
    max: usize,
    /// A profile's address with `{slug}` for the region.
    region_url: String,
    /// The page of each year whose results were announced.
    year_urls: BTreeMap<u16, String>,
    /// Tier names by id (the newest rubric's name of each).
    tiers: BTreeMap<&'a str, String>,
    /// Cluster names by id (the newest rubric's name of each).
    clusters: BTreeMap<&'a str, String>,
    /// UI strings by key.
    text: BTreeMap<&'static str, String>,
}

/// The UI strings the script shows, by their key in `i18n/<lang>.toml`.
const SCRIPT_TEXT: &[&str] = &[
    "compare_added",
    "compare_removed",
    "compare_remove",
    "compare_full",
    "compare_already",
    "compare_not_found",
    "compare_loading",
    "compare_error",
    "compare_record_caption",
    "compare_scores_caption",
    "compare_score_year",
    "compare_none",
    "compare_profile",
    "record_not_awarded",
    "record_not_in_record",
    "record_no_announcement",
    "record_conflict",
    "col_year",
    "col_total",
    "col_predikat",
    "col_official",
    "region_illustrative",
    "no_predikat",
    "dash",
];

/// The comparison page's job.
pub(super) fn compare_page<'a>(ctx: &Ctx<'a>) -> Job<'a> {
    let ui = &ctx.ui;
    let site = ctx.site();
    let mut rubrics: Vec<&Rubric> = site.rubrics.iter().collect();
    rubrics.sort_by_key(|r| r.from_year);
    let mut tiers = BTreeMap::new();
    let mut clusters = BTreeMap::new();
    for rubric in rubrics {
        for tier in &rubric.tiers {
            tiers.insert(&*tier.id, tier.name.get(ui.lang).to_string());
        }
        for cluster in &rubric.clusters {
            clusters.insert(&*cluster.id, cluster.name.get(ui.lang).to_string());
        }
    }
    let config = CompareConfig {
        data: ui.url(&routes::compare_json()),
        max: COMPARE_MAX,
        region_url: ui.url(&routes::region("{slug}")),
        year_urls: site
            .announcements
            .iter()
            .filter(|a| a.held)
            .map(|a| (a.year, ui.url(&routes::award_year(a.year))))
            .collect(),
        tiers,
        clusters,
        text: SCRIPT_TEXT
            .iter()
            .map(|&key| (key, ui.fill(key, &[("max", &COMPARE_MAX.to_string())])))
            .collect(),
    };
    let view = CompareView {
        intro: ui.fill("compare_intro", &[("max", &COMPARE_MAX.to_string())]),
        regions_url: ui.url(&routes::regions()),
        provinces_url: ui.url(&routes::provinces()),
        search_url: ui.url(&routes::search()),
        script_url: ui.url("/static/compare.js"),
        config: script_json(&config),
    };
    Job::new(routes::compare(), "compare.html", ui.t("compare_title"), &view)
        .described(ui.fill("compare_description", &[("max", &COMPARE_MAX.to_string())]))
}

/// `value` as JSON to place inside a `<script type="application/json">`:
/// a `<` is escaped, so no text in it can close the element.
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element() {
        let json = script_json(&serde_json::json!({ "name": "</script><b>" }));
        assert!(!json.contains('<'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], "</script><b>");
    }
}
