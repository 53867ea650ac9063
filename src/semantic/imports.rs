//! The extension API imported from one of the extension's own modules: a wrapper such as
//! `api.js` holding `export default globalThis.browser ?? globalThis.chrome`, imported as
//! `import api from "./api.js"` by every other module. A unit's model is built alone, so
//! the importer learns what the wrapper exports only once the wrapper's model is built:
//! the check then builds the importer's model again with [`ApiImports`] (see
//! `check::api_links`).
use rustc_hash::FxHashMap as HashMap;
use swc_atoms::Atom;
use swc_ecma_ast::*;

use super::webpack::Key;
use super::Val;

/// An API value one module exports: what it is (`chrome`, `chrome.runtime`), and whether
/// the exporting module has it from `webextension-polyfill` (promise-style listeners).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiExport {
    pub val: Val,
    pub polyfill: bool,
}

/// What a unit has from other units of the extension: the import specifiers that bind an
/// API value, keyed by the import declaration's start and the specifier's index in it;
/// and the bundled modules of other chunk files whose export is the API, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiImports {
    specifiers: HashMap<(u32, usize), ApiExport>,
    pub modules: HashMap<Key, ApiExport>,
}

impl ApiImports {
    pub fn insert(&mut self, decl: &ImportDecl, specifier: usize, export: ApiExport) {
        self.specifiers.insert((decl.span.lo.0, specifier), export);
    }

    pub fn get(&self, decl: &ImportDecl, specifier: usize) -> Option<&ApiExport> {
        if self.specifiers.is_empty() {
            return None;
        }
        self.specifiers.get(&(decl.span.lo.0, specifier))
    }
}

/// The name an import specifier takes from its module (`default` for a default import);
/// `None` for a namespace import (`import * as ns`), which binds the module itself.
pub fn imported_name(s: &ImportSpecifier) -> Option<Atom> {
    match s {
        ImportSpecifier::Default(_) => Some(Atom::from("default")),
        ImportSpecifier::Named(n) => Some(match &n.imported {
            Some(name) => export_name(name)?,
            None => n.local.sym.clone(),
        }),
        ImportSpecifier::Namespace(_) => None,
    }
}

/// The name of a module export name (`"a-b"` or `a`).
pub fn export_name(n: &ModuleExportName) -> Option<Atom> {
    match n {
        ModuleExportName::Ident(i) => Some(i.sym.clone()),
        ModuleExportName::Str(s) => s.value.as_atom().cloned(),
    }
}

/// A module's top-level import declarations (type-only ones left out: they bind no value).
pub fn import_decls(program: &Program) -> impl Iterator<Item = &ImportDecl> {
    module_decls(program).filter_map(|d| match d {
        ModuleDecl::Import(i) if !i.type_only => Some(i),
        _ => None,
    })
}

/// The names a re-export passes on: `(name there, name here)`, or `None` for an `export *
/// from`, which passes on every name but `default`.
pub type ReExported = Option<(Atom, Atom)>;

/// A module's re-exports of another module's names: the specifier of the module they come
/// from, and which.
pub fn re_exports(program: &Program) -> Vec<(&Atom, ReExported)> {
    let mut out = Vec::new();
    for d in module_decls(program) {
        match d {
            ModuleDecl::ExportNamed(e) if !e.type_only => {
                let Some(src) = e.src.as_ref().and_then(|s| s.value.as_atom()) else {
                    continue;
                };
                for s in &e.specifiers {
                    if let ExportSpecifier::Named(n) = s {
                        let Some(orig) = export_name(&n.orig) else {
                            continue;
                        };
                        let here = match &n.exported {
                            Some(x) => export_name(x),
                            None => Some(orig.clone()),
                        };
                        if let Some(here) = here {
                            out.push((src, Some((orig, here))));
                        }
                    }
                }
            }
            ModuleDecl::ExportAll(e) if !e.type_only => {
                if let Some(src) = e.src.value.as_atom() {
                    out.push((src, None));
                }
            }
            _ => {}
        }
    }
    out
}

fn module_decls(program: &Program) -> impl Iterator<Item = &ModuleDecl> {
    let body = match program {
        Program::Module(m) => &m.body[..],
        Program::Script(_) => &[],
    };
    body.iter().filter_map(|item| match item {
        ModuleItem::ModuleDecl(d) => Some(d),
        ModuleItem::Stmt(_) => None,
    })
}
