//! The plain values every other model file uses: rubric ids, texts given in
//! Indonesian and English, and source files' paths and texts.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

/// An id defined by a rubric (indicator, cluster, tier), shared by every
/// evaluation and score that names it instead of copied into each: a
/// village-scale site names each of 24 indicators in 83,441 evaluations,
/// twice more in their scores.
pub type Id = Arc<str>;

/// A text given in Indonesian and optionally in English (`name = { id = "…", en = "…" }`,
/// or a plain string, which is Indonesian).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Localized {
    /// Indonesian, always present: the site's first language.
    pub id: String,
    /// English, when the source gives it.
    pub en: Option<String>,
}

impl Localized {
    /// A text with only its Indonesian form.
    pub fn id_only(text: impl Into<String>) -> Self {
        Self { id: text.into(), en: None }
    }

    /// The text in `lang` (`"id"` or `"en"`), falling back to Indonesian.
    pub fn get(&self, lang: &str) -> &str {
        match (lang, &self.en) {
            ("en", Some(en)) => en,
            _ => &self.id,
        }
    }
}

/// A source file's location and text, kept so later stages (link checking,
/// template errors) can still point at a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the site root, as shown in messages.
    pub path: PathBuf,
    /// The file's whole text.
    pub src: Arc<str>,
}
