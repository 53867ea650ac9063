//! Run a native messaging host's handler with the contract applied both ways. Only frames
//! go to stdout; every log line goes to stderr. Messages are answered one at a time, in order.
use std::any::Any;
use std::fmt;
use std::io::{self, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use serde::Serialize;
use serde_json::{json, Value};

use super::codec::{write_frame, FrameError, FrameReader, TO_BROWSER_CAP, TO_HOST_CAP};
use crate::contract::{Contract, Direction, Violations};

/// Why the middleware answered with an error instead of the handler's reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorReason {
    /// The browser's message is not a frame of JSON.
    MalformedMessage,
    /// The browser's message violates the contract.
    InvalidMessage,
    /// The handler returned an error.
    HandlerError,
    /// The handler panicked.
    HandlerPanic,
    /// The handler's reply violates the contract.
    InvalidReply,
    /// The handler's reply is over the browser's 1 MiB limit.
    ReplyTooLarge,
}

/// What an error reply is built from.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorReport {
    pub reason: ErrorReason,
    /// The message's kind, when it was known.
    pub kind: Option<String>,
    /// Contract violations, or one entry describing the failure.
    pub violations: Vec<Value>,
}

impl ErrorReport {
    pub(crate) fn from_violations(reason: ErrorReason, v: &Violations) -> Self {
        let violations = v
            .violations
            .iter()
            .filter_map(|x| serde_json::to_value(x).ok())
            .collect();
        ErrorReport {
            reason,
            kind: v.kind.clone(),
            violations,
        }
    }
    pub(crate) fn message(reason: ErrorReason, kind: Option<&str>, message: String) -> Self {
        ErrorReport {
            reason,
            kind: kind.map(str::to_string),
            violations: vec![json!({"code": reason, "message": message})],
        }
    }
}

/// Builds the error reply sent to the browser.
pub type ErrorReplyFn = Arc<dyn Fn(&ErrorReport) -> Value + Send + Sync>;

/// The default error reply: `{"error": {"kind": ..., "reason": ..., "violations": [...]}}`.
pub fn default_error_reply(report: &ErrorReport) -> Value {
    json!({"error": {"kind": report.kind, "reason": report.reason, "violations": report.violations}})
}

/// A handler's failure, turned into an error reply.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// Validates traffic for one native host of a contract.
#[derive(Clone)]
pub struct Middleware {
    contract: Arc<Contract>,
    host: String,
    error_reply: ErrorReplyFn,
    to_host_cap: usize,
}

impl fmt::Debug for Middleware {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Middleware")
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

/// A middleware for a host the contract does not describe.
#[derive(Debug)]
pub struct UnknownHost(pub String);

impl fmt::Display for UnknownHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "native host `{}` is not in the contract", self.0)
    }
}
impl std::error::Error for UnknownHost {}

/// What to do with one inbound frame.
pub(crate) enum Inbound {
    /// Hand it to the handler (or forward it): valid, of this kind.
    Deliver(Value, String),
    /// Answer with an error reply (built with [`Middleware::error_frame`]) instead.
    Reject(ErrorReport),
}

impl Middleware {
    /// Validate with `contract`'s entry for `host`.
    pub fn new(contract: Arc<Contract>, host: &str) -> Result<Self, UnknownHost> {
        if contract.native_host(host).is_none() {
            return Err(UnknownHost(host.to_string()));
        }
        Ok(Middleware {
            contract,
            host: host.to_string(),
            error_reply: Arc::new(default_error_reply),
            to_host_cap: TO_HOST_CAP,
        })
    }

    /// Replace the error reply's shape.
    pub fn with_error_reply(
        mut self,
        f: impl Fn(&ErrorReport) -> Value + Send + Sync + 'static,
    ) -> Self {
        self.error_reply = Arc::new(f);
        self
    }

    /// Largest inbound frame (default 64 MiB).
    pub fn with_to_host_cap(mut self, cap: usize) -> Self {
        self.to_host_cap = cap;
        self
    }

    pub fn to_host_cap(&self) -> usize {
        self.to_host_cap
    }

    /// The host name this middleware validates for.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The error reply for `report`, as bytes that always fit the browser's limit: every
    /// error reply goes through here, so a hostile message cannot make its own rejection
    /// too large to send (violation messages quote the input).
    pub fn error_frame(&self, report: &ErrorReport) -> Vec<u8> {
        let encode = |r: &ErrorReport| serde_json::to_vec(&(self.error_reply)(r)).ok();
        if let Some(body) = encode(report).filter(|b| b.len() <= TO_BROWSER_CAP) {
            return body;
        }
        // Thousands of violations could overflow the limit: keep the first one...
        let mut short = report.clone();
        short.violations.truncate(1);
        if let Some(body) = encode(&short).filter(|b| b.len() <= TO_BROWSER_CAP) {
            return body;
        }
        // ...and when that one quotes a huge input, say only what kind of failure it was.
        short.kind = short.kind.filter(|k| k.len() <= 256);
        short.violations = vec![json!({
            "code": report.reason,
            "message": "the error's details are over the browser's 1 MiB limit",
        })];
        // (A custom `error_reply` can still be too large: then the bare reason.)
        encode(&short)
            .filter(|b| b.len() <= TO_BROWSER_CAP)
            .unwrap_or_else(|| {
                serde_json::to_vec(&json!({"error": {"reason": report.reason}}))
                    .unwrap_or_else(|_| br#"{"error":{}}"#.to_vec())
            })
    }

    /// A frame the browser sent: the message and its kind, or (already logged) the error
    /// reply to send back instead.
    pub(crate) fn accept(
        &self,
        frame: Result<&[u8], FrameError>,
    ) -> Result<(Value, String), Vec<u8>> {
        match self.inbound(frame) {
            Inbound::Deliver(message, kind) => Ok((message, kind)),
            Inbound::Reject(report) => {
                log("rejected a message from the browser");
                Err(self.error_frame(&report))
            }
        }
    }

    /// The frame answering a delivered message of `kind`, from what its handler did:
    /// its reply (checked by [`Self::outbound`]), its error, or its panic's message.
    pub(crate) fn handler_reply(
        &self,
        kind: &str,
        outcome: Result<Result<Value, HandlerError>, String>,
    ) -> Vec<u8> {
        match outcome {
            Ok(Ok(reply)) => self.outbound(Some(kind), &reply),
            Ok(Err(e)) => {
                log(&format!("handler failed on `{kind}`: {e}"));
                self.error_frame(&ErrorReport::message(
                    ErrorReason::HandlerError,
                    Some(kind),
                    e.to_string(),
                ))
            }
            Err(what) => {
                log(&format!("handler panicked on `{kind}`: {what}"));
                self.error_frame(&ErrorReport::message(
                    ErrorReason::HandlerPanic,
                    Some(kind),
                    format!("handler panicked: {what}"),
                ))
            }
        }
    }

    /// Validate a message in `direction`: its kind, or what is wrong.
    pub fn validate(&self, direction: Direction, message: &Value) -> Result<String, Violations> {
        self.contract
            .validate_native(&self.host, direction, message)
            .map(str::to_string)
    }

    /// Judge one inbound frame read from the browser.
    pub(crate) fn inbound(&self, frame: Result<&[u8], FrameError>) -> Inbound {
        let body = match frame {
            Ok(b) => b,
            Err(e) => {
                let report =
                    ErrorReport::message(ErrorReason::MalformedMessage, None, e.to_string());
                return Inbound::Reject(report);
            }
        };
        let value: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => {
                let report = ErrorReport::message(
                    ErrorReason::MalformedMessage,
                    None,
                    format!("not JSON: {e}"),
                );
                return Inbound::Reject(report);
            }
        };
        match self.validate(Direction::ToHost, &value) {
            Ok(kind) => Inbound::Deliver(value, kind),
            Err(v) => Inbound::Reject(ErrorReport::from_violations(
                ErrorReason::InvalidMessage,
                &v,
            )),
        }
    }

    /// Check a reply; on failure log why (stderr) and give the error reply to send instead.
    pub(crate) fn outbound(&self, kind: Option<&str>, reply: &Value) -> Vec<u8> {
        let report = match serde_json::to_vec(reply) {
            Ok(body) if body.len() > TO_BROWSER_CAP => ErrorReport::message(
                ErrorReason::ReplyTooLarge,
                kind,
                format!(
                    "reply of {} bytes is over the browser's limit of {TO_BROWSER_CAP} bytes",
                    body.len()
                ),
            ),
            Ok(body) => match self.validate(Direction::ToBrowser, reply) {
                Ok(_) => return body,
                Err(v) => ErrorReport::from_violations(ErrorReason::InvalidReply, &v),
            },
            Err(e) => ErrorReport::message(
                ErrorReason::InvalidReply,
                kind,
                format!("reply cannot be serialized: {e}"),
            ),
        };
        log(&format!(
            "replacing reply: {:?}: {}",
            report.reason,
            first_message(&report)
        ));
        self.error_frame(&report)
    }

    /// Serve over this process's stdin and stdout until the browser closes stdin.
    pub fn serve_stdio<H>(&self, handler: H) -> Result<(), FrameError>
    where
        H: FnMut(&str, Value) -> Result<Value, HandlerError>,
    {
        let stdin = io::stdin().lock();
        let stdout = io::stdout().lock();
        self.serve(stdin, stdout, handler)
    }

    /// Serve frames from `input`, writing replies to `output`, until `input` ends.
    /// The handler gets the message's kind and the message; each message gets exactly one
    /// reply. Returns an error only when the stream itself is broken.
    pub fn serve<R, W, H>(&self, input: R, mut output: W, mut handler: H) -> Result<(), FrameError>
    where
        R: Read,
        W: Write,
        H: FnMut(&str, Value) -> Result<Value, HandlerError>,
    {
        let mut reader = FrameReader::new(input, self.to_host_cap);
        loop {
            let Some(frame) = triage(reader.read_frame())? else {
                return Ok(());
            };
            let reply = match self.accept(frame) {
                Err(reply) => reply,
                Ok((message, kind)) => {
                    let outcome = catch_unwind(AssertUnwindSafe(|| handler(&kind, message)))
                        .map_err(|panic| panic_message(&*panic));
                    self.handler_reply(&kind, outcome)
                }
            };
            write_frame(&mut output, &reply, TO_BROWSER_CAP)?;
            output.flush()?;
        }
    }
}

/// What a host loop does with one read: `Ok(None)` at the end of input; a frame, or a
/// recoverable error (answered like a bad frame); or `Err`, the error that stops the host.
pub(crate) fn triage<T>(
    read: Result<Option<T>, FrameError>,
) -> Result<Option<Result<T, FrameError>>, FrameError> {
    match read {
        Ok(None) => Ok(None),
        Ok(Some(frame)) => Ok(Some(Ok(frame))),
        Err(e) if e.is_recoverable() => Ok(Some(Err(e))),
        Err(e) => {
            log(&format!("stopping: {e}"));
            Err(e)
        }
    }
}

fn first_message(report: &ErrorReport) -> String {
    report
        .violations
        .first()
        .and_then(|v| v.get("message"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

pub(crate) fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

/// Log to stderr: stdout belongs to the frames.
pub(crate) fn log(line: &str) {
    let _ = writeln!(io::stderr().lock(), "msglint host: {line}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::ContractOptions;

    #[test]
    fn an_error_reply_shape_too_large_to_send_falls_back_to_its_reason() {
        let contract = Contract::from_text(
            r#"{"native": {"h": {"to_host": {}, "to_browser": {}}}}"#,
            "c.json",
            None,
            &ContractOptions::default(),
        )
        .expect("contract");
        let mw = Middleware::new(Arc::new(contract), "h")
            .expect("host")
            .with_error_reply(|_| json!({"padding": "x".repeat(2 * TO_BROWSER_CAP)}));
        let report = ErrorReport::message(ErrorReason::InvalidMessage, None, "bad".into());
        assert_eq!(
            mw.error_frame(&report),
            br#"{"error":{"reason":"invalid-message"}}"#
        );
    }
}
