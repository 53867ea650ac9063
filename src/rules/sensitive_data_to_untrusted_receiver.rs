//! `sensitive-data-to-untrusted-receiver`: privileged data (cookies, history, bookmarks,
//! top sites, tab URLs, extension storage, tokens) answered to an external sender or
//! posted to the page.
use crate::diagnostic::Diagnostic;
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint::{self, SinkCat};

declare_rule!(
    pub struct Rule => META,
    "sensitive-data-to-untrusted-receiver",
    Error,
    "Cookies, history, storage or tokens answered to an external sender or posted to the page.",
    uses_taint
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        for f in &taint::facts(cx, all).flows {
            if f.cat != SinkCat::Exfil {
                continue;
            }
            let to_page = taint::to_page(&f.sink);
            let severity = if to_page {
                crate::diagnostic::Severity::Error
            } else {
                taint::external_severity(cx, all)
            };
            let receiver = if f.sink == taint::POST_TO_EMBEDDER {
                "posted to whatever web page frames this web-accessible page"
            } else if to_page {
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
        relayed_answers(cx, all, out);
    }
}

/// A content script that posts to the page what the extension answered it, when the
/// extension answers that kind of request with privileged data: the page reads cookies,
/// history or tokens it could never read itself. One finding per post, at the post, with
/// both halves (where the data is read and answered, where it arrives and is posted).
fn relayed_answers<'a>(cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
    use crate::discover::ContextKind;
    let posts = &taint::facts(cx, all).response_posts;
    if posts.is_empty() {
        return;
    }
    let mut reported = std::collections::HashSet::new();
    for &(e, c) in cx.contexts {
        let ext = &all.project.extensions[e];
        if ext.contexts[c].kind != ContextKind::ContentScript {
            continue;
        }
        let answers = taint::ext_answers(e, all);
        for post in posts {
            let Some(at) = post.path.last() else { continue };
            let Some(answer) = answers.to_request(&post.request) else {
                continue;
            };
            if !reported.insert((at.location.source, at.location.start)) {
                continue;
            }
            let answered_in = answer
                .path
                .last()
                .map(|l| all.project.sources.get(l.location.source).rel.as_str())
                .unwrap_or("the extension");
            let mut path = answer.path.clone();
            path.extend(post.path.iter().cloned());
            let flow = taint::Flow {
                src: taint::SrcKind::Sensitive,
                path,
                cat: SinkCat::Exfil,
                sink: post.sink.clone(),
                kind: answer.kind.clone(),
            };
            let message = [
                "privileged data answered by `",
                answered_in,
                "` is posted to the web page through `",
                &post.sink,
                "`",
            ]
            .concat();
            let help = "post the page only what it needs (a status, a count), never what the \
                        extension read with its privileges; better, do not answer such data to \
                        content scripts at all";
            if let Some(d) = taint::flow_diagnostic(
                META.id,
                crate::diagnostic::Severity::Error,
                &flow,
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
