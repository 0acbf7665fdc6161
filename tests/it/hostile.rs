//! A site whose every free-text field holds hostile values (script tags,
//! attribute break-outs, CDATA ends, spreadsheet formulas, control
//! characters), built for real; every written file is then checked in its
//! own format: HTML has no live markup from the data, XML and JSON parse,
//! CSV cells cannot start a formula.

use std::path::Path;

use crate::common::TempSite;

/// One string that tries every break-out at once.
const HOSTILE: &str =
    r#"<script>alert(1)</script>\"><img src=x onerror=alert(1)>]]></script>\u0007\u001b&amp;"#;

/// A value that starts a spreadsheet formula.
const FORMULA: &str = r#"=HYPERLINK(\"http://evil.example\",\"klik\")"#;

fn hostile_site() -> TempSite {
    let site = TempSite::copy("basic");
    let edit = |rel: &str, from: &str, to: &str| {
        let text = site.read_source(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        site.write(rel, &text.replacen(from, to, 1));
    };
    edit(
        "site.toml",
        "title = \"KLA Uji\"",
        &format!("title = \"{HOSTILE}\"\nauthor = \"{HOSTILE}\""),
    );
    edit("site.toml", "Situs uji kla", HOSTILE);
    let region = "content/regions/kota-alpha/region.toml";
    edit(region, "Kota Alpha", HOSTILE);
    edit(region, "Provinsi Satu", FORMULA);
    edit("content/regions/kabupaten-beta/region.toml", "Kabupaten Beta", FORMULA);
    edit("content/regions/kota-alpha/2021.toml", "Berita Satu, 22 Juli 2021", HOSTILE);
    edit("content/regions/kabupaten-beta/2021.toml", "Berita Dua", FORMULA);
    edit("content/regions/kota-alpha/2021.toml", "Dinas Kesehatan", HOSTILE);
    let rubric = "content/rubrics/baru.toml";
    edit(rubric, "Rubrik baru", HOSTILE);
    edit(rubric, "Poin per indikator adalah asumsi penerbit.", HOSTILE);
    edit(rubric, "\"Perlindungan Khusus\"", &format!("\"{HOSTILE}\""));
    edit(rubric, "Gugus tugas KLA", HOSTILE);
    edit(rubric, "unit = \"%\"", &format!("unit = \"{HOSTILE}\""));
    edit(rubric, "name = \"Madya\"", &format!("name = \"{HOSTILE}\""));
    let story = "content/regions/kota-alpha/index.md";
    edit(story, "Perjalanan Kota Alpha", HOSTILE);
    edit(story, "Kota Alpha naik dari Madya ke Utama.", HOSTILE);
    edit(
        story,
        "Kota Alpha naik peringkat.",
        "Teks <script>alert(1)</script><img src=x onerror=alert(1)> [j](javascript:alert(1)) <iframe src=\"https://evil.example\"></iframe>",
    );
    edit("content/pages/tentang.md", "title = \"Tentang\"", &format!("title = \"{HOSTILE}\""));
    site
}

#[test]
fn hostile_values_in_every_field_are_escaped_in_every_written_file() {
    let site = hostile_site();
    site.build().unwrap_or_else(|e| panic!("the hostile site builds: {e:?}"));
    let files = site.snapshot_output();
    assert!(files.len() > 10, "a full build was written");
    let mut checked_feed = false;
    for (rel, bytes) in &files {
        if rel.ends_with(".png") {
            // Share images: binary, drawn from an escaped SVG (checked by building at all).
            assert!(bytes.starts_with(b"\x89PNG"), "{rel} is a PNG");
            continue;
        }
        if rel.starts_with("pagefind/") && !rel.ends_with(".js") && !rel.ends_with(".json") {
            // The search index: gzip and WebAssembly; search.js shows results as text only.
            continue;
        }
        let text = String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{rel} is UTF-8"));
        match Path::new(rel).extension().and_then(|e| e.to_str()) {
            Some("html") => check_html(rel, &text),
            Some("xml") => {
                roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel} is XML: {e}"));
                checked_feed |= rel.contains("feed") || rel.contains("atom");
            }
            Some("json") => {
                serde_json::from_str::<serde_json::Value>(&text)
                    .unwrap_or_else(|e| panic!("{rel} is JSON: {e}"));
            }
            Some("csv") => check_csv(rel, &text),
            _ => {}
        }
    }
    assert!(checked_feed, "the feed was written and checked");
    let region = site.read("wilayah/kota-alpha/index.html");
    assert!(region.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the name is shown as text");
    assert!(region.contains("Teks <img src=\"x\"> <a>j</a>"), "the narrative is sanitised");
}

#[test]
fn unsafe_html_keeps_a_trusting_publishers_raw_html() {
    let site = TempSite::copy("basic");
    let config = site.read_source("site.toml");
    site.write("site.toml", &format!("{config}unsafe_html = true\n"));
    let story = "content/regions/kota-alpha/index.md";
    let text = site.read_source(story);
    let raw = "Teks <video src=\"a.mp4\" onplay=\"track()\"></video>";
    site.write(story, &text.replacen("Kota Alpha naik peringkat.", raw, 1));
    site.build().unwrap_or_else(|e| panic!("{e:?}"));
    assert!(site.read("wilayah/kota-alpha/index.html").contains(raw));
}

fn check_html(rel: &str, html: &str) {
    for live in ["<script>alert", "<img src=x", "=\"javascript:", "<iframe"] {
        if let Some(at) = html.find(live) {
            let around = &html[at.saturating_sub(120)..(at + 80).min(html.len())];
            panic!("{rel} contains `{live}`: …{around}…");
        }
    }
    for (at, _) in html.match_indices("onerror") {
        assert!(!is_live_attribute(&html[..at]), "{rel} has a live onerror at byte {at}");
    }
}

/// Whether text ending here is inside a tag and outside any quoted attribute
/// value, where a name would become a real attribute.
fn is_live_attribute(before: &str) -> bool {
    let tag_start = before.rfind('<');
    let tag_end = before.rfind('>');
    match (tag_start, tag_end) {
        (Some(open), close) if close.is_none_or(|c| c < open) => {
            before[open..].matches('"').count() % 2 == 0
        }
        _ => false,
    }
}

fn check_csv(rel: &str, text: &str) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{rel} is CSV: {e}"));
        for cell in &record {
            let numeric = cell.parse::<f64>().is_ok();
            assert!(
                numeric || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{rel} has a formula cell: {cell:?}"
            );
        }
    }
}
