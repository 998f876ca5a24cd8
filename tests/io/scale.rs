//! The cache at scale: the search index layout of schema v9 (no second
//! copy of the text; the migration from the v2 layout keeps every result
//! and its order) and retention handing freed pages back to the file
//! system.

use chrono::{DateTime, TimeZone, Utc};
use keruen::config::settings::{CacheSettings, FeedSettings};
use keruen::domain::{NewArticle, ParsedFeed};
use keruen::fetch::Validators;
use keruen::search_query::{MATCH_END, MATCH_START, SearchQuery};
use keruen::store::{SCHEMA_VERSION, Store};
use url::Url;

fn t(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
}

const WORDS: [&str; 16] = [
    "Қазақстан",
    "Алматыда",
    "президент",
    "жаңалықтар",
    "экономика",
    "погода",
    "новости",
    "government",
    "market",
    "снегопад",
    "мәслихат",
    "саябақ",
    "нефть",
    "теңге",
    "ёлка",
    "café",
];

/// `n` articles over 20 days in one feed, with texts of varied length
/// (short ones stored as text, long ones compressed), built from WORDS so
/// words repeat with different frequencies and bm25 has work to do.
fn articles(n: usize) -> Vec<NewArticle> {
    (0..n)
        .map(|i| {
            let len = 3 + (i * 7) % 90;
            let body: Vec<&str> = (0..len).map(|j| WORDS[(i * 5 + j * j) % 16]).collect();
            NewArticle {
                key: format!("k{i}"),
                title: format!("{} {} {i}", WORDS[i % 16], WORDS[(i / 16) % 16]),
                author: (i % 3 == 0).then(|| "Әсел Бекова".to_string()),
                link: Some(format!("https://example.kz/{i}")),
                published: Some(t(1 + (i % 20) as u32)),
                summary: Some(format!("<p>{}</p>", body.join(" "))),
                content: (i % 4 == 0).then(|| format!("<div>{}</div>", body.join(", "))),
                ..NewArticle::default()
            }
        })
        .collect()
}

fn filled(path: &std::path::Path, n: usize) -> Store {
    let mut s = Store::open(path).unwrap();
    let url = Url::parse("https://tengri.example/rss").unwrap();
    let ids = s.sync_feeds(&[FeedSettings::new("Tengri", url)]).unwrap();
    let doc = ParsedFeed {
        items: articles(n),
        ..ParsedFeed::default()
    };
    s.apply_update(ids[0], &doc, &Validators::default(), t(21))
        .unwrap();
    s.index_pending().unwrap();
    s
}

const QUERIES: [&str; 9] = [
    "қазақстан",
    "алмат",
    "президент экономика",
    "\"погода новости\"",
    "market -теңге",
    "елка",
    "cafe",
    "әсел",
    "нефть since:3000d",
];

/// Every query's hits as (article id, rank), in order.
fn results(s: &Store) -> Vec<Vec<(i64, f64)>> {
    QUERIES
        .iter()
        .map(|q| {
            let q = SearchQuery {
                limit: 500,
                ..SearchQuery::parse(q).unwrap()
            };
            s.search(&q)
                .unwrap()
                .into_iter()
                .map(|h| (h.article.id.0, h.rank))
                .collect()
        })
        .collect()
}

fn count(c: &rusqlite::Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Turn a current cache back into version 8 with the v2 index layout
/// (title, author and body stored again inside the index), filled from
/// the stored texts as version 2 filled it.
fn back_to_v8_layout(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(
        "DROP TRIGGER article_fts_delete; DROP TABLE article_fts;
         CREATE VIRTUAL TABLE article_fts USING fts5(
             title, author, body, tokenize = 'unicode61 remove_diacritics 2');
         CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
             DELETE FROM article_fts WHERE rowid = old.id;
         END;
         DELETE FROM fts_pending;",
    )
    .unwrap();
    drop(c);
    // The bodies as the index saw them (plain text of summary + content),
    // which only the library can decode: read them back through it.
    let s = Store::open(path).unwrap();
    let mut rows = Vec::new();
    for i in 0..count(
        &rusqlite::Connection::open(path).unwrap(),
        "SELECT max(id) FROM articles",
    ) {
        if let Ok(a) = s.article(keruen::domain::ArticleId(i + 1)) {
            let body = keruen::store::plain_body(a.description.as_deref(), a.content.as_deref());
            rows.push((a.summary.id.0, a.summary.title, a.summary.author, body));
        }
    }
    drop(s);
    let c = rusqlite::Connection::open(path).unwrap();
    for (id, title, author, body) in rows {
        c.execute(
            "INSERT INTO article_fts (rowid, title, author, body) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![id, title, author, body],
        )
        .unwrap();
    }
    c.execute_batch("PRAGMA user_version = 8;").unwrap();
}

#[test]
fn v9_keeps_no_copy_of_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let s = filled(&path, 300);
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM sqlite_master WHERE name = 'article_fts_content'"
        ),
        0,
        "the index has a content table: the text is stored twice"
    );
    // Every article is in the index, once.
    assert_eq!(
        count(&c, "SELECT count(*) FROM article_fts_docsize"),
        count(&c, "SELECT count(*) FROM articles")
    );
}

#[test]
fn the_v9_migration_keeps_every_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    drop(filled(&path, 400));
    back_to_v8_layout(&path);
    // What the v2 layout answers, by SQL on the old table itself.
    let expected: Vec<Vec<i64>> = {
        let c = rusqlite::Connection::open(&path).unwrap();
        assert_eq!(
            count(
                &c,
                "SELECT count(*) FROM sqlite_master WHERE name = 'article_fts_content'"
            ),
            1
        );
        QUERIES
            .iter()
            .map(|q| {
                let q = SearchQuery::parse(q).unwrap();
                let Some(m) = q.fts_match() else {
                    return Vec::new();
                };
                let since = if q.since.is_some() {
                    " AND a.sort_date >= 0"
                } else {
                    ""
                };
                let mut stmt = c
                    .prepare(&format!(
                        "SELECT a.id FROM article_fts JOIN articles a ON a.id = article_fts.rowid
                         WHERE article_fts MATCH ?1{since}
                         ORDER BY bm25(article_fts, 10.0, 4.0, 1.0), a.sort_date DESC, a.id LIMIT 500"
                    ))
                    .unwrap();
                stmt.query_map([m], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            })
            .collect()
    };
    assert!(expected.iter().all(|e| !e.is_empty()), "{expected:?}");
    // Reopened: migrated to v9, the index rebuilt from the articles.
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let got = results(&s);
    let got_ids: Vec<Vec<i64>> = got
        .iter()
        .map(|r| r.iter().map(|h| h.0).collect())
        .collect();
    // The rank is keruen's own (`store::search_rank`), not the old
    // layout's bm25: the same articles, each once, are what must survive.
    let as_sets = |v: &[Vec<i64>]| -> Vec<Vec<i64>> {
        v.iter()
            .map(|r| {
                let mut r = r.clone();
                r.sort_unstable();
                r
            })
            .collect()
    };
    assert_eq!(as_sets(&got_ids), as_sets(&expected));
    drop(s);
    // The migration is safe to run again over the new layout.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 8;")
        .unwrap();
    let s = Store::open(&path).unwrap();
    assert_eq!(results(&s), got);
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM sqlite_master WHERE name = 'article_fts_content'"
        ),
        0
    );
}

#[test]
fn snippets_come_from_the_stored_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let s = filled(&path, 50);
    let hits = s.search(&SearchQuery::parse("снегопад").unwrap()).unwrap();
    assert!(!hits.is_empty());
    for h in &hits {
        assert!(
            h.snippet
                .to_lowercase()
                .contains(&format!("{MATCH_START}снегопад{MATCH_END}")),
            "{:?}",
            h.snippet
        );
        assert!(!h.snippet.contains('<'), "{:?}", h.snippet);
    }
    // Deleted and updated articles leave the contentless index too.
    drop(s);
    let mut s = Store::open(&path).unwrap();
    let policy = CacheSettings {
        max_age: Some(std::time::Duration::from_secs(86_400)),
        max_per_feed: None,
    };
    let url = Url::parse("https://tengri.example/rss").unwrap();
    let ids = s.sync_feeds(&[FeedSettings::new("Tengri", url)]).unwrap();
    s.apply_update(
        ids[0],
        &ParsedFeed::default(),
        &Validators::default(),
        t(29),
    )
    .unwrap();
    assert_eq!(s.apply_retention(&policy, t(30)).unwrap(), 50);
    assert!(
        s.search(&SearchQuery::parse("снегопад").unwrap())
            .unwrap()
            .is_empty()
    );
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(count(&c, "SELECT count(*) FROM article_fts_docsize"), 0);
}

#[test]
fn retention_gives_the_freed_pages_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = filled(&path, 3000);
    s.checkpoint().unwrap();
    let before = std::fs::metadata(&path).unwrap().len();
    let url = Url::parse("https://tengri.example/rss").unwrap();
    let ids = s.sync_feeds(&[FeedSettings::new("Tengri", url)]).unwrap();
    // The feed moved on: nothing of it is in its document any more.
    s.apply_update(
        ids[0],
        &ParsedFeed::default(),
        &Validators::default(),
        t(29),
    )
    .unwrap();
    let policy = CacheSettings {
        max_age: Some(std::time::Duration::from_secs(5 * 86_400)),
        max_per_feed: None,
    };
    assert_eq!(s.apply_retention(&policy, t(30)).unwrap(), 3000);
    s.checkpoint().unwrap();
    let after = std::fs::metadata(&path).unwrap().len();
    let c = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(count(&c, "PRAGMA freelist_count"), 0);
    assert!(
        after * 4 < before,
        "the file kept its size after retention: {before} -> {after} bytes"
    );
}
