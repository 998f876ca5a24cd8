//! Where the time of marking many articles read goes: `mark_cost DB
//! [--runs N] [VARIANT...]` marks the 100,000 newest unread articles read
//! (as `Store::set_read_changes` does: one `UPDATE … RETURNING` over
//! `json_each`), commits, and marks them unread again, once per variant,
//! timing the statement and the commit (wall and CPU) and counting the
//! pages written to the WAL. The variants below up to `rows` measure the
//! v12 layout (the flags in the article rows): run them on a cache not yet
//! opened by a v13 build. The `flags*` variants measure the flags table of
//! v13 and later (see `flags` below). Variants take one suspect away at a
//! time:
//!
//! - `base`: as the store runs it (SQLite's default 2 MB page cache);
//! - `cache256`: a 256 MB page cache during the statement;
//! - `mmap`: pages read through a memory map instead of `pread`;
//! - `no_trigger`: without the per-row `feed_counts_read` trigger;
//! - `no_by_feed` / `no_by_date`: without one of the partial unread indexes
//!   (dropped, then built again);
//! - `no_trigger_no_indexes`: without the trigger and both unread indexes;
//! - `sorted`: the ids in rowid order instead of list order;
//! - `no_autocheckpoint`: the commit without the checkpoint that follows
//!   it, the checkpoint timed on its own;
//! - `narrow`: the same update on scratch tables of the flags alone (the
//!   floor of a layout where read/starred live apart from the article row),
//!   bare, then with the list keys and partial unread indexes a real layout
//!   needs, with counts fixed once per statement or by a per-row trigger;
//! - `store_split` / `store_split_from` / `store_split_read_first` (v13+):
//!   the store's steps, each timed: the update by `IN (SELECT …)`, by
//!   `UPDATE … FROM json_each … RETURNING`, and (as the store runs it now)
//!   the flipping rows read first, then the update without `RETURNING`;
//! - `rows`: scratch copies of the article rows without indexes, with and
//!   without a fingerprint beside them (how much the row's width matters;
//!   since v19 the fingerprints live in a table of their own, so "with" is
//!   the row as it was before).
//!
//! It writes to the database and puts everything back (read state,
//! triggers, indexes; scratch tables dropped): run it on a copy.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rusqlite::{Connection, params};

#[path = "support/cpu.rs"]
mod cpu;
use cpu::thread_cpu as cpu;

#[derive(Clone, Copy, Default)]
struct Timed {
    wall: f64,
    cpu: f64,
}

fn timed<T>(f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<(T, Timed)> {
    let (t, c) = (Instant::now(), cpu());
    let v = f()?;
    let elapsed = |d: Duration| d.as_secs_f64() * 1000.0;
    Ok((
        v,
        Timed {
            wall: elapsed(t.elapsed()),
            cpu: elapsed(cpu().saturating_sub(c)),
        },
    ))
}

/// One measured mark: statement, commit (with its autocheckpoint unless
/// turned off), an explicit checkpoint after, WAL frames written.
#[derive(Clone, Copy, Default)]
struct Sample {
    statement: Timed,
    commit: Timed,
    checkpoint: Timed,
    frames: i64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Empty the WAL; returns the pages it held (a TRUNCATE checkpoint reports
/// the log it emptied as 0, so a PASSIVE one counts first).
fn wal_checkpoint(conn: &Connection) -> anyhow::Result<i64> {
    // (busy, frames in the log, frames checkpointed)
    let frames = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(frames)
}

/// Mark `ids` in `table` (keyed by `key`), returning (id, feed) changed.
fn mark(
    conn: &Connection,
    table: &str,
    key: &str,
    ids: &str,
    read: bool,
) -> anyhow::Result<Vec<(i64, i64)>> {
    let sql = format!(
        "UPDATE {table} SET read = ?2
         WHERE {key} IN (SELECT value FROM json_each(?1)) AND read != ?2
         RETURNING {key}, feed_id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![ids, read], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Counts moved once per statement: one UPDATE per feed touched.
fn fix_counts(
    conn: &Connection,
    counts: &str,
    changed: &[(i64, i64)],
    read: bool,
) -> anyhow::Result<()> {
    let mut per: HashMap<i64, i64> = HashMap::new();
    for (_, f) in changed {
        *per.entry(*f).or_default() += 1;
    }
    let mut up = conn.prepare_cached(&format!(
        "UPDATE {counts} SET unread = unread + ?2 WHERE feed_id = ?1"
    ))?;
    for (f, n) in per {
        up.execute(params![f, if read { -n } else { n }])?;
    }
    Ok(())
}

struct Run<'a> {
    conn: &'a Connection,
    table: &'a str,
    key: &'a str,
    ids: &'a str,
    fixup: bool,
    autocheckpoint: bool,
    /// The counts table a fix-up moves (`fixup`).
    counts: &'a str,
    /// SQL run in the transaction before the mark and after it (the
    /// `flags_paused` variant switches the count trigger off and on).
    before: &'a str,
    after: &'a str,
}

impl Run<'_> {
    /// Mark read (measured), then unread again (not measured).
    fn once(&self) -> anyhow::Result<Sample> {
        let conn = self.conn;
        conn.pragma_update(
            None,
            "wal_autocheckpoint",
            if self.autocheckpoint { 1000 } else { 0 },
        )?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let (changed, statement) = timed(|| {
            conn.execute_batch(self.before)?;
            let changed = mark(conn, self.table, self.key, self.ids, true)?;
            if self.fixup {
                fix_counts(conn, self.counts, &changed, true)?;
            }
            conn.execute_batch(self.after)?;
            Ok(changed)
        })?;
        let ((), commit) = timed(|| Ok(conn.execute_batch("COMMIT")?))?;
        let (frames, checkpoint) = timed(|| wal_checkpoint(conn))?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        conn.execute_batch(self.before)?;
        let back = mark(conn, self.table, self.key, self.ids, false)?;
        if self.fixup {
            fix_counts(conn, self.counts, &back, false)?;
        }
        conn.execute_batch(self.after)?;
        conn.execute_batch("COMMIT")?;
        wal_checkpoint(conn)?;
        if back.len() != changed.len() {
            bail!("marked {} read but {} unread", changed.len(), back.len());
        }
        Ok(Sample {
            statement,
            commit,
            checkpoint,
            frames,
        })
    }

    fn report(&self, label: &str, runs: usize) -> anyhow::Result<()> {
        let samples = (0..runs)
            .map(|_| self.once())
            .collect::<anyhow::Result<Vec<_>>>()?;
        let m = |f: fn(&Sample) -> f64| median(samples.iter().map(f).collect());
        println!(
            "{label:>28}: statement {:>6.0} ms wall {:>6.0} CPU | commit {:>5.0} wall {:>5.0} CPU | checkpoint after {:>5.0} wall {:>4.0} CPU | {:>6.0} WAL pages",
            m(|s| s.statement.wall),
            m(|s| s.statement.cpu),
            m(|s| s.commit.wall),
            m(|s| s.commit.cpu),
            m(|s| s.checkpoint.wall),
            m(|s| s.checkpoint.cpu),
            m(|s| s.frames as f64),
        );
        Ok(())
    }
}

const COUNT_TRIGGER: &str = "CREATE TRIGGER feed_counts_read AFTER UPDATE OF read ON articles
     WHEN old.feed_id = new.feed_id AND (old.read = 0) != (new.read = 0) BEGIN
         UPDATE feed_counts SET unread = unread + (new.read = 0) - (old.read = 0)
         WHERE feed_id = new.feed_id;
     END;";

fn json(ids: &[i64]) -> String {
    let body: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", body.join(","))
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let db = args
        .next()
        .context("usage: mark_cost DB [--runs N] [VARIANT...]")?;
    let mut runs = 3usize;
    let mut variants = Vec::new();
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args.next().unwrap_or_default().parse()?;
        } else {
            variants.push(a);
        }
    }
    if variants.is_empty() {
        variants = [
            "base",
            "cache256",
            "no_trigger",
            "no_by_feed",
            "no_by_date",
            "sorted",
            "no_autocheckpoint",
            "narrow",
        ]
        .map(String::from)
        .to_vec();
    }
    let conn = Connection::open(&db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    wal_checkpoint(&conn)?;
    // The newest unread, as the unread list shows them: from the flags
    // table where there is one (schema v13), else the article rows.
    let has_flags: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'article_flags')",
        [],
        |r| r.get(0),
    )?;
    let flags_join = if has_flags {
        "article_flags g ON g.article_id = a.id"
    } else {
        "articles g ON g.id = a.id"
    };
    let ids: Vec<i64> = conn
        .prepare(&format!(
            "SELECT a.id FROM articles a JOIN {flags_join} CROSS JOIN feeds f ON f.id = a.feed_id
             WHERE (f.active = 1 OR g.starred = 1) AND g.read = 0
             ORDER BY a.sort_date DESC, a.id DESC LIMIT 100000"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    // Leaked: lives for the whole run, shared by every variant.
    let list_json: &'static str = Box::leak(json(&ids).into_boxed_str());
    let sorted_json: &'static str = Box::leak(json(&sorted).into_boxed_str());
    let total: i64 = conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
    let leaves: i64 = conn.query_row(
        "SELECT count(*) FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf'",
        [],
        |r| r.get(0),
    )?;
    let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let spans = sorted.windows(2).filter(|w| w[1] != w[0] + 1).count() + 1;
    println!(
        "{} ids in {spans} runs of consecutive ids, ids {}..{}; {total} articles on {leaves} leaf pages of {page} bytes ({:.1} a page); runs {runs}",
        ids.len(),
        sorted.first().copied().unwrap_or(0),
        sorted.last().copied().unwrap_or(0),
        total as f64 / leaves.max(1) as f64,
    );
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN UPDATE articles SET read = ?2
             WHERE id IN (SELECT value FROM json_each(?1)) AND read != ?2",
        )?
        .query_map(params!["[1]", true], |r| r.get(3))?
        .collect::<Result<_, _>>()?;
    println!("plan: {}", plan.join(" / "));
    let conn_ref = &conn;
    let run = |ids: &'static str, autocheckpoint: bool| Run {
        conn: conn_ref,
        table: "articles",
        key: "id",
        ids,
        fixup: false,
        autocheckpoint,
        counts: "feed_counts",
        before: "",
        after: "",
    };
    for v in &variants {
        conn.pragma_update(None, "cache_size", -2000)?;
        match v.as_str() {
            "base" => run(list_json, true).report(v, runs)?,
            "sorted" => run(sorted_json, true).report(v, runs)?,
            "no_autocheckpoint" => run(list_json, false).report(v, runs)?,
            "mmap" => {
                conn.pragma_update(None, "mmap_size", 8_i64 << 30)?;
                let r = run(list_json, true).report(v, runs);
                conn.pragma_update(None, "mmap_size", 0)?;
                r?;
            }
            "cache256" => {
                conn.pragma_update(None, "cache_size", -262_144)?;
                run(list_json, true).report(v, runs)?;
            }
            "no_trigger" => {
                conn.execute_batch("DROP TRIGGER feed_counts_read")?;
                let r = run(list_json, true).report(v, runs);
                conn.execute_batch(COUNT_TRIGGER)?;
                r?;
            }
            "no_trigger_no_indexes" => {
                conn.execute_batch(
                    "DROP TRIGGER feed_counts_read; DROP INDEX articles_unread_by_feed;
                     DROP INDEX articles_unread_by_date;",
                )?;
                let r = run(list_json, true).report(v, runs);
                conn.execute_batch(COUNT_TRIGGER)?;
                conn.execute_batch(
                    "CREATE INDEX articles_unread_by_feed ON articles (feed_id, read) WHERE read = 0;
                     CREATE INDEX articles_unread_by_date ON articles (sort_date) WHERE read = 0;",
                )?;
                wal_checkpoint(&conn)?;
                r?;
            }
            "no_by_feed" | "no_by_date" => {
                let (name, def) = if v == "no_by_feed" {
                    ("articles_unread_by_feed", "(feed_id, read)")
                } else {
                    ("articles_unread_by_date", "(sort_date)")
                };
                conn.execute_batch(&format!("DROP INDEX {name}"))?;
                let r = run(list_json, true).report(v, runs);
                conn.execute_batch(&format!(
                    "CREATE INDEX {name} ON articles {def} WHERE read = 0"
                ))?;
                wal_checkpoint(&conn)?;
                r?;
            }
            "narrow" => narrow(&conn, list_json, runs)?,
            "store_split" => store_split(&conn, &ids, runs, false, false)?,
            "store_split_from" => store_split(&conn, &ids, runs, true, false)?,
            "store_split_read_first" => store_split(&conn, &ids, runs, true, true)?,
            v if v.starts_with("flags") => flags(&conn, v, list_json, runs)?,
            "rows" => rows(&conn, list_json, runs)?,
            _ => bail!("unknown variant {v}"),
        }
    }
    Ok(())
}

/// The count trigger of the flags table (schema v13).
const FLAGS_COUNT_TRIGGER: &str =
    "CREATE TRIGGER feed_counts_read AFTER UPDATE OF read ON article_flags
     WHEN old.feed_id = new.feed_id AND (old.read = 0) != (new.read = 0) BEGIN
         UPDATE feed_counts SET unread = unread + (new.read = 0) - (old.read = 0)
         WHERE feed_id = new.feed_id;
     END;";

/// The mark on the flags table (schema v13 and later), as the store runs
/// it and with one suspect taken away:
///
/// - `flags`: as it is (the per-row count trigger, the unread-by-date index);
/// - `flags_no_trigger`: the trigger dropped, counts moved once per
///   statement from the changed rows;
/// - `flags_paused`: the trigger kept but made to test, per row, that a
///   one-row table `feed_counts_paused` is empty; the mark fills it first,
///   moves the counts once per statement, and empties it again (what
///   schema v15 does);
/// - `flags_no_by_date`: no trigger and no `article_flags_unread_by_date`
///   (caches at v13–v17 only: v18 dropped that index).
fn flags(conn: &Connection, v: &str, ids: &'static str, runs: usize) -> anyhow::Result<()> {
    let (setup, undo, fixup, before, after) = match v {
        "flags" => ("", "", false, "", ""),
        "flags_no_trigger" => (
            "DROP TRIGGER feed_counts_read;",
            FLAGS_COUNT_TRIGGER,
            true,
            "",
            "",
        ),
        "flags_paused" => (
            "DROP TRIGGER feed_counts_read;
             CREATE TABLE IF NOT EXISTS scratch_paused (id INTEGER PRIMARY KEY);
             CREATE TRIGGER feed_counts_read AFTER UPDATE OF read ON article_flags
             WHEN old.feed_id = new.feed_id AND (old.read = 0) != (new.read = 0)
                 AND NOT EXISTS (SELECT 1 FROM scratch_paused) BEGIN
                 UPDATE feed_counts SET unread = unread + (new.read = 0) - (old.read = 0)
                 WHERE feed_id = new.feed_id;
             END;",
            "DROP TRIGGER feed_counts_read; DROP TABLE scratch_paused;",
            true,
            "INSERT INTO scratch_paused (id) VALUES (1);",
            "DELETE FROM scratch_paused;",
        ),
        "flags_no_by_date" => (
            "DROP TRIGGER feed_counts_read; DROP INDEX article_flags_unread_by_date;",
            "CREATE INDEX article_flags_unread_by_date ON article_flags (sort_date)
             WHERE read = 0;",
            true,
            "",
            "",
        ),
        _ => bail!("unknown variant {v}"),
    };
    // `flags_paused` drops the trigger and makes its own; the undo of
    // every variant that dropped it puts the original back.
    let restore = if v == "flags_paused" || v == "flags_no_by_date" {
        format!("{undo}{FLAGS_COUNT_TRIGGER}")
    } else {
        undo.to_string()
    };
    conn.execute_batch(setup)?;
    wal_checkpoint(conn)?;
    let result = Run {
        conn,
        table: "article_flags",
        key: "article_id",
        ids,
        fixup,
        autocheckpoint: true,
        counts: "feed_counts",
        before,
        after,
    }
    .report(v, runs);
    conn.execute_batch(&restore)?;
    wal_checkpoint(conn)?;
    result
}

/// `Store::set_read_changes` step by step (schema v15: triggers off for
/// the update, counts moved per feed), each step's CPU time apart, median
/// of `runs`; then the same marked unread again (not timed).
///
/// `from`: the ids sorted and deduplicated in Rust and joined by
/// `UPDATE … FROM json_each` (no temporary index of the list) instead of
/// `IN (SELECT … FROM json_each)`.
fn store_split(
    conn: &Connection,
    ids: &[i64],
    runs: usize,
    from: bool,
    read_first: bool,
) -> anyhow::Result<()> {
    use rusqlite::config::DbConfig;
    let update = if from {
        "UPDATE article_flags SET read = ?2 FROM json_each(?1) j
         WHERE article_flags.article_id = j.value AND (read = 0) = ?2
         RETURNING article_id, feed_id"
    } else {
        "UPDATE article_flags SET read = ?2
         WHERE article_id IN (SELECT value FROM json_each(?1)) AND (read = 0) = ?2
         RETURNING article_id, feed_id"
    };
    let mut steps: Vec<Vec<(&str, f64)>> = Vec::new();
    for _ in 0..runs {
        let mut t: Vec<(&str, f64)> = Vec::new();
        let mut lap = |name, since: &mut Duration| {
            let now = cpu();
            t.push((name, (now.saturating_sub(*since)).as_secs_f64() * 1000.0));
            *since = now;
        };
        let mut c = cpu();
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let list = if from {
            let mut unique = ids.to_vec();
            unique.sort_unstable();
            unique.dedup();
            json(&unique)
        } else {
            json(ids)
        };
        lap("json of the ids", &mut c);
        let changed: Vec<(i64, i64)> = if read_first {
            // As the store marks since: the flipping rows read first, then
            // an update without `RETURNING`.
            let changed: Vec<(i64, i64)> = conn
                .prepare(
                    "SELECT f.article_id, f.feed_id FROM json_each(?1) j
                     JOIN article_flags f ON f.article_id = j.value
                     WHERE (f.read = 0) = ?2",
                )?
                .query_map(params![list, true], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            lap("select the flipping rows", &mut c);
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
            let n = conn
                .prepare(
                    "UPDATE article_flags SET read = ?2 FROM json_each(?1) j
                     WHERE article_flags.article_id = j.value AND (read = 0) = ?2",
                )?
                .execute(params![list, true])?;
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
            if n != changed.len() {
                bail!("updated {n} rows, read {}", changed.len());
            }
            changed
        } else {
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
            let changed: Vec<(i64, i64)> = conn
                .prepare(update)?
                .query_map(params![list, true], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
            changed
        };
        lap("update (triggers off)", &mut c);
        fix_counts(conn, "feed_counts", &changed, true)?;
        lap("counts per feed", &mut c);
        // As `store::mark_many::in_asked_order` (a sort by a hash map's
        // positions cost 73 ms here).
        let mut by_id = changed.clone();
        by_id.sort_unstable();
        let mut taken = vec![false; by_id.len()];
        let mut ordered = Vec::with_capacity(by_id.len());
        for id in ids {
            if let Ok(i) = by_id.binary_search_by_key(id, |c| c.0)
                && !std::mem::replace(&mut taken[i], true)
            {
                ordered.push(by_id[i]);
            }
        }
        lap("order as asked", &mut c);
        let queued = json(&ordered.iter().map(|(id, _)| *id).collect::<Vec<_>>());
        conn.execute(
            "INSERT INTO sync_queue (article_id, field, value, at)
             SELECT s.article_id, 'read', 1, 0
             FROM json_each(?1) j JOIN sync_items s ON s.article_id = j.value
             ORDER BY j.key",
            [&queued],
        )?;
        lap("sync queue", &mut c);
        conn.execute_batch("COMMIT")?;
        lap("commit", &mut c);
        steps.push(t);
        conn.execute_batch("BEGIN IMMEDIATE")?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        let back: Vec<(i64, i64)> = conn
            .prepare(update)?
            .query_map(params![list, false], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)?;
        fix_counts(conn, "feed_counts", &back, false)?;
        conn.execute_batch("COMMIT")?;
        wal_checkpoint(conn)?;
        if back.len() != changed.len() {
            bail!("marked {} read but {} unread", changed.len(), back.len());
        }
    }
    let names: Vec<&str> = steps
        .first()
        .map_or(Vec::new(), |s| s.iter().map(|x| x.0).collect());
    for (i, name) in names.iter().enumerate() {
        let m = median(steps.iter().map(|s| s[i].1).collect());
        println!("{name:>28}: {m:>6.1} ms CPU");
    }
    let total = median(steps.iter().map(|s| s.iter().map(|x| x.1).sum()).collect());
    println!("{:>28}: {total:>6.1} ms CPU", "all");
    Ok(())
}

/// The same update on scratch tables holding the flags apart.
fn narrow(conn: &Connection, ids: &str, runs: usize) -> anyhow::Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS scratch_state; DROP TABLE IF EXISTS scratch_counts;
         CREATE TABLE scratch_state (article_id INTEGER PRIMARY KEY,
             feed_id INTEGER NOT NULL, sort_date INTEGER NOT NULL,
             read INTEGER NOT NULL, starred INTEGER NOT NULL) STRICT;
         INSERT INTO scratch_state SELECT id, feed_id, sort_date, read, starred FROM articles;
         CREATE TABLE scratch_counts (feed_id INTEGER PRIMARY KEY, unread INTEGER NOT NULL) STRICT;
         INSERT INTO scratch_counts SELECT feed_id, unread FROM feed_counts;",
    )?;
    wal_checkpoint(conn)?;
    let run = |fixup| Run {
        conn,
        table: "scratch_state",
        key: "article_id",
        ids,
        fixup,
        autocheckpoint: true,
        counts: "scratch_counts",
        before: "",
        after: "",
    };
    let steps: [(&str, &str, bool); 4] = [
        ("narrow: flags alone", "", false),
        (
            "narrow: + unread by date",
            "CREATE INDEX scratch_unread_by_date ON scratch_state (sort_date) WHERE read = 0;
             CREATE INDEX scratch_starred ON scratch_state (sort_date) WHERE starred = 1;",
            true,
        ),
        (
            "narrow: + unread by feed",
            "CREATE INDEX scratch_unread_by_feed ON scratch_state (feed_id, sort_date)
             WHERE read = 0;",
            true,
        ),
        (
            "narrow: counts by trigger",
            "CREATE TRIGGER scratch_count AFTER UPDATE OF read ON scratch_state
             WHEN (old.read = 0) != (new.read = 0) BEGIN
                 UPDATE scratch_counts SET unread = unread + (new.read = 0) - (old.read = 0)
                 WHERE feed_id = new.feed_id;
             END;",
            false,
        ),
    ];
    let mut result = Ok(());
    for (label, sql, fixup) in steps {
        conn.execute_batch(sql)?;
        wal_checkpoint(conn)?;
        result = run(fixup).report(label, runs);
        if result.is_err() {
            break;
        }
    }
    conn.execute_batch("DROP TABLE scratch_state; DROP TABLE scratch_counts;")?;
    wal_checkpoint(conn)?;
    result
}

/// The update on copies of the article rows (no index, no trigger), with
/// and without the fingerprint column.
fn rows(conn: &Connection, ids: &str, runs: usize) -> anyhow::Result<()> {
    // The v19 row (keys hashed); the fingerprint, where one is kept, from
    // its own table.
    const COLUMNS: &str = "feed_id, sort_date, read, starred, first_seen, last_seen,
        published, updated, views, comments, score, rating, key_hash, key_text, title, link,
        author, category, title_derived, media";
    let mut result = Ok(());
    for (label, extra, join) in [
        (
            "rows: with fingerprint",
            ", f.fingerprint",
            "LEFT JOIN article_fingerprints f ON f.article_id = a.id",
        ),
        ("rows: without fingerprint", "", ""),
    ] {
        let names = if extra.is_empty() {
            ""
        } else {
            ", fingerprint"
        };
        conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS scratch_rows;
             CREATE TABLE scratch_rows (rid INTEGER PRIMARY KEY, {COLUMNS}{names});
             INSERT INTO scratch_rows SELECT a.id, {a_columns}{extra} FROM articles a {join}
             ORDER BY a.id;",
            a_columns = COLUMNS
                .split(',')
                .map(|c| format!("a.{}", c.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        wal_checkpoint(conn)?;
        let leaves: i64 = conn.query_row(
            "SELECT count(*) FROM dbstat WHERE name = 'scratch_rows' AND pagetype = 'leaf'",
            [],
            |r| r.get(0),
        )?;
        println!("{label}: {leaves} leaf pages");
        result = Run {
            conn,
            table: "scratch_rows",
            key: "rid",
            ids,
            fixup: false,
            autocheckpoint: true,
            counts: "feed_counts",
            before: "",
            after: "",
        }
        .report(label, runs);
        conn.execute_batch("DROP TABLE scratch_rows")?;
        wal_checkpoint(conn)?;
        if result.is_err() {
            break;
        }
    }
    result
}
