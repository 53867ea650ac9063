//! `promise-response-unsupported`: a listener answers by returning a promise (`async`,
//! `return fetch(...)`, `return new Promise(...)`) while the extension supports Chrome
//! before 144.
//!
//! Before Chrome 144 a returned promise is just "not `true`": the channel closes at once
//! and the sender receives `undefined`. The supported versions come from the config's
//! `minimum_chrome_version`, else the manifest's, else old Chrome is assumed; Firefox-only
//! extensions and `browser.*` (Firefox or webextension-polyfill) listeners are exempt.
use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::semantic::func::is_undefined;
use crate::semantic::response::{
    listener_head, models, promises_supported, Kind, CHROME_PROMISE_VERSION,
};
use crate::semantic::strip;

declare_rule!(
    pub struct Rule => META,
    "promise-response-unsupported",
    Error,
    "A listener that answers by returning a promise while the extension supports Chrome before 144."
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for m in models(cx, all) {
            if promises_supported(cx, all, m.listener) {
                continue;
            }
            let r = &m.response;
            // Paths whose promise is the answer (late `sendResponse` paths are
            // `sendresponse-without-return-true`'s).
            let answers: Vec<_> = r
                .exits
                .iter()
                .filter(|e| e.late.is_empty() && e.kind == Kind::Promise)
                .filter(|e| !r.is_async || e.value.is_some_and(|v| !is_undefined(strip(v))))
                .collect();
            if answers.is_empty() {
                continue;
            }
            let (Some(fcx), Some(l)) = (all.unit(m.unit), cx.sem.listeners.get(m.listener)) else {
                continue;
            };
            let version = all.minimum_chrome_version.or_else(|| {
                cx.contexts.iter().find_map(|&(e, _)| {
                    all.project.extensions[e]
                        .manifest
                        .as_ref()
                        .and_then(|m| m.minimum_chrome_version)
                })
            });
            let supports = match version {
                Some(v) => format!("`minimum_chrome_version` is {v}"),
                None => "no `minimum_chrome_version` is set".to_string(),
            };
            let what = if r.is_async {
                "this async listener answers with the promise it returns"
            } else {
                "this listener answers by returning a promise"
            };
            let mut d = Diagnostic::new(
                META.id,
                META.default_severity,
                fcx.loc(listener_head(m.func)),
                format!(
                    "{what}, which Chrome supports only from version {CHROME_PROMISE_VERSION} ({supports}): older Chrome closes the channel and the sender receives `undefined`"
                ),
            )
            .with_primary_label(if r.is_async {
                "async listener: returns a promise"
            } else {
                "listener returns a promise"
            });
            let mut seen = Vec::new();
            for e in answers {
                if !seen.contains(&e.range) {
                    seen.push(e.range);
                    d = d.with_label(fcx.loc(e.range), "answered through the returned promise");
                }
            }
            if m.unit != cx.id {
                d = d.with_label(cx.loc(l.registration), "listener registered here");
            }
            d = d.with_help(format!(
                "use a plain listener `(message, sender, sendResponse) => {{ work(message).then(sendResponse); return true; }}`, \
                 or, if you support only Chrome {CHROME_PROMISE_VERSION}+, set `\"minimum_chrome_version\": \"{CHROME_PROMISE_VERSION}\"` in manifest.json"
            ));
            out.push(d);
        }
    }
}
