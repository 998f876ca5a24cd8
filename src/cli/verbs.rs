//! The verbs a script uses on one article: `keruen show ID`,
//! `keruen mark ID… --read|--unread|--star|--unstar` and `keruen open ID`.

use anyhow::{Result, bail};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::args::{MarkArgs, OpenArgs, ShowArgs};
use super::{Env, Out, cache_is_empty, count_arg, open_cache, text_arg, warn};
use crate::app::format::full_date;
use crate::app::reader::{ReaderWords, article_lines};
use crate::domain::{Article, ArticleId, ArticleSummary};
use crate::i18n::{Lang, ids};
use crate::store::Store;

/// The cache, or the error a command on an article gives without one.
fn cache(env: &Env) -> Result<Store> {
    match open_cache(env)? {
        Some(store) => Ok(store),
        None => bail!(cache_is_empty(env)),
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
    let label = Labels::new(env.lang);
    out.line(&s.title)?;
    out.line(label.line(ids::CLI_SHOW_FEED, &s.feed_name))?;
    if let Some(author) = s.author.as_deref().filter(|a| !a.is_empty()) {
        out.line(label.line(ids::CLI_SHOW_AUTHOR, author))?;
    }
    out.line(label.line(ids::CLI_SHOW_DATE, &full_date(env.lang, s.date())))?;
    if let Some(link) = &s.link {
        out.line(label.line(ids::CLI_SHOW_LINK, link))?;
    }
    out.line(label.line(ids::CLI_SHOW_ID, &s.id.0.to_string()))?;
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

/// The labels of `show` in the reader's language, their values lined up
/// after the widest ("Feed:   …", "Author: …"; "Сілтеме: …").
struct Labels {
    lang: Lang,
    width: usize,
}

const LABELS: [crate::i18n::Id; 5] = [
    ids::CLI_SHOW_FEED,
    ids::CLI_SHOW_AUTHOR,
    ids::CLI_SHOW_DATE,
    ids::CLI_SHOW_LINK,
    ids::CLI_SHOW_ID,
];

impl Labels {
    fn new(lang: Lang) -> Labels {
        let width = LABELS
            .iter()
            .map(|&id| lang.s(id).width())
            .max()
            .unwrap_or(0);
        Labels { lang, width }
    }

    fn line(&self, id: crate::i18n::Id, value: &str) -> String {
        let label = format!("{}:", self.lang.s(id));
        // Columns, not chars: the padding holds for any script.
        let pad = (self.width + 2).saturating_sub(label.width());
        format!("{label}{}{value}", " ".repeat(pad))
    }
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
    let articles: Vec<ArticleId> = args.articles.iter().copied().map(ArticleId).collect();
    // Every id first, so a typo changes nothing rather than half the list.
    for &id in &articles {
        store.article(id)?;
    }
    let done = if args.read {
        store.set_read(&articles, true)?;
        ids::CLI_MARKED_READ
    } else if args.unread {
        store.set_read(&articles, false)?;
        ids::CLI_MARKED_UNREAD
    } else {
        for &id in &articles {
            store.set_starred(id, args.star)?;
        }
        if args.star {
            ids::CLI_MARKED_STARRED
        } else {
            ids::CLI_MARKED_UNSTARRED
        }
    };
    out.line(env.lang.t(done, &[count_arg("count", articles.len())]))?;
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
        bail!(
            env.lang
                .t(ids::CLI_NO_LINK, &[text_arg("id", args.article)])
        );
    };
    match crate::opener::open_url(url, env.settings.ui.browser.as_deref()) {
        Ok(()) => Ok(0),
        Err(crate::opener::LaunchError::NothingToOpenWith(why)) => {
            let why = why.text(env.lang);
            warn(env.lang.t(ids::CLI_NOT_OPENED, &[text_arg("reason", why)]));
            out.line(url)?;
            Ok(1)
        }
        Err(e) => Err(anyhow::anyhow!(env.lang.t(
            ids::CLI_OPEN_FAILED,
            &[text_arg("error", e.text(env.lang)), text_arg("url", url)]
        ))),
    }
}
