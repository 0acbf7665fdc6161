//! `kla build --watch`: keep a published output folder current as the sources change.
//!
//! `kla serve` is a preview in memory; a public site is served by a web server
//! from the output folder, and the publishers change the sources on the
//! server (new evaluation files copied in, a `git pull`). This module builds
//! once, then watches the same sources `kla serve` watches and, for each batch
//! of changes, rebuilds incrementally with serve's [`Rebuilder`] and writes the
//! result through the same all-or-nothing [`Staging`] swap that `kla build`
//! uses. A reader of the output folder therefore sees the old site or the new
//! one, never a mix, and a broken edit publishes nothing: the last good output
//! stays until a save fixes the sources.
//!
//! The pieces: `log` (one line per event, text or JSON), `exec` (the command
//! run after each publish), `signals` (SIGTERM and Ctrl-C end the loop between
//! two publishes). The loop itself is [`run`].

mod exec;
mod log;
mod signals;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;
use bytes::Bytes;
use rayon::prelude::*;

use crate::build::{BuildError, BuildOptions};
use crate::output::{self, Staging, WriteStats};
use crate::serve::watch::{self, ChangeKind};
use crate::serve::{Files, Rebuilder, Rebuilt};
pub use log::LogFormat;
use log::{Event, Log};

/// What `kla build --watch` publishes, where, and what it runs after each publish.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// The published output folder; replaced whole on every publish.
    pub output: PathBuf,
    /// Overrides `site.toml`'s `base_url`, as `kla build -u` does.
    pub base_url: Option<String>,
    /// Consent to replace an output folder holding files kla did not write,
    /// given once for the folder as it is at start.
    pub force: bool,
    /// A shell command run after each successful publish (`KLA_OUTPUT` set).
    pub exec: Option<String>,
    /// How events are logged.
    pub log: LogFormat,
}

/// What the publish loop is told.
enum Msg {
    /// Paths (relative to the site root) changed.
    Changed(Vec<PathBuf>),
    /// SIGTERM or Ctrl-C: stop once no publish is under way.
    Stop,
}

/// Runs `kla build --watch` until SIGTERM or Ctrl-C. Returns an error only for
/// what stops it from starting (an output folder it may not replace, a site
/// folder it cannot open, a watcher it cannot start); a site with errors is
/// reported and watched until it is fixed.
pub fn run(opts: &WatchOptions) -> Result<(), BuildError> {
    crate::build::check_before_writing(&BuildOptions {
        root: opts.root.clone(),
        output: opts.output.clone(),
        base_url: opts.base_url.clone(),
        force: opts.force,
    })?;
    let root = opts
        .root
        .canonicalize()
        .with_context(|| format!("cannot open the site folder {}", opts.root.display()))?;
    let log = Log::new(opts.log);
    let (tx, rx) = mpsc::channel();
    // Before the first build: a signal during it must not kill a publish half-way.
    let stopping = Arc::new(AtomicBool::new(false));
    let (stop_tx, stop_flag) = (tx.clone(), Arc::clone(&stopping));
    signals::on_stop(move || {
        stop_flag.store(true, Ordering::SeqCst);
        let _ = stop_tx.send(Msg::Stop);
    })?;
    let mut watcher = watch::Watcher::start(&root, move |paths| {
        let _ = tx.send(Msg::Changed(paths));
    })?;
    log.event(&Event::Watching { site: &opts.root, output: &opts.output });
    let mut publisher = Publisher::new(opts, root, log, stopping);
    publisher.build("initial build", &[], true);
    while let Ok(Msg::Changed(mut paths)) = rx.recv() {
        // Batches that arrived during the last publish become one rebuild.
        let mut stop = false;
        while let Ok(msg) = rx.try_recv() {
            match msg {
                Msg::Changed(more) => paths.extend(more),
                Msg::Stop => stop = true,
            }
        }
        if stop {
            break;
        }
        paths.sort();
        paths.dedup();
        let kinds: Vec<ChangeKind> = paths.iter().map(|p| watch::classify(p)).collect();
        if kinds.iter().all(|k| *k == ChangeKind::Ignored) {
            // The output's own swap, editor scratch files, hidden files.
            continue;
        }
        let top_level = |(p, k): (&PathBuf, &ChangeKind)| {
            *k != ChangeKind::Ignored && p.components().count() == 1
        };
        if paths.iter().zip(&kinds).any(top_level) {
            // A source folder came or went (not the output's swap): follow it.
            watcher.rewatch();
        }
        let config_changed = kinds.contains(&ChangeKind::SiteConfig);
        publisher.build(&crate::serve::describe(&paths), &paths, config_changed);
        // A signal that came during that publish is seen by the next `recv`.
    }
    if let Err(err) = output::remove_spare(&publisher.output) {
        let text = format!("error: {err:#}");
        publisher.log.event(&Event::Failed { what: "stopping", problems: &text, ms: 0 });
    }
    publisher.log.event(&Event::Stopped);
    Ok(())
}

/// The rebuilder, the output folder and what was last published.
struct Publisher {
    root: PathBuf,
    output: PathBuf,
    base_url_override: Option<String>,
    base_url: String,
    rebuilder: Rebuilder,
    /// Consent to replace foreign files, used up by the first publish.
    force: bool,
    exec: Option<String>,
    log: Log,
    /// Whether the output folder holds the rebuilder's last good build; false
    /// before the first publish and after a publish that failed to write.
    current: bool,
    /// The hashes of the files last written, reused for those not changed since.
    hashes: Hashes,
    /// The warnings last printed, so that each is printed once, not on every publish.
    warnings_shown: String,
    /// Set by SIGTERM or Ctrl-C: a rebuild that has not started writing is abandoned.
    stopping: Arc<AtomicBool>,
}

impl Publisher {
    fn new(opts: &WatchOptions, root: PathBuf, log: Log, stopping: Arc<AtomicBool>) -> Self {
        let base_url = base_url_of(&root, opts.base_url.as_deref());
        Publisher {
            rebuilder: Rebuilder::new(&root, &base_url),
            root,
            output: opts.output.clone(),
            base_url_override: opts.base_url.clone(),
            base_url,
            force: opts.force,
            exec: opts.exec.clone(),
            log,
            current: false,
            hashes: Hashes::default(),
            warnings_shown: String::new(),
            stopping,
        }
    }

    /// Rebuilds after `paths` changed (everything when `paths` is empty) and
    /// publishes the result if it differs from the output; `config_changed`
    /// says `site.toml` may name another `base_url`.
    fn build(&mut self, what: &str, paths: &[PathBuf], config_changed: bool) {
        let started = Instant::now();
        if config_changed && self.base_url_override.is_none() {
            let base_url = base_url_of(&self.root, None);
            if base_url != self.base_url {
                // Every page links to it: start from nothing rather than reuse pieces.
                self.rebuilder = Rebuilder::new(&self.root, &base_url);
                self.base_url = base_url;
            }
        }
        let result =
            if paths.is_empty() { self.rebuilder.full() } else { self.rebuilder.apply(paths) };
        match result {
            // Stopping: nothing of this rebuild is written, the output stays whole.
            Ok(_) if self.stopping.load(Ordering::SeqCst) => {}
            Ok(rebuilt) => self.publish(what, &rebuilt, started),
            Err(err) => {
                let text = match err {
                    BuildError::Invalid(diags) => diags.to_string(),
                    BuildError::Failed(err) => format!("error: {err:#}"),
                };
                let ms = started.elapsed().as_millis();
                self.log.event(&Event::Failed { what, problems: &text, ms });
                // The next good build prints its warnings again.
                self.warnings_shown.clear();
            }
        }
    }

    /// Writes `rebuilt` into the output folder through a staging folder and
    /// swaps it in, unless the output already holds exactly these files.
    fn publish(&mut self, what: &str, rebuilt: &Rebuilt, started: Instant) {
        let warnings = rebuilt.warnings.to_string();
        if !rebuilt.warnings.is_empty() && warnings != self.warnings_shown {
            self.log.event(&Event::Warnings { text: &warnings });
        }
        self.warnings_shown = warnings;
        if self.current && rebuilt.changed.is_empty() {
            let ms = started.elapsed().as_millis();
            self.log.event(&Event::Unchanged { what, ms });
            return;
        }
        // Consent to replace foreign files was given for the folder as it was
        // at start; a file put into the output since then is someone else's.
        let force = std::mem::take(&mut self.force);
        let written = output::check_output_location(&self.root, &self.output, force)
            .map_err(anyhow::Error::from)
            .and_then(|()| write_files(&rebuilt.files, &self.output, &mut self.hashes));
        let ms = started.elapsed().as_millis();
        match written {
            Ok(stats) => {
                self.current = true;
                self.log.event(&Event::Published {
                    what,
                    changed: rebuilt.changed.len(),
                    pages: rebuilt.pages_total,
                    files: rebuilt.files.len(),
                    stats,
                    ms,
                });
                if let Some(command) = &self.exec {
                    exec::run(command, &self.output, &self.log);
                }
            }
            Err(err) => {
                // The output is as it was; the next change publishes everything again.
                self.current = false;
                let text = format!("error: {err:#}");
                self.log.event(&Event::Failed { what, problems: &text, ms });
            }
        }
    }
}

/// The files last written with their SHA-256: the manifest lists every
/// file's hash, and hashing every file again on each publish would read every
/// byte of the site when an edit changes a few files.
#[derive(Default)]
pub struct Hashes(HashMap<String, (Bytes, [u8; 32])>);

impl Hashes {
    /// The SHA-256 of `body`, the file at `path`: remembered when the last
    /// write had these bytes there, else computed.
    fn of(&self, path: &str, body: &Bytes) -> [u8; 32] {
        match self.0.get(path) {
            // The remembered bytes are held, so an equal address means equal bytes.
            Some((old, sha256))
                if (old.as_ptr() == body.as_ptr() && old.len() == body.len()) || old == body =>
            {
                *sha256
            }
            _ => output::sha256(body),
        }
    }
}

/// Writes `files` as the new content of `out` with `kla build`'s swap: into a
/// staging folder beside it, then exchanged with it in one rename. The
/// staging folder is the output the last write swapped out (kept as the
/// spare), so only the files that differ from it are written or hard-linked
/// from the current output. On an error the staging folder is removed and
/// `out` is left as it was. `hashes` holds those of the last write and is
/// given this one's.
pub fn write_files(files: &Files, out: &Path, hashes: &mut Hashes) -> anyhow::Result<WriteStats> {
    let staging = Staging::begin_recycling(out)?;
    let hashed: Vec<(&String, &Bytes, [u8; 32])> = files
        .par_iter()
        .map(|(path, body)| {
            let sha256 = hashes.of(path, body);
            staging.put_hashed(path.clone(), body, sha256);
            (path, body, sha256)
        })
        .collect();
    // A hash is the bytes', whether or not the write succeeds.
    *hashes = Hashes(
        hashed.into_iter().map(|(path, body, sha)| (path.clone(), (body.clone(), sha))).collect(),
    );
    staging.commit_keeping_spare()
}

/// The base URL the site's pages link to: `--base-url` if given, else
/// `site.toml`'s, as `kla build` takes it. A `site.toml` that cannot be read
/// gives `/`: the build then fails and reports the file, and the save that
/// fixes it reads the base URL again.
fn base_url_of(root: &Path, given: Option<&str>) -> String {
    let from_site = || -> Option<String> {
        let text = std::fs::read_to_string(root.join("site.toml")).ok()?;
        let table: toml::Table = text.parse().ok()?;
        let url = table.get("base_url")?.as_str()?;
        crate::model::web::base_url(url).ok()
    };
    given
        .and_then(|url| crate::model::web::base_url(url).ok())
        .or_else(from_site)
        .unwrap_or_else(|| "/".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_is_the_flag_s_then_site_toml_s() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(base_url_of(dir.path(), None), "/", "no site.toml yet");
        std::fs::write(dir.path().join("site.toml"), "base_url = \"https://kla.example.id\"\n")
            .unwrap();
        assert_eq!(base_url_of(dir.path(), None), "https://kla.example.id/");
        assert_eq!(base_url_of(dir.path(), Some("/pratinjau")), "/pratinjau/");
    }

    #[test]
    fn a_hash_is_remembered_for_the_same_bytes_only() {
        let body = Bytes::from_static(b"<p>1</p>");
        let marked = [7; 32];
        let hashes = Hashes([("a.html".to_string(), (body.clone(), marked))].into());
        assert_eq!(hashes.of("a.html", &body), marked, "the same bytes: not hashed again");
        let copy = Bytes::from(b"<p>1</p>".to_vec());
        assert_eq!(hashes.of("a.html", &copy), marked, "equal bytes elsewhere in memory");
        let changed = Bytes::from_static(b"<p>2</p>");
        assert_eq!(hashes.of("a.html", &changed), output::sha256(&changed));
        assert_eq!(hashes.of("b.html", &body), output::sha256(&body), "another path");
    }

    #[test]
    fn the_manifest_follows_a_changed_file_across_publishes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let mut hashes = Hashes::default();
        let files = |body: &str| -> Files {
            [("a.html".to_string(), Bytes::from(body.to_string()))].into()
        };
        let listed = |out: &Path| -> String {
            let text = std::fs::read_to_string(out.join(output::MANIFEST)).unwrap();
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            json["files"][0]["sha256"].as_str().unwrap().to_string()
        };
        let hex = |body: &str| -> String {
            output::sha256(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
        };
        for body in ["one", "two", "two", "three"] {
            write_files(&files(body), &out, &mut hashes).unwrap();
            assert_eq!(listed(&out), hex(body), "after publishing {body:?}");
        }
    }

    #[test]
    fn written_files_replace_the_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let files = |list: &[(&str, &str)]| -> Files {
            list.iter().map(|(p, b)| (p.to_string(), bytes::Bytes::from(b.to_string()))).collect()
        };
        let mut hashes = Hashes::default();
        write_files(&files(&[("a.html", "1"), ("b/c.html", "2")]), &out, &mut hashes).unwrap();
        let stats =
            write_files(&files(&[("a.html", "1"), ("d.html", "3")]), &out, &mut hashes).unwrap();
        assert_eq!(stats, WriteStats { written: 2, kept: 1 }, "d.html and the manifest");
        assert!(!out.join("b").exists());
        let names = || -> Vec<String> {
            let entries = std::fs::read_dir(dir.path()).unwrap();
            let mut names: Vec<_> =
                entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
            names.sort();
            names
        };
        let spare = format!(".output.spare-{}", std::process::id());
        assert_eq!(names(), [spare.as_str(), "output"], "the swapped-out output kept as spare");
        output::remove_spare(&out).unwrap();
        assert_eq!(names(), ["output"], "no folder left once the spare is removed");
    }
}
