//! Bad input never crashes the checker: each bad file gets a diagnostic naming it, and
//! every good file beside it is still checked.
mod common;

use common::{check_background, check_dir, compact, positions, write_tree};

/// Arrays, calls, arrow functions and member chains, each `depth` levels deep, then a
/// finding that proves the file was analyzed after all that.
fn deep_expressions(depth: usize) -> String {
    format!(
        "var a = {}1{};\nf{}0{};\nvar g = {}0;\nvar m = o{};\nchrome.runtime.onMessage.addListener(async (m) => {{}});\n",
        "[".repeat(depth),
        "]".repeat(depth),
        "(".repeat(depth),
        ")".repeat(depth),
        "x => ".repeat(depth),
        ".p".repeat(depth),
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
    w(
        "good.js",
        b"chrome.runtime.onMessage.addListener(async (m) => {});\n",
    );
    w("syntax.js", b"function (\n");
    w("deep.js", deep_expressions(50_000).as_bytes());
    w(
        "deep_blocks.js",
        format!("{}{}", "{".repeat(50_000), "}".repeat(50_000)).as_bytes(),
    );
    w("latin1.js", b"var s = \"caf\xe9\";\n");
    w("empty.js", b"");
    w(
        "binary.js",
        &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0xff, 0xfe],
    );
    w("bundle.js", huge_bundle(20 * 1024 * 1024).as_bytes());

    let report = check_dir(p);
    let lines = compact(&report);
    let async_msg = "this async `runtime.onMessage` listener can finish without returning a value, so the sender receives `null`";
    let bundle_col = huge_bundle(20 * 1024 * 1024).len() - "async e=>{await e});".len() + 1;
    let want = vec![
        "binary.js:1:1: error [parse-error] binary file (it contains NUL bytes); browsers cannot load it as a script".to_string(),
        // The 20 MB one-line bundle is checked like any file: its finding at the very end is found.
        format!("bundle.js:1:{bundle_col}: error [async-listener-implicit-undefined] {async_msg}"),
        // 50,000 levels of arrays, calls, arrows and member chains parse and are analyzed;
        // the flow analysis says where it stopped following them, rather than stopping
        // silently.
        "deep.js:1:409: warning [analysis-incomplete] code nested more than 400 levels deep: the flow analysis does not follow it, so findings inside it may be missing".to_string(),
        format!("deep.js:5:38: error [async-listener-implicit-undefined] {async_msg}"),
        "deep_blocks.js:1:1: error [parse-error] blocks nested 50000 levels deep (the limit is 1000); the file is not analyzed".to_string(),
        format!("good.js:1:38: error [async-listener-implicit-undefined] {async_msg}"),
        "latin1.js:1:13: error [parse-error] the file is not valid UTF-8 (invalid byte at offset 12); Chrome refuses to load it".to_string(),
        "syntax.js:1:10: error [parse-error] syntax error: Expected ident".to_string(),
    ];
    assert_eq!(lines, want);
    for bad in ["syntax.js", "latin1.js", "binary.js", "deep_blocks.js"] {
        assert!(
            report.problems.iter().any(|p| p.file == bad),
            "{bad} not listed in problems: {:#?}",
            report.problems
        );
    }
    // Every file was read, the empty one included (it has nothing to report).
    assert_eq!(report.files_checked, 9);
}

#[test]
fn broken_manifest_is_reported_and_scripts_still_checked() {
    let dir = common::write_tree(&[
        (
            "manifest.json",
            "{\n  \"manifest_version\": 3,\n  \"name\": \"x\"\n  \"version\": \"1\"\n}",
        ),
        ("bg.js", "chrome.extension.sendRequest({});"),
    ]);
    let lines = compact(&check_dir(dir.path()));
    assert!(
        lines.iter().any(|l| l.starts_with(
            "manifest.json:3:14: error [parse-error] manifest.json does not parse: Expected comma"
        )),
        "{lines:#?}"
    );
    // Unknown context, so deprecated API is a warning, not an MV3 error.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("bg.js:1:1: warning [deprecated-messaging-api]")),
        "{lines:#?}"
    );
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

#[test]
fn trees_handed_back_by_a_check_free_safely_on_a_small_stack() {
    // What the CLI runs: the same report as `check`, with the syntax trees handed back.
    // Dropping them here (a test thread, a small stack) must not overflow on a tree
    // nested 50,000 levels deep.
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    std::fs::write(p.join("deep.js"), deep_expressions(50_000)).expect("write");
    let opts = msglint::check::CheckOptions {
        paths: vec![p.to_path_buf()],
        ..Default::default()
    };
    let (kept, trees) = msglint::check::check_keeping_trees(&opts).expect("check");
    let freed = msglint::check::check(&opts).expect("check");
    assert_eq!(compact(&kept), compact(&freed));
    assert!(
        compact(&kept).iter().any(|l| l.contains("deep.js:5:")),
        "{:?}",
        compact(&kept)
    );
    drop(trees);
}

#[test]
fn a_flow_file_is_a_parse_error_that_says_why() {
    // Flow's type syntax is not JavaScript and swc has no Flow parser: the diagnostic says
    // so instead of leaving the reader with swc's "Expected ',', got 'ident'".
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    std::fs::write(
        p.join("typed.js"),
        "/* @flow */\nimport type { Port } from './port';\nexport function f(p: Port): void {}\n",
    )
    .expect("write");
    std::fs::write(p.join("plain.js"), "function (\n").expect("write");
    let report = check_dir(p);
    let help = |file: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.rule == "parse-error" && report.sources.get(d.location.source).rel == file)
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
    };
    assert!(
        help("typed.js").starts_with("this file has Flow type annotations (`@flow`)"),
        "{}",
        help("typed.js")
    );
    assert!(
        help("plain.js").starts_with("fix the syntax error"),
        "{}",
        help("plain.js")
    );
}

/// The `missing-sender-check` lines of a check of `files` beside `manifest`.
fn missing_sender_lines(manifest: &str, files: &[(&str, String)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    std::fs::write(p.join("manifest.json"), manifest).expect("write");
    for (name, text) in files {
        std::fs::write(p.join(name), text).expect("write");
    }
    compact(&check_dir(p))
        .into_iter()
        .filter(|l| l.contains("[missing-sender-check]"))
        .collect()
}

const MV3_BG: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "bg.js"}}"#;

const UNCHECKED: &str = "error [missing-sender-check] this `runtime.onMessageExternal` listener uses the message without checking who sent it (any other installed extension can)";

/// A sender check nested in `some` callbacks as deep as a hostile file likes: judged only
/// a few callbacks deep (no real check nests further), so the listener is reported as
/// unchecked, where two levels count as a check. Judging every level again at each one
/// took minutes at this depth; the file must simply be analyzed.
#[test]
fn a_sender_check_nested_in_callbacks_past_any_real_one_is_not_trusted() {
    let nested = |depth: usize| {
        let mut test = "sender.origin === o0".to_string();
        for i in 0..depth {
            test = format!("A.some((o{i}) => {test})");
        }
        format!(
            "var A = [\"https://app.example.com\"];\nchrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {{\n  if (!({test})) return;\n  sendResponse(msg.text);\n}});\n"
        )
    };
    let lines = missing_sender_lines(
        r#"{"manifest_version": 2, "name": "t", "version": "1", "externally_connectable": {"ids": ["*"]}, "background": {"scripts": ["deep.js", "shallow.js"]}}"#,
        &[("deep.js", nested(50_000)), ("shallow.js", nested(2))],
    );
    assert_eq!(lines, vec![format!("deep.js:2:1: {UNCHECKED}")]);
}

/// A sender-check flag written 20,000 times: a flag is judged only when it has a few
/// writes (judging every write at each test took 24 s here), so this one is not trusted
/// and the listener is reported; the file must simply be analyzed.
#[test]
fn a_flag_written_thousands_of_times_is_not_judged() {
    let writes = "  if (!ok && sender.id === \"abcdefghijklmnopabcdefghijklmnop\") ok = true;\n"
        .repeat(20_000);
    let js = format!("chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {{\n  let ok = false;\n{writes}  if (!ok) return;\n  sendResponse(msg.text);\n}});\n");
    let lines = missing_sender_lines(MV3_BG, &[("bg.js", js)]);
    assert_eq!(lines, vec![format!("bg.js:1:1: {UNCHECKED}")]);
}

/// A condition of 20,000 `&&` terms: each `&&` asked whether its chain is a web-worker
/// test, down the whole chain (28 s, quadratic); now a few terms deep. The file must
/// simply be analyzed, and its listener reported.
#[test]
fn a_condition_of_twenty_thousand_terms_is_analyzed() {
    let terms: Vec<String> = (0..20_000).map(|i| format!("msg.k{i} !== {i}")).collect();
    let js = format!(
        "chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {{\n  if ({}) sendResponse(1);\n}});\n",
        terms.join(" && ")
    );
    let lines = missing_sender_lines(MV3_BG, &[("bg.js", js)]);
    assert_eq!(lines, vec![format!("bg.js:1:1: {UNCHECKED}")]);
}

/// A condition of 20,000 constant `&&` terms, no name in it: each `&&` is a condition the
/// walk pre-scans for a sender (`may_check_sender`), and a scan that counted only names
/// went down the whole chain at each one (quadratic). It counts every node now. The file
/// must simply be analyzed, and its listener reported.
#[test]
fn a_condition_of_twenty_thousand_constant_terms_is_analyzed() {
    let js = format!(
        "chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {{\n  if ({}) sendResponse(msg.text);\n}});\n",
        vec!["1"; 20_000].join(" && ")
    );
    let lines = missing_sender_lines(MV3_BG, &[("bg.js", js)]);
    assert_eq!(lines, vec![format!("bg.js:1:1: {UNCHECKED}")]);
}

/// A dispatch over a thousand message kinds as one `else if` chain: the last link is
/// followed like the first (walked as nested statements, the chain ran past the walk's
/// depth limit after about 200 links and the rest went unanalyzed, silently). The
/// first link checks its kind against the sender-chosen message only, so every link's
/// flow is reported; the thousandth is the one that must not be lost.
#[test]
fn the_last_link_of_a_thousand_link_else_if_chain_is_analyzed() {
    let links: Vec<String> = (0..1000)
        .map(|i| {
            format!("if (msg.type === \"t{i}\") {{ chrome.storage.local.set({{ v: msg.v{i} }}); }}")
        })
        .collect();
    let js = format!(
        "chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {{\n  {}\n  else if (msg.type === \"run\") {{\n    chrome.tabs.executeScript({{ code: msg.code }});\n  }}\n}});\n",
        links.join("\n  else ")
    );
    let lines = check_background(&js);
    let privileged = positions(&lines, "untrusted-message-to-privileged-api");
    assert_eq!(privileged.len(), 1000, "one flow per storage link");
    assert_eq!(privileged.first().map(String::as_str), Some("2:53"));
    assert_eq!(privileged.last().map(String::as_str), Some("1001:60"));
    assert_eq!(positions(&lines, "unsafe-message-sink"), ["1003:39"]);
}

/// The same chain as minified code writes it, a thousand-link `?:` whose last link
/// `eval`s the message: found where nesting lost it.
#[test]
fn the_last_link_of_a_thousand_link_conditional_chain_is_analyzed() {
    let links: String = (0..1000)
        .map(|i| format!("\"t{i}\"===e.type?t({i}):"))
        .collect();
    let js = format!(
        "chrome.runtime.onMessageExternal.addListener(function(e,n,r){{{links}eval(e.c)}});\n"
    );
    let at = js.find("eval(e.c)").expect("eval") + 1 + "eval(".len();
    let lines = check_background(&js);
    assert_eq!(
        positions(&lines, "unsafe-message-sink"),
        [format!("1:{at}")]
    );
}

/// A thousand-link `else if` chain whose last link answers from a timer without `return
/// true`: the response model follows the chain to its end (nested, it gave up at the
/// depth limit and judged nothing).
#[test]
fn a_late_answer_in_the_last_link_of_a_thousand_link_chain_is_found() {
    let links: Vec<String> = (0..1000)
        .map(|i| format!("if (msg.type === \"t{i}\") {{ sendResponse({{ ok: {i} }}); }}"))
        .collect();
    let js = format!(
        "chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {{\n  {}\n  else if (msg.type === \"late\") {{\n    setTimeout(() => sendResponse({{ late: true }}), 10);\n  }}\n}});\n",
        links.join("\n  else ")
    );
    let lines = check_background(&js);
    assert_eq!(
        positions(&lines, "sendresponse-without-return-true"),
        ["1003:22"]
    );
}

/// A template compiled to a thousand concatenated parts, the message first: the
/// concatenation is one left-deep tree, walked as a loop down its spine (nested, its
/// leftmost part lay past the depth limit and the flow into `innerHTML` went unseen).
#[test]
fn the_first_of_a_thousand_concatenated_parts_is_followed() {
    let parts = " + \"<i>x</i>\"".repeat(1000);
    let js = format!(
        "chrome.runtime.onMessageExternal.addListener((msg) => {{\n  document.body.innerHTML = msg.html{parts};\n}});\n"
    );
    let lines = check_background(&js);
    assert_eq!(positions(&lines, "unsafe-message-sink"), ["2:29"]);
}

/// Where a listener that answers from a timer without `return true` reports it, after
/// `const t = {value};` builds the answer.
fn late_answer_beside(value: &str) -> Vec<String> {
    let js = format!(
        "chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {{\n  const t = {value};\n  setTimeout(() => sendResponse(t), 10);\n}});\n"
    );
    positions(&check_background(&js), "sendresponse-without-return-true")
}

/// A listener that builds a thousand-part string and answers from a timer without
/// `return true`: its response model is built (nested, the string passed the depth limit
/// and the listener went unjudged).
#[test]
fn a_late_answer_beside_a_thousand_part_concatenation_is_found() {
    let parts = " + \"x\"".repeat(1000);
    assert_eq!(late_answer_beside(&format!("msg.a{parts}")), ["3:20"]);
}

/// An external listener guarded by `sender.id === ID && ...` with sixty more links, and
/// one that turns away `sender.id !== ID || ...` the same way: the chain is judged link
/// by link (judged as nesting, its first link, the sender check, lay past the judges'
/// depth of 32, and both listeners were reported as unchecked, with their flows).
#[test]
fn a_sender_check_heading_a_sixty_link_condition_guards_the_listener() {
    let id = "\"abcdefghijklmnopabcdefghijklmnop\"";
    let fields =
        |sep: &str, neg: &str| -> String { (0..60).map(|i| format!("{sep}{neg}m.f{i}")).collect() };
    let guarded = |check: &str, form: &str| -> String {
        format!(
            "chrome.runtime.onMessageExternal.addListener((m, sender) => {{\n  if ({check}{}) {{\n    chrome.storage.local.set({{ v: m.v }});\n  }}\n}});\nchrome.runtime.onMessageExternal.addListener((m, sender) => {{\n  if ({form}{}) return;\n  chrome.storage.local.set({{ v: m.v }});\n}});\n",
            fields(" && ", ""),
            fields(" || ", "!"),
        )
    };
    let checked = guarded(
        &format!("sender.id === {id}"),
        &format!("sender.id !== {id}"),
    );
    let lines = check_background(&checked);
    let errors: Vec<&String> = lines.iter().filter(|l| l.contains(": error [")).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The twin without the sender check: both listeners are unchecked, both flows found.
    let unchecked = guarded("m.kind === \"a\"", "m.kind !== \"a\"");
    let lines = check_background(&unchecked);
    assert_eq!(positions(&lines, "missing-sender-check"), ["1:1", "6:1"]);
    assert_eq!(
        positions(&lines, "untrusted-message-to-privileged-api"),
        ["3:30", "8:28"]
    );
}

/// A bypassable check heading a 61-link condition (`startsWith` without a trailing `/`):
/// the listener is weakly checked, as with a short condition, so it is reported for the
/// weak check and its flow, not as unchecked (judged as nesting, the check lay past the
/// judges' depth and `missing-sender-check` was reported besides).
#[test]
fn a_weak_check_heading_a_sixty_link_condition_is_a_weak_check() {
    let fields: String = (0..60).map(|i| format!(" && m.f{i}")).collect();
    let js = format!(
        "chrome.runtime.onMessageExternal.addListener((m, sender) => {{\n  if (sender.url.startsWith(\"https://app.example.com\"){fields}) {{\n    chrome.storage.local.set({{ v: m.v }});\n  }}\n}});\n"
    );
    let lines = check_background(&js);
    assert_eq!(positions(&lines, "weak-sender-check"), ["2:7"]);
    assert_eq!(
        positions(&lines, "missing-sender-check"),
        Vec::<String>::new()
    );
    assert_eq!(
        positions(&lines, "untrusted-message-to-privileged-api"),
        ["3:30"]
    );
}

/// A thousand-link `&&` chain whose first link `eval`s the message: the chain is walked
/// as a list, its first link at the depth of the chain (nested, the first link lay a
/// thousand levels down, past the walk's limit, and the flow went unseen).
#[test]
fn the_first_link_of_a_thousand_link_and_chain_is_followed() {
    let links: String = (0..1000).map(|i| format!("&&e.f{i}")).collect();
    let js =
        format!("chrome.runtime.onMessageExternal.addListener(function(e){{eval(e.c){links}}});\n");
    let at = js.find("eval(e.c)").expect("eval") + 1 + "eval(".len();
    let lines = check_background(&js);
    assert_eq!(
        positions(&lines, "unsafe-message-sink"),
        [format!("1:{at}")]
    );
    assert_eq!(
        positions(&lines, "analysis-incomplete"),
        Vec::<String>::new()
    );
}

/// A listener that answers from a timer and returns `1 || m.f0 || ...` with forty more
/// links: the response model judges the chain link by link and finds the `1` it returns
/// (judged as nesting, the first link lay past its depth of 32 and went unjudged).
#[test]
fn a_truthy_first_link_of_a_forty_link_or_chain_is_judged() {
    let links: String = (0..40).map(|i| format!(" || m.f{i}")).collect();
    let js = format!(
        "chrome.runtime.onMessage.addListener((m, s, sendResponse) => {{\n  setTimeout(() => sendResponse(1), 10);\n  return 1{links};\n}});\n"
    );
    let lines = check_background(&js);
    assert_eq!(positions(&lines, "truthy-not-true-return"), ["3:10"]);
}

/// A method-call chain of two thousand links, as generated code writes a builder (`new
/// Map().set(k, v).set(...)`) or a chain of replacements: each call's receiver is the call
/// before it, walked as a loop from the innermost. Nested, the chain passed the walk's
/// depth limit: the table below drew an `analysis-incomplete` warning and the flow of
/// `msg.html`, the innermost receiver, into `innerHTML` went unseen.
#[test]
fn the_first_receiver_of_a_two_thousand_link_method_chain_is_followed() {
    let sets: String = (0..2000).map(|i| format!(".set(\"k{i}\", {i})")).collect();
    let replaces: String = (0..2000)
        .map(|i| format!(".replace(\"a{i}\", \"b\")"))
        .collect();
    let js = format!(
        "const table = new Map(){sets};\nchrome.runtime.onMessageExternal.addListener((msg) => {{\n  document.body.innerHTML = msg.html{replaces};\n}});\n"
    );
    let lines = check_background(&js);
    assert_eq!(positions(&lines, "unsafe-message-sink"), ["3:29"]);
    assert_eq!(
        positions(&lines, "analysis-incomplete"),
        Vec::<String>::new()
    );
}

/// A listener that answers from a timer, without `return true`, with a string built by a
/// two-thousand-link method chain: its response model is built (nested, the chain passed
/// the depth limit and the listener went unjudged).
#[test]
fn a_late_answer_beside_a_two_thousand_link_method_chain_is_found() {
    let replaces: String = (0..2000)
        .map(|i| format!(".replace(\"a{i}\", \"b\")"))
        .collect();
    assert_eq!(late_answer_beside(&format!("msg.text{replaces}")), ["3:20"]);
}

/// A compiled CommonJS module opens with `exports.a = exports.b = ... = void 0`, a link
/// per export, and a listener passes the message through `x = y = ... = msg.code` to
/// `eval`: both right-deep chains are walked as loops from their innermost link (nested,
/// a module of a few hundred exports drew `analysis-incomplete`, and the chain in the
/// listener hid the flow and the listener's use of the message).
#[test]
fn a_thousand_link_assignment_chain_is_followed() {
    let exports: String = (0..1000).map(|i| format!("exports.e{i} = ")).collect();
    let ys = "y = ".repeat(1000);
    let js = format!(
        "\"use strict\";\n{exports}void 0;\nvar x, y;\nchrome.runtime.onMessageExternal.addListener((msg) => {{\n  x = {ys}msg.code;\n  eval(x);\n}});\n"
    );
    let lines = check_background(&js);
    assert_eq!(positions(&lines, "missing-sender-check"), ["4:1"]);
    assert_eq!(positions(&lines, "unsafe-message-sink"), ["6:8"]);
    assert_eq!(
        positions(&lines, "analysis-incomplete"),
        Vec::<String>::new()
    );
}

/// Where the flow analysis stops following code nested past its depth limit, it says so
/// (`analysis-incomplete`, once per file, where it stopped) instead of going quiet: here
/// an `eval` of the message inside a thousand nested IIFEs. A recursion the analysis
/// follows through calls (a chain of 600 helpers) ends at the same limit by design and
/// is not reported: the code there is not nested, the calls are.
#[test]
fn code_nested_past_the_depth_limit_is_reported_as_not_followed() {
    let nested = format!(
        "chrome.runtime.onMessageExternal.addListener(function (m) {{\n{}eval(m.c);\n{}}});\n",
        "(function () {\n".repeat(1000),
        "})();\n".repeat(1000)
    );
    let helpers: String = (0..600)
        .map(|i| format!("function f{i}(x) {{ return f{}(x); }}\n", i + 1))
        .collect();
    let chain = format!(
        "{helpers}function f600(x) {{ return x; }}\nchrome.runtime.onMessageExternal.addListener(function (m) {{ f0(m.c); }});\n"
    );
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["nested.js", "chain.js"]}}"#,
        ),
        ("nested.js", &nested),
        ("chain.js", &chain),
    ]);
    let lines = compact(&check_dir(dir.path()));
    let cut: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("[analysis-incomplete]"))
        .collect();
    assert_eq!(
        cut,
        ["nested.js:134:2: warning [analysis-incomplete] code nested more than 400 levels deep: the flow analysis does not follow it, so findings inside it may be missing"]
    );
}

/// Generated code handing one Port to two thousand helpers, each listening on it: the
/// helpers are walked once each, callers first, in time linear in their number (picking
/// the next one by a scan from the start made this quadratic: twenty thousand took
/// seconds). The listener checks the sender first, so nothing is reported; its twin does
/// not, and is reported once, labelled at its first hand-off.
#[test]
fn two_thousand_port_helpers_are_each_walked_once() {
    let helpers: String = (0..2000)
        .map(|i| format!("function h{i}(p){{p.onMessage.addListener(function(m){{eval(m.c)}})}}\n"))
        .collect();
    let calls: String = (0..2000).map(|i| format!("h{i}(port);")).collect();
    let checked = format!(
        "{helpers}chrome.runtime.onConnectExternal.addListener(function(port){{if(port.sender.origin!==\"https://a.example\")return;{calls}}});\n"
    );
    let lines = check_background(&checked);
    let errors: Vec<&String> = lines.iter().filter(|l| l.contains(": error [")).collect();
    assert!(errors.is_empty(), "{:#?}", &errors[..errors.len().min(3)]);
    let unchecked = format!(
        "{helpers}chrome.runtime.onConnectExternal.addListener(function(port){{{calls}}});\n"
    );
    let lines = check_background(&unchecked);
    assert_eq!(positions(&lines, "missing-sender-check"), ["2001:1"]);
    assert_eq!(positions(&lines, "unsafe-message-sink").len(), 2000);
}

/// A class of thousands of methods that call one another through `this`, and an object
/// literal as large, each handing its listener's Port to its last member: each
/// `this.m(...)` and `hub.m(...)` is looked up by name in an index of the members (a scan
/// of them all made a 20,000-method class take seconds), and the member found is the one
/// the Port reaches, so its `eval` is reported where it is.
#[test]
fn classes_and_objects_of_thousands_of_members_are_looked_up_by_name() {
    let n = 3000;
    let methods: String = (0..n)
        .map(|i| format!("  m{i}(x) {{ return this.m{}(x); }}\n", (i + 1) % n))
        .collect();
    let class = format!(
        "class Hub {{\n  start() {{ chrome.runtime.onConnectExternal.addListener((port) => this.last(port)); }}\n{methods}  last(p) {{ p.onMessage.addListener((m) => {{ eval(m.code); }}); }}\n}}\nnew Hub().start();\n"
    );
    let lines = check_background(&class);
    let last = n + 3;
    assert_eq!(
        positions(&lines, "unsafe-message-sink"),
        [format!("{last}:51")]
    );
    assert_eq!(positions(&lines, "missing-sender-check"), ["2:13"]);

    let props: String = (0..n)
        .map(|i| format!("  m{i}(x) {{ return this.m{}(x); }},\n", (i + 1) % n))
        .collect();
    let object = format!(
        "const hub = {{\n{props}  last(p) {{ p.onMessage.addListener((m) => {{ eval(m.code); }}); }},\n}};\nchrome.runtime.onConnectExternal.addListener((port) => hub.last(port));\n"
    );
    let lines = check_background(&object);
    let last = n + 2;
    assert_eq!(
        positions(&lines, "unsafe-message-sink"),
        [format!("{last}:51")]
    );
    assert_eq!(
        positions(&lines, "missing-sender-check"),
        [format!("{}:1", n + 4)]
    );
}

/// A `runtime.onMessage` listener `(m, s, r) => {...}` of `n` lines, line `i` (from 0)
/// on line `i + 2` of the file.
fn listener_of_lines(n: usize, line: impl Fn(usize) -> String) -> String {
    let mut js = String::from("chrome.runtime.onMessage.addListener((m, s, r) => {\n");
    for i in 0..n {
        js.push_str("  ");
        js.push_str(&line(i));
        js.push('\n');
    }
    js.push_str("});\n");
    js
}

/// A listener that answers from 20,000 storage callbacks and never returns `true`: one
/// finding at the first late call, the next 31 labelled, and the help saying that the
/// labels stop there. (The response model looked each late call up in a list of all of
/// them: 80,000 took 2.8 s. And every path carried all of them: 8,000 exits each
/// scheduling one took 727 MB; see `Lates`.)
#[test]
fn twenty_thousand_late_answers_are_one_finding_whose_labels_say_where_they_stop() {
    let js = listener_of_lines(20_000, |i| {
        format!("chrome.storage.local.get(\"k{i}\", (v) => r(v));")
    });
    let dir = write_tree(&[
        ("manifest.json", common::DEFAULT_MANIFEST),
        ("background.js", &js),
    ]);
    let report = check_dir(dir.path());
    let lines = compact(&report);
    assert_eq!(
        positions(&lines, "sendresponse-without-return-true"),
        ["2:41"]
    );
    assert_eq!(lines.len(), 1, "{:?}", lines.first());
    let d = &report.diagnostics[0];
    let src = report.sources.get(d.location.source);
    let also: Vec<usize> = d
        .labels
        .iter()
        .filter(|l| l.message == "also called in an extension API callback")
        .map(|l| src.line_col(l.location.start).line)
        .collect();
    assert_eq!(also, (3..=33).collect::<Vec<usize>>());
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.ends_with("(only the first 32 late calls of each path are labelled)"),
        "{help}"
    );
}

/// 8,000 lines that each schedule a late answer and then may return: 8,000 exits, one
/// finding at the first late call, and no exit holding every late call before it (that
/// took 727 MB and 2.4 s; 32,000 lines would take 11 GB).
#[test]
fn eight_thousand_exits_after_late_answers_are_judged() {
    let js = listener_of_lines(8_000, |i| {
        format!("setTimeout(() => r({i})); if (m.k === {i}) return;")
    });
    let lines = check_background(&js);
    assert_eq!(
        positions(&lines, "sendresponse-without-return-true"),
        ["2:20"]
    );
    assert_eq!(lines.len(), 1, "{lines:?}");
}
