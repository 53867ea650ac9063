//! Helpers shared by the integration tests: write a throwaway extension, check it.
#![allow(dead_code)]
use std::path::Path;

use msglint::check::{check, CheckOptions};
use msglint::report::Report;

pub const DEFAULT_MANIFEST: &str = r#"{"manifest_version": 3, "name": "test", "version": "1", "background": {"service_worker": "background.js"}}"#;

/// Write `files` (path, contents) into a fresh temporary directory.
pub fn write_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }
    dir
}

pub fn check_dir(dir: &Path) -> Report {
    check(&CheckOptions {
        paths: vec![dir.to_path_buf()],
        ..Default::default()
    })
    .expect("check runs")
}

/// `file:line:col: severity [rule] message` for every diagnostic.
pub fn compact(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let s = report.sources.get(d.location.source);
            let lc = s.line_col(d.location.start);
            format!(
                "{}:{}:{}: {} [{}] {}",
                s.rel, lc.line, lc.column, d.severity, d.rule, d.message
            )
        })
        .collect()
}

/// Check one background script in a default MV3 extension.
pub fn check_background(js: &str) -> Vec<String> {
    let dir = write_tree(&[("manifest.json", DEFAULT_MANIFEST), ("background.js", js)]);
    compact(&check_dir(dir.path()))
}

/// Only the findings of one rule, as `line:col` pairs.
pub fn positions(lines: &[String], rule: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.contains(&format!("[{rule}]")))
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let _file = parts.next();
            format!(
                "{}:{}",
                parts.next().unwrap_or(""),
                parts.next().unwrap_or("")
            )
        })
        .collect()
}

/// A whole-file classic-script unit over `js` (to parse and model it directly).
pub fn script_unit(js: &str) -> msglint::discover::Unit {
    msglint::discover::Unit {
        source: msglint::source::SourceId(0),
        start: 0,
        end: js.len(),
        lang: msglint::discover::Lang::Js,
        module: None,
    }
}

/// `compact` findings of a directory, less the manifest-level warning every listener for
/// other extensions gets in an extension without `externally_connectable`: what tests of
/// the listener itself assert.
pub fn listener_findings(dir: &Path) -> Vec<String> {
    compact(&check_dir(dir))
        .into_iter()
        .filter(|l| !l.contains("[externally-connectable-too-broad]"))
        .collect()
}

/// [`listener_findings`] of a default MV3 extension whose service worker is `bg.js`.
pub fn background_listener_findings(js: &str) -> Vec<String> {
    let manifest = r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "bg.js"}}"#;
    let dir = write_tree(&[("manifest.json", manifest), ("bg.js", js)]);
    listener_findings(dir.path())
}

/// The 1-based column of `needle` in `text`; panics when it is not there, so a test
/// cannot expect column 0 by mistake.
pub fn column_of(text: &str, needle: &str) -> usize {
    match text.find(needle) {
        Some(i) => i + 1,
        None => panic!("`{needle}` is not in: {text}"),
    }
}

/// What a listener for other extensions with no sender check gives, registered at
/// `registration` on line `line` of `file` (`text` is that line), whose message reaches a
/// sink at `data`: its `missing-sender-check`, and the flow, `flow` being the rest of
/// that finding's line (`error [unsafe-message-sink] data from ... reaches ...`).
pub fn unchecked_external_listener(
    file: &str,
    line: usize,
    text: &str,
    registration: &str,
    data: &str,
    flow: &str,
) -> Vec<String> {
    vec![
        format!(
            "{file}:{line}:{}: error [missing-sender-check] this `runtime.onMessageExternal` listener uses the message without checking who sent it (any other installed extension can)",
            column_of(text, registration)
        ),
        format!("{file}:{line}:{}: {flow}", column_of(text, data)),
    ]
}
