//! Named sites that tests of several modules share, built with the kit. Each
//! says what it holds; tests rely on those details, so change one only with
//! the tests that read it.

use crate::model::{Measured, Points, Rubric, Site, SiteConfig};
use crate::score::{Direction, Gap, OpenIndicator, Ranks, Scored, Trend};
use crate::testkit::scored::{ComputedBuilder, computed, scored_evaluation};
use crate::testkit::{EvaluationBuilder, evaluation, narrative, region, rubric, site};

// ------------------------------------------------------------ the rubrics

/// A 100-point rubric with two 50-point clusters:
/// `a` = a1 (30, given) + a2 (20, scale 50 → 100 %), `b` = b1 (40, given) + b2 (10, scale 20 → 0 %, lower is better).
/// Tiers: pratama 50, madya 60, nindya 70 (gate b ≥ 80 %), utama 80, kla 90 (gate a ≥ 90 %).
pub(crate) fn five_tier_rubric(id: &str, from_year: u16, until_year: Option<u16>) -> Rubric {
    rubric(id)
        .years(from_year, until_year)
        .tier("pratama", "pratama", 50)
        .tier("madya", "madya", 60)
        .tier("nindya", "nindya", 70)
        .gate("b", 80)
        .tier("utama", "utama", 80)
        .tier("kla", "kla", 90)
        .gate("a", 90)
        .cluster("a", "a")
        .indicator("a1", "a1", 30)
        .indicator("a2", "a2", 20)
        .scale(50.0, 100.0)
        .cluster("b", "b")
        .indicator("b1", "b1", 40)
        .indicator("b2", "b2", 10)
        .scale(20.0, 0.0)
        .build()
}

// ------------------------------------------- the render site ("KLA Uji")

/// A region name that must come out escaped on every page.
pub(crate) const HOSTILE_NAME: &str = "<script>alert(1)</script> Kota Alfa";

/// The render site's rubric `kla-uji` (2019 on, 100 points): kelembagaan
/// (perda-kla, 40 given) and perlindungan-khusus (akta-kelahiran, 60, scale
/// 50 → 100 %); pratama 50, madya 70, utama 90 with perlindungan-khusus ≥ 80 %;
/// a note with Markdown and raw HTML.
fn uji_rubric() -> Rubric {
    rubric("kla-uji")
        .title("Evaluasi KLA uji")
        .note("Poin per indikator adalah **asumsi** penerbit. <b>x</b>")
        .tier("pratama", "Pratama", 50)
        .tier("madya", "Madya", 70)
        .tier("utama", "Utama", 90)
        .gate("perlindungan-khusus", 80)
        .cluster("kelembagaan", "Penguatan Kelembagaan")
        .indicator("perda-kla", "Perda KLA", 40)
        .cluster("perlindungan-khusus", "Perlindungan Khusus")
        .indicator("akta-kelahiran", "Anak yang memiliki akta kelahiran", 60)
        .scale(50.0, 100.0)
        .build()
}

/// An evaluation of the render site: its source is "Sumber uji <year>"; an
/// illustrative 2025 has a self-assessment of 94,6.
fn uji_evaluation(year: u16, official: Option<&str>, illustrative: bool) -> EvaluationBuilder {
    let mut evaluation = evaluation(year).source(&format!("Sumber uji {year}"));
    if let Some(official) = official {
        evaluation = evaluation.official(official);
    }
    if illustrative {
        evaluation = evaluation.illustrative();
        if year == 2025 {
            evaluation = evaluation.self_assessment(9460);
        }
    }
    evaluation
}

/// The render tests' validated site, "KLA Uji" in Indonesian: three kota in
/// Kalimantan Timur — Alfa ([`HOSTILE_NAME`]; 2024 official pratama, 2025
/// illustrative official utama), Beta (2025), Delta (2025 official madya,
/// without data) — and Kota Gamma in Aceh without evaluations.
pub(crate) fn uji_site() -> Site {
    site()
        .title("KLA Uji")
        .description("Situs uji")
        .rubric(uji_rubric())
        .region(
            region("kota-alfa")
                .name(HOSTILE_NAME)
                .code("64.71")
                .evaluation(uji_evaluation(2024, Some("pratama"), false))
                .evaluation(uji_evaluation(2025, Some("utama"), true)),
        )
        .region(
            region("kota-beta")
                .name("Kota Beta")
                .code("64.72")
                .evaluation(uji_evaluation(2025, None, false)),
        )
        .region(
            region("kota-delta")
                .name("Kota Delta")
                .code("64.74")
                .evaluation(uji_evaluation(2025, Some("madya"), false).without_data()),
        )
        .region(region("kota-gamma").name("Kota Gamma").province("Aceh").code("11.71"))
        .build()
}

/// A score of the render site: perda-kla and akta-kelahiran points, the
/// akta value (measured 2023 by "Dinas uji"; missing without one), both
/// clusters ranked `rank`-th.
fn uji_computed(
    rubric: &Rubric,
    perda: i64,
    akta: i64,
    value: Option<f64>,
    rank: u32,
) -> ComputedBuilder {
    let computed = computed(rubric, &[perda, akta]).cluster_ranks(rank);
    match value {
        Some(value) => computed.measured(
            "akta-kelahiran",
            Measured { value, year: Some(2023), source: Some("Dinas uji".into()) },
        ),
        None => computed.missing("akta-kelahiran"),
    }
}

/// [`uji_site`] scored: Alfa 82,5 (Madya, official Utama: mismatch) ranks 1
/// of 2 in 2025, Beta 40 (no predikat, incomplete) 2 of 2, Delta official-only.
pub(crate) fn uji_scored() -> Scored {
    let site = uji_site();
    let rubric = &site.rubrics[0];
    let evaluations = vec![
        scored_evaluation(0, 0, 2024)
            .computed(uji_computed(rubric, 2000, 3000, Some(75.0), 1).predikat("pratama"))
            .official("pratama")
            .ranked(1, 1)
            .gap(Gap {
                next: "madya".into(),
                points_needed: Points(2000),
                failing_gates: vec![],
                open: vec![],
            })
            .build(),
        scored_evaluation(0, 1, 2025)
            .computed(uji_computed(rubric, 4000, 4250, Some(85.4), 1).predikat("madya"))
            .official("utama")
            .mismatch()
            .ranked(1, 2)
            .trend(Trend {
                previous_year: 2024,
                delta: Some(Points(3250)),
                predikat: Some(Direction::Up),
            })
            .gap(Gap {
                next: "utama".into(),
                points_needed: Points(750),
                failing_gates: vec!["perlindungan-khusus".into()],
                open: vec![OpenIndicator { id: "akta-kelahiran".into(), open: Points(1750) }],
            })
            .build(),
        scored_evaluation(1, 0, 2025)
            .computed(uji_computed(rubric, 4000, 0, None, 2))
            .ranked(2, 2)
            .build(),
        scored_evaluation(2, 0, 2025).official("madya").build(),
    ];
    Scored { site, evaluations }
}

// ------------------------------------- the open-data site ("Laporan KLA")

/// The open-data site's configuration: "Laporan KLA" at
/// `https://kla.example/`, in Indonesian and English.
pub(crate) fn laporan_config() -> SiteConfig {
    site().title("Laporan KLA").languages(&["id", "en"]).build().config
}

/// A rubric with one indicator `<cluster>-1` of `max` whole points per listed
/// cluster and one tier, utama at 50.
fn one_indicator_rubric(
    id: &str,
    from: u16,
    until: Option<u16>,
    clusters: &[(&str, i64)],
) -> Rubric {
    let rubric = rubric(id).years(from, until).tier("utama", "Utama", 50);
    clusters
        .iter()
        .fold(rubric, |r, &(cluster, max)| {
            r.cluster(cluster, cluster).indicator(
                &format!("{cluster}-1"),
                &format!("{cluster} 1"),
                max,
            )
        })
        .build()
}

/// A score over a [`one_indicator_rubric`] whose first indicator was measured
/// (98,8 in 2023).
fn laporan_computed(rubric: &Rubric, points: &[i64]) -> ComputedBuilder {
    let first = rubric.clusters[0].indicators[0].id.clone();
    computed(rubric, points)
        .measured(&first, Measured { value: 98.8, year: Some(2023), source: None })
}

/// The open-data and feed tests' scored site ([`laporan_config`]): two
/// rubrics sharing `kelembagaan` (kla-31 2011–2018, kla-24 from 2019); Kota
/// Bontang with an official-only 2018 and an illustrative computed 2025 (Utama,
/// self-assessment 946,45); a region with a name and province hostile to CSV
/// (`kota-x`, computed 2025 without predikat); `kota-y` without evaluations.
pub(crate) fn laporan_scored() -> Scored {
    let old =
        one_indicator_rubric("kla-31", 2011, Some(2018), &[("kelembagaan", 40), ("hak-sipil", 60)]);
    let new = one_indicator_rubric(
        "kla-24",
        2019,
        None,
        &[("kelembagaan", 30), ("perlindungan-khusus", 70)],
    );
    let regional_code = |slug: &str| format!("{}.71", slug.len());
    let site = site()
        .title("Laporan KLA")
        .languages(&["id", "en"])
        .rubric(old)
        .rubric(new.clone())
        .region(
            region("kota-bontang")
                .name("Kota Bontang")
                .code(&regional_code("kota-bontang"))
                .evaluation(evaluation(2018).without_data())
                .evaluation(evaluation(2025).rubric(1).illustrative().self_assessment(94645)),
        )
        .region(
            region("kota-x")
                .name("=HYPERLINK(\"x\")")
                .province("-Prov, \"A\"")
                .code(&regional_code("kota-x"))
                .evaluation(evaluation(2025).rubric(1)),
        )
        .region(
            region("kota-y").name("Kota <Y> & Co").province("Bali").code(&regional_code("kota-y")),
        )
        .build();
    let evaluations = vec![
        scored_evaluation(0, 0, 2018)
            .official("utama")
            .ranks(Ranks { national: None, national_of: 1, province: None, province_of: 1 })
            .build(),
        scored_evaluation(0, 1, 2025)
            .rubric(1)
            .computed(laporan_computed(&new, &[2550, 6000]).predikat("utama"))
            .official("utama")
            .ranked(1, 1)
            .build(),
        scored_evaluation(1, 0, 2025)
            .rubric(1)
            .computed(laporan_computed(&new, &[1000, 2000]))
            .ranked(1, 1)
            .build(),
    ];
    Scored { site, evaluations }
}

// ----------------------------------------- the Markdown site (two languages)

/// The Markdown tests' site "KLA" in Indonesian and English: kota-balikpapan
/// and kota-bontang (Kalimantan Timur, code 64.00, no evaluations) and the
/// free page `tentang` ("# Tentang").
pub(crate) fn two_language_site() -> Site {
    let kota = |slug: &str| region(slug).code("64.00").file("region.toml");
    site()
        .languages(&["id", "en"])
        .region(kota("kota-balikpapan"))
        .region(kota("kota-bontang"))
        .page("tentang", narrative("content/regions/kota-bontang/index.md").body("# Tentang\n"))
        .build()
}
