//! `data/bandingkan.json`: what the comparison page (`/bandingkan/`) needs
//! of every region, and nothing more, in one small file shared by every
//! language (names of tiers and clusters come from the page itself).
//!
//! ```text
//! {"years":[2017,...],                 the record's years, ascending
//!  "tiers":["pratama",...],            tier ids, lowest first
//!  "clusters":["kelembagaan",...],     cluster ids of every rubric
//!  "regions":[[slug, name, province, record, extra?], ...]}
//! ```
//!
//! `record` has one character per year of `years`, where the region stands
//! in that year's record (`model::record::standing`): the index of the
//! awarded tier in `tiers` (`0`-`9`, then `a`-`z`), `!` sources disagree, `-`
//! not awarded, `?` not in this record, `_` no awards that year. `extra`,
//! only when there is something to say, holds `conflicts` (year: the tier
//! indices the sources give) and `score`, the latest computed evaluation
//! (points in hundredths, clusters in the order of `clusters`, `null` where
//! its rubric has no such cluster). Only files a region's record and scores
//! are read from: the site's regions, evaluations, announcements and rubrics.

use serde_json::{Map, Value, json};

use crate::model::Site;
use crate::model::record::{Standing, standing};
use crate::render::{OutputFile, routes};
use crate::score::{Scored, ScoredEvaluation};

/// The record's code of a standing in the `record` string of a region.
fn code(s: &Standing<'_>, tiers: &[&str]) -> char {
    match s {
        Standing::Awarded(id) => tier_code(tiers, id),
        Standing::Conflict(_) => '!',
        Standing::NotAwarded => '-',
        Standing::NotInRecord => '?',
        Standing::NoAnnouncement => '_',
    }
}

/// A tier's index in `tiers` as one character (`?` for an unknown tier,
/// which the load refuses anyway).
fn tier_code(tiers: &[&str], id: &str) -> char {
    tiers
        .iter()
        .position(|t| *t == id)
        .and_then(|i| char::from_digit(u32::try_from(i).ok()?, 36))
        .unwrap_or('?')
}

/// Every id `ids` gives over the rubrics, in order of first appearance.
fn union<'a>(
    site: &'a Site,
    ids: impl Fn(&'a crate::model::Rubric) -> Vec<&'a str>,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for rubric in &site.rubrics {
        for id in ids(rubric) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// The file: `data/bandingkan.json`, compact with a trailing newline.
pub(crate) fn compare_file(scored: &Scored) -> OutputFile {
    let site = &scored.site;
    let years = record_years(site);
    let tiers = union(site, |r| r.tiers.iter().map(|t| &*t.id).collect());
    let clusters = union(site, |r| r.clusters.iter().map(|c| &*c.id).collect());
    let mut latest: Vec<Option<&ScoredEvaluation>> = vec![None; site.regions.len()];
    for ev in scored.evaluations.iter().filter(|ev| ev.computed.is_some()) {
        if latest[ev.region].is_none_or(|l| l.year < ev.year) {
            latest[ev.region] = Some(ev);
        }
    }
    let regions: Vec<Value> = site
        .regions
        .iter()
        .zip(latest)
        .map(|(region, latest)| {
            let mut record = String::with_capacity(years.len());
            let mut conflicts = Map::new();
            for &year in &years {
                let s = standing(region, year, site.announcement(year));
                if let Standing::Conflict(ids) = &s {
                    let codes: Vec<Value> = ids
                        .iter()
                        .filter_map(|id| tiers.iter().position(|t| t == id))
                        .map(Value::from)
                        .collect();
                    conflicts.insert(year.to_string(), Value::from(codes));
                }
                record.push(code(&s, &tiers));
            }
            let mut entry = vec![
                Value::from(region.slug.as_str()),
                Value::from(region.name.as_str()),
                Value::from(region.province.as_str()),
                Value::from(record),
            ];
            let mut extra = Map::new();
            if !conflicts.is_empty() {
                extra.insert("conflicts".into(), Value::Object(conflicts));
            }
            if let Some(ev) = latest {
                let illustrative =
                    region.evaluations.get(ev.evaluation).is_some_and(|e| e.illustrative);
                extra.insert("score".into(), score(ev, illustrative, &tiers, &clusters));
            }
            if !extra.is_empty() {
                entry.push(Value::Object(extra));
            }
            Value::from(entry)
        })
        .collect();
    let data = json!({ "years": years, "tiers": tiers, "clusters": clusters, "regions": regions });
    let mut body = serde_json::to_vec(&data).unwrap_or_default();
    body.push(b'\n');
    OutputFile { path: routes::file_for(&routes::compare_json()), body }
}

/// The years the record speaks of: announcement years and years with a result.
fn record_years(site: &Site) -> Vec<u16> {
    let mut years: Vec<u16> = site.announcements.iter().map(|a| a.year).collect();
    for region in &site.regions {
        years.extend(region.evaluations.iter().filter(|e| !e.claims.is_empty()).map(|e| e.year));
    }
    years.sort_unstable();
    years.dedup();
    years
}

/// A computed evaluation: year, total, maximum, computed tier, whether the
/// points are the publisher's illustration, and each cluster's points and maximum.
fn score(ev: &ScoredEvaluation, illustrative: bool, tiers: &[&str], clusters: &[&str]) -> Value {
    let Some(c) = &ev.computed else { return Value::Null };
    let by_cluster: Vec<Value> = clusters
        .iter()
        .map(|id| {
            c.clusters
                .iter()
                .find(|s| &*s.id == *id)
                .map_or(Value::Null, |s| json!([s.points.0, s.max.0]))
        })
        .collect();
    json!({
        "year": ev.year,
        "total": c.total.0,
        "max": c.max.0,
        "predikat": c.predikat.as_deref().and_then(|id| tiers.iter().position(|t| *t == id)),
        "illustrative": illustrative,
        "clusters": by_cluster,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::{Announcement, Claim, Source};
    use crate::testkit::{self, scenes};

    /// An announcement of `year`, held or not, with a complete list of one province.
    fn announcement(year: u16, held: bool, complete: Option<&str>) -> Announcement {
        let announcement = testkit::announcement(year);
        let announcement = if held { announcement } else { announcement.not_held() };
        complete
            .map(testkit::complete_list)
            .into_iter()
            .fold(announcement, testkit::AnnouncementBuilder::complete)
            .build()
    }

    fn claim(predikat: &str) -> Claim {
        Claim {
            predikat: predikat.into(),
            source: Source { url: None, outlet: None, date: None, note: None },
        }
    }

    fn data(scored: &Scored) -> Value {
        let file = compare_file(scored);
        assert_eq!(file.path, "data/bandingkan.json");
        serde_json::from_slice(&file.body).unwrap()
    }

    #[test]
    fn each_year_of_the_record_is_one_character_of_the_region() {
        let mut scored = scenes::laporan_scored();
        let site = &mut scored.site;
        for rubric in &mut site.rubrics {
            let mut madya = rubric.tiers[0].clone();
            madya.id = "madya".into();
            rubric.tiers.insert(0, madya);
        }
        // Kota Bontang: Utama in 2018 (one source), sources that disagree in 2025.
        let bontang = Arc::make_mut(&mut site.regions[0]);
        bontang.evaluations[0].claims = vec![claim("utama")];
        bontang.evaluations[1].claims = vec![claim("utama"), claim("madya"), claim("utama")];
        let data = data(&scored);
        assert_eq!(data["years"], json!([2018, 2025]));
        assert_eq!(data["tiers"], json!(["madya", "utama"]));
        let bontang = &data["regions"][0];
        let head = &bontang.as_array().unwrap()[..4];
        assert_eq!(
            head,
            json!(["kota-bontang", "Kota Bontang", "Kalimantan Timur", "1!"]).as_array().unwrap()
        );
        assert_eq!(bontang[4]["conflicts"], json!({"2025": [1, 0]}), "in order of mention");
        // Without a complete list the others are not in the record, never "not awarded".
        assert_eq!(data["regions"][1][3], "??");
        assert_eq!(data["regions"][2].as_array().unwrap().len(), 4, "nothing more to say");
    }

    #[test]
    fn a_year_without_awards_and_a_complete_list_are_told_apart() {
        let mut scored = scenes::laporan_scored();
        scored.site.announcements = vec![
            announcement(2020, false, None),
            announcement(2021, true, Some("Kalimantan Timur")),
        ];
        let data = data(&scored);
        assert_eq!(data["years"], json!([2020, 2021]));
        let records: Vec<&Value> =
            data["regions"].as_array().unwrap().iter().map(|r| &r[3]).collect();
        // Only Kota Bontang's province has a complete list of 2021.
        assert_eq!(records, ["_-", "_?", "_?"]);
    }

    #[test]
    fn the_latest_computed_evaluation_gives_the_scores() {
        let data = data(&scenes::laporan_scored());
        assert_eq!(data["clusters"], json!(["kelembagaan", "hak-sipil", "perlindungan-khusus"]));
        // Bontang's 2018 is official only: its scores are those of 2025.
        let score = &data["regions"][0][4]["score"];
        assert_eq!(
            *score,
            json!({
                "year": 2025, "total": 8550, "max": 10000, "predikat": 0, "illustrative": true,
                "clusters": [[2550, 3000], null, [6000, 7000]],
            })
        );
        assert_eq!(data["regions"][1][4]["score"]["predikat"], Value::Null, "below every tier");
    }
}
