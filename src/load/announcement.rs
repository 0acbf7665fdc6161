//! `content/announcements/<year>.toml`: one year's announcement of results.
//!
//! Parses one file into the model's [`Announcement`] (its own checks: the
//! year against the file name, URLs, dates, tier ids of the totals); the
//! checks of the announcement against the regions' results are in `record`.
//! It does not read files.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::common::{check_source, error_at, parse_toml, suggest_or};
use crate::diag::Diagnostics;
use crate::model::record::{CompleteList, Reported, Totals, is_date};
use crate::model::{Announcement, Rubric, Source, SourceFile};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnnouncement {
    year: Spanned<u16>,
    #[serde(default = "yes")]
    held: bool,
    date: Option<Spanned<String>>,
    event: Option<String>,
    decree: Option<String>,
    note: Option<String>,
    #[serde(default)]
    totals: BTreeMap<Spanned<String>, Spanned<u32>>,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    reported: Vec<RawReported>,
    #[serde(default)]
    complete: Vec<Spanned<RawComplete>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawSource {
    url: Spanned<String>,
    outlet: Option<String>,
    date: Option<Spanned<String>>,
    note: Option<String>,
}

/// A source's own figures, beside its address, as it states them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReported {
    url: Spanned<String>,
    outlet: Option<String>,
    date: Option<Spanned<String>>,
    note: Option<String>,
    total: Option<u32>,
    pratama: Option<u32>,
    madya: Option<u32>,
    nindya: Option<u32>,
    utama: Option<u32>,
    kla: Option<u32>,
}

impl RawReported {
    fn source(&self) -> RawSource {
        RawSource {
            url: self.url.clone(),
            outlet: self.outlet.clone(),
            date: self.date.clone(),
            note: self.note.clone(),
        }
    }

    fn totals(&self) -> Totals {
        let tiers = [
            ("pratama", self.pratama),
            ("madya", self.madya),
            ("nindya", self.nindya),
            ("utama", self.utama),
            ("kla", self.kla),
        ];
        Totals {
            total: self.total,
            by_tier: tiers.iter().filter_map(|(id, n)| Some(((*id).to_string(), (*n)?))).collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComplete {
    province: Option<String>,
    covers: Option<Spanned<String>>,
    count: Option<u32>,
    sources: Vec<RawSource>,
}

/// Parses one announcement against the rubric covering its year (for the
/// tier ids of its totals); problems go to `diags`.
pub(crate) fn parse(
    file: &SourceFile,
    rubrics: &[Rubric],
    diags: &mut Diagnostics,
) -> Option<Announcement> {
    let raw: RawAnnouncement = parse_toml(file).map_err(|d| diags.push(d)).ok()?;
    let year = *raw.year.get_ref();
    let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if stem != year.to_string() {
        diags.push(
            error_at(file, raw.year.span(), format!("year {year} differs from the file name"))
                .with_help(format!("write `year = {stem}` or rename the file to `{year}.toml`")),
        );
    }
    let rubric = rubrics.iter().find(|r| r.covers(year));
    if let Some(date) = &raw.date
        && !is_date(date.get_ref())
    {
        diags.push(
            error_at(file, date.span(), format!("`{}` is not a date", date.get_ref()))
                .with_help("write the ceremony's date as `YYYY-MM-DD`"),
        );
    }
    let sources = raw.sources.iter().map(|s| source(file, s, diags)).collect();
    let reported = raw
        .reported
        .iter()
        .map(|r| Reported { source: source(file, &r.source(), diags), totals: r.totals() })
        .collect();
    let complete = raw.complete.iter().map(|c| complete_list(file, c, rubric, diags)).collect();
    Some(Announcement {
        year,
        held: raw.held,
        date: raw.date.map(Spanned::into_inner),
        event: raw.event,
        decree: raw.decree,
        note: raw.note,
        totals: totals(file, &raw.totals, rubric, diags),
        sources,
        reported,
        complete,
        file: file.clone(),
    })
}

fn complete_list(
    file: &SourceFile,
    raw: &Spanned<RawComplete>,
    rubric: Option<&Rubric>,
    diags: &mut Diagnostics,
) -> CompleteList {
    let list = raw.get_ref();
    if let (Some(covers), Some(rubric)) = (&list.covers, rubric) {
        check_tier(file, covers, rubric, diags);
    }
    if list.sources.is_empty() {
        diags.push(error_at(file, raw.span(), "a complete list without a source").with_help(
            "add `[[complete.sources]]` with the `url` of the page that lists them all",
        ));
    }
    CompleteList {
        province: list.province.clone(),
        covers: list.covers.as_ref().map(|c| c.get_ref().clone()),
        count: list.count,
        sources: list.sources.iter().map(|s| source(file, s, diags)).collect(),
        span: raw.span(),
    }
}

/// The published figures: `total` and one per tier id.
fn totals(
    file: &SourceFile,
    raw: &BTreeMap<Spanned<String>, Spanned<u32>>,
    rubric: Option<&Rubric>,
    diags: &mut Diagnostics,
) -> Totals {
    let mut totals = Totals::default();
    for (key, value) in raw {
        let value = *value.get_ref();
        if key.get_ref() == "total" {
            totals.total = Some(value);
            continue;
        }
        if let Some(rubric) = rubric
            && !check_tier(file, key, rubric, diags)
        {
            continue;
        }
        totals.by_tier.insert(key.get_ref().clone(), value);
    }
    if let Some(total) = totals.total {
        let sum: u32 = totals.by_tier.values().sum();
        if sum > total {
            let span = raw.keys().next().map_or(0..0, Spanned::span);
            diags.push(
                error_at(
                    file,
                    span,
                    format!("the predikat figures add up to {sum}, more than the total {total}"),
                )
                .with_help("check the figures against the source"),
            );
        }
    }
    totals
}

/// Reports a tier id the rubric does not have; true when it has it.
fn check_tier(
    file: &SourceFile,
    id: &Spanned<String>,
    rubric: &Rubric,
    diags: &mut Diagnostics,
) -> bool {
    if rubric.tier(id.get_ref()).is_some() {
        return true;
    }
    let help = suggest_or(id.get_ref(), rubric.tiers.iter().map(|t| &*t.id), || {
        let all: Vec<&str> = rubric.tiers.iter().map(|t| &*t.id).collect();
        format!("use `total` or a tier id of rubric `{}`: `{}`", rubric.id, all.join("`, `"))
    });
    diags.push(
        error_at(
            file,
            id.span(),
            format!("`{}` is not a predikat of rubric `{}`", id.get_ref(), rubric.id),
        )
        .with_help(help),
    );
    false
}

/// A source as the model holds it, its address and date checked.
fn source(file: &SourceFile, raw: &RawSource, diags: &mut Diagnostics) -> Source {
    check_source(file, &raw.url, raw.date.as_ref(), diags);
    Source {
        url: Some(raw.url.get_ref().trim().to_string()),
        outlet: raw.outlet.clone(),
        date: raw.date.as_ref().map(|d| d.get_ref().clone()),
        note: raw.note.clone(),
    }
}
