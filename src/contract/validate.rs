//! Validating messages: find the kind from the discriminator, apply the limits, run the
//! kind's schema, and report every violation in terms a person can act on.
use super::kinds::Kinds;
use std::fmt;

use serde::Serialize;
use serde_json::{json, Value};

use super::limits::{explain, measure, scan_root, Exceeded, Limits};
use super::locate::escape;
use super::{Contract, Direction, NativeHost, Schema};

/// What kind of problem a [`Violation`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ViolationCode {
    /// The kind's schema rejects the message.
    Schema,
    /// The discriminator names a kind the contract does not define.
    UnknownKind,
    /// The message has no discriminator (or it is not a string).
    MissingDiscriminator,
    /// The message is larger than the size limit.
    TooLarge,
    /// The message nests deeper than the depth limit.
    TooDeep,
    /// The native host is not in the contract.
    UnknownHost,
}

/// One problem with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub code: ViolationCode,
    /// JSON pointer into the message ("" is the whole message).
    pub instance_path: String,
    /// JSON pointer into the contract of the schema keyword that failed ("" when the
    /// violation comes from msglint itself: kind, limits).
    pub schema_path: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.instance_path.is_empty() {
            "(root)"
        } else {
            &self.instance_path
        };
        write!(f, "{at}: {}", self.message)?;
        if !self.schema_path.is_empty() {
            write!(f, " [schema {}]", self.schema_path)?;
        }
        Ok(())
    }
}

/// Every problem with one message, and its kind when that was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violations {
    pub kind: Option<String>,
    pub violations: Vec<Violation>,
}

impl Violations {
    fn one(
        kind: Option<&str>,
        code: ViolationCode,
        instance_path: String,
        message: String,
    ) -> Self {
        Violations {
            kind: kind.map(str::to_string),
            violations: vec![Violation {
                code,
                instance_path,
                schema_path: String::new(),
                message,
            }],
        }
    }

    /// As JSON: `{"kind": ..., "violations": [{code, instance_path, schema_path, message}]}`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_else(|_| json!({"kind": self.kind}))
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// The outcome of validating one message: its kind, or what is wrong with it.
pub type Outcome<'c> = Result<&'c str, Violations>;

impl Contract {
    /// Validate an extension message; the kind comes from the discriminator.
    pub fn validate_request(&self, message: &Value) -> Outcome<'_> {
        let (kind, schema) = admit(
            &self.discriminator,
            &self.messages,
            &self.limits,
            message,
            "message",
            |k| &k.request,
        )?;
        run_schema(kind, schema, message)
    }

    /// Validate an extension message as kind `kind`, whatever its discriminator says.
    pub fn validate_request_as(&self, kind: &str, message: &Value) -> Outcome<'_> {
        let Some((name, def)) = self.messages.get_key_value(kind) else {
            return Err(unknown_kind(kind, self.messages.keys(), "", "message"));
        };
        check(&self.limits, name, &def.request, message)
    }

    /// Validate the response to a message of kind `kind`. A kind without a `response`
    /// schema accepts any response within the limits.
    pub fn validate_response(&self, kind: &str, response: &Value) -> Outcome<'_> {
        let Some((name, def)) = self.messages.get_key_value(kind) else {
            return Err(unknown_kind(kind, self.messages.keys(), "", "message"));
        };
        match &def.response {
            Some(schema) => check(&self.limits, name, schema, response),
            None => within_limits(&self.limits, name, response).map(|()| name),
        }
    }

    /// Validate a native message for host `host` in `direction`.
    pub fn validate_native(
        &self,
        host: &str,
        direction: Direction,
        message: &Value,
    ) -> Outcome<'_> {
        match self.native.get(host) {
            Some(h) => h.validate(direction, message),
            None => {
                let known: Vec<&str> = self.native.keys().map(String::as_str).collect();
                Err(Violations::one(
                    None,
                    ViolationCode::UnknownHost,
                    String::new(),
                    format!(
                        "native host `{host}` is not in the contract (known: {})",
                        list(&known)
                    ),
                ))
            }
        }
    }
}

impl NativeHost {
    /// Validate a message travelling in `direction`; the kind comes from the host's discriminator.
    pub fn validate(&self, direction: Direction, message: &Value) -> Outcome<'_> {
        let what = match direction {
            Direction::ToHost => "message to the host",
            Direction::ToBrowser => "message to the browser",
        };
        let (kind, schema) = admit(
            &self.discriminator,
            self.direction(direction),
            &self.limits,
            message,
            what,
            |s| s,
        )?;
        run_schema(kind, schema, message)
    }

    /// Validate a message in `direction` as kind `kind`.
    pub fn validate_as(&self, direction: Direction, kind: &str, message: &Value) -> Outcome<'_> {
        let kinds = self.direction(direction);
        let Some((name, schema)) = kinds.get_key_value(kind) else {
            return Err(unknown_kind(kind, kinds.keys(), "", direction.as_str()));
        };
        check(&self.limits, name, schema, message)
    }

    /// The limits this host's messages are held to.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}

/// Find the kind a message names and its schema, and hold the message to the limits:
/// what every message pays before its schema runs. A message within its limits whose kind
/// is found takes one pass over its top level; any other goes the general way, which
/// reports what is wrong.
#[inline]
fn admit<'c, T>(
    discriminator: &str,
    kinds: &'c Kinds<T>,
    limits: &Limits,
    message: &Value,
    what: &str,
    schema_of: impl Fn(&'c T) -> &'c Schema,
) -> Result<(&'c str, &'c Schema), Violations> {
    if let Value::Object(o) = message {
        if let (Some(Value::String(kind)), true) = scan_root(o, discriminator, limits) {
            if let Some(found) = lookup(kinds, kind, &schema_of) {
                return Ok(found);
            }
        }
    }
    // The general way, which reports. If the kind is found here, the pass above found
    // the message over a limit (or the depth limit outside what it walks): only the walk
    // that says where remains.
    let (kind, schema) = select(discriminator, kinds, message, what, &schema_of)?;
    explain(message, limits).map_err(|e| over_limit(limits, kind, e))?;
    Ok((kind, schema))
}

/// The kind named `kind` and its schema.
fn lookup<'c, T>(
    kinds: &'c Kinds<T>,
    kind: &str,
    schema_of: &impl Fn(&'c T) -> &'c Schema,
) -> Option<(&'c str, &'c Schema)> {
    kinds
        .get_key_value(kind)
        .map(|(name, def)| (name, schema_of(def)))
}

/// Find the kind a message names and its schema.
fn select<'c, T>(
    discriminator: &str,
    kinds: &'c Kinds<T>,
    message: &Value,
    what: &str,
    schema_of: &impl Fn(&'c T) -> &'c Schema,
) -> Result<(&'c str, &'c Schema), Violations> {
    let value = match message {
        Value::Object(o) => o.get(discriminator),
        _ => None,
    };
    if let Some(Value::String(kind)) = value {
        if let Some(found) = lookup(kinds, kind, schema_of) {
            return Ok(found);
        }
    }
    Err(no_kind(discriminator, kinds, message, value, what))
}

/// Why [`select`] found no kind. Out of line: the common path stays small.
#[cold]
#[inline(never)]
fn no_kind<T>(
    discriminator: &str,
    kinds: &Kinds<T>,
    message: &Value,
    value: Option<&Value>,
    what: &str,
) -> Violations {
    let path = || format!("/{}", escape(discriminator));
    match value {
        Some(Value::String(kind)) => unknown_kind(kind, kinds.keys(), &path(), what),
        Some(other) => Violations::one(
            None,
            ViolationCode::MissingDiscriminator,
            path(),
            format!("`{discriminator}` must be a string naming the {what}'s kind, found {other}"),
        ),
        None => Violations::one(
            None,
            ViolationCode::MissingDiscriminator,
            String::new(),
            match message {
                Value::Object(_) => {
                    format!("the {what} has no `{discriminator}` property, so its kind is unknown")
                }
                other => format!(
                    "the {what} must be an object with a `{discriminator}` property, found {}",
                    type_name(other)
                ),
            },
        ),
    }
}

fn unknown_kind<'a>(
    kind: &str,
    known: impl Iterator<Item = &'a str>,
    path: &str,
    what: &str,
) -> Violations {
    let known: Vec<&str> = known.collect();
    Violations::one(
        None,
        ViolationCode::UnknownKind,
        path.to_string(),
        format!(
            "unknown {what} kind `{kind}` (the contract defines: {})",
            list(&known)
        ),
    )
}

fn within_limits(limits: &Limits, kind: &str, message: &Value) -> Result<(), Violations> {
    match measure(message, limits) {
        Ok(()) => Ok(()),
        Err(exceeded) => Err(over_limit(limits, kind, exceeded)),
    }
}

/// The violation for a message over a limit. Out of line: the common path stays small.
#[cold]
#[inline(never)]
fn over_limit(limits: &Limits, kind: &str, exceeded: Exceeded) -> Violations {
    match exceeded {
        Exceeded::Size { at_least } => Violations::one(
            Some(kind),
            ViolationCode::TooLarge,
            String::new(),
            format!(
                "message is larger than the limit of {} bytes (at least {at_least} bytes)",
                limits.max_message_bytes
            ),
        ),
        Exceeded::Depth { path } => Violations::one(
            Some(kind),
            ViolationCode::TooDeep,
            path,
            format!(
                "message nests deeper than the limit of {} levels",
                limits.max_depth
            ),
        ),
    }
}

/// Limits first (they bound the schema's work), then the schema.
fn check<'c>(limits: &Limits, kind: &'c str, schema: &Schema, message: &Value) -> Outcome<'c> {
    within_limits(limits, kind, message)?;
    run_schema(kind, schema, message)
}

/// Run the kind's schema on a message already within its limits.
#[inline]
fn run_schema<'c>(kind: &'c str, schema: &Schema, message: &Value) -> Outcome<'c> {
    // The fast boolean check first: valid messages, the common case, build no errors.
    if schema.validator.is_valid(message) {
        return Ok(kind);
    }
    Err(schema_violations(kind, schema, message))
}

/// Every way `message` breaks its kind's schema. Out of line: the common path stays small.
#[cold]
#[inline(never)]
fn schema_violations(kind: &str, schema: &Schema, message: &Value) -> Violations {
    let violations: Vec<Violation> = schema
        .validator
        .iter_errors(message)
        .map(|e| Violation {
            code: ViolationCode::Schema,
            instance_path: e.instance_path().as_str().to_string(),
            schema_path: schema_path(
                schema,
                e.absolute_keyword_location().map(|u| u.as_str()),
                e.schema_path().as_str(),
            ),
            message: shorten(e.to_string(), e.instance()),
        })
        .collect();
    if violations.is_empty() {
        // is_valid and iter_errors disagree only if the engine is inconsistent; say so
        // rather than let an invalid message through.
        return Violations::one(
            Some(kind),
            ViolationCode::Schema,
            String::new(),
            "message does not match its schema".into(),
        );
    }
    Violations {
        kind: Some(kind.to_string()),
        violations,
    }
}

/// The engine's message with the failing value abbreviated: it quotes the whole value
/// (`"aaaa…" does not match "^[a-z]+$"`), and a megabyte string or a whole message that
/// fails a root keyword made a megabyte line in a report that only needs to say which
/// value and why (the instance path says where it is).
fn shorten(message: String, instance: &serde_json::Value) -> String {
    const QUOTE_AT_MOST: usize = 80;
    const MESSAGE_AT_MOST: usize = 1000;
    if message.len() <= QUOTE_AT_MOST * 2 {
        return message;
    }
    let quoted = instance.to_string();
    let message = if quoted.len() > QUOTE_AT_MOST && message.contains(&quoted) {
        let cut = floor_char_boundary(&quoted, QUOTE_AT_MOST);
        let short = format!("{}… ({} bytes)", &quoted[..cut], quoted.len());
        message.replacen(&quoted, &short, 1)
    } else {
        message
    };
    if message.len() <= MESSAGE_AT_MOST {
        return message;
    }
    let cut = floor_char_boundary(&message, MESSAGE_AT_MOST);
    format!(
        "{}… (message cut at {cut} of {} bytes)",
        &message[..cut],
        message.len()
    )
}

/// The largest char boundary of `s` at or before `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the failing keyword is: a pointer into the contract, or `file#pointer` for a
/// schema in a file beside it.
fn schema_path(schema: &Schema, absolute: Option<&str>, engine_path: &str) -> String {
    let Some(absolute) = absolute else {
        return format!(
            "{}{}",
            schema.pointer,
            engine_path.strip_prefix("/$ref").unwrap_or(engine_path)
        );
    };
    let (doc, fragment) = absolute.split_once('#').unwrap_or((absolute, ""));
    let fragment = crate::uri::percent_decode(fragment);
    if doc == &*schema.document {
        return fragment;
    }
    let dir = schema
        .document
        .rsplit_once('/')
        .map(|(d, _)| d)
        .unwrap_or("");
    let file = doc
        .strip_prefix(dir)
        .map(|f| f.trim_start_matches('/'))
        .unwrap_or(doc);
    format!("{}#{fragment}", crate::uri::percent_decode(file))
}

fn list(items: &[&str]) -> String {
    if items.is_empty() {
        "no kinds".to_string()
    } else {
        items.join(", ")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
