//! `msglint.toml`: rule severities, ignore globs, the minimum Chrome version and the
//! contract path. Typed, with unknown keys rejected: a typo is an error that points at
//! its line, never a silently ignored setting. Described by
//! `schemas/msglint.config.schema.json`.
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use miette::{LabeledSpan, NamedSource, SourceCode};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;

/// The name searched for from the checked path upwards.
pub const FILE_NAME: &str = "msglint.toml";

/// A rule's configured level: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Info,
    Warning,
    Error,
}

impl RuleLevel {
    /// The severity findings get, `None` when the rule is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Off => "off",
            RuleLevel::Info => "info",
            RuleLevel::Warning => "warning",
            RuleLevel::Error => "error",
        }
    }
}

impl fmt::Display for RuleLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleLevel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" => Ok(RuleLevel::Off),
            "info" => Ok(RuleLevel::Info),
            "warning" => Ok(RuleLevel::Warning),
            "error" => Ok(RuleLevel::Error),
            _ => Err(format!(
                "invalid level `{s}`: expected one of off, info, warning, error"
            )),
        }
    }
}

/// Parse a `--rule ID=LEVEL` argument (usable as a clap `value_parser`).
pub fn parse_rule_override(arg: &str) -> Result<(String, RuleLevel), String> {
    let (id, level) = arg
        .split_once('=')
        .ok_or_else(|| format!("expected ID=LEVEL, got `{arg}`"))?;
    let id = id.trim();
    if id.is_empty() {
        return Err(format!("missing rule id in `{arg}`"));
    }
    Ok((id.to_string(), level.trim().parse()?))
}

/// The contents of `msglint.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Rule id -> level. Keys keep their spans so unknown ids can be pointed at.
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleLevel>,
    /// Gitignore-style globs relative to the config file's directory.
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    /// Overrides the manifests' `minimum_chrome_version`.
    pub minimum_chrome_version: Option<u32>,
    /// The message contract, relative to the config file.
    #[serde(default)]
    contract: Option<String>,
    /// Fail when there are more warnings than this.
    pub max_warnings: Option<usize>,
    #[serde(skip)]
    origin: Option<Origin>,
}

/// Where a loaded config came from: for relative paths and for errors that quote it.
#[derive(Debug, Clone)]
struct Origin {
    path: PathBuf,
    text: Arc<str>,
    ignore: Gitignore,
}

/// A rule id in the config that the registry does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule {
    pub id: String,
    /// Byte range of the key in the config file.
    pub span: Range<usize>,
}

impl Config {
    /// Search `start` (or its parent, for a file) and its ancestors for `msglint.toml`.
    pub fn find(start: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        let start = std::path::absolute(start).map_err(|source| ConfigError::Io {
            path: start.to_path_buf(),
            source,
        })?;
        let first = if start.is_file() {
            start.parent()
        } else {
            Some(start.as_path())
        };
        for dir in first.into_iter().flat_map(Path::ancestors) {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                let config = Config::load(&candidate)?;
                return Ok(Some((candidate, config)));
            }
        }
        Ok(None)
    }

    /// Read and check one config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, text.into())
    }

    /// Check config text as if read from `path` (which anchors relative paths).
    pub fn parse(path: &Path, text: Arc<str>) -> Result<Config, ConfigError> {
        let invalid = |message: String, span: Option<Range<usize>>, label: &str| {
            ConfigError::Invalid(Box::new(Invalid::new(
                path,
                text.clone(),
                message,
                span,
                label,
            )))
        };
        let mut config: Config = toml::from_str(&text)
            .map_err(|e| invalid(e.message().trim().to_string(), e.span(), "here"))?;
        // Globs are matched against the absolute paths discovery produces: anchor them at
        // the config's absolute directory, whatever form `--config` was given in.
        let dir = std::path::absolute(path)
            .map(|abs| crate::discover::normalize(&abs))
            .unwrap_or_else(|_| path.to_path_buf());
        let dir = dir.parent().unwrap_or(Path::new(""));
        let mut builder = GitignoreBuilder::new(dir);
        for glob in &config.ignore {
            builder.add_line(None, glob.get_ref()).map_err(|e| {
                invalid(
                    format!("invalid ignore glob: {e}"),
                    Some(glob.span()),
                    "this glob",
                )
            })?;
        }
        let ignore = builder
            .build()
            .map_err(|e| invalid(format!("invalid ignore globs: {e}"), None, "here"))?;
        config.origin = Some(Origin {
            path: path.to_path_buf(),
            text,
            ignore,
        });
        Ok(config)
    }

    /// The file this config was loaded from (`None` for `Config::default()`).
    pub fn path(&self) -> Option<&Path> {
        self.origin.as_ref().map(|o| o.path.as_path())
    }

    /// The directory relative paths in the config are resolved against.
    pub fn dir(&self) -> Option<&Path> {
        self.path().and_then(Path::parent)
    }

    /// The configured level of a rule, if the config sets one.
    pub fn rule_level(&self, id: &str) -> Option<RuleLevel> {
        self.rules.get(id).copied()
    }

    /// Every configured rule and level, sorted by id.
    pub fn rule_levels(&self) -> impl Iterator<Item = (&str, RuleLevel)> {
        self.rules
            .iter()
            .map(|(id, level)| (id.get_ref().as_str(), *level))
    }

    /// The ignore globs as written.
    pub fn ignore_globs(&self) -> impl Iterator<Item = &str> {
        self.ignore.iter().map(|g| g.get_ref().as_str())
    }

    /// The contract path, resolved against the config file's directory.
    pub fn contract_path(&self) -> Option<PathBuf> {
        let contract = Path::new(self.contract.as_deref()?);
        Some(match self.dir() {
            Some(dir) => dir.join(contract),
            None => contract.to_path_buf(),
        })
    }

    /// Whether `path` (absolute, or relative to the config's directory) is matched by
    /// the ignore globs, itself or through one of its parent directories.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Some(origin) = &self.origin else {
            return false;
        };
        let root = origin.ignore.path();
        let rel = if path.is_absolute() {
            // The matcher only answers for paths under its root.
            match path.strip_prefix(root) {
                Ok(rel) => rel,
                Err(_) => return false,
            }
        } else {
            path
        };
        origin
            .ignore
            .matched_path_or_any_parents(rel, is_dir)
            .is_ignore()
    }

    /// Configured rule ids that are not in `known`, with the span of each key.
    pub fn unknown_rules(&self, known: &[&str]) -> Vec<UnknownRule> {
        self.rules
            .keys()
            .filter(|id| !known.contains(&id.get_ref().as_str()))
            .map(|id| UnknownRule {
                id: id.get_ref().clone(),
                span: id.span(),
            })
            .collect()
    }

    /// [`Config::unknown_rules`] as an error pointing at the first unknown id.
    pub fn check_rule_ids(&self, known: &[&str]) -> Result<(), ConfigError> {
        let unknown = self.unknown_rules(known);
        let (Some(first), Some(origin)) = (unknown.first(), &self.origin) else {
            return Ok(());
        };
        Err(ConfigError::Invalid(Box::new(Invalid::new(
            &origin.path,
            origin.text.clone(),
            format!("unknown rule `{}`", first.id),
            Some(first.span.clone()),
            "not a msglint rule (see `msglint rules`)",
        ))))
    }
}

/// A config file that could not be read or is not valid.
#[derive(Debug)]
pub enum ConfigError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Invalid(Box<Invalid>),
}

/// The details of an invalid config: what, and where in the file.
#[derive(Debug)]
pub struct Invalid {
    pub path: PathBuf,
    text: Arc<str>,
    pub message: String,
    /// Byte range in the file, when the problem has one.
    pub span: Option<Range<usize>>,
    label: String,
    /// The file as miette's source, so the error shows the offending line.
    named: NamedSource<Arc<str>>,
}

impl Invalid {
    fn new(
        path: &Path,
        text: Arc<str>,
        message: String,
        span: Option<Range<usize>>,
        label: &str,
    ) -> Self {
        Invalid {
            path: path.to_path_buf(),
            named: NamedSource::new(path.display().to_string(), text.clone()),
            text,
            message,
            span,
            label: label.to_string(),
        }
    }
}

impl Invalid {
    /// 1-based line and column (in characters) of the problem.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let start = self.span.as_ref()?.start.min(self.text.len());
        let before = self.text.get(..start)?;
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Some((line, before[line_start..].chars().count() + 1))
    }
}

impl ConfigError {
    /// Line and column of the problem, for invalid files with a located problem.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        match self {
            ConfigError::Invalid(invalid) => invalid.line_col(),
            ConfigError::Io { .. } => None,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ConfigError::Invalid(invalid) => match invalid.line_col() {
                Some((line, col)) => write!(
                    f,
                    "invalid config {}:{line}:{col}: {}",
                    invalid.path.display(),
                    invalid.message
                ),
                None => write!(
                    f,
                    "invalid config {}: {}",
                    invalid.path.display(),
                    invalid.message
                ),
            },
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Io { source, .. } => Some(source),
            ConfigError::Invalid(_) => None,
        }
    }
}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("msglint::config"))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match self {
            ConfigError::Invalid(invalid) => Some(&invalid.named),
            ConfigError::Io { .. } => None,
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let ConfigError::Invalid(invalid) = self else {
            return None;
        };
        let span = invalid.span.clone()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(invalid.label.clone()), span),
        )))
    }
}
