//! The one palette of the site's charts, maps and badges: a colour per
//! predikat step and one per state of the official record that is not a
//! predikat, so a reader meets the same colour for the same fact everywhere.
//!
//! The predikat steps are a sequential blue-green scale (ColorBrewer's
//! YlGnBu, designed for colour-blind readers) whose lightness falls with
//! every step, so the order survives greyscale printing. "Not awarded" is the
//! scale's lightest step (a known zero); "not in the record" (unknown) is a
//! neutral grey drawn hatched on maps; a conflict between sources is orange,
//! outside the scale. Colour is never the only carrier: every shape and bar
//! has its words in a title, a legend and a table.

/// A colour as `#rrggbb`.
pub(crate) type Hex = &'static str;

/// Fill of each predikat step, lowest first: Pratama, Madya, Nindya, Utama, KLA.
pub(crate) const TIERS: [Hex; 5] = ["#c7e9b4", "#7fcdbb", "#41b6c4", "#225ea8", "#0c2c84"];
/// A complete list of the year says the region had no predikat.
pub(crate) const NOT_AWARDED: Hex = "#ffffcc";
/// No result in the record, whose lists may be partial: unknown, not zero.
pub(crate) const NOT_IN_RECORD: Hex = "#d9dde1";
/// Sources disagree about the region's predikat.
pub(crate) const CONFLICT: Hex = "#a63603";
/// Lines: the hatching over a not-in-record fill and the maps' borders between regions.
pub(crate) const HATCH: Hex = "#8c959f";
/// The page background the palette is checked against (`--bg` of the theme).
pub(crate) const BACKGROUND: Hex = "#ffffff";
/// Text and outlines drawn on the palette (`--fg` of the theme).
pub(crate) const INK: Hex = "#1b1f24";

/// The fill of tier `index` (0 = lowest) of a rubric with `count` tiers: a
/// rubric with fewer tiers takes the top of the scale, so its best predikat
/// has the same colour as every rubric's best.
pub(crate) fn tier(index: usize, count: usize) -> Hex {
    let offset = TIERS.len().saturating_sub(count);
    TIERS[(offset + index).min(TIERS.len() - 1)]
}

/// The colour of text written on `fill`: ink or white, whichever contrasts more.
pub(crate) fn text_on(fill: &str) -> Hex {
    if contrast(fill, INK) >= contrast(fill, BACKGROUND) { INK } else { BACKGROUND }
}

/// WCAG 2 relative luminance of `#rrggbb`.
pub(crate) fn luminance(hex: &str) -> f64 {
    let channel = |at: usize| {
        let v = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap_or(0)) / 255.0;
        if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub(crate) fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scale from "not awarded" to KLA, in order.
    fn scale() -> Vec<Hex> {
        std::iter::once(NOT_AWARDED).chain(TIERS).collect()
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#777777") - 1.0).abs() < 1e-9);
        // WCAG's worked figure: #767676 on white is just above 4.5:1.
        assert!((4.5..4.6).contains(&contrast("#767676", "#ffffff")));
    }

    /// Greyscale: each step darker than the one below, by a ratio that stays
    /// visible printed in grey (1.25:1 between neighbours; a 6-step scale cannot
    /// give 3:1 between every pair, the words carry the rest).
    #[test]
    fn the_scale_darkens_at_every_step() {
        let scale = scale();
        for pair in scale.windows(2) {
            assert!(luminance(pair[0]) > luminance(pair[1]), "{pair:?}");
            assert!(contrast(pair[0], pair[1]) >= 1.25, "{pair:?}: {}", contrast(pair[0], pair[1]));
        }
    }

    /// WCAG 1.4.11 (non-text contrast, 3:1 against the page): the two highest
    /// predikat, a conflict and the hatching of "not in the record" stand out
    /// on their own; the lighter steps are named by the legend, each shape's
    /// title and the table beside every map, so colour is never needed alone.
    #[test]
    fn graphic_objects_meet_three_to_one_against_the_page() {
        for colour in [TIERS[3], TIERS[4], CONFLICT, HATCH, INK] {
            assert!(contrast(colour, BACKGROUND) >= 3.0, "{colour}");
        }
    }

    /// WCAG 1.4.3 (text, 4.5:1): a badge writes its predikat on its fill in
    /// [`text_on`]'s colour, legible on every fill of the palette.
    #[test]
    fn text_on_every_fill_meets_four_and_a_half_to_one() {
        for fill in scale().into_iter().chain([NOT_IN_RECORD, CONFLICT]) {
            let ratio = contrast(fill, text_on(fill));
            assert!(ratio >= 4.5, "{} on {fill}: {ratio:.2}", text_on(fill));
        }
    }

    /// "Not in the record" must not read as "not awarded" or as any predikat:
    /// its grey is told from the scale's neighbours by hue and by its hatching.
    #[test]
    fn unknown_and_conflict_are_outside_the_scale() {
        for colour in scale() {
            assert_ne!(colour, NOT_IN_RECORD);
            assert_ne!(colour, CONFLICT);
        }
        assert!(contrast(HATCH, NOT_IN_RECORD) >= 2.0, "the hatching shows on its grey");
    }

    #[test]
    fn fewer_tiers_take_the_top_of_the_scale() {
        assert_eq!(tier(0, 5), TIERS[0]);
        assert_eq!(tier(1, 2), TIERS[4]);
        assert_eq!(tier(9, 5), TIERS[4], "clamped");
    }
}
