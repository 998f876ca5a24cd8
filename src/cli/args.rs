//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::paths::{CONFIG_ENV, DATA_DIR_ENV};

/// keruen: a fast terminal news reader for RSS, Atom and JSON Feed.
#[derive(Debug, Parser)]
#[command(name = "keruen", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Config file (default: the platform config dir's keruen/config.toml).
    #[arg(long, short = 'c', global = true, env = CONFIG_ENV, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where the cache lives (default: the platform data dir's keruen/).
    #[arg(long, global = true, env = DATA_DIR_ENV, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Also read feeds from a newsboat-style urls file (one URL a line, tags after it).
    #[arg(long, global = true, value_name = "FILE")]
    pub urls: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Refresh feeds without the TUI and print a per-feed summary.
    Refresh(RefreshArgs),
    /// List cached articles, newest first.
    List(ListArgs),
    /// Check the config file and say what is wrong, or what it holds.
    CheckConfig,
    /// Top stories across all feeds, ranked by popularity, with why.
    Top(TopArgs),
    /// Stories related to one article (ids as shown by `list --json`).
    Related(RelatedArgs),
    /// Find the feed of a site (or take a feed URL) and add it to the config.
    Add(AddArgs),
    /// Add the feeds of an OPML file to the config (folders become tags).
    Import(ImportArgs),
    /// Print the configured feeds as OPML 2.0 (tags become folders).
    Export,
    /// Full-text search of the cache, best match first.
    Search(SearchArgs),
    /// Print one article as plain text (or --json): title, feed, author, date, link, text.
    Show(ShowArgs),
    /// Mark articles read or unread, starred or not (ids as shown by `list --json`).
    Mark(MarkArgs),
    /// Open an article's link in the browser (ui.browser, else $BROWSER).
    Open(OpenArgs),
    /// Download an article's enclosure (podcast episode, video) to [media] download_dir; resumes a partial download.
    Download(DownloadArgs),
    /// Sync read/starred state with the server of [sync] (tt-rss, Fever, Google Reader API).
    Sync(SyncArgs),
    /// Print a shell completion script (e.g. `keruen completions bash > ~/.local/share/bash-completion/completions/keruen`).
    Completions(CompletionsArgs),
    /// Print the manual page (roff; e.g. `keruen man | man -l -`).
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id.
    pub article: i64,
    /// Print JSON (the fields, the stored HTML and the plain text).
    #[arg(long)]
    pub json: bool,
    /// Wrap the text to this many columns.
    #[arg(long, default_value_t = 80)]
    pub width: usize,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("state").required(true).multiple(false))]
pub struct MarkArgs {
    /// The articles' ids.
    #[arg(required = true, num_args = 1.., value_name = "ID")]
    pub articles: Vec<i64>,
    /// Mark them read.
    #[arg(long, group = "state")]
    pub read: bool,
    /// Mark them unread.
    #[arg(long, group = "state")]
    pub unread: bool,
    /// Star them.
    #[arg(long, group = "state")]
    pub star: bool,
    /// Unstar them.
    #[arg(long, group = "state")]
    pub unstar: bool,
}

#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// The article's id.
    pub article: i64,
    /// Which of its enclosures (1 = the first, as `show` numbers them).
    #[arg(long, default_value_t = 1)]
    pub index: usize,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The article's id.
    pub article: i64,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Mark this article read first (ids as shown by `list --json`; repeatable).
    #[arg(long, value_name = "ID")]
    pub read: Vec<i64>,
    /// Mark this article unread first (repeatable).
    #[arg(long, value_name = "ID")]
    pub unread: Vec<i64>,
    /// Star this article first (repeatable).
    #[arg(long, value_name = "ID")]
    pub star: Vec<i64>,
    /// Unstar this article first (repeatable).
    #[arg(long, value_name = "ID")]
    pub unstar: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// A feed URL, or a page whose feed should be found.
    pub url: String,
    /// The feed's name (default: the feed's title, made unique).
    #[arg(long)]
    pub name: Option<String>,
    /// A tag for the feed (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only show what would be added.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The OPML file.
    pub file: PathBuf,
    /// Only show what would be added.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words (each also matches longer forms: "Алматы" finds "Алматыда"),
    /// "quoted phrases", -word to leave out, and filters: feed:NAME tag:TAG unread
    /// starred since:7d. One argument or many mean the same; -word needs no `--`.
    #[arg(
        required = true,
        num_args = 1..,
        value_name = "QUERY",
        allow_hyphen_values = true
    )]
    pub query: Vec<String>,
    /// At most this many results.
    #[arg(long, short = 'n', default_value_t = crate::search_query::DEFAULT_LIMIT)]
    pub limit: usize,
    /// Print JSON (an array of hits; matches in `snippet` are wrapped in U+0001 … U+0002).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TopArgs {
    /// Only stories first reported within this time, e.g. "24h", "7d".
    #[arg(long, default_value = "7d", value_parser = parse_window)]
    pub since: std::time::Duration,
    /// Only stories from feeds with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// At most this many stories.
    #[arg(long, short = 'n', default_value_t = 30)]
    pub limit: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// The article's id.
    pub article: i64,
    /// At most this many stories.
    #[arg(long, short = 'n')]
    pub limit: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_window(s: &str) -> Result<std::time::Duration, String> {
    crate::config::units::parse_duration(s)
        .ok_or_else(|| format!("\"{s}\" is not a duration; use e.g. \"24h\", \"7d\" or \"90m\""))
}

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Refresh these feeds now, due or not (by name).
    #[arg(value_name = "FEED")]
    pub names: Vec<String>,
    /// Only refresh the feed with this name, due or not (repeatable).
    #[arg(long = "feed", value_name = "NAME")]
    pub feeds: Vec<String>,
    /// Refresh every feed, due or not (without it, only the feeds due now).
    #[arg(long)]
    pub all: bool,
    /// Print one JSON object a line (events), ending with the summary.
    #[arg(long)]
    pub json: bool,
    /// Accepted for compatibility with benchmark templates; refresh is always headless.
    #[arg(long, hide = true)]
    pub headless: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only unread articles.
    #[arg(long)]
    pub unread: bool,
    /// Only starred articles.
    #[arg(long)]
    pub starred: bool,
    /// Only articles of this feed.
    #[arg(long, value_name = "NAME")]
    pub feed: Option<String>,
    /// At most this many articles.
    #[arg(long, short = 'n', default_value_t = 50)]
    pub limit: usize,
    /// Print JSON (an array of articles).
    #[arg(long)]
    pub json: bool,
    /// Print only the number of matching articles.
    #[arg(long)]
    pub count: bool,
}

impl SearchArgs {
    /// `-word` is a query word, so the query takes values that start with
    /// a hyphen, and clap then hands it every later argument too. This
    /// takes search's own options back out of the words, wherever they
    /// stand (`keruen search закон -СМИ --json -n 5`); after a `--` every
    /// argument is a word.
    pub fn take_options_from_query(&mut self) -> Result<(), QueryArgsError> {
        let mut words = Vec::with_capacity(self.query.len());
        let mut args = std::mem::take(&mut self.query).into_iter();
        while let Some(a) = args.next() {
            match a.as_str() {
                "--" => words.extend(args.by_ref()),
                "--json" => self.json = true,
                "-n" | "--limit" => {
                    let v = args
                        .next()
                        .ok_or_else(|| QueryArgsError::NeedsNumber { flag: a.clone() })?;
                    self.limit = parse_limit(&a, &v)?;
                }
                _ => match a.strip_prefix("--limit=") {
                    Some(v) => self.limit = parse_limit("--limit", v)?,
                    None => words.push(a),
                },
            }
        }
        if words.is_empty() {
            return Err(QueryArgsError::Empty);
        }
        self.query = words;
        Ok(())
    }
}

/// What is wrong with `keruen search`'s own options (worded by the command,
/// in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryArgsError {
    /// `-n` / `--limit` at the end, with no value.
    NeedsNumber { flag: String },
    /// `-n` / `--limit` with a value that is not a count.
    NotANumber { flag: String, value: String },
    /// No words left once the options are out.
    Empty,
}

fn parse_limit(flag: &str, v: &str) -> Result<usize, QueryArgsError> {
    v.parse().map_err(|_| QueryArgsError::NotANumber {
        flag: flag.to_string(),
        value: v.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(args: &[&str]) -> SearchArgs {
        let argv = ["keruen", "search"].iter().chain(args);
        match Cli::try_parse_from(argv).map(|c| c.command) {
            Ok(Some(Command::Search(s))) => s,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn search_words_may_start_with_a_hyphen() {
        assert_eq!(search(&["закон", "-СМИ"]).query, ["закон", "-СМИ"]);
        assert_eq!(search(&["-СМИ", "закон"]).query, ["-СМИ", "закон"]);
        let mut s = search(&[
            "закон",
            "-СМИ",
            "--json",
            "-n",
            "3",
            "--limit=4",
            "--",
            "--json",
        ]);
        s.take_options_from_query().unwrap();
        assert_eq!(s.query, ["закон", "-СМИ", "--json"]);
        assert!(s.json);
        assert_eq!(s.limit, 4);
        let mut s = search(&["--json", "-n", "2", "закон"]);
        s.take_options_from_query().unwrap();
        assert_eq!(
            (s.query.as_slice(), s.json, s.limit),
            (&["закон".to_string()][..], true, 2)
        );
        let mut s = search(&["закон", "-n", "many"]);
        assert!(s.take_options_from_query().is_err());
    }
}
