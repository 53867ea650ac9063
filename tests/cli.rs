//! The `msglint` binary end to end: exit codes, formats validated against their schemas,
//! configuration, `rules` and `explain`.
mod common;
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{write_tree, DEFAULT_MANIFEST};

fn msglint(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_msglint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("msglint runs")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn validator(schema_path: &Path) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema readable"))
            .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn unsafe_example_fails_with_readable_diagnostics_and_clean_example_passes() {
    let o = msglint(&["check", "examples/unsafe-extension"], &repo());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("async-listener-implicit-undefined"), "{out}");
    assert!(out.contains("╭─[background.js:4:38]"), "{out}");
    assert!(
        out.contains("chrome.runtime.onMessage.addListener(async (message, sender) => {"),
        "{out}"
    );
    assert!(out.contains("help:"), "{out}");
    assert!(out.contains("externally-connectable-too-broad"), "{out}");

    let o = msglint(&["check", "examples/clean-extension"], &repo());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn json_output_matches_the_report_schema() {
    let o = msglint(
        &["check", "examples/unsafe-extension", "--format", "json"],
        &repo(),
    );
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    let v = validator(&repo().join("schemas/report.schema.json"));
    let errors: Vec<String> = v
        .iter_errors(&report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let first = &report["diagnostics"][0];
    assert_eq!(first["rule"], "async-listener-implicit-undefined");
    assert_eq!(first["file"], "background.js");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(4), Some(38))
    );
    assert_eq!(report["extensions"][0]["manifest"], "manifest.json");
    assert_eq!(report["extensions"][0]["manifest_version"], 3);
}

#[test]
fn sarif_output_validates_against_sarif_2_1_0() {
    let schema = repo().join("../shared/data/sarif-schema-2.1.0.json");
    if !schema.exists() {
        eprintln!(
            "skipped: {} is absent (the shared data is not checked out beside the repo)",
            schema.display()
        );
        return;
    }
    let o = msglint(
        &["check", "examples/unsafe-extension", "--format", "sarif"],
        &repo(),
    );
    assert_eq!(o.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SARIF is JSON");
    let v = validator(&schema);
    let errors: Vec<String> = v
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules
        .iter()
        .any(|r| r["id"] == "deprecated-messaging-api" && r["helpUri"].is_string()));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "externally-connectable-too-broad"));
}

#[test]
fn compact_and_github_formats() {
    let o = msglint(
        &["check", "examples/unsafe-extension", "--format", "compact"],
        &repo(),
    );
    let out = stdout(&o);
    assert!(out.lines().any(|l| l
        == "manifest.json:14:17: error [externally-connectable-too-broad] `*://*/*` lets every site (any scheme) message this extension"), "{out}");
    let o = msglint(
        &["check", "examples/unsafe-extension", "--format", "github"],
        &repo(),
    );
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l
                .starts_with("::error file=examples/unsafe-extension/content.js,line=7,col=1,")),
        "{out}"
    );
}

#[test]
fn output_is_deterministic_whatever_the_thread_count() {
    let one = msglint(
        &["check", "examples", "--format", "json", "--threads", "1"],
        &repo(),
    );
    let two = msglint(
        &["check", "examples", "--format", "json", "--threads", "2"],
        &repo(),
    );
    assert_eq!(one.stdout, two.stdout);
    assert!(!one.stdout.is_empty());
}

#[test]
fn exit_codes_for_usage_and_io_errors() {
    let o = msglint(&["check", "no/such/dir"], &repo());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/dir"), "{}", stderr(&o));
    let o = msglint(
        &[
            "check",
            "--rule",
            "async-listener-implicit-undefinde=off",
            "examples",
        ],
        &repo(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `async-listener-implicit-undefined`"),
        "{}",
        stderr(&o)
    );
    let o = msglint(&["check", "--format", "xml", "examples"], &repo());
    assert_eq!(o.status.code(), Some(2));
    let o = msglint(&["explain", "no-such-rule"], &repo());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn rule_overrides_max_warnings_and_quiet() {
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["bg.js"]}}"#,
        ),
        ("bg.js", "chrome.extension.sendRequest({});\n"),
    ]);
    let p = dir.path();
    // A warning alone passes...
    let o = msglint(&["check", "."], p);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // ...unless warnings are capped,
    let o = msglint(&["check", ".", "--max-warnings", "0"], p);
    assert_eq!(o.status.code(), Some(1));
    // or the rule is raised to an error,
    let o = msglint(
        &[
            "check",
            ".",
            "--rule",
            "deprecated-messaging-api=error",
            "--format",
            "compact",
        ],
        p,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).trim(), "bg.js:1:1: error [deprecated-messaging-api] `extension.sendRequest` is deprecated and removed in Manifest V3");
    // and `off` removes it.
    let o = msglint(
        &[
            "check",
            ".",
            "--rule",
            "deprecated-messaging-api=off",
            "--format",
            "compact",
        ],
        p,
    );
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), ""));
    // --quiet prints errors only.
    let o = msglint(&["check", ".", "--quiet", "--format", "compact"], p);
    assert_eq!(stdout(&o), "");
}

#[test]
fn configuration_file_is_found_upwards_and_applied() {
    let dir = write_tree(&[
        (
            "msglint.toml",
            "ignore = [\"vendor/\"]\n\n[rules]\ndeprecated-messaging-api = \"error\"\n",
        ),
        (
            "ext/manifest.json",
            r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["bg.js"]}}"#,
        ),
        ("ext/bg.js", "chrome.extension.sendRequest({});\n"),
        ("ext/vendor/lib.js", "chrome.extension.sendRequest({});\n"),
    ]);
    let o = msglint(&["check", "ext", "--format", "compact"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "bg.js:1:1: error [deprecated-messaging-api] `extension.sendRequest` is deprecated and removed in Manifest V3");
}

#[test]
fn ignore_globs_apply_when_the_configuration_is_given_by_a_relative_path() {
    let dir = write_tree(&[
        ("msglint.toml", "ignore = [\"ext/vendor/\"]\n"),
        (
            "ext/manifest.json",
            r#"{"manifest_version": 2, "name": "t", "version": "1", "background": {"scripts": ["bg.js"]}}"#,
        ),
        ("ext/bg.js", "chrome.extension.sendRequest({});\n"),
        ("ext/vendor/lib.js", "chrome.extension.sendRequest({});\n"),
    ]);
    for config in ["msglint.toml", "./ext/../msglint.toml"] {
        let o = msglint(
            &["check", "ext", "--config", config, "--format", "compact"],
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(0), "{config}: {}", stderr(&o));
        assert_eq!(
            stdout(&o).trim(),
            "bg.js:1:1: warning [deprecated-messaging-api] `extension.sendRequest` is deprecated and removed in Manifest V3",
            "{config}"
        );
    }
}

#[test]
fn a_bad_configuration_is_an_error_pointing_at_the_line() {
    let dir = write_tree(&[
        (
            "msglint.toml",
            "[rules]\nasync-listener-implicit-undefined = \"loud\"\n",
        ),
        ("bg.js", "1;\n"),
    ]);
    let o = msglint(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("msglint.toml:2:"), "{err}");
    let dir = write_tree(&[
        ("msglint.toml", "[rules]\nno-such-rule = \"off\"\n"),
        ("bg.js", "1;\n"),
    ]);
    let o = msglint(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-rule"), "{}", stderr(&o));
}

#[test]
fn rules_lists_every_rule_and_explain_works_from_any_directory() {
    let elsewhere = tempfile::tempdir().expect("tmp");
    let o = msglint(&["rules"], elsewhere.path());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for m in msglint::rules::all_meta() {
        let line = out
            .lines()
            .find(|l| l.starts_with(m.id))
            .unwrap_or_else(|| panic!("{} missing:\n{out}", m.id));
        assert!(
            line.contains(m.default_severity.as_str()) && line.contains(m.summary),
            "{line}"
        );
    }
    let o = msglint(&["explain", "deprecated-messaging-api"], elsewhere.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        msglint::rules::meta("deprecated-messaging-api")
            .expect("rule")
            .docs
    );
}

#[test]
fn suppressions_with_reasons_unknown_ids_and_unused_ones() {
    let dir = write_tree(&[
        ("manifest.json", common::DEFAULT_MANIFEST),
        (
            "background.js",
            "// msglint-ignore deprecated-messaging-api: MV2 build only\nchrome.extension.sendRequest({});\n\
             // msglint-ignore deprecated-messaging-api\nchrome.extension.sendRequest({});\n\
             // msglint-ignore not-a-rule: because\nchrome.runtime.sendMessage({});\n\
             // msglint-ignore async-listener-implicit-undefined: nothing here\nvar x = 1;\n",
        ),
    ]);
    let o = msglint(&["check", ".", "--format", "compact"], dir.path());
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "background.js:3:1: warning [invalid-suppression] suppression of `deprecated-messaging-api` gives no reason",
            "background.js:4:1: error [deprecated-messaging-api] `extension.sendRequest` does not exist in Manifest V3: this code throws or never runs",
            "background.js:5:1: warning [invalid-suppression] suppression names unknown rule `not-a-rule`",
            "background.js:7:1: warning [unused-suppression] this suppression of `async-listener-implicit-undefined` suppresses nothing",
        ]
    );
}

/// Run msglint with its stdout read for 16 bytes and then closed, as `| head -c 16`
/// does; the rest of its output meets a broken pipe.
fn closed_early(args: &[&str], cwd: &Path) -> (Option<i32>, String) {
    let o = support::run_closing_stdout(
        Command::new(env!("CARGO_BIN_EXE_msglint"))
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1"),
        b"",
        16,
    );
    (o.status.code(), stderr(&o))
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // 1,500 findings: every format's report is far larger than a pipe's buffer, so
    // msglint is still writing when the reader goes away.
    let listeners: String = (0..1500)
        .map(|i| {
            format!(
                "chrome.runtime.onMessage.addListener(async (m) => {{ console.log(m, {i}); }});\n"
            )
        })
        .collect();
    let dir = write_tree(&[
        ("manifest.json", DEFAULT_MANIFEST),
        ("background.js", &listeners),
    ]);
    for format in ["json", "sarif", "compact", "github", "pretty"] {
        let (code, err) = closed_early(&["check", ".", "--format", format], dir.path());
        // Errors were found: the exit code says so whether or not the report was read
        // (a write failure would be 2, with a message).
        assert_eq!(code, Some(1), "--format {format}: {err}");
        assert_eq!(err, "", "--format {format}");
    }
}

#[test]
fn a_large_unit_reports_every_rule_group_on_any_thread_count() {
    // Over 256 KiB, a unit's taint rules and its other rules run as two tasks: both
    // groups' findings must be there, the same on one thread as on several.
    let js = format!(
        "chrome.runtime.onMessageExternal.addListener((msg) => {{ document.body.innerHTML = msg.html; }});\n\
         chrome.runtime.onMessage.addListener(async (m) => {{ console.log(m); }});\n\
         // {}\n",
        "x".repeat(300_000)
    );
    let dir = write_tree(&[("manifest.json", DEFAULT_MANIFEST), ("background.js", &js)]);
    let expected = "\
background.js:1:1: warning [externally-connectable-too-broad] `runtime.onMessageExternal` listener in an extension without `externally_connectable`: every other installed extension can message it
background.js:1:1: error [missing-sender-check] this `runtime.onMessageExternal` listener uses the message without checking who sent it (any other installed extension can)
background.js:1:83: error [unsafe-message-sink] data from an external message reaches `innerHTML` (HTML parsing)
background.js:2:38: error [async-listener-implicit-undefined] this async `runtime.onMessage` listener can finish without returning a value, so the sender receives `null`
";
    for threads in ["1", "2", "4"] {
        let o = msglint(
            &["check", ".", "--format", "compact", "--threads", threads],
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(stdout(&o), expected, "--threads {threads}");
    }
}

#[test]
fn pretty_output_labels_a_bounded_number_of_places_and_json_keeps_them_all() {
    // 30 listeners that all answer: the finding labels every one of them. The snippet
    // shows 16 places (the finding's own and 15 others) and says how many it left out.
    let listeners: String = (0..30)
        .map(|i| format!("chrome.runtime.onMessage.addListener((m, s, respond) => {{ respond({{ ok: {i} }}); }});\n"))
        .collect();
    let dir = write_tree(&[
        ("manifest.json", DEFAULT_MANIFEST),
        ("background.js", &listeners),
    ]);
    let o = msglint(&["check", "."], dir.path());
    let out = stdout(&o);
    assert_eq!(out.matches("competing-responders (").count(), 1, "{out}");
    assert_eq!(out.matches("listener registered here").count(), 15, "{out}");
    assert!(
        out.contains("15 more labelled places are not shown here (`--format json` lists all)"),
        "{out}"
    );

    let o = msglint(&["check", ".", "--format", "json"], dir.path());
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON report");
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "competing-responders");
    assert_eq!(d["labels"].as_array().map(Vec::len), Some(30));
}

/// Files that cannot be checked and have no diagnostic of their own are said in every
/// format: a broken link, a FIFO named like a script (never opened: reading it would
/// block), a link to a directory (not followed: it could loop), a script the manifest
/// names that is none of these. A link to a script is checked through the link. A FIFO
/// given as the path to check is an I/O error (exit 2). What the configuration ignores
/// is not said.
#[cfg(unix)]
#[test]
fn links_fifos_and_missing_scripts_are_said_in_every_format() {
    let dir = write_tree(&[
        (
            "manifest.json",
            r#"{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "missing.js"}}"#,
        ),
        (
            "real/handler.js",
            "chrome.runtime.onMessageExternal.addListener((m) => { eval(m.code); });\n",
        ),
    ]);
    let p = dir.path();
    std::os::unix::fs::symlink("real/handler.js", p.join("linked.js")).expect("link");
    std::os::unix::fs::symlink("nowhere.js", p.join("dangling.js")).expect("link");
    std::os::unix::fs::symlink("real", p.join("linked-dir")).expect("link");
    // What the configuration ignores is not said either.
    std::fs::create_dir(p.join("vendor")).expect("mkdir");
    std::os::unix::fs::symlink("gone.js", p.join("vendor/dangling.js")).expect("link");
    std::fs::write(p.join("msglint.toml"), "ignore = [\"vendor/\"]\n").expect("config");
    let made = Command::new("mkfifo").arg(p.join("pipe.js")).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let o = msglint(&["check", ".", "--format", "compact"], p);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.lines().any(|l| l
            == "linked.js:1:60: error [unsafe-message-sink] data from an external message reaches `eval` (code execution)"),
        "{out}"
    );
    assert_eq!(
        stderr(&o).lines().collect::<Vec<_>>(),
        [
            "msglint: dangling.js: a broken symbolic link (to \"nowhere.js\", which does not exist): not checked",
            "msglint: linked-dir: a symbolic link to a directory: not followed",
            "msglint: manifest.json: the manifest names script \"missing.js\", which was not found (or is not readable)",
            "msglint: pipe.js: not a regular file (a FIFO, socket or device): not read",
        ]
    );
    let o = msglint(&["check", ".", "--format", "github"], p);
    let out = stdout(&o);
    assert!(
        out.lines().any(|l| l
            == "::warning file=pipe.js,title=not checked::not a regular file (a FIFO, socket or device): not read"),
        "{out}"
    );
    let o = msglint(&["check", ".", "--format", "json"], p);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let problems: Vec<&str> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["file"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        problems,
        ["dangling.js", "linked-dir", "manifest.json", "pipe.js"]
    );
    let o = msglint(&["check", "pipe.js"], p);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pipe.js: not a regular file or directory"),
        "{}",
        stderr(&o)
    );
}

/// An extension under review is not trusted to grade itself: its `msglint-ignore`
/// comments silence findings, but JSON and SARIF still list them (SARIF as suppressed
/// results), pretty output counts them, and `--no-suppressions` / `--no-config` report
/// what the comments and the extension's own `msglint.toml` would hide.
#[test]
fn a_reviewer_sees_what_the_code_silences() {
    let dir = write_tree(&[
        ("manifest.json", DEFAULT_MANIFEST),
        (
            "msglint.toml",
            "ignore = [\"vendor/**\"]\n\n[rules]\ndeprecated-messaging-api = \"off\"\n",
        ),
        (
            "background.js",
            "chrome.extension.sendRequest({});\n\
             // msglint-ignore async-listener-implicit-undefined: the sender ignores the answer\n\
             chrome.runtime.onMessage.addListener(async (m) => { console.log(m); });\n",
        ),
        (
            "vendor/lib.js",
            "chrome.runtime.onMessage.addListener(async (m) => { console.log(m); });\n",
        ),
        // Gitignored, and loaded by nothing msglint follows.
        (".gitignore", "legacy/\n"),
        (
            "legacy/old.js",
            "chrome.runtime.onMessage.addListener(async (m) => { console.log(m); });\n",
        ),
    ]);
    let async_msg = "this async `runtime.onMessage` listener can finish without returning a value, so the sender receives `null`";

    // As the extension's author set it up: nothing to report.
    let o = msglint(&["check", ".", "--format", "compact"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let o = msglint(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).ends_with(
            "0 errors, 0 warnings in 2 files (1 suppressed by msglint-ignore comments; --no-suppressions shows them)\n"
        ),
        "{}",
        stdout(&o)
    );

    // JSON lists the silenced finding and the comment that silenced it, not counted.
    let o = msglint(&["check", ".", "--format", "json"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let schema = validator(&repo().join("schemas/report.schema.json"));
    assert!(schema.is_valid(&json), "{json:#}");
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    assert_eq!(json["summary"]["errors"], 0);
    let s = &json["suppressed"].as_array().expect("suppressed listed")[..];
    assert_eq!(s.len(), 1, "{json:#}");
    assert_eq!(
        (
            &s[0]["rule"],
            &s[0]["line"],
            &s[0]["column"],
            &s[0]["message"]
        ),
        (
            &"async-listener-implicit-undefined".into(),
            &3.into(),
            &38.into(),
            &async_msg.into()
        )
    );
    assert_eq!(
        s[0]["suppression"],
        serde_json::json!({
            "file": "background.js", "line": 2, "column": 1, "end_line": 2, "end_column": 83,
            "reason": "the sender ignores the answer"
        })
    );
    // A field the schema does not know is still rejected inside a suppressed finding.
    let mut drifted = json.clone();
    drifted["suppressed"][0]["suppression"]["why"] = "x".into();
    assert!(!schema.is_valid(&drifted));

    // SARIF: a result with an in-source suppression.
    let o = msglint(&["check", ".", "--format", "sarif"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SARIF");
    let sarif_schema = repo().join("../shared/data/sarif-schema-2.1.0.json");
    if sarif_schema.exists() {
        assert!(validator(&sarif_schema).is_valid(&sarif), "{sarif:#}");
    } else {
        eprintln!(
            "skipping SARIF schema validation: {} is absent",
            sarif_schema.display()
        );
    }
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "async-listener-implicit-undefined");
    let suppression = &results[0]["suppressions"][0];
    assert_eq!(suppression["kind"], "inSource");
    assert_eq!(
        suppression["justification"],
        "the sender ignores the answer"
    );
    assert_eq!(
        suppression["location"]["physicalLocation"]["region"]["startLine"],
        2
    );

    // A reviewer: the comment silences nothing, and is not itself reported.
    let o = msglint(
        &["check", ".", "--format", "compact", "--no-suppressions"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!("background.js:3:38: error [async-listener-implicit-undefined] {async_msg}\n")
    );
    let o = msglint(
        &["check", ".", "--format", "json", "--no-suppressions"],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert!(json.get("suppressed").is_none(), "{json:#}");

    // And without the extension's own config: its ignored file and its rule turned off.
    let o = msglint(
        &[
            "check",
            ".",
            "--format",
            "compact",
            "--no-suppressions",
            "--no-config",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "background.js:1:1: error [deprecated-messaging-api] `extension.sendRequest` does not exist in Manifest V3: this code throws or never runs\n\
             background.js:3:38: error [async-listener-implicit-undefined] {async_msg}\n\
             vendor/lib.js:1:38: error [async-listener-implicit-undefined] {async_msg}\n"
        )
    );

    // And what its .gitignore leaves out.
    let o = msglint(
        &[
            "check",
            ".",
            "--format",
            "compact",
            "--no-suppressions",
            "--no-config",
            "--no-ignore",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "legacy/old.js:1:38: error [async-listener-implicit-undefined] {async_msg}\n"
        )),
        "{out}"
    );
    assert_eq!(out.lines().count(), 4, "{out}");

    // A config named on the command line cannot be combined with --no-config.
    let o = msglint(
        &["check", ".", "--no-config", "--config", "msglint.toml"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
}
