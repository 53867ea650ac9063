//! Bad input never crashes the checker: each bad file gets a diagnostic naming it, and
//! every good file beside it is still checked.
mod common;

use common::{check_dir, compact};

fn deep(depth: usize) -> String {
    // Arrays, calls, blocks and arrow functions, each 50,000 levels deep.
    format!(
        "var a = {}1{};\nf{}0{};\n{}{}\nvar g = {}0;\n",
        "[".repeat(depth),
        "]".repeat(depth),
        "(".repeat(depth),
        ")".repeat(depth),
        "{".repeat(depth),
        "}".repeat(depth),
        "x => ".repeat(depth),
    )
}

/// A bundle-like single line of about `bytes` bytes, with one finding at the very end.
fn huge_bundle(bytes: usize) -> String {
    let chunk = "!function(e,t,n){var r=n(12),o={a:1,b:[1,2,3],c:\"str\"};e.exports=function(i){return r(i)&&o.a?!0:void 0}}(a,b,c);";
    let mut s = String::with_capacity(bytes + 200);
    while s.len() < bytes {
        s.push_str(chunk);
    }
    s.push_str("chrome.runtime.onMessage.addListener(async e=>{await e});");
    s
}

#[test]
fn bad_files_get_diagnostics_and_good_files_are_still_checked() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    let w = |name: &str, bytes: &[u8]| std::fs::write(p.join(name), bytes).expect("write");
    w(
        "manifest.json",
        br#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "good.js"}}"#,
    );
    w("good.js", b"chrome.runtime.onMessage.addListener(async (m) => {});\n");
    w("syntax.js", b"function (\n");
    w("deep.js", deep(50_000).as_bytes());
    w("latin1.js", b"var s = \"caf\xe9\";\n");
    w("empty.js", b"");
    w("binary.js", &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0xff, 0xfe]);
    w("bundle.js", huge_bundle(20 * 1024 * 1024).as_bytes());

    let report = check_dir(p);
    let lines = compact(&report);
    let has = |prefix: &str| lines.iter().any(|l| l.starts_with(prefix));
    assert!(has("good.js:1:38: error [async-listener-implicit-undefined]"), "{lines:#?}");
    assert!(has("syntax.js:1:10: error [parse-error] syntax error"), "{lines:#?}");
    assert!(has("latin1.js:1:12: error [parse-error] the file is not valid UTF-8 (invalid byte at offset 11)"), "{lines:#?}");
    assert!(has("binary.js:1:1: error [parse-error] binary file"), "{lines:#?}");
    // The 20 MB one-line bundle is checked like any file: its finding at the end is found.
    let bundle_hit = lines
        .iter()
        .find(|l| l.starts_with("bundle.js:1:") && l.contains("[async-listener-implicit-undefined]"));
    assert!(bundle_hit.is_some(), "{lines:#?}");
    // The deep file either parses (no finding) or is reported; it never takes the run down.
    assert!(!lines.iter().any(|l| l.starts_with("empty.js")), "{lines:#?}");
    for bad in ["syntax.js", "latin1.js", "binary.js"] {
        assert!(report.problems.iter().any(|p| p.file == bad), "{bad} not listed in problems: {:#?}", report.problems);
    }
    assert_eq!(report.files_checked, 8);
}

#[test]
fn broken_manifest_is_reported_and_scripts_still_checked() {
    let dir = common::write_tree(&[
        ("manifest.json", "{\n  \"manifest_version\": 3,\n  \"name\": \"x\"\n  \"version\": \"1\"\n}"),
        ("bg.js", "chrome.extension.sendRequest({});"),
    ]);
    let lines = compact(&check_dir(dir.path()));
    assert!(lines.iter().any(|l| l.starts_with("manifest.json:3:14: error [parse-error] manifest.json does not parse: Expected comma")), "{lines:#?}");
    // Unknown context, so deprecated API is a warning, not an MV3 error.
    assert!(lines.iter().any(|l| l.starts_with("bg.js:1:1: warning [deprecated-messaging-api]")), "{lines:#?}");
}

#[test]
fn a_missing_path_is_an_error_not_a_panic() {
    let err = msglint::check::check(&msglint::check::CheckOptions {
        paths: vec!["/definitely/not/here".into()],
        ..Default::default()
    })
    .unwrap_err();
    assert!(err.contains("/definitely/not/here"), "{err}");
}
