//! Findings: what every rule produces and every output format renders.
use std::fmt;

use serde::Serialize;

use crate::source::SourceId;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text of a finding that is most often a constant (help, labels): borrowed when it is,
/// so a report of tens of thousands of findings does not copy the same sentences into
/// each of them (a finding-dense check held 1.9 KB per flow finding before).
pub type Text = std::borrow::Cow<'static, str>;

/// A byte range in one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub source: SourceId,
    pub start: usize,
    pub end: usize,
}

impl Location {
    pub fn new(source: SourceId, start: usize, end: usize) -> Self {
        Location {
            source,
            start,
            end: end.max(start),
        }
    }
}

/// A secondary span with a short message: "the message arrives here", "used here".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub location: Location,
    pub message: Text,
}

/// A finding that a `msglint-ignore` comment silenced. It is not counted and does not
/// fail the run, but it is not dropped either: JSON lists it under `suppressed` and SARIF
/// as a result with an in-source suppression, so a reviewer sees what the code's own
/// comments hid (and `--no-suppressions` reports it as a finding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    /// The comment that silenced it.
    pub by: Location,
    /// The reason the comment gives.
    pub reason: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule id, kebab-case, stable.
    pub rule: &'static str,
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub help: Option<Text>,
    /// Where the finding is reported (its line and column).
    pub location: Location,
    /// The label on the primary span, if it deserves one.
    pub primary_label: Option<Text>,
    /// Other relevant spans, possibly in other files.
    pub labels: Vec<Label>,
    /// For taint findings: source, hops and sink in order (SARIF `codeFlows`).
    pub flow: Vec<Label>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            severity,
            message: message.into(),
            help: None,
            location,
            primary_label: None,
            labels: Vec::new(),
            flow: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_primary_label(mut self, label: impl Into<Text>) -> Self {
        self.primary_label = Some(label.into());
        self
    }

    pub fn with_label(mut self, location: Location, message: impl Into<Text>) -> Self {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    pub fn with_flow(mut self, flow: Vec<Label>) -> Self {
        self.flow = flow;
        self
    }
}

/// A file that could not be read or parsed; listed in reports beside the diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileProblem {
    /// Path relative to the checked root.
    pub file: String,
    pub message: String,
    /// A diagnostic says the same (a `parse-error` on the file): the formats that show
    /// only diagnostics need not repeat it. Those that do not have one (a file the
    /// manifest names and the disk lacks, a broken link) they show on their own.
    #[serde(skip)]
    pub diagnosed: bool,
}
