//! `msglint proxy` (placeholder until the native run time lands).
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ProxyArgs {}

pub fn run(_args: ProxyArgs) -> ExitCode {
    eprintln!("msglint proxy: not implemented yet");
    ExitCode::from(2)
}
