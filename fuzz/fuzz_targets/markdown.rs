//! Fuzzes the Markdown pipeline (parse, internal links, anchors, sanitiser,
//! summary): any UTF-8 text as a region narrative must render or give
//! diagnostics, never panic.
#![no_main]

use std::sync::{Arc, LazyLock};

use kla::model::{Narrative, Site, SourceFile};
use libfuzzer_sys::fuzz_target;

static SITE: LazyLock<Site> = LazyLock::new(kla::load::fuzzing::small_site);

fuzz_target!(|text: &str| {
    let narrative = Narrative {
        title: None,
        description: None,
        date: None,
        body: text.to_string(),
        body_offset: 0,
        file: SourceFile { path: "content/regions/kota-a/index.md".into(), src: Arc::from(text) },
    };
    for lang in ["id", "en"] {
        if let Ok(rendered) = kla::markdown::render_markdown(&narrative, &SITE, lang) {
            assert!(!rendered.html.contains("<script"), "a script survived sanitising");
        }
    }
    let _ = kla::markdown::plain_summary(text, 40);
    let mut unsafe_site = SITE.clone();
    unsafe_site.config.unsafe_html = true;
    let _ = kla::markdown::render_markdown(&narrative, &unsafe_site, "id");
});
