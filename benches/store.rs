//! Store micro-benchmarks: upsert of one 50-item feed, and the list queries
//! over a cache of 100k articles (2,000 feeds × 50).
//!
//! Run: `cargo bench --bench store`. Setup builds the 100k cache in a temp
//! dir once and prints its size on disk against the text it holds.
//!
//! With `KERUEN_BENCH_CORPUS=FILE` (one serde-JSON `ParsedFeed` per line,
//! e.g. the items of `shared/bench/gen_corpus.py` output), it also stores
//! that corpus once, prints the time and the cache size, then applies it a
//! second time (every item unchanged) and prints that time.

use std::hint::black_box;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use keruen::config::settings::FeedSettings;
use keruen::domain::{ArticleId, FeedId, NewArticle, ParsedFeed, Signals};
use keruen::fetch::Validators;
use keruen::store::{ArticleQuery, Store};
use url::Url;

const FEEDS: usize = 2000;
const ITEMS: usize = 50;

/// Deterministic pseudo-random words, so texts compress like real prose
/// rather than like a repeated string.
struct Words(u64);

impl Words {
    const VOCAB: &[&str] = &[
        "Қазақстан",
        "жаңалықтар",
        "президент",
        "Алматы",
        "экономика",
        "министр",
        "new",
        "report",
        "market",
        "облыс",
        "жыл",
        "бойынша",
        "city",
        "council",
        "school",
        "правительство",
        "заявил",
        "сегодня",
        "the",
        "and",
        "of",
        "<p>",
        "</p>",
        "<a href=\"https://example.kz/x\">",
        "</a>",
        "мемлекет",
        "халық",
        "energy",
        "weather",
        "football",
        "university",
    ];

    fn next(&mut self) -> &'static str {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        Self::VOCAB[(self.0 >> 33) as usize % Self::VOCAB.len()]
    }

    fn text(&mut self, bytes: usize) -> String {
        let mut s = String::with_capacity(bytes + 32);
        while s.len() < bytes {
            s.push_str(self.next());
            s.push(' ');
        }
        s
    }
}

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap()
}

fn doc(feed: usize, round: usize, words: &mut Words) -> ParsedFeed {
    let items = (0..ITEMS)
        .map(|i| NewArticle {
            title_derived: false,
            key: format!("https://site{feed}.example.kz/news/{round}/{i}"),
            title: words.text(70),
            link: Some(format!("https://site{feed}.example.kz/news/{round}/{i}")),
            author: Some("Редакция".into()),
            category: Some("Алматы".into()),
            published: Some(base() + Duration::minutes((feed * ITEMS + i) as i64)),
            updated: None,
            summary: Some(words.text(600)),
            content: Some(words.text(2500)),
            signals: Signals {
                views: Some(((feed * 31 + i * 17) % 5000) as u64),
                comments: Some((i % 7) as u64),
                score: None,
                rating: None,
            },
            enclosures: Vec::new(),
        })
        .collect();
    ParsedFeed {
        title: Some(format!("Site {feed}")),
        site_link: Some(format!("https://site{feed}.example.kz/")),
        items,
        damaged: false,
    }
}

fn feeds() -> Vec<FeedSettings> {
    (0..FEEDS)
        .map(|f| {
            FeedSettings::new(
                format!("site{f}"),
                Url::parse(&format!("https://site{f}.example.kz/rss")).unwrap(),
            )
        })
        .collect()
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

fn bench_upsert(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cache.db")).unwrap();
    let ids = store.sync_feeds(&feeds()[..1]).unwrap();
    let mut words = Words(7);
    let v = Validators::default();
    let mut round = 0;
    let mut g = c.benchmark_group("upsert_50_items");
    g.bench_function("new", |b| {
        b.iter_batched(
            || {
                round += 1;
                doc(0, round, &mut words)
            },
            |d| store.apply_update(ids[0], &d, &v, base()).unwrap(),
            BatchSize::SmallInput,
        )
    });
    // The same without bodies: the difference is the cost of encoding and
    // writing the long texts.
    g.bench_function("new_without_bodies", |b| {
        b.iter_batched(
            || {
                round += 1;
                let mut d = doc(0, round, &mut words);
                for it in &mut d.items {
                    it.summary = None;
                    it.content = None;
                }
                d
            },
            |d| store.apply_update(ids[0], &d, &v, base()).unwrap(),
            BatchSize::SmallInput,
        )
    });
    let same = doc(0, 0, &mut words);
    store.apply_update(ids[0], &same, &v, base()).unwrap();
    g.bench_function("unchanged", |b| {
        b.iter(|| {
            store
                .apply_update(ids[0], black_box(&same), &v, base())
                .unwrap()
        })
    });
    let mut views = 0u64;
    let mut changing = same.clone();
    g.bench_function("views_changed", |b| {
        b.iter(|| {
            views += 1;
            for it in &mut changing.items {
                it.signals.views = Some(views);
            }
            store
                .apply_update(
                    ids[0],
                    &changing,
                    &v,
                    base() + Duration::seconds(views as i64),
                )
                .unwrap()
        })
    });
    g.finish();
}

fn bench_lists(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let mut store = Store::open(&path).unwrap();
    let ids = store.sync_feeds(&feeds()).unwrap();
    let mut words = Words(11);
    let mut text_bytes = 0usize;
    let started = Instant::now();
    for (f, id) in ids.iter().enumerate() {
        let d = doc(f, 0, &mut words);
        text_bytes += d
            .items
            .iter()
            .map(|i| {
                i.title.len()
                    + i.key.len()
                    + i.link.as_ref().map_or(0, String::len)
                    + i.summary.as_ref().map_or(0, String::len)
                    + i.content.as_ref().map_or(0, String::len)
            })
            .sum::<usize>();
        store
            .apply_update(*id, &d, &Validators::default(), base())
            .unwrap();
    }
    let fill = started.elapsed();
    // Half of the articles read, as after some use.
    let read: Vec<ArticleId> = (1..=(FEEDS * ITEMS) as i64)
        .filter(|i| i % 2 == 0)
        .map(ArticleId)
        .collect();
    store.set_read(&read, true).unwrap();
    store.optimize().unwrap();
    store.checkpoint().unwrap();
    eprintln!(
        "store bench: {} articles filled in {:.2?} ({:.0} µs/feed); text {:.1} MB, cache on disk {:.1} MB",
        FEEDS * ITEMS,
        fill,
        fill.as_micros() as f64 / FEEDS as f64,
        text_bytes as f64 / 1e6,
        dir_size(dir.path()) as f64 / 1e6
    );
    let page = |q: ArticleQuery| ArticleQuery {
        limit: Some(200),
        ..q
    };
    for q in [
        page(ArticleQuery::default()),
        page(ArticleQuery {
            unread_only: true,
            ..Default::default()
        }),
    ] {
        let plan = store.explain_articles(&q).unwrap().join(" | ");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
    let mut g = c.benchmark_group("list_100k");
    g.bench_function("all_first_200", |b| {
        b.iter(|| {
            store
                .articles(black_box(&page(ArticleQuery::default())))
                .unwrap()
        })
    });
    g.bench_function("unread_first_200", |b| {
        b.iter(|| {
            store
                .articles(&page(ArticleQuery {
                    unread_only: true,
                    ..Default::default()
                }))
                .unwrap()
        })
    });
    g.bench_function("all_200_at_offset_50k", |b| {
        b.iter(|| {
            store
                .articles(&ArticleQuery {
                    limit: Some(200),
                    offset: 50_000,
                    ..Default::default()
                })
                .unwrap()
        })
    });
    g.bench_function("one_feed_all", |b| {
        b.iter(|| {
            store
                .articles(&ArticleQuery {
                    feed: Some(FeedId(ids[FEEDS / 2].0)),
                    ..Default::default()
                })
                .unwrap()
        })
    });
    g.bench_function("all_100k", |b| {
        b.iter(|| store.articles(&ArticleQuery::default()).unwrap().len())
    });
    g.bench_function("feeds_with_counts_2000", |b| {
        b.iter(|| store.feeds().unwrap())
    });
    g.bench_function("unread_count", |b| b.iter(|| store.unread_count().unwrap()));
    g.bench_function("open_article", |b| {
        b.iter(|| store.article(ArticleId(12_345)).unwrap())
    });
    g.finish();
}

/// Not a criterion measurement: one timed pass over a real corpus, when
/// one is given, for the cache-size and whole-refresh figures.
fn corpus_pass(_c: &mut Criterion) {
    let Ok(file) = std::env::var("KERUEN_BENCH_CORPUS") else {
        return;
    };
    let docs: Vec<ParsedFeed> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cache.db")).unwrap();
    let settings: Vec<FeedSettings> = (0..docs.len())
        .map(|f| {
            FeedSettings::new(
                format!("feed{f}"),
                Url::parse(&format!("https://feed{f}.example/")).unwrap(),
            )
        })
        .collect();
    let ids = store.sync_feeds(&settings).unwrap();
    let items: usize = docs.iter().map(|d| d.items.len()).sum();
    for pass in ["first", "unchanged"] {
        let started = Instant::now();
        let mut stats = (0, 0, 0);
        for (id, d) in ids.iter().zip(&docs) {
            let s = store
                .apply_update(*id, d, &Validators::default(), base())
                .unwrap();
            stats = (stats.0 + s.new, stats.1 + s.updated, stats.2 + s.unchanged);
        }
        let took = started.elapsed();
        store.checkpoint().unwrap();
        eprintln!(
            "corpus {file}: {} feeds, {items} items, {pass} pass {took:.2?} (new/updated/unchanged {stats:?}), cache on disk {:.1} MB",
            docs.len(),
            dir_size(dir.path()) as f64 / 1e6
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = corpus_pass, bench_upsert, bench_lists
}
criterion_main!(benches);
