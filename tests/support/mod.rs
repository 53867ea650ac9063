//! Shared by the tests that run msglint and the hosts as processes: frames, piped runs,
//! and paths of the binaries under test.
#![allow(dead_code)]
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = (body.len() as u32).to_ne_bytes().to_vec();
    out.extend_from_slice(body);
    out
}

pub fn frame_json(v: &Value) -> Vec<u8> {
    frame(&serde_json::to_vec(v).unwrap())
}

/// Split a byte stream into frame bodies; panics on a torn frame (tests want whole frames).
pub fn unframe(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        assert!(bytes.len() >= 4, "torn header: {bytes:?}");
        let len = u32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        assert!(bytes.len() >= 4 + len, "torn body");
        out.push(bytes[4..4 + len].to_vec());
        bytes = &bytes[4 + len..];
    }
    out
}

pub fn unframe_json(bytes: &[u8]) -> Vec<Value> {
    unframe(bytes)
        .iter()
        .map(|b| serde_json::from_slice(b).unwrap())
        .collect()
}

pub fn msglint() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_msglint"))
}

/// The example host; `cargo test` builds examples next to the binaries.
pub fn example_host() -> PathBuf {
    let bin = msglint();
    let dir = bin.parent().unwrap().join("examples");
    let path = dir.join(format!("native_host{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} not built (cargo test builds examples)",
        path.display()
    );
    path
}

pub fn contract() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/contract/contract.json")
}

/// Run `cmd` with `input` on its stdin (then closed) and collect everything it prints.
/// The input is written from a thread, so a child that fills its stdout pipe before it
/// has read all its input cannot deadlock the test; a child that exits early (a usage
/// error) leaves the write with a broken pipe, which is expected.
pub fn run_piped(cmd: &mut Command, input: &[u8]) -> Output {
    run_reading(cmd, input, None)
}

/// [`run_piped`], but the child's stdout is read for `keep` bytes and then closed, as a
/// reader like `head -c` does; what it prints after that meets a broken pipe. The
/// returned output holds its stderr and exit status.
pub fn run_closing_stdout(cmd: &mut Command, input: &[u8], keep: usize) -> Output {
    run_reading(cmd, input, Some(keep))
}

fn run_reading(cmd: &mut Command, input: &[u8], keep: Option<usize>) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    if let Some(keep) = keep {
        let mut stdout = child.stdout.take().unwrap();
        let mut first = vec![0u8; keep];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}
