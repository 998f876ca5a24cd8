//! `keruen top` and `keruen related`.

use anyhow::{Result, bail};
use chrono::Utc;

use super::args::{RelatedArgs, TopArgs};
use super::{Env, Out, cache_is_empty, count_arg, open_cache, text_arg, warn};
use crate::domain::ArticleId;
use crate::i18n::{ids, why};
use crate::stories::{self, RelatedStories};

pub fn top(env: &Env, args: &TopArgs, out: &mut Out) -> Result<i32> {
    let Some(store) = open_cache(env)? else {
        warn(cache_is_empty(env));
        return Ok(0);
    };
    let now = Utc::now();
    // Story links of what a refresh brought (all of a month after an
    // upgrade), as `search` indexes first; bounded, and whatever still
    // waits is clustered fresh, so the answer is the same either way.
    store.link_some(&env.settings.rank, now, stories::TOP_CATCH_UP)?;
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
        out.line(env.lang.s(ids::CLI_TOP_NONE))?;
    }
    for (i, e) in entries.iter().enumerate() {
        out.line(format!("{:>3}. {}", i + 1, e.article.title))?;
        out.line(format!(
            "     {} · {}  [id {}]",
            why::line(env.lang, &e.why, now),
            e.sources.join(", "),
            e.article.id.0
        ))?;
    }
    Ok(0)
}

pub fn related(env: &Env, args: &RelatedArgs, out: &mut Out) -> Result<i32> {
    let Some(store) = open_cache(env)? else {
        bail!(cache_is_empty(env));
    };
    let id = ArticleId(args.article);
    let article = store.article(id)?;
    let now = Utc::now();
    let index = RelatedStories::build(&store, &env.settings, now)?;
    let days = index.days(now);
    if !index.knows(id) {
        bail!(env.lang.t(
            ids::CLI_RELATED_TOO_OLD,
            &[text_arg("id", id.0), count_arg("days", days)]
        ));
    }
    let n = args.limit.unwrap_or(env.settings.rank.related_count);
    let related = index.related(&store, id, n)?;
    if args.json {
        out.json(&related)?;
        return Ok(0);
    }
    let lang = env.lang;
    out.line(lang.t(
        ids::CLI_RELATED_TO,
        &[text_arg("title", &article.summary.title)],
    ))?;
    if related.is_empty() {
        // Only similar enough stories are shown, never filler.
        let none = lang.t(ids::CLI_RELATED_NONE, &[count_arg("days", days)]);
        out.line(format!("  {none}"))?;
    }
    for a in &related {
        out.line(format!("  {}  {}  [id {}]", a.feed_name, a.title, a.id.0))?;
    }
    // The article's own story from other feeds, which the list above
    // leaves out as duplicates (the reader lists them the same way).
    let reports = index.story_reports(&store, id)?;
    if !reports.is_empty() {
        out.line(format!("{}:", lang.s(ids::SAME_STORY)))?;
        for a in &reports {
            out.line(format!("  {}  {}  [id {}]", a.feed_name, a.title, a.id.0))?;
        }
    }
    Ok(0)
}
