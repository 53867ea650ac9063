//! `non-serializable-response`: a value that does not survive the trip: a function,
//! symbol, BigInt, Map, Set, class instance with methods, DOM node or `undefined` passed
//! to `sendResponse`, `runtime.sendMessage`, `tabs.sendMessage` or `Port.postMessage`,
//! or resolved by a promise-answering (async) listener.
//!
//! Chrome serializes messages as JSON: a function or symbol at the top makes the call
//! reject ("Could not serialize message."), a BigInt throws, Map and Set become `{}`,
//! properties holding functions vanish, `undefined` becomes `null`. Firefox uses
//! structured clone and rejects functions, symbols and DOM nodes instead. Only values
//! known statically are judged: literals, constructions, and `const` bindings to them.
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::semantic::func::{is_undefined, Body};
use crate::semantic::response::{is_global, models};
use crate::semantic::{prop_name, strip, FnRef, Semantic, Val};

declare_rule!(
    pub struct Rule => META,
    "non-serializable-response",
    Warning,
    "A function, symbol, BigInt, Map, Set, class instance, DOM node or undefined sent as a message or response."
);

/// What is wrong with a value.
struct Problem {
    range: (usize, usize),
    what: &'static str,
    gets: &'static str,
    /// The call fails outright (error) rather than delivering something else (warning).
    fails: bool,
}

const MAX_DEPTH: usize = 16;

/// What is wrong with `e` as a message, if anything, with `sem` the model of its unit.
fn judge(sem: &Semantic<'_>, e: &Expr, nested: bool, depth: usize, out: &mut Vec<Problem>) {
    if depth > MAX_DEPTH {
        return;
    }
    let range = crate::parse::range(e);
    let mut push = |what, gets, fails| {
        out.push(Problem {
            range,
            what,
            gets,
            fails,
        })
    };
    match strip(e) {
        Expr::Fn(_) | Expr::Arrow(_) | Expr::Class(_) => {
            if nested {
                push(
                    "a function",
                    "Chrome drops this property and Firefox rejects the call",
                    false,
                )
            } else {
                push(
                    "a function",
                    "the call rejects with \"Could not serialize message.\"",
                    true,
                )
            }
        }
        Expr::Lit(Lit::BigInt(_)) => push(
            "a BigInt",
            "JSON cannot encode it: the call rejects in Chrome",
            true,
        ),
        Expr::Call(c) => {
            let Callee::Expr(callee) = &c.callee else {
                return;
            };
            if is_global(sem, callee, "Symbol") {
                if nested {
                    push(
                        "a symbol",
                        "Chrome drops this property and Firefox rejects the call",
                        false,
                    )
                } else {
                    push(
                        "a symbol",
                        "the call rejects with \"Could not serialize message.\"",
                        true,
                    )
                }
            } else if is_global(sem, callee, "BigInt") {
                push(
                    "a BigInt",
                    "JSON cannot encode it: the call rejects in Chrome",
                    true,
                )
            } else if is_dom_node_call(sem, callee) {
                push(
                    "a DOM node",
                    "Chrome delivers `{}` and Firefox rejects the call",
                    false,
                )
            }
        }
        Expr::New(n) => {
            let Expr::Ident(i) = strip(&n.callee) else {
                return;
            };
            if i.ctxt == sem.unresolved {
                match &*i.sym {
                    "Map" | "WeakMap" => {
                        push("a Map", "Chrome delivers `{}`, without the entries", false)
                    }
                    "Set" | "WeakSet" => {
                        push("a Set", "Chrome delivers `{}`, without the elements", false)
                    }
                    _ => {}
                }
            } else if let Some(Expr::Class(c)) = sem.init_of(i).map(strip) {
                if has_methods(&c.class) {
                    push(
                        "a class instance",
                        "it arrives as a plain object: its methods and prototype are lost",
                        false,
                    )
                }
            } else if sem
                .class_decls
                .get(&i.to_id())
                .is_some_and(|c| has_methods(c))
            {
                push(
                    "a class instance",
                    "it arrives as a plain object: its methods and prototype are lost",
                    false,
                )
            }
        }
        // Inside an object an `undefined` property is just absent: fine.
        Expr::Ident(i) if !nested && is_undefined(strip(e)) && i.ctxt == sem.unresolved => {
            push("`undefined`", "the receiver gets `null`", false)
        }
        Expr::Unary(u) if !nested && u.op == UnaryOp::Void => {
            push("`undefined`", "the receiver gets `null`", false)
        }
        Expr::Ident(i) => {
            if let FnRef::Local(_) = sem.resolve_fn(e) {
                judge_fn_value(nested, range, out);
            } else if let Some(init) = sem.init_of(i) {
                // A `const` bound to a literal or construction: judge that, pointing here.
                let mut inner = Vec::new();
                judge(sem, init, nested, depth + 1, &mut inner);
                for mut p in inner {
                    p.range = range;
                    out.push(p);
                }
            }
        }
        Expr::Object(o) => {
            for p in &o.props {
                let PropOrSpread::Prop(p) = p else { continue };
                match &**p {
                    Prop::KeyValue(kv) => judge(sem, &kv.value, true, depth + 1, out),
                    Prop::Method(m) => out.push(Problem {
                        range: crate::parse::range(&m.key),
                        what: "a method",
                        gets: "Chrome drops this property and Firefox rejects the call",
                        fails: false,
                    }),
                    _ => {}
                }
            }
        }
        Expr::Array(a) => {
            for x in a.elems.iter().flatten() {
                if x.spread.is_none() {
                    judge(sem, &x.expr, true, depth + 1, out);
                }
            }
        }
        _ => {}
    }
    if let Some(Val::Document) = sem.eval(e) {
        out.push(Problem {
            range,
            what: "the document",
            gets: "Chrome delivers `{}` and Firefox rejects the call",
            fails: false,
        });
    }
}

fn judge_fn_value(nested: bool, range: (usize, usize), out: &mut Vec<Problem>) {
    out.push(if nested {
        Problem {
            range,
            what: "a function",
            gets: "Chrome drops this property and Firefox rejects the call",
            fails: false,
        }
    } else {
        Problem {
            range,
            what: "a function",
            gets: "the call rejects with \"Could not serialize message.\"",
            fails: true,
        }
    });
}

/// `document.getElementById(...)`, `document.querySelector(...)`, `document.createElement(...)`.
fn is_dom_node_call(sem: &Semantic<'_>, callee: &Expr) -> bool {
    let Expr::Member(m) = strip(callee) else {
        return false;
    };
    matches!(sem.eval(&m.obj), Some(Val::Document))
        && prop_name(&m.prop).is_some_and(|p| {
            matches!(
                &*p,
                "getElementById" | "querySelector" | "createElement" | "createTextNode"
            )
        })
}

fn has_methods(c: &Class) -> bool {
    c.body.iter().any(|m| match m {
        ClassMember::Method(m) => !m.is_static,
        _ => false,
    })
}

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        let mut found: Vec<(Problem, &'static str)> = Vec::new();
        // Messages sent.
        for c in &cx.sem.api_calls {
            let path: Vec<&str> = c.path.iter().map(|a| &**a).collect();
            let args = &c.call.args;
            let msg = match path.as_slice() {
                ["runtime", "sendMessage"] => args.get(crate::semantic::send_message_arg(args)),
                ["tabs", "sendMessage"] => args.get(1),
                ["<port>", "postMessage"] => args.first(),
                _ => None,
            };
            let Some(msg) = msg else { continue };
            if msg.spread.is_some() {
                continue;
            }
            let mut p = Vec::new();
            judge(cx.sem, &msg.expr, false, 0, &mut p);
            found.extend(p.into_iter().map(|p| (p, "sent as a message")));
        }
        report(cx, cx, found, out);
        // Responses: judged in the unit holding the listener function.
        for m in models(cx, all) {
            let Some(fcx) = all.unit(m.unit) else {
                continue;
            };
            let r = &m.response;
            let mut calls = Calls {
                responders: &r.responders,
                sem: fcx.sem,
                found: Vec::new(),
            };
            match m.func.body() {
                Some(Body::Block(b)) => b.visit_with(&mut calls),
                Some(Body::Expr(e)) => e.visit_with(&mut calls),
                None => {}
            }
            let mut found = calls.found;
            if r.is_async {
                for e in &r.exits {
                    if let Some(v) = e.value {
                        let mut p = Vec::new();
                        // `return;` is async-listener-implicit-undefined's business.
                        if !is_undefined(strip(v)) {
                            judge(fcx.sem, v, false, 0, &mut p);
                        }
                        found.extend(p.into_iter().map(|p| (p, "returned as the response")));
                    }
                }
            }
            report(cx, fcx, found, out);
        }
    }
}

fn report(
    _cx: &UnitCx<'_>,
    fcx: &UnitCx<'_>,
    mut found: Vec<(Problem, &'static str)>,
    out: &mut Vec<Diagnostic>,
) {
    found.sort_by_key(|(p, _)| p.range);
    found.dedup_by_key(|(p, _)| p.range);
    for (p, how) in found {
        let severity = if p.fails {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(
                Diagnostic::new(
                    META.id,
                    severity,
                    fcx.loc(p.range),
                    format!("{} is {how}, but it cannot be serialized: {}", p.what, p.gets),
                )
                .with_primary_label(format!("{} cannot be serialized", p.what))
                .with_help(
                    "send plain data: strings, numbers, booleans, `null`, arrays and plain objects (convert a Map \
                     with `Object.fromEntries(map)`, a Set with `[...set]`, a BigInt with `String(n)`; send a DOM \
                     node's `textContent` or attributes; call functions on the receiving side)",
                ),
            );
    }
}

/// Values passed to `sendResponse` (including from nested callbacks), judged.
struct Calls<'r, 'a> {
    responders: &'r rustc_hash::FxHashSet<Id>,
    sem: &'r Semantic<'a>,
    found: Vec<(Problem, &'static str)>,
}

impl Visit for Calls<'_, '_> {
    fn visit_call_expr(&mut self, c: &CallExpr) {
        if let Callee::Expr(callee) = &c.callee {
            if let Expr::Ident(i) = strip(callee) {
                if self.responders.contains(&i.to_id()) {
                    if let Some(a) = c.args.first().filter(|a| a.spread.is_none()) {
                        let mut p = Vec::new();
                        judge(self.sem, &a.expr, false, 0, &mut p);
                        self.found
                            .extend(p.into_iter().map(|p| (p, "passed to `sendResponse`")));
                    }
                }
            }
        }
        c.visit_children_with(self);
    }
}
