//! The Fever API (FreshRSS, Miniflux, coldsweat, tt-rss's plugin).
//!
//! Every call is a POST to `…?api&<what>` with `api_key` = md5("user:password")
//! in the form body; the mark fields go in the body too, while
//! `since_id` / `with_ids` must be in the query string (servers ignore them
//! in the body). Item lists are not sorted by id on every server
//! (coldsweat groups them by feed), so paging by the highest id seen can
//! step over items: the engine fetches unread and starred items it lacks by
//! id afterwards, so nothing that matters is missed.

use md5::{Digest, Md5};
use serde_json::Value;
use url::Url;

use super::http::{Api, flag, id_text, text, unix_time};
use super::{ItemPage, Mark, RemoteFeed, RemoteItem, Secret, SyncBackend, SyncError};
use crate::fetch::{ApiBody, ApiMethod, Fetcher};

/// Fever returns at most 50 items a call, and `with_ids` takes as many.
const PAGE: usize = 50;
/// Marks are one item a call in Fever; this many go at once.
const MARKS_IN_FLIGHT: usize = 8;

pub struct Fever {
    api: Api,
    /// The endpoint, with `api` in its query.
    base: Url,
    key: String,
}

impl Fever {
    pub fn new(fetcher: Fetcher, url: &Url, user: &str, password: &Secret) -> Fever {
        let mut base = url.clone();
        if !base.query_pairs().any(|(k, _)| k == "api") {
            let q = match base.query() {
                Some(q) if !q.is_empty() => format!("{q}&api"),
                _ => "api".to_string(),
            };
            base.set_query(Some(&q));
        }
        let digest = Md5::digest(format!("{user}:{}", password.expose()).as_bytes());
        Fever {
            api: Api::new(fetcher, "Fever API", url),
            base,
            key: hex::encode(digest),
        }
    }

    fn url(&self, what: &str) -> Url {
        let mut u = self.base.clone();
        let q = format!("{}&{what}", self.base.query().unwrap_or("api"));
        u.set_query(Some(&q));
        u
    }

    /// One call; checks `auth` on every answer (a key revoked mid-sync).
    async fn call(&self, what: &str, fields: &[(&str, String)]) -> Result<Value, SyncError> {
        let mut form = vec![("api_key".to_string(), self.key.clone())];
        form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.clone())));
        let r = self
            .api
            .call(ApiMethod::Post, &self.url(what), None, ApiBody::Form(form))
            .await?;
        let v: Value = self.api.json(&r)?;
        match v.get("auth") {
            Some(a) if flag(Some(a)) => Ok(v),
            Some(_) => Err(SyncError::WrongPassword {
                server: self.api.server.clone(),
            }),
            None => Err(self
                .api
                .protocol("no \"auth\" field: is this a Fever API address?")),
        }
    }

    fn items_of(&self, v: &Value) -> Result<Vec<RemoteItem>, SyncError> {
        let Some(items) = v.get("items") else {
            return Ok(Vec::new());
        };
        let items = items
            .as_array()
            .ok_or_else(|| self.api.protocol("\"items\" is not a list"))?;
        Ok(items.iter().filter_map(item).collect())
    }
}

fn item(v: &Value) -> Option<RemoteItem> {
    Some(RemoteItem {
        id: id_text(v.get("id")?)?,
        feed_id: id_text(v.get("feed_id")?)?,
        title: text(v.get("title")).unwrap_or_default(),
        url: text(v.get("url")),
        author: text(v.get("author")),
        html: text(v.get("html")),
        published: unix_time(v.get("created_on_time")),
        read: flag(v.get("is_read")),
        starred: flag(v.get("is_saved")),
    })
}

/// "1,2,3" (or a JSON list) → ids.
fn id_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        Some(Value::Array(a)) => a.iter().filter_map(id_text).collect(),
        _ => Vec::new(),
    }
}

impl SyncBackend for Fever {
    fn server(&self) -> &str {
        &self.api.server
    }

    async fn login(&mut self) -> Result<(), SyncError> {
        match self.call("", &[]).await {
            Err(SyncError::Refused { what, .. }) if what.starts_with("HTTP 404") => {
                Err(SyncError::ApiDisabled {
                    server: self.api.server.clone(),
                    detail: "no Fever API answers at this address (HTTP 404)".into(),
                })
            }
            other => other.map(drop),
        }
    }

    async fn subscriptions(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let groups = self.call("groups", &[]).await?;
        let feeds = self.call("feeds", &[]).await?;
        let mut title_of = std::collections::HashMap::new();
        for g in groups
            .get("groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(id), Some(t)) = (g.get("id").and_then(id_text), text(g.get("title"))) {
                title_of.insert(id, t);
            }
        }
        let mut cats: std::collections::HashMap<String, Vec<String>> = Default::default();
        let links = feeds
            .get("feeds_groups")
            .or_else(|| groups.get("feeds_groups"))
            .and_then(Value::as_array);
        for fg in links.into_iter().flatten() {
            let Some(title) = fg
                .get("group_id")
                .and_then(id_text)
                .and_then(|g| title_of.get(&g))
            else {
                continue;
            };
            for f in id_list(fg.get("feed_ids")) {
                cats.entry(f).or_default().push(title.clone());
            }
        }
        let list = feeds
            .get("feeds")
            .and_then(Value::as_array)
            .ok_or_else(|| self.api.protocol("no \"feeds\" list"))?;
        Ok(list
            .iter()
            .filter_map(|f| {
                let id = f.get("id").and_then(id_text)?;
                let url = text(f.get("url"))?;
                Some(RemoteFeed {
                    title: text(f.get("title")).unwrap_or_else(|| url.clone()),
                    categories: cats.remove(&id).unwrap_or_default(),
                    id,
                    url,
                })
            })
            .collect())
    }

    async fn items_since(
        &mut self,
        since: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<ItemPage, SyncError> {
        let from: i64 = cursor.or(since).and_then(|s| s.parse().ok()).unwrap_or(0);
        let v = self.call(&format!("items&since_id={from}"), &[]).await?;
        let items = self.items_of(&v)?;
        let top = items
            .iter()
            .filter_map(|i| i.id.parse::<i64>().ok())
            .max()
            .filter(|&m| m > from);
        Ok(ItemPage {
            next: top.map(|m| m.to_string()),
            point: Some(top.unwrap_or(from).to_string()),
            items,
        })
    }

    async fn items_by_id(&mut self, ids: &[String]) -> Result<Vec<RemoteItem>, SyncError> {
        let v = self
            .call(&format!("items&with_ids={}", ids.join(",")), &[])
            .await?;
        self.items_of(&v)
    }

    fn fetch_batch(&self) -> usize {
        PAGE
    }

    async fn unread_ids(&mut self) -> Result<Vec<String>, SyncError> {
        let v = self.call("unread_item_ids", &[]).await?;
        Ok(id_list(v.get("unread_item_ids")))
    }

    async fn starred_ids(&mut self) -> Result<Vec<String>, SyncError> {
        let v = self.call("saved_item_ids", &[]).await?;
        Ok(id_list(v.get("saved_item_ids")))
    }

    async fn mark(&mut self, mark: Mark, ids: &[String]) -> Result<(), SyncError> {
        use futures::StreamExt;
        let as_ = match mark {
            Mark::Read => "read",
            Mark::Unread => "unread",
            Mark::Star => "saved",
            Mark::Unstar => "unsaved",
        };
        let this = &*self;
        let mut calls = futures::stream::iter(ids.iter().map(|id| async move {
            let form = [
                ("mark", "item".to_string()),
                ("as", as_.to_string()),
                ("id", id.clone()),
            ];
            match this.call("", &form).await {
                // The item is gone from the server: nothing left to mark.
                Err(SyncError::Refused { what, .. }) if what.starts_with("HTTP 404") => Ok(()),
                other => other.map(drop),
            }
        }))
        .buffer_unordered(MARKS_IN_FLIGHT);
        while let Some(result) = calls.next().await {
            result?;
        }
        Ok(())
    }

    fn mark_batch(&self) -> usize {
        200
    }

    async fn subscribe(&mut self, _url: &str) -> Result<bool, SyncError> {
        // The Fever API has no call to add a subscription.
        Ok(false)
    }
}
