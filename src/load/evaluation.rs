//! `content/regions/<slug>/<year>.toml`: one evaluation of one region.
//!
//! Two steps: [`parse`] checks what the file alone can tell (shape, year
//! against the file name, exact numbers); [`resolve`] checks it against the
//! rubric covering its year (indicator and tier ids, ranges, scales) and
//! builds the model's [`Evaluation`]. It does not read files.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::common::{check_source, error_at, exact_points, parse_toml, suggest_or};
use crate::diag::Diagnostics;
use crate::model::{
    Claim, Evaluation, Id, IndicatorInput, Inputs, Measured, Points, Rubric, Source, SourceFile,
};

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvaluation {
    year: Spanned<u16>,
    official: Option<Spanned<String>>,
    source: Option<String>,
    sources: Option<Vec<Spanned<RawSource>>>,
    self_assessment: Option<Spanned<f64>>,
    #[serde(default)]
    illustrative: bool,
    points: Option<BTreeMap<Spanned<String>, Spanned<f64>>>,
    values: Option<BTreeMap<Spanned<String>, Spanned<RawMeasured>>>,
}

/// A `[[sources]]` entry: where the official result was read.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    url: Spanned<String>,
    outlet: Option<String>,
    date: Option<Spanned<String>>,
    /// What this source says, when it differs from `official`.
    predikat: Option<Spanned<String>>,
    note: Option<String>,
}

/// A `[values]` entry: a bare number or `{ value, year, source }`, with
/// where the number itself is written in a table (a bare number is the
/// whole entry).
#[derive(Clone)]
struct RawMeasured {
    measured: Measured,
    value_span: Option<Range<usize>>,
}

impl<'de> Deserialize<'de> for RawMeasured {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MeasuredVisitor)
    }
}

struct MeasuredVisitor;

impl MeasuredVisitor {
    fn bare(value: f64) -> RawMeasured {
        RawMeasured { measured: Measured { value, year: None, source: None }, value_span: None }
    }
}

impl<'de> Visitor<'de> for MeasuredVisitor {
    type Value = RawMeasured;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a table `{ value = ..., year = ..., source = \"...\" }`")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawMeasured, E> {
        Ok(Self::bare(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawMeasured, E> {
        Ok(Self::bare(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawMeasured, E> {
        Ok(Self::bare(v as f64))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMeasured, A::Error> {
        let (mut value, mut year, mut source) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "value" => value = Some(map.next_value::<Spanned<f64>>()?),
                "year" => year = Some(map.next_value::<u16>()?),
                "source" => source = Some(map.next_value::<String>()?),
                other => {
                    return Err(de::Error::unknown_field(other, &["value", "year", "source"]));
                }
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        let value_span = Some(value.span());
        let measured = Measured { value: value.into_inner(), year, source };
        Ok(RawMeasured { measured, value_span })
    }
}

/// An evaluation that passed the checks of its own file, waiting for its rubric.
#[derive(Clone)]
pub(crate) struct ParsedEvaluation {
    raw: RawEvaluation,
    self_assessment: Option<Points>,
    file: SourceFile,
}

impl ParsedEvaluation {
    /// The year the file declares (checked against the file name already).
    pub(crate) fn year(&self) -> u16 {
        *self.raw.year.get_ref()
    }
}

/// Parses one `<year>.toml`; problems go to `diags`.
pub(crate) fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<ParsedEvaluation> {
    let raw: RawEvaluation = parse_toml(file).map_err(|d| diags.push(d)).ok()?;
    let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if stem != raw.year.get_ref().to_string() {
        diags.push(
            error_at(
                file,
                raw.year.span(),
                format!("year {} differs from the file name", raw.year),
            )
            .with_help(format!("write `year = {stem}` or rename the file to `{}.toml`", raw.year)),
        );
    }
    check_not_future(file, &raw.year, current_year(), diags);
    let self_assessment = match &raw.self_assessment {
        Some(s) => Some(exact_points(file, s, "self_assessment", diags)?),
        None => None,
    };
    Some(ParsedEvaluation { raw, self_assessment, file: file.clone() })
}

/// Warns about an evaluation of a year after `this_year`: KemenPPPA
/// announces a year's predikat in that year, so a later one is most often a
/// typo (`2052` for `2025`); a site may still hold a plan, so it is no error.
fn check_not_future(
    file: &SourceFile,
    year: &Spanned<u16>,
    this_year: u16,
    diags: &mut Diagnostics,
) {
    if *year.get_ref() <= this_year {
        return;
    }
    diags.push(
        error_at(
            file,
            year.span(),
            format!("evaluation year {year} is after this year ({this_year})"),
        )
        .warning()
        .with_help(
            "check the year: a year's predikat is announced in that year, so a later one \
                 is most likely a typo; pages show it as the region's latest evaluation",
        ),
    );
}

/// This year by the system clock (UTC).
fn current_year() -> u16 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    year_of_day(since_epoch.as_secs() / 86_400)
}

/// The Gregorian year of a day counted from 1970-01-01 (H. Hinnant's
/// `civil_from_days`, years only).
fn year_of_day(days: u64) -> u16 {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let year = year_of_era + era * 400 + u64::from(march_based_month >= 10);
    u16::try_from(year).unwrap_or(u16::MAX)
}

/// Checks a parsed evaluation against the rubrics and builds it.
///
/// `rubrics_complete` is false when some rubric file could not be read; then
/// a year without a rubric is not reported (the broken file probably covers it).
pub(crate) fn resolve(
    parsed: ParsedEvaluation,
    rubrics: &[Rubric],
    rubrics_complete: bool,
    diags: &mut Diagnostics,
) -> Option<Evaluation> {
    let file = &parsed.file;
    let year = parsed.year();
    let Some((index, rubric)) = rubrics.iter().enumerate().find(|(_, r)| r.covers(year)) else {
        if rubrics_complete {
            diags.push(
                error_at(file, parsed.raw.year.span(), format!("no rubric covers year {year}"))
                    .with_help(no_rubric_help(rubrics)),
            );
        }
        return None;
    };
    let mut found = Diagnostics::new();
    check_official(file, parsed.raw.official.as_ref(), rubric, &mut found);
    let claims = claims(file, &parsed.raw, rubric, &mut found);
    let mut inputs = Inputs::default();
    for (id, points) in parsed.raw.points.iter().flatten() {
        if let Some(p) = given_points(file, id, points, rubric, &mut found) {
            inputs.insert(rubric_id(rubric, id.get_ref()), IndicatorInput::Points(p));
        }
    }
    for (id, measured) in parsed.raw.values.iter().flatten() {
        if let Some(m) = measured_value(file, id, measured, rubric, &parsed.raw, &mut found) {
            inputs.insert(rubric_id(rubric, id.get_ref()), IndicatorInput::Value(m));
        }
    }
    inputs.shrink_to_fit();
    let raw = parsed.raw;
    let agreed = match crate::model::record::claimed(&claims)[..] {
        [one] => Some(one.to_string()),
        _ => None,
    };
    let ok = !found.has_errors();
    diags.extend(found);
    ok.then(|| Evaluation {
        year,
        rubric: index,
        official: agreed,
        claims,
        source: raw.source,
        self_assessment: parsed.self_assessment,
        illustrative: raw.illustrative,
        has_data: raw.points.is_some() || raw.values.is_some(),
        inputs,
        narrative: None,
        file: parsed.file,
    })
}

/// Each source's claim of the official predikat. A `[[sources]]` entry
/// says `official` unless it names its own `predikat`; without `[[sources]]`,
/// an `official` result rests on the free-text `source` (a warning: readers
/// cannot open it) or on nothing (an error).
fn claims(
    file: &SourceFile,
    raw: &RawEvaluation,
    rubric: &Rubric,
    diags: &mut Diagnostics,
) -> Vec<Claim> {
    let official = raw.official.as_ref();
    let Some(sources) = raw.sources.as_ref().filter(|s| !s.is_empty()) else {
        let Some(official) = official else { return Vec::new() };
        return legacy_claim(file, official, raw.source.as_deref(), diags).into_iter().collect();
    };
    let mut claims = Vec::new();
    let mut urls: Vec<&str> = Vec::new();
    for entry in sources {
        let source = entry.get_ref();
        let url = source.url.get_ref().trim();
        if urls.contains(&url) {
            diags.push(
                error_at(file, source.url.span(), format!("the source `{url}` is listed twice"))
                    .with_help("keep one [[sources]] entry per page"),
            );
        }
        urls.push(url);
        check_source(file, &source.url, source.date.as_ref(), diags);
        check_official(file, source.predikat.as_ref(), rubric, diags);
        let Some(predikat) = source.predikat.as_ref().or(official) else {
            diags.push(
                error_at(file, entry.span(), "this source does not say which predikat").with_help(
                    "add `predikat = \"...\"` to the source, or `official = \"...\"` above",
                ),
            );
            continue;
        };
        claims.push(Claim {
            predikat: predikat.get_ref().clone(),
            source: Source {
                url: Some(url.to_string()),
                outlet: source.outlet.clone(),
                date: source.date.as_ref().map(|d| d.get_ref().clone()),
                note: source.note.clone(),
            },
        });
    }
    claims
}

/// The claim of an `official` result given the older way, with a free-text `source`.
fn legacy_claim(
    file: &SourceFile,
    official: &Spanned<String>,
    text: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Claim> {
    let help = "add a [[sources]] entry: `url = \"https://...\"`, `outlet = \"...\"`, `date = \"YYYY-MM-DD\"`";
    let Some(text) = text else {
        diags.push(
            error_at(file, official.span(), "official result without a source").with_help(help),
        );
        return None;
    };
    let url =
        text.split_whitespace().find(|w| w.starts_with("http://") || w.starts_with("https://"));
    if url.is_none() {
        diags.push(
            error_at(file, official.span(), "official result whose source has no address")
                .with_help(help)
                .warning(),
        );
    }
    Some(Claim {
        predikat: official.get_ref().clone(),
        source: Source {
            url: url.map(|u| u.trim_end_matches([',', ';', ')']).to_string()),
            outlet: Some(text.to_string()),
            date: None,
            note: None,
        },
    })
}

/// The rubric's own copy of an indicator id the evaluation gives (checked
/// to exist before), so every evaluation shares it instead of holding its own.
fn rubric_id(rubric: &Rubric, id: &str) -> Id {
    rubric.indicator(id).map_or_else(|| Id::from(id), |(_, indicator)| Id::clone(&indicator.id))
}

fn no_rubric_help(rubrics: &[Rubric]) -> String {
    if rubrics.is_empty() {
        return "add a rubric under content/rubrics/ whose years include this one".to_string();
    }
    let ranges: Vec<String> = rubrics
        .iter()
        .map(|r| match r.until_year {
            Some(u) => format!("`{}` {}-{u}", r.id, r.from_year),
            None => format!("`{}` from {}", r.id, r.from_year),
        })
        .collect();
    format!("rubrics cover {}; fix the year or add a rubric for it", ranges.join(", "))
}

fn check_official(
    file: &SourceFile,
    official: Option<&Spanned<String>>,
    rubric: &Rubric,
    diags: &mut Diagnostics,
) {
    let Some(official) = official else { return };
    if rubric.tier(official.get_ref()).is_some() {
        return;
    }
    let ids = rubric.tiers.iter().map(|t| &*t.id);
    let help = suggest_or(official.get_ref(), ids, || {
        let all: Vec<&str> = rubric.tiers.iter().map(|t| &*t.id).collect();
        format!("use a tier id of rubric `{}`: `{}`", rubric.id, all.join("`, `"))
    });
    diags.push(
        error_at(
            file,
            official.span(),
            format!("official predikat `{official}` is not a tier of rubric `{}`", rubric.id),
        )
        .with_help(help),
    );
}

/// Reports an indicator id the rubric does not have; true when it is known.
fn known_indicator(
    file: &SourceFile,
    id: &Spanned<String>,
    rubric: &Rubric,
    diags: &mut Diagnostics,
) -> bool {
    if rubric.indicator(id.get_ref()).is_some() {
        return true;
    }
    let ids = rubric.indicators().map(|(_, i)| &*i.id);
    let help = suggest_or(id.get_ref(), ids, || {
        format!(
            "use an indicator id of rubric `{}` (see content/rubrics/{}.toml)",
            rubric.id, rubric.id
        )
    });
    diags.push(
        error_at(file, id.span(), format!("unknown indicator `{id}` for rubric `{}`", rubric.id))
            .with_help(help),
    );
    false
}

fn given_points(
    file: &SourceFile,
    id: &Spanned<String>,
    points: &Spanned<f64>,
    rubric: &Rubric,
    diags: &mut Diagnostics,
) -> Option<Points> {
    if !known_indicator(file, id, rubric, diags) {
        return None;
    }
    let (_, indicator) = rubric.indicator(id.get_ref())?;
    let p = exact_points(file, points, &format!("points of `{id}`"), diags)?;
    if p < Points::ZERO || p > indicator.max_points {
        diags.push(
            error_at(
                file,
                points.span(),
                format!("points {p} of `{id}` are outside 0..={}", indicator.max_points),
            )
            .with_help(format!("`{id}` gives between 0 and {} points", indicator.max_points)),
        );
        return None;
    }
    Some(p)
}

fn measured_value(
    file: &SourceFile,
    id: &Spanned<String>,
    measured: &Spanned<RawMeasured>,
    rubric: &Rubric,
    raw: &RawEvaluation,
    diags: &mut Diagnostics,
) -> Option<Measured> {
    if !known_indicator(file, id, rubric, diags) {
        return None;
    }
    if raw.points.as_ref().is_some_and(|p| p.contains_key(id.get_ref().as_str())) {
        diags.push(
            error_at(file, id.span(), format!("indicator `{id}` is in both [points] and [values]"))
                .with_help("give an indicator either its points or its measured value, not both"),
        );
        return None;
    }
    let (_, indicator) = rubric.indicator(id.get_ref())?;
    if indicator.scale.is_none() {
        diags.push(
            error_at(
                file,
                id.span(),
                format!("indicator `{id}` has no scale to turn a value into points"),
            )
            .with_help(format!(
                "give its points in [points], or add a `scale` to `{id}` in rubric `{}`",
                rubric.id
            )),
        );
        return None;
    }
    let raw_measured = measured.get_ref();
    let m = &raw_measured.measured;
    let span = raw_measured.value_span.clone().unwrap_or_else(|| measured.span());
    if !m.value.is_finite() {
        diags.push(
            error_at(file, span, "measured value is not a finite number")
                .with_help("write the measured value as a plain number, e.g. `97.2`"),
        );
        return None;
    }
    let unit = indicator.scale.as_ref().map(|s| s.unit.as_str());
    if unit == Some("%") && !(0.0..=100.0).contains(&m.value) {
        diags.push(
            error_at(file, span, format!("{} % of `{id}` is outside 0..=100", m.value))
                .warning()
                .with_help(format!(
                    "a percentage lies between 0 and 100: check the figure (its points are \
                     counted as for {} %)",
                    m.value.clamp(0.0, 100.0)
                )),
        );
    }
    Some(m.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::load::common::source_file;
    use crate::model::{Cluster, Indicator, Localized, Scale, Tier};

    fn rubric(id: &str, from: u16, until: Option<u16>) -> Rubric {
        let indicator = |id: &str, max: i64, scale: Option<Scale>| Indicator {
            id: id.into(),
            name: Localized::id_only(id),
            max_points: Points::whole(max),
            scale,
        };
        let scale = Scale { unit: "%".to_string(), zero_at: 50.0, full_at: 100.0 };
        Rubric {
            id: id.to_string(),
            title: Localized::id_only(id),
            from_year: from,
            until_year: until,
            max_score: Points::whole(100),
            note: None,
            tiers: vec![
                Tier {
                    id: "nindya".into(),
                    name: Localized::id_only("Nindya"),
                    min_score: Points::whole(70),
                    gates: vec![],
                },
                Tier {
                    id: "utama".into(),
                    name: Localized::id_only("Utama"),
                    min_score: Points::whole(80),
                    gates: vec![],
                },
            ],
            clusters: vec![Cluster {
                id: "k".into(),
                name: Localized::id_only("K"),
                indicators: vec![
                    indicator("perda-kla", 40, None),
                    indicator("akta", 60, Some(scale)),
                ],
            }],
        }
    }

    fn load(name: &str, src: &str) -> (Option<Evaluation>, Vec<(String, String)>) {
        let rubrics = [rubric("kla-31", 2011, Some(2018)), rubric("kla-24", 2019, None)];
        let mut diags = Diagnostics::new();
        let path = format!("content/regions/kota-a/{name}");
        let evaluation = parse(&source_file(path, src), &mut diags)
            .and_then(|p| resolve(p, &rubrics, true, &mut diags));
        diags.sort();
        (evaluation, diags.iter().map(|d| (d.location(), d.message.clone())).collect())
    }

    fn problems(src: &str) -> Vec<(String, String)> {
        load("2025.toml", src).1
    }

    const AT: &str = "content/regions/kota-a/2025.toml";

    #[test]
    fn sources_make_claims_and_a_disagreement_is_a_conflict_not_a_choice() {
        let src = "year = 2025\nofficial = \"utama\"\n\
            [[sources]]\nurl = \"https://a.id/1\"\noutlet = \"A\"\ndate = \"2025-08-09\"\n\
            [[sources]]\nurl = \"https://b.id/2\"\npredikat = \"nindya\"\nnote = \"a later look-back\"\n";
        let (evaluation, p) = load("2025.toml", src);
        assert!(p.is_empty(), "{p:?}");
        let evaluation = evaluation.unwrap();
        let said: Vec<(&str, Option<&str>)> = evaluation
            .claims
            .iter()
            .map(|c| (c.predikat.as_str(), c.source.url.as_deref()))
            .collect();
        assert_eq!(said, [("utama", Some("https://a.id/1")), ("nindya", Some("https://b.id/2"))]);
        assert!(evaluation.conflict());
        assert_eq!(evaluation.official, None, "a conflict is shown, never resolved");
        assert_eq!(evaluation.claims[0].source.date.as_deref(), Some("2025-08-09"));
    }

    #[test]
    fn agreeing_sources_give_the_official_predikat() {
        let src = "year = 2025\n[[sources]]\nurl = \"https://a.id/1\"\npredikat = \"utama\"\n\
            [[sources]]\nurl = \"https://b.id/2\"\npredikat = \"utama\"\n";
        let (evaluation, p) = load("2025.toml", src);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(evaluation.unwrap().official.as_deref(), Some("utama"));
    }

    #[test]
    fn errors_on_a_result_without_a_source_a_bad_url_a_bad_date_and_a_source_twice() {
        assert_eq!(
            problems("year = 2025\nofficial = \"utama\"\n"),
            [(format!("{AT}:2:12"), "official result without a source".to_string())]
        );
        let src = "year = 2025\nofficial = \"utama\"\n\
            [[sources]]\nurl = \"antaranews.com/berita/1\"\n\
            [[sources]]\nurl = \"https://a.id/1\"\ndate = \"22 Juli 2025\"\n\
            [[sources]]\nurl = \"https://a.id/1\"\npredikat = \"utma\"\n";
        let p = problems(src);
        let at: Vec<&str> = p.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(
            at,
            [format!("{AT}:4:7"), format!("{AT}:7:8"), format!("{AT}:9:7"), format!("{AT}:10:12")]
        );
        assert!(p[0].1.starts_with("source url `antaranews.com/berita/1` is not a URL"), "{p:?}");
        assert!(p[1].1.contains("is not a date"), "{p:?}");
        assert!(p[2].1.contains("is listed twice"), "{p:?}");
        assert!(p[3].1.contains("`utma` is not a tier"), "{p:?}");
    }

    #[test]
    fn a_source_text_without_an_address_is_only_a_warning() {
        let mut diags = Diagnostics::new();
        let rubrics = [rubric("kla-24", 2019, None)];
        let file = source_file(
            AT,
            "year = 2025\nofficial = \"utama\"\nsource = \"Kaltim Live, 8 Aug 2025\"\n",
        );
        let evaluation =
            parse(&file, &mut diags).and_then(|p| resolve(p, &rubrics, true, &mut diags));
        assert_eq!(evaluation.unwrap().official.as_deref(), Some("utama"));
        let d = diags.iter().next().unwrap();
        assert_eq!(d.severity, crate::diag::Severity::Warning);
        assert!(d.message.contains("has no address"), "{d}");
    }

    #[test]
    fn builds_an_evaluation_from_points_and_values() {
        let src = "year = 2025\nofficial = \"utama\"\nsource = \"https://a.id/x\"\nself_assessment = 946.45\n[points]\nperda-kla = 38\n[values]\nakta = { value = 98.8, year = 2023, source = \"x\" }\n";
        let (evaluation, p) = load("2025.toml", src);
        assert!(p.is_empty(), "{p:?}");
        let e = evaluation.unwrap();
        assert_eq!((e.year, e.rubric, e.has_data), (2025, 1, true));
        assert_eq!(e.self_assessment, Some(Points(94645)));
        assert_eq!(e.inputs["perda-kla"], IndicatorInput::Points(Points(3800)));
        let IndicatorInput::Value(m) = &e.inputs["akta"] else { panic!("not a value") };
        assert_eq!((m.value, m.year), (98.8, Some(2023)));
    }

    #[test]
    fn input_ids_are_the_rubrics_own_not_copies() {
        let rubrics = [rubric("kla-24", 2019, None)];
        let mut diags = Diagnostics::new();
        let src = "year = 2025\n[points]\nperda-kla = 38\n[values]\nakta = 97\n";
        let parsed = parse(&source_file(AT, src), &mut diags).unwrap();
        let e = resolve(parsed, &rubrics, true, &mut diags).unwrap();
        let shared: Vec<bool> = e
            .inputs
            .iter()
            .map(|(id, _)| rubrics[0].indicators().any(|(_, i)| std::sync::Arc::ptr_eq(id, &i.id)))
            .collect();
        assert_eq!(shared, [true, true]);
    }

    #[test]
    fn an_evaluation_without_tables_has_no_data() {
        let (evaluation, p) =
            load("2015.toml", "year = 2015\nofficial = \"utama\"\nsource = \"https://a.id/x\"\n");
        assert!(p.is_empty(), "{p:?}");
        let e = evaluation.unwrap();
        assert_eq!((e.rubric, e.has_data, e.illustrative), (0, false, false));
    }

    #[test]
    fn errors_on_unknown_field_in_an_evaluation() {
        let p = problems("year = 2025\nofficail = \"utama\"\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, format!("{AT}:2:1"));
        assert!(p[0].1.contains("unknown field `officail`"), "{p:?}");
    }

    #[test]
    fn errors_on_unknown_indicator_in_points_and_values() {
        let p = problems("year = 2025\n[points]\nperda-kl = 38\n[values]\nakte = 90\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].0, format!("{AT}:3:1"));
        assert!(p[0].1.contains("unknown indicator `perda-kl`"));
        assert_eq!(p[1].0, format!("{AT}:5:1"));
        assert!(p[1].1.contains("unknown indicator `akte`"));
    }

    #[test]
    fn suggests_the_closest_indicator_id() {
        let rubrics = [rubric("kla-24", 2019, None)];
        let mut diags = Diagnostics::new();
        let file =
            source_file("content/regions/a/2025.toml", "year = 2025\n[points]\nperda-kl = 1\n");
        let parsed = parse(&file, &mut diags).unwrap();
        resolve(parsed, &rubrics, true, &mut diags);
        assert_eq!(diags.0[0].help.as_deref(), Some("did you mean `perda-kla`?"));
    }

    #[test]
    fn errors_on_value_for_indicator_without_scale() {
        let p = problems("year = 2025\n[values]\nperda-kla = 90\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, format!("{AT}:3:1"));
        assert!(p[0].1.contains("has no scale"));
    }

    #[test]
    fn errors_on_points_and_value_for_same_indicator() {
        let p = problems("year = 2025\n[points]\nakta = 50\n[values]\nakta = 90\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, format!("{AT}:5:1"));
        assert!(p[0].1.contains("in both [points] and [values]"));
    }

    #[test]
    fn errors_on_points_out_of_range() {
        let p = problems("year = 2025\n[points]\nperda-kla = 40.5\nakta = -1\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].0, format!("{AT}:3:13"));
        assert_eq!(p[0].1, "points 40.5 of `perda-kla` are outside 0..=40");
        assert_eq!(p[1].0, format!("{AT}:4:8"));
        assert_eq!(p[1].1, "points -1 of `akta` are outside 0..=60");
    }

    #[test]
    fn errors_on_more_than_two_decimals_in_points() {
        let p = problems("year = 2025\nself_assessment = 1.001\n[points]\nperda-kla = 12.345\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, format!("{AT}:2:19"));
        assert!(p[0].1.contains("more than 2 decimals"));
        let p = problems("year = 2025\n[points]\nperda-kla = 12.345\n");
        assert_eq!(p[0].0, format!("{AT}:3:13"));
        assert_eq!(p[0].1, "points of `perda-kla` has more than 2 decimals");
    }

    #[test]
    fn errors_on_year_differing_from_file_name() {
        let p = problems("year = 2024\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, format!("{AT}:1:8"));
        assert!(p[0].1.contains("year 2024 differs from the file name"));
    }

    #[test]
    fn errors_on_year_without_rubric() {
        let (_, p) = load("2005.toml", "year = 2005\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, "content/regions/kota-a/2005.toml:1:8");
        assert_eq!(p[0].1, "no rubric covers year 2005");
    }

    #[test]
    fn errors_on_official_naming_unknown_tier() {
        let p = problems("year = 2025\nofficial = \"utma\"\nsource = \"https://a.id/x\"\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, format!("{AT}:2:12"));
        assert!(p[0].1.contains("`utma` is not a tier of rubric `kla-24`"));
    }

    #[test]
    fn the_year_of_a_day_follows_the_gregorian_calendar() {
        let days = [(0, 1970), (11_017, 2000), (19_782, 2024), (20_088, 2024), (20_089, 2025)];
        for (day, year) in days {
            assert_eq!(year_of_day(day), year, "day {day}");
        }
        assert_eq!(year_of_day(47_846), 2100);
    }

    #[test]
    fn warns_about_a_year_after_this_one() {
        let file = source_file(AT, "year = 2031\n");
        let year = Spanned::new(7..11, 2031);
        let mut diags = Diagnostics::new();
        check_not_future(&file, &year, 2031, &mut diags);
        assert!(diags.is_empty(), "this year is fine");
        check_not_future(&file, &year, 2026, &mut diags);
        assert_eq!(diags.len(), 1);
        let d = &diags.0[0];
        assert_eq!((d.severity, d.location()), (Severity::Warning, format!("{AT}:1:8")));
        assert_eq!(d.message, "evaluation year 2031 is after this year (2026)");
    }

    #[test]
    fn a_percentage_below_0_or_above_100_is_a_warning_at_the_value() {
        let src = "year = 2025\n[values]\nakta = 101\n";
        let (evaluation, p) = load("2025.toml", src);
        assert!(evaluation.is_some(), "a warning does not drop the evaluation");
        assert_eq!(p, [(format!("{AT}:3:8"), "101 % of `akta` is outside 0..=100".into())]);
        let src = "year = 2025\n[values]\nakta = { value = -5, year = 2024 }\n";
        let (evaluation, p) = load("2025.toml", src);
        assert!(evaluation.is_some());
        assert_eq!(p, [(format!("{AT}:3:18"), "-5 % of `akta` is outside 0..=100".into())]);
        assert!(load("2025.toml", "year = 2025\n[values]\nakta = 100\n").1.is_empty());
    }

    #[test]
    fn errors_on_unknown_key_in_a_measured_value() {
        let p = problems("year = 2025\n[values]\nakta = { value = 1, sumber = \"x\" }\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].1.contains("unknown field `sumber`"), "{p:?}");
        assert!(p[0].0.starts_with(&format!("{AT}:3:")), "{p:?}");
    }
}
