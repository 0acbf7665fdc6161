//! The site's full-text search index, built in process with Pagefind.
//!
//! The index is fed records made straight from the scored site, not parsed
//! from the rendered HTML: one per region, province, free page and the
//! methodology page, in every language of the site. Pagefind splits them by
//! language (Indonesian records get its Indonesian stemmer) and returns its
//! whole browser bundle (`pagefind.js`, WebAssembly, index and fragment
//! files) in memory; the bundle goes under [`routes::search_bundle`] with the
//! other output files, so writing, the manifest and `kla serve` treat it like
//! any other file. The search page (`search.html` and `static/search.js`)
//! queries it in the browser.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use pagefind::api::{CustomRecord, PagefindIndex};
use pagefind::options::PagefindServiceConfig;
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::plain_summary;
use crate::model::{Narrative, Region, RegionKind};
use crate::render::index::{Index, Latest};
use crate::render::pages::page_title;
use crate::render::routes;
use crate::render::theme::Theme;
use crate::render::views::{Ctx, Ui};
use crate::render::{OutputFile, Sink};
use crate::score::Scored;

/// The filters every region record carries, in the order the search page shows them.
pub(crate) const FILTERS: [&str; 4] = ["province", "kind", "predikat", "year"];

/// How much more a word of a record's name counts than a word of its text
/// (Pagefind's maximum): searching a region's name finds the region itself
/// before pages that merely mention it.
const NAME_WEIGHT: u8 = 10;

/// Records handed to Pagefind per call: enough that the handing over costs
/// nothing, few enough that a batch of records is small beside the index.
const BATCH: usize = 512;

/// Pagefind bundle files the search page does not load (its ready-made UIs
/// and highlighter): left out to keep the output small.
const UNUSED_BUNDLE_FILES: [&str; 4] =
    ["pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight."];

/// One searchable thing in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// The page the result links to, under the site's base path.
    pub(crate) url: String,
    /// Language code; Pagefind stems Indonesian (`id`) and English (`en`).
    pub(crate) lang: String,
    /// Shown as the result's link text and searched with [`NAME_WEIGHT`].
    pub(crate) title: String,
    /// The rest of the searchable text, plain, one line.
    pub(crate) body: String,
    /// Filter name (one of [`FILTERS`]) to values; regions only.
    pub(crate) filters: BTreeMap<String, Vec<String>>,
}

impl Record {
    /// The text Pagefind indexes: the title inside a weighted block, then the
    /// body. Words Pagefind would read as its own markers are dropped from
    /// the author's text, so no narrative can reweight the index.
    fn content(&self) -> String {
        let clean = |text: &str| {
            text.split_whitespace().filter(|w| !w.starts_with("___")).collect::<Vec<_>>().join(" ")
        };
        format!(
            "___PAGEFIND_WEIGHT___{NAME_WEIGHT} {} ___END_PAGEFIND_WEIGHT___ {}",
            clean(&self.title),
            clean(&self.body)
        )
    }
}

/// One filter of the search page with every value some record has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FilterView {
    /// The filter name, also the query parameter and the `filter-<key>` select id.
    pub(crate) key: &'static str,
    /// The translated label.
    pub(crate) label: String,
    /// The values, sorted (years newest first).
    pub(crate) options: Vec<String>,
}

/// The search bundle for the whole site: every record in every language,
/// indexed by Pagefind, as files under `pagefind/`, handed to `sink`.
///
/// Each language is indexed on its own and the bundles merged
/// ([`merge_bundles`]): Pagefind keeps every record of an index in memory
/// (and, unpatched, scanned all earlier records for each one added:
/// quadratic time, see `vendor/pagefind/KLA-PATCH.md`). On a site that
/// [`runs_side_by_side`] the languages are indexed
/// side by side (a national site's English index otherwise ran alone on one
/// core after the pages were done); on a larger one, one at
/// a time, so only one index is in memory.
///
/// A language's own files (its fragments, word and filter indexes, all named
/// after the language) go to `sink` as soon as its index is done, while the
/// pages are still being written: at village scale they are 84,000 files per
/// language, which written after the pages lengthened the build's tail
/// (bench/README.md, "Figures behind the code's comments").
/// The bundle's top-level files, which every language writes (and the entry
/// file, which lists them all), are merged and handed over at the end.
pub(crate) fn search_bundle(
    scored: &Scored,
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    search_bundle_in(scored, theme, sink, runs_side_by_side(scored))
}

/// [`search_bundle`], with the languages indexed side by side or one at a time.
fn search_bundle_in(
    scored: &Scored,
    theme: &Theme,
    sink: &dyn Sink,
    side_by_side: bool,
) -> Result<(), Diagnostics> {
    let config = &scored.site.config;
    let default_lang = config.default_language();
    let index_lang = |lang: &String| -> anyhow::Result<Vec<OutputFile>> {
        let strings = theme.strings_for(lang);
        let ui = Ui::new(lang, &strings, &config.base_url).with_default_lang(default_lang);
        let (own, shared) = index(records(&Ctx::new(scored, ui)))?
            .into_iter()
            .partition::<Vec<_>, _>(|file| is_language_file(&file.path));
        own.into_iter().for_each(|file| sink.put(file));
        Ok(shared)
    };
    let per_lang: Vec<anyhow::Result<Vec<OutputFile>>> = if side_by_side {
        std::thread::scope(|scope| {
            let handles: Vec<_> =
                config.languages.iter().map(|lang| scope.spawn(move || index_lang(lang))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        })
    } else {
        config.languages.iter().map(index_lang).collect()
    };
    let mut bundle = BTreeMap::new();
    for files in per_lang {
        // Only a Pagefind bug fails here; the site's settings are the nearest file to name.
        files.and_then(|files| merge_bundles(&mut bundle, files)).map_err(|e| {
            Diagnostic::file("site.toml", format!("cannot build the search index: {e:#}"))
        })?;
    }
    bundle.into_iter().for_each(|(path, body)| sink.put(OutputFile { path, body }));
    Ok(())
}

/// Whether a bundle file belongs to one language's index alone: Pagefind
/// names its fragments, word indexes and filter indexes after the language
/// and a hash of their content, under folders of their own.
fn is_language_file(path: &str) -> bool {
    let in_bundle = path.strip_prefix(bundle_folder()).unwrap_or(path);
    ["fragment/", "index/", "filter/"].iter().any(|folder| in_bundle.starts_with(folder))
}

/// Adds one language's bundle to `bundle` (by path): the files every bundle
/// has (`pagefind.js`, the generic WebAssembly) are the same bytes, each
/// language's index files have names of their own, and the entry file lists
/// the languages of both.
fn merge_bundles(
    bundle: &mut BTreeMap<String, Vec<u8>>,
    files: Vec<OutputFile>,
) -> anyhow::Result<()> {
    for file in files {
        match bundle.entry(file.path) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(file.body);
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => {
                if slot.key().ends_with(ENTRY_FILE) {
                    let merged = merge_entries(slot.get(), &file.body)?;
                    slot.insert(merged);
                } else if *slot.get() != file.body {
                    anyhow::bail!("two languages' indexes wrote {} differently", slot.key());
                }
            }
        }
    }
    Ok(())
}

/// Pagefind's entry file, which lists each language's index.
const ENTRY_FILE: &str = "pagefind-entry.json";

/// One entry file listing the languages of both.
fn merge_entries(a: &[u8], b: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut merged: serde_json::Value = serde_json::from_slice(a)?;
    let other: serde_json::Value = serde_json::from_slice(b)?;
    let languages = |v: &serde_json::Value| v.get("languages").and_then(|l| l.as_object()).cloned();
    let (Some(mut all), Some(more)) = (languages(&merged), languages(&other)) else {
        anyhow::bail!("{ENTRY_FILE} has no languages");
    };
    all.extend(more);
    merged["languages"] = serde_json::Value::Object(all);
    Ok(serde_json::to_vec(&merged)?)
}

/// Every record of the site in the context's language: regions, provinces,
/// free pages and the methodology page. The regions' records are made one at
/// a time as Pagefind takes them: at village scale, made up front, they were
/// tens of MB held beside the index.
pub(crate) fn records<'c>(ctx: &'c Ctx<'_>) -> impl Iterator<Item = Record> + Send + 'c {
    let ui = &ctx.ui;
    let site = ctx.site();
    let record = |route: &str, title: String, body: String| Record {
        url: ui.url(route),
        lang: ui.lang.to_string(),
        title,
        body,
        filters: BTreeMap::new(),
    };
    let mut out = Vec::new();
    for (province, regions) in &ctx.by_province {
        let names: Vec<&str> = regions.iter().map(|&i| site.regions[i].name.as_str()).collect();
        out.push(record(&routes::province(province), province.to_string(), names.join(", ")));
    }
    for page in &site.pages {
        let text = narrative_text(&page.narrative, ui.lang);
        out.push(record(&routes::page(&page.slug), page_title(ctx, page), text));
    }
    let mut methodology = vec![ui.t("methodology_intro")];
    for rubric in &site.rubrics {
        methodology.push(rubric.title.get(ui.lang).to_string());
        methodology.extend(rubric.tiers.iter().map(|t| t.name.get(ui.lang).to_string()));
        for cluster in &rubric.clusters {
            methodology.push(cluster.name.get(ui.lang).to_string());
            methodology.extend(cluster.indicators.iter().map(|i| i.name.get(ui.lang).to_string()));
        }
    }
    out.push(record(&routes::methodology(), ui.t("methodology_title"), methodology.join(". ")));
    (0..site.regions.len()).map(|i| region_record(ctx, i)).chain(out)
}

/// What a region's search record is made of: who the region is, its
/// latest evaluation as lists show it, the years it was evaluated and its
/// narratives. The record is built from this value (and the site's
/// configuration and words), and a rebuild builds the index again exactly
/// when one region's differs (`render::reuse`).
#[derive(Debug, PartialEq)]
pub(crate) struct RecordInputs<'a> {
    slug: &'a str,
    name: &'a str,
    kind: RegionKind,
    province: &'a str,
    latest: Option<Latest<'a>>,
    years: Vec<u16>,
    narratives: Narratives<'a>,
}

/// A region's narratives (its own, then each evaluation's), equal without a
/// look at their text when the region is the same allocation.
#[derive(Debug)]
struct Narratives<'a> {
    region: &'a Arc<Region>,
    list: Vec<&'a Narrative>,
}

impl PartialEq for Narratives<'_> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(self.region, other.region) || self.list == other.list
    }
}

impl<'a> RecordInputs<'a> {
    /// The inputs of the record of the region at `i`.
    pub(crate) fn of(index: &Index<'a>, i: usize) -> Self {
        let region = &index.scored.site.regions[i];
        let list = region
            .narrative
            .iter()
            .chain(region.evaluations.iter().filter_map(|e| e.narrative.as_ref()))
            .collect();
        RecordInputs {
            slug: &region.slug,
            name: &region.name,
            kind: region.kind,
            province: &region.province,
            latest: index.latest_shown(i),
            years: index.by_region[i].iter().map(|ev| ev.year).collect(),
            narratives: Narratives { region, list },
        }
    }
}

/// A region's record: its name, then where and what it is, its latest
/// predikat, and the plain text of all its narratives unless the site keeps
/// the index to names (`search_full_text = false`).
fn region_record(ctx: &Ctx<'_>, index: usize) -> Record {
    let ui = &ctx.ui;
    let inputs = RecordInputs::of(&ctx.index, index);
    let mut body = vec![inputs.province.to_string(), ui.kind(inputs.kind)];
    // No points: nobody searches for a score, and leaving them out lets
    // `kla serve` keep the index when an edit moves only points.
    if let Some(latest) = inputs.latest {
        body.push(format!("{} {}", latest_predikat(ctx, latest), latest.year));
    }
    if ctx.site().config.search_full_text {
        let narratives = inputs.narratives.list.iter();
        body.extend(narratives.map(|n| narrative_text(n, ui.lang)).filter(|t| !t.is_empty()));
    }
    Record {
        url: ctx.region_url(index),
        lang: ui.lang.to_string(),
        title: inputs.name.to_string(),
        body: body.join(". "),
        filters: region_filters(ctx, &inputs),
    }
}

/// A region's filter values: its province, kind, latest predikat and every
/// year it was evaluated.
fn region_filters(ctx: &Ctx<'_>, inputs: &RecordInputs<'_>) -> BTreeMap<String, Vec<String>> {
    let mut filters = BTreeMap::new();
    filters.insert("province".to_string(), vec![inputs.province.to_string()]);
    filters.insert("kind".to_string(), vec![ctx.ui.kind(inputs.kind)]);
    if let Some(latest) = inputs.latest {
        filters.insert("predikat".to_string(), vec![latest_predikat(ctx, latest)]);
        let years = inputs.years.iter().map(u16::to_string).collect();
        filters.insert("year".to_string(), years);
    }
    filters
}

/// The name of a region's latest predikat: the computed one, else the official one.
fn latest_predikat(ctx: &Ctx<'_>, latest: Latest<'_>) -> String {
    ctx.ui.tier_name(&ctx.site().rubrics[latest.rubric], latest.tier)
}

/// The search page's filters, each with every value a region record has, so
/// every option narrows to at least one result.
pub(crate) fn filter_views(ctx: &Ctx<'_>) -> Vec<FilterView> {
    let mut values: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for index in 0..ctx.site().regions.len() {
        for (key, list) in region_filters(ctx, &RecordInputs::of(&ctx.index, index)) {
            values.entry(key).or_default().extend(list);
        }
    }
    FILTERS
        .iter()
        .map(|&key| {
            let mut options: Vec<String> =
                values.remove(key).unwrap_or_default().into_iter().collect();
            if key == "year" {
                options.reverse();
            }
            FilterView { key, label: ctx.ui.t(&format!("search_filter_{key}")), options }
        })
        .collect()
}

/// A narrative's prose as plain text in `lang` (the translation when there is one).
fn narrative_text(narrative: &Narrative, lang: &str) -> String {
    let shown = narrative.in_lang(lang).unwrap_or(narrative);
    plain_summary(shown.body(), usize::MAX)
}

/// The bundle's folder in the output, e.g. `pagefind/`: made once, since
/// [`is_language_file`] asks for it for each of a village-scale bundle's files.
fn bundle_folder() -> &'static str {
    static FOLDER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FOLDER.get_or_init(|| {
        routes::file_for(&routes::search_bundle()).trim_end_matches("index.html").to_string()
    })
}

/// Runs Pagefind over `records` and returns its bundle as output files,
/// minus the files the search page never loads. Pagefind is async: it runs on
/// a current-thread runtime of its own, on a thread of its own so that a
/// caller already inside a runtime cannot make it panic.
///
/// Its parallel work (rayon) runs in a pool of its own. Queued from outside
/// the global pool, it waited until the pages were done, since rayon's workers
/// run their own queues' jobs first: at village scale the whole index was then
/// built after the last page, on the build's critical path, instead of beside
/// the pages. Its own pool's threads share the cores with the page workers.
fn index(records: impl Iterator<Item = Record> + Send) -> anyhow::Result<Vec<OutputFile>> {
    index_in_batches(records, BATCH)
}

/// [`index`], handing Pagefind `batch` records per call.
fn index_in_batches(
    records: impl Iterator<Item = Record> + Send,
    batch: usize,
) -> anyhow::Result<Vec<OutputFile>> {
    let files = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread().build()?;
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(rayon::current_num_threads())
                    .thread_name(|i| format!("kla-search-{i}"))
                    .build()?;
                pool.install(|| runtime.block_on(pagefind_files(records, batch)))
            })
            .join()
            .map_err(|_| anyhow::anyhow!("the indexing thread panicked"))?
    })?;
    let folder = bundle_folder();
    let mut out: Vec<OutputFile> = files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_str()?.replace('\\', "/");
            let unused = UNUSED_BUNDLE_FILES.iter().any(|prefix| name.starts_with(prefix));
            (!unused).then(|| OutputFile { path: format!("{folder}{name}"), body: file.contents })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Feeds every record to a new Pagefind index, in order, `batch` at a time,
/// and returns its files.
async fn pagefind_files(
    records: impl Iterator<Item = Record>,
    batch: usize,
) -> anyhow::Result<Vec<pagefind::api::SyntheticFile>> {
    let config = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(config))?;
    let mut records = records.map(|record| CustomRecord {
        content: record.content(),
        meta: Some(BTreeMap::from([("title".to_string(), record.title)])),
        filters: (!record.filters.is_empty()).then_some(record.filters),
        url: record.url,
        language: record.lang,
        sort: None,
    });
    // In batches: Pagefind indexes each call in a blocking task of its own,
    // and a task per record (84,000 per language at village scale) spent more
    // time waking threads than indexing.
    loop {
        let some: Vec<CustomRecord> = records.by_ref().take(batch.max(1)).collect();
        if some.is_empty() {
            break;
        }
        index.add_custom_records(some).await?;
    }
    index.get_files().await
}

/// Above this many regions a site is rendered for memory rather than speed
/// (see [`runs_side_by_side`]).
const SIDE_BY_SIDE_MAX_REGIONS: usize = 10_000;

/// Whether `scored` is small enough to run its memory-heavy phases side by
/// side: the languages' search indexes at the same time, and the site-wide
/// files (open data, sitemaps, feeds) while the index is finished. On a larger
/// site each index is built on its own (at village scale one index is a large
/// share of the peak: bench/README.md, "Figures behind the code's comments")
/// and the site-wide files wait until the index's files are written, so those
/// peaks never coincide.
pub(crate) fn runs_side_by_side(scored: &Scored) -> bool {
    scored.site.regions.len() <= SIDE_BY_SIDE_MAX_REGIONS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Collect;
    use crate::testkit::{self, scenes};

    fn records_in(scored: &Scored, lang: &str) -> Vec<Record> {
        let theme = Theme::builtin().unwrap();
        let strings = theme.strings_for(lang);
        let ui = Ui::new(lang, &strings, "https://kla.example/kla/").with_default_lang("id");
        records(&Ctx::new(scored, ui)).collect()
    }

    #[test]
    fn a_region_record_is_its_name_weighted_then_what_it_is() {
        let records = records_in(&scenes::uji_scored(), "id");
        let beta = records.iter().find(|r| r.title == "Kota Beta").unwrap();
        assert_eq!(beta.url, "/kla/wilayah/kota-beta/");
        assert_eq!(beta.lang, "id");
        assert!(
            beta.content().starts_with("___PAGEFIND_WEIGHT___10 Kota Beta ___END_PAGEFIND_WEIGHT___ Kalimantan Timur. Kota."),
            "{}",
            beta.content()
        );
        assert_eq!(beta.filters["province"], ["Kalimantan Timur"]);
        assert_eq!(beta.filters["kind"], ["Kota"]);
        assert_eq!(beta.filters["year"], ["2025"]);
    }

    #[test]
    fn every_year_is_a_filter_value_and_the_latest_predikat_is_another() {
        let records = records_in(&scenes::uji_scored(), "id");
        let alfa = records.iter().find(|r| r.url == "/kla/wilayah/kota-alfa/").unwrap();
        assert_eq!(alfa.filters["year"], ["2024", "2025"]);
        assert_eq!(alfa.filters["predikat"], ["Madya"], "computed before official");
        let gamma = records.iter().find(|r| r.title == "Kota Gamma").unwrap();
        assert!(!gamma.filters.contains_key("year"), "never evaluated");
        assert!(!gamma.filters.contains_key("predikat"));
    }

    #[test]
    fn english_records_link_to_english_pages() {
        let records = records_in(&scenes::uji_scored(), "en");
        let beta = records.iter().find(|r| r.title == "Kota Beta").unwrap();
        assert_eq!(beta.url, "/kla/en/wilayah/kota-beta/");
        assert_eq!(beta.lang, "en");
        assert_eq!(beta.filters["kind"], ["City"]);
        assert!(records.iter().any(|r| r.url == "/kla/en/metodologi/"));
        assert!(records.iter().any(|r| r.url == "/kla/en/provinsi/aceh/" && r.title == "Aceh"));
    }

    #[test]
    fn narratives_are_indexed_unless_the_site_keeps_the_index_to_names() {
        let mut scored = scenes::uji_scored();
        scored.site.region_mut(1).narrative = Some(
            testkit::narrative("content/regions/kota-beta/index.md")
                .body("Cerita tentang **taman bermain** kota.\n")
                .build(),
        );
        let beta = |scored: &Scored| {
            let records = records_in(scored, "id");
            records.into_iter().find(|r| r.title == "Kota Beta").unwrap().content()
        };
        assert_eq!(scored.site.regions[1].name, "Kota Beta");
        assert!(beta(&scored).contains("taman bermain"), "{}", beta(&scored));
        scored.site.config.search_full_text = false;
        let names_only = beta(&scored);
        assert!(!names_only.contains("taman"), "{names_only}");
        assert!(names_only.contains("Kota Beta") && names_only.contains("Kalimantan Timur"));
    }

    #[test]
    fn narrative_text_cannot_smuggle_pagefind_markers() {
        let record = Record {
            url: "/a/".into(),
            lang: "id".into(),
            title: "A ___PAGEFIND_WEIGHT___0".into(),
            body: "x ___END_PAGEFIND_WEIGHT___ ___PAGEFIND_WEIGHT___10 y".into(),
            filters: BTreeMap::new(),
        };
        assert_eq!(record.content(), "___PAGEFIND_WEIGHT___10 A ___END_PAGEFIND_WEIGHT___ x y");
    }

    #[test]
    fn the_search_page_offers_exactly_the_values_regions_have() {
        let theme = Theme::builtin().unwrap();
        let strings = theme.strings_for("id");
        let scored = scenes::uji_scored();
        let ctx = Ctx::new(&scored, Ui::new("id", &strings, "https://kla.example/"));
        let views = filter_views(&ctx);
        let keys: Vec<&str> = views.iter().map(|v| v.key).collect();
        assert_eq!(keys, FILTERS);
        assert_eq!(views[0].options, ["Aceh", "Kalimantan Timur"]);
        assert_eq!(views[1].options, ["Kota"]);
        assert_eq!(views[3].options, ["2025", "2024"], "newest first");
        assert_eq!(views[0].label, "Provinsi");
    }

    /// The titles of the pages in a bundle's fragments (gzip, then
    /// `pagefind_dcd` and the fragment's JSON), sorted.
    fn fragment_titles(files: &[OutputFile]) -> Vec<String> {
        use std::io::Read;
        let mut titles: Vec<String> = files
            .iter()
            .filter(|f| f.path.contains("/fragment/"))
            .map(|f| {
                let mut text = String::new();
                flate2::read::GzDecoder::new(&f.body[..]).read_to_string(&mut text).unwrap();
                let json = text.strip_prefix("pagefind_dcd").unwrap();
                let fragment: serde_json::Value = serde_json::from_str(json).unwrap();
                fragment["meta"]["title"].as_str().unwrap().to_string()
            })
            .collect();
        titles.sort();
        titles
    }

    #[test]
    fn a_url_indexed_again_replaces_its_page() {
        // The vendored Pagefind finds a URL's earlier record through a map
        // (vendor/pagefind/KLA-PATCH.md) instead of a scan: it must still be
        // found, and replaced rather than indexed twice.
        let record = |url: &str, title: &str| Record {
            url: url.into(),
            lang: "id".into(),
            title: title.into(),
            body: "Aceh".into(),
            filters: BTreeMap::new(),
        };
        let files = index(
            [record("/a/", "Lama"), record("/b/", "Lain"), record("/a/", "Baru")].into_iter(),
        )
        .unwrap();
        assert_eq!(fragment_titles(&files), ["Baru", "Lain"]);
        let entry = files.iter().find(|f| f.path.ends_with(ENTRY_FILE)).unwrap();
        let entry: serde_json::Value = serde_json::from_slice(&entry.body).unwrap();
        assert_eq!(entry["languages"]["id"]["page_count"], 2, "{entry}");
    }

    #[test]
    fn records_handed_over_in_batches_make_the_same_index_as_one_by_one() {
        let mut scored = scenes::uji_scored();
        scored.site.config.languages = vec!["id".into(), "en".into()];
        let records = || records_in(&scored, "id").into_iter().chain(records_in(&scored, "en"));
        let count = records().count();
        assert!(count > 6, "enough records for several batches: {count}");
        let one_by_one = index_in_batches(records(), 1).unwrap();
        assert!(fragment_titles(&one_by_one).contains(&"Kota Beta".to_string()));
        for batch in [2, 5, count, BATCH] {
            let batched = index_in_batches(records(), batch).unwrap();
            assert!(batched == one_by_one, "batches of {batch} changed the index");
        }
    }

    #[test]
    fn each_language_hands_over_its_own_files_when_its_index_is_done() {
        let mut scored = scenes::uji_scored();
        scored.site.config.languages = vec!["id".into(), "en".into()];
        let files = Collect::default();
        search_bundle_in(&scored, &Theme::builtin().unwrap(), &files, false).unwrap();
        // Collect keeps the order the files arrived in.
        let order: Vec<String> = files.into_arrival_order().into_iter().map(|f| f.path).collect();
        let lang_of = |path: &str| {
            let name = path.rsplit('/').next().unwrap_or_default();
            is_language_file(path).then(|| name.split('_').next().unwrap_or_default().to_string())
        };
        let langs: Vec<Option<String>> = order.iter().map(|p| lang_of(p)).collect();
        let first_shared = langs.iter().position(Option::is_none).unwrap();
        let (own, shared) = langs.split_at(first_shared);
        assert!(shared.iter().all(Option::is_none), "shared files come last: {order:?}");
        let switches = own.windows(2).filter(|w| w[0] != w[1]).count();
        assert_eq!(switches, 1, "one language's files, then the other's: {order:?}");
        assert_eq!(own.first(), Some(&Some("id".to_string())), "{order:?}");
        assert!(shared.len() >= 3, "pagefind.js, the entry file, the WebAssembly: {order:?}");
        assert!(!order.iter().any(|p| p.ends_with(ENTRY_FILE) && is_language_file(p)));
    }

    #[test]
    fn the_bundle_has_both_languages_and_none_of_the_unused_ui() {
        let mut scored = scenes::uji_scored();
        scored.site.config.languages = vec!["id".into(), "en".into()];
        let bundle = || {
            let files = Collect::default();
            search_bundle(&scored, &Theme::builtin().unwrap(), &files).unwrap();
            files.into_sorted()
        };
        let files = bundle();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        for needed in [
            "pagefind/pagefind.js",
            "pagefind/pagefind-entry.json",
            "pagefind/wasm.id.pagefind",
            "pagefind/wasm.en.pagefind",
        ] {
            assert!(paths.contains(&needed), "{needed} missing from {paths:?}");
        }
        assert!(!paths.iter().any(|p| p.contains("-ui.")), "{paths:?}");
        let entry = files.iter().find(|f| f.path == "pagefind/pagefind-entry.json").unwrap();
        let entry: serde_json::Value = serde_json::from_slice(&entry.body).unwrap();
        assert_eq!(entry["languages"]["id"]["page_count"], 4 + 2 + 1, "{entry}");
        assert_eq!(files, bundle(), "deterministic");
    }
}
