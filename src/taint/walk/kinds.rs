//! Message kinds named by constants: `{ type: Constants.kCOMMAND_LOAD_URI }` sent by one
//! script and `case Constants.kCOMMAND_LOAD_URI:` in a listener of another are the same
//! kind, as `"load"` and `"load"` are. A constant is followed through local bindings
//! with one definition (`const LOAD = "load"`), object literals (`MSG.LOAD`), ES module
//! imports (`import * as Constants from "/common/constants.js"`, `import { LOAD } from
//! "./kinds.js"`) to the value the exporting module binds, and the globals one classic
//! script of a context binds for the others (`constants.js` listed first).
use swc_atoms::Atom;
use swc_ecma_ast::*;

use crate::analysis::{import_target, Analysis};
use crate::semantic::{prop_key, prop_name, static_string, strip};

/// Bindings, members and imports followed for one constant: a chain longer than this
/// (or a cycle) is not a constant msglint names.
const MAX_DEPTH: usize = 8;

/// The string `e`, an expression of unit `unit`, always is.
pub(super) fn const_string(all: &Analysis<'_>, unit: usize, e: &Expr) -> Option<Atom> {
    string(all, unit, e, 0)
}

fn string<'a>(all: &Analysis<'a>, unit: usize, e: &Expr, depth: usize) -> Option<Atom> {
    if let Some(s) = static_string(e) {
        return Some(Atom::from(s));
    }
    if depth > MAX_DEPTH {
        return None;
    }
    let (u, v) = value(all, unit, e, depth + 1)?;
    string(all, u, v, depth + 1)
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
            match sem.values_of(i, 1)?.as_slice() {
                [v] => Some((unit, *v)),
                _ => None,
            }
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
