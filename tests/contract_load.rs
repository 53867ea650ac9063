//! Loading contracts: every broken-contract case reports its kind and where it is.
use std::net::TcpListener;
use std::path::Path;

use msglint::contract::{Contract, ContractError, ContractErrorKind as K, ContractOptions};
use serde_json::json;

/// 1-based (line, column) of the first occurrence of `needle`, computed independently.
fn pos(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in contract"));
    let before = &text[..at];
    let line = before.lines().count().max(1) + usize::from(before.ends_with('\n'));
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

fn load_in(dir: &Path, text: &str) -> Result<Contract, ContractError> {
    let path = dir.join("contract.json");
    std::fs::write(&path, text).unwrap();
    Contract::load(&path)
}

fn load(text: &str) -> Result<Contract, ContractError> {
    let dir = tempfile::tempdir().unwrap();
    load_in(dir.path(), text)
}

fn err(text: &str) -> ContractError {
    match load(text) {
        Ok(_) => panic!("contract should not load:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn example_contract_loads_and_matches_the_meta_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let contract = Contract::load(root.join("examples/contract/contract.json")).unwrap();
    assert_eq!(
        contract.kinds().collect::<Vec<_>>(),
        ["get-status", "save-note"]
    );
    assert_eq!(
        contract.native_hosts().collect::<Vec<_>>(),
        ["com.example.signer"]
    );

    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("schemas/contract.schema.json")).unwrap(),
    )
    .unwrap();
    let example: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("examples/contract/contract.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options().offline().build(&meta).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&example)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // and the meta-schema catches what the loader catches
    assert!(!validator.is_valid(&json!({"mesages": {}})));
    assert!(!validator.is_valid(&json!({"messages": {"a": {"response": {}}}})));
}

#[test]
fn invalid_json_points_at_the_syntax_error() {
    let text = "{\n  \"messages\": {\n    \"a\": {\"request\": {}},,\n  }\n}";
    let e = err(text);
    assert_eq!(e.kind(), K::InvalidJson);
    assert_eq!(e.location(), Some((3, 26)));
    assert!(e.message().contains("not valid JSON"), "{}", e.message());
}

#[test]
fn schema_invalid_for_its_draft_points_at_the_keyword() {
    let text = r#"{
  "messages": {
    "a": { "request": { "type": "strin" } }
  }
}"#;
    let e = err(text);
    assert_eq!(e.kind(), K::InvalidSchema);
    assert_eq!(e.location(), Some(pos(text, "\"strin\"")));
    assert!(e.to_string().contains("contract.json:3:33"), "{e}");
}

#[test]
fn unresolved_pointer_ref_points_at_the_ref() {
    let text = r##"{
  "messages": { "a": { "request": { "$ref": "#/$defs/nope" } } },
  "$defs": { "status": {} }
}"##;
    let e = err(text);
    assert_eq!(e.kind(), K::UnresolvedRef);
    assert_eq!(e.location(), Some(pos(text, "\"#/$defs/nope\"")));
}

#[test]
fn unresolved_file_ref_points_at_the_ref() {
    let text = r#"{ "messages": { "a": { "request": { "$ref": "missing.json" } } } }"#;
    let e = err(text);
    assert_eq!(e.kind(), K::UnresolvedRef);
    assert_eq!(e.location(), Some(pos(text, "\"missing.json\"")));
    assert!(e.message().contains("no such file"), "{}", e.message());
}

#[test]
fn duplicate_kind_points_at_the_second_definition() {
    let text = r#"{
  "messages": {
    "ping": { "request": {} },
    "ping": { "request": { "type": "object" } }
  }
}"#;
    let e = err(text);
    assert_eq!(e.kind(), K::DuplicateKey);
    assert_eq!(e.location(), Some((4, 5)));
    assert_eq!(e.message(), "message kind `ping` is defined twice");
}

#[test]
fn duplicate_native_kind_is_a_duplicate_kind() {
    let text = r#"{"native": {"com.x": {"to_host": {"a": {}, "a": {}}}}}"#;
    let e = err(text);
    assert_eq!(e.kind(), K::DuplicateKey);
    assert_eq!(e.message(), "message kind `a` is defined twice");
    assert_eq!(e.location(), Some((1, 44)));
}

#[test]
fn unknown_keys_point_at_the_key() {
    let text = "{\n  \"mesages\": {}\n}";
    let e = err(text);
    assert_eq!(e.kind(), K::UnknownKey);
    assert_eq!(e.location(), Some((2, 3)));
    assert_eq!(e.message(), "unknown key `mesages` in the contract");

    let text = r#"{"messages": {"a": {"request": {}, "respones": {}}}}"#;
    let e = err(text);
    assert_eq!(e.kind(), K::UnknownKey);
    assert_eq!(e.location(), Some(pos(text, "\"respones\"")));

    let text = r#"{"native": {"com.x": {"to_hots": {}}}}"#;
    assert_eq!(err(text).location(), Some(pos(text, "\"to_hots\"")));
}

#[test]
fn missing_request_and_bad_senders_are_shape_errors() {
    let text = r#"{"messages": {"a": {"response": {}}}}"#;
    let e = err(text);
    assert_eq!(
        (e.kind(), e.location()),
        (K::Shape, Some(pos(text, "{\"response\"")))
    );

    let text = r#"{"messages": {"a": {"request": {}, "senders": ["tab"]}}}"#;
    let e = err(text);
    assert_eq!(
        (e.kind(), e.location()),
        (K::Shape, Some(pos(text, "\"tab\"")))
    );

    let text = r#"{"native": {"Com.Bad": {}}}"#;
    let e = err(text);
    assert_eq!(
        (e.kind(), e.location()),
        (K::Shape, Some(pos(text, "\"Com.Bad\"")))
    );
}

#[test]
fn remote_ref_is_refused_without_touching_the_network() {
    // A listener stands in for the remote server: it must never see a connection.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let text = format!(
        r#"{{
  "messages": {{
    "a": {{ "request": {{ "$ref": "http://127.0.0.1:{port}/schema.json" }} }}
  }}
}}"#
    );
    let e = err(&text);
    assert_eq!(e.kind(), K::RemoteRef);
    assert_eq!(e.location(), Some(pos(&text, "\"http://")));
    assert!(
        e.message()
            .contains("never fetches schemas over the network"),
        "{}",
        e.message()
    );
    assert!(e.help_text().is_some_and(|h| h.contains("relative path")));
    match listener.accept() {
        Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("the loader connected to the remote: {other:?}"),
    }
}

#[test]
fn ref_escaping_the_folder_is_refused() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("outside.json"), "{}").unwrap();
    let dir = root.path().join("contract");
    std::fs::create_dir(&dir).unwrap();
    let text = r#"{"messages": {"a": {"request": {"$ref": "../outside.json"}}}}"#;
    let e = load_in(&dir, text).expect_err("must not load");
    assert_eq!(e.kind(), K::EscapingRef);
    assert_eq!(e.location(), Some(pos(text, "\"../outside.json\"")));

    // an absolute file: URI out of the folder is refused the same way
    let abs = format!(
        r#"{{"messages": {{"a": {{"request": {{"$ref": "file://{}"}}}}}}}}"#,
        root.path().join("outside.json").display()
    );
    let e = load_in(&dir, &abs).expect_err("must not load");
    assert_eq!(e.kind(), K::EscapingRef);
}

#[test]
fn files_beside_the_contract_resolve_including_nested_refs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("defs")).unwrap();
    std::fs::write(
        dir.path().join("defs/item.json"),
        r#"{"type": "object", "required": ["id"], "properties": {"id": {"$ref": "id.json"}}}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("defs/id.json"), r#"{"type": "integer"}"#).unwrap();
    let text = r#"{"messages": {"add": {"request": {"type": "object", "properties": {"item": {"$ref": "defs/item.json"}}}}}}"#;
    let c = load_in(dir.path(), text).unwrap();
    assert_eq!(
        c.validate_request(&json!({"type": "add", "item": {"id": 3}})),
        Ok("add")
    );
    let v = c
        .validate_request(&json!({"type": "add", "item": {"id": "x"}}))
        .unwrap_err();
    assert_eq!(v.violations[0].instance_path, "/item/id");
    assert_eq!(v.violations[0].schema_path, "defs/id.json#/type");
}

#[test]
fn an_older_schema_dialect_is_honoured() {
    // Draft 4's boolean exclusiveMaximum is invalid in 2020-12.
    let text = r#"{"messages": {"n": {"request": {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "properties": {"v": {"maximum": 10, "exclusiveMaximum": true}},
        "definitions": {"x": {"type": "string"}}
    }}}}"#;
    let c = load(text).unwrap();
    assert_eq!(c.validate_request(&json!({"type": "n", "v": 9})), Ok("n"));
    assert!(c.validate_request(&json!({"type": "n", "v": 10})).is_err());

    // Without the declaration the same schema is a 2020-12 schema, and invalid.
    let text = r#"{"messages": {"n": {"request": {"properties": {"v": {"maximum": 10, "exclusiveMaximum": true}}}}}}"#;
    assert_eq!(err(text).kind(), K::InvalidSchema);
}

#[test]
fn linear_regex_engine_refuses_lookaround_at_load() {
    let text = r#"{"limits": {"regex": "linear"}, "messages": {"a": {"request": {"properties": {"v": {"pattern": "^(?=a)a$"}}}}}}"#;
    let e = err(text);
    assert_eq!(e.kind(), K::InvalidSchema);
    assert!(e.location().is_some());
    // the default engine accepts it
    let ok = r#"{"messages": {"a": {"request": {"properties": {"v": {"pattern": "^(?=a)a$"}}}}}}"#;
    assert!(load(ok).is_ok());
}

#[test]
fn limits_from_the_contract_and_from_options() {
    let text = r#"{"limits": {"max_depth": 3, "max_message_bytes": 100}, "messages": {"a": {"request": {}}}}"#;
    let c = load(text).unwrap();
    assert_eq!(
        (c.limits().max_depth, c.limits().max_message_bytes),
        (3, 100)
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.json"), text).unwrap();
    let options = ContractOptions {
        limits: Some(msglint::contract::Limits::default()),
        ..Default::default()
    };
    let c = Contract::load_with(dir.path().join("c.json"), &options).unwrap();
    assert_eq!(c.limits().max_depth, 64);

    let text = r#"{"limits": {"max_depth": 0}}"#;
    let e = err(text);
    assert_eq!((e.kind(), e.location()), (K::Shape, Some(pos(text, "0}"))));
}

#[test]
fn unreadable_contract_is_a_read_error() {
    let e = Contract::load("/nonexistent/contract.json").expect_err("must fail");
    assert_eq!(e.kind(), K::Read);
    assert_eq!(e.location(), None);
}

#[test]
fn rendered_report_names_file_line_and_column() {
    let text = "{\n  \"messages\": {\n    \"a\": {\"request\": {\"$ref\": \"https://example.com/s.json\"}}\n  }\n}";
    let e = err(text);
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(200)
        .render_report(&mut out, &e)
        .unwrap();
    assert!(out.contains("contract::remote-ref"), "{out}");
    assert!(out.contains("contract.json:3:31]"), "{out}");
    assert!(out.contains("remote reference"), "{out}");
}

#[test]
fn an_unresolved_anchor_is_located_even_beside_a_short_ref() {
    // The engine names the anchor without its `#`; the error must point at that `$ref`,
    // not at the schema, and not at the `#` beside it (which almost any text contains).
    let text = r##"{
  "messages": { "a": { "request": { "properties": {
    "self": { "$ref": "#" },
    "x": { "$ref": "#nowhere" } } } } }
}"##;
    let e = err(text);
    assert_eq!(e.kind(), K::UnresolvedRef, "{e}");
    assert_eq!(e.location(), Some(pos(text, "\"#nowhere\"")), "{e}");
}

#[test]
fn an_id_inside_example_data_does_not_hide_a_missing_file() {
    // `"id"` in `examples` is data, not a base URI: the missing file is still caught at
    // load, at its `$ref`.
    let text = r#"{ "messages": { "a": {
  "request": { "examples": [{ "id": "x" }], "properties": { "p": { "$ref": "missing.json" } } } } } }"#;
    let e = err(text);
    assert_eq!(e.kind(), K::UnresolvedRef, "{e}");
    assert_eq!(e.location(), Some(pos(text, "\"missing.json\"")), "{e}");
    assert!(e.message().contains("no such file"), "{}", e.message());
}

#[test]
fn an_id_under_a_name_like_default_or_enum_is_an_identifier() {
    // `default`, `enum`, `const` and `examples` are instance data only as keywords: a
    // schema *named* so (in `$defs`, or a message kind) may declare an `$id` that a
    // `$ref` elsewhere uses.
    for (name, kind) in [("default", "a"), ("enum", "a"), ("s", "default")] {
        let text = format!(
            r#"{{"$defs": {{"{name}": {{"$id": "urn:example:s", "type": "string"}}}},
                "messages": {{"{kind}": {{"request": {{"properties": {{"x": {{"$ref": "urn:example:s"}}}}}}}}}}}}"#
        );
        let c = Contract::from_text(&text, "c.json", None, &ContractOptions::default())
            .unwrap_or_else(|e| panic!("{name}/{kind}: {e}"));
        assert_eq!(
            c.validate_request(&json!({"type": kind, "x": "ok"})),
            Ok(kind)
        );
        assert!(c.validate_request(&json!({"type": kind, "x": 1})).is_err());
    }
}
