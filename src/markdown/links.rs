//! kla's internal link syntax (as in Zola): a destination starting with `@/`
//! names a region, a free page or the methodology page, and becomes that
//! page's route in the page's language.
//!
//! Accepted forms, each optionally followed by `#anchor`:
//! `@/regions/<slug>`, `@/pages/<slug>`, `@/methodology`. This module only
//! resolves destinations; positions and diagnostics are the caller's.

use crate::model::Site;
use crate::render::routes;

/// The prefix that marks a link destination as internal.
const PREFIX: &str = "@/";

/// The accepted forms, as shown in help texts.
const FORMS: &str =
    "`@/regions/<slug>`, `@/pages/<slug>` or `@/methodology`, optionally followed by `#anchor`";

/// Below this similarity a slug is not offered as a suggestion.
const MIN_SIMILARITY: f64 = 0.75;

/// Why an internal link cannot be resolved, phrased for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokenLink {
    /// What is wrong.
    pub(crate) message: String,
    /// The accepted form and, when one is close, the slug probably meant.
    pub(crate) help: String,
}

/// What internal links may point at: the regions and free pages of a loaded
/// site, or, when loading found errors, every region folder and page file
/// found (a link to a region whose data has an error is not broken).
pub(crate) trait Targets {
    /// Whether a region of this slug exists.
    fn has_region(&self, slug: &str) -> bool;
    /// Whether a free page of this slug exists.
    fn has_page(&self, slug: &str) -> bool;
    /// Every region slug, for suggestions.
    fn region_slugs(&self) -> Vec<&str>;
    /// Every page slug, for suggestions.
    fn page_slugs(&self) -> Vec<&str>;
}

impl Targets for Site {
    fn has_region(&self, slug: &str) -> bool {
        self.region(slug).is_some()
    }

    fn has_page(&self, slug: &str) -> bool {
        self.pages.iter().any(|p| p.slug == slug)
    }

    fn region_slugs(&self) -> Vec<&str> {
        self.regions.iter().map(|r| &*r.slug).collect()
    }

    fn page_slugs(&self) -> Vec<&str> {
        self.pages.iter().map(|p| &*p.slug).collect()
    }
}

/// Whether a link destination uses the internal `@/` syntax.
pub(crate) fn is_internal(dest: &str) -> bool {
    dest.starts_with(PREFIX)
}

/// The route an internal destination points at, in `lang`.
pub(crate) fn resolve(
    dest: &str,
    site: &Site,
    lang: &str,
    default_lang: &str,
) -> Result<String, BrokenLink> {
    let (path, fragment) = split(dest);
    let route = route_of(dest, path, site)?;
    let route = routes::in_lang(&route, lang, default_lang);
    Ok(match fragment {
        Some(fragment) => format!("{route}#{fragment}"),
        None => route,
    })
}

/// Checks an internal destination against `targets` without making its route.
pub(crate) fn check(dest: &str, targets: &dyn Targets) -> Result<(), BrokenLink> {
    route_of(dest, split(dest).0, targets).map(drop)
}

/// The path of an internal destination (without `@/`, fragment or final
/// `/`) and its fragment, if not empty.
fn split(dest: &str) -> (&str, Option<&str>) {
    let target = dest.strip_prefix(PREFIX).unwrap_or(dest);
    let (path, fragment) = match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
        None => (target, None),
    };
    (path.strip_suffix('/').unwrap_or(path), fragment)
}

/// The default-language route of `path` (the destination without `@/` and fragment).
fn route_of(dest: &str, path: &str, targets: &dyn Targets) -> Result<String, BrokenLink> {
    if path == "methodology" {
        return Ok(routes::methodology());
    }
    if let Some(slug) = path.strip_prefix("regions/").filter(|s| is_single_segment(s)) {
        if !targets.has_region(slug) {
            return Err(missing(dest, "region", slug, targets.region_slugs().into_iter()));
        }
        return Ok(routes::region(slug));
    }
    if let Some(slug) = path.strip_prefix("pages/").filter(|s| is_single_segment(s)) {
        if !targets.has_page(slug) {
            return Err(missing(dest, "page", slug, targets.page_slugs().into_iter()));
        }
        return Ok(routes::page(slug));
    }
    Err(BrokenLink {
        message: format!("internal link `{dest}` is not a form kla knows"),
        help: format!("write internal links as {FORMS}"),
    })
}

fn is_single_segment(s: &str) -> bool {
    !s.is_empty() && !s.contains('/')
}

/// The problem of a link to a region or page that does not exist.
fn missing<'a>(
    dest: &str,
    what: &str,
    slug: &str,
    existing: impl Iterator<Item = &'a str>,
) -> BrokenLink {
    let folder =
        if what == "region" { "content/regions/<slug>/" } else { "content/pages/<slug>.md" };
    let form = if what == "region" { "@/regions/<slug>" } else { "@/pages/<slug>" };
    let base = format!("link to a {what} as `{form}`, where <slug> names `{folder}`");
    let help = match closest(slug, existing) {
        Some(best) => format!("{base}; did you mean `{PREFIX}{what}s/{best}`?"),
        None => format!("{base}; no existing {what} has a similar slug"),
    };
    BrokenLink {
        message: format!("broken internal link `{dest}`: there is no {what} `{slug}`"),
        help,
    }
}

/// The existing slug most like `wanted`, if any is close enough to suggest.
///
/// A slug containing what was typed (`bontang` for `kota-bontang`) counts as close.
pub(crate) fn closest<'a>(
    wanted: &str,
    existing: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in existing {
        let similarity = if candidate.contains(wanted) || wanted.contains(candidate) {
            1.0_f64.min(0.9 + strsim::jaro_winkler(wanted, candidate) / 10.0)
        } else {
            strsim::jaro_winkler(wanted, candidate)
        };
        let better = best.is_none_or(|(score, name)| {
            similarity > score || (similarity == score && candidate < name)
        });
        if similarity >= MIN_SIMILARITY && better {
            best = Some((similarity, candidate));
        }
    }
    best.map(|(_, slug)| slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::scenes::two_language_site as site;

    #[test]
    fn accepts_a_trailing_slash_and_keeps_the_fragment() {
        let url = resolve("@/pages/tentang/#tim", &site(), "en", "id").unwrap();
        assert_eq!(url, "/en/tentang/#tim");
    }

    #[test]
    fn rejects_nested_paths_with_the_accepted_forms_as_help() {
        let err = resolve("@/regions/kota-bontang/2025", &site(), "id", "id").unwrap_err();
        assert!(err.message.contains("not a form kla knows"), "{}", err.message);
        assert!(err.help.contains("@/methodology"), "{}", err.help);
    }

    #[test]
    fn missing_page_suggests_the_closest_page() {
        let err = resolve("@/pages/tentan", &site(), "id", "id").unwrap_err();
        assert!(err.help.contains("did you mean `@/pages/tentang`?"), "{}", err.help);
    }

    #[test]
    fn suggests_a_slug_containing_what_was_typed() {
        let slugs = ["kota-balikpapan", "kota-bontang"];
        assert_eq!(closest("bontang", slugs.into_iter()), Some("kota-bontang"));
    }

    #[test]
    fn suggests_nothing_when_no_slug_is_close() {
        let slugs = ["kota-balikpapan", "kota-bontang"];
        assert_eq!(closest("zzz-qqq", slugs.into_iter()), None);
    }
}
