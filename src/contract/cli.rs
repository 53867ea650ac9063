//! `msglint validate` (placeholder until the contract engine lands).
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {}

pub fn run(_args: ValidateArgs) -> ExitCode {
    eprintln!("msglint validate: not implemented yet");
    ExitCode::from(2)
}
