//! `postmessage-wildcard-origin`: `postMessage(data, "*")` from a content script or an
//! extension page with data that is not a constant: any origin loaded in that window (an
//! ad frame, a navigated page) can read it.
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint;

declare_rule!(
    pub struct Rule => META,
    "postmessage-wildcard-origin",
    Warning,
    "postMessage(data, \"*\") from extension code with non-constant data.",
    uses_taint
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for p in &taint::facts(cx, all).wildcard_posts {
            out.push(
                Diagnostic::new(
                    META.id,
                    Severity::Warning,
                    p.call.location,
                    "`postMessage` with target origin `\"*\"` sends this data to whatever origin the window holds",
                )
                .with_primary_label("any origin can read this")
                .with_help("pass the exact target origin: `frame.contentWindow.postMessage(data, \"https://app.example.com\")`"),
            );
        }
    }
}
