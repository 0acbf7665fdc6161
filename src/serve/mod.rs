//! `kla serve`: build in memory, serve over HTTP, rebuild on every save.
//!
//! The pieces: `watch` (notify events gathered into batches, and what kind of source a
//! path is), `plan` (what a change invalidates: the one place that knows the
//! dependencies), `rebuild` (full or incremental builds in memory), `http`
//! (axum on its own thread: the in-memory site, live reload over server-sent
//! events, the error overlay) and `inject` (the script and overlay added to
//! served HTML only). Serve mode never writes the output folder.
//!
//! A content error never stops the server: the last good build stays served,
//! the diagnostics go to the terminal and, as an overlay, to every page, and
//! the next good build clears them.

mod http;
mod inject;
mod plan;
#[cfg(test)]
mod proptests;
mod rebuild;
pub(crate) mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::build::BuildError;
use crate::diag::count;
pub use crate::render::Files;
use http::{Reload, Shared, Snapshot};
pub use rebuild::{Rebuilder, Rebuilt};

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// The address to listen on; loopback unless the user asks otherwise.
    pub interface: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// A running server: HTTP on one thread, watching and rebuilding on another.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    http: JoinHandle<()>,
    rebuild: JoinHandle<()>,
}

/// What the rebuild loop is told.
enum Msg {
    /// Paths (relative to the site root) changed.
    Changed(Vec<PathBuf>),
    /// The server stopped: stop watching.
    Stop,
}

impl Server {
    /// Builds the site, starts serving and watching, and returns once requests
    /// are answered. A site with errors is served anyway, as an error page.
    /// `ctrl_c` makes Ctrl-C stop the server (the command line wants that, tests do not).
    pub fn start(opts: &ServeOptions, ctrl_c: bool) -> Result<Server> {
        let root = opts
            .root
            .canonicalize()
            .with_context(|| format!("cannot open the site folder {}", opts.root.display()))?;
        let listener = TcpListener::bind((opts.interface, opts.port))
            .with_context(|| format!("cannot listen on {}:{}", opts.interface, opts.port))?;
        let addr = listener.local_addr().context("cannot read the listening address")?;
        let shared = Shared::new();
        let mut rebuilder = Rebuilder::new(&root, &format!("http://{addr}/"));
        let started = Instant::now();
        let first = rebuilder.full();
        publish(&shared, None, first, "initial build", started);
        let (tx, rx) = mpsc::channel();
        let watcher = {
            let tx = tx.clone();
            watch::Watcher::start(&root, move |paths| {
                let _ = tx.send(Msg::Changed(paths));
            })?
        };
        let http = http::spawn(listener, Arc::clone(&shared), ctrl_c, move || {
            let _ = tx.send(Msg::Stop);
        })?;
        let loop_shared = Arc::clone(&shared);
        let rebuild = std::thread::Builder::new()
            .name("kla-rebuild".into())
            .spawn(move || rebuild_loop(&rx, &mut rebuilder, watcher, &loop_shared))
            .context("cannot start the rebuild thread")?;
        Ok(Server { addr, shared, http, rebuild })
    }

    /// The address the server listens on (the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's address, for the terminal and the browser.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Blocks until the server stops (Ctrl-C when enabled).
    pub fn wait(self) {
        let _ = self.http.join();
        let _ = self.rebuild.join();
    }

    /// Stops serving and watching, and waits for both to end.
    pub fn stop(self) {
        self.shared.shut_down();
        self.wait();
    }
}

/// Runs `kla serve` until Ctrl-C: prints the address, opens a browser if asked.
pub fn run(opts: &ServeOptions, open_browser: bool) -> Result<()> {
    let server = Server::start(opts, true)?;
    let url = server.url();
    println!("serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    if !opts.interface.is_loopback() {
        println!("warning: listening on {}: other machines can read this site", opts.interface);
    }
    if open_browser {
        if let Err(err) = open::that_detached(&url) {
            eprintln!("warning: cannot open a browser: {err}");
        }
    }
    server.wait();
    println!("stopped");
    Ok(())
}

fn rebuild_loop(
    rx: &Receiver<Msg>,
    rebuilder: &mut Rebuilder,
    mut watcher: watch::Watcher,
    shared: &Shared,
) {
    while let Ok(Msg::Changed(mut paths)) = rx.recv() {
        let started = Instant::now();
        // Batches that arrived while the last rebuild ran become one rebuild.
        loop {
            match rx.try_recv() {
                Ok(Msg::Changed(more)) => paths.extend(more),
                Ok(Msg::Stop) => return,
                Err(_) => break,
            }
        }
        paths.sort();
        paths.dedup();
        let kinds: Vec<watch::ChangeKind> = paths.iter().map(|p| watch::classify(p)).collect();
        let scope = plan::scope(&kinds);
        if scope == plan::Scope::Nothing {
            continue;
        }
        if paths.iter().any(|p| p.components().count() == 1) {
            // A top-level folder came or went: follow it.
            watcher.rewatch();
        }
        let result = rebuilder.rebuild(&scope, &paths);
        let previous = shared.current();
        publish(shared, Some(&previous), result, &describe(&paths), started);
    }
}

/// Serves a rebuild's result, tells the pages, prints one line (and any diagnostics).
fn publish(
    shared: &Shared,
    previous: Option<&Snapshot>,
    result: Result<Rebuilt, BuildError>,
    what: &str,
    started: Instant,
) {
    let ms = started.elapsed().as_millis();
    match result {
        Ok(rebuilt) => {
            if !rebuilt.warnings.is_empty() {
                // Warnings are the terminal's only: the overlay is for errors.
                eprintln!("{}", rebuilt.warnings);
            }
            let had_errors = previous.is_some_and(|p| p.errors.is_some());
            let only_css =
                !rebuilt.changed.is_empty() && rebuilt.changed.iter().all(|p| p.ends_with(".css"));
            println!(
                "{what}: {} of {} rendered, {} changed, {ms} ms",
                rebuilt.pages_rendered,
                count(rebuilt.pages_total, "page", "pages"),
                count(rebuilt.changed.len(), "file", "files")
            );
            let reload = if only_css && !had_errors { Reload::Css } else { Reload::Page };
            let needed = had_errors || !rebuilt.changed.is_empty();
            let snapshot = Snapshot { files: rebuilt.files, errors: None };
            if needed || previous.is_none() {
                shared.publish(snapshot, reload);
            }
        }
        Err(err) => {
            let text = match err {
                BuildError::Invalid(diags) => diags.to_string(),
                BuildError::Failed(err) => format!("error: {err:#}"),
            };
            eprintln!("{text}");
            println!("{what}: build failed, still serving the last good build ({ms} ms)");
            let files = previous.map(|p| Arc::clone(&p.files)).unwrap_or_default();
            shared.publish(Snapshot { files, errors: Some(text) }, Reload::Page);
        }
    }
}

/// `content/regions/kota-a/2025.toml` or `… and 3 more`.
pub(crate) fn describe(paths: &[PathBuf]) -> String {
    let first = paths.first().map_or_else(String::new, |p| p.display().to_string());
    match paths.len() {
        0 | 1 => first,
        n => format!("{first} and {} more", n - 1),
    }
}

/// Builds the site at `root` fully in memory with `base_url`, as serve does on start.
/// Exists so tests and benchmarks can compare incremental results against it.
pub fn full_build_in_memory(root: &Path, base_url: &str) -> Result<Arc<Files>, BuildError> {
    Rebuilder::new(root, base_url).full().map(|rebuilt| rebuilt.files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_with_warnings_only_shows_no_overlay() {
        let shared = Shared::new();
        let warning = crate::diag::Diagnostic::file("content/regions/a/2031.toml", "a future year");
        let rebuilt = Rebuilt {
            files: Arc::default(),
            pages_rendered: 0,
            pages_total: 0,
            changed: Vec::new(),
            warnings: crate::diag::Diagnostics(vec![warning.warning()]),
        };
        publish(&shared, None, Ok(rebuilt), "initial build", Instant::now());
        assert_eq!(shared.current().errors, None, "warnings are not errors");
    }

    #[test]
    fn describes_a_batch_by_its_first_path() {
        assert_eq!(describe(&[PathBuf::from("a.toml")]), "a.toml");
        assert_eq!(
            describe(&[PathBuf::from("a"), PathBuf::from("b"), PathBuf::from("c")]),
            "a and 2 more"
        );
    }
}
