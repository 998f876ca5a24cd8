//! `keruen import FILE.opml` and `keruen export`.

use anyhow::{Context, Result};
use url::Url;

use super::args::ImportArgs;
use super::config_edit::{self, NewFeed};
use super::{Env, Out, warn};
use crate::opml;

pub fn import(env: &Env, args: &ImportArgs, out: &mut Out) -> Result<i32> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let doc = opml::parse(&text).with_context(|| args.file.display().to_string())?;
    let mut taken: Vec<String> = env.settings.feeds.iter().map(|f| f.name.clone()).collect();
    let mut known: Vec<Url> = env.settings.feeds.iter().map(|f| f.url.clone()).collect();
    let mut new = Vec::new();
    let mut present = 0usize;
    for f in doc.feeds {
        let Ok(url) = Url::parse(&f.url) else {
            continue;
        };
        if known.contains(&url) {
            present += 1;
            continue;
        }
        let name = config_edit::unique_name(&f.title, &taken);
        taken.push(name.clone());
        known.push(url);
        new.push(NewFeed {
            name,
            url: f.url,
            kind: None,
            tags: f.tags,
        });
    }
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
