//! Kept story links (schema v20): the pairs of articles that are one
//! story by the "same story?" test, with their cosine, computed when
//! articles arrive instead of on every Top stories (`rank::kept`).
//!
//! - `story_links` holds each pair once (lower id first) with the earlier
//!   of the two dates (`at`: a window reads its links by date) and the
//!   cosine (NULL: one canonical URL).
//! - `story_links_pending` lists the articles whose links are not computed:
//!   every new article (queued by its insert, `new_rows`, since v27), and
//!   one whose fingerprint, date or feed changed (triggers on `articles`
//!   and on `article_fingerprints`, so no writer can forget it). The
//!   store's owner links them in bounded steps
//!   (`link_some`): the TUI's ranking worker after a refresh, `keruen top`
//!   before it ranks. The first steps store the fingerprints a refresh
//!   left out (`fingerprints::fill_recent`).
//! - `story_links_meta` keeps what the links were computed with
//!   (`rank::kept::signature`: rules version, fingerprint version,
//!   threshold, span): under another signature every link is dropped and
//!   computed again. It also keeps the document frequencies of the newest
//!   step's window (`df`), which weigh the comparisons of story members
//!   that are not links.
//!
//! A deleted article's links and queue entry go by trigger (retention, a
//! removed feed). Only articles of the last `LINK_HORIZON` are linked:
//! Top stories over a longer window is computed fresh.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::convert::{from_ts, to_ts};
use super::{At, Store, StoreError};
use crate::config::settings::RankSettings;
use crate::domain::ArticleId;
use crate::rank::kept::{self, DocFreqs};

/// Articles older than this are not linked (and their links dropped):
/// Top stories over a window reaching further back is computed fresh.
pub const LINK_HORIZON: Duration = Duration::from_secs(31 * 24 * 3600);

/// The reference window of a step reaches at least this far back from its
/// newest article, so its document frequencies are those of a week of
/// news, as in Top stories over a week (docs/ranking.md).
pub const LINK_REFERENCE: Duration = Duration::from_secs(7 * 24 * 3600);

/// Articles linked per step. A step reads its reference window (~9 days
/// of articles) whatever its size, and vectorises the part within the span
/// of its batch (~6 days on the 1M cache; the rest is counted a day at a
/// time): ~0.3 s of one core on a cache of 2,000 feeds, without the write
/// lock (`link_step`); in the reader it runs on the ranking worker, so
/// only a Top or related stories asked for meanwhile waits for it.
pub const LINK_BATCH: usize = 5_000;

/// Steps in a row `link_some` computes without the write lock before it
/// takes the lock for the next: a writer committing more often than a
/// step lasts (marks as the user reads, a refresh) would otherwise have
/// every step computed again for ever.
const LINK_OPTIMISTIC: usize = 2;

/// Fingerprints computed (from the stored texts) and stored per step of
/// the linker, for the articles a refresh stored without one: ~40 µs
/// each, so a step stays well under a linking step's time.
pub const FILL_BATCH: usize = 2_000;

/// Queued articles past `LINK_HORIZON` (or gone) a step drops from the
/// queue. SQLite collects the rows a `DELETE … IN (subquery)` removes in
/// memory before removing them (~24 bytes a row): the whole queue of a
/// year-old cache at once was 22 MB of the reader's heap, its peak while
/// a cache relinks (docs/performance.md). A step drops this many; the
/// next steps the rest.
pub const DROP_BATCH: usize = 10_000;

/// A link as stored: (lower id, higher id, the earlier date, cosine;
/// `None`: one canonical URL).
type LinkRow = (i64, i64, i64, Option<f64>);

/// What one step of the linker did.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// Linked, or fingerprinted (`fill_recent`), this many articles (0:
    /// nothing to do).
    Linked(usize),
    /// Another connection committed while the step computed; nothing was
    /// written, the same articles still wait.
    Conflict,
}

/// The v20 step. Safe to run again: every article is queued.
pub(super) const V20: &str = "
CREATE TABLE IF NOT EXISTS story_links (
    lo  INTEGER NOT NULL,
    hi  INTEGER NOT NULL,
    at  INTEGER NOT NULL,
    cos REAL,
    PRIMARY KEY (lo, hi)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_links_hi ON story_links (hi);
-- With the cosine, so a window's links are read from the index alone.
CREATE INDEX IF NOT EXISTS story_links_at ON story_links (at, cos);
CREATE TABLE IF NOT EXISTS story_links_pending (article_id INTEGER PRIMARY KEY) STRICT;
CREATE TABLE IF NOT EXISTS story_links_meta (key TEXT PRIMARY KEY, value ANY) STRICT;
-- Dropped by v27: the insert queues a new article itself (`new_rows`).
CREATE TRIGGER IF NOT EXISTS story_links_insert AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO story_links_pending (article_id) VALUES (new.id);
END;
CREATE TRIGGER IF NOT EXISTS story_links_delete AFTER DELETE ON articles BEGIN
    DELETE FROM story_links WHERE lo = old.id;
    DELETE FROM story_links WHERE hi = old.id;
    DELETE FROM story_links_pending WHERE article_id = old.id;
END;
CREATE TRIGGER IF NOT EXISTS story_links_update
AFTER UPDATE OF sort_date, feed_id ON articles
WHEN old.sort_date IS NOT new.sort_date
  OR old.feed_id IS NOT new.feed_id
BEGIN
    DELETE FROM story_links WHERE lo = old.id;
    DELETE FROM story_links WHERE hi = old.id;
    INSERT OR IGNORE INTO story_links_pending (article_id) VALUES (new.id);
END;
-- Fingerprints live in their own table (v19, `fingerprints`), written by
-- INSERT OR REPLACE: before the write, a fingerprint that is not the one
-- stored (a new article's, or a changed text's) drops the article's links
-- and queues it. The same fingerprint written again changes nothing.
CREATE TRIGGER IF NOT EXISTS story_links_fingerprint
BEFORE INSERT ON article_fingerprints
WHEN NOT EXISTS (SELECT 1 FROM article_fingerprints
                 WHERE article_id = new.article_id AND fingerprint = new.fingerprint)
BEGIN
    DELETE FROM story_links WHERE lo = new.article_id;
    DELETE FROM story_links WHERE hi = new.article_id;
    INSERT OR IGNORE INTO story_links_pending (article_id) VALUES (new.article_id);
END;
INSERT OR IGNORE INTO story_links_pending (article_id) SELECT id FROM articles;
";

/// The kept links of a window, for Top stories (`stories::top`).
#[derive(Debug, Clone, PartialEq)]
pub struct KeptLinks {
    /// (one end, other end, cosine; `None`: one canonical URL).
    pub links: Vec<(ArticleId, ArticleId, Option<f32>)>,
    /// Document frequencies of the newest step's window.
    pub df: DocFreqs,
}

fn span(settings: &RankSettings) -> chrono::Duration {
    chrono::Duration::from_std(settings.cluster_window).unwrap_or(chrono::Duration::MAX)
}

fn back(now: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| now.checked_sub_signed(d))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

impl Store {
    /// Count the articles of a step's reference window dated from `from`
    /// up to (not at) `near`, a day at a time, into `rest`, and return
    /// the links of one canonical URL between them and the pending
    /// articles of `window` (which holds the window from `near` on): one
    /// URL is one story anywhere in the window, as in `cluster`.
    fn count_earlier(
        &self,
        from: DateTime<Utc>,
        near: DateTime<Utc>,
        window: &[crate::rank::RankArticle],
        pending: &[bool],
        rest: &mut kept::Counts,
    ) -> Result<Vec<LinkRow>, StoreError> {
        const DAY: i64 = 24 * 3600;
        let mut by_url: HashMap<u64, Vec<(i64, i64)>> = HashMap::new();
        for (a, _) in window.iter().zip(pending).filter(|(_, p)| **p) {
            if let Some(url) = a.fingerprint.as_ref().and_then(|f| f.url) {
                by_url.entry(url).or_default().push((a.id.0, to_ts(a.date)));
            }
        }
        let mut links = Vec::new();
        let end = to_ts(near) - 1;
        let mut start = to_ts(from);
        while start <= end {
            let last = start.saturating_add(DAY - 1).min(end);
            let day = self.rank_inputs_between(from_ts(start), from_ts(last))?;
            rest.add_articles(&day, |a, f| {
                for &(id, at) in f.url.and_then(|u| by_url.get(&u)).into_iter().flatten() {
                    links.push((id.min(a.id.0), id.max(a.id.0), at.min(to_ts(a.date)), None));
                }
            });
            start = last + 1;
        }
        Ok(links)
    }

    /// Whether a linking step has links to compute: articles wait, or the
    /// links kept were computed under another signature (other rules or
    /// settings: all are computed again).
    pub fn links_to_do(&self, settings: &RankSettings) -> Result<bool, StoreError> {
        Ok(
            self.links_signature()?.as_deref() != Some(kept::signature(settings).as_str())
                || self.links_pending()? > 0,
        )
    }

    /// How many articles wait for their story links.
    pub fn links_pending(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM story_links_pending", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| usize::try_from(n).unwrap_or(0))
            .at(&self.path)
    }

    /// Link at least `max` waiting articles (all if fewer), newest first,
    /// in steps of at most `LINK_BATCH`; returns how many still wait.
    /// Articles older than `LINK_HORIZON` leave the queue unlinked. A step
    /// is computed without the write lock; after `LINK_OPTIMISTIC` of them
    /// in a row were written under by another connection, the next takes
    /// the lock first, so a busy writer delays the links but never starves
    /// them.
    pub fn link_some(
        &self,
        settings: &RankSettings,
        now: DateTime<Utc>,
        max: usize,
    ) -> Result<usize, StoreError> {
        self.link_some_with(settings, now, max, || {})
    }

    /// `link_some`, with `between` run in each step (`link_step`).
    fn link_some_with(
        &self,
        settings: &RankSettings,
        now: DateTime<Utc>,
        max: usize,
        mut between: impl FnMut(),
    ) -> Result<usize, StoreError> {
        let mut done = 0;
        let mut conflicts = 0;
        loop {
            let locked = conflicts >= LINK_OPTIMISTIC;
            match self.link_step(settings, now, locked, &mut between)? {
                Step::Linked(linked) => {
                    conflicts = 0;
                    done += linked;
                    if linked == 0 || done >= max {
                        return self.links_pending();
                    }
                }
                Step::Conflict => conflicts += 1,
            }
        }
    }

    /// One step of `link_some`. The fingerprints a refresh left out come
    /// first, in steps of `FILL_BATCH` (`fingerprints::fill_recent`, in a
    /// short write transaction): a first refresh's articles all fall in
    /// one step's reference window, whose missing fingerprints would
    /// otherwise be computed in that one step, and again by every later
    /// one. Then, unless `locked`, the links are computed
    /// inside a read transaction (a snapshot) without the write lock,
    /// which is taken only to write them: the step's ~0.4 s of work on a
    /// big cache does not hold up the reader's marks or a refresh's
    /// writer. If another connection committed since the snapshot, SQLite
    /// refuses the upgrade at once (the snapshot is stale, so the links
    /// might be too) and nothing is written: `Step::Conflict`. `locked`
    /// takes the write lock before reading (waiting for it as any writer
    /// does), so the step cannot conflict. `between` runs after the
    /// computing and before the writing (tests commit there).
    fn link_step(
        &self,
        settings: &RankSettings,
        now: DateTime<Utc>,
        locked: bool,
        between: impl FnOnce(),
    ) -> Result<Step, StoreError> {
        // Background steps: the process's writes already asking for the
        // lock go first (`writers`).
        if super::fingerprints::missing_recent(&self.conn, to_ts(now)).at(&self.path)? {
            let tx = super::writers::begin(&self.conn).at(&self.path)?;
            let filled =
                super::fingerprints::fill_recent(&tx, to_ts(now), FILL_BATCH).at(&self.path)?;
            tx.commit().at(&self.path)?;
            if filled > 0 {
                return Ok(Step::Linked(filled));
            }
        }
        let horizon = to_ts(back(now, LINK_HORIZON));
        let signature = kept::signature(settings);
        // Nothing to do must not take the write lock.
        if !self.links_to_do(settings)? {
            return Ok(Step::Linked(0));
        }
        if self.links_signature()?.as_deref() != Some(signature.as_str()) {
            // Computed with other rules or settings: all again. Immediate:
            // read, then written (see `search::catch_up`).
            let tx = super::writers::begin(&self.conn).at(&self.path)?;
            tx.execute_batch(
                "DELETE FROM story_links;
                 DELETE FROM story_links_meta;",
            )
            .at(&self.path)?;
            // Only the articles a step may link: older ones would leave
            // the queue unlinked anyway, a million rows on a year's cache.
            tx.execute(
                "INSERT OR IGNORE INTO story_links_pending (article_id)
                 SELECT id FROM articles WHERE sort_date >= ?1",
                [horizon],
            )
            .at(&self.path)?;
            tx.execute(
                "INSERT INTO story_links_meta (key, value) VALUES ('signature', ?1)",
                [&signature],
            )
            .at(&self.path)?;
            tx.commit().at(&self.path)?;
        }
        // Deferred: a snapshot for reading; the first write asks for the
        // write lock, and is refused if the snapshot is stale.
        let behavior = if locked {
            rusqlite::TransactionBehavior::Immediate
        } else {
            rusqlite::TransactionBehavior::Deferred
        };
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, behavior).at(&self.path)?;
        let batch: Vec<(i64, i64)> = tx
            .prepare_cached(
                "SELECT p.article_id, a.sort_date FROM story_links_pending p
                 JOIN articles a ON a.id = p.article_id
                 WHERE a.sort_date >= ?2
                 ORDER BY a.sort_date DESC, p.article_id DESC LIMIT ?1",
            )
            .at(&self.path)?
            .query_map([LINK_BATCH as i64, horizon], |r| Ok((r.get(0)?, r.get(1)?)))
            .at(&self.path)?
            .collect::<Result<_, _>>()
            .at(&self.path)?;
        let computed = match (batch.first(), batch.last()) {
            (Some(&(_, newest)), Some(&(_, oldest))) => {
                let (newest, oldest) = (from_ts(newest), from_ts(oldest));
                // The reference window: the batch and the span around it,
                // and at least a week. Only the articles within the span of
                // the batch can be linked with it: those are read and
                // vectorised; the rest of the week is counted a day at a
                // time for the document frequencies, and dropped.
                let near = oldest
                    .checked_sub_signed(span(settings))
                    .unwrap_or(DateTime::<Utc>::MIN_UTC);
                let from = near.min(back(newest, LINK_REFERENCE));
                let until = newest.checked_add_signed(span(settings)).unwrap_or(newest);
                let window = self.rank_inputs_between(near, until)?;
                let ids: HashSet<i64> = batch.iter().map(|b| b.0).collect();
                let pending: Vec<bool> = window.iter().map(|a| ids.contains(&a.id.0)).collect();
                let mut rest = kept::Counts::default();
                let earlier = self.count_earlier(from, near, &window, &pending, &mut rest)?;
                let (links, df) = kept::step_links(&window, &pending, settings, rest);
                let mut links: Vec<LinkRow> = links
                    .into_iter()
                    .map(|(x, y, cos)| {
                        let (a, b) = (&window[x], &window[y]);
                        (
                            a.id.0.min(b.id.0),
                            a.id.0.max(b.id.0),
                            to_ts(a.date.min(b.date)),
                            cos.map(f64::from),
                        )
                    })
                    .collect();
                links.extend(earlier);
                Some((links, df, to_ts(newest)))
            }
            // Only articles past the horizon wait, or rows whose article is
            // gone (the trigger normally removes them).
            _ => None,
        };
        between();
        // The first write: refused when another connection committed since
        // the snapshot (then dropping `tx` rolls back; nothing was written).
        match tx.execute(
            "DELETE FROM story_links_pending WHERE article_id IN
               (SELECT p.article_id FROM story_links_pending p
                LEFT JOIN articles a ON a.id = p.article_id
                WHERE a.id IS NULL OR a.sort_date < ?1 LIMIT ?2)",
            [horizon, DROP_BATCH as i64],
        ) {
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
                return Ok(Step::Conflict);
            }
            other => other.at(&self.path)?,
        };
        tx.execute("DELETE FROM story_links WHERE at < ?1", [horizon])
            .at(&self.path)?;
        let Some((links, df, newest)) = computed else {
            tx.commit().at(&self.path)?;
            return Ok(Step::Linked(0));
        };
        {
            let mut put = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO story_links (lo, hi, at, cos) VALUES (?1, ?2, ?3, ?4)",
                )
                .at(&self.path)?;
            for (lo, hi, at, cos) in links {
                put.execute(params![lo, hi, at, cos]).at(&self.path)?;
            }
            let mut done = tx
                .prepare_cached("DELETE FROM story_links_pending WHERE article_id = ?1")
                .at(&self.path)?;
            for (id, _) in &batch {
                done.execute([id]).at(&self.path)?;
            }
        }
        // The newest window's frequencies weigh Top's comparisons.
        let kept_until: Option<i64> = tx
            .query_row(
                "SELECT value FROM story_links_meta WHERE key = 'df_until'",
                [],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)?;
        if kept_until.is_none_or(|t| t <= newest) {
            tx.execute(
                "INSERT OR REPLACE INTO story_links_meta (key, value) VALUES
                 ('df', ?1), ('df_until', ?2)",
                params![df.encode(), newest],
            )
            .at(&self.path)?;
        }
        tx.commit().at(&self.path)?;
        Ok(Step::Linked(batch.len()))
    }

    fn links_signature(&self) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT value FROM story_links_meta WHERE key = 'signature'",
                [],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)
    }

    /// The kept links between articles dated at or after `since`, when they
    /// can stand for a fresh clustering: computed with `settings`, within
    /// `LINK_HORIZON` of `now`, and no article of the window waiting.
    /// `None` otherwise (cluster fresh).
    pub fn kept_links(
        &self,
        settings: &RankSettings,
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Option<KeptLinks>, StoreError> {
        if since < back(now, LINK_HORIZON)
            || self.links_signature()?.as_deref() != Some(kept::signature(settings).as_str())
        {
            return Ok(None);
        }
        // Newest ids first: a queue that is not caught up holds the newest.
        let waiting: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT p.article_id FROM story_links_pending p
                 JOIN articles a ON a.id = p.article_id
                 WHERE a.sort_date >= ?1 ORDER BY p.article_id DESC LIMIT 1",
            )
            .at(&self.path)?
            .query_row([to_ts(since)], |r| r.get(0))
            .optional()
            .at(&self.path)?;
        if waiting.is_some() {
            return Ok(None);
        }
        let df: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT value FROM story_links_meta WHERE key = 'df'",
                [],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)?;
        let df = match df.as_deref().map(DocFreqs::decode) {
            Some(Some(df)) => df,
            // No step ran yet (an empty cache), or a damaged row.
            None => DocFreqs::default(),
            Some(None) => return Ok(None),
        };
        let links = self
            .conn
            .prepare_cached("SELECT lo, hi, cos FROM story_links WHERE at >= ?1")
            .at(&self.path)?
            .query_map([to_ts(since)], |r| {
                Ok((
                    ArticleId(r.get(0)?),
                    ArticleId(r.get(1)?),
                    r.get::<_, Option<f64>>(2)?.map(|c| c as f32),
                ))
            })
            .at(&self.path)?
            .collect::<Result<_, _>>()
            .at(&self.path)?;
        Ok(Some(KeptLinks { links, df }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::FeedSettings;
    use crate::domain::{NewArticle, ParsedFeed};

    /// Feeds of the tests: one article each (reports of one story come
    /// from different sources).
    const FEEDS: [&str; 5] = ["a", "b", "c", "x", "y"];

    /// The articles of `keys`: the earthquake's reports and, beside
    /// them, other news.
    fn add(store: &mut Store, keys: &[&str]) {
        let feeds: Vec<FeedSettings> = FEEDS
            .iter()
            .map(|k| {
                let url = url::Url::parse(&format!("https://{k}.example/rss")).unwrap();
                FeedSettings::new(*k, url)
            })
            .collect();
        let ids = store.sync_feeds(&feeds).unwrap();
        for k in keys {
            let title = match *k {
                "x" => "Астанада жаңа мектеп ашылды",
                "y" => "Бидай өнімі рекордтық болады",
                _ => "Алматыда жер сілкінісі болды",
            };
            let parsed = ParsedFeed {
                items: vec![NewArticle {
                    key: (*k).to_string(),
                    title: title.to_string(),
                    published: Some(Utc::now()),
                    ..NewArticle::default()
                }],
                ..ParsedFeed::default()
            };
            let feed = ids[FEEDS.iter().position(|f| f == k).unwrap()];
            store
                .apply_update(feed, &parsed, &Default::default(), Utc::now())
                .unwrap();
        }
    }

    fn count(store: &Store, table: &str) -> i64 {
        store
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// A step computes without the write lock; when another connection
    /// commits meanwhile, it writes nothing (its links could be stale) and
    /// says so, and the next step links everything, the newcomer too.
    #[test]
    fn a_step_written_under_by_another_connection_writes_nothing_and_is_done_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        let mut linker = Store::open(&path).unwrap();
        add(&mut linker, &["a", "b", "x", "y"]);
        let mut other = Store::open(&path).unwrap();
        let settings = RankSettings::default();
        let now = Utc::now();
        let step = linker
            .link_step(&settings, now, false, || add(&mut other, &["c"]))
            .unwrap();
        assert_eq!(step, Step::Conflict);
        assert_eq!(count(&linker, "story_links"), 0);
        assert_eq!(linker.links_pending().unwrap(), 5);
        // Nobody writes now: the step goes through.
        assert_eq!(linker.link_some(&settings, now, usize::MAX).unwrap(), 0);
        assert_eq!(count(&linker, "story_links"), 3, "a, b and c are one story");
    }

    /// A relinking queues only the articles a step may link, and a step
    /// drops at most `DROP_BATCH` queued rows it will never link (past the
    /// horizon, or gone): SQLite holds the rows a delete removes in
    /// memory, and a year's queue at once was the reader's peak.
    #[test]
    fn a_step_drops_what_it_will_never_link_a_batch_at_a_time() {
        let mut store = Store::open_in_memory().unwrap();
        add(&mut store, &["a", "b"]);
        let settings = RankSettings::default();
        let now = Utc::now();
        assert_eq!(store.link_some(&settings, now, usize::MAX).unwrap(), 0);
        // An article past the horizon: a new signature must not queue it.
        store
            .conn
            .execute(
                "UPDATE articles SET sort_date = ?1 WHERE id = (SELECT min(id) FROM articles)",
                [to_ts(back(now, LINK_HORIZON)) - 3600],
            )
            .unwrap();
        store
            .conn
            .execute("UPDATE story_links_meta SET value = 'other rules'", [])
            .unwrap();
        assert!(store.links_to_do(&settings).unwrap());
        assert_eq!(store.link_some(&settings, now, usize::MAX).unwrap(), 0);
        assert_eq!(count(&store, "story_links"), 0, "the old one is not linked");
        // Rows of articles that are gone, more than a step drops.
        let extra = DROP_BATCH as i64 + 5;
        store
            .conn
            .execute(
                "WITH RECURSIVE n(id) AS
                   (SELECT 1000000 UNION ALL SELECT id + 1 FROM n WHERE id < 1000000 + ?1 - 1)
                 INSERT INTO story_links_pending (article_id) SELECT id FROM n",
                [extra],
            )
            .unwrap();
        assert_eq!(store.link_some(&settings, now, usize::MAX).unwrap(), 5);
        assert_eq!(store.link_some(&settings, now, usize::MAX).unwrap(), 0);
    }

    /// While another connection holds the write lock, the step does not
    /// wait for it (a read transaction cannot): it is a conflict at once.
    #[test]
    fn a_step_under_a_held_write_lock_is_a_conflict_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        let mut linker = Store::open(&path).unwrap();
        add(&mut linker, &["a", "b"]);
        let holder = rusqlite::Connection::open(&path).unwrap();
        let settings = RankSettings::default();
        let started = std::time::Instant::now();
        let step = linker
            .link_step(&settings, Utc::now(), false, || {
                holder.execute_batch("BEGIN IMMEDIATE").unwrap()
            })
            .unwrap();
        assert_eq!(step, Step::Conflict);
        assert!(started.elapsed() < BUSY_WAIT_BOUND, "waited for the lock");
        holder.execute_batch("ROLLBACK").unwrap();
        assert_eq!(linker.links_pending().unwrap(), 2);
    }

    /// A writer committing during every step (marks as the user reads)
    /// does not starve the linker: after a few refused steps one takes the
    /// lock first, and every article is linked.
    #[test]
    fn a_writer_committing_during_every_step_delays_the_links_but_never_starves_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        let mut linker = Store::open(&path).unwrap();
        add(&mut linker, &["a", "b", "c", "x", "y"]);
        let marker = rusqlite::Connection::open(&path).unwrap();
        marker.busy_timeout(std::time::Duration::ZERO).unwrap();
        let mut commits = 0;
        let left = linker
            .link_some_with(&RankSettings::default(), Utc::now(), usize::MAX, || {
                // Refused while the linker holds the lock: that is the point.
                if marker
                    .execute("UPDATE article_flags SET read = 1 - read", [])
                    .is_ok()
                {
                    commits += 1;
                }
            })
            .unwrap();
        assert_eq!(left, 0);
        assert_eq!(commits, LINK_OPTIMISTIC, "one mark per refused step");
        assert_eq!(count(&linker, "story_links"), 3);
    }

    /// Well under the store's busy timeout (5 s).
    const BUSY_WAIT_BOUND: std::time::Duration = std::time::Duration::from_secs(2);
}
