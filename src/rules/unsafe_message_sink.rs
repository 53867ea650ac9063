//! `unsafe-message-sink`: message or response data reaching code execution, HTML
//! parsing, or navigation (`eval`, `innerHTML`, `location = ...`).
//!
//! Facts come from the taint walk (`crate::taint`); this rule only picks the flows whose
//! sink runs code, parses HTML or navigates, and grades them by the weakest sender.
use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint::{self, SinkCat};

declare_rule!(
    pub struct Rule => META,
    "unsafe-message-sink",
    Error,
    "Message or response data reaching eval, innerHTML, executeScript code or a navigation.",
    uses_taint
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for f in &taint::facts(cx, all).flows {
            let (what, primary, help) = match f.cat {
                SinkCat::Code => (
                    "code execution",
                    "runs as code",
                    "never execute message data: dispatch on a fixed set of actions \
                     (`if (msg.action === \"refresh\") refresh()`), parse data with `JSON.parse`",
                ),
                SinkCat::Html => (
                    "HTML parsing",
                    "parsed as HTML",
                    "insert text with `textContent` (or `innerText`), or build elements with \
                     `createElement`; never `innerHTML` a message",
                ),
                SinkCat::Nav => (
                    "navigation",
                    "navigates (a `javascript:` URL runs code)",
                    "build the URL from a constant origin (`new URL(path, \"https://app.example.com\")`) \
                     or check `url.protocol === \"https:\"` against an allow-list first",
                ),
                _ => continue,
            };
            let Some((severity, relay)) = taint::flow_severity(cx, all, f) else {
                continue;
            };
            let message = format!(
                "{} reaches `{}` ({what})",
                taint::source_phrase(f, relay.is_some()),
                f.sink
            );
            if let Some(d) =
                taint::flow_diagnostic(META.id, severity, f, relay, message, primary, help)
            {
                out.push(d);
            }
        }
    }
}
