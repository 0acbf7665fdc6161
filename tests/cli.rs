//! The real binary: exit codes, what it prints, and that `check` writes nothing.

mod common;

use std::process::{Command, Output};

use common::TempSite;

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
