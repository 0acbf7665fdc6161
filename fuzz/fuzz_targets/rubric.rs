//! Fuzzes the rubric loader: any UTF-8 text as the site's rubric file must give
//! diagnostics or a site, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    kla::load::fuzzing::parse_rubric(text);
});
