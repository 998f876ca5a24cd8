//! Opening a URL as `plan::plan_open` decided: reads the environment
//! the plan needs and starts the browser. The TUI (`o`) and the CLI can
//! both use it; a plan with `terminal: true` needs the terminal, so the
//! TUI steps aside (leaves raw mode and the alternate screen) around
//! `launch` and comes back after.
//!
//! The desktop fallback is the `open` crate (xdg-open, gio, gnome-open,
//! kde-open, wslview on Linux; `open` on macOS; the shell on Windows): it
//! guards against option injection, starts detached and notices a launcher
//! that fails at once, and leaves `$BROWSER` to us, so the order of
//! `plan_open` holds.

use std::process::{Command, ExitStatus, Stdio};

mod plan;

pub use plan::{CopyReason, OpenEnv, OpenPlan, plan_open};

use crate::i18n::{FluentValue, Lang, ids};

/// Why a URL was not opened. `Display` is English (logs); a person reads
/// [`LaunchError::text`] in their language.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// The plan was to copy: nothing can open the URL here.
    #[error("{}", .0.text(Lang::En))]
    NothingToOpenWith(CopyReason),
    #[error("could not start `{program}`: {source}")]
    Start {
        program: String,
        source: std::io::Error,
    },
    #[error("`{program}` ended with {status}")]
    Failed { program: String, status: ExitStatus },
    #[error("the desktop could not open it: {0}")]
    Desktop(std::io::Error),
}

impl CopyReason {
    /// The reason in `lang`, e.g. "SSH арқылы кірілген, браузер берілмеген…".
    pub fn text(self, lang: Lang) -> String {
        lang.s(match self {
            CopyReason::OverSsh => ids::OPEN_OVER_SSH,
            CopyReason::NoDesktop => ids::OPEN_NO_DESKTOP,
            CopyReason::EmptyCommand => ids::OPEN_EMPTY_COMMAND,
        })
    }
}

impl LaunchError {
    /// What went wrong, in `lang`. The program's name and the system's
    /// error text are quoted as they are, sanitised.
    pub fn text(&self, lang: Lang) -> String {
        let quoted =
            |v: &dyn std::fmt::Display| FluentValue::from(crate::sanitize::line(&v.to_string()));
        match self {
            LaunchError::NothingToOpenWith(reason) => reason.text(lang),
            LaunchError::Start { program, source } => lang.t(
                ids::OPEN_START_FAILED,
                &[("program", quoted(program)), ("error", quoted(source))],
            ),
            LaunchError::Failed { program, status } => lang.t(
                ids::OPEN_PROGRAM_FAILED,
                &[("program", quoted(program)), ("status", quoted(status))],
            ),
            LaunchError::Desktop(e) => lang.t(ids::OPEN_DESKTOP_FAILED, &[("error", quoted(e))]),
        }
    }
}

/// The environment as this process sees it.
pub fn process_env() -> OpenEnv {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    OpenEnv {
        browser: std::env::var("BROWSER")
            .ok()
            .filter(|b| !b.trim().is_empty()),
        over_ssh: set("SSH_CONNECTION") || set("SSH_TTY"),
        graphical: if cfg!(any(target_os = "macos", windows)) {
            true
        } else {
            set("DISPLAY") || set("WAYLAND_DISPLAY")
        },
    }
}

/// Open `url` as `o` does, for a caller without a TUI (`keruen open`):
/// `browser` is the `ui.browser` setting. A text browser runs in this
/// terminal and is waited for.
pub fn open_url(url: &str, browser: Option<&str>) -> Result<(), LaunchError> {
    launch(&plan_open(url, browser, &process_env()), url)
}

/// Carry out `plan` for `url`. A `terminal` program runs in the foreground
/// with this process's terminal and is waited for; any other starts
/// detached (its output discarded, so it never draws over a TUI).
pub fn launch(plan: &OpenPlan, url: &str) -> Result<(), LaunchError> {
    match plan {
        OpenPlan::Copy { reason } => Err(LaunchError::NothingToOpenWith(*reason)),
        OpenPlan::Desktop => open::that_detached(url).map_err(LaunchError::Desktop),
        OpenPlan::Run {
            program,
            args,
            terminal: true,
        } => {
            let status = Command::new(program)
                .args(args)
                .status()
                .map_err(|source| LaunchError::Start {
                    program: program.clone(),
                    source,
                })?;
            if status.success() {
                Ok(())
            } else {
                Err(LaunchError::Failed {
                    program: program.clone(),
                    status,
                })
            }
        }
        OpenPlan::Run {
            program,
            args,
            terminal: false,
        } => {
            let mut child = Command::new(program)
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|source| LaunchError::Start {
                    program: program.clone(),
                    source,
                })?;
            // Reap it whenever it ends (a browser may run for hours), so
            // no zombie is left behind.
            std::thread::spawn(move || child.wait());
            Ok(())
        }
    }
}
