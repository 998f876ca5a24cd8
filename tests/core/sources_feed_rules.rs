//! General reading rules of `sources::feed`, each over both readers: the
//! one-pass reader takes plain RSS 2.0 / Atom 1.0, feed-rs the rest (a
//! `media:content` element makes the fast reader step aside).

use keruen::domain::ParsedFeed;
use keruen::sources::feed;
use url::Url;

fn base() -> Url {
    Url::parse("https://final.example/news/feed.xml").unwrap()
}

fn parse(doc: &str) -> ParsedFeed {
    feed::parse(doc.as_bytes(), None, &base(), 100).unwrap_or_else(|e| panic!("{e}: {doc}"))
}

/// The same RSS items, once as the fast reader's subset and once with an
/// element only feed-rs reads.
fn both_readers(items: &str) -> [ParsedFeed; 2] {
    let plain = format!("<rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>");
    let aside = format!(
        "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>T</title>\
         <media:content url=\"https://final.example/m.jpg\"/>{items}</channel></rss>"
    );
    [parse(&plain), parse(&aside)]
}

#[test]
fn permalink_guid_is_the_link_of_an_item_without_one() {
    let items = r#"
        <item><title>absent</title><guid>https://final.example/a/1</guid></item>
        <item><title>true</title><guid isPermaLink="true">https://final.example/a/2</guid></item>
        <item><title>relative</title><guid>../a/3.html</guid></item>
        <item><title>false</title><guid isPermaLink="false">https://final.example/a/4</guid></item>
        <item><title>opaque</title><guid>12345</guid></item>
        <item><title>tag</title><guid>tag:final.example,2024:5</guid></item>
        <item><title>both</title><link>https://final.example/real</link><guid>https://final.example/guid</guid></item>
    "#;
    for parsed in both_readers(items) {
        let links: Vec<Option<&str>> = parsed.items.iter().map(|i| i.link.as_deref()).collect();
        assert_eq!(
            links,
            [
                Some("https://final.example/a/1"),
                Some("https://final.example/a/2"),
                // Resolved against the feed URL, like a relative <link>.
                Some("https://final.example/a/3.html"),
                // isPermaLink="false" is no link.
                None,
                // Not a URL at all.
                None,
                None,
                // A real <link> wins over the guid.
                Some("https://final.example/real"),
            ]
        );
        // The identity is still the guid.
        assert_eq!(parsed.items[0].key, "https://final.example/a/1");
        assert_eq!(parsed.items[3].key, "https://final.example/a/4");
    }
}

fn published(parsed: &ParsedFeed) -> Vec<String> {
    parsed
        .items
        .iter()
        .map(|i| i.published.map(|d| d.to_rfc3339()).unwrap_or_default())
        .collect()
}

#[test]
fn hour_24_is_the_end_of_the_day_in_rss() {
    let items = "<item><guid>1</guid><pubDate>Sun, 31 Dec 2023 24:00:00 GMT</pubDate></item>\
                 <item><guid>2</guid><pubDate>Thu, 29 Feb 2024 24:00:00 +0600</pubDate></item>\
                 <item><guid>3</guid><pubDate>Thu, 29 Feb 2024 23:59:59 +0600</pubDate></item>";
    for parsed in both_readers(items) {
        assert_eq!(
            published(&parsed),
            [
                "2024-01-01T00:00:00+00:00",
                // 00:00 of 1 March at +06:00.
                "2024-02-29T18:00:00+00:00",
                "2024-02-29T17:59:59+00:00",
            ]
        );
    }
}

#[test]
fn hour_24_is_the_end_of_the_day_in_atom() {
    let entries = "<entry><id>1</id><title>a</title><updated>2023-12-31T24:00:00Z</updated></entry>\
                   <entry><id>2</id><title>b</title><published>2024-06-30T24:00:00-05:00</published>\
                   <updated>2024-06-30T24:00:00-05:00</updated></entry>";
    let plain =
        format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>{entries}</feed>");
    let aside = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\">\
         <title>T</title><media:content url=\"https://final.example/m.jpg\"/>{entries}</feed>"
    );
    for doc in [plain, aside] {
        let parsed = parse(&doc);
        assert_eq!(
            published(&parsed),
            ["2024-01-01T00:00:00+00:00", "2024-07-01T05:00:00+00:00"]
        );
    }
}

#[test]
fn hour_24_is_the_end_of_the_day_in_json_feed() {
    let doc = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
        {"id": "1", "title": "a", "date_published": "2023-12-31T24:00:00Z"},
        {"id": "2", "title": "b", "date_published": "2024-03-10T24:00:00.000+01:00"}
    ]}"#;
    assert_eq!(
        published(&parse(doc)),
        ["2024-01-01T00:00:00+00:00", "2024-03-10T23:00:00+00:00"]
    );
}

#[test]
fn atom_0_3_base64_and_escaped_bodies_are_decoded() {
    // "Example <b>Atom</b>" and "Қазақ & news", base64-encoded.
    let doc = r#"<?xml version="1.0"?>
        <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>F</title>
        <entry><id>1</id><title mode="base64">0prQsNC30LDSmyAmIG5ld3M=</title>
          <content type="text/html" mode="base64">
            RXhhbXBsZSA8Yj5BdG9tPC9i
            Pg==
          </content></entry>
        <entry><id>2</id><title type="text/html" mode="escaped">Two &lt;i&gt;x&lt;/i&gt;</title>
          <summary type="text/plain" mode="escaped">a &amp;lt; b</summary>
          <content type="application/xhtml+xml" mode="escaped">&lt;p&gt;Para&lt;/p&gt;</content></entry>
        </feed>"#;
    let parsed = parse(doc);
    let [one, two] = &parsed.items[..] else {
        panic!("{parsed:?}")
    };
    assert_eq!(one.title, "Қазақ & news");
    assert_eq!(one.content.as_deref(), Some("Example <b>Atom</b>"));
    assert_eq!(two.title, "Two x");
    assert_eq!(two.summary.as_deref(), Some("a &lt; b"));
    assert_eq!(two.content.as_deref(), Some("<p>Para</p>"));
}

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jsonfeed")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_json(name: &str) -> Result<ParsedFeed, keruen::sources::ParseError> {
    feed::parse(&fixture(name), Some("application/feed+json"), &base(), 100)
}

#[test]
fn json_feed_without_title_and_with_authors_as_an_object_keeps_its_items() {
    let parsed = parse_json("no_title_author_object_in_authors.json").unwrap();
    assert_eq!(parsed.title, None);
    let titles: Vec<&str> = parsed.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["One", "Two"]);
    assert_eq!(parsed.items[0].author.as_deref(), Some("Feed Author"));
    assert_eq!(parsed.items[1].author.as_deref(), Some("Item Author"));
    assert_eq!(
        parsed.items[0].published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-05-01T10:00:00+00:00")
    );
}

#[test]
fn json_feed_wrong_typed_optional_fields_are_skipped_not_fatal() {
    let parsed = parse_json("author_array_wrong_types.json").unwrap();
    // The number title is read as its digits.
    assert_eq!(parsed.title.as_deref(), Some("2024"));
    let keys: Vec<&str> = parsed.items.iter().map(|i| i.key.as_str()).collect();
    // The string in the items list is no item; the others all stay.
    assert_eq!(keys, ["17", "18", "19"]);
    let [a, b, c] = &parsed.items[..] else {
        panic!()
    };
    assert_eq!(a.title, "Numeric id");
    assert_eq!(a.link.as_deref(), Some("https://lenient.example/17"));
    assert_eq!(a.summary, None);
    assert_eq!(a.category.as_deref(), Some("solo-tag"));
    assert_eq!(a.published, None);
    // `author` as an array: the feed's authors, inherited by the items.
    assert_eq!(a.author.as_deref(), Some("First Author, Second Author"));
    assert_eq!(b.author.as_deref(), Some("Plain Name"));
    assert_eq!(b.category.as_deref(), Some("a"));
    assert_eq!(b.content.as_deref(), Some("Eighteen."));
    assert_eq!(c.link.as_deref(), Some("https://lenient.example/19"));
    assert_eq!(c.author.as_deref(), Some("Plain Author"));
}

#[test]
fn a_document_that_is_not_json_feed_is_still_an_error() {
    let err = parse_json("not_a_json_feed.json").unwrap_err();
    assert!(err.to_string().contains("could not read"), "{err}");
    let err = feed::parse(br#"{"name": "x"}"#, None, &base(), 10).unwrap_err();
    assert!(err.to_string().contains("not a feed"), "{err}");
}

#[test]
fn an_item_without_a_title_still_shows_something() {
    let items = r#"
        <item><guid>1</guid><description>&lt;p&gt;Алматыда жаңа метро &lt;b&gt;ашылды&lt;/b&gt;. Екінші сөйлем.&lt;/p&gt;</description></item>
        <item><guid>2</guid><link>https://final.example/only-link</link></item>
        <item><guid>3</guid><title>Real title</title><description>Text.</description></item>
        <item><guid>4</guid></item>
    "#;
    for parsed in both_readers(items) {
        let shown: Vec<(&str, bool)> = parsed
            .items
            .iter()
            .map(|i| (i.title.as_str(), i.title_derived))
            .collect();
        assert_eq!(
            shown,
            [
                ("Алматыда жаңа метро ашылды.", true),
                ("https://final.example/only-link", true),
                ("Real title", false),
                ("", false),
            ]
        );
        // The identity is what the item holds, not the made-up title.
        assert_eq!(parsed.items[0].key, "1");
    }
    // JSON Feed: content_text only.
    let doc = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "j1", "content_text": "First line here? Second one."}]}"#;
    let parsed = parse(doc);
    assert_eq!(parsed.items[0].title, "First line here?");
    assert!(parsed.items[0].title_derived);
}
