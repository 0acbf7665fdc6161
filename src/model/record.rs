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

use super::claim::Source;
pub use super::claim::{claimed, is_date};
use super::region::Region;
use super::text::SourceFile;

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Former;
    use crate::testkit::{self, AnnouncementBuilder, complete_list, evaluation, unnamed_source};

    /// Kota A of `province` (Kota Lama of Provinsi Lama until 2021) whose
    /// `year` is official-only, each predikat of `tiers` reported by an unnamed source.
    fn region(province: &str, year: u16, tiers: &[&str]) -> Region {
        let evaluation =
            tiers.iter().fold(evaluation(year).without_data(), |e, t| e.claim(t, unnamed_source()));
        testkit::region("kota-a")
            .name("Kota A")
            .province(province)
            .former(Former {
                until: 2021,
                name: Some("Kota Lama".into()),
                province: Some("Provinsi Lama".into()),
                code: None,
            })
            .evaluation(evaluation)
            .build()
    }

    fn announcement(year: u16, held: bool, complete: Option<&str>) -> Announcement {
        let announcement = testkit::announcement(year);
        let announcement = if held { announcement } else { announcement.not_held() };
        complete
            .map(complete_list)
            .into_iter()
            .fold(announcement, AnnouncementBuilder::complete)
            .build()
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
