//! `truthy-not-true-return`: a listener that answers later (it uses `sendResponse` from a
//! callback) but returns a truthy value that is not the literal `true`: `1`, `"true"`,
//! an object, `sendResponse` itself, a timer id.
//!
//! Only the literal `true` keeps the channel open (`!0` is `true`, so minified code is
//! fine); any other value closes it and the late `sendResponse` is lost.
use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::semantic::response::{models, Kind};

declare_rule!(
    pub struct Rule => META,
    "truthy-not-true-return",
    Error,
    "A listener that answers later but returns a truthy value other than the literal true (1, \"true\", an object)."
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for m in models(cx, all) {
            let r = &m.response;
            if r.is_async || r.late.is_empty() {
                continue;
            }
            let Some(fcx) = all.unit(m.unit) else {
                continue;
            };
            let Some(l) = cx.sem.listeners.get(m.listener) else {
                continue;
            };
            let mut seen = Vec::new();
            for e in &r.exits {
                let Kind::Truthy(what) = &e.kind else {
                    continue;
                };
                if seen.contains(&e.range) {
                    continue;
                }
                seen.push(e.range);
                // The late call this path schedules, else any late call of the listener.
                let late = e
                    .late
                    .first()
                    .and_then(|&i| r.late.get(i))
                    .or_else(|| r.late.first());
                let mut d = Diagnostic::new(
                    META.id,
                    META.default_severity,
                    fcx.loc(e.range),
                    format!(
                        "this listener answers later but returns {what}, not `true`: only the literal `true` keeps the channel open, so the response is lost"
                    ),
                )
                .with_primary_label(format!("{what} is truthy but not `true`"));
                if let Some(late) = late {
                    d = d.with_label(
                        fcx.loc(late.range),
                        format!("`sendResponse` is called {}", late.why),
                    );
                }
                d = d
                    .with_label(cx.loc(l.registration), "listener registered here")
                    .with_help(if what.contains("call") || what.contains("timer") {
                        "keep the call as a statement of its own and then write `return true;`"
                    } else {
                        "return the literal `true` (`return true;`, or `!0` in minified code)"
                    });
                out.push(d);
            }
        }
    }
}
