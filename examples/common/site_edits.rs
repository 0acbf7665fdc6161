//! The edits of the latency benchmarks (`serve_latency`, `publish_latency`):
//! copy a site, pick one region's evaluation, change one number in it.

use std::path::{Path, PathBuf};

/// Copies what kla reads: site.toml, content/, templates/, themes/.
pub(crate) fn copy_site(from: &Path, to: &Path) {
    std::fs::copy(from.join("site.toml"), to.join("site.toml")).expect("SITE has a site.toml");
    for tree in ["content", "templates", "themes"] {
        let src = from.join(tree);
        for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
            let target = to.join(tree).join(entry.path().strip_prefix(&src).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}

/// The first `<year>.toml` with a number to change, else the first one at all.
pub(crate) fn pick_evaluation(root: &Path) -> (PathBuf, String) {
    let mut first = None;
    for entry in walkdir::WalkDir::new(root.join("content/regions")).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if !(name.len() == 9 && name.ends_with(".toml") && name.as_bytes()[0].is_ascii_digit()) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if number_line(&text).is_some() {
            return (entry.path().to_path_buf(), text);
        }
        first.get_or_insert((entry.path().to_path_buf(), text));
    }
    first.expect("SITE has at least one content/regions/<slug>/<year>.toml")
}

/// The index of the first `id = <number>` line under `[points]` or `[values]`.
fn number_line(text: &str) -> Option<usize> {
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            in_table = line == "[points]" || line == "[values]";
        } else if in_table {
            let value = line.split_once('=').map(|(_, v)| v.trim());
            if value.is_some_and(|v| v.parse::<f64>().is_ok()) {
                return Some(i);
            }
        }
    }
    None
}

/// Edit `i`: the number lowered by one on odd edits (back on even ones), or a new source.
pub(crate) fn edit(original: &str, i: usize) -> String {
    let lines: Vec<String> = original.lines().map(String::from).collect();
    let mut out = lines.clone();
    match number_line(original) {
        Some(at) => {
            let (key, value) = lines[at].split_once('=').unwrap();
            let number: f64 = value.trim().parse().unwrap();
            let changed = if i % 2 == 0 { number - 1.0 } else { number };
            out[at] = format!("{key}= {changed}");
        }
        None => {
            out.retain(|l| !l.trim_start().starts_with("source"));
            let year_at = out.iter().position(|l| l.starts_with("year")).unwrap_or(0);
            out.insert(year_at + 1, format!("source = \"latency benchmark edit {i}\""));
        }
    }
    out.join("\n") + "\n"
}
