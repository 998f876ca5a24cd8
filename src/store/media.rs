//! Enclosures and the download queue (schema v8).
//!
//! - `enclosures`: an article's media, in document order, written with the
//!   article by the refresh (replaced only when the feed changed them);
//! - `articles.media`: the kind of the article's first enclosure that is
//!   not an image, kept beside the list columns so the list shows a marker
//!   without a join;
//! - `downloads`: the queue. It outlives a restart (a row left
//!   `downloading` by a crash is queued again on the next start) and the
//!   article (retention may remove it: the row keeps url and title).

use rusqlite::{Connection, OptionalExtension, params};

use super::convert::{to_ts, u64_from_sql, u64_to_sql};
use super::{At, Store, StoreError, write_tx};
use crate::domain::{ArticleId, Download, DownloadId, DownloadState, Enclosure, MediaKind};

/// Version 8. Written to be safe over a file that has some of it already
/// (see `add_media_column`).
pub(super) const V8: &str = "
CREATE TABLE IF NOT EXISTS enclosures (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    url        TEXT NOT NULL,
    mime_type  TEXT,
    length     INTEGER,
    duration   INTEGER,
    kind       TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS downloads (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    url        TEXT NOT NULL,
    title      TEXT NOT NULL,
    mime_type  TEXT,
    path       TEXT,
    received   INTEGER NOT NULL DEFAULT 0,
    total      INTEGER,
    state      TEXT NOT NULL,
    error      TEXT,
    added      INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS downloads_by_article ON downloads (article_id);
";

/// `articles.media`, added only where missing.
pub(super) fn add_media_column(conn: &Connection) -> rusqlite::Result<()> {
    if !super::table_info::has_column(conn, "articles", "media")? {
        conn.execute_batch("ALTER TABLE articles ADD COLUMN media TEXT;")?;
    }
    Ok(())
}

/// The kind the list marks an article with (see `ArticleSummary::media`).
pub(super) fn marker(enclosures: &[Enclosure]) -> Option<MediaKind> {
    enclosures
        .iter()
        .find(|e| e.kind != MediaKind::Image)
        .map(|e| e.kind)
}

/// Store `enclosures` as the article's, unless they are what it has.
/// `fresh`: the article was just inserted (nothing stored to compare).
pub(super) fn write_enclosures(
    tx: &Connection,
    article: i64,
    enclosures: &[Enclosure],
    fresh: bool,
) -> rusqlite::Result<()> {
    if fresh && enclosures.is_empty() {
        return Ok(());
    }
    if !fresh && read_enclosures(tx, article)? == enclosures {
        return Ok(());
    }
    tx.prepare_cached("DELETE FROM enclosures WHERE article_id = ?1")?
        .execute([article])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO enclosures (article_id, position, url, mime_type, length, duration, kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, e) in enclosures.iter().enumerate() {
        insert.execute(params![
            article,
            i as i64,
            e.url,
            e.mime_type,
            u64_to_sql(e.length),
            u64_to_sql(e.duration_secs),
            e.kind.as_str(),
        ])?;
    }
    tx.prepare_cached("UPDATE articles SET media = ?2 WHERE id = ?1")?
        .execute(params![article, marker(enclosures).map(MediaKind::as_str)])?;
    Ok(())
}

pub(super) fn read_enclosures(conn: &Connection, article: i64) -> rusqlite::Result<Vec<Enclosure>> {
    let mut stmt = conn.prepare_cached(
        "SELECT url, mime_type, length, duration, kind FROM enclosures
         WHERE article_id = ?1 ORDER BY position",
    )?;
    stmt.query_map([article], |r| {
        Ok(Enclosure {
            url: r.get(0)?,
            mime_type: r.get(1)?,
            length: u64_from_sql(r.get(2)?),
            duration_secs: u64_from_sql(r.get(3)?),
            kind: MediaKind::parse(&r.get::<_, String>(4)?),
        })
    })?
    .collect()
}

const DOWNLOAD_COLUMNS: &str =
    "id, article_id, url, title, mime_type, path, received, total, state, error";

fn download_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Download> {
    let state: String = r.get(8)?;
    Ok(Download {
        id: DownloadId(r.get(0)?),
        article: r.get::<_, Option<i64>>(1)?.map(ArticleId),
        url: r.get(2)?,
        title: r.get(3)?,
        mime_type: r.get(4)?,
        path: r.get(5)?,
        received: u64_from_sql(r.get(6)?).unwrap_or(0),
        total: u64_from_sql(r.get(7)?),
        // A state this build does not know is one to try again.
        state: DownloadState::parse(&state).unwrap_or(DownloadState::Queued),
        error: r.get(9)?,
    })
}

impl Store {
    /// An article's enclosures, in document order.
    pub fn enclosures(&self, article: ArticleId) -> Result<Vec<Enclosure>, StoreError> {
        read_enclosures(&self.conn, article.0).at(&self.path)
    }

    /// Queue an enclosure of `article` for download. The same URL already
    /// in the queue (not failed) is not queued twice: its row is returned.
    pub fn queue_download(
        &mut self,
        article: ArticleId,
        enclosure: &Enclosure,
        title: &str,
    ) -> Result<Download, StoreError> {
        let path = &self.path;
        let tx = write_tx(&mut self.conn, path)?;
        let known: Option<i64> = tx
            .prepare_cached("SELECT id FROM downloads WHERE url = ?1 AND state != 'failed'")
            .at(path)?
            .query_row([&enclosure.url], |r| r.get(0))
            .optional()
            .at(path)?;
        let id = match known {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO downloads (article_id, url, title, mime_type, total, state, added)
                     VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6)",
                )
                .at(path)?
                .execute(params![
                    article.0,
                    enclosure.url,
                    title,
                    enclosure.mime_type,
                    u64_to_sql(enclosure.length),
                    to_ts(chrono::Utc::now()),
                ])
                .at(path)?;
                tx.last_insert_rowid()
            }
        };
        tx.commit().at(path)?;
        self.download(DownloadId(id))
    }

    pub fn download(&self, id: DownloadId) -> Result<Download, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {DOWNLOAD_COLUMNS} FROM downloads WHERE id = ?1"
            ))
            .at(&self.path)?
            .query_row([id.0], download_from_row)
            .optional()
            .at(&self.path)?
            .ok_or(StoreError::NoSuchDownload(id))
    }

    /// The queue, oldest first.
    pub fn downloads(&self) -> Result<Vec<Download>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DOWNLOAD_COLUMNS} FROM downloads ORDER BY id"
            ))
            .at(&self.path)?;
        let rows = stmt.query_map([], download_from_row).at(&self.path)?;
        rows.collect::<Result<Vec<_>, _>>().at(&self.path)
    }

    /// Rows a previous run left `downloading` (it was killed) are queued
    /// again; their `.part` files are resumed. Returns how many.
    pub fn requeue_interrupted_downloads(&mut self) -> Result<usize, StoreError> {
        self.conn
            .execute(
                "UPDATE downloads SET state = 'queued' WHERE state = 'downloading'",
                [],
            )
            .at(&self.path)
    }

    /// Record a download's state (and its error when failed; cleared
    /// otherwise).
    pub fn set_download_state(
        &mut self,
        id: DownloadId,
        state: DownloadState,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        let n = self
            .conn
            .prepare_cached("UPDATE downloads SET state = ?2, error = ?3 WHERE id = ?1")
            .at(&self.path)?
            .execute(params![id.0, state.as_str(), error])
            .at(&self.path)?;
        if n == 0 {
            return Err(StoreError::NoSuchDownload(id));
        }
        Ok(())
    }

    /// Record where a download is written and how far it got.
    pub fn set_download_progress(
        &mut self,
        id: DownloadId,
        path: Option<&str>,
        received: u64,
        total: Option<u64>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE downloads SET path = coalesce(?2, path), received = ?3,
                        total = coalesce(?4, total) WHERE id = ?1",
            )
            .at(&self.path)?
            .execute(params![
                id.0,
                path,
                u64_to_sql(Some(received)),
                u64_to_sql(total)
            ])
            .at(&self.path)?;
        Ok(())
    }

    /// Drop a download from the queue (its file stays where it is).
    pub fn remove_download(&mut self, id: DownloadId) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM downloads WHERE id = ?1", [id.0])
            .at(&self.path)?;
        Ok(())
    }
}
