//! `externally-connectable-too-broad`: a manifest `externally_connectable` that lets every
//! site or every extension message the extension, and external listeners in an extension
//! that has no `externally_connectable` at all (which admits every other extension).
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::rules::{declare_rule, Analysis};
use crate::semantic::Event;

declare_rule!(
    pub struct Rule => META,
    "externally-connectable-too-broad",
    Error,
    "externally_connectable that admits every site or every extension, or external listeners without it."
);

/// Suffixes under which anyone can register a name: `*.co.uk` is as open as `*.com`.
const MULTI_LABEL_SUFFIXES: &[&str] = &[
    "co.uk",
    "org.uk",
    "ac.uk",
    "gov.uk",
    "com.au",
    "net.au",
    "org.au",
    "co.jp",
    "ne.jp",
    "or.jp",
    "com.br",
    "com.cn",
    "com.mx",
    "co.in",
    "co.kr",
    "co.nz",
    "com.tr",
    "com.tw",
    "github.io",
    "gitlab.io",
    "netlify.app",
    "vercel.app",
    "pages.dev",
    "herokuapp.com",
    "appspot.com",
    "web.app",
    "firebaseapp.com",
    "blogspot.com",
    "azurewebsites.net",
    "cloudfront.net",
    "s3.amazonaws.com",
    "workers.dev",
];

/// Why a match pattern admits too much, if it does. The taint rules grade the reach of
/// external senders with this same test (`taint::external_reach`).
pub(crate) fn too_broad(pattern: &str) -> Option<String> {
    if pattern == "<all_urls>" {
        return Some("`<all_urls>` lets every web page message this extension".into());
    }
    let (scheme, rest) = pattern.split_once("://")?;
    let host = rest.split('/').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or(host);
    let any_scheme = if scheme == "*" { "any scheme" } else { scheme };
    if host == "*" {
        return Some(format!(
            "`{pattern}` lets every site ({any_scheme}) message this extension"
        ));
    }
    if let Some(suffix) = host.strip_prefix("*.") {
        if !suffix.contains('.') || MULTI_LABEL_SUFFIXES.contains(&suffix) {
            return Some(format!(
                "`{pattern}` lets every site under the public suffix `.{suffix}` (anyone can register one) message this extension"
            ));
        }
    }
    None
}

impl crate::rules::Rule for Rule {
    fn check_extension(&self, ext: usize, all: &Analysis<'_>, out: &mut Vec<Diagnostic>) {
        let e = &all.project.extensions[ext];
        let Some(m) = &e.manifest else { return };
        let src = e.manifest_source;
        match &m.externally_connectable {
            Some(ec) => {
                for p in &ec.matches {
                    if let Some(why) = too_broad(&p.value) {
                        out.push(
                            Diagnostic::new(META.id, Severity::Error, Location::new(src, p.start, p.end), why)
                                .with_primary_label("admits too many senders")
                                .with_help(
                                    "list the exact origins that need to message the extension (`https://app.example.com/*`), \
                                     and check `sender.origin` in the `onMessageExternal` listener",
                                ),
                        );
                    }
                }
                for id in &ec.ids {
                    if id.value == "*" {
                        out.push(
                            Diagnostic::new(
                                META.id,
                                Severity::Error,
                                Location::new(src, id.start, id.end),
                                "`\"ids\": [\"*\"]` lets every installed extension message this extension",
                            )
                            .with_primary_label("admits every extension")
                            .with_help("list the extension ids that need to connect, and check `sender.id` in the listener"),
                        );
                    }
                }
            }
            None => {
                // Without the key every other extension (though no web page) may connect.
                for ctx in &e.contexts {
                    for &u in &ctx.units {
                        let Some(cx) = all.unit(u) else { continue };
                        for l in &cx.sem.listeners {
                            if !matches!(
                                l.event,
                                Event::OnMessageExternal | Event::OnConnectExternal
                            ) {
                                continue;
                            }
                            out.push(
                                Diagnostic::new(
                                    META.id,
                                    Severity::Warning,
                                    cx.loc(l.target),
                                    format!(
                                        "`{}` listener in an extension without `externally_connectable`: every other installed extension can message it",
                                        l.event.describe()
                                    ),
                                )
                                .with_primary_label("reachable by any extension")
                                .with_help(
                                    "add `\"externally_connectable\": {\"ids\": [\"<allowed extension id>\"]}` to manifest.json \
                                     (or `{\"matches\": [...]}` for web pages), and check `sender.id` in the listener",
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::too_broad;

    #[test]
    fn patterns() {
        for bad in [
            "<all_urls>",
            "*://*/*",
            "https://*/*",
            "http://*/",
            "https://*.com/*",
            "*://*.co.uk/*",
            "https://*.github.io/*",
        ] {
            assert!(too_broad(bad).is_some(), "{bad}");
        }
        for good in [
            "https://example.com/*",
            "https://*.example.com/*",
            "https://app.example.co.uk/*",
            "http://localhost:8080/*",
        ] {
            assert!(too_broad(good).is_none(), "{good}");
        }
    }
}
