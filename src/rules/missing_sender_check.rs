//! `missing-sender-check`: an external listener (`onMessageExternal`,
//! `onConnectExternal` and its ports, `window` `message` events) that acts on the message
//! or answers it before any check of `sender.id` / `sender.url` / `sender.origin` /
//! `event.origin` / `event.source`.
//!
//! A check counts when it dominates the use: an early `return`/`throw`, an enclosing `if`,
//! a `switch` on the sender, an allow-list lookup. Whether the check is strong enough is
//! `weak-sender-check`'s business.
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint::{self, Reach, SrcKind};

declare_rule!(
    pub struct Rule => META,
    "missing-sender-check",
    Error,
    "An external or page message listener that acts on the message without checking the sender.",
    uses_taint
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        // A listener declared in another script of the context is walked there.
        let units = taint::listener_fact_units(cx, all);
        let unchecked = units
            .iter()
            .filter_map(|&u| all.unit(u))
            .flat_map(|ucx| &taint::facts(ucx, all).unchecked)
            .filter(|u| u.unit == cx.id);
        // A listener walked in several units (it hands its Port to functions of two
        // scripts) is reported once, at the first use found.
        let mut reported = rustc_hash::FxHashSet::default();
        for u in unchecked {
            if !reported.insert(u.listener) {
                continue;
            }
            let Some(l) = cx.sem.listeners.get(u.listener) else {
                continue;
            };
            // What to check, and the field an allow-list lookup takes in the help's example.
            let (severity, who, check, field) = match u.src {
                SrcKind::External => match taint::external_reach(cx, all) {
                    Reach::Open => (
                        Severity::Error,
                        taint::open_senders(cx, all),
                        "`sender.id` / `sender.origin`",
                        "sender.origin",
                    ),
                    Reach::Narrow => (
                        Severity::Warning,
                        "any page on the sites `externally_connectable` lists",
                        "`sender.origin`",
                        "sender.origin",
                    ),
                    // The browser enforces an ids-only allow-list itself.
                    Reach::IdsOnly => continue,
                },
                SrcKind::Page => (
                    Severity::Error,
                    "any page or frame",
                    "`event.origin`",
                    "event.origin",
                ),
                _ => continue,
            };
            out.push(
                Diagnostic::new(
                    META.id,
                    severity,
                    cx.loc(l.target),
                    [
                        "this `",
                        &l.event.describe(),
                        "` listener uses the message without checking who sent it (",
                        who,
                        " can)",
                    ]
                    .concat(),
                )
                .with_primary_label("listener without a sender check")
                .with_label(u.first_use.location, u.first_use.message.clone())
                .with_help(
                    [
                        "return early unless ",
                        check,
                        " is exactly an allowed value: `if (!ALLOWED.has(",
                        field,
                        ")) return;` (a `Set` of full origins)",
                    ]
                    .concat(),
                ),
            );
        }
    }
}
