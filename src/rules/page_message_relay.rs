//! `page-message-relay`: a content script that forwards page-controlled data (`message`
//! events, custom DOM events) into the extension without validating its shape and its
//! sender. The page becomes a client of every background handler.
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint;

declare_rule!(
    pub struct Rule => META,
    "page-message-relay",
    Warning,
    "A content script forwarding page messages into the extension without validating shape and sender.",
    uses_taint
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for s in &taint::facts(cx, all).sends {
            let Some(page) = &s.page else { continue };
            if s.shape_checked && s.sender_checked {
                continue;
            }
            let missing = match (s.shape_checked, s.sender_checked) {
                (false, false) => "its shape or its sender",
                (false, true) => "its shape",
                _ => "its sender",
            };
            let mut d = Diagnostic::new(
                META.id,
                Severity::Warning,
                s.call.location,
                format!("page-controlled data is forwarded into the extension without checking {missing}"),
            )
            .with_primary_label("relayed to the extension")
            .with_help(
                "check `event.source === window` and `event.origin`, accept only known message types \
                 (`event.data.type === \"page:ready\"`), and forward validated fields, not the page's object",
            );
            for l in page {
                d = d.with_label(l.location, l.message.clone());
            }
            let mut flow = page.clone();
            flow.push(s.call.clone());
            out.push(d.with_flow(flow));
        }
    }
}
