//! One year's evaluation of one region: the points or values given, the
//! official result and its sources.

use super::claim::{Claim, claimed};
use super::inputs::Inputs;
use super::narrative::Narrative;
use super::points::Points;
use super::text::SourceFile;

/// One year's evaluation of one region (`<year>.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Evaluation (award) year; equals the file name.
    pub year: u16,
    /// Index into [`Site::rubrics`](crate::model::Site::rubrics) of the rubric covering `year`.
    pub rubric: usize,
    /// Predikat announced by KemenPPPA, as a tier id of that rubric, when
    /// every source agrees on it (`None` without a result or in a conflict).
    pub official: Option<String>,
    /// Each source's statement of the official predikat; more than one
    /// predikat among them is a conflict the site shows.
    pub claims: Vec<Claim>,
    /// Where the figures (points, values) come from.
    pub source: Option<String>,
    /// The region's own reported total, shown beside the computed one.
    pub self_assessment: Option<Points>,
    /// The points are the publisher's illustration, not published figures.
    pub illustrative: bool,
    /// Whether the file has a `[points]` or `[values]` table at all; without
    /// either the evaluation is official-only and gets no computed score.
    pub has_data: bool,
    /// What the file gives per indicator id; an id can be given only one way.
    pub inputs: Inputs,
    /// `<year>.md`, the story of that year.
    pub narrative: Option<Narrative>,
    /// The `<year>.toml` file.
    pub file: SourceFile,
}

impl Evaluation {
    /// Whether the sources of the official result disagree.
    pub fn conflict(&self) -> bool {
        claimed(&self.claims).len() > 1
    }
}
