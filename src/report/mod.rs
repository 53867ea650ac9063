//! Rendering a finished run: pretty (miette), JSON, SARIF, GitHub annotations, compact.
use crate::diagnostic::{Diagnostic, FileProblem};
use crate::source::Sources;

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
    /// Files that could not be read or parsed.
    pub problems: Vec<FileProblem>,
    pub files_checked: usize,
    pub extensions: Vec<ExtensionInfo>,
}
