//! A uniform handle on function-like nodes (declarations, expressions, arrows). The
//! control-flow facts rules ask of them live in `response.rs`.
use swc_ecma_ast::*;

/// A function expression, declaration or arrow, or a class's constructor.
#[derive(Debug, Clone, Copy)]
pub enum FnNode<'a> {
    Func(&'a Function),
    Arrow(&'a ArrowExpr),
    Ctor(&'a Constructor),
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
            FnNode::Ctor(_) => false,
        }
    }

    pub fn is_generator(self) -> bool {
        match self {
            FnNode::Func(f) => f.is_generator,
            FnNode::Arrow(a) => a.is_generator,
            FnNode::Ctor(_) => false,
        }
    }

    pub fn span(self) -> swc_common::Span {
        match self {
            FnNode::Func(f) => f.span,
            FnNode::Arrow(a) => a.span,
            FnNode::Ctor(c) => c.span,
        }
    }

    /// The n-th parameter's pattern.
    pub fn param(self, n: usize) -> Option<&'a Pat> {
        match self {
            FnNode::Func(f) => f.params.get(n).map(|p| &p.pat),
            FnNode::Arrow(a) => a.params.get(n),
            // A TypeScript parameter property (`constructor(private port: Port)`) is
            // also a field: not taken as a plain parameter.
            FnNode::Ctor(c) => match c.params.get(n)? {
                ParamOrTsParamProp::Param(p) => Some(&p.pat),
                ParamOrTsParamProp::TsParamProp(_) => None,
            },
        }
    }

    pub fn param_count(self) -> usize {
        match self {
            FnNode::Func(f) => f.params.len(),
            FnNode::Arrow(a) => a.params.len(),
            FnNode::Ctor(c) => c.params.len(),
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
            FnNode::Ctor(c) => c.body.as_ref().map(Body::Block),
            FnNode::Arrow(a) => Some(match &*a.body {
                ArrowFunctionBody::FunctionBody(b) => Body::Block(b),
                ArrowFunctionBody::Expr(e) => Body::Expr(e),
            }),
        }
    }
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
