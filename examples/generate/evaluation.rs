//! Generated evaluations: points for every indicator of the year's rubric,
//! measured values instead of points for about a third of them, and an
//! official predikat that mostly agrees with the total.
//!
//! Reads the rubric's TOML only for what it needs (indicator ids, maxima,
//! scales, tier thresholds); the loader still validates the result in full.

use std::fmt::Write;

use anyhow::{Context, Result};
use fastrand::Rng;

use super::text::quoted;

/// What the generator needs to know of one indicator.
#[derive(Debug, Clone)]
struct GenIndicator {
    id: String,
    max_points: f64,
    /// `(zero_at, full_at)` when the indicator has a scale.
    scale: Option<(f64, f64)>,
}

/// The parts of a rubric the generator uses.
#[derive(Debug, Clone)]
pub(crate) struct GenRubric {
    indicators: Vec<GenIndicator>,
    /// `(tier id, min_score)`, ascending.
    tiers: Vec<(String, f64)>,
}

impl GenRubric {
    /// Reads the indicators and tiers of a rubric file's text.
    pub(crate) fn parse(text: &str) -> Result<Self> {
        let table: toml::Table = toml::from_str(text).context("the rubric is not valid TOML")?;
        let number = |v: &toml::Value| v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
        let mut indicators = Vec::new();
        for cluster in table["clusters"].as_array().context("rubric without clusters")? {
            for ind in cluster["indicators"].as_array().context("cluster without indicators")? {
                let scale = ind
                    .get("scale")
                    .and_then(|s| Some((number(&s["zero_at"])?, number(&s["full_at"])?)));
                indicators.push(GenIndicator {
                    id: ind["id"].as_str().context("indicator without id")?.to_string(),
                    max_points: number(&ind["max_points"])
                        .context("indicator without max_points")?,
                    scale,
                });
            }
        }
        let tiers = table["tiers"]
            .as_array()
            .context("rubric without tiers")?
            .iter()
            .filter_map(|t| Some((t["id"].as_str()?.to_string(), number(&t["min_score"])?)))
            .collect();
        Ok(Self { indicators, tiers })
    }
}

/// The text of `<year>.toml` for one evaluation. `strength` (0..1) is the region's
/// level, so its years resemble each other; `measured` puts values in `[values]`.
pub(crate) fn evaluation_toml(
    rng: &mut Rng,
    rubric: &GenRubric,
    year: u16,
    strength: f64,
    measured: bool,
) -> String {
    let mut points = String::from("[points]\n");
    let mut values = String::from("[values]\n");
    let mut total = 0.0;
    for ind in &rubric.indicators {
        let level = (strength + (rng.f64() - 0.5) * 0.3).clamp(0.0, 1.0);
        match ind.scale {
            Some((zero, full)) if measured => {
                let value = ((zero + (full - zero) * level) * 10.0).round() / 10.0;
                let _ = writeln!(values, "{} = {value}", ind.id);
                total += ind.max_points * ((value - zero) / (full - zero)).clamp(0.0, 1.0);
            }
            _ => {
                let p = (ind.max_points * level * 2.0).round() / 2.0;
                let _ = writeln!(points, "{} = {p}", ind.id);
                total += p;
            }
        }
    }
    let mut tier = rubric.tiers.iter().rposition(|(_, min)| total >= *min);
    if rng.u8(0..10) == 0 {
        tier = tier.map_or(Some(0), |t| Some((t + 1).min(rubric.tiers.len() - 1)));
    }
    let mut out = format!("year = {year}\n");
    if let Some(t) = tier {
        let _ = writeln!(out, "official = {}", quoted(&rubric.tiers[t].0));
    }
    let _ = writeln!(out, "source = \"Data sintetis (kla generate), {year}\"");
    let _ = writeln!(out, "illustrative = true\n");
    out.push_str(&points);
    if measured {
        out.push('\n');
        out.push_str(&values);
    }
    out
}
