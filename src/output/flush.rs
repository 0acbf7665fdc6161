//! Getting the staged files onto the disk before they are published.
//!
//! The swap must not publish files whose data is still only in memory: after
//! a power cut those could come back empty. One `syncfs` before the swap
//! ([`to_disk`]) makes everything durable, but on its own it would wait at the
//! end of the build for every byte written (a village-scale site writes
//! gigabytes). A [`Flusher`] therefore asks the kernel for the same flush in
//! the background, once per [`BATCH`] bytes staged, on a thread of its own:
//! the kernel's flusher writes many files at once, merged into large requests,
//! and the final `syncfs` finds only the last batch left.
//!
//! Starting write-back per file instead (`sync_file_range` after each write,
//! as git's `core.fsyncMethod = batch` does) sends one small request per file;
//! on a 10,000-village build that cost 2.3-2.7 s more system time than this
//! (bench/README.md, "Write-back in batches").

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::thread::JoinHandle;

use anyhow::{Context, Result};

/// Bytes staged between two background flushes: large enough that the kernel
/// merges files into large requests, small enough that the last flush, which
/// the build waits for, is short.
pub(super) const BATCH: usize = 32 << 20;

/// Makes everything written under `staging` durable: one `syncfs` for the
/// whole file system instead of thousands of per-file `fsync`s.
#[cfg(target_os = "linux")]
pub(super) fn to_disk(staging: &Path) -> Result<()> {
    let dir = fs::File::open(staging)
        .with_context(|| format!("cannot open {} to flush it", staging.display()))?;
    rustix::fs::syncfs(&dir)
        .map_err(std::io::Error::from)
        .with_context(|| format!("cannot flush {} to disk", staging.display()))
}

/// Elsewhere the operating system's own write-back is relied on.
#[cfg(not(target_os = "linux"))]
pub(super) fn to_disk(_staging: &Path) -> Result<()> {
    Ok(())
}

/// Flushes the staging folder's file system in the background as files are
/// staged ([`Flusher::staged`]), so that the flush before the swap is short.
/// Best effort: a failed background flush is ignored, since [`to_disk`] still
/// runs (and reports its failure) before the swap.
pub(super) struct Flusher {
    batch: usize,
    staged: AtomicUsize,
    wake: Option<SyncSender<()>>,
    thread: Option<JoinHandle<usize>>,
}

impl Flusher {
    /// Starts the background thread for `staging`, flushing once per `batch`
    /// bytes. Without a thread (none could be started) files are only flushed
    /// by [`to_disk`].
    pub(super) fn start(staging: &Path, batch: usize) -> Self {
        let (wake, asked) = mpsc::sync_channel::<()>(1);
        let staging = staging.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("kla-flush".into())
            .spawn(move || {
                let mut flushes = 0;
                while asked.recv().is_ok() {
                    if to_disk(&staging).is_ok() {
                        flushes += 1;
                    }
                }
                flushes
            })
            .ok();
        Self { batch, staged: AtomicUsize::new(0), wake: thread.is_some().then_some(wake), thread }
    }

    /// Counts `bytes` more staged; each time the total passes a multiple of
    /// the batch, asks for a flush (unless one is already waiting to start).
    pub(super) fn staged(&self, bytes: usize) {
        let before = self.staged.fetch_add(bytes, Ordering::Relaxed);
        if crosses_batch(before, bytes, self.batch)
            && let Some(wake) = &self.wake
        {
            let _ = wake.try_send(());
        }
    }

    /// Waits for the background flush under way, if any, and says how many
    /// background flushes succeeded.
    pub(super) fn stop(&mut self) -> usize {
        self.wake = None;
        self.thread.take().and_then(|t| t.join().ok()).unwrap_or(0)
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether going from `before` to `before + bytes` passes a multiple of `batch`.
fn crosses_batch(before: usize, bytes: usize, batch: usize) -> bool {
    (before + bytes) / batch > before / batch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flush_is_asked_each_time_the_total_passes_a_batch() {
        assert!(!crosses_batch(0, 99, 100));
        assert!(crosses_batch(0, 100, 100));
        assert!(crosses_batch(99, 1, 100));
        assert!(!crosses_batch(100, 99, 100), "the next batch is not full yet");
        assert!(crosses_batch(150, 300, 100), "a big file passes several at once");
    }

    #[test]
    fn staging_batches_runs_background_flushes_and_stops_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let mut flusher = Flusher::start(dir.path(), 10);
        for i in 0..5 {
            fs::write(dir.path().join(format!("{i}.txt")), "0123456789").unwrap();
            flusher.staged(10);
        }
        let flushes = flusher.stop();
        if cfg!(target_os = "linux") {
            assert!((1..=5).contains(&flushes), "{flushes} background flushes for 5 batches");
        }
        assert_eq!(flusher.stop(), 0, "stopping twice is harmless");
        flusher.staged(100);
    }
}
