//! Converts a kla site into the content and data of an equivalent Hugo site,
//! for the comparison with Hugo (`bench/hugo`, issue 4).
//!
//! ```text
//! cargo run --release --example hugo_export -- SITE HUGO_SITE
//! ```
//!
//! Scores, predikat, ranks, trends and gaps are kla's domain logic: they are
//! computed here with the kla library (load + score) and written as numbers
//! and tier ids, so Hugo only lays them out. Markdown stays Markdown (Hugo
//! renders it); `@/` links become site paths that Hugo's link render hook
//! resolves and checks. Writes `HUGO_SITE/content/` (one file per page and
//! language, JSON front matter) and `HUGO_SITE/data/` (ranking rows per year,
//! rubrics); the layouts come from `bench/hugo-site/`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use kla::model::{Localized, Region, Rubric, Site, slugify};
use kla::score::{Direction, Scored, ScoredEvaluation};
use serde_json::{Value, json};

/// kla's own UI strings, for page titles (the layouts use the same keys through Hugo's `T`).
const I18N: [(&str, &str); 2] = [
    ("id", include_str!("../themes/default/i18n/id.toml")),
    ("en", include_str!("../themes/default/i18n/en.toml")),
];

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [site, out] = args.as_slice() else {
        eprintln!("usage: hugo_export SITE HUGO_SITE");
        std::process::exit(2);
    };
    let site = kla::load::load_site(site).unwrap_or_else(|d| {
        eprintln!("{d}");
        std::process::exit(1);
    });
    let scored = kla::score::score(site);
    export(&scored, out);
    eprintln!("hugo_export: {} regions into {}", scored.site.regions.len(), out.display());
}

/// Writes the Hugo content and data of a scored site into `out`.
fn export(scored: &Scored, out: &Path) {
    let export = Export::new(scored, out);
    export.rankings();
    export.rubrics();
    for lang in &scored.site.config.languages {
        let ui = Ui::new(lang, &scored.site.config.languages[0]);
        export.regions(&ui);
        export.other_pages(&ui);
    }
}

/// The UI strings of one language.
struct Ui {
    lang: String,
    /// `""` for the default language, `.en` for the others (Hugo's file-name translations).
    suffix: String,
    strings: BTreeMap<String, String>,
}

impl Ui {
    fn new(lang: &str, default: &str) -> Self {
        let text = I18N.iter().find(|(l, _)| *l == lang).map_or(I18N[0].1, |(_, t)| t);
        Ui {
            lang: lang.to_string(),
            suffix: if lang == default { String::new() } else { format!(".{lang}") },
            strings: toml::from_str(text).expect("the theme's i18n file parses"),
        }
    }

    fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    fn loc<'a>(&self, text: &'a Localized) -> &'a str {
        text.get(&self.lang)
    }
}

struct Export<'a> {
    scored: &'a Scored,
    out: &'a Path,
    /// Each region's evaluations, oldest first.
    by_region: Vec<Vec<&'a ScoredEvaluation>>,
    years: Vec<u16>,
    provinces: BTreeMap<String, String>,
}

impl<'a> Export<'a> {
    fn new(scored: &'a Scored, out: &'a Path) -> Self {
        let mut by_region = vec![Vec::new(); scored.site.regions.len()];
        let mut years = Vec::new();
        for ev in &scored.evaluations {
            by_region[ev.region].push(ev);
            years.push(ev.year);
        }
        years.sort_unstable();
        years.dedup();
        let provinces = scored
            .site
            .regions
            .iter()
            .map(|r| (slugify(&r.province), r.province.clone()))
            .collect();
        Export { scored, out, by_region, years, provinces }
    }

    fn site(&self) -> &'a Site {
        &self.scored.site
    }

    fn rubric(&self, ev: &ScoredEvaluation) -> &'a Rubric {
        &self.site().rubrics[ev.rubric]
    }

    /// `data/ranking/<year>.json`: the national rows in rank order (with the
    /// province rank), the official-only regions, and each cluster's rows.
    fn rankings(&self) {
        for &year in &self.years {
            let mut evs: Vec<&ScoredEvaluation> =
                self.scored.evaluations.iter().filter(|e| e.year == year).collect();
            evs.sort_by_key(|e| (e.ranks.national.unwrap_or(u32::MAX), e.region));
            let rubric = self.rubric(evs[0]);
            let rows: Vec<Value> =
                evs.iter().filter(|e| e.computed.is_some()).map(|e| self.row(e)).collect();
            let official_only: Vec<Value> =
                evs.iter().filter(|e| e.computed.is_none()).map(|e| self.row(e)).collect();
            let clusters: Vec<Value> = rubric
                .clusters
                .iter()
                .enumerate()
                .map(|(n, cluster)| {
                    let mut ranked: Vec<(u32, &ScoredEvaluation)> = evs
                        .iter()
                        .filter_map(|e| {
                            let c = &e.computed.as_ref()?.clusters[n];
                            Some((c.rank_national?, *e))
                        })
                        .collect();
                    ranked.sort_by_key(|(rank, e)| (*rank, e.region));
                    let rows: Vec<Value> = ranked
                        .iter()
                        .map(|(rank, e)| {
                            let r = &self.site().regions[e.region];
                            let c = &e.computed.as_ref().expect("ranked").clusters[n];
                            json!({"rank": rank, "slug": r.slug, "name": r.name,
                                "province": r.province, "pslug": slugify(&r.province),
                                "kind": r.kind.as_str(), "points": c.points.as_f64(),
                                "percent": c.points.percent_of(c.max)})
                        })
                        .collect();
                    json!({"id": cluster.id, "name": cluster.name.id, "name_en": cluster.name.en,
                        "max": cluster.max_points().as_f64(), "rows": rows})
                })
                .collect();
            let data = json!({"year": year, "rubric": rubric.id, "rows": rows,
                "official_only": official_only, "clusters": clusters});
            write(&self.out.join(format!("data/ranking/{year}.json")), &data.to_string());
        }
        let latest = self.years.last();
        let data = json!({"years": self.years, "latest": latest});
        write(&self.out.join("data/kla.json"), &data.to_string());
    }

    fn row(&self, e: &ScoredEvaluation) -> Value {
        let r = &self.site().regions[e.region];
        let c = e.computed.as_ref();
        let evaluation = &r.evaluations[e.evaluation];
        json!({"rank": e.ranks.national, "rank_province": e.ranks.province, "slug": r.slug,
            "name": r.name, "province": r.province, "pslug": slugify(&r.province),
            "kind": r.kind.as_str(), "total": c.map(|c| c.total.as_f64()),
            "predikat": c.and_then(|c| c.predikat.clone()), "official": e.official,
            "mismatch": e.mismatch, "illustrative": evaluation.illustrative,
            "delta": e.trend.as_ref().and_then(|t| t.delta).map(|d| d.as_f64()),
            "dir": e.trend.as_ref().and_then(|t| t.predikat).map(direction)})
    }

    /// `data/rubrics.json`: tiers, clusters and indicators with both languages' names.
    fn rubrics(&self) {
        let rubrics: BTreeMap<&str, Value> = self
            .site()
            .rubrics
            .iter()
            .map(|r| {
                let tiers: Vec<Value> = r
                    .tiers
                    .iter()
                    .map(|t| {
                        let gates: Vec<Value> = t
                            .gates
                            .iter()
                            .map(|g| json!({"cluster": g.cluster, "min": g.min_percent.as_f64()}))
                            .collect();
                        json!({"id": t.id, "name": loc(&t.name), "min": t.min_score.as_f64(),
                            "gates": gates})
                    })
                    .collect();
                let clusters: Vec<Value> = r
                    .clusters
                    .iter()
                    .map(|c| {
                        let indicators: Vec<Value> = c
                            .indicators
                            .iter()
                            .map(|i| {
                                let scale = i.scale.as_ref().map(|s| {
                                    json!({"unit": s.unit, "zero": s.zero_at, "full": s.full_at})
                                });
                                json!({"id": i.id, "name": loc(&i.name),
                                    "max": i.max_points.as_f64(), "scale": scale})
                            })
                            .collect();
                        json!({"id": c.id, "name": loc(&c.name), "max": c.max_points().as_f64(),
                            "indicators": indicators})
                    })
                    .collect();
                let tier_names: BTreeMap<&str, Value> =
                    r.tiers.iter().map(|t| (&*t.id, loc(&t.name))).collect();
                let value = json!({"id": r.id, "title": loc(&r.title), "from": r.from_year,
                    "until": r.until_year, "max": r.max_score.as_f64(), "note": r.note,
                    "tiers": tiers, "tier_names": tier_names, "clusters": clusters});
                (r.id.as_str(), value)
            })
            .collect();
        write(&self.out.join("data/rubrics.json"), &json!(rubrics).to_string());
    }

    /// `content/wilayah/<slug>/index[.en].md`: front matter with the region's
    /// figures in this language, the narrative's Markdown as the body.
    fn regions(&self, ui: &Ui) {
        for (index, region) in self.site().regions.iter().enumerate() {
            let evs = &self.by_region[index];
            let latest = evs.last().map(|e| self.evaluation(ui, e));
            let history: Vec<Value> = evs.iter().rev().map(|e| self.history_row(ui, e)).collect();
            let narrative = region.narrative.as_ref();
            let own = narrative.and_then(|n| n.in_lang(&ui.lang));
            let shown = own.or(narrative);
            let last = evs.last();
            let description = match last {
                Some(e) => ui.fill(
                    "region_description",
                    &[
                        ("name", &region.name),
                        ("province", &region.province),
                        ("predikat", &self.latest_predikat(ui, e)),
                        ("year", &e.year.to_string()),
                    ],
                ),
                None => ui.fill(
                    "region_description_none",
                    &[("name", &region.name), ("province", &region.province)],
                ),
            };
            let mut front = json!({"title": region.name, "description": description,
                "params": {"kind": region.kind.as_str(), "province": region.province,
                    "pslug": slugify(&region.province), "code": region.code,
                    "latest": latest, "history": history,
                    "latest_predikat": last.map(|e| self.latest_predikat(ui, e)),
                    "latest_year": last.map(|e| e.year),
                    "sort_province": last.and_then(|e| e.ranks.province).unwrap_or(u32::MAX),
                    "untranslated": narrative.is_some() && own.is_none() && !ui.suffix.is_empty()}});
            if let Some(date) = shown.and_then(|n| n.date.as_deref()) {
                front["date"] = json!(date);
            }
            let body = shown.map_or(String::new(), |n| links(n.body()));
            let path = format!("content/wilayah/{}/index{}.md", region.slug, ui.suffix);
            write(&self.out.join(path), &format!("{front}\n\n{body}"));
        }
    }

    fn evaluation(&self, ui: &Ui, e: &ScoredEvaluation) -> Value {
        let rubric = self.rubric(e);
        let region = &self.site().regions[e.region];
        let evaluation = &region.evaluations[e.evaluation];
        let Some(c) = e.computed.as_ref() else {
            return json!({"year": e.year, "computed": false,
                "official": e.official.as_deref().map(|o| tier(ui, rubric, Some(o))),
                "source": evaluation.source});
        };
        let clusters: Vec<Value> = c
            .clusters
            .iter()
            .map(|cs| {
                let name = rubric.cluster(&cs.id).map_or(&*cs.id, |cl| ui.loc(&cl.name));
                json!({"id": cs.id, "name": name, "points": cs.points.as_f64(),
                    "max": cs.max.as_f64(), "percent": cs.points.percent_of(cs.max),
                    "rank_national": cs.rank_national, "rank_province": cs.rank_province})
            })
            .collect();
        let indicators: Vec<Value> = c
            .indicators
            .iter()
            .enumerate()
            .map(|(n, is)| {
                let found = rubric.indicator(&is.id);
                let unit = found.and_then(|(_, i)| i.scale.as_ref()).map_or("", |s| &s.unit);
                json!({"name": found.map_or(&*is.id, |(_, i)| ui.loc(&i.name)),
                    "cluster": found.map_or(&*is.cluster, |(cl, _)| ui.loc(&cl.name)),
                    "first": n == 0 || c.indicators[n - 1].cluster != is.cluster,
                    "points": is.points.as_f64(), "max": is.max.as_f64(), "missing": is.missing,
                    "value": is.value.as_ref().map(|m| m.value), "unit": unit,
                    "data_year": is.value.as_ref().map(|m| m.year.unwrap_or(e.year)),
                    "source": is.value.as_ref().and_then(|m| m.source.as_deref()
                        .or(evaluation.source.as_deref()))})
            })
            .collect();
        let gap = e.gap.as_ref().map(|g| {
            let open: Vec<Value> = g
                .open
                .iter()
                .map(|o| {
                    let name = rubric.indicator(&o.id).map_or(&*o.id, |(_, i)| ui.loc(&i.name));
                    json!({"name": name, "open": o.open.as_f64()})
                })
                .collect();
            json!({"next": tier(ui, rubric, Some(&g.next)), "points": g.points_needed.as_f64(),
                "gates": g.failing_gates, "open": open})
        });
        json!({"year": e.year, "computed": true, "predikat": tier(ui, rubric, c.predikat.as_deref()),
            "total": c.total.as_f64(), "max": c.max.as_f64(), "percent": c.total.percent_of(c.max),
            "official": e.official.as_deref().map(|o| tier(ui, rubric, Some(o))),
            "mismatch": e.mismatch, "incomplete": !c.complete, "illustrative": evaluation.illustrative,
            "self_assessment": evaluation.self_assessment.map(|p| p.as_f64()),
            "rank_national": e.ranks.national, "national_of": e.ranks.national_of,
            "rank_province": e.ranks.province, "province_of": e.ranks.province_of,
            "source": evaluation.source, "clusters": clusters, "indicators": indicators, "gap": gap,
            "top_tier": c.predikat.is_some() && c.predikat.as_ref() == rubric.tiers.last().map(|t| &t.id)})
    }

    fn history_row(&self, ui: &Ui, e: &ScoredEvaluation) -> Value {
        let rubric = self.rubric(e);
        let region: &Region = &self.site().regions[e.region];
        let evaluation = &region.evaluations[e.evaluation];
        let c = e.computed.as_ref();
        json!({"year": e.year, "rubric": ui.loc(&rubric.title), "total": c.map(|c| c.total.as_f64()),
            "predikat": c.map(|c| tier(ui, rubric, c.predikat.as_deref())),
            "official": e.official.as_deref().map(|o| tier(ui, rubric, Some(o))),
            "rank_national": e.ranks.national, "rank_province": e.ranks.province,
            "delta": e.trend.as_ref().and_then(|t| t.delta).map(|d| d.as_f64()),
            "dir": e.trend.as_ref().and_then(|t| t.predikat).map(direction),
            "source": evaluation.source, "illustrative": evaluation.illustrative})
    }

    fn latest_predikat(&self, ui: &Ui, e: &ScoredEvaluation) -> String {
        let rubric = self.rubric(e);
        match (&e.computed, &e.official) {
            (Some(c), _) => tier(ui, rubric, c.predikat.as_deref()),
            (None, Some(o)) => tier(ui, rubric, Some(o)),
            (None, None) => ui.fill("dash", &[]),
        }
    }

    /// Home, indexes, rankings per year, cluster and province, province pages,
    /// methodology, changes, data, search and the free pages.
    fn other_pages(&self, ui: &Ui) {
        let page = |path: &str, title: String, layout: &str, params: Value, body: &str| {
            let mut front = json!({"title": title, "params": params});
            if !layout.is_empty() {
                front["layout"] = json!(layout);
            }
            let file = format!("content/{path}{}.md", ui.suffix);
            write(&self.out.join(file), &format!("{front}\n\n{body}"));
        };
        let none = json!({});
        page("_index", self.site().config.title.clone(), "", none.clone(), "");
        page("wilayah/_index", ui.fill("regions_title", &[]), "", none.clone(), "");
        page("peringkat/_index", ui.fill("rankings_title", &[]), "", none.clone(), "");
        page("provinsi/_index", ui.fill("provinces_title", &[]), "", none.clone(), "");
        for (slug, name) in &self.provinces {
            let title = ui.fill("province_title", &[("province", name)]);
            page(
                &format!("provinsi/{slug}"),
                title,
                "province",
                json!({"province": name, "pslug": slug}),
                "",
            );
        }
        for &year in &self.years {
            let y = year.to_string();
            let title = ui.fill("ranking_title", &[("year", &y)]);
            page(&format!("peringkat/{y}"), title, "ranking", json!({"year": y}), "");
            let (_, rubric) = self.site().rubric_for(year).expect("a rubric covers every year");
            for cluster in &rubric.clusters {
                let args = [("cluster", ui.loc(&cluster.name)), ("year", y.as_str())];
                let title = ui.fill("ranking_cluster_title", &args);
                let params = json!({"year": y, "cluster": cluster.id, "cluster_name": ui.loc(&cluster.name)});
                page(
                    &format!("peringkat/{y}/klaster/{}", cluster.id),
                    title,
                    "cluster-ranking",
                    params,
                    "",
                );
            }
            let with_scores: std::collections::BTreeSet<String> = self
                .scored
                .evaluations
                .iter()
                .filter(|e| e.year == year && e.computed.is_some())
                .map(|e| slugify(&self.site().regions[e.region].province))
                .collect();
            for slug in with_scores {
                let name = &self.provinces[&slug];
                let title = ui.fill("ranking_province_title", &[("province", name), ("year", &y)]);
                let params = json!({"year": y, "pslug": slug, "province": name});
                page(
                    &format!("peringkat/{y}/provinsi/{slug}"),
                    title,
                    "province-ranking",
                    params,
                    "",
                );
            }
        }
        page("metodologi", ui.fill("methodology_title", &[]), "methodology", none.clone(), "");
        page("perubahan", ui.fill("changes_title", &[]), "changes", none.clone(), "");
        page("data", ui.fill("data_title", &[]), "data", none.clone(), "");
        page("cari", ui.fill("search_title", &[]), "search", none.clone(), "");
        for free in &self.site().pages {
            let own = free.narrative.in_lang(&ui.lang);
            let shown = own.unwrap_or(&free.narrative);
            let title = shown.title.clone().unwrap_or_else(|| free.slug.clone());
            let params = json!({"untranslated": own.is_none() && !ui.suffix.is_empty()});
            page(&free.slug, title, "", params, &links(shown.body()));
        }
    }
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Up => "up",
        Direction::Down => "down",
        Direction::Same => "same",
    }
}

fn loc(text: &Localized) -> Value {
    json!({"id": text.id, "en": text.en.as_deref().unwrap_or(&text.id)})
}

fn tier(ui: &Ui, rubric: &Rubric, id: Option<&str>) -> String {
    match id.and_then(|id| rubric.tier(id)) {
        Some(t) => ui.loc(&t.name).to_string(),
        None => ui.fill("no_predikat", &[]),
    }
}

/// kla's `@/regions/<slug>` and `@/pages/<name>` links as Hugo page paths
/// (`layouts/_markup/render-link.html` resolves them and fails on a missing page).
fn links(markdown: &str) -> String {
    markdown
        .replace("](@/regions/", "](/wilayah/")
        .replace("](@/pages/", "](/")
        .replace("](@/methodology", "](/metodologi")
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

// The benchmarks' generator (examples/generate.rs), for a generated site to
// export in the tests. Not every item of it is used here.
#[cfg(test)]
#[allow(dead_code)]
#[path = "generate/mod.rs"]
mod generator;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::{Dataset, GenerateOptions, generate};

    /// A generated two-language site of 30 villages, scored and exported.
    fn exported() -> (tempfile::TempDir, Scored) {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        let data_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/wilayah");
        let dataset = Dataset::Village { limit: Some(30) };
        let languages = Some(vec!["id".to_string(), "en".to_string()]);
        generate(&GenerateOptions { dataset, out: site.clone(), data_dir, seed: 1, languages })
            .unwrap();
        let scored = kla::score::score(kla::load::load_site(&site).unwrap());
        export(&scored, &tmp.path().join("hugo"));
        (tmp, scored)
    }

    fn front_matter(path: &Path) -> (Value, String) {
        let text = fs::read_to_string(path).unwrap();
        let (front, body) = text.split_once("\n\n").unwrap();
        (serde_json::from_str(front).unwrap(), body.to_string())
    }

    #[test]
    fn every_region_has_a_page_per_language_with_kla_s_figures_and_hugo_links() {
        let (tmp, scored) = exported();
        let content = tmp.path().join("hugo/content/wilayah");
        for ev in &scored.evaluations {
            let region = &scored.site.regions[ev.region];
            for file in ["index.md", "index.en.md"] {
                let (front, body) = front_matter(&content.join(&region.slug).join(file));
                assert_eq!(front["title"], region.name.as_str());
                let latest = &front["params"]["latest"];
                assert_eq!(latest["rank_national"], json!(ev.ranks.national), "{}", region.slug);
                assert_eq!(latest["total"], json!(ev.total().map(|t| t.as_f64())));
                assert!(!body.contains("](@/"), "{}: a kla link is left", region.slug);
            }
        }
    }

    #[test]
    fn a_year_s_ranking_lists_its_computed_evaluations_in_rank_order() {
        let (tmp, scored) = exported();
        let data = fs::read_to_string(tmp.path().join("hugo/data/ranking/2023.json")).unwrap();
        let data: Value = serde_json::from_str(&data).unwrap();
        let rows = data["rows"].as_array().unwrap();
        let computed = scored.evaluations.iter().filter(|e| e.computed.is_some()).count();
        assert_eq!(rows.len(), computed);
        let ranks: Vec<u64> = rows.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
        assert_eq!(ranks.first(), Some(&1));
    }

    #[test]
    fn kla_links_become_hugo_page_paths() {
        let md = "[a](@/regions/kota-a) [b](@/pages/tentang) [c](@/methodology) [d](https://x.org)";
        assert_eq!(
            links(md),
            "[a](/wilayah/kota-a) [b](/tentang) [c](/metodologi) [d](https://x.org)"
        );
    }
}
