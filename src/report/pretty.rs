//! Human output through miette's graphical handler: per finding the rule id, severity,
//! message, a snippet with every labelled span, the help; then unreadable files and a
//! summary line.
use std::fmt;
use std::io;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use rayon::prelude::*;

use super::excerpt::Excerpt;
use super::{help_uri, resolve, shown, RenderOptions, Report};
use crate::diagnostic::{Diagnostic, Location, Severity, Text};
use crate::source::SourceId;

const DEFAULT_WIDTH: usize = 100;
/// The most places one finding's snippets label: the primary span, flow steps, labels.
const MAX_MARKS: usize = 16;
/// Labels shown whatever the length of the flow.
const MIN_LABELS: usize = 4;
/// Reports with more findings than this render them on several threads.
const PARALLEL_FROM: usize = 64;

pub(super) fn render(
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width.unwrap_or(DEFAULT_WIDTH))
        .with_links(false)
        // The snippet's name already carries `file:line:col` (see `Snippet::name`).
        .without_primary_span_start();
    // miette takes tens of microseconds per finding: a report of tens of thousands took
    // seconds on one core. A long report is rendered in parallel, a batch at a time (so
    // the text in memory stays bounded), and written in its order; a short one is not
    // worth starting threads for.
    let shown: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| shown(d, opts))
        .collect();
    let pool = if shown.len() > PARALLEL_FROM {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.threads)
            .build()
            .map_err(io::Error::other)?;
        Some(pool)
    } else {
        None
    };
    let one = |d: &&Diagnostic| render_one(&handler, report, d);
    for batch in shown.chunks(512) {
        let texts: Vec<Result<String, fmt::Error>> = match &pool {
            Some(pool) => pool.install(|| batch.par_iter().map(one).collect()),
            None => batch.iter().map(one).collect(),
        };
        for text in texts {
            let text = text.map_err(|_| io::Error::other("could not render a diagnostic"))?;
            out.write_all(text.as_bytes())?;
        }
    }
    if !report.problems.is_empty() {
        writeln!(out, "Files that could not be checked:")?;
        for p in &report.problems {
            writeln!(out, "  {}: {}", p.file, p.message)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(report))
}

/// One finding as text, with a blank line after it.
fn render_one(
    handler: &GraphicalReportHandler,
    report: &Report,
    d: &Diagnostic,
) -> Result<String, fmt::Error> {
    let main = Rendered::new(report, d);
    let mut text = String::new();
    // Spans in other files follow as their own snippets: miette's "related" rendering
    // would prefix each with a bare "Advice:" line.
    for part in std::iter::once(&main).chain(&main.related) {
        handler.render_report(&mut text, part)?;
    }
    text.push('\n');
    Ok(text)
}

/// `2 errors, 1 warning, 1 info in 12 files` (infos only when there are some).
fn summary_line(report: &Report) -> String {
    fn count(n: usize, what: &str) -> String {
        format!("{n} {what}{}", if n == 1 { "" } else { "s" })
    }
    let s = report.summary();
    let mut parts = vec![count(s.errors, "error"), count(s.warnings, "warning")];
    if s.infos > 0 {
        parts.push(count(s.infos, "info"));
    }
    let mut line = format!(
        "{} in {}",
        parts.join(", "),
        count(report.files_checked, "file")
    );
    // Silenced findings are not counted, but a reviewer must know they exist.
    if !report.suppressed.is_empty() {
        line.push_str(&format!(
            " ({} suppressed by msglint-ignore comments; --no-suppressions shows them)",
            report.suppressed.len()
        ));
    }
    line
}

/// One finding (or the part of it in another file) as a miette diagnostic.
struct Rendered {
    message: String,
    code: Option<String>,
    url: Option<String>,
    severity: miette::Severity,
    help: Option<Text>,
    source: Excerpt,
    labels: Vec<LabeledSpan>,
    /// The parts in other files, rendered after this one.
    related: Vec<Rendered>,
}

/// A span to show, before it is placed in its file's excerpt.
struct Mark {
    location: Location,
    label: Option<Text>,
    primary: bool,
}

impl Rendered {
    fn new(report: &Report, d: &Diagnostic) -> Self {
        let mut marks = vec![Mark {
            location: d.location,
            label: d.primary_label.clone(),
            primary: true,
        }];
        // A snippet shows a bounded number of places: a finding that names thousands
        // (every competing listener of a huge background script) rendered megabytes of
        // snippet and took seconds. The machine formats keep every label.
        let room = MAX_MARKS.saturating_sub(1 + d.flow.len()).max(MIN_LABELS);
        let omitted = d.labels.len().saturating_sub(room);
        marks.extend(d.labels.iter().take(room).map(|l| Mark {
            location: l.location,
            label: Some(l.message.clone()),
            primary: false,
        }));
        // Flow steps the rule did not already label, numbered so the path reads in order.
        let total = d.flow.len();
        for (i, step) in d.flow.iter().enumerate() {
            let label = Some(Text::from(format!(
                "flow {}/{total}: {}",
                i + 1,
                step.message
            )));
            match marks.iter_mut().find(|m| m.location == step.location) {
                Some(same) if same.label.is_none() => same.label = label,
                Some(_) => {}
                None => marks.push(Mark {
                    location: step.location,
                    label,
                    primary: false,
                }),
            }
        }

        // Files in order of first appearance; the primary's file comes first.
        let mut files: Vec<SourceId> = Vec::new();
        for m in &marks {
            if !files.contains(&m.location.source) {
                files.push(m.location.source);
            }
        }
        let mut snippets = files.into_iter().map(|file| {
            let here: Vec<&Mark> = marks.iter().filter(|m| m.location.source == file).collect();
            snippet(report, &here)
        });
        let (source, labels) = snippets
            .next()
            .unwrap_or_else(|| snippet(report, &[&marks[0]]));
        let related = snippets
            .map(|(source, labels)| Rendered {
                message: format!("related code in {}", report.sources.get(labels.0).rel),
                code: None,
                url: None,
                severity: miette::Severity::Advice,
                help: None,
                source,
                labels: labels.1,
                related: Vec::new(),
            })
            .collect();
        Rendered {
            message: d.message.clone(),
            code: Some(d.rule.to_string()),
            url: help_uri(d.rule),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help: match (omitted, &d.help) {
                (0, help) => help.clone(),
                (n, help) => {
                    let more = format!(
                        "{n} more labelled places are not shown here (`--format json` lists all)"
                    );
                    Some(Text::from(match help {
                        Some(h) => format!("{h}\n{more}"),
                        None => more,
                    }))
                }
            },
            source,
            labels: labels.1,
            related,
        }
    }
}

/// The excerpt of one file and its labels; `marks` are all in that file, the first one
/// names the snippet.
fn snippet(report: &Report, marks: &[&Mark]) -> (Excerpt, (SourceId, Vec<LabeledSpan>)) {
    let file = marks[0].location.source;
    let src = report.sources.get(file);
    let at = resolve(&report.sources, marks[0].location);
    let name = format!("{}:{}:{}", at.file, at.line, at.column);
    let spans: Vec<(usize, usize)> = marks
        .iter()
        .map(|m| (m.location.start, m.location.end))
        .collect();
    let mut excerpt = Excerpt::new(src, name, &spans);
    for m in marks {
        let at = resolve(&report.sources, m.location);
        let offset = excerpt.span(m.location.start, m.location.end).offset();
        excerpt.head(offset, format!("{}:{}:{}", at.file, at.line, at.column));
    }
    let labels = marks
        .iter()
        .map(|m| {
            let span = excerpt.span(m.location.start, m.location.end);
            if m.primary {
                LabeledSpan::new_primary_with_span(m.label.as_deref().map(str::to_owned), span)
            } else {
                LabeledSpan::new_with_span(m.label.as_deref().map(str::to_owned), span)
            }
        })
        .collect();
    (excerpt, (file, labels))
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn pretty(rel: &str, text: &str, start: usize, end: usize) -> String {
        let mut report = Report {
            files_checked: 1,
            ..Report::default()
        };
        let id = report
            .sources
            .add(Source::new(rel.into(), rel.into(), text.into()));
        report.diagnostics = vec![Diagnostic::new(
            "parse-error",
            Severity::Error,
            Location::new(id, start, end),
            "broken",
        )
        .with_primary_label("here")];
        let mut out = Vec::new();
        if let Err(e) = render(&report, &RenderOptions::default(), &mut out) {
            panic!("{e}");
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn each_snippet_of_one_file_is_headed_by_its_own_place() {
        let text = "let a = 1;\n\n\n\n\nlet b = 2;\nlet c = 3;\n";
        let mut report = Report {
            files_checked: 1,
            ..Report::default()
        };
        let id = report
            .sources
            .add(Source::new("e.js".into(), "e.js".into(), text.into()));
        let c = text.find('c').unwrap_or(0);
        report.diagnostics = vec![Diagnostic::new(
            "parse-error",
            Severity::Error,
            Location::new(id, c, c + 1),
            "broken",
        )
        .with_primary_label("here")
        .with_label(Location::new(id, 4, 5), "and there")];
        let mut out = Vec::new();
        if let Err(e) = render(&report, &RenderOptions::default(), &mut out) {
            panic!("{e}");
        }
        let out = String::from_utf8_lossy(&out);
        let heads: Vec<&str> = out
            .lines()
            .filter_map(|l| l.split_once("╭─[").map(|(_, h)| h))
            .collect();
        // The snippet of line 1 (before the primary's) names line 1, not the primary's.
        assert_eq!(heads, ["e.js:1:5]", "e.js:7:5]"], "{out}");
    }

    #[test]
    fn odd_spans_still_render_a_snippet() {
        for (text, start, end, header) in [
            ("", 0, 0, "[e.js:1:1]"),
            ("a\r\nbc\r\n", 3, 5, "[e.js:2:1]"),
            ("abc", 3, 3, "[e.js:1:4]"),
            ("abc\n", 4, 4, "[e.js:2:1]"),
            ("abc", 10, 20, "[e.js:1:4]"),
            ("a\u{e9}b", 2, 3, "[e.js:1:2]"),
        ] {
            let out = pretty("e.js", text, start, end);
            assert!(out.contains(header), "{text:?} {start}..{end}:\n{out}");
            assert!(!out.contains("Failed to read"), "{out}");
            assert!(
                out.contains("here"),
                "label lost for {text:?} {start}..{end}:\n{out}"
            );
            assert!(out.ends_with("1 error, 0 warnings in 1 file\n"), "{out}");
        }
    }
}
