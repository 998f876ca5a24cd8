//! Appending `[[feeds]]` entries to the user's config file without losing a
//! comment or changing the formatting of what is there (toml_edit). The new
//! text is validated before it is written, and written atomically, so a
//! failed edit never leaves a broken or half-written config behind.
//!
//! The planning that `keruen add`, `keruen import` and the TUI's `a` / `I`
//! share lives here too, so the three write the same entries.

use std::path::Path;

use anyhow::{Context, Result, bail};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};
use url::Url;

use crate::config::{self, FeedSettings, Settings};
use crate::discover::Discovery;
use crate::{opml, sanitize};

/// A feed to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeed {
    pub name: String,
    pub url: String,
    /// `None` = the default kind ("feed"), not written.
    pub kind: Option<String>,
    pub tags: Vec<String>,
}

/// `wanted`, or `wanted (2)`, `wanted (3)`… — the first not in `taken`
/// (compared case-insensitively, as the config does).
pub fn unique_name(wanted: &str, taken: &[String]) -> String {
    let wanted = if wanted.trim().is_empty() {
        "feed"
    } else {
        wanted.trim()
    };
    let free = |n: &str| !taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    if free(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|i| format!("{wanted} ({i})"))
        .find(|n| free(n))
        .unwrap_or_else(|| wanted.to_string())
}

/// The config text with `feeds` appended. `text` is the current file
/// (or the default config when there is none).
pub fn append(text: &str, feeds: &[NewFeed]) -> Result<String> {
    let mut doc: DocumentMut = text
        .parse()
        .context("the config file is not valid TOML; fix it first (keruen check-config)")?;
    // Comments after the last table belong to the document's tail; moved to
    // the first new entry they stay above it, where they were written.
    let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
    doc.set_trailing("");
    let entry = doc
        .as_table_mut()
        .entry("feeds")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(list) = entry.as_array_of_tables_mut() else {
        bail!("`feeds` in the config is not written as [[feeds]] tables; add the feeds by hand");
    };
    for (i, f) in feeds.iter().enumerate() {
        let mut t = Table::new();
        t.insert("name", value(f.name.as_str()));
        t.insert("url", value(f.url.as_str()));
        if let Some(kind) = &f.kind {
            t.insert("kind", value(kind.as_str()));
        }
        if !f.tags.is_empty() {
            t.insert(
                "tags",
                value(f.tags.iter().map(String::as_str).collect::<Array>()),
            );
        }
        let prefix = if i == 0 {
            let sep = if text.trim().is_empty() || trailing.ends_with("\n\n") {
                ""
            } else {
                "\n"
            };
            format!("{trailing}{sep}")
        } else {
            "\n".to_string()
        };
        t.decor_mut().set_prefix(prefix);
        list.push(t);
    }
    Ok(doc.to_string())
}

/// Append `feeds` to the config at `path` (created from the default
/// config when missing). The result must load, or nothing is written;
/// the settings it loads to are returned.
pub fn append_to_file(path: &Path, feeds: &[NewFeed]) -> Result<Settings> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => config::DEFAULT_CONFIG.to_string(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let new_text = append(&text, feeds)?;
    let settings = config::parse(&new_text, Some(path))
        .context("the config would not be valid with the new feeds; nothing was written")?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let tmp = path.with_extension("toml.keruen-tmp");
    std::fs::write(&tmp, new_text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(settings)
}

/// What a person types for a site: a URL, or a bare host ("example.kz",
/// which means https).
pub fn parse_site_url(text: &str) -> Result<Url> {
    let text = text.trim();
    match Url::parse(text) {
        Ok(u) => Ok(u),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Url::parse(&format!("https://{text}")).with_context(|| format!("{text:?} is not a URL"))
        }
        Err(e) => Err(e).with_context(|| format!("{text:?} is not a URL")),
    }
}

/// What adding a discovered feed means for the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddPlan {
    /// The config already has a feed at that URL, under this name.
    Present { name: String },
    /// Append this entry.
    New(NewFeed),
}

/// The entry for a discovered feed: named `name`, else by the feed's
/// title, else by its host, made unique among `existing`.
pub fn plan_add(
    found: &Discovery,
    name: Option<&str>,
    tags: &[String],
    existing: &[FeedSettings],
) -> AddPlan {
    if let Some(f) = existing.iter().find(|f| f.url == found.url) {
        return AddPlan::Present {
            name: f.name.clone(),
        };
    }
    let taken: Vec<String> = existing.iter().map(|f| f.name.clone()).collect();
    let wanted = name
        .map(str::to_string)
        .or_else(|| found.title.clone())
        .or_else(|| found.url.host_str().map(str::to_string))
        .unwrap_or_default();
    let wanted = sanitize::line_capped(&wanted, 60);
    AddPlan::New(NewFeed {
        name: unique_name(&wanted, &taken),
        url: found.url.to_string(),
        kind: None,
        tags: tags
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
    })
}

/// The entries an OPML document adds: its feeds whose URL the config does
/// not have yet (nor an earlier outline), with unique names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub new: Vec<NewFeed>,
    /// Feeds already in the config.
    pub present: usize,
}

pub fn plan_import(doc: &opml::Opml, existing: &[FeedSettings]) -> ImportPlan {
    let mut taken: Vec<String> = existing.iter().map(|f| f.name.clone()).collect();
    let mut known: Vec<Url> = existing.iter().map(|f| f.url.clone()).collect();
    let mut plan = ImportPlan::default();
    for f in &doc.feeds {
        let Ok(url) = Url::parse(&f.url) else {
            continue;
        };
        if known.contains(&url) {
            plan.present += 1;
            continue;
        }
        let name = unique_name(&f.title, &taken);
        taken.push(name.clone());
        known.push(url);
        plan.new.push(NewFeed {
            name,
            url: f.url.clone(),
            kind: None,
            tags: f.tags.clone(),
        });
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(name: &str) -> NewFeed {
        NewFeed {
            name: name.into(),
            url: format!("https://{name}.example/rss"),
            kind: None,
            tags: vec!["kz".into(), "жаңалық".into()],
        }
    }

    #[test]
    fn existing_text_and_comments_are_kept() {
        let text = "# my config\n[fetch]\nconcurrency = 4   # slow line\n\n[[feeds]]\nname = \"a\"\nurl = \"https://a.kz/rss\"\n# a note at the end\n";
        let out = append(text, &[feed("b"), feed("c")]).unwrap();
        assert!(out.starts_with(text), "{out}");
        let s = config::parse(&out, None).unwrap();
        let names: Vec<&str> = s.feeds.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(s.feeds[1].tags, ["kz", "жаңалық"]);
        let out = append(config::DEFAULT_CONFIG, &[feed("b")]).unwrap();
        assert!(out.starts_with(config::DEFAULT_CONFIG), "{out}");
        assert!(out.ends_with("[[feeds]]\nname = \"b\"\nurl = \"https://b.example/rss\"\ntags = [\"kz\", \"жаңалық\"]\n"), "{out}");
        assert_eq!(config::parse(&out, None).unwrap().feeds.len(), 1);
    }

    #[test]
    fn inline_feeds_are_refused() {
        let e = append("feeds = []\n", &[feed("b")]).unwrap_err();
        assert!(e.to_string().contains("[[feeds]]"), "{e}");
    }

    #[test]
    fn names_are_made_unique() {
        let taken = vec!["Tengri".to_string(), "tengri (2)".to_string()];
        assert_eq!(unique_name("TENGRI", &taken), "TENGRI (3)");
        assert_eq!(unique_name("Inform", &taken), "Inform");
        assert_eq!(unique_name("  ", &taken), "feed");
    }
}
