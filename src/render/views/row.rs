//! One row of a ranking table, and the one description of what it shows.
//!
//! A row is drawn in two steps: [`Ctx::inputs_of`] (in `views`, which owns
//! the context's links) gathers every value the
//! row shows into a [`RowInputs`], and [`RowInputs::row`] builds the
//! [`RankRow`] from those values and the words every row of the language
//! shares ([`RowWords`]), nothing else. `kla serve` keys a row's remembered
//! HTML by the inputs' `Hash` (`render::rows`), so a value the row shows is in
//! its key by construction: there is no second list of them to keep in step.

use serde::Serialize;

use super::ui::{Ui, format_delta, format_points};
use crate::model::{Points, RegionKind};
use crate::score::{Direction, ScoredEvaluation};

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

/// Every value one ranking row shows, borrowed from the site (`'a`) and from
/// the [`Ctx`] that made the links (`'c`). The row is built from these alone
/// ([`RowInputs::row`]), so equal inputs give equal rows in one language, and
/// `kla serve` keys remembered rows by their `Hash`: a string is written with
/// its bytes and a terminator, every other field is fixed-size or an enum, so
/// the bytes written differ whenever a field does.
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
/// [`Ctx`]: with [`RowInputs`] they are all a row is built from.
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

    #[test]
    fn every_input_changes_both_the_key_and_the_row() {
        let scored = scenes::uji_scored();
        let strings = Theme::builtin().unwrap().strings_for("id");
        let ctx = Ctx::new(&scored, Ui::new("id", &strings, "https://kla.example/"));
        let ev = &scored.evaluations[1];
        let base = ctx.inputs_of(ev, Some(1), None);
        let key = |inputs: &RowInputs<'_, '_>| {
            let mut bytes = Vec::new();
            write_key(inputs, true, &mut bytes);
            bytes
        };
        let row =
            |inputs: RowInputs<'_, '_>| serde_json::to_value(inputs.row(ctx.row_words())).unwrap();
        assert_eq!(key(&base), key(&ctx.inputs_of(ev, Some(1), None)));
        assert_eq!(row(base), serde_json::to_value(ctx.row(ev, Some(1), None)).unwrap());
        // Named field by field, so a new input fails to compile here until it
        // gets a variant below.
        let RowInputs {
            rank,
            year,
            name,
            url,
            province,
            province_url,
            kind,
            ranked_on,
            predikat: _,
            official: _,
            mismatch,
            illustrative,
            trend: (movement, delta),
        } = base;
        let other = |s: &str| format!("{s}x");
        let (name, url, province, province_url) =
            (other(name), other(url), other(province), other(province_url));
        let kind = match kind {
            RegionKind::Kabupaten => RegionKind::Kota,
            RegionKind::Kota => RegionKind::Kabupaten,
        };
        let more = |p: Points| Points(p.0 + 1);
        let variants = [
            ("rank", RowInputs { rank: rank.map(|r| r + 1), ..base }),
            ("no rank", RowInputs { rank: None, ..base }),
            ("year", RowInputs { year: year + 1, ..base }),
            ("name", RowInputs { name: &name, ..base }),
            ("url", RowInputs { url: &url, ..base }),
            ("province", RowInputs { province: &province, ..base }),
            ("province url", RowInputs { province_url: &province_url, ..base }),
            ("kind", RowInputs { kind, ..base }),
            ("total", RowInputs { ranked_on: ranked_on.map(|(t, m)| (more(t), m)), ..base }),
            ("max", RowInputs { ranked_on: ranked_on.map(|(t, m)| (t, more(m))), ..base }),
            ("no total", RowInputs { ranked_on: None, ..base }),
            ("no score", RowInputs { predikat: None, ..base }),
            ("no predikat", RowInputs { predikat: Some(None), ..base }),
            ("predikat", RowInputs { predikat: Some(Some("Lain")), ..base }),
            ("official", RowInputs { official: Some("Lain"), ..base }),
            ("no official", RowInputs { official: None, ..base }),
            ("mismatch", RowInputs { mismatch: !mismatch, ..base }),
            ("illustrative", RowInputs { illustrative: !illustrative, ..base }),
            ("movement", RowInputs { trend: (Some(Direction::Down), delta), ..base }),
            ("no movement", RowInputs { trend: (None, delta), ..base }),
            ("delta", RowInputs { trend: (movement, delta.map(more)), ..base }),
            ("no delta", RowInputs { trend: (movement, None), ..base }),
        ];
        for (what, inputs) in variants {
            if inputs == base {
                panic!("the fixture row already has the {what} variant: pick another");
            }
            assert_ne!(key(&inputs), key(&base), "{what} is in the key");
            assert_ne!(row(inputs), row(base), "{what} shows in the row");
        }
    }
}
