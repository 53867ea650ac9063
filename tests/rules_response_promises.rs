//! `promise-response-unsupported`, `reject-with-non-error`, `non-serializable-response`
//! and `competing-responders`: exact `line:col` of every finding, none on good code.
mod common;

use common::{check_dir, compact, positions, write_tree};

const OLD: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js"}}"#;
const NEW: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "minimum_chrome_version": "144", "background": {"service_worker": "background.js"}}"#;
const FIREFOX: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "browser_specific_settings": {"gecko": {"id": "a@b"}}, "background": {"scripts": ["background.js"]}}"#;

fn check(manifest: &str, js: &str) -> Vec<String> {
    let file = if js.contains(": unknown") || js.contains(": string") {
        "background.ts"
    } else {
        "background.js"
    };
    let manifest = manifest.replace("background.js", file);
    let dir = write_tree(&[("manifest.json", &manifest), (file, js)]);
    compact(&check_dir(dir.path()))
}

fn run(rule: &str, manifest: &str, cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (n, (js, want)) in cases.iter().enumerate() {
        let got = positions(&check(manifest, js), rule);
        if got != *want {
            failures.push(format!("case {n}: want {want:?}, got {got:?}\n{js}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

const PR: &str = "promise-response-unsupported";
const RJ: &str = "reject-with-non-error";
const NS: &str = "non-serializable-response";
const CR: &str = "competing-responders";

#[test]
fn promise_bad_on_old_chrome() {
    run(
        PR,
        OLD,
        &[
            ("chrome.runtime.onMessage.addListener(async (m) => ({ ok: m.x }));", &["1:38"]),
            ("chrome.runtime.onMessage.addListener(async function (m) {\n  if (m.a) return 1;\n  return 2;\n});", &["1:38"]),
            ("chrome.runtime.onMessage.addListener((m) => fetch(m.url));", &["1:38"]),
            ("chrome.runtime.onMessage.addListener((m) => { return new Promise((res) => res(1)); });", &["1:38"]),
            ("chrome.runtime.onMessage.addListener((m) => { if (m.t) return Promise.resolve(1); return false; });", &["1:38"]),
            ("chrome.runtime.onMessage.addListener(function(e){return e.t?fetch(e.u).then(function(r){return r.json()}):!1});", &["1:38"]),
            ("async function onMsg(m) { return { v: 1 }; }\nchrome.runtime.onMessage.addListener(onMsg);", &["1:1"]),
            ("async function work(m) { return 1; }\nchrome.runtime.onMessage.addListener((m) => work(m));", &["2:38"]),
            ("chrome.runtime.onMessageExternal.addListener(async (m: unknown) => {\n  return { got: m };\n});", &["1:46"]),
            ("const rt = chrome.runtime;\nrt.onMessage.addListener(async (m) => { try { return await fetch(m); } catch (e) { return null; } });", &["2:26"]),
            // A local `require` loads no polyfill, whatever it is asked for.
            ("function require(n) { return {}; }\nrequire(\"webextension-polyfill\");\nchrome.runtime.onMessage.addListener(async (m) => ({ ok: m.x }));", &["3:38"]),
        ],
    );
}

#[test]
fn promise_good() {
    run(
        PR,
        NEW,
        &[(
            "chrome.runtime.onMessage.addListener(async (m) => ({ ok: m.x }));",
            &[],
        )],
    );
    run(
        PR,
        FIREFOX,
        &[(
            "chrome.runtime.onMessage.addListener(async (m) => ({ ok: m.x }));",
            &[],
        )],
    );
    run(
        PR,
        OLD,
        &[
            ("browser.runtime.onMessage.addListener(async (m) => ({ ok: m.x }));", &[]),
            ("import browser from 'webextension-polyfill';\nbrowser.runtime.onMessage.addListener(async (m) => 1);", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { fetch(m).then(r); return true; });", &[]),
            // Async without a value: async-listener-implicit-undefined's business.
            ("chrome.runtime.onMessage.addListener(async (m) => { await m; });", &[]),
            // Late sendResponse with a promise return: sendresponse-without-return-true's.
            ("chrome.runtime.onMessage.addListener((m, s, r) => fetch(m).then(r));", &[]),
            ("chrome.runtime.onMessage.addListener((m) => { return m.value; });", &[]),
            ("chrome.runtime.onMessage.addListener((m) => { m.work(); });", &[]),
            ("chrome.runtime.onConnect.addListener(async (p) => { return 1; });", &[]),
        ],
    );
    // The configured version beats the manifest.
    let dir = write_tree(&[
        ("manifest.json", OLD),
        (
            "background.js",
            "chrome.runtime.onMessage.addListener(async (m) => 1);",
        ),
    ]);
    let report = msglint::check::check(&msglint::check::CheckOptions {
        paths: vec![dir.path().to_path_buf()],
        minimum_chrome_version: Some(144),
        ..Default::default()
    })
    .expect("check runs");
    assert_eq!(positions(&compact(&report), PR), Vec::<String>::new());
}

#[test]
fn reject_bad() {
    run(
        RJ,
        NEW,
        &[
            ("chrome.runtime.onMessage.addListener(async (m) => { throw 'no'; });", &["1:59"]),
            ("chrome.runtime.onMessage.addListener(async (m) => { if (!m) throw { code: 1 }; return 1; });", &["1:67"]),
            ("chrome.runtime.onMessage.addListener((m) => Promise.reject('nope'));", &["1:45"]),
            ("chrome.runtime.onMessage.addListener((m) => { return Promise.reject(); });", &["1:54"]),
            ("chrome.runtime.onMessage.addListener((m) => new Promise((res, rej) => rej(404)));", &["1:71"]),
            ("chrome.runtime.onMessage.addListener((m) => new Promise(function (a, b) { setTimeout(function () { b(); }, 1); }));", &["1:100"]),
            ("chrome.runtime.onMessage.addListener(function(e){throw`bad ${e}`});", &["1:55"]),
            ("chrome.runtime.onMessage.addListener(async (m) => { try { await m; } finally { throw null; } });", &["1:86"]),
            ("chrome.runtime.onMessage.addListener(async (m: unknown) => { throw void 0; });", &["1:68"]),
            ("chrome.runtime.onMessage.addListener((m) => m.ok ? Promise.resolve(1) : Promise.reject(['e']));", &["1:73"]),
        ],
    );
}

#[test]
fn reject_good() {
    run(
        RJ,
        NEW,
        &[
            ("chrome.runtime.onMessage.addListener(async (m) => { throw new Error('no'); });", &[]),
            ("chrome.runtime.onMessage.addListener((m) => Promise.reject(new TypeError('x')));", &[]),
            ("chrome.runtime.onMessage.addListener((m) => new Promise((res, rej) => rej(new Error('x'))));", &[]),
            ("chrome.runtime.onMessage.addListener((m) => new Promise((res, rej) => fetch(m).catch(rej)));", &[]),
            ("chrome.runtime.onMessage.addListener(async (m) => { try { throw 'x'; } catch (e) { return 1; } });", &[]),
            ("chrome.runtime.onMessage.addListener(async (m) => { [1].forEach(() => { throw 'inner'; }); return 1; });", &[]),
            ("chrome.runtime.onMessage.addListener(async (m) => { throw m.error; });", &[]),
            ("function fail(x) { throw 'not a listener'; }\nchrome.runtime.onMessage.addListener(async (m) => 1);", &[]),
            ("chrome.runtime.onConnect.addListener((p) => { throw 'port'; });", &[]),
            ("chrome.runtime.onMessage.addListener((m) => { const p = Promise.reject('kept'); p.catch(() => {}); return false; });", &[]),
        ],
    );
}

#[test]
fn serialization_bad() {
    run(
        NS,
        NEW,
        &[
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r(() => {}); });", &["1:55"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r({ ok: true, cb: function () {} }); });", &["1:71"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r(new Map()); });", &["1:55"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r(10n); });", &["1:55"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r(Symbol('x')); });", &["1:55"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r(undefined); });", &["1:55"]),
            ("chrome.runtime.sendMessage({ node: document.getElementById('x') });", &["1:36"]),
            ("chrome.tabs.sendMessage(1, { s: new Set([1]) });", &["1:33"]),
            ("const port = chrome.runtime.connect();\nport.postMessage({ f() {} });", &["2:20"]),
            ("class Job { run() {} }\nchrome.runtime.sendMessage({ job: new Job() });", &["2:35"]),
            // A class declared inside the listener, after nothing else: still a class.
            ("chrome.runtime.onMessage.addListener((m, s, r) => { class Reply { get() {} } r(new Reply()); });", &["1:80"]),
            ("chrome.runtime.onMessage.addListener(async (m) => { return { when: BigInt(1) }; });", &["1:68"]),
            ("const handler = () => 1;\nchrome.runtime.onMessage.addListener((m, s, r) => { setTimeout(() => r(handler)); return true; });", &["2:72"]),
            // The message, not the options, when three arguments start with the message;
            // the second when an id held in a variable comes first.
            ("chrome.runtime.sendMessage({ data: new Map() }, { includeTlsChannelId: true }, () => {});", &["1:36"]),
            ("chrome.runtime.sendMessage(EXTENSION_ID, { data: new Map() }, () => {});", &["1:50"]),
        ],
    );
}

#[test]
fn serialization_good() {
    run(
        NS,
        NEW,
        &[
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r({ ok: true, n: 1, s: 'x', a: [1], z: null }); });", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r(); });", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r({ v: undefined }); });", &[]),
            ("chrome.runtime.sendMessage({ type: 'x' }, (resp) => console.log(resp));", &[]),
            ("chrome.runtime.sendMessage('abcdefghijklmnopabcdefghijklmnop', { type: 'x' }, () => {});", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r(Object.fromEntries(new Map())); });", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r(m.payload); });", &[]),
            ("class Plain {}\nchrome.runtime.sendMessage({ p: new Plain() });", &[]),
            // Static methods do not travel with instances; a parameter named like a class is not it.
            ("class Util { static make() {} }\nchrome.runtime.sendMessage({ u: new Util() });", &[]),
            ("class Job { run() {} }\nfunction send(Job) { chrome.runtime.sendMessage({ job: new Job() }); }", &[]),
            ("window.postMessage(new Map(), '*');", &[]),
            ("chrome.runtime.onMessage.addListener(async (m) => { return { text: document.title }; });", &[]),
            ("chrome.runtime.onMessage.addListener((m: unknown, s: unknown, r: (x: unknown) => void) => { r({ at: Date.now() }); });", &[]),
        ],
    );
}

#[test]
fn competing_bad() {
    run(
        CR,
        NEW,
        &[
            ("chrome.runtime.onMessage.addListener(async (m) => { if (m.a) return 1; });\nchrome.runtime.onMessage.addListener((m, s, r) => { if (m.b) r(2); });", &["1:38"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r(1); });\nchrome.runtime.onMessage.addListener((m, s, r) => { if (m.b) r(2); });", &["1:38"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { if (m.b) r(2); });\nchrome.runtime.onMessage.addListener(async function (m) { return 1; });", &["2:38"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { fetch(m).then(r); return true; });\nchrome.runtime.onMessage.addListener((m, s, r) => { r(0); });", &["1:38"]),
            ("function a(m, s, r) { r(1); }\nfunction b(m, s, r) { r(2); }\nchrome.runtime.onMessage.addListener(a);\nchrome.runtime.onMessage.addListener(b);", &["1:1"]),
            ("chrome.runtime.onMessage.addListener(async (m) => 1);\nchrome.runtime.onMessage.addListener(async (m) => 2);\nchrome.runtime.onMessage.addListener(async (m) => 3);", &["1:38"]),
            ("chrome.runtime.onMessage.addListener(function(e,t,n){return n(1),!0});\nchrome.runtime.onMessage.addListener(function(e,t,n){e.x&&n(2)});", &["1:38"]),
            ("chrome.runtime.onMessageExternal.addListener(async (m) => 1);\nchrome.runtime.onMessageExternal.addListener((m, s, r) => { if (m) r(1); });", &["1:46"]),
            ("const rt = chrome.runtime;\nrt.onMessage.addListener(async (m) => 1);\nchrome.runtime.onMessage.addListener((m) => fetch(m));", &["2:26"]),
            ("chrome.runtime.onMessage.addListener(async (m: unknown) => { return 1; });\nchrome.runtime.onMessage.addListener((m: unknown, s: unknown, r: (x: number) => void) => { r(1); });", &["1:38"]),
        ],
    );
}

#[test]
fn competing_good() {
    run(
        CR,
        NEW,
        &[
            ("chrome.runtime.onMessage.addListener(async (m) => 1);", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { if (m.a) r(1); });\nchrome.runtime.onMessage.addListener((m, s, r) => { if (m.b) r(2); });", &[]),
            ("chrome.runtime.onMessage.addListener(async (m) => 1);\nchrome.runtime.onMessage.addListener((m) => { console.log(m); });", &[]),
            ("chrome.runtime.onMessage.addListener(async (m) => 1);\nchrome.runtime.onMessageExternal.addListener(async (m) => 2);", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { r('OK'); });\nchrome.runtime.onMessage.addListener((m, s, r) => { throw new Error('e'); });", &[]),
            ("function h(m, s, r) { r(1); }\nchrome.runtime.onMessage.addListener(h);\nchrome.runtime.onMessage.addListener(h);", &[]),
            ("chrome.runtime.onMessage.addListener(async (m) => 1);\nchrome.runtime.onConnect.addListener((p) => { p.onMessage.addListener((x) => p.postMessage(x)); });", &[]),
            ("chrome.runtime.onMessage.addListener(async (m) => 1);\nchrome.runtime.onMessage.addListener(makeListener());", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { if (m.a) { r(1); return false; } return false; });\nchrome.runtime.onMessage.addListener((m, s, r) => { if (m.b) { fetch(m).then(r); return true; } });", &[]),
            ("chrome.runtime.onMessage.addListener((m) => { return m.x; });\nchrome.runtime.onMessage.addListener((m, s, r) => { r(1); });", &[]),
        ],
    );
}

#[test]
fn competing_across_files_labels_every_listener() {
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["a.js", "b.js"]}, "content_scripts": [{"matches": ["<all_urls>"], "js": ["c.js"]}]}"#,
        ),
        (
            "a.js",
            "chrome.runtime.onMessage.addListener(async (m) => 1);\n",
        ),
        (
            "b.js",
            "chrome.runtime.onMessage.addListener(function (m, s, r) { if (m.x) r(2); });\n",
        ),
        // Another context: does not compete.
        (
            "c.js",
            "chrome.runtime.onMessage.addListener(async (m) => 3);\n",
        ),
    ]);
    let report = check_dir(dir.path());
    let ds: Vec<_> = report.diagnostics.iter().filter(|d| d.rule == CR).collect();
    assert_eq!(ds.len(), 1, "{:#?}", compact(&report));
    let labels: Vec<String> = ds[0]
        .labels
        .iter()
        .map(|l| {
            let s = report.sources.get(l.location.source);
            format!("{}:{}", s.rel, s.line_col(l.location.start).line)
        })
        .collect();
    assert_eq!(labels, ["a.js:1", "b.js:1"]);
}

/// `async-listener-implicit-undefined` labels each silent exit by what it is: a bare
/// `return;` returns `undefined`, the closing brace is where the function ends without one.
#[test]
fn silent_exits_are_labelled_by_kind() {
    let js = "chrome.runtime.onMessage.addListener(async (m) => {\n  if (m.a) return;\n  await m;\n});\n";
    let dir = write_tree(&[("manifest.json", OLD), ("background.js", js)]);
    let report = check_dir(dir.path());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "async-listener-implicit-undefined")
        .expect("finding");
    let labels: Vec<(usize, &str)> = d
        .labels
        .iter()
        .map(|l| (l.location.start, &*l.message))
        .collect();
    let at = |s: &str| js.find(s).expect("in the source");
    assert!(
        labels.contains(&(at("return;"), "this returns `undefined`")),
        "{labels:?}"
    );
    assert!(
        labels.contains(&(
            js.rfind('}').expect("brace"),
            "the function can end here without `return`"
        )),
        "{labels:?}"
    );
}
