//! The generator's own tests, in the `generate` example's test target only
//! (`cargo test --example generate`, run by `cargo test`): the tests and
//! examples that include `generate/mod.rs` for a generated site do not run
//! them again.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;
use fastrand::Rng;
use kla::model::{is_valid_slug, slugify};

use crate::generator::evaluation::{GenRubric, evaluation_toml};
use crate::generator::text::region_narrative;
use crate::generator::wilayah::{GenRegion, display_name, title_case, villages};
use crate::generator::{Dataset, GenerateOptions, RUBRICS, generate};
use crate::{Args, GenDataset};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/wilayah")
}

#[test]
fn both_rubrics_parse_with_every_indicator() {
    for (id, text) in RUBRICS {
        let rubric = GenRubric::parse(text).unwrap();
        let toml = evaluation_toml(&mut Rng::with_seed(3), &rubric, 2023, 0.8, true);
        assert!(toml.contains("[values]"), "{id}: measured evaluations carry values");
    }
}

#[test]
fn a_village_sample_is_a_site_that_loads_and_is_byte_identical_per_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let gen_at = |name: &str, seed| {
        let out = tmp.path().join(name);
        let dataset = Dataset::Village { limit: Some(40) };
        let opts = GenerateOptions {
            dataset,
            out: out.clone(),
            data_dir: data_dir(),
            seed,
            languages: None,
        };
        assert_eq!(generate(&opts).unwrap(), 40);
        out
    };
    let (a, b) = (gen_at("a", 1), gen_at("b", 1));
    let site = kla::load::load_site(&a).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(site.regions.len(), 40);
    assert!(!site.config.search_full_text, "a village-scale site indexes names only");
    assert_eq!(site.config.languages, ["id"], "a village site is Indonesian unless told");
    let read = |root: &Path| {
        let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (e.path().strip_prefix(root).unwrap().to_path_buf(), fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(read(&a), read(&b));
    assert!(
        generate(&GenerateOptions {
            dataset: Dataset::National,
            out: a,
            data_dir: data_dir(),
            seed: 1,
            languages: None,
        })
        .is_err(),
        "refuses a folder that is not empty"
    );
}

#[test]
fn a_national_site_is_in_both_languages_unless_told_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    let gen_in = |name: &str, languages: Option<Vec<String>>| {
        let out = tmp.path().join(name);
        let opts = GenerateOptions {
            dataset: Dataset::National,
            out: out.clone(),
            data_dir: data_dir(),
            seed: 1,
            languages,
        };
        generate(&opts).unwrap();
        fs::read_to_string(out.join("site.toml")).unwrap()
    };
    assert!(gen_in("both", None).contains("\nlanguages = [\"id\", \"en\"]\n"));
    assert!(gen_in("id", Some(vec!["id".into()])).contains("\nlanguages = [\"id\"]\n"));
}

fn region(slug: &str) -> GenRegion {
    GenRegion {
        slug: slug.to_string(),
        name: format!("Kota {slug}"),
        kind: "kota",
        province: "Aceh".to_string(),
        code: "11.71".to_string(),
    }
}

#[test]
fn a_rich_narrative_has_the_asked_length_headings_a_table_and_links() {
    let peer = region("beta");
    let md = region_narrative(&mut Rng::with_seed(1), &region("alpha"), &[&peer], 400, true);
    let body = md.split("+++").nth(2).unwrap();
    let words = body.split_whitespace().count();
    assert!((380..520).contains(&words), "{words} words");
    for needle in ["## Capaian utama", "\n- ", "|---|", "(@/regions/beta)", "https://"] {
        assert!(md.contains(needle), "missing {needle}");
    }
}

#[test]
fn the_same_seed_gives_the_same_text() {
    let a = region_narrative(&mut Rng::with_seed(7), &region("a"), &[], 150, false);
    let b = region_narrative(&mut Rng::with_seed(7), &region("a"), &[], 150, false);
    let c = region_narrative(&mut Rng::with_seed(8), &region("a"), &[], 150, false);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn names_are_written_out_and_slugs_are_valid() {
    assert_eq!(display_name("KAB. ACEH SELATAN"), "Kabupaten Aceh Selatan");
    assert_eq!(title_case("DKI JAKARTA"), "DKI Jakarta");
    assert_eq!(slugify("Kota Pangkal  Pinang (Lama)"), "kota-pangkal-pinang-lama");
    assert!(is_valid_slug(&slugify("Kabupaten Aceh Selatan")));
}

#[test]
fn villages_get_unique_slugs_from_their_codes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "11,ACEH\n11.71,KOTA BANDA ACEH\n11.71.01,Baiturrahman\n\
               11.71.01.1001,Ateuk Jawo\n11.71.01.1002,Ateuk Jawo\n11.71.01.1003,'\n";
    std::fs::write(dir.path().join("wilayah.csv"), csv).unwrap();
    let v = villages(dir.path(), None).unwrap();
    let slugs: Vec<&str> = v.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(slugs, ["ateuk-jawo-11-71-01-1001", "ateuk-jawo-11-71-01-1002", "11-71-01-1003"]);
    assert!(slugs.iter().all(|s| is_valid_slug(s)));
    assert_eq!((v[0].kind, v[0].province.as_str()), ("kota", "Aceh"));
    assert_eq!(villages(dir.path(), Some(2)).unwrap().len(), 2);
}

fn languages_of(args: &[&str]) -> Option<Vec<String>> {
    let all = ["generate", "village", "dir"].iter().chain(args);
    let args = Args::try_parse_from(all).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(args.dataset, GenDataset::Village));
    args.languages
}

#[test]
fn the_command_leaves_the_languages_to_the_dataset_unless_told_which() {
    assert_eq!(languages_of(&[]), None);
    assert_eq!(languages_of(&["--languages", "id"]).unwrap(), ["id"]);
    assert_eq!(languages_of(&["--languages", "id,en"]).unwrap(), ["id", "en"]);
}
