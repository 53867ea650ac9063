//! Maps JSON pointers in the contract file to byte spans, so every load error can point
//! at a line and column. serde_json gives the values; jsonc-parser gives the positions.
use std::collections::HashMap;

use jsonc_parser::ast::{ObjectPropName, Value as Ast};
use jsonc_parser::{CollectOptions, ParseOptions};

/// Byte span of a node in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start, s.len()).into()
    }
}

/// Where one node sits: its value and, for an object member, its key.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    pub key: Option<Span>,
    pub value: Span,
}

/// A key that appears twice in one object.
#[derive(Debug, Clone)]
pub struct DuplicateKey {
    /// Pointer of the object holding the key.
    pub parent: String,
    pub key: String,
    pub first: Span,
    pub second: Span,
}

/// Positions of every node of a JSON document, by JSON pointer.
#[derive(Debug, Default)]
pub struct SourceMap {
    nodes: HashMap<String, Node>,
    pub duplicates: Vec<DuplicateKey>,
}

impl SourceMap {
    /// Index `text`. The text is assumed to be valid JSON already (serde_json checked it);
    /// if the spanned parser disagrees the map is simply empty and errors lose precision,
    /// never correctness.
    pub fn new(text: &str) -> Self {
        let mut map = SourceMap::default();
        let options = ParseOptions {
            allow_comments: false,
            allow_loose_object_property_names: false,
            allow_trailing_commas: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            ..ParseOptions::default()
        };
        if let Ok(parsed) = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options) {
            if let Some(root) = parsed.value {
                map.walk(&root, String::new(), None);
            }
        }
        map
    }

    fn walk(&mut self, node: &Ast<'_>, pointer: String, key: Option<Span>) {
        let range = node_range(node);
        match node {
            Ast::Object(obj) => {
                let mut seen: HashMap<String, Span> = HashMap::new();
                for prop in &obj.properties {
                    let (name, name_range) = match &prop.name {
                        ObjectPropName::String(s) => (s.value.to_string(), s.range),
                        ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                    };
                    let name_span = Span {
                        start: name_range.start,
                        end: name_range.end,
                    };
                    if let Some(first) = seen.get(&name) {
                        self.duplicates.push(DuplicateKey {
                            parent: pointer.clone(),
                            key: name.clone(),
                            first: *first,
                            second: name_span,
                        });
                        // serde_json keeps the last value, so the last one is indexed too.
                    }
                    seen.insert(name.clone(), name_span);
                    let child = format!("{pointer}/{}", escape(&name));
                    self.walk(&prop.value, child, Some(name_span));
                }
            }
            Ast::Array(arr) => {
                for (i, el) in arr.elements.iter().enumerate() {
                    self.walk(el, format!("{pointer}/{i}"), None);
                }
            }
            _ => {}
        }
        self.nodes.insert(
            pointer,
            Node {
                key,
                value: Span {
                    start: range.start,
                    end: range.end,
                },
            },
        );
    }

    /// The node at `pointer`, or the nearest ancestor that exists.
    pub fn nearest(&self, pointer: &str) -> Option<Node> {
        let mut p = pointer;
        loop {
            if let Some(n) = self.nodes.get(p) {
                return Some(*n);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// Span of the value at `pointer` (or its nearest ancestor).
    pub fn value_span(&self, pointer: &str) -> Option<Span> {
        self.nearest(pointer).map(|n| n.value)
    }

    /// Span of the key naming `pointer`, falling back to its value.
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        self.nearest(pointer).map(|n| n.key.unwrap_or(n.value))
    }
}

fn node_range(node: &Ast<'_>) -> jsonc_parser::common::Range {
    match node {
        Ast::StringLit(v) => v.range,
        Ast::NumberLit(v) => v.range,
        Ast::BooleanLit(v) => v.range,
        Ast::Object(v) => v.range,
        Ast::Array(v) => v.range,
        Ast::NullKeyword(v) => v.range,
    }
}

/// Escape one JSON pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and column (columns in characters), clamped to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return (offset + col_bytes).min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_map_to_spans_and_duplicates_are_found() {
        let text = "{\n  \"a\": {\"b\": [1, 2]},\n  \"a\": 3\n}";
        let map = SourceMap::new(text);
        let s = map.value_span("/a/b/1").unwrap();
        assert_eq!(&text[s.start..s.end], "2");
        assert_eq!(line_col(text, s.start), (2, 18));
        assert_eq!(map.duplicates.len(), 1);
        assert_eq!(map.duplicates[0].key, "a");
        assert_eq!(line_col(text, map.duplicates[0].second.start), (3, 3));
        // a missing child falls back to its parent
        assert_eq!(map.value_span("/a/b/9"), map.value_span("/a/b"));
        assert_eq!(offset_of(text, 2, 18), s.start);
    }
}
