//! `keruen add URL`: find the feed (see `discover`), say what was found,
//! and append a `[[feeds]]` entry to the config.

use anyhow::Result;

use super::args::AddArgs;
use super::{Env, Out, count_arg, text_arg};
use crate::config_edit::{self, AddPlan};
use crate::discover::{self, Found};
use crate::fetch::Fetcher;
use crate::i18n::ids;

pub fn run(env: &Env, args: &AddArgs, out: &mut Out) -> Result<i32> {
    let url = config_edit::parse_site_url(&args.url)?;
    let fetcher = Fetcher::new(&env.settings.fetch)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let found = runtime.block_on(discover::discover(&fetcher, &url))?;
    let lang = env.lang;
    let how = match &found.found {
        Found::Direct => lang.s(ids::CLI_ADD_DIRECT),
        Found::LinkTag { page } => lang.t(ids::CLI_ADD_LINK_TAG, &[text_arg("page", page)]),
        Found::CommonPath { page } => lang.t(ids::CLI_ADD_COMMON_PATH, &[text_arg("page", page)]),
    };
    let title = match found.title.as_deref() {
        Some(title) => title.to_string(),
        None => lang.s(ids::CLI_ADD_UNTITLED),
    };
    let found_line = lang.t(
        ids::CLI_ADD_FOUND,
        &[
            text_arg("title", title),
            count_arg("items", found.items),
            text_arg("url", &found.url),
        ],
    );
    out.line(format!("{found_line}\n  {how}"))?;
    for other in &found.others {
        let also = lang.t(ids::CLI_ADD_ALSO, &[text_arg("url", other)]);
        out.line(format!("  {also}"))?;
    }
    let feed = match config_edit::plan_add(
        &found,
        args.name.as_deref(),
        &args.tags,
        &env.settings.feeds,
    ) {
        AddPlan::Present { name } => {
            out.line(lang.t(ids::CLI_ADD_PRESENT, &[text_arg("name", name)]))?;
            return Ok(0);
        }
        AddPlan::New(feed) => feed,
    };
    let path = &env.paths.config_file;
    if args.dry_run {
        out.line(format!(
            "{}\n{}",
            lang.t(ids::CLI_WOULD_ADD, &[text_arg("path", path.display())]),
            config_edit::append("", &[feed])?
        ))?;
        return Ok(0);
    }
    config_edit::append_to_file(path, std::slice::from_ref(&feed))?;
    out.line(lang.t(
        ids::CLI_ADDED,
        &[
            text_arg("name", &feed.name),
            text_arg("path", path.display()),
        ],
    ))?;
    Ok(0)
}
