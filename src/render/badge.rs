//! Each region's badge (`/wilayah/<slug>/lencana.svg`): a small SVG naming
//! the region and its latest official predikat with the year, or saying it
//! is not in the record, for a region's own site to embed. An image shown by
//! `<img>` cannot link, so the profile offers a snippet that wraps it in a
//! link back to the profile.
//!
//! A badge is drawn from the region (its name and record), the rubrics'
//! tier names and the site's title, in the site's first language; its size
//! is fixed, so the snippet can give it. Drawn as text, it needs no fonts.

use std::fmt::Write as _;

use crate::model::record::claimed;
use crate::model::{Region, Site};
use crate::render::feeds::xml_escape as escape;
use crate::render::palette;

/// The badge's width, in pixels.
pub(crate) const WIDTH: u32 = 320;
/// The badge's height, in pixels.
pub(crate) const HEIGHT: u32 = 48;
/// Where the right part (the predikat on its colour) starts.
const SPLIT: f64 = 186.0;

/// A region's latest result in the record: its year and the predikat its
/// sources give (more than one: they disagree); `None`: not in the record.
pub(crate) fn latest(region: &Region) -> Option<(u16, Vec<&str>)> {
    let latest =
        region.evaluations.iter().filter(|e| !e.claims.is_empty()).max_by_key(|e| e.year)?;
    Some((latest.year, claimed(&latest.claims)))
}

/// A region's latest standing as a badge shows it, in `lang`: the predikat's
/// name (or `conflict` when sources differ, `none` when the region is not in
/// the record), the year, and the fill.
pub(crate) fn describe(
    site: &Site,
    region: &Region,
    lang: &str,
    (none, conflict): (&str, &str),
) -> (String, Option<u16>, palette::Hex) {
    let Some((year, ids)) = latest(region) else {
        return (none.to_string(), None, palette::NOT_IN_RECORD);
    };
    let rubric = site.rubric_for(year).map(|(_, r)| r);
    match ids[..] {
        [id] => {
            let tiers = rubric.map_or(&[][..], |r| &r.tiers[..]);
            let at = tiers.iter().position(|t| *t.id == *id);
            let name = at.map_or_else(|| id.to_string(), |i| tiers[i].name.get(lang).to_string());
            let fill = at.map_or(palette::NOT_IN_RECORD, |i| palette::tier(i, tiers.len()));
            (name, Some(year), fill)
        }
        _ => (conflict.to_string(), Some(year), palette::CONFLICT),
    }
}

/// What a badge says, in words already in the badge's language.
#[derive(Debug, Clone)]
pub(crate) struct BadgeText<'a> {
    /// The region's name.
    pub(crate) name: &'a str,
    /// "Kabupaten/Kota Layak Anak": what the badge is about.
    pub(crate) label: &'a str,
    /// The predikat, "sources differ", or "not in the record".
    pub(crate) predikat: &'a str,
    /// The year of the result, when there is one.
    pub(crate) year: Option<u16>,
    /// The site's title, for the accessible name.
    pub(crate) site: &'a str,
    /// The fill of the predikat's part, from the palette.
    pub(crate) fill: palette::Hex,
}

impl BadgeText<'_> {
    /// "Kota Bontang: Madya 2023": the badge's accessible name and the snippet's `alt`.
    pub(crate) fn alt(&self) -> String {
        match self.year {
            Some(year) => format!("{}: {} {year}", self.name, self.predikat),
            None => format!("{}: {}", self.name, self.predikat),
        }
    }
}

/// About how wide `text` is at `size` pixels in a sans-serif font (bold
/// is wider): a badge squeezes a text only when this says it would overflow.
fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    text.chars().count() as f64 * size * if bold { 0.62 } else { 0.55 }
}

/// A `<text>` element fitting `room` pixels (squeezed with `textLength` only
/// when it would not fit).
fn text(
    svg: &mut String,
    (x, y): (f64, f64),
    size: f64,
    bold: bool,
    room: f64,
    attrs: &str,
    s: &str,
) {
    let squeeze = if text_width(s, size, bold) > room {
        format!(" textLength=\"{room}\" lengthAdjust=\"spacingAndGlyphs\"")
    } else {
        String::new()
    };
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    let _ = write!(
        svg,
        "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\"{weight}{squeeze}{attrs}>{}</text>",
        escape(s)
    );
}

/// The badge's SVG.
pub(crate) fn svg(badge: &BadgeText<'_>) -> String {
    let (w, h) = (f64::from(WIDTH), f64::from(HEIGHT));
    let on_fill = palette::text_on(badge.fill);
    let title = format!("{} \u{2014} {}", badge.alt(), badge.site);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"t\" \
         font-family=\"Verdana,DejaVu Sans,sans-serif\">\
         <title id=\"t\">{t}</title>\
         <rect x=\".5\" y=\".5\" width=\"{iw}\" height=\"{ih}\" rx=\"5\" fill=\"{bg}\" stroke=\"{ink}\"/>\
         <path d=\"M{SPLIT} .5h{rw}a4.5 4.5 0 0 1 4.5 4.5v{rh}a4.5 4.5 0 0 1-4.5 4.5h-{rw}z\" fill=\"{fill}\" stroke=\"{ink}\"/>",
        t = escape(&title),
        iw = w - 1.0,
        ih = h - 1.0,
        rw = w - SPLIT - 5.0,
        rh = h - 10.0,
        bg = palette::BACKGROUND,
        ink = palette::INK,
        fill = badge.fill,
    );
    let ink = format!(" fill=\"{}\"", palette::INK);
    text(&mut svg, (10.0, 21.0), 13.0, true, SPLIT - 18.0, &ink, badge.name);
    text(&mut svg, (10.0, 38.0), 11.0, false, SPLIT - 18.0, &ink, badge.label);
    let centre = (SPLIT + w) / 2.0;
    let on = format!(" fill=\"{on_fill}\" text-anchor=\"middle\"");
    let room = w - SPLIT - 14.0;
    match badge.year {
        Some(year) => {
            text(&mut svg, (centre, 21.0), 13.0, true, room, &on, badge.predikat);
            text(&mut svg, (centre, 38.0), 11.0, false, room, &on, &year.to_string());
        }
        None => text(&mut svg, (centre, 29.0), 12.0, true, room, &on, badge.predikat),
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn badge<'a>(name: &'a str, predikat: &'a str, year: Option<u16>) -> BadgeText<'a> {
        BadgeText {
            name,
            label: "Kabupaten/Kota Layak Anak",
            predikat,
            year,
            site: "KLA Terbuka",
            fill: palette::TIERS[1],
        }
    }

    fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        doc.descendants()
            .filter(|n| n.has_tag_name("text") || n.has_tag_name("title"))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn a_badge_names_the_region_its_predikat_and_year() {
        let svg = svg(&badge("Kota \"Bontang\" & Co", "Madya", Some(2023)));
        assert_eq!(
            texts(&svg),
            [
                "Kota \"Bontang\" & Co: Madya 2023 \u{2014} KLA Terbuka",
                "Kota \"Bontang\" & Co",
                "Kabupaten/Kota Layak Anak",
                "Madya",
                "2023"
            ]
        );
        assert!(svg.contains(&format!("width=\"{WIDTH}\" height=\"{HEIGHT}\"")));
        assert!(!svg.contains("textLength"), "short texts are not squeezed");
    }

    #[test]
    fn a_region_not_in_the_record_says_so_without_a_year_and_long_names_fit() {
        let name = "Kabupaten Kepulauan Siau Tagulandang Biaro";
        let svg = svg(&badge(name, "Tidak ada dalam rekam", None));
        assert_eq!(texts(&svg)[0], format!("{name}: Tidak ada dalam rekam \u{2014} KLA Terbuka"));
        assert_eq!(svg.matches("textLength").count(), 2, "the long name and the long state");
    }
}
