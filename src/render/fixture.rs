//! A small hand-built scored site for the render tests (loader and scorer are
//! tested on their own; these values are what they would produce).

use std::sync::Arc;

use crate::model::{
    Cluster, Evaluation, Gate, Indicator, Localized, Measured, Points, Region, RegionKind, Rubric,
    Scale, Site, SiteConfig, SourceFile, Tier,
};
use crate::score::{
    ClusterScore, Computed, Direction, Gap, IndicatorScore, OpenIndicator, Ranks, Scored,
    ScoredEvaluation, Trend,
};

/// A region name that must come out escaped on every page.
pub(crate) const HOSTILE_NAME: &str = "<script>alert(1)</script> Kota Alfa";

fn file(path: &str) -> SourceFile {
    SourceFile { path: path.into(), src: Arc::from("") }
}

fn tier(id: &str, name: &str, min: i64, gates: Vec<Gate>) -> Tier {
    Tier { id: id.into(), name: Localized::id_only(name), min_score: Points::whole(min), gates }
}

fn rubric() -> Rubric {
    let gate = Gate { cluster: "perlindungan-khusus".into(), min_percent: Points::whole(80) };
    Rubric {
        id: "kla-uji".into(),
        title: Localized::id_only("Evaluasi KLA uji"),
        from_year: 2019,
        until_year: None,
        max_score: Points::whole(100),
        note: Some("Poin per indikator adalah **asumsi** penerbit. <b>x</b>".into()),
        tiers: vec![
            tier("pratama", "Pratama", 50, vec![]),
            tier("madya", "Madya", 70, vec![]),
            tier("utama", "Utama", 90, vec![gate]),
        ],
        clusters: vec![
            Cluster {
                id: "kelembagaan".into(),
                name: Localized::id_only("Penguatan Kelembagaan"),
                indicators: vec![Indicator {
                    id: "perda-kla".into(),
                    name: Localized::id_only("Perda KLA"),
                    max_points: Points::whole(40),
                    scale: None,
                }],
            },
            Cluster {
                id: "perlindungan-khusus".into(),
                name: Localized::id_only("Perlindungan Khusus"),
                indicators: vec![Indicator {
                    id: "akta-kelahiran".into(),
                    name: Localized::id_only("Anak yang memiliki akta kelahiran"),
                    max_points: Points::whole(60),
                    scale: Some(Scale { unit: "%".into(), zero_at: 50.0, full_at: 100.0 }),
                }],
            },
        ],
    }
}

fn evaluation(year: u16, official: Option<&str>, illustrative: bool, has_data: bool) -> Evaluation {
    Evaluation {
        year,
        rubric: 0,
        official: official.map(Into::into),
        claims: vec![],
        source: Some(format!("Sumber uji {year}")),
        self_assessment: (year == 2025 && illustrative).then_some(Points(9460)),
        illustrative,
        has_data,
        inputs: Default::default(),
        narrative: None,
        file: file(&format!("content/regions/x/{year}.toml")),
    }
}

fn region(
    slug: &str,
    name: &str,
    province: &str,
    code: &str,
    evaluations: Vec<Evaluation>,
) -> Arc<Region> {
    Arc::new(Region {
        slug: slug.into(),
        name: name.into(),
        kind: RegionKind::Kota,
        province: province.into(),
        code: code.into(),
        former: vec![],
        narrative: None,
        evaluations,
        file: file(&format!("content/regions/{slug}/region.toml")),
    })
}

/// The validated site: three regions in Kalimantan Timur, one in Aceh without evaluations.
pub(crate) fn site() -> Site {
    Site {
        config: SiteConfig {
            title: "KLA Uji".into(),
            description: Some(Localized::id_only("Situs uji")),
            base_url: "https://kla.example/".into(),
            languages: vec!["id".into()],
            theme: "default".into(),
            author: None,
            unsafe_html: false,
            search_full_text: true,
        },
        rubrics: vec![rubric()],
        regions: vec![
            region(
                "kota-alfa",
                HOSTILE_NAME,
                "Kalimantan Timur",
                "64.71",
                vec![
                    evaluation(2024, Some("pratama"), false, true),
                    evaluation(2025, Some("utama"), true, true),
                ],
            ),
            region(
                "kota-beta",
                "Kota Beta",
                "Kalimantan Timur",
                "64.72",
                vec![evaluation(2025, None, false, true)],
            ),
            region(
                "kota-delta",
                "Kota Delta",
                "Kalimantan Timur",
                "64.74",
                vec![evaluation(2025, Some("madya"), false, false)],
            ),
            region("kota-gamma", "Kota Gamma", "Aceh", "11.71", vec![]),
        ],
        pages: vec![],
        announcements: vec![],
        slug_index: Default::default(),
        warnings: Default::default(),
        boundaries: None,
    }
}

fn cluster(id: &str, points: i64, max: i64, rank: u32) -> ClusterScore {
    ClusterScore {
        id: id.into(),
        points: Points(points),
        max: Points::whole(max),
        rank_national: Some(rank),
        rank_province: Some(rank),
    }
}

fn indicator(id: &str, cluster: &str, points: i64, max: i64, value: Option<f64>) -> IndicatorScore {
    IndicatorScore {
        id: id.into(),
        cluster: cluster.into(),
        points: Points(points),
        max: Points::whole(max),
        value: value.map(|v| Measured {
            value: v,
            year: Some(2023),
            source: Some("Dinas uji".into()),
        }),
        missing: value.is_none() && cluster == "perlindungan-khusus",
    }
}

fn computed(
    perda: i64,
    akta: i64,
    value: Option<f64>,
    predikat: Option<&str>,
    rank: u32,
) -> Computed {
    Computed {
        total: Points(perda + akta),
        max: Points::whole(100),
        predikat: predikat.map(Into::into),
        complete: value.is_some(),
        clusters: vec![
            cluster("kelembagaan", perda, 40, rank),
            cluster("perlindungan-khusus", akta, 60, rank),
        ],
        indicators: vec![
            indicator("perda-kla", "kelembagaan", perda, 40, None),
            indicator("akta-kelahiran", "perlindungan-khusus", akta, 60, value),
        ]
        .into(),
    }
}

fn ranks(national: u32, of: u32) -> Ranks {
    Ranks { national: Some(national), national_of: of, province: Some(national), province_of: of }
}

/// The scored site: Alfa 82,5 (Madya, official Utama: mismatch) ranks 1 of 2
/// in 2025, Beta 40 (no predikat, incomplete) 2 of 2, Delta official-only.
pub(crate) fn scored() -> Scored {
    let alfa_2024 = ScoredEvaluation {
        region: 0,
        evaluation: 0,
        year: 2024,
        rubric: 0,
        computed: Some(computed(2000, 3000, Some(75.0), Some("pratama"), 1)),
        official: Some("pratama".into()),
        mismatch: false,
        ranks: ranks(1, 1),
        trend: None,
        gap: Some(Gap {
            next: "madya".into(),
            points_needed: Points(2000),
            failing_gates: vec![],
            open: vec![],
        }),
    };
    let alfa_2025 = ScoredEvaluation {
        evaluation: 1,
        year: 2025,
        computed: Some(computed(4000, 4250, Some(85.4), Some("madya"), 1)),
        official: Some("utama".into()),
        mismatch: true,
        ranks: ranks(1, 2),
        trend: Some(Trend {
            previous_year: 2024,
            delta: Some(Points(3250)),
            predikat: Some(Direction::Up),
        }),
        gap: Some(Gap {
            next: "utama".into(),
            points_needed: Points(750),
            failing_gates: vec!["perlindungan-khusus".into()],
            open: vec![OpenIndicator { id: "akta-kelahiran".into(), open: Points(1750) }],
        }),
        ..alfa_2024.clone()
    };
    let beta = ScoredEvaluation {
        region: 1,
        evaluation: 0,
        year: 2025,
        rubric: 0,
        computed: Some(computed(4000, 0, None, None, 2)),
        official: None,
        mismatch: false,
        ranks: ranks(2, 2),
        trend: None,
        gap: None,
    };
    let delta = ScoredEvaluation {
        region: 2,
        computed: None,
        official: Some("madya".into()),
        ranks: Ranks::default(),
        ..beta.clone()
    };
    Scored { site: site(), evaluations: vec![alfa_2024, alfa_2025, beta, delta] }
}
