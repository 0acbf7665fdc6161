//! Entry points for the fuzz targets under `fuzz/`: each takes one untrusted
//! file text, places it in a small in-memory site and runs loading (and, when
//! the site loads, scoring) over it. The only contract is "never panics".
//!
//! Not part of kla's API: hidden from the docs, kept minimal, and reads no disk.

use super::assemble::assemble;
use super::classify::classify;
use super::common::source_file;
use super::walk::Sources;
use crate::diag::Diagnostics;
use crate::model::Site;

const SITE: &str = "title = \"KLA\"\nbase_url = \"https://kla.id\"\n";

const RUBRIC: &str = "id = \"kla-24\"\ntitle = \"KLA\"\nfrom_year = 2019\nmax_score = 100\n\
    [[tiers]]\nid = \"madya\"\nname = \"Madya\"\nmin_score = 50\n\
    [[tiers]]\nid = \"utama\"\nname = \"Utama\"\nmin_score = 80\n\
    [[clusters]]\nid = \"k\"\nname = \"K\"\n\
    [[clusters.indicators]]\nid = \"perda\"\nname = \"Perda\"\nmax_points = 40\n\
    [[clusters.indicators]]\nid = \"akta\"\nname = \"Akta\"\nmax_points = 60\n\
    scale = { unit = \"%\", zero_at = 50, full_at = 100 }\n";

const REGION: &str = "name = \"Kota A\"\nkind = \"kota\"\nprovince = \"P\"\ncode = \"64.71\"\n";

const EVALUATION: &str = "year = 2025\nofficial = \"utama\"\nsource = \"https://a.id/x\"\n[points]\nperda = 30\n[values]\nakta = 97.2\n";

/// Loads and scores a site whose rubric file is `text`.
pub fn parse_rubric(text: &str) {
    run(&[("content/rubrics/kla-24.toml", text), REGION_FILE, EVALUATION_FILE]);
}

/// Loads and scores a site whose only `region.toml` is `text`.
pub fn parse_region(text: &str) {
    run(&[RUBRIC_FILE, ("content/regions/kota-a/region.toml", text), EVALUATION_FILE]);
}

/// Loads and scores a site whose only evaluation file (`2025.toml`) is `text`.
pub fn parse_evaluation(text: &str) {
    run(&[RUBRIC_FILE, REGION_FILE, ("content/regions/kota-a/2025.toml", text)]);
}

/// A small valid site (one rubric, one region, one evaluation), for the
/// Markdown target.
pub fn small_site() -> Site {
    load(&[RUBRIC_FILE, REGION_FILE, EVALUATION_FILE]).expect("the built-in fuzzing site is valid")
}

const RUBRIC_FILE: (&str, &str) = ("content/rubrics/kla-24.toml", RUBRIC);
const REGION_FILE: (&str, &str) = ("content/regions/kota-a/region.toml", REGION);
const EVALUATION_FILE: (&str, &str) = ("content/regions/kota-a/2025.toml", EVALUATION);

fn run(files: &[(&str, &str)]) {
    if let Some(site) = load(files) {
        let _ = crate::score::score(site);
    }
}

fn load(files: &[(&str, &str)]) -> Option<Site> {
    let mut sources = Sources::default();
    sources.add(classify("site.toml".as_ref()).ok()?, source_file("site.toml", SITE));
    for (path, text) in files {
        sources.add(classify(path.as_ref()).ok()?, source_file(path, text));
    }
    let mut diags = Diagnostics::new();
    let site = assemble(sources, &mut super::memo::Parsed::default(), &mut diags).ok();
    // Rendering diagnostics must not panic either.
    let _ = diags.to_string();
    site
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_site_loads_and_scores_with_a_computed_predikat() {
        let scored = crate::score::score(small_site());
        let computed = scored.evaluations[0].computed.as_ref().expect("computed points");
        assert!(computed.predikat.is_some());
    }

    #[test]
    fn broken_texts_do_not_panic() {
        for text in ["", "=", "year = 99999", "[points]\nperda = -1", "max_score = 1e400"] {
            parse_rubric(text);
            parse_region(text);
            parse_evaluation(text);
        }
    }
}
