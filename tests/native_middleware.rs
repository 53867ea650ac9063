//! The host middleware in a real process (the example host) over real pipes.
mod support;

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use support::*;

/// Run the example host over `input` and return (frames out, exit code, stderr).
fn run_host(extra: &[&str], input: &[u8]) -> (Vec<u8>, Option<i32>, String) {
    let out = run_piped(Command::new(example_host()).args(extra), input);
    (
        out.stdout,
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sign(data: &str) -> Value {
    json!({"cmd": "sign", "data": data})
}

fn modes() -> Vec<Vec<&'static str>> {
    if cfg!(feature = "async") {
        vec![vec![], vec!["--async"]]
    } else {
        vec![vec![]]
    }
}

#[test]
fn valid_frames_come_back_byte_exact_and_in_order() {
    for mode in modes() {
        let mut input = Vec::new();
        let mut expected = Vec::new();
        for i in 0..200 {
            let data = format!("message-{i}");
            input.extend(frame_json(&sign(&data)));
            let reversed: String = data.chars().rev().collect();
            expected.extend(frame(
                format!(r#"{{"cmd":"signed","sig":"{reversed}"}}"#).as_bytes(),
            ));
        }
        let (out, code, _) = run_host(&mode, &input);
        assert_eq!(code, Some(0), "{mode:?}");
        assert_eq!(out, expected, "{mode:?}");
    }
}

#[test]
fn a_bad_frame_in_the_middle_gets_an_error_reply_and_the_rest_goes_through() {
    for mode in modes() {
        let mut input = frame_json(&sign("one"));
        input.extend(frame_json(&json!({"cmd": "sign"}))); // missing data
        input.extend(frame(b"{not json"));
        input.extend(frame_json(&sign("two")));
        let (out, code, stderr) = run_host(&mode, &input);
        assert_eq!(code, Some(0));
        let replies = unframe_json(&out);
        assert_eq!(replies.len(), 4, "{replies:?}");
        assert_eq!(replies[0], json!({"cmd": "signed", "sig": "eno"}));
        assert_eq!(
            replies[1],
            json!({"error": {"kind": "sign", "reason": "invalid-message", "violations": [{
                "code": "schema", "instance_path": "",
                "schema_path": "/native/com.example.signer/to_host/sign/required",
                "message": "\"data\" is a required property"}]}})
        );
        assert_eq!(replies[2]["error"]["reason"], "malformed-message");
        assert_eq!(replies[3], json!({"cmd": "signed", "sig": "owt"}));
        assert!(
            stderr.contains("rejected a message from the browser"),
            "{stderr}"
        );
    }
}

#[test]
fn handler_errors_panics_bad_and_huge_replies_become_error_replies() {
    for mode in modes() {
        let mut input = Vec::new();
        for data in ["fail", "panic", "bad-reply", "huge", "ok"] {
            input.extend(frame_json(&sign(data)));
        }
        let (out, code, stderr) = run_host(&mode, &input);
        assert_eq!(code, Some(0), "{mode:?}: {stderr}");
        let replies = unframe_json(&out);
        let reasons: Vec<&str> = replies
            .iter()
            .map(|r| r["error"]["reason"].as_str().unwrap_or("ok"))
            .collect();
        assert_eq!(
            reasons,
            [
                "handler-error",
                "handler-panic",
                "invalid-reply",
                "reply-too-large",
                "ok"
            ],
            "{mode:?}"
        );
        assert_eq!(
            replies[0]["error"]["violations"][0]["message"],
            "asked to fail"
        );
        assert_eq!(
            replies[1]["error"]["violations"][0]["message"],
            "handler panicked: asked to panic"
        );
        assert_eq!(replies[4], json!({"cmd": "signed", "sig": "ko"}));
        assert!(
            stderr.contains("replacing reply: ReplyTooLarge"),
            "{stderr}"
        );
    }
}

#[test]
fn an_oversized_inbound_frame_is_answered_before_its_body_arrives() {
    // Declared length over the host's 64 MiB cap, followed by a valid frame. The body is
    // not sent: the host must answer, then wait for the body it is skipping; closing
    // stdin ends that wait with an error exit.
    for mode in modes() {
        let mut input = (65u32 * 1024 * 1024).to_ne_bytes().to_vec();
        input.extend(frame_json(&sign("x")));
        let (out, code, stderr) = run_host(&mode, &input);
        let replies = unframe_json(&out);
        assert_eq!(replies.len(), 1, "{mode:?}: {stderr}");
        assert_eq!(replies[0]["error"]["reason"], "malformed-message");
        assert!(replies[0]["error"]["violations"][0]["message"]
            .as_str()
            .unwrap()
            .contains("over the limit"));
        assert_eq!(code, Some(1), "{stderr}");
    }
}

#[test]
fn text_on_stdin_stops_with_a_clear_error_and_nothing_on_stdout() {
    for mode in modes() {
        let (out, code, stderr) = run_host(&mode, b"hello host\n");
        assert!(out.is_empty());
        assert_eq!(code, Some(1));
        assert!(
            stderr.contains("text where a frame length belongs: \"hell\""),
            "{mode:?}: {stderr}"
        );
    }
}

#[test]
fn closing_stdin_ends_the_host_cleanly() {
    let mut child = Command::new(example_host())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(&frame_json(&json!({"cmd": "ping"})))
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut reply = vec![0u8; 4 + 14];
    stdout.read_exact(&mut reply).unwrap();
    assert_eq!(&reply[4..], br#"{"cmd":"pong"}"#);
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn a_rejection_quoting_a_huge_message_still_fits_and_the_host_goes_on() {
    // An unknown kind is quoted in its violation: a 2 MB kind name must not make the
    // error reply itself too large to send (which used to stop the host).
    for mode in modes() {
        let huge = "k".repeat(2 * 1024 * 1024);
        let mut input = frame_json(&json!({"cmd": huge}));
        input.extend(frame_json(&sign("after")));
        let (out, code, stderr) = run_host(&mode, &input);
        assert_eq!(code, Some(0), "{stderr}");
        let frames = unframe(&out);
        assert_eq!(frames.len(), 2, "{stderr}");
        let reply: Value = serde_json::from_slice(&frames[0]).expect("json");
        assert_eq!(reply["error"]["reason"], "invalid-message");
        assert_eq!(
            reply["error"]["violations"][0]["message"],
            "the error's details are over the browser's 1 MiB limit"
        );
        assert_eq!(
            serde_json::from_slice::<Value>(&frames[1]).expect("json"),
            json!({"cmd": "signed", "sig": "retfa"})
        );
    }
}
