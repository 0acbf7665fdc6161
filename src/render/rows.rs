//! Table rows drawn one by one with the theme's `ranking_row.html`, and the
//! cache of them `kla serve` keeps.
//!
//! A ranking lists every region of a year (514 nationally, tens of thousands
//! of villages), and an edit to one region changes a few of its rows: the
//! region's own and those it passed. So a ranking's rows are drawn apart and
//! the page places them (`v.rows_html`). With a [`RowCache`] (serve mode
//! only), a row equal to one drawn last time for the same page takes that
//! row's HTML again. Rows are compared as typed values ([`RowKey`]), before
//! any template value is made: only a row that changed is serialised for the
//! template and drawn. The row's whole content is the key, so the result is
//! the same bytes a fresh render gives.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, PoisonError};

use tera::Value;

use crate::diag::Diagnostics;
use crate::render::theme::Theme;
use crate::render::views::RankRow;

/// The template one ranking row is drawn with. It sees `r` (the row), `t`
/// (the UI strings) and `show_province`.
pub(crate) const ROW_TEMPLATE: &str = "ranking_row.html";

/// A page's rows to draw with [`ROW_TEMPLATE`].
#[derive(Debug, Clone)]
pub(crate) struct Table<'a> {
    /// The rows in page order.
    pub(crate) rows: Vec<RankRow<'a>>,
    /// Whether rows show the province column.
    pub(crate) show_province: bool,
}

/// The rows drawn for each page (by output path) in the last render that drew
/// it: each row's key and its HTML. Bound to one [`Theme`] (it lives in it),
/// so a template or string change starts from an empty cache.
#[derive(Debug, Default)]
pub(crate) struct RowCache {
    pages: Mutex<HashMap<String, Drawn>>,
}

/// One page's rows: (key, HTML) in page order.
type Drawn = Vec<(RowKey, Value)>;

/// A row's whole content as bytes: the stream its `Hash` implementation
/// writes, kept instead of hashed. Two rows have the same key exactly when
/// every field is equal (a string is written with its bytes and a 0xFF
/// terminator, which UTF-8 never contains), so equal keys mean equal HTML,
/// with no chance of a collision; and comparing two keys is one `memcmp`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RowKey(Vec<u8>);

impl RowKey {
    fn of(row: &RankRow<'_>, show_province: bool) -> Self {
        let mut bytes = KeyBytes(Vec::with_capacity(256));
        (row, show_province).hash(&mut bytes);
        RowKey(bytes.0)
    }
}

/// The [`Hasher`] that keeps what it is given (see [`RowKey`]).
struct KeyBytes(Vec<u8>);

impl Hasher for KeyBytes {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        unreachable!("a row key is compared, never hashed")
    }
}

/// The HTML of each row of `table` on the page at output `path`, each a safe
/// string, in row order; rows unchanged since the last render of that page
/// are taken from the theme's cache when it has one.
pub(crate) fn draw(
    theme: &Theme,
    t: &Value,
    path: &str,
    table: &Table<'_>,
) -> Result<Vec<Value>, Diagnostics> {
    let draw_one = |row: &RankRow<'_>| -> Result<Value, Diagnostics> {
        Ok(Value::safe_string(&draw_row(theme, t, row, table.show_province)?))
    };
    let Some(cache) = theme.rows.as_deref() else {
        return table.rows.iter().map(draw_one).collect();
    };
    let previous: Drawn = cache.lock().remove(path).unwrap_or_default();
    let mut by_key: Option<HashMap<&RowKey, usize>> = None;
    let mut drawn: Drawn = Vec::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        let key = RowKey::of(row, table.show_province);
        // Most rows keep their place; a row that moved is found by its content.
        let kept = previous.get(i).filter(|(before, _)| *before == key).map(|(_, html)| html);
        let kept = kept.or_else(|| {
            let index = by_key.get_or_insert_with(|| {
                previous.iter().enumerate().map(|(j, (k, _))| (k, j)).collect()
            });
            index.get(&key).map(|&j| &previous[j].1)
        });
        let html = match kept {
            Some(html) => html.clone(),
            None => draw_one(row)?,
        };
        drawn.push((key, html));
    }
    let html = drawn.iter().map(|(_, html)| html.clone()).collect();
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
    use super::*;
    use crate::render::views::TrendView;

    fn row(name: &'static str, rank: u32, total: &str) -> RankRow<'static> {
        RankRow {
            rank: rank.to_string(),
            year: 2024,
            name,
            url: format!("/wilayah/{}/", name.to_lowercase()),
            province: "Aceh",
            province_url: "/provinsi/aceh/".to_string(),
            kind: "Kota".to_string(),
            total: total.to_string(),
            total_raw: total.to_string(),
            max: "1000".to_string(),
            predikat: "Madya".to_string(),
            official: "-".to_string(),
            mismatch: false,
            illustrative: false,
            trend: TrendView::default(),
        }
    }

    fn html(theme: &Theme, path: &str, rows: Vec<RankRow<'static>>) -> Vec<String> {
        let table = Table { rows, show_province: true };
        let drawn = draw(theme, &Value::from_serializable(&theme.strings_for("id")), path, &table);
        drawn.unwrap().iter().map(|h| h.as_str().unwrap().to_string()).collect()
    }

    #[test]
    fn row_keys_differ_when_any_field_differs_even_across_field_boundaries() {
        let a = row("Alpha", 1, "900");
        assert_eq!(RowKey::of(&a, true), RowKey::of(&a.clone(), true));
        assert_ne!(RowKey::of(&a, true), RowKey::of(&a, false));
        // The same characters split differently between two fields.
        let (mut b, mut c) = (a.clone(), a.clone());
        (b.name, b.province) = ("Alph", "aAceh");
        (c.name, c.province) = ("Alpha", "Aceh");
        assert_ne!(RowKey::of(&b, true), RowKey::of(&c, true));
        let mut d = a.clone();
        d.trend.delta = "+1".to_string();
        assert_ne!(RowKey::of(&a, true), RowKey::of(&d, true));
    }

    #[test]
    fn a_remembered_row_is_reused_only_while_its_view_is_the_same() {
        let cached = Theme::builtin().unwrap().remembering_rows();
        let fresh = Theme::builtin().unwrap();
        let page = "peringkat/2024/index.html";
        let before = vec![row("Alpha", 1, "900"), row("Beta", 2, "800"), row("Gamma", 3, "700")];
        assert_eq!(html(&cached, page, before.clone()), html(&fresh, page, before));
        // Gamma passes Beta: both rows change, Alpha's stays; then the same rows on another page.
        let after = vec![row("Alpha", 1, "900"), row("Gamma", 2, "850"), row("Beta", 3, "800")];
        let drawn = html(&cached, page, after.clone());
        assert_eq!(drawn, html(&fresh, page, after.clone()));
        assert!(drawn[1].contains("Gamma") && drawn[1].contains("850"), "{}", drawn[1]);
        let other = "peringkat/2024/klaster/kesehatan/index.html";
        let moved = vec![row("Beta", 1, "800"), row("Alpha", 2, "900")];
        assert_eq!(html(&cached, other, moved.clone()), html(&fresh, other, moved));
    }
}
