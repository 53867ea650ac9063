//! Functions that escape HTML: what they return is text, safe for an HTML sink (still
//! attacker-chosen text everywhere else). Recognized by their body, so minified escapers
//! count and a function merely named `escapeHtml` does not:
//! - a `.replace` chain that replaces `<` (`s.replace(/&/g, "&amp;").replace(/</g,
//!   "&lt;")`, `String(s).replace(/[&<>"']/g, (c) => map[c])`);
//! - the DOM's own escaping: `d.textContent = s; return d.innerHTML;`, with nothing
//!   touching the element in between (`d.innerHTML += raw` would put markup back).
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use crate::parse::range;
use crate::semantic::func::Body;
use crate::semantic::{prop_str, static_string, strip, FnNode};

/// Whether every value `f` returns is HTML-escaped: each `return` of the function, at
/// any depth of its blocks (`if (s.length > 100) return s;` hands the text back raw),
/// returns escaped text or a constant. `text` is the function's source: one without the
/// word `replace` or `innerHTML` is no escaper, known without visiting it (this is asked
/// of every function the walk summarizes).
pub(super) fn escapes_html(f: FnNode<'_>, text: Option<&str>) -> bool {
    static WORDS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::LazyLock::new(|| {
            [
                memchr::memmem::Finder::new("replace"),
                memchr::memmem::Finder::new("innerHTML"),
            ]
        });
    if text.is_some_and(|t| WORDS.iter().all(|w| w.find(t.as_bytes()).is_none())) {
        return false;
    }
    match f.body() {
        Some(Body::Expr(e)) => escaped(e, &[]),
        Some(Body::Block(b)) => {
            let mut returns = Returns {
                body: &b.stmts,
                escaped: 0,
                all_safe: true,
            };
            b.visit_with(&mut returns);
            returns.escaped > 0 && returns.all_safe
        }
        None => false,
    }
}

/// Judges a function's own `return` statements, not those of the functions nested in it:
/// how many return escaped text, and whether the rest return only constants (`return "";`
/// for empty input, a bare `return;`), which carry no text of the caller's.
struct Returns<'b> {
    body: &'b [Stmt],
    escaped: usize,
    all_safe: bool,
}

impl Visit for Returns<'_> {
    fn visit_return_stmt(&mut self, r: &ReturnStmt) {
        match r.arg.as_deref().map(strip) {
            Some(e) if escaped(e, self.body) => self.escaped += 1,
            None | Some(Expr::Lit(_)) => {}
            Some(_) => self.all_safe = false,
        }
    }
    fn visit_function(&mut self, _: &Function) {}
    fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    fn visit_class(&mut self, _: &Class) {}
}

/// Whether `e` is escaped text: a `.replace` chain that replaces `<`, or `x.innerHTML`
/// of an element whose `textContent` (or `innerText`) `body` sets.
fn escaped(e: &Expr, body: &[Stmt]) -> bool {
    let mut e = strip(e);
    for _ in 0..16 {
        let Expr::Call(c) = e else { break };
        let Callee::Expr(callee) = &c.callee else {
            break;
        };
        let Expr::Member(m) = strip(callee) else {
            break;
        };
        let method = prop_str(&m.prop);
        if matches!(method, Some("replace" | "replaceAll"))
            && c.args.first().is_some_and(|a| matches_lt(&a.expr))
            && c.args
                .get(1)
                .is_some_and(|a| static_string(&a.expr).is_none_or(|s| !s.contains('<')))
        {
            return true;
        }
        e = strip(&m.obj);
    }
    if let Expr::Member(m) = e {
        if let (Some("innerHTML"), Expr::Ident(el)) = (prop_str(&m.prop), strip(&m.obj)) {
            let Some(set) = body.iter().rposition(|s| sets_text(s, el)) else {
                return false;
            };
            // Past the text, nothing may touch the element but this read of its markup:
            // `d.innerHTML += raw` or `d.insertAdjacentHTML(...)` puts markup back.
            let read = range(m).0;
            return body[set + 1..].iter().all(|s| {
                let (start, end) = range(s);
                (start <= read && read < end) || !mentions(s, el)
            });
        }
    }
    false
}

/// Whether `s` names `el` anywhere (nested functions too: they may run before the read).
fn mentions(s: &Stmt, el: &Ident) -> bool {
    struct Finder<'e> {
        el: &'e Ident,
        found: bool,
    }
    impl Visit for Finder<'_> {
        fn visit_ident(&mut self, i: &Ident) {
            self.found |= i.sym == self.el.sym && i.ctxt == self.el.ctxt;
        }
    }
    let mut f = Finder { el, found: false };
    s.visit_with(&mut f);
    f.found
}

/// A `replace` pattern that matches `<`: `/</g`, `/[&<>"']/g`, `"<"`.
fn matches_lt(e: &Expr) -> bool {
    match strip(e) {
        Expr::Lit(Lit::Regex(re)) => re.exp.contains('<'),
        e => static_string(e).is_some_and(|s| s.contains('<')),
    }
}

/// `el.textContent = ...` or `el.innerText = ...` as a statement.
fn sets_text(s: &Stmt, el: &Ident) -> bool {
    let Stmt::Expr(e) = s else { return false };
    let Expr::Assign(a) = strip(&e.expr) else {
        return false;
    };
    let AssignTarget::Simple(SimpleAssignTarget::Member(m)) = &a.left else {
        return false;
    };
    matches!(prop_str(&m.prop), Some("textContent" | "innerText"))
        && matches!(strip(&m.obj), Expr::Ident(i) if i.sym == el.sym && i.ctxt == el.ctxt)
}
