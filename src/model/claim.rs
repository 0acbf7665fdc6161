//! Official results as sources state them: one claim per source, with where
//! it was read. Apart from the record (`record.rs`), which counts claims per
//! region, because an evaluation holds its claims and a region its evaluations.

use serde::Serialize;

/// Where a fact of the record was read: a page a reader can open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The page's address (`None` only for an older free-text `source`).
    pub url: Option<String>,
    /// The publication ("Antara Jatim", "Pemkab Gresik").
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`).
    pub date: Option<String>,
    /// The publisher's note on this source, in their own words.
    pub note: Option<String>,
}

/// One source's statement of a region's official predikat in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    /// The predikat the source states, a tier id of the year's rubric.
    pub predikat: String,
    /// Where it was read.
    pub source: Source,
}

/// Whether `text` is a date as sources are dated: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let number = |s: &str| s.parse::<u32>().unwrap_or(0);
    match parts[..] {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&number(m)),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && (1..=12).contains(&number(m))
                && (1..=31).contains(&number(d))
        }
        _ => false,
    }
}

/// The distinct predikats of `claims`, in order of first mention.
pub fn claimed(claims: &[Claim]) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for claim in claims {
        if !seen.contains(&claim.predikat.as_str()) {
            seen.push(&claim.predikat);
        }
    }
    seen
}
