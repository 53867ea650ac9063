//! `untrusted-message-to-privileged-api`: data an attacker controls reaching a
//! privileged API (cookies, storage writes, tabs, downloads, native hosts, requests with
//! the extension's privileges), within one script or across contexts: a content script
//! relaying page messages into a background listener is one finding with both halves.
use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint::{self, SinkCat};

declare_rule!(
    pub struct Rule => META,
    "untrusted-message-to-privileged-api",
    Error,
    "Untrusted message data reaching a privileged API (cookies, storage, tabs, downloads, fetch, native hosts).",
    uses_taint
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for f in &taint::facts(cx, all).flows {
            if f.cat != SinkCat::Privileged {
                continue;
            }
            let Some((severity, relay)) = taint::flow_severity(cx, all, f) else {
                continue;
            };
            let message = [
                taint::source_phrase(f, relay.is_some()),
                " reaches the privileged API `",
                &f.sink,
                "`",
            ]
            .concat();
            let help = "check the sender against an exact allow-list and validate each field before use: \
                        compare URLs and ids with constants (`ALLOWED.has(new URL(msg.url).origin)`), \
                        coerce numbers with `Number(...)`, and never pass message objects through whole";
            if let Some(d) = taint::flow_diagnostic(
                META.id,
                severity,
                f,
                relay,
                message,
                "privileged call with message data",
                help,
            ) {
                out.push(d);
            }
        }
    }
}
