//! Serving `$ref`s without the network: files beside the contract, and (for the
//! conformance suite) URL prefixes mirrored by local folders. Everything else is refused.
use std::fmt;
use std::path::{Component, Path, PathBuf};

use jsonschema::{Retrieve, Uri};
use serde_json::Value;

/// Why a reference could not be served.
#[derive(Debug)]
pub enum RetrieveError {
    /// A scheme other than `file:` (or an unmirrored URL): never fetched.
    Remote(String),
    /// A file outside the contract's folder.
    Escapes { uri: String, root: PathBuf },
    /// The file could not be read or is not JSON.
    Unreadable { uri: String, reason: String },
}

impl fmt::Display for RetrieveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetrieveError::Remote(uri) => write!(
                f,
                "remote reference `{uri}` refused: msglint never fetches schemas over the \
                 network; copy the schema beside the contract and reference it by a relative path"
            ),
            RetrieveError::Escapes { uri, root } => write!(
                f,
                "reference `{uri}` leaves the contract's folder `{}`; only files inside it may be referenced",
                root.display()
            ),
            RetrieveError::Unreadable { uri, reason } => {
                write!(f, "cannot read referenced schema `{uri}`: {reason}")
            }
        }
    }
}

impl std::error::Error for RetrieveError {}

/// A retriever that only reads local files.
#[derive(Debug, Clone, Default)]
pub struct LocalRetriever {
    /// `file:` URIs must resolve inside this folder (canonical). `None`: no files at all.
    root: Option<PathBuf>,
    /// URL prefix -> folder serving it (used for the test suite's `remotes`).
    mirrors: Vec<(String, PathBuf)>,
}

impl LocalRetriever {
    /// Serve files inside `root` (canonicalized here so symlinks cannot escape it).
    pub fn new(root: Option<&Path>) -> Self {
        LocalRetriever {
            root: root.map(|r| r.canonicalize().unwrap_or_else(|_| r.to_path_buf())),
            mirrors: Vec::new(),
        }
    }

    /// Serve URLs starting with `prefix` from files under `dir`.
    pub fn with_mirror(mut self, prefix: impl Into<String>, dir: impl Into<PathBuf>) -> Self {
        self.mirrors.push((prefix.into(), dir.into()));
        self
    }

    /// Check where `uri` would be served from, without reading it.
    pub fn locate(&self, uri: &str) -> Result<PathBuf, RetrieveError> {
        let uri = uri.split('#').next().unwrap_or(uri);
        for (prefix, dir) in &self.mirrors {
            if let Some(rest) = uri.strip_prefix(prefix.as_str()) {
                let rel = Path::new(rest);
                if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
                    return Err(RetrieveError::Escapes {
                        uri: uri.into(),
                        root: dir.clone(),
                    });
                }
                return Ok(dir.join(rel));
            }
        }
        let Some(path) = uri.strip_prefix("file://") else {
            return Err(RetrieveError::Remote(uri.into()));
        };
        let Some(root) = &self.root else {
            return Err(RetrieveError::Remote(uri.into()));
        };
        let path = PathBuf::from(crate::uri::percent_decode(path));
        // Canonicalize to see through `..` and symlinks; a file that does not exist
        // cannot be checked that way, so judge its lexical form instead.
        let resolved = match path.canonicalize() {
            Ok(p) => p,
            Err(e) => {
                let lexical = normalize(&path);
                if !lexical.starts_with(root) {
                    return Err(RetrieveError::Escapes {
                        uri: uri.into(),
                        root: root.clone(),
                    });
                }
                return Err(RetrieveError::Unreadable {
                    uri: uri.into(),
                    reason: e.to_string(),
                });
            }
        };
        if !resolved.starts_with(root) {
            return Err(RetrieveError::Escapes {
                uri: uri.into(),
                root: root.clone(),
            });
        }
        Ok(resolved)
    }
}

impl Retrieve for LocalRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let path = self.locate(uri.as_str())?;
        let text = std::fs::read_to_string(&path).map_err(|e| RetrieveError::Unreadable {
            uri: uri.as_str().into(),
            reason: e.to_string(),
        })?;
        let value = serde_json::from_str(&text).map_err(|e| RetrieveError::Unreadable {
            uri: uri.as_str().into(),
            reason: format!("not JSON: {e}"),
        })?;
        Ok(value)
    }
}

/// `file:` URI of an absolute path, percent-encoding what a URI cannot hold.
pub fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    let s = path.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        out.push('/');
    }
    out.push_str(&crate::uri::percent_encode(&s, crate::uri::PATH_CHARS));
    out
}

/// Resolve `.` and `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip_through_encoding() {
        let p = Path::new("/tmp/a b/c%.json");
        let uri = file_uri(p);
        assert_eq!(uri, "file:///tmp/a%20b/c%25.json");
        assert_eq!(
            crate::uri::percent_decode(uri.strip_prefix("file://").unwrap()),
            "/tmp/a b/c%.json"
        );
    }

    #[test]
    fn remote_and_escaping_references_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let r = LocalRetriever::new(Some(dir.path()));
        assert!(matches!(
            r.locate("http://example.com/s.json"),
            Err(RetrieveError::Remote(_))
        ));
        let outside = file_uri(&dir.path().join("../elsewhere.json"));
        assert!(matches!(
            r.locate(&outside),
            Err(RetrieveError::Escapes { .. })
        ));
    }
}
