//! What serve mode adds to an HTML page: the live-reload script and, while the
//! sources have errors, an overlay showing them.
//!
//! Only `serve::http` calls this, on the bytes it sends; the built files (and
//! so `kla build` output) never contain either.

/// The live-reload client, loaded from `/__kla/livereload.js`.
pub(crate) const LIVERELOAD_JS: &str = include_str!("livereload.js");

/// The tag that loads the client.
const SCRIPT_TAG: &str = "<script src=\"/__kla/livereload.js\"></script>";

/// `html` with the live-reload script and, when `errors` is given, the error
/// overlay inserted before `</body>` (or appended when there is none).
pub(crate) fn inject(html: &[u8], errors: Option<&str>) -> Vec<u8> {
    let mut extra = String::from(SCRIPT_TAG);
    if let Some(text) = errors {
        extra.push_str(&overlay(text));
    }
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A page for when there is nothing to serve yet (the first build failed).
pub(crate) fn error_page(errors: &str) -> Vec<u8> {
    inject(b"<!doctype html><html><head><meta charset=\"utf-8\"><title>kla</title></head><body></body></html>", Some(errors))
}

/// The overlay: the same diagnostics the terminal shows, HTML-escaped.
fn overlay(text: &str) -> String {
    format!(
        "<div id=\"kla-error-overlay\" style=\"position:fixed;inset:0;z-index:2147483647;\
         overflow:auto;background:rgba(20,20,20,.94);color:#f5f5f5;padding:2rem;\
         font:14px/1.45 ui-monospace,monospace\"><p style=\"color:#ff7b72;font-weight:bold\">\
         kla: the site has errors; showing the last good build</p><pre style=\"white-space:pre-wrap\">{}</pre>\
         <p>Fix the file and save: this page reloads by itself.</p></div>",
        crate::render::feeds::xml_escape(text)
    )
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>", None)).unwrap();
        assert_eq!(out, format!("<html><body><p>x</p>{SCRIPT_TAG}</body></html>"));
    }

    #[test]
    fn the_overlay_escapes_the_diagnostics() {
        let out =
            String::from_utf8(inject(b"<body></body>", Some("<script>x</script> & 'y'"))).unwrap();
        assert!(out.contains("&lt;script&gt;x&lt;/script&gt; &amp; &apos;y&apos;"), "{out}");
        assert!(!out.contains("<script>x"), "{out}");
        assert!(out.contains("kla-error-overlay"));
    }

    #[test]
    fn a_page_without_body_gets_the_script_appended() {
        assert!(inject(b"plain", None).ends_with(SCRIPT_TAG.as_bytes()));
    }
}
