//! Map geometry: from longitude and latitude to compact SVG path data.
//!
//! Pure arithmetic on points: an equirectangular projection scaled by the
//! cosine of the middle latitude (Indonesia straddles the equator, so the
//! distortion is small and the projection is cheap), Douglas-Peucker
//! simplification in screen units, rounding to whole units, and paths written
//! with relative commands (`l`, `m`), whose small numbers keep the bytes low.
//! It knows nothing of files, regions or HTML.

use std::fmt::Write as _;

use crate::model::boundary::{LonLat, Ring};

/// A point on the drawing, in screen units (y grows downwards).
pub(crate) type Xy = [f64; 2];

/// The smallest box holding some points, in longitude and latitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Extent {
    pub(crate) min: LonLat,
    pub(crate) max: LonLat,
}

impl Extent {
    /// The extent of `points`, or `None` when there are none.
    pub(crate) fn of<'a>(points: impl IntoIterator<Item = &'a LonLat>) -> Option<Self> {
        let mut points = points.into_iter();
        let first = *points.next()?;
        let mut extent = Extent { min: first, max: first };
        for p in points {
            extent.min = [extent.min[0].min(p[0]), extent.min[1].min(p[1])];
            extent.max = [extent.max[0].max(p[0]), extent.max[1].max(p[1])];
        }
        Some(extent)
    }

    /// The extent of every point of some polygons.
    pub(crate) fn of_polygons<'a>(
        polygons: impl IntoIterator<Item = &'a Vec<Ring>>,
    ) -> Option<Self> {
        Extent::of(polygons.into_iter().flatten().flatten())
    }
}

/// An equirectangular projection fitted to an extent and a width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Projection {
    origin: LonLat,
    /// Screen units per degree of latitude; a degree of longitude is this times `cos`.
    scale: f64,
    cos: f64,
    /// The drawing's width and height in screen units.
    pub(crate) size: Xy,
}

impl Projection {
    /// The projection drawing `extent` exactly `width` units wide, with a
    /// margin of `margin` units on every side (so borders are not cut).
    /// A degree of longitude is shortened by the cosine of the extent's
    /// middle latitude, so shapes keep their proportions there.
    pub(crate) fn fit(extent: Extent, width: f64, margin: f64) -> Self {
        let middle = (extent.min[1] + extent.max[1]) / 2.0;
        let cos = middle.to_radians().cos();
        let span = ((extent.max[0] - extent.min[0]) * cos).max(1e-9);
        let scale = (width - 2.0 * margin) / span;
        let height = (extent.max[1] - extent.min[1]) * scale + 2.0 * margin;
        let origin = [extent.min[0] - margin / (scale * cos), extent.max[1] + margin / scale];
        Projection { origin, scale, cos, size: [width, height.ceil()] }
    }

    /// Where `p` falls on the drawing.
    pub(crate) fn project(&self, p: LonLat) -> Xy {
        [(p[0] - self.origin[0]) * self.cos * self.scale, (self.origin[1] - p[1]) * self.scale]
    }
}

/// `points` simplified by Douglas-Peucker: the fewest of them (always the
/// first and last) such that no point left out is farther than `tolerance`
/// from the line kept in its place. A closed ring (first point repeated
/// last) measures from that point, so the ring's farthest point is kept.
pub(crate) fn simplify(points: &[Xy], tolerance: f64) -> Vec<Xy> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        let (mut farthest, mut at) = (0.0, 0);
        for i in first + 1..last {
            let d = distance(points[i], points[first], points[last]);
            if d > farthest {
                (farthest, at) = (d, i);
            }
        }
        if farthest > tolerance {
            keep[at] = true;
            stack.push((first, at));
            stack.push((at, last));
        }
    }
    points.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

/// The distance from `p` to the segment `a`-`b` (to `a` when they coincide).
fn distance(p: Xy, a: Xy, b: Xy) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let length = dx * dx + dy * dy;
    let t = if length == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length).clamp(0.0, 1.0)
    };
    let (x, y) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - x).powi(2) + (p[1] - y).powi(2)).sqrt()
}

/// A ring rounded to whole units: points that round to the one before are
/// dropped, and so is the closing point (a path's `z` closes the ring).
/// `None` when fewer than three points remain: the ring is too small to see.
pub(crate) fn quantise(ring: &[Xy]) -> Option<Vec<[i32; 2]>> {
    let mut out: Vec<[i32; 2]> = Vec::with_capacity(ring.len());
    for p in ring {
        let q = [p[0].round() as i32, p[1].round() as i32];
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    (out.len() >= 3).then_some(out)
}

/// SVG path data drawing `rings`, each closed: the first ring starts with an
/// absolute `M`, later ones with an `m` from the start of the ring before
/// (where `z` leaves the pen), and every point after the first is an `l`
/// offset from the one before, written as tightly as SVG allows.
pub(crate) fn path(rings: &[Vec<[i32; 2]>]) -> String {
    let mut d = String::new();
    let mut pen: Option<[i32; 2]> = None;
    for ring in rings {
        let Some(&start) = ring.first() else { continue };
        match pen {
            None => {
                d.push('M');
                numbers(&mut d, &[start[0], start[1]]);
            }
            Some(from) => {
                d.push('m');
                numbers(&mut d, &[start[0] - from[0], start[1] - from[1]]);
            }
        }
        if ring.len() > 1 {
            d.push('l');
            let offsets: Vec<i32> =
                ring.windows(2).flat_map(|w| [w[1][0] - w[0][0], w[1][1] - w[0][1]]).collect();
            numbers(&mut d, &offsets);
        }
        d.push('z');
        pen = Some(start);
    }
    d
}

/// Writes `values` after a command letter: a space only where a number does
/// not start with its own minus sign.
fn numbers(d: &mut String, values: &[i32]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 && *v >= 0 {
            d.push(' ');
        }
        let _ = write!(d, "{v}");
    }
}

/// A shape's path data on a projection: every ring projected, simplified by
/// `tolerance` screen units and rounded; rings too small to see are left
/// out. A shape with no ring left (a small city on a national map) is drawn
/// as a square of `marker` units around the middle of its outline, so every
/// region keeps something to see and to click.
pub(crate) fn shape_path(
    polygons: &[Vec<Ring>],
    projection: &Projection,
    tolerance: f64,
    marker: i32,
) -> Option<String> {
    let mut rings = Vec::new();
    for ring in polygons.iter().flatten() {
        let projected: Vec<Xy> = ring.iter().map(|p| projection.project(*p)).collect();
        if let Some(q) = quantise(&simplify(&projected, tolerance)) {
            rings.push(q);
        }
    }
    if rings.is_empty() {
        let extent = Extent::of_polygons(polygons)?;
        let middle = projection.project([
            (extent.min[0] + extent.max[0]) / 2.0,
            (extent.min[1] + extent.max[1]) / 2.0,
        ]);
        let (x, y) = (middle[0].round() as i32 - marker / 2, middle[1].round() as i32 - marker / 2);
        rings.push(vec![[x, y], [x + marker, y], [x + marker, y + marker], [x, y + marker]]);
    }
    Some(path(&rings))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses path data written by [`path`] back to absolute rings.
    fn rings_of(d: &str) -> Vec<Vec<[i32; 2]>> {
        let mut rings = Vec::new();
        let (mut start, mut pen) = ([0, 0], [0, 0]);
        let mut current: Vec<[i32; 2]> = Vec::new();
        let mut command = ' ';
        let mut number = String::new();
        let mut values: Vec<i32> = Vec::new();
        let flush = |number: &mut String, values: &mut Vec<i32>| {
            if !number.is_empty() {
                values.push(number.parse().unwrap());
                number.clear();
            }
        };
        for c in d.chars().chain(std::iter::once('\0')) {
            if c == '-' || c == ' ' || c.is_ascii_alphabetic() || c == '\0' {
                flush(&mut number, &mut values);
            }
            if c.is_ascii_alphabetic() || c == '\0' {
                for pair in values.chunks(2) {
                    match command {
                        'M' => start = [pair[0], pair[1]],
                        'm' => start = [start[0] + pair[0], start[1] + pair[1]],
                        'l' => pen = [pen[0] + pair[0], pen[1] + pair[1]],
                        _ => panic!("unexpected {command}"),
                    }
                    if command == 'l' {
                        current.push(pen);
                    } else {
                        pen = start;
                        current = vec![start];
                    }
                }
                values.clear();
                if c == 'z' {
                    rings.push(std::mem::take(&mut current));
                    pen = start;
                }
                command = c;
            } else if c != ' ' {
                number.push(c);
            }
        }
        rings
    }

    #[test]
    fn the_projection_fits_the_width_and_keeps_north_up() {
        let extent = Extent { min: [95.0, -11.0], max: [141.0, 6.0] };
        let p = Projection::fit(extent, 1000.0, 10.0);
        let west = p.project([95.0, 6.0]);
        let east = p.project([141.0, -11.0]);
        assert!((west[0] - 10.0).abs() < 1e-9 && (west[1] - 10.0).abs() < 1e-9, "{west:?}");
        assert!((east[0] - 990.0).abs() < 1e-9, "{east:?}");
        assert!((east[1] - (p.size[1] - 10.0)).abs() < 1.0, "south at the bottom: {east:?}");
        // A degree of longitude is cos(-2.5 deg) of a degree of latitude.
        let (a, b, c) = (p.project([100.0, 0.0]), p.project([101.0, 0.0]), p.project([100.0, 1.0]));
        let ratio = (b[0] - a[0]) / (a[1] - c[1]);
        assert!((ratio - 2.5f64.to_radians().cos()).abs() < 1e-12, "{ratio}");
    }

    #[test]
    fn simplification_keeps_the_ends_and_every_point_beyond_the_tolerance() {
        let line = [[0.0, 0.0], [1.0, 0.1], [2.0, -0.1], [3.0, 5.0], [4.0, 6.0], [5.0, 7.0]];
        assert_eq!(simplify(&line, 0.5), vec![[0.0, 0.0], [2.0, -0.1], [3.0, 5.0], [5.0, 7.0]]);
        assert_eq!(simplify(&line, 100.0), vec![[0.0, 0.0], [5.0, 7.0]]);
        let exact = simplify(&line, 0.0);
        assert_eq!(exact.len(), line.len() - 1, "at zero only the point on a straight run goes");
        assert!(!exact.contains(&[4.0, 6.0]));
        // A closed square keeps its corners: distances are measured from the
        // repeated point when the base line has no length.
        let square = [[0.0, 0.0], [5.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]];
        let kept = simplify(&square, 1.0);
        assert_eq!(kept, vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]);
    }

    #[test]
    fn rounding_drops_repeats_and_rings_too_small_to_see() {
        let ring = [[0.2, 0.2], [0.4, 0.1], [5.0, 0.0], [5.0, 5.2], [0.1, 0.3]];
        assert_eq!(quantise(&ring), Some(vec![[0, 0], [5, 0], [5, 5]]));
        assert_eq!(quantise(&[[0.0, 0.0], [0.3, 0.2], [0.6, 0.0], [0.0, 0.0]]), None);
    }

    #[test]
    fn paths_are_relative_and_read_back_to_the_same_rings() {
        let rings = vec![vec![[10, 20], [15, 20], [15, 12]], vec![[40, 5], [38, 9], [45, 9]]];
        let d = path(&rings);
        assert_eq!(d, "M10 20l5 0 0-8zm30-15l-2 4 7 0z");
        assert_eq!(rings_of(&d), rings);
        assert_eq!(path(&[]), "");
    }

    #[test]
    fn a_shape_too_small_to_draw_becomes_a_marker_at_its_middle() {
        let extent = Extent { min: [100.0, -1.0], max: [110.0, 1.0] };
        let projection = Projection::fit(extent, 100.0, 0.0);
        let tiny = vec![vec![vec![[105.0, 0.0], [105.01, 0.0], [105.0, 0.01], [105.0, 0.0]]]];
        let d = shape_path(&tiny, &projection, 0.5, 4).unwrap();
        let middle = projection.project([105.005, 0.005]);
        let rings = rings_of(&d);
        assert_eq!(rings.len(), 1);
        let [x, y] = rings[0][0];
        assert_eq!([x + 2, y + 2], [middle[0].round() as i32, middle[1].round() as i32]);
        assert_eq!(rings[0][2], [x + 4, y + 4]);
        let big = vec![vec![vec![[101.0, 0.0], [109.0, 0.0], [105.0, 0.9], [101.0, 0.0]]]];
        let rings = rings_of(&shape_path(&big, &projection, 0.5, 4).unwrap());
        assert_eq!(rings[0].len(), 3, "a large shape keeps its own corners");
        assert!(shape_path(&[], &projection, 0.5, 4).is_none());
    }
}
