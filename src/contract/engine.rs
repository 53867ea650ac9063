//! The one compile path for schemas: the contract and the conformance test both use it,
//! so what the suite measures is what users get.
use jsonschema::{Draft, PatternOptions, Registry, Resource, ValidationError, Validator};
use serde_json::{json, Value};

use super::limits::RegexEngine;
use super::retrieve::LocalRetriever;

/// Compiles schemas held in a registry of local documents.
#[derive(Clone)]
pub struct Engine {
    retriever: LocalRetriever,
    regex: RegexEngine,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("regex", &self.regex)
            .finish_non_exhaustive()
    }
}

impl Engine {
    pub fn new(retriever: LocalRetriever, regex: RegexEngine) -> Self {
        Engine { retriever, regex }
    }

    /// A registry holding `documents` (URI, contents, dialect); whatever they reference
    /// is fetched through the local retriever while the registry is prepared.
    /// Retrieved documents without `$schema` are read as `default_draft`.
    pub fn registry(
        &self,
        documents: Vec<(String, Value, Draft)>,
        default_draft: Draft,
    ) -> Result<Registry<'static>, jsonschema::ReferencingError> {
        let mut builder = Registry::new()
            .retriever(self.retriever.clone())
            .draft(default_draft);
        for (uri, contents, draft) in documents {
            let resource: Resource = draft.create_resource(contents);
            builder = builder.add(uri, resource)?;
        }
        builder.prepare()
    }

    /// Compile `schema`, found at `target` (an absolute URI with an optional `#/pointer`).
    /// A schema that refers to nothing (see [`self_contained`]) is compiled as it stands;
    /// any other is compiled through a `$ref` to `target`, which keeps `#/$defs/...`
    /// meaning "in the contract" whatever subschema holds the reference. Both give the
    /// same results and schema paths; the first saves every message one indirection.
    pub fn compile(
        &self,
        registry: &Registry<'_>,
        target: &str,
        schema: &Value,
        draft: Draft,
    ) -> Result<Validator, ValidationError<'static>> {
        if self_contained(schema) {
            return self.options(draft).build(schema);
        }
        let entry = json!({ "$ref": target });
        self.options(draft).with_registry(registry).build(&entry)
    }

    fn options(&self, draft: Draft) -> jsonschema::ValidationOptions<'_> {
        let options = jsonschema::options();
        // `with_draft` panics on `Unknown` (a custom meta-schema): let the engine detect it.
        let options = if draft == Draft::Unknown {
            options
        } else {
            options.with_draft(draft)
        };
        let options = options.with_retriever(self.retriever.clone());
        match self.regex {
            RegexEngine::Linear => options.with_pattern_options(PatternOptions::regex()),
            RegexEngine::Backtracking { backtrack_limit } => options.with_pattern_options(
                PatternOptions::fancy_regex().backtrack_limit(backtrack_limit),
            ),
        }
    }
}

/// Whether `schema` can be compiled on its own: no reference of any kind (which would
/// need the contract as its base) and no identifier (which would move the base, and the
/// schema paths reported with violations). Keys are matched wherever they appear, so a
/// property merely named `$ref` only costs the fast path, never correctness.
pub fn self_contained(schema: &Value) -> bool {
    let mut stack = vec![schema];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(o) => {
                for (k, c) in o {
                    let id_like = k == "id" && c.is_string();
                    if id_like
                        || matches!(
                            k.as_str(),
                            "$ref" | "$dynamicRef" | "$recursiveRef" | "$id" | "$schema"
                        )
                    {
                        return false;
                    }
                    stack.push(c);
                }
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    true
}

/// The URI to compile a document by: its own `$id` (resolved against `uri`) when it
/// declares one, since that, not the URI it was registered under, is the base of its
/// relative references.
pub fn document_target(uri: &str, document: &Value, draft: Draft) -> String {
    let key = if draft == Draft::Draft4 { "id" } else { "$id" };
    let Some(id) = document.get(key).and_then(Value::as_str) else {
        return uri.to_string();
    };
    let resolved = jsonschema::uri::from_str(uri)
        .ok()
        .and_then(|base| jsonschema::uri::resolve_against(&base.borrow(), id).ok());
    match resolved {
        Some(u) => u
            .as_str()
            .split('#')
            .next()
            .unwrap_or(u.as_str())
            .to_string(),
        None => uri.to_string(),
    }
}

/// The dialect a schema declares with `$schema`, if it is one we know.
pub fn declared_draft(schema: &Value) -> Option<Result<Draft, String>> {
    let uri = schema.as_object()?.get("$schema")?;
    let Some(uri) = uri.as_str() else {
        return Some(Err("`$schema` must be a string".into()));
    };
    Some(draft_of_uri(uri).ok_or_else(|| {
        format!(
            "unknown `$schema` `{uri}`: use a JSON Schema draft 4, 6, 7, 2019-09 or 2020-12 URI"
        )
    }))
}

/// The draft a meta-schema URI names.
pub fn draft_of_uri(uri: &str) -> Option<Draft> {
    match Draft::from_schema_uri(uri) {
        Draft::Unknown => None,
        d => Some(d),
    }
}

/// Check `schema` against its draft's meta-schema: the first violation as
/// (pointer inside the schema, message).
pub fn check_schema(schema: &Value, draft: Draft) -> Result<(), (String, String)> {
    let meta = match draft {
        Draft::Draft4 => jsonschema::draft4::meta::validator(),
        Draft::Draft6 => jsonschema::draft6::meta::validator(),
        Draft::Draft7 => jsonschema::draft7::meta::validator(),
        Draft::Draft201909 => jsonschema::draft201909::meta::validator(),
        _ => jsonschema::draft202012::meta::validator(),
    };
    match meta.validate(schema) {
        Ok(()) => Ok(()),
        Err(e) => Err((e.instance_path().as_str().to_string(), e.to_string())),
    }
}
