//! End to end over a generated site: `kla generate` writes sources that build,
//! and two builds of them into separate folders are byte-identical.

use std::fs;
use std::path::{Path, PathBuf};

use kla::build::{BuildOptions, build};
use kla::generate::{Dataset, GenerateOptions, generate};

fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).unwrap().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn a_generated_site_builds_identically_into_two_fresh_folders() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let opts = GenerateOptions {
        dataset: Dataset::Village { limit: Some(150) },
        out: site.clone(),
        data_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("data/wilayah"),
        seed: 42,
    };
    assert_eq!(generate(&opts).unwrap(), 150);
    let build_into = |name: &str| {
        let output = dir.path().join(name);
        let report =
            build(&BuildOptions { root: site.clone(), output: output.clone(), base_url: None })
                .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(report.regions, 150);
        snapshot(&output)
    };
    let (first, second) = (build_into("one"), build_into("two"));
    assert!(first.len() > 300, "pages, open data and manifest: {} files", first.len());
    assert!(first.iter().any(|(p, _)| p == Path::new("manifest.json")));
    assert_eq!(first, second);
}
