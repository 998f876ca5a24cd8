//! A background refresh (and the sync after it), relayed to `update` as
//! `Msg::Refresh`: the refresh's own events, keyed by `FeedId`, unchanged.

use tokio::sync::mpsc;

use super::Ctx;
use crate::app::Msg;
use crate::domain::{RefreshEvent, RefreshSummary};
use crate::i18n::{FluentValue, ids};
use crate::refresh::{self, RefreshPlan};

/// Spawn a background refresh that relays its events as `Msg::Refresh`.
/// `due_only`: only the feeds `schedule` finds due (the reader's own
/// refreshes); named feeds are always fetched.
pub(super) fn start_refresh(ctx: &Ctx, feeds: Option<Vec<String>>, due_only: bool) {
    let s = &ctx.settings;
    let plan = RefreshPlan {
        db_path: ctx.db_path.clone(),
        all_feeds: s.feeds.clone(),
        due_only: (feeds.is_none() && due_only).then(|| refresh::policy_of(&s.fetch)),
        only: feeds,
        concurrency: s.fetch.concurrency.get(),
        max_items_per_feed: s.fetch.max_items_per_feed,
        retention: s.cache.clone(),
    };
    let fetcher = ctx.fetcher.clone();
    let msgs = ctx.msgs.clone();
    let lang = ctx.lang;
    // With [sync], a sync runs after the refresh, before it reports
    // Finished (so the lists reload once, with both).
    let sync = s.sync.is_some().then(|| (s.clone(), ctx.db_path.clone()));
    tokio::spawn(async move {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let job = tokio::spawn(refresh::run(plan, fetcher, tx));
        while let Some(ev) = rx.recv().await {
            if matches!(ev, RefreshEvent::Finished(_))
                && let Some((settings, db)) = sync.clone()
            {
                let notices = msgs.clone();
                let notify = move |line| drop(notices.send(Msg::Notice(line)));
                let _ = msgs.send(
                    match crate::sync::engine::run_in_background(settings, db, notify).await {
                        Ok(line) => Msg::Notice(line),
                        Err(line) => Msg::Error(line),
                    },
                );
            }
            let _ = msgs.send(Msg::Refresh(ev));
        }
        // A refresh that stopped early sent no `Finished`: its totals are
        // unknown, so an empty summary ends it.
        let stopped = || Msg::Refresh(RefreshEvent::Finished(RefreshSummary::default()));
        match job.await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                let error = FluentValue::from(e.to_string());
                let _ = msgs.send(Msg::Error(lang.t(ids::REFRESH_FAILED, &[("error", error)])));
                let _ = msgs.send(stopped());
            }
            Err(_) => {
                let _ = msgs.send(Msg::Error(lang.s(ids::REFRESH_STOPPED)));
                let _ = msgs.send(stopped());
            }
        }
    });
}
