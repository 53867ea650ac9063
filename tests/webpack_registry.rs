//! webpack bundles: the API reached through the bundle's module registry (`var r =
//! n(815)`), as an extension built with webextension-polyfill or its own API wrapper has
//! it. The shapes are webpack 5's and 4's output, minified (taken from real builds with
//! webpack 5.112 and terser, the polyfill's body replaced by the error it throws outside
//! an extension, which is how msglint knows it).
mod common;

use common::{
    background_listener_findings as findings, column_of, listener_findings,
    unchecked_external_listener, write_tree,
};

const MANIFEST: &str = r#"{"manifest_version": 3, "name": "t", "version": "1",
  "background": {"service_worker": "bg.js"}}"#;

const EVAL: &str =
    "error [unsafe-message-sink] data from an external message reaches `eval` (code execution)";
const INNER_HTML: &str =
    "error [unsafe-message-sink] data from an external message reaches `innerHTML` (HTML parsing)";
const TABS_CREATE: &str = "error [untrusted-message-to-privileged-api] data from an external message reaches the privileged API `tabs.create`";

/// webextension-polyfill as webpack bundles it: a UMD factory given the module.
const POLYFILL_MODULE: &str = r#"815:function(e,r){var s,g;"undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self&&self,s=function(e){"use strict";if(!(globalThis.chrome&&globalThis.chrome.runtime&&globalThis.chrome.runtime.id))throw new Error("This script should only be loaded in a browser extension.");if(globalThis.browser&&globalThis.browser.runtime&&globalThis.browser.runtime.id)e.exports=globalThis.browser;else{e.exports=(e=>e)(chrome)}},void 0===(g="function"==typeof s?s.apply(r,[e]):s)||(e.exports=g)}"#;

/// webpack 5's require function (`.call` form, as terser leaves it) and its helpers.
const RUNTIME: &str = r#"var t={};function s(g){var n=t[g];if(void 0!==n)return n.exports;var o=t[g]={exports:{}};return e[g].call(o.exports,o,o.exports,s),o.exports}s.n=e=>{const r=e&&e.__esModule?()=>e.default:()=>e;return s.d(r,{a:r}),r},s.d=(e,r)=>{for(var g in r)s.o(r,g)&&!s.o(e,g)&&Object.defineProperty(e,g,{enumerable:!0,get:r[g]})},s.o=(e,r)=>Object.prototype.hasOwnProperty.call(e,r);"#;

fn bundle(modules: &str, entry: &str) -> String {
    format!("(()=>{{var e={{{modules}}};{RUNTIME}(()=>{{\"use strict\";{entry}}})()}})();\n")
}

#[test]
fn webextension_polyfill_through_the_default_getter() {
    let entry = r#"var e=s(815),r=s.n(e);r().runtime.onMessageExternal.addListener((e,s)=>{r().tabs.create({url:e.url})}),r().runtime.onMessageExternal.addListener((e,s)=>{"abcdefghijklmnopabcdefghijklmnop"===s.id&&r().tabs.create({url:e.url})});"#;
    let js = bundle(POLYFILL_MODULE, entry);
    // The first listener checks nothing; the second checks the sender's id. A finding
    // about a listener is where it is registered.
    assert_eq!(
        findings(&js),
        unchecked_external_listener(
            "bg.js",
            1,
            &js,
            "r().runtime.onMessageExternal",
            "e.url})}),",
            TABS_CREATE
        )
    );
}

#[test]
fn es_exports_in_either_define_form_and_an_exported_listener() {
    // An API wrapper module (`export default globalThis.browser ?? globalThis.chrome`)
    // in the array form of webpack 5.112, and a handler module in the object form.
    let modules = concat!(
        r#"672(_,e,r){const a=globalThis.browser??globalThis.chrome;r.d(e,["A",0,a])},"#,
        r#"843:(e,t,n)=>{n.d(t,{p:()=>o});async function o(e,t){"store"===e.type&&await chrome.storage.local.set({v:e.value})}}"#,
    );
    let entry = r#"var a=s(672),h=s(843);a.A.runtime.onMessageExternal.addListener((m,x)=>{eval(m.code)});chrome.runtime.onMessage.addListener(h.p);"#;
    let js = bundle(modules, entry);
    let col = |needle: &str| column_of(&js, needle);
    assert_eq!(
        findings(&js),
        [
            format!("bg.js:1:{}: error [async-listener-implicit-undefined] this async `runtime.onMessage` listener can finish without returning a value, so the sender receives `null`", col("async function o")),
            format!("bg.js:1:{}: error [missing-sender-check] this `runtime.onMessageExternal` listener uses the message without checking who sent it (any other installed extension can)", col("a.A.runtime")),
            format!("bg.js:1:{}: {EVAL}", col("m.code)")),
        ]
    );
}

#[test]
fn webpack_4_module_array_and_the_getter_read_as_a() {
    let js = concat!(
        r#"!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.n=function(e){var t=e&&e.__esModule?function(){return e.default}:function(){return e};return n.d(t,"a",t),t},n(n.s=0)}(["#,
        r#"function(e,t,n){"use strict";n.r(t);var r=n(1),o=n.n(r);o.a.runtime.onMessageExternal.addListener(function(e){document.write(e.html)})},"#,
        r#"function(e,t){e.exports="undefined"!=typeof browser?browser:chrome}"#,
        "]);\n",
    );
    assert_eq!(
        findings(js),
        unchecked_external_listener(
            "bg.js",
            1,
            js,
            "o.a.runtime",
            "e.html",
            "error [unsafe-message-sink] data from an external message reaches `document.write` (HTML parsing)"
        )
    );
}

#[test]
fn a_chunk_pushes_its_modules_and_they_require_one_another() {
    let js = concat!(
        r#"(self.webpackChunkext=self.webpackChunkext||[]).push([[792],{"#,
        r#"815:(e,t,n)=>{e.exports=globalThis.browser||chrome},"#,
        r#"123:(e,t,n)=>{var r=n(815);r.runtime.onMessageExternal.addListener(m=>{eval(m.code)})}"#,
        "}]);\n",
    );
    assert_eq!(
        findings(js),
        unchecked_external_listener(
            "bg.js",
            1,
            js,
            "r.runtime.onMessageExternal",
            "m.code",
            EVAL
        )
    );
}

#[test]
fn what_the_registry_does_not_make_the_api() {
    let listener = r#".runtime.onMessageExternal.addListener(m=>{eval(m.code)})"#;
    for (modules, entry) in [
        // A module exporting an object of the API's shape.
        (
            r#"1:(e,t,n)=>{e.exports={runtime:{onMessageExternal:{addListener(f){}}}}}"#,
            format!("var r=s(1);r{listener};"),
        ),
        // Exports that disagree (`chrome` on one path, a local object on the other).
        (
            r#"1:(e,t,n)=>{e.exports=chrome;if(t.x)e.exports={}}"#,
            format!("var r=s(1);r{listener};"),
        ),
        // An id the table does not hold, and one computed at run time.
        (
            r#"1:(e,t,n)=>{e.exports=chrome}"#,
            format!("var r=s(2);r{listener};var q=s(t.id);q{listener};"),
        ),
        // A getter for another name than `a`, and a named export never defined.
        (
            r#"1:(e,t,n)=>{e.exports=chrome},2:(e,t,n)=>{n.d(t,{A:()=>({})})}"#,
            format!("var o=s.n(s(1));o.b{listener};s(2).A{listener};s(2).B{listener};"),
        ),
    ] {
        let js = bundle(modules, &entry);
        assert_eq!(findings(&js), Vec::<String>::new(), "{js}");
    }
    // A function shaped like the require function that does not pass itself on is not
    // one: its table's modules are not modules.
    let js = r#"var e={1:(e,t,n)=>{e.exports=chrome}},t={};function s(g){var o=t[g]={exports:{}};return e[g](o,o.exports,null),o.exports}var r=s(1);r.runtime.onMessageExternal.addListener(m=>{eval(m.code)});"#;
    assert_eq!(findings(js), Vec::<String>::new());
    // Its twin passing itself is one.
    let js = js.replace("o.exports,null)", "o.exports,s)");
    assert_eq!(findings(&js).len(), 2, "{js}");
}

/// A `splitChunks` build: the polyfill in `vendors.js`, pushed into the shared chunk
/// array, and the code requiring it in another file of the same context: a page that
/// loads both, or a service worker that `importScripts` the vendors chunk.
#[test]
fn a_module_of_another_chunk_of_the_same_context() {
    let vendors = format!(
        "(self.webpackChunkx=self.webpackChunkx||[]).push([[96],{{{POLYFILL_MODULE}}}]);\n"
    );
    let main = |prefix: &str| {
        format!(
            "{prefix}(()=>{{\"use strict\";var e={{50(e,t,n){{var r=n(815);n.n(r)().runtime.onMessageExternal.addListener(m=>{{document.body.innerHTML=m.html}})}}}};const t={{}};function n(r){{const o=t[r];if(void 0!==o)return o.exports;const s=t[r]={{exports:{{}}}};return e[r].call(s.exports,s,s.exports,n),s.exports}}n.n=e=>{{const t=e&&e.__esModule?()=>e.default:()=>e;return n.d(t,{{a:t}}),t}};n(50)}})();\n"
        )
    };
    let page_js = main("");
    let popup = |scripts: &str| {
        let dir = write_tree(&[
            (
                "manifest.json",
                r#"{"manifest_version": 3, "name": "t", "version": "1", "action": {"default_popup": "popup.html"}}"#,
            ),
            ("popup.html", scripts),
            ("vendors.js", &vendors),
            ("popup.js", &page_js),
        ]);
        listener_findings(dir.path())
    };
    let found =
        unchecked_external_listener("popup.js", 1, &page_js, "n.n(r)()", "m.html", INNER_HTML);
    assert_eq!(
        popup(r#"<script src="vendors.js"></script><script src="popup.js"></script>"#),
        found
    );
    // The page does not load the vendors chunk: module 815 is nothing msglint knows.
    assert_eq!(
        popup(r#"<script src="popup.js"></script>"#),
        Vec::<String>::new()
    );
    // A chunk none of whose own modules exports anything, and that uses no helper,
    // still gets the vendors chunk's polyfill.
    let bare = r#"(()=>{var e={50(e,t,n){var r=n(815);r.runtime.onMessageExternal.addListener(m=>{document.body.innerHTML=m.html})}};const t={};function n(r){const o=t[r];if(void 0!==o)return o.exports;const s=t[r]={exports:{}};return e[r].call(s.exports,s,s.exports,n),s.exports}n(50)})();
"#;
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1", "action": {"default_popup": "popup.html"}}"#,
        ),
        (
            "popup.html",
            r#"<script src="vendors.js"></script><script src="popup.js"></script>"#,
        ),
        ("vendors.js", &vendors),
        ("popup.js", bare),
    ]);
    assert_eq!(
        listener_findings(dir.path()),
        unchecked_external_listener("popup.js", 1, bare, "r.runtime", "m.html", INNER_HTML)
    );

    let sw_js = main("importScripts(\"vendors.js\");\n");
    let dir = write_tree(&[
        ("manifest.json", MANIFEST),
        ("vendors.js", &vendors),
        ("bg.js", &sw_js),
    ]);
    let line2 = sw_js.lines().nth(1).unwrap_or("");
    assert_eq!(
        listener_findings(dir.path()),
        unchecked_external_listener("bg.js", 2, line2, "n.n(r)()", "m.html", INNER_HTML)
    );
}
