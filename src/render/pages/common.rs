//! What the page kinds share: the job a page's view becomes ([`Job`]), the
//! narratives they are drawn with ([`NarrativeHtml`]) and the helpers more
//! than one kind calls. It uses none of its sibling modules, so every page
//! kind can use it without making a circle.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::render::narratives::RegionHtml;
use crate::render::rows::Table;
use crate::render::views::Ctx;

/// Narratives as HTML for the pages of one language: the free pages' rendered
/// up front (few, and a page exists only when its narrative renders), each
/// region's rendered by `regions` just before its profile, so a village-scale
/// site never holds a whole language's narratives at once.
pub(crate) struct NarrativeHtml<'a> {
    pub(crate) pages: BTreeMap<String, String>,
    pub(crate) regions: &'a RenderRegion<'a>,
}

/// Renders the narratives of the region at an index, or says what is wrong with them.
pub(crate) type RenderRegion<'a> = dyn Fn(usize) -> Result<RegionHtml, Diagnostics> + Sync + 'a;

impl Default for NarrativeHtml<'_> {
    /// No free pages, and no region has a narrative.
    fn default() -> Self {
        Self { pages: BTreeMap::new(), regions: &no_region_html }
    }
}

fn no_region_html(_: usize) -> Result<RegionHtml, Diagnostics> {
    Ok(RegionHtml::default())
}

/// One page to render: its route (in the default language), template and view.
pub(super) struct Job<'a> {
    pub(super) route: String,
    pub(super) template: &'static str,
    pub(super) title: String,
    pub(super) view: tera::Value,
    /// Meta and Open Graph description; the site's description when `None`.
    pub(super) description: Option<String>,
    /// Route of the Open Graph image, when the page has one.
    pub(super) image: Option<String>,
    /// Rows drawn apart and handed to the template as `v.rows_html` (rankings).
    pub(super) table: Option<Table<'a>>,
}

impl<'a> Job<'a> {
    /// The job of the page at `route`, drawn with `template` from `view`.
    pub(super) fn new(
        route: String,
        template: &'static str,
        title: String,
        view: &impl Serialize,
    ) -> Self {
        let view = tera::Value::from_serializable(view);
        Self { route, template, title, view, description: None, image: None, table: None }
    }

    /// The same job with rows its template places pre-drawn.
    pub(super) fn with_table(mut self, table: Table<'a>) -> Self {
        self.table = Some(table);
        self
    }

    /// The same job with its own meta description.
    pub(super) fn described(mut self, description: String) -> Self {
        self.description = Some(description);
        self
    }
}

/// A free page's title in the context's language: the translation's, else
/// the default-language one, else its slug.
pub(crate) fn page_title(ctx: &Ctx<'_>, page: &crate::model::Page) -> String {
    let narrative = page.narrative.in_lang(ctx.ui.lang).unwrap_or(&page.narrative);
    narrative
        .title
        .clone()
        .or_else(|| page.narrative.title.clone())
        .unwrap_or_else(|| page.slug.clone())
}

/// Whether `narrative` is shown in the default language on a page in another one.
pub(super) fn untranslated(ctx: &Ctx<'_>, narrative: &crate::model::Narrative) -> bool {
    !ctx.ui.is_default_lang() && narrative.in_lang(ctx.ui.lang).is_none()
}
