//! Stable article keys for every source: the document's id, else the
//! link, else a hash of feed URL + title + date (+ summary when both are
//! missing) — never random, so the same item read twice updates the same row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use url::Url;

use crate::domain::NewArticle;

/// A key longer than this is hashed: keys are stored and indexed.
const MAX_KEY_BYTES: usize = 512;

pub fn article_key(
    id: Option<&str>,
    link: Option<&str>,
    base: &Url,
    title: &str,
    date: Option<DateTime<Utc>>,
    summary: Option<&str>,
) -> String {
    if let Some(id) = id.filter(|s| !s.is_empty()) {
        if id.len() <= MAX_KEY_BYTES {
            return id.to_string();
        }
        return format!("sha256:{}", hex::encode(Sha256::digest(id.as_bytes())));
    }
    if let Some(link) = link.filter(|l| l.len() <= MAX_KEY_BYTES) {
        return link.to_string();
    }
    let mut h = Sha256::new();
    h.update(base.as_str().as_bytes());
    h.update([0]);
    h.update(title.as_bytes());
    h.update([0]);
    if let Some(d) = date {
        h.update(d.to_rfc3339().as_bytes());
    }
    if title.is_empty() && date.is_none() {
        h.update([0]);
        h.update(summary.unwrap_or_default().as_bytes());
    }
    format!("sha256:{}", hex::encode(h.finalize()))
}

/// Number repeated keys (`key#2`, `key#3`) so two items never overwrite
/// each other in the store; deterministic for the same document.
pub fn dedupe(items: &mut [NewArticle]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for a in items {
        let n = seen.entry(a.key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            a.key = format!("{}#{}", a.key, n);
        }
    }
}
