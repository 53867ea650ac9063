//! `async-listener-implicit-undefined`: an `async` `onMessage` listener with a path that
//! finishes without returning a value.
//!
//! An async function always returns a promise. Where a path ends without `return value`,
//! the promise resolves to `undefined`, the browser answers `null`, and, because only the
//! first answer counts, every other listener for that message is pre-empted.
use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::semantic::func::is_undefined;
use crate::semantic::response::{self, Implicit};

declare_rule!(
    pub struct Rule => META,
    "async-listener-implicit-undefined",
    Error,
    "An async onMessage listener with a path that ends without returning a value (answers null)."
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        // The shared response model walks every path of every resolved listener (one too
        // odd to model is left out). A path that already called `sendResponse`
        // synchronously has answered (the promise's `undefined` comes second and is
        // ignored); the bug is a path that answers nothing else.
        for m in response::models(cx, all) {
            if !m.func.is_async() || m.func.is_generator() {
                continue;
            }
            let (Some(l), Some(fcx)) = (cx.sem.listeners.get(m.listener), all.unit(m.unit)) else {
                continue;
            };
            let resp = &m.response;
            let silent: Vec<&response::Exit<'_>> = resp
                .exits
                .iter()
                .filter(|e| {
                    (e.implicit.is_some() || e.value.is_some_and(is_undefined)) && !e.responded
                })
                .collect();
            if silent.is_empty() {
                continue;
            }
            // The `async` keyword: where the listener starts.
            let loc = fcx.loc(response::listener_head(m.func));
            let mut d = Diagnostic::new(
                META.id,
                META.default_severity,
                loc,
                format!(
                    "this async `{}` listener can finish without returning a value, so the sender receives `null`",
                    l.event.describe()
                ),
            )
            .with_primary_label("async listener: it always answers, even when it returns nothing")
            .with_help(
                "return the response on every path (`return { ok: true }`). If the listener should not answer some \
                 messages, make it a plain (non-async) function that returns `false` for them, calls \
                 `sendResponse` and returns `true` for the ones it answers late, so other listeners can respond",
            );
            for e in silent {
                let what = if e.implicit == Some(Implicit::FallsOff) {
                    "the function can end here without `return`"
                } else {
                    "this returns `undefined`"
                };
                d = d.with_label(fcx.loc(e.range), what);
            }
            if m.unit != cx.id || !contains(m.func.span(), l.registration) {
                d = d.with_label(cx.loc(l.registration), "registered as a listener here");
            }
            out.push(d);
        }
    }
}

fn contains(span: swc_common::Span, r: (usize, usize)) -> bool {
    let (s, e) = crate::parse::range(&span);
    s >= r.0 && e <= r.1
}
