//! From the site's files (already read) to a validated [`Site`]: parses each
//! file with its format's module and runs the checks that span files
//! (rubric years, region folders and slugs, duplicate codes, narratives
//! without an evaluation).
//!
//! Pure: it takes texts, never reads the disk.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::common::error_at;
use super::evaluation::ParsedEvaluation;
use super::memo::Parsed;
use super::region::RegionInfo;
use super::rubric::ParsedRubric;
use super::walk::{RegionFiles, Sources};
use super::{evaluation, front_matter, site_config, translations};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{
    Evaluation, Narrative, Page, Region, Rubric, Site, SiteConfig, SlugIndex, SourceFile,
    is_valid_slug, slugify,
};
use crate::render::routes::RESERVED_REGION_SLUGS;

/// What a load with errors could still read: enough for the later stages'
/// own checks (internal links, templates), which would otherwise wait for the
/// next run, one problem stage at a time.
#[derive(Debug, Default)]
pub struct Partial {
    /// The settings of `site.toml`, when it loaded.
    pub config: Option<SiteConfig>,
    /// Every narrative and page whose front matter parsed, and their
    /// translations into the site's other languages.
    pub narratives: Vec<Narrative>,
    /// The name of every region folder found, loaded or not: a link to a
    /// region whose data has an error is not broken.
    pub regions: BTreeSet<String>,
    /// The name of every free page found, loaded or not.
    pub pages: BTreeSet<String>,
}

/// Parses and checks everything: the site when no problem so far (in
/// `diags`, which may already hold the walker's) is an error, else what
/// loaded of it, for the checks of later stages. Each file is parsed through
/// `parsed`, which parses the files it does not remember in parallel.
pub(crate) fn assemble(
    mut sources: Sources,
    parsed: &mut Parsed,
    diags: &mut Diagnostics,
) -> Result<Site, Box<Partial>> {
    let config = match &sources.site {
        Some(file) => site_config::parse(file, diags),
        None => {
            diags.push(missing_site_toml());
            None
        }
    };
    for dir in std::mem::take(&mut sources.region_dirs) {
        sources.regions.entry(dir).or_default();
    }
    parsed.refresh(&sources);
    let (rubrics, rubrics_complete) = rubrics(&sources.rubrics, parsed, diags);
    let regions = regions(&sources.regions, &rubrics, rubrics_complete, parsed, diags);
    let pages = pages(&sources.pages, parsed, diags);
    let Some(config) = config else { return Err(partial(&sources, None)) };
    let rubrics: Vec<Rubric> = rubrics.into_iter().map(|r| r.rubric).collect();
    let mut announcements: Vec<_> = sources
        .announcements
        .iter()
        .filter_map(|file| super::announcement::parse(file, &rubrics, diags))
        .collect();
    announcements.sort_by_key(|a| a.year);
    super::record::check(&regions, &announcements, diags);
    let boundaries = sources.boundaries.as_ref().and_then(|file| parsed.boundaries(file, diags));
    if let Some(boundaries) = &boundaries {
        super::boundaries::missing_shapes(boundaries, &regions, diags);
    }
    let mut site = Site {
        config,
        rubrics,
        regions,
        pages,
        announcements,
        slug_index: SlugIndex::default(),
        warnings: Diagnostics::new(),
        boundaries,
    };
    translations::attach(&mut site, &sources.translations, parsed, diags);
    if diags.has_errors() {
        return Err(partial(&sources, Some(site.config)));
    }
    Ok(site)
}

/// What loaded of a site with errors: its settings (when `site.toml`
/// loaded), every narrative whose front matter parses, with the translations
/// into the site's other languages, and the name of every region folder and
/// page. The narratives are parsed again: the first parses went into the site.
fn partial(sources: &Sources, config: Option<SiteConfig>) -> Box<Partial> {
    let other_language =
        |lang: &str| config.as_ref().is_some_and(|c| c.languages.iter().skip(1).any(|l| l == lang));
    let files: Vec<&SourceFile> = sources
        .regions
        .values()
        .flat_map(|f| f.narrative.iter().chain(f.year_narratives.values()))
        .chain(&sources.pages)
        .chain(sources.translations.iter().filter(|t| other_language(&t.0)).map(|t| &t.2))
        .collect();
    let narratives = files
        .par_iter()
        .filter_map(|file| front_matter::parse(file, &mut Diagnostics::new()))
        .collect();
    let page_slug = |f: &SourceFile| Some(f.path.file_stem()?.to_str()?.to_string());
    Box::new(Partial {
        config,
        narratives,
        regions: sources.regions.keys().cloned().collect(),
        pages: sources.pages.iter().filter_map(page_slug).collect(),
    })
}

fn missing_site_toml() -> Diagnostic {
    Diagnostic::file("site.toml", "site.toml not found").with_help(
        "create site.toml at the site root with at least `title = \"...\"` and `base_url = \"https://...\"`",
    )
}

/// Parses rubrics, sorted by `from_year`; the flag says whether all parsed.
fn rubrics(
    files: &[SourceFile],
    parsed: &mut Parsed,
    diags: &mut Diagnostics,
) -> (Vec<ParsedRubric>, bool) {
    let parsed: Vec<Option<ParsedRubric>> = files.iter().map(|f| parsed.rubric(f, diags)).collect();
    let complete = parsed.iter().all(Option::is_some);
    let mut rubrics: Vec<ParsedRubric> = parsed.into_iter().flatten().collect();
    rubrics.sort_by(|a, b| {
        (a.rubric.from_year, &a.rubric.id).cmp(&(b.rubric.from_year, &b.rubric.id))
    });
    check_overlaps(&rubrics, diags);
    (rubrics, complete)
}

fn check_overlaps(rubrics: &[ParsedRubric], diags: &mut Diagnostics) {
    for (i, later) in rubrics.iter().enumerate() {
        let Some(earlier) = rubrics[..i].iter().find(|e| overlap(&e.rubric, &later.rubric)) else {
            continue;
        };
        let (a, b) = (&earlier.rubric, &later.rubric);
        let shown = earlier.file.path.to_string_lossy().replace('\\', "/");
        diags.push(
            error_at(
                &later.file,
                later.from_year_span.clone(),
                format!("rubric `{}` covers years that rubric `{}` ({shown}) also covers", b.id, a.id),
            )
            .with_help(format!(
                "each year must have one rubric: set `until_year = {}` in {shown} or move this from_year",
                b.from_year.saturating_sub(1)
            )),
        );
    }
}

fn overlap(a: &Rubric, b: &Rubric) -> bool {
    let end = |r: &Rubric| r.until_year.unwrap_or(u16::MAX);
    a.from_year <= end(b) && b.from_year <= end(a)
}

fn regions(
    folders: &BTreeMap<String, RegionFiles>,
    rubrics: &[ParsedRubric],
    rubrics_complete: bool,
    parsed: &mut Parsed,
    diags: &mut Diagnostics,
) -> Vec<Arc<Region>> {
    let plain: Vec<Rubric> = rubrics.iter().map(|r| r.rubric.clone()).collect();
    parsed.forget_folders_but(&folders.keys().map(String::as_str).collect());
    let listed: Vec<(&str, Vec<SourceFile>)> =
        folders.iter().map(|(slug, files)| (slug.as_str(), files.listed())).collect();
    let remembered = parsed.remembered_folders((&plain, rubrics_complete), &listed);
    let listed: Vec<Vec<SourceFile>> = listed.into_iter().map(|(_, files)| files).collect();
    let mut infos: Vec<RegionInfo> = Vec::new();
    let mut regions = Vec::new();
    for (((slug, files), listed), remembered) in folders.iter().zip(listed).zip(remembered) {
        let (assembled, found) = remembered.unwrap_or_else(|| {
            let mut found = Diagnostics::new();
            let name = slug.clone();
            let assembled = region(name, files, &plain, rubrics_complete, parsed, &mut found)
                .map(|(info, region)| (info, Arc::new(region)));
            parsed.remember_folder(slug, listed, &assembled, &found);
            (assembled, found)
        });
        diags.extend(found);
        if let Some((info, region)) = assembled {
            infos.push(info);
            regions.push(region);
        }
    }
    check_unique_codes(&infos, diags);
    regions
}

/// One region folder: its identity, narratives and evaluations, each checked.
fn region(
    slug: String,
    files: &RegionFiles,
    rubrics: &[Rubric],
    rubrics_complete: bool,
    parsed: &mut Parsed,
    diags: &mut Diagnostics,
) -> Option<(RegionInfo, Region)> {
    let folder = PathBuf::from(format!("content/regions/{slug}"));
    let slug_ok = check_slug(&folder, &slug, diags);
    let info = match &files.info {
        Some(file) => parsed.region(file, diags),
        None => {
            diags.push(missing_region_toml(&folder));
            None
        }
    };
    let narrative = files.narrative.as_ref().and_then(|f| parsed.narrative(f, diags));
    let years: BTreeSet<u16> = files.evaluations.keys().copied().collect();
    let evaluations = evaluations(&files.evaluations, rubrics, rubrics_complete, parsed, diags);
    let evaluations =
        attach_year_narratives(evaluations, &files.year_narratives, &years, parsed, diags);
    let info = info.filter(|_| slug_ok)?;
    let region = Region {
        slug,
        name: info.name.clone(),
        kind: info.kind,
        province: info.province.clone(),
        code: info.code.clone(),
        former: info.former.clone(),
        narrative,
        evaluations,
        file: info.file.clone(),
    };
    Some((info, region))
}

fn check_slug(folder: &Path, slug: &str, diags: &mut Diagnostics) -> bool {
    if RESERVED_REGION_SLUGS.contains(&slug) {
        diags.push(
            Diagnostic::file(folder, format!("region folder name `{slug}` is reserved")).with_help(
                format!(
                    "kla numbers the later pages of the regions index under /wilayah/{slug}/; \
                     rename the folder, e.g. to `{slug}-1` or the region's full name"
                ),
            ),
        );
        return false;
    }
    if is_valid_slug(slug) {
        return true;
    }
    let suggestion = slugify(slug);
    let help = if suggestion.is_empty() {
        "name the folder with lowercase ASCII letters, digits and single `-`".to_string()
    } else {
        format!(
            "rename the folder to `{suggestion}` (lowercase ASCII letters, digits and single `-`)"
        )
    };
    diags.push(
        Diagnostic::file(folder, format!("region folder name `{slug}` is not a valid slug"))
            .with_help(help),
    );
    false
}

fn missing_region_toml(folder: &Path) -> Diagnostic {
    let shown = folder.to_string_lossy().replace('\\', "/");
    Diagnostic::file(folder, "region folder has no region.toml").with_help(format!(
        "add {shown}/region.toml with `name`, `kind` (kabupaten or kota), `province` and `code`"
    ))
}

/// Evaluations keyed by the year in their file name, each checked against its rubric.
fn evaluations(
    files: &BTreeMap<u16, SourceFile>,
    rubrics: &[Rubric],
    rubrics_complete: bool,
    parsed: &mut Parsed,
    diags: &mut Diagnostics,
) -> BTreeMap<u16, Evaluation> {
    let parsed: Vec<(u16, ParsedEvaluation)> = files
        .iter()
        .filter_map(|(year, file)| Some((*year, parsed.evaluation(file, diags)?)))
        .collect();
    parsed
        .into_iter()
        .filter_map(|(year, p)| {
            Some((year, evaluation::resolve(p, rubrics, rubrics_complete, diags)?))
        })
        .collect()
}

/// Puts each `<year>.md` on its evaluation; one without a `<year>.toml` is an error.
fn attach_year_narratives(
    mut evaluations: BTreeMap<u16, Evaluation>,
    narratives: &BTreeMap<u16, SourceFile>,
    years_with_files: &BTreeSet<u16>,
    parsed: &mut Parsed,
    diags: &mut Diagnostics,
) -> Vec<Evaluation> {
    for (&year, file) in narratives {
        let narrative = parsed.narrative(file, diags);
        if !years_with_files.contains(&year) {
            diags.push(
                Diagnostic::file(&file.path, format!("narrative for {year} has no {year}.toml"))
                    .with_help(format!(
                        "add {year}.toml with the evaluation beside it, or rename this file"
                    )),
            );
        }
        if let (Some(evaluation), Some(n)) = (evaluations.get_mut(&year), narrative) {
            evaluation.narrative = Some(n);
        }
    }
    evaluations.into_values().collect()
}

fn check_unique_codes(infos: &[RegionInfo], diags: &mut Diagnostics) {
    let mut first_by_code: BTreeMap<&str, &RegionInfo> = BTreeMap::new();
    for info in infos {
        if let Some(first) = first_by_code.get(info.code.as_str()) {
            let shown = first.file.path.to_string_lossy().replace('\\', "/");
            diags.push(
                error_at(
                    &info.file,
                    info.code_span.clone(),
                    format!("code `{}` is already used by {shown}", info.code),
                )
                .with_help(
                    "each region has its own Kemendagri code; fix the code in one of the files",
                ),
            );
        } else {
            first_by_code.insert(&info.code, info);
        }
    }
}

fn pages(files: &[SourceFile], parsed: &mut Parsed, diags: &mut Diagnostics) -> Vec<Page> {
    let mut pages: Vec<Page> = files.iter().filter_map(|f| parsed.page(f, diags)).collect();
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::walk::sources_from;

    pub(crate) const SITE: &str = "title = \"KLA\"\nbase_url = \"https://kla.id\"\n";

    pub(crate) const RUBRIC: &str = r#"id = "kla-24"
title = "Evaluasi KLA"
from_year = 2019
max_score = 100
[[tiers]]
id = "utama"
name = "Utama"
min_score = 80
[[clusters]]
id = "k"
name = "K"
  [[clusters.indicators]]
  id = "perda-kla"
  name = "Perda KLA"
  max_points = 100
"#;

    const OLD_RUBRIC: &str = r#"id = "kla-31"
title = "Evaluasi KLA lama"
from_year = 2011
until_year = 2018
max_score = 10
[[tiers]]
id = "pratama"
name = "Pratama"
min_score = 5
[[clusters]]
id = "k"
name = "K"
  [[clusters.indicators]]
  id = "x"
  name = "X"
  max_points = 10
"#;

    fn region(code: &str) -> String {
        format!("name = \"Kota\"\nkind = \"kota\"\nprovince = \"P\"\ncode = \"{code}\"\n")
    }

    fn run(files: &[(&str, &str)]) -> (Option<Site>, Vec<(String, String)>) {
        let mut diags = Diagnostics::new();
        let site = assemble(sources_from(files), &mut Parsed::default(), &mut diags).ok();
        diags.sort();
        (site, diags.iter().map(|d| (d.location(), d.message.clone())).collect())
    }

    #[test]
    fn builds_a_sorted_site() {
        let (b, a) = (region("64.72"), region("64.71"));
        let files = [
            ("site.toml", SITE),
            ("content/rubrics/kla-24.toml", RUBRIC),
            ("content/rubrics/kla-31.toml", OLD_RUBRIC),
            ("content/regions/kota-b/region.toml", b.as_str()),
            ("content/regions/kota-b/2025.toml", "year = 2025\n[points]\nperda-kla = 90\n"),
            (
                "content/regions/kota-b/2015.toml",
                "year = 2015\nofficial = \"pratama\"\nsource = \"https://a.id/x\"\n",
            ),
            ("content/regions/kota-b/2025.md", "+++\ntitle = \"2025\"\n+++\nCerita\n"),
            ("content/regions/kota-a/region.toml", a.as_str()),
            ("content/regions/kota-a/index.md", "Profil\n"),
            ("content/pages/tentang.md", "+++\ntitle = \"Tentang\"\n+++\n"),
            ("content/pages/catatan.md", "+++\ntitle = \"Catatan\"\n+++\n"),
        ];
        let (site, problems) = run(&files);
        assert!(problems.is_empty(), "{problems:?}");
        let site = site.unwrap();
        let ids: Vec<&str> = site.rubrics.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["kla-31", "kla-24"]);
        let slugs: Vec<&str> = site.regions.iter().map(|r| r.slug.as_str()).collect();
        assert_eq!(slugs, ["kota-a", "kota-b"]);
        let b = site.region("kota-b").unwrap();
        let years: Vec<(u16, usize)> = b.evaluations.iter().map(|e| (e.year, e.rubric)).collect();
        assert_eq!(years, [(2015, 0), (2025, 1)]);
        assert!(b.evaluations[1].narrative.is_some());
        assert!(site.region("kota-a").unwrap().narrative.is_some());
        let pages: Vec<&str> = site.pages.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(pages, ["catatan", "tentang"]);
    }

    #[test]
    fn errors_on_missing_site_toml() {
        let (site, problems) = run(&[("content/rubrics/kla-24.toml", RUBRIC)]);
        assert!(site.is_none());
        assert_eq!(problems, [("site.toml".to_string(), "site.toml not found".to_string())]);
    }

    #[test]
    fn errors_on_overlapping_rubrics() {
        let newer = RUBRIC.replace("kla-24", "kla-25").replace("2019", "2020");
        let files = [
            ("site.toml", SITE),
            ("content/rubrics/kla-24.toml", RUBRIC),
            ("content/rubrics/kla-25.toml", newer.as_str()),
        ];
        let (_, problems) = run(&files);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, "content/rubrics/kla-25.toml:3:13");
        assert!(problems[0].1.contains("(content/rubrics/kla-24.toml) also covers"));
    }

    #[test]
    fn errors_on_duplicate_region_code_at_the_second_region() {
        let code = region("64.71");
        let files = [
            ("site.toml", SITE),
            ("content/regions/kota-a/region.toml", code.as_str()),
            ("content/regions/kota-b/region.toml", code.as_str()),
        ];
        let (_, problems) = run(&files);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, "content/regions/kota-b/region.toml:4:8");
        assert_eq!(
            problems[0].1,
            "code `64.71` is already used by content/regions/kota-a/region.toml"
        );
    }

    #[test]
    fn errors_on_invalid_slug_and_missing_region_toml() {
        let code = region("64.71");
        let mut sources = sources_from(&[
            ("site.toml", SITE),
            ("content/regions/Kota_A/region.toml", code.as_str()),
        ]);
        sources.region_dirs.push("kota-kosong".to_string());
        let mut diags = Diagnostics::new();
        let _ = assemble(sources, &mut Parsed::default(), &mut diags);
        diags.sort();
        let got: Vec<(String, String)> =
            diags.iter().map(|d| (d.location(), d.message.clone())).collect();
        assert_eq!(
            got,
            [
                (
                    "content/regions/Kota_A".into(),
                    "region folder name `Kota_A` is not a valid slug".into()
                ),
                ("content/regions/kota-kosong".into(), "region folder has no region.toml".into()),
            ]
        );
        assert!(diags.0[0].help.as_ref().unwrap().contains("`kota-a`"));
    }

    #[test]
    fn errors_on_a_region_folder_named_like_the_paging_folder() {
        let code = region("64.71");
        let sources = sources_from(&[
            ("site.toml", SITE),
            ("content/regions/halaman/region.toml", code.as_str()),
        ]);
        let mut diags = Diagnostics::new();
        assert!(assemble(sources, &mut Parsed::default(), &mut diags).is_err());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags.0[0].location(), "content/regions/halaman");
        assert_eq!(diags.0[0].message, "region folder name `halaman` is reserved");
        assert!(diags.0[0].help.as_ref().unwrap().contains("/wilayah/halaman/"));
    }

    #[test]
    fn errors_on_year_narrative_without_evaluation() {
        let code = region("64.71");
        let files = [
            ("site.toml", SITE),
            ("content/regions/kota-a/region.toml", code.as_str()),
            ("content/regions/kota-a/2024.md", "Cerita\n"),
        ];
        let (_, problems) = run(&files);
        assert_eq!(
            problems,
            [(
                "content/regions/kota-a/2024.md".into(),
                "narrative for 2024 has no 2024.toml".into()
            )]
        );
    }

    #[test]
    fn skips_rubric_coverage_when_a_rubric_file_is_broken() {
        let code = region("64.71");
        let files = [
            ("site.toml", SITE),
            ("content/rubrics/kla-24.toml", "id = \n"),
            ("content/regions/kota-a/region.toml", code.as_str()),
            ("content/regions/kota-a/2025.toml", "year = 2025\n"),
        ];
        let (_, problems) = run(&files);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].0.starts_with("content/rubrics/kla-24.toml:1:"));
    }

    #[test]
    fn reports_problems_of_every_file_in_one_run() {
        let code = region("64.71");
        let files = [
            ("site.toml", "title = \"KLA\"\n"),
            ("content/rubrics/kla-24.toml", RUBRIC),
            ("content/regions/kota-a/region.toml", code.as_str()),
            ("content/regions/kota-a/2025.toml", "year = 2025\n[points]\nperda = 1\n"),
            ("content/regions/kota-a/2018.toml", "year = 2018\n"),
            ("content/pages/data.md", "+++\ntitle = \"Data\"\n+++\n"),
        ];
        let (site, problems) = run(&files);
        assert!(site.is_none());
        let locations: Vec<&str> = problems.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            locations,
            [
                "content/pages/data.md:1:1",
                "content/regions/kota-a/2018.toml:1:8",
                "content/regions/kota-a/2025.toml:3:1",
                "site.toml:1:1",
            ],
            "{problems:?}"
        );
    }
}
