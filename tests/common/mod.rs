//! Helpers shared by the end-to-end tests: copy a fixture site into a temp
//! folder, edit it, build it, read the output back.

use std::fs;
use std::path::{Path, PathBuf};

use kla::build::{BuildError, BuildOptions, BuildReport, build};

/// A fixture site copied into a fresh temporary folder.
pub(crate) struct TempSite {
    /// Keeps the folder alive for the test's duration.
    pub(crate) dir: tempfile::TempDir,
}

impl TempSite {
    /// Copies `tests/fixtures/sites/<name>` into a temp folder.
    pub(crate) fn copy(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites").join(name);
        copy_tree(&src, dir.path());
        TempSite { dir }
    }

    /// The site root.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder.
    pub(crate) fn output(&self) -> PathBuf {
        self.root().join("output")
    }

    /// Writes (or overwrites) a source file.
    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Reads a source file.
    pub(crate) fn read_source(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Builds into `output/`.
    pub(crate) fn build(&self) -> Result<BuildReport, BuildError> {
        build(&BuildOptions {
            root: self.root().to_path_buf(),
            output: self.output(),
            base_url: None,
            force: false,
        })
    }

    /// Reads an output file as text.
    pub(crate) fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.output().join(rel))
            .unwrap_or_else(|e| panic!("cannot read output {rel}: {e}"))
    }

    /// Every output file with its bytes, sorted by path.
    pub(crate) fn snapshot_output(&self) -> Vec<(String, Vec<u8>)> {
        let mut all = Vec::new();
        for entry in walkdir::WalkDir::new(self.output()).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(self.output()).unwrap();
                all.push((rel.to_string_lossy().into_owned(), fs::read(entry.path()).unwrap()));
            }
        }
        all
    }
}

impl TempSite {
    /// Writes `content/batas/` for the basic fixture's regions whose code is
    /// in `codes`: a square of test geometry each, and a licence beside them.
    pub(crate) fn write_boundaries(&self, codes: &[&str]) {
        let places = [
            ("01.01", 100.0, 0.0),
            ("01.71", 101.0, 0.0),
            ("02.71", 110.0, -5.0),
            ("02.72", 111.0, -5.0),
            ("02.73", 112.0, -5.0),
        ];
        let features: Vec<String> = places
            .iter()
            .filter(|(code, ..)| codes.contains(code))
            .map(|(code, lon, lat)| {
                let (e, n) = (lon + 0.9, lat + 0.9);
                format!(
                    r#"{{"type":"Feature","properties":{{"code":"{code}","name":"{code}"}},"geometry":{{"type":"MultiPolygon","coordinates":[[[[{lon},{lat}],[{e},{lat}],[{e},{n}],[{lon},{n}],[{lon},{lat}]]]]}}}}"#
                )
            })
            .collect();
        let text =
            format!("{{\"type\":\"FeatureCollection\",\"features\":[{}]}}", features.join(","));
        self.write("content/batas/kabupaten_kota.geojson", &text);
        self.write("content/batas/LICENSE-boundaries.txt", "MIT (test data)\n");
    }

    /// Every file of the site folder (sources and output) with its bytes, sorted by path.
    pub(crate) fn snapshot_tree(&self) -> Vec<(String, Vec<u8>)> {
        let mut all = Vec::new();
        for entry in walkdir::WalkDir::new(self.root()).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(self.root()).unwrap();
                all.push((rel.to_string_lossy().into_owned(), fs::read(entry.path()).unwrap()));
            }
        }
        all
    }
}

/// Copies a folder tree.
pub(crate) fn copy_tree(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The diagnostics of a failed build, rendered; panics when the build succeeded.
pub(crate) fn expect_invalid(result: Result<BuildReport, BuildError>) -> kla::diag::Diagnostics {
    match result {
        Err(BuildError::Invalid(d)) => d,
        Err(BuildError::Failed(e)) => panic!("expected data problems, got an I/O failure: {e:#}"),
        Ok(_) => panic!("expected the build to fail"),
    }
}
