//! `sendresponse-without-return-true`: `sendResponse` used late (in a callback, a
//! `.then`, a timer, an event handler, after `await`) on a path that does not return
//! `true`.
//!
//! The browser closes the message channel as soon as the listener returns anything but
//! the literal `true` (or, where promises are supported, a promise): the late call then
//! answers nobody and the sender gets `undefined` plus "The message port closed before a
//! response was received". Paths that return a truthy non-`true` value are
//! `truthy-not-true-return`'s; paths that return an unknown value are left alone.
use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::semantic::response::{models, promises_supported, Kind};

declare_rule!(
    pub struct Rule => META,
    "sendresponse-without-return-true",
    Error,
    "sendResponse called from a callback, .then, timer or after await while the listener does not return true: the response is lost."
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for m in models(cx, all) {
            let Some(fcx) = all.unit(m.unit) else {
                continue;
            };
            let r = &m.response;
            let promises = promises_supported(cx, all, m.listener);
            let bad: Vec<_> = r
                .exits
                .iter()
                .filter(|e| {
                    !e.late.is_empty()
                        && match e.kind {
                            Kind::Falsy => true,
                            Kind::Promise => !promises,
                            Kind::True | Kind::Truthy(_) | Kind::Unknown => false,
                        }
                })
                .collect();
            if bad.is_empty() {
                continue;
            }
            let mut late: Vec<usize> = bad.iter().flat_map(|e| e.late.iter().copied()).collect();
            late.sort_by_key(|&i| r.late.get(i).map(|l| l.range));
            late.dedup();
            let Some(first) = late.first().and_then(|&i| r.late.get(i)) else {
                continue;
            };
            let Some(l) = cx.sem.listeners.get(m.listener) else {
                continue;
            };
            let message = if r.is_async {
                format!(
                    "`sendResponse` is called {}, but this async listener returns a promise, not `true`: Chrome before {} closes the channel and the response is lost",
                    first.why,
                    crate::semantic::response::CHROME_PROMISE_VERSION
                )
            } else {
                format!(
                    "`sendResponse` is called {}, but the listener does not return `true` on that path: the channel is closed by then and the response is lost",
                    first.why
                )
            };
            let mut d = Diagnostic::new(
                META.id,
                META.default_severity,
                fcx.loc(first.range),
                message,
            )
            .with_primary_label("called after the listener has returned");
            for &i in late.iter().skip(1) {
                if let Some(x) = r.late.get(i) {
                    d = d.with_label(fcx.loc(x.range), format!("also called {}", x.why));
                }
            }
            for e in &bad {
                let what = match (&e.kind, e.implicit) {
                    (Kind::Promise, _) if r.is_async => {
                        "the async listener ends here: it returns a promise, not `true`"
                    }
                    (Kind::Promise, _) => "returns a promise here, not `true`",
                    (_, Some(_)) => "the listener can end here without returning `true`",
                    _ => "returns a falsy value here: the channel closes",
                };
                d = d.with_label(fcx.loc(e.range), what);
            }
            d = d.with_label(cx.loc(l.registration), "listener registered here");
            let help = if r.is_async {
                "remove `async` from the listener, move the awaited work into an async helper, and write \
                 `helper(message).then(sendResponse); return true;`; or, if you support only Chrome 144+ and \
                 Firefox, `return` the response value instead of calling `sendResponse`"
                    .to_string()
            } else {
                let at = fcx.source.line(bad[0].range.0);
                format!(
                    "add `return true;` to the path that schedules the late call (it ends at line {at}) so the \
                     channel stays open until `sendResponse` runs; leave other paths as they are"
                )
            };
            // Each path keeps its first late calls only (`LATES_KEPT`): say so rather
            // than let the labels pass for all of them.
            let help = if bad.iter().any(|e| e.late.more) {
                format!(
                    "{help} (only the first {} late calls of each path are labelled)",
                    crate::semantic::response::LATES_KEPT
                )
            } else {
                help
            };
            d = d.with_help(help);
            out.push(d);
        }
    }
}
