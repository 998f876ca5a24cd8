//! The verbs a script uses on one article: `keruen show ID`,
//! `keruen mark ID… --read|--unread|--star|--unstar` and `keruen open ID`.

use anyhow::{Result, bail};
use serde::Serialize;

use super::args::{MarkArgs, OpenArgs, ShowArgs};
use super::{Env, Out, open_cache, warn};
use crate::app::format::{count_of, full_date};
use crate::app::reader::{ReaderWords, article_lines};
use crate::domain::{Article, ArticleId, ArticleSummary};
use crate::store::Store;

/// The cache, or the error a command on an article gives without one.
fn cache(env: &Env) -> Result<Store> {
    match open_cache(env)? {
        Some(store) => Ok(store),
        None => bail!(
            "the cache at {} is empty; run `keruen refresh` first",
            env.paths.cache_db().display()
        ),
    }
}

/// `show --json`: the article's fields, its HTML as stored and its text as
/// the reader shows it.
#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    summary: &'a ArticleSummary,
    updated: Option<chrono::DateTime<chrono::Utc>>,
    summary_html: Option<&'a str>,
    content_html: Option<&'a str>,
    text: String,
    enclosures: &'a [crate::domain::Enclosure],
}

pub fn show(env: &Env, args: &ShowArgs, out: &mut Out) -> Result<i32> {
    let store = cache(env)?;
    let article = store.article(ArticleId(args.article))?;
    let words = ReaderWords {
        lang: env.lang,
        ..ReaderWords::default()
    };
    let lines = article_lines(&article, args.width, &words);
    if args.json {
        // The reader's lines after the header (title, meta, link, blank).
        let body = body_text(&article, args.width);
        return out
            .json(&ShowJson {
                summary: &article.summary,
                updated: article.updated,
                summary_html: article.description.as_deref(),
                content_html: article.content.as_deref(),
                text: body,
                enclosures: &article.enclosures,
            })
            .map(|()| 0);
    }
    let s = &article.summary;
    out.line(&s.title)?;
    out.line(format!("Feed:   {}", s.feed_name))?;
    if let Some(author) = s.author.as_deref().filter(|a| !a.is_empty()) {
        out.line(format!("Author: {author}"))?;
    }
    out.line(format!("Date:   {}", full_date(env.lang, s.date())))?;
    if let Some(link) = &s.link {
        out.line(format!("Link:   {link}"))?;
    }
    out.line(format!("Id:     {}", s.id.0))?;
    for (i, e) in article.enclosures.iter().enumerate() {
        out.line(crate::media::words::enclosure_line(env.lang, i + 1, e))?;
        out.line(format!("    {}", e.url))?;
    }
    out.line("")?;
    for line in lines.iter().skip(header_len(&lines)) {
        out.line(&line.text)?;
    }
    Ok(0)
}

/// How many of the reader's lines are its header (title, meta, link and
/// the blank line after them).
fn header_len(lines: &[crate::app::reader::ReaderLine]) -> usize {
    use crate::app::reader::LineKind;
    lines
        .iter()
        .position(|l| l.kind == LineKind::Blank)
        .map_or(0, |i| i + 1)
}

fn body_text(article: &Article, width: usize) -> String {
    // JSON stays language-neutral: the default (English) words.
    let lines = article_lines(article, width, &ReaderWords::default());
    lines[header_len(&lines)..]
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn mark(env: &Env, args: &MarkArgs, out: &mut Out) -> Result<i32> {
    let mut store = cache(env)?;
    let ids: Vec<ArticleId> = args.articles.iter().copied().map(ArticleId).collect();
    // Every id first, so a typo changes nothing rather than half the list.
    for &id in &ids {
        store.article(id)?;
    }
    let what = if args.read {
        store.set_read(&ids, true)?;
        "read"
    } else if args.unread {
        store.set_read(&ids, false)?;
        "unread"
    } else {
        for &id in &ids {
            store.set_starred(id, args.star)?;
        }
        if args.star { "starred" } else { "unstarred" }
    };
    out.line(format!(
        "{} marked {what}",
        count_of(ids.len(), "article", "articles")
    ))?;
    Ok(0)
}

/// Opens the article's link with the browser the TUI would use (same
/// rules, `opener::plan_open`). The browser runs in this terminal and is
/// waited for, so a text browser (w3m, lynx) works too. With no browser to
/// run, the link is printed and the status is 1.
pub fn open(env: &Env, args: &OpenArgs, out: &mut Out) -> Result<i32> {
    let store = cache(env)?;
    let article = store.article(ArticleId(args.article))?;
    let Some(url) = article.summary.link.as_deref() else {
        bail!("article {} has no link to open", args.article);
    };
    match crate::opener::open_url(url, env.settings.ui.browser.as_deref()) {
        Ok(()) => Ok(0),
        Err(crate::opener::LaunchError::NothingToOpenWith(why)) => {
            warn(format!("keruen: not opened ({why}); the link:"));
            out.line(url)?;
            Ok(1)
        }
        Err(e) => Err(anyhow::anyhow!("{e} (opening {url})")),
    }
}
