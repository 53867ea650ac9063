//! `--format json`: one object, described by `schemas/report.schema.json`. Field order
//! is the struct order below, so the output is byte-stable.
use std::io;

use serde::Serialize;

use super::{help_uri, resolve, ExtensionInfo, Report, Summary};
use crate::diagnostic::{FileProblem, Label};
use crate::source::Sources;

/// Bumped when a field changes meaning or disappears; adding a field does not.
pub const REPORT_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    root: &'a str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
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

pub(super) fn render(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            let at = resolve(&report.sources, d.location);
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
                labels: labels(&report.sources, &d.labels),
                flow: labels(&report.sources, &d.flow),
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
        problems: &report.problems,
        files_checked: report.files_checked,
        extensions: &report.extensions,
        summary: report.summary(),
    };
    // `io::Error::from` keeps an I/O failure's kind (a closed pipe stays `BrokenPipe`).
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}
