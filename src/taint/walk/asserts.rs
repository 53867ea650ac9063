//! Sender checks made by a helper that throws: `assertTrusted(sender);` (or `await
//! assertTrusted(sender);`) as a statement of its own.
use swc_ecma_ast::*;

use super::Walker;
use crate::semantic::func::Body;
use crate::semantic::strip;

impl<'a> Walker<'a, '_> {
    /// Whether the statement `e` is a call, given the sender, of a function that can throw
    /// (a `throw` of its own, outside nested functions). Past it, the sender passed: like
    /// a helper in a condition, what the function tests is not followed.
    pub(super) fn is_assertion(&self, e: &'a Expr) -> bool {
        let e = match strip(e) {
            Expr::Await(a) => strip(&a.arg),
            e => e,
        };
        let Expr::Call(call) = e else { return false };
        let Callee::Expr(callee) = &call.callee else {
            return false;
        };
        // The sender is handed on as a binding or a field (`sender`, `sender.origin`,
        // `event`): other arguments are not looked into.
        let given_sender = call.args.iter().any(|a| {
            matches!(strip(&a.expr), Expr::Ident(_) | Expr::Member(_))
                && (self.senderish(&a.expr).is_some() || self.is_sender_obj(&a.expr))
        });
        if !given_sender {
            return false;
        }
        let Some(f) = self.all.resolve(self.cx.id, self.cx.sem.resolve_fn(callee)) else {
            return false;
        };
        matches!(f.func.body(), Some(Body::Block(b)) if b.stmts.iter().any(throws))
    }
}

/// Whether a statement can throw by a `throw` of its own.
fn throws(s: &Stmt) -> bool {
    match s {
        Stmt::Throw(_) => true,
        Stmt::Block(b) => b.stmts.iter().any(throws),
        Stmt::If(i) => throws(&i.cons) || i.alt.as_deref().is_some_and(throws),
        _ => false,
    }
}
