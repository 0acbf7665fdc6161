//! The words a page shows for a predikat: a tier's name in the rubric of a
//! year, where a region stands in the official record of a year, and the
//! predikat a region is shown with today. The record pages, the maps, the
//! charts and the profiles all say them, in the same words.

use crate::model::Rubric;
use crate::model::record::Standing;
use crate::render::index::Latest;
use crate::render::views::Ctx;
use crate::score::ScoredEvaluation;

/// A tier's name in `rubric`, or its id when the year has no rubric.
pub(super) fn tier_name(ctx: &Ctx<'_>, rubric: Option<&Rubric>, id: &str) -> String {
    rubric.map_or_else(|| id.to_string(), |r| ctx.ui.tier_name(r, Some(id)))
}

/// A tier's name in the rubric of `year`.
pub(super) fn year_tier(ctx: &Ctx<'_>, year: u16, id: &str) -> String {
    tier_name(ctx, ctx.site().rubric_for(year).map(|(_, r)| r), id)
}

/// The words for where a region stands in a year.
pub(super) fn standing_text(ctx: &Ctx<'_>, year: u16, s: &Standing<'_>) -> String {
    match s {
        Standing::Awarded(id) => year_tier(ctx, year, id),
        Standing::Conflict(ids) => {
            let names: Vec<String> = ids.iter().map(|id| year_tier(ctx, year, id)).collect();
            ctx.ui.fill("record_conflict", &[("predikat", &names.join(" / "))])
        }
        Standing::NotAwarded => ctx.ui.t("record_not_awarded"),
        Standing::NotInRecord => ctx.ui.t("record_not_in_record"),
        Standing::NoAnnouncement => ctx.ui.t("record_no_announcement"),
    }
}

/// The predikat shown for a latest evaluation: the computed one when it was
/// scored, else the official one.
pub(super) fn shown_predikat(ctx: &Ctx<'_>, latest: Latest<'_>) -> String {
    let rubric = &ctx.site().rubrics[latest.rubric];
    match (latest.computed, latest.tier) {
        (true, tier) => ctx.ui.tier_name(rubric, tier),
        (false, Some(official)) => ctx.ui.tier_name(rubric, Some(official)),
        (false, None) => ctx.ui.t("dash"),
    }
}

/// The computed predikat when there is one, else the official one.
pub(super) fn latest_predikat(ctx: &Ctx<'_>, ev: &ScoredEvaluation) -> String {
    shown_predikat(ctx, Latest::of(ev))
}
