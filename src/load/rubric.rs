//! `content/rubrics/<id>.toml`: one methodology, parsed and checked on its own.
//!
//! Checks what one file can tell: id equals the file stem, exact numbers,
//! unique ids, tiers ascending, gates naming clusters, indicator maxima adding
//! up to `max_score`, sane scales. Checks across rubrics (overlapping years)
//! live in `assemble`. It does not read files.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::common::{
    RawLocalized, check_unique_ids, error_at, exact_points, parse_toml, suggest_or,
};
use crate::diag::Diagnostics;
use crate::model::{Cluster, Gate, Indicator, Points, Rubric, Scale, SourceFile, Tier};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    id: Spanned<String>,
    title: RawLocalized,
    from_year: Spanned<u16>,
    until_year: Option<Spanned<u16>>,
    max_score: Spanned<f64>,
    note: Option<String>,
    #[serde(default)]
    tiers: Vec<RawTier>,
    #[serde(default)]
    clusters: Vec<RawCluster>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    id: Spanned<String>,
    name: RawLocalized,
    min_score: Spanned<f64>,
    #[serde(default)]
    gates: Vec<RawGate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGate {
    cluster: Spanned<String>,
    min_percent: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCluster {
    id: Spanned<String>,
    name: RawLocalized,
    #[serde(default)]
    indicators: Vec<RawIndicator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: Spanned<String>,
    name: RawLocalized,
    max_points: Spanned<f64>,
    scale: Option<Spanned<RawScale>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    unit: String,
    zero_at: f64,
    full_at: f64,
}

/// A rubric with what cross-file checks need to point at.
#[derive(Debug, Clone)]
pub(crate) struct ParsedRubric {
    /// The rubric, usable for checking evaluations even if it had problems.
    pub(crate) rubric: Rubric,
    /// Its file, for messages.
    pub(crate) file: SourceFile,
    /// Span of `from_year`, where an overlap is reported.
    pub(crate) from_year_span: Range<usize>,
}

/// Parses one rubric file. `None` when its shape is wrong (syntax, fields);
/// semantic problems are reported but the rubric is still returned so that
/// evaluations can be checked against it.
pub(crate) fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<ParsedRubric> {
    let raw: RawRubric = parse_toml(file).map_err(|d| diags.push(d)).ok()?;
    check_id_matches_stem(file, &raw.id, diags);
    check_years(file, &raw, diags);
    let max_score = exact_points(file, &raw.max_score, "max_score", diags).unwrap_or_default();
    check_unique_ids(file, raw.tiers.iter().map(|t| &t.id), "tier", diags);
    check_unique_ids(file, raw.clusters.iter().map(|c| &c.id), "cluster", diags);
    let all_indicators = raw.clusters.iter().flat_map(|c| &c.indicators);
    check_unique_ids(file, all_indicators.map(|i| &i.id), "indicator", diags);
    let clusters: Vec<Cluster> = raw.clusters.iter().map(|c| cluster(file, c, diags)).collect();
    check_total(file, &raw.max_score, max_score, &clusters, diags);
    let tiers = tiers(file, &raw, &clusters, diags);
    let rubric = Rubric {
        id: raw.id.get_ref().as_str().into(),
        title: raw.title.0,
        from_year: *raw.from_year.get_ref(),
        until_year: raw.until_year.as_ref().map(|y| *y.get_ref()),
        max_score,
        note: raw.note,
        tiers,
        clusters,
    };
    Some(ParsedRubric { rubric, file: file.clone(), from_year_span: raw.from_year.span() })
}

fn check_id_matches_stem(file: &SourceFile, id: &Spanned<String>, diags: &mut Diagnostics) {
    let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if id.get_ref() != stem {
        diags.push(
            error_at(file, id.span(), format!("rubric id `{id}` differs from its file name"))
                .with_help(format!("write `id = \"{stem}\"` or rename the file to `{id}.toml`")),
        );
    } else if !crate::model::is_valid_slug(stem) {
        diags.push(
            error_at(file, id.span(), format!("rubric id `{id}` is not a valid slug"))
                .with_help("use lowercase letters, digits and single `-`, e.g. `kla-24`, in the id and the file name"),
        );
    }
}

fn check_years(file: &SourceFile, raw: &RawRubric, diags: &mut Diagnostics) {
    if let Some(until) = &raw.until_year
        && until.get_ref() < raw.from_year.get_ref()
    {
        diags.push(
            error_at(file, until.span(), format!("until_year {until} is before from_year"))
                .with_help("until_year is the last year covered and must be >= from_year"),
        );
    }
}

fn cluster(file: &SourceFile, raw: &RawCluster, diags: &mut Diagnostics) -> Cluster {
    if raw.indicators.is_empty() {
        diags.push(
            error_at(file, raw.id.span(), format!("cluster `{}` has no indicators", raw.id))
                .with_help("add [[clusters.indicators]] tables after this cluster, or remove it"),
        );
    }
    Cluster {
        id: raw.id.get_ref().as_str().into(),
        name: raw.name.0.clone(),
        indicators: raw.indicators.iter().map(|i| indicator(file, i, diags)).collect(),
    }
}

fn indicator(file: &SourceFile, raw: &RawIndicator, diags: &mut Diagnostics) -> Indicator {
    let what = format!("max_points of `{}`", raw.id);
    let max_points = exact_points(file, &raw.max_points, &what, diags).unwrap_or_default();
    if *raw.max_points.get_ref() <= 0.0 {
        diags.push(
            error_at(file, raw.max_points.span(), format!("{what} is not positive"))
                .with_help("an indicator must be able to give points: use a number above 0"),
        );
    }
    Indicator {
        id: raw.id.get_ref().as_str().into(),
        name: raw.name.0.clone(),
        max_points,
        scale: raw.scale.as_ref().map(|s| scale(file, s, diags)),
    }
}

fn scale(file: &SourceFile, raw: &Spanned<RawScale>, diags: &mut Diagnostics) -> Scale {
    let s = raw.get_ref();
    if !(s.zero_at.is_finite() && s.full_at.is_finite()) || s.zero_at == s.full_at {
        diags.push(
            error_at(file, raw.span(), "scale has equal (or non-finite) zero_at and full_at")
                .with_help("zero_at is the value giving 0 points, full_at the value giving all; they must differ"),
        );
    }
    Scale { unit: s.unit.clone(), zero_at: s.zero_at, full_at: s.full_at }
}

fn check_total(
    file: &SourceFile,
    span_of: &Spanned<f64>,
    max_score: Points,
    clusters: &[Cluster],
    diags: &mut Diagnostics,
) {
    let sum: Points = clusters.iter().map(Cluster::max_points).sum();
    if sum != max_score {
        diags.push(
            error_at(
                file,
                span_of.span(),
                format!("indicator max_points add up to {sum}, not max_score {max_score}"),
            )
            .with_help(if sum > max_score {
                format!(
                    "change max_score to {sum} or take {} off the indicators' max_points",
                    sum - max_score
                )
            } else {
                format!(
                    "change max_score to {sum} or add {} to the indicators' max_points",
                    max_score - sum
                )
            }),
        );
    }
}

fn tiers(
    file: &SourceFile,
    raw: &RawRubric,
    clusters: &[Cluster],
    diags: &mut Diagnostics,
) -> Vec<Tier> {
    if raw.tiers.is_empty() {
        diags.push(
            error_at(file, raw.id.span(), format!("rubric `{}` has no tiers", raw.id))
                .with_help("add [[tiers]] tables, lowest first, each with id, name and min_score"),
        );
    }
    let tiers: Vec<Tier> = raw.tiers.iter().map(|t| tier(file, t, clusters, diags)).collect();
    for (pair, raw_pair) in tiers.windows(2).zip(raw.tiers.windows(2)) {
        // A min_score that is not exact was reported already; do not compare it.
        let exact = raw_pair.iter().all(|t| Points::from_exact(*t.min_score.get_ref()).is_some());
        if exact && pair[1].min_score <= pair[0].min_score {
            diags.push(
                error_at(
                    file,
                    raw_pair[1].min_score.span(),
                    format!(
                        "tier `{}` min_score {} is not above the previous tier `{}` ({})",
                        pair[1].id, pair[1].min_score, pair[0].id, pair[0].min_score
                    ),
                )
                .with_help(
                    "list tiers from lowest to highest, each min_score strictly above the previous",
                ),
            );
        }
    }
    tiers
}

fn tier(file: &SourceFile, raw: &RawTier, clusters: &[Cluster], diags: &mut Diagnostics) -> Tier {
    let what = format!("min_score of tier `{}`", raw.id);
    let min_score = exact_points(file, &raw.min_score, &what, diags).unwrap_or_default();
    if *raw.min_score.get_ref() < 0.0 {
        diags.push(
            error_at(file, raw.min_score.span(), format!("{what} is negative"))
                .with_help("use a min_score between 0 and max_score"),
        );
    }
    Tier {
        id: raw.id.get_ref().as_str().into(),
        name: raw.name.0.clone(),
        min_score,
        gates: raw.gates.iter().filter_map(|g| gate(file, g, clusters, diags)).collect(),
    }
}

fn gate(
    file: &SourceFile,
    raw: &RawGate,
    clusters: &[Cluster],
    diags: &mut Diagnostics,
) -> Option<Gate> {
    let name = raw.cluster.get_ref();
    if !clusters.iter().any(|c| *c.id == **name) {
        let ids = clusters.iter().map(|c| &*c.id);
        let help = suggest_or(name, ids, || {
            let all: Vec<&str> = clusters.iter().map(|c| &*c.id).collect();
            format!("a gate names a cluster of this rubric: one of `{}`", all.join("`, `"))
        });
        diags.push(
            error_at(file, raw.cluster.span(), format!("gate names unknown cluster `{name}`"))
                .with_help(help),
        );
    }
    let percent = *raw.min_percent.get_ref();
    if !(0.0..=100.0).contains(&percent) {
        diags.push(
            error_at(file, raw.min_percent.span(), format!("min_percent {percent} is not 0..=100"))
                .with_help("min_percent is a percentage of the cluster's maximum, from 0 to 100"),
        );
    }
    let min_percent = exact_points(file, &raw.min_percent, "min_percent", diags)?;
    Some(Gate { cluster: name.as_str().into(), min_percent })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::common::source_file;

    pub(crate) const GOOD: &str = r#"id = "kla-24"
title = { id = "Evaluasi KLA", en = "KLA evaluation" }
from_year = 2019
max_score = 100
[[tiers]]
id = "madya"
name = "Madya"
min_score = 50
[[tiers]]
id = "utama"
name = "Utama"
min_score = 80.5
gates = [{ cluster = "kelembagaan", min_percent = 80 }]
[[clusters]]
id = "kelembagaan"
name = "Kelembagaan"
  [[clusters.indicators]]
  id = "perda-kla"
  name = "Perda KLA"
  max_points = 40
  [[clusters.indicators]]
  id = "akta"
  name = "Akta kelahiran"
  max_points = 60
  scale = { unit = "%", zero_at = 50, full_at = 100 }
"#;

    fn load(src: &str) -> (Option<ParsedRubric>, Vec<(String, String)>) {
        let mut diags = Diagnostics::new();
        let parsed = parse(&source_file("content/rubrics/kla-24.toml", src), &mut diags);
        diags.sort();
        (parsed, diags.iter().map(|d| (d.location(), d.message.clone())).collect())
    }

    fn problems(src: &str) -> Vec<(String, String)> {
        load(src).1
    }

    #[test]
    fn parses_a_valid_rubric() {
        let (parsed, problems) = load(GOOD);
        assert!(problems.is_empty(), "{problems:?}");
        let rubric = parsed.unwrap().rubric;
        assert_eq!(rubric.max_score, Points::whole(100));
        assert_eq!(rubric.tiers[1].min_score, Points(8050));
        assert_eq!(rubric.tiers[1].gates[0].min_percent, Points(8000));
        assert_eq!(rubric.title.get("en"), "KLA evaluation");
        let (_, akta) = rubric.indicator("akta").unwrap();
        assert_eq!(akta.scale.as_ref().unwrap().full_at, 100.0);
    }

    #[test]
    fn errors_on_toml_syntax() {
        let p = problems(&GOOD.replace("from_year = 2019", "from_year = = 2019"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:3:13");
    }

    #[test]
    fn errors_on_unknown_field_in_an_indicator() {
        let p = problems(&GOOD.replace("max_points = 40", "max_points = 40\n  weight = 2"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:21:3");
        assert!(p[0].1.contains("unknown field `weight`"), "{p:?}");
    }

    #[test]
    fn errors_on_id_differing_from_file_name() {
        let p = problems(&GOOD.replace("id = \"kla-24\"", "id = \"kla-31\""));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:1:6");
        assert!(p[0].1.contains("differs from its file name"));
    }

    #[test]
    fn errors_on_tiers_not_strictly_ascending() {
        let p = problems(&GOOD.replace("min_score = 80.5", "min_score = 50"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:12:13");
        assert!(p[0].1.contains("tier `utama` min_score 50 is not above"), "{p:?}");
    }

    #[test]
    fn errors_on_gate_naming_unknown_cluster() {
        let p = problems(&GOOD.replace("cluster = \"kelembagaan\"", "cluster = \"kelembagan\""));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:13:22");
        assert!(p[0].1.contains("unknown cluster `kelembagan`"));
        let mut diags = Diagnostics::new();
        let bad = GOOD.replace("cluster = \"kelembagaan\"", "cluster = \"kelembagan\"");
        parse(&source_file("content/rubrics/kla-24.toml", &bad), &mut diags);
        assert_eq!(diags.0[0].help.as_deref(), Some("did you mean `kelembagaan`?"));
    }

    #[test]
    fn errors_on_duplicate_ids_within_a_rubric() {
        let src = GOOD
            .replace("id = \"akta\"", "id = \"perda-kla\"")
            .replace("id = \"utama\"", "id = \"madya\"");
        let p = problems(&src);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:10:6");
        assert!(p[0].1.contains("duplicate tier id `madya`"));
        assert_eq!(p[1].0, "content/rubrics/kla-24.toml:22:8");
        assert!(p[1].1.contains("duplicate indicator id `perda-kla`"));
    }

    #[test]
    fn errors_on_duplicate_cluster_ids() {
        let src = format!(
            "{GOOD}[[clusters]]\nid = \"kelembagaan\"\nname = \"x\"\n  [[clusters.indicators]]\n  id = \"x\"\n  name = \"x\"\n  max_points = 1\n"
        );
        let p = problems(&src.replace("max_score = 100", "max_score = 101"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:27:6");
        assert!(p[0].1.contains("duplicate cluster id `kelembagaan`"));
    }

    #[test]
    fn errors_on_max_points_not_summing_to_max_score() {
        let p = problems(&GOOD.replace("max_points = 60", "max_points = 59.5"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:4:13");
        assert_eq!(p[0].1, "indicator max_points add up to 99.5, not max_score 100");
    }

    #[test]
    fn errors_on_more_than_two_decimals_in_a_rubric() {
        let p = problems(&GOOD.replace("min_score = 80.5", "min_score = 80.505"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:12:13");
        assert!(p[0].1.contains("more than 2 decimals"));
    }

    #[test]
    fn errors_on_until_year_before_from_year_and_flat_scale() {
        let src = GOOD
            .replace("from_year = 2019", "from_year = 2019\nuntil_year = 2018")
            .replace("zero_at = 50", "zero_at = 100");
        let p = problems(&src);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].0, "content/rubrics/kla-24.toml:4:14");
        assert_eq!(p[1].0, "content/rubrics/kla-24.toml:26:11");
    }
}
