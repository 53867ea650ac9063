//! Source texts and the mapping from byte offsets to 1-based lines and columns.
//!
//! Every diagnostic points into a [`Source`] by byte range. Columns count Unicode
//! scalar values (SARIF `unicodeCodePoints`), so a finding in a line of emoji or CJK
//! text lands where an editor shows it.
use std::path::PathBuf;
use std::sync::Arc;

/// Index of a source in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct SourceId(pub u32);

/// One file's text as read from disk.
#[derive(Debug)]
pub struct Source {
    /// Path as given on disk.
    pub path: PathBuf,
    /// Path relative to the checked root, with `/` separators; what reports show.
    pub rel: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

/// A 1-based position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl Source {
    pub fn new(path: PathBuf, rel: String, text: Arc<str>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Source {
            path,
            rel,
            text,
            line_starts,
        }
    }

    /// Line and column of a byte offset (clamped to the text, snapped back to a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: line_idx + 1,
            column,
        }
    }

    /// Byte offset where a 1-based line starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .copied()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// All sources of one run; diagnostics refer to them by [`SourceId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<Arc<Source>>,
}

impl Sources {
    pub fn add(&mut self, source: Source) -> SourceId {
        self.files.push(Arc::new(source));
        SourceId((self.files.len() - 1) as u32)
    }

    pub fn get(&self, id: SourceId) -> &Arc<Source> {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (SourceId, &Arc<Source>)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, s)| (SourceId(i as u32), s))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_lines() {
        let s = Source::new("a.js".into(), "a.js".into(), "ab\n\u{e9}x\n\nz".into());
        assert_eq!(s.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(s.line_col(3), LineCol { line: 2, column: 1 });
        // 'x' follows a two-byte char: byte 5, column 2
        assert_eq!(s.line_col(5), LineCol { line: 2, column: 2 });
        // inside the two-byte char snaps back to its start
        assert_eq!(s.line_col(4), LineCol { line: 2, column: 1 });
        assert_eq!(s.line_col(8), LineCol { line: 4, column: 1 });
        assert_eq!(s.line_col(999), LineCol { line: 4, column: 2 });
        assert_eq!(s.line_start(2), Some(3));
        assert_eq!(s.line_start(0), None);
    }
}
