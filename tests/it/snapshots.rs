//! Snapshot tests where the shape of output matters: the open data of the
//! fixture site and the rendered diagnostics a publisher sees.

use crate::common::{TempSite, expect_invalid};

#[test]
fn open_data_of_the_basic_site() {
    let site = TempSite::copy("basic");
    site.build().unwrap();
    let json: serde_json::Value = serde_json::from_str(&site.read("data/scores.json")).unwrap();
    insta::assert_json_snapshot!("basic_scores_json", json);
    insta::assert_snapshot!("basic_scores_csv", site.read("data/scores.csv"));
    insta::assert_snapshot!("basic_region_json", site.read("data/wilayah/kota-alpha.json"));
}

/// Each case overwrites one file of the basic site; the snapshot is what `kla` prints.
#[test]
fn diagnostics_read_like_a_compiler() {
    let cases: [(&str, &str, &str); 6] = [
        (
            "unknown_indicator",
            "content/regions/kota-alpha/2021.toml",
            "year = 2021\n[points]\nperda = 20\nperda-kl = 3\n",
        ),
        (
            "points_out_of_range",
            "content/regions/kota-alpha/2021.toml",
            "year = 2021\n[points]\nperda = -1\nlayanan = 31\n",
        ),
        ("year_differs_from_file", "content/regions/kota-alpha/2021.toml", "year = 2020\n"),
        (
            "toml_syntax",
            "content/regions/kota-alpha/region.toml",
            "name = \"Kota Alpha\nkind = \"kota\"\n",
        ),
        (
            "unknown_field",
            "content/regions/kota-alpha/region.toml",
            "name = \"Kota Alpha\"\nkind = \"kota\"\nprovince = \"Provinsi Satu\"\ncode = \"01.71\"\nmayor = \"X\"\n",
        ),
        (
            "points_and_value",
            "content/regions/kota-alpha/2021.toml",
            "year = 2021\n[points]\nstunting = 3\n[values]\nstunting = 20\n",
        ),
    ];
    for (name, file, text) in cases {
        let site = TempSite::copy("basic");
        site.write(file, text);
        let diags = expect_invalid(site.build());
        insta::assert_snapshot!(name, diags.to_string());
    }
}
