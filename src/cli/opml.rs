//! `keruen import FILE.opml` and `keruen export`.

use anyhow::{Context, Result};

use super::args::ImportArgs;
use super::{Env, Out, count_arg, text_arg, warn};
use crate::config_edit::{self, ImportPlan};
use crate::i18n::ids;
use crate::opml;

pub fn import(env: &Env, args: &ImportArgs, out: &mut Out) -> Result<i32> {
    let lang = env.lang;
    let text = std::fs::read_to_string(&args.file).with_context(|| {
        lang.t(
            ids::CLI_READ_FAILED,
            &[text_arg("path", args.file.display())],
        )
    })?;
    let doc = opml::parse(&text).with_context(|| args.file.display().to_string())?;
    let ImportPlan { new, present } = config_edit::plan_import(&doc, &env.settings.feeds);
    for s in &doc.skipped {
        warn(lang.t(ids::CLI_IMPORT_SKIPPED, &[text_arg("what", s)]));
    }
    let path = &env.paths.config_file;
    if new.is_empty() {
        out.line(lang.t(ids::CLI_IMPORT_NOTHING, &[count_arg("present", present)]))?;
        return Ok(0);
    }
    if args.dry_run {
        out.line(format!(
            "{}\n{}",
            lang.t(ids::CLI_WOULD_ADD, &[text_arg("path", path.display())]),
            config_edit::append("", &new)?
        ))?;
        return Ok(0);
    }
    config_edit::append_to_file(path, &new)?;
    out.line(lang.t(
        ids::CLI_IMPORTED,
        &[
            count_arg("count", new.len()),
            text_arg("path", path.display()),
            count_arg("present", present),
            count_arg("skipped", doc.skipped.len()),
        ],
    ))?;
    Ok(0)
}

pub fn export(env: &Env, out: &mut Out) -> Result<i32> {
    let written = opml::write("keruen feeds", &env.settings.feeds);
    out.text(&written.text)?;
    for s in &written.skipped {
        warn(env.lang.t(ids::CLI_NOT_EXPORTED, &[text_arg("what", s)]));
    }
    Ok(0)
}
