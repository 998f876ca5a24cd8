//! Reading the texts of many articles in one walk, each text block
//! decompressed once.
//!
//! A walk over a window of articles (ranking's texts, fingerprints, the
//! search indexer's batches) goes in id or date order. A cache grown by
//! refreshes stores a few articles of every feed per refresh, so in that
//! order consecutive articles belong to different feeds, while a block
//! holds 16 consecutive articles of one feed: reading each packed member
//! where the walk meets it decompressed its block once per member
//! (`text_blocks::member` keeps only the last block). A `Deferred` walk
//! reads loose texts at once, keeps the packed members aside, and reads
//! them afterwards sorted by block, so each block is decompressed once
//! (a generated cache, whose ids run a feed's week at a time, hid this).

use rusqlite::types::{Type, ValueRef};
use rusqlite::{Connection, Row};

use super::text_blocks::{self, Texts};

/// Packed members met during a walk, read after it (see the module docs).
pub(super) struct Deferred<T> {
    /// The row column of the summary (the content follows it), for errors.
    idx: usize,
    /// (block, article, what the caller needs back with the texts).
    waiting: Vec<(i64, i64, T)>,
}

impl<T> Deferred<T> {
    /// For rows whose columns `idx` and `idx + 1` are `article_texts`'
    /// summary and content.
    pub(super) fn new(idx: usize) -> Self {
        Deferred {
            idx,
            waiting: Vec::new(),
        }
    }

    /// Article `article`'s texts from row `r` when they are loose; when
    /// they are in a block, `None`, and the member is kept with `tag`
    /// for `read`.
    pub(super) fn texts_or_defer(
        &mut self,
        conn: &Connection,
        r: &Row<'_>,
        article: i64,
        tag: T,
    ) -> rusqlite::Result<Option<Texts>> {
        if let ValueRef::Integer(block) = r.get_ref(self.idx + 1)? {
            self.waiting.push((block, article, tag));
            return Ok(None);
        }
        text_blocks::row_texts(conn, r, self.idx, article).map(Some)
    }

    /// Every kept member's texts with its tag, a block at a time.
    pub(super) fn read(
        mut self,
        conn: &Connection,
        mut each: impl FnMut(T, Texts) -> rusqlite::Result<()>,
    ) -> rusqlite::Result<()> {
        self.waiting.sort_unstable_by_key(|w| (w.0, w.1));
        for (block, article, tag) in self.waiting {
            let texts = text_blocks::member(conn, block, article).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(self.idx + 1, Type::Integer, Box::new(e))
            })?;
            each(tag, texts)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use super::super::{RankFields, Store, fingerprints, search, text_blocks};
    use crate::config::settings::FeedSettings;
    use crate::domain::{NewArticle, ParsedFeed};
    use crate::rank::{Fingerprint, RankArticle, lead_text};

    const FEEDS: [&str; 3] = ["a", "b", "c"];
    const ROUNDS: usize = 6;

    fn summary(feed: &str, round: usize, n: usize) -> String {
        format!("Жаңалық {feed}{round}{n}: облыс әкімдігі жаңа мектеп туралы хабарлады {round}")
    }

    /// A cache grown as refreshes grow one: every round brings two new
    /// articles of each feed, so ids interleave the feeds; all of them old
    /// enough to be packed, one block per feed.
    fn interleaved_packed_cache() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("cache.db")).unwrap();
        let feeds: Vec<FeedSettings> = FEEDS
            .iter()
            .map(|k| FeedSettings::new(*k, format!("https://{k}.example/rss").parse().unwrap()))
            .collect();
        let ids = store.sync_feeds(&feeds).unwrap();
        let now = Utc::now();
        for round in 0..ROUNDS {
            for (f, feed) in FEEDS.iter().enumerate() {
                let items = (0..2)
                    .map(|n| NewArticle {
                        key: format!("{feed}-{round}-{n}"),
                        title: format!("{feed} {round} {n}"),
                        summary: Some(summary(feed, round, n)),
                        published: Some(now - Duration::days(20 - round as i64)),
                        ..NewArticle::default()
                    })
                    .collect();
                let parsed = ParsedFeed {
                    items,
                    ..ParsedFeed::default()
                };
                store
                    .apply_update(ids[f], &parsed, &Default::default(), now)
                    .unwrap();
            }
        }
        let packed = store.pack_texts(now, None).unwrap();
        assert_eq!((packed.blocks, packed.texts), (3, 36));
        (dir, store)
    }

    fn decodes_of(walk: impl FnOnce()) -> u64 {
        let before = text_blocks::decoded();
        walk();
        text_blocks::decoded() - before
    }

    /// Ranking's window, in id order, meets the three feeds' blocks by
    /// turns: each is decompressed once, not once per member (36).
    #[test]
    fn a_window_of_interleaved_feeds_decompresses_each_block_once() {
        let (_dir, store) = interleaved_packed_cache();
        let mut read = Vec::new();
        let n = decodes_of(|| {
            read = store
                .rank_inputs(Utc::now() - Duration::days(30), RankFields::Text)
                .unwrap();
        });
        assert!(n <= 3, "{n} blocks decompressed for 3 blocks");
        assert_eq!(read.len(), 36);
        for a in &read {
            let mut parts = a.title.split(' ');
            let (feed, round, k) = (
                parts.next().unwrap(),
                parts.next().unwrap().parse().unwrap(),
                parts.next().unwrap().parse().unwrap(),
            );
            assert_eq!(a.summary.as_deref(), Some(summary(feed, round, k).as_str()));
        }
    }

    /// Fingerprints computed from packed texts: each block once, and the
    /// same fingerprint the writer computes from the item.
    #[test]
    fn fingerprints_of_interleaved_packed_articles_decompress_each_block_once() {
        let (_dir, store) = interleaved_packed_cache();
        let mut arts = store
            .rank_inputs(Utc::now() - Duration::days(30), RankFields::Text)
            .unwrap();
        for a in &mut arts {
            a.fingerprint = None;
        }
        let n =
            decodes_of(|| fingerprints::fill_missing(&store.conn, &mut arts, &|_| true).unwrap());
        assert!(n <= 3, "{n} blocks decompressed for 3 blocks");
        for a in &arts {
            let RankArticle { title, .. } = a;
            let mut parts = title.split(' ');
            let (feed, round, k) = (
                parts.next().unwrap(),
                parts.next().unwrap().parse().unwrap(),
                parts.next().unwrap().parse().unwrap(),
            );
            let text = summary(feed, round, k);
            let want = Fingerprint::of(title, lead_text(Some(&text), None), None);
            assert_eq!(a.fingerprint.as_ref(), Some(&want), "{title}");
        }
    }

    /// The search indexer's batch: each block once, every packed text
    /// indexed.
    #[test]
    fn the_search_indexer_decompresses_each_block_once_per_batch() {
        let (_dir, store) = interleaved_packed_cache();
        store
            .conn
            .execute_batch("INSERT OR IGNORE INTO fts_pending SELECT id FROM articles")
            .unwrap();
        let mut indexed = 0;
        let n = decodes_of(|| indexed = search::catch_up(&store.conn, 1000).unwrap());
        assert_eq!(indexed, 36);
        assert!(n <= 3, "{n} blocks decompressed for 3 blocks");
        let found: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM article_fts WHERE article_fts MATCH 'әкімдігі'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 36);
    }
}
