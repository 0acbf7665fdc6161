//! Heading anchors: gives every heading of a document a unique `id` and
//! collects the table of contents. It does not render anything.
//!
//! An explicit `{#id}` wins: automatic ids never take an id that a heading of
//! the same document asks for explicitly. Repeats get `-2`, `-3`, ... suffixes.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::rendered::Heading;
use crate::model::slugify;

/// Id used when a heading's text has no letter or digit to build a slug from.
const FALLBACK_ID: &str = "bagian";

/// Sets the `id` of every heading in `events` and returns them in document order.
pub(crate) fn assign_ids(events: &mut [(Event<'_>, Range<usize>)]) -> Vec<Heading> {
    let requested = explicit_ids(events);
    let mut taken = BTreeSet::new();
    let mut next_suffix = BTreeMap::new();
    let mut toc = Vec::new();
    for index in 0..events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[index].0 else { continue };
        let level = *level as u8;
        let explicit = id.as_ref().map(|s| s.to_string()).filter(|s| !s.is_empty());
        let title = heading_text(&events[index + 1..]);
        let chosen = match explicit {
            Some(wanted) if taken.insert(wanted.clone()) => wanted,
            Some(wanted) => unique(&wanted, &taken, &BTreeSet::new(), &mut next_suffix),
            None => unique(&slug_or_fallback(&title), &taken, &requested, &mut next_suffix),
        };
        taken.insert(chosen.clone());
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[index].0 {
            *id = Some(chosen.clone().into());
        }
        toc.push(Heading { level, id: chosen, title });
    }
    toc
}

/// Every id asked for with `{#id}` in the document.
fn explicit_ids(events: &[(Event<'_>, Range<usize>)]) -> BTreeSet<String> {
    events
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) if !id.is_empty() => {
                Some(id.to_string())
            }
            _ => None,
        })
        .collect()
}

/// The plain text of the heading whose content starts at `events[0]`.
fn heading_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn slug_or_fallback(title: &str) -> String {
    let slug = slugify(title);
    if slug.is_empty() { FALLBACK_ID.to_string() } else { slug }
}

/// `base`, or `base-2`, `base-3`, ... : the first not taken nor reserved.
///
/// `next_suffix` remembers per base where the last search ended (ids are only
/// ever added to `taken`), so n equal headings cost O(n log n), not O(n²).
fn unique(
    base: &str,
    taken: &BTreeSet<String>,
    reserved: &BTreeSet<String>,
    next_suffix: &mut BTreeMap<String, usize>,
) -> String {
    let free = |candidate: &String| !taken.contains(candidate) && !reserved.contains(candidate);
    let first = base.to_string();
    if free(&first) {
        return first;
    }
    let start = next_suffix.get(base).copied().unwrap_or(2);
    let (n, id) = (start..)
        .map(|n| (n, format!("{base}-{n}")))
        .find(|(_, id)| free(id))
        .unwrap_or_else(|| unreachable!("the suffixes are endless"));
    next_suffix.insert(first, n + 1);
    id
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;

    fn ids(markdown: &str) -> Vec<String> {
        let mut events: Vec<_> =
            Parser::new_ext(markdown, super::super::options()).into_offset_iter().collect();
        assign_ids(&mut events).into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn explicit_id_wins_over_an_earlier_automatic_one() {
        assert_eq!(ids("# Data\n\n# Lain {#data}\n"), ["data-2", "data"]);
    }

    #[test]
    fn repeated_explicit_ids_are_made_unique() {
        assert_eq!(ids("# A {#x}\n\n# B {#x}\n"), ["x", "x-2"]);
    }

    #[test]
    fn headings_without_letters_fall_back_and_stay_unique() {
        assert_eq!(ids("# !!!\n\n# ???\n"), ["bagian", "bagian-2"]);
    }

    #[test]
    fn heading_text_includes_code_and_drops_markup() {
        let mut events: Vec<_> =
            Parser::new_ext("## Skor `total` *akhir*\n", super::super::options())
                .into_offset_iter()
                .collect();
        let toc = assign_ids(&mut events);
        assert_eq!(toc[0].title, "Skor total akhir");
        assert_eq!(toc[0].id, "skor-total-akhir");
    }

    #[test]
    fn suffix_skips_ids_already_taken_by_literal_headings() {
        assert_eq!(ids("# A\n\n# A 2\n\n# A\n"), ["a", "a-2", "a-3"]);
    }
}
