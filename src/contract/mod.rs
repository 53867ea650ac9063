//! Message contracts: one JSON file describing every message kind an extension and its
//! native hosts exchange, loaded once ([`Contract::load`]) and used to validate messages
//! ([`Contract::validate_request`] and friends) from the CLI, the host middleware and the proxy.
use std::collections::BTreeMap;

pub mod cli;
pub mod engine;
pub mod error;
pub mod kinds;
pub mod limits;
pub mod load;
pub mod locate;
pub mod retrieve;
pub mod validate;

pub use error::{ContractError, ContractErrorKind};
use kinds::Kinds;
pub use limits::{Limits, RegexEngine};
pub use load::ContractOptions;
pub use validate::{Violation, ViolationCode, Violations};

/// A loaded contract: every schema compiled, ready to validate.
#[derive(Debug)]
pub struct Contract {
    discriminator: String,
    messages: Kinds<MessageKind>,
    native: BTreeMap<String, NativeHost>,
    limits: Limits,
    uri: String,
}

/// One compiled message schema and where it sits in the contract.
#[derive(Debug)]
pub struct Schema {
    validator: jsonschema::Validator,
    /// JSON pointer of the schema inside the contract.
    pointer: String,
    /// URI of the contract document, to show keyword locations relative to it.
    document: std::sync::Arc<str>,
}

/// One kind of extension message.
#[derive(Debug)]
pub struct MessageKind {
    name: String,
    senders: Vec<Sender>,
    request: Schema,
    response: Option<Schema>,
}

/// The kinds one native host exchanges, per direction.
#[derive(Debug)]
pub struct NativeHost {
    name: String,
    discriminator: String,
    to_host: Kinds<Schema>,
    to_browser: Kinds<Schema>,
    limits: Limits,
}

/// Who may send a message kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    ContentScript,
    ExtensionPage,
    Background,
    WebPage,
    OtherExtension,
}

impl Sender {
    /// Parse the contract's spelling (`content_script`, ...).
    pub fn parse(s: &str) -> Option<Sender> {
        Some(match s {
            "content_script" => Sender::ContentScript,
            "extension_page" => Sender::ExtensionPage,
            "background" => Sender::Background,
            "web_page" => Sender::WebPage,
            "other_extension" => Sender::OtherExtension,
            _ => return None,
        })
    }
}

/// Which way a native message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Browser to host (stdin of the host).
    ToHost,
    /// Host to browser (stdout of the host).
    ToBrowser,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::ToHost => "to-host",
            Direction::ToBrowser => "to-browser",
        }
    }
}

impl Contract {
    /// The property naming a message's kind.
    pub fn discriminator(&self) -> &str {
        &self.discriminator
    }
    /// The limits validation applies.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
    /// Names of the message kinds, sorted.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.messages.keys()
    }
    /// A message kind by name.
    pub fn kind(&self, name: &str) -> Option<&MessageKind> {
        self.messages.get(name)
    }
    /// A native host by name.
    pub fn native_host(&self, name: &str) -> Option<&NativeHost> {
        self.native.get(name)
    }
    /// Names of the native hosts, sorted.
    pub fn native_hosts(&self) -> impl Iterator<Item = &str> {
        self.native.keys().map(String::as_str)
    }
    /// The `file:` URI the contract was loaded from.
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

impl MessageKind {
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Who may send it; empty means the contract does not say.
    pub fn senders(&self) -> &[Sender] {
        &self.senders
    }
    pub fn has_response(&self) -> bool {
        self.response.is_some()
    }
}

impl NativeHost {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn discriminator(&self) -> &str {
        &self.discriminator
    }
    /// Names of the kinds in one direction, sorted.
    pub fn kinds(&self, direction: Direction) -> impl Iterator<Item = &str> {
        self.direction(direction).keys()
    }
    fn direction(&self, direction: Direction) -> &Kinds<Schema> {
        match direction {
            Direction::ToHost => &self.to_host,
            Direction::ToBrowser => &self.to_browser,
        }
    }
}
