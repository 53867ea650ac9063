//! `// msglint-ignore <rule>[, <rule>]: <reason>` (next line) and
//! `/* msglint-ignore-file <rule>: <reason> */` (whole file). The reason is required; a
//! suppression naming an unknown rule, or suppressing nothing, is reported.
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::parse::Comment;
use crate::rules::{INVALID_SUPPRESSION, UNUSED_SUPPRESSION};
use crate::source::{Source, SourceId};

#[derive(Debug, Clone)]
pub struct Suppression {
    pub source: SourceId,
    /// `None` for a file-wide suppression; else the 1-based line it covers.
    pub line: Option<usize>,
    pub rules: Vec<String>,
    pub location: Location,
    pub used: bool,
}

/// Read the suppressions of one unit's comments; malformed ones become diagnostics.
pub fn collect(
    comments: &[Comment],
    source_id: SourceId,
    source: &Source,
    known: &dyn Fn(&str) -> bool,
    out: &mut Vec<Diagnostic>,
) -> Vec<Suppression> {
    let mut result = Vec::new();
    for c in comments {
        let text = c.text.trim().trim_start_matches('*').trim();
        let (file_wide, rest) = if let Some(r) = text.strip_prefix("msglint-ignore-file") {
            (true, r)
        } else if let Some(r) = text.strip_prefix("msglint-ignore") {
            (false, r)
        } else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let location = Location::new(source_id, c.start, c.end);
        let (ids, reason) = match rest.split_once(':') {
            Some((ids, reason)) => (ids, reason.trim()),
            None => (rest, ""),
        };
        let rules: Vec<String> = ids
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if rules.is_empty() {
            out.push(
                Diagnostic::new(
                    INVALID_SUPPRESSION.id,
                    Severity::Warning,
                    location,
                    "suppression names no rule",
                )
                .with_help("write `// msglint-ignore <rule-id>: <why this is safe>`"),
            );
            continue;
        }
        if reason.is_empty() {
            out.push(
                Diagnostic::new(
                    INVALID_SUPPRESSION.id,
                    Severity::Warning,
                    location,
                    format!("suppression of `{}` gives no reason", rules.join(", ")),
                )
                .with_help("add the reason after a colon: `// msglint-ignore <rule-id>: <why this is safe>`; until then it suppresses nothing"),
            );
            continue;
        }
        let unknown: Vec<&String> = rules.iter().filter(|r| !known(r)).collect();
        if !unknown.is_empty() {
            out.push(
                Diagnostic::new(
                    INVALID_SUPPRESSION.id,
                    Severity::Warning,
                    location,
                    format!(
                        "suppression names unknown rule{} {}",
                        if unknown.len() > 1 { "s" } else { "" },
                        unknown
                            .iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with_help("`msglint rules` lists the rule ids"),
            );
            continue;
        }
        let line = if file_wide {
            None
        } else {
            Some(source.line(c.end) + 1)
        };
        result.push(Suppression {
            source: source_id,
            line,
            rules,
            location,
            used: false,
        });
    }
    result
}

/// Drop suppressed diagnostics and report suppressions that suppressed nothing.
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    suppressions: &mut [Suppression],
    line_of: &dyn Fn(&Location) -> usize,
) -> Vec<Diagnostic> {
    let mut kept = Vec::with_capacity(diagnostics.len());
    'diag: for d in diagnostics {
        for s in suppressions.iter_mut() {
            if s.source == d.location.source
                && s.rules.iter().any(|r| r == d.rule)
                && s.line.is_none_or(|l| l == line_of(&d.location))
            {
                s.used = true;
                continue 'diag;
            }
        }
        kept.push(d);
    }
    for s in suppressions.iter().filter(|s| !s.used) {
        kept.push(
            Diagnostic::new(
                UNUSED_SUPPRESSION.id,
                Severity::Warning,
                s.location,
                format!(
                    "this suppression of `{}` suppresses nothing",
                    s.rules.join(", ")
                ),
            )
            .with_help(match s.line {
                Some(_) => "remove it, or move it to the line just above the finding",
                None => "remove it",
            }),
        );
    }
    kept
}
