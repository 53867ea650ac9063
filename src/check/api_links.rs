//! The extension API across units: modules that import it from a module of the
//! extension (a wrapper), and bundle chunks that require a module of another chunk of
//! their context, get their models built again with what the other unit exports (see
//! [`rebuild_api_importers`]).
use std::collections::HashMap;

use rayon::prelude::*;

use super::Slots;
use crate::discover::Project;
use crate::semantic::imports::{self, ApiExport, ApiImports};
use crate::semantic::Semantic;

/// A module file's name less a script extension (`api.js`, `api`: `api`), to tell which
/// import specifiers may name a module.
fn module_stem(name: &str) -> &str {
    [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name)
}

/// What [`rebuild_api_importers`] keeps between calls: what each unit's model was last
/// built with, and the modules each bundle chunk asked about requires from other chunks.
#[derive(Default)]
pub(super) struct ApiLinks {
    /// The units' contexts when the last call finished: a call on the same units and
    /// contexts would find what that one did.
    settled: Option<Vec<Vec<(usize, usize)>>>,
    given: Vec<ApiImports>,
    missing: HashMap<usize, rustc_hash::FxHashSet<crate::semantic::webpack::Key>>,
}

/// Rounds of [`rebuild_api_importers`]: more than any real chain of modules re-exporting
/// the API.
const MAX_API_IMPORT_ROUNDS: usize = 8;

/// Modules that import the extension API from one of the extension's own modules (a
/// wrapper: `export default globalThis.browser ?? globalThis.chrome`, imported as `import
/// api from "./api.js"`) get their models built again, told which import specifiers bind
/// it; in rounds, for a module that passes on what it imported (`export const runtime =
/// api.runtime`, `export { default } from "./api.js"`). So do bundle chunks that require
/// a module another chunk file of their context holds, when its export is the API (the
/// polyfill in a `vendors.js` chunk). `links.given[u]` is what unit `u`'s model was last
/// built with. Without a wrapper or such a chunk in the extension this costs one look at
/// each model's exports.
pub(super) fn rebuild_api_importers<'a>(
    project: &Project,
    slots: &'a Slots,
    sems: &mut [Option<Semantic<'a>>],
    links: &mut ApiLinks,
) {
    let unit_contexts = project.contexts_of();
    if links.settled.as_ref() == Some(&unit_contexts) {
        return;
    }
    links.settled = Some(unit_contexts.clone());
    let ApiLinks { given, missing, .. } = links;
    given.resize_with(sems.len(), ApiImports::default);
    let program = |u: usize| Some(&slots.get(u)?.as_ref().ok()?.program);
    if sems
        .iter()
        .flatten()
        .all(|s| s.api_exports.is_empty() && s.module_api_exports.is_empty())
    {
        return;
    }
    // Syntax only, the same in every round: each module's re-exports, `(unit, specifier
    // it re-exports from, names)` (see `imports::re_exports`), and the units specifiers
    // name, resolved once each when asked.
    let re_exports: Vec<(usize, &swc_atoms::Atom, imports::ReExported)> = (0..sems.len())
        .filter_map(|u| Some((u, program(u)?)))
        .flat_map(|(u, p)| {
            imports::re_exports(p)
                .into_iter()
                .map(move |(src, names)| (u, src, names))
        })
        .collect();
    let mut resolved: HashMap<(usize, &swc_atoms::Atom), Option<usize>> = HashMap::new();
    let mut resolve = |u: usize, src: &'a swc_atoms::Atom| {
        *resolved
            .entry((u, src))
            .or_insert_with(|| project.resolve_import(u, src))
    };
    // Specifiers are resolved (path work, for every import of every module) only when
    // they name a file of the name of a module exporting the API.
    let exporting = |exports: &[rustc_hash::FxHashMap<swc_atoms::Atom, ApiExport>]| {
        exports
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.is_empty())
            .filter_map(|(u, _)| {
                let path = &project.sources.get(project.units.get(u)?.source).path;
                Some(module_stem(path.file_name()?.to_str()?).to_string())
            })
            .collect::<rustc_hash::FxHashSet<String>>()
    };
    let may_name = |names: &rustc_hash::FxHashSet<String>, src: &str| {
        names.contains(module_stem(src.rsplit('/').next().unwrap_or(src)))
    };
    // Rebuilt models only gain exports: the check above holds in every round.
    for _ in 0..MAX_API_IMPORT_ROUNDS {
        // What each module exports, its re-exports of other modules' exports included.
        let mut exports: Vec<rustc_hash::FxHashMap<swc_atoms::Atom, ApiExport>> = sems
            .iter()
            .map(|s| {
                s.as_ref()
                    .map(|s| s.api_exports.clone())
                    .unwrap_or_default()
            })
            .collect();
        for _ in 0..MAX_API_IMPORT_ROUNDS {
            let mut changed = false;
            let names = exporting(&exports);
            for (u, src, passes) in &re_exports {
                if !may_name(&names, src) {
                    continue;
                }
                let Some(from) = resolve(*u, src) else {
                    continue;
                };
                let passed: Vec<(swc_atoms::Atom, ApiExport)> = match passes {
                    Some((there, here)) => exports[from]
                        .get(there)
                        .map(|a| (here.clone(), a.clone()))
                        .into_iter()
                        .collect(),
                    None => exports[from]
                        .iter()
                        .filter(|(name, _)| &***name != "default")
                        .map(|(name, a)| (name.clone(), a.clone()))
                        .collect(),
                };
                for (name, a) in passed {
                    if let std::collections::hash_map::Entry::Vacant(slot) = exports[*u].entry(name)
                    {
                        slot.insert(a);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // Each module's import specifiers that bind one.
        let names = exporting(&exports);
        let mut rebuild = Vec::new();
        for (u, given_u) in given.iter().enumerate() {
            let Some(p) = program(u) else { continue };
            let mut hints = ApiImports::default();
            for decl in imports::import_decls(p) {
                let Some(from) = decl
                    .src
                    .value
                    .as_atom()
                    .filter(|src| may_name(&names, src))
                    .and_then(|src| resolve(u, src))
                else {
                    continue;
                };
                let Some(there) = exports.get(from).filter(|e| !e.is_empty()) else {
                    continue;
                };
                for (n, spec) in decl.specifiers.iter().enumerate() {
                    if let Some(a) = imports::imported_name(spec).and_then(|name| there.get(&name))
                    {
                        hints.insert(decl, n, a.clone());
                    }
                }
            }
            // Bundled modules another chunk file of the unit's contexts holds.
            if let Some(sem) = sems[u].as_ref().filter(|s| s.has_registry()) {
                let contexts = unit_contexts.get(u).map_or(&[][..], Vec::as_slice);
                let offered: Vec<&Semantic<'a>> = project
                    .context_units(contexts)
                    .filter(|&v| v != u)
                    .filter_map(|v| sems.get(v)?.as_ref())
                    .filter(|other| !other.module_api_exports.is_empty())
                    .collect();
                if !offered.is_empty() {
                    // The same in every round: the program's calls and its own table.
                    let missing = missing.entry(u).or_insert_with(|| sem.missing_modules(p));
                    for other in offered {
                        for (key, a) in &other.module_api_exports {
                            if missing.contains(key) {
                                hints
                                    .modules
                                    .entry(key.clone())
                                    .or_insert_with(|| a.clone());
                            }
                        }
                    }
                }
            }
            if hints != *given_u {
                rebuild.push((u, hints));
            }
        }
        if rebuild.is_empty() {
            return;
        }
        let rebuilt: Vec<(usize, Option<Semantic<'a>>, ApiImports)> = rebuild
            .into_par_iter()
            .with_max_len(1)
            .map(|(u, hints)| {
                let sem = slots
                    .get(u)
                    .and_then(|r| r.as_ref().ok())
                    .map(|p| Semantic::build_with(&p.program, p.unresolved, &hints));
                (u, sem, hints)
            })
            .collect();
        for (u, sem, hints) in rebuilt {
            sems[u] = sem;
            given[u] = hints;
        }
    }
}
