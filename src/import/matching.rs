//! Which region a row is: by Kemendagri code first, then by normalised name.
//!
//! Names are compared after folding case, punctuation and spacing, and with
//! `Kab.` / `Kab` read as `Kabupaten`, so "KAB. ACEH  SELATAN" finds
//! "Kabupaten Aceh Selatan". A code that is given but unknown is an error (it
//! is not silently overridden by the name), and so is a name that fits several
//! regions. This module does not read cells or files.

use std::collections::BTreeMap;

use crate::model::Site;

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
    pub(crate) fn find(&self, code: Option<&str>, name: Option<&str>) -> Result<usize, String> {
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
                    )),
                    _ => Ok(found),
                }
            }
            None => by_name.unwrap_or_else(|| Err("the row has neither a code nor a name".into())),
        }
    }

    fn find_name(&self, name: &str) -> Result<usize, String> {
        match self.by_name.get(&normalise_name(name)).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(many) => {
                let slugs: Vec<&str> = many.iter().map(|&i| self.slugs[i].as_str()).collect();
                Err(format!("the name `{name}` fits several regions: {}", slugs.join(", ")))
            }
            None => Err(format!("no region is named `{name}`")),
        }
    }
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
        assert!(index.find(Some("09.99"), Some("Kota Alpha")).unwrap_err().contains("`09.99`"));
        let ambiguous = index.find(None, Some("Kab Beta")).unwrap_err();
        assert!(ambiguous.contains("kabupaten-b, kabupaten-b-2"), "{ambiguous}");
        let conflict = index.find(Some("02.01"), Some("Kota Alpha")).unwrap_err();
        assert!(conflict.contains("Kota Alpha"), "{conflict}");
        assert!(index.find(None, Some("Kota Zeta")).unwrap_err().contains("no region is named"));
    }
}
