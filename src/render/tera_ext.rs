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

/// `{{ x | num }}` / `{{ x | num(decimals=1, lang="en") }}`: a number in the
/// page language's convention (`1.234,5`), trailing zeros dropped.
fn num(value: f64, kwargs: Kwargs, _: &State<'_>) -> tera::TeraResult<String> {
    let decimals: usize = kwargs.get("decimals")?.unwrap_or(2);
    let lang: &str = kwargs.get("lang")?.unwrap_or("id");
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

    #[test]
    fn num_formats_in_the_indonesian_convention_by_default() {
        assert_eq!(render("{{ 1234.5 | num }}"), "1.234,5");
        assert_eq!(render("{{ 1000 | num }}"), "1.000");
        assert_eq!(render("{{ 84.25 | num(decimals=1) }}"), "84,3");
        assert_eq!(render("{{ 1234.5 | num(lang=\"en\") }}"), "1,234.5");
    }
}
