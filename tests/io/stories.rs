//! Top and related stories over a real cache (store + rank together), as
//! the CLI and the TUI's ranking worker use them.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use keruen::config::settings::{FeedSettings, Settings};
use keruen::domain::{NewArticle, ParsedFeed, Signals};
use keruen::fetch::Validators;
use keruen::store::{ArticleQuery, RankFields, Store};
use keruen::stories::{self, RelatedStories};

fn feed(name: &str) -> FeedSettings {
    crate::common::feed_settings(name)
}

fn art(key: &str, title: &str, summary: &str, hours_ago: i64, views: Option<u64>) -> NewArticle {
    NewArticle {
        title_derived: false,
        key: key.into(),
        title: title.into(),
        link: Some(format!("https://news.example/{key}")),
        published: Some(Utc::now() - TimeDelta::hours(hours_ago)),
        // Long enough to be stored compressed: related stories must read it back.
        summary: Some(format!(
            "<p>{summary}</p> {}",
            "Толығырақ сайтта оқыңыз. ".repeat(12)
        )),
        signals: Signals {
            views,
            ..Signals::default()
        },
        ..NewArticle::default()
    }
}

fn cache() -> (tempfile::TempDir, Store, Settings) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cache.db")).unwrap();
    let feeds = vec![feed("tengri"), feed("inform")];
    let ids = store.sync_feeds(&feeds).unwrap();
    let put = |store: &mut Store, i: usize, items: Vec<NewArticle>| {
        let doc = ParsedFeed {
            title: None,
            site_link: None,
            items,
            damaged: false,
        };
        store
            .apply_update(ids[i], &doc, &Validators::default(), Utc::now())
            .unwrap();
    };
    put(
        &mut store,
        0,
        vec![
            art(
                "t1",
                "Алматыда жаңа метро бекеті ашылды",
                "Алматы метросының жаңа бекеті жолаушыларды қабылдай бастады",
                2,
                Some(5000),
            ),
            art(
                "t2",
                "Алматы метросына жаңа вагондар келді",
                "Алматы метросы жаңа вагондармен толықты, жолаушылар қуанышты",
                5,
                Some(900),
            ),
            art(
                "t3",
                "Астанада күзгі жәрмеңке өтті",
                "Елордада ауыл шаруашылығы өнімдерінің жәрмеңкесі өтті",
                3,
                Some(300),
            ),
        ],
    );
    put(
        &mut store,
        1,
        vec![art(
            "i1",
            "Алматыда метроның жаңа бекеті ашылды",
            "Алматы метросының жаңа бекеті ашылды, жолаушылар қуанышты",
            1,
            Some(7000),
        )],
    );
    let settings = Settings::with_feeds(feeds);
    (dir, store, settings)
}

#[test]
fn top_collapses_the_same_story_across_feeds_and_says_why() {
    let (_dir, store, settings) = cache();
    let top = stories::top(
        &store,
        &settings,
        Utc::now(),
        Duration::from_secs(7 * 86_400),
        None,
        10,
    )
    .unwrap();
    assert_eq!(top.len(), 3, "four articles, three stories: {top:#?}");
    let first = &top[0];
    assert!(first.article.title.contains("бекеті"), "{first:#?}");
    assert_eq!(first.members.len(), 2);
    assert_eq!(
        first.sources,
        vec!["tengri".to_string(), "inform".to_string()]
    );
    assert_eq!(first.why.sources, 2, "{:?}", first.why);
    assert!(first.why.signals.views.is_some(), "{:?}", first.why);
    // Each story carries its first report's views over time (for the
    // sparkline and `top --json`); one sample so far, nothing growing.
    assert_eq!(first.views_history.len(), 1, "{first:#?}");
    assert!(first.views_per_hour.is_none());
    let json = serde_json::to_value(first).unwrap();
    assert!(json["views_history"][0]["views"].is_u64(), "{json}");
    // The why is data in JSON: raw numbers and an ISO 8601 time, no words.
    assert_eq!(json["why"]["sources"], 2, "{json}");
    assert!(json["why"]["views"].is_u64(), "{json}");
    assert!(
        json["why"]["first_seen"]
            .as_str()
            .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok()),
        "{json}"
    );
    // A tag no feed has gives nothing.
    let none = stories::top(
        &store,
        &settings,
        Utc::now(),
        Duration::from_secs(7 * 86_400),
        Some("sport"),
        10,
    )
    .unwrap();
    assert!(none.is_empty());
}

#[test]
fn related_finds_the_similar_kazakh_story_and_skips_the_duplicate() {
    let (_dir, store, settings) = cache();
    let all = store.articles(&ArticleQuery::default()).unwrap();
    let id_of = |needle: &str| all.iter().find(|a| a.title.contains(needle)).unwrap().id;
    let index = RelatedStories::build(&store, &settings, Utc::now()).unwrap();
    let opened = id_of("метро бекеті");
    assert!(index.knows(opened));
    let related = index.related(&store, opened, 3).unwrap();
    let titles: Vec<&str> = related.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles.first().copied(),
        Some("Алматы метросына жаңа вагондар келді"),
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.contains("метроның жаңа бекеті")),
        "the same story from another feed is not 'related': {titles:?}"
    );
}

#[test]
fn the_related_index_covers_at_most_the_newest_articles_and_knows_what_came_after() {
    let (_dir, mut store, settings) = cache();
    let mut all = store.articles(&ArticleQuery::default()).unwrap();
    assert!(
        all.len() > 3,
        "the cache needs more articles than the bound"
    );
    // Newest first, as `articles` lists them.
    all.sort_by_key(|a| std::cmp::Reverse(a.published.or(Some(a.first_seen))));
    let now = Utc::now();
    let index = RelatedStories::build_bounded(&store, &settings, now, 3).unwrap();
    for a in &all[..3] {
        assert!(
            index.knows(a.id),
            "one of the 3 newest left out: {}",
            a.title
        );
    }
    let oldest = all.last().unwrap();
    assert!(
        !index.knows(oldest.id),
        "an article past the bound is indexed"
    );
    assert!(
        !index.is_newer(oldest.id),
        "an article left out as too old would make the reader rebuild on every open"
    );
    // The days it reaches back are those of its oldest article, not the month.
    let reach = (now - index.from).num_seconds();
    assert!(index.days(now) >= 1 && (index.days(now) as i64 - 1) * 86_400 <= reach);
    assert!(index.days(now) < 30, "{} days", index.days(now));
    // Bounded by more than the cache holds: the whole month.
    let whole = RelatedStories::build_bounded(&store, &settings, now, 1_000).unwrap();
    assert!(all.iter().all(|a| whole.knows(a.id)));
    assert_eq!(whole.days(now), 30);

    // An article stored after the build is newer than the index: the
    // reader rebuilds for it.
    let ids = store.sync_feeds(&[feed("tengri"), feed("inform")]).unwrap();
    let doc = ParsedFeed {
        title: None,
        site_link: None,
        items: vec![art("late", "Кешігіп келген жаңалық", "Мәтін", 0, None)],
        damaged: false,
    };
    store
        .apply_update(ids[0], &doc, &Validators::default(), Utc::now())
        .unwrap();
    let late = store
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .find(|a| a.title.starts_with("Кешігіп"))
        .unwrap();
    assert!(!index.knows(late.id) && index.is_newer(late.id));
}

/// Top stories of the last 7 days, as `keruen top` computes them.
fn week_top(store: &Store, settings: &Settings) -> Vec<stories::TopEntry> {
    stories::top(
        store,
        settings,
        Utc::now(),
        Duration::from_secs(7 * 86_400),
        None,
        10,
    )
    .unwrap()
}

#[test]
fn fingerprints_are_stored_kept_current_and_backfilled_for_old_caches() {
    use keruen::rank::Fingerprint;
    use keruen::store::SCHEMA_VERSION;

    let (dir, mut store, settings) = cache();
    let since = Utc::now() - TimeDelta::days(7);
    let check = |store: &Store| {
        let inputs = store.rank_inputs(since, RankFields::Text).unwrap();
        assert_eq!(inputs.len(), 4);
        for a in &inputs {
            assert_eq!(
                a.fingerprint,
                Some(Fingerprint::of(
                    &a.title,
                    keruen::rank::lead_text(a.summary.as_deref(), None),
                    a.link.as_deref()
                )),
                "{}",
                a.title
            );
        }
        // Top's lean read (no titles) gives the same fingerprints.
        let mut lean = store.rank_inputs(since, RankFields::Clustering).unwrap();
        lean.sort_by_key(|a| a.id);
        let mut full = inputs.clone();
        full.sort_by_key(|a| a.id);
        assert_eq!(
            lean.iter().map(|a| &a.fingerprint).collect::<Vec<_>>(),
            full.iter().map(|a| &a.fingerprint).collect::<Vec<_>>()
        );
    };
    check(&store);
    let top_before = week_top(&store, &settings);

    // A retitled article gets a new fingerprint.
    let ids = store.sync_feeds(&settings.feeds).unwrap();
    let retitled = ParsedFeed {
        title: None,
        site_link: None,
        items: vec![art(
            "i1",
            "Ақтөбеде жаңа спорт кешені салынды",
            "Ақтөбе облысында жаңа спорт кешені ашылды",
            1,
            Some(7000),
        )],
        damaged: false,
    };
    store
        .apply_update(ids[1], &retitled, &Validators::default(), Utc::now())
        .unwrap();
    check(&store);
    let top_after = week_top(&store, &settings);
    assert_eq!(top_after.len(), 4, "the retitled story no longer clusters");
    drop(store);

    // A cache written before fingerprints existed (schema 3) is migrated:
    // every article gets its fingerprint and Top is unchanged.
    let path = dir.path().join("cache.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        // Back to schema 3: no fingerprints, none of the later tables,
        // whole links and dates (v23 stores them relative to the feed's
        // origin and to `sort_date`).
        c.execute_batch(
            "UPDATE articles SET link = CASE substr(link, 1, 1)
                 WHEN '/' THEN (SELECT link_origin FROM feeds f WHERE f.id = feed_id) || link
                 WHEN '!' THEN substr(link, 2) ELSE link END;
             UPDATE articles SET published = sort_date + published;
             ALTER TABLE feeds DROP COLUMN link_origin;
             DROP TABLE article_fingerprints;
             DROP TRIGGER article_fingerprints_delete; DROP TRIGGER article_fingerprints_move;
             ALTER TABLE articles DROP COLUMN title_derived;
             DROP TABLE sync_queue; DROP TABLE sync_items;
             DROP TABLE sync_feeds; DROP TABLE sync_state;
             ALTER TABLE feeds DROP COLUMN synced;
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    check(&store);
    let top_migrated = week_top(&store, &settings);
    let members = |t: &[stories::TopEntry]| t.iter().map(|e| e.members.clone()).collect::<Vec<_>>();
    assert_eq!(members(&top_migrated), members(&top_after));
    assert_ne!(members(&top_before), members(&top_after));
}
