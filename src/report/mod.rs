//! Rendering a finished run: pretty (miette), JSON, SARIF, GitHub annotations, compact.
//!
//! Every format renders `report.diagnostics` in the order given (the pipeline sorts
//! them), so the output is deterministic whatever the thread count.
use std::io;

use crate::diagnostic::{Diagnostic, FileProblem, Location, Severity, Suppressed};
use crate::source::Sources;

mod compact;
mod excerpt;
mod github;
mod json;
mod pretty;
mod sarif;

/// Output formats of `msglint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Pretty,
    Json,
    Sarif,
    Github,
    Compact,
}

/// One manifest found during discovery, as reports list it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExtensionInfo {
    /// Path of `manifest.json` relative to the root.
    pub manifest: String,
    pub name: Option<String>,
    pub manifest_version: Option<u64>,
}

/// Everything a finished `msglint check` run knows.
#[derive(Debug, Default)]
pub struct Report {
    /// The root that `file` paths are relative to (display form).
    pub root: String,
    pub sources: Sources,
    /// Sorted: by file, position, rule, message. Deterministic whatever the thread count.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings that `msglint-ignore` comments silenced, sorted as `diagnostics`: not
    /// counted, but listed (JSON, SARIF) and counted in pretty output's summary.
    pub suppressed: Vec<Suppressed>,
    /// Files that could not be read or parsed.
    pub problems: Vec<FileProblem>,
    pub files_checked: usize,
    pub extensions: Vec<ExtensionInfo>,
}

impl Report {
    /// Counts of diagnostics per severity, over all diagnostics (never filtered by `--quiet`).
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// Number of findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// How to render; only some options apply to some formats.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// ANSI colours (pretty only).
    pub color: bool,
    /// Print only error-severity findings (pretty, compact, github); the summary still
    /// counts everything. Machine formats (json, sarif) always carry every finding.
    pub quiet: bool,
    /// Width to wrap messages at (pretty only); `None` means 100 columns.
    pub width: Option<usize>,
    /// Threads that render findings (pretty only); 0 means one per core.
    pub threads: usize,
}

/// Render `report` in `format` to `out`.
pub fn render(
    report: &Report,
    format: Format,
    opts: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Pretty => pretty::render(report, opts, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Github => github::render(report, opts, out),
        Format::Compact => compact::render(report, opts, out),
    }
}

/// Whether a diagnostic is printed under `opts` by the human-facing formats.
fn shown(d: &Diagnostic, opts: &RenderOptions) -> bool {
    !opts.quiet || d.severity == Severity::Error
}

/// A location resolved to a file and 1-based positions; the end is the position of
/// the span's (exclusive) end offset, as SARIF regions and editors expect.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn resolve(sources: &Sources, loc: Location) -> Span<'_> {
    let src = sources.get(loc.source);
    let start = src.line_col(loc.start);
    let end = src.line_col(loc.end);
    Span {
        file: &src.rel,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// The rule page URL, for rules in the registry (ad-hoc ids such as `parse-error`
/// have no page).
fn help_uri(rule: &str) -> Option<String> {
    crate::rules::meta(rule).map(|m| m.help_uri())
}
