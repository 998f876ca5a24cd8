//! `keruen search QUERY…`: full-text search of the cache, best match first.

use std::io::IsTerminal;

use anyhow::{Result, bail};

use super::args::{QueryArgsError, SearchArgs};
use super::{Env, Out, list_or_none, open_cache, say_cache_is_empty, text_arg, warn};
use crate::i18n::{Lang, ids};
use crate::search_query::{MATCH_END, MATCH_START, SearchQuery};
use crate::store::{SearchHit, Store};

pub fn run(env: &Env, args: &SearchArgs, out: &mut Out) -> Result<i32> {
    let mut args = SearchArgs {
        query: args.query.clone(),
        ..*args
    };
    if let Err(e) = args.take_options_from_query() {
        bail!(query_args_error(env.lang, &e));
    }
    let args = &args;
    let mut query = SearchQuery::parse(&join_args(&args.query))?;
    query.limit = args.limit;
    let Some(store) = open_cache(env)? else {
        if args.json {
            out.line("[]")?;
        } else {
            say_cache_is_empty(env);
        }
        return Ok(0);
    };
    check_filters(env.lang, &store, &query)?;
    let hits = store.search(&query)?;
    if args.json {
        out.json(&hits)?;
        return Ok(0);
    }
    if hits.is_empty() {
        warn(env.lang.s(ids::CLI_SEARCH_NO_MATCHES));
        return Ok(1);
    }
    let bold = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for (i, hit) in hits.iter().enumerate() {
        print_hit(out, i + 1, hit, bold)?;
    }
    Ok(0)
}

/// Shell words back into one query, read by the query language's own
/// tokenizer: `keruen search 'Алматы since:7d'` and `keruen search Алматы
/// since:7d` are the same query. A phrase is quoted inside the query
/// (`keruen search '"екі сөз"'`), as in the TUI.
fn join_args(args: &[String]) -> String {
    args.join(" ")
}

/// A `feed:` or `tag:` naming nothing is almost always a typo: say so,
/// with the names there are, instead of printing "no matches".
fn check_filters(lang: Lang, store: &Store, q: &SearchQuery) -> Result<()> {
    if q.feed.is_none() && q.tag.is_none() {
        return Ok(());
    }
    let feeds = store.feeds()?;
    if let Some(name) = &q.feed {
        let lower = name.to_lowercase();
        if !feeds.iter().any(|f| f.name.to_lowercase() == lower) {
            let names: Vec<&str> = feeds.iter().map(|f| f.name.as_str()).collect();
            bail!(lang.t(
                ids::CLI_SEARCH_NO_FEED,
                &[
                    text_arg("name", name),
                    text_arg("feeds", list_or_none(lang, &names))
                ]
            ));
        }
    }
    if let Some(tag) = &q.tag {
        let lower = tag.to_lowercase();
        let mut tags: Vec<&str> = feeds
            .iter()
            .flat_map(|f| f.tags.iter().map(String::as_str))
            .collect();
        if !tags.iter().any(|t| t.to_lowercase() == lower) {
            tags.sort_unstable();
            tags.dedup();
            bail!(lang.t(
                ids::CLI_SEARCH_NO_TAG,
                &[
                    text_arg("tag", tag),
                    text_arg("tags", list_or_none(lang, &tags))
                ]
            ));
        }
    }
    Ok(())
}

fn query_args_error(lang: Lang, e: &QueryArgsError) -> String {
    match e {
        QueryArgsError::NeedsNumber { flag } => {
            lang.t(ids::CLI_SEARCH_NEEDS_NUMBER, &[text_arg("flag", flag)])
        }
        QueryArgsError::NotANumber { flag, value } => lang.t(
            ids::CLI_SEARCH_NOT_A_NUMBER,
            &[
                text_arg("flag", flag),
                text_arg("value", format!("{value:?}")),
            ],
        ),
        QueryArgsError::Empty => lang.s(ids::CLI_SEARCH_EMPTY),
    }
}

fn print_hit(out: &mut Out, n: usize, hit: &SearchHit, bold: bool) -> Result<()> {
    let a = &hit.article;
    out.line(format!("{n:>3}. {}", a.title))?;
    out.line(format!(
        "     {} · {}  [id {}]",
        a.feed_name,
        crate::app::format::short_date(a.date()),
        a.id.0
    ))?;
    if !hit.snippet.is_empty() {
        out.styled_line(&format!("     {}", render_snippet(&hit.snippet, bold)))?;
    }
    Ok(())
}

/// Show the match markers: bold on a terminal, `[…]` otherwise. The text
/// between the markers is sanitised piece by piece, so the only control
/// sequences in the result are the bold ones added here.
pub fn render_snippet(snippet: &str, bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut rendered = String::with_capacity(snippet.len() + 16);
    let mut rest = snippet;
    while let Some(at) = rest.find([MATCH_START, MATCH_END]) {
        rendered.push_str(&one_line(&rest[..at]));
        rendered.push_str(if rest[at..].starts_with(MATCH_START) {
            open
        } else {
            close
        });
        rest = &rest[at + 1..];
    }
    rendered.push_str(&one_line(rest));
    rendered
}

/// Terminal-safe, on one line, spaces kept as they are (a piece of a
/// snippet starts or ends at a match).
fn one_line(s: &str) -> String {
    crate::sanitize::text(s).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> SearchQuery {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        SearchQuery::parse(&join_args(&args)).unwrap()
    }

    #[test]
    fn one_argument_or_many_is_the_same_query() {
        let one = parse(&["Алматы since:7d"]);
        assert_eq!(one, parse(&["Алматы", "since:7d"]));
        assert_eq!(one.since, Some(std::time::Duration::from_secs(7 * 86_400)));
        assert_eq!(parse(&["алматы feed:X"]).feed.as_deref(), Some("X"));
        // Quotes inside the query still make a phrase, and a quoted filter
        // value keeps its spaces, however the shell split the words.
        assert_eq!(
            parse(&["\"екі сөз\" feed:\"Tengri News\""]),
            parse(&["\"екі", "сөз\"", "feed:\"Tengri", "News\""])
        );
        assert_eq!(
            parse(&["\"екі сөз\""]).terms,
            [crate::search_query::Term::Phrase("екі сөз".into())]
        );
    }

    #[test]
    fn markers_become_brackets_or_bold() {
        let s = format!("a {MATCH_START}b{MATCH_END} c");
        assert_eq!(render_snippet(&s, false), "a [b] c");
        assert_eq!(render_snippet(&s, true), "a \x1b[1mb\x1b[0m c");
        // Only the bold sequences are keruen's; any in the text are dropped.
        let hostile = format!("x\u{1b}[2J {MATCH_START}b\u{1b}]52;c;aA==\u{7}{MATCH_END}");
        assert_eq!(render_snippet(&hostile, true), "x \x1b[1mb\x1b[0m");
    }
}
