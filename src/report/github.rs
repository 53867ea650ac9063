//! GitHub Actions workflow commands (`::error file=..,line=..::message`), which the
//! runner turns into annotations on the pull request's diff.
use std::io;

use super::{resolve, shown, RenderOptions, Report};
use crate::diagnostic::Severity;

pub(super) fn render(
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    for d in report.diagnostics.iter().filter(|d| shown(d, opts)) {
        let at = resolve(&report.sources, d.location);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&workspace_path(&report.root, at.file)),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            escape_property(d.rule),
            escape_data(&message)
        )?;
    }
    // Files that could not be checked and have no diagnostic of their own (a script the
    // manifest names that is not there, a broken link): an annotation on the file, or
    // they would pass unseen.
    for p in report.problems.iter().filter(|p| !p.diagnosed) {
        writeln!(
            out,
            "::warning file={},title=not checked::{}",
            escape_property(&workspace_path(&report.root, &p.file)),
            escape_data(&p.message)
        )?;
    }
    Ok(())
}

/// Annotations need the path from the workspace (where the command runs), not from the
/// checked root: `msglint check ext` reports `bg.js`, GitHub wants `ext/bg.js`.
fn workspace_path(root: &str, rel: &str) -> String {
    let root = root.trim_end_matches('/');
    let root = root.strip_prefix("./").unwrap_or(root);
    if root.is_empty() || root == "." {
        rel.to_string()
    } else {
        format!("{root}/{rel}")
    }
}

/// Escaping of a command's message, as the runner's `toolkit/core` does it.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value, where `:` and `,` are also delimiters.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_delimiters() {
        assert_eq!(escape_data("100%\r\nok: a,b"), "100%25%0D%0Aok: a,b");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn joins_relative_roots() {
        assert_eq!(workspace_path(".", "a.js"), "a.js");
        assert_eq!(workspace_path("", "a.js"), "a.js");
        assert_eq!(workspace_path("./ext/", "a.js"), "ext/a.js");
        assert_eq!(workspace_path("/abs/ext", "a.js"), "/abs/ext/a.js");
    }
}
