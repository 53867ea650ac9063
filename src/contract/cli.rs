//! `msglint validate`: check messages (one JSON document, or NDJSON) against a contract.
//! Exit codes: 0 all valid, 1 any invalid, 2 broken contract, bad usage or unreadable input.
use std::io::{BufRead, BufReader, Read, Write};
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
    /// The input is NDJSON (one message per line), also when it holds a single document:
    /// read and reported line by line as it arrives, as `.ndjson` / `.jsonl` files are.
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
    let name = if args.input == "-" {
        "<stdin>".to_string()
    } else {
        args.input.clone()
    };
    // NDJSON known up front (`--ndjson`, `.ndjson` / `.jsonl`) is read line by line: results
    // appear as lines arrive (`tail -f log | msglint validate --ndjson`), and memory holds
    // one line, at most the size limit, however long the input.
    let streamed = args.ndjson || has_ndjson_extension(&name);
    let mut out = Reporter::new(name.clone(), args.format, streamed);
    let read = if streamed {
        open_input(&args.input).and_then(|input| stream_lines(&contract, &args, input, &mut out))
    } else {
        read_input(&args.input).map(|bytes| {
            if looks_like_ndjson(&bytes) {
                for (i, l) in bytes.split(|b| *b == b'\n').enumerate() {
                    if !l.iter().all(u8::is_ascii_whitespace) {
                        out.record(Some(i + 1), check_one(&contract, &args, l));
                    }
                }
            } else {
                out.record(None, check_one(&contract, &args, &bytes));
            }
        })
    };
    if let Err(e) = read {
        eprintln!("msglint validate: cannot read {}: {e}", args.input);
        return ExitCode::from(2);
    }
    let invalid = out.invalid;
    if let Err(e) = out.finish() {
        eprintln!("msglint: could not write the results: {e}");
        return ExitCode::from(2);
    }
    ExitCode::from(if invalid > 0 { 1 } else { 0 })
}

fn open_input(input: &str) -> std::io::Result<Box<dyn BufRead>> {
    Ok(if input == "-" {
        Box::new(BufReader::with_capacity(1 << 16, std::io::stdin().lock()))
    } else {
        Box::new(BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(input)?,
        ))
    })
}

/// Validate NDJSON line by line as it is read. A line over the size limit is measured and
/// skipped without being held (its exact size is reported); blank lines count for the
/// line numbers but are not messages.
fn stream_lines(
    contract: &Contract,
    args: &ValidateArgs,
    mut input: Box<dyn BufRead>,
    out: &mut Reporter,
) -> std::io::Result<()> {
    let limit = contract.limits().max_message_bytes;
    let mut line = Vec::new();
    for n in 1.. {
        line.clear();
        // One byte past the limit tells an oversized line (`--max-size` may be usize::MAX).
        let read = (&mut input)
            .take((limit as u64).saturating_add(1))
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            break;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        } else if line.len() > limit {
            let size = line.len() + skip_line(&mut input)?;
            out.record(Some(n), Err(too_large(size, limit)));
            continue;
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            out.record(Some(n), check_one(contract, args, &line));
        }
    }
    Ok(())
}

/// Consume the rest of a line (through its newline); the bytes before the newline.
fn skip_line(input: &mut dyn BufRead) -> std::io::Result<usize> {
    let mut skipped = 0;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(skipped);
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                input.consume(i + 1);
                return Ok(skipped + i);
            }
            None => {
                let n = buf.len();
                input.consume(n);
                skipped += n;
            }
        }
    }
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

fn read_input(input: &str) -> std::io::Result<Vec<u8>> {
    if input == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(input)
    }
}

fn has_ndjson_extension(name: &str) -> bool {
    let ext = Path::new(name).extension().and_then(|e| e.to_str());
    matches!(ext, Some("ndjson" | "jsonl"))
}

/// Whether input of no declared format is NDJSON: it is not one JSON document.
fn looks_like_ndjson(bytes: &[u8]) -> bool {
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
        return Err(too_large(bytes.len(), limits.max_message_bytes));
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

fn too_large(size: usize, limit: usize) -> Problem {
    Problem::Invalid(Violations {
        kind: None,
        violations: vec![Violation {
            code: ViolationCode::TooLarge,
            instance_path: String::new(),
            schema_path: String::new(),
            message: format!("message is {size} bytes, over the limit of {limit} bytes"),
        }],
    })
}

/// Writes results as they come: the pretty format at once (for streamed input, a problem
/// is flushed when it is found), the JSON document at the end (it opens with the counts).
struct Reporter {
    name: String,
    format: OutputFormat,
    /// The input is read as it arrives: each problem goes out at once, not when the
    /// buffer fills (a whole input read first needs no write per problem).
    live: bool,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    valid: usize,
    invalid: usize,
    results: Vec<Value>,
    /// The reader went away (`| head`): validation goes on for the exit code, silently.
    closed: bool,
    /// A write that failed otherwise (a full disk): reported when the run ends.
    error: Option<std::io::Error>,
}

impl Reporter {
    fn new(name: String, format: OutputFormat, live: bool) -> Self {
        Reporter {
            name,
            format,
            live,
            // Buffered: stdout is line-buffered even into a file, one `write` per line otherwise.
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            valid: 0,
            invalid: 0,
            results: Vec::new(),
            closed: false,
            error: None,
        }
    }

    fn record(&mut self, line: Option<usize>, result: Result<String, Problem>) {
        match &result {
            Ok(_) => self.valid += 1,
            Err(_) => self.invalid += 1,
        }
        match self.format {
            OutputFormat::Json => self.results.push(match result {
                Ok(kind) => json!({"line": line, "valid": true, "kind": kind}),
                Err(Problem::Malformed(m)) => json!({"line": line, "valid": false, "error": m}),
                Err(Problem::Invalid(v)) => {
                    json!({"line": line, "valid": false, "kind": v.kind, "violations": v.violations})
                }
            }),
            OutputFormat::Pretty => {
                if let Err(problem) = &result {
                    let written = self.pretty(line, problem).and_then(|()| {
                        if self.live {
                            self.out.flush()
                        } else {
                            Ok(())
                        }
                    });
                    self.note(written);
                }
            }
        }
    }

    fn pretty(&mut self, line: Option<usize>, problem: &Problem) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let at = match line {
            Some(l) => format!("{}:{l}", self.name),
            None => self.name.clone(),
        };
        match problem {
            Problem::Malformed(m) => writeln!(self.out, "{at}: {m}"),
            Problem::Invalid(v) => {
                let kind = v
                    .kind
                    .as_deref()
                    .map(|k| format!(" `{k}`"))
                    .unwrap_or_default();
                writeln!(self.out, "{at}: invalid message{kind}")?;
                for violation in &v.violations {
                    writeln!(self.out, "  {violation}")?;
                }
                Ok(())
            }
        }
    }

    /// A failed write ends the output, not the validation (the exit code covers every
    /// message); one that failed for another reason than a closed reader is kept.
    fn note(&mut self, written: std::io::Result<()>) {
        if let Err(e) = written {
            self.closed = true;
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                self.error.get_or_insert(e);
            }
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.closed {
            return Ok(());
        }
        let total = self.valid + self.invalid;
        let written = match self.format {
            OutputFormat::Json => {
                let results = std::mem::take(&mut self.results);
                let doc = json!({"input": self.name, "valid": self.valid, "invalid": self.invalid, "results": results});
                writeln!(self.out, "{doc}")
            }
            OutputFormat::Pretty => {
                let noun = if total == 1 { "message" } else { "messages" };
                writeln!(
                    self.out,
                    "{total} {noun}: {} valid, {} invalid",
                    self.valid, self.invalid
                )
            }
        }
        .and_then(|()| self.out.flush());
        match written {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}
