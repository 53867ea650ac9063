//! Functions handed an incoming Port: `handle(port)` in an `onConnect` listener, with
//! `function handle(p) { p.onMessage.addListener(...) }` elsewhere (or a method:
//! `hub.handle(port)`, `this.handle(port)`; or a constructor: `new Conn(port)`). The semantic model
//! binds `p` to the Port, so the listener on it is found; this module makes the sender
//! checks around it count as they do when the same code is written inside the listener:
//! a check of `p.sender` in the function, or a strong check in every listener before it
//! hands the Port on. Such a function is walked last, once the calls handing it a Port
//! have been seen, callers first, in the state its declaration was met in. A listener that hands its
//! Port on unchecked, to a function that uses it unchecked, uses it unchecked.
//!
//! Also Ports kept in a collection and posted to later (see the second `impl` below).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use swc_ecma_ast::{Expr, ExprOrSpread, Id, MemberExpr};

use super::{Check, Role, State, Walker, T};
use crate::parse::range;
use crate::semantic::{FnNode, PortKind, Val};
use crate::taint::SrcKind;

/// The functions handed a Port, and what the calls handing it one proved.
#[derive(Default)]
pub(super) struct PortFns<'a> {
    /// Deferred functions, in the order met: each with the state where the walk met it
    /// and its Port parameters (see [`Walker::port_sources`]).
    waiting: Vec<Waiting<'a>>,
    /// Their indices in `waiting`, by start: each is deferred once.
    deferred: HashMap<usize, usize>,
    /// Starts of functions a call has handed a Port, in the order first handed one: walked
    /// before the others (see [`Walker::next_port_fn`]).
    handed: Vec<usize>,
    /// By function start: whether every call that handed it a Port came after a strong
    /// sender check.
    checked_calls: HashMap<usize, bool>,
    /// Calls that handed a Port on where the message was not yet checked: the caller's
    /// root, the function's start, the call, and the function's name.
    unchecked: Vec<(usize, usize, (usize, usize), String)>,
    /// By function start: the root its Port parameters were walked under.
    roots: HashMap<usize, usize>,
}

/// A deferred function, the state where the walk met it, and its Port parameters.
#[derive(Clone)]
struct Waiting<'a> {
    f: FnNode<'a>,
    st: State,
    ports: Vec<(usize, SrcKind)>,
}

impl<'a> Walker<'a, '_> {
    /// Defer `f` when one of its parameters is an incoming Port: true when deferred (or
    /// already waiting). A summary's walk (which records no findings) takes it as it is.
    pub(super) fn defer_port_fn(&mut self, f: FnNode<'a>) -> bool {
        if self.summary.is_some() {
            return false;
        }
        let ports = self.port_sources(f);
        if ports.is_empty() {
            return false;
        }
        let start = range(&f.span()).0;
        if let std::collections::hash_map::Entry::Vacant(e) = self.port_fns.deferred.entry(start) {
            e.insert(self.port_fns.waiting.len());
            let st = self.st.clone();
            self.port_fns.waiting.push(Waiting { f, st, ports });
            // Handed a Port before it was met (a call ahead of a nested declaration).
            if self.port_fns.checked_calls.contains_key(&start) {
                self.port_fns.handed.push(start);
            }
        }
        true
    }

    /// A call `name(...)` (or `obj.name(...)`) of a local function `f` at `call`: when an argument is a
    /// listener's Port, remember whether the sender was strongly checked here, and
    /// whether the message was checked at all (see [`Walker::unchecked_here`]).
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
        let Some(caller) = args.iter().find_map(|a| self.port_root(&a.expr)) else {
            return;
        };
        let start = range(&f.span()).0;
        let checked = self.st.check == Check::Strong;
        match self.port_fns.checked_calls.entry(start) {
            std::collections::hash_map::Entry::Occupied(mut e) => *e.get_mut() &= checked,
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(checked);
                self.port_fns.handed.push(start);
            }
        }
        if self.unchecked_here() {
            self.port_fns
                .unchecked
                .push((caller, start, call, name.to_string()));
        }
    }

    /// Walk the deferred functions (walking one may defer another, or hand one a Port).
    /// Each starts from the state where the walk met it, past a strong sender check when
    /// every call handing it a Port was; its Port parameters are Ports of a root of its own.
    pub(super) fn walk_port_fns(&mut self) {
        let mut walked = Vec::new();
        let (mut next_handed, mut next_met) = (0, 0);
        while let Some(i) = self.next_port_fn(&mut walked, &mut next_handed, &mut next_met) {
            let Waiting { f, st, ports } = self.port_fns.waiting[i].clone();
            let start = range(&f.span()).0;
            let saved = std::mem::replace(&mut self.st, st);
            if self.port_fns.checked_calls.get(&start) == Some(&true) {
                self.st.check = self.st.check.max(Check::Strong);
            }
            let mut root = None;
            for (n, src) in ports {
                let Some(p) = f.param_ident(n) else { continue };
                // Not tracked for `missing-sender-check`: the listener that hands the Port
                // on is where a missing check is reported (see `carry_uses_back`).
                let r = *root.get_or_insert_with(|| {
                    self.new_root((self.cx.id, usize::MAX), false, Some(src))
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

    /// The index in `waiting` of the next deferred function to walk, marked walked: the
    /// first a call has handed a Port, in the order first handed one (so `outer(port)` in
    /// a listener is walked before the `inner(p)` it calls, whatever order they are
    /// declared in), else the first left in the order met. Each list is gone through once
    /// (`next_handed`, `next_met`): linear in the number of such functions.
    fn next_port_fn(
        &self,
        walked: &mut Vec<bool>,
        next_handed: &mut usize,
        next_met: &mut usize,
    ) -> Option<usize> {
        let pf = &self.port_fns;
        walked.resize(pf.waiting.len(), false);
        let mut pick = None;
        while let Some(start) = pf.handed.get(*next_handed) {
            *next_handed += 1;
            // Not yet met: queued again when it is (see `defer_port_fn`).
            if let Some(&i) = pf.deferred.get(start).filter(|&&i| !walked[i]) {
                pick = Some(i);
                break;
            }
        }
        if pick.is_none() {
            while *next_met < pf.waiting.len() {
                let i = *next_met;
                *next_met += 1;
                if !walked[i] {
                    pick = Some(i);
                    break;
                }
            }
        }
        let i = pick?;
        walked[i] = true;
        Some(i)
    }

    /// A function that used its Port's messages before any sender check makes each
    /// unchecked call that handed it the Port a use in the caller: the listener that hands
    /// its Port on unchecked is reported as one that uses it unchecked, labelled at its
    /// first such call. Carried back through chains of such functions, each call once.
    fn carry_uses_back(&mut self) {
        let calls = std::mem::take(&mut self.port_fns.unchecked);
        let start_of: HashMap<usize, usize> =
            self.port_fns.roots.iter().map(|(&s, &r)| (r, s)).collect();
        // The functions that use their Port unchecked, themselves or through a callee.
        let mut using: HashSet<usize> = self
            .port_fns
            .roots
            .iter()
            .filter(|(_, &r)| self.roots.get(r).is_some_and(|r| r.first_use.is_some()))
            .map(|(&s, _)| s)
            .collect();
        let mut into: HashMap<usize, Vec<usize>> = HashMap::default();
        for (caller, callee, ..) in &calls {
            if let Some(&s) = start_of.get(caller) {
                into.entry(*callee).or_default().push(s);
            }
        }
        let mut todo: Vec<usize> = using.iter().copied().collect();
        while let Some(callee) = todo.pop() {
            for &s in into.get(&callee).map_or(&[][..], Vec::as_slice) {
                if using.insert(s) {
                    todo.push(s);
                }
            }
        }
        for (caller, callee, at, name) in &calls {
            if !using.contains(callee)
                || !matches!(self.roots.get(*caller), Some(r) if r.first_use.is_none())
            {
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

/// Ports kept in a collection: an `onConnectExternal` listener puts its Port into a
/// `Set`, `Map` or array (`ports.add(port)`), and other code posts to each element
/// (`for (const p of ports) p.postMessage(data)`; the semantic model gives the element
/// binding the Port's kind). A post there answers every sender whose Port went in: it
/// is judged once the unit is walked, when every `add` has been seen, and reported
/// unless each Port went in after a strong check of its sender.
impl<'a> Walker<'a, '_> {
    /// `c.add(port)` (`push`, `unshift`, `set(k, port)`) of a listener's Port into a
    /// collection of Ports: whether its sender was checked first.
    pub(super) fn collection_add(
        &mut self,
        member: Option<&MemberExpr>,
        method: &str,
        args: &[ExprOrSpread],
    ) {
        let added = crate::semantic::collection_added(method, args);
        if added.is_empty() {
            return;
        }
        let Some(c) = member.and_then(|m| crate::semantic::strip(&m.obj).as_ident()) else {
            return;
        };
        let id = c.to_id();
        if !self.cx.sem.port_collections.contains_key(&id) {
            return;
        }
        if added.iter().any(|a| self.port_root(&a.expr).is_some()) {
            let checked = self.st.check == Check::Strong && !self.st.rejected;
            let all = self.collection_checked.entry(id).or_insert(true);
            *all &= checked;
        }
    }

    /// A post of `t` to an element of collection `c`, at `at`. In a summary (a helper
    /// called with the data), the Ports put in so far decide: reported only when one went
    /// in unchecked, since an `add` not seen yet cannot be judged.
    pub(super) fn collected_post(&mut self, c: Id, t: T, at: (usize, usize)) {
        if self.summarizing() {
            if self.collection_checked.get(&c) == Some(&false) {
                self.sink(&t, crate::taint::SinkCat::Exfil, "Port.postMessage", at);
            }
            return;
        }
        self.collected_posts.push((c, t, at));
    }

    /// The posts to collected Ports, judged now that every `add` is known.
    pub(super) fn post_to_collected(&mut self) {
        for (c, t, at) in std::mem::take(&mut self.collected_posts) {
            // An `add` in another unit is not seen here: the Port's checks are unknown.
            if self.collection_checked.get(&c) == Some(&false) {
                let st = std::mem::take(&mut self.st);
                self.sink(&t, crate::taint::SinkCat::Exfil, "Port.postMessage", at);
                self.st = st;
            }
        }
    }
}
