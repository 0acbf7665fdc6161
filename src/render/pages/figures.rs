//! The SVG charts of the pages (cluster bars, score history, predikat distribution, province small multiples) and the data tables behind them.

use serde::Serialize;

use crate::render::charts;
use crate::render::views::Ctx;
use crate::score::ScoredEvaluation;

use super::predikat::latest_predikat;

/// A stacked chart with its data table: series names, one row of counts per label.
#[derive(Serialize)]
pub(super) struct Distribution {
    pub(super) svg: String,
    pub(super) caption: String,
    pub(super) series: Vec<String>,
    pub(super) rows: Vec<CountsRow>,
}

#[derive(Serialize)]
pub(super) struct CountsRow {
    pub(super) label: String,
    pub(super) counts: Vec<usize>,
    /// A small chart of this row alone, for small multiples.
    pub(super) svg: Option<String>,
}

/// Per-province small charts of the latest predikat, with their data table.
#[derive(Serialize)]
pub(super) struct Multiples {
    pub(super) series: Vec<String>,
    pub(super) colours: Vec<&'static str>,
    pub(super) rows: Vec<CountsRow>,
}

pub(super) fn cluster_chart(ctx: &Ctx<'_>, ev: &ScoredEvaluation) -> Option<String> {
    let computed = ev.computed.as_ref()?;
    let ui = &ctx.ui;
    let rubric = ctx.rubric_of(ev);
    let bars: Vec<charts::Bar> = computed
        .clusters
        .iter()
        .map(|cs| charts::Bar {
            label: rubric.cluster(&cs.id).map_or(&*cs.id, |c| c.name.get(ui.lang)).to_string(),
            value: cs.points.as_f64(),
            max: cs.max.as_f64(),
            text: format!("{} / {}", ui.points(cs.points), ui.points(cs.max)),
        })
        .collect();
    let name = &ctx.region_of(ev).name;
    let title = ui.fill("chart_clusters_title", &[("name", name), ("year", &ev.year.to_string())]);
    let labels =
        charts::Labels { id: "grafik-klaster", title: &title, desc: &ui.t("chart_clusters_desc") };
    Some(charts::bars(&labels, &bars))
}

pub(super) fn history_chart(ctx: &Ctx<'_>, evs: &[&ScoredEvaluation]) -> Option<String> {
    let latest = evs.iter().rev().find(|ev| ev.computed.is_some())?;
    let ui = &ctx.ui;
    let rubric = ctx.rubric_of(latest);
    let points: Vec<charts::Point> = evs
        .iter()
        .map(|ev| charts::Point {
            label: ev.year.to_string(),
            value: ev.computed.as_ref().map(|c| c.total.as_f64()),
            text: ev.computed.as_ref().map(|c| ui.points(c.total)).unwrap_or_default(),
        })
        .collect();
    let count = rubric.tiers.len();
    let bands: Vec<charts::Band> = rubric
        .tiers
        .iter()
        .enumerate()
        .map(|(i, t)| charts::Band {
            label: t.name.get(ui.lang).to_string(),
            from: t.min_score.as_f64(),
            colour: charts::tier_colour(i, count),
        })
        .collect();
    let name = &ctx.region_of(latest).name;
    let title = ui.fill("chart_history_title", &[("name", name)]);
    let labels =
        charts::Labels { id: "grafik-riwayat", title: &title, desc: &ui.t("chart_history_desc") };
    Some(charts::score_line(&labels, &points, rubric.max_score.as_f64(), &bands))
}

/// Tier names of every rubric, lowest first, each once.
pub(super) fn tier_series(ctx: &Ctx<'_>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for rubric in &ctx.site().rubrics {
        for tier in &rubric.tiers {
            let name = tier.name.get(ctx.ui.lang).to_string();
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// The chart series of `labels`: the first `tiers` on the blue scale, the rest grey.
pub(super) fn chart_series(labels: &[String], tiers: usize) -> Vec<charts::Series> {
    let colour = |i| if i < tiers { charts::tier_colour(i, tiers) } else { charts::NONE_COLOUR };
    labels
        .iter()
        .enumerate()
        .map(|(i, label)| charts::Series { label: label.clone(), colour: colour(i) })
        .collect()
}

/// Regions per official predikat in each year, as a stacked chart and its table.
pub(super) fn distribution(ctx: &Ctx<'_>) -> Option<Distribution> {
    if ctx.by_year.is_empty() {
        return None;
    }
    let ui = &ctx.ui;
    let mut series = tier_series(ctx);
    let tiers = series.len();
    series.push(ui.t("chart_no_official"));
    let rows: Vec<CountsRow> = ctx
        .by_year
        .iter()
        .map(|(year, evs)| {
            let mut counts = vec![0; series.len()];
            for ev in evs {
                let name = ev.official.as_deref().map(|o| ui.tier_name(ctx.rubric_of(ev), Some(o)));
                let at = name.and_then(|n| series.iter().position(|s| *s == n)).unwrap_or(tiers);
                counts[at] += 1;
            }
            CountsRow { label: year.to_string(), counts, svg: None }
        })
        .collect();
    let chart_series = chart_series(&series, tiers);
    let stacks: Vec<charts::Stack> = rows
        .iter()
        .map(|r| charts::Stack { label: r.label.clone(), counts: r.counts.clone() })
        .collect();
    let caption = ui.t("chart_distribution_title");
    let labels = charts::Labels {
        id: "grafik-sebaran",
        title: &caption,
        desc: &ui.t("chart_distribution_desc"),
    };
    let svg = charts::stacked(&labels, &chart_series, &stacks);
    Some(Distribution { svg, caption, series, rows })
}

/// Per province, its regions by latest predikat (computed, else official; or not evaluated).
pub(super) fn province_multiples(ctx: &Ctx<'_>) -> Multiples {
    let ui = &ctx.ui;
    let mut series = tier_series(ctx);
    let tiers = series.len();
    series.push(ui.t("no_predikat"));
    series.push(ui.t("chart_not_evaluated"));
    let chart_series = chart_series(&series, tiers);
    let colours: Vec<&'static str> = chart_series.iter().map(|s| s.colour).collect();
    let rows = ctx
        .by_province
        .iter()
        .enumerate()
        .map(|(n, (province, regions))| {
            let mut counts = vec![0; series.len()];
            for &i in regions {
                let at = match ctx.latest_of(i) {
                    Some(ev) => {
                        let name = latest_predikat(ctx, ev);
                        series.iter().position(|s| *s == name).unwrap_or(tiers)
                    }
                    None => tiers + 1,
                };
                counts[at] += 1;
            }
            let desc: Vec<String> = series
                .iter()
                .zip(&counts)
                .filter(|(_, c)| **c > 0)
                .map(|(s, c)| format!("{s}: {c}"))
                .collect();
            let title = ui.fill("chart_province_title", &[("province", province)]);
            let id = format!("grafik-provinsi-{n}");
            let labels = charts::Labels { id: &id, title: &title, desc: &desc.join(", ") };
            CountsRow {
                label: province.to_string(),
                svg: Some(charts::mini_stack(&labels, &chart_series, &counts)),
                counts,
            }
        })
        .collect();
    Multiples { series, colours, rows }
}
