//! Feed autodiscovery for `keruen add URL`: the URL itself when it is a
//! feed; else the feeds its page advertises with `<link rel="alternate">`;
//! else the paths sites commonly use (/feed, /rss, /rss.xml, /atom.xml,
//! /feed.json …). A candidate counts only when it really parses as a feed.

use url::Url;

use crate::fetch::{FetchOutcome, FetchedBody, Fetcher, Validators};
use crate::sources::{self, html};

/// Paths tried when a page names no feed, relative to the site root.
pub const COMMON_PATHS: &[&str] = &[
    "/feed",
    "/rss",
    "/rss.xml",
    "/atom.xml",
    "/feed.xml",
    "/feed.json",
    "/index.xml",
];

/// Items parsed when checking a candidate (only counted, not kept).
const CHECK_ITEMS: usize = 10_000;

/// How the feed was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The URL given is a feed.
    Direct,
    /// The page links to it with `<link rel="alternate" type=…>`.
    LinkTag { page: Url },
    /// A common path on the site.
    CommonPath { page: Url },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discovery {
    pub url: Url,
    /// The feed's own title, sanitised.
    pub title: Option<String>,
    pub items: usize,
    pub found: Found,
    /// Other feeds the page advertised, for the user to choose from.
    pub others: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DiscoverError {
    #[error("cannot read {url}: {message}")]
    Fetch { url: String, message: String },
    #[error("no feed found at {url}: {reason}; tried {}", tried.join(", "))]
    NotFound {
        url: String,
        reason: String,
        tried: Vec<String>,
    },
}

/// Find the feed for `url`.
pub async fn discover(fetcher: &Fetcher, url: &Url) -> Result<Discovery, DiscoverError> {
    let body = match fetcher.fetch(url, &Validators::default()).await {
        FetchOutcome::Fetched(body) => body,
        FetchOutcome::Failed(f) => {
            return Err(DiscoverError::Fetch {
                url: url.to_string(),
                message: f.message,
            });
        }
        FetchOutcome::NotModified => {
            return Err(DiscoverError::Fetch {
                url: url.to_string(),
                message: "the server answered 304 Not Modified to a plain request".into(),
            });
        }
    };
    let reason = match check(&body) {
        Ok((title, items)) => {
            return Ok(Discovery {
                url: body.final_url,
                title,
                items,
                found: Found::Direct,
                others: Vec::new(),
            });
        }
        Err(e) => e.to_string(),
    };
    let page = body.final_url.clone();
    let links = html::feed_links(&body.bytes, body.content_type.as_deref(), &page);
    let mut tried = Vec::new();
    for (i, link) in links.iter().enumerate() {
        let Ok(candidate) = Url::parse(&link.url) else {
            continue;
        };
        tried.push(candidate.to_string());
        if let Some((url, title, items)) = try_candidate(fetcher, &candidate).await {
            let others = links
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, l)| l.url.clone())
                .collect();
            return Ok(Discovery {
                url,
                title: title.or_else(|| link.title.clone()),
                items,
                found: Found::LinkTag { page },
                others,
            });
        }
    }
    for path in COMMON_PATHS {
        let Ok(candidate) = page.join(path) else {
            continue;
        };
        if tried.contains(&candidate.to_string()) {
            continue;
        }
        tried.push(candidate.to_string());
        if let Some((url, title, items)) = try_candidate(fetcher, &candidate).await {
            return Ok(Discovery {
                url,
                title,
                items,
                found: Found::CommonPath { page },
                others: Vec::new(),
            });
        }
    }
    Err(DiscoverError::NotFound {
        url: url.to_string(),
        reason,
        tried,
    })
}

async fn try_candidate(fetcher: &Fetcher, url: &Url) -> Option<(Url, Option<String>, usize)> {
    match fetcher.fetch(url, &Validators::default()).await {
        FetchOutcome::Fetched(body) => {
            let (title, items) = check(&body).ok()?;
            Some((body.final_url, title, items))
        }
        _ => None,
    }
}

/// Title and item count when the body is a feed.
fn check(body: &FetchedBody) -> Result<(Option<String>, usize), sources::ParseError> {
    let feed = sources::feed::parse(
        &body.bytes,
        body.content_type.as_deref(),
        &body.final_url,
        CHECK_ITEMS,
    )?;
    Ok((feed.title, feed.items.len()))
}
