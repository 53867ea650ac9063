//! `postmessage-wildcard-origin`: `postMessage(data, "*")` from a content script or an
//! extension page with data that is not a constant: any origin loaded in that window (an
//! ad frame, a navigated page) can read it. A target origin that falls back to `"*"`, or
//! that a web page's or another extension's message names, is as open.
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint::{self, OpenTarget};

declare_rule!(
    pub struct Rule => META,
    "postmessage-wildcard-origin",
    Warning,
    "postMessage(data, \"*\") from extension code with non-constant data, or to an origin that falls back to \"*\" or that a message names.",
    uses_taint
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for p in &taint::facts(cx, all).wildcard_posts {
            let (message, help) = match p.target {
                OpenTarget::Wildcard => (
                    "`postMessage` with target origin `\"*\"` sends this data to whatever origin the window holds",
                    "pass the exact target origin: `frame.contentWindow.postMessage(data, \"https://app.example.com\")`",
                ),
                OpenTarget::FallsBack => (
                    "`postMessage` with a target origin that falls back to `\"*\"` sends this data to whatever origin the window holds",
                    "require the target origin (fail when it is missing) rather than falling back to `\"*\"`",
                ),
                OpenTarget::FromMessage => (
                    "`postMessage` to a target origin taken from a message sends this data to whatever origin the sender names",
                    "answer the origin the browser reports, once checked: `event.source.postMessage(data, event.origin)`",
                ),
            };
            out.push(
                Diagnostic::new(META.id, Severity::Warning, p.call.location, message)
                    .with_primary_label("any origin can read this")
                    .with_help(help),
            );
        }
    }
}
