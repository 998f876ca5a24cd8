//! The `keruen` binary: parse arguments, set up logging, dispatch.

use std::process::ExitCode;

use clap::FromArgMatches;
use keruen::cli::{self, Cli};
use keruen::i18n::{FluentValue, Lang, ids};

fn main() -> ExitCode {
    limit_malloc_arenas();
    // The locale's language until the config is read (see cli::help).
    let mut lang = Lang::from_env(None);
    let parsed = cli::help::command(lang)
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let args = match parsed {
        Ok(args) => args,
        // --help and --version: clap's own text, to stdout (a closed pipe is ignored).
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // A usage error quotes the arguments: sanitised like every error.
        Err(e) => {
            cli::warn(e.render().to_string());
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match run(args, &mut lang) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        // The reader of our output went away (`keruen list | head -1`):
        // that ends the command, it is not an error to report.
        Err(e) if cli::is_output_closed(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Error texts quote config values and server answers: sanitised.
            let error = FluentValue::from(format!("{e:#}"));
            cli::warn(lang.t(ids::CLI_ERROR, &[("error", error)]));
            ExitCode::from(2)
        }
    }
}

/// Runs the command; `lang` becomes the config's language once it is read,
/// so the errors after that speak it too.
fn run(args: Cli, lang: &mut Lang) -> anyhow::Result<i32> {
    if let Some(command) = &args.command
        && let Some(done) = cli::run_without_env(command)
    {
        return done;
    }
    if cli::fetches(args.command.as_ref()) {
        keruen::fetch::tls::prepare_in_background();
    }
    let env = cli::load_env(&args.global)?;
    *lang = env.lang;
    match args.command {
        Some(command) => cli::run_command(command, env),
        None => cli::run_tui(env),
    }
}

/// glibc gives threads that allocate at once their own arenas (up to eight
/// per core) and keeps what is freed in each. A refresh parses feeds of a
/// few hundred KB on several threads, and every arena grows to hold some;
/// two arenas cut the peak RSS of a 500-feed first refresh from ~41 to
/// ~37 MiB with no measurable cost in time (docs/performance.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    // SAFETY: mallopt only tunes the allocator; it is called first thing in
    // main, before any other thread exists. A failure (return 0) leaves the
    // default, which is harmless.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
