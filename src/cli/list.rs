//! `keruen list`: cached articles, newest first, as text or JSON.

use anyhow::{Result, bail};

use super::args::ListArgs;
use super::{Env, Out, open_cache, say_cache_is_empty, text_arg};
use crate::domain::{ArticleSummary, Enclosure};
use crate::i18n::ids;
use crate::store::ArticleQuery;

/// `list --json`: an article's list fields, its enclosures, and when its
/// feed is next due for a refresh (`null` for a feed no longer configured).
#[derive(serde::Serialize)]
struct ListJson<'a> {
    #[serde(flatten)]
    summary: &'a ArticleSummary,
    enclosures: Vec<Enclosure>,
    feed_next_due: Option<crate::schedule::Due>,
}

pub fn run(env: &Env, args: &ListArgs, out: &mut Out) -> Result<i32> {
    let Some(store) = open_cache(env)? else {
        if args.json {
            out.line("[]")?;
        } else if args.count {
            out.line("0")?;
        } else {
            say_cache_is_empty(env);
        }
        return Ok(0);
    };
    let feed = match &args.feed {
        None => None,
        Some(name) => match store
            .feeds()?
            .into_iter()
            .find(|f| f.name.to_lowercase() == name.trim().to_lowercase())
        {
            Some(f) => Some(f.id),
            None => bail!(
                env.lang
                    .t(ids::CLI_NO_FEED_IN_CACHE, &[text_arg("name", name)])
            ),
        },
    };
    let query = ArticleQuery {
        feed,
        unread_only: args.unread,
        starred_only: args.starred,
        limit: if args.count { None } else { Some(args.limit) },
        ..ArticleQuery::default()
    };
    if args.count
        && let Some(n) = store.count_articles(&query)?
    {
        out.line(n.to_string())?;
        return Ok(0);
    }
    let articles = store.articles(&query)?;
    if args.count {
        out.line(articles.len().to_string())?;
    } else if args.json {
        // Each with its enclosures (raw numbers, language-neutral keys).
        let due = super::due::by_feed(env, &store, chrono::Utc::now())?;
        let rows = articles
            .iter()
            .map(|a| {
                Ok(ListJson {
                    summary: a,
                    enclosures: store.enclosures(a.id)?,
                    feed_next_due: due.get(&a.feed_id).copied(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        out.json(&rows)?;
    } else {
        for a in &articles {
            let mark = match (a.starred, a.read) {
                (true, _) => '*',
                (false, false) => 'N',
                (false, true) => ' ',
            };
            out.line(format!(
                "{mark} {}  {}  {}",
                crate::app::format::short_date(a.date()),
                a.feed_name,
                a.title
            ))?;
        }
    }
    Ok(0)
}
