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
//! as git's `core.fsyncMethod = batch` does) sends one small request per file,
//! which cost more system time than this (bench/README.md, "Write-back in
//! batches").
//!
//! Once a batch is on the disk, its files are dropped from the page cache
//! ([`drop_from_cache`]). A build writes each output file once and never reads
//! it back, so a village-scale build would otherwise fill gigabytes of cache
//! with pages nobody reads, pushing out what the machine had cached; and on a
//! virtual machine that hands its free memory back to the host (virtio-balloon
//! free page reporting, as on the benchmark machine) each of those pages is
//! fresh memory the host must supply on first touch. Dropped pages are reused
//! for the next batch instead, which cut the system time of a village-scale
//! build by more than half (bench/README.md, "Page cache").

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Mutex};
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
    /// Files written in full since the thread last took them: its next flush
    /// makes them durable, and then they are dropped from the page cache.
    written: Arc<Mutex<Vec<PathBuf>>>,
    wake: Option<SyncSender<()>>,
    thread: Option<JoinHandle<usize>>,
}

impl Flusher {
    /// Starts the background thread for `staging`, flushing once per `batch`
    /// bytes. Without a thread (none could be started) files are only flushed
    /// by [`to_disk`].
    pub(super) fn start(staging: &Path, batch: usize) -> Self {
        Self::start_with(staging, batch, |path| {
            if let Ok(file) = fs::File::open(path) {
                drop_from_cache(&file);
            }
        })
    }

    /// [`Flusher::start`] with what is done to each file once it is durable.
    fn start_with(staging: &Path, batch: usize, durable: fn(&Path)) -> Self {
        let (wake, asked) = mpsc::sync_channel::<()>(1);
        let staging = staging.to_path_buf();
        let written = Arc::<Mutex<Vec<PathBuf>>>::default();
        let taken = Arc::clone(&written);
        let thread = std::thread::Builder::new()
            .name("kla-flush".into())
            .spawn(move || {
                let mut flushes = 0;
                while asked.recv().is_ok() {
                    // Taken before the flush starts, so the flush covers them all.
                    let files = std::mem::take(&mut *lock(&taken));
                    if to_disk(&staging).is_ok() {
                        flushes += 1;
                        files.iter().for_each(|file| durable(file));
                    }
                }
                flushes
            })
            .ok();
        Self {
            batch,
            staged: AtomicUsize::new(0),
            written,
            wake: thread.is_some().then_some(wake),
            thread,
        }
    }

    /// Counts the file at `path`, `bytes` long and written in full, as
    /// staged; each time the total passes a multiple of the batch, asks for a
    /// flush (unless one is already waiting to start).
    pub(super) fn staged(&self, path: &Path, bytes: usize) {
        if self.wake.is_some() {
            lock(&self.written).push(path.to_path_buf());
        }
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

/// Drops a file's clean pages from the page cache (a durable file's pages are
/// all clean, so the kernel frees them at once). Best effort, like the flush.
#[cfg(target_os = "linux")]
fn drop_from_cache(file: &fs::File) {
    let _ = rustix::fs::fadvise(file, 0, None, rustix::fs::Advice::DontNeed);
}

/// Elsewhere the operating system's own cache policy is relied on.
#[cfg(not(target_os = "linux"))]
fn drop_from_cache(_file: &fs::File) {}

/// Whether going from `before` to `before + bytes` passes a multiple of `batch`.
fn crosses_batch(before: usize, bytes: usize, batch: usize) -> bool {
    (before + bytes) / batch > before / batch
}

/// Locks a mutex, even one a panicking thread left poisoned (the data is still
/// whole). Here because the flusher's threads share their lists by mutex; the
/// staging in `mod.rs` uses it too.
pub(super) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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
            let path = dir.path().join(format!("{i}.txt"));
            fs::write(&path, "0123456789").unwrap();
            flusher.staged(&path, 10);
        }
        let flushes = flusher.stop();
        if cfg!(target_os = "linux") {
            assert!((1..=5).contains(&flushes), "{flushes} background flushes for 5 batches");
        }
        assert_eq!(flusher.stop(), 0, "stopping twice is harmless");
        flusher.staged(&dir.path().join("late.txt"), 100);
    }

    #[test]
    fn files_are_handed_on_once_each_in_order_after_a_flush_has_covered_them() {
        static DURABLE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
        fn record(path: &Path) {
            assert!(path.is_file(), "{} is handed on before it exists", path.display());
            DURABLE.lock().unwrap().push(path.to_path_buf());
        }
        let dir = tempfile::tempdir().unwrap();
        let mut flusher = Flusher::start_with(dir.path(), 10, record);
        let paths: Vec<PathBuf> = (0..20).map(|i| dir.path().join(format!("{i}.txt"))).collect();
        for path in &paths {
            fs::write(path, "0123456789").unwrap();
            flusher.staged(path, 10);
        }
        let flushes = flusher.stop();
        let durable = DURABLE.lock().unwrap().clone();
        assert!(flushes >= 1 && !durable.is_empty(), "{flushes} flushes, {durable:?}");
        // The first wake is always taken, and the first file is listed before it.
        assert_eq!(durable[..], paths[..durable.len()], "each file once, in the order written");
    }
}
