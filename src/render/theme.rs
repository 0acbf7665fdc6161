//! Themes: the templates, static files and UI strings a site is rendered with.
//!
//! The default theme (`themes/default/` of this repository) is compiled into
//! the binary, so a site without a `themes/` folder still builds. A site
//! overrides it file by file: `<root>/templates/<file>` beats
//! `<root>/themes/<name>/templates/<file>`, which beats the built-in file;
//! `<root>/themes/<name>/static/**` and `i18n/<lang>.toml` (key by key)
//! override the built-in ones the same way. This module owns reading those
//! files and turning tera's errors into [`Diagnostic`]s; it does not decide
//! what a page shows (that is `views` and `pages`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use tera::{ErrorKind, Tera};
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::narratives::NarrativeCache;
use crate::render::rows::RowCache;

/// The built-in default theme, compiled in.
static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The language whose strings every other language falls back to.
const DEFAULT_LANG: &str = "id";

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
    /// The ranking rows drawn with this theme, kept for the next render
    /// (`kla serve` only: see [`Theme::remembering`]).
    pub(crate) rows: Option<Arc<RowCache>>,
    /// The region narratives rendered as HTML, kept for the next render
    /// (`kla serve` only, as `rows`).
    pub(crate) narratives: Option<Arc<NarrativeCache>>,
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
        if !diags.is_empty() {
            return Err(diags);
        }
        compile(layers)
    }

    /// The built-in default theme alone, for sites that have no theme files at all.
    pub fn builtin() -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut layers = Layers::default();
        builtin_layer(&mut layers, &mut diags);
        diags.into_result(())?;
        compile(layers)
    }

    /// The same theme, keeping the ranking rows it draws and the region
    /// narratives it renders, so the next render draws only the rows whose
    /// inputs changed and renders only the narratives of changed regions. For
    /// `kla serve`, which renders the same pages again after each edit; a
    /// build renders each once.
    pub(crate) fn remembering(mut self) -> Self {
        self.rows = Some(Arc::default());
        self.narratives = Some(Arc::default());
        self
    }

    /// The UI strings for `lang`, falling back key by key to Indonesian.
    pub(crate) fn strings_for(&self, lang: &str) -> BTreeMap<String, String> {
        let mut out = self.strings.get(DEFAULT_LANG).cloned().unwrap_or_default();
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
        rows: None,
        narratives: None,
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
        let name = failing_template(&err);
        return Err(theme.diagnostic(&name, &err).into());
    }
    Ok(theme)
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
    let quoted = format!("\"{name}\"");
    match std::fs::read_to_string(root.join("site.toml")) {
        Ok(text) if text.contains(&quoted) => {
            let start = text.find(&quoted).unwrap_or(0);
            let src: Arc<str> = Arc::from(text);
            Diagnostic::at("site.toml", &src, start..start + quoted.len(), message).with_help(help)
        }
        _ => Diagnostic::file("site.toml", message).with_help(help),
    }
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
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let source = TemplateSource { display, text: Arc::from(text) };
                layers.templates.insert(name, source);
            }
            Err(err) => {
                diags.push(Diagnostic::file(display, format!("cannot read template: {err}")))
            }
        }
    }
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
        match std::fs::read_to_string(&path) {
            Ok(text) => add_strings(&name, &text, &display, layers, diags),
            Err(err) => {
                diags.push(Diagnostic::file(display, format!("cannot read strings: {err}")))
            }
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
