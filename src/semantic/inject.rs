//! Scripts a unit injects into web pages: content scripts that no manifest names, run by
//! `scripting.executeScript({ files })`, `tabs.executeScript({ file })`,
//! `scripting.registerContentScripts([{ js }])` / `updateContentScripts`, or Firefox's
//! `contentScripts.register({ js: [{ file }] })`. Many MV3 extensions inject this way
//! (`activeTab` + `scripting`) instead of listing `content_scripts`; without this their
//! content scripts ran in an unknown context, and what they relay from the page into the
//! extension was not joined to the listener that receives it.
use swc_ecma_ast::*;

use super::{object_props, static_string, strip, Semantic};
use crate::discover::Injection;

impl<'a> Semantic<'a> {
    /// The injections among this unit's API calls, in source order. Only files written
    /// out (or held in a binding initialized once with them) are known.
    pub(super) fn injections(&self) -> Vec<Injection> {
        let mut out = Vec::new();
        for c in &self.api_calls {
            let [api, method] = c.path.as_slice() else {
                continue;
            };
            let args = &c.call.args;
            match (&**api, &**method) {
                // `executeScript(details)`; MV2 `tabs.executeScript([tabId,] details)`.
                ("scripting" | "tabs", "executeScript") => {
                    let details = args.iter().rev().find_map(|a| self.object(&a.expr));
                    if let Some(o) = details {
                        let mut files = Vec::new();
                        // MV3 `files: [...]`; MV2 `file: "..."`.
                        if let Some(v) = self.field(o, "files") {
                            self.strings(v, &mut files);
                        }
                        if let Some(s) = self.field(o, "file").and_then(|v| self.string(v)) {
                            files.push(s.to_string());
                        }
                        self.push(&mut out, files, o);
                    }
                }
                // `registerContentScripts([{ id, matches, js: [...], world }])`.
                ("scripting", "registerContentScripts" | "updateContentScripts") => {
                    let Some(Expr::Array(list)) = args.first().map(|a| self.value(&a.expr)) else {
                        continue;
                    };
                    for e in list.elems.iter().flatten() {
                        if let Some(o) = self.object(&e.expr) {
                            let mut files = Vec::new();
                            if let Some(v) = self.field(o, "js") {
                                self.strings(v, &mut files);
                            }
                            self.push(&mut out, files, o);
                        }
                    }
                }
                // Firefox: `contentScripts.register({ js: [{ file: "cs.js" }], matches })`.
                ("contentScripts", "register") => {
                    let Some(o) = args.first().and_then(|a| self.object(&a.expr)) else {
                        continue;
                    };
                    let mut files = Vec::new();
                    if let Some(Expr::Array(js)) = self.field(o, "js").map(|v| self.value(v)) {
                        for e in js.elems.iter().flatten() {
                            if let Some(s) = self
                                .object(&e.expr)
                                .and_then(|f| self.field(f, "file"))
                                .and_then(|v| self.string(v))
                            {
                                files.push(s.to_string());
                            }
                        }
                    }
                    self.push(&mut out, files, o);
                }
                _ => {}
            }
        }
        out
    }

    fn push(&self, out: &mut Vec<Injection>, files: Vec<String>, details: &ObjectLit) {
        if files.is_empty() {
            return;
        }
        // `world: "MAIN"` (`chrome.scripting.ExecutionWorld.MAIN` too): runs as the page.
        let main_world = self.field(details, "world").is_some_and(|w| {
            self.string(w) == Some("MAIN")
                || matches!(strip(w), Expr::Member(m) if super::prop_str(&m.prop) == Some("MAIN"))
        });
        out.push(Injection { files, main_world });
    }

    /// What `e` stands for: itself, or the one initializer of the binding it names
    /// (`const files = ["cs.js"]; executeScript({ target, files })`).
    fn value(&self, e: &'a Expr) -> &'a Expr {
        match strip(e) {
            Expr::Ident(i) => self.init_of(i).map(strip).unwrap_or(e),
            other => other,
        }
    }

    fn object(&self, e: &'a Expr) -> Option<&'a ObjectLit> {
        match self.value(e) {
            Expr::Object(o) => Some(o),
            _ => None,
        }
    }

    fn string(&self, e: &'a Expr) -> Option<&'a str> {
        static_string(self.value(e))
    }

    /// Every string an array (or a lone string) holds.
    fn strings(&self, e: &'a Expr, out: &mut Vec<String>) {
        self.strings_depth(e, out, 0);
    }

    /// `[...COMMON, "cs.js"]` spreads a list kept in a binding: followed a few levels
    /// deep (a list that spreads itself would not end).
    fn strings_depth(&self, e: &'a Expr, out: &mut Vec<String>, depth: usize) {
        const MAX_SPREAD: usize = 4;
        match self.value(e) {
            Expr::Array(a) => {
                for x in a.elems.iter().flatten() {
                    if x.spread.is_some() {
                        if depth < MAX_SPREAD {
                            self.strings_depth(&x.expr, out, depth + 1);
                        }
                    } else if let Some(s) = self.string(&x.expr) {
                        out.push(s.to_string());
                    }
                }
            }
            other => out.extend(static_string(other).map(str::to_string)),
        }
    }

    /// The value of a property of an object literal: `key: v`, or shorthand `key`.
    fn field(&self, o: &'a ObjectLit, key: &str) -> Option<&'a Expr> {
        match object_props(o).find(|(k, _)| k == key)?.1 {
            Prop::KeyValue(kv) => Some(&kv.value),
            Prop::Shorthand(i) => self.init_of(i),
            _ => None,
        }
    }
}
