//! `content/regions/<slug>/region.toml`: the identity of one kabupaten/kota.
//!
//! Parses one file; the slug and the uniqueness of codes across regions are
//! checked in `assemble`. It does not read files.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::common::{error_at, parse_toml};
use crate::diag::Diagnostics;
use crate::model::{Former, RegionKind, SourceFile};

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawKind {
    Kabupaten,
    Kota,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: String,
    kind: RawKind,
    province: String,
    code: Spanned<String>,
    #[serde(default)]
    former: Vec<Spanned<RawFormer>>,
}

/// A `[[former]]` entry: the region's name, province or code up to a year.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormer {
    until: u16,
    name: Option<String>,
    province: Option<String>,
    code: Option<Spanned<String>>,
    /// Where the change is documented; kept in the file for the next editor.
    #[allow(dead_code, reason = "read for the file's sake, not shown")]
    source: Option<String>,
}

/// The fields of `region.toml`, plus where its code is (for duplicate codes).
#[derive(Debug, Clone)]
pub(crate) struct RegionInfo {
    /// Official name.
    pub(crate) name: String,
    /// Kabupaten or kota.
    pub(crate) kind: RegionKind,
    /// Province name.
    pub(crate) province: String,
    /// Kemendagri code.
    pub(crate) code: String,
    /// Earlier identities.
    pub(crate) former: Vec<Former>,
    /// Span of the code's value.
    pub(crate) code_span: Range<usize>,
    /// The file itself.
    pub(crate) file: SourceFile,
}

/// Parses one `region.toml`; problems go to `diags`.
pub(crate) fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<RegionInfo> {
    let raw: RawRegion = parse_toml(file).map_err(|d| diags.push(d)).ok()?;
    let code = raw.code.get_ref().trim();
    let well_formed = check_code(file, &raw.code, diags);
    let mut former = Vec::new();
    for entry in &raw.former {
        let f = entry.get_ref();
        if f.name.is_none() && f.province.is_none() && f.code.is_none() {
            diags.push(
                error_at(file, entry.span(), "a [[former]] entry that names nothing").with_help(
                    "give the former `name`, `province` or `code` with `until = <last year>`",
                ),
            );
        }
        if let Some(code) = &f.code {
            check_code(file, code, diags);
        }
        former.push(Former {
            until: f.until,
            name: f.name.clone(),
            province: f.province.clone(),
            code: f.code.as_ref().map(|c| c.get_ref().trim().to_string()),
        });
    }
    let kind = match raw.kind {
        RawKind::Kabupaten => RegionKind::Kabupaten,
        RawKind::Kota => RegionKind::Kota,
    };
    well_formed.then(|| RegionInfo {
        name: raw.name,
        kind,
        province: raw.province,
        code: code.to_string(),
        former,
        code_span: raw.code.span(),
        file: file.clone(),
    })
}

/// Checks the shape of a Kemendagri code: `NN.NN` for a kabupaten/kota,
/// `NN.NN.NN` for a kecamatan, `NN.NN.NN.NNNN` for a desa/kelurahan.
fn check_code(file: &SourceFile, code: &Spanned<String>, diags: &mut Diagnostics) -> bool {
    let text = code.get_ref().trim();
    if is_kemendagri_code(text) {
        return true;
    }
    diags.push(
        error_at(file, code.span(), format!("code `{text}` is not a Kemendagri code"))
            .with_help("write two digits, a dot and two digits, e.g. `64.71` (`99.1` is written `99.10` or `99.01`)"),
    );
    false
}

/// Whether `code` has a Kemendagri code's shape (see `check_code`).
pub(crate) fn is_kemendagri_code(code: &str) -> bool {
    let widths = [2, 2, 2, 4];
    let parts: Vec<&str> = code.split('.').collect();
    (2..=4).contains(&parts.len())
        && parts
            .iter()
            .zip(widths)
            .all(|(p, w)| p.len() == w && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::common::source_file;

    fn load(src: &str) -> (Option<RegionInfo>, Vec<(String, String)>) {
        let mut diags = Diagnostics::new();
        let info = parse(&source_file("content/regions/kota-a/region.toml", src), &mut diags);
        (info, diags.iter().map(|d| (d.location(), d.message.clone())).collect())
    }

    #[test]
    fn parses_a_region() {
        let (info, p) = load(
            "name = \"Kota A\"\nkind = \"kota\"\nprovince = \"Kalimantan Timur\"\ncode = \"64.71\"\n",
        );
        assert!(p.is_empty(), "{p:?}");
        let info = info.unwrap();
        assert_eq!((info.kind, info.code.as_str()), (RegionKind::Kota, "64.71"));
    }

    #[test]
    fn errors_on_unknown_kind() {
        let (_, p) = load("name = \"A\"\nkind = \"kotamadya\"\nprovince = \"P\"\ncode = \"1\"\n");
        assert_eq!(p[0].0, "content/regions/kota-a/region.toml:2:8");
        assert!(p[0].1.contains("unknown variant `kotamadya`"), "{p:?}");
    }

    #[test]
    fn errors_on_malformed_code() {
        let (info, p) = load("name = \"A\"\nkind = \"kota\"\nprovince = \"P\"\ncode = \"64-71\"\n");
        assert!(info.is_none());
        assert_eq!(p[0].0, "content/regions/kota-a/region.toml:4:8");
        for bad in ["99.1", "9.10", "99.100", "99.10.1", "99.10.10.1", "99.10.10.10000", "6471"] {
            let (info, _) = load(&format!(
                "name = \"A\"\nkind = \"kota\"\nprovince = \"P\"\ncode = \"{bad}\"\n"
            ));
            assert!(info.is_none(), "{bad} accepted");
        }
        for good in ["99.10", "11.01.01", "11.01.01.2001"] {
            let (info, p) = load(&format!(
                "name = \"A\"\nkind = \"kota\"\nprovince = \"P\"\ncode = \"{good}\"\n"
            ));
            assert!(info.is_some(), "{good}: {p:?}");
        }
    }

    #[test]
    fn reads_former_names_and_provinces_with_their_last_year() {
        let src = "name = \"Kabupaten Toba\"\nkind = \"kabupaten\"\nprovince = \"Sumatera Utara\"\ncode = \"12.12\"\n\
            [[former]]\nname = \"Kabupaten Toba Samosir\"\nuntil = 2019\n\
            [[former]]\nuntil = 2010\n";
        let (info, p) = load(src);
        let info = info.unwrap();
        assert_eq!(info.former[0].name.as_deref(), Some("Kabupaten Toba Samosir"));
        assert_eq!(info.former[0].until, 2019);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/regions/kota-a/region.toml:8:1");
        assert!(p[0].1.contains("names nothing"), "{p:?}");
    }
}
