//! One row of a ranking table, and the one description of what it shows.
//!
//! A row is drawn in three steps. [`RowFacts`] holds every fact of the scored
//! site the row shows (who the region is, the rank and points it is ranked
//! on, the predikat ids, the trend), in no language, taken from the site's
//! [`Index`] alone. [`Ctx::inputs_of`] (in `views`, which owns the context's
//! links) turns them into a [`RowInputs`], adding the links and predikat names
//! of its language. [`RowInputs::row`] builds the [`RankRow`] from those values
//! and the words every row of the language shares ([`RowWords`]), nothing else.
//! `Ctx::inputs_of` takes the facts field by field (a new fact does not
//! compile until the row shows it), so every value the row shows is a fact or
//! added by the context: `kla serve` keys a row's remembered HTML by the
//! inputs' `Hash` (`render::rows`), and a rebuild's page filter
//! (`render::reuse`) compares the facts of the rows a page shows. There is no
//! second list of them to keep in step.
//!
//! [`Ctx::inputs_of`]: super::Ctx::inputs_of

use serde::Serialize;

use super::ui::{Ui, format_delta, format_points};
use crate::model::{Points, RegionKind, Site};
use crate::render::index::Index;
use crate::score::{ClusterScore, Direction, ScoredEvaluation};

/// A predikat movement, shown as an arrow with a text for screen readers.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct TrendView {
    /// `↑`, `↓`, `→` or empty.
    pub(crate) arrow: &'static str,
    /// "naik", "turun", "tetap" or empty.
    pub(crate) label: String,
    /// CSS class: `up`, `down`, `same` or empty.
    pub(crate) class: &'static str,
    /// Signed score change, e.g. `+12,5`; empty when unknown.
    pub(crate) delta: String,
    /// The same change as a plain number (`-12.5`), for the table sorting script.
    pub(crate) delta_raw: String,
}

/// One row of a ranking table (also used for top lists and province pages).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RankRow<'a> {
    pub(crate) rank: String,
    pub(crate) year: u16,
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) province: &'a str,
    pub(crate) province_url: String,
    pub(crate) kind: String,
    pub(crate) total: String,
    /// The total as a plain number (`842.5`), for sorting scripts; empty without a score.
    pub(crate) total_raw: String,
    pub(crate) max: String,
    pub(crate) predikat: String,
    pub(crate) official: String,
    pub(crate) mismatch: bool,
    pub(crate) illustrative: bool,
    pub(crate) trend: TrendView,
}

/// Who a region is, as a ranking row or a link to its profile shows it: what
/// [`RowFacts`] holds of its region, and what a province page lists of a
/// region without evaluations (`pages::ProvinceEntry`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RegionFacts<'a> {
    /// Its index in `site.regions`: the context's links to its profile (made
    /// from its slug) and to its province's page are looked up by it. Facts
    /// of two sites name the same region at an index only when the sites have
    /// the same slugs in the same order, which the page filter checks first.
    pub(crate) index: usize,
    /// Its name.
    pub(crate) name: &'a str,
    /// The province it belongs to now, whose pages and rankings list it.
    pub(crate) province: &'a str,
    /// Kabupaten or kota.
    pub(crate) kind: RegionKind,
}

impl<'a> RegionFacts<'a> {
    /// The region at `index` of `site`.
    pub(crate) fn of(site: &'a Site, index: usize) -> Self {
        let region = &site.regions[index];
        RegionFacts { index, name: &region.name, province: &region.province, kind: region.kind }
    }
}

/// Every fact of the scored site one ranking row shows, in no language:
/// where the row stands ([`RowFacts::national`], [`RowFacts::province`],
/// [`RowFacts::cluster`], or [`RowFacts::of`] without a rank) and what it
/// shows of the evaluation. A row is built from these and the words and
/// links of its context's language alone ([`Ctx::inputs_of`]), so a rebuild's
/// page filter (`render::reuse`), which knows no language, compares them to
/// know whether a page's rows changed, and ranking pages, province pages and
/// the filter take a row's rank from the same constructor.
///
/// [`Ctx::inputs_of`]: super::Ctx::inputs_of
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowFacts<'a> {
    /// The rank shown (national, province or cluster); a dash without one.
    pub(crate) rank: Option<u32>,
    /// The evaluation's year.
    pub(crate) year: u16,
    /// The region evaluated.
    pub(crate) region: RegionFacts<'a>,
    /// The rubric the evaluation was scored with (index in `site.rubrics`):
    /// its tiers name the predikat ids.
    pub(crate) rubric: usize,
    /// The points and maximum the row is ranked on (the total, or a
    /// cluster's points); dashes without them.
    pub(crate) ranked_on: Option<(Points, Points)>,
    /// The computed predikat's tier id: `None` without a computed score,
    /// `Some(None)` for a score below every tier.
    pub(crate) predikat: Option<Option<&'a str>>,
    /// The official predikat's tier id, when one was announced.
    pub(crate) official: Option<&'a str>,
    /// Whether the official and the computed predikat differ.
    pub(crate) mismatch: bool,
    /// Whether the points are the publisher's illustration.
    pub(crate) illustrative: bool,
    /// The predikat movement and the change of the total since the previous evaluation.
    pub(crate) trend: (Option<Direction>, Option<Points>),
}

impl<'a> RowFacts<'a> {
    /// The row of `ev` without a rank, ranked on its total: an official-only
    /// evaluation below a ranking, a year of a profile's history.
    pub(crate) fn of(index: &Index<'a>, ev: &'a ScoredEvaluation) -> Self {
        let computed = ev.computed.as_ref();
        RowFacts {
            rank: None,
            year: ev.year,
            region: RegionFacts::of(&index.scored.site, ev.region),
            rubric: ev.rubric,
            ranked_on: computed.map(|c| (c.total, c.max)),
            predikat: computed.map(|c| c.predikat.as_deref()),
            official: ev.official.as_deref(),
            mismatch: ev.mismatch,
            illustrative: index.illustrative(ev),
            trend: trend_of(ev),
        }
    }

    /// The row of `ev` in its year's national ranking (and the home page's lists).
    pub(crate) fn national(index: &Index<'a>, ev: &'a ScoredEvaluation) -> Self {
        RowFacts { rank: ev.ranks.national, ..Self::of(index, ev) }
    }

    /// The row of `ev` in its year's ranking of its province (and, for its
    /// latest evaluation, on its province's page).
    pub(crate) fn province(index: &Index<'a>, ev: &'a ScoredEvaluation) -> Self {
        RowFacts { rank: ev.ranks.province, ..Self::of(index, ev) }
    }

    /// The row of `ev` in its year's ranking by the points of `cluster`, one
    /// of its cluster scores.
    pub(crate) fn cluster(
        index: &Index<'a>,
        ev: &'a ScoredEvaluation,
        cluster: &ClusterScore,
    ) -> Self {
        RowFacts {
            rank: cluster.rank_national,
            ranked_on: Some((cluster.points, cluster.max)),
            ..Self::of(index, ev)
        }
    }
}

/// Every value one ranking row shows, borrowed from the site (`'a`) and from
/// the [`Ctx`] that made the links (`'c`): the row's [`RowFacts`] with the
/// links and predikat names of the context's language ([`Ctx::inputs_of`]).
/// The row is built from these alone
/// ([`RowInputs::row`]), so equal inputs give equal rows in one language, and
/// `kla serve` keys remembered rows by their `Hash`: a string is written with
/// its bytes and a terminator, every other field is fixed-size or an enum, so
/// the bytes written differ whenever a field does.
///
/// [`Ctx`]: super::Ctx
/// [`Ctx::inputs_of`]: super::Ctx::inputs_of
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct RowInputs<'a, 'c> {
    /// The rank shown (national, province or cluster); a dash without one.
    pub(super) rank: Option<u32>,
    pub(super) year: u16,
    pub(super) name: &'a str,
    /// The region's profile link in the context's language.
    pub(super) url: &'c str,
    pub(super) province: &'a str,
    /// The province's page link in the context's language.
    pub(super) province_url: &'c str,
    pub(super) kind: RegionKind,
    /// The points and maximum the row is ranked on; dashes without them.
    pub(super) ranked_on: Option<(Points, Points)>,
    /// The computed predikat's name in the context's language (or its id when
    /// the rubric has no such tier): `None` without a computed score,
    /// `Some(None)` for a score below every tier.
    pub(super) predikat: Option<Option<&'a str>>,
    /// The official predikat's name, like `predikat`, when one was announced.
    pub(super) official: Option<&'a str>,
    pub(super) mismatch: bool,
    pub(super) illustrative: bool,
    /// The predikat movement and the change of the total since the previous evaluation.
    pub(super) trend: (Option<Direction>, Option<Points>),
}

/// The words every ranking row of one language shares, looked up once per
/// [`Ctx`](super::Ctx): with [`RowInputs`] they are all a row is built from.
pub(crate) struct RowWords<'a> {
    lang: &'a str,
    dash: String,
    no_predikat: String,
    /// "Kabupaten" and "Kota".
    kinds: (String, String),
    /// The screen-reader texts of a rise, a fall and no change.
    trend: [String; 3],
}

impl<'a> RowWords<'a> {
    /// The row words of `ui`'s language.
    pub(crate) fn new(ui: &Ui<'a>) -> Self {
        RowWords {
            lang: ui.lang,
            dash: ui.t("dash"),
            no_predikat: ui.t("no_predikat"),
            kinds: (ui.kind(RegionKind::Kabupaten), ui.kind(RegionKind::Kota)),
            trend: ["trend_up", "trend_down", "trend_same"].map(|key| ui.t(key)),
        }
    }

    /// A predikat movement and score change as arrow, label and delta.
    pub(crate) fn trend(
        &self,
        (movement, delta): (Option<Direction>, Option<Points>),
    ) -> TrendView {
        let (arrow, label, class) = match movement {
            Some(Direction::Up) => ("\u{2191}", self.trend[0].as_str(), "up"),
            Some(Direction::Down) => ("\u{2193}", self.trend[1].as_str(), "down"),
            Some(Direction::Same) => ("\u{2192}", self.trend[2].as_str(), "same"),
            None => ("", "", ""),
        };
        TrendView {
            arrow,
            label: label.to_string(),
            class,
            delta: delta.map(|d| format_delta(d, self.lang)).unwrap_or_default(),
            delta_raw: delta.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// An evaluation's predikat movement and change of total, when it has a previous one.
pub(super) fn trend_of(ev: &ScoredEvaluation) -> (Option<Direction>, Option<Points>) {
    ev.trend.as_ref().map_or((None, None), |t| (t.predikat, t.delta))
}

impl<'a> RowInputs<'a, '_> {
    /// The row these inputs show, in the language of `words`.
    pub(crate) fn row(self, words: &RowWords<'_>) -> RankRow<'a> {
        let dash = || words.dash.clone();
        let points = |p: Points| format_points(p, words.lang);
        let (total, max) =
            self.ranked_on.map_or_else(|| (dash(), dash()), |(t, m)| (points(t), points(m)));
        RankRow {
            rank: self.rank.map_or_else(dash, |r| r.to_string()),
            year: self.year,
            name: self.name,
            url: self.url.to_string(),
            province: self.province,
            province_url: self.province_url.to_string(),
            kind: match self.kind {
                RegionKind::Kabupaten => words.kinds.0.clone(),
                RegionKind::Kota => words.kinds.1.clone(),
            },
            total,
            total_raw: self.ranked_on.map(|(t, _)| t.to_string()).unwrap_or_default(),
            max,
            predikat: match self.predikat {
                None => dash(),
                Some(None) => words.no_predikat.clone(),
                Some(Some(name)) => name.to_string(),
            },
            official: self.official.map_or_else(dash, str::to_string),
            mismatch: self.mismatch,
            illustrative: self.illustrative,
            trend: words.trend(self.trend),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::rows::write_key;
    use crate::render::theme::Theme;
    use crate::render::views::Ctx;
    use crate::testkit::scenes;

    /// Every fact of a row, and every value the context adds to them, changes
    /// both the row's key in the row cache and the row itself: a rebuild that
    /// compares facts, and a cache that compares keys, miss no change of a row.
    #[test]
    fn every_input_changes_both_the_key_and_the_row() {
        let mut scored = scenes::uji_scored();
        // A second rubric, whose tiers are named otherwise ("madya", not "Madya").
        scored.site.rubrics.push(scenes::five_tier_rubric("lain", 2019, None));
        let strings = Theme::builtin().unwrap().strings_for("id");
        let ctx = Ctx::new(&scored, Ui::new("id", &strings, "https://kla.example/"));
        let facts = RowFacts::national(&ctx, &scored.evaluations[1]);
        let base = ctx.inputs_of(facts);
        let key = |inputs: &RowInputs<'_, '_>| {
            let mut bytes = Vec::new();
            write_key(inputs, true, &mut bytes);
            bytes
        };
        let row =
            |inputs: RowInputs<'_, '_>| serde_json::to_value(inputs.row(ctx.row_words())).unwrap();
        assert_eq!(key(&base), key(&ctx.inputs_of(facts)));
        assert_eq!(row(base), serde_json::to_value(ctx.row(facts)).unwrap());
        // The facts and the inputs are named field by field, so a new fact or
        // input fails to compile here until it gets a variant below (and a new
        // fact in `Ctx::inputs_of` until the row shows it).
        let RowFacts {
            rank,
            year,
            region,
            rubric,
            ranked_on,
            predikat: _,
            official: _,
            mismatch,
            illustrative,
            trend: (movement, delta),
        } = facts;
        let RegionFacts { index, name, province, kind } = region;
        // What the context adds to the facts; the other inputs are facts.
        let RowInputs {
            url,
            province_url,
            predikat: _,
            official: _,
            rank: _,
            year: _,
            name: _,
            province: _,
            kind: _,
            ranked_on: _,
            mismatch: _,
            illustrative: _,
            trend: _,
        } = base;
        let other = |s: &str| format!("{s}x");
        let (name, url, province, province_url) =
            (other(name), other(url), other(province), other(province_url));
        let kind = match kind {
            RegionKind::Kabupaten => RegionKind::Kota,
            RegionKind::Kota => RegionKind::Kabupaten,
        };
        let more = |p: Points| Points(p.0 + 1);
        let fact_variants = [
            ("rank", RowFacts { rank: rank.map(|r| r + 1), ..facts }),
            ("no rank", RowFacts { rank: None, ..facts }),
            ("year", RowFacts { year: year + 1, ..facts }),
            ("region", RowFacts { region: RegionFacts { index: index + 1, ..region }, ..facts }),
            ("name", RowFacts { region: RegionFacts { name: &name, ..region }, ..facts }),
            (
                "province",
                RowFacts { region: RegionFacts { province: &province, ..region }, ..facts },
            ),
            ("kind", RowFacts { region: RegionFacts { kind, ..region }, ..facts }),
            ("rubric", RowFacts { rubric: rubric + 1, ..facts }),
            ("total", RowFacts { ranked_on: ranked_on.map(|(t, m)| (more(t), m)), ..facts }),
            ("max", RowFacts { ranked_on: ranked_on.map(|(t, m)| (t, more(m))), ..facts }),
            ("no total", RowFacts { ranked_on: None, ..facts }),
            ("no score", RowFacts { predikat: None, ..facts }),
            ("no predikat", RowFacts { predikat: Some(None), ..facts }),
            ("predikat", RowFacts { predikat: Some(Some("pratama")), ..facts }),
            ("official", RowFacts { official: Some("pratama"), ..facts }),
            ("no official", RowFacts { official: None, ..facts }),
            ("mismatch", RowFacts { mismatch: !mismatch, ..facts }),
            ("illustrative", RowFacts { illustrative: !illustrative, ..facts }),
            ("movement", RowFacts { trend: (Some(Direction::Down), delta), ..facts }),
            ("no movement", RowFacts { trend: (None, delta), ..facts }),
            ("delta", RowFacts { trend: (movement, delta.map(more)), ..facts }),
            ("no delta", RowFacts { trend: (movement, None), ..facts }),
        ];
        let added_variants = [
            ("url", RowInputs { url: &url, ..base }),
            ("province url", RowInputs { province_url: &province_url, ..base }),
            ("predikat name", RowInputs { predikat: Some(Some("Lain")), ..base }),
            ("official name", RowInputs { official: Some("Lain"), ..base }),
        ];
        let fixture =
            |what| format!("the fixture row already has the {what} variant: pick another");
        let variants = fact_variants.map(|(what, varied)| {
            assert_ne!(varied, facts, "{}", fixture(what));
            (what, ctx.inputs_of(varied))
        });
        for (what, inputs) in added_variants {
            assert_ne!(inputs, base, "{}", fixture(what));
        }
        for (what, inputs) in variants.into_iter().chain(added_variants) {
            assert_ne!(key(&inputs), key(&base), "{what} is in the key");
            assert_ne!(row(inputs), row(base), "{what} shows in the row");
        }
    }
}
