//! Every output format on one hand-built report: exact positions (with multi-byte text
//! before a span), labels in two files, a flow, a file problem, all three severities.
use std::path::Path;

use msglint::diagnostic::{Diagnostic, FileProblem, Label, Location, Severity};
use msglint::report::{render, ExtensionInfo, Format, RenderOptions, Report};
use msglint::source::{Source, SourceId};
use serde_json::Value;

const BACKGROUND: &str = "// h\u{e9}llo w\u{f6}rld\nconst s = \"\u{65e5}\u{672c}\"; chrome.runtime.onMessage.addListener(async (m) => {\n  return 1;\n});\n";
const CONTENT: &str = "chrome.runtime.sendMessage({ kind: \"ping\" }, (r) => use(r));\n";
const POPUP: &str = "chrome.extension.sendRequest(\"x\");\n";
const BAD: &str = "let = ;\n";

/// Byte range of the `nth` occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{needle:?} not in fixture"));
    (start, start + needle.len())
}

fn loc(id: SourceId, text: &str, needle: &str) -> Location {
    let (s, e) = at(text, needle, 0);
    Location::new(id, s, e)
}

fn sample() -> Report {
    let mut report = Report {
        root: "ext".into(),
        files_checked: 4,
        ..Report::default()
    };
    let mut add = |rel: &str, text: &str| {
        report
            .sources
            .add(Source::new(rel.into(), rel.into(), text.into()))
    };
    let bg = add("src/background.js", BACKGROUND);
    let content = add("src/content.js", CONTENT);
    let popup = add("pages/pop up,1.js", POPUP);
    let bad = add("bad.js", BAD);

    let listener = loc(bg, BACKGROUND, "async (m) => {\n  return 1;\n}");
    let async_listener = Diagnostic::new(
        "async-listener-implicit-undefined",
        Severity::Error,
        listener,
        "This async listener returns a Promise, which onMessage ignores",
    )
    .with_primary_label("returns a Promise")
    .with_help("Return true and call sendResponse")
    .with_label(loc(bg, BACKGROUND, "addListener"), "registered here")
    .with_label(
        loc(content, CONTENT, "chrome.runtime.sendMessage"),
        "the sender waits for a response here",
    );

    let (m_start, m_end) = at(BACKGROUND, "m", 2);
    let flow = vec![
        Label {
            location: loc(content, CONTENT, "{ kind: \"ping\" }"),
            message: "sent here".into(),
        },
        Label {
            location: Location::new(bg, m_start, m_end),
            message: "arrives here".into(),
        },
        Label {
            location: loc(bg, BACKGROUND, "return 1"),
            message: "used here".into(),
        },
    ];
    let flowing = Diagnostic::new(
        "message-reaches-sink",
        Severity::Warning,
        Location::new(bg, m_start, m_end),
        "Message data reaches a sink",
    )
    .with_flow(flow);

    let deprecated = Diagnostic::new(
        "deprecated-messaging-api",
        Severity::Info,
        loc(popup, POPUP, "chrome.extension.sendRequest"),
        "chrome.extension.sendRequest is deprecated: use 100% runtime.sendMessage, always\nsee docs",
    );
    let parse = Diagnostic::new(
        "parse-error",
        Severity::Error,
        Location::new(bad, 4, 5),
        "Expected an identifier",
    );
    report.diagnostics = vec![async_listener, flowing, deprecated, parse];
    report.problems = vec![FileProblem {
        file: "bad.js".into(),
        message: "Expected an identifier".into(),
        diagnosed: true,
    }];
    report.extensions = vec![ExtensionInfo {
        manifest: "manifest.json".into(),
        name: Some("Sample".into()),
        manifest_version: Some(3),
    }];
    report
}

fn rendered(report: &Report, format: Format, opts: &RenderOptions) -> String {
    let mut out = Vec::new();
    if let Err(e) = render(report, format, opts, &mut out) {
        panic!("rendering {format:?} failed: {e}");
    }
    String::from_utf8(out).unwrap_or_else(|e| panic!("{format:?} output is not UTF-8: {e}"))
}

fn rendered_json(report: &Report, format: Format) -> Value {
    let text = rendered(report, format, &RenderOptions::default());
    assert!(
        text.ends_with("}\n"),
        "{format:?} output ends with a newline"
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{format:?} is not JSON: {e}"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn assert_valid(schema: &Value, instance: &Value) {
    let validator = jsonschema::validator_for(schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}

#[test]
fn compact_is_one_exact_line_per_finding() {
    let out = rendered(&sample(), Format::Compact, &RenderOptions::default());
    assert_eq!(
        out,
        "src/background.js:2:54: error [async-listener-implicit-undefined] This async listener returns a Promise, which onMessage ignores\n\
         src/background.js:2:61: warning [message-reaches-sink] Message data reaches a sink\n\
         pages/pop up,1.js:1:1: info [deprecated-messaging-api] chrome.extension.sendRequest is deprecated: use 100% runtime.sendMessage, always see docs\n\
         bad.js:1:5: error [parse-error] Expected an identifier\n"
    );
}

#[test]
fn quiet_keeps_only_errors() {
    let opts = RenderOptions {
        quiet: true,
        ..RenderOptions::default()
    };
    let out = rendered(&sample(), Format::Compact, &opts);
    assert_eq!(
        out,
        "src/background.js:2:54: error [async-listener-implicit-undefined] This async listener returns a Promise, which onMessage ignores\n\
         bad.js:1:5: error [parse-error] Expected an identifier\n"
    );
    let pretty = rendered(&sample(), Format::Pretty, &opts);
    assert!(!pretty.contains("deprecated-messaging-api"), "{pretty}");
    assert!(
        pretty.ends_with("2 errors, 1 warning, 1 info in 4 files\n"),
        "{pretty}"
    );
}

#[test]
fn github_annotations_are_exact_and_escaped() {
    let out = rendered(&sample(), Format::Github, &RenderOptions::default());
    assert_eq!(
        out,
        "::error file=ext/src/background.js,line=2,col=54,endLine=4,endColumn=2,title=async-listener-implicit-undefined::This async listener returns a Promise, which onMessage ignores%0Ahelp: Return true and call sendResponse\n\
         ::warning file=ext/src/background.js,line=2,col=61,endLine=2,endColumn=62,title=message-reaches-sink::Message data reaches a sink\n\
         ::notice file=ext/pages/pop up%2C1.js,line=1,col=1,endLine=1,endColumn=29,title=deprecated-messaging-api::chrome.extension.sendRequest is deprecated: use 100%25 runtime.sendMessage, always%0Asee docs\n\
         ::error file=ext/bad.js,line=1,col=5,endLine=1,endColumn=6,title=parse-error::Expected an identifier\n"
    );
}

#[test]
fn json_matches_its_schema_with_exact_positions() {
    let json = rendered_json(&sample(), Format::Json);
    let schema =
        read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/report.schema.json"));
    assert_valid(&schema, &json);

    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "msglint");
    assert_eq!(json["root"], "ext");
    assert_eq!(json["files_checked"], 4);
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 2, "warnings": 1, "infos": 1})
    );
    assert_eq!(
        json["problems"],
        serde_json::json!([{"file": "bad.js", "message": "Expected an identifier"}])
    );
    let first = &json["diagnostics"][0];
    assert_eq!(
        *first,
        serde_json::json!({
            "rule": "async-listener-implicit-undefined",
            "severity": "error",
            "message": "This async listener returns a Promise, which onMessage ignores",
            "file": "src/background.js",
            "line": 2, "column": 54, "end_line": 4, "end_column": 2,
            "label": "returns a Promise",
            "help": "Return true and call sendResponse",
            "help_uri": "https://msglint.dev/rules/async-listener-implicit-undefined",
            "labels": [
                {"file": "src/background.js", "line": 2, "column": 42, "end_line": 2, "end_column": 53, "message": "registered here"},
                {"file": "src/content.js", "line": 1, "column": 1, "end_line": 1, "end_column": 27, "message": "the sender waits for a response here"}
            ],
            "flow": []
        })
    );
    let flow = &json["diagnostics"][1]["flow"];
    assert_eq!(
        *flow,
        serde_json::json!([
            {"file": "src/content.js", "line": 1, "column": 28, "end_line": 1, "end_column": 44, "message": "sent here"},
            {"file": "src/background.js", "line": 2, "column": 61, "end_line": 2, "end_column": 62, "message": "arrives here"},
            {"file": "src/background.js", "line": 3, "column": 3, "end_line": 3, "end_column": 11, "message": "used here"}
        ])
    );
    assert_eq!(json["diagnostics"][3]["help"], Value::Null);
}

#[test]
fn json_schema_rejects_drift() {
    let schema =
        read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/report.schema.json"));
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"));
    let mut json = rendered_json(&sample(), Format::Json);
    assert!(validator.is_valid(&json));
    json["diagnostics"][0]["colum"] = 3.into();
    assert!(
        !validator.is_valid(&json),
        "unknown diagnostic key accepted"
    );
    let mut json = rendered_json(&sample(), Format::Json);
    json["diagnostics"][0]["labels"][0]["line"] = 0.into();
    assert!(!validator.is_valid(&json), "line 0 accepted");
    let mut json = rendered_json(&sample(), Format::Json);
    json["diagnostics"][0]["severity"] = "fatal".into();
    assert!(!validator.is_valid(&json), "unknown severity accepted");
}

#[test]
fn json_output_is_deterministic() {
    let a = rendered(&sample(), Format::Json, &RenderOptions::default());
    let b = rendered(&sample(), Format::Json, &RenderOptions::default());
    assert_eq!(a, b);
    // Key order is part of the format: `rule` first, `flow` last.
    let first = a.find("\"rule\"").unwrap_or(usize::MAX);
    let flow = a.find("\"flow\"").unwrap_or(0);
    assert!(first < flow);
}

#[test]
fn sarif_validates_and_carries_locations_labels_and_flows() {
    let schema_path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/sarif-schema-2.1.0.json"
    ));
    let sarif = rendered_json(&sample(), Format::Sarif);
    if schema_path.exists() {
        let schema = read_json(schema_path);
        assert_valid(&schema, &sarif);
        // The validator does reject drift, e.g. a level SARIF does not know.
        let mut bad = sarif.clone();
        bad["runs"][0]["results"][0]["level"] = "fatal".into();
        let validator = jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("schema does not compile: {e}"));
        assert!(
            !validator.is_valid(&bad),
            "SARIF schema accepted level `fatal`"
        );
    } else {
        eprintln!(
            "skipping SARIF schema validation: {} is absent",
            schema_path.display()
        );
    }

    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["tool"]["driver"]["name"], "msglint");
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap_or_else(|| panic!("rules is not an array"));
    let results = run["results"]
        .as_array()
        .unwrap_or_else(|| panic!("results is not an array"));
    assert_eq!(results.len(), 4);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at its rule"
        );
    }
    let first = &results[0];
    assert_eq!(first["level"], "error");
    assert_eq!(
        first["message"]["text"],
        "This async listener returns a Promise, which onMessage ignores\nhelp: Return true and call sendResponse"
    );
    let physical = &first["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "src/background.js");
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(
        physical["region"],
        serde_json::json!({"startLine": 2, "startColumn": 54, "endLine": 4, "endColumn": 2})
    );
    let related = &first["relatedLocations"];
    assert_eq!(related[1]["id"], 1);
    assert_eq!(
        related[1]["physicalLocation"]["artifactLocation"]["uri"],
        "src/content.js"
    );
    assert_eq!(
        related[1]["message"]["text"],
        "the sender waits for a response here"
    );
    let steps = &results[1]["codeFlows"][0]["threadFlows"][0]["locations"];
    assert_eq!(steps.as_array().map(Vec::len), Some(3));
    assert_eq!(steps[2]["location"]["message"]["text"], "used here");
    assert_eq!(
        steps[2]["location"]["physicalLocation"]["region"]["startLine"],
        3
    );
    assert_eq!(results[2]["level"], "note");
    assert_eq!(
        results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "pages/pop%20up,1.js"
    );
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "Expected an identifier"
    );
}

#[test]
fn pretty_shows_every_label_and_the_summary() {
    let out = rendered(&sample(), Format::Pretty, &RenderOptions::default());
    assert!(!out.contains('\u{1b}'), "no colour unless asked:\n{out}");
    for needle in [
        "[src/background.js:2:54]",
        "returns a Promise",
        "registered here",
        "[src/content.js:1:1]",
        "the sender waits for a response here",
        "flow 1/3: sent here",
        "flow 2/3: arrives here",
        "Return true and call sendResponse",
        "Files that could not be checked:\n  bad.js: Expected an identifier\n",
    ] {
        assert!(out.contains(needle), "{needle:?} missing from:\n{out}");
    }
    assert!(
        out.ends_with("\n2 errors, 1 warning, 1 info in 4 files\n"),
        "{out}"
    );
    let coloured = rendered(
        &sample(),
        Format::Pretty,
        &RenderOptions {
            color: true,
            ..RenderOptions::default()
        },
    );
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn pretty_snapshot_of_a_multi_file_diagnostic() {
    let mut report = sample();
    report.diagnostics.truncate(1);
    report.problems.clear();
    insta::assert_snapshot!(rendered(&report, Format::Pretty, &RenderOptions::default()));
}

#[test]
fn pretty_snippet_of_a_huge_one_line_file_is_bounded() {
    let unit = "var a=1;";
    let mut text = unit.repeat(20 * 1024 * 1024 / unit.len());
    let middle = text.len() / 2;
    text.replace_range(middle..middle + unit.len(), "TARGET()");
    let end = text.len() - unit.len();
    let mut report = Report {
        root: ".".into(),
        files_checked: 1,
        ..Report::default()
    };
    let big = report
        .sources
        .add(Source::new("big.js".into(), "big.js".into(), text.into()));
    report.diagnostics = vec![Diagnostic::new(
        "deprecated-messaging-api",
        Severity::Warning,
        Location::new(big, middle, middle + 6),
        "in the middle",
    )
    .with_label(Location::new(big, end, end + 3), "at the end")];
    let out = rendered(&report, Format::Pretty, &RenderOptions::default());
    assert!(out.len() < 4096, "{} bytes of output", out.len());
    assert!(out.contains("TARGET()"), "{out}");
    assert!(out.contains("at the end"), "{out}");
    assert!(out.contains(&format!("[big.js:1:{}]", middle + 1)), "{out}");
}
