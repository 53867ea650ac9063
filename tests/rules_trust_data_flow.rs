//! `sensitive-data-to-untrusted-receiver`, `page-message-relay` and
//! `postmessage-wildcard-origin`: exact findings, none for twins.
mod common;
mod trust_support;

use trust_support::*;

fn sensitive() -> Vec<Case> {
    vec![
        // ---- bad ----
        bg(
            "storage data answered to an external sender",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  chrome.storage.local.get("settings", (items) => sendResponse(items));
  return true;
});"#,
            &["background.js:3:64 error"],
        ),
        bg(
            "cookies straight to sendResponse",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  chrome.cookies.getAll({}, sendResponse);
  return true;
});"#,
            &["background.js:3:29 error"],
        ),
        bg(
            "async listener returns a stored token",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener(async (msg) => {
  const { token } = await chrome.storage.local.get("token");
  return { token };
});"#,
            &["background.js:4:10 error"],
        ),
        bg(
            "history",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, reply) => {
  chrome.history.search({ text: "" }).then((items) => reply(items));
  return true;
});"#,
            &["background.js:3:61 error"],
        ),
        bg(
            "tab URLs",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, reply) => {
  chrome.tabs.query({}, (tabs) => reply(tabs.map((t) => t.url)));
  return true;
});"#,
            &["background.js:3:41 error"],
        ),
        bg(
            "bookmarks over an external port",
            BG,
            r#"
chrome.runtime.onConnectExternal.addListener((port) => {
  chrome.bookmarks.getTree((tree) => port.postMessage(tree));
});"#,
            &["background.js:3:55 error"],
        ),
        cs(
            "storage posted to the page",
            r#"
chrome.storage.local.get("prefs", (prefs) => window.postMessage(prefs, "*"));"#,
            &["content.js:2:65 error"],
        ),
        bg(
            "auth token",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, sendResponse) => {
  chrome.identity.getAuthToken({ interactive: false }, (token) => sendResponse({ token }));
  return true;
});"#,
            &["background.js:3:80 error"],
        ),
        bg(
            "top sites",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, r) => {
  chrome.topSites.get((sites) => r(sites));
  return true;
});"#,
            &["background.js:3:36 error"],
        ),
        bg(
            "minified",
            BG,
            r#"var a=chrome;a.runtime.onMessageExternal.addListener(function(e,t,n){a.cookies.getAll({},function(e){n(e)});return!0});"#,
            &["background.js:1:104 error"],
        ),
        bg(
            "through a local helper",
            BG,
            r#"
async function getToken() {
  const { token } = await chrome.storage.local.get("token");
  return token;
}
chrome.runtime.onMessageExternal.addListener((m, s, sendResponse) => {
  getToken().then((t) => sendResponse({ t }));
  return true;
});"#,
            &["background.js:7:39 error"],
        ),
        bg(
            "narrow externally_connectable: warning",
            NARROW,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, sendResponse) => {
  chrome.cookies.getAll({ domain: "example.com" }, (c) => sendResponse(c));
  return true;
});"#,
            &["background.js:3:72 warning"],
        ),
        // ---- good ----
        bg(
            "exact origin check first",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (sender.origin !== "https://app.example.com") return false;
  chrome.storage.local.get("settings", (items) => sendResponse(items));
  return true;
});"#,
            &[],
        ),
        bg(
            "constant answer",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, sendResponse) => { sendResponse({ version: 3 }); });"#,
            &[],
        ),
        bg(
            "only a count",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, sendResponse) => {
  chrome.cookies.getAll({}, (c) => sendResponse({ count: c.length }));
  return true;
});"#,
            &[],
        ),
        bg(
            "internal listener may answer storage",
            BG,
            r#"
chrome.runtime.onMessage.addListener((m, s, sendResponse) => {
  chrome.storage.local.get("settings", (items) => sendResponse(items));
  return true;
});"#,
            &[],
        ),
        cs(
            "storage shown as text, not posted",
            r#"
chrome.storage.local.get("prefs", (prefs) => { document.body.textContent = prefs.theme; });"#,
            &[],
        ),
        cs(
            "constant post to the page",
            r#"
chrome.storage.local.get("prefs", () => window.postMessage({ type: "ready" }, location.origin));"#,
            &[],
        ),
        bg(
            "Set.has",
            BG,
            r#"
const OK = new Set(["https://app.example.com"]);
chrome.runtime.onMessageExternal.addListener((m, sender, sendResponse) => {
  if (!OK.has(sender.origin)) return;
  chrome.cookies.getAll({}, sendResponse);
  return true;
});"#,
            &[],
        ),
        bg(
            "a boolean",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener(async () => {
  const { token } = await chrome.storage.local.get("token");
  return { loggedIn: !!token };
});"#,
            &[],
        ),
        bg(
            "a number",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, r) => {
  chrome.storage.local.get("n", (x) => r({ n: Number(x.n) }));
  return true;
});"#,
            &[],
        ),
        bg(
            "internal port",
            BG,
            r#"
chrome.runtime.onConnect.addListener((port) => {
  chrome.bookmarks.getTree((tree) => port.postMessage(tree));
});"#,
            &[],
        ),
        popup(
            "extension page posting to its own frame",
            r#"
chrome.storage.local.get("prefs", (p) => window.postMessage(p, location.origin));"#,
            &[],
        ),
        bg(
            "stored data through a handler map, answered with .then(sendResponse)",
            BG,
            r#"
const api = {
  token: () => chrome.storage.local.get("token"),
  ping: () => "pong",
};
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  api[msg.method]().then(sendResponse);
  return true;
});"#,
            &["background.js:7:26 error"],
        ),
        bg(
            "cookies through a promise wrapper, answered with .then(sendResponse)",
            BG,
            r#"
function getCookies(domain) {
  return new Promise((resolve) => chrome.cookies.getAll({ domain }, resolve));
}
const getToken = () =>
  new Promise((ok) => chrome.storage.local.get("token", (items) => ok(items.token)));
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (msg.a) getCookies("example.com").then(sendResponse);
  else getToken().then((t) => sendResponse({ t }));
  return true;
});"#,
            &["background.js:8:45 error", "background.js:9:44 error"],
        ),
        bg(
            "a promise wrapper that settles with a constant",
            BG,
            r#"
const later = () => new Promise((r) => setTimeout(() => r("ok"), 10));
const count = () => new Promise((r) => chrome.cookies.getAll({}, (c) => r(Number(c.length))));
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (msg.a) later().then(sendResponse);
  else count().then(sendResponse);
  return true;
});"#,
            &[],
        ),
        bg(
            "a handler map that answers no privileged data",
            BG,
            r#"
const api = { ping: () => "pong", version: () => chrome.runtime.getManifest().version };
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  Promise.resolve(api[msg.method]()).then(sendResponse);
  return true;
});"#,
            &[],
        ),
        bg(
            "ids-only peer gets its own id back",
            IDS,
            r#"
chrome.runtime.onMessageExternal.addListener((m, sender, r) => { r({ you: sender.id }); });"#,
            &[],
        ),
    ]
}

fn relay() -> Vec<Case> {
    vec![
        // ---- bad ----
        cs(
            "whole event.data",
            r#"
window.addEventListener("message", (e) => chrome.runtime.sendMessage(e.data));"#,
            &["content.js:2:43 warning"],
        ),
        cs(
            "a field, no checks",
            r#"
window.addEventListener("message", (e) => {
  chrome.runtime.sendMessage({ type: "save", payload: e.data.payload });
});"#,
            &["content.js:3:3 warning"],
        ),
        cs(
            "source check only",
            r#"
window.addEventListener("message", (e) => {
  if (e.source !== window) return;
  chrome.runtime.sendMessage(e.data);
});"#,
            &["content.js:4:3 warning"],
        ),
        cs(
            "shape check only",
            r#"
window.addEventListener("message", (e) => {
  if (e.data.type === "save") chrome.runtime.sendMessage(e.data);
});"#,
            &["content.js:3:31 warning"],
        ),
        cs(
            "through a port",
            r#"
const port = chrome.runtime.connect({ name: "relay" });
window.addEventListener("message", (e) => port.postMessage(e.data));"#,
            &["content.js:3:43 warning"],
        ),
        cs(
            "custom DOM event",
            r#"
document.addEventListener("ext:call", (e) => chrome.runtime.sendMessage(e.detail));"#,
            &["content.js:2:46 warning"],
        ),
        cs(
            "minified",
            r#"window.addEventListener("message",function(t){chrome.runtime.sendMessage({type:"x",d:t.data})})"#,
            &["content.js:1:47 warning"],
        ),
        cs(
            "through a helper",
            r#"
function forward(d) { chrome.runtime.sendMessage({ type: "fwd", d }); }
window.addEventListener("message", (e) => forward(e.data));"#,
            &["content.js:2:23 warning"],
        ),
        cs(
            "destructured data",
            r#"
window.addEventListener("message", ({ data }) => chrome.runtime.sendMessage(data));"#,
            &["content.js:2:50 warning"],
        ),
        cs(
            "onmessage property",
            r#"
window.onmessage = function (e) { chrome.runtime.sendMessage({ t: `${e.data.t}` }); };"#,
            &["content.js:2:35 warning"],
        ),
        cs(
            "after a variable hop",
            r#"
window.addEventListener("message", (e) => {
  const msg = { kind: "page", body: e.data };
  chrome.runtime.sendMessage(msg);
});"#,
            &["content.js:4:3 warning"],
        ),
        cs(
            "extension id form",
            r#"
window.addEventListener("message", (e) => chrome.runtime.sendMessage("abcdefghijklmnopabcdefghijklmnop", e.data));"#,
            &["content.js:2:43 warning"],
        ),
        // ---- good ----
        cs(
            "the documented pattern: source and type checked",
            r#"
const port = chrome.runtime.connect();
window.addEventListener("message", (event) => {
  if (event.source !== window) return;
  if (event.data.type && event.data.type === "FROM_PAGE") {
    port.postMessage(event.data.text);
  }
});"#,
            &[],
        ),
        cs(
            "exact origin check",
            r#"
window.addEventListener("message", (e) => {
  if (e.origin !== "https://app.example.com") return;
  chrome.runtime.sendMessage(e.data);
});"#,
            &[],
        ),
        cs(
            "constant message only",
            r#"
window.addEventListener("message", (e) => { if (e.data === "ping") chrome.runtime.sendMessage({ type: "ping" }); });"#,
            &[],
        ),
        cs(
            "validator and source check",
            r#"
window.addEventListener("message", (e) => {
  if (e.source !== window || !validateRequest(e.data)) return;
  chrome.runtime.sendMessage(e.data);
});"#,
            &[],
        ),
        cs(
            "numbers only",
            r#"
window.addEventListener("message", (e) => chrome.runtime.sendMessage({ n: Number(e.data.n) }));"#,
            &[],
        ),
        popup(
            "not a content script",
            r#"
window.addEventListener("message", (e) => chrome.runtime.sendMessage(e.data));"#,
            &[],
        ),
        cs(
            "kept local",
            r#"
window.addEventListener("message", (e) => { document.body.textContent = e.data; });"#,
            &[],
        ),
        cs(
            "inline && checks",
            r#"
window.addEventListener("message", (e) => {
  e.source === window && e.data.type === "go" && chrome.runtime.sendMessage({ type: "go", x: e.data.x });
});"#,
            &[],
        ),
        cs(
            "switch on the type with a source check",
            r#"
window.addEventListener("message", (e) => {
  if (e.source !== window) return;
  switch (e.data.type) {
    case "save":
      chrome.runtime.sendMessage({ type: "save", v: e.data.v });
  }
});"#,
            &[],
        ),
        cs(
            "minified twin",
            r#"window.addEventListener("message",function(t){if(t.origin!=="https://a.example")return;chrome.runtime.sendMessage({type:"x",d:t.data})})"#,
            &[],
        ),
        cs(
            "data ignored",
            r#"
window.addEventListener("message", () => chrome.runtime.sendMessage({ type: "page-activity" }));"#,
            &[],
        ),
        cs(
            "encoded",
            r#"
window.addEventListener("message", (e) => chrome.runtime.sendMessage({ q: encodeURIComponent(e.data) }));"#,
            &[],
        ),
    ]
}

fn wildcard() -> Vec<Case> {
    vec![
        // ---- bad ----
        cs(
            "content script posts state",
            r#"
const state = { user: document.title };
window.postMessage(state, "*");"#,
            &["content.js:3:1 warning"],
        ),
        popup(
            "extension page to a frame",
            r#"
const frame = document.querySelector("iframe");
chrome.storage.local.get("x", (x) => frame.contentWindow.postMessage(x, "*"));"#,
            &["popup.js:3:38 warning"],
        ),
        cs(
            "parent",
            r#"
const info = { url: location.href };
parent.postMessage({ info }, "*");"#,
            &["content.js:3:1 warning"],
        ),
        cs(
            "template data",
            r#"
const id = document.body.dataset.id;
window.postMessage(`id:${id}`, "*");"#,
            &["content.js:3:1 warning"],
        ),
        cs(
            "global postMessage",
            r#"
const d = document.title;
postMessage(d, "*");"#,
            &["content.js:3:1 warning"],
        ),
        cs(
            "minified",
            r#"var e=document.title;window.postMessage(e,"*");"#,
            &["content.js:1:22 warning"],
        ),
        cs(
            // A unit with no source at all: the walk visits only what holds the call.
            "inside a callback of a function, no extension API in the file",
            r#"
function wrap(fn) { return fn(); }
function post(d) { wrap(() => parent.postMessage(d, "*")); }
post(document.title);"#,
            &["content.js:3:31 warning"],
        ),
        cs(
            "top",
            r#"
const s = { a: document.cookie };
top.postMessage(s, "*");"#,
            &["content.js:3:1 warning"],
        ),
        cs(
            "inside a listener",
            r#"
chrome.runtime.onMessage.addListener((m) => { window.postMessage(m, "*"); });"#,
            &["content.js:2:47 warning"],
        ),
        cs(
            "serialized",
            r#"
const s = { a: 1, b: document.title };
document.querySelector("iframe").contentWindow.postMessage(JSON.stringify(s), "*");"#,
            &["content.js:3:1 warning"],
        ),
        cs(
            "array",
            r#"
const a = document.title;
window.postMessage([a], "*");"#,
            &["content.js:3:1 warning"],
        ),
        cs(
            "opener",
            r#"
const t = document.title;
window.opener.postMessage(t, "*");"#,
            &["content.js:3:1 warning"],
        ),
        cs(
            "template star",
            r#"
const t = document.title;
window.postMessage(t, `*`);"#,
            &["content.js:3:1 warning"],
        ),
        // ---- good ----
        cs(
            "constant object",
            r#"window.postMessage({ type: "ready" }, "*");"#,
            &[],
        ),
        cs(
            "exact target origin",
            r#"
const t = document.title;
window.postMessage(t, "https://app.example.com");"#,
            &[],
        ),
        cs(
            "a Port takes one argument",
            r#"
const port = chrome.runtime.connect();
port.postMessage(document.title);"#,
            &[],
        ),
        bg(
            "service worker clients",
            BG,
            r#"
self.clients.matchAll().then((cs) => cs.forEach((c) => c.postMessage(c.id, "*")));"#,
            &[],
        ),
        cs(
            "constant string",
            r#"window.postMessage("ping", "*");"#,
            &[],
        ),
        cs(
            "own origin",
            r#"
const t = document.title;
window.postMessage(t, location.origin);"#,
            &[],
        ),
        cs(
            "worker with one argument",
            r#"
const w = new Worker("w.js");
w.postMessage(document.title);"#,
            &[],
        ),
        cs(
            "variable target origin",
            r#"
const ORIGIN = "https://app.example.com";
window.postMessage(document.title, ORIGIN);"#,
            &[],
        ),
        cs(
            "constant array",
            r#"window.postMessage(["a", 1, true], "*");"#,
            &[],
        ),
        cs(
            "constant nested object",
            r#"window.postMessage({ type: "ready", v: { major: 2 } }, "*");"#,
            &[],
        ),
        cs(
            "exact origin from a frame element",
            r#"
const f = document.querySelector("iframe");
f.contentWindow.postMessage(document.title, "https://embed.example.com");"#,
            &[],
        ),
        cs("negative number", r#"window.postMessage(-1, "*");"#, &[]),
    ]
}

#[test]
fn sensitive_data_to_untrusted_receiver_cases() {
    run_at_least_12("sensitive-data-to-untrusted-receiver", &sensitive());
}

#[test]
fn page_message_relay_cases() {
    run_at_least_12("page-message-relay", &relay());
}

#[test]
fn postmessage_wildcard_origin_cases() {
    run_at_least_12("postmessage-wildcard-origin", &wildcard());
}
