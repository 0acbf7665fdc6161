//! End to end, for readers: both languages, charts, sharing, open-data
//! description and the changes page of a built fixture site.

use crate::common::TempSite;

/// The basic fixture site with English as its second language.
fn bilingual() -> TempSite {
    let site = TempSite::copy("basic");
    let config = site
        .read_source("site.toml")
        .replace("languages = [\"id\"]", "languages = [\"id\", \"en\"]");
    site.write("site.toml", &config);
    site
}

#[test]
fn english_pages_are_built_under_en_with_english_narratives_where_written() {
    let site = bilingual();
    site.write(
        "content/regions/kota-alpha/index.en.md",
        "+++\ntitle = \"Kota Alpha's journey\"\ndate = \"2021-07-23\"\n+++\n\nKota Alpha rose. See [the neighbour](@/regions/kabupaten-beta).\n",
    );
    site.build().unwrap_or_else(|e| panic!("{e:?}"));
    let en = site.read("en/wilayah/kota-alpha/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("Kota Alpha rose."), "English narrative");
    assert!(en.contains("href=\"/en/wilayah/kabupaten-beta/\""), "links stay in English");
    assert!(en.contains("23 July 2021"));
    assert!(en.contains("Evaluation history"));
    assert!(
        en.contains("only available in Indonesian"),
        "the 2021 notes have no translation and say so"
    );
    let id = site.read("wilayah/kota-alpha/index.html");
    assert!(id.contains("Dari Madya ke Utama") && id.contains("23 Juli 2021"));
    assert!(id.contains("hreflang=\"en\" href=\"https://uji.example.org/en/wilayah/kota-alpha/\""));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://uji.example.org/en/wilayah/kota-alpha/</loc>"));
    assert!(sitemap.contains("<loc>https://uji.example.org/wilayah/kota-alpha/</loc>"));
    assert!(site.read("en/tentang/index.html").contains("only available in Indonesian"));
}

#[test]
fn a_single_language_site_has_no_switch_and_no_en_folder() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    assert!(!site.output().join("en").exists());
    assert!(!site.read("index.html").contains("lang-switch"));
}

#[test]
fn charts_are_inline_labelled_svg_with_their_data_beside_them() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let profile = site.read("wilayah/kota-alpha/index.html");
    for id in ["grafik-klaster", "grafik-riwayat"] {
        let labelled = format!("role=\"img\" aria-labelledby=\"{id}-t {id}-d\"");
        assert!(profile.contains(&labelled), "profile lacks {id}");
        assert!(profile.contains(&format!("<title id=\"{id}-t\">")));
    }
    assert!(profile.contains("Kota Alpha: nilai total per tahun evaluasi"));
    let home = site.read("index.html");
    assert!(home.contains("aria-labelledby=\"grafik-sebaran-t grafik-sebaran-d\""));
    assert!(home.contains("<details><summary>Data grafik</summary>"));
    let provinces = site.read("provinsi/index.html");
    assert!(provinces.contains("<title id=\"grafik-provinsi-0-t\">Predikat terakhir di Provinsi"));
    assert!(!profile.contains("<script"), "charts need no JavaScript");
}

#[test]
fn each_region_has_a_share_image_named_in_its_open_graph_tags() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let profile = site.read("wilayah/kota-alpha/index.html");
    assert!(profile.contains(
        "<meta property=\"og:image\" content=\"https://uji.example.org/static/share/kota-alpha.png\">"
    ));
    let png = std::fs::read(site.output().join("static/share/kota-alpha.png")).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1200, 630));
}

#[test]
fn the_changes_page_and_feed_list_a_predikat_rise() {
    let site = bilingual();
    site.build().unwrap();
    let page = site.read("perubahan/index.html");
    let row = page.find("/wilayah/kota-alpha/").expect("kota-alpha listed");
    let rest = &page[row..];
    assert!(rest.contains("Predikat naik</td><td>Madya</td><td>Utama</td>"), "{page}");
    assert!(
        site.read("en/perubahan/index.html")
            .contains("Predikat up</td><td>Madya</td><td>Utama</td>")
    );
    let feed = site.read("perubahan.xml");
    assert!(feed.contains("<title>Kota Alpha — predikat naik 2021</title>"), "{feed}");
    assert!(feed.contains(
        "rel=\"self\" type=\"application/atom+xml\" href=\"https://uji.example.org/perubahan.xml\""
    ));
}

#[test]
fn ranking_rows_carry_plain_values_for_sorting_and_filtering_scripts() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let ranking = site.read("peringkat/2021/index.html");
    assert!(ranking.contains("<table class=\"ranking\" id=\"peringkat\" data-sortable>"));
    assert!(ranking.contains("data-province=\"Provinsi Satu\" data-kind=\"Kota\""), "{ranking}");
    // The total's cell sorts on the plain number, not the formatted one.
    assert!(ranking.contains("<td class=\"num\" data-sort=\""), "{ranking}");
    assert!(ranking.contains("<script src=\"/static/tables.js\" defer></script>"), "{ranking}");
    assert!(ranking.contains("<select id=\"saring-province\" data-filter=\"province\">"));
    assert!(site.read("static/tables.js").contains("table[data-sortable]"));
    let home = site.read("index.html");
    assert!(!home.contains("tables.js"), "only pages with a sortable table load the script");
    assert!(site.read("static/style.css").contains("@page { size: A4;"), "print stylesheet");
}

/// The tier id a region's record gives in `year`, from `data/bandingkan.json`.
fn compared_tier(data: &serde_json::Value, slug: &str, year: u64) -> Option<String> {
    let years = data["years"].as_array().unwrap();
    let at = years.iter().position(|y| y.as_u64() == Some(year))?;
    let region = data["regions"].as_array().unwrap().iter().find(|r| r[0] == slug)?;
    let code = region[3].as_str().unwrap().chars().nth(at)?;
    let tier = code.to_digit(36)? as usize;
    Some(data["tiers"][tier].as_str()?.to_string())
}

#[test]
fn the_comparison_page_is_in_both_languages_with_its_own_slug_and_one_data_file() {
    let site = bilingual();
    site.build().unwrap();
    let id = site.read("bandingkan/index.html");
    assert!(id.contains("<h1>Bandingkan wilayah</h1>"));
    assert!(id.contains("<label for=\"banding-q\">") && id.contains("list=\"banding-daftar\""));
    assert!(id.contains("role=\"status\""), "a live region announces each change");
    assert!(id.contains("\"data\":\"/data/bandingkan.json\""), "the script is told the data file");
    assert!(id.contains("\"region_url\":\"/wilayah/{slug}/\""));
    assert!(id.contains("src=\"/static/compare.js\" defer"));
    // Without scripts: a note, and the ways to every profile.
    assert!(id.contains("<noscript>"));
    for link in ["href=\"/wilayah/\"", "href=\"/provinsi/\"", "href=\"/cari/\""] {
        assert!(id.contains(link), "{link}");
    }
    assert!(id.contains("hreflang=\"en\" href=\"https://uji.example.org/en/compare/\""));
    let en = site.read("en/compare/index.html");
    assert!(en.contains("<html lang=\"en\">") && en.contains("<h1>Compare regions</h1>"));
    assert!(en.contains("\"region_url\":\"/en/wilayah/{slug}/\""));
    assert!(en.contains("Not in this record") && en.contains("Sources differ: {predikat}"));
    assert!(!en.contains("Tidak ada dalam rekam ini"), "no Indonesian word for the script");
    assert!(!site.output().join("en/bandingkan").exists());
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://uji.example.org/bandingkan/</loc>"));
    assert!(sitemap.contains("<loc>https://uji.example.org/en/compare/</loc>"));

    let data: serde_json::Value = serde_json::from_str(&site.read("data/bandingkan.json")).unwrap();
    let regions = data["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 5, "every region, with or without a result");
    let years = data["years"].as_array().unwrap().len();
    assert!(regions.iter().all(|r| r[3].as_str().unwrap().chars().count() == years));
    assert_eq!(compared_tier(&data, "kota-alpha", 2021).as_deref(), Some("utama"));
    let alpha = regions.iter().find(|r| r[0] == "kota-alpha").unwrap();
    assert_eq!(alpha[1], "Kota Alpha");
    let score = &alpha[4]["score"];
    assert_eq!((score["year"].as_u64(), score["illustrative"].as_bool()), (Some(2021), Some(true)));
    // The same total as the open data, in hundredths.
    let scores: serde_json::Value = serde_json::from_str(&site.read("data/scores.json")).unwrap();
    let open = scores
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "kota-alpha" && r["year"] == 2021)
        .unwrap();
    assert_eq!(score["total"].as_f64().unwrap(), open["total"].as_f64().unwrap() * 100.0);
    let delta = regions.iter().find(|r| r[0] == "kota-delta").unwrap();
    assert!(delta[3].as_str().unwrap().chars().all(|c| c == '?'), "not in the record: {delta}");
}

#[test]
fn every_profile_links_the_comparison_with_itself_chosen() {
    let site = bilingual();
    site.build().unwrap();
    let id = site.read("wilayah/kota-alpha/index.html");
    assert!(
        id.contains("<a href=\"/bandingkan/?w=kota-alpha\">Bandingkan dengan wilayah lain</a>")
    );
    let en = site.read("en/wilayah/kota-alpha/index.html");
    assert!(en.contains("<a href=\"/en/compare/?w=kota-alpha\">Compare with other regions</a>"));
}

#[test]
fn an_untranslated_menu_page_is_marked_indonesian_in_english_and_warned_about() {
    let site = bilingual();
    let report = site.build().unwrap();
    let warned: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.message.contains("no `en` translation"))
        .map(|w| w.location())
        .collect();
    assert_eq!(warned, ["content/pages/tentang.md"], "{}", report.warnings);
    let en = site.read("en/index.html");
    assert!(
        en.contains("<a href=\"/tentang/\" hreflang=\"id\"><span lang=\"id\">Tentang</span> (Bahasa Indonesia)</a>"),
        "the menu says the page is Indonesian and leads there"
    );
    assert!(site.read("index.html").contains("<a href=\"/tentang/\">Tentang</a>"));

    site.write(
        "content/pages/tentang.en.md",
        "+++\ntitle = \"About\"\n+++\n\nAbout the test site.\n",
    );
    let report = site.build().unwrap();
    assert!(
        !report.warnings.iter().any(|w| w.message.contains("translation")),
        "{}",
        report.warnings
    );
    let en = site.read("en/index.html");
    assert!(en.contains("<a href=\"/en/tentang/\">About</a>"));
    assert!(!en.contains("(Bahasa Indonesia)"));
}

#[test]
fn a_free_page_cannot_take_the_comparison_page_slug_in_either_language() {
    for slug in ["bandingkan", "compare"] {
        let site = TempSite::copy("basic");
        site.write(&format!("content/pages/{slug}.md"), "+++\ntitle = \"X\"\n+++\n\nX.\n");
        let problems = crate::common::expect_invalid(site.build());
        assert!(
            problems.to_string().contains(&format!("page name `{slug}` is reserved")),
            "{problems}"
        );
    }
}
