//! `keruen download ID [--index N]`: download an article's enclosure now,
//! through the same queue row, file naming and resumable transfer as the
//! reader's `d` (a second run continues a `.part`). A progress bar on a
//! terminal (stderr); otherwise a plain line every tenth of the way.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use url::Url;

use super::args::DownloadArgs;
use super::{Env, Out, open_cache};
use crate::domain::{ArticleId, DownloadState};
use crate::fetch::Fetcher;
use crate::i18n::{FluentValue, ids};
use crate::media::download::{self, Outcome};
use crate::media::{queue, words};

pub fn run(env: &Env, args: &DownloadArgs, out: &mut Out) -> Result<i32> {
    let Some(mut store) = open_cache(env)? else {
        bail!(
            "the cache at {} is empty; run `keruen refresh` first",
            env.paths.cache_db().display()
        );
    };
    let article = store.article(ArticleId(args.article))?;
    let index = args.index.saturating_sub(1);
    let Some(enclosure) = article.enclosures.get(index) else {
        bail!(
            "article {} has {} enclosure(s); there is no number {}",
            args.article,
            article.enclosures.len(),
            args.index
        );
    };
    let d = store.queue_download(article.summary.id, enclosure, &article.summary.title)?;
    if d.state == DownloadState::Done
        && let Some(path) = &d.path
        && std::path::Path::new(path).exists()
    {
        out.line(saved(env, path))?;
        return Ok(0);
    }
    let dir = queue::download_dir(&env.settings.media, env.paths.data_dir());
    let path = queue::place(&mut store, &d, &dir).map_err(anyhow::Error::msg)?;
    store.set_download_state(d.id, DownloadState::Downloading, None)?;
    let url = Url::parse(&d.url)?;
    let fetcher = Fetcher::new(&env.settings.fetch)?;
    let cap = env.settings.media.max_download_bytes;
    let lang = env.lang;
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let stop = Arc::new(AtomicBool::new(false));
    // Plain progress lines (no terminal), printed once the state is stored:
    // a reader gone mid-way must not leave the row `downloading`.
    let mut lines: Vec<String> = Vec::new();
    let outcome = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(enclosure.length.unwrap_or(0));
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {percent:>3}% {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let mut report = |received: u64, total: Option<u64>| {
            if let Some(t) = total {
                bar.set_length(t);
            }
            bar.set_position(received);
            bar.set_message(words::size(lang, received));
        };
        let outcome = tokio.block_on(download::run(
            &fetcher,
            &url,
            &path,
            cap,
            &stop,
            &mut report,
        ));
        bar.finish_and_clear();
        outcome
    } else {
        // Plain lines, at most one per tenth of the file.
        let mut shown = 0u64;
        let mut report = |received: u64, total: Option<u64>| {
            if let Some(t) = total.filter(|t| *t > 0) {
                let tenth = received.min(t) * 10 / t;
                if tenth > shown {
                    shown = tenth;
                    lines.push(format!(
                        "{:>3}% {} / {}",
                        tenth * 10,
                        words::size(lang, received),
                        words::size(lang, t)
                    ));
                }
            }
        };
        tokio.block_on(download::run(
            &fetcher,
            &url,
            &path,
            cap,
            &stop,
            &mut report,
        ))
    };
    match outcome {
        Outcome::Done(path) => {
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            let shown = path.to_string_lossy().into_owned();
            store.set_download_progress(d.id, Some(&shown), size, Some(size))?;
            store.set_download_state(d.id, DownloadState::Done, None)?;
            for line in lines {
                out.line(line)?;
            }
            out.line(saved(env, &shown))?;
            Ok(0)
        }
        Outcome::Paused => {
            store.set_download_state(d.id, DownloadState::Paused, None)?;
            Ok(1)
        }
        Outcome::Failed(e) => {
            store.set_download_state(d.id, DownloadState::Failed, Some(&e))?;
            bail!("download of {} failed: {e}", d.url)
        }
    }
}

fn saved(env: &Env, path: &str) -> String {
    env.lang.t(
        ids::DOWNLOAD_SAVED,
        &[("path", FluentValue::from(path.to_string()))],
    )
}
