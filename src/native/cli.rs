//! `msglint proxy` and `msglint proxy install`.
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::contract::Contract;

use super::middleware::Middleware;
use super::proxy::FrameLog;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ProxyArgs {
    #[command(subcommand)]
    pub action: Option<ProxyAction>,
    /// The message contract.
    #[arg(long, value_name = "FILE")]
    pub contract: Option<PathBuf>,
    /// The native host's name in the contract (optional when the contract has one host).
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
    /// Write every frame as a JSON line to this file.
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// The host command and its arguments (the browser's arguments follow them).
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ProxyAction {
    /// Put the proxy in front of a host: write a launcher beside its manifest and point
    /// the manifest at it (the original is kept as HOST.json.bak).
    Install {
        /// The host manifest (HOST.json).
        #[arg(long, value_name = "HOST.json")]
        manifest: PathBuf,
        /// The message contract.
        #[arg(long, value_name = "FILE")]
        contract: PathBuf,
    },
}

/// Run `msglint proxy`.
pub fn run(args: ProxyArgs) -> ExitCode {
    if let Some(ProxyAction::Install { manifest, contract }) = &args.action {
        return install(manifest, contract);
    }
    let Some(contract_path) = &args.contract else {
        eprintln!("msglint proxy: --contract FILE is required");
        return ExitCode::from(2);
    };
    let contract = match Contract::load(contract_path) {
        Ok(c) => Arc::new(c),
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            return ExitCode::from(2);
        }
    };
    let host = match &args.host {
        Some(h) => h.clone(),
        None => {
            let hosts: Vec<&str> = contract.native_hosts().collect();
            match hosts.as_slice() {
                [one] => one.to_string(),
                _ => {
                    eprintln!(
                        "msglint proxy: --host NAME is required (the contract has: {})",
                        hosts.join(", ")
                    );
                    return ExitCode::from(2);
                }
            }
        }
    };
    let middleware = match Middleware::new(contract, &host) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("msglint proxy: {e}");
            return ExitCode::from(2);
        }
    };
    let log = match &args.log {
        Some(p) => match FrameLog::create(p) {
            Ok(l) => Some(l),
            Err(e) => {
                eprintln!("msglint proxy: cannot write log {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    match super::proxy::run(middleware, &args.command, log) {
        Ok(status) => exit_code(status),
        Err(e) => {
            eprintln!("msglint proxy: {e}");
            ExitCode::from(2)
        }
    }
}

/// The host's exit status as ours (a signal becomes 128 + its number, as in a shell).
fn exit_code(status: std::process::ExitStatus) -> ExitCode {
    if let Some(code) = status.code() {
        return ExitCode::from((code & 0xff) as u8);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return ExitCode::from((128 + sig).min(255) as u8);
        }
    }
    ExitCode::from(1)
}

fn install(manifest: &std::path::Path, contract: &std::path::Path) -> ExitCode {
    // The contract must load, and describe the host, before anything is changed.
    let loaded = match Contract::load(contract) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            return ExitCode::from(2);
        }
    };
    let me = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("msglint proxy install: cannot find msglint's own path: {e}");
            return ExitCode::from(2);
        }
    };
    match super::install::install(manifest, contract, &loaded, &me) {
        Ok(done) => {
            println!(
                "installed: {} now runs {} through {}\noriginal manifest kept at {}",
                manifest.display(),
                done.original_host,
                done.launcher.display(),
                done.backup.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("msglint proxy install: {e}");
            ExitCode::from(2)
        }
    }
}
