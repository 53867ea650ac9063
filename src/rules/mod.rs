//! The rule registry. One rule per file; each declares its metadata once and has a
//! page `rules/<id>.md` (embedded here, shown by `msglint explain`, its examples run
//! as tests).
use crate::diagnostic::Severity;

/// Where rule pages are published; SARIF `helpUri` and JSON `help_uri` point here.
pub const DOCS_BASE: &str = "https://msglint.dev/rules/";

/// What a rule is, declared once.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line: what it flags.
    pub summary: &'static str,
    /// The rule's page, `rules/<id>.md`.
    pub docs: &'static str,
}

impl RuleMeta {
    pub fn help_uri(&self) -> String {
        format!("{DOCS_BASE}{}", self.id)
    }
}

/// Every rule's metadata, sorted by id.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    Vec::new()
}

/// Look a rule up by id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    all_meta().into_iter().find(|m| m.id == id)
}
