//! `keruen import FILE.opml` and `keruen export`.

use anyhow::{Context, Result};

use super::args::ImportArgs;
use super::{Env, Out, warn};
use crate::config_edit::{self, ImportPlan};
use crate::opml;

pub fn import(env: &Env, args: &ImportArgs, out: &mut Out) -> Result<i32> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let doc = opml::parse(&text).with_context(|| args.file.display().to_string())?;
    let ImportPlan { new, present } = config_edit::plan_import(&doc, &env.settings.feeds);
    for s in &doc.skipped {
        warn(format!("skipped: {s}"));
    }
    let path = &env.paths.config_file;
    if new.is_empty() {
        out.line(format!(
            "nothing to import ({} already in the config)",
            crate::plural::count(present, "feed", "feeds")
        ))?;
        return Ok(0);
    }
    if args.dry_run {
        out.line(format!(
            "would add to {}:\n{}",
            path.display(),
            config_edit::append("", &new)?
        ))?;
        return Ok(0);
    }
    config_edit::append_to_file(path, &new)?;
    out.line(format!(
        "imported {} into {} ({present} already there, {} skipped)",
        crate::plural::count(new.len(), "feed", "feeds"),
        path.display(),
        doc.skipped.len()
    ))?;
    Ok(0)
}

pub fn export(env: &Env, out: &mut Out) -> Result<i32> {
    let written = opml::write("keruen feeds", &env.settings.feeds);
    out.text(&written.text)?;
    for s in &written.skipped {
        warn(format!("not exported (other readers cannot use it): {s}"));
    }
    Ok(0)
}
