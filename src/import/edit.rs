//! Applying a row to an evaluation file's text with toml_edit.
//!
//! Comments, key order and formatting of an existing file are kept: a key
//! whose value is unchanged is not touched at all, and a changed value keeps
//! the spacing and trailing comment around it. A value given as
//! `{ value = …, year = …, source = … }` is left alone when the sheet gives
//! the same value; a new value replaces the whole table, because the old year
//! and source describe the old measurement, not the new one. An
//! indicator moved from `[values]` to `[points]` (or back) leaves the other
//! table, because an id may be given only one way. This module does not read
//! or write files.

use toml_edit::{DocumentMut, Item, Table, Value, value};

use crate::model::{Points, Rubric};

use super::rows::{Cited, RowData};

/// The new text of `<year>.toml` after applying `data`; `old` is the current
/// text, or `None` when the file does not exist yet.
pub(crate) fn apply(
    old: Option<&str>,
    year: u16,
    data: &RowData,
    rubric: &Rubric,
) -> Result<String, toml_edit::TomlError> {
    let mut doc: DocumentMut = match old {
        Some(text) => text.parse()?,
        None => DocumentMut::new(),
    };
    if !doc.contains_key("year") {
        doc.insert("year", value(i64::from(year)));
    }
    match (&data.official, &data.cited) {
        (Some(official), Some(cited)) => cite(&mut doc, official, cited),
        (Some(official), None) => set_string(doc.as_table_mut(), "official", official),
        (None, _) => {}
    }
    if let Some(source) = &data.source {
        set_string(doc.as_table_mut(), "source", source);
    }
    for (_, indicator) in rubric.indicators() {
        let id: &str = &indicator.id;
        if let Some(points) = data.points.get(id) {
            remove_key(&mut doc, "values", id);
            set_number(table(&mut doc, "points"), id, points_value(*points));
        } else if let Some(measured) = data.values.get(id) {
            remove_key(&mut doc, "points", id);
            set_measured(table(&mut doc, "values"), id, number_value(*measured));
        }
    }
    Ok(doc.to_string())
}

/// Records that `cited` gives `predikat`: its `[[sources]]` entry (found by
/// URL) is updated, or a new one appended. The file's `official` is set when
/// it has none; a source that says otherwise names its own `predikat`, so a
/// disagreement is kept as a conflict, never overwritten.
fn cite(doc: &mut DocumentMut, predikat: &str, cited: &Cited) {
    let official = doc.get("official").and_then(Item::as_str).map(str::to_string);
    let has_sources =
        doc.get("sources").is_some_and(|s| s.as_array_of_tables().is_some_and(|a| !a.is_empty()));
    if official.is_none() && !has_sources {
        set_string(doc.as_table_mut(), "official", predikat);
    }
    let official = doc.get("official").and_then(Item::as_str).map(str::to_string);
    let sources = doc
        .entry("sources")
        .or_insert_with(|| Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    let Some(sources) = sources.as_array_of_tables_mut() else { return };
    let at = sources
        .iter()
        .position(|t| t.get("url").and_then(Item::as_str) == Some(cited.url.as_str()));
    let entry = match at {
        Some(i) => sources.get_mut(i).expect("found above"),
        None => {
            let mut t = Table::new();
            t.insert("url", value(cited.url.as_str()));
            sources.push(t);
            sources.iter_mut().last().expect("just pushed")
        }
    };
    for (key, text) in [("outlet", &cited.outlet), ("date", &cited.date), ("note", &cited.note)] {
        if let Some(text) = text {
            set_string(entry, key, text);
        }
    }
    if official.as_deref() == Some(predikat) {
        entry.remove("predikat");
    } else {
        set_string(entry, "predikat", predikat);
    }
}

/// The table `name`, created (as a `[name]` section) when missing.
fn table<'d>(doc: &'d mut DocumentMut, name: &str) -> &'d mut Table {
    let item = doc.entry(name).or_insert_with(|| Item::Table(Table::new()));
    if !item.is_table() {
        // An inline `points = { … }` is turned into a section to take new keys.
        let converted = std::mem::take(item).into_table().unwrap_or_default();
        *item = Item::Table(converted);
    }
    item.as_table_mut().expect("just made a table")
}

fn remove_key(doc: &mut DocumentMut, table: &str, key: &str) {
    if let Some(t) = doc.get_mut(table).and_then(Item::as_table_like_mut) {
        t.remove(key);
    }
}

fn set_string(table: &mut Table, key: &str, text: &str) {
    if table.get(key).and_then(Item::as_str) != Some(text) {
        replace_keeping_decor(table, key, Value::from(text));
    }
}

fn set_number(table: &mut Table, key: &str, new: Value) {
    let same = table.get(key).and_then(Item::as_value).is_some_and(|old| same_number(old, &new));
    if !same {
        replace_keeping_decor(table, key, new);
    }
}

/// A value written as `{ value = …, year = …, source = … }` stays as it is
/// when the sheet gives the same value; a new value replaces it whole (a
/// plain number), so the old measurement's year and source do not stick to it.
fn set_measured(table: &mut Table, key: &str, new: Value) {
    let old_value = table.get(key).and_then(Item::as_inline_table).and_then(|t| t.get("value"));
    if old_value.is_some_and(|old| same_number(old, &new)) {
        return;
    }
    set_number(table, key, new);
}

fn replace_keeping_decor(table: &mut Table, key: &str, new: Value) {
    match table.get_mut(key) {
        // Assigning through the existing entry keeps the key and the comment lines above it.
        Some(item) => *item = Item::Value(with_decor_of(item.as_value(), new)),
        None => {
            table.insert(key, Item::Value(new));
        }
    }
}

/// `new` with the spacing and trailing comment of `old`, when there is an old value.
fn with_decor_of(old: Option<&Value>, mut new: Value) -> Value {
    if let Some(old) = old {
        *new.decor_mut() = old.decor().clone();
    }
    new
}

fn same_number(old: &Value, new: &Value) -> bool {
    match (as_number(old), as_number(new)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

fn as_number(v: &Value) -> Option<f64> {
    v.as_integer().map(|n| n as f64).or_else(|| v.as_float())
}

/// Whole points as an integer (`20`), others with their decimals (`12.5`).
fn points_value(points: Points) -> Value {
    if points.0 % 100 == 0 { Value::from(points.0 / 100) } else { Value::from(points.as_f64()) }
}

fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 { Value::from(x as i64) } else { Value::from(x) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::scenes::five_tier_rubric as test_rubric;

    fn row(points: &[(&str, i64)], values: &[(&str, f64)]) -> RowData {
        RowData {
            row: 2,
            points: points.iter().map(|(k, p)| (k.to_string(), Points(*p))).collect(),
            values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            ..RowData::default()
        }
    }

    fn rubric_ids() -> Vec<String> {
        test_rubric("r", 2019, None).indicators().map(|(_, i)| i.id.to_string()).collect()
    }

    #[test]
    fn a_new_file_gets_the_year_and_tables_in_rubric_order() {
        let rubric = test_rubric("r", 2019, None);
        let ids = rubric_ids();
        let data = row(&[(&ids[1], 1250), (&ids[0], 2000)], &[]);
        let text = apply(None, 2025, &data, &rubric).unwrap();
        let expected = format!("year = 2025\n\n[points]\n{} = 20\n{} = 12.5\n", ids[0], ids[1]);
        assert_eq!(text, expected);
    }

    #[test]
    fn comments_survive_and_unchanged_values_are_left_as_written() {
        let rubric = test_rubric("r", 2019, None);
        let ids = rubric_ids();
        let old = format!(
            "# catatan penting\nyear = 2025\nofficial = \"madya\" # diumumkan\n\n[points]\n{} = 20.0  # dari dinas\n# klaster a\n{} = 3 # lama\n",
            ids[0], ids[1]
        );
        let data = row(&[(&ids[0], 2000), (&ids[1], 400)], &[]);
        let text = apply(Some(&old), 2025, &data, &rubric).unwrap();
        let expected =
            old.replace(&format!("{} = 3 # lama\n", ids[1]), &format!("{} = 4 # lama\n", ids[1]));
        assert_eq!(text, expected);
    }

    #[test]
    fn an_indicator_given_the_other_way_leaves_its_old_table() {
        let rubric = test_rubric("r", 2019, None);
        // a2 and b2 have scales: a2 moves from points to values, b2 from values to points.
        let old = "year = 2025\n\n[points]\na1 = 10\na2 = 5\n\n[values]\nb2 = { value = 8, year = 2024 }\n";
        let data = row(&[("b2", 700)], &[("a2", 60.5)]);
        let text = apply(Some(old), 2025, &data, &rubric).unwrap();
        assert_eq!(text, "year = 2025\n\n[points]\na1 = 10\nb2 = 7\n\n[values]\na2 = 60.5\n");
    }

    #[test]
    fn a_new_measured_value_drops_the_old_year_and_source_and_the_same_value_keeps_them() {
        let rubric = test_rubric("r", 2019, None);
        let old = "year = 2025\n\n[values]\na2 = { value = 8, year = 2024, source = \"Dinkes\" } # lama\nb2 = { value = 5, year = 2023 }\n";
        let data = row(&[], &[("a2", 9.5), ("b2", 5.0)]);
        let text = apply(Some(old), 2025, &data, &rubric).unwrap();
        assert_eq!(
            text,
            "year = 2025\n\n[values]\na2 = 9.5 # lama\nb2 = { value = 5, year = 2023 }\n"
        );
    }
}
