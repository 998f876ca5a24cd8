//! Canonical article URLs: two links that lead to the same article should
//! give the same string, so that the same story from different feeds (or the
//! AMP/mobile/tracking variant of a link) clusters by URL alone.
//!
//! The result is a comparison key, not a URL to open: the scheme is dropped
//! for http/https ("example.com/news/1?id=2").

use url::Url;

/// Host prefixes that only select a variant of the same site.
const HOST_PREFIXES: &[&str] = &["www.", "m.", "amp.", "mobile."];

/// Query parameters that only track where a click came from.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid", "gclid", "yclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid", "ref", "ref_src",
    "ref_url", "referrer", "_ga", "_gl", "amp", "ocid", "cmpid", "spm", "share",
];

fn is_tracking(key: &str, value: &str) -> bool {
    let key_lower = key.to_ascii_lowercase();
    key_lower.starts_with("utm_")
        || TRACKING_PARAMS.contains(&key_lower.as_str())
        || (key_lower == "outputtype" && value.eq_ignore_ascii_case("amp"))
}

/// The canonical comparison key of a link. Links that do not parse as
/// absolute URLs are returned trimmed and lowercased, so equal strings still
/// compare equal.
pub fn canonical_url(link: &str) -> String {
    let trimmed = link.trim();
    let Ok(url) = Url::parse(trimmed) else {
        return trimmed.to_lowercase();
    };
    let scheme = url.scheme();
    let Some(host) = url.host_str() else {
        // e.g. mailto: or data: — nothing to normalise but case of the scheme.
        return url.as_str().to_string();
    };

    let mut out = String::with_capacity(trimmed.len());
    if scheme != "http" && scheme != "https" {
        out.push_str(scheme);
        out.push_str("://");
    }
    // `Url` has already lowercased the host and dropped default ports.
    let mut host = host;
    loop {
        let stripped = HOST_PREFIXES
            .iter()
            .find_map(|p| host.strip_prefix(p).filter(|rest| rest.contains('.')));
        match stripped {
            Some(rest) => host = rest,
            None => break,
        }
    }
    out.push_str(host);
    if let Some(port) = url.port() {
        out.push(':');
        out.push_str(&port.to_string());
    }

    // Path: drop empty segments (trailing or doubled slashes) and AMP
    // segments ("/amp", "/amp/"), keep the rest verbatim (paths are
    // case-sensitive).
    for segment in url.path().split('/') {
        if segment.is_empty() || segment.eq_ignore_ascii_case("amp") {
            continue;
        }
        out.push('/');
        out.push_str(segment);
    }

    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, v)| !is_tracking(k, v))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !params.is_empty() {
        params.sort();
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        out.push('?');
        out.push_str(&query);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_www_case_and_trailing_slash_do_not_matter() {
        let a = canonical_url("https://www.Example.KZ/news/123/");
        assert_eq!(a, "example.kz/news/123");
        assert_eq!(canonical_url("http://example.kz/news/123"), a);
        assert_eq!(
            canonical_url("  HTTPS://EXAMPLE.kz:443/news/123#comments "),
            a
        );
    }

    #[test]
    fn mobile_and_amp_variants_collapse() {
        let a = canonical_url("https://tengrinews.kz/kazakhstan_news/a-123/");
        assert_eq!(
            canonical_url("https://m.tengrinews.kz/kazakhstan_news/a-123"),
            a
        );
        assert_eq!(
            canonical_url("https://amp.tengrinews.kz/kazakhstan_news/a-123"),
            a
        );
        assert_eq!(
            canonical_url("https://tengrinews.kz/kazakhstan_news/a-123/amp/"),
            a
        );
        assert_eq!(
            canonical_url("https://tengrinews.kz/amp/kazakhstan_news/a-123"),
            a
        );
        assert_eq!(
            canonical_url("https://tengrinews.kz/kazakhstan_news/a-123?amp"),
            a
        );
        assert_eq!(
            canonical_url("https://tengrinews.kz/kazakhstan_news/a-123?amp=1"),
            a
        );
        assert_eq!(
            canonical_url("https://tengrinews.kz/kazakhstan_news/a-123?outputType=amp"),
            a
        );
    }

    #[test]
    fn tracking_params_are_dropped_and_the_rest_sorted() {
        let a = canonical_url(
            "https://news.example.com/item?utm_source=tg&utm_medium=social&id=7&b=2&fbclid=XYZ",
        );
        assert_eq!(a, "news.example.com/item?b=2&id=7");
        assert_eq!(
            canonical_url("https://news.example.com/item?id=7&gclid=1&b=2&yclid=3&mc_cid=4"),
            a
        );
        assert_eq!(
            canonical_url("https://news.example.com/item?ref=hn&ref_src=twsrc&b=2&id=7"),
            a
        );
        // outputType is only tracking when it asks for AMP.
        assert_eq!(
            canonical_url("https://x.com/a?outputType=print"),
            "x.com/a?outputType=print"
        );
    }

    #[test]
    fn distinct_articles_stay_distinct() {
        assert_ne!(
            canonical_url("https://example.kz/news?id=1"),
            canonical_url("https://example.kz/news?id=2")
        );
        assert_ne!(
            canonical_url("https://example.kz/News/1"),
            canonical_url("https://example.kz/news/1")
        );
        // A host that *is* just "m.kz"-like is not stripped to a bare TLD.
        assert_eq!(canonical_url("https://m.kz/a"), "m.kz/a");
        assert_eq!(
            canonical_url("https://example.kz:8080/a"),
            "example.kz:8080/a"
        );
    }

    #[test]
    fn unparsable_links_compare_by_trimmed_lowercase() {
        assert_eq!(canonical_url(" /News/1 "), "/news/1");
        assert_eq!(
            canonical_url("ftp://Files.Example.com/a/"),
            "ftp://files.example.com/a"
        );
    }
}
