//! Site search end to end: the form on every page, the search page with its
//! filters, and the Pagefind bundle written beside the pages.

use crate::common::{TempSite, expect_invalid};

/// The basic fixture in Indonesian and English.
fn bilingual() -> TempSite {
    let site = TempSite::copy("basic");
    let config = site
        .read_source("site.toml")
        .replace(r#"languages = ["id"]"#, r#"languages = ["id", "en"]"#);
    site.write("site.toml", &config);
    site
}

fn html_pages(site: &TempSite) -> Vec<(String, String)> {
    site.snapshot_output()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, body)| (path, String::from_utf8(body).unwrap()))
        .collect()
}

#[test]
fn every_page_has_one_search_form_that_submits_to_the_search_page_of_its_language() {
    let site = bilingual();
    site.build().unwrap();
    let pages = html_pages(&site);
    assert!(pages.len() > 20);
    for (path, html) in &pages {
        let action = if path.starts_with("en/") { "/en/cari/" } else { "/cari/" };
        let form =
            format!(r#"<form role="search" class="site-search" action="{action}" method="get""#);
        assert_eq!(html.matches(&form).count(), 1, "{path}");
        assert_eq!(html.matches(r#"id="site-search-q""#).count(), 1, "{path}");
        assert!(html.contains(r#"<input type="search" name="q" id="site-search-q""#), "{path}");
        assert!(html.contains(r#"<label for="site-search-q""#), "{path}");
        let scripted = html.contains("/static/search.js");
        assert_eq!(
            scripted,
            path.ends_with("cari/index.html"),
            "{path}: only the search page loads search"
        );
    }
}

#[test]
fn the_search_page_has_the_results_list_status_and_filters_in_each_language() {
    let site = bilingual();
    site.build().unwrap();
    for (path, lang, none, all) in [
        ("cari/index.html", "id", "Tidak ada hasil.", "Semua"),
        ("en/cari/index.html", "en", "No results.", "All"),
    ] {
        let html = site.read(path);
        assert!(html.contains(&format!(r#"<html lang="{lang}">"#)), "{path}");
        assert!(html.contains(r#"<ol id="hasil-cari""#), "{path}");
        assert!(
            html.contains(
                r#"id="status-cari" class="search-status" role="status" aria-live="polite""#
            ),
            "{path}"
        );
        assert!(html.contains(&format!(r#"data-none="{none}""#)), "{path}");
        assert!(html.contains(r#"data-bundle="/pagefind/pagefind.js""#), "{path}");
        assert!(html.contains("<noscript>"), "{path}");
        for key in ["province", "kind", "predikat", "year"] {
            let select = format!(
                r#"<select id="filter-{key}" name="{key}"><option value="">{all}</option>"#
            );
            assert!(html.contains(&select), "{path}: {key}");
        }
        assert!(html.contains("<option>Provinsi Satu</option>"), "{path}");
        assert!(html.contains("<option>2021</option>"), "{path}");
    }
}

#[test]
fn the_pagefind_bundle_is_written_and_listed_in_the_manifest() {
    let site = bilingual();
    site.build().unwrap();
    let output = site.snapshot_output();
    let bundle: Vec<&str> =
        output.iter().map(|(p, _)| p.as_str()).filter(|p| p.starts_with("pagefind/")).collect();
    for needed in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/wasm.id.pagefind",
        "pagefind/wasm.en.pagefind",
    ] {
        assert!(bundle.contains(&needed), "{needed} missing from {bundle:?}");
    }
    assert!(bundle.iter().any(|p| p.starts_with("pagefind/index/") && p.ends_with(".pf_index")));
    assert!(bundle.iter().any(|p| p.starts_with("pagefind/filter/") && p.ends_with(".pf_filter")));
    assert!(
        bundle.iter().any(|p| p.starts_with("pagefind/fragment/") && p.ends_with(".pf_fragment"))
    );
    let manifest = site.read("manifest.json");
    for path in bundle {
        assert!(manifest.contains(&format!("\"{path}\"")), "{path} not in the manifest");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(languages.keys().collect::<Vec<_>>(), ["en", "id"]);
    assert_eq!(languages["id"]["page_count"], languages["en"]["page_count"]);
}

#[test]
fn a_free_page_cannot_take_the_search_page_route() {
    let site = TempSite::copy("basic");
    site.write("content/pages/cari.md", "+++\ntitle = \"Cari\"\n+++\n\nTeks.\n");
    let diags = expect_invalid(site.build());
    assert!(diags.iter().any(|d| d.location().starts_with("content/pages/cari.md")), "{diags:?}");
}

/// Runs the Node query script over a built site: the URLs Pagefind returns
/// for `term`, best first. `None` when Node is not installed.
fn query(site: &TempSite, lang: &str, term: &str) -> Option<Vec<String>> {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/pagefind-query.mjs");
    let out = match std::process::Command::new("node")
        .arg(script)
        .arg(site.output())
        .arg(lang)
        .arg(term)
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("cannot run node: {e}"),
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect())
}

#[test]
fn searching_a_region_name_finds_that_region_before_pages_that_mention_it() {
    let site = bilingual();
    let region = |slug: &str, name: &str, kind: &str, province: &str, code: &str| {
        site.write(
            &format!("content/regions/{slug}/region.toml"),
            &format!("name = \"{name}\"\nkind = \"{kind}\"\nprovince = \"{province}\"\ncode = \"{code}\"\n"),
        );
    };
    region("kota-balikpapan", "Kota Balikpapan", "kota", "Kalimantan Timur", "64.71");
    region("kota-bontang", "Kota Bontang", "kota", "Kalimantan Timur", "64.74");
    region("kota-samarinda", "Kota Samarinda", "kota", "Kalimantan Timur", "64.72");
    region("kabupaten-probolinggo", "Kabupaten Probolinggo", "kabupaten", "Jawa Timur", "35.13");
    region("kota-probolinggo", "Kota Probolinggo", "kota", "Jawa Timur", "35.74");
    // Pages that say the names more often than the regions' own records do.
    let noise =
        "Bontang, Balikpapan dan Probolinggo. Bontang lagi, Balikpapan lagi, Probolinggo lagi.";
    site.write(
        "content/regions/kota-samarinda/index.md",
        &format!("Samarinda belajar. {noise} {noise}\n"),
    );
    site.write(
        "content/pages/tetangga.md",
        &format!("+++\ntitle = \"Tetangga\"\n+++\n\n{noise}\n"),
    );
    site.build().unwrap();
    let Some(first) = query(&site, "id", "bontang") else {
        eprintln!("node is not installed: the query side of search is left to the browser tests");
        return;
    };
    assert_eq!(first[0], "/wilayah/kota-bontang/", "{first:?}");
    assert!(first.contains(&"/tetangga/".to_string()), "the page is found too: {first:?}");
    assert_eq!(query(&site, "id", "balikpapan").unwrap()[0], "/wilayah/kota-balikpapan/");
    let mut two = query(&site, "id", "probolinggo").unwrap()[..2].to_vec();
    two.sort();
    assert_eq!(two, ["/wilayah/kabupaten-probolinggo/", "/wilayah/kota-probolinggo/"]);
    assert_eq!(query(&site, "en", "Bontang").unwrap()[0], "/en/wilayah/kota-bontang/");
}
