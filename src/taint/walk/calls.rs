//! Calls into functions the walk can resolve: a local function, a handler picked from an
//! object literal (`handlers[msg.type](msg)`), or a function of another unit of the
//! context. Each applies a summary computed once; a promise executor's `resolve` is here
//! too, since what reaches it is a value that flows out of a call.
use std::rc::Rc;

use rustc_hash::FxHashMap as HashMap;
use swc_ecma_ast::*;

use super::{bits, Check, Hit, SrcKind, Summary, Walker, T};
use crate::parse::range;
use crate::semantic::{FnNode, FnRef};
use crate::taint::{catalog, checks};

/// What the walkers of one unit's check share about other units: each function's summary
/// (`None` while being computed, which breaks cycles of imports).
#[derive(Default)]
pub(super) struct Foreign {
    summaries: HashMap<(usize, usize), Option<Rc<Summary>>>,
}

/// How many units deep a call's summary may reach through other units' functions.
const MAX_FOREIGN_DEPTH: usize = 4;

impl<'a> Walker<'a, '_> {
    /// A call to a local function: apply its summary (computed once).
    pub(super) fn call_local(
        &mut self,
        f: FnNode<'a>,
        name: &str,
        call: (usize, usize),
        args: &[T],
    ) -> T {
        let key = range(&f.span()).0;
        let sum = match self.summaries.get(&key) {
            Some(Some(s)) => s.clone(),
            Some(None) => return T::default(),
            None => {
                self.summaries.insert(key, None);
                let s = Rc::new(self.summarize(f));
                self.summaries.insert(key, Some(s.clone()));
                s
            }
        };
        self.apply_summary(&sum, name, call, args)
    }

    /// Apply a function's summary at a call: its hits for each tainted argument, with a
    /// hop at the call, and its return value.
    pub(super) fn apply_summary(
        &mut self,
        sum: &Summary,
        name: &str,
        call: (usize, usize),
        args: &[T],
    ) -> T {
        if args.iter().all(T::is_clean) && sum.ret.is_clean() && !sum.answers {
            return T::default();
        }
        let hop = self.label(call, ["passed to `", name, "` here"].concat());
        for h in &sum.hits {
            // A kind the function tested is the hit's, unless the caller knows one.
            let outer = match (&self.st.kind, &h.kind) {
                (None, Some(k)) => Some(self.st.kind.replace(k.clone())),
                _ => None,
            };
            if let Hit::Answer(v) = &h.hit {
                self.apply_answer(h.mask, v, &h.path, args);
            } else {
                for i in bits(h.mask) {
                    let Some(a) = args.get(i).filter(|a| !a.is_clean()) else {
                        continue;
                    };
                    let mut suffix = vec![hop.clone()];
                    suffix.extend(h.path.iter().cloned());
                    self.record(a, &h.hit, suffix);
                }
            }
            if let Some(k) = outer {
                self.st.kind = k;
            }
        }
        let mut ret = T {
            params: 0,
            ..sum.ret.clone()
        };
        let passed = passed(sum.ret.params, args);
        // What a function returns is escaped if it escapes. Otherwise it is only when all
        // the function returns of untrusted data is the escaped arguments it was given,
        // built on but not transformed (`bold(escapeHtml(x))` with `bold(s)` returning
        // `"<b>" + s + "</b>"`; not `unescape(escapeHtml(x))`).
        let kept = sum.ret.params_kept();
        let escaped_passed = kept && (passed.bad.is_none() || passed.html_safe());
        // Summarizing a wrapper of a wrapper: its parameters pass through this one kept.
        let params_kept = kept && (passed.params == 0 || passed.params_kept());
        let own_bad = ret.bad.is_some();
        ret = ret.union(passed);
        let html_safe = ret.bad.is_some() && (sum.escapes_html || (escaped_passed && !own_bad));
        ret.set(T::HTML_SAFE, html_safe);
        ret.set(T::PARAMS_KEPT, params_kept);
        ret
    }

    /// A promise's `resolve` is called with (or handed) `t`. Data of a sender checked
    /// where it settles the promise is the checked sender's (an OAuth popup's answer after
    /// `if (e.origin !== expected) return;`): it leaves untainted, as a flow to a sink
    /// there would not be reported.
    pub(super) fn resolve_with(&mut self, slot: usize, mut t: T) {
        let checked = self.st.check == Check::Strong
            && t.bad
                .as_ref()
                .is_some_and(|o| matches!(o.kind, SrcKind::External | SrcKind::Page));
        if checked {
            t.bad = None;
            t.set(T::EVENT | T::JSON, false);
        }
        if let Some(v) = self.resolved.get_mut(slot) {
            *v = std::mem::take(v).union(t);
        }
    }

    /// A computed call into an object of local functions (`handlers[msg.type](msg)`):
    /// each may run, so each one's summary applies and the results join. Keyed by the
    /// message's discriminator, each handler runs for messages of its own kind.
    pub(super) fn call_dispatch(
        &mut self,
        callee: &'a Expr,
        call: (usize, usize),
        args: &[T],
    ) -> Option<T> {
        let d = self.cx.sem.dispatch(callee)?;
        let by_kind = self.st.kind.is_none()
            && (self.tainted(d.key) || self.summarized_param(d.key))
            && checks::last_segment(d.key).is_some_and(|f| catalog::is_discriminator(&f));
        let mut ret = T::default();
        for (key, f) in d.targets {
            let kind = by_kind.then(|| self.st.kind.replace(Rc::from(&*key)));
            let t = self.call_local(f, &format!("{}.{key}", d.object), call, args);
            if let Some(k) = kind {
                self.st.kind = k;
            }
            ret = ret.union(t);
        }
        Some(ret)
    }

    /// A call to `f`, when it is a function of another unit (imported, or declared by
    /// another classic script of the context): its summary, computed once by a walker of
    /// that unit (so its labels point into that unit's file), applied here. Summaries nest
    /// a few units deep at most (one computed at the limit is reused as it is from nearer
    /// calls); a cycle of imports yields nothing.
    pub(super) fn call_foreign(
        &mut self,
        f: FnRef<'a>,
        name: &str,
        call: (usize, usize),
        args: &[T],
    ) -> Option<T> {
        if !matches!(f, FnRef::Global(_) | FnRef::Imported(..)) {
            return None;
        }
        let rf = self.all.resolve(self.cx.id, f)?;
        if rf.unit == self.cx.id {
            return None;
        }
        let key = (rf.unit, range(&rf.func.span()).0);
        let known = self.foreign.borrow().summaries.get(&key).cloned();
        let sum = match known {
            Some(Some(s)) => s,
            Some(None) => return Some(T::default()),
            None => {
                let fcx = self.all.unit(rf.unit)?;
                if self.foreign_depth >= MAX_FOREIGN_DEPTH {
                    return Some(T::default());
                }
                self.foreign.borrow_mut().summaries.insert(key, None);
                let anchors = crate::taint::unit_anchors(fcx, self.all);
                let mut w = Walker::new(fcx, self.all, anchors, true, HashMap::default());
                w.foreign = self.foreign.clone();
                w.foreign_depth = self.foreign_depth + 1;
                let s = Rc::new(w.summarize(rf.func));
                self.foreign
                    .borrow_mut()
                    .summaries
                    .insert(key, Some(s.clone()));
                s
            }
        };
        Some(self.apply_summary(&sum, name, call, args))
    }

    pub(super) fn summarize(&mut self, f: FnNode<'a>) -> Summary {
        let env = std::mem::take(&mut self.env);
        let st = std::mem::take(&mut self.st);
        let acc = self.summary.replace(Vec::new());
        let args: Vec<T> = (0..f.param_count().min(32))
            .map(|i| T {
                params: 1 << i,
                flags: T::PARAMS_KEPT,
                ..T::default()
            })
            .collect();
        let ret = self.func(f, &args);
        let hits = std::mem::replace(&mut self.summary, acc).unwrap_or_default();
        self.env = env;
        self.st = st;
        Summary {
            ret,
            answers: hits.iter().any(|h| matches!(h.hit, Hit::Answer(..))),
            hits,
            escapes_html: super::escape::escapes_html(f, {
                let (start, end) = crate::parse::range(&f.span());
                self.cx.source.text.get(start..end)
            }),
        }
    }
}

/// What the arguments at the `params` positions carry together: a summary's value given
/// in its parameters, at a call.
pub(super) fn passed(params: u32, args: &[T]) -> T {
    bits(params)
        .filter_map(|i| args.get(i))
        .fold(T::default(), |t, a| t.union(a.clone()))
}
