//! End to end for `kla serve`: incremental rebuilds equal full builds byte for
//! byte, and the real server (on a free loopback port) follows edits, shows
//! errors as an overlay and refuses paths outside the site.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use kla::serve::{Rebuilder, Rebuilt, ServeOptions, Server, full_build_in_memory};

use crate::common::{self, TempSite};

const BASE_URL: &str = "http://127.0.0.1:1111/";

/// Applies an edit through the incremental rebuilder and checks the result
/// against a fresh full build; returns what the rebuild did.
fn apply_and_compare(site: &TempSite, rebuilder: &mut Rebuilder, changed: &[&str]) -> Rebuilt {
    let paths: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
    let rebuilt = rebuilder.apply(&paths).unwrap_or_else(|e| panic!("{changed:?}: {e:?}"));
    let full = full_build_in_memory(site.root(), BASE_URL).unwrap();
    let incremental: Vec<&String> = rebuilt.files.keys().collect();
    assert_eq!(incremental, full.keys().collect::<Vec<_>>(), "same files after {changed:?}");
    for (path, body) in full.iter() {
        assert!(rebuilt.files[path] == *body, "{path} differs from a full build after {changed:?}");
    }
    rebuilt
}

/// Whether a rebuild changed the bytes of the output file at `path`.
fn changed(rebuilt: &Rebuilt, path: &str) -> bool {
    rebuilt.changed.iter().any(|p| p == path)
}

/// Whether a rebuild changed the search index.
fn search_changed(rebuilt: &Rebuilt) -> bool {
    rebuilt.changed.iter().any(|p| p.starts_with("pagefind/"))
}

#[test]
fn an_incremental_rebuild_after_a_sequence_of_edits_equals_a_fresh_full_build() {
    let site = TempSite::copy("basic");
    let mut rebuilder = Rebuilder::new(site.root(), BASE_URL);
    let total = rebuilder.full().unwrap().pages_total;

    // Beta falls below Alpha: Alpha's rank (shown on its profile) moves up.
    let beta = "content/regions/kabupaten-beta/2021.toml";
    site.write(beta, &site.read_source(beta).replace("layanan = 30", "layanan = 5"));
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[beta]);
    assert!(rebuilt.pages_rendered < total, "a score change re-renders all {total} pages");
    assert!(changed(&rebuilt, "wilayah/kota-alpha/index.html"), "{:?}", rebuilt.changed);
    assert!(!changed(&rebuilt, "static/share/kota-alpha.png"), "{:?}", rebuilt.changed);

    // Points that keep the predikat leave the search index as it was.
    let alpha_2021 = "content/regions/kota-alpha/2021.toml";
    site.write(alpha_2021, &site.read_source(alpha_2021).replace("layanan = 25", "layanan = 24"));
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[alpha_2021]);
    assert!(changed(&rebuilt, "wilayah/kota-alpha/index.html"), "{:?}", rebuilt.changed);
    assert!(!search_changed(&rebuilt), "points are not in the search index: {:?}", rebuilt.changed);

    // An older year's official result leaves the record: the province page's
    // record of that year changes though its latest rows do not.
    let alpha_2019 = "content/regions/kota-alpha/2019.toml";
    let text = site.read_source(alpha_2019);
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("official") && !l.starts_with("source"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write(alpha_2019, &without);
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[alpha_2019]);
    assert!(changed(&rebuilt, "provinsi/provinsi-satu/index.html"), "{:?}", rebuilt.changed);
    site.write(alpha_2019, &text);
    apply_and_compare(&site, &mut rebuilder, &[alpha_2019]);

    // A narrative shows on its own region's profile only.
    let alpha_story = "content/regions/kota-alpha/index.md";
    site.write(alpha_story, &site.read_source(alpha_story).replace("naik peringkat", "melesat"));
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[alpha_story]);
    assert!(rebuilt.pages_rendered < total, "a narrative edit re-renders all {total} pages");
    assert!(!changed(&rebuilt, "wilayah/kabupaten-beta/index.html"), "{:?}", rebuilt.changed);
    assert!(search_changed(&rebuilt), "the narrative is searchable: {:?}", rebuilt.changed);

    // An official predikat shows on the province peers' profiles and the share image.
    let gamma_2021 = "content/regions/kota-gamma/2021.toml";
    let official = site.read_source(gamma_2021).replace("\"pratama\"", "\"madya\"");
    site.write(gamma_2021, &official);
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[gamma_2021]);
    assert!(changed(&rebuilt, "wilayah/kota-delta/index.html"), "{:?}", rebuilt.changed);
    assert!(changed(&rebuilt, "static/share/kota-gamma.png"), "{:?}", rebuilt.changed);

    let gamma = "content/regions/kota-gamma/region.toml";
    site.write(gamma, &site.read_source(gamma).replace("Kota Gamma", "Kota Gama Baru"));
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[gamma]);
    assert!(changed(&rebuilt, "static/share/kota-gamma.png"), "{:?}", rebuilt.changed);

    let new_year = "content/regions/kota-epsilon/2019.toml";
    site.write(new_year, "year = 2019\nofficial = \"madya\"\nsource = \"Berita Lima\"\n");
    apply_and_compare(&site, &mut rebuilder, &[new_year]);

    let old_year = "content/regions/kota-alpha/2019.toml";
    std::fs::remove_file(site.root().join(old_year)).unwrap();
    apply_and_compare(&site, &mut rebuilder, &[old_year]);

    let regions = site.root().join("content/regions");
    std::fs::rename(regions.join("kota-delta"), regions.join("kota-delta-baru")).unwrap();
    apply_and_compare(
        &site,
        &mut rebuilder,
        &["content/regions/kota-delta", "content/regions/kota-delta-baru"],
    );

    std::fs::remove_dir_all(regions.join("kota-epsilon")).unwrap();
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &["content/regions/kota-epsilon"]);
    assert!(changed(&rebuilt, "wilayah/kota-epsilon/index.html"), "the deleted profile is gone");

    site.write(beta, "year = 2021\nofficial = ");
    assert!(rebuilder.apply(&[PathBuf::from(beta)]).is_err(), "a broken file fails the build");
    site.write(beta, "year = 2021\nofficial = \"madya\"\nsource = \"Berita Dua\"\n");
    apply_and_compare(&site, &mut rebuilder, &[beta]);
}

/// The maps (home, year and province pages) and badges follow the record,
/// the names and the codes as a full build draws them, and each badge is
/// redrawn only with its region.
#[test]
fn maps_and_badges_stay_equal_to_a_full_build_across_edits() {
    let site = TempSite::copy("basic");
    site.write_boundaries(&["01.01", "01.71", "02.71", "02.72", "02.73"]);
    site.write(
        "content/announcements/2021.toml",
        "year = 2021\n\n[[complete]]\nprovince = \"Provinsi Dua\"\n[[complete.sources]]\nurl = \"https://kla.example.org/daftar\"\n",
    );
    let mut rebuilder = Rebuilder::new(site.root(), BASE_URL);
    rebuilder.full().unwrap();

    // An official predikat colours its shape on the province's map and its badge.
    let gamma_2021 = "content/regions/kota-gamma/2021.toml";
    let official = site.read_source(gamma_2021).replace("\"pratama\"", "\"madya\"");
    site.write(gamma_2021, &official);
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[gamma_2021]);
    for path in ["provinsi/provinsi-dua/index.html", "wilayah/kota-gamma/lencana.svg", "index.html"]
    {
        assert!(changed(&rebuilt, path), "{path}: {:?}", rebuilt.changed);
    }
    assert!(!changed(&rebuilt, "wilayah/kota-alpha/lencana.svg"), "{:?}", rebuilt.changed);

    // A new name is on the badge and in the maps' titles.
    let gamma = "content/regions/kota-gamma/region.toml";
    site.write(gamma, &site.read_source(gamma).replace("Kota Gamma", "Kota Gama Baru"));
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[gamma]);
    assert!(changed(&rebuilt, "wilayah/kota-gamma/lencana.svg"), "{:?}", rebuilt.changed);

    // Another code finds no shape: the province's map loses the region.
    let delta = "content/regions/kota-delta/region.toml";
    site.write(delta, &site.read_source(delta).replace("02.72", "02.79"));
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[delta]);
    assert!(changed(&rebuilt, "provinsi/provinsi-dua/index.html"), "{:?}", rebuilt.changed);

    // New boundaries redraw every map: Kota Alpha has no shape any more.
    site.write_boundaries(&["01.01", "02.71", "02.73"]);
    let rebuilt =
        apply_and_compare(&site, &mut rebuilder, &["content/batas/kabupaten_kota.geojson"]);
    assert!(changed(&rebuilt, "provinsi/provinsi-satu/index.html"), "{:?}", rebuilt.changed);
}

/// A region with a translated narrative is copied on each load to take its
/// translation (the loader's cache keeps the untranslated region), so its
/// profile's narratives are rendered again rather than taken from the serve
/// cache: still equal to a full build, before and after the translation changes.
#[test]
fn translated_narratives_stay_equal_to_a_full_build_across_edits() {
    let site = TempSite::copy("basic");
    let config = site.read_source("site.toml").replace("[\"id\"]", "[\"id\", \"en\"]");
    site.write("site.toml", &config);
    let story = "content/regions/kota-alpha/index.en.md";
    site.write(story, "Alpha rose. Its neighbour [Beta](@/regions/kabupaten-beta) too.\n");
    let mut rebuilder = Rebuilder::new(site.root(), BASE_URL);
    rebuilder.full().unwrap();
    let beta = "content/regions/kabupaten-beta/2021.toml";
    site.write(beta, &site.read_source(beta).replace("layanan = 30", "layanan = 5"));
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[beta]);
    assert!(changed(&rebuilt, "en/wilayah/kota-alpha/index.html"), "{:?}", rebuilt.changed);
    site.write(story, "Alpha soared.\n");
    let rebuilt = apply_and_compare(&site, &mut rebuilder, &[story]);
    assert!(changed(&rebuilt, "en/wilayah/kota-alpha/index.html"), "{:?}", rebuilt.changed);
    assert!(!changed(&rebuilt, "wilayah/kota-alpha/index.html"), "{:?}", rebuilt.changed);
}

/// An edit that keeps a file's length, written within the file system's clock
/// tick, is still seen: the rebuilder reads again every path it is told of.
#[test]
fn an_edit_of_the_same_length_is_read_again() {
    let site = TempSite::copy("basic");
    let mut rebuilder = Rebuilder::new(site.root(), BASE_URL);
    rebuilder.full().unwrap();
    let beta = "content/regions/kabupaten-beta/2021.toml";
    let original = site.read_source(beta);
    for (from, to) in [("layanan = 30", "layanan = 25"), ("layanan = 25", "layanan = 15")] {
        let text = site.read_source(beta).replace(from, to);
        assert_eq!(text.len(), original.len());
        site.write(beta, &text);
        apply_and_compare(&site, &mut rebuilder, &[beta]);
    }
}

/// A batch naming only edits of known files skips the walk; anything else
/// (a new file among the edits, a file removed) walks the site again, and a
/// problem a walk found is looked for again on every rebuild until it is fixed.
#[test]
fn a_new_file_among_named_edits_is_found_and_its_problem_stays_until_fixed() {
    let site = TempSite::copy("basic");
    let mut rebuilder = Rebuilder::new(site.root(), BASE_URL);
    rebuilder.full().unwrap();
    let beta = "content/regions/kabupaten-beta/2021.toml";
    let notes = "content/regions/kabupaten-beta/catatan.txt";
    site.write(beta, &site.read_source(beta).replace("layanan = 30", "layanan = 12"));
    apply_and_compare(&site, &mut rebuilder, &[beta]);

    site.write(notes, "bukan berkas kla");
    site.write(beta, &site.read_source(beta).replace("layanan = 12", "layanan = 13"));
    let err = rebuilder.apply(&[PathBuf::from(beta), PathBuf::from(notes)]).unwrap_err();
    assert!(format!("{err:?}").contains("unknown file"), "{err:?}");
    // Only the known file named: the unknown one is still reported.
    site.write(beta, &site.read_source(beta).replace("layanan = 13", "layanan = 14"));
    let err = rebuilder.apply(&[PathBuf::from(beta)]).unwrap_err();
    assert!(format!("{err:?}").contains("unknown file"), "{err:?}");

    std::fs::remove_file(site.root().join(notes)).unwrap();
    apply_and_compare(&site, &mut rebuilder, &[notes]);
    // A half-written file fails the build; the rest of it, written next, mends it.
    let whole = site.read_source(beta);
    site.write(beta, &whole[..whole.find("layanan =").unwrap() + "layanan =".len()]);
    assert!(rebuilder.apply(&[PathBuf::from(beta)]).is_err(), "half a file is not valid");
    site.write(beta, &whole);
    apply_and_compare(&site, &mut rebuilder, &[beta]);
}

// ------------------------------------------------------------ the real server

/// A copy of a fixture site served on a free loopback port, with its
/// live-reload stream open: what every test of the real server starts from.
struct Served {
    site: TempSite,
    server: Server,
    addr: SocketAddr,
    events: Events,
}

impl Served {
    fn fixture(name: &str) -> Served {
        let site = TempSite::copy(name);
        let opts = ServeOptions {
            root: site.root().to_path_buf(),
            interface: "127.0.0.1".parse().unwrap(),
            port: 0,
        };
        let server = Server::start(&opts, false).unwrap();
        let addr = server.local_addr();
        let events = Events::open(addr);
        Served { site, server, addr, events }
    }

    fn get(&self, path: &str) -> (u16, String) {
        get(self.addr, path)
    }

    /// Waits for the reload event that `what` (a change already made) causes.
    fn reloaded_after(&mut self, what: &str) {
        assert!(self.events.wait_for("data: reload"), "no reload event after {what}");
    }

    /// Writes `text` to the site file `rel` and waits for the reload it causes.
    fn write(&mut self, rel: &str, text: &str, what: &str) {
        self.site.write(rel, text);
        self.reloaded_after(what);
    }

    /// Stops the server; the site stays for checks after it.
    fn stop(self) -> TempSite {
        self.server.stop();
        self.site
    }
}

/// A plain HTTP/1.1 GET with the path sent as is; returns status and body.
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_string();
    (status, body)
}

/// An open live-reload stream.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Connects and waits for the response headers, so the server is subscribed.
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        write!(stream, "GET /__kla/livereload HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut events = Events { stream, seen: String::new() };
        let headers = events.read_until("\r\n\r\n").expect("a response to the live-reload request");
        assert!(headers.contains("text/event-stream"), "{headers}");
        events
    }

    /// Whether `needle` arrives within 15 s; what was read up to it is consumed.
    fn wait_for(&mut self, needle: &str) -> bool {
        self.read_until(needle).is_some()
    }

    /// Reads until `needle` arrives and returns the text up to it, or `None` after 15 s.
    fn read_until(&mut self, needle: &str) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut buf = [0u8; 4096];
        while Instant::now() < deadline {
            if let Some(at) = self.seen.find(needle) {
                return Some(self.seen.drain(..at + needle.len()).collect());
            }
            match self.stream.read(&mut buf) {
                Ok(0) => return None,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {} // timed out: poll again until the deadline
            }
        }
        None
    }
}

#[test]
fn the_server_follows_an_edit_with_a_reload_event_and_the_new_content() {
    let mut served = Served::fixture("basic");
    let (status, page) = served.get("/wilayah/kota-gamma/");
    assert_eq!(status, 200);
    assert!(page.contains("Kota Gamma") && page.contains("/__kla/livereload.js"), "{page}");

    let gamma = "content/regions/kota-gamma/region.toml";
    let renamed = served.site.read_source(gamma).replace("Kota Gamma", "Kota Gemilang");
    served.write(gamma, &renamed, "an edit");
    let (_, page) = served.get("/wilayah/kota-gamma/");
    assert!(page.contains("Kota Gemilang") && !page.contains("Kota Gamma"), "{page}");
    let site = served.stop();
    assert!(!site.output().exists(), "serve mode writes nothing to disk");
}

#[test]
fn a_broken_file_shows_the_overlay_over_the_last_good_site_until_it_is_fixed() {
    let mut served = Served::fixture("basic");
    let gamma = "content/regions/kota-gamma/region.toml";
    let good = served.site.read_source(gamma);

    served.write(gamma, "name = \"Kota <Rusak>\"\nkind = \n", "a broken edit");
    let (status, page) = served.get("/wilayah/kota-gamma/");
    assert_eq!(status, 200);
    assert!(page.contains("kla-error-overlay"), "{page}");
    assert!(page.contains("content/regions/kota-gamma/region.toml:2:"), "{page}");
    assert!(page.contains("Kota Gamma"), "the last good page is still served");
    assert!(!page.contains("Kota <Rusak>"), "the overlay escapes what it quotes");
    assert!(served.get("/").1.contains("kla-error-overlay"), "every page shows the overlay");

    served.write(gamma, &good.replace("Kota Gamma", "Kota Pulih"), "the fix");
    let (_, page) = served.get("/wilayah/kota-gamma/");
    assert!(!page.contains("kla-error-overlay") && page.contains("Kota Pulih"), "{page}");
    served.stop();
}

#[test]
fn the_server_survives_a_deleted_region_folder() {
    let mut served = Served::fixture("basic");
    std::fs::remove_dir_all(served.site.root().join("content/regions/kota-gamma")).unwrap();
    served.reloaded_after("deleting a folder");
    assert_eq!(served.get("/wilayah/kota-gamma/").0, 404);
    assert_eq!(served.get("/wilayah/kota-alpha/").0, 200);
    served.stop();
}

#[test]
fn paths_outside_the_site_answer_404() {
    let served = Served::fixture("basic");
    assert_eq!(served.get("/").0, 200);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2e%2e%2fsite.toml",
        "/wilayah/../../site.toml",
        "/..%5csite.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/site.toml",
        "/content/regions/kota-alpha/region.toml",
    ] {
        let (status, body) = served.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("Kota Alpha\"\nkind"), "{path} leaked a source file");
    }
    served.stop();
}

#[test]
fn an_incremental_rebuild_of_the_repository_site_equals_a_full_build() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    for tree in ["content", "themes"] {
        common::copy_tree(&repo.join(tree), &dir.path().join(tree));
    }
    let site = TempSite { dir };
    let mut rebuilder = Rebuilder::new(site.root(), BASE_URL);
    let total = rebuilder.full().unwrap().pages_total;
    // Find an evaluation with points, and lower its first one: scores and that year's ranks move.
    let regions = site.root().join("content/regions");
    let evaluation = walkdir::WalkDir::new(&regions)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .map(|e| e.path().to_path_buf())
        .find(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && std::fs::read_to_string(p).unwrap().contains("[points]")
        })
        .expect("the repository site has an evaluation with points");
    let rel = evaluation.strip_prefix(site.root()).unwrap().to_string_lossy().into_owned();
    let text = site.read_source(&rel);
    let (head, points) = text.split_once("[points]").unwrap();
    let edited = points
        .lines()
        .map(|line| match line.split_once(" = ") {
            Some((key, value)) if value.parse::<f64>().is_ok_and(|v| v >= 1.0) => {
                format!("{key} = {}", value.parse::<f64>().unwrap() - 1.0)
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    site.write(&rel, &format!("{head}[points]{edited}\n"));
    let rendered = apply_and_compare(&site, &mut rebuilder, &[&rel]).pages_rendered;
    assert!(rendered < total, "{rel}: {rendered} of {total} pages rendered");
}

#[test]
fn serve_mode_never_writes_into_the_site_folder() {
    let mut served = Served::fixture("basic");
    let alpha = "content/regions/kota-alpha/2021.toml";
    let edited = served.site.read_source(alpha).replace("layanan = 25", "layanan = 26");
    served.site.write(alpha, &edited);
    let after_edit = served.site.snapshot_tree();
    served.reloaded_after("an edit");
    for path in ["/", "/wilayah/kota-alpha/", "/data/scores.json", "/peringkat/2021/"] {
        assert_eq!(served.get(path).0, 200, "{path}");
    }
    let site = served.stop();
    assert_eq!(after_edit, site.snapshot_tree(), "serve added, changed or removed a file");
}

#[test]
fn warnings_reach_every_rebuild_and_are_no_errors() {
    let site = TempSite::copy("basic");
    site.write("content/regions/kota-gamma/2031.toml", "year = 2031\n");
    let mut rebuilder = Rebuilder::new(site.root(), BASE_URL);
    let first = rebuilder.full().unwrap_or_else(|e| panic!("{e:?}"));
    let warned = |rebuilt: &Rebuilt| {
        rebuilt.warnings.iter().any(|d| d.location() == "content/regions/kota-gamma/2031.toml:1:8")
    };
    assert!(warned(&first), "{}", first.warnings);
    assert!(!first.warnings.has_errors());
    let gamma = "content/regions/kota-gamma/region.toml";
    site.write(gamma, &site.read_source(gamma).replace("Kota Gamma", "Kota Gemilang"));
    let incremental = apply_and_compare(&site, &mut rebuilder, &[gamma]);
    assert!(warned(&incremental), "an incremental rebuild still warns");
    site.write("templates/regoin.html", "x");
    let full = rebuilder.apply(&[PathBuf::from("templates/regoin.html")]).unwrap();
    assert!(
        full.warnings.iter().any(|d| d.location() == "templates/regoin.html"),
        "{}",
        full.warnings
    );
}
