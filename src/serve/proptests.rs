//! The property serve stands on: after any sequence of edits, the site a
//! [`Rebuilder`] holds is byte for byte the site a fresh full build makes.
//!
//! Each case copies the `basic` fixture site into a temporary folder, applies
//! a random sequence of edits (points, official results, narratives, renames,
//! province moves, a year's file removed and restored, template edits), lets
//! the rebuilder follow each one, and compares every file with a full build.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::rebuild::Rebuilder;
use crate::render::Files;

const BASE_URL: &str = "http://127.0.0.1:1111/";

/// The regions of the fixture whose 2021 evaluation has a `layanan` line.
const SCORED: [&str; 3] = ["kota-alpha", "kabupaten-beta", "kota-epsilon"];

/// The regions whose 2021 official result is written as `official` and
/// `source` lines (Kota Delta has no 2021 file until an edit writes one).
const LEGACY: [&str; 4] = ["kota-alpha", "kabupaten-beta", "kota-gamma", "kota-delta"];

/// Every region of the fixture.
const REGIONS: [&str; 5] =
    ["kota-alpha", "kabupaten-beta", "kota-gamma", "kota-delta", "kota-epsilon"];

/// One edit a publisher might save.
#[derive(Debug, Clone)]
enum Edit {
    /// A region's 2021 `layanan` points.
    Points { region: usize, points: u8 },
    /// A region's 2021 official result set (with its source) or removed.
    Official { region: usize, predikat: Option<&'static str> },
    /// Kota Alpha's narrative says something else.
    Narrative { word: &'static str },
    /// A region gets another name.
    Rename { region: usize, suffix: u8 },
    /// A region moves to the other province.
    Province { region: usize, second: bool },
    /// Kota Alpha's 2019 evaluation is removed, or put back.
    Year2019 { present: bool },
    /// The site overrides `page.html` with a marked copy, or drops the override.
    Template { marker: Option<u8> },
}

fn edit() -> impl Strategy<Value = Edit> {
    let predikat = prop_oneof![
        Just(None),
        Just(Some("pratama")),
        Just(Some("madya")),
        Just(Some("nindya")),
        Just(Some("utama")),
    ];
    prop_oneof![
        4 => (0..SCORED.len(), 0..=30_u8).prop_map(|(region, points)| Edit::Points { region, points }),
        2 => (0..LEGACY.len(), predikat).prop_map(|(region, predikat)| Edit::Official { region, predikat }),
        1 => prop_oneof![Just("melesat"), Just("naik peringkat"), Just("bertahan")]
            .prop_map(|word| Edit::Narrative { word }),
        1 => (0..REGIONS.len(), 0..3_u8).prop_map(|(region, suffix)| Edit::Rename { region, suffix }),
        1 => (0..REGIONS.len(), any::<bool>()).prop_map(|(region, second)| Edit::Province { region, second }),
        1 => any::<bool>().prop_map(|present| Edit::Year2019 { present }),
        1 => proptest::option::of(0..3_u8).prop_map(|marker| Edit::Template { marker }),
    ]
}

/// A copy of the `basic` fixture site in a temporary folder.
struct Site {
    dir: tempfile::TempDir,
    year_2019: String,
}

impl Site {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/basic");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.expect("a readable fixture");
            let to = dir.path().join(entry.path().strip_prefix(&fixture).expect("inside"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("a folder");
            } else {
                std::fs::copy(entry.path(), &to).expect("a copy");
            }
        }
        let year_2019 = std::fs::read_to_string(dir.path().join(Self::ALPHA_2019)).expect("2019");
        Site { dir, year_2019 }
    }

    const ALPHA_2019: &'static str = "content/regions/kota-alpha/2019.toml";

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap_or_default()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, text).expect("a write");
    }

    /// `rel` with its lines starting with `key` replaced by `line` (added when none is).
    fn set_line(&self, rel: &str, key: &str, line: Option<&str>) {
        let text = self.read(rel);
        let mut lines: Vec<String> = Vec::new();
        let mut placed = false;
        for l in text.lines() {
            if l.starts_with(key) {
                if let Some(line) = line.filter(|_| !placed) {
                    lines.push(line.to_string());
                }
                placed = true;
            } else {
                lines.push(l.to_string());
            }
        }
        if let (Some(line), false) = (line, placed) {
            // Top-level keys go before the first table.
            let at = lines.iter().position(|l| l.starts_with('[')).unwrap_or(lines.len());
            lines.insert(at, line.to_string());
        }
        self.write(rel, &(lines.join("\n") + "\n"));
    }

    /// Applies `edit`; returns the files it changed (relative to the root).
    fn apply(&self, edit: &Edit) -> Vec<String> {
        match *edit {
            Edit::Points { region, points } => {
                let rel = format!("content/regions/{}/2021.toml", SCORED[region]);
                let text = self.read(&rel);
                let edited: Vec<String> = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("layanan") {
                            format!("layanan = {points}")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect();
                self.write(&rel, &(edited.join("\n") + "\n"));
                vec![rel]
            }
            Edit::Official { region, predikat } => {
                let rel = format!("content/regions/{}/2021.toml", LEGACY[region]);
                if !self.root().join(&rel).exists() {
                    self.write(&rel, "year = 2021\n");
                }
                let official = predikat.map(|p| format!("official = \"{p}\""));
                let source = predikat.map(|_| {
                    "source = \"Berita Uji: https://kla.example.org/berita-uji\"".to_string()
                });
                self.set_line(&rel, "official", official.as_deref());
                self.set_line(&rel, "source", source.as_deref());
                vec![rel]
            }
            Edit::Narrative { word } => {
                let rel = "content/regions/kota-alpha/index.md";
                let text = self.read(rel);
                let edited = ["melesat", "naik peringkat", "bertahan"]
                    .iter()
                    .fold(text, |t, w| t.replace(&format!("Kota Alpha {w}"), "Kota Alpha @"))
                    .replace("Kota Alpha @", &format!("Kota Alpha {word}"));
                self.write(rel, &edited);
                vec![rel.to_string()]
            }
            Edit::Rename { region, suffix } => {
                let rel = format!("content/regions/{}/region.toml", REGIONS[region]);
                let base = REGIONS[region].replace('-', " ");
                let name = format!("name = \"{base} {suffix}\"");
                self.set_line(&rel, "name", Some(&name));
                vec![rel]
            }
            Edit::Province { region, second } => {
                let rel = format!("content/regions/{}/region.toml", REGIONS[region]);
                let (province, code) = if second {
                    ("Provinsi Dua", format!("02.{}", 80 + region))
                } else {
                    ("Provinsi Satu", format!("01.{}", 80 + region))
                };
                self.set_line(&rel, "province", Some(&format!("province = \"{province}\"")));
                self.set_line(&rel, "code", Some(&format!("code = \"{code}\"")));
                vec![rel]
            }
            Edit::Year2019 { present } => {
                let path = self.root().join(Self::ALPHA_2019);
                if present {
                    self.write(Self::ALPHA_2019, &self.year_2019);
                } else if path.exists() {
                    std::fs::remove_file(path).expect("a removal");
                }
                vec![Self::ALPHA_2019.to_string()]
            }
            Edit::Template { marker } => {
                let rel = "templates/page.html";
                match marker {
                    Some(m) => {
                        let builtin = include_str!("../../themes/default/templates/page.html");
                        let marked =
                            builtin.replace("</article>", &format!("<!-- edit {m} --></article>"));
                        self.write(rel, &marked);
                    }
                    None => {
                        let _ = std::fs::remove_file(self.root().join(rel));
                    }
                }
                vec![rel.to_string()]
            }
        }
    }
}

/// The first file whose bytes differ between two builds, or that only one has.
fn first_difference(incremental: &Files, full: &Files) -> Option<String> {
    let paths = incremental.keys().chain(full.keys());
    paths.into_iter().find(|p| incremental.get(*p) != full.get(*p)).cloned()
}

/// Follows `edits` with one rebuilder, then compares what it holds with a
/// full build of the edited site. Only the end is compared: a rebuild that
/// went wrong at an earlier step is the end of a shorter sequence, which
/// proptest tries as well (and shrinks a failure to), and a full build per
/// step would cost more than the rebuilds under test.
fn follow(edits: &[Edit]) -> Result<(), TestCaseError> {
    let site = Site::new();
    let mut rebuilder = Rebuilder::new(site.root(), BASE_URL);
    rebuilder.full().map_err(|e| TestCaseError::fail(format!("first build: {e:?}")))?;
    let mut last = None;
    for (step, edit) in edits.iter().enumerate() {
        let changed: Vec<PathBuf> = site.apply(edit).into_iter().map(PathBuf::from).collect();
        let rebuilt = rebuilder
            .apply(&changed)
            .map_err(|e| TestCaseError::fail(format!("step {step} {edit:?}: {e:?}")))?;
        last = Some(rebuilt);
    }
    let Some(rebuilt) = last else { return Ok(()) };
    let full = Rebuilder::new(site.root(), BASE_URL)
        .full()
        .map_err(|e| TestCaseError::fail(format!("full build: {e:?}")))?;
    if let Some(path) = first_difference(&rebuilt.files, &full.files) {
        return Err(TestCaseError::fail(format!(
            "{path} differs from a full build after {edits:?}"
        )));
    }
    Ok(())
}

/// 256 sequences by default (about 770 edits, the site of each sequence's
/// end checked against a full build); `PROPTEST_CASES` asks for another number.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(cases) }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_sequence_of_edits_rebuilds_to_the_bytes_of_a_full_build(
        edits in proptest::collection::vec(edit(), 1..6)
    ) {
        follow(&edits)?;
    }
}
