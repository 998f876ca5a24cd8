//! Deciding how to open a URL, for the runtime's `Effect::OpenUrl`: run the
//! configured browser command, or copy the URL when there is no browser to
//! run (over SSH, or none configured). Pure, so the rules are tested here;
//! the runtime spawns the process or calls `tui::copy_osc52`.

/// What to do with a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenPlan {
    /// Spawn `program` with `args` (no shell: the URL is one argument and
    /// can never be interpreted as shell syntax). Detach; don't wait.
    Run { program: String, args: Vec<String> },
    /// Copy the URL (OSC 52) and show it, saying why it was not opened.
    Copy { reason: &'static str },
}

/// `browser`: the `ui.browser` setting; `browser_env`: `$BROWSER`;
/// `over_ssh`: `SSH_CONNECTION` is set. The command is split on whitespace;
/// `%u` in any word is replaced by the URL, else the URL is appended.
/// `$BROWSER` may list alternatives separated by ':' — the first is used.
pub fn plan_open(
    url: &str,
    browser: Option<&str>,
    browser_env: Option<&str>,
    over_ssh: bool,
) -> OpenPlan {
    let configured = browser.map(str::trim).filter(|b| !b.is_empty());
    // An explicit setting is the user's choice even over SSH (e.g. a
    // script that forwards URLs); $BROWSER over SSH would open remotely.
    let command = match (configured, over_ssh) {
        (Some(b), _) => b,
        (None, true) => {
            return OpenPlan::Copy {
                reason: "over SSH: URL copied",
            };
        }
        (None, false) => {
            match browser_env.and_then(|b| b.split(':').map(str::trim).find(|b| !b.is_empty())) {
                Some(b) => b,
                None => {
                    return OpenPlan::Copy {
                        reason: "no browser set (ui.browser or $BROWSER): URL copied",
                    };
                }
            }
        }
    };
    let mut words = command.split_whitespace();
    let Some(program) = words.next() else {
        return OpenPlan::Copy {
            reason: "empty browser command: URL copied",
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
    OpenPlan::Run { program, args }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://example.kz/a?x=1&y=$(rm -rf ~)";

    #[test]
    fn configured_command_with_placeholder() {
        assert_eq!(
            plan_open(URL, Some("firefox --new-tab %u"), None, false),
            OpenPlan::Run {
                program: "firefox".into(),
                args: vec!["--new-tab".into(), URL.into()]
            }
        );
    }

    #[test]
    fn url_is_appended_without_placeholder_and_env_is_the_fallback() {
        assert_eq!(
            plan_open(URL, None, Some("w3m:lynx"), false),
            OpenPlan::Run {
                program: "w3m".into(),
                args: vec![URL.into()]
            }
        );
    }

    #[test]
    fn ssh_or_nothing_configured_copies() {
        assert!(matches!(
            plan_open(URL, None, Some("firefox"), true),
            OpenPlan::Copy { .. }
        ));
        assert!(matches!(
            plan_open(URL, Some("  "), None, false),
            OpenPlan::Copy { .. }
        ));
        // An explicit setting still runs over SSH.
        assert!(matches!(
            plan_open(URL, Some("echo"), None, true),
            OpenPlan::Run { .. }
        ));
    }
}
