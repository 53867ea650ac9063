//! Reading a contract: shape checks, located errors, and compiling every schema once.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jsonschema::{Draft, ReferencingError};
use serde_json::{Map, Value};

use super::engine::{check_schema, declared_draft, draft_of_uri, Engine};
use super::error::{ContractError, ContractErrorKind as K};
use super::limits::{Limits, RegexEngine};
use super::locate::{escape, offset_of, SourceMap, Span};
use super::retrieve::{file_uri, LocalRetriever, RetrieveError};
use super::{Contract, MessageKind, NativeHost, Schema, Sender};

/// Options a caller can set beyond what the contract file says.
#[derive(Debug, Clone, Default)]
pub struct ContractOptions {
    /// Replaces the contract's own `limits` when set.
    pub limits: Option<Limits>,
    /// Overrides one limit, keeping the rest (the contract's own, or `limits`).
    pub max_message_bytes: Option<usize>,
    /// Overrides one limit, keeping the rest (the contract's own, or `limits`).
    pub max_depth: Option<usize>,
}

const ROOT_KEYS: &[&str] = &[
    "$schema",
    "$comment",
    "title",
    "description",
    "version",
    "discriminator",
    "messages",
    "native",
    "$defs",
    "definitions",
    "limits",
];
const MESSAGE_KEYS: &[&str] = &["request", "response", "senders", "description", "$comment"];
const HOST_KEYS: &[&str] = &[
    "discriminator",
    "to_host",
    "to_browser",
    "description",
    "$comment",
];
const LIMIT_KEYS: &[&str] = &["max_message_bytes", "max_depth", "regex", "backtrack_limit"];

/// The URI a contract without a file (loaded from a string) is known by.
const INLINE_BASE: &str = "file:///msglint-inline/contract.json";

struct Loader<'t> {
    file: &'t str,
    text: &'t str,
    map: SourceMap,
    root: &'t Value,
    dir: Option<PathBuf>,
    uri: String,
    draft: Draft,
    /// Every `$id` (or draft 4 `id`) the contract declares, found on first need.
    ids: std::cell::OnceCell<Vec<String>>,
}

impl Contract {
    /// Load, check and compile the contract at `path`.
    pub fn load(path: impl AsRef<Path>) -> Result<Contract, ContractError> {
        Self::load_with(path, &ContractOptions::default())
    }

    /// [`Contract::load`] with options.
    pub fn load_with(
        path: impl AsRef<Path>,
        options: &ContractOptions,
    ) -> Result<Contract, ContractError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            ContractError::new(K::Read, &name, "", format!("cannot read contract: {e}"))
        })?;
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let abs = abs.canonicalize().unwrap_or(abs);
        let dir = abs.parent().map(Path::to_path_buf);
        Self::build(&text, &name, dir, file_uri(&abs), options)
    }

    /// Load a contract from text. `dir`, when given, is the folder its relative `$ref`s
    /// resolve in; without it only references inside the contract work.
    pub fn from_text(
        text: &str,
        name: &str,
        dir: Option<&Path>,
        options: &ContractOptions,
    ) -> Result<Contract, ContractError> {
        let (dir, uri) = match dir {
            Some(d) => {
                let d = d.canonicalize().unwrap_or_else(|_| d.to_path_buf());
                let uri = file_uri(&d.join(name.rsplit('/').next().unwrap_or(name)));
                (Some(d), uri)
            }
            None => (None, INLINE_BASE.to_string()),
        };
        Self::build(text, name, dir, uri, options)
    }

    fn build(
        text: &str,
        name: &str,
        dir: Option<PathBuf>,
        uri: String,
        options: &ContractOptions,
    ) -> Result<Contract, ContractError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let root: Value = serde_json::from_str(text).map_err(|e| {
            let at = offset_of(text, e.line(), e.column().max(1));
            let span = Span {
                start: at.min(text.len()),
                end: at.min(text.len()),
            };
            ContractError::new(
                K::InvalidJson,
                name,
                text,
                format!("the contract is not valid JSON: {e}"),
            )
            .label(Some(span), "here")
        })?;
        let map = SourceMap::new(text);
        let mut loader = Loader {
            file: name,
            text,
            map,
            root: &root,
            dir,
            uri,
            draft: Draft::Draft202012,
            ids: std::cell::OnceCell::new(),
        };
        loader.check_duplicates()?;
        let contract = loader.contract(options)?;
        Ok(contract)
    }
}

impl<'t> Loader<'t> {
    fn err(&self, kind: K, pointer: &str, message: impl Into<String>) -> ContractError {
        let span = match kind {
            K::UnknownKey | K::DuplicateKey => self.map.key_span(pointer),
            _ => self.map.value_span(pointer),
        };
        let label = match kind {
            K::UnknownKey => "unknown key",
            K::InvalidSchema => "invalid schema",
            K::RemoteRef => "remote reference",
            K::EscapingRef => "outside the contract's folder",
            K::UnresolvedRef => "does not resolve",
            _ => "here",
        };
        ContractError::new(kind, self.file, self.text, message).label(span, label)
    }

    fn check_duplicates(&self) -> Result<(), ContractError> {
        let Some(d) = self.map.duplicates.first() else {
            return Ok(());
        };
        let is_kind = d.parent == "/messages"
            || (d.parent.starts_with("/native/")
                && (d.parent.ends_with("/to_host") || d.parent.ends_with("/to_browser")));
        let what = if is_kind {
            format!("message kind `{}` is defined twice", d.key)
        } else if d.parent == "/native" {
            format!("native host `{}` is defined twice", d.key)
        } else {
            format!("key `{}` appears twice in the same object", d.key)
        };
        Err(
            ContractError::new(K::DuplicateKey, self.file, self.text, what)
                .label(Some(d.second), "defined again here")
                .label(Some(d.first), "first defined here")
                .help("JSON keeps only the last one; remove or rename one of them"),
        )
    }

    fn object(
        &self,
        value: &'t Value,
        pointer: &str,
        what: &str,
    ) -> Result<&'t Map<String, Value>, ContractError> {
        value
            .as_object()
            .ok_or_else(|| self.err(K::Shape, pointer, format!("{what} must be an object")))
    }

    fn known_keys(
        &self,
        obj: &Map<String, Value>,
        pointer: &str,
        allowed: &[&str],
        what: &str,
    ) -> Result<(), ContractError> {
        for key in obj.keys() {
            if !allowed.contains(&key.as_str()) {
                return Err(self
                    .err(
                        K::UnknownKey,
                        &format!("{pointer}/{}", escape(key)),
                        format!("unknown key `{key}` in {what}"),
                    )
                    .help(format!("allowed keys: {}", allowed.join(", "))));
            }
        }
        Ok(())
    }

    fn contract(&mut self, options: &ContractOptions) -> Result<Contract, ContractError> {
        let root = self.object(self.root, "", "the contract")?;
        self.known_keys(root, "", ROOT_KEYS, "the contract")?;
        if let Some(s) = root.get("$schema") {
            // The contract's `$schema` names the default dialect of its message schemas.
            // msglint's own meta-schema (for editors) means the default, 2020-12.
            let uri = s
                .as_str()
                .ok_or_else(|| self.err(K::Shape, "/$schema", "`$schema` must be a string"))?;
            if !uri.ends_with("contract.schema.json") {
                self.draft = draft_of_uri(uri).ok_or_else(|| {
                    self.err(K::Shape, "/$schema", format!("unknown `$schema` `{uri}`"))
                        .help("use https://json-schema.org/draft/2020-12/schema or an older draft's URI")
                })?;
            }
        }
        let discriminator = self.discriminator(root, "")?;
        let mut limits = match options.limits {
            Some(l) => l,
            None => self.limits(root.get("limits"))?,
        };
        if let Some(n) = options.max_message_bytes {
            limits.max_message_bytes = n;
        }
        if let Some(n) = options.max_depth {
            limits.max_depth = n;
        }

        // Schemas that declare their own `$schema` become documents of their own, so their
        // dialect is honoured; the rest are compiled in place inside the contract.
        // (pointer, target URI, draft, the schema itself)
        let mut schemas: Vec<(String, String, Draft, &'t Value)> = Vec::new();
        let mut documents = vec![(self.uri.clone(), self.root.clone(), self.draft)];
        let mut add_schema = |this: &Self, pointer: String| -> Result<(), ContractError> {
            let root: &'t Value = this.root;
            let value = root.pointer(&pointer).unwrap_or(&Value::Null);
            if !value.is_object() && !value.is_boolean() {
                return Err(this.err(
                    K::Shape,
                    &pointer,
                    "a message schema must be an object or a boolean",
                ));
            }
            let draft = match declared_draft(value) {
                Some(Ok(d)) => Some(d),
                Some(Err(msg)) => {
                    return Err(this.err(K::InvalidSchema, &format!("{pointer}/$schema"), msg))
                }
                None => None,
            };
            let effective = draft.unwrap_or(this.draft);
            if let Err((at, msg)) = check_schema(value, effective) {
                return Err(this.err(
                    K::InvalidSchema,
                    &format!("{pointer}{at}"),
                    format!("invalid schema: {msg}"),
                ));
            }
            for uri in this.check_refs(value, &pointer)? {
                // Schemas under `messages` and `native` sit where the registry does not look
                // for references, so the files they name are registered up front.
                if !documents.iter().any(|(u, _, _)| *u == uri) {
                    let doc = this.read_referenced(&uri, &pointer)?;
                    let d = match declared_draft(&doc) {
                        Some(Ok(d)) => d,
                        _ => effective,
                    };
                    documents.push((uri, doc, d));
                }
            }
            let target = match draft {
                Some(d) => {
                    let uri = format!(
                        "{}.{}.json",
                        this.uri,
                        pointer.trim_start_matches('/').replace(['/', '~'], ".")
                    );
                    documents.push((uri.clone(), value.clone(), d));
                    super::engine::document_target(&uri, value, d)
                }
                None => format!("{}#{}", this.uri, pointer_fragment(&pointer)),
            };
            schemas.push((pointer, target, effective, value));
            Ok(())
        };

        let mut kinds: BTreeMap<String, (Vec<Sender>, bool)> = BTreeMap::new();
        if let Some(messages) = root.get("messages") {
            let messages = self.object(messages, "/messages", "`messages`")?;
            for (kind, def) in messages {
                let p = format!("/messages/{}", escape(kind));
                let obj = self.object(def, &p, &format!("message kind `{kind}`"))?;
                self.known_keys(obj, &p, MESSAGE_KEYS, &format!("message kind `{kind}`"))?;
                if !obj.contains_key("request") {
                    return Err(self.err(
                        K::Shape,
                        &p,
                        format!("message kind `{kind}` has no `request` schema"),
                    ));
                }
                let senders = self.senders(obj.get("senders"), &format!("{p}/senders"))?;
                add_schema(self, format!("{p}/request"))?;
                let has_response = obj.contains_key("response");
                if has_response {
                    add_schema(self, format!("{p}/response"))?;
                }
                kinds.insert(kind.clone(), (senders, has_response));
            }
        }
        let mut hosts: BTreeMap<String, String> = BTreeMap::new();
        if let Some(native) = root.get("native") {
            let native = self.object(native, "/native", "`native`")?;
            for (host, def) in native {
                let p = format!("/native/{}", escape(host));
                if !valid_host_name(host) {
                    let message = format!("`{host}` is not a valid native host name");
                    return Err(ContractError::new(K::Shape, self.file, self.text, message)
                        .label(self.map.key_span(&p), "host name")
                        .help("host names use lowercase letters, digits, `_` and `.`, with no leading, trailing or doubled dot"));
                }
                let obj = self.object(def, &p, &format!("native host `{host}`"))?;
                self.known_keys(obj, &p, HOST_KEYS, &format!("native host `{host}`"))?;
                let disc = self.discriminator(obj, &p)?;
                for dir in ["to_host", "to_browser"] {
                    if let Some(kinds) = obj.get(dir) {
                        let dp = format!("{p}/{dir}");
                        let kinds = self.object(kinds, &dp, &format!("`{dir}`"))?;
                        for kind in kinds.keys() {
                            add_schema(self, format!("{dp}/{}", escape(kind)))?;
                        }
                    }
                }
                hosts.insert(host.clone(), disc);
            }
        }

        let engine = Engine::new(self.retriever(), limits.regex);
        let registry = engine
            .registry(documents, self.draft)
            .map_err(|e| self.registry_error(&e))?;
        let mut compiled: BTreeMap<String, Schema> = BTreeMap::new();
        let document: std::sync::Arc<str> = self.uri.as_str().into();
        for (pointer, target, draft, schema) in schemas {
            let validator = engine
                .compile(&registry, &target, schema, draft)
                .map_err(|e| {
                    let msg = e.to_string();
                    match self.find_ref_in(&pointer, &msg) {
                        Some(p) => self.err(K::UnresolvedRef, &p, msg),
                        None => self.err(
                            K::InvalidSchema,
                            &pointer,
                            format!("schema does not compile: {msg}"),
                        ),
                    }
                })?;
            compiled.insert(
                pointer.clone(),
                Schema {
                    validator,
                    pointer,
                    document: document.clone(),
                },
            );
        }

        let mut take = |p: &str| compiled.remove(p);
        let mut messages = Vec::new();
        for (kind, (senders, has_response)) in kinds {
            let p = format!("/messages/{}", escape(&kind));
            let Some(request) = take(&format!("{p}/request")) else {
                continue;
            };
            let response = if has_response {
                take(&format!("{p}/response"))
            } else {
                None
            };
            messages.push((
                kind.clone(),
                MessageKind {
                    name: kind,
                    senders,
                    request,
                    response,
                },
            ));
        }
        let mut native = BTreeMap::new();
        for (host, discriminator) in hosts {
            let p = format!("/native/{}", escape(&host));
            let mut dirs: [Vec<(String, Schema)>; 2] = Default::default();
            for (i, dir) in ["to_host", "to_browser"].iter().enumerate() {
                let prefix = format!("{p}/{dir}/");
                let keys: Vec<String> = self
                    .root
                    .pointer(&format!("{p}/{dir}"))
                    .and_then(Value::as_object)
                    .map(|o| o.keys().cloned().collect())
                    .unwrap_or_default();
                for kind in keys {
                    if let Some(s) = take(&format!("{prefix}{}", escape(&kind))) {
                        dirs[i].push((kind, s));
                    }
                }
            }
            let [to_host, to_browser] = dirs;
            native.insert(
                host.clone(),
                NativeHost {
                    name: host,
                    discriminator,
                    to_host: to_host.into_iter().collect(),
                    to_browser: to_browser.into_iter().collect(),
                    limits,
                },
            );
        }
        Ok(Contract {
            discriminator,
            messages: messages.into_iter().collect(),
            native,
            limits,
            uri: self.uri.clone(),
        })
    }

    fn retriever(&self) -> LocalRetriever {
        LocalRetriever::new(self.dir.as_deref())
    }

    fn discriminator(
        &self,
        obj: &Map<String, Value>,
        pointer: &str,
    ) -> Result<String, ContractError> {
        match obj.get("discriminator") {
            None => Ok("type".to_string()),
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(_) => Err(self.err(
                K::Shape,
                &format!("{pointer}/discriminator"),
                "`discriminator` must be a non-empty string naming the property that holds the kind",
            )),
        }
    }

    fn senders(&self, value: Option<&Value>, pointer: &str) -> Result<Vec<Sender>, ContractError> {
        let Some(value) = value else {
            return Ok(Vec::new());
        };
        let arr = value
            .as_array()
            .ok_or_else(|| self.err(K::Shape, pointer, "`senders` must be an array"))?;
        arr.iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str().and_then(Sender::parse).ok_or_else(|| {
                    self.err(K::Shape, &format!("{pointer}/{i}"), format!("unknown sender {v}"))
                        .help("senders are content_script, extension_page, background, web_page, other_extension")
                })
            })
            .collect()
    }

    fn limits(&self, value: Option<&Value>) -> Result<Limits, ContractError> {
        let mut limits = Limits::default();
        let Some(value) = value else {
            return Ok(limits);
        };
        let obj = self.object(value, "/limits", "`limits`")?;
        self.known_keys(obj, "/limits", LIMIT_KEYS, "`limits`")?;
        let positive = |key: &str| -> Result<Option<usize>, ContractError> {
            match obj.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_u64()
                    .filter(|n| *n > 0)
                    .and_then(|n| usize::try_from(n).ok())
                    .map(Some)
                    .ok_or_else(|| {
                        self.err(
                            K::Shape,
                            &format!("/limits/{key}"),
                            format!("`{key}` must be a positive integer"),
                        )
                    }),
            }
        };
        if let Some(n) = positive("max_message_bytes")? {
            limits.max_message_bytes = n;
        }
        if let Some(n) = positive("max_depth")? {
            limits.max_depth = n;
        }
        let backtrack = positive("backtrack_limit")?;
        limits.regex = match obj.get("regex").map(|v| v.as_str()) {
            None | Some(Some("backtracking")) => RegexEngine::Backtracking {
                backtrack_limit: backtrack.unwrap_or(super::limits::DEFAULT_BACKTRACK_LIMIT),
            },
            Some(Some("linear")) => RegexEngine::Linear,
            Some(_) => {
                return Err(self.err(
                    K::Shape,
                    "/limits/regex",
                    "`regex` must be \"linear\" or \"backtracking\"",
                ))
            }
        };
        Ok(limits)
    }

    /// Refuse remote and escaping references before anything is fetched, each at its `$ref`.
    fn check_refs(&self, schema: &Value, pointer: &str) -> Result<Vec<String>, ContractError> {
        let mut files = Vec::new();
        for (at, r) in refs_in(schema, pointer) {
            files.extend(self.check_ref(r, &at)?);
        }
        Ok(files)
    }

    /// Read a referenced file (already checked to be inside the folder).
    fn read_referenced(&self, uri: &str, pointer: &str) -> Result<Value, ContractError> {
        let path = self
            .retriever()
            .locate(uri)
            .map_err(|e| self.err(K::UnresolvedRef, pointer, e.to_string()))?;
        let text = std::fs::read_to_string(&path).map_err(|e| {
            self.err(
                K::UnresolvedRef,
                pointer,
                format!("cannot read `{}`: {e}", path.display()),
            )
        })?;
        serde_json::from_str(&text).map_err(|e| {
            self.err(
                K::UnresolvedRef,
                pointer,
                format!("`{}` is not valid JSON: {e}", path.display()),
            )
        })
    }

    /// Check one reference; a reference to a local file gives that file's URI.
    fn check_ref(&self, reference: &str, at: &str) -> Result<Option<String>, ContractError> {
        let (base, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if base.is_empty() {
            // Inside the contract: a JSON pointer must land somewhere (anchors are left to
            // the engine, which reports them).
            if fragment.is_empty() || fragment.starts_with('/') {
                let decoded = crate::uri::percent_decode(fragment);
                if self.root.pointer(&decoded).is_none() && !self.inside_own_document(at) {
                    return Err(self
                        .err(K::UnresolvedRef, at, format!("`$ref` `{reference}` points to nothing in the contract"))
                        .help("references starting with `#` are JSON pointers from the top of the contract, e.g. `#/$defs/status`"));
                }
            }
            return Ok(None);
        }
        let has_scheme = base.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && !s.contains('/')
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if has_scheme {
            if draft_of_uri(base).is_some() || draft_of_uri(&format!("{base}#")).is_some() {
                return Ok(None); // a built-in meta-schema, served from memory
            }
            if base.starts_with("file:") {
                return self
                    .check_file(base, reference, at)
                    .map(|()| Some(base.to_string()));
            }
            if self.declares_id(base) {
                return Ok(None);
            }
            return Err(self
                .err(K::RemoteRef, at, RetrieveError::Remote(reference.to_string()).to_string())
                .help("save the referenced schema beside the contract and use a relative path such as `./status.json`"));
        }
        if self.declares_any_id() {
            return Ok(None); // `$id` changes the base; the engine resolves and reports these
        }
        let Some(dir) = &self.dir else {
            return Err(self
                .err(
                    K::UnresolvedRef,
                    at,
                    format!("`$ref` `{reference}` names a file, but this contract has no folder"),
                )
                .help("load the contract from a file to reference schemas beside it"));
        };
        let uri = file_uri(&dir.join(crate::uri::percent_decode(base)));
        self.check_file(&uri, reference, at)?;
        // The canonical form, which is what the engine will ask for.
        Ok(Some(
            self.retriever()
                .locate(&uri)
                .map(|p| file_uri(&p))
                .unwrap_or(uri),
        ))
    }

    fn check_file(&self, uri: &str, reference: &str, at: &str) -> Result<(), ContractError> {
        match self.retriever().locate(uri) {
            Ok(path) if path.is_file() => Ok(()),
            Ok(_) => Err(self.err(
                K::UnresolvedRef,
                at,
                format!("`$ref` `{reference}`: no such file"),
            )),
            Err(RetrieveError::Escapes { .. }) => Err(self
                .err(
                    K::EscapingRef,
                    at,
                    format!("`$ref` `{reference}` leaves the contract's folder"),
                )
                .help("keep referenced schemas in the contract's folder or below it")),
            Err(RetrieveError::Unreadable { .. })
                if !Path::new(&crate::uri::percent_decode(
                    uri.trim_start_matches("file://"),
                ))
                .exists() =>
            {
                Err(self.err(
                    K::UnresolvedRef,
                    at,
                    format!("`$ref` `{reference}`: no such file"),
                ))
            }
            Err(RetrieveError::Unreadable { reason, .. }) => Err(self.err(
                K::UnresolvedRef,
                at,
                format!("`$ref` `{reference}` cannot be read: {reason}"),
            )),
            Err(RetrieveError::Remote(_)) => Err(self.err(
                K::RemoteRef,
                at,
                format!("`$ref` `{reference}` is not a local file"),
            )),
        }
    }

    /// True when `at` is inside a schema declaring its own `$schema`, where `#` means
    /// that schema rather than the contract.
    fn inside_own_document(&self, at: &str) -> bool {
        let mut p = at;
        while let Some(i) = p.rfind('/') {
            p = &p[..i];
            if let Some(v) = self.root.pointer(p) {
                if v.get("$schema").is_some() && !p.is_empty() {
                    return true;
                }
            }
        }
        false
    }

    fn ids(&self) -> &[String] {
        self.ids.get_or_init(|| ids_in(self.root))
    }

    fn declares_id(&self, uri: &str) -> bool {
        self.ids()
            .iter()
            .any(|id| id.trim_end_matches('#') == uri.trim_end_matches('#'))
    }

    fn declares_any_id(&self) -> bool {
        !self.ids().is_empty()
    }

    /// Map a registry failure to the `$ref` that caused it.
    fn registry_error(&self, e: &ReferencingError) -> ContractError {
        let msg = e.to_string();
        let kind = if msg.contains("refused") {
            K::RemoteRef
        } else {
            K::UnresolvedRef
        };
        match self.find_ref_in("", &msg) {
            Some(p) => self.err(kind, &p, msg),
            None => ContractError::new(kind, self.file, self.text, msg),
        }
    }

    /// Where the `$ref` under `pointer` that the engine's message quotes stands.
    fn find_ref_in(&self, pointer: &str, message: &str) -> Option<String> {
        // Compared without a leading `./` or `#` (the engine names an anchor without its
        // `#`), longest first: a short reference would match almost any message.
        let key = |r: &str| r.trim_start_matches("./").trim_start_matches('#').len();
        refs_in(self.root.pointer(pointer)?, pointer)
            .into_iter()
            .filter(|(_, r)| {
                let k = r.trim_start_matches("./").trim_start_matches('#');
                !k.is_empty() && message.contains(k)
            })
            .max_by_key(|(_, r)| key(r))
            .map(|(at, _)| at)
    }
}

/// Every string `$ref` under `schema` (found at JSON pointer `pointer`), with the pointer
/// of the `$ref` itself; a `$ref` key's own value is not searched further.
fn refs_in<'v>(schema: &'v Value, pointer: &str) -> Vec<(String, &'v str)> {
    let mut out = Vec::new();
    let mut stack = vec![(schema, pointer.to_string())];
    while let Some((v, p)) = stack.pop() {
        match v {
            Value::Object(o) => {
                for (k, c) in o {
                    let cp = format!("{p}/{}", escape(k));
                    match (k.as_str(), c) {
                        ("$ref", Value::String(r)) => out.push((cp, r.as_str())),
                        _ => stack.push((c, cp)),
                    }
                }
            }
            Value::Array(a) => {
                stack.extend(a.iter().enumerate().map(|(i, c)| (c, format!("{p}/{i}"))))
            }
            _ => {}
        }
    }
    out
}

/// Every string `$id` / `id` in a contract. Instance data (`const`, `enum`, `default`,
/// `examples`) is not searched: an `"id"` there is a value, not an identifier. Those words
/// are instance data only as keywords: in a map from names to schemas (`$defs`,
/// `properties`, the contract's `messages`, ...) they are names like any other.
fn ids_in(v: &Value) -> Vec<String> {
    const NAME_MAPS: &[&str] = &[
        "$defs",
        "definitions",
        "properties",
        "patternProperties",
        "dependentSchemas",
        "dependencies",
        "messages",
        "native",
        "to_host",
        "to_browser",
    ];
    let mut out = Vec::new();
    // (value, whether its keys are names rather than keywords)
    let mut stack = vec![(v, false)];
    while let Some((v, names)) = stack.pop() {
        match v {
            Value::Object(o) if names => stack.extend(o.values().map(|c| (c, false))),
            Value::Object(o) => {
                for (k, c) in o {
                    match (k.as_str(), c) {
                        ("$id" | "id", Value::String(id)) => out.push(id.clone()),
                        ("const" | "enum" | "default" | "examples", _) => {}
                        (k, _) => stack.push((c, NAME_MAPS.contains(&k))),
                    }
                }
            }
            Value::Array(a) => stack.extend(a.iter().map(|c| (c, false))),
            _ => {}
        }
    }
    out
}

/// A JSON pointer as a URI fragment (percent-encoding what a fragment cannot hold).
fn pointer_fragment(pointer: &str) -> String {
    crate::uri::percent_encode(pointer, crate::uri::PATH_CHARS).into_owned()
}

/// Chrome's rule for host names: lowercase letters, digits, `_` and `.`, no leading,
/// trailing or doubled dot.
pub fn valid_host_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.ends_with('.')
        && !name.contains("..")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}
