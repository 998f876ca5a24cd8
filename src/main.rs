//! The `keruen` binary: parse arguments, set up logging, dispatch.

use std::process::ExitCode;

use clap::Parser;
use keruen::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match run(args) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(e) => {
            eprintln!("keruen: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Cli) -> anyhow::Result<i32> {
    let env = cli::load_env(&args.global)?;
    match args.command {
        Some(command) => cli::run_command(command, env),
        None => cli::run_tui(env),
    }
}
