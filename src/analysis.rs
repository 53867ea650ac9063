//! What rules see: every unit's AST and semantic model, which contexts it runs in, and
//! lookups across the units of one context.
use swc_atoms::Atom;
use swc_ecma_ast::{ImportDecl, ImportSpecifier, ModuleExportName, Program};

use crate::diagnostic::Location;
use crate::discover::{ContextKind, Project, Unit};
use crate::parse::Parsed;
use crate::semantic::{FnNode, FnRef, Semantic};
use crate::source::Source;

/// One unit as rules see it.
pub struct UnitCx<'a> {
    pub id: usize,
    pub unit: &'a Unit,
    pub source: &'a Source,
    pub program: &'a Program,
    pub parsed: &'a Parsed,
    pub sem: &'a Semantic<'a>,
    /// (extension index, context index) pairs this unit runs in.
    pub contexts: &'a [(usize, usize)],
}

impl UnitCx<'_> {
    /// A location in this unit's source from a byte range.
    pub fn loc(&self, range: (usize, usize)) -> Location {
        Location::new(self.unit.source, range.0, range.1)
    }

    /// The manifest versions of the extensions this unit belongs to.
    pub fn manifest_versions(&self, all: &Analysis<'_>) -> Vec<u64> {
        self.contexts
            .iter()
            .filter_map(|&(e, _)| {
                all.project.extensions[e]
                    .manifest
                    .as_ref()
                    .and_then(|m| m.manifest_version)
            })
            .collect()
    }

    pub fn context_kinds(&self, all: &Analysis<'_>) -> Vec<ContextKind> {
        all.project
            .contexts_at(self.contexts)
            .map(|c| c.kind)
            .collect()
    }
}

/// The whole run, for rules.
pub struct Analysis<'a> {
    pub project: &'a Project,
    /// Indexed by unit id; `None` for units that did not parse.
    pub units: Vec<Option<UnitCx<'a>>>,
    /// `minimum_chrome_version` from the configuration; overrides the manifests'.
    pub minimum_chrome_version: Option<u64>,
    /// Response models per unit (`semantic::response::models`), computed once on first use.
    pub responses: Vec<std::sync::OnceLock<Vec<crate::semantic::response::Model<'a>>>>,
    /// Taint facts per unit and per extension, computed once on first use.
    pub taint: crate::taint::Cache,
    /// Per extension, per context: whether webextension-polyfill is among its scripts.
    /// Asked for every listener, so computed once rather than by scanning the context.
    pub polyfill_loaded: Vec<Vec<bool>>,
}

/// A function resolved possibly in another unit.
#[derive(Clone, Copy)]
pub struct ResolvedFn<'a> {
    pub unit: usize,
    pub func: FnNode<'a>,
}

impl<'a> Analysis<'a> {
    pub fn unit(&self, id: usize) -> Option<&UnitCx<'a>> {
        self.units.get(id).and_then(Option::as_ref)
    }

    /// Resolve a listener's function (see [`resolve_fn`]).
    pub fn resolve(&self, unit: usize, f: FnRef<'a>) -> Option<ResolvedFn<'a>> {
        let contexts = self.unit(unit)?.contexts;
        resolve_fn(self.project, contexts, unit, f, |u| {
            self.unit(u).map(|c| c.sem)
        })
    }
}

/// The unit specifier `n` of import declaration `decl` (in unit `unit`) loads, and the
/// name it imports: `default`, the exported name, or `None` for a namespace import (the
/// whole module).
pub fn import_target(
    project: &Project,
    unit: usize,
    decl: &ImportDecl,
    n: usize,
) -> Option<(usize, Option<Atom>)> {
    let spec = decl.src.value.as_atom()?;
    let name = match decl.specifiers.get(n)? {
        ImportSpecifier::Default(_) => Some(Atom::from("default")),
        ImportSpecifier::Named(s) => Some(match &s.imported {
            Some(ModuleExportName::Ident(i)) => i.sym.clone(),
            Some(ModuleExportName::Str(x)) => x.value.as_atom()?.clone(),
            None => s.local.sym.clone(),
        }),
        ImportSpecifier::Namespace(_) => None,
    };
    Some((project.resolve_import(unit, spec)?, name))
}

/// Resolve a listener's function: locally; for a global name, among the other classic
/// scripts of the same context (they share one global scope), where ambiguous (declared
/// in several scripts) or missing means unresolved; for an ES module import, the
/// function the imported module exports under that name. `contexts` are `unit`'s;
/// `sem` gives each unit's model.
pub fn resolve_fn<'s, 'a: 's>(
    project: &Project,
    contexts: &[(usize, usize)],
    unit: usize,
    f: FnRef<'a>,
    sem: impl Fn(usize) -> Option<&'s Semantic<'a>>,
) -> Option<ResolvedFn<'a>> {
    match f {
        FnRef::Local(func) => Some(ResolvedFn { unit, func }),
        FnRef::Unknown => None,
        FnRef::Imported(decl, n) => {
            let (target, name) = import_target(project, unit, decl, n)?;
            let func = *sem(target)?.exports.get(&name?)?;
            Some(ResolvedFn { unit: target, func })
        }
        FnRef::Global(ident) => {
            if let Some(&func) = sem(unit)?.global_functions.get(&ident.sym) {
                return Some(ResolvedFn { unit, func });
            }
            let mut found: Option<ResolvedFn<'a>> = None;
            for u in project.context_units(contexts) {
                let Some(other) = sem(u) else { continue };
                if other.is_module {
                    continue;
                }
                if let Some(&func) = other.global_functions.get(&ident.sym) {
                    if found.as_ref().is_some_and(|f| f.unit != u) {
                        return None;
                    }
                    found = Some(ResolvedFn { unit: u, func });
                }
            }
            found
        }
    }
}
