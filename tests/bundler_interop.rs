//! webextension-polyfill as esbuild, rollup and TypeScript bundle it: wrapped as a
//! CommonJS module (`__commonJS`, `requireBrowserPolyfill`) and handed to an ES import
//! through an interop helper (`__toESM`, `getDefaultExportFromCjs`, `__importDefault`).
//! The shapes are those of real builds (esbuild 0.24, rollup 4 with its commonjs plugin,
//! tsc 5), the polyfill's body cut to the error it throws outside an extension, which is
//! how msglint knows it. webpack's registry is `tests/webpack_registry.rs`'s.
mod common;

use common::{background_listener_findings as findings, unchecked_external_listener};

/// The polyfill's UMD body, given its `module` as `F` (esbuild) or `module` (rollup).
fn polyfill(module: &str) -> String {
    format!(
        r#"(function(m,i){{if(typeof define=="function"&&define.amd)define("webextension-polyfill",["module"],i);else i({module})}})(typeof globalThis<"u"?globalThis:self,function(m){{"use strict";if(!(globalThis.chrome&&globalThis.chrome.runtime&&globalThis.chrome.runtime.id))throw new Error("This script should only be loaded in a browser extension.");m.exports=globalThis.browser&&globalThis.browser.runtime?globalThis.browser:(e=>e)(chrome)}})"#
    )
}

/// The findings of a listener `api.runtime.onMessageExternal.addListener(...)` passing
/// `m.url` to `tabs.create`, registered at `registration` on `js`'s line `line`.
fn expected(js: &str, line: usize, registration: &str) -> Vec<String> {
    let text = js.lines().nth(line - 1).unwrap_or("");
    unchecked_external_listener(
        "bg.js",
        line,
        text,
        registration,
        "m.url",
        "error [untrusted-message-to-privileged-api] data from an external message reaches the privileged API `tabs.create`",
    )
}

const ESBUILD_RUNTIME: &str = r#"var I=Object.create;var L=Object.defineProperty;var Z=Object.getOwnPropertyDescriptor;var z=Object.getOwnPropertyNames;var G=Object.getPrototypeOf,H=Object.prototype.hasOwnProperty;var V=(m,i)=>()=>(i||m((i={exports:{}}).exports,i),i.exports);var K=(m,i,c,u)=>{if(i&&typeof i=="object"||typeof i=="function")for(let d of z(i))!H.call(m,d)&&d!==c&&L(m,d,{get:()=>i[d],enumerable:!(u=Z(i,d))||u.enumerable});return m};var $=(m,i,c)=>(c=m!=null?I(G(m)):{},K(i||!m||!m.__esModule?L(c,"default",{value:m,enumerable:!0}):c,m));"#;

#[test]
fn esbuild_minified() {
    let js = format!(
        "(()=>{{{ESBUILD_RUNTIME}var E=V((v,F)=>{{{}}});var h=$(E());\nh.default.runtime.onMessageExternal.addListener((m,i)=>{{h.default.tabs.create({{url:m.url}})}});}})();\n",
        polyfill("F")
    );
    assert_eq!(findings(&js), expected(&js, 2, "h.default.runtime"));
}

#[test]
fn esbuild_unminified_object_form() {
    let js = format!(
        r#"(() => {{
  var __create = Object.create;
  var __defProp = Object.defineProperty;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __getProtoOf = Object.getPrototypeOf;
  var __commonJS = (cb, mod) => function __require() {{
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = {{ exports: {{}} }}).exports, mod), mod.exports;
  }};
  var __copyProps = (to, from) => to;
  var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {{}}, __copyProps(
    isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", {{ value: mod, enumerable: true }}) : target,
    mod
  ));
  var require_browser_polyfill = __commonJS({{
    "node_modules/webextension-polyfill/dist/browser-polyfill.js"(exports, module) {{
      {}
    }}
  }});
  var import_webextension_polyfill = __toESM(require_browser_polyfill());
  import_webextension_polyfill.default.runtime.onMessageExternal.addListener((m, sender) => {{ import_webextension_polyfill.default.tabs.create({{ url: m.url }}); }});
}})();
"#,
        polyfill("module")
    );
    assert_eq!(
        findings(&js),
        expected(&js, 20, "import_webextension_polyfill.default.runtime")
    );
}

#[test]
fn rollup_commonjs_plugin() {
    let js = format!(
        r#"(function () {{
  'use strict';
  function getDefaultExportFromCjs (x) {{
    return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, 'default') ? x['default'] : x;
  }}
  var browserPolyfill$1 = {{exports: {{}}}};
  var hasRequiredBrowserPolyfill;
  function requireBrowserPolyfill () {{
    if (hasRequiredBrowserPolyfill) return browserPolyfill$1.exports;
    hasRequiredBrowserPolyfill = 1;
    (function (module) {{
      {}
    }} (browserPolyfill$1));
    return browserPolyfill$1.exports;
  }}
  var browserPolyfillExports = requireBrowserPolyfill();
  var browser = /*@__PURE__*/getDefaultExportFromCjs(browserPolyfillExports);
  browser.runtime.onMessageExternal.addListener((m, sender) => {{ browser.tabs.create({{ url: m.url }}); }});
}})();
"#,
        polyfill("module")
    );
    assert_eq!(findings(&js), expected(&js, 18, "browser.runtime"));
}

#[test]
fn typescript_import_default_helper() {
    let js = concat!(
        "\"use strict\";\n",
        "var __importDefault = (this && this.__importDefault) || function (mod) {\n",
        "    return (mod && mod.__esModule) ? mod : { \"default\": mod };\n",
        "};\n",
        "const webextension_polyfill_1 = __importDefault(require(\"webextension-polyfill\"));\n",
        "webextension_polyfill_1.default.runtime.onMessageExternal.addListener((m) => { webextension_polyfill_1.default.tabs.create({ url: m.url }); });\n",
    );
    assert_eq!(
        findings(js),
        expected(js, 6, "webextension_polyfill_1.default.runtime")
    );
}

#[test]
fn what_interop_does_not_make_the_api() {
    let listener = ".runtime.onMessageExternal.addListener((m)=>{h.tabs.create({url:m.url})});";
    // A CommonJS module that is not the polyfill, through the same helpers.
    let js = format!(
        "(()=>{{{ESBUILD_RUNTIME}var E=V((v,F)=>{{F.exports={{runtime:{{}}}}}});var h=$(E());h.default{listener}}})();\n"
    );
    assert_eq!(findings(&js), Vec::<String>::new(), "{js}");
    // The namespace given to a function that is no interop helper (it reads no
    // `__esModule`), and to one too long to be one; the short twin is one.
    let helper = |pad: usize| {
        format!(
            "function w(x){{var p=\"{}\";return x&&x.__esModule?x:{{default:x}}}}var h=w(chrome).default;h{listener}\n",
            "p".repeat(pad)
        )
    };
    let plain = format!("function w(x){{return x.tabs}}var h=w(chrome);h{listener}\n");
    assert_eq!(findings(&plain), Vec::<String>::new(), "{plain}");
    assert_eq!(findings(&helper(2100)), Vec::<String>::new());
    assert_eq!(findings(&helper(10)).len(), 2, "{}", helper(10));
}
