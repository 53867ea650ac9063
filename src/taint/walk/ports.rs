//! Functions handed an incoming Port: `handle(port)` in an `onConnect` listener, with
//! `function handle(p) { p.onMessage.addListener(...) }` elsewhere. The semantic model
//! binds `p` to the Port, so the listener on it is found; this module makes the sender
//! checks around it count as they do when the same code is written inside the listener:
//! a check of `p.sender` in the function, or a strong check in every listener before it
//! hands the Port on. Such a function is walked last, once the calls handing it a Port
//! have been seen, in the state its declaration was met in.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use swc_ecma_ast::Expr;

use super::{Check, Role, Root, State, Walker};
use crate::parse::range;
use crate::semantic::{FnNode, PortKind, Val};
use crate::taint::SrcKind;

/// The functions handed a Port, and what the calls handing it one proved.
#[derive(Default)]
pub(super) struct PortFns<'a> {
    /// Deferred functions, with the state where the walk met each, in the order met.
    waiting: Vec<(FnNode<'a>, State)>,
    /// Their starts: each is deferred once.
    deferred: HashSet<usize>,
    /// By function start: whether every call that handed it a Port came after a strong
    /// sender check.
    checked_calls: HashMap<usize, bool>,
}

impl<'a> Walker<'a, '_> {
    /// Defer `f` when one of its parameters is an incoming Port: true when deferred (or
    /// already waiting). A summary's walk (which records no findings) takes it as it is.
    pub(super) fn defer_port_fn(&mut self, f: FnNode<'a>) -> bool {
        if self.summary.is_some() || self.port_sources(f).is_empty() {
            return false;
        }
        let start = range(&f.span()).0;
        if self.port_fns.deferred.insert(start) {
            self.port_fns.waiting.push((f, self.st.clone()));
        }
        true
    }

    /// A call of a local function `f`: when an argument is a listener's Port, remember
    /// whether the sender was strongly checked here.
    pub(super) fn note_port_call(&mut self, f: FnNode<'a>, args: &[swc_ecma_ast::ExprOrSpread]) {
        if self.summary.is_some() {
            return;
        }
        let hands_port = args.iter().any(|a| {
            matches!(strip_ident(&a.expr), Some(i) if matches!(self.roles.get(&i.to_id()), Some(Role::Port(_))))
        });
        if !hands_port {
            return;
        }
        let checked = self.st.check == Check::Strong;
        self.port_fns
            .checked_calls
            .entry(range(&f.span()).0)
            .and_modify(|c| *c &= checked)
            .or_insert(checked);
    }

    /// Walk the deferred functions, in the order met (walking one may defer another).
    /// Each starts from the state where the walk met it, past a strong sender check when
    /// every call handing it a Port was; its Port parameters are Ports of a root of its own.
    pub(super) fn walk_port_fns(&mut self) {
        let mut i = 0;
        while let Some((f, st)) = self.port_fns.waiting.get(i).cloned() {
            i += 1;
            let saved = std::mem::replace(&mut self.st, st);
            let start = range(&f.span()).0;
            if self.port_fns.checked_calls.get(&start) == Some(&true) {
                self.st.check = self.st.check.max(Check::Strong);
            }
            let sources = self.port_sources(f);
            let mut root = None;
            for (n, src) in sources {
                let Some(p) = f.param_ident(n) else { continue };
                // Not tracked for `missing-sender-check`: the listener that hands the Port
                // on is where a missing check is reported.
                let r = *root.get_or_insert_with(|| {
                    self.roots.push(Root {
                        unit: self.cx.id,
                        listener: usize::MAX,
                        track: false,
                        src: Some(src),
                        first_use: None,
                    });
                    self.roots.len() - 1
                });
                self.set_role(p.to_id(), Role::Port(r));
            }
            if root.is_some() {
                self.st.root = root;
            }
            self.func(f, &[]);
            self.st = saved;
        }
        self.port_fns.waiting.clear();
    }

    /// The parameters of `f` the semantic model binds to an incoming Port, with the kind
    /// of data its messages are.
    fn port_sources(&self, f: FnNode<'a>) -> Vec<(usize, SrcKind)> {
        let mut out = Vec::new();
        if !self.cx.sem.incoming_ports {
            return out;
        }
        for n in 0..f.param_count() {
            let Some(p) = f.param_ident(n) else { continue };
            let src = match self.cx.sem.eval(&Expr::Ident(p.clone())) {
                Some(Val::Port(PortKind::IncomingExternal, path)) if path.is_empty() => {
                    SrcKind::External
                }
                Some(Val::Port(PortKind::Incoming, path))
                    if path.is_empty() && self.ctx.privileged() =>
                {
                    SrcKind::Content
                }
                _ => continue,
            };
            out.push((n, src));
        }
        out
    }
}

fn strip_ident(e: &Expr) -> Option<&swc_ecma_ast::Ident> {
    match crate::semantic::strip(e) {
        Expr::Ident(i) => Some(i),
        _ => None,
    }
}
