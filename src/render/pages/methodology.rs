//! The methodology page: each rubric's tiers, gates, clusters and indicators.

use pulldown_cmark::{Event, Options, Parser};
use serde::Serialize;

use crate::model::Rubric;
use crate::render::routes;
use crate::render::views::{Ctx, format_decimal};

use super::common::Job;
use super::regions::{gate_text, with_unit};

#[derive(Serialize)]
pub(super) struct TierRow {
    pub(super) name: String,
    pub(super) min_score: String,
    pub(super) gates: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct IndicatorMethod<'a> {
    pub(super) name: &'a str,
    pub(super) max: String,
    pub(super) scale: Option<String>,
    pub(super) lower_better: bool,
}

#[derive(Serialize)]
pub(super) struct ClusterMethod<'a> {
    pub(super) name: &'a str,
    pub(super) max: String,
    pub(super) indicators: Vec<IndicatorMethod<'a>>,
}

#[derive(Serialize)]
pub(super) struct RubricView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) years: String,
    pub(super) max: String,
    pub(super) note_html: Option<String>,
    pub(super) tiers: Vec<TierRow>,
    pub(super) clusters: Vec<ClusterMethod<'a>>,
}

#[derive(Serialize)]
pub(super) struct MethodologyView<'a> {
    pub(super) intro: String,
    pub(super) rubrics: Vec<RubricView<'a>>,
}

pub(super) fn methodology<'a>(ctx: &Ctx<'a>) -> Job<'a> {
    let unsafe_html = ctx.site().config.unsafe_html;
    let rubrics = ctx.site().rubrics.iter().map(|r| rubric_view(ctx, r, unsafe_html)).collect();
    let view = MethodologyView { intro: ctx.ui.t("methodology_intro"), rubrics };
    Job::new(routes::methodology(), "methodology.html", ctx.ui.t("methodology_title"), &view)
}

pub(super) fn rubric_view<'a>(
    ctx: &Ctx<'a>,
    rubric: &'a Rubric,
    unsafe_html: bool,
) -> RubricView<'a> {
    let ui = &ctx.ui;
    let years = match rubric.until_year {
        Some(until) => format!("{}\u{2013}{until}", rubric.from_year),
        None => ui.fill("methodology_since", &[("year", &rubric.from_year.to_string())]),
    };
    RubricView {
        id: &rubric.id,
        title: rubric.title.get(ui.lang),
        years: ui.fill("methodology_years", &[("years", &years)]),
        max: ui.fill("methodology_max", &[("max", &ui.points(rubric.max_score))]),
        note_html: rubric.note.as_deref().map(|n| markdown_to_html(n, unsafe_html)),
        tiers: rubric
            .tiers
            .iter()
            .map(|t| TierRow {
                name: t.name.get(ui.lang).to_string(),
                min_score: ui.points(t.min_score),
                gates: t
                    .gates
                    .iter()
                    .map(|g| gate_text(ctx, rubric, &g.cluster, g.min_percent))
                    .collect(),
            })
            .collect(),
        clusters: rubric
            .clusters
            .iter()
            .map(|c| ClusterMethod {
                name: c.name.get(ui.lang),
                max: ui.points(c.max_points()),
                indicators: c
                    .indicators
                    .iter()
                    .map(|i| IndicatorMethod {
                        name: i.name.get(ui.lang),
                        max: ui.points(i.max_points),
                        scale: i.scale.as_ref().map(|s| {
                            let zero = with_unit(&format_decimal(s.zero_at, 2, ui.lang), &s.unit);
                            let full = with_unit(&format_decimal(s.full_at, 2, ui.lang), &s.unit);
                            ui.fill("methodology_scale", &[("zero", &zero), ("full", &full)])
                        }),
                        lower_better: i.scale.as_ref().is_some_and(|s| s.zero_at > s.full_at),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A rubric note to HTML; raw HTML is shown as text unless the site allows it.
pub(super) fn markdown_to_html(markdown: &str, unsafe_html: bool) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) if !unsafe_html => Event::Text(html),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    crate::markdown::sanitize_html(out, unsafe_html)
}
