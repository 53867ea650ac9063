//! The semantic model of one unit: what the `chrome` / `browser` namespaces are called
//! in this code (aliases), which messaging listeners it registers and with which
//! functions, and what it loads. Built once per unit; rules only ask it questions.
//!
//! Values are tracked abstractly ([`Val`]): "the extension namespace, path
//! `runtime.onMessage`", "a Port", "the global object". A binding holds a value when
//! every assignment to it yields the same one; one disagreeing assignment (reassignment
//! to something else) makes it unknown, and unknown is never guessed.
pub mod ctxts;
pub mod func;
pub mod imports;
mod inject;
mod worker;
use worker::{is_not_worker_test, is_worker_test, worker_script};
pub mod response;
pub mod webpack;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use swc_atoms::Atom;
use swc_common::SyntaxContext;
use swc_ecma_ast::*;
use swc_ecma_visit::{Visit, VisitWith};

pub use func::FnNode;

/// Which kind of Port a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortKind {
    /// From `runtime.connect` / `tabs.connect` (the sending side).
    Outgoing,
    /// Given to an `onConnect` listener.
    Incoming,
    /// Given to an `onConnectExternal` listener: the other side is untrusted.
    IncomingExternal,
    /// From `runtime.connectNative`.
    Native,
}

/// A path of member names under the namespace or a port: `["runtime", "onMessage"]`.
/// Inline up to four names: paths are built and cloned for every member expression in a
/// program, and real ones are short.
pub type Path = smallvec::SmallVec<[Atom; 4]>;

/// An abstract value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// The extension namespace (`chrome`, `browser`) or a path under it (`runtime.onMessage`).
    Api(Path),
    /// `window`, `self`, `globalThis`.
    Global,
    Document,
    /// A Port, or a path under one (`onMessage`).
    Port(PortKind, Path),
}

impl Val {
    /// The value of `self.name`. Takes `self` and the name so a path grows in place
    /// without another copy of the name: member chains are evaluated for every member
    /// expression in a program.
    fn member(self, name: Atom) -> Option<Val> {
        Some(match self {
            // A module's default export (`ns.default`, a bundler's interop object) of
            // the namespace is the namespace: no API is named `default`.
            Val::Api(p) if p.is_empty() && name == swc_atoms::atom!("default") => Val::Api(p),
            Val::Api(mut p) => {
                p.push(name);
                Val::Api(p)
            }
            Val::Global => match &*name {
                "chrome" | "browser" => Val::Api(Path::new()),
                "document" => Val::Document,
                "window" | "self" | "globalThis" | "top" | "parent" => Val::Global,
                _ => return None,
            },
            Val::Port(k, mut p) => {
                p.push(name);
                Val::Port(k, p)
            }
            Val::Document => return None,
        })
    }

    /// The API path if this is the namespace or under it: `["runtime", "onMessage"]`.
    pub fn api_path(&self) -> Option<Vec<&str>> {
        match self {
            Val::Api(p) => Some(p.iter().map(|a| &**a).collect()),
            _ => None,
        }
    }
}

/// The events msglint models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    OnMessage,
    OnMessageExternal,
    OnConnect,
    OnConnectExternal,
    OnUserScriptMessage,
    OnUserScriptConnect,
    /// A Port's `onMessage`.
    PortMessage(PortKind),
    PortDisconnect(PortKind),
    /// `window` / `self` / `document` `message` event (`addEventListener` or `onmessage =`).
    WindowMessage,
    /// Any other DOM event on window/document (custom events a page can dispatch).
    DomEvent(String),
}

impl Event {
    /// For `onConnect` events: the kind of Port the listener is given.
    pub fn port_given(&self) -> Option<PortKind> {
        match self {
            Event::OnConnect | Event::OnUserScriptConnect => Some(PortKind::Incoming),
            Event::OnConnectExternal => Some(PortKind::IncomingExternal),
            _ => None,
        }
    }

    /// Events whose listener answers with `sendResponse` / a returned value.
    pub fn is_one_time_message(&self) -> bool {
        matches!(
            self,
            Event::OnMessage | Event::OnMessageExternal | Event::OnUserScriptMessage
        )
    }

    pub fn describe(&self) -> String {
        match self {
            Event::OnMessage => "runtime.onMessage".into(),
            Event::OnMessageExternal => "runtime.onMessageExternal".into(),
            Event::OnConnect => "runtime.onConnect".into(),
            Event::OnConnectExternal => "runtime.onConnectExternal".into(),
            Event::OnUserScriptMessage => "runtime.onUserScriptMessage".into(),
            Event::OnUserScriptConnect => "runtime.onUserScriptConnect".into(),
            Event::PortMessage(_) => "Port.onMessage".into(),
            Event::PortDisconnect(_) => "Port.onDisconnect".into(),
            Event::WindowMessage => "window message event".into(),
            Event::DomEvent(n) => format!("DOM event {n:?}"),
        }
    }
}

/// The function a listener registration names.
#[derive(Debug, Clone, Copy)]
pub enum FnRef<'a> {
    Local(FnNode<'a>),
    /// An identifier that is no binding of this unit: maybe a function declared in another
    /// script of the same context (classic scripts share one global scope).
    Global(&'a Ident),
    /// A binding imported from another module: the import and the specifier's index.
    Imported(&'a ImportDecl, usize),
    /// Not resolvable statically (a call's result, a parameter, ...): rules stay silent.
    Unknown,
}

/// One listener registration.
#[derive(Debug, Clone)]
pub struct Listener<'a> {
    pub event: Event,
    /// Byte range of the registration (`...addListener(...)` call or `onmessage =` assignment).
    pub registration: (usize, usize),
    /// Byte range of the event expression (`chrome.runtime.onMessage`).
    pub target: (usize, usize),
    pub func: FnRef<'a>,
    /// When `func` only hands its parameters on, in order, to another function
    /// (`(m, s, r) => handle(m, s, r)`): that function, which registering `func` is the
    /// same as registering (see [`forwarder`]). One of another unit becomes `func` once
    /// found there (see `check::link_across_units`); a local one is what the taint walk
    /// walks as the listener (see [`Listener::walked`]).
    pub forwards: Option<FnRef<'a>>,
    /// Functions of other units this listener only hands its Port to
    /// (`(port) => { a(port); b(port); }`): each is walked as the listener, where it is
    /// declared (see `check::link_across_units`).
    pub handoffs: Vec<FnRef<'a>>,
    /// A `message` listener registered on `window` or `document` by name, which a worker
    /// does not have: page code even in a script that also runs as a worker.
    pub page_only: bool,
}

impl<'a> Listener<'a> {
    /// The functions other units may declare that the taint walk walks as this listener:
    /// its function, and those it hands its Port to.
    pub fn remote_candidates(&self) -> impl Iterator<Item = FnRef<'a>> + '_ {
        std::iter::once(self.func).chain(self.handoffs.iter().copied())
    }

    /// The function the taint walk walks as this listener: the local function `func`
    /// forwards to, if any, so that a sender check there counts; else `func`.
    pub fn walked(&self) -> FnRef<'a> {
        match self.forwards {
            Some(f @ FnRef::Local(_)) => f,
            _ => self.func,
        }
    }
}

/// Whether `e` names the page's `window` or `document` (`window`, `globalThis.document`):
/// objects a worker does not have.
fn names_page_object(e: &Expr, unresolved: SyntaxContext) -> bool {
    let page = |name: &str| name == "window" || name == "document";
    match strip(e) {
        Expr::Ident(i) => i.ctxt == unresolved && page(&i.sym),
        Expr::Member(m) => prop_name(&m.prop).is_some_and(|p| page(&p)),
        _ => false,
    }
}

/// The arguments a call of `method` puts into the collection it is called on:
/// `add(x)`, `push(x, y)`, `unshift(x)`, the value of `set(k, x)`; none for any other.
pub fn collection_added<'e>(method: &str, args: &'e [ExprOrSpread]) -> &'e [ExprOrSpread] {
    match method {
        "add" | "push" | "unshift" => args,
        "set" => args.get(1..2).unwrap_or_default(),
        _ => &[],
    }
}

/// A messaging call: `sendMessage`, `connect`, `postMessage`, ...
#[derive(Debug, Clone)]
pub struct ApiCall<'a> {
    /// `["runtime", "sendMessage"]`, or for ports `["<port>", "postMessage"]`.
    pub path: Path,
    pub call: &'a CallExpr,
}

/// A use of an API member (every member expression and destructured key that evaluates to
/// a path of the namespace with at least two segments), for rules such as deprecations.
#[derive(Debug, Clone)]
pub struct ApiUse {
    pub path: Path,
    pub start: usize,
    pub end: usize,
}

/// What an assignment gives a binding.
#[derive(Debug, Clone)]
enum Def<'a> {
    /// `eval(expr)` then the destructuring keys.
    Expr(&'a Expr, Vec<Atom>),
    Fn(FnNode<'a>),
    Value(Val),
    /// An ES module import: the declaration and the specifier's index in it.
    Import(&'a ImportDecl, usize),
    /// Something msglint does not follow.
    Opaque,
}

/// A binding's definitions. Most bindings have one: it is kept inline rather than in an
/// allocation of its own (one per binding, allocated while building and freed after).
#[derive(Debug, Clone)]
enum Defs<'a> {
    One(Def<'a>),
    Many(Vec<Def<'a>>),
}

impl<'a> Defs<'a> {
    fn as_slice(&self) -> &[Def<'a>] {
        match self {
            Defs::One(d) => std::slice::from_ref(d),
            Defs::Many(v) => v,
        }
    }

    fn push(&mut self, d: Def<'a>) {
        *self = match std::mem::replace(self, Defs::Many(Vec::new())) {
            Defs::One(first) => Defs::Many(vec![first, d]),
            Defs::Many(mut v) => {
                v.push(d);
                Defs::Many(v)
            }
        };
    }
}

/// Add `d` to the definitions of `id`.
fn add_def<'a>(defs: &mut HashMap<Id, Defs<'a>>, id: Id, d: Def<'a>) {
    match defs.entry(id) {
        std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().push(d),
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(Defs::One(d));
        }
    }
}

/// The model of one unit.
pub struct Semantic<'a> {
    pub unresolved: SyntaxContext,
    defs: HashMap<Id, Defs<'a>>,
    values: HashMap<Id, Val>,
    /// The scope contexts of the bindings ever put in `values`: the names of other scopes
    /// are known to have no value without hashing them.
    value_ctxts: ctxts::CtxtSet,
    /// Functions declared at the top level of a script (shared with the other scripts of its context).
    pub global_functions: HashMap<Atom, FnNode<'a>>,
    /// Values bound at the top level of a script, when the binding has one plain
    /// definition (`const MSG = { LOAD: "load" }` in a `constants.js` listed before the
    /// scripts that name it): shared with the other scripts of its context.
    pub global_values: HashMap<Atom, &'a Expr>,
    pub listeners: Vec<Listener<'a>>,
    pub api_calls: Vec<ApiCall<'a>>,
    pub api_uses: Vec<ApiUse>,
    /// What the unit's code loads, starts as a worker or injects into pages.
    pub reaches: crate::discover::Reaches,
    pub is_module: bool,
    /// The unit imports or requires `webextension-polyfill` (promise-style listeners).
    pub uses_polyfill: bool,
    /// The global `chrome` or `browser` is read, the model binds, calls or uses the API
    /// under another name (`const chrome = window.chrome`), or the polyfill is loaded:
    /// the ways code reaches an extension API value (a local that is merely named
    /// `chrome` is not it). Without it and without listeners
    /// no message, response or privileged data can enter the unit (see the taint walk).
    pub names_api: bool,
    /// Every class and object literal with methods, for `this.method` lookups.
    this_owners: Vec<ThisOwner<'a>>,
    /// Whether an `onConnect` / `onConnectExternal` handler here was given its Port: only
    /// then can a binding hold an incoming Port (the taint walk asks it of every function).
    pub incoming_ports: bool,
    /// Every class declaration (`class C {}`) by name (the first of a name): what a
    /// `new C()` builds (collected here, not by a walk of its own when a rule asks), looked
    /// up by name (a bundle has thousands of classes).
    pub class_decls: HashMap<Id, &'a Class>,
    /// Byte ranges where `this` is bound, by start (outer first on a tie): every
    /// non-arrow function, constructor and instance field initializer, with the class
    /// whose instance `this` is there (none for plain functions and static members).
    this_scopes: Vec<(usize, usize, Option<usize>)>,
    /// Each scope's innermost enclosing scope (index into `this_scopes`).
    this_parents: Vec<Option<usize>>,
    /// Functions this module exports, by exported name (`default` for the default).
    pub exports: HashMap<Atom, FnNode<'a>>,
    /// Values this module exports under a name, when the binding has one plain
    /// definition (`export const kLOAD = "load"`, `export const MSG = { LOAD: "load" }`):
    /// constants other modules name messages' kinds with.
    pub export_values: HashMap<Atom, &'a Expr>,
    /// The API values this module exports, by exported name (`export default
    /// globalThis.browser ?? globalThis.chrome`): a wrapper other modules import the API
    /// from (see [`imports`]).
    pub api_exports: HashMap<Atom, imports::ApiExport>,
    /// Exported bindings to resolve once definitions are known, while building.
    pending_exports: Vec<(Atom, &'a Ident)>,
    /// `export default <expression>` of an expression that is neither a function nor a
    /// name, while building.
    default_export: Option<&'a Expr>,
    /// A webpack bundle's module registry (see [`webpack`]).
    webpack: Option<webpack::Registry<'a>>,
    /// The modules of the registry whose CommonJS export is the API (webextension-polyfill,
    /// `module.exports = chrome`): what another chunk file of the context may require.
    pub module_api_exports: HashMap<webpack::Key, imports::ApiExport>,
    /// Other chunks' modules whose export is the API (given by the check, see [`imports`]).
    external_modules: HashMap<webpack::Key, imports::ApiExport>,
    /// Functions shaped as webpack's require function, with the name of the table they
    /// load modules from; chunks' module tables (kept: a registry not built is built when
    /// another chunk's modules are asked about).
    require_fns: Vec<(&'a Ident, &'a Ident)>,
    chunk_tables: Vec<&'a Expr>,
    /// `X.exports = value` by `X` (a module function's `module` parameter, in a bundle);
    /// `None` for a value that cannot be the API (a function, a literal), so a module
    /// exporting one (most of a bundle's) is answered without evaluating anything.
    exports_assigns: HashMap<Id, Vec<Option<&'a Expr>>>,
    /// webpack's `n.d(X, {...})` (ES exports defined on `X`, a module's `exports`), by `X`.
    define_calls: HashMap<Id, Vec<&'a Expr>>,
    /// Where webextension-polyfill's signature message is (see [`webpack::POLYFILL_SIGNATURE`]).
    polyfill_marks: Vec<u32>,
    /// Where `.__esModule` is tested (an operand of `&&` or `||`): inside bundlers' interop helpers (`__toESM`,
    /// `getDefaultExportFromCjs`, `__importDefault`), which hand back the module given.
    esmodule_reads: Vec<u32>,
    /// Bindings of bundlers' CommonJS plumbing (see [`Semantic::index_cjs`]).
    cjs_fns: HashMap<Id, CjsFn>,
    /// Bindings given an object literal or a `new` expression (a `Map`?), while building.
    object_bindings: Vec<Id>,
    /// Some binding's one definition is a handler table holding a local function: only
    /// then can [`Semantic::dispatch`] find anything, and most units (bundles above all)
    /// have none, so it answers at once.
    handler_objects: bool,
    /// Calls by callee binding, to follow namespaces passed as arguments.
    calls: Vec<(&'a Expr, &'a [ExprOrSpread], usize)>,
    /// What is put into a binding's collection (`c.add(x)`, `c.push(x)`, `c.set(k, x)`):
    /// (the collection, the value), to find incoming Ports kept for later.
    /// Kept as nodes, not ids: a bundle makes thousands of `push` calls, and few units
    /// have a Port to put in anything.
    collection_adds: Vec<(&'a Ident, &'a Expr)>,
    /// Bindings each element of a binding's collection is given (`for (const p of c)`,
    /// `c.forEach((p) => ...)`): (the collection, the element).
    collection_reads: Vec<(&'a Ident, &'a Ident)>,
    /// Collections that incoming Ports are put into, with the Ports' kind (external if
    /// any is).
    pub port_collections: HashMap<Id, PortKind>,
    /// The bindings given their elements, each with its collection.
    pub collected_ports: HashMap<Id, Id>,
    /// `new C(...)` expressions, whose arguments bind the parameters of `C`'s constructor.
    news: Vec<&'a NewExpr>,
    /// The local names `new` is applied to (`new Hub()`), for [`Semantic::index_concrete`].
    new_classes: Vec<Id>,
    /// By class (its start): the one class of the unit whose instances its `this` can
    /// be, when code here builds exactly one (itself, or a subclass); `None` when several.
    concrete: HashMap<usize, Option<&'a Class>>,
    /// The constructors of the classes declared here, when some `new` may hand one a
    /// namespace or a Port (see [`Semantic::constructor_of`]).
    constructors: HashMap<Id, &'a Constructor>,
    /// Byte ranges of code that runs only in a web worker (see [`is_worker_test`]).
    worker_only: Vec<(usize, usize)>,
    /// The unit calls `importScripts`, which only a worker has: it runs in one.
    calls_import_scripts: bool,
    /// Extension code starts this unit as a worker (see [`Self::runs_as_worker`]).
    runs_as_worker: bool,
    /// Parameters used as a Port (`port.onMessage.addListener(...)`) that nothing in this
    /// unit makes one: an `onConnect` handler another unit registers (see
    /// [`Semantic::add_port_handlers`]). With the nodes to look at again then; kept only
    /// when there is such a parameter.
    port_candidates: HashSet<Id>,
    /// Parameters of functions called by name, given a definition for each call seen:
    /// the function may be called where no call is seen too (passed as a callback), so
    /// those definitions are not all the values the parameter takes (see [`Semantic::values_of`]).
    named_fn_params: HashSet<Id>,
    /// The members of large classes and object literals, by the owner's start and the
    /// member's name (see [`Semantic::index_members`]).
    member_index: HashMap<(usize, Atom), Member<'a>>,
    /// The starts of the object literals indexed there.
    indexed_objects: HashSet<usize>,
    /// `this.name = value` assignments, while building: where `this` is, the name, and
    /// the value (`None` for a compound assignment).
    this_assigns: Vec<(usize, Atom, Option<&'a Expr>)>,
    /// The values given each field of `this` whose value may be a namespace, a Port or
    /// the global object (`this.port = port`), by the start of the class or object
    /// literal `this` is and the field's name (see [`Semantic::this_field`]).
    this_fields: HashMap<(usize, Atom), Vec<Option<&'a Expr>>>,
    deferred: Option<Vec<Found<'a>>>,
}

/// A member of a class or object literal that may name a function, as its lookup finds it.
#[derive(Clone, Copy)]
enum Member<'a> {
    /// An instance method.
    Method(&'a Function),
    /// An instance field, with its initializer.
    Field(Option<&'a Expr>),
    /// An object literal's method, `key: value` or shorthand.
    Prop(&'a Prop),
}

/// How many `extends` links a method is looked up through: real hierarchies are a few
/// deep, and each lookup of a method a class lacks walks them all.
const MAX_EXTENDS: usize = 8;

/// Classes and object literals with more members than this have them indexed: each
/// `this.method(...)` and `obj.method(...)` would otherwise scan them all, quadratic in a
/// class of thousands of methods that call one another.
const INDEX_MEMBERS_FROM: usize = 16;

/// Every expression an immediately invoked function (`f` in `f()`) may return, when its
/// body is short and plain: an arrow's expression, or statements without loops, `try`
/// or nested blocks whose returns are `return x` or `if (...) return x` and that end in
/// a `return`. `None` when it may return anything else (or fall off the end). Only short
/// bodies are read: a bundle's module closure is an IIFE too, and evaluation asks this
/// again and again.
pub fn iife_returns(f: &Expr) -> Option<smallvec::SmallVec<[&Expr; 4]>> {
    let f = match strip(f) {
        Expr::Fn(f) => FnNode::Func(&f.function),
        Expr::Arrow(a) => FnNode::Arrow(a),
        _ => return None,
    };
    if f.is_async() || f.is_generator() {
        return None;
    }
    let stmts = match f.body()? {
        func::Body::Expr(e) => return Some(smallvec::smallvec![e]),
        func::Body::Block(b) => &b.stmts,
    };
    if stmts.len() > MAX_IIFE_STMTS {
        return None;
    }
    let mut out = smallvec::SmallVec::new();
    for s in stmts {
        let ret = match s {
            Stmt::Return(r) => r,
            Stmt::If(i) if i.alt.is_none() => match &*i.cons {
                Stmt::Return(r) => r,
                Stmt::Block(b) => match b.stmts.as_slice() {
                    [Stmt::Return(r)] => r,
                    _ => return None,
                },
                _ => return None,
            },
            // No `return` can hide in these (a nested function's is its own).
            Stmt::Expr(_) | Stmt::Empty(_) | Stmt::Decl(Decl::Var(_)) => continue,
            _ => return None,
        };
        out.push(ret.arg.as_deref()?);
        if let Stmt::Return(_) = s {
            return Some(out);
        }
    }
    // It can fall off the end: `undefined` on that path.
    None
}

/// The one value all of `values` are, if there is at least one and each is known and the
/// same; stops at the first that is not.
fn agreed(values: impl IntoIterator<Item = Option<Val>>) -> Option<Val> {
    let mut out: Option<Val> = None;
    for v in values {
        let v = v?;
        if out.as_ref().is_some_and(|a| *a != v) {
            return None;
        }
        out = Some(v);
    }
    out
}

/// Whether a member chain's root object is `this` (`this.a`, `this.a.b`).
fn member_root_is_this(e: &Expr) -> bool {
    let mut e = strip(e);
    while let Expr::Member(m) = e {
        e = strip(&m.obj);
    }
    matches!(e, Expr::This(_))
}

/// The callee of a function that only hands its parameters on, all of them in order:
/// `(m, s, r) => handle(m, s, r)`, `function (m) { return handle(m); }`, and where what
/// it returns does not matter (`returns` false), `function (p) { handle(p); }` too.
fn forwarder(f: FnNode<'_>, returns: bool) -> Option<&Expr> {
    let n = f.param_count();
    if n == 0 || (returns && (f.is_async() || f.is_generator())) {
        return None;
    }
    let call = match f.body()? {
        func::Body::Expr(e) => e,
        func::Body::Block(b) => match b.stmts.as_slice() {
            [Stmt::Expr(s)] if !returns => &s.expr,
            [Stmt::Return(r)] => r.arg.as_deref()?,
            _ => return None,
        },
    };
    let Expr::Call(c) = strip(call) else {
        return None;
    };
    let Callee::Expr(callee) = &c.callee else {
        return None;
    };
    if c.args.len() != n {
        return None;
    }
    for (i, a) in c.args.iter().enumerate() {
        let p = f.param_ident(i)?;
        match strip(&a.expr) {
            Expr::Ident(x) if a.spread.is_none() && x.to_id() == p.to_id() => {}
            _ => return None,
        }
    }
    Some(callee)
}

/// A node [`ListenerFinder`] examines.
#[derive(Clone, Copy)]
enum Found<'a> {
    Call(&'a CallExpr),
    /// An assignment whose target is named `onmessage`.
    Assign(&'a AssignExpr),
    /// The top of a member chain (recorded after the nodes inside it).
    Chain(&'a MemberExpr),
    /// `const { ... } = init`.
    Destructure(&'a VarDeclarator),
}

const MAX_EVAL_DEPTH: usize = 64;

/// The longest function taken for a bundler's interop helper (see
/// [`Semantic::cjs_call`]), in bytes: esbuild's `__toESM` is about 400 unminified.
const MAX_INTEROP_HELPER: u32 = 2048;

/// The longest immediately invoked function body whose returned value is evaluated.
const MAX_IIFE_STMTS: usize = 8;

impl<'a> Semantic<'a> {
    pub fn build(program: &'a Program, unresolved: SyntaxContext) -> Self {
        Self::build_with(program, unresolved, &imports::ApiImports::default())
    }

    /// [`Self::build`], with the import specifiers known to bind an API value another
    /// module of the extension exports.
    pub fn build_with(
        program: &'a Program,
        unresolved: SyntaxContext,
        api_imports: &imports::ApiImports,
    ) -> Self {
        let mut sem = Semantic {
            unresolved,
            defs: HashMap::default(),
            values: HashMap::default(),
            value_ctxts: ctxts::CtxtSet::default(),
            global_functions: HashMap::default(),
            global_values: HashMap::default(),
            listeners: Vec::new(),
            api_calls: Vec::new(),
            api_uses: Vec::new(),
            reaches: crate::discover::Reaches::default(),
            is_module: matches!(program, Program::Module(_)),
            uses_polyfill: false,
            names_api: false,
            calls: Vec::new(),
            collection_adds: Vec::new(),
            collection_reads: Vec::new(),
            port_collections: HashMap::default(),
            collected_ports: HashMap::default(),
            news: Vec::new(),
            new_classes: Vec::new(),
            concrete: HashMap::default(),
            constructors: HashMap::default(),
            worker_only: Vec::new(),
            calls_import_scripts: false,
            runs_as_worker: false,
            object_bindings: Vec::new(),
            handler_objects: false,
            exports: HashMap::default(),
            api_exports: HashMap::default(),
            pending_exports: Vec::new(),
            default_export: None,
            webpack: None,
            module_api_exports: HashMap::default(),
            external_modules: api_imports.modules.clone(),
            require_fns: Vec::new(),
            chunk_tables: Vec::new(),
            exports_assigns: HashMap::default(),
            define_calls: HashMap::default(),
            polyfill_marks: Vec::new(),
            esmodule_reads: Vec::new(),
            cjs_fns: HashMap::default(),
            export_values: HashMap::default(),
            this_owners: Vec::new(),
            class_decls: HashMap::default(),
            incoming_ports: false,
            this_scopes: Vec::new(),
            this_parents: Vec::new(),
            port_candidates: HashSet::default(),
            named_fn_params: HashSet::default(),
            member_index: HashMap::default(),
            indexed_objects: HashSet::default(),
            this_assigns: Vec::new(),
            this_fields: HashMap::default(),
            deferred: None,
        };
        sem.uses_polyfill |= sem.external_modules.values().any(|a| a.polyfill);
        let mut collector = Collector {
            sem: &mut sem,
            api_imports,
            found: Vec::new(),
            class: None,
            method_of: None,
        };
        program.visit_with(&mut collector);
        let found = collector.found;
        sem.this_scopes
            .sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        sem.this_parents = nesting_parents(&sem.this_scopes);
        sem.index_members();
        sem.index_concrete();
        sem.collect_this_fields();
        if let Program::Script(s) = program {
            for stmt in &s.body {
                match stmt {
                    Stmt::Decl(Decl::Fn(f)) => {
                        sem.global_functions
                            .insert(f.ident.sym.clone(), FnNode::Func(&f.function));
                    }
                    Stmt::Decl(Decl::Var(v)) => {
                        for d in &v.decls {
                            let Pat::Ident(b) = &d.name else { continue };
                            if let Some([value]) = sem.values_of(&b.id, 1).as_deref() {
                                sem.global_values.insert(b.id.sym.clone(), value);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        sem.bind_call_arguments();
        sem.build_registry();
        sem.index_cjs();
        sem.solve();
        // Ports handed to onConnect listeners become known only once listeners are; a
        // second round picks up their `onMessage` listeners.
        sem.set_found(ListenerFinder::run(&sem, &found));
        let handlers: Vec<(FnNode<'a>, PortKind)> = sem
            .listeners
            .iter()
            .filter_map(|l| match l.func {
                FnRef::Local(f) => Some((f, l.event.port_given()?)),
                _ => None,
            })
            .collect();
        sem.give_ports(&handlers, &found);
        sem.collect_ports(&found);
        sem.reaches.injected = sem.injections();
        // The API under a name the model follows (`const chrome = window.chrome`,
        // `globalThis["browser"].runtime`): a binding, a call or a use of it.
        sem.names_api |= sem.uses_polyfill
            || !sem.api_calls.is_empty()
            || !sem.api_uses.is_empty()
            || sem.values.values().any(|v| matches!(v, Val::Api(_)));
        let polyfill = sem.uses_polyfill;
        let api_export = |v: Option<Val>| match v {
            Some(val @ Val::Api(_)) => Some(imports::ApiExport { val, polyfill }),
            _ => None,
        };
        if let Some(e) = sem.default_export.take() {
            if let Some(a) = api_export(sem.eval(e)) {
                sem.api_exports.insert(Atom::from("default"), a);
            }
        }
        for (name, ident) in std::mem::take(&mut sem.pending_exports) {
            if let Some(a) = api_export(sem.ident_value(ident)) {
                sem.api_exports.insert(name.clone(), a);
            }
            if let FnRef::Local(f) = sem.resolve_local_ident(ident, 0) {
                sem.exports.insert(name, f);
            } else if let Some([v]) = sem.values_of(ident, 1).as_deref() {
                sem.export_values.insert(name, v);
            }
        }
        sem.registry_exports();
        sem.handler_objects = std::mem::take(&mut sem.object_bindings)
            .iter()
            .any(|id| sem.handler_table(id).is_some_and(|(_, t)| !t.is_empty()));
        // Another unit can register only an exported function or a script's global one:
        // keep the nodes to look at again only when such a function's parameter is used
        // as a Port.
        let remote_port = !sem.port_candidates.is_empty()
            && sem
                .exports
                .values()
                .chain(sem.global_functions.values())
                .filter_map(|f| f.param_ident(0))
                .any(|p| sem.port_candidates.contains(&p.to_id()));
        if remote_port {
            sem.deferred = Some(found);
        }
        sem
    }

    /// Extension code starts this unit as a worker: its `message` listeners not named on
    /// `window` or `document` hear the script that started it, not pages (see
    /// [`Self::set_found`], which keeps this for listeners found later).
    pub fn runs_as_worker(&mut self) {
        self.runs_as_worker = true;
        let listeners = std::mem::take(&mut self.listeners);
        self.listeners = listeners
            .into_iter()
            .filter(|l| !self.worker_heard(l))
            .collect();
    }

    /// Whether `l` is a `message` listener of worker code, which hears the script that
    /// started the worker, not pages: in a script that calls `importScripts` (a window
    /// has no such function), any; in one extension code starts as a worker, any not
    /// named on `window` or `document` (uBlock Origin's search thread, loaded by its
    /// pages and started by itself, whatever guards its worker branch); elsewhere, one
    /// registered behind a worker test (Rusha's worker entry, bundled into content
    /// scripts behind `typeof FileReaderSync !== "undefined"`, never runs there).
    fn worker_heard(&self, l: &Listener<'_>) -> bool {
        let at = l.registration.0;
        l.event == Event::WindowMessage
            && (self.calls_import_scripts
                || (self.runs_as_worker && !l.page_only)
                || self.worker_only.iter().any(|&(s, e)| s <= at && at < e))
    }

    /// Take what the listener finder found: the listeners (less the `message` listeners of
    /// worker code), messaging calls, API uses and port candidates.
    fn set_found(&mut self, found: Finding<'a>) {
        let (mut listeners, calls, uses, candidates) = found;
        listeners.retain(|l| !self.worker_heard(l));
        self.listeners = listeners;
        self.api_calls = calls;
        self.api_uses = uses;
        self.port_candidates = candidates;
    }

    /// `handlers`, functions of this unit, are `onConnect` handlers other units register
    /// (`chrome.runtime.onConnect.addListener(handlePort)` with `handlePort` imported, or
    /// declared by another script of the context): see [`Self::give_ports`]. All of one
    /// unit's handlers come at once, so a unit whose thousands of handlers another unit
    /// registers costs one more pass over it, not thousands. A unit where none of their
    /// parameters is used as a Port is left as it is.
    pub fn add_port_handlers(&mut self, handlers: &[(FnNode<'a>, PortKind)]) {
        let used: Vec<(FnNode<'a>, PortKind)> = handlers
            .iter()
            .copied()
            .filter(|(f, _)| {
                f.param_ident(0)
                    .is_some_and(|p| self.port_candidates.contains(&p.to_id()))
            })
            .collect();
        let Some(found) = self.deferred.take() else {
            return;
        };
        self.give_ports(&used, &found);
        self.deferred = Some(found);
    }

    /// Each handler's first parameter is a Port of its kind: once that is known, the
    /// listeners those Ports get (`port.onMessage.addListener`) are found, in one more
    /// pass over `found`. Ports handed to a unit's own `onConnect` listeners are known
    /// only once its listeners are; those of another unit's only once every unit's are.
    fn give_ports(&mut self, handlers: &[(FnNode<'a>, PortKind)], found: &[Found<'a>]) {
        let mut changed = false;
        for (f, kind) in handlers {
            if let Some(p) = f.param_ident(0) {
                self.incoming_ports |=
                    matches!(kind, PortKind::Incoming | PortKind::IncomingExternal);
                add_def(
                    &mut self.defs,
                    p.to_id(),
                    Def::Value(Val::Port(*kind, Path::new())),
                );
                changed = true;
            }
        }
        if changed {
            self.solve();
            let again = ListenerFinder::run(self, found);
            self.set_found(again);
        }
    }

    /// Incoming Ports kept in a collection (`ports.add(port)` in an `onConnect` listener)
    /// and read back out of it (`for (const p of ports) p.postMessage(x)`): each binding
    /// given an element is a Port of their kind, and its listeners are found.
    fn collect_ports(&mut self, found: &[Found<'a>]) {
        if !self.incoming_ports || self.collection_adds.is_empty() {
            return;
        }
        let mut kinds: HashMap<Id, PortKind> = HashMap::default();
        for (c, x) in &self.collection_adds {
            if let Some(Val::Port(k @ (PortKind::Incoming | PortKind::IncomingExternal), p)) =
                self.eval(x)
            {
                if p.is_empty() {
                    let kind = kinds.entry(c.to_id()).or_insert(k);
                    if k == PortKind::IncomingExternal {
                        *kind = k;
                    }
                }
            }
        }
        if kinds.is_empty() {
            return;
        }
        for (c, p) in std::mem::take(&mut self.collection_reads) {
            let (c, p) = (c.to_id(), p.to_id());
            let Some(&kind) = kinds.get(&c) else {
                continue;
            };
            // A loop variable or callback parameter has no definition of its own.
            let free = self
                .defs
                .get(&p)
                .is_none_or(|d| matches!(d.as_slice(), [Def::Opaque]));
            if free {
                self.defs.insert(
                    p.clone(),
                    Defs::One(Def::Value(Val::Port(kind, Path::new()))),
                );
                self.collected_ports.insert(p, c);
            }
        }
        self.port_collections = kinds;
        // Elements read with `get` or an index take their value from the collection's:
        // solved again whenever a collection holds Ports.
        self.solve();
        let again = ListenerFinder::run(self, found);
        self.set_found(again);
    }

    /// The collection of incoming Ports `e` reads an element of (`ports[i]`,
    /// `ports.get(id)`), with the Ports' kind.
    fn element_read(&self, e: &Expr) -> Option<(Id, PortKind)> {
        if self.port_collections.is_empty() {
            return None;
        }
        let c = match strip(e) {
            Expr::Member(m) if matches!(m.prop, MemberProp::Computed(_)) => &m.obj,
            Expr::Call(call) => match &call.callee {
                Callee::Expr(callee) => match strip(callee) {
                    Expr::Member(m) if prop_name(&m.prop).is_some_and(|p| p == "get") => &m.obj,
                    _ => return None,
                },
                _ => return None,
            },
            _ => return None,
        };
        let id = strip(c).as_ident()?.to_id();
        let kind = *self.port_collections.get(&id)?;
        Some((id, kind))
    }

    /// The collection of incoming Ports whose element `e` is: a binding given one (`for
    /// (const p of ports)`, `const p = ports.get(id)`), or `ports.get(id)` / `ports[i]`
    /// itself.
    pub fn port_collection_of(&self, e: &Expr) -> Option<Id> {
        if self.port_collections.is_empty() {
            return None;
        }
        let e = match strip(e) {
            Expr::Ident(i) => {
                if let Some(c) = self.collected_ports.get(&i.to_id()) {
                    return Some(c.clone());
                }
                self.init_of(i)?
            }
            e => e,
        };
        self.element_read(e).map(|(id, _)| id)
    }

    /// The local functions of a handler table, by key: `id`'s one definition is an object
    /// literal (methods, `key: function`, shorthand) or a `new Map([["key", fn], ...])`.
    /// `true` with the entries when it is a `Map` (looked up with `.get(key)`).
    fn handler_table(&self, id: &Id) -> Option<(bool, Vec<(Atom, FnNode<'a>)>)> {
        let Some([Def::Expr(init, keys)]) = self.defs.get(id).map(Defs::as_slice) else {
            return None;
        };
        if !keys.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        match strip(init) {
            Expr::Object(o) => {
                out.extend(
                    object_props(o).filter_map(|(name, p)| match self.prop_fn(p, 0) {
                        FnRef::Local(f) => Some((name, f)),
                        _ => None,
                    }),
                );
                Some((false, out))
            }
            Expr::New(n) if matches!(strip(&n.callee), Expr::Ident(i) if i.sym == "Map" && i.ctxt == self.unresolved) =>
            {
                let Some(Expr::Array(entries)) = n.args.as_ref()?.first().map(|a| strip(&a.expr))
                else {
                    return None;
                };
                for entry in entries.elems.iter().flatten() {
                    let Expr::Array(pair) = strip(&entry.expr) else {
                        continue;
                    };
                    let (Some(Some(k)), Some(Some(v))) = (pair.elems.first(), pair.elems.get(1))
                    else {
                        continue;
                    };
                    if let (Some(name), FnRef::Local(f)) =
                        (static_string(&k.expr), self.resolve_fn_depth(&v.expr, 1))
                    {
                        out.push((Atom::from(name), f));
                    }
                }
                Some((true, out))
            }
            _ => None,
        }
    }

    /// Parameters of local functions take the value every call passes (a bundle's module
    /// closure called with `chrome`, an IIFE `(function (e) {...})(browser)`).
    fn bind_call_arguments(&mut self) {
        let calls = std::mem::take(&mut self.calls);
        // Added once every call is seen: the loop reads the definitions it would change.
        let mut params: Vec<(Id, Def<'a>)> = Vec::new();
        for (callee, args, skip) in &calls {
            let f = match strip(callee) {
                Expr::Fn(f) => Some(FnNode::Func(&f.function)),
                Expr::Arrow(a) => Some(FnNode::Arrow(a)),
                // A name bound to exactly one function (declared or assigned).
                Expr::Ident(i) => match self.defs.get(&i.to_id()).map(Defs::as_slice) {
                    Some([Def::Fn(f)]) => Some(*f),
                    _ => None,
                },
                // A method: `hub.handle(port)`, `this.handle(port)`. Only a name or a
                // member chain can be a namespace, a Port or the global object: other
                // calls (most in a bundle) are not looked up.
                Expr::Member(_)
                    if args
                        .iter()
                        .any(|a| matches!(strip(&a.expr), Expr::Ident(_) | Expr::Member(_))) =>
                {
                    match self.resolve_fn(callee) {
                        FnRef::Local(f) => Some(f),
                        _ => None,
                    }
                }
                _ => None,
            };
            let Some(f) = f else { continue };
            // A function expression's own name can call it again from inside.
            let named = match strip(callee) {
                Expr::Ident(_) | Expr::Member(_) => true,
                Expr::Fn(f) => f.ident.is_some(),
                _ => false,
            };
            self.bind_params(f, args.get(*skip..).unwrap_or(&[]), named, &mut params);
        }
        // `new Conn(port)`: the constructor of a class declared here. A class may be
        // built where no `new` is seen (`Reflect.construct`, a subclass), so its
        // parameters are a named function's.
        let news = std::mem::take(&mut self.news);
        if !news.is_empty() {
            self.constructors = self
                .class_decls
                .iter()
                .filter_map(|(id, c)| {
                    let k = c.body.iter().find_map(|m| match m {
                        ClassMember::Constructor(k) => Some(k),
                        _ => None,
                    })?;
                    Some((id.clone(), k))
                })
                .collect();
            for n in news {
                let Some(f) = self.constructor_of(&n.callee) else {
                    continue;
                };
                self.bind_params(f, n.args.as_deref().unwrap_or(&[]), true, &mut params);
            }
        }
        for (id, d) in params {
            add_def(&mut self.defs, id, d);
        }
    }

    /// The definitions a call with `args` gives the parameters of `f` (to `out`); a
    /// function `named` may be called where no call is seen (see `named_fn_params`).
    fn bind_params(
        &mut self,
        f: FnNode<'a>,
        args: &'a [ExprOrSpread],
        named: bool,
        out: &mut Vec<(Id, Def<'a>)>,
    ) {
        for n in 0..f.param_count() {
            if let Some(p) = f.param_ident(n) {
                if named {
                    self.named_fn_params.insert(p.to_id());
                }
                let def = match args.get(n) {
                    Some(a) if a.spread.is_none() => Def::Expr(&a.expr, vec![]),
                    _ => Def::Opaque,
                };
                out.push((p.to_id(), def));
            }
        }
    }

    /// Fixpoint over bindings: a binding gets a value once all its definitions agree.
    fn solve(&mut self) {
        for _ in 0..8 {
            let mut changed = false;
            let ids: Vec<Id> = self.defs.keys().cloned().collect();
            for id in ids {
                let new = agreed(self.defs[&id].as_slice().iter().map(|d| match d {
                    Def::Expr(e, keys) => self.eval(e).and_then(|mut v| {
                        for k in keys {
                            v = v.member(k.clone())?;
                        }
                        Some(v)
                    }),
                    Def::Value(v) => Some(v.clone()),
                    Def::Fn(_) | Def::Import(..) | Def::Opaque => None,
                }));
                if self.values.get(&id) != new.as_ref() {
                    match new {
                        Some(v) => {
                            self.value_ctxts.insert(id.1);
                            self.values.insert(id, v)
                        }
                        None => self.values.remove(&id),
                    };
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The abstract value of a name, if msglint knows it: the globals that are the API,
    /// the global object or the document, or what the binding was solved to. Inlined:
    /// the evaluator asks it of every name it meets.
    #[inline(always)]
    fn ident_value(&self, i: &Ident) -> Option<Val> {
        if i.ctxt == self.unresolved {
            match &*i.sym {
                "chrome" | "browser" => Some(Val::Api(Path::new())),
                // `global` is Node's name for it, which bundlers map to `window`.
                "window" | "self" | "globalThis" | "global" => Some(Val::Global),
                "document" => Some(Val::Document),
                _ => None,
            }
        } else if self.value_ctxts.may_contain(i.ctxt) {
            self.values.get(&i.to_id()).cloned()
        } else {
            None
        }
    }

    /// The abstract value of an expression, if msglint knows it.
    pub fn eval(&self, e: &Expr) -> Option<Val> {
        self.eval_depth(e, 0)
    }

    fn eval_depth(&self, e: &Expr, depth: usize) -> Option<Val> {
        if depth > MAX_EVAL_DEPTH {
            return None;
        }
        let d = depth + 1;
        match e {
            Expr::Ident(i) => self.ident_value(i),
            Expr::Member(m) => {
                if let Expr::This(t) = strip(&m.obj) {
                    // Most units give no field of `this` such a value: answered at once.
                    if self.this_fields.is_empty() {
                        return None;
                    }
                    return self.this_field(crate::parse::range(t).0, &prop_name(&m.prop)?, d);
                }
                // `ports[i]`: an element of a collection of Ports (tested inline
                // first: this is every member and call evaluated).
                if !self.port_collections.is_empty() {
                    if let Some((_, kind)) = self.element_read(e) {
                        return Some(Val::Port(kind, Path::new()));
                    }
                }
                let Some(obj) = self.eval_depth(&m.obj, d) else {
                    return match self.webpack {
                        Some(_) => self.webpack_member(m, d),
                        None => None,
                    };
                };
                obj.member(prop_name(&m.prop)?)
            }
            Expr::OptChain(o) => match &*o.base {
                OptChainBase::Member(m) => self.eval_depth(&m.obj, d)?.member(prop_name(&m.prop)?),
                OptChainBase::Call(_) => None,
            },
            Expr::Paren(p) => self.eval_depth(&p.expr, d),
            Expr::TsAs(t) => self.eval_depth(&t.expr, d),
            Expr::TsNonNull(t) => self.eval_depth(&t.expr, d),
            Expr::TsTypeAssertion(t) => self.eval_depth(&t.expr, d),
            Expr::TsConstAssertion(t) => self.eval_depth(&t.expr, d),
            Expr::TsSatisfies(t) => self.eval_depth(&t.expr, d),
            Expr::Seq(s) => self.eval_depth(s.exprs.last()?, d),
            Expr::Assign(a) if a.op == AssignOp::Assign => self.eval_depth(&a.right, d),
            Expr::Cond(c) => {
                let a = self.eval_depth(&c.cons, d)?;
                let b = self.eval_depth(&c.alt, d)?;
                (a == b).then_some(a)
            }
            Expr::Bin(b) if matches!(b.op, BinaryOp::LogicalOr | BinaryOp::NullishCoalescing) => {
                let l = self.eval_depth(&b.left, d)?;
                let r = self.eval_depth(&b.right, d)?;
                (l == r).then_some(l)
            }
            Expr::Call(c) => {
                let Callee::Expr(callee) = &c.callee else {
                    return None;
                };
                if let Some(reg) = &self.webpack {
                    if let Some(v) = self.webpack_call(reg, c, callee, d) {
                        return v;
                    }
                }
                if !self.cjs_fns.is_empty() {
                    if let Some(v) = self.cjs_call(c, callee, d) {
                        return Some(v);
                    }
                }
                if let Expr::Ident(i) = strip(callee) {
                    if i.ctxt == self.unresolved
                        && i.sym == "require"
                        && is_polyfill_arg(c.args.first())
                    {
                        return Some(Val::Api(Path::new()));
                    }
                }
                if let Expr::Fn(_) | Expr::Arrow(_) = strip(callee) {
                    return self.iife_value(strip(callee), d);
                }
                // `ports.get(tabId)`: an element of a collection of Ports (tested inline
                // first: this is every member and call evaluated).
                if !self.port_collections.is_empty() {
                    if let Some((_, kind)) = self.element_read(e) {
                        return Some(Val::Port(kind, Path::new()));
                    }
                }
                let path = self.eval_depth(callee, d)?;
                match path.api_path()?.as_slice() {
                    ["runtime" | "tabs" | "extension", "connect"] => {
                        Some(Val::Port(PortKind::Outgoing, Path::new()))
                    }
                    ["runtime", "connectNative"] => Some(Val::Port(PortKind::Native, Path::new())),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The registry of a webpack bundle: the tables of the functions shaped as its require
    /// function (a name bound to an object or array, or a bootstrap's parameter given
    /// one), and chunks' tables. webextension-polyfill's module, when there, makes the
    /// unit a polyfill user.
    fn build_registry(&mut self) {
        if self.require_fns.is_empty() && self.chunk_tables.is_empty() {
            return;
        }
        // A registry none of whose modules can export the API (each exports a function,
        // a class or a literal, and none defines ES exports or is the polyfill) answers
        // nothing of its own: not built (a bundle of ten thousand such modules would pay
        // for it, and at every `require(id)` its values are solved through). Its tables
        // are kept for what other chunks of its context may give it (see
        // [`Self::missing_modules`]).
        let inert = self.polyfill_marks.is_empty()
            && self.external_modules.is_empty()
            && self.define_calls.is_empty()
            && !self
                .exports_assigns
                .values()
                .any(|assigns| assigns.iter().any(Option::is_some));
        if inert {
            return;
        }
        let reg = self.registry();
        if reg.modules.is_empty() {
            return;
        }
        self.uses_polyfill |= !reg.polyfill.is_empty();
        self.webpack = Some(reg);
    }

    /// The registry of the require functions' and chunks' tables found while building.
    fn registry(&self) -> webpack::Registry<'a> {
        let mut reg = webpack::Registry::default();
        for &(f, table) in &self.require_fns {
            if let Some(t) = self.init_of(table) {
                reg.add_require(f);
                reg.add_table(t);
            }
        }
        for &t in &self.chunk_tables {
            reg.add_table(t);
        }
        for (key, f) in &reg.modules {
            if marks_within(&self.polyfill_marks, f.span()) {
                reg.polyfill.insert(key.clone());
            }
        }
        reg
    }

    /// What the registry gives other chunk files: each module whose CommonJS export is
    /// the API.
    fn registry_exports(&mut self) {
        let Some(reg) = &self.webpack else { return };
        let mut exports = HashMap::default();
        for (key, f) in &reg.modules {
            if let Some(Some(val @ Val::Api(_))) = self.module_value(reg, key, *f, 0) {
                let polyfill = reg.polyfill.contains(key);
                exports.insert(key.clone(), imports::ApiExport { val, polyfill });
            }
        }
        self.module_api_exports = exports;
    }

    /// The module ids `program` (this model's) requires that its registry's table does
    /// not hold: other chunks' modules. A walk of its own: asked only of a bundle chunk in
    /// a context where another chunk exports the API.
    pub fn missing_modules(&self, program: &Program) -> HashSet<webpack::Key> {
        let built;
        let reg = match &self.webpack {
            Some(reg) => reg,
            None => {
                built = self.registry();
                &built
            }
        };
        let mut finder = webpack::MissingModules {
            registry: reg,
            missing: HashSet::default(),
        };
        program.visit_with(&mut finder);
        finder.missing
    }

    /// Whether the unit is a bundle (chunk) with a module registry, built or not.
    pub fn has_registry(&self) -> bool {
        !self.require_fns.is_empty() || !self.chunk_tables.is_empty()
    }

    /// A call webpack's registry answers: `require(id)` (the module's CommonJS export;
    /// `Some(None)` when unknown), and the default-export getter called (`require.n(X)()`,
    /// or `o()` with `o = require.n(X)`). `None`: not such a call.
    fn webpack_call(
        &self,
        reg: &webpack::Registry<'a>,
        c: &CallExpr,
        callee: &Expr,
        d: usize,
    ) -> Option<Option<Val>> {
        if !self.external_modules.is_empty() {
            if let Some(a) = reg
                .required_key(c)
                .and_then(|k| self.external_modules.get(&k))
            {
                return Some(Some(a.val.clone()));
            }
        }
        if let Some((key, f)) = reg.required(c) {
            return self.module_value(reg, key, f, d);
        }
        if !c.args.is_empty() {
            return None;
        }
        let getter = match strip(callee) {
            Expr::Ident(i) => self.init_of(i)?,
            other => other,
        };
        Some(self.eval_depth(reg.default_getter(getter)?, d))
    }

    /// What module `key` (function `f`) of the registry exports as CommonJS: the
    /// namespace for the polyfill, else the value every `module.exports = ...` agrees on
    /// (`Some(None)` when they do not, or one is not the API's kind of value); `None` when
    /// the module never assigns its `exports`.
    fn module_value(
        &self,
        reg: &webpack::Registry<'a>,
        key: &webpack::Key,
        f: FnNode<'a>,
        d: usize,
    ) -> Option<Option<Val>> {
        if reg.polyfill.contains(key) {
            return Some(Some(Val::Api(Path::new())));
        }
        let assigns = self.exports_assigns.get(&f.param_ident(0)?.to_id())?;
        Some(agreed(
            assigns
                .iter()
                .map(|x| x.and_then(|x| self.eval_depth(x, d))),
        ))
    }

    /// A call bundlers make to load webextension-polyfill, or to wrap a module for an
    /// ES import, answered with the namespace:
    /// - a function holding the polyfill (rollup's `requireBrowserPolyfill()`), or a
    ///   name given a call whose argument holds it (esbuild's `var E = __commonJS(...)`,
    ///   then `E()`);
    /// - an interop helper (a short function reading `__esModule`: esbuild's `__toESM`,
    ///   rollup's `getDefaultExportFromCjs`, TypeScript's `__importDefault`) given the
    ///   namespace: it hands back the namespace or an object with it as `default`, which
    ///   [`Val::member`] sees through.
    fn cjs_call(&self, c: &CallExpr, callee: &Expr, d: usize) -> Option<Val> {
        let Expr::Ident(i) = strip(callee) else {
            return None;
        };
        match self.cjs_fns.get(&i.to_id())? {
            CjsFn::Polyfill => Some(Val::Api(Path::new())),
            CjsFn::Interop => match self.eval_depth(&c.args.first()?.expr, d)? {
                v @ Val::Api(_) => Some(v),
                _ => None,
            },
        }
    }

    /// The bindings [`Self::cjs_call`] answers for, found once before values are solved
    /// (it is asked of every call evaluated in a bundle): a function holding the polyfill
    /// (rollup's `requireBrowserPolyfill`), a name given a call whose argument holds it
    /// (esbuild's `var E = __commonJS(...)`), and interop helpers (a function of at most
    /// [`MAX_INTEROP_HELPER`] bytes testing `__esModule`, or TypeScript's `(this &&
    /// this.__importDefault) || function (mod) {...}`).
    fn index_cjs(&mut self) {
        if self.polyfill_marks.is_empty() && self.esmodule_reads.is_empty() {
            return;
        }
        let kind = |f: FnNode<'_>| {
            let span = f.span();
            if marks_within(&self.polyfill_marks, span) {
                Some(CjsFn::Polyfill)
            } else if span.hi.0 - span.lo.0 <= MAX_INTEROP_HELPER
                && marks_within(&self.esmodule_reads, span)
            {
                Some(CjsFn::Interop)
            } else {
                None
            }
        };
        let mut out = HashMap::default();
        for (id, defs) in &self.defs {
            let found = match defs.as_slice() {
                [Def::Fn(f)] => kind(*f),
                [Def::Expr(e, keys)] if keys.is_empty() => match strip(e) {
                    Expr::Call(wrap)
                        if wrap.args.iter().any(|a| {
                            marks_within(&self.polyfill_marks, swc_common::Spanned::span(&*a.expr))
                        }) =>
                    {
                        Some(CjsFn::Polyfill)
                    }
                    Expr::Bin(b) if b.op == BinaryOp::LogicalOr => match strip(&b.right) {
                        Expr::Fn(f) => kind(FnNode::Func(&f.function)),
                        Expr::Arrow(a) => kind(FnNode::Arrow(a)),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            };
            if let Some(k) = found {
                out.insert(id.clone(), k);
            }
        }
        self.cjs_fns = out;
    }

    /// A member webpack's registry answers when its object has no value: an ES export of
    /// a required module (`r.A`, `r.default` with `r = require(id)`), defined with
    /// `require.d`; and webpack 4's default-export getter read as `.a`.
    fn webpack_member(&self, m: &MemberExpr, d: usize) -> Option<Val> {
        let reg = self.webpack.as_ref()?;
        // Most members of a bundle are neither: answered before any lookup.
        let getter = matches!(&m.prop, MemberProp::Ident(p) if p.sym == "a");
        if self.define_calls.is_empty() && !getter {
            return None;
        }
        let name = prop_name(&m.prop)?;
        let target = match strip(&m.obj) {
            Expr::Ident(i) => self.init_of(i)?,
            other => other,
        };
        if let Some(exported) = self.es_exports(target, &name) {
            return agreed(exported.into_iter().map(|v| self.eval_depth(v, d)));
        }
        if name == "a" {
            return self.eval_depth(reg.default_getter(target)?, d);
        }
        None
    }

    /// What a required module's ES export `name` is defined as (`require.d(exports, {name:
    /// () => x})`), when `target` is `require(id)`: each definition's `x`.
    fn es_exports(&self, target: &Expr, name: &str) -> Option<Vec<&'a Expr>> {
        if self.define_calls.is_empty() {
            return None;
        }
        let Expr::Call(c) = strip(target) else {
            return None;
        };
        let (_, f) = self.webpack.as_ref()?.required(c)?;
        let exports = f.param_ident(1)?;
        let defs = self.define_calls.get(&exports.to_id())?;
        Some(
            defs.iter()
                .filter_map(|x| webpack::defined(x, name))
                .collect(),
        )
    }

    /// Resolve each `this.name = value` to the class or object literal `this` is there.
    /// Only values that are a name or a member chain not rooted at `this` are kept (see
    /// `Collector::visit_assign_expr`); any other value makes the field unknown.
    fn collect_this_fields(&mut self) {
        let assigns = std::mem::take(&mut self.this_assigns);
        for (pos, name, value) in assigns {
            let Some(owner) = self.this_owner_start(pos) else {
                continue;
            };
            self.this_fields
                .entry((owner, name))
                .or_default()
                .push(value);
        }
    }

    /// The start of the class or object literal `this` is at byte `pos`, if msglint
    /// follows it (see [`Semantic::this_owner`]): what identifies a field of `this`.
    pub fn this_owner_start(&self, pos: usize) -> Option<usize> {
        Some(match self.this_owner(pos)? {
            ThisOwner::Class(c) => crate::parse::range(&c.span).0,
            ThisOwner::Object(o) => crate::parse::range(&o.span).0,
        })
    }

    /// The value of `this.name` at byte `pos`, when every value the field is given agrees.
    fn this_field(&self, pos: usize, name: &Atom, depth: usize) -> Option<Val> {
        let owner = self.this_owner_start(pos)?;
        let values = self.this_fields.get(&(owner, name.clone()))?;
        if values.len() > 4 {
            return None;
        }
        agreed(values.iter().map(|v| self.eval_depth((*v)?, depth)))
    }

    /// What an immediately invoked function returns, when every return agrees:
    /// `(() => { if (typeof globalThis !== "undefined") return globalThis; return self; })()`
    /// is the global object, as `const api = (() => typeof browser !== "undefined" ? browser
    /// : chrome)()` is the namespace.
    fn iife_value(&self, f: &Expr, depth: usize) -> Option<Val> {
        agreed(
            iife_returns(f)?
                .into_iter()
                .map(|r| self.eval_depth(r, depth)),
        )
    }

    /// The expression a binding is initialized with, when that is its only definition
    /// (`const handlers = {...}`); `None` for reassigned, destructured or opaque bindings.
    pub fn init_of(&self, i: &Ident) -> Option<&'a Expr> {
        match self.defs.get(&i.to_id()).map(Defs::as_slice) {
            Some([Def::Expr(e, keys)]) if keys.is_empty() => Some(e),
            _ => None,
        }
    }

    /// The expression a binding is initialized with and the destructuring keys that lead
    /// from it to the binding (`const { hostname } = new URL(u)`: `new URL(u)` and
    /// `["hostname"]`), when that is its only definition.
    pub fn init_and_keys(&self, i: &Ident) -> Option<(&'a Expr, &[Atom])> {
        match self.defs.get(&i.to_id()).map(Defs::as_slice) {
            Some([Def::Expr(e, keys)]) => Some((e, keys)),
            _ => None,
        }
    }

    /// Every value a binding is given, when each is its initializer or a plain `x = e`
    /// (none destructured, compound, updated, imported or opaque) and there are at most
    /// `max`; `None` otherwise, and for a binding never given a value.
    pub fn plain_defs(&self, i: &Ident, max: usize) -> Option<smallvec::SmallVec<[&'a Expr; 4]>> {
        let defs = self.defs.get(&i.to_id())?.as_slice();
        if defs.len() > max {
            return None;
        }
        defs.iter()
            .map(|d| match d {
                Def::Expr(e, keys) if keys.is_empty() => Some(*e),
                _ => None,
            })
            .collect()
    }

    /// Every value a binding can hold, as [`Semantic::plain_defs`] gives them, when those
    /// are all it can hold: not for a parameter of a function called by name, which may
    /// be called where no call is seen. An immediately invoked function's parameters
    /// hold its arguments.
    pub fn values_of(&self, i: &Ident, max: usize) -> Option<smallvec::SmallVec<[&'a Expr; 4]>> {
        if self.named_fn_params.contains(&i.to_id()) {
            return None;
        }
        self.plain_defs(i, max)
    }

    /// The import declaration that binds `i`, and the specifier's index in it.
    pub fn import_of(&self, i: &Ident) -> Option<(&'a ImportDecl, usize)> {
        match self.defs.get(&i.to_id()).map(Defs::as_slice) {
            Some([Def::Import(d, n)]) => Some((d, *n)),
            _ => None,
        }
    }

    /// The constructor `new callee(...)` runs: of a class declared here, when some `new`
    /// may hand one a namespace or a Port (the only constructors the model binds).
    pub fn constructor_of(&self, callee: &Expr) -> Option<FnNode<'a>> {
        let Expr::Ident(c) = strip(callee) else {
            return None;
        };
        self.constructors.get(&c.to_id()).map(|&k| FnNode::Ctor(k))
    }

    /// The function an expression names, following bindings, `obj.method` and `.bind()`.
    pub fn resolve_fn<'b>(&self, e: &'b Expr) -> FnRef<'b>
    where
        'a: 'b,
    {
        self.resolve_fn_depth(e, 0)
    }

    fn resolve_fn_depth<'b>(&self, e: &'b Expr, depth: usize) -> FnRef<'b>
    where
        'a: 'b,
    {
        if depth > 16 {
            return FnRef::Unknown;
        }
        match strip(e) {
            Expr::Fn(f) => FnRef::Local(FnNode::Func(&f.function)),
            Expr::Arrow(a) => FnRef::Local(FnNode::Arrow(a)),
            Expr::Ident(i) => {
                if i.ctxt == self.unresolved {
                    return FnRef::Global(i);
                }
                self.resolve_local_ident(i, depth)
            }
            Expr::Member(m) => {
                // `handler.bind(this)` names `handler`.
                let Some(name) = prop_name(&m.prop) else {
                    return FnRef::Unknown;
                };
                let obj = match strip(&m.obj) {
                    Expr::Ident(obj) => obj,
                    // `this.onMessage` in a class's method: its own method.
                    Expr::This(t) => {
                        return self.this_method(crate::parse::range(t).0, &name, depth)
                    }
                    // `new Router().handle`.
                    o @ Expr::New(_) => {
                        return self
                            .class_built(o)
                            .map_or(FnRef::Unknown, |c| self.class_method(c, &name, depth + 1))
                    }
                    _ => return FnRef::Unknown,
                };
                match self.defs.get(&obj.to_id()).map(Defs::as_slice) {
                    // `const router = new Router(); ... router.handle`.
                    Some([Def::Expr(init, keys)]) if keys.is_empty() => {
                        if let Some(c) = self.class_built(init) {
                            return self.class_method(c, &name, depth + 1);
                        }
                        // A function another module of a webpack bundle exports.
                        if let Some(exported) = self.es_exports(init, &name) {
                            return match exported[..] {
                                [x] => self.resolve_fn_depth(x, depth + 1),
                                _ => FnRef::Unknown,
                            };
                        }
                        self.object_member_fn(init, std::slice::from_ref(&name), depth)
                    }
                    _ => FnRef::Unknown,
                }
            }
            Expr::Call(c) => match &c.callee {
                Callee::Expr(callee) => match strip(callee) {
                    Expr::Member(m) if prop_name(&m.prop).is_some_and(|p| p == "bind") => {
                        self.resolve_fn_depth(&m.obj, depth + 1)
                    }
                    _ => FnRef::Unknown,
                },
                _ => FnRef::Unknown,
            },
            _ => FnRef::Unknown,
        }
    }

    /// What `this` is at byte `pos`: the class or object literal owning the innermost
    /// `this` scope holding `pos` (a non-static method, constructor or instance field of a
    /// class, a method of an object literal). Arrow functions keep the `this` around
    /// them; any other function has its own, owned by nothing msglint follows.
    fn this_owner(&self, pos: usize) -> Option<ThisOwner<'a>> {
        // The last scope starting at or before `pos`; scopes nest, so if it has ended by
        // then, the innermost one holding `pos` is among its ancestors.
        let mut i = self
            .this_scopes
            .partition_point(|s| s.0 <= pos)
            .checked_sub(1)?;
        loop {
            let (_, end, class) = self.this_scopes[i];
            if pos < end {
                return class.and_then(|c| self.this_owners.get(c).copied());
            }
            i = self.this_parents.get(i).copied().flatten()?;
        }
    }

    /// `this.name` at byte `pos`: the instance method (or function-valued field) `name` of
    /// the class `this` belongs to there, or the function property `name` of the object
    /// literal whose method holds `pos`.
    fn this_method(&self, pos: usize, name: &Atom, depth: usize) -> FnRef<'a> {
        let class = match self.this_owner(pos) {
            Some(ThisOwner::Class(c)) => c,
            Some(ThisOwner::Object(o)) => {
                return self.object_member_fn_lit(o, name, depth);
            }
            None => return FnRef::Unknown,
        };
        // `this` in a base class whose only instances here are a subclass's: the
        // subclass's override (the template-method pattern: the base registers
        // `this.onMessage`, the subclass defines it).
        let class = match self.concrete.get(&crate::parse::range(&class.span).0) {
            Some(Some(c)) => c,
            _ => class,
        };
        self.class_method(class, name, depth)
    }

    /// Fill [`Semantic::concrete`] from the classes code here builds.
    fn index_concrete(&mut self) {
        let built = std::mem::take(&mut self.new_classes);
        let mut seen: HashSet<usize> = HashSet::default();
        let mut concrete: HashMap<usize, Option<&'a Class>> = HashMap::default();
        for id in &built {
            let Some(c) = self.class_by_id(id) else {
                continue;
            };
            let start = crate::parse::range(&c.span).0;
            if !seen.insert(start) {
                continue;
            }
            // The class and each class it extends, up to a cycle's or a long chain's end.
            let mut k = c;
            for _ in 0..=MAX_EXTENDS {
                concrete
                    .entry(crate::parse::range(&k.span).0)
                    .and_modify(|e| {
                        if e.is_some_and(|x| crate::parse::range(&x.span).0 != start) {
                            *e = None;
                        }
                    })
                    .or_insert(Some(c));
                match self.base_class(k) {
                    Some(b) => k = b,
                    None => break,
                }
            }
        }
        self.concrete = concrete;
    }

    /// The instance method (or function-valued field) `name` of `class`, or of the class
    /// it extends when that is a class of this unit (`class Bg extends Base`), nearest
    /// first.
    fn class_method(&self, class: &'a Class, name: &Atom, depth: usize) -> FnRef<'a> {
        let mut class = class;
        for d in depth..=depth + MAX_EXTENDS {
            let found = if class.body.len() > INDEX_MEMBERS_FROM {
                let start = crate::parse::range(&class.span).0;
                self.member_index.get(&(start, name.clone())).copied()
            } else {
                class_members(class)
                    .find(|(k, _)| k == name)
                    .map(|(_, m)| m)
            };
            if let Some(m) = found {
                return self.member_fn(m, d);
            }
            match self.base_class(class) {
                Some(c) => class = c,
                None => return FnRef::Unknown,
            }
        }
        FnRef::Unknown
    }

    /// The class `class` extends, when it is a class of this unit (`extends Base`).
    fn base_class(&self, class: &'a Class) -> Option<&'a Class> {
        match class.super_class.as_deref().map(strip) {
            Some(Expr::Ident(base)) => self.class_named(base),
            _ => None,
        }
    }

    /// The class of this unit an identifier names: `class X {}` or `const X = class {}`.
    fn class_named(&self, i: &Ident) -> Option<&'a Class> {
        self.class_by_id(&i.to_id())
    }

    fn class_by_id(&self, id: &Id) -> Option<&'a Class> {
        if let Some(&c) = self.class_decls.get(id) {
            return Some(c);
        }
        match self.defs.get(id).map(Defs::as_slice) {
            Some([Def::Expr(init, keys)]) if keys.is_empty() => match strip(init) {
                Expr::Class(c) => Some(&c.class),
                _ => None,
            },
            _ => None,
        }
    }

    /// The class `new C(...)` builds, when `C` is a class of this unit.
    fn class_built(&self, e: &'a Expr) -> Option<&'a Class> {
        let Expr::New(n) = strip(e) else { return None };
        let Expr::Ident(c) = strip(&n.callee) else {
            return None;
        };
        self.class_named(c)
    }

    /// The function a member names.
    fn member_fn(&self, m: Member<'a>, depth: usize) -> FnRef<'a> {
        match m {
            Member::Method(f) => FnRef::Local(FnNode::Func(f)),
            Member::Field(Some(v)) => self.resolve_fn_depth(v, depth + 1),
            Member::Field(None) => FnRef::Unknown,
            Member::Prop(p) => self.prop_fn(p, depth),
        }
    }

    /// Index the members of large classes and object literals: those `this` may be (see
    /// [`ThisOwner`]) and those bindings are given (`const hub = { ... }`). The first
    /// member of a name is the one a scan finds.
    fn index_members(&mut self) {
        let mut index = std::mem::take(&mut self.member_index);
        let objects = self.object_bindings.iter().filter_map(|id| {
            match self.defs.get(id).map(Defs::as_slice) {
                Some([Def::Expr(e, keys)]) if keys.is_empty() => match strip(e) {
                    Expr::Object(o) => Some(ThisOwner::Object(o)),
                    _ => None,
                },
                _ => None,
            }
        });
        for owner in self.this_owners.iter().copied().chain(objects) {
            match owner {
                ThisOwner::Class(c) if c.body.len() > INDEX_MEMBERS_FROM => {
                    let start = crate::parse::range(&c.span).0;
                    for (k, m) in class_members(c) {
                        index.entry((start, k)).or_insert(m);
                    }
                }
                ThisOwner::Object(o) if o.props.len() > INDEX_MEMBERS_FROM => {
                    let start = crate::parse::range(&o.span).0;
                    if !self.indexed_objects.insert(start) {
                        continue;
                    }
                    for (k, p) in object_props(o) {
                        index.entry((start, k)).or_insert(Member::Prop(p));
                    }
                }
                _ => {}
            }
        }
        self.member_index = index;
    }

    /// The function a local binding holds, if it has one definition that is one.
    fn resolve_local_ident(&self, i: &Ident, depth: usize) -> FnRef<'a> {
        match self.defs.get(&i.to_id()).map(Defs::as_slice) {
            Some([Def::Fn(f)]) => FnRef::Local(*f),
            // A namespace import (`import * as NS`) is a module, not a function.
            Some([Def::Import(d, n)])
                if !matches!(d.specifiers.get(*n), Some(ImportSpecifier::Namespace(_))) =>
            {
                FnRef::Imported(d, *n)
            }
            Some([Def::Expr(e, keys)]) if keys.is_empty() => self.resolve_fn_depth(e, depth + 1),
            Some([Def::Expr(obj, keys)]) => self.object_member_fn(obj, keys, depth),
            _ => FnRef::Unknown,
        }
    }

    /// The functions a computed call may reach: `handlers[msg.type](...)` or a `Map`'s
    /// `handlers.get(msg.type)(...)`, or through a binding of either (`const h =
    /// handlers[msg.type]; h(...)`), where `handlers` has a single definition, a handler
    /// table (see [`Self::handler_table`]). Every function-valued property is a target:
    /// whoever picks the key (often the sender) can reach each. `None` when `e` is not
    /// such a lookup (a static key is [`Self::resolve_fn`]'s).
    pub fn dispatch<'b>(&self, e: &'b Expr) -> Option<Dispatch<'a, 'b>>
    where
        'a: 'b,
    {
        if !self.handler_objects {
            return None;
        }
        let mut e = strip(e);
        // Through single-definition bindings (`const h = handlers[k]`), a few deep. Most
        // callees are neither (every call asks): globals and members leave at once.
        for _ in 0..4 {
            let Expr::Ident(i) = e else { break };
            if i.ctxt == self.unresolved {
                return None;
            }
            match self.defs.get(&i.to_id()).map(Defs::as_slice) {
                Some([Def::Expr(init, keys)]) if keys.is_empty() => e = strip(init),
                _ => return None,
            }
        }
        // `handlers[key]`, or `handlers.get(key)` of a `Map`.
        let (obj, key, map) = match e {
            Expr::Member(m) => {
                let MemberProp::Computed(key) = &m.prop else {
                    return None;
                };
                (strip(&m.obj), &*key.expr, false)
            }
            Expr::Call(c) => {
                let Callee::Expr(callee) = &c.callee else {
                    return None;
                };
                let Expr::Member(m) = strip(callee) else {
                    return None;
                };
                if prop_name(&m.prop).is_none_or(|p| p != "get") {
                    return None;
                }
                (strip(&m.obj), &*c.args.first()?.expr, true)
            }
            _ => return None,
        };
        if static_string(key).is_some() {
            return None;
        }
        let Expr::Ident(obj) = obj else {
            return None;
        };
        let (is_map, targets) = self.handler_table(&obj.to_id())?;
        if is_map != map {
            return None;
        }
        (!targets.is_empty()).then(|| Dispatch {
            object: obj.sym.clone(),
            key,
            targets,
        })
    }

    fn object_member_fn(&self, obj: &'a Expr, keys: &[Atom], depth: usize) -> FnRef<'a> {
        let Expr::Object(o) = strip(obj) else {
            return FnRef::Unknown;
        };
        let [key] = keys else { return FnRef::Unknown };
        self.object_member_fn_lit(o, key, depth)
    }

    /// The function property `key` of an object literal.
    fn object_member_fn_lit(&self, o: &'a ObjectLit, key: &Atom, depth: usize) -> FnRef<'a> {
        if o.props.len() > INDEX_MEMBERS_FROM {
            let start = crate::parse::range(&o.span).0;
            // Indexed when `this` may be it or a binding is given it; else scanned.
            if self.indexed_objects.contains(&start) {
                return match self.member_index.get(&(start, key.clone())) {
                    Some(&m) => self.member_fn(m, depth),
                    None => FnRef::Unknown,
                };
            }
        }
        object_props(o)
            .find(|(name, _)| name == key)
            .map_or(FnRef::Unknown, |(_, p)| self.prop_fn(p, depth))
    }

    /// The function an object literal's property names (a method, `key: value`, shorthand).
    fn prop_fn(&self, p: &'a Prop, depth: usize) -> FnRef<'a> {
        match p {
            Prop::Method(m) => FnRef::Local(FnNode::Func(&m.function)),
            Prop::KeyValue(kv) => self.resolve_fn_depth(&kv.value, depth + 1),
            Prop::Shorthand(i) => self.resolve_local_ident(i, depth + 1),
            _ => FnRef::Unknown,
        }
    }
}

/// A class's instance members that can name a function (methods, fields), by name.
fn class_members(c: &Class) -> impl Iterator<Item = (Atom, Member<'_>)> {
    c.body.iter().filter_map(|m| match m {
        ClassMember::Method(m) if !m.is_static && m.kind == MethodKind::Method => {
            Some((prop_key(&m.key)?, Member::Method(&m.function)))
        }
        ClassMember::ClassProp(p) if !p.is_static => {
            Some((prop_key(&p.key)?, Member::Field(p.value.as_deref())))
        }
        _ => None,
    })
}

/// An object literal's properties that can name a function (methods, `key: value`,
/// shorthand `{ save }`), by key.
fn object_props(o: &ObjectLit) -> impl Iterator<Item = (Atom, &Prop)> {
    o.props.iter().filter_map(|p| {
        let PropOrSpread::Prop(p) = p else {
            return None;
        };
        let key = match &**p {
            Prop::Method(m) => prop_key(&m.key)?,
            Prop::KeyValue(kv) => prop_key(&kv.key)?,
            Prop::Shorthand(i) => i.sym.clone(),
            _ => return None,
        };
        Some((key, &**p))
    })
}

/// What `this` is in a method: a class's instance, or the object literal the method is
/// a property of (called as `obj.method()`, the usual way).
#[derive(Clone, Copy)]
enum ThisOwner<'a> {
    Class(&'a Class),
    Object(&'a ObjectLit),
}

/// A computed call into a table of functions; see [`Semantic::dispatch`].
pub struct Dispatch<'a, 'b> {
    /// The object's binding name.
    pub object: Atom,
    /// The computed key (`msg.type`).
    pub key: &'b Expr,
    /// Each function-valued property, by key.
    pub targets: Vec<(Atom, FnNode<'a>)>,
}

/// Unwrap parentheses and TypeScript-only wrappers.
pub fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip(&p.expr),
        Expr::TsAs(t) => strip(&t.expr),
        Expr::TsNonNull(t) => strip(&t.expr),
        Expr::TsTypeAssertion(t) => strip(&t.expr),
        Expr::TsConstAssertion(t) => strip(&t.expr),
        Expr::TsSatisfies(t) => strip(&t.expr),
        _ => e,
    }
}

/// The operands of a chain of `b`'s operator, in evaluation order (two at least): `a && b
/// && c`, however parenthesized, gives `[a, b, c]`. For the operators whose chains the
/// walks treat as lists (`&&`, `||`, `??`, and `+` for taint, where grouping changes no
/// operand's order): generated validators, minifiers and compiled templates write chains
/// hundreds of links long, and judged as nesting, their first link (often the sender
/// check) lay past the recursive judges' depth limits.
pub fn chain_operands(b: &BinExpr) -> smallvec::SmallVec<[&Expr; 8]> {
    let mut out = smallvec::SmallVec::new();
    let mut todo: smallvec::SmallVec<[&Expr; 8]> = smallvec::smallvec![&*b.right, &*b.left];
    while let Some(e) = todo.pop() {
        match strip(e) {
            Expr::Bin(inner) if inner.op == b.op => {
                todo.push(&inner.right);
                todo.push(&inner.left);
            }
            _ => out.push(e),
        }
    }
    out
}

/// The call a method call is made on (`a.f(x)` in `a.f(x).g(y)`), if any: the next link
/// of a method-call chain (walked as a loop by the taint and response walkers).
pub fn receiver_call(c: &CallExpr) -> Option<&CallExpr> {
    let Callee::Expr(callee) = &c.callee else {
        return None;
    };
    let Expr::Member(m) = strip(callee) else {
        return None;
    };
    match strip(&m.obj) {
        Expr::Call(inner) if matches!(inner.callee, Callee::Expr(_)) => Some(inner),
        _ => None,
    }
}

/// A member's static name: `a.b`, `a["b"]`, ``a[`b`]``. Borrowed, for the many checks
/// that only compare it (cloning the atom of every property read showed in profiles of
/// the taint walk); [`prop_name`] when the name is kept.
pub fn prop_str(p: &MemberProp) -> Option<&str> {
    match p {
        MemberProp::Ident(i) => Some(&i.sym),
        MemberProp::Computed(c) => static_string(&c.expr),
        MemberProp::PrivateName(_) => None,
    }
}

/// [`prop_str`] as an atom (a plain name's own atom, not a new one).
pub fn prop_name(p: &MemberProp) -> Option<Atom> {
    match p {
        MemberProp::Ident(i) => Some(i.sym.clone()),
        _ => prop_str(p).map(Atom::from),
    }
}

pub fn prop_key(k: &PropName) -> Option<Atom> {
    match k {
        PropName::Ident(i) => Some(i.sym.clone()),
        PropName::Str(s) => s.value.as_atom().cloned(),
        PropName::Computed(c) => static_string(&c.expr).map(Atom::from),
        _ => None,
    }
}

/// Which argument of `runtime.sendMessage([extensionId,] message, [options,] [callback])`
/// is the message: the second when a string id comes first (a literal followed by a
/// non-function, or any first argument before an object-literal second of three or
/// more), else the first. The taint pass and the serialization rule both ask this.
pub fn send_message_arg(args: &[ExprOrSpread]) -> usize {
    let is_fn = |a: &ExprOrSpread| matches!(strip(&a.expr), Expr::Fn(_) | Expr::Arrow(_));
    let is_object = |a: &ExprOrSpread| matches!(strip(&a.expr), Expr::Object(_));
    match args {
        [first, second, ..] if static_string(&first.expr).is_some() && !is_fn(second) => 1,
        [first, second, _, ..] if !is_object(first) && is_object(second) => 1,
        _ => 0,
    }
}

/// Whether an expression is a constant that is truthy or falsy: `true`, `!0`, `1`, `"x"`
/// on one side; `false`, `!1`, `0`, `""`, `null`, `void 0` on the other. `None` for
/// anything else.
pub fn const_truth(e: &Expr) -> Option<bool> {
    match strip(e) {
        Expr::Lit(Lit::Bool(b)) => Some(b.value),
        Expr::Lit(Lit::Num(n)) => Some(n.value != 0.0 && !n.value.is_nan()),
        Expr::Lit(Lit::Null(_)) => Some(false),
        Expr::Lit(Lit::Str(_)) | Expr::Tpl(_) => static_string(e).map(|s| !s.is_empty()),
        Expr::Unary(u) if u.op == UnaryOp::Bang => const_truth(&u.arg).map(|t| !t),
        Expr::Unary(u) if u.op == UnaryOp::Void && matches!(strip(&u.arg), Expr::Lit(_)) => {
            Some(false)
        }
        _ => None,
    }
}

/// A string known statically: a literal or a template without expressions.
pub fn static_string(e: &Expr) -> Option<&str> {
    match strip(e) {
        Expr::Lit(Lit::Str(s)) => s.value.as_atom().map(|a| a.as_str()),
        Expr::Tpl(t) if t.exprs.is_empty() => t
            .quasis
            .first()
            .and_then(|q| q.cooked.as_ref())
            .and_then(|c| c.as_atom())
            .map(|a| a.as_str()),
        _ => None,
    }
}

fn is_polyfill_arg(a: Option<&ExprOrSpread>) -> bool {
    a.and_then(|a| static_string(&a.expr))
        .is_some_and(|s| s == "webextension-polyfill")
}

/// Whether one of `marks` (byte positions the collector noted) lies within `span`.
fn marks_within(marks: &[u32], span: swc_common::Span) -> bool {
    marks.iter().any(|&m| span.lo.0 <= m && m < span.hi.0)
}

/// What a binding of a bundler's CommonJS plumbing gives when called.
#[derive(Debug, Clone, Copy)]
enum CjsFn {
    /// webextension-polyfill: the namespace.
    Polyfill,
    /// An interop helper: the namespace when given it (or an object whose `default` it is).
    Interop,
}

/// `x.__esModule` or `!x.__esModule`: a bundler's interop helper asking whether a module
/// was compiled from ES syntax.
fn reads_es_module_flag(e: &Expr) -> bool {
    let e = match strip(e) {
        Expr::Unary(u) if u.op == UnaryOp::Bang => strip(&u.arg),
        other => other,
    };
    matches!(e, Expr::Member(m) if matches!(&m.prop, MemberProp::Ident(p) if p.sym == "__esModule"))
}

/// An assignment target named `onmessage`: the bare name, or a member of an object.
enum Onmessage<'e> {
    Global(&'e Ident),
    Member(&'e Expr),
}

fn onmessage_target(left: &AssignTarget) -> Option<Onmessage<'_>> {
    match left {
        AssignTarget::Simple(SimpleAssignTarget::Ident(b)) if b.id.sym == "onmessage" => {
            Some(Onmessage::Global(&b.id))
        }
        AssignTarget::Simple(SimpleAssignTarget::Member(m))
            if prop_name(&m.prop).is_some_and(|p| p == "onmessage") =>
        {
            Some(Onmessage::Member(&m.obj))
        }
        _ => None,
    }
}

/// First pass: every binding's definitions, loads, and calls.
struct Collector<'s, 'a> {
    sem: &'s mut Semantic<'a>,
    /// Import specifiers that bind an API value another module exports.
    api_imports: &'s imports::ApiImports,
    /// The nodes the listener finder looks at, in the order the walk meets them, so the
    /// finder needs no walk of its own (a walk over a bundle's tree, too big for any
    /// cache, costs more than the work done at the nodes).
    found: Vec<Found<'a>>,
    /// The class whose body the walk is in (index into `Semantic::this_owners`).
    class: Option<usize>,
    /// Set for the function of a method about to be visited: its class or object literal.
    method_of: Option<usize>,
}

impl<'a> Collector<'_, 'a> {
    /// A chunk's module table (`X.push([[ids], {...}])`) and webpack's ES export
    /// definitions (`n.d(exports, {...})`), for a bundle's registry.
    fn registry_call(&mut self, c: &'a CallExpr, m: &'a MemberExpr) {
        let MemberProp::Ident(p) = &m.prop else {
            return;
        };
        match &*p.sym {
            "push" => {
                if let Some(t) = webpack::chunk_table(c) {
                    self.sem.chunk_tables.push(t);
                }
            }
            "d" => {
                if let [target, defs] = &c.args[..] {
                    if let Expr::Ident(t) = strip(&target.expr) {
                        self.sem
                            .define_calls
                            .entry(t.to_id())
                            .or_default()
                            .push(&defs.expr);
                    }
                }
            }
            _ => {}
        }
    }

    /// Walk a member chain the way [`ListenerFinder::member_chain`] evaluates it: down the
    /// objects, then each level's computed key; a chain deeper than the evaluation cap
    /// starts a chain of its own there.
    fn chain(&mut self, m: &'a MemberExpr, depth: usize) {
        let obj = strip(&m.obj);
        match obj {
            Expr::Member(inner) if depth <= MAX_EVAL_DEPTH => self.chain(inner, depth + 1),
            _ => obj.visit_with(self),
        }
        if let MemberProp::Computed(c) = &m.prop {
            c.visit_with(self);
        }
    }

    fn def(&mut self, id: Id, d: Def<'a>) {
        add_def(&mut self.sem.defs, id, d);
    }

    /// Bind every identifier of a pattern: `value` is the expression destructured.
    fn pat(&mut self, p: &'a Pat, value: Option<&'a Expr>, keys: Vec<Atom>) {
        match p {
            Pat::Ident(b) => {
                let d = match value {
                    Some(e) => match strip(e) {
                        Expr::Fn(f) if keys.is_empty() => Def::Fn(FnNode::Func(&f.function)),
                        Expr::Arrow(a) if keys.is_empty() => Def::Fn(FnNode::Arrow(a)),
                        Expr::Object(_) | Expr::New(_) if keys.is_empty() => {
                            self.sem.object_bindings.push(b.id.to_id());
                            Def::Expr(e, keys)
                        }
                        _ => Def::Expr(e, keys),
                    },
                    None => return,
                };
                self.def(b.id.to_id(), d);
            }
            Pat::Object(o) => self.object_pat(o, value, keys),
            Pat::Assign(a) => self.pat(&a.left, value, keys),
            other => self.opaque_pat(other),
        }
    }

    fn object_pat(&mut self, o: &'a ObjectPat, value: Option<&'a Expr>, keys: Vec<Atom>) {
        for prop in &o.props {
            match prop {
                ObjectPatProp::KeyValue(kv) => match prop_key(&kv.key) {
                    Some(k) => {
                        let mut keys = keys.clone();
                        keys.push(k);
                        self.pat(&kv.value, value, keys);
                    }
                    None => self.opaque_pat(&kv.value),
                },
                ObjectPatProp::Assign(a) => {
                    let mut keys = keys.clone();
                    keys.push(a.key.id.sym.clone());
                    match value {
                        Some(v) => self.def(a.key.id.to_id(), Def::Expr(v, keys)),
                        None => self.def(a.key.id.to_id(), Def::Opaque),
                    }
                }
                ObjectPatProp::Rest(r) => self.opaque_pat(&r.arg),
            }
        }
    }

    /// `for (x of ...)` / `for (x in ...)`: the loop assigns values msglint does not track.
    fn loop_head(&mut self, head: &ForHead) {
        match head {
            ForHead::VarDecl(v) => {
                for d in &v.decls {
                    let p: &'a Pat = unsafe_extend(&d.name);
                    self.opaque_pat(p);
                }
            }
            ForHead::Pat(p) => {
                let p: &'a Pat = unsafe_extend(&**p);
                self.opaque_pat(p);
            }
            ForHead::UsingDecl(_) => {}
        }
    }

    /// `c.add(x)`, `c.push(x, y)`, `c.unshift(x)`, `c.set(k, x)` and `c.forEach((p) =>
    /// ...)` on a binding `c`: see [`Semantic::collect_ports`].
    fn collection_call(&mut self, m: &'a MemberExpr, args: &'a [ExprOrSpread]) {
        let Some(c) = strip(&m.obj).as_ident() else {
            return;
        };
        let MemberProp::Ident(name) = &m.prop else {
            return;
        };
        match &*name.sym {
            "forEach" => {
                let first = match args.first().map(|a| strip(&a.expr)) {
                    Some(Expr::Arrow(a)) => a.params.first().and_then(|p| p.as_ident()),
                    Some(Expr::Fn(f)) => f.function.params.first().and_then(|p| p.pat.as_ident()),
                    _ => None,
                };
                if let Some(p) = first {
                    self.sem.collection_reads.push((c, &p.id));
                }
            }
            method => {
                for a in collection_added(method, args) {
                    self.sem.collection_adds.push((c, &a.expr));
                }
            }
        }
    }

    fn opaque_pat(&mut self, p: &'a Pat) {
        struct Ids<'v>(&'v mut Vec<Id>);
        impl Visit for Ids<'_> {
            fn visit_binding_ident(&mut self, b: &BindingIdent) {
                self.0.push(b.id.to_id());
            }
            fn visit_expr(&mut self, _: &Expr) {}
        }
        let mut ids = Vec::new();
        p.visit_with(&mut Ids(&mut ids));
        for id in ids {
            self.def(id, Def::Opaque);
        }
    }
}

/// For ranges sorted by start (outer first on a tie) that nest or are disjoint, each
/// one's innermost enclosing range: one pass with a stack of the open ranges.
fn nesting_parents(ranges: &[(usize, usize, Option<usize>)]) -> Vec<Option<usize>> {
    let mut parents = Vec::with_capacity(ranges.len());
    let mut open: Vec<usize> = Vec::new();
    for (i, &(start, _, _)) in ranges.iter().enumerate() {
        while open.last().is_some_and(|&j| ranges[j].1 <= start) {
            open.pop();
        }
        parents.push(open.last().copied());
        open.push(i);
    }
    parents
}

/// Whether a statement always leaves the block (`return`, `throw`, `break`, `continue`).
/// The taint walk asks it too, for early-exit guards.
pub fn stmt_exits(s: &Stmt) -> bool {
    always_exits(s, true)
}

/// Whether a statement always leaves the function (`return` or `throw`; a `break` stays
/// in it).
pub fn stmt_leaves_function(s: &Stmt) -> bool {
    always_exits(s, false)
}

fn always_exits(s: &Stmt, jumps: bool) -> bool {
    match s {
        Stmt::Return(_) | Stmt::Throw(_) => true,
        Stmt::Break(_) | Stmt::Continue(_) => jumps,
        Stmt::Block(b) => b.stmts.iter().any(|s| always_exits(s, jumps)),
        Stmt::If(i) => {
            always_exits(&i.cons, jumps) && i.alt.as_deref().is_some_and(|a| always_exits(a, jumps))
        }
        _ => false,
    }
}

impl<'a> Visit for Collector<'_, 'a> {
    fn visit_new_expr(&mut self, n: &NewExpr) {
        let n: &'a NewExpr = unsafe_extend(n);
        // Only one whose arguments may be a namespace, a Port or the global object.
        if n.args
            .iter()
            .flatten()
            .any(|a| matches!(strip(&a.expr), Expr::Ident(_) | Expr::Member(_)))
        {
            self.sem.news.push(n);
        }
        if let Expr::Ident(i) = strip(&n.callee) {
            if i.ctxt != self.sem.unresolved {
                self.sem.new_classes.push(i.to_id());
            }
            if i.ctxt == self.sem.unresolved && matches!(&*i.sym, "Worker" | "SharedWorker") {
                if let Some(spec) = n
                    .args
                    .as_ref()
                    .and_then(|a| a.first())
                    .and_then(|a| worker_script(&a.expr))
                {
                    self.sem.reaches.workers.push(spec);
                }
            }
        }
        n.visit_children_with(self);
    }

    fn visit_stmts(&mut self, stmts: &[Stmt]) {
        // `if (typeof WorkerGlobalScope === "undefined") throw ...;`: the rest of the
        // block runs only in a worker (MetaMask's worker stream constructor).
        let unresolved = self.sem.unresolved;
        let guard = stmts.iter().position(|st| {
            matches!(st, Stmt::If(s) if s.alt.is_none()
                && stmt_exits(&s.cons)
                && is_not_worker_test(&s.test, unresolved))
        });
        if let Some(i) = guard {
            if let (Some(st), Some(last)) = (stmts.get(i), stmts[i + 1..].last()) {
                let (start, end) = (crate::parse::range(st).1, crate::parse::range(last).1);
                self.sem.worker_only.push((start, end));
            }
        }
        stmts.visit_children_with(self);
    }

    fn visit_if_stmt(&mut self, s: &IfStmt) {
        if is_worker_test(&s.test, self.sem.unresolved) {
            self.sem.worker_only.push(crate::parse::range(&*s.cons));
        }
        s.visit_children_with(self);
    }

    fn visit_cond_expr(&mut self, c: &CondExpr) {
        if is_worker_test(&c.test, self.sem.unresolved) {
            self.sem.worker_only.push(crate::parse::range(&*c.cons));
        }
        c.visit_children_with(self);
    }

    fn visit_bin_expr(&mut self, b: &BinExpr) {
        if b.op == BinaryOp::LogicalAnd && is_worker_test(&b.left, self.sem.unresolved) {
            self.sem.worker_only.push(crate::parse::range(&*b.right));
        }
        // Interop helpers test `__esModule` as an operand of `&&` or `||` (`mod &&
        // mod.__esModule`, `!m || !m.__esModule`): looked for there, not at every member.
        if matches!(b.op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr) {
            for side in [&b.left, &b.right] {
                if reads_es_module_flag(side) {
                    self.sem.esmodule_reads.push(b.span.lo.0);
                }
            }
        }
        b.visit_children_with(self);
    }

    fn visit_throw_stmt(&mut self, t: &ThrowStmt) {
        // Looked for in throws only (few), not in every string of a bundle.
        if webpack::throws_polyfill_signature(&t.arg) {
            self.sem.polyfill_marks.push(t.span.lo.0);
        }
        t.visit_children_with(self);
    }

    fn visit_ident(&mut self, i: &Ident) {
        // The global only: a library's own `var chrome = /Chrome\//.test(ua)` (CodeMirror)
        // names no API, and would have its every function probed for taint.
        if i.ctxt == self.sem.unresolved && matches!(&*i.sym, "chrome" | "browser") {
            self.sem.names_api = true;
        }
    }

    fn visit_var_declarator(&mut self, d: &VarDeclarator) {
        // SAFETY of lifetimes: the visitor is driven over `&'a Program`.
        let d: &'a VarDeclarator = unsafe_extend(d);
        self.pat(&d.name, d.init.as_deref(), vec![]);
        if matches!(d.name, Pat::Object(_)) && d.init.is_some() {
            self.found.push(Found::Destructure(d));
        }
        d.visit_children_with(self);
    }

    fn visit_member_expr(&mut self, m: &MemberExpr) {
        let m: &'a MemberExpr = unsafe_extend(m);
        self.chain(m, 1);
        self.found.push(Found::Chain(m));
    }

    fn visit_fn_decl(&mut self, f: &FnDecl) {
        let f: &'a FnDecl = unsafe_extend(f);
        if f.function.params.len() == 1 {
            if let Some(table) = webpack::require_table(&f.function, &f.ident) {
                self.sem.require_fns.push((&f.ident, table));
            }
        }
        let node = FnNode::Func(&f.function);
        self.def(f.ident.to_id(), Def::Fn(node));
        f.visit_children_with(self);
    }

    fn visit_class(&mut self, c: &Class) {
        let c: &'a Class = unsafe_extend(c);
        let idx = self.sem.this_owners.len();
        self.sem.this_owners.push(ThisOwner::Class(c));
        let outer = self.class.replace(idx);
        c.visit_children_with(self);
        self.class = outer;
    }

    fn visit_class_method(&mut self, m: &ClassMethod) {
        m.key.visit_with(self);
        self.method_of = if m.is_static { None } else { self.class };
        m.function.visit_with(self);
    }

    fn visit_private_method(&mut self, m: &PrivateMethod) {
        m.key.visit_with(self);
        self.method_of = if m.is_static { None } else { self.class };
        m.function.visit_with(self);
    }

    fn visit_constructor(&mut self, k: &Constructor) {
        let (start, end) = crate::parse::range(&k.span);
        self.sem.this_scopes.push((start, end, self.class));
        k.visit_children_with(self);
    }

    fn visit_class_prop(&mut self, p: &ClassProp) {
        if let Some(v) = &p.value {
            let (start, end) = crate::parse::range(&swc_common::Spanned::span(&**v));
            let class = if p.is_static { None } else { self.class };
            self.sem.this_scopes.push((start, end, class));
        }
        p.visit_children_with(self);
    }

    fn visit_object_lit(&mut self, o: &ObjectLit) {
        let o: &'a ObjectLit = unsafe_extend(o);
        let is_method = |p: &PropOrSpread| match p {
            PropOrSpread::Prop(p) => match &**p {
                Prop::Method(_) | Prop::Getter(_) | Prop::Setter(_) => true,
                Prop::KeyValue(kv) => matches!(strip(&kv.value), Expr::Fn(_)),
                _ => false,
            },
            PropOrSpread::Spread(_) => false,
        };
        if !o.props.iter().any(is_method) {
            o.visit_children_with(self);
            return;
        }
        let idx = self.sem.this_owners.len();
        self.sem.this_owners.push(ThisOwner::Object(o));
        for p in &o.props {
            let PropOrSpread::Prop(prop) = p else {
                p.visit_with(self);
                continue;
            };
            match &**prop {
                Prop::Method(m) => {
                    m.key.visit_with(self);
                    self.method_of = Some(idx);
                    m.function.visit_with(self);
                }
                Prop::KeyValue(kv) if matches!(strip(&kv.value), Expr::Fn(_)) => {
                    kv.key.visit_with(self);
                    self.method_of = Some(idx);
                    kv.value.visit_with(self);
                }
                Prop::Getter(g) => {
                    let (start, end) = crate::parse::range(&g.span);
                    self.sem.this_scopes.push((start, end, Some(idx)));
                    g.visit_with(self);
                }
                Prop::Setter(st) => {
                    let (start, end) = crate::parse::range(&st.span);
                    self.sem.this_scopes.push((start, end, Some(idx)));
                    st.visit_with(self);
                }
                _ => prop.visit_with(self),
            }
        }
    }

    fn visit_function(&mut self, f: &Function) {
        let (start, end) = crate::parse::range(&f.span);
        let owner = self.method_of.take();
        self.sem.this_scopes.push((start, end, owner));
        f.visit_children_with(self);
    }

    fn visit_class_decl(&mut self, c: &ClassDecl) {
        let c: &'a ClassDecl = unsafe_extend(c);
        self.def(c.ident.to_id(), Def::Opaque);
        self.sem
            .class_decls
            .entry(c.ident.to_id())
            .or_insert(&c.class);
        c.visit_children_with(self);
    }

    fn visit_assign_expr(&mut self, a: &AssignExpr) {
        let a: &'a AssignExpr = unsafe_extend(a);
        if onmessage_target(&a.left).is_some() {
            self.found.push(Found::Assign(a));
        }
        match &a.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(b)) => {
                if a.op == AssignOp::Assign {
                    let d = match strip(&a.right) {
                        Expr::Fn(f) => Def::Fn(FnNode::Func(&f.function)),
                        Expr::Arrow(ar) => Def::Fn(FnNode::Arrow(ar)),
                        _ => Def::Expr(&a.right, vec![]),
                    };
                    self.def(b.id.to_id(), d);
                } else {
                    self.def(b.id.to_id(), Def::Opaque);
                }
            }
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                // `module.exports = value`, for a bundle's registry.
                if let (Expr::Ident(o), MemberProp::Ident(p)) = (strip(&m.obj), &m.prop) {
                    if p.sym == "exports" && a.op == AssignOp::Assign {
                        let value = match strip(&a.right) {
                            Expr::Fn(_)
                            | Expr::Arrow(_)
                            | Expr::Class(_)
                            | Expr::Lit(_)
                            | Expr::Object(_)
                            | Expr::Array(_)
                            | Expr::Tpl(_) => None,
                            _ => Some(&*a.right),
                        };
                        self.sem
                            .exports_assigns
                            .entry(o.to_id())
                            .or_default()
                            .push(value);
                    }
                }
                if let (Expr::This(t), Some(name)) = (strip(&m.obj), prop_name(&m.prop)) {
                    // A value read from another field of `this` is not followed: no
                    // chain of fields can then loop.
                    let value = (a.op == AssignOp::Assign
                        && matches!(strip(&a.right), Expr::Ident(_) | Expr::Member(_))
                        && !member_root_is_this(&a.right))
                    .then_some(&*a.right);
                    self.sem
                        .this_assigns
                        .push((crate::parse::range(t).0, name, value));
                }
            }
            AssignTarget::Pat(AssignTargetPat::Object(o)) => {
                self.object_pat(o, Some(&a.right), vec![])
            }
            AssignTarget::Pat(AssignTargetPat::Array(arr)) => {
                for p in arr.elems.iter().flatten() {
                    self.opaque_pat(p);
                }
            }
            _ => {}
        }
        a.visit_children_with(self);
    }

    fn visit_update_expr(&mut self, u: &UpdateExpr) {
        if let Expr::Ident(i) = &*u.arg {
            self.def(i.to_id(), Def::Opaque);
        }
        u.visit_children_with(self);
    }

    fn visit_catch_clause(&mut self, c: &CatchClause) {
        if let Some(p) = &c.param {
            let p: &'a Pat = unsafe_extend(p);
            self.opaque_pat(p);
        }
        c.visit_children_with(self);
    }

    fn visit_for_in_stmt(&mut self, f: &ForInStmt) {
        self.loop_head(&f.left);
        f.visit_children_with(self);
    }

    fn visit_for_of_stmt(&mut self, f: &ForOfStmt) {
        self.loop_head(&f.left);
        // `for (const p of ports)`, `for (const p of ports.values())`.
        let source = match strip(&f.right) {
            Expr::Ident(c) => Some(c),
            Expr::Call(call) if call.args.is_empty() => match &call.callee {
                Callee::Expr(callee) => match strip(callee) {
                    Expr::Member(m) if prop_name(&m.prop).is_some_and(|p| p == "values") => {
                        strip(&m.obj).as_ident()
                    }
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        let element = match &f.left {
            ForHead::VarDecl(v) if v.decls.len() == 1 => v.decls[0].name.as_ident(),
            ForHead::Pat(p) => p.as_ident(),
            _ => None,
        };
        if let (Some(c), Some(p)) = (source, element) {
            let (c, p): (&'a Ident, &'a Ident) = (unsafe_extend(c), unsafe_extend(&p.id));
            self.sem.collection_reads.push((c, p));
        }
        f.visit_children_with(self);
    }

    fn visit_import_decl(&mut self, i: &ImportDecl) {
        let i: &'a ImportDecl = unsafe_extend(i);
        let src = i
            .src
            .value
            .as_atom()
            .map(|a| a.to_string())
            .unwrap_or_default();
        // The polyfill's default or namespace import is the namespace itself.
        let polyfill = src == "webextension-polyfill";
        self.sem.uses_polyfill |= polyfill;
        for (n, s) in i.specifiers.iter().enumerate() {
            let local = match s {
                ImportSpecifier::Default(d) => &d.local,
                ImportSpecifier::Namespace(n) => &n.local,
                ImportSpecifier::Named(n) => &n.local,
            };
            let def = if polyfill {
                Def::Value(Val::Api(Path::new()))
            } else if i.type_only {
                Def::Opaque
            } else if let Some(a) = self.api_imports.get(i, n) {
                self.sem.uses_polyfill |= a.polyfill;
                Def::Value(a.val.clone())
            } else {
                Def::Import(i, n)
            };
            self.def(local.to_id(), def);
        }
        self.sem.reaches.loads.push(src);
    }

    fn visit_export_all(&mut self, e: &ExportAll) {
        if let Some(a) = e.src.value.as_atom() {
            self.sem.reaches.loads.push(a.to_string());
        }
    }

    fn visit_named_export(&mut self, e: &NamedExport) {
        if let Some(a) = e.src.as_ref().and_then(|s| s.value.as_atom()) {
            self.sem.reaches.loads.push(a.to_string());
            return;
        }
        // `export { onMessage, handle as onConnect }`: resolved once the definitions are.
        let e: &'a NamedExport = unsafe_extend(e);
        for s in &e.specifiers {
            if let ExportSpecifier::Named(n) = s {
                let ModuleExportName::Ident(orig) = &n.orig else {
                    continue;
                };
                let name = match &n.exported {
                    Some(x) => match imports::export_name(x) {
                        Some(name) => name,
                        None => continue,
                    },
                    None => orig.sym.clone(),
                };
                self.sem.pending_exports.push((name, orig));
            }
        }
    }

    fn visit_export_decl(&mut self, e: &ExportDecl) {
        let e: &'a ExportDecl = unsafe_extend(e);
        match &e.decl {
            Decl::Fn(f) => {
                self.sem
                    .exports
                    .insert(f.ident.sym.clone(), FnNode::Func(&f.function));
            }
            Decl::Var(v) => {
                for d in &v.decls {
                    if let Pat::Ident(b) = &d.name {
                        self.sem.pending_exports.push((b.id.sym.clone(), &b.id));
                    }
                }
            }
            _ => {}
        }
        e.visit_children_with(self);
    }

    fn visit_export_default_decl(&mut self, e: &ExportDefaultDecl) {
        let e: &'a ExportDefaultDecl = unsafe_extend(e);
        if let DefaultDecl::Fn(f) = &e.decl {
            self.sem
                .exports
                .insert(Atom::from("default"), FnNode::Func(&f.function));
        }
        e.visit_children_with(self);
    }

    fn visit_export_default_expr(&mut self, e: &ExportDefaultExpr) {
        let e: &'a ExportDefaultExpr = unsafe_extend(e);
        match strip(&e.expr) {
            Expr::Fn(f) => {
                self.sem
                    .exports
                    .insert(Atom::from("default"), FnNode::Func(&f.function));
            }
            Expr::Arrow(a) => {
                self.sem
                    .exports
                    .insert(Atom::from("default"), FnNode::Arrow(a));
            }
            Expr::Ident(i) => self.sem.pending_exports.push((Atom::from("default"), i)),
            _ => self.sem.default_export = Some(&e.expr),
        }
        e.visit_children_with(self);
    }

    fn visit_call_expr(&mut self, c: &CallExpr) {
        let c: &'a CallExpr = unsafe_extend(c);
        if let Callee::Expr(callee) = &c.callee {
            self.found.push(Found::Call(c));
            if let Expr::Member(m) = strip(callee) {
                self.registry_call(c, m);
            }
        }
        match &c.callee {
            Callee::Import(_) => {
                if let Some(s) = c.args.first().and_then(|a| static_string(&a.expr)) {
                    self.sem.reaches.loads.push(s.to_string());
                }
            }
            Callee::Expr(callee) => {
                if let Expr::Ident(i) = strip(callee) {
                    if i.sym == "require"
                        && i.ctxt == self.sem.unresolved
                        && is_polyfill_arg(c.args.first())
                    {
                        self.sem.uses_polyfill = true;
                    }
                    if i.sym == "importScripts" && i.ctxt == self.sem.unresolved {
                        self.sem.calls_import_scripts = true;
                        for a in &c.args {
                            if let Some(s) = static_string(&a.expr) {
                                self.sem.reaches.loads.push(s.to_string());
                            }
                        }
                    }
                }
                if let Expr::Member(m) = strip(callee) {
                    self.collection_call(m, &c.args);
                }
                // `(function (e) {...}).call(this, chrome)`: arguments shift by one.
                if let Expr::Member(m) = strip(callee) {
                    if prop_name(&m.prop).is_some_and(|p| p == "call") {
                        self.sem.calls.push((&m.obj, &c.args, 1));
                    }
                }
                self.sem.calls.push((callee, &c.args, 0));
            }
            Callee::Super(_) => {}
        }
        c.visit_children_with(self);
    }
}

/// The visitor API hands out references with the visitor's borrow lifetime, but every
/// node lives as long as the program being visited (`'a`); this restores that lifetime.
fn unsafe_extend<'a, T: ?Sized>(r: &T) -> &'a T {
    // SAFETY: `Semantic::build` only visits `&'a Program`, so every node reference the
    // visitor receives points into that program and is valid for `'a`.
    unsafe { &*(r as *const T) }
}

/// Second pass: listener registrations, messaging calls, API uses.
struct ListenerFinder<'s, 'a> {
    sem: &'s Semantic<'a>,
    listeners: Vec<Listener<'a>>,
    /// (event, function start) of the extension-event listeners found: see `push`.
    registered: HashSet<(u8, usize)>,
    calls: Vec<ApiCall<'a>>,
    uses: Vec<ApiUse>,
    port_candidates: HashSet<Id>,
}

/// What [`ListenerFinder::run`] finds: listeners, messaging calls, API uses, and the
/// bindings used as a Port with no known value.
type Finding<'a> = (
    Vec<Listener<'a>>,
    Vec<ApiCall<'a>>,
    Vec<ApiUse>,
    HashSet<Id>,
);

fn event_of(v: &Val) -> Option<Event> {
    match v {
        Val::Api(p) => {
            let p: Vec<&str> = p.iter().map(|a| &**a).collect();
            Some(match p.as_slice() {
                ["runtime" | "extension", "onMessage"] | ["extension", "onRequest"] => {
                    Event::OnMessage
                }
                ["runtime" | "extension", "onMessageExternal"]
                | ["extension", "onRequestExternal"] => Event::OnMessageExternal,
                ["runtime" | "extension", "onConnect"] => Event::OnConnect,
                ["runtime" | "extension", "onConnectExternal"] => Event::OnConnectExternal,
                ["runtime", "onUserScriptMessage"] => Event::OnUserScriptMessage,
                ["runtime", "onUserScriptConnect"] => Event::OnUserScriptConnect,
                _ => return None,
            })
        }
        Val::Port(k, p) if p.len() == 1 => match &*p[0] {
            "onMessage" => Some(Event::PortMessage(*k)),
            "onDisconnect" => Some(Event::PortDisconnect(*k)),
            _ => None,
        },
        _ => None,
    }
}

impl<'s, 'a> ListenerFinder<'s, 'a> {
    /// Examine the nodes the collector recorded, in the order it met them: the unit's
    /// listeners, messaging calls and API uses.
    fn run(sem: &'s Semantic<'a>, found: &[Found<'a>]) -> Finding<'a> {
        let mut finder = ListenerFinder {
            sem,
            listeners: Vec::new(),
            registered: HashSet::default(),
            calls: Vec::new(),
            uses: Vec::new(),
            port_candidates: HashSet::default(),
        };
        for &node in found {
            match node {
                Found::Call(c) => finder.call(c),
                Found::Assign(a) => finder.assign(a),
                Found::Chain(m) => {
                    finder.member_chain(m, 1);
                }
                Found::Destructure(d) => finder.destructure(d),
            }
        }
        (
            finder.listeners,
            finder.calls,
            finder.uses,
            finder.port_candidates,
        )
    }

    /// Visit a member chain from its root up, evaluating each level from the one below
    /// (rather than every level from the root again), and record the API uses
    /// (`chrome.runtime`-deep paths) along it. `depth` is the level's distance from the
    /// chain's top, capped like [`Semantic::eval`].
    fn member_chain(&mut self, m: &MemberExpr, depth: usize) -> Option<Val> {
        let obj = strip(&m.obj);
        let base = match obj {
            Expr::Member(inner) if depth <= MAX_EVAL_DEPTH => self.member_chain(inner, depth + 1),
            _ => self.sem.eval_depth(obj, depth),
        };
        let v = base.and_then(|b| b.member(prop_name(&m.prop)?));
        if let Some(Val::Api(p)) = &v {
            if p.len() == 2 {
                let (start, end) = crate::parse::range(&m.span);
                self.uses.push(ApiUse {
                    path: p.clone(),
                    start,
                    end,
                });
            }
        }
        v
    }
}

impl<'a> ListenerFinder<'_, 'a> {
    fn call(&mut self, c: &'a CallExpr) {
        if let Callee::Expr(callee) = &c.callee {
            let callee = strip(callee);
            let arg0 = c.args.first().map(|a| &*a.expr);
            let arg1 = c.args.get(1).map(|a| &*a.expr);
            match callee {
                Expr::Member(m) => {
                    let name = prop_name(&m.prop);
                    let obj = self.sem.eval(&m.obj);
                    match (name.as_deref(), &obj) {
                        (Some("addListener"), Some(v)) => {
                            if let (Some(event), Some(arg)) = (event_of(v), arg0) {
                                self.push(event, c, &m.obj, arg);
                            }
                        }
                        (Some("addListener"), None) => self.port_candidate(&m.obj),
                        (Some("addEventListener"), Some(Val::Global | Val::Document)) => {
                            if let (Some(ev), Some(arg)) = (arg0.and_then(static_string), arg1) {
                                let event = if ev == "message" {
                                    Event::WindowMessage
                                } else {
                                    Event::DomEvent(ev.into())
                                };
                                self.push(event, c, &m.obj, arg);
                            }
                        }
                        _ => {}
                    }
                    if let Some(Val::Api(p)) = obj.clone().and_then(|o| o.member(name.clone()?)) {
                        if p.len() >= 2 {
                            self.calls.push(ApiCall { path: p, call: c });
                        }
                    } else if let (Some(Val::Port(_, p)), Some(n)) = (&obj, &name) {
                        if p.is_empty() {
                            self.calls.push(ApiCall {
                                path: smallvec::smallvec!["<port>".into(), n.clone()],
                                call: c,
                            });
                        }
                    }
                }
                Expr::Ident(i) if i.ctxt == self.sem.unresolved && i.sym == "addEventListener" => {
                    if let (Some(ev), Some(arg)) = (arg0.and_then(static_string), arg1) {
                        let event = if ev == "message" {
                            Event::WindowMessage
                        } else {
                            Event::DomEvent(ev.into())
                        };
                        self.push(event, c, callee, arg);
                    }
                }
                _ => {}
            }
        }
    }

    fn assign(&mut self, a: &'a AssignExpr) {
        let target_is_onmessage = match onmessage_target(&a.left) {
            Some(Onmessage::Global(id)) => id.ctxt == self.sem.unresolved,
            Some(Onmessage::Member(obj)) => matches!(self.sem.eval(obj), Some(Val::Global)),
            None => false,
        };
        if target_is_onmessage && a.op == AssignOp::Assign {
            let func = self.sem.resolve_fn(&a.right);
            self.listeners.push(Listener {
                event: Event::WindowMessage,
                registration: crate::parse::range(&a.span),
                target: crate::parse::range(&a.left),
                func,
                forwards: self.forwards(&Event::WindowMessage, func),
                handoffs: Vec::new(),
                page_only: match onmessage_target(&a.left) {
                    Some(Onmessage::Member(obj)) => names_page_object(obj, self.sem.unresolved),
                    _ => false,
                },
            });
        }
    }

    fn destructure(&mut self, d: &'a VarDeclarator) {
        // `const { sendRequest } = chrome.extension`: a use of each destructured member.
        if let (Pat::Object(o), Some(init)) = (&d.name, &d.init) {
            if let Some(Val::Api(base)) = self.sem.eval(init) {
                for prop in &o.props {
                    let (key, range) = match prop {
                        ObjectPatProp::KeyValue(kv) => {
                            (prop_key(&kv.key), crate::parse::range(&kv.key))
                        }
                        ObjectPatProp::Assign(a) => {
                            (Some(a.key.id.sym.clone()), crate::parse::range(&a.key.id))
                        }
                        ObjectPatProp::Rest(_) => (None, (0, 0)),
                    };
                    if let Some(k) = key {
                        let mut p = base.clone();
                        p.push(k);
                        if p.len() == 2 {
                            self.uses.push(ApiUse {
                                path: p,
                                start: range.0,
                                end: range.1,
                            });
                        }
                    }
                }
            }
        }
    }
}

impl<'a> ListenerFinder<'_, 'a> {
    /// `p.onMessage.addListener(...)` / `p.onDisconnect...` on a parameter `p` with no
    /// known value: a Port if another unit registers its function as an `onConnect`
    /// handler.
    fn port_candidate(&mut self, target: &Expr) {
        let Expr::Member(m) = strip(target) else {
            return;
        };
        if !matches!(
            prop_name(&m.prop).as_deref(),
            Some("onMessage" | "onDisconnect")
        ) {
            return;
        }
        let Expr::Ident(i) = strip(&m.obj) else {
            return;
        };
        if i.ctxt == self.sem.unresolved {
            return;
        }
        self.port_candidates.insert(i.to_id());
    }

    /// The function a listener only hands its parameters on to: registering it is the
    /// same as registering that function. `onMessage.addListener((m, s, r) =>
    /// handle(m, s, r))` answers with what `handle` returns; what an `onConnect` handler
    /// returns is ignored, so `(port) => { handlePort(port); }` forwards too. A local
    /// function handed a Port is not taken: the taint walk follows it as a Port helper.
    fn forwards(&self, event: &Event, func: FnRef<'a>) -> Option<FnRef<'a>> {
        let FnRef::Local(f) = func else { return None };
        let port = event.port_given().is_some();
        let target = self.sem.resolve_fn(forwarder(f, !port)?);
        match target {
            FnRef::Global(_) | FnRef::Imported(..) => Some(target),
            FnRef::Local(g) if !port && g.param_count() <= f.param_count() => Some(target),
            _ => None,
        }
    }

    fn push(&mut self, event: Event, call: &'a CallExpr, target: &Expr, arg: &'a Expr) {
        let func = self.sem.resolve_fn(arg);
        // An extension event keeps one registration of a function: `addListener(f)` a
        // second time (a reconnect path, a re-run init) adds nothing in Chrome or Firefox,
        // so it is not a second listener to report on. (A Port's or a window's events
        // are per object: the same function on two Ports is two listeners.)
        let singleton = match event {
            Event::OnMessage => Some(0),
            Event::OnMessageExternal => Some(1),
            Event::OnConnect => Some(2),
            Event::OnConnectExternal => Some(3),
            Event::OnUserScriptMessage => Some(4),
            Event::OnUserScriptConnect => Some(5),
            _ => None,
        };
        if let (Some(e), FnRef::Local(f)) = (singleton, func) {
            if !self
                .registered
                .insert((e, crate::parse::range(&f.span()).0))
            {
                return;
            }
        }
        let forwards = self.forwards(&event, func);
        let page_only = names_page_object(target, self.sem.unresolved);
        self.listeners.push(Listener {
            event,
            registration: crate::parse::range(&call.span),
            target: crate::parse::range(target),
            func,
            forwards,
            handoffs: Vec::new(),
            page_only,
        });
    }
}
