//! webpack's module registry inside a bundle. A webpack build keeps each source module as
//! a function in a table (`var e = {815: function (e, t, n) {...}}`, an array in webpack
//! 4, the second element of a chunk's `push([[ids], {...}])`), and modules reach one
//! another through the bundle's require function: `var r = n(815)`. An extension built
//! with webextension-polyfill or its own API wrapper reaches the API only that way
//! (`n.n(r)().runtime.onMessage`, `r.A.runtime`): without the registry, none of its
//! listeners is found.
//!
//! What is followed, in one bundle file: the module a literal id names, its CommonJS
//! export (`module.exports = X`), its ES exports (webpack's `n.d(exports, {A: () => x})`
//! and `n.d(exports, ["A", 0, x])`), the default-export getter (`n.n(r)`, called or read
//! as `.a`), and webextension-polyfill itself, known by the error it throws outside an
//! extension (its UMD wrapper defeats evaluation). A module of another chunk file of the
//! same context (`splitChunks`: the polyfill in `vendors.js`) is followed when its
//! CommonJS export is the API: the check builds the requiring unit's model again with
//! it (see `check::api_links`). Not followed: browserify's or other
//! bundlers' registries.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use swc_atoms::Atom;
use swc_common::SyntaxContext;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

use super::{iife_returns, prop_key, strip, FnNode};

/// The message webextension-polyfill throws when loaded outside an extension (every
/// version since 0.6): how its module is recognized in a bundle.
pub const POLYFILL_SIGNATURE: &str = "This script should only be loaded in a browser extension.";

/// Whether a thrown value is webextension-polyfill's `new Error(POLYFILL_SIGNATURE)`.
pub fn throws_polyfill_signature(e: &Expr) -> bool {
    let args = match strip(e) {
        Expr::New(n) => n.args.as_deref().unwrap_or(&[]),
        Expr::Call(c) => &c.args[..],
        _ => return false,
    };
    matches!(args, [a] if super::static_string(&a.expr) == Some(POLYFILL_SIGNATURE))
}

/// A module id: webpack's numbers (production) or paths (development).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Num(u64),
    Str(Atom),
}

/// A bundle's module table and the bindings that hold its require function.
#[derive(Debug, Default)]
pub struct Registry<'a> {
    /// Module functions by id (`815`, `"./src/api.js"`).
    pub modules: HashMap<Key, FnNode<'a>>,
    /// The bootstrap's require function, and each module function's third parameter, by
    /// scope then name (looked up for every call of a bundle: no name copied to ask).
    require: HashMap<SyntaxContext, smallvec::SmallVec<[Atom; 1]>>,
    /// The modules that are webextension-polyfill.
    pub polyfill: HashSet<Key>,
}

impl<'a> Registry<'a> {
    /// Add the modules of a table (an object literal by key, an array by index); each
    /// module function's third parameter is the require function.
    pub fn add_table(&mut self, table: &'a Expr) {
        match strip(table) {
            Expr::Object(o) => {
                self.modules.reserve(o.props.len());
                self.require.reserve(o.props.len());
                for p in &o.props {
                    let PropOrSpread::Prop(p) = p else { continue };
                    let (key, f) = match &**p {
                        Prop::KeyValue(kv) => (&kv.key, module_fn(&kv.value)),
                        Prop::Method(m) => (&m.key, Some(FnNode::Func(&m.function))),
                        _ => continue,
                    };
                    if let (Some(key), Some(f)) = (key_name(key), f) {
                        self.add(key, f);
                    }
                }
            }
            Expr::Array(a) => {
                self.modules.reserve(a.elems.len());
                self.require.reserve(a.elems.len());
                for (i, e) in a.elems.iter().enumerate() {
                    if let Some(f) = e.as_ref().and_then(|e| module_fn(&e.expr)) {
                        self.add(Key::Num(i as u64), f);
                    }
                }
            }
            _ => {}
        }
    }

    fn add(&mut self, key: Key, f: FnNode<'a>) {
        if let Some(r) = f.param_ident(2) {
            self.add_require(r);
        }
        self.modules.entry(key).or_insert(f);
    }

    /// `r` holds the require function.
    pub fn add_require(&mut self, r: &Ident) {
        let names = self.require.entry(r.ctxt).or_default();
        if !names.contains(&r.sym) {
            names.push(r.sym.clone());
        }
    }

    /// Whether `e` is a binding of the require function.
    pub fn is_require(&self, e: &Expr) -> bool {
        let Expr::Ident(i) = strip(e) else {
            return false;
        };
        self.require
            .get(&i.ctxt)
            .is_some_and(|names| names.contains(&i.sym))
    }

    /// The module `require(id)` loads, when `c` is such a call with a literal id and the
    /// module is in this bundle's table.
    pub fn required(&self, c: &CallExpr) -> Option<(&Key, FnNode<'a>)> {
        let key = self.required_key(c)?;
        self.modules.get_key_value(&key).map(|(k, f)| (k, *f))
    }

    /// The id `require(id)` names, when `c` is such a call with a literal id (the module
    /// may be another chunk's).
    pub fn required_key(&self, c: &CallExpr) -> Option<Key> {
        let Callee::Expr(callee) = &c.callee else {
            return None;
        };
        if c.args.len() != 1 || !self.is_require(callee) {
            return None;
        }
        match strip(&c.args[0].expr) {
            Expr::Lit(Lit::Num(n)) => num_key(n.value),
            Expr::Lit(Lit::Str(s)) => Some(Key::Str(s.value.as_atom()?.clone())),
            _ => None,
        }
    }

    /// `X` in `require.n(X)`, webpack's getter of a CommonJS module's default export.
    pub fn default_getter<'e>(&self, e: &'e Expr) -> Option<&'e Expr> {
        let Expr::Call(c) = strip(e) else { return None };
        let Callee::Expr(callee) = &c.callee else {
            return None;
        };
        let Expr::Member(m) = strip(callee) else {
            return None;
        };
        let is_n = matches!(&m.prop, MemberProp::Ident(p) if p.sym == "n");
        match &c.args[..] {
            [x] if is_n && x.spread.is_none() && self.is_require(&m.obj) => Some(&x.expr),
            _ => None,
        }
    }
}

/// The ids of calls of the require function that the table does not hold.
pub struct MissingModules<'r, 'a> {
    pub registry: &'r Registry<'a>,
    pub missing: HashSet<Key>,
}

impl Visit for MissingModules<'_, '_> {
    fn visit_call_expr(&mut self, c: &CallExpr) {
        if let Some(key) = self.registry.required_key(c) {
            if !self.registry.modules.contains_key(&key) {
                self.missing.insert(key);
            }
        }
        c.visit_children_with(self);
    }
}

/// The table a function is the require function of: one parameter, and a body (of a few
/// statements) that calls `table[param](module, module.exports, itself)` or
/// `table[param].call(module.exports, module, module.exports, itself)`.
pub fn require_table<'a>(f: &'a Function, name: &Ident) -> Option<&'a Ident> {
    let [p] = &f.params[..] else { return None };
    let Pat::Ident(p) = &p.pat else { return None };
    let body = f.body.as_ref()?;
    if body.stmts.len() > 12 {
        return None;
    }
    // It returns a module's `exports` (`return m.exports`, or a sequence ending so): most
    // one-parameter functions of a bundle are told apart here, before anything is copied.
    let returns_exports = |e: &Expr| {
        let last = match strip(e) {
            Expr::Seq(s) => s.exprs.last().map(|e| &**e),
            other => Some(other),
        };
        matches!(last.map(strip), Some(Expr::Member(m)) if matches!(&m.prop, MemberProp::Ident(p) if p.sym == "exports"))
    };
    let returns = body.stmts.iter().any(|s| match s {
        Stmt::Return(r) => r.arg.as_deref().is_some_and(returns_exports),
        _ => false,
    });
    if !returns {
        return None;
    }
    let mut exprs: Vec<&Expr> = Vec::new();
    for s in &body.stmts {
        match s {
            Stmt::Expr(e) => exprs.push(&e.expr),
            Stmt::Return(r) => exprs.extend(r.arg.as_deref()),
            _ => {}
        }
    }
    // A comma sequence's parts (`return e[r](i, i.exports, n), i.exports`).
    let mut i = 0;
    while i < exprs.len() {
        if let Expr::Seq(s) = strip(exprs[i]) {
            exprs.extend(s.exprs.iter().map(|e| &**e));
        }
        i += 1;
    }
    exprs.into_iter().find_map(|e| {
        let Expr::Call(c) = strip(e) else { return None };
        let Callee::Expr(callee) = &c.callee else {
            return None;
        };
        let (table_member, args) = match strip(callee) {
            Expr::Member(m) if matches!(&m.prop, MemberProp::Ident(x) if x.sym == "call") => {
                (strip(&m.obj), c.args.get(1..)?)
            }
            other => (other, &c.args[..]),
        };
        let Expr::Member(tm) = table_member else {
            return None;
        };
        let MemberProp::Computed(k) = &tm.prop else {
            return None;
        };
        let keyed_by_param = matches!(strip(&k.expr), Expr::Ident(k) if k.to_id() == p.id.to_id());
        let passes_itself = matches!(args.get(2).map(|a| strip(&a.expr)), Some(Expr::Ident(s)) if s.to_id() == name.to_id());
        match strip(&tm.obj) {
            Expr::Ident(table) if keyed_by_param && passes_itself => Some(table),
            _ => None,
        }
    })
}

/// The module table of a chunk: `X.push([[ids], {modules}, ...])`.
pub fn chunk_table(c: &CallExpr) -> Option<&Expr> {
    let Callee::Expr(callee) = &c.callee else {
        return None;
    };
    let Expr::Member(m) = strip(callee) else {
        return None;
    };
    if !matches!(&m.prop, MemberProp::Ident(p) if p.sym == "push") {
        return None;
    }
    let [arg] = &c.args[..] else { return None };
    let Expr::Array(a) = strip(&arg.expr) else {
        return None;
    };
    let ids = a.elems.first()?.as_ref()?;
    let table = a.elems.get(1)?.as_ref()?;
    (matches!(strip(&ids.expr), Expr::Array(_)) && matches!(strip(&table.expr), Expr::Object(_)))
        .then_some(&*table.expr)
}

/// What `exports.d(...)`'s second argument defines as `name`: `{name: () => x}` (or a
/// function returning `x`) and `["name", 0, x]` (a value) or `["name", () => x]`.
pub fn defined<'e>(defs: &'e Expr, name: &str) -> Option<&'e Expr> {
    match strip(defs) {
        Expr::Object(o) => o.props.iter().find_map(|p| {
            let PropOrSpread::Prop(p) = p else {
                return None;
            };
            let Prop::KeyValue(kv) = &**p else {
                return None;
            };
            (prop_key(&kv.key)? == name).then(|| getter_value(&kv.value))?
        }),
        Expr::Array(a) => {
            let elems: Vec<&Expr> = a
                .elems
                .iter()
                .map(|e| Some(&*e.as_ref()?.expr))
                .collect::<Option<_>>()?;
            let mut i = 0;
            while i < elems.len() {
                let here = super::static_string(elems[i]) == Some(name);
                let next = elems.get(i + 1)?;
                if matches!(strip(next), Expr::Lit(Lit::Num(n)) if n.value == 0.0) {
                    if here {
                        return elems.get(i + 2).copied();
                    }
                    i += 3;
                } else {
                    if here {
                        return getter_value(next);
                    }
                    i += 2;
                }
            }
            None
        }
        _ => None,
    }
}

/// What a getter returns (`() => x`, `function () { return x; }`), when it returns one
/// thing.
fn getter_value(e: &Expr) -> Option<&Expr> {
    match iife_returns(e)?.as_slice() {
        [x] => Some(*x),
        _ => None,
    }
}

/// A module function: a function or arrow taking at most three parameters.
fn module_fn(e: &Expr) -> Option<FnNode<'_>> {
    let f = match strip(e) {
        Expr::Fn(f) => FnNode::Func(&f.function),
        Expr::Arrow(a) => FnNode::Arrow(a),
        _ => return None,
    };
    (f.param_count() <= 3).then_some(f)
}

/// A module table's key as a module id.
fn key_name(k: &PropName) -> Option<Key> {
    match k {
        PropName::Num(n) => num_key(n.value),
        other => prop_key(other).map(Key::Str),
    }
}

/// A numeric module id: integral ids only.
fn num_key(v: f64) -> Option<Key> {
    (v.fract() == 0.0 && (0.0..1e15).contains(&v)).then_some(Key::Num(v as u64))
}
