//! A uniform handle on function-like nodes, and the control-flow facts rules ask of them.
use swc_ecma_ast::*;

/// A function expression, declaration or arrow.
#[derive(Debug, Clone, Copy)]
pub enum FnNode<'a> {
    Func(&'a Function),
    Arrow(&'a ArrowExpr),
}

/// The body of a function: a block, or an arrow's expression.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    Block(&'a FunctionBody),
    Expr(&'a Expr),
}

impl<'a> FnNode<'a> {
    pub fn is_async(self) -> bool {
        match self {
            FnNode::Func(f) => f.is_async,
            FnNode::Arrow(a) => a.is_async,
        }
    }

    pub fn is_generator(self) -> bool {
        match self {
            FnNode::Func(f) => f.is_generator,
            FnNode::Arrow(a) => a.is_generator,
        }
    }

    pub fn span(self) -> swc_common::Span {
        match self {
            FnNode::Func(f) => f.span,
            FnNode::Arrow(a) => a.span,
        }
    }

    /// The n-th parameter's pattern.
    pub fn param(self, n: usize) -> Option<&'a Pat> {
        match self {
            FnNode::Func(f) => f.params.get(n).map(|p| &p.pat),
            FnNode::Arrow(a) => a.params.get(n),
        }
    }

    pub fn param_count(self) -> usize {
        match self {
            FnNode::Func(f) => f.params.len(),
            FnNode::Arrow(a) => a.params.len(),
        }
    }

    /// The n-th parameter's binding when it is a plain identifier (with or without default).
    pub fn param_ident(self, n: usize) -> Option<&'a Ident> {
        match self.param(n)? {
            Pat::Ident(b) => Some(&b.id),
            Pat::Assign(a) => match &*a.left {
                Pat::Ident(b) => Some(&b.id),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn body(self) -> Option<Body<'a>> {
        match self {
            FnNode::Func(f) => f.body.as_ref().map(Body::Block),
            FnNode::Arrow(a) => Some(match &*a.body {
                ArrowFunctionBody::FunctionBody(b) => Body::Block(b),
                ArrowFunctionBody::Expr(e) => Body::Expr(e),
            }),
        }
    }
}

/// A place where a function finishes without returning a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImplicitExit {
    /// Control reaches the closing brace; the span is the brace.
    FallsOffEnd(usize, usize),
    /// `return;`, `return undefined` or `return void 0`.
    EmptyReturn(usize, usize),
}

/// Every way `f` can finish without a value. Walks statements only (nested functions are
/// their own business); `throw` and infinite loops are not exits.
pub fn implicit_exits(f: FnNode<'_>) -> Vec<ImplicitExit> {
    let mut out = Vec::new();
    match f.body() {
        None => {}
        Some(Body::Expr(e)) if is_undefined(e) => {
            let (s, e) = crate::parse::range(e);
            out.push(ImplicitExit::EmptyReturn(s, e));
        }
        Some(Body::Expr(_)) => {}
        Some(Body::Block(b)) => {
            let mut w = ExitWalker {
                out: &mut out,
                depth: 0,
                gave_up: false,
            };
            let completes = w.stmts(&b.stmts);
            if w.gave_up {
                // Too deep to judge: unresolved means silent, never guessed.
                return Vec::new();
            }
            if completes {
                let end = crate::parse::offset(b.span.hi);
                out.push(ImplicitExit::FallsOffEnd(end.saturating_sub(1), end));
            }
        }
    }
    out
}

/// `undefined` (the global), `void <anything>`.
pub fn is_undefined(e: &Expr) -> bool {
    match e {
        Expr::Ident(i) => i.sym == "undefined",
        Expr::Unary(u) => u.op == UnaryOp::Void,
        Expr::Paren(p) => is_undefined(&p.expr),
        _ => false,
    }
}

struct ExitWalker<'o> {
    out: &'o mut Vec<ImplicitExit>,
    depth: usize,
    gave_up: bool,
}

/// Statement nesting beyond which the walker gives up (its jump search would turn quadratic).
const MAX_STMT_DEPTH: usize = 500;

impl ExitWalker<'_> {
    /// Returns whether control can reach the end of the list.
    fn stmts(&mut self, stmts: &[Stmt]) -> bool {
        for s in stmts {
            if !self.stmt(s) {
                return false;
            }
        }
        true
    }

    /// Returns whether control can complete normally (reach the next statement).
    /// `break` and `continue` count as completing: they leave the construct, which then
    /// completes (a conservative reading that never hides a fall-off).
    fn stmt(&mut self, s: &Stmt) -> bool {
        if self.depth > MAX_STMT_DEPTH || self.gave_up {
            self.gave_up = true;
            return true;
        }
        self.depth += 1;
        let r = self.stmt_inner(s);
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &Stmt) -> bool {
        match s {
            Stmt::Return(r) => {
                match &r.arg {
                    None => {
                        let (a, b) = crate::parse::range(&r.span);
                        self.out.push(ImplicitExit::EmptyReturn(a, b));
                    }
                    Some(e) if is_undefined(e) => {
                        let (a, b) = crate::parse::range(&r.span);
                        self.out.push(ImplicitExit::EmptyReturn(a, b));
                    }
                    Some(_) => {}
                }
                false
            }
            Stmt::Throw(_) => false,
            Stmt::Block(b) => self.stmts(&b.stmts),
            Stmt::If(i) => {
                let a = self.stmt(&i.cons);
                let b = match &i.alt {
                    Some(alt) => self.stmt(alt),
                    None => true,
                };
                a || b
            }
            Stmt::Labeled(l) => self.stmt(&l.body) || contains_break(&l.body),
            Stmt::Switch(sw) => {
                let has_default = sw.cases.iter().any(|c| c.test.is_none());
                let mut falls = true;
                let mut breaks = false;
                for c in &sw.cases {
                    falls = self.stmts(&c.cons);
                    breaks |= c.cons.iter().any(contains_break);
                }
                !has_default || falls || breaks
            }
            Stmt::Try(t) => {
                let block = self.stmts(&t.block.stmts);
                let handler = t
                    .handler
                    .as_ref()
                    .is_some_and(|h| self.stmts(&h.body.stmts));
                let normal = block || handler;
                match &t.finalizer {
                    Some(f) => self.stmts(&f.stmts) && normal,
                    None => normal,
                }
            }
            Stmt::While(w) => {
                self.stmt(&w.body);
                !is_truthy_const(&w.test) || contains_break(&w.body)
            }
            Stmt::DoWhile(w) => {
                let body = self.stmt(&w.body) || contains_continue(&w.body);
                (body && !is_truthy_const(&w.test)) || contains_break(&w.body)
            }
            Stmt::For(f) => {
                self.stmt(&f.body);
                let infinite = f.test.as_deref().is_none_or(is_truthy_const);
                !infinite || contains_break(&f.body)
            }
            Stmt::ForIn(f) => {
                self.stmt(&f.body);
                true
            }
            Stmt::ForOf(f) => {
                self.stmt(&f.body);
                true
            }
            Stmt::With(w) => self.stmt(&w.body),
            _ => true,
        }
    }
}

fn is_truthy_const(e: &Expr) -> bool {
    match e {
        Expr::Lit(Lit::Bool(b)) => b.value,
        Expr::Lit(Lit::Num(n)) => n.value != 0.0 && !n.value.is_nan(),
        Expr::Unary(u) if u.op == UnaryOp::Bang => {
            matches!(&*u.arg, Expr::Lit(Lit::Num(n)) if n.value == 0.0)
        }
        Expr::Paren(p) => is_truthy_const(&p.expr),
        _ => false,
    }
}

/// Whether `s` contains a `break` that can leave it (unlabeled breaks inside nested loops
/// and switches do not; labeled ones are counted conservatively).
fn contains_break(s: &Stmt) -> bool {
    find_jump(s, true)
}

fn contains_continue(s: &Stmt) -> bool {
    find_jump(s, false)
}

fn find_jump(s: &Stmt, brk: bool) -> bool {
    match s {
        Stmt::Break(_) => brk,
        Stmt::Continue(_) => !brk,
        Stmt::Block(b) => b.stmts.iter().any(|s| find_jump(s, brk)),
        Stmt::If(i) => {
            find_jump(&i.cons, brk) || i.alt.as_deref().is_some_and(|a| find_jump(a, brk))
        }
        Stmt::Labeled(l) => find_jump(&l.body, brk),
        Stmt::Try(t) => {
            t.block.stmts.iter().any(|s| find_jump(s, brk))
                || t.handler
                    .as_ref()
                    .is_some_and(|h| h.body.stmts.iter().any(|s| find_jump(s, brk)))
                || t.finalizer
                    .as_ref()
                    .is_some_and(|f| f.stmts.iter().any(|s| find_jump(s, brk)))
        }
        // Unlabeled jumps inside a nested loop or switch belong to it; labeled ones might not.
        Stmt::While(_)
        | Stmt::DoWhile(_)
        | Stmt::For(_)
        | Stmt::ForIn(_)
        | Stmt::ForOf(_)
        | Stmt::Switch(_) => has_labeled_jump(s, brk),
        _ => false,
    }
}

fn has_labeled_jump(s: &Stmt, brk: bool) -> bool {
    struct V {
        brk: bool,
        found: bool,
    }
    impl swc_ecma_visit::Visit for V {
        fn visit_break_stmt(&mut self, b: &BreakStmt) {
            self.found |= self.brk && b.label.is_some();
        }
        fn visit_continue_stmt(&mut self, c: &ContinueStmt) {
            self.found |= !self.brk && c.label.is_some();
        }
        fn visit_function(&mut self, _: &Function) {}
        fn visit_arrow_expr(&mut self, _: &ArrowExpr) {}
    }
    let mut v = V { brk, found: false };
    swc_ecma_visit::VisitWith::visit_with(s, &mut v);
    v.found
}
