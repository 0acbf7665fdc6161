//! End to end, the maps and badges: every region a linked, named shape on
//! the home, year and province maps, coloured by its standing in the record;
//! a region without a shape a warning; a site without boundaries built
//! without maps; and the repository's own site: all 514 regions on the map,
//! a valid badge naming each one's latest predikat, the embed snippet.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;

use crate::common::TempSite;
use kla::build::{BuildOptions, build};

/// The 2021 announcement, with a complete list of Provinsi Dua (so Kota
/// Delta, without a result, is "not awarded" there).
fn announce_2021(site: &TempSite) {
    site.write(
        "content/announcements/2021.toml",
        "year = 2021\ndate = \"2021-07-29\"\n\n[totals]\ntotal = 10\n\n[[sources]]\nurl = \"https://kla.example.org/2021\"\noutlet = \"Berita Nasional\"\n\n[[complete]]\nprovince = \"Provinsi Dua\"\ncount = 2\n[[complete.sources]]\nurl = \"https://kla.example.org/daftar\"\n",
    );
}

/// One shape of a map: its link, its accessible name and its fill.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Area {
    href: String,
    title: String,
    fill: String,
}

/// The shapes of the page's map (`None`: the page has no map), read by
/// parsing the map's SVG as XML.
fn map_areas(html: &str) -> Option<Vec<Area>> {
    let start = html.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\"")?;
    let end = start + html[start..].find("</svg>")? + "</svg>".len();
    let svg = &html[start..end];
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let areas = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            let child = |name: &str| a.children().find(|c| c.has_tag_name(name));
            let path = child("path").expect("each link holds its shape");
            assert!(path.attribute("d").is_some_and(|d| d.starts_with('M')), "{svg}");
            Area {
                href: a.attribute("href").expect("a link").to_string(),
                title: child("title").and_then(|t| t.text()).expect("a name").to_string(),
                fill: path.attribute("fill").unwrap().to_string(),
            }
        })
        .collect();
    Some(areas)
}

fn title_of<'a>(areas: &'a [Area], slug: &str) -> &'a Area {
    let href = format!("/wilayah/{slug}/");
    areas.iter().find(|a| a.href.ends_with(&href)).unwrap_or_else(|| panic!("{slug}: {areas:?}"))
}

#[test]
fn every_region_is_a_linked_named_shape_coloured_by_its_standing() {
    let site = TempSite::copy("basic");
    let config = site.read_source("site.toml").replace("[\"id\"]", "[\"id\", \"en\"]");
    site.write("site.toml", &config);
    // The free page in English too, so the only warnings would be the map's.
    site.write("content/pages/tentang.en.md", "+++\ntitle = \"About\"\n+++\nAbout this site.\n");
    announce_2021(&site);
    site.write_boundaries(&["01.01", "01.71", "02.71", "02.72", "02.73"]);
    let report = site.build().unwrap();
    assert!(report.warnings.0.is_empty(), "{}", report.warnings);
    for page in ["index.html", "penghargaan/2021/index.html", "en/index.html"] {
        let areas = map_areas(&site.read(page)).unwrap_or_else(|| panic!("{page} has a map"));
        assert_eq!(areas.len(), 5, "{page}: one shape per region");
        let hrefs: BTreeSet<&str> = areas.iter().map(|a| a.href.as_str()).collect();
        assert_eq!(hrefs.len(), 5, "{page}: each its own link");
    }
    let home = map_areas(&site.read("index.html")).unwrap();
    let beta = title_of(&home, "kabupaten-beta");
    assert_eq!(beta.title, "Kabupaten Beta \u{2014} Nindya 2021");
    let delta = title_of(&home, "kota-delta");
    assert_eq!(
        delta.title, "Kota Delta \u{2014} Tidak mendapat predikat (menurut daftar lengkap) 2021",
        "not awarded: a complete list of its province says so"
    );
    assert_eq!(delta.fill, "#ffffcc");
    assert_ne!(beta.fill, delta.fill);
    // Kota Alpha (Provinsi Satu, no complete list) has a result; every
    // region of Provinsi Satu without one would be "not in the record", hatched.
    let english = map_areas(&site.read("en/index.html")).unwrap();
    let delta = title_of(&english, "kota-delta");
    assert!(delta.href.starts_with("/en/") || delta.href.contains("/en/wilayah/"), "{delta:?}");
    assert!(delta.title.starts_with("Kota Delta \u{2014} Not awarded"), "{delta:?}");
    // A province's own map: its three regions, with the table of their standing.
    let province = site.read("provinsi/provinsi-dua/index.html");
    assert_eq!(map_areas(&province).unwrap().len(), 3);
    assert!(province.contains("<summary>Data peta</summary>"));
    assert!(province.contains("Tidak mendapat predikat (menurut daftar lengkap)</td>"));
    // The national map lists the provinces' pages, whose maps show small cities larger.
    assert!(site.read("index.html").contains("Peta per provinsi"));
    // What a map and a badge look like, byte for byte: projection, paths, fills, layout.
    let start = province.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\"").unwrap();
    let end = start + province[start..].find("</svg>").unwrap() + "</svg>".len();
    insta::assert_snapshot!("province_map", &province[start..end]);
    insta::assert_snapshot!("badge", site.read("wilayah/kabupaten-beta/lencana.svg"));
}

#[test]
fn a_region_without_a_shape_is_a_warning_and_left_off_the_maps() {
    let site = TempSite::copy("basic");
    announce_2021(&site);
    site.write_boundaries(&["01.01", "01.71", "02.71", "02.73"]);
    let report = site.build().unwrap();
    let warnings = report.warnings.to_string();
    assert!(warnings.contains("code `02.72`") && warnings.contains("kota-delta"), "{warnings}");
    assert_eq!(map_areas(&site.read("index.html")).unwrap().len(), 4);
    let province = site.read("provinsi/provinsi-dua/index.html");
    assert_eq!(map_areas(&province).unwrap().len(), 2);
    assert!(
        province.contains(">Kota Delta</a></th><td>Tidak mendapat"),
        "still in the map's table"
    );
}

#[test]
fn a_site_without_boundaries_builds_without_maps() {
    let site = TempSite::copy("basic");
    announce_2021(&site);
    site.build().unwrap();
    for page in ["index.html", "penghargaan/2021/index.html", "provinsi/provinsi-dua/index.html"] {
        assert!(map_areas(&site.read(page)).is_none(), "{page}");
    }
    assert!(site.output().join("wilayah/kota-delta/lencana.svg").is_file(), "badges need no map");
}

/// `&lt;a href=&quot;...` as the browser shows it in the text box.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// What a region's badge must say: its latest official result in Indonesian.
fn expected_badge(site: &kla::model::Site, region: &kla::model::Region) -> String {
    let latest = region.evaluations.iter().filter(|e| !e.claims.is_empty()).max_by_key(|e| e.year);
    let Some(ev) = latest else {
        return format!("{}: Tidak ada dalam rekam ini", region.name);
    };
    let predikat = match kla::model::record::claimed(&ev.claims)[..] {
        [id] => {
            let rubric = &site.rubrics[ev.rubric];
            rubric.tier(id).map(|t| t.name.get("id").to_string()).unwrap()
        }
        _ => "Sumber berbeda".to_string(),
    };
    format!("{}: {predikat} {}", region.name, ev.year)
}

#[test]
fn the_repository_site_maps_all_its_regions_and_badges_each_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("output");
    let report = build(&BuildOptions {
        root: root.to_path_buf(),
        output: output.clone(),
        base_url: None,
        force: false,
    })
    .unwrap();
    assert!(!report.warnings.to_string().contains("no shape"), "{}", report.warnings);
    let site = kla::load::load_site(root).unwrap();
    assert_eq!(site.regions.len(), 514);
    let read = |rel: &str| std::fs::read_to_string(output.join(rel)).unwrap();
    let slugs: BTreeSet<String> =
        site.regions.iter().map(|r| format!("/wilayah/{}/", r.slug)).collect();
    let mut pages = vec!["index.html".to_string(), "en/index.html".to_string()];
    pages.extend(
        site.announcements
            .iter()
            .filter(|a| a.held)
            .map(|a| format!("penghargaan/{}/index.html", a.year)),
    );
    for page in &pages {
        let areas = map_areas(&read(page)).unwrap_or_else(|| panic!("{page} has a map"));
        let hrefs: BTreeSet<String> =
            areas.iter().map(|a| a.href.trim_start_matches("/en").to_string()).collect();
        assert_eq!(areas.len(), 514, "{page}");
        assert_eq!(hrefs, slugs, "{page}: every region a shape linking to its profile");
    }
    let home = std::fs::read(output.join("index.html")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&home).unwrap();
    let gzipped = gz.finish().unwrap().len();
    assert!(gzipped < 60 * 1024, "the home page with its map is {gzipped} bytes gzipped");

    for region in &site.regions {
        let path = output.join(format!("wilayah/{}/lencana.svg", region.slug));
        let svg = std::fs::read_to_string(&path).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let title = doc.descendants().find(|n| n.has_tag_name("title")).and_then(|t| t.text());
        let expected = format!("{} \u{2014} KLA Terbuka", expected_badge(&site, region));
        assert_eq!(title, Some(expected.as_str()), "{}", region.slug);
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains(&region.name.as_str()), "the badge shows the name: {svg}");
    }
    let profile = unescape(&read("wilayah/kota-bontang/index.html"));
    let bontang = site.regions.iter().find(|r| r.slug == "kota-bontang").unwrap();
    let snippet = format!(
        "<a href=\"https://kla.example.org/wilayah/kota-bontang/\"><img src=\"https://kla.example.org/wilayah/kota-bontang/lencana.svg\" alt=\"{}\" width=\"320\" height=\"48\"></a>",
        expected_badge(&site, bontang)
    );
    assert!(profile.contains(&snippet), "the profile offers the embed snippet");
    assert!(profile.contains("<textarea id=\"lencana-kode\" class=\"embed\" readonly"));
}
