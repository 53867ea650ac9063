//! Sender checks kept in a flag.
//!
//! An allow flag, `let ok = false; if (ALLOWED.has(sender.id)) ok = true; if (!ok)
//! return;` (or the same with a loop over an allow-list), proves what every write that
//! can make it truthy was guarded by. It counts only when it is safe to: the flag is
//! declared in the function that tests it (a flag kept outside the listener stays true
//! for every later sender once one sender passed), starts falsy, and is only ever given
//! constants (every write, walked or not, is in the semantic model's definitions). Each
//! truthy write must have been walked before the test, and the weakest check over them is
//! what the flag proves.
//!
//! A deny flag, `let ok = true; if (!ALLOWED.has(sender.id)) ok = false; if (!ok)
//! return;`, proves a check when every write clears it in a branch taken exactly when
//! that check fails, and each such `if` surely ran before the test: it is a statement of
//! the list that declares the flag, between the declaration and the test, and the test is
//! in that list too (nothing can jump past a statement of a list into a later one of it).
//! A write nested deeper (`if (a) { if (!check) ok = false; }`) can be skipped while the
//! check fails, so it makes the flag prove nothing. Minified code writes the `if` as an
//! expression statement: `!ALLOWED.has(e.id) && (ok = !1);`.
use swc_ecma_ast::*;

use super::{Check, Walker};
use crate::parse::range;
use crate::semantic::{const_truth, strip};

/// A candidate flag of the function being walked.
pub(in crate::taint) struct FlagDecl<'a> {
    /// Frame depth of the declaring function.
    frame: usize,
    /// For a deny flag: the statement list holding the declaration, and its range.
    deny: Option<(&'a [Stmt], (usize, usize))>,
}

/// How many writes a flag may have to be judged. A flag is set in a few places; judging
/// one written thousands of times at each of its tests would cost quadratic time on a
/// hostile file. A deny flag's writes are judged by their conditions, which may test
/// other flags, a few levels deep (see `checks::nested`): fewer of them.
const MAX_WRITES: usize = 32;
const MAX_DENY_WRITES: usize = 8;

impl<'a> Walker<'a, '_> {
    /// A declaration `let ok;` / `let ok = false;` (an allow flag) or `let ok = true;` (a
    /// deny flag) in a listener's walk: a candidate flag of the function being walked.
    pub(super) fn declare_flag(&mut self, d: &VarDeclarator, decl: &VarDecl) {
        // A sender check is made in a listener's walk: elsewhere there is no sender.
        if self.st.root.is_none() {
            return;
        }
        let Pat::Ident(b) = &d.name else { return };
        let deny = match d.init.as_deref().map_or(Some(false), const_truth) {
            Some(false) => None,
            Some(true) => {
                // Only a declaration that is itself a statement of the list being walked
                // (not a `for (let ok = true; ...)` head). The list is sorted by position.
                let at = range(decl);
                let i = self.block.partition_point(|s| range(s).0 < at.0);
                match self.block.get(i) {
                    Some(Stmt::Decl(Decl::Var(v))) if range(&**v) == at => Some((self.block, at)),
                    _ => return,
                }
            }
            None => return,
        };
        self.flag_decls.insert(
            b.id.to_id(),
            FlagDecl {
                frame: self.frames.len(),
                deny,
            },
        );
    }

    /// `ok = <value>`: a truthy constant records the sender check in force here (the
    /// weakest, when the same write is walked more than once).
    pub(super) fn flag_write(&mut self, value: &Expr) {
        if self.st.root.is_some() && const_truth(value) == Some(true) {
            let level = self.st.check;
            self.flag_writes
                .entry(range(value).0)
                .and_modify(|l| *l = (*l).min(level))
                .or_insert(level);
        }
    }

    /// The sender check a flag proves when truthy, if `i` is one (see the module docs).
    pub(in crate::taint) fn flag_check(&self, i: &Ident) -> Option<Check> {
        let decl = self.flag_decls.get(&i.to_id())?;
        if decl.frame != self.frames.len() {
            return None;
        }
        if let Some((block, at)) = decl.deny {
            let defs = self.cx.sem.plain_defs(i, MAX_DENY_WRITES)?;
            return self.nested(|| self.deny_flag_check(i, &defs, block, at))?;
        }
        let mut level: Option<Check> = None;
        for e in self.cx.sem.plain_defs(i, MAX_WRITES)? {
            if const_truth(e)? {
                let l = *self.flag_writes.get(&range(e).0)?;
                level = Some(level.map_or(l, |x| x.min(l)));
            }
        }
        level
    }

    /// The check a deny flag tested at `test` proves: the weakest over its writes of the
    /// check that holds when the write's branch is not taken.
    fn deny_flag_check(
        &self,
        test: &Ident,
        defs: &[&Expr],
        block: &[Stmt],
        decl: (usize, usize),
    ) -> Option<Check> {
        let at = range(test).0;
        let end = range(block.last()?).1;
        if !(decl.1 <= at && at < end) {
            return None;
        }
        let mut level: Option<Check> = None;
        for &e in defs {
            let (start, _) = range(e);
            if const_truth(e)? {
                // The one truthy value is the declaration's own.
                if !(decl.0 <= start && start < decl.1) {
                    return None;
                }
                continue;
            }
            let i = block.partition_point(|s| range(s).1 <= start);
            let stmt = block.get(i)?;
            let (s_start, s_end) = range(stmt);
            if s_start < decl.1 || s_end > at {
                return None;
            }
            // Minified: `!ALLOWED.has(e.id) && (ok = !1);`, `ALLOWED.has(e.id) || (ok = !1);`.
            if let Stmt::Expr(x) = stmt {
                let Expr::Bin(b) = strip(&x.expr) else {
                    return None;
                };
                let taken = match b.op {
                    BinaryOp::LogicalAnd => true,
                    BinaryOp::LogicalOr => false,
                    _ => return None,
                };
                match strip(&b.right) {
                    Expr::Assign(a) if a.op == AssignOp::Assign && range(&*a.right) == range(e) => {
                    }
                    _ => return None,
                }
                let l = self.cond(&b.left, !taken).check;
                level = Some(level.map_or(l, |x| x.min(l)));
                continue;
            }
            let Stmt::If(s) = stmt else {
                return None;
            };
            let within = |b: &Stmt| {
                let (b0, b1) = range(b);
                b0 <= start && start < b1
            };
            let taken = if within(&s.cons) {
                true
            } else if s.alt.as_deref().is_some_and(within) {
                false
            } else {
                return None;
            };
            let branch = if taken { &*s.cons } else { s.alt.as_deref()? };
            if !clears_directly(branch, e) {
                return None;
            }
            let l = self.cond(&s.test, !taken).check;
            level = Some(level.map_or(l, |x| x.min(l)));
        }
        level
    }
}

/// Whether `branch` runs the write whose value is `value` as one of its own statements
/// (`ok = false;`, or `{ log(); ok = false; }`), not inside a nested statement.
fn clears_directly(branch: &Stmt, value: &Expr) -> bool {
    let is_it = |s: &Stmt| match s {
        Stmt::Expr(e) => match &*e.expr {
            Expr::Assign(a) => a.op == AssignOp::Assign && range(&*a.right) == range(value),
            _ => false,
        },
        _ => false,
    };
    match branch {
        Stmt::Block(b) => b.stmts.iter().any(is_it),
        s => is_it(s),
    }
}
