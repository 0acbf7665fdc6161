//! Table rows drawn one by one with the theme's `ranking_row.html`, and the
//! cache of them `kla serve` keeps.
//!
//! A ranking lists every region of a year (514 nationally, tens of thousands
//! of villages), and an edit to one region changes a few of its rows: the
//! region's own and those it passed. So a page gives its rows' facts
//! (`RowFacts`), the rows are drawn apart, and the page places them
//! (`v.rows_html`). With a [`RowCache`] (serve mode
//! only), a row whose inputs equal those of a row drawn last time for the
//! same page takes that row's HTML again. Rows are compared by what they are
//! made from (keys written from each row's `RowInputs`, see [`Drawn`]),
//! before the row itself is built: only a row that changed is built,
//! serialised for the template and drawn. The row is built from its inputs
//! alone, besides words shared by every row of one language and theme (and
//! the cache's owner, `render::Memo`, empties it when the theme changes), so
//! the result is the same bytes a fresh render gives.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use tera::Value;

use crate::diag::Diagnostics;
use crate::render::theme::Theme;
use crate::render::views::{Ctx, RankRow, RowFacts, RowInputs};

/// The template one ranking row is drawn with. It sees `r` (the row), `t`
/// (the UI strings) and `show_province`.
pub(crate) const ROW_TEMPLATE: &str = "ranking_row.html";

/// A page's rows to draw with [`ROW_TEMPLATE`].
#[derive(Debug, Clone)]
pub(crate) struct Table<'a> {
    /// The facts of the rows in page order, the rows not built yet.
    pub(crate) rows: Vec<RowFacts<'a>>,
    /// Whether rows show the province column.
    pub(crate) show_province: bool,
}

/// The rows drawn for each page (by output path) in the last render that drew
/// it: each row's key and its HTML. Bound to one [`Theme`]: its owner
/// (`render::Memo`) starts from an empty cache when templates or strings change.
#[derive(Debug, Default)]
pub(crate) struct RowCache {
    pages: Mutex<HashMap<String, Drawn>>,
}

/// How many rows of a page are looked for by scanning its previous rows
/// before an index of them is built (building it costs about as much as a
/// few hundred scans of a national ranking, most of whose keys differ from the
/// first bytes on).
const SCANS: usize = 8;

/// One page's rows in page order: their keys end to end (one buffer per page,
/// not one per row), where each key ends, and each row's HTML.
///
/// A row's key is its inputs as bytes: the stream their `Hash` implementation
/// writes, kept instead of hashed ([`write_key`]). Two rows have the same key
/// exactly when every input is equal (a string is written with its bytes and
/// a 0xFF terminator, which UTF-8 never contains), so equal keys mean equal
/// HTML, with no chance of a collision; and comparing two keys is one `memcmp`.
#[derive(Debug, Default)]
struct Drawn {
    keys: Vec<u8>,
    ends: Vec<usize>,
    /// Each row's HTML, shared with the page that placed it (a page's rows
    /// are hundreds of kilobytes; handing them out copies no text).
    html: Vec<Arc<str>>,
}

impl Drawn {
    /// The key of row `i`, if the page has that many rows.
    fn key(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.keys[start..end])
    }
}

/// Appends the key of a row with `inputs` (drawn with or without the province
/// column) to `keys`; crate-visible so the tests of `RowInputs` check the
/// very keys the cache compares.
pub(crate) fn write_key(inputs: &RowInputs<'_, '_>, show_province: bool, keys: &mut Vec<u8>) {
    (inputs, show_province).hash(&mut KeyBytes(keys));
}

/// The [`Hasher`] that keeps what it is given (see [`Drawn`]).
struct KeyBytes<'k>(&'k mut Vec<u8>);

impl Hasher for KeyBytes<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        unreachable!("a row key is compared, never hashed")
    }
}

/// The HTML of each row of `table` on the page at output `path`, each a safe
/// string, in row order; rows unchanged since the last render of that page
/// are taken from `cache` when the caller keeps one.
pub(crate) fn draw<'a>(
    theme: &Theme,
    cache: Option<&RowCache>,
    ctx: &Ctx<'a>,
    t: &Value,
    path: &str,
    table: &Table<'a>,
) -> Result<Vec<Arc<str>>, Diagnostics> {
    let draw_one = |inputs: RowInputs<'a, '_>| -> Result<Arc<str>, Diagnostics> {
        Ok(Arc::from(draw_row(theme, t, &inputs.row(ctx.row_words()), table.show_province)?))
    };
    let Some(cache) = cache else {
        return table.rows.iter().map(|&row| draw_one(ctx.inputs_of(row))).collect();
    };
    let previous: Drawn = cache.lock().remove(path).unwrap_or_default();
    let mut by_key: Option<HashMap<&[u8], usize>> = None;
    let mut searched = 0;
    let rows = table.rows.len();
    let mut drawn = Drawn {
        keys: Vec::with_capacity(previous.keys.len()),
        ends: Vec::with_capacity(rows),
        html: Vec::with_capacity(rows),
    };
    for (i, &row) in table.rows.iter().enumerate() {
        let inputs = ctx.inputs_of(row);
        let start = drawn.keys.len();
        write_key(&inputs, table.show_province, &mut drawn.keys);
        let key = &drawn.keys[start..];
        // Most rows keep their place, or move one place (past a region that
        // rose or fell); a row that moved further, or changed, is looked for
        // among all: by scanning for the first few (an edit changes a row or
        // two of a page), then through an index of the page's keys.
        let near = [Some(i), i.checked_sub(1), Some(i + 1)];
        let mut kept = near.into_iter().flatten().find(|&j| previous.key(j) == Some(key));
        if kept.is_none() && searched < SCANS {
            searched += 1;
            kept = (0..previous.ends.len()).find(|&j| previous.key(j) == Some(key));
        } else if kept.is_none() {
            let index = by_key.get_or_insert_with(|| {
                (0..previous.ends.len()).filter_map(|j| Some((previous.key(j)?, j))).collect()
            });
            kept = index.get(key).copied();
        }
        let html = match kept {
            Some(j) => previous.html[j].clone(),
            None => draw_one(inputs)?,
        };
        drawn.ends.push(drawn.keys.len());
        drawn.html.push(html);
    }
    let html = drawn.html.clone();
    cache.lock().insert(path.to_string(), drawn);
    Ok(html)
}

impl RowCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Drawn>> {
        self.pages.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn draw_row(
    theme: &Theme,
    t: &Value,
    row: &RankRow<'_>,
    show_province: bool,
) -> Result<String, Diagnostics> {
    let mut context = tera::Context::new();
    context.insert("r", row);
    context.insert_value("t", t.clone());
    context.insert("show_province", &show_province);
    theme
        .tera
        .render(ROW_TEMPLATE, &context)
        .map_err(|err| theme.diagnostic(ROW_TEMPLATE, &err).into())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::Points;
    use crate::render::views::Ui;
    use crate::score::{Scored, ScoredEvaluation};
    use crate::testkit::scenes;

    /// The facts of `ev`'s row ranked `rank`-th on its total.
    fn ranked<'a>(ctx: &Ctx<'a>, ev: &'a ScoredEvaluation, rank: Option<u32>) -> RowFacts<'a> {
        RowFacts { rank, ..RowFacts::of(ctx, ev) }
    }

    /// The keys of every evaluation of `scored` ranked on its total with
    /// rank 1, and of the first one with other ranks, totals and columns.
    fn keys(scored: &Scored) -> Vec<Vec<u8>> {
        let strings = BTreeMap::new();
        let ctx = Ctx::new(scored, Ui::new("id", &strings, "https://kla.example/"));
        let key = |row: RowFacts<'_>, show_province: bool| {
            let mut bytes = Vec::new();
            write_key(&ctx.inputs_of(row), show_province, &mut bytes);
            bytes
        };
        let mut keys: Vec<Vec<u8>> =
            scored.evaluations.iter().map(|ev| key(ranked(&ctx, ev, Some(1)), true)).collect();
        let first = &scored.evaluations[0];
        keys.push(key(ranked(&ctx, first, Some(2)), true));
        keys.push(key(ranked(&ctx, first, Some(1)), false));
        let ranked_on = Some((Points(100), Points(4000)));
        keys.push(key(RowFacts { ranked_on, ..ranked(&ctx, first, Some(1)) }, true));
        keys
    }

    #[test]
    fn row_keys_differ_exactly_when_an_input_of_the_row_differs() {
        let scored = scenes::uji_scored();
        let base = keys(&scored);
        assert_eq!(base, keys(&scored.clone()));
        for (i, a) in base.iter().enumerate() {
            for b in &base[i + 1..] {
                assert_ne!(a, b, "rows of other evaluations, ranks, totals or columns");
            }
        }
        let edits: [fn(&mut Scored); 5] = [
            |s| s.site.region_mut(0).name.push('x'),
            |s| s.site.region_mut(0).province.push('x'),
            |s| s.evaluations[0].mismatch = !s.evaluations[0].mismatch,
            |s| s.evaluations[1].trend.as_mut().unwrap().delta = Some(Points(1)),
            |s| s.site.region_mut(0).evaluations[0].illustrative ^= true,
        ];
        for (n, edit) in edits.iter().enumerate() {
            let mut changed = scored.clone();
            edit(&mut changed);
            let after = keys(&changed);
            assert!(base.iter().zip(&after).any(|(a, b)| a != b), "edit {n} changes a key");
        }
        // What no row shows leaves every key as it was.
        let mut unshown = scored.clone();
        unshown.evaluations[0].ranks.province = Some(9);
        unshown.site.region_mut(0).code.push('9');
        assert_eq!(base, keys(&unshown));
    }

    fn html(cache: Option<&RowCache>, scored: &Scored, path: &str, order: &[usize]) -> Vec<String> {
        let theme = &Theme::builtin().unwrap();
        let strings = theme.strings_for("id");
        let ctx = Ctx::new(scored, Ui::new("id", &strings, "https://kla.example/"));
        let rows =
            order.iter().map(|&i| RowFacts::national(&ctx, &scored.evaluations[i])).collect();
        let table = Table { rows, show_province: true };
        let t = Value::from_serializable(&strings);
        let drawn = draw(theme, cache, &ctx, &t, path, &table).unwrap();
        drawn.iter().map(|h| h.to_string()).collect()
    }

    #[test]
    fn rows_moved_far_are_found_by_scan_and_by_index() {
        let scored = scenes::uji_scored();
        let theme = Theme::builtin().unwrap();
        let (cached, fresh) = (Some(&RowCache::default()), None);
        let strings = theme.strings_for("id");
        let ctx = Ctx::new(&scored, Ui::new("id", &strings, "https://kla.example/"));
        let t = Value::from_serializable(&strings);
        let evs = &scored.evaluations;
        let rows: Vec<RowFacts<'_>> =
            (0..3 * SCANS).map(|r| ranked(&ctx, &evs[r % evs.len()], Some(r as u32))).collect();
        let page = |rows: Vec<RowFacts<'_>>, cache: Option<&RowCache>| {
            let table = Table { rows, show_province: true };
            let drawn = draw(&theme, cache, &ctx, &t, "peringkat/2025/index.html", &table).unwrap();
            drawn.iter().map(|h| h.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(page(rows.clone(), cached), page(rows.clone(), fresh));
        // Every row but the middle ones moves far: more than a scan's worth.
        let reversed: Vec<RowFacts<'_>> = rows.iter().rev().copied().collect();
        let drawn = page(reversed.clone(), cached);
        assert_eq!(drawn, page(reversed, fresh));
        assert_eq!(drawn.last(), page(rows, fresh).first());
    }

    #[test]
    fn a_remembered_row_is_reused_only_while_its_inputs_are_the_same() {
        let cache = RowCache::default();
        let (cached, fresh) = (Some(&cache), None);
        let page = "peringkat/2025/index.html";
        let before = scenes::uji_scored();
        assert_eq!(html(cached, &before, page, &[1, 2]), html(fresh, &before, page, &[1, 2]));
        // Beta is renamed and passes Alfa: both rows move, Beta's changes.
        let mut after = before.clone();
        after.site.region_mut(1).name = "Kota Beta Baru".into();
        let drawn = html(cached, &after, page, &[2, 1]);
        assert_eq!(drawn, html(fresh, &after, page, &[2, 1]));
        assert!(drawn[0].contains("Kota Beta Baru"), "{}", drawn[0]);
        let other = "peringkat/2024/index.html";
        assert_eq!(html(cached, &after, other, &[0]), html(fresh, &after, other, &[0]));
    }
}
