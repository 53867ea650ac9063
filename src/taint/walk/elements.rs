//! Which element an expression holds, where the code says: an `<img>` made with
//! `document.createElement("img")` loads its `src` as an image, never as a page, so a
//! `javascript:` URL there runs nothing (TreeStyleTab sets a tab's favicon URL so).
use swc_ecma_ast::*;

use crate::semantic::{prop_str, static_string, strip, Semantic};

/// Elements whose `src` is fetched as media: never navigated to, never run.
const MEDIA: &[&str] = &["img", "audio", "video", "source", "track", "picture"];

/// How many bindings are followed (`const icon = link.appendChild(img)`).
const MAX_DEPTH: usize = 4;

/// Whether `e` holds only media elements (see [`MEDIA`]): `document.createElement("img")`,
/// `new Image()`, `new Audio()`, `parent.appendChild(<one of them>)` (which returns its
/// argument), or a binding given only such values.
pub(super) fn is_media_element(sem: &Semantic<'_>, e: &Expr) -> bool {
    media(sem, e, 0)
}

fn media(sem: &Semantic<'_>, e: &Expr, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match strip(e) {
        Expr::Ident(i) if i.ctxt != sem.unresolved => match sem.values_of(i, 4) {
            Some(values) => !values.is_empty() && values.iter().all(|v| media(sem, v, depth + 1)),
            None => false,
        },
        Expr::New(n) => matches!(strip(&n.callee), Expr::Ident(c)
            if c.ctxt == sem.unresolved && (c.sym == "Image" || c.sym == "Audio")),
        Expr::Call(c) => {
            let Callee::Expr(callee) = &c.callee else {
                return false;
            };
            let Expr::Member(m) = strip(callee) else {
                return false;
            };
            let first = c
                .args
                .first()
                .filter(|a| a.spread.is_none())
                .map(|a| &*a.expr);
            match (prop_str(&m.prop), first) {
                (Some("createElement"), Some(tag)) => static_string(tag)
                    .is_some_and(|t| MEDIA.iter().any(|m| t.eq_ignore_ascii_case(m))),
                (Some("appendChild"), Some(child)) => media(sem, child, depth + 1),
                _ => false,
            }
        }
        _ => false,
    }
}
