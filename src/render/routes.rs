//! The URL scheme of a built site, in one place.
//!
//! [`Route`] names every kind of page and file kla writes, with what tells
//! one apart from another of its kind (a region's slug, a year); its
//! [`Route::path`] is the only place a route's text is written, and
//! [`Route::kind_of`] the only place a route's text is read back into its
//! kind. The top-level folders no free page may take and the region slugs
//! no region may take ([`RESERVED_PAGE_SLUGS`], [`RESERVED_REGION_SLUGS`])
//! follow from them. Routes are site-relative and start with `/`; a route
//! ending in `/` is written as `<route>index.html`. Indonesian is served at
//! the root; other languages under `/<lang>/` (see [`in_lang`]). The free
//! functions below are the routes' short names.

use crate::model::slugify;

/// Every page and file of a built site, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// The home page.
    Home,
    /// The index of all regions.
    Regions,
    /// A region's profile, by slug.
    Region(&'a str),
    /// The index of rankings.
    Rankings,
    /// The national ranking of a year.
    Ranking(u16),
    /// The ranking of a province (by name) in a year.
    ProvinceRanking(u16, &'a str),
    /// The ranking of a cluster (by id) in a year.
    ClusterRanking(u16, &'a str),
    /// The index of provinces.
    Provinces,
    /// A province's overview, by name.
    Province(&'a str),
    /// The methodology page.
    Methodology,
    /// The official record's years.
    Awards,
    /// One year's announced results.
    AwardYear(u16),
    /// The page of data changes.
    Changes,
    /// The Atom feed of data changes.
    ChangesFeed,
    /// The search page.
    Search,
    /// The folder of the search index bundle.
    SearchBundle,
    /// The open-data landing page.
    DataIndex,
    /// All scores as JSON.
    ScoresJson,
    /// All scores as CSV.
    ScoresCsv,
    /// One region's data as JSON, by slug.
    RegionJson(&'a str),
    /// The announcements as JSON.
    AnnouncementsJson,
    /// The data package describing the CSV.
    Datapackage,
    /// A region's share image, by slug.
    ShareImage(&'a str),
    /// A region's embeddable badge, by slug.
    Badge(&'a str),
    /// The Atom feed of evaluations and narratives.
    Feed,
    /// The sitemap.
    Sitemap,
    /// Part `n` of a split sitemap.
    SitemapPart(usize),
    /// The not-found page.
    NotFound,
    /// The comparison page.
    Compare,
    /// The compact JSON the comparison page loads.
    CompareJson,
    /// A free page from `content/pages/<slug>.md`.
    Page(&'a str),
}

/// What [`Route::kind_of`] reads back from a route's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A region's profile.
    Region,
    /// A ranking of one year (national, province or cluster).
    YearRanking,
    /// A province's overview.
    Province,
    /// The search index bundle.
    SearchBundle,
    /// A region's share image.
    ShareImage,
    /// A region's badge.
    Badge,
    /// Any other page or file.
    Other,
}

/// Top-level folders of kla's own routes.
const REGIONS: &str = "wilayah";
const RANKINGS: &str = "peringkat";
const PROVINCES: &str = "provinsi";
const METHODOLOGY: &str = "metodologi";
const DATA: &str = "data";
const STATIC: &str = "static";
const CHANGES: &str = "perubahan";
const SEARCH: &str = "cari";
const SEARCH_BUNDLE: &str = "pagefind";
const AWARDS: &str = "penghargaan";
const COMPARE: &str = "bandingkan";
/// A region's badge, in its profile's folder.
const BADGE: &str = "lencana.svg";
/// The comparison page's English slug (see [`TRANSLATED`]).
const COMPARE_EN: &str = "compare";

/// Top-level routes a free page may not take, because kla's own pages live
/// there (and `en`, the English site's folder).
pub const RESERVED_PAGE_SLUGS: &[&str] = &[
    REGIONS,
    RANKINGS,
    PROVINCES,
    METHODOLOGY,
    DATA,
    "en",
    STATIC,
    "404",
    CHANGES,
    SEARCH,
    SEARCH_BUNDLE,
    AWARDS,
    COMPARE,
    COMPARE_EN,
];

/// Region folder names kla's own routes use under `/wilayah/`: later pages
/// of the regions index live at `/wilayah/halaman/2/`.
pub const RESERVED_REGION_SLUGS: &[&str] = &[PAGED];

impl Route<'_> {
    /// The route's text, e.g. `/wilayah/kota-bontang/`.
    pub fn path(&self) -> String {
        match *self {
            Route::Home => "/".to_string(),
            Route::Regions => format!("/{REGIONS}/"),
            Route::Region(slug) => format!("/{REGIONS}/{slug}/"),
            Route::Rankings => format!("/{RANKINGS}/"),
            Route::Ranking(year) => format!("/{RANKINGS}/{year}/"),
            Route::ProvinceRanking(year, province) => {
                format!("/{RANKINGS}/{year}/{PROVINCES}/{}/", slugify(province))
            }
            Route::ClusterRanking(year, cluster) => {
                format!("/{RANKINGS}/{year}/klaster/{cluster}/")
            }
            Route::Provinces => format!("/{PROVINCES}/"),
            Route::Province(province) => format!("/{PROVINCES}/{}/", slugify(province)),
            Route::Methodology => format!("/{METHODOLOGY}/"),
            Route::Awards => format!("/{AWARDS}/"),
            Route::AwardYear(year) => format!("/{AWARDS}/{year}/"),
            Route::Changes => format!("/{CHANGES}/"),
            Route::ChangesFeed => format!("/{CHANGES}.xml"),
            Route::Search => format!("/{SEARCH}/"),
            Route::SearchBundle => format!("/{SEARCH_BUNDLE}/"),
            Route::DataIndex => format!("/{DATA}/"),
            Route::ScoresJson => format!("/{DATA}/scores.json"),
            Route::ScoresCsv => format!("/{DATA}/scores.csv"),
            Route::RegionJson(slug) => format!("/{DATA}/{REGIONS}/{slug}.json"),
            Route::AnnouncementsJson => format!("/{DATA}/{AWARDS}.json"),
            Route::Datapackage => format!("/{DATA}/datapackage.json"),
            Route::ShareImage(slug) => format!("/{STATIC}/share/{slug}.png"),
            Route::Badge(slug) => format!("/{REGIONS}/{slug}/{BADGE}"),
            Route::Feed => "/atom.xml".to_string(),
            Route::Sitemap => "/sitemap.xml".to_string(),
            Route::SitemapPart(n) => format!("/sitemap-{n}.xml"),
            Route::NotFound => "/404.html".to_string(),
            Route::Compare => format!("/{COMPARE}/"),
            Route::CompareJson => format!("/{DATA}/{COMPARE}.json"),
            Route::Page(slug) => format!("/{slug}/"),
        }
    }

    /// The kind of the page or file at a language-neutral `route` (a later
    /// page of a listing is of the listing's kind): what `kla serve`'s page
    /// filter needs to know of a route it is asked about.
    pub fn kind_of(route: &str) -> Kind {
        let route = unpaged(route);
        let segments: Vec<&str> = route.trim_matches('/').split('/').collect();
        match segments.as_slice() {
            [REGIONS, slug] if !slug.is_empty() && !route.ends_with(".json") => Kind::Region,
            [RANKINGS, year, ..] if year.parse::<u16>().is_ok() => Kind::YearRanking,
            [PROVINCES, name] if !name.is_empty() => Kind::Province,
            [SEARCH_BUNDLE, ..] => Kind::SearchBundle,
            [STATIC, "share", _] => Kind::ShareImage,
            [REGIONS, _, BADGE] => Kind::Badge,
            _ => Kind::Other,
        }
    }
}

/// The home page.
pub fn home() -> String {
    Route::Home.path()
}

/// A region's profile.
pub fn region(slug: &str) -> String {
    Route::Region(slug).path()
}

/// The index of all regions.
pub fn regions() -> String {
    Route::Regions.path()
}

/// The national ranking of one year.
pub fn ranking(year: u16) -> String {
    Route::Ranking(year).path()
}

/// The index of rankings (all years).
pub fn rankings() -> String {
    Route::Rankings.path()
}

/// The ranking of one province in one year.
pub fn province_ranking(year: u16, province: &str) -> String {
    Route::ProvinceRanking(year, province).path()
}

/// The ranking of one cluster in one year.
pub fn cluster_ranking(year: u16, cluster: &str) -> String {
    Route::ClusterRanking(year, cluster).path()
}

/// A province's overview (its regions and their latest evaluations).
pub fn province(province: &str) -> String {
    Route::Province(province).path()
}

/// The index of provinces.
pub fn provinces() -> String {
    Route::Provinces.path()
}

/// The methodology page (all rubrics).
pub fn methodology() -> String {
    Route::Methodology.path()
}

/// A free page from `content/pages/<slug>.md`.
pub fn page(slug: &str) -> String {
    Route::Page(slug).path()
}

/// The search page; the search form of every page submits to it.
pub fn search() -> String {
    Route::Search.path()
}

/// The folder of the search index bundle (Pagefind's `pagefind.js`, its
/// WebAssembly and index files), shared by every language.
pub fn search_bundle() -> String {
    Route::SearchBundle.path()
}

/// The open-data landing page.
pub fn data_index() -> String {
    Route::DataIndex.path()
}

/// All scores as JSON.
pub fn scores_json() -> String {
    Route::ScoresJson.path()
}

/// All scores as CSV.
pub fn scores_csv() -> String {
    Route::ScoresCsv.path()
}

/// One region's data as JSON.
pub fn region_json(slug: &str) -> String {
    Route::RegionJson(slug).path()
}

/// The Atom feed of evaluations and narratives.
pub fn feed() -> String {
    Route::Feed.path()
}

/// The sitemap (a sitemap index when the site has too many pages for one).
pub fn sitemap() -> String {
    Route::Sitemap.path()
}

/// Part `n` (from 1) of a sitemap split under a sitemap index.
pub fn sitemap_part(n: usize) -> String {
    Route::SitemapPart(n).path()
}

/// The not-found page.
pub fn not_found() -> String {
    Route::NotFound.path()
}

/// `/data/penghargaan.json`: the announcements as open data.
pub fn announcements_json() -> String {
    Route::AnnouncementsJson.path()
}

/// `/penghargaan/`: the official record's years.
pub fn awards() -> String {
    Route::Awards.path()
}

/// `/penghargaan/<year>/`: one year's announced results.
pub fn award_year(year: u16) -> String {
    Route::AwardYear(year).path()
}

/// The page of data changes between evaluations (the same slug in every language).
pub fn changes() -> String {
    Route::Changes.path()
}

/// The Atom feed of data changes between evaluations.
pub fn changes_feed() -> String {
    Route::ChangesFeed.path()
}

/// The Frictionless data package describing `scores.csv`.
pub fn datapackage() -> String {
    Route::Datapackage.path()
}

/// A region's share image (its name and predikat), for Open Graph.
pub fn share_image(slug: &str) -> String {
    Route::ShareImage(slug).path()
}

/// A route in another language: the default language keeps the route as is,
/// others are prefixed with `/<lang>` (and a page whose slug is a word a
/// reader types, [`TRANSLATED`], takes that language's word). Only pages
/// (routes ending in `/`) have languages: data files, feeds, static files and
/// the 404 page are shared.
pub fn in_lang(route: &str, lang: &str, default_lang: &str) -> String {
    if lang == default_lang || !route.ends_with('/') {
        return route.to_string();
    }
    let local = TRANSLATED
        .iter()
        .find(|(default, l, _)| *default == route && *l == lang)
        .map_or(route, |(_, _, local)| local);
    format!("/{lang}{local}")
}

/// Routes whose slug is a word in the site's language, with the word of
/// another language: `(default-language route, language, route there)`. A
/// shared link (`/en/compare/?w=...`) should read in the reader's language;
/// every other route keeps its Indonesian slug under `/<lang>/`. Both words
/// are reserved for free pages (`load::RESERVED_PAGE_SLUGS`; a test checks).
pub const TRANSLATED: &[(&str, &str, &str)] = &[("/bandingkan/", "en", "/compare/")];

/// The comparison page's slugs written out, for the test that ties them to [`TRANSLATED`].
#[cfg(test)]
const COMPARE_SLUGS: [&str; 2] = [COMPARE, COMPARE_EN];

/// The comparison page: up to four regions' records and scores side by side.
pub fn compare() -> String {
    Route::Compare.path()
}

/// The compact JSON the comparison page loads: every region's record and
/// latest computed scores (see `render::compare`).
pub fn compare_json() -> String {
    Route::CompareJson.path()
}

/// A region's badge (its name and latest official predikat), to embed on other sites.
pub fn badge(slug: &str) -> String {
    Route::Badge(slug).path()
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
            RESERVED_REGION_SLUGS.contains(&PAGED),
            "a region folder named like the paging folder must be refused"
        );
    }

    #[test]
    fn every_route_is_read_back_as_its_kind() {
        let cases = [
            (Route::Region("kota-a"), Kind::Region),
            (Route::Regions, Kind::Other),
            (Route::RegionJson("kota-a"), Kind::Other),
            (Route::Ranking(2024), Kind::YearRanking),
            (Route::ProvinceRanking(2024, "Aceh"), Kind::YearRanking),
            (Route::ClusterRanking(2024, "kelembagaan"), Kind::YearRanking),
            (Route::Rankings, Kind::Other),
            (Route::Province("Aceh"), Kind::Province),
            (Route::Provinces, Kind::Other),
            (Route::SearchBundle, Kind::SearchBundle),
            (Route::ShareImage("kota-b"), Kind::ShareImage),
            (Route::Badge("kota-b"), Kind::Badge),
            (Route::Home, Kind::Other),
            (Route::AwardYear(2023), Kind::Other),
            (Route::Page("tentang"), Kind::Other),
        ];
        for (route, kind) in cases {
            let path = route.path();
            assert_eq!(Route::kind_of(&path), kind, "{route:?}");
            if path.ends_with('/') {
                assert_eq!(Route::kind_of(&paged(&path, 3)), kind, "{route:?}, page 3");
            }
        }
    }

    #[test]
    fn the_translated_table_names_the_comparison_page_slugs() {
        let (default, _, local) = TRANSLATED[0];
        assert_eq!([default.trim_matches('/'), local.trim_matches('/')], COMPARE_SLUGS);
    }

    #[test]
    fn translated_slugs_are_reserved_for_free_pages() {
        for (default, _, local) in TRANSLATED {
            for route in [default, local] {
                let slug = route.trim_matches('/');
                assert!(crate::load::RESERVED_PAGE_SLUGS.contains(&slug), "{slug} is not reserved");
            }
        }
    }

    #[test]
    fn every_top_level_folder_of_a_route_is_reserved_for_kla() {
        let routes = [
            Route::Regions.path(),
            Route::Ranking(2024).path(),
            Route::Province("Aceh").path(),
            Route::Methodology.path(),
            Route::ScoresJson.path(),
            Route::ShareImage("a").path(),
            Route::Changes.path(),
            Route::Search.path(),
            Route::SearchBundle.path(),
            Route::AwardYear(2023).path(),
            Route::Compare.path(),
        ];
        for route in routes {
            let top = route.trim_start_matches('/').split('/').next().unwrap_or_default();
            assert!(RESERVED_PAGE_SLUGS.contains(&top), "{route}");
        }
    }

    #[test]
    fn other_languages_are_prefixed() {
        assert_eq!(in_lang("/wilayah/a/", "id", "id"), "/wilayah/a/");
        assert_eq!(in_lang("/wilayah/a/", "en", "id"), "/en/wilayah/a/");
        assert_eq!(in_lang("/", "en", "id"), "/en/");
        assert_eq!(in_lang(&scores_csv(), "en", "id"), "/data/scores.csv", "data is shared");
        assert_eq!(in_lang(&not_found(), "en", "id"), "/404.html");
        assert_eq!(in_lang(&compare(), "en", "id"), "/en/compare/", "a translated slug");
        assert_eq!(in_lang(&compare(), "id", "id"), "/bandingkan/");
        assert_eq!(in_lang(&compare(), "jv", "id"), "/jv/bandingkan/");
        assert_eq!(
            absolute("https://kla.example/", "/wilayah/a/"),
            "https://kla.example/wilayah/a/"
        );
    }
}
