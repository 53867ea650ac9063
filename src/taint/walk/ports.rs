//! Functions handed an incoming Port: `handle(port)` in an `onConnect` listener, with
//! `function handle(p) { p.onMessage.addListener(...) }` elsewhere. The semantic model
//! binds `p` to the Port, so the listener on it is found; this module makes the sender
//! checks around it count as they do when the same code is written inside the listener:
//! a check of `p.sender` in the function, or a strong check in every listener before it
//! hands the Port on. Such a function is walked last, once the calls handing it a Port
//! have been seen, in the state its declaration was met in. A listener that hands its
//! Port on unchecked, to a function that uses it unchecked, uses it unchecked.
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
    /// Calls that handed a Port on where the message was not yet checked: the caller's
    /// root, the function's start, the call, and the function's name.
    unchecked: Vec<(usize, usize, (usize, usize), String)>,
    /// By function start: the root its Port parameters were walked under.
    roots: HashMap<usize, usize>,
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

    /// A call `name(...)` of a local function `f` at `call`: when an argument is a
    /// listener's Port, remember whether the sender was strongly checked here, and
    /// whether the message was checked at all (as [`Walker::use_of`] judges it).
    pub(super) fn note_port_call(
        &mut self,
        f: FnNode<'a>,
        name: &str,
        call: (usize, usize),
        args: &[swc_ecma_ast::ExprOrSpread],
    ) {
        if self.summary.is_some() {
            return;
        }
        let Some(caller) =
            args.iter()
                .find_map(|a| match self.roles.get(&strip_ident(&a.expr)?.to_id()) {
                    Some(Role::Port(r)) => Some(*r),
                    _ => None,
                })
        else {
            return;
        };
        let start = range(&f.span()).0;
        let checked = self.st.check == Check::Strong;
        self.port_fns
            .checked_calls
            .entry(start)
            .and_modify(|c| *c &= checked)
            .or_insert(checked);
        if !(self.st.quiet || self.st.rejected || self.st.check >= Check::Source) {
            self.port_fns
                .unchecked
                .push((caller, start, call, name.to_string()));
        }
    }

    /// Walk the deferred functions (walking one may defer another, or hand one a Port).
    /// Each starts from the state where the walk met it, past a strong sender check when
    /// every call handing it a Port was; its Port parameters are Ports of a root of its own.
    pub(super) fn walk_port_fns(&mut self) {
        let mut walked: HashSet<usize> = HashSet::default();
        while let Some((f, st)) = self.next_port_fn(&walked) {
            let start = range(&f.span()).0;
            walked.insert(start);
            let saved = std::mem::replace(&mut self.st, st);
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
            if let Some(r) = root {
                self.st.root = Some(r);
                self.port_fns.roots.insert(start, r);
            }
            self.func(f, &[]);
            self.st = saved;
        }
        self.port_fns.waiting.clear();
        self.carry_uses_back();
    }

    /// The next deferred function to walk: the first, in the order met, that a call has
    /// handed a Port (so `outer(port)` in a listener is walked before the `inner(p)` it
    /// calls, whatever order they are declared in), else the first left.
    fn next_port_fn(&self, walked: &HashSet<usize>) -> Option<(FnNode<'a>, State)> {
        let left = || {
            self.port_fns
                .waiting
                .iter()
                .filter(|(f, _)| !walked.contains(&range(&f.span()).0))
        };
        left()
            .find(|(f, _)| {
                self.port_fns
                    .checked_calls
                    .contains_key(&range(&f.span()).0)
            })
            .or_else(|| left().next())
            .cloned()
    }

    /// A function that used its Port's messages before any sender check makes each
    /// unchecked call that handed it the Port a use in the caller: the listener that hands
    /// its Port on unchecked is reported as one that uses it unchecked. Carried through
    /// chains of such functions until nothing changes.
    fn carry_uses_back(&mut self) {
        let calls = std::mem::take(&mut self.port_fns.unchecked);
        let mut changed = true;
        while changed {
            changed = false;
            for (caller, callee, at, name) in &calls {
                let Some(&used) = self.port_fns.roots.get(callee) else {
                    continue;
                };
                let uses = self.roots.get(used).is_some_and(|r| r.first_use.is_some());
                if !uses || !matches!(self.roots.get(*caller), Some(r) if r.first_use.is_none()) {
                    continue;
                }
                let l = self.label(
                    *at,
                    [
                        "the Port is handed to `",
                        name,
                        "` here, which uses it before any sender check",
                    ]
                    .concat(),
                );
                self.roots[*caller].first_use = Some(l);
                changed = true;
            }
        }
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
