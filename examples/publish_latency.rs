//! Benchmark of `kla build --watch`: from saving one region's evaluation file
//! to the new output swapped in (the `published` event), over N edits.
//!
//! ```text
//! cargo build --release && cargo run --release --example publish_latency -- SITE [EDITS]
//! ```
//!
//! SITE is copied into a temporary folder first (the original is never
//! touched) and the release `kla` binary beside this example runs on the copy
//! with `--log-format json`, publishing into the copy's `output/`. Each edit
//! is saved as an editor saves (a hidden file renamed over the evaluation)
//! and changes one number of the first region's evaluation that has one, so
//! scores and that year's ranks change. Prints the median, 95th percentile,
//! minimum and maximum of the wall time seen from outside, and of the time
//! kla reports for the rebuild and the publish alone (its `ms`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[path = "common/site_edits.rs"]
mod site_edits;
use site_edits::{copy_site, edit, pick_evaluation};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: publish_latency SITE [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.next().map_or(30, |n| n.parse().expect("EDITS is a number"));
    let kla = kla_binary();
    let copy = tempfile::tempdir().expect("a temporary folder");
    copy_site(&site, copy.path());
    let (file, original) = pick_evaluation(copy.path());
    let mut child = Command::new(&kla)
        .arg("build")
        .arg(copy.path())
        .args(["--watch", "--log-format", "json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", kla.display()));
    let (tx, events) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let event: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
            let _ = tx.send((Instant::now(), event));
        }
    });
    let published = || loop {
        let (at, event) = events.recv_timeout(Duration::from_secs(120)).expect("a publish");
        match event["event"].as_str() {
            Some("published") => return (at, event["ms"].as_u64().unwrap_or(0)),
            Some("failed") => panic!("the build failed: {}", event["problems"]),
            _ => {}
        }
    };
    let (_, first_ms) = published();
    eprintln!("initial build published in {first_ms} ms");
    let mut outside = Vec::with_capacity(edits);
    let mut inside = Vec::with_capacity(edits);
    for i in 0..edits {
        let text = edit(&original, i);
        let started = Instant::now();
        save(&file, &text);
        let (at, ms) = published();
        outside.push(at - started);
        inside.push(Duration::from_millis(ms));
        // Let the watcher go quiet, so edits do not merge.
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let status = child.wait().expect("kla ends");
    assert!(status.success(), "kla build --watch ended with {status}");
    let name = file.strip_prefix(copy.path()).unwrap_or(&file).display().to_string();
    println!("edited {name} {edits} times");
    report("save to published output", &mut outside);
    report("kla's rebuild and publish (ms)", &mut inside);
}

/// The release `kla` built beside this example (`target/release/examples/..` -> `target/release/kla`).
fn kla_binary() -> PathBuf {
    let me = std::env::current_exe().expect("the example's path");
    let dir = me.parent().and_then(Path::parent).expect("target/<profile>/examples");
    dir.join(if cfg!(windows) { "kla.exe" } else { "kla" })
}

/// Writes `text` as an editor does: into a hidden file, renamed over `file`.
fn save(file: &Path, text: &str) {
    let name = file.file_name().unwrap().to_string_lossy();
    let temporary = file.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&temporary, text).expect("write the evaluation");
    std::fs::rename(&temporary, file).expect("rename it into place");
}

fn report(what: &str, samples: &mut [Duration]) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: median {:.1} ms, p95 {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
    );
}
