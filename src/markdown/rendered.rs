//! What rendering a narrative gives: its HTML and its headings. Apart from
//! `mod.rs` so that the heading anchors (`anchors.rs`) can name a heading
//! without depending on the renderer that calls them.

/// A narrative rendered to HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// Headings with their anchor ids, for a table of contents.
    pub toc: Vec<Heading>,
}

/// One heading of a rendered narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute given to the heading (unique within the document).
    pub id: String,
    /// The heading's plain text.
    pub title: String,
}
