//! `kla import` end to end: real .xlsx, .ods and .csv files written in the
//! test, imported into a copy of the basic fixture site, read back and built.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use crate::common::TempSite;
use kla::import::{ImportError, ImportOptions, ImportReport, Outcome, import};

/// A sheet as rows of cells; `N` is a number cell, `T` a text cell, `F` a
/// number cell with a number format (`F(0.85, "0%")` shows 85 %).
#[derive(Clone, Copy)]
enum C<'a> {
    N(f64),
    T(&'a str),
    F(f64, &'a str),
    Empty,
}
use C::{Empty, F, N, T};

fn write_xlsx(path: &Path, sheet: &str, rows: &[Vec<C<'_>>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    fill_sheet(book.add_worksheet(), sheet, rows);
    book.save(path).unwrap();
}

fn fill_sheet(ws: &mut rust_xlsxwriter::Worksheet, sheet: &str, rows: &[Vec<C<'_>>]) {
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                N(x) => drop(ws.write_number(r, c, *x).unwrap()),
                T(s) => drop(ws.write_string(r, c, *s).unwrap()),
                F(x, format) => {
                    let format = rust_xlsxwriter::Format::new().set_num_format(*format);
                    ws.write_number_with_format(r, c, *x, &format).unwrap();
                }
                Empty => {}
            }
        }
    }
}

fn write_ods(path: &Path, sheet: &str, rows: &[Vec<C<'_>>]) {
    let mut book = spreadsheet_ods::WorkBook::new_empty();
    let mut ws = spreadsheet_ods::Sheet::new(sheet);
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                N(x) | F(x, _) => ws.set_value(r as u32, c as u32, *x),
                T(s) => ws.set_value(r as u32, c as u32, *s),
                Empty => {}
            }
        }
    }
    book.push_sheet(ws);
    spreadsheet_ods::write_ods(&mut book, path).unwrap();
}

fn options(site: &TempSite, file: PathBuf, year: u16) -> ImportOptions {
    ImportOptions {
        file,
        year,
        site: site.root().to_path_buf(),
        dry_run: false,
        sheet: None,
        header_row: None,
        ignore_columns: Vec::new(),
    }
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
    assert!(
        gamma.starts_with(
            "year = 2021\nofficial = \"pratama\"\nsource = \"Berita Tiga: https://kla.example.org/berita-tiga\"\n"
        ),
        "{gamma}"
    );
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
        "nama,perda,layanan,official,url\nKab. Beta,20,30,nindya,https://kla.example.org/beta\n\"Kota Epsilon\",\"7.25\",,,\n",
    )
    .unwrap();
    let report = run(&site, file, 2023);
    assert_eq!(report.count(Outcome::Created), 2, "{report}");
    assert_eq!(
        site.read_source("content/regions/kabupaten-beta/2023.toml"),
        "year = 2023\nofficial = \"nindya\"\n\n[[sources]]\nurl = \"https://kla.example.org/beta\"\n\n[points]\nperda = 20\nlayanan = 30\n"
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
        Err(e @ ImportError::Sheet { .. }) => e.to_string(),
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
        "`tinggi` is not a number\n  --> sheet \"Nilai\", row 2, column B (perda)",
        "31 points is outside 0..=30 for `layanan`\n  --> sheet \"Nilai\", row 3, column C (layanan)",
        "unmatched row: no region has the code `09.99`\n  --> sheet \"Nilai\", row 4, column A (code)",
        "a value in a column without a header\n  --> sheet \"Nilai\", row 5, column D\n",
        "note: the header is row 1 of sheet \"Nilai\"; `--header-row N` chooses another\n",
        "4 problems in the sheet; nothing was written",
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

/// Runs `kla import` in the site with `args`: exit code, stdout, stderr.
fn kla_import(site: &TempSite, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kla"))
        .arg("import")
        .args(args)
        .current_dir(site.root())
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn percent_formatted_cells_on_a_percent_scale_import_as_shown_and_the_summary_says_so() {
    let site = TempSite::copy("basic");
    let file = site.root().join("persen.xlsx");
    let rows = vec![
        vec![T("code"), T("value:persalinan-faskes"), T("value:stunting")],
        vec![T("02.72"), F(0.85, "0%"), F(0.125, "0.0%")],
        vec![T("02.73"), N(90.0), F(0.2, "0.00%")],
    ];
    write_xlsx(&file, "Nilai", &rows);
    let report = run(&site, file, 2021);
    assert!(
        site.read_source("content/regions/kota-delta/2021.toml")
            .ends_with("[values]\npersalinan-faskes = 85\nstunting = 12.5\n"),
        "{}",
        site.read_source("content/regions/kota-delta/2021.toml")
    );
    assert!(site.read_source("content/regions/kota-epsilon/2021.toml").contains("stunting = 20\n"));
    let text = report.to_string();
    assert!(
        text.contains(
            "note: 3 cells formatted as a percentage were read as shown, in % (first: row 2, \
             column B (value:persalinan-faskes): 0.85 shown as 85 % -> 85)"
        ),
        "{text}"
    );
}

#[test]
fn a_percentage_that_cannot_be_told_or_is_not_wanted_is_refused() {
    let site = TempSite::copy("basic");
    let before = content_tree(&site);
    // An .ods: kla cannot read its formats, so 0.85 on a % scale may be 85 %.
    let ods = site.root().join("persen.ods");
    write_ods(&ods, "Nilai", &[vec![T("code"), T("value:stunting")], vec![T("02.72"), N(0.85)]]);
    let text = expect_sheet_problems(import(&options(&site, ods, 2021)));
    assert!(text.contains("0.85 may be 0.85 % or a cell formatted as a percentage showing 85 %"));
    assert!(text.contains("--> sheet \"Nilai\", row 2, column B (value:stunting)"), "{text}");
    // A percentage cell under points.
    let xlsx = site.root().join("persen.xlsx");
    write_xlsx(&xlsx, "Nilai", &[vec![T("code"), T("perda")], vec![T("02.72"), F(0.85, "0%")]]);
    let text = expect_sheet_problems(import(&options(&site, xlsx, 2021)));
    assert!(text.contains("the cell is formatted as a percentage (it shows 85 %)"), "{text}");
    assert!(text.contains("1 problem in the sheet; nothing was written"), "{text}");
    assert_eq!(content_tree(&site), before);
}

#[test]
fn a_code_typed_as_a_number_that_lost_its_zero_matches_no_region() {
    let site = TempSite::copy("basic");
    site.write(
        "content/regions/kota-sigma/region.toml",
        "name = \"Kota Sigma\"\nkind = \"kota\"\nprovince = \"Provinsi Dua\"\ncode = \"99.10\"\n",
    );
    let before = content_tree(&site);
    let file = site.root().join("kode.xlsx");
    let rows = vec![
        vec![T("code"), T("perda")],
        vec![N(99.1), N(10.0)],
        vec![T("2.7"), N(10.0)],
        vec![N(2.72), N(10.0)],
    ];
    write_xlsx(&file, "Nilai", &rows);
    let text = expect_sheet_problems(import(&options(&site, file, 2021)));
    assert!(
        text.contains(
            "the code is the number 99.1, which may have lost zeros (a code has the shape `NN.NN`, \
             e.g. `64.71`)\n  --> sheet \"Nilai\", row 2, column A (code)\n  = help: format the \
             code column as text"
        ),
        "{text}"
    );
    assert!(text.contains("`2.7` is not a Kemendagri code"), "{text}");
    assert!(text.contains("2 problems in the sheet"), "{text}");
    assert_eq!(content_tree(&site), before);
}

#[test]
fn a_semicolon_csv_with_decimal_commas_imports_and_the_summary_names_the_separator() {
    let site = TempSite::copy("basic");
    std::fs::write(
        site.root().join("nilai.csv"),
        "\u{FEFF}kode;nama;perda;value:stunting\n01.71;Kota Alpha;12,5;\"17,25\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = kla_import(&site, &["nilai.csv", "--year", "2023"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        site.read_source("content/regions/kota-alpha/2023.toml"),
        "year = 2023\n\n[points]\nperda = 12.5\n\n[values]\nstunting = 17.25\n"
    );
    assert!(stdout.contains("note: the CSV's fields are separated by `;`\n"), "{stdout}");
    assert!(stdout.contains("1 row of sheet \"nilai.csv\" (header on row 1) for 2023"), "{stdout}");
}

/// A workbook as offices send it: a cover sheet, then the figures under two title rows.
fn workbook_with_a_cover(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    fill_sheet(book.add_worksheet(), "Sampul", &[vec![T("Laporan KLA 2021")]]);
    let rows = vec![
        vec![T("Nilai KLA Provinsi Dua")],
        vec![T("Tahun 2021")],
        vec![T("No"), T("Kode"), T("Nama"), T("perda"), T("Keterangan"), T("Petugas")],
        vec![N(1.0), T("02.72"), T("Kota Delta"), N(15.0), T("baik"), T("Sari")],
    ];
    fill_sheet(book.add_worksheet(), "Nilai", &rows);
    book.save(path).unwrap();
}

#[test]
fn a_cover_sheet_first_is_reported_with_the_header_taken_and_the_other_sheets() {
    let site = TempSite::copy("basic");
    workbook_with_a_cover(&site.root().join("laporan.xlsx"));
    let (code, _, stderr) = kla_import(&site, &["laporan.xlsx", "--year", "2021"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("no `code` or `name` column\n  --> sheet \"Sampul\", row 1\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("another sheet with `--sheet NAME` (the other sheets: Nilai)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: the header is row 1 of sheet \"Sampul\", the first non-empty row, though none of the first 20 non-empty rows has a `code`/`kode` or `name`/`nama` column; `--header-row N` and `--sheet NAME` choose another\n"),
        "{stderr}"
    );
}

#[test]
fn title_rows_are_skipped_default_columns_ignored_and_others_ignored_on_request() {
    let site = TempSite::copy("basic");
    workbook_with_a_cover(&site.root().join("laporan.xlsx"));
    let args = ["laporan.xlsx", "--year", "2021", "--sheet", "Nilai"];
    let (code, _, stderr) = kla_import(&site, &args);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("unknown column `petugas`"), "{stderr}");
    assert!(stderr.contains("--> sheet \"Nilai\", row 3, column F (Petugas)"), "{stderr}");
    assert!(stderr.contains("to skip the column, add `--ignore-column \"petugas\"`"), "{stderr}");
    assert!(stderr.contains("1 problem in the sheet"), "{stderr}");

    let (code, stdout, stderr) =
        kla_import(&site, &[&args[..], &["--ignore-column", "PETUGAS"]].concat());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(site.read_source("content/regions/kota-delta/2021.toml").contains("perda = 15\n"));
    for note in [
        "note: the header is row 3 of sheet \"Nilai\": rows 1-2 above it have no `code`/`kode` or `name`/`nama` column, so they were taken as titles\n",
        "note: ignored 3 columns: A (No), E (Keterangan), F (Petugas)\n",
        "1 row of sheet \"Nilai\" (header on row 3) for 2021: 1 created",
    ] {
        assert!(stdout.contains(note), "missing {note:?} in:\n{stdout}");
    }
}

#[test]
fn header_row_chooses_the_header() {
    let site = TempSite::copy("basic");
    std::fs::write(
        site.root().join("nilai.csv"),
        "kode,catatan\n01.01,bukan header\n\nkode,perda\n02.73,9\n",
    )
    .unwrap();
    let (code, stdout, stderr) =
        kla_import(&site, &["nilai.csv", "--year", "2021", "--header-row", "4"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("note: the header is row 4 of sheet \"nilai.csv\" (--header-row)\n"));
    assert!(site.read_source("content/regions/kota-epsilon/2021.toml").contains("perda = 9\n"));
    let (code, _, stderr) =
        kla_import(&site, &["nilai.csv", "--year", "2021", "--header-row", "3"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("--header-row 3 is an empty row\n  --> sheet \"nilai.csv\", row 3"));
}

fn utf16_le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn files_in_the_wrong_encoding_or_with_the_wrong_extension_say_what_they_are_once() {
    let site = TempSite::copy("basic");
    let before = content_tree(&site);
    let sheet = "nama,perda\nKota Alpha,20\n";
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "utf16.csv",
            utf16_le(sheet),
            "error: the file is UTF-16 text (little-endian); kla reads CSV files as UTF-8\n  --> file \"utf16.csv\"\n  = help: save it as UTF-8: in Excel choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\"",
        ),
        (
            "ansi.csv",
            b"nama,perda\nKota Alpha,20\nKota Pal\xE9mbang,3\n".to_vec(),
            "error: the file is not UTF-8 (byte 0xE9 in `Kota Pal\u{FFFD}mbang,3`): it is probably Windows-1252",
        ),
        (
            "nilai.xlsx",
            sheet.as_bytes().to_vec(),
            "error: the file is not really an .xlsx file: it is text whose first line is `nama,perda`\n  --> file \"nilai.xlsx\"\n  = help: if it is a CSV, rename it to `nilai.csv`",
        ),
    ];
    for (name, bytes, expected) in cases {
        std::fs::write(site.root().join(name), bytes).unwrap();
        let (code, _, stderr) = kla_import(&site, &[name, "--year", "2021"]);
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: missing {expected:?} in:\n{stderr}");
        assert_eq!(stderr.matches("error:").count(), 1, "{name}: said once:\n{stderr}");
        assert!(stderr.contains("1 problem in the sheet; nothing was written"), "{stderr}");
    }
    assert_eq!(content_tree(&site), before);
}

#[test]
fn an_unknown_name_suggests_the_closest_region_names() {
    let site = TempSite::copy("basic");
    std::fs::write(site.root().join("nilai.csv"), "nama,perda\nKota Alpa,20\nKotaDelta,5\n")
        .unwrap();
    let text = expect_sheet_problems(import(&options(&site, site.root().join("nilai.csv"), 2021)));
    assert!(
        text.contains("unmatched row: no region is named `Kota Alpa`\n  --> sheet \"nilai.csv\", row 2, column A (nama)\n  = help: did you mean `Kota Alpha`?\n"),
        "{text}"
    );
    assert!(text.contains("= help: did you mean `Kota Delta`?\n"), "{text}");
}

#[test]
fn numbers_stored_as_text_import_and_words_say_they_are_not_numbers() {
    let site = TempSite::copy("basic");
    let file = site.root().join("teks.xlsx");
    let rows = vec![
        vec![T("code"), T("perda"), T("value:stunting"), T("layanan")],
        vec![T("02.72"), T("12.5"), T("85,5"), T("abc")],
    ];
    write_xlsx(&file, "Nilai", &rows);
    let text = expect_sheet_problems(import(&options(&site, file.clone(), 2021)));
    assert!(
        text.contains(
            "error: `abc` is not a number\n  --> sheet \"Nilai\", row 2, column D (layanan)\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("1 problem in the sheet; nothing was written"), "{text}");
    let rows = vec![rows[0][..3].to_vec(), rows[1][..3].to_vec()];
    write_xlsx(&file, "Nilai", &rows);
    run(&site, file, 2021);
    assert!(
        site.read_source("content/regions/kota-delta/2021.toml")
            .ends_with("[points]\nperda = 12.5\n\n[values]\nstunting = 85.5\n")
    );
}

#[test]
fn points_with_more_than_two_decimals_are_rounded_and_counted() {
    let site = TempSite::copy("basic");
    let file = site.root().join("rumus.xlsx");
    let rows = vec![
        vec![T("code"), T("perda"), T("layanan")],
        vec![T("02.72"), N(15.0), N(26.533333333)],
        vec![T("02.73"), N(10.125), N(30.004)],
    ];
    write_xlsx(&file, "Nilai", &rows);
    let report = run(&site, file, 2021);
    assert!(site.read_source("content/regions/kota-delta/2021.toml").contains("layanan = 26.53\n"));
    let epsilon = site.read_source("content/regions/kota-epsilon/2021.toml");
    assert!(epsilon.contains("perda = 10.13\n") && epsilon.contains("layanan = 30\n"), "{epsilon}");
    assert!(
        report.to_string().contains(
            "note: 3 points cells with more than two decimals were rounded to hundredths, half \
             away from zero (first: row 2, column C (layanan): 26.533333333 -> 26.53)\n"
        ),
        "{report}"
    );
}

#[test]
fn an_official_list_imports_each_source_and_keeps_a_disagreement_as_a_conflict() {
    let site = TempSite::copy("basic");
    let file = site.root().join("daftar-2023.csv");
    std::fs::write(
        &file,
        "kode,nama,predikat,url,media,tanggal,catatan_sumber\n\
         01.71,Kota Alpha,utama,https://berita.example.org/a,Berita A,2023-07-23,\n\
         01.71,Kota Alpha,nindya,https://berita.example.org/b,Berita B,2023-07-24,a later look-back\n\
         01.01,Kabupaten Beta,madya,https://berita.example.org/a,Berita A,2023-07-23,\n",
    )
    .unwrap();
    let report = run(&site, file.clone(), 2023);
    assert_eq!(report.count(Outcome::Created), 2, "{report}");
    let alpha = site.read_source("content/regions/kota-alpha/2023.toml");
    assert_eq!(
        alpha,
        "year = 2023\nofficial = \"utama\"\n\n[[sources]]\nurl = \"https://berita.example.org/a\"\noutlet = \"Berita A\"\ndate = \"2023-07-23\"\n\n\
         [[sources]]\nurl = \"https://berita.example.org/b\"\noutlet = \"Berita B\"\ndate = \"2023-07-24\"\nnote = \"a later look-back\"\npredikat = \"nindya\"\n"
    );
    site.build().unwrap_or_else(|e| panic!("{e:?}"));
    let profile = site.read("wilayah/kota-alpha/index.html");
    assert!(profile.contains("Sumber berbeda: Utama / Nindya"), "the conflict is shown");
    assert!(profile.contains("href=\"https://berita.example.org/b\""), "each source is a link");
    let scores: serde_json::Value = serde_json::from_str(&site.read("data/scores.json")).unwrap();
    let row = scores
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "kota-alpha" && r["year"] == 2023)
        .unwrap();
    assert_eq!(row["official"], serde_json::Value::Null, "a conflict is not resolved");
    assert_eq!(row["official_conflict"], true);
    assert_eq!(row["official_sources"][1]["url"], "https://berita.example.org/b");
    let again = run(&site, file, 2023);
    assert_eq!(again.count(Outcome::Unchanged), 2, "importing the same list twice changes nothing");
}

#[test]
fn an_official_result_without_any_source_is_refused_and_nothing_is_written() {
    let site = TempSite::copy("basic");
    let file = site.root().join("tanpa-sumber.csv");
    std::fs::write(&file, "kode,predikat\n01.71,utama\n").unwrap();
    let before = content_tree(&site);
    let err = import(&options(&site, file, 2023)).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("official result without a source"), "{text}");
    assert!(text.contains("row 2"), "{text}");
    assert_eq!(content_tree(&site), before);
}

#[test]
fn a_sheet_brings_the_year_that_narratives_were_waiting_for() {
    let site = TempSite::copy("basic");
    site.write(
        "content/regions/kota-alpha/2023.md",
        "+++\ntitle = \"Menunggu data 2023\"\n+++\n\nSebuah cerita yang menunggu datanya.\n",
    );
    assert!(site.build().is_err(), "a narrative without its evaluation does not build");
    let file = site.root().join("daftar.csv");
    std::fs::write(&file, "kode,predikat,url\n01.71,utama,https://berita.example.org/a\n").unwrap();
    let report = run(&site, file, 2023);
    assert_eq!(report.count(Outcome::Created), 1, "{report}");
    site.build().unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        site.read("wilayah/kota-alpha/index.html").contains("Sebuah cerita yang menunggu datanya.")
    );
}
