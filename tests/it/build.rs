//! End to end: build fixture sites in a temp folder and read the output back.

use crate::common::{TempSite, expect_invalid};
use serde_json::Value;

fn scores(site: &TempSite) -> Vec<Value> {
    serde_json::from_str::<Value>(&site.read("data/scores.json"))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn record<'a>(all: &'a [Value], region: &str, year: u64) -> &'a Value {
    all.iter()
        .find(|r| r["region"] == region && r["year"] == year)
        .unwrap_or_else(|| panic!("no record for {region} {year}"))
}

#[test]
fn builds_every_kind_of_page_and_file() {
    let site = TempSite::copy("basic");
    let report = site.build().unwrap();
    assert_eq!(report.regions, 5);
    assert_eq!(report.evaluations, 5);
    for file in [
        "index.html",
        "404.html",
        "wilayah/index.html",
        "wilayah/kota-alpha/index.html",
        "wilayah/kota-delta/index.html",
        "peringkat/index.html",
        "peringkat/2021/index.html",
        "peringkat/2019/index.html",
        "peringkat/2021/provinsi/provinsi-satu/index.html",
        "peringkat/2021/klaster/kesehatan/index.html",
        "provinsi/index.html",
        "provinsi/provinsi-dua/index.html",
        "metodologi/index.html",
        "tentang/index.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "data/scores.json",
        "data/scores.csv",
        "data/wilayah/kota-alpha.json",
        "data/wilayah/kota-delta.json",
        "static/style.css",
    ] {
        assert!(site.output().join(file).is_file(), "missing {file}");
    }
}

#[test]
fn open_data_carries_the_computed_predicates() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let all = scores(&site);
    assert_eq!(all.len(), 5);

    let alpha = record(&all, "kota-alpha", 2021);
    assert_eq!(alpha["total"], 86.33);
    assert_eq!(alpha["max"], 100);
    assert_eq!(alpha["predikat"], "utama");
    assert_eq!(alpha["official"], "utama");
    assert_eq!(alpha["complete"], true);
    assert_eq!(alpha["illustrative"], true);
    assert_eq!(alpha["self_assessment"], 94.5);
    assert_eq!(alpha["rank_national"], 1);
    assert_eq!(alpha["rank_province"], 1);
    let clusters: Vec<(String, f64)> = alpha["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_string(), c["points"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        clusters,
        [("kelembagaan".into(), 30.0), ("kesehatan".into(), 31.33), ("perlindungan".into(), 25.0)]
    );

    let beta = record(&all, "kabupaten-beta", 2021);
    assert_eq!(beta["complete"], false, "stunting is missing");
    assert_eq!(beta["predikat"], "utama");
    assert_eq!(beta["mismatch"], true, "official nindya against computed utama");
    assert_eq!(beta["rank_national"], 2);

    let epsilon = record(&all, "kota-epsilon", 2021);
    assert_eq!(epsilon["rank_national"], 2, "ties share a rank");
    assert_eq!(epsilon["rank_province"], 1);

    let gamma = record(&all, "kota-gamma", 2021);
    assert_eq!(gamma["total"], Value::Null);
    assert_eq!(gamma["predikat"], Value::Null);
    assert_eq!(gamma["rank_national"], Value::Null);
    assert_eq!(gamma["official"], "pratama");

    let old = record(&all, "kota-alpha", 2019);
    assert_eq!(old["rubric"], "lama", "the rubric is chosen by year");
    assert_eq!(old["predikat"], "madya");
}

#[test]
fn csv_has_the_documented_columns() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let csv = site.read("data/scores.csv");
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "region,name,kind,province,code,year,rubric,total,max,predikat,official,complete,\
         rank_national,rank_province,cluster:kelembagaan,cluster:kesehatan,cluster:perlindungan,\
         mismatch,illustrative,official_conflict,official_sources"
    );
    assert_eq!(csv.lines().count(), 6);
}

#[test]
fn region_profile_shows_scores_ranks_and_narrative() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let page = site.read("wilayah/kota-alpha/index.html");
    assert!(page.contains("Kota Alpha"));
    assert!(page.contains("86,33"), "Indonesian number format");
    assert!(page.contains("Utama"));
    assert!(page.contains("Provinsi Satu"));
    assert!(page.contains("href=\"/wilayah/kabupaten-beta/\""), "internal link resolved");
    assert!(page.contains("Dari Madya ke Utama"), "narrative rendered");
    assert!(page.contains("Persalinan di fasilitas kesehatan"));
    assert!(!page.contains("@/regions"), "no raw internal link left");
    let delta = site.read("wilayah/kota-delta/index.html");
    assert!(delta.contains("Kota Delta"));
}

#[test]
fn ranking_page_lists_regions_in_rank_order() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let page = site.read("peringkat/2021/index.html");
    let alpha = page.find("Kota Alpha").unwrap();
    let beta = page.find("Kabupaten Beta").unwrap();
    assert!(alpha < beta);
    assert!(page.contains("Kota Gamma"), "official-only evaluations are listed too");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let first = site.snapshot_output();
    site.build().unwrap();
    assert_eq!(first, site.snapshot_output());
}

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let before = site.snapshot_output();
    site.write("content/regions/kota-alpha/2021.toml", "year = 2021\n[points]\nperda = 200\n");
    let diags = expect_invalid(site.build());
    assert!(diags.iter().any(|d| d.location() == "content/regions/kota-alpha/2021.toml:3:9"));
    assert_eq!(before, site.snapshot_output());
}

#[test]
fn reports_every_problem_of_every_file_in_one_run() {
    let site = TempSite::copy("basic");
    site.write("content/regions/kota-alpha/2021.toml", "year = 2021\n[points]\nperda-kl = 3\n");
    site.write("content/regions/kabupaten-beta/2021.toml", "year = 2022\n");
    site.write(
        "content/regions/kota-gamma/region.toml",
        "name = \"Kota Gamma\"\nkind = \"kota\"\nprovince = \"P\"\ncode = \"01.71\"\n",
    );
    let diags = expect_invalid(site.build());
    let locations: Vec<String> = diags.iter().map(|d| d.location()).collect();
    assert!(
        locations.contains(&"content/regions/kota-alpha/2021.toml:3:1".to_string()),
        "{locations:?}"
    );
    assert!(
        locations.iter().any(|l| l.starts_with("content/regions/kabupaten-beta/2021.toml:1:")),
        "{locations:?}"
    );
    assert!(
        locations.iter().any(|l| l.starts_with("content/regions/kota-gamma/region.toml:4:")),
        "{locations:?}"
    );
    assert!(!site.output().exists(), "nothing was written");
}

#[test]
fn a_broken_internal_link_names_its_line_and_column() {
    let site = TempSite::copy("basic");
    site.write(
        "content/pages/tentang.md",
        "+++\ntitle = \"Tentang\"\n+++\n\nLihat [Kota Zeta](@/regions/kota-zeta).\n",
    );
    let diags = expect_invalid(site.build());
    let d = diags.iter().find(|d| d.message.contains("kota-zeta")).expect("link diagnostic");
    assert!(d.location().starts_with("content/pages/tentang.md:5:"), "{}", d.location());
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let site = TempSite::copy("basic");
    site.write("templates/404.html", "<p>\n{{ 1 + }}\n</p>\n");
    let diags = expect_invalid(site.build());
    let d = diags.iter().next().unwrap();
    assert!(d.location().starts_with("templates/404.html:2:"), "{}", d.location());
}

#[test]
fn site_templates_override_the_built_in_theme() {
    let site = TempSite::copy("basic");
    site.write("templates/404.html", "<p>Halaman tidak ada di {{ site.title }}</p>\n");
    site.build().unwrap();
    assert_eq!(site.read("404.html"), "<p>Halaman tidak ada di KLA Uji</p>\n");
}

#[test]
fn the_build_output_has_no_live_reload_script() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    for (path, body) in site.snapshot_output() {
        if path.ends_with(".html") {
            let text = String::from_utf8(body).unwrap();
            assert!(!text.contains("livereload"), "{path}");
        }
    }
}

/// An announcement of 2021 whose complete list covers `province` (or none).
fn announce_2021(site: &TempSite, complete: Option<(&str, u32)>) {
    let mut text = "year = 2021\ndate = \"2021-07-29\"\n\n[totals]\ntotal = 10\nutama = 2\n\n[[sources]]\nurl = \"https://kla.example.org/2021\"\noutlet = \"Berita Nasional\"\n".to_string();
    if let Some((province, count)) = complete {
        text.push_str(&format!("\n[[complete]]\nprovince = \"{province}\"\ncount = {count}\n[[complete.sources]]\nurl = \"https://kla.example.org/daftar\"\n"));
    }
    site.write("content/announcements/2021.toml", &text);
}

#[test]
fn not_awarded_is_said_only_under_a_complete_list() {
    let site = TempSite::copy("basic");
    announce_2021(&site, None);
    site.build().unwrap();
    let delta = site.read("wilayah/kota-delta/index.html");
    assert!(delta.contains("Tidak ada dalam rekam ini"), "without a complete list");
    assert!(
        !delta.contains("Tidak mendapat predikat (menurut daftar lengkap)"),
        "never 'not awarded' without a complete list"
    );

    announce_2021(&site, Some(("Provinsi Dua", 2)));
    site.build().unwrap();
    let delta = site.read("wilayah/kota-delta/index.html");
    assert!(
        delta.contains("Tidak mendapat predikat (menurut daftar lengkap)"),
        "under a complete list"
    );
    let beta = site.read("wilayah/kabupaten-beta/index.html");
    assert!(beta.contains("Nindya"), "an awarded region shows its predikat");
    let year = site.read("penghargaan/2021/index.html");
    assert!(year.contains("10 hasil diumumkan, 4 dalam rekam ini"), "coverage");
    assert!(year.contains("data-sortable"), "the year's results are a sortable table");
    let province = site.read("provinsi/provinsi-dua/index.html");
    assert!(province.contains("daftar lengkap: 2 dari 3 wilayah mendapat predikat"), "{province}");
    let data: serde_json::Value =
        serde_json::from_str(&site.read("data/penghargaan.json")).unwrap();
    assert_eq!(data[0]["totals"]["total"], 10);
    assert_eq!(data[0]["complete"][0]["province"], "Provinsi Dua");
}

#[test]
fn a_complete_list_the_record_does_not_match_fails_the_build_at_its_line() {
    let site = TempSite::copy("basic");
    announce_2021(&site, Some(("Provinsi Dua", 3)));
    let err = format!(
        "{}",
        match site.build() {
            Err(kla::build::BuildError::Invalid(d)) => d,
            other => panic!("{other:?}"),
        }
    );
    assert!(err.contains("--> content/announcements/2021.toml:12:1"), "{err}");
    assert!(err.contains("says 3 results in 2021; the record holds 2"), "{err}");
}
