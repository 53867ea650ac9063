//! Whether a function is worth walking as a value: the anchors of a unit (where a walk
//! learns something without taint flowing in) and the probe for tainted names, roles and
//! calls whose summaries could return message data. Most functions of a bundle or an app
//! are inert; skipping them is most of a clean file's walk.
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::Walker;
use crate::analysis::UnitCx;
use crate::parse::range;
use crate::semantic::{FnNode, FnRef};

impl<'a> Walker<'a, '_> {
    /// Whether walking `f` with unknown arguments can find nothing: it holds no anchor
    /// (listener, API call or use, `postMessage`), reads no tainted variable and no role
    /// (a listener's message, sender, port, `sendResponse`), and calls no local function
    /// (whose summary could return message data). Most of a bundle's or an app's
    /// functions are like this; skipping them is most of a clean file's walk.
    pub(super) fn inert(&self, f: FnNode<'a>) -> bool {
        let (start, end) = range(&f.span());
        if self.anchors.any_in(start, end) {
            return false;
        }
        if !self.sources {
            return true;
        }
        let mut probe = Probe {
            walker: self,
            live: false,
        };
        match f.body() {
            Some(crate::semantic::func::Body::Block(b)) => b.visit_with(&mut probe),
            Some(crate::semantic::func::Body::Expr(e)) => e.visit_with(&mut probe),
            None => {}
        }
        // Default parameter values run too.
        for n in 0..f.param_count() {
            if let Some(p) = f.param(n) {
                p.visit_with(&mut probe);
            }
        }
        !probe.live
    }
}

/// See [`Walker::inert`]: finds what makes a function worth walking.
struct Probe<'w, 'a, 'r> {
    walker: &'w Walker<'a, 'r>,
    live: bool,
}

impl Visit for Probe<'_, '_, '_> {
    fn visit_expr(&mut self, e: &Expr) {
        if !self.live {
            e.visit_children_with(self);
        }
    }

    fn visit_stmt(&mut self, s: &Stmt) {
        if !self.live {
            s.visit_children_with(self);
        }
    }

    fn visit_ident(&mut self, i: &Ident) {
        let w = self.walker;
        if !w.may_be_live(i.ctxt) {
            return;
        }
        let id = i.to_id();
        if w.roles.contains_key(&id) || w.env.get(&id).is_some_and(|t| !t.is_clean()) {
            self.live = true;
        }
    }

    fn visit_call_expr(&mut self, c: &CallExpr) {
        if let Callee::Expr(callee) = &c.callee {
            let sem = self.walker.cx.sem;
            // A local, dispatched or imported function's summary may return message or
            // privileged data.
            if matches!(
                sem.resolve_fn(callee),
                FnRef::Local(_) | FnRef::Imported(..)
            ) || sem.dispatch(callee).is_some()
            {
                self.live = true;
                return;
            }
        }
        c.visit_children_with(self);
    }
}

/// The starts of a unit's anchors (see [`Walker::inert`]), in sorted lists: listener
/// registrations, API calls, API uses and `postMessage` spellings. Each list comes out of
/// the model in source order or nearly: a list is sorted only when it is not already
/// (sorting them as one list was 3% of a finding-dense walk).
pub(in crate::taint) struct Anchors(Vec<Vec<usize>>);

impl Anchors {
    pub(in crate::taint) fn is_empty(&self) -> bool {
        self.0.iter().all(Vec::is_empty)
    }

    fn any_in(&self, start: usize, end: usize) -> bool {
        self.0.iter().any(|list| {
            let i = list.partition_point(|&p| p < start);
            list.get(i).is_some_and(|&p| p < end)
        })
    }
}

pub(in crate::taint) fn anchors(cx: &UnitCx<'_>) -> Anchors {
    let sem = cx.sem;
    let mut lists = vec![
        sem.listeners
            .iter()
            .map(|l| l.registration.0)
            .collect::<Vec<_>>(),
        sem.api_calls
            .iter()
            .map(|c| range(&c.call.span).0)
            .collect(),
        sem.api_uses.iter().map(|u| u.start).collect(),
    ];
    let (start, end) = (cx.unit.start, cx.unit.end);
    if let Some(text) = cx.source.text.get(start..end) {
        // One searcher for every unit: building it costs as much as scanning a small file.
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("postMessage"));
        lists.push(
            FINDER
                .find_iter(text.as_bytes())
                .map(|i| start + i)
                .collect(),
        );
    }
    for list in &mut lists {
        if !list.is_sorted() {
            list.sort_unstable();
        }
    }
    Anchors(lists)
}
