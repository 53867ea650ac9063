//! `reject-with-non-error`: a listener's answer rejects (`return Promise.reject(x)`,
//! `reject(x)` in a returned `new Promise`) or the listener throws (`throw x`) with a
//! value that is not an `Error`.
//!
//! The sender's `sendMessage` rejects with the error's message only when the rejection
//! is an `Error` instance; any other value gives it a generic message, and the reason is
//! lost. Only values known not to be errors are flagged: literals, templates, plain
//! objects and arrays, `undefined` and a bare `reject()`.
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::semantic::func::{is_undefined, Body, FnNode};
use crate::semantic::response::{is_global, models};
use crate::semantic::{prop_name, strip, Semantic};

declare_rule!(
    pub struct Rule => META,
    "reject-with-non-error",
    Warning,
    "A listener that rejects or throws with something that is not an Error: the sender gets a generic message."
);

/// What a value is, when it is certainly not an `Error`.
fn non_error(e: &Expr) -> Option<&'static str> {
    Some(match strip(e) {
        Expr::Lit(Lit::Str(_)) | Expr::Tpl(_) => "a string",
        Expr::Lit(Lit::Num(_)) => "a number",
        Expr::Lit(Lit::Bool(_)) => "a boolean",
        Expr::Lit(Lit::Null(_)) => "`null`",
        Expr::Object(_) => "a plain object",
        Expr::Array(_) => "an array",
        x if is_undefined(x) => "`undefined`",
        _ => return None,
    })
}

struct Finding {
    range: (usize, usize),
    what: &'static str,
    how: &'static str,
}

/// `throw` statements of the listener itself (not nested functions) outside a `try`
/// that catches them.
struct Throws {
    in_try: usize,
    found: Vec<Finding>,
}

impl Visit for Throws {
    fn visit_throw_stmt(&mut self, t: &ThrowStmt) {
        if self.in_try == 0 {
            if let Some(what) = non_error(&t.arg) {
                self.found.push(Finding {
                    range: crate::parse::range(&*t.arg),
                    what,
                    how: "throws",
                });
            }
        }
        t.visit_children_with(self);
    }

    fn visit_try_stmt(&mut self, t: &TryStmt) {
        let caught = t.handler.is_some();
        self.in_try += usize::from(caught);
        t.block.visit_with(self);
        self.in_try -= usize::from(caught);
        t.handler.visit_with(self);
        t.finalizer.visit_with(self);
    }

    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    fn visit_class(&mut self, _: &Class) {}
}

/// Calls of a `new Promise` executor's `reject` parameter, wherever they are.
struct Rejects {
    reject: Id,
    found: Vec<Finding>,
}

impl Visit for Rejects {
    fn visit_call_expr(&mut self, c: &CallExpr) {
        if let Callee::Expr(callee) = &c.callee {
            if matches!(strip(callee), Expr::Ident(i) if i.to_id() == self.reject) {
                let what = match c.args.first() {
                    None => Some("`undefined`"),
                    Some(a) if a.spread.is_none() => non_error(&a.expr),
                    Some(_) => None,
                };
                if let Some(what) = what {
                    self.found.push(Finding {
                        range: crate::parse::range(&c.span),
                        what,
                        how: "rejects",
                    });
                }
            }
        }
        c.visit_children_with(self);
    }
}

/// Rejections in a returned value: `Promise.reject(x)`, `new Promise((_, reject) => ...)`.
fn returned(sem: &Semantic<'_>, v: &Expr, out: &mut Vec<Finding>) {
    match strip(v) {
        Expr::Cond(c) => {
            returned(sem, &c.cons, out);
            returned(sem, &c.alt, out);
        }
        Expr::Call(c) => {
            let Callee::Expr(callee) = &c.callee else {
                return;
            };
            let Expr::Member(m) = strip(callee) else {
                return;
            };
            if is_global(sem, &m.obj, "Promise")
                && prop_name(&m.prop).is_some_and(|p| p == "reject")
            {
                let what = match c.args.first() {
                    None => Some("`undefined`"),
                    Some(a) if a.spread.is_none() => non_error(&a.expr),
                    Some(_) => None,
                };
                if let Some(what) = what {
                    out.push(Finding {
                        range: crate::parse::range(&c.span),
                        what,
                        how: "rejects",
                    });
                }
            }
        }
        Expr::New(n) if is_global(sem, &n.callee, "Promise") => {
            let Some(a) = n.args.as_ref().and_then(|a| a.first()) else {
                return;
            };
            let f = match strip(&a.expr) {
                Expr::Fn(f) => FnNode::Func(&f.function),
                Expr::Arrow(a) => FnNode::Arrow(a),
                _ => return,
            };
            let Some(reject) = f.param_ident(1) else {
                return;
            };
            let mut v = Rejects {
                reject: reject.to_id(),
                found: Vec::new(),
            };
            match f.body() {
                Some(Body::Block(b)) => b.visit_with(&mut v),
                Some(Body::Expr(e)) => e.visit_with(&mut v),
                None => {}
            }
            out.extend(v.found);
        }
        _ => {}
    }
}

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for m in models(cx, all) {
            let (Some(fcx), Some(l)) = (all.unit(m.unit), cx.sem.listeners.get(m.listener)) else {
                continue;
            };
            let mut t = Throws {
                in_try: 0,
                found: Vec::new(),
            };
            if let Some(Body::Block(b)) = m.func.body() {
                // Visiting every listener costs more than the rest of this rule: look for
                // the keyword in the source first (a keyword cannot be escaped). A body
                // whose text cannot be found is visited.
                static THROW: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
                    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("throw"));
                let (start, end) = crate::parse::range(&b.span);
                if fcx
                    .source
                    .text
                    .get(start..end)
                    .is_none_or(|text| THROW.find(text.as_bytes()).is_some())
                {
                    b.visit_with(&mut t);
                }
            }
            let mut found = t.found;
            for e in &m.response.exits {
                if let Some(v) = e.value {
                    returned(fcx.sem, v, &mut found);
                }
            }
            found.sort_by_key(|f| f.range);
            found.dedup_by_key(|f| f.range);
            for f in found {
                let fix = if f.how == "throws" {
                    "throw an `Error`: `throw new Error(\"...\")`"
                } else {
                    "reject with an `Error`: `reject(new Error(\"...\"))` / `Promise.reject(new Error(\"...\"))`"
                };
                out.push(
                    Diagnostic::new(
                        META.id,
                        META.default_severity,
                        fcx.loc(f.range),
                        format!(
                            "this listener {} with {}, not an `Error`: the sender's `sendMessage` rejects with a generic message instead of this reason",
                            f.how, f.what
                        ),
                    )
                    .with_primary_label(format!("{} is not an `Error`", f.what))
                    .with_label(cx.loc(l.registration), "listener registered here")
                    .with_help(format!(
                        "{fix}; the sender reads the reason from `error.message`"
                    )),
                );
            }
        }
    }
}
