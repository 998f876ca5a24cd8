//! `full_text = true` feeds: each new item's article page is fetched and
//! its main text kept when it is longer than what the feed carried.

use std::collections::HashMap;

use crate::domain::ParsedFeed;
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use crate::sources;

/// At most this many article pages are fetched per feed per refresh, so a
/// `full_text` feed costs a bounded time even with hundreds of items.
pub const FULL_TEXT_MAX_PAGES: usize = 20;
/// Article pages of one feed fetched at the same time.
const FULL_TEXT_CONCURRENCY: usize = 4;

/// `full_text = true`: fetch the page of each of the first new items with
/// a link and keep its extracted main text as the content when it is longer
/// than what the feed carried. The pages go through the same `Fetcher`
/// (timeouts, size cap, per-host limit); a page that fails or has no clear
/// article leaves the item as the feed gave it. The result is stored with
/// the item, so it is there offline.
pub(super) async fn fill_full_text(
    fetcher: &Fetcher,
    parsed: &mut ParsedFeed,
    stored: &HashMap<String, String>,
) {
    use futures::StreamExt;

    // Items already stored with their full text keep it and are not
    // fetched again; only the new ones cost a request.
    let mut known = vec![false; parsed.items.len()];
    for (i, item) in parsed.items.iter_mut().enumerate() {
        // A stored content no longer than the feed's own is not a full text
        // (its page failed before): that item is tried again.
        if let Some(text) = stored.get(&item.key) {
            known[i] = keep_longer(item, text.clone());
        }
    }
    let jobs: Vec<(usize, url::Url)> = parsed
        .items
        .iter()
        .enumerate()
        .filter(|&(i, _)| !known[i])
        .filter_map(|(i, item)| {
            let link = item.link.as_deref()?;
            let url = url::Url::parse(link).ok()?;
            matches!(url.scheme(), "http" | "https").then_some((i, url))
        })
        .take(FULL_TEXT_MAX_PAGES)
        .collect();
    let pages: Vec<(usize, Option<String>)> = futures::stream::iter(jobs)
        .map(|(i, url)| async move { (i, full_text_of(fetcher, url).await) })
        .buffer_unordered(FULL_TEXT_CONCURRENCY)
        .collect()
        .await;
    for (i, text) in pages {
        if let (Some(text), Some(item)) = (text, parsed.items.get_mut(i)) {
            keep_longer(item, text);
        }
    }
}

/// Use `text` as the item's content when it is longer than what it has;
/// whether it was.
fn keep_longer(item: &mut crate::domain::NewArticle, text: String) -> bool {
    let existing = item.content.as_deref().or(item.summary.as_deref());
    let longer = text.chars().count() > existing.map_or(0, |c| c.chars().count());
    if longer {
        item.content = Some(text);
    }
    longer
}

/// One article page's main text, or `None` (logged) when it cannot be had.
async fn full_text_of(fetcher: &Fetcher, url: url::Url) -> Option<String> {
    let body = match fetcher.fetch(&url, &Validators::default()).await {
        FetchOutcome::Fetched(body) => body,
        FetchOutcome::NotModified => return None,
        FetchOutcome::Failed(f) => {
            tracing::debug!(%url, "full text: page not fetched: {}", f.message);
            return None;
        }
    };
    // Parsing a page is CPU work: off the async threads.
    let page_url = body.final_url.clone();
    let text = tokio::task::spawn_blocking(move || {
        sources::fulltext::extract(&body.bytes, body.content_type.as_deref(), &page_url)
    })
    .await
    .ok()
    .flatten();
    if text.is_none() {
        tracing::debug!(%url, "full text: no article body found on the page");
    }
    text
}
