//! The JSON and HTML source mappings (`keruen::sources::read` with a
//! `[feeds.map]` or `[feeds.select]` table) on arbitrary bytes. The first
//! byte picks the feed: the shipped example configs' mappings (Hacker News,
//! Reddit, Lobsters, two HTML listings) or a JSON feed with guessed field
//! names. Beyond "no panic, no hang, no OOM": every field of the result is
//! what the sanitising boundary promises, and every title is non-empty or
//! not derived.
#![no_main]

use std::sync::OnceLock;

use keruen::config::settings::FeedSettings;
use keruen::sanitize::is_forbidden;
use libfuzzer_sys::fuzz_target;
use url::Url;

const CONFIGS: [&str; 5] = [
    include_str!("../../config/examples/hackernews.toml"),
    include_str!("../../config/examples/reddit.toml"),
    include_str!("../../config/examples/lobsters.toml"),
    include_str!("../../config/examples/regional-html.toml"),
    "[[feeds]]\nname = \"guessed\"\nkind = \"json\"\nurl = \"https://example.com/api\"\n",
];

fn feeds() -> &'static [FeedSettings] {
    static FEEDS: OnceLock<Vec<FeedSettings>> = OnceLock::new();
    FEEDS.get_or_init(|| {
        CONFIGS
            .iter()
            .filter_map(|text| keruen::config::parse(text, None).ok())
            .flat_map(|s| s.feeds)
            .collect()
    })
}

fn assert_line(field: &str, s: &str) {
    assert!(
        !s.chars().any(|c| is_forbidden(c) || c == '\n'),
        "{field} not a clean line: {s:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let feeds = feeds();
    let Some(feed) = feeds.get(usize::from(selector) % feeds.len().max(1)) else {
        return;
    };
    let Ok(base) = Url::parse("https://example.com/list/") else {
        return;
    };
    let parsed = match keruen::sources::read(feed, body, None, &base, 200) {
        Ok(p) => p,
        Err(e) => {
            assert_line("error", &e.to_string());
            return;
        }
    };
    assert!(parsed.items.len() <= 200);
    for item in &parsed.items {
        assert_line("title", &item.title);
        assert!(!(item.title_derived && item.title.is_empty()));
        for v in [&item.author, &item.category].into_iter().flatten() {
            assert_line("author/category", v);
        }
        if let Some(link) = &item.link {
            assert!(link.starts_with("http://") || link.starts_with("https://"), "{link:?}");
            assert_line("link", link);
        }
        for v in [&item.summary, &item.content].into_iter().flatten() {
            assert!(!v.chars().any(is_forbidden), "{v:?}");
        }
    }
});
