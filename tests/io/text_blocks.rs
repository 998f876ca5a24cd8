//! Old texts packed into blocks (`store::text_pack`): every text reads
//! back byte-identical after packing, after a refresh updates a packed
//! article, after retention empties or thins blocks, and through search;
//! a damaged or missing block is an error, never a panic.
use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use keruen::config::settings::CacheSettings;
use keruen::domain::{FeedId, NewArticle, ParsedFeed};
use keruen::fetch::Validators;
use keruen::search_query::SearchQuery;
use keruen::store::{BLOCK_MEMBERS, MAX_MEMBERS, MIN_MEMBERS, Store};

use super::text_codec::{items, texts};

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, 12, 0, 0).unwrap()
}

/// `n` generated articles of one feed, a minute apart from `from`.
fn dated(prefix: &str, n: usize, seed: u64, from: DateTime<Utc>) -> Vec<NewArticle> {
    let mut v = items(prefix, n, seed);
    for (i, it) in v.iter_mut().enumerate() {
        it.published = Some(from + Duration::minutes(i as i64));
    }
    v
}

fn update(s: &mut Store, feed: FeedId, items: Vec<NewArticle>, now: DateTime<Utc>) -> (u64, u64) {
    let doc = ParsedFeed {
        title: Some("Feed".into()),
        site_link: None,
        items,
        damaged: false,
    };
    let st = s
        .apply_update(feed, &doc, &Validators::default(), now)
        .unwrap();
    (st.updated, st.unchanged)
}

pub(crate) fn sql(path: &Path, q: &str) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row(q, [], |r| r.get(0)).unwrap()
}

/// Blocks whose `live` is not the number of rows pointing at them.
pub(crate) fn miscounted(path: &Path) -> i64 {
    sql(
        path,
        "SELECT count(*) FROM text_blocks b WHERE live <> (SELECT count(*) FROM article_texts
         WHERE typeof(content) = 'integer' AND content = b.id)",
    )
}

fn packed(path: &Path) -> i64 {
    sql(
        path,
        "SELECT count(*) FROM article_texts WHERE typeof(content) = 'integer'",
    )
}

fn blocks(path: &Path) -> i64 {
    sql(path, "SELECT count(*) FROM text_blocks")
}

/// A new cache at `path` with three feeds.
fn three_feeds(path: &Path) -> (Store, Vec<FeedId>) {
    let mut s = Store::open(path).unwrap();
    let ids = s
        .sync_feeds(&[
            crate::common::feed_settings("tengri"),
            crate::common::feed_settings("kaztag"),
            crate::common::feed_settings("inform"),
        ])
        .unwrap();
    (s, ids)
}

/// The search index rebuilt from the stored texts (packed or merged)
/// finds a word of them and cuts its snippets from them.
pub(crate) fn search_after_reindex(s: &mut Store, path: &Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch("INSERT OR IGNORE INTO fts_pending (article_id) SELECT id FROM articles")
        .unwrap();
    s.index_some(usize::MAX).unwrap();
    let word = "законопроект";
    let hits = s.search(&SearchQuery::parse(word).unwrap()).unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().any(|h| h.snippet.to_lowercase().contains(word)));
}

#[test]
fn packed_texts_read_back_through_updates_and_retention() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, ids) = three_feeds(&path);
    // Enough text for the cache's dictionary, too recent to pack before
    // the last pass.
    update(&mut s, ids[2], dated("c", 400, 9, day(8)), day(8));
    let mut doc = dated("a", 100, 1, day(1));
    update(&mut s, ids[0], doc.clone(), day(1));
    // Too few old texts to pack: they wait.
    update(&mut s, ids[1], dated("b", 5, 2, day(1)), day(1));
    assert!(s.train_text_dict().unwrap());
    let before = texts(&s);

    // Nothing is old yet.
    assert_eq!(s.pack_texts(day(2), None).unwrap().blocks, 0);
    // A spent budget still does one transaction's work (a call always
    // moves on): here all of it, the feed's full blocks.
    let st = s
        .pack_texts(day(10), Some(std::time::Duration::ZERO))
        .unwrap();
    // 100 texts: blocks of MIN_MEMBERS..=MAX_MEMBERS (`fit` chooses how
    // many, around BLOCK_MEMBERS); the last few, fewer than a block's
    // least, wait for more.
    assert!(!st.more);
    let loose = sql(
        &path,
        &format!(
            "SELECT count(*) FROM article_texts t JOIN articles a ON a.id = t.article_id
             WHERE a.feed_id = {} AND typeof(t.content) <> 'integer'",
            ids[0].0
        ),
    );
    assert!(loose < MIN_MEMBERS as i64, "{st:?}, {loose} left");
    assert!(st.blocks >= 100 / MAX_MEMBERS as u64 && st.blocks <= 100 / MIN_MEMBERS as u64);
    assert!(sql(&path, "SELECT min(members) FROM text_blocks") >= MIN_MEMBERS as i64);
    assert!(sql(&path, "SELECT max(members) FROM text_blocks") <= MAX_MEMBERS as i64);
    assert!(st.bytes_after < st.bytes_before, "{st:?}");
    let packed_first = st.texts as i64;
    assert_eq!(packed(&path), packed_first);
    assert_eq!(texts(&s), before);
    // Again: nothing left to do.
    assert_eq!(s.pack_texts(day(10), None).unwrap().blocks, 0);

    // The search index, rebuilt from the packed texts, finds them.
    search_after_reindex(&mut s, &path);

    // The same document again: packed articles compare unchanged.
    assert_eq!(update(&mut s, ids[0], doc.clone(), day(10)), (0, 100));
    // One changed: it gets its own text again, its block one member less.
    doc[40].content = Some("<p>Жаңа мәтін — a new text.</p>".into());
    assert_eq!(update(&mut s, ids[0], doc.clone(), day(10)), (1, 99));
    assert_eq!(packed(&path), packed_first - 1);
    assert_eq!(
        sql(&path, "SELECT sum(members) - sum(live) FROM text_blocks"),
        1
    );
    let after_update = texts(&s);
    assert_ne!(after_update, before);
    let changed = s
        .articles(&Default::default())
        .unwrap()
        .into_iter()
        .find(|a| a.title == doc[40].title)
        .unwrap();
    assert_eq!(s.article(changed.id).unwrap().content, doc[40].content);

    // Ten new articles, and the old ones leave the feed; a cap keeps the
    // ten and the newest old ones from the last member of the block
    // holding the 60th: the blocks before it go whole, it keeps one
    // member and is redone.
    let order: Vec<Option<i64>> = {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.prepare(
            "SELECT CASE typeof(t.content) WHEN 'integer' THEN t.content END
             FROM articles a LEFT JOIN article_texts t ON t.article_id = a.id
             WHERE a.feed_id = ?1 ORDER BY a.sort_date, a.id",
        )
        .unwrap()
        .query_map([ids[0].0], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    assert_eq!(order.len(), 100);
    let holding = order[60].expect("the 60th is packed");
    let last = order.iter().rposition(|b| *b == Some(holding)).unwrap();
    let kept_blocks: std::collections::HashSet<i64> =
        order[last..].iter().flatten().copied().collect();
    let fresh = dated("n", 10, 3, day(19));
    update(&mut s, ids[0], fresh, day(20));
    let policy = CacheSettings {
        max_age: None,
        max_per_feed: Some(10 + 100 - last),
    };
    assert!(s.apply_retention(&policy, day(20)).unwrap() > 0);
    assert_eq!(blocks(&path), kept_blocks.len() as i64);
    let kept = texts(&s);
    let st = s.pack_texts(day(25), None).unwrap();
    assert_eq!(st.unpacked, 1);
    assert!(st.blocks >= 1);
    assert_eq!(texts(&s), kept);
    assert_eq!(
        sql(
            &path,
            "SELECT count(*) FROM text_blocks WHERE live * 2 < members"
        ),
        0
    );
    // Every block's count is its rows'.
    assert_eq!(miscounted(&path), 0);
    drop(s);
    // Reopened (the dictionary from the file): the same.
    let s = Store::open(&path).unwrap();
    assert_eq!(texts(&s), kept);
}

#[test]
fn a_damaged_or_missing_block_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).unwrap();
    let ids = s
        .sync_feeds(&[crate::common::feed_settings("tengri")])
        .unwrap();
    update(&mut s, ids[0], dated("a", BLOCK_MEMBERS, 5, day(1)), day(1));
    assert_eq!(s.pack_texts(day(10), None).unwrap().blocks, 1);
    let id = s.articles(&Default::default()).unwrap()[BLOCK_MEMBERS / 2].id;
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("UPDATE text_blocks SET data = substr(data, 1, 40)")
        .unwrap();
    let err = s.article(id).unwrap_err().to_string();
    assert!(err.contains("damaged stored text"), "{err}");
    c.execute_batch("DELETE FROM text_blocks").unwrap();
    let err = s.article(id).unwrap_err().to_string();
    assert!(err.contains("text block"), "{err}");
}

/// Finding the feeds to pack costs a walk of every loose text (seconds on
/// a big cache not yet packed), more than a step's budget: each budgeted
/// call still packs a transaction's worth and goes on where the last one
/// stopped, so steps of any budget get through the whole cache.
#[test]
fn spent_budgets_still_get_through_every_feed_one_transaction_each() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, ids) = three_feeds(&path);
    for (k, id) in ids.iter().enumerate() {
        update(
            &mut s,
            *id,
            dated(&format!("f{k}"), 20, k as u64, day(1)),
            day(1),
        );
    }
    let before = texts(&s);
    let zero = Some(std::time::Duration::ZERO);
    let mut calls = Vec::new();
    loop {
        let st = s.pack_texts(day(10), zero).unwrap();
        calls.push((st.blocks, st.more));
        if !st.more || calls.len() > 10 {
            break;
        }
    }
    // One feed a call (20 texts: one block of 16, four wait for more).
    assert_eq!(calls, [(1, true), (1, true), (1, false)]);
    assert_eq!(blocks(&path), 3);
    assert_eq!(texts(&s), before);
}
