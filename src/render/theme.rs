//! Themes: the templates, static files and UI strings a site is rendered with.
//!
//! The default theme (`themes/default/` of this repository) is compiled into
//! the binary, so a site without a `themes/` folder still builds. A site
//! overrides it file by file: `<root>/templates/<file>` beats
//! `<root>/themes/<name>/templates/<file>`, which beats the built-in file;
//! `<root>/themes/<name>/static/**` and `i18n/<lang>.toml` (key by key)
//! override the built-in ones the same way. This module owns reading those
//! files, turning tera's errors into [`Diagnostic`]s (each at the template
//! it is in) and warning about what the files leave undone (a template that
//! overrides nothing, a site language without interface strings); it does
//! not decide what a page shows (that is `views` and `pages`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use tera::{ErrorKind, Tera};
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::SiteConfig;

/// The built-in default theme, compiled in.
static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A loaded theme: compiled templates, static files and UI strings, ready to render with.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Compiled templates with kla's filters and functions registered.
    pub(crate) tera: Tera,
    /// Static files by path relative to `static/` (`/` separators).
    pub(crate) static_files: BTreeMap<String, Vec<u8>>,
    /// UI strings per language code (key -> text).
    pub(crate) strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Where each template came from, to point errors at the right file.
    sources: BTreeMap<String, TemplateSource>,
    /// What the theme's files do not do that the site may expect: a template
    /// that overrides nothing, a site language without interface strings.
    pub(crate) warnings: Diagnostics,
}

/// A template's text and the path shown for it in messages.
#[derive(Debug, Clone)]
struct TemplateSource {
    display: PathBuf,
    text: Arc<str>,
}

/// Files of one layer of the theme stack, before compiling.
#[derive(Default)]
struct Layers {
    templates: BTreeMap<String, TemplateSource>,
    static_files: BTreeMap<String, Vec<u8>>,
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

impl Theme {
    /// Loads theme `name` for the site at `root`, layered over the built-in default theme.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        Theme::load_for(root, name, &[])
    }

    /// The theme a site names in `site.toml` ([`Theme::load`]), with a
    /// warning for each of the site's languages it has no interface strings
    /// for: pages in such a language would show kla's menus and labels in
    /// Indonesian, and nothing else would say so.
    pub fn for_site(root: &Path, config: &SiteConfig) -> Result<Theme, Diagnostics> {
        Theme::load_for(root, &config.theme, &config.languages)
    }

    /// Loads theme `name` for a site in `languages`; the warnings about its
    /// files go on the theme, or with its errors when it has some.
    fn load_for(root: &Path, name: &str, languages: &[String]) -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut layers = Layers::default();
        builtin_layer(&mut layers, &mut diags);
        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            let rel = Path::new("themes").join(name);
            read_templates(
                &theme_dir.join("templates"),
                &rel.join("templates"),
                &mut layers,
                &mut diags,
            );
            read_static(&theme_dir.join("static"), &mut layers, &mut diags);
            read_strings(&theme_dir.join("i18n"), &rel.join("i18n"), &mut layers, &mut diags);
        } else if name != "default" {
            diags.push(missing_theme(root, name));
        }
        read_templates(&root.join("templates"), Path::new("templates"), &mut layers, &mut diags);
        let warnings = warnings(root, name, &layers, languages);
        let compiled = if diags.is_empty() { compile(layers) } else { Err(diags) };
        match compiled {
            Ok(mut theme) => {
                theme.warnings = warnings;
                Ok(theme)
            }
            Err(mut problems) => {
                problems.extend(warnings);
                Err(problems)
            }
        }
    }

    /// The built-in default theme alone, for sites that have no theme files at all.
    pub fn builtin() -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut layers = Layers::default();
        builtin_layer(&mut layers, &mut diags);
        diags.into_result(())?;
        compile(layers)
    }

    /// The UI strings for `lang`, falling back key by key to Indonesian.
    pub(crate) fn strings_for(&self, lang: &str) -> BTreeMap<String, String> {
        let mut out = self.strings.get(crate::model::DEFAULT_LANGUAGE).cloned().unwrap_or_default();
        if let Some(own) = self.strings.get(lang) {
            out.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        out
    }

    /// Turns a tera error met while rendering `template` into a diagnostic
    /// that names the template file and the line and column.
    pub(crate) fn diagnostic(&self, template: &str, err: &tera::Error) -> Diagnostic {
        let message = error_message(err);
        let located = match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                self.sources.get(report.filename()).map(|source| {
                    let range = clamp_range(report.span().range.clone(), &source.text);
                    Diagnostic::at(source.display.clone(), &source.text, range, message.clone())
                })
            }
            _ => None,
        };
        located.unwrap_or_else(|| Diagnostic::file(self.display_path(template), message)).with_help(
            "check the template against the variables kla passes (see themes/default/templates)",
        )
    }

    /// The problems tera found while putting the templates together: the
    /// references to unknown filters, tests, functions and templates come
    /// joined in one message, and each becomes a diagnostic at its own
    /// template (the one that uses the name), with the names that exist.
    fn assembly_errors(&self, err: &tera::Error) -> Diagnostics {
        if let ErrorKind::Msg(text) = err.kind() {
            let located: Vec<Diagnostic> =
                reports(text).iter().filter_map(|r| self.report_diagnostic(r)).collect();
            if !located.is_empty() {
                return Diagnostics(located);
            }
        }
        self.diagnostic(&failing_template(err), err).into()
    }

    /// One of tera's reports as a diagnostic at its template's file.
    fn report_diagnostic(&self, report: &Report<'_>) -> Option<Diagnostic> {
        let source = self.sources.get(report.template)?;
        let start = offset_of(&source.text, report.line, report.col)?;
        let name = report.message.split('`').nth(1).unwrap_or_default();
        let end = (start + name.len()).min(source.text.len());
        let message = lowercase_first(report.message);
        let help = reference_help(report.message, name, &self.sources);
        Some(
            Diagnostic::at(source.display.clone(), &source.text, start..end, message)
                .with_help(help),
        )
    }

    /// The path shown in messages for template `name`.
    fn display_path(&self, name: &str) -> PathBuf {
        self.sources
            .get(name)
            .map(|s| s.display.clone())
            .unwrap_or_else(|| Path::new("templates").join(name))
    }
}

/// The message of a tera error followed by its `source()` chain, on one line.
fn error_message(err: &tera::Error) -> String {
    let mut message = match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            format!("template error: {}", report.message())
        }
        other => format!("template error: {other}"),
    };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn clamp_range(range: std::ops::Range<usize>, text: &str) -> std::ops::Range<usize> {
    let start = range.start.min(text.len());
    start..range.end.clamp(start, text.len())
}

/// Compiles the merged templates: every syntax error is reported, each with its file.
fn compile(layers: Layers) -> Result<Theme, Diagnostics> {
    let mut theme = Theme {
        tera: Tera::new(),
        static_files: layers.static_files,
        strings: layers.strings,
        sources: layers.templates,
        warnings: Diagnostics::new(),
    };
    crate::render::tera_ext::register(&mut theme.tera);
    let mut diags = Diagnostics::new();
    for (name, source) in &theme.sources {
        if let Err(err) = syntax_check(name, &source.text) {
            diags.push(theme.diagnostic(name, &err));
        }
    }
    diags.into_result(())?;
    let all: Vec<(&str, &str)> =
        theme.sources.iter().map(|(name, s)| (name.as_str(), &*s.text)).collect();
    if let Err(err) = theme.tera.add_raw_templates(all) {
        return Err(theme.assembly_errors(&err));
    }
    Ok(theme)
}

/// One report of tera's: its message (`Unknown filter `nmu``), the template
/// it is in and where (line and column from 1, columns in characters).
#[derive(Debug, PartialEq)]
struct Report<'a> {
    message: &'a str,
    template: &'a str,
    line: usize,
    col: usize,
}

/// The reports of a message of tera's, each printed as `error: <message>`
/// followed by ` --> <template>:<line>:<col>` and the line itself.
fn reports(text: &str) -> Vec<Report<'_>> {
    let mut found = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
            continue;
        }
        let (Some(m), Some(at)) = (message, line.trim_start().strip_prefix("--> ")) else {
            continue;
        };
        message = None;
        let mut parts = at.rsplitn(3, ':');
        let (Some(col), Some(line), Some(template)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if let (Ok(line), Ok(col)) = (line.parse(), col.parse()) {
            found.push(Report { message: m, template, line, col });
        }
    }
    found
}

/// The byte offset of a line and column (from 1; columns in characters) of `text`.
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2)?.0 + 1 };
    let rest = &text[line_start..];
    let within = rest.char_indices().nth(col.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

/// `Unknown filter` -> `unknown filter`, as kla's messages begin.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// How to fix a reference to a name tera does not know: the closest name
/// of that kind, and all of them.
fn reference_help(
    message: &str,
    name: &str,
    templates: &BTreeMap<String, TemplateSource>,
) -> String {
    let (kind, names): (&str, Vec<&str>) = match message.split(' ').nth(1) {
        Some("filter") => ("filters", crate::render::tera_ext::filter_names()),
        Some("test") => ("tests", crate::render::tera_ext::TERA_TESTS.to_vec()),
        Some("function") => ("functions", crate::render::tera_ext::TERA_FUNCTIONS.to_vec()),
        Some("template") => ("templates", templates.keys().map(String::as_str).collect()),
        _ => {
            return "check the template against tera's syntax and kla's templates \
                     (see themes/default/templates)"
                .to_string();
        }
    };
    let all = format!("{kind} available are `{}`", names.join("`, `"));
    match crate::load::did_you_mean(name, names.iter().copied()) {
        Some(meant) => format!("did you mean `{meant}`? The {all}"),
        None => format!("the {all}"),
    }
}

/// What a theme's files (`layers`) leave undone for a site in `languages`:
/// templates nothing uses, languages without interface strings; sorted.
fn warnings(root: &Path, theme: &str, layers: &Layers, languages: &[String]) -> Diagnostics {
    let mut warnings = unused_templates(&layers.templates);
    for lang in languages.iter().filter(|l| !layers.strings.contains_key(*l)) {
        warnings.push(untranslated_language(root, lang, theme));
    }
    warnings.sort();
    warnings
}

/// Warnings for the site's and its theme's templates that nothing uses:
/// neither one of the built-in theme's (which kla renders, or includes, by
/// name) nor named by another template (`{% include %}`, `{% extends %}`).
/// Such a file is most often a misspelt override (`regoin.html`), which
/// would otherwise leave the built-in template in place without a word.
fn unused_templates(templates: &BTreeMap<String, TemplateSource>) -> Diagnostics {
    let builtin: Vec<&str> = embedded_files(&DEFAULT_THEME)
        .into_iter()
        .filter_map(|f| f.path().to_str()?.strip_prefix("templates/"))
        .collect();
    let mut warnings = Diagnostics::new();
    for (name, source) in templates {
        if builtin.contains(&name.as_str()) || is_named_by_another(name, templates) {
            continue;
        }
        let help = match crate::load::did_you_mean(name, builtin.iter().copied()) {
            Some(meant) => format!(
                "did you mean `{meant}`? A template overrides the theme's only under its exact name"
            ),
            None => format!(
                "the theme's templates are `{}`; a template of another name is used only when \
                 another includes or extends it",
                builtin.join("`, `")
            ),
        };
        warnings.push(
            Diagnostic::file(
                source.display.clone(),
                format!("template `{name}` is not one of the theme's and no template uses it"),
            )
            .warning()
            .with_help(help),
        );
    }
    warnings
}

/// Whether a template other than `name` names it in quotes, as an include
/// or extends does.
fn is_named_by_another(name: &str, templates: &BTreeMap<String, TemplateSource>) -> bool {
    let (double, single) = (format!("\"{name}\""), format!("'{name}'"));
    templates
        .iter()
        .any(|(other, s)| other != name && (s.text.contains(&double) || s.text.contains(&single)))
}

/// The warning for a site language the theme has no interface strings for.
fn untranslated_language(root: &Path, lang: &str, theme: &str) -> Diagnostic {
    let message = format!(
        "kla has no interface strings in `{lang}`: readers of the `{lang}` pages will see \
         the menus, labels, headings and rubric names in Indonesian"
    );
    let help = format!(
        "add themes/{theme}/i18n/{lang}.toml with the strings of the default theme's \
         i18n/en.toml translated (`kla init` writes a copy), or remove `{lang}` from `languages`"
    );
    in_site_toml(root, "languages", lang, message).warning().with_help(help)
}

/// A diagnostic at the quoted `value` of `key` in the site's `site.toml`, or
/// at the file when it cannot be found there.
fn in_site_toml(root: &Path, key: &str, value: &str, message: String) -> Diagnostic {
    let text = std::fs::read(root.join("site.toml"))
        .ok()
        .and_then(|bytes| crate::load::text::decode(bytes, Path::new("site.toml")).ok());
    let Some(text) = text else { return Diagnostic::file("site.toml", message) };
    match value_span(&text, key, value) {
        Some(span) => Diagnostic::at("site.toml", &Arc::from(text), span, message),
        None => Diagnostic::file("site.toml", message),
    }
}

/// Where `"value"` is written after the line that sets `key` in a TOML text.
fn value_span(text: &str, key: &str, value: &str) -> Option<std::ops::Range<usize>> {
    let mut line_start = 0;
    let key_at = text.split_inclusive('\n').find_map(|line| {
        let at = line_start;
        line_start += line.len();
        let rest = line.trim_start().strip_prefix(key)?;
        rest.trim_start().starts_with('=').then_some(at)
    })?;
    let quoted = format!("\"{value}\"");
    let start = key_at + text[key_at..].find(&quoted)?;
    Some(start..start + quoted.len())
}

/// Parses one template on its own, so each file's syntax errors are found
/// even when another file is broken too. Only syntax errors count here:
/// a missing parent is checked once every template is loaded.
fn syntax_check(name: &str, text: &str) -> Result<(), tera::Error> {
    let mut probe = Tera::new();
    crate::render::tera_ext::register(&mut probe);
    match probe.add_raw_template(name, text) {
        Err(err) if matches!(err.kind(), ErrorKind::SyntaxError(_)) => Err(err),
        _ => Ok(()),
    }
}

/// The template an error that is not tied to a span is about.
fn failing_template(err: &tera::Error) -> String {
    match err.kind() {
        ErrorKind::MissingParent { current, .. } => current.clone(),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            tpl.clone()
        }
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => r.filename().to_string(),
        _ => "base.html".to_string(),
    }
}

/// The diagnostic for a `theme = "…"` that names no folder under `themes/`.
fn missing_theme(root: &Path, name: &str) -> Diagnostic {
    let message = format!("theme `{name}` not found: there is no folder themes/{name}");
    let help = format!(
        "create themes/{name}/templates, or remove `theme` to use the built-in default theme"
    );
    in_site_toml(root, "theme", name, message).with_help(help)
}

/// The compiled-in default theme as the lowest layer.
fn builtin_layer(layers: &mut Layers, diags: &mut Diagnostics) {
    for file in embedded_files(&DEFAULT_THEME) {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let display = format!("themes/default/{path} (built-in)");
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents());
            let source = TemplateSource { display: display.into(), text: Arc::from(text.as_ref()) };
            layers.templates.insert(name.to_string(), source);
        } else if let Some(name) = path.strip_prefix("static/") {
            layers.static_files.insert(name.to_string(), file.contents().to_vec());
        } else if let Some(file_name) = path.strip_prefix("i18n/") {
            let text = String::from_utf8_lossy(file.contents());
            add_strings(file_name, &text, Path::new(&display), layers, diags);
        }
    }
}

/// Every file of the built-in default theme as (path relative to the theme
/// folder with `/`, bytes), sorted; `kla init` copies them into a new site.
pub(crate) fn builtin_theme_files() -> Vec<(String, &'static [u8])> {
    let mut files: Vec<(String, &'static [u8])> = embedded_files(&DEFAULT_THEME)
        .into_iter()
        .map(|f| (f.path().to_string_lossy().replace('\\', "/"), f.contents()))
        .collect();
    files.sort();
    files
}

fn embedded_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(embedded_files(sub));
    }
    out
}

/// Every file under `dir`, with its path relative to `dir` using `/`; sorted.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out: Vec<_> = WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect();
    out.sort();
    out
}

fn read_templates(dir: &Path, rel: &Path, layers: &mut Layers, diags: &mut Diagnostics) {
    for (name, path) in files_under(dir) {
        let display = rel.join(&name);
        match read_text(&path, &display, "template") {
            Ok(text) => {
                let source = TemplateSource { display, text: Arc::from(text) };
                layers.templates.insert(name, source);
            }
            Err(problem) => diags.push(problem),
        }
    }
}

/// A theme file's text, as the loader reads the site's sources (a leading
/// byte-order mark dropped; another encoding or a NUL byte refused).
fn read_text(path: &Path, display: &Path, what: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|err| Diagnostic::file(display, format!("cannot read {what}: {err}")))?;
    crate::load::text::decode(bytes, display)
}

fn read_static(dir: &Path, layers: &mut Layers, diags: &mut Diagnostics) {
    for (name, path) in files_under(dir) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                layers.static_files.insert(name, bytes);
            }
            Err(err) => diags.push(Diagnostic::file(
                Path::new("static").join(&name),
                format!("cannot read static file: {err}"),
            )),
        }
    }
}

fn read_strings(dir: &Path, rel: &Path, layers: &mut Layers, diags: &mut Diagnostics) {
    for (name, path) in files_under(dir) {
        let display = rel.join(&name);
        match read_text(&path, &display, "strings") {
            Ok(text) => add_strings(&name, &text, &display, layers, diags),
            Err(problem) => diags.push(problem),
        }
    }
}

/// Merges `<lang>.toml` (flat `key = "text"`) into the strings of that language.
fn add_strings(
    file_name: &str,
    text: &str,
    display: &Path,
    layers: &mut Layers,
    diags: &mut Diagnostics,
) {
    let Some(lang) = file_name.strip_suffix(".toml") else { return };
    match toml::from_str::<BTreeMap<String, String>>(text) {
        Ok(map) => layers.strings.entry(lang.to_string()).or_default().extend(map),
        Err(err) => {
            let src: Arc<str> = Arc::from(text);
            let span = err.span().unwrap_or(0..0);
            diags.push(
                Diagnostic::at(
                    display,
                    &src,
                    span,
                    format!("invalid UI strings: {}", err.message()),
                )
                .with_help("each line is `key = \"text\"`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn render(theme: &Theme, name: &str) -> String {
        theme.tera.render(name, &tera::Context::new()).unwrap()
    }

    #[test]
    fn the_default_theme_translates_every_ui_string_into_english() {
        let theme = Theme::builtin().unwrap();
        let id = &theme.strings["id"];
        let en = &theme.strings["en"];
        let missing: Vec<&String> = id.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "en.toml lacks {missing:?}");
        let extra: Vec<&String> = en.keys().filter(|k| !id.contains_key(*k)).collect();
        assert!(extra.is_empty(), "en.toml has keys id.toml lacks: {extra:?}");
        assert_eq!(en["nav_regions"], "Regions");
    }

    #[test]
    fn site_templates_override_theme_templates_which_override_the_builtin() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "themes/hijau/templates/404.html", "from theme");
        write(root, "themes/hijau/templates/data.html", "data from theme");
        write(root, "templates/data.html", "data from site");
        let theme = Theme::load(root, "hijau").unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(render(&theme, "404.html"), "from theme");
        assert_eq!(render(&theme, "data.html"), "data from site");
        assert!(theme.tera.get_template_names().any(|n| n == "region.html"), "built-in kept");
        assert_eq!(theme.display_path("data.html"), Path::new("templates/data.html"));
        assert_eq!(
            theme.display_path("region.html"),
            Path::new("themes/default/templates/region.html (built-in)")
        );
    }

    #[test]
    fn theme_static_files_override_and_add_to_the_builtin_ones() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "themes/hijau/static/style.css", "body{}");
        write(dir.path(), "themes/hijau/static/img/logo.svg", "<svg/>");
        let theme = Theme::load(dir.path(), "hijau").unwrap();
        assert_eq!(theme.static_files["style.css"], b"body{}");
        assert_eq!(theme.static_files["img/logo.svg"], b"<svg/>");
        let builtin = Theme::builtin().unwrap();
        assert!(builtin.static_files["style.css"].len() > 1000);
    }

    #[test]
    fn theme_strings_override_builtin_strings_key_by_key() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "themes/hijau/i18n/id.toml",
            "nav_home = \"Depan\"\nhijau_only = \"Hanya hijau\"\n",
        );
        let theme = Theme::load(dir.path(), "hijau").unwrap();
        let strings = theme.strings_for("id");
        assert_eq!(strings["nav_home"], "Depan");
        assert_eq!(strings["nav_rankings"], "Peringkat");
        assert_eq!(theme.strings_for("en")["nav_rankings"], "Rankings");
        assert_eq!(
            theme.strings_for("en")["hijau_only"],
            "Hanya hijau",
            "a key without English falls back to Indonesian"
        );
    }

    #[test]
    fn a_missing_theme_folder_is_a_diagnostic_on_site_toml() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "site.toml", "title = \"x\"\ntheme = \"hilang\"\n");
        let err = Theme::load(dir.path(), "hilang").unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.location(), "site.toml:2:9");
        assert!(d.message.contains("hilang"), "{d}");
        assert!(Theme::load(dir.path(), "default").is_ok(), "default needs no folder");
    }

    #[test]
    fn broken_site_templates_are_reported_with_path_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "templates/region.html", "<p>ok</p>\n<p>{{ v.name </p>\n");
        write(dir.path(), "templates/data.html", "{% if x %}\nno end\n");
        let err = Theme::load(dir.path(), "default").unwrap_err();
        let locations: Vec<String> = err.iter().map(Diagnostic::location).collect();
        assert_eq!(err.len(), 2, "{err}");
        assert!(
            locations.iter().any(|l| l.starts_with("templates/region.html:2:")),
            "{locations:?}"
        );
        assert!(locations.iter().any(|l| l.starts_with("templates/data.html:")), "{locations:?}");
        assert!(err.to_string().contains("2 | <p>{{ v.name </p>"), "{err}");
    }

    #[test]
    fn an_unknown_filter_is_reported_once_where_it_is_used_with_the_filters_there_are() {
        let dir = tempfile::tempdir().unwrap();
        let template =
            "{% extends \"base.html\" %}\n{% block content %}é {{ v.title | nmu }}{% endblock %}\n";
        write(dir.path(), "templates/data.html", template);
        let err = Theme::load(dir.path(), "default").unwrap_err();
        assert_eq!(err.len(), 1, "{err}");
        let d = &err.0[0];
        assert_eq!(d.location(), "templates/data.html:2:35");
        assert_eq!(d.message, "unknown filter `nmu`");
        let help = d.help.as_deref().unwrap();
        assert!(help.starts_with("did you mean `num`?"), "{help}");
        assert!(help.contains("`truncate`") && help.contains("`num`"), "{help}");
        assert!(!err.to_string().contains("error: error:"), "{err}");
        assert!(err.to_string().contains("  |                                   ^^^\n"), "{err}");
    }

    #[test]
    fn a_template_that_overrides_nothing_and_is_used_by_none_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "templates/regoin.html", "x");
        write(dir.path(), "themes/hijau/templates/bagian/kaki.html", "kaki");
        write(dir.path(), "themes/hijau/templates/footer-lama.html", "lama");
        write(dir.path(), "templates/404.html", "{% include \"bagian/kaki.html\" %}");
        let theme = Theme::load(dir.path(), "hijau").unwrap_or_else(|d| panic!("{d}"));
        let shown: Vec<(String, Severity)> =
            theme.warnings.iter().map(|d| (d.location(), d.severity)).collect();
        assert_eq!(
            shown,
            [
                ("templates/regoin.html".to_string(), Severity::Warning),
                ("themes/hijau/templates/footer-lama.html".to_string(), Severity::Warning),
            ]
        );
        let help = theme.warnings.0[0].help.as_deref().unwrap();
        assert!(help.starts_with("did you mean `region.html`?"), "{help}");
        assert!(theme.warnings.0[1].help.as_deref().unwrap().contains("`ranking_row.html`"));
    }

    #[test]
    fn the_warnings_of_a_theme_come_with_its_errors() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "templates/regoin.html", "x");
        write(dir.path(), "templates/data.html", "{{ 1 | nmu }}");
        let err = Theme::load(dir.path(), "default").unwrap_err();
        let shown: Vec<String> = err.iter().map(Diagnostic::location).collect();
        assert_eq!(shown, ["templates/data.html:1:8", "templates/regoin.html"]);
    }

    #[test]
    fn a_site_language_without_interface_strings_is_a_warning_at_site_toml() {
        let dir = tempfile::tempdir().unwrap();
        let site = "title = \"x\"\nbase_url = \"/\"\nlanguages = [\"id\", \"en\", \"jv\"]\n";
        write(dir.path(), "site.toml", site);
        let config = SiteConfig {
            title: "x".into(),
            description: None,
            base_url: "/".into(),
            languages: vec!["id".into(), "en".into(), "jv".into()],
            theme: "default".into(),
            author: None,
            unsafe_html: false,
            search_full_text: true,
        };
        let theme = Theme::for_site(dir.path(), &config).unwrap();
        assert_eq!(theme.warnings.len(), 1, "{}", theme.warnings);
        let d = &theme.warnings.0[0];
        assert_eq!((d.location(), d.severity), ("site.toml:3:26".to_string(), Severity::Warning));
        assert!(d.message.contains("`jv`") && d.message.contains("in Indonesian"), "{d}");
        assert!(d.help.as_deref().unwrap().contains("themes/default/i18n/jv.toml"), "{d}");
        write(dir.path(), "themes/default/i18n/jv.toml", "nav_home = \"Ngarep\"\n");
        assert!(Theme::for_site(dir.path(), &config).unwrap().warnings.is_empty());
    }

    #[test]
    fn tera_reports_are_split_and_placed_by_character() {
        let text = "error: Unknown filter `a`\n --> x.html:1:4\n  |\n1 | ...\n\n\
                    error: Unknown test `b`\n  --> dir/y.html:12:1\n";
        let found = reports(text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[1].template, found[1].line, found[1].col), ("dir/y.html", 12, 1));
        assert_eq!(found[0].message, "Unknown filter `a`");
        assert_eq!(offset_of("ab\néé x", 2, 4), Some(8));
        assert_eq!(offset_of("ab", 3, 1), None);
    }

    #[test]
    fn render_errors_name_the_template_line_and_cause() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "templates/data.html", "line one\n{{ v.missing.deeper }}\n");
        let theme = Theme::load(dir.path(), "default").unwrap();
        let mut context = tera::Context::new();
        context.insert("v", &BTreeMap::<String, String>::new());
        let err = theme.tera.render("data.html", &context).unwrap_err();
        let d = theme.diagnostic("data.html", &err);
        assert!(d.location().starts_with("templates/data.html:2:"), "{d}");
        assert!(d.message.starts_with("template error:"), "{d}");
    }
}
