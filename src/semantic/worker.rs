//! Telling worker code apart: the tests only a web worker passes (`typeof FileReaderSync
//! !== "undefined"`, `self instanceof WorkerGlobalScope`) and their negations, which
//! guard code that runs only in a worker, and the scripts `new Worker(...)` starts.
use swc_common::SyntaxContext;
use swc_ecma_ast::*;

use super::{prop_name, static_string, strip};

/// Globals only a worker has: a test that one exists guards worker-only code.
const WORKER_GLOBALS: &[&str] = &[
    "FileReaderSync",
    "importScripts",
    "WorkerGlobalScope",
    "DedicatedWorkerGlobalScope",
];

/// Whether `test` holds only in a web worker: `typeof FileReaderSync !== "undefined"`,
/// `typeof importScripts === "function"` (either operand order, `!=` / `==` too),
/// `self instanceof WorkerGlobalScope` (the global read off `self` or `globalThis` too),
/// or any of them in an `&&` chain.
pub(super) fn is_worker_test(test: &Expr, unresolved: SyntaxContext) -> bool {
    worker_test_depth(test, unresolved, 0)
}

/// How many terms of a chain are looked into: a worker test is written in a short one.
/// The collector asks at every `&&` of a chain, so without a bound a hostile chain of
/// 20,000 terms cost quadratic time (28 s).
const MAX_CHAIN: usize = 32;

fn worker_test_depth(test: &Expr, unresolved: SyntaxContext, depth: usize) -> bool {
    if depth > MAX_CHAIN {
        return false;
    }
    let Expr::Bin(b) = strip(test) else {
        return false;
    };
    match b.op {
        BinaryOp::LogicalAnd => {
            worker_test_depth(&b.left, unresolved, depth + 1)
                || worker_test_depth(&b.right, unresolved, depth + 1)
        }
        _ => worker_compare(b, unresolved) == Some(true),
    }
}

/// Whether `test` holds only outside a web worker: the negation of a worker test
/// (`typeof WorkerGlobalScope === "undefined"`, `!(self instanceof WorkerGlobalScope)`),
/// or an `||` chain with one (if the chain is false, so is that test: a worker).
pub(super) fn is_not_worker_test(test: &Expr, unresolved: SyntaxContext) -> bool {
    not_worker_test_depth(test, unresolved, 0)
}

fn not_worker_test_depth(test: &Expr, unresolved: SyntaxContext, depth: usize) -> bool {
    if depth > MAX_CHAIN {
        return false;
    }
    match strip(test) {
        Expr::Unary(u) if u.op == UnaryOp::Bang => worker_test_depth(&u.arg, unresolved, depth + 1),
        Expr::Bin(b) if b.op == BinaryOp::LogicalOr => {
            not_worker_test_depth(&b.left, unresolved, depth + 1)
                || not_worker_test_depth(&b.right, unresolved, depth + 1)
        }
        Expr::Bin(b) => worker_compare(b, unresolved) == Some(false),
        _ => false,
    }
}

/// A comparison that tells a worker apart: `Some(true)` when it holds exactly in a
/// worker (`typeof FileReaderSync !== "undefined"`, `typeof importScripts ===
/// "function"`, `self instanceof WorkerGlobalScope`), `Some(false)` when exactly outside
/// one (`typeof WorkerGlobalScope === "undefined"`). Either operand order, loose too.
fn worker_compare(b: &BinExpr, unresolved: SyntaxContext) -> Option<bool> {
    let global_object = |e: &Expr| match strip(e) {
        Expr::Ident(i) => i.ctxt == unresolved && (i.sym == "self" || i.sym == "globalThis"),
        _ => false,
    };
    // `WorkerGlobalScope`, or read off the global object: `self.WorkerGlobalScope`.
    let global = |e: &Expr| match strip(e) {
        Expr::Ident(i) => i.ctxt == unresolved && WORKER_GLOBALS.contains(&&*i.sym),
        Expr::Member(m) => {
            global_object(&m.obj)
                && prop_name(&m.prop).is_some_and(|p| WORKER_GLOBALS.contains(&&*p))
        }
        _ => false,
    };
    let typeof_global = |e: &Expr| match strip(e) {
        Expr::Unary(u) => u.op == UnaryOp::TypeOf && global(&u.arg),
        _ => false,
    };
    // The string `typeof <worker global>` is compared with.
    let (l, r) = (&*b.left, &*b.right);
    let compared = if typeof_global(l) {
        static_string(r)
    } else if typeof_global(r) {
        static_string(l)
    } else {
        None
    };
    let equal = match b.op {
        BinaryOp::InstanceOf => return global(r).then_some(true),
        BinaryOp::EqEq | BinaryOp::EqEqEq => true,
        BinaryOp::NotEq | BinaryOp::NotEqEq => false,
        _ => return None,
    };
    match compared? {
        // Defined only in a worker.
        "undefined" => Some(!equal),
        "function" | "object" => Some(equal),
        _ => None,
    }
}

/// The script a `new Worker(...)` argument names, when it is written out.
pub(super) fn worker_script(e: &Expr) -> Option<String> {
    if let Some(s) = static_string(e) {
        return Some(s.to_string());
    }
    let first = |args: Option<&Vec<ExprOrSpread>>| {
        args.and_then(|a| a.first())
            .and_then(|a| static_string(&a.expr))
            .map(str::to_string)
    };
    match strip(e) {
        // `new URL("./w.js", import.meta.url)`: relative to this script.
        Expr::New(n) if matches!(strip(&n.callee), Expr::Ident(i) if i.sym == "URL") => {
            first(n.args.as_ref())
        }
        // `chrome.runtime.getURL("w.js")`: relative to the extension's root.
        Expr::Call(c) => match &c.callee {
            Callee::Expr(callee) => match strip(callee) {
                Expr::Member(m) if prop_name(&m.prop).is_some_and(|p| p == "getURL") => {
                    first(Some(&c.args)).map(|s| {
                        if s.starts_with('/') {
                            s
                        } else {
                            format!("/{s}")
                        }
                    })
                }
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}
