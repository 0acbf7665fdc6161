//! `kla init` and `kla new region`: the new site builds, nothing is overwritten.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::TempSite;
use kla::build::{BuildOptions, build};

fn kla(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kla")).args(args).current_dir(cwd).output().unwrap()
}

#[test]
fn init_writes_a_site_that_builds_with_the_theme_ready_to_override() {
    let dir = tempfile::tempdir().unwrap();
    let out = kla(&["init", "situs"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let site = dir.path().join("situs");
    for file in [
        "site.toml",
        "content/rubrics/kla-24.toml",
        "content/pages/tentang.md",
        "content/regions/kota-contoh/region.toml",
        "content/regions/kota-contoh/2025.toml",
        "content/regions/kabupaten-contoh/index.md",
        "themes/default/templates/base.html",
        "themes/default/static/style.css",
    ] {
        assert!(site.join(file).is_file(), "{file} is written");
    }
    let rubric = std::fs::read_to_string(site.join("content/rubrics/kla-24.toml")).unwrap();
    assert_eq!(rubric.matches("[[clusters.indicators]]").count(), 24);
    // The new site starts in the default language, then English.
    let config = std::fs::read_to_string(site.join("site.toml")).unwrap();
    let languages = format!("\nlanguages = [\"{}\", \"en\"]\n", kla::model::DEFAULT_LANGUAGE);
    assert!(config.contains(&languages), "{config}");

    // An edit to the copied theme shows in the build: it is really used.
    let base = site.join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, text.replacen("<body", "<!-- tema sendiri --><body", 1)).unwrap();
    let build_out = kla(&["build", "situs"], dir.path());
    assert!(build_out.status.success(), "{}", String::from_utf8_lossy(&build_out.stderr));
    let index = std::fs::read_to_string(site.join("output/index.html")).unwrap();
    assert!(index.contains("tema sendiri"));
    assert!(site.join("output/wilayah/kota-contoh/index.html").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("catatan.txt"), "milik saya").unwrap();
    let out = kla(&["init", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn new_region_writes_region_toml_and_a_stub_and_the_site_still_builds() {
    let site = TempSite::copy("basic");
    let args = [
        "new",
        "region",
        "kota-zeta",
        "--name",
        "Kota Zeta",
        "--kind",
        "kota",
        "--province",
        "Provinsi Dua",
        "--code",
        "02.74",
    ];
    let out = kla(&args, site.root());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        site.read_source("content/regions/kota-zeta/region.toml"),
        "name = \"Kota Zeta\"\nkind = \"kota\"\nprovince = \"Provinsi Dua\"\ncode = \"02.74\"\n"
    );
    assert!(
        site.read_source("content/regions/kota-zeta/index.md")
            .starts_with("+++\ntitle = \"Kota Zeta\"\n+++\n")
    );
    build(&BuildOptions {
        root: site.root().into(),
        output: site.output(),
        base_url: None,
        force: false,
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
}

#[test]
fn new_region_refuses_an_existing_folder_a_duplicate_code_and_a_bad_slug() {
    let site = TempSite::copy("basic");
    let new = |slug: &str, code: &str| {
        let args = [
            "new",
            "region",
            slug,
            "--name",
            "X",
            "--kind",
            "kota",
            "--province",
            "P",
            "--code",
            code,
        ];
        kla(&args, site.root())
    };
    let cases = [
        (new("kota-alpha", "09.01"), "already exists"),
        (new("kota-baru", "01.71"), "already used by content/regions/kota-alpha"),
        (new("Kota Baru", "09.01"), "not a valid slug"),
        (new("kota-baru", "09-01"), "not a Kemendagri code"),
    ];
    for (out, expected) in cases {
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{expected:?} in {stderr}");
    }
    assert!(!site.root().join("content/regions/kota-baru").exists());
}
