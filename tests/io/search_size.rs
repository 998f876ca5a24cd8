//! The search index's size on disk: its v17 layout (the body as the first
//! column, `store::search_layout`) and the step that takes an older
//! cache's index there.

use keruen::config::settings::FeedSettings;
use keruen::search_query::SearchQuery;
use keruen::store::{SCHEMA_VERSION, Store, plain_body};
use url::Url;

use crate::common::store_fill::{apply, hit_key, news};

/// A small vocabulary drawn with a skew (the first words most often), as
/// news text is: enough words for the index's entries to be many.
const WORDS: [&str; 24] = [
    "қазақстан",
    "президент",
    "үкімет",
    "жаңалық",
    "астана",
    "мұнай",
    "ауа",
    "райы",
    "нефть",
    "цены",
    "железная",
    "дорога",
    "central",
    "bank",
    "market",
    "уран",
    "теңге",
    "доллар",
    "құрылыс",
    "сайлау",
    "футбол",
    "музей",
    "вакцина",
    "ғарыш",
];

/// A deterministic text of `n` words (xorshift, no crate needed).
fn text(seed: &mut u64, n: usize) -> String {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        // Square of a uniform draw: the low indexes come more often.
        let u = (*seed % 1000) as f64 / 1000.0;
        out.push(WORDS[((u * u) * WORDS.len() as f64) as usize]);
    }
    out.join(" ")
}

/// 300 articles: (key, title, body).
fn corpus() -> Vec<(String, String, String)> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    (0..300)
        .map(|i| {
            let title = text(&mut seed, 6);
            let body = text(&mut seed, 80);
            (format!("k{i}"), title, body)
        })
        .collect()
}

fn open_filled(path: &std::path::Path) -> Store {
    let mut s = Store::open(path).unwrap();
    let feed = FeedSettings::new("Tengri", Url::parse("https://tengri.example/rss").unwrap());
    let ids = s.sync_feeds(&[feed]).unwrap();
    let items = corpus()
        .into_iter()
        .map(|(k, t, b)| news(&k, &t, &format!("<p>{b}</p>"), 1))
        .collect();
    apply(&mut s, ids[0], items, 2);
    s
}

const QUERIES: [&str; 6] = [
    "\"ауа райы\"",
    "\"central bank\"",
    "уран теңге",
    "музей -футбол",
    "вакц",
    "ғарыш",
];

fn results(s: &Store) -> Vec<Vec<String>> {
    QUERIES
        .iter()
        .map(|q| {
            let q = SearchQuery {
                limit: 500,
                ..SearchQuery::parse(q).unwrap()
            };
            s.search(&q).unwrap().into_iter().map(hit_key).collect()
        })
        .collect()
}

fn first_column(c: &rusqlite::Connection) -> String {
    c.query_row(
        "SELECT name FROM pragma_table_info('article_fts') WHERE cid = 0",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// The index's bytes once merged into one segment (as a long-lived cache's
/// merges leave it), so two layouts compare alike.
fn index_bytes(c: &rusqlite::Connection) -> i64 {
    c.execute_batch("INSERT INTO article_fts (article_fts) VALUES ('optimize')")
        .unwrap();
    c.query_row("SELECT sum(length(block)) FROM article_fts_data", [], |r| {
        r.get(0)
    })
    .unwrap()
}

fn pending(c: &rusqlite::Connection) -> i64 {
    c.query_row("SELECT count(*) FROM fts_pending", [], |r| r.get(0))
        .unwrap()
}

/// A v15 cache (the index in v9's column order, every article indexed)
/// is migrated: the index is rebuilt body first, finds what it found,
/// phrases and column weights included, and is smaller; running the step
/// again changes nothing.
#[test]
fn an_older_index_is_rebuilt_body_first_and_smaller() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let before = {
        let s = open_filled(&path);
        let r = results(&s);
        // The corpus is made to exercise every query.
        assert!(r.iter().all(|hits| !hits.is_empty()), "{r:?}");
        r
    };
    // Set the file back to v15: the index in the old column order, every
    // article indexed in it, nothing queued.
    let old_bytes = {
        let c = rusqlite::Connection::open(&path).unwrap();
        assert_eq!(first_column(&c), "body");
        c.execute_batch(
            "DROP TRIGGER article_fts_delete; DROP TABLE article_fts;
             CREATE VIRTUAL TABLE article_fts USING fts5(
                 title, author, body, content = '', contentless_delete = 1,
                 tokenize = 'unicode61 remove_diacritics 2');
             CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
                 DELETE FROM article_fts WHERE rowid = old.id;
             END;
             DELETE FROM fts_pending;
             PRAGMA user_version = 15;",
        )
        .unwrap();
        let bodies: std::collections::HashMap<String, String> = corpus()
            .into_iter()
            .map(|(k, _, b)| (format!("https://example.kz/{k}"), b))
            .collect();
        let rows: Vec<(i64, String, String)> = c
            // The whole link: stored relative to the feed's origin (v23).
            .prepare(
                "SELECT a.id, a.title, CASE substr(a.link, 1, 1)
                     WHEN '/' THEN f.link_origin || a.link
                     WHEN '!' THEN substr(a.link, 2) ELSE a.link END
                 FROM articles a JOIN feeds f ON f.id = a.feed_id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 300);
        for (id, title, link) in rows {
            let body = plain_body(Some(&format!("<p>{}</p>", bodies[&link])), None);
            c.execute(
                "INSERT INTO article_fts (rowid, title, author, body) VALUES (?1, ?2, NULL, ?3)",
                rusqlite::params![id, title, body],
            )
            .unwrap();
        }
        index_bytes(&c)
    };
    {
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(s.pending_index().unwrap(), 300, "every article queued");
        assert_eq!(results(&s), before);
        assert_eq!(s.pending_index().unwrap(), 0);
    }
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(first_column(&c), "body");
    let new_bytes = index_bytes(&c);
    assert!(
        (new_bytes as f64) < 0.85 * old_bytes as f64,
        "body first {new_bytes} bytes, v9 order {old_bytes}"
    );
    // Again (a file whose version was set back): the layout is already
    // right, so nothing is dropped or queued.
    c.execute_batch("PRAGMA user_version = 16;").unwrap();
    drop(c);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.pending_index().unwrap(), 0);
    assert_eq!(results(&s), before);
}

/// A new cache is made with the body first, and an older cache without
/// the search blocks' table (set back to v14) still takes the step.
#[test]
fn a_new_cache_has_the_body_first_and_the_step_needs_no_blocks_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let before = results(&open_filled(&path));
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(first_column(&c), "body");
    c.execute_batch(
        "DROP TRIGGER article_fts_delete; DROP TABLE article_fts;
         CREATE VIRTUAL TABLE article_fts USING fts5(
             title, author, body, content = '', contentless_delete = 1,
             tokenize = 'unicode61 remove_diacritics 2');
         DROP TRIGGER search_blocks_delete; DROP TABLE search_blocks;
         PRAGMA user_version = 14;",
    )
    .unwrap();
    drop(c);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(results(&s), before);
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(first_column(&c), "body");
    assert_eq!(pending(&c), 0);
}

/// Pages the file uses (its length in pages less the free list), once the
/// log is folded back.
fn pages_used(s: &Store, c: &rusqlite::Connection) -> i64 {
    s.checkpoint().unwrap();
    let q = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    q("PRAGMA page_count") - q("PRAGMA freelist_count")
}

fn index_blocks(c: &rusqlite::Connection) -> i64 {
    c.query_row("SELECT sum(length(block)) FROM article_fts_data", [], |r| {
        r.get(0)
    })
    .unwrap()
}

/// A cache kept by retention stays the same size as days go by: each day
/// brings new articles (indexed by a search), retention removes those
/// older than three days, and the index (whose deleted entries FTS5 drops
/// only when it merges) and the file stop growing once the window is full.
#[test]
fn the_index_and_the_file_stay_bounded_under_retention() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let feed = FeedSettings::new("Tengri", Url::parse("https://tengri.example/rss").unwrap());
    let ids = s.sync_feeds(&[feed]).unwrap();
    let policy = keruen::config::settings::CacheSettings {
        max_age: Some(std::time::Duration::from_secs(3 * 86_400)),
        max_per_feed: None,
    };
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut at_day = std::collections::HashMap::new();
    for day in 1..=14u32 {
        let items = (0..120)
            .map(|i| {
                let title = text(&mut seed, 6);
                let body = text(&mut seed, 80);
                news(
                    &format!("d{day}-{i}"),
                    &title,
                    &format!("<p>{body}</p>"),
                    day,
                )
            })
            .collect();
        apply(&mut s, ids[0], items, day);
        s.apply_retention(&policy, crate::common::store_fill::november(day))
            .unwrap();
        assert!(s.index_pending().unwrap() > 0, "day {day}");
        at_day.insert(day, (index_blocks(&c), pages_used(&s, &c)));
    }
    let articles: i64 = c
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    assert!(articles <= 4 * 120, "{articles} articles kept");
    // Full from day 4 on (LAST_SEEN_STEP keeps a day more): from then a
    // cache that kept what retention removed would grow by a quarter a day.
    let (index_5, pages_5) = at_day[&5];
    let (index_14, pages_14) = at_day[&14];
    assert!(
        (index_14 as f64) < 1.2 * index_5 as f64,
        "index grew from {index_5} bytes on day 5 to {index_14} on day 14"
    );
    assert!(
        (pages_14 as f64) < 1.2 * pages_5 as f64,
        "file grew from {pages_5} pages on day 5 to {pages_14} on day 14"
    );
}
