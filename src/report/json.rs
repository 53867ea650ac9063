//! `--format json`: one object, described by `schemas/report.schema.json`. Field order
//! is the struct order below, so the output is byte-stable.
use std::io;

use serde::Serialize;

use super::{help_uri, resolve, ExtensionInfo, Report, Summary};
use crate::diagnostic::{Diagnostic, FileProblem, Label};
use crate::source::Sources;

/// Bumped when a field changes meaning or disappears; adding a field does not.
pub const REPORT_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    root: &'a str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Only when a `msglint-ignore` comment silenced something: existing reports stay
    /// byte-identical.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressed: Vec<JsonSuppressed<'a>>,
    problems: &'a [FileProblem],
    files_checked: usize,
    extensions: &'a [ExtensionInfo],
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// The primary span's own label, if any.
    label: Option<&'a str>,
    help: Option<&'a str>,
    help_uri: Option<String>,
    labels: Vec<JsonLabel<'a>>,
    flow: Vec<JsonLabel<'a>>,
}

/// A silenced finding: the finding's own fields, and the comment that silenced it.
#[derive(Serialize)]
struct JsonSuppressed<'a> {
    #[serde(flatten)]
    diagnostic: JsonDiagnostic<'a>,
    suppression: JsonSuppression<'a>,
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

fn labels<'a>(sources: &'a Sources, labels: &'a [Label]) -> Vec<JsonLabel<'a>> {
    labels
        .iter()
        .map(|l| {
            let at = resolve(sources, l.location);
            JsonLabel {
                file: at.file,
                line: at.line,
                column: at.column,
                end_line: at.end_line,
                end_column: at.end_column,
                message: &l.message,
            }
        })
        .collect()
}

fn diagnostic<'a>(sources: &'a Sources, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let at = resolve(sources, d.location);
    JsonDiagnostic {
        rule: d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        file: at.file,
        line: at.line,
        column: at.column,
        end_line: at.end_line,
        end_column: at.end_column,
        label: d.primary_label.as_deref(),
        help: d.help.as_deref(),
        help_uri: help_uri(d.rule),
        labels: labels(sources, &d.labels),
        flow: labels(sources, &d.flow),
    }
}

pub(super) fn render(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    let sources = &report.sources;
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| diagnostic(sources, d))
        .collect();
    let suppressed = report
        .suppressed
        .iter()
        .map(|s| {
            let at = resolve(sources, s.by);
            JsonSuppressed {
                diagnostic: diagnostic(sources, &s.diagnostic),
                suppression: JsonSuppression {
                    file: at.file,
                    line: at.line,
                    column: at.column,
                    end_line: at.end_line,
                    end_column: at.end_column,
                    reason: &s.reason,
                },
            }
        })
        .collect();
    let doc = JsonReport {
        version: REPORT_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        root: &report.root,
        diagnostics,
        suppressed,
        problems: &report.problems,
        files_checked: report.files_checked,
        extensions: &report.extensions,
        summary: report.summary(),
    };
    // `io::Error::from` keeps an I/O failure's kind (a closed pipe stays `BrokenPipe`).
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}
