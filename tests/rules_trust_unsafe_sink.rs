//! `unsafe-message-sink`: exact findings for bad code, none for its twins.
mod common;
mod trust_support;

use trust_support::*;

const RULE: &str = "unsafe-message-sink";

fn cases() -> Vec<Case> {
    vec![
        // ---- bad ----
        bg(
            "eval of an external message",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  eval(msg.code);
});"#,
            &["background.js:3:8 error"],
        ),
        cs(
            "innerHTML from a page message",
            r#"
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = e.data.html;
});"#,
            &["content.js:3:46 error"],
        ),
        cs(
            "insertAdjacentHTML",
            r#"
window.addEventListener("message", (e) => {
  document.body.insertAdjacentHTML("beforeend", `<p>${e.data.text}</p>`);
});"#,
            &["content.js:3:49 error"],
        ),
        cs(
            "document.write",
            r#"
window.addEventListener("message", function (e) { document.write(e.data); });"#,
            &["content.js:2:66 error"],
        ),
        cs(
            "jQuery html()",
            r##"
window.addEventListener("message", (e) => { $("#box").html(e.data.html); });"##,
            &["content.js:2:60 error"],
        ),
        cs(
            "navigation to a page-chosen URL",
            r#"
window.addEventListener("message", (e) => { location.href = e.data.url; });"#,
            &["content.js:2:61 error"],
        ),
        cs(
            "sendMessage callback response into innerHTML",
            r#"
chrome.runtime.sendMessage({ type: "card" }, (response) => {
  document.body.innerHTML = response.html;
});"#,
            &["content.js:3:29 warning"],
        ),
        cs(
            "awaited response into outerHTML",
            r##"
(async () => {
  const r = await chrome.runtime.sendMessage({ type: "card" });
  document.querySelector("#c").outerHTML = r.html;
})();"##,
            &["content.js:4:44 warning"],
        ),
        bg(
            "string setTimeout",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => { setTimeout(msg.code, 10); });"#,
            &["background.js:2:68 error"],
        ),
        bg(
            "new Function",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => { const f = new Function(msg.body); f(); });"#,
            &["background.js:2:80 error"],
        ),
        bg(
            "tabs.executeScript code",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  chrome.tabs.executeScript(sender.tab.id, { code: msg.code });
});"#,
            &["background.js:3:52 error"],
        ),
        cs(
            "minified listener",
            r#"window.addEventListener("message",function(t){document.body.innerHTML=t.data})"#,
            &["content.js:1:71 error"],
        ),
        popup(
            "native host reply into innerHTML",
            r#"
const port = chrome.runtime.connectNative("com.example.host");
port.onMessage.addListener((m) => { document.body.innerHTML = m.html; });"#,
            &["popup.js:3:63 warning"],
        ),
        popup(
            // No listener, no `chrome.x.y` chain and no `postMessage`: only the name
            // `chrome` tells the walk that this unit can hold a source.
            "response through a nested destructuring of the namespace",
            r#"
const { runtime: { sendMessage } } = chrome;
sendMessage({ type: "get" }, (r) => { document.body.innerHTML = r.html; });"#,
            &["popup.js:3:65 warning"],
        ),
        cs(
            "srcdoc",
            r#"
window.addEventListener("message", (e) => {
  const f = document.createElement("iframe");
  f.srcdoc = e.data;
});"#,
            &["content.js:4:14 error"],
        ),
        case(
            "default-exported listener module writes HTML",
            &[
                (
                    "manifest.json",
                    r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js", "type": "module"}}"#,
                ),
                (
                    "lib/listener.js",
                    r#"const onMessage = (msg) => {
  document.body.innerHTML = msg.html;
};
export default onMessage;"#,
                ),
                (
                    "background.js",
                    r#"import onMessage from "./lib/listener.js";
chrome.runtime.onMessageExternal.addListener(onMessage);"#,
                ),
            ],
            &["lib/listener.js:2:29 error"],
        ),
        // An escaper is recognized by what it does (see the good twins).
        cs(
            "a function named escapeHtml that does not escape",
            r#"
function escapeHtml(s) { return String(s).trim(); }
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = escapeHtml(e.data.text);
});"#,
            &["content.js:4:46 error"],
        ),
        cs(
            "escaped text next to raw text",
            r#"
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = `<b>${esc(e.data.name)}</b> ${e.data.note}`;
});"#,
            &["content.js:4:46 error"],
        ),
        cs(
            "escaped text decoded again",
            r#"
const esc = (s) => String(s).replace(/</g, "&lt;").replace(/>/g, "&gt;");
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = decodeURIComponent(esc(e.data.text));
});"#,
            &["content.js:4:46 error"],
        ),
        cs(
            "an escaper that hands long text back raw",
            r#"
function esc(s) { if (s.length > 100) return s; return String(s).replace(/</g, "&lt;"); }
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = esc(e.data.text);
});"#,
            &["content.js:4:46 error"],
        ),
        cs(
            "raw text through a wrapper that builds markup",
            r#"
function bold(s) { return "<b>" + s + "</b>"; }
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = bold(e.data.text);
});"#,
            &["content.js:4:46 error"],
        ),
        cs(
            "escaped text through a wrapper that decodes it",
            r#"
const esc = (s) => String(s).replace(/</g, "&lt;").replace(/>/g, "&gt;");
function show(s) { return "<p>" + s.replace(/&lt;/g, "<") + "</p>"; }
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = show(esc(e.data.text));
});"#,
            &["content.js:5:46 error"],
        ),
        cs(
            "escaped text through a wrapper that adds raw message data",
            r#"
const esc = (s) => String(s).replace(/</g, "&lt;").replace(/>/g, "&gt;");
function row(s, note) { return `<td>${s}</td><td>${note}</td>`; }
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = row(esc(e.data.name), e.data.note);
});"#,
            &["content.js:5:46 error"],
        ),
        cs(
            "escaping through the DOM, then raw markup added to the element",
            r#"
function esc(s) { const d = document.createElement("div"); d.textContent = s; d.innerHTML += "<br>" + s; return d.innerHTML; }
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = esc(e.data.text);
});"#,
            // The helper's own write is a sink too (a detached element loads `<img>`s).
            &["content.js:2:94 error", "content.js:4:46 error"],
        ),
        cs(
            "escaping through the DOM, then markup inserted into the element",
            r#"
function esc(s) {
  const d = document.createElement("div");
  d.innerText = s;
  d.insertAdjacentHTML("beforeend", s);
  return d.innerHTML;
}
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = esc(e.data.text);
});"#,
            &["content.js:5:37 error", "content.js:9:46 error"],
        ),
        cs(
            "escaped text is still code for eval",
            r#"
const esc = (s) => String(s).replace(/</g, "&lt;");
window.addEventListener("message", (e) => {
  eval(esc(e.data.code));
});"#,
            &["content.js:4:8 error"],
        ),
        // A Port handed on to a helper, which listens on it: the helper's listener is
        // the listener's, checked or not as the listener is where it hands the Port on.
        bg(
            "a Port handed to a helper, no sender check",
            BG,
            r#"
function handlePort(p) {
  p.onMessage.addListener((m) => { eval(m.code); });
}
chrome.runtime.onConnectExternal.addListener((port) => handlePort(port));"#,
            &["background.js:3:41 error"],
        ),
        bg(
            "a Port handed to a helper by a checked and an unchecked listener",
            BG,
            // The checked hand-off below, and a second listener handing its Port on unchecked.
            Box::leak(
                format!(
                    "{}\nchrome.runtime.onConnectExternal.addListener((port) => later(port));",
                    checked_port_handoff("eval(m.code);")
                )
                .into_boxed_str(),
            ),
            &["background.js:4:41 error"],
        ),
        bg(
            "a Port handed through two helpers, no sender check",
            BG,
            r#"
chrome.runtime.onConnectExternal.addListener((port) => {
  open(port);
});
function open(p) {
  function inner(q) { q.onMessage.addListener((m) => { eval(m.code); }); }
  inner(p);
}"#,
            &["background.js:6:61 error"],
        ),
        bg(
            "a Port handed to a helper past a weak check",
            BG,
            r#"
function once(q) {
  q.onMessage.addListener((m) => { document.body.innerHTML = m.html; });
}
chrome.runtime.onConnectExternal.addListener((port) => {
  if (port.sender.url.startsWith("https://ok.example")) once(port);
});"#,
            &["background.js:3:62 error"],
        ),
        // Handed to a method, of an object or of the listener's own class.
        bg(
            "a Port handed to an object's method, no sender check",
            BG,
            r#"
const hub = {
  handle(p) { p.onMessage.addListener((m) => { eval(m.code); }); },
};
chrome.runtime.onConnectExternal.addListener((port) => hub.handle(port));"#,
            &["background.js:3:53 error"],
        ),
        bg(
            "a Port handed to a class's method through this, no sender check",
            BG,
            r#"
class Hub {
  start() { chrome.runtime.onConnectExternal.addListener((port) => this.handle(port)); }
  handle(p) { p.onMessage.addListener((m) => { eval(m.code); }); }
}
new Hub().start();"#,
            &["background.js:4:53 error"],
        ),
        case(
            "a listener forwarding to an imported function",
            &[
                ("manifest.json", MODULE_SW),
                (
                    "background.js",
                    r#"
import { handle } from "./handle.js";
chrome.runtime.onMessageExternal.addListener((m, s, r) => handle(m, s, r));"#,
                ),
                (
                    "handle.js",
                    r#"
export function handle(msg, sender, sendResponse) {
  document.body.innerHTML = msg.html;
}"#,
                ),
            ],
            &["handle.js:3:29 error"],
        ),
        bg(
            "a Port handed to a class's constructor, no sender check",
            BG,
            port_to_constructor(false, false, "{ eval(m.code); }"),
            &["background.js:4:46 error"],
        ),
        bg(
            "a Port kept in a field by a class's constructor, no sender check",
            BG,
            r#"
class Conn {
  constructor(port) {
    this.port = port;
    this.port.onMessage.addListener((m) => this.onMsg(m));
  }
  onMsg(m) { eval(m.code); }
}
chrome.runtime.onConnectExternal.addListener((port) => new Conn(port));"#,
            &["background.js:7:19 error"],
        ),
        bg(
            "parsed as JSON in a try, the raw string in its catch, to eval",
            BG,
            parsed_in_try("msg.json"),
            &["background.js:5:8 error"],
        ),
        bg(
            "parsed as JSON, then replaced by the raw string on a branch, to eval",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  let cfg = JSON.parse(msg.json);
  if (msg.raw) cfg = msg.json;
  eval(cfg);
});"#,
            &["background.js:5:8 error"],
        ),
        case(
            "Port handed to two handlers of another background script",
            &port_handed_to_two(false),
            &["ports.js:3:41 error", "ports.js:6:62 error"],
        ),
        // ---- good ----
        bg(
            "a Port kept in a field after the listener checked its sender",
            BG,
            port_to_constructor(true, true, "{ eval(m.code); }"),
            &[],
        ),
        bg(
            "a Port handed to a class's constructor after the listener checked its sender",
            BG,
            port_to_constructor(false, true, "{ eval(m.code); }"),
            &[],
        ),
        bg(
            "a listener forwarding to a function that checks the sender",
            BG,
            forwarding_to_checking_handler("eval(msg.code);"),
            &[],
        ),
        bg(
            "a Port handed to an object's method after the listener checked its sender",
            BG,
            r#"
const hub = {
  handle(p) { p.onMessage.addListener((m) => { eval(m.code); }); },
};
chrome.runtime.onConnectExternal.addListener((port) => {
  if (port.sender.origin !== "https://ok.example") return;
  hub.handle(port);
});"#,
            &[],
        ),
        bg(
            "a Port handed to an immediately invoked function that checks its sender",
            BG,
            port_iife_checking(
                r#"p.sender.origin !== "https://ok.example""#,
                "eval(m.code);",
            ),
            &[],
        ),
        bg(
            "a Port handed to a class's method that checks its sender",
            BG,
            r#"
class Hub {
  start() { chrome.runtime.onConnectExternal.addListener((port) => this.handle(port)); }
  handle(p) {
    if (p.sender.origin !== "https://ok.example") return;
    p.onMessage.addListener((m) => { eval(m.code); });
  }
}
new Hub().start();"#,
            &[],
        ),
        // Handed on twice: checked before the first hand-off, so past both.
        bg(
            "a Port handed through two helpers after the listener checked its sender",
            BG,
            r#"
chrome.runtime.onConnectExternal.addListener((port) => {
  if (port.sender.origin !== "https://ok.example") return;
  setup(port);
});
function setup(p) {
  function inner(q) { q.onMessage.addListener((m) => { eval(m.code); }); }
  inner(p);
}"#,
            &[],
        ),
        // The same, the inner helper declared first: callers are walked first.
        bg(
            "a Port handed through two helpers declared innermost first, after a check",
            BG,
            r#"
function inner(q) { q.onMessage.addListener((m) => { eval(m.code); }); }
function outer(p) { inner(p); }
chrome.runtime.onConnectExternal.addListener((port) => {
  if (port.sender.origin !== "https://ok.example") return;
  outer(port);
});"#,
            &[],
        ),
        // The twins: the sender checked in the helper, or before every hand-off.
        bg(
            "a Port handed to a helper that checks its sender",
            BG,
            self_checking_port_helper("eval(m.code);"),
            &[],
        ),
        bg(
            "a Port handed to a helper after the listener checked its sender",
            BG,
            checked_port_handoff("eval(m.code);"),
            &[],
        ),
        bg(
            "a minified Port helper behind a checked listener",
            BG,
            r#"
var h=function(e){e.onMessage.addListener(function(t){eval(t.c)})};
chrome.runtime.onConnectExternal.addListener(function(n){if(n.sender.origin!=="https://ok.example")return;h(n)});"#,
            &[],
        ),
        cs(
            "a replace chain that escapes",
            r#"
function escapeHtml(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = `<b>${escapeHtml(e.data.name)}</b>`;
});"#,
            &[],
        ),
        cs(
            "minified escaper with a lookup table",
            r#"var m={"&":"&amp;","<":"&lt;",">":"&gt;"};function t(e){return(""+e).replace(/[&<>]/g,function(c){return m[c]})}window.addEventListener("message",function(e){document.body.innerHTML=t(e.data.x)})"#,
            &[],
        ),
        cs(
            "an escaper that escapes on every path",
            r#"
function esc(s) { if (!s) return ""; return String(s).replace(/</g, "&lt;"); }
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = esc(e.data.text);
});"#,
            &[],
        ),
        cs(
            "escaping through the DOM",
            r#"
function esc(s) { const d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = esc(e.data.text);
});"#,
            &[],
        ),
        cs(
            "escaped text through wrappers that only build markup around it",
            r#"
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
function bold(s) { return "<b>" + s + "</b>"; }
const item = (s) => `<li>${bold(s.trim())}</li>`;
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = item(esc(e.data.text));
});"#,
            &[],
        ),
        cs(
            "escaped text and a constant through one wrapper",
            r#"
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
function row(s, cls) { return `<td class="${cls}">${s}</td>`; }
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = row(esc(e.data.name), "name");
});"#,
            &[],
        ),
        cs(
            "escaping through the DOM, the element styled before its text is set",
            r#"
function esc(s) {
  const d = document.createElement("div");
  d.className = "msg";
  d.innerHTML = "<i>old</i>";
  d.textContent = s;
  return d.innerHTML;
}
window.addEventListener("message", (e) => {
  document.getElementById("out").innerHTML = esc(e.data.text);
});"#,
            &[],
        ),
        cs(
            "textContent instead of innerHTML",
            r#"
window.addEventListener("message", (e) => {
  document.getElementById("out").textContent = e.data.html;
});"#,
            &[],
        ),
        bg(
            "JSON.parse is data, not code",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  const cfg = JSON.parse(msg.json);
  setTimeout(() => console.log(cfg), 0);
});"#,
            &[],
        ),
        bg(
            "parsed as JSON on both paths of a try, to eval",
            BG,
            parsed_in_try("JSON.parse(msg.fallback)"),
            &[],
        ),
        case(
            "Port handed to two handlers of another background script, each checking the origin",
            &port_handed_to_two(true),
            &[],
        ),
        cs(
            "innerText",
            r#"
window.addEventListener("message", (e) => { document.body.innerText = e.data; });"#,
            &[],
        ),
        cs(
            "setAttribute of a non-event attribute",
            r#"
window.addEventListener("message", (e) => { document.body.setAttribute("title", e.data); });"#,
            &[],
        ),
        cs(
            "navigation with a constant origin and an encoded query",
            r#"
window.addEventListener("message", (e) => {
  location.href = "https://example.com/search?q=" + encodeURIComponent(e.data.q);
});"#,
            &[],
        ),
        bg(
            "computed access to the API in a unit that keeps Ports in a Set",
            BG,
            r#"
const ports = new Set();
chrome.runtime.onConnectExternal.addListener((port) => { ports.add(port); });
chrome["runtime"]["onMessageExternal"].addListener((m) => { eval(m.code); });"#,
            &["background.js:4:66 error"],
        ),
        cs(
            "navigation to a javascript: URL the code builds from page data",
            r#"
const RUN = "javascript:";
window.addEventListener("message", (e) => {
  location.href = "javascript:" + e.data.code;
  location.href = `${RUN}${e.data.code}`;
});"#,
            &["content.js:4:19 error", "content.js:5:19 error"],
        ),
        cs(
            "navigation to a page-chosen URL proven to stay on one site",
            r#"
window.addEventListener("message", (e) => {
  const url = e.data.url;
  if (typeof url !== "string" || !url.startsWith("https://example.com/")) return;
  location.href = url;
  window.open(url);
});"#,
            &[],
        ),
        cs(
            "a URL proven to stay on one site is still HTML and code",
            r#"
window.addEventListener("message", (e) => {
  const url = e.data.url;
  if (!/^https:\/\/example\.com\//.test(url)) return;
  document.body.innerHTML = url;
  setTimeout(url, 10);
  location.href = url.replace("https://example.com/", "");
});"#,
            &[
                "content.js:5:29 error",
                "content.js:6:14 error",
                "content.js:7:19 error",
            ],
        ),
        cs(
            "navigation to a constant origin kept in a binding, or to a constant that adds none",
            r#"
const HOME = "https://example.com/";
const NOTHING = "";
window.addEventListener("message", (e) => {
  location.href = HOME + e.data.page;
  location.href = NOTHING + e.data.url;
});"#,
            &["content.js:6:19 error"],
        ),
        cs(
            "template with a constant origin",
            r#"
window.addEventListener("message", (e) => { location.href = `https://example.com/p/${e.data.id}`; });"#,
            &[],
        ),
        cs(
            "exact origin check before innerHTML",
            r#"
window.addEventListener("message", (e) => {
  if (e.origin !== "https://app.example.com") return;
  document.body.innerHTML = e.data.html;
});"#,
            &[],
        ),
        cs(
            "DOM append inserts text",
            r#"
window.addEventListener("message", (e) => { document.body.append(e.data); });"#,
            &[],
        ),
        bg(
            "setTimeout with a function",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => { setTimeout(() => console.log(msg), 10); });"#,
            &[],
        ),
        popup(
            "response shown as text",
            r#"
chrome.runtime.sendMessage({ type: "get" }, (s) => {
  document.getElementById("out").textContent = JSON.stringify(s);
});"#,
            &[],
        ),
        cs(
            "DOMPurify.sanitize",
            r#"
window.addEventListener("message", (e) => { document.body.innerHTML = DOMPurify.sanitize(e.data); });"#,
            &[],
        ),
        cs(
            "unresolved function result is not guessed",
            r#"
import { render } from "./render.js";
window.addEventListener("message", (e) => { document.body.innerHTML = render(e.data); });"#,
            &[],
        ),
        cs(
            "constant HTML",
            r#"
window.addEventListener("message", (e) => { if (e.data) document.body.innerHTML = "<b>hi</b>"; });"#,
            &[],
        ),
    ]
}

#[test]
fn unsafe_message_sink_cases() {
    run_at_least_12(RULE, &cases());
}

/// Functions that hold no listener, API call or `postMessage` are not walked, unless
/// they read a tainted variable or call a local function: these flows cross into such
/// functions and must still be found.
/// A plain function whose only finding is a wildcard post: the text `postMessage` is what
/// keeps it from being skipped.
#[test]
fn a_wildcard_post_in_a_plain_function_is_found() {
    run(
        "postmessage-wildcard-origin",
        &[cs(
            "a helper posting its argument to a frame",
            "function ping(frame, data) {\n  frame.contentWindow.postMessage(data, \"*\");\n}",
            &["content.js:2:3 warning"],
        )],
    );
}

#[test]
fn flows_into_functions_without_messaging_code_are_found() {
    run(
        RULE,
        &[
            cs(
                "a global set by a listener, rendered by a plain function",
                r#"let last = "";
window.addEventListener("message", (e) => {
  last = e.data.html;
});
function render() {
  document.getElementById("out").innerHTML = last;
}"#,
                &["content.js:6:46 error"],
            ),
            cs(
                "a plain function rendering what a local helper fetched",
                r#"async function fetchStatus() {
  return await chrome.runtime.sendMessage({ type: "status" });
}
async function render() {
  document.getElementById("out").innerHTML = await fetchStatus();
}"#,
                &["content.js:5:46 warning"],
            ),
            cs(
                "a plain function rendering its own constant",
                r#"function render() {
  const html = "<b>ready</b>";
  document.getElementById("out").innerHTML = html;
}
window.addEventListener("message", (e) => {
  if (e.source !== window) return;
  document.getElementById("out").textContent = e.data.text;
});"#,
                &[],
            ),
        ],
    );
}

/// The API reached through a local named `chrome` read off `window`, or off `globalThis`
/// under another name: a response kept in a global still reaches the plain function
/// that renders it (the unit is walked for message data however it names the API).
#[test]
fn a_response_kept_in_a_global_is_found_however_the_api_is_named() {
    for (alias, root) in [
        ("const chrome = window.chrome;", "chrome"),
        ("const api = globalThis[\"browser\"];", "api"),
    ] {
        let js: &'static str = Box::leak(
            format!(
                "{alias}\nlet last;\nasync function ask() {{ last = await {root}.runtime.sendMessage({{ q: 1 }}); }}\nfunction show() {{ document.body.innerHTML = last; }}\nask().then(show);"
            )
            .into_boxed_str(),
        );
        run(
            RULE,
            &[cs(
                "a response kept in a global",
                js,
                &["content.js:4:45 warning"],
            )],
        );
    }
}

/// A context a unit gains through an import is analyzed: `shared.js` is a content script
/// (where `onMessage` brings nothing untrusted) that the background also imports (where it
/// brings a content script's message, and `cs.js` is a content script that sends).
#[test]
fn a_context_gained_through_an_import_is_analyzed() {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1",
      "background": {"service_worker": "bg.js", "type": "module"},
      "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js", "shared.js"]}]}"#;
    let cs = r#"chrome.runtime.sendMessage({ type: "run", code: document.title });"#;
    let shared = "chrome.runtime.onMessage.addListener((m) => { eval(m.code); });\n";
    let files = |bg| {
        [
            ("manifest.json", manifest),
            ("bg.js", bg),
            ("cs.js", cs),
            ("shared.js", shared),
        ]
    };
    assert_eq!(findings(&files(""), RULE), Vec::<String>::new());
    assert_eq!(
        findings(&files("import \"./shared.js\";\n"), RULE),
        ["shared.js:1:52 warning"]
    );
}

/// Two imported handlers in two files, their `eval`s at the same offset of each file:
/// both are findings. Sinks were told apart by offset alone, so the second file's was
/// taken for the first's and dropped.
#[test]
fn sinks_at_the_same_offset_of_two_files_are_two_findings() {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1",
      "background": {"service_worker": "bg.js", "type": "module"}}"#;
    let bg = "import { h } from \"./a.js\";\nimport { v } from \"./b.js\";\n\
              chrome.runtime.onMessageExternal.addListener((m) => { h(m); v(m); });\n";
    assert_eq!(
        findings(
            &[
                ("manifest.json", manifest),
                ("bg.js", bg),
                ("a.js", "export function h(m) { eval(m.a); }\n"),
                ("b.js", "export function v(m) { eval(m.b); }\n"),
            ],
            RULE
        ),
        ["a.js:1:29 error", "b.js:1:29 error"]
    );
}

/// A listener that is a method inherited from a base class, or of an instance, and a
/// Port handed to an inherited method: the flows in them are found.
#[test]
fn flows_through_inherited_and_instance_methods_are_found() {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1",
      "background": {"service_worker": "bg.js"}}"#;
    let bg = r#"class Base {
  onExternal(msg) { eval(msg.code); }
  handle(port) { port.onMessage.addListener((m) => { document.body.innerHTML = m.html; }); }
}
class Hub extends Base {
  start() {
    chrome.runtime.onMessageExternal.addListener(this.onExternal);
    chrome.runtime.onConnectExternal.addListener((port) => this.handle(port));
  }
}
new Hub().start();
class Router { route(msg) { setTimeout(msg.later, 0); } }
const router = new Router();
chrome.runtime.onMessageExternal.addListener(router.route);
"#;
    assert_eq!(
        findings(&[("manifest.json", manifest), ("bg.js", bg)], RULE),
        ["bg.js:2:26 error", "bg.js:3:80 error", "bg.js:12:40 error"]
    );
}

/// Data built into code as a JSON text where an expression goes is data to that code
/// (browserpass fills forms with `` `fillLogin(${JSON.stringify(request)})` ``), directly
/// or through a helper; the same text inside a string literal or a comment, or beside
/// raw data, is still code injection.
#[test]
fn json_spliced_where_an_expression_goes_is_not_code() {
    let bg = r#"const fill = (tabId, req) => chrome.tabs.executeScript(tabId, { code: `window.pw.fill(${JSON.stringify(req)});` });
chrome.runtime.onMessageExternal.addListener((m, s) => {
  chrome.tabs.executeScript(s.tab.id, { code: `run(${JSON.stringify(m.args)}, ${JSON.stringify(m.more)})` });
  chrome.tabs.executeScript(s.tab.id, { code: "run(" + JSON.stringify(m.args) + ")" });
  fill(s.tab.id, m.login);
  chrome.tabs.executeScript(s.tab.id, { code: `run('${JSON.stringify(m.args)}')` });
  chrome.tabs.executeScript(s.tab.id, { code: `run(${JSON.stringify(m.args)}, ${m.raw})` });
  chrome.tabs.executeScript(s.tab.id, { code: "// " + JSON.stringify(m.note) });
  chrome.tabs.executeScript(s.tab.id, { code: JSON.stringify(m.args).slice(1) });
});
"#;
    assert_eq!(
        findings(&[("manifest.json", BG), ("background.js", bg)], RULE),
        [
            "background.js:6:47 error",
            "background.js:7:47 error",
            "background.js:8:47 error",
            "background.js:9:47 error",
        ]
    );
}

/// jQuery parses a string as HTML only when it opens with `<`: one that opens with a
/// selector (`'#list [data-origin="' + origin + '"]'`, Privacy Badger's options page) is
/// a selector, whatever the data in it.
#[test]
fn jquery_selectors_built_from_data_are_not_html() {
    let cs = r##"window.addEventListener("message", (e) => {
  $('#blocked div.clicker[data-origin="' + e.data.origin + '"]').remove();
  $(`.row[data-id="${e.data.id}"]`, document).hide();
  $("<li>" + e.data.name + "</li>").appendTo("#list");
  $("  <b>" + e.data.name).appendTo("#list");
  $(e.data.selector).hide();
});
"##;
    assert_eq!(
        findings(&[("manifest.json", CS), ("content.js", cs)], RULE),
        [
            "content.js:4:5 error",
            "content.js:5:5 error",
            "content.js:6:5 error",
        ]
    );
}

/// An image, audio or video element loads its `src` as media: a `javascript:` URL there
/// runs nothing (TreeStyleTab shows a tab's favicon URL so). A frame's or a script's
/// `src`, and an element msglint cannot place, still count.
#[test]
fn media_sources_are_not_navigation() {
    let popup = r#"chrome.runtime.sendMessage({ type: "tabs" }, (tab) => {
  const item = document.createElement("li");
  const icon = item.appendChild(document.createElement("img"));
  icon.src = tab.favIconUrl;
  const img = new Image();
  img.src = tab.preview;
  document.createElement("video").setAttribute("src", tab.clip);
  const frame = document.createElement("iframe");
  frame.src = tab.url;
  const el = document.querySelector(tab.selector);
  el.src = tab.other;
  const script = document.createElement("script");
  script.setAttribute("src", tab.lib);
});
"#;
    assert_eq!(
        findings(
            &[
                ("manifest.json", POPUP),
                ("popup.html", POPUP_HTML),
                ("popup.js", popup)
            ],
            RULE
        ),
        [
            "popup.js:9:15 warning",
            "popup.js:11:12 warning",
            "popup.js:13:30 warning",
        ]
    );
}

/// A module imported by a root-relative specifier (`/lib/handlers.js`, resolved from the
/// extension's root as the browser does; Tree Style Tab writes all its imports so): the
/// listener it exports is found and walked there, as for `./lib/handlers.js`.
#[test]
fn listeners_imported_from_the_extension_root_are_followed() {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1",
      "background": {"service_worker": "background/main.js", "type": "module"}}"#;
    for spec in ["/lib/handlers.js", "../lib/handlers.js", "/lib/handlers"] {
        let main = format!(
            "import {{ onExternal }} from \"{spec}\";\nchrome.runtime.onMessageExternal.addListener(onExternal);\n"
        );
        assert_eq!(
            findings(
                &[
                    ("manifest.json", manifest),
                    ("background/main.js", &main),
                    (
                        "lib/handlers.js",
                        "export function onExternal(m) { eval(m.code); }\n"
                    ),
                ],
                RULE
            ),
            ["lib/handlers.js:1:38 error"],
            "{spec}"
        );
    }
}

/// The API imported from a module of the extension (a wrapper picking `browser` or
/// `chrome`): the external listener registered through it is found, with its sink; a
/// wrapper exporting an object of the same shape is not the API.
#[test]
fn an_external_listener_registered_through_an_api_wrapper_module() {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1",
      "background": {"service_worker": "bg.js", "type": "module"}}"#;
    let bg = "import api from \"./api.js\";\napi.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {\n  eval(msg.code);\n});\n";
    let real = "const api = globalThis.browser ?? globalThis.chrome;\nexport default api;\n";
    let fake = "export default { runtime: { onMessageExternal: { addListener(f) {} } } };\n";
    for (api, want) in [(real, vec!["bg.js:3:8 error"]), (fake, vec![])] {
        assert_eq!(
            findings(
                &[("manifest.json", manifest), ("api.js", api), ("bg.js", bg)],
                RULE
            ),
            want,
            "api.js: {api}"
        );
    }
}
