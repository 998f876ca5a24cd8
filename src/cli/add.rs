//! `keruen add URL`: find the feed (see `discover`), say what was found,
//! and append a `[[feeds]]` entry to the config.

use anyhow::Result;

use super::args::AddArgs;
use super::{Env, Out};
use crate::config_edit::{self, AddPlan};
use crate::discover::{self, Found};
use crate::fetch::Fetcher;

pub fn run(env: &Env, args: &AddArgs, out: &mut Out) -> Result<i32> {
    let url = config_edit::parse_site_url(&args.url)?;
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
    let feed = match config_edit::plan_add(
        &found,
        args.name.as_deref(),
        &args.tags,
        &env.settings.feeds,
    ) {
        AddPlan::Present { name } => {
            out.line(format!(
                "already in the config as \"{name}\"; nothing added"
            ))?;
            return Ok(0);
        }
        AddPlan::New(feed) => feed,
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
