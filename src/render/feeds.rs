//! Machine-read files: `sitemap.xml`, `robots.txt` and the Atom feed.

use crate::model::SiteConfig;
use crate::render::OutputFile;
use crate::score::Scored;

/// `sitemap.xml` listing every HTML route (site-relative, starting with `/`).
pub fn sitemap(config: &SiteConfig, routes: &[String]) -> OutputFile {
    let _ = (config, routes);
    todo!("implemented by the feeds module")
}

/// `robots.txt` allowing everything and pointing at the sitemap.
pub fn robots(config: &SiteConfig) -> OutputFile {
    let _ = config;
    todo!("implemented by the feeds module")
}

/// `atom.xml`: one entry per evaluation and per narrative, newest first.
pub fn atom(scored: &Scored) -> OutputFile {
    let _ = scored;
    todo!("implemented by the feeds module")
}
