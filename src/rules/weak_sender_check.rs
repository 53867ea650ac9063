//! `weak-sender-check`: a sender check that can be bypassed: `startsWith` without the
//! trailing `/`, `includes` / `indexOf` / `search` on a URL, unanchored regexes or ones
//! with unescaped dots, `endsWith` without a leading dot, `in` / plain object lookups,
//! `location.origin` in a content script, or a comparison with the message's own data.
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint::{self, SrcKind};

declare_rule!(
    pub struct Rule => META,
    "weak-sender-check",
    Error,
    "A sender check that can be bypassed (startsWith without /, includes, unanchored regex, in, location.origin).",
    uses_taint
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for w in &taint::facts(cx, all).weak_checks {
            let severity = match w.src {
                SrcKind::External => taint::external_severity(cx, all),
                SrcKind::Page => Severity::Error,
                _ => Severity::Warning,
            };
            out.push(
                Diagnostic::new(
                    META.id,
                    severity,
                    w.at.location,
                    format!("this sender check can be bypassed: {}", w.at.message),
                )
                .with_primary_label("bypassable check")
                .with_help(
                    "compare the whole origin exactly: `sender.origin === \"https://app.example.com\"`, \
                     `ALLOWED.has(new URL(sender.url).origin)`, or `hostname === \"example.com\" || hostname.endsWith(\".example.com\")`",
                ),
            );
        }
    }
}
