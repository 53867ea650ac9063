//! Reading `manifest.json` the way Chrome does: comments, a BOM and trailing commas
//! are tolerated. Every value keeps its byte range so manifest findings point at the
//! exact key in the file.
use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

/// A string value of the manifest with its byte range in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    pub value: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default)]
pub struct ContentScriptGroup {
    pub js: Vec<Spanned>,
    /// `"world": "MAIN"`: the scripts run as the page, with none of the extension's APIs.
    pub main_world: bool,
}

#[derive(Debug, Clone)]
pub struct ExternallyConnectable {
    /// Range of the `externally_connectable` key and value.
    pub start: usize,
    pub end: usize,
    pub matches: Vec<Spanned>,
    pub ids: Vec<Spanned>,
}

/// An extension page the manifest names, with the role it plays.
#[derive(Debug, Clone)]
pub struct Page {
    pub role: &'static str,
    pub path: Spanned,
}

/// What msglint needs from a manifest.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    pub name: Option<String>,
    pub manifest_version: Option<u64>,
    pub minimum_chrome_version: Option<u64>,
    /// `browser_specific_settings.gecko` or `applications.gecko` is present.
    pub gecko: bool,
    pub background_scripts: Vec<Spanned>,
    pub background_page: Option<Spanned>,
    pub service_worker: Option<Spanned>,
    /// `background.type == "module"`.
    pub background_module: bool,
    pub content_scripts: Vec<ContentScriptGroup>,
    pub pages: Vec<Page>,
    pub web_accessible_resources: Vec<Spanned>,
    pub externally_connectable: Option<ExternallyConnectable>,
}

/// A manifest that could not be read, with the byte offset of the problem.
#[derive(Debug, Clone)]
pub struct ManifestError {
    pub message: String,
    pub offset: usize,
}

/// Maximum nesting accepted in a manifest; real ones nest four or five levels.
const MAX_DEPTH: usize = 256;

pub fn parse(text: &str) -> Result<Manifest, ManifestError> {
    // Chrome strips a UTF-8 BOM; the offset stays that of the original text.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    // Chrome accepts comments and trailing commas, not the rest of JSON5.
    let opts = ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    if nesting_depth(body) > MAX_DEPTH {
        return Err(ManifestError {
            message: format!("nested more than {MAX_DEPTH} levels deep"),
            offset: bom,
        });
    }
    let parsed =
        jsonc_parser::parse_to_ast(body, &CollectOptions::default(), &opts).map_err(|e| {
            ManifestError {
                message: e.kind().to_string(),
                offset: bom + e.range().start,
            }
        })?;
    let Some(Value::Object(root)) = parsed.value else {
        return Err(ManifestError {
            message: "the manifest is not a JSON object".into(),
            offset: bom,
        });
    };
    let mut m = Manifest {
        name: root.get_string("name").map(|s| s.value.to_string()),
        manifest_version: number(&root, "manifest_version"),
        minimum_chrome_version: root
            .get_string("minimum_chrome_version")
            .and_then(|s| s.value.split('.').next().and_then(|v| v.parse().ok()))
            .or_else(|| number(&root, "minimum_chrome_version")),
        gecko: ["browser_specific_settings", "applications"]
            .iter()
            .any(|k| root.get_object(k).is_some_and(|o| o.get("gecko").is_some())),
        ..Manifest::default()
    };
    if let Some(bg) = root.get_object("background") {
        m.background_scripts = strings(bg.get_array("scripts").map(|a| &a.elements[..]), bom);
        m.background_page = bg.get_string("page").map(|s| spanned(s, bom));
        m.service_worker = bg.get_string("service_worker").map(|s| spanned(s, bom));
        m.background_module = bg.get_string("type").is_some_and(|t| t.value == "module");
    }
    if let Some(groups) = root.get_array("content_scripts") {
        for g in &groups.elements {
            if let Value::Object(g) = g {
                m.content_scripts.push(ContentScriptGroup {
                    js: strings(g.get_array("js").map(|a| &a.elements[..]), bom),
                    main_world: g.get_string("world").is_some_and(|w| w.value == "MAIN"),
                });
            }
        }
    }
    collect_pages(&root, bom, &mut m.pages);
    if let Some(war) = root.get_array("web_accessible_resources") {
        for item in &war.elements {
            match item {
                Value::StringLit(s) => m.web_accessible_resources.push(spanned(s, bom)),
                Value::Object(o) => m.web_accessible_resources.extend(strings(
                    o.get_array("resources").map(|a| &a.elements[..]),
                    bom,
                )),
                _ => {}
            }
        }
    }
    if let Some(prop) = root.get("externally_connectable") {
        if let Value::Object(ec) = &prop.value {
            m.externally_connectable = Some(ExternallyConnectable {
                start: bom + prop.range.start,
                end: bom + prop.range.end,
                matches: strings(ec.get_array("matches").map(|a| &a.elements[..]), bom),
                ids: strings(ec.get_array("ids").map(|a| &a.elements[..]), bom),
            });
        }
    }
    Ok(m)
}

fn collect_pages(root: &Object<'_>, bom: usize, pages: &mut Vec<Page>) {
    let mut add = |role: &'static str, obj: Option<&Object<'_>>, key: &str| {
        if let Some(s) = obj.and_then(|o| o.get_string(key)) {
            pages.push(Page {
                role,
                path: spanned(s, bom),
            });
        }
    };
    add("popup", root.get_object("action"), "default_popup");
    add("popup", root.get_object("browser_action"), "default_popup");
    add("popup", root.get_object("page_action"), "default_popup");
    add("options", Some(root), "options_page");
    add("options", root.get_object("options_ui"), "page");
    add("devtools", Some(root), "devtools_page");
    add("side panel", root.get_object("side_panel"), "default_path");
    add(
        "sidebar",
        root.get_object("sidebar_action"),
        "default_panel",
    );
    add("background page", root.get_object("background"), "page");
    if let Some(o) = root.get_object("chrome_url_overrides") {
        for p in &o.properties {
            if let Value::StringLit(s) = &p.value {
                pages.push(Page {
                    role: "override",
                    path: spanned(s, bom),
                });
            }
        }
    }
    if let Some(sandbox) = root.get_object("sandbox") {
        for s in strings(sandbox.get_array("pages").map(|a| &a.elements[..]), bom) {
            pages.push(Page {
                role: "sandbox",
                path: s,
            });
        }
    }
}

fn number(o: &Object<'_>, key: &str) -> Option<u64> {
    o.get_number(key).and_then(|n| n.value.parse().ok())
}

fn spanned(s: &jsonc_parser::ast::StringLit<'_>, bom: usize) -> Spanned {
    let r = s.range();
    Spanned {
        value: s.value.to_string(),
        start: bom + r.start,
        end: bom + r.end,
    }
}

fn strings(values: Option<&[Value<'_>]>, bom: usize) -> Vec<Spanned> {
    values
        .unwrap_or_default()
        .iter()
        .filter_map(|v| match v {
            Value::StringLit(s) => Some(spanned(s, bom)),
            _ => None,
        })
        .collect()
}

/// Bracket depth, ignoring strings and comments: a guard so a hostile manifest cannot
/// exhaust the stack. Comments are skipped too, or a `"` inside one would hide every
/// bracket after it.
fn nesting_depth(text: &str) -> usize {
    enum In {
        Code,
        Str(u8),
        LineComment,
        BlockComment,
    }
    let (mut depth, mut max, mut state, mut escaped) = (0usize, 0usize, In::Code, false);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        match state {
            In::Str(quote) => match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, q) if q == quote => state = In::Code,
                _ => {}
            },
            In::LineComment => {
                if b == b'\n' {
                    state = In::Code;
                }
            }
            In::BlockComment => {
                if b == b'*' && next == Some(b'/') {
                    state = In::Code;
                    i += 1;
                }
            }
            In::Code => match (b, next) {
                (b'"' | b'\'', _) => state = In::Str(b),
                (b'/', Some(b'/')) => state = In::LineComment,
                (b'/', Some(b'*')) => {
                    state = In::BlockComment;
                    i += 1;
                }
                (b'{' | b'[', _) => {
                    depth += 1;
                    max = max.max(depth);
                }
                (b'}' | b']', _) => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        i += 1;
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_bom_comments_and_trailing_commas() {
        let text = "\u{feff}{\n // a comment\n \"name\": \"x\", /* more */\n \"manifest_version\": 3,\n \"background\": {\"service_worker\": \"sw.js\", \"type\": \"module\",},\n}";
        let m = parse(text).expect("manifest parses");
        assert_eq!(m.name.as_deref(), Some("x"));
        assert_eq!(m.manifest_version, Some(3));
        let sw = m.service_worker.expect("service worker");
        assert_eq!(sw.value, "sw.js");
        assert_eq!(&text[sw.start..sw.end], "\"sw.js\"");
        assert!(m.background_module);
    }

    #[test]
    fn reports_errors_with_offsets() {
        let err = parse("{\"name\": }").unwrap_err();
        assert_eq!(err.offset, 9);
        assert!(parse("[1]").is_err());
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
        // A quote in a comment does not hide the brackets after it.
        for comment in ["/* \" */", "// \"\n"] {
            let deep = format!("{comment}{}{}", "[".repeat(100_000), "]".repeat(100_000));
            assert!(
                parse(&deep).unwrap_err().message.contains("nested"),
                "{comment:?}"
            );
        }
        assert_eq!(
            nesting_depth(
                r#"{"a": "[[[", /* [[ */ "b": [1] // [[[
        }"#
            ),
            2
        );
    }

    #[test]
    fn reads_contexts_and_externally_connectable() {
        let text = r#"{"manifest_version": 2, "minimum_chrome_version": "120.0",
          "background": {"scripts": ["a.js", "b.js"]},
          "content_scripts": [{"js": ["cs.js"], "world": "MAIN"}, {"js": ["c2.js"]}],
          "browser_action": {"default_popup": "popup.html"},
          "web_accessible_resources": ["inject.js"],
          "externally_connectable": {"matches": ["<all_urls>"], "ids": ["*"]}}"#;
        let m = parse(text).expect("parses");
        assert_eq!(m.minimum_chrome_version, Some(120));
        assert_eq!(m.background_scripts.len(), 2);
        assert!(m.content_scripts[0].main_world && !m.content_scripts[1].main_world);
        assert_eq!(m.pages[0].role, "popup");
        assert_eq!(m.web_accessible_resources[0].value, "inject.js");
        let ec = m.externally_connectable.expect("ec");
        assert_eq!(ec.matches[0].value, "<all_urls>");
        assert_eq!(ec.ids[0].value, "*");
    }
}
