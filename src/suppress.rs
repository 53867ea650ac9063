//! `// msglint-ignore <rule>[, <rule>]: <reason>` (next line) and
//! `/* msglint-ignore-file <rule>: <reason> */` (whole file). The reason is required; a
//! suppression naming an unknown rule, or suppressing nothing, is reported.
use crate::diagnostic::{Diagnostic, Location, Severity, Suppressed};
use crate::parse::Comment;
use crate::rules::{INVALID_SUPPRESSION, UNUSED_SUPPRESSION};
use crate::source::{Source, SourceId};
use rustc_hash::FxHashMap as HashMap;

#[derive(Debug, Clone)]
pub struct Suppression {
    pub source: SourceId,
    /// `None` for a file-wide suppression; else the 1-based line it covers.
    pub line: Option<usize>,
    pub rules: Vec<String>,
    pub reason: String,
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
            reason: reason.to_string(),
            location,
            used: false,
        });
    }
    result
}

/// Set suppressed diagnostics aside (second list, each with the comment that silenced
/// it) and report suppressions that suppressed nothing. When several suppressions cover
/// a diagnostic, the first in `suppressions` is the one used.
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    suppressions: &mut [Suppression],
    line_of: &dyn Fn(&Location) -> usize,
) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    if suppressions.is_empty() {
        return (diagnostics, Vec::new());
    }
    // Each diagnostic is matched against its file's suppressions and its line's only:
    // against every suppression of the run, 5,000 of them with 15,000 findings took
    // 0.3 s.
    let mut by_place: HashMap<(SourceId, Option<usize>), Vec<usize>> = HashMap::default();
    for (i, s) in suppressions.iter().enumerate() {
        by_place.entry((s.source, s.line)).or_default().push(i);
    }
    let mut kept = Vec::with_capacity(diagnostics.len());
    let mut suppressed = Vec::new();
    for d in diagnostics {
        let source = d.location.source;
        let file_wide = by_place.get(&(source, None));
        let on_line = by_place.get(&(source, Some(line_of(&d.location))));
        let hit = file_wide
            .into_iter()
            .chain(on_line)
            .flatten()
            .copied()
            .filter(|&i| suppressions[i].rules.iter().any(|r| r == d.rule))
            .min();
        match hit {
            Some(i) => {
                let s = &mut suppressions[i];
                s.used = true;
                suppressed.push(Suppressed {
                    diagnostic: d,
                    by: s.location,
                    reason: s.reason.clone(),
                });
            }
            None => kept.push(d),
        }
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
    (kept, suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supp(source: u32, line: Option<usize>, rule: &str, at: usize) -> Suppression {
        Suppression {
            source: SourceId(source),
            line,
            rules: vec![rule.to_string()],
            reason: "why".to_string(),
            location: Location::new(SourceId(source), at, at + 1),
            used: false,
        }
    }

    fn diag(source: u32, rule: &'static str, at: usize) -> Diagnostic {
        Diagnostic::new(
            rule,
            Severity::Error,
            Location::new(SourceId(source), at, at + 1),
            "x",
        )
    }

    /// A diagnostic is suppressed only by its own file's suppressions, file-wide or of
    /// its line, and of its rule; of several that cover it, the first listed is used and
    /// the others are reported as suppressing nothing.
    #[test]
    fn the_first_covering_suppression_of_the_diagnostics_file_and_line_is_used() {
        // Offsets stand for lines here: line_of gives a location's start.
        let line_of = |l: &Location| l.start;
        let mut suppressions = vec![
            supp(0, Some(5), "rule-a", 100), // covers d1 (file 0, line 5)
            supp(0, None, "rule-a", 101),    // covers d1 too, but comes second
            supp(1, Some(5), "rule-a", 102), // file 1: not d1's file
            supp(0, Some(7), "rule-b", 103), // covers d2
            supp(0, Some(7), "rule-a", 104), // line 7, another rule: covers nothing
        ];
        let (kept, suppressed) = apply(
            vec![
                diag(0, "rule-a", 5),
                diag(0, "rule-b", 7),
                diag(1, "rule-b", 5),
            ],
            &mut suppressions,
            &line_of,
        );
        let used: Vec<bool> = suppressions.iter().map(|s| s.used).collect();
        let silenced: Vec<(&str, usize, usize)> = suppressed
            .iter()
            .map(|s| (s.diagnostic.rule, s.diagnostic.location.start, s.by.start))
            .collect();
        assert_eq!(silenced, [("rule-a", 5, 100), ("rule-b", 7, 103)]);
        assert_eq!(used, [true, false, false, true, false]);
        let got: Vec<(&str, u32, usize)> = kept
            .iter()
            .map(|d| (d.rule, d.location.source.0, d.location.start))
            .collect();
        assert_eq!(
            got,
            [
                ("rule-b", 1, 5),
                (UNUSED_SUPPRESSION.id, 0, 101),
                (UNUSED_SUPPRESSION.id, 1, 102),
                (UNUSED_SUPPRESSION.id, 0, 104),
            ]
        );
    }
}
