//! The official record on the pages: each year's announced results with the
//! coverage of this record, the record's years at a glance (home, the awards
//! index, province pages) and a region's official history.
//!
//! "Not awarded" is said only where a complete list of the region's province
//! (as it was that year) says so; elsewhere a missing result is "not in the
//! record". A conflict between sources shows every predikat with its sources.

use serde::Serialize;

use crate::model::record::{claimed, standing};
use crate::model::{Announcement, Claim, Region};
use crate::render::routes;
use crate::render::views::{Ctx, Link};

use super::common::Job;
use super::maps::{MapView, national_map};
use super::predikat::{standing_text, tier_name, year_tier};

/// One source, as a link with its outlet and date.
#[derive(Serialize)]
pub(super) struct SourceLink {
    pub(super) url: Option<String>,
    pub(super) label: String,
    pub(super) date: Option<String>,
    pub(super) note: Option<String>,
    /// The predikat this source gives (shown beside it in a conflict).
    pub(super) predikat: String,
}

/// One year of a region's official history.
#[derive(Serialize)]
pub(super) struct RecordRow {
    pub(super) year: u16,
    pub(super) year_url: Option<String>,
    /// `awarded`, `conflict`, `not-awarded`, `not-in-record`, `no-announcement`.
    pub(super) standing: &'static str,
    pub(super) text: String,
    /// The name the region had that year, when it differs from today's.
    pub(super) as_then: Option<String>,
    pub(super) sources: Vec<SourceLink>,
}

/// How much of one year's announced results this record holds.
#[derive(Serialize)]
pub(super) struct Coverage {
    pub(super) year: u16,
    pub(super) url: String,
    pub(super) held: bool,
    pub(super) announced: String,
    pub(super) recorded: usize,
    pub(super) text: String,
    pub(super) complete_provinces: Vec<String>,
}

/// A count per predikat: announced and recorded.
#[derive(Serialize)]
pub(super) struct TierCount {
    pub(super) name: String,
    pub(super) announced: String,
    pub(super) recorded: usize,
}

/// One result in a year's table.
#[derive(Serialize)]
pub(super) struct ResultRow {
    pub(super) name: String,
    pub(super) as_then: Option<String>,
    pub(super) url: String,
    pub(super) province: String,
    pub(super) kind: String,
    pub(super) predikat: String,
    pub(super) predikat_key: String,
    pub(super) conflict: bool,
    pub(super) sources: Vec<SourceLink>,
}

/// Figures a source gave that differ from the announcement's.
#[derive(Serialize)]
pub(super) struct ReportedView {
    pub(super) source: SourceLink,
    pub(super) figures: String,
}

#[derive(Serialize)]
pub(super) struct AwardYearView {
    pub(super) heading: String,
    pub(super) back: Link,
    pub(super) held: bool,
    pub(super) facts: Vec<(String, String)>,
    pub(super) note: Option<String>,
    pub(super) coverage: String,
    pub(super) tiers: Vec<TierCount>,
    pub(super) reported: Vec<ReportedView>,
    pub(super) sources: Vec<SourceLink>,
    pub(super) complete: Vec<CompleteView>,
    pub(super) rows: Vec<ResultRow>,
    pub(super) row_count: usize,
    /// The year's results on the national map (the table below is its data).
    pub(super) map: Option<MapView>,
}

#[derive(Serialize)]
pub(super) struct CompleteView {
    pub(super) scope: String,
    pub(super) sources: Vec<SourceLink>,
}

#[derive(Serialize)]
pub(super) struct AwardsView {
    pub(super) intro: String,
    pub(super) years: Vec<Coverage>,
}

/// Every year the record speaks of: announcement years and years with a result.
pub(super) fn record_years(ctx: &Ctx<'_>) -> Vec<u16> {
    ctx.record_counts().years.clone()
}

fn source_link(ctx: &Ctx<'_>, year: u16, claim: &Claim) -> SourceLink {
    let source = &claim.source;
    let label = source
        .outlet
        .clone()
        .or_else(|| source.url.as_deref().and_then(host).map(str::to_string))
        .unwrap_or_else(|| ctx.ui.t("record_source"));
    SourceLink {
        url: source.url.clone(),
        label,
        date: source.date.as_deref().map(|d| ctx.ui.date(d)),
        note: source.note.clone(),
        predikat: if claim.predikat.is_empty() {
            String::new()
        } else {
            year_tier(ctx, year, &claim.predikat)
        },
    }
}

/// The host of a URL, for a source without an outlet name.
fn host(url: &str) -> Option<&str> {
    url.split("://").nth(1)?.split('/').next()
}

fn plain_source(ctx: &Ctx<'_>, year: u16, source: &crate::model::Source) -> SourceLink {
    source_link(ctx, year, &Claim { predikat: String::new(), source: source.clone() })
}

/// A region's official history, newest year first.
pub(super) fn record_rows(ctx: &Ctx<'_>, region: &Region) -> Vec<RecordRow> {
    let site = ctx.site();
    let mut years: Vec<u16> = site.announcements.iter().map(|a| a.year).collect();
    years.extend(region.evaluations.iter().filter(|e| !e.claims.is_empty()).map(|e| e.year));
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .rev()
        .map(|year| {
            let announcement = site.announcement(year);
            let s = standing(region, year, announcement);
            let claims = region.evaluations.iter().find(|e| e.year == year).map(|e| &e.claims[..]);
            let name_then = region.name_in(year);
            RecordRow {
                year,
                year_url: announcement
                    .filter(|a| a.held)
                    .map(|_| ctx.ui.url(&routes::award_year(year))),
                standing: s.id(),
                text: standing_text(ctx, year, &s),
                as_then: (name_then != region.name).then(|| name_then.to_string()),
                sources: claims
                    .unwrap_or_default()
                    .iter()
                    .map(|c| source_link(ctx, year, c))
                    .collect(),
            }
        })
        .collect()
}

/// The record's coverage of one year.
pub(super) fn coverage(ctx: &Ctx<'_>, year: u16) -> Coverage {
    let site = ctx.site();
    let announcement = site.announcement(year);
    let recorded = ctx.record_counts().recorded.get(&year).copied().unwrap_or(0);
    let held = announcement.is_none_or(|a| a.held);
    let announced = announcement.and_then(|a| a.totals.total);
    let text = match (held, announced) {
        (false, _) => ctx.ui.t("record_no_announcement"),
        (true, Some(n)) => ctx.ui.fill(
            "record_coverage",
            &[("announced", &n.to_string()), ("recorded", &recorded.to_string())],
        ),
        (true, None) => {
            ctx.ui.fill("record_coverage_unknown", &[("recorded", &recorded.to_string())])
        }
    };
    Coverage {
        year,
        url: ctx.ui.url(&routes::award_year(year)),
        held,
        announced: announced.map_or_else(|| ctx.ui.t("dash"), |n| n.to_string()),
        recorded,
        text,
        complete_provinces: announcement
            .map(|a| {
                a.complete.iter().filter(|c| c.covers.is_none()).map(|c| scope(ctx, c)).collect()
            })
            .unwrap_or_default(),
    }
}

fn scope(ctx: &Ctx<'_>, list: &crate::model::record::CompleteList) -> String {
    let place = list.province.clone().unwrap_or_else(|| ctx.ui.t("record_nation"));
    match &list.covers {
        None => place,
        Some(tier) => format!("{place} ({})", tier_name(ctx, ctx.site().rubrics.last(), tier)),
    }
}

/// The regions with a result in `year`, with their claims.
fn results_of(site: &crate::model::Site, year: u16) -> impl Iterator<Item = (usize, &[Claim])> {
    site.regions.iter().enumerate().filter_map(move |(i, r)| {
        let e = r.evaluations.iter().find(|e| e.year == year)?;
        (!e.claims.is_empty()).then_some((i, &e.claims[..]))
    })
}

/// `/penghargaan/`: every year of the record with its coverage.
pub(super) fn awards_index<'a>(ctx: &Ctx<'a>) -> Job<'a> {
    let years = record_years(ctx).into_iter().rev().map(|y| coverage(ctx, y)).collect();
    let view = AwardsView { intro: ctx.ui.t("awards_intro"), years };
    Job::new(routes::awards(), "awards.html", ctx.ui.t("awards_title"), &view)
}

/// `/penghargaan/<year>/`: the year's announcement and every result in the record.
pub(super) fn award_year<'a>(ctx: &Ctx<'a>, year: u16) -> Job<'a> {
    let site = ctx.site();
    let ui = &ctx.ui;
    let announcement = site.announcement(year);
    let cov = coverage(ctx, year);
    let rows = result_rows(ctx, year);
    let mut view = AwardYearView {
        heading: ui.fill("awards_year_title", &[("year", &year.to_string())]),
        back: Link { label: ui.t("awards_title"), url: ui.url(&routes::awards()) },
        held: cov.held,
        facts: announcement.map(|a| facts(ctx, a)).unwrap_or_default(),
        note: announcement.and_then(|a| a.note.clone()),
        coverage: cov.text,
        tiers: tier_counts(ctx, year, announcement, &rows),
        reported: Vec::new(),
        sources: announcement
            .map(|a| a.sources.iter().map(|s| plain_source(ctx, year, s)).collect())
            .unwrap_or_default(),
        complete: Vec::new(),
        row_count: rows.len(),
        rows,
        map: national_map(ctx, year, true),
    };
    if let Some(a) = announcement {
        view.reported = a
            .reported
            .iter()
            .map(|r| ReportedView {
                source: plain_source(ctx, year, &r.source),
                figures: figures(ctx, year, &r.totals),
            })
            .collect();
        view.complete = a
            .complete
            .iter()
            .map(|c| CompleteView {
                scope: scope(ctx, c),
                sources: c.sources.iter().map(|s| plain_source(ctx, year, s)).collect(),
            })
            .collect();
    }
    let title = view.heading.clone();
    Job::new(routes::award_year(year), "award_year.html", title, &view)
}

fn facts(ctx: &Ctx<'_>, a: &Announcement) -> Vec<(String, String)> {
    let ui = &ctx.ui;
    let mut facts = Vec::new();
    if let Some(date) = &a.date {
        facts.push((ui.t("awards_date"), ui.date(date)));
    }
    if let Some(event) = &a.event {
        facts.push((ui.t("awards_event"), event.clone()));
    }
    if let Some(decree) = &a.decree {
        facts.push((ui.t("awards_decree"), decree.clone()));
    }
    facts
}

/// "total 320, madya 121": the figures a source gave.
fn figures(ctx: &Ctx<'_>, year: u16, totals: &crate::model::record::Totals) -> String {
    let mut parts = Vec::new();
    if let Some(total) = totals.total {
        parts.push(format!("{} {total}", ctx.ui.t("awards_total")));
    }
    for (tier, n) in &totals.by_tier {
        parts.push(format!("{} {n}", year_tier(ctx, year, tier)));
    }
    parts.join(", ")
}

fn tier_counts(
    ctx: &Ctx<'_>,
    year: u16,
    announcement: Option<&Announcement>,
    rows: &[ResultRow],
) -> Vec<TierCount> {
    let Some((_, rubric)) = ctx.site().rubric_for(year) else { return Vec::new() };
    let mut counts: Vec<TierCount> = rubric
        .tiers
        .iter()
        .map(|t| TierCount {
            name: ctx.ui.tier_name(rubric, Some(&t.id)),
            announced: announcement
                .and_then(|a| a.totals.by_tier.get(&*t.id))
                .map_or_else(|| ctx.ui.t("dash"), u32::to_string),
            recorded: rows.iter().filter(|r| !r.conflict && r.predikat_key == *t.id).count(),
        })
        .collect();
    let conflicts = rows.iter().filter(|r| r.conflict).count();
    if conflicts > 0 {
        counts.push(TierCount {
            name: ctx.ui.t("record_conflicts"),
            announced: ctx.ui.t("dash"),
            recorded: conflicts,
        });
    }
    counts
}

fn result_rows(ctx: &Ctx<'_>, year: u16) -> Vec<ResultRow> {
    let site = ctx.site();
    let mut rows: Vec<ResultRow> = results_of(site, year)
        .map(|(i, claims)| {
            let region = &site.regions[i];
            let tiers = claimed(claims);
            let conflict = tiers.len() > 1;
            let name_then = region.name_in(year);
            ResultRow {
                name: region.name.clone(),
                as_then: (name_then != region.name).then(|| name_then.to_string()),
                url: ctx.region_url(i),
                province: region.province_in(year).to_string(),
                kind: ctx.ui.kind(region.kind),
                predikat: if conflict {
                    let names: Vec<String> =
                        tiers.iter().map(|t| year_tier(ctx, year, t)).collect();
                    ctx.ui.fill("record_conflict", &[("predikat", &names.join(" / "))])
                } else {
                    year_tier(ctx, year, tiers[0])
                },
                predikat_key: if conflict { "conflict".into() } else { tiers[0].to_string() },
                conflict,
                sources: claims.iter().map(|c| source_link(ctx, year, c)).collect(),
            }
        })
        .collect();
    let order = |r: &ResultRow| {
        ctx.site()
            .rubric_for(year)
            .and_then(|(_, rb)| rb.tiers.iter().position(|t| *t.id == r.predikat_key))
    };
    rows.sort_by(|a, b| order(b).cmp(&order(a)).then_with(|| a.name.cmp(&b.name)));
    rows
}

/// A province's record, year by year: its results and whether its list is complete.
#[derive(Serialize)]
pub(super) struct ProvinceYear {
    pub(super) year: u16,
    pub(super) url: String,
    pub(super) text: String,
}

pub(super) fn province_record(ctx: &Ctx<'_>, province: &str) -> Vec<ProvinceYear> {
    let counts = ctx.record_counts();
    counts
        .years
        .iter()
        .rev()
        .map(|&year| {
            let announcement = ctx.site().announcement(year);
            let (total, recorded) =
                counts.by_province.get(&(year, province.to_string())).copied().unwrap_or_default();
            let counts = [("recorded", recorded.to_string()), ("total", total.to_string())];
            let args: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let text = match announcement {
                Some(a) if !a.held => ctx.ui.t("record_no_announcement"),
                Some(a) if a.complete_for(province).is_some() => {
                    ctx.ui.fill("record_province_complete", &args)
                }
                _ => ctx.ui.fill("record_province_partial", &args),
            };
            ProvinceYear { year, url: ctx.ui.url(&routes::award_year(year)), text }
        })
        .collect()
}
