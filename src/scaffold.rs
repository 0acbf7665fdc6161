//! `kla init` and `kla new region`: starting a site and adding a region to it.
//!
//! `init` writes a complete, buildable site into an empty folder: `site.toml`,
//! the 24-indicator rubric this repository publishes, two clearly fictional
//! example regions with evaluations and narratives, a page, and a copy of the
//! built-in default theme under `themes/default/` to edit. `new region`
//! validates its arguments and writes `region.toml` and an `index.md` stub.
//! Neither overwrites anything. This module does not build or validate a
//! whole site (that is `load` and `build`).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;

use crate::model::{DEFAULT_LANGUAGE, RegionKind, is_valid_slug};
use crate::render::builtin_theme_files;

/// The rubric a new site starts with: this repository's own `kla-24`.
const RUBRIC_KLA_24: &str = include_str!("../content/rubrics/kla-24.toml");

/// A new site's `site.toml`; `{default_language}` stands for [`DEFAULT_LANGUAGE`].
const SITE_TOML: &str = r#"# Settings of the site; see the README of kla for every key.
title = "KLA Terbuka"
description = "Hasil evaluasi Kabupaten/Kota Layak Anak, terbuka dan dapat diperiksa."
# The address the site is published at; `kla build -u URL` overrides it for a preview.
base_url = "https://example.org/"
languages = ["{default_language}", "en"]
theme = "default"
"#;

const PAGE_TENTANG: &str = r#"+++
title = "Tentang situs ini"
description = "Siapa yang menerbitkan situs ini dan dari mana angkanya."
+++

Situs ini dibangun dengan **kla** dari berkas TOML dan Markdown di folder `content/`.
Wilayah [Kota Contoh](@/regions/kota-contoh) dan [Kabupaten Contoh](@/regions/kabupaten-contoh)
adalah **contoh rekaan**: hapus folder mereka dan tambahkan wilayah Anda dengan
`kla new region`, lalu isi evaluasinya (atau impor dari lembar kerja dengan `kla import`).
Cara skor dihitung ada di halaman [metodologi](@/methodology).
"#;

/// An example region: its slug, `region.toml`, `index.md` and `(year, <year>.toml)` files.
struct Example {
    slug: &'static str,
    region: &'static str,
    index: &'static str,
    evaluations: &'static [(&'static str, &'static str)],
}

const EXAMPLES: &[Example] = &[
    Example {
        slug: "kota-contoh",
        region: "# A fictional example region: delete this folder when you add your own.\n\
         name = \"Kota Contoh\"\nkind = \"kota\"\nprovince = \"Provinsi Contoh\"\ncode = \"99.71\"\n",
        index: "+++\ntitle = \"Kota Contoh\"\ndescription = \"Wilayah rekaan untuk mencoba kla.\"\n+++\n\n\
         Kota Contoh adalah wilayah **rekaan**. Bandingkan dengan\n\
         [Kabupaten Contoh](@/regions/kabupaten-contoh) di provinsi yang sama.\n",
        evaluations: &[("2023", EVAL_KOTA_2023), ("2025", EVAL_KOTA_2025)],
    },
    Example {
        slug: "kabupaten-contoh",
        region: "# A fictional example region: delete this folder when you add your own.\n\
         name = \"Kabupaten Contoh\"\nkind = \"kabupaten\"\nprovince = \"Provinsi Contoh\"\ncode = \"99.01\"\n",
        index: "+++\ntitle = \"Kabupaten Contoh\"\ndescription = \"Wilayah rekaan untuk mencoba kla.\"\n+++\n\n\
         Kabupaten Contoh adalah wilayah **rekaan** dengan angka ilustratif.\n",
        evaluations: &[("2025", EVAL_KABUPATEN_2025)],
    },
];

const EVAL_KOTA_2023: &str = r#"# Fictional figures for the example region.
year = 2023
official = "nindya"
source = "Contoh: ganti dengan sumber yang dapat diperiksa"
illustrative = true

[points]
perda-kla = 26
pelembagaan-kla = 25
peran-masyarakat-usaha-media = 25
informasi-layak-anak = 45
partisipasi-anak = 45
konsultasi-keluarga = 27
pengasuhan-alternatif = 27
paud-hi = 27
infrastruktur-ramah-anak = 27
pmba = 22
faskes-ramah-anak = 22
air-minum-sanitasi = 22
kawasan-tanpa-rokok = 11
wajib-belajar-12-tahun = 45
sekolah-ramah-anak = 45
pusat-kreativitas-anak = 45
korban-kekerasan-eksploitasi = 34
korban-pornografi-darurat = 34
anak-disabilitas = 34
abh-terorisme-stigma = 34

[values]
akta-kelahiran = 95
perkawinan-anak = 7
persalinan-faskes = 96
gizi-balita = 18
"#;

const EVAL_KOTA_2025: &str = r#"# Fictional figures for the example region.
year = 2025
official = "utama"
source = "Contoh: ganti dengan sumber yang dapat diperiksa"
illustrative = true

[points]
perda-kla = 29
pelembagaan-kla = 28
peran-masyarakat-usaha-media = 28
informasi-layak-anak = 50
partisipasi-anak = 50
konsultasi-keluarga = 30
pengasuhan-alternatif = 30
paud-hi = 30
infrastruktur-ramah-anak = 30
pmba = 25
faskes-ramah-anak = 25
air-minum-sanitasi = 25
kawasan-tanpa-rokok = 13
wajib-belajar-12-tahun = 50
sekolah-ramah-anak = 50
pusat-kreativitas-anak = 50
korban-kekerasan-eksploitasi = 38
korban-pornografi-darurat = 38
anak-disabilitas = 38
abh-terorisme-stigma = 38

[values]
akta-kelahiran = 97
perkawinan-anak = 5
persalinan-faskes = 98
gizi-balita = { value = 15, year = 2024, source = "Contoh: survei gizi" }
"#;

const EVAL_KABUPATEN_2025: &str = r#"# Fictional figures for the example region.
year = 2025
official = "madya"
source = "Contoh: ganti dengan sumber yang dapat diperiksa"
illustrative = true

[points]
perda-kla = 22
pelembagaan-kla = 22
peran-masyarakat-usaha-media = 22
informasi-layak-anak = 40
partisipasi-anak = 40
konsultasi-keluarga = 24
pengasuhan-alternatif = 24
paud-hi = 24
infrastruktur-ramah-anak = 24
pmba = 20
faskes-ramah-anak = 20
air-minum-sanitasi = 20
kawasan-tanpa-rokok = 10
wajib-belajar-12-tahun = 40
sekolah-ramah-anak = 40
pusat-kreativitas-anak = 40
korban-kekerasan-eksploitasi = 30
korban-pornografi-darurat = 30
anak-disabilitas = 30
abh-terorisme-stigma = 30

[values]
akta-kelahiran = 90
perkawinan-anak = 12
persalinan-faskes = 92
gizi-balita = 24
"#;

/// Writes a new site into `dir`, which must be missing or empty; returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    refuse_non_empty(dir)?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        ("site.toml".into(), SITE_TOML.replace("{default_language}", DEFAULT_LANGUAGE).into()),
        ("content/rubrics/kla-24.toml".into(), RUBRIC_KLA_24.into()),
        ("content/pages/tentang.md".into(), PAGE_TENTANG.into()),
    ];
    for example in EXAMPLES {
        let folder = Path::new("content/regions").join(example.slug);
        files.push((folder.join("region.toml"), example.region.as_bytes().to_vec()));
        files.push((folder.join("index.md"), example.index.as_bytes().to_vec()));
        for (year, text) in example.evaluations {
            files.push((folder.join(format!("{year}.toml")), text.as_bytes().to_vec()));
        }
    }
    for (path, bytes) in builtin_theme_files() {
        files.push((Path::new("themes/default").join(path), bytes.to_vec()));
    }
    for (rel, bytes) in &files {
        write_new(&dir.join(rel), bytes)?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

fn refuse_non_empty(dir: &Path) -> Result<()> {
    match fs::read_dir(dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) => bail!(
            "{} is not empty; `kla init` only writes into a new or empty folder",
            dir.display()
        ),
        Ok(false) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", dir.display())),
    }
}

/// Creates `path` (and its folders); fails rather than overwrite.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    use std::io::Write;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The identity of a region to add with `kla new region`.
#[derive(Debug, Clone)]
pub struct NewRegion {
    /// Folder name under `content/regions/`.
    pub slug: String,
    /// Official name, e.g. "Kota Bontang".
    pub name: String,
    /// Kabupaten or kota.
    pub kind: RegionKind,
    /// Province name.
    pub province: String,
    /// Kemendagri code, e.g. "64.74".
    pub code: String,
}

/// Writes `content/regions/<slug>/{region.toml,index.md}` under `site`; returns the folder.
pub fn new_region(site: &Path, region: &NewRegion) -> Result<PathBuf> {
    validate(region)?;
    let regions = site.join("content/regions");
    let folder = regions.join(&region.slug);
    if folder.exists() {
        bail!("content/regions/{} already exists; pick another slug", region.slug);
    }
    if let Some(other) = region_with_code(&regions, &region.code)? {
        bail!("code {} is already used by content/regions/{other}; codes are unique", region.code);
    }
    write_new(&folder.join("region.toml"), region_toml(region).as_bytes())?;
    let index = format!(
        "+++\ntitle = {}\n+++\n\nTulis di sini kisah {} dalam evaluasi KLA, dengan sumbernya.\n",
        toml_string(&region.name),
        region.name
    );
    write_new(&folder.join("index.md"), index.as_bytes())?;
    Ok(Path::new("content/regions").join(&region.slug))
}

fn validate(region: &NewRegion) -> Result<()> {
    if !is_valid_slug(&region.slug) {
        bail!(
            "`{}` is not a valid slug: use lowercase letters, digits and single `-`, e.g. `kota-bontang`",
            region.slug
        );
    }
    if crate::load::RESERVED_REGION_SLUGS.contains(&region.slug.as_str()) {
        bail!(
            "`{}` is reserved: kla numbers the later pages of the regions index under it; \
             pick another slug, e.g. `{}-1`",
            region.slug,
            region.slug
        );
    }
    let code_ok = !region.code.is_empty()
        && region
            .code
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    if !code_ok {
        bail!("`{}` is not a Kemendagri code: write digits and dots, e.g. `64.74`", region.code);
    }
    if region.name.trim().is_empty() || region.province.trim().is_empty() {
        bail!("--name and --province may not be empty");
    }
    Ok(())
}

fn region_toml(region: &NewRegion) -> String {
    format!(
        "name = {}\nkind = \"{}\"\nprovince = {}\ncode = {}\n",
        toml_string(&region.name),
        region.kind.as_str(),
        toml_string(&region.province),
        toml_string(&region.code)
    )
}

/// A TOML basic string with the right escapes.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

/// The slug of the region whose `region.toml` has `code`, if any.
fn region_with_code(regions: &Path, code: &str) -> Result<Option<String>> {
    if !regions.is_dir() {
        return Ok(None);
    }
    for entry in WalkDir::new(regions).min_depth(2).max_depth(2).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", regions.display()))?;
        if entry.file_name() != "region.toml" {
            continue;
        }
        let text = fs::read_to_string(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        let found = text
            .parse::<toml_edit::DocumentMut>()
            .ok()
            .and_then(|doc| doc.get("code").and_then(|c| c.as_str()).map(|c| c.trim() == code));
        if found == Some(true) {
            let slug = entry.path().parent().and_then(Path::file_name);
            return Ok(slug.map(|s| s.to_string_lossy().into_owned()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(slug: &str, code: &str) -> NewRegion {
        NewRegion {
            slug: slug.into(),
            name: "Kota \"Baru\"".into(),
            kind: RegionKind::Kota,
            province: "Kalimantan Timur".into(),
            code: code.into(),
        }
    }

    #[test]
    fn bad_slugs_and_codes_are_refused_with_an_example() {
        let err = validate(&region("Kota Baru", "64.74")).unwrap_err().to_string();
        assert!(err.contains("kota-bontang"), "{err}");
        for code in ["64-74", "", "64.", "6a.1"] {
            assert!(validate(&region("kota-baru", code)).is_err(), "{code:?}");
        }
        let err = validate(&region("halaman", "64.74")).unwrap_err().to_string();
        assert!(err.contains("`halaman` is reserved") && err.contains("`halaman-1`"), "{err}");
        assert!(validate(&region("kota-baru", "64.74")).is_ok());
    }

    #[test]
    fn region_toml_keeps_quotes_in_names_as_valid_toml() {
        let text = region_toml(&region("kota-baru", "64.74"));
        let doc: toml_edit::DocumentMut = text.parse().expect("valid TOML");
        assert_eq!(doc["name"].as_str(), Some("Kota \"Baru\""));
        assert_eq!(doc["kind"].as_str(), Some("kota"));
    }
}
