//! Long listings split over numbered pages: the rankings, province pages and
//! the regions index of a village-scale site list tens of thousands of rows,
//! tens of megabytes of HTML no phone can open and no build should hold in
//! memory. Above [`PER_PAGE`] rows a listing's later pages live under its
//! route ([`routes::paged`]), each with links to the first, previous, next
//! and last page; a listing of a national site (514 rows) keeps one page.

use std::ops::Range;

use serde::Serialize;

use crate::render::routes;
use crate::render::views::{Ctx, Link};

/// Rows per page of a listing; a listing with at most this many rows is one page.
pub(crate) const PER_PAGE: usize = 1000;

/// How many pages a listing of `rows` rows takes (one when it is empty).
pub(crate) fn page_count(rows: usize) -> usize {
    rows.div_ceil(PER_PAGE).max(1)
}

/// Which page of a listing is being built: `n` (from 1) of `of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PageAt {
    pub(super) n: usize,
    pub(super) of: usize,
}

impl PageAt {
    /// Every page of a listing of `rows` rows.
    pub(super) fn all(rows: usize) -> impl Iterator<Item = PageAt> {
        let of = page_count(rows);
        (1..=of).map(move |n| PageAt { n, of })
    }

    /// The rows of this page in a listing of `rows` rows.
    pub(super) fn rows(self, rows: usize) -> Range<usize> {
        let start = ((self.n - 1) * PER_PAGE).min(rows);
        start..(start + PER_PAGE).min(rows)
    }

    /// Whether this is the listing's last page, where whatever follows the rows goes.
    pub(super) fn is_last(self) -> bool {
        self.n == self.of
    }
}

/// The links between the pages of a listing; absent on a listing of one page.
#[derive(Serialize)]
pub(super) struct Pager {
    /// "Halaman 2 dari 84".
    pub(super) status: String,
    pub(super) first: Option<Link>,
    pub(super) prev: Option<Link>,
    pub(super) next: Option<Link>,
    pub(super) last: Option<Link>,
}

/// The pager of page `at` of the listing at `route`, or `None` when the
/// listing has one page.
pub(super) fn pager(ctx: &Ctx<'_>, route: &str, at: PageAt) -> Option<Pager> {
    let PageAt { n, of: pages } = at;
    if pages <= 1 {
        return None;
    }
    let ui = &ctx.ui;
    let link = |key: &str, to: usize| Link {
        label: ui.fill(key, &[("page", &to.to_string())]),
        url: ui.url(&routes::paged(route, to)),
    };
    let status =
        ui.fill("pager_status", &[("page", &n.to_string()), ("pages", &pages.to_string())]);
    Some(Pager {
        status,
        first: (n > 2).then(|| link("pager_first", 1)),
        prev: (n > 1).then(|| link("pager_prev", n - 1)),
        next: (n < pages).then(|| link("pager_next", n + 1)),
        last: (n + 1 < pages).then(|| link("pager_last", pages)),
    })
}

/// A page title with its page number after the first page, so every page of
/// a listing has a title of its own: "Peringkat nasional 2023 (halaman 2)".
pub(super) fn paged_title(ctx: &Ctx<'_>, title: String, at: PageAt) -> String {
    if at.n <= 1 {
        return title;
    }
    ctx.ui.fill("pager_title", &[("title", &title), ("page", &at.n.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_is_cut_into_full_pages_and_a_rest() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(PER_PAGE), 1);
        let pages: Vec<PageAt> = PageAt::all(PER_PAGE + 1).collect();
        assert_eq!(pages, [PageAt { n: 1, of: 2 }, PageAt { n: 2, of: 2 }]);
        assert_eq!(pages[0].rows(PER_PAGE + 1), 0..PER_PAGE);
        assert_eq!(pages[1].rows(PER_PAGE + 1), PER_PAGE..PER_PAGE + 1);
        assert!(pages[1].is_last() && !pages[0].is_last());
        assert_eq!(PageAt { n: 1, of: 1 }.rows(0), 0..0);
        assert_eq!(PageAt::all(0).count(), 1, "an empty listing still has its page");
    }
}
