//! The record's checks across files: the regions' official results against
//! the year's announcement.
//!
//! An announcement states how many results were published per predikat and
//! which provinces' lists are complete; the regions' `<year>.toml` files hold
//! the results one by one. A publisher entering hundreds of results by hand or
//! by import makes mistakes these checks catch: more Utama results than were
//! announced, a "complete" province list whose stated count the record does
//! not reach, a list naming a province no region belongs to, results in a year
//! with no ceremony. Each problem points at the announcement line it contradicts.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::common::{error_at, suggest_or};
use crate::diag::Diagnostics;
use crate::model::record::claimed;
use crate::model::{Announcement, Region};

/// Checks every announcement against the regions' results; problems go to `diags`.
pub(crate) fn check(
    regions: &[Arc<Region>],
    announcements: &[Announcement],
    diags: &mut Diagnostics,
) {
    let mut seen: BTreeMap<u16, &Announcement> = BTreeMap::new();
    for a in announcements {
        if let Some(first) = seen.insert(a.year, a) {
            diags.push(
                error_at(&a.file, 0..0, format!("a second announcement of {}", a.year)).with_help(
                    format!(
                        "{} already announces {}; keep one file per year",
                        first.file.path.display(),
                        a.year
                    ),
                ),
            );
        }
        check_one(regions, a, diags);
    }
}

fn check_one(regions: &[Arc<Region>], a: &Announcement, diags: &mut Diagnostics) {
    let year = a.year;
    // Each region with a result that year, with the predikats its sources give.
    let results: Vec<(&Region, Vec<&str>)> = regions
        .iter()
        .filter_map(|r| {
            let e = r.evaluations.iter().find(|e| e.year == year)?;
            (!e.claims.is_empty()).then(|| (&**r, claimed(&e.claims)))
        })
        .collect();
    if !a.held && !results.is_empty() {
        let names: Vec<&str> = results.iter().take(3).map(|(r, _)| r.name.as_str()).collect();
        diags.push(
            error_at(
                &a.file,
                0..0,
                format!(
                    "no results were announced in {year}, yet {} regions have one ({}...)",
                    results.len(),
                    names.join(", ")
                ),
            )
            .with_help("check the year of those results, or set `held = true`"),
        );
    }
    check_totals(a, &results, diags);
    for list in &a.complete {
        let in_scope =
            |r: &Region| list.province.as_deref().is_none_or(|p| r.province_in(year) == p);
        if let Some(province) = &list.province
            && !regions.iter().any(|r| r.province_in(year) == province)
        {
            let provinces: Vec<&str> = regions.iter().map(|r| r.province_in(year)).collect();
            let help = suggest_or(province, provinces.iter().copied(), || {
                "write the province as the regions' region.toml name it (or their [[former]] province for that year)".to_string()
            });
            diags.push(
                error_at(
                    &a.file,
                    list.span.clone(),
                    format!("no region was in the province `{province}` in {year}"),
                )
                .with_help(help),
            );
            continue;
        }
        let Some(count) = list.count else { continue };
        let held = results
            .iter()
            .filter(|(r, tiers)| {
                in_scope(r) && list.covers.as_deref().is_none_or(|c| tiers.contains(&c))
            })
            .count();
        if held != count as usize {
            let scope = list.province.as_deref().unwrap_or("the nation");
            let what = list.covers.as_deref().map_or(String::new(), |c| format!(" {c}"));
            diags.push(
                error_at(&a.file, list.span.clone(), format!("the complete list of {scope} says {count}{what} results in {year}; the record holds {held}"))
                    .with_help(if held < count as usize {
                        "add the missing results, or drop this [[complete]] entry if the list is not complete"
                    } else {
                        "a result is in the wrong year or province, or the stated count is wrong"
                    }),
            );
        }
    }
}

/// More results of a predikat (or in all) than were announced.
fn check_totals(a: &Announcement, results: &[(&Region, Vec<&str>)], diags: &mut Diagnostics) {
    let year = a.year;
    if let Some(total) = a.totals.total
        && results.len() > total as usize
    {
        diags.push(
            error_at(
                &a.file,
                key_span(a, "total"),
                format!(
                    "the record holds {} results for {year}, more than the {total} announced",
                    results.len()
                ),
            )
            .with_help(
                "a result is in the wrong year, or a region is recorded twice under two folders",
            ),
        );
    }
    for (tier, &announced) in &a.totals.by_tier {
        let held = results.iter().filter(|(_, tiers)| tiers.as_slice() == [tier.as_str()]).count();
        if held > announced as usize {
            diags.push(
                error_at(&a.file, key_span(a, tier), format!("the record holds {held} {tier} results for {year}, more than the {announced} announced"))
                    .with_help(format!("check the {tier} results of {year} against their sources")),
            );
        }
    }
}

/// Where `key = ...` of the `[totals]` table is in the file (its first
/// occurrence after `[totals]`), for a caret under it.
fn key_span(a: &Announcement, key: &str) -> std::ops::Range<usize> {
    let src = &a.file.src;
    let from = src.find("[totals]").unwrap_or(0);
    src[from..]
        .match_indices(key)
        .map(|(at, _)| from + at)
        .find(|&at| src[..at].ends_with('\n') || at == 0)
        .map_or(from..from, |at| at..at + key.len())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::record::CompleteList;
    use crate::testkit::{self, AnnouncementBuilder, complete_list, evaluation, source_at};

    /// A region of `province` whose `year` is official-only, each predikat of
    /// `tiers` reported by its own source.
    fn region(slug: &str, province: &str, year: u16, tiers: &[&str]) -> Arc<Region> {
        let evaluation =
            tiers.iter().enumerate().fold(evaluation(year).without_data(), |e, (i, t)| {
                e.claim(t, source_at(&format!("https://a.id/{i}")))
            });
        testkit::region(slug).province(province).evaluation(evaluation).into()
    }

    const FILE: &str = "year = 2022\n[totals]\ntotal = 3\nutama = 1\n\n[[complete]]\nprovince = \"Jawa Timur\"\ncount = 2\n";

    fn announcement(total: u32, utama: u32, complete: Vec<CompleteList>) -> Announcement {
        let announcement =
            testkit::announcement(2022).totals(total, &[("utama", utama)]).text(FILE);
        complete.into_iter().fold(announcement, AnnouncementBuilder::complete).build()
    }

    fn list(province: &str, count: u32) -> CompleteList {
        let at = FILE.find("[[complete]]").unwrap();
        CompleteList { count: Some(count), span: at..at + 12, ..complete_list(province) }
    }

    fn problems(regions: &[Arc<Region>], a: Announcement) -> Vec<(String, String)> {
        let mut diags = Diagnostics::new();
        check(regions, &[a], &mut diags);
        diags.iter().map(|d| (d.location(), d.message.clone())).collect()
    }

    #[test]
    fn a_consistent_record_passes() {
        let regions = [
            region("a", "Jawa Timur", 2022, &["utama"]),
            region("b", "Jawa Timur", 2022, &["madya"]),
        ];
        assert_eq!(problems(&regions, announcement(3, 1, vec![list("Jawa Timur", 2)])), vec![]);
    }

    #[test]
    fn more_results_of_a_predikat_than_announced_is_an_error_at_its_line() {
        let regions = [
            region("a", "Jawa Timur", 2022, &["utama"]),
            region("b", "Jawa Timur", 2022, &["utama"]),
        ];
        let p = problems(&regions, announcement(3, 1, vec![]));
        assert_eq!(
            p,
            [(
                "content/announcements/2022.toml:4:1".to_string(),
                "the record holds 2 utama results for 2022, more than the 1 announced".to_string()
            )]
        );
    }

    #[test]
    fn more_results_than_the_total_is_an_error() {
        let regions = [region("a", "P", 2022, &["madya"]), region("b", "P", 2022, &["madya"])];
        let p = problems(&regions, announcement(1, 1, vec![]));
        assert_eq!(p[0].0, "content/announcements/2022.toml:3:1");
        assert!(p[0].1.contains("2 results for 2022, more than the 1"), "{p:?}");
    }

    #[test]
    fn a_complete_list_whose_count_the_record_does_not_reach_is_an_error() {
        let regions = [region("a", "Jawa Timur", 2022, &["madya"])];
        let p = problems(&regions, announcement(3, 1, vec![list("Jawa Timur", 2)]));
        assert_eq!(p[0].0, "content/announcements/2022.toml:6:1");
        assert!(p[0].1.contains("says 2 results in 2022; the record holds 1"), "{p:?}");
    }

    #[test]
    fn a_complete_list_of_an_unknown_province_suggests_one() {
        let regions = [region("a", "Jawa Timur", 2022, &["madya"])];
        let mut diags = Diagnostics::new();
        check(&regions, &[announcement(3, 1, vec![list("Jawa Timor", 1)])], &mut diags);
        let d = diags.iter().next().unwrap();
        assert!(d.message.contains("no region was in the province `Jawa Timor`"), "{}", d.message);
        assert!(d.help.as_deref().unwrap_or_default().contains("Jawa Timur"), "{d}");
    }

    #[test]
    fn a_conflict_counts_once_for_the_list_and_for_no_predikat() {
        let regions = [
            region("a", "Jawa Timur", 2022, &["utama", "nindya"]),
            region("b", "Jawa Timur", 2022, &["utama"]),
        ];
        assert_eq!(problems(&regions, announcement(3, 1, vec![list("Jawa Timur", 2)])), vec![]);
    }

    #[test]
    fn results_in_a_year_without_a_ceremony_are_an_error() {
        let regions = [region("a", "P", 2022, &["madya"])];
        let mut a = announcement(3, 1, vec![]);
        a.held = false;
        let p = problems(&regions, a);
        assert!(p[0].1.contains("no results were announced in 2022"), "{p:?}");
    }
}
