//! The regions index and each region's profile: its evaluations, history, gaps, narratives and nearest peers.

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::model::{Points, Region, Rubric};
use crate::render::index::{Index, Latest, SameRegion};
use crate::render::routes;
use crate::render::views::{
    Ctx, Link, RankRow, RowFacts, TrendView, format_decimal, format_percent,
};
use crate::score::ScoredEvaluation;

use super::common::{Job, NarrativeHtml, untranslated};
use super::figures::{cluster_chart, history_chart};
use super::paging::{PageAt, Pager, paged_title, pager};
use super::predikat::{latest_predikat, shown_predikat};
use super::record::{RecordRow, record_rows};

#[derive(Serialize)]
pub(super) struct RegionGroup<'a> {
    pub(super) province: Link,
    pub(super) regions: Vec<Link>,
    pub(super) count: usize,
    pub(super) rows: Vec<RankRow<'a>>,
}

#[derive(Serialize)]
pub(super) struct RegionsView<'a> {
    pub(super) intro: String,
    pub(super) groups: Vec<RegionGroup<'a>>,
    /// Links to the index's other pages when the site has more regions than one holds.
    pub(super) pager: Option<Pager>,
}

/// Page `at` of the index of all regions, grouped by province: a page can
/// end inside a province, and the next page opens with that province again.
pub(super) fn regions_index<'a>(ctx: &Ctx<'a>, at: PageAt) -> Job<'a> {
    let shown = at.rows(ctx.site().regions.len());
    let mut start = 0;
    let groups = ctx
        .by_province
        .iter()
        .filter_map(|(province, regions)| {
            let first = start;
            start += regions.len();
            let from = shown.start.max(first) - first;
            let to = shown.end.min(start).saturating_sub(first);
            (from < to).then(|| RegionGroup {
                province: ctx.province_link(province),
                regions: regions[from..to]
                    .iter()
                    .map(|&i| {
                        let r = &ctx.site().regions[i];
                        Link { label: r.name.clone(), url: ctx.region_url(i) }
                    })
                    .collect(),
                count: regions.len(),
                rows: Vec::new(),
            })
        })
        .collect();
    let view = RegionsView {
        intro: ctx.ui.t("regions_intro"),
        groups,
        pager: pager(ctx, &routes::regions(), at),
    };
    let title = paged_title(ctx, ctx.ui.t("regions_title"), at);
    Job::new(routes::paged(&routes::regions(), at.n), "regions.html", title, &view)
}

#[derive(Serialize)]
pub(super) struct ClusterRow {
    pub(super) name: String,
    pub(super) points: String,
    pub(super) max: String,
    pub(super) percent: String,
    pub(super) rank_national: Option<String>,
    pub(super) rank_province: Option<String>,
    pub(super) ranking_url: String,
}

#[derive(Serialize)]
pub(super) struct IndicatorRow<'a> {
    pub(super) name: &'a str,
    pub(super) cluster: &'a str,
    /// The first row of its cluster: the table opens a cluster group here.
    pub(super) first_in_cluster: bool,
    pub(super) points: String,
    pub(super) max: String,
    pub(super) missing: bool,
    pub(super) value: Option<String>,
    pub(super) data_year: Option<u16>,
    pub(super) source: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct GapView {
    pub(super) text: String,
    pub(super) failing_gates: Vec<String>,
    pub(super) open: Vec<OpenRow>,
}

#[derive(Serialize)]
pub(super) struct OpenRow {
    pub(super) name: String,
    pub(super) open: String,
}

#[derive(Serialize)]
pub(super) struct EvaluationView<'a> {
    pub(super) year: u16,
    pub(super) heading: String,
    pub(super) ranking_url: String,
    pub(super) computed: bool,
    pub(super) predikat: String,
    pub(super) total: String,
    pub(super) max: String,
    pub(super) percent: String,
    pub(super) official: Option<String>,
    pub(super) mismatch: bool,
    pub(super) incomplete: bool,
    pub(super) illustrative: bool,
    pub(super) self_assessment: Option<String>,
    pub(super) rank_national: Option<String>,
    pub(super) rank_province: Option<String>,
    pub(super) province_ranking_url: String,
    pub(super) clusters: Vec<ClusterRow>,
    pub(super) indicators: Vec<IndicatorRow<'a>>,
    pub(super) gap: Option<GapView>,
    pub(super) top_tier: bool,
    pub(super) source: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct HistoryRow<'a> {
    pub(super) year: u16,
    pub(super) ranking_url: String,
    pub(super) rubric: &'a str,
    pub(super) total: String,
    pub(super) predikat: String,
    pub(super) official: String,
    pub(super) trend: TrendView,
    pub(super) source: Option<&'a str>,
    pub(super) illustrative: bool,
}

#[derive(Serialize)]
pub(super) struct YearNarrative<'a> {
    pub(super) heading: String,
    pub(super) html: &'a str,
    pub(super) untranslated: bool,
}

#[derive(Serialize)]
pub(super) struct PeerRow<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) predikat: String,
    pub(super) year: Option<u16>,
}

#[derive(Serialize)]
pub(super) struct RegionView<'a> {
    pub(super) name: &'a str,
    pub(super) kind: String,
    pub(super) province: Link,
    pub(super) code: &'a str,
    pub(super) latest: Option<EvaluationView<'a>>,
    pub(super) history: Vec<HistoryRow<'a>>,
    /// The official record, year by year.
    pub(super) record: Vec<RecordRow>,
    pub(super) narrative: Option<&'a str>,
    pub(super) narrative_untranslated: bool,
    pub(super) narrative_date: Option<String>,
    pub(super) year_narratives: Vec<YearNarrative<'a>>,
    pub(super) peers: Vec<PeerRow<'a>>,
    /// Set when the province has more peers than shown: a link to its page.
    pub(super) peers_more: Option<Link>,
    pub(super) data_json: String,
    /// The comparison page with this region already chosen.
    pub(super) compare_url: String,
    /// The region's badge and the snippet that embeds it, linked to this profile.
    pub(super) badge: BadgeEmbed,
    /// Inline SVG: the latest evaluation's points per cluster.
    pub(super) cluster_chart: Option<String>,
    /// Inline SVG: the score over the years, over the predikat bands.
    pub(super) history_chart: Option<String>,
}

/// What a region's profile shows of the scored site: the region itself, its
/// scored evaluations, its peers and how many regions its province has.
/// The profile is built from this value, besides the site's configuration,
/// rubrics and announcements and the theme's words, which a rebuild never
/// keeps across a change of; so a rebuild draws a profile again exactly
/// when this value differs (`render::reuse`).
#[derive(Debug, PartialEq)]
pub(crate) struct ProfileInputs<'a> {
    /// The region, with its narratives and official record.
    pub(crate) region: SameRegion<'a>,
    /// Its scored evaluations, by year.
    pub(crate) evaluations: Vec<&'a ScoredEvaluation>,
    /// The peers listed (see [`peer_window`]), without the region itself.
    pub(crate) peers: Vec<Peer<'a>>,
    /// How many regions its province has.
    pub(crate) province_size: usize,
}

/// A peer as a profile lists it.
#[derive(Debug, PartialEq)]
pub(crate) struct Peer<'a> {
    /// Its index in `site.regions` (its link).
    pub(crate) index: usize,
    pub(crate) name: &'a str,
    pub(crate) latest: Option<Latest<'a>>,
}

impl<'a> ProfileInputs<'a> {
    /// The inputs of the profile of the region at `i`.
    pub(crate) fn of(index: &Index<'a>, i: usize) -> Self {
        let region = &index.scored.site.regions[i];
        let province = region.province.as_str();
        let all = &index.by_province[province];
        let shown =
            peer_window(all, &index.province_ranked.0[province], index.province_ranked.1[i]);
        let peers = shown
            .iter()
            .filter(|&&p| p != i)
            .map(|&p| Peer {
                index: p,
                name: &index.scored.site.regions[p].name,
                latest: index.latest_shown(p),
            })
            .collect();
        ProfileInputs {
            region: SameRegion(region),
            evaluations: index.by_region[i].clone(),
            peers,
            province_size: all.len(),
        }
    }
}

/// A region's badge as its profile offers it to other sites.
#[derive(Serialize)]
pub(super) struct BadgeEmbed {
    /// The badge's address on this site, for the preview.
    pub(super) src: String,
    pub(super) alt: String,
    pub(super) width: u32,
    pub(super) height: u32,
    /// The HTML to paste: the badge, by its absolute address, in a link to the profile.
    pub(super) snippet: String,
}

fn badge_embed(ctx: &Ctx<'_>, region: &crate::model::Region) -> BadgeEmbed {
    use crate::render::badge;
    let ui = &ctx.ui;
    let base = &ctx.site().config.base_url;
    let words = (ui.t("record_not_in_record"), ui.t("record_conflicts"));
    let (predikat, year, _) = badge::describe(ctx.site(), region, ui.lang, (&words.0, &words.1));
    let alt = badge::BadgeText {
        name: &region.name,
        label: "",
        predikat: &predikat,
        year,
        site: "",
        fill: "",
    }
    .alt();
    let profile = routes::in_lang(&routes::region(&region.slug), ui.lang, ui.default_lang);
    let snippet = format!(
        "<a href=\"{href}\"><img src=\"{src}\" alt=\"{alt}\" width=\"{w}\" height=\"{h}\"></a>",
        href = routes::absolute(base, &profile),
        src = routes::absolute(base, &routes::badge(&region.slug)),
        alt = crate::render::feeds::xml_escape(&alt),
        w = badge::WIDTH,
        h = badge::HEIGHT,
    );
    BadgeEmbed {
        src: ui.url(&routes::badge(&region.slug)),
        alt,
        width: badge::WIDTH,
        height: badge::HEIGHT,
        snippet,
    }
}

/// A region's profile, its narratives rendered on the way (their problems are the error).
pub(super) fn region_profile<'a>(
    ctx: &Ctx<'a>,
    index: usize,
    narratives: &NarrativeHtml<'_>,
) -> Result<Job<'a>, Diagnostics> {
    let html = (narratives.regions)(index)?;
    let inputs = ProfileInputs::of(&ctx.index, index);
    let region: &Region = inputs.region.0;
    let evs = &inputs.evaluations;
    let view = RegionView {
        name: &region.name,
        kind: ctx.ui.kind(region.kind),
        province: ctx.province_link(&region.province),
        code: &region.code,
        latest: evs.last().map(|ev| evaluation_view(ctx, ev)),
        history: evs.iter().rev().map(|ev| history_row(ctx, ev)).collect(),
        record: record_rows(ctx, region),
        narrative: html.region.as_deref(),
        narrative_untranslated: region.narrative.as_ref().is_some_and(|n| untranslated(ctx, n)),
        narrative_date: region
            .narrative
            .as_ref()
            .and_then(|n| n.in_lang(ctx.ui.lang).unwrap_or(n).date.as_deref())
            .map(|d| ctx.ui.date(d)),
        year_narratives: evs
            .iter()
            .rev()
            .filter_map(|ev| {
                let html = html.evaluations.get(&ev.evaluation)?;
                let heading =
                    ctx.ui.fill("region_year_narrative", &[("year", &ev.year.to_string())]);
                let untranslated = region
                    .evaluations
                    .get(ev.evaluation)
                    .and_then(|e| e.narrative.as_ref())
                    .is_some_and(|n| untranslated(ctx, n));
                Some(YearNarrative { heading, html, untranslated })
            })
            .collect(),
        peers: peers(ctx, &inputs.peers),
        peers_more: peers_more(ctx, &region.province, inputs.province_size),
        data_json: ctx.ui.url(&routes::region_json(&region.slug)),
        compare_url: format!("{}?w={}", ctx.ui.url(&routes::compare()), region.slug),
        badge: badge_embed(ctx, region),
        cluster_chart: evs.last().and_then(|ev| cluster_chart(ctx, ev)),
        history_chart: history_chart(ctx, evs),
    };
    let description = region_description(ctx, region, evs.last().copied());
    let mut job = Job::new(routes::region(&region.slug), "region.html", region.name.clone(), &view)
        .described(description);
    job.image = Some(routes::share_image(&region.slug));
    Ok(job)
}

/// "Kota Alpha (Provinsi Satu): predikat Utama, evaluasi 2021.", for meta tags.
pub(super) fn region_description(
    ctx: &Ctx<'_>,
    region: &Region,
    latest: Option<&ScoredEvaluation>,
) -> String {
    match latest {
        Some(ev) => ctx.ui.fill(
            "region_description",
            &[
                ("name", &region.name),
                ("province", &region.province),
                ("predikat", &latest_predikat(ctx, ev)),
                ("year", &ev.year.to_string()),
            ],
        ),
        None => ctx.ui.fill(
            "region_description_none",
            &[("name", &region.name), ("province", &region.province)],
        ),
    }
}

pub(super) fn evaluation_view<'a>(ctx: &Ctx<'a>, ev: &'a ScoredEvaluation) -> EvaluationView<'a> {
    let ui = &ctx.ui;
    let region = ctx.region_of(ev);
    let rubric = ctx.rubric_of(ev);
    let evaluation = region.evaluations.get(ev.evaluation);
    let computed = ev.computed.as_ref();
    let dash = ui.t("dash");
    EvaluationView {
        year: ev.year,
        heading: ui.fill("region_latest", &[("year", &ev.year.to_string())]),
        ranking_url: ui.url(&routes::ranking(ev.year)),
        computed: computed.is_some(),
        predikat: computed.map_or(dash.clone(), |c| ui.tier_name(rubric, c.predikat.as_deref())),
        total: computed.map_or(dash.clone(), |c| ui.points(c.total)),
        max: computed.map_or(dash.clone(), |c| ui.points(c.max)),
        percent: computed.map_or(dash, |c| format_percent(c.total.percent_of(c.max), ui.lang)),
        official: ev.official.as_deref().map(|o| ui.tier_name(rubric, Some(o))),
        mismatch: ev.mismatch,
        incomplete: computed.is_some_and(|c| !c.complete),
        illustrative: ctx.illustrative(ev),
        self_assessment: evaluation.and_then(|e| e.self_assessment).map(|p| ui.points(p)),
        rank_national: ui.rank_of(ev.ranks.national, ev.ranks.national_of),
        rank_province: ui.rank_of(ev.ranks.province, ev.ranks.province_of),
        province_ranking_url: ui.url(&routes::province_ranking(ev.year, &region.province)),
        clusters: computed.map(|c| cluster_rows(ctx, ev, rubric, c)).unwrap_or_default(),
        indicators: computed.map(|c| indicator_rows(ctx, ev, rubric, c)).unwrap_or_default(),
        gap: ev.gap.as_ref().map(|g| gap_view(ctx, rubric, g)),
        top_tier: computed.is_some_and(|c| {
            c.predikat.is_some() && c.predikat == rubric.tiers.last().map(|t| t.id.clone())
        }),
        source: ctx.source(ev),
    }
}

pub(super) fn cluster_rows(
    ctx: &Ctx<'_>,
    ev: &ScoredEvaluation,
    rubric: &Rubric,
    c: &crate::score::Computed,
) -> Vec<ClusterRow> {
    let ui = &ctx.ui;
    c.clusters
        .iter()
        .map(|cs| ClusterRow {
            name: rubric
                .cluster(&cs.id)
                .map_or_else(|| cs.id.to_string(), |cl| cl.name.get(ui.lang).to_string()),
            points: ui.points(cs.points),
            max: ui.points(cs.max),
            percent: format_percent(cs.points.percent_of(cs.max), ui.lang),
            rank_national: ui.rank_of(cs.rank_national, ev.ranks.national_of),
            rank_province: ui.rank_of(cs.rank_province, ev.ranks.province_of),
            ranking_url: ui.url(&routes::cluster_ranking(ev.year, &cs.id)),
        })
        .collect()
}

pub(super) fn indicator_rows<'a>(
    ctx: &Ctx<'a>,
    ev: &'a ScoredEvaluation,
    rubric: &'a Rubric,
    c: &'a crate::score::Computed,
) -> Vec<IndicatorRow<'a>> {
    let ui = &ctx.ui;
    c.indicators
        .iter()
        .enumerate()
        .map(|(n, is)| {
            let found = rubric.indicator(&is.id);
            let unit = found.and_then(|(_, i)| i.scale.as_ref()).map_or("", |s| s.unit.as_str());
            IndicatorRow {
                name: found.map_or(&*is.id, |(_, i)| i.name.get(ui.lang)),
                cluster: found.map_or(&*is.cluster, |(cl, _)| cl.name.get(ui.lang)),
                first_in_cluster: n == 0 || c.indicators[n - 1].cluster != is.cluster,
                points: ui.points(is.points),
                max: ui.points(is.max),
                missing: is.missing,
                value: is
                    .value
                    .as_ref()
                    .map(|m| with_unit(&format_decimal(m.value, 2, ui.lang), unit)),
                data_year: is.value.as_ref().map(|m| m.year.unwrap_or(ev.year)),
                // Only a measured value has a source of its own (or the
                // evaluation's); repeating the evaluation's source on every
                // points row would bury the ones that matter.
                source: is
                    .value
                    .as_ref()
                    .and_then(|m| m.source.as_deref().or_else(|| ctx.source(ev))),
            }
        })
        .collect()
}

/// `97,2%` but `12 hari`: a percent sign sticks to its number, other units do not.
pub(super) fn with_unit(number: &str, unit: &str) -> String {
    match unit {
        "" => number.to_string(),
        "%" => format!("{number}%"),
        other => format!("{number} {other}"),
    }
}

pub(super) fn gap_view(ctx: &Ctx<'_>, rubric: &Rubric, gap: &crate::score::Gap) -> GapView {
    let ui = &ctx.ui;
    let tier = ui.tier_name(rubric, Some(&gap.next));
    let gates = rubric.tier(&gap.next).map_or(&[][..], |t| t.gates.as_slice());
    GapView {
        text: ui.fill(
            "region_gap_points",
            &[("tier", &tier), ("points", &ui.points(gap.points_needed))],
        ),
        failing_gates: gap
            .failing_gates
            .iter()
            .map(|id| {
                let gate = gates.iter().find(|g| &g.cluster == id);
                gate_text(ctx, rubric, id, gate.map_or(Points::ZERO, |g| g.min_percent))
            })
            .collect(),
        open: gap
            .open
            .iter()
            .map(|o| OpenRow {
                name: rubric
                    .indicator(&o.id)
                    .map_or_else(|| o.id.to_string(), |(_, i)| i.name.get(ui.lang).to_string()),
                open: ui.points(o.open),
            })
            .collect(),
    }
}

/// "Perlindungan Khusus minimal 80%".
pub(super) fn gate_text(
    ctx: &Ctx<'_>,
    rubric: &Rubric,
    cluster: &str,
    min_percent: Points,
) -> String {
    let name = rubric.cluster(cluster).map_or(cluster, |c| c.name.get(ctx.ui.lang));
    let percent = format!("{}%", ctx.ui.points(min_percent));
    ctx.ui.fill("methodology_gate", &[("cluster", name), ("percent", &percent)])
}

pub(super) fn history_row<'a>(ctx: &Ctx<'a>, ev: &'a ScoredEvaluation) -> HistoryRow<'a> {
    let row = ctx.row(RowFacts::of(ctx, ev));
    HistoryRow {
        year: ev.year,
        ranking_url: ctx.ui.url(&routes::ranking(ev.year)),
        rubric: ctx.rubric_of(ev).title.get(ctx.ui.lang),
        total: row.total,
        predikat: row.predikat,
        official: row.official,
        trend: row.trend,
        source: ctx.source(ev),
        illustrative: row.illustrative,
    }
}

/// At most this many peers on a region page: a province of villages has thousands,
/// and listing them all on each of its pages makes the site quadratic in size.
pub(super) const MAX_PEERS: usize = 24;

/// The regions a profile lists as its province's (itself included): `all` of
/// them (in site order) when few, else the `MAX_PEERS + 1` around `position` in
/// `ranked` (the province by latest rank). One rule, shared with `kla serve`'s
/// planner, which must know which profiles an edit reaches.
pub(crate) fn peer_window<'v>(
    all: &'v [usize],
    ranked: &'v [usize],
    position: usize,
) -> &'v [usize] {
    if all.len() <= MAX_PEERS + 1 {
        return all;
    }
    let start = position.saturating_sub(MAX_PEERS / 2).min(ranked.len() - (MAX_PEERS + 1));
    &ranked[start..start + MAX_PEERS + 1]
}

/// The other regions of the province: all of them when few, else the `MAX_PEERS`
/// nearest in the province ranking.
pub(super) fn peers<'a>(ctx: &Ctx<'a>, peers: &[Peer<'a>]) -> Vec<PeerRow<'a>> {
    peers
        .iter()
        .map(|peer| PeerRow {
            name: peer.name,
            url: ctx.region_url(peer.index),
            predikat: peer.latest.map_or_else(|| ctx.ui.t("dash"), |l| shown_predikat(ctx, l)),
            year: peer.latest.map(|l| l.year),
        })
        .collect()
}

/// A link to the province page when the peer list is cut short.
pub(super) fn peers_more(ctx: &Ctx<'_>, province: &str, province_size: usize) -> Option<Link> {
    let count = province_size - 1;
    (count > MAX_PEERS).then(|| Link {
        label: ctx.ui.fill("region_peers_all", &[("count", &count.to_string())]),
        url: ctx.province_url(province),
    })
}
