//! Parsing one unit with swc and resolving its scopes.
//!
//! Spans are offset so that `span.lo - 1` is the byte offset in the unit's *source*
//! (an inline script's spans point into its HTML file). Scope resolution then marks every
//! identifier with its binding, so `ident.ctxt == unresolved` means "the global":
//! msglint's own resolver for JavaScript (`src/resolve.rs`), swc's for TypeScript and the
//! few JavaScript corners the former leaves to it.
use swc_common::comments::{CommentKind, SingleThreadedComments};
use swc_common::{BytePos, Mark, Spanned, SyntaxContext, GLOBALS};
use swc_ecma_ast::Program;
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax, TsSyntax};
use swc_ecma_transforms_base::resolver;
use swc_ecma_visit::{VisitMutWith, VisitWith};

use crate::discover::{Lang, Unit};

/// A comment with its byte range in the source.
#[derive(Debug, Clone)]
pub struct Comment {
    pub start: usize,
    pub end: usize,
    pub block: bool,
    pub text: String,
}

/// A parsed, scope-resolved unit.
pub struct Parsed {
    pub program: Program,
    /// The syntax context of identifiers that resolve to no binding (globals).
    pub unresolved: SyntaxContext,
    /// The comments that may be suppressions (they contain `msglint-ignore`), sorted
    /// by position: no other comment is read.
    pub comments: Vec<Comment>,
}

/// A unit that does not parse.
#[derive(Debug, Clone)]
pub struct ParseFailure {
    /// Byte range in the source.
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Byte offset in the source of a swc position.
#[inline]
pub fn offset(pos: BytePos) -> usize {
    (pos.0 as usize).saturating_sub(1)
}

/// Byte range in the source of anything spanned.
#[inline]
pub fn range(node: &impl Spanned) -> (usize, usize) {
    let s = node.span();
    (offset(s.lo), offset(s.hi))
}

fn syntax(lang: Lang, jsx: bool) -> Syntax {
    match lang {
        Lang::Js | Lang::Jsx => Syntax::Es(EsSyntax {
            jsx: jsx || lang == Lang::Jsx,
            decorators: true,
            import_attributes: true,
            explicit_resource_management: true,
            ..Default::default()
        }),
        Lang::Ts | Lang::Tsx => Syntax::Typescript(TsSyntax {
            tsx: lang == Lang::Tsx,
            decorators: true,
            ..Default::default()
        }),
    }
}

fn parse_with(
    unit: &Unit,
    text: &str,
    syntax: Syntax,
    with_comments: bool,
) -> Result<(Program, Option<SingleThreadedComments>), ParseFailure> {
    let code = &text[unit.start..unit.end];
    let base = unit.start as u32 + 1;
    let input = StringInput::new(code, BytePos(base), BytePos(base + code.len() as u32));
    let comments = with_comments.then(SingleThreadedComments::default);
    let mut parser = Parser::new(syntax, input, comments.as_ref().map(|c| c as _));
    let result = match unit.module {
        Some(true) => parser.parse_module().map(Program::Module),
        _ => parser.parse_program(),
    };
    match result {
        Ok(p) => Ok((p, comments)),
        Err(e) => {
            let (start, end) = range(&e);
            Err(ParseFailure {
                start,
                end,
                message: format!("syntax error: {}", e.kind().msg()),
            })
        }
    }
}

/// Parse only: the syntax tree, no comments and no scope resolution. What `check` costs
/// is measured against this (benches/check.rs).
pub fn parse_syntax(unit: &Unit, text: &str) -> Result<Program, ParseFailure> {
    parse_collecting(unit, text, false).map(|(p, _)| p)
}

/// Parse, with the comments if asked for.
fn parse_collecting(
    unit: &Unit,
    text: &str,
    with_comments: bool,
) -> Result<(Program, Option<SingleThreadedComments>), ParseFailure> {
    if text.len() >= (u32::MAX as usize) - (1 << 17) {
        return Err(ParseFailure {
            start: 0,
            end: 0,
            message: "file larger than 4 GiB".into(),
        });
    }
    match parse_with(unit, text, syntax(unit.lang, false), with_comments) {
        Ok(ok) => Ok(ok),
        // Plain `.js` files often hold JSX; retry before giving up.
        Err(e) if unit.lang == Lang::Js && text[unit.start..unit.end].contains('<') => {
            parse_with(unit, text, syntax(unit.lang, true), with_comments).map_err(|_| e)
        }
        Err(e) => Err(e),
    }
}

/// Whether the unit's text names a suppression (one `memmem` scan): the parser collects
/// comments only then, and only those are kept. A library's license headers and doc
/// comments are not copied for nothing.
fn names_suppression(unit: &Unit, text: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(SUPPRESSION_MARK));
    text.as_bytes()
        .get(unit.start..unit.end)
        .is_some_and(|code| FINDER.find(code).is_some())
}

/// What every suppression comment holds (`msglint-ignore`, `msglint-ignore-file`).
const SUPPRESSION_MARK: &str = "msglint-ignore";

/// Deepest nesting of `{ }` blocks within one function that msglint analyzes. swc's
/// resolver (TypeScript) re-walks every nested block to hoist `var`s, so its cost grows
/// with the square of this depth, and the analyses recurse per level; real code stays far
/// below it (bundles: a few dozen).
pub const MAX_BLOCK_DEPTH: usize = 1000;

/// Maximum nesting of block statements, counted afresh inside each function body.
pub fn block_depth(program: &Program) -> usize {
    struct V {
        depth: usize,
        max: usize,
    }
    impl swc_ecma_visit::Visit for V {
        fn visit_block_stmt(&mut self, b: &swc_ecma_ast::BlockStmt) {
            self.depth += 1;
            self.max = self.max.max(self.depth);
            b.visit_children_with(self);
            self.depth -= 1;
        }
        fn visit_function(&mut self, f: &swc_ecma_ast::Function) {
            let saved = std::mem::replace(&mut self.depth, 0);
            f.visit_children_with(self);
            self.depth = saved;
        }
        fn visit_arrow_expr(&mut self, f: &swc_ecma_ast::ArrowExpr) {
            let saved = std::mem::replace(&mut self.depth, 0);
            f.visit_children_with(self);
            self.depth = saved;
        }
    }
    let mut v = V { depth: 0, max: 0 };
    program.visit_with(&mut v);
    v.max
}

/// Scope resolution by swc's resolver: TypeScript, and the JavaScript [`crate::resolve`]
/// leaves to it. Returns the context of unresolved identifiers.
pub fn swc_resolve(program: &mut Program, is_ts: bool) -> SyntaxContext {
    let unresolved_mark = Mark::new();
    let top_level_mark = Mark::new();
    program.visit_mut_with(&mut resolver(unresolved_mark, top_level_mark, is_ts));
    SyntaxContext::empty().apply_mark(unresolved_mark)
}

/// Parse and resolve one unit. Must run on a thread with a large stack (see `check`):
/// swc recurses once or more per nesting level.
pub fn parse_unit(unit: &Unit, text: &str) -> Result<Parsed, ParseFailure> {
    GLOBALS.set(&Default::default(), || {
        let (mut program, comments) =
            parse_collecting(unit, text, names_suppression(unit, text))?;
        let is_ts = matches!(unit.lang, Lang::Ts | Lang::Tsx);
        let ours = (!is_ts).then(|| crate::resolve::resolve(&mut program));
        let depth = match &ours {
            Some(r) => r.block_depth,
            // Every block has its own `{` in the text, so a unit with few of them cannot
            // nest deeply: the walk is only needed for large inputs.
            None => {
                let code = &text.as_bytes()[unit.start..unit.end];
                let braces = memchr::memchr_iter(b'{', code).count();
                if braces > MAX_BLOCK_DEPTH {
                    block_depth(&program)
                } else {
                    0
                }
            }
        };
        if depth > MAX_BLOCK_DEPTH {
            return Err(ParseFailure {
                start: unit.start,
                end: unit.start,
                message: format!(
                    "blocks nested {depth} levels deep (the limit is {MAX_BLOCK_DEPTH}); the file is not analyzed"
                ),
            });
        }
        let unresolved = match ours.and_then(|r| r.unresolved) {
            Some(u) => u,
            None => {
                if !is_ts {
                    crate::resolve::clear(&mut program);
                }
                swc_resolve(&mut program, is_ts)
            }
        };
        let mut all = Vec::new();
        if let Some(comments) = comments {
            let (leading, trailing) = comments.take_all();
            for map in [leading, trailing] {
                for (_, list) in map.borrow_mut().drain() {
                    for c in list.into_iter().filter(|c| c.text.contains(SUPPRESSION_MARK)) {
                        let (start, end) = range(&c.span);
                        all.push(Comment {
                            start,
                            end,
                            block: c.kind == CommentKind::Block,
                            text: c.text.to_string(),
                        });
                    }
                }
            }
        }
        all.sort_by_key(|c| c.start);
        all.dedup_by_key(|c| c.start);
        Ok(Parsed {
            program,
            unresolved,
            comments: all,
        })
    })
}

/// Whether a script declares itself Flow-typed: `@flow` in its leading comments. swc has
/// no Flow parser, so such a file's parse error says so (`check`).
pub fn is_flow(text: &str) -> bool {
    let mut head = text.trim_start();
    while let Some(rest) = head.strip_prefix("//").or_else(|| head.strip_prefix("/*")) {
        let end = if head.starts_with("//") {
            rest.find('\n').map_or(rest.len(), |i| i + 1)
        } else {
            rest.find("*/").map_or(rest.len(), |i| i + 2)
        };
        let comment = &rest[..end];
        if let Some(i) = comment.find("@flow") {
            let after = comment[i + 5..].chars().next();
            if !after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                return true;
            }
        }
        head = rest[end..].trim_start();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{is_flow, parse_unit};
    use crate::discover::{Lang, Unit};
    use crate::source::SourceId;

    fn unit(js: &str) -> Unit {
        Unit {
            source: SourceId(0),
            start: 0,
            end: js.len(),
            lang: Lang::Js,
            module: None,
        }
    }

    /// Only comments that may be suppressions are kept, at their byte ranges; a unit
    /// naming none keeps none.
    #[test]
    fn only_suppression_comments_are_kept() {
        let js = "/* license */\n// msglint-ignore a: b\nf(); /** doc */ // x\n/* msglint-ignore-file c: d */\n";
        let p = parse_unit(&unit(js), js).expect("parses");
        let kept: Vec<(usize, usize, bool, &str)> = p
            .comments
            .iter()
            .map(|c| (c.start, c.end, c.block, c.text.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                (14, 36, false, " msglint-ignore a: b"),
                (58, 88, true, " msglint-ignore-file c: d ")
            ]
        );
        let js = "/* license */ f(); // x\n";
        assert!(parse_unit(&unit(js), js)
            .expect("parses")
            .comments
            .is_empty());
        // A `.js` file holding JSX parses on the second try, its suppression kept (once:
        // each attempt collects into its own list).
        let js = "// msglint-ignore a: b\nconst e = <div>{x}</div>;\n";
        let p = parse_unit(&unit(js), js).expect("parses as JSX");
        assert_eq!(p.comments.len(), 1);
        assert_eq!(p.comments[0].start, 0);
    }

    #[test]
    fn flow_pragma_in_leading_comments() {
        assert!(is_flow("// @flow\nimport type { A } from './a';"));
        assert!(is_flow("/* @flow strict */\nexport type T = {| a: 1 |};"));
        assert!(is_flow(
            "  /**\n * Copyright\n * @flow\n */\nexport type T = number;"
        ));
        assert!(is_flow("// Copyright\n/* @flow */\ntype T = number;"));
        assert!(!is_flow("'use strict'; // @flow\n"));
        assert!(!is_flow("// @flowtype is not the pragma\n"));
        assert!(!is_flow("function f() {} // @flow\n"));
        assert!(!is_flow("/* unterminated @flo"));
        assert!(!is_flow(""));
    }
}
