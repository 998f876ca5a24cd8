//! `keruen sync`: push the queue of local read/star changes, pull the
//! server's subscriptions, items and state, print what changed. Optional
//! `--read/--unread/--star/--unstar ID` change articles first; the change is
//! committed (and queued) before any network call, so it survives a server
//! that is down or a kill.

use std::io::Write;

use anyhow::{Result, bail};

use super::args::SyncArgs;
use super::{Env, count_arg, text_arg};
use crate::domain::ArticleId;
use crate::i18n::ids;
use crate::store::Store;
use crate::sync::{self, SyncEvent};

pub fn run(env: &Env, args: &SyncArgs) -> Result<i32> {
    let Some(sync_settings) = env.settings.sync.clone() else {
        bail!(
            "{}\n  [sync]\n  kind = \"fever\"\n  url = \"https://rss.example.org/api/fever.php\"\n  user = \"me\"\n  password_command = \"pass show rss\"",
            env.lang.t(
                ids::CLI_SYNC_NO_TABLE,
                &[text_arg("path", env.paths.config_file.display())]
            )
        );
    };
    let mut store = Store::open(&env.paths.cache_db())?;
    apply_local(&mut store, args)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let json = args.json;
    let mut show = |e: SyncEvent| {
        if !json {
            tracing::debug!(?e, "sync");
        }
    };
    let result = runtime.block_on(sync::run(
        &env.settings,
        &sync_settings,
        &mut store,
        &mut show,
    ));
    let mut out = std::io::stdout().lock();
    match result {
        Ok(report) => {
            let printed = if json {
                writeln!(out, "{}", serde_json::to_string(&report)?)
            } else {
                let line = env.lang.t(
                    ids::CLI_SYNC_REPORT,
                    &[
                        text_arg("server", &report.server),
                        count_arg("feeds", report.feeds),
                        count_arg("new", report.new_articles),
                        count_arg("pushed", report.pushed),
                        count_arg("read", report.read_changed),
                        count_arg("starred", report.starred_changed),
                        count_arg("local", report.kept_local),
                        count_arg("queued", report.queued),
                    ],
                );
                writeln!(out, "{}", crate::sanitize::text(&line))
            };
            ignore_closed_pipe(printed)?;
            if !json {
                for note in &report.notes {
                    super::warn(env.lang.t(ids::CLI_NOTE, &[text_arg("note", note)]));
                }
            }
            Ok(0)
        }
        Err(e) => {
            let queued = store.queued_changes().unwrap_or(0);
            let message = env.lang.t(
                ids::CLI_SYNC_FAILED,
                &[text_arg("error", &e), count_arg("queued", queued)],
            );
            if json {
                let v = serde_json::json!({"error": e.to_string(), "queued": queued});
                ignore_closed_pipe(writeln!(out, "{v}"))?;
            }
            super::warn(format!("keruen: {message}"));
            Ok(1)
        }
    }
}

/// The requested local changes, each committed with its queue row.
fn apply_local(store: &mut Store, args: &SyncArgs) -> Result<()> {
    let ids = |v: &[i64]| v.iter().map(|&i| ArticleId(i)).collect::<Vec<_>>();
    if !args.read.is_empty() {
        store.set_read(&ids(&args.read), true)?;
    }
    if !args.unread.is_empty() {
        store.set_read(&ids(&args.unread), false)?;
    }
    for &id in &args.star {
        store.set_starred(ArticleId(id), true)?;
    }
    for &id in &args.unstar {
        store.set_starred(ArticleId(id), false)?;
    }
    Ok(())
}

fn ignore_closed_pipe(r: std::io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
