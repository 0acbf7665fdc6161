//! The changes page: predikat moves and large score changes between evaluations.

use serde::Serialize;

use crate::render::routes;
use crate::render::views::Ctx;
use crate::score::ScoredEvaluation;

use super::common::Job;

#[derive(Serialize)]
pub(super) struct ChangeRow<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) kind: String,
    pub(super) class: &'static str,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) delta: String,
}

#[derive(Serialize)]
pub(super) struct ChangeYear<'a> {
    pub(super) year: u16,
    pub(super) caption: String,
    pub(super) rows: Vec<ChangeRow<'a>>,
}

#[derive(Serialize)]
pub(super) struct ChangesView<'a> {
    pub(super) intro: String,
    pub(super) feed_url: String,
    pub(super) years: Vec<ChangeYear<'a>>,
}

pub(super) fn changes_page<'a>(ctx: &Ctx<'a>) -> Job<'a> {
    use crate::render::changes::{ChangeKind, changes};
    let ui = &ctx.ui;
    let mut years: Vec<ChangeYear<'_>> = Vec::new();
    for change in changes(ctx.scored) {
        let (key, class) = match change.kind {
            ChangeKind::Up => ("changes_up", "up"),
            ChangeKind::Down => ("changes_down", "down"),
            ChangeKind::Moved => ("changes_moved", "same"),
            ChangeKind::New => ("changes_new", ""),
        };
        let (from, to) = change.tiers();
        let tier = |ev: &ScoredEvaluation, id: Option<&str>| match id {
            Some(id) => ui.tier_name(ctx.rubric_of(ev), Some(id)),
            None => ui.t("dash"),
        };
        let region = ctx.region_of(change.ev);
        let row = ChangeRow {
            name: &region.name,
            url: ctx.region_url(change.ev.region),
            kind: ui.t(key),
            class,
            from: change.previous.map_or_else(|| ui.t("dash"), |p| tier(p, from)),
            to: tier(change.ev, to),
            delta: ctx.trend(change.ev).delta,
        };
        let year = change.ev.year;
        if years.last().is_none_or(|y| y.year != year) {
            let caption = ui.fill("changes_year", &[("year", &year.to_string())]);
            years.push(ChangeYear { year, caption, rows: Vec::new() });
        }
        if let Some(last) = years.last_mut() {
            last.rows.push(row);
        }
    }
    let view = ChangesView {
        intro: ui.t("changes_intro"),
        feed_url: ui.url(&routes::changes_feed()),
        years,
    };
    Job::new(routes::changes(), "changes.html", ui.t("changes_title"), &view)
}
