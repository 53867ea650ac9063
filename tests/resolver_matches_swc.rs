//! msglint's JavaScript scope resolution (`msglint::resolve`) must bind exactly as swc's
//! resolver does: the same identifiers share a binding, the same ones are global, the same
//! ones (labels) are left alone. Compared on every script the repository holds (the rule
//! pages' examples, the example extensions, the snippets below) and, with
//! `MSGLINT_RESOLVER_CORPUS=DIR`, on every `.js` / `.mjs` / `.cjs` / `.jsx` file under DIR
//! (npm's own sources are a good one: `MSGLINT_RESOLVER_CORPUS=/usr/lib/node_modules/npm`).
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use msglint::discover::{Lang, Unit};
use msglint::source::SourceId;
use swc_atoms::Atom;
use swc_common::{SyntaxContext, GLOBALS};
use swc_ecma_ast::{Ident, Program};
use swc_ecma_visit::{Visit, VisitWith};

/// Every identifier in traversal order: name and context.
fn idents(p: &Program) -> Vec<(Atom, SyntaxContext)> {
    struct V(Vec<(Atom, SyntaxContext)>);
    impl Visit for V {
        fn visit_ident(&mut self, i: &Ident) {
            self.0.push((i.sym.clone(), i.ctxt));
        }
    }
    let mut v = V(Vec::new());
    p.visit_with(&mut v);
    v.0
}

/// What happened to one script.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// Both resolutions agree.
    Same,
    /// msglint handed the script to swc (whose result, after clearing msglint's, matches
    /// swc's own).
    Fallback,
    /// The script does not parse (not a resolver question).
    NoParse,
}

/// Resolve `text` both ways and compare; `Err` describes the first disagreement.
/// `module`: `Some(true)` parses as a module (as `.mjs` files are), `None` detects.
fn compare(text: &str, lang: Lang, module: Option<bool>) -> Result<Outcome, String> {
    let unit = Unit {
        source: SourceId(0),
        start: 0,
        end: text.len(),
        lang,
        module,
    };
    GLOBALS.set(&Default::default(), || {
        let Ok(program) = msglint::parse::parse_syntax(&unit, text) else {
            return Ok(Outcome::NoParse);
        };
        let mut theirs = program.clone();
        let their_unresolved = msglint::parse::swc_resolve(&mut theirs, false);
        let mut ours = program;
        let resolution = msglint::resolve::resolve(&mut ours);
        // The block depth the resolver measures on its way is the walk's it replaces.
        let walked = msglint::parse::block_depth(&theirs);
        if resolution.block_depth != walked {
            return Err(format!(
                "block depth {} measured, {walked} walked",
                resolution.block_depth
            ));
        }
        let (our_unresolved, outcome) = match resolution.unresolved {
            Some(u) => (u, Outcome::Same),
            // What parsing does then: clear every context and let swc resolve; the
            // result must be swc's as if msglint had never looked.
            None => {
                msglint::resolve::clear(&mut ours);
                (
                    msglint::parse::swc_resolve(&mut ours, false),
                    Outcome::Fallback,
                )
            }
        };
        let (a, b) = (idents(&theirs), idents(&ours));
        if a.len() != b.len() {
            return Err(format!("{} identifiers vs {}", a.len(), b.len()));
        }
        // The contexts must correspond one to one, name by name.
        let mut there: HashMap<(Atom, SyntaxContext), SyntaxContext> = HashMap::new();
        let mut back: HashMap<(Atom, SyntaxContext), SyntaxContext> = HashMap::new();
        for (i, ((sym, ca), (_, cb))) in a.iter().zip(&b).enumerate() {
            let at = || {
                let before: Vec<&str> = a[i.saturating_sub(6)..i].iter().map(|x| &*x.0).collect();
                format!("identifier #{i} `{sym}` (after {before:?})")
            };
            if (*ca == their_unresolved) != (*cb == our_unresolved) {
                return Err(format!(
                    "{}: swc says {}, msglint says {}",
                    at(),
                    if *ca == their_unresolved {
                        "global"
                    } else {
                        "bound"
                    },
                    if *cb == our_unresolved {
                        "global"
                    } else {
                        "bound"
                    }
                ));
            }
            if (*ca == SyntaxContext::empty()) != (*cb == SyntaxContext::empty()) {
                return Err(format!("{}: untouched by one resolver only", at()));
            }
            if *there.entry((sym.clone(), *ca)).or_insert(*cb) != *cb
                || *back.entry((sym.clone(), *cb)).or_insert(*ca) != *ca
            {
                return Err(format!("{}: bound to a different declaration", at()));
            }
        }
        Ok(outcome)
    })
}

/// A script to compare: its name, text, language and whether it must be a module.
type Script = (String, String, Lang, Option<bool>);

fn check_all(scripts: &[Script]) -> (usize, usize) {
    let (mut same, mut fallback) = (0, 0);
    let mut failures = Vec::new();
    for (name, text, lang, module) in scripts {
        match compare(text, *lang, *module) {
            Ok(Outcome::Same) => same += 1,
            Ok(Outcome::Fallback) => fallback += 1,
            Ok(Outcome::NoParse) => {}
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    (same, fallback)
}

/// Scripts that exercise every kind of scope.
const SNIPPETS: &[&str] = &[
    "var a = 1; function f(a) { var a; return a; } f(a);",
    "function f(a = b, b) { return a + b; } let x = f();",
    "function f(...rest) { var rest; return rest; }",
    "const c = 1; { const c = 2; c; } c;",
    "let x = 1; { var y = x; { let x = 2; var z = x; } } y; z; x;",
    "for (let i = 0; i < 3; i++) { let i = 5; i; } i;",
    "for (var i = 0; i < 3; i++) {} i;",
    "for (const k in o) { k; } for (const v of o) { v; } k; v;",
    "for (x of y) {} for (var w in y) {} w;",
    "try { a(); } catch (e) { e; var q = e; } q; e;",
    "try { a(); } catch ({ message, stack: [s] }) { message; s; } finally { message; }",
    "try {} catch { let e = 1; e; }",
    "label: for (;;) { break label; continue label; } label;",
    "outer: { inner: { break outer; } }",
    "switch (k) { case 1: let a = 1; a; break; case a: a; default: b; } a;",
    "'use strict'; switch (k) { case 1: function g() {} } g;",
    "const f = function g() { return g; }; g; f;",
    "const f = function f() { return f; };",
    "class A extends B { constructor(a) { super(a); this.a = A; } m(x) { return x + A; } static s = A; #p = 1; get g() { return this.#p; } static { var t = A; t; } } A; t;",
    "const C = class D extends D { m() { return D; } }; D; C;",
    "let o = { a, b: c, [d]: e, f() { return f; }, get g() { return g; }, set h(v) { v; }, async *i() {} };",
    "const { a, b: { c = a }, ...rest } = obj; const [x, , y = x, ...z] = arr; a; c; rest; x; y; z;",
    "({ a, b: c } = obj); [d, e = d] = arr;",
    "(a, b) => a + b; (a) => { var b = a; return b; }; async (x = y, y) => x;",
    "function f() { return arguments; } arguments;",
    "var undefined = 1; undefined; var NaN; NaN; Infinity;",
    "function outer() { inner(); function inner() { return outer; } if (x) { var hoisted = 1; } return hoisted; }",
    "'use strict'; { function f() {} f; } f;",
    "function s() { 'use strict'; { function g() {} g; } g; }",
    "with (obj) { a; var b; } b;",
    "new.target; import.meta; x?.y?.(z); `t${u}`; tag`v${w}`;",
    "eval('x'); delete a.b; typeof c; void 0; a ||= b; a ??= c;",
    "!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n(0)}([function(e,t,n){\"use strict\";var r=n(1);e.exports=function(i,a){return r(i)||a}}]);",
    "(function (chrome) { chrome.runtime.onMessage.addListener((m, s, r) => r(m)); })(browser); chrome;",
    "var b = typeof browser !== 'undefined' ? browser : chrome; b.runtime;",
    "async function f() { for await (const x of y) { x; } await z; }",
    "function* g() { yield g; }",
    "if (a) var v = 1; else var w = 2; v; w;",
    "do { var d = 1; } while (d); while (e) { let e = 1; }",
    "a: b: c: for (;;) break b;",
    "class A { m(@d(x) x) { return x; } } x;",
    "{ { { x; } } } function f() { { { { y; } } } } for (;;) { { z; } } while (a) { { b; } } try { { c; } } catch (e) { { d; } } finally { { g; } } class K { static { { h; } } }",
    "{ { () => { { { { i; } } } }; } }",
];

/// Scripts the resolver leaves to swc.
const FALLBACK_SNIPPETS: &[&str] = &[
    "{ function f() {} } f;",
    "function o() { if (x) { function g() {} } return g; }",
    "try {} catch (e) { var e = 1; } e;",
    "try {} catch (e) { { function e() {} } }",
    "switch (k) { case 1: function g() {} } g;",
    "'use strict'; { if (x) function g() {} g; }",
    "'use strict'; { l: function g() {} g; }",
    "@(function () { { function g() {} } return g; }) class A {}",
];

const MODULE_SNIPPETS: &[&str] = &[
    "import a, { b, c as d } from 'm'; import * as ns from 'n'; a; b; d; ns; c;",
    "export const x = 1; export function f() { return x; } export class K {} export default function g() { return g; }",
    "const y = 1; export { y, y as z }; export { q } from 'other'; export * from 'all';",
    "export default class { m() { return this; } }",
    "export default (a) => a;",
    "var undefined = 1; undefined;",
];

/// Modules swc's resolver treats its own way.
const FALLBACK_MODULE_SNIPPETS: &[&str] = &["export default class { static { var t = 1; } } t;"];

/// Snippets as scripts to compare, named by `what` and their index.
fn named(snippets: &[&str], what: &str, module: Option<bool>) -> Vec<Script> {
    snippets
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("{what} {i}"), s.to_string(), Lang::Js, module))
        .collect()
}

#[test]
fn the_snippets_resolve_as_swc_does() {
    let (same, fallback) = check_all(&named(SNIPPETS, "snippet", None));
    assert_eq!((same, fallback), (SNIPPETS.len(), 0));
}

#[test]
fn modules_resolve_as_swc_does() {
    let (same, fallback) = check_all(&named(MODULE_SNIPPETS, "module snippet", Some(true)));
    assert_eq!((same, fallback), (MODULE_SNIPPETS.len(), 0));
}

#[test]
fn jsx_resolves_as_swc_does() {
    let text = "import Foo from 'foo'; const el = <div className={x}><Foo.Bar a={Foo} /><Baz>{y}</Baz></div>;";
    assert_eq!(compare(text, Lang::Jsx, None), Ok(Outcome::Same));
}

#[test]
fn swcs_own_corners_are_left_to_swc() {
    for s in FALLBACK_SNIPPETS {
        assert_eq!(compare(s, Lang::Js, None), Ok(Outcome::Fallback), "{s}");
    }
    for s in FALLBACK_MODULE_SNIPPETS {
        assert_eq!(
            compare(s, Lang::Js, Some(true)),
            Ok(Outcome::Fallback),
            "{s}"
        );
    }
}

/// Fenced JavaScript blocks of a Markdown page.
fn fenced_js(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let t = line.trim_start();
        match &mut current {
            None if t.starts_with("```js") || t.starts_with("```javascript") => {
                current = Some(String::new())
            }
            Some(buf) if t.starts_with("```") => {
                out.push(std::mem::take(buf));
                current = None;
            }
            Some(buf) => {
                buf.push_str(line);
                buf.push('\n');
            }
            None => {}
        }
    }
    out
}

fn scripts_under(dir: &Path, out: &mut Vec<Script>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            scripts_under(&path, out);
            continue;
        }
        // `.mjs` is always a module, as discovery treats it.
        let (lang, module) = match path.extension().and_then(|e| e.to_str()) {
            Some("mjs") => (Lang::Js, Some(true)),
            Some("js" | "cjs") => (Lang::Js, None),
            Some("jsx") => (Lang::Jsx, None),
            _ => continue,
        };
        if let Ok(text) = std::fs::read_to_string(&path) {
            out.push((path.display().to_string(), text, lang, module));
        }
    }
}

#[test]
fn the_repositorys_scripts_resolve_as_swc_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut scripts = Vec::new();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("rules"))
        .expect("rules/")
        .flatten()
        .map(|e| e.path())
        .collect();
    pages.sort();
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("rule page");
        for (i, block) in fenced_js(&text).into_iter().enumerate() {
            scripts.push((
                format!("{} block {i}", page.display()),
                block,
                Lang::Js,
                None,
            ));
        }
    }
    scripts_under(&root.join("examples"), &mut scripts);
    scripts_under(&root.join("tests"), &mut scripts);
    let (same, _) = check_all(&scripts);
    assert!(same > 50, "only {same} scripts compared");
}

#[test]
fn a_corpus_resolves_as_swc_does() {
    let Some(dir) = std::env::var_os("MSGLINT_RESOLVER_CORPUS") else {
        eprintln!("MSGLINT_RESOLVER_CORPUS not set: skipping the external corpus");
        return;
    };
    let mut scripts = Vec::new();
    scripts_under(Path::new(&dir), &mut scripts);
    let (same, fallback) = check_all(&scripts);
    eprintln!(
        "{} scripts: {same} resolved alike, {fallback} left to swc",
        scripts.len()
    );
}
