//! SIGTERM (a service manager stopping the service) and Ctrl-C (SIGINT) stop
//! `kla build --watch` between two publishes, never in the middle of one.
//!
//! Without a handler either signal would end the process at once, possibly
//! with a staging folder half-written beside the output. Tokio's signal
//! support (already a dependency, for `kla serve`) turns them into a message
//! instead: the publish loop finishes the publish under way, or abandons a
//! rebuild before its staging folder exists, and returns with exit status 0.

use anyhow::{Context, Result};

/// Calls `stop` (on a thread of its own) when SIGTERM or SIGINT arrives. The
/// handlers are installed before this returns, so a signal that comes during
/// the first build is already caught.
pub(super) fn on_stop(stop: impl FnOnce() + Send + 'static) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the signal handler")?;
    let signals = {
        let _inside = runtime.enter();
        Signals::install()?
    };
    std::thread::Builder::new()
        .name("kla-signals".into())
        .spawn(move || {
            runtime.block_on(signals.first());
            stop();
        })
        .context("cannot start the signal thread")?;
    Ok(())
}

/// The signals that stop the watcher, installed.
#[cfg(unix)]
struct Signals {
    terminate: tokio::signal::unix::Signal,
    interrupt: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn install() -> Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            terminate: signal(SignalKind::terminate()).context("cannot handle SIGTERM")?,
            interrupt: signal(SignalKind::interrupt()).context("cannot handle SIGINT")?,
        })
    }

    /// Waits for the first of them.
    async fn first(mut self) {
        tokio::select! {
            _ = self.terminate.recv() => {}
            _ = self.interrupt.recv() => {}
        }
    }
}

/// Elsewhere only Ctrl-C, caught from the first wait on.
#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn install() -> Result<Self> {
        Ok(Signals)
    }

    async fn first(self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
