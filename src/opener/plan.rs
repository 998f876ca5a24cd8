//! Deciding how to open a URL (`o`, and `keruen open`): pure, so the rules
//! are tested here; `crate::opener` reads the environment and launches.
//!
//! The order: an explicit `ui.browser` setting wins everywhere; `$BROWSER`
//! next, wherever it is set (over SSH it is how a user names w3m or lynx);
//! then the desktop's own opener (xdg-open, open, start — through the
//! `open` crate) when there is a desktop; otherwise the URL is copied and
//! shown whole, since nothing here can open it.

/// Programs that draw in the terminal: they get the terminal while they
/// run (the reader steps aside and waits), instead of being detached.
const TERMINAL_BROWSERS: &[&str] = &[
    "w3m", "lynx", "links", "links2", "elinks", "browsh", "carbonyl", "amfora", "chawan", "cha",
];

/// What `plan_open` knows of the environment (read by `opener::OpenEnv::
/// from_process`; built by hand in tests).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenEnv {
    /// `$BROWSER`.
    pub browser: Option<String>,
    /// Logged in over SSH (`SSH_CONNECTION` / `SSH_TTY`): a desktop opener
    /// would open on the far machine, if at all.
    pub over_ssh: bool,
    /// A graphical session is there (on X11/Wayland systems, `DISPLAY` or
    /// `WAYLAND_DISPLAY`; always on macOS and Windows).
    pub graphical: bool,
}

/// What to do with a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenPlan {
    /// Start `program` with `args` — no shell: the URL is one argument and
    /// is never read as shell syntax. `terminal`: the program needs the
    /// terminal (a text browser, or any browser where there is no
    /// graphical session), so the caller hands it over and waits; else it
    /// is started detached.
    Run {
        program: String,
        args: Vec<String>,
        terminal: bool,
    },
    /// The desktop's default opener (xdg-open / gio / open / start).
    Desktop,
    /// Nothing can open it: copy the URL and show it whole; `reason` says why.
    Copy { reason: CopyReason },
}

/// Why nothing here can open a URL (worded by `CopyReason::text` in the
/// reader's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyReason {
    /// Logged in over SSH, with neither `$BROWSER` nor `ui.browser` set.
    OverSsh,
    /// No graphical session, and no browser set.
    NoDesktop,
    /// `ui.browser` or `$BROWSER` is only blanks.
    EmptyCommand,
}

/// `browser`: the `ui.browser` setting. A command is split on whitespace;
/// `%u` in any word is replaced by the URL, else the URL is appended.
/// `$BROWSER` may list alternatives separated by ':' — the first is used.
pub fn plan_open(url: &str, browser: Option<&str>, env: &OpenEnv) -> OpenPlan {
    let configured = browser.map(str::trim).filter(|b| !b.is_empty());
    let from_env = env
        .browser
        .as_deref()
        .and_then(|b| b.split(':').map(str::trim).find(|b| !b.is_empty()));
    if let Some(command) = configured.or(from_env) {
        return run_plan(command, url, env);
    }
    if env.over_ssh {
        return OpenPlan::Copy {
            reason: CopyReason::OverSsh,
        };
    }
    if !env.graphical {
        return OpenPlan::Copy {
            reason: CopyReason::NoDesktop,
        };
    }
    OpenPlan::Desktop
}

fn run_plan(command: &str, url: &str, env: &OpenEnv) -> OpenPlan {
    let mut words = command.split_whitespace();
    let Some(program) = words.next() else {
        return OpenPlan::Copy {
            reason: CopyReason::EmptyCommand,
        };
    };
    let mut placed = false;
    let mut args: Vec<String> = words
        .map(|w| {
            if w.contains("%u") {
                placed = true;
                w.replace("%u", url)
            } else {
                w.to_string()
            }
        })
        .collect();
    let program = if program.contains("%u") {
        placed = true;
        program.replace("%u", url)
    } else {
        program.to_string()
    };
    if !placed {
        args.push(url.to_string());
    }
    // Over SSH without X forwarding there is no display either.
    let terminal = is_terminal_browser(&program) || !env.graphical;
    OpenPlan::Run {
        program,
        args,
        terminal,
    }
}

/// `w3m`, `/usr/bin/lynx`, `links2`…: a browser that draws in the terminal.
fn is_terminal_browser(program: &str) -> bool {
    let name = program
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(program)
        .trim_end_matches(".exe");
    TERMINAL_BROWSERS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://example.kz/a?x=1&y=$(rm -rf ~)";

    fn desktop() -> OpenEnv {
        OpenEnv {
            browser: None,
            over_ssh: false,
            graphical: true,
        }
    }

    fn ssh(browser: Option<&str>) -> OpenEnv {
        OpenEnv {
            browser: browser.map(str::to_string),
            over_ssh: true,
            graphical: false,
        }
    }

    #[test]
    fn configured_command_with_placeholder_wins_over_browser_env() {
        let env = OpenEnv {
            browser: Some("chromium".into()),
            ..desktop()
        };
        assert_eq!(
            plan_open(URL, Some("firefox --new-tab %u"), &env),
            OpenPlan::Run {
                program: "firefox".into(),
                args: vec!["--new-tab".into(), URL.into()],
                terminal: false,
            }
        );
    }

    #[test]
    fn browser_env_first_entry_gets_the_url_as_one_argument() {
        let env = OpenEnv {
            browser: Some(" :firefox:chromium".into()),
            ..desktop()
        };
        assert_eq!(
            plan_open(URL, None, &env),
            OpenPlan::Run {
                program: "firefox".into(),
                args: vec![URL.into()],
                terminal: false,
            }
        );
    }

    #[test]
    fn browser_env_is_honoured_over_ssh_and_text_browsers_get_the_terminal() {
        assert_eq!(
            plan_open(URL, None, &ssh(Some("w3m"))),
            OpenPlan::Run {
                program: "w3m".into(),
                args: vec![URL.into()],
                terminal: true,
            }
        );
        // A text browser on a desktop too.
        let env = OpenEnv {
            browser: Some("/usr/bin/lynx -accept_all_cookies".into()),
            ..desktop()
        };
        assert!(matches!(
            plan_open(URL, None, &env),
            OpenPlan::Run { terminal: true, .. }
        ));
        // Over SSH with X forwarding a graphical browser runs detached.
        let forwarded = OpenEnv {
            graphical: true,
            ..ssh(Some("firefox"))
        };
        assert!(matches!(
            plan_open(URL, None, &forwarded),
            OpenPlan::Run {
                terminal: false,
                ..
            }
        ));
        // An explicit setting runs over SSH as well.
        assert!(matches!(
            plan_open(URL, Some("my-forwarder %u"), &ssh(None)),
            OpenPlan::Run { .. }
        ));
    }

    #[test]
    fn a_desktop_without_a_browser_set_uses_the_desktop_opener() {
        assert_eq!(plan_open(URL, None, &desktop()), OpenPlan::Desktop);
        assert_eq!(plan_open(URL, Some("  "), &desktop()), OpenPlan::Desktop);
    }

    #[test]
    fn nothing_to_open_with_copies_and_says_why() {
        assert_eq!(
            plan_open(URL, None, &ssh(None)),
            OpenPlan::Copy {
                reason: CopyReason::OverSsh
            }
        );
        let console = OpenEnv {
            graphical: false,
            ..desktop()
        };
        assert_eq!(
            plan_open(URL, None, &console),
            OpenPlan::Copy {
                reason: CopyReason::NoDesktop
            }
        );
    }
}
