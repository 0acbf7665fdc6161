//! The maps of the pages: the nation's regions by their official predikat of
//! a year (the home page, each year's page) and a province's regions on a
//! map of their own (its page), with a legend that counts each colour.
//!
//! A region's colour and words are its standing in the record
//! (`model::record::standing`): a predikat, a conflict between sources,
//! "not awarded" (a complete list says so) or "not in the record".

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::record::{Standing, standing};
use crate::render::charts;
use crate::render::map::{self, Area, Fill};
use crate::render::palette;
use crate::render::routes;
use crate::render::views::{Ctx, Link};

use super::predikat::standing_text;

/// A map with its legend, ready for a template.
#[derive(Serialize)]
pub(super) struct MapView {
    pub(super) svg: String,
    pub(super) caption: String,
    pub(super) year: u16,
    pub(super) legend: Vec<LegendItem>,
    /// Where the same facts are a table (the year's results), when not on this page.
    pub(super) table: Option<Link>,
    /// Every province's page, with its own map (the national map only):
    /// small cities are a few pixels nationally.
    pub(super) provinces: Vec<Link>,
    /// Each region's standing, for the table beside a province's map.
    pub(super) rows: Vec<MapRow>,
}

/// One colour of a legend and how many regions have it.
#[derive(Serialize)]
pub(super) struct LegendItem {
    pub(super) label: String,
    /// The swatch's CSS `background`.
    pub(super) swatch: String,
    pub(super) count: usize,
}

/// One region of a province's map, as its table shows it.
#[derive(Serialize)]
pub(super) struct MapRow {
    pub(super) name: String,
    pub(super) url: String,
    pub(super) text: String,
}

/// The year the home page and province pages map: the latest year whose
/// results were announced, else the latest year with a result. Depends on
/// the announcements and, without them, on every region's record (`kla
/// serve` renders everything when it changes).
pub(crate) fn map_year(site: &crate::model::Site) -> Option<u16> {
    let announced = site.announcements.iter().filter(|a| a.held).map(|a| a.year).max();
    announced.or_else(|| {
        let results = site.regions.iter().flat_map(|r| &r.evaluations);
        results.filter(|e| !e.claims.is_empty()).map(|e| e.year).max()
    })
}

/// The legend's entries: the year's predikat lowest first, then the states
/// that are not a predikat.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Tier(usize),
    NotAwarded,
    NotInRecord,
    Conflict,
    NoAnnouncement,
}

fn key_of(ctx: &Ctx<'_>, year: u16, s: &Standing<'_>) -> Key {
    let tiers = ctx.site().rubric_for(year).map(|(_, r)| &r.tiers[..]).unwrap_or_default();
    match s {
        Standing::Awarded(id) => {
            tiers.iter().position(|t| *t.id == **id).map_or(Key::NotInRecord, Key::Tier)
        }
        Standing::Conflict(_) => Key::Conflict,
        Standing::NotAwarded => Key::NotAwarded,
        Standing::NotInRecord => Key::NotInRecord,
        Standing::NoAnnouncement => Key::NoAnnouncement,
    }
}

fn fill_of(ctx: &Ctx<'_>, year: u16, key: Key) -> Fill {
    let count = ctx.site().rubric_for(year).map_or(0, |(_, r)| r.tiers.len());
    match key {
        Key::Tier(i) => Fill::Colour(palette::tier(i, count)),
        Key::NotAwarded => Fill::Colour(palette::NOT_AWARDED),
        Key::NotInRecord => Fill::Hatched,
        Key::Conflict => Fill::Colour(palette::CONFLICT),
        Key::NoAnnouncement => Fill::Colour(palette::NOT_IN_RECORD),
    }
}

fn key_label(ctx: &Ctx<'_>, year: u16, key: Key) -> String {
    match key {
        Key::Tier(i) => ctx
            .site()
            .rubric_for(year)
            .map(|(_, r)| ctx.ui.tier_name(r, Some(&r.tiers[i].id)))
            .unwrap_or_default(),
        Key::NotAwarded => ctx.ui.t("record_not_awarded"),
        Key::NotInRecord => ctx.ui.t("record_not_in_record"),
        Key::Conflict => ctx.ui.t("record_conflicts"),
        Key::NoAnnouncement => ctx.ui.t("record_no_announcement"),
    }
}

/// The map of `members` (regions by index) in `year` on `drawn`, with the
/// legend of what it shows; `id` prefixes its element ids.
fn map_of(
    ctx: &Ctx<'_>,
    drawn: &map::Drawn,
    members: &[usize],
    year: u16,
    (id, caption): (&str, String),
) -> (String, Vec<LegendItem>, Vec<MapRow>) {
    let site = ctx.site();
    let announcement = site.announcement(year);
    let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
    let mut areas: Vec<(usize, Area<'_>)> = Vec::new();
    let mut rows = Vec::new();
    let urls: Vec<String> = members.iter().map(|&i| ctx.region_url(i)).collect();
    for (&i, url) in members.iter().zip(&urls) {
        let region = &site.regions[i];
        let s = standing(region, year, announcement);
        let key = key_of(ctx, year, &s);
        let text = standing_text(ctx, year, &s);
        rows.push(MapRow { name: region.name.clone(), url: url.clone(), text: text.clone() });
        let Some(d) = drawn.paths[i].as_deref() else { continue };
        *counts.entry(key).or_default() += 1;
        let label = format!("{} \u{2014} {text} {year}", region.name);
        areas.push((d.len(), Area { d, href: url, label, fill: fill_of(ctx, year, key) }));
    }
    // Large outlines first, so the small ones (and the markers of cities) lie on top.
    areas.sort_by_key(|a| std::cmp::Reverse(a.0));
    let areas: Vec<Area<'_>> = areas.into_iter().map(|(_, a)| a).collect();
    let desc = ctx.ui.fill("map_desc", &[("year", &year.to_string())]);
    let labels = charts::Labels { id, title: &caption, desc: &desc };
    let svg = map::svg(&labels, drawn.size, &areas);
    let tiers = site.rubric_for(year).map_or(0, |(_, r)| r.tiers.len());
    // The whole scale is always shown, so a reader can read any colour.
    let mut keys: Vec<Key> = (0..tiers).map(Key::Tier).collect();
    keys.extend([Key::NotAwarded, Key::NotInRecord]);
    keys.extend(counts.keys().filter(|k| !keys.contains(k)).copied().collect::<Vec<_>>());
    let legend = keys
        .into_iter()
        .map(|key| LegendItem {
            label: key_label(ctx, year, key),
            swatch: fill_of(ctx, year, key).swatch(),
            count: counts.get(&key).copied().unwrap_or(0),
        })
        .collect();
    (svg, legend, rows)
}

/// The national map of `year`'s official results, or `None` when the site
/// has no boundaries or no results were announced that year.
pub(super) fn national_map(ctx: &Ctx<'_>, year: u16, on_year_page: bool) -> Option<MapView> {
    if ctx.site().announcement(year).is_some_and(|a| !a.held) {
        return None;
    }
    let drawn = ctx.national_map()?;
    let all: Vec<usize> = (0..ctx.site().regions.len()).collect();
    let caption = ctx.ui.fill("map_national_title", &[("year", &year.to_string())]);
    let (svg, legend, _) = map_of(ctx, drawn, &all, year, ("peta", caption.clone()));
    Some(MapView {
        svg,
        caption,
        year,
        legend,
        table: (!on_year_page).then(|| Link {
            label: ctx.ui.fill("map_table", &[("year", &year.to_string())]),
            url: ctx.ui.url(&routes::award_year(year)),
        }),
        provinces: ctx.by_province.keys().map(|p| ctx.province_link(p)).collect(),
        rows: Vec::new(),
    })
}

/// A province's own map of the map year, with the table of its regions' standing.
pub(super) fn province_map(ctx: &Ctx<'_>, province: &str) -> Option<MapView> {
    let year = map_year(ctx.site())?;
    let members = &ctx.by_province[province];
    let drawn = map::province(ctx.site(), members)?;
    let caption =
        ctx.ui.fill("map_province_title", &[("province", province), ("year", &year.to_string())]);
    let (svg, legend, rows) =
        map_of(ctx, &drawn, members, year, ("peta-provinsi", caption.clone()));
    Some(MapView { svg, caption, year, legend, table: None, provinces: Vec::new(), rows })
}
