//! Taint analysis for the trust-boundary rules.
//!
//! One walk per unit ([`walk`]) follows data from messaging sources (listener parameters,
//! `event.data`, responses, privileged API results) through assignments, destructuring,
//! member access, templates, concatenation, spreads, literals, returns, promise chains and
//! `await`, and through calls, by per-function summaries computed once: to functions of
//! the unit or of another unit of the context (imported, or declared by another classic
//! script), a computed dispatch into a table of functions (`handlers[msg.type](msg)`, or
//! a `Map`'s `handlers.get(msg.type)(msg)`: every handler may run; keyed by the message's
//! discriminator, each runs for its own kind), named fulfilment handlers
//! (`.then(handle)`, `.then(sendResponse)`), a listener's `sendResponse` handed to a
//! function (`handle(msg, sendResponse)`: its summary records where it calls that
//! parameter, and with what; see `walk/answers.rs`) and promise wrappers (`new
//! Promise((resolve) => chrome.cookies.getAll(q, resolve))`: what reaches `resolve` is the
//! promise's value). The walk records [`UnitFacts`]: every flow to a sink with the
//! sender-check state at the sink, weak sender checks, external listeners used before any
//! check, what the unit sends to the extension, the privileged data it answers to the
//! extension's own scripts, and the responses it posts to the page (the rule pairs the
//! last two across contexts, after every unit's facts are known, so no unit's walk waits
//! on another's). Rules only read these facts. Facts are computed once per unit and
//! cached in [`Cache`]; the per-extension summary of what content scripts send
//! ([`ExtSummary`]) is computed once per extension from the content scripts' facts.
//!
//! Precision over recall: anything the walk cannot resolve (a call to an unknown function,
//! a computed dispatch into something other than a local handler table) does not
//! propagate taint, so it produces no finding.
//!
//! Not followed yet (an unresolved call carries no taint, so each of these can miss a
//! finding; the taint's coarseness, field- and flow-insensitive, errs toward a report):
//! - the API in bundled code reached through browserify's or Parcel's registries, or
//!   as an ES export of a module of another chunk file (a CommonJS export is followed;
//!   see `semantic/webpack.rs`); a wrapper module's
//!   API imported as a namespace (`import * as api from "./api.js"`; default and named
//!   imports are followed, see `semantic/imports.rs`);
//! - calls to unknown functions, to a package's (`node_modules` is not checked), or more
//!   than four units deep through other units' functions; dispatch through an imported,
//!   reassigned or mutated handler object or `Map` (`handlers.set(...)` later), or
//!   `this.handlers[...]`; `this.method` is the class's own method or one it inherits
//!   from a class of the unit, or a subclass's override when that subclass is the only
//!   class the unit builds from it (with several, the class's own is taken);
//! - `port.onMessage` listeners inside an `onConnect` handler declared in another unit
//!   are found when the handler uses its parameter directly (`port.onMessage.
//!   addListener`; see `Semantic::add_port_handlers`), also when it is registered through
//!   a function that only hands the Port on (`(port) => handlePort(port)`), not when it
//!   hands the Port on itself. A
//!   Port handed to a function of the same unit is followed (`walk/ports.rs`), by name,
//!   as a method (`hub.handle(port)`, `this.handle(port)`) or to a class's constructor
//!   (`new Conn(port)`, a class declared in the unit), also a method inherited from a
//!   class of the unit. Kept in a field of `this` (`this.port = port`), it is the Port read
//!   through the field (`this.port.onMessage`). Put into a collection (`ports.add(port)`,
//!   `push`, `set(id, port)`), what is read back out (`for (const p of ports)`,
//!   `ports.forEach((p) => ...)`, `ports.get(id)`, `ports[i]`) is a Port of its kind: a
//!   post of privileged data to it is reported unless every Port went in after a strong
//!   check (`walk/ports.rs`); a listener added to it is found, but its messages are not
//!   tied to the listener that stored the Port.
//!   An IIFE handed the Port is walked in place, its parameter the listener's Port. A
//!   hand-off is a use when the function uses the Port before any check. Such
//!   functions are walked callers first (see `ports::next_port_fn`); a function also
//!   handed the Port unchecked by one walked after it was judged by the calls seen
//!   before its walk;
//! - taint is field-insensitive (a tainted object taints all its fields) and flow-insensitive
//!   per binding (a reassignment to a constant does not clear it; a write of message data
//!   does clear what a check proved of the path, `key = msg.evil` after `key === "a"`);
//!   loops are walked once;
//! - generators; a promise's `reject` value; `resolve` handed on beyond its executor;
//! - the page's DOM as a source (`document.querySelector(...).value`), `event.target`;
//!   nor as a receiver of privileged data (`input.value = token` in a content script):
//!   only `window.postMessage` and events dispatched on the page's window or document
//!   are posts to the page;
//! - privileged data answered to a content script and posted by it to the page is paired
//!   by message kind for `runtime.sendMessage` answers (`sendResponse`, also handed to
//!   local helpers and dispatch-table handlers, or a returned promise; see `Answer` /
//!   `ResponsePost`), not for Port messages; a helper answers only with privileged data
//!   it reads itself, not with data its caller hands it (`respond(reply, cookies)`);
//! - content scripts injected from code are in the cross-context summary only when the
//!   files are written out (`files: ["cs.js"]`, or a binding initialized once with them;
//!   see `semantic/inject.rs`), not when computed at run time;
//! - a sender check is judged where it dominates, by branch facts; a check kept in a
//!   binding counts when the binding has that one definition (`const ok = ...`), or when
//!   it is a flag of the listener given only constants and set truthy under checks (see
//!   `walk/flags.rs`), or one that starts truthy and is cleared where a check fails,
//!   directly in a statement of its block (`let ok = true; if (!ALLOWED.has(id)) ok =
//!   false;`; cleared deeper, it does not count); a getter call counts
//!   only as `MessageEvent`'s own `origin` / `source` getter taken from its prototype
//!   (`getOrigin.call(event)`).
mod catalog;
mod checks;
mod walk;

pub use walk::{MAX_DEPTH as MAX_WALK_DEPTH, MAX_STEPS as MAX_WALK_STEPS};

use std::sync::{Arc, OnceLock};

use crate::analysis::{Analysis, UnitCx};
use crate::diagnostic::{Label, Severity};
use crate::discover::ContextKind;

/// Where untrusted or sensitive data comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SrcKind {
    /// `onMessageExternal`, `onConnectExternal` ports: other extensions, web pages.
    External,
    /// `message` / custom DOM events a web page can dispatch.
    Page,
    /// `runtime.onMessage` / `onConnect` ports in privileged code: content scripts.
    Content,
    /// A response to `sendMessage`, a message on a Port this code opened.
    Response,
    /// A native host's reply.
    Native,
    /// Privileged data read from an extension API (cookies, history, storage, ...).
    Sensitive,
}

impl SrcKind {
    pub fn describe(self) -> &'static str {
        match self {
            SrcKind::External => "data from an external message",
            SrcKind::Page => "page-controlled message data",
            SrcKind::Content => "message data from a content script",
            SrcKind::Response => "response data",
            SrcKind::Native => "a native host's reply",
            SrcKind::Sensitive => "privileged data",
        }
    }
}

/// What kind of sink a flow reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkCat {
    /// Code execution: `eval`, `Function`, string timers, `executeScript({code})`.
    Code,
    /// HTML injection: `innerHTML` and kin.
    Html,
    /// Navigation to a data-controlled URL (`javascript:`).
    Nav,
    /// A privileged extension API, or a request with the extension's privileges.
    Privileged,
    /// An answer to an external sender, or a post to the page.
    Exfil,
}

/// How well the sender is checked where the sink runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Check {
    #[default]
    None,
    /// `event.source === window`: the sender is some window, not an origin.
    Source,
    /// A check that can be bypassed.
    Weak,
    /// An exact comparison or allow-list lookup.
    Strong,
}

/// The sink name of privileged data posted to the page (`Flow::sink`), which
/// `sensitive-data-to-untrusted-receiver` reports differently from answers to a sender.
pub const POST_TO_PAGE: &str = "window.postMessage";
/// The sink name of an event dispatched on the page's window or document.
pub const DISPATCH_TO_PAGE: &str = "dispatchEvent";

/// The sink name of a web-accessible extension page's post to the page that frames it.
pub const POST_TO_EMBEDDER: &str = "parent.postMessage";

/// Whether a sink hands data to the page's own scripts.
pub fn to_page(sink: &str) -> bool {
    sink == POST_TO_PAGE || sink == DISPATCH_TO_PAGE || sink == POST_TO_EMBEDDER
}

/// One source-to-sink flow.
#[derive(Debug, Clone)]
pub struct Flow {
    pub src: SrcKind,
    /// The source, then each hop; the sink is last.
    pub path: Vec<Label>,
    pub cat: SinkCat,
    /// `eval`, `innerHTML`, `chrome.storage.local.set`.
    pub sink: String,
    /// The message kind the sink is guarded by (`msg.type === "save"`).
    pub kind: Option<String>,
}

/// A sender check that can be bypassed.
#[derive(Debug, Clone)]
pub struct WeakCheck {
    pub at: Label,
    pub src: SrcKind,
}

/// An external listener that uses the message before any sender check.
#[derive(Debug, Clone)]
pub struct Unchecked {
    /// The unit that registers the listener (the walk's own, or another classic script
    /// of the context whose listener is a function declared here).
    pub unit: usize,
    pub listener: usize,
    pub src: SrcKind,
    pub first_use: Label,
}

/// A message sent into the extension (`runtime.sendMessage`, an outgoing Port).
#[derive(Debug, Clone)]
pub struct Send {
    pub call: Label,
    /// Literal values of discriminator fields (`type`, `action`, ...); empty: any kind.
    pub kinds: Vec<String>,
    /// When the message carries page-controlled data: its source and hops.
    pub page: Option<Vec<Label>>,
    /// Whether the page data's shape (a field compared with a constant, a validator call)
    /// and its sender (`event.source` / `event.origin`) were checked before sending.
    pub shape_checked: bool,
    pub sender_checked: bool,
}

/// `postMessage(data, "*")` with non-constant data, or a target origin as open.
#[derive(Debug, Clone)]
pub struct WildcardPost {
    pub call: Label,
    pub target: OpenTarget,
}

/// Why a post's target origin admits any origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenTarget {
    /// `"*"`.
    Wildcard,
    /// `origin ?? "*"`, `origin || "*"`, `c ? origin : "*"`: `"*"` when the origin is
    /// missing (or the condition fails).
    FallsBack,
    /// A value from a message a web page or another extension sent
    /// (`event.data.senderOrigin`): the sender names the origin, so any origin can read
    /// it. `event.origin` is the browser's word and does not count.
    FromMessage,
}

/// Privileged data an `onMessage` listener answers to the extension's own scripts.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Where the data is read, each hop, and the answer (`sendResponse(...)`, a returned
    /// promise).
    pub path: Vec<Label>,
    /// The message kind the answer is guarded by (`msg.type === "cookies"`); `None`: any.
    pub kind: Option<String>,
}

/// A response to `runtime.sendMessage` posted to the page (`window.postMessage`, or an
/// event dispatched on its window or document).
#[derive(Debug, Clone)]
pub struct ResponsePost {
    /// Where the response arrives, each hop, and the post.
    pub path: Vec<Label>,
    /// The literal kinds of the request; empty: any.
    pub request: Vec<String>,
    /// How it reaches the page: a sink [`to_page`] accepts.
    pub sink: String,
}

/// What one unit does, for every trust rule.
#[derive(Debug, Default)]
pub struct UnitFacts {
    pub flows: Vec<Flow>,
    pub weak_checks: Vec<WeakCheck>,
    pub unchecked: Vec<Unchecked>,
    pub sends: Vec<Send>,
    pub wildcard_posts: Vec<WildcardPost>,
    /// Privileged data answered to the extension's own scripts (privileged units).
    pub answers: Vec<Answer>,
    /// Responses posted to the page (content scripts).
    pub response_posts: Vec<ResponsePost>,
    /// The first place the walk stopped following, if it did (`analysis-incomplete`).
    pub cut: Option<Cut>,
}

/// Where the taint walk of a unit stopped following, and why: code past it may hide
/// findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub at: (usize, usize),
    pub limit: Limit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Statements and expressions nested more than [`MAX_WALK_DEPTH`] levels deep.
    Depth,
    /// The unit's work cap, [`MAX_WALK_STEPS`] visited nodes.
    Steps,
}

/// What the background and extension pages of one extension answer its content scripts
/// with privileged data: a content script's `runtime.sendMessage` reaches them all.
#[derive(Debug, Default)]
pub struct ExtAnswers {
    answers: Vec<Answer>,
    /// The first answer of each kind, and the first unguarded one (indices into
    /// `answers`): a request pairs with the earliest answer it can, as a scan in order
    /// would, without scanning them all for every request.
    first_of_kind: std::collections::HashMap<String, usize>,
    unguarded: Option<usize>,
}

impl ExtAnswers {
    /// The answer a request of these literal kinds gets (empty: any kind, so the first
    /// answer of all), if privileged data is answered to it.
    pub fn to_request(&self, request: &[String]) -> Option<&Answer> {
        let i = if request.is_empty() {
            0
        } else {
            request
                .iter()
                .filter_map(|k| self.first_of_kind.get(k).copied())
                .chain(self.unguarded)
                .min()?
        };
        self.answers.get(i)
    }
}

/// What the content scripts of one extension send into it.
#[derive(Debug, Default)]
pub struct ExtSummary {
    pub sends: Vec<Send>,
    /// Per literal kind: the first page relay of that kind (index into `sends`), and
    /// whether any send has it.
    by_kind: std::collections::HashMap<String, Reached>,
    /// Sends with no literal kind (the page or the code chooses it at run time).
    any_kind: Reached,
    /// All sends, for sinks not guarded by a kind.
    all: Reached,
}

#[derive(Debug, Default, Clone, Copy)]
struct Reached {
    relay: Option<usize>,
    sent: bool,
}

impl Reached {
    fn add(&mut self, i: usize, s: &Send) {
        self.sent = true;
        if self.relay.is_none() && s.page.is_some() {
            self.relay = Some(i);
        }
    }
}

/// Facts computed once per run, shared by the rules.
pub struct Cache {
    units: Vec<OnceLock<UnitFacts>>,
    /// Each unit's anchors (see `walk::inert`): its own walk and every walk that
    /// summarizes one of its functions for another unit read them.
    anchors: Vec<OnceLock<Arc<walk::Anchors>>>,
    extensions: Vec<OnceLock<ExtSummary>>,
    answers: Vec<OnceLock<ExtAnswers>>,
    remote: OnceLock<RemoteListeners>,
}

impl Cache {
    pub fn new(units: usize, extensions: usize) -> Self {
        Cache {
            units: (0..units).map(|_| OnceLock::new()).collect(),
            anchors: (0..units).map(|_| OnceLock::new()).collect(),
            extensions: (0..extensions).map(|_| OnceLock::new()).collect(),
            answers: (0..extensions).map(|_| OnceLock::new()).collect(),
            remote: OnceLock::new(),
        }
    }
}

impl Default for Cache {
    fn default() -> Self {
        Cache::new(0, 0)
    }
}

static EMPTY_FACTS: OnceLock<UnitFacts> = OnceLock::new();
static EMPTY_SUMMARY: OnceLock<ExtSummary> = OnceLock::new();
static EMPTY_ANSWERS: OnceLock<ExtAnswers> = OnceLock::new();

/// The unit's facts, computed on first use.
pub fn facts<'r, 'a>(cx: &UnitCx<'a>, all: &'r Analysis<'a>) -> &'r UnitFacts {
    match all.taint.units.get(cx.id) {
        Some(cell) => cell.get_or_init(|| walk::unit_facts(cx, all)),
        None => EMPTY_FACTS.get_or_init(UnitFacts::default),
    }
}

/// Listeners whose function another unit declares: a classic script registering a
/// function that another script of its context declares (they share one global scope),
/// or a module registering a function it imports. Found once per check.
struct RemoteListeners {
    /// By declaring unit: the (registering unit, listener index) pairs. The declaring
    /// unit's walk walks them as listeners, where the function is.
    by_declarer: Vec<Vec<(usize, usize)>>,
    /// By registering unit: the units that declare its remote listeners' functions.
    declarers: Vec<Vec<usize>>,
}

fn remote<'r>(all: &'r Analysis<'_>) -> &'r RemoteListeners {
    all.taint.remote.get_or_init(|| {
        let n = all.units.len();
        let mut r = RemoteListeners {
            by_declarer: vec![Vec::new(); n],
            declarers: vec![Vec::new(); n],
        };
        for cx in all.units.iter().flatten() {
            for (li, l) in cx.sem.listeners.iter().enumerate() {
                use crate::semantic::FnRef;
                // The units declaring this listener's candidates, each once (a listener
                // handing its Port to two functions of one script is walked there once).
                let mut units: Vec<usize> = l
                    .remote_candidates()
                    .filter(|f| matches!(f, FnRef::Global(_) | FnRef::Imported(..)))
                    .filter_map(|f| all.resolve(cx.id, f))
                    .map(|f| f.unit)
                    .filter(|&u| u != cx.id)
                    .collect();
                units.sort_unstable();
                units.dedup();
                for unit in units {
                    if let Some(v) = r.by_declarer.get_mut(unit) {
                        v.push((cx.id, li));
                    }
                    if let Some(v) = r.declarers.get_mut(cx.id) {
                        if !v.contains(&unit) {
                            v.push(unit);
                        }
                    }
                }
            }
        }
        r
    })
}

/// The (registering unit, listener index) pairs of the listeners whose function `unit`
/// declares for another unit (see [`RemoteListeners`]).
pub fn remote_listeners<'r>(all: &'r Analysis<'_>, unit: usize) -> &'r [(usize, usize)] {
    remote(all).by_declarer.get(unit).map_or(&[], Vec::as_slice)
}

/// The units whose walks hold facts about `cx`'s listeners: its own, and the units that
/// declare the functions of its remote listeners.
pub fn listener_fact_units(cx: &UnitCx<'_>, all: &Analysis<'_>) -> Vec<usize> {
    let others = remote(all)
        .declarers
        .get(cx.id)
        .map_or(&[][..], Vec::as_slice);
    std::iter::once(cx.id)
        .chain(others.iter().copied())
        .collect()
}

/// A unit's anchors, computed on first use.
fn unit_anchors(cx: &UnitCx<'_>, all: &Analysis<'_>) -> Arc<walk::Anchors> {
    match all.taint.anchors.get(cx.id) {
        Some(cell) => cell.get_or_init(|| Arc::new(walk::anchors(cx))).clone(),
        None => Arc::new(walk::anchors(cx)),
    }
}

/// The extension's summary of what its content scripts send, computed on first use.
pub fn ext_summary<'r>(ext: usize, all: &'r Analysis<'_>) -> &'r ExtSummary {
    let Some(cell) = all.taint.extensions.get(ext) else {
        return EMPTY_SUMMARY.get_or_init(ExtSummary::default);
    };
    cell.get_or_init(|| {
        let mut s = ExtSummary::default();
        let e = &all.project.extensions[ext];
        for c in &e.contexts {
            if c.kind != ContextKind::ContentScript {
                continue;
            }
            for &u in &c.units {
                if let Some(ucx) = all.unit(u) {
                    s.sends.extend(facts(ucx, all).sends.iter().cloned());
                }
            }
        }
        let mut by_kind: std::collections::HashMap<String, Reached> = Default::default();
        for (i, send) in s.sends.iter().enumerate() {
            s.all.add(i, send);
            if send.kinds.is_empty() {
                s.any_kind.add(i, send);
            }
            for k in &send.kinds {
                by_kind.entry(k.clone()).or_default().add(i, send);
            }
        }
        s.by_kind = by_kind;
        s
    })
}

/// The extension's answers to its content scripts, computed on first use. Only rules ask
/// (after the walks), so no unit's walk waits on another's.
pub fn ext_answers<'r>(ext: usize, all: &'r Analysis<'_>) -> &'r ExtAnswers {
    let Some(cell) = all.taint.answers.get(ext) else {
        return EMPTY_ANSWERS.get_or_init(ExtAnswers::default);
    };
    cell.get_or_init(|| {
        let mut a = ExtAnswers::default();
        let answerers = all.project.extensions[ext]
            .contexts
            .iter()
            .filter(|c| matches!(c.kind, ContextKind::Background | ContextKind::ExtensionPage))
            .flat_map(|c| c.units.iter().copied());
        for u in answerers {
            if let Some(ucx) = all.unit(u) {
                a.answers.extend(facts(ucx, all).answers.iter().cloned());
            }
        }
        for (i, answer) in a.answers.iter().enumerate() {
            match &answer.kind {
                Some(k) => {
                    a.first_of_kind.entry(k.clone()).or_insert(i);
                }
                None => {
                    a.unguarded.get_or_insert(i);
                }
            }
        }
        a
    })
}

/// Which contexts a unit runs in, as flags; a unit in no manifest context may be any.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ctx {
    pub background: bool,
    pub content: bool,
    pub page_world: bool,
    pub ext_page: bool,
    pub worker: bool,
    pub unknown: bool,
    /// An extension page web pages may frame (`web_accessible_resources`).
    pub framed_by_web: bool,
}

impl Ctx {
    pub fn of(cx: &UnitCx<'_>, all: &Analysis<'_>) -> Ctx {
        let mut c = Ctx::default();
        let kinds = cx.context_kinds(all);
        if kinds.is_empty() {
            c.unknown = true;
        }
        c.framed_by_web = cx.contexts.iter().any(|&(e, i)| {
            let ctx = &all.project.extensions[e].contexts[i];
            ctx.kind == ContextKind::ExtensionPage && ctx.web_accessible
        });
        for k in kinds {
            match k {
                ContextKind::Background => c.background = true,
                ContextKind::ContentScript => c.content = true,
                ContextKind::PageWorld => c.page_world = true,
                ContextKind::ExtensionPage => c.ext_page = true,
                ContextKind::Worker => c.worker = true,
                ContextKind::Unknown => c.unknown = true,
            }
        }
        c
    }

    /// Code with extension privileges that content scripts can message.
    pub fn privileged(self) -> bool {
        self.background || self.ext_page || self.unknown
    }

    /// Code that runs with no window: a service worker, background scripts, a worker.
    /// Its `message` events are not a page's.
    pub fn windowless(self) -> bool {
        (self.background || self.worker) && !self.in_page() && !self.ext_page
    }

    /// Code that runs inside web pages.
    pub fn in_page(self) -> bool {
        self.content || self.page_world || self.unknown
    }
}

/// How far outside senders reach an extension's external listeners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every extension (no `externally_connectable`, `"ids": ["*"]`) or every site.
    Open,
    /// Listed sites only (any page there, or an XSS on it, can still send).
    Narrow,
    /// Listed extension ids only: the browser already enforces the allow-list.
    IdsOnly,
}

/// Who the manifests of a unit's extensions admit to its external listeners.
#[derive(Debug, Clone, Copy, Default)]
struct Admitted {
    /// Every other installed extension: no `externally_connectable`, or `"ids": ["*"]`.
    every_extension: bool,
    /// Every web page: `matches` too broad (`<all_urls>`, `*://*/*`).
    every_page: bool,
    /// The pages of the sites `matches` lists.
    listed_pages: bool,
}

impl Admitted {
    /// A unit in no extension, or one whose manifest does not parse: anyone.
    const ANYONE: Admitted = Admitted {
        every_extension: true,
        every_page: true,
        listed_pages: true,
    };

    fn of(cx: &UnitCx<'_>, all: &Analysis<'_>) -> Admitted {
        if cx.contexts.is_empty() {
            return Admitted::ANYONE;
        }
        let mut out = Admitted::default();
        for &(e, _) in cx.contexts {
            let one = match all
                .project
                .extensions
                .get(e)
                .and_then(|x| x.manifest.as_ref())
            {
                None => Admitted::ANYONE,
                Some(m) => match &m.externally_connectable {
                    None => Admitted {
                        every_extension: true,
                        ..Admitted::default()
                    },
                    Some(ec) => Admitted {
                        every_extension: ec.ids.iter().any(|i| i.value == "*"),
                        every_page: ec.matches.iter().any(|m| {
                            crate::rules::externally_connectable_too_broad::too_broad(&m.value)
                                .is_some()
                        }),
                        listed_pages: !ec.matches.is_empty(),
                    },
                },
            };
            out.every_extension |= one.every_extension;
            out.every_page |= one.every_page;
            out.listed_pages |= one.listed_pages;
        }
        out
    }
}

/// The weakest reach among the extensions a unit belongs to; a unit outside any
/// extension is treated as open.
pub fn external_reach(cx: &UnitCx<'_>, all: &Analysis<'_>) -> Reach {
    let a = Admitted::of(cx, all);
    if a.every_extension || a.every_page {
        Reach::Open
    } else if a.listed_pages {
        Reach::Narrow
    } else {
        Reach::IdsOnly
    }
}

/// Who can message a unit's external listeners when [`external_reach`] is open, in
/// words: without `externally_connectable` every other extension can and no web page
/// can; with it, extensions only when `ids` holds `"*"`, and pages when `matches` is
/// too broad. Several extensions holding the unit, or a broken manifest: both.
pub fn open_senders(cx: &UnitCx<'_>, all: &Analysis<'_>) -> &'static str {
    let a = Admitted::of(cx, all);
    match (a.every_extension, a.every_page) {
        (true, false) => "any other installed extension",
        (false, true) => "any web page",
        _ => "any other extension or web page",
    }
}

/// Severity of a flow from an external listener.
pub fn external_severity(cx: &UnitCx<'_>, all: &Analysis<'_>) -> Severity {
    match external_reach(cx, all) {
        Reach::Open => Severity::Error,
        Reach::Narrow | Reach::IdsOnly => Severity::Warning,
    }
}

/// How a flow from a content-script message resolves across contexts.
pub struct CrossResolution {
    pub severity: Severity,
    /// The content-script half of a page relay (page source, the send), if any.
    pub relay: Option<Vec<Label>>,
}

/// Decide a `Content` flow: an error with the relay's path when a content script
/// forwards page data of a kind this sink handles, a warning when a content script sends
/// that kind at all (the compromised-renderer model), nothing when only extension pages
/// send it. A unit outside any extension gets a warning (it may be any background).
pub fn resolve_content_flow(
    cx: &UnitCx<'_>,
    all: &Analysis<'_>,
    kind: Option<&str>,
) -> Option<CrossResolution> {
    if cx.contexts.is_empty() {
        return Some(CrossResolution {
            severity: Severity::Warning,
            relay: None,
        });
    }
    let mut sent = false;
    for &(e, _) in cx.contexts {
        let s = ext_summary(e, all);
        // Sends of this kind, and sends whose kind is chosen at run time.
        let reached = match kind {
            None => [s.all, Reached::default()],
            Some(k) => [s.by_kind.get(k).copied().unwrap_or_default(), s.any_kind],
        };
        for r in reached {
            if let Some(send) = r.relay.and_then(|i| s.sends.get(i)) {
                let mut relay = send.page.clone().unwrap_or_default();
                relay.push(send.call.clone());
                return Some(CrossResolution {
                    severity: Severity::Error,
                    relay: Some(relay),
                });
            }
            sent |= r.sent;
        }
    }
    sent.then_some(CrossResolution {
        severity: Severity::Warning,
        relay: None,
    })
}

/// The severity of a flow and the content-script half of a relay, or `None` when the
/// threat model does not report it (data only extension pages send).
pub fn flow_severity(
    cx: &UnitCx<'_>,
    all: &Analysis<'_>,
    f: &Flow,
) -> Option<(Severity, Option<Vec<Label>>)> {
    match f.src {
        SrcKind::External => Some((external_severity(cx, all), None)),
        SrcKind::Page => Some((Severity::Error, None)),
        SrcKind::Content => {
            let r = resolve_content_flow(cx, all, f.kind.as_deref())?;
            Some((r.severity, r.relay))
        }
        SrcKind::Response | SrcKind::Native => Some((Severity::Warning, None)),
        SrcKind::Sensitive => Some((Severity::Error, None)),
    }
}

/// A diagnostic for a flow: reported at the sink, labelled at the source and every hop
/// (in whichever files they are), with the whole path as its `flow`.
pub fn flow_diagnostic(
    rule: &'static str,
    severity: Severity,
    f: &Flow,
    relay: Option<Vec<Label>>,
    message: String,
    primary: &'static str,
    help: &'static str,
) -> Option<crate::diagnostic::Diagnostic> {
    let sink = f.path.last()?;
    let mut path = relay.unwrap_or_default();
    path.extend(f.path.iter().cloned());
    let mut d = crate::diagnostic::Diagnostic::new(rule, severity, sink.location, message)
        .with_primary_label(primary)
        .with_help(help);
    for l in &path[..path.len() - 1] {
        d = d.with_label(l.location, l.message.clone());
    }
    Some(d.with_flow(path))
}

/// How to describe a flow's source in a message.
pub fn source_phrase(f: &Flow, relayed: bool) -> &'static str {
    if relayed {
        "page-controlled data relayed by a content script"
    } else {
        f.src.describe()
    }
}
