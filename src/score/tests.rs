//! Tests of [`super::score`] over small sites built in code, plus the builders
//! the submodules' tests share. No files are read: the loader is tested elsewhere.

use std::path::PathBuf;

use super::*;
use crate::model::{
    Cluster, Gate, Indicator, IndicatorInput, Inputs, Localized, Region, RegionKind, Rubric, Scale,
    SiteConfig, SourceFile, Tier,
};

// ---------------------------------------------------------------- builders

/// A 100-point rubric with two 50-point clusters:
/// `a` = a1 (30, given) + a2 (20, scale 50 → 100 %), `b` = b1 (40, given) + b2 (10, scale 20 → 0 %, lower is better).
/// Tiers: pratama 50, madya 60, nindya 70 (gate b ≥ 80 %), utama 80, kla 90 (gate a ≥ 90 %).
pub(crate) fn test_rubric(id: &str, from_year: u16, until_year: Option<u16>) -> Rubric {
    Rubric {
        id: id.into(),
        title: Localized::id_only(id),
        from_year,
        until_year,
        max_score: Points::whole(100),
        note: None,
        tiers: vec![
            tier("pratama", 50, &[]),
            tier("madya", 60, &[]),
            tier("nindya", 70, &[("b", 80)]),
            tier("utama", 80, &[]),
            tier("kla", 90, &[("a", 90)]),
        ],
        clusters: vec![
            cluster("a", &[("a1", 30, None), ("a2", 20, Some((50.0, 100.0)))]),
            cluster("b", &[("b1", 40, None), ("b2", 10, Some((20.0, 0.0)))]),
        ],
    }
}

fn tier(id: &str, min_score: i64, gates: &[(&str, i64)]) -> Tier {
    Tier {
        id: id.into(),
        name: Localized::id_only(id),
        min_score: Points::whole(min_score),
        gates: gates
            .iter()
            .map(|&(cluster, percent)| Gate {
                cluster: cluster.into(),
                min_percent: Points::whole(percent),
            })
            .collect(),
    }
}

/// An indicator spec for [`cluster`]: id, max points, optional `(zero_at, full_at)` scale.
type IndicatorSpec<'a> = (&'a str, i64, Option<(f64, f64)>);

fn cluster(id: &str, indicators: &[IndicatorSpec<'_>]) -> Cluster {
    Cluster {
        id: id.into(),
        name: Localized::id_only(id),
        indicators: indicators
            .iter()
            .map(|&(id, max, scale)| Indicator {
                id: id.into(),
                name: Localized::id_only(id),
                max_points: Points::whole(max),
                scale: scale.map(|(zero_at, full_at)| Scale { unit: "%".into(), zero_at, full_at }),
            })
            .collect(),
    }
}

/// A cluster subtotal with no ranks, for predicate tests.
pub(crate) fn cluster_score(id: &str, points: i64, max: i64) -> ClusterScore {
    ClusterScore {
        id: id.into(),
        points: Points(points),
        max: Points(max),
        rank_national: None,
        rank_province: None,
    }
}

fn source(path: &str) -> SourceFile {
    SourceFile { path: PathBuf::from(path), src: "".into() }
}

/// An evaluation with points given directly, in hundredths: `[("a1", 3000), ...]`.
fn scored_with(year: u16, rubric: usize, points: &[(&str, i64)]) -> Evaluation {
    let inputs = points
        .iter()
        .map(|&(id, p)| (Id::from(id), IndicatorInput::Points(Points(p))))
        .collect::<Inputs>();
    Evaluation {
        year,
        rubric,
        official: None,
        claims: vec![],
        source: None,
        self_assessment: None,
        illustrative: false,
        has_data: true,
        inputs,
        narrative: None,
        file: source(&format!("{year}.toml")),
    }
}

/// An evaluation whose total is `total` hundredths, spread so that both
/// clusters stay at or above 90 % where possible (gates hold unless the total is low).
fn scored_total(year: u16, rubric: usize, total: i64) -> Evaluation {
    let a = total / 2;
    let b = total - a;
    scored_with(
        year,
        rubric,
        &[
            ("a1", a.min(3000)),
            ("a2", a - a.min(3000)),
            ("b1", b.min(4000)),
            ("b2", b - b.min(4000)),
        ],
    )
}

/// An official-only evaluation: no `[points]`, no `[values]`.
fn official_only(year: u16, rubric: usize, official: &str) -> Evaluation {
    Evaluation {
        has_data: false,
        inputs: Default::default(),
        official: Some(official.into()),
        ..scored_with(year, rubric, &[])
    }
}

fn with_official(evaluation: Evaluation, official: &str) -> Evaluation {
    Evaluation { official: Some(official.into()), ..evaluation }
}

fn with_value(mut evaluation: Evaluation, id: &str, value: f64) -> Evaluation {
    evaluation
        .inputs
        .insert(id.into(), IndicatorInput::Value(Measured { value, year: None, source: None }));
    evaluation
}

fn region(slug: &str, province: &str, evaluations: Vec<Evaluation>) -> Region {
    Region {
        slug: slug.into(),
        name: slug.into(),
        kind: RegionKind::Kota,
        province: province.into(),
        code: slug.into(),
        former: vec![],
        narrative: None,
        evaluations,
        file: source(&format!("content/regions/{slug}/region.toml")),
    }
}

fn site(rubrics: Vec<Rubric>, mut regions: Vec<Region>) -> Site {
    regions.sort_by(|a, b| a.slug.cmp(&b.slug));
    Site {
        config: SiteConfig {
            title: "Test".into(),
            description: None,
            base_url: "https://example.org/".into(),
            languages: vec!["id".into()],
            theme: "default".into(),
            author: None,
            unsafe_html: false,
            search_full_text: true,
        },
        rubrics,
        regions: regions.into_iter().map(std::sync::Arc::new).collect(),
        pages: Vec::new(),
        announcements: vec![],
        slug_index: Default::default(),
        warnings: Default::default(),
        boundaries: None,
    }
}

/// One rubric from 2019, open-ended.
fn one_rubric_site(regions: Vec<Region>) -> Site {
    site(vec![test_rubric("kla-test", 2019, None)], regions)
}

/// The scored evaluation of `slug` in `year`.
fn find<'s>(scored: &'s Scored, slug: &str, year: u16) -> &'s ScoredEvaluation {
    scored
        .evaluations
        .iter()
        .find(|e| scored.site.regions[e.region].slug == slug && e.year == year)
        .unwrap_or_else(|| panic!("no evaluation {slug} {year}"))
}

fn computed<'s>(scored: &'s Scored, slug: &str, year: u16) -> &'s Computed {
    find(scored, slug, year).computed.as_ref().expect("computed")
}

// ---------------------------------------------------------------- points and totals

#[test]
fn indicator_points_come_from_given_points_and_from_scaled_values() {
    let ev = with_value(
        with_value(scored_with(2020, 0, &[("a1", 2550), ("b1", 4000)]), "a2", 97.2),
        "b2",
        5.0,
    );
    let scored = score(one_rubric_site(vec![region("kota-x", "P", vec![ev])]));
    let c = computed(&scored, "kota-x", 2020);
    let points: Vec<(&str, i64)> =
        c.indicators.iter().map(|i| (i.id.as_ref(), i.points.0)).collect();
    // a2: (97.2 - 50) / 50 * 20 = 18.88; b2: (5 - 20) / (0 - 20) * 10 = 7.5.
    assert_eq!(points, [("a1", 2550), ("a2", 1888), ("b1", 4000), ("b2", 750)]);
    assert_eq!(c.indicators[1].value.as_ref().map(|m| m.value), Some(97.2));
    assert_eq!(c.indicators[0].value, None);
    assert_eq!(
        c.clusters.iter().map(|k| (k.id.as_ref(), k.points.0, k.max.0)).collect::<Vec<_>>(),
        [("a", 4438, 5000), ("b", 4750, 5000)]
    );
    assert_eq!(c.total, Points(9188));
    assert_eq!(c.max, Points::whole(100));
    assert!(c.complete);
    // 91.88 with a at 88.76 % (< 90 %): kla's gate fails, so utama.
    assert_eq!(c.predikat.as_deref(), Some("utama"));
}

#[test]
fn total_is_the_exact_sum_of_hundredths() {
    // 0.1 + 0.2 style sums stay exact: 33.33 + 16.67 + 0.01 + 0 = 50.01.
    let ev = scored_with(2020, 0, &[("a1", 3333), ("a2", 1667), ("b1", 1), ("b2", 0)]);
    let scored = score(one_rubric_site(vec![region("kota-x", "P", vec![ev])]));
    let c = computed(&scored, "kota-x", 2020);
    assert_eq!(c.total, Points(5001));
    assert_eq!(c.clusters[0].points + c.clusters[1].points, c.total);
    assert_eq!(c.predikat.as_deref(), Some("pratama"));
}

#[test]
fn an_indicator_given_neither_way_counts_zero_and_makes_the_evaluation_incomplete() {
    let ev = scored_with(2020, 0, &[("a1", 3000), ("a2", 2000), ("b1", 4000)]);
    let scored = score(one_rubric_site(vec![region("kota-x", "P", vec![ev])]));
    let c = computed(&scored, "kota-x", 2020);
    let b2 = c.indicators.iter().find(|i| &*i.id == "b2").unwrap();
    assert!(b2.missing);
    assert_eq!(b2.points, Points::ZERO);
    assert!(c.indicators.iter().filter(|i| &*i.id != "b2").all(|i| !i.missing));
    assert!(!c.complete);
    // Still scored: 90 points, b at 80 %, a at 100 %: kla.
    assert_eq!(c.total, Points::whole(90));
    assert_eq!(c.predikat.as_deref(), Some("kla"));
}

#[test]
fn a_value_for_an_indicator_without_a_scale_counts_as_missing_without_panicking() {
    let ev =
        with_value(scored_with(2020, 0, &[("a2", 2000), ("b1", 4000), ("b2", 1000)]), "a1", 99.0);
    let scored = score(one_rubric_site(vec![region("kota-x", "P", vec![ev])]));
    let c = computed(&scored, "kota-x", 2020);
    assert!(c.indicators[0].missing);
    assert_eq!(c.indicators[0].points, Points::ZERO);
    assert!(!c.complete);
}

#[test]
fn scores_at_and_just_below_each_tier_through_the_whole_pipeline() {
    let cases = [
        (4999, None),
        (5000, Some("pratama")),
        (8999, Some("utama")),
        (9000, Some("kla")),
        (10000, Some("kla")),
    ];
    for (total, expected) in cases {
        let scored =
            score(one_rubric_site(vec![region("kota-x", "P", vec![scored_total(2020, 0, total)])]));
        let c = computed(&scored, "kota-x", 2020);
        assert_eq!(c.total, Points(total));
        assert_eq!(c.predikat.as_deref(), expected, "total {total}");
    }
}

// ---------------------------------------------------------------- official-only and mismatch

#[test]
fn an_official_only_evaluation_has_no_score_rank_gap_or_mismatch_but_gets_the_counts() {
    let scored = score(one_rubric_site(vec![
        region("kota-a", "P", vec![official_only(2020, 0, "madya")]),
        region("kota-b", "P", vec![scored_total(2020, 0, 7000)]),
        region("kota-c", "Q", vec![scored_total(2020, 0, 6000)]),
    ]));
    let e = find(&scored, "kota-a", 2020);
    assert_eq!(e.computed, None);
    assert_eq!(e.official.as_deref(), Some("madya"));
    assert!(!e.mismatch);
    assert_eq!(e.gap, None);
    assert_eq!(e.ranks, Ranks { national: None, national_of: 2, province: None, province_of: 1 });
}

#[test]
fn accessors_report_nothing_computed_for_an_official_only_evaluation() {
    let scored = score(one_rubric_site(vec![region(
        "kota-x",
        "P",
        vec![
            official_only(2019, 0, "madya"),
            scored_total(2020, 0, 6500),
            scored_with(2021, 0, &[("a1", 3000)]),
        ],
    )]));
    let summary = |year| {
        let e = find(&scored, "kota-x", year);
        (e.total(), e.predikat().map(str::to_string), e.is_complete())
    };
    assert_eq!(summary(2019), (None, None, false));
    assert_eq!(summary(2020), (Some(Points(6500)), Some("madya".to_string()), true));
    assert_eq!(summary(2021), (Some(Points(3000)), None, false));
}

#[test]
fn mismatch_is_flagged_only_when_official_and_computed_differ() {
    let cases = [
        // (total, official, mismatch)
        (6500, Some("madya"), false),
        (6500, Some("utama"), true),
        (4000, Some("pratama"), true), // computed "no predikat" against an announced one
        (6500, None, false),
    ];
    for (total, official, expected) in cases {
        let ev = scored_total(2020, 0, total);
        let ev = match official {
            Some(o) => with_official(ev, o),
            None => ev,
        };
        let scored = score(one_rubric_site(vec![region("kota-x", "P", vec![ev])]));
        assert_eq!(
            find(&scored, "kota-x", 2020).mismatch,
            expected,
            "total {total}, official {official:?}"
        );
    }
}

// ---------------------------------------------------------------- ranks

#[test]
fn ranks_share_ties_nationally_and_in_the_province_and_skip_the_next_rank() {
    let scored = score(one_rubric_site(vec![
        region("kota-a", "P", vec![scored_total(2020, 0, 9000)]),
        region("kota-b", "P", vec![scored_total(2020, 0, 8000)]),
        region("kota-c", "Q", vec![scored_total(2020, 0, 8000)]),
        region("kota-d", "P", vec![scored_total(2020, 0, 8000)]),
        region("kota-e", "Q", vec![scored_total(2020, 0, 7000)]),
        region("kota-f", "Q", vec![official_only(2020, 0, "kla")]),
    ]));
    let ranks = |slug| {
        let r = &find(&scored, slug, 2020).ranks;
        (r.national, r.national_of, r.province, r.province_of)
    };
    assert_eq!(ranks("kota-a"), (Some(1), 5, Some(1), 3));
    assert_eq!(ranks("kota-b"), (Some(2), 5, Some(2), 3));
    assert_eq!(ranks("kota-c"), (Some(2), 5, Some(1), 2));
    assert_eq!(ranks("kota-d"), (Some(2), 5, Some(2), 3));
    assert_eq!(ranks("kota-e"), (Some(5), 5, Some(2), 2));
    assert_eq!(ranks("kota-f"), (None, 5, None, 2));
}

#[test]
fn ranks_are_per_year() {
    let scored = score(one_rubric_site(vec![
        region("kota-a", "P", vec![scored_total(2020, 0, 6000), scored_total(2021, 0, 9000)]),
        region("kota-b", "P", vec![scored_total(2020, 0, 7000)]),
    ]));
    assert_eq!(find(&scored, "kota-a", 2020).ranks.national, Some(2));
    assert_eq!(
        find(&scored, "kota-a", 2021).ranks,
        Ranks { national: Some(1), national_of: 1, province: Some(1), province_of: 1 }
    );
    assert_eq!(find(&scored, "kota-b", 2020).ranks.national_of, 2);
}

#[test]
fn cluster_ranks_share_ties_nationally_and_in_the_province() {
    let scored = score(one_rubric_site(vec![
        region("kota-a", "P", vec![scored_with(2020, 0, &[("a1", 3000), ("b1", 1000)])]),
        region("kota-b", "P", vec![scored_with(2020, 0, &[("a1", 2000), ("b1", 4000)])]),
        region("kota-c", "Q", vec![scored_with(2020, 0, &[("a1", 3000), ("b1", 4000)])]),
        region("kota-d", "P", vec![scored_with(2020, 0, &[("a1", 1000), ("b1", 4000)])]),
    ]));
    let cluster_ranks = |slug| {
        computed(&scored, slug, 2020)
            .clusters
            .iter()
            .map(|c| (c.id.clone(), c.rank_national, c.rank_province))
            .collect::<Vec<_>>()
    };
    let r = |id: &str, n, p| (Id::from(id), Some(n), Some(p));
    assert_eq!(cluster_ranks("kota-a"), [r("a", 1, 1), r("b", 4, 3)]);
    assert_eq!(cluster_ranks("kota-b"), [r("a", 3, 2), r("b", 1, 1)]);
    assert_eq!(cluster_ranks("kota-c"), [r("a", 1, 1), r("b", 1, 1)]);
    assert_eq!(cluster_ranks("kota-d"), [r("a", 4, 3), r("b", 1, 1)]);
}

#[test]
fn ranking_a_large_year_stays_consistent_with_the_totals() {
    // Many regions, few distinct totals: each rank is 1 + the number of strictly higher totals.
    let regions: Vec<Region> = (0..3000)
        .map(|i| {
            region(
                &format!("kota-{i:05}"),
                if i % 2 == 0 { "P" } else { "Q" },
                vec![scored_total(2020, 0, (i % 7) * 1000)],
            )
        })
        .collect();
    let scored = score(one_rubric_site(regions));
    let totals: Vec<i64> =
        scored.evaluations.iter().map(|e| e.computed.as_ref().unwrap().total.0).collect();
    let mut sorted = totals.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    for (e, total) in scored.evaluations.iter().zip(&totals) {
        let higher = sorted.partition_point(|t| t > total);
        assert_eq!(e.ranks.national, Some(higher as u32 + 1));
        assert_eq!(e.ranks.national_of, 3000);
        assert_eq!(e.ranks.province_of, 1500);
    }
}

// ---------------------------------------------------------------- trend

/// A 2011–2018 rubric with the same tier ids as [`test_rubric`] but other thresholds.
fn old_rubric() -> Rubric {
    let mut rubric = test_rubric("kla-old", 2011, Some(2018));
    for (tier, min) in rubric.tiers.iter_mut().zip([40, 55, 65, 75, 85]) {
        tier.min_score = Points::whole(min);
    }
    rubric
}

#[test]
fn trend_compares_computed_predikat_by_position_across_two_rubrics() {
    let rubrics = vec![old_rubric(), test_rubric("kla-24", 2019, None)];
    let scored = score(site(
        rubrics,
        vec![
            // 70 points with b at 70 % is madya under both rubrics (nindya's gate fails); 85 is utama; 45 is none.
            region(
                "kota-x",
                "P",
                vec![
                    scored_total(2018, 0, 7000),
                    scored_total(2019, 1, 7000),
                    scored_total(2020, 1, 8500),
                    scored_total(2021, 1, 4500),
                ],
            ),
        ],
    ));
    assert_eq!(find(&scored, "kota-x", 2018).trend, None);
    let trend = |year| find(&scored, "kota-x", year).trend.clone().expect("trend");
    assert_eq!(
        trend(2019),
        Trend { previous_year: 2018, delta: Some(Points(0)), predikat: Some(Direction::Same) }
    );
    assert_eq!(
        trend(2020),
        Trend { previous_year: 2019, delta: Some(Points(1500)), predikat: Some(Direction::Up) }
    );
    assert_eq!(
        trend(2021),
        Trend { previous_year: 2020, delta: Some(Points(-4000)), predikat: Some(Direction::Down) }
    );
}

#[test]
fn trend_uses_tier_position_when_tier_ids_differ_between_rubrics() {
    let mut old = old_rubric();
    for t in &mut old.tiers {
        t.id = format!("old-{}", t.id).into();
    }
    // 2018 old: 60 reaches old-madya (index 1); 2019: 60 reaches madya (index 1).
    let scored = score(site(
        vec![old, test_rubric("kla-24", 2019, None)],
        vec![region("kota-x", "P", vec![scored_total(2018, 0, 6000), scored_total(2019, 1, 6000)])],
    ));
    assert_eq!(computed(&scored, "kota-x", 2018).predikat.as_deref(), Some("old-madya"));
    assert_eq!(
        find(&scored, "kota-x", 2019).trend.as_ref().unwrap().predikat,
        Some(Direction::Same)
    );
}

#[test]
fn trend_falls_back_to_official_predikat_when_either_side_is_not_computed() {
    let scored = score(site(
        vec![old_rubric(), test_rubric("kla-24", 2019, None)],
        vec![region(
            "kota-x",
            "P",
            vec![
                official_only(2017, 0, "utama"),
                official_only(2018, 0, "madya"),
                with_official(scored_total(2019, 1, 9500), "madya"),
                scored_total(2020, 1, 9500),
            ],
        )],
    ));
    let trend = |year| find(&scored, "kota-x", year).trend.clone().expect("trend");
    assert_eq!(
        trend(2018),
        Trend { previous_year: 2017, delta: None, predikat: Some(Direction::Down) }
    );
    // 2018 not computed: official against official (madya, madya) even though 2019 computes kla.
    assert_eq!(
        trend(2019),
        Trend { previous_year: 2018, delta: None, predikat: Some(Direction::Same) }
    );
    // Both computed: kla against kla.
    assert_eq!(
        trend(2020),
        Trend { previous_year: 2019, delta: Some(Points(0)), predikat: Some(Direction::Same) }
    );
}

#[test]
fn trend_prefers_computed_predikat_over_official_when_both_are_computed() {
    // Officially up (pratama -> utama), but the computed predikat went down (utama -> madya).
    let scored = score(one_rubric_site(vec![region(
        "kota-x",
        "P",
        vec![
            with_official(scored_total(2019, 0, 8500), "pratama"),
            with_official(scored_total(2020, 0, 6500), "utama"),
        ],
    )]));
    assert_eq!(
        find(&scored, "kota-x", 2020).trend.as_ref().unwrap().predikat,
        Some(Direction::Down)
    );
}

#[test]
fn trend_has_no_direction_without_two_computed_or_two_official_predikat() {
    let scored = score(one_rubric_site(vec![region(
        "kota-x",
        "P",
        vec![official_only(2019, 0, "utama"), scored_total(2020, 0, 9500)],
    )]));
    assert_eq!(
        find(&scored, "kota-x", 2020).trend,
        Some(Trend { previous_year: 2019, delta: None, predikat: None })
    );
}

#[test]
fn no_predikat_counts_below_every_tier_in_the_trend() {
    let scored = score(one_rubric_site(vec![region(
        "kota-x",
        "P",
        vec![
            scored_total(2019, 0, 4000),
            scored_total(2020, 0, 5000),
            scored_total(2021, 0, 3000),
            scored_total(2022, 0, 2000),
        ],
    )]));
    let direction = |year| find(&scored, "kota-x", year).trend.as_ref().unwrap().predikat;
    assert_eq!(direction(2020), Some(Direction::Up));
    assert_eq!(direction(2021), Some(Direction::Down));
    assert_eq!(direction(2022), Some(Direction::Same));
}

// ---------------------------------------------------------------- gap

#[test]
fn gap_gives_the_points_needed_for_the_next_tier() {
    // 65.5 points with b at 100 %: madya; nindya needs 4.5 more and its gate already holds.
    let ev = scored_with(2020, 0, &[("a1", 1550), ("a2", 0), ("b1", 4000), ("b2", 1000)]);
    let scored = score(one_rubric_site(vec![region("kota-x", "P", vec![ev])]));
    let gap = find(&scored, "kota-x", 2020).gap.clone().expect("gap");
    assert_eq!((gap.next.as_ref(), gap.points_needed), ("nindya", Points(450)));
    assert!(gap.failing_gates.is_empty());
}

#[test]
fn gap_can_need_points_and_a_gate_at_once() {
    // 65.5 points with b at 65.5 %: nindya needs 4.5 points and b to reach 80 %.
    let scored =
        score(one_rubric_site(vec![region("kota-x", "P", vec![scored_total(2020, 0, 6550)])]));
    let gap = find(&scored, "kota-x", 2020).gap.clone().expect("gap");
    assert_eq!((gap.next.as_ref(), gap.points_needed), ("nindya", Points(450)));
    assert_eq!(gap.failing_gates, [Id::from("b")]);
}

#[test]
fn gap_lists_a_failing_gate_with_no_points_needed() {
    // 75 points, b at 70 %: nindya's gate fails, so madya; nindya needs no points, only the gate.
    let ev = scored_with(2020, 0, &[("a1", 3000), ("a2", 1000), ("b1", 3500), ("b2", 0)]);
    let scored = score(one_rubric_site(vec![region("kota-x", "P", vec![ev])]));
    let e = find(&scored, "kota-x", 2020);
    assert_eq!(e.computed.as_ref().unwrap().predikat.as_deref(), Some("madya"));
    let gap = e.gap.clone().expect("gap");
    assert_eq!(
        (gap.next.as_ref(), gap.points_needed, gap.failing_gates),
        ("nindya", Points::ZERO, vec![Id::from("b")])
    );
    // Open points, largest first, ties in rubric order: a2 10, b2 10, b1 5.
    let open: Vec<(&str, i64)> = gap.open.iter().map(|o| (o.id.as_ref(), o.open.0)).collect();
    assert_eq!(open, [("a2", 1000), ("b2", 1000), ("b1", 500)]);
}

#[test]
fn gap_below_the_lowest_tier_points_at_the_lowest_tier() {
    let scored =
        score(one_rubric_site(vec![region("kota-x", "P", vec![scored_total(2020, 0, 1234)])]));
    let gap = find(&scored, "kota-x", 2020).gap.clone().expect("gap");
    assert_eq!((gap.next.as_ref(), gap.points_needed), ("pratama", Points(5000 - 1234)));
}

#[test]
fn there_is_no_gap_at_the_top_tier() {
    let scored =
        score(one_rubric_site(vec![region("kota-x", "P", vec![scored_total(2020, 0, 9000)])]));
    let e = find(&scored, "kota-x", 2020);
    assert_eq!(e.computed.as_ref().unwrap().predikat.as_deref(), Some("kla"));
    assert_eq!(e.gap, None);
}

#[test]
fn gap_lists_at_most_five_open_indicators_largest_first_in_rubric_order_on_ties() {
    let mut rubric = test_rubric("wide", 2019, None);
    rubric.clusters = vec![
        cluster("a", &[("i1", 10, None), ("i2", 20, None), ("i3", 10, None), ("i4", 20, None)]),
        cluster("b", &[("i5", 10, None), ("i6", 10, None), ("i7", 20, None)]),
    ];
    let ev = scored_with(
        2020,
        0,
        &[("i1", 0), ("i2", 2000), ("i3", 500), ("i4", 0), ("i5", 0), ("i6", 0), ("i7", 1000)],
    );
    let scored = score(site(vec![rubric], vec![region("kota-x", "P", vec![ev])]));
    let gap = find(&scored, "kota-x", 2020).gap.clone().expect("gap");
    let open: Vec<(&str, i64)> = gap.open.iter().map(|o| (o.id.as_ref(), o.open.0)).collect();
    assert_eq!(open, [("i4", 2000), ("i1", 1000), ("i5", 1000), ("i6", 1000), ("i7", 1000)]);
}

// ---------------------------------------------------------------- rubric by year, order

#[test]
fn each_evaluation_is_scored_with_the_rubric_it_names() {
    let scored = score(site(
        vec![old_rubric(), test_rubric("kla-24", 2019, None)],
        vec![region("kota-x", "P", vec![scored_total(2018, 0, 5600), scored_total(2019, 1, 5600)])],
    ));
    // 56 points: madya under the old thresholds (55), pratama under the new (60 for madya).
    assert_eq!(find(&scored, "kota-x", 2018).rubric, 0);
    assert_eq!(computed(&scored, "kota-x", 2018).predikat.as_deref(), Some("madya"));
    assert_eq!(find(&scored, "kota-x", 2019).rubric, 1);
    assert_eq!(computed(&scored, "kota-x", 2019).predikat.as_deref(), Some("pratama"));
    assert_eq!(
        find(&scored, "kota-x", 2018).gap.as_ref().unwrap().points_needed,
        Points(6500 - 5600)
    );
}

#[test]
fn evaluations_come_out_sorted_by_region_then_year_with_their_indexes() {
    let scored = score(one_rubric_site(vec![
        region("kota-b", "P", vec![scored_total(2019, 0, 5000), scored_total(2020, 0, 5000)]),
        region("kota-a", "P", vec![scored_total(2020, 0, 5000)]),
    ]));
    let order: Vec<(&str, u16, usize)> = scored
        .evaluations
        .iter()
        .map(|e| (scored.site.regions[e.region].slug.as_ref(), e.year, e.evaluation))
        .collect();
    assert_eq!(order, [("kota-a", 2020, 0), ("kota-b", 2019, 0), ("kota-b", 2020, 1)]);
}

// ---------------------------------------------------------------- scoring again after an edit

#[test]
fn scoring_since_an_earlier_scoring_equals_scoring_from_scratch() {
    let regions = || {
        vec![
            region("kota-a", "P", vec![scored_total(2019, 0, 9000), scored_total(2020, 0, 6000)]),
            region("kota-b", "P", vec![scored_total(2019, 0, 7000), scored_total(2020, 0, 7000)]),
            region("kota-c", "Q", vec![scored_total(2020, 0, 8000)]),
            region("kota-d", "Q", vec![official_only(2020, 0, "madya")]),
        ]
    };
    let before = score(one_rubric_site(regions()));
    // kota-b drops below kota-a in 2020; kota-e is new (sorted last); without
    // kota-a every other region's index shifts down by one.
    let mut edited = edited_only(regions());
    edited.push(region("kota-e", "Q", vec![scored_total(2020, 0, 9500)]));
    let cases = [
        ("unchanged", one_rubric_site(regions())),
        ("one region edited, one added", one_rubric_site(edited.clone())),
        ("the first region removed", one_rubric_site(regions().split_off(1))),
        ("other rubrics", site(vec![test_rubric("kla-test", 2019, Some(2019))], edited)),
    ];
    for (what, site) in cases {
        let fresh = score(site.clone());
        let since = score_since(site, &before);
        assert_eq!(since.evaluations, fresh.evaluations, "{what}");
    }
    // The comparison is not vacuous: the edit moves ranks and trends.
    let edited = score_since(one_rubric_site(edited_only(regions())), &before);
    assert_ne!(find(&edited, "kota-b", 2020).ranks, find(&before, "kota-b", 2020).ranks);
    assert_ne!(find(&edited, "kota-b", 2020).trend, find(&before, "kota-b", 2020).trend);
}

/// `regions` with kota-b's 2020 total lowered from 70 to 50.
fn edited_only(mut regions: Vec<Region>) -> Vec<Region> {
    regions[1].evaluations[1] = scored_total(2020, 0, 5000);
    regions
}

#[test]
fn scores_name_indicators_and_clusters_with_the_rubrics_own_ids() {
    let ev = scored_with(2020, 0, &[("a1", 3000), ("a2", 2000), ("b1", 4000), ("b2", 0)]);
    let scored = score(one_rubric_site(vec![region("kota-x", "P", vec![ev])]));
    let rubric = &scored.site.rubrics[0];
    let c = computed(&scored, "kota-x", 2020);
    for (score, (cluster, indicator)) in c.indicators.iter().zip(rubric.indicators()) {
        assert!(std::sync::Arc::ptr_eq(&score.id, &indicator.id), "{}", score.id);
        assert!(std::sync::Arc::ptr_eq(&score.cluster, &cluster.id), "{}", score.cluster);
    }
    for (score, cluster) in c.clusters.iter().zip(&rubric.clusters) {
        assert!(std::sync::Arc::ptr_eq(&score.id, &cluster.id), "{}", score.id);
    }
    assert_eq!(c.indicators.len(), rubric.indicators().count(), "one score per indicator");
}
