//! The official record: what KemenPPPA announced, year by year, and where
//! each fact was read.
//!
//! Points and computed scores are the publisher's (often illustrative); the
//! record is the public fact the site exists to show. Every official result
//! is a set of claims, one per source, so two sources that disagree are both
//! kept and shown; an announcement says how many results were published per
//! predikat and which provinces' lists are complete, which is what lets the
//! site tell "not awarded" (absent from a complete list) from "not in the
//! record" (absent from a list that may be partial). Nothing here reads
//! files or renders HTML.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Region, SourceFile};

/// Where a fact of the record was read: a page a reader can open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The page's address (`None` only for an older free-text `source`).
    pub url: Option<String>,
    /// The publication ("Antara Jatim", "Pemkab Gresik").
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`).
    pub date: Option<String>,
    /// The publisher's note on this source, in their own words.
    pub note: Option<String>,
}

/// One source's statement of a region's official predikat in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// The predikat the source states, a tier id of the year's rubric.
    pub predikat: String,
    /// Where it was read.
    pub source: Source,
}

/// What the region was called, where it belonged and its code, up to a year:
/// old announcements name regions as they were then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Former {
    /// The last year this identity held (inclusive).
    pub until: u16,
    /// The name then, when it differed.
    pub name: Option<String>,
    /// The province then, when it differed (the Papua provinces of 2022).
    pub province: Option<String>,
    /// The Kemendagri code then, when it differed.
    pub code: Option<String>,
}

/// Published numbers of results: in all and per predikat (tier id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Regions awarded a predikat in all.
    pub total: Option<u32>,
    /// Regions per predikat, by tier id.
    pub by_tier: BTreeMap<String, u32>,
}

/// Figures a source reported that differ from the announcement's own: kept
/// and shown, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reported {
    /// The numbers this source gives.
    pub totals: Totals,
    /// The source.
    pub source: Source,
}

/// A source that lists every result of a province (or of the nation) for the
/// year, or every result of one predikat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompleteList {
    /// The province (as the regions name it that year); `None`: the nation.
    pub province: Option<String>,
    /// The predikat the list covers completely; `None`: every predikat.
    pub covers: Option<String>,
    /// How many results the source says the list holds, when it says.
    pub count: Option<u32>,
    /// The sources that give the list.
    pub sources: Vec<Source>,
    /// Byte range of this entry in the announcement file, for diagnostics.
    pub span: std::ops::Range<usize>,
}

/// One year's announcement of KLA results (`content/announcements/<year>.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    /// The award year.
    pub year: u16,
    /// Whether results were announced that year (`false`: 2020, 2024).
    pub held: bool,
    /// Date of the ceremony, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The ceremony: place and occasion.
    pub event: Option<String>,
    /// The decree that set the results (e.g. "Kepmen PPPA No. 85 Tahun 2025").
    pub decree: Option<String>,
    /// A note by the publisher.
    pub note: Option<String>,
    /// The published totals.
    pub totals: Totals,
    /// Where the announcement and its totals were read.
    pub sources: Vec<Source>,
    /// Other figures other sources gave.
    pub reported: Vec<Reported>,
    /// Lists known to be complete.
    pub complete: Vec<CompleteList>,
    /// The file itself.
    pub file: SourceFile,
}

impl Announcement {
    /// Whether a source lists every result of `province` this year (a
    /// national complete list covers every province).
    pub fn complete_for(&self, province: &str) -> Option<&CompleteList> {
        self.complete.iter().find(|list| {
            list.covers.is_none() && list.province.as_deref().is_none_or(|p| p == province)
        })
    }
}

/// Where a region stands in one year's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing<'a> {
    /// Every source gives this predikat.
    Awarded(&'a str),
    /// Sources disagree: the predikats they give, in order of first mention.
    Conflict(Vec<&'a str>),
    /// No result, and a complete list of its province says so.
    NotAwarded,
    /// No result here; the lists of that year may be partial.
    NotInRecord,
    /// No results were announced that year.
    NoAnnouncement,
}

impl Standing<'_> {
    /// A stable id for data files and CSS classes.
    pub fn id(&self) -> &'static str {
        match self {
            Standing::Awarded(_) => "awarded",
            Standing::Conflict(_) => "conflict",
            Standing::NotAwarded => "not-awarded",
            Standing::NotInRecord => "not-in-record",
            Standing::NoAnnouncement => "no-announcement",
        }
    }
}

/// Whether `text` is a date as sources are dated: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let number = |s: &str| s.parse::<u32>().unwrap_or(0);
    match parts[..] {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&number(m)),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && (1..=12).contains(&number(m))
                && (1..=31).contains(&number(d))
        }
        _ => false,
    }
}

/// The distinct predikats of `claims`, in order of first mention.
pub fn claimed(claims: &[Claim]) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for claim in claims {
        if !seen.contains(&claim.predikat.as_str()) {
            seen.push(&claim.predikat);
        }
    }
    seen
}

/// Where `region` stands in `year`'s record, given that year's announcement.
pub fn standing<'a>(
    region: &'a Region,
    year: u16,
    announcement: Option<&Announcement>,
) -> Standing<'a> {
    let claims = region.evaluations.iter().find(|e| e.year == year).map(|e| &e.claims[..]);
    match claims.map(claimed).as_deref() {
        Some([one]) => return Standing::Awarded(one),
        Some(many) if many.len() > 1 => return Standing::Conflict(many.to_vec()),
        _ => {}
    }
    match announcement {
        Some(a) if !a.held => Standing::NoAnnouncement,
        Some(a) if a.complete_for(region.province_in(year)).is_some() => Standing::NotAwarded,
        _ => Standing::NotInRecord,
    }
}

impl Region {
    /// The field `pick` of the identity that held in `year`: of the former
    /// identities whose `until` is not before it and that give the field,
    /// the one that ended first.
    fn former_in<'r>(
        &'r self,
        year: u16,
        pick: impl Fn(&'r Former) -> Option<&'r str>,
    ) -> Option<&'r str> {
        self.former
            .iter()
            .filter(|f| f.until >= year)
            .filter_map(|f| Some((f.until, pick(f)?)))
            .min_by_key(|(until, _)| *until)
            .map(|(_, v)| v)
    }

    /// The region's name in `year` (an old announcement's name).
    pub fn name_in(&self, year: u16) -> &str {
        self.former_in(year, |f| f.name.as_deref()).unwrap_or(&self.name)
    }

    /// The province the region belonged to in `year`.
    pub fn province_in(&self, year: u16) -> &str {
        self.former_in(year, |f| f.province.as_deref()).unwrap_or(&self.province)
    }

    /// Every name the region has had, the current one first: old lists use them.
    pub fn all_names(&self) -> Vec<&str> {
        let mut names = vec![self.name.as_str()];
        for name in self.former.iter().filter_map(|f| f.name.as_deref()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Evaluation, Inputs, RegionKind};

    fn file() -> SourceFile {
        SourceFile { path: "x".into(), src: "".into() }
    }

    fn region(province: &str, year: u16, tiers: &[&str]) -> Region {
        let claims = tiers
            .iter()
            .map(|t| Claim {
                predikat: (*t).to_string(),
                source: Source { url: None, outlet: None, date: None, note: None },
            })
            .collect();
        Region {
            slug: "kota-a".into(),
            name: "Kota A".into(),
            kind: RegionKind::Kota,
            province: province.into(),
            code: "64.71".into(),
            former: vec![Former {
                until: 2021,
                name: Some("Kota Lama".into()),
                province: Some("Provinsi Lama".into()),
                code: None,
            }],
            narrative: None,
            evaluations: vec![Evaluation {
                year,
                rubric: 0,
                official: None,
                claims,
                source: None,
                self_assessment: None,
                illustrative: false,
                has_data: false,
                inputs: Inputs::default(),
                narrative: None,
                file: file(),
            }],
            file: file(),
        }
    }

    /// An announcement of `year` with, optionally, a complete list of one province.
    pub(crate) fn announcement(year: u16, held: bool, complete: Option<&str>) -> Announcement {
        Announcement {
            year,
            held,
            date: None,
            event: None,
            decree: None,
            note: None,
            totals: Totals::default(),
            sources: vec![],
            reported: vec![],
            complete: complete
                .map(|p| CompleteList {
                    province: Some(p.into()),
                    covers: None,
                    count: None,
                    sources: vec![],
                    span: 0..0,
                })
                .into_iter()
                .collect(),
            file: file(),
        }
    }

    #[test]
    fn not_awarded_only_where_a_complete_list_of_the_province_then_says_so() {
        let r = region("Provinsi Baru", 2023, &["madya"]);
        assert_eq!(standing(&r, 2023, None), Standing::Awarded("madya"));
        assert_eq!(
            standing(&r, 2022, Some(&announcement(2022, true, None))),
            Standing::NotInRecord
        );
        let complete = announcement(2022, true, Some("Provinsi Baru"));
        assert_eq!(standing(&r, 2022, Some(&complete)), Standing::NotAwarded);
        // In 2021 the region was in its former province: that province's list counts.
        let old_list = announcement(2021, true, Some("Provinsi Baru"));
        assert_eq!(standing(&r, 2021, Some(&old_list)), Standing::NotInRecord);
        let old_list = announcement(2021, true, Some("Provinsi Lama"));
        assert_eq!(standing(&r, 2021, Some(&old_list)), Standing::NotAwarded);
        assert_eq!(
            standing(&r, 2020, Some(&announcement(2020, false, None))),
            Standing::NoAnnouncement
        );
    }

    #[test]
    fn sources_that_disagree_are_a_conflict_in_order_of_mention() {
        let r = region("P", 2022, &["nindya", "madya", "nindya"]);
        assert_eq!(standing(&r, 2022, None), Standing::Conflict(vec!["nindya", "madya"]));
    }

    #[test]
    fn former_names_and_provinces_hold_until_their_year() {
        let r = region("Provinsi Baru", 2023, &[]);
        assert_eq!((r.name_in(2021), r.province_in(2021)), ("Kota Lama", "Provinsi Lama"));
        assert_eq!((r.name_in(2022), r.province_in(2022)), ("Kota A", "Provinsi Baru"));
        assert_eq!(r.all_names(), ["Kota A", "Kota Lama"]);
    }

    #[test]
    fn dates_are_years_months_or_days() {
        for good in ["2025", "2025-08", "2025-08-09"] {
            assert!(is_date(good), "{good}");
        }
        for bad in ["9 Agustus 2025", "2025-13", "2025-08-32", "25-08-09", ""] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
