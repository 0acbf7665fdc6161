//! A scoring rubric: the methodology as data (`content/rubrics/<id>.toml`).
//!
//! Invariants once validated: tiers ascend strictly by `min_score`; every gate
//! names a cluster of the same rubric; indicator `max_points` add up to
//! `max_score`; ids are unique within the rubric.

use serde::Serialize;

use super::{Id, Localized, Points};

/// One methodology, applying to evaluations from `from_year` to `until_year`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rubric {
    /// Rubric id, the file stem, e.g. `kla-24`.
    pub id: String,
    /// Human title.
    pub title: Localized,
    /// First evaluation year covered, inclusive.
    pub from_year: u16,
    /// Last evaluation year covered, inclusive; open-ended when absent.
    pub until_year: Option<u16>,
    /// The total a region could reach.
    pub max_score: Points,
    /// Markdown shown on the methodology page (e.g. where the points come from).
    pub note: Option<String>,
    /// Predikat tiers, ascending by `min_score`.
    pub tiers: Vec<Tier>,
    /// Clusters in display order, each with its indicators.
    pub clusters: Vec<Cluster>,
}

impl Rubric {
    /// Whether this rubric applies to evaluations of `year`.
    pub fn covers(&self, year: u16) -> bool {
        year >= self.from_year && self.until_year.is_none_or(|u| year <= u)
    }

    /// A tier by id.
    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| *t.id == *id)
    }

    /// A cluster by id.
    pub fn cluster(&self, id: &str) -> Option<&Cluster> {
        self.clusters.iter().find(|c| *c.id == *id)
    }

    /// Every indicator with the cluster it belongs to, in display order.
    pub fn indicators(&self) -> impl Iterator<Item = (&Cluster, &Indicator)> {
        self.clusters.iter().flat_map(|c| c.indicators.iter().map(move |i| (c, i)))
    }

    /// An indicator (and its cluster) by id.
    pub fn indicator(&self, id: &str) -> Option<(&Cluster, &Indicator)> {
        self.indicators().find(|(_, i)| *i.id == *id)
    }
}

/// A predikat: reached when the total is at least `min_score` and every gate holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tier {
    /// Tier id, e.g. `madya`; what `official = "…"` refers to.
    pub id: Id,
    /// Display name, e.g. "KLA (Paripurna)".
    pub name: Localized,
    /// Lowest total that reaches this tier.
    pub min_score: Points,
    /// Extra conditions on cluster percentages.
    pub gates: Vec<Gate>,
}

/// An extra condition for a tier: a cluster must reach a share of its maximum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gate {
    /// Cluster id within the same rubric.
    pub cluster: Id,
    /// Minimum percent of the cluster's maximum, in hundredths of a percent
    /// (`8000` is 80 %), so the check stays exact.
    pub min_percent: Points,
}

/// A cluster (*klaster*) of indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    /// Cluster id, e.g. `perlindungan-khusus`.
    pub id: Id,
    /// Display name.
    pub name: Localized,
    /// Indicators in display order.
    pub indicators: Vec<Indicator>,
}

impl Cluster {
    /// The cluster's maximum: the sum of its indicators' maxima.
    pub fn max_points(&self) -> Points {
        self.indicators.iter().map(|i| i.max_points).sum()
    }
}

/// One indicator and how many points it can give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Indicator id, e.g. `akta-kelahiran`.
    pub id: Id,
    /// Display name.
    pub name: Localized,
    /// Points at full achievement.
    pub max_points: Points,
    /// How a measured value becomes points, for indicators that are measured.
    pub scale: Option<Scale>,
}

/// Linear, clamped conversion of a measured value into points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    /// Unit shown beside values, e.g. `%`.
    pub unit: String,
    /// Value at (or beyond) which the indicator gives no points.
    pub zero_at: f64,
    /// Value at (or beyond) which it gives full points; below `zero_at` when lower is better.
    pub full_at: f64,
}
