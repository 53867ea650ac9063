//! `file:line:col: severity [rule] message`, one line per finding and nothing else:
//! scripts and editors' problem matchers parse this shape.
use std::io;

use super::{resolve, shown, RenderOptions, Report};

pub(super) fn render(
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    for d in report.diagnostics.iter().filter(|d| shown(d, opts)) {
        let at = resolve(&report.sources, d.location);
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            at.file,
            at.line,
            at.column,
            d.severity,
            d.rule,
            one_line(&d.message)
        )?;
    }
    Ok(())
}

/// A message with a line break would break the one-line-per-finding contract.
fn one_line(s: &str) -> String {
    s.split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
