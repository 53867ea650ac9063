//! `sendresponse-without-return-true` and `truthy-not-true-return`: every return path is
//! judged. Each case asserts the exact `line:col` of every finding of the rule (none for
//! good code). Default extension: MV3 without `minimum_chrome_version` (old Chrome).
mod common;

use common::{check_background, check_dir, compact, positions, write_tree};

/// TypeScript sources are linted too (outside any manifest context: old Chrome assumed).
fn check_ts(ts: &str) -> Vec<String> {
    let dir = write_tree(&[("src/background.ts", ts)]);
    compact(&check_dir(dir.path()))
}

fn run(rule: &str, cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (n, (js, want)) in cases.iter().enumerate() {
        let lines = if js.contains(": unknown") || js.contains(": any") {
            check_ts(js)
        } else {
            check_background(js)
        };
        let got = positions(&lines, rule);
        if got != *want {
            failures.push(format!("case {n}: want {want:?}, got {got:?}\n{js}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

const SR: &str = "sendresponse-without-return-true";
const TT: &str = "truthy-not-true-return";

#[test]
fn sendresponse_bad() {
    run(
        SR,
        &[
            // Falls off the end after a `.then`.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.url).then((x) => r(x.status));\n});", &["2:28"]),
            // `sendResponse` passed on to `.then`.
            ("chrome.runtime.onMessage.addListener(function (msg, sender, reply) {\n  fetch(msg.url).then(reply);\n  return false;\n});", &["2:23"]),
            // Timer callback, `return;` on that path.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  if (m.wait) {\n    setTimeout(() => r('late'), 10);\n    return;\n  }\n  return true;\n});", &["3:22"]),
            // Extension API callback, minified `!1`.
            ("chrome.runtime.onMessage.addListener(function(e,t,n){return chrome.tabs.query({},function(a){n(a)}),!1});", &["1:94"]),
            // Event handler property.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  const x = new XMLHttpRequest();\n  x.onload = () => r(x.responseText);\n  x.open('GET', m.url);\n  x.send();\n});", &["3:20"]),
            // After `await` in an async IIFE, `void 0` returned.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  (async () => {\n    const x = await fetch(m.url);\n    r(x.status);\n  })();\n  return void 0;\n});", &["4:5"]),
            // After `await` in an async listener (old Chrome).
            ("chrome.runtime.onMessage.addListener(async (m, s, r) => {\n  const x = await fetch(m.url);\n  r(x.status);\n});", &["3:3"]),
            // Handler map: the reachable handler answers late and returns nothing.
            ("const handlers = {\n  get(m, s, r) { fetch(m.url).then(r); },\n  ping(m, s, r) { r('pong'); },\n};\nchrome.runtime.onMessage.addListener((m, s, r) => handlers[m.type](m, s, r));", &["2:36"]),
            // A helper that answers late, called and then `return false`.
            ("function load(url, done) { fetch(url).then((x) => done(x.status)); }\nchrome.runtime.onMessage.addListener((m, s, r) => { load(m.url, r); return false; });", &["1:51"]),
            // try/catch: late in try, catch returns false.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  try {\n    fetch(m.url).then(r);\n  } catch (e) {\n    return false;\n  }\n});", &["3:23"]),
            // Alias of sendResponse, TypeScript.
            ("chrome.runtime.onMessage.addListener((m: any, s: chrome.runtime.MessageSender, sendResponse: (x: unknown) => void): boolean | undefined => {\n  const reply = sendResponse;\n  chrome.storage.local.get('k', (v) => reply(v));\n  return undefined;\n});", &["3:40"]),
            // jQuery with a `.done` callback, comma sequence.
            ("chrome.runtime.onMessage.addListener(function(a,b,c){$.get(a.u).done(function(d){c(d)})});", &["1:82"]),
            // Minified wrapper: the late branch of a conditional return gives `!1`.
            ("chrome.runtime.onMessage.addListener((t,n,r)=>{let i=h(t);return i instanceof Promise?(i.then(r),!1):!0});", &["1:95"]),
            // `&&` return: the late branch gives `0`.
            ("chrome.runtime.onMessage.addListener((m, s, r) => { const p = handle(m); return p instanceof Promise && (p.then(r), 0); });", &["1:113"]),
            // Returns a promise chain from a sync listener on old Chrome while answering late.
            ("chrome.runtime.onMessage.addListener((m, s, r) => fetch(m.url).then((x) => r(x.status)));", &["1:76"]),
        ],
    );
}

#[test]
fn sendresponse_good() {
    run(
        SR,
        &[
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.url).then((x) => r(x.status));\n  return true;\n});", &[]),
            ("chrome.runtime.onMessage.addListener(function(e,t,n){return chrome.tabs.query({},function(a){n(a)}),!0});", &[]),
            // `true` only on the late branch; synchronous answer elsewhere.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  if (m.type === 'a') {\n    setTimeout(() => r(1), 5);\n    return true;\n  }\n  r(2);\n  return false;\n});", &[]),
            // switch with return true in the late case.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  switch (m.type) {\n    case 'a':\n      fetch(m.u).then(r);\n      return true;\n    default:\n      r(null);\n  }\n});", &[]),
            // Synchronous sendResponse in forEach / new Promise executor.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  [1].forEach(() => r('x'));\n  new Promise(() => r('y'));\n});", &[]),
            // Each branch of a conditional return is its own path: `!0` on the one that
            // answers late (the minified wrapper of @webext-core/messaging 4.0.0).
            ("function d(e){let t=(t,n,r)=>{let i=e(typeof t==`object`?{...t,sender:n}:t);return i instanceof Promise?(i.then(r),!0):!1};return chrome.runtime.onMessage.addListener(t),()=>chrome.runtime.onMessage.removeListener(t)}", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { const p = handle(m); return p instanceof Promise && (p.then(r), true); });", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => { const p = handle(m); return p === null || (p.then(r), true); });", &[]),
            // Conditional return true.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return m.x ? true : !0;\n});", &[]),
            // Unknown helper given sendResponse: not guessed.
            ("import { handle } from './h.js';\nchrome.runtime.onMessage.addListener((m, s, r) => { handle(m, r); return false; });", &[]),
            // Unresolved handler map.
            ("chrome.runtime.onMessage.addListener((m, s, r) => self.handlers[m.type](m, s, r));", &[]),
            // Wrapper registering a wrapped listener that returns true itself.
            ("function listen(handler) {\n  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {\n    handler(msg).then(sendResponse);\n    return true;\n  });\n}\nlisten(async (msg) => ({ ok: msg.x }));", &[]),
            // Listener produced by a call: unresolved, silent.
            ("const wrap = (f) => (m, s, r) => { f(m).then(r); return true; };\nchrome.runtime.onMessage.addListener(wrap(async (m) => m));", &[]),
            // Async listener where promises are supported (browser namespace).
            ("browser.runtime.onMessage.addListener(async (m, s, r) => {\n  const x = await fetch(m.url);\n  r(x.status);\n});", &[]),
            // Handler map whose late handler returns true.
            ("const handlers = {\n  get: (m, s, r) => { fetch(m.url).then(r); return true; },\n  ping: (m, s, r) => { r('pong'); return false; },\n};\nchrome.runtime.onMessage.addListener((m, s, r) => { return handlers[m.type](m, s, r); });", &[]),
            // A loop that answers late then breaks to `return true`.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  for (const k of m.keys) {\n    if (k) { fetch(k).then(r); break; }\n  }\n  return true;\n});", &[]),
        ],
    );
}

#[test]
fn truthy_bad() {
    run(
        TT,
        &[
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return 1;\n});", &["3:10"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return 'true';\n});", &["3:10"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return { async: true };\n});", &["3:10"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return r;\n});", &["3:10"]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => setTimeout(() => r(1), 5));", &["1:51"]),
            // Minified: comma sequence ending in 1.
            ("chrome.runtime.onMessage.addListener(function(e,t,n){return fetch(e.u).then(n),1});", &["1:80"]),
            // Only the late branch's return is wrong.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  if (m.a) {\n    chrome.tabs.query({}, (t) => r(t));\n    return [];\n  }\n  r(0);\n  return false;\n});", &["4:12"]),
            // Conditional: one arm is truthy-not-true.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return m.x ? true : 1;\n});", &["3:23"]),
            // What a local helper returns.
            ("function keepOpen() { return 1; }\nchrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return keepOpen();\n});", &["4:10"]),
            // TypeScript `as`.
            ("chrome.runtime.onMessage.addListener((m: unknown, s: unknown, r: (v: unknown) => void) => {\n  setTimeout(() => r(1));\n  return 1 as unknown as boolean;\n});", &["3:10"]),
            // Handler map returning 1.
            ("const h = { a(m, s, r) { fetch(m).then(r); return 1; } };\nchrome.runtime.onMessage.addListener((m, s, r) => h[m.t](m, s, r));", &["2:51"]),
        ],
    );
}

#[test]
fn truthy_good() {
    run(
        TT,
        &[
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return true;\n});", &[]),
            ("chrome.runtime.onMessage.addListener(function(e,t,n){return fetch(e.u).then(n),!0});", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  r(1);\n  return 1;\n});", &[]),
            ("chrome.runtime.onMessage.addListener((m) => { return { ok: true }; });", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return !!1;\n});", &[]),
            // Unknown value: not guessed.
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return m.keepOpen;\n});", &[]),
            ("chrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return m.a && true;\n});", &[]),
            ("function keepOpen() { return true; }\nchrome.runtime.onMessage.addListener((m, s, r) => {\n  fetch(m.u).then(r);\n  return keepOpen();\n});", &[]),
            // Async listener returning an object: a promise answer, not this rule.
            ("chrome.runtime.onMessage.addListener(async (m, s, r) => {\n  setTimeout(() => r(1));\n  return { x: 1 };\n});", &[]),
            // A port listener: no response protocol.
            ("chrome.runtime.onConnect.addListener((p) => { p.onMessage.addListener((m) => { setTimeout(() => p.postMessage(1)); return 1; }); });", &[]),
            ("chrome.runtime.onMessage.addListener((m: { u: string }, s: unknown, r: (x: unknown) => void): true => {\n  fetch(m.u).then(r);\n  return true;\n});", &[]),
        ],
    );
}
