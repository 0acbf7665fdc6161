//! `kla explain` over the basic fixture site: snapshots of the text, and the
//! errors for an unknown region or year.

use std::path::Path;
use std::process::Command;

use kla::explain::{ExplainError, explain};
use kla::score::{Scored, score};

use crate::common;

fn fixture() -> Scored {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/basic");
    score(kla::load::load_site(&root).unwrap_or_else(|d| panic!("{d}")))
}

#[test]
fn explains_the_latest_evaluation_with_values_gates_rank_trend_and_route() {
    insta::assert_snapshot!(explain(&fixture(), "kota-alpha", None).unwrap());
}

#[test]
fn explains_a_chosen_year_at_the_top_tier_of_its_rubric() {
    insta::assert_snapshot!(explain(&fixture(), "kota-alpha", Some(2019)).unwrap());
}

#[test]
fn explains_a_missing_indicator_and_an_official_predikat_that_differs() {
    insta::assert_snapshot!(explain(&fixture(), "kabupaten-beta", None).unwrap());
}

#[test]
fn explains_an_official_only_evaluation_without_inventing_a_score() {
    insta::assert_snapshot!(explain(&fixture(), "kota-gamma", None).unwrap());
}

#[test]
fn an_unknown_region_suggests_the_closest_slug() {
    let err = explain(&fixture(), "kota-alpa", None).unwrap_err();
    assert_eq!(
        err,
        ExplainError::UnknownRegion {
            slug: "kota-alpa".into(),
            closest: Some("kota-alpha".into())
        }
    );
    assert!(err.to_string().contains("did you mean `kota-alpha`?"), "{err}");
}

#[test]
fn an_unknown_year_lists_the_years_there_are() {
    let err = explain(&fixture(), "kota-alpha", Some(2025)).unwrap_err();
    assert!(err.to_string().contains("its evaluations: 2019, 2021"), "{err}");
}

#[test]
fn the_command_prints_the_explanation_and_fails_on_an_unknown_region() {
    let site = common::TempSite::copy("basic");
    let run = |region: &str| {
        Command::new(env!("CARGO_BIN_EXE_kla"))
            .args(["explain", region, "--year", "2021"])
            .arg(site.root())
            .output()
            .unwrap()
    };
    let ok = run("kota-alpha");
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("Kota Alpha (kota, Provinsi Satu"));
    let bad = run("kota-zeta");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no region `kota-zeta`"));
}

#[test]
fn explains_a_failing_gate_as_the_route_when_the_points_are_already_there() {
    let site = common::TempSite::copy("basic");
    site.write(
        "content/regions/kota-epsilon/2021.toml",
        "year = 2021\n[points]\nperda = 20\ngugus-tugas = 10\npersalinan-faskes = 20\nstunting = 20\nlayanan = 20\n",
    );
    let scored = score(kla::load::load_site(site.root()).unwrap_or_else(|d| panic!("{d}")));
    insta::assert_snapshot!(explain(&scored, "kota-epsilon", None).unwrap());
}
