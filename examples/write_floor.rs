//! What writing a site costs apart from rendering it: replays a built
//! output's file tree (paths and sizes from its `manifest.json`) through
//! kla's own writer, into a new folder.
//!
//! ```text
//! cargo run --release --example write_floor -- OUTPUT DEST
//! ```
//!
//! Every file listed in OUTPUT's manifest is handed to the writer
//! (`kla::output::Staging`) from rayon's pool, as a build does, with a body
//! of the listed size: so the folders and files are created, hashed, flushed
//! to disk in the background, dropped from the page cache and swapped in
//! exactly as in `kla build`, but nothing is loaded, scored or rendered.
//! Run it under `/usr/bin/time` and compare with a build of the same site:
//! the difference is what loading and rendering cost. DEST must not exist.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

/// The allocator `kla` itself runs with (see `src/main.rs`), so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    kla::without_transparent_huge_pages();
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [output, dest] = args.as_slice() else {
        eprintln!("usage: write_floor OUTPUT DEST");
        std::process::exit(2);
    };
    assert!(!dest.exists(), "{} exists: give a new folder", dest.display());
    let files = kla::output::listed_files(output).expect("OUTPUT has a readable manifest.json");
    let bytes: u64 = files.iter().map(|(_, size)| size).sum();
    let started = Instant::now();
    let staging = kla::output::Staging::begin(dest).expect("the staging folder is made");
    files.into_par_iter().for_each(|(path, size)| {
        // The bytes do not matter: hashing, copying and writing cost the
        // same for any bytes (the file system stores zeros like any other).
        let body = vec![b'k'; usize::try_from(size).expect("a file fits in memory")];
        staging.put(kla::render::OutputFile { path, body });
    });
    let stats = staging.commit().expect("the output is swapped in");
    println!(
        "wrote {} files ({} MB) in {:.1} s",
        stats.written,
        bytes / 1_000_000,
        started.elapsed().as_secs_f64()
    );
}
