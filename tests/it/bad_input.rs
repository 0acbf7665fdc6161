//! The bad-input corpus: every folder of `tests/bad-input/` is a broken
//! variant of the `basic` fixture site (files under `site/` overlay it, paths
//! in `remove.txt` are deleted). `expected.txt` holds the exact location
//! (`path[:line:col]`) and a fragment of the message. The real binary must
//! exit non-zero, print that location, and leave an existing output folder
//! byte-for-byte as it was.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{TempSite, copy_tree};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad-input");

/// Output left by an earlier build (its manifest lists its files, so kla
/// takes it for its own); a failed build must not touch it.
const OLD_OUTPUT: &[(&str, &str)] = &[
    ("index.html", "<p>old build</p>"),
    ("wilayah/kota-alpha/index.html", "old region"),
    (
        "manifest.json",
        r#"{"files": [{"path": "index.html", "sha256": "00", "size": 16}, {"path": "wilayah/kota-alpha/index.html", "sha256": "00", "size": 10}]}"#,
    ),
];

#[test]
fn every_broken_site_fails_at_its_exact_location_and_leaves_the_old_output_alone() {
    let mut cases: Vec<_> = fs::read_dir(CORPUS).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 40, "the corpus holds {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|case| check_case(case).err()).collect();
    assert!(failures.is_empty(), "{} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

fn check_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
    let (location, fragment) = expected.split_once('\n').unwrap();
    let (location, fragment) = (location.trim(), fragment.trim());
    let site = overlay(case);
    for (rel, text) in OLD_OUTPUT {
        site.write(&format!("output/{rel}"), text);
    }
    let before = site.snapshot_output();
    let run = Command::new(env!("CARGO_BIN_EXE_kla")).arg("build").arg(site.root()).output();
    let run = run.unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    let mut problems = Vec::new();
    if run.status.success() {
        problems.push("exited with success".to_string());
    }
    if !stderr.contains(&format!("--> {location}\n")) {
        problems.push(format!("no `--> {location}` in stderr"));
    }
    if !stderr.contains(fragment) {
        problems.push(format!("no `{fragment}` in stderr"));
    }
    if site.snapshot_output() != before {
        problems.push("the output folder changed".to_string());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}\n{stderr}", problems.join("; ")))
    }
}

/// The basic fixture with the case's files laid over it and its removals done.
fn overlay(case: &Path) -> TempSite {
    let site = TempSite::copy("basic");
    if case.join("site").is_dir() {
        copy_tree(&case.join("site"), site.root());
    }
    let removals = fs::read_to_string(case.join("remove.txt")).unwrap_or_default();
    for rel in removals.lines().filter(|l| !l.trim().is_empty()) {
        fs::remove_file(site.root().join(rel.trim())).unwrap();
    }
    site
}

#[test]
fn the_output_folder_may_not_be_the_site_folder_or_a_parent_of_it() {
    let site = TempSite::copy("basic");
    let sources = site.snapshot_tree();
    let parent = site.root().join("..");
    for out in [site.root().to_path_buf(), site.root().join("."), parent] {
        let run = Command::new(env!("CARGO_BIN_EXE_kla"))
            .arg("build")
            .arg(site.root())
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "building into {} succeeded", out.display());
        assert!(stderr.contains("contains the site's sources"), "{stderr}");
        assert_eq!(site.snapshot_tree(), sources, "the sources changed");
    }
}
