//! Namespace aliases and listener resolution: every form the semantic model must follow,
//! each asserting the rule, line and column of the finding (or its absence). The probe is
//! `async-listener-implicit-undefined`, which fires only when the listener is resolved.
mod common;

use common::{check_background, check_dir, compact, positions, write_tree};

const RULE: &str = "async-listener-implicit-undefined";

fn probe(js: &str) -> Vec<String> {
    positions(&check_background(js), RULE)
}

#[test]
fn direct_namespace() {
    assert_eq!(
        probe("chrome.runtime.onMessage.addListener(async (m) => { await m; });"),
        ["1:38"]
    );
    assert_eq!(
        probe("browser.runtime.onMessage.addListener(async function (m) {});"),
        ["1:39"]
    );
}

#[test]
fn const_alias_of_runtime() {
    assert_eq!(
        probe("const rt = chrome.runtime;\nrt.onMessage.addListener(async (m) => {});"),
        ["2:26"]
    );
}

#[test]
fn destructured_runtime() {
    assert_eq!(
        probe("const { runtime } = chrome;\nruntime.onMessage.addListener(async (m) => {});"),
        ["2:31"]
    );
    assert_eq!(
        probe("const { runtime: r } = browser;\nr.onMessage.addListener(async (m) => {});"),
        ["2:25"]
    );
}

#[test]
fn destructured_on_message() {
    assert_eq!(
        probe("const { onMessage } = chrome.runtime;\nonMessage.addListener(async (m) => {});"),
        ["2:23"]
    );
}

#[test]
fn typeof_browser_conditional() {
    let js = "var b = typeof browser !== \"undefined\" ? browser : chrome;\nb.runtime.onMessage.addListener(async (m) => {});";
    assert_eq!(probe(js), ["2:33"]);
    let js = "const api = globalThis.browser ?? globalThis.chrome;\napi.runtime.onMessage.addListener(async (m) => {});";
    assert_eq!(probe(js), ["2:35"]);
}

/// The namespace picked by an immediately invoked function (a shape polyfills and
/// bundlers emit), and the global object picked the same way, as axios does.
#[test]
fn namespace_returned_by_an_immediately_invoked_function() {
    let js = "const api = (() => typeof browser !== \"undefined\" ? browser : chrome)();\napi.runtime.onMessage.addListener(async (m) => {});";
    assert_eq!(probe(js), ["2:35"]);
    let js = "var g = (function () {\n  if (typeof globalThis !== \"undefined\") return globalThis;\n  return typeof self !== \"undefined\" ? self : typeof window !== \"undefined\" ? window : global;\n})();\ng.chrome.runtime.onMessage.addListener(async (m) => {});";
    assert_eq!(probe(js), ["5:40"]);
    // Returns that disagree, or a path that falls off the end, give no value.
    let js = "const api = (() => { if (typeof browser !== \"undefined\") return browser; return window; })();\napi.runtime.onMessage.addListener(async (m) => {});";
    assert!(probe(js).is_empty());
    let js = "const api = (() => { if (typeof browser !== \"undefined\") return browser; })();\napi.runtime.onMessage.addListener(async (m) => {});";
    assert!(probe(js).is_empty());
    // An async IIFE gives a promise.
    let js =
        "const api = (async () => chrome)();\napi.runtime.onMessage.addListener(async (m) => {});";
    assert!(probe(js).is_empty());
}

/// A namespace kept in a field of `this` (`this.rt = chrome.runtime`) and read through it
/// in another method; a field given two different values has none.
#[test]
fn namespace_kept_in_a_field_of_this() {
    let js = "class Bg {\n  constructor() { this.rt = chrome.runtime; }\n  start() { this.rt.onMessage.addListener(async (m) => {}); }\n}\nnew Bg().start();";
    assert_eq!(probe(js), ["3:43"]);
    let js = "class Bg {\n  constructor() { this.rt = chrome.runtime; }\n  reset() { this.rt = window; }\n  start() { this.rt.onMessage.addListener(async (m) => {}); }\n}";
    assert!(probe(js).is_empty());
    let js = "class Bg {\n  constructor() { this.rt = chrome.runtime; this.rt2 = this.rt; }\n  start() { this.rt2.onMessage.addListener(async (m) => {}); }\n}";
    assert!(probe(js).is_empty());
}

#[test]
fn global_object_forms() {
    assert_eq!(
        probe("globalThis.chrome.runtime.onMessage.addListener(async (m) => {});"),
        ["1:49"]
    );
    assert_eq!(
        probe("window.chrome.runtime.onMessage.addListener(async (m) => {});"),
        ["1:45"]
    );
    assert_eq!(
        probe("self.browser.runtime.onMessage.addListener(async (m) => {});"),
        ["1:44"]
    );
}

#[test]
fn webextension_polyfill_import() {
    let js = "import browser from \"webextension-polyfill\";\nbrowser.runtime.onMessage.addListener(async (m) => {});";
    assert_eq!(probe(js), ["2:39"]);
    let js = "import * as api from \"webextension-polyfill\";\napi.runtime.onMessage.addListener(async (m) => {});";
    assert_eq!(probe(js), ["2:35"]);
    let js = "const b = require(\"webextension-polyfill\");\nb.runtime.onMessage.addListener(async (m) => {});";
    assert_eq!(probe(js), ["2:33"]);
}

#[test]
fn namespace_imported_from_a_module_of_the_extension() {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1", "minimum_chrome_version": "100", "background": {"service_worker": "bg.js", "type": "module"}}"#;
    let bg = concat!(
        "import api from \"./lib/api.js\";\n",
        "import { ext, runtime } from \"./lib/named.js\";\n",
        "import plain from \"./lib/plain\";\n",
        "import { browserApi, ext as ext2 } from \"./lib/index.js\";\n",
        "import { onMessage } from \"./lib/rt.js\";\n",
        "import fake, { chrome as notChrome } from \"./lib/fake.js\";\n",
        "api.runtime.onMessage.addListener(async (m) => {});\n",
        "ext.runtime.onMessage.addListener(async (m) => {});\n",
        "runtime.onMessage.addListener(async (m) => {});\n",
        "plain.runtime.onMessage.addListener(async (m) => {});\n",
        "browserApi.runtime.onMessage.addListener(async (m) => {});\n",
        "ext2.runtime.onMessage.addListener(async (m) => {});\n",
        "onMessage.addListener(async (m) => {});\n",
        "fake.runtime.onMessage.addListener(async (m) => {});\n",
        "notChrome.runtime.onMessage.addListener(async (m) => {});\n",
    );
    let dir = write_tree(&[
        ("manifest.json", manifest),
        // The wrapper forms: a default expression, a named binding and a path under it,
        // `chrome` itself, re-exports (named and `*`), and a module passing on a path
        // of what it imported.
        ("lib/api.js", "export default globalThis.browser ?? globalThis.chrome;\n"),
        (
            "lib/named.js",
            "const api = typeof browser !== \"undefined\" ? browser : chrome;\nexport { api as ext };\nexport const runtime = api.runtime;\n",
        ),
        ("lib/plain.js", "export default chrome;\n"),
        (
            "lib/index.js",
            "export { default as browserApi } from \"./api.js\";\nexport * from \"./named.js\";\n",
        ),
        (
            "lib/rt.js",
            "import api from \"./api.js\";\nexport const onMessage = api.runtime.onMessage;\n",
        ),
        // Not the API: an object of the same shape, a local named `chrome`.
        (
            "lib/fake.js",
            "export default { runtime: { onMessage: { addListener() {} } } };\nexport const chrome = { runtime: {} };\n",
        ),
        ("bg.js", bg),
    ]);
    let lines = compact(&check_dir(dir.path()));
    let hits: Vec<String> = positions(&lines, RULE);
    assert_eq!(
        hits,
        ["7:35", "8:35", "9:31", "10:37", "11:42", "12:36", "13:23"],
        "{lines:#?}"
    );

    // A wrapper of webextension-polyfill passes on its promise-style listeners: an async
    // listener answering with a value is fine there, and not through a wrapper of
    // `chrome` for Chrome before 144.
    let dir = write_tree(&[
        ("manifest.json", manifest),
        (
            "lib/poly.js",
            "import browser from \"webextension-polyfill\";\nexport default browser;\n",
        ),
        ("lib/plain.js", "export default chrome;\n"),
        (
            "bg.js",
            "import poly from \"./lib/poly.js\";\npoly.runtime.onMessage.addListener(async (m) => m.x);\n",
        ),
        (
            "other.js",
            "import plain from \"./lib/plain.js\";\nplain.runtime.onMessage.addListener(async (m) => m.x);\n",
        ),
    ]);
    let lines = compact(&check_dir(dir.path()));
    let promise: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("[promise-response-unsupported]"))
        .collect();
    assert_eq!(promise.len(), 1, "{lines:#?}");
    assert!(promise[0].starts_with("other.js:2:37: error"), "{lines:#?}");
}

#[test]
fn namespace_passed_into_a_bundle_closure() {
    // webpack/rollup style: the namespace enters a module closure as a parameter.
    let js = "(function (e) {\n  e.runtime.onMessage.addListener(async (t) => {});\n})(chrome);";
    assert_eq!(probe(js), ["2:35"]);
    let js = "!function(e){e.runtime.onMessage.addListener(async t=>{await t})}(chrome);";
    assert_eq!(probe(js), ["1:46"]);
    let js = "(function (n) {\n  n.runtime.onMessage.addListener(async (t) => {});\n}).call(this, browser);";
    assert_eq!(probe(js), ["2:35"]);
    let js = "function init(api) {\n  api.runtime.onMessage.addListener(async (t) => {});\n}\ninit(chrome);";
    assert_eq!(probe(js), ["2:37"]);
}

#[test]
fn shadowing_does_not_count() {
    assert!(probe(
        "function f(chrome) {\n  chrome.runtime.onMessage.addListener(async (m) => {});\n}"
    )
    .is_empty());
    assert!(probe(
        "{ let chrome = makeFake();\n  chrome.runtime.onMessage.addListener(async (m) => {}); }"
    )
    .is_empty());
    // A parameter called with something else at one site is not the namespace.
    assert!(probe(
        "function g(c) { c.runtime.onMessage.addListener(async (m) => {}); }\ng(chrome); g(fake);"
    )
    .is_empty());
}

#[test]
fn reassignment_makes_an_alias_unknown_but_late_binding_is_followed() {
    assert!(probe(
        "let rt = chrome.runtime;\nrt = other;\nrt.onMessage.addListener(async (m) => {});"
    )
    .is_empty());
    assert_eq!(
        probe("var rt;\nrt = chrome.runtime;\nrt.onMessage.addListener(async (m) => {});"),
        ["3:26"]
    );
    // Minified: declaration then assignment in a comma sequence.
    assert_eq!(
        probe("var n,o;n=chrome,o=n.runtime,o.onMessage.addListener(async e=>{});"),
        ["1:54"]
    );
}

#[test]
fn listener_declared_elsewhere_in_the_file() {
    assert_eq!(
        probe("async function handle(m) {}\nchrome.runtime.onMessage.addListener(handle);"),
        ["1:1"]
    );
    assert_eq!(
        probe("const handle = async (m) => {};\nchrome.runtime.onMessage.addListener(handle);"),
        ["1:16"]
    );
    let js = "const handlers = {\n  async onMsg(m) { await m; }\n};\nchrome.runtime.onMessage.addListener(handlers.onMsg);";
    assert_eq!(probe(js), ["2:3"]);
    let js = "const h = { go: async function (m) {} };\nchrome.runtime.onMessage.addListener(h.go.bind(h));";
    assert_eq!(probe(js), ["1:17"]);
}

#[test]
fn listener_declared_in_another_script_of_the_same_context() {
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["handlers.js", "main.js"]}}"#,
        ),
        (
            "handlers.js",
            "async function onMsg(message) {\n  console.log(message);\n}\n",
        ),
        ("main.js", "chrome.runtime.onMessage.addListener(onMsg);\n"),
        // Same name in a script of another context: must not be confused with it.
        ("other.js", "function onMsg(m) { return true; }\n"),
    ]);
    let lines = compact(&check_dir(dir.path()));
    let hits: Vec<&String> = lines.iter().filter(|l| l.contains(RULE)).collect();
    assert_eq!(hits.len(), 1, "{lines:#?}");
    assert!(hits[0].starts_with("handlers.js:1:1: error"), "{lines:#?}");
}

#[test]
fn listener_imported_from_another_module() {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "bg.js", "type": "module"}}"#;
    // Every export form, named and default, renamed on either side, with and without
    // the file extension in the specifier.
    let handlers = concat!(
        "export async function onA(m) { console.log(m); }\n",
        "const b = async (m) => { console.log(m); };\n",
        "async function c(m) { console.log(m); }\n",
        "export { b, c as onC };\n",
        "export default async function (m) { console.log(m); }\n",
    );
    let bg = concat!(
        "import onD, { onA, b as onB, onC } from \"./lib/handlers.js\";\n",
        "import * as all from \"./lib/handlers\";\n",
        "import { missing } from \"./lib/handlers.js\";\n",
        "chrome.runtime.onMessage.addListener(onA);\n",
        "chrome.runtime.onMessage.addListener(onB);\n",
        "chrome.runtime.onMessage.addListener(onC);\n",
        "chrome.runtime.onMessage.addListener(onD);\n",
        "chrome.runtime.onMessage.addListener(all.onA);\n",
        "chrome.runtime.onMessage.addListener(missing);\n",
    );
    let dir = write_tree(&[
        ("manifest.json", manifest),
        ("lib/handlers.js", handlers),
        ("bg.js", bg),
    ]);
    let lines = compact(&check_dir(dir.path()));
    let hits: Vec<&str> = lines
        .iter()
        .filter(|l| l.contains(RULE))
        .map(|l| l.split(": ").next().unwrap_or(""))
        .collect();
    // A namespace member (`all.onA`) and a name the module does not export stay silent.
    assert_eq!(
        hits,
        [
            "lib/handlers.js:1:8",
            "lib/handlers.js:2:11",
            "lib/handlers.js:3:1",
            "lib/handlers.js:5:16"
        ],
        "{lines:#?}"
    );
}

#[test]
fn class_methods_through_this() {
    // Bound in place, bound in the constructor first, and a field holding an arrow.
    let js = concat!(
        "class Bg {\n",
        "  constructor() {\n",
        "    chrome.runtime.onMessage.addListener(this.a.bind(this));\n",
        "    this.b = this.b.bind(this);\n",
        "    chrome.runtime.onMessage.addListener(this.b);\n",
        "    chrome.runtime.onMessage.addListener(this.c);\n",
        "  }\n",
        "  async a(m) { await m; }\n",
        "  async b(m) { await m; }\n",
        "  c = async (m) => { await m; };\n",
        "}\n",
    );
    assert_eq!(probe(js), ["8:3", "9:3", "10:7"]);
    // `this` in a plain function is not the instance; a static method's `this` is the
    // class; a method of another class is not this one's.
    let js = concat!(
        "class Bg {\n",
        "  start() {\n",
        "    function reg() { chrome.runtime.onMessage.addListener(this.a); }\n",
        "    reg();\n",
        "  }\n",
        "  static init() { chrome.runtime.onMessage.addListener(this.a); }\n",
        "  async a(m) { await m; }\n",
        "}\n",
        "class Other { go() { chrome.runtime.onMessage.addListener(this.a); } }\n",
    );
    assert!(probe(js).is_empty(), "{:?}", probe(js));
}

#[test]
fn inherited_methods_and_methods_of_instances() {
    // `this.a` inherited from a class of the file (declared, or a class expression bound
    // to a const), through two levels; a method of an instance (`const r = new R()`,
    // minified `new t`); `new R().a` directly; an override is the subclass's own.
    let js = concat!(
        "class Base { async a(m) { await m; } }\n",
        "const Mid = class extends Base { async b(m) { await m; } };\n",
        "class Bg extends Mid {\n",
        "  start() {\n",
        "    chrome.runtime.onMessage.addListener(this.a);\n",
        "    chrome.runtime.onMessage.addListener(this.b.bind(this));\n",
        "  }\n",
        "}\n",
        "class R { async c(m) { await m; } }\n",
        "const r = new R();\n",
        "chrome.runtime.onMessage.addListener(r.c);\n",
        "var t=class{async d(m){await m}},e=new t;chrome.runtime.onMessage.addListener(e.d);\n",
        "class R2 { async e(m) { await m; } } chrome.runtime.onMessage.addListener(new R2().e);\n",
        "class Sub extends Base { a(m) { return false; } go() { chrome.runtime.onMessage.addListener(this.a); } }\n",
    );
    assert_eq!(probe(js), ["1:14", "2:34", "9:11", "12:13", "13:12"]);
    // Not a class of this file (a parameter, an unknown base, a call), or a cycle of
    // `extends`: nothing is resolved, nothing is reported.
    let js = concat!(
        "function reg(K) { const k = new K(); chrome.runtime.onMessage.addListener(k.a); }\n",
        "class X extends Unknown { go() { chrome.runtime.onMessage.addListener(this.a); } }\n",
        "class Y extends mixin(Object) { go() { chrome.runtime.onMessage.addListener(this.a); } }\n",
        "var P = class extends Q {}, Q = class extends P { go() { chrome.runtime.onMessage.addListener(this.zz); } };\n",
    );
    assert!(probe(js).is_empty(), "{:?}", probe(js));
}

#[test]
fn a_base_class_registering_this_method_gets_the_subclass_override() {
    // The template-method pattern: the base registers `this.onMessage`, the only class
    // built from it here is a subclass, whose override is the listener.
    let classes = concat!(
        "class Handler {\n",
        "  constructor() { chrome.runtime.onMessage.addListener(this.onMessage.bind(this)); }\n",
        "  onMessage(m) { return false; }\n",
        "}\n",
        "class Bg extends Handler { async onMessage(m) { await m; } }\n",
    );
    assert_eq!(probe(&format!("{classes}new Bg();\n")), ["5:28"]);
    // Both the base and the subclass are built: `this` may be either, and the base's own
    // method is kept (not async here: nothing to report).
    let js = format!("{classes}new Bg(); new Handler();\n");
    assert!(probe(&js).is_empty(), "{:?}", probe(&js));
}

#[test]
fn a_function_registered_twice_on_one_event_is_one_listener() {
    // Chrome and Firefox keep one registration of a function per event: the second
    // `addListener(f)` (through an alias, too) adds nothing. On another event it is a
    // listener of that event.
    let js = concat!(
        "async function f(m) { await m; }\n",
        "chrome.runtime.onMessage.addListener(f);\n",
        "const rt = chrome.runtime;\n",
        "rt.onMessage.addListener(f);\n",
    );
    assert_eq!(probe(js), ["1:1"]);
    let lines = check_background(concat!(
        "async function f(m) { await m; }\n",
        "chrome.runtime.onMessage.addListener(f);\n",
        "chrome.runtime.onMessageExternal.addListener(f);\n",
    ));
    let got: Vec<&String> = lines.iter().filter(|l| l.contains(RULE)).collect();
    assert_eq!(got.len(), 2, "{lines:#?}");
    assert!(
        got[0].contains("`runtime.onMessageExternal`") && got[1].contains("`runtime.onMessage`"),
        "{got:#?}"
    );
}

#[test]
fn object_literal_methods_through_this() {
    // The module pattern: `this` in an object literal's method is the object.
    let js = concat!(
        "var Bg = {\n",
        "  init: function () {\n",
        "    chrome.runtime.onMessage.addListener(this.a.bind(this));\n",
        "    chrome.runtime.onMessage.addListener(this.b);\n",
        "  },\n",
        "  a: async function (m) { await m; },\n",
        "  async b(m) { await m; },\n",
        "  c: () => chrome.runtime.onMessage.addListener(this.a),\n",
        "};\n",
        "Bg.init();\n",
    );
    // The arrow's `this` is the script's, not the object's.
    assert_eq!(probe(js), ["6:6", "7:3"]);
}

#[test]
fn unresolvable_listeners_are_silent() {
    assert!(probe("chrome.runtime.onMessage.addListener(makeHandler());").is_empty());
    assert!(probe("chrome.runtime.onMessage.addListener(undefinedGlobal);").is_empty());
    assert!(probe("function reg(f) { chrome.runtime.onMessage.addListener(f); }").is_empty());
}

#[test]
fn typescript_forms() {
    let dir = write_tree(&[
        ("manifest.json", r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "bg.js"}}"#),
        (
            "src/bg.ts",
            "const rt = (chrome as any).runtime as typeof chrome.runtime;\nrt.onMessage.addListener(async (m: Message): Promise<void> => {\n  await save(m!);\n});\ninterface Message { type: string }\n",
        ),
    ]);
    let lines = compact(&check_dir(dir.path()));
    assert_eq!(positions(&lines, RULE), ["2:26"], "{lines:#?}");
}

#[test]
fn deprecated_api_through_aliases() {
    let d = |js: &str| positions(&check_background(js), "deprecated-messaging-api");
    assert_eq!(
        d("chrome.extension.onRequest.addListener(function (r, s, c) { c(); });"),
        ["1:1"]
    );
    assert_eq!(
        d("const { sendRequest } = chrome.extension;\nsendRequest({});"),
        ["1:9"]
    );
    assert_eq!(d("var e = chrome.extension; e.connect();"), ["1:27"]);
    assert!(d("const extension = { sendRequest() {} }; extension.sendRequest();").is_empty());
    assert!(d("chrome.runtime.sendMessage({});").is_empty());
}

#[test]
fn port_listeners_are_modelled() {
    // onConnect's port parameter, renamed: its onMessage listener is a port listener, not a
    // one-time onMessage listener, so the async rule stays silent.
    let js =
        "chrome.runtime.onConnect.addListener(p => { p.onMessage.addListener(async m => {}); });";
    assert!(probe(js).is_empty());
}

#[test]
fn async_listener_that_answered_synchronously_is_not_flagged() {
    // sendResponse answers first on every path; the promise's undefined is ignored.
    let js = "chrome.runtime.onMessage.addListener(async (m, s, reply) => {\n  reply({ ok: true });\n});";
    assert!(probe(js).is_empty());
    // ...but a path that answers nothing is still the bug.
    let js = "chrome.runtime.onMessage.addListener(async (m, s, reply) => {\n  if (m.x) { reply(1); return; }\n  await m;\n});";
    assert_eq!(probe(js), ["1:38"]);
}

#[test]
fn namespace_passed_to_a_function_held_in_a_variable() {
    // A function assigned to a variable is followed like a declared one when it is that
    // variable's only value; a second value leaves the call unresolved.
    assert_eq!(
        probe("var setup;\nsetup = function (ns) {\n  ns.runtime.onMessage.addListener(async (m) => {});\n};\nsetup(chrome);"),
        ["3:36"]
    );
    assert_eq!(
        probe("var setup = function (ns) {\n  ns.runtime.onMessage.addListener(async (m) => {});\n};\nsetup = function () {};\nsetup(chrome);"),
        Vec::<String>::new()
    );
}
