//! The boundaries of the kabupaten/kota, as site data: one shape per region
//! code, in longitude and latitude (WGS 84). The maps are drawn from them;
//! a site without boundaries simply has no maps. Nothing here reads files.

use std::collections::HashMap;

/// A point as `[longitude, latitude]` in degrees.
pub type LonLat = [f64; 2];

/// A ring of a polygon: its points in order, the last joined to the first.
pub type Ring = Vec<LonLat>;

/// One region's outline: its polygons, each an outer ring then its holes.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The Kemendagri code the shape is matched by (`64.74`), as the regions' `code`.
    pub code: String,
    /// The name the boundary data gives (shown nowhere: a region's own name is).
    pub name: String,
    /// The polygons of the region (islands are separate polygons).
    pub polygons: Vec<Vec<Ring>>,
}

/// Every shape of `content/batas/kabupaten_kota.geojson`, findable by code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Boundaries {
    /// The shapes in file order.
    pub shapes: Vec<Shape>,
    by_code: HashMap<String, usize>,
}

impl Boundaries {
    /// The boundaries of `shapes`; a code given twice keeps its first shape
    /// (the loader reports the second).
    pub fn new(shapes: Vec<Shape>) -> Self {
        let mut by_code = HashMap::with_capacity(shapes.len());
        for (i, shape) in shapes.iter().enumerate() {
            by_code.entry(shape.code.clone()).or_insert(i);
        }
        Boundaries { shapes, by_code }
    }

    /// The shape of the region with `code`, if the data has one.
    pub fn shape(&self, code: &str) -> Option<&Shape> {
        self.by_code.get(code).map(|&i| &self.shapes[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_found_by_code_and_the_first_of_a_code_wins() {
        let shape = |code: &str, name: &str| Shape {
            code: code.into(),
            name: name.into(),
            polygons: vec![vec![vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]]],
        };
        let b =
            Boundaries::new(vec![shape("64.74", "A"), shape("11.01", "B"), shape("64.74", "C")]);
        assert_eq!(b.shape("64.74").map(|s| s.name.as_str()), Some("A"));
        assert_eq!(b.shape("11.01").map(|s| s.name.as_str()), Some("B"));
        assert!(b.shape("99.99").is_none());
    }
}
