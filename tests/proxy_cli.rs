//! `msglint proxy` with real host processes: the example host and small python hosts that
//! misbehave on purpose.
mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};
use support::*;

fn have_python() -> bool {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("skipping: python3 not available");
    }
    ok
}

/// `msglint proxy` for the example contract's host, with `extra` flags, in front of
/// `command`.
fn proxy_command(extra: &[&str], command: &[&str]) -> Command {
    let c = contract();
    let mut cmd = Command::new(msglint());
    cmd.args([
        "proxy",
        "--contract",
        c.to_str().unwrap(),
        "--host",
        "com.example.signer",
    ])
    .args(extra)
    .arg("--")
    .args(command);
    cmd
}

/// Run the proxy in front of `command`, feed `input`, close stdin, collect everything.
fn proxy(extra: &[&str], command: &[&str], input: &[u8]) -> Output {
    run_piped(&mut proxy_command(extra, command), input)
}

/// A native host manifest for `name` (run by the example host) written in `dir`: its
/// path and contents.
fn write_manifest(dir: &Path, name: &str) -> (std::path::PathBuf, Value) {
    let manifest = dir.join(format!("{name}.json"));
    let original = json!({
        "name": name, "description": "test host", "path": example_host().to_str().unwrap(),
        "type": "stdio", "allowed_origins": ["chrome-extension://abcdefghijklmnopabcdefghijklmnop/"]
    });
    std::fs::write(&manifest, serde_json::to_string_pretty(&original).unwrap()).unwrap();
    (manifest, original)
}

/// `msglint proxy install` for `manifest` against `contract`.
fn install(manifest: &Path, contract: &Path) -> Output {
    Command::new(msglint())
        .args(["proxy", "install", "--manifest"])
        .arg(manifest)
        .arg("--contract")
        .arg(contract)
        .output()
        .unwrap()
}

/// A python host: `body` runs with `read()`/`write(obj)`/`write_raw(bytes)` helpers.
fn py_host(dir: &Path, name: &str, body: &str) -> String {
    let script = format!(
        "import sys, struct, json, os\n\
         inp, out = sys.stdin.buffer, sys.stdout.buffer\n\
         def read():\n    h = inp.read(4)\n    if len(h) < 4: return None\n    n = struct.unpack('=I', h)[0]\n    return json.loads(inp.read(n))\n\
         def write_raw(b):\n    out.write(struct.pack('=I', len(b)) + b); out.flush()\n\
         def write(o): write_raw(json.dumps(o, separators=(',', ':')).encode())\n\
         {body}\n"
    );
    let path = dir.join(name);
    std::fs::write(&path, script).unwrap();
    path.to_string_lossy().into_owned()
}

/// The proxy in front of a python host running `body` (with `host_args` after the
/// script), fed `input`; `None` (the test skips) without python3.
fn proxy_py(body: &str, host_args: &[&str], input: &[u8]) -> Option<Output> {
    if !have_python() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let host = py_host(dir.path(), "host.py", body);
    let mut command = vec!["python3", host.as_str()];
    command.extend(host_args);
    Some(proxy(&[], &command, input))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn valid_frames_pass_byte_exact_in_order_and_a_bad_one_gets_its_error_reply() {
    let host = example_host();
    let mut input = Vec::new();
    let mut expected_valid = Vec::new();
    for i in 0..100 {
        if i == 50 {
            input.extend(frame_json(&json!({"cmd": "sign", "data": 5}))); // wrong type
        }
        let data = format!("m{i}");
        input.extend(frame_json(&json!({"cmd": "sign", "data": data})));
        let rev: String = data.chars().rev().collect();
        expected_valid.push(format!(r#"{{"cmd":"signed","sig":"{rev}"}}"#).into_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("frames.ndjson");
    let out = proxy(
        &["--log", log.to_str().unwrap()],
        &[host.to_str().unwrap()],
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let frames = unframe(&out.stdout);
    let (errors, valid): (Vec<_>, Vec<_>) = frames
        .into_iter()
        .partition(|f| f.starts_with(b"{\"error\""));
    assert_eq!(
        valid, expected_valid,
        "valid replies byte-exact and in order"
    );
    assert_eq!(errors.len(), 1);
    let error: Value = serde_json::from_slice(&errors[0]).unwrap();
    assert_eq!(error["error"]["reason"], "invalid-message");
    assert_eq!(error["error"]["violations"][0]["instance_path"], "/data");

    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 201);
    let rejected: Vec<&Value> = lines.iter().filter(|l| l["valid"] == false).collect();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["direction"], "to-host");
    assert_eq!(rejected[0]["action"], "rejected");
    assert_eq!(rejected[0]["kind"], "sign");
    assert_eq!(
        rejected[0]["violations"][0]["message"],
        "5 is not of type \"string\""
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l["direction"] == "to-browser" && l["kind"] == "signed")
            .count(),
        100
    );
    assert!(lines.iter().all(|l| l["time"]
        .as_str()
        .is_some_and(|t| t.len() == 24 && t.ends_with('Z'))));
}

#[test]
fn browser_arguments_reach_the_host_and_its_exit_status_comes_back() {
    let Some(out) = proxy_py(
        "sys.stderr.write('host args: ' + ' '.join(sys.argv[1:]) + '\\n')\n\
         while True:\n    m = read()\n    if m is None: break\n    write({'cmd': 'pong'})\n\
         sys.exit(7)",
        &["chrome-extension://abcdefghijklmnopabcdefghijklmnop/"],
        &frame_json(&json!({"cmd": "ping"})),
    ) else {
        return;
    };
    assert_eq!(unframe_json(&out.stdout), [json!({"cmd": "pong"})]);
    // the host saw EOF when the browser closed stdin, exited 7, and the proxy waited for it
    assert_eq!(out.status.code(), Some(7));
    assert!(
        stderr(&out).contains("host args: chrome-extension://abcdefghijklmnopabcdefghijklmnop/"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_host_crashing_mid_reply_is_reported_and_its_status_returned() {
    let mut input = frame_json(&json!({"cmd": "ping"}));
    input.extend(frame_json(&json!({"cmd": "ping"})));
    let Some(out) = proxy_py(
        "read()\nwrite({'cmd': 'pong'})\nread()\nout.write(struct.pack('=I', 100) + b'{\"cmd\":'); out.flush()\nos._exit(3)",
        &[],
        &input,
    ) else {
        return;
    };
    let replies = unframe_json(&out.stdout);
    assert_eq!(replies.len(), 2, "{replies:?}");
    assert_eq!(replies[0], json!({"cmd": "pong"}));
    assert_eq!(replies[1]["error"]["reason"], "invalid-reply");
    assert!(replies[1]["error"]["violations"][0]["message"]
        .as_str()
        .unwrap()
        .contains("stream ended inside a frame (7 of 100 bytes)"));
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn a_host_printing_to_stdout_is_named_and_stopped() {
    let Some(out) = proxy_py(
        "read()\nprint('/home/user/debug.log opened')\nsys.stdout.flush()\nimport time\ntime.sleep(30)",
        &[],
        &frame_json(&json!({"cmd": "ping"})),
    ) else {
        return;
    };
    let err = stderr(&out);
    assert!(err.contains("the host wrote text to its stdout"), "{err}");
    assert!(err.contains("\"/hom\""), "{err}");
    let replies = unframe_json(&out.stdout);
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["error"]["reason"], "invalid-reply");
    // the proxy killed the host rather than wait 30 s: SIGKILL shows as 128 + 9
    assert_eq!(out.status.code(), Some(137));
}

#[test]
fn a_reply_over_1_mib_is_replaced_and_later_replies_still_pass() {
    let Some(out) = proxy_py(
        "read()\nwrite({'cmd': 'signed', 'sig': 'x' * (2 * 1024 * 1024)})\nwrite({'cmd': 'pong'})\nread()",
        &[],
        &frame_json(&json!({"cmd": "ping"})),
    ) else {
        return;
    };
    let replies = unframe_json(&out.stdout);
    assert_eq!(replies.len(), 2, "{}", stderr(&out));
    assert_eq!(replies[0]["error"]["reason"], "reply-too-large");
    assert_eq!(replies[1], json!({"cmd": "pong"}));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_contract_violating_host_reply_is_replaced() {
    let Some(out) = proxy_py(
        "read()\nwrite({'cmd': 'signed', 'sig': 42})",
        &[],
        &frame_json(&json!({"cmd": "sign", "data": "d"})),
    ) else {
        return;
    };
    let replies = unframe_json(&out.stdout);
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["error"]["reason"], "invalid-reply");
    assert_eq!(
        replies[0]["error"]["violations"][0]["schema_path"],
        "/native/com.example.signer/to_browser/signed/properties/sig/type"
    );
}

#[test]
fn closing_stdin_with_nothing_sent_exits_cleanly() {
    let host = example_host();
    let out = proxy(&[], &[host.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_host_command_or_broken_contract_exits_2() {
    let out = proxy(&[], &["/nonexistent/host"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot start host `/nonexistent/host`"),
        "{}",
        stderr(&out)
    );
    let out = Command::new(msglint())
        .args(["proxy", "--contract", "/nonexistent.json", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn install_writes_a_launcher_points_the_manifest_at_it_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (manifest, original) = write_manifest(dir.path(), "com.example.signer");
    let c = contract();
    let out = install(&manifest, &c);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let backup: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("com.example.signer.json.bak")).unwrap(),
    )
    .unwrap();
    assert_eq!(backup, original);
    let updated: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let launcher = updated["path"].as_str().unwrap().to_string();
    assert_eq!(
        Path::new(&launcher),
        dir.path()
            .canonicalize()
            .unwrap()
            .join("com.example.signer.msglint-proxy.sh")
    );
    assert_eq!(updated["allowed_origins"], original["allowed_origins"]);

    // the launcher works: the browser starts it with its arguments and talks frames
    let mut input = frame_json(&json!({"cmd": "sign", "data": "ab"}));
    input.extend(frame_json(&json!({"cmd": "bogus"})));
    let out = run_piped(
        Command::new(&launcher).arg("chrome-extension://abcdefghijklmnopabcdefghijklmnop/"),
        &input,
    );
    // the proxy answers the bad message itself, so it may overtake the host's reply
    let mut replies = unframe_json(&out.stdout);
    replies.sort_by_key(|r| r.get("error").is_some());
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[0], json!({"cmd": "signed", "sig": "ba"}));
    assert_eq!(replies[1]["error"]["reason"], "invalid-message");

    // a second install is refused: the manifest already points at the launcher
    let again = install(&manifest, &c);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already installed"),
        "{}",
        stderr(&again)
    );

    // with the original manifest back but the backup still there, install refuses
    // rather than overwrite the backup
    std::fs::write(&manifest, serde_json::to_string_pretty(&original).unwrap()).unwrap();
    let backup_path = dir.path().join("com.example.signer.json.bak");
    std::fs::write(&backup_path, "keep me").unwrap();
    let again = install(&manifest, &c);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains(".bak exists"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&backup_path).unwrap(), "keep me");
}

#[test]
fn install_refuses_a_host_the_contract_does_not_describe() {
    let dir = tempfile::tempdir().unwrap();
    let (manifest, _) = write_manifest(dir.path(), "com.example.other");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let out = install(&manifest, &contract());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("has no native host `com.example.other` (it describes: com.example.signer)"),
        "{}",
        stderr(&out)
    );
    // nothing was changed
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), text);
    assert!(!dir.path().join("com.example.other.json.bak").exists());
}

#[test]
fn a_rejection_quoting_a_huge_message_still_fits_and_the_proxy_goes_on() {
    // The proxy answers an unknown 2 MB kind itself; its error reply must fit the browser's
    // 1 MiB limit (the violation quotes the kind) and the next message still goes through.
    let host = example_host();
    let mut input = frame_json(&json!({"cmd": "k".repeat(2 * 1024 * 1024)}));
    input.extend(frame_json(&json!({"cmd": "sign", "data": "after"})));
    let out = proxy(&[], &[host.to_str().unwrap()], &input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let frames = unframe(&out.stdout);
    assert_eq!(frames.len(), 2, "{}", stderr(&out));
    assert!(frames[0].len() <= 1024 * 1024);
    let reply: Value = serde_json::from_slice(&frames[0]).unwrap();
    assert_eq!(reply["error"]["reason"], "invalid-message");
    assert_eq!(
        serde_json::from_slice::<Value>(&frames[1]).unwrap(),
        json!({"cmd": "signed", "sig": "retfa"})
    );
}

/// Every frame `stream` carries, on a channel, read by a thread of its own.
fn frames_of(
    mut stream: impl std::io::Read + Send + 'static,
) -> (
    std::sync::mpsc::Receiver<Vec<u8>>,
    std::thread::JoinHandle<()>,
) {
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || loop {
        let mut header = [0u8; 4];
        if stream.read_exact(&mut header).is_err() {
            return;
        }
        let mut body = vec![0u8; u32::from_ne_bytes(header) as usize];
        if stream.read_exact(&mut body).is_err() || tx.send(body).is_err() {
            return;
        }
    });
    (rx, reader)
}

/// The next frame from `frames` as JSON; waiting 10 s for one fails the test.
fn next_frame(frames: &std::sync::mpsc::Receiver<Vec<u8>>) -> Value {
    let body = frames
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("a reply within 10 s");
    serde_json::from_slice(&body).unwrap()
}

/// Two replies, in either order: the host's `pong` and the proxy's own error reply,
/// which is returned.
fn pong_and_error(replies: [Value; 2]) -> Value {
    let [a, b] = replies;
    let (pong, error) = if a.get("error").is_some() {
        (b, a)
    } else {
        (a, b)
    };
    assert_eq!(pong["cmd"], "pong", "{pong} / {error}");
    error
}

/// The example host behind the proxy is sent `burst` in one write: a ping, then a
/// message the proxy answers itself. Both replies must come (the ping must not wait in a
/// buffer while the proxy waits for the browser), and the host must exit cleanly; the
/// proxy's error reply is returned.
fn ping_then_refused(burst: &[u8]) -> Value {
    let host = example_host();
    let mut live = Live::start(&[host.to_str().unwrap()]);
    live.send(burst);
    let error = pong_and_error([live.reply(), live.reply()]);
    let out = live.finish();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    error
}

/// A proxy in front of `command`, with pipes to talk to it one message at a time: its
/// stdin, a channel of the frames it prints, the child and the thread reading them.
struct Live {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    replies: std::sync::mpsc::Receiver<Vec<u8>>,
    reader: std::thread::JoinHandle<()>,
}

impl Live {
    fn start(command: &[&str]) -> Live {
        use std::process::Stdio;
        let mut child = proxy_command(&[], command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let (replies, reader) = frames_of(child.stdout.take().unwrap());
        Live {
            child,
            stdin,
            replies,
            reader,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        use std::io::Write;
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next reply; a test that waits 10 s for one has failed (the proxy held it).
    fn reply(&self) -> Value {
        next_frame(&self.replies)
    }

    fn finish(self) -> Output {
        drop(self.stdin);
        let out = self.child.wait_with_output().unwrap();
        self.reader.join().unwrap();
        out
    }
}

#[test]
fn a_reply_is_delivered_while_the_next_one_is_still_arriving() {
    // The host sends a whole reply and, in the same write, only the header of the next;
    // it finishes that one after the browser's second message. The first reply must
    // reach the browser at once: held back for the half-sent one, the browser would
    // never send its second message.
    if !have_python() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let host = py_host(
        dir.path(),
        "host.py",
        "pong = b'{\"cmd\":\"pong\"}'\n\
         read()\n\
         out.write(struct.pack('=I', len(pong)) + pong + struct.pack('=I', len(pong))); out.flush()\n\
         read()\n\
         out.write(pong); out.flush()\n\
         read()",
    );
    let mut live = Live::start(&["python3", &host]);
    live.send(&frame_json(&json!({"cmd": "ping"})));
    assert_eq!(live.reply(), json!({"cmd": "pong"}));
    live.send(&frame_json(&json!({"cmd": "ping"})));
    assert_eq!(live.reply(), json!({"cmd": "pong"}));
    let out = live.finish();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_message_is_delivered_while_the_next_one_is_still_arriving() {
    // The same in the other direction: the browser sends a whole message and the first
    // bytes of the next, then waits for the answer to the first.
    let host = example_host();
    let mut live = Live::start(&[host.to_str().unwrap()]);
    let second = frame_json(&json!({"cmd": "ping"}));
    let mut burst = frame_json(&json!({"cmd": "ping"}));
    burst.extend_from_slice(&second[..6]);
    live.send(&burst);
    assert_eq!(live.reply()["cmd"], "pong");
    live.send(&second[6..]);
    assert_eq!(live.reply()["cmd"], "pong");
    let out = live.finish();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_message_before_a_rejected_one_still_reaches_the_host() {
    // A valid message and an invalid one in one write: the proxy answers the second
    // itself, and the first must still go to the host, not wait in a buffer while the
    // proxy waits for the browser.
    let mut burst = frame_json(&json!({"cmd": "ping"}));
    burst.extend(frame_json(&json!({"cmd": "no-such-kind"})));
    let error = ping_then_refused(&burst);
    assert_eq!(error["error"]["reason"], "invalid-message", "{error}");
}

#[test]
fn a_message_before_an_oversized_one_still_reaches_the_host() {
    // A valid message, then a frame over the 64 MiB cap whose body starts like a small
    // frame. The proxy discards the oversized frame; its body is no frame, so the first
    // message must be flushed to the host before the proxy waits for more input.
    let mut burst = frame_json(&json!({"cmd": "ping"}));
    let len = 64 * 1024 * 1024 + 1;
    burst.extend_from_slice(&(len as u32).to_ne_bytes());
    let mut body = vec![b' '; len];
    body[..5].copy_from_slice(&[1, 0, 0, 0, b'x']);
    burst.extend_from_slice(&body);
    let error = ping_then_refused(&burst);
    assert_eq!(
        error["error"]["violations"][0]["message"],
        "frame of 67108865 bytes is over the limit of 67108864 bytes",
        "{error}"
    );
}

#[test]
fn the_rest_of_a_discarded_frame_is_never_taken_for_a_frame() {
    // Through the library with a 16-byte cap, so an oversized frame fits in the buffer
    // whole: a valid message, then a 20-byte frame whose body starts like a 1-byte frame.
    // While the proxy discards that body it must not count it as a frame already
    // waiting, or the first message stays in the buffer to the host.
    use msglint::contract::Contract;
    use msglint::native::{proxy, Middleware};
    use std::io::Write;
    use std::process::Stdio;
    use std::sync::{Arc, Mutex};
    let contract = Arc::new(Contract::load(contract()).expect("contract"));
    let mw = Middleware::new(contract, "com.example.signer")
        .expect("host")
        .with_to_host_cap(16);
    let mut child = Command::new(example_host())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (browser_in, mut to_proxy) = std::io::pipe().unwrap();
    let (from_proxy, browser_out) = std::io::pipe().unwrap();
    let out: Arc<Mutex<Box<dyn Write + Send>>> = Arc::new(Mutex::new(Box::new(browser_out)));
    let running = std::thread::spawn(move || {
        let status = proxy::proxy(mw, &mut child, Box::new(browser_in), out, None);
        status.map(|s| s.code())
    });
    let mut burst = frame_json(&json!({"cmd": "ping"}));
    burst.extend_from_slice(&20u32.to_ne_bytes());
    burst.extend_from_slice(&[1, 0, 0, 0, b'x']);
    burst.extend_from_slice(&[b' '; 15]);
    to_proxy.write_all(&burst).unwrap();
    to_proxy.flush().unwrap();
    let (frames, _reader) = frames_of(from_proxy);
    let error = pong_and_error([next_frame(&frames), next_frame(&frames)]);
    assert_eq!(
        error["error"]["violations"][0]["message"],
        "frame of 20 bytes is over the limit of 16 bytes",
        "{error}"
    );
    drop(to_proxy);
    assert_eq!(running.join().unwrap().unwrap(), Some(0));
}
