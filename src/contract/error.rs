//! A contract that cannot be used, located in its file for miette to render.
use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use super::locate::{line_col, Span};

/// What is wrong with a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractErrorKind {
    /// The file could not be read.
    Read,
    /// The file is not JSON.
    InvalidJson,
    /// A key the contract format does not know (likely a typo).
    UnknownKey,
    /// A value of the wrong shape (e.g. `messages` not an object, a missing `request`).
    Shape,
    /// The same key twice in one object (for kinds: the same message kind twice).
    DuplicateKey,
    /// A message schema that its draft's meta-schema rejects.
    InvalidSchema,
    /// A `$ref` that resolves to nothing.
    UnresolvedRef,
    /// A `$ref` to the network: never fetched.
    RemoteRef,
    /// A `$ref` to a file outside the contract's folder.
    EscapingRef,
}

impl ContractErrorKind {
    /// Stable code shown by miette and in JSON output.
    pub fn code(self) -> &'static str {
        match self {
            ContractErrorKind::Read => "contract::read",
            ContractErrorKind::InvalidJson => "contract::invalid-json",
            ContractErrorKind::UnknownKey => "contract::unknown-key",
            ContractErrorKind::Shape => "contract::shape",
            ContractErrorKind::DuplicateKey => "contract::duplicate-key",
            ContractErrorKind::InvalidSchema => "contract::invalid-schema",
            ContractErrorKind::UnresolvedRef => "contract::unresolved-ref",
            ContractErrorKind::RemoteRef => "contract::remote-ref",
            ContractErrorKind::EscapingRef => "contract::escaping-ref",
        }
    }
}

/// A broken contract: what, where (file, line, column) and what to do. Boxed inside so
/// `Result<_, ContractError>` stays small.
#[derive(Debug)]
pub struct ContractError(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: ContractErrorKind,
    message: String,
    help: Option<String>,
    file: String,
    location: Option<(usize, usize)>,
    source: NamedSource<String>,
    labels: Vec<(Span, String)>,
}

impl ContractError {
    pub(crate) fn new(
        kind: ContractErrorKind,
        file: &str,
        text: &str,
        message: impl Into<String>,
    ) -> Self {
        ContractError(Box::new(Inner {
            kind,
            message: message.into(),
            help: None,
            file: file.to_string(),
            location: None,
            source: NamedSource::new(file, text.to_string()),
            labels: Vec::new(),
        }))
    }

    /// Add a labelled span; the first one is the primary location.
    pub(crate) fn label(mut self, span: Option<Span>, label: impl Into<String>) -> Self {
        if let Some(span) = span {
            if self.0.location.is_none() {
                self.0.location = Some(line_col(self.0.source.inner(), span.start));
            }
            self.0.labels.push((span, label.into()));
        }
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// What is wrong.
    pub fn kind(&self) -> ContractErrorKind {
        self.0.kind
    }
    /// The message, without the position.
    pub fn message(&self) -> &str {
        &self.0.message
    }
    /// What to do about it, when there is advice.
    pub fn help_text(&self) -> Option<&str> {
        self.0.help.as_deref()
    }
    /// The contract file as named by the caller.
    pub fn file(&self) -> &str {
        &self.0.file
    }
    /// 1-based line and column of the primary location, when there is one.
    pub fn location(&self) -> Option<(usize, usize)> {
        self.0.location
    }

    /// `file:line:column`, or just the file when the error has no location.
    pub fn position(&self) -> String {
        match self.0.location {
            Some((l, c)) => format!("{}:{l}:{c}", self.0.file),
            None => self.0.file.clone(),
        }
    }
}

impl fmt::Display for ContractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position(), self.0.message)
    }
}

impl std::error::Error for ContractError {}

impl Diagnostic for ContractError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.0.kind.code()))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        if self.0.labels.is_empty() {
            None
        } else {
            Some(&self.0.source)
        }
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.0.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.0.labels.iter().enumerate().map(
            |(i, (span, label))| {
                let span = miette::SourceSpan::from(*span);
                if i == 0 {
                    LabeledSpan::new_primary_with_span(Some(label.clone()), span)
                } else {
                    LabeledSpan::new_with_span(Some(label.clone()), span)
                }
            },
        )))
    }
}
