//! `msglint.toml`: typed loading, errors that point at the line, upward search, ignore
//! globs, rule-id checks, and agreement with `schemas/msglint.config.schema.json`.
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use msglint::config::{parse_rule_override, Config, ConfigError, RuleLevel, UnknownRule};
use msglint::diagnostic::Severity;

const GOOD: &str = r#"# msglint configuration
ignore = ["dist/**", "*.min.js", "!keep.min.js"]
minimum_chrome_version = 116
contract = "contract/messages.json"
max_warnings = 3

[rules]
async-listener-implicit-undefined = "error"
deprecated-messaging-api = "off"
externally-connectable-too-broad = "info"
"#;

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create a temp dir: {e}"))
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(Path::new("/proj/msglint.toml"), Arc::from(text))
}

fn parse_err(text: &str) -> ConfigError {
    match parse(text) {
        Ok(config) => panic!("accepted: {config:?}"),
        Err(e) => e,
    }
}

/// The error as the CLI shows it (miette, no colour).
fn pretty(e: &ConfigError) -> String {
    let mut out = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    handler
        .render_report(&mut out, e)
        .unwrap_or_else(|_| panic!("cannot render {e}"));
    out
}

#[test]
fn good_file_loads_every_setting() {
    let config = parse(GOOD).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.rule_level("async-listener-implicit-undefined"),
        Some(RuleLevel::Error)
    );
    assert_eq!(
        config.rule_level("deprecated-messaging-api"),
        Some(RuleLevel::Off)
    );
    assert_eq!(config.rule_level("not-configured"), None);
    assert_eq!(
        config.rule_levels().collect::<Vec<_>>(),
        vec![
            ("async-listener-implicit-undefined", RuleLevel::Error),
            ("deprecated-messaging-api", RuleLevel::Off),
            ("externally-connectable-too-broad", RuleLevel::Info),
        ]
    );
    assert_eq!(config.minimum_chrome_version, Some(116));
    assert_eq!(config.max_warnings, Some(3));
    assert_eq!(
        config.contract_path(),
        Some(PathBuf::from("/proj/contract/messages.json"))
    );
    assert_eq!(
        config.ignore_globs().collect::<Vec<_>>(),
        vec!["dist/**", "*.min.js", "!keep.min.js"]
    );
    assert_eq!(config.dir(), Some(Path::new("/proj")));
}

#[test]
fn empty_file_is_the_default() {
    let config = parse("").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.rule_levels().count(), 0);
    assert_eq!(config.minimum_chrome_version, None);
    assert_eq!(config.contract_path(), None);
}

#[test]
fn unknown_key_points_at_its_line() {
    let e = parse_err("minimum_chrome_version = 100\n\nignroe = [\"dist\"]\n");
    assert_eq!(e.line_col(), Some((3, 1)));
    let shown = pretty(&e);
    assert!(shown.contains("unknown field `ignroe`"), "{shown}");
    assert!(shown.contains("[/proj/msglint.toml:3:1]"), "{shown}");
    assert!(shown.contains("3 │ ignroe = [\"dist\"]"), "{shown}");
    assert!(
        e.to_string()
            .starts_with("invalid config /proj/msglint.toml:3:1: unknown field `ignroe`"),
        "{e}"
    );
}

#[test]
fn unknown_key_in_rules_table_is_a_rule_id_not_a_typo_error() {
    // `[rules]` is a map: any id parses, and `unknown_rules` reports ids the registry
    // does not know, with the key's exact span.
    let text =
        "[rules]\nasync-listener-implicit-undefined = \"error\"\n  no-such-rule = \"warning\"\n";
    let config = parse(text).unwrap_or_else(|e| panic!("{e}"));
    let known = ["async-listener-implicit-undefined"];
    let unknown = config.unknown_rules(&known);
    let start = text.find("no-such-rule").unwrap_or(0);
    assert_eq!(
        unknown,
        vec![UnknownRule {
            id: "no-such-rule".into(),
            span: start..start + "no-such-rule".len(),
        }]
    );
    let e = match config.check_rule_ids(&known) {
        Ok(()) => panic!("unknown rule accepted"),
        Err(e) => e,
    };
    assert_eq!(e.line_col(), Some((3, 3)));
    assert!(pretty(&e).contains("unknown rule `no-such-rule`"));
    assert!(config
        .check_rule_ids(&["async-listener-implicit-undefined", "no-such-rule"])
        .is_ok());
}

#[test]
fn bad_severity_points_at_the_value() {
    let e = parse_err("[rules]\ndeprecated-messaging-api = \"warn\"\n");
    assert_eq!(e.line_col(), Some((2, 28)));
    let shown = pretty(&e);
    assert!(shown.contains("unknown variant `warn`"), "{shown}");
}

#[test]
fn wrong_type_points_at_the_value() {
    let e = parse_err("contract = \"c.json\"\nminimum_chrome_version = \"116\"\n");
    assert_eq!(e.line_col(), Some((2, 26)));
    let e = parse_err("ignore = \"dist\"\n");
    assert_eq!(e.line_col(), Some((1, 10)));
}

#[test]
fn invalid_glob_points_at_it() {
    let e = parse_err("ignore = [\"ok/**\", \"src/{a,b\"]\n");
    assert_eq!(e.line_col(), Some((1, 20)));
    assert!(e.to_string().contains("invalid ignore glob"), "{e}");
}

#[test]
fn toml_syntax_error_has_a_location() {
    let e = parse_err("[rules\n");
    assert!(matches!(e.line_col(), Some((1, _))), "{e}");
}

#[test]
fn find_searches_upwards_from_dirs_and_files() {
    let tmp = tempdir();
    let root = tmp.path().join("repo");
    write(&root.join("msglint.toml"), "minimum_chrome_version = 120\n");
    write(&root.join("ext/src/bg.js"), "chrome.runtime;\n");
    let expected = root.join("msglint.toml");
    for start in [
        root.join("ext/src"),
        root.join("ext/src/bg.js"),
        root.clone(),
    ] {
        let found = Config::find(&start).unwrap_or_else(|e| panic!("{e}"));
        let Some((path, config)) = found else {
            panic!("no config found from {}", start.display());
        };
        assert_eq!(path, expected);
        assert_eq!(config.minimum_chrome_version, Some(120));
    }
    // The nearest file wins.
    write(&root.join("ext/msglint.toml"), "max_warnings = 0\n");
    let found = Config::find(&root.join("ext/src")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found.map(|(p, _)| p), Some(root.join("ext/msglint.toml")));
}

#[test]
fn find_reports_a_bad_config_instead_of_skipping_it() {
    let tmp = tempdir();
    write(&tmp.path().join("msglint.toml"), "bogus = 1\n");
    match Config::find(tmp.path()) {
        Err(e) => assert_eq!(e.line_col(), Some((1, 1))),
        Ok(found) => panic!("bad config accepted: {found:?}"),
    }
}

#[test]
fn find_without_a_config_is_none() {
    let tmp = tempdir();
    let start = tmp.path().join("a/b");
    fs::create_dir_all(&start).unwrap_or_else(|e| panic!("{e}"));
    if tmp
        .path()
        .ancestors()
        .any(|d| d.join("msglint.toml").exists())
    {
        eprintln!("skipping: a msglint.toml exists above the temp dir");
        return;
    }
    assert!(matches!(Config::find(&start), Ok(None)));
}

#[test]
fn load_of_a_missing_file_is_an_io_error() {
    let tmp = tempdir();
    let e = match Config::load(&tmp.path().join("msglint.toml")) {
        Ok(_) => panic!("loaded a missing file"),
        Err(e) => e,
    };
    assert!(matches!(e, ConfigError::Io { .. }));
    assert_eq!(e.line_col(), None);
}

#[test]
fn ignore_globs_are_gitignore_style_relative_to_the_config() {
    let tmp = tempdir();
    let path = tmp.path().join("msglint.toml");
    write(&path, GOOD);
    let config = Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let cases = [
        ("dist/bundle.js", false, true),
        // `dist/**` matches what is inside `dist`, not the directory itself (as in git).
        ("dist", true, false),
        ("dist/deep/a/b.js", false, true),
        ("src/dist.js", false, false),
        ("vendor/jquery.min.js", false, true),
        ("lib/keep.min.js", false, false),
        ("src/background.js", false, false),
    ];
    for (rel, is_dir, ignored) in cases {
        assert_eq!(config.is_ignored(Path::new(rel), is_dir), ignored, "{rel}");
        assert_eq!(
            config.is_ignored(&tmp.path().join(rel), is_dir),
            ignored,
            "absolute {rel}"
        );
    }
    // Paths outside the config's directory are never matched.
    assert!(!config.is_ignored(Path::new("/elsewhere/dist/a.js"), false));
    assert!(!Config::default().is_ignored(Path::new("dist/a.js"), false));
}

#[test]
fn rule_levels_parse_from_the_command_line() {
    assert_eq!("warning".parse::<RuleLevel>(), Ok(RuleLevel::Warning));
    assert!("warn".parse::<RuleLevel>().is_err());
    assert_eq!(RuleLevel::Off.severity(), None);
    assert_eq!(RuleLevel::Info.severity(), Some(Severity::Info));
    assert_eq!(
        parse_rule_override("deprecated-messaging-api=off"),
        Ok(("deprecated-messaging-api".to_string(), RuleLevel::Off))
    );
    assert!(parse_rule_override("deprecated-messaging-api").is_err());
    assert!(parse_rule_override("=error").is_err());
    assert!(parse_rule_override("x=fatal").is_err());
}

fn config_schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/msglint.config.schema.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema: {e}"))
}

fn toml_as_json(text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(value).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn schema_and_loader_agree() {
    let schema = config_schema();
    let cases = [
        (GOOD, true),
        ("", true),
        ("ignroe = []\n", false),
        ("[rules]\nx = \"warn\"\n", false),
        ("minimum_chrome_version = \"116\"\n", false),
        ("minimum_chrome_version = -1\n", false),
        ("contract = 3\n", false),
        ("max_warnings = -2\n", false),
        ("ignore = \"dist\"\n", false),
    ];
    for (text, valid) in cases {
        assert_eq!(
            schema.is_valid(&toml_as_json(text)),
            valid,
            "schema on {text:?}"
        );
        assert_eq!(parse(text).is_ok(), valid, "loader on {text:?}");
    }
}
