//! The validating proxy: sits between the browser and a host in any language, checks every
//! frame both ways, answers bad browser messages itself and replaces bad host replies.
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use super::codec::{write_frame, FrameError, FrameReader, TO_BROWSER_CAP};
use super::middleware::{ErrorReason, ErrorReport, Inbound, Middleware};
use crate::contract::Direction;

/// Frames travel in one of two directions.
fn dir_name(d: Direction) -> &'static str {
    d.as_str()
}

/// Writes one JSON line per frame to the `--log` file.
#[derive(Clone)]
pub struct FrameLog(Arc<Mutex<BufWriter<File>>>);

impl FrameLog {
    pub fn create(path: &Path) -> io::Result<Self> {
        Ok(FrameLog(Arc::new(Mutex::new(BufWriter::new(
            File::create(path)?,
        )))))
    }

    fn record(
        &self,
        direction: Direction,
        kind: Option<&str>,
        bytes: usize,
        outcome: Result<(), Value>,
        action: &str,
    ) {
        let mut line = json!({
            "direction": dir_name(direction),
            "time": rfc3339_now(),
            "kind": kind,
            "bytes": bytes,
            "valid": outcome.is_ok(),
            "action": action,
        });
        if let (Err(v), Some(obj)) = (outcome, line.as_object_mut()) {
            obj.insert("violations".into(), v);
        }
        let mut w = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        // A log that cannot be written must not stop the traffic it describes.
        let _ = writeln!(w, "{line}").and_then(|()| w.flush());
    }
}

/// The host's stdin, buffered; `None` once closed.
type HostIn = Arc<Mutex<Option<BufWriter<ChildStdin>>>>;

/// The browser side: our stdout, shared by both directions (error replies go there too).
type BrowserOut = Arc<Mutex<Box<dyn Write + Send>>>;

/// Write one frame to the browser and flush it.
fn send(out: &BrowserOut, body: &[u8]) -> Result<(), FrameError> {
    send_batched(out, body)?;
    Ok(flush(out)?)
}

/// Write one frame to the browser without flushing: the caller flushes once its burst
/// of frames is written.
fn send_batched(out: &BrowserOut, body: &[u8]) -> Result<(), FrameError> {
    let mut w = out.lock().unwrap_or_else(PoisonError::into_inner);
    write_frame(&mut *w, body, TO_BROWSER_CAP)
}

fn flush(out: &BrowserOut) -> io::Result<()> {
    out.lock().unwrap_or_else(PoisonError::into_inner).flush()
}

fn say(line: &str) {
    let _ = writeln!(io::stderr().lock(), "msglint proxy: {line}");
}

/// Run `command` behind the proxy over this process's stdin and stdout; returns the
/// host's exit status (or an error when it cannot be started).
pub fn run(
    middleware: Middleware,
    command: &[String],
    log: Option<FrameLog>,
) -> io::Result<ExitStatus> {
    let Some((program, args)) = command.split_first() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no host command given after `--`",
        ));
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot start host `{program}`: {e}")))?;
    // Our own buffer (stdout's is line-oriented, wrong for binary frames); flushed per burst.
    let browser_out: BrowserOut = Arc::new(Mutex::new(Box::new(BufWriter::with_capacity(
        64 * 1024,
        io::stdout(),
    ))));
    proxy(
        middleware,
        &mut child,
        Box::new(io::stdin()),
        browser_out,
        log,
    )
}

/// The proxy loop over explicit streams (the CLI passes stdin/stdout).
pub fn proxy(
    middleware: Middleware,
    child: &mut Child,
    browser_in: Box<dyn Read + Send>,
    browser_out: BrowserOut,
    log: Option<FrameLog>,
) -> io::Result<ExitStatus> {
    let host_in: HostIn = Arc::new(Mutex::new(
        child
            .stdin
            .take()
            .map(|s| BufWriter::with_capacity(64 * 1024, s)),
    ));
    let Some(host_out) = child.stdout.take() else {
        return Err(io::Error::other("host stdout is not piped"));
    };

    // Browser -> host on its own thread; the calling thread carries host -> browser.
    let to_host = {
        let (mw, out, log, host_in) = (
            middleware.clone(),
            browser_out.clone(),
            log.clone(),
            host_in.clone(),
        );
        std::thread::spawn(move || browser_to_host(&mw, browser_in, &host_in, &out, log.as_ref()))
    };
    let _ = to_host; // detached: it may block on the browser's stdin; the process exits without it

    host_to_browser(&middleware, host_out, &browser_out, log.as_ref(), child);
    // The host closed its stdout (or broke the stream): close its stdin so it can finish.
    drop(
        host_in
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take(),
    );
    child.wait()
}

fn browser_to_host(
    mw: &Middleware,
    input: Box<dyn Read + Send>,
    host_in: &Mutex<Option<BufWriter<ChildStdin>>>,
    out: &BrowserOut,
    log: Option<&FrameLog>,
) {
    let mut reader = FrameReader::new(BufReader::with_capacity(64 * 1024, input), mw.to_host_cap());
    // Messages written to the host's stdin and not yet flushed. They are flushed before
    // any read that may wait for the browser (no whole message already buffered), so a
    // burst costs one write to the host and nothing waits on a message held back here.
    let mut unflushed = false;
    loop {
        if unflushed && !reader.frame_buffered() {
            let mut guard = host_in.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(stdin) = guard.as_mut() else { break };
            if stdin.flush().is_err() {
                say("host stopped reading its stdin");
                break;
            }
            unflushed = false;
        }
        // The body as it arrived (empty for a frame that could not be read), forwarded
        // as it is when valid.
        let (judged, body): (Inbound, &[u8]) = match reader.read_frame() {
            Ok(None) => break,
            Ok(Some(body)) => (mw.inbound(Ok(body)), body),
            Err(e) if e.is_recoverable() => (mw.inbound(Err(e)), &[]),
            Err(e) => {
                say(&format!("browser stream broken: {e}"));
                break;
            }
        };
        match judged {
            Inbound::Deliver(_, kind) => {
                if let Some(log) = log {
                    log.record(
                        Direction::ToHost,
                        Some(&kind),
                        body.len(),
                        Ok(()),
                        "forwarded",
                    );
                }
                let mut guard = host_in.lock().unwrap_or_else(PoisonError::into_inner);
                let Some(stdin) = guard.as_mut() else { break };
                if write_frame(stdin, body, mw.to_host_cap()).is_err() {
                    say("host stopped reading its stdin");
                    break;
                }
                unflushed = true;
            }
            Inbound::Reject(report) => {
                if let Some(log) = log {
                    log.record(
                        Direction::ToHost,
                        report.kind.as_deref(),
                        body.len(),
                        Err(Value::Array(report.violations.clone())),
                        "rejected",
                    );
                }
                // Flushed at once: the other direction may be waiting on the host.
                if send(out, &mw.error_frame(&report)).is_err() {
                    break;
                }
            }
        }
    }
    // The browser is gone (or broke the stream): closing the host's stdin tells it to exit.
    drop(
        host_in
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take(),
    );
}

fn host_to_browser(
    mw: &Middleware,
    host_out: impl Read,
    out: &BrowserOut,
    log: Option<&FrameLog>,
    child: &mut Child,
) {
    let mut reader = FrameReader::new(
        BufReader::with_capacity(64 * 1024, host_out),
        TO_BROWSER_CAP,
    );
    loop {
        // As in the other direction: replies are flushed before any read that may wait
        // for the host, so a burst of them costs one write to the browser. (Every turn of
        // this loop writes one reply or returns.)
        if !reader.frame_buffered() && flush(out).is_err() {
            return;
        }
        let (body, kind, outcome): (Vec<u8>, Option<String>, Result<(), Value>) = match reader
            .read_frame()
        {
            Ok(None) => return,
            Ok(Some(body)) => match serde_json::from_slice::<Value>(body) {
                Ok(value) => match mw.validate(Direction::ToBrowser, &value) {
                    Ok(kind) => {
                        if let Some(log) = log {
                            log.record(
                                Direction::ToBrowser,
                                Some(&kind),
                                body.len(),
                                Ok(()),
                                "forwarded",
                            );
                        }
                        if send_batched(out, body).is_err() {
                            return;
                        }
                        continue;
                    }
                    Err(v) => {
                        say(&format!("replacing an invalid host reply: {v}"));
                        let report = ErrorReport::from_violations(ErrorReason::InvalidReply, &v);
                        (
                            mw.error_frame(&report),
                            v.kind.clone(),
                            Err(json!(report.violations)),
                        )
                    }
                },
                Err(e) => {
                    let report = ErrorReport::message(
                        ErrorReason::InvalidReply,
                        None,
                        format!("host reply is not JSON: {e}"),
                    );
                    say(&format!("replacing a host reply that is not JSON: {e}"));
                    (mw.error_frame(&report), None, Err(json!(report.violations)))
                }
            },
            Err(e @ FrameError::TooLarge { .. }) => {
                say(&format!("replacing a host reply: {e}"));
                let report = ErrorReport::message(ErrorReason::ReplyTooLarge, None, e.to_string());
                (mw.error_frame(&report), None, Err(json!(report.violations)))
            }
            Err(e) if e.is_recoverable() => {
                say(&format!("replacing a host reply: {e}"));
                let report = ErrorReport::message(ErrorReason::InvalidReply, None, e.to_string());
                (mw.error_frame(&report), None, Err(json!(report.violations)))
            }
            Err(e) => {
                // Text on the host's stdout means nothing after it can be trusted: stop the
                // host. Otherwise the host typically died in the middle of a reply. Either
                // way the browser still gets an answer.
                let text = matches!(e, FrameError::TextInStream { .. });
                let (said, message, bytes) = if text {
                    (
                        format!("the host wrote text to its stdout: {e}"),
                        e.to_string(),
                        4,
                    )
                } else {
                    (
                        format!("host stream broken: {e}"),
                        format!("host reply cut short: {e}"),
                        0,
                    )
                };
                say(&said);
                let report = ErrorReport::message(ErrorReason::InvalidReply, None, message);
                if let Some(log) = log {
                    log.record(
                        Direction::ToBrowser,
                        None,
                        bytes,
                        Err(json!(report.violations)),
                        "stream-broken",
                    );
                }
                let _ = send(out, &mw.error_frame(&report));
                if text {
                    let _ = child.kill();
                }
                return;
            }
        };
        if let Some(log) = log {
            log.record(
                Direction::ToBrowser,
                kind.as_deref(),
                body.len(),
                outcome,
                "replaced",
            );
        }
        if send_batched(out, &body).is_err() {
            return;
        }
    }
}

/// Current UTC time as RFC 3339 with milliseconds.
fn rfc3339_now() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        now.subsec_millis()
    )
}
