//! Full-text search over the cache (`Store::search`, `SearchQuery`):
//! case folding for Kazakh, Russian and English, prefix matching of
//! inflected forms, ranking, filters, query errors, and keeping the index
//! in step with updates, retention and the schema migration.

use chrono::{DateTime, TimeZone, Utc};
use keruen::config::settings::{CacheSettings, FeedSettings};
use keruen::domain::{FeedId, NewArticle, ParsedFeed};
use keruen::fetch::Validators;
use keruen::search_query::{MATCH_END, MATCH_START, QueryError, SearchQuery};
use keruen::store::{SCHEMA_VERSION, SearchHit, Store};
use url::Url;

use crate::common::run_binary;
use crate::common::store_fill::hit_key;
use run_binary::keruen;

fn t(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

fn feed(name: &str, tags: &[&str]) -> FeedSettings {
    let mut f = FeedSettings::new(
        name,
        Url::parse(&format!("https://{}.example/rss", name.to_lowercase())).unwrap(),
    );
    f.tags = tags.iter().map(|t| t.to_string()).collect();
    f
}

fn art(key: &str, title: &str, author: Option<&str>, body: &str, day: u32) -> NewArticle {
    NewArticle {
        title_derived: false,
        key: key.into(),
        title: title.into(),
        link: Some(format!("https://example.kz/{key}")),
        author: author.map(str::to_string),
        published: Some(t(day, 12)),
        summary: None,
        // Long bodies are stored compressed: the index must still see them.
        content: Some(format!("<p>{body}</p>")),
        ..NewArticle::default()
    }
}

fn doc(items: Vec<NewArticle>) -> ParsedFeed {
    ParsedFeed {
        items,
        damaged: false,
        ..ParsedFeed::default()
    }
}

/// Two feeds: "Tengri" [kz] in Kazakh and Russian, "BBC" [en] in English.
fn fixture() -> (Store, Vec<FeedId>) {
    fill(Store::open_in_memory().unwrap())
}

fn fill(mut s: Store) -> (Store, Vec<FeedId>) {
    let ids = s
        .sync_feeds(&[feed("Tengri", &["kz", "news"]), feed("BBC", &["en"])])
        .unwrap();
    let padding = " Жаңалықтар легі. ".repeat(30);
    s.apply_update(
        ids[0],
        &doc(vec![
            art(
                "kz1",
                "ҚАЗАҚСТАН ПРЕЗИДЕНТІ Алматыда сөз сөйледі",
                Some("Әсел Нұрланқызы"),
                &format!("Мемлекет басшысы <b>Алматыда</b> халықпен кездесті.{padding}"),
                20,
            ),
            art(
                "ru1",
                "Погода в Астане",
                Some("Иван Петров"),
                "ПРЕЗИДЕНТ не упоминается здесь, зато упоминается снегопад в Қазақстан.",
                19,
            ),
            art(
                "ru2",
                "Президент подписал указ",
                None,
                "Указ касается образования.",
                10,
            ),
        ]),
        &Validators::default(),
        t(20, 13),
    )
    .unwrap();
    s.apply_update(
        ids[1],
        &doc(vec![
            art(
                "en1",
                "Café owners in Almaty",
                Some("Jane Doe"),
                "Coffee culture grows in Kazakhstan's largest city.",
                20,
            ),
            art(
                "en2",
                "Weather report",
                Some("John Smith"),
                "Snow in Astana; the Cafe district is closed.",
                20,
            ),
        ]),
        &Validators::default(),
        t(20, 13),
    )
    .unwrap();
    (s, ids)
}

fn search(s: &Store, q: &str) -> Vec<SearchHit> {
    let q = SearchQuery::parse(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    s.search_at(&q, t(21, 0)).unwrap()
}

fn keys(s: &Store, q: &str) -> Vec<String> {
    search(s, q).into_iter().map(hit_key).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn kazakh_lowercase_finds_uppercase() {
    let (s, _) = fixture();
    assert_eq!(sorted(keys(&s, "қазақстан")), ["kz1", "ru1"]);
    assert_eq!(keys(&s, "ҚАЗАҚСТАН ПРЕЗИДЕНТІ"), ["kz1"]);
    // Every Kazakh-specific letter folds: the author is stored capitalised.
    assert_eq!(keys(&s, "әсел нұрланқызы"), ["kz1"]);
}

#[test]
fn every_kazakh_specific_letter_folds_both_ways() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("k", &[])]).unwrap();
    let upper = ["Ә", "Ғ", "Қ", "Ң", "Ө", "Ұ", "Ү", "Һ", "І"];
    let lower = ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"];
    let items = upper
        .iter()
        .enumerate()
        .map(|(i, u)| art(&format!("u{i}"), &format!("{u}зат"), None, "", 1))
        .collect();
    s.apply_update(ids[0], &doc(items), &Validators::default(), t(1, 2))
        .unwrap();
    for (i, l) in lower.iter().enumerate() {
        assert_eq!(keys(&s, &format!("\"{l}зат\"")), [format!("u{i}")], "{l}");
    }
}

#[test]
fn e_and_yo_spellings_find_each_other() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("r", &[])]).unwrap();
    let items = vec![
        art("yo", "Ёлка на площади", None, "Всё готово к празднику", 1),
        art("e", "Елки в лесу", None, "Все ждут снега", 1),
        art("other", "Ель и сосна", None, "Лес", 1),
    ];
    s.apply_update(ids[0], &doc(items), &Validators::default(), t(1, 2))
        .unwrap();
    assert_eq!(sorted(keys(&s, "елка")), ["yo"]);
    assert_eq!(sorted(keys(&s, "ёлки")), ["e"]);
    assert_eq!(sorted(keys(&s, "ёлк")), ["e", "yo"]);
    assert_eq!(sorted(keys(&s, "\"все готово\"")), ["yo"]);
    assert_eq!(sorted(keys(&s, "всё")), ["e", "yo"]);
    // Other words are untouched: "ель" does not become a prefix of "ёлка".
    assert_eq!(sorted(keys(&s, "ель")), ["other"]);
}

#[test]
fn russian_uppercase_finds_lowercase() {
    let (s, _) = fixture();
    // "президент" in two titles and one body.
    let found = keys(&s, "ПРЕЗИДЕНТ");
    assert_eq!(sorted(found.clone()), ["kz1", "ru1", "ru2"]);
}

#[test]
fn words_match_inflected_forms_by_prefix() {
    let (s, _) = fixture();
    // "Алматы" finds "Алматыда" (locative), in title and body.
    assert_eq!(keys(&s, "Алматы"), ["kz1"]);
    // A quoted phrase is exact: "Алматы" alone is not a word there.
    assert!(keys(&s, "\"Алматы\"").is_empty());
    assert_eq!(keys(&s, "\"Алматыда сөз\""), ["kz1"]);
}

#[test]
fn latin_accents_and_case_are_folded() {
    let (s, _) = fixture();
    assert_eq!(sorted(keys(&s, "cafe")), ["en1", "en2"]);
    assert_eq!(sorted(keys(&s, "CAFÉ")), ["en1", "en2"]);
    assert_eq!(keys(&s, "kazakhstan"), ["en1"]);
}

#[test]
fn title_match_ranks_before_body_match() {
    let (s, _) = fixture();
    let hits = search(&s, "cafe");
    let first = hits[0].article.title.as_str();
    assert_eq!(first, "Café owners in Almaty");
    assert!(hits[0].rank < hits[1].rank, "{hits:?}");
    // Russian: both titles beat the body-only mention.
    let order = keys(&s, "президент");
    assert_eq!(order.last().map(String::as_str), Some("ru1"), "{order:?}");
}

#[test]
fn snippets_mark_the_matches() {
    let (s, _) = fixture();
    let hits = search(&s, "снегопад");
    assert_eq!(hits.len(), 1);
    let snip = &hits[0].snippet;
    assert!(
        snip.contains(&format!("{MATCH_START}снегопад{MATCH_END}")),
        "{snip:?}"
    );
    // Tags are stripped from the indexed body.
    let hits = search(&s, "халықпен");
    assert!(!hits[0].snippet.contains('<'), "{:?}", hits[0].snippet);
    assert!(
        hits[0].snippet.contains("Алматыда"),
        "{:?}",
        hits[0].snippet
    );
}

#[test]
fn filters_narrow_the_results() {
    let (mut s, _) = fixture();
    assert_eq!(sorted(keys(&s, "astana")), ["en2"]);
    assert_eq!(sorted(keys(&s, "астан")), ["ru1"]);
    assert_eq!(sorted(keys(&s, "president feed:bbc")), Vec::<String>::new());
    assert_eq!(
        sorted(keys(&s, "президент feed:TENGRI")),
        ["kz1", "ru1", "ru2"]
    );
    assert_eq!(sorted(keys(&s, "tag:en")), ["en1", "en2"]);
    assert_eq!(sorted(keys(&s, "президент tag:KZ")), ["kz1", "ru1", "ru2"]);
    assert!(keys(&s, "tag:nope").is_empty());
    // since: counts back from "now" (day 21): day 10 is out, 19 and 20 in.
    assert_eq!(sorted(keys(&s, "президент since:3d")), ["kz1", "ru1"]);
    // unread / starred.
    let ru2 = search(&s, "указ")[0].article.id;
    s.set_starred(ru2, true).unwrap();
    assert_eq!(keys(&s, "президент starred"), ["ru2"]);
    assert_eq!(keys(&s, "starred"), ["ru2"]);
    s.set_read(&[ru2], true).unwrap();
    assert_eq!(sorted(keys(&s, "президент unread")), ["kz1", "ru1"]);
    // Filter-only queries list newest first.
    assert_eq!(keys(&s, "feed:tengri"), ["kz1", "ru1", "ru2"]);
    // -word leaves articles out, with words or with filters only.
    assert_eq!(sorted(keys(&s, "президент -указ")), ["kz1", "ru1"]);
    assert_eq!(keys(&s, "feed:tengri -алматы -ПОГОДА"), ["ru2"]);
    assert_eq!(keys(&s, "-президент -cafe"), Vec::<String>::new());
}

#[test]
fn limit_caps_the_hits() {
    let (s, _) = fixture();
    let mut q = SearchQuery::parse("президент").unwrap();
    q.limit = 2;
    assert_eq!(s.search_at(&q, t(21, 0)).unwrap().len(), 2);
}

#[test]
fn bad_queries_are_clear_errors_and_odd_input_never_breaks_fts() {
    assert_eq!(
        SearchQuery::parse("since:abc").unwrap_err().to_string(),
        "since:abc is not a duration; use e.g. since:7d, since:24h or since:90m"
    );
    assert!(matches!(
        SearchQuery::parse("foo:bar"),
        Err(QueryError::UnknownFilter(_))
    ));
    let (s, _) = fixture();
    // FTS5 operators, stray quotes and brackets are only text.
    for q in [
        "NEAR(a b)",
        "a OR b",
        "title:x*",
        "\"\"",
        "( ) * ^ -",
        "a\"b",
        "'; DROP TABLE articles; --",
        "AND",
        "NOT президент",
    ] {
        if let Ok(q) = SearchQuery::parse(q) {
            s.search_at(&q, t(21, 0))
                .unwrap_or_else(|e| panic!("{q:?}: {e}"));
        }
    }
}

#[test]
fn updated_text_is_reindexed() {
    let (mut s, ids) = fixture();
    let mut changed = art("en2", "Weather report", None, "Sunny in Astana.", 20);
    changed.title = "Weather report: sunshine".into();
    s.apply_update(
        ids[1],
        &doc(vec![changed]),
        &Validators::default(),
        t(20, 14),
    )
    .unwrap();
    assert_eq!(keys(&s, "sunshine"), ["en2"]);
    assert_eq!(keys(&s, "cafe"), ["en1"]);
    assert!(keys(&s, "smith").is_empty());
}

#[test]
fn retention_removes_articles_from_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let (mut s, ids) = fill(Store::open(&path).unwrap());
    assert_eq!(keys(&s, "указ"), ["ru2"]);
    // Tengri moves on: its old items leave the document.
    s.apply_update(
        ids[0],
        &doc(vec![art("new", "Жаңа", None, "", 30)]),
        &Validators::default(),
        t(30, 13),
    )
    .unwrap();
    let policy = CacheSettings {
        max_age: Some(std::time::Duration::from_secs(5 * 86_400)),
        max_per_feed: None,
    };
    assert!(s.apply_retention(&policy, t(30, 14)).unwrap() >= 3);
    assert!(keys(&s, "указ").is_empty());
    assert!(keys(&s, "қазақстан").is_empty());
    // The index holds exactly the remaining articles.
    let c = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(
        count("SELECT count(*) FROM article_fts"),
        count("SELECT count(*) FROM articles")
    );
    assert_eq!(count("SELECT count(*) FROM articles"), 3);
}

#[test]
fn reopened_database_finds_the_same_and_v1_is_backfilled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    {
        let mut s = Store::open(&path).unwrap();
        let ids = s.sync_feeds(&[feed("Tengri", &["kz"])]).unwrap();
        let long = "Қазақстан жаңалықтары. ".repeat(50);
        s.apply_update(
            ids[0],
            &doc(vec![
                art("a", "Алматыда қар жауды", Some("Әсел"), &long, 1),
                art("b", "Астана", None, "Президент сөйледі", 1),
            ]),
            &Validators::default(),
            t(1, 13),
        )
        .unwrap();
        assert_eq!(keys(&s, "алматы"), ["a"]);
    }
    // Reopened: the index persisted.
    {
        let s = Store::open(&path).unwrap();
        assert_eq!(keys(&s, "алматы"), ["a"]);
        assert_eq!(keys(&s, "жаңалықтары"), ["a"]);
    }
    // Turn the file back into a schema-1 cache (no index), as an older
    // keruen left it, and reopen: the migration indexes what is there,
    // including the compressed body.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP TRIGGER story_links_update;
             DROP TRIGGER article_fts_delete; DROP TABLE article_fts;
             DROP TRIGGER fts_pending_delete; DROP TABLE fts_pending;
             DROP TABLE article_fingerprints;
             DROP TRIGGER article_fingerprints_delete; DROP TRIGGER article_fingerprints_move;
             DROP TABLE sync_queue; DROP TABLE sync_items;
             DROP TABLE sync_feeds; DROP TABLE sync_state;
             ALTER TABLE feeds DROP COLUMN synced;
             ALTER TABLE articles DROP COLUMN title_derived;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(keys(&s, "АЛМАТЫ"), ["a"]);
    assert_eq!(keys(&s, "жаңалықтары"), ["a"]);
    assert_eq!(keys(&s, "әсел"), ["a"]);
    assert_eq!(keys(&s, "президент"), ["b"]);
}

// ---- kill-file rules ([[ignore]]) and the `keruen search` command ----

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tengri</title><link>https://tengri.example/</link>
<item><guid>1</guid><title>Алматыда жаңа саябақ ашылды</title><author>Әсел</author>
  <description>&lt;p&gt;Қала әкімдігі &lt;b&gt;саябақ&lt;/b&gt; ашты.&lt;/p&gt;</description>
  <pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate></item>
<item><guid>2</guid><title>Гороскоп на неделю</title><author>Редакция</author>
  <description>Алматы звёзды</description>
  <pubDate>Fri, 20 Nov 2026 11:00:00 GMT</pubDate></item>
<item><guid>3</guid><title>Реклама: лучшие кафе Алматы</title><author>Sponsored</author>
  <description>Кафе в Алматы</description>
  <pubDate>Fri, 20 Nov 2026 12:00:00 GMT</pubDate></item>
<item><guid>4</guid><title>Sponsored is a word in this title</title><author>Иван</author>
  <description>Алматы</description>
  <pubDate>Fri, 20 Nov 2026 13:00:00 GMT</pubDate></item>
</channel></rss>"#;

#[test]
fn ignore_rules_parse_and_attach_to_their_feeds() {
    let s = keruen::config::parse(
        "[[feeds]]\nname = \"Tengri\"\nurl = \"https://t.example/rss\"\n\
         [[feeds]]\nname = \"bbc\"\nurl = \"https://b.example/rss\"\n\
         [[ignore]]\ntitle = '(?i)гороскоп'\n\
         [[ignore]]\nauthor = '^Sponsored$'\nfeed = \"tengri\"\n",
        None,
    )
    .unwrap();
    assert_eq!(s.ignore.len(), 2);
    assert_eq!(s.ignore[1].feed.as_deref(), Some("Tengri"));
    assert_eq!(s.feeds[0].ignore.len(), 2);
    assert_eq!(s.feeds[1].ignore.len(), 1);
    let horoscope = NewArticle {
        title_derived: false,
        title: "ГОРОСКОП на неделю".into(),
        ..NewArticle::default()
    };
    assert!(s.feeds[1].ignore[0].matches(&horoscope));
    // All keys of a rule must match: the author rule needs an author.
    let rule = &s.feeds[0].ignore[1];
    let mut ad = NewArticle {
        title_derived: false,
        title: "x".into(),
        ..NewArticle::default()
    };
    assert!(!rule.matches(&ad));
    ad.author = Some("Sponsored".into());
    assert!(rule.matches(&ad));
    ad.author = Some("Not Sponsored".into());
    assert!(!rule.matches(&ad));
}

#[test]
fn bad_ignore_rules_are_config_errors_with_line_and_key() {
    let feeds = "[[feeds]]\nname = \"a\"\nurl = \"https://a.example/rss\"\n";
    let e =
        keruen::config::parse(&format!("{feeds}[[ignore]]\ntitle = \"(ad\"\n"), None).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with(
            "<config>:5:9: `ignore[0].title` = \"(ad\" is not a valid regular expression: "
        ),
        "{msg}"
    );
    assert!(msg.contains("unclosed group"), "{msg}");
    assert_eq!(e.key(), Some("ignore[0].title"));

    let e = keruen::config::parse(
        &format!("{feeds}[[ignore]]\ntitle = 'ok'\nauthor = '['\n"),
        None,
    )
    .unwrap_err();
    assert_eq!(e.key(), Some("ignore[0].author"));
    assert_eq!(e.location().map(|l| l.line), Some(6));

    let e = keruen::config::parse(&format!("{feeds}[[ignore]]\nfeed = \"b\"\n"), None).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("`ignore[0].feed`") && msg.contains("use one of: a"),
        "{msg}"
    );

    let e = keruen::config::parse(
        &format!("{feeds}[[ignore]]\n[[ignore]]\ntitle = 'x'\n"),
        None,
    )
    .unwrap_err();
    assert_eq!(e.key(), Some("ignore[0]"));
    assert!(e.to_string().contains("at least one of"), "{e}");

    let e = keruen::config::parse(&format!("{feeds}[[ignore]]\ntitel = 'x'\n"), None).unwrap_err();
    assert!(e.to_string().contains("did you mean `title`"), "{e}");
}

#[test]
fn ignored_items_are_never_stored_and_search_cli_finds_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let rss = dir.path().join("tengri.xml");
    std::fs::write(&rss, RSS).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[feeds]]\nname = \"Tengri\"\nurl = \"{}\"\ntags = [\"kz\"]\n\n\
             [[ignore]]\ntitle = '(?i)гороскоп'\n\n\
             [[ignore]]\nauthor = '^Sponsored$'\nfeed = \"Tengri\"\n",
            rss.display()
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    let out = keruen(&config, &data, &["refresh", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Only items 1 and 4 were stored (4 has "Sponsored" in its title, but
    // the rule is about the author).
    let store = Store::open(&data.join("cache.db")).unwrap();
    let titles: Vec<String> = store
        .articles(&keruen::store::ArticleQuery::default())
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(
        titles,
        [
            "Sponsored is a word in this title",
            "Алматыда жаңа саябақ ашылды"
        ]
    );

    // `keruen search --json`: prefix match, case folding, snippet markers.
    let out = keruen(&config, &data, &["search", "алматы", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!(hits[0]["article"]["title"], "Алматыда жаңа саябақ ашылды");
    assert!(hits[0]["snippet"].as_str().unwrap().contains('\u{1}'));

    // Plain output (not a terminal): markers as brackets, feed and date.
    let out = keruen(&config, &data, &["search", "САЯБАҚ", "tag:kz", "-n", "5"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1. Алматыда жаңа саябақ ашылды"), "{text}");
    assert!(text.contains("Tengri · 2026-11-20 10:00"), "{text}");
    assert!(text.contains("[саябақ]"), "{text}");
    assert!(!text.contains('<'), "{text}");

    // Bad filters are clear errors (exit 2), unknown feed names say which exist.
    let out = keruen(&config, &data, &["search", "x", "since:abc"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("since:abc is not a duration; use e.g. since:7d"),
        "{err}"
    );
    let out = keruen(&config, &data, &["search", "x", "feed:nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("feed:nope names no feed; feeds in the cache: Tengri"),
        "{err}"
    );
    // No match: exit 1, like grep.
    let out = keruen(&config, &data, &["search", "гороскоп"]);
    assert_eq!(out.status.code(), Some(1));
}

/// Rough timings (run with `--ignored --nocapture`): indexing cost per
/// article on insert, and search latency over the result.
#[test]
#[ignore]
fn timing_index_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("c.db")).unwrap();
    let ids = s.sync_feeds(&[feed("f", &[])]).unwrap();
    let words = [
        "Қазақстан",
        "Алматыда",
        "президент",
        "жаңалықтар",
        "экономика",
        "погода",
        "новости",
        "government",
        "market",
        "снегопад",
        "мәслихат",
        "саябақ",
    ];
    let n = 20_000;
    let items: Vec<NewArticle> = (0..n)
        .map(|i| {
            let body: String = (0..300)
                .map(|j| words[(i * 7 + j * 13) % words.len()])
                .collect::<Vec<_>>()
                .join(" ");
            art(
                &format!("k{i}"),
                &format!("{} {} {i}", words[i % 12], words[(i / 12) % 12]),
                Some("Әсел"),
                &body,
                1 + (i % 28) as u32,
            )
        })
        .collect();
    let started = std::time::Instant::now();
    let bytes: usize = items
        .iter()
        .map(|a| keruen::store::plain_body(None, a.content.as_deref()).len())
        .sum();
    println!(
        "plain_body of {n} articles ({bytes} bytes): {:?}",
        started.elapsed()
    );
    let started = std::time::Instant::now();
    for chunk in items.chunks(1000) {
        s.apply_update(
            ids[0],
            &doc(chunk.to_vec()),
            &Validators::default(),
            t(28, 0),
        )
        .unwrap();
    }
    let insert = started.elapsed();
    for q in [
        "алматы",
        "президент погода",
        "\"market снегопад\"",
        "қазақстан since:3d",
    ] {
        let started = std::time::Instant::now();
        let hits = search(&s, q);
        println!("{q}: {} hits in {:?}", hits.len(), started.elapsed());
    }
    println!("insert {n} articles (300 words each): {insert:?}");
}

#[test]
fn refresh_only_queues_articles_and_the_first_search_indexes_them() {
    let mut s = Store::open_in_memory().unwrap();
    let ids = s.sync_feeds(&[feed("Tengri", &["kz"])]).unwrap();
    s.apply_update(
        ids[0],
        &doc(vec![
            art("a", "Алматыда қар жауды", None, "Қыс келді", 1),
            art("b", "Астанада жаңа көпір", None, "Құрылыс", 2),
        ]),
        &Validators::default(),
        t(1, 13),
    )
    .unwrap();
    // The write did no indexing work: both wait in the queue.
    assert_eq!(s.pending_index().unwrap(), 2);
    assert_eq!(keys(&s, "көпір"), ["b"]);
    assert_eq!(s.pending_index().unwrap(), 0);
    // A changed text is queued again and found by its new words only.
    s.apply_update(
        ids[0],
        &doc(vec![art("a", "Алматыда жаңбыр жауды", None, "Көктем", 1)]),
        &Validators::default(),
        t(1, 14),
    )
    .unwrap();
    assert_eq!(s.pending_index().unwrap(), 1);
    assert_eq!(keys(&s, "жаңбыр"), ["a"]);
    assert!(keys(&s, "қар").is_empty());
}
