//! Sender checks kept in a flag: `let ok = false; if (ALLOWED.has(sender.id)) ok = true;
//! if (!ok) return;`, or the same with a loop over an allow-list. The flag proves what
//! every write that can make it truthy was guarded by.
//!
//! It counts only when it is safe to: the flag is declared in the function that tests it
//! (a flag kept outside the listener stays true for every later sender once one sender
//! passed), starts falsy, and is only ever given constants (every write, walked or not, is
//! in the semantic model's definitions). Each truthy write must have been walked before
//! the test, and the weakest check over them is what the flag proves.
use swc_ecma_ast::*;

use super::{Check, Walker};
use crate::parse::range;
use crate::semantic::const_truth;

impl<'a> Walker<'a, '_> {
    /// A declaration `let ok;` / `let ok = false;`: a candidate flag of the function being
    /// walked.
    pub(super) fn declare_flag(&mut self, d: &VarDeclarator) {
        // A sender check is made in a listener's walk: elsewhere there is no sender.
        if self.st.root.is_none() {
            return;
        }
        let Pat::Ident(b) = &d.name else { return };
        if d.init
            .as_deref()
            .is_none_or(|e| const_truth(e) == Some(false))
        {
            self.flag_decls.insert(b.id.to_id(), self.frames.len());
        }
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
        if self.flag_decls.get(&i.to_id()) != Some(&self.frames.len()) {
            return None;
        }
        // A flag is set in a few places; judging one written thousands of times at each of
        // its tests would cost quadratic time on a hostile file.
        const MAX_WRITES: usize = 32;
        let mut level: Option<Check> = None;
        for e in self.cx.sem.plain_defs(i, MAX_WRITES)? {
            if const_truth(e)? {
                let l = *self.flag_writes.get(&range(e).0)?;
                level = Some(level.map_or(l, |x| x.min(l)));
            }
        }
        level
    }
}
