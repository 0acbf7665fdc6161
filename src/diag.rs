//! Diagnostics: problems in the author's data, each with a file, a span and a hint.
//!
//! This module owns the one place where byte offsets become `line:col`
//! ([`SourceMap`]) and the one rendering of a problem for a terminal
//! (rustc-style, with the offending line and a caret). It does not read files:
//! whoever found the problem hands over the source text it parsed.
//!
//! Invariant: every [`Diagnostic`] names a path relative to the site root, so
//! messages never leak a machine's absolute paths.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether a problem stops the build or only deserves the author's look.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Severity {
    /// The build fails; nothing is written.
    #[default]
    Error,
    /// The build goes on; the problem is printed (a future year, a page
    /// with no translation, a template override that overrides nothing).
    Warning,
}

/// A problem found in the site's sources; the build collects all of them before failing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File the problem is in, relative to the site root.
    pub path: PathBuf,
    /// The whole text of that file, kept to show the offending line.
    pub src: Option<Arc<str>>,
    /// Byte range inside `src` that the problem points at.
    pub span: Option<Range<usize>>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem about a whole file (no position inside it).
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            src: None,
            span: None,
            message: message.into(),
            help: None,
        }
    }

    /// A problem at a byte range of a file whose text is `src`.
    pub fn at(
        path: impl Into<PathBuf>,
        src: &Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            src: Some(Arc::clone(src)),
            span: Some(span),
            message: message.into(),
            help: None,
        }
    }

    /// The same problem as a warning: reported, but the build goes on.
    #[must_use]
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds the hint that tells the author how to fix the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// One-based line and column of the start of the span, if there is one.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        match (&self.src, &self.span) {
            (Some(src), Some(span)) => Some(SourceMap::new(src).line_col(span.start)),
            _ => None,
        }
    }

    /// `path:line:col` (or just `path`), the location users paste into their editor.
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        match self.line_col() {
            Some((line, col)) => format!("{path}:{line}:{col}"),
            None => path,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// Renders like rustc: message, location arrow, the offending line with carets, help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{word}: {}", self.message)?;
        writeln!(f, "  --> {}", self.location())?;
        if let (Some(src), Some(span)) = (&self.src, &self.span) {
            let map = SourceMap::new(src);
            let (line, col) = map.line_col(span.start);
            let text = map.line_text(line);
            let gutter = line.to_string().len();
            let width = span_width(text, col, span.len());
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{line} | {text}")?;
            writeln!(f, "{:gutter$} | {}{}", "", " ".repeat(col - 1), "^".repeat(width))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Width of the caret run: the span's characters on its first line, at least one.
fn span_width(line_text: &str, col: usize, span_len: usize) -> usize {
    let rest: String = line_text.chars().skip(col - 1).collect();
    let mut bytes = 0;
    let mut chars = 0;
    for c in rest.chars() {
        if bytes >= span_len {
            break;
        }
        bytes += c.len_utf8();
        chars += 1;
    }
    chars.max(1)
}

/// Paths in messages always use `/`, whatever the platform.
fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// All the problems of one run, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Takes all problems of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True when nothing was found wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Whether any problem is an error (warnings alone let a build go on).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// `Ok(value)` without errors, else `Err(self)`: ends a stage that
    /// collects problems. Warnings alone are dropped here: a stage that
    /// finds warnings hands them on itself.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.has_errors() { Err(self) } else { Ok(value) }
    }

    /// Sorts and drops repeats: the problems of stages that looked at the
    /// same file (a narrative shown in two languages) are listed once.
    pub fn sort_unique(&mut self) {
        self.sort();
        self.0.dedup();
    }

    /// Sorts by file then position, so output is stable whatever order checks ran in.
    pub fn sort(&mut self) {
        fn key(d: &Diagnostic) -> (&Path, Option<(usize, usize)>, &str, Option<&str>) {
            (&d.path, d.span.as_ref().map(|s| (s.start, s.end)), &d.message, d.help.as_deref())
        }
        self.0.sort_by(|a, b| key(a).cmp(&key(b)));
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Self(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let errors = self.0.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = self.0.len() - errors;
        let problems = count(errors, "problem", "problems");
        let warned = count(warnings, "warning", "warnings");
        match (errors, warnings) {
            (0, _) => write!(f, "{warned}"),
            (_, 0) => write!(f, "{problems} found"),
            _ => write!(f, "{problems} found, {warned}"),
        }
    }
}

impl std::error::Error for Diagnostics {}

/// `1 problem`, `2 problems`: a number with its noun in the right form, so
/// no message says "1 problems" (`many` is given whole for irregular nouns).
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Converts byte offsets into one-based line and column numbers.
///
/// Columns count characters, not bytes, so an Indonesian name with a non-ASCII
/// letter still puts the caret under the right character.
#[derive(Debug)]
pub struct SourceMap<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    /// Indexes the line starts of `src`.
    pub fn new(src: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Self { src, line_starts }
    }

    /// One-based `(line, column)` of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.src, offset.min(self.src.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let col = self.src[start..offset].chars().count() + 1;
        (line, col)
    }

    /// The text of a one-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(self.src.len());
        let end = self.line_starts.get(line).copied().unwrap_or(self.src.len());
        self.src[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let map = SourceMap::new("a = 1\nnamé = \"x\"\n");
        assert_eq!(map.line_col(0), (1, 1));
        assert_eq!(map.line_col(6), (2, 1));
        // "namé" is 5 bytes; the '=' after it is the 6th character.
        assert_eq!(map.line_col(12), (2, 6));
        assert_eq!(map.line_text(2), "namé = \"x\"");
    }

    #[test]
    fn renders_location_line_and_caret() {
        let src: Arc<str> = Arc::from("year = 2025\nperda-kl = 38\n");
        let d = Diagnostic::at("content/regions/x/2025.toml", &src, 12..20, "unknown indicator")
            .with_help("did you mean `perda-kla`?");
        let text = d.to_string();
        assert!(text.contains("--> content/regions/x/2025.toml:2:1"), "{text}");
        assert!(text.contains("2 | perda-kl = 38"), "{text}");
        assert!(text.contains("  | ^^^^^^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean `perda-kla`?"), "{text}");
    }

    #[test]
    fn warnings_say_so_and_are_counted_apart() {
        let d = Diagnostic::file("content/regions/x/2031.toml", "a future year").warning();
        assert!(d.to_string().starts_with("warning: a future year\n"), "{d}");
        let one = Diagnostics(vec![Diagnostic::file("a", "x")]);
        assert!(one.to_string().ends_with("1 problem found"), "{one}");
        let mixed = Diagnostics(vec![Diagnostic::file("a", "x"), d.clone(), d.clone()]);
        assert!(mixed.to_string().ends_with("1 problem found, 2 warnings"), "{mixed}");
        assert!(Diagnostics(vec![d]).to_string().ends_with("1 warning"));
    }

    #[test]
    fn counts_say_one_thing_and_many_things() {
        assert_eq!(count(1, "problem", "problems"), "1 problem");
        assert_eq!(count(0, "file", "files"), "0 files");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
    }

    #[test]
    fn sort_unique_lists_a_problem_found_twice_once() {
        let d = Diagnostic::file("b.md", "broken link");
        let mut all = Diagnostics(vec![d.clone(), Diagnostic::file("a.md", "x"), d]);
        all.sort_unique();
        let shown: Vec<String> = all.iter().map(Diagnostic::location).collect();
        assert_eq!(shown, ["a.md", "b.md"]);
    }

    #[test]
    fn sorts_by_file_then_position() {
        let src: Arc<str> = Arc::from("aaaa\nbbbb\n");
        let mut all = Diagnostics(vec![
            Diagnostic::at("b.toml", &src, 0..1, "x"),
            Diagnostic::at("a.toml", &src, 5..6, "y"),
            Diagnostic::at("a.toml", &src, 0..1, "z"),
        ]);
        all.sort();
        let order: Vec<String> = all.iter().map(Diagnostic::location).collect();
        assert_eq!(order, ["a.toml:1:1", "a.toml:2:1", "b.toml:1:1"]);
    }
}
