//! The vendored parser (`vendor/swc_ecma_parser`, see `vendor/README.md`) joins an
//! `else if` chain once it ends instead of walking it from its head at every link. These
//! tests hold it to upstream's trees: each link's alternative is the next link, every
//! link's span runs to the end of the chain, an `else` binds to the nearest `if`, and a
//! chain of a hundred thousand links is parsed and analyzed to its last link.
mod common;

use common::{check_background, positions};
use swc_common::{input::StringInput, BytePos, Span, Spanned};
use swc_ecma_ast::{Expr, IfStmt, Program, Stmt};
use swc_ecma_parser::{lexer::Lexer, EsSyntax, Parser, Syntax};

fn parse(src: &str) -> Program {
    let lexer = Lexer::new(
        Syntax::Es(EsSyntax::default()),
        Default::default(),
        StringInput::new(src, BytePos(1), BytePos(1 + src.len() as u32)),
        None,
    );
    Parser::new_from(lexer)
        .parse_program()
        .expect("the test source parses")
}

fn stmts(p: &Program) -> Vec<&Stmt> {
    match p {
        Program::Script(s) => s.body.iter().collect(),
        Program::Module(m) => m.body.iter().filter_map(|i| i.as_stmt()).collect(),
    }
}

/// The program's one statement, an `if`.
fn the_only_if(p: &Program) -> &IfStmt {
    let [Stmt::If(first)] = stmts(p)[..] else {
        panic!("expected one if statement")
    };
    first
}

/// What each link's branch calls.
fn names(chain: &[Link]) -> Vec<&str> {
    chain.iter().map(|(_, n)| n.as_str()).collect()
}

/// A span as byte offsets into the source (the parser counts from 1).
fn offsets(s: Span) -> (u32, u32) {
    (s.lo.0 - 1, s.hi.0 - 1)
}

/// The called name of an expression statement `name();`, or of a block holding one.
fn callee(s: &Stmt) -> String {
    if let Stmt::Block(b) = s {
        if let [only] = &b.stmts[..] {
            return callee(only);
        }
    }
    let Stmt::Expr(e) = s else {
        panic!("expected `name();`, got {s:?}")
    };
    let Expr::Call(c) = &*e.expr else {
        panic!("expected a call, got {e:?}")
    };
    let Some(Expr::Ident(i)) = c.callee.as_expr().map(|e| &**e) else {
        panic!("expected a named callee")
    };
    i.sym.to_string()
}

/// One link of a chain: its span as offsets, and the name its branch calls.
type Link = ((u32, u32), String);

/// Each link of the chain starting at `first`, then what its final `else` calls, if it
/// has one.
fn links(first: &IfStmt) -> (Vec<Link>, Option<String>) {
    let mut out = Vec::new();
    let mut cur = first;
    loop {
        out.push((offsets(cur.span), callee(&cur.cons)));
        match cur.alt.as_deref() {
            Some(Stmt::If(next)) => cur = next,
            Some(other) => return (out, Some(callee(other))),
            None => return (out, None),
        }
    }
}

#[test]
fn every_link_of_a_chain_ends_where_the_chain_ends() {
    let src = "if (a) b(); else if (c) d(); else if (e) f(); else g();\nh();";
    let p = parse(src);
    let [Stmt::If(first), after] = stmts(&p)[..] else {
        panic!("expected an if and a call")
    };
    let end = src.find('\n').expect("two lines") as u32;
    let (chain, last) = links(first);
    assert_eq!(
        chain,
        [
            ((0, end), "b".to_string()),
            ((17, end), "d".to_string()),
            ((34, end), "f".to_string()),
        ]
    );
    assert_eq!(last.as_deref(), Some("g"));
    assert_eq!(offsets(after.span()), (end + 1, end + 5));
}

#[test]
fn a_chain_without_a_final_else_ends_at_its_last_link() {
    let src = "if (a) b(); else if (c) d(); else if (e) { f() }";
    let p = parse(src);
    let end = src.len() as u32;
    let (chain, last) = links(the_only_if(&p));
    assert_eq!(chain.len(), 3);
    assert!(chain.iter().all(|((_, hi), _)| *hi == end), "{chain:?}");
    assert_eq!(chain[2].0, (34, end));
    assert_eq!(last, None);
}

#[test]
fn an_else_binds_to_the_nearest_if_inside_a_chain() {
    // `else if (d)` and `else f()` belong to the inner `if (b)`; the outer `if (a)` has
    // no alternative.
    let src = "if (a) if (b) c(); else if (d) e(); else f();";
    let p = parse(src);
    let outer = the_only_if(&p);
    assert!(outer.alt.is_none());
    let Stmt::If(inner) = &*outer.cons else {
        panic!("expected the inner if as the branch")
    };
    let (chain, last) = links(inner);
    assert_eq!(names(&chain), ["c", "e"]);
    assert_eq!(last.as_deref(), Some("f"));
    // A chain inside a branch of a chain: `else if (c)` owns the inner `if (d) ... else`.
    let src = "if (a) b(); else if (c) if (d) e(); else if (f) g(); else h(); else i();";
    let p = parse(src);
    let Some(Stmt::If(second)) = the_only_if(&p).alt.as_deref() else {
        panic!("expected `else if (c)`")
    };
    let Stmt::If(nested) = &*second.cons else {
        panic!("expected `if (d)` as the branch of `else if (c)`")
    };
    let (nested_chain, nested_last) = links(nested);
    assert_eq!(names(&nested_chain), ["e", "g"]);
    assert_eq!(nested_last.as_deref(), Some("h"));
    assert_eq!(second.alt.as_deref().map(callee).as_deref(), Some("i"));
}

/// A dispatch of a hundred thousand links, one per line, whose final `else` runs the
/// message as code (reported at the code it runs, `m.code`): parsed (upstream's parser
/// took 23 s on a chain this long) and analyzed to the end. Speed is measured by the
/// bench, not here; what this holds is that nothing in the chain is lost.
#[test]
fn a_hundred_thousand_link_chain_is_analyzed_to_its_last_link() {
    let n = 100_000;
    let mut js = String::from("chrome.runtime.onMessageExternal.addListener((m) => {\n");
    for i in 0..n {
        js.push_str(&format!("  if (m.k === {i}) {{ f(m); }} else\n"));
    }
    js.push_str("  { eval(m.code); }\n});\n");
    let lines = check_background(&js);
    assert_eq!(positions(&lines, "missing-sender-check"), ["1:1"]);
    assert_eq!(
        positions(&lines, "unsafe-message-sink"),
        [format!("{}:10", n + 2)]
    );
}
