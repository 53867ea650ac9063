//! Conditions: what holds in each branch (a sender check and its strength, a message
//! field proven constant or validated, the message kind), and which sender checks can be
//! bypassed.
use std::rc::Rc;
use swc_ecma_ast::*;

use super::catalog;
use super::walk::{Field, Role, Walker};
use super::Check;
use crate::parse::range;
use crate::semantic::func::Body;
use crate::semantic::{chain_operands, prop_str, static_string, strip, FnRef};

/// What a condition proves when it has a given truth value.
#[derive(Debug, Clone, Default)]
pub(super) struct Cond {
    pub check: Check,
    pub sanitize: Vec<String>,
    /// Paths proven URLs of a fixed origin (see `T::PINNED`).
    pub pin: Vec<String>,
    pub kind: Option<String>,
    pub shape: bool,
}

const MAX_COND_DEPTH: usize = 32;

impl<'a> Walker<'a, '_> {
    pub(super) fn cond(&self, e: &Expr, truth: bool) -> Cond {
        let mut c = Cond::default();
        self.cond_into(e, truth, &mut c, 0);
        c
    }

    pub(super) fn apply(&mut self, c: &Cond) {
        self.st.check = self.st.check.max(c.check);
        if !c.sanitize.is_empty() {
            Rc::make_mut(&mut self.st.sanitized).extend(c.sanitize.iter().cloned());
        }
        if !c.pin.is_empty() {
            Rc::make_mut(&mut self.st.pinned).extend(c.pin.iter().cloned());
        }
        if let Some(kind) = &c.kind {
            self.st.kind = Some(Rc::from(kind.as_str()));
        }
        self.st.shape |= c.shape;
    }

    fn cond_into(&self, e: &Expr, truth: bool, c: &mut Cond, depth: usize) {
        if depth > MAX_COND_DEPTH {
            return;
        }
        let d = depth + 1;
        let e = strip(e);
        // `ALLOWED.filter((o) => o === sender.origin).length > 0`: a comparison, proving
        // the callback's check when it says "some entry passed".
        if let Some((filter, nonempty)) = e.as_bin().and_then(filter_nonempty) {
            if nonempty == truth {
                if let Some(level) = self.callback_level(filter) {
                    c.check = c.check.max(level);
                }
            }
            return;
        }
        match e {
            Expr::Unary(u) if u.op == UnaryOp::Bang => self.cond_into(&u.arg, !truth, c, d),
            Expr::Bin(b) => match b.op {
                // `a && b && ...` holding, or `a || b || ...` failing: every link holds
                // that value. A chain is one level, however long (see `chain_operands`).
                BinaryOp::LogicalAnd | BinaryOp::LogicalOr
                    if (b.op == BinaryOp::LogicalAnd) == truth =>
                {
                    for x in chain_operands(b) {
                        self.cond_into(x, truth, c, d);
                    }
                }
                // `origin === A || origin === B` holding, or `origin !== A && origin !==
                // B` failing: one link holds, so the weakest of their checks is proven
                // (and nothing about the message, which each link may narrow differently).
                BinaryOp::LogicalOr | BinaryOp::LogicalAnd => {
                    let mut weakest = Check::Strong;
                    let links = chain_operands(b);
                    // `typeof allowed === "string" && origin !== allowed`: the check
                    // is enforced whenever an allowed origin is set. Whether it can be
                    // unset is beyond what this analysis sees, so the link that tests
                    // the compared value's presence is not the weakest link.
                    // Most chains test no presence: the sender comparisons are looked
                    // for only when one does.
                    let tested: Vec<Option<String>> =
                        links.iter().map(|x| presence_tested(x)).collect();
                    let compared = if tested.iter().any(Option::is_some) {
                        self.compared_with_sender(&links)
                    } else {
                        Vec::new()
                    };
                    for (x, _) in links
                        .iter()
                        .zip(&tested)
                        .filter(|(_, t)| t.as_ref().is_none_or(|p| !compared.contains(p)))
                    {
                        let mut link = Cond::default();
                        self.cond_into(x, truth, &mut link, d);
                        weakest = weakest.min(link.check);
                        if weakest == Check::None {
                            break;
                        }
                    }
                    c.check = c.check.max(weakest);
                }
                BinaryOp::EqEq | BinaryOp::EqEqEq | BinaryOp::NotEq | BinaryOp::NotEqEq => {
                    let positive = matches!(b.op, BinaryOp::EqEq | BinaryOp::EqEqEq);
                    // `msg.url.indexOf("https://example.com/") === 0`: a prefix test.
                    if positive == truth {
                        if let Some(call) = prefix_index_of(b) {
                            self.pin_prefix(call, c);
                        }
                    }
                    if let Some(found) = index_of_found(b) {
                        if found == truth {
                            if let Some(call) = index_of_call(b) {
                                self.call_cond(call, c);
                            }
                        }
                        return;
                    }
                    if positive != truth {
                        return;
                    }
                    if let Some(level) = self.compare_level(&b.left, &b.right) {
                        c.check = c.check.max(level);
                        return;
                    }
                    // `typeof msg.url === "string"`: a shape check.
                    for (x, y) in [(&b.left, &b.right), (&b.right, &b.left)] {
                        if let Expr::Unary(u) = strip(x) {
                            if u.op == UnaryOp::TypeOf && self.tainted(&u.arg) {
                                c.shape = true;
                            }
                        }
                        self.pin_origin(x, y, c);
                        if self.tainted(x) && self.is_constant(y) {
                            if let Some(p) = self.path(x) {
                                c.kind = self.kind_tested(x, y).or(c.kind.take());
                                c.sanitize.push(p);
                                c.shape = true;
                            }
                        } else if self.summarized_param(x) && self.is_constant(y) {
                            // A helper given the message tests its kind: what it answers
                            // is that kind's answer (see `Hit::Answer`).
                            c.kind = self.kind_tested(x, y).or(c.kind.take());
                        }
                    }
                }
                BinaryOp::Gt | BinaryOp::GtEq | BinaryOp::Lt | BinaryOp::LtEq => {
                    if let Some(found) = index_of_found(b) {
                        if found == truth {
                            if let Some(call) = index_of_call(b) {
                                self.call_cond(call, c);
                            }
                        }
                    }
                }
                BinaryOp::In if truth => {
                    if self.senderish(&b.left).is_some() {
                        c.check = c.check.max(Check::Weak);
                    } else if self.tainted(&b.left) {
                        c.shape = true;
                    }
                }
                _ => {}
            },
            Expr::Call(call) if truth => self.call_cond(call, c),
            Expr::Member(m) if truth => {
                if let MemberProp::Computed(k) = &m.prop {
                    if self.senderish(&k.expr).is_some() {
                        c.check = c.check.max(Check::Weak);
                        return;
                    }
                }
                // `schema.safeParse(msg).success`
                if let Expr::Call(call) = strip(&m.obj) {
                    self.call_cond(call, c);
                }
            }
            Expr::Assign(a) => self.cond_into(&a.right, truth, c, d),
            // `if (!(await isAllowed(sender.origin))) return;`: the awaited value is tested.
            Expr::Await(a) => self.cond_into(&a.arg, truth, c, d),
            Expr::Seq(s) => {
                if let Some(last) = s.exprs.last() {
                    self.cond_into(last, truth, c, d);
                }
            }
            // `const ok = ALLOWED.has(sender.origin); if (!ok) return;`: a binding with one
            // definition stands for the condition it was given.
            Expr::Ident(i) => {
                // `let ok = false; if (ALLOWED.has(sender.id)) ok = true; if (!ok) return;`
                if let Some(level) = self.flag_check(i) {
                    if truth {
                        c.check = c.check.max(level);
                    }
                    return;
                }
                if let Some(init) = self.cx.sem.init_of(i) {
                    self.cond_into(init, truth, c, d);
                }
            }
            _ => {}
        }
    }

    /// Whether `e` having the value `truth` means a sender check failed: the branch that
    /// turns the sender away (`sender.id !== ID`, `!ALLOWED.has(sender.origin)`,
    /// `!ok || msg.x`). `ev.data === "x" && ev.origin === O` being false does not: the
    /// data may be what failed.
    pub(super) fn rejects(&self, e: &Expr, truth: bool) -> bool {
        self.rejects_depth(e, truth, 0)
    }

    fn rejects_depth(&self, e: &Expr, truth: bool, depth: usize) -> bool {
        if depth > MAX_COND_DEPTH {
            return false;
        }
        let d = depth + 1;
        match strip(e) {
            Expr::Unary(u) if u.op == UnaryOp::Bang => self.rejects_depth(&u.arg, !truth, d),
            Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr) => {
                let links = chain_operands(b);
                // `a && b && ...` true, or `a || b || ...` false: every link holds that
                // value, so one rejecting link rejects; otherwise any link may be the one
                // that held, and each must reject.
                if (b.op == BinaryOp::LogicalAnd) == truth {
                    links.iter().any(|x| self.rejects_depth(x, truth, d))
                } else {
                    links.iter().all(|x| self.rejects_depth(x, truth, d))
                }
            }
            e => self.cond(e, !truth).check > Check::None,
        }
    }

    /// What a call proves when it returns truthy.
    fn call_cond(&self, call: &CallExpr, c: &mut Cond) {
        if let Some(level) = self.call_check_level(call) {
            c.check = c.check.max(level);
            return;
        }
        let Callee::Expr(callee) = &call.callee else {
            return;
        };
        let (name, obj) = match strip(callee) {
            Expr::Ident(i) => (Some(i.sym.to_string()), None),
            Expr::Member(m) => (prop_str(&m.prop).map(|a| a.to_string()), Some(&m.obj)),
            _ => (None, None),
        };
        let Some(name) = name else { return };
        let arg0 = call.args.first().map(|a| &*a.expr);
        match name.as_str() {
            "startsWith" => return self.pin_prefix(call, c),
            // `/^https:\/\/example\.com\//.test(msg.url)`
            "test" => {
                if let (Some(a), Some(o)) = (arg0, obj) {
                    if let Expr::Lit(Lit::Regex(re)) = self.constant(o) {
                        if regex_pins_origin(&re.exp) {
                            self.pin_path(a, c);
                        }
                    }
                }
                return;
            }
            _ => {}
        }
        // An allow-list lookup of a message field: `ALLOWED.includes(msg.url)`.
        if matches!(name.as_str(), "has" | "includes" | "indexOf") {
            if let (Some(a), Some(o)) = (arg0, obj) {
                if self.tainted(a) && !self.tainted(o) {
                    if let Some(p) = self.path(a) {
                        c.sanitize.push(p);
                    }
                    c.shape = true;
                }
            }
            return;
        }
        if catalog::is_validator(&name) {
            for a in &call.args {
                if self.tainted(&a.expr) {
                    if let Some(p) = self.path(&a.expr) {
                        c.sanitize.push(p);
                    }
                    c.shape = true;
                }
            }
        }
    }

    /// `x.startsWith(PREFIX)` or `x.indexOf(PREFIX)` (compared with 0 by the caller)
    /// where PREFIX fixes a scheme and host (`https://example.com/`): `x` is pinned.
    fn pin_prefix(&self, call: &CallExpr, c: &mut Cond) {
        let Callee::Expr(callee) = &call.callee else {
            return;
        };
        let Expr::Member(m) = strip(callee) else {
            return;
        };
        let prefix = call.args.first().map(|a| self.constant(&a.expr));
        if prefix.and_then(static_string).is_some_and(pins_origin) {
            self.pin_path(&m.obj, c);
        }
    }

    /// `u.origin === "https://example.com"` (`u` a `URL` made from message data, or
    /// `new URL(msg.url)` itself): the URL, and the string it was made from, are pinned.
    fn pin_origin(&self, x: &Expr, y: &Expr, c: &mut Cond) {
        let Expr::Member(m) = strip(x) else {
            return;
        };
        if prop_str(&m.prop) != Some("origin") || !static_string(y).is_some_and(is_origin) {
            return;
        }
        match strip(&m.obj) {
            Expr::New(n) if n.callee.as_ident().is_some_and(|i| &*i.sym == "URL") => {
                if let Some(a) = n.args.as_ref().and_then(|a| a.first()) {
                    self.pin_path(&a.expr, c);
                }
            }
            obj => self.pin_path(obj, c),
        }
    }

    fn pin_path(&self, e: &Expr, c: &mut Cond) {
        if self.tainted(e) || self.summarized_param(e) {
            if let Some(p) = self.path(e) {
                c.pin.push(p);
            }
        }
    }

    /// Data written to path `p`: what was proven of it, of the fields under it and of
    /// the values holding it, holds no more.
    pub(super) fn forget_path(&mut self, p: &str) {
        let related = |s: &String| within(p, s) || within(s, p);
        if self.st.sanitized.iter().any(related) {
            Rc::make_mut(&mut self.st.sanitized).retain(|s| !related(s));
        }
        if self.st.pinned.iter().any(related) {
            Rc::make_mut(&mut self.st.pinned).retain(|s| !related(s));
        }
    }

    pub(super) fn is_pinned(&self, p: &str) -> bool {
        covers(&self.st.pinned, p)
    }

    /// The strength of a sender check made by a call, if it is one.
    fn call_check_level(&self, call: &CallExpr) -> Option<Check> {
        let Callee::Expr(callee) = &call.callee else {
            return None;
        };
        if let Some(weakness) = self.call_weakness(call) {
            return Some(match weakness {
                Some(_) => Check::Weak,
                None => Check::Strong,
            });
        }
        // A method whose name cannot be known is not judged.
        if matches!(strip(callee), Expr::Member(m) if prop_str(&m.prop).is_none()) {
            return None;
        }
        // `ALLOWED.some((o) => sender.origin === o)`, `ALLOWED.find(...)`: truthy when the
        // callback's test held for some entry, so the test is the check. (`findIndex` is
        // judged where it is compared with -1, see `index_of_found`.)
        if let Expr::Member(m) = strip(callee) {
            if matches!(prop_str(&m.prop), Some("some" | "find" | "findIndex")) {
                if let Some(level) = self.callback_level(call) {
                    return Some(level);
                }
            }
        }
        // A local helper that returns one test is judged by it. Given the sender, any
        // call (an allow-list lookup, `Object.hasOwn`, a helper) counts as a check: only
        // a bypassable test in the helper makes it weak (`isTrusted(sender.url)`
        // returning `url.startsWith("https://example.com")`); what else a helper does is
        // not followed, and unresolved means silent.
        let followed = self.helper_test_level(call);
        if call
            .args
            .iter()
            .any(|a| self.senderish(&a.expr).is_some() || self.is_sender_obj(&a.expr))
        {
            return Some(
                followed
                    .filter(|&l| l == Check::Weak)
                    .unwrap_or(Check::Strong),
            );
        }
        followed
    }

    /// The check an entry-testing callback makes (`(o) => sender.origin === o`), if any.
    fn callback_level(&self, call: &CallExpr) -> Option<Check> {
        let test = call.args.first().and_then(|a| callback_test(&a.expr))?;
        let level = self.nested(|| self.cond(test, true).check)?;
        (level > Check::None).then_some(level)
    }

    /// Run `f` one callback or helper deeper into a condition, unless that is deeper than
    /// anyone writes a check (`A.some((a) => B.some((b) => ...))`). Each level judges the
    /// ones below it again, so without the bound a hostile nesting costs quadratic time.
    pub(in crate::taint) fn nested<R>(&self, f: impl FnOnce() -> R) -> Option<R> {
        const MAX_NESTED: usize = 4;
        let n = self.nested.get();
        if n >= MAX_NESTED {
            return None;
        }
        self.nested.set(n + 1);
        let r = f();
        self.nested.set(n);
        Some(r)
    }

    /// `isTrusted(event)`: an event carries its data as well as its sender, so a helper
    /// given one is not taken on trust. A local helper that returns one test is followed:
    /// the test is judged with its parameter standing for the event (or for the sender,
    /// or the sender's field, it is given: see [`Self::call_check_level`]).
    fn helper_test_level(&self, call: &CallExpr) -> Option<Check> {
        let level = self.with_helper_test(call, |verdict| {
            self.nested(|| {
                // Truthy only along one of its ways to a truthy return, so as strong as
                // the weakest of them; along one, every condition that holds there
                // counts, so as strong as the strongest of those.
                verdict
                    .iter()
                    .map(|way| {
                        way.iter()
                            .map(|&(test, truth)| self.cond(test, truth).check)
                            .max()
                            .unwrap_or(Check::None)
                    })
                    .min()
                    .unwrap_or(Check::None)
            })
        })??;
        (level > Check::None).then_some(level)
    }

    /// Run `f` on the verdict of a local helper given an event, a sender or a sender's
    /// field (see [`Self::helper_test_level`] and [`helper_verdict`]), with the helper's
    /// parameter lent the argument's role.
    fn with_helper_test<R>(&self, call: &CallExpr, f: impl FnOnce(&Verdict<'_>) -> R) -> Option<R> {
        const MAX_LENT: usize = 4;
        let Callee::Expr(callee) = &call.callee else {
            return None;
        };
        let (n, role) = call
            .args
            .iter()
            .enumerate()
            .filter(|(_, a)| a.spread.is_none())
            .find_map(|(n, a)| match strip(&a.expr) {
                Expr::Ident(i) => match self.role_of(i) {
                    Some(r @ (Role::Event(_) | Role::Sender | Role::SenderField(_))) => {
                        Some((n, r))
                    }
                    _ => None,
                },
                // `isTrusted(sender.url)`, `isTrusted(port.sender)`.
                e => match self.senderish(e) {
                    Some(f) => Some((n, Role::SenderField(f))),
                    None => self.is_sender_obj(e).then_some((n, Role::Sender)),
                },
            })?;
        if self.lent.borrow().len() >= MAX_LENT {
            return None;
        }
        let FnRef::Local(func) = self.cx.sem.resolve_fn(callee) else {
            return None;
        };
        let verdict = match func.body()? {
            Body::Expr(e) => vec![vec![(e, true)]],
            Body::Block(b) => helper_verdict(&b.stmts)?,
        };
        // At most `HELPER_BUDGET` conditions for one outermost helper call, its nested
        // helpers' included; past that, the helper is not judged.
        const HELPER_BUDGET: usize = 64;
        if self.lent.borrow().is_empty() {
            self.helper_budget.set(HELPER_BUDGET);
        }
        let conditions: usize = verdict.iter().map(Vec::len).sum();
        let left = self.helper_budget.get().checked_sub(conditions)?;
        self.helper_budget.set(left);
        let Some(Pat::Ident(param)) = func.param(n) else {
            return None;
        };
        self.lent.borrow_mut().push((param.id.to_id(), role));
        let r = f(&verdict);
        self.lent.borrow_mut().pop();
        Some(r)
    }

    /// A method call that tests the sender: `sender.url.startsWith(...)` or
    /// `/re/.test(event.origin)`. `None` when the call is not one; `Some(None)` for a sound
    /// test; `Some(Some(why))` for one that can be bypassed. A `test` on something other
    /// than a regex literal is taken as sound (what it matches is not known).
    fn call_weakness(&self, call: &CallExpr) -> Option<Option<String>> {
        let Callee::Expr(callee) = &call.callee else {
            return None;
        };
        let Expr::Member(m) = strip(callee) else {
            return None;
        };
        let method = prop_str(&m.prop)?;
        let arg0 = call.args.first().map(|a| &*a.expr);
        if self.senderish(&m.obj).is_some() {
            return Some(self.weak_method(method, arg0));
        }
        if method == "test" && arg0.is_some_and(|a| self.senderish(a).is_some()) {
            return Some(match self.constant(&m.obj) {
                Expr::Lit(Lit::Regex(re)) => regex_weakness(&re.exp),
                _ => None,
            });
        }
        if matches!(method, "some" | "find" | "findIndex" | "filter") {
            return self.list_test_weakness(m, arg0?);
        }
        None
    }

    /// `LIST.some((o) => sender.url.startsWith(o))`: the callback's test, judged as it
    /// stands, then, when `LIST` is a constant array, with each entry in the parameter's
    /// place (`["https://example.com"]` fails `startsWith` without a trailing `/`).
    fn list_test_weakness(&self, list: &MemberExpr, callback: &Expr) -> Option<Option<String>> {
        let (param, test) = callback_parts(callback)?;
        let Expr::Call(inner) = strip(test) else {
            return None;
        };
        let weakness = self.nested(|| self.call_weakness(inner))??;
        if weakness.is_some() {
            return Some(weakness);
        }
        let (Expr::Array(entries), Some(Pat::Ident(p))) = (self.constant(&list.obj), param) else {
            return Some(None);
        };
        let Callee::Expr(callee) = &inner.callee else {
            return Some(None);
        };
        let (Expr::Member(im), Some(arg)) = (strip(callee), inner.args.first()) else {
            return Some(None);
        };
        let takes_param =
            matches!(strip(&arg.expr), Expr::Ident(i) if i.sym == p.id.sym && i.ctxt == p.id.ctxt);
        let Some(method) = prop_str(&im.prop).filter(|_| takes_param) else {
            return Some(None);
        };
        Some(
            entries
                .elems
                .iter()
                .flatten()
                .filter(|e| e.spread.is_none())
                .find_map(|e| self.weak_method(method, Some(&e.expr))),
        )
    }

    /// `url.indexOf(A) === 0` on the sender's URL: bypassable as `startsWith(A)` is.
    fn prefix_weakness(&self, call: &CallExpr) -> Option<String> {
        let Callee::Expr(callee) = &call.callee else {
            return None;
        };
        let Expr::Member(m) = strip(callee) else {
            return None;
        };
        self.senderish(&m.obj)?;
        let arg = call.args.first().map(|a| self.constant(&a.expr))?;
        let s = static_string(arg)?;
        prefix_bypass(&format!("indexOf(\"{s}\") === 0"), s)
    }

    /// Why a string method on the sender's URL can be bypassed, if it can.
    fn weak_method(&self, method: &str, arg: Option<&Expr>) -> Option<String> {
        let arg = arg.map(|a| self.constant(a));
        let lit = arg.and_then(static_string);
        match method {
            "startsWith" => lit.and_then(|s| prefix_bypass(&format!("startsWith(\"{s}\")"), s)),
            "endsWith" => match lit {
                Some(s) if s.starts_with('.') || s.starts_with('/') => None,
                Some(s) => Some(format!(
                    "`endsWith(\"{s}\")` without a leading `.` also accepts `evil{s}`"
                )),
                None => None,
            },
            "includes" | "indexOf" | "search" | "lastIndexOf" => Some(format!(
                "`{method}` accepts the allowed text anywhere in the sender's URL (`https://evil.example/?allowed`)"
            )),
            "match" => match arg.map(strip) {
                Some(Expr::Lit(Lit::Regex(re))) => regex_weakness(&re.exp),
                _ => Some("`match` accepts the allowed text anywhere in the sender's URL".into()),
            },
            _ => None,
        }
    }

    /// What `e` stands for when it names a binding with one definition, followed a few
    /// bindings deep (`const PREFIX = "https://example.com"`, `const RE = /^https:/`); `e`
    /// itself, stripped, otherwise.
    fn constant<'e>(&self, e: &'e Expr) -> &'e Expr
    where
        'a: 'e,
    {
        let mut e = strip(e);
        for _ in 0..4 {
            match e {
                Expr::Ident(i) => match self.cx.sem.init_of(i) {
                    Some(init) => e = strip(init),
                    None => break,
                },
                _ => break,
            }
        }
        e
    }

    /// The level of `a === b` as a sender check, if one side is the sender.
    fn compare_level(&self, l: &Expr, r: &Expr) -> Option<Check> {
        let (field, other) = match (self.senderish(l), self.senderish(r)) {
            (Some(f), _) => (f, r),
            (_, Some(f)) => (f, l),
            _ => return None,
        };
        if self.compare_weakness(other).is_some() {
            return Some(Check::Weak);
        }
        Some(if field == Field::Source {
            Check::Source
        } else {
            Check::Strong
        })
    }

    /// Paths of the values the links compare a sender field with (`allowed` in
    /// `e.origin !== allowed`).
    fn compared_with_sender(&self, links: &[&Expr]) -> Vec<String> {
        let mut out = Vec::new();
        for x in links {
            let Expr::Bin(b) = strip(x) else { continue };
            if !matches!(
                b.op,
                BinaryOp::EqEq | BinaryOp::EqEqEq | BinaryOp::NotEq | BinaryOp::NotEqEq
            ) {
                continue;
            }
            let other = match (self.senderish(&b.left), self.senderish(&b.right)) {
                (Some(_), _) => &b.right,
                (_, Some(_)) => &b.left,
                _ => continue,
            };
            let mut p = String::new();
            if write_path(other, &mut p) {
                out.push(p);
            }
        }
        out
    }

    fn compare_weakness(&self, other: &Expr) -> Option<String> {
        if self.tainted(other) {
            return Some(
                "the sender is compared with a value taken from the message itself, which the sender chooses"
                    .into(),
            );
        }
        if self.ctx.content && is_location_origin(other, self) {
            return Some(
                "in a content script `location.origin` is the page's own origin: the page itself passes this check"
                    .into(),
            );
        }
        None
    }

    /// Report every bypassable check inside a condition.
    pub(super) fn scan_weak(&mut self, e: &Expr) {
        let mut found: Vec<((usize, usize), String)> = Vec::new();
        self.scan_weak_into(e, &mut found, 0);
        for (r, why) in found {
            self.weak(r, why);
        }
    }

    fn scan_weak_into(&self, e: &Expr, out: &mut Vec<((usize, usize), String)>, depth: usize) {
        if depth > MAX_COND_DEPTH {
            return;
        }
        let d = depth + 1;
        match strip(e) {
            Expr::Unary(u) => self.scan_weak_into(&u.arg, out, d),
            Expr::Bin(b) => match b.op {
                // `url.indexOf(A) === 0` (or `!== 0` to turn it away): a prefix test,
                // as sound as `startsWith(A)`.
                BinaryOp::EqEq | BinaryOp::EqEqEq | BinaryOp::NotEq | BinaryOp::NotEqEq
                    if prefix_index_of(b).is_some() =>
                {
                    if let Some(why) = prefix_index_of(b).and_then(|c| self.prefix_weakness(c)) {
                        out.push((range(b), why));
                    }
                }
                BinaryOp::EqEq | BinaryOp::EqEqEq | BinaryOp::NotEq | BinaryOp::NotEqEq
                    if index_of_call(b).is_none() =>
                {
                    let other = match (self.senderish(&b.left), self.senderish(&b.right)) {
                        (Some(_), _) => Some(&b.right),
                        (_, Some(_)) => Some(&b.left),
                        _ => None,
                    };
                    match other {
                        Some(o) => {
                            if let Some(why) = self.compare_weakness(o) {
                                out.push((range(b), why));
                            }
                        }
                        // `ALLOWED.filter((o) => ...).length === 0`: the test is a side.
                        None => {
                            self.scan_weak_into(&b.left, out, d);
                            self.scan_weak_into(&b.right, out, d);
                        }
                    }
                }
                BinaryOp::LogicalAnd | BinaryOp::LogicalOr => {
                    for x in chain_operands(b) {
                        self.scan_weak_into(x, out, d);
                    }
                }
                BinaryOp::In if self.senderish(&b.left).is_some() => out.push((
                    range(b),
                    "`in` also accepts inherited keys (`constructor`, `__proto__`) and array indices"
                        .into(),
                )),
                _ => {
                    self.scan_weak_into(&b.left, out, d);
                    self.scan_weak_into(&b.right, out, d);
                }
            },
            Expr::Call(c) => {
                if let Some(Some(why)) = self.call_weakness(c) {
                    out.push((range(c), why));
                } else {
                    // `fromApp(event)` returning `e.origin.includes("app.example")`. A guard
                    // shared by several ways is scanned once.
                    self.with_helper_test(c, |verdict| {
                        let mut seen: Vec<*const Expr> = Vec::new();
                        for &(test, _) in verdict.iter().flatten() {
                            if !seen.contains(&(test as *const Expr)) {
                                seen.push(test);
                                self.scan_weak_into(test, out, d);
                            }
                        }
                    });
                }
            }
            Expr::Member(m) => {
                if let MemberProp::Computed(k) = &m.prop {
                    if self.senderish(&k.expr).is_some() {
                        out.push((
                            range(m),
                            "a plain object lookup also accepts inherited keys such as `constructor`"
                                .into(),
                        ));
                    }
                }
                // `ALLOWED.filter((o) => sender.url.includes(o)).length`: the callback's
                // test is the check (see `filter_nonempty`).
                if prop_str(&m.prop) == Some("length") && matches!(strip(&m.obj), Expr::Call(_)) {
                    self.scan_weak_into(&m.obj, out, d);
                }
            }
            // A check kept in a binding is judged where it was written (see `cond_into`).
            Expr::Ident(i) => {
                if let Some(init) = self.cx.sem.init_of(i) {
                    self.scan_weak_into(init, out, d);
                }
            }
            _ => {}
        }
    }

    /// Whether a condition looks at the sender at all.
    pub(super) fn mentions_sender(&self, e: &Expr) -> bool {
        self.mentions(e, 0)
    }

    /// Whether `e` may hold a sender check at all: some name in it (callbacks included)
    /// stands for a sender, a sender's field, a `message` event or a Port, or is a binding
    /// with an initializer (`const ok = sender.url.startsWith(...)`, judged where it was
    /// written). Every form [`Self::mentions_sender`] and [`Self::scan_weak`] recognize
    /// reads one of those, and most conditions (`msg.type === "save"`) read none: this one
    /// pass spares them the judging, which tries each sub-expression. Past a budget of
    /// nodes it answers yes, so a huge condition costs no more than before, and nested
    /// conditions (each `&&` of a long chain is one) cost linear time.
    pub(super) fn may_check_sender(&self, e: &Expr) -> bool {
        use swc_ecma_visit::{Visit, VisitWith};
        struct Scan<'w, 'a, 'r> {
            w: &'w Walker<'a, 'r>,
            budget: usize,
            found: bool,
        }
        impl Scan<'_, '_, '_> {
            /// Counts a node; past the budget the answer is yes and the scan stops, so a
            /// scan is bounded in time and depth whatever the condition's size.
            fn spend(&mut self) -> bool {
                if !self.found {
                    self.budget = self.budget.saturating_sub(1);
                    self.found = self.budget == 0;
                }
                !self.found
            }
        }
        impl Visit for Scan<'_, '_, '_> {
            fn visit_ident(&mut self, i: &Ident) {
                if self.spend() {
                    self.found = matches!(
                        self.w.role_of(i),
                        Some(Role::Sender | Role::SenderField(_) | Role::Event(_) | Role::Port(_))
                    ) || self.w.cx.sem.init_of(i).is_some();
                }
            }
            fn visit_expr(&mut self, e: &Expr) {
                if self.spend() {
                    e.visit_children_with(self);
                }
            }
            fn visit_stmt(&mut self, s: &Stmt) {
                if self.spend() {
                    s.visit_children_with(self);
                }
            }
            fn visit_pat(&mut self, p: &Pat) {
                if self.spend() {
                    p.visit_children_with(self);
                }
            }
        }
        let mut scan = Scan {
            w: self,
            budget: 256,
            found: false,
        };
        e.visit_with(&mut scan);
        scan.found
    }

    fn mentions(&self, e: &Expr, depth: usize) -> bool {
        if depth > MAX_COND_DEPTH {
            return false;
        }
        if self.senderish(e).is_some() || self.is_sender_obj(e) {
            return true;
        }
        let d = depth + 1;
        match strip(e) {
            Expr::Unary(u) => self.mentions(&u.arg, d),
            Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr) => {
                chain_operands(b).iter().any(|x| self.mentions(x, d))
            }
            Expr::Bin(b) => self.mentions(&b.left, d) || self.mentions(&b.right, d),
            Expr::Call(c) => {
                c.args.iter().any(|a| self.mentions(&a.expr, d))
                    || matches!(&c.callee, Callee::Expr(x) if self.mentions(x, d))
            }
            Expr::Member(m) => {
                self.mentions(&m.obj, d)
                    || matches!(&m.prop, MemberProp::Computed(k) if self.mentions(&k.expr, d))
            }
            Expr::Cond(c) => self.mentions(&c.test, d),
            _ => false,
        }
    }

    pub(super) fn is_sender_obj(&self, e: &Expr) -> bool {
        match strip(e) {
            Expr::Ident(i) => matches!(self.role_of(i), Some(Role::Sender)),
            Expr::Member(m) => self.is_port_sender(m),
            _ => false,
        }
    }

    /// `port.sender`.
    fn is_port_sender(&self, m: &MemberExpr) -> bool {
        prop_str(&m.prop).is_some_and(|p| p == "sender")
            && matches!(strip(&m.obj), Expr::Ident(i) if matches!(self.role_of(i), Some(Role::Port(_))))
    }

    /// Whether an expression is the sender's identity: `sender.url`, `event.origin`, ...
    pub(super) fn senderish(&self, e: &Expr) -> Option<Field> {
        self.senderish_depth(e, 0)
    }

    fn senderish_depth(&self, e: &Expr, depth: usize) -> Option<Field> {
        if depth > 8 {
            return None;
        }
        let d = depth + 1;
        match strip(e) {
            Expr::Ident(i) => match self.role_of(i) {
                Some(Role::SenderField(f)) => Some(f),
                // Judging a helper's test, whose body nothing walked: a local initialized
                // from the sender stands for what it reads (`const u = new URL(url)`,
                // `const { hostname } = new URL(url)`, `const { origin } = sender`).
                None if !self.lent.borrow().is_empty() => self.senderish_local(i, d),
                _ => None,
            },
            Expr::Member(m) => self.senderish_member(m, d),
            Expr::OptChain(o) => match &*o.base {
                OptChainBase::Member(m) => self.senderish_member(m, d),
                OptChainBase::Call(_) => None,
            },
            Expr::Call(c) => {
                let Callee::Expr(callee) = &c.callee else {
                    return None;
                };
                let Expr::Member(m) = strip(callee) else {
                    return None;
                };
                let method = prop_str(&m.prop)?;
                if method == "call" {
                    return self.event_getter_call(&m.obj, c.args.first().map(|a| &*a.expr));
                }
                matches!(method, "toLowerCase" | "toString" | "trim" | "valueOf")
                    .then(|| self.senderish_depth(&m.obj, d))
                    .flatten()
            }
            Expr::New(n) => {
                let is_url = matches!(strip(&n.callee), Expr::Ident(i) if i.sym == "URL");
                let arg = n.args.as_ref()?.first()?;
                (is_url && self.senderish_depth(&arg.expr, d).is_some()).then_some(Field::Url)
            }
            _ => None,
        }
    }

    /// What a helper's local reads of the sender, from its one initializer and the keys
    /// destructured from it (see [`Self::senderish_depth`]).
    fn senderish_local(&self, i: &Ident, d: usize) -> Option<Field> {
        let (init, keys) = self.cx.sem.init_and_keys(i)?;
        let Some((last, path)) = keys.split_last() else {
            return self.senderish_depth(init, d);
        };
        if !path.is_empty() {
            return None;
        }
        // `const { origin } = sender`: a field of the sender object itself.
        if self.is_sender_obj(init) {
            return sender_field(last);
        }
        // `const { hostname } = new URL(url)`: a part of a sender's URL.
        self.senderish_depth(init, d)?;
        url_part(last)
    }

    /// `getOrigin.call(event)`, where `getOrigin` is the getter of `MessageEvent`'s
    /// `origin` (or `source`) taken from its prototype: a read of the event's field that
    /// the page cannot shadow (MetaMask's streams check the sender this way).
    fn event_getter_call(&self, getter: &Expr, this_arg: Option<&Expr>) -> Option<Field> {
        let Some(Expr::Ident(ev)) = this_arg.map(strip) else {
            return None;
        };
        if !matches!(self.role_of(ev), Some(Role::Event(_))) {
            return None;
        }
        let Expr::Ident(g) = strip(getter) else {
            return None;
        };
        let init = self.cx.sem.init_of(g)?;
        let (start, end) = crate::parse::range(init);
        let text = self.cx.source.text.get(start..end)?;
        if !(text.contains("getOwnPropertyDescriptor") && text.contains("MessageEvent.prototype")) {
            return None;
        }
        if text.contains("'origin'") || text.contains("\"origin\"") {
            Some(Field::Origin)
        } else if text.contains("'source'") || text.contains("\"source\"") {
            Some(Field::Source)
        } else {
            None
        }
    }

    fn senderish_member(&self, m: &MemberExpr, d: usize) -> Option<Field> {
        let p = prop_str(&m.prop)?;
        if self.senderish_depth(&m.obj, d).is_some() {
            return url_part(p);
        }
        match strip(&m.obj) {
            Expr::Ident(i) => match self.role_of(i) {
                Some(Role::Sender) => sender_field(p),
                Some(Role::Event(_)) => match p {
                    "origin" => Some(Field::Origin),
                    "source" => Some(Field::Source),
                    _ => None,
                },
                _ => None,
            },
            Expr::Member(inner) => {
                let ip = prop_str(&inner.prop)?;
                if ip == "sender" && self.is_port_sender(inner) {
                    return sender_field(p);
                }
                if ip == "tab" && p == "url" && self.is_sender_obj(&inner.obj) {
                    return Some(Field::Url);
                }
                None
            }
            _ => None,
        }
    }

    /// Taint of an access path without walking it (for conditions).
    pub(super) fn tainted(&self, e: &Expr) -> bool {
        match strip(e) {
            Expr::Ident(i) => self
                .env
                .get(&i.to_id())
                .is_some_and(|t| t.bad.is_some() && !t.event()),
            Expr::Member(m) => self.tainted_member(m),
            Expr::OptChain(o) => match &*o.base {
                OptChainBase::Member(m) => self.tainted_member(m),
                OptChainBase::Call(_) => false,
            },
            _ => false,
        }
    }

    /// While summarizing a function: whether `e` reads one of its parameters
    /// (`m.type` in `function handle(m, reply)`). Only message kinds are read from such
    /// tests; what the parameter holds is the caller's to know.
    pub(super) fn summarized_param(&self, e: &Expr) -> bool {
        if !self.summarizing() {
            return false;
        }
        let mut e = strip(e);
        loop {
            match e {
                Expr::Member(m) => e = strip(&m.obj),
                Expr::OptChain(o) => match &*o.base {
                    OptChainBase::Member(m) => e = strip(&m.obj),
                    OptChainBase::Call(_) => return false,
                },
                Expr::Ident(i) => return self.env.get(&i.to_id()).is_some_and(|t| t.params != 0),
                _ => return false,
            }
        }
    }

    fn tainted_member(&self, m: &MemberExpr) -> bool {
        match strip(&m.obj) {
            Expr::Ident(i) => self.env.get(&i.to_id()).is_some_and(|t| {
                t.bad.is_some()
                    && (!t.event()
                        || prop_str(&m.prop).is_some_and(|p| p == "data" || p == "detail"))
            }),
            _ => self.tainted(&m.obj),
        }
    }

    /// The access path an expression reads: `msg#3.url` (the root's name and scope, then
    /// each member). Built into one buffer: this runs on many member reads.
    pub(super) fn path(&self, e: &Expr) -> Option<String> {
        let mut out = String::with_capacity(32);
        write_path(e, &mut out).then_some(out)
    }

    pub(super) fn path_member(&self, m: &MemberExpr) -> Option<String> {
        let mut out = String::with_capacity(32);
        write_member_path(m, &mut out).then_some(out)
    }

    /// Whether some sanitized path starts at the identifier `e`'s access path starts
    /// from: a test without building the path, which most accesses fail (building it on
    /// every member access of a listener was a tenth of a finding-dense check).
    pub(super) fn may_be_sanitized(&self, e: &Expr) -> bool {
        let mut e = strip(e);
        let root = loop {
            match e {
                Expr::Ident(i) => break i,
                Expr::Member(m) => e = strip(&m.obj),
                Expr::OptChain(o) => match &*o.base {
                    OptChainBase::Member(m) => e = strip(&m.obj),
                    OptChainBase::Call(_) => return false,
                },
                _ => return false,
            }
        };
        self.may_be_sanitized_ident(root)
    }

    /// [`Self::may_be_sanitized`] for a path rooted at `root`.
    pub(super) fn may_be_sanitized_ident(&self, root: &Ident) -> bool {
        let sym: &str = &root.sym;
        let ctxt = root.ctxt.as_u32();
        self.st.sanitized.iter().any(|s| {
            let Some(rest) = s.strip_prefix(sym).and_then(|r| r.strip_prefix('#')) else {
                return false;
            };
            let digits = rest.find('.').map_or(rest, |dot| &rest[..dot]);
            digits.parse::<u32>().is_ok_and(|c| c == ctxt)
        })
    }

    pub(super) fn is_sanitized(&self, p: &str) -> bool {
        covers(&self.st.sanitized, p)
    }

    /// `switch (x) { case "a": ... }`: the case's facts.
    pub(super) fn case_facts(&self, disc: &Expr, test: &Expr) -> Cond {
        let mut c = Cond::default();
        if self.senderish(disc).is_some() {
            c.check = Check::Strong;
            return c;
        }
        let (tainted, param) = (self.tainted(disc), self.summarized_param(disc));
        if !(tainted || param) || !self.is_constant(test) {
            return c;
        }
        if tainted {
            if let Some(p) = self.path(disc) {
                c.sanitize.push(p);
            }
            c.kind = self.kind_tested(disc, test);
            c.shape = true;
        } else {
            c.kind = self.kind_tested(disc, test);
        }
        c
    }

    /// A literal, or a constant naming a string (`Constants.kLOAD`, see `walk/kinds.rs`):
    /// comparing message data with it is comparing with that string.
    fn is_constant(&self, e: &Expr) -> bool {
        is_literal(e) || self.const_string(e).is_some()
    }

    /// `msg.type === "save"`: the kind a test of a discriminator field (`type`,
    /// `action`, ...) against a string names, written out or named by a constant.
    fn kind_tested(&self, field: &Expr, value: &Expr) -> Option<String> {
        if !catalog::is_discriminator(&last_segment(field)?) {
            return None;
        }
        self.const_string(value).map(|k| k.to_string())
    }
}

/// The expression an inline callback returns, when that is all it does:
/// `(o) => sender.origin === o`, `function (o) { return o === sender.origin; }`.
fn callback_test(e: &Expr) -> Option<&Expr> {
    callback_parts(e).map(|(_, test)| test)
}

/// An inline callback's first parameter and the expression it returns, when returning it
/// is all the callback does.
fn callback_parts(e: &Expr) -> Option<(Option<&Pat>, &Expr)> {
    let (param, stmts) = match strip(e) {
        Expr::Arrow(a) => match &*a.body {
            ArrowFunctionBody::Expr(e) => return Some((a.params.first(), e)),
            ArrowFunctionBody::FunctionBody(b) => (a.params.first(), &b.stmts),
        },
        Expr::Fn(f) => (
            f.function.params.first().map(|p| &p.pat),
            &f.function.body.as_ref()?.stmts,
        ),
        _ => return None,
    };
    match stmts.as_slice() {
        [Stmt::Return(r)] => Some((param, r.arg.as_deref()?)),
        _ => None,
    }
}

/// The field of a `MessageSender` (or `port.sender`) that says who sent: `sender.id`.
fn sender_field(p: &str) -> Option<Field> {
    match p {
        "id" => Some(Field::Id),
        "url" => Some(Field::Url),
        "origin" => Some(Field::Origin),
        _ => None,
    }
}

/// The part of a sender's URL (a `URL` or `Location` of it) that names it: `.origin`.
fn url_part(p: &str) -> Option<Field> {
    match p {
        "origin" | "hostname" | "host" => Some(Field::Origin),
        "href" => Some(Field::Url),
        _ => None,
    }
}

fn is_literal(e: &Expr) -> bool {
    matches!(strip(e), Expr::Lit(_)) || static_string(e).is_some()
}

pub(super) fn last_segment(e: &Expr) -> Option<String> {
    match strip(e) {
        Expr::Ident(i) => Some(i.sym.to_string()),
        Expr::Member(m) => prop_str(&m.prop).map(|a| a.to_string()),
        Expr::OptChain(o) => match &*o.base {
            OptChainBase::Member(m) => prop_str(&m.prop).map(|a| a.to_string()),
            OptChainBase::Call(_) => None,
        },
        _ => None,
    }
}

/// A helper's ways to return truthy, each as the conditions that hold along it (a test
/// and the truth it has there).
pub(super) type Verdict<'e> = Vec<Vec<(&'e Expr, bool)>>;

/// The verdict of a helper's body made of declarations (each local stands for its
/// initializer while the helper is judged), guards and one final `return`:
/// `if (!url) return false;` or `if (!url) throw ...` (the way goes on where the test is
/// false), `if (c) return true;` or `if (c) return e;` (a way of its own: `c`, and `e`
/// unless it is a truthy constant), then `return test;` (a way: every guard false, and
/// `test`; none for a falsy constant). `None` for any other statement: the helper is
/// not judged.
fn helper_verdict(stmts: &[Stmt]) -> Option<Verdict<'_>> {
    const MAX_GUARDS: usize = 8;
    let (last, init) = stmts.split_last()?;
    let mut guards: Vec<(&Expr, bool)> = Vec::new();
    let mut ways: Verdict<'_> = Vec::new();
    for stmt in init {
        match stmt {
            Stmt::Decl(Decl::Var(_)) => {}
            Stmt::If(i) if i.alt.is_none() && guards.len() < MAX_GUARDS => {
                match exit_value(&i.cons)? {
                    // Leaves falsy or throws: only the way on, where the test is false.
                    None => {}
                    // Returns a value (never a falsy constant: see `exit_value`).
                    Some(v) => {
                        let mut way = guards.clone();
                        way.push((&i.test, true));
                        if crate::semantic::const_truth(v).is_none() {
                            way.push((v, true));
                        }
                        ways.push(way);
                    }
                }
                guards.push((&i.test, false));
            }
            _ => return None,
        }
    }
    let Stmt::Return(r) = last else { return None };
    let v = r.arg.as_deref()?;
    match crate::semantic::const_truth(v) {
        Some(false) => {}
        Some(true) => ways.push(guards),
        None => {
            let mut way = guards;
            way.push((v, true));
            ways.push(way);
        }
    }
    Some(ways)
}

/// How a guard's branch leaves the helper: `None` when it throws or returns nothing or
/// a falsy constant, `Some(value)` for another `return value`. Not a lone `return` or
/// `throw` (`{ log(x); return false; }` is not judged): `?`-ed to `None` by the caller.
fn exit_value(s: &Stmt) -> Option<Option<&Expr>> {
    let s = match s {
        Stmt::Block(b) if b.stmts.len() == 1 => &b.stmts[0],
        s => s,
    };
    match s {
        Stmt::Throw(_) => Some(None),
        Stmt::Return(r) => match r.arg.as_deref() {
            None => Some(None),
            Some(v) if crate::semantic::const_truth(v) == Some(false) => Some(None),
            Some(v) => Some(Some(v)),
        },
        _ => None,
    }
}

/// `list.indexOf(x) !== -1` and kin: the call.
fn index_of_call(b: &BinExpr) -> Option<&CallExpr> {
    for side in [&b.left, &b.right] {
        if let Expr::Call(c) = strip(side) {
            if let Callee::Expr(callee) = &c.callee {
                if let Expr::Member(m) = strip(callee) {
                    if prop_str(&m.prop).is_some_and(|p| p == "indexOf" || p == "findIndex") {
                        return Some(c);
                    }
                }
            }
        }
    }
    None
}

/// `x.indexOf(a)` compared for equality with `0`: the call.
fn prefix_index_of(b: &BinExpr) -> Option<&CallExpr> {
    let call = index_of_call(b)?;
    let Callee::Expr(callee) = &call.callee else {
        return None;
    };
    let Expr::Member(m) = strip(callee) else {
        return None;
    };
    (prop_str(&m.prop) == Some("indexOf") && compared_number(b) == Some(0.0)).then_some(call)
}

/// The number a call is compared with (`-1` in `x.indexOf(a) !== -1`): the side that
/// is not the call.
fn compared_number(b: &BinExpr) -> Option<f64> {
    let call_left = matches!(strip(&b.left), Expr::Call(_));
    match strip(if call_left { &b.right } else { &b.left }) {
        Expr::Lit(Lit::Num(n)) => Some(n.value),
        Expr::Unary(u) if u.op == UnaryOp::Minus => match strip(&u.arg) {
            Expr::Lit(Lit::Num(n)) => Some(-n.value),
            _ => None,
        },
        _ => None,
    }
}

/// For `list.filter(f).length <op> n`: the `filter` call, and whether the comparison
/// being true means "some entry passed" (`> 0`, `>= 1`, `!== 0`; `=== 0` the reverse).
fn filter_nonempty(b: &BinExpr) -> Option<(&CallExpr, bool)> {
    let num = |e: &Expr| match strip(e) {
        Expr::Lit(Lit::Num(n)) => Some(n.value),
        _ => None,
    };
    let (call, n, op) = match (length_of_filter(&b.left), length_of_filter(&b.right)) {
        (Some(c), _) => (c, num(&b.right)?, b.op),
        (_, Some(c)) => {
            let flipped = match b.op {
                BinaryOp::Gt => BinaryOp::Lt,
                BinaryOp::Lt => BinaryOp::Gt,
                BinaryOp::GtEq => BinaryOp::LtEq,
                BinaryOp::LtEq => BinaryOp::GtEq,
                o => o,
            };
            (c, num(&b.left)?, flipped)
        }
        _ => return None,
    };
    let nonempty = match op {
        BinaryOp::Gt if n == 0.0 => true,
        BinaryOp::GtEq if n == 1.0 => true,
        BinaryOp::NotEq | BinaryOp::NotEqEq if n == 0.0 => true,
        BinaryOp::EqEq | BinaryOp::EqEqEq if n == 0.0 => false,
        BinaryOp::Lt if n == 1.0 => false,
        BinaryOp::LtEq if n == 0.0 => false,
        _ => return None,
    };
    Some((call, nonempty))
}

/// `list.filter(f).length`: the `filter` call.
fn length_of_filter(e: &Expr) -> Option<&CallExpr> {
    let Expr::Member(m) = strip(e) else {
        return None;
    };
    if prop_str(&m.prop)? != "length" {
        return None;
    }
    let Expr::Call(c) = strip(&m.obj) else {
        return None;
    };
    let Callee::Expr(callee) = &c.callee else {
        return None;
    };
    let Expr::Member(f) = strip(callee) else {
        return None;
    };
    (prop_str(&f.prop)? == "filter").then_some(c)
}

/// For `list.indexOf(x) <op> n`: whether the comparison being true means "found".
fn index_of_found(b: &BinExpr) -> Option<bool> {
    index_of_call(b)?;
    let call_left = matches!(strip(&b.left), Expr::Call(_));
    let n = compared_number(b)?;
    let op = if call_left {
        b.op
    } else {
        match b.op {
            BinaryOp::Gt => BinaryOp::Lt,
            BinaryOp::Lt => BinaryOp::Gt,
            BinaryOp::GtEq => BinaryOp::LtEq,
            BinaryOp::LtEq => BinaryOp::GtEq,
            o => o,
        }
    };
    let minus_one = n == -1.0;
    let zero = n == 0.0;
    Some(match op {
        BinaryOp::NotEq | BinaryOp::NotEqEq if minus_one => true,
        BinaryOp::EqEq | BinaryOp::EqEqEq if minus_one => false,
        BinaryOp::Gt if minus_one => true,
        BinaryOp::GtEq if zero => true,
        BinaryOp::Lt if zero => false,
        BinaryOp::EqEq | BinaryOp::EqEqEq if zero => true,
        BinaryOp::NotEq | BinaryOp::NotEqEq if zero => false,
        _ => return None,
    })
}

/// Why a prefix test of the sender's URL (`test`, written as in the code) can be
/// bypassed: a prefix that does not fix the scheme and host ([`pins_origin`]).
fn prefix_bypass(test: &str, prefix: &str) -> Option<String> {
    if pins_origin(prefix) {
        return None;
    }
    // `https://`: a scheme and no host.
    let no_host = prefix
        .split_once("://")
        .is_some_and(|(_, rest)| rest.is_empty() || rest.starts_with('/'));
    Some(if no_host {
        format!("`{test}` accepts every site's URL (`https://evil.example/`)")
    } else {
        format!("`{test}` without a trailing `/` also accepts `{prefix}.evil.example`")
    })
}

/// Whether access path `p` is one of `paths` or a field under one (`msg#3.url.host`
/// under `msg#3.url`).
fn covers(paths: &[String], p: &str) -> bool {
    paths.iter().any(|s| within(p, s))
}

/// Whether access path `p` is `s` or a field under it.
fn within(p: &str, s: &str) -> bool {
    p == s || (p.len() > s.len() && p.starts_with(s) && p.as_bytes()[s.len()] == b'.')
}

/// A URL prefix that fixes the scheme and the host: `https://example.com/`,
/// `chrome-extension://abc/` (a host, then the `/` that ends it).
pub(super) fn pins_origin(prefix: &str) -> bool {
    prefix.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
            && rest.find('/').is_some_and(|slash| slash > 0)
    })
}

/// An origin, as `URL.origin` gives it: `https://example.com` (no path; not `"null"`).
fn is_origin(s: &str) -> bool {
    s.split_once("://")
        .is_some_and(|(scheme, host)| !scheme.is_empty() && !host.is_empty() && !host.contains('/'))
}

/// A regex that only matches URLs of one scheme and host: what [`regex_weakness`] asks
/// of a sender check, and a literal scheme (`^https:\/\/` or `^https?:\/\/`, not
/// `^\w+:`: `javascript:` must not pass).
fn regex_pins_origin(src: &str) -> bool {
    let Some(rest) = src.strip_prefix('^') else {
        return false;
    };
    let Some(end) = rest.find(":\\/\\/").or_else(|| rest.find("://")) else {
        return false;
    };
    let scheme = rest[..end].strip_suffix("s?").unwrap_or(&rest[..end]);
    !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && regex_weakness(src).is_none()
}

/// What follows the scheme's `//` (escaped or not) in a URL regex.
fn regex_after_scheme(src: &str) -> Option<&str> {
    src.find("\\/\\/")
        .map(|p| &src[p + 4..])
        .or_else(|| src.find("//").map(|p| &src[p + 2..]))
}

/// The host part of a URL regex, up to the `/` that ends it; `None` when no `/` ends it
/// (`$` does, or nothing).
fn regex_host(src: &str) -> Option<&str> {
    let rest = regex_after_scheme(src)?;
    let slash = [rest.find("\\/"), rest.find('/')]
        .into_iter()
        .flatten()
        .min()?;
    (!rest[..slash].contains('$')).then(|| &rest[..slash])
}

/// Why a regex over a URL or origin can be bypassed, if it can.
pub(super) fn regex_weakness(src: &str) -> Option<String> {
    if !src.starts_with('^') {
        return Some(format!(
            "the regex `/{src}/` has no `^` anchor, so it matches anywhere in the sender's URL"
        ));
    }
    let bytes = src.as_bytes();
    let mut in_class = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'.' if !in_class => {
                let next = bytes.get(i + 1).copied();
                if !matches!(next, Some(b'*' | b'+' | b'?')) {
                    return Some(format!(
                        "the unescaped `.` in `/{src}/` matches any character (`example-com.evil.example`)"
                    ));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let host_ended = src.ends_with('$')
        || regex_after_scheme(src).is_some_and(|rest| rest.contains('/') || rest.contains("\\/"));
    if !host_ended {
        return Some(format!(
            "`/{src}/` does not end the host with `/` or `$`, so `https://example.com.evil.example` matches"
        ));
    }
    // `^https:\/\/.*\.example\.com\/`: the wildcard can hold a `/` (or a `?`), so the
    // allowed host can sit in the path of any site's URL. (Before a `$`, on an origin,
    // it cannot: an origin has no path.)
    if regex_host(src).is_some_and(|h| h.contains(".*") || h.contains(".+") || h.contains("[^")) {
        return Some(format!(
            "the wildcard in the host of `/{src}/` also matches a `/`, so `https://evil.example/.example.com/` matches"
        ));
    }
    None
}

fn is_location_origin(e: &Expr, w: &Walker<'_, '_>) -> bool {
    let Expr::Member(m) = strip(e) else {
        return false;
    };
    if prop_str(&m.prop).is_none_or(|p| p != "origin") {
        return false;
    }
    super::walk::is_location(&m.obj, w)
}

/// The path of the value `e` tests only the presence or type of: `x`, `!x`,
/// `typeof x === "string"`, `x != null`, `x !== undefined`.
fn presence_tested(e: &Expr) -> Option<String> {
    // `!!!x` tests what `x` does: a loop, not a recursion, over a hostile run of `!`.
    let mut e = strip(e);
    while let Expr::Unary(u) = e {
        if u.op != UnaryOp::Bang {
            break;
        }
        e = strip(&u.arg);
    }
    let tested = match e {
        Expr::Bin(b)
            if matches!(
                b.op,
                BinaryOp::EqEq | BinaryOp::EqEqEq | BinaryOp::NotEq | BinaryOp::NotEqEq
            ) =>
        {
            let nothing = |e: &Expr| {
                matches!(strip(e), Expr::Lit(Lit::Null(_)))
                    || matches!(strip(e), Expr::Ident(i) if &*i.sym == "undefined")
            };
            match (strip(&b.left), strip(&b.right)) {
                (Expr::Unary(u), t) | (t, Expr::Unary(u))
                    if u.op == UnaryOp::TypeOf && static_string(t).is_some() =>
                {
                    &u.arg
                }
                (x, n) | (n, x) if nothing(n) && !nothing(x) => x,
                _ => return None,
            }
        }
        e @ (Expr::Ident(_) | Expr::Member(_)) => e,
        _ => return None,
    };
    let mut p = String::new();
    write_path(tested, &mut p).then_some(p)
}

fn write_path(e: &Expr, out: &mut String) -> bool {
    match strip(e) {
        Expr::Ident(i) => {
            out.push_str(&i.sym);
            out.push('#');
            push_u32(out, i.ctxt.as_u32());
            true
        }
        Expr::Member(m) => write_member_path(m, out),
        Expr::OptChain(o) => match &*o.base {
            OptChainBase::Member(m) => write_member_path(m, out),
            OptChainBase::Call(_) => false,
        },
        _ => false,
    }
}

fn write_member_path(m: &MemberExpr, out: &mut String) -> bool {
    if !write_path(&m.obj, out) {
        return false;
    }
    let Some(name) = prop_str(&m.prop) else {
        return false;
    };
    out.push('.');
    out.push_str(name);
    true
}

/// Decimal digits of `n`, without the formatting machinery.
fn push_u32(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}
