//! `sensitive-data-to-untrusted-receiver`: privileged data (cookies, history, bookmarks,
//! top sites, tab URLs, extension storage, tokens) answered to an external sender or
//! posted to the page.
use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint::{self, SinkCat};

declare_rule!(
    META,
    "sensitive-data-to-untrusted-receiver",
    Error,
    "Cookies, history, storage or tokens answered to an external sender or posted to the page."
);

pub struct Rule;

impl crate::rules::Rule for Rule {
    fn meta(&self) -> &'static crate::rules::RuleMeta {
        &META
    }
    fn uses_taint(&self) -> bool {
        true
    }

    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for f in &taint::facts(cx, all).flows {
            if f.cat != SinkCat::Exfil {
                continue;
            }
            let to_page = f.sink == crate::taint::POST_TO_PAGE;
            let severity = if to_page {
                crate::diagnostic::Severity::Error
            } else {
                taint::external_severity(cx, all)
            };
            let receiver = if to_page {
                "posted to the web page"
            } else {
                "answered to an external sender"
            };
            let message = format!("privileged data is {receiver} through `{}`", f.sink);
            let help = "answer only what the sender needs (a status, a count), only after an exact \
                        `sender.origin` / `sender.id` allow-list check; never post extension data to the page";
            if let Some(d) = taint::flow_diagnostic(
                META.id,
                severity,
                f,
                None,
                message,
                "leaves the extension here",
                help,
            ) {
                out.push(d);
            }
        }
    }
}
