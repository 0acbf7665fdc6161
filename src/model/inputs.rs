//! What one evaluation gives per indicator, as a sorted list.
//!
//! An evaluation names about two dozen indicators, and a village-scale site
//! has tens of thousands of evaluations, all held through a build: a sorted
//! `Vec` holds them in one allocation of exactly their size, where a
//! `BTreeMap` spent about twice that on its nodes (`examples/site_memory`).

use std::ops::Index;

use serde::Serialize;

use super::points::Points;
use super::text::Id;

/// An evaluation's inputs by indicator id, sorted by id, each id at most once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs(Vec<(Id, IndicatorInput)>);

impl Inputs {
    /// The input given for indicator `id`, if any.
    pub fn get(&self, id: &str) -> Option<&IndicatorInput> {
        self.position(id).ok().map(|i| &self.0[i].1)
    }

    /// Sets the input of `id`, replacing an earlier one.
    pub fn insert(&mut self, id: Id, input: IndicatorInput) {
        match self.position(&id) {
            Ok(i) => self.0[i].1 = input,
            Err(i) => self.0.insert(i, (id, input)),
        }
    }

    /// Every input, sorted by indicator id.
    pub fn iter(&self) -> impl Iterator<Item = (&Id, &IndicatorInput)> {
        self.0.iter().map(|(id, input)| (id, input))
    }

    /// How many indicators are given.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no indicator is given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Frees the list down to its length (it grew while the file was read).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    fn position(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(have, _)| (**have).cmp(id))
    }
}

impl Index<&str> for Inputs {
    type Output = IndicatorInput;

    /// The input of `id`; panics when it is not given, like a map's index.
    fn index(&self, id: &str) -> &IndicatorInput {
        self.get(id).unwrap_or_else(|| panic!("no input for indicator `{id}`"))
    }
}

impl FromIterator<(Id, IndicatorInput)> for Inputs {
    /// Later inputs of an id replace earlier ones, as in a map.
    fn from_iter<T: IntoIterator<Item = (Id, IndicatorInput)>>(iter: T) -> Self {
        let mut inputs = Inputs::default();
        for (id, input) in iter {
            inputs.insert(id, input);
        }
        inputs
    }
}

/// How an indicator's points are known for one evaluation.
#[derive(Debug, Clone, PartialEq)]
pub enum IndicatorInput {
    /// Points given directly in `[points]` (at most two decimals, within 0..=max_points).
    Points(Points),
    /// A measured value from `[values]`, turned into points by the rubric's scale.
    Value(Measured),
}

/// A measured value and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measured {
    /// The measurement, in the scale's unit.
    pub value: f64,
    /// Year the measurement refers to, when it differs from the evaluation year.
    pub year: Option<u16>,
    /// Where the measurement was published.
    pub source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Measured, Points};

    fn points(p: i64) -> IndicatorInput {
        IndicatorInput::Points(Points(p))
    }

    #[test]
    fn inputs_are_found_by_id_whatever_order_they_came_in() {
        let inputs: Inputs = [("b", 2), ("c", 3), ("a", 1)]
            .into_iter()
            .map(|(id, p)| (Id::from(id), points(p)))
            .collect();
        let ids: Vec<&str> = inputs.iter().map(|(id, _)| &**id).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(inputs.get("b"), Some(&points(2)));
        assert_eq!(inputs["c"], points(3));
        assert_eq!(inputs.get("d"), None);
        assert_eq!(inputs.len(), 3);
    }

    #[test]
    fn a_later_input_of_an_id_replaces_the_earlier_one() {
        let mut inputs = Inputs::default();
        assert!(inputs.is_empty());
        inputs.insert("a".into(), points(1));
        let value = IndicatorInput::Value(Measured { value: 97.5, year: None, source: None });
        inputs.insert("a".into(), value.clone());
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs["a"], value);
    }
}
