//! Tiny Tiny RSS's own JSON API (api_level 15 tested).
//!
//! Every call is a JSON POST to `…/api/` with an `op` and the session id
//! from `login`; answers are `{"status":0|1,"content":…}`, errors in
//! `content.error`. Lists come 200 at most a call (`limit`/`skip`).

use serde_json::{Value, json};
use url::Url;

use super::http::{Api, flag, id_text, text, unix_time};
use super::{ItemPage, Mark, RemoteFeed, RemoteItem, Secret, SyncBackend, SyncError};
use crate::fetch::{ApiBody, ApiMethod, Fetcher};

/// tt-rss caps `limit` at 200.
const PAGE: usize = 200;
/// Ids per `getArticle` and `updateArticle`.
const BATCH: usize = 200;
/// Virtual feeds.
const ALL_ARTICLES: i64 = -4;
const STARRED: i64 = -1;

pub struct Ttrss {
    api: Api,
    url: Url,
    user: String,
    password: Secret,
    sid: Option<String>,
}

impl Ttrss {
    pub fn new(fetcher: Fetcher, url: &Url, user: &str, password: &Secret) -> Ttrss {
        // Accept the tt-rss address or its API address.
        let mut url = url.clone();
        let path = url.path().trim_end_matches('/').to_string();
        if !path.ends_with("/api") {
            url.set_path(&format!("{path}/api/"));
        } else {
            url.set_path(&format!("{path}/"));
        }
        Ttrss {
            api: Api::new(fetcher, "Tiny Tiny RSS API", &url),
            url,
            user: user.to_string(),
            password: password.clone(),
            sid: None,
        }
    }

    async fn raw(&self, body: Value) -> Result<Value, SyncError> {
        let r = self
            .api
            .call(ApiMethod::Post, &self.url, None, ApiBody::Json(body))
            .await?;
        if r.status == 404 {
            return Err(SyncError::ApiDisabled {
                server: self.api.server.clone(),
                detail: "nothing answers at this API address (HTTP 404)".into(),
            });
        }
        self.api.json(&r)
    }

    /// A call with the session; logs in again once if the session expired.
    async fn call(&mut self, op: &str, mut args: Value) -> Result<Value, SyncError> {
        for attempt in 0..2 {
            if self.sid.is_none() {
                self.login().await?;
            }
            args["op"] = json!(op);
            args["sid"] = json!(self.sid);
            let v = self.raw(args.clone()).await?;
            match error_of(&v) {
                None => {
                    return v
                        .get("content")
                        .cloned()
                        .ok_or_else(|| self.api.protocol("no \"content\" in the answer"));
                }
                Some(e) if e == "NOT_LOGGED_IN" && attempt == 0 => self.sid = None,
                Some(e) => return Err(self.error(&e)),
            }
        }
        Err(self.api.protocol("the session was refused twice"))
    }

    fn error(&self, e: &str) -> SyncError {
        let server = self.api.server.clone();
        match e {
            "LOGIN_ERROR" | "NOT_LOGGED_IN" => SyncError::WrongPassword { server },
            "API_DISABLED" => SyncError::ApiDisabled {
                server,
                detail: "enable \"API access\" in the tt-rss preferences".into(),
            },
            other => SyncError::Refused {
                server,
                what: crate::sanitize::line_capped(other, 80),
            },
        }
    }

    /// Every headline id of a virtual feed in a view, page by page.
    async fn headline_ids(&mut self, feed: i64, view: &str) -> Result<Vec<String>, SyncError> {
        let mut out = Vec::new();
        for page in 0.. {
            let list = self
                .call(
                    "getHeadlines",
                    json!({"feed_id": feed, "view_mode": view, "limit": PAGE,
                           "skip": page * PAGE, "show_content": false, "show_excerpt": false}),
                )
                .await?;
            let list = list
                .as_array()
                .ok_or_else(|| self.api.protocol("getHeadlines did not give a list"))?;
            out.extend(list.iter().filter_map(|h| h.get("id").and_then(id_text)));
            if list.len() < PAGE {
                break;
            }
        }
        Ok(out)
    }
}

fn error_of(v: &Value) -> Option<String> {
    if v.get("status").and_then(Value::as_i64) == Some(0) {
        return None;
    }
    Some(
        v.get("content")
            .and_then(|c| c.get("error"))
            .and_then(Value::as_str)
            .unwrap_or("UNKNOWN_ERROR")
            .to_string(),
    )
}

fn item(v: &Value) -> Option<RemoteItem> {
    Some(RemoteItem {
        id: id_text(v.get("id")?)?,
        feed_id: id_text(v.get("feed_id")?)?,
        title: text(v.get("title")).unwrap_or_default(),
        url: text(v.get("link")),
        author: text(v.get("author")),
        html: text(v.get("content")),
        published: unix_time(v.get("updated")),
        read: !flag(v.get("unread")),
        starred: flag(v.get("marked")),
    })
}

impl SyncBackend for Ttrss {
    fn server(&self) -> &str {
        &self.api.server
    }

    async fn login(&mut self) -> Result<(), SyncError> {
        let v = self
            .raw(json!({"op": "login", "user": self.user, "password": self.password.expose()}))
            .await?;
        if let Some(e) = error_of(&v) {
            return Err(self.error(&e));
        }
        let sid = v
            .get("content")
            .and_then(|c| c.get("session_id"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty() && s.len() <= 256)
            .ok_or_else(|| self.api.protocol("login gave no session id"))?;
        self.sid = Some(sid.to_string());
        Ok(())
    }

    async fn subscriptions(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let cats = self.call("getCategories", json!({})).await?;
        let mut title_of = std::collections::HashMap::new();
        for c in cats.as_array().into_iter().flatten() {
            if let (Some(id), Some(t)) = (c.get("id").and_then(id_text), text(c.get("title"))) {
                // 0 = Uncategorized, negative = special: not tags.
                if id.parse::<i64>().is_ok_and(|n| n > 0) {
                    title_of.insert(id, t);
                }
            }
        }
        let feeds = self.call("getFeeds", json!({"cat_id": -3})).await?;
        let feeds = feeds
            .as_array()
            .ok_or_else(|| self.api.protocol("getFeeds did not give a list"))?;
        Ok(feeds
            .iter()
            .filter_map(|f| {
                let id = f.get("id").and_then(id_text)?;
                let url = text(f.get("feed_url"))?;
                let categories = f
                    .get("cat_id")
                    .and_then(id_text)
                    .and_then(|c| title_of.get(&c).cloned())
                    .into_iter()
                    .collect();
                Some(RemoteFeed {
                    title: text(f.get("title")).unwrap_or_else(|| url.clone()),
                    id,
                    url,
                    categories,
                })
            })
            .collect())
    }

    async fn items_since(
        &mut self,
        since: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<ItemPage, SyncError> {
        let since_id: i64 = since.and_then(|s| s.parse().ok()).unwrap_or(0);
        let skip: usize = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let list = self
            .call(
                "getHeadlines",
                json!({"feed_id": ALL_ARTICLES, "view_mode": "all_articles", "since_id": since_id,
                       "limit": PAGE, "skip": skip, "show_content": true,
                       "order_by": "date_reverse"}),
            )
            .await?;
        let list = list
            .as_array()
            .ok_or_else(|| self.api.protocol("getHeadlines did not give a list"))?;
        let items: Vec<RemoteItem> = list.iter().filter_map(item).collect();
        // The point is the highest id stored so far; it is kept only after
        // the last page, and since_id stays fixed while paging.
        let top = items.iter().filter_map(|i| i.id.parse::<i64>().ok()).max();
        let prev_top: i64 = since_id;
        Ok(ItemPage {
            next: (list.len() >= PAGE).then(|| (skip + list.len()).to_string()),
            point: Some(top.unwrap_or(prev_top).max(prev_top).to_string()),
            items,
        })
    }

    async fn items_by_id(&mut self, ids: &[String]) -> Result<Vec<RemoteItem>, SyncError> {
        let list = self
            .call("getArticle", json!({"article_id": ids.join(",")}))
            .await?;
        Ok(list
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(item)
            .collect())
    }

    fn fetch_batch(&self) -> usize {
        BATCH
    }

    async fn unread_ids(&mut self) -> Result<Vec<String>, SyncError> {
        self.headline_ids(ALL_ARTICLES, "unread").await
    }

    async fn starred_ids(&mut self) -> Result<Vec<String>, SyncError> {
        self.headline_ids(STARRED, "all_articles").await
    }

    async fn mark(&mut self, mark: Mark, ids: &[String]) -> Result<(), SyncError> {
        // field 2 = unread, 0 = starred; mode 0 = false, 1 = true.
        let (field, mode) = match mark {
            Mark::Read => (2, 0),
            Mark::Unread => (2, 1),
            Mark::Star => (0, 1),
            Mark::Unstar => (0, 0),
        };
        let v = self
            .call(
                "updateArticle",
                json!({"article_ids": ids.join(","), "mode": mode, "field": field}),
            )
            .await?;
        match v.get("status").and_then(Value::as_str) {
            Some("OK") => Ok(()),
            _ => Err(self.api.protocol("updateArticle did not answer OK")),
        }
    }

    fn mark_batch(&self) -> usize {
        BATCH
    }

    async fn subscribe(&mut self, url: &str) -> Result<bool, SyncError> {
        let v = self
            .call("subscribeToFeed", json!({"feed_url": url}))
            .await?;
        // 0 = already subscribed, 1 = added; others: no feed there.
        match v
            .get("status")
            .and_then(|s| s.get("code"))
            .and_then(Value::as_i64)
        {
            Some(0 | 1) => Ok(true),
            code => Err(SyncError::Refused {
                server: self.api.server.clone(),
                what: format!(
                    "subscribing to {} gave code {}",
                    crate::sanitize::line(url),
                    code.map_or("none".into(), |c| c.to_string())
                ),
            }),
        }
    }
}
