//! Tests of the pages: what each page kind shows, in both languages.

use std::collections::BTreeMap;

use super::paging::PER_PAGE;
use super::*;
use crate::render::narratives::RegionHtml;
use crate::score::ScoredEvaluation;
use crate::testkit::scenes;

/// Accepts every route: a full render.
fn all(_: &str) -> bool {
    true
}

#[test]
fn renders_only_the_routes_the_predicate_accepts_but_lists_every_page() {
    let theme = Theme::builtin().unwrap();
    let only_home = |route: &str| route == "/";
    let (files, page_paths) =
        render_pages(&scenes::uji_scored(), &theme, &NarrativeHtml::default(), &only_home).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["index.html"]);
    assert!(page_paths.len() > 5 && page_paths.contains(&"wilayah/index.html".to_string()));
}

fn rendered() -> BTreeMap<String, String> {
    let theme = Theme::builtin().expect("built-in theme compiles");
    let (files, _) = render_pages(&scenes::uji_scored(), &theme, &NarrativeHtml::default(), &all)
        .unwrap_or_else(|d| panic!("{d}"));
    files.into_iter().map(|f| (f.path, String::from_utf8(f.body).unwrap())).collect()
}

fn page<'a>(pages: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    pages.get(path).unwrap_or_else(|| panic!("no {path} among {:?}", pages.keys()))
}

#[test]
fn region_profile_shows_predikat_rank_notices_and_indicators() {
    let pages = rendered();
    let html = page(&pages, "wilayah/kota-alfa/index.html");
    assert!(html.contains("Madya"), "computed predikat");
    assert!(html.contains("Utama"), "official predikat");
    assert!(html.contains("82,5 / 100"), "total over max");
    assert!(html.contains("(82,5%)"), "percent");
    assert!(html.contains("1 dari 2"), "national rank");
    assert!(html.contains("bersifat ilustratif"), "illustrative notice");
    assert!(html.contains("berbeda dengan predikat resmi"), "mismatch notice");
    assert!(html.contains("94,6"), "self-assessment");
    assert!(html.contains("85,4%"), "measured value with unit");
    assert!(html.contains("Dinas uji"), "data source");
    assert!(html.contains("Poin yang masih dibutuhkan untuk Utama: 7,5"), "gap");
    assert!(html.contains("Perlindungan Khusus minimal 80%"), "failing gate");
    assert!(html.contains("href=\"/wilayah/kota-beta/\""), "province peer link");
    assert!(html.contains("href=\"/data/wilayah/kota-alfa.json\""), "data link");
    assert!(html.contains("href=\"/provinsi/kalimantan-timur/\""), "province link");
    assert!(
        html.contains("<link rel=\"canonical\" href=\"https://kla.example/wilayah/kota-alfa/\">")
    );
    assert!(html.contains("+32,5"), "trend delta in history");
}

#[test]
fn missing_indicators_and_incomplete_data_are_shown() {
    let pages = rendered();
    let html = page(&pages, "wilayah/kota-beta/index.html");
    assert!(html.contains("tidak ada data"));
    assert!(html.contains("Data tidak lengkap"));
    assert!(html.contains("Belum berpredikat"));
    assert!(html.contains("2 dari 2"));
    assert!(
        !html.contains("bersifat ilustratif"),
        "only illustrative evaluations carry the notice"
    );
}

#[test]
fn region_without_evaluations_says_so() {
    let pages = rendered();
    let html = page(&pages, "wilayah/kota-gamma/index.html");
    assert!(html.contains("Belum ada data evaluasi untuk wilayah ini."));
}

#[test]
fn hostile_region_names_are_escaped_everywhere() {
    let pages = rendered();
    for (path, html) in &pages {
        assert!(!html.contains(scenes::HOSTILE_NAME), "{path} has the raw name");
    }
    let html = page(&pages, "peringkat/2025/index.html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Kota Alfa"));
}

#[test]
fn national_ranking_orders_by_rank_and_lists_official_only_below() {
    let pages = rendered();
    let html = page(&pages, "peringkat/2025/index.html");
    let alfa = html.find("/wilayah/kota-alfa/").expect("alfa ranked");
    let beta = html.find("/wilayah/kota-beta/").expect("beta ranked");
    let official_only = html.find("Hanya predikat resmi").expect("official-only section");
    let delta = html.find("/wilayah/kota-delta/").expect("delta listed");
    assert!(alfa < beta && beta < official_only && official_only < delta);
    assert!(html.contains("href=\"/peringkat/2025/provinsi/kalimantan-timur/\""));
    assert!(html.contains("href=\"/peringkat/2025/klaster/perlindungan-khusus/\""));
    assert!(html.contains("<caption>"));
}

#[test]
fn renders_every_page_kind_sorted_by_path() {
    let theme = Theme::builtin().unwrap();
    let (files, page_paths) =
        render_pages(&scenes::uji_scored(), &theme, &NarrativeHtml::default(), &all).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    for expected in [
        "index.html",
        "404.html",
        "wilayah/index.html",
        "peringkat/index.html",
        "peringkat/2024/index.html",
        "peringkat/2025/provinsi/kalimantan-timur/index.html",
        "peringkat/2025/klaster/kelembagaan/index.html",
        "provinsi/index.html",
        "provinsi/aceh/index.html",
        "metodologi/index.html",
        "data/index.html",
    ] {
        assert!(paths.contains(&expected), "missing {expected}");
    }
    let rendered: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(rendered, page_paths, "a full render writes every page");
    let routes = html_routes(&page_paths);
    assert!(routes.contains(&"/".to_string()) && !routes.contains(&"/404.html".to_string()));
}

#[test]
fn home_counts_predikat_and_lists_movers() {
    let pages = rendered();
    let html = page(&pages, "index.html");
    assert!(html.contains("Sekilas evaluasi 2025"));
    // Madya: 1 computed (Alfa), 1 official (Delta).
    assert!(
        html.contains(
            "<th scope=\"row\">Madya</th><td class=\"num\">1</td><td class=\"num\">1</td>"
        ),
        "{html}"
    );
    assert!(html.contains("+32,5"));
}

#[test]
fn methodology_shows_tiers_gates_scales_and_a_safe_note() {
    let pages = rendered();
    let html = page(&pages, "metodologi/index.html");
    assert!(html.contains("<strong>asumsi</strong>"));
    assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "raw HTML in the note is shown as text");
    assert!(html.contains("Perlindungan Khusus minimal 80%"));
    assert!(html.contains("0 poin pada 50%, penuh pada 100%"));
    assert!(html.contains("sejak 2019"));
}

#[test]
fn cluster_ranking_ranks_by_cluster_points() {
    let pages = rendered();
    let html = page(&pages, "peringkat/2025/klaster/perlindungan-khusus/index.html");
    assert!(html.contains("42,5"), "alfa's cluster points, not its total");
    assert!(!html.contains("82,5"));
}

#[test]
fn narratives_and_free_pages_appear_where_they_belong() {
    let mut scored = scenes::uji_scored();
    let narrative = crate::model::Narrative {
        title: Some("Tentang".into()),
        description: None,
        date: None,
        body_offset: 0,
        file: crate::model::SourceFile {
            path: "content/pages/tentang.md".into(),
            src: "Isi".into(),
        },
        translations: Default::default(),
    };
    scored.site.pages.push(crate::model::Page { slug: "tentang".into(), narrative });
    let alfa = |i: usize| {
        Ok(if i == 0 {
            RegionHtml {
                region: Some("<p>Cerita Alfa</p>".to_string()),
                evaluations: BTreeMap::from([(0, "<p>Catatan Alfa 2024</p>".to_string())]),
            }
        } else {
            RegionHtml::default()
        })
    };
    let narratives = NarrativeHtml {
        regions: &alfa,
        pages: BTreeMap::from([("tentang".to_string(), "<p>Isi <em>halaman</em></p>".to_string())]),
    };
    let theme = Theme::builtin().unwrap();
    let files = render_pages(&scored, &theme, &narratives, &all).unwrap().0;
    let text = |path: &str| {
        let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        String::from_utf8(file.body.clone()).unwrap()
    };
    let profile = text("wilayah/kota-alfa/index.html");
    assert!(profile.contains("<p>Cerita Alfa</p>"));
    assert!(profile.contains("<h3>Catatan 2024</h3>\n<p>Catatan Alfa 2024</p>"), "{profile}");
    let page = text("tentang/index.html");
    assert!(page.contains("<h1>Tentang</h1>") && page.contains("<p>Isi <em>halaman</em></p>"));
    assert!(
        text("index.html").contains("<a href=\"/tentang/\">Tentang</a>"),
        "free page in the nav"
    );
}

#[test]
fn official_only_latest_evaluation_shows_the_official_predikat_without_a_score() {
    let pages = rendered();
    let html = page(&pages, "wilayah/kota-delta/index.html");
    assert!(html.contains("hanya predikat resmi yang tersedia"));
    assert!(html.contains("<dd>Madya</dd>"));
    assert!(!html.contains("Nilai per indikator"));
}

fn rendered_in(lang: &str, scored: &Scored) -> BTreeMap<String, String> {
    let theme = Theme::builtin().unwrap();
    let files = crate::render::Collect::default();
    let narratives = NarrativeHtml::default();
    let with = With { narratives: &narratives, rows: None, wanted: &|_| true };
    render_pages_in(scored, &theme, &with, lang, &files).unwrap_or_else(|d| panic!("{d}"));
    files.into_sorted().into_iter().map(|f| (f.path, String::from_utf8(f.body).unwrap())).collect()
}

fn bilingual() -> Scored {
    let mut scored = scenes::uji_scored();
    scored.site.config.languages = vec!["id".into(), "en".into()];
    scored
}

#[test]
fn english_pages_live_under_en_with_english_strings_and_numbers() {
    let pages = rendered_in("en", &bilingual());
    let html = page(&pages, "en/wilayah/kota-alfa/index.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("82.5 / 100"), "English decimal point");
    assert!(html.contains("1 of 2"), "English rank");
    assert!(html.contains(">Regions</a>"), "English nav");
    assert!(html.contains("href=\"/en/provinsi/kalimantan-timur/\""), "links stay in English");
    assert!(html.contains("href=\"/data/wilayah/kota-alfa.json\""), "data is shared");
    assert!(
        html.contains(
            "<link rel=\"canonical\" href=\"https://kla.example/en/wilayah/kota-alfa/\">"
        )
    );
    assert!(!pages.contains_key("404.html"), "one 404 page, in the default language");
}

#[test]
fn every_page_links_to_itself_in_the_other_language() {
    let scored = bilingual();
    for (lang, other, path, own, target) in [
        (
            "id",
            "en",
            "wilayah/kota-alfa/index.html",
            "/wilayah/kota-alfa/",
            "/en/wilayah/kota-alfa/",
        ),
        ("en", "id", "en/peringkat/2025/index.html", "/en/peringkat/2025/", "/peringkat/2025/"),
    ] {
        let pages = rendered_in(lang, &scored);
        let html = page(&pages, path);
        let switch = format!("<a href=\"{target}\" hreflang=\"{other}\" lang=\"{other}\"");
        assert!(html.contains(&switch), "{path}: no switch {switch}");
        for (l, route) in [(lang, own), (other, target)] {
            let alt = format!(
                "<link rel=\"alternate\" hreflang=\"{l}\" href=\"https://kla.example{route}\">"
            );
            assert!(html.contains(&alt), "{path}: no {alt}");
        }
    }
}

#[test]
fn untranslated_narratives_are_shown_in_indonesian_with_a_note() {
    let mut scored = bilingual();
    let alfa = |i: usize| {
        let region = (i == 0).then(|| "<p>Cerita Alfa</p>".to_string());
        Ok(RegionHtml { region, evaluations: BTreeMap::new() })
    };
    let narratives = NarrativeHtml { regions: &alfa, ..NarrativeHtml::default() };
    scored.site.region_mut(0).narrative = Some(crate::model::Narrative {
        title: None,
        description: None,
        date: Some("2025-08-08".into()),
        body_offset: 0,
        file: crate::model::SourceFile {
            path: scored.site.regions[0].file.path.with_file_name("index.md"),
            src: "Cerita Alfa".into(),
        },
        translations: Default::default(),
    });
    let theme = Theme::builtin().unwrap();
    let render = |lang| {
        let files = crate::render::Collect::default();
        let with = With { narratives: &narratives, rows: None, wanted: &|_| true };
        render_pages_in(&scored, &theme, &with, lang, &files).unwrap();
        let files = files.into_sorted();
        let path = if lang == "en" {
            "en/wilayah/kota-alfa/index.html"
        } else {
            "wilayah/kota-alfa/index.html"
        };
        String::from_utf8(files.into_iter().find(|f| f.path == path).unwrap().body).unwrap()
    };
    let en = render("en");
    assert!(en.contains("only available in Indonesian"));
    assert!(en.contains("<div lang=\"id\"><p>Cerita Alfa</p></div>"));
    assert!(en.contains("8 August 2025"));
    let id = render("id");
    assert!(!id.contains("hanya tersedia dalam bahasa Indonesia"));
    assert!(id.contains("8 Agustus 2025"));
}

#[test]
fn every_page_has_a_description_and_open_graph_tags() {
    let pages = rendered();
    for (path, html) in &pages {
        for tag in [
            "<meta name=\"description\"",
            "og:title",
            "og:description",
            "og:url",
            "og:type",
            "og:locale",
        ] {
            assert!(html.contains(tag), "{path} lacks {tag}");
        }
    }
    let html = page(&pages, "wilayah/kota-alfa/index.html");
    assert!(
        html.contains(
            "<meta property=\"og:url\" content=\"https://kla.example/wilayah/kota-alfa/\">"
        )
    );
    assert!(html.contains("<meta property=\"og:locale\" content=\"id_ID\">"));
}

#[test]
fn links_follow_the_path_of_base_url() {
    let mut scored = scenes::uji_scored();
    scored.site.config.base_url = "https://example.org/kla/".into();
    let theme = Theme::builtin().unwrap();
    let files = render_pages(&scored, &theme, &NarrativeHtml::default(), &all).unwrap().0;
    let home = files.iter().find(|f| f.path == "index.html").unwrap();
    let html = String::from_utf8_lossy(&home.body);
    assert!(html.contains("href=\"/kla/static/style.css\""));
    assert!(html.contains("href=\"/kla/wilayah/kota-alfa/\""));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/kla/\">"));
}

/// The fixture with `extra` more scored regions in Kalimantan Timur, ranked
/// after Alfa and Beta in 2025.
fn with_villages(extra: usize) -> Scored {
    let mut scored = scenes::uji_scored();
    let beta = scored.evaluations[2].clone();
    for i in 0..extra {
        let mut region = (*scored.site.regions[1]).clone();
        region.slug = format!("desa-{i:05}");
        region.name = format!("Desa {i:05}");
        scored.site.regions.push(region.into());
        let rank = 3 + i as u32;
        let ranks = crate::score::Ranks {
            national: Some(rank),
            national_of: 2 + extra as u32,
            province: Some(rank),
            province_of: 2 + extra as u32,
        };
        let region = scored.site.regions.len() - 1;
        scored.evaluations.push(ScoredEvaluation { region, ranks, ..beta.clone() });
    }
    scored
}

#[test]
fn a_listing_longer_than_a_page_is_cut_into_linked_numbered_pages() {
    let scored = with_villages(PER_PAGE);
    let theme = Theme::builtin().unwrap();
    let (files, page_paths) =
        render_pages(&scored, &theme, &NarrativeHtml::default(), &all).unwrap();
    let pages: BTreeMap<String, String> =
        files.into_iter().map(|f| (f.path, String::from_utf8(f.body).unwrap())).collect();
    let rows = |path: &str| page(&pages, path).matches("<tr data-province=").count();
    // Alfa, Beta and the villages are ranked; Delta is official-only.
    let (first, second) = ("peringkat/2025/index.html", "peringkat/2025/halaman/2/index.html");
    assert_eq!((rows(first), rows(second)), (PER_PAGE, 2));
    assert!(!pages.contains_key("peringkat/2025/halaman/3/index.html"));
    let (first, second) = (page(&pages, first), page(&pages, second));
    assert!(first.contains("<p>Halaman 1 dari 2</p>"), "{first}");
    assert!(first.contains("<a href=\"/peringkat/2025/halaman/2/\" rel=\"next\">"));
    assert!(second.contains("<a href=\"/peringkat/2025/\" rel=\"prev\">"));
    assert!(second.contains("<title>Peringkat nasional 2025 (halaman 2)"), "own title");
    assert!(first.contains(">Kota Beta</a>") && !second.contains(">Kota Beta</a>"));
    assert!(second.contains(&format!(">Desa {:05}</a>", PER_PAGE - 1)), "the last village");
    assert!(!first.contains("Kota Delta") && second.contains("Kota Delta"), "official-only last");
    let cluster = "peringkat/2025/klaster/kelembagaan/halaman/2/index.html";
    assert_eq!(rows(cluster), 2);
    assert_eq!(rows("peringkat/2025/provinsi/kalimantan-timur/halaman/2/index.html"), 2);
    let regions = page(&pages, "wilayah/halaman/2/index.html");
    assert!(regions.contains("Kalimantan Timur") && regions.contains("Halaman 2 dari 2"));
    assert!(page(&pages, "provinsi/kalimantan-timur/halaman/2/index.html").contains("Desa"));
    assert!(page_paths.contains(&"peringkat/2025/halaman/2/index.html".to_string()));
    assert!(!page(&pages, "peringkat/2024/index.html").contains("class=\"pager\""), "one page");
}
