//! Authors and categories kept once, as ids into a table of names
//! (`store::names`, schema v25): every reader sees the names, a changed
//! author is a changed article, each name is stored once, the v25 step
//! keeps every article as it was, and retention sweeps the names no
//! article uses once there are many.
use std::path::Path;

use keruen::config::settings::CacheSettings;
use keruen::domain::{FeedId, NewArticle};
use keruen::search_query::SearchQuery;
use keruen::store::{ArticleQuery, SCHEMA_VERSION, Store};

use crate::common::store_fill::{apply, every_article, news, november};

fn sql(path: &Path, q: &str) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row(q, [], |r| r.get(0)).unwrap()
}

fn by(key: &str, author: Option<&str>, category: Option<&str>, day: u32) -> NewArticle {
    NewArticle {
        author: author.map(str::to_string),
        category: category.map(str::to_string),
        ..news(key, &format!("Жаңалық {key}"), "Мәтін", day)
    }
}

fn two_feeds(path: &Path) -> (Store, Vec<FeedId>) {
    let mut s = Store::open(path).unwrap();
    let ids = s
        .sync_feeds(&[
            crate::common::feed_settings("tengri"),
            crate::common::feed_settings("kaztag"),
        ])
        .unwrap();
    apply(
        &mut s,
        ids[0],
        vec![
            by("a1", Some("Әлия Сәрсенбаева"), Some("Алматы"), 1),
            by("a2", Some("Әлия Сәрсенбаева"), Some("Саясат"), 2),
            by("a3", None, Some("Алматы"), 3),
            by("a4", Some("Иван Петров"), None, 4),
        ],
        5,
    );
    apply(
        &mut s,
        ids[1],
        vec![
            by("b1", Some("Иван Петров"), Some("Алматы"), 1),
            by("b2", None, None, 2),
        ],
        5,
    );
    (s, ids)
}

/// (title, author, category) of every article, by title.
fn names_shown(s: &Store) -> Vec<(String, Option<String>, Option<String>)> {
    let mut v: Vec<_> = s
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .map(|a| (a.title, a.author, a.category))
        .collect();
    v.sort();
    v
}

#[test]
fn authors_and_categories_read_back_and_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, ids) = two_feeds(&path);
    let shown = names_shown(&s);
    let want = |key: &str, a: Option<&str>, c: Option<&str>| {
        (
            format!("Жаңалық {key}"),
            a.map(str::to_string),
            c.map(str::to_string),
        )
    };
    assert_eq!(
        shown,
        vec![
            want("a1", Some("Әлия Сәрсенбаева"), Some("Алматы")),
            want("a2", Some("Әлия Сәрсенбаева"), Some("Саясат")),
            want("a3", None, Some("Алматы")),
            want("a4", Some("Иван Петров"), None),
            want("b1", Some("Иван Петров"), Some("Алматы")),
            want("b2", None, None),
        ]
    );
    // One article read whole says the same.
    let one = s.articles(&ArticleQuery::default()).unwrap();
    let b1 = one.iter().find(|a| a.title.ends_with("b1")).unwrap();
    assert_eq!(
        s.article(b1.id).unwrap().summary.author.as_deref(),
        Some("Иван Петров")
    );
    // Four names, each once, whatever the feed or the role.
    assert_eq!(sql(&path, "SELECT count(*) FROM article_names"), 4);
    // Search finds an author (the index's author column).
    let hits = s
        .search(&SearchQuery::parse("Сәрсенбаева").unwrap())
        .unwrap();
    assert_eq!(hits.len(), 2);

    // The same items again change nothing; a changed author does.
    let again = crate::common::store_fill::apply_at(
        &mut s,
        ids[1],
        vec![
            by("b1", Some("Иван Петров"), Some("Алматы"), 1),
            by("b2", None, None, 2),
        ],
        november(6),
    );
    assert_eq!((again.updated, again.unchanged), (0, 2));
    let changed = crate::common::store_fill::apply_at(
        &mut s,
        ids[1],
        vec![
            by("b1", Some("Жаңа автор"), Some("Алматы"), 1),
            by("b2", None, Some("Астана"), 2),
        ],
        november(7),
    );
    assert_eq!((changed.updated, changed.unchanged), (2, 0));
    let shown = names_shown(&s);
    assert!(shown.contains(&want("b1", Some("Жаңа автор"), Some("Алматы"))));
    assert!(shown.contains(&want("b2", None, Some("Астана"))));
    assert_eq!(sql(&path, "SELECT count(*) FROM article_names"), 6);
}

#[test]
fn the_v25_step_keeps_every_article() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (s, _) = two_feeds(&path);
    let before = every_article(&s);
    drop(s);
    // Back to v24's layout: the names as text in each row.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "ALTER TABLE articles ADD COLUMN author TEXT;
             ALTER TABLE articles ADD COLUMN category TEXT;
             UPDATE articles SET
                 author = (SELECT name FROM article_names WHERE id = author_id),
                 category = (SELECT name FROM article_names WHERE id = category_id);
             ALTER TABLE articles DROP COLUMN author_id;
             ALTER TABLE articles DROP COLUMN category_id;
             DROP TABLE article_names;
             PRAGMA user_version = 24;",
        )
        .unwrap();
    assert_eq!(
        sql(
            &path,
            "SELECT count(*) FROM articles WHERE author = 'Иван Петров'"
        ),
        2
    );
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(every_article(&s), before);
    assert_eq!(sql(&path, "SELECT count(*) FROM article_names"), 4);
    assert_eq!(
        sql(
            &path,
            "SELECT count(*) FROM pragma_table_info('articles') WHERE name IN ('author', 'category')"
        ),
        0
    );
    drop(s);
    // The step again (a version set back by hand) changes nothing.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 24;")
        .unwrap();
    let s = Store::open(&path).unwrap();
    assert_eq!(every_article(&s), before);
    assert_eq!(sql(&path, "SELECT count(*) FROM article_names"), 4);
}

#[test]
fn retention_sweeps_names_no_article_uses_once_there_are_many() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, ids) = two_feeds(&path);
    // A feed giving each article an author of its own: 10,500 names.
    let many: Vec<NewArticle> = (0..10_500)
        .map(|i| by(&format!("m{i}"), Some(&format!("Автор {i}")), None, 1))
        .collect();
    apply(&mut s, ids[1], many, 3);
    assert_eq!(sql(&path, "SELECT count(*) FROM article_names"), 4 + 10_500);
    // They leave the feed and retention keeps the feed's newest 10.
    apply(
        &mut s,
        ids[1],
        vec![by("b1", Some("Иван Петров"), Some("Алматы"), 1)],
        20,
    );
    let policy = CacheSettings {
        max_age: None,
        max_per_feed: Some(10),
    };
    let before = names_shown(&s)
        .into_iter()
        .filter(|a| !a.0.contains(" m"))
        .collect::<Vec<_>>();
    assert!(s.apply_retention(&policy, november(20)).unwrap() > 10_000);
    let kept = names_shown(&s);
    // Every article left keeps its names; the names only removed ones
    // used are gone, those in use stay.
    let used = sql(
        &path,
        "SELECT count(*) FROM (SELECT author_id FROM articles WHERE author_id IS NOT NULL
         UNION SELECT category_id FROM articles WHERE category_id IS NOT NULL)",
    );
    assert_eq!(sql(&path, "SELECT count(*) FROM article_names"), used);
    assert!(used < 30, "{used}");
    for a in &before {
        assert!(kept.contains(a), "{a:?}");
    }
}
