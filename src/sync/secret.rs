//! The sync password: read when a sync starts, from a command or an
//! environment variable (never from the config file), and kept in a
//! `Secret` whose Debug and Display print a placeholder, so it cannot reach
//! a log line, an error or the screen by accident.

use std::fmt;
use std::time::Duration;

use super::SyncError;
use crate::config::settings::PasswordSource;
use crate::sanitize;
use crate::sources::exec;

/// How long the password command may take (a keyring prompt, `pass` with
/// a gpg agent).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
/// More than any password; a command printing more is not a password
/// command.
const COMMAND_CAP: u64 = 64 * 1024;

/// A password. Only `expose` gives the text, at the one place it is sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: String) -> Secret {
        Secret(text)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Read the password. The command runs under `sh -c`, like exec sources
/// and filters: it is the user's own line from their own config, and a
/// shell lets it be a pipeline (`pass show rss | head -n1`) or use `~` and
/// variables, which splitting into words would not. Its first line is the
/// password (trailing CR/LF removed); nothing it prints is ever shown.
pub async fn read_password(source: &PasswordSource) -> Result<Secret, SyncError> {
    let text = match source {
        PasswordSource::Env(name) => std::env::var(name).map_err(|_| {
            SyncError::Password(format!(
                "the environment variable {} (sync.password_env) is not set or not UTF-8",
                sanitize::line(name)
            ))
        })?,
        PasswordSource::Command(command) => {
            let out = exec::run(command, None, COMMAND_TIMEOUT, COMMAND_CAP)
                .await
                .map_err(|e| SyncError::Password(format!("sync.password_command {}", why(e))))?;
            let text = String::from_utf8(out).map_err(|_| {
                SyncError::Password("sync.password_command printed something not UTF-8".into())
            })?;
            text.lines().next().unwrap_or("").to_string()
        }
    };
    let text = text.trim_end_matches(['\r', '\n']).to_string();
    if text.is_empty() {
        return Err(SyncError::Password(
            "the sync password is empty (check sync.password_command / sync.password_env)".into(),
        ));
    }
    Ok(Secret(text))
}

/// Why the password command failed, with its last stderr line, but
/// neither its output nor the command itself (which may hold a secret too).
fn why(e: exec::ExecError) -> String {
    match e {
        exec::ExecError::Spawn { reason, .. } => format!("could not start: {reason}"),
        exec::ExecError::Timeout { timeout, .. } => {
            format!("did not finish within {} s", timeout.as_secs())
        }
        exec::ExecError::TooLarge { .. } => "printed too much".to_string(),
        exec::ExecError::Failed { status, stderr, .. } => match stderr {
            Some(line) => format!("{status}: {line}"),
            None => status,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_text() {
        let s = Secret::new("hunter2".into());
        assert!(!format!("{s:?} {s}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
    }

    #[tokio::test]
    async fn a_command_gives_its_first_line_and_a_failure_hides_the_output() {
        let s = read_password(&PasswordSource::Command(
            "printf 'pa ss\\nsecond\\n' | cat".into(),
        ))
        .await
        .unwrap();
        assert_eq!(s.expose(), "pa ss");
        let e = read_password(&PasswordSource::Command(
            "echo hunter2; echo nope >&2; exit 3".into(),
        ))
        .await
        .unwrap_err()
        .to_string();
        assert!(
            !e.contains("hunter2") && e.contains("status 3: nope"),
            "{e}"
        );
        let e = read_password(&PasswordSource::Env("KERUEN_TEST_SURELY_UNSET_9".into()))
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("KERUEN_TEST_SURELY_UNSET_9"), "{e}");
    }
}
