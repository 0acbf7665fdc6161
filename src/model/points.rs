//! Exact score arithmetic in hundredths of a point.
//!
//! Scores are compared against tier thresholds, so they must never be float
//! sums: a total of 900.999999 must not miss a 901 threshold that the page
//! shows as reached. Every score in kla is a whole number of hundredths.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

use serde::{Serialize, Serializer};

/// A score in hundredths of a point: `Points(84250)` is 842.50 points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(pub i64);

impl Points {
    /// Zero points.
    pub const ZERO: Points = Points(0);

    /// Whole points, e.g. a `max_points = 30` from a rubric.
    pub fn whole(n: i64) -> Self {
        Points(n * 100)
    }

    /// Converts a number written in a source file when it has at most two
    /// decimals; `None` when it has more (or is not finite), which is an error
    /// for points given directly.
    pub fn from_exact(value: f64) -> Option<Self> {
        if !value.is_finite() || value.abs() > 1e12 {
            return None;
        }
        let scaled = (value * 100.0).round();
        // The written number has at most two decimals when its hundredths
        // reproduce it within float noise.
        if ((scaled / 100.0) - value).abs() <= 1e-9 * value.abs().max(1.0) {
            Some(Points(scaled as i64))
        } else {
            None
        }
    }

    /// Rounds any number to hundredths, half away from zero (used for scaled points).
    pub fn round_from(value: f64) -> Self {
        // Nudge by a relative epsilon so that 12.345 written in binary as
        // 12.34499999 still rounds the way a reader rounding the decimal would.
        let scaled = value * 100.0;
        let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 1e-12;
        Points(nudged.round() as i64)
    }

    /// The value as a float, for display and for JSON only; never for comparisons.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Percent of `max`, for display (one decimal is plenty); 0 when `max` is zero.
    pub fn percent_of(self, max: Points) -> f64 {
        if max.0 == 0 { 0.0 } else { self.0 as f64 * 100.0 / max.0 as f64 }
    }
}

impl fmt::Display for Points {
    /// Plain `842.5` / `891` / `12.25`: shortest exact decimal, '.' separator.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (int, frac) = (abs / 100, abs % 100);
        match frac {
            0 => write!(f, "{sign}{int}"),
            f2 if f2 % 10 == 0 => write!(f, "{sign}{int}.{}", f2 / 10),
            f2 => write!(f, "{sign}{int}.{f2:02}"),
        }
    }
}

impl Serialize for Points {
    /// Serialises as a JSON number with at most two decimals (`842.5`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            s.serialize_i64(self.0 / 100)
        } else {
            s.serialize_f64(self.as_f64())
        }
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0 + rhs.0)
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        self.0 += rhs.0;
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0 - rhs.0)
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        Points(iter.map(|p| p.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_accepts_two_decimals_and_rejects_three() {
        assert_eq!(Points::from_exact(38.0), Some(Points(3800)));
        assert_eq!(Points::from_exact(946.45), Some(Points(94645)));
        assert_eq!(Points::from_exact(0.1), Some(Points(10)));
        assert_eq!(Points::from_exact(12.345), None);
        assert_eq!(Points::from_exact(f64::NAN), None);
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(Points::round_from(12.345), Points(1235));
        assert_eq!(Points::round_from(12.344), Points(1234));
        assert_eq!(Points::round_from(-0.005), Points(-1));
        assert_eq!(Points::round_from(29.4), Points(2940));
    }

    #[test]
    fn displays_shortest_exact_decimal() {
        assert_eq!(Points(84250).to_string(), "842.5");
        assert_eq!(Points(89100).to_string(), "891");
        assert_eq!(Points(1225).to_string(), "12.25");
        assert_eq!(Points(5).to_string(), "0.05");
        assert_eq!(Points(-150).to_string(), "-1.5");
    }

    #[test]
    fn sums_exactly() {
        let total: Points = [Points(10), Points(20)].into_iter().sum();
        assert_eq!(total, Points(30));
        assert_eq!(serde_json::to_string(&total).unwrap(), "0.3");
        assert_eq!(serde_json::to_string(&Points(90100)).unwrap(), "901");
    }
}
