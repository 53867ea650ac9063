//! `analysis-incomplete`: where the flow analysis stopped following a file's code
//! (statements and expressions nested deeper than it walks, or a file past its work cap).
//! Without it the code past that point would be skipped silently, and a reader would take
//! the absence of findings there for a clean bill.
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{declare_rule, Analysis, UnitCx};
use crate::taint::{self, Limit, MAX_WALK_DEPTH, MAX_WALK_STEPS};

declare_rule!(
    pub struct Rule => META,
    "analysis-incomplete",
    Warning,
    "Code nested too deeply, or a file too large, for the flow analysis to follow to its end: findings there may be missing.",
    uses_taint
);

impl crate::rules::Rule for Rule {
    fn check_unit<'a>(&self, cx: &UnitCx<'a>, all: &Analysis<'a>, out: &mut Vec<Diagnostic>) {
        let Some(cut) = taint::facts(cx, all).cut else {
            return;
        };
        let (message, help) = match cut.limit {
            Limit::Depth => (
                format!("code nested more than {MAX_WALK_DEPTH} levels deep: the flow analysis does not follow it, so findings inside it may be missing"),
                "flatten the nesting (name the inner functions, or split the expression); for generated code, check the sources it was built from",
            ),
            Limit::Steps => (
                format!("the flow analysis of this file stopped here, after {MAX_WALK_STEPS} steps: findings past this point may be missing"),
                "check the sources this file was built from, or split it into smaller files",
            ),
        };
        out.push(
            Diagnostic::new(META.id, Severity::Warning, cx.loc(cut.at), message)
                .with_primary_label("not followed from here")
                .with_help(help),
        );
    }
}
