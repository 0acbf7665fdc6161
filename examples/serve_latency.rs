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

#[path = "common/site_edits.rs"]
mod site_edits;
use site_edits::{copy_site, edit, pick_evaluation};

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
