//! Benchmark of `kla serve`: from writing one region's evaluation file to the
//! live-reload event, over N edits.
//!
//! ```text
//! cargo run --release --example serve_latency -- SITE [EDITS]
//! ```
//!
//! SITE is copied into a temporary folder first (the original is never
//! touched); the server runs on a free loopback port. Each edit changes one
//! number in the `[points]` or `[values]` of the first region's evaluation
//! that has one (so scores and that year's ranks change), or, on a site with
//! official results only, its `source`. Prints the median, 95th percentile,
//! minimum and maximum in milliseconds.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The allocator `kla` itself runs with (see `src/main.rs`), so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use kla::serve::{ServeOptions, Server};

fn main() {
    kla::without_transparent_huge_pages();
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve_latency SITE [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.next().map_or(30, |n| n.parse().expect("EDITS is a number"));
    let copy = tempfile::tempdir().expect("a temporary folder");
    copy_site(&site, copy.path());
    let (file, original) = pick_evaluation(copy.path());
    let opts =
        ServeOptions { root: copy.path().to_path_buf(), interface: [127, 0, 0, 1].into(), port: 0 };
    let server = Server::start(&opts, false).expect("the server starts");
    let mut events = open_events(&server);
    let mut samples = Vec::with_capacity(edits);
    for i in 0..edits {
        let text = edit(&original, i);
        let started = Instant::now();
        std::fs::write(&file, text).expect("write the evaluation");
        assert!(wait_for_reload(&mut events), "no reload within 30 s");
        samples.push(started.elapsed());
        // Let the watcher go quiet, so edits do not merge.
        std::thread::sleep(Duration::from_millis(50));
    }
    server.stop();
    report(&file, copy.path(), &mut samples);
}

fn report(file: &Path, root: &Path, samples: &mut [Duration]) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "edited {} {} times: median {:.1} ms, p95 {:.1} ms, min {:.1} ms, max {:.1} ms",
        file.strip_prefix(root).unwrap_or(file).display(),
        samples.len(),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
    );
}

/// Copies what kla reads: site.toml, content/, templates/, themes/.
fn copy_site(from: &Path, to: &Path) {
    std::fs::copy(from.join("site.toml"), to.join("site.toml")).expect("SITE has a site.toml");
    for tree in ["content", "templates", "themes"] {
        let src = from.join(tree);
        for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
            let target = to.join(tree).join(entry.path().strip_prefix(&src).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}

/// The first `<year>.toml` with a number to change, else the first one at all.
fn pick_evaluation(root: &Path) -> (PathBuf, String) {
    let mut first = None;
    for entry in walkdir::WalkDir::new(root.join("content/regions")).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if !(name.len() == 9 && name.ends_with(".toml") && name.as_bytes()[0].is_ascii_digit()) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if number_line(&text).is_some() {
            return (entry.path().to_path_buf(), text);
        }
        first.get_or_insert((entry.path().to_path_buf(), text));
    }
    first.expect("SITE has at least one content/regions/<slug>/<year>.toml")
}

/// The index of the first `id = <number>` line under `[points]` or `[values]`.
fn number_line(text: &str) -> Option<usize> {
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            in_table = line == "[points]" || line == "[values]";
        } else if in_table {
            let value = line.split_once('=').map(|(_, v)| v.trim());
            if value.is_some_and(|v| v.parse::<f64>().is_ok()) {
                return Some(i);
            }
        }
    }
    None
}

/// Edit `i`: the number lowered by one on odd edits (back on even ones), or a new source.
fn edit(original: &str, i: usize) -> String {
    let lines: Vec<String> = original.lines().map(String::from).collect();
    let mut out = lines.clone();
    match number_line(original) {
        Some(at) => {
            let (key, value) = lines[at].split_once('=').unwrap();
            let number: f64 = value.trim().parse().unwrap();
            let changed = if i % 2 == 0 { number - 1.0 } else { number };
            out[at] = format!("{key}= {changed}");
        }
        None => {
            out.retain(|l| !l.trim_start().starts_with("source"));
            let year_at = out.iter().position(|l| l.starts_with("year")).unwrap_or(0);
            out.insert(year_at + 1, format!("source = \"serve_latency edit {i}\""));
        }
    }
    out.join("\n") + "\n"
}

fn open_events(server: &Server) -> TcpStream {
    let mut stream = TcpStream::connect(server.local_addr()).unwrap();
    write!(stream, "GET /__kla/livereload HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).expect("live-reload response headers");
        seen.extend_from_slice(&buf[..n]);
    }
    stream
}

/// Reads until a reload event; keep-alive comments are skipped.
fn wait_for_reload(stream: &mut TcpStream) -> bool {
    let mut seen = String::new();
    let mut buf = [0u8; 1024];
    while !seen.contains("data: reload") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    true
}
