//! Table rows drawn one by one with the theme's `ranking_row.html`, and the
//! cache of them `kla serve` keeps.
//!
//! A ranking lists every region of a year (514 nationally, tens of thousands
//! of villages), and an edit to one region changes a few of its rows: the
//! region's own and those it passed. So a ranking's rows are drawn apart and
//! the page places them (`v.rows_html`). With a [`RowCache`] (serve mode
//! only), a row whose view equals the one drawn last time for the same page
//! takes that row's HTML again; the template's input is the whole key, so the
//! result is the same bytes a fresh render gives.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use tera::Value;

use crate::diag::Diagnostics;
use crate::render::theme::Theme;

/// The template one ranking row is drawn with. It sees `r` (the row), `t`
/// (the UI strings) and `show_province`.
pub(crate) const ROW_TEMPLATE: &str = "ranking_row.html";

/// A page's rows to draw with [`ROW_TEMPLATE`], as the template sees them.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// Each row's view.
    pub(crate) rows: Vec<Value>,
    /// Whether rows show the province column.
    pub(crate) show_province: bool,
}

/// The rows drawn for each page (by output path) in the last render that drew
/// it: each row's view and its HTML. Bound to one [`Theme`] (it lives in it),
/// so a template or string change starts from an empty cache.
#[derive(Debug, Default)]
pub(crate) struct RowCache {
    pages: Mutex<HashMap<String, Drawn>>,
}

/// One page's rows: (view, HTML) in page order.
type Drawn = Vec<(Value, Value)>;

/// The HTML of each row of `table` on the page at output `path`, each a safe
/// string, in row order; rows unchanged since the last render of that page
/// are taken from the theme's cache when it has one.
pub(crate) fn draw(
    theme: &Theme,
    t: &Value,
    path: &str,
    table: &Table,
) -> Result<Vec<Value>, Diagnostics> {
    let cache = theme.rows.as_deref();
    let previous: Drawn = cache.and_then(|c| c.lock().remove(path)).unwrap_or_default();
    let mut by_url: Option<HashMap<&str, usize>> = None;
    let mut drawn: Drawn = Vec::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        // Most rows keep their place; a row that moved is found by its link.
        let same = |j: &usize| previous.get(*j).filter(|(before, _)| before == row);
        let kept = same(&i).or_else(|| {
            let index = by_url.get_or_insert_with(|| {
                previous.iter().enumerate().filter_map(|(j, (r, _))| Some((url(r)?, j))).collect()
            });
            url(row).and_then(|u| index.get(u)).and_then(same)
        });
        let html = match kept {
            Some((_, html)) => html.clone(),
            None => Value::safe_string(&draw_row(theme, t, row, table.show_province)?),
        };
        drawn.push((row.clone(), html));
    }
    let html = drawn.iter().map(|(_, html)| html.clone()).collect();
    if let Some(cache) = cache {
        cache.lock().insert(path.to_string(), drawn);
    }
    Ok(html)
}

impl RowCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Drawn>> {
        self.pages.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A row's link: what tells rows apart on one page.
fn url(row: &Value) -> Option<&str> {
    row.as_map()?.get(&tera::value::Key::from("url"))?.as_str()
}

fn draw_row(
    theme: &Theme,
    t: &Value,
    row: &Value,
    show_province: bool,
) -> Result<String, Diagnostics> {
    let mut context = tera::Context::new();
    context.insert_value("r", row.clone());
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
    use crate::render::views::{RankRow, TrendView};

    fn row(name: &'static str, rank: u32, total: &str) -> Value {
        Value::from_serializable(&RankRow {
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
        })
    }

    fn html(theme: &Theme, path: &str, rows: Vec<Value>) -> Vec<String> {
        let table = Table { rows, show_province: true };
        let drawn = draw(theme, &Value::from_serializable(&theme.strings_for("id")), path, &table);
        drawn.unwrap().iter().map(|h| h.as_str().unwrap().to_string()).collect()
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
