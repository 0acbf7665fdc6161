//! `content/regions/<slug>/region.toml`: the identity of one kabupaten/kota.
//!
//! Parses one file; the slug and the uniqueness of codes across regions are
//! checked in `assemble`. It does not read files.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::common::{error_at, parse_toml};
use crate::diag::Diagnostics;
use crate::model::{RegionKind, SourceFile};

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
    /// Span of the code's value.
    pub(crate) code_span: Range<usize>,
    /// The file itself.
    pub(crate) file: SourceFile,
}

/// Parses one `region.toml`; problems go to `diags`.
pub(crate) fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<RegionInfo> {
    let raw: RawRegion = parse_toml(file).map_err(|d| diags.push(d)).ok()?;
    let code = raw.code.get_ref().trim();
    let well_formed = !code.is_empty() && code.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !well_formed {
        diags.push(
            error_at(file, raw.code.span(), format!("code `{code}` is not a Kemendagri code"))
                .with_help("write the code as digits and dots, e.g. `64.71`"),
        );
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
        code_span: raw.code.span(),
        file: file.clone(),
    })
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
    }
}
