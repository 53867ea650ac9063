//! `untrusted-message-to-privileged-api`: exact findings for bad code, none for its twins.
mod common;
mod trust_support;

use trust_support::*;

const RULE: &str = "untrusted-message-to-privileged-api";

/// A module service worker registering an `onConnectExternal` handler from `ports.js`.
const REGISTERS_IMPORTED_PORT_HANDLER: &str = r#"
import { onExternalPort } from "./ports.js";
chrome.runtime.onConnectExternal.addListener(onExternalPort);"#;

/// `ports.js`: an exported `onConnect` handler writing each message's field to storage.
const STORING_PORT_HANDLER: &str = r#"
export function onExternalPort(port) {
  port.onMessage.addListener((msg) => chrome.storage.local.set({ v: msg.v }));
}"#;

fn cases() -> Vec<Case> {
    vec![
        // ---- bad ----
        bg(
            "external listener writes a field to storage",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  chrome.storage.local.set({ theme: msg.theme });
});"#,
            &["background.js:3:28 error"],
        ),
        bg(
            "external listener fetches a URL from the message",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((request, sender, sendResponse) => {
  fetch(request.url).then((r) => r.text()).then(sendResponse);
  return true;
});"#,
            &["background.js:3:9 error"],
        ),
        bg(
            "external listener sets cookies",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener(function (m, s) {
  chrome.cookies.set({ url: "https://example.com", name: "sid", value: m.value });
});"#,
            &["background.js:3:22 error"],
        ),
        cs(
            "page message listener in a content script feeds storage",
            r#"
window.addEventListener("message", (event) => {
  const { key, value } = event.data;
  chrome.storage.local.set({ [key]: value });
});"#,
            &["content.js:4:28 error"],
        ),
        cs(
            "custom DOM event feeds an XHR URL",
            r#"
document.addEventListener("helper:load", (e) => {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", e.detail.url);
  xhr.send();
});"#,
            &["content.js:4:19 error"],
        ),
        case(
            "content-script relay into a background executeScript",
            &[
                ("manifest.json", CS),
                (
                    "content.js",
                    r#"
window.addEventListener("message", (e) => {
  chrome.runtime.sendMessage({ type: "inject", file: e.data.file });
});"#,
                ),
                (
                    "background.js",
                    r#"
chrome.runtime.onMessage.addListener((msg, sender) => {
  if (msg.type === "inject") {
    chrome.scripting.executeScript({ target: { tabId: sender.tab.id }, files: [msg.file] });
  }
});"#,
                ),
            ],
            &["background.js:4:79 error"],
        ),
        bg(
            "webpack-style closure with one-letter names",
            BG,
            r#"!function(e){var t={};e[0]=function(n,r,o){var i=chrome;i.runtime.onMessageExternal.addListener(function(e,t,n){i.storage.local.set({k:e.v}),fetch(e.u)})};e[0]()}([]);"#,
            &["background.js:1:133 error", "background.js:1:148 error"],
        ),
        bg(
            "a helper summarizes the flow",
            BG,
            r#"
function save(data) {
  return chrome.storage.sync.set({ data });
}
chrome.runtime.onMessageExternal.addListener((msg) => {
  save(msg.payload);
});"#,
            &["background.js:3:34 error"],
        ),
        bg(
            "through a promise chain",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  Promise.resolve(msg).then((m) => chrome.tabs.create({ url: m.url }));
});"#,
            &["background.js:3:62 error"],
        ),
        bg(
            "through await and destructuring",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener(async (msg) => {
  const { target } = await Promise.resolve(msg);
  await chrome.downloads.download({ url: `${target}` });
});"#,
            &["background.js:4:35 error"],
        ),
        bg(
            "a startsWith check without a trailing slash is no protection",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (!sender.url.startsWith("https://example.com")) return;
  fetch(msg.url);
});"#,
            &["background.js:4:9 error"],
        ),
        bg(
            "external message to a native host",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  chrome.runtime.sendNativeMessage("com.example.host", msg);
});"#,
            &["background.js:3:56 error"],
        ),
        case(
            "content-script message kind handled in the background: warning",
            &[
                ("manifest.json", CS),
                (
                    "content.js",
                    r#"chrome.runtime.sendMessage({ type: "open", url: location.href });"#,
                ),
                (
                    "background.js",
                    r#"
chrome.runtime.onMessage.addListener((msg) => {
  if (msg.type === "open") chrome.tabs.create({ url: msg.url });
});"#,
                ),
            ],
            &["background.js:3:54 warning"],
        ),
        bg(
            "narrow externally_connectable: warning",
            NARROW,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  chrome.history.deleteUrl({ url: msg.url });
});"#,
            &["background.js:3:28 warning"],
        ),
        bg(
            "sender check kept in a flag outside the listener",
            BG,
            r#"
const ALLOWED = new Set(["https://app.example.com"]);
let seen = false;
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (ALLOWED.has(sender.origin)) seen = true;
  if (!seen) return;
  chrome.storage.local.set({ theme: msg.theme });
});"#,
            &["background.js:7:28 error"],
        ),
        bg(
            "storage write in the branch that turns the sender away",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (sender.origin !== "https://app.example.com") {
    chrome.storage.local.set({ rejected: msg.theme });
    return;
  }
  chrome.storage.local.set({ theme: msg.theme });
});"#,
            &["background.js:4:30 error"],
        ),
        // An `onConnect` handler registered by one unit and declared by another: its
        // Port's listeners are found where the handler is.
        case(
            "Port handler imported by a module service worker",
            &[
                ("manifest.json", MODULE_SW),
                ("background.js", REGISTERS_IMPORTED_PORT_HANDLER),
                ("ports.js", STORING_PORT_HANDLER),
            ],
            &["ports.js:3:64 error"],
        ),
        case(
            "Port handler declared by another background script",
            &[
                ("manifest.json", MV2_TWO_SCRIPTS),
                (
                    "background.js",
                    r#"
chrome.runtime.onConnectExternal.addListener(handlePort);"#,
                ),
                (
                    "ports.js",
                    r#"
function handlePort(p) {
  p.onMessage.addListener(function (m) { chrome.tabs.create({ url: m.url }); });
}"#,
                ),
            ],
            &["ports.js:3:68 error"],
        ),
        // A handler that only hands its Port on registers the function it hands it to.
        case(
            "Port handed on by a forwarding handler to an imported function",
            &[
                ("manifest.json", MODULE_SW),
                (
                    "background.js",
                    r#"
import { onExternalPort } from "./ports.js";
chrome.runtime.onConnectExternal.addListener((port) => onExternalPort(port));"#,
                ),
                ("ports.js", STORING_PORT_HANDLER),
            ],
            &["ports.js:3:64 error"],
        ),
        case(
            "Port handed on by a forwarding handler to another background script's function",
            &[
                ("manifest.json", MV2_TWO_SCRIPTS),
                (
                    "background.js",
                    r#"
chrome.runtime.onConnectExternal.addListener(function (port) { handlePort(port); });"#,
                ),
                (
                    "ports.js",
                    r#"
function handlePort(p) {
  p.onMessage.addListener(function (m) { chrome.tabs.create({ url: m.url }); });
}"#,
                ),
            ],
            &["ports.js:3:68 error"],
        ),
        // Tabs and windows: only where they navigate (`url`) matters.
        bg(
            "tabs.update navigates a tab the caller chose to the caller's URL",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  chrome.tabs.update(msg.tabId, { active: true, url: msg.url });
});"#,
            &["background.js:3:54 error"],
        ),
        bg(
            "tab properties spread from the message, or built in a binding",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  chrome.tabs.create({ ...msg.props });
  const props = { url: msg.url };
  chrome.windows.create(props);
});"#,
            &["background.js:3:22 error", "background.js:5:25 error"],
        ),
        // ---- good ----
        bg(
            "sender check kept in a flag of the listener",
            BG,
            r#"
const ALLOWED = new Set(["https://app.example.com"]);
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  let trusted = false;
  if (ALLOWED.has(sender.origin)) trusted = true;
  if (!trusted) return;
  chrome.storage.local.set({ theme: msg.theme });
});"#,
            &[],
        ),
        bg(
            "exact origin comparison",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (sender.origin !== "https://app.example.com") return;
  chrome.storage.local.set({ theme: msg.theme });
});"#,
            &[],
        ),
        bg(
            "Set.has on an allow-list",
            BG,
            r#"
const ALLOWED = new Set(["https://app.example.com"]);
chrome.runtime.onMessageExternal.addListener((request, sender, sendResponse) => {
  if (!ALLOWED.has(sender.origin)) return false;
  fetch(request.url).then((r) => r.text()).then(sendResponse);
  return true;
});"#,
            &[],
        ),
        bg(
            "cookies behind an exact extension id",
            BG,
            r#"
const FRIEND = "abcdefghijklmnopabcdefghijklmnop";
chrome.runtime.onMessageExternal.addListener(function (m, s) {
  if (s.id === FRIEND) {
    chrome.cookies.set({ url: "https://example.com", name: "sid", value: m.value });
  }
});"#,
            &[],
        ),
        cs(
            "page message with an exact origin check",
            r#"
window.addEventListener("message", (event) => {
  if (event.origin !== "https://app.example.com") return;
  chrome.storage.local.set({ note: event.data.note });
});"#,
            &[],
        ),
        cs(
            "DOM event: constant origin, encoded query",
            r#"
document.addEventListener("helper:load", (e) => {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", "https://api.example.com/items?q=" + encodeURIComponent(e.detail.q));
  xhr.send();
});"#,
            &[],
        ),
        case(
            "relay twin: background uses the sender's tab and a constant file",
            &[
                ("manifest.json", CS),
                (
                    "content.js",
                    r#"
window.addEventListener("message", (e) => {
  if (e.source !== window || e.data?.type !== "inject") return;
  chrome.runtime.sendMessage({ type: "inject" });
});"#,
                ),
                (
                    "background.js",
                    r#"
chrome.runtime.onMessage.addListener((msg, sender) => {
  if (msg.type === "inject") {
    chrome.scripting.executeScript({ target: { tabId: sender.tab.id }, files: ["inject.js"] });
  }
});"#,
                ),
            ],
            &[],
        ),
        bg(
            "webpack-style closure with an exact check",
            BG,
            r#"!function(e){e[0]=function(n,r,o){var i=chrome;i.runtime.onMessageExternal.addListener(function(e,t,n){if(t.origin!=="https://a.example")return;i.storage.local.set({k:e.v})})};e[0]()}([]);"#,
            &[],
        ),
        bg(
            "sanitizer: Number()",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  chrome.storage.local.set({ count: Number(msg.count) });
});"#,
            &[],
        ),
        bg(
            "comparison against a constant",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  if (msg.url === "https://example.com/help") chrome.tabs.create({ url: msg.url });
});"#,
            &[],
        ),
        bg(
            "schema validation guard",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  if (!validateSettings(msg)) return;
  chrome.storage.local.set({ settings: msg });
});"#,
            &[],
        ),
        case(
            "kind sent only by an extension page",
            &[
                ("manifest.json", CS),
                (
                    "content.js",
                    r#"chrome.runtime.sendMessage({ type: "ping" });"#,
                ),
                (
                    "background.js",
                    r#"
chrome.runtime.onMessage.addListener((msg) => {
  if (msg.type === "save") chrome.storage.local.set({ s: msg.settings });
});"#,
                ),
            ],
            &[],
        ),
        bg(
            "unresolved dispatch is not reported",
            BG,
            r#"
import { handlers } from "./handlers.js";
chrome.runtime.onMessageExternal.addListener((msg) => {
  handlers[msg.type](msg);
});"#,
            &[],
        ),
        bg(
            "external handler map: the message picks the handler",
            BG,
            r#"
const handlers = {
  async fetchUrl(msg) { const r = await fetch(msg.url); return r.text(); },
  ping: () => "pong",
};
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  handlers[msg.type](msg).then(sendResponse);
  return true;
});"#,
            &["background.js:3:47 error"],
        ),
        bg(
            "minified handler map through a binding, shorthand and key-value handlers",
            BG,
            r#"
function o(e){chrome.tabs.create({url:e.u})}
var n=function(e){chrome.cookies.remove({url:e.u,name:e.n})},r={open:o,drop:n};
chrome.runtime.onMessageExternal.addListener(function(e,t,i){var a=r[e.t];return a&&a(e),!1});"#,
            &["background.js:2:39 error", "background.js:3:41 error"],
        ),
        case(
            "a content script sends the kind whose handler writes storage",
            &[
                ("manifest.json", CS),
                (
                    "content.js",
                    r#"chrome.runtime.sendMessage({ type: "save", value: document.title });"#,
                ),
                (
                    "background.js",
                    r#"
const handlers = {
  open(msg) { chrome.tabs.create({ url: msg.url }); },
  save(msg) { chrome.storage.local.set({ k: msg.value }); },
};
chrome.runtime.onMessage.addListener((msg) => {
  const h = handlers[msg.type];
  if (h) h(msg);
});"#,
                ),
            ],
            &["background.js:4:40 warning"],
        ),
        bg(
            "a named fulfilment handler receives the message",
            BG,
            r#"
function store(m) { chrome.storage.local.set({ v: m.value }); }
chrome.runtime.onMessageExternal.addListener((msg) => {
  Promise.resolve(msg).then(store);
});"#,
            &["background.js:2:46 error"],
        ),
        case(
            "listener declared in another background script fetches the message's URL",
            &[
                (
                    "manifest.json",
                    r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["handlers.js", "background.js"]}}"#,
                ),
                (
                    "handlers.js",
                    r#"
function onExternal(msg, sender, sendResponse) {
  fetch(msg.url).then((r) => r.text()).then(sendResponse);
  return true;
}"#,
                ),
                (
                    "background.js",
                    r#"chrome.runtime.onMessageExternal.addListener(onExternal);"#,
                ),
            ],
            &["handlers.js:3:9 error"],
        ),
        cs(
            "a page message settles a promise whose value is fetched",
            r#"
const nextMessage = () =>
  new Promise((resolve) => {
    window.addEventListener("message", (e) => resolve(e.data), { once: true });
  });
nextMessage().then((d) => fetch(d.url));"#,
            &["content.js:6:33 error"],
        ),
        cs(
            "a popup's answer settles the promise after an exact origin check",
            r#"
function runPopup(expectedOrigin) {
  return new Promise((resolve) => {
    window.addEventListener("message", function (e) {
      if (e.origin !== expectedOrigin) return;
      resolve(e.data.response);
    });
  });
}
async function login(origin) {
  const r = await runPopup(origin);
  await fetch("https://auth.example.com/oauth/token", { method: "POST", body: r.code });
}"#,
            &[],
        ),
        bg(
            "module-pattern object: listener and helper reached through this",
            BG,
            r#"
var Background = {
  init: function () {
    chrome.runtime.onMessageExternal.addListener(this.onMessage.bind(this));
  },
  onMessage: function (msg, sender, sendResponse) {
    this.open(msg.url);
  },
  open(url) {
    chrome.tabs.create({ url: url });
  },
};
Background.init();"#,
            &["background.js:10:31 error"],
        ),
        case(
            "imported helper writes the message to storage",
            &[
                (
                    "manifest.json",
                    r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js", "type": "module"}}"#,
                ),
                (
                    "storage.js",
                    r#"export function saveSettings(s) {
  return chrome.storage.local.set({ settings: s });
}"#,
                ),
                (
                    "background.js",
                    r#"import { saveSettings } from "./storage.js";
chrome.runtime.onMessageExternal.addListener((msg) => {
  saveSettings(msg.settings);
});"#,
                ),
            ],
            &["storage.js:2:35 error"],
        ),
        case(
            "helper in another classic script opens the message's URL",
            &[
                (
                    "manifest.json",
                    r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["util.js", "background.js"]}}"#,
                ),
                (
                    "util.js",
                    r#"function openTab(u) { chrome.tabs.create({ url: u }); }"#,
                ),
                (
                    "background.js",
                    r#"chrome.runtime.onMessageExternal.addListener(function (m) { openTab(m.url); });"#,
                ),
            ],
            &["util.js:1:49 error"],
        ),
        case(
            "imported helper that sanitizes, and modules importing each other",
            &[
                (
                    "manifest.json",
                    r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js", "type": "module"}}"#,
                ),
                (
                    "a.js",
                    r#"import { b } from "./b.js";
export function a(x, n) { return n > 0 ? b(x, n - 1) : chrome.storage.local.set({ n: Number(x) }); }"#,
                ),
                (
                    "b.js",
                    r#"import { a } from "./a.js";
export function b(x, n) { return a(x, n); }"#,
                ),
                (
                    "background.js",
                    r#"import { a } from "./a.js";
chrome.runtime.onMessageExternal.addListener((msg) => { a(msg.count, 3); });"#,
                ),
            ],
            &[],
        ),
        case(
            "content-script relay through a helper in another script of the group",
            &[
                (
                    "manifest.json",
                    r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "background.js"}, "content_scripts": [{"matches": ["<all_urls>"], "js": ["util.js", "content.js"]}]}"#,
                ),
                (
                    "util.js",
                    r#"function relay(d) { chrome.runtime.sendMessage({ type: "inject", file: d }); }"#,
                ),
                (
                    "content.js",
                    r#"window.addEventListener("message", (e) => {
  relay(e.data.file);
});"#,
                ),
                (
                    "background.js",
                    r#"chrome.runtime.onMessage.addListener((msg, sender) => {
  if (msg.type === "inject") {
    chrome.scripting.executeScript({ target: { tabId: 1 }, files: [msg.file] });
  }
});"#,
                ),
            ],
            &["background.js:3:67 error"],
        ),
        bg(
            "handlers in a Map, picked by the message",
            BG,
            r#"
function save(m) { chrome.storage.local.set({ v: m.value }); }
const handlers = new Map([
  ["open", (m) => chrome.tabs.create({ url: m.url })],
  ["save", save],
]);
chrome.runtime.onMessageExternal.addListener((msg) => {
  handlers.get(msg.type)?.(msg);
});"#,
            &["background.js:2:45 error", "background.js:4:45 error"],
        ),
        bg(
            "handlers in a Map behind an exact sender check",
            BG,
            r#"
const handlers = new Map([["open", (m) => chrome.tabs.create({ url: m.url })]]);
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") return;
  const h = handlers.get(msg.type);
  if (h) h(msg);
});"#,
            &[],
        ),
        bg(
            "handler map behind an exact sender check",
            BG,
            r#"
const handlers = { open(msg) { chrome.tabs.create({ url: msg.url }); } };
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") return;
  handlers[msg.type](msg);
});"#,
            &[],
        ),
        bg(
            "handler map whose handlers take nothing from the message",
            BG,
            r#"
const handlers = {
  clear() { chrome.storage.local.set({ cache: {} }); },
  open: () => chrome.tabs.create({ url: "https://example.com/help" }),
};
chrome.runtime.onMessageExternal.addListener((msg) => {
  handlers[msg.type]?.();
});"#,
            &[],
        ),
        bg(
            "handler map with a reassigned object is not followed",
            BG,
            r#"
let handlers = { open(msg) { chrome.tabs.create({ url: msg.url }); } };
handlers = loadHandlers();
chrome.runtime.onMessageExternal.addListener((msg) => {
  handlers[msg.type](msg);
});"#,
            &[],
        ),
        case(
            "no content script sends the kind whose handler opens tabs",
            &[
                ("manifest.json", CS),
                (
                    "content.js",
                    r#"chrome.runtime.sendMessage({ type: "save", value: 1 });"#,
                ),
                (
                    "background.js",
                    r#"
const handlers = {
  open(msg) { chrome.tabs.create({ url: msg.url }); },
  save(msg) { chrome.storage.local.set({ k: Number(msg.value) }); },
};
chrome.runtime.onMessage.addListener((msg) => {
  handlers[msg.type](msg);
});"#,
                ),
            ],
            &[],
        ),
        bg(
            "a named fulfilment handler that sanitizes",
            BG,
            r#"
function store(m) { chrome.storage.local.set({ v: Number(m.value) }); }
chrome.runtime.onMessageExternal.addListener((msg) => {
  Promise.resolve(msg).then(store);
});"#,
            &[],
        ),
        bg(
            "fixed-origin request with data in the path",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  fetch(`https://api.example.com/items/${msg.id}`);
});"#,
            &[],
        ),
        bg(
            "ids-only externally_connectable still needs no report for constants",
            IDS,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  chrome.storage.local.set({ lastPing: Date.now() });
});"#,
            &[],
        ),
        case(
            "an exported function used as a Port but registered by no one",
            &[
                ("manifest.json", MODULE_SW),
                (
                    "background.js",
                    r#"
import { onExternalPort } from "./ports.js";
chrome.runtime.onMessageExternal.addListener((msg, sender) => {
  if (sender.id !== "abcdefghijklmnopabcdefghijklmnop") return;
  onExternalPort(msg);
});"#,
                ),
                ("ports.js", STORING_PORT_HANDLER),
            ],
            &[],
        ),
        case(
            "Port handed on by a forwarding handler to an imported function that checks the sender",
            &[
                ("manifest.json", MODULE_SW),
                (
                    "background.js",
                    r#"
import { onExternalPort } from "./ports.js";
chrome.runtime.onConnectExternal.addListener((port) => { return onExternalPort(port); });"#,
                ),
                (
                    "ports.js",
                    r#"
export function onExternalPort(port) {
  if (port.sender.origin !== "https://app.example.com") return port.disconnect();
  port.onMessage.addListener((msg) => chrome.storage.local.set({ v: msg.v }));
}"#,
                ),
            ],
            &[],
        ),
        case(
            "imported Port handler that checks the sender",
            &[
                ("manifest.json", MODULE_SW),
                ("background.js", REGISTERS_IMPORTED_PORT_HANDLER),
                (
                    "ports.js",
                    r#"
export function onExternalPort(port) {
  if (port.sender.origin !== "https://app.example.com") return port.disconnect();
  port.onMessage.addListener((msg) => chrome.storage.local.set({ v: msg.v }));
}"#,
                ),
            ],
            &[],
        ),
        // ---- URLs proven to stay on one site (a fixed scheme and host) ----
        bg(
            "URL validated with startsWith on an origin and a slash, then opened",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  if (typeof msg.url === "string" && msg.url.startsWith("https://docs.example.com/")) {
    chrome.tabs.create({ url: msg.url });
  }
  if (!msg.next.startsWith("https://docs.example.com/")) return;
  chrome.tabs.update({ url: msg.next + "?from=ext" });
});"#,
            &[],
        ),
        bg(
            "URL validated by an anchored regex or its URL origin, then fetched",
            BG,
            r#"
const DOCS = /^https:\/\/(www\.)?example\.com\//;
chrome.runtime.onMessageExternal.addListener(async (msg) => {
  if (DOCS.test(msg.page)) await fetch(msg.page);
  const u = new URL(msg.link);
  if (u.origin !== "https://example.com") return;
  await fetch(u.href);
  if (new URL(msg.dl).origin === "https://cdn.example.com") chrome.downloads.download({ url: msg.dl });
});"#,
            &[],
        ),
        bg(
            "minified: a prefix test through indexOf, and a validating helper",
            BG,
            r#"
function o(e){e.startsWith("https://example.com/")&&chrome.tabs.create({url:e})}
chrome.runtime.onMessageExternal.addListener(function(e,t){if(0===e.u.indexOf("https://example.com/")){fetch(e.u)}o(e.v)});"#,
            &[],
        ),
        bg(
            "prefixes and tests that leave the site open",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  if (msg.a.startsWith("https://example.com")) chrome.tabs.create({ url: msg.a });
  if (msg.b.startsWith("https://")) chrome.tabs.create({ url: msg.b });
  if (/^https?:\/\//.test(msg.c)) fetch(msg.c);
  if (/^\w+:\/\/example\.com\//.test(msg.d)) fetch(msg.d);
  if (new URL(msg.e).hostname === "example.com") chrome.tabs.create({ url: msg.e });
});"#,
            &[
                "background.js:3:74 error",
                "background.js:4:63 error",
                "background.js:5:41 error",
                "background.js:6:52 error",
                "background.js:7:76 error",
            ],
        ),
        bg(
            "a validated URL cut, or used outside the branch that validated it",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  if (msg.url.startsWith("https://example.com/")) {
    chrome.tabs.create({ url: msg.url.slice(20) });
  } else {
    chrome.tabs.create({ url: msg.url });
  }
  fetch(msg.url);
  if (msg.x.startsWith("https://example.com/")) chrome.storage.local.set({ x: msg.x });
});"#,
            &[
                "background.js:4:31 error",
                "background.js:6:31 error",
                "background.js:8:9 error",
                "background.js:9:74 error",
            ],
        ),
        bg(
            "a validated value overwritten with message data before it is used",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  if (msg.url.startsWith("https://example.com/")) {
    msg.url = msg.other;
    chrome.tabs.create({ url: msg.url });
  }
  let key = msg.key;
  if (key === "theme") {
    key = msg.evil;
    chrome.storage.local.set({ theme: key });
  }
  let u = msg.a;
  if (u.startsWith("https://example.com/")) {
    u = "https://example.com/home";
    chrome.tabs.create({ url: u });
  }
});"#,
            &["background.js:5:31 error", "background.js:10:30 error"],
        ),
        bg(
            "requests to an origin kept in a constant",
            BG,
            r#"
const API = "https://api.example.com";
const V1 = `${API}/v1/`;
chrome.runtime.onMessageExternal.addListener(async (msg) => {
  await fetch(API + "/items/" + msg.id);
  await fetch(`${API}/items/${msg.id}`);
  await fetch(V1 + msg.id);
  const xhr = new XMLHttpRequest();
  xhr.open("GET", API + "/search?q=" + msg.q);
});"#,
            &[],
        ),
        bg(
            "an origin constant the message can finish, or a base it can replace",
            BG,
            r#"
const API = "https://api.example.com";
let base = "https://api.example.com/";
chrome.runtime.onMessageExternal.addListener(async (msg) => {
  await fetch(API + msg.path);
  if (msg.base) base = msg.base;
  await fetch(base + "items");
});"#,
            &["background.js:5:15 error", "background.js:7:15 error"],
        ),
        bg(
            "tabs and windows arranged by the message, never navigated by it",
            BG,
            r#"
chrome.runtime.onMessageExternal.addListener((msg) => {
  chrome.tabs.create({ url: "https://example.com/welcome", active: msg.focus, index: msg.at });
  chrome.tabs.update(msg.tabId, { active: true, pinned: msg.pin });
  chrome.windows.update(msg.windowId, { focused: true, state: msg.state });
});"#,
            &[],
        ),
    ]
}

#[test]
fn untrusted_message_to_privileged_api_cases() {
    run_at_least_12(RULE, &cases());
}

#[test]
fn relay_is_one_finding_with_both_halves() {
    use common::{check_dir, write_tree};
    let dir = write_tree(&[
        ("manifest.json", CS),
        ("content.js", "window.addEventListener(\"message\", (e) => {\n  chrome.runtime.sendMessage({ type: \"inject\", file: e.data.file });\n});\n"),
        ("background.js", "chrome.runtime.onMessage.addListener((msg, sender) => {\n  if (msg.type === \"inject\") {\n    chrome.scripting.executeScript({ target: { tabId: 1 }, files: [msg.file] });\n  }\n});\n"),
    ]);
    let report = check_dir(dir.path());
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == RULE)
        .collect();
    assert_eq!(found.len(), 1);
    let d = found[0];
    let files: Vec<String> = d
        .flow
        .iter()
        .map(|l| {
            let s = report.sources.get(l.location.source);
            let lc = s.line_col(l.location.start);
            format!("{}:{}:{} {}", s.rel, lc.line, lc.column, l.message)
        })
        .collect();
    assert_eq!(
        files,
        [
            "content.js:2:54 page-controlled `event.data` is read here",
            "content.js:2:3 sent into the extension here",
            "background.js:1:39 a message from a content script arrives here",
            "background.js:3:67 reaches `scripting.executeScript` here",
        ]
    );
    let label_files: Vec<&str> = d
        .labels
        .iter()
        .map(|l| report.sources.get(l.location.source).rel.as_str())
        .collect();
    assert_eq!(label_files, ["content.js", "content.js", "background.js"]);
}

/// A module registering a thousand `onConnectExternal` handlers, all imported from one
/// other module: that module is examined again once for all of them, not once each (the
/// first version did it once each: 3,000 such handlers took 1 min 51 s to check in a
/// debug build, 0.5 s now; the time is not asserted here, only that every handler's
/// Port listener is found).
#[test]
fn a_thousand_port_handlers_of_one_module() {
    let n = 1000;
    let names: Vec<String> = (0..n).map(|i| format!("h{i}")).collect();
    let mut bg = format!("import {{ {} }} from \"./ports.js\";\n", names.join(", "));
    let mut ports = String::new();
    for name in &names {
        bg.push_str(&format!(
            "chrome.runtime.onConnectExternal.addListener({name});\n"
        ));
        ports.push_str(&format!(
            "export function {name}(port) {{ port.onMessage.addListener((m) => chrome.storage.local.set({{ v: m.v }})); }}\n"
        ));
    }
    let got = findings(
        &[
            ("manifest.json", MODULE_SW),
            ("background.js", &bg),
            ("ports.js", &ports),
        ],
        RULE,
    );
    assert_eq!(got.len(), n);
    assert_eq!(got[0], "ports.js:1:87 error");
    assert_eq!(got[n - 1], format!("ports.js:{n}:89 error"));
}

/// Message kinds named by constants (Tree Style Tab's `Constants.kCOMMAND_LOAD_URI`,
/// imported from `/common/constants.js`) are the kinds they name: a background handler
/// for a kind only the extension's own pages send is not reached by a content script, as
/// with a literal; one a content script sends is. The kind may be tested in a helper
/// the listener hands the message to, and named by a constant object here (`MSG.OPEN`).
#[test]
fn kinds_named_by_constants_are_matched_across_contexts() {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1",
      "background": {"service_worker": "background.js", "type": "module"},
      "action": {"default_popup": "popup.html"},
      "content_scripts": [{"matches": ["<all_urls>"], "js": ["content.js"]}]}"#;
    let constants =
        "export const kLOAD = \"tst:load-uri\";\nexport const kFOCUS = \"tst:focus\";\n";
    let background = r#"import * as Constants from "/common/constants.js";
import { kFOCUS } from "./common/constants.js";
const MSG = { OPEN: "tst:open" };
function onMessage(message) {
  switch (message.type) {
    case Constants.kLOAD:
      chrome.tabs.update({ url: message.uri });
      break;
    case kFOCUS:
      chrome.tabs.update(message.tabId, { active: true, url: message.back });
      break;
  }
}
chrome.runtime.onMessage.addListener((message) => {
  if (message.type === MSG.OPEN) chrome.tabs.create({ url: message.uri });
  onMessage(message);
});
"#;
    let popup = r#"import * as C from "./common/constants.js";
chrome.runtime.sendMessage({ type: C.kLOAD, uri: "https://example.com/" });
chrome.runtime.sendMessage({ type: "tst:open", uri: "https://example.com/" });
"#;
    let run = |content: &str| {
        findings(
            &[
                ("manifest.json", manifest),
                ("common/constants.js", constants),
                ("background.js", background),
                (
                    "popup.html",
                    r#"<script type="module" src="popup.js"></script>"#,
                ),
                ("popup.js", popup),
                ("content.js", content),
            ],
            "untrusted-message-to-privileged-api",
        )
    };
    // The content script sends only `tst:focus`.
    let focus =
        r#"chrome.runtime.sendMessage({ type: "tst:focus", tabId: 1, back: location.hash });"#;
    assert_eq!(run(focus), ["background.js:10:62 warning"]);
    // It sends every kind: each handler is reached.
    let all = r#"chrome.runtime.sendMessage({ type: "tst:focus", tabId: 1, back: location.hash });
chrome.runtime.sendMessage({ type: "tst:load-uri", uri: location.hash });
chrome.runtime.sendMessage({ type: "tst:open", uri: location.hash });"#;
    assert_eq!(
        run(all),
        [
            "background.js:7:33 warning",
            "background.js:10:62 warning",
            "background.js:15:60 warning",
        ]
    );
}

/// The same with classic scripts: a `constants.js` listed before the scripts of each
/// context binds the kinds as globals (`const MSG = { LOAD: ... }`), which the
/// background's listener and the content script both name.
#[test]
fn kinds_named_by_a_shared_script_s_globals_are_matched() {
    let manifest = r#"{"manifest_version": 2, "name": "t", "version": "1",
      "background": {"scripts": ["constants.js", "background.js"]},
      "content_scripts": [{"matches": ["<all_urls>"], "js": ["constants.js", "content.js"]}]}"#;
    let constants = "const MSG = { LOAD: \"load\", OPEN: \"open\" };\nvar kFOCUS = \"focus\";\n";
    let background = r#"chrome.runtime.onMessage.addListener((m) => {
  switch (m.type) {
    case MSG.LOAD: chrome.tabs.update({ url: m.uri }); break;
    case kFOCUS: chrome.tabs.create({ url: m.back }); break;
  }
});
"#;
    let run = |content: &str| {
        findings(
            &[
                ("manifest.json", manifest),
                ("constants.js", constants),
                ("background.js", background),
                ("content.js", content),
            ],
            "untrusted-message-to-privileged-api",
        )
    };
    let open = "chrome.runtime.sendMessage({ type: MSG.OPEN, uri: location.hash });";
    assert_eq!(run(open), Vec::<String>::new());
    let load = "chrome.runtime.sendMessage({ type: MSG.LOAD, uri: location.hash });\nchrome.runtime.sendMessage({ type: kFOCUS, back: location.hash });";
    assert_eq!(
        run(load),
        ["background.js:3:46 warning", "background.js:4:44 warning"]
    );
}
