//! How much heap the loaded and scored site holds, and what holds it.
//!
//! `cargo run --release --example site_memory -- SITE` loads and scores SITE
//! with the kla library under a counting allocator and prints the live heap
//! after each stage, then frees one part of the scored site at a time and
//! prints what each part held, per region. At village scale the scored site
//! is held through the whole render, so its size is the floor of a build's
//! peak memory (bench/README.md).

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let now = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
        PEAK.fetch_max(now, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let start = live();
    let site = kla::load::load_site(&root).map_err(|d| anyhow::anyhow!("{d:?}"))?;
    let regions = site.regions.len().max(1);
    let loaded = live();
    let mut scored = kla::score::score(site);
    let total = live();
    let per = |bytes: usize| {
        format!("{:>9.1} MB {:>8.0} B/region", bytes as f64 / 1e6, bytes as f64 / regions as f64)
    };
    println!("regions: {regions}");
    println!("loaded site          {}", per(loaded - start));
    println!("loaded and scored    {}", per(total - start));
    let theme = kla::render::Theme::load(&root, &scored.site.config.theme)
        .map_err(|d| anyhow::anyhow!("{d:?}"))?;
    let peak_of = |what: &str, sink: &dyn kla::render::Sink| -> anyhow::Result<()> {
        let before = live();
        PEAK.store(before, Ordering::Relaxed);
        kla::render::render_into(&scored, &theme, None, sink)
            .map_err(|d| anyhow::anyhow!("{d:?}"))?;
        let peak = PEAK.load(Ordering::Relaxed) - before;
        println!("peak above it while rendering {what:<14}{}", per(peak));
        Ok(())
    };
    // `Discard` skips the search index (as `kla check` does); `Dropped` takes it too.
    peak_of("all but search", &kla::render::Discard)?;
    peak_of("everything", &Dropped)?;
    let mut freed = |what: &str, free: &mut dyn FnMut(&mut kla::score::Scored)| {
        let before = live();
        free(&mut scored);
        println!("  of which {what:<24}{}", per(before.saturating_sub(live())));
    };
    freed("scored indicators", &mut |s| {
        s.evaluations
            .iter_mut()
            .filter_map(|e| e.computed.as_mut())
            .for_each(|c| c.indicators = Vec::new().into())
    });
    freed("scored clusters", &mut |s| {
        s.evaluations
            .iter_mut()
            .filter_map(|e| e.computed.as_mut())
            .for_each(|c| c.clusters = Vec::new())
    });
    freed("gaps", &mut |s| s.evaluations.iter_mut().for_each(|e| e.gap = None));
    freed("scored evaluations", &mut |s| s.evaluations = Vec::new());
    freed("evaluation inputs", &mut |s| {
        s.site
            .regions
            .iter_mut()
            .flat_map(|r| &mut Arc::make_mut(r).evaluations)
            .for_each(|e| e.inputs = Default::default())
    });
    freed("narratives", &mut |s| {
        s.site.regions.iter_mut().for_each(|r| Arc::make_mut(r).narrative = None)
    });
    freed("evaluation sources", &mut |s| {
        s.site.regions.iter_mut().flat_map(|r| &mut Arc::make_mut(r).evaluations).for_each(|e| {
            e.file.src = "".into();
            e.file.path = PathBuf::new();
        })
    });
    freed("region sources", &mut |s| {
        s.site.regions.iter_mut().map(Arc::make_mut).for_each(|r| {
            r.file.src = "".into();
            r.file.path = PathBuf::new();
        })
    });
    freed("the rest", &mut |s| s.site.regions = Vec::new());
    Ok(())
}

/// A sink that drops every file but, unlike `Discard`, wants them all made.
struct Dropped;

impl kla::render::Sink for Dropped {
    fn put(&self, _file: kla::render::OutputFile) {}
}
