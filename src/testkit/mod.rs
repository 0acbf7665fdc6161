//! The one test kit: builders for the validated model ([`Site`], rubrics,
//! regions, evaluations, narratives) and for scoring results, plus the named
//! sites several modules' tests share ([`scenes`]).
//!
//! Tests build what they need here instead of writing the model's structs out
//! by hand, so a field added to the model is filled in one place. Every
//! builder starts from plain defaults (listed on each constructor) and a test
//! states only the details it depends on.

pub(crate) mod scenes;
pub(crate) mod scored;

use std::path::PathBuf;
use std::sync::Arc;

use crate::model::record::{CompleteList, Totals};
use crate::model::{
    Announcement, Claim, Cluster, Evaluation, Former, Gate, Indicator, IndicatorInput, Localized,
    Measured, Narrative, Page, Points, Region, RegionKind, Rubric, Scale, Site, SiteConfig, Source,
    SourceFile, Tier,
};

/// A source file at `path` holding `text`.
pub(crate) fn file(path: &str, text: &str) -> SourceFile {
    SourceFile { path: PathBuf::from(path), src: Arc::from(text) }
}

// ------------------------------------------------------------------ site

/// Builds a [`Site`]; see [`site`].
#[derive(Debug, Clone)]
pub(crate) struct SiteBuilder {
    site: Site,
    sorted: bool,
}

/// A site titled "KLA" at `https://kla.example/`, in Indonesian only, with the
/// default theme, full-text search and nothing else.
pub(crate) fn site() -> SiteBuilder {
    SiteBuilder {
        site: Site {
            config: SiteConfig {
                title: "KLA".into(),
                description: None,
                base_url: "https://kla.example/".into(),
                languages: vec!["id".into()],
                theme: "default".into(),
                author: None,
                unsafe_html: false,
                search_full_text: true,
            },
            rubrics: vec![],
            regions: vec![],
            pages: vec![],
            announcements: vec![],
            slug_index: Default::default(),
            warnings: Default::default(),
            boundaries: None,
        },
        sorted: false,
    }
}

impl SiteBuilder {
    /// The site's title.
    pub(crate) fn title(mut self, title: &str) -> Self {
        self.site.config.title = title.into();
        self
    }

    /// The site's description (Indonesian only).
    pub(crate) fn description(mut self, text: &str) -> Self {
        self.site.config.description = Some(Localized::id_only(text));
        self
    }

    /// The site's `base_url`.
    pub(crate) fn base_url(mut self, url: &str) -> Self {
        self.site.config.base_url = url.into();
        self
    }

    /// The site's languages, the first the default.
    pub(crate) fn languages(mut self, languages: &[&str]) -> Self {
        self.site.config.languages = languages.iter().map(|l| l.to_string()).collect();
        self
    }

    /// Adds a rubric (evaluations refer to it by its position).
    pub(crate) fn rubric(mut self, rubric: impl Into<Rubric>) -> Self {
        self.site.rubrics.push(rubric.into());
        self
    }

    /// Adds a region.
    pub(crate) fn region(mut self, region: impl Into<Region>) -> Self {
        self.site.regions.push(Arc::new(region.into()));
        self
    }

    /// Adds regions.
    pub(crate) fn regions<R: Into<Region>>(mut self, regions: impl IntoIterator<Item = R>) -> Self {
        self.site.regions.extend(regions.into_iter().map(|r| Arc::new(r.into())));
        self
    }

    /// Sorts the regions by slug on [`build`](Self::build), as the loader does.
    pub(crate) fn sorted(mut self) -> Self {
        self.sorted = true;
        self
    }

    /// Adds a free page.
    pub(crate) fn page(mut self, slug: &str, narrative: impl Into<Narrative>) -> Self {
        self.site.pages.push(Page { slug: slug.into(), narrative: narrative.into() });
        self
    }

    /// The site.
    pub(crate) fn build(mut self) -> Site {
        if self.sorted {
            self.site.regions.sort_by(|a, b| a.slug.cmp(&b.slug));
        }
        self.site
    }
}

impl From<SiteBuilder> for Site {
    fn from(builder: SiteBuilder) -> Site {
        builder.build()
    }
}

// ---------------------------------------------------------------- rubric

/// Builds a [`Rubric`]; see [`rubric`].
#[derive(Debug, Clone)]
pub(crate) struct RubricBuilder {
    rubric: Rubric,
}

/// A rubric titled `id`, from 2019 and open-ended, with no tiers, clusters or
/// note; its maximum is the sum of its indicators'.
pub(crate) fn rubric(id: &str) -> RubricBuilder {
    RubricBuilder {
        rubric: Rubric {
            id: id.into(),
            title: Localized::id_only(id),
            from_year: 2019,
            until_year: None,
            max_score: Points(0),
            note: None,
            tiers: vec![],
            clusters: vec![],
        },
    }
}

impl RubricBuilder {
    /// The rubric's title.
    pub(crate) fn title(mut self, title: &str) -> Self {
        self.rubric.title = Localized::id_only(title);
        self
    }

    /// The years the rubric covers.
    pub(crate) fn years(mut self, from: u16, until: Option<u16>) -> Self {
        self.rubric.from_year = from;
        self.rubric.until_year = until;
        self
    }

    /// The rubric's note (Markdown).
    pub(crate) fn note(mut self, note: &str) -> Self {
        self.rubric.note = Some(note.into());
        self
    }

    /// Adds a tier reached at `min` whole points.
    pub(crate) fn tier(mut self, id: &str, name: &str, min: i64) -> Self {
        self.rubric.tiers.push(Tier {
            id: id.into(),
            name: Localized::id_only(name),
            min_score: Points::whole(min),
            gates: vec![],
        });
        self
    }

    /// Adds a gate to the last tier: `cluster` must reach `percent` of its maximum.
    pub(crate) fn gate(mut self, cluster: &str, percent: i64) -> Self {
        let tier = self.rubric.tiers.last_mut().expect("a gate belongs to a tier: add one first");
        tier.gates.push(Gate { cluster: cluster.into(), min_percent: Points::whole(percent) });
        self
    }

    /// Adds a cluster.
    pub(crate) fn cluster(mut self, id: &str, name: &str) -> Self {
        self.rubric.clusters.push(Cluster {
            id: id.into(),
            name: Localized::id_only(name),
            indicators: vec![],
        });
        self
    }

    /// Adds an indicator of `max` whole points to the last cluster.
    pub(crate) fn indicator(mut self, id: &str, name: &str, max: i64) -> Self {
        let cluster =
            self.rubric.clusters.last_mut().expect("an indicator belongs to a cluster: add one");
        cluster.indicators.push(Indicator {
            id: id.into(),
            name: Localized::id_only(name),
            max_points: Points::whole(max),
            scale: None,
        });
        self
    }

    /// Gives the last indicator a `%` scale: no points at `zero_at`, all at `full_at`.
    pub(crate) fn scale(mut self, zero_at: f64, full_at: f64) -> Self {
        let indicator = self
            .rubric
            .clusters
            .last_mut()
            .and_then(|c| c.indicators.last_mut())
            .expect("a scale belongs to an indicator: add one first");
        indicator.scale = Some(Scale { unit: "%".into(), zero_at, full_at });
        self
    }

    /// The rubric.
    pub(crate) fn build(mut self) -> Rubric {
        self.rubric.max_score = self.rubric.indicators().map(|(_, i)| i.max_points).sum();
        self.rubric
    }
}

impl From<RubricBuilder> for Rubric {
    fn from(builder: RubricBuilder) -> Rubric {
        builder.build()
    }
}

// ---------------------------------------------------------------- region

/// Builds a [`Region`]; see [`region`].
#[derive(Debug, Clone)]
pub(crate) struct RegionBuilder {
    region: Region,
}

/// A kota named `slug` in Kalimantan Timur, code `64.71`, read from
/// `content/regions/<slug>/region.toml`, without evaluations.
pub(crate) fn region(slug: &str) -> RegionBuilder {
    RegionBuilder {
        region: Region {
            slug: slug.into(),
            name: slug.into(),
            kind: RegionKind::Kota,
            province: "Kalimantan Timur".into(),
            code: "64.71".into(),
            former: vec![],
            narrative: None,
            evaluations: vec![],
            file: file(&format!("content/regions/{slug}/region.toml"), ""),
        },
    }
}

impl RegionBuilder {
    /// The region's name.
    pub(crate) fn name(mut self, name: &str) -> Self {
        self.region.name = name.into();
        self
    }

    /// The region's province.
    pub(crate) fn province(mut self, province: &str) -> Self {
        self.region.province = province.into();
        self
    }

    /// The region's code.
    pub(crate) fn code(mut self, code: &str) -> Self {
        self.region.code = code.into();
        self
    }

    /// The path of the region's `region.toml`.
    pub(crate) fn file(mut self, path: &str) -> Self {
        self.region.file = file(path, "");
        self
    }

    /// Adds an earlier name, province or code, valid until `until`.
    pub(crate) fn former(mut self, former: Former) -> Self {
        self.region.former.push(former);
        self
    }

    /// Adds an evaluation; one without a file of its own is read from the
    /// region's folder, `content/regions/<slug>/<year>.toml`.
    pub(crate) fn evaluation(mut self, evaluation: EvaluationBuilder) -> Self {
        let slug = &self.region.slug;
        self.region.evaluations.push(evaluation.in_folder(&format!("content/regions/{slug}")));
        self
    }

    /// Adds evaluations, as [`evaluation`](Self::evaluation) does.
    pub(crate) fn evaluations(
        self,
        evaluations: impl IntoIterator<Item = EvaluationBuilder>,
    ) -> Self {
        evaluations.into_iter().fold(self, Self::evaluation)
    }

    /// The region.
    pub(crate) fn build(self) -> Region {
        self.region
    }
}

impl From<RegionBuilder> for Region {
    fn from(builder: RegionBuilder) -> Region {
        builder.build()
    }
}

impl From<RegionBuilder> for Arc<Region> {
    fn from(builder: RegionBuilder) -> Arc<Region> {
        Arc::new(builder.build())
    }
}

// ------------------------------------------------------------ evaluation

/// Builds an [`Evaluation`]; see [`evaluation`].
#[derive(Debug, Clone)]
pub(crate) struct EvaluationBuilder {
    evaluation: Evaluation,
    file: Option<String>,
}

/// An evaluation of `year` under the site's first rubric, with data but no
/// points, values, official result, claims or source; read from `<year>.toml`
/// in its region's folder (see [`RegionBuilder::evaluation`]).
pub(crate) fn evaluation(year: u16) -> EvaluationBuilder {
    EvaluationBuilder {
        evaluation: Evaluation {
            year,
            rubric: 0,
            official: None,
            claims: vec![],
            source: None,
            self_assessment: None,
            illustrative: false,
            has_data: true,
            inputs: Default::default(),
            narrative: None,
            file: file(&format!("{year}.toml"), ""),
        },
        file: None,
    }
}

impl EvaluationBuilder {
    /// The position of its rubric in the site's rubrics.
    pub(crate) fn rubric(mut self, rubric: usize) -> Self {
        self.evaluation.rubric = rubric;
        self
    }

    /// The officially announced predikat.
    pub(crate) fn official(mut self, tier: &str) -> Self {
        self.evaluation.official = Some(tier.into());
        self
    }

    /// An official predikat and nothing to compute a score from.
    pub(crate) fn official_only(self, tier: &str) -> Self {
        self.official(tier).without_data()
    }

    /// Adds a predikat reported by a source.
    pub(crate) fn claim(mut self, predikat: &str, source: Source) -> Self {
        self.evaluation.claims.push(Claim { predikat: predikat.into(), source });
        self
    }

    /// The evaluation's source, as written in its file.
    pub(crate) fn source(mut self, source: &str) -> Self {
        self.evaluation.source = Some(source.into());
        self
    }

    /// The region's own assessment, in hundredths.
    pub(crate) fn self_assessment(mut self, hundredths: i64) -> Self {
        self.evaluation.self_assessment = Some(Points(hundredths));
        self
    }

    /// Marks the figures as illustrative.
    pub(crate) fn illustrative(mut self) -> Self {
        self.evaluation.illustrative = true;
        self
    }

    /// Marks the evaluation as having no `[points]` or `[values]` section.
    pub(crate) fn without_data(mut self) -> Self {
        self.evaluation.has_data = false;
        self
    }

    /// Gives indicator `id` its points directly, in hundredths.
    pub(crate) fn points(mut self, id: &str, hundredths: i64) -> Self {
        self.evaluation.inputs.insert(id.into(), IndicatorInput::Points(Points(hundredths)));
        self
    }

    /// Gives indicator `id` a measured value, without year or source.
    pub(crate) fn value(self, id: &str, value: f64) -> Self {
        self.measured(id, Measured { value, year: None, source: None })
    }

    /// Gives indicator `id` a measured value.
    pub(crate) fn measured(mut self, id: &str, measured: Measured) -> Self {
        self.evaluation.inputs.insert(id.into(), IndicatorInput::Value(measured));
        self
    }

    /// The path of the evaluation's file, wherever its region is.
    pub(crate) fn file(mut self, path: &str) -> Self {
        self.file = Some(path.into());
        self
    }

    fn in_folder(self, folder: &str) -> Evaluation {
        let year = self.evaluation.year;
        let path = self.file.unwrap_or_else(|| format!("{folder}/{year}.toml"));
        Evaluation { file: file(&path, ""), ..self.evaluation }
    }

    /// The evaluation, read from its own file or `<year>.toml`.
    pub(crate) fn build(self) -> Evaluation {
        let path = self.file.clone().unwrap_or_else(|| format!("{}.toml", self.evaluation.year));
        Evaluation { file: file(&path, ""), ..self.evaluation }
    }
}

impl From<EvaluationBuilder> for Evaluation {
    fn from(builder: EvaluationBuilder) -> Evaluation {
        builder.build()
    }
}

/// A source given by its address only.
pub(crate) fn source_at(url: &str) -> Source {
    Source { url: Some(url.into()), outlet: None, date: None, note: None }
}

/// A source with nothing filled in.
pub(crate) fn unnamed_source() -> Source {
    Source { url: None, outlet: None, date: None, note: None }
}

// ------------------------------------------------------------- narrative

/// Builds a [`Narrative`]; see [`narrative`].
#[derive(Debug, Clone)]
pub(crate) struct NarrativeBuilder {
    narrative: Narrative,
    front: String,
    body: String,
}

/// A narrative read from `path`, empty, without front matter, title, date or
/// translations.
pub(crate) fn narrative(path: &str) -> NarrativeBuilder {
    NarrativeBuilder {
        narrative: Narrative {
            title: None,
            description: None,
            date: None,
            body_offset: 0,
            file: file(path, ""),
            translations: Default::default(),
        },
        front: String::new(),
        body: String::new(),
    }
}

impl NarrativeBuilder {
    /// The file's front matter, as written (delimiters included); the body follows it.
    pub(crate) fn front(mut self, front: &str) -> Self {
        self.front = front.into();
        self
    }

    /// The Markdown body.
    pub(crate) fn body(mut self, body: &str) -> Self {
        self.body = body.into();
        self
    }

    /// The title from the front matter.
    pub(crate) fn title(mut self, title: &str) -> Self {
        self.narrative.title = Some(title.into());
        self
    }

    /// The date from the front matter.
    pub(crate) fn date(mut self, date: &str) -> Self {
        self.narrative.date = Some(date.into());
        self
    }

    /// The narrative.
    pub(crate) fn build(self) -> Narrative {
        let path = self.narrative.file.path.to_string_lossy().into_owned();
        Narrative {
            body_offset: self.front.len(),
            file: file(&path, &format!("{}{}", self.front, self.body)),
            ..self.narrative
        }
    }
}

impl From<NarrativeBuilder> for Narrative {
    fn from(builder: NarrativeBuilder) -> Narrative {
        builder.build()
    }
}

// ---------------------------------------------------------- announcement

/// Builds an [`Announcement`]; see [`announcement`].
#[derive(Debug, Clone)]
pub(crate) struct AnnouncementBuilder {
    announcement: Announcement,
}

/// A ceremony held in `year` with no totals, sources, reports or complete
/// lists, read from an empty `content/announcements/<year>.toml`.
pub(crate) fn announcement(year: u16) -> AnnouncementBuilder {
    AnnouncementBuilder {
        announcement: Announcement {
            year,
            held: true,
            date: None,
            event: None,
            decree: None,
            note: None,
            totals: Totals::default(),
            sources: vec![],
            reported: vec![],
            complete: vec![],
            file: file(&format!("content/announcements/{year}.toml"), ""),
        },
    }
}

impl AnnouncementBuilder {
    /// No results were announced that year.
    pub(crate) fn not_held(mut self) -> Self {
        self.announcement.held = false;
        self
    }

    /// The announced number of results, `total` and `(tier, count)` per predikat.
    pub(crate) fn totals(mut self, total: u32, by_tier: &[(&str, u32)]) -> Self {
        self.announcement.totals = Totals {
            total: Some(total),
            by_tier: by_tier.iter().map(|&(t, n)| (t.to_string(), n)).collect(),
        };
        self
    }

    /// Adds a list of a province's results said to be complete.
    pub(crate) fn complete(mut self, list: CompleteList) -> Self {
        self.announcement.complete.push(list);
        self
    }

    /// The text of the announcement's file (diagnostics point into it).
    pub(crate) fn text(mut self, text: &str) -> Self {
        let path = self.announcement.file.path.to_string_lossy().into_owned();
        self.announcement.file = file(&path, text);
        self
    }

    /// The announcement.
    pub(crate) fn build(self) -> Announcement {
        self.announcement
    }
}

/// A complete list of `province`'s results, without count, sources or position.
pub(crate) fn complete_list(province: &str) -> CompleteList {
    CompleteList {
        province: Some(province.into()),
        covers: None,
        count: None,
        sources: vec![],
        span: 0..0,
    }
}
