//! The regions of a generated site, read from the Kemendagri code lists in
//! `data/wilayah/`: names, slugs, kinds and provinces.
//!
//! This module only reads and tidies the lists; it decides nothing about
//! evaluations or narratives.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use kla::model::slugify;

/// One region to generate: what goes into its `region.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GenRegion {
    /// Folder name under `content/regions/`, unique and a valid slug.
    pub(crate) slug: String,
    /// Display name.
    pub(crate) name: String,
    /// `kabupaten` or `kota`.
    pub(crate) kind: &'static str,
    /// Province display name.
    pub(crate) province: String,
    /// Kemendagri code.
    pub(crate) code: String,
}

/// The 514 kabupaten/kota of `kabupaten_kota.csv` (`code,kind,name,province_code,province`).
pub(crate) fn kabupaten_kota(data_dir: &Path) -> Result<Vec<GenRegion>> {
    let path = data_dir.join("kabupaten_kota.csv");
    let mut reader =
        csv::Reader::from_path(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for record in reader.records() {
        let r = record.with_context(|| format!("cannot read {}", path.display()))?;
        let kind = if &r[1] == "kota" { "kota" } else { "kabupaten" };
        let name = display_name(&r[2]);
        out.push(GenRegion {
            slug: slugify(&name),
            name,
            kind,
            province: title_case(&r[4]),
            code: r[0].to_string(),
        });
    }
    Ok(out)
}

/// Every desa/kelurahan of `wilayah.csv` (codes of four dot-separated parts), in file order.
///
/// Desa names repeat across the country, so each slug ends with the code. The kind is
/// that of the kabupaten/kota the village belongs to.
pub(crate) fn villages(data_dir: &Path, limit: Option<usize>) -> Result<Vec<GenRegion>> {
    let path = data_dir.join("wilayah.csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut provinces: BTreeMap<String, String> = BTreeMap::new();
    let mut kota: BTreeMap<String, bool> = BTreeMap::new();
    let mut out = Vec::new();
    for record in reader.records() {
        if limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        let r = record.with_context(|| format!("cannot read {}", path.display()))?;
        let (code, name) = (r[0].to_string(), r[1].trim());
        let parts: Vec<&str> = code.split('.').collect();
        match parts.len() {
            1 => {
                provinces.insert(code.clone(), title_case(name));
            }
            2 => {
                kota.insert(code.clone(), name.starts_with("KOTA"));
            }
            4 => {
                let kabkota = format!("{}.{}", parts[0], parts[1]);
                let is_kota = kota.get(&kabkota).copied().unwrap_or(false);
                out.push(GenRegion {
                    slug: slugify(&format!("{name} {code}")),
                    name: name.to_string(),
                    kind: if is_kota { "kota" } else { "kabupaten" },
                    province: provinces.get(parts[0]).cloned().unwrap_or_default(),
                    code,
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// `KAB. ACEH SELATAN` -> `Kabupaten Aceh Selatan`, `KOTA BANDA ACEH` -> `Kota Banda Aceh`.
pub(crate) fn display_name(raw: &str) -> String {
    let expanded = raw
        .replacen("KAB. ", "KABUPATEN ", 1)
        .replace("KEP. ", "KEPULAUAN ")
        .replace("ADM. ", "ADMINISTRASI ");
    title_case(&expanded)
}

/// Capitalises each word; the abbreviations DKI and DI (province names) stay upper case.
pub(crate) fn title_case(raw: &str) -> String {
    raw.split_whitespace()
        .map(|word| {
            if matches!(word, "DKI" | "DI") {
                return word.to_string();
            }
            let lower = word.to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}
