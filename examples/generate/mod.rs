//! The generator of `examples/generate.rs`: writes large, seeded,
//! deterministic sites in kla's own format, for benchmarks and scale tests.
//!
//! - national: the 514 kabupaten/kota, five years under both rubrics of this
//!   repository (2017 and 2018 under `kla-2011`, 2021 to 2023 under `kla-24`),
//!   about a third of the evaluations with measured values, ~400-word narratives;
//! - village: every desa/kelurahan of `wilayah.csv` (83,441) as a region, one
//!   year, ~150-word narratives.
//!
//! The same seed always writes the same bytes. The generated site has no
//! `themes/` folder (the default theme is compiled in). This module writes
//! sources only; it never builds them.

pub(crate) mod evaluation;
pub(crate) mod text;
pub(crate) mod wilayah;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use fastrand::Rng;
use rayon::prelude::*;

use evaluation::{GenRubric, evaluation_toml};
use wilayah::GenRegion;

/// The repository's rubrics, copied into every generated site.
pub(crate) const RUBRICS: [(&str, &str); 2] = [
    ("kla-2011", include_str!("../../content/rubrics/kla-2011.toml")),
    ("kla-24", include_str!("../../content/rubrics/kla-24.toml")),
];

/// Which dataset to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dataset {
    /// 514 kabupaten/kota, five years, ~400-word narratives.
    National,
    /// Every desa/kelurahan (or the first `limit`), one year, ~150-word narratives.
    Village {
        /// Take only the first N villages of `wilayah.csv` (for linearity checks).
        limit: Option<usize>,
    },
}

/// What to generate and where.
#[derive(Debug, Clone)]
pub(crate) struct GenerateOptions {
    /// The dataset.
    pub(crate) dataset: Dataset,
    /// The new site folder: must not exist or be empty.
    pub(crate) out: PathBuf,
    /// Folder holding `kabupaten_kota.csv` and `wilayah.csv`.
    pub(crate) data_dir: PathBuf,
    /// Seed of every random choice.
    pub(crate) seed: u64,
    /// The site's languages, the default first: Indonesian, optionally with
    /// English (the generated narratives are Indonesian). `None`: the
    /// dataset's own, [`Dataset::languages`].
    pub(crate) languages: Option<Vec<String>>,
}

impl Dataset {
    /// The languages of the dataset issue 4 describes, written unless told
    /// otherwise. National: its pages "in Indonesian plus the same in
    /// English", as the repository's own site. Village: Indonesian only; the
    /// issue names no second language for its 83,441 regions, and no
    /// publisher translates the ~150-word story of every desa.
    pub(crate) fn languages(self) -> &'static [&'static str] {
        match self {
            Dataset::National => &["id", "en"],
            Dataset::Village { .. } => &["id"],
        }
    }
}

/// How a dataset is shaped.
struct Shape {
    years: &'static [u16],
    words: usize,
    rich: bool,
    /// `search_full_text = false` in site.toml.
    names_search: bool,
}

/// Writes the dataset; returns the number of regions written.
pub(crate) fn generate(opts: &GenerateOptions) -> Result<usize> {
    let languages: Vec<&str> = match &opts.languages {
        Some(languages) => languages.iter().map(String::as_str).collect(),
        None => opts.dataset.languages().to_vec(),
    };
    if !matches!(languages.as_slice(), ["id"] | ["id", "en"]) {
        bail!(
            "languages {languages:?}: a generated site is in Indonesian (its narratives are), \
             optionally with English; give `id` or `id,en`"
        );
    }
    let (regions, shape) = match opts.dataset {
        Dataset::National => (
            wilayah::kabupaten_kota(&opts.data_dir)?,
            Shape {
                years: &[2017, 2018, 2021, 2022, 2023],
                words: 400,
                rich: true,
                names_search: false,
            },
        ),
        Dataset::Village { limit } => (
            wilayah::villages(&opts.data_dir, limit)?,
            // What a publisher of every village would set: a full-text index
            // of 167,000 pages does not fit Pagefind's memory (README, site.toml).
            Shape { years: &[2023], words: 150, rich: false, names_search: true },
        ),
    };
    prepare(&opts.out)?;
    write_skeleton(&opts.out, &shape, &languages)?;
    let rubrics: Vec<GenRubric> =
        RUBRICS.iter().map(|(_, text)| GenRubric::parse(text)).collect::<Result<_>>()?;
    (0..regions.len())
        .into_par_iter()
        .try_for_each(|i| write_region(&opts.out, &regions, i, &shape, &rubrics, opts.seed))?;
    Ok(regions.len())
}

/// Refuses to write into a folder that already has files.
fn prepare(out: &Path) -> Result<()> {
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        bail!("{} is not empty; choose a new folder for the generated site", out.display());
    }
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))
}

/// `site.toml`, the rubrics and one free page.
fn write_skeleton(out: &Path, shape: &Shape, languages: &[&str]) -> Result<()> {
    let languages = languages.iter().map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", ");
    let mut site = format!(
        "title = \"KLA Terbuka (data sintetis)\"\n\
         description = \"Situs uji yang dibuat oleh kla generate: bukan data nyata.\"\n\
         base_url = \"https://kla.example.org/\"\n\
         languages = [{languages}]\n\
         theme = \"default\"\n"
    );
    if shape.names_search {
        site.push_str("search_full_text = false\n");
    }
    write(&out.join("site.toml"), &site)?;
    for (id, text) in RUBRICS {
        write(&out.join(format!("content/rubrics/{id}.toml")), text)?;
    }
    let page = "+++\ntitle = \"Tentang\"\n+++\n\nData di situs ini **sintetis**, dibuat oleh \
                `kla generate` untuk uji kinerja. Lihat [metodologi](@/methodology).\n";
    write(&out.join("content/pages/tentang.md"), page)
}

/// The folder of region `index`: `region.toml`, its evaluations and its narrative.
fn write_region(
    out: &Path,
    regions: &[GenRegion],
    index: usize,
    shape: &Shape,
    rubrics: &[GenRubric],
    seed: u64,
) -> Result<()> {
    let region = &regions[index];
    let mut rng =
        Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(index as u64));
    let dir = out.join("content/regions").join(&region.slug);
    let info = format!(
        "name = {}\nkind = \"{}\"\nprovince = {}\ncode = \"{}\"\n",
        text::quoted(&region.name),
        region.kind,
        text::quoted(&region.province),
        region.code
    );
    write(&dir.join("region.toml"), &info)?;
    let strength = 0.45 + rng.f64() * 0.55;
    for &year in shape.years {
        if shape.years.len() > 1 && rng.u8(0..10) == 0 {
            continue; // not every region takes part every year
        }
        let rubric = if year <= 2018 { &rubrics[0] } else { &rubrics[1] };
        let measured = rng.u8(0..3) == 0;
        let toml = evaluation_toml(&mut rng, rubric, year, strength, measured);
        write(&dir.join(format!("{year}.toml")), &toml)?;
    }
    let neighbours: Vec<&GenRegion> = [1, 2]
        .iter()
        .map(|d| &regions[(index + d) % regions.len()])
        .filter(|r| r.slug != region.slug)
        .collect();
    let md = text::region_narrative(&mut rng, region, &neighbours, shape.words, shape.rich);
    write(&dir.join("index.md"), &md)
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
