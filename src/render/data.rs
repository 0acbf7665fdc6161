//! The open-data files: `data/scores.json`, `data/scores.csv` and one JSON file per region.

use crate::render::OutputFile;
use crate::score::Scored;

/// Every open-data file of the site.
pub fn open_data(scored: &Scored) -> Vec<OutputFile> {
    let _ = scored;
    todo!("implemented by the data module")
}
