//! Ranking benchmarks on a synthetic cache: 100k articles over 30 days from
//! 500 feeds, in Kazakh, Russian and English, a quarter of the stories
//! reported by several feeds with small title edits.
//!
//! `cargo bench --bench rank -- --warm-up-time 1 --measurement-time 3`

use std::collections::HashMap;
use std::hint::black_box;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use keruen::config::settings::RankSettings;
use keruen::config::settings::{FeedSettings, Settings};
use keruen::domain::{ArticleId, FeedId, NewArticle, ParsedFeed, Signals};
use keruen::fetch::Validators;
use keruen::rank::{Cluster, Fingerprint, RankArticle, RelatedIndex, cluster, top_stories};
use keruen::store::Store;
use keruen::stories;
use std::time::Duration;
use url::Url;

const ARTICLES: usize = 100_000;
const FEEDS: usize = 500;
const DAYS: i64 = 30;
/// Word types per language (real words first, then synthetic ones).
const VOCABULARY: usize = 30_000;

/// SplitMix64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const EN: &str = "kazakhstan government president minister bank oil gas prices rates election \
    parliament law court police city region school hospital football team wins record market \
    shares investment forum talks agreement energy nuclear plant wheat export import railway \
    airport flights weather storm snow fire earthquake protest budget tax inflation currency \
    tenge ruble dollar central reform water drought mining uranium copper space launch";
const RU: &str = "казахстан правительство президент министр банк нефть газ цены ставка выборы \
    парламент закон суд полиция город область школа больница футбол команда победа рекорд рынок \
    акции инвестиции форум переговоры соглашение энергетика атомная станция пшеница экспорт \
    импорт железная дорога аэропорт рейсы погода буран снег пожар землетрясение бюджет налог \
    инфляция валюта тенге рубль доллар реформа вода засуха добыча уран медь космос запуск";
const KK: &str = "қазақстан үкімет президент министр банк мұнай газ баға мөлшерлеме сайлау \
    парламент заң сот полиция қала облыс мектеп аурухана футбол құрама жеңіс рекорд нарық \
    акция инвестиция форум келіссөз келісім энергетика атом станция бидай экспорт импорт \
    теміржол әуежай рейс ауа райы боран қар өрт жер сілкінісі бюджет салық инфляция валюта \
    теңге рубль доллар реформа су құрғақшылық өндіру уран мыс ғарыш ұшыру";

/// A language's vocabulary: its real words plus synthetic ones from its
/// syllables, so word frequencies have a long tail as in real news.
fn vocabulary(words: &str, syllables: &[&str], rng: &mut Rng) -> Vec<String> {
    let mut v: Vec<String> = words.split_whitespace().map(str::to_string).collect();
    while v.len() < VOCABULARY {
        let n = 2 + rng.below(3);
        let w: String = (0..n)
            .map(|_| syllables[rng.below(syllables.len())])
            .collect();
        v.push(w);
    }
    v
}

/// Zipf–Mandelbrot pick, p(rank) ∝ 1/(rank + 10): the real words at the
/// head are frequent (the first is in about one title in ten, like
/// "Kazakhstan" in Kazakh news) and the tail is long.
fn pick<'a>(vocab: &'a [String], rng: &mut Rng) -> &'a str {
    const Q: f64 = 10.0;
    let n = vocab.len() as f64;
    let rank = Q * ((n + Q) / Q).powf(rng.unit()) - Q;
    &vocab[(rank as usize).min(vocab.len() - 1)]
}

/// The articles, per-feed weights, "now", and each article's true story.
type Corpus = (
    Vec<RankArticle>,
    HashMap<FeedId, f64>,
    DateTime<Utc>,
    Vec<usize>,
);

fn corpus() -> Corpus {
    let mut rng = Rng(0x6b65_7275_656e);
    let vocabs = [
        vocabulary(
            EN,
            &[
                "ka", "ro", "en", "ta", "mi", "lo", "ver", "son", "tel", "dar",
            ],
            &mut rng,
        ),
        vocabulary(
            RU,
            &[
                "ка", "ро", "ен", "та", "ми", "ло", "вер", "сон", "тель", "дар",
            ],
            &mut rng,
        ),
        vocabulary(
            KK,
            &[
                "қа", "ро", "ең", "та", "мі", "лө", "бер", "сұң", "тел", "дар",
            ],
            &mut rng,
        ),
    ];
    let now = Utc.with_ymd_and_hms(2026, 5, 31, 0, 0, 0).unwrap();
    let start = now - TimeDelta::days(DAYS);
    // Feed f writes language f % 3; its audience size spans three orders.
    let audience: Vec<f64> = (0..FEEDS)
        .map(|_| 10f64.powf(2.0 + 3.0 * rng.unit()))
        .collect();
    let weights: HashMap<FeedId, f64> = (0..FEEDS)
        .filter(|f| f % 10 == 0)
        .map(|f| (FeedId(f as i64), 1.5))
        .collect();

    let mut out = Vec::with_capacity(ARTICLES);
    let mut stories = Vec::with_capacity(ARTICLES);
    while out.len() < ARTICLES {
        let lang = rng.below(3);
        let vocab = &vocabs[lang];
        let len = 6 + rng.below(4);
        let words: Vec<&str> = (0..len).map(|_| pick(vocab, &mut rng)).collect();
        let at = start + TimeDelta::seconds(rng.below((DAYS * 86_400) as usize) as i64);
        let copies = if rng.unit() < 0.75 {
            1
        } else {
            2 + rng.below(5)
        };
        let shared_link = rng.unit() < 0.1;
        let story = out.len();
        for c in 0..copies {
            if out.len() == ARTICLES {
                break;
            }
            let feed = lang + 3 * rng.below(FEEDS / 3);
            let mut title = words.clone();
            if c > 0 && rng.unit() < 0.5 {
                // A copy edits one word.
                let k = rng.below(title.len());
                title[k] = pick(vocab, &mut rng);
            }
            let id = out.len() as i64;
            let link = if shared_link {
                format!("https://www.site{feed}.kz/news/{story}/?utm_source=feed{c}")
            } else {
                format!("https://site{feed}.kz/news/{id}")
            };
            let views = (audience[feed] * (0.1 + 2.0 * rng.unit() * rng.unit())) as u64;
            stories.push(story);
            out.push(RankArticle {
                id: ArticleId(id),
                feed_id: FeedId(feed as i64),
                title: title.join(" "),
                summary: Some(format!("<p>{}</p>", words.join(" "))),
                link: Some(link),
                date: at + TimeDelta::minutes(rng.below(360) as i64 * c as i64),
                signals: Signals {
                    views: (rng.unit() < 0.7).then_some(views),
                    comments: (rng.unit() < 0.4).then_some(views / 50),
                    ..Signals::default()
                },
                fingerprint: None,
            });
        }
    }
    (out, weights, now, stories)
}

/// Pairwise precision and recall of `clusters` against the true stories.
fn quality(
    week: &[RankArticle],
    truth: &HashMap<ArticleId, usize>,
    clusters: &[Cluster],
) -> (f64, f64) {
    let pairs = |n: usize| n * n.saturating_sub(1) / 2;
    let mut found = 0;
    let mut correct = 0;
    for c in clusters {
        found += pairs(c.members.len());
        let mut by_story: HashMap<usize, usize> = HashMap::new();
        for m in &c.members {
            *by_story.entry(truth[m]).or_default() += 1;
        }
        correct += by_story.values().map(|&n| pairs(n)).sum::<usize>();
    }
    let mut story_sizes: HashMap<usize, usize> = HashMap::new();
    for a in week {
        *story_sizes.entry(truth[&a.id]).or_default() += 1;
    }
    let relevant: usize = story_sizes.values().map(|&n| pairs(n)).sum();
    (
        correct as f64 / found.max(1) as f64,
        correct as f64 / relevant.max(1) as f64,
    )
}

/// CPU time this thread has used (user + system), from /proc, in ms; `None`
/// where /proc is unavailable. The machine the figures were taken on was
/// shared, so wall time overstates what an idle machine needs; CPU time
/// per call does not.
fn thread_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may contain spaces): state is
    // field 3, utime 14, stime 15, in clock ticks (100 Hz on Linux).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) * 10.0)
}

fn cpu_per_call(name: &str, runs: u32, mut f: impl FnMut()) {
    let Some(before) = thread_cpu_ms() else {
        return;
    };
    let wall = std::time::Instant::now();
    for _ in 0..runs {
        f();
    }
    let wall = wall.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    if let Some(after) = thread_cpu_ms() {
        let cpu = (after - before) / f64::from(runs);
        eprintln!("{name}: {cpu:.1} ms CPU per call ({wall:.1} ms wall), {runs} runs");
    }
}

/// The corpus in a real cache, as a refresh would have stored it, with the
/// settings that name its feeds (weights included). What `keruen top` and
/// the TUI's Top view run on.
fn stored_corpus(
    all: &[RankArticle],
    weights: &HashMap<FeedId, f64>,
) -> (tempfile::TempDir, Store, Settings) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("cache.db")).expect("open cache");
    let feeds: Vec<FeedSettings> = (0..FEEDS)
        .map(|f| {
            let url = Url::parse(&format!("https://site{f}.kz/rss")).expect("url");
            let mut s = FeedSettings::new(format!("site{f}"), url);
            s.weight = weights.get(&FeedId(f as i64)).copied().unwrap_or(1.0);
            s
        })
        .collect();
    let ids = store.sync_feeds(&feeds).expect("sync feeds");
    // Stored as daily refreshes would have stored them, so the table's
    // rows lie in roughly date order as in a cache that grew over a month.
    let mut by_date: Vec<&RankArticle> = all.iter().collect();
    by_date.sort_by_key(|a| (a.date, a.id));
    let day = |a: &RankArticle| a.date.timestamp().div_euclid(86_400);
    for today in by_date.chunk_by(|a, b| day(a) == day(b)) {
        let mut docs: Vec<Vec<NewArticle>> = vec![Vec::new(); FEEDS];
        for a in today {
            docs[a.feed_id.0 as usize].push(NewArticle {
                title_derived: false,
                key: a.id.0.to_string(),
                title: a.title.clone(),
                link: a.link.clone(),
                published: Some(a.date),
                summary: a.summary.clone(),
                signals: a.signals,
                ..NewArticle::default()
            });
        }
        for (f, items) in docs.into_iter().enumerate() {
            if items.is_empty() {
                continue;
            }
            let doc = ParsedFeed {
                title: None,
                site_link: None,
                items,
                damaged: false,
            };
            store
                .apply_update(ids[f], &doc, &Validators::default(), Utc::now())
                .expect("store corpus");
        }
    }
    (dir, store, Settings::with_feeds(feeds))
}

fn bench(c: &mut Criterion) {
    let (all, weights, now, stories) = corpus();
    let truth: HashMap<ArticleId, usize> = all.iter().map(|a| a.id).zip(stories).collect();
    let settings = RankSettings::default();
    let week: Vec<RankArticle> = all
        .iter()
        .filter(|a| a.date >= now - TimeDelta::days(7))
        .cloned()
        .collect();
    // What the store hands to ranking: fingerprints computed at ingest.
    let fingerprinted = |articles: &[RankArticle]| -> Vec<RankArticle> {
        articles
            .iter()
            .cloned()
            .map(|mut a| {
                a.fingerprint = Some(Fingerprint::of(&a.title, None, a.link.as_deref()));
                a
            })
            .collect()
    };
    let cold_week = week.clone();
    let week = fingerprinted(&week);
    let all = fingerprinted(&all);
    let clusters = cluster(&week, &settings);
    let multi = clusters.iter().filter(|c| c.members.len() > 1).count();
    eprintln!(
        "corpus: {} articles, {} in the last 7 days forming {} clusters ({} with several members)",
        all.len(),
        week.len(),
        clusters.len(),
        multi
    );
    let (precision, recall) = quality(&week, &truth, &clusters);
    eprintln!(
        "clustering vs generated stories: pairwise precision {precision:.3}, recall {recall:.3}"
    );

    cpu_per_call("top_stories_7d_of_100k", 40, || {
        black_box(top_stories(&week, &weights, &settings, now, 50));
    });
    cpu_per_call("top_stories_7d_of_100k_unfingerprinted", 20, || {
        black_box(top_stories(&cold_week, &weights, &settings, now, 50));
    });
    cpu_per_call("cluster_100k", 5, || {
        black_box(cluster(&all, &settings));
    });
    cpu_per_call("related_index_build_7d", 10, || {
        black_box(RelatedIndex::build(&week));
    });

    c.bench_function("top_stories_7d_of_100k", |b| {
        b.iter(|| top_stories(black_box(&week), &weights, &settings, now, 50))
    });
    c.bench_function("top_stories_7d_of_100k_unfingerprinted", |b| {
        b.iter(|| top_stories(black_box(&cold_week), &weights, &settings, now, 50))
    });
    c.bench_function("cluster_100k", |b| {
        b.iter(|| cluster(black_box(&all), &settings))
    });
    c.bench_function("related_index_build_7d", |b| {
        b.iter(|| RelatedIndex::build(black_box(&week)))
    });
    let (_dir, store, stored_settings) = stored_corpus(&all, &weights);
    if std::env::var_os("KKEEP").is_some() {
        let d = _dir.keep();
        eprintln!("kept {}", d.display());
    }
    let top_from_cache = || {
        stories::top(
            &store,
            &stored_settings,
            now,
            Duration::from_secs(7 * 86_400),
            None,
            50,
        )
        .expect("top")
    };
    cpu_per_call("top_from_cache_7d_of_100k", 20, || {
        black_box(top_from_cache());
    });
    c.bench_function("top_from_cache_7d_of_100k", |b| b.iter(top_from_cache));

    let index = RelatedIndex::build(&all);
    c.bench_function("related_query_100k", |b| {
        let mut i = 0i64;
        b.iter(|| {
            i = (i + 7919) % ARTICLES as i64;
            index.related(ArticleId(i), &[], 8)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
