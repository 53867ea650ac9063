//! `deprecated-messaging-api`: `chrome.extension.sendRequest` and its kin.
//!
//! The `extension.*` messaging members were replaced by `runtime.*` long ago and are
//! absent in Manifest V3: there the call throws and the listener never fires.
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{declare_rule, Analysis, UnitCx};

declare_rule!(
    pub struct Rule => META,
    "deprecated-messaging-api",
    Warning,
    "chrome.extension.sendRequest / onRequest / sendMessage / onMessage / connect: removed in Manifest V3."
);

/// The deprecated member and its replacement.
fn replacement(member: &str) -> Option<&'static str> {
    Some(match member {
        "sendRequest" | "sendMessage" => "runtime.sendMessage",
        "onRequest" | "onMessage" => "runtime.onMessage",
        "onRequestExternal" | "onMessageExternal" => "runtime.onMessageExternal",
        "connect" => "runtime.connect",
        "onConnect" => "runtime.onConnect",
        "onConnectExternal" => "runtime.onConnectExternal",
        _ => return None,
    })
}

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        let mv3 = cx.manifest_versions(all).iter().any(|&v| v >= 3);
        for u in &cx.sem.api_uses {
            let [ns, member] = u.path.as_slice() else {
                continue;
            };
            if &**ns != "extension" {
                continue;
            }
            let Some(new) = replacement(member) else {
                continue;
            };
            let (severity, message) = if mv3 {
                (
                    Severity::Error,
                    format!("`extension.{member}` does not exist in Manifest V3: this code throws or never runs"),
                )
            } else {
                (
                    Severity::Warning,
                    format!("`extension.{member}` is deprecated and removed in Manifest V3"),
                )
            };
            let mut help = format!("use `chrome.{new}` instead");
            if member.contains("Request") {
                help.push_str(
                    " (same arguments; listeners receive `(message, sender, sendResponse)`)",
                );
            }
            out.push(
                Diagnostic::new(META.id, severity, cx.loc((u.start, u.end)), message)
                    .with_primary_label(format!("deprecated: use `{new}`"))
                    .with_help(help),
            );
        }
    }
}
