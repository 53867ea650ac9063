//! How a one-time message listener answers: what each path returns, and where
//! `sendResponse` (the third parameter, whatever it is called) is used: synchronously,
//! or late (in a callback, a `.then`, a timer, an event handler, after `await`).
//!
//! The walk is path-sensitive over statements (if/else, switch, try/catch/finally,
//! loops, labeled breaks, early returns) and splits conditional and logical return
//! values. Calls that pass `sendResponse` on are followed into local functions and
//! handler maps (`handlers[msg.type](msg, sender, sendResponse)`); anything it cannot
//! resolve makes the affected value [`Kind::Unknown`], and rules stay silent on unknowns.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::func::{Body, FnNode};
use super::{chain_operands, prop_key, prop_name, receiver_call, strip, Semantic, Val};

/// What a path hands back to the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The literal `true` (or `!0`): "I will answer later".
    True,
    /// `false`, `undefined`, nothing, `0`, `""`, `null`.
    Falsy,
    /// Truthy but not `true`; says what it is ("the number `1`", "an object").
    Truthy(String),
    /// A promise (every return of an `async` function is one).
    Promise,
    Unknown,
}

/// A late use of `sendResponse`: the listener has returned by the time it runs.
#[derive(Debug, Clone)]
pub struct Late {
    /// The `sendResponse` identifier (call callee or reference passed on).
    pub range: (usize, usize),
    /// "in a `.then` callback", "after `await`", ...
    pub why: &'static str,
}

/// The late uses a path schedules: indices into [`Response::late`], ascending (the order
/// they were found in), the first [`LATES_KEPT`] of them.
///
/// Capped because every path carries its own: a listener of 8,000 lines each scheduling
/// a late answer and then maybe returning has 8,000 exits, and with every late use kept
/// each exit held all those before it (727 MB and 2.4 s; a few more thousand lines and
/// the process ran out of memory). Joining paths at every loop and branch was quadratic
/// the same way. The first late use is what the rules report; the rest are labels.
#[derive(Debug, Clone, Default)]
pub struct Lates {
    kept: Vec<usize>,
    /// The path schedules late uses beyond those kept.
    pub more: bool,
}

/// See [`Lates`].
pub const LATES_KEPT: usize = 32;

impl Lates {
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// The first late use (the lowest index).
    pub fn first(&self) -> Option<&usize> {
        self.kept.first()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, usize> {
        self.kept.iter()
    }

    /// Adds one: a push in the usual case (a use found just now has the highest index
    /// yet), a binary search otherwise.
    fn add(&mut self, i: usize) {
        match self.kept.last() {
            Some(&last) if last >= i => {
                if let Err(at) = self.kept.binary_search(&i) {
                    self.kept.insert(at, i);
                }
            }
            _ => self.kept.push(i),
        }
        if self.kept.len() > LATES_KEPT {
            self.kept.pop();
            self.more = true;
        }
    }

    /// These late uses as indices of another model (`map[i]`): a followed call's, in
    /// its caller's. Uses without an index there are left out.
    fn remapped(&self, map: &[usize]) -> Lates {
        let mut late = Lates {
            more: self.more,
            ..Lates::default()
        };
        for &i in &self.kept {
            if let Some(&j) = map.get(i) {
                late.add(j);
            }
        }
        late
    }

    fn union(&mut self, other: &Lates) {
        for &i in &other.kept {
            self.add(i);
        }
        self.more |= other.more;
    }
}

/// How a path returns no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implicit {
    /// It reaches the function's closing brace.
    FallsOff,
    /// It says `return;`.
    BareReturn,
}

/// One way the listener finishes.
#[derive(Debug, Clone)]
pub struct Exit<'a> {
    pub kind: Kind,
    /// The returned expression, the `return` statement, or the closing brace.
    pub range: (usize, usize),
    /// The path returns no value: how (`None` when it returns one).
    pub implicit: Option<Implicit>,
    /// Late uses scheduled on this path.
    pub late: Lates,
    /// `sendResponse` was certainly called synchronously on this path.
    pub responded: bool,
    /// The value returned (for async functions: the value the promise resolves to).
    pub value: Option<&'a Expr>,
}

/// The response model of one listener.
#[derive(Debug, Default)]
pub struct Response<'a> {
    pub is_async: bool,
    pub exits: Vec<Exit<'a>>,
    pub late: Vec<Late>,
    /// Some use of `sendResponse` this analysis could not place (passed to an unknown
    /// function, stored, called from a function that is not invoked here).
    pub unknown_use: bool,
    /// Any synchronous `sendResponse` call.
    pub sync_calls: usize,
    /// The bindings that are `sendResponse` in the listener itself (parameter, aliases).
    /// A set: a listener can alias `sendResponse` thousands of times, and every name in
    /// the listener is looked up here.
    pub responders: HashSet<Id>,
}

impl Response<'_> {
    /// The listener can answer some message.
    pub fn can_respond(&self) -> bool {
        self.is_async
            || self.unknown_use
            || self.sync_calls > 0
            || !self.late.is_empty()
            || self
                .exits
                .iter()
                .any(|e| matches!(e.kind, Kind::True | Kind::Promise))
    }

    /// Every path answers (or keeps the channel open to answer): an `async` listener, or
    /// one whose every exit called `sendResponse` or returns `true` / a promise.
    pub fn always_responds(&self) -> bool {
        self.is_async
            || (!self.exits.is_empty()
                && self
                    .exits
                    .iter()
                    .all(|e| e.responded || matches!(e.kind, Kind::True | Kind::Promise)))
    }
}

/// Analyze `f` as a message listener whose `sendResponse` is parameter `responder`.
/// `None` when the function is too deep or odd to judge.
pub fn analyze<'a>(sem: &Semantic<'a>, f: FnNode<'a>) -> Option<Response<'a>> {
    analyze_with(sem, f, Some(2), &mut Vec::new())
}

/// Nesting of followed calls (listener -> handler -> helper).
const MAX_CALL_DEPTH: usize = 4;
/// Statement and expression nesting the walker accepts before giving up.
const MAX_DEPTH: usize = 400;

fn analyze_with<'a>(
    sem: &Semantic<'a>,
    f: FnNode<'a>,
    responder: Option<usize>,
    stack: &mut Vec<(usize, usize)>,
) -> Option<Response<'a>> {
    let span = crate::parse::range(&f.span());
    if stack.len() >= MAX_CALL_DEPTH || stack.contains(&span) || f.is_generator() {
        return None;
    }
    let mut responders = HashSet::default();
    if let Some(n) = responder {
        match f.param(n) {
            None => {}
            Some(_) => {
                responders.insert(f.param_ident(n)?.to_id());
            }
        }
    }
    stack.push(span);
    let mut w = Walker {
        sem,
        out: Response {
            is_async: f.is_async(),
            responders,
            ..Default::default()
        },
        frames: Vec::new(),
        depth: 0,
        gave_up: false,
        stack,
        call_paths: HashMap::default(),
        returning: None,
        late_at: HashMap::default(),
    };
    match f.body() {
        None => {}
        Some(Body::Expr(e)) => w.ret(e, St::default()),
        Some(Body::Block(b)) => {
            if let Some(st) = w.stmts(&b.stmts, St::default()) {
                let end = crate::parse::offset(b.span.hi);
                let brace = (end.saturating_sub(1), end);
                w.exit(Kind::Falsy, brace, Some(Implicit::FallsOff), &st, None);
            }
        }
    }
    let gave_up = w.gave_up;
    let mut out = w.out;
    w.stack.pop();
    if gave_up {
        return None;
    }
    if out.is_async {
        for e in &mut out.exits {
            e.kind = Kind::Promise;
        }
    }
    Some(out)
}

/// Abstract state along a path.
#[derive(Debug, Clone, Default)]
struct St {
    late: Lates,
    responded: bool,
    awaited: bool,
}

impl St {
    fn add_late(&mut self, i: usize) {
        self.late.add(i);
    }
}

fn join(a: Option<St>, b: Option<St>) -> Option<St> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(mut a), Some(b)) => {
            a.late.union(&b.late);
            a.responded &= b.responded;
            a.awaited |= b.awaited;
            Some(a)
        }
    }
}

/// One path out of a followed call.
#[derive(Debug, Clone)]
struct SubPath {
    kind: Kind,
    late: Lates,
    responded: bool,
}

struct Frame {
    label: Option<swc_atoms::Atom>,
    /// Loops and switches take unlabeled `break`.
    breakable: bool,
    states: Vec<St>,
}

struct Walker<'s, 'a> {
    sem: &'s Semantic<'a>,
    out: Response<'a>,
    frames: Vec<Frame>,
    depth: usize,
    gave_up: bool,
    stack: &'s mut Vec<(usize, usize)>,
    /// Paths of followed calls, by call range.
    call_paths: HashMap<(usize, usize), Vec<SubPath>>,
    /// The call being returned: its followed paths stay separate (not merged into the state).
    returning: Option<(usize, usize)>,
    /// Where each late use is in [`Response::late`], by its range.
    late_at: HashMap<(usize, usize), usize>,
}

/// Callbacks these run before returning (possibly never): not late, not certain.
const SYNC_INVOKERS: &[&str] = &[
    "forEach",
    "map",
    "filter",
    "some",
    "every",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "reduce",
    "reduceRight",
    "flatMap",
    "sort",
];

const TIMERS: &[&str] = &[
    "setTimeout",
    "setInterval",
    "requestAnimationFrame",
    "requestIdleCallback",
    "queueMicrotask",
    "setImmediate",
];

/// Keys of an options object whose functions jQuery-style ajax calls later.
const AJAX_CALLBACK_KEYS: &[&str] = &["success", "error", "complete"];

impl<'s, 'a> Walker<'s, 'a> {
    fn is_responder(&self, e: &Expr) -> bool {
        matches!(strip(e), Expr::Ident(i) if self.out.responders.contains(&i.to_id()))
    }

    fn exit(
        &mut self,
        kind: Kind,
        range: (usize, usize),
        implicit: Option<Implicit>,
        st: &St,
        value: Option<&'a Expr>,
    ) {
        self.out.exits.push(Exit {
            kind,
            range,
            implicit,
            late: st.late.clone(),
            responded: st.responded,
            value,
        });
    }

    fn push_late(&mut self, range: (usize, usize), why: &'static str) -> usize {
        let next = self.out.late.len();
        let i = *self.late_at.entry(range).or_insert(next);
        if i == next {
            self.out.late.push(Late { range, why });
        }
        i
    }

    fn stmts(&mut self, ss: &'a [Stmt], st: St) -> Option<St> {
        let mut st = Some(st);
        for s in ss {
            let cur = st?;
            st = self.stmt(s, cur);
        }
        st
    }

    fn stmt(&mut self, s: &'a Stmt, st: St) -> Option<St> {
        if self.depth > MAX_DEPTH || self.gave_up {
            self.gave_up = true;
            return None;
        }
        self.depth += 1;
        let r = self.stmt_inner(s, st);
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &'a Stmt, mut st: St) -> Option<St> {
        match s {
            Stmt::Expr(e) => {
                self.expr(&e.expr, &mut st, false);
                Some(st)
            }
            Stmt::Decl(Decl::Var(v)) => {
                for d in &v.decls {
                    if let Some(init) = &d.init {
                        // `const reply = sendResponse`: an alias.
                        if let (Pat::Ident(b), true) = (&d.name, self.is_responder(init)) {
                            self.out.responders.insert(b.id.to_id());
                            continue;
                        }
                        self.expr(init, &mut st, false);
                    }
                }
                Some(st)
            }
            Stmt::Decl(Decl::Using(u)) => {
                for d in &u.decls {
                    if let Some(init) = &d.init {
                        self.expr(init, &mut st, false);
                    }
                }
                Some(st)
            }
            Stmt::Decl(d) => {
                // A nested function declaration runs whenever it is called: unplaceable.
                self.opaque(d);
                Some(st)
            }
            Stmt::Return(r) => {
                match &r.arg {
                    Some(a) => self.ret(a, st),
                    None => {
                        let r = crate::parse::range(&r.span);
                        self.exit(Kind::Falsy, r, Some(Implicit::BareReturn), &st, None)
                    }
                }
                None
            }
            Stmt::Throw(t) => {
                self.expr(&t.arg, &mut st, false);
                None
            }
            Stmt::Block(b) => self.stmts(&b.stmts, st),
            // An `else if` chain is walked as a loop, each link at the depth of the first:
            // nested, a chain of a few hundred message kinds passed the depth limit and the
            // listener went unjudged. `join` keeps the order paths are met in, so folding
            // the links left to right gives what nesting gave.
            Stmt::If(first) => {
                let mut link = first;
                let mut out = None;
                loop {
                    self.expr(&link.test, &mut st, false);
                    out = join(out, self.stmt(&link.cons, st.clone()));
                    match link.alt.as_deref() {
                        Some(Stmt::If(next)) => link = next,
                        Some(alt) => return join(out, self.stmt(alt, st)),
                        None => return join(out, Some(st)),
                    }
                }
            }
            Stmt::Switch(sw) => {
                self.expr(&sw.discriminant, &mut st, false);
                self.frames.push(Frame {
                    label: None,
                    breakable: true,
                    states: Vec::new(),
                });
                let mut fall: Option<St> = None;
                for c in &sw.cases {
                    let mut entry = st.clone();
                    if let Some(t) = &c.test {
                        self.expr(t, &mut entry, true);
                    }
                    let entry = join(Some(entry), fall).unwrap_or_default();
                    fall = self.stmts(&c.cons, entry);
                }
                let frame = self.frames.pop()?;
                let has_default = sw.cases.iter().any(|c| c.test.is_none());
                let mut out = if has_default {
                    fall
                } else {
                    join(fall, Some(st))
                };
                for b in frame.states {
                    out = join(out, Some(b));
                }
                out
            }
            Stmt::Try(t) => {
                let tried = self.stmts(&t.block.stmts, st.clone());
                let caught = match &t.handler {
                    Some(h) => {
                        // The handler may start anywhere in the block: before or after it.
                        let entry = join(Some(st.clone()), tried.clone()).unwrap_or_default();
                        self.stmts(&h.body.stmts, entry)
                    }
                    None => None,
                };
                let normal = join(tried, caught);
                match &t.finalizer {
                    Some(f) => {
                        if contains_return(f) {
                            // A `return` in `finally` overrides every other exit: not modelled.
                            self.gave_up = true;
                            return None;
                        }
                        let completes = normal.is_some();
                        let fin = self.stmts(&f.stmts, normal.unwrap_or(st));
                        if completes {
                            fin
                        } else {
                            None
                        }
                    }
                    None => normal,
                }
            }
            Stmt::While(w) => {
                self.expr(&w.test, &mut st, false);
                let infinite = is_truthy_const(&w.test);
                self.lp(&w.body, st, infinite)
            }
            Stmt::DoWhile(w) => {
                self.frames.push(Frame {
                    label: None,
                    breakable: true,
                    states: Vec::new(),
                });
                let body = self.stmt(&w.body, st);
                let frame = self.frames.pop()?;
                let mut out = match body {
                    Some(mut b) if !is_truthy_const(&w.test) => {
                        self.expr(&w.test, &mut b, false);
                        Some(b)
                    }
                    _ => None,
                };
                for b in frame.states {
                    out = join(out, Some(b));
                }
                out
            }
            Stmt::For(f) => {
                match &f.init {
                    Some(VarDeclOrExpr::Expr(e)) => self.expr(e, &mut st, false),
                    Some(VarDeclOrExpr::VarDecl(v)) => {
                        for d in &v.decls {
                            if let Some(i) = &d.init {
                                self.expr(i, &mut st, false);
                            }
                        }
                    }
                    None => {}
                }
                if let Some(t) = &f.test {
                    self.expr(t, &mut st, false);
                }
                let infinite = f.test.as_deref().is_none_or(is_truthy_const);
                self.lp(&f.body, st, infinite)
            }
            Stmt::ForIn(f) => {
                self.expr(&f.right, &mut st, false);
                self.lp(&f.body, st, false)
            }
            Stmt::ForOf(f) => {
                self.expr(&f.right, &mut st, false);
                if f.is_await {
                    st.awaited = true;
                }
                self.lp(&f.body, st, false)
            }
            Stmt::Labeled(l) => {
                self.frames.push(Frame {
                    label: Some(l.label.sym.clone()),
                    breakable: false,
                    states: Vec::new(),
                });
                let body = self.stmt(&l.body, st);
                let frame = self.frames.pop()?;
                let mut out = body;
                for b in frame.states {
                    out = join(out, Some(b));
                }
                out
            }
            Stmt::Break(b) => {
                self.jump(b.label.as_ref(), st);
                None
            }
            Stmt::Continue(c) => {
                // Continuing may end the loop: for this walk it leaves like a break.
                self.jump(c.label.as_ref(), st);
                None
            }
            Stmt::With(_) => {
                self.gave_up = true;
                None
            }
            _ => Some(st),
        }
    }

    /// A loop body walked once; the loop may run it zero or more times.
    fn lp(&mut self, body: &'a Stmt, st: St, infinite: bool) -> Option<St> {
        self.frames.push(Frame {
            label: None,
            breakable: true,
            states: Vec::new(),
        });
        let after = self.stmt(body, st.clone());
        let frame = self.frames.pop()?;
        let mut out = if infinite {
            None
        } else {
            join(Some(st), after)
        };
        for b in frame.states {
            out = join(out, Some(b));
        }
        out
    }

    fn jump(&mut self, label: Option<&Ident>, st: St) {
        let frame = self.frames.iter_mut().rev().find(|f| match label {
            Some(l) => f.label.as_ref() == Some(&l.sym),
            None => f.breakable,
        });
        match frame {
            Some(f) => f.states.push(st),
            None => self.gave_up = true,
        }
    }

    /// A `return arg` (or an arrow's expression body).
    fn ret(&mut self, arg: &'a Expr, st: St) {
        // `return a(), b` returns `b` (`ret_paths` runs `a()` on the way).
        let mut value = strip(arg);
        while let Expr::Seq(s) = value {
            let Some(last) = s.exprs.last() else { break };
            value = strip(last);
        }
        self.ret_paths(arg, st, 0, value);
    }

    /// Scan a returned expression path by path: the branches of a conditional or of a
    /// logical operator run on different paths, so what one branch schedules is not on
    /// the path that returns the other (`ok ? (p.then(sendResponse), !0) : !1` keeps the
    /// channel open on the only path that answers late). Each path is an exit returning
    /// `value` (the whole returned expression).
    fn ret_paths(&mut self, e: &'a Expr, mut st: St, depth: usize, value: &'a Expr) {
        let range = crate::parse::range(e);
        let e = strip(e);
        if depth > 32 {
            self.expr(e, &mut st, false);
            self.exit(Kind::Unknown, range, None, &st, Some(value));
            return;
        }
        match e {
            Expr::Seq(s) => match s.exprs.split_last() {
                Some((last, init)) => {
                    for x in init {
                        self.expr(x, &mut st, false);
                    }
                    self.ret_paths(last, st, depth + 1, value);
                }
                None => self.exit(Kind::Unknown, range, None, &st, Some(value)),
            },
            // `a ? x : b ? y : ...` as a loop, each link at the depth of the first (see
            // `Stmt::If` in `stmt_inner`).
            Expr::Cond(first) => {
                let mut c = first;
                loop {
                    self.expr(&c.test, &mut st, false);
                    self.ret_paths(&c.cons, st.clone(), depth + 1, value);
                    match &*c.alt {
                        Expr::Cond(next) => c = next,
                        alt => break self.ret_paths(alt, st, depth + 1, value),
                    }
                }
            }
            // A chain `a && b && ...` (or `||`, `??`) link by link, each at the depth of the
            // first (see `chain_operands`): a link may end the chain and be returned
            // before the next runs (see `ends_chain`).
            Expr::Bin(b) if is_logical(b.op) => {
                let links = chain_operands(b);
                let Some((last, init)) = links.split_last() else {
                    return;
                };
                for &x in init {
                    self.expr(x, &mut st, false);
                    for (k, r, _) in self.classify(x, depth + 1) {
                        if let Some(k) = ends_chain(b.op, k) {
                            self.exit(k, r, None, &st, Some(value));
                        }
                    }
                }
                self.ret_paths(last, st, depth + 1, value);
            }
            _ => {
                // A returned call's followed paths stay apart (see `returning`).
                if let Expr::Call(c) = e {
                    self.returning = Some(crate::parse::range(&c.span));
                }
                self.expr(e, &mut st, false);
                self.returning = None;
                for (kind, r, sub) in self.classify(e, depth) {
                    match sub {
                        Some(p) => {
                            let mut s = st.clone();
                            s.late.union(&p.late);
                            s.responded |= p.responded;
                            self.exit(kind, r, None, &s, Some(value));
                        }
                        None => self.exit(kind, r, None, &st, Some(value)),
                    }
                }
            }
        }
    }

    /// The kinds a returned expression can have, with the range to point at.
    fn classify(
        &mut self,
        e: &'a Expr,
        depth: usize,
    ) -> Vec<(Kind, (usize, usize), Option<SubPath>)> {
        let range = crate::parse::range(e);
        let one = |k: Kind| vec![(k, range, None)];
        if depth > 32 {
            return one(Kind::Unknown);
        }
        let e = strip(e);
        match e {
            Expr::Seq(s) => match s.exprs.last() {
                Some(l) => self.classify(l, depth + 1),
                None => one(Kind::Unknown),
            },
            Expr::Cond(first) => {
                let mut c = first;
                let mut v = Vec::new();
                loop {
                    v.extend(self.classify(&c.cons, depth + 1));
                    match &*c.alt {
                        Expr::Cond(next) => c = next,
                        alt => break v.extend(self.classify(alt, depth + 1)),
                    }
                }
                v
            }
            // Any link that may end the chain, or the last (link by link, as in `ret_paths`).
            Expr::Bin(b) if is_logical(b.op) => {
                let links = chain_operands(b);
                let Some((last, init)) = links.split_last() else {
                    return one(Kind::Unknown);
                };
                let mut v = Vec::new();
                for &x in init {
                    for (k, r, sub) in self.classify(x, depth + 1) {
                        if let Some(k) = ends_chain(b.op, k) {
                            // A falsy link of `&&` is returned as a value, not as the
                            // paths of the call that gave it.
                            let sub = sub.filter(|_| b.op != BinaryOp::LogicalAnd);
                            v.push((k, r, sub));
                        }
                    }
                }
                v.extend(self.classify(last, depth + 1));
                v
            }
            Expr::Assign(a) if a.op == AssignOp::Assign => self.classify(&a.right, depth + 1),
            _ => {
                if let Expr::Call(c) = e {
                    if let Some(paths) = self.call_paths.get(&crate::parse::range(&c.span)) {
                        return paths
                            .iter()
                            .map(|p| (p.kind.clone(), range, Some(p.clone())))
                            .collect();
                    }
                }
                one(self.kind_of(e))
            }
        }
    }

    /// The kind of a single (non-branching) expression.
    fn kind_of(&mut self, e: &'a Expr) -> Kind {
        let truthy = |s: &str| Kind::Truthy(s.to_string());
        match strip(e) {
            Expr::Lit(Lit::Bool(b)) => {
                if b.value {
                    Kind::True
                } else {
                    Kind::Falsy
                }
            }
            Expr::Lit(Lit::Null(_)) => Kind::Falsy,
            Expr::Lit(Lit::Num(n)) => {
                if n.value == 0.0 || n.value.is_nan() {
                    Kind::Falsy
                } else {
                    Kind::Truthy(format!("the number `{}`", n.value))
                }
            }
            Expr::Lit(Lit::Str(s)) => {
                if s.value.is_empty() {
                    Kind::Falsy
                } else {
                    truthy("a string")
                }
            }
            Expr::Lit(Lit::BigInt(b)) => {
                if b.value.to_string() == "0" {
                    Kind::Falsy
                } else {
                    truthy("a BigInt")
                }
            }
            Expr::Lit(Lit::Regex(_)) => truthy("a regular expression"),
            Expr::Tpl(t) if t.quasis.iter().any(|q| !q.raw.is_empty()) => truthy("a string"),
            Expr::Unary(u) if u.op == UnaryOp::Void => Kind::Falsy,
            Expr::Unary(u) if u.op == UnaryOp::Bang => match self.kind_of(&u.arg) {
                Kind::True | Kind::Truthy(_) | Kind::Promise => Kind::Falsy,
                Kind::Falsy => Kind::True,
                Kind::Unknown => Kind::Unknown,
            },
            Expr::Ident(i) if i.sym == "undefined" && i.ctxt == self.sem.unresolved => Kind::Falsy,
            Expr::Ident(_) if self.is_responder(e) => truthy("the `sendResponse` function"),
            Expr::Object(_) => truthy("an object"),
            Expr::Array(_) => truthy("an array"),
            Expr::Fn(_) | Expr::Arrow(_) | Expr::Class(_) => truthy("a function"),
            Expr::New(n) => {
                if is_global(self.sem, &n.callee, "Promise") {
                    Kind::Promise
                } else {
                    truthy("an object")
                }
            }
            Expr::Call(c) => self.call_kind(c),
            _ => Kind::Unknown,
        }
    }

    fn call_kind(&mut self, c: &'a CallExpr) -> Kind {
        let Callee::Expr(callee) = &c.callee else {
            return Kind::Unknown;
        };
        if self.is_responder(callee) {
            // `sendResponse(...)` returns undefined.
            return Kind::Falsy;
        }
        let callee = strip(callee);
        if let Expr::Member(m) = callee {
            let name = prop_name(&m.prop);
            if matches!(name.as_deref(), Some("then" | "catch" | "finally"))
                || is_global(self.sem, &m.obj, "Promise")
            {
                return Kind::Promise;
            }
        }
        if let Expr::Ident(i) = callee {
            if i.ctxt == self.sem.unresolved {
                return match &*i.sym {
                    "fetch" => Kind::Promise,
                    "setTimeout" | "setInterval" => Kind::Truthy("a timer id".into()),
                    _ => Kind::Unknown,
                };
            }
        }
        if let Some(Val::Api(p)) = self.sem.eval(callee) {
            // Callback-style extension API calls return undefined.
            if p.len() >= 2 && c.args.iter().any(|a| is_fn(&a.expr)) {
                return Kind::Falsy;
            }
            return Kind::Unknown;
        }
        // A local function: what it returns.
        if let super::FnRef::Local(f) = self.sem.resolve_fn(callee) {
            if f.is_async() {
                return Kind::Promise;
            }
            if let Some(r) = analyze_with(self.sem, f, None, self.stack) {
                let mut kinds = r.exits.iter().map(|e| e.kind.clone());
                if let Some(first) = kinds.next() {
                    if kinds.all(|k| k == first) {
                        return match first {
                            // What a helper returns, the listener returns: say where.
                            Kind::Truthy(w) => Kind::Truthy(format!("{w} (from a call)")),
                            k => k,
                        };
                    }
                }
            }
        }
        Kind::Unknown
    }

    /// Scan an expression in order, updating the path state. `cond`: it may not run.
    fn expr(&mut self, e: &'a Expr, st: &mut St, cond: bool) {
        if self.depth > MAX_DEPTH || self.gave_up {
            self.gave_up = true;
            return;
        }
        self.depth += 1;
        self.expr_inner(e, st, cond);
        self.depth -= 1;
    }

    fn expr_inner(&mut self, e: &'a Expr, st: &mut St, cond: bool) {
        match e {
            Expr::Ident(i) => {
                if self.out.responders.contains(&i.to_id()) {
                    // Stored or passed somewhere this walk cannot see.
                    self.out.unknown_use = true;
                }
            }
            Expr::Call(c) => self.call(c, st, cond),
            Expr::New(n) => {
                self.expr(&n.callee, st, cond);
                let executor = is_global(self.sem, &n.callee, "Promise");
                for a in n.args.iter().flatten() {
                    match fn_of(&a.expr) {
                        // The executor of `new Promise` runs synchronously.
                        Some(f) if executor => self.sync_fn(f, st, cond),
                        _ => self.expr(&a.expr, st, cond),
                    }
                }
            }
            Expr::Await(a) => {
                self.expr(&a.arg, st, cond);
                st.awaited = true;
            }
            Expr::Cond(first) => {
                let mut c = first;
                let mut test_cond = cond;
                loop {
                    self.expr(&c.test, st, test_cond);
                    self.expr(&c.cons, st, true);
                    match &*c.alt {
                        // A later link's test runs only when the earlier ones fail.
                        Expr::Cond(next) => {
                            c = next;
                            test_cond = true;
                        }
                        alt => break self.expr(alt, st, true),
                    }
                }
            }
            // `a + b + c ...` (any operators) is a left-deep tree: walked as a loop down
            // its left spine, each operand at the depth of the first, so a concatenation
            // of hundreds of parts does not pass the depth limit. Each right operand is
            // conditional when its own operator is logical.
            Expr::Bin(first) => {
                let mut rights: smallvec::SmallVec<[(&'a Expr, bool); 4]> =
                    smallvec::SmallVec::new();
                let mut b = first;
                loop {
                    rights.push((&b.right, is_logical(b.op)));
                    match &*b.left {
                        Expr::Bin(inner) => b = inner,
                        left => break self.expr(left, st, cond),
                    }
                }
                for (r, logical) in rights.into_iter().rev() {
                    self.expr(r, st, cond || logical);
                }
            }
            Expr::Seq(s) => {
                for x in &s.exprs {
                    self.expr(x, st, cond);
                }
            }
            Expr::Assign(a) => {
                let handler = match &a.left {
                    AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                        self.expr(&m.obj, st, cond);
                        prop_name(&m.prop).is_some_and(|p| p.starts_with("on"))
                    }
                    _ => false,
                };
                match fn_of(&a.right) {
                    // `xhr.onload = () => sendResponse(...)`: an event handler.
                    Some(f) if handler => self.late_fn(f, "in an event handler", st),
                    _ => self.expr(&a.right, st, cond),
                }
            }
            Expr::Paren(p) => self.expr(&p.expr, st, cond),
            Expr::TsAs(t) => self.expr(&t.expr, st, cond),
            Expr::TsNonNull(t) => self.expr(&t.expr, st, cond),
            Expr::TsTypeAssertion(t) => self.expr(&t.expr, st, cond),
            Expr::TsConstAssertion(t) => self.expr(&t.expr, st, cond),
            Expr::TsSatisfies(t) => self.expr(&t.expr, st, cond),
            Expr::Unary(u) => self.expr(&u.arg, st, cond),
            Expr::Update(u) => self.expr(&u.arg, st, cond),
            Expr::Member(m) => {
                self.expr(&m.obj, st, cond);
                if let MemberProp::Computed(c) = &m.prop {
                    self.expr(&c.expr, st, cond);
                }
            }
            Expr::Array(a) => {
                for x in a.elems.iter().flatten() {
                    self.expr(&x.expr, st, cond);
                }
            }
            Expr::Object(o) => {
                for p in &o.props {
                    match p {
                        PropOrSpread::Spread(s) => self.expr(&s.expr, st, cond),
                        PropOrSpread::Prop(p) => match &**p {
                            Prop::KeyValue(kv) => self.expr(&kv.value, st, cond),
                            Prop::Shorthand(i) => {
                                if self.out.responders.contains(&i.to_id()) {
                                    self.out.unknown_use = true;
                                }
                            }
                            other => self.opaque(other),
                        },
                    }
                }
            }
            Expr::Tpl(t) => {
                for x in &t.exprs {
                    self.expr(x, st, cond);
                }
            }
            Expr::Lit(_) | Expr::This(_) => {}
            // Functions that are not invoked here, classes, JSX, yield...: unplaceable.
            other => self.opaque(other),
        }
    }

    /// A call, and a method-call chain (`a.f(x).g(y)`) as a loop from its innermost call,
    /// each link at the depth of the outermost: nested, a builder chain of thousands of
    /// links passed the depth limit and the listener went unjudged.
    fn call(&mut self, c: &'a CallExpr, st: &mut St, cond: bool) {
        // Most calls are no chain: no list for them.
        if receiver_call(c).is_none() {
            return self.call_link(c, st, cond, false);
        }
        let mut links: smallvec::SmallVec<[&'a CallExpr; 4]> = smallvec::smallvec![c];
        while let Some(inner) = links
            .last()
            .filter(|l| !matches!(&l.callee, Callee::Expr(x) if self.is_responder(x)))
            .and_then(|l| receiver_call(l))
        {
            links.push(inner);
        }
        let innermost = links.len() - 1;
        for (i, l) in links.iter().enumerate().rev() {
            self.call_link(l, st, cond, i < innermost);
        }
    }

    /// One call; `chained`: its callee's object is the call before it in a chain, walked
    /// already.
    fn call_link(&mut self, c: &'a CallExpr, st: &mut St, cond: bool, chained: bool) {
        let Callee::Expr(callee) = &c.callee else {
            for a in &c.args {
                self.expr(&a.expr, st, cond);
            }
            return;
        };
        let range = crate::parse::range(&c.span);
        if self.is_responder(callee) {
            for a in &c.args {
                self.expr(&a.expr, st, cond);
            }
            let r = crate::parse::range(strip(callee));
            if st.awaited {
                let i = self.push_late(r, "after `await`");
                st.add_late(i);
            } else {
                self.out.sync_calls += 1;
                if !cond {
                    st.responded = true;
                }
            }
            return;
        }
        let cs = strip(callee);
        // An IIFE runs now; an async one pauses at its first `await`.
        if let Some(f) = fn_of(cs) {
            for a in &c.args {
                self.expr(&a.expr, st, cond);
            }
            self.sync_fn(f, st, cond);
            return;
        }
        let (late_why, sync_invoker) = self.callee_class(cs);
        match cs {
            Expr::Member(m) => {
                if !chained {
                    self.expr(&m.obj, st, cond);
                }
                if let MemberProp::Computed(p) = &m.prop {
                    self.expr(&p.expr, st, cond);
                }
            }
            other => self.expr(other, st, cond),
        }
        let mut passes_responder = None;
        for (n, a) in c.args.iter().enumerate() {
            if a.spread.is_some() {
                self.expr(&a.expr, st, cond);
                continue;
            }
            if self.is_responder(&a.expr) {
                let r = crate::parse::range(strip(&a.expr));
                match late_why {
                    Some(why) => {
                        let i = self.push_late(r, why);
                        st.add_late(i);
                    }
                    None if st.awaited => {
                        let i = self.push_late(r, "after `await`");
                        st.add_late(i);
                    }
                    None => passes_responder = Some(n),
                }
                continue;
            }
            if let Some(f) = fn_of(&a.expr) {
                match late_why {
                    Some(why) => self.late_fn(f, why, st),
                    None if sync_invoker => self.sync_fn(f, st, true),
                    None => self.opaque(&*a.expr),
                }
                continue;
            }
            if let Expr::Object(o) = strip(&a.expr) {
                if self.ajax_options(o, st) {
                    continue;
                }
            }
            self.expr(&a.expr, st, cond);
        }
        if let Some(n) = passes_responder {
            match self.follow(cs, n) {
                Some(paths) => {
                    if self.returning != Some(range) {
                        let mut merged: Option<St> = None;
                        for p in &paths {
                            let mut s = st.clone();
                            s.late.union(&p.late);
                            s.responded |= p.responded && !cond;
                            merged = join(merged, Some(s));
                        }
                        if let Some(m) = merged {
                            *st = m;
                        }
                    }
                    self.call_paths.insert(range, paths);
                }
                None => self.out.unknown_use = true,
            }
        }
    }

    /// Whether callbacks given to this callee run later (and why), or synchronously.
    fn callee_class(&self, cs: &'a Expr) -> (Option<&'static str>, bool) {
        match cs {
            Expr::Member(m) => {
                let name = prop_name(&m.prop);
                match name.as_deref() {
                    Some("then" | "catch" | "finally") => {
                        return (Some("in a promise callback"), false)
                    }
                    Some("addEventListener" | "addListener" | "on" | "once") => {
                        return (Some("in an event handler"), false)
                    }
                    Some(n) if SYNC_INVOKERS.contains(&n) => return (None, true),
                    // jQuery: `$.ajax(url, cb)`, and deferreds' `.done(cb)` on anything.
                    Some("ajax" | "get" | "post" | "getJSON") if is_jquery(self.sem, &m.obj) => {
                        return (Some("in an ajax callback"), false)
                    }
                    Some("done" | "fail" | "always") => {
                        return (Some("in an ajax callback"), false)
                    }
                    _ => {}
                }
            }
            Expr::Ident(i) if i.ctxt == self.sem.unresolved && TIMERS.contains(&&*i.sym) => {
                return (Some("in a timer callback"), false)
            }
            _ => {}
        }
        match self.sem.eval(cs) {
            Some(Val::Api(p)) if p.len() >= 2 => (Some("in an extension API callback"), false),
            Some(Val::Port(..)) => (Some("in an extension API callback"), false),
            _ => (None, false),
        }
    }

    /// `{ success: function (data) { sendResponse(data) } }` handed to any call: the
    /// jQuery ajax convention. Returns whether the object was consumed.
    fn ajax_options(&mut self, o: &'a ObjectLit, st: &mut St) -> bool {
        let mut any = false;
        for p in &o.props {
            let PropOrSpread::Prop(p) = p else { continue };
            let (key, f) = match &**p {
                Prop::KeyValue(kv) => (prop_key(&kv.key), fn_of(&kv.value)),
                Prop::Method(m) => (prop_key(&m.key), Some(FnNode::Func(&m.function))),
                _ => continue,
            };
            if let (Some(k), Some(f)) = (key, f) {
                if AJAX_CALLBACK_KEYS.contains(&&*k) {
                    self.late_fn(f, "in an ajax callback", st);
                    any = true;
                }
            }
        }
        if any {
            // The rest of the options object may hold other uses: unplaceable.
            self.opaque_except_ajax(o);
        }
        any
    }

    fn opaque_except_ajax(&mut self, o: &'a ObjectLit) {
        for p in &o.props {
            let PropOrSpread::Prop(p) = p else {
                self.opaque(p);
                continue;
            };
            let key = match &**p {
                Prop::KeyValue(kv) => prop_key(&kv.key),
                Prop::Method(m) => prop_key(&m.key),
                _ => None,
            };
            if !key.is_some_and(|k| AJAX_CALLBACK_KEYS.contains(&&*k)) {
                self.opaque(&**p);
            }
        }
    }

    /// Follow a call that passes `sendResponse` as argument `n` into the local functions
    /// it can reach (a function, or every entry of a handler map).
    fn follow(&mut self, cs: &'a Expr, n: usize) -> Option<Vec<SubPath>> {
        let targets = self.targets(cs)?;
        let mut paths = Vec::new();
        for f in targets {
            let sub = analyze_with(self.sem, f, Some(n), self.stack)?;
            if sub.unknown_use {
                self.out.unknown_use = true;
            }
            self.out.sync_calls += sub.sync_calls;
            let map: Vec<usize> = sub
                .late
                .iter()
                .map(|l| self.push_late(l.range, l.why))
                .collect();
            for e in sub.exits {
                paths.push(SubPath {
                    kind: e.kind,
                    late: e.late.remapped(&map),
                    responded: e.responded,
                });
            }
        }
        (!paths.is_empty()).then_some(paths)
    }

    fn targets(&self, cs: &'a Expr) -> Option<Vec<FnNode<'a>>> {
        if let super::FnRef::Local(f) = self.sem.resolve_fn(cs) {
            return Some(vec![f]);
        }
        // `handlers[msg.type]`: every function of a handler map declared as a literal.
        let Expr::Member(m) = cs else { return None };
        let MemberProp::Computed(_) = &m.prop else {
            return None;
        };
        let Expr::Ident(obj) = strip(&m.obj) else {
            return None;
        };
        let Expr::Object(o) = strip(self.sem.init_of(obj)?) else {
            return None;
        };
        let mut out = Vec::new();
        for p in &o.props {
            let PropOrSpread::Prop(p) = p else {
                return None;
            };
            match &**p {
                Prop::Method(m) => out.push(FnNode::Func(&m.function)),
                Prop::KeyValue(kv) => match self.sem.resolve_fn(&kv.value) {
                    super::FnRef::Local(f) => out.push(f),
                    _ => return None,
                },
                _ => return None,
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// A function invoked now (IIFE, `new Promise` executor, `forEach` callback): its body
    /// runs on this path until its first `await`; what follows an `await` is late.
    fn sync_fn(&mut self, f: FnNode<'a>, st: &mut St, cond: bool) {
        let mut inner = St {
            awaited: st.awaited,
            ..St::default()
        };
        let saved = std::mem::take(&mut self.frames);
        match f.body() {
            Some(Body::Expr(e)) => self.expr(e, &mut inner, cond),
            Some(Body::Block(b)) => {
                let mut v = UseScan::new(self, None);
                // Statement order inside, without path splitting: uses are placed by
                // whether an `await` came before them.
                v.awaited = inner.awaited;
                v.cond = cond;
                b.visit_with(&mut v);
                let (lates, sync, responded) = (v.lates, v.sync, v.responded);
                for (r, why) in lates {
                    let i = self.push_late(r, why);
                    inner.add_late(i);
                }
                self.out.sync_calls += sync;
                inner.responded |= responded && !cond;
            }
            None => {}
        }
        self.frames = saved;
        st.late.union(&inner.late);
        st.responded |= inner.responded && !cond;
    }

    /// A function that runs after the listener returned: every use in it is late.
    fn late_fn(&mut self, f: FnNode<'a>, why: &'static str, st: &mut St) {
        let mut v = UseScan::new(self, Some(why));
        match f.body() {
            Some(Body::Expr(e)) => e.visit_with(&mut v),
            Some(Body::Block(b)) => b.visit_with(&mut v),
            None => {}
        }
        let lates = v.lates;
        for (r, why) in lates {
            let i = self.push_late(r, why);
            st.add_late(i);
        }
    }

    /// Code this walk cannot place in time: any use in it is unknown.
    fn opaque<N: for<'w> VisitWith<UseScan<'w>> + ?Sized>(&mut self, n: &N) {
        let mut v = UseScan::new(self, None);
        v.opaque = true;
        n.visit_with(&mut v);
        if v.any {
            self.out.unknown_use = true;
        }
    }
}

/// Finds uses of the responder bindings inside a function body that runs in a known
/// relation to the listener (late, or now up to an `await`).
struct UseScan<'w> {
    responders: &'w HashSet<Id>,
    /// `Some`: everything found is late for this reason.
    late: Option<&'static str>,
    opaque: bool,
    awaited: bool,
    cond: bool,
    nested: usize,
    lates: Vec<((usize, usize), &'static str)>,
    sync: usize,
    responded: bool,
    any: bool,
}

impl<'w> UseScan<'w> {
    fn new(w: &'w Walker<'_, '_>, late: Option<&'static str>) -> Self {
        UseScan {
            responders: &w.out.responders,
            late,
            opaque: false,
            awaited: false,
            cond: false,
            nested: 0,
            lates: Vec::new(),
            sync: 0,
            responded: false,
            any: false,
        }
    }
}

impl UseScan<'_> {
    fn found(&mut self, i: &Ident) {
        self.any = true;
        if self.opaque {
            return;
        }
        let r = crate::parse::range(i);
        if let Some(why) = self.late {
            self.lates.push((r, why));
        } else if self.awaited && self.nested == 0 {
            self.lates.push((r, "after `await`"));
        } else if self.nested == 0 {
            self.sync += 1;
            self.responded |= !self.cond;
        } else {
            // Inside a nested callback of an invoked function: when it runs is unknown.
            self.any = true;
        }
    }
}

impl Visit for UseScan<'_> {
    fn visit_ident(&mut self, i: &Ident) {
        if self.responders.contains(&i.to_id()) {
            self.found(i);
        }
    }

    fn visit_await_expr(&mut self, a: &AwaitExpr) {
        a.visit_children_with(self);
        if self.nested == 0 {
            self.awaited = true;
        }
    }

    fn visit_if_stmt(&mut self, i: &IfStmt) {
        i.test.visit_with(self);
        let c = self.cond;
        self.cond = true;
        i.cons.visit_with(self);
        i.alt.visit_with(self);
        self.cond = c;
    }

    fn visit_function(&mut self, f: &Function) {
        self.nested += 1;
        f.visit_children_with(self);
        self.nested -= 1;
    }

    fn visit_arrow_expr(&mut self, a: &ArrowExpr) {
        self.nested += 1;
        a.visit_children_with(self);
        self.nested -= 1;
    }
}

fn fn_of(e: &Expr) -> Option<FnNode<'_>> {
    match strip(e) {
        Expr::Fn(f) => Some(FnNode::Func(&f.function)),
        Expr::Arrow(a) => Some(FnNode::Arrow(a)),
        _ => None,
    }
}

fn is_fn(e: &Expr) -> bool {
    fn_of(e).is_some()
}

/// The global `name` (not shadowed).
pub fn is_global(sem: &Semantic<'_>, e: &Expr, name: &str) -> bool {
    matches!(strip(e), Expr::Ident(i) if i.sym == name && i.ctxt == sem.unresolved)
}

fn is_jquery(sem: &Semantic<'_>, e: &Expr) -> bool {
    is_global(sem, e, "$") || is_global(sem, e, "jQuery")
}

fn is_truthy_const(e: &Expr) -> bool {
    super::const_truth(e) == Some(true)
}

fn contains_return(b: &BlockStmt) -> bool {
    struct V(bool);
    impl Visit for V {
        fn visit_return_stmt(&mut self, _: &ReturnStmt) {
            self.0 = true;
        }
        fn visit_function(&mut self, _: &Function) {}
        fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    }
    let mut v = V(false);
    b.visit_with(&mut v);
    v.0
}

// --- For rules: the listeners of a unit with their models, and the browser world. ---

use crate::analysis::{Analysis, UnitCx};
use crate::discover::manifest::Manifest;

/// A one-time message listener registered in some unit, resolved and analyzed.
pub struct Model<'a> {
    /// Index into the registering unit's `sem.listeners`.
    pub listener: usize,
    /// The unit holding the function (may differ from the registering unit).
    pub unit: usize,
    pub func: FnNode<'a>,
    pub response: Response<'a>,
}

/// The response model of every resolved one-time-message listener (`onMessage`,
/// `onMessageExternal`, `onUserScriptMessage`) the unit registers, computed on first use
/// and shared by the response rules (each would otherwise walk every listener).
/// Unresolved listeners, and ones too odd to model, are left out.
pub fn models<'r, 'a>(cx: &UnitCx<'a>, all: &'r Analysis<'a>) -> &'r [Model<'a>] {
    match all.responses.get(cx.id) {
        Some(cell) => cell.get_or_init(|| compute_models(cx, all)),
        None => &[],
    }
}

fn compute_models<'a>(cx: &UnitCx<'a>, all: &Analysis<'a>) -> Vec<Model<'a>> {
    let mut out = Vec::new();
    for (n, l) in cx.sem.listeners.iter().enumerate() {
        if !l.event.is_one_time_message() {
            continue;
        }
        let Some(f) = all.resolve(cx.id, l.func) else {
            continue;
        };
        let Some(fcx) = all.unit(f.unit) else {
            continue;
        };
        if let Some(response) = analyze(fcx.sem, f.func) {
            out.push(Model {
                listener: n,
                unit: f.unit,
                func: f.func,
                response,
            });
        }
    }
    out
}

/// The first Chrome version whose listeners may answer with a promise.
pub const CHROME_PROMISE_VERSION: u64 = 144;

/// Whether the listener's returned promise reaches the sender where this code runs:
/// Chrome 144+ (configured, else the manifest's `minimum_chrome_version`), a
/// Firefox-only extension, or a `browser.*` namespace (Firefox or webextension-polyfill,
/// which wraps promise listeners for Chrome). Without a manifest: old Chrome assumed.
pub fn promises_supported(cx: &UnitCx<'_>, all: &Analysis<'_>, listener: usize) -> bool {
    let Some(l) = cx.sem.listeners.get(listener) else {
        return false;
    };
    let target = cx.source.text.get(l.target.0..l.target.1).unwrap_or("");
    if target.starts_with("browser.") || cx.sem.uses_polyfill {
        return true;
    }
    if let Some(v) = all.minimum_chrome_version {
        return v >= CHROME_PROMISE_VERSION;
    }
    !cx.contexts.is_empty()
        && cx.contexts.iter().all(|&(e, c)| {
            let ext = &all.project.extensions[e];
            let polyfill_loaded = all
                .polyfill_loaded
                .get(e)
                .and_then(|p| p.get(c))
                .copied()
                .unwrap_or(false);
            polyfill_loaded
                || ext.manifest.as_ref().is_some_and(|m| {
                    m.minimum_chrome_version
                        .is_some_and(|v| v >= CHROME_PROMISE_VERSION)
                        || firefox_only(m)
                })
        })
}

/// A manifest Chrome cannot load as written: Firefox's `gecko` settings with MV2
/// (Chrome no longer runs MV2) or with an MV3 background that is not a service worker.
pub fn firefox_only(m: &Manifest) -> bool {
    m.gecko && (m.manifest_version == Some(2) || m.service_worker.is_none())
}

/// Where a listener function starts, for the primary label: the `async` keyword or the
/// first five bytes (`funct`, `(m, s`), at most the function.
pub fn listener_head(f: FnNode<'_>) -> (usize, usize) {
    let (s, e) = crate::parse::range(&f.span());
    (s, e.min(s + if f.is_async() { 5 } else { 1 }))
}

/// `&&`, `||` or `??`.
fn is_logical(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::LogicalAnd | BinaryOp::LogicalOr | BinaryOp::NullishCoalescing
    )
}

/// What a link of a logical chain returns when the chain ends at it, if it can: for `&&`
/// a link that may be falsy, as falsy; for `||` and `??` a link that may be truthy, as
/// it is.
fn ends_chain(op: BinaryOp, k: Kind) -> Option<Kind> {
    match op {
        BinaryOp::LogicalAnd => matches!(k, Kind::Falsy | Kind::Unknown).then_some(Kind::Falsy),
        _ => (!matches!(k, Kind::Falsy)).then_some(k),
    }
}
