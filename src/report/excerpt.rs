//! Bounded source excerpts for the pretty output.
//!
//! miette prints whole lines around a span. A minified bundle is often one 20 MB line,
//! so handing miette the file would print the bundle. Instead each diagnostic gets an
//! [`Excerpt`] per file: only the lines around its spans, each long line cut to windows
//! around the spans (`…` marks a cut), and the original line numbers kept.
use std::collections::BTreeSet;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::Source;

/// Lines of context before and after each span.
const CONTEXT_LINES: usize = 1;
/// Lines longer than this (bytes) are cut to windows around the spans.
const MAX_LINE_BYTES: usize = 240;
/// Bytes kept on each side of a span on a cut line.
const PAD: usize = 60;
/// Bytes of one span kept on a cut line.
const MAX_PART: usize = 120;
/// A span over more lines than this is shown by its first line only.
const MAX_SPAN_LINES: usize = 10;
const ELLIPSIS: &str = "…";

/// A piece of the original text copied into the excerpt.
#[derive(Debug)]
struct Segment {
    orig_start: usize,
    orig_end: usize,
    start: usize,
}

/// Consecutive original lines, contiguous in the excerpt.
#[derive(Debug)]
struct Chunk {
    start: usize,
    end: usize,
    /// 0-based line number of the chunk's first line.
    first_line: usize,
    line_count: usize,
}

/// The part of one file a diagnostic shows; a miette [`SourceCode`] whose offsets are
/// excerpt offsets (see [`Excerpt::map`]).
#[derive(Debug)]
pub(super) struct Excerpt {
    name: String,
    /// Where each label starts, as `file:line:col`, by its excerpt offset: miette heads
    /// each snippet with the name of the label it reads there (the primary, or the
    /// first), so a second snippet of one file names its own place, not the first's.
    heads: Vec<(usize, String)>,
    text: String,
    segments: Vec<Segment>,
    chunks: Vec<Chunk>,
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Byte range of a 0-based line, without its line terminator.
fn line_range(src: &Source, line: usize) -> (usize, usize) {
    let text = src.text.as_bytes();
    let start = src.line_start(line + 1).unwrap_or(text.len());
    let mut end = src.line_start(line + 2).map_or(text.len(), |next| next - 1);
    if end > start && text[end - 1] == b'\r' {
        end -= 1;
    }
    (start, end.max(start))
}

impl Excerpt {
    /// An excerpt of `src` showing `spans` (byte ranges of the original text), named
    /// `name` in the rendering.
    pub(super) fn new(src: &Source, name: String, spans: &[(usize, usize)]) -> Self {
        let text: &str = &src.text;
        let last_line = src.line_count().saturating_sub(1);
        let line_of = |offset: usize| src.line(offset) - 1;

        let spans: Vec<(usize, usize)> = spans
            .iter()
            .map(|&(s, e)| {
                let s = floor_boundary(text, s);
                let e = floor_boundary(text, e).max(s);
                if line_of(e) - line_of(s) > MAX_SPAN_LINES {
                    (s, line_range(src, line_of(s)).1.max(s))
                } else {
                    (s, e)
                }
            })
            .collect();

        // A file ending in a newline has an empty "line" after it: shown only when a
        // span is on it (an error at the end of input), never as context.
        let last_context = if text.ends_with('\n') {
            last_line.saturating_sub(1)
        } else {
            last_line
        };
        let mut lines = BTreeSet::new();
        for &(s, e) in &spans {
            let (first, last) = (line_of(s), line_of(e));
            lines.extend(first.saturating_sub(CONTEXT_LINES)..first);
            lines.extend(first..=last);
            lines.extend(last + 1..=(last + CONTEXT_LINES).min(last_context));
        }

        let mut excerpt = Excerpt {
            name,
            heads: Vec::new(),
            text: String::new(),
            segments: Vec::new(),
            chunks: Vec::new(),
        };
        let mut previous: Option<usize> = None;
        for line in lines {
            if previous.is_none_or(|p| p + 1 != line) {
                excerpt.chunks.push(Chunk {
                    start: excerpt.text.len(),
                    end: 0,
                    first_line: line,
                    line_count: 0,
                });
            }
            previous = Some(line);
            let (ls, le) = line_range(src, line);
            excerpt.push_line(text, ls, le, &spans);
            // Every line ends in a newline, even the file's last: miette only shows a
            // zero-length span (an error at the end of input) if it falls inside a line.
            excerpt.text.push('\n');
            if let Some(chunk) = excerpt.chunks.last_mut() {
                chunk.line_count += 1;
                chunk.end = excerpt.text.len();
            }
        }
        excerpt
    }

    /// Copy line `[ls, le)` whole, or windows of it around the spans it holds.
    fn push_line(&mut self, text: &str, ls: usize, le: usize, spans: &[(usize, usize)]) {
        let mut windows: Vec<(usize, usize)> = if le - ls <= MAX_LINE_BYTES {
            vec![(ls, le)]
        } else {
            spans
                .iter()
                .filter(|&&(s, e)| s <= le && e >= ls)
                .map(|&(s, e)| {
                    let ps = s.max(ls);
                    let pe = e.min(le).min(ps + MAX_PART);
                    (
                        floor_boundary(text, ps.saturating_sub(PAD).max(ls)),
                        ceil_boundary(text, (pe + PAD).min(le)),
                    )
                })
                .collect()
        };
        if windows.is_empty() {
            // A long context line: its start is enough to orient the reader.
            windows.push((ls, ceil_boundary(text, ls + 2 * PAD)));
        }
        windows.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(windows.len());
        for (s, e) in windows {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let mut cursor = ls;
        for (s, e) in merged {
            if s > cursor {
                self.text.push_str(ELLIPSIS);
            }
            self.segments.push(Segment {
                orig_start: s,
                orig_end: e,
                start: self.text.len(),
            });
            self.text.push_str(&text[s..e]);
            cursor = e;
        }
        if cursor < le {
            self.text.push_str(ELLIPSIS);
        }
    }

    /// Excerpt offset of an original offset. Offsets cut out of the excerpt clamp to the
    /// end of the last segment before them, so a span never grows past what is shown.
    pub(super) fn map(&self, offset: usize) -> usize {
        let i = self
            .segments
            .partition_point(|seg| seg.orig_start <= offset);
        match i.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(seg) => seg.start + (offset.min(seg.orig_end) - seg.orig_start),
            None => self.segments.first().map_or(0, |seg| seg.start),
        }
    }

    /// Name the snippet that shows the label at excerpt offset `at` (see `heads`).
    pub(super) fn head(&mut self, at: usize, name: String) {
        if !self.heads.iter().any(|(o, _)| *o == at) {
            self.heads.push((at, name));
        }
    }

    /// A span of the original text as an excerpt span.
    pub(super) fn span(&self, start: usize, end: usize) -> SourceSpan {
        let s = self.map(start);
        let e = self.map(end).max(s);
        SourceSpan::from((s, e - s))
    }

    #[cfg(test)]
    pub(super) fn text(&self) -> &str {
        &self.text
    }
}

impl SourceCode for Excerpt {
    /// The whole chunk that holds `span`: the context is already chosen, so miette's
    /// context-line counts are ignored.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (s, e) = (span.offset(), span.offset() + span.len());
        let chunk = self
            .chunks
            .iter()
            .find(|c| c.start <= s && e <= c.end)
            .ok_or(MietteError::OutOfBounds)?;
        // miette asks for a label's own span when it writes a snippet's header.
        let name = self
            .heads
            .iter()
            .find(|(o, _)| *o == s)
            .or_else(|| {
                self.heads
                    .iter()
                    .find(|(o, _)| chunk.start <= *o && *o <= chunk.end)
            })
            .map_or(&self.name, |(_, n)| n);
        Ok(Box::new(MietteSpanContents::new_named(
            name.clone(),
            &self.text.as_bytes()[chunk.start..chunk.end],
            SourceSpan::from((chunk.start, chunk.end - chunk.start)),
            chunk.first_line,
            0,
            chunk.line_count,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::new("a.js".into(), "a.js".into(), text.into())
    }

    #[test]
    fn keeps_context_lines_and_gaps() {
        let text = "l1\nl2\nl3 target\nl4\nl5\nl6\nl7 other\nl8";
        let s = src(text);
        let t = text.find("target").unwrap_or(0);
        let o = text.find("other").unwrap_or(0);
        let ex = Excerpt::new(&s, "a.js".into(), &[(t, t + 6), (o, o + 5)]);
        assert_eq!(ex.text(), "l2\nl3 target\nl4\nl6\nl7 other\nl8\n");
        assert_eq!(ex.chunks.len(), 2);
        assert_eq!((ex.chunks[0].first_line, ex.chunks[0].line_count), (1, 3));
        assert_eq!((ex.chunks[1].first_line, ex.chunks[1].line_count), (5, 3));
        let span = ex.span(o, o + 5);
        assert_eq!(
            &ex.text()[span.offset()..span.offset() + span.len()],
            "other"
        );
    }

    #[test]
    fn cuts_long_lines_around_spans() {
        let mut text = "x".repeat(10_000);
        text.push_str("TARGET");
        text.push_str(&"y".repeat(10_000));
        let s = src(&text);
        let ex = Excerpt::new(&s, "a.js".into(), &[(10_000, 10_006)]);
        let expected = format!(
            "{ELLIPSIS}{}TARGET{}{ELLIPSIS}\n",
            "x".repeat(PAD),
            "y".repeat(PAD)
        );
        assert_eq!(ex.text(), expected);
        let span = ex.span(10_000, 10_006);
        assert_eq!(
            &ex.text()[span.offset()..span.offset() + span.len()],
            "TARGET"
        );
    }
}
