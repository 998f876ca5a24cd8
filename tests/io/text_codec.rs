//! The stored texts: every form a cache may hold (raw deflate of older
//! versions, zstd frames without and with the cache's dictionary) reads
//! back exactly, on kk/ru/en HTML and on the public corpus's texts.
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use keruen::config::settings::FeedSettings;
use keruen::domain::{FeedId, NewArticle, ParsedFeed, Signals};
use keruen::fetch::Validators;
use keruen::store::{ArticleQuery, SCHEMA_VERSION, Store};
use url::Url;

const KK: [&str; 12] = [
    "Қазақстан",
    "үкіметі",
    "жаңа",
    "заң",
    "жобасын",
    "талқылады",
    "Алматыда",
    "өтетін",
    "көрмеге",
    "мыңнан",
    "астам",
    "қатысушы",
];
const RU: [&str; 12] = [
    "правительство",
    "обсудило",
    "новый",
    "законопроект",
    "в",
    "Астане",
    "прошла",
    "встреча",
    "министров",
    "экономики",
    "рост",
    "цен",
];
const EN: [&str; 12] = [
    "the",
    "government",
    "discussed",
    "a",
    "new",
    "bill",
    "on",
    "energy",
    "prices",
    "in",
    "Central",
    "Asia",
];

/// A small seeded generator, so every run writes the same texts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn words(&mut self, n: usize) -> String {
        let lang = match self.next() % 3 {
            0 => &KK,
            1 => &RU,
            _ => &EN,
        };
        (0..n)
            .map(|_| lang[self.next() % lang.len()])
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Feed HTML as sites write it: paragraphs, links, images, entities.
    fn html(&mut self, paragraphs: usize) -> String {
        let mut out = String::new();
        for p in 0..paragraphs {
            let n = 8 + self.next() % 40;
            match self.next() % 4 {
                0 => out.push_str(&format!(
                    "<p>{} <a href=\"https://news{}.example.kz/{}/{}\">{}</a> &laquo;{}&raquo;</p>\n",
                    self.words(n),
                    self.next() % 9,
                    self.next() % 10_000,
                    p,
                    self.words(3),
                    self.words(2)
                )),
                1 => out.push_str(&format!(
                    "<figure><img src=\"https://cdn.example.kz/img/{}.jpg\" alt=\"{}\"/></figure>\n",
                    self.next() % 100_000,
                    self.words(4)
                )),
                _ => out.push_str(&format!("<p>{}.</p>\n", self.words(n))),
            }
        }
        out
    }
}

/// The last schema version without `text_dicts` (every later step is
/// safe to run again, so a cache set back here migrates whole).
const BEFORE_DICTS: i64 = 12;

fn t(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
}

fn feed(name: &str) -> FeedSettings {
    crate::common::feed_settings(name)
}

fn item(key: &str, summary: Option<String>, content: Option<String>) -> NewArticle {
    NewArticle {
        title_derived: false,
        key: key.into(),
        title: format!("Title {key}"),
        link: Some(format!("https://example.kz/{key}")),
        author: None,
        category: None,
        published: Some(t(3)),
        updated: None,
        summary,
        content,
        signals: Signals::default(),
        enclosures: Vec::new(),
    }
}

/// `n` articles of generated kk/ru/en HTML (~3 KB each), short and
/// missing texts among them.
pub(crate) fn items(prefix: &str, n: usize, seed: u64) -> Vec<NewArticle> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let summary = match i % 5 {
                0 => None,
                1 => Some(rng.words(5)),
                _ => Some(rng.html(2)),
            };
            let paragraphs = 4 + rng.next() % 12;
            let content = (i % 7 != 0).then(|| rng.html(paragraphs));
            item(&format!("{prefix}{i}"), summary, content)
        })
        .collect()
}

fn update(s: &mut Store, feed: FeedId, items: Vec<NewArticle>) {
    let doc = ParsedFeed {
        title: Some("Feed".into()),
        site_link: None,
        items,
        damaged: false,
    };
    s.apply_update(feed, &doc, &Validators::default(), t(4))
        .unwrap();
}

/// Every article's texts, by title.
pub(crate) fn texts(s: &Store) -> Vec<(String, Option<String>, Option<String>)> {
    let mut out: Vec<_> = s
        .articles(&ArticleQuery::default())
        .unwrap()
        .into_iter()
        .map(|a| {
            let full = s.article(a.id).unwrap();
            (a.title, full.description, full.content)
        })
        .collect();
    out.sort();
    out
}

fn expected(items: &[NewArticle]) -> Vec<(String, Option<String>, Option<String>)> {
    let mut out: Vec<_> = items
        .iter()
        .map(|i| (i.title.clone(), i.summary.clone(), i.content.clone()))
        .collect();
    out.sort();
    out
}

/// The stored BLOBs' kinds: (raw deflate, zstd without a dictionary,
/// zstd naming a dictionary), read with plain SQLite.
fn forms(path: &Path) -> (usize, usize, usize) {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut st = c
        .prepare("SELECT summary FROM article_texts UNION ALL SELECT content FROM article_texts")
        .unwrap();
    let mut rows = st.query([]).unwrap();
    let mut n = (0, 0, 0);
    while let Some(r) = rows.next().unwrap() {
        if let rusqlite::types::ValueRef::Blob(b) = r.get_ref(0).unwrap() {
            if !b.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
                n.0 += 1;
            } else if zstd::zstd_safe::get_dict_id_from_frame(b).is_none() {
                n.1 += 1;
            } else {
                n.2 += 1;
            }
        }
    }
    n
}

fn dicts(path: &Path) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("SELECT count(*) FROM text_dicts", [], |r| r.get(0))
        .unwrap()
}

fn cache() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    (dir, path)
}

/// Texts are zstd frames from the first write; once the cache holds
/// enough text a dictionary is trained (once), later texts name it, and
/// every text of every form reads back exactly, also after reopening.
#[test]
fn texts_read_back_before_and_after_the_dictionary() {
    let (_dir, path) = cache();
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("tengri"), feed("kaztag")]).unwrap();
    let first = items("a", 500, 1);
    update(&mut s, ids[0], first.clone());
    let (deflate, plain, with_dict) = forms(&path);
    assert_eq!((deflate, with_dict), (0, 0));
    assert!(plain > 400, "{plain} texts compressed");
    assert_eq!(dicts(&path), 0);

    assert!(s.train_text_dict().unwrap());
    assert!(!s.train_text_dict().unwrap(), "trained only once");
    assert_eq!(dicts(&path), 1);
    let second = items("b", 300, 2);
    update(&mut s, ids[1], second.clone());
    let (_, plain_after, with_dict) = forms(&path);
    assert_eq!(plain_after, plain, "old texts stay as they were");
    assert!(with_dict > 400, "{with_dict} texts use the dictionary");

    let mut all = first.clone();
    all.extend(second.clone());
    assert_eq!(texts(&s), expected(&all));
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(texts(&s), expected(&all));
}

/// With the dictionary, the same texts take much less room than without.
#[test]
fn the_dictionary_makes_texts_smaller() {
    let (_dir, path) = cache();
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("tengri")]).unwrap();
    update(&mut s, ids[0], items("a", 500, 3));
    let size = |path: &Path| -> i64 {
        let c = rusqlite::Connection::open(path).unwrap();
        c.query_row(
            "SELECT sum(length(summary)) + sum(length(content)) FROM article_texts",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = size(&path);
    assert!(s.train_text_dict().unwrap());
    let mut after = 0;
    while let Some(last) = s.recompress_texts(after, 100).unwrap() {
        after = last;
    }
    let (deflate, plain, _) = forms(&path);
    assert_eq!((deflate, plain), (0, 0), "every text recompressed");
    let now = size(&path);
    assert!(now * 10 < before * 8, "{before} -> {now} bytes");
}

/// A cache written before zstd (raw deflate BLOBs, no dictionary table)
/// migrates, reads, takes a dictionary and recompresses, losing nothing.
#[test]
fn an_old_deflate_cache_still_reads_and_recompresses() {
    let (_dir, path) = cache();
    let all = items("a", 400, 4);
    {
        let mut s = Store::open(&path).unwrap();
        let ids = s.sync_feeds(&[feed("tengri")]).unwrap();
        update(&mut s, ids[0], all.clone());
    }
    // What an older version wrote: raw deflate (level 1) for long texts.
    let c = rusqlite::Connection::open(&path).unwrap();
    {
        let mut read = c
            .prepare("SELECT t.article_id, a.title FROM article_texts t JOIN articles a ON a.id = t.article_id")
            .unwrap();
        let rows: Vec<(i64, String)> = read
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let deflate = |text: &Option<String>| -> rusqlite::types::Value {
            match text {
                None => rusqlite::types::Value::Null,
                Some(t) if t.len() < 256 => rusqlite::types::Value::Text(t.clone()),
                Some(t) => {
                    let mut e =
                        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
                    e.write_all(t.as_bytes()).unwrap();
                    rusqlite::types::Value::Blob(e.finish().unwrap())
                }
            }
        };
        for (id, title) in rows {
            let it = all.iter().find(|i| i.title == title).unwrap();
            c.execute(
                "UPDATE article_texts SET summary = ?2, content = ?3 WHERE article_id = ?1",
                rusqlite::params![id, deflate(&it.summary), deflate(&it.content)],
            )
            .unwrap();
        }
    }
    c.execute_batch(&format!(
        "DROP TABLE text_dicts; PRAGMA user_version = {BEFORE_DICTS};"
    ))
    .unwrap();
    drop(c);
    let (deflate, plain, with_dict) = forms(&path);
    assert!(deflate > 500 && plain == 0 && with_dict == 0);

    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(texts(&s), expected(&all));
    assert!(s.train_text_dict().unwrap());
    let mut after = 0;
    while let Some(last) = s.recompress_texts(after, 64).unwrap() {
        after = last;
    }
    let (deflate_now, plain_now, with_dict) = forms(&path);
    assert_eq!((deflate_now, plain_now), (0, 0));
    assert_eq!(with_dict, deflate);
    assert_eq!(texts(&s), expected(&all));
    // The step again over the new layout (a version set back): harmless.
    drop(s);
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(&format!("PRAGMA user_version = {BEFORE_DICTS};"))
        .unwrap();
    drop(c);
    let s = Store::open(&path).unwrap();
    assert_eq!(dicts(&path), 1);
    assert_eq!(texts(&s), expected(&all));
}

/// Another instance trained a dictionary and wrote texts with it after
/// this one opened the cache: this one finds the dictionary in the file.
#[test]
fn a_dictionary_written_by_another_instance_is_found() {
    let (_dir, path) = cache();
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("tengri")]).unwrap();
    let one = vec![item("a0", Some("short".into()), Some(Rng(5).html(6)))];
    update(&mut s, ids[0], one);
    // The other instance, by hand: its own dictionary, a text with it.
    let mut rng = Rng(99);
    let samples: Vec<String> = (0..400).map(|_| rng.html(6)).collect();
    let dict = zstd::dict::from_samples(&samples, 16 * 1024).unwrap();
    let text = rng.html(8);
    let frame = zstd::bulk::Compressor::with_dictionary(3, &dict)
        .unwrap()
        .compress(text.as_bytes())
        .unwrap();
    assert!(zstd::zstd_safe::get_dict_id_from_frame(&frame).is_some());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute(
        "INSERT INTO text_dicts (id, dict, created) VALUES (?1, ?2, 0)",
        rusqlite::params![
            zstd::zstd_safe::get_dict_id_from_dict(&dict).unwrap().get(),
            dict
        ],
    )
    .unwrap();
    c.execute(
        "UPDATE article_texts SET content = ?1",
        rusqlite::params![frame],
    )
    .unwrap();
    drop(c);
    let id = s.articles(&ArticleQuery::default()).unwrap()[0].id;
    assert_eq!(s.article(id).unwrap().content, Some(text));
}

/// A frame naming a dictionary the cache does not hold is an error, never
/// a wrong text.
#[test]
fn a_text_naming_an_unknown_dictionary_is_an_error() {
    let (_dir, path) = cache();
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("tengri")]).unwrap();
    update(
        &mut s,
        ids[0],
        vec![item("a0", Some("short".into()), Some(Rng(6).html(6)))],
    );
    let mut rng = Rng(7);
    let samples: Vec<String> = (0..400).map(|_| rng.html(6)).collect();
    let dict = zstd::dict::from_samples(&samples, 16 * 1024).unwrap();
    let frame = zstd::bulk::Compressor::with_dictionary(3, &dict)
        .unwrap()
        .compress(rng.html(8).as_bytes())
        .unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute(
        "UPDATE article_texts SET content = ?1",
        rusqlite::params![frame],
    )
    .unwrap();
    drop(c);
    let id = s.articles(&ArticleQuery::default()).unwrap()[0].id;
    let err = s.article(id).unwrap_err().to_string();
    assert!(err.contains("dictionary"), "{err}");
}

/// The public corpus's feeds, parsed, stored in a cache with a
/// dictionary (trained on other text) and read back: every summary and
/// content exactly as parsed.
#[test]
fn public_corpus_texts_round_trip() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/public/wellformed");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    let base = Url::parse("http://corpus.invalid/feed").unwrap();
    let mut all = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let Ok(parsed) = keruen::sources::feed::parse(&bytes, None, &base, 1000) else {
            continue;
        };
        for it in parsed.items {
            let n = all.len();
            all.push(item(&format!("c{n}"), it.summary, it.content));
        }
    }
    assert!(all.len() > 500, "{} items parsed", all.len());
    let long = all
        .iter()
        .flat_map(|i| [&i.summary, &i.content])
        .flatten()
        .filter(|t| t.len() >= 256)
        .count();
    assert!(long > 50, "{long} long texts");

    let (_dir, path) = cache();
    let mut s = Store::open(&path).unwrap();
    let ids = s.sync_feeds(&[feed("gen"), feed("corpus")]).unwrap();
    update(&mut s, ids[0], items("g", 500, 8));
    assert!(s.train_text_dict().unwrap());
    update(&mut s, ids[1], all.clone());
    let got: Vec<_> = texts(&s)
        .into_iter()
        .filter(|(title, ..)| title.starts_with("Title c"))
        .collect();
    assert_eq!(got, expected(&all));
}

/// Texts compressed on a parser thread (`prepare_texts`) with the
/// process's current dictionary: the writer stores that dictionary in the
/// cache it writes them to, so every frame's dictionary is in the file.
#[test]
fn prepared_texts_bring_their_dictionary_to_the_cache() {
    let (_dir_a, path_a) = cache();
    let mut a = Store::open(&path_a).unwrap();
    let ids = a.sync_feeds(&[feed("tengri")]).unwrap();
    update(&mut a, ids[0], items("a", 500, 10));
    assert!(a.train_text_dict().unwrap());

    let (_dir_b, path_b) = cache();
    let mut b = Store::open(&path_b).unwrap();
    let ids = b.sync_feeds(&[feed("kaztag")]).unwrap();
    let list = items("b", 60, 11);
    let parsed = ParsedFeed {
        title: Some("Feed".into()),
        site_link: None,
        items: list.clone(),
        damaged: false,
    };
    let prepared = keruen::store::prepare_texts(&parsed);
    let mut batch = b.batch().unwrap();
    batch
        .update(
            ids[0],
            &parsed,
            Some(&prepared),
            &Validators::default(),
            t(4),
        )
        .unwrap();
    batch.commit().unwrap();

    let (_, _, with_dict) = forms(&path_b);
    assert!(with_dict > 40, "{with_dict} texts use a dictionary");
    let c = rusqlite::Connection::open(&path_b).unwrap();
    let mut st = c
        .prepare("SELECT content FROM article_texts WHERE typeof(content) = 'blob'")
        .unwrap();
    let named: Vec<u32> = st
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|b| zstd::zstd_safe::get_dict_id_from_frame(&b.unwrap()).map_or(0, |i| i.get()))
        .collect();
    for id in named.into_iter().filter(|&id| id != 0) {
        let held: bool = c
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM text_dicts WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert!(held, "dictionary {id:#x} is not in the cache");
    }
    assert_eq!(texts(&b), expected(&list));
}
