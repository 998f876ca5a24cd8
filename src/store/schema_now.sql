-- keruen schema v28
CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    tags          TEXT NOT NULL DEFAULT '[]',
    position      INTEGER NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    title         TEXT,
    site_link     TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_success  INTEGER,
    last_attempt  INTEGER,
    last_error    TEXT,
    last_update   INTEGER
, synced INTEGER NOT NULL DEFAULT 0, link_origin TEXT, sighted INTEGER) STRICT;
CREATE TABLE article_texts (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    summary    ANY,
    content    ANY
) STRICT;
CREATE TABLE signal_samples (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    views      INTEGER,
    comments   INTEGER,
    score      INTEGER,
    PRIMARY KEY (article_id, at)
) STRICT, WITHOUT ROWID;
CREATE TABLE fts_pending (article_id INTEGER PRIMARY KEY);
CREATE TABLE sync_queue (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field      TEXT NOT NULL CHECK (field IN ('read', 'starred')),
    value      INTEGER NOT NULL,
    at         INTEGER NOT NULL
) STRICT;
CREATE INDEX sync_queue_by_article ON sync_queue (article_id, field);
CREATE TABLE sync_items (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    remote_id  TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE sync_feeds (
    feed_id   INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
    remote_id TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE sync_gone (remote_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
CREATE TRIGGER sync_items_gone AFTER DELETE ON sync_items BEGIN
    INSERT OR IGNORE INTO sync_gone (remote_id) VALUES (old.remote_id);
END;
CREATE TABLE enclosures (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    url        TEXT NOT NULL,
    mime_type  TEXT,
    length     INTEGER,
    duration   INTEGER,
    kind       TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
) STRICT, WITHOUT ROWID;
CREATE TABLE downloads (
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
CREATE INDEX downloads_by_article ON downloads (article_id);
CREATE TABLE feed_schedule (
            feed_id         INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
            change_interval INTEGER,
            last_change     INTEGER,
            unchanged       INTEGER NOT NULL DEFAULT 0,
            failures        INTEGER NOT NULL DEFAULT 0,
            ttl             INTEGER,
            update_period   INTEGER,
            skip_hours      INTEGER NOT NULL DEFAULT 0,
            skip_days       INTEGER NOT NULL DEFAULT 0,
            fresh_until     INTEGER,
            retry_until     INTEGER
        ) STRICT;
CREATE TABLE feed_counts (
             feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
             total   INTEGER NOT NULL,
             unread  INTEGER NOT NULL
         ) STRICT;
CREATE INDEX signal_samples_by_time ON signal_samples (at);
CREATE TABLE text_dicts (
    id      INTEGER PRIMARY KEY,
    dict    BLOB NOT NULL,
    created INTEGER NOT NULL
) STRICT;
CREATE TABLE search_blocks (
    block   INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
) STRICT;
CREATE VIRTUAL TABLE article_fts USING fts5(
    body, title, author,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE article_flags (
             article_id INTEGER PRIMARY KEY,
             feed_id    INTEGER NOT NULL,
             sort_date  INTEGER NOT NULL,
             read       INTEGER NOT NULL DEFAULT 0,
             starred    INTEGER NOT NULL DEFAULT 0
         ) STRICT;
CREATE INDEX article_flags_starred_by_date
             ON article_flags (sort_date) WHERE starred = 1;
CREATE TRIGGER feed_counts_delete AFTER DELETE ON article_flags BEGIN
             UPDATE feed_counts SET total = total - 1, unread = unread - (old.read = 0)
             WHERE feed_id = old.feed_id;
         END;
CREATE TRIGGER feed_counts_read AFTER UPDATE OF read ON article_flags
         WHEN old.feed_id = new.feed_id AND (old.read = 0) != (new.read = 0) BEGIN
             UPDATE feed_counts SET unread = unread + (new.read = 0) - (old.read = 0)
             WHERE feed_id = new.feed_id;
         END;
CREATE TRIGGER feed_counts_move AFTER UPDATE OF feed_id ON article_flags
         WHEN old.feed_id != new.feed_id BEGIN
             UPDATE feed_counts SET total = total - 1, unread = unread - (old.read = 0)
             WHERE feed_id = old.feed_id;
             INSERT INTO feed_counts (feed_id, total, unread)
             VALUES (new.feed_id, 1, new.read = 0)
             ON CONFLICT (feed_id) DO UPDATE SET
                 total = total + 1, unread = unread + excluded.unread;
         END;
CREATE TABLE unread_spans (
             span   INTEGER PRIMARY KEY,
             unread INTEGER NOT NULL
         ) STRICT;
CREATE TRIGGER unread_spans_delete AFTER DELETE ON article_flags
         WHEN old.read = 0 BEGIN
             UPDATE unread_spans SET unread = unread - 1 WHERE span = old.sort_date >> 12;
         END;
CREATE TRIGGER unread_spans_change AFTER UPDATE OF read, sort_date ON article_flags
         WHEN (old.read = 0) != (new.read = 0)
           OR (old.read = 0 AND (old.sort_date >> 12) != (new.sort_date >> 12)) BEGIN
             UPDATE unread_spans SET unread = unread - 1
             WHERE old.read = 0 AND span = old.sort_date >> 12;
             INSERT INTO unread_spans (span, unread)
             SELECT new.sort_date >> 12, 1 WHERE new.read = 0
             ON CONFLICT (span) DO UPDATE SET unread = unread + 1;
         END;
CREATE TABLE article_fingerprints (
    article_id  INTEGER PRIMARY KEY,
    sort_date   INTEGER NOT NULL,
    fingerprint BLOB NOT NULL
) STRICT;
CREATE INDEX article_fingerprints_by_date ON article_fingerprints (sort_date);
CREATE TABLE "articles" (
    id            INTEGER PRIMARY KEY,
    feed_id       INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    sort_date     INTEGER NOT NULL,
    read          INTEGER NOT NULL DEFAULT 0,
    starred       INTEGER NOT NULL DEFAULT 0,
    first_seen_delay    INTEGER NOT NULL,
    seen_for     INTEGER NOT NULL,
    published     INTEGER,
    updated       INTEGER,
    views         INTEGER,
    comments      INTEGER,
    score         INTEGER,
    rating        REAL,
    key_hash      INTEGER NOT NULL,
    title         TEXT NOT NULL,
    link          TEXT,
    title_derived INTEGER NOT NULL DEFAULT 0,
    media         TEXT,
    key_text      TEXT
, author_id INTEGER, category_id INTEGER) STRICT;
CREATE INDEX articles_by_date ON articles (sort_date);
CREATE INDEX articles_by_feed_date ON articles (feed_id, sort_date);
CREATE TRIGGER article_flags_delete AFTER DELETE ON articles BEGIN
             DELETE FROM article_flags WHERE article_id = old.id;
         END;
CREATE TRIGGER article_flags_move AFTER UPDATE OF feed_id, sort_date ON articles
         WHEN old.feed_id != new.feed_id OR old.sort_date != new.sort_date BEGIN
             UPDATE article_flags SET feed_id = new.feed_id, sort_date = new.sort_date
             WHERE article_id = new.id;
         END;
CREATE TRIGGER article_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;
CREATE TRIGGER fts_pending_delete AFTER DELETE ON articles BEGIN
    DELETE FROM fts_pending WHERE article_id = old.id;
END;
CREATE TRIGGER search_blocks_delete AFTER DELETE ON articles BEGIN
    INSERT OR IGNORE INTO search_blocks (block, version) VALUES (old.id >> 15, 0);
    UPDATE search_blocks SET version = version + 1 WHERE block = old.id >> 15;
END;
CREATE TRIGGER article_fingerprints_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fingerprints WHERE article_id = old.id;
END;
CREATE TRIGGER article_fingerprints_move AFTER UPDATE OF sort_date ON articles
WHEN old.sort_date != new.sort_date BEGIN
    UPDATE article_fingerprints SET sort_date = new.sort_date WHERE article_id = new.id;
END;
CREATE TABLE story_links (
    lo  INTEGER NOT NULL,
    hi  INTEGER NOT NULL,
    at  INTEGER NOT NULL,
    cos REAL,
    PRIMARY KEY (lo, hi)
) STRICT, WITHOUT ROWID;
CREATE INDEX story_links_hi ON story_links (hi);
CREATE INDEX story_links_at ON story_links (at, cos);
CREATE TABLE story_links_pending (article_id INTEGER PRIMARY KEY) STRICT;
CREATE TABLE story_links_meta (key TEXT PRIMARY KEY, value ANY) STRICT;
CREATE TRIGGER story_links_delete AFTER DELETE ON articles BEGIN
    DELETE FROM story_links WHERE lo = old.id;
    DELETE FROM story_links WHERE hi = old.id;
    DELETE FROM story_links_pending WHERE article_id = old.id;
END;
CREATE TRIGGER story_links_update
AFTER UPDATE OF sort_date, feed_id ON articles
WHEN old.sort_date IS NOT new.sort_date
  OR old.feed_id IS NOT new.feed_id
BEGIN
    DELETE FROM story_links WHERE lo = old.id;
    DELETE FROM story_links WHERE hi = old.id;
    INSERT OR IGNORE INTO story_links_pending (article_id) VALUES (new.id);
END;
CREATE TRIGGER story_links_fingerprint
BEFORE INSERT ON article_fingerprints
WHEN NOT EXISTS (SELECT 1 FROM article_fingerprints
                 WHERE article_id = new.article_id AND fingerprint = new.fingerprint)
BEGIN
    DELETE FROM story_links WHERE lo = new.article_id;
    DELETE FROM story_links WHERE hi = new.article_id;
    INSERT OR IGNORE INTO story_links_pending (article_id) VALUES (new.article_id);
END;
CREATE TABLE text_blocks (
    id      INTEGER PRIMARY KEY,
    members INTEGER NOT NULL,
    live    INTEGER NOT NULL,
    data    BLOB NOT NULL
, feed_id INTEGER, newest INTEGER) STRICT;
CREATE INDEX text_blocks_sparse ON text_blocks (live) WHERE members > live * 2;
CREATE INDEX article_texts_unpacked ON article_texts (article_id)
    WHERE typeof(content) <> 'integer';
CREATE TRIGGER text_block_member_deleted AFTER DELETE ON article_texts
WHEN typeof(old.content) = 'integer' BEGIN
    UPDATE text_blocks SET live = live - 1 WHERE id = old.content;
    DELETE FROM text_blocks WHERE id = old.content AND live <= 0;
END;
CREATE TRIGGER text_block_member_rewritten AFTER UPDATE OF content ON article_texts
WHEN typeof(old.content) = 'integer' AND new.content IS NOT old.content BEGIN
    UPDATE text_blocks SET live = live - 1 WHERE id = old.content;
    DELETE FROM text_blocks WHERE id = old.content AND live <= 0;
END;
CREATE INDEX articles_by_key ON articles (feed_id, key_hash);
CREATE INDEX text_blocks_small ON text_blocks (feed_id, newest, live)
             WHERE members <= 20;
CREATE TABLE article_names (
             id   INTEGER PRIMARY KEY,
             name TEXT NOT NULL UNIQUE
         ) STRICT;
