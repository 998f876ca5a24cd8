//! The write path's compression CPU, before and after zstd: the texts of
//! a bench corpus (`gen_corpus.py` output, parsed as a refresh parses
//! them), compressed one by one as `store::codec` does, with raw deflate
//! level 1 (the codec before), zstd without a dictionary at a few levels
//! (the codec before a cache has its dictionary uses -1), and zstd with
//! dictionaries trained on the first 1–2 MB of those texts at levels -5
//! to 3 (level 3 is the codec's once the cache has one; the training time
//! is printed too). With a dictionary every level costs about the same
//! CPU here (docs/performance.md, stop 28), so a cheaper level is no way
//! to make a first refresh cheaper.
//!
//! ```text
//! cargo run --release --example text_codec_cpu -- CORPUS_DIR [--runs 5]
//! ```
//!
//! Prints one JSON line per codec: stored bytes and the median ms of CPU.

use anyhow::{Context, Result};
use flate2::{Compress, Compression, FlushCompress, Status};
use zstd::zstd_safe::{CCtx, CDict};

#[path = "support/cpu.rs"]
mod cpu;
use cpu::thread_cpu_ms as cpu_ms;

const MIN_COMPRESS: usize = 256;
/// The zstd levels compared.
const LEVELS: [i32; 3] = [-1, 1, 3];

fn texts(dir: &str) -> Result<Vec<String>> {
    let base = url::Url::parse("http://127.0.0.1/feed")?;
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {dir}"))?
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let bytes = std::fs::read(&p)?;
        let Ok(parsed) = keruen::sources::feed::parse(&bytes, None, &base, 1000) else {
            continue;
        };
        for item in parsed.items {
            out.extend(
                [item.summary, item.content]
                    .into_iter()
                    .flatten()
                    .filter(|t| t.len() >= MIN_COMPRESS),
            );
        }
    }
    Ok(out)
}

/// Every text compressed one by one with `dict` at `level`, `runs`
/// times: (stored bytes, median ms of CPU).
fn with_dict(
    runs: usize,
    texts: &[String],
    cctx: &mut CCtx<'_>,
    dict: &[u8],
    level: i32,
) -> Result<(usize, f64)> {
    let cdict = CDict::try_create(dict, level).context("dictionary")?;
    Ok(time(runs, || {
        let mut n = 0;
        for t in texts {
            let mut out = Vec::with_capacity(t.len() - t.len() / 8);
            n += match cctx.compress_using_cdict(&mut out, t.as_bytes(), &cdict) {
                Ok(_) => out.len(),
                Err(_) => t.len(),
            };
        }
        n
    }))
}

/// Runs `f` `runs` times; (stored bytes, median ms of CPU).
fn time(runs: usize, mut f: impl FnMut() -> usize) -> (usize, f64) {
    let mut ms = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs {
        let t = cpu_ms();
        bytes = f();
        ms.push(cpu_ms() - t);
    }
    ms.sort_by(f64::total_cmp);
    (bytes, ms[ms.len() / 2])
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .context("usage: text_codec_cpu DIR [--runs N]")?;
    let runs = match args.iter().position(|a| a == "--runs") {
        Some(i) => args.get(i + 1).context("--runs N")?.parse()?,
        None => 5,
    };
    let texts = texts(dir)?;
    let raw: usize = texts.iter().map(String::len).sum();
    println!(
        "{{\"texts\":{},\"raw_bytes\":{raw},\"runs\":{runs}}}",
        texts.len()
    );
    let limit = |len: usize| len - len / 8;

    let mut deflate = Compress::new(Compression::fast(), false);
    let (bytes, ms) = time(runs, || {
        let mut n = 0;
        for t in &texts {
            deflate.reset();
            let mut out = Vec::with_capacity(limit(t.len()));
            if let Ok(Status::StreamEnd) =
                deflate.compress_vec(t.as_bytes(), &mut out, FlushCompress::Finish)
            {
                n += out.len();
            } else {
                n += t.len();
            }
        }
        n
    });
    println!("{{\"codec\":\"deflate-1\",\"bytes\":{bytes},\"ms\":{ms:.1}}}");

    let mut cctx = CCtx::create();
    for level in LEVELS {
        let (bytes, ms) = time(runs, || {
            let mut n = 0;
            for t in &texts {
                let mut out = Vec::with_capacity(limit(t.len()));
                n += match cctx.compress(&mut out, t.as_bytes(), level) {
                    Ok(_) => out.len(),
                    Err(_) => t.len(),
                };
            }
            n
        });
        println!("{{\"codec\":\"zstd-{level}\",\"bytes\":{bytes},\"ms\":{ms:.1}}}");
    }

    for (budget, size) in [
        (1 << 20, 32 * 1024),
        (1 << 20, 64 * 1024),
        (2 << 20, 64 * 1024),
    ] {
        let mut samples = Vec::new();
        let mut total = 0;
        for t in &texts {
            if total >= budget {
                break;
            }
            total += t.len();
            samples.push(t.as_str());
        }
        let started = cpu_ms();
        let dict = zstd::dict::from_samples(&samples, size)?;
        let train_ms = cpu_ms() - started;
        for level in [-5, -3, -1, 1, 2] {
            let (bytes, ms) = with_dict(runs, &texts, &mut cctx, &dict, level)?;
            println!(
                "{{\"codec\":\"zstd-{level}-dict\",\"dict_bytes\":{},\"bytes\":{bytes},\"ms\":{ms:.1}}}",
                dict.len()
            );
        }
        let (bytes, ms) = with_dict(runs, &texts, &mut cctx, &dict, 3)?;
        println!(
            "{{\"codec\":\"zstd-3-dict\",\"sample_bytes\":{total},\"dict_bytes\":{},\"train_ms\":{train_ms:.1},\"bytes\":{bytes},\"ms\":{ms:.1}}}",
            dict.len()
        );
    }
    Ok(())
}
