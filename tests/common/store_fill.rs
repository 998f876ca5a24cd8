//! Articles written straight into a store, as a refresh would write them:
//! for tests of what the store makes of them (search, counts).

use chrono::{DateTime, TimeZone, Utc};
use keruen::domain::{Article, ArticleId, FeedId, NewArticle, ParsedFeed};
use keruen::fetch::Validators;
use keruen::store::{ArticleQuery, Store, UpdateStats};

/// Feed `feed`'s items `from..from + n` as its document gives them: keys
/// `f{feed}-{i}`, a title and a link of their own, each dated by
/// `published(i)` (tests of what many feeds' articles do to the counts).
pub fn numbered_doc(
    feed: usize,
    from: usize,
    n: usize,
    published: impl Fn(usize) -> Option<DateTime<Utc>>,
) -> ParsedFeed {
    ParsedFeed {
        title: Some(format!("Feed {feed}")),
        site_link: None,
        items: (from..from + n)
            .map(|i| NewArticle {
                key: format!("f{feed}-{i}"),
                title: format!("Item {i} of feed {feed}"),
                link: Some(format!("https://f{feed}.example/{i}")),
                published: published(i),
                ..NewArticle::default()
            })
            .collect(),
        damaged: false,
    }
}

/// Noon of `day` November 2026.
pub fn november(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
}

/// An article with this key, title and text, published on `day`
/// (`november`), linked at `https://example.kz/{key}`.
pub fn news(key: &str, title: &str, body: &str, day: u32) -> NewArticle {
    NewArticle {
        key: key.into(),
        title: title.into(),
        link: Some(format!("https://example.kz/{key}")),
        published: Some(november(day)),
        summary: Some(body.into()),
        ..NewArticle::default()
    }
}

/// Writes `items` as one refresh of `feed` on `day` (`november`).
pub fn apply(s: &mut Store, feed: FeedId, items: Vec<NewArticle>, day: u32) {
    apply_at(s, feed, items, november(day));
}

/// `items` written as one fetch of `feed` at `now`, with what it did.
pub fn apply_at(
    s: &mut Store,
    feed: FeedId,
    items: Vec<NewArticle>,
    now: DateTime<Utc>,
) -> UpdateStats {
    let doc = ParsedFeed {
        items,
        damaged: false,
        ..ParsedFeed::default()
    };
    s.apply_update(feed, &doc, &Validators::default(), now)
        .unwrap()
}

/// (feed, articles, unread) per feed counted from the flags table itself,
/// to hold the counts the store keeps against.
pub fn counts_from_flags(c: &rusqlite::Connection) -> Vec<(i64, i64, i64)> {
    c.prepare(
        "SELECT feed_id, count(*), sum(read = 0) FROM article_flags
         GROUP BY feed_id ORDER BY feed_id",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// `feed_counts` as kept (feeds with articles), in the shape of
/// [`counts_from_flags`], which it must equal.
pub fn kept_feed_counts(c: &rusqlite::Connection) -> Vec<(i64, i64, i64)> {
    c.prepare("SELECT feed_id, total, unread FROM feed_counts WHERE total != 0 ORDER BY feed_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The rows of a two-column integer query.
pub fn pairs(c: &rusqlite::Connection, sql: &str) -> Vec<(i64, i64)> {
    c.prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// `unread_spans` as kept (spans with unread articles) equals a recount of
/// the unread flags per span of 2^12 s.
pub fn assert_span_counts(c: &rusqlite::Connection, when: &str) {
    let kept = pairs(
        c,
        "SELECT span, unread FROM unread_spans WHERE unread != 0 ORDER BY span",
    );
    let counted = pairs(
        c,
        "SELECT sort_date >> 12, count(*) FROM article_flags WHERE read = 0
         GROUP BY 1 ORDER BY 1",
    );
    assert_eq!(kept, counted, "{when}: unread counts per span");
}

/// The last segment of a hit's link: the key the tests' articles are
/// written with (`news` links at `https://example.kz/{key}`).
pub fn hit_key(hit: keruen::domain::SearchHit) -> String {
    hit.article
        .link
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// Every article of the store, whole, in id order: for comparing a
/// cache before and after a step that must change nothing readers see.
pub fn every_article(s: &Store) -> Vec<Article> {
    let mut ids: Vec<ArticleId> = s
        .articles(&ArticleQuery::default())
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    ids.sort();
    ids.into_iter().map(|id| s.article(id).unwrap()).collect()
}
