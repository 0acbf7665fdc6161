//! `site.toml`: the site's settings, with their defaults.
//!
//! Parses one text into a [`SiteConfig`]; it does not read the file.

use serde::Deserialize;
use toml::Spanned;

use super::common::{RawLocalized, error_at, parse_toml};
use crate::diag::Diagnostics;
use crate::model::{DEFAULT_LANGUAGE, SiteConfig, SourceFile};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: String,
    description: Option<RawLocalized>,
    base_url: Spanned<String>,
    languages: Option<Spanned<Vec<String>>>,
    theme: Option<String>,
    author: Option<String>,
    #[serde(default)]
    unsafe_html: bool,
    search_full_text: Option<bool>,
}

/// Parses `site.toml`; problems go to `diags`.
pub(crate) fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let raw: RawSite = match parse_toml(file) {
        Ok(raw) => raw,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let before = diags.len();
    let base_url = normalise_base_url(file, &raw.base_url, diags);
    let languages = languages(file, raw.languages, diags);
    (diags.len() == before).then(|| SiteConfig {
        title: raw.title,
        description: raw.description.map(|d| d.0),
        base_url,
        languages,
        theme: raw.theme.unwrap_or_else(|| "default".to_string()),
        author: raw.author,
        unsafe_html: raw.unsafe_html,
        search_full_text: raw.search_full_text.unwrap_or(true),
    })
}

fn normalise_base_url(file: &SourceFile, url: &Spanned<String>, diags: &mut Diagnostics) -> String {
    crate::model::web::base_url(url.get_ref()).unwrap_or_else(|why| {
        diags.push(
            error_at(file, url.span(), format!("base_url {why}"))
                .with_help("write the URL the site is served at, e.g. `https://kla.example.id/`"),
        );
        "/".to_string()
    })
}

fn languages(
    file: &SourceFile,
    langs: Option<Spanned<Vec<String>>>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let Some(langs) = langs else { return vec![DEFAULT_LANGUAGE.to_string()] };
    let span = langs.span();
    let list = langs.into_inner();
    if list.is_empty() {
        diags.push(error_at(file, span, "languages is empty").with_help(format!(
            "list at least one language; the first is the default, e.g. `[\"{DEFAULT_LANGUAGE}\"]`"
        )));
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::common::source_file;

    fn load(src: &str) -> (Option<SiteConfig>, Vec<(String, String)>) {
        let mut diags = Diagnostics::new();
        let config = parse(&source_file("site.toml", src), &mut diags);
        (config, diags.iter().map(|d| (d.location(), d.message.clone())).collect())
    }

    #[test]
    fn fills_defaults_and_normalises_base_url() {
        let (config, problems) = load("title = \"KLA\"\nbase_url = \"https://kla.id\"\n");
        assert!(problems.is_empty(), "{problems:?}");
        let config = config.unwrap();
        assert_eq!(config.base_url, "https://kla.id/");
        assert_eq!(config.languages, ["id"]);
        assert_eq!(config.theme, "default");
        assert!(!config.unsafe_html);
        assert!(config.search_full_text, "narratives are searchable unless turned off");
        let names_only = "title = \"KLA\"\nbase_url = \"/\"\nsearch_full_text = false\n";
        assert!(!load(names_only).0.unwrap().search_full_text);
    }

    #[test]
    fn description_is_one_text_or_one_per_language() {
        let (config, _) = load("title = \"KLA\"\nbase_url = \"/\"\ndescription = \"Satu\"\n");
        let description = config.unwrap().description.unwrap();
        assert_eq!((description.get("id"), description.get("en")), ("Satu", "Satu"));
        let both =
            "title = \"KLA\"\nbase_url = \"/\"\ndescription = { id = \"Satu\", en = \"One\" }\n";
        let description = load(both).0.unwrap().description.unwrap();
        assert_eq!((description.get("id"), description.get("en")), ("Satu", "One"));
    }

    #[test]
    fn errors_on_unknown_field_in_site_toml() {
        let (config, problems) = load("title = \"KLA\"\nbase_url = \"/\"\ntheem = \"x\"\n");
        assert!(config.is_none());
        assert_eq!(problems[0].0, "site.toml:3:1");
        assert!(problems[0].1.contains("unknown field `theem`"), "{problems:?}");
    }

    #[test]
    fn errors_on_missing_title() {
        let (_, problems) = load("base_url = \"/\"\n");
        assert!(problems[0].1.contains("missing field `title`"), "{problems:?}");
    }

    #[test]
    fn errors_on_empty_languages() {
        let (_, problems) = load("title = \"KLA\"\nbase_url = \"/\"\nlanguages = []\n");
        assert_eq!(problems, [("site.toml:3:13".to_string(), "languages is empty".to_string())]);
    }
}
