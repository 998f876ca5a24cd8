//! The headless commands behind the CLI: load config, refresh, list.
//! `main.rs` only parses arguments and dispatches here.

mod add;
pub mod args;
pub use crate::config_edit;
mod docs;
mod download;
mod due;
pub mod help;
mod list;
mod opml;
pub mod out;
mod refresh;
mod search;
mod stories;
mod sync;
mod verbs;

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result};

pub use args::{Cli, Command, GlobalArgs};
pub use out::{Out, is_output_closed, warn};

use crate::config::{self, ConfigSource, Settings};
use crate::i18n::{FluentValue, Lang, ids};
use crate::paths::Paths;

/// A text argument of a message: `text_arg("path", path.display())`.
pub(crate) fn text_arg(name: &str, value: impl std::fmt::Display) -> (&str, FluentValue<'static>) {
    (name, FluentValue::from(value.to_string()))
}

/// A count argument of a message: it picks the plural form.
pub(crate) fn count_arg(
    name: &str,
    n: impl Into<FluentValue<'static>>,
) -> (&str, FluentValue<'static>) {
    (name, n.into())
}

/// `items` joined with commas, or "(none)" in the reader's language.
pub(crate) fn list_or_none(lang: Lang, items: &[&str]) -> String {
    if items.is_empty() {
        lang.s(ids::CLI_NONE)
    } else {
        items.join(", ")
    }
}

/// Everything a command needs: where files are and the validated settings.
pub struct Env {
    pub paths: Paths,
    pub settings: Settings,
    pub config_source: ConfigSource,
    /// The language to speak (`ui.language`, else the locale).
    pub lang: Lang,
}

/// Resolve paths and load the settings (plus the `--urls` feeds, if any).
pub fn load_env(global: &GlobalArgs) -> Result<Env> {
    let paths = Paths::resolve(global.config.clone(), global.data_dir.clone())?;
    let (mut settings, config_source) =
        config::load_or_default(&paths.config_file, paths.config_explicit)?;
    let lang = Lang::from_env(settings.ui.language);
    if let Some(urls) = &global.urls {
        add_urls_file(lang, &mut settings, urls)?;
    }
    Ok(Env {
        paths,
        settings,
        config_source,
        lang,
    })
}

fn add_urls_file(lang: Lang, settings: &mut Settings, path: &Path) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| {
        lang.t(
            ids::CLI_URLS_UNREADABLE,
            &[text_arg("path", path.display())],
        )
    })?;
    let feeds = config::urls::parse(&text, &path.display().to_string())?;
    // Sets, not a search of the list per feed: a urls file of thousands of
    // feeds was quadratic (8,000 feeds took 2 s before any command ran).
    // Names compare as `Settings::feed` does: trimmed, case-insensitive.
    let mut urls: HashSet<url::Url> = settings.feeds.iter().map(|f| f.url.clone()).collect();
    let name_key = |name: &str| name.trim().to_lowercase();
    let mut names: HashSet<String> = settings.feeds.iter().map(|f| name_key(&f.name)).collect();
    for mut feed in feeds {
        feed.ignore = settings.ignore_rules_for(&feed.name);
        if !urls.insert(feed.url.clone()) {
            continue;
        }
        if !names.insert(name_key(&feed.name)) {
            anyhow::bail!(lang.t(
                ids::CLI_URLS_NAME_TAKEN,
                &[
                    text_arg("path", path.display()),
                    text_arg("name", &feed.name)
                ]
            ));
        }
        settings.feeds.push(feed);
    }
    Ok(())
}

/// Run a headless command; returns the process exit code.
/// The commands that need no config or cache (so a broken config does not
/// stop them): they print keruen's own documents.
pub fn run_without_env(command: &Command) -> Option<Result<i32>> {
    let mut out = Out::stdout();
    let code = match command {
        Command::Completions(args) => docs::completions(args.shell, &mut out),
        Command::Man => docs::man(&mut out),
        _ => return None,
    };
    Some(code.and_then(|code| out.flush().map(|()| code)))
}

/// Whether the command may reach the network (no command is the reader,
/// which refreshes): its TLS setup can start at once (`fetch::tls`).
pub fn fetches(command: Option<&Command>) -> bool {
    matches!(
        command,
        None | Some(
            Command::Refresh(_) | Command::Add(_) | Command::Download(_) | Command::Sync(_)
        )
    )
}

/// Everything printed goes through one [`Out`]: sanitised, and a closed
/// reader stops the command with [`out::OutputClosed`].
pub fn run_command(command: Command, env: Env) -> Result<i32> {
    let mut out = Out::stdout();
    let out = &mut out;
    let code = match command {
        Command::Refresh(args) => refresh::run(&env, &args, out),
        Command::List(args) => list::run(&env, &args, out),
        Command::CheckConfig => check_config(&env, out),
        Command::Top(args) => stories::top(&env, &args, out),
        Command::Related(args) => stories::related(&env, &args, out),
        Command::Add(args) => add::run(&env, &args, out),
        Command::Import(args) => opml::import(&env, &args, out),
        Command::Export => opml::export(&env, out),
        Command::Search(args) => search::run(&env, &args, out),
        Command::Show(args) => verbs::show(&env, &args, out),
        Command::Mark(args) => verbs::mark(&env, &args, out),
        Command::Open(args) => verbs::open(&env, &args, out),
        Command::Download(args) => download::run(&env, &args, out),
        Command::Sync(args) => sync::run(&env, &args),
        // `main` runs these before loading the config (`run_without_env`);
        // here too they need nothing of `env`.
        Command::Completions(args) => docs::completions(args.shell, out),
        Command::Man => docs::man(out),
    }?;
    out.flush()?;
    Ok(code)
}

fn check_config(env: &Env, out: &mut Out) -> Result<i32> {
    let key_errors = key_errors(env);
    if !key_errors.is_empty() {
        anyhow::bail!("{}", key_errors.join("\n"));
    }
    let lang = env.lang;
    match &env.config_source {
        ConfigSource::File(path) => {
            out.line(lang.t(ids::CLI_CONFIG_OK, &[text_arg("path", path.display())]))?
        }
        ConfigSource::EmbeddedDefault { would_be } => out.line(lang.t(
            ids::CLI_CONFIG_DEFAULTS,
            &[text_arg("path", would_be.display())],
        ))?,
    }
    out.line(lang.t(
        ids::CLI_CONFIG_FEEDS,
        &[count_arg("count", env.settings.feeds.len())],
    ))?;
    // When each feed is next due; a cache that cannot be read (damaged,
    // a newer keruen's) only leaves the times out: the config is what
    // this command checks.
    let now = chrono::Utc::now();
    let store = open_cache(env).ok().flatten();
    let due = due::of_config(env, store.as_ref(), now).unwrap_or_default();
    for (i, feed) in env.settings.feeds.iter().enumerate() {
        let tags = if feed.tags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", feed.tags.join(", "))
        };
        out.line(format!(
            "  {} ({}) {}{}",
            feed.name,
            feed.kind.as_str(),
            feed.url,
            tags
        ))?;
        if let Some(d) = due.get(i) {
            out.line(format!("    {}", due_text(lang, d, now)))?;
        }
    }
    out.line(env.lang.t(
        ids::CLI_CONFIG_CACHE,
        &[text_arg("path", env.paths.cache_db().display())],
    ))?;
    Ok(0)
}

/// "next refresh: 2026-12-04 16:30 (learned)", or "due now (new)"; the
/// rule's name is the one `list --json` gives.
fn due_text(lang: Lang, due: &crate::schedule::Due, now: chrono::DateTime<chrono::Utc>) -> String {
    let reason = due.reason.as_str();
    if due.is_due(now) {
        lang.t(ids::CLI_CONFIG_DUE_NOW, &[text_arg("reason", reason)])
    } else {
        lang.t(
            ids::CLI_CONFIG_NEXT_DUE,
            &[
                text_arg("when", crate::app::format::short_date(due.at)),
                text_arg("reason", reason),
            ],
        )
    }
}

/// (line, column) to sort by, and the place as text.
type Place = ((usize, usize), String);

/// `[keys]` entries the app layer refuses (it owns the key map), each
/// with the file, line and column of its value: every bad entry, then
/// keys bound twice.
fn key_errors(env: &Env) -> Vec<String> {
    use crate::app::{Keymap, keymap::KeymapError};
    use std::collections::BTreeMap;
    let keys = &env.settings.keys;
    // (line, column) to sort by, and the text of the place.
    let at = |key: &str| match env.settings.keys_at.get(key) {
        Some(at) => ((at.line, at.column), at.to_string()),
        None => ((0, 0), env.paths.config_file.display().to_string()),
    };
    let mut errors: Vec<(Place, String)> = keys
        .iter()
        .filter_map(|(k, v)| {
            let one = BTreeMap::from([(k.clone(), v.clone())]);
            Keymap::with_overrides(&one)
                .err()
                .map(|e| (at(k), e.to_string()))
        })
        .collect();
    if errors.is_empty()
        && let Err(e) = Keymap::with_overrides(keys)
    {
        let key = match &e {
            KeymapError::SameKey { second, .. } => second.as_str(),
            _ => "",
        };
        errors.push((at(key), e.to_string()));
    }
    errors.sort();
    errors
        .into_iter()
        .take(config::error::MAX_REPORTED)
        .map(|((_, at), e)| format!("{at}: {e}"))
        .collect()
}

/// The interactive reader: first screen from the cache, refresh in the background.
/// The cache, or `None` when no refresh has created it yet (opening would
/// create an empty one, which is not what a read-only command should do).
fn open_cache(env: &Env) -> Result<Option<crate::store::Store>> {
    let db = env.paths.cache_db();
    if !db.exists() {
        return Ok(None);
    }
    Ok(Some(crate::store::Store::open(&db)?))
}

/// What a read-only command says when there is no cache yet.
fn say_cache_is_empty(env: &Env) {
    warn(cache_is_empty(env));
}

/// "the cache at … is empty; run `keruen refresh` first".
fn cache_is_empty(env: &Env) -> String {
    env.lang.t(
        ids::CLI_CACHE_EMPTY,
        &[text_arg("path", env.paths.cache_db().display())],
    )
}

pub fn run_tui(env: Env) -> Result<i32> {
    if let ConfigSource::EmbeddedDefault { would_be } = &env.config_source
        && env.settings.feeds.is_empty()
    {
        warn(env.lang.t(
            ids::CLI_TUI_NO_CONFIG,
            &[text_arg("path", would_be.display())],
        ));
    }
    let log = env.paths.log_file();
    init_file_log(&log);
    crate::runtime::run(crate::runtime::RuntimeConfig {
        db_path: env.paths.cache_db(),
        config_path: env.paths.config_file.clone(),
        settings: env.settings,
    })?;
    Ok(0)
}

/// Log to a file in the data dir: the screen belongs to the TUI.
fn init_file_log(path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("KERUEN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
}
