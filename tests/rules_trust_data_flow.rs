//! `sensitive-data-to-untrusted-receiver`, `page-message-relay` and
//! `postmessage-wildcard-origin`: exact findings, none for twins.
mod common;
mod trust_support;

use trust_support::*;

/// A page web pages may frame, `frame.html` loading `frame.js`.
const WAR_FRAME: &str = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js"}, "web_accessible_resources": [{"resources": ["frame.html"], "matches": ["<all_urls>"]}]}"#;
/// A background helper that answers stored prefs for `prefs`, and a constant for `ping`.
const HANDLE_BY_ACTION: &str = r#"
function handle(m, reply) {
  switch (m.action) {
    case "prefs": chrome.storage.local.get("prefs").then(reply); return true;
    case "ping": reply("pong"); return false;
  }
}
chrome.runtime.onMessage.addListener((m, s, r) => handle(m, r));"#;
const FRAME_HTML: &str = r#"<!doctype html><script src="frame.js"></script>"#;

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
        // The extension answers its content script with privileged data, which the
        // content script posts to the page: one finding at the post, both halves labelled.
        bg_cs(
            "cookies answered by kind, posted to the page by the content script",
            r#"
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg.type === "cookies") {
    chrome.cookies.getAll({ url: sender.tab.url }, (all) => sendResponse(all));
    return true;
  }
});"#,
            r#"
chrome.runtime.sendMessage({ type: "cookies" }, (resp) => {
  window.postMessage({ cookies: resp }, location.origin);
});"#,
            &["content.js:3:22 error"],
        ),
        bg_cs(
            "cookies.getAll(q, sendResponse) in a switch; awaited response posted",
            r#"
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  switch (msg.action) {
    case "getCookies":
      chrome.cookies.getAll({ domain: "example.com" }, sendResponse);
      return true;
  }
});"#,
            r#"
(async () => {
  const cookies = await chrome.runtime.sendMessage({ action: "getCookies" });
  window.postMessage({ kind: "cookies", cookies }, "*");
})();"#,
            &["content.js:4:22 error"],
        ),
        bg_cs(
            "promise-returning listener answers a stored token; .then posts it",
            r#"
chrome.runtime.onMessage.addListener(async (msg) => {
  if (msg.type === "token") {
    const { token } = await chrome.storage.local.get("token");
    return token;
  }
});"#,
            r#"
chrome.runtime.sendMessage({ type: "token" }).then((t) => window.postMessage({ t }, "*"));"#,
            &["content.js:2:78 error"],
        ),
        bg_cs(
            "the page chooses the request kind",
            r#"
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg.type === "history") {
    chrome.history.search({ text: "" }, (items) => sendResponse(items));
    return true;
  }
});"#,
            r#"
window.addEventListener("message", (e) => {
  if (e.source !== window) return;
  chrome.runtime.sendMessage({ type: e.data.type }, (r) => window.postMessage(r, "*"));
});"#,
            &["content.js:4:79 error"],
        ),
        bg_cs(
            "minified: sequence return, one-letter names",
            r#"
chrome.runtime.onMessage.addListener(function(e,t,n){if("c"===e.t)return chrome.cookies.getAll({},n),!0});"#,
            r#"
chrome.runtime.sendMessage({t:"c"},function(e){window.postMessage({c:e},"*")});"#,
            &["content.js:2:67 error"],
        ),
        bg_cs(
            "posted through a local helper",
            r#"
chrome.runtime.onMessage.addListener((m, s, reply) => {
  if (m.kind === "tabs") {
    chrome.tabs.query({}, (tabs) => reply(tabs.map((t) => t.url)));
    return true;
  }
});"#,
            r#"
function toPage(data) { window.postMessage({ source: "ext", data }, "*"); }
chrome.runtime.sendMessage({ kind: "tabs" }, (urls) => toPage(urls));"#,
            &["content.js:2:44 error"],
        ),
        bg(
            "sendResponse handed to a helper that answers with it",
            BG,
            r#"
function answer(msg, reply) { chrome.history.search({ text: "" }, reply); }
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  answer(msg, sendResponse);
  return true;
});"#,
            &["background.js:2:67 error"],
        ),
        bg(
            "sendResponse handed two helpers deep, called in a callback",
            BG,
            r#"
function tabs(done) { chrome.tabs.query({}, (ts) => done(ts.map((t) => t.url))); }
function route(m, done) { if (m.op === "tabs") tabs(done); }
chrome.runtime.onMessageExternal.addListener((m, s, r) => { route(m, r); return true; });"#,
            &["background.js:2:58 error"],
        ),
        bg_cs(
            "a dispatch table's handler answers cookies for its own kind",
            r#"
const handlers = {
  cookies: (m, reply) => { chrome.cookies.getAll({}, reply); return true; },
  ping: (m, reply) => reply({ ok: true }),
};
function dispatch(m, reply) { return handlers[m.type](m, reply); }
chrome.runtime.onMessage.addListener((m, s, reply) => dispatch(m, reply));"#,
            r#"
chrome.runtime.sendMessage({ type: "cookies" }, (c) => window.postMessage(c, location.origin));"#,
            &["content.js:2:75 error"],
        ),
        bg_cs(
            "a helper's switch answers stored prefs through .then(reply)",
            HANDLE_BY_ACTION,
            r#"
chrome.runtime.sendMessage({ action: "prefs" }, (p) => window.postMessage({ p }, "*"));"#,
            &["content.js:2:75 error"],
        ),
        cs(
            "stored token handed to the page in a CustomEvent",
            r#"
chrome.storage.local.get("token", (d) =>
  document.dispatchEvent(new CustomEvent("ext-token", { detail: d.token })));"#,
            &["content.js:3:26 error"],
        ),
        bg_cs(
            "cookies answered to the content script, dispatched to the page",
            r#"
chrome.runtime.onMessage.addListener((m, s, r) => {
  if (m.type === "c") { chrome.cookies.getAll({}, r); return true; }
});"#,
            r#"
chrome.runtime.sendMessage({ type: "c" }, (c) =>
  window.dispatchEvent(new CustomEvent("cookies", { detail: c })));"#,
            &["content.js:3:24 error"],
        ),
        // A web-accessible page is framed by any web page: its `parent` is theirs.
        case(
            "web-accessible frame posts a stored token to its parent",
            &[
                ("manifest.json", WAR_FRAME),
                ("background.js", ""),
                ("frame.html", FRAME_HTML),
                (
                    "frame.js",
                    r#"
chrome.storage.local.get("token", (d) => parent.postMessage({ token: d.token }, "*"));"#,
                ),
            ],
            &["frame.js:2:61 error"],
        ),
        case(
            "web-accessible frame answers the origin that asked with tab URLs",
            &[
                ("manifest.json", WAR_FRAME),
                ("background.js", ""),
                ("frame.html", FRAME_HTML),
                (
                    "frame.js",
                    r#"
window.addEventListener("message", async (e) => {
  const tabs = await chrome.tabs.query({});
  window.top.postMessage(tabs.map((t) => t.url), e.origin);
});"#,
                ),
            ],
            &["frame.js:4:26 error"],
        ),
        bg(
            "the active tab's id with its title, and a stored user's id",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, reply) => {
  if (m.q === "tab") {
    chrome.tabs.query({ active: true }, ([tab]) => reply({ id: tab.id, title: tab.title }));
  } else {
    chrome.storage.local.get("user", (d) => reply(d.user.id));
  }
  return true;
});"#,
            &["background.js:4:58 error", "background.js:6:51 error"],
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
        bg_cs(
            "the content script posts an answer of another kind",
            r#"
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg.type === "cookies") {
    chrome.cookies.getAll({}, (all) => sendResponse(all.length > 0));
    return true;
  }
  if (msg.type === "cookieList") {
    chrome.cookies.getAll({}, sendResponse);
    return true;
  }
  if (msg.type === "ping") sendResponse({ ok: true });
});"#,
            r#"
chrome.runtime.sendMessage({ type: "ping" }, (r) => window.postMessage(r, location.origin));"#,
            &[],
        ),
        bg_cs(
            "privileged data answered, only a constant posted",
            r#"
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  chrome.cookies.getAll({}, sendResponse);
  return true;
});"#,
            r#"
chrome.runtime.sendMessage({ type: "cookies" }, (c) => {
  if (c.length) window.postMessage({ type: "ready" }, location.origin);
});"#,
            &[],
        ),
        bg_cs(
            "response posted to an extension frame, not the page",
            r#"
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  chrome.storage.local.get("prefs", sendResponse);
  return true;
});"#,
            r#"
const frame = document.createElement("iframe");
frame.src = chrome.runtime.getURL("panel.html");
chrome.runtime.sendMessage({ type: "prefs" }, (p) =>
  frame.contentWindow.postMessage(p, chrome.runtime.getURL("")));"#,
            &[],
        ),
        bg_cs(
            "the background answers nothing privileged",
            r#"
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  sendResponse({ ok: true, version: chrome.runtime.getManifest().version });
});"#,
            r#"
chrome.runtime.sendMessage({ type: "hello" }, (r) => window.postMessage(r, location.origin));"#,
            &[],
        ),
        bg_cs(
            "a number made of the answer",
            r#"
chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  chrome.history.search({ text: "" }, (items) => sendResponse(items));
  return true;
});"#,
            r#"
chrome.runtime.sendMessage({ type: "count" }, (items) =>
  window.postMessage({ visits: Number(items) }, location.origin));"#,
            &[],
        ),
        bg(
            "sendResponse handed to the helper only after an exact origin check",
            BG,
            r#"
function answer(msg, reply) { chrome.history.search({ text: "" }, reply); }
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (sender.origin !== "https://app.example.com") return false;
  answer(msg, sendResponse);
  return true;
});"#,
            &[],
        ),
        bg(
            "a helper given sendResponse answers only constants",
            BG,
            r#"
function pong(m, reply) { chrome.history.search({ text: "" }, (h) => reply({ ok: true })); }
chrome.runtime.onMessageExternal.addListener((m, s, r) => { pong(m, r); return true; });"#,
            &[],
        ),
        bg_cs(
            "the helper answers privileged data only for a kind the content script never posts",
            HANDLE_BY_ACTION,
            r#"
chrome.runtime.sendMessage({ action: "ping" }, (p) => window.postMessage({ p }, "*"));"#,
            &[],
        ),
        cs(
            "events with constant details, and an element's own change event",
            r#"
window.dispatchEvent(new CustomEvent("ext-ready", { detail: { ready: true } }));
const input = document.querySelector("input");
chrome.storage.local.get("v", (d) => input.dispatchEvent(new Event("change")));"#,
            &[],
        ),
        case(
            "the popup posts to its parent: no web page frames it",
            &[
                ("manifest.json", POPUP),
                ("background.js", ""),
                ("popup.html", POPUP_HTML),
                (
                    "popup.js",
                    r#"
chrome.storage.local.get("token", (d) => parent.postMessage({ token: d.token }, "*"));"#,
                ),
            ],
            &[],
        ),
        case(
            "web-accessible frame posts to the one origin of its own web app, and a constant to any",
            &[
                ("manifest.json", WAR_FRAME),
                ("background.js", ""),
                ("frame.html", FRAME_HTML),
                (
                    "frame.js",
                    r#"
chrome.storage.local.get("token", (d) =>
  parent.postMessage({ token: d.token }, "https://app.example.com"));
parent.postMessage({ ready: true }, "*");"#,
                ),
            ],
            &[],
        ),
        bg_cs(
            "the content script relays its Port's messages, which are no answer to a request",
            r#"
chrome.runtime.onMessage.addListener((m, s, r) => {
  if (m.type === "c") { chrome.cookies.getAll({}, r); return true; }
});
chrome.runtime.onConnect.addListener((port) => port.postMessage({ hello: 1 }));"#,
            r#"
const port = chrome.runtime.connect({ name: "page" });
port.onMessage.addListener((m) => window.postMessage(m, location.origin));"#,
            &[],
        ),
        // ---- Ports kept in collections ----
        bg(
            "cookies broadcast to every external Port kept in a Set",
            BG,
            r#"
const ports = new Set();
chrome.cookies.onChanged.addListener(async () => {
  const all = await chrome.cookies.getAll({});
  for (const p of ports) p.postMessage(all);
  ports.forEach((p) => p.postMessage({ cookies: all }));
});
chrome.runtime.onConnectExternal.addListener((port) => {
  ports.add(port);
  port.onDisconnect.addListener(() => ports.delete(port));
});"#,
            &["background.js:5:40 error", "background.js:6:38 error"],
        ),
        bg(
            "history sent through a helper to external Ports kept in an array",
            BG,
            r#"
const conns = [];
chrome.runtime.onConnectExternal.addListener((port) => { conns.push(port); });
function broadcast(msg) { conns.forEach((c) => c.postMessage(msg)); }
chrome.alarms.onAlarm.addListener(async () => {
  const items = await chrome.history.search({ text: "" });
  broadcast({ urls: items.map((i) => i.url) });
});"#,
            &["background.js:4:62 error"],
        ),
        bg(
            "minified: a Set of external Ports inside a bundle's closure",
            BG,
            r#"
!function(){var n=new Set;chrome.runtime.onConnectExternal.addListener(function(e){n.add(e)});chrome.cookies.onChanged.addListener(function(){chrome.cookies.getAll({},function(t){n.forEach(function(e){e.postMessage(t)})})})}();"#,
            &["background.js:2:216 error"],
        ),
        bg(
            "tab URLs to external Ports looked up in a Map or an array",
            BG,
            r#"
const byTab = new Map();
const list = [];
chrome.runtime.onConnectExternal.addListener((port) => {
  byTab.set(port.sender.tab.id, port);
  list.push(port);
});
chrome.tabs.onUpdated.addListener(async (tabId) => {
  const tab = await chrome.tabs.get(tabId);
  const port = byTab.get(tabId);
  if (port) port.postMessage({ url: tab.url });
  byTab.get(tabId)?.postMessage({ title: tab.title });
  list[0].postMessage(tab.url);
});"#,
            &[
                "background.js:11:30 error",
                "background.js:12:33 error",
                "background.js:13:23 error",
            ],
        ),
        bg(
            "tab URLs to external Ports looked up in a Map, each checked before it went in",
            BG,
            r#"
const byTab = new Map();
chrome.runtime.onConnectExternal.addListener((port) => {
  if (port.sender.id !== "abcdefghijklmnopabcdefghijklmnop") return;
  byTab.set(port.sender.tab.id, port);
});
chrome.tabs.onUpdated.addListener(async (tabId) => {
  const tab = await chrome.tabs.get(tabId);
  byTab.get(tabId)?.postMessage({ url: tab.url });
});"#,
            &[],
        ),
        bg(
            "external Ports kept in a Map only after an exact check of their sender",
            BG,
            r#"
const ports = new Map();
chrome.cookies.onChanged.addListener(async () => {
  const all = await chrome.cookies.getAll({});
  for (const p of ports.values()) p.postMessage(all);
});
chrome.runtime.onConnectExternal.addListener((port) => {
  if (port.sender.origin !== "https://app.example.com") return port.disconnect();
  ports.set(port.name, port);
});"#,
            &[],
        ),
        bg(
            "a Set of the extension's own Ports, and of external Ports sent only constants",
            BG,
            r#"
const own = new Set();
const ext = new Set();
chrome.runtime.onConnect.addListener((port) => own.add(port));
chrome.runtime.onConnectExternal.addListener((port) => ext.add(port));
chrome.cookies.onChanged.addListener(async () => {
  const all = await chrome.cookies.getAll({});
  own.forEach((p) => p.postMessage(all));
  ext.forEach((p) => p.postMessage({ changed: true }));
});"#,
            &[],
        ),
        bg(
            "which tab and window, not what they show",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((m, s, reply) => {
  chrome.tabs.query({ active: true, currentWindow: true }, ([tab]) =>
    reply({ id: tab.id, windowId: tab.windowId, index: tab.index, pinned: tab.pinned }));
  chrome.tabs.get(m.tabId, ({ id, windowId }) => reply({ id, windowId }));
  return true;
});"#,
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
        cs(
            // A random token posted to a frame is still reported: a nonce that
            // authenticates a handshake is a secret, and the frame may have navigated.
            "a random token to a frame",
            r#"
const token = crypto.randomUUID();
document.querySelector("iframe").contentWindow.postMessage(token, "*");"#,
            &["content.js:3:1 warning"],
        ),
        cs(
            "a random token to the parent",
            r#"
parent.postMessage("tick" + Math.random(), "*");"#,
            &["content.js:2:1 warning"],
        ),
        cs(
            // One call gives `x` a constant; the function is also a listener, given
            // whatever a message holds: the calls seen are not all its values.
            "a parameter of a function called by name and passed on",
            r#"
function post(x) { window.postMessage(x, "*"); }
post("ready");
chrome.runtime.onMessage.addListener(post);"#,
            &["content.js:2:20 warning"],
        ),
        cs(
            "a binding given a constant, then data",
            r#"
let t = "idle";
t = document.title;
window.postMessage(t, "*");"#,
            &["content.js:4:1 warning"],
        ),
        cs(
            "an immediately invoked function given data",
            r#"
((t) => window.postMessage(t, "*"))(document.title);"#,
            &["content.js:2:9 warning"],
        ),
        cs(
            "a random token with page data, to its own window",
            r#"
window.postMessage(Math.random() + document.title, "*");"#,
            &["content.js:2:1 warning"],
        ),
        cs(
            "target origin falls back to the wildcard (`??`, `||`, `?:`)",
            r#"
function send(data, targetOrigin) {
  parent.postMessage(data, targetOrigin ?? "*");
  parent.postMessage(data, targetOrigin || "*");
  parent.postMessage(data, targetOrigin ? targetOrigin : "*");
}"#,
            &[
                "content.js:3:3 warning",
                "content.js:4:3 warning",
                "content.js:5:3 warning",
            ],
        ),
        cs(
            "target origin named by the page's message",
            r#"
window.addEventListener("message", (e) => {
  if (e.source !== window) return;
  window.postMessage({ title: document.title }, e.data.senderOrigin);
});"#,
            &["content.js:4:3 warning"],
        ),
        // ---- good ----
        cs(
            "a reply to the sender's own origin (`event.origin` is the browser's word)",
            r#"
window.addEventListener("message", (e) => {
  if (e.origin !== "https://app.example.com") return;
  e.source.postMessage({ title: document.title }, e.origin);
});"#,
            &[],
        ),
        cs(
            "a fallback to a fixed origin, and a constant that falls back to the wildcard",
            r#"
function send(data, targetOrigin) {
  parent.postMessage(data, targetOrigin ?? "https://app.example.com");
  parent.postMessage({ type: "ready" }, targetOrigin ?? "*");
}"#,
            &[],
        ),
        cs(
            // axios's setImmediate shim (lib/utils.js): a random tick token posted to
            // the script's own window, which only its own document receives whatever
            // the target origin.
            "axios's setImmediate shim",
            r#"
const _global = (() => {
  if (typeof globalThis !== "undefined") return globalThis;
  return typeof self !== "undefined" ? self : (typeof window !== "undefined" ? window : global);
})();
const _setImmediate = ((token, callbacks) => {
  _global.addEventListener("message", ({ source, data }) => {
    if (source === _global && data === token) callbacks.length && callbacks.shift()();
  }, false);
  return (cb) => { callbacks.push(cb); _global.postMessage(token, "*"); };
})(`axios@${Math.random()}`, []);"#,
            &[],
        ),
        cs(
            "axios's setImmediate shim, minified",
            r#"var Q="undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:"undefined"!=typeof window?window:global;var le,he,de=(le="axios@".concat(Math.random()),he=[],Q.addEventListener("message",function(e){e.source===Q&&e.data===le&&he.length&&he.shift()()},!1),function(e){he.push(e),Q.postMessage(le,"*")});"#,
            &[],
        ),
        cs(
            "a constant through a binding, to the parent",
            r#"
const READY = { type: "ready", v: 2 };
parent.postMessage(READY, "*");"#,
            &[],
        ),
        cs(
            "a tick from the clock, to its own window",
            r#"
self.postMessage("tick:" + Date.now().toString(36), "*");"#,
            &[],
        ),
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

/// Privileged data an external listener answers by returning it (an async listener's
/// value, a returned promise): the message names `return` as the way out.
#[test]
fn returned_privileged_data_is_named_as_returned() {
    let lines = common::check_background(
        "chrome.runtime.onMessageExternal.addListener(async (msg, sender) => {\n  \
         const v = await chrome.storage.local.get(msg.key);\n  return v;\n});\n",
    );
    let got: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("[sensitive-data-to-untrusted-receiver]"))
        .collect();
    assert_eq!(
        got,
        ["background.js:3:10: error [sensitive-data-to-untrusted-receiver] privileged data is answered to an external sender through `return`"]
    );
}

/// A helper that posts its parameter to every frame with `"*"` (KeePassXC's
/// `sendMessageToFrames`): not reported when every call gives it a constant, reported
/// when one call gives it data, when it is handed on (its callers are then unknown), or
/// when another script of its context names it.
#[test]
fn a_posting_helper_given_only_constants_is_not_reported() {
    let helper = r#"const toFrames = function (message) {
  for (let i = 0; i < window.frames.length; i++) frames[i].postMessage(message, "*");
};
function toParent(kind, message) { window.top.postMessage(message, "*"); }
document.getElementById("ok").onclick = () => toFrames("ok_clicked");
document.getElementById("no").onclick = () => { toFrames("no_clicked"); toParent("k", { done: true }); };
"#;
    let post = "postmessage-wildcard-origin";
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1",
      "content_scripts": [{"matches": ["<all_urls>"], "js": ["content.js", "other.js"]}]}"#;
    let run = |js: &str, other: &str| {
        findings(
            &[
                ("manifest.json", manifest),
                ("content.js", js),
                ("other.js", other),
            ],
            post,
        )
    };
    assert_eq!(run(helper, ""), Vec::<String>::new());
    let given_data = format!("{helper}toParent(\"k\", document.title);\n");
    assert_eq!(run(&given_data, ""), ["content.js:4:36 warning"]);
    let handed_on = format!("{helper}setTimeout(toFrames, 0);\n");
    assert_eq!(run(&handed_on, ""), ["content.js:2:50 warning"]);
    assert_eq!(
        run(helper, "toFrames(location.href);\n"),
        ["content.js:2:50 warning"]
    );
}

/// The search of a context's other scripts for a posting helper's name is bounded: past
/// 4 MiB of them the helper may be called there, and the post is reported as it would be
/// without the search (a context of thousands of scripts, each asking, was searched
/// thousands of times).
#[test]
fn a_posting_helper_s_search_of_other_scripts_is_bounded() {
    let helper = "function toFrames(message) { frames[0].postMessage(message, \"*\"); }\ntoFrames(\"ok\");\n";
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1",
      "content_scripts": [{"matches": ["<all_urls>"], "js": ["content.js", "big.js"]}]}"#;
    let run = |bytes: usize| {
        let big = "var filler = 0;\n".repeat(bytes / 16);
        findings(
            &[
                ("manifest.json", manifest),
                ("content.js", helper),
                ("big.js", &big),
            ],
            "postmessage-wildcard-origin",
        )
    };
    assert_eq!(run(1 << 20), Vec::<String>::new());
    assert_eq!(run(5 << 20), ["content.js:1:30 warning"]);
}
