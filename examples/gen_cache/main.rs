//! Writes a large cache quickly: by default a year of news, 1,000,000
//! articles from 2,000 feeds, straight into SQLite through the store's own
//! schema, migrations and writer (`Store::batch`, the refresh's group
//! commit), with a config naming the same feeds, for the scale benchmark
//! (`scripts/scale_bench.sh`).
//!
//! ```text
//! cargo run --release --example gen_cache -- OUT [--feeds 2000] [--articles 1000000]
//!     [--days 365] [--seed 1] [--now 2026-12-04]
//! ```
//!
//! OUT gets `config.toml` (the feeds, no periodic refresh, no retention)
//! and `data/cache.db`. The same arguments give the same articles: every
//! week of the year is generated from its own seeded generator, so the
//! output does not depend on the number of threads. Producer threads make
//! the week's text, compress it and fingerprint it
//! (`prepare_texts_fingerprinted`: the refresh's parser threads compress
//! only and leave fingerprints to the story linker, which a generated
//! cache never waited for); one writer stores the weeks in order, one
//! transaction each. Articles older than two weeks are mostly read, a few
//! are starred; the search index is built at the end (`index_pending`, as
//! the first search after a refresh would).

mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use keruen::config::settings::FeedSettings;
use keruen::domain::{NewArticle, ParsedFeed, Signals};
use keruen::fetch::Validators;
use keruen::store::{PreparedTexts, Store, prepare_texts_fingerprinted};
use text::{Lang, Rng, Vocab};

struct Args {
    out: PathBuf,
    feeds: usize,
    articles: usize,
    days: i64,
    seed: u64,
    now: DateTime<Utc>,
}

fn parse_args() -> Result<Args> {
    let mut it = std::env::args().skip(1);
    let mut out = None;
    let today = Utc::now().date_naive();
    let mut args = Args {
        out: PathBuf::new(),
        feeds: 2000,
        articles: 1_000_000,
        days: 365,
        seed: 1,
        now: midnight(today),
    };
    while let Some(a) = it.next() {
        let mut value = || it.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--feeds" => args.feeds = value()?.parse()?,
            "--articles" => args.articles = value()?.parse()?,
            "--days" => args.days = value()?.parse()?,
            "--seed" => args.seed = value()?.parse()?,
            "--now" => args.now = midnight(NaiveDate::parse_from_str(&value()?, "%Y-%m-%d")?),
            _ if a.starts_with("--") => bail!("unknown option {a}"),
            _ => out = Some(PathBuf::from(a)),
        }
    }
    args.out = out.context(
        "usage: gen_cache OUT [--feeds N] [--articles N] [--days N] [--seed N] [--now YYYY-MM-DD]",
    )?;
    if args.feeds < 3 || args.days < 1 {
        bail!("need at least 3 feeds and 1 day");
    }
    Ok(args)
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// One generated feed: its language, how much it publishes and how popular
/// it is, and which signals it reports.
struct Feed {
    lang: Lang,
    name: String,
    host: String,
    activity: f64,
    audience: f64,
    views: bool,
    comments: bool,
    score: bool,
}

fn make_feeds(n: usize, seed: u64) -> Vec<Feed> {
    let mut rng = Rng::new(seed, 0xFEED);
    (0..n)
        .map(|i| {
            // 40% Kazakh, 40% Russian, 20% English, as in a Kazakh reader's list.
            let lang = match i % 5 {
                0 | 1 => Lang::Kk,
                2 | 3 => Lang::Ru,
                _ => Lang::En,
            };
            let topic = ["news", "business", "sport", "tech", "region", "culture"][rng.below(6)];
            Feed {
                lang,
                name: format!("{}-{topic}-{i:04}", lang.code()),
                host: format!("{topic}{i}.example.kz"),
                // Two orders of magnitude between quiet and busy feeds.
                activity: 10f64.powf(2.0 * rng.unit()),
                audience: 10f64.powf(2.0 + 3.0 * rng.unit()),
                views: rng.chance(0.4),
                comments: rng.chance(0.3),
                score: rng.chance(0.05),
            }
        })
        .collect()
}

/// Cumulative activity of each language's feeds, for weighted picks.
struct Picker {
    by_lang: [(Vec<usize>, Vec<f64>); 3],
}

impl Picker {
    fn new(feeds: &[Feed]) -> Picker {
        let mut by_lang: [(Vec<usize>, Vec<f64>); 3] = Default::default();
        for (i, f) in feeds.iter().enumerate() {
            let (ids, cum) = &mut by_lang[f.lang as usize];
            let total = cum.last().copied().unwrap_or(0.0) + f.activity;
            ids.push(i);
            cum.push(total);
        }
        Picker { by_lang }
    }

    fn pick(&self, lang: Lang, rng: &mut Rng) -> usize {
        let (ids, cum) = &self.by_lang[lang as usize];
        let x = rng.unit() * cum.last().copied().unwrap_or(0.0);
        ids[cum.partition_point(|&c| c <= x).min(ids.len() - 1)]
    }
}

/// One week (or the last, shorter chunk) of the year, ready to write.
struct Chunk {
    index: usize,
    end: DateTime<Utc>,
    docs: Vec<(usize, ParsedFeed, PreparedTexts)>,
    articles: usize,
}

const CHUNK_DAYS: i64 = 7;

fn make_chunk(args: &Args, feeds: &[Feed], picker: &Picker, vocab: &Vocab, index: usize) -> Chunk {
    let start = args.now - TimeDelta::days(args.days) + TimeDelta::days(index as i64 * CHUNK_DAYS);
    let end = (start + TimeDelta::days(CHUNK_DAYS)).min(args.now);
    let chunks = ((args.days + CHUNK_DAYS - 1) / CHUNK_DAYS) as usize;
    // Articles per chunk in proportion to its days; the last takes the rest.
    let before = |i: usize| -> usize {
        let days = (i as i64 * CHUNK_DAYS).min(args.days);
        (args.articles as u128 * days as u128 / args.days as u128) as usize
    };
    let want = if index + 1 == chunks {
        args.articles - before(index)
    } else {
        before(index + 1) - before(index)
    };
    let span = (end - start).num_seconds().max(1) as usize;
    let mut rng = Rng::new(args.seed, 1 + index as u64);
    let mut per_feed: Vec<Vec<NewArticle>> = (0..feeds.len()).map(|_| Vec::new()).collect();
    let mut made = 0;
    let mut story = 0usize;
    while made < want {
        let lang = match rng.below(5) {
            0 | 1 => Lang::Kk,
            2 | 3 => Lang::Ru,
            _ => Lang::En,
        };
        let at = start + TimeDelta::seconds(rng.below(span) as i64);
        let words = vocab.title_words(lang, &mut rng);
        // A quarter of the stories are reported by several feeds, with
        // small title edits, as agencies' stories are.
        let copies = if rng.chance(0.75) {
            1
        } else {
            2 + rng.below(4)
        };
        let mut used: Vec<usize> = Vec::with_capacity(copies);
        for c in 0..copies.min(want - made) {
            let f = picker.pick(lang, &mut rng);
            if used.contains(&f) {
                continue;
            }
            used.push(f);
            let feed = &feeds[f];
            let mut title = words.clone();
            if c > 0 && rng.chance(0.5) {
                let k = rng.below(title.len());
                title[k] = vocab.word(lang, &mut rng).to_string();
            }
            let date = (at + TimeDelta::minutes(c as i64 * rng.below(360) as i64)).min(end);
            let id = format!("{index}-{story}-{c}");
            let link = format!("https://{}/{}/{id}", feed.host, date.format("%Y/%m/%d"));
            let views = (feed.audience * (0.1 + 2.0 * rng.unit() * rng.unit())) as u64;
            let content = rng
                .chance(0.25)
                .then(|| vocab.content(lang, &link, &mut rng));
            let mut t = title.join(" ");
            if let Some(first) = t.chars().next() {
                t = first.to_uppercase().collect::<String>() + &t[first.len_utf8()..];
            }
            per_feed[f].push(NewArticle {
                key: link.clone(),
                summary: Some(vocab.summary(lang, &title, &mut rng)),
                content,
                title: t,
                title_derived: false,
                author: vocab.author(lang, &mut rng),
                category: vocab.category(lang, &mut rng),
                link: Some(link),
                published: Some(date),
                updated: None,
                signals: Signals {
                    views: feed.views.then_some(views),
                    comments: feed.comments.then_some(views / 40),
                    score: feed.score.then_some((views / 100) as i64),
                    rating: None,
                },
                enclosures: Vec::new(),
            });
            made += 1;
        }
        story += 1;
    }
    let docs = per_feed
        .into_iter()
        .enumerate()
        .filter(|(_, items)| !items.is_empty())
        .map(|(f, mut items)| {
            // Newest first, as a feed document lists them.
            items.sort_by_key(|a| std::cmp::Reverse(a.published));
            let doc = ParsedFeed {
                title: Some(feeds[f].name.clone()),
                site_link: Some(format!("https://{}/", feeds[f].host)),
                items,
                damaged: false,
            };
            let prepared = prepare_texts_fingerprinted(&doc);
            (f, doc, prepared)
        })
        .collect();
    Chunk {
        index,
        end,
        docs,
        articles: made,
    }
}

fn write_config(path: &Path, feeds: &[Feed]) -> Result<Vec<FeedSettings>> {
    let mut toml = String::from(
        "# Generated by examples/gen_cache: a year of news, kept whole.\n\
         [fetch]\nrefresh_interval = \"off\"\n\n[cache]\nmax_age = \"off\"\nmax_per_feed = \"off\"\n",
    );
    let mut settings = Vec::with_capacity(feeds.len());
    for (i, f) in feeds.iter().enumerate() {
        // Port 9 (discard) on loopback: nothing is fetched by accident.
        let url = format!("http://127.0.0.1:9/feeds/{i}.xml");
        let topic = f.name.split('-').nth(1).unwrap_or("news");
        toml.push_str(&format!(
            "\n[[feeds]]\nname = \"{}\"\nurl = \"{url}\"\ntags = [\"{}\", \"{topic}\"]\n",
            f.name,
            f.lang.code()
        ));
        let mut s = FeedSettings::new(f.name.clone(), url::Url::parse(&url)?);
        s.tags = vec![f.lang.code().to_string(), topic.to_string()];
        settings.push(s);
    }
    std::fs::write(path, toml).with_context(|| format!("writing {}", path.display()))?;
    Ok(settings)
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let data = args.out.join("data");
    let db = data.join("cache.db");
    if db.exists() {
        bail!("{} exists; remove it first", db.display());
    }
    std::fs::create_dir_all(&data)?;
    let started = Instant::now();
    let feeds = make_feeds(args.feeds, args.seed);
    let settings = write_config(&args.out.join("config.toml"), &feeds)?;
    let mut store = Store::open(&db)?;
    let ids = store.sync_feeds(&settings)?;
    let vocab = Vocab::new(args.seed);
    let picker = Picker::new(&feeds);
    let chunks = ((args.days + CHUNK_DAYS - 1) / CHUNK_DAYS) as usize;
    let producers = std::thread::available_parallelism()
        .map(|n| n.get().saturating_sub(1))
        .unwrap_or(1)
        .clamp(1, 8);
    let next = AtomicUsize::new(0);
    let mut written = 0usize;
    std::thread::scope(|s| -> Result<()> {
        let (tx, rx) = mpsc::sync_channel::<Chunk>(producers + 1);
        for _ in 0..producers {
            let tx = tx.clone();
            let (args, feeds, picker, vocab, next) = (&args, &feeds, &picker, &vocab, &next);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= chunks || tx.send(make_chunk(args, feeds, picker, vocab, i)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // Chunks arrive out of order; write them in date order, so the
        // table's rows lie roughly by date as in a cache that grew.
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for chunk in rx {
            waiting.insert(chunk.index, chunk);
            while let Some(chunk) = waiting.remove(&due) {
                let mut batch = store.batch()?;
                for (f, doc, prepared) in &chunk.docs {
                    batch.update(
                        ids[*f],
                        doc,
                        Some(prepared),
                        &Validators::default(),
                        chunk.end,
                    )?;
                }
                batch.commit()?;
                // As a first refresh does (`refresh::writer`): the texts'
                // dictionary as soon as there is enough text to train on,
                // so the chunks made after it compress with it and the
                // packer's blocks do too (without one, stop 28's 1M pack
                // stored 431 MB of blocks, against 367 MB with one).
                store.train_text_dict()?;
                written += chunk.articles;
                due += 1;
                if due % 10 == 0 {
                    eprintln!(
                        "  {due}/{chunks} weeks, {written} articles, {:.1} s",
                        started.elapsed().as_secs_f64()
                    );
                }
            }
        }
        Ok(())
    })?;
    let stored_s = started.elapsed().as_secs_f64();
    drop(store);

    // A year-long reader has read most of what is older than two weeks
    // and starred a few articles.
    let t = Instant::now();
    {
        let conn = rusqlite::Connection::open(&db)?;
        let two_weeks = (args.now - TimeDelta::days(14)).timestamp();
        conn.execute_batch("BEGIN")?;
        conn.execute(
            "UPDATE article_flags SET read = 1 WHERE sort_date < ?1 AND article_id % 10 != 0",
            [two_weeks],
        )?;
        conn.execute(
            "UPDATE article_flags SET starred = 1 WHERE article_id % 500 = 7",
            [],
        )?;
        conn.execute_batch("COMMIT")?;
    }
    let state_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut store = Store::open(&db)?;
    // Each week was written with its own end as "now", so every article
    // got a fingerprint; a cache that grew for a year has had retention
    // drop those past the horizon at every refresh since.
    store.drop_old_fingerprints(args.now)?;
    let indexed = store.index_pending()?;
    let index_s = t.elapsed().as_secs_f64();
    store.optimize()?;
    store.checkpoint()?;
    let total_s = started.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&db)?.len();
    println!(
        "{}",
        serde_json::json!({
            "figure": "generate",
            "feeds": args.feeds,
            "articles": written,
            "indexed": indexed,
            "days": args.days,
            "seed": args.seed,
            "now": args.now.to_rfc3339(),
            "producers": producers,
            "store_s": (stored_s * 10.0).round() / 10.0,
            "read_state_s": (state_s * 10.0).round() / 10.0,
            "index_s": (index_s * 10.0).round() / 10.0,
            "total_s": (total_s * 10.0).round() / 10.0,
            "cache_bytes": bytes,
        })
    );
    Ok(())
}
