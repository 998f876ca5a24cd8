//! `keruen refresh`: headless refresh with a progress line and a summary.

use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};
use tokio::sync::mpsc;

use super::Env;
use super::args::RefreshArgs;
use crate::domain::FeedOutcome;
use crate::fetch::Fetcher;
use crate::i18n::{FluentValue, Lang, ids, numbers};
use crate::refresh::{self, RefreshEvent, RefreshPlan};

pub fn run(env: &Env, args: &RefreshArgs) -> Result<i32> {
    for name in &args.feeds {
        if env.settings.feed(name).is_none() {
            let known: Vec<&str> = env.settings.feeds.iter().map(|f| f.name.as_str()).collect();
            bail!(
                "no feed named \"{name}\" in the config; known feeds: {}",
                if known.is_empty() {
                    "(none)".to_string()
                } else {
                    known.join(", ")
                }
            );
        }
    }
    if env.settings.feeds.is_empty() {
        let path = FluentValue::from(env.paths.config_file.display().to_string());
        eprintln!("{}", env.lang.t(ids::CLI_NO_FEEDS, &[("path", path)]));
        return Ok(0);
    }
    let plan = RefreshPlan {
        db_path: env.paths.cache_db(),
        all_feeds: env.settings.feeds.clone(),
        only: (!args.feeds.is_empty()).then(|| args.feeds.clone()),
        concurrency: env.settings.fetch.concurrency.get(),
        max_items_per_feed: env.settings.fetch.max_items_per_feed,
        retention: env.settings.cache.clone(),
    };
    let fetcher = Fetcher::new(&env.settings.fetch)?;
    // Parsing runs on the blocking pool: more parsers than cores only adds
    // memory (each thread gets its own allocator arena), not speed.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .max_blocking_threads(cores.max(2))
        .enable_all()
        .build()?;
    let json = args.json;
    let lang = env.lang;
    let progress = !json && std::io::stderr().is_terminal();
    let summary = runtime.block_on(async move {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let job = tokio::spawn(refresh::run(plan, fetcher, tx));
        let mut printer = Printer {
            lang,
            json,
            progress,
            done: 0,
            total: 0,
            failures: Vec::new(),
        };
        while let Some(event) = rx.recv().await {
            printer.event(&event);
        }
        printer.finish();
        anyhow::Ok(job.await??)
    })?;
    Ok(if summary.all_failed() { 1 } else { 0 })
}

struct Printer {
    lang: Lang,
    json: bool,
    progress: bool,
    done: usize,
    total: usize,
    failures: Vec<(String, String)>,
}

impl Printer {
    fn event(&mut self, event: &RefreshEvent) {
        if self.json {
            if let Ok(line) = serde_json::to_string(event) {
                println!("{line}");
            }
            return;
        }
        match event {
            RefreshEvent::Waiting { message } => eprintln!("keruen: {message}"),
            RefreshEvent::Started { total } => self.total = *total,
            RefreshEvent::FeedDone { name, outcome, .. } => {
                self.done += 1;
                let lang = self.lang;
                if self.progress {
                    let done = ("done", FluentValue::from(self.done));
                    let total = ("total", FluentValue::from(self.total));
                    eprint!("\r{}", lang.t(ids::REFRESH_PROGRESS, &[done, total]));
                    let _ = std::io::stderr().flush();
                }
                let feed = ("name", FluentValue::from(name.as_str()));
                let line = match outcome {
                    FeedOutcome::NotModified => lang.t(ids::CLI_REFRESH_NOT_MODIFIED, &[feed]),
                    FeedOutcome::Fetched { new, updated } => lang.t(
                        ids::CLI_REFRESH_FETCHED,
                        &[
                            feed,
                            ("new", FluentValue::from(*new)),
                            ("updated", FluentValue::from(*updated)),
                        ],
                    ),
                    FeedOutcome::Failed { kind, message } => {
                        self.failures.push((name.clone(), message.clone()));
                        lang.t(
                            ids::CLI_REFRESH_FAILED,
                            &[
                                feed,
                                ("kind", FluentValue::from(kind.as_str())),
                                ("message", FluentValue::from(message.as_str())),
                            ],
                        )
                    }
                };
                if self.progress {
                    eprint!("\r\x1b[K");
                }
                println!("{line}");
            }
            RefreshEvent::Finished(s) => {
                if self.progress {
                    eprint!("\r\x1b[K");
                }
                let lang = self.lang;
                let secs = numbers::decimal(lang, s.elapsed.as_secs_f64(), 2);
                println!(
                    "{}",
                    lang.t(
                        ids::CLI_REFRESH_SUMMARY,
                        &[
                            ("total", FluentValue::from(s.total)),
                            ("secs", FluentValue::from(secs)),
                            ("fetched", FluentValue::from(s.fetched)),
                            ("new", FluentValue::from(s.new_articles)),
                            ("updated", FluentValue::from(s.updated_articles)),
                            ("not_modified", FluentValue::from(s.not_modified)),
                            ("failed", FluentValue::from(s.failed)),
                        ],
                    )
                );
            }
        }
    }

    fn finish(&self) {
        if !self.json && !self.failures.is_empty() {
            let count = FluentValue::from(self.failures.len());
            eprintln!(
                "{}",
                self.lang.t(ids::CLI_REFRESH_FAILURES, &[("count", count)])
            );
            for (name, msg) in &self.failures {
                eprintln!("  {name}: {msg}");
            }
        }
    }
}
