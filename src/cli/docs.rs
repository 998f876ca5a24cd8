//! `keruen completions SHELL` and `keruen man`: generated from the clap
//! definition, so they always match the commands and options there are.

use anyhow::Result;
use clap::CommandFactory;

use super::{Cli, Out};

pub fn completions(shell: clap_complete::Shell, out: &mut Out) -> Result<i32> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "keruen", &mut script);
    out.own_document(&script)?;
    Ok(0)
}

/// One page: clap_mangen's (synopsis, global options, the list of
/// commands), then a section per command with its arguments and options,
/// so nothing points at per-command pages that are not installed.
pub fn man(out: &mut Out) -> Result<i32> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    let mut text = String::from_utf8_lossy(&page).into_owned();
    // clap_mangen names a page per command ("keruen-refresh(1)"); they are
    // sections of this page instead.
    for sub in Cli::command().get_subcommands() {
        let name = roff(sub.get_name());
        text = text.replace(
            &format!("keruen\\-{name}(1)"),
            &format!("\\fBkeruen {name}\\fR"),
        );
    }
    text.push_str(".SH COMMANDS\n");
    for sub in Cli::command().get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        let mut usage = sub.clone().bin_name(format!("keruen {}", sub.get_name()));
        text.push_str(&format!(".SS \"keruen {}\"\n", roff(sub.get_name())));
        text.push_str(&format!("{}\n", roff(&usage.render_usage().to_string())));
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            text.push_str(&format!(".PP\n{}\n", roff(&about.to_string())));
        }
        for arg in sub.get_arguments() {
            if arg.is_hide_set() || arg.get_id() == "help" {
                continue;
            }
            let mut names: Vec<String> = Vec::new();
            if let Some(c) = arg.get_short() {
                names.push(format!("-{c}"));
            }
            if let Some(l) = arg.get_long() {
                names.push(format!("--{l}"));
            }
            if names.is_empty() {
                names.push(arg.get_id().to_string().to_uppercase());
            }
            text.push_str(&format!(".TP\n\\fB{}\\fR\n", roff(&names.join(", "))));
            if let Some(help) = arg.get_long_help().or(arg.get_help()) {
                text.push_str(&format!("{}\n", roff(&help.to_string())));
            }
        }
    }
    out.own_document(text.as_bytes())?;
    Ok(0)
}

/// Text for roff: backslashes and hyphens escaped, and a line that would
/// start with a control character (a dot or an apostrophe) made literal.
fn roff(s: &str) -> String {
    let escaped = s.replace('\\', "\\e").replace('-', "\\-");
    escaped
        .lines()
        .map(|l| {
            if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_lines_cannot_become_requests() {
        assert_eq!(roff("a-b \\ c"), "a\\-b \\e c");
        assert_eq!(roff(".SH x\n'y"), "\\&.SH x\n\\&'y");
    }
}
