//! Rendering: from a scored site to the bytes of every output file.
//!
//! `render(&Scored, &Theme) -> Result<Vec<OutputFile>, Diagnostics>` produces
//! every page, the open data, the feed, the sitemap and the theme's static
//! files, in memory. It writes nothing: `output::write` does that. The only
//! files it ever reads are the theme's, through [`Theme::load`].

mod charts;
pub mod data;
pub mod feeds;
#[cfg(test)]
mod fixture;
mod pages;
pub mod routes;
mod tera_ext;
mod theme;
mod views;

pub use theme::Theme;

use crate::diag::Diagnostics;
use crate::markdown;
use crate::model::Narrative;
use crate::score::Scored;
use pages::NarrativeHtml;

/// One file of the built site, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output root, with `/` separators, e.g. `wilayah/kota-bontang/index.html`.
    pub path: String,
    /// The file's bytes.
    pub body: Vec<u8>,
}

/// Renders the whole site: every HTML page, the open data, sitemap, robots.txt,
/// the Atom feed and the theme's static files, sorted by path. Every narrative
/// and template problem is collected before failing.
pub fn render(scored: &Scored, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    for lang in &scored.site.config.languages {
        let narratives = render_narratives(scored, lang)?;
        files.extend(pages::render_pages_in(scored, theme, &narratives, lang)?);
    }
    let html_routes = pages::html_routes(&files);
    let config = &scored.site.config;
    files.extend(data::open_data(scored));
    files.push(feeds::sitemap(config, &html_routes));
    files.push(feeds::robots(config));
    files.push(feeds::atom(scored));
    files.extend(static_files(theme));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The theme's static files under `static/`.
fn static_files(theme: &Theme) -> impl Iterator<Item = OutputFile> + '_ {
    theme
        .static_files
        .iter()
        .map(|(path, body)| OutputFile { path: format!("static/{path}"), body: body.clone() })
}

/// Every narrative of the site as HTML for pages in `lang`: the translation
/// when there is one, else the default-language text; all broken links reported.
fn render_narratives(scored: &Scored, lang: &str) -> Result<NarrativeHtml, Diagnostics> {
    let site = &scored.site;
    let mut out = NarrativeHtml::default();
    let mut diags = Diagnostics::new();
    let mut keep = |narrative: &Narrative| {
        let shown = narrative.in_lang(lang).unwrap_or(narrative);
        match markdown::render_markdown(shown, site, lang) {
            Ok(rendered) => Some(rendered.html),
            Err(d) => {
                diags.extend(d);
                None
            }
        }
    };
    for (ri, region) in site.regions.iter().enumerate() {
        if let Some(html) = region.narrative.as_ref().and_then(&mut keep) {
            out.regions.insert(ri, html);
        }
        for (ei, evaluation) in region.evaluations.iter().enumerate() {
            if let Some(html) = evaluation.narrative.as_ref().and_then(&mut keep) {
                out.evaluations.insert((ri, ei), html);
            }
        }
    }
    for page in &site.pages {
        if let Some(html) = keep(&page.narrative) {
            out.pages.insert(page.slug.clone(), html);
        }
    }
    diags.sort();
    diags.0.dedup();
    diags.into_result(out)
}
