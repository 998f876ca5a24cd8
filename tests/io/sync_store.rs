//! The store's side of sync: the change queue written with each change,
//! the server id mapping, applying the server's state without overwriting
//! a queued local change, and the migration to the sync schema.

use std::collections::HashSet;

use chrono::Utc;
use keruen::config::settings::FeedSettings;
use keruen::domain::{ArticleId, FeedId, NewArticle, ParsedFeed};
use keruen::fetch::Validators;
use keruen::store::{
    ArticleQuery, Field, RemoteArticle, SCHEMA_VERSION, Store, StoreError, SyncedFeed,
};
use url::Url;

fn article(title: &str, link: &str) -> NewArticle {
    NewArticle {
        title: title.into(),
        link: Some(link.into()),
        content: Some(format!("<p>{title}</p>")),
        ..NewArticle::default()
    }
}

fn remote(id: &str, feed: FeedId, read: bool, starred: bool) -> RemoteArticle {
    RemoteArticle {
        remote_id: id.into(),
        feed,
        article: article(&format!("Item {id}"), &format!("https://s.example/{id}")),
        read,
        starred,
    }
}

/// A store with one server feed holding items "1".."n" (unread, unstarred).
fn synced_store(n: usize) -> (Store, FeedId) {
    let mut s = Store::open_in_memory().unwrap();
    s.sync_account("fever https://s.example/ me").unwrap();
    let feeds = s
        .upsert_synced_feeds(&[SyncedFeed {
            remote_id: "7".into(),
            url: "https://s.example/feed.xml".into(),
            name: "Server feed".into(),
            tags: vec!["Lab".into()],
        }])
        .unwrap();
    let items: Vec<_> = (1..=n)
        .map(|i| remote(&i.to_string(), feeds[0], false, false))
        .collect();
    assert_eq!(
        s.store_remote_articles(&items, Utc::now()).unwrap(),
        n as u64
    );
    (s, feeds[0])
}

fn id_of(s: &Store, remote_id: &str) -> ArticleId {
    let all = s.articles(&ArticleQuery::default()).unwrap();
    all.into_iter()
        .find(|a| s.remote_id_of(a.id).unwrap().as_deref() == Some(remote_id))
        .map(|a| a.id)
        .unwrap()
}

fn state(s: &Store, id: ArticleId) -> (bool, bool) {
    let a = s.article(id).unwrap().summary;
    (a.read, a.starred)
}

fn set(ids: &[&str]) -> HashSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn server_feeds_get_tags_and_survive_a_config_sync() {
    let (mut s, feed) = synced_store(2);
    let list = s.feeds().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].tags, vec!["Lab".to_string()]);
    // A refresh syncs the configured feeds: the server's feed stays listed.
    let other = FeedSettings::new("Local", Url::parse("https://l.example/rss").unwrap());
    s.sync_feeds(&[other]).unwrap();
    let names: Vec<_> = s.feeds().unwrap().into_iter().map(|f| f.id).collect();
    assert!(names.contains(&feed), "{names:?}");
}

#[test]
fn every_change_of_a_server_article_is_queued_in_its_transaction() {
    let (mut s, feed) = synced_store(3);
    let a = id_of(&s, "1");
    let b = id_of(&s, "2");
    s.set_read(&[a], true).unwrap();
    s.set_starred(b, true).unwrap();
    // No-ops queue nothing.
    s.set_read(&[a], true).unwrap();
    s.set_starred(b, true).unwrap();
    assert_eq!(s.queued_changes().unwrap(), 2);
    s.mark_feed_read(feed).unwrap();
    // Items 2 and 3 were unread.
    assert_eq!(s.queued_changes().unwrap(), 4);
    let pending = s.pending_changes().unwrap();
    let mut got: Vec<_> = pending
        .iter()
        .map(|p| (p.remote_id.as_str(), p.field, p.value))
        .collect();
    got.sort_by_key(|g| (g.0, g.1 == Field::Starred));
    assert_eq!(
        got,
        vec![
            ("1", Field::Read, true),
            ("2", Field::Read, true),
            ("2", Field::Starred, true),
            ("3", Field::Read, true),
        ]
    );
    assert!(matches!(
        s.set_starred(ArticleId(999_999), true),
        Err(StoreError::NoSuchArticle(_))
    ));
}

#[test]
fn local_only_articles_queue_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s
        .sync_feeds(&[FeedSettings::new(
            "Local",
            Url::parse("https://l.example/rss").unwrap(),
        )])
        .unwrap();
    let mut a = article("Local", "https://l.example/1");
    a.key = "k1".into();
    let doc = ParsedFeed {
        items: vec![a],
        ..ParsedFeed::default()
    };
    s.apply_update(ids[0], &doc, &Validators::default(), Utc::now())
        .unwrap();
    let id = s.articles(&ArticleQuery::default()).unwrap()[0].id;
    s.set_read(&[id], true).unwrap();
    s.set_starred(id, true).unwrap();
    assert_eq!(s.queued_changes().unwrap(), 0);
}

#[test]
fn coalesced_push_confirms_only_what_it_sent() {
    let (mut s, _) = synced_store(1);
    let a = id_of(&s, "1");
    s.set_read(&[a], true).unwrap();
    s.set_read(&[a], false).unwrap();
    s.set_read(&[a], true).unwrap();
    let pending = s.pending_changes().unwrap();
    assert_eq!(pending.len(), 1, "the newest change per field: {pending:?}");
    assert!(pending[0].value);
    // A change made while the push is under way stays queued.
    s.set_read(&[a], false).unwrap();
    s.confirm_pushed(&pending).unwrap();
    let left = s.pending_changes().unwrap();
    assert_eq!(left.len(), 1);
    assert!(!left[0].value);
    assert_eq!(s.queued_changes().unwrap(), 1);
}

#[test]
fn the_pull_applies_server_state_but_never_over_a_queued_change() {
    let (mut s, _) = synced_store(4);
    let (a, b, c, d) = (
        id_of(&s, "1"),
        id_of(&s, "2"),
        id_of(&s, "3"),
        id_of(&s, "4"),
    );
    // A local change not pushed yet: item 3 read, item 4 starred.
    s.set_read(&[c], true).unwrap();
    s.set_starred(d, true).unwrap();
    // The server: 2 and 3 unread, 1 starred (so 1 and 4 read, 4 unstarred).
    let counts = s
        .apply_remote_state(&set(&["2", "3"]), &set(&["1"]))
        .unwrap();
    assert_eq!(state(&s, a), (true, true));
    assert_eq!(state(&s, b), (false, false));
    assert_eq!(state(&s, c), (true, false), "queued read kept");
    assert_eq!(state(&s, d), (true, true), "queued star kept");
    assert_eq!(counts.kept_local, 2);
    assert_eq!(counts.read_changed, 2);
    assert_eq!(counts.starred_changed, 1);
    // Pulled state is not queued back.
    assert_eq!(s.queued_changes().unwrap(), 2);
}

#[test]
fn a_local_article_with_the_same_link_is_mapped_not_duplicated() {
    let mut s = Store::open_in_memory().unwrap();
    s.sync_account("ttrss https://s.example/ me").unwrap();
    let url = "https://s.example/feed.xml";
    let ids = s
        .sync_feeds(&[FeedSettings::new("Configured", Url::parse(url).unwrap())])
        .unwrap();
    let mut local = article("Same story", "https://s.example/1");
    local.key = "guid-1".into();
    let doc = ParsedFeed {
        items: vec![local],
        ..ParsedFeed::default()
    };
    s.apply_update(ids[0], &doc, &Validators::default(), Utc::now())
        .unwrap();
    let id = s.articles(&ArticleQuery::default()).unwrap()[0].id;
    s.set_starred(id, true).unwrap();
    let feeds = s
        .upsert_synced_feeds(&[SyncedFeed {
            remote_id: "1".into(),
            url: url.into(),
            name: "Server name".into(),
            tags: vec![],
        }])
        .unwrap();
    assert_eq!(feeds[0], ids[0], "one row per URL");
    assert_eq!(s.feeds().unwrap()[0].name, "Configured");
    let new = s
        .store_remote_articles(&[remote("1", feeds[0], false, false)], Utc::now())
        .unwrap();
    assert_eq!(new, 0);
    assert_eq!(s.articles(&ArticleQuery::default()).unwrap().len(), 1);
    assert_eq!(s.remote_id_of(id).unwrap().as_deref(), Some("1"));
    // Starred here and not on the server: the local star is queued.
    let pending = s.pending_changes().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!((pending[0].field, pending[0].value), (Field::Starred, true));
}

#[test]
fn retention_removed_items_are_not_fetched_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let mut s = Store::open(&path).unwrap();
        s.sync_account("fever https://s.example/ me").unwrap();
        let feeds = s
            .upsert_synced_feeds(&[SyncedFeed {
                remote_id: "7".into(),
                url: "https://s.example/feed.xml".into(),
                name: "Server feed".into(),
                tags: vec![],
            }])
            .unwrap();
        let items = [
            remote("1", feeds[0], false, false),
            remote("2", feeds[0], false, false),
        ];
        s.store_remote_articles(&items, Utc::now()).unwrap();
    }
    // Retention deletes article rows (the cascade removes their mapping).
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "PRAGMA foreign_keys = ON;
             DELETE FROM articles WHERE id IN (SELECT article_id FROM sync_items WHERE remote_id = '1');",
        )
        .unwrap();
    let s = Store::open(&path).unwrap();
    assert_eq!(s.articles(&ArticleQuery::default()).unwrap().len(), 1);
    let known = s.known_remote_ids().unwrap();
    assert!(known.contains("1") && known.contains("2"), "{known:?}");
}

#[test]
fn another_account_starts_over() {
    let (mut s, _) = synced_store(2);
    let a = id_of(&s, "1");
    s.set_read(&[a], true).unwrap();
    s.set_sync_value("point", "2").unwrap();
    assert!(!s.sync_account("fever https://s.example/ me").unwrap());
    assert_eq!(s.sync_value("point").unwrap().as_deref(), Some("2"));
    assert!(s.sync_account("greader https://other.example/ me").unwrap());
    assert_eq!(s.sync_value("point").unwrap(), None);
    assert!(s.known_remote_ids().unwrap().is_empty());
    assert_eq!(s.queued_changes().unwrap(), 0);
}

#[test]
fn a_version_4_cache_migrates_and_keeps_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let mut s = Store::open(&path).unwrap();
        let ids = s
            .sync_feeds(&[FeedSettings::new(
                "Local",
                Url::parse("https://l.example/rss").unwrap(),
            )])
            .unwrap();
        let mut a = article("Kept", "https://l.example/1");
        a.key = "k".into();
        let doc = ParsedFeed {
            items: vec![a],
            ..ParsedFeed::default()
        };
        s.apply_update(ids[0], &doc, &Validators::default(), Utc::now())
            .unwrap();
    }
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP TABLE sync_queue; DROP TABLE sync_items; DROP TABLE sync_feeds;
             DROP TABLE sync_state; DROP TABLE sync_gone; ALTER TABLE feeds DROP COLUMN synced;
             PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.articles(&ArticleQuery::default()).unwrap().len(), 1);
    assert_eq!(s.queued_changes().unwrap(), 0);
}
