//! A new cache's first refresh trains the texts' compression dictionary as
//! soon as it has stored enough text, and compresses the rest of that
//! refresh with it (not only the next refresh's texts); every text, from
//! before and after the training, reads back as its own.
//!
//! Runs the real binary (a process of its own): the dictionary registry is
//! per process, so an in-process test could meet another test's dictionary.
//! The feeds come from a loopback server with a network's latency: read
//! from local files, a release build parsed all of them before the
//! training was done (0 of 1,200 texts with the dictionary), which says
//! nothing of a refresh over the network.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use keruen::store::{ArticleQuery, Store};

use crate::common::run_binary::keruen;

const FEEDS: usize = 60;
const ITEMS: usize = 20;

const WORDS: [&str; 24] = [
    "Қазақстан",
    "үкіметі",
    "облысында",
    "жаңа",
    "мектеп",
    "салынды",
    "правительство",
    "области",
    "новая",
    "школа",
    "построена",
    "министр",
    "заявил",
    "government",
    "region",
    "school",
    "opened",
    "minister",
    "budget",
    "тенге",
    "жылы",
    "году",
    "this",
    "year",
];

/// A small deterministic generator (xorshift), so the corpus is the same
/// on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 1_000_003) as usize
    }
}

/// An item's HTML (~3 KB of paragraphs), carrying its own marker word.
fn html(rng: &mut Rng, marker: &str) -> String {
    let mut out = format!("<p>{marker}</p>");
    for _ in 0..8 {
        out.push_str("<p class=\"article-text\">");
        for _ in 0..40 {
            out.push_str(WORDS[rng.next() % WORDS.len()]);
            out.push(' ');
        }
        out.push_str("</p>\n");
    }
    out
}

/// The feeds' XML, one a feed.
fn feeds() -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..FEEDS)
        .map(|f| {
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
                 <title>Feed {f}</title><link>https://example.kz/{f}</link>"
            );
            for i in 0..ITEMS {
                let body = html(&mut rng, &format!("marker{f}x{i}"));
                let _ = write!(
                    xml,
                    "<item><title>Item {f} {i}</title><link>https://example.kz/{f}/{i}</link>\
                     <guid>f{f}i{i}</guid><pubDate>Tue, 01 Dec 2026 10:{:02}:00 GMT</pubDate>\
                     <description><![CDATA[{body}]]></description></item>",
                    i % 60
                );
            }
            xml.push_str("</channel></rss>\n");
            xml
        })
        .collect()
}

/// Each network response's latency: a first refresh's feeds arrive over
/// time, as from real servers, not all at once as from local files (a
/// release build parses 60 local feeds before the dictionary's training
/// is done, which a refresh over the network never does).
const LATENCY: Duration = Duration::from_millis(40);

/// Serves the feeds on a loopback server, each after `LATENCY`, and
/// writes the config naming them.
fn serve_feeds(rt: &tokio::runtime::Runtime, dir: &Path) -> (MockServer, String) {
    let server = rt.block_on(MockServer::start());
    let mut config = String::from("[fetch]\nconcurrency = 4\n\n");
    for (f, xml) in feeds().into_iter().enumerate() {
        let route = format!("/feed{f}.xml");
        rt.block_on(
            Mock::given(path(route.as_str()))
                .respond_with(
                    ResponseTemplate::new(200)
                        .insert_header("content-type", "application/rss+xml")
                        .set_body_string(xml)
                        .set_delay(LATENCY),
                )
                .mount(&server),
        );
        let _ = write!(
            config,
            "[[feeds]]\nname = \"feed{f}\"\nurl = \"{}{route}\"\n\n",
            server.uri()
        );
    }
    std::fs::write(dir.join("config.toml"), &config).unwrap();
    (server, config)
}

/// (texts without a dictionary, texts naming one), read with plain SQLite.
fn forms(db: &Path) -> (usize, usize) {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT summary FROM article_texts UNION ALL SELECT content FROM article_texts")
        .unwrap();
    let mut rows = st.query([]).unwrap();
    let mut n = (0, 0);
    while let Some(r) = rows.next().unwrap() {
        if let rusqlite::types::ValueRef::Blob(b) = r.get_ref(0).unwrap() {
            match zstd::zstd_safe::get_dict_id_from_frame(b) {
                None => n.0 += 1,
                Some(_) => n.1 += 1,
            }
        }
    }
    n
}

#[test]
fn the_first_refresh_compresses_with_the_dictionary_once_it_has_enough_text() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (_server, _) = serve_feeds(&rt, dir.path());
    let data = dir.path().join("data");

    let out = keruen(&config, &data, &["refresh", "--all"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let db = data.join("cache.db");
    let dicts: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM text_dicts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dicts, 1, "one dictionary, trained once");
    // ~3.6 MB of text; the training comes after the first ~1 MB is
    // committed, so the texts before it have no dictionary and the rest
    // name it, but for the feeds already compressed in the queue. How many
    // came before depends on the machine: the first commit takes every
    // feed written within the writer's group window, more on a loaded
    // machine (660 of 1,200 in one run at load 4), so the floor is a
    // quarter, which a dictionary trained only at the end could not meet.
    let (plain, with_dict) = forms(&db);
    assert_eq!(plain + with_dict, FEEDS * ITEMS);
    assert!(
        plain > 0,
        "the first texts were stored before any dictionary"
    );
    assert!(
        with_dict * 4 > FEEDS * ITEMS,
        "the refresh goes on with the dictionary: {with_dict} of {}",
        FEEDS * ITEMS
    );

    // Every text, of either form, reads back as its own item's.
    let store = Store::open(&db).unwrap();
    let all = store
        .articles(&ArticleQuery {
            limit: Some(10_000),
            ..ArticleQuery::default()
        })
        .unwrap();
    assert_eq!(all.len(), FEEDS * ITEMS);
    for a in &all {
        let article = store.article(a.id).unwrap();
        let guid = article.key.trim_start_matches('f');
        let (f, i) = guid.split_once('i').unwrap();
        let marker = format!("marker{f}x{i}");
        let text = article.description.or(article.content).unwrap_or_default();
        assert!(
            text.contains(&marker),
            "{}: {marker} not in its text",
            article.key
        );
    }
}
