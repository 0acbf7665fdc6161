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

#[test]
fn help_teaches_the_layout_and_examples() {
    let out = kla(&["build", "--help"], std::path::Path::new("."));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("content/regions/<slug>/<year>.toml"), "{stdout}");
    assert!(stdout.contains("kla check"), "{stdout}");
}
