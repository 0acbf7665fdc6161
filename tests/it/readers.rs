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
