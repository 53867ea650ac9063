//! Validating messages against a contract: kinds, violations with exact paths, limits.
use std::path::Path;
use std::time::{Duration, Instant};

use msglint::contract::{
    Contract, ContractOptions, Direction, Limits, RegexEngine, ViolationCode as C, Violations,
};
use serde_json::{json, Value};

fn example() -> Contract {
    Contract::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contract/contract.json"))
        .unwrap()
}

fn inline(text: &str) -> Contract {
    Contract::from_text(text, "contract.json", None, &ContractOptions::default()).unwrap()
}

/// (code, instance path, schema path, message) of every violation.
fn details(v: &Violations) -> Vec<(C, &str, &str, &str)> {
    v.violations
        .iter()
        .map(|x| {
            (
                x.code,
                x.instance_path.as_str(),
                x.schema_path.as_str(),
                x.message.as_str(),
            )
        })
        .collect()
}

#[test]
fn a_valid_message_gives_its_kind() {
    let c = example();
    assert_eq!(
        c.validate_request(&json!({"type": "get-status"})),
        Ok("get-status")
    );
    assert_eq!(
        c.validate_request(
            &json!({"type": "save-note", "title": "t", "body": "", "tags": ["a-1"]})
        ),
        Ok("save-note")
    );
}

#[test]
fn wrong_type_missing_field_and_additional_property_are_all_reported() {
    let c = example();
    let v = c
        .validate_request(&json!({"type": "save-note", "title": 5, "extra": true}))
        .unwrap_err();
    assert_eq!(v.kind.as_deref(), Some("save-note"));
    let mut got = details(&v);
    got.sort();
    assert_eq!(
        got,
        [
            (
                C::Schema,
                "",
                "/messages/save-note/request/additionalProperties",
                "Additional properties are not allowed ('extra' was unexpected)"
            ),
            (
                C::Schema,
                "",
                "/messages/save-note/request/required",
                "\"body\" is a required property"
            ),
            (
                C::Schema,
                "/title",
                "/messages/save-note/request/properties/title/type",
                "5 is not of type \"string\""
            ),
        ]
    );
}

#[test]
fn a_ref_into_defs_reports_the_defs_location() {
    let c = example();
    assert_eq!(
        c.validate_response("get-status", &json!({"ok": true})),
        Ok("get-status")
    );
    let v = c
        .validate_response("get-status", &json!({"ok": "yes"}))
        .unwrap_err();
    assert_eq!(
        details(&v),
        [(
            C::Schema,
            "/ok",
            "/$defs/status/properties/ok/type",
            "\"yes\" is not of type \"boolean\""
        )]
    );
    let v = c
        .validate_response("save-note", &json!({"id": 0}))
        .unwrap_err();
    assert_eq!(
        details(&v),
        [(
            C::Schema,
            "/id",
            "note.schema.json#/properties/id/minimum",
            "0 is less than the minimum of 1"
        )]
    );
}

#[test]
fn unknown_kind_and_missing_discriminator_are_their_own_violations() {
    let c = example();
    let v = c
        .validate_request(&json!({"type": "get-statsu"}))
        .unwrap_err();
    assert_eq!(
        details(&v),
        [(
            C::UnknownKind,
            "/type",
            "",
            "unknown message kind `get-statsu` (the contract defines: get-status, save-note)"
        )]
    );
    assert_eq!(v.kind, None);

    let v = c
        .validate_request(&json!({"kind": "get-status"}))
        .unwrap_err();
    assert_eq!(
        details(&v),
        [(
            C::MissingDiscriminator,
            "",
            "",
            "the message has no `type` property, so its kind is unknown"
        )]
    );
    let v = c.validate_request(&json!({"type": 3})).unwrap_err();
    assert_eq!(details(&v)[0].0, C::MissingDiscriminator);
    assert_eq!(details(&v)[0].1, "/type");
    let v = c.validate_request(&json!("get-status")).unwrap_err();
    assert_eq!(
        details(&v)[0].3,
        "the message must be an object with a `type` property, found a string"
    );
    let v = c.validate_response("nope", &json!({})).unwrap_err();
    assert_eq!(details(&v)[0].0, C::UnknownKind);
}

#[test]
fn native_messages_use_the_hosts_discriminator_and_direction() {
    let c = example();
    let host = "com.example.signer";
    assert_eq!(
        c.validate_native(
            host,
            Direction::ToHost,
            &json!({"cmd": "sign", "data": "x"})
        ),
        Ok("sign")
    );
    assert_eq!(
        c.validate_native(
            host,
            Direction::ToBrowser,
            &json!({"cmd": "signed", "sig": "s"})
        ),
        Ok("signed")
    );
    // a to-browser kind is unknown towards the host
    let v = c
        .validate_native(
            host,
            Direction::ToHost,
            &json!({"cmd": "signed", "sig": "s"}),
        )
        .unwrap_err();
    assert_eq!(details(&v)[0].0, C::UnknownKind);
    assert_eq!(
        details(&v)[0].3,
        "unknown message to the host kind `signed` (the contract defines: ping, sign)"
    );
    let v = c
        .validate_native(host, Direction::ToHost, &json!({"cmd": "sign"}))
        .unwrap_err();
    assert_eq!(
        details(&v),
        [(
            C::Schema,
            "",
            "/native/com.example.signer/to_host/sign/required",
            "\"data\" is a required property"
        )]
    );
    let v = c
        .validate_native("com.other", Direction::ToHost, &json!({"cmd": "sign"}))
        .unwrap_err();
    assert_eq!(details(&v)[0].0, C::UnknownHost);
}

fn nested(depth: usize) -> Value {
    let mut v = json!(1);
    for _ in 0..depth {
        v = json!([v]);
    }
    json!({"type": "any", "data": v})
}

#[test]
fn too_deep_is_reported_where_the_limit_is_crossed() {
    let text = r#"{"limits": {"max_depth": 4}, "messages": {"any": {"request": {}}}}"#;
    let c = inline(text);
    assert_eq!(c.validate_request(&nested(3)), Ok("any")); // object + 3 arrays = 4 levels
    let v = c.validate_request(&nested(4)).unwrap_err();
    assert_eq!(
        details(&v),
        [(
            C::TooDeep,
            "/data/0/0/0",
            "",
            "message nests deeper than the limit of 4 levels"
        )]
    );
    // the default limit (64) holds too
    let c = inline(r#"{"messages": {"any": {"request": {}}}}"#);
    assert_eq!(c.validate_request(&nested(63)), Ok("any"));
    assert_eq!(
        details(&c.validate_request(&nested(64)).unwrap_err())[0].0,
        C::TooDeep
    );
}

#[test]
fn too_large_is_reported_before_the_schema_runs() {
    let text = r#"{"limits": {"max_message_bytes": 1000}, "messages": {"any": {"request": {"properties": {"s": {"type": "integer"}}}}}}"#;
    let c = inline(text);
    assert_eq!(
        c.validate_request(&json!({"type": "any", "s": 1})),
        Ok("any")
    );
    let v = c
        .validate_request(&json!({"type": "any", "s": "x".repeat(2000)}))
        .unwrap_err();
    assert_eq!(
        v.violations.len(),
        1,
        "only the size violation, not the type one"
    );
    assert_eq!(v.violations[0].code, C::TooLarge);
    assert!(v.violations[0]
        .message
        .starts_with("message is larger than the limit of 1000 bytes"));
    // exactly at the limit passes, one byte over fails (`{"type":"any","s":"…"}` is 21
    // bytes around the string)
    let at = |n: usize| json!({"type": "any", "s": "x".repeat(n)});
    assert_eq!(
        c.validate_request(&at(979)).unwrap_err().violations[0].code,
        C::Schema
    );
    assert_eq!(
        c.validate_request(&at(980)).unwrap_err().violations[0].code,
        C::TooLarge
    );
    assert_eq!(
        c.validate_request(&at(980)).unwrap_err().kind.as_deref(),
        Some("any")
    );
    // the default is Chrome's 64 MiB
    assert_eq!(Limits::default().max_message_bytes, 64 * 1024 * 1024);
}

#[test]
fn pathological_patterns_finish_promptly() {
    let long = format!("{}!", "a".repeat(50_000));
    for (pattern, engine) in [
        // classic catastrophic backtracking; fancy-regex hands it to the linear engine
        (r"^(a+)+$", RegexEngine::default()),
        (r"^(a|aa)*$", RegexEngine::Linear),
        // a back-reference forces backtracking: the step budget ends it
        (
            r"^(a+)+\1$",
            RegexEngine::Backtracking {
                backtrack_limit: 10_000,
            },
        ),
    ] {
        let text =
            json!({"messages": {"p": {"request": {"properties": {"s": {"pattern": pattern}}}}}})
                .to_string();
        let limits = Limits {
            regex: engine,
            ..Limits::default()
        };
        let c = Contract::from_text(
            &text,
            "c.json",
            None,
            &ContractOptions {
                limits: Some(limits),
                ..Default::default()
            },
        )
        .unwrap();
        let start = Instant::now();
        let result = c.validate_request(&json!({"type": "p", "s": long}));
        // generous bound: the benchmark measures speed, this only proves termination
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{pattern} took {:?}",
            start.elapsed()
        );
        assert!(
            result.is_err(),
            "{pattern} must not match a string ending in `!`"
        );
        assert_eq!(
            c.validate_request(&json!({"type": "p", "s": "aaaa"})),
            Ok("p"),
            "{pattern}"
        );
    }
}

#[test]
fn request_as_and_response_without_schema() {
    let c = inline(r#"{"messages": {"a": {"request": {"required": ["x"]}}}}"#);
    let v = c
        .validate_request_as("a", &json!({"type": "b"}))
        .unwrap_err();
    assert_eq!(
        details(&v),
        [(
            C::Schema,
            "",
            "/messages/a/request/required",
            "\"x\" is a required property"
        )]
    );
    // no response schema: any response within the limits
    assert_eq!(c.validate_response("a", &json!([1, 2])), Ok("a"));
}

#[test]
fn violations_serialize_for_error_replies() {
    let c = example();
    let v = c.validate_request(&json!({"type": "x"})).unwrap_err();
    assert_eq!(
        v.to_json(),
        json!({"kind": null, "violations": [{"code": "unknown-kind", "instance_path": "/type", "schema_path": "",
               "message": "unknown message kind `x` (the contract defines: get-status, save-note)"}]})
    );
}

#[test]
fn self_contained_and_referring_schemas_report_the_same_way() {
    // `direct` refers to nothing and is compiled as it stands; `viaref` goes through the
    // contract's `$defs`. Both report schema paths into the contract.
    let c = inline(
        r##"{"$defs": {"int": {"type": "integer"}},
            "messages": {
              "direct": {"request": {"properties": {"n": {"type": "integer"}}}},
              "viaref": {"request": {"properties": {"n": {"$ref": "#/$defs/int"}}}}}}"##,
    );
    let direct = c
        .validate_request(&json!({"type": "direct", "n": "x"}))
        .unwrap_err();
    assert_eq!(
        details(&direct),
        [(
            C::Schema,
            "/n",
            "/messages/direct/request/properties/n/type",
            "\"x\" is not of type \"integer\""
        )]
    );
    let viaref = c
        .validate_request(&json!({"type": "viaref", "n": "x"}))
        .unwrap_err();
    assert_eq!(
        details(&viaref),
        [(
            C::Schema,
            "/n",
            "/$defs/int/type",
            "\"x\" is not of type \"integer\""
        )]
    );
    assert_eq!(
        c.validate_request(&json!({"type": "direct", "n": 1})),
        Ok("direct")
    );
}

/// A failing value the engine quotes whole is abbreviated in the message: its first 80
/// bytes and its size. A megabyte string made a megabyte line in every report.
#[test]
fn a_long_failing_value_is_quoted_abbreviated_with_its_size() {
    let c = example();
    let long = "X".repeat(5_000);
    let v = c
        .validate_request(&json!({"type": "save-note", "title": "t", "body": "", "tags": [long]}))
        .unwrap_err();
    assert_eq!(
        details(&v),
        [(
            C::Schema,
            "/tags/0",
            "/messages/save-note/request/properties/tags/items/pattern",
            format!(
                "\"{}… (5002 bytes) does not match \"^[a-z0-9-]+$\"",
                "X".repeat(79)
            )
            .as_str()
        )]
    );
    // Multi-byte characters are cut on a character boundary.
    let wide = "é".repeat(3_000);
    let v = c
        .validate_request(&json!({"type": "save-note", "title": "t", "body": "", "tags": [wide]}))
        .unwrap_err();
    assert_eq!(
        v.violations[0].message,
        format!(
            "\"{}… (6002 bytes) does not match \"^[a-z0-9-]+$\"",
            "é".repeat(39)
        )
    );
    // A message that lists what failed (500 unexpected properties) is cut at 1,000
    // bytes, saying so.
    let mut m = json!({"type": "save-note", "title": "t", "body": ""});
    for i in 0..500 {
        m[format!("unexpected_property_{i}")] = json!(i);
    }
    let v = c.validate_request(&m).unwrap_err();
    let message = &v.violations[0].message;
    assert!(
        message.starts_with("Additional properties are not allowed ('unexpected_property_0'"),
        "{message}"
    );
    let (kept, note) = message.split_once('…').expect("cut");
    assert_eq!(kept.len(), 1000);
    let total: usize = note
        .strip_prefix(" (message cut at 1000 of ")
        .and_then(|n| n.strip_suffix(" bytes)"))
        .and_then(|n| n.parse().ok())
        .expect(note);
    assert!(total > 10_000, "{total}");
    // A short one is quoted whole.
    let v = c
        .validate_request(&json!({"type": "save-note", "title": "t", "body": "", "tags": ["A"]}))
        .unwrap_err();
    assert_eq!(
        v.violations[0].message,
        "\"A\" does not match \"^[a-z0-9-]+$\""
    );
}
