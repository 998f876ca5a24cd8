//! `p`: the `[media] player` command on an enclosure, the way links are
//! opened (`crate::opener`): the command is split on whitespace, `%u` in a
//! word is replaced by the URL or file (else it is appended), and the
//! program is started directly — no shell, so the target is one argv
//! element whatever it holds (spaces, `;`, `$(…)`, quotes).

use crate::opener::{LaunchError, OpenPlan};

/// The program and its arguments; `None` for an empty command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayPlan {
    pub program: String,
    pub args: Vec<String>,
}

pub fn plan(command: &str, target: &str) -> Option<PlayPlan> {
    let mut words = command.split_whitespace();
    let program = words.next()?.to_string();
    let mut placed = false;
    let mut args: Vec<String> = words
        .map(|w| {
            if w.contains("%u") {
                placed = true;
                w.replace("%u", target)
            } else {
                w.to_string()
            }
        })
        .collect();
    if !placed {
        args.push(target.to_string());
    }
    Some(PlayPlan { program, args })
}

/// Start the player detached (its output discarded, so it never draws
/// over the reader); a GUI player opens its window, an audio player plays.
pub fn launch(plan: &PlayPlan, target: &str) -> Result<(), LaunchError> {
    crate::opener::launch(
        &OpenPlan::Run {
            program: plan.program.clone(),
            args: plan.args.clone(),
            terminal: false,
        },
        target,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_one_argument_never_shell_syntax() {
        let hostile = "/home/u/Podcasts/ep 1; rm -rf ~ $(id) `x` 'q\".mp3";
        let p = plan("mpv --no-video %u", hostile).unwrap_or_else(|| panic!("a plan"));
        assert_eq!(p.program, "mpv");
        assert_eq!(p.args, vec!["--no-video".to_string(), hostile.to_string()]);
        let p = plan("vlc", "https://x.example/a b.mp3").unwrap_or_else(|| panic!("a plan"));
        assert_eq!(p.args, vec!["https://x.example/a b.mp3".to_string()]);
        assert_eq!(plan("   ", "x"), None);
        // No `sh -c` anywhere: the program is the command's first word.
        let p = plan("mpv %u", "x").unwrap_or_else(|| panic!("a plan"));
        assert!(!matches!(p.program.as_str(), "sh" | "bash" | "/bin/sh"));
    }
}
