//! Article links stored relative to their feed's origin (schema v23).
//!
//! Most of a feed's links start with one `scheme://host`, ~28 bytes that
//! every row repeated (~28 MB of a year's million articles). A feed keeps
//! its origin once, in `feeds.link_origin` (set from the first link it
//! stores, or by the v23 step from its most common one, and never changed
//! afterwards, so no stored link has to be rewritten), and `articles.link`
//! holds one of three forms, told apart by their first character:
//!
//! - `/…`: relative to the origin (the link is the origin followed by it);
//! - `!…`: a link that itself starts with `/` or `!` (never a URL a feed
//!   or a server gives: links are sanitised to absolute http(s) URLs, but
//!   the store takes any text), kept after the `!`;
//! - anything else: the link as it is (another host, or no origin).
//!
//! So every text reads back as it was written, whatever it is. Every
//! reader sees the whole link: SQL through [`decoded_link!`] (lists,
//! search hits, one article, sync's matching, fingerprints, the identity
//! of an article whose key is its link), Rust through [`decode`]; every
//! writer stores [`encode`]'s form under the feed's origin.

use std::borrow::Cow;
use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

/// The whole link of a stored `articles.link` (`$link`) under its feed's
/// origin (`$origin`, an SQL expression): a macro so statements can be
/// `concat!`ed constants.
macro_rules! decoded_link {
    ($link:literal, $origin:literal) => {
        concat!(
            "CASE substr(",
            $link,
            ", 1, 1) WHEN '/' THEN coalesce(",
            $origin,
            ", '') || ",
            $link,
            " WHEN '!' THEN substr(",
            $link,
            ", 2) ELSE ",
            $link,
            " END"
        )
    };
}
pub(super) use decoded_link;

/// The origin (`http(s)://authority`, no path) of an absolute http(s)
/// link followed by a path, if it has one: what a feed keeps.
pub(super) fn origin_of(link: &str) -> Option<&str> {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))?;
    let host = rest.find('/')?;
    let origin = &link[..link.len() - rest.len() + host];
    let authority = &rest[..host];
    (!authority.is_empty() && origin.is_ascii() && !authority.contains(['?', '#', '\\']))
        .then_some(origin)
}

/// A link's stored form under `origin` (see the module docs).
pub(super) fn encode<'a>(link: &'a str, origin: Option<&str>) -> Cow<'a, str> {
    if let Some(rest) = origin.and_then(|o| link.strip_prefix(o))
        && rest.starts_with('/')
    {
        return Cow::Borrowed(rest);
    }
    if link.starts_with(['/', '!']) {
        Cow::Owned(format!("!{link}"))
    } else {
        Cow::Borrowed(link)
    }
}

/// The link a stored form under `origin` stands for.
pub(super) fn decode<'a>(stored: &'a str, origin: Option<&str>) -> Cow<'a, str> {
    if stored.starts_with('/') {
        Cow::Owned(format!("{}{stored}", origin.unwrap_or("")))
    } else if let Some(verbatim) = stored.strip_prefix('!') {
        Cow::Borrowed(verbatim)
    } else {
        Cow::Borrowed(stored)
    }
}

/// Whether the file has v23's `feeds.link_origin`.
pub(super) fn has_origins(conn: &Connection) -> rusqlite::Result<bool> {
    super::table_info::has_column(conn, "feeds", "link_origin")
}

/// The feed's origin, set from `links` (the first with one) when the feed
/// has none yet: called by the writer before it stores a feed's items.
pub(super) fn feed_origin<'l>(
    conn: &Connection,
    feed: i64,
    mut links: impl Iterator<Item = &'l str>,
) -> rusqlite::Result<Option<String>> {
    let kept: Option<Option<String>> = conn
        .prepare_cached("SELECT link_origin FROM feeds WHERE id = ?1")?
        .query_row([feed], |r| r.get(0))
        .optional()?;
    match kept {
        // No such feed: the caller's own check reports it.
        None => Ok(None),
        Some(Some(origin)) => Ok(Some(origin)),
        Some(None) => {
            let Some(origin) = links.find_map(origin_of) else {
                return Ok(None);
            };
            conn.prepare_cached(
                "UPDATE feeds SET link_origin = ?2 WHERE id = ?1 AND link_origin IS NULL",
            )?
            .execute(rusqlite::params![feed, origin])?;
            Ok(Some(origin.to_string()))
        }
    }
}

/// Schema v23's part (`schema::v23`): `feeds.link_origin`, each feed's
/// most common origin, and the stored links rewritten in the forms above. Rows shrink in place:
/// the room they leave stays in their pages until those are rewritten
/// (`VACUUM`) or retention empties them; new rows are small from here on.
/// Safe to run again: a file with the column is left as it is (escaping
/// twice would change links).
pub(super) fn v23(conn: &Connection) -> rusqlite::Result<()> {
    if has_origins(conn)? {
        return Ok(());
    }
    conn.execute_batch(
        "ALTER TABLE feeds ADD COLUMN link_origin TEXT;
         UPDATE articles SET link = '!' || link WHERE substr(link, 1, 1) IN ('/', '!');",
    )?;
    let mut counts: HashMap<i64, HashMap<String, u64>> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT feed_id, link FROM articles WHERE link IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let feed: i64 = r.get(0)?;
            let link = r.get_ref(1)?.as_str_or_null()?;
            if let Some(origin) = link.and_then(origin_of) {
                let per = counts.entry(feed).or_default();
                if let Some(n) = per.get_mut(origin) {
                    *n += 1;
                } else {
                    per.insert(origin.to_string(), 1);
                }
            }
        }
    }
    let mut set = conn.prepare("UPDATE feeds SET link_origin = ?2 WHERE id = ?1")?;
    let mut relink = conn.prepare(
        "UPDATE articles SET link = substr(link, ?2) WHERE feed_id = ?1 AND substr(link, 1, ?2) = ?3",
    )?;
    for (feed, origins) in counts {
        // The most common; among equals the smallest, so the step is the
        // same on every run.
        let Some((origin, _)) = origins
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        else {
            continue;
        };
        set.execute(rusqlite::params![feed, origin])?;
        // Characters, as SQLite's substr counts them: the origin is ASCII.
        let slash = origin.len() as i64 + 1;
        relink.execute(rusqlite::params![feed, slash, format!("{origin}/")])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_and_authority_before_a_path() {
        assert_eq!(
            origin_of("https://news.example.kz/a/1?x=2"),
            Some("https://news.example.kz")
        );
        assert_eq!(origin_of("http://h.kz:8080/"), Some("http://h.kz:8080"));
        assert_eq!(origin_of("https://h.kz"), None);
        assert_eq!(origin_of("https:///x"), None);
        assert_eq!(origin_of("ftp://h.kz/x"), None);
        assert_eq!(origin_of("https://h.kz?q=/x"), None);
        assert_eq!(origin_of("https://хабар.kz/x"), None);
    }

    #[test]
    fn every_text_reads_back_as_written() {
        let origins = [None, Some("https://h.kz"), Some("http://h.kz:8080")];
        let links = [
            "https://h.kz/news/1",
            "https://h.kz/",
            "https://h.kz//x",
            "https://h.kz",
            "https://h.kzz/x",
            "https://other.kz/x",
            "http://h.kz:8080/p?q=https://h.kz/x",
            "/news/1",
            "!x",
            "!!",
            "/",
            "",
            "жаңалық",
            "guid-1",
        ];
        for origin in origins {
            for link in links {
                let stored = encode(link, origin);
                assert_eq!(decode(&stored, origin), link, "{link} under {origin:?}");
            }
        }
        assert_eq!(
            encode("https://h.kz/news/1", Some("https://h.kz")),
            "/news/1"
        );
        assert_eq!(
            encode("https://h.kzz/x", Some("https://h.kz")),
            "https://h.kzz/x"
        );
    }

    #[test]
    fn sql_decodes_as_rust_does() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = concat!("SELECT ", decoded_link!("?1", "?2"));
        for (stored, origin) in [
            (Some("/a"), Some("https://h.kz")),
            (Some("!/a"), Some("https://h.kz")),
            (Some("!!"), None),
            (Some("https://x.kz/a"), Some("https://h.kz")),
            (Some(""), Some("https://h.kz")),
            (None, Some("https://h.kz")),
        ] {
            let got: Option<String> = conn
                .query_row(sql, rusqlite::params![stored, origin], |r| r.get(0))
                .unwrap();
            assert_eq!(
                got.as_deref(),
                stored.map(|s| decode(s, origin)).as_deref(),
                "{stored:?}"
            );
        }
    }
}
