//! `keruen add URL`: find the feed (see `discover`), say what was found,
//! and append a `[[feeds]]` entry to the config.

use anyhow::{Context, Result};
use url::Url;

use super::args::AddArgs;
use super::config_edit::{self, NewFeed};
use super::{Env, Out};
use crate::discover::{self, Found};
use crate::fetch::Fetcher;
use crate::sanitize;

pub fn run(env: &Env, args: &AddArgs, out: &mut Out) -> Result<i32> {
    let text = args.url.trim();
    // "example.kz" is what people type; it means https.
    let url = match Url::parse(text) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => Url::parse(&format!("https://{text}"))
            .with_context(|| format!("{text:?} is not a URL"))?,
        Err(e) => return Err(e).with_context(|| format!("{text:?} is not a URL")),
    };
    let fetcher = Fetcher::new(&env.settings.fetch)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let found = runtime.block_on(discover::discover(&fetcher, &url))?;
    let how = match &found.found {
        Found::Direct => "the URL is a feed".to_string(),
        Found::LinkTag { page } => format!("advertised by {page} with <link rel=\"alternate\">"),
        Found::CommonPath { page } => format!("at a common feed path of {page}"),
    };
    out.line(format!(
        "found: {} ({} items) at {}\n  {how}",
        found.title.as_deref().unwrap_or("(untitled feed)"),
        found.items,
        found.url
    ))?;
    for other in &found.others {
        out.line(format!("  the page also lists: {other}"))?;
    }
    if let Some(existing) = env.settings.feeds.iter().find(|f| f.url == found.url) {
        out.line(format!(
            "already in the config as \"{}\"; nothing added",
            existing.name
        ))?;
        return Ok(0);
    }
    let taken: Vec<String> = env.settings.feeds.iter().map(|f| f.name.clone()).collect();
    let wanted = args
        .name
        .clone()
        .or_else(|| found.title.clone())
        .or_else(|| found.url.host_str().map(str::to_string))
        .unwrap_or_default();
    let wanted = sanitize::line_capped(&wanted, 60);
    let feed = NewFeed {
        name: config_edit::unique_name(&wanted, &taken),
        url: found.url.to_string(),
        kind: None,
        tags: args
            .tags
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
    };
    let path = &env.paths.config_file;
    if args.dry_run {
        out.line(format!(
            "would add to {}:\n{}",
            path.display(),
            config_edit::append("", &[feed])?
        ))?;
        return Ok(0);
    }
    config_edit::append_to_file(path, std::slice::from_ref(&feed))?;
    out.line(format!("added \"{}\" to {}", feed.name, path.display()))?;
    Ok(0)
}
