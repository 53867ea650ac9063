//! `schemas/native-host-manifest.schema.json` accepts real host manifests and rejects the
//! mistakes the browsers reject.
use serde_json::json;

fn validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/native-host-manifest.schema.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema readable"))
            .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn accepts_chrome_and_firefox_manifests() {
    let v = validator();
    let chrome = json!({
        "name": "com.example.host", "description": "Example host",
        "path": "/usr/local/bin/example-host", "type": "stdio",
        "allowed_origins": ["chrome-extension://abcdefghijklmnopabcdefghijklmnop/"]
    });
    let firefox = json!({
        "name": "com_example_host", "description": "Example host",
        "path": "/usr/local/bin/example-host", "type": "stdio",
        "allowed_extensions": ["host@example.com"]
    });
    assert!(v.is_valid(&chrome));
    assert!(v.is_valid(&firefox));
}

#[test]
fn rejects_what_browsers_reject() {
    let v = validator();
    let base = json!({
        "name": "com.example.host", "description": "d", "path": "/bin/h", "type": "stdio",
        "allowed_origins": ["chrome-extension://abcdefghijklmnopabcdefghijklmnop/"]
    });
    let with = |key: &str, value: serde_json::Value| {
        let mut m = base.clone();
        m[key] = value;
        m
    };
    for (why, bad) in [
        ("uppercase name", with("name", json!("Com.Example"))),
        ("leading dot", with("name", json!(".com.example"))),
        ("double dot", with("name", json!("com..example"))),
        ("wrong type", with("type", json!("pipe"))),
        (
            "wildcard origin",
            with("allowed_origins", json!(["chrome-extension://*/"])),
        ),
        (
            "origin without trailing slash",
            with(
                "allowed_origins",
                json!(["chrome-extension://abcdefghijklmnopabcdefghijklmnop"]),
            ),
        ),
        (
            "id with letters past p",
            with(
                "allowed_origins",
                json!(["chrome-extension://abcdefghijklmnopabcdefghijklmnoz/"]),
            ),
        ),
        ("unknown key", with("allowed_origin", json!([]))),
    ] {
        assert!(!v.is_valid(&bad), "accepted: {why}");
    }
    let mut no_allow = base.clone();
    no_allow
        .as_object_mut()
        .expect("object")
        .remove("allowed_origins");
    assert!(
        !v.is_valid(&no_allow),
        "accepted a manifest nobody may connect to"
    );
}
