//! JSON spliced into code: `executeScript({ code: `fill(${JSON.stringify(req)})` })`.
//!
//! `JSON.stringify` writes a JSON text, and every JSON text is a JavaScript expression
//! that evaluates to the data (strings quoted and escaped, U+2028 included since
//! ES2019). Spliced where an expression goes, it is data to the code it joins, never
//! code: browserpass and password managers fill forms this way. Spliced inside a
//! string literal (`'${JSON.stringify(s)}'`) a `'` in the data ends the literal, and in
//! a comment or a regular expression the text is not an expression at all: those stay
//! code injections.
use swc_ecma_ast::*;

use crate::semantic::response::is_global;
use crate::semantic::{prop_name, strip, Semantic};

/// Whether `e` is `JSON.stringify(...)` (the global `JSON`).
pub(super) fn is_json_text(e: &Expr, sem: &Semantic<'_>) -> bool {
    let Expr::Call(c) = strip(e) else {
        return false;
    };
    let Callee::Expr(callee) = &c.callee else {
        return false;
    };
    let Expr::Member(m) = strip(callee) else {
        return false;
    };
    is_global(sem, &m.obj, "JSON") && prop_name(&m.prop).is_some_and(|p| p == "stringify")
}

/// Code text being put together, part by part, to tell where the next part lands.
#[derive(Default)]
pub(super) struct Code {
    state: State,
    /// The last character outside whitespace, strings and comments.
    last: Option<char>,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Code,
    /// Inside a string or template literal opened by this quote.
    Quoted(char),
    /// Just after a `\` inside one.
    Escaped(char),
    LineComment,
    BlockComment,
    /// After `*` inside a block comment.
    BlockStar,
    /// After a `/` in code: a comment, a division or a regular expression follows.
    Slash,
}

/// Characters after which an expression starts (`fill(`, `x = `, `[a, `, `? `, ...).
/// A `/` is not among them: it may open a regular expression.
const BEFORE_EXPRESSION: &str = "(,=[:?{};!&|+-*%<>~^";

impl Code {
    /// The code text ahead of a template's `i`th `${...}`.
    pub(super) fn before_template_part(t: &Tpl, i: usize) -> Code {
        let mut code = Code::default();
        for (j, q) in t.quasis.iter().enumerate().take(i + 1) {
            code.text(q.cooked.as_ref().and_then(|c| c.as_str()).unwrap_or(&q.raw));
            if j < i {
                code.value();
            }
        }
        code
    }

    /// The code text ahead of the `i`th operand of a `+` chain: its string literals, and
    /// a value for each other operand.
    pub(super) fn before_operand(parts: &[&Expr], i: usize) -> Code {
        let mut code = Code::default();
        for p in parts.iter().take(i) {
            match strip(p) {
                Expr::Lit(Lit::Str(s)) => code.text(s.value.as_str().unwrap_or_default()),
                _ => code.value(),
            }
        }
        code
    }

    /// Add constant text.
    pub(super) fn text(&mut self, s: &str) {
        for c in s.chars() {
            self.state = match self.state {
                State::Code => self.code_char(c),
                State::Quoted(q) if c == '\\' => State::Escaped(q),
                State::Quoted(q) if c == q => {
                    self.last = Some(q);
                    State::Code
                }
                State::Quoted(q) | State::Escaped(q) => State::Quoted(q),
                State::LineComment if c == '\n' => State::Code,
                State::LineComment => State::LineComment,
                State::BlockComment | State::BlockStar if c == '*' => State::BlockStar,
                State::BlockStar if c == '/' => State::Code,
                State::BlockComment | State::BlockStar => State::BlockComment,
                State::Slash => match c {
                    '/' => State::LineComment,
                    '*' => State::BlockComment,
                    // A division or a regular expression: either way no place where a
                    // JSON text is known to be read as an expression.
                    _ => {
                        self.last = Some('/');
                        self.code_char(c)
                    }
                },
            };
        }
    }

    /// The state after `c`, read as code.
    fn code_char(&mut self, c: char) -> State {
        match c {
            '\'' | '"' | '`' => State::Quoted(c),
            '/' => State::Slash,
            c if c.is_whitespace() => State::Code,
            c => {
                self.last = Some(c);
                State::Code
            }
        }
    }

    /// Add a part that is not constant (another interpolation): an expression.
    pub(super) fn value(&mut self) {
        match self.state {
            State::Code | State::Slash => {
                self.state = State::Code;
                self.last = Some('0');
            }
            // Inside a string or comment it stays there (as far as can be known).
            _ => {}
        }
    }

    /// Whether a part added now stands where an expression goes.
    pub(super) fn at_expression(&self) -> bool {
        self.state == State::Code && self.last.is_none_or(|c| BEFORE_EXPRESSION.contains(c))
    }
}
