//! `kla explain`: why a region has its score and predikat, as plain text.
//!
//! Reads a [`Scored`] site and writes, for one region's evaluation: every
//! cluster and indicator with points/max (and the measured value), the
//! predikat with each tier's threshold and gates and whether they hold, the
//! national and province rank, the change since the previous evaluation, and
//! the cheapest route to the next predikat. The text is stable (no colours,
//! no widths taken from the terminal) so it can be snapshot-tested. It does
//! not compute scores: everything comes from `score`.

use std::fmt::Write;

use crate::model::{Points, Region, Rubric, Tier};
use crate::score::predikat::{gate_holds, tier_holds};
use crate::score::{Computed, Direction, Scored, ScoredEvaluation};

/// Why there is nothing to explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExplainError {
    /// No region has this slug; carries the closest slug, if any is close.
    UnknownRegion {
        /// The slug asked for.
        slug: String,
        /// The closest existing slug.
        closest: Option<String>,
    },
    /// The region has no evaluation of that year (or none at all).
    NoEvaluation {
        /// The region's slug.
        slug: String,
        /// The year asked for, if one was.
        year: Option<u16>,
        /// The years it does have.
        years: Vec<u16>,
    },
}

impl std::fmt::Display for ExplainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExplainError::UnknownRegion { slug, closest: Some(close) } => {
                write!(f, "no region `{slug}`\n  = help: did you mean `{close}`?")
            }
            ExplainError::UnknownRegion { slug, closest: None } => write!(
                f,
                "no region `{slug}`\n  = help: region slugs are the folder names under content/regions/"
            ),
            ExplainError::NoEvaluation { slug, year, years } => {
                let asked = year.map(|y| format!(" of {y}")).unwrap_or_default();
                let have: Vec<String> = years.iter().map(u16::to_string).collect();
                let help = if have.is_empty() {
                    "it has no evaluation yet".to_string()
                } else {
                    format!("its evaluations: {}", have.join(", "))
                };
                write!(f, "`{slug}` has no evaluation{asked}\n  = help: {help}")
            }
        }
    }
}

/// The explanation of `slug`'s evaluation of `year` (its latest when `None`).
pub fn explain(scored: &Scored, slug: &str, year: Option<u16>) -> Result<String, ExplainError> {
    let site = &scored.site;
    let (index, region) =
        site.regions.iter().enumerate().find(|(_, r)| r.slug == slug).ok_or_else(|| {
            ExplainError::UnknownRegion {
                slug: slug.to_string(),
                closest: closest_slug(scored, slug),
            }
        })?;
    let mine: Vec<&ScoredEvaluation> =
        scored.evaluations.iter().filter(|e| e.region == index).collect();
    let chosen = match year {
        Some(y) => mine.iter().find(|e| e.year == y),
        None => mine.last(),
    }
    .ok_or_else(|| ExplainError::NoEvaluation {
        slug: slug.to_string(),
        year,
        years: mine.iter().map(|e| e.year).collect(),
    })?;
    Ok(render(scored, region, chosen))
}

fn closest_slug(scored: &Scored, slug: &str) -> Option<String> {
    scored
        .site
        .regions
        .iter()
        .map(|r| (strsim::levenshtein(slug, &r.slug), &r.slug))
        .filter(|(distance, candidate)| *distance <= candidate.len() / 2)
        .min()
        .map(|(_, s)| s.clone())
}

fn render(scored: &Scored, region: &Region, e: &ScoredEvaluation) -> String {
    let rubric = &scored.site.rubrics[e.rubric];
    let evaluation = &region.evaluations[e.evaluation];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, {}, code {}): evaluation {}, rubric {}",
        region.name,
        region.kind.as_str(),
        region.province,
        region.code,
        e.year,
        rubric.id
    );
    if let Some(source) = &evaluation.source {
        let _ = writeln!(out, "source: {source}");
    }
    if evaluation.illustrative {
        let _ = writeln!(
            out,
            "note: the points are the publisher's illustration, not published figures"
        );
    }
    let official = e.official.as_deref().map(|id| tier_name(rubric, id));
    let Some(computed) = &e.computed else {
        let _ = writeln!(
            out,
            "\nNo computed score: the file gives no [points] or [values].\nofficial predikat: {}",
            official.unwrap_or_else(|| "none announced".into())
        );
        return out;
    };
    breakdown(&mut out, rubric, computed);
    predikat(&mut out, rubric, computed, official, e.mismatch);
    standing(&mut out, e);
    route(&mut out, rubric, computed, e);
    out
}

fn tier_name(rubric: &Rubric, id: &str) -> String {
    rubric.tier(id).map_or_else(|| id.to_string(), |t| t.name.id.clone())
}

fn breakdown(out: &mut String, rubric: &Rubric, computed: &Computed) {
    let _ = writeln!(out, "\nScore: {} / {}", computed.total, computed.max);
    for (cluster, score) in rubric.clusters.iter().zip(&computed.clusters) {
        let _ = writeln!(
            out,
            "\n  {} ({})  {} / {}  {:.1} %",
            cluster.name.id,
            cluster.id,
            score.points,
            score.max,
            score.points.percent_of(score.max)
        );
        for indicator in computed.indicators.iter().filter(|i| i.cluster == cluster.id) {
            let unit = rubric
                .indicator(&indicator.id)
                .and_then(|(_, i)| i.scale.as_ref())
                .map_or("", |s| s.unit.as_str());
            let detail = match (&indicator.value, indicator.missing) {
                (_, true) => "  (not given: counts 0)".to_string(),
                (Some(v), _) => {
                    let year = v.year.map(|y| format!(", {y}")).unwrap_or_default();
                    let source = v.source.as_deref().map(|s| format!(", {s}")).unwrap_or_default();
                    format!("  (value {} {unit}{year}{source})", v.value)
                }
                (None, _) => String::new(),
            };
            let _ = writeln!(
                out,
                "    {:<28} {:>7} / {}{detail}",
                indicator.id,
                indicator.points.to_string(),
                indicator.max
            );
        }
    }
}

fn predikat(
    out: &mut String,
    rubric: &Rubric,
    computed: &Computed,
    official: Option<String>,
    mismatch: bool,
) {
    let reached =
        computed.predikat.as_deref().map_or("no predikat".into(), |id| tier_name(rubric, id));
    let _ = writeln!(out, "\nPredikat: {reached}");
    if let Some(official) = official {
        let note = if mismatch { " (differs from the computed predikat)" } else { "" };
        let _ = writeln!(out, "  official: {official}{note}");
    }
    for tier in rubric.tiers.iter().rev() {
        let holds = tier_holds(tier, &computed.clusters, computed.total);
        let mark = if holds { "yes" } else { "no " };
        let short = if tier.min_score > computed.total {
            format!(" ({} short)", tier.min_score - computed.total)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  [{mark}] {:<20} from {}{short}{}",
            tier.name.id,
            tier.min_score,
            gates(tier, computed)
        );
    }
}

fn gates(tier: &Tier, computed: &Computed) -> String {
    tier.gates
        .iter()
        .map(|gate| {
            let points = computed.clusters.iter().find(|c| c.id == gate.cluster);
            let percent = points.map_or(0.0, |c| c.points.percent_of(c.max));
            let holds = if gate_holds(gate, &computed.clusters) { "holds" } else { "fails" };
            format!("; gate {} >= {} %: {percent:.1} % {holds}", gate.cluster, gate.min_percent)
        })
        .collect()
}

fn standing(out: &mut String, e: &ScoredEvaluation) {
    let rank = |rank: Option<u32>, of: u32| rank.map_or("-".into(), |r| format!("{r} of {of}"));
    let _ = writeln!(
        out,
        "\nRank {}: national {}, province {}",
        e.year,
        rank(e.ranks.national, e.ranks.national_of),
        rank(e.ranks.province, e.ranks.province_of)
    );
    let Some(trend) = &e.trend else {
        let _ = writeln!(out, "Change: first evaluation");
        return;
    };
    let delta = trend.delta.map_or("no computed score to compare".into(), |d| {
        let sign = if d > Points::ZERO { "+" } else { "" };
        format!("{sign}{}", points(d))
    });
    let direction = match trend.predikat {
        Some(Direction::Up) => ", predikat up",
        Some(Direction::Down) => ", predikat down",
        Some(Direction::Same) => ", same predikat",
        None => "",
    };
    let _ = writeln!(out, "Change since {}: {delta}{direction}", trend.previous_year);
}

fn route(out: &mut String, rubric: &Rubric, computed: &Computed, e: &ScoredEvaluation) {
    let Some(gap) = &e.gap else {
        let _ = writeln!(out, "\nNext predikat: none, already at the top tier");
        return;
    };
    let _ = writeln!(
        out,
        "\nNext predikat: {}, {} needed",
        tier_name(rubric, &gap.next),
        points(gap.points_needed)
    );
    let mut open: Vec<(&str, Points)> = computed
        .indicators
        .iter()
        .map(|i| (&*i.id, i.max - i.points))
        .filter(|(_, open)| *open > Points::ZERO)
        .collect();
    open.sort_by_key(|(_, open)| std::cmp::Reverse(*open));
    let mut covered = Points::ZERO;
    for (id, points) in open {
        if covered >= gap.points_needed {
            break;
        }
        covered += points;
        let _ = writeln!(out, "  + {id:<28} up to {points} open (running total {covered})");
    }
    if covered < gap.points_needed {
        let _ = writeln!(out, "  every open point together is not enough");
    }
    let next = rubric.tier(&gap.next);
    for gate in
        next.iter().flat_map(|t| &t.gates).filter(|g| gap.failing_gates.contains(&g.cluster))
    {
        let Some(cluster) = computed.clusters.iter().find(|c| c.id == gate.cluster) else {
            continue;
        };
        let _ = writeln!(
            out,
            "  and the gate on {}: at least {} % of {}, i.e. {} points (now {})",
            gate.cluster,
            gate.min_percent,
            cluster.max,
            gate_minimum(gate.min_percent, cluster.max),
            cluster.points
        );
        let mut in_cluster: Vec<(&str, Points)> = computed
            .indicators
            .iter()
            .filter(|i| i.cluster == gate.cluster && i.max > i.points)
            .map(|i| (&*i.id, i.max - i.points))
            .collect();
        in_cluster.sort_by_key(|(_, open)| std::cmp::Reverse(*open));
        let listed: Vec<String> =
            in_cluster.iter().map(|(id, open)| format!("{id} ({open} open)")).collect();
        let _ = writeln!(out, "    open in {}: {}", gate.cluster, listed.join(", "));
    }
}

/// The fewest points (in hundredths) that make `min_percent` of `max` hold:
/// the ceiling of `min_percent * max / 10000`, exactly as `gate_holds` compares.
/// `1 point`, `-1 point`, `2.5 points`: an amount of points with the noun in the right form.
fn points(p: Points) -> String {
    let noun = if p.0.abs() == 100 { "point" } else { "points" };
    format!("{p} {noun}")
}

fn gate_minimum(min_percent: Points, max: Points) -> Points {
    let product = i128::from(min_percent.0) * i128::from(max.0);
    let ceiling = (product + 9_999).div_euclid(10_000);
    Points(i64::try_from(ceiling).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_minimum_is_the_smallest_total_that_holds() {
        // 80 % of 30 points is 24; 33.33 % of 30 is 9.999, so 10.00.
        assert_eq!(gate_minimum(Points(8000), Points(3000)), Points(2400));
        assert_eq!(gate_minimum(Points(3333), Points(3000)), Points(1000));
    }
}
