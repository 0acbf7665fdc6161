//! The open-data files: `data/scores.json`, `data/scores.csv` and one JSON
//! file per region (`data/wilayah/<slug>.json`).
//!
//! Records are `Serialize` structs borrowing from [`Scored`], so the field
//! order of the published data is the order of the struct fields below. This
//! module computes nothing: every number comes from scoring. JSON is compact
//! with a trailing newline; rows follow the order of `Scored::evaluations`.
//!
//! The files are assembled from pieces ([`OpenData`]): each record's JSON
//! object and CSV row, each region's file. `kla serve` keeps the pieces of
//! the last build and serialises again only the records whose values changed.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Points, Region, RegionKind, Rubric};
use crate::render::{OutputFile, routes};
use crate::score::{Scored, ScoredEvaluation};

/// Every open-data file of the site, made one after another: what the tests
/// compare [`open_data_into`] (which a build uses) and [`OpenData`] (which
/// `kla serve` uses) with.
#[cfg(test)]
pub(crate) fn open_data(scored: &Scored) -> Vec<OutputFile> {
    let records = records(scored);
    let mut files = Vec::from(build_score_files(scored, &records));
    let fresh = vec![false; scored.site.regions.len()];
    files.extend(region_files(scored, &records, &fresh, None).collect::<Vec<_>>());
    files.push(announcements_file(&scored.site));
    files
}

/// Every open-data file of the site, each serialised straight into its file
/// and handed to `sink` as soon as it is: a build keeps no pieces (at village
/// scale the pieces and their joined copy would be hundreds of megabytes
/// each), and the region files (one per village) are never held together.
/// [`OpenData`] makes the same bytes from pieces for `kla serve`.
/// `scores.json` and `scores.csv` are joined on one thread while the others
/// write the region files: at village scale the two were about a third of a
/// second of one core at the very end of a build (perf).
pub fn open_data_into(scored: &Scored, sink: &dyn crate::render::Sink) {
    let records = records(scored);
    let fresh = vec![false; scored.site.regions.len()];
    sink.put(announcements_file(&scored.site));
    rayon::join(
        || build_score_files(scored, &records).into_iter().for_each(|file| sink.put(file)),
        || region_files(scored, &records, &fresh, None).for_each(|file| sink.put(file)),
    );
}

/// `scores.json` and `scores.csv` of a build, serialised from its records.
fn build_score_files(scored: &Scored, records: &[Record<'_>]) -> [OutputFile; 2] {
    let clusters = cluster_columns(&scored.site.rubrics);
    score_files(
        records.iter().map(|record| compact(&record.row)),
        csv_line(csv_header(&scored.site.rubrics)),
        records.iter().map(|record| csv_line(csv_row(&record.row, &clusters))),
    )
}

/// `scores.json` (a compact array of `json_rows`) and `scores.csv` (the
/// header, then `csv_rows`), each row serialised already: the one place that
/// joins rows into those files, for a build and for serve's kept pieces.
fn score_files(
    json_rows: impl IntoIterator<Item = impl AsRef<[u8]>>,
    csv_header: Vec<u8>,
    csv_rows: impl IntoIterator<Item = impl AsRef<[u8]>>,
) -> [OutputFile; 2] {
    let mut json = vec![b'['];
    for (i, row) in json_rows.into_iter().enumerate() {
        if i > 0 {
            json.push(b',');
        }
        json.extend_from_slice(row.as_ref());
    }
    json.extend_from_slice(b"]\n");
    let mut csv = csv_header;
    for row in csv_rows {
        csv.extend_from_slice(row.as_ref());
    }
    [
        OutputFile { path: routes::file_for(&routes::scores_json()), body: json },
        OutputFile { path: routes::file_for(&routes::scores_csv()), body: csv },
    ]
}

/// The open data of one build in serialised pieces: each record's JSON object
/// and CSV row, in `Scored::evaluations` order, and each region's file. Exists
/// so that `kla serve` re-serialises after an edit only the records (and
/// region files) whose values changed; [`OpenData::files`] joins the pieces
/// into exactly the bytes [`open_data_into`] writes.
#[derive(Debug, Clone, Default)]
pub struct OpenData {
    json_rows: Vec<Vec<u8>>,
    csv_header: Vec<u8>,
    csv_rows: Vec<Vec<u8>>,
    region_files: Vec<OutputFile>,
    announcements: Option<OutputFile>,
}

impl OpenData {
    /// The open data of `scored`. With `before` (an earlier scored site and
    /// its open data), a record or region file whose values equal the earlier
    /// one's at the same position keeps its earlier bytes.
    pub fn since(scored: &Scored, before: Option<(&Scored, &OpenData)>) -> Self {
        let old = before.map(|(old_scored, pieces)| (old_scored, records(old_scored), pieces));
        let records = records(scored);
        let regions = &scored.site.regions;
        // Pieces are reused only when the earlier site has the same shape and
        // CSV columns (a row's cells depend on the columns of all rubrics).
        let clusters = cluster_columns(&scored.site.rubrics);
        let old = old.filter(|(old_scored, old_records, pieces)| {
            cluster_columns(&old_scored.site.rubrics) == clusters
                && old_records.len() == records.len()
                && pieces.json_rows.len() == records.len()
                && old_scored.site.regions.len() == regions.len()
                && pieces.region_files.len() == regions.len()
        });
        let same: Vec<bool> = match &old {
            Some((_, old_records, _)) => records
                .par_iter()
                .zip(old_records)
                .map(|(new, old)| new.region == old.region && new.row == old.row)
                .collect(),
            None => vec![false; records.len()],
        };
        let (json_rows, csv_rows): (Vec<Vec<u8>>, Vec<Vec<u8>>) = records
            .par_iter()
            .enumerate()
            .map(|(i, record)| match &old {
                Some((_, _, pieces)) if same[i] => {
                    (pieces.json_rows[i].clone(), pieces.csv_rows[i].clone())
                }
                _ => (compact(&record.row), csv_line(csv_row(&record.row, &clusters))),
            })
            .unzip();
        // A region's file is kept when its identity and all its records are.
        let mut kept = vec![old.is_some(); regions.len()];
        if let Some((old_scored, old_records, _)) = &old {
            for (i, (new, old)) in records.iter().zip(old_records).enumerate() {
                if !same[i] {
                    kept[new.region] = false;
                    kept[old.region] = false;
                }
            }
            for (i, region) in regions.iter().enumerate() {
                kept[i] &=
                    RegionIdentity::of(&old_scored.site.regions[i]) == RegionIdentity::of(region);
            }
        }
        let earlier = old.as_ref().map(|(_, _, pieces)| pieces.region_files.as_slice());
        let region_files = region_files(scored, &records, &kept, earlier).collect();
        let csv_header = csv_line(csv_header(&scored.site.rubrics));
        let announcements = Some(announcements_file(&scored.site));
        OpenData { json_rows, csv_header, csv_rows, region_files, announcements }
    }

    /// The open-data files: `scores.json`, `scores.csv`, then each region's file.
    pub fn files(&self) -> Vec<OutputFile> {
        let mut files =
            Vec::from(score_files(&self.json_rows, self.csv_header.clone(), &self.csv_rows));
        files.extend(self.region_files.iter().cloned());
        files.extend(self.announcements.clone());
        files
    }
}

/// `data/penghargaan.json`: every announcement with its totals, the figures
/// other sources reported, its complete lists and sources.
fn announcements_file(site: &crate::model::Site) -> OutputFile {
    #[derive(Serialize)]
    struct AnnouncementRecord<'a> {
        year: u16,
        held: bool,
        date: Option<&'a str>,
        event: Option<&'a str>,
        decree: Option<&'a str>,
        totals: &'a crate::model::record::Totals,
        reported: &'a [crate::model::record::Reported],
        complete: Vec<CompleteRecord<'a>>,
        sources: &'a [crate::model::Source],
    }
    #[derive(Serialize)]
    struct CompleteRecord<'a> {
        province: Option<&'a str>,
        covers: Option<&'a str>,
        count: Option<u32>,
        sources: &'a [crate::model::Source],
    }
    let records: Vec<AnnouncementRecord<'_>> = site
        .announcements
        .iter()
        .map(|a| AnnouncementRecord {
            year: a.year,
            held: a.held,
            date: a.date.as_deref(),
            event: a.event.as_deref(),
            decree: a.decree.as_deref(),
            totals: &a.totals,
            reported: &a.reported,
            complete: a
                .complete
                .iter()
                .map(|c| CompleteRecord {
                    province: c.province.as_deref(),
                    covers: c.covers.as_deref(),
                    count: c.count,
                    sources: &c.sources,
                })
                .collect(),
            sources: &a.sources,
        })
        .collect();
    let mut body = serde_json::to_vec_pretty(&records).expect("announcements always serialise");
    body.push(b'\n');
    OutputFile { path: routes::file_for(&routes::announcements_json()), body }
}

/// Who a record is about: the region's identity fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct RegionIdentity<'a> {
    region: &'a str,
    name: &'a str,
    kind: RegionKind,
    province: &'a str,
    code: &'a str,
}

impl<'a> RegionIdentity<'a> {
    fn of(region: &'a Region) -> Self {
        Self {
            region: &region.slug,
            name: &region.name,
            kind: region.kind,
            province: &region.province,
            code: &region.code,
        }
    }
}

/// One evaluation as published; `None` fields serialise as `null`.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct EvaluationRecord<'a> {
    year: u16,
    rubric: &'a str,
    total: Option<Points>,
    max: Points,
    predikat: Option<&'a str>,
    official: Option<&'a str>,
    /// True when the sources of the official result disagree.
    official_conflict: bool,
    /// Every source of the official result, with the predikat it gives.
    official_sources: Vec<SourceRecord<'a>>,
    mismatch: bool,
    complete: bool,
    illustrative: bool,
    self_assessment: Option<Points>,
    rank_national: Option<u32>,
    rank_province: Option<u32>,
    clusters: Vec<ClusterRecord<'a>>,
    indicators: Vec<IndicatorRecord<'a>>,
}

/// One source of an official result, as published.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct SourceRecord<'a> {
    predikat: &'a str,
    url: Option<&'a str>,
    outlet: Option<&'a str>,
    date: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct ClusterRecord<'a> {
    id: &'a str,
    points: Points,
    max: Points,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct IndicatorRecord<'a> {
    id: &'a str,
    points: Points,
    max: Points,
    value: Option<f64>,
}

/// One element of `scores.json`: identity and evaluation in one flat object.
#[derive(Debug, PartialEq, Serialize)]
struct ScoreRecord<'a> {
    #[serde(flatten)]
    identity: RegionIdentity<'a>,
    #[serde(flatten)]
    evaluation: EvaluationRecord<'a>,
}

/// `data/wilayah/<slug>.json`: a region and all its evaluations.
#[derive(Debug, Serialize)]
struct RegionFile<'a> {
    #[serde(flatten)]
    identity: RegionIdentity<'a>,
    evaluations: Vec<&'a EvaluationRecord<'a>>,
}

/// A record with the index of its region, so per-region files can pick theirs.
struct Record<'a> {
    region: usize,
    row: ScoreRecord<'a>,
}

/// One record per scored evaluation whose indices resolve, in `Scored` order.
fn records(scored: &Scored) -> Vec<Record<'_>> {
    scored.evaluations.iter().filter_map(|e| record(scored, e)).collect()
}

fn record<'a>(scored: &'a Scored, scored_eval: &'a ScoredEvaluation) -> Option<Record<'a>> {
    let site = &scored.site;
    let region = site.regions.get(scored_eval.region)?;
    let evaluation = region.evaluations.get(scored_eval.evaluation)?;
    let rubric = site.rubrics.get(scored_eval.rubric)?;
    let computed = scored_eval.computed.as_ref();
    let evaluation = EvaluationRecord {
        year: scored_eval.year,
        rubric: &rubric.id,
        total: computed.map(|c| c.total),
        max: computed.map_or(rubric.max_score, |c| c.max),
        predikat: computed.and_then(|c| c.predikat.as_deref()),
        official: scored_eval.official.as_deref(),
        official_conflict: evaluation.conflict(),
        official_sources: evaluation
            .claims
            .iter()
            .map(|c| SourceRecord {
                predikat: &c.predikat,
                url: c.source.url.as_deref(),
                outlet: c.source.outlet.as_deref(),
                date: c.source.date.as_deref(),
            })
            .collect(),
        mismatch: scored_eval.mismatch,
        complete: computed.is_some_and(|c| c.complete),
        illustrative: evaluation.illustrative,
        self_assessment: evaluation.self_assessment,
        rank_national: scored_eval.ranks.national,
        rank_province: scored_eval.ranks.province,
        clusters: computed.map_or_else(Vec::new, |c| {
            c.clusters
                .iter()
                .map(|k| ClusterRecord { id: &k.id, points: k.points, max: k.max })
                .collect()
        }),
        indicators: computed.map_or_else(Vec::new, |c| {
            c.indicators
                .iter()
                .map(|i| IndicatorRecord {
                    id: &i.id,
                    points: i.points,
                    max: i.max,
                    value: i.value.as_ref().map(|m| m.value),
                })
                .collect()
        }),
    };
    let row = ScoreRecord { identity: RegionIdentity::of(region), evaluation };
    Some(Record { region: scored_eval.region, row })
}

/// Compact JSON without the trailing newline.
fn compact<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("open-data records always serialise")
}

/// One file per region of the site, including regions without evaluations,
/// serialised in parallel, in region order; a region `kept` says is unchanged
/// takes its file from `earlier` (the last build's, by region index).
fn region_files<'a>(
    scored: &'a Scored,
    records: &'a [Record<'a>],
    kept: &'a [bool],
    earlier: Option<&'a [OutputFile]>,
) -> impl IndexedParallelIterator<Item = OutputFile> + 'a {
    let regions = &scored.site.regions;
    let mut by_region: Vec<Vec<&EvaluationRecord<'a>>> = vec![Vec::new(); regions.len()];
    for record in records {
        by_region[record.region].push(&record.row.evaluation);
    }
    regions.par_iter().zip(by_region).enumerate().map(move |(i, (region, evaluations))| {
        match earlier {
            Some(files) if kept[i] => files[i].clone(),
            _ => {
                let file = RegionFile { identity: RegionIdentity::of(region), evaluations };
                let mut body = compact(&file);
                body.push(b'\n');
                OutputFile { path: routes::file_for(&routes::region_json(&region.slug)), body }
            }
        }
    })
}

/// The fixed leading columns of `scores.csv`; `cluster:<id>` columns follow,
/// then [`CSV_FLAG_COLUMNS`].
const CSV_COLUMNS: [&str; 14] = [
    "region",
    "name",
    "kind",
    "province",
    "code",
    "year",
    "rubric",
    "total",
    "max",
    "predikat",
    "official",
    "complete",
    "rank_national",
    "rank_province",
];

/// Flags after the cluster columns: every row says whether its points are
/// illustrative and whether the official predikat differs from the computed one.
const CSV_FLAG_COLUMNS: [&str; 2] = ["mismatch", "illustrative"];

/// The official result's sources, last: the longest cells of a row.
const CSV_SOURCE_COLUMNS: [&str; 2] = ["official_conflict", "official_sources"];

/// One CSV line (with its terminator) as `scores.csv` writes it.
fn csv_line(cells: impl IntoIterator<Item = impl AsRef<[u8]>>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(cells).expect("writing CSV to memory cannot fail");
    writer.into_inner().expect("flushing CSV to memory cannot fail")
}

/// The column names of `scores.csv`, in order (the data package describes each).
pub(crate) fn csv_header(rubrics: &[Rubric]) -> Vec<String> {
    CSV_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(cluster_columns(rubrics).iter().map(|c| format!("cluster:{c}")))
        .chain(CSV_FLAG_COLUMNS.iter().map(|c| c.to_string()))
        .chain(CSV_SOURCE_COLUMNS.iter().map(|c| c.to_string()))
        .collect()
}

/// Cluster ids over all rubrics, in order of first appearance.
pub(crate) fn cluster_columns(rubrics: &[Rubric]) -> Vec<&str> {
    let mut ids: Vec<&str> = Vec::new();
    for cluster in rubrics.iter().flat_map(|r| &r.clusters) {
        if !ids.contains(&&*cluster.id) {
            ids.push(&cluster.id);
        }
    }
    ids
}

fn csv_row(row: &ScoreRecord<'_>, clusters: &[&str]) -> Vec<String> {
    let (who, eval) = (&row.identity, &row.evaluation);
    let mut cells = vec![
        text_cell(who.region),
        text_cell(who.name),
        text_cell(who.kind.as_str()),
        text_cell(who.province),
        text_cell(who.code),
        eval.year.to_string(),
        text_cell(eval.rubric),
        optional(eval.total),
        eval.max.to_string(),
        eval.predikat.map(text_cell).unwrap_or_default(),
        eval.official.map(text_cell).unwrap_or_default(),
        eval.complete.to_string(),
        optional(eval.rank_national),
        optional(eval.rank_province),
    ];
    cells.extend(
        clusters
            .iter()
            .map(|id| optional(eval.clusters.iter().find(|c| c.id == *id).map(|c| c.points))),
    );
    cells.push(eval.mismatch.to_string());
    cells.push(eval.illustrative.to_string());
    cells.push(eval.official_conflict.to_string());
    let sources: Vec<String> = eval
        .official_sources
        .iter()
        .map(|s| format!("{} {}", s.predikat, s.url.unwrap_or(s.outlet.unwrap_or_default())))
        .collect();
    cells.push(text_cell(&sources.join(" ; ")));
    cells
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A text cell safe to open in a spreadsheet: one that would start a formula
/// gets a leading `'` (numbers are written directly and never pass here).
fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Hand-built sites and scores for tests of the render stage's data modules.
#[cfg(test)]
pub(crate) mod fixtures {
    use std::path::PathBuf;
    use std::sync::Arc;

    use crate::model::{
        Cluster, Evaluation, Indicator, Localized, Measured, Narrative, Points, Region, RegionKind,
        Rubric, Site, SiteConfig, SourceFile, Tier,
    };
    use crate::score::{ClusterScore, Computed, IndicatorScore, Ranks, Scored, ScoredEvaluation};

    fn source(path: &str) -> SourceFile {
        SourceFile { path: PathBuf::from(path), src: Arc::from("") }
    }

    /// A rubric with one indicator of `max` whole points per listed cluster.
    pub(crate) fn rubric(
        id: &str,
        from: u16,
        until: Option<u16>,
        clusters: &[(&str, i64)],
    ) -> Rubric {
        Rubric {
            id: id.into(),
            title: Localized::id_only(id),
            from_year: from,
            until_year: until,
            max_score: Points::whole(clusters.iter().map(|(_, max)| max).sum()),
            note: None,
            tiers: vec![Tier {
                id: "utama".into(),
                name: Localized::id_only("Utama"),
                min_score: Points::whole(50),
                gates: vec![],
            }],
            clusters: clusters
                .iter()
                .map(|(cid, max)| Cluster {
                    id: (*cid).into(),
                    name: Localized::id_only(*cid),
                    indicators: vec![Indicator {
                        id: format!("{cid}-1").into(),
                        name: Localized::id_only(format!("{cid} 1")),
                        max_points: Points::whole(*max),
                        scale: None,
                    }],
                })
                .collect(),
        }
    }

    /// A narrative with optional title and date.
    pub(crate) fn narrative(
        path: &str,
        title: Option<&str>,
        date: Option<&str>,
        body: &str,
    ) -> Narrative {
        Narrative {
            title: title.map(Into::into),
            description: None,
            date: date.map(Into::into),
            body_offset: 0,
            file: SourceFile { path: PathBuf::from(path), src: Arc::from(body) },
            translations: Default::default(),
        }
    }

    /// A region with evaluations of the given years (rubric index per year).
    pub(crate) fn region(slug: &str, name: &str, province: &str, years: &[(u16, usize)]) -> Region {
        Region {
            slug: slug.into(),
            name: name.into(),
            kind: RegionKind::Kota,
            province: province.into(),
            code: format!("{}.71", slug.len()),
            former: vec![],
            narrative: None,
            evaluations: years
                .iter()
                .map(|&(year, rubric)| Evaluation {
                    year,
                    rubric,
                    official: None,
                    claims: vec![],
                    source: None,
                    self_assessment: None,
                    illustrative: false,
                    has_data: true,
                    inputs: Default::default(),
                    narrative: None,
                    file: source(&format!("content/regions/{slug}/{year}.toml")),
                })
                .collect(),
            file: source(&format!("content/regions/{slug}/region.toml")),
        }
    }

    /// A computed score over `rubric` with the given points per cluster.
    pub(crate) fn computed(rubric: &Rubric, points: &[i64], predikat: Option<&str>) -> Computed {
        let clusters: Vec<ClusterScore> = rubric
            .clusters
            .iter()
            .zip(points)
            .map(|(c, &p)| ClusterScore {
                id: c.id.clone(),
                points: Points(p),
                max: c.max_points(),
                rank_national: None,
                rank_province: None,
            })
            .collect();
        let indicators = rubric
            .indicators()
            .zip(points)
            .enumerate()
            .map(|(n, ((c, i), &p))| IndicatorScore {
                id: i.id.clone(),
                cluster: c.id.clone(),
                points: Points(p),
                max: i.max_points,
                value: (n == 0).then_some(Measured { value: 98.8, year: Some(2023), source: None }),
                missing: false,
            })
            .collect();
        Computed {
            total: clusters.iter().map(|c| c.points).sum(),
            max: rubric.max_score,
            predikat: predikat.map(Into::into),
            complete: true,
            clusters,
            indicators,
        }
    }

    /// One scored evaluation of region `region`'s `evaluation`-th evaluation.
    pub(crate) fn scored_eval(
        region: usize,
        evaluation: usize,
        year: u16,
        rubric: usize,
        computed: Option<Computed>,
        official: Option<&str>,
    ) -> ScoredEvaluation {
        ScoredEvaluation {
            region,
            evaluation,
            year,
            rubric,
            ranks: Ranks {
                national: computed.as_ref().map(|_| 1),
                national_of: 1,
                province: computed.as_ref().map(|_| 1),
                province_of: 1,
            },
            mismatch: false,
            computed,
            official: official.map(Into::into),
            trend: None,
            gap: None,
        }
    }

    /// The site configuration used by every fixture.
    pub(crate) fn config() -> SiteConfig {
        SiteConfig {
            title: "Laporan KLA".into(),
            description: None,
            base_url: "https://kla.example/".into(),
            languages: vec!["id".into(), "en".into()],
            theme: "default".into(),
            author: None,
            unsafe_html: false,
            search_full_text: true,
        }
    }

    /// Two rubrics sharing `kelembagaan`; Bontang with an official-only 2018 and a
    /// computed 2025; a region with a hostile name; a region without evaluations.
    pub(crate) fn scored() -> Scored {
        let old = rubric("kla-31", 2011, Some(2018), &[("kelembagaan", 40), ("hak-sipil", 60)]);
        let new = rubric("kla-24", 2019, None, &[("kelembagaan", 30), ("perlindungan-khusus", 70)]);
        let mut bontang =
            region("kota-bontang", "Kota Bontang", "Kalimantan Timur", &[(2018, 0), (2025, 1)]);
        bontang.evaluations[0].has_data = false;
        bontang.evaluations[1].illustrative = true;
        bontang.evaluations[1].self_assessment = Some(Points(94645));
        let hostile = region("kota-x", "=HYPERLINK(\"x\")", "-Prov, \"A\"", &[(2025, 1)]);
        let empty = region("kota-y", "Kota <Y> & Co", "Bali", &[]);
        let evaluations = vec![
            scored_eval(0, 0, 2018, 0, None, Some("utama")),
            scored_eval(
                0,
                1,
                2025,
                1,
                Some(computed(&new, &[2550, 6000], Some("utama"))),
                Some("utama"),
            ),
            scored_eval(1, 0, 2025, 1, Some(computed(&new, &[1000, 2000], None)), None),
        ];
        let site = Site {
            config: config(),
            rubrics: vec![old, new],
            regions: vec![bontang.into(), hostile.into(), empty.into()],
            pages: vec![],
            announcements: vec![],
            slug_index: Default::default(),
            warnings: Default::default(),
            boundaries: None,
        };
        Scored { site, evaluations }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
        let found = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        std::str::from_utf8(&found.body).unwrap()
    }

    fn scores_json() -> Vec<serde_json::Value> {
        let files = open_data(&fixtures::scored());
        serde_json::from_str(file(&files, "data/scores.json")).unwrap()
    }

    #[test]
    fn a_build_hands_the_sink_the_same_files_as_open_data() {
        let scored = fixtures::scored();
        let sink = crate::render::Collect::default();
        open_data_into(&scored, &sink);
        let mut expected = open_data(&scored);
        expected.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(sink.into_sorted(), expected);
    }

    #[test]
    fn json_has_one_object_per_evaluation_with_fields_in_order() {
        let files = open_data(&fixtures::scored());
        let text = file(&files, "data/scores.json");
        assert!(text.ends_with("]\n") && !text.contains("\n "), "compact with trailing newline");
        let first = &text[..text.find("\"clusters\"").unwrap()];
        let keys: Vec<&str> = first.split('"').skip(1).step_by(2).collect();
        let expected = [
            "region",
            "name",
            "kind",
            "province",
            "code",
            "year",
            "rubric",
            "total",
            "max",
            "predikat",
            "official",
            "mismatch",
            "complete",
            "illustrative",
            "self_assessment",
            "rank_national",
            "rank_province",
        ];
        let keys: Vec<&str> = keys.into_iter().filter(|k| expected.contains(k)).collect();
        assert_eq!(keys, expected);
        assert_eq!(scores_json().len(), 3);
    }

    #[test]
    fn official_only_evaluation_has_nulls_and_empty_breakdowns() {
        let rows = scores_json();
        let old = &rows[0];
        assert_eq!(old["year"], 2018);
        assert_eq!(old["rubric"], "kla-31");
        assert!(old["total"].is_null() && old["predikat"].is_null());
        assert!(old["rank_national"].is_null() && old["rank_province"].is_null());
        assert_eq!(old["max"], 100);
        assert_eq!(old["official"], "utama");
        assert_eq!(old["complete"], false);
        assert_eq!(old["clusters"], serde_json::json!([]));
        assert_eq!(old["indicators"], serde_json::json!([]));
    }

    #[test]
    fn computed_evaluation_carries_points_values_and_flags() {
        let new = &scores_json()[1];
        assert_eq!(new["total"], 85.5);
        assert_eq!(new["predikat"], "utama");
        assert_eq!(new["illustrative"], true);
        assert_eq!(new["self_assessment"], 946.45);
        assert_eq!(new["rank_national"], 1);
        assert_eq!(
            new["clusters"][0],
            serde_json::json!({"id": "kelembagaan", "points": 25.5, "max": 30})
        );
        assert_eq!(new["indicators"][0]["value"], 98.8);
        assert!(new["indicators"][1]["value"].is_null());
        assert!(scores_json()[2]["predikat"].is_null());
    }

    #[test]
    fn csv_has_the_fixed_header_and_cluster_columns_of_all_rubrics() {
        let files = open_data(&fixtures::scored());
        let text = file(&files, "data/scores.csv");
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            "region,name,kind,province,code,year,rubric,total,max,predikat,official,complete,\
             rank_national,rank_province,cluster:kelembagaan,cluster:hak-sipil,cluster:perlindungan-khusus,\
             mismatch,illustrative,official_conflict,official_sources"
        );
        assert_eq!(
            lines.next().unwrap(),
            "kota-bontang,Kota Bontang,kota,Kalimantan Timur,12.71,2018,kla-31,,100,,utama,false,,,,,,false,false,false,"
        );
        assert_eq!(
            lines.next().unwrap(),
            "kota-bontang,Kota Bontang,kota,Kalimantan Timur,12.71,2025,kla-24,85.5,100,utama,utama,true,1,1,25.5,,60,false,true,false,"
        );
    }

    #[test]
    fn csv_neutralises_formula_injection_in_text_cells() {
        let files = open_data(&fixtures::scored());
        let text = file(&files, "data/scores.csv");
        let hostile = text.lines().nth(3).unwrap();
        assert!(
            hostile.starts_with("kota-x,\"'=HYPERLINK(\"\"x\"\")\",kota,\"'-Prov, \"\"A\"\"\","),
            "{hostile}"
        );
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("\tx"), "'\tx");
        assert_eq!(text_cell("Kota Bontang"), "Kota Bontang");
    }

    #[test]
    fn csv_keeps_negative_numbers_as_numbers() {
        let mut scored = fixtures::scored();
        scored.evaluations[1].computed.as_mut().unwrap().total = Points(-150);
        let files = open_data(&scored);
        let row = file(&files, "data/scores.csv").lines().nth(2).unwrap().to_string();
        assert!(row.contains(",kla-24,-1.5,100,"), "{row}");
    }

    #[test]
    fn open_data_from_the_last_pieces_equals_open_data_made_afresh() {
        let before = fixtures::scored();
        let pieces = OpenData::since(&before, None);
        type Edit = Box<dyn Fn(&mut Scored)>;
        let edits: Vec<Edit> = vec![
            Box::new(|_| {}),
            Box::new(|s| s.evaluations[2].computed.as_mut().unwrap().total = Points(2900)),
            Box::new(|s| s.evaluations[1].ranks.national = Some(2)),
            Box::new(|s| s.site.region_mut(2).name = "Kota Z".into()),
            Box::new(|s| s.site.region_mut(1).evaluations[0].illustrative = true),
            Box::new(|s| s.site.rubrics[1].clusters[1].id = "lain".into()),
            Box::new(|s| {
                s.evaluations.remove(0);
                s.evaluations
                    .iter_mut()
                    .for_each(|e| e.evaluation = e.evaluation.saturating_sub(1));
                s.site.region_mut(0).evaluations.remove(0);
            }),
        ];
        for (i, edit) in edits.iter().enumerate() {
            let mut after = fixtures::scored();
            edit(&mut after);
            let files = OpenData::since(&after, Some((&before, &pieces))).files();
            assert_eq!(files, open_data(&after), "edit {i}");
            if i > 0 {
                assert_ne!(files, open_data(&before), "edit {i} shows in the open data");
            }
        }
    }

    #[test]
    fn writes_a_file_for_every_region_even_without_evaluations() {
        let files = open_data(&fixtures::scored());
        let bontang: serde_json::Value =
            serde_json::from_str(file(&files, "data/wilayah/kota-bontang.json")).unwrap();
        assert_eq!(bontang["region"], "kota-bontang");
        assert_eq!(bontang["province"], "Kalimantan Timur");
        let years: Vec<&serde_json::Value> =
            bontang["evaluations"].as_array().unwrap().iter().map(|e| &e["year"]).collect();
        assert_eq!(years, [2018, 2025]);
        assert!(bontang["evaluations"][0].get("region").is_none(), "identity not repeated");
        let empty: serde_json::Value =
            serde_json::from_str(file(&files, "data/wilayah/kota-y.json")).unwrap();
        assert_eq!(empty["name"], "Kota <Y> & Co");
        assert_eq!(empty["evaluations"], serde_json::json!([]));
        assert_eq!(files.len(), 2 + 3 + 1, "scores, a file per region and the announcements");
    }
}
