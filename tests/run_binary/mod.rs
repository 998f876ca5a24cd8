//! Running the real `keruen` binary from integration tests, with the
//! config and cache given on the command line and the environment's
//! `KERUEN_CONFIG` / `KERUEN_DATA_DIR` removed, so a developer's own
//! settings never leak into a test.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The locale variables that choose the interface language: removed, so
/// tests read English unless they set one.
pub const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// Runs `keruen --config CONFIG --data-dir DATA ARGS…` to completion.
pub fn keruen(config: &Path, data: &Path, args: &[&str]) -> Output {
    keruen_with_env(config, data, args, &[])
}

/// [`keruen`] with extra environment variables (e.g. `LANG`).
pub fn keruen_with_env(config: &Path, data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_keruen"));
    for var in LOCALE_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd.arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("KERUEN_CONFIG")
        .env_remove("KERUEN_DATA_DIR")
        .output()
        .expect("run keruen")
}

/// [`keruen`], as exit code (-1 when killed by a signal), stdout and stderr.
pub fn keruen_text(config: &Path, data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = keruen(config, data, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}
