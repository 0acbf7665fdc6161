//! Shared helpers of the loaders: TOML parsing into diagnostics, exact numbers,
//! localized names and "did you mean" suggestions.
//!
//! Nothing here knows a particular file format or reads files.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Localized, Points, SourceFile};

/// Builds a [`SourceFile`] from a path relative to the site root and its text.
pub(crate) fn source_file(path: impl AsRef<Path>, src: &str) -> SourceFile {
    SourceFile { path: path.as_ref().to_path_buf(), src: Arc::from(src) }
}

/// A problem at `span` of `file`.
pub(crate) fn error_at(
    file: &SourceFile,
    span: Range<usize>,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::at(&file.path, &file.src, span, message)
}

/// Checks a source's address and date (what every `[[sources]]` entry of the
/// record gives), reporting each at its own position.
pub(crate) fn check_source(
    file: &SourceFile,
    url: &Spanned<String>,
    date: Option<&Spanned<String>>,
    diags: &mut Diagnostics,
) {
    if let Err(why) = crate::model::web::web_url(url.get_ref().trim()) {
        diags.push(
            error_at(file, url.span(), format!("source url {why}"))
                .with_help("copy the page's full address, starting with `https://`"),
        );
    }
    if let Some(date) = date.filter(|d| !crate::model::record::is_date(d.get_ref())) {
        diags.push(
            error_at(file, date.span(), format!("`{}` is not a date", date.get_ref()))
                .with_help("write the date as `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when that is all the source says)"),
        );
    }
}

/// Deserializes the whole of `file` as TOML.
pub(crate) fn parse_toml<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    toml::from_str(&file.src).map_err(|e| toml_error(file, &e, 0))
}

/// Turns a TOML error into a diagnostic; `offset` is where the parsed text
/// starts inside the file (non-zero for front matter).
pub(crate) fn toml_error(file: &SourceFile, err: &toml::de::Error, offset: usize) -> Diagnostic {
    let span = err.span().map_or(offset..offset, |s| s.start + offset..s.end + offset);
    let message = err.message().trim();
    if let Some(text) = quoted_number(message) {
        return quoted_number_error(file, span, text);
    }
    let first_line = message.lines().next().unwrap_or("invalid TOML").trim();
    error_at(file, span, first_line.to_string()).with_help(toml_help(message))
}

/// The text given where a number was expected, from serde's
/// `invalid type: string "38", expected f64` (or `u16`, or kla's "a number
/// or a table ..."), so the author hears about quotes, not Rust types.
fn quoted_number(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("invalid type: string \"")?;
    let (text, expected) = rest.rsplit_once("\", expected ")?;
    let numeric = ["f32", "f64", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"];
    let expected = expected.lines().next().unwrap_or_default().trim();
    (numeric.contains(&expected) || expected.starts_with("a number")).then_some(text)
}

/// A number written in quotes (or words) where TOML needs a bare number.
fn quoted_number_error(file: &SourceFile, span: Range<usize>, text: &str) -> Diagnostic {
    let message = format!("a number is expected here, not the text \"{text}\"");
    let trimmed = text.trim();
    let number = |t: &str| t.parse::<f64>().is_ok_and(f64::is_finite);
    if number(trimmed) {
        return error_at(file, span, format!("{message}; remove the quotes"))
            .with_help(format!("write `{trimmed}`: TOML reads anything in quotes as text"));
    }
    let with_point = trimmed.replace(',', ".");
    let help = if trimmed.matches(',').count() == 1 && number(&with_point) {
        format!("write `{with_point}`: without quotes, and with a decimal point, not a comma")
    } else {
        "write the figure as a number without quotes, e.g. `38` or `97.5`".to_string()
    };
    error_at(file, span, message).with_help(help)
}

/// A fix for the common kinds of TOML error.
fn toml_help(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return unknown_field_help(rest);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return format!("add `{field} = ...` to this table");
    }
    if message.starts_with("unknown variant") {
        return "write one of the expected values shown above".to_string();
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return "write a value of the expected kind shown above".to_string();
    }
    if message.starts_with("duplicate key") {
        return "a key may appear only once per table: remove or rename one of them".to_string();
    }
    "fix the TOML syntax: `key = value` per line, strings in double quotes, \
     tables as [name] or [[name]]"
        .to_string()
}

/// `unknown field `x`, expected one of `a`, `b`` -> a suggestion and the list.
fn unknown_field_help(rest: &str) -> String {
    let mut parts = rest.split('`');
    let field = parts.next().unwrap_or_default();
    let expected: Vec<&str> = parts.skip(1).step_by(2).collect();
    match did_you_mean(field, expected.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? (or remove `{field}`)"),
        None if expected.is_empty() => format!("remove `{field}`"),
        None => {
            format!("remove `{field}`; the fields allowed here are `{}`", expected.join("`, `"))
        }
    }
}

/// The candidate closest to `word`, when one is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" when there is a close id, else `otherwise`.
pub(crate) fn suggest_or<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    match did_you_mean(word, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => otherwise(),
    }
}

/// A number written with at most two decimals, as exact hundredths; pushes a
/// diagnostic pointing at the value otherwise.
pub(crate) fn exact_points(
    file: &SourceFile,
    value: &Spanned<f64>,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<Points> {
    let points = Points::from_exact(*value.get_ref());
    if points.is_none() {
        diags.push(
            error_at(file, value.span(), format!("{what} has more than 2 decimals")).with_help(
                "points are exact hundredths: round to at most 2 decimals, e.g. `12.35`",
            ),
        );
    }
    points
}

/// Reports ids that appear more than once, pointing at each repeat.
pub(crate) fn check_unique_ids<'a>(
    file: &SourceFile,
    ids: impl IntoIterator<Item = &'a Spanned<String>>,
    kind: &str,
    diags: &mut Diagnostics,
) {
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        if !seen.insert(id.get_ref().as_str()) {
            diags.push(
                error_at(file, id.span(), format!("duplicate {kind} id `{id}`")).with_help(
                    format!("each {kind} id must be unique within the rubric; rename one"),
                ),
            );
        }
    }
}

/// A `Localized` as written in TOML: `"text"` or `{ id = "...", en = "..." }`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawLocalized(pub(crate) Localized);

impl<'de> Deserialize<'de> for RawLocalized {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LocalizedVisitor)
    }
}

struct LocalizedVisitor;

impl<'de> Visitor<'de> for LocalizedVisitor {
    type Value = RawLocalized;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a table `{ id = \"...\", en = \"...\" }`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawLocalized, E> {
        Ok(RawLocalized(Localized::id_only(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawLocalized, A::Error> {
        let (mut id, mut en) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "id" => id = Some(map.next_value::<String>()?),
                "en" => en = Some(map.next_value::<String>()?),
                other => return Err(de::Error::unknown_field(other, &["id", "en"])),
            }
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        Ok(RawLocalized(Localized { id, en }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Named {
        name: RawLocalized,
        #[serde(default)]
        n: Option<Spanned<f64>>,
    }

    fn parse(src: &str) -> Result<Named, Diagnostic> {
        parse_toml(&source_file("x.toml", src))
    }

    #[test]
    fn reads_localized_from_string_or_table() {
        let plain = parse("name = \"Kota\"").unwrap().name.0;
        assert_eq!(plain, Localized::id_only("Kota"));
        let both = parse("name = { id = \"Kota\", en = \"City\" }").unwrap().name.0;
        assert_eq!(both.en.as_deref(), Some("City"));
    }

    #[test]
    fn rejects_unknown_key_in_localized_table() {
        let err = parse("name = { id = \"Kota\", fr = \"Ville\" }").unwrap_err();
        assert!(err.message.contains("unknown field `fr`"), "{}", err.message);
    }

    #[test]
    fn accepts_integers_and_floats_as_numbers() {
        assert_eq!(*parse("name = \"a\"\nn = 30").unwrap().n.unwrap().get_ref(), 30.0);
        assert_eq!(*parse("name = \"a\"\nn = 12.5").unwrap().n.unwrap().get_ref(), 12.5);
    }

    #[test]
    fn a_quoted_number_is_told_to_lose_its_quotes_at_the_value() {
        let err = parse("name = \"a\"\nn = \"38\"").unwrap_err();
        assert_eq!(err.location(), "x.toml:2:5");
        assert_eq!(
            err.message,
            "a number is expected here, not the text \"38\"; remove the quotes"
        );
        assert!(!err.to_string().contains("f64"), "{err}");
        let err = parse("name = \"a\"\nn = \"97,2\"").unwrap_err();
        assert_eq!(err.message, "a number is expected here, not the text \"97,2\"");
        assert!(err.help.unwrap().contains("`97.2`"));
        let err = parse("name = \"a\"\nn = \"tiga\"").unwrap_err();
        assert!(err.help.unwrap().contains("without quotes"));
    }

    #[test]
    fn suggests_the_closest_field_for_an_unknown_one() {
        let err = parse("name = \"a\"\nnme = 1").unwrap_err();
        assert_eq!(err.location(), "x.toml:2:1");
        assert!(err.help.unwrap().contains("did you mean `name`?"));
    }

    #[test]
    fn suggests_only_close_ids() {
        assert_eq!(did_you_mean("perda-kl", ["perda-kla", "akta"]), Some("perda-kla"));
        assert_eq!(did_you_mean("zzz", ["perda-kla", "akta"]), None);
    }
}
