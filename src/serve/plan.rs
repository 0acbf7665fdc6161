//! How much of a site a batch of changed files invalidates.
//!
//! [`scope`] decides, from the kinds of the changed paths, whether the whole
//! site is loaded and rendered again with a new theme (site config, rubrics,
//! pages, templates, static files, anything structural) or only some regions
//! are read again. Which pages a region edit changes is the render's own
//! knowledge (`render::Memo`), not this module's.

use std::collections::BTreeSet;

use super::watch::ChangeKind;

/// How much of the site a batch of changes invalidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Nothing kla reads changed.
    Nothing,
    /// Only files of these regions (by folder name) changed.
    Regions(BTreeSet<String>),
    /// Load, score and render everything again.
    Full,
}

/// The scope of a batch of changes: the widest any change asks for.
pub(crate) fn scope(changes: &[ChangeKind]) -> Scope {
    let mut regions = BTreeSet::new();
    for change in changes {
        match change {
            ChangeKind::Ignored => {}
            ChangeKind::Region(slug) => {
                regions.insert(slug.clone());
            }
            ChangeKind::SiteConfig
            | ChangeKind::Rubric
            | ChangeKind::Page
            | ChangeKind::Template
            | ChangeKind::Static
            | ChangeKind::Content => return Scope::Full,
        }
    }
    if regions.is_empty() { Scope::Nothing } else { Scope::Regions(regions) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(list: &[ChangeKind]) -> Scope {
        scope(list)
    }

    #[test]
    fn the_widest_change_decides_the_scope() {
        let a = ChangeKind::Region("kota-a".to_string());
        let b = ChangeKind::Region("kota-b".to_string());
        let both: BTreeSet<String> = ["kota-a", "kota-b"].map(String::from).into();
        let cases = [
            (vec![], Scope::Nothing),
            (vec![ChangeKind::Ignored], Scope::Nothing),
            (vec![a.clone(), ChangeKind::Ignored, b.clone()], Scope::Regions(both)),
            (vec![a.clone(), ChangeKind::Rubric], Scope::Full),
            (vec![ChangeKind::SiteConfig], Scope::Full),
            (vec![ChangeKind::Template, a.clone()], Scope::Full),
            (vec![ChangeKind::Static], Scope::Full),
            (vec![ChangeKind::Page], Scope::Full),
            (vec![ChangeKind::Content], Scope::Full),
        ];
        for (changes, expected) in cases {
            assert_eq!(kinds(&changes), expected, "{changes:?}");
        }
    }
}
