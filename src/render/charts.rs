//! Charts as inline SVG, drawn at build time: pure functions from labelled
//! numbers to an SVG string, so pages need no JavaScript to show them.
//!
//! Every chart carries a `<title>` and a `<desc>` (the text alternative) and is
//! labelled by them with `aria-labelledby`; the data table beside or behind the
//! chart is the template's job, as is choosing and formatting the numbers
//! (labels arrive already formatted in the page language). Coordinates are
//! written with one decimal, so output is deterministic.

use crate::render::feeds::xml_escape as escape;
use crate::render::palette;
use std::fmt::Write as _;

/// Width of every chart's coordinate system; the CSS scales it to the page.
const WIDTH: f64 = 640.0;
/// Where bars start in a horizontal bar chart (room for the labels before it).
const LABEL_WIDTH: f64 = 210.0;
/// Room after a bar for its value text.
const VALUE_WIDTH: f64 = 90.0;
/// Height of one bar row.
const ROW: f64 = 28.0;

/// Colour of the series for "no predikat" / "no data": the palette's "not in the record".
pub(crate) const NONE_COLOUR: &str = palette::NOT_IN_RECORD;

/// The colour of tier `index` (0 = lowest) of `count` tiers, from the site's one palette.
pub(crate) fn tier_colour(index: usize, count: usize) -> &'static str {
    palette::tier(index, count)
}

/// The accessible name of a chart: its title and its text alternative.
#[derive(Debug, Clone)]
pub(crate) struct Labels<'a> {
    /// Unique on its page; prefixes the ids of `<title>` and `<desc>`.
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    /// One or two sentences saying what the chart shows, for screen readers.
    pub(crate) desc: &'a str,
}

/// One bar of a horizontal bar chart: `value` out of `max`.
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    pub(crate) label: String,
    pub(crate) value: f64,
    pub(crate) max: f64,
    /// The value as shown at the end of the bar, e.g. `42,5 / 60`.
    pub(crate) text: String,
}

/// Horizontal bars, each against its own maximum (a light track shows the
/// maximum, the dark bar the value): a region's points per cluster.
pub(crate) fn bars(labels: &Labels<'_>, bars: &[Bar]) -> String {
    let height = ROW * bars.len() as f64 + 8.0;
    let track = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let mut svg = open(labels, height);
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let length = bar_length(bar.value, bar.max, track);
        let _ = write!(
            svg,
            "<g><text x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>\
             <rect class=\"track\" x=\"{LABEL_WIDTH:.1}\" y=\"{y:.1}\" width=\"{track:.1}\" height=\"18.0\" fill=\"#eef1f4\"/>\
             <rect class=\"bar\" x=\"{LABEL_WIDTH:.1}\" y=\"{y:.1}\" width=\"{length:.1}\" height=\"18.0\" fill=\"#0b5cad\"/>\
             <text x=\"{vx:.1}\" y=\"{ty:.1}\">{text}</text></g>",
            lx = Tenths(LABEL_WIDTH - 8.0),
            ty = Tenths(y + 13.5),
            label = escape(&truncate(&bar.label, 30)),
            vx = Tenths(LABEL_WIDTH + track + 6.0),
            text = escape(&bar.text),
            LABEL_WIDTH = Tenths(LABEL_WIDTH),
            y = Tenths(y),
            track = Tenths(track),
            length = Tenths(length),
        );
    }
    close(svg)
}

/// `value / max` of `track`, clamped to the track (a zero maximum draws nothing).
fn bar_length(value: f64, max: f64, track: f64) -> f64 {
    if max <= 0.0 { 0.0 } else { (value / max).clamp(0.0, 1.0) * track }
}

/// A band of scores reaching one tier, drawn behind a score line.
#[derive(Debug, Clone)]
pub(crate) struct Band {
    pub(crate) label: String,
    /// Lowest score of the tier.
    pub(crate) from: f64,
    pub(crate) colour: &'static str,
}

/// One point of a score line: a year and its score (`None`: no computed score).
#[derive(Debug, Clone)]
pub(crate) struct Point {
    pub(crate) label: String,
    pub(crate) value: Option<f64>,
    /// The value as written above its dot.
    pub(crate) text: String,
}

/// A score over the years as dots joined by a line, over bands showing
/// where each predikat starts: a region's history.
pub(crate) fn score_line(
    labels: &Labels<'_>,
    points: &[Point],
    max: f64,
    bands: &[Band],
) -> String {
    let (top, plot_h, left, right) = (10.0, 180.0, 48.0, WIDTH - 120.0);
    let y_of = |v: f64| top + plot_h - bar_length(v, max, plot_h);
    let mut svg = open(labels, top + plot_h + 30.0);
    for (i, band) in bands.iter().enumerate() {
        let upper = bands.get(i + 1).map_or(max, |b| b.from);
        let (y0, y1) = (y_of(upper), y_of(band.from));
        let _ = write!(
            svg,
            "<rect x=\"{left:.1}\" y=\"{y0:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{c}\" fill-opacity=\"0.35\"/>\
             <text x=\"{tx:.1}\" y=\"{ty:.1}\" class=\"band\">{label}</text>",
            w = Tenths(right - left),
            h = Tenths((y1 - y0).max(0.0)),
            c = band.colour,
            tx = Tenths(right + 6.0),
            ty = Tenths((y0 + y1) / 2.0 + 4.0),
            label = escape(&truncate(&band.label, 16)),
            left = Tenths(left),
            y0 = Tenths(y0),
        );
    }
    let _ = write!(
        svg,
        "<line x1=\"{left:.1}\" y1=\"{b:.1}\" x2=\"{right:.1}\" y2=\"{b:.1}\" stroke=\"#57606a\"/>",
        b = Tenths(top + plot_h),
        left = Tenths(left),
        right = Tenths(right),
    );
    let step =
        if points.len() > 1 { (right - left - 40.0) / (points.len() - 1) as f64 } else { 0.0 };
    let x_of = |i: usize| left + 20.0 + step * i as f64;
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some(format!("{:.1},{:.1}", Tenths(x_of(i)), Tenths(y_of(p.value?)))))
        .collect();
    if path.len() > 1 {
        let _ = write!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2\"/>",
            path.join(" ")
        );
    }
    for (i, p) in points.iter().enumerate() {
        let x = x_of(i);
        if let Some(v) = p.value {
            let y = y_of(v);
            let _ = write!(
                svg,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"#0b5cad\"/><text x=\"{x:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{t}</text>",
                ty = Tenths(y - 9.0),
                t = escape(&p.text),
                x = Tenths(x),
                y = Tenths(y),
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{x:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\">{l}</text>",
            ly = Tenths(top + plot_h + 20.0),
            l = escape(&p.label),
            x = Tenths(x),
        );
    }
    close(svg)
}

/// One series of a stacked bar chart (a predikat) with its colour.
#[derive(Debug, Clone)]
pub(crate) struct Series {
    pub(crate) label: String,
    pub(crate) colour: &'static str,
}

/// One stacked bar: a label and a count per series (same order as the series).
#[derive(Debug, Clone)]
pub(crate) struct Stack {
    pub(crate) label: String,
    pub(crate) counts: Vec<usize>,
}

/// Horizontal stacked bars of counts, all on the scale of the largest total,
/// with a legend: the regions per predikat in each year.
pub(crate) fn stacked(labels: &Labels<'_>, series: &[Series], stacks: &[Stack]) -> String {
    let legend_rows = series.len().div_ceil(3);
    let height = ROW * stacks.len() as f64 + 22.0 * legend_rows as f64 + 12.0;
    let track = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let largest = stacks.iter().map(|s| s.counts.iter().sum::<usize>()).max().unwrap_or(0);
    let mut svg = open(labels, height);
    for (i, stack) in stacks.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let total: usize = stack.counts.iter().sum();
        let _ = write!(
            svg,
            "<text x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\">{l}</text>",
            lx = Tenths(LABEL_WIDTH - 8.0),
            ty = Tenths(y + 13.5),
            l = escape(&truncate(&stack.label, 30)),
        );
        let mut x = LABEL_WIDTH;
        for (count, s) in stack.counts.iter().zip(series) {
            let w = bar_length(*count as f64, largest as f64, track);
            if w > 0.0 {
                let _ = write!(
                    svg,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"18.0\" fill=\"{c}\"><title>{l}: {count}</title></rect>",
                    c = s.colour,
                    l = escape(&s.label),
                    x = Tenths(x),
                    y = Tenths(y),
                    w = Tenths(w),
                );
            }
            x += w;
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\">{total}</text>",
            Tenths(x + 6.0),
            Tenths(y + 13.5)
        );
    }
    let legend_top = 8.0 + ROW * stacks.len() as f64;
    for (i, s) in series.iter().enumerate() {
        let (col, row) = (i % 3, i / 3);
        let (x, y) = (LABEL_WIDTH * col as f64 + 8.0, legend_top + 22.0 * row as f64);
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"12.0\" height=\"12.0\" fill=\"{c}\"/><text x=\"{tx:.1}\" y=\"{ty:.1}\">{l}</text>",
            c = s.colour,
            tx = Tenths(x + 18.0),
            ty = Tenths(y + 11.0),
            l = escape(&truncate(&s.label, 26)),
            x = Tenths(x),
            y = Tenths(y),
        );
    }
    close(svg)
}

/// A small single stacked bar without labels or legend (a small multiple):
/// one province's regions per predikat. Its `<desc>` carries the numbers.
pub(crate) fn mini_stack(labels: &Labels<'_>, series: &[Series], counts: &[usize]) -> String {
    let (width, height) = (160.0, 16.0);
    let total: usize = counts.iter().sum();
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart mini\" viewBox=\"0 0 {width:.1} {height:.1}\" \
         width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{t}</title><desc id=\"{id}-d\">{d}</desc>",
        id = escape(labels.id),
        t = escape(labels.title),
        d = escape(labels.desc),
    );
    let mut x = 0.0;
    for (count, s) in counts.iter().zip(series) {
        let w = bar_length(*count as f64, total as f64, width);
        if w > 0.0 {
            let _ = write!(
                svg,
                "<rect x=\"{x:.1}\" y=\"0.0\" width=\"{w:.1}\" height=\"{height:.1}\" fill=\"{}\"/>",
                s.colour,
                x = Tenths(x),
                w = Tenths(w),
                height = Tenths(height),
            );
        }
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

/// The opening of a full-width chart with its accessible name.
fn open(labels: &Labels<'_>, height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH:.1} {height:.1}\" \
         role=\"img\" aria-labelledby=\"{id}-t {id}-d\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#1b1f24\">\
         <title id=\"{id}-t\">{t}</title><desc id=\"{id}-d\">{d}</desc>",
        id = escape(labels.id),
        t = escape(labels.title),
        d = escape(labels.desc),
        WIDTH = Tenths(WIDTH),
        height = Tenths(height),
    )
}

/// A coordinate written as `{:.1}` writes an `f64`, byte for byte, but
/// without the standard library's slow path for exact values. Most
/// coordinates are whole or half units (`640.0`, `13.5`), for which `{:.1}`
/// falls back from Grisu to the bignum Dragon algorithm, which showed in a
/// village-scale build's CPU profile: the charts of every region profile
/// (bench/README.md, "Figures behind the code's comments").
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = self.0 * 10.0;
        // When `10 * x` rounds to a whole `n` (far below 2^53), the exact `10 * x`
        // is within 1/16 of `n`, so `x` to one decimal is exactly `n / 10`.
        let plain = f.precision() == Some(1) && f.width().is_none() && !f.sign_plus();
        if plain && tenths.fract() == 0.0 && tenths.abs() < 1e15 && !self.0.is_sign_negative() {
            let n = tenths as u64;
            return write!(f, "{}.{}", n / 10, n % 10);
        }
        std::fmt::Display::fmt(&self.0, f)
    }
}

fn close(mut svg: String) -> String {
    svg.push_str("</svg>");
    svg
}

/// Shortens a label to `max` characters with an ellipsis (the table has it in full).
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max - 1).collect();
        format!("{}\u{2026}", kept.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels<'static> {
        Labels { id: "c1", title: "Nilai <per> klaster", desc: "Poin & maksimum" }
    }

    #[test]
    fn tenths_are_written_exactly_as_one_decimal_formatting_writes_them() {
        let mut values = vec![0.0, -0.0, 0.25, 0.75, 0.05, 0.15, 1e15, 1e16, -13.5, f64::NAN];
        values.extend((0..4000).map(|i| f64::from(i) * 0.5));
        values.extend((0..4000).map(|i| f64::from(i) / 7.0 * 3.3));
        values.extend((0..400).map(|i| 210.0 + 340.0 * f64::from(i) / 400.0));
        for v in values {
            assert_eq!(format!("{:.1}", Tenths(v)), format!("{v:.1}"), "{v:e}");
            assert_eq!(format!("{}", Tenths(v)), format!("{v}"), "other formats pass through");
        }
    }

    /// Parses the SVG as XML, so a test fails on anything malformed.
    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"))
    }

    fn widths(doc: &roxmltree::Document<'_>, class: &str) -> Vec<f64> {
        doc.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some(class))
            .map(|n| n.attribute("width").unwrap().parse().unwrap())
            .collect()
    }

    fn assert_labelled(doc: &roxmltree::Document<'_>) {
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("aria-labelledby"), Some("c1-t c1-d"));
        let title = root.children().find(|n| n.has_tag_name("title")).expect("a title");
        assert_eq!(title.attribute("id"), Some("c1-t"));
        assert_eq!(title.text(), Some("Nilai <per> klaster"), "escaped, then read back");
        let desc = root.children().find(|n| n.has_tag_name("desc")).expect("a desc");
        assert_eq!(desc.text(), Some("Poin & maksimum"));
    }

    #[test]
    fn bar_lengths_are_proportional_to_value_over_max() {
        let track = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        let svg = bars(
            &labels(),
            &[
                Bar { label: "Kelembagaan".into(), value: 30.0, max: 60.0, text: "30 / 60".into() },
                Bar { label: "A \"b\" & <c>".into(), value: 90.0, max: 90.0, text: "90".into() },
                Bar { label: "Kosong".into(), value: 5.0, max: 0.0, text: "5".into() },
            ],
        );
        let doc = parse(&svg);
        assert_labelled(&doc);
        assert_eq!(widths(&doc, "bar"), [track / 2.0, track, 0.0]);
        assert_eq!(widths(&doc, "track"), [track; 3]);
        assert!(doc.descendants().any(|n| n.text() == Some("A \"b\" & <c>")), "escaped label");
    }

    #[test]
    fn score_line_draws_a_dot_per_scored_year_over_tier_bands() {
        let point = |label: &str, value: Option<f64>| Point {
            label: label.into(),
            value,
            text: value.map(|v| v.to_string()).unwrap_or_default(),
        };
        let bands = [
            Band { label: "Pratama".into(), from: 500.0, colour: tier_colour(0, 2) },
            Band { label: "Madya".into(), from: 750.0, colour: tier_colour(1, 2) },
        ];
        let svg = score_line(
            &labels(),
            &[point("2019", Some(600.0)), point("2021", None), point("2023", Some(1000.0))],
            1000.0,
            &bands,
        );
        let doc = parse(&svg);
        assert_labelled(&doc);
        let dots: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .map(|n| n.attribute("cy").unwrap().parse().unwrap())
            .collect();
        assert_eq!(dots, [10.0 + 180.0 - 108.0, 10.0], "600 of 1000 and the maximum");
        assert!(
            doc.descendants().any(|n| n.text() == Some("2021")),
            "a year without score keeps its label"
        );
        assert!(doc.descendants().any(|n| n.text() == Some("Madya")));
    }

    #[test]
    fn stacked_bars_share_the_scale_of_the_largest_total() {
        let track = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        let series = [
            Series { label: "Madya".into(), colour: tier_colour(0, 2) },
            Series { label: "Utama".into(), colour: tier_colour(1, 2) },
        ];
        let stacks = [
            Stack { label: "2019".into(), counts: vec![1, 1] },
            Stack { label: "2021".into(), counts: vec![0, 4] },
        ];
        let svg = stacked(&labels(), &series, &stacks);
        let doc = parse(&svg);
        assert_labelled(&doc);
        let segments: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.has_children())
            .map(|n| n.attribute("width").unwrap().parse().unwrap())
            .collect();
        assert_eq!(segments, [track / 4.0, track / 4.0, track], "zero counts draw nothing");
        let mini = mini_stack(&labels(), &series, &[1, 3]);
        let doc = parse(&mini);
        assert_labelled(&doc);
        let rects: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .map(|n| n.attribute("width").unwrap().parse().unwrap())
            .collect();
        assert_eq!(rects, [40.0, 120.0]);
    }

    #[test]
    fn long_labels_are_shortened_with_an_ellipsis() {
        assert_eq!(truncate("Pendidikan, Pemanfaatan Waktu Luang", 12), "Pendidikan,\u{2026}");
        assert_eq!(truncate("Kesehatan", 12), "Kesehatan");
    }
}
