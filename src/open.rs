//! Opening and copying URLs in a way that works over SSH.
//!
//! `o` runs the configured browser (`%u` is the URL; `$BROWSER` is the
//! fallback) — unless the session is remote (SSH_CONNECTION) or no browser is
//! configured, in which case the URL is copied with OSC 52, which the user's
//! local terminal turns into a clipboard write.

use std::process::{Command, Stdio};

use base64::Engine;

/// What to do with a URL the user wants to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenPlan {
    /// Run this program with these arguments.
    Run { program: String, args: Vec<String> },
    /// No usable browser here: copy the URL instead and say why.
    Copy { reason: &'static str },
}

/// Decide how to open `url`, from the configured browser, `$BROWSER` and
/// whether we run over SSH. Pure: the environment is passed in.
pub fn plan_open(
    url: &str,
    configured: Option<&str>,
    browser_env: Option<&str>,
    over_ssh: bool,
) -> OpenPlan {
    if over_ssh && configured.is_none() {
        return OpenPlan::Copy {
            reason: "over SSH: URL copied to your local clipboard (OSC 52)",
        };
    }
    let Some(template) = configured.or(browser_env).filter(|t| !t.trim().is_empty()) else {
        return OpenPlan::Copy {
            reason: "no browser configured (ui.browser or $BROWSER): URL copied (OSC 52)",
        };
    };
    let mut words = split_command(template);
    if words.is_empty() {
        return OpenPlan::Copy {
            reason: "the browser command is empty: URL copied (OSC 52)",
        };
    }
    let mut used = false;
    for w in &mut words {
        if w.contains("%u") {
            *w = w.replace("%u", url);
            used = true;
        }
    }
    if !used {
        words.push(url.to_string());
    }
    let program = words.remove(0);
    OpenPlan::Run {
        program,
        args: words,
    }
}

/// Start the browser detached from our terminal (its output would tear the UI).
pub fn spawn(program: &str, args: &[String]) -> std::io::Result<()> {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
/// `text` must already be sanitised; base64 makes the payload inert anyway.
pub fn osc52(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}

/// True when running inside an SSH session.
pub fn over_ssh() -> bool {
    std::env::var_os("SSH_CONNECTION").is_some() || std::env::var_os("SSH_TTY").is_some()
}

/// Split a command line on whitespace, honouring "double" and 'single' quotes.
fn split_command(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() || any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() || any {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_browser_gets_the_url_in_place_of_percent_u() {
        let p = plan_open("https://a.kz/1", Some("firefox --new-tab %u"), None, false);
        assert_eq!(
            p,
            OpenPlan::Run {
                program: "firefox".into(),
                args: vec!["--new-tab".into(), "https://a.kz/1".into()]
            }
        );
    }

    #[test]
    fn browser_env_without_placeholder_appends_the_url() {
        let p = plan_open("https://a.kz/1", None, Some("'/opt/my browser/bin'"), false);
        assert_eq!(
            p,
            OpenPlan::Run {
                program: "/opt/my browser/bin".into(),
                args: vec!["https://a.kz/1".into()]
            }
        );
    }

    #[test]
    fn over_ssh_without_explicit_browser_copies() {
        let p = plan_open("https://a.kz/1", None, Some("firefox"), true);
        assert!(matches!(p, OpenPlan::Copy { reason } if reason.contains("SSH")));
    }

    #[test]
    fn nothing_configured_copies() {
        assert!(matches!(
            plan_open("u", None, None, false),
            OpenPlan::Copy { .. }
        ));
        assert!(matches!(
            plan_open("u", None, Some("  "), false),
            OpenPlan::Copy { .. }
        ));
    }

    #[test]
    fn osc52_is_base64_framed() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        // Cyrillic survives the round trip.
        let seq = osc52("https://ru.kz/новости");
        let b64 = seq
            .trim_start_matches("\x1b]52;c;")
            .trim_end_matches('\x07');
        let back = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert_eq!(String::from_utf8(back).unwrap(), "https://ru.kz/новости");
    }
}
