//! The listener and messaging-call model: every API the semantic layer knows, found
//! through whatever names the code gives it.
mod common;

use msglint::parse::parse_unit;
use msglint::semantic::{Event, FnRef, PortKind, Semantic};

/// (event, line of the registration, whether the function resolved) for every listener,
/// and the messaging calls as dotted paths.
fn model(js: &str) -> (Vec<(Event, usize, bool)>, Vec<String>) {
    let parsed = parse_unit(&common::script_unit(js), js).expect("parses");
    let sem = Semantic::build(&parsed.program, parsed.unresolved);
    let line = |off: usize| js[..off].matches('\n').count() + 1;
    let listeners = sem
        .listeners
        .iter()
        .map(|l| {
            (
                l.event.clone(),
                line(l.registration.0),
                !matches!(l.func, FnRef::Unknown),
            )
        })
        .collect();
    let calls = sem
        .api_calls
        .iter()
        .map(|c| {
            c.path
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect();
    (listeners, calls)
}

#[test]
fn every_messaging_event_is_modelled() {
    let js = r#"
chrome.runtime.onMessage.addListener(function (m, s, r) {});
chrome.runtime.onMessageExternal.addListener((m, s, r) => {});
chrome.runtime.onConnect.addListener((port) => {
  port.onMessage.addListener((msg) => port.postMessage(msg));
  port.onDisconnect.addListener(() => {});
});
chrome.runtime.onConnectExternal.addListener((p) => { p.onMessage.addListener(h); });
chrome.runtime.onUserScriptMessage.addListener((m) => {});
window.addEventListener("message", (e) => {});
self.addEventListener("message", onMsg);
document.addEventListener("my-event", (e) => {});
addEventListener("message", (e) => {});
onmessage = (e) => {};
window.onmessage = function (e) {};
chrome.extension.onRequest.addListener(function (r, s, c) {});
function onMsg(e) {}
function h(m) {}
"#;
    let (listeners, _) = model(js);
    use Event::*;
    assert_eq!(
        listeners,
        vec![
            (OnMessage, 2, true),
            (OnMessageExternal, 3, true),
            (OnConnect, 4, true),
            (PortMessage(PortKind::Incoming), 5, true),
            (PortDisconnect(PortKind::Incoming), 6, true),
            (OnConnectExternal, 8, true),
            (PortMessage(PortKind::IncomingExternal), 8, true),
            (OnUserScriptMessage, 9, true),
            (WindowMessage, 10, true),
            (WindowMessage, 11, true),
            (DomEvent("my-event".into()), 12, true),
            (WindowMessage, 13, true),
            (WindowMessage, 14, true),
            (WindowMessage, 15, true),
            (OnMessage, 16, true),
        ]
    );
}

#[test]
fn messaging_calls_and_ports_are_modelled() {
    let js = r#"
const port = chrome.runtime.connect({ name: "x" });
port.postMessage({ a: 1 });
port.onMessage.addListener((m) => {});
const native = browser.runtime.connectNative("com.example.host");
native.postMessage({ cmd: "sign" });
chrome.runtime.sendMessage({ type: "t" });
chrome.tabs.sendMessage(1, { type: "t" });
const tp = chrome.tabs.connect(1);
tp.disconnect();
chrome.runtime.sendNativeMessage("com.example.host", {});
"#;
    let (listeners, calls) = model(js);
    assert_eq!(
        listeners,
        vec![(Event::PortMessage(PortKind::Outgoing), 4, true)]
    );
    assert_eq!(
        calls,
        [
            "runtime.connect",
            "<port>.postMessage",
            "runtime.connectNative",
            "<port>.postMessage",
            "runtime.sendMessage",
            "tabs.sendMessage",
            "tabs.connect",
            "<port>.disconnect",
            "runtime.sendNativeMessage",
        ]
    );
}

#[test]
fn unknown_functions_stay_unknown() {
    let (listeners, _) = model("chrome.runtime.onMessage.addListener(wrap(handler));\nfunction f(g) { chrome.runtime.onMessage.addListener(g); }\n");
    assert_eq!(
        listeners,
        vec![(Event::OnMessage, 1, false), (Event::OnMessage, 2, false)]
    );
}

/// Only the global `chrome` / `browser` names the extension API, bare or read off the
/// global object: a library's local of that name (CodeMirror's `var chrome =
/// /Chrome\//.test(userAgent)`) does not, so its functions are not walked for message
/// data.
#[test]
fn only_the_global_chrome_or_browser_names_the_api() {
    let names_api = |js: &str| {
        let parsed = parse_unit(&common::script_unit(js), js).expect("parses");
        Semantic::build(&parsed.program, parsed.unresolved).names_api
    };
    assert!(!names_api(
        "var chrome = /Chrome\\//.test(navigator.userAgent);\nif (chrome) { f(); }"
    ));
    assert!(!names_api("function f(browser) { return browser.x; }"));
    assert!(!names_api("const o = { chrome: 1 }; o.chrome;"));
    assert!(names_api("var id = chrome.runtime.id;"));
    // Read off the global object, whatever the local is called.
    assert!(names_api("const chrome = window.chrome;"));
    assert!(names_api("const api = globalThis[\"browser\"].runtime;"));
    assert!(names_api("var b = self.browser; b.runtime.id;"));
    assert!(!names_api("var b = config.chrome;"));
    assert!(!names_api("function f(window) { return window.chrome; }"));
    assert!(names_api("(function (b) { b.x(); })(browser);"));
    // Shadowed in one function, global in another.
    assert!(names_api(
        "function f(chrome) { return chrome; }\nfunction g() { return chrome.tabs; }"
    ));
}
