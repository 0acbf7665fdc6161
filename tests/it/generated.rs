//! End to end over a generated site: the benchmarks' generator
//! (`examples/generate.rs`) writes sources that build, and two builds of them
//! into separate folders are byte-identical.

use std::fs;
use std::path::{Path, PathBuf};

use kla::build::{BuildOptions, build};

// The generator is an example, not part of the library: its module is
// compiled into this test as it is into the example. Not every item of it is
// used here.
#[allow(dead_code)]
#[path = "../../examples/generate/mod.rs"]
mod generator;
use generator::{Dataset, GenerateOptions, generate};

fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).unwrap().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn a_generated_site_builds_identically_into_two_fresh_folders() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let opts = GenerateOptions {
        dataset: Dataset::Village { limit: Some(150) },
        out: site.clone(),
        data_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("data/wilayah"),
        seed: 42,
        languages: Some(vec!["id".into(), "en".into()]),
    };
    assert_eq!(generate(&opts).unwrap(), 150);
    let build_into = |name: &str| {
        let output = dir.path().join(name);
        let report = build(&BuildOptions {
            root: site.clone(),
            output: output.clone(),
            base_url: None,
            force: false,
        })
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(report.regions, 150);
        snapshot(&output)
    };
    let (first, second) = (build_into("one"), build_into("two"));
    assert!(first.len() > 300, "pages, open data and manifest: {} files", first.len());
    assert!(first.iter().any(|(p, _)| p == Path::new("manifest.json")));
    assert!(first.iter().any(|(p, _)| p.starts_with("en/wilayah")), "English pages, as asked");
    assert_eq!(first, second);
}

#[test]
fn a_region_in_a_large_province_lists_only_its_nearest_peers_and_links_the_province() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let opts = GenerateOptions {
        dataset: Dataset::Village { limit: Some(60) },
        out: site.clone(),
        data_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("data/wilayah"),
        seed: 3,
        languages: None,
    };
    generate(&opts).unwrap();
    let output = dir.path().join("out");
    build(&BuildOptions {
        root: site.clone(),
        output: output.clone(),
        base_url: None,
        force: false,
    })
    .unwrap();
    let slug = fs::read_dir(site.join("content/regions")).unwrap().next().unwrap().unwrap();
    let page = output.join("wilayah").join(slug.file_name()).join("index.html");
    let html = fs::read_to_string(page).unwrap();
    let peers = html.split("id=\"tetangga\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert_eq!(peers.matches("<li>").count(), 24, "60 regions in one province: 24 peers shown");
    assert!(peers.contains("href=\"/provinsi/aceh/\""), "a link to all of them");
    assert!(peers.contains("Semua 59 wilayah lain"));
}

#[test]
fn a_village_site_is_generated_in_indonesian_only_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let opts = |languages: Option<&[&str]>| GenerateOptions {
        dataset: Dataset::Village { limit: Some(20) },
        out: site.clone(),
        data_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("data/wilayah"),
        seed: 5,
        languages: languages.map(|ls| ls.iter().map(|l| l.to_string()).collect()),
    };
    for refused in [&[][..], &["en"], &["en", "id"], &["id", "fr"]] {
        let err = generate(&opts(Some(refused))).unwrap_err().to_string();
        assert!(err.contains("give `id` or `id,en`"), "{refused:?}: {err}");
    }
    assert!(!site.exists(), "nothing written for refused languages");
    generate(&opts(None)).unwrap();
    let output = dir.path().join("out");
    let report = build(&BuildOptions {
        root: site.clone(),
        output: output.clone(),
        base_url: None,
        force: false,
    })
    .unwrap();
    assert_eq!(report.regions, 20);
    assert!(output.join("wilayah").is_dir() && output.join("index.html").is_file());
    assert!(!output.join("en").exists(), "no English pages");
    let slug = fs::read_dir(site.join("content/regions")).unwrap().next().unwrap().unwrap();
    let page = output.join("wilayah").join(slug.file_name()).join("index.html");
    let html = fs::read_to_string(page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"id\">"), "{}", &html[..60]);
    assert!(!html.contains("hreflang=\"en\""), "no link to an English page");
}
