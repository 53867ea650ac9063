//! `competing-responders`: two or more listeners of the same one-time message event in
//! one extension context (across its files) that can answer the same message, one of
//! which answers every message (an `async` listener always does).
//!
//! Only the first answer reaches the sender; the others are dropped. An async listener
//! answers even the messages it ignores (with `null`), pre-empting the listener meant
//! to answer them. Two listeners that each answer only some messages are left alone:
//! whether their message kinds overlap is not known statically.
use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis};
use crate::semantic::response::{listener_head, models};

declare_rule!(
    pub struct Rule => META,
    "competing-responders",
    Error,
    "Several onMessage listeners in one context that can answer the same message; only the first answer counts."
);

struct Entry {
    unit: usize,
    registration: (usize, usize),
    fn_unit: usize,
    head: (usize, usize),
    always: bool,
    is_async: bool,
    event: String,
}

impl crate::rules::Rule for Rule {
    fn check_extension(&self, ext: usize, all: &Analysis<'_>, out: &mut Vec<Diagnostic>) {
        let Some(e) = all.project.extensions.get(ext) else {
            return;
        };
        for ctx in &e.contexts {
            let mut entries: Vec<Entry> = Vec::new();
            let mut seen = rustc_hash::FxHashSet::default();
            for &u in &ctx.units {
                let Some(cx) = all.unit(u) else { continue };
                for m in models(cx, all) {
                    let Some(l) = cx.sem.listeners.get(m.listener) else {
                        continue;
                    };
                    if !m.response.can_respond() {
                        continue;
                    }
                    let fn_span = crate::parse::range(&m.func.span());
                    // The same function added twice is one listener to the browser.
                    if !seen.insert((m.unit, fn_span)) {
                        continue;
                    }
                    entries.push(Entry {
                        unit: u,
                        registration: l.registration,
                        fn_unit: m.unit,
                        head: listener_head(m.func),
                        always: m.response.always_responds(),
                        is_async: m.response.is_async,
                        event: l.event.describe(),
                    });
                }
            }
            let mut events: Vec<String> = entries.iter().map(|x| x.event.clone()).collect();
            events.sort();
            events.dedup();
            for ev in events {
                let group: Vec<&Entry> = entries.iter().filter(|x| x.event == ev).collect();
                if group.len() < 2 {
                    continue;
                }
                let Some(first_always) = group.iter().find(|x| x.always) else {
                    continue;
                };
                let Some(fcx) = all.unit(first_always.fn_unit) else {
                    continue;
                };
                let why = if first_always.is_async {
                    "it is async, so it answers every message (with `null` when it returns nothing)"
                } else {
                    "it answers every message"
                };
                let mut d = Diagnostic::new(
                    META.id,
                    META.default_severity,
                    fcx.loc(first_always.head),
                    format!(
                        "{} `{ev}` listeners in the {} context can answer the same message, and this one answers every message: only the first answer reaches the sender",
                        group.len(),
                        ctx.label
                    ),
                )
                .with_primary_label(format!("this listener always answers: {why}"));
                for x in &group {
                    let Some(ucx) = all.unit(x.unit) else {
                        continue;
                    };
                    let label = if x.always {
                        if x.is_async {
                            "async listener registered here: always answers"
                        } else {
                            "listener registered here: always answers"
                        }
                    } else {
                        "listener registered here: answers some messages"
                    };
                    d = d.with_label(ucx.loc(x.registration), label);
                }
                d = d.with_help(
                    "register a single listener that dispatches on the message type; or make each listener a plain \
                     (non-async) function that returns `false` without calling `sendResponse` for the messages it \
                     does not handle, so exactly one listener answers each message",
                );
                out.push(d);
            }
        }
    }
}
