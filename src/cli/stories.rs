//! `keruen top` and `keruen related`.

use anyhow::{Result, bail};
use chrono::Utc;

use super::args::{RelatedArgs, TopArgs};
use super::{Env, Out, open_cache, warn};
use crate::domain::ArticleId;
use crate::stories::{self, RelatedStories};

pub fn top(env: &Env, args: &TopArgs, out: &mut Out) -> Result<i32> {
    let Some(store) = open_cache(env)? else {
        warn("the cache is empty; run `keruen refresh` first");
        return Ok(0);
    };
    let now = Utc::now();
    let entries = stories::top(
        &store,
        &env.settings,
        now,
        args.since,
        args.tag.as_deref(),
        args.limit,
    )?;
    if args.json {
        out.json(&entries)?;
        return Ok(0);
    }
    if entries.is_empty() {
        out.line("no stories in that window")?;
    }
    for (i, e) in entries.iter().enumerate() {
        out.line(format!("{:>3}. {}", i + 1, e.article.title))?;
        out.line(format!(
            "     {} · {}  [id {}]",
            e.why,
            e.sources.join(", "),
            e.article.id.0
        ))?;
    }
    Ok(0)
}

pub fn related(env: &Env, args: &RelatedArgs, out: &mut Out) -> Result<i32> {
    let Some(store) = open_cache(env)? else {
        bail!("the cache is empty; run `keruen refresh` first");
    };
    let id = ArticleId(args.article);
    let article = store.article(id)?;
    let index = RelatedStories::build(&store, &env.settings, Utc::now())?;
    if !index.knows(id) {
        bail!(
            "article {} is older than the related-stories window ({} days)",
            id.0,
            stories::RELATED_WINDOW.as_secs() / 86_400
        );
    }
    let n = args.limit.unwrap_or(env.settings.rank.related_count);
    let related = index.related(&store, id, n)?;
    if args.json {
        out.json(&related)?;
        return Ok(0);
    }
    out.line(format!("Related to: {}", article.summary.title))?;
    if related.is_empty() {
        // Only similar enough stories are shown, never filler.
        out.line(format!(
            "  No related stories: nothing in the last {} days is similar enough.",
            stories::RELATED_WINDOW.as_secs() / 86_400
        ))?;
    }
    for a in &related {
        out.line(format!("  {}  {}  [id {}]", a.feed_name, a.title, a.id.0))?;
    }
    Ok(0)
}
