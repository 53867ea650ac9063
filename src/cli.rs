//! The command line: argument parsing and dispatch to each command.
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "msglint", version, about = "Make browser-extension messaging safe and correct")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate messages (JSON or NDJSON) against a message contract.
    Validate(crate::contract::cli::ValidateArgs),
    /// Run a native messaging host behind a validating proxy.
    Proxy(crate::native::cli::ProxyArgs),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Validate(args) => crate::contract::cli::run(args),
        Command::Proxy(args) => crate::native::cli::run(args),
    }
}
