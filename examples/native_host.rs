//! An example native messaging host built on msglint's middleware, for the
//! `com.example.signer` host of `examples/contract/contract.json`.
//!
//! `sign` answers `signed` with the data reversed; `ping` answers `pong`. A few `data`
//! values show the middleware at work: `panic` (the handler panics), `fail` (it returns an
//! error), `huge` (a reply over 1 MiB) and `bad-reply` (a reply the contract rejects); each
//! becomes an error reply and the host keeps serving. With `--async` (feature `async`) the
//! tokio middleware serves instead of the blocking one.
use std::process::ExitCode;
use std::sync::Arc;

use msglint::contract::Contract;
use msglint::native::{HandlerError, Middleware};
use serde_json::{json, Value};

fn handle(kind: &str, message: Value) -> Result<Value, HandlerError> {
    let data = message
        .get("data")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match (kind, data) {
        ("ping", _) => Ok(json!({"cmd": "pong"})),
        (_, "panic") => panic!("asked to panic"),
        (_, "fail") => Err("asked to fail".into()),
        (_, "huge") => Ok(json!({"cmd": "signed", "sig": "x".repeat(2 * 1024 * 1024)})),
        (_, "bad-reply") => Ok(json!({"cmd": "signed"})),
        _ => Ok(json!({"cmd": "signed", "sig": data.chars().rev().collect::<String>()})),
    }
}

fn main() -> ExitCode {
    let path = std::env::var("MSGLINT_CONTRACT").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/contract/contract.json"
        )
        .to_string()
    });
    let contract = match Contract::load(&path) {
        Ok(c) => Arc::new(c),
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            return ExitCode::from(2);
        }
    };
    let middleware = match Middleware::new(contract, "com.example.signer") {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    // Keep the default panic message on stderr, where the browser's log collects it.
    let result = if std::env::args().any(|a| a == "--async") {
        serve_async(&middleware)
    } else {
        middleware.serve_stdio(handle)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("native_host: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(feature = "async")]
fn serve_async(middleware: &Middleware) -> Result<(), msglint::native::codec::FrameError> {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(
        middleware.serve_stdio_async(|kind, message| async move { handle(&kind, message) }),
    )
}

#[cfg(not(feature = "async"))]
fn serve_async(_: &Middleware) -> Result<(), msglint::native::codec::FrameError> {
    Err(std::io::Error::other("built without the `async` feature").into())
}
