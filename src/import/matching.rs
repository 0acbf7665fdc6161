//! Which region a row is: by Kemendagri code first, then by normalised name.
//!
//! Names are compared after folding case, punctuation and spacing, and with
//! `Kab.` / `Kab` read as `Kabupaten`, so "KAB. ACEH  SELATAN" finds
//! "Kabupaten Aceh Selatan". A code that is given but unknown is an error (it
//! is not silently overridden by the name), and so is a name that fits several
//! regions; a name that fits none comes with the closest names. This module
//! does not read cells or files.

use std::collections::BTreeMap;

use crate::model::Site;

/// How many close names an unknown name is offered.
const SUGGESTIONS: usize = 3;

/// Why a row fits no region, and the names it may have meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unmatched {
    /// What is wrong: `no region is named \`Kota Bandarlampung\``.
    pub(crate) why: String,
    /// The closest region names, best first (at most three).
    pub(crate) did_you_mean: Vec<String>,
}

impl From<String> for Unmatched {
    fn from(why: String) -> Self {
        Unmatched { why, did_you_mean: Vec::new() }
    }
}

/// Regions of a site, indexed by code and by normalised name.
#[derive(Debug, Default)]
pub(crate) struct RegionIndex {
    by_code: BTreeMap<String, usize>,
    by_name: BTreeMap<String, Vec<usize>>,
    slugs: Vec<String>,
    names: Vec<String>,
}

impl RegionIndex {
    /// Indexes every region of `site`.
    pub(crate) fn new(site: &Site) -> Self {
        let mut index = RegionIndex::default();
        for (i, region) in site.regions.iter().enumerate() {
            index.by_code.insert(region.code.clone(), i);
            index.by_name.entry(normalise_name(&region.name)).or_default().push(i);
            // Old lists name a region as it was: Toba Samosir, a Papua code of 2019.
            for former in &region.former {
                if let Some(name) = &former.name {
                    index.by_name.entry(normalise_name(name)).or_default().push(i);
                }
                if let Some(code) = &former.code {
                    index.by_code.entry(code.clone()).or_insert(i);
                }
            }
            index.slugs.push(region.slug.clone());
            index.names.push(region.name.clone());
        }
        index
    }

    /// The slug of region `i`.
    pub(crate) fn slug(&self, i: usize) -> &str {
        &self.slugs[i]
    }

    /// The display name of region `i`.
    pub(crate) fn name(&self, i: usize) -> &str {
        &self.names[i]
    }

    /// The region a row names, or why none fits.
    pub(crate) fn find(&self, code: Option<&str>, name: Option<&str>) -> Result<usize, Unmatched> {
        let by_name = name.map(|n| self.find_name(n));
        match code {
            Some(code) => {
                let found = *self
                    .by_code
                    .get(code)
                    .ok_or_else(|| format!("no region has the code `{code}`"))?;
                match by_name {
                    Some(Ok(other)) if other != found => Err(format!(
                        "code `{code}` is {} but the name says {}",
                        self.names[found], self.names[other]
                    )
                    .into()),
                    _ => Ok(found),
                }
            }
            None => by_name.unwrap_or_else(|| {
                Err(String::from("the row has neither a code nor a name").into())
            }),
        }
    }

    fn find_name(&self, name: &str) -> Result<usize, Unmatched> {
        match self.by_name.get(&normalise_name(name)).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(many) => {
                let slugs: Vec<&str> = many.iter().map(|&i| self.slugs[i].as_str()).collect();
                Err(format!("the name `{name}` fits several regions: {}", slugs.join(", ")).into())
            }
            None => Err(Unmatched {
                why: format!("no region is named `{name}`"),
                did_you_mean: self.closest_names(name),
            }),
        }
    }

    /// The region names closest to `name` (compared normalised, with and
    /// without spaces and the leading `kota`/`kabupaten`), when close enough
    /// to be a typo: at most three, best first.
    fn closest_names(&self, name: &str) -> Vec<String> {
        let wanted = normalise_name(name);
        // A quarter of the name proper: "Kabupaten Sleman" is not close to "Kabupaten Beta".
        let limit = (without_kind(&wanted).chars().count() / 4).max(1);
        let mut close: Vec<(usize, &str)> = self
            .by_name
            .iter()
            .map(|(normalised, regions)| (name_distance(&wanted, normalised), regions))
            .filter(|(distance, _)| *distance <= limit)
            .flat_map(|(distance, regions)| {
                regions.iter().map(move |&i| (distance, self.names[i].as_str()))
            })
            .collect();
        close.sort_unstable();
        close.dedup_by(|a, b| a.1 == b.1);
        close.into_iter().take(SUGGESTIONS).map(|(_, name)| name.to_string()).collect()
    }
}

/// A normalised name without its leading `kota` or `kabupaten`.
fn without_kind(name: &str) -> &str {
    name.strip_prefix("kota ").or_else(|| name.strip_prefix("kabupaten ")).unwrap_or(name)
}

/// How far apart two normalised names are: the smallest edit distance of the
/// names as they are, without spaces, and without their leading kind word.
fn name_distance(a: &str, b: &str) -> usize {
    let squeeze = |s: &str| s.replace(' ', "");
    [
        strsim::levenshtein(a, b),
        strsim::levenshtein(&squeeze(a), &squeeze(b)),
        strsim::levenshtein(without_kind(a), without_kind(b)),
    ]
    .into_iter()
    .min()
    .unwrap_or(usize::MAX)
}

/// Lowercase words of `name` without punctuation, `kab` spelled out as `kabupaten`.
pub(crate) fn normalise_name(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect();
    let words: Vec<&str> = folded
        .split_whitespace()
        .enumerate()
        .map(|(i, word)| if i == 0 && word == "kab" { "kabupaten" } else { word })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_case_spacing_punctuation_and_the_kab_abbreviation() {
        assert_eq!(normalise_name("KAB. ACEH  SELATAN"), "kabupaten aceh selatan");
        assert_eq!(normalise_name("Kabupaten Aceh Selatan"), "kabupaten aceh selatan");
        assert_eq!(normalise_name(" Kota Bau-Bau "), "kota bau bau");
        assert_eq!(normalise_name("Kota Baubau"), "kota baubau");
    }

    fn index() -> RegionIndex {
        let mut index = RegionIndex::default();
        for (i, (slug, name, code)) in [
            ("kota-a", "Kota Alpha", "01.71"),
            ("kabupaten-b", "Kabupaten Beta", "01.01"),
            ("kabupaten-b-2", "Kabupaten Beta", "02.01"),
        ]
        .into_iter()
        .enumerate()
        {
            index.by_code.insert(code.into(), i);
            index.by_name.entry(normalise_name(name)).or_default().push(i);
            index.slugs.push(slug.into());
            index.names.push(name.into());
        }
        index
    }

    #[test]
    fn a_code_wins_and_a_name_is_the_fallback() {
        let index = index();
        assert_eq!(index.find(Some("01.71"), None), Ok(0));
        assert_eq!(index.find(None, Some("kota  ALPHA")), Ok(0));
        assert_eq!(index.find(Some("01.01"), Some("Kab. Beta")), Ok(1));
    }

    #[test]
    fn unknown_codes_ambiguous_names_and_conflicts_say_why() {
        let index = index();
        let why = |code, name| index.find(code, name).unwrap_err().why;
        assert!(why(Some("09.99"), Some("Kota Alpha")).contains("`09.99`"));
        let ambiguous = why(None, Some("Kab Beta"));
        assert!(ambiguous.contains("kabupaten-b, kabupaten-b-2"), "{ambiguous}");
        let conflict = why(Some("02.01"), Some("Kota Alpha"));
        assert!(conflict.contains("Kota Alpha"), "{conflict}");
        assert!(why(None, Some("Kota Zeta")).contains("no region is named"));
    }

    #[test]
    fn an_unknown_name_suggests_the_closest_names() {
        let mut index = index();
        for name in ["Kota Bandar Lampung", "Kabupaten Lampung Selatan", "Kota Bandung"] {
            index.by_name.entry(normalise_name(name)).or_default().push(index.names.len());
            index.slugs.push(crate::model::slugify(name));
            index.names.push(name.into());
        }
        let suggest = |name| index.find(None, Some(name)).unwrap_err().did_you_mean;
        assert_eq!(suggest("Kota Bandarlampung")[0], "Kota Bandar Lampung");
        assert_eq!(suggest("Bandar Lampung"), ["Kota Bandar Lampung"]);
        assert_eq!(suggest("Kab. Betta"), ["Kabupaten Beta"]);
        assert_eq!(suggest("Kota Alpa"), ["Kota Alpha"]);
        assert!(suggest("Kabupaten Sleman").is_empty());
    }
}
