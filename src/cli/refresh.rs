//! `keruen refresh`: headless refresh with a progress line and a summary.

use std::io::IsTerminal;

use anyhow::{Result, bail};
use tokio::sync::mpsc;

use super::args::RefreshArgs;
use super::{Env, Out, list_or_none, out, text_arg, warn};
use crate::domain::FeedOutcome;
use crate::fetch::Fetcher;
use crate::i18n::{FluentValue, Lang, ids, numbers};
use crate::refresh::{self, RefreshEvent, RefreshPlan};

pub fn run(env: &Env, args: &RefreshArgs, out: &mut Out) -> Result<i32> {
    // The names as configured: `--feed clustera` means "ClusterA".
    let mut only = Vec::with_capacity(args.feeds.len() + args.names.len());
    for name in args.names.iter().chain(&args.feeds) {
        match env.settings.feed(name) {
            Some(feed) => only.push(feed.name.clone()),
            None => {
                let known: Vec<&str> = env.settings.feeds.iter().map(|f| f.name.as_str()).collect();
                bail!(env.lang.t(
                    ids::CLI_NO_FEED_IN_CONFIG,
                    &[
                        text_arg("name", name),
                        text_arg("known", list_or_none(env.lang, &known))
                    ]
                ));
            }
        }
    }
    if env.settings.feeds.is_empty() {
        let path = FluentValue::from(env.paths.config_file.display().to_string());
        warn(env.lang.t(ids::CLI_NO_FEEDS, &[("path", path)]));
        return Ok(0);
    }
    let plan = RefreshPlan {
        db_path: env.paths.cache_db(),
        all_feeds: env.settings.feeds.clone(),
        // No flags: what is due; named feeds and --all: now, due or not.
        due_only: (only.is_empty() && !args.all).then(|| refresh::policy_of(&env.settings.fetch)),
        only: (!only.is_empty()).then_some(only),
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
            out,
            json,
            progress,
            done: 0,
            total: 0,
            failures: Vec::new(),
            closed: false,
        };
        while let Some(event) = rx.recv().await {
            printer.event(&event)?;
        }
        printer.finish();
        anyhow::Ok(job.await??)
    })?;
    Ok(if summary.all_failed() { 1 } else { 0 })
}

struct Printer<'a> {
    lang: Lang,
    out: &'a mut Out,
    /// Standard output was closed: the refresh goes on (the cache is what
    /// was asked for), printing nothing more.
    closed: bool,
    json: bool,
    progress: bool,
    done: usize,
    total: usize,
    failures: Vec<(String, String)>,
}

impl Printer<'_> {
    /// Print one event; only a write error other than a closed reader is
    /// returned.
    fn event(&mut self, event: &RefreshEvent) -> Result<()> {
        match self.print(event) {
            Err(e) if out::is_output_closed(&e) => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }

    fn print(&mut self, event: &RefreshEvent) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        if let RefreshEvent::Waiting { .. } = event {
            // On stderr in every mode: a person waits, whatever reads stdout.
            // (The event's own message is English, for --json.)
            warn(format!("keruen: {}", self.lang.s(ids::REFRESH_WAITING)));
            if !self.json {
                return Ok(());
            }
        }
        if self.json {
            self.out.json_line(event)?;
            // One line an event, as it happens: a script reads them live.
            return self.out.flush();
        }
        match event {
            RefreshEvent::Waiting { .. } => {}
            RefreshEvent::Started { total } => self.total = *total,
            RefreshEvent::FeedDone { name, outcome, .. } => {
                self.done += 1;
                let lang = self.lang;
                if self.progress {
                    let done = ("done", FluentValue::from(self.done));
                    let total = ("total", FluentValue::from(self.total));
                    let progress = lang.t(ids::REFRESH_PROGRESS, &[done, total]);
                    out::stderr_control(&format!("\r{progress}"));
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
                    out::stderr_control("\r\x1b[K");
                }
                self.out.line(line)?;
                self.out.flush()?;
            }
            RefreshEvent::Finished(s) => {
                if self.progress {
                    out::stderr_control("\r\x1b[K");
                }
                let lang = self.lang;
                let secs = numbers::decimal(lang, s.elapsed.as_secs_f64(), 2);
                self.out.line(lang.t(
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
                ))?;
                if s.not_due > 0 {
                    let count = FluentValue::from(s.not_due);
                    self.out
                        .line(lang.t(ids::CLI_REFRESH_NOT_DUE, &[("count", count)]))?;
                }
            }
        }
        Ok(())
    }

    fn finish(&self) {
        if !self.json && !self.failures.is_empty() {
            let count = FluentValue::from(self.failures.len());
            warn(self.lang.t(ids::CLI_REFRESH_FAILURES, &[("count", count)]));
            for (name, msg) in &self.failures {
                warn(format!("  {name}: {msg}"));
            }
        }
    }
}
