//! The Google Reader API (FreshRSS, Miniflux, Inoreader, The Old Reader).
//!
//! `ClientLogin` gives an Auth token sent as `Authorization: GoogleLogin
//! auth=…`; writes also carry a `T` token from `/token`. Item ids come in
//! two forms, `tag:google.com,2005:reader/item/<16 hex>` and decimal; the
//! decimal one is kept, so both forms of one item are one id here.

use serde_json::Value;
use url::Url;

use super::http::{Api, excerpt, id_text, text, unix_time};
use super::{ItemPage, Mark, RemoteFeed, RemoteItem, Secret, SyncBackend, SyncError};
use crate::fetch::{ApiBody, ApiMethod, ApiResponse, Fetcher};

const READING_LIST: &str = "user/-/state/com.google/reading-list";
const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
/// Items a `stream/contents` page asks for.
const PAGE: usize = 500;
/// Ids an `items/ids` page asks for.
const ID_PAGE: usize = 10_000;
/// Ids per `items/contents`, and per push batch.
const BATCH: usize = 250;
/// Ids per `edit-tag` call, and how many such calls run at once.
const EDIT_CHUNK: usize = 50;
const EDITS_IN_FLIGHT: usize = 4;

pub struct Greader {
    api: Api,
    /// The endpoint without a trailing slash (…/api/greader.php).
    base: String,
    user: String,
    password: Secret,
    auth: Option<String>,
    token: Option<String>,
}

impl Greader {
    pub fn new(fetcher: Fetcher, url: &Url, user: &str, password: &Secret) -> Greader {
        Greader {
            api: Api::new(fetcher, "Google Reader API", url),
            base: url.as_str().trim_end_matches('/').to_string(),
            user: user.to_string(),
            password: password.clone(),
            auth: None,
            token: None,
        }
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> Result<Url, SyncError> {
        let mut u = Url::parse(&format!("{}{path}", self.base))
            .map_err(|e| self.api.protocol(format!("bad API address ({e})")))?;
        if !query.is_empty() {
            u.query_pairs_mut().extend_pairs(query);
        }
        Ok(u)
    }

    fn auth_header(&self) -> Option<String> {
        self.auth.as_ref().map(|a| format!("GoogleLogin auth={a}"))
    }

    async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<ApiResponse, SyncError> {
        let url = self.url(path, query)?;
        let r = self
            .api
            .call(
                ApiMethod::Get,
                &url,
                self.auth_header().as_deref(),
                ApiBody::None,
            )
            .await?;
        self.check_auth(&r)?;
        Ok(r)
    }

    async fn post(
        &self,
        path: &str,
        form: Vec<(String, String)>,
    ) -> Result<ApiResponse, SyncError> {
        let url = self.url(path, &[])?;
        let r = self
            .api
            .call(
                ApiMethod::Post,
                &url,
                self.auth_header().as_deref(),
                ApiBody::Form(form),
            )
            .await?;
        self.check_auth(&r)?;
        Ok(r)
    }

    fn check_auth(&self, r: &ApiResponse) -> Result<(), SyncError> {
        if r.status == 401 || r.status == 403 {
            return Err(SyncError::WrongPassword {
                server: self.api.server.clone(),
            });
        }
        Ok(())
    }

    async fn fetch_token(&mut self) -> Result<(), SyncError> {
        let r = self.get("/reader/api/0/token", &[]).await?;
        self.api.ok(&r)?;
        let t = String::from_utf8_lossy(&r.bytes).trim().to_string();
        if t.is_empty() || t.len() > 1024 || t.chars().any(|c| c.is_control()) {
            return Err(self.api.protocol("an empty or odd write token"));
        }
        self.token = Some(t);
        Ok(())
    }

    fn items_of(&self, v: &Value) -> Result<Vec<RemoteItem>, SyncError> {
        let items = v
            .get("items")
            .and_then(Value::as_array)
            .ok_or_else(|| self.api.protocol("no \"items\" list"))?;
        Ok(items.iter().filter_map(item).collect())
    }

    /// Every id of a stream, page by page.
    async fn ids(&self, stream: &str, exclude: Option<&str>) -> Result<Vec<String>, SyncError> {
        let mut out = Vec::new();
        let mut cont: Option<String> = None;
        let n = ID_PAGE.to_string();
        loop {
            let mut q: Vec<(&str, &str)> = vec![("s", stream), ("n", &n), ("output", "json")];
            if let Some(x) = exclude {
                q.push(("xt", x));
            }
            if let Some(c) = &cont {
                q.push(("c", c));
            }
            let r = self.get("/reader/api/0/stream/items/ids", &q).await?;
            let v: Value = self.api.json(&r)?;
            let refs = v
                .get("itemRefs")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            out.extend(
                refs.iter()
                    .filter_map(|r| r.get("id").and_then(id_text))
                    .map(|id| short_id(&id)),
            );
            match text(v.get("continuation")) {
                Some(c) if !refs.is_empty() && cont.as_deref() != Some(c.as_str()) => {
                    cont = Some(c)
                }
                _ => return Ok(out),
            }
        }
    }
}

/// The decimal form of an item id (the long form is 16 hex digits).
fn short_id(id: &str) -> String {
    match id.strip_prefix("tag:google.com,2005:reader/item/") {
        Some(hex) => {
            u64::from_str_radix(hex, 16).map_or_else(|_| id.to_string(), |n| n.to_string())
        }
        None => id.to_string(),
    }
}

fn first_href(v: Option<&Value>) -> Option<String> {
    v?.as_array()?.iter().find_map(|l| text(l.get("href")))
}

fn item(v: &Value) -> Option<RemoteItem> {
    let cats: Vec<&str> = v
        .get("categories")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let body = v
        .get("content")
        .or_else(|| v.get("summary"))
        .and_then(|c| text(c.get("content")));
    Some(RemoteItem {
        id: short_id(&id_text(v.get("id")?)?),
        feed_id: text(v.get("origin").and_then(|o| o.get("streamId")))?,
        title: text(v.get("title")).unwrap_or_default(),
        url: first_href(v.get("canonical")).or_else(|| first_href(v.get("alternate"))),
        author: text(v.get("author")),
        html: body,
        published: unix_time(v.get("published")),
        read: cats.iter().any(|c| c.ends_with("/state/com.google/read")),
        starred: cats
            .iter()
            .any(|c| c.ends_with("/state/com.google/starred")),
    })
}

impl SyncBackend for Greader {
    fn server(&self) -> &str {
        &self.api.server
    }

    async fn login(&mut self) -> Result<(), SyncError> {
        let form = vec![
            ("Email".to_string(), self.user.clone()),
            ("Passwd".to_string(), self.password.expose().to_string()),
        ];
        let url = self.url("/accounts/ClientLogin", &[])?;
        let r = self
            .api
            .call(ApiMethod::Post, &url, None, ApiBody::Form(form))
            .await?;
        match r.status {
            401 | 403 => {
                return Err(SyncError::WrongPassword {
                    server: self.api.server.clone(),
                });
            }
            404 | 501 | 503 => {
                return Err(SyncError::ApiDisabled {
                    server: self.api.server.clone(),
                    detail: format!(
                        "ClientLogin answered HTTP {}{}",
                        r.status,
                        excerpt(&r.bytes)
                    ),
                });
            }
            _ => self.api.ok(&r)?,
        }
        let body = String::from_utf8_lossy(&r.bytes);
        let auth = body
            .lines()
            .find_map(|l| l.trim().strip_prefix("Auth="))
            .map(str::to_string)
            .filter(|a| !a.is_empty() && a.len() <= 1024 && !a.chars().any(char::is_control))
            .ok_or_else(|| self.api.protocol("ClientLogin gave no Auth token"))?;
        self.auth = Some(auth);
        self.fetch_token().await
    }

    async fn subscriptions(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let r = self
            .get("/reader/api/0/subscription/list", &[("output", "json")])
            .await?;
        let v: Value = self.api.json(&r)?;
        let subs = v
            .get("subscriptions")
            .and_then(Value::as_array)
            .ok_or_else(|| self.api.protocol("no \"subscriptions\" list"))?;
        Ok(subs
            .iter()
            .filter_map(|s| {
                let id = text(s.get("id"))?;
                let url =
                    text(s.get("url")).or_else(|| id.strip_prefix("feed/").map(str::to_string))?;
                let categories = s
                    .get("categories")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|c| text(c.get("label")))
                    .collect();
                Some(RemoteFeed {
                    title: text(s.get("title")).unwrap_or_else(|| url.clone()),
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
        let n = PAGE.to_string();
        let mut q: Vec<(&str, &str)> = vec![("output", "json"), ("n", &n), ("r", "o")];
        if let Some(s) = since {
            q.push(("ot", s));
        }
        if let Some(c) = cursor {
            q.push(("c", c));
        }
        let r = self
            .get(&format!("/reader/api/0/stream/contents/{READING_LIST}"), &q)
            .await?;
        let v: Value = self.api.json(&r)?;
        let items = self.items_of(&v)?;
        // The sync point: the newest crawl time seen, in seconds (`ot`
        // takes seconds and includes that second, so nothing is skipped;
        // items seen twice are known already).
        let raw = v.get("items").and_then(Value::as_array);
        let newest = raw
            .into_iter()
            .flatten()
            .filter_map(|i| text(i.get("crawlTimeMsec")).and_then(|t| t.parse::<i64>().ok()))
            .max()
            .map(|ms| ms / 1000);
        let next = match text(v.get("continuation")) {
            Some(c) if !items.is_empty() && cursor != Some(c.as_str()) => Some(c),
            _ => None,
        };
        let point = match (newest, since.and_then(|s| s.parse::<i64>().ok())) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        Ok(ItemPage {
            items,
            next,
            point: point.map(|p| p.to_string()),
        })
    }

    async fn items_by_id(&mut self, ids: &[String]) -> Result<Vec<RemoteItem>, SyncError> {
        let form = ids.iter().map(|id| ("i".to_string(), id.clone())).collect();
        let r = self
            .post("/reader/api/0/stream/items/contents?output=json", form)
            .await?;
        let v: Value = self.api.json(&r)?;
        self.items_of(&v)
    }

    fn fetch_batch(&self) -> usize {
        BATCH
    }

    async fn unread_ids(&mut self) -> Result<Vec<String>, SyncError> {
        self.ids(READING_LIST, Some(READ)).await
    }

    async fn starred_ids(&mut self) -> Result<Vec<String>, SyncError> {
        self.ids(STARRED, None).await
    }

    async fn mark(&mut self, mark: Mark, ids: &[String]) -> Result<(), SyncError> {
        use futures::StreamExt;
        let (op, tag) = match mark {
            Mark::Read => ("a", READ),
            Mark::Unread => ("r", READ),
            Mark::Star => ("a", STARRED),
            Mark::Unstar => ("r", STARRED),
        };
        let token = self.token.clone().unwrap_or_default();
        let this = &*self;
        // FreshRSS spends ~17 ms of server time per id of an edit-tag
        // (measured): smaller calls side by side use its workers.
        let mut calls = futures::stream::iter(ids.chunks(EDIT_CHUNK).map(|chunk| {
            let mut form = vec![
                ("T".to_string(), token.clone()),
                (op.to_string(), tag.to_string()),
            ];
            form.extend(chunk.iter().map(|id| ("i".to_string(), id.clone())));
            async move {
                let r = this.post("/reader/api/0/edit-tag", form).await?;
                this.api.ok(&r)?;
                if String::from_utf8_lossy(&r.bytes).trim() != "OK" {
                    return Err(this
                        .api
                        .protocol(format!("edit-tag answered{}", excerpt(&r.bytes))));
                }
                Ok(())
            }
        }))
        .buffer_unordered(EDITS_IN_FLIGHT);
        while let Some(result) = calls.next().await {
            result?;
        }
        Ok(())
    }

    fn mark_batch(&self) -> usize {
        BATCH
    }

    async fn subscribe(&mut self, url: &str) -> Result<bool, SyncError> {
        let form = vec![
            ("T".to_string(), self.token.clone().unwrap_or_default()),
            ("ac".to_string(), "subscribe".to_string()),
            ("s".to_string(), format!("feed/{url}")),
        ];
        let r = self.post("/reader/api/0/subscription/edit", form).await?;
        self.api.ok(&r)?;
        if String::from_utf8_lossy(&r.bytes).trim() != "OK" {
            return Err(self
                .api
                .protocol(format!("subscription/edit answered{}", excerpt(&r.bytes))));
        }
        Ok(true)
    }
}
