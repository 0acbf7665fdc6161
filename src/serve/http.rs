//! The HTTP side of `kla serve`: the in-memory site, the live-reload stream
//! and the error overlay, on axum.
//!
//! The tokio runtime lives only here, on its own thread. Files are served
//! from the shared in-memory [`Snapshot`], never from disk, so a request can
//! only ever reach a file of the built site: [`resolve`] turns the request
//! path into a key of that map and refuses `..`, `.`, empty segments,
//! backslashes, NUL and absolute paths, before or after percent-decoding.

use std::convert::Infallible;
use std::net::TcpListener;
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use bytes::Bytes;
use futures_util::Stream;
use tokio::sync::{broadcast, watch};

use super::inject::{LIVERELOAD_JS, error_page, inject};
use crate::render::Files;

/// What the browser should do after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reload {
    /// Reload the page.
    Page,
    /// Only stylesheets changed: swap them in place.
    Css,
}

impl Reload {
    fn as_str(self) -> &'static str {
        match self {
            Reload::Page => "reload",
            Reload::Css => "css",
        }
    }
}

/// The site as served right now: the last good build and the current errors.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// Every file of the last good build.
    pub(crate) files: Arc<Files>,
    /// The diagnostics of the latest build when it failed, as the terminal shows them.
    pub(crate) errors: Option<String>,
}

/// State shared by the rebuild loop and the HTTP handlers.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    reload: broadcast::Sender<Reload>,
    shutdown: watch::Sender<bool>,
}

impl Shared {
    /// Empty state: nothing to serve yet.
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Shared {
            snapshot: RwLock::new(Arc::default()),
            reload: broadcast::channel(16).0,
            shutdown: watch::channel(false).0,
        })
    }

    /// The snapshot being served.
    pub(crate) fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Serves `snapshot` from now on and tells every open page to `reload`.
    pub(crate) fn publish(&self, snapshot: Snapshot, reload: Reload) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
        // No open page is not an error.
        let _ = self.reload.send(reload);
    }

    /// Asks the server to stop: live-reload streams end, then the server.
    pub(crate) fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }
}

/// Serves on `listener` on a new thread until [`Shared::shut_down`] or, when
/// `ctrl_c` is set, Ctrl-C; then calls `on_stop`.
pub(crate) fn spawn(
    listener: TcpListener,
    shared: Arc<Shared>,
    ctrl_c: bool,
    on_stop: impl FnOnce() + Send + 'static,
) -> Result<JoinHandle<()>> {
    listener.set_nonblocking(true).context("cannot configure the listening socket")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the HTTP runtime")?;
    let thread = std::thread::Builder::new().name("kla-http".into()).spawn(move || {
        runtime.block_on(async move {
            if let Err(err) = serve(listener, shared, ctrl_c).await {
                eprintln!("error: the HTTP server stopped: {err:#}");
            }
        });
        on_stop();
    });
    thread.context("cannot start the HTTP thread")
}

async fn serve(listener: TcpListener, shared: Arc<Shared>, ctrl_c: bool) -> Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let mut stop = shared.shutdown.subscribe();
    let signal_shared = Arc::clone(&shared);
    let router = Router::new()
        .route("/__kla/livereload", get(livereload))
        .route("/__kla/livereload.js", get(livereload_js))
        .fallback(get(file))
        .with_state(shared);
    let signal = async move {
        if ctrl_c {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => signal_shared.shut_down(),
                _ = stop.wait_for(|s| *s) => {}
            }
        } else {
            let _ = stop.wait_for(|s| *s).await;
        }
    };
    axum::serve(listener, router).with_graceful_shutdown(signal).await?;
    Ok(())
}

async fn livereload(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let events = shared.reload.subscribe();
    let stop = shared.shutdown.subscribe();
    let stream =
        futures_util::stream::unfold((events, stop), |(mut events, mut stop)| async move {
            let next = tokio::select! {
                received = events.recv() => match received {
                    Ok(reload) => Some(reload),
                    Err(broadcast::error::RecvError::Lagged(_)) => Some(Reload::Page),
                    Err(broadcast::error::RecvError::Closed) => None,
                },
                _ = stop.wait_for(|s| *s) => None,
            };
            next.map(|reload| (Ok(Event::default().data(reload.as_str())), (events, stop)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn livereload_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVERELOAD_JS).into_response()
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let snapshot = shared.current();
    let errors = snapshot.errors.as_deref();
    let Some(key) = resolve(uri.path()) else {
        return not_found(&snapshot);
    };
    if let Some(body) = snapshot.files.get(&key) {
        return respond(StatusCode::OK, &key, body, errors);
    }
    let index = format!("{key}/index.html");
    if snapshot.files.contains_key(&index) {
        return Redirect::permanent(&format!("{}/", uri.path())).into_response();
    }
    if snapshot.files.is_empty() {
        if let Some(text) = errors {
            return html(StatusCode::OK, error_page(text));
        }
    }
    not_found(&snapshot)
}

fn not_found(snapshot: &Snapshot) -> Response {
    let errors = snapshot.errors.as_deref();
    match snapshot.files.get("404.html") {
        Some(body) => respond(StatusCode::NOT_FOUND, "404.html", body, errors),
        None => html(StatusCode::NOT_FOUND, inject(b"<h1>404</h1>", errors)),
    }
}

fn respond(status: StatusCode, key: &str, body: &Bytes, errors: Option<&str>) -> Response {
    if key.ends_with(".html") {
        return html(status, inject(body, errors));
    }
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let content_type = match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    };
    let headers =
        [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-store".into())];
    (status, headers, Body::from(body.clone())).into_response()
}

fn html(status: StatusCode, body: Vec<u8>) -> Response {
    let headers =
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")];
    (status, headers, body).into_response()
}

/// The output path a request path names (`/wilayah/x/` -> `wilayah/x/index.html`),
/// or `None` for anything that is not a plain path inside the output.
pub(crate) fn resolve(request_path: &str) -> Option<String> {
    let raw = request_path.strip_prefix('/')?;
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
    if decoded.starts_with('/') || decoded.contains(['\\', '\0', ':']) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let (last, dirs) = segments.split_last()?;
    if dirs.iter().any(|s| matches!(*s, "" | "." | "..")) || matches!(*last, "." | "..") {
        return None;
    }
    if last.is_empty() { Some(format!("{decoded}index.html")) } else { Some(decoded.into_owned()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_request_paths_inside_the_output_only() {
        let cases = [
            ("/", Some("index.html")),
            ("/wilayah/kota-a/", Some("wilayah/kota-a/index.html")),
            ("/static/style.css", Some("static/style.css")),
            ("/data/scores.json", Some("data/scores.json")),
            ("/wilayah/kota%20a/", Some("wilayah/kota a/index.html")),
            ("/wilayah", Some("wilayah")),
            ("/../site.toml", None),
            ("/%2e%2e/site.toml", None),
            ("/%2e%2e%2fsite.toml", None),
            ("/%2E%2E%2Fsite.toml", None),
            ("/wilayah/../../site.toml", None),
            ("/wilayah/..", None),
            ("/./index.html", None),
            ("//etc/passwd", None),
            ("/%2fetc/passwd", None),
            ("/..%5csite.toml", None),
            ("/a%00b", None),
            ("/C:/Windows", None),
            ("/a//b", None),
            ("/%ff", None),
            ("relative", None),
        ];
        for (path, expected) in cases {
            assert_eq!(resolve(path).as_deref(), expected, "{path}");
        }
    }
}
