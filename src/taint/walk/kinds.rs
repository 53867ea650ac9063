//! Constant text, as far as the code fixes it: the text a string expression starts with
//! (`"https://api.example.com/items/" + id`: a request to one origin), and the whole of
//! it when it is all constant. Message kinds are such strings: `{ type:
//! Constants.kCOMMAND_LOAD_URI }` sent by one script and `case
//! Constants.kCOMMAND_LOAD_URI:` in a listener of another are the same kind, as `"load"`
//! and `"load"` are. Text is read through templates, concatenation (flattened, not
//! recursed into: a minified bundle's string can be tens of thousands of `+` long) and
//! names: local bindings with one definition (`const API = "https://..."`), object
//! literals (`MSG.LOAD`), ES module imports (`import * as Constants from
//! "/common/constants.js"`, `import { LOAD } from "./kinds.js"`) to the value the
//! exporting module binds, and the globals one classic script of a context binds for the
//! others (`constants.js` listed first).
use swc_atoms::Atom;
use swc_ecma_ast::*;

use crate::analysis::{import_target, Analysis};
use crate::semantic::{prop_key, prop_name, strip};

/// Names, members, imports, templates and concatenations followed for one text: a chain
/// longer than this (or a cycle) is not text msglint knows.
const MAX_DEPTH: usize = 8;

/// The string `e`, an expression of unit `unit`, always is.
pub(super) fn const_string(all: &Analysis<'_>, unit: usize, e: &Expr) -> Option<Atom> {
    let (text, complete) = lead(all, unit, e);
    complete.then(|| Atom::from(text))
}

/// The constant text `e` (of unit `unit`) starts with, and whether that is all of it.
pub(super) fn lead(all: &Analysis<'_>, unit: usize, e: &Expr) -> (String, bool) {
    let mut out = String::new();
    let complete = lead_into(all, unit, e, 0, &mut out);
    (out, complete)
}

fn lead_into(all: &Analysis<'_>, unit: usize, e: &Expr, depth: usize, out: &mut String) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match strip(e) {
        Expr::Lit(Lit::Str(s)) => match s.value.as_atom() {
            Some(a) => {
                out.push_str(a);
                true
            }
            None => false,
        },
        Expr::Tpl(t) => {
            for (i, q) in t.quasis.iter().enumerate() {
                match q.cooked.as_ref().and_then(|c| c.as_atom()) {
                    Some(a) => out.push_str(a),
                    None => return false,
                }
                if let Some(x) = t.exprs.get(i) {
                    if !lead_into(all, unit, x, depth + 1, out) {
                        return false;
                    }
                }
            }
            true
        }
        Expr::Bin(b) if b.op == BinaryOp::Add => {
            let mut right = vec![&*b.right];
            let mut l = &*b.left;
            while let Expr::Bin(inner) = strip(l) {
                if inner.op != BinaryOp::Add {
                    break;
                }
                right.push(&inner.right);
                l = &inner.left;
            }
            // `1 + 2 + "x"` adds numbers first: only a string on the far left is text.
            if !matches!(
                strip(l),
                Expr::Lit(Lit::Str(_)) | Expr::Tpl(_) | Expr::Ident(_) | Expr::Member(_)
            ) {
                return false;
            }
            std::iter::once(l)
                .chain(right.into_iter().rev())
                .all(|x| lead_into(all, unit, x, depth + 1, out))
        }
        Expr::Ident(_) | Expr::Member(_) => match value(all, unit, e, depth + 1) {
            Some((u, v)) => lead_into(all, u, v, depth + 1, out),
            None => false,
        },
        _ => false,
    }
}

/// The expression (and its unit) `e` stands for: a binding's one definition, an
/// imported module's exported value, an object literal's property.
fn value<'a>(all: &Analysis<'a>, unit: usize, e: &Expr, depth: usize) -> Option<(usize, &'a Expr)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let sem = all.units.get(unit)?.as_ref()?.sem;
    match strip(e) {
        Expr::Ident(i) if i.ctxt != sem.unresolved => {
            if let Some((decl, n)) = sem.import_of(i) {
                let (target, name) = import_target(all.project, unit, decl, n)?;
                return exported(all, target, &name?);
            }
            sem.init_of(i).map(|v| (unit, v))
        }
        Expr::Ident(i) => global_value(all, unit, &i.sym),
        Expr::Member(m) => {
            let key = prop_name(&m.prop)?;
            // `Constants.kLOAD` with `import * as Constants from ...`.
            if let Expr::Ident(ns) = strip(&m.obj) {
                if let Some((decl, n)) = sem.import_of(ns) {
                    if let (target, None) = import_target(all.project, unit, decl, n)? {
                        return exported(all, target, &key);
                    }
                }
            }
            // `MSG.LOAD` with `MSG` an object literal, here or imported.
            let (u, obj) = value(all, unit, &m.obj, depth + 1)?;
            let Expr::Object(o) = strip(obj) else {
                return None;
            };
            // The last definition of the key wins; a spread after it may replace it.
            for p in o.props.iter().rev() {
                match p {
                    PropOrSpread::Prop(p) => match &**p {
                        Prop::KeyValue(kv) if prop_key(&kv.key).as_ref() == Some(&key) => {
                            return Some((u, &*kv.value));
                        }
                        _ => {}
                    },
                    PropOrSpread::Spread(_) => return None,
                }
            }
            None
        }
        _ => None,
    }
}

/// The value a script of `unit`'s contexts binds to the global `name` at its top level
/// (classic scripts of one context share their globals), when exactly one does.
fn global_value<'a>(all: &Analysis<'a>, unit: usize, name: &Atom) -> Option<(usize, &'a Expr)> {
    let cx = all.units.get(unit)?.as_ref()?;
    let mut found: Option<(usize, &'a Expr)> = None;
    for u in all.project.context_units(cx.contexts) {
        let Some(other) = all.units.get(u).and_then(Option::as_ref) else {
            continue;
        };
        if let Some(&v) = other.sem.global_values.get(name) {
            if found.is_some_and(|(f, _)| f != u) {
                return None;
            }
            found = Some((u, v));
        }
    }
    found
}

/// The value module `unit` exports as `name`.
fn exported<'a>(all: &Analysis<'a>, unit: usize, name: &Atom) -> Option<(usize, &'a Expr)> {
    let v = *all.units.get(unit)?.as_ref()?.sem.export_values.get(name)?;
    Some((unit, v))
}
