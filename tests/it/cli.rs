//! The real binary: exit codes, what it prints, and that `check` writes nothing.

use std::process::{Command, Output};

use crate::common::TempSite;

fn kla(args: &[&str], cwd: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kla"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn build_in_the_site_folder_writes_output_and_says_so() {
    let site = TempSite::copy("basic");
    let out = kla(&["build"], site.root());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("built 5 regions, 5 evaluations:"), "{stdout}");
    assert!(site.output().join("index.html").is_file());
}

#[test]
fn build_takes_a_site_argument_and_an_output_folder() {
    let site = TempSite::copy("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let out =
        kla(&["build", site.root().to_str().unwrap(), "--output", "public"], elsewhere.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(elsewhere.path().join("public/index.html").is_file());
    assert!(!site.output().exists());
}

#[test]
fn check_reports_problems_with_location_and_exit_code_one() {
    let site = TempSite::copy("basic");
    site.write("content/regions/kota-alpha/2021.toml", "year = 2021\n[points]\nperda-kl = 3\n");
    let out = kla(&["check"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("--> content/regions/kota-alpha/2021.toml:3:1"), "{stderr}");
    assert!(stderr.contains("3 | perda-kl = 3"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert!(stderr.contains("perda"), "suggests the closest id: {stderr}");
    assert!(!site.output().exists(), "check writes nothing");
}

#[test]
fn check_of_a_good_site_succeeds_and_writes_nothing() {
    let site = TempSite::copy("basic");
    let out = kla(&["check"], site.root());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("checked 5 regions"));
    assert!(!site.output().exists());
}

#[test]
fn refuses_to_write_over_the_site_itself() {
    let site = TempSite::copy("basic");
    let out = kla(&["build", "--output", "."], site.root());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("contains the site's sources"));
    assert!(site.root().join("site.toml").is_file());
}

/// Every file under `root` with its bytes, sorted by path.
fn every_byte(root: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
        let bytes =
            if entry.file_type().is_file() { std::fs::read(entry.path()).unwrap() } else { vec![] };
        all.push((rel, bytes));
    }
    all
}

#[test]
fn every_mistyped_output_folder_is_refused_and_nothing_changes() {
    let site = TempSite::copy("basic");
    site.write("templates/README.txt", "the site's own templates\n");
    site.write("themes/mine/templates/base.html", "{{ page }}\n");
    site.write("laporan/laporan-2025.docx", "a report kla did not write\n");
    site.write("catatan.txt", "a file, not a folder\n");
    let cases: [(&str, &[&str], &str); 10] = [
        ("content", &[], "inside the site's `content`"),
        ("content/regions", &[], "inside the site's `content`"),
        ("content/regions/kota-alpha", &[], "inside the site's `content`"),
        ("content/rubrics", &["--force"], "inside the site's `content`"),
        ("themes", &["--force"], "inside the site's `themes`"),
        ("themes/mine", &[], "inside the site's `themes`"),
        ("templates", &[], "inside the site's `templates`"),
        ("laporan", &[], "holds files kla did not write"),
        ("catatan.txt", &[], "is a file, not a folder"),
        ("catatan.txt", &["--force"], "is a file, not a folder"),
    ];
    let before = every_byte(site.root());
    for (output, extra, says) in cases {
        let mut args = vec!["build", "--output", output];
        args.extend_from_slice(extra);
        let out = kla(&args, site.root());
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "-o {output} {extra:?}: {stderr}");
        assert!(stderr.contains(says), "-o {output} {extra:?}: {stderr}");
        assert!(stderr.contains("help:"), "-o {output}: {stderr}");
        assert!(every_byte(site.root()) == before, "-o {output} {extra:?} changed the site");
    }
    let forced = kla(&["build", "--output", "laporan", "--force"], site.root());
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(!site.root().join("laporan/laporan-2025.docx").exists(), "--force replaces it");
    assert!(site.root().join("laporan/index.html").is_file());
    let again = kla(&["build", "--output", "laporan"], site.root());
    assert!(
        again.status.success(),
        "a kla output is rebuilt without --force: {}",
        text(&again.stderr)
    );
}

#[test]
fn a_base_url_override_is_checked_like_site_toml() {
    let site = TempSite::copy("basic");
    let out = kla(&["build", "-u", "not a url"], site.root());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--base-url `not a url` is not an absolute URL"),
        "{}",
        text(&out.stderr)
    );
    assert!(!site.output().exists());
    let ok = kla(&["build", "-u", "https://preview.example.id/kla"], site.root());
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let home = std::fs::read_to_string(site.output().join("index.html")).unwrap();
    assert!(home.contains("https://preview.example.id/kla/"), "links use the override");
}

#[test]
fn help_teaches_the_layout_and_examples() {
    let out = kla(&["build", "--help"], std::path::Path::new("."));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("content/regions/<slug>/<year>.toml"), "{stdout}");
    assert!(stdout.contains("kla check"), "{stdout}");
}

/// The UTF-8 byte-order mark Windows Notepad writes first.
const BOM: &str = "\u{feff}";

#[test]
fn files_saved_with_a_byte_order_mark_read_as_without_it() {
    let site = TempSite::copy("basic");
    for rel in ["site.toml", "content/regions/kota-alpha/index.md", "content/pages/tentang.md"] {
        site.write(rel, &format!("{BOM}{}", site.read_source(rel)));
    }
    let out = kla(&["build"], site.root());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let profile = site.read("wilayah/kota-alpha/index.html");
    assert!(!profile.contains("+++") && !profile.contains("title = "), "front matter shown");
    assert!(site.read("atom.xml").contains("Perjalanan Kota Alpha"), "the title is kept");
    assert!(site.read("tentang/index.html").contains("Tentang"));
}

#[test]
fn one_run_reports_the_problems_of_every_stage_sorted_and_once() {
    let site = TempSite::copy("basic");
    let beta = "content/regions/kabupaten-beta/2021.toml";
    site.write(beta, &site.read_source(beta).replace("perda = 20", "perda = \"20\""));
    site.write("content/regions/kota-gamma/region.toml", "name = \"Kota Gamma\"\nkind = \n");
    let alpha = "content/regions/kota-alpha/index.md";
    let story = site.read_source(alpha).replace("@/pages/tentang", "@/pages/tentangg");
    site.write(alpha, &format!("{story}\nTetangga: [Gamma](@/regions/kota-gamma).\n"));
    let data = "{% extends \"base.html\" %}\n{% block content %}{{ 1 | nmu }}{% endblock %}\n";
    site.write("templates/data.html", data);
    let out = kla(&["check"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let expected = [
        "--> content/regions/kabupaten-beta/2021.toml:6:9\n",
        "--> content/regions/kota-alpha/index.md:10:17\n",
        "--> content/regions/kota-gamma/region.toml:2:",
        "--> templates/data.html:2:27\n",
    ];
    let at: Vec<usize> = expected
        .iter()
        .map(|e| {
            assert_eq!(stderr.matches(e).count(), 1, "`{e}` once in:\n{stderr}");
            stderr.find(e).unwrap()
        })
        .collect();
    assert!(at.is_sorted(), "sorted by file: {stderr}");
    assert!(!stderr.contains("kota-gamma`"), "a region with an error is no broken link: {stderr}");
    assert!(stderr.ends_with("4 problems found\n"), "{stderr}");
}

#[test]
fn warnings_are_printed_before_the_summary_and_the_build_goes_on() {
    let site = TempSite::copy("basic");
    site.write("content/regions/kota-gamma/2031.toml", "year = 2031\n");
    let alpha = "content/regions/kota-alpha/2021.toml";
    site.write(alpha, &site.read_source(alpha).replace("value = 95,", "value = 101,"));
    site.write("templates/regoin.html", "{{ page.title }}\n");
    site.write("site.toml", &site.read_source("site.toml").replace("[\"id\"]", "[\"id\", \"jv\"]"));
    for (command, done) in [("check", "checked"), ("build", "built")] {
        let out = kla(&[command], site.root());
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "{command}: {stderr}");
        for (location, says) in [
            ("content/regions/kota-alpha/2021.toml:14:31", "101 % of `persalinan-faskes`"),
            ("content/regions/kota-gamma/2031.toml:1:8", "evaluation year 2031 is after"),
            ("site.toml:4:20", "no interface strings in `jv`"),
            ("templates/regoin.html", "did you mean `region.html`?"),
            ("content/pages/tentang.md", "no `jv` translation"),
        ] {
            assert!(stderr.contains(&format!("--> {location}\n")), "{command}: {stderr}");
            assert!(stderr.contains(says), "{command}: {says}: {stderr}");
        }
        assert_eq!(stderr.matches("warning: ").count(), 5, "{stderr}");
        assert!(stderr.ends_with("5 warnings\n"), "{stderr}");
        assert!(text(&out.stdout).starts_with(&format!("{done} 5 regions")), "{command}");
    }
}
