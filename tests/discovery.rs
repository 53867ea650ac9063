//! Discovery: manifests, contexts, HTML pages, imports, ignores.
mod common;

use common::{check_dir, compact, write_tree};
use msglint::discover::{discover, ContextKind, Options, Reaches};

fn contexts(dir: &std::path::Path) -> Vec<(String, ContextKind, Vec<String>)> {
    let mut project = discover(&[dir.to_path_buf()], &Options::default()).expect("discover");
    // Follow loads as the checker does, with the specifiers each unit declares.
    let reaches: Vec<Reaches> = project
        .units
        .iter()
        .map(|u| {
            let text = &project.sources.get(u.source).text[u.start..u.end];
            let loads = text
                .lines()
                .filter_map(|l| {
                    let l = l.trim();
                    let q = l.find(['"', '\''])?;
                    let rest = &l[q + 1..];
                    let e = rest.find(['"', '\''])?;
                    (l.starts_with("import") || l.starts_with("importScripts"))
                        .then(|| rest[..e].to_string())
                })
                .collect();
            Reaches {
                loads,
                ..Reaches::default()
            }
        })
        .collect();
    project.follow_loads(&reaches.iter().collect::<Vec<_>>());
    let mut out = Vec::new();
    for e in &project.extensions {
        let m = project.sources.get(e.manifest_source).rel.clone();
        for c in &e.contexts {
            let mut files: Vec<String> = c
                .units
                .iter()
                .map(|&u| {
                    let unit = &project.units[u];
                    let rel = project.sources.get(unit.source).rel.clone();
                    if unit.start > 0 {
                        format!("{rel}@{}", unit.start)
                    } else {
                        rel
                    }
                })
                .collect();
            files.sort();
            out.push((format!("{m} {}", c.label), c.kind, files));
        }
    }
    out
}

#[test]
fn mv3_contexts_pages_and_module_imports() {
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{
              // comments and trailing commas, as Chrome allows
              "manifest_version": 3, "name": "t", "version": "1",
              "background": {"service_worker": "sw.js", "type": "module"},
              "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]},
                                  {"matches": ["<all_urls>"], "js": ["main.js"], "world": "MAIN"}],
              "action": {"default_popup": "ui/popup.html"},
              "sandbox": {"pages": ["sandbox.html"]},
              "web_accessible_resources": [{"resources": ["inject.js"], "matches": ["<all_urls>"]}],
            }"#,
        ),
        ("sw.js", "import { handle } from './lib/handle.js';\nimport './lib/side.js';\n"),
        ("lib/handle.js", "export function handle() {}\n"),
        ("lib/side.js", "importScripts('never-followed-in-modules-but-harmless.js');\n"),
        ("cs.js", "chrome.runtime.sendMessage({});\n"),
        ("main.js", "window.postMessage('x', '*');\n"),
        ("inject.js", "1;\n"),
        ("ui/popup.html", "<!doctype html><script src=\"popup.js\"></script>\n<script>\nconsole.log(1)\n</script>"),
        ("ui/popup.js", "chrome.runtime.sendMessage({});\n"),
        ("stray.js", "1;\n"),
        ("sandbox.html", "<script src=\"sb.js\"></script>"),
        ("sb.js", "1;\n"),
    ]);
    let got = contexts(dir.path());
    let find = |label: &str| {
        got.iter()
            .find(|(l, _, _)| l == label)
            .unwrap_or_else(|| panic!("{label} in {got:#?}"))
    };
    assert_eq!(find("manifest.json background").1, ContextKind::Background);
    assert_eq!(
        find("manifest.json background").2,
        ["lib/handle.js", "lib/side.js", "sw.js"]
    );
    assert_eq!(find("manifest.json content_scripts[0]").2, ["cs.js"]);
    assert_eq!(
        find("manifest.json content_scripts[0]").1,
        ContextKind::ContentScript
    );
    assert_eq!(
        find("manifest.json content_scripts[1]").1,
        ContextKind::PageWorld
    );
    assert_eq!(
        find("manifest.json web_accessible_resources").2,
        ["inject.js"]
    );
    let popup = find("manifest.json ui/popup.html");
    assert_eq!(popup.1, ContextKind::ExtensionPage);
    assert_eq!(popup.2.len(), 2, "{popup:?}");
    assert!(
        popup.2.contains(&"ui/popup.js".to_string())
            && popup.2.iter().any(|f| f.starts_with("ui/popup.html@"))
    );
    // A sandboxed page has no extension APIs and a unique origin: page-world trust.
    assert_eq!(find("manifest.json sandbox.html").1, ContextKind::PageWorld);
    // stray.js is reached by nothing: in no context, but still a unit that gets checked.
    assert!(!got
        .iter()
        .any(|(_, _, f)| f.contains(&"stray.js".to_string())));
}

#[test]
fn mv2_background_page_and_import_scripts() {
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"page": "bg.html"}}"#,
        ),
        (
            "bg.html",
            "<html><script src=\"js/a.js\"></script><script src=\"js/b.js?v=2\"></script></html>",
        ),
        (
            "pages/opt.html",
            "<script src=\"/js/a.js\"></script><script src=\"local.js\"></script>",
        ),
        ("pages/local.js", "1;\n"),
        ("js/a.js", "var x = 1;\n"),
        ("js/b.js", "var y = 2;\n"),
    ]);
    let got = contexts(dir.path());
    assert_eq!(got[0].0, "manifest.json background");
    assert_eq!(got[0].2, ["js/a.js", "js/b.js"]);
    assert!(
        !got.iter().any(|(l, _, _)| l.ends_with("bg.html")),
        "{got:#?}"
    );
    // A root-relative src in a page below the root resolves against the extension root.
    let opt = got
        .iter()
        .find(|(l, _, _)| l.ends_with("pages/opt.html"))
        .expect("options page");
    assert_eq!(opt.2, ["js/a.js", "pages/local.js"]);
}

#[test]
fn several_manifests_in_one_repository() {
    let dir = write_tree(&[
        (
            "platform/chromium/manifest.json",
            r#"{"manifest_version": 3, "name": "c", "version": "1", "background": {"service_worker": "bg.js"}}"#,
        ),
        (
            "platform/chromium/bg.js",
            "chrome.extension.sendRequest({});\n",
        ),
        (
            "platform/firefox/manifest.json",
            r#"{"manifest_version": 2, "name": "f", "version": "1", "background": {"scripts": ["bg.js"]}}"#,
        ),
        (
            "platform/firefox/bg.js",
            "chrome.extension.sendRequest({});\n",
        ),
    ]);
    let report = check_dir(dir.path());
    assert_eq!(report.extensions.len(), 2);
    // The same code is an error in the MV3 build and a warning in the MV2 one.
    assert_eq!(
        compact(&report),
        [
            "platform/chromium/bg.js:1:1: error [deprecated-messaging-api] `extension.sendRequest` does not exist in Manifest V3: this code throws or never runs",
            "platform/firefox/bg.js:1:1: warning [deprecated-messaging-api] `extension.sendRequest` is deprecated and removed in Manifest V3",
        ]
    );
}

#[test]
fn inline_scripts_report_lines_of_the_html_file() {
    let dir = write_tree(&[
        ("manifest.json", r#"{"manifest_version": 3, "name": "t", "version": "1", "options_page": "options.html"}"#),
        (
            "options.html",
            "<!doctype html>\n<html>\n<body>\n<script type=\"text/javascript\">\n  chrome.extension.sendRequest({});\n</script>\n</body>\n</html>\n",
        ),
    ]);
    assert_eq!(
        compact(&check_dir(dir.path())),
        ["options.html:5:3: error [deprecated-messaging-api] `extension.sendRequest` does not exist in Manifest V3: this code throws or never runs"]
    );
}

#[test]
fn node_modules_git_and_gitignored_files_are_skipped_unless_a_manifest_names_them() {
    let dir = write_tree(&[
        (".gitignore", "dist/\nbuild/\n"),
        (
            "manifest.json",
            r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["build/bg.js"]}}"#,
        ),
        ("build/bg.js", "chrome.extension.sendRequest({});\n"),
        ("dist/out.js", "chrome.extension.sendRequest({});\n"),
        (
            "node_modules/x/index.js",
            "chrome.extension.sendRequest({});\n",
        ),
        (".git/hooks/x.js", "chrome.extension.sendRequest({});\n"),
        ("src/ok.ts", "chrome.extension.sendRequest({});\n"),
    ]);
    let lines = compact(&check_dir(dir.path()));
    let files: Vec<&str> = lines
        .iter()
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    // build/bg.js is gitignored but the manifest names it.
    assert_eq!(files, ["build/bg.js", "src/ok.ts"], "{lines:#?}");
}

#[test]
fn a_single_file_can_be_checked() {
    let dir = write_tree(&[("one.js", "chrome.extension.connect();\n")]);
    let report = msglint::check::check(&msglint::check::CheckOptions {
        paths: vec![dir.path().join("one.js")],
        ..Default::default()
    })
    .expect("check");
    assert_eq!(
        compact(&report),
        ["one.js:1:1: warning [deprecated-messaging-api] `extension.connect` is deprecated and removed in Manifest V3"]
    );
}

#[test]
fn a_manifest_naming_missing_files_is_reported_as_a_problem() {
    let dir = write_tree(&[(
        "manifest.json",
        r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "gone.js"}, "action": {"default_popup": "nope.html"}}"#,
    )]);
    let report = check_dir(dir.path());
    let msgs: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("\"gone.js\"")), "{msgs:#?}");
    assert!(
        msgs.iter().any(|m| m.contains("\"nope.html\"")),
        "{msgs:#?}"
    );
}

#[test]
fn web_accessible_images_and_styles_are_not_read_as_scripts() {
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1",
                "web_accessible_resources": [{"resources": ["img/icon.png", "style.css", "inject.js"],
                                              "matches": ["<all_urls>"]}]}"#,
        ),
        ("img/icon.png", "\u{89}PNG\r\n\u{1a}\n\0\0\0\rIHDR"),
        ("style.css", "body { color: red }\n"),
        ("inject.js", "window.postMessage(document.cookie, \"*\");\n"),
    ]);
    let report = check_dir(dir.path());
    assert_eq!(compact(&report), Vec::<String>::new());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.files_checked, 2, "manifest.json and inject.js");
}

#[test]
fn a_module_script_tag_keeps_its_functions_out_of_the_page_globals() {
    // `type="module"` scripts have their own scope even without import/export: the
    // classic script beside them cannot name their functions.
    let files = |module_attr: &'static str| {
        vec![
            (
                "manifest.json",
                r#"{"manifest_version": 3, "name": "t", "version": "1", "action": {"default_popup": "popup.html"}}"#,
            ),
            (
                "popup.html",
                if module_attr.is_empty() {
                    "<script src=\"mod.js\"></script><script src=\"main.js\"></script>"
                } else {
                    "<script type=\"module\" src=\"mod.js\"></script><script src=\"main.js\"></script>"
                },
            ),
            (
                "mod.js",
                "async function handler(m) { if (m.x) return 1; }\n",
            ),
            (
                "main.js",
                "chrome.runtime.onMessage.addListener(handler);\n",
            ),
        ]
    };
    let classic = compact(&check_dir(write_tree(&files("")).path()));
    assert_eq!(
        classic
            .iter()
            .filter(|l| l.contains("[async-listener-implicit-undefined]"))
            .count(),
        1,
        "{classic:?}"
    );
    let module = compact(&check_dir(write_tree(&files("module")).path()));
    assert!(
        !module
            .iter()
            .any(|l| l.contains("[async-listener-implicit-undefined]")),
        "{module:?}"
    );
}

/// Pages listed in `web_accessible_resources` (by path or by a `*` pattern) can be framed
/// by web pages; the popup, a sandboxed page and the web-accessible scripts' own context
/// are told apart.
#[test]
fn web_accessible_pages_are_marked() {
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1",
                "action": {"default_popup": "popup.html"},
                "sandbox": {"pages": ["sandbox.html"]},
                "web_accessible_resources": [
                  {"resources": ["frames/*", "panel.html", "sandbox.html", "q?/*"], "matches": ["<all_urls>"]}]}"#,
        ),
        ("popup.html", "<script src=\"popup.js\"></script>"),
        ("popup.js", ""),
        ("panel.html", "<script src=\"panel.js\"></script>"),
        ("panel.js", ""),
        (
            "frames/deep/frame.html",
            "<script src=\"frame.js\"></script>",
        ),
        ("frames/deep/frame.js", ""),
        ("sandbox.html", "<script src=\"popup.js\"></script>"),
        // Only `*` is a wildcard: `q?/` names a folder called `q?`.
        ("q?/p.html", "<script src=\"../popup.js\"></script>"),
        ("qx/p.html", "<script src=\"../popup.js\"></script>"),
    ]);
    let project = discover(&[dir.path().to_path_buf()], &Options::default()).expect("discover");
    let mut marked: Vec<(String, ContextKind, bool)> = project.extensions[0]
        .contexts
        .iter()
        .map(|c| (c.label.clone(), c.kind, c.web_accessible))
        .collect();
    marked.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        marked,
        vec![
            ("background".to_string(), ContextKind::Background, false),
            (
                "frames/deep/frame.html".to_string(),
                ContextKind::ExtensionPage,
                true
            ),
            ("panel.html".to_string(), ContextKind::ExtensionPage, true),
            ("popup.html".to_string(), ContextKind::ExtensionPage, false),
            ("q?/p.html".to_string(), ContextKind::ExtensionPage, true),
            ("qx/p.html".to_string(), ContextKind::ExtensionPage, false),
            // Sandboxed: a unique origin, no extension APIs; framing it exposes nothing.
            ("sandbox.html".to_string(), ContextKind::PageWorld, false),
        ]
    );
}

/// Each extension's pages are the HTML files under its own directory: not those of a
/// sibling whose name starts the same (`ext-2` beside `ext`), and those of nested
/// directories too. (Found with a range of the sorted paths, not a scan of every file
/// per manifest, which made 8,000 extensions in one tree take 2.8 s to discover.)
#[test]
fn pages_belong_to_the_extension_whose_directory_holds_them() {
    const M: &str = r#"{"manifest_version": 3, "name": "e", "version": "1"}"#;
    const PAGE: &str = "<script>chrome.runtime.sendMessage({});</script>";
    let dir = write_tree(&[
        ("ext/manifest.json", M),
        ("ext/page.html", PAGE),
        ("ext/sub/deep.html", PAGE),
        ("ext-2/manifest.json", M),
        ("ext-2/page.html", PAGE),
        ("ext.html", PAGE),
    ]);
    let pages: Vec<(String, Vec<String>)> = contexts(dir.path())
        .into_iter()
        .filter(|(_, kind, _)| *kind == ContextKind::ExtensionPage)
        .map(|(label, _, files)| (label, files))
        .collect();
    assert_eq!(
        pages,
        [
            (
                "ext/manifest.json page.html".to_string(),
                vec!["ext/page.html@8".to_string()]
            ),
            (
                "ext/manifest.json sub/deep.html".to_string(),
                vec!["ext/sub/deep.html@8".to_string()]
            ),
            (
                "ext-2/manifest.json page.html".to_string(),
                vec!["ext-2/page.html@8".to_string()]
            ),
        ]
    );
}

/// An extension is untrusted input: nothing it names outside the checked directory is
/// read, or a `parse-error` would print a snippet of it (`"service_worker":
/// "../../home/me/secrets.js"` into a CI log). A manifest reference that leaves the
/// extension's directory (Chrome loads nothing from there: a script or a page), a page's
/// script that does,
/// and a link to a file outside the checked directory are problems; no source of the
/// report is outside. Checked from the directory above, the same file is checked.
#[cfg(unix)]
#[test]
fn nothing_outside_the_checked_directory_is_read() {
    let dir = write_tree(&[
        ("outside.js", "SECRET = not js\n"),
        (
            "ext/manifest.json",
            r#"{"manifest_version": 3, "name": "e", "version": "1",
                "background": {"service_worker": "../outside.js"},
                "content_scripts": [{"matches": ["<all_urls>"], "js": ["linked.js"]}],
                "action": {"default_popup": "popup.html"},
                "options_page": "../outside.html"}"#,
        ),
        (
            "ext/popup.html",
            r#"<script src="../../outside.js"></script>"#,
        ),
        ("outside.html", "<script>SECRET = not js</script>"),
    ]);
    let outside = dir.path().join("outside.js");
    std::os::unix::fs::symlink(&outside, dir.path().join("ext/linked.js")).expect("link");
    let report = check_dir(&dir.path().join("ext"));
    let sources: Vec<String> = report.sources.iter().map(|(_, s)| s.rel.clone()).collect();
    assert_eq!(sources, ["manifest.json", "popup.html"]);
    assert!(report.diagnostics.is_empty(), "{:?}", compact(&report));
    let problems = problems(&report);
    assert_eq!(
        problems,
        [
            ("linked.js", "a symbolic link to a file outside the checked directories: not read"),
            (
                "manifest.json",
                "the manifest names \"../outside.html\", outside the extension's directory: Chrome does not load it, and msglint does not read it",
            ),
            ("manifest.json", "the manifest names \"../outside.js\", outside the extension's directory: Chrome does not load it, and msglint does not read it"),
            ("manifest.json", "the manifest names script \"linked.js\", which was not found (or is not readable)"),
        ]
    );
    // Checked from the directory that holds both, the link and its target are checked.
    let report = check_dir(dir.path());
    let lines = compact(&report);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("ext/linked.js:1:14: error [parse-error]")),
        "{lines:?}"
    );
}

/// What the extension loads is part of it even where `.gitignore` or the configuration
/// leaves the file out, as a manifest's files are: a gitignored `dist/` whose background
/// imports its chunks, which import more; `importScripts` of an ignored file; an import
/// written without its extension; a file under `node_modules` loaded by path. An ignored
/// file nothing loads stays unchecked, and a load leaving the extension's directory is
/// not read.
#[test]
fn files_the_extension_loads_are_checked_even_when_ignored() {
    // A warning: `externally_connectable` admits one named extension, not every one.
    let eval_finding = |file: &str, col: usize| {
        format!("{file}:1:{col}: warning [unsafe-message-sink] data from an external message reaches `eval` (code execution)")
    };
    let dir = write_tree(&[
        (".gitignore", "dist/\nlegacy/\n"),
        ("msglint.toml", "ignore = [\"vendor/**\"]\n"),
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1", "externally_connectable": {"ids": ["abcdefghijklmnopabcdefghijklmnop"]},
                "background": {"service_worker": "dist/bg.js", "type": "module"}}"#,
        ),
        (
            "dist/bg.js",
            "import cfg from \"./config.json\" with { type: \"json\" };\nimport { h } from \"./assets/chunk-1.js\";\nimport { v } from \"../vendor/v\";\nimport { n } from \"../node_modules/lib/index.js\";\nimport { o } from \"../../outside.js\";\n\
             chrome.runtime.onMessageExternal.addListener((m) => { h(m); v(m); n(m); o(m); });\n",
        ),
        ("dist/assets/chunk-1.js", "import { g } from \"./chunk-2.js\";\nexport function h(m) { g(m); }\n"),
        ("dist/assets/chunk-2.js", "export function g(m) { eval(m.a); }\n"),
        ("dist/assets/unused.js", "export function u(m) { eval(m.b); }\n"),
        // A JSON import is not its gitignored namesake script.
        ("dist/config.json", "{}\n"),
        (
            "dist/config.js",
            "chrome.runtime.onMessageExternal.addListener((m) => { eval(m.e); });\n",
        ),
        ("vendor/v.js", "export function v(m) { eval(m.c); }\n"),
        ("node_modules/lib/index.js", "export function n(m) { eval(m.d); }\n"),
    ]);
    // The configuration's ignore globs, as the command line applies them.
    let config = std::sync::Arc::new(
        msglint::config::Config::load(&dir.path().join("msglint.toml")).expect("config"),
    );
    let report = msglint::check::check(&msglint::check::CheckOptions {
        paths: vec![dir.path().to_path_buf()],
        ignore_fn: Some(msglint::discover::IgnoreFn(std::sync::Arc::new(
            move |p: &std::path::Path| config.is_ignored(p, false),
        ))),
        ..Default::default()
    })
    .expect("check runs");
    let lines = compact(&report);
    assert_eq!(
        lines,
        [
            eval_finding("dist/assets/chunk-2.js", 29),
            eval_finding("node_modules/lib/index.js", 29),
            eval_finding("vendor/v.js", 29),
        ],
        "{lines:#?}"
    );

    // A classic worker's importScripts, and a loaded file that is not UTF-8: a
    // parse-error naming it, as for any file.
    let dir = write_tree(&[
        (".gitignore", "legacy/\n"),
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "sw.js"}}"#,
        ),
        (
            "sw.js",
            "importScripts(\"legacy/a.js\", \"legacy/bad.js\");\n",
        ),
        ("legacy/a.js", "chrome.extension.sendRequest({});\n"),
    ]);
    std::fs::write(dir.path().join("legacy/bad.js"), b"var s = \"\xff\";\n").expect("write");
    let report = check_dir(dir.path());
    assert_eq!(
        compact(&report),
        [
            "legacy/a.js:1:1: error [deprecated-messaging-api] `extension.sendRequest` does not exist in Manifest V3: this code throws or never runs",
            "legacy/bad.js:1:10: error [parse-error] the file is not valid UTF-8 (invalid byte at offset 9); Chrome refuses to load it",
        ]
    );
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
}

/// Each round of loads through ignored files reads the next link; a chain longer than
/// any build makes stops after 16 rounds and says which file it did not check.
#[test]
fn a_chain_of_ignored_files_is_followed_sixteen_deep_and_the_rest_reported() {
    let mut files: Vec<(String, String)> = vec![
        (".gitignore".into(), "gen/\n".into()),
        (
            "manifest.json".into(),
            r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "bg.js", "type": "module"}}"#.into(),
        ),
        ("bg.js".into(), "import \"./gen/c1.js\";\n".into()),
    ];
    for i in 1..=20 {
        files.push((
            format!("gen/c{i}.js"),
            format!(
                "import \"./c{}.js\";\nchrome.extension.sendRequest({{}});\n",
                i + 1
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = write_tree(&refs);
    let report = check_dir(dir.path());
    let mut checked: Vec<String> = compact(&report)
        .iter()
        .map(|l| l.split(':').next().unwrap_or("").to_string())
        .collect();
    checked.sort_by_key(|f| {
        f.trim_start_matches("gen/c")
            .trim_end_matches(".js")
            .parse::<u32>()
            .unwrap_or(0)
    });
    let expected: Vec<String> = (1..=16).map(|i| format!("gen/c{i}.js")).collect();
    assert_eq!(checked, expected);
    let problems = problems(&report);
    assert_eq!(
        problems,
        [(
            "gen/c17.js",
            "loaded by the extension through more than 16 ignored files in a chain: not checked"
        )]
    );
}

/// The report's files not checked: (file, why).
fn problems(report: &msglint::report::Report) -> Vec<(&str, &str)> {
    report
        .problems
        .iter()
        .map(|p| (p.file.as_str(), p.message.as_str()))
        .collect()
}

/// A specifier without its extension is completed by appending one, as bundlers do:
/// `./lib.v2` is `lib.v2.js` (not `lib.js`), and `./config.json` is never `config.js`.
#[test]
fn extensionless_specifiers_are_completed_by_appending() {
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "bg.js", "type": "module"}}"#,
        ),
        (
            "bg.js",
            "import cfg from \"./config.json\";\nimport { h } from \"./lib.v2\";\n",
        ),
        ("config.json", "{}\n"),
        ("config.js", "export const c = 1;\n"),
        ("lib.v2.js", "export const h = 1;\n"),
        ("lib.js", "export const l = 1;\n"),
    ]);
    let background: Vec<String> = contexts(dir.path())
        .into_iter()
        .filter(|(_, kind, _)| *kind == ContextKind::Background)
        .flat_map(|(_, _, files)| files)
        .collect();
    assert_eq!(background, ["bg.js", "lib.v2.js"]);
}
