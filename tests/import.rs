//! `kla import` end to end: real .xlsx, .ods and .csv files written in the
//! test, imported into a copy of the basic fixture site, read back and built.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use common::TempSite;
use kla::import::{ImportError, ImportOptions, ImportReport, Outcome, import};

/// A sheet as rows of cells; `N` is a number cell, `T` a text cell.
#[derive(Clone, Copy)]
enum C<'a> {
    N(f64),
    T(&'a str),
    Empty,
}
use C::{Empty, N, T};

fn write_xlsx(path: &Path, sheet: &str, rows: &[Vec<C<'_>>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                N(x) => drop(ws.write_number(r, c, *x).unwrap()),
                T(s) => drop(ws.write_string(r, c, *s).unwrap()),
                Empty => {}
            }
        }
    }
    book.save(path).unwrap();
}

fn write_ods(path: &Path, sheet: &str, rows: &[Vec<C<'_>>]) {
    let mut book = spreadsheet_ods::WorkBook::new_empty();
    let mut ws = spreadsheet_ods::Sheet::new(sheet);
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                N(x) => ws.set_value(r as u32, c as u32, *x),
                T(s) => ws.set_value(r as u32, c as u32, *s),
                Empty => {}
            }
        }
    }
    book.push_sheet(ws);
    spreadsheet_ods::write_ods(&mut book, path).unwrap();
}

fn options(site: &TempSite, file: PathBuf, year: u16) -> ImportOptions {
    ImportOptions { file, year, site: site.root().to_path_buf(), dry_run: false, sheet: None }
}

fn run(site: &TempSite, file: PathBuf, year: u16) -> ImportReport {
    import(&options(site, file, year)).unwrap_or_else(|e| panic!("{e}"))
}

fn outcomes(report: &ImportReport) -> Vec<(String, Outcome)> {
    report.files.iter().map(|(p, _, o)| (p.to_string_lossy().replace('\\', "/"), *o)).collect()
}

/// Every file under the site's content/ with its bytes and modification time.
fn content_tree(site: &TempSite) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(site.root().join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            (e.path().to_path_buf(), (std::fs::read(e.path()).unwrap(), meta.modified().unwrap()))
        })
        .collect()
}

fn good_sheet() -> Vec<Vec<C<'static>>> {
    vec![
        vec![
            T("code"),
            T("name"),
            T("perda"),
            T("gugus-tugas"),
            T("value:persalinan-faskes"),
            T("value:stunting"),
            T("layanan"),
            T("official"),
            T("source"),
        ],
        // Matched by code; no 2021 file yet.
        vec![
            T("02.72"),
            T("Kota Delta"),
            N(15.5),
            N(10.0),
            N(90.0),
            N(25.0),
            N(20.0),
            T("madya"),
            T("Dinas PPPA"),
        ],
        // Matched by name only; an existing file with a comment and an inline value.
        vec![Empty, T("KOTA  alpha"), N(20.0), N(10.0), N(97.5), N(20.0), N(28.0), Empty, Empty],
        // An official-only evaluation gets points; its official and source stay.
        vec![T("02.71"), Empty, N(12.0), N(5.0), Empty, Empty, N(30.0), Empty, Empty],
    ]
}

#[test]
fn an_xlsx_sheet_creates_and_updates_evaluations_keeps_comments_and_the_site_builds() {
    let site = TempSite::copy("basic");
    let alpha_path = "content/regions/kota-alpha/2021.toml";
    let commented =
        site.read_source(alpha_path).replace("layanan = 25", "# dari laporan dinas\nlayanan = 25");
    site.write(alpha_path, &commented);
    let file = site.root().join("nilai.xlsx");
    write_xlsx(&file, "Nilai 2021", &good_sheet());
    let report = run(&site, file, 2021);
    assert_eq!(
        outcomes(&report),
        [
            ("content/regions/kota-alpha/2021.toml".into(), Outcome::Updated),
            ("content/regions/kota-delta/2021.toml".into(), Outcome::Created),
            ("content/regions/kota-gamma/2021.toml".into(), Outcome::Updated),
        ]
    );
    assert_eq!(
        site.read_source("content/regions/kota-delta/2021.toml"),
        "year = 2021\nofficial = \"madya\"\nsource = \"Dinas PPPA\"\n\n[points]\nperda = 15.5\n\
         gugus-tugas = 10\nlayanan = 20\n\n[values]\npersalinan-faskes = 90\nstunting = 25\n"
    );
    let alpha = site.read_source("content/regions/kota-alpha/2021.toml");
    assert!(alpha.starts_with("# Evaluasi 2021: angka ilustratif.\nyear = 2021\n"), "{alpha}");
    assert!(
        alpha.contains(
            "[points]\nperda = 20\ngugus-tugas = 10\n# dari laporan dinas\nlayanan = 28\n"
        ),
        "{alpha}"
    );
    assert!(
        alpha.contains("[values]\npersalinan-faskes = 97.5\nstunting = 20\n"),
        "a new value does not keep the old value's year and source: {alpha}"
    );
    let gamma = site.read_source("content/regions/kota-gamma/2021.toml");
    assert!(gamma.starts_with("year = 2021\nofficial = \"pratama\"\nsource = \"Berita Tiga\"\n"));
    assert!(gamma.contains("[points]\nperda = 12\ngugus-tugas = 5\nlayanan = 30\n"), "{gamma}");
    site.build().unwrap_or_else(|e| panic!("the imported site builds: {e:?}"));
    let scores = site.read("data/scores.csv");
    assert!(scores.contains("kota-delta"), "{scores}");
}

#[test]
fn a_second_import_of_the_same_sheet_rewrites_nothing_and_says_unchanged() {
    let site = TempSite::copy("basic");
    let file = site.root().join("nilai.xlsx");
    write_xlsx(&file, "Nilai", &good_sheet());
    run(&site, file.clone(), 2021);
    let before = content_tree(&site);
    let again = run(&site, file, 2021);
    assert!(again.files.iter().all(|(_, _, o)| *o == Outcome::Unchanged), "{again}");
    assert!(
        again.to_string().ends_with("0 created, 0 updated, 3 unchanged, 0 unmatched"),
        "{again}"
    );
    assert_eq!(content_tree(&site), before, "bytes and modification times are the same");
}

#[test]
fn a_csv_creates_files_matching_kab_abbreviations_by_name() {
    let site = TempSite::copy("basic");
    let file = site.root().join("nilai.csv");
    std::fs::write(
        &file,
        "nama,perda,layanan,official\nKab. Beta,20,30,nindya\n\"Kota Epsilon\",\"7.25\",,\n",
    )
    .unwrap();
    let report = run(&site, file, 2023);
    assert_eq!(report.count(Outcome::Created), 2, "{report}");
    assert_eq!(
        site.read_source("content/regions/kabupaten-beta/2023.toml"),
        "year = 2023\nofficial = \"nindya\"\n\n[points]\nperda = 20\nlayanan = 30\n"
    );
    assert_eq!(
        site.read_source("content/regions/kota-epsilon/2023.toml"),
        "year = 2023\n\n[points]\nperda = 7.25\n"
    );
    site.build().unwrap_or_else(|e| panic!("{e:?}"));
}

#[test]
fn an_ods_sheet_is_read_like_an_xlsx() {
    let site = TempSite::copy("basic");
    let file = site.root().join("nilai.ods");
    let rows =
        vec![vec![T("kode"), T("perda"), T("value:stunting")], vec![T("01.71"), N(18.0), N(12.5)]];
    write_ods(&file, "Lembar1", &rows);
    let report = run(&site, file, 2023);
    assert_eq!(report.sheet, "Lembar1");
    assert_eq!(
        site.read_source("content/regions/kota-alpha/2023.toml"),
        "year = 2023\n\n[points]\nperda = 18\n\n[values]\nstunting = 12.5\n"
    );
    site.build().unwrap_or_else(|e| panic!("{e:?}"));
}

fn expect_sheet_problems(result: Result<ImportReport, ImportError>) -> String {
    match result {
        Err(e @ ImportError::Sheet(_)) => e.to_string(),
        Err(other) => panic!("expected sheet problems, got {other}"),
        Ok(report) => panic!("expected the import to fail, got {report}"),
    }
}

#[test]
fn bad_cells_and_unmatched_rows_are_all_reported_and_nothing_is_written() {
    let site = TempSite::copy("basic");
    let before = content_tree(&site);
    let file = site.root().join("buruk.xlsx");
    let rows = vec![
        vec![T("code"), T("perda"), T("layanan")],
        vec![T("01.71"), T("tinggi"), N(30.0)],
        vec![T("02.72"), N(10.0), N(31.0)],
        vec![T("09.99"), N(10.0), N(10.0)],
        vec![T("02.73"), N(10.125), N(10.0), N(3.0)],
    ];
    write_xlsx(&file, "Nilai", &rows);
    let text = expect_sheet_problems(import(&options(&site, file, 2021)));
    for expected in [
        "expected a number, found the text `tinggi`\n  --> sheet \"Nilai\", row 2, column B (perda)",
        "31 points is outside 0..=30 for `layanan`\n  --> sheet \"Nilai\", row 3, column C (layanan)",
        "unmatched row: no region has the code `09.99`\n  --> sheet \"Nilai\", row 4, column A (code)",
        "10.125 has more than two decimals\n  --> sheet \"Nilai\", row 5, column B (perda)",
        "a value in a column without a header\n  --> sheet \"Nilai\", row 5, column D\n",
        "5 problems in the sheet; nothing was written",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert_eq!(content_tree(&site), before, "every file is untouched");
}

#[test]
fn an_unknown_column_is_reported_on_the_header_row_with_a_suggestion() {
    let site = TempSite::copy("basic");
    let before = content_tree(&site);
    let file = site.root().join("buruk.xlsx");
    let rows =
        vec![vec![T("code"), T("perda-kl"), T("value:layanan")], vec![T("01.71"), N(1.0), N(2.0)]];
    write_xlsx(&file, "Nilai", &rows);
    let text = expect_sheet_problems(import(&options(&site, file, 2021)));
    assert!(text.contains("unknown column `perda-kl`"), "{text}");
    assert!(text.contains("sheet \"Nilai\", row 1, column B (perda-kl)"), "{text}");
    assert!(text.contains("did you mean `perda`?"), "{text}");
    assert!(text.contains("`layanan` has no scale"), "{text}");
    assert_eq!(content_tree(&site), before);
}

#[test]
fn dry_run_prints_a_unified_diff_and_writes_nothing() {
    let site = TempSite::copy("basic");
    let before = content_tree(&site);
    let file = site.root().join("nilai.csv");
    std::fs::write(&file, "code,layanan\n01.71,29\n02.72,10\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kla"))
        .args(["import", "nilai.csv", "--year", "2021", "--dry-run"])
        .current_dir(site.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("--- a/content/regions/kota-alpha/2021.toml\n+++ b/content/regions/kota-alpha/2021.toml\n"), "{stdout}");
    assert!(stdout.contains("-layanan = 25\n+layanan = 29\n"), "{stdout}");
    assert!(
        stdout.contains("--- /dev/null\n+++ b/content/regions/kota-delta/2021.toml\n"),
        "{stdout}"
    );
    assert!(stdout.contains("1 would be created, 1 would be updated"), "{stdout}");
    assert!(out.stderr.is_empty(), "no progress bar when stderr is not a terminal");
    assert_eq!(content_tree(&site), before);
}

#[test]
fn the_command_exits_one_on_a_bad_sheet_and_names_the_cell() {
    let site = TempSite::copy("basic");
    std::fs::write(site.root().join("nilai.csv"), "code,perda\n01.71,banyak\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kla"))
        .args(["import", "nilai.csv", "--year", "2021"])
        .current_dir(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sheet \"nilai.csv\", row 2, column B (perda)"), "{stderr}");
}

#[test]
fn sheet_picks_a_named_sheet_and_an_unknown_name_lists_the_sheets() {
    let site = TempSite::copy("basic");
    let file = site.root().join("dua.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let first = book.add_worksheet();
    first.set_name("Catatan").unwrap();
    first.write_string(0, 0, "bukan data").unwrap();
    let second = book.add_worksheet();
    second.set_name("Nilai").unwrap();
    second.write_string(0, 0, "code").unwrap();
    second.write_string(0, 1, "perda").unwrap();
    second.write_string(1, 0, "02.73").unwrap();
    second.write_number(1, 1, 11).unwrap();
    book.save(&file).unwrap();

    let mut opts = options(&site, file, 2021);
    opts.sheet = Some("Nilai".into());
    let report = import(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.count(Outcome::Updated), 1);
    assert!(site.read_source("content/regions/kota-epsilon/2021.toml").contains("perda = 11\n"));

    opts.sheet = Some("Nilia".into());
    let err = import(&opts).unwrap_err().to_string();
    assert!(err.contains("no sheet named \"Nilia\"; the sheets are: Catatan, Nilai"), "{err}");
}
