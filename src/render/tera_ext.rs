//! kla's additions to tera 2: the filters the default theme (and site
//! templates) may use beyond tera's small built-in set.
//!
//! Views already hand templates formatted text, so this stays small: a number
//! formatter for site templates that compute their own figures. It does not
//! know about pages or the model.

use tera::{Kwargs, State, Tera};

use crate::render::views::format_decimal;

/// Registers kla's filters on a tera instance (theme and syntax probes alike).
pub(crate) fn register(tera: &mut Tera) {
    tera.register_filter("num", num);
}

/// The filters kla adds to tera's (see [`register`]).
const KLA_FILTERS: &[&str] = &["num"];

/// tera's own filters: tera lists them nowhere a program can read, and a
/// template author who misspells one needs the list (a test checks that
/// tera knows each of them).
const TERA_FILTERS: &[&str] = &[
    "abs",
    "capitalize",
    "default",
    "escape",
    "escape_html",
    "escape_xml",
    "first",
    "float",
    "get",
    "group_by",
    "indent",
    "int",
    "join",
    "keys",
    "last",
    "length",
    "lower",
    "newlines_to_br",
    "nth",
    "pairs",
    "pluralize",
    "replace",
    "reverse",
    "round",
    "safe",
    "sort",
    "split",
    "str",
    "title",
    "trim",
    "trim_end",
    "trim_start",
    "truncate",
    "unique",
    "upper",
    "values",
    "wordcount",
];

/// tera's own tests (`{% if x is number %}`), for the help of an unknown one.
pub(crate) const TERA_TESTS: &[&str] = &[
    "array",
    "bool",
    "containing",
    "defined",
    "divisible_by",
    "ending_with",
    "even",
    "float",
    "integer",
    "iterable",
    "map",
    "none",
    "number",
    "odd",
    "starting_with",
    "string",
    "undefined",
];

/// tera's own functions, for the help of an unknown one.
pub(crate) const TERA_FUNCTIONS: &[&str] = &["range", "throw"];

/// Every filter a template may use, sorted: the help of an unknown filter lists them.
pub(crate) fn filter_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = TERA_FILTERS.iter().chain(KLA_FILTERS).copied().collect();
    names.sort_unstable();
    names
}

/// `{{ x | num }}` / `{{ x | num(decimals=1, lang="en") }}`: a number in the
/// page language's convention (`1.234,5`), trailing zeros dropped.
fn num(value: f64, kwargs: Kwargs, _: &State<'_>) -> tera::TeraResult<String> {
    let decimals: usize = kwargs.get("decimals")?.unwrap_or(2);
    let lang: &str = kwargs.get("lang")?.unwrap_or(crate::model::DEFAULT_LANGUAGE);
    Ok(format_decimal(value, decimals, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> String {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template("t.html", template).unwrap();
        tera.render("t.html", &tera::Context::new()).unwrap()
    }

    /// Whether a template using `use` is accepted by a tera with kla's additions.
    fn known(use_: &str) -> bool {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template("t.html", use_).is_ok()
    }

    #[test]
    fn the_listed_filters_tests_and_functions_are_the_ones_tera_knows() {
        for name in filter_names() {
            assert!(known(&format!("{{{{ 1 | {name} }}}}")), "filter `{name}` is unknown");
        }
        for name in TERA_TESTS {
            assert!(known(&format!("{{% if 1 is {name} %}}{{% endif %}}")), "test `{name}`");
        }
        for name in TERA_FUNCTIONS {
            assert!(known(&format!("{{{{ {name}() }}}}")), "function `{name}` is unknown");
        }
        assert!(!known("{{ 1 | nmu }}") && !known("{% if 1 is nmu %}{% endif %}"));
    }

    #[test]
    fn num_formats_in_the_indonesian_convention_by_default() {
        assert_eq!(render("{{ 1234.5 | num }}"), "1.234,5");
        assert_eq!(render("{{ 1000 | num }}"), "1.000");
        assert_eq!(render("{{ 84.25 | num(decimals=1) }}"), "84,3");
        assert_eq!(render("{{ 1234.5 | num(lang=\"en\") }}"), "1,234.5");
    }
}
