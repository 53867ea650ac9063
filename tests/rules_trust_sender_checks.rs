//! `missing-sender-check` and `weak-sender-check`: exact findings, none for twins.
mod common;
mod trust_support;

use trust_support::*;

/// An MV2 background of two classic scripts: `handlers.js`, then `background.js`.
const MV2_TWO_SCRIPTS: &str = r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["handlers.js", "background.js"]}}"#;

/// An external listener handing its Port, unchecked, to a helper that listens on it.
const PORT_HANDOFF: &str = r#"
function handlePort(p) {
  p.onMessage.addListener((m) => console.log(m));
}
chrome.runtime.onConnectExternal.addListener((port) => handlePort(port));"#;

/// An MV3 module service worker, `background.js`.
const MODULE_BG: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js", "type": "module"}}"#;

/// An external listener that writes a message field to storage when `{obj}.origin` is one
/// of forty exact origins, tested as one `||` chain, as an allow-list is written out.
fn forty_origins_guard(obj: &str) -> &'static str {
    let chain: Vec<String> = (0..40)
        .map(|i| format!("    {obj}.origin === \"https://app{i}.example.com\""))
        .collect();
    let js = format!(
        "\nchrome.runtime.onMessageExternal.addListener((msg, sender) => {{\n  if (\n{}\n  ) {{\n    chrome.storage.local.set({{ v: msg.v }});\n  }}\n}});",
        chain.join(" ||\n")
    );
    // The case table holds `&'static str`; a test process ends soon after.
    Box::leak(js.into_boxed_str())
}

fn missing() -> Vec<Case> {
    vec![
        // ---- bad ----
        bg(
            "external listener reads the message",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "external listener answers without reading",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  sendResponse({ version: 3 });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "onConnectExternal port",
            BG,
            r#"
chrome.runtime.onConnectExternal.addListener((port) => {
  port.onMessage.addListener((m) => console.log(m));
});"#,
            &["background.js:2:1 error"],
        ),
        // Handing the Port to a function that listens on it uses it, as listening in the
        // listener does.
        bg(
            "a Port handed to a helper that listens on it",
            BG,
            PORT_HANDOFF,
            &["background.js:5:1 error"],
        ),
        bg(
            "a Port handed through two helpers",
            BG,
            r#"
chrome.runtime.onConnectExternal.addListener((port) => {
  open(port);
});
function open(p) {
  function inner(q) { q.onMessage.addListener((m) => console.log(m)); }
  inner(p);
}"#,
            &["background.js:2:1 error"],
        ),
        cs(
            "window message in a content script",
            r#"
window.addEventListener("message", (event) => {
  console.log(event.data.type);
});"#,
            &["content.js:2:1 error"],
        ),
        cs(
            "onmessage property",
            r#"
window.onmessage = (e) => { console.log(e.data); };"#,
            &["content.js:2:1 error"],
        ),
        popup(
            "message listener in an extension page",
            r#"
self.addEventListener("message", (e) => { console.log(e.data); });"#,
            &["popup.js:2:1 error"],
        ),
        bg(
            "sendResponse handed to an API answers",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  chrome.storage.local.get("theme", sendResponse);
  return true;
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "async listener answering with a value it returns",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener(async () => {
  const { theme } = await chrome.storage.local.get("theme");
  return theme;
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "check after the use",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  console.log(msg.kind);
  if (sender.origin !== "https://app.example.com") return;
});"#,
            &["background.js:2:1 error"],
        ),
        cs(
            "minified relay",
            r#"window.addEventListener("message",function(e){chrome.runtime.sendMessage(e.data)})"#,
            &["content.js:1:1 error"],
        ),
        bg(
            "narrow externally_connectable: warning",
            NARROW,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => { console.log(msg); });"#,
            &["background.js:2:1 warning"],
        ),
        bg(
            "a public-suffix wildcard admits every site: error",
            r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js"}, "externally_connectable": {"matches": ["https://*.github.io/*"]}}"#,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => { console.log(msg); });"#,
            &["background.js:2:1 error"],
        ),
        cs(
            "destructured data",
            r#"
window.addEventListener("message", ({ data }) => { console.log(data); });"#,
            &["content.js:2:1 error"],
        ),
        bg(
            "a check inside one branch does not cover the rest",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (msg.strict) {
    if (sender.origin !== "https://app.example.com") return;
  }
  console.log(msg);
});"#,
            &["background.js:2:1 error"],
        ),
        cs(
            "document message listener",
            r#"
document.addEventListener("message", (e) => { console.log(e.data); });"#,
            &["content.js:2:1 error"],
        ),
        cs(
            // webext-bridge 6.0.1's port handshake: the event destructured in the body.
            "event destructured in the body, a page can offer the port",
            r#"
const accept = (event) => {
  const { data: { cmd, scope }, ports } = event;
  if (cmd === "port-offer" && scope === "ns") ports[0].postMessage("accepted");
};
window.addEventListener("message", accept);"#,
            &["content.js:6:1 error"],
        ),
        cs(
            "message named first, then used before the check",
            r#"
window.addEventListener("message", (e) => {
  const data = e.data;
  chrome.runtime.sendMessage({ type: "relay", v: data.v });
  if (e.origin !== "https://app.example.com") return;
});"#,
            &["content.js:2:1 error"],
        ),
        cs(
            // A feature test that a page also passes is no worker guard.
            "self.onmessage behind a test any window passes",
            r#"
if (typeof Worker !== "undefined") {
  self.onmessage = function (e) { console.log(e.data.id); };
}"#,
            &["content.js:3:3 error"],
        ),
        bg(
            // A binding given another value later is not the check it started as.
            "a check kept in a binding that is reassigned",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let ok = sender.origin === "https://app.example.com";
  ok = true;
  if (!ok) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        // A check kept in a flag counts only when the flag can prove it (see the good twins).
        bg(
            "flag declared outside the listener stays true for later senders",
            BG,
            r#"
const ALLOWED = new Set(["abcdefghijklmnopabcdefghijklmnop"]);
let trusted = false;
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (ALLOWED.has(sender.id)) trusted = true;
  if (!trusted) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:4:1 error"],
        ),
        bg(
            "flag also set by the message",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let ok = false;
  if (sender.id === "abcdefghijklmnopabcdefghijklmnop") ok = true;
  else ok = msg.trusted;
  if (!ok) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "flag set where the check failed",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let ok = false;
  if (sender.id === "abcdefghijklmnopabcdefghijklmnop") {
    console.log("known sender");
  } else {
    ok = true;
  }
  if (!ok) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "flag tested before the check sets it",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let ok = false;
  if (!ok) return;
  if (sender.id === "abcdefghijklmnopabcdefghijklmnop") ok = true;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "deny flag cleared only under another condition",
            BG,
            r#"
const ALLOWED = new Set(["abcdefghijklmnopabcdefghijklmnop"]);
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let ok = true;
  if (msg.strict) { if (!ALLOWED.has(sender.id)) ok = false; }
  if (!ok) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:3:1 error"],
        ),
        bg(
            "deny flag cleared by a test of the message alone",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let ok = true;
  if (!msg.token) ok = false;
  if (!ok) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "deny flag tested before the check clears it",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let ok = true;
  if (!ok) return;
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") ok = false;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "deny flags cleared by tests of each other (judged a few levels deep, then not)",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let a = true;
  let b = true;
  if (!b) a = false;
  if (!a) b = false;
  if (!a) a = false;
  if (!a || !b) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "deny flag set true again by the message",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let ok = true;
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") ok = false;
  if (msg.force) ok = true;
  if (!ok) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "flag set by a nested function the check does not guard",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener(function (msg, sender, sendResponse) {
  var ok = false;
  function grant() { ok = true; }
  if (sender.id === "abcdefghijklmnopabcdefghijklmnop") ok = true;
  grant();
  if (!ok) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "some() over an allow-list testing the message, not the sender",
            BG,
            r#"
const ALLOWED = ["https://app.example.com"];
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (!ALLOWED.some((o) => msg.origin === o)) return;
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:3:1 error"],
        ),
        bg(
            "one side of || is not a sender check",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (sender.origin === "https://app.example.com" || msg.force) {
    sendResponse({ echo: msg.text });
  }
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "switch on the sender whose default falls out of the switch",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  switch (sender.origin) {
    case "https://app.example.com": console.log("app"); break;
    default: break;
  }
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "check inside a try whose handler carries on",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  try {
    if (new URL(sender.url).host !== "app.example.com") return;
  } catch (e) {
    console.warn(e);
  }
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "message used in the branch that turns the sender away, then after it",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") {
    sendResponse({ error: "forbidden" });
  }
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:2:1 error"],
        ),
        cs(
            // comlink 4.4.2's cross-origin test: the else branch is not the sender failing.
            "else branch of a data-and-origin test",
            r#"
window.addEventListener("message", (ev) => {
  if (ev.data === "ready" && ev.origin === "https://app.example.com") {
    console.log("ready");
  } else if (ev.data === "done") {
    console.log("done");
  }
});"#,
            &["content.js:2:1 error"],
        ),
        cs(
            "helper given the event that tests only its data",
            r#"
function isOurs(e) { return e.data && e.data.type === "ours"; }
window.addEventListener("message", (event) => {
  if (!isOurs(event)) return;
  console.log(event.data.v);
});"#,
            &["content.js:3:1 error"],
        ),
        cs(
            "helper given the event that only calls itself",
            r#"
function loop(e) { return loop(e); }
window.addEventListener("message", (event) => {
  if (!loop(event)) return;
  console.log(event.data.v);
});"#,
            &["content.js:3:1 error"],
        ),
        bg(
            "helper given the sender that cannot throw",
            BG,
            r#"
function logSender(sender) { console.log(sender.id); }
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  logSender(sender);
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:3:1 error"],
        ),
        bg(
            "throwing helper given the message, not the sender",
            BG,
            r#"
function validate(m) { if (typeof m.text !== "string") throw new TypeError("text"); }
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  validate(msg);
  sendResponse({ echo: msg.text });
});"#,
            &["background.js:3:1 error"],
        ),
        bg(
            "filter() result tested as an object: always truthy",
            BG,
            r#"
const ALLOWED = ["https://app.example.com"];
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (ALLOWED.filter((o) => o === sender.origin)) sendResponse({ echo: msg.text });
});"#,
            &["background.js:3:1 error"],
        ),
        bg(
            "filter() length compared with something always true",
            BG,
            r#"
const ALLOWED = ["https://app.example.com"];
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (ALLOWED.filter((o) => o === sender.origin).length >= 0) console.log(msg.text);
});"#,
            &["background.js:3:1 error"],
        ),
        bg(
            "a Port handed to a class's method that listens on it",
            BG,
            r#"
class Hub {
  start() { chrome.runtime.onConnectExternal.addListener((port) => this.handle(port)); }
  handle(p) { p.onMessage.addListener((m) => console.log(m)); }
}
new Hub().start();"#,
            &["background.js:3:13 error"],
        ),
        bg(
            "a Port handed to an immediately invoked function that listens on it",
            BG,
            r#"
chrome.runtime.onConnectExternal.addListener((port) => {
  ((p) => { p.onMessage.addListener((m) => console.log(m)); })(port);
});"#,
            &["background.js:2:1 error"],
        ),
        // A listener that only hands its parameters on registers the function it hands
        // them to: that function's check, or its lack of one, is the listener's.
        bg(
            "a listener forwarding to a function that does not check the sender",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, r) => handle(m, s, r));
function handle(msg, sender, sendResponse) {
  chrome.storage.local.set({ v: msg.v });
}"#,
            &["background.js:2:1 error"],
        ),
        bg(
            "a Port handed to a class's constructor that listens on it",
            BG,
            port_to_constructor(false, false, "console.log(m)"),
            &["background.js:7:1 error"],
        ),
        bg(
            "a Port kept in a field and listened on through it",
            BG,
            port_to_constructor(true, false, "console.log(m)"),
            &["background.js:8:1 error"],
        ),
        // Reported once, though each handler is walked as the listener.
        case(
            "a Port handed to two handlers of another background script",
            &port_handed_to_two(false),
            &["background.js:2:1 error"],
        ),
        cs(
            "an origin check skipped when the message has no data, or some other flag is unset",
            r#"
const allowed = "https://app.example.com";
window.addEventListener("message", (e) => {
  if (e.data && e.origin !== allowed) return;
  chrome.storage.local.set({ a: e.data });
});
window.addEventListener("message", (e) => {
  if (window.strict && e.origin !== allowed) return;
  chrome.storage.local.set({ b: e.data });
});"#,
            &["content.js:3:1 error", "content.js:7:1 error"],
        ),
        // ---- good ----
        cs(
            "an allowed origin enforced whenever it is set (inline, and in a local helper)",
            r#"
const allowed = "https://app.example.com";
window.addEventListener("message", (e) => {
  if (typeof allowed === "string" && e.origin !== allowed) return;
  chrome.storage.local.set({ a: e.data });
});
function sanitize(message, allowedOrigin) {
  if (allowedOrigin != null && message.origin !== allowedOrigin) return false;
  return true;
}
window.addEventListener("message", (e) => {
  if (!sanitize(e, allowed)) return;
  chrome.storage.local.set({ b: e.data });
});"#,
            &[],
        ),
        case(
            "a Port handed to two handlers of another background script, each checking the origin",
            &port_handed_to_two(true),
            &[],
        ),
        bg(
            "a Port kept in a field after the sender is checked",
            BG,
            port_to_constructor(true, true, "console.log(m)"),
            &[],
        ),
        bg(
            "a Port handed to a class's constructor that checks its sender",
            BG,
            r#"
class Conn {
  constructor(port) {
    if (port.sender.origin !== "https://ok.example") return;
    port.onMessage.addListener((m) => console.log(m));
  }
}
chrome.runtime.onConnectExternal.addListener((port) => { new Conn(port); });"#,
            &[],
        ),
        bg(
            "a listener forwarding to a function that checks the sender",
            BG,
            forwarding_to_checking_handler("chrome.storage.local.set({ v: msg.v });"),
            &[],
        ),
        case(
            "a listener forwarding to an imported function that checks the sender",
            &[
                ("manifest.json", MODULE_BG),
                (
                    "background.js",
                    r#"
import { handle } from "./handle.js";
chrome.runtime.onMessageExternal.addListener(function (m, s, r) { return handle(m, s, r); });"#,
                ),
                (
                    "handle.js",
                    r#"
export function handle(msg, sender, sendResponse) {
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") return;
  chrome.storage.local.set({ v: msg.v });
}"#,
                ),
            ],
            &[],
        ),
        bg(
            "a Port handed to an immediately invoked function that checks its sender",
            BG,
            port_iife_checking(
                r#"p.sender.origin !== "https://ok.example""#,
                "console.log(m);",
            ),
            &[],
        ),
        bg(
            "a Port handed to a class's method after the sender is checked",
            BG,
            r#"
class Hub {
  start() {
    chrome.runtime.onConnectExternal.addListener((port) => {
      if (port.sender.id !== "abcdefghijklmnopabcdefghijklmnop") return;
      this.handle(port);
    });
  }
  handle(p) { p.onMessage.addListener((m) => console.log(m)); }
}
new Hub().start();"#,
            &[],
        ),
        bg(
            "a Port handed to a helper after the sender is checked",
            BG,
            checked_port_handoff("console.log(m);"),
            &[],
        ),
        bg(
            "a Port handed to a helper that checks its sender",
            BG,
            self_checking_port_helper("console.log(m);"),
            &[],
        ),
        bg(
            "a Port handed to a helper that only keeps it",
            BG,
            r#"
const ports = [];
function keep(p) {
  ports.push(p);
}
chrome.runtime.onConnectExternal.addListener((port) => keep(port));"#,
            &[],
        ),
        bg(
            "sendResponse handed to an API after the check",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") return false;
  chrome.storage.local.get("theme", sendResponse);
  return true;
});"#,
            &[],
        ),
        bg(
            "listener that only keeps the channel open",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener(() => {
  console.log("ping");
  return true;
});"#,
            &[],
        ),
        bg(
            "awaited allow-list helper",
            BG,
            r#"
async function isAllowed(origin) {
  const { allow = [] } = await chrome.storage.local.get("allow");
  return allow.includes(origin);
}
chrome.runtime.onMessageExternal.addListener(async (msg, sender) => {
  if (!(await isAllowed(sender.origin))) return { error: "denied" };
  return { echo: msg.text };
});"#,
            &[],
        ),
        cs(
            "helper given the event that rejects malformed data, then tests its origin",
            r#"
function fromApp(e) {
  if (!e.data || typeof e.data !== "object") return false;
  return e.origin === "https://app.example.com";
}
window.addEventListener("message", (e) => {
  if (!fromApp(e)) return;
  chrome.storage.local.set({ x: e.data.x });
});"#,
            &[],
        ),
        cs(
            "helper given the event that tests its origin",
            r#"
function isTrustedEvent(event) { return event.origin === "https://app.example.com"; }
window.addEventListener("message", (event) => {
  if (!isTrustedEvent(event)) return;
  console.log(event.data.v);
});"#,
            &[],
        ),
        cs(
            "arrow helper given the event, origin and source",
            r#"
const isFromApp = (e) => e.origin === "https://app.example.com" && e.source === window.parent;
window.addEventListener("message", (e) => {
  if (isFromApp(e)) console.log(e.data.v);
});"#,
            &[],
        ),
        bg(
            "either of two exact origins",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  const origin = sender.origin;
  if (origin !== "https://app.example.com" && origin !== "https://www.example.com") return;
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "switch on the sender whose default returns",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  switch (sender.origin) {
    case "https://app.example.com":
    case "https://www.example.com":
      break;
    default:
      return;
  }
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "check inside a try whose handler returns",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  try {
    if (new URL(sender.url).host !== "app.example.com") return;
  } catch (e) {
    return;
  }
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "sender turned away with an answer",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") {
    sendResponse({ error: "forbidden" });
    return;
  }
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "sender turned away with return sendResponse(...)",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") return sendResponse({ error: "forbidden" });
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "helper that throws for an unknown sender",
            BG,
            r#"
function assertTrusted(sender) {
  if (sender.origin !== "https://app.example.com") throw new Error("untrusted sender");
}
chrome.runtime.onMessageExternal.addListener(async (msg, sender) => {
  await assertTrusted(sender);
  return { echo: msg.text };
});"#,
            &[],
        ),
        bg(
            "findIndex() over an allow-list",
            BG,
            r#"
const ALLOWED = ["https://app.example.com"];
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (ALLOWED.findIndex((o) => o === sender.origin) === -1) return;
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "filter() over an allow-list, non-empty",
            BG,
            r#"
const ALLOWED = ["https://app.example.com"];
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  const known = ALLOWED.filter((o) => o === sender.origin).length > 0;
  if (!known) return;
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "some() over an allow-list",
            BG,
            r#"
const ALLOWED = ["https://app.example.com", "https://www.example.com"];
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (!ALLOWED.some((o) => sender.origin === o)) return;
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        cs(
            "find() over an allow-list, minified",
            r#"var A=["https://app.example.com"];window.addEventListener("message",function(e){A.find(function(o){return o===e.origin})&&chrome.runtime.sendMessage({type:"x",v:e.data.v})})"#,
            &[],
        ),
        bg(
            "flag set by an allow-list lookup",
            BG,
            r#"
const ALLOWED = new Set(["abcdefghijklmnopabcdefghijklmnop"]);
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let trusted = false;
  if (ALLOWED.has(sender.id)) trusted = true;
  if (!trusted) return;
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "flag set in a loop over an allow-list",
            BG,
            r#"
const ALLOWED = ["abcdefghijklmnopabcdefghijklmnop", "bcdefghijklmnopabcdefghijklmnopa"];
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let known;
  for (const id of ALLOWED) {
    if (sender.id === id) { known = true; break; }
  }
  if (!known) return;
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "deny flag cleared where an allow-list lookup fails",
            BG,
            r#"
const ALLOWED = new Set(["abcdefghijklmnopabcdefghijklmnop"]);
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let ok = true;
  if (!ALLOWED.has(sender.id)) ok = false;
  if (!ok) return;
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "deny flag cleared in the else branch of an exact comparison, tested in an if",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  let allowed = true;
  if (sender.origin === "https://app.example.com") {
    console.log("known");
  } else {
    console.warn("unknown sender");
    allowed = false;
  }
  if (allowed) sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        cs(
            "minified deny flag: !0, || (t = !1)",
            r#"window.addEventListener("message",function(e){var t=!0;e.origin==="https://app.example.com"||(t=!1);if(!t)return;chrome.runtime.sendMessage(e.data)})"#,
            &[],
        ),
        cs(
            "minified flag: !1, && (t = !0)",
            r#"window.addEventListener("message",function(e){var t=!1;e.origin==="https://app.example.com"&&(t=!0);if(!t)return;chrome.runtime.sendMessage(e.data)})"#,
            &[],
        ),
        bg(
            "exact origin kept in a binding, early return",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  const trusted = sender.origin === "https://app.example.com";
  if (!trusted) return;
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        cs(
            "allow-list lookup kept in a binding, in a content script",
            r#"
const ALLOWED = new Set(["https://app.example.com"]);
window.addEventListener("message", (e) => {
  const fromApp = ALLOWED.has(e.origin) && e.source === window.parent;
  if (fromApp) chrome.runtime.sendMessage({ type: "x", v: e.data.v });
});"#,
            &[],
        ),
        cs(
            // oidc-client-ts 3.5.0's popup listener: naming the data is not acting on it.
            "message named before the origin check",
            r#"
window.addEventListener("message", (e) => {
  const data = e.data;
  const origin = window.location.origin;
  if (e.origin !== origin || data?.source !== "oidc-client") return;
  chrome.runtime.sendMessage({ type: "done", url: data.url });
});"#,
            &[],
        ),
        bg(
            "external message aliased before the sender check",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  const m = msg, { text } = msg.payload;
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") return;
  sendResponse({ echo: m.text + text });
});"#,
            &[],
        ),
        cs(
            "event destructured in the body, origin checked",
            r#"
window.addEventListener("message", (event) => {
  const { data, origin } = event;
  if (origin !== "https://app.example.com") return;
  chrome.runtime.sendMessage({ type: "x", v: data.v });
});"#,
            &[],
        ),
        cs(
            "event destructured in the body, source checked",
            r#"
window.addEventListener("message", (event) => {
  const { source, data: { cmd } } = event;
  if (source !== window) return;
  if (cmd === "x") chrome.runtime.sendMessage({ type: "x" });
});"#,
            &[],
        ),
        cs(
            // Rusha's worker entry as bundled into a content script: dead code there, and
            // in a worker `self.onmessage` hears only the script that started the worker.
            "self.onmessage behind a worker-only feature test",
            r#"
if (typeof FileReaderSync !== "undefined") {
  self.onmessage = function onMessage(event) { self.postMessage({ id: event.data.id }); };
}"#,
            &[],
        ),
        case(
            // Reached by no manifest (unknown context), but it calls importScripts: a
            // worker's script, whose `message` events come from the page that started it.
            "message listener in a script that calls importScripts",
            &[
                ("manifest.json", CS),
                ("background.js", ""),
                ("content.js", ""),
                (
                    "worker.js",
                    r#"
importScripts("lib/hash.js");
self.addEventListener("message", (e) => { self.postMessage(hash(e.data.buffer)); });"#,
                ),
            ],
            &[],
        ),
        case(
            // Each way an extension page names a worker's script gives that script a
            // worker context; the script no one starts stays unknown (and is reported).
            "scripts an extension page starts as workers",
            &[
                ("manifest.json", POPUP),
                ("background.js", ""),
                (
                    "popup.html",
                    r#"<!doctype html><script src="popup.js" type="module"></script>"#,
                ),
                (
                    "popup.js",
                    r#"
const a = new Worker("worker.js");
const b = new Worker(chrome.runtime.getURL("workers/hash.js"));
const c = new SharedWorker(new URL("./workers/shared.js", import.meta.url));"#,
                ),
                (
                    "worker.js",
                    "self.onmessage = (e) => { self.postMessage(e.data.x); };",
                ),
                (
                    "workers/hash.js",
                    "onmessage = (e) => { postMessage(e.data.x); };",
                ),
                (
                    "workers/shared.js",
                    "self.addEventListener(\"message\", (e) => { console.log(e.data.x); });",
                ),
                (
                    "stray.js",
                    "self.onmessage = (e) => { self.postMessage(e.data.x); };",
                ),
            ],
            &["stray.js:1:1 error"],
        ),
        case(
            "the same listener without importScripts is reported",
            &[
                ("manifest.json", CS),
                ("background.js", ""),
                ("content.js", ""),
                (
                    "worker.js",
                    r#"
self.addEventListener("message", (e) => { self.postMessage(hash(e.data.buffer)); });"#,
                ),
            ],
            &["worker.js:2:1 error"],
        ),
        cs(
            "minified worker guard in an && chain",
            r#"
"undefined"!=typeof FileReaderSync&&(self.onmessage=function(e){console.log(e.data.id)});
typeof importScripts=="function"?self.addEventListener("message",function(e){console.log(e.data)}):0;"#,
            &[],
        ),
        bg(
            "exact origin, early return",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (sender.origin !== "https://app.example.com") return;
  sendResponse({ echo: msg.text });
});"#,
            &[],
        ),
        bg(
            "Set.has allow-list",
            BG,
            r#"
const OK = new Set(["abcdefghijklmnopabcdefghijklmnop"]);
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (!OK.has(sender.id)) throw new Error("denied");
  console.log(msg);
});"#,
            &[],
        ),
        bg(
            "switch on the sender",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  switch (sender.id) {
    case "abcdefghijklmnopabcdefghijklmnop":
      console.log(msg);
      break;
  }
});"#,
            &[],
        ),
        bg(
            "enclosing if",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, { origin }) => {
  if (origin === "https://app.example.com") {
    console.log(msg);
  }
});"#,
            &[],
        ),
        cs(
            "event.source check counts as a check",
            r#"
window.addEventListener("message", (event) => {
  if (event.source !== window) return;
  console.log(event.data);
});"#,
            &[],
        ),
        bg(
            "a weak check is still a check (weak-sender-check reports it)",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (!sender.url.startsWith("https://example.com")) return;
  console.log(msg);
});"#,
            &[],
        ),
        bg(
            "ids-only externally_connectable",
            IDS,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => { console.log(msg); });"#,
            &[],
        ),
        bg(
            "listener that ignores the message",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener(() => { console.log("ping"); });"#,
            &[],
        ),
        bg(
            "port sender checked",
            BG,
            r#"
chrome.runtime.onConnectExternal.addListener((port) => {
  if (port.sender.origin !== "https://app.example.com") return port.disconnect();
  port.onMessage.addListener((m) => console.log(m));
});"#,
            &[],
        ),
        cs(
            "minified exact check",
            r#"window.addEventListener("message",function(e){if(e.origin!=="https://a.example")return;chrome.runtime.sendMessage(e.data)})"#,
            &[],
        ),
        bg(
            "helper given the sender whose test msglint cannot judge",
            BG,
            r#"
function fromTopFrame(s) { return s.tab !== undefined && s.frameId === 0; }
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (!fromTopFrame(sender)) return;
  console.log(msg);
});"#,
            &[],
        ),
        bg(
            "helper given the sender",
            BG,
            r#"
import { isAllowed } from "./policy.js";
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (!isAllowed(sender)) return;
  console.log(msg);
});"#,
            &[],
        ),
        bg(
            "service worker message events come from its own pages",
            BG,
            r#"
self.addEventListener("message", (e) => { console.log(e.data); });"#,
            &[],
        ),
        case(
            "listener declared in another background script (they share one global scope)",
            &[
                ("manifest.json", MV2_TWO_SCRIPTS),
                (
                    "handlers.js",
                    r#"
function onExternal(msg, sender, sendResponse) {
  sendResponse({ echo: msg.text });
}"#,
                ),
                (
                    "background.js",
                    r#"chrome.runtime.onMessageExternal.addListener(onExternal);"#,
                ),
            ],
            &["background.js:1:1 error"],
        ),
        case(
            "listener declared in another background script checks the sender",
            &[
                ("manifest.json", MV2_TWO_SCRIPTS),
                (
                    "handlers.js",
                    r#"
function onExternal(msg, sender, sendResponse) {
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") return;
  sendResponse({ echo: msg.text });
}"#,
                ),
                (
                    "background.js",
                    r#"chrome.runtime.onMessageExternal.addListener(onExternal);"#,
                ),
            ],
            &[],
        ),
        case(
            "listener imported from another module",
            &[
                ("manifest.json", MODULE_BG),
                (
                    "handlers.js",
                    r#"
export function onExternal(msg, sender, sendResponse) {
  sendResponse({ echo: msg.text });
}"#,
                ),
                (
                    "background.js",
                    r#"import { onExternal } from "./handlers.js";
chrome.runtime.onMessageExternal.addListener(onExternal);"#,
                ),
            ],
            &["background.js:2:1 error"],
        ),
        case(
            "listener imported from another module checks the sender",
            &[
                ("manifest.json", MODULE_BG),
                (
                    "handlers.js",
                    r#"
const ALLOWED = new Set(["https://app.example.com"]);
export default (msg, sender, sendResponse) => {
  if (!ALLOWED.has(sender.origin)) return;
  sendResponse({ echo: msg.text });
};"#,
                ),
                (
                    "background.js",
                    r#"import onExternal from "./handlers";
chrome.runtime.onMessageExternal.addListener(onExternal);"#,
                ),
            ],
            &[],
        ),
        cs(
            "class method listener bound in the constructor",
            r#"
class PageStream {
  constructor() {
    this._onMessage = this._onMessage.bind(this);
    window.addEventListener("message", this._onMessage);
  }
  _onMessage(event) {
    this.push(event.data);
  }
}"#,
            &["content.js:5:5 error"],
        ),
        cs(
            "class method checks the sender through MessageEvent's own getters",
            r#"
const getOrigin = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "origin").get;
const getSource = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "source").get;
class PageStream {
  constructor() {
    window.addEventListener("message", this._onMessage.bind(this));
  }
  _onMessage(event) {
    if (getOrigin.call(event) !== location.origin || getSource.call(event) !== window) return;
    this.push(event.data);
  }
}"#,
            &[],
        ),
        cs(
            "listener after a guard that throws outside a worker",
            r#"
class WorkerStream {
  constructor() {
    if (typeof self === "undefined" || typeof WorkerGlobalScope === "undefined") {
      throw new Error("workers only");
    }
    self.addEventListener("message", this._onMessage.bind(this));
  }
  _onMessage(event) {
    this.push(event.data);
  }
}"#,
            &[],
        ),
        bg(
            "inline && check",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  sender.id === "abcdefghijklmnopabcdefghijklmnop" && console.log(msg);
});"#,
            &[],
        ),
        // An allow-list written out as one `||` chain of forty exact comparisons: each
        // link is judged, however long the chain (judged as nesting, the links past 32
        // levels were not, and the check counted as none).
        bg(
            "forty exact origins in one || chain",
            BG,
            forty_origins_guard("sender"),
            &[],
        ),
        bg(
            "forty origins in one || chain, read from the message",
            BG,
            forty_origins_guard("msg"),
            &["background.js:2:1 error"],
        ),
    ]
}

fn weak() -> Vec<Case> {
    let ext = |name: &'static str, cond: &'static str, want: &[&'static str]| -> Case {
        let js: &'static str = Box::leak(
            format!("chrome.runtime.onMessageExternal.addListener((msg, sender) => {{\n  if (!({cond})) return;\n  console.log(msg);\n}});\n")
                .into_boxed_str(),
        );
        bg(name, BG, js, want)
    };
    // A helper declared before a listener that turns away senders it rejects: only the
    // helper and its call differ between these cases.
    let helper = |name: &'static str,
                  decl: &'static str,
                  call: &'static str,
                  want: &[&'static str]|
     -> Case {
        let js: &'static str = Box::leak(
            format!("\n{decl}\nchrome.runtime.onMessageExternal.addListener((msg, sender) => {{\n  if (!{call}) return;\n  console.log(msg);\n}});")
                .into_boxed_str(),
        );
        bg(name, BG, js, want)
    };
    // Past its budget of names, the walk's pre-check for sender checks answers yes: a
    // weak check after three hundred other names is still judged.
    let others: String = (0..300).map(|i| format!("a{i} !== 0 && ")).collect();
    let late_cond: &'static str = Box::leak(
        format!("{others}sender.url.startsWith(\"https://example.com\")").into_boxed_str(),
    );
    let late_at: &'static str =
        Box::leak(format!("background.js:2:{} error", 9 + others.len()).into_boxed_str());
    vec![
        // ---- bad ----
        ext(
            "a weak check after three hundred other names",
            late_cond,
            &[late_at],
        ),
        ext(
            "startsWith without a trailing slash",
            r#"sender.url.startsWith("https://example.com")"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "startsWith a scheme and no host",
            r#"sender.url.startsWith("https://")"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "indexOf(...) === 0 of a scheme and no host",
            r#"sender.url.indexOf("https://") === 0"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "includes on the URL",
            r#"sender.url.includes("example.com")"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "indexOf(...) === 0, a prefix test without a trailing slash",
            r#"sender.url.indexOf("https://example.com") === 0"#,
            &["background.js:2:9 error"],
        ),
        helper(
            "startsWith a prefix kept in a constant",
            r#"const PREFIX = "https://example.com";"#,
            r#"sender.url.startsWith(PREFIX)"#,
            &["background.js:4:8 error"],
        ),
        helper(
            "helper given the sender that tests its URL with startsWith",
            r#"function isTrusted(s) { return s.url.startsWith("https://example.com"); }"#,
            r#"isTrusted(sender)"#,
            &["background.js:2:32 error"],
        ),
        helper(
            "arrow helper given the sender's URL, testing it with includes",
            r#"const okUrl = (url) => url.includes("example.com");"#,
            r#"okUrl(sender.url)"#,
            &["background.js:2:24 error"],
        ),
        bg(
            "helper given a port's sender, testing its origin with endsWith",
            BG,
            r#"
function trusted(s) { return s.origin.endsWith("example.com"); }
chrome.runtime.onConnectExternal.addListener((port) => {
  if (!trusted(port.sender)) return port.disconnect();
  port.onMessage.addListener((m) => console.log(m));
});"#,
            &["background.js:2:30 error"],
        ),
        bg(
            "includes inside filter(), its length compared with 0",
            BG,
            r#"
const ALLOWED = ["https://a.example.com", "https://b.example.com"];
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (ALLOWED.filter((o) => sender.url.includes(o)).length === 0) return;
  console.log(msg);
});"#,
            &["background.js:4:7 error"],
        ),
        helper(
            "startsWith inside filter(), its length negated",
            r#"const ALLOWED = ["https://a.example.com/", "https://b.example.com"];"#,
            r#"ALLOWED.filter((o) => sender.url.startsWith(o)).length"#,
            &["background.js:4:8 error"],
        ),
        helper(
            "helper that parses the sender's URL into a local, then tests it with endsWith",
            r#"function isTrusted(url) { const { hostname } = new URL(url); return hostname.endsWith("example.com"); }"#,
            r#"isTrusted(sender.url)"#,
            &["background.js:2:69 error"],
        ),
        helper(
            "helper with an early rejection, then endsWith on the parsed host",
            r#"function isTrusted(url) {
  if (!url) return false;
  const u = new URL(url);
  return u.hostname.endsWith("example.com");
}"#,
            r#"isTrusted(sender.url)"#,
            &["background.js:5:10 error"],
        ),
        helper(
            "helper that accepts on either of two tests, one a startsWith without `/`",
            r#"function allowed(origin) {
  if (origin === "https://a.example.com") return true;
  if (origin.startsWith("https://b.example.com")) return true;
  return false;
}"#,
            r#"allowed(sender.origin)"#,
            &["background.js:4:7 error"],
        ),
        helper(
            "helper that destructures the sender, then tests its origin with includes",
            r#"function isTrusted(s) { const { origin } = s; return origin.includes("example.com"); }"#,
            r#"isTrusted(sender)"#,
            &["background.js:2:54 error"],
        ),
        cs(
            "helper given the event that tests its origin with includes",
            r#"
function fromApp(e) { return e.origin.includes("app.example.com"); }
window.addEventListener("message", (event) => {
  if (!fromApp(event)) return;
  console.log(event.data.v);
});"#,
            &["content.js:2:30 error"],
        ),
        helper(
            "startsWith each entry of an allow-list, without trailing slashes",
            r#"const ALLOWED = ["https://app.example.com/", "https://example.com"];"#,
            r#"ALLOWED.some((o) => sender.url.startsWith(o))"#,
            &["background.js:4:8 error"],
        ),
        bg(
            "includes inside some()",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (!["example.com"].some(function (d) { return sender.url.includes(d); })) return;
  console.log(msg);
});"#,
            &["background.js:3:8 error"],
        ),
        helper(
            "unanchored regex kept in a constant",
            r#"const TRUSTED = /example\.com/;"#,
            r#"TRUSTED.test(sender.origin)"#,
            &["background.js:4:8 error"],
        ),
        ext(
            "indexOf on the URL",
            r#"sender.url.indexOf("https://example.com") !== -1"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "regex without ^",
            r#"/https:\/\/example\.com\//.test(sender.url)"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "regex with unescaped dots",
            r#"/^https:\/\/example.com\//.test(sender.url)"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "endsWith without a leading dot",
            r#"new URL(sender.url).hostname.endsWith("example.com")"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "in on an array",
            r#"sender.origin in ["https://example.com"]"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "comparison with the message itself",
            r#"sender.id === msg.extensionId"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "search on the URL",
            r#"sender.url.search("example") >= 0"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "regex with a wildcard before the host's slash",
            r#"/^https:\/\/.*\.example\.com\//.test(sender.url)"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "regex with a negated class before the host's slash",
            r#"/^https:\/\/[^/]+\.example\.com\//.test(sender.url)"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "regex without an end",
            r#"/^https:\/\/example\.com/.test(sender.origin)"#,
            &["background.js:2:9 error"],
        ),
        ext(
            "plain object lookup",
            r#"TRUSTED[sender.origin]"#,
            &["background.js:2:9 error"],
        ),
        cs(
            "location.origin in a content script",
            r#"
window.addEventListener("message", (event) => {
  if (event.origin !== location.origin) return;
  console.log(event.data);
});"#,
            &["content.js:3:7 error"],
        ),
        case(
            "content-script sender: warning",
            &[
                ("manifest.json", CS),
                ("content.js", ""),
                (
                    "background.js",
                    r#"
chrome.runtime.onMessage.addListener((msg, sender) => {
  if (sender.tab.url.startsWith("https://example.com")) console.log(msg);
});"#,
                ),
            ],
            &["background.js:3:7 warning"],
        ),
        bg(
            // Reported where the check is written, not where the binding is tested.
            "a bypassable check kept in a binding",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  const ok = sender.url.startsWith("https://example.com");
  if (!ok) return;
  console.log(msg);
});"#,
            &["background.js:3:14 error"],
        ),
        bg(
            // A Port handed on is checked where it arrives, as in the listener itself.
            "a bypassable check of a Port handed to a helper",
            BG,
            port_helper_checking(
                r#"!p.sender.url.startsWith("https://ok.example")"#,
                "console.log(m);",
            ),
            &["background.js:3:8 error"],
        ),
        bg(
            "a bypassable check of a Port handed to an object's method",
            BG,
            r#"
const hub = {
  handle(p) {
    if (!p.sender.url.startsWith("https://ok.example")) return;
    p.onMessage.addListener((m) => console.log(m));
  },
};
chrome.runtime.onConnectExternal.addListener((port) => hub.handle(port));"#,
            &["background.js:4:10 error"],
        ),
        bg(
            "a bypassable check of a Port in an immediately invoked function",
            BG,
            port_iife_checking(
                r#"!p.sender.url.startsWith("https://ok.example")"#,
                "console.log(m);",
            ),
            &["background.js:4:10 error"],
        ),
        // ---- good ----
        bg(
            "a Port handed to a helper checked with a trailing slash",
            BG,
            port_helper_checking(
                r#"!p.sender.url.startsWith("https://ok.example/")"#,
                "console.log(m);",
            ),
            &[],
        ),
        ext(
            "indexOf(...) === 0 with a trailing slash: a sound prefix test",
            r#"sender.url.indexOf("https://example.com/") === 0"#,
            &[],
        ),
        ext(
            "startsWith with a trailing slash",
            r#"sender.url.startsWith("https://example.com/")"#,
            &[],
        ),
        helper(
            "helper with an early rejection, then an exact origin comparison",
            r#"function isTrusted(sender) {
  if (!sender.url) return false;
  return new URL(sender.url).origin === "https://app.example.com";
}"#,
            r#"isTrusted(sender)"#,
            &[],
        ),
        helper(
            "helper that rejects every origin but one, then returns true",
            r#"function allowed(origin) {
  if (origin !== "https://a.example.com") return false;
  return true;
}"#,
            r#"allowed(sender.origin)"#,
            &[],
        ),
        helper(
            "helper that parses the sender's URL into a local, then compares its origin",
            r#"function isTrusted(url) { const u = new URL(url); return u.origin === "https://example.com"; }"#,
            r#"isTrusted(sender.url)"#,
            &[],
        ),
        helper(
            "helper that tests a parsed hostname exactly or by a dotted suffix",
            r#"function isTrusted(s) { const u = new URL(s.url); return u.hostname === "example.com" || u.hostname.endsWith(".example.com"); }"#,
            r#"isTrusted(sender)"#,
            &[],
        ),
        bg(
            "exact comparison inside filter(), its length compared with 0",
            BG,
            r#"
const ALLOWED = ["https://a.example.com", "https://b.example.com"];
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (ALLOWED.filter((o) => o === sender.origin).length === 0) return;
  console.log(msg);
});"#,
            &[],
        ),
        helper(
            "startsWith inside filter(), every entry ending in a slash",
            r#"const ALLOWED = ["https://a.example.com/", "https://b.example.com/"];"#,
            r#"ALLOWED.filter((o) => sender.url.startsWith(o)).length"#,
            &[],
        ),
        helper(
            "helper given the sender that compares its origin exactly",
            r#"function isTrusted(s) { return s.origin === "https://example.com"; }"#,
            r#"isTrusted(sender)"#,
            &[],
        ),
        helper(
            "arrow helper given the sender's URL, with a trailing slash",
            r#"const okUrl = (url) => url.startsWith("https://example.com/");"#,
            r#"okUrl(sender.url)"#,
            &[],
        ),
        ext(
            "exact comparison",
            r#"sender.origin === "https://example.com""#,
            &[],
        ),
        ext(
            "Set.has",
            r#"new Set(["https://example.com"]).has(sender.origin)"#,
            &[],
        ),
        helper(
            "startsWith each entry of an allow-list, all ending in a slash",
            r#"const ALLOWED = ["https://app.example.com/", "https://www.example.com/"];"#,
            r#"ALLOWED.some((o) => sender.url.startsWith(o))"#,
            &[],
        ),
        helper(
            "startsWith a constant prefix ending in a slash",
            r#"const PREFIX = "https://example.com/";"#,
            r#"sender.url.startsWith(PREFIX)"#,
            &[],
        ),
        ext(
            "anchored regex ending in a slash",
            r#"/^https:\/\/example\.com\//.test(sender.url)"#,
            &[],
        ),
        ext(
            "anchored regex with a subdomain class and a slash",
            r#"/^https:\/\/[a-z0-9-]+\.example\.com\//.test(sender.url)"#,
            &[],
        ),
        ext(
            "anchored regex with a wildcard subdomain and $, on the origin",
            r#"/^https:\/\/.+\.example\.com$/.test(sender.origin)"#,
            &[],
        ),
        ext(
            "anchored regex with $",
            r#"/^https:\/\/(app|www)\.example\.com$/.test(sender.origin)"#,
            &[],
        ),
        ext(
            "endsWith with a leading dot",
            r#"new URL(sender.url).hostname.endsWith(".example.com")"#,
            &[],
        ),
        ext(
            "Object.hasOwn",
            r#"Object.hasOwn(ALLOWED, sender.origin)"#,
            &[],
        ),
        ext(
            "URL hostname compared exactly",
            r#"new URL(sender.url).hostname === "example.com""#,
            &[],
        ),
        ext(
            "includes on an allow-list",
            r#"["https://example.com"].includes(sender.origin)"#,
            &[],
        ),
        ext(
            "indexOf on an allow-list",
            r#"LIST.indexOf(sender.origin) !== -1"#,
            &[],
        ),
        ext(
            "startsWith on message data is not a sender check",
            r#"typeof msg.url === "string" && sender.id === "abcdefghijklmnopabcdefghijklmnop""#,
            &[],
        ),
        popup(
            "location.origin in an extension page is the extension's",
            r#"
window.addEventListener("message", (event) => {
  if (event.origin !== location.origin) return;
  console.log(event.data);
});"#,
            &[],
        ),
    ]
}

#[test]
fn missing_sender_check_cases() {
    run_at_least_12("missing-sender-check", &missing());
}

#[test]
fn weak_sender_check_cases() {
    run_at_least_12("weak-sender-check", &weak());
}

#[test]
fn a_port_handed_on_unchecked_is_labelled_where_it_is_handed() {
    let dir = common::write_tree(&[("manifest.json", BG), ("background.js", PORT_HANDOFF)]);
    let report = common::check_dir(dir.path());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "missing-sender-check")
        .expect("the listener is reported");
    let labels: Vec<(usize, &str)> = d
        .labels
        .iter()
        .map(|l| (l.location.start, &*l.message))
        .collect();
    let at = PORT_HANDOFF.find("handlePort(port)").expect("the call");
    assert_eq!(
        labels,
        [(
            at,
            "the Port is handed to `handlePort` here, which uses it before any sender check"
        )]
    );
}

#[test]
fn help_names_the_field_to_check() {
    // A page's message is checked through `event.origin`, an external message through
    // `sender.origin`: the help's example says which.
    let helps = |files: &[(&str, &str)]| -> Vec<String> {
        let dir = common::write_tree(files);
        common::check_dir(dir.path())
            .diagnostics
            .iter()
            .filter(|d| d.rule == "missing-sender-check")
            .filter_map(|d| d.help.as_deref().map(str::to_owned))
            .collect()
    };
    let page = helps(&[
        ("manifest.json", CS),
        ("background.js", ""),
        (
            "content.js",
            "window.addEventListener(\"message\", (e) => console.log(e.data));",
        ),
    ]);
    assert_eq!(
        page,
        ["return early unless `event.origin` is exactly an allowed value: `if (!ALLOWED.has(event.origin)) return;` (a `Set` of full origins)"]
    );
    let external = helps(&[
        ("manifest.json", BG),
        (
            "background.js",
            "chrome.runtime.onMessageExternal.addListener((m, s, r) => r(m.x));",
        ),
    ]);
    assert_eq!(
        external,
        ["return early unless `sender.id` / `sender.origin` is exactly an allowed value: `if (!ALLOWED.has(sender.origin)) return;` (a `Set` of full origins)"]
    );
}

/// Guarded helpers calling guarded helpers, six deep with seven conditions each: each
/// judgment judges the helpers below it again. Past the budget (64 conditions for one
/// outermost call) a helper is not judged and, given the sender, counts as a check, as
/// any helper msglint cannot follow does; the innermost one, within budget, still is
/// judged. (Without the budget this file took 34 s to check in a debug build, with it a
/// fraction of a second; the time is not asserted here, only what is reported.)
#[test]
fn guarded_helpers_nested_past_the_budget_are_taken_as_checks() {
    let mut js = String::new();
    for k in 0..6 {
        let next = if k < 5 {
            format!("h{}(u)", k + 1)
        } else {
            r#"u.startsWith("https://example.com")"#.to_string()
        };
        js.push_str(&format!("function h{k}(u) {{\n"));
        for _ in 0..3 {
            js.push_str(&format!(
                "  if (!{next}) return false;\n  if ({next}) return true;\n"
            ));
        }
        js.push_str(&format!("  return {next};\n}}\n"));
    }
    for i in 0..200 {
        js.push_str(&format!(
            "chrome.runtime.onMessageExternal.addListener((m, s) => {{ if (!h0(s.url)) return; chrome.storage.local.set({{ v{i}: m.v }}); }});\n"
        ));
    }
    // Within budget: the innermost helper alone.
    js.push_str(
        "chrome.runtime.onMessageExternal.addListener((m, s) => { if (!h5(s.url)) return; chrome.storage.local.set({ w: m.w }); });\n",
    );
    let got: Vec<String> = [
        "weak-sender-check",
        "missing-sender-check",
        "untrusted-message-to-privileged-api",
    ]
    .iter()
    .flat_map(|rule| findings(&[("manifest.json", BG), ("background.js", &js)], rule))
    .collect();
    // `h5` (lines 46-54) judged from the last listener: each of its seven `startsWith`
    // tests is bypassable, and that listener's write counts as weakly checked.
    let mut want: Vec<String> = (47..=52)
        .map(|line| {
            format!(
                "background.js:{line}:{} error",
                if line % 2 == 1 { 8 } else { 7 }
            )
        })
        .collect();
    want.push("background.js:53:10 error".into());
    want.push("background.js:255:107 error".into());
    assert_eq!(got, want);
}

/// A script its pages load that also starts itself as a worker (uBlock Origin's search
/// thread and serializer): the `self.onmessage` of its worker half hears only the page
/// that started it, whether the worker branch is guarded by a test msglint reads
/// (`self instanceof self.WorkerGlobalScope`) or by a helper it does not
/// (`isInstanceOf(globalThis, "DedicatedWorkerGlobalScope")`). A listener the same
/// script adds on `window` is its page's, and is still judged.
#[test]
fn a_script_that_also_runs_as_its_own_worker() {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1",
      "background": {"service_worker": "bg.js"}, "options_page": "options.html"}"#;
    let page =
        r#"<!doctype html><script src="js/search.js"></script><script src="js/s14e.js"></script>"#;
    let search = r#"(() => {
if (self.WorkerGlobalScope instanceof Object && self instanceof self.WorkerGlobalScope) {
  self.onmessage = function (e) { self.postMessage(find(e.data.haystack, e.data.needle)); };
  return;
}
const worker = new Worker("js/search.js");
worker.onmessage = (e) => show(e.data);
window.addEventListener("message", (e) => { document.title = e.data.title; });
})();
"#;
    let s14e = r#"const isInstanceOf = (o, s) => o instanceof Object && o.constructor.name === s;
export function start() { return new Worker("js/s14e.js", { type: "module" }); }
if (isInstanceOf(globalThis, "DedicatedWorkerGlobalScope")) {
  globalThis.onmessage = (ev) => { globalThis.postMessage({ id: ev.data.id, out: decode(ev.data.data) }); };
}
"#;
    let run = |search: &str, s14e: &str| {
        findings(
            &[
                ("manifest.json", manifest),
                ("bg.js", ""),
                ("options.html", page),
                ("js/search.js", search),
                ("js/s14e.js", s14e),
            ],
            "missing-sender-check",
        )
    };
    assert_eq!(run(search, s14e), ["js/search.js:8:1 error"]);
    // Not started as a worker, the same unguarded-by-context listener is a page's.
    let plain = s14e.replace("new Worker(\"js/s14e.js\", { type: \"module\" })", "null");
    assert_eq!(
        run(search, &plain),
        ["js/s14e.js:4:3 error", "js/search.js:8:1 error"]
    );
    // Not started as a worker either, the guard alone keeps its worker half out.
    let unstarted = search.replace("new Worker(\"js/search.js\")", "null");
    assert_eq!(run(&unstarted, s14e), ["js/search.js:8:1 error"]);
}

/// The finding says who can send: every installed extension when the manifest has no
/// `externally_connectable` (web pages cannot), every web page when its `matches` admit
/// all sites (extensions only with `"ids": ["*"]`), both when it admits both.
#[test]
fn the_message_names_who_can_send() {
    let listener = "chrome.runtime.onMessageExternal.addListener((m) => { chrome.storage.local.set({ v: m.v }); });\n";
    let message = |manifest: &str| {
        let dir = common::write_tree(&[("manifest.json", manifest), ("background.js", listener)]);
        common::compact(&common::check_dir(dir.path()))
            .into_iter()
            .filter(|l| l.contains("[missing-sender-check]"))
            .collect::<Vec<_>>()
    };
    let with = |ec: &str| {
        format!(
            r#"{{"manifest_version": 3, "name": "t", "version": "1", "background": {{"service_worker": "background.js"}}, "externally_connectable": {ec}}}"#
        )
    };
    let head = "background.js:1:1: error [missing-sender-check] this `runtime.onMessageExternal` listener uses the message without checking who sent it";
    assert_eq!(
        message(BG),
        [format!("{head} (any other installed extension can)")]
    );
    assert_eq!(
        message(&with(r#"{"matches": ["<all_urls>"]}"#)),
        [format!("{head} (any web page can)")]
    );
    assert_eq!(
        message(&with(r#"{"ids": ["*"]}"#)),
        [format!("{head} (any other installed extension can)")]
    );
    assert_eq!(
        message(&with(r#"{"ids": ["*"], "matches": ["*://*/*"]}"#)),
        [format!("{head} (any other extension or web page can)")]
    );
}
