//! Discovery: which files make up the extensions under the given paths, and which
//! context (background, content script, extension page, ...) each script runs in.
//!
//! Manifests are the map. Scripts they reach (directly, through HTML pages, through
//! `importScripts` and ES imports, which are followed after parsing) get the context
//! that runs them, as do the scripts their code starts as workers or injects into pages
//! (`scripting.executeScript({ files })`, found by the semantic model); everything else
//! is still checked, in an unknown context.
pub mod archive;
pub mod html;
pub mod manifest;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileProblem, Location, Severity};
use crate::source::{Source, SourceId, Sources};
use manifest::Manifest;

/// Script dialect, chosen from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Js,
    Jsx,
    Ts,
    Tsx,
}

/// What a unit's code makes run besides itself, found by parsing it: the units
/// [`Project::follow_loads`] adds to its contexts.
#[derive(Debug, Clone, Default)]
pub struct Reaches {
    /// Specifiers it loads: static and literal dynamic imports, `importScripts`.
    pub loads: Vec<String>,
    /// Scripts it starts as workers (`new Worker("w.js")`, `new SharedWorker(new
    /// URL("./w.js", import.meta.url))`, `new Worker(chrome.runtime.getURL("w.js"))`).
    pub workers: Vec<String>,
    /// Scripts it injects into pages (`scripting.executeScript({ files })`, ...).
    pub injected: Vec<Injection>,
}

/// Scripts one call injects into pages (`scripting.executeScript({ files })`, ...), as
/// written: relative to the extension's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injection {
    pub files: Vec<String>,
    /// `world: "MAIN"`: the scripts run as the page, with none of the extension's APIs.
    pub main_world: bool,
}

/// One piece of code parsed on its own: a script file or an inline `<script>`.
#[derive(Debug, Clone)]
pub struct Unit {
    pub source: SourceId,
    /// Byte range of the code inside the source (the whole file for a script file).
    pub start: usize,
    pub end: usize,
    pub lang: Lang,
    /// `Some(true)`: must be a module (`.mjs`, `type="module"`); `None`: detect.
    pub module: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContextKind {
    /// Service worker, background page or background scripts: fully privileged.
    Background,
    /// An isolated-world content script: runs in web pages, partly trusted.
    ContentScript,
    /// A `world: "MAIN"` content script or a web-accessible script: runs as the page.
    PageWorld,
    /// Popup, options, devtools, side panel, overrides and other extension pages.
    ExtensionPage,
    /// A dedicated or shared worker started by extension code (`new Worker("w.js")`): no
    /// window, no extension APIs; its `message` events come from the script that started it.
    Worker,
    /// Reached by no manifest.
    Unknown,
}

impl ContextKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContextKind::Background => "background",
            ContextKind::ContentScript => "content script",
            ContextKind::PageWorld => "page world",
            ContextKind::ExtensionPage => "extension page",
            ContextKind::Worker => "worker",
            ContextKind::Unknown => "unknown",
        }
    }
}

/// A set of scripts that run together and share a global scope.
#[derive(Debug, Clone)]
pub struct Context {
    pub kind: ContextKind,
    /// Human label: "background", "content_scripts[1]", "popup.html".
    pub label: String,
    pub units: Vec<usize>,
    /// Listed in `web_accessible_resources` (an extension page there, or the context of
    /// the scripts there): web pages may load it. An extension page so listed may be
    /// framed by any of them, and its `parent` / `top` is then theirs.
    pub web_accessible: bool,
}

#[derive(Debug, Clone)]
pub struct Extension {
    pub manifest_source: SourceId,
    /// Directory holding `manifest.json`.
    pub dir: PathBuf,
    /// `None` when the manifest does not parse.
    pub manifest: Option<Manifest>,
    pub contexts: Vec<Context>,
}

/// Everything found under the checked paths, before parsing.
#[derive(Debug, Default)]
pub struct Project {
    pub root: PathBuf,
    pub sources: Sources,
    pub units: Vec<Unit>,
    pub extensions: Vec<Extension>,
    /// Findings made while discovering (broken manifests, unreadable files).
    pub diagnostics: Vec<Diagnostic>,
    pub problems: Vec<FileProblem>,
    /// Script files by normalized path, to follow imports after parsing.
    pub unit_by_path: HashMap<PathBuf, usize>,
    /// The checked directories: files loaded after parsing are read only from inside.
    bounds: Bounds,
    /// Loaded files [`Project::add_loaded`] could not read: tried once.
    unreadable: std::collections::HashSet<PathBuf>,
    /// Packed extensions named on the command line, unpacked (their directories live as
    /// long as the project), and how their files are named in reports.
    _unpacked: Vec<archive::Unpacked>,
    shown: archive::Shown,
}

const SCRIPT_EXTS: &[&str] = &["js", "mjs", "cjs", "jsx", "ts", "tsx", "mts", "cts"];

fn lang_of(path: &Path) -> Option<(Lang, Option<bool>)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !SCRIPT_EXTS.contains(&ext.as_str()) {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    if name.ends_with(".d.ts") || name.ends_with(".d.mts") || name.ends_with(".d.cts") {
        return None;
    }
    Some(match ext.as_str() {
        "jsx" => (Lang::Jsx, None),
        "ts" | "cts" => (Lang::Ts, None),
        "mts" => (Lang::Ts, Some(true)),
        "tsx" => (Lang::Tsx, None),
        "mjs" => (Lang::Js, Some(true)),
        _ => (Lang::Js, None),
    })
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Lexical normalization (no file system access): `a/./b/../c` -> `a/c`.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The root that reported paths are relative to.
pub fn root_of(paths: &[PathBuf]) -> PathBuf {
    let dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let p = normalize(p);
            if p.is_file() {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            } else {
                p
            }
        })
        .collect();
    let Some(first) = dirs.first() else {
        return PathBuf::from(".");
    };
    let mut common = first.clone();
    for d in &dirs[1..] {
        while !d.starts_with(&common) {
            if !common.pop() {
                break;
            }
        }
    }
    common
}

fn rel_path(root: &Path, shown: &archive::Shown, path: &Path) -> String {
    let unpacked = shown.shown(path);
    let path = unpacked.as_deref().unwrap_or(path);
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        path.to_string_lossy().replace('\\', "/")
    } else {
        s
    }
}

/// A predicate over absolute paths: true for files the user asked not to check.
#[derive(Clone)]
pub struct IgnoreFn(pub std::sync::Arc<dyn Fn(&Path) -> bool + Send + Sync>);

impl std::fmt::Debug for IgnoreFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IgnoreFn")
    }
}

/// Per HTML page: its inline units, and its `<script src>` references (page folder, src).
/// Per page: its inline units, and its `<script src>` as (page folder, raw src, module).
type PageScripts = HashMap<SourceId, (Vec<usize>, Vec<(PathBuf, String, bool)>)>;

/// Options for discovery.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Files not to check (the configuration's `ignore` globs).
    pub ignore_fn: Option<IgnoreFn>,
    /// Check what `.gitignore` (and `.ignore`, `.git/info/exclude`) excludes too
    /// (`--no-ignore`): code under review should not choose what is read.
    pub no_vcs_ignore: bool,
}

/// What was read from disk for one file.
enum Read {
    Text(String),
    Problem(Box<(Diagnostic, String, FileProblem)>),
}

/// Walk `paths`, read every script, HTML page and manifest, and assign contexts.
pub fn discover(paths: &[PathBuf], opts: &Options) -> Result<Project, String> {
    let root = root_of(paths);
    for p in paths {
        if !p.exists() {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    // A packed extension (`.crx`, `.xpi`, `.zip`) is checked as the directory it unpacks
    // to; what cannot be unpacked is reported against the archive.
    let mut shown = archive::Shown::default();
    let mut unpacked = Vec::new();
    let mut archive_problems: Vec<(PathBuf, Vec<String>)> = Vec::new();
    let mut targets: Vec<(PathBuf, bool)> = Vec::with_capacity(paths.len());
    for p in paths {
        if !(p.is_file() && archive::is_archive(p, checked_kind(p))) {
            targets.push((p.clone(), false));
            continue;
        }
        let at = normalize(p);
        match archive::unpack(p, checked_kind) {
            Ok(u) => {
                let dir = u.dir.path().to_path_buf();
                shown.add(dir.clone(), at.clone());
                let whys: Vec<String> = u
                    .skipped
                    .iter()
                    .map(|(entry, why)| format!("`{entry}` in the archive: {why}"))
                    .collect();
                if !whys.is_empty() {
                    archive_problems.push((at, whys));
                }
                targets.push((dir, true));
                unpacked.push(u);
            }
            Err(why) => archive_problems.push((at, vec![why])),
        }
    }
    let bounds = Bounds::of(&targets.iter().map(|t| t.0.clone()).collect::<Vec<_>>());
    let mut files: Vec<PathBuf> = Vec::new();
    // A directory that cannot be listed is reported; the rest of the walk goes on.
    let mut walk_problems: Vec<FileProblem> = Vec::new();
    for (p, from_archive) in &targets {
        if p.is_file() {
            files.push(normalize(p));
            continue;
        }
        if !p.is_dir() {
            return Err(format!(
                "{}: not a regular file or directory (a FIFO, socket or device)",
                p.display()
            ));
        }
        // A package holds what the browser loads: no ignore file in it, or above the
        // temporary directory it was unpacked to, has a say.
        let no_vcs_ignore = opts.no_vcs_ignore || *from_archive;
        let walker = ignore::WalkBuilder::new(p)
            .hidden(false)
            .require_git(false)
            .git_ignore(!no_vcs_ignore)
            .git_exclude(!no_vcs_ignore)
            .git_global(!no_vcs_ignore)
            .ignore(!no_vcs_ignore)
            .parents(!no_vcs_ignore)
            .filter_entry(|e| {
                let n = e.file_name();
                n != "node_modules" && n != ".git"
            })
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    walk_problems.push(FileProblem {
                        file: rel_path(&root, &shown, p),
                        message: format!("could not walk part of the tree: {e}"),
                        diagnosed: false,
                    });
                    continue;
                }
            };
            let path = normalize(entry.path());
            if let Some(f) = &opts.ignore_fn {
                // Globs name an unpacked file by where the user sees it: `ext.zip/lib/**`.
                let named = shown.shown(&path);
                let named = named.as_deref().unwrap_or(&path);
                if std::path::absolute(named).is_ok_and(|abs| (f.0)(&abs)) {
                    continue;
                }
            }
            match walked(&path, entry.file_type(), &bounds) {
                Walked::Check => files.push(path),
                Walked::Skip => {}
                Walked::Problem(message) => walk_problems.push(FileProblem {
                    file: rel_path(&root, &shown, &path),
                    message,
                    diagnosed: false,
                }),
            }
        }
    }
    // Manifests (and the pages they name) are read and parsed here, once: what they name
    // joins the file list, and the reads are reused below.
    let mut pre_read: HashMap<PathBuf, Read> = HashMap::new();
    let mut manifests: HashMap<PathBuf, Result<Manifest, manifest::ManifestError>> = HashMap::new();
    add_manifest_references(&mut files, &mut pre_read, &mut manifests, &bounds);
    files.sort();
    files.dedup();

    let mut project = Project {
        root: root.clone(),
        problems: walk_problems,
        _unpacked: unpacked,
        shown,
        ..Project::default()
    };
    project.bounds = bounds;
    let reads: Vec<(PathBuf, Option<Read>)> = files
        .into_iter()
        .map(|p| {
            let r = pre_read.remove(&p);
            (p, r)
        })
        .collect();
    let reads: Vec<(PathBuf, Read)> = reads
        .into_par_iter()
        .map(|(p, r)| {
            let r = r.unwrap_or_else(|| read(&p));
            (p, r)
        })
        .collect();
    // Built in one step from the paths in their sorted order: inserting one at a time
    // compared paths component by component at every level of the tree.
    let mut in_order: Vec<(PathBuf, SourceId)> = Vec::with_capacity(reads.len());
    let mut texts: Vec<Option<Arc<str>>> = Vec::new();
    for (path, r) in reads {
        let (id, text) = project.add_source(path.clone(), r);
        texts.push(text);
        in_order.push((path, id));
    }
    let by_path: BTreeMap<PathBuf, SourceId> = in_order.into_iter().collect();

    // Script files become units; HTML inline scripts are added per page below.
    for (path, &id) in &by_path {
        if texts[id.0 as usize].is_some() {
            project.add_script_unit(path.clone(), id);
        }
    }
    let mut page_units: PageScripts = HashMap::new();
    for (path, &id) in &by_path {
        if !is_html(path) {
            continue;
        }
        let Some(text) = texts[id.0 as usize].clone() else {
            continue;
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut inline = Vec::new();
        let mut external = Vec::new();
        for s in html::scripts(&text) {
            match s {
                html::PageScript::Inline { start, end, module } => {
                    inline.push(project.units.len());
                    project.units.push(Unit {
                        source: id,
                        start,
                        end,
                        lang: Lang::Js,
                        module: module.then_some(true),
                    });
                }
                // Kept raw: `/x.js` is relative to the extension root, known only later.
                html::PageScript::External { src, module, .. } => {
                    external.push((dir.clone(), src, module))
                }
            }
        }
        page_units.insert(id, (inline, external));
    }

    for (path, &id) in &by_path {
        if path.file_name().is_some_and(|n| n == "manifest.json") {
            let parsed = manifests.remove(path);
            let ext = build_extension(
                &mut project,
                path,
                id,
                parsed,
                &by_path,
                &page_units,
                &texts,
            );
            project.extensions.push(ext);
        }
    }
    // Added last: the ids above index `texts`.
    for (at, whys) in archive_problems {
        project.add_archive_problems(at, whys);
    }
    Ok(project)
}

/// A manifest's scripts and pages are part of the extension even where `.gitignore` or the
/// configuration leaves them out (a gitignored `build/` that the manifest loads): add
/// every existing file a manifest names, and the scripts its pages name. What this reads
/// (manifests, pages) lands in `pre_read`, the parsed manifests in `manifests`.
fn add_manifest_references(
    files: &mut Vec<PathBuf>,
    pre_read: &mut HashMap<PathBuf, Read>,
    manifests: &mut HashMap<PathBuf, Result<Manifest, manifest::ManifestError>>,
    bounds: &Bounds,
) {
    let mut extra = Vec::new();
    let manifest_paths: Vec<PathBuf> = files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "manifest.json"))
        .cloned()
        .collect();
    for path in manifest_paths {
        let r = read(&path);
        if let Read::Text(text) = &r {
            manifests.insert(path.clone(), manifest::parse(text));
        }
        pre_read.insert(path.clone(), r);
        let Some(Ok(m)) = manifests.get(&path) else {
            continue;
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut refs: Vec<&manifest::Spanned> = m.background_scripts.iter().collect();
        refs.extend(m.service_worker.iter());
        refs.extend(m.content_scripts.iter().flat_map(|g| g.js.iter()));
        refs.extend(m.pages.iter().map(|p| &p.path));
        // Web-accessible resources are mostly images, fonts and styles: only their scripts
        // and pages are code to check (reading a `.png` as a script is a false parse error).
        refs.extend(
            m.web_accessible_resources
                .iter()
                .filter(|r| is_html(Path::new(&r.value)) || lang_of(Path::new(&r.value)).is_some()),
        );
        for r in refs {
            let Some(p) = resolve_ref(&dir, &r.value) else {
                continue;
            };
            if !p.is_file() || escapes(&dir, &p) || bounds.outside(&p) {
                continue;
            }
            if is_html(&p) && !pre_read.contains_key(&p) {
                let page = read(&p);
                if let Read::Text(html_text) = &page {
                    let page_dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
                    for s in html::scripts(html_text) {
                        if let html::PageScript::External { src, .. } = s {
                            extra.extend(page_src(&dir, &page_dir, &src).filter(|q| {
                                q.is_file() && !escapes(&dir, q) && !bounds.outside(q)
                            }));
                        }
                    }
                }
                pre_read.insert(p.clone(), page);
            }
            extra.push(p);
        }
    }
    files.extend(extra);
}

/// A page's `<script src>`: `/x` is relative to the extension's folder, anything else to
/// the page's.
fn page_src(ext_dir: &Path, page_dir: &Path, src: &str) -> Option<PathBuf> {
    let base = if src.starts_with('/') {
        ext_dir
    } else {
        page_dir
    };
    resolve_ref(base, src)
}

/// Resolve a page- or manifest-relative reference; remote URLs resolve to nothing.
/// The unit at `target`, or, for a bundler-style specifier written without its extension,
/// at `target` with `.js`, `.mjs` or `.ts`.
fn unit_at(unit_by_path: &HashMap<PathBuf, usize>, target: &Path) -> Option<usize> {
    unit_by_path
        .get(target)
        .copied()
        .or_else(|| completions(target).find_map(|p| unit_by_path.get(&p).copied()))
}

/// `target` with `.js`, `.mjs` and `.ts` appended, as a bundler completes a specifier
/// written without its extension: `./handlers` is `handlers.js`, `./lib.v2` is
/// `lib.v2.js`, and `./config.json` is never `config.js`.
fn completions(target: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    ["js", "mjs", "ts"].into_iter().map(move |e| {
        let mut p = target.as_os_str().to_owned();
        p.push(".");
        p.push(e);
        PathBuf::from(p)
    })
}

fn resolve_ref(base_dir: &Path, reference: &str) -> Option<PathBuf> {
    let r = reference.trim();
    if r.is_empty() || r.contains("://") || r.starts_with("//") || r.starts_with("data:") {
        return None;
    }
    let r = r.split(['?', '#']).next().unwrap_or(r);
    let r = r.trim_start_matches('/');
    Some(normalize(&base_dir.join(r)))
}

/// The directories the user asked to check, resolved: msglint reads no file outside them,
/// whatever a manifest, a page or a link points at. An extension under review is
/// untrusted input, and a `parse-error` shows a snippet of the file it names:
/// `"service_worker": "../../home/me/secrets.js"` would print that file into a CI log.
#[derive(Debug, Default)]
struct Bounds(Vec<PathBuf>);

impl Bounds {
    fn of(paths: &[PathBuf]) -> Bounds {
        Bounds(
            paths
                .iter()
                .filter_map(|p| {
                    let dir = if p.is_dir() { p.as_path() } else { p.parent()? };
                    let dir = if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        dir
                    };
                    std::fs::canonicalize(dir).ok()
                })
                .collect(),
        )
    }

    /// Whether `path`, links resolved, lies outside every checked directory (a path that
    /// cannot be resolved is not read anyway).
    fn outside(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|real| !self.0.iter().any(|b| real.starts_with(b)))
    }
}

/// Whether a reference resolved against `dir` (both normalized) leaves it: Chrome loads
/// nothing from outside an extension's directory.
fn escapes(dir: &Path, resolved: &Path) -> bool {
    match resolved.strip_prefix(dir) {
        Ok(rest) => rest.components().next() == Some(Component::ParentDir),
        Err(_) => true,
    }
}

/// What the walk does with one entry.
enum Walked {
    Check,
    /// A directory (walked into), a link to one, or a file of no kind msglint reads.
    Skip,
    /// A file msglint would read, and why it cannot: said, not passed over.
    Problem(String),
}

/// Manifests, pages and scripts: the files the walk collects.
fn checked_kind(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "manifest.json" || is_html(path) || lang_of(path).is_some()
}

fn walked(path: &Path, file_type: Option<std::fs::FileType>, bounds: &Bounds) -> Walked {
    match file_type {
        Some(t) if t.is_file() => {}
        Some(t) if t.is_dir() => return Walked::Skip,
        // The walk does not follow links (a link to `..` would loop): a link to a file is
        // read through it; a link to a directory is said, since what it holds goes
        // unchecked unless it is also under the checked path.
        Some(t) if t.is_symlink() => match std::fs::metadata(path) {
            Ok(m) if m.is_file() && bounds.outside(path) => {
                return Walked::Problem(
                    "a symbolic link to a file outside the checked directories: not read".into(),
                )
            }
            Ok(m) if m.is_file() => {}
            Ok(m) if m.is_dir() => {
                return Walked::Problem("a symbolic link to a directory: not followed".into())
            }
            _ if !checked_kind(path) => return Walked::Skip,
            Ok(_) => {
                return Walked::Problem(
                    "a symbolic link to something that is not a file: not read".into(),
                )
            }
            Err(_) => {
                return Walked::Problem(match std::fs::read_link(path) {
                    Ok(to) => format!(
                        "a broken symbolic link (to {:?}, which does not exist): not checked",
                        to.display().to_string()
                    ),
                    Err(_) => "a broken symbolic link: not checked".into(),
                })
            }
        },
        // A FIFO, socket or device named like a script: reading it could block forever,
        // or never end.
        _ if checked_kind(path) => {
            return Walked::Problem(
                "not a regular file (a FIFO, socket or device): not read".into(),
            )
        }
        _ => return Walked::Skip,
    }
    if checked_kind(path) {
        Walked::Check
    } else {
        Walked::Skip
    }
}

/// A file that cannot be analyzed: the diagnostic (its source filled in by the caller),
/// the text to show (lossy for invalid UTF-8) and the entry for the report's problem list.
fn problem(message: String, at: usize, help: &'static str, lossy: String) -> Read {
    let (d, fp) = problem_parts(message, at, help, !lossy.is_empty());
    Read::Problem(Box::new((d, lossy, fp)))
}

/// A `parse-error` at `at` (over one character when the file has text to show) and the
/// problem-list entry saying the same; source and file are the caller's to fill in.
fn problem_parts(
    message: String,
    at: usize,
    help: &'static str,
    text: bool,
) -> (Diagnostic, FileProblem) {
    let d = Diagnostic::new(
        "parse-error",
        Severity::Error,
        Location::new(SourceId(0), at, at + usize::from(text)),
        message.clone(),
    )
    .with_help(help);
    let fp = FileProblem {
        file: String::new(),
        message,
        diagnosed: true,
    };
    (d, fp)
}

fn read(path: &Path) -> Read {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return problem(
                format!("could not read the file: {e}"),
                0,
                "check the file's permissions",
                String::new(),
            )
        }
    };
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return problem(
            "binary file (it contains NUL bytes); browsers cannot load it as a script".into(),
            0,
            "remove it or rename it so it does not look like a script",
            String::new(),
        );
    }
    match String::from_utf8(bytes) {
        Ok(t) => Read::Text(t),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            problem(
                format!("the file is not valid UTF-8 (invalid byte at offset {at}); Chrome refuses to load it"),
                at,
                "save the file as UTF-8",
                lossy,
            )
        }
    }
}

fn build_extension(
    project: &mut Project,
    manifest_path: &Path,
    id: SourceId,
    parsed: Option<Result<Manifest, manifest::ManifestError>>,
    by_path: &BTreeMap<PathBuf, SourceId>,
    page_units: &PageScripts,
    texts: &[Option<Arc<str>>],
) -> Extension {
    let dir = manifest_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut ext = Extension {
        manifest_source: id,
        dir: dir.clone(),
        manifest: None,
        contexts: Vec::new(),
    };
    let Some(text) = texts[id.0 as usize].clone() else {
        return ext;
    };
    let m = match parsed.unwrap_or_else(|| manifest::parse(&text)) {
        Ok(m) => m,
        Err(e) => {
            let rel = project.sources.get(id).rel.clone();
            let msg = format!("manifest.json does not parse: {}", e.message);
            project.diagnostics.push(
                Diagnostic::new(
                    "parse-error",
                    Severity::Error,
                    Location::new(id, e.offset, e.offset + 1),
                    msg.clone(),
                )
                .with_help(
                    "fix the manifest; its scripts are checked in an unknown context meanwhile",
                ),
            );
            project.problems.push(FileProblem {
                file: rel,
                message: msg,
                diagnosed: true,
            });
            return ext;
        }
    };
    let mut missing: Vec<(manifest::Spanned, &'static str)> = Vec::new();
    let script_units =
        |project: &Project, refs: &[manifest::Spanned], missing: &mut Vec<_>| -> Vec<usize> {
            let mut out = Vec::new();
            for r in refs {
                match resolve_ref(&dir, &r.value).and_then(|p| project.unit_by_path.get(&p)) {
                    Some(&u) => out.push(u),
                    None => missing.push((r.clone(), "script")),
                }
            }
            out
        };
    // Background: scripts share one global scope; a service worker may be a module.
    let mut bg_refs = m.background_scripts.clone();
    bg_refs.extend(m.service_worker.clone());
    let bg_units = script_units(project, &bg_refs, &mut missing);
    if m.background_module {
        // `"type": "module"`: the service worker parses as a module, imports or not.
        let sw = m.service_worker.as_ref();
        if let Some(&u) = sw
            .and_then(|r| resolve_ref(&dir, &r.value))
            .and_then(|p| project.unit_by_path.get(&p))
        {
            project.units[u].module = Some(true);
        }
    }
    let mut bg = Context {
        kind: ContextKind::Background,
        label: "background".into(),
        units: bg_units,
        web_accessible: false,
    };
    for (i, g) in m.content_scripts.iter().enumerate() {
        let units = script_units(project, &g.js, &mut missing);
        ext.contexts.push(Context {
            kind: if g.main_world {
                ContextKind::PageWorld
            } else {
                ContextKind::ContentScript
            },
            label: format!("content_scripts[{i}]"),
            units,
            web_accessible: false,
        });
    }
    // Every HTML page in the extension's folder is an extension page (pages opened with
    // tabs.create or windows.create are as privileged as the popup); the background page
    // joins the background context.
    let war: Vec<PathBuf> = m
        .web_accessible_resources
        .iter()
        .filter_map(|r| resolve_ref(&dir, &r.value))
        .collect();
    // Looked up for every page: sets, not lists (a manifest listing thousands of
    // pages made discovery quadratic).
    let war_set: std::collections::HashSet<&PathBuf> = war.iter().collect();
    // Sandboxed pages get a unique origin and no extension APIs: they are as trusted as
    // a web page.
    let sandboxed: std::collections::HashSet<PathBuf> = m
        .pages
        .iter()
        .filter(|p| p.role == "sandbox")
        .filter_map(|p| resolve_ref(&dir, &p.path.value))
        .collect();
    let bg_page = m
        .background_page
        .as_ref()
        .and_then(|bp| resolve_ref(&dir, &bp.value));
    // `"resources": ["frames/*"]`: `*` matches any run of characters, `/` included, and
    // nothing else is special (a `?` or `[` in a name is that character), as in Chrome.
    // Escaped so, every pattern is a valid glob.
    let war_globs = {
        let mut b = globset::GlobSetBuilder::new();
        for r in &m.web_accessible_resources {
            if r.value.contains('*') {
                let literal_but_stars: Vec<String> = r
                    .value
                    .trim_start_matches('/')
                    .split('*')
                    .map(globset::escape)
                    .collect();
                if let Ok(g) = globset::Glob::new(&literal_but_stars.join("*")) {
                    b.add(g);
                }
            }
        }
        b.build().unwrap_or_else(|_| globset::GlobSet::empty())
    };
    // The files under `dir` only: in path order they are one run starting at `dir`
    // (paths compare by components). Scanning every file for each manifest made 8,000
    // extensions in one tree take 2.8 s to discover.
    let under_dir = by_path
        .range::<Path, _>((
            std::ops::Bound::Included(dir.as_path()),
            std::ops::Bound::Unbounded,
        ))
        .take_while(|(path, _)| path.starts_with(&dir));
    for (path, &sid) in under_dir {
        if !is_html(path) {
            continue;
        }
        let Some((inline, external)) = page_units.get(&sid) else {
            continue;
        };
        let mut units = inline.clone();
        for (page_dir, src, module) in external {
            let Some(p) = page_src(&dir, page_dir, src) else {
                continue;
            };
            if let Some(&u) = project.unit_by_path.get(&p) {
                units.push(u);
                // `<script type="module" src>`: parsed as a module, imports or not.
                if *module {
                    project.units[u].module = Some(true);
                }
            }
        }
        if bg_page.as_ref() == Some(path) {
            bg.units.extend(units);
            continue;
        }
        let rel = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let sandboxed = sandboxed.contains(path);
        ext.contexts.push(Context {
            kind: if sandboxed {
                ContextKind::PageWorld
            } else {
                ContextKind::ExtensionPage
            },
            web_accessible: !sandboxed
                && (war_set.contains(path) || war_globs.is_match(rel.as_str())),
            label: rel,
            units,
        });
    }
    for p in &m.pages {
        match resolve_ref(&dir, &p.path.value) {
            Some(path) if by_path.contains_key(&path) => {}
            _ => missing.push((p.path.clone(), p.role)),
        }
    }
    // Web-accessible scripts run in the page when a page or content script injects them.
    let war_units: Vec<usize> = war
        .iter()
        .filter_map(|p| project.unit_by_path.get(p).copied())
        .collect();
    if !war_units.is_empty() {
        ext.contexts.push(Context {
            kind: ContextKind::PageWorld,
            label: "web_accessible_resources".into(),
            units: war_units,
            web_accessible: true,
        });
    }
    ext.contexts.insert(0, bg);
    let rel = project.sources.get(id).rel.clone();
    for (r, what) in missing {
        // Not read because it leaves the extension's directory (see `add_manifest_references`),
        // or not there.
        let message = if resolve_ref(&dir, &r.value).is_some_and(|p| escapes(&dir, &p)) {
            format!(
                "the manifest names {:?}, outside the extension's directory: Chrome does not load it, and msglint does not read it",
                r.value
            )
        } else {
            format!(
                "the manifest names {what} {:?}, which was not found (or is not readable)",
                r.value
            )
        };
        project.problems.push(FileProblem {
            file: rel.clone(),
            message,
            diagnosed: false,
        });
    }
    ext.manifest = Some(m);
    ext
}

impl Project {
    /// Keep a file read from disk as a source. One that cannot be analyzed (unreadable,
    /// binary, not UTF-8) is kept with its lossy text, and its diagnostic and problem are
    /// recorded. Returns its id and, when it can be analyzed, its text.
    fn add_source(&mut self, path: PathBuf, r: Read) -> (SourceId, Option<Arc<str>>) {
        let rel = rel_path(&self.root, &self.shown, &path);
        match r {
            Read::Text(t) => {
                let text = Arc::<str>::from(t);
                let id = self.sources.add(Source::new(path, rel, text.clone()));
                (id, Some(text))
            }
            Read::Problem(b) => {
                let (mut d, lossy, mut fp) = *b;
                let id = self
                    .sources
                    .add(Source::new(path, rel.clone(), Arc::from(lossy)));
                d.location.source = id;
                fp.file = rel;
                self.diagnostics.push(d);
                self.problems.push(fp);
                (id, None)
            }
        }
    }

    /// Make the file `path` (source `id`) a unit when it is named like a script: its
    /// index.
    fn add_script_unit(&mut self, path: PathBuf, id: SourceId) -> Option<usize> {
        let (lang, module) = lang_of(&path)?;
        let end = self.sources.get(id).text.len();
        let u = self.units.len();
        self.unit_by_path.insert(path, u);
        self.units.push(Unit {
            source: id,
            start: 0,
            end,
            lang,
            module,
        });
        Some(u)
    }

    /// `path` as reports name it: relative to the checked root, `/`-separated.
    pub fn relative(&self, path: &Path) -> String {
        rel_path(&self.root, &self.shown, path)
    }

    /// An archive that could not be unpacked, or whose entries could not all be: kept as
    /// a source with no text, with a `parse-error` for each reason (an unreadable file is
    /// an error, and these are files msglint would have checked).
    fn add_archive_problems(&mut self, at: PathBuf, whys: Vec<String>) {
        let rel = self.relative(&at);
        let id = self
            .sources
            .add(Source::new(at, rel.clone(), Arc::from("")));
        for why in whys {
            let (mut d, mut fp) = problem_parts(
                why,
                0,
                "msglint reads CRX (versions 2 and 3), XPI and zip archives; to check what it \
                 could not unpack, unpack the archive and check the directory",
                false,
            );
            d.location.source = id;
            fp.file = rel.clone();
            self.diagnostics.push(d);
            self.problems.push(fp);
        }
    }

    /// Every (extension, context) a unit runs in.
    pub fn contexts_of(&self) -> Vec<Vec<(usize, usize)>> {
        let mut out = vec![Vec::new(); self.units.len()];
        for (e, ext) in self.extensions.iter().enumerate() {
            for (c, ctx) in ext.contexts.iter().enumerate() {
                for &u in &ctx.units {
                    if !out[u].contains(&(e, c)) {
                        out[u].push((e, c));
                    }
                }
            }
        }
        out
    }

    /// The contexts the given (extension, context) pairs name.
    pub fn contexts_at<'p>(
        &'p self,
        pairs: &'p [(usize, usize)],
    ) -> impl Iterator<Item = &'p Context> + 'p {
        pairs
            .iter()
            .filter_map(|&(e, c)| self.extensions.get(e)?.contexts.get(c))
    }

    /// The units of the given (extension, context) pairs, with repeats when a unit is
    /// in several: the scripts that share globals with a unit of those contexts.
    pub fn context_units<'p>(
        &'p self,
        pairs: &'p [(usize, usize)],
    ) -> impl Iterator<Item = usize> + 'p {
        self.contexts_at(pairs)
            .flat_map(|ctx| ctx.units.iter().copied())
    }

    /// The unit an ES module specifier names from `from`'s file: a relative one
    /// (`./handlers.js`, `../lib/x`) from the file's folder, a root-relative one
    /// (`/common/constants.js`, as Tree Style Tab writes them) from the root of the
    /// extension holding the file (the innermost, for nested ones), as the browser
    /// resolves it. `.js`, `.mjs` and `.ts` are tried when the file is not there as
    /// written. Bare specifiers are packages (`node_modules` is not checked): `None`.
    pub fn resolve_import(&self, from: usize, spec: &str) -> Option<usize> {
        let unit = self.units.get(from)?;
        let path = &self.sources.get(unit.source).path;
        let base = if spec.starts_with('.') {
            path.parent()?
        } else if spec.starts_with('/') {
            self.extensions
                .iter()
                .map(|e| e.dir.as_path())
                .filter(|d| path.starts_with(d))
                .max_by_key(|d| d.components().count())?
        } else {
            return None;
        };
        unit_at(&self.unit_by_path, &resolve_ref(base, spec)?)
    }

    /// Follow what parsing found each unit `u` reaches (`reaches[u]`, or nothing past the
    /// end): each context grows to the closure of what its scripts load; each script
    /// started as a worker becomes a worker context of its own, and each injection a
    /// content-script context of its own (page world for `world: "MAIN"`). The loads of
    /// the contexts found are followed in turn.
    ///
    /// Returns the files loaded that are not units (yet): a `.gitignore`d or ignored
    /// file the extension imports, `importScripts` or injects, for [`Project::add_loaded`].
    pub fn follow_loads(&mut self, reaches: &[&Reaches]) -> Vec<PathBuf> {
        let missing = std::cell::RefCell::new(Vec::new());
        for ext in &mut self.extensions {
            let ext_dir = ext.dir.clone();
            // Membership in constant time: a hostile tree can load, start or inject tens
            // of thousands of files, and scanning the lists for each was quadratic.
            let mut members: Vec<HashSet<usize>> = ext
                .contexts
                .iter()
                .map(|x| x.units.iter().copied().collect())
                .collect();
            let mut workers_started: HashSet<usize> = ext
                .contexts
                .iter()
                .filter(|x| x.kind == ContextKind::Worker)
                .filter_map(|x| x.units.first().copied())
                .collect();
            // (runs in the page's world, unit) for every content script already placed.
            let mut injected_at: HashSet<(bool, usize)> = HashSet::new();
            for x in &ext.contexts {
                let world = match x.kind {
                    ContextKind::ContentScript => false,
                    ContextKind::PageWorld => true,
                    _ => continue,
                };
                injected_at.extend(x.units.iter().map(|&u| (world, u)));
            }
            let mut c = 0;
            while c < ext.contexts.len() {
                let mut i = 0;
                while i < ext.contexts[c].units.len() {
                    let u = ext.contexts[c].units[i];
                    i += 1;
                    let Some(reach) = reaches.get(u) else {
                        continue;
                    };
                    let unit_path = self.sources.get(self.units[u].source).path.clone();
                    let base = unit_path
                        .parent()
                        .map(Path::to_path_buf)
                        .unwrap_or_default();
                    let find = |spec: &str, base: &Path| -> Option<usize> {
                        let target = if spec.starts_with('/') {
                            resolve_ref(&ext_dir, spec)
                        } else if spec.starts_with('.') || !spec.contains(':') {
                            resolve_ref(base, spec)
                        } else {
                            None
                        }?;
                        let found = unit_at(&self.unit_by_path, &target);
                        // Chrome loads nothing from outside the extension's directory.
                        if found.is_none() && !escapes(&ext_dir, &target) {
                            missing.borrow_mut().push(target);
                        }
                        found
                    };
                    for spec in &reach.loads {
                        if let Some(t) = find(spec, &base) {
                            if members[c].insert(t) {
                                ext.contexts[c].units.push(t);
                            }
                        }
                    }
                    for spec in &reach.workers {
                        // A plain string resolves against the page's URL, which msglint
                        // does not track: the script's folder first, then the root.
                        let Some(t) = find(spec, &base).or_else(|| find(spec, &ext_dir)) else {
                            continue;
                        };
                        if workers_started.insert(t) {
                            let rel = &self.sources.get(self.units[t].source).rel;
                            ext.contexts.push(Context {
                                kind: ContextKind::Worker,
                                label: format!("worker {rel}"),
                                units: vec![t],
                                web_accessible: false,
                            });
                            members.push(HashSet::from([t]));
                        }
                    }
                    for inj in &reach.injected {
                        let kind = if inj.main_world {
                            ContextKind::PageWorld
                        } else {
                            ContextKind::ContentScript
                        };
                        // Paths are relative to the extension's root, `/` or not. MV2's
                        // `tabs.executeScript({ file })` resolves against the calling
                        // page's URL: the root for a background, else the page's folder.
                        let mut units = Vec::new();
                        for f in &inj.files {
                            let Some(t) = find(f, &ext_dir).or_else(|| find(f, &base)) else {
                                continue;
                            };
                            // A script the manifest (or an earlier injection) already
                            // runs in this world is in a context already.
                            if injected_at.insert((inj.main_world, t)) {
                                units.push(t);
                            }
                        }
                        if !units.is_empty() {
                            let rel = &self.sources.get(self.units[u].source).rel;
                            members.push(units.iter().copied().collect());
                            ext.contexts.push(Context {
                                kind,
                                label: format!("injected by {rel}"),
                                units,
                                web_accessible: false,
                            });
                        }
                    }
                }
                c += 1;
            }
        }
        let mut missing = missing.into_inner();
        missing.sort();
        missing.dedup();
        missing
    }

    /// The script file a load of `target` reads that is not a unit yet: `target` as
    /// named, or a specifier completed as imports are (see `completions`:
    /// `./config.json` is never `config.js`), existing inside the checked directories.
    pub fn loadable(&self, target: &Path) -> Option<PathBuf> {
        let candidates: Vec<PathBuf> = if lang_of(target).is_some() {
            vec![target.to_path_buf()]
        } else {
            completions(target).collect()
        };
        candidates.into_iter().find(|p| {
            p.is_file()
                && !self.unit_by_path.contains_key(p)
                && !self.unreadable.contains(p)
                && !self.bounds.outside(p)
        })
    }

    /// Make units of the script files at `targets` (from [`Project::follow_loads`]) that
    /// exist inside the checked directories: what the extension loads is part of it even
    /// where `.gitignore` or the configuration leaves the file out, as a manifest's files
    /// are (a gitignored `dist/` whose background imports `./chunk-1.js`). A reference
    /// without an extension tries `.js`, `.mjs` and `.ts`, as imports are resolved. A
    /// file that cannot be read becomes a problem, as in discovery. Returns the new units.
    pub fn add_loaded(&mut self, targets: &[PathBuf]) -> Vec<usize> {
        let mut new = Vec::new();
        for target in targets {
            let Some(path) = self.loadable(target) else {
                continue;
            };
            match self.add_source(path.clone(), read(&path)) {
                (id, Some(_)) => new.extend(self.add_script_unit(path, id)),
                (_, None) => {
                    self.unreadable.insert(path);
                }
            }
        }
        new
    }
}
