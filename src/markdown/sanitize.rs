//! The HTML sanitiser every rendered narrative passes through: ammonia with
//! an allowlist that keeps what kla's Markdown dialect and a careful writer
//! produce (tables, images, links, details/summary, figures, heading ids,
//! footnotes, code language classes) and drops scripts, event handlers,
//! `javascript:` URLs, iframes, forms and styles.
//!
//! It does not parse Markdown and does not decide whether to sanitise
//! (`unsafe_html` is the caller's switch).

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::Builder;

/// Elements that may carry an `id` (anchor targets: headings, footnotes).
const ID_TAGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "div", "li", "a", "sup", "section"];

/// Class names pulldown-cmark writes for footnotes; `language-*` is allowed too.
const KEPT_CLASSES: &[&str] =
    &["footnote-reference", "footnote-definition", "footnote-definition-label"];

static SANITISER: LazyLock<Builder<'static>> = LazyLock::new(builder);

/// Cleans `html` to the allowlist.
pub(crate) fn sanitise(html: &str) -> String {
    SANITISER.clean(html).to_string()
}

fn builder() -> Builder<'static> {
    let mut builder = Builder::default();
    builder
        .add_tags(["details", "summary", "figure", "figcaption", "section"])
        .add_generic_attributes(["class"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .link_rel(None)
        .attribute_filter(filter_attribute);
    for tag in ID_TAGS {
        builder.add_tag_attributes(tag, ["id"]);
    }
    builder
}

/// Keeps `class` only with known class names and `style` only as a table
/// cell's alignment (what pulldown-cmark writes for `:---:` columns).
fn filter_attribute<'u>(_element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match attribute {
        "class" => keep_known_classes(value),
        "style" => is_alignment(value).then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

fn keep_known_classes(value: &str) -> Option<Cow<'_, str>> {
    static KNOWN: LazyLock<HashSet<&str>> =
        LazyLock::new(|| KEPT_CLASSES.iter().copied().collect());
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|c| KNOWN.contains(c) || is_language_class(c))
        .collect();
    (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
}

fn is_language_class(class: &str) -> bool {
    class.strip_prefix("language-").is_some_and(|lang| {
        !lang.is_empty() && lang.chars().all(|c| c.is_ascii_alphanumeric() || "-_+#.".contains(c))
    })
}

fn is_alignment(value: &str) -> bool {
    matches!(value, "text-align: left" | "text-align: center" | "text-align: right")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_handlers_javascript_urls_iframes_and_styles() {
        let html = concat!(
            "<p onclick=\"x()\">a<script>alert(1)</script></p>",
            "<img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">j</a>",
            "<iframe src=\"https://evil.example\"></iframe><style>p{}</style>",
            "<p style=\"color:red\">s</p><form><input></form>"
        );
        let clean = sanitise(html);
        for bad in
            ["script", "onclick", "onerror", "javascript:", "iframe", "style", "<form", "<input"]
        {
            assert!(!clean.contains(bad), "{bad} survived: {clean}");
        }
        assert!(clean.contains("<img src=\"x\">"), "{clean}");
        assert!(clean.contains("<a>j</a>"), "{clean}");
    }

    #[test]
    fn keeps_tables_figures_details_links_and_heading_ids() {
        let html = concat!(
            "<h2 id=\"data\">Data</h2><table><thead><tr><th style=\"text-align: center\">a</th></tr></thead>",
            "<tbody><tr><td>1</td></tr></tbody></table>",
            "<figure><img src=\"/a.png\" alt=\"A\"><figcaption>Cap</figcaption></figure>",
            "<details open=\"\"><summary>Lagi</summary>isi</details>",
            "<a href=\"https://kemenpppa.go.id/\">k</a><a href=\"/wilayah/x/#y\">x</a>",
            "<pre><code class=\"language-toml\">a = 1</code></pre>"
        );
        assert_eq!(sanitise(html), html);
    }

    #[test]
    fn unknown_classes_are_dropped_and_known_ones_kept() {
        let clean =
            sanitise("<p class=\"big footnote-reference\">x</p><div class=\"evil\">y</div>");
        assert_eq!(clean, "<p class=\"footnote-reference\">x</p><div>y</div>");
    }
}
