//! Plain-text summaries of Markdown, for meta descriptions and feed entries.
//!
//! Only prose counts: headings, tables, code blocks, images, raw HTML and
//! footnote definitions are left out. This module does not resolve links
//! (only their text is kept) and produces no HTML.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The ellipsis appended to a summary that was cut.
const ELLIPSIS: char = '…';

/// The first `max_chars` characters of a Markdown text's prose, as plain text
/// (for meta descriptions and feed summaries), cut at a word boundary with `…`.
///
/// The result, ellipsis included, is never longer than `max_chars` characters.
pub fn plain_summary(markdown: &str, max_chars: usize) -> String {
    cut_at_word(&prose_text(markdown), max_chars)
}

/// The prose of a Markdown text, control characters removed and whitespace
/// collapsed to single spaces.
fn prose_text(markdown: &str) -> String {
    let mut text = String::new();
    let mut skipped_depth = 0usize;
    for event in Parser::new_ext(markdown, super::dialect::options()) {
        match event {
            Event::Start(tag) if is_skipped(&tag) => skipped_depth += 1,
            Event::End(end) if is_skipped_end(end) => {
                skipped_depth = skipped_depth.saturating_sub(1)
            }
            _ if skipped_depth > 0 => {}
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_skipped(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Heading { .. }
            | Tag::Table(_)
            | Tag::CodeBlock(_)
            | Tag::Image { .. }
            | Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::MetadataBlock(_)
    )
}

fn is_skipped_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Heading(_)
            | TagEnd::Table
            | TagEnd::CodeBlock
            | TagEnd::Image
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::MetadataBlock(_)
    )
}

/// `text` when it fits in `max_chars`; otherwise its longest whole-word prefix
/// that fits together with the ellipsis (a single over-long word is cut hard).
fn cut_at_word(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let Some(budget) = max_chars.checked_sub(1) else { return String::new() };
    let end = text.char_indices().nth(budget).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    let whole_words = if text[end..].starts_with(' ') {
        head
    } else {
        head.rfind(' ').map_or(head, |space| &head[..space])
    };
    let trimmed = whole_words.trim_end_matches(|c: char| c.is_whitespace() || ",;:-—".contains(c));
    format!("{trimmed}{ELLIPSIS}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_prose_and_drops_headings_tables_code_and_images() {
        let md = "# Judul\n\nKota *Bontang* meraih [predikat](x) `Utama`.\n\n\
                  | a | b |\n|---|---|\n| 1 | 2 |\n\n```\nkode()\n```\n\n![foto](a.png)\n\n\
                  - satu\n- dua\n\nAkhir.[^1]\n\n[^1]: Catatan kaki.\n";
        assert_eq!(plain_summary(md, 500), "Kota Bontang meraih predikat Utama. satu dua Akhir.");
    }

    #[test]
    fn collapses_whitespace_across_lines() {
        assert_eq!(plain_summary("satu\ndua   tiga\n\nempat", 100), "satu dua tiga empat");
    }

    #[test]
    fn drops_control_characters() {
        assert_eq!(plain_summary("satu \u{2} dua\u{7}", 100), "satu dua");
    }

    #[test]
    fn cuts_at_a_word_boundary_and_appends_an_ellipsis() {
        let text = "Kota Balikpapan meraih predikat Utama pada tahun 2025";
        assert_eq!(plain_summary(text, 20), "Kota Balikpapan…");
        assert!(plain_summary(text, 20).chars().count() <= 20);
    }

    #[test]
    fn cuts_exactly_before_a_space_without_losing_the_word() {
        // "Kota Balikpapan" is 15 characters; 16 leaves room for it plus "…".
        assert_eq!(plain_summary("Kota Balikpapan meraih", 16), "Kota Balikpapan…");
    }

    #[test]
    fn does_not_cut_text_that_fits() {
        assert_eq!(plain_summary("Pendek saja.", 12), "Pendek saja.");
    }

    #[test]
    fn cuts_a_single_long_word_hard_and_counts_characters_not_bytes() {
        assert_eq!(plain_summary("ééééééééé", 4), "ééé…");
        assert_eq!(plain_summary("abc def", 0), "");
    }
}
