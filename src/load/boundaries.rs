//! `content/batas/kabupaten_kota.geojson`: the regions' outlines, a GeoJSON
//! `FeatureCollection` with one `Polygon` or `MultiPolygon` per region and
//! its `code` and `name` as properties. Pure: takes the text, never the disk.
//!
//! The checks across files (a region of the site without a shape) are
//! [`missing_shapes`]: a warning, since the site still builds, only without
//! that region on the maps.

use std::ops::Range;

use serde::Deserialize;

use super::common::error_at;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::boundary::{Boundaries, Ring, Shape};
use crate::model::{Region, SourceFile};

/// Where the boundaries live in a site, relative to its root.
pub(crate) const PATH: &str = "content/batas/kabupaten_kota.geojson";

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    code: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Ring>),
    MultiPolygon(Vec<Vec<Ring>>),
}

/// The boundaries in `file`, or `None` with the problem in `diags`.
pub(crate) fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<Boundaries> {
    let collection: Collection = match serde_json::from_str(&file.src) {
        Ok(c) => c,
        Err(err) => {
            let at = offset(&file.src, err.line(), err.column());
            diags.push(
                error_at(file, at..at, format!("not a GeoJSON collection of shapes: {err}"))
                    .with_help(
                        "each feature needs properties `code` and `name` and a `Polygon` or \
                         `MultiPolygon` geometry of [longitude, latitude] points",
                    ),
            );
            return None;
        }
    };
    let shapes: Vec<Shape> = collection
        .features
        .into_iter()
        .map(|f| Shape {
            code: f.properties.code,
            name: f.properties.name,
            polygons: match f.geometry {
                Geometry::Polygon(rings) => vec![rings],
                Geometry::MultiPolygon(polygons) => polygons,
            },
        })
        .collect();
    let boundaries = Boundaries::new(shapes);
    for (i, shape) in boundaries.shapes.iter().enumerate() {
        let mut points = shape.polygons.iter().flatten().flatten();
        if let Some(p) =
            points.find(|p| !(-180.0..=180.0).contains(&p[0]) || !(-90.0..=90.0).contains(&p[1]))
        {
            diags.push(
                error_at(
                    file,
                    code_span(&file.src, &shape.code, i),
                    format!(
                        "the shape of `{}` has the point [{}, {}], which is no [longitude, latitude]",
                        shape.code, p[0], p[1]
                    ),
                )
                .with_help("GeoJSON gives longitude first: are the two swapped?"),
            );
        }
        if boundaries.shape(&shape.code).is_some_and(|first| !std::ptr::eq(first, shape)) {
            let at = code_span(&file.src, &shape.code, i);
            diags.push(error_at(
                file,
                at,
                format!("two shapes have the code `{}`: one region, one shape", shape.code),
            ));
        }
    }
    Some(boundaries)
}

/// A warning for each region whose code has no shape: it is missing from the maps.
pub(crate) fn missing_shapes(
    boundaries: &Boundaries,
    regions: &[std::sync::Arc<Region>],
    diags: &mut Diagnostics,
) {
    for region in regions {
        if boundaries.shape(&region.code).is_none() {
            diags.push(
                Diagnostic::file(
                    &region.file.path,
                    format!(
                        "region `{}` (code `{}`) has no shape in {PATH}: the maps leave it out",
                        region.name, region.code
                    ),
                )
                .warning()
                .with_help("add its outline to the boundaries, or check the region's `code`"),
            );
        }
    }
}

/// The byte offset of a 1-based line and column (serde_json's positions).
fn offset(src: &str, line: usize, column: usize) -> usize {
    let start: usize = src.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column.saturating_sub(1)).min(src.len())
}

/// Where the `n`th (from 0) `"code"` property giving `code` is, roughly: the
/// first mention of the code after `n` features, for the message's pointer.
fn code_span(src: &str, code: &str, n: usize) -> Range<usize> {
    let quoted = format!("\"{code}\"");
    let after = src.match_indices("\"properties\"").nth(n).map_or(0, |(at, _)| at);
    src[after..].find(&quoted).map_or(0..0, |at| after + at..after + at + quoted.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::common::source_file;

    #[test]
    fn polygons_and_multipolygons_become_shapes_by_code() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"64.74","name":"Kota Bontang"},
             "geometry":{"type":"Polygon","coordinates":[[[117.4,0.1],[117.5,0.1],[117.5,0.2],[117.4,0.1]]]}},
            {"type":"Feature","properties":{"code":"11.01","name":"Kabupaten A"},
             "geometry":{"type":"MultiPolygon","coordinates":[[[[97,3],[98,3],[98,4],[97,3]]],[[[99,1],[99.5,1],[99,2],[99,1]]]]}}
        ]}"#;
        let mut diags = Diagnostics::new();
        let b = parse(&source_file(PATH, text), &mut diags).expect("parses");
        assert!(diags.0.is_empty(), "{diags:?}");
        assert_eq!(b.shape("64.74").unwrap().polygons.len(), 1);
        assert_eq!(b.shape("11.01").unwrap().polygons.len(), 2);
        assert_eq!(b.shape("11.01").unwrap().polygons[1][0][1], [99.5, 1.0]);
    }

    #[test]
    fn a_malformed_file_is_an_error_at_its_place_and_a_repeated_code_too() {
        let mut diags = Diagnostics::new();
        let text = "{\"features\": [\n  {\"properties\": {\"code\": 5}}]}";
        assert!(parse(&source_file(PATH, text), &mut diags).is_none());
        assert_eq!(diags.0.len(), 1);
        assert!(diags.0[0].to_string().contains("GeoJSON"), "{}", diags.0[0]);
        let feature = r#"{"properties":{"code":"1","name":"x"},"geometry":{"type":"Polygon","coordinates":[]}}"#;
        let text = format!("{{\"features\":[{feature},{feature}]}}");
        let mut diags = Diagnostics::new();
        assert!(parse(&source_file(PATH, &text), &mut diags).is_some());
        assert_eq!(diags.0.len(), 1, "{diags:?}");
        assert!(diags.has_errors());
    }

    #[test]
    fn a_point_beyond_the_poles_is_an_error_naming_the_shape() {
        let text = r#"{"features":[{"properties":{"code":"31.01","name":"x"},
            "geometry":{"type":"Polygon","coordinates":[[[-5.79,106.48],[-5.8,106.5],[-5.79,106.48]]]}}]}"#;
        let mut diags = Diagnostics::new();
        assert!(parse(&source_file(PATH, text), &mut diags).is_some());
        assert_eq!(diags.0.len(), 1, "{diags:?}");
        let shown = diags.0[0].to_string();
        assert!(shown.contains("[-5.79, 106.48]") && shown.contains("31.01"), "{shown}");
    }

    #[test]
    fn offsets_count_lines_and_columns_from_one() {
        assert_eq!(offset("ab\ncd\nef", 2, 2), 4);
        assert_eq!(offset("ab", 1, 1), 0);
        assert_eq!(offset("ab", 9, 9), 2, "clamped");
    }
}
