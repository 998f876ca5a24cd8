//! What a bigger zstd dictionary would save on text blocks: `block_dict
//! DIR [--every N]`. Texts of every Nth feed (default 10) are compressed
//! as `text_pack` packs them (16 consecutive articles of a feed per frame,
//! level 15) and one by one (level 3), with dictionaries of 64 KB (today's
//! size) and larger ones, each trained on the texts of other feeds
//! (`zstd::dict::from_continuous`, 100× its size of samples where the
//! cache has them, or `--samples BYTES` for each, as the store trains on
//! 1 MB). Prints one JSON line per dictionary. Read-only.

use std::time::Instant;

use anyhow::{Context, Result};
use keruen::domain::ArticleId;
use keruen::store::Store;

fn texts(store: &Store, conn: &rusqlite::Connection, feed: i64) -> Result<Vec<String>> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM articles WHERE feed_id = ?1 ORDER BY sort_date, id")?
        .query_map([feed], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let a = store.article(ArticleId(id))?;
        let mut t = a.description.unwrap_or_default();
        t.push_str(a.content.as_deref().unwrap_or(""));
        out.push(t);
    }
    Ok(out)
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().context("usage: block_dict DIR [--every N]")?;
    let mut every = 10i64;
    let mut samples: Option<usize> = None;
    while let Some(a) = args.next() {
        if a == "--every" {
            every = args.next().context("--every N")?.parse()?;
        } else if a == "--samples" {
            samples = Some(args.next().context("--samples BYTES")?.parse()?);
        }
    }
    let path = std::path::Path::new(&dir).join("data/cache.db");
    let store = Store::open(&path)?;
    let conn = rusqlite::Connection::open(&path)?;
    let feeds: Vec<i64> = conn
        .prepare("SELECT id FROM feeds ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut test = Vec::new();
    let mut train: Vec<String> = Vec::new();
    let mut train_bytes = 0usize;
    for (i, f) in feeds.iter().enumerate() {
        if i as i64 % every == 0 {
            test.push(texts(&store, &conn, *f)?);
        } else if train_bytes < 48 << 20 {
            for t in texts(&store, &conn, *f)? {
                train_bytes += t.len();
                train.push(t);
            }
        }
    }
    let raw: usize = test.iter().flatten().map(String::len).sum();
    for dict_kb in [64usize, 128, 256, 400] {
        let want = samples.unwrap_or(dict_kb * 1024 * 100);
        let mut sample = Vec::new();
        let mut sizes = Vec::new();
        for t in train.iter().rev() {
            if sample.len() >= want {
                break;
            }
            if t.len() >= 256 {
                sample.extend_from_slice(t.as_bytes());
                sizes.push(t.len());
            }
        }
        let t0 = Instant::now();
        let dict = zstd::dict::from_continuous(&sample, &sizes, dict_kb * 1024)?;
        let train_ms = t0.elapsed().as_millis();
        let mut blocks = 0usize;
        let mut block_bytes = 0usize;
        let mut c15 = zstd::bulk::Compressor::with_dictionary(15, &dict)?;
        let mut c3 = zstd::bulk::Compressor::with_dictionary(3, &dict)?;
        let mut single = 0usize;
        let t1 = Instant::now();
        for feed in &test {
            for chunk in feed.chunks(16) {
                let joined: String = chunk.concat();
                block_bytes += c15.compress(joined.as_bytes())?.len();
                blocks += 1;
            }
        }
        let block_ms = t1.elapsed().as_millis();
        for t in test.iter().flatten() {
            single += c3.compress(t.as_bytes())?.len();
        }
        println!(
            "{}",
            serde_json::json!({ "dict_kb": dict_kb, "dict_bytes": dict.len(),
                "samples_bytes": sample.len(), "train_ms": train_ms,
                "texts": test.iter().map(Vec::len).sum::<usize>(), "raw": raw,
                "blocks": blocks, "block_bytes": block_bytes, "block_ms": block_ms,
                "single_bytes": single })
        );
    }
    Ok(())
}
