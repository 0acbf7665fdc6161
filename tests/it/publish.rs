//! `kla build --watch` end to end: the real binary on a fixture site copied
//! into a temporary folder, edited while it runs, read back from `output/`.

use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufReader};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::common::TempSite;
use serde_json::Value;
use sha2::{Digest, Sha256};

const ALPHA: &str = "content/regions/kota-alpha/2021.toml";

/// How long any one publish may take on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(120);

/// A running `kla build --watch --log-format json`, its events read line by line.
struct Watching {
    child: Child,
    events: Receiver<Value>,
}

impl Watching {
    fn start(site: &TempSite, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kla"))
            .arg("build")
            .arg(site.root())
            .args(["--watch", "--log-format", "json"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, events) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let line = line.unwrap();
                let event: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {line}"));
                if tx.send(event).is_err() {
                    break;
                }
            }
        });
        Watching { child, events }
    }

    /// The next event named `name` (others are skipped); panics after PATIENCE.
    fn next(&self, name: &str) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let event = self
                .events
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no `{name}` event within {PATIENCE:?}"));
            if event["event"] == name {
                return event;
            }
            assert_ne!(event["event"], "failed", "waiting for `{name}`: {event}");
        }
    }

    /// The events that come within `wait`.
    fn events_for(&self, wait: Duration) -> Vec<Value> {
        let deadline = Instant::now() + wait;
        let mut seen = Vec::new();
        while let Ok(event) =
            self.events.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            seen.push(event);
        }
        seen
    }

    /// Sends SIGTERM and waits for the exit.
    fn terminate(mut self) -> ExitStatus {
        let status =
            Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "still running {PATIENCE:?} after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `kota-alpha`'s 2021 total in the published `data/scores.json`.
fn alpha_total(site: &TempSite) -> f64 {
    let all: Value = serde_json::from_str(&site.read("data/scores.json")).unwrap();
    let record = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "kota-alpha" && r["year"] == 2021)
        .unwrap();
    record["total"].as_f64().unwrap()
}

/// The fixture's `kota-alpha` 2021 evaluation (`original`) with `layanan` worth `points`.
fn alpha_with(original: &str, points: u32) -> String {
    assert!(original.contains("layanan = 25"));
    original.replace("layanan = 25", &format!("layanan = {points}"))
}

/// Saves a source as editors do: a hidden temporary file renamed over it, so
/// the watcher never sees it half-written.
fn save(site: &TempSite, rel: &str, text: &str) {
    let path = site.root().join(rel);
    let temporary =
        path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
    fs::write(&temporary, text).unwrap();
    fs::rename(&temporary, &path).unwrap();
}

/// Names beside the sources in the site folder: no staging or set-aside folders.
fn site_folder_names(site: &TempSite) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn publishes_each_good_edit_keeps_the_output_through_a_broken_one_and_stops_cleanly() {
    let site = TempSite::copy("basic");
    let original = site.read_source(ALPHA);
    let watching = Watching::start(&site, &[]);
    watching.next("published");
    let before = alpha_total(&site);

    // The first publish is what `kla build` writes (base_url from site.toml, not a loopback address).
    let reference = TempSite::copy("basic");
    reference.build().unwrap();
    assert_eq!(site.snapshot_output(), reference.snapshot_output(), "differs from `kla build`");
    assert!(site.read("index.html").contains("https://uji.example.org/"));

    save(&site, ALPHA, &alpha_with(&original, 20));
    let published = watching.next("published");
    assert!(published["what"].as_str().unwrap().contains("kota-alpha"), "{published}");
    assert!(published["written"].as_u64().unwrap() > 0);
    assert!(published["kept"].as_u64().unwrap() > 0, "unchanged files are hard-linked");
    assert!((alpha_total(&site) - (before - 5.0)).abs() < 0.01, "the new score is published");

    // A broken edit: the problems are reported as `kla build` reports them, nothing is published.
    let good = site.snapshot_output();
    save(&site, ALPHA, &format!("{original}\nperda-kl = 38\n[points\n"));
    let failed = watching.next("failed");
    let problems = failed["problems"].as_str().unwrap();
    let build = Command::new(env!("CARGO_BIN_EXE_kla"))
        .arg("build")
        .arg(site.root())
        .arg("-o")
        .arg(reference.root().join("broken-output"))
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(1));
    assert_eq!(problems.trim_end(), String::from_utf8_lossy(&build.stderr).trim_end());
    assert!(problems.contains("content/regions/kota-alpha/2021.toml:"), "{problems}");
    let later = watching.events_for(Duration::from_millis(1500));
    assert!(later.iter().all(|e| e["event"] != "published"), "published a broken site: {later:?}");
    assert_eq!(site.snapshot_output(), good, "the output changed after a broken edit");
    // Beside the output, only the output it swapped out last, kept to stage the next publish.
    let names = site_folder_names(&site);
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names[0].starts_with(".output.spare-"), "{names:?}");
    assert_eq!(names[1..], ["content", "output", "site.toml"]);

    save(&site, ALPHA, &alpha_with(&original, 22));
    watching.next("published");
    assert!((alpha_total(&site) - (before - 3.0)).abs() < 0.01, "the fix is published");

    let status = watching.terminate();
    assert!(status.success(), "{status}");
    assert_eq!(site_folder_names(&site), ["content", "output", "site.toml"], "leftovers");
    assert!((alpha_total(&site) - (before - 3.0)).abs() < 0.01);
}

/// A reader of `output/` as a web server is one: it opens the folder, reads
/// the manifest, then every file it lists, through the folder it opened. A
/// file missing is the old build being removed after a swap (the snapshot is
/// dropped); a file with other bytes than listed would be a mix.
struct Reads {
    whole: usize,
    retired: usize,
    builds: HashSet<Vec<u8>>,
    mixed: Vec<String>,
}

fn read_continuously(out: &Path, stop: &AtomicBool) -> Reads {
    let mut reads = Reads { whole: 0, retired: 0, builds: HashSet::new(), mixed: Vec::new() };
    while !stop.load(Ordering::Relaxed) {
        let Ok(dir) = fs::File::open(out) else { continue };
        let base = PathBuf::from(format!("/proc/self/fd/{}", dir.as_raw_fd()));
        let Ok(manifest) = fs::read(base.join("manifest.json")) else {
            reads.retired += 1;
            continue;
        };
        let json: Value = serde_json::from_slice(&manifest)
            .unwrap_or_else(|e| panic!("a half-written manifest ({e})"));
        let mut whole = true;
        for file in json["files"].as_array().unwrap() {
            let path = file["path"].as_str().unwrap();
            match fs::read(base.join(path)) {
                Ok(bytes) => {
                    let sha: String =
                        Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
                    if sha != file["sha256"].as_str().unwrap() {
                        reads.mixed.push(path.to_string());
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    whole = false;
                    break;
                }
                Err(e) => panic!("cannot read {path}: {e}"),
            }
        }
        if whole {
            reads.whole += 1;
            reads.builds.insert(manifest);
        } else {
            reads.retired += 1;
        }
    }
    reads
}

#[test]
fn a_reader_never_sees_a_mix_of_two_builds() {
    let site = TempSite::copy("basic");
    let watching = Watching::start(&site, &[]);
    watching.next("published");
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (out, stop) = (site.output(), Arc::clone(&stop));
        std::thread::spawn(move || read_continuously(&out, &stop))
    };
    let original = site.read_source(ALPHA);
    for points in 0..12 {
        save(&site, ALPHA, &alpha_with(&original, points));
        watching.next("published");
        // Time for the reader to read the new build whole at least once.
        std::thread::sleep(Duration::from_millis(150));
    }
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().unwrap();
    assert!(reads.mixed.is_empty(), "files of another build: {:?}", reads.mixed);
    assert!(reads.whole > 0, "no whole build read");
    assert!(reads.builds.len() >= 2, "the reader saw {} builds", reads.builds.len());
    eprintln!(
        "{} whole reads of {} builds, {} reads overtaken by a swap",
        reads.whole,
        reads.builds.len(),
        reads.retired
    );
    assert!(watching.terminate().success());
}

#[test]
fn exec_runs_after_each_publish_and_its_failure_does_not_stop_the_watcher() {
    let site = TempSite::copy("basic");
    let original = site.read_source(ALPHA);
    let scratch = tempfile::tempdir().unwrap();
    let log = scratch.path().join("exec.log");
    let code = scratch.path().join("code");
    fs::write(&code, "0").unwrap();
    let command = format!(
        "test -f \"$KLA_OUTPUT/data/scores.json\" && echo \"$KLA_OUTPUT\" >> '{}' && exit \"$(cat '{}')\"",
        log.display(),
        code.display()
    );
    let watching = Watching::start(&site, &["--exec", &command]);
    watching.next("published");
    let ran = watching.next("exec");
    assert_eq!(ran["status"], 0, "{ran}");

    fs::write(&code, "3").unwrap();
    save(&site, ALPHA, &alpha_with(&original, 20));
    watching.next("published");
    let failed = watching.next("exec_failed");
    assert_eq!(failed["status"], 3, "{failed}");

    fs::write(&code, "0").unwrap();
    save(&site, ALPHA, &alpha_with(&original, 21));
    watching.next("published");
    assert_eq!(watching.next("exec")["status"], 0, "the watcher went on");

    let lines: Vec<String> = fs::read_to_string(&log).unwrap().lines().map(String::from).collect();
    assert!(lines.len() >= 3, "{lines:?}");
    assert!(lines.iter().all(|l| Path::new(l) == site.output()), "{lines:?}");
    assert!(watching.terminate().success());
}

#[test]
fn exec_and_log_format_need_watch() {
    let out = Command::new(env!("CARGO_BIN_EXE_kla"))
        .args(["build", "--exec", "true", "no-such-site"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--watch"));
}

#[test]
fn watch_refuses_an_output_holding_foreign_files_as_build_does() {
    let site = TempSite::copy("basic");
    site.write("output/CNAME", "kla.example.id\n");
    let out = Command::new(env!("CARGO_BIN_EXE_kla"))
        .arg("build")
        .arg(site.root())
        .arg("--watch")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CNAME"));
    assert_eq!(site.read("CNAME"), "kla.example.id\n");
}

/// The README's installation from a checkout, offline, into a temporary root;
/// the installed binary starts a site with `kla init` and builds it. The
/// install builds in the dev profile with the tests' own target folder, so it
/// links what the tests already compiled instead of building everything again
/// in release.
#[test]
fn installs_from_a_checkout_offline_and_builds_a_new_site() {
    let bin = Path::new(env!("CARGO_BIN_EXE_kla"));
    let target = bin.parent().and_then(Path::parent).unwrap();
    let root = tempfile::tempdir().unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let install = Command::new(cargo)
        .args(["install", "--locked", "--offline", "--debug", "--path"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--root")
        .arg(root.path())
        .env("CARGO_TARGET_DIR", target)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(install.status.success(), "{}", String::from_utf8_lossy(&install.stderr));
    let kla = root.path().join("bin").join("kla");

    let version = Command::new(&kla).arg("--version").output().unwrap();
    let version = String::from_utf8(version.stdout).unwrap();
    assert!(version.starts_with(&format!("kla {}", env!("CARGO_PKG_VERSION"))), "{version}");

    let site = root.path().join("situs");
    assert!(Command::new(&kla).arg("init").arg(&site).status().unwrap().success());
    let built = Command::new(&kla).arg("build").arg(&site).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(site.join("output/index.html").is_file());
    assert!(site.join("output/manifest.json").is_file());
}
