//! `msglint validate` end to end: files, stdin, NDJSON, formats and exit codes.
mod support;

use std::process::{Command, Output};
use support::{contract, run_closing_stdout, run_piped};

use serde_json::Value;

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    run_piped(
        Command::new(env!("CARGO_BIN_EXE_msglint"))
            .arg("validate")
            .args(args),
        stdin.unwrap_or("").as_bytes(),
    )
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn valid_file_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let msg = dir.path().join("msg.json");
    std::fs::write(&msg, "{\n  \"type\": \"get-status\"\n}\n").unwrap();
    let c = contract();
    let o = run(
        &["--contract", c.to_str().unwrap(), msg.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "1 message: 1 valid, 0 invalid\n");
}

#[test]
fn invalid_stdin_exits_1_with_paths() {
    let c = contract();
    let o = run(
        &["--contract", c.to_str().unwrap(), "-"],
        Some(r#"{"type": "save-note", "title": 5, "body": ""}"#),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "<stdin>: invalid message `save-note`\n  /title: 5 is not of type \"string\" [schema /messages/save-note/request/properties/title/type]\n1 message: 0 valid, 1 invalid\n"
    );
}

#[test]
fn ndjson_with_a_bad_line_in_the_middle_reports_line_numbers_and_goes_on() {
    let c = contract();
    let input = "{\"type\":\"get-status\"}\n{\"type\":\"get-status\",\"x\":1}\n{not json\n\n{\"type\":\"save-note\",\"title\":\"t\",\"body\":\"b\"}\n{\"type\":\"nope\"}\n";
    let o = run(
        &["--contract", c.to_str().unwrap(), "--format", "json"],
        Some(input),
    );
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["valid"], 2);
    assert_eq!(doc["invalid"], 3);
    let results = doc["results"].as_array().unwrap();
    let lines: Vec<(u64, bool)> = results
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["valid"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        lines,
        [(1, true), (2, false), (3, false), (5, true), (6, false)]
    );
    assert_eq!(
        results[1]["violations"][0]["message"],
        "Additional properties are not allowed ('x' was unexpected)"
    );
    assert!(results[2]["error"]
        .as_str()
        .unwrap()
        .starts_with("not valid JSON"));
    assert_eq!(results[3]["kind"], "save-note");
    assert_eq!(results[4]["violations"][0]["code"], "unknown-kind");

    let o = run(&["--contract", c.to_str().unwrap()], Some(input));
    let text = stdout(&o);
    assert!(
        text.contains("<stdin>:2: invalid message `get-status`"),
        "{text}"
    );
    assert!(text.contains("<stdin>:3: not valid JSON"), "{text}");
    assert!(
        text.contains("<stdin>:6: invalid message\n  /type: unknown message kind `nope`"),
        "{text}"
    );
    assert!(text.ends_with("5 messages: 2 valid, 3 invalid\n"), "{text}");
}

#[test]
fn response_kind_and_native_direction_flags() {
    let c = contract();
    let c = c.to_str().unwrap();
    let o = run(
        &["--contract", c, "--kind", "get-status", "--response"],
        Some(r#"{"ok": true}"#),
    );
    assert_eq!(o.status.code(), Some(0));
    let o = run(
        &["--contract", c, "--kind", "get-status", "--response"],
        Some(r#"{"ok": 1}"#),
    );
    assert_eq!(o.status.code(), Some(1));
    let args = [
        "--contract",
        c,
        "--host",
        "com.example.signer",
        "--direction",
        "to-browser",
    ];
    assert_eq!(
        run(&args, Some(r#"{"cmd": "signed", "sig": "x"}"#))
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&args, Some(r#"{"cmd": "sign", "data": "x"}"#))
            .status
            .code(),
        Some(1)
    );
    // --host without --direction is a usage error
    let o = run(
        &["--contract", c, "--host", "com.example.signer"],
        Some("{}"),
    );
    assert_eq!(o.status.code(), Some(2));
    // an unknown host is a usage error too
    let o = run(
        &[
            "--contract",
            c,
            "--host",
            "com.nope",
            "--direction",
            "to-host",
        ],
        Some("{}"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("native host `com.nope` is not in the contract"));
}

#[test]
fn size_and_depth_flags_apply_before_parsing() {
    let c = contract();
    let big = format!(
        "{{\"type\":\"get-status\",\"pad\":\"{}\"}}",
        "x".repeat(100)
    );
    let o = run(
        &[
            "--contract",
            c.to_str().unwrap(),
            "--max-size",
            "50",
            "--format",
            "json",
        ],
        Some(&big),
    );
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["results"][0]["violations"][0]["code"], "too-large");
    let deep = format!(
        "{{\"type\":\"get-status\",\"d\":{}1{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let o = run(
        &["--contract", c.to_str().unwrap(), "--format", "json"],
        Some(&deep),
    );
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["results"][0]["violations"][0]["code"], "too-deep");
    // --max-depth lowers the contract's own limit (64): at 3 levels the message gets as
    // far as its schema (which has no `d`); at 4 the depth limit stops it first.
    let nested = |n: usize| {
        format!(
            "{{\"type\":\"get-status\",\"d\":{}1{}}}",
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    let args = [
        "--contract",
        c.to_str().unwrap(),
        "--max-depth",
        "3",
        "--format",
        "json",
    ];
    let o = run(&args, Some(&nested(2)));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["results"][0]["violations"][0]["code"], "schema");
    let o = run(&args, Some(&nested(3)));
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["results"][0]["violations"][0]["code"], "too-deep");
    assert_eq!(
        doc["results"][0]["violations"][0]["instance_path"],
        "/d/0/0"
    );
}

#[test]
fn broken_contract_exits_2_with_location() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(
        &path,
        "{\n  \"messages\": {\"a\": {\"request\": {\"$ref\": \"http://example.com/x.json\"}}}\n}",
    )
    .unwrap();
    let o = run(&["--contract", path.to_str().unwrap()], Some("{}"));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.json:2:42"), "{err}");
    assert!(err.contains("contract::remote-ref"), "{err}");
    let o = run(
        &["--contract", path.to_str().unwrap(), "--format", "json"],
        Some("{}"),
    );
    assert_eq!(o.status.code(), Some(2));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (
            doc["error"]["code"].as_str(),
            doc["error"]["line"].as_u64(),
            doc["error"]["column"].as_u64()
        ),
        (Some("contract::remote-ref"), Some(2), Some(42))
    );
}

#[test]
fn unreadable_input_exits_2() {
    let c = contract();
    let o = run(
        &[
            "--contract",
            c.to_str().unwrap(),
            "/nonexistent/messages.ndjson",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read /nonexistent/messages.ndjson"));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // 20,000 results: far more than a pipe holds, so msglint is still writing when the
    // reader goes away after 16 bytes.
    let c = contract();
    let lines = "{\"type\": \"get-status\"}\n".repeat(20_000);
    let o = run_closing_stdout(
        Command::new(env!("CARGO_BIN_EXE_msglint")).args([
            "validate",
            "--contract",
            c.to_str().unwrap(),
            "--format",
            "json",
            "-",
        ]),
        lines.as_bytes(),
        16,
    );
    // Every message is valid: exit 0, and nothing about the closed pipe.
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}

#[test]
fn declared_ndjson_is_reported_line_by_line_as_it_arrives() {
    // A live pipe (`tail -f log | msglint validate --ndjson`): the bad line's report must
    // come out while stdin is still open, before any end of input.
    use std::io::{BufRead, BufReader, Write};
    let c = contract();
    let mut child = Command::new(env!("CARGO_BIN_EXE_msglint"))
        .args([
            "validate",
            "--contract",
            c.to_str().unwrap(),
            "--ndjson",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"type\":\"get-status\"}\n{\"type\":\"nope\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Liveness, not speed: generous, and only reached if the report never comes.
    let first = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("no report while the input was still open");
    assert_eq!(first, "<stdin>:2: invalid message");
    stdin
        .write_all(b"{\"type\":\"save-note\",\"title\":\"t\",\"body\":\"b\"}\n")
        .unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let rest: Vec<String> = rx.try_iter().collect();
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        rest.last().map(String::as_str),
        Some("3 messages: 2 valid, 1 invalid")
    );
}

#[test]
fn an_oversized_line_is_measured_skipped_and_the_stream_goes_on() {
    // `.jsonl` streams too. The second line is over --max-size: reported with its exact
    // size without being held, and the lines after it are still validated.
    let c = contract();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("messages.jsonl");
    let big = format!(
        "{{\"type\":\"get-status\",\"pad\":\"{}\"}}",
        "x".repeat(200_000)
    );
    std::fs::write(
        &file,
        format!("{{\"type\":\"get-status\"}}\n{big}\n\n{{\"type\":\"nope\"}}\n{{\"type\":\"get-status\"}}"),
    )
    .unwrap();
    let o = run(
        &[
            "--contract",
            c.to_str().unwrap(),
            "--max-size",
            "64",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let name = file.to_str().unwrap();
    assert_eq!(
        stdout(&o),
        format!(
            "{name}:2: invalid message\n  (root): message is {} bytes, over the limit of 64 bytes\n{name}:4: invalid message\n  /type: unknown message kind `nope` (the contract defines: get-status, save-note)\n4 messages: 2 valid, 2 invalid\n",
            big.len()
        )
    );
}

#[test]
fn the_largest_size_limit_still_reads_every_line() {
    // `--max-size` at usize::MAX: the streamed reader's one-byte-past-the-limit bound must
    // not wrap around to nothing (which read no line and exited 0 on an invalid message).
    let c = contract();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("messages.ndjson");
    std::fs::write(&file, "{\"type\":\"get-status\"}\n{\"type\":\"nope\"}\n").unwrap();
    let max = usize::MAX.to_string();
    let o = run(
        &[
            "--contract",
            c.to_str().unwrap(),
            "--max-size",
            &max,
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).ends_with("2 messages: 1 valid, 1 invalid\n"),
        "{}",
        stdout(&o)
    );
}
