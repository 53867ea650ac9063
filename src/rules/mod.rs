//! The rule registry. One rule per file; each declares its metadata once and has a
//! page `rules/<id>.md` (embedded here, shown by `msglint explain`; its examples run
//! as tests).
use crate::diagnostic::{Diagnostic, Severity};

pub mod analysis_incomplete;
pub mod async_listener_implicit_undefined;
pub mod competing_responders;
pub mod deprecated_messaging_api;
pub mod externally_connectable_too_broad;
pub mod missing_sender_check;
pub mod non_serializable_response;
pub mod page_message_relay;
pub mod postmessage_wildcard_origin;
pub mod promise_response_unsupported;
pub mod reject_with_non_error;
pub mod sendresponse_without_return_true;
pub mod sensitive_data_to_untrusted_receiver;
pub mod truthy_not_true_return;
pub mod unsafe_message_sink;
pub mod untrusted_message_to_privileged_api;
pub mod weak_sender_check;

pub use crate::analysis::{Analysis, UnitCx};

/// Where rule pages are published; SARIF `helpUri` and JSON `help_uri` point here.
pub const DOCS_BASE: &str = "https://msglint.dev/rules/";

/// What a rule is, declared once.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line: what it flags.
    pub summary: &'static str,
    /// The rule's page, `rules/<id>.md`.
    pub docs: &'static str,
}

impl RuleMeta {
    pub fn help_uri(&self) -> String {
        format!("{DOCS_BASE}{}", self.id)
    }
}

/// What the engine asks of every rule before running it, implemented by [`declare_rule!`].
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
    /// Whether `check_unit` reads the unit's taint facts. On a large unit the rules that
    /// do and those that do not run side by side: the taint walk is the longest task of
    /// a check, and the other rules need none of it. (A wrong answer costs speed, never
    /// findings: the facts are computed once, by whichever rule asks first.)
    fn uses_taint(&self) -> bool;
}

/// A rule: metadata plus checks over one unit (run in parallel) or one extension.
pub trait Rule: Declared + Sync + Send {
    /// Findings within one unit (it may consult other units through `all`).
    fn check_unit<'a>(&self, _cx: &UnitCx<'a>, _all: &Analysis<'a>, _out: &mut Vec<Diagnostic>) {}
    /// Findings about one extension as a whole (its manifest, its contexts together).
    fn check_extension(&self, _ext: usize, _all: &Analysis<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// Declares a rule's metadata with its page embedded from `rules/<id>.md`, as a static.
/// Given `pub struct Rule => META` first, it also declares the rule's struct and its
/// [`Declared`] answers; a last `uses_taint` says its `check_unit` reads the unit's taint
/// facts. A rule file then holds only what the rule checks:
///
/// ```ignore
/// declare_rule!(pub struct Rule => META, "my-rule", Error, "One line: what it flags.", uses_taint);
/// impl crate::rules::Rule for Rule { /* check_unit, check_extension */ }
/// ```
macro_rules! declare_rule {
    (@uses_taint) => {
        false
    };
    (@uses_taint uses_taint) => {
        true
    };
    (pub struct $rule:ident => $name:ident, $id:literal, $severity:ident, $summary:literal $(, $flag:ident)?) => {
        $crate::rules::declare_rule!($name, $id, $severity, $summary);

        pub struct $rule;

        impl $crate::rules::Declared for $rule {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &$name
            }
            fn uses_taint(&self) -> bool {
                $crate::rules::declare_rule!(@uses_taint $($flag)?)
            }
        }
    };
    ($name:ident, $id:literal, $severity:ident, $summary:literal) => {
        pub static $name: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            default_severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            docs: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $id, ".md")),
        };
    };
}
pub(crate) use declare_rule;

declare_rule!(
    PARSE_ERROR,
    "parse-error",
    Error,
    "A file that cannot be read or parsed (syntax error, invalid UTF-8, binary, broken manifest)."
);
declare_rule!(
    INVALID_SUPPRESSION,
    "invalid-suppression",
    Warning,
    "A `msglint-ignore` comment without a reason or naming an unknown rule."
);
declare_rule!(
    UNUSED_SUPPRESSION,
    "unused-suppression",
    Warning,
    "A `msglint-ignore` comment that suppresses nothing."
);

/// Every rule with checks, in id order.
pub fn all() -> Vec<&'static dyn Rule> {
    let mut v: Vec<&'static dyn Rule> = vec![
        &analysis_incomplete::Rule,
        &async_listener_implicit_undefined::Rule,
        &deprecated_messaging_api::Rule,
        &externally_connectable_too_broad::Rule,
        &competing_responders::Rule,
        &non_serializable_response::Rule,
        &promise_response_unsupported::Rule,
        &reject_with_non_error::Rule,
        &sendresponse_without_return_true::Rule,
        &truthy_not_true_return::Rule,
        &missing_sender_check::Rule,
        &page_message_relay::Rule,
        &postmessage_wildcard_origin::Rule,
        &sensitive_data_to_untrusted_receiver::Rule,
        &unsafe_message_sink::Rule,
        &untrusted_message_to_privileged_api::Rule,
        &weak_sender_check::Rule,
    ];
    v.sort_by_key(|r| r.meta().id);
    v
}

/// Every rule's metadata (including the engine's own: parse errors, suppressions), by id.
/// Built once: it is looked up for every diagnostic and suppression.
pub fn all_meta() -> &'static [&'static RuleMeta] {
    static ALL: std::sync::OnceLock<Vec<&'static RuleMeta>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static RuleMeta> = all().iter().map(|r| r.meta()).collect();
        v.extend([&PARSE_ERROR, &INVALID_SUPPRESSION, &UNUSED_SUPPRESSION]);
        v.sort_by_key(|m| m.id);
        v
    })
}

/// Look a rule up by id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    all_meta().iter().copied().find(|m| m.id == id)
}
