//! Sync with the servers readers already run: one `SyncBackend` trait and
//! one file per server API (`ttrss`, `fever`, `greader`); `engine` pulls
//! subscriptions, items and state into the store and pushes the store's
//! queue of local changes. The store and the config are all it shares with
//! the rest; nothing here draws or decides for the UI.

pub mod engine;
pub mod fever;
pub mod greader;
mod http;
mod secret;
pub mod ttrss;

use chrono::{DateTime, Utc};

pub use engine::{SyncEvent, SyncReport, run};
pub use secret::{Secret, read_password};

use crate::store::StoreError;

/// A subscription on the server.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteFeed {
    pub id: String,
    pub title: String,
    pub url: String,
    /// Categories, folders or labels (become tags).
    pub categories: Vec<String>,
}

/// An item on the server, with its state; texts as the server sent them
/// (the engine sanitises them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RemoteItem {
    pub id: String,
    pub feed_id: String,
    pub title: String,
    pub url: Option<String>,
    pub author: Option<String>,
    pub html: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub read: bool,
    pub starred: bool,
}

/// One page of items and where the next one starts (`None`: no more).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemPage {
    pub items: Vec<RemoteItem>,
    /// The cursor for the next page, and the sync point once the last page
    /// is stored.
    pub next: Option<String>,
    /// The sync point to keep when this is the last page.
    pub point: Option<String>,
}

/// A state change to push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Read,
    Unread,
    Star,
    Unstar,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Read => "read",
            Mark::Unread => "unread",
            Mark::Star => "star",
            Mark::Unstar => "unstar",
        }
    }
}

/// Why a sync failed, in words that name the server and the cause. The
/// queue is kept whatever the error.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{server}: wrong user name or password")]
    WrongPassword { server: String },
    #[error("{server}: the API is disabled for this account ({detail})")]
    ApiDisabled { server: String, detail: String },
    #[error("{server} cannot be reached: {cause}")]
    ServerDown { server: String, cause: String },
    #[error("{server} answered in a way keruen does not understand: {what}")]
    Protocol { server: String, what: String },
    #[error("{server} refused a request: {what}")]
    Refused { server: String, what: String },
    #[error("{0}")]
    Password(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One server API. Ids are the server's, as text. Implementations keep
/// their session (token, session id) between calls.
#[allow(async_fn_in_trait)]
pub trait SyncBackend {
    /// "Fever API at http://…", for messages.
    fn server(&self) -> &str;
    /// Log in (or check the key); `WrongPassword` / `ApiDisabled` on refusal.
    async fn login(&mut self) -> Result<(), SyncError>;
    async fn subscriptions(&mut self) -> Result<Vec<RemoteFeed>, SyncError>;
    /// Items newer than the sync point `since` (`None`: from the start),
    /// one page from `cursor` (`None`: the first page).
    async fn items_since(
        &mut self,
        since: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<ItemPage, SyncError>;
    /// These items (at most `fetch_batch()` ids).
    async fn items_by_id(&mut self, ids: &[String]) -> Result<Vec<RemoteItem>, SyncError>;
    fn fetch_batch(&self) -> usize;
    async fn unread_ids(&mut self) -> Result<Vec<String>, SyncError>;
    async fn starred_ids(&mut self) -> Result<Vec<String>, SyncError>;
    /// Apply `mark` to these items (at most `mark_batch()` ids); Ok only
    /// once the server confirmed.
    async fn mark(&mut self, mark: Mark, ids: &[String]) -> Result<(), SyncError>;
    fn mark_batch(&self) -> usize;
    /// Subscribe the account to a feed URL (`subscriptions = "both"`);
    /// `Ok(false)` when the API has no such call (Fever).
    async fn subscribe(&mut self, url: &str) -> Result<bool, SyncError>;
}
