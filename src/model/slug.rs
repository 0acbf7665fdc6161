//! Slugs: the URL- and file-safe names of regions, provinces and pages.

/// Whether `s` is a valid slug: non-empty, lowercase ASCII letters, digits and
/// single `-` between them (no leading, trailing or doubled `-`).
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Derives a slug from a display name: "Kalimantan Timur" -> `kalimantan-timur`,
/// "KAB. ACEH SELATAN" -> `kab-aceh-selatan`. Letters outside ASCII are dropped
/// after stripping common Latin accents.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.chars() {
        let c = fold_accent(c).to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'Á' | 'À' | 'Â' | 'Ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugifies_names() {
        assert_eq!(slugify("Kalimantan Timur"), "kalimantan-timur");
        assert_eq!(slugify("KAB. ACEH SELATAN"), "kab-aceh-selatan");
        assert_eq!(slugify("  Kota  Bau-Bau "), "kota-bau-bau");
        assert_eq!(slugify("DI Yogyakarta"), "di-yogyakarta");
    }

    #[test]
    fn validates_slugs() {
        assert!(is_valid_slug("kota-balikpapan"));
        assert!(is_valid_slug("kab-2"));
        for bad in ["", "Kota", "kota_x", "-a", "a-", "a--b", "a/b", "..", "kota balikpapan"] {
            assert!(!is_valid_slug(bad), "{bad:?} should be invalid");
        }
    }
}
