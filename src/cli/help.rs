//! `--help` in the reader's language: the clap definition (`args.rs`) with
//! each command's about line, every option's and argument's help, the
//! `-h`/`-V` flags and the section headings taken from the catalogues.
//!
//! The language must be known before the arguments are parsed, so it comes
//! from the locale (`LC_ALL` > `LC_MESSAGES` > `LANG`) only: `ui.language`
//! lives in the config file, whose path is itself an argument (`--config`)
//! not parsed yet. The rest of a command's run speaks the config's language.
//!
//! What stays English, because clap writes it itself with no hook to
//! change it: the placeholders and value names (`[OPTIONS]`, `<COMMAND>`,
//! `<FILE>`), the `[default: …]`, `[env: …]` and `[possible values: …]`
//! notes, the `help` subcommand's line, and usage errors ("error:
//! unexpected argument…"). The man page and completion scripts are built
//! from the English definition.

use clap::{Arg, ArgAction, Command, CommandFactory};

use super::Cli;
use crate::i18n::{Id, Lang, ids};

/// Each subcommand (by its name in `args.rs`) and its about line.
const ABOUTS: &[(&str, Id)] = &[
    ("refresh", ids::ABOUT_REFRESH),
    ("list", ids::ABOUT_LIST),
    ("check-config", ids::ABOUT_CHECK_CONFIG),
    ("top", ids::ABOUT_TOP),
    ("related", ids::ABOUT_RELATED),
    ("add", ids::ABOUT_ADD),
    ("import", ids::ABOUT_IMPORT),
    ("export", ids::ABOUT_EXPORT),
    ("search", ids::ABOUT_SEARCH),
    ("show", ids::ABOUT_SHOW),
    ("mark", ids::ABOUT_MARK),
    ("open", ids::ABOUT_OPEN),
    ("download", ids::ABOUT_DOWNLOAD),
    ("sync", ids::ABOUT_SYNC),
    ("completions", ids::ABOUT_COMPLETIONS),
    ("man", ids::ABOUT_MAN),
];

/// The global options (by their clap id) and their help.
const GLOBAL_ARGS: &[(&str, Id)] = &[
    ("config", ids::ARG_CONFIG),
    ("data_dir", ids::ARG_DATA_DIR),
    ("urls", ids::ARG_URLS),
];

/// Each command's own options and arguments (command, clap id, help).
const ARGS: &[(&str, &str, Id)] = &[
    ("refresh", "names", ids::ARG_REFRESH_NAMES),
    ("refresh", "feeds", ids::ARG_REFRESH_FEED),
    ("refresh", "all", ids::ARG_REFRESH_ALL),
    ("refresh", "json", ids::ARG_REFRESH_JSON),
    ("list", "unread", ids::ARG_LIST_UNREAD),
    ("list", "starred", ids::ARG_LIST_STARRED),
    ("list", "feed", ids::ARG_LIST_FEED),
    ("list", "limit", ids::ARG_LIST_LIMIT),
    ("list", "json", ids::ARG_LIST_JSON),
    ("list", "count", ids::ARG_LIST_COUNT),
    ("top", "since", ids::ARG_TOP_SINCE),
    ("top", "tag", ids::ARG_TOP_TAG),
    ("top", "limit", ids::ARG_STORIES_LIMIT),
    ("top", "json", ids::ARG_JSON),
    ("related", "article", ids::ARG_ARTICLE),
    ("related", "limit", ids::ARG_STORIES_LIMIT),
    ("related", "json", ids::ARG_JSON),
    ("add", "url", ids::ARG_ADD_URL),
    ("add", "name", ids::ARG_ADD_NAME),
    ("add", "tags", ids::ARG_ADD_TAG),
    ("add", "dry_run", ids::ARG_DRY_RUN),
    ("import", "file", ids::ARG_IMPORT_FILE),
    ("import", "dry_run", ids::ARG_DRY_RUN),
    ("search", "query", ids::ARG_SEARCH_QUERY),
    ("search", "limit", ids::ARG_SEARCH_LIMIT),
    ("search", "json", ids::ARG_SEARCH_JSON),
    ("show", "article", ids::ARG_ARTICLE),
    ("show", "json", ids::ARG_SHOW_JSON),
    ("show", "width", ids::ARG_SHOW_WIDTH),
    ("mark", "articles", ids::ARG_MARK_ARTICLES),
    ("mark", "read", ids::ARG_MARK_READ),
    ("mark", "unread", ids::ARG_MARK_UNREAD),
    ("mark", "star", ids::ARG_MARK_STAR),
    ("mark", "unstar", ids::ARG_MARK_UNSTAR),
    ("open", "article", ids::ARG_ARTICLE),
    ("download", "article", ids::ARG_ARTICLE),
    ("download", "index", ids::ARG_DOWNLOAD_INDEX),
    ("sync", "json", ids::ARG_SYNC_JSON),
    ("sync", "read", ids::ARG_SYNC_READ),
    ("sync", "unread", ids::ARG_SYNC_UNREAD),
    ("sync", "star", ids::ARG_SYNC_STAR),
    ("sync", "unstar", ids::ARG_SYNC_UNSTAR),
    ("completions", "shell", ids::ARG_SHELL),
];

/// The command line definition, its help texts in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command()
        .about(lang.s(ids::ABOUT_KERUEN))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(lang.s(ids::ARG_VERSION)),
        );
    for &(id, help) in GLOBAL_ARGS {
        cmd = cmd.mut_arg(id, |a| a.help(lang.s(help)));
    }
    for &(name, about) in ABOUTS {
        cmd = cmd.mut_subcommand(name, |mut sub| {
            for &(_, id, help) in ARGS.iter().filter(|(of, ..)| *of == name) {
                sub = sub.mut_arg(id, |a| a.help(lang.s(help)));
            }
            localized(sub.about(lang.s(about)), lang)
        });
    }
    localized(cmd, lang)
}

/// `cmd` with its own `-h` flag and help layout in `lang`.
fn localized(cmd: Command, lang: Lang) -> Command {
    let template = template(&cmd, lang);
    cmd.disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(lang.s(ids::ARG_HELP))
                .global(false),
        )
        .help_template(template)
}

/// clap's default layout (about, usage, commands, arguments, options) with
/// the headings in `lang`; a section the command does not have is left out.
fn template(cmd: &Command, lang: Lang) -> String {
    let heading = |id| lang.s(id);
    let mut t = format!(
        "{{about-with-newline}}\n{}: {{usage}}",
        heading(ids::HEADING_USAGE)
    );
    if cmd.has_subcommands() {
        t.push_str(&format!(
            "\n\n{}:\n{{subcommands}}",
            heading(ids::HEADING_COMMANDS)
        ));
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        t.push_str(&format!(
            "\n\n{}:\n{{positionals}}",
            heading(ids::HEADING_ARGUMENTS)
        ));
    }
    // Every command has options: at least its -h.
    t.push_str(&format!(
        "\n\n{}:\n{{options}}{{after-help}}",
        heading(ids::HEADING_OPTIONS)
    ));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(lang: Lang, args: &[&str]) -> String {
        let argv = std::iter::once("keruen").chain(args.iter().copied());
        match command(lang).try_get_matches_from(argv) {
            Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => e.render().to_string(),
            other => panic!("{args:?}: no help: {other:?}"),
        }
    }

    #[test]
    fn the_english_catalogue_says_what_the_definition_says() {
        // One text in two places (the derive's doc comments for the man
        // page, the catalogue for --help): they must not drift apart.
        let derived = Cli::command();
        assert_eq!(
            derived.get_about().map(|a| a.to_string()),
            Some(Lang::En.s(ids::ABOUT_KERUEN))
        );
        for &(name, about) in ABOUTS {
            let sub = derived
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("no subcommand {name}"));
            assert_eq!(
                sub.get_about().map(|a| a.to_string()),
                Some(Lang::En.s(about)),
                "{name}"
            );
        }
        assert_eq!(
            ABOUTS.len(),
            derived.get_subcommands().count(),
            "every command has an about line in the catalogues"
        );
        for sub in derived.get_subcommands() {
            for arg in sub
                .get_arguments()
                .filter(|a| !a.is_hide_set() && !a.is_global_set())
            {
                let id = arg.get_id().as_str();
                let Some(&(.., help)) = ARGS
                    .iter()
                    .find(|(s, a, _)| *s == sub.get_name() && *a == id)
                else {
                    panic!("{} {id}: no help in the catalogues", sub.get_name());
                };
                assert_eq!(
                    arg.get_help().map(|h| h.to_string()),
                    Some(Lang::En.s(help)),
                    "{} {id}",
                    sub.get_name()
                );
            }
        }
        for &(id, help) in GLOBAL_ARGS {
            let arg = derived
                .get_arguments()
                .find(|a| a.get_id() == id)
                .unwrap_or_else(|| panic!("no argument {id}"));
            assert_eq!(
                arg.get_help().map(|h| h.to_string()),
                Some(Lang::En.s(help)),
                "{id}"
            );
        }
    }

    #[test]
    fn help_speaks_kazakh_and_russian() {
        let kk = help(Lang::Kk, &["--help"]);
        assert!(kk.contains("Қолданылуы: keruen"), "{kk}");
        assert!(
            kk.contains("Командалар:") && kk.contains("Опциялар:"),
            "{kk}"
        );
        assert!(kk.contains("Кэштен толық мәтінді іздеу"), "{kk}");
        assert!(kk.contains("Анықтаманы көрсету"), "{kk}");
        assert!(
            !kk.contains("Options:") && !kk.contains("Print help"),
            "{kk}"
        );
        let ru = help(Lang::Ru, &["top", "--help"]);
        assert!(ru.starts_with("Топ новостей из всех лент"), "{ru}");
        assert!(ru.contains("Использование: keruen top"), "{ru}");
        // The global options, propagated to every command, in Russian too.
        assert!(ru.contains("Файл настроек"), "{ru}");
        let show = help(Lang::Ru, &["show", "-h"]);
        assert!(
            show.contains("Аргументы:\n  <ARTICLE>  Номер статьи"),
            "{show}"
        );
        let en = help(Lang::En, &["--help"]);
        assert!(
            en.contains("Usage: keruen") && en.contains("Print help"),
            "{en}"
        );
    }

    #[test]
    fn the_localized_command_parses_as_the_derived_one() {
        use clap::FromArgMatches;
        let m = command(Lang::Kk)
            .try_get_matches_from(["keruen", "list", "--unread", "-n", "5"])
            .unwrap();
        let cli = Cli::from_arg_matches(&m).unwrap();
        assert!(matches!(
            cli.command,
            Some(super::super::Command::List(super::super::args::ListArgs {
                unread: true,
                limit: 5,
                ..
            }))
        ));
        let version = command(Lang::Ru).try_get_matches_from(["keruen", "-V"]);
        assert_eq!(
            version.map(|_| ()).map_err(|e| e.kind()),
            Err(clap::error::ErrorKind::DisplayVersion)
        );
    }
}
