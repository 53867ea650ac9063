//! The command line: argument parsing and dispatch to each command.
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::{check_keeping_trees, CheckOptions};
use crate::config::{parse_rule_override, Config, RuleLevel};
use crate::diagnostic::Severity;
use crate::report::{render, Format, RenderOptions};
use crate::rules;

#[derive(Debug, Parser)]
#[command(
    name = "msglint",
    version,
    about = "Make browser-extension messaging safe and correct"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check extensions (directories or files) for unsafe or broken messaging.
    Check(CheckArgs),
    /// List every rule with its default severity.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// The rule id, e.g. `async-listener-implicit-undefined`.
        id: String,
    },
    /// Validate messages (JSON or NDJSON) against a message contract.
    Validate(crate::contract::cli::ValidateArgs),
    /// Run a native messaging host behind a validating proxy.
    Proxy(crate::native::cli::ProxyArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Directories or files to check; a `.crx`, `.xpi` or `.zip` is checked unpacked.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format; pretty by default.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Configuration file (default: the nearest `msglint.toml` from the first path upwards).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Do not look for a `msglint.toml`: the defaults, and `--rule`, only. For checking
    /// code you did not write, whose own config could turn rules off or ignore files.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Report what `msglint-ignore` comments would silence. For checking code you did not
    /// write, whose comments could hide its findings.
    #[arg(long)]
    pub no_suppressions: bool,
    /// Check files `.gitignore` (or `.ignore`) excludes too; `node_modules` and `.git`
    /// stay skipped. For checking code you did not write, whose `.gitignore` could hide
    /// files from the check.
    #[arg(long)]
    pub no_ignore: bool,
    /// Set a rule's severity: `ID=off|info|warning|error`. Repeatable; beats the config.
    #[arg(long = "rule", value_name = "ID=LEVEL", value_parser = parse_rule_override)]
    pub rules: Vec<(String, RuleLevel)>,
    /// Fail (exit 1) when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Print only errors (the summary still counts everything).
    #[arg(long, short)]
    pub quiet: bool,
    /// Colors in pretty output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

pub fn main() -> ExitCode {
    // Fatal errors go to stderr through miette; wrapping only helps a person at a terminal.
    let tty = std::io::stderr().is_terminal();
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .wrap_lines(tty)
                .color(tty && std::env::var_os("NO_COLOR").is_none())
                .build(),
        )
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules => list_rules(),
        Command::Explain { id } => explain(&id),
        Command::Validate(args) => crate::contract::cli::run(args),
        Command::Proxy(args) => crate::native::cli::run(args),
    }
}

/// Print a fatal error (usage, configuration, I/O) and return exit code 2.
fn fatal(report: miette::Report) -> ExitCode {
    eprintln!("{report:?}");
    ExitCode::from(2)
}

fn run_check(args: CheckArgs) -> ExitCode {
    let known: Vec<&str> = rules::all_meta().iter().map(|m| m.id).collect();
    let config = match &args.config {
        Some(p) => match Config::load(p) {
            Ok(c) => Some(c),
            Err(e) => return fatal(e.into()),
        },
        None if args.no_config => None,
        None => match args.paths.first().map(|p| Config::find(p)).transpose() {
            Ok(found) => found.flatten().map(|(_, c)| c),
            Err(e) => return fatal(e.into()),
        },
    };
    let mut severities: HashMap<String, Option<Severity>> = HashMap::new();
    if let Some(c) = &config {
        if let Err(e) = c.check_rule_ids(&known) {
            return fatal(e.into());
        }
        for (id, level) in c.rule_levels() {
            severities.insert(id.to_string(), level.severity());
        }
    }
    for (id, level) in &args.rules {
        if !known.contains(&id.as_str()) {
            let hint = suggest(id, &known)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return fatal(miette::miette!(
                help = "`msglint rules` lists the rule ids",
                "--rule {id}={}: unknown rule `{id}`{hint}",
                level.as_str()
            ));
        }
        severities.insert(id.clone(), level.severity());
    }
    let ignore_fn = config.clone().map(|c| {
        let c = Arc::new(c);
        crate::discover::IgnoreFn(Arc::new(move |p: &std::path::Path| c.is_ignored(p, false)))
    });
    let opts = CheckOptions {
        paths: args.paths.clone(),
        severities,
        ignore_fn,
        minimum_chrome_version: config
            .as_ref()
            .and_then(|c| c.minimum_chrome_version)
            .map(u64::from),
        ignore_suppressions: args.no_suppressions,
        no_vcs_ignore: args.no_ignore,
        threads: args.threads,
        exiting: true,
    };
    let report = match check_keeping_trees(&opts) {
        Ok((report, trees)) => {
            // The process exits after printing: leave the trees to the OS.
            std::mem::forget(trees);
            report
        }
        Err(e) => return fatal(miette::miette!("{e}")),
    };
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none(),
    };
    let format = args.format.unwrap_or(Format::Pretty);
    let ropts = RenderOptions {
        color,
        quiet: args.quiet,
        threads: args.threads,
        ..Default::default()
    };
    // Stdout is line-buffered even into a file or pipe: a 60 MB JSON report went out in a
    // million `write` calls (a third of the run). One buffer, flushed at the end.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    if let Err(e) = render(&report, format, &ropts, &mut out).and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("msglint: could not write the report: {e}");
            return ExitCode::from(2);
        }
    }
    // The compact format is one finding a line on stdout, nothing else (problem matchers
    // parse it): files that could not be checked and have no diagnostic go to stderr.
    if matches!(format, Format::Compact) {
        for p in report.problems.iter().filter(|p| !p.diagnosed) {
            eprintln!("msglint: {}: {}", p.file, p.message);
        }
    }
    let summary = report.summary();
    let max_warnings = args
        .max_warnings
        .or(config.as_ref().and_then(|c| c.max_warnings));
    let too_many_warnings = max_warnings.is_some_and(|m| summary.warnings > m);
    // The process exits now: leave the report (every finding, every source's text) to the
    // OS, as the trees and models were.
    std::mem::forget(report);
    if summary.errors > 0 || too_many_warnings {
        if too_many_warnings
            && summary.errors == 0
            && !matches!(format, Format::Json | Format::Sarif)
        {
            eprintln!(
                "msglint: {} warnings, more than --max-warnings {}",
                summary.warnings,
                max_warnings.unwrap_or(0)
            );
        }
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn list_rules() -> ExitCode {
    let metas = rules::all_meta();
    let width = metas.iter().map(|m| m.id.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for m in metas {
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}",
            m.id,
            m.default_severity.as_str(),
            m.summary
        );
    }
    ExitCode::SUCCESS
}

fn explain(id: &str) -> ExitCode {
    match rules::meta(id) {
        Some(m) => {
            let _ = std::io::stdout().write_all(m.docs.as_bytes());
            ExitCode::SUCCESS
        }
        None => {
            let known: Vec<&str> = rules::all_meta().iter().map(|m| m.id).collect();
            let hint = suggest(id, &known)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            eprintln!("msglint: no rule `{id}`{hint} (`msglint rules` lists them)");
            ExitCode::from(2)
        }
    }
}

/// The closest known id, if it is close enough to be a typo.
fn suggest<'a>(id: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (levenshtein(id, k), *k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 5))
        .min()
        .map(|(_, k)| k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}
