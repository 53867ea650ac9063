//! Table-driven cases for the trust-boundary rules: each case is a small extension and
//! the exact `file:line:col severity` findings of one rule.
#![allow(dead_code)]
use crate::common::{check_dir, compact, write_tree, DEFAULT_MANIFEST};

/// Background only: content-script messages never reach it (extension pages only).
pub const BG: &str = DEFAULT_MANIFEST;
/// Background plus a content script `content.js` on every site.
pub const CS: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js"}, "content_scripts": [{"matches": ["<all_urls>"], "js": ["content.js"]}]}"#;
/// External senders limited to one site.
pub const NARROW: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js"}, "externally_connectable": {"matches": ["https://app.example.com/*"]}}"#;
/// External senders limited to one extension id.
pub const IDS: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js"}, "externally_connectable": {"ids": ["abcdefghijklmnopabcdefghijklmnop"]}}"#;
/// A module service worker.
pub const MODULE_SW: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js", "type": "module"}}"#;
/// MV2 background scripts `ports.js` then `background.js`.
pub const MV2_TWO_SCRIPTS: &str = r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["ports.js", "background.js"]}}"#;
/// An extension page `popup.html` loading `popup.js`.
pub const POPUP: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js"}, "action": {"default_popup": "popup.html"}}"#;
pub const POPUP_HTML: &str = r#"<!doctype html><script src="popup.js"></script>"#;

pub struct Case {
    pub name: &'static str,
    pub files: Vec<(&'static str, &'static str)>,
    /// `file:line:col severity` of every finding of the rule, in order.
    pub want: Vec<&'static str>,
}

/// A background script in the given manifest.
pub fn bg(
    name: &'static str,
    manifest: &'static str,
    js: &'static str,
    want: &[&'static str],
) -> Case {
    Case {
        name,
        files: vec![("manifest.json", manifest), ("background.js", js)],
        want: want.to_vec(),
    }
}

/// A content script (with an empty background) in the `CS` manifest.
pub fn cs(name: &'static str, js: &'static str, want: &[&'static str]) -> Case {
    Case {
        name,
        files: vec![
            ("manifest.json", CS),
            ("background.js", ""),
            ("content.js", js),
        ],
        want: want.to_vec(),
    }
}

pub fn case(
    name: &'static str,
    files: &[(&'static str, &'static str)],
    want: &[&'static str],
) -> Case {
    Case {
        name,
        files: files.to_vec(),
        want: want.to_vec(),
    }
}

pub fn findings(files: &[(&str, &str)], rule: &str) -> Vec<String> {
    let dir = write_tree(files);
    let tag = format!(" [{rule}] ");
    compact(&check_dir(dir.path()))
        .into_iter()
        .filter(|l| l.contains(&tag))
        .map(|l| {
            let (head, _) = l.split_once(&tag).unwrap_or((&l, ""));
            head.replacen(": ", " ", 1)
        })
        .collect()
}

/// Run every case; report all mismatches at once.
pub fn run(rule: &str, cases: &[Case]) {
    let mut failures = Vec::new();
    for c in cases {
        let got = findings(&c.files, rule);
        if got != c.want {
            failures.push(format!("{}: want {:?}\n  got {:?}", c.name, c.want, got));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every rule's test has at least 12 bad and 12 good cases.
pub fn counts(cases: &[Case]) -> (usize, usize) {
    let bad = cases.iter().filter(|c| !c.want.is_empty()).count();
    (bad, cases.len() - bad)
}

/// A case in an extension popup (`popup.html` loading `popup.js`).
pub fn popup(name: &'static str, js: &'static str, want: &[&'static str]) -> Case {
    case(
        name,
        &[
            ("manifest.json", POPUP),
            ("popup.html", POPUP_HTML),
            ("background.js", ""),
            ("popup.js", js),
        ],
        want,
    )
}

/// Run every case of `rule`, requiring at least 12 bad and 12 good ones.
pub fn run_at_least_12(rule: &str, cases: &[Case]) {
    let (bad, good) = counts(cases);
    assert!(bad >= 12 && good >= 12, "{rule}: {bad} bad, {good} good");
    run(rule, cases);
}

/// A background script and a content script on every site (the `CS` manifest).
pub fn bg_cs(
    name: &'static str,
    background: &'static str,
    content: &'static str,
    want: &[&'static str],
) -> Case {
    Case {
        name,
        files: vec![
            ("manifest.json", CS),
            ("background.js", background),
            ("content.js", content),
        ],
        want: want.to_vec(),
    }
}

/// An external listener handing its Port to a helper that turns the sender away when
/// `reject` holds (a condition on `p.sender`), then listens on the Port and does `handle`
/// with each message `m`: the twins for every rule that must take the helper's check as
/// the listener's, and the weak checks that must be reported there.
pub fn port_helper_checking(reject: &str, handle: &str) -> &'static str {
    let js = format!(
        r#"
function handlePort(p) {{
  if ({reject}) return;
  p.onMessage.addListener((m) => {{ {handle} }});
}}
chrome.runtime.onConnectExternal.addListener((port) => handlePort(port));"#
    );
    // The case tables hold `&'static str`; a test process ends soon after.
    Box::leak(js.into_boxed_str())
}

/// A helper checking the sender's exact origin (see [`port_helper_checking`]).
pub fn self_checking_port_helper(handle: &str) -> &'static str {
    port_helper_checking(r#"p.sender.origin !== "https://ok.example""#, handle)
}

/// The same as [`port_helper_checking`], the helper an immediately invoked function of
/// the listener's.
pub fn port_iife_checking(reject: &str, handle: &str) -> &'static str {
    let js = format!(
        r#"
chrome.runtime.onConnectExternal.addListener((port) => {{
  ((p) => {{
    if ({reject}) return;
    p.onMessage.addListener((m) => {{ {handle} }});
  }})(port);
}});"#
    );
    Box::leak(js.into_boxed_str())
}

/// An external listener that only hands its parameters on to `handle`, which checks the
/// sender's id and then does `act` with the message `msg`: the check is the listener's.
pub fn forwarding_to_checking_handler(act: &str) -> &'static str {
    let js = format!(
        r#"
chrome.runtime.onMessageExternal.addListener((m, s, r) => handle(m, s, r));
function handle(msg, sender, sendResponse) {{
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") return;
  {act}
}}"#
    );
    Box::leak(js.into_boxed_str())
}

/// An external listener that parses `msg.json` in a `try`, sets `cfg` to `fallback` in
/// its `catch`, and `eval`s `cfg`: raw message data when `fallback` is, data only when it
/// is parsed too.
pub fn parsed_in_try(fallback: &str) -> &'static str {
    let js = format!(
        r#"
chrome.runtime.onMessageExternal.addListener((msg) => {{
  let cfg;
  try {{ cfg = JSON.parse(msg.json); }} catch (e) {{ cfg = {fallback}; }}
  eval(cfg);
}});"#
    );
    Box::leak(js.into_boxed_str())
}

/// `background.js` of [`MV2_TWO_SCRIPTS`]: an external listener whose body only hands
/// its Port to two functions of `ports.js` (see [`two_port_handlers`]).
pub const HANDS_PORT_TO_TWO: &str = r#"
chrome.runtime.onConnectExternal.addListener((port) => {
  handleCode(port);
  handleHtml(port);
});"#;

/// An extension whose external listener hands its Port to the two handlers of
/// [`two_port_handlers`] in another background script ([`HANDS_PORT_TO_TWO`]).
pub fn port_handed_to_two(checked: bool) -> Vec<(&'static str, &'static str)> {
    vec![
        ("manifest.json", MV2_TWO_SCRIPTS),
        ("background.js", HANDS_PORT_TO_TWO),
        ("ports.js", two_port_handlers(checked)),
    ]
}

/// `ports.js` of [`MV2_TWO_SCRIPTS`]: two Port handlers, one `eval`ing each message's
/// `code`, one writing its `html` as HTML; with `checked`, each first turns away any
/// sender but one exact origin.
pub fn two_port_handlers(checked: bool) -> &'static str {
    let guard = if checked {
        "  if (p.sender.origin !== \"https://app.example.com\") return;\n"
    } else {
        ""
    };
    let js = format!(
        "\nfunction handleCode(p) {{\n{guard}  p.onMessage.addListener((m) => {{ eval(m.code); }});\n}}\nfunction handleHtml(p) {{\n{guard}  p.onMessage.addListener((m) => {{ document.body.innerHTML = m.html; }});\n}}"
    );
    Box::leak(js.into_boxed_str())
}

/// An external listener handing its Port to a class's constructor (`new Conn(port)`),
/// which listens on it directly or, with `field`, through `this.port`, doing `act` (an
/// arrow body) with each message `m`; with `checked`, the listener first turns away any
/// sender but one exact origin.
pub fn port_to_constructor(field: bool, checked: bool, act: &str) -> &'static str {
    let (store, on) = if field {
        ("    this.port = port;\n", "this.port")
    } else {
        ("", "port")
    };
    let register = if checked {
        r#"chrome.runtime.onConnectExternal.addListener((port) => {
  if (port.sender.origin !== "https://ok.example") return;
  new Conn(port);
});"#
    } else {
        "chrome.runtime.onConnectExternal.addListener((port) => new Conn(port));"
    };
    let js = format!(
        "\nclass Conn {{\n  constructor(port) {{\n{store}    {on}.onMessage.addListener((m) => {act});\n  }}\n}}\n{register}"
    );
    Box::leak(js.into_boxed_str())
}

/// An external Port handed to a helper that listens on it and does `handle` with each
/// message `m`, after the listener's allow-list check.
pub fn checked_port_handoff(handle: &str) -> &'static str {
    let js = format!(
        r#"
const ALLOWED = new Set(["https://ok.example"]);
function later(p) {{
  p.onMessage.addListener((m) => {{ {handle} }});
}}
chrome.runtime.onConnectExternal.addListener((port) => {{
  if (!ALLOWED.has(port.sender.origin)) return;
  later(port);
}});"#
    );
    Box::leak(js.into_boxed_str())
}
