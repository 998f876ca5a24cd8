//! Applying one fetched + parsed feed: upsert its articles by (feed, key),
//! keep the signal history, store the fetch state. A feed is applied in one
//! transaction (alone, or with others in a `WriteBatch`), so a crash or kill
//! leaves it as it was before or after, never half.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{OptionalExtension, params};

use super::codec::{self, Encoder, PreparedTexts};
use super::convert::{opt_ts, to_ts, u64_from_sql, u64_to_sql};
use super::identity::identity_match;
use super::names::Names;
use super::new_rows::NewRows;
use super::{At, LAST_SEEN_STEP, Store, StoreError, UpdateStats, write_tx};
use super::{fingerprints, identity, link_form, media, search, text_blocks};
use crate::domain::{FeedId, NewArticle, ParsedFeed, Signals};
use crate::fetch::Validators;

/// The stored values an update compares against, in their stored form
/// (times in whole seconds), so a re-parse of the same document compares
/// equal.
struct Existing {
    id: i64,
    title: String,
    link: Option<String>,
    author: Option<String>,
    category: Option<String>,
    published: Option<i64>,
    updated: Option<i64>,
    /// Stored form (TEXT or compressed BLOB), compared without decoding.
    summary: Value,
    content: Value,
    /// The texts are a block's member (`text_blocks`), read decoded.
    packed: bool,
    signals: Signals,
    last_seen: i64,
}

impl Existing {
    fn text_differs(&self, item: &NewArticle, codec: &mut Encoder) -> bool {
        self.title != item.title
            || self.link != item.link
            || self.author != item.author
            || self.category != item.category
            || self.published != opt_ts(item.published)
            || self.updated != opt_ts(item.updated)
            || !codec.same_text(&self.summary, item.summary.as_deref())
            || !codec.same_text(&self.content, item.content.as_deref())
    }
}

/// The article of the feed with the item's key (`identity`: ?1 feed,
/// ?2 the key's hash, ?3 the key).
const SELECT_EXISTING: &str = concat!(
    "SELECT a.id, a.title, ",
    super::link_form::decoded_link!("a.link", "(SELECT link_origin FROM feeds WHERE id = ?1)"),
    ", ",
    super::names::author_and_category!(),
    ", ",
    super::convert::published!(),
    ", a.updated, t.summary, t.content,
        a.views, a.comments, a.score, a.rating, ",
    super::convert::last_seen!(),
    "
    FROM articles a LEFT JOIN article_texts t ON t.article_id = a.id
    WHERE ",
    identity_match!()
);

/// The key is kept as its hash, and as text only where it is not the
/// link (`identity`); the fingerprint apart (`fingerprints`).
/// `published` is stored as its offset from `sort_date` (`convert::published!`),
/// the times it was seen as theirs (`convert::first_seen!`, `last_seen!`).
const INSERT: &str = "INSERT INTO articles (feed_id, key_hash, key_text, sort_date,
        first_seen_delay, seen_for, published, updated, views, comments, score, rating,
        title, link, author_id, category_id, title_derived)
    VALUES (?1, ?2, ?3, coalesce(?5, ?4), ?4 - coalesce(?5, ?4), 0, ?5 - coalesce(?5, ?4),
        ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

/// Schema v23's part: `published` as its offset from `sort_date`.
pub(super) fn published_as_offset(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "UPDATE articles SET published = published - sort_date WHERE published IS NOT NULL;",
    )
}

/// Read/starred are deliberately absent: a refresh never resets them.
/// `key_text` is written with every `link`, so the key stays
/// `coalesce(key_text, link)` when the link changes. The seen times are
/// offsets (`convert::first_seen!`): each right-hand side reads the row
/// as it was, so `sort_date + first_seen_delay` is the first time seen.
const UPDATE: &str = "UPDATE articles SET
        sort_date = coalesce(?3, sort_date + first_seen_delay),
        first_seen_delay = sort_date + first_seen_delay - coalesce(?3, sort_date + first_seen_delay),
        seen_for = ?2 - (sort_date + first_seen_delay),
        published = ?3 - coalesce(?3, sort_date + first_seen_delay),
        updated = ?4, views = ?5, comments = ?6, score = ?7, rating = ?8,
        title = ?9, link = ?10, author_id = ?11, category_id = ?12, key_text = ?13,
        title_derived = ?14
    WHERE id = ?1 RETURNING sort_date";

/// The long texts live in their own table (see `schema`).
const TEXTS: &str = "INSERT OR REPLACE INTO article_texts (article_id, summary, content)
    VALUES (?1, ?2, ?3)";

/// Only the signals moved (the common case on a busy site): the long texts
/// are neither re-encoded nor rewritten.
const UPDATE_SIGNALS: &str = "UPDATE articles SET seen_for = ?2 - (sort_date + first_seen_delay),
        views = ?3, comments = ?4, score = ?5, rating = ?6
    WHERE id = ?1";

/// Unchanged articles only get their "still in the feed" time, which
/// retention uses so an old article still in the document is not deleted
/// and then re-added as new on the next refresh. It is refreshed at most once
/// per `LAST_SEEN_STEP`: rewriting every row on every refresh would write
/// each article's page to the log even when nothing changed.
const TOUCH: &str =
    "UPDATE articles SET seen_for = ?2 - (sort_date + first_seen_delay) WHERE id = ?1";

/// A new article's texts and first sample: plain inserts, its id being
/// new. `OR REPLACE` on a table with a foreign key makes SQLite plan a
/// delete on conflict, and so a statement journal (a copy of every page
/// the insert touches) for every insert (`new_rows`).
const NEW_TEXTS: &str = "INSERT INTO article_texts (article_id, summary, content)
    VALUES (?1, ?2, ?3)";
const NEW_SAMPLE: &str = "INSERT INTO signal_samples (article_id, at, views, comments, score)
    VALUES (?1, ?2, ?3, ?4, ?5)";

const SAMPLE: &str =
    "INSERT OR REPLACE INTO signal_samples (article_id, at, views, comments, score)
    VALUES (?1, ?2, ?3, ?4, ?5)";

/// A text in stored form: from `prepared` when the parser compressed it,
/// else encoded here.
fn stored<'t>(
    prepared: Option<&'t PreparedTexts>,
    encoder: &mut Encoder,
    i: usize,
    field: usize,
    text: Option<&'t str>,
) -> Option<ToSqlOutput<'t>> {
    match prepared {
        Some(p) => p.get(i, field, text),
        None => encoder.encode(text),
    }
}

/// An item's fingerprint in stored form: from `prepared` when the parser
/// computed it, else computed here (a refresh's changed articles: the
/// story linker only fills fingerprints that are missing, so a stale one
/// must not stay).
fn fingerprint<'t>(
    prepared: Option<&'t PreparedTexts>,
    i: usize,
    item: &NewArticle,
) -> std::borrow::Cow<'t, [u8]> {
    match prepared.and_then(|p| p.fingerprint(i)) {
        Some(f) => std::borrow::Cow::Borrowed(f),
        None => std::borrow::Cow::Owned(codec::fingerprint(item)),
    }
}

impl Store {
    /// Apply one fetched + parsed feed in one transaction: insert new
    /// articles, update changed ones (signals refreshed), never touch
    /// read/starred; store the validators; record success at `now`.
    ///
    /// Items repeating a key already seen in the same document are skipped
    /// (the first one wins) and not counted.
    pub fn apply_update(
        &mut self,
        feed: FeedId,
        parsed: &ParsedFeed,
        validators: &Validators,
        now: DateTime<Utc>,
    ) -> Result<UpdateStats, StoreError> {
        self.apply_update_prepared(feed, parsed, None, validators, now)
    }

    /// `apply_update` with the texts already compressed by `prepare_texts`
    /// (on a parser thread), so the writer does not compress.
    pub fn apply_update_prepared(
        &mut self,
        feed: FeedId,
        parsed: &ParsedFeed,
        prepared: Option<&PreparedTexts>,
        validators: &Validators,
        now: DateTime<Utc>,
    ) -> Result<UpdateStats, StoreError> {
        let Store {
            conn,
            encoder,
            path,
            ..
        } = self;
        let path = path.as_str();
        let tx = write_tx(conn, path)?;
        let stats = apply_in(&tx, encoder, path, feed, parsed, prepared, validators, now)?;
        tx.commit().at(path)?;
        Ok(stats)
    }
}

/// The body of an update, inside whatever transaction the
/// caller holds on `tx`; the caller commits, or rolls back on error.
/// The feed's row first (it must exist), then each item once: `insert`
/// when the feed has no article with its key, `merge` when it has.
#[allow(clippy::too_many_arguments)]
pub(super) fn apply_in(
    tx: &rusqlite::Connection,
    encoder: &mut Encoder,
    path: &str,
    feed: FeedId,
    parsed: &ParsedFeed,
    prepared: Option<&PreparedTexts>,
    validators: &Validators,
    now: DateTime<Utc>,
) -> Result<UpdateStats, StoreError> {
    let now_s = to_ts(now);
    record_success(tx, path, feed, parsed, validators, now_s)?;
    // Links are stored relative to the feed's origin (`link_form`).
    let origin = link_form::feed_origin(
        tx,
        feed.0,
        parsed.items.iter().filter_map(|i| i.link.as_deref()),
    )
    .at(path)?;
    let mut w = ItemWriter {
        origin,
        select: tx.prepare_cached(SELECT_EXISTING).at(path)?,
        insert: tx.prepare_cached(INSERT).at(path)?,
        update: tx.prepare_cached(UPDATE).at(path)?,
        texts: tx.prepare_cached(TEXTS).at(path)?,
        new_texts: tx.prepare_cached(NEW_TEXTS).at(path)?,
        update_signals: tx.prepare_cached(UPDATE_SIGNALS).at(path)?,
        touch: tx.prepare_cached(TOUCH).at(path)?,
        sample: tx.prepare_cached(SAMPLE).at(path)?,
        new_sample: tx.prepare_cached(NEW_SAMPLE).at(path)?,
        names: Names::default(),
        new_rows: NewRows::new(tx, feed.0),
        tx,
        encoder,
        path,
        feed,
        prepared,
        now_s,
    };
    // A feed's first fetch (every feed, on a first refresh) has nothing
    // stored to compare against: skip a lookup per item.
    let stored_any: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM articles WHERE feed_id = ?1)")
        .at(path)?
        .query_row([feed.0], |r| r.get(0))
        .at(path)?;
    let mut stats = UpdateStats::default();
    let mut seen: HashSet<&str> = HashSet::with_capacity(parsed.items.len());
    for (i, item) in parsed.items.iter().enumerate() {
        if !seen.insert(item.key.as_str()) {
            continue;
        }
        let existing = if stored_any { w.existing(item)? } else { None };
        match existing {
            // A damaged document may update what is known but never
            // add an item whose identity was derived from what it holds.
            None if parsed.damaged && item.key.starts_with("sha256:") => continue,
            None => {
                w.insert(i, item)?;
                stats.new += 1;
            }
            Some(old) => {
                if w.merge(i, item, &old)? {
                    stats.updated += 1;
                } else {
                    stats.unchanged += 1;
                }
            }
        }
    }
    w.new_rows.finish().at(path)?;
    // Every item counted here is a distinct stored article of this feed
    // that the document named (`retention`, "Feeds with nothing to remove").
    let sighted = stats.new + stats.updated + stats.unchanged;
    tx.prepare_cached("UPDATE feeds SET sighted = ?2 WHERE id = ?1")
        .at(path)?
        .execute(params![feed.0, i64::try_from(sighted).unwrap_or(i64::MAX)])
        .at(path)?;
    Ok(stats)
}

/// The feed's row: title and site link when the document has them, the
/// validators for the next conditional GET, a success at `now_s`.
fn record_success(
    tx: &rusqlite::Connection,
    path: &str,
    feed: FeedId,
    parsed: &ParsedFeed,
    validators: &Validators,
    now_s: i64,
) -> Result<(), StoreError> {
    let n = tx
        .prepare_cached(
            "UPDATE feeds SET title = coalesce(?2, title), site_link = coalesce(?3, site_link),
                    etag = ?4, last_modified = ?5,
                    last_success = ?6, last_attempt = ?6, last_update = ?6, last_error = NULL
                 WHERE id = ?1",
        )
        .at(path)?
        .execute(params![
            feed.0,
            parsed.title,
            parsed.site_link,
            validators.etag,
            validators.last_modified,
            now_s
        ])
        .at(path)?;
    if n == 0 {
        return Err(StoreError::NoSuchFeed(feed));
    }
    Ok(())
}

/// One feed's items going into the cache: the statements prepared once per
/// update, and what every item's write needs.
struct ItemWriter<'t, 'e> {
    tx: &'t rusqlite::Connection,
    encoder: &'e mut Encoder,
    path: &'t str,
    feed: FeedId,
    prepared: Option<&'t PreparedTexts>,
    now_s: i64,
    /// The feed's origin, under which links are stored (`link_form`).
    origin: Option<String>,
    select: rusqlite::CachedStatement<'t>,
    insert: rusqlite::CachedStatement<'t>,
    update: rusqlite::CachedStatement<'t>,
    texts: rusqlite::CachedStatement<'t>,
    new_texts: rusqlite::CachedStatement<'t>,
    update_signals: rusqlite::CachedStatement<'t>,
    touch: rusqlite::CachedStatement<'t>,
    sample: rusqlite::CachedStatement<'t>,
    new_sample: rusqlite::CachedStatement<'t>,
    /// Authors' and categories' ids (`names`).
    names: Names,
    /// New articles' flags, queue places and counts (`new_rows`).
    new_rows: NewRows<'t>,
}

impl ItemWriter<'_, '_> {
    /// The item's link as stored: relative to the feed's origin.
    fn stored_link<'i>(&self, item: &'i NewArticle) -> Option<std::borrow::Cow<'i, str>> {
        let origin = self.origin.as_deref();
        item.link.as_deref().map(|l| link_form::encode(l, origin))
    }

    /// What the feed has stored under the item's key, if anything.
    /// A packed article's texts (`text_blocks`) come decoded, so they
    /// compare with the item's like loose ones.
    fn existing(&mut self, item: &NewArticle) -> Result<Option<Existing>, StoreError> {
        let mut old = self
            .select
            .query_row(
                params![self.feed.0, identity::key_hash(&item.key), item.key],
                read_existing,
            )
            .optional()
            .at(self.path)?;
        if let Some(o) = old.as_mut()
            && matches!(o.content, Value::Integer(_))
        {
            let (s, c) = text_blocks::texts_of(self.tx, o.id)
                .at(self.path)?
                .unwrap_or_default();
            o.summary = s.map_or(Value::Null, Value::Text);
            o.content = c.map_or(Value::Null, Value::Text);
            o.packed = true;
        }
        Ok(old)
    }

    /// A new article: its row, its texts, its first signal sample, and a
    /// place in the search index's queue.
    fn insert(&mut self, i: usize, item: &NewArticle) -> Result<(), StoreError> {
        let (path, now_s, prepared) = (self.path, self.now_s, self.prepared);
        let s = item.signals;
        let link = self.stored_link(item);
        let author = self.names.id(self.tx, item.author.as_deref()).at(path)?;
        let category = self.names.id(self.tx, item.category.as_deref()).at(path)?;
        self.insert
            .execute(params![
                self.feed.0,
                identity::key_hash(&item.key),
                identity::key_text(&item.key, item.link.as_deref()),
                now_s,
                opt_ts(item.published),
                opt_ts(item.updated),
                u64_to_sql(s.views),
                u64_to_sql(s.comments),
                s.score,
                s.rating,
                item.title,
                link,
                author,
                category,
                item.title_derived,
            ])
            .at(path)?;
        let id = self.tx.last_insert_rowid();
        let sort_date = opt_ts(item.published).unwrap_or(now_s);
        self.new_rows.article(id, sort_date);
        // A refresh leaves the fingerprint to the story linker: the insert
        // queued the article for it (`new_rows`), and it computes the
        // fingerprint from the texts stored here (`PreparedTexts`).
        let deferred = prepared.is_some_and(PreparedTexts::fingerprints_deferred);
        if !deferred && sort_date >= fingerprints::horizon(now_s) {
            let f = fingerprint(prepared, i, item);
            fingerprints::write(self.tx, id, sort_date, now_s, &f).at(path)?;
        }
        // Queued for the search index by `new_rows` with the feed's other
        // new articles.
        media::write_enclosures(self.tx, id, &item.enclosures, true).at(path)?;
        if item.summary.is_some() || item.content.is_some() {
            self.new_texts
                .execute(params![
                    id,
                    stored(prepared, self.encoder, i, 0, item.summary.as_deref()),
                    stored(prepared, self.encoder, i, 1, item.content.as_deref()),
                ])
                .at(path)?;
        }
        if has_counts(&s) {
            self.new_sample
                .execute(params![
                    id,
                    now_s,
                    u64_to_sql(s.views),
                    u64_to_sql(s.comments),
                    s.score
                ])
                .at(path)?;
        }
        Ok(())
    }

    /// An article seen again: its text rewritten when it changed, its
    /// signals merged (new values win, a value the source no longer
    /// reports is kept) and sampled when they moved; else only `last_seen`,
    /// and that at most every `LAST_SEEN_STEP`. True when it changed.
    fn merge(&mut self, i: usize, item: &NewArticle, old: &Existing) -> Result<bool, StoreError> {
        let (path, now_s, prepared) = (self.path, self.now_s, self.prepared);
        // Checked apart from the texts: a feed that adds an episode's file
        // to a known item changes only that. An item without any keeps what
        // is stored (a sync server's copy of an item carries none).
        if !item.enclosures.is_empty() {
            media::write_enclosures(self.tx, old.id, &item.enclosures, false).at(path)?;
        }
        let merged = old.signals.merged_with(item.signals);
        let text_changed = old.text_differs(item, self.encoder);
        if !text_changed && merged == old.signals {
            if old.last_seen < now_s - LAST_SEEN_STEP {
                self.touch.execute(params![old.id, now_s]).at(path)?;
            }
            return Ok(false);
        }
        if text_changed {
            let link = self.stored_link(item);
            let author = self.names.id(self.tx, item.author.as_deref()).at(path)?;
            let category = self.names.id(self.tx, item.category.as_deref()).at(path)?;
            let sort_date: i64 = self
                .update
                .query_row(
                    params![
                        old.id,
                        now_s,
                        opt_ts(item.published),
                        opt_ts(item.updated),
                        u64_to_sql(merged.views),
                        u64_to_sql(merged.comments),
                        merged.score,
                        merged.rating,
                        item.title,
                        link,
                        author,
                        category,
                        identity::key_text(&item.key, item.link.as_deref()),
                        item.title_derived,
                    ],
                    |r| r.get(0),
                )
                .at(path)?;
            // Written, or removed when the new date is past the horizon
            // (the move trigger took it to that date).
            let f = if sort_date >= fingerprints::horizon(now_s) {
                fingerprint(prepared, i, item)
            } else {
                std::borrow::Cow::Borrowed(&[][..])
            };
            fingerprints::write(self.tx, old.id, sort_date, now_s, &f).at(path)?;
            // Out of its block first: the REPLACE below would drop the
            // row without the trigger that counts the block's members.
            if old.packed {
                self.tx
                    .prepare_cached("DELETE FROM article_texts WHERE article_id = ?1")
                    .at(path)?
                    .execute([old.id])
                    .at(path)?;
            }
            self.texts
                .execute(params![
                    old.id,
                    stored(prepared, self.encoder, i, 0, item.summary.as_deref()),
                    stored(prepared, self.encoder, i, 1, item.content.as_deref()),
                ])
                .at(path)?;
            search::queue(self.tx, old.id).at(path)?;
        } else {
            self.update_signals
                .execute(params![
                    old.id,
                    now_s,
                    u64_to_sql(merged.views),
                    u64_to_sql(merged.comments),
                    merged.score,
                    merged.rating,
                ])
                .at(path)?;
        }
        if counts_differ(&old.signals, &merged) {
            self.sample
                .execute(params![
                    old.id,
                    now_s,
                    u64_to_sql(merged.views),
                    u64_to_sql(merged.comments),
                    merged.score
                ])
                .at(path)?;
        }
        Ok(true)
    }
}

fn read_existing(r: &rusqlite::Row<'_>) -> rusqlite::Result<Existing> {
    Ok(Existing {
        id: r.get(0)?,
        title: r.get(1)?,
        link: r.get(2)?,
        author: r.get(3)?,
        category: r.get(4)?,
        published: r.get(5)?,
        updated: r.get(6)?,
        summary: r.get(7)?,
        content: r.get(8)?,
        packed: false,
        signals: Signals {
            views: u64_from_sql(r.get(9)?),
            comments: u64_from_sql(r.get(10)?),
            score: r.get(11)?,
            rating: r.get(12)?,
        },
        last_seen: r.get(13)?,
    })
}

/// The history keeps the countable signals (views, comments, score), whose
/// growth the ranking uses; a rating is a level, not a count.
fn has_counts(s: &Signals) -> bool {
    s.views.is_some() || s.comments.is_some() || s.score.is_some()
}

fn counts_differ(a: &Signals, b: &Signals) -> bool {
    a.views != b.views || a.comments != b.comments || a.score != b.score
}
