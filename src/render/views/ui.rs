//! The words and numbers of one page language: the UI strings ([`Ui`]) and
//! the number and date formats every view shows.
//!
//! A leaf of `views`: both `views` (the page context) and `views::row` (the
//! ranking rows) use it, and it uses neither, so the two do not import each
//! other in a circle.

use std::collections::BTreeMap;

use crate::model::{Points, RegionKind, Rubric};
use crate::render::routes;

/// Formats hundredths of a point: `842,5`, `1.000`, `12,25` in Indonesian.
pub(crate) fn format_points(points: Points, lang: &str) -> String {
    // Written digit by digit: every ranking row formats several numbers, so
    // this skips the plain `to_string` and its re-parse that
    // [`localize_plain`] does (the tests check both agree).
    let (thousands, decimal) = separators(lang);
    let mut out = String::with_capacity(16);
    if points.0 < 0 {
        out.push('-');
    }
    let abs = points.0.unsigned_abs();
    let (int, frac) = (abs / 100, abs % 100);
    let mut digits = [0u8; 20];
    let mut n = int;
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        out.push(char::from(digits[i]));
        if i > 0 && i % 3 == 0 {
            out.push(thousands);
        }
    }
    if frac != 0 {
        out.push(decimal);
        out.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            out.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
    out
}

/// The thousands and decimal separators of a language: `1,234.5` in
/// English, `1.234,5` otherwise (Indonesian).
fn separators(lang: &str) -> (char, char) {
    if lang == "en" { (',', '.') } else { ('.', ',') }
}

/// Formats a number with at most `max_decimals` decimals (rounded half away
/// from zero, like the scores), trailing zeros dropped.
pub(crate) fn format_decimal(value: f64, max_decimals: usize, lang: &str) -> String {
    let factor = 10f64.powi(max_decimals as i32);
    let rounded = (value * factor).round() / factor;
    let fixed = format!("{rounded:.max_decimals$}");
    let trimmed = if fixed.contains('.') {
        fixed.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        fixed
    };
    let trimmed = if trimmed == "-0" { "0".to_string() } else { trimmed };
    localize_plain(&trimmed, lang)
}

/// A percentage with one decimal at most: `84,3%`.
pub(crate) fn format_percent(value: f64, lang: &str) -> String {
    format!("{}%", format_decimal(value, 1, lang))
}

/// A signed change: `+12,5`, `−3`, `0`.
pub(crate) fn format_delta(delta: Points, lang: &str) -> String {
    let abs = format_points(Points(delta.0.abs()), lang);
    match delta.0.signum() {
        1 => format!("+{abs}"),
        -1 => format!("\u{2212}{abs}"),
        _ => abs,
    }
}

/// Rewrites a plain `-1234.5` into the language's separators (`-1.234,5` for Indonesian).
pub(super) fn localize_plain(plain: &str, lang: &str) -> String {
    let (thousands, decimal) = separators(lang);
    let (sign, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac}")
    }
}

/// Month names for [`format_date`], January first.
const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A `YYYY-MM-DD` date as readers write it: `8 Agustus 2025` / `8 August 2025`.
/// Anything else is returned unchanged.
pub(crate) fn format_date(iso: &str, lang: &str) -> String {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return iso.to_string();
    };
    let months = if lang == "en" { &MONTHS_EN } else { &MONTHS_ID };
    match months.get(usize::from(month).wrapping_sub(1)) {
        Some(name) => format!("{day} {name} {year}"),
        None => iso.to_string(),
    }
}

/// UI strings, language and link prefix of the pages being rendered.
pub(crate) struct Ui<'a> {
    /// Page language code.
    pub(crate) lang: &'a str,
    /// The site's first language, served at the root; others live under `/<lang>/`.
    pub(crate) default_lang: &'a str,
    strings: &'a BTreeMap<String, String>,
    /// Path of `base_url` without its trailing `/` (empty at a domain root).
    prefix: String,
}

impl<'a> Ui<'a> {
    /// UI for `lang` with the strings of that language, linking under `base_url`.
    pub(crate) fn new(
        lang: &'a str,
        strings: &'a BTreeMap<String, String>,
        base_url: &str,
    ) -> Self {
        Self { lang, default_lang: lang, strings, prefix: base_path(base_url) }
    }

    /// The same UI with `default_lang` as the site's first language, so page
    /// links in any other language get their `/<lang>` prefix.
    pub(crate) fn with_default_lang(mut self, default_lang: &'a str) -> Self {
        self.default_lang = default_lang;
        self
    }

    /// Whether pages are rendered in the site's first language.
    pub(crate) fn is_default_lang(&self) -> bool {
        self.lang == self.default_lang
    }

    /// The UI string `key`; a missing key shows as itself so it is easy to spot.
    pub(crate) fn t(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The UI string `key` with `{name}` placeholders filled in.
    pub(crate) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter()
            .fold(self.t(key), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }

    /// A link target for a site route in this language, under the path of `base_url`.
    pub(crate) fn url(&self, route: &str) -> String {
        self.url_in(route, self.lang)
    }

    /// A link target for a site route in `lang` (for the language switch).
    pub(crate) fn url_in(&self, route: &str, lang: &str) -> String {
        format!("{}{}", self.prefix, routes::in_lang(route, lang, self.default_lang))
    }

    /// A date in this language's convention.
    pub(crate) fn date(&self, iso: &str) -> String {
        format_date(iso, self.lang)
    }

    /// "Kabupaten" / "Kota".
    pub(crate) fn kind(&self, kind: RegionKind) -> String {
        self.t(match kind {
            RegionKind::Kabupaten => "kind_kabupaten",
            RegionKind::Kota => "kind_kota",
        })
    }

    /// Points in this language's number format.
    pub(crate) fn points(&self, points: Points) -> String {
        format_points(points, self.lang)
    }

    /// "3 dari 514".
    pub(crate) fn rank_of(&self, rank: Option<u32>, of: u32) -> Option<String> {
        rank.map(|r| self.fill("rank_of", &[("rank", &r.to_string()), ("of", &of.to_string())]))
    }

    /// The display name of a tier id in `rubric`; the "no predikat" text for `None`.
    pub(crate) fn tier_name(&self, rubric: &Rubric, tier: Option<&str>) -> String {
        match tier {
            Some(id) => self.tier_label(rubric, id).to_string(),
            None => self.t("no_predikat"),
        }
    }

    /// The display name of tier `id` in `rubric`, in this language, borrowed
    /// (ranking rows keep it in their cache key); the id itself when the
    /// rubric has no such tier.
    pub(crate) fn tier_label<'r>(&self, rubric: &'r Rubric, id: &'r str) -> &'r str {
        rubric.tier(id).map_or(id, |t| t.name.get(self.lang))
    }
}

/// The path part of `base_url`, without the trailing `/`: `https://x.org/kla/` -> `/kla`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/').to_string()
}
