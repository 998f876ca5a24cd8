//! One sync: log in, pull subscriptions (→ feeds, categories → tags),
//! push the queue of local changes, pull new items since the sync point,
//! fetch unread/starred items not stored yet, then make local state the
//! server's except where a local change still waits.
//!
//! Order matters: the queue is pushed before the state is pulled, so the
//! pulled state already holds this machine's changes; a change made while
//! the sync runs stays queued and is not overwritten (the store skips
//! fields with queued rows). A row leaves the queue only after the server
//! confirmed it, so an error at any step keeps it for the next sync, and
//! pushing it twice is harmless (marks are absolute: read, not toggle).

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use serde::Serialize;
use url::Url;

use super::fever::Fever;
use super::greader::Greader;
use super::ttrss::Ttrss;
use super::{Mark, RemoteItem, SyncBackend, SyncError, read_password};
use crate::config::settings::{Settings, SubscriptionSource, SyncKind, SyncSettings};
use crate::domain::{FeedId, NewArticle};
use crate::fetch::Fetcher;
use crate::sanitize;
use crate::store::{Field, PendingChange, RemoteArticle, Store, SyncedFeed};

/// Longest title kept from a server (a title is one line).
const MAX_TITLE: usize = 1_000;
/// A server that keeps answering with "more" pages is stopped here.
const MAX_PAGES: usize = 100_000;

/// Progress, for the status bar and the CLI.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum SyncEvent {
    LoggedIn,
    Subscriptions { feeds: usize },
    Pushed { done: usize, total: usize },
    Items { stored: usize },
    State,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    pub server: String,
    pub feeds: usize,
    pub new_articles: u64,
    pub pushed: usize,
    pub read_changed: u64,
    pub starred_changed: u64,
    /// State fields the pull left alone because a newer local change waits.
    pub kept_local: u64,
    /// Queue rows still waiting after the sync (changes made meanwhile).
    pub queued: u64,
    /// What went wrong without stopping the sync (a configured feed the
    /// server would not subscribe to), in words.
    pub notes: Vec<String>,
}

/// The account the store's sync data belongs to: the API, the host and
/// the user. The port and path are left out, so moving the server to
/// another port or path keeps the mapping; another host or user starts
/// over (its ids would mean other items).
fn account(s: &SyncSettings) -> String {
    format!(
        "{} {} {}",
        s.kind.as_str(),
        s.url.host_str().unwrap_or(""),
        s.user
    )
}

/// Sync the store with the server of `settings.sync`.
pub async fn run(
    settings: &Settings,
    sync: &SyncSettings,
    store: &mut Store,
    progress: &mut dyn FnMut(SyncEvent),
) -> Result<SyncReport, SyncError> {
    let password = read_password(&sync.password).await?;
    let fetcher = Fetcher::new(&settings.fetch).map_err(|e| SyncError::Client(e.to_string()))?;
    let account = account(sync);
    let configured: HashSet<String> = settings
        .feeds
        .iter()
        .map(|f| f.url.as_str().to_string())
        .collect();
    let scope = Scope {
        mode: sync.subscriptions,
        configured,
        account,
    };
    match sync.kind {
        SyncKind::Fever => {
            let mut b = Fever::new(fetcher, &sync.url, &sync.user, &password);
            run_with(&mut b, &scope, store, progress).await
        }
        SyncKind::Greader => {
            let mut b = Greader::new(fetcher, &sync.url, &sync.user, &password);
            run_with(&mut b, &scope, store, progress).await
        }
        SyncKind::Ttrss => {
            let mut b = Ttrss::new(fetcher, &sync.url, &sync.user, &password);
            run_with(&mut b, &scope, store, progress).await
        }
    }
}

/// Which server subscriptions are synced.
pub struct Scope {
    pub mode: SubscriptionSource,
    /// URLs of the configured feeds.
    pub configured: HashSet<String>,
    /// Which account (see `account`): checked after the login, so a
    /// server that cannot be reached never drops anything.
    pub account: String,
}

impl Scope {
    fn takes(&self, url: &str) -> bool {
        match self.mode {
            SubscriptionSource::Server | SubscriptionSource::Both => true,
            SubscriptionSource::Config => {
                self.configured.contains(url)
                    || Url::parse(url).is_ok_and(|u| self.configured.contains(u.as_str()))
            }
        }
    }
}

/// The sync itself, for any backend.
pub async fn run_with<B: SyncBackend>(
    backend: &mut B,
    scope: &Scope,
    store: &mut Store,
    progress: &mut dyn FnMut(SyncEvent),
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport {
        server: backend.server().to_string(),
        ..SyncReport::default()
    };
    backend.login().await?;
    store.sync_account(&scope.account)?;
    progress(SyncEvent::LoggedIn);

    let feeds = pull_subscriptions(backend, scope, store, &mut report.notes).await?;
    report.feeds = feeds.len();
    progress(SyncEvent::Subscriptions { feeds: feeds.len() });

    report.pushed = push(backend, store, progress).await?;

    let mut since = store.sync_value("point")?;
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = backend
            .items_since(since.as_deref(), cursor.as_deref())
            .await?;
        report.new_articles += store_items(store, &feeds, &page.items)?;
        progress(SyncEvent::Items {
            stored: usize::try_from(report.new_articles).unwrap_or(usize::MAX),
        });
        match page.next {
            Some(next) => cursor = Some(next),
            None => {
                if let Some(point) = page.point {
                    store.set_sync_value("point", &point)?;
                    since = Some(point);
                }
                break;
            }
        }
    }
    let _ = since;

    let unread: HashSet<String> = backend.unread_ids().await?.into_iter().collect();
    let starred: HashSet<String> = backend.starred_ids().await?.into_iter().collect();
    let known = store.known_remote_ids()?;
    let mut missing: Vec<String> = unread
        .iter()
        .chain(starred.iter())
        .filter(|id| !known.contains(*id))
        .cloned()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    missing.sort();
    for chunk in missing.chunks(backend.fetch_batch().max(1)) {
        let items = backend.items_by_id(chunk).await?;
        report.new_articles += store_items(store, &feeds, &items)?;
    }
    progress(SyncEvent::State);
    let counts = store.apply_remote_state(&unread, &starred)?;
    report.read_changed = counts.read_changed;
    report.starred_changed = counts.starred_changed;
    report.kept_local = counts.kept_local;
    store.set_sync_value("last_sync", &Utc::now().to_rfc3339())?;
    report.queued = store.queued_changes()?;
    Ok(report)
}

async fn pull_subscriptions<B: SyncBackend>(
    backend: &mut B,
    scope: &Scope,
    store: &mut Store,
    notes: &mut Vec<String>,
) -> Result<HashMap<String, FeedId>, SyncError> {
    let mut remote = backend.subscriptions().await?;
    if scope.mode == SubscriptionSource::Both {
        // Configured web feeds the server lacks are subscribed there, so
        // the other machines get them too.
        let have: HashSet<String> = remote
            .iter()
            .filter_map(|f| sanitize::url(&f.url))
            .collect();
        let mut missing: Vec<&String> = scope
            .configured
            .iter()
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .filter(|u| !have.contains(*u))
            .collect();
        missing.sort();
        let mut added = false;
        for url in missing {
            match backend.subscribe(url).await {
                Ok(true) => added = true,
                Ok(false) => {
                    notes.push(format!(
                        "{} cannot add subscriptions; {} stays local",
                        backend.server(),
                        sanitize::line(url)
                    ));
                }
                Err(e @ (SyncError::Refused { .. } | SyncError::Protocol { .. })) => {
                    notes.push(e.to_string());
                }
                Err(e) => return Err(e),
            }
        }
        if added {
            remote = backend.subscriptions().await?;
        }
    }
    let mut wanted = Vec::with_capacity(remote.len());
    for f in remote {
        let Some(url) = sanitize::url(&f.url) else {
            continue;
        };
        if !scope.takes(&url) {
            continue;
        }
        let mut tags: Vec<String> = f
            .categories
            .iter()
            .map(|c| sanitize::line(c))
            .filter(|c| !c.is_empty())
            .collect();
        tags.dedup();
        let name = sanitize::line_capped(&f.title, MAX_TITLE);
        wanted.push(SyncedFeed {
            remote_id: f.id,
            name: if name.is_empty() { url.clone() } else { name },
            url,
            tags,
        });
    }
    let ids = store.upsert_synced_feeds(&wanted)?;
    Ok(wanted
        .into_iter()
        .zip(ids)
        .map(|(f, id)| (f.remote_id, id))
        .collect())
}

/// Push the queue, newest change per article and field, in batches of one
/// kind of mark; each batch leaves the queue once the server confirmed it.
async fn push<B: SyncBackend>(
    backend: &mut B,
    store: &mut Store,
    progress: &mut dyn FnMut(SyncEvent),
) -> Result<usize, SyncError> {
    let pending = store.pending_changes()?;
    let total = pending.len();
    let mut by_mark: HashMap<Mark, Vec<PendingChange>> = HashMap::new();
    for c in pending {
        let mark = match (c.field, c.value) {
            (Field::Read, true) => Mark::Read,
            (Field::Read, false) => Mark::Unread,
            (Field::Starred, true) => Mark::Star,
            (Field::Starred, false) => Mark::Unstar,
        };
        by_mark.entry(mark).or_default().push(c);
    }
    let mut done = 0;
    for mark in [Mark::Read, Mark::Unread, Mark::Star, Mark::Unstar] {
        let Some(changes) = by_mark.get(&mark) else {
            continue;
        };
        for chunk in changes.chunks(backend.mark_batch().max(1)) {
            let ids: Vec<String> = chunk.iter().map(|c| c.remote_id.clone()).collect();
            backend.mark(mark, &ids).await?;
            store.confirm_pushed(chunk)?;
            done += chunk.len();
            progress(SyncEvent::Pushed { done, total });
        }
    }
    Ok(done)
}

fn store_items(
    store: &mut Store,
    feeds: &HashMap<String, FeedId>,
    items: &[RemoteItem],
) -> Result<u64, SyncError> {
    let articles: Vec<RemoteArticle> = items
        .iter()
        .filter_map(|i| {
            let feed = *feeds.get(&i.feed_id)?;
            Some(RemoteArticle {
                remote_id: i.id.clone(),
                feed,
                read: i.read,
                starred: i.starred,
                article: article_of(i),
            })
        })
        .collect();
    if articles.is_empty() {
        return Ok(0);
    }
    Ok(store.store_remote_articles(&articles, Utc::now())?)
}

/// A server item as the refresh would store it: every text sanitised.
fn article_of(i: &RemoteItem) -> NewArticle {
    let title = sanitize::line_capped(&i.title, MAX_TITLE);
    let link = i.url.as_deref().and_then(sanitize::url);
    NewArticle {
        key: String::new(),
        // A server item without a title shows its link, marked as made up.
        title_derived: title.is_empty(),
        title: if title.is_empty() {
            link.clone().unwrap_or_default()
        } else {
            title
        },
        link,
        author: i
            .author
            .as_deref()
            .map(sanitize::line)
            .filter(|a| !a.is_empty()),
        category: None,
        published: i.published,
        updated: None,
        summary: None,
        content: i.html.as_deref().map(sanitize::text),
        signals: Default::default(),
        enclosures: Vec::new(),
    }
}

/// A sync for the interactive reader: opens its own store connection on a
/// blocking thread (SQLite calls block) and tells its progress as status
/// lines through `notify`. Returns the report's one-line summary, or the
/// error in words.
pub async fn run_in_background(
    settings: Settings,
    db_path: std::path::PathBuf,
    notify: impl Fn(String) + Send + 'static,
) -> Result<String, String> {
    let Some(sync) = settings.sync.clone() else {
        return Err("no [sync] in the config".into());
    };
    let handle = tokio::runtime::Handle::current();
    let job = tokio::task::spawn_blocking(move || {
        let mut store = Store::open(&db_path).map_err(|e| e.to_string())?;
        let mut progress = |e: SyncEvent| {
            notify(match e {
                SyncEvent::LoggedIn => "sync: logged in".to_string(),
                SyncEvent::Subscriptions { feeds } => format!("sync: {feeds} feeds"),
                SyncEvent::Pushed { done, total } => format!("sync: pushed {done}/{total}"),
                SyncEvent::Items { stored } => format!("sync: {stored} new articles"),
                SyncEvent::State => "sync: read and starred state".to_string(),
            })
        };
        let result = handle.block_on(run(&settings, &sync, &mut store, &mut progress));
        match result {
            Ok(r) => Ok(format!(
                "synced: {} new, {} pushed, {} read and {} starred changes from the server",
                r.new_articles, r.pushed, r.read_changed, r.starred_changed
            )),
            Err(e) => {
                let queued = store.queued_changes().unwrap_or(0);
                Err(format!("sync failed: {e}; {queued} changes stay queued"))
            }
        }
    });
    job.await
        .unwrap_or_else(|_| Err("sync stopped unexpectedly".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_is_sanitised_like_feed_text() {
        let item = RemoteItem {
            id: "1".into(),
            feed_id: "2".into(),
            title: "Red\u{1b}[31m title\u{202e} \n two".into(),
            url: Some("javascript:alert(1)".into()),
            author: Some("A\u{7}uthor".into()),
            html: Some("<p>body\u{1b}]52;c;x\u{7}</p>".into()),
            ..RemoteItem::default()
        };
        let a = article_of(&item);
        for text in [
            &a.title,
            a.author.as_ref().unwrap(),
            a.content.as_ref().unwrap(),
        ] {
            assert!(!text.chars().any(crate::sanitize::is_forbidden), "{text:?}");
        }
        assert!(
            a.title.starts_with("Red") && a.title.ends_with("two"),
            "{:?}",
            a.title
        );
        assert_eq!(a.link, None, "only http(s) links are kept");
    }

    #[test]
    fn the_config_scope_takes_only_configured_urls() {
        let scope = Scope {
            mode: SubscriptionSource::Config,
            configured: ["https://a.example/rss".to_string()].into(),
            account: String::new(),
        };
        assert!(scope.takes("https://a.example/rss"));
        assert!(!scope.takes("https://b.example/rss"));
        let all = Scope {
            mode: SubscriptionSource::Server,
            ..scope
        };
        assert!(all.takes("https://b.example/rss"));
    }
}
