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
