//! `keruen search QUERY…`: full-text search of the cache, best match first.

use std::io::IsTerminal;

use anyhow::{Result, bail};

use super::args::SearchArgs;
use super::{Env, open_cache, say_cache_is_empty};
use crate::search_query::{MATCH_END, MATCH_START, SearchQuery};
use crate::store::{SearchHit, Store};

pub fn run(env: &Env, args: &SearchArgs) -> Result<i32> {
    let mut query = SearchQuery::parse(&join_args(&args.query))?;
    query.limit = args.limit;
    let Some(store) = open_cache(env)? else {
        if args.json {
            println!("[]");
        } else {
            say_cache_is_empty(env);
        }
        return Ok(0);
    };
    check_filters(&store, &query)?;
    let hits = store.search(&query)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&hits)?);
        return Ok(0);
    }
    if hits.is_empty() {
        eprintln!("no matches");
        return Ok(1);
    }
    let bold = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for (i, hit) in hits.iter().enumerate() {
        print_hit(i + 1, hit, bold);
    }
    Ok(0)
}

/// Shell words back into one query. A single argument holding spaces was
/// quoted in the shell (`keruen search "two words"`), so it is a phrase.
fn join_args(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if a.contains(char::is_whitespace) && !a.contains('"') {
                format!("\"{a}\"")
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `feed:` or `tag:` naming nothing is almost always a typo: say so,
/// with the names there are, instead of printing "no matches".
fn check_filters(store: &Store, q: &SearchQuery) -> Result<()> {
    if q.feed.is_none() && q.tag.is_none() {
        return Ok(());
    }
    let feeds = store.feeds()?;
    if let Some(name) = &q.feed {
        let lower = name.to_lowercase();
        if !feeds.iter().any(|f| f.name.to_lowercase() == lower) {
            let names: Vec<&str> = feeds.iter().map(|f| f.name.as_str()).collect();
            bail!(
                "feed:{name} names no feed; feeds in the cache: {}",
                list_or_none(&names)
            );
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
            bail!(
                "tag:{tag} is on no feed; tags in use: {}",
                list_or_none(&tags)
            );
        }
    }
    Ok(())
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "(none)".to_string()
    } else {
        items.join(", ")
    }
}

fn print_hit(n: usize, hit: &SearchHit, bold: bool) {
    let a = &hit.article;
    println!("{n:>3}. {}", a.title);
    println!(
        "     {} · {}  [id {}]",
        a.feed_name,
        a.date().format("%Y-%m-%d %H:%M"),
        a.id.0
    );
    if !hit.snippet.is_empty() {
        println!("     {}", render_snippet(&hit.snippet, bold));
    }
}

/// Show the match markers: bold on a terminal, `[…]` otherwise.
pub fn render_snippet(snippet: &str, bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    snippet.replace(MATCH_START, open).replace(MATCH_END, close)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoted_words_become_a_phrase() {
        let args = ["Алматы".to_string(), "екі сөз".to_string(), "unread".into()];
        assert_eq!(join_args(&args), "Алматы \"екі сөз\" unread");
    }

    #[test]
    fn markers_become_brackets_or_bold() {
        let s = format!("a {MATCH_START}b{MATCH_END} c");
        assert_eq!(render_snippet(&s, false), "a [b] c");
        assert_eq!(render_snippet(&s, true), "a \x1b[1mb\x1b[0m c");
    }
}
