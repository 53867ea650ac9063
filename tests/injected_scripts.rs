//! Content scripts injected from code (`scripting.executeScript({ files })` and kin)
//! rather than listed in the manifest: found by the semantic model, given a content-script
//! context (page world for `world: "MAIN"`), and joined to the listeners they send to.
mod common;

use msglint::discover::{discover, ContextKind, Injection, Options};
use msglint::parse::parse_unit;
use msglint::semantic::Semantic;

fn injections(js: &str) -> Vec<Injection> {
    let parsed = parse_unit(&common::script_unit(js), js).expect("parses");
    Semantic::build(&parsed.program, parsed.unresolved)
        .reaches
        .injected
}

fn inj(files: &[&str], main_world: bool) -> Injection {
    Injection {
        files: files.iter().map(|f| f.to_string()).collect(),
        main_world,
    }
}

#[test]
fn every_injection_form_is_modelled() {
    let js = r#"
const FILES = ["lib/a.js", "lib/b.js"];
const details = { target: { tabId: 1 }, files: ["d.js"] };
chrome.scripting.executeScript({ target: { tabId: 1 }, files: ["cs.js"] });
chrome.scripting.executeScript({ target: { tabId: 1 }, files: FILES });
chrome.scripting.executeScript(details);
chrome.scripting.executeScript({ target: { tabId: 1 }, files: ["m.js"], world: "MAIN" });
chrome.scripting.executeScript({ target: { tabId: 1 }, files: ["m2.js"], world: chrome.scripting.ExecutionWorld.MAIN });
chrome.scripting.executeScript({ target: { tabId: 1 }, files: ["iso.js"], world: "ISOLATED" });
chrome.tabs.executeScript(5, { file: "/v2.js" });
browser.tabs.executeScript({ file: "v2b.js", allFrames: true });
chrome.scripting.registerContentScripts([
  { id: "x", matches: ["<all_urls>"], js: ["r1.js", "r2.js"] },
  { id: "y", matches: ["<all_urls>"], js: ["r3.js"], world: "MAIN" },
]);
chrome.scripting.updateContentScripts([{ id: "x", js: ["u.js"] }]);
browser.contentScripts.register({ matches: ["<all_urls>"], js: [{ file: "ff.js" }, { code: "1" }] });
const COMMON = ["lib/c.js"];
const LOOP = [...LOOP, "self.js"];
chrome.scripting.executeScript({ target: { tabId: 1 }, files: [...COMMON, "main2.js"] });
chrome.scripting.executeScript({ target: { tabId: 1 }, files: LOOP });
"#;
    assert_eq!(
        injections(js),
        vec![
            inj(&["cs.js"], false),
            inj(&["lib/a.js", "lib/b.js"], false),
            inj(&["d.js"], false),
            inj(&["m.js"], true),
            inj(&["m2.js"], true),
            inj(&["iso.js"], false),
            inj(&["/v2.js"], false),
            inj(&["v2b.js"], false),
            inj(&["r1.js", "r2.js"], false),
            inj(&["r3.js"], true),
            inj(&["u.js"], false),
            inj(&["ff.js"], false),
            inj(&["lib/c.js", "main2.js"], false),
            // A list that spreads itself: followed a few levels, then dropped.
            inj(
                &["self.js", "self.js", "self.js", "self.js", "self.js"],
                false
            ),
        ]
    );
}

#[test]
fn code_functions_css_and_unknown_files_are_no_injection() {
    let js = r#"
chrome.scripting.executeScript({ target: { tabId: 1 }, func: () => 1 });
chrome.scripting.executeScript({ target: { tabId: 1 }, files: [pick()] });
chrome.scripting.executeScript({ target: { tabId: 1 }, files: list });
chrome.scripting.insertCSS({ target: { tabId: 1 }, files: ["style.css"] });
chrome.tabs.executeScript({ code: "document.title" });
chrome.tabs.insertCSS({ file: "a.css" });
let later = ["x.js"]; later = ["y.js"];
chrome.scripting.executeScript({ target: { tabId: 1 }, files: later });
function executeScript(o) {} executeScript({ files: ["not-an-api.js"] });
const chrome2 = {}; chrome2.scripting = { executeScript() {} };
"#;
    assert_eq!(injections(js), vec![]);
}

/// Each context of the one extension in `dir`: (label, kind, files), through the real
/// parser and semantic model, as a check assigns them.
fn contexts(dir: &std::path::Path) -> Vec<(String, ContextKind, Vec<String>)> {
    let mut project = discover(&[dir.to_path_buf()], &Options::default()).expect("discover");
    let reaches: Vec<_> = project
        .units
        .iter()
        .map(|u| {
            let parsed = parse_unit(u, &project.sources.get(u.source).text).expect("parses");
            Semantic::build(&parsed.program, parsed.unresolved).reaches
        })
        .collect();
    project.follow_loads(&reaches.iter().collect::<Vec<_>>());
    let ext = &project.extensions[0];
    ext.contexts
        .iter()
        .map(|c| {
            let files = c
                .units
                .iter()
                .map(|&u| project.sources.get(project.units[u].source).rel.clone())
                .collect();
            (c.label.clone(), c.kind, files)
        })
        .collect()
}

#[test]
fn injected_scripts_run_in_content_script_contexts() {
    let dir = common::write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1",
                "background": {"service_worker": "bg.js"},
                "content_scripts": [{"matches": ["<all_urls>"], "js": ["listed.js"]}]}"#,
        ),
        (
            "bg.js",
            r#"chrome.action.onClicked.addListener((tab) => {
  chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ["inject/a.js", "/inject/b.js", "missing.js"] });
  chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ["page.js"], world: "MAIN" });
  chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ["listed.js", "inject/a.js"] });
});
"#,
        ),
        ("inject/a.js", "import './dep.js';\n"),
        ("inject/dep.js", "export {};\n"),
        ("inject/b.js", "1;\n"),
        ("page.js", "1;\n"),
        ("listed.js", "1;\n"),
    ]);
    let got = contexts(dir.path());
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            ("background".into(), ContextKind::Background, s(&["bg.js"])),
            (
                "content_scripts[0]".into(),
                ContextKind::ContentScript,
                s(&["listed.js"])
            ),
            // An injected script's imports run with it; a file that is not there is
            // skipped; the third call injects nothing new.
            (
                "injected by bg.js".into(),
                ContextKind::ContentScript,
                s(&["inject/a.js", "inject/b.js", "inject/dep.js"])
            ),
            (
                "injected by bg.js".into(),
                ContextKind::PageWorld,
                s(&["page.js"])
            ),
        ]
    );
}

const RELAY: &str = r#"window.addEventListener("message", (event) => {
  chrome.runtime.sendMessage({ type: "open", url: event.data.url });
});
"#;

fn background(injection: &str) -> String {
    format!(
        r#"chrome.action.onClicked.addListener((tab) => {{
  {injection}
}});
chrome.runtime.onMessage.addListener((msg) => {{
  if (msg.type === "open") chrome.tabs.create({{ url: msg.url }});
}});
"#
    )
}

fn findings(bg: &str) -> Vec<String> {
    let dir = common::write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1", "action": {},
                "background": {"service_worker": "bg.js"}, "permissions": ["scripting", "activeTab"]}"#,
        ),
        ("bg.js", bg),
        ("relay.js", RELAY),
        ("other.js", "console.log(1);\n"),
    ]);
    common::compact(&common::check_dir(dir.path()))
}

#[test]
fn a_relay_injected_from_code_is_joined_to_the_background_listener() {
    let got = findings(&background(
        r#"chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ["relay.js"] });"#,
    ));
    assert_eq!(
        got,
        [
            "bg.js:5:54: error [untrusted-message-to-privileged-api] page-controlled data relayed by a content script reaches the privileged API `tabs.create`",
            "relay.js:1:1: error [missing-sender-check] this `window message event` listener uses the message without checking who sent it (any page or frame can)",
            "relay.js:2:3: warning [page-message-relay] page-controlled data is forwarded into the extension without checking its shape or its sender",
        ]
    );
}

#[test]
fn a_relay_the_extension_never_injects_reaches_no_listener() {
    // The background injects another file: `relay.js` runs in no known context, and
    // nothing says its messages reach `bg.js`.
    let got = findings(&background(
        r#"chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ["other.js"] });"#,
    ));
    assert!(
        got.iter().all(|f| !f.starts_with("bg.js")),
        "no background finding: {got:#?}"
    );
    assert_eq!(got.len(), 2, "{got:#?}");
}

#[test]
fn a_relay_injected_through_an_api_wrapper_module_is_joined_too() {
    // The background has the API from a module of its own: the injection, the listener
    // and the privileged call are found through it, and `relay.js` becomes a content
    // script as when the background names `chrome` itself.
    let bg = concat!(
        "import api from \"./lib/api.js\";\n",
        "api.action.onClicked.addListener((tab) => {\n",
        "  api.scripting.executeScript({ target: { tabId: tab.id }, files: [\"relay.js\"] });\n",
        "});\n",
        "api.runtime.onMessage.addListener((msg) => {\n",
        "  if (msg.type === \"open\") api.tabs.create({ url: msg.url });\n",
        "});\n",
    );
    let dir = common::write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1", "action": {},
                "background": {"service_worker": "bg.js", "type": "module"},
                "permissions": ["scripting", "activeTab"]}"#,
        ),
        (
            "lib/api.js",
            "export default globalThis.browser ?? globalThis.chrome;\n",
        ),
        ("bg.js", bg),
        ("relay.js", RELAY),
    ]);
    assert_eq!(
        common::compact(&common::check_dir(dir.path())),
        [
            "bg.js:6:51: error [untrusted-message-to-privileged-api] page-controlled data relayed by a content script reaches the privileged API `tabs.create`",
            "relay.js:1:1: error [missing-sender-check] this `window message event` listener uses the message without checking who sent it (any page or frame can)",
            "relay.js:2:3: warning [page-message-relay] page-controlled data is forwarded into the extension without checking its shape or its sender",
        ]
    );
}
