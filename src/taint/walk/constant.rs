//! Data that carries nothing to read, for `postmessage-wildcard-origin`: a wildcard post
//! of it reveals nothing whatever document receives it.
//! - Literals, and arrays, objects, templates and arithmetic made of them, directly or
//!   through bindings that hold nothing else (`const READY = "ready"`; the parameter of
//!   an immediately invoked function, which holds its argument).
//! - Posted to the sender's own window, also random numbers and clocks: a tick token
//!   such as axios's setImmediate shim posts (`` `axios@${Math.random()}` ``, minified
//!   `"axios@".concat(Math.random())`). Only the window's own document receives a post to
//!   itself, whatever the target origin, so `"*"` widens nothing there. Posted to a frame,
//!   a parent or an opener, a random token is still reported: a nonce that authenticates a
//!   handshake is a secret, and a frame that navigated away would read it.
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::semantic::{iife_returns, prop_str, strip, Semantic};

/// How many expressions one question may look at (bindings are followed to their values,
/// which may name other bindings): bounded so that a chain or a cycle of bindings costs
/// no more than this.
const BUDGET: usize = 64;

/// The most values a binding may be given for them all to be looked at.
const MAX_VALUES: usize = 4;

/// Whether `e` carries nothing to read: built only from literals (and, with `nonces`,
/// random numbers and clocks). Unsure is no.
pub(super) fn carries_nothing(sem: &Semantic<'_>, e: &Expr, nonces: bool) -> bool {
    let mut budget = BUDGET;
    nothing(sem, e, nonces, &mut budget)
}

/// Whether `e` is the sender's own window: `window`, `self`, `globalThis`, `global`
/// (`window.self` and the like), or a binding or an immediately invoked function that
/// gives nothing else (`const g = typeof globalThis !== "undefined" ? globalThis : self`).
/// Never `top`, `parent`, `opener` or a frame's window.
pub(super) fn is_own_window(sem: &Semantic<'_>, e: &Expr) -> bool {
    let mut budget = BUDGET;
    own_window(sem, e, &mut budget)
}

fn own_window(sem: &Semantic<'_>, e: &Expr, budget: &mut usize) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let global = |s: &str| matches!(s, "window" | "self" | "globalThis" | "global");
    match strip(e) {
        Expr::Ident(i) if i.ctxt == sem.unresolved => global(&i.sym),
        Expr::Ident(i) => match sem.values_of(i, MAX_VALUES) {
            Some(values) => values.iter().all(|v| own_window(sem, v, budget)),
            None => false,
        },
        Expr::Member(m) => prop_str(&m.prop).is_some_and(global) && own_window(sem, &m.obj, budget),
        // Which of them is defined (`typeof self !== "undefined" ? self : window`).
        Expr::Cond(c) => own_window(sem, &c.cons, budget) && own_window(sem, &c.alt, budget),
        Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
            own_window(sem, &b.left, budget) && own_window(sem, &b.right, budget)
        }
        Expr::Seq(s) => s.exprs.last().is_some_and(|l| own_window(sem, l, budget)),
        Expr::Call(c) if c.args.is_empty() => match &c.callee {
            Callee::Expr(f) => {
                iife_returns(f).is_some_and(|rs| rs.iter().all(|r| own_window(sem, r, budget)))
            }
            _ => false,
        },
        _ => false,
    }
}

fn nothing(sem: &Semantic<'_>, e: &Expr, nonces: bool, budget: &mut usize) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    match strip(e) {
        Expr::Lit(_) => true,
        Expr::Tpl(t) => t.exprs.iter().all(|x| nothing(sem, x, nonces, budget)),
        Expr::Unary(u) => u.op != UnaryOp::Delete && nothing(sem, &u.arg, nonces, budget),
        // Arithmetic and concatenation; a comparison of data would carry a bit of it,
        // but both sides carry nothing here.
        Expr::Bin(b) => {
            nothing(sem, &b.left, nonces, budget) && nothing(sem, &b.right, nonces, budget)
        }
        Expr::Array(a) => a
            .elems
            .iter()
            .flatten()
            .all(|x| x.spread.is_none() && nothing(sem, &x.expr, nonces, budget)),
        Expr::Object(o) => o.props.iter().all(|p| match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::KeyValue(kv) => {
                    !matches!(kv.key, PropName::Computed(_))
                        && nothing(sem, &kv.value, nonces, budget)
                }
                _ => false,
            },
            PropOrSpread::Spread(_) => false,
        }),
        Expr::Ident(i) if i.ctxt == sem.unresolved => {
            matches!(&*i.sym, "undefined" | "NaN" | "Infinity")
        }
        Expr::Ident(i) => match sem.values_of(i, MAX_VALUES) {
            Some(values) => values.iter().all(|v| nothing(sem, v, nonces, budget)),
            None => false,
        },
        Expr::Call(c) => {
            let Callee::Expr(callee) = &c.callee else {
                return false;
            };
            let args_nothing = c
                .args
                .iter()
                .all(|a| a.spread.is_none() && nothing(sem, &a.expr, nonces, budget));
            match strip(callee) {
                // `String(1)`, `Number("2")`.
                Expr::Ident(f) => {
                    f.ctxt == sem.unresolved
                        && matches!(&*f.sym, "String" | "Number")
                        && args_nothing
                }
                Expr::Member(m) => {
                    let Some(method) = prop_str(&m.prop) else {
                        return false;
                    };
                    if nonces && c.args.is_empty() && is_clock_or_random(sem, &m.obj, method) {
                        return true;
                    }
                    is_value_method(method) && args_nothing && nothing(sem, &m.obj, nonces, budget)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// `Math.random`, `crypto.randomUUID`, `Date.now`, `performance.now`, on the globals.
fn is_clock_or_random(sem: &Semantic<'_>, obj: &Expr, method: &str) -> bool {
    let Expr::Ident(o) = strip(obj) else {
        return false;
    };
    o.ctxt == sem.unresolved
        && matches!(
            (&*o.sym, method),
            ("Math", "random")
                | ("crypto", "randomUUID")
                | ("Date", "now")
                | ("performance", "now")
        )
}

/// Methods of strings and numbers whose result is made of their receiver and arguments.
fn is_value_method(method: &str) -> bool {
    matches!(
        method,
        "toString"
            | "concat"
            | "slice"
            | "substring"
            | "substr"
            | "toFixed"
            | "padStart"
            | "padEnd"
            | "toUpperCase"
            | "toLowerCase"
            | "trim"
            | "repeat"
    )
}

/// Whether parameter `p` carries nothing at every call of its function: a local helper
/// (`const toFrames = (m) => frame.postMessage(m, "*")`) whose every use in `program` is
/// a direct call passing a constant (`toFrames("clicked")`). The semantic model binds a
/// named function's parameter to each call's argument (`Semantic::bind_call_arguments`;
/// a call passing none there, or a spread, leaves it unknown); what it cannot see is a
/// call made elsewhere, so a function used any other way (passed on, exported, stored)
/// may be given anything. `elsewhere` says whether other scripts may name the function
/// (a script's top-level one is shared with the scripts of its context).
pub(super) fn param_carries_nothing(
    sem: &Semantic<'_>,
    program: &Program,
    p: &Ident,
    nonces: bool,
    elsewhere: impl FnOnce(&str) -> bool,
) -> bool {
    /// Calls of one helper looked at, and expressions in all their arguments.
    const MAX_CALLS: usize = 32;
    let Some(given) = sem.plain_defs(p, MAX_CALLS) else {
        return false;
    };
    let mut budget = BUDGET * 4;
    if given.is_empty() || !given.iter().all(|a| nothing(sem, a, nonces, &mut budget)) {
        return false;
    }
    let mut find = FindParam {
        param: p.to_id(),
        found: None,
        top_level: false,
        depth: 0,
    };
    program.visit_with(&mut find);
    let Some(func) = find.found else {
        return false;
    };
    if find.top_level && matches!(program, Program::Script(_)) && elsewhere(&func.0) {
        return false;
    }
    let mut uses = OnlyCalled {
        func,
        escapes: false,
    };
    program.visit_with(&mut uses);
    !uses.escapes
}

/// Finds the function `param` is a plain parameter of, when a name is bound to it
/// (`function f(p)`, `const f = (p) => ...`): that name.
struct FindParam {
    param: Id,
    found: Option<Id>,
    /// Declared at the program's top level.
    top_level: bool,
    /// Nesting: 0 at the top level.
    depth: usize,
}

impl FindParam {
    fn has_param<'p>(&self, mut params: impl Iterator<Item = &'p Pat>) -> bool {
        params.any(|p| matches!(p, Pat::Ident(b) if b.id.to_id() == self.param))
    }

    fn found(&mut self, name: &Ident) {
        self.found = Some(name.to_id());
        self.top_level = self.depth == 0;
    }

    /// Visit what `node` holds one level deeper, unless the function is found.
    fn nested<N: VisitWith<Self>>(&mut self, node: &N) {
        if self.found.is_none() {
            self.depth += 1;
            node.visit_children_with(self);
            self.depth -= 1;
        }
    }
}

impl Visit for FindParam {
    fn visit_fn_decl(&mut self, f: &FnDecl) {
        if self.has_param(f.function.params.iter().map(|p| &p.pat)) {
            return self.found(&f.ident);
        }
        self.nested(f);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        if let (Pat::Ident(name), Some(init)) = (&d.name, &d.init) {
            let binds = match strip(init) {
                Expr::Fn(f) => self.has_param(f.function.params.iter().map(|p| &p.pat)),
                Expr::Arrow(a) => self.has_param(a.params.iter()),
                _ => false,
            };
            if binds {
                return self.found(&name.id);
            }
        }
        self.nested(d);
    }

    fn visit_block_stmt(&mut self, b: &BlockStmt) {
        self.nested(b);
    }

    fn visit_expr(&mut self, e: &Expr) {
        self.nested(e);
    }
}

/// Whether `func` is used other than as the callee of a call.
struct OnlyCalled {
    func: Id,
    escapes: bool,
}

impl Visit for OnlyCalled {
    fn visit_call_expr(&mut self, c: &CallExpr) {
        match &c.callee {
            Callee::Expr(callee) if matches!(strip(callee), Expr::Ident(i) if i.to_id() == self.func) => {
                c.args.visit_with(self)
            }
            _ => c.visit_children_with(self),
        }
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        // Its own name, declared here, is no use.
        f.function.visit_with(self);
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        match &d.name {
            Pat::Ident(n) if n.id.to_id() == self.func => d.init.visit_with(self),
            _ => d.visit_children_with(self),
        }
    }

    fn visit_ident(&mut self, i: &Ident) {
        self.escapes |= i.to_id() == self.func;
    }
}
