//! Scope resolution for JavaScript: gives every identifier the syntax context of the
//! binding it refers to, and globals one shared "unresolved" context.
//!
//! The result is what swc's `resolver` gives (the same identifiers share a context, the
//! same ones are unresolved; `tests/resolver_matches_swc.rs` compares the two on every
//! script the repository holds), including swc's own choices where JavaScript leaves
//! room: a catch body shares the catch parameter's scope, `undefined`, `NaN` and `Infinity` stay global in a
//! script even when declared at its top level. It gets there with a fraction of the
//! work: contexts are plain numbers rather than hygiene marks (no thread-local tables),
//! each name's bindings are one stack in one map (a lookup is a single hash), and `var`s
//! are hoisted by one walk per function body instead of one per nested block.
//!
//! The corners where swc follows its own rules (a function declared in a nested block of
//! sloppy code or under an `if` or a label in a block, a `var` or function that reuses a
//! catch parameter's name inside the catch, a default-exported class with a static
//! block) and `using` declarations are left to swc: [`resolve`] reports them and the
//! caller runs swc's resolver instead. TypeScript always goes to swc (types and values
//! have separate namespaces there).
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use swc_atoms::Atom;
use swc_common::SyntaxContext;
use swc_ecma_ast::*;
use swc_ecma_visit::{VisitMut, VisitMutWith};

/// The context of identifiers that resolve to no binding.
const UNRESOLVED: u32 = 1;
/// The first context handed to a scope (the program's top level).
const FIRST_SCOPE: u32 = 2;

/// What [`resolve`] found.
pub struct Resolution {
    /// The context of unresolved identifiers, or `None` when the program needs swc's
    /// resolver (see the module docs); its contexts must then be cleared with [`clear`].
    pub unresolved: Option<SyntaxContext>,
    /// The deepest nesting of `{ }` blocks within one function (counted afresh in each
    /// function and arrow body), measured on the way rather than by a walk of its own.
    pub block_depth: usize,
}

/// Resolve `program` (a JavaScript program just parsed: every context empty).
pub fn resolve(program: &mut Program) -> Resolution {
    let mut r = Resolver {
        depth: 0,
        max_depth: 0,
        bindings: FxHashMap::default(),
        scopes: Vec::new(),
        undo: Vec::new(),
        next: FIRST_SCOPE,
        mode: Mode::Ref,
        strict: false,
        is_module: false,
        catch_params: Vec::new(),
        fallback: false,
    };
    r.push_scope();
    match program {
        Program::Module(m) => {
            r.strict = true;
            r.is_module = true;
            r.hoist_module(&mut m.body);
            m.body.visit_mut_children_with(&mut r);
        }
        Program::Script(s) => {
            r.strict = s.body.first().is_some_and(|s| s.is_use_strict());
            r.hoist_list(&mut s.body);
            s.body.visit_mut_children_with(&mut r);
        }
    }
    Resolution {
        unresolved: (!r.fallback).then(|| SyntaxContext::from_u32(UNRESOLVED)),
        block_depth: r.max_depth,
    }
}

/// Reset every identifier's context to empty, undoing a [`resolve`] that gave up.
pub fn clear(program: &mut Program) {
    struct Clear;
    impl VisitMut for Clear {
        fn visit_mut_ident(&mut self, i: &mut Ident) {
            i.ctxt = SyntaxContext::empty();
        }
    }
    program.visit_mut_with(&mut Clear);
}

/// How an identifier met by the main walk is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A reference: takes the context of the nearest binding of its name.
    Ref,
    /// A binding: declared in the current scope unless hoisting already placed it.
    Binding,
}

struct Scope {
    ctxt: SyntaxContext,
    /// Where this scope's entries start in `undo`.
    undo_from: usize,
}

struct Resolver {
    /// Each name's bindings, innermost last: (scope depth, context).
    bindings: FxHashMap<Atom, SmallVec<[(u32, SyntaxContext); 2]>>,
    scopes: Vec<Scope>,
    /// Names bound in the open scopes, in order, to unbind when their scope closes.
    undo: Vec<Atom>,
    next: u32,
    mode: Mode,
    strict: bool,
    is_module: bool,
    /// The parameter names of the catch clauses the hoisting walk is inside.
    catch_params: Vec<Atom>,
    /// Set when the program needs swc's resolver.
    fallback: bool,
    /// Block nesting in the current function, and the deepest seen.
    depth: usize,
    max_depth: usize,
}

impl Resolver {
    fn push_scope(&mut self) {
        let ctxt = SyntaxContext::from_u32(self.next);
        // Four billion scopes cannot happen in a file under 4 GiB, but never wrap.
        self.next = self.next.checked_add(1).unwrap_or_else(|| {
            self.fallback = true;
            self.next
        });
        self.scopes.push(Scope {
            ctxt,
            undo_from: self.undo.len(),
        });
    }

    /// Run `f` one `{ }` block deeper.
    fn in_block(&mut self, f: impl FnOnce(&mut Self)) {
        self.depth += 1;
        self.max_depth = self.max_depth.max(self.depth);
        f(self);
        self.depth -= 1;
    }

    /// A function or arrow: its blocks count from zero.
    fn in_function(&mut self, f: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.depth, 0);
        f(self);
        self.depth = outer;
    }

    fn pop_scope(&mut self) {
        let Some(scope) = self.scopes.pop() else {
            return;
        };
        for sym in self.undo.drain(scope.undo_from..) {
            if let Some(stack) = self.bindings.get_mut(&sym) {
                stack.pop();
            }
        }
    }

    fn depth(&self) -> u32 {
        self.scopes.len().saturating_sub(1) as u32
    }

    fn current(&self) -> SyntaxContext {
        self.scopes
            .last()
            .map_or(SyntaxContext::from_u32(UNRESOLVED), |s| s.ctxt)
    }

    /// Bind `sym` in the current scope (once: a redeclaration is the same binding).
    fn bind(&mut self, sym: &Atom) {
        let (depth, ctxt) = (self.depth(), self.current());
        let stack = self.bindings.entry(sym.clone()).or_default();
        if stack.last().map(|b| b.0) != Some(depth) {
            stack.push((depth, ctxt));
            self.undo.push(sym.clone());
        }
    }

    /// A binding identifier: placed in the current scope, unless hoisting placed it already.
    fn declare(&mut self, id: &mut Ident) {
        if id.ctxt != SyntaxContext::empty() {
            return;
        }
        id.ctxt = self.current();
        self.bind(&id.sym);
    }

    /// The context a reference to `sym` takes here.
    fn lookup(&self, sym: &Atom) -> SyntaxContext {
        match self.bindings.get(sym).and_then(|s| s.last()) {
            // A script's top-level `undefined`, `NaN` or `Infinity` cannot shadow the
            // global's non-writable value; swc keeps them global.
            Some((0, _))
                if !self.is_module && matches!(&**sym, "undefined" | "NaN" | "Infinity") =>
            {
                SyntaxContext::from_u32(UNRESOLVED)
            }
            Some((_, ctxt)) => *ctxt,
            None => SyntaxContext::from_u32(UNRESOLVED),
        }
    }

    fn with_mode(&mut self, mode: Mode, f: impl FnOnce(&mut Self)) {
        let old = std::mem::replace(&mut self.mode, mode);
        f(self);
        self.mode = old;
    }

    // ----- hoisting -------------------------------------------------------------------

    /// Hoist a function body's, a static block's or the program's statements: `var`s from
    /// any depth (not into functions or classes), and the list's own lexical
    /// declarations, functions and classes.
    fn hoist_list(&mut self, stmts: &mut [Stmt]) {
        for s in stmts {
            self.hoist_stmt(s, false);
        }
    }

    fn hoist_module(&mut self, items: &mut [ModuleItem]) {
        for item in items {
            match item {
                ModuleItem::Stmt(s) => self.hoist_stmt(s, false),
                ModuleItem::ModuleDecl(d) => match d {
                    ModuleDecl::Import(i) => {
                        for s in &mut i.specifiers {
                            match s {
                                ImportSpecifier::Named(n) => self.declare(&mut n.local),
                                ImportSpecifier::Default(d) => self.declare(&mut d.local),
                                ImportSpecifier::Namespace(n) => self.declare(&mut n.local),
                            }
                        }
                    }
                    ModuleDecl::ExportDecl(e) => self.hoist_decl(&mut e.decl, false),
                    ModuleDecl::ExportDefaultDecl(e) => match &mut e.decl {
                        DefaultDecl::Fn(f) => {
                            if let Some(id) = &mut f.ident {
                                self.declare(id);
                            }
                        }
                        DefaultDecl::Class(c) => {
                            if let Some(id) = &mut c.ident {
                                self.declare(id);
                            }
                            // swc hoists a default-exported class's static-block `var`s
                            // to the module: its rule, its resolver.
                            let static_block = c
                                .class
                                .body
                                .iter()
                                .any(|m| matches!(m, ClassMember::StaticBlock(_)));
                            if static_block {
                                self.fallback = true;
                            }
                        }
                        _ => {}
                    },
                    _ => {}
                },
            }
        }
    }

    /// One statement of the walk: `in_block` once inside a nested block or switch, where
    /// only `var`s still hoist.
    fn hoist_stmt(&mut self, s: &mut Stmt, in_block: bool) {
        match s {
            Stmt::Decl(d) => self.hoist_decl(d, in_block),
            Stmt::Block(b) => {
                for s in &mut b.stmts {
                    self.hoist_stmt(s, true);
                }
            }
            Stmt::If(i) => {
                self.hoist_stmt(&mut i.cons, in_block);
                if let Some(alt) = &mut i.alt {
                    self.hoist_stmt(alt, in_block);
                }
            }
            Stmt::For(f) => {
                // `let` and `const` heads belong to the loop's own scope.
                if let Some(VarDeclOrExpr::VarDecl(v)) = &mut f.init {
                    if v.kind == VarDeclKind::Var {
                        self.hoist_var(v, in_block);
                    }
                }
                self.hoist_stmt(&mut f.body, in_block);
            }
            Stmt::ForIn(ForInStmt { left, body, .. })
            | Stmt::ForOf(ForOfStmt { left, body, .. }) => {
                match left {
                    ForHead::VarDecl(v) if v.kind == VarDeclKind::Var => {
                        self.hoist_var(v, in_block)
                    }
                    ForHead::VarDecl(_) => {}
                    ForHead::UsingDecl(_) => self.fallback = true,
                    ForHead::Pat(_) => {}
                }
                self.hoist_stmt(body, in_block);
            }
            Stmt::While(w) => self.hoist_stmt(&mut w.body, in_block),
            Stmt::DoWhile(w) => self.hoist_stmt(&mut w.body, in_block),
            Stmt::Labeled(l) => self.hoist_stmt(&mut l.body, in_block),
            Stmt::With(w) => self.hoist_stmt(&mut w.body, in_block),
            Stmt::Try(t) => {
                for s in &mut t.block.stmts {
                    self.hoist_stmt(s, true);
                }
                if let Some(h) = &mut t.handler {
                    let mark = self.catch_params.len();
                    if let Some(p) = &mut h.param {
                        pat_idents(p, &mut |id| self.catch_params.push(id.sym.clone()));
                    }
                    for s in &mut h.body.stmts {
                        self.hoist_stmt(s, true);
                    }
                    self.catch_params.truncate(mark);
                }
                if let Some(f) = &mut t.finalizer {
                    for s in &mut f.stmts {
                        self.hoist_stmt(s, true);
                    }
                }
            }
            Stmt::Switch(s) => {
                for case in &mut s.cases {
                    for s in &mut case.cons {
                        self.hoist_stmt(s, true);
                    }
                }
            }
            _ => {}
        }
    }

    fn hoist_decl(&mut self, d: &mut Decl, in_block: bool) {
        match d {
            Decl::Var(v) => self.hoist_var(v, in_block),
            Decl::Fn(f) => {
                if self.catch_params.contains(&f.ident.sym) || (in_block && !self.strict) {
                    // swc's own rules for these (see the module docs)
                    self.fallback = true;
                } else if !in_block {
                    self.declare(&mut f.ident);
                }
                // in a nested block of strict code: that block's own scope takes it
            }
            Decl::Class(c) if !in_block => self.declare(&mut c.ident),
            Decl::Using(_) => self.fallback = true,
            _ => {}
        }
    }

    fn hoist_var(&mut self, v: &mut VarDecl, in_block: bool) {
        if in_block && v.kind != VarDeclKind::Var {
            return;
        }
        for d in &mut v.decls {
            self.hoist_pat(&mut d.name);
        }
    }

    fn hoist_pat(&mut self, p: &mut Pat) {
        pat_idents(p, &mut |id| self.hoist_ident(id));
    }

    fn hoist_ident(&mut self, id: &mut Ident) {
        if self.catch_params.contains(&id.sym) {
            self.fallback = true;
            return;
        }
        self.declare(id);
    }

    /// A nested block's (or a switch case's, or a catch body's) own declarations: the
    /// `var`s in it were hoisted by the enclosing function's walk.
    fn hoist_lexical(&mut self, stmts: &mut [Stmt]) {
        for s in stmts {
            if let Stmt::Decl(d) = s {
                self.hoist_decl(d, false);
            }
        }
    }

    // ----- scopes of the main walk ----------------------------------------------------

    /// A function body (in the parameters' scope) or a static block's statements (in its
    /// own): hoisted whole, then walked.
    fn body(&mut self, stmts: &mut Vec<Stmt>) {
        let old_strict = self.strict;
        if !self.strict {
            self.strict = stmts.first().is_some_and(|s| s.is_use_strict());
        }
        self.hoist_list(stmts);
        self.with_mode(Mode::Ref, |r| stmts.visit_mut_children_with(r));
        self.strict = old_strict;
    }

    /// Parameters (bound before any default value is read), in the current scope.
    fn params<'p>(&mut self, pats: impl Iterator<Item = &'p mut Pat>) {
        for p in pats {
            if !matches!(p, Pat::Rest(_)) {
                pat_idents(p, &mut |id| self.bind(&id.sym));
            }
        }
    }

    fn function(&mut self, f: &mut Function) {
        self.push_scope();
        self.with_mode(Mode::Ref, |r| {
            f.decorators.visit_mut_with(r);
            r.params(f.params.iter_mut().map(|p| &mut p.pat));
            r.with_mode(Mode::Binding, |r| f.params.visit_mut_with(r));
            if let Some(body) = &mut f.body {
                r.body(&mut body.stmts);
            }
        });
        self.pop_scope();
    }

    fn arrow(&mut self, e: &mut ArrowExpr) {
        self.push_scope();
        self.with_mode(Mode::Ref, |r| {
            r.params(e.params.iter_mut());
            r.with_mode(Mode::Binding, |r| e.params.visit_mut_with(r));
            match &mut *e.body {
                ArrowFunctionBody::FunctionBody(b) => r.body(&mut b.stmts),
                ArrowFunctionBody::Expr(x) => x.visit_mut_with(r),
            }
        });
        self.pop_scope();
    }

    /// `for (left in right) body` and `for (left of right) body`: the head's scope (where
    /// `let` and `const` bind), then the body's own.
    fn for_each(&mut self, left: &mut ForHead, right: &mut Expr, body: &mut Stmt) {
        self.push_scope();
        self.with_mode(Mode::Ref, |r| {
            left.visit_mut_with(r);
            right.visit_mut_with(r);
        });
        self.loop_body(body);
        self.pop_scope();
    }

    /// The body of a `for` statement: a scope of its own.
    fn loop_body(&mut self, s: &mut Stmt) {
        self.push_scope();
        self.with_mode(Mode::Ref, |r| match s {
            Stmt::Block(b) => r.in_block(|r| b.stmts.visit_mut_with(r)),
            _ => s.visit_mut_with(r),
        });
        self.pop_scope();
    }
}

/// Every binding identifier a pattern declares (not those in default values).
fn pat_idents(p: &mut Pat, f: &mut impl FnMut(&mut Ident)) {
    match p {
        Pat::Ident(b) => f(&mut b.id),
        Pat::Array(a) => {
            for e in a.elems.iter_mut().flatten() {
                pat_idents(e, f);
            }
        }
        Pat::Object(o) => {
            for prop in &mut o.props {
                match prop {
                    ObjectPatProp::KeyValue(kv) => pat_idents(&mut kv.value, f),
                    ObjectPatProp::Assign(a) => f(&mut a.key.id),
                    ObjectPatProp::Rest(r) => pat_idents(&mut r.arg, f),
                }
            }
        }
        Pat::Rest(r) => pat_idents(&mut r.arg, f),
        Pat::Assign(a) => pat_idents(&mut a.left, f),
        Pat::Expr(_) | Pat::Invalid(_) => {}
    }
}

impl VisitMut for Resolver {
    fn visit_mut_ident(&mut self, i: &mut Ident) {
        if i.ctxt != SyntaxContext::empty() {
            return;
        }
        match self.mode {
            Mode::Binding => self.declare(i),
            Mode::Ref => i.ctxt = self.lookup(&i.sym),
        }
    }

    fn visit_mut_expr(&mut self, e: &mut Expr) {
        self.with_mode(Mode::Ref, |r| e.visit_mut_children_with(r));
    }

    fn visit_mut_stmts(&mut self, stmts: &mut Vec<Stmt>) {
        self.hoist_lexical(stmts);
        stmts.visit_mut_children_with(self);
    }

    fn visit_mut_block_stmt(&mut self, b: &mut BlockStmt) {
        self.push_scope();
        self.in_block(|r| r.with_mode(Mode::Ref, |r| b.stmts.visit_mut_with(r)));
        self.pop_scope();
    }

    fn visit_mut_static_block(&mut self, b: &mut StaticBlock) {
        self.push_scope();
        self.in_block(|r| r.body(&mut b.body.stmts));
        self.pop_scope();
    }

    fn visit_mut_function(&mut self, f: &mut Function) {
        self.in_function(|r| r.function(f));
    }

    fn visit_mut_param(&mut self, p: &mut Param) {
        p.decorators.visit_mut_with(self);
        self.with_mode(Mode::Binding, |r| p.pat.visit_mut_with(r));
    }

    fn visit_mut_arrow_expr(&mut self, e: &mut ArrowExpr) {
        self.in_function(|r| r.arrow(e));
    }

    fn visit_mut_constructor(&mut self, c: &mut Constructor) {
        for p in &mut c.params {
            if let ParamOrTsParamProp::Param(p) = p {
                p.decorators.visit_mut_with(self);
            }
        }
        self.push_scope();
        self.with_mode(Mode::Ref, |r| {
            r.params(c.params.iter_mut().filter_map(|p| match p {
                ParamOrTsParamProp::Param(p) => Some(&mut p.pat),
                ParamOrTsParamProp::TsParamProp(_) => None,
            }));
            r.with_mode(Mode::Binding, |r| {
                for p in &mut c.params {
                    if let ParamOrTsParamProp::Param(p) = p {
                        p.pat.visit_mut_with(r);
                    }
                }
            });
            if let Some(body) = &mut c.body {
                r.body(&mut body.stmts);
            }
        });
        self.pop_scope();
    }

    fn visit_mut_fn_decl(&mut self, d: &mut FnDecl) {
        // The name was hoisted with the list that holds the declaration. One hoisting did
        // not reach (`{ if (x) function g() {} }`, `{ l: function g() {} }`) is placed by
        // swc's rules for statements in blocks: leave the program to swc.
        if d.ident.ctxt == SyntaxContext::empty() {
            self.fallback = true;
        }
        d.function.visit_mut_with(self);
    }

    fn visit_mut_fn_expr(&mut self, e: &mut FnExpr) {
        match &mut e.ident {
            Some(id) => {
                // The name is visible inside the function only.
                self.push_scope();
                self.declare(id);
                e.function.visit_mut_with(self);
                self.pop_scope();
            }
            None => e.function.visit_mut_with(self),
        }
    }

    fn visit_mut_class(&mut self, c: &mut Class) {
        let old_strict = std::mem::replace(&mut self.strict, true);
        self.with_mode(Mode::Ref, |r| {
            c.decorators.visit_mut_with(r);
            c.super_class.visit_mut_with(r);
            c.body.visit_mut_with(r);
        });
        self.strict = old_strict;
    }

    fn visit_mut_class_decl(&mut self, d: &mut ClassDecl) {
        self.declare(&mut d.ident);
        // Decorators run outside the class, in the surrounding code's strictness.
        self.with_mode(Mode::Ref, |r| d.class.decorators.visit_mut_with(r));
        self.push_scope();
        d.class.visit_mut_with(self);
        self.pop_scope();
    }

    fn visit_mut_class_method(&mut self, m: &mut ClassMethod) {
        // Parameter decorators are read in the class body, not in the method's scope.
        m.key.visit_mut_with(self);
        self.with_mode(Mode::Ref, |r| {
            for p in &mut m.function.params {
                p.decorators.visit_mut_with(r);
            }
        });
        m.function.visit_mut_with(self);
    }

    fn visit_mut_class_expr(&mut self, e: &mut ClassExpr) {
        // The heritage is read outside the class's own scope, where its name is bound.
        self.with_mode(Mode::Ref, |r| e.class.super_class.visit_mut_with(r));
        self.push_scope();
        if let Some(id) = &mut e.ident {
            self.declare(id);
        }
        e.class.visit_mut_with(self);
        self.pop_scope();
    }

    fn visit_mut_export_default_decl(&mut self, e: &mut ExportDefaultDecl) {
        match &mut e.decl {
            // Declarations, though parsed as expressions: the name was hoisted.
            DefaultDecl::Fn(f) => f.function.visit_mut_with(self),
            DefaultDecl::Class(c) => c.class.visit_mut_with(self),
            DefaultDecl::TsInterfaceDecl(_) => {}
        }
    }

    fn visit_mut_catch_clause(&mut self, c: &mut CatchClause) {
        // The body shares the parameter's scope.
        self.push_scope();
        self.with_mode(Mode::Binding, |r| c.param.visit_mut_with(r));
        self.in_block(|r| r.with_mode(Mode::Ref, |r| c.body.stmts.visit_mut_with(r)));
        self.pop_scope();
    }

    fn visit_mut_for_stmt(&mut self, f: &mut ForStmt) {
        self.push_scope();
        self.with_mode(Mode::Binding, |r| f.init.visit_mut_with(r));
        self.with_mode(Mode::Ref, |r| {
            f.test.visit_mut_with(r);
            f.update.visit_mut_with(r);
        });
        self.loop_body(&mut f.body);
        self.pop_scope();
    }

    fn visit_mut_for_in_stmt(&mut self, f: &mut ForInStmt) {
        self.for_each(&mut f.left, &mut f.right, &mut f.body);
    }

    fn visit_mut_for_of_stmt(&mut self, f: &mut ForOfStmt) {
        self.for_each(&mut f.left, &mut f.right, &mut f.body);
    }

    fn visit_mut_switch_stmt(&mut self, s: &mut SwitchStmt) {
        s.discriminant.visit_mut_with(self);
        self.push_scope();
        self.with_mode(Mode::Ref, |r| s.cases.visit_mut_with(r));
        self.pop_scope();
    }

    fn visit_mut_switch_case(&mut self, c: &mut SwitchCase) {
        // swc's order: a case's statements, then its test.
        c.cons.visit_mut_with(self);
        c.test.visit_mut_with(self);
    }

    fn visit_mut_var_declarator(&mut self, d: &mut VarDeclarator) {
        self.with_mode(Mode::Binding, |r| d.name.visit_mut_with(r));
        d.init.visit_mut_with(self);
    }

    fn visit_mut_import_decl(&mut self, _: &mut ImportDecl) {
        // Its bindings were hoisted; the imported names are not identifiers of this file.
    }

    fn visit_mut_named_export(&mut self, e: &mut NamedExport) {
        // `export { a as b } from "m"` names nothing of this file.
        if e.src.is_none() {
            self.with_mode(Mode::Ref, |r| e.specifiers.visit_mut_with(r));
        }
    }

    // Labels are not bindings: swc leaves their context empty.
    fn visit_mut_labeled_stmt(&mut self, s: &mut LabeledStmt) {
        s.body.visit_mut_with(self);
    }

    fn visit_mut_break_stmt(&mut self, _: &mut BreakStmt) {}

    fn visit_mut_continue_stmt(&mut self, _: &mut ContinueStmt) {}

    fn visit_mut_prop_name(&mut self, n: &mut PropName) {
        if let PropName::Computed(c) = n {
            c.visit_mut_with(self);
        }
    }

    fn visit_mut_jsx_element_name(&mut self, n: &mut JSXElementName) {
        if let JSXElementName::Ident(i) = n {
            // `<div>`: an intrinsic element, never a binding.
            if i.sym.starts_with(|c: char| c.is_ascii_lowercase()) {
                i.ctxt = SyntaxContext::from_u32(UNRESOLVED);
                return;
            }
        }
        n.visit_mut_children_with(self);
    }

    fn visit_mut_jsx_attr_name(&mut self, _: &mut JSXAttrName) {}

    fn visit_mut_private_name(&mut self, _: &mut PrivateName) {}
}
