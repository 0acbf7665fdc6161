//! Nothing lost: `kla build` killed with SIGKILL at several moments leaves
//! `output/` exactly as the previous build or exactly as the new one, never
//! a mix and never missing. Uses the real binary on a generated site large
//! enough for the kills to land mid-write.

#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{TempSite, copy_tree};

const GENERATED_REGIONS: usize = 600;

/// The basic site plus many generated regions.
fn large_site() -> TempSite {
    let site = TempSite::copy("basic");
    let evaluation = site.read_source("content/regions/kabupaten-beta/2021.toml");
    for i in 0..GENERATED_REGIONS {
        let dir = format!("content/regions/kota-uji-{i}");
        let info = format!(
            "name = \"Kota Uji {i}\"\nkind = \"kota\"\nprovince = \"Provinsi {}\"\ncode = \"99.01.01.{}\"\n",
            i % 30,
            1000 + i
        );
        site.write(&format!("{dir}/region.toml"), &info);
        site.write(&format!("{dir}/2021.toml"), &evaluation);
    }
    site
}

fn kla_build(root: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kla"));
    command.arg("build").arg(root).arg("--output").arg(out);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
}

/// Every file under `dir` with its bytes, sorted; `None` when `dir` is missing.
fn snapshot(dir: &Path) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    if !dir.is_dir() {
        return None;
    }
    let mut all = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            all.push((rel, fs::read(entry.path()).unwrap()));
        }
    }
    Some(all)
}

/// Names in the output's parent folder other than the output itself.
fn leftovers(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "output" && !n.starts_with("ref-"))
        .collect();
    names.sort();
    names
}

/// When a build is killed, as seen from the file system.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// Right after the process starts.
    AtOnce,
    /// As soon as its staging folder appears beside the output.
    StagingAppears,
    /// As soon as the staging folder holds a written file (mid-write).
    StagingHasFiles,
    /// As soon as `output/` shows the new site (while the old one is removed).
    RightAfterTheSwap,
    /// Not killed: runs to the end.
    Never,
}

fn staging(parent: &Path) -> Option<PathBuf> {
    let names = leftovers(parent);
    names.iter().find(|n| n.starts_with(".output.new")).map(|n| parent.join(n))
}

fn has_a_file(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).any(|e| e.file_type().is_file())
}

/// Waits until `moment` is seen (or the build ends); true when it was seen.
fn wait_for(
    moment: Moment,
    child: &mut std::process::Child,
    parent: &Path,
    new_index: &[u8],
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        let reached = match moment {
            Moment::AtOnce => true,
            Moment::StagingAppears => staging(parent).is_some(),
            Moment::StagingHasFiles => staging(parent).is_some_and(|s| has_a_file(&s)),
            Moment::RightAfterTheSwap => {
                fs::read(parent.join("output/index.html")).is_ok_and(|b| b == new_index)
            }
            Moment::Never => false,
        };
        if reached {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the build neither reached {moment:?} nor ended");
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_output() {
    let site = large_site();
    let place = tempfile::tempdir().unwrap();
    let (old_ref, new_ref, out) =
        (place.path().join("ref-old"), place.path().join("ref-new"), place.path().join("output"));
    assert!(kla_build(site.root(), &old_ref).status().unwrap().success());
    let config = site.read_source("site.toml");
    site.write("site.toml", &config.replace("KLA Uji", "KLA Uji Baru"));
    assert!(kla_build(site.root(), &new_ref).status().unwrap().success());
    let (old, new) = (snapshot(&old_ref).unwrap(), snapshot(&new_ref).unwrap());
    assert_ne!(old, new, "the two builds differ");
    let new_index = fs::read(new_ref.join("index.html")).unwrap();
    let mut seen = Vec::new();
    for moment in [
        Moment::AtOnce,
        Moment::StagingAppears,
        Moment::StagingHasFiles,
        Moment::RightAfterTheSwap,
        Moment::Never,
    ] {
        if out.exists() {
            fs::remove_dir_all(&out).unwrap();
        }
        copy_tree(&old_ref, &out);
        let mut child = kla_build(site.root(), &out).spawn().unwrap();
        let reached = wait_for(moment, &mut child, place.path(), &new_index);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let state = match snapshot(&out) {
            Some(files) if files == old => "old",
            Some(files) if files == new => "new",
            Some(_) => "MIXED",
            None => "MISSING",
        };
        seen.push(format!("{moment:?} (seen: {reached}, {status}): {state}"));
        assert!(state == "old" || state == "new", "{seen:#?}");
        if matches!(moment, Moment::Never) {
            assert_eq!(state, "new", "a build left alone publishes the new site");
        }
    }
    eprintln!(
        "{} files; kills: {seen:#?}; left beside the output: {:?}",
        new.len(),
        leftovers(place.path())
    );
}

/// A build after a killed one must clean the staging folder the killed one left.
#[test]
fn the_next_build_cleans_what_a_killed_build_left_beside_the_output() {
    let site = large_site();
    let place = tempfile::tempdir().unwrap();
    let out = place.path().join("output");
    assert!(kla_build(site.root(), &out).status().unwrap().success());
    let mut child = kla_build(site.root(), &out).spawn().unwrap();
    assert!(wait_for(Moment::StagingHasFiles, &mut child, place.path(), &[]));
    let _ = child.kill();
    child.wait().unwrap();
    assert_eq!(leftovers(place.path()).len(), 1, "the killed build left its staging folder");
    assert!(kla_build(site.root(), &out).status().unwrap().success());
    assert_eq!(leftovers(place.path()), Vec::<String>::new());
}
