//! `--format sarif`: SARIF 2.1.0 (one run), for GitHub code scanning and other
//! SARIF viewers. Validates against the OASIS schema (see tests/report_formats.rs).
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io;

use serde::Serialize;
use serde_json::{json, Value};

use super::{resolve, Report, Span};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::rules::{self, RuleMeta};
use crate::source::Sources;

const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Every artifact URI is relative to this base, which `originalUriBaseIds` resolves.
const SRCROOT: &str = "%SRCROOT%";
const INFORMATION_URI: &str = "https://msglint.dev/";

pub(super) fn render(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    let doc = document(report);
    // `io::Error::from` keeps an I/O failure's kind (a closed pipe stays `BrokenPipe`).
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}

fn document(report: &Report) -> Document<'_> {
    document_with(report, rules::all_meta())
}

/// The SARIF log. The results, tens of thousands in a big report, are typed structs
/// serialized as they are written: building each as a `serde_json::Value` (a hashed map
/// per object) cost more than the rest of the report. The rest is small and stays `Value`.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    invocations: Value,
    original_uri_base_ids: Value,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<String>,
    locations: [SarifLocation<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_flows: Option<[CodeFlow<'a>; 1]>,
    /// A finding a `msglint-ignore` comment silenced: SARIF viewers (GitHub code scanning
    /// among them) show it as suppressed rather than open.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[SarifSuppression<'a>; 1]>,
}

#[derive(Serialize)]
struct SarifSuppression<'a> {
    kind: &'static str,
    justification: &'a str,
    location: SarifLocation<'a>,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

/// A SARIF `location`; related locations get an id, labelled ones a message.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<&'a str>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation<'a> {
    uri: Cow<'a, str>,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeFlow<'a> {
    thread_flows: [ThreadFlow<'a>; 1],
}

#[derive(Serialize)]
struct ThreadFlow<'a> {
    locations: Vec<FlowStep<'a>>,
}

#[derive(Serialize)]
struct FlowStep<'a> {
    location: SarifLocation<'a>,
}

/// The document with `registry` as the rule registry (tests pass their own).
fn document_with<'r>(report: &'r Report, registry: &[&RuleMeta]) -> Document<'r> {
    let (rules, index) = driver_rules(report, registry);
    let result = |d: &'r Diagnostic| {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let primary = location(
            &report.sources,
            d.location,
            None,
            d.primary_label.as_deref(),
        );
        SarifResult {
            rule_id: d.rule,
            rule_index: index.get(d.rule).copied().unwrap_or(0),
            level: level(d.severity),
            message: Text { text: message },
            locations: [primary],
            related_locations: d
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| location(&report.sources, l.location, Some(i), Some(&l.message)))
                .collect(),
            code_flows: (!d.flow.is_empty()).then(|| code_flow(&report.sources, &d.flow)),
            suppressions: None,
        }
    };
    let mut results: Vec<SarifResult<'_>> = report.diagnostics.iter().map(result).collect();
    results.extend(report.suppressed.iter().map(|s| SarifResult {
        suppressions: Some([SarifSuppression {
            kind: "inSource",
            justification: &s.reason,
            location: location(&report.sources, s.by, None, None),
        }]),
        ..result(&s.diagnostic)
    }));
    let notifications: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            json!({
                "level": "error",
                "message": { "text": p.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(&p.file), "uriBaseId": SRCROOT }
                    }
                }],
            })
        })
        .collect();
    Document {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: json!({
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            }),
            // Files that could not be read or parsed mean part of the extension went
            // unchecked: the run is reported as not fully successful.
            invocations: json!([{
                "executionSuccessful": report.problems.is_empty(),
                "toolExecutionNotifications": notifications,
            }]),
            original_uri_base_ids: json!({ SRCROOT: root_base(&report.root) }),
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

/// `tool.driver.rules`: the registry (sorted by id), then ids that appear in results
/// but are not rules of the registry (`parse-error`, suppression problems), sorted, so
/// that every `ruleIndex` points somewhere.
fn driver_rules<'a>(
    report: &'a Report,
    registry: &[&'a RuleMeta],
) -> (Vec<Value>, BTreeMap<&'a str, usize>) {
    let mut index = BTreeMap::new();
    let mut rules_out = Vec::new();
    for meta in registry {
        index.insert(meta.id, rules_out.len());
        rules_out.push(rule_descriptor(meta));
    }
    let mut extra: Vec<&str> = report
        .diagnostics
        .iter()
        .chain(report.suppressed.iter().map(|s| &s.diagnostic))
        .map(|d| d.rule)
        .filter(|id| !index.contains_key(id))
        .collect();
    extra.sort_unstable();
    extra.dedup();
    for id in extra {
        index.insert(id, rules_out.len());
        rules_out.push(json!({ "id": id, "name": id }));
    }
    (rules_out, index)
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let uri = meta.help_uri();
    let mut rule = json!({
        "id": meta.id,
        "name": meta.id,
        "shortDescription": { "text": meta.summary },
    });
    if let Some(full) = first_paragraph(meta.docs) {
        rule["fullDescription"] = json!({ "text": full });
    }
    rule["helpUri"] = json!(uri);
    rule["help"] = json!({
        "text": format!("{}\n\nSee {uri}", meta.summary),
        "markdown": meta.docs,
    });
    rule["defaultConfiguration"] = json!({ "level": level(meta.default_severity) });
    rule
}

/// The first prose paragraph of a rule page (after its `#` title).
fn first_paragraph(md: &str) -> Option<String> {
    md.split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("```"))
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(at: &Span<'_>) -> Region {
    Region {
        start_line: at.line,
        start_column: at.column,
        end_line: at.end_line,
        end_column: at.end_column,
    }
}

fn location<'a>(
    sources: &'a Sources,
    loc: crate::diagnostic::Location,
    id: Option<usize>,
    message: Option<&'a str>,
) -> SarifLocation<'a> {
    let at = resolve(sources, loc);
    SarifLocation {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri_path(at.file),
                uri_base_id: SRCROOT,
            },
            region: region(&at),
        },
        message: message.map(|text| Text { text }),
    }
}

fn code_flow<'a>(sources: &'a Sources, flow: &'a [Label]) -> [CodeFlow<'a>; 1] {
    let locations = flow
        .iter()
        .map(|step| FlowStep {
            location: location(sources, step.location, None, Some(&step.message)),
        })
        .collect();
    [CodeFlow {
        thread_flows: [ThreadFlow { locations }],
    }]
}

/// `%SRCROOT%`: a `file:` URI when the root is absolute; a relative root cannot be an
/// absolute URI without touching the file system, so it is only described.
fn root_base(root: &str) -> Value {
    if root.starts_with('/') {
        let mut uri = format!("file://{}", uri_path(root));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        json!({ "uri": uri })
    } else if root.is_empty() {
        json!({ "description": { "text": "The checked root: the directory msglint ran in" } })
    } else {
        json!({ "description": { "text": format!("The checked root: {root}") } })
    }
}

/// Percent-encode a `/`-separated path so it is a valid URI reference (spaces, `#`,
/// `%` and non-ASCII bytes are legal in file names, not in URIs).
fn uri_path(path: &str) -> Cow<'_, str> {
    crate::uri::percent_encode(path, crate::uri::RELATIVE_PATH_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Location};
    use crate::source::Source;

    static RULE: RuleMeta = RuleMeta {
        id: "async-listener-implicit-undefined",
        default_severity: Severity::Warning,
        summary: "An async onMessage listener",
        docs: "# async-listener-implicit-undefined\n\nFlags async listeners.\n\n## Bad\n\n```js\nx\n```\n",
    };

    #[test]
    fn registry_rules_are_described_and_indexed() {
        let mut report = Report::default();
        let id = report
            .sources
            .add(Source::new("a.js".into(), "a.js".into(), "x;\n".into()));
        report.diagnostics = vec![
            Diagnostic::new(
                "parse-error",
                Severity::Error,
                Location::new(id, 0, 1),
                "bad",
            ),
            Diagnostic::new(RULE.id, Severity::Warning, Location::new(id, 0, 1), "async"),
        ];
        let doc = serde_json::to_value(document_with(&report, &[&RULE])).unwrap_or(Value::Null);
        let run = &doc["runs"][0];
        let rules = &run["tool"]["driver"]["rules"];
        assert_eq!(
            rules[0],
            json!({
                "id": RULE.id,
                "name": RULE.id,
                "shortDescription": { "text": "An async onMessage listener" },
                "fullDescription": { "text": "Flags async listeners." },
                "helpUri": "https://msglint.dev/rules/async-listener-implicit-undefined",
                "help": {
                    "text": "An async onMessage listener\n\nSee https://msglint.dev/rules/async-listener-implicit-undefined",
                    "markdown": RULE.docs,
                },
                "defaultConfiguration": { "level": "warning" },
            })
        );
        assert_eq!(
            rules[1],
            json!({ "id": "parse-error", "name": "parse-error" })
        );
        assert_eq!(run["results"][0]["ruleIndex"], 1);
        assert_eq!(run["results"][1]["ruleIndex"], 0);
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);

        let schema_path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/sarif-schema-2.1.0.json"
        );
        let Ok(text) = std::fs::read_to_string(schema_path) else {
            eprintln!("skipping SARIF schema validation: {schema_path} is absent");
            return;
        };
        let schema: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let validator = jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("SARIF schema does not compile: {e}"));
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn encodes_paths_as_uris() {
        assert_eq!(uri_path("src/a b#%é.js"), "src/a%20b%23%25%C3%A9.js");
        assert_eq!(root_base("/x y")["uri"], "file:///x%20y/");
    }

    #[test]
    fn full_description_skips_the_title() {
        let md = "# rule-id\n\nFlags a\nthing.\n\n## Why\n\nBecause.";
        assert_eq!(first_paragraph(md).as_deref(), Some("Flags a thing."));
    }
}
