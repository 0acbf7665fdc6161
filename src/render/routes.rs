//! The URL scheme of a built site, in one place.
//!
//! Every link a template or data file emits comes from here, so a change of
//! scheme is one edit. Routes are site-relative and start with `/`; a route
//! ending in `/` is written as `<route>index.html`. Indonesian is served at
//! the root; other languages under `/<lang>/` (see [`in_lang`]).

use crate::model::slugify;

/// The home page.
pub fn home() -> String {
    "/".to_string()
}

/// A region's profile.
pub fn region(slug: &str) -> String {
    format!("/wilayah/{slug}/")
}

/// The index of all regions.
pub fn regions() -> String {
    "/wilayah/".to_string()
}

/// The national ranking of one year.
pub fn ranking(year: u16) -> String {
    format!("/peringkat/{year}/")
}

/// The index of rankings (all years).
pub fn rankings() -> String {
    "/peringkat/".to_string()
}

/// The ranking of one province in one year.
pub fn province_ranking(year: u16, province: &str) -> String {
    format!("/peringkat/{year}/provinsi/{}/", slugify(province))
}

/// The ranking of one cluster in one year.
pub fn cluster_ranking(year: u16, cluster: &str) -> String {
    format!("/peringkat/{year}/klaster/{cluster}/")
}

/// A province's overview (its regions and their latest evaluations).
pub fn province(province: &str) -> String {
    format!("/provinsi/{}/", slugify(province))
}

/// The index of provinces.
pub fn provinces() -> String {
    "/provinsi/".to_string()
}

/// The methodology page (all rubrics).
pub fn methodology() -> String {
    "/metodologi/".to_string()
}

/// A free page from `content/pages/<slug>.md`.
pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}

/// The search page; the search form of every page submits to it.
pub fn search() -> String {
    "/cari/".to_string()
}

/// The folder of the search index bundle (Pagefind's `pagefind.js`, its
/// WebAssembly and index files), shared by every language.
pub fn search_bundle() -> String {
    "/pagefind/".to_string()
}

/// The open-data landing page.
pub fn data_index() -> String {
    "/data/".to_string()
}

/// All scores as JSON.
pub fn scores_json() -> String {
    "/data/scores.json".to_string()
}

/// All scores as CSV.
pub fn scores_csv() -> String {
    "/data/scores.csv".to_string()
}

/// One region's data as JSON.
pub fn region_json(slug: &str) -> String {
    format!("/data/wilayah/{slug}.json")
}

/// The Atom feed of evaluations and narratives.
pub fn feed() -> String {
    "/atom.xml".to_string()
}

/// The sitemap (a sitemap index when the site has too many pages for one).
pub fn sitemap() -> String {
    "/sitemap.xml".to_string()
}

/// Part `n` (from 1) of a sitemap split under a sitemap index.
pub fn sitemap_part(n: usize) -> String {
    format!("/sitemap-{n}.xml")
}

/// The not-found page.
pub fn not_found() -> String {
    "/404.html".to_string()
}

/// A route in another language: the default language keeps the route as is,
/// others are prefixed with `/<lang>`. Only pages (routes ending in `/`) have
/// languages: data files, feeds, static files and the 404 page are shared.
pub fn in_lang(route: &str, lang: &str, default_lang: &str) -> String {
    if lang == default_lang || !route.ends_with('/') {
        route.to_string()
    } else {
        format!("/{lang}{route}")
    }
}

/// `/data/penghargaan.json`: the announcements as open data.
pub fn announcements_json() -> String {
    "/data/penghargaan.json".to_string()
}

/// `/penghargaan/`: the official record's years.
pub fn awards() -> String {
    "/penghargaan/".to_string()
}

/// `/penghargaan/<year>/`: one year's announced results.
pub fn award_year(year: u16) -> String {
    format!("/penghargaan/{year}/")
}

/// The page of data changes between evaluations (the same slug in every language).
pub fn changes() -> String {
    "/perubahan/".to_string()
}

/// The Atom feed of data changes between evaluations.
pub fn changes_feed() -> String {
    "/perubahan.xml".to_string()
}

/// The Frictionless data package describing `scores.csv`.
pub fn datapackage() -> String {
    "/data/datapackage.json".to_string()
}

/// A region's share image (its name and predikat), for Open Graph.
pub fn share_image(slug: &str) -> String {
    format!("/static/share/{slug}.png")
}

/// A region's badge (its name and latest official predikat), to embed on other sites.
pub fn badge(slug: &str) -> String {
    format!("/wilayah/{slug}/lencana.svg")
}

/// The folder of a listing's later pages, under the listing's own route.
const PAGED: &str = "halaman";

/// Page `n` (from 1) of a listing split over numbered pages: the first page
/// keeps the listing's route, later ones live under it
/// (`/peringkat/2023/halaman/2/`), as Zola and Hugo paginate.
pub fn paged(route: &str, n: usize) -> String {
    if n <= 1 { route.to_string() } else { format!("{route}{PAGED}/{n}/") }
}

/// The listing a numbered page belongs to (the route itself for any other
/// route), so `kla serve` can re-render every page of a listing that changed.
pub fn unpaged(route: &str) -> &str {
    let Some(rest) = route.strip_suffix('/') else { return route };
    let Some((head, number)) = rest.rsplit_once('/') else { return route };
    let is_number = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    match head.strip_suffix(PAGED) {
        Some(listing) if is_number && listing.ends_with('/') => listing,
        _ => route,
    }
}

/// The file a route is written to, relative to the output root.
pub fn file_for(route: &str) -> String {
    let trimmed = route.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The absolute URL of a route under `base_url` (which ends in `/`).
pub fn absolute(base_url: &str, route: &str) -> String {
    format!("{}{}", base_url.trim_end_matches('/'), route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_map_to_files() {
        assert_eq!(file_for(&home()), "index.html");
        assert_eq!(file_for(&region("kota-bontang")), "wilayah/kota-bontang/index.html");
        assert_eq!(file_for(&scores_json()), "data/scores.json");
        assert_eq!(
            file_for(&province_ranking(2025, "Kalimantan Timur")),
            "peringkat/2025/provinsi/kalimantan-timur/index.html"
        );
    }

    #[test]
    fn later_pages_of_a_listing_live_under_it() {
        assert_eq!(paged(&ranking(2023), 1), "/peringkat/2023/");
        assert_eq!(paged(&ranking(2023), 2), "/peringkat/2023/halaman/2/");
        assert_eq!(unpaged("/peringkat/2023/halaman/12/"), "/peringkat/2023/");
        assert_eq!(unpaged("/provinsi/aceh/halaman/3/"), "/provinsi/aceh/");
        for route in ["/peringkat/2023/", "/wilayah/halaman/", "/halaman/x/", "/a/halaman2/3/"] {
            assert_eq!(unpaged(route), route);
        }
        assert_eq!(file_for(&paged(&regions(), 4)), "wilayah/halaman/4/index.html");
        assert!(
            crate::load::RESERVED_REGION_SLUGS.contains(&PAGED),
            "a region folder named like the paging folder must be refused"
        );
    }

    #[test]
    fn other_languages_are_prefixed() {
        assert_eq!(in_lang("/wilayah/a/", "id", "id"), "/wilayah/a/");
        assert_eq!(in_lang("/wilayah/a/", "en", "id"), "/en/wilayah/a/");
        assert_eq!(in_lang("/", "en", "id"), "/en/");
        assert_eq!(in_lang(&scores_csv(), "en", "id"), "/data/scores.csv", "data is shared");
        assert_eq!(in_lang(&not_found(), "en", "id"), "/404.html");
        assert_eq!(
            absolute("https://kla.example/", "/wilayah/a/"),
            "https://kla.example/wilayah/a/"
        );
    }
}
