//! Feed parsing on arbitrary bytes. The first byte picks the HTTP
//! Content-Type (none, or one of a few charsets, some wrong for the body);
//! the rest is the document. Beyond "no panic, no hang, no OOM" it checks
//! what the sanitising boundary promises for every field of the result.
#![no_main]

use keruen::sanitize::is_forbidden;
use libfuzzer_sys::fuzz_target;
use url::Url;

const CONTENT_TYPES: [Option<&str>; 8] = [
    None,
    Some("application/rss+xml; charset=utf-8"),
    Some("text/xml; charset=windows-1251"),
    Some("application/atom+xml; charset=iso-8859-1"),
    Some("text/xml; charset=utf-16"),
    Some("application/feed+json"),
    Some("text/html; charset=koi8-r"),
    Some("application/xml; charset=no-such-charset"),
];

const MAX_ITEMS: usize = 500;

fn assert_line(field: &str, s: &str) {
    assert!(
        !s.chars().any(|c| is_forbidden(c) || c == '\n'),
        "{field} not a clean line: {s:?}"
    );
}

fn assert_text(field: &str, s: &str) {
    assert!(
        !s.chars().any(is_forbidden),
        "{field} holds a forbidden char: {s:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];
    let Ok(base) = Url::parse("https://example.com/feeds/main.xml") else {
        return;
    };
    let parsed = match keruen::sources::feed::parse(body, content_type, &base, MAX_ITEMS) {
        Ok(p) => p,
        Err(e) => {
            assert_line("error", &e.to_string());
            return;
        }
    };
    assert!(
        parsed.items.len() <= MAX_ITEMS,
        "{} items",
        parsed.items.len()
    );
    if let Some(t) = &parsed.title {
        assert_line("feed title", t);
    }
    for item in &parsed.items {
        assert_line("title", &item.title);
        for (name, v) in [("author", &item.author), ("category", &item.category)] {
            if let Some(v) = v {
                assert_line(name, v);
            }
        }
        for (name, v) in [("link", &item.link), ("site link", &parsed.site_link)] {
            if let Some(v) = v {
                assert!(
                    v.starts_with("http://") || v.starts_with("https://"),
                    "{name} not http(s): {v:?}"
                );
                assert_line(name, v);
            }
        }
        for (name, v) in [("summary", &item.summary), ("content", &item.content)] {
            if let Some(v) = v {
                assert_text(name, v);
            }
        }
    }
});
