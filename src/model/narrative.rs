//! Narratives (Markdown with front matter) and the free pages made of one.

use std::collections::BTreeMap;

use super::text::SourceFile;

/// A narrative in Markdown (`index.md`, `<year>.md`, or a free page), front matter already split off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    /// Title from the front matter, if any.
    pub title: Option<String>,
    /// Short summary from the front matter, for listings and meta tags.
    pub description: Option<String>,
    /// Publication date (`YYYY-MM-DD`) from the front matter, for the feed.
    pub date: Option<String>,
    /// Byte offset of the Markdown body (what follows the front matter)
    /// inside `file.src`: the body is not copied, [`Narrative::body`] reads it
    /// from the file's text (a village-scale site holds tens of thousands).
    pub body_offset: usize,
    /// The file this came from.
    pub file: SourceFile,
    /// The same text in other languages, by language code: `index.en.md`
    /// beside `index.md`. Empty when the narrative exists only in the default language.
    pub translations: BTreeMap<String, Narrative>,
}

impl Narrative {
    /// The Markdown body after the front matter; its positions plus
    /// `body_offset` are positions in `file.src`.
    pub fn body(&self) -> &str {
        self.file.src.get(self.body_offset..).unwrap_or_default()
    }

    /// This narrative in `lang`, if it was written in that language; `None`
    /// means readers of `lang` get the default-language text.
    pub fn in_lang(&self, lang: &str) -> Option<&Narrative> {
        self.translations.get(lang)
    }
}

/// A free page from `content/pages/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// File stem; the page is published at `/<slug>/`.
    pub slug: String,
    /// The page's text; its title is required for pages.
    pub narrative: Narrative,
}
