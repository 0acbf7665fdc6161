//! Choropleth maps as inline SVG, drawn at build time: each region its own
//! link to its profile, named by a `<title>` (its name and standing), and
//! filled from the site's one palette, so a page needs no script to show it.
//!
//! [`Drawn`] is the geometry of some regions on one projection, made once
//! per render and coloured per year; [`svg`] writes the map. Which colour
//! and words a region gets is the page's business (`pages::maps`); the
//! arithmetic is [`geometry`]'s.

pub(crate) mod geometry;

use std::fmt::Write as _;

use crate::model::Site;
use crate::render::charts::Labels;
use crate::render::feeds::xml_escape as escape;
use crate::render::palette;
use geometry::{Extent, Projection};

/// Width of the national map's drawing, in screen units (the CSS scales it).
const NATIONAL_WIDTH: f64 = 1000.0;
/// How far the national map's outlines may stray from the data, in units:
/// coarse, the whole nation is a phone's width.
const NATIONAL_TOLERANCE: f64 = 1.2;
/// Width of a province's own map.
const PROVINCE_WIDTH: f64 = 600.0;
/// A province's map keeps finer outlines.
const PROVINCE_TOLERANCE: f64 = 0.6;

/// Some regions drawn on one projection: each region's path data (by index
/// in `site.regions`; `None`: not drawn, no shape or not one of them).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Drawn {
    /// Width and height of the drawing.
    pub(crate) size: geometry::Xy,
    /// Path data per region of the site.
    pub(crate) paths: Vec<Option<String>>,
}

/// Every region of the site with a shape, on one national map; `None` when
/// the site has no boundaries or none of its regions has a shape.
pub(crate) fn national(site: &Site) -> Option<Drawn> {
    let all: Vec<usize> = (0..site.regions.len()).collect();
    drawn(site, &all, NATIONAL_WIDTH, NATIONAL_TOLERANCE)
}

/// The regions at `members` (a province's) on a map of their own.
pub(crate) fn province(site: &Site, members: &[usize]) -> Option<Drawn> {
    drawn(site, members, PROVINCE_WIDTH, PROVINCE_TOLERANCE)
}

fn drawn(site: &Site, members: &[usize], width: f64, tolerance: f64) -> Option<Drawn> {
    let boundaries = site.boundaries.as_deref()?;
    let shapes: Vec<(usize, &crate::model::boundary::Shape)> = members
        .iter()
        .filter_map(|&i| Some((i, boundaries.shape(&site.regions[i].code)?)))
        .collect();
    let extent = Extent::of_polygons(shapes.iter().flat_map(|(_, s)| &s.polygons))?;
    let projection = Projection::fit(extent, width, 4.0);
    // A region too small to see is a marker of a few units; nationally about
    // a small city's size on a phone, bigger on a province's own map.
    let marker = if width > PROVINCE_WIDTH { 4 } else { 6 };
    let mut paths = vec![None; site.regions.len()];
    for (i, shape) in shapes {
        paths[i] = geometry::shape_path(&shape.polygons, &projection, tolerance, marker);
    }
    Some(Drawn { size: projection.size, paths })
}

/// How a region is filled: a colour of the palette, or hatched (not in the record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    /// A solid colour.
    Colour(palette::Hex),
    /// Grey with the palette's hatching: unknown.
    Hatched,
}

impl Fill {
    /// The CSS `background` of a legend swatch showing this fill.
    pub(crate) fn swatch(self) -> String {
        match self {
            Fill::Colour(c) => c.to_string(),
            Fill::Hatched => format!(
                "repeating-linear-gradient(45deg,{h} 0 2px,{g} 2px 6px)",
                h = palette::HATCH,
                g = palette::NOT_IN_RECORD
            ),
        }
    }
}

/// One region on a map: its path data, link, accessible name and fill.
#[derive(Debug, Clone)]
pub(crate) struct Area<'a> {
    pub(crate) d: &'a str,
    pub(crate) href: &'a str,
    /// "Kota Bontang — Madya 2023": the link's accessible name and tooltip.
    pub(crate) label: String,
    pub(crate) fill: Fill,
}

/// The map: one link per area, drawn in the order given (later on top), in
/// a group named by `labels` (not an image, which would hide the links).
pub(crate) fn svg(labels: &Labels<'_>, size: geometry::Xy, areas: &[Area<'_>]) -> String {
    let id = escape(labels.id);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 {w} {h}\" \
         role=\"group\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{t}</title><desc id=\"{id}-d\">{d}</desc>",
        w = size[0],
        h = size[1],
        t = escape(labels.title),
        d = escape(labels.desc),
    );
    if areas.iter().any(|a| a.fill == Fill::Hatched) {
        let _ = write!(
            svg,
            "<defs><pattern id=\"{id}-h\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" \
             patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"{g}\"/>\
             <path d=\"M0 0v4\" stroke=\"{h}\" stroke-width=\"1.5\"/></pattern></defs>",
            g = palette::NOT_IN_RECORD,
            h = palette::HATCH,
        );
    }
    // Grey borders: the palest fills ("not awarded") still show their outline on the page.
    let _ = write!(
        svg,
        "<g stroke=\"{}\" stroke-width=\".5\" stroke-linejoin=\"round\">",
        palette::HATCH
    );
    for area in areas {
        let fill = match area.fill {
            Fill::Colour(c) => c.to_string(),
            Fill::Hatched => format!("url(#{id}-h)"),
        };
        let _ = write!(
            svg,
            "<a href=\"{href}\"><title>{label}</title><path d=\"{d}\" fill=\"{fill}\"/></a>",
            href = escape(area.href),
            label = escape(&area.label),
            d = area.d,
        );
    }
    svg.push_str("</g></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_is_a_named_link_with_its_fill() {
        let labels = Labels { id: "peta", title: "Peta <2023>", desc: "Predikat & wilayah" };
        let areas = [
            Area {
                d: "M0 0l4 0 0 4z",
                href: "/wilayah/kota-a/",
                label: "Kota A — Madya 2023".into(),
                fill: Fill::Colour(palette::TIERS[1]),
            },
            Area {
                d: "M5 5l4 0 0 4z",
                href: "/wilayah/kota-b/?x=1&y=2",
                label: "Kota \"B\" — tidak tercatat 2023".into(),
                fill: Fill::Hatched,
            },
        ];
        let svg = svg(&labels, [10.0, 12.0], &areas);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("viewBox"), Some("0 0 10 12"));
        assert_eq!(root.attribute("role"), Some("group"), "an img role would hide the links");
        let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].attribute("href"), Some("/wilayah/kota-b/?x=1&y=2"));
        fn title<'a>(n: &roxmltree::Node<'a, '_>) -> &'a str {
            n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap()
        }
        assert_eq!(title(&links[0]), "Kota A — Madya 2023");
        assert_eq!(title(&links[1]), "Kota \"B\" — tidak tercatat 2023");
        fn fill<'a>(n: &roxmltree::Node<'a, '_>) -> Option<&'a str> {
            n.children().find(|c| c.has_tag_name("path")).and_then(|p| p.attribute("fill"))
        }
        assert_eq!(fill(&links[0]), Some(palette::TIERS[1]));
        assert_eq!(fill(&links[1]), Some("url(#peta-h)"));
        assert!(doc.descendants().any(|n| n.attribute("id") == Some("peta-h")), "the hatching");
        let plain = super::svg(&labels, [10.0, 12.0], &areas[..1]);
        assert!(!plain.contains("<pattern"), "no hatching defined when none is used");
    }

    #[test]
    fn swatches_show_the_same_fill_as_the_map() {
        assert_eq!(Fill::Colour(palette::CONFLICT).swatch(), palette::CONFLICT);
        let hatched = Fill::Hatched.swatch();
        assert!(hatched.contains(palette::HATCH) && hatched.contains(palette::NOT_IN_RECORD));
    }
}
