//! Web addresses as the site takes them: its own base URL and the URLs of
//! the sources its facts come from, checked by a real URL parser so that
//! `site.toml`, `kla build -u` and the record all accept the same things.

/// Checks a base URL (`https://kla.example.id/` or a path like `/kla/`) and
/// returns it ending in `/`, so routes can be appended; `Err` says why not.
pub fn base_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    let ok = if let Some(path) = text.strip_prefix('/') {
        !path.starts_with('/') && !text.contains(char::is_whitespace)
    } else {
        web_url(text).is_ok()
    };
    if !ok {
        return Err(format!("`{text}` is not an absolute URL or a path starting with `/`"));
    }
    Ok(if text.ends_with('/') { text.to_string() } else { format!("{text}/") })
}

/// Checks that `text` is an absolute `http` or `https` URL with a host, as a
/// reader could open it; `Err` says what is wrong.
pub fn web_url(text: &str) -> Result<(), String> {
    if text != text.trim() || text.contains(char::is_whitespace) {
        return Err(format!("`{text}` contains a space"));
    }
    let url = url::Url::parse(text).map_err(|e| format!("`{text}` is not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{text}` is not an http or https address"));
    }
    if url.host_str().is_none_or(|h| !h.contains('.') && h != "localhost") {
        return Err(format!("`{text}` has no host name"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_absolute_urls_or_paths_and_end_in_a_slash() {
        assert_eq!(base_url("https://kla.id").unwrap(), "https://kla.id/");
        assert_eq!(base_url("http://localhost:8080/x/").unwrap(), "http://localhost:8080/x/");
        assert_eq!(base_url("/").unwrap(), "/");
        assert_eq!(base_url("/kla").unwrap(), "/kla/");
        for bad in
            ["not a url", "kla.id", "https://", "https://not a url", "ftp://kla.id", "//kla.id", ""]
        {
            assert!(base_url(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn source_urls_need_a_scheme_and_a_host() {
        assert!(web_url("https://www.antaranews.com/berita/972904/x").is_ok());
        for bad in [
            "www.antaranews.com/x",
            "Antara, 23 Juli 2019",
            "https://antara news.com",
            "mailto:a@b.id",
            "https://x",
        ] {
            assert!(web_url(bad).is_err(), "{bad:?} accepted");
        }
    }
}
