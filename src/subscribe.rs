//! Adding feeds from inside the TUI (`a` a URL, `I` an OPML file): the
//! same discovery and the same config edit as `keruen add` and `keruen
//! import` (`discover`, `config_edit`), as jobs the runtime runs off the
//! UI thread. Every text that ends on screen is sanitised here.

use std::path::Path;

use anyhow::{Context, Result};

use crate::config::{self, FeedSettings};
use crate::config_edit::{self, AddPlan};
use crate::discover;
use crate::fetch::Fetcher;
use crate::{opml, sanitize};

/// What a job did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// These feeds were written to the config (as its validation loaded
    /// them); `message` says so for the status bar.
    Added {
        feeds: Vec<FeedSettings>,
        message: String,
    },
    /// Nothing to write (the feed is there already…); the message says why.
    Unchanged(String),
}

/// `a`: find the feed for `text` (a site or feed URL) and append it to the
/// config at `config_path` unless a feed has its URL already. `known` are
/// the feeds the app runs with; the file's current feeds count too (it
/// may have been edited since start).
pub async fn add_feed(
    fetcher: &Fetcher,
    known: &[FeedSettings],
    config_path: &Path,
    text: &str,
) -> Result<Outcome> {
    let url = config_edit::parse_site_url(text)?;
    let found = discover::discover(fetcher, &url).await?;
    let existing = existing_feeds(known, config_path);
    let feed = match config_edit::plan_add(&found, None, &[], &existing) {
        AddPlan::Present { name } => {
            return Ok(Outcome::Unchanged(sanitize::line(&format!(
                "{} is already in the config as \"{name}\"",
                found.url
            ))));
        }
        AddPlan::New(feed) => feed,
    };
    let path = config_path.to_path_buf();
    let entry = feed.clone();
    let settings = tokio::task::spawn_blocking(move || {
        config_edit::append_to_file(&path, std::slice::from_ref(&entry))
    })
    .await
    .context("the config writer stopped")??;
    let feeds = settings
        .feeds
        .into_iter()
        .filter(|f| f.name == feed.name)
        .collect();
    Ok(Outcome::Added {
        feeds,
        message: sanitize::line(&format!(
            "Added \"{}\" ({} items) to {}",
            feed.name,
            found.items,
            config_path.display()
        )),
    })
}

/// `I`: append the feeds of the OPML file at `file` (`~/` is the home
/// directory) that the config does not have yet.
pub fn import_opml(known: &[FeedSettings], config_path: &Path, file: &str) -> Result<Outcome> {
    let file = expand_home(file.trim());
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let doc = opml::parse(&text).with_context(|| file.display().to_string())?;
    let existing = existing_feeds(known, config_path);
    let plan = config_edit::plan_import(&doc, &existing);
    if plan.new.is_empty() {
        return Ok(Outcome::Unchanged(format!(
            "Nothing to import ({} feed(s) already in the config, {} skipped)",
            plan.present,
            doc.skipped.len()
        )));
    }
    let settings = config_edit::append_to_file(config_path, &plan.new)?;
    let names: Vec<&str> = plan.new.iter().map(|f| f.name.as_str()).collect();
    let feeds = settings
        .feeds
        .into_iter()
        .filter(|f| names.contains(&f.name.as_str()))
        .collect();
    Ok(Outcome::Added {
        feeds,
        message: sanitize::line(&format!(
            "Imported {} feed(s) into {} ({} already there, {} skipped)",
            plan.new.len(),
            config_path.display(),
            plan.present,
            doc.skipped.len()
        )),
    })
}

/// An error for the screen: every cause, sanitised.
pub fn describe(e: &anyhow::Error) -> String {
    sanitize::text(&format!("{e:#}"))
}

/// The app's feeds and those of the config file as it is now.
fn existing_feeds(known: &[FeedSettings], config_path: &Path) -> Vec<FeedSettings> {
    let mut all = known.to_vec();
    if let Ok(now) = config::load(config_path) {
        for f in now.feeds {
            if !all.iter().any(|g| g.url == f.url || g.name == f.name) {
                all.push(f);
            }
        }
    }
    all
}

fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => path.into(),
    }
}
