//! `msglint validate`: check messages (one JSON document, or NDJSON) against a contract.
//! Exit codes: 0 all valid, 1 any invalid, 2 broken contract, bad usage or unreadable input.
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{json, Value};

use super::validate::{Outcome, Violation, ViolationCode, Violations};
use super::{Contract, ContractOptions, Direction};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DirectionArg {
    ToHost,
    ToBrowser,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Self {
        match d {
            DirectionArg::ToHost => Direction::ToHost,
            DirectionArg::ToBrowser => Direction::ToBrowser,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The message contract (JSON).
    #[arg(long, value_name = "FILE")]
    pub contract: PathBuf,
    /// Validate every message as this kind instead of reading its discriminator.
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// The messages are responses to `--kind` messages.
    #[arg(long, requires = "kind")]
    pub response: bool,
    /// Validate native messages of this host (needs --direction).
    #[arg(
        long,
        value_name = "NAME",
        requires = "direction",
        conflicts_with = "response"
    )]
    pub host: Option<String>,
    /// Which way the native messages travel.
    #[arg(long, value_enum, requires = "host")]
    pub direction: Option<DirectionArg>,
    /// Treat the input as NDJSON even when it holds a single document.
    #[arg(long)]
    pub ndjson: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "pretty")]
    pub format: OutputFormat,
    /// Largest message in bytes (overrides the contract's limit).
    #[arg(long, value_name = "BYTES")]
    pub max_size: Option<usize>,
    /// Deepest nesting (overrides the contract's limit).
    #[arg(long, value_name = "LEVELS")]
    pub max_depth: Option<usize>,
    /// Messages to validate: a file, or `-` (the default) for stdin.
    #[arg(value_name = "FILE|-", default_value = "-")]
    pub input: String,
}

/// One message's result, keyed by its line (NDJSON) or `None` (a single document).
struct Record {
    line: Option<usize>,
    result: Result<String, Problem>,
}

enum Problem {
    /// The line is not JSON.
    Malformed(String),
    Invalid(Violations),
}

/// Run `msglint validate`.
pub fn run(args: ValidateArgs) -> ExitCode {
    let contract = match load_contract(&args) {
        Ok(c) => c,
        Err(e) => {
            match args.format {
                OutputFormat::Pretty => eprintln!("{:?}", miette::Report::new(e)),
                OutputFormat::Json => {
                    let out = json!({"error": {
                        "code": e.kind().code(), "message": e.message(), "file": e.file(),
                        "line": e.location().map(|l| l.0), "column": e.location().map(|l| l.1),
                        "help": e.help_text(),
                    }});
                    println!("{out}");
                }
            }
            return ExitCode::from(2);
        }
    };
    if let Some(host) = &args.host {
        if contract.native_host(host).is_none() {
            let known: Vec<&str> = contract.native_hosts().collect();
            eprintln!(
                "msglint validate: native host `{host}` is not in the contract (known: {})",
                known.join(", ")
            );
            return ExitCode::from(2);
        }
    }
    let (name, bytes) = match read_input(&args.input) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("msglint validate: cannot read {}: {e}", args.input);
            return ExitCode::from(2);
        }
    };
    let ndjson = args.ndjson || looks_like_ndjson(&name, &bytes);
    let records = if ndjson {
        bytes
            .split(|b| *b == b'\n')
            .enumerate()
            .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
            .map(|(i, l)| Record {
                line: Some(i + 1),
                result: check_one(&contract, &args, l),
            })
            .collect()
    } else {
        vec![Record {
            line: None,
            result: check_one(&contract, &args, &bytes),
        }]
    };
    let invalid = records.iter().filter(|r| r.result.is_err()).count();
    if let Err(e) = report(&name, &records, args.format) {
        // A reader that stops early (`| head`) is not a failure of the validation.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("msglint: could not write the results: {e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::from(if invalid > 0 { 1 } else { 0 })
}

fn load_contract(args: &ValidateArgs) -> Result<Contract, super::ContractError> {
    // The flags override single limits on top of the contract's own: one load.
    let options = ContractOptions {
        max_message_bytes: args.max_size,
        max_depth: args.max_depth,
        ..ContractOptions::default()
    };
    Contract::load_with(&args.contract, &options)
}

fn read_input(input: &str) -> std::io::Result<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    if input == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(("<stdin>".to_string(), bytes))
    } else {
        bytes = std::fs::read(input)?;
        Ok((input.to_string(), bytes))
    }
}

/// NDJSON when the extension says so, or when the input is not one JSON document.
fn looks_like_ndjson(name: &str, bytes: &[u8]) -> bool {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    if matches!(ext, "ndjson" | "jsonl") {
        return true;
    }
    let mut stream =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    let first_ok = matches!(stream.next(), Some(Ok(_)));
    let rest_empty = stream.next().is_none();
    // A stream of several documents, or one that does not parse as a whole, is read line
    // by line so that each broken line is reported on its own.
    !(first_ok && rest_empty) && bytes.contains(&b'\n')
}

fn check_one(contract: &Contract, args: &ValidateArgs, bytes: &[u8]) -> Result<String, Problem> {
    // A native host is held to the contract's limits too.
    let limits = *contract.limits();
    // The exact size is known here: refuse before parsing, so nothing huge is built.
    if bytes.len() > limits.max_message_bytes {
        return Err(Problem::Invalid(Violations {
            kind: None,
            violations: vec![Violation {
                code: ViolationCode::TooLarge,
                instance_path: String::new(),
                schema_path: String::new(),
                message: format!(
                    "message is {} bytes, over the limit of {} bytes",
                    bytes.len(),
                    limits.max_message_bytes
                ),
            }],
        }));
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) if e.to_string().contains("recursion limit") => {
            return Err(Problem::Invalid(Violations {
                kind: None,
                violations: vec![Violation {
                    code: ViolationCode::TooDeep,
                    instance_path: String::new(),
                    schema_path: String::new(),
                    message: "message nests deeper than the JSON parser allows (128 levels)".into(),
                }],
            }))
        }
        Err(e) => return Err(Problem::Malformed(format!("not valid JSON: {e}"))),
    };
    let outcome: Outcome<'_> = match (&args.host, args.direction, &args.kind, args.response) {
        (Some(host), Some(dir), kind, _) => match contract.native_host(host) {
            Some(h) => match kind {
                Some(k) => h.validate_as(dir.into(), k, &value),
                None => h.validate(dir.into(), &value),
            },
            None => contract.validate_native(host, dir.into(), &value),
        },
        (_, _, Some(kind), true) => contract.validate_response(kind, &value),
        (_, _, Some(kind), false) => contract.validate_request_as(kind, &value),
        _ => contract.validate_request(&value),
    };
    outcome.map(str::to_string).map_err(Problem::Invalid)
}

fn report(name: &str, records: &[Record], format: OutputFormat) -> std::io::Result<()> {
    // Buffered: stdout is line-buffered even into a file, one `write` per line otherwise.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let valid = records.iter().filter(|r| r.result.is_ok()).count();
    match format {
        OutputFormat::Json => {
            let results: Vec<Value> = records
                .iter()
                .map(|r| match &r.result {
                    Ok(kind) => json!({"line": r.line, "valid": true, "kind": kind}),
                    Err(Problem::Malformed(m)) => json!({"line": r.line, "valid": false, "error": m}),
                    Err(Problem::Invalid(v)) => {
                        json!({"line": r.line, "valid": false, "kind": v.kind, "violations": v.violations})
                    }
                })
                .collect();
            let doc = json!({"input": name, "valid": valid, "invalid": records.len() - valid, "results": results});
            writeln!(out, "{doc}")?;
        }
        OutputFormat::Pretty => {
            for r in records {
                let at = match r.line {
                    Some(l) => format!("{name}:{l}"),
                    None => name.to_string(),
                };
                match &r.result {
                    Ok(_) => {}
                    Err(Problem::Malformed(m)) => writeln!(out, "{at}: {m}")?,
                    Err(Problem::Invalid(v)) => {
                        let kind = v
                            .kind
                            .as_deref()
                            .map(|k| format!(" `{k}`"))
                            .unwrap_or_default();
                        writeln!(out, "{at}: invalid message{kind}")?;
                        for violation in &v.violations {
                            writeln!(out, "  {violation}")?;
                        }
                    }
                }
            }
            let noun = if records.len() == 1 {
                "message"
            } else {
                "messages"
            };
            writeln!(
                out,
                "{} {noun}: {valid} valid, {} invalid",
                records.len(),
                records.len() - valid
            )?;
        }
    }
    out.flush()
}
