//! The taint walk: one pass over a unit in source order. Closures share the walk's
//! environment (bindings are unique ids after scope resolution), listener functions are
//! walked where they are registered with their parameters as sources, and calls to
//! functions it can resolve go through summaries computed once per function ([`calls`]).
//! A function met only as a value is walked unless it is inert ([`inert`]).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::rc::Rc;
use std::sync::Arc;

use swc_ecma_ast::*;

use super::catalog::{self, ApiSink};
use super::{
    Answer, Check, Ctx, Flow, ResponsePost, Send, SinkCat, SrcKind, Unchecked, UnitFacts,
    WildcardPost,
};
use crate::analysis::{Analysis, UnitCx};
use crate::diagnostic::Label;
use crate::parse::range;
use crate::semantic::ctxts::CtxtSet;
use crate::semantic::{
    chain_operands, prop_key, prop_str, receiver_call, static_string, stmt_exits,
    stmt_leaves_function, strip, Event, FnNode, FnRef, PortKind, Val,
};

mod answers;
mod asserts;
mod calls;
mod constant;
mod elements;
mod escape;
mod flags;
mod inert;
mod kinds;
mod ports;
mod splice;
use answers::Answers;
use calls::Foreign;
pub(super) use inert::{anchors, Anchors};

/// Expression/statement nesting beyond which the walk stops following; where it does in
/// the unit's own code, that is a [`super::Cut`] (reported as `analysis-incomplete`).
pub const MAX_DEPTH: usize = 400;
/// Work cap per unit, in visited nodes (summaries make this a small multiple of the size).
pub const MAX_STEPS: usize = 50_000_000;

/// Where tainted data came from, and the hops it took so far.
#[derive(Debug)]
pub(super) struct Origin {
    pub kind: SrcKind,
    pub path: Vec<Label>,
    /// For the response to a content script's `runtime.sendMessage`: the literal kinds of
    /// the request (empty: any), to pair it with what the extension answers to that kind.
    /// `None` for every other source, a Port's messages among them: they are no answer.
    pub request: Option<Vec<String>>,
    /// Privileged data whose records have fields that only identify or arrange them
    /// (`tab.id`, `tab.windowId`, `bookmark.parentId`; see `catalog::structural_field`):
    /// reading one yields no privileged data. Not extension storage, whose keys are the
    /// extension's own.
    pub structured: bool,
}

/// The taint of a value.
#[derive(Debug, Clone, Default)]
pub(super) struct T {
    /// Untrusted message or response data.
    pub bad: Option<Rc<Origin>>,
    /// Privileged data.
    pub sens: Option<Rc<Origin>>,
    /// While summarizing a function: which of its parameters flow here.
    pub params: u32,
    /// [`T::EVENT`], [`T::JSON`], ...: one byte, so a `T` stays three words (it is
    /// cloned and moved at nearly every node the walk visits).
    flags: u8,
}

impl Origin {
    /// A source read at `at`, with nothing more known of it.
    fn new(kind: SrcKind, at: Label) -> Origin {
        Origin {
            kind,
            path: vec![at],
            request: None,
            structured: false,
        }
    }
}

impl From<Origin> for T {
    /// The taint of a value read from `o`: privileged data, or untrusted.
    fn from(o: Origin) -> T {
        let o = Some(Rc::new(o));
        if o.as_ref().is_some_and(|o| o.kind == SrcKind::Sensitive) {
            T {
                sens: o,
                ..T::default()
            }
        } else {
            T {
                bad: o,
                ..T::default()
            }
        }
    }
}

impl T {
    /// An event object: only `.data` / `.detail` carry the page's data.
    pub const EVENT: u8 = 1;
    /// Passed through `JSON.parse`: data, never code.
    pub const JSON: u8 = 2;
    /// HTML-escaped by a local escaper (see `walk/escape.rs`): safe for an HTML sink.
    pub const HTML_SAFE: u8 = 4;
    /// While summarizing a function: the parameters flowing here arrive as escaped as
    /// they were passed (built on, `"<b>" + s + "</b>"`, not decoded or `replace`d), so a
    /// wrapper keeps an escaped argument escaped.
    pub const PARAMS_KEPT: u8 = 8;
    /// A listener's `sendResponse`, handed to a function whose summary may call it (see
    /// [`Hit::Answer`]); with [`T::EXTERNAL`], an external sender's.
    pub const RESPONDER: u8 = 16;
    pub const EXTERNAL: u8 = 32;
    /// A URL whose scheme and host are fixed: it passed `startsWith("https://host/")`,
    /// an anchored regex test of the same, or is a `URL` whose `origin` was compared with
    /// a constant. Safe to navigate to or fetch (no `javascript:`, no other site); still
    /// data for every other sink.
    pub const PINNED: u8 = 64;
    /// `JSON.stringify` output spliced into code where an expression goes (see
    /// `walk/splice.rs`): data to that code, never code. Still data for every other sink.
    pub const CODE_SAFE: u8 = 128;

    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    pub fn set(&mut self, flag: u8, on: bool) {
        if on {
            self.flags |= flag;
        } else {
            self.flags &= !flag;
        }
    }

    pub fn event(&self) -> bool {
        self.has(T::EVENT)
    }

    pub fn json(&self) -> bool {
        self.has(T::JSON)
    }

    pub fn html_safe(&self) -> bool {
        self.has(T::HTML_SAFE)
    }

    pub fn params_kept(&self) -> bool {
        self.has(T::PARAMS_KEPT)
    }

    /// A listener's `sendResponse`: `Some(true)` for an external sender's.
    pub fn responder(&self) -> Option<bool> {
        self.has(T::RESPONDER).then(|| self.has(T::EXTERNAL))
    }

    fn is_clean(&self) -> bool {
        self.bad.is_none() && self.sens.is_none() && self.params == 0
    }

    /// The same data, no longer known to be HTML-escaped (decoded, or transformed by
    /// something that can bring `<` back).
    fn unescaped(mut self) -> T {
        self.set(T::HTML_SAFE | T::PARAMS_KEPT | T::CODE_SAFE, false);
        self
    }

    /// The same data, transformed: no longer known to keep a fixed origin (`slice`) or
    /// to be a whole JSON text.
    fn unpinned(mut self) -> T {
        self.set(T::PINNED | T::CODE_SAFE, false);
        self
    }

    fn union(self, o: T) -> T {
        if o.is_clean() {
            return self;
        }
        if self.is_clean() {
            return o;
        }
        // Escaped only if every tainted part is (`${escape(a)}${b}` is not).
        let html_safe =
            (self.bad.is_none() || self.html_safe()) && (o.bad.is_none() || o.html_safe());
        let params_kept =
            (self.params == 0 || self.params_kept()) && (o.params == 0 || o.params_kept());
        // Pinned only if both parts are (neither is clean here): a constant part, chosen
        // by the code, kept the other's pin above.
        let pinned = self.has(T::PINNED) && o.has(T::PINNED);
        // Code-safe only if both parts are (neither is clean here), as for pins.
        let code_safe = self.has(T::CODE_SAFE) && o.has(T::CODE_SAFE);
        let (sf, of) = (self.flags, o.flags);
        // The first responder's, if either is one.
        let responder = T::RESPONDER | T::EXTERNAL;
        let mut flags = if sf & T::RESPONDER != 0 {
            sf & responder
        } else {
            of & responder
        };
        // The event and JSON facts go with the untrusted origin kept. Of two untrusted
        // parts, the one with fewer of them is kept: `JSON.parse(m.j)` on one path and
        // `m.j` on another is raw data (keeping the first part's JSON fact hid the `eval`
        // of the second). Parts with one fact each (an event, parsed JSON) keep the
        // non-event one's.
        let which = T::EVENT | T::JSON;
        let (sw, ow) = (sf & which, of & which);
        let keep_other = match (&self.bad, &o.bad) {
            // This part's facts are among the other's: it is no better protected.
            (Some(_), Some(_)) if sw & !ow == 0 => false,
            (Some(_), Some(_)) if ow & !sw == 0 => true,
            (Some(_), Some(_)) => sw & T::EVENT != 0,
            (None, Some(_)) => true,
            _ => false,
        };
        let bad = if keep_other {
            flags |= ow;
            o.bad
        } else {
            flags |= sw;
            self.bad
        };
        let mut t = T {
            bad,
            sens: self.sens.or(o.sens),
            params: self.params | o.params,
            flags,
        };
        t.set(T::HTML_SAFE, html_safe);
        t.set(T::PARAMS_KEPT, params_kept);
        t.set(T::PINNED, pinned);
        t.set(T::CODE_SAFE, code_safe);
        t
    }
}

/// What a call reaches inside a summarized function.
#[derive(Debug, Clone)]
pub(super) enum Hit {
    Sink(SinkCat, String),
    /// A message sent into the extension, with its literal kinds.
    Send(Vec<String>),
    /// Privileged data answered to the extension's own scripts (see `answer_internal`).
    Answered,
    /// While summarizing: a parameter called as a responder (`reply(x)`, or handed to an
    /// API as its callback, `cookies.getAll(q, reply)`) with this value, privileged data
    /// the function reads. The hit's mask is that parameter: a caller that passes its
    /// `sendResponse` there answers with it; its kind is the message kind answered, when
    /// the function knows it (a handler of a dispatch table keyed by the message's
    /// discriminator). See `walk/answers.rs`.
    Answer(T),
}

#[derive(Debug, Clone)]
struct SumHit {
    mask: u32,
    hit: Hit,
    /// The message kind the function tested its parameter for on the way to the hit
    /// (`switch (message.type) { case "load": ... }` in a helper the listener calls, a
    /// handler of a dispatch table keyed by the kind).
    kind: Option<Rc<str>>,
    /// Hops inside the function, ending with the sink.
    path: Vec<Label>,
}

#[derive(Debug, Default)]
struct Summary {
    ret: T,
    hits: Vec<SumHit>,
    /// Some hit is an [`Hit::Answer`]: a call must apply the summary even when it passes
    /// nothing tainted (its `sendResponse` is not).
    answers: bool,
    /// The function escapes HTML (see `walk/escape.rs`): what it returns is `html_safe`.
    escapes_html: bool,
}

/// What an identifier stands for, beyond its taint.
#[derive(Debug, Clone, Copy)]
pub(super) enum Role {
    /// A listener's message (root index).
    Msg(usize),
    /// A `message` / DOM event object.
    Event(usize),
    /// A `MessageSender`.
    Sender,
    /// A sender's field: `origin`, `url`, `id` or an event's `source`.
    SenderField(Field),
    /// An `onConnect(External)` Port.
    Port(usize),
    /// `sendResponse` of a listener; `true` for an external one.
    Responder(usize, bool),
    /// The `resolve` of a `new Promise(...)` executor: what it is called with (slot in
    /// `Walker::resolved`) is the promise's value.
    Resolver(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Origin,
    Url,
    Id,
    Source,
}

/// A listener being (or having been) walked, or a function handed its Port (see
/// [`ports`]).
struct Root {
    /// The registering unit and its listener index (`usize::MAX` for a function handed a
    /// Port, which is never tracked).
    unit: usize,
    listener: usize,
    /// Whether a use before any sender check is a `missing-sender-check`.
    track: bool,
    src: Option<SrcKind>,
    first_use: Option<Label>,
}

/// Facts that hold at a point of the walk.
#[derive(Debug, Clone, Default)]
pub(super) struct State {
    pub check: Check,
    pub kind: Option<Rc<str>>,
    /// Access paths proven constant or validated (`msg.url` after `msg.url === "..."`).
    /// Shared: the state is saved and restored around every block and function.
    pub sanitized: Rc<Vec<String>>,
    /// Access paths proven URLs of a fixed origin (see [`T::PINNED`]).
    pub pinned: Rc<Vec<String>>,
    pub shape: bool,
    /// Inside a condition that checks the sender: message reads there are not "uses".
    pub quiet: bool,
    /// In the branch where a sender check failed (`if (sender.id !== ID) { sendResponse({
    /// error }); return; }`): the listener does check its sender, so turning the sender
    /// away here is not a use before a check. Flows here are still unchecked.
    pub rejected: bool,
    /// The innermost listener being walked.
    pub root: Option<usize>,
}

struct Frame {
    ret: T,
    /// Whom `return x` answers (a promise-style listener), if anyone.
    answers: Answers,
}

/// A function another unit registers as a listener: it, and each registration's
/// (registering unit, listener index, event).
type Remote<'a> = (FnNode<'a>, Vec<(usize, usize, Event)>);

pub(super) struct Walker<'a, 'r> {
    pub cx: &'r UnitCx<'a>,
    all: &'r Analysis<'a>,
    /// Summaries of other units' functions (imported, or declared by another classic
    /// script of the context), shared with the walkers that compute them.
    foreign: Rc<std::cell::RefCell<Foreign>>,
    /// How many units deep this walker summarizes for another (see [`Walker::call_foreign`]).
    foreign_depth: usize,
    pub ctx: Ctx,
    pub(super) env: HashMap<Id, T>,
    pub roles: HashMap<Id, Role>,
    /// The scope contexts of the bindings ever put in `env` or `roles`: an identifier of
    /// any other scope is in neither, known without hashing it. [`Walker::inert`] asks
    /// this for every identifier of a function.
    live_ctxts: CtxtSet,
    pub st: State,
    listeners_at: HashMap<usize, usize>,
    listener_fns: HashSet<usize>,
    /// Fields of `this` holding a listener's Port (`this.port = port`), by the start of
    /// the class or object literal `this` is and the field's name: listening through one
    /// uses the Port, as listening on `port` does.
    port_fields: HashMap<(usize, swc_atoms::Atom), usize>,
    /// Listeners other units register with a function declared here, by the function's
    /// start: walked as listeners where the walk meets the declaration.
    remote_at: HashMap<usize, Remote<'a>>,
    /// Sorted starts of everything a walk can learn from without taint flowing in: listener
    /// registrations, API calls and uses, `postMessage`. See [`Walker::fn_value`].
    anchors: Arc<Anchors>,
    /// Whether anything in the unit can be tainted (see [`unit_facts`]). Without sources a
    /// function is worth walking only for an anchor inside it.
    sources: bool,
    summaries: HashMap<usize, Option<Rc<Summary>>>,
    /// Hits by parameters of the function being summarized.
    summary: Option<Vec<SumHit>>,
    frames: Vec<Frame>,
    /// The values of the promises being built (see [`Role::Resolver`]).
    resolved: Vec<T>,
    roots: Vec<Root>,
    pub facts: UnitFacts,
    /// Sinks reported, by place (file and offset: a sink reached through another unit's
    /// function is in that unit's file), category and source kind.
    seen_sinks: HashSet<(crate::source::SourceId, usize, u8, u8)>,
    /// Parameters posted to any origin inside helpers: whether every call gives them a
    /// constant (see [`Walker::helper_posts_constants`]).
    posted_params: HashMap<Id, bool>,
    /// Bytes of other scripts [`Walker::helper_posts_constants`] may still search: a
    /// context of thousands of scripts, each asking, would otherwise be searched
    /// thousands of times.
    peer_text_budget: usize,
    /// Where privileged data was answered to the extension's own scripts (see
    /// `answer_internal`), by file and offset.
    seen_answers: HashSet<(crate::source::SourceId, usize)>,
    seen_weak: HashSet<usize>,
    /// Roles lent to a helper's parameters while its returned test is judged (see
    /// `checks::helper_test_level`), innermost last.
    pub(super) lent: std::cell::RefCell<Vec<(Id, Role)>>,
    /// How many callbacks and helpers deep a condition's judgment has gone (see
    /// `checks::nested`): bounded, so nested `some` callbacks cost linear work.
    pub(super) nested: std::cell::Cell<usize>,
    /// Conditions of helpers' verdicts still to be judged for the outermost helper call
    /// being judged (see `checks::with_helper_test`): helpers with several guards,
    /// nested in each other, would otherwise multiply their work.
    pub(super) helper_budget: std::cell::Cell<usize>,
    /// Candidate sender-check flags (see [`flags`]).
    flag_decls: HashMap<Id, flags::FlagDecl<'a>>,
    /// The statement list being walked (a deny flag's writes are judged in it).
    block: &'a [Stmt],
    /// The weakest sender check each truthy write of a flag was walked under, by start.
    flag_writes: HashMap<usize, Check>,
    /// Functions handed an incoming Port, walked last (see [`ports`]).
    port_fns: ports::PortFns<'a>,
    /// Ports kept in collections (see [`ports`]): by collection, whether every Port put
    /// in so far came after a strong sender check; and the posts to their elements,
    /// judged once the whole unit is walked.
    collection_checked: HashMap<Id, bool>,
    collected_posts: Vec<(Id, T, (usize, usize))>,
    depth: usize,
    steps: usize,
}

pub fn unit_facts<'a>(cx: &UnitCx<'a>, all: &Analysis<'a>) -> UnitFacts {
    let anchors = super::unit_anchors(cx, all);
    let mut remote_at: HashMap<usize, Remote<'_>> = HashMap::default();
    for &(u, li) in super::remote_listeners(all, cx.id) {
        let Some(l) = all.unit(u).and_then(|ucx| ucx.sem.listeners.get(li)) else {
            continue;
        };
        for func in l.remote_candidates() {
            if let Some(f) = all.resolve(u, func).filter(|f| f.unit == cx.id) {
                let start = range(&f.func.span()).0;
                remote_at
                    .entry(start)
                    .or_insert_with(|| (f.func, Vec::new()))
                    .1
                    .push((u, li, l.event.clone()));
            }
        }
    }
    // Every source is a listener's parameter or the result of an extension API call, and
    // every send is an API call: a unit with neither can hold no flow, send, sender check
    // or use before one. What is left, a wildcard `postMessage`, sits at an anchor.
    let sources = !cx.sem.listeners.is_empty() || !remote_at.is_empty() || cx.sem.names_api;
    if !sources && anchors.is_empty() {
        return UnitFacts::default();
    }
    let mut w = Walker::new(cx, all, anchors, sources, remote_at);
    // Each listener binds about three roles (message, sender, `sendResponse`) and a
    // binding or two of taint: sized once rather than rehashed as they grow.
    let n = cx.sem.listeners.len();
    w.roles.reserve(3 * n);
    w.env.reserve(2 * n);
    w.listeners_at.reserve(n);
    w.listener_fns.reserve(n);
    for (i, l) in cx.sem.listeners.iter().enumerate() {
        w.listeners_at.insert(l.registration.0, i);
        if let FnRef::Local(f) = l.walked() {
            w.listener_fns.insert(range(&f.span()).0);
        }
    }
    w.run()
}

impl<'a, 'r> Walker<'a, 'r> {
    fn new(
        cx: &'r UnitCx<'a>,
        all: &'r Analysis<'a>,
        anchors: Arc<Anchors>,
        sources: bool,
        remote_at: HashMap<usize, Remote<'a>>,
    ) -> Self {
        Walker {
            cx,
            all,
            foreign: Rc::default(),
            foreign_depth: 0,
            ctx: Ctx::of(cx, all),
            env: HashMap::default(),
            roles: HashMap::default(),
            live_ctxts: CtxtSet::default(),
            st: State::default(),
            listeners_at: HashMap::default(),
            listener_fns: HashSet::default(),
            port_fields: HashMap::default(),
            remote_at,
            anchors,
            sources,
            summaries: HashMap::default(),
            summary: None,
            frames: Vec::new(),
            resolved: Vec::new(),
            roots: Vec::new(),
            facts: UnitFacts::default(),
            seen_sinks: HashSet::default(),
            posted_params: HashMap::default(),
            peer_text_budget: 4 << 20,
            seen_answers: HashSet::default(),
            seen_weak: HashSet::default(),
            lent: std::cell::RefCell::default(),
            nested: std::cell::Cell::new(0),
            helper_budget: std::cell::Cell::new(0),
            flag_decls: HashMap::default(),
            flag_writes: HashMap::default(),
            block: &[],
            port_fns: ports::PortFns::default(),
            collection_checked: HashMap::default(),
            collected_posts: Vec::new(),
            depth: 0,
            steps: 0,
        }
    }

    /// Walk the whole unit and return its facts.
    fn run(mut self) -> UnitFacts {
        let cx = self.cx;
        self.frames.push(Frame {
            ret: T::default(),
            answers: Answers::Nobody,
        });
        match cx.program {
            Program::Module(m) => {
                for item in &m.body {
                    match item {
                        ModuleItem::Stmt(s) => self.stmt(s),
                        ModuleItem::ModuleDecl(d) => self.module_decl(d),
                    }
                }
            }
            Program::Script(s) => {
                for st in &s.body {
                    self.stmt(st);
                }
            }
        }
        // Remote listeners the walk did not meet as a declaration (a function inside an
        // expression it never walks as a value): walked last, in source order.
        let mut rest: Vec<_> = std::mem::take(&mut self.remote_at).into_values().collect();
        rest.sort_by_key(|(f, _)| range(&f.span()).0);
        for (f, remote) in rest {
            for (u, li, event) in remote {
                self.register_fn(f, &event, (u, li));
            }
        }
        self.walk_port_fns();
        self.post_to_collected();
        let mut seen = HashSet::default();
        for r in std::mem::take(&mut self.roots) {
            if let (true, Some(first_use), Some(src)) = (r.track, r.first_use, r.src) {
                if seen.insert((r.unit, r.listener)) {
                    self.facts.unchecked.push(Unchecked {
                        unit: r.unit,
                        listener: r.listener,
                        src,
                        first_use,
                    });
                }
            }
        }
        self.facts
    }
}

fn bits(mask: u32) -> impl Iterator<Item = usize> {
    (0..32).filter(move |i| mask & (1 << i) != 0)
}

impl<'a> Walker<'a, '_> {
    pub fn label(&self, r: (usize, usize), msg: impl Into<crate::diagnostic::Text>) -> Label {
        Label {
            location: self.cx.loc(r),
            message: msg.into(),
        }
    }

    fn source(&self, kind: SrcKind, r: (usize, usize), msg: &'static str) -> T {
        T::from(Origin::new(kind, self.label(r, msg)))
    }

    /// A response arriving at `r`, to a request of the given literal kinds.
    fn response(&self, kind: SrcKind, r: (usize, usize), request: Option<Vec<String>>) -> T {
        T::from(Origin {
            request,
            ..Origin::new(kind, self.label(r, "the response arrives here"))
        })
    }

    // ----- sinks and sends -------------------------------------------------------------

    /// `t` reaches `hit`; `suffix` is the path from the call site to the sink.
    fn record(&mut self, t: &T, hit: &Hit, suffix: Vec<Label>) {
        if let Some(acc) = &mut self.summary {
            // What a parameter becomes here is no code to run, whatever is passed.
            let code_safe = t.has(T::CODE_SAFE) && matches!(hit, Hit::Sink(SinkCat::Code, _));
            if t.params != 0 && !code_safe {
                acc.push(SumHit {
                    mask: t.params,
                    hit: hit.clone(),
                    kind: self.st.kind.clone(),
                    path: suffix,
                });
            }
            // Real sources inside a summarized function are found by the main walk.
            return;
        }
        match hit {
            Hit::Sink(cat, name) => {
                let cat = *cat;
                if let (SinkCat::Exfil, Some(o)) = (cat, &t.bad) {
                    if let (SrcKind::Response, true, Some(request)) =
                        (o.kind, super::to_page(name), &o.request)
                    {
                        let mut path = o.path.clone();
                        path.extend(suffix.iter().cloned());
                        self.facts.response_posts.push(ResponsePost {
                            path,
                            request: request.clone(),
                            sink: name.clone(),
                        });
                    }
                }
                let origin = if cat == SinkCat::Exfil {
                    &t.sens
                } else {
                    &t.bad
                };
                let Some(o) = origin else { return };
                if t.event() && cat != SinkCat::Exfil {
                    return;
                }
                let allowed = match o.kind {
                    SrcKind::External | SrcKind::Page | SrcKind::Content => cat != SinkCat::Exfil,
                    SrcKind::Response | SrcKind::Native => {
                        matches!(cat, SinkCat::Code | SinkCat::Html | SinkCat::Nav)
                    }
                    SrcKind::Sensitive => cat == SinkCat::Exfil,
                };
                if !allowed
                    || (cat == SinkCat::Code && (t.json() || t.has(T::CODE_SAFE)))
                    || (cat == SinkCat::Html && t.html_safe())
                {
                    return;
                }
                if matches!(
                    o.kind,
                    SrcKind::External | SrcKind::Page | SrcKind::Sensitive
                ) && self.st.check == Check::Strong
                {
                    return;
                }
                let Some(last) = suffix.last() else { return };
                let key = (
                    last.location.source,
                    last.location.start,
                    cat as u8,
                    o.kind as u8,
                );
                if !self.seen_sinks.insert(key) {
                    return;
                }
                let mut path = o.path.clone();
                path.extend(suffix);
                self.facts.flows.push(Flow {
                    src: o.kind,
                    path,
                    cat,
                    sink: name.clone(),
                    kind: self.st.kind.as_deref().map(str::to_string),
                });
            }
            // Only the background's and extension pages' answers reach a content
            // script's `runtime.sendMessage`: content scripts do not hear it.
            Hit::Answered => {
                let Some(o) = t.sens.as_ref().filter(|_| self.ctx.privileged()) else {
                    return;
                };
                let Some(at) = suffix.last() else { return };
                if !self
                    .seen_answers
                    .insert((at.location.source, at.location.start))
                {
                    return;
                }
                let mut path = o.path.clone();
                path.extend(suffix);
                self.facts.answers.push(Answer {
                    path,
                    kind: self.st.kind.as_deref().map(str::to_string),
                });
            }
            // Only a summary holds these; `apply_answer` applies them.
            Hit::Answer(..) => {}
            Hit::Send(kinds) => {
                let Some(call) = suffix.last().cloned() else {
                    return;
                };
                let page = t
                    .bad
                    .as_ref()
                    .filter(|o| o.kind == SrcKind::Page && !t.event())
                    .filter(|_| self.st.check != Check::Strong)
                    .map(|o| {
                        let mut p = o.path.clone();
                        p.extend(suffix[..suffix.len() - 1].iter().cloned());
                        p
                    });
                self.facts.sends.push(Send {
                    call,
                    kinds: kinds.clone(),
                    page,
                    shape_checked: self.st.shape,
                    sender_checked: self.st.check >= Check::Source,
                });
            }
        }
    }

    /// A call of an identifier that holds a role, with the value it is given:
    /// `sendResponse(x)` answers (a use of the message at `at`, and for an external sender
    /// the exfiltration sink at `value_at`); `resolve(x)` settles its promise. `false`
    /// when `i` holds neither role.
    fn call_role(
        &mut self,
        i: &Ident,
        t: Option<&T>,
        at: (usize, usize),
        value_at: (usize, usize),
    ) -> bool {
        match self.roles.get(&i.to_id()).copied() {
            Some(Role::Resolver(slot)) => {
                self.resolve_with(slot, t.cloned().unwrap_or_default());
                true
            }
            Some(Role::Responder(root, external)) => {
                self.use_of(root, at);
                let t = t.cloned().unwrap_or_default();
                if external {
                    self.sink(&t, SinkCat::Exfil, "sendResponse", value_at);
                } else {
                    self.answer_internal(&t, value_at);
                }
                true
            }
            _ => false,
        }
    }

    /// A part of built text (a template's `${x}`, a `+` operand), `before` the code text
    /// ahead of it: `JSON.stringify(...)` where an expression goes is code-safe. The
    /// text is read only for such a part, not for every template walked.
    fn spliced(&mut self, x: &'a Expr, before: impl FnOnce() -> splice::Code) -> T {
        let mut v = self.expr(x);
        if !v.is_clean() && splice::is_json_text(x, self.cx.sem) && before().at_expression() {
            v.set(T::CODE_SAFE, true);
        }
        v
    }

    fn sink(&mut self, t: &T, cat: SinkCat, name: &str, r: (usize, usize)) {
        if t.is_clean() {
            return;
        }
        // A URL of a fixed origin opens, navigates to or requests only that site.
        if t.has(T::PINNED) && t.sens.is_none() && catalog::url_sink(cat, name) {
            return;
        }
        // `concat`, not `format!`: this runs once per flow, tens of thousands of times on
        // finding-dense code, where the formatting machinery was a visible cost.
        let l = self.label(r, ["reaches `", name, "` here"].concat());
        self.record(t, &Hit::Sink(cat, name.to_string()), vec![l]);
    }

    fn send(&mut self, t: &T, kinds: Vec<String>, r: (usize, usize)) {
        let l = self.label(r, "sent into the extension here");
        self.record(t, &Hit::Send(kinds), vec![l]);
    }

    /// Whether acting on the message here is a use before any sender check: outside a
    /// condition that checks the sender, the branch that turns it away, any check, and a
    /// summary's walk (which has no listener).
    fn unchecked_here(&self) -> bool {
        !(self.st.quiet
            || self.st.rejected
            || self.st.check >= Check::Source
            || self.summary.is_some())
    }

    /// A message reaches code that acts on it: remember the first use before any check.
    fn use_of(&mut self, root: usize, r: (usize, usize)) {
        if !self.unchecked_here() {
            return;
        }
        // Only the first use is kept: build its label only then.
        if matches!(self.roots.get(root), Some(x) if x.first_use.is_none()) {
            let l = self.label(r, "the message is used here before any sender check");
            self.roots[root].first_use = Some(l);
        }
    }

    pub fn weak(&mut self, r: (usize, usize), why: String) {
        if self.summary.is_some() || !self.seen_weak.insert(r.0) {
            return;
        }
        let Some(root) = self.st.root.and_then(|i| self.roots.get(i)) else {
            return;
        };
        let Some(src) = root.src else { return };
        let at = self.label(r, why);
        self.facts.weak_checks.push(super::WeakCheck { at, src });
    }

    /// The role of a binding: lent to a helper's parameter, or held.
    #[inline]
    pub(super) fn role_of(&self, i: &Ident) -> Option<Role> {
        {
            let lent = self.lent.borrow();
            if !lent.is_empty() {
                if let Some(&(_, r)) = lent
                    .iter()
                    .rev()
                    .find(|(id, _)| id.1 == i.ctxt && id.0 == i.sym)
                {
                    return Some(r);
                }
            }
        }
        if !self.may_be_live(i.ctxt) {
            return None;
        }
        self.roles.get(&i.to_id()).copied()
    }

    fn set_role(&mut self, id: Id, role: Role) {
        self.mark_live(id.1);
        self.roles.insert(id, role);
    }

    pub(super) fn set_env(&mut self, id: Id, t: T) {
        self.mark_live(id.1);
        self.env.insert(id, t);
    }

    fn mark_live(&mut self, ctxt: swc_common::SyntaxContext) {
        self.live_ctxts.insert(ctxt);
    }

    /// Whether `env` or `roles` may hold a binding of this context.
    fn may_be_live(&self, ctxt: swc_common::SyntaxContext) -> bool {
        self.live_ctxts.may_contain(ctxt)
    }

    // ----- listeners ----------------------------------------------------------------------

    /// Registers the listener whose registration (a call or an assignment) starts at
    /// `start`, if one does.
    fn register_at(&mut self, start: usize) {
        if let Some(&li) = self.listeners_at.get(&start) {
            self.register(li);
        }
    }

    fn register(&mut self, li: usize) {
        let Some(l) = self.cx.sem.listeners.get(li) else {
            return;
        };
        let FnRef::Local(f) = l.walked() else { return };
        self.register_fn(f, &l.event, (self.cx.id, li));
    }

    /// A new root for `owner` (unit, listener index), with no use seen yet.
    fn new_root(&mut self, owner: (usize, usize), track: bool, src: Option<SrcKind>) -> usize {
        self.roots.push(Root {
            unit: owner.0,
            listener: owner.1,
            track,
            src,
            first_use: None,
        });
        self.roots.len() - 1
    }

    /// Walk `f` as a listener for `event`, registered by `owner` (unit, listener index).
    fn register_fn(&mut self, f: FnNode<'a>, event: &Event, owner: (usize, usize)) {
        let ctx = self.ctx;
        let (src, track) = match event {
            Event::OnMessage => (ctx.privileged().then_some(SrcKind::Content), false),
            Event::OnMessageExternal => (Some(SrcKind::External), true),
            Event::OnConnectExternal => (Some(SrcKind::External), true),
            Event::OnConnect => (ctx.privileged().then_some(SrcKind::Content), false),
            Event::OnUserScriptMessage => (Some(SrcKind::Page), false),
            Event::PortMessage(PortKind::IncomingExternal) => (Some(SrcKind::External), false),
            Event::PortMessage(PortKind::Incoming) => {
                (ctx.privileged().then_some(SrcKind::Content), false)
            }
            Event::PortMessage(PortKind::Outgoing) => (Some(SrcKind::Response), false),
            Event::PortMessage(PortKind::Native) => (Some(SrcKind::Native), false),
            Event::WindowMessage => {
                let s = (!ctx.windowless()).then_some(SrcKind::Page);
                (s, s.is_some())
            }
            Event::DomEvent(_) => (ctx.in_page().then_some(SrcKind::Page), false),
            _ => (None, false),
        };
        let root = self.new_root(owner, track, src);
        let saved = self.st.clone();
        self.st.root = Some(root);
        let mut args: Vec<T> = Vec::new();
        match event {
            Event::OnMessage
            | Event::OnMessageExternal
            | Event::OnUserScriptMessage
            | Event::PortMessage(_) => {
                let what = match src {
                    Some(SrcKind::External) => "an external message arrives here",
                    Some(SrcKind::Content) => "a message from a content script arrives here",
                    Some(SrcKind::Page) => "a page-controlled message arrives here",
                    _ => "a message arrives here",
                };
                let t = match (src, f.param(0)) {
                    (Some(s), Some(p)) => self.source(s, range(p), what),
                    _ => T::default(),
                };
                if let Some(p) = f.param(0) {
                    self.role_pat(p, Role::Msg(root));
                }
                args.push(t);
                if let Some(p) = f.param(1) {
                    if matches!(event, Event::PortMessage(_)) {
                        self.role_pat(p, Role::Port(root));
                    } else {
                        self.sender_pat(p);
                    }
                }
                if let Some(p) = f.param_ident(2) {
                    let external = *event == Event::OnMessageExternal;
                    self.set_role(p.to_id(), Role::Responder(root, external));
                }
            }
            Event::OnConnect | Event::OnConnectExternal => {
                if let Some(p) = f.param_ident(0) {
                    self.set_role(p.to_id(), Role::Port(root));
                }
            }
            Event::WindowMessage | Event::DomEvent(_) => {
                if let (Some(s), Some(p)) = (src, f.param(0)) {
                    let mut t = self.source(s, range(p), "the page's event arrives here");
                    t.set(T::EVENT, true);
                    self.event_pat(p, root);
                    args.push(t);
                }
            }
            _ => {}
        }
        let answers = match event {
            Event::OnMessageExternal => Answers::External,
            Event::OnMessage => Answers::Internal,
            _ => Answers::Nobody,
        };
        self.func_with(f, &args, answers);
        self.st = saved;
    }

    /// Roles for a message parameter pattern (every binding is the message or part of it).
    fn role_pat(&mut self, p: &Pat, role: Role) {
        match p {
            Pat::Ident(b) => {
                self.set_role(b.id.to_id(), role);
            }
            Pat::Assign(a) => self.role_pat(&a.left, role),
            Pat::Object(o) => {
                for prop in &o.props {
                    match prop {
                        ObjectPatProp::KeyValue(kv) => self.role_pat(&kv.value, role),
                        ObjectPatProp::Assign(a) => {
                            self.set_role(a.key.id.to_id(), role);
                        }
                        ObjectPatProp::Rest(r) => self.role_pat(&r.arg, role),
                    }
                }
            }
            Pat::Array(a) => {
                for e in a.elems.iter().flatten() {
                    self.role_pat(e, role);
                }
            }
            _ => {}
        }
    }

    /// A `MessageSender` parameter: the object, or its destructured fields.
    fn sender_pat(&mut self, p: &Pat) {
        match p {
            Pat::Ident(b) => {
                self.set_role(b.id.to_id(), Role::Sender);
            }
            Pat::Assign(a) => self.sender_pat(&a.left),
            Pat::Object(o) => self.field_pat(o, false),
            _ => {}
        }
    }

    /// `{ origin, url, id }` of a sender, `{ origin, source }` of an event.
    fn field_pat(&mut self, o: &ObjectPat, event: bool) {
        for prop in &o.props {
            let (key, id) = match prop {
                ObjectPatProp::KeyValue(kv) => match (&*kv.value, prop_key(&kv.key)) {
                    (Pat::Ident(b), Some(k)) => (k, b.id.to_id()),
                    _ => continue,
                },
                ObjectPatProp::Assign(a) => (a.key.id.sym.clone(), a.key.id.to_id()),
                ObjectPatProp::Rest(_) => continue,
            };
            let f = match &*key {
                "origin" => Field::Origin,
                "url" if !event => Field::Url,
                "id" if !event => Field::Id,
                "source" if event => Field::Source,
                _ => continue,
            };
            self.set_role(id, Role::SenderField(f));
        }
    }

    /// An event parameter: the object (its `.data` is the page's), or destructured.
    fn event_pat(&mut self, p: &Pat, root: usize) {
        match p {
            Pat::Ident(b) => {
                self.set_role(b.id.to_id(), Role::Event(root));
            }
            Pat::Assign(a) => self.event_pat(&a.left, root),
            Pat::Object(o) => {
                self.field_pat(o, true);
                for prop in &o.props {
                    let (key, pat_id) = match prop {
                        ObjectPatProp::KeyValue(kv) => (prop_key(&kv.key), None),
                        ObjectPatProp::Assign(a) => {
                            (Some(a.key.id.sym.clone()), Some(a.key.id.to_id()))
                        }
                        ObjectPatProp::Rest(_) => continue,
                    };
                    if !matches!(key.as_deref(), Some("data" | "detail")) {
                        continue;
                    }
                    if let Some(id) = pat_id {
                        self.set_role(id, Role::Msg(root));
                    }
                    if let ObjectPatProp::KeyValue(kv) = prop {
                        self.role_pat(&kv.value, Role::Msg(root));
                    }
                }
            }
            _ => {}
        }
    }

    // ----- functions ----------------------------------------------------------------------

    fn func(&mut self, f: FnNode<'a>, args: &[T]) -> T {
        self.func_with(f, args, Answers::Nobody)
    }

    fn func_with(&mut self, f: FnNode<'a>, args: &[T], answers: Answers) -> T {
        if self.depth > MAX_DEPTH {
            self.cut_short(range(&f.span()));
            return T::default();
        }
        self.depth += 1;
        let saved = self.st.clone();
        for i in 0..f.param_count() {
            let Some(p) = f.param(i) else { continue };
            let t = match p {
                Pat::Rest(_) => args.iter().skip(i).cloned().fold(T::default(), T::union),
                _ => args.get(i).cloned().unwrap_or_default(),
            };
            self.bind_pat(p, t);
        }
        self.frames.push(Frame {
            ret: T::default(),
            answers,
        });
        match f.body() {
            Some(crate::semantic::func::Body::Block(b)) => self.stmts(&b.stmts),
            Some(crate::semantic::func::Body::Expr(e)) => {
                self.answer_by_return(e);
                let t = self.expr(e);
                self.returned(t, range(e));
            }
            None => {}
        }
        let ret = self.frames.pop().map(|f| f.ret).unwrap_or_default();
        self.st = saved;
        self.depth -= 1;
        ret
    }

    /// An external listener returning a value answers with it (a promise, or what an
    /// `async` listener returns): a use of the message. `return true` keeps the channel
    /// open for `sendResponse` and `return false` closes it; neither answers.
    fn answer_by_return(&mut self, e: &Expr) {
        let answers = self.answers() == Answers::External;
        if answers && crate::semantic::const_truth(e).is_none() {
            if let Some(root) = self.st.root {
                self.use_of(root, range(e));
            }
        }
    }

    fn returned(&mut self, t: T, r: (usize, usize)) {
        match self.answers() {
            Answers::External => self.sink(&t, SinkCat::Exfil, "return", r),
            Answers::Internal => self.answer_internal(&t, r),
            Answers::Nobody => {}
        }
        if let Some(f) = self.frames.last_mut() {
            f.ret = std::mem::take(&mut f.ret).union(t);
        }
    }

    /// Whether the walk is computing a function's summary (its parameters are placeholders).
    pub(super) fn summarizing(&self) -> bool {
        self.summary.is_some()
    }

    // ----- statements ---------------------------------------------------------------------

    fn module_decl(&mut self, d: &'a ModuleDecl) {
        match d {
            ModuleDecl::ExportDecl(e) => self.decl(&e.decl),
            ModuleDecl::ExportDefaultDecl(e) => match &e.decl {
                DefaultDecl::Fn(f) => {
                    self.fn_value(FnNode::Func(&f.function));
                }
                DefaultDecl::Class(c) => self.class(&c.class),
                DefaultDecl::TsInterfaceDecl(_) => {}
            },
            ModuleDecl::ExportDefaultExpr(e) => {
                self.expr(&e.expr);
            }
            _ => {}
        }
    }

    /// A block: facts learned inside (early-exit guards) end with it.
    fn stmts(&mut self, ss: &'a [Stmt]) {
        let saved = self.st.clone();
        let block = std::mem::replace(&mut self.block, ss);
        for s in ss {
            self.stmt(s);
        }
        self.block = block;
        self.st = saved;
    }

    fn stmt(&mut self, s: &'a Stmt) {
        self.steps += 1;
        if self.depth > MAX_DEPTH || self.steps > MAX_STEPS {
            self.cut_short(range(s));
            return;
        }
        self.depth += 1;
        self.stmt_inner(s);
        self.depth -= 1;
    }

    /// The walk stops following at `r`, too deep or past the work cap. The first such
    /// place in the unit's own walk is kept, so the user learns that findings past it
    /// may be missing. Not while summarizing a function for a call: there the depth is
    /// the calls' (a recursion followed until the limit ends it), not the code's.
    #[cold]
    fn cut_short(&mut self, r: (usize, usize)) {
        let limit = if self.steps > MAX_STEPS {
            super::Limit::Steps
        } else if !self.summarizing() {
            super::Limit::Depth
        } else {
            return;
        };
        if self.facts.cut.is_none() {
            self.facts.cut = Some(super::Cut { at: r, limit });
        }
    }

    fn stmt_inner(&mut self, s: &'a Stmt) {
        match s {
            Stmt::Block(b) => self.stmts(&b.stmts),
            Stmt::Expr(e) => {
                self.expr(&e.expr);
                if self.st.root.is_some()
                    && self.st.check < Check::Strong
                    && self.is_assertion(&e.expr)
                {
                    self.st.check = self.st.check.max(Check::Strong);
                }
            }
            Stmt::Return(r) => {
                if let Some(a) = &r.arg {
                    self.answer_by_return(a);
                    let t = self.expr(a);
                    self.returned(t, range(&**a));
                }
            }
            Stmt::Throw(t) => {
                self.expr(&t.arg);
            }
            Stmt::If(i) => self.if_stmt(i),
            Stmt::Switch(sw) => self.switch(sw),
            Stmt::Try(t) => {
                let saved = self.st.clone();
                for s in &t.block.stmts {
                    self.stmt(s);
                }
                // What the block proved (`try { if (!ok(new URL(sender.url))) return; }`)
                // holds after the statement when the only other way out is a handler that
                // leaves the function, or none (the exception propagates).
                let after_block = std::mem::replace(&mut self.st, saved.clone());
                let handler_leaves = t
                    .handler
                    .as_ref()
                    .is_none_or(|h| h.body.stmts.iter().any(stmt_leaves_function));
                if let Some(h) = &t.handler {
                    if let Some(p) = &h.param {
                        self.bind_pat(p, T::default());
                    }
                    self.stmts(&h.body.stmts);
                }
                if handler_leaves {
                    self.st = after_block;
                }
                if let Some(f) = &t.finalizer {
                    self.stmts(&f.stmts);
                }
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.stmt(&w.body);
            }
            Stmt::DoWhile(w) => {
                self.stmt(&w.body);
                self.expr(&w.test);
            }
            Stmt::For(f) => {
                match &f.init {
                    Some(VarDeclOrExpr::VarDecl(v)) => self.var_decl(v),
                    Some(VarDeclOrExpr::Expr(e)) => {
                        self.expr(e);
                    }
                    None => {}
                }
                if let Some(t) = &f.test {
                    self.expr(t);
                }
                if let Some(u) = &f.update {
                    self.expr(u);
                }
                self.stmt(&f.body);
            }
            Stmt::ForIn(f) => {
                let t = self.expr(&f.right);
                self.for_head(&f.left, t);
                self.stmt(&f.body);
            }
            Stmt::ForOf(f) => {
                let t = self.expr(&f.right);
                self.for_head(&f.left, t);
                self.stmt(&f.body);
            }
            Stmt::Labeled(l) => self.stmt(&l.body),
            Stmt::With(w) => {
                self.expr(&w.obj);
                self.stmt(&w.body);
            }
            Stmt::Decl(d) => self.decl(d),
            _ => {}
        }
    }

    fn for_head(&mut self, h: &'a ForHead, t: T) {
        match h {
            ForHead::VarDecl(v) => {
                for d in &v.decls {
                    self.bind_pat(&d.name, t.clone());
                }
            }
            ForHead::UsingDecl(u) => {
                for d in &u.decls {
                    self.bind_pat(&d.name, t.clone());
                }
            }
            ForHead::Pat(p) => self.bind_pat(p, t),
        }
    }

    fn decl(&mut self, d: &'a Decl) {
        match d {
            // Summarized functions are analysed where they are called.
            Decl::Fn(f) if self.summary.is_none() => self.fn_value(FnNode::Func(&f.function)),
            Decl::Fn(_) => {}
            Decl::Class(c) => self.class(&c.class),
            Decl::Var(v) => self.var_decl(v),
            Decl::Using(u) => {
                for d in &u.decls {
                    if let Some(init) = &d.init {
                        let t = self.expr(init);
                        self.bind_pat(&d.name, t);
                    }
                }
            }
            _ => {}
        }
    }

    fn var_decl(&mut self, v: &'a VarDecl) {
        for d in &v.decls {
            self.declare_flag(d, v);
            let Some(init) = &d.init else { continue };
            // `const data = event.data` names the message; it does not act on it. The
            // binding carries the message role instead, so its first read is the use
            // (`const data = e.data; if (e.origin !== ORIGIN) return;` checks first).
            let t = match self.message_path(init, 0) {
                Some(root) => {
                    let quiet = std::mem::replace(&mut self.st.quiet, true);
                    let t = self.expr(init);
                    self.st.quiet = quiet;
                    self.role_pat(&d.name, Role::Msg(root));
                    t
                }
                None => self.expr(init),
            };
            self.alias_roles(&d.name, init);
            self.bind_pat(&d.name, t);
        }
    }

    /// The listener whose message `e` only reads: the message binding, the event's
    /// `data` / `detail`, or a field path below either (`msg.payload.url`).
    fn message_path(&self, e: &Expr, depth: usize) -> Option<usize> {
        if depth > 32 {
            return None;
        }
        let (obj, prop) = match strip(e) {
            Expr::Ident(i) => {
                return match self.roles.get(&i.to_id()) {
                    Some(Role::Msg(r)) => Some(*r),
                    _ => None,
                }
            }
            Expr::Member(m) => (&m.obj, &m.prop),
            Expr::OptChain(o) => match &*o.base {
                OptChainBase::Member(m) => (&m.obj, &m.prop),
                OptChainBase::Call(_) => return None,
            },
            _ => return None,
        };
        if let MemberProp::Computed(c) = prop {
            if !matches!(strip(&c.expr), Expr::Lit(_)) {
                return None;
            }
        }
        if let Expr::Ident(i) = strip(obj) {
            if let Some(Role::Event(r)) = self.roles.get(&i.to_id()) {
                let name = prop_str(prop);
                return matches!(name, Some("data" | "detail")).then_some(*r);
            }
        }
        self.message_path(obj, depth + 1)
    }

    /// `const o = event.origin`, `const s = sender`, `const { origin } = event`.
    fn alias_roles(&mut self, p: &Pat, init: &Expr) {
        if let Some(f) = self.senderish(init) {
            if let Pat::Ident(b) = p {
                self.set_role(b.id.to_id(), Role::SenderField(f));
            }
            return;
        }
        let role = match strip(init) {
            Expr::Ident(i) => self.roles.get(&i.to_id()).copied(),
            Expr::Member(m) if prop_str(&m.prop).is_some_and(|n| n == "sender") => {
                match strip(&m.obj) {
                    Expr::Ident(i) if matches!(self.roles.get(&i.to_id()), Some(Role::Port(_))) => {
                        Some(Role::Sender)
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match (role, p) {
            (Some(Role::Sender), Pat::Object(o)) => self.field_pat(o, false),
            // `const { data, origin } = event`: as in the parameter list.
            (Some(Role::Event(r)), Pat::Object(_)) => self.event_pat(p, r),
            (Some(r @ (Role::Sender | Role::Event(_) | Role::Port(_))), Pat::Ident(b)) => {
                self.set_role(b.id.to_id(), r);
            }
            _ => {}
        }
    }

    fn class(&mut self, c: &'a Class) {
        if let Some(s) = &c.super_class {
            self.expr(s);
        }
        for m in &c.body {
            match m {
                ClassMember::Method(m) => {
                    self.fn_value(FnNode::Func(&m.function));
                }
                ClassMember::PrivateMethod(m) => {
                    self.fn_value(FnNode::Func(&m.function));
                }
                ClassMember::Constructor(k) => {
                    // Handed a listener's Port (`new Conn(port)`): walked last, as a
                    // function handed one is (see `ports`).
                    if self.defer_port_fn(FnNode::Ctor(k)) {
                        continue;
                    }
                    if let Some(b) = &k.body {
                        self.frames.push(Frame {
                            ret: T::default(),
                            answers: Answers::Nobody,
                        });
                        self.stmts(&b.stmts);
                        self.frames.pop();
                    }
                }
                ClassMember::ClassProp(p) => {
                    if let Some(v) = &p.value {
                        self.expr(v);
                    }
                }
                ClassMember::PrivateProp(p) => {
                    if let Some(v) = &p.value {
                        self.expr(v);
                    }
                }
                ClassMember::StaticBlock(b) => self.stmts(&b.body.stmts),
                _ => {}
            }
        }
    }

    /// A function that is only a value here: walk it once with unknown parameters,
    /// unless it is a listener (walked where it is registered).
    fn fn_value(&mut self, f: FnNode<'a>) {
        let start = range(&f.span()).0;
        if self.listener_fns.contains(&start) {
            return;
        }
        if let Some((_, remote)) = self.remote_at.remove(&start) {
            for (u, li, event) in remote {
                self.register_fn(f, &event, (u, li));
            }
            return;
        }
        if self.inert(f) || self.defer_port_fn(f) {
            return;
        }
        self.func(f, &[]);
    }

    /// An `if`, with its `else if` chain walked as a loop, each link at the depth of the
    /// first: a dispatch over thousands of message kinds is one chain that deep, and
    /// walked as nested statements the depth limit ended it silently after about 200
    /// links. Each link starts from the state its test fails in; past the chain, the
    /// state is the one before it, narrowed by the first test when one side exits.
    fn if_stmt(&mut self, first: &'a IfStmt) {
        let before = self.st.clone();
        let (when_true, when_false) = self.if_link(first);
        let mut alt = first.alt.as_deref();
        while let Some(Stmt::If(next)) = alt {
            if !self.chain_step(range(next)) {
                alt = None;
                break;
            }
            self.if_link(next);
            alt = next.alt.as_deref();
        }
        if let Some(last) = alt {
            self.stmt(last);
        }
        self.st = before;
        let cons_exits = stmt_exits(&first.cons);
        let alt_exits = first.alt.as_deref().is_some_and(stmt_exits);
        if cons_exits && !alt_exits {
            self.apply(&when_false);
        } else if alt_exits && !cons_exits {
            self.apply(&when_true);
        }
    }

    /// One link of an `if` chain: its test, and its branch walked where the test holds.
    /// Leaves the state where the test fails, ready for the `else`, and returns what the
    /// test proves either way.
    fn if_link(&mut self, link: &'a IfStmt) -> (super::checks::Cond, super::checks::Cond) {
        self.test(&link.test);
        let when_true = self.cond(&link.test, true);
        let when_false = self.cond(&link.test, false);
        let entry = self.st.clone();
        self.apply(&when_true);
        // Turning the sender away matters only to a listener whose first use before a
        // check is still being looked for.
        let uses_open = self
            .st
            .root
            .and_then(|r| self.roots.get(r))
            .is_some_and(|r| r.track && r.first_use.is_none());
        self.st.rejected |= uses_open && self.rejects(&link.test, true);
        self.stmt(&link.cons);
        self.st = entry;
        if link.alt.is_some() {
            self.apply(&when_false);
            self.st.rejected |= uses_open && self.rejects(&link.test, false);
        }
        (when_true, when_false)
    }

    /// A step to the next link of a chain walked as a loop (`else if`, `?:`, operator,
    /// method-call and assignment chains): counted as the node a nested walk would have
    /// entered, so the unit's work cap holds along the chain as it does down a tree.
    fn chain_step(&mut self, r: (usize, usize)) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.cut_short(r);
            return false;
        }
        true
    }

    fn switch(&mut self, sw: &'a SwitchStmt) {
        self.test(&sw.discriminant);
        let saved = self.st.clone();
        for c in &sw.cases {
            if let Some(t) = &c.test {
                self.expr(t);
                let facts = self.case_facts(&sw.discriminant, t);
                self.apply(&facts);
            }
            for s in &c.cons {
                self.stmt(s);
            }
            self.st = saved.clone();
        }
        // `switch (sender.origin) { case A: ...; break; default: return; }`: past the
        // switch, the sender matched a case.
        let default_leaves = sw
            .cases
            .iter()
            .any(|c| c.test.is_none() && c.cons.iter().any(stmt_leaves_function));
        if default_leaves && self.senderish(&sw.discriminant).is_some() {
            self.st.check = self.st.check.max(Check::Strong);
        }
    }

    /// Evaluate a condition; reads of the message inside a sender check are not uses.
    fn test(&mut self, e: &'a Expr) -> T {
        let quiet = self.st.quiet;
        if self.may_check_sender(e) {
            if self.mentions_sender(e) {
                self.st.quiet = true;
            }
            self.scan_weak(e);
        }
        let t = self.expr(e);
        self.st.quiet = quiet;
        t
    }

    // ----- expressions --------------------------------------------------------------------

    pub fn expr(&mut self, e: &'a Expr) -> T {
        self.steps += 1;
        if self.depth > MAX_DEPTH || self.steps > MAX_STEPS {
            self.cut_short(range(e));
            return T::default();
        }
        self.depth += 1;
        let t = self.expr_inner(e);
        self.depth -= 1;
        t
    }

    fn expr_inner(&mut self, e: &'a Expr) -> T {
        match e {
            Expr::Ident(i) => self.ident(i),
            Expr::Member(m) => self.member(m),
            Expr::OptChain(o) => match &*o.base {
                OptChainBase::Member(m) => self.member(m),
                OptChainBase::Call(c) => self.call_parts(range(o), &c.callee, &c.args),
            },
            Expr::Paren(p) => self.expr(&p.expr),
            Expr::TsAs(t) => self.expr(&t.expr),
            Expr::TsNonNull(t) => self.expr(&t.expr),
            Expr::TsTypeAssertion(t) => self.expr(&t.expr),
            Expr::TsConstAssertion(t) => self.expr(&t.expr),
            Expr::TsSatisfies(t) => self.expr(&t.expr),
            Expr::TsInstantiation(t) => self.expr(&t.expr),
            Expr::Tpl(t) => {
                let mut out = T::default();
                for (i, x) in t.exprs.iter().enumerate() {
                    let v = self.spliced(x, || splice::Code::before_template_part(t, i));
                    out = out.union(v);
                }
                out
            }
            Expr::TaggedTpl(t) => {
                self.expr(&t.tag);
                for x in &t.tpl.exprs {
                    self.expr(x);
                }
                T::default()
            }
            Expr::Array(a) => {
                let mut out = T::default();
                for x in a.elems.iter().flatten() {
                    let v = self.expr(&x.expr);
                    out = out.union(v);
                }
                out
            }
            Expr::Object(o) => {
                let mut out = T::default();
                for (_, v) in self.object(o) {
                    out = out.union(v);
                }
                out
            }
            Expr::Fn(f) => {
                self.fn_value(FnNode::Func(&f.function));
                T::default()
            }
            Expr::Arrow(a) => {
                self.fn_value(FnNode::Arrow(a));
                T::default()
            }
            Expr::Class(c) => {
                self.class(&c.class);
                T::default()
            }
            Expr::Unary(u) => {
                self.expr(&u.arg);
                T::default()
            }
            Expr::Update(u) => {
                self.expr(&u.arg);
                T::default()
            }
            Expr::Bin(b) => self.bin(b),
            Expr::Assign(a) => self.assign(a),
            // `a ? x : b ? y : ...`, the `else if` chain of minified code, as a loop (see
            // `if_stmt`): each link starts from the state its test fails in.
            Expr::Cond(first) => {
                let saved = self.st.clone();
                let mut c = first;
                let mut t = T::default();
                loop {
                    self.test(&c.test);
                    let yes = self.cond(&c.test, true);
                    let no = self.cond(&c.test, false);
                    let entry = self.st.clone();
                    self.apply(&yes);
                    t = t.union(self.expr(&c.cons));
                    self.st = entry;
                    self.apply(&no);
                    match &*c.alt {
                        Expr::Cond(next) => {
                            if !self.chain_step(range(next)) {
                                break;
                            }
                            c = next;
                        }
                        alt => {
                            t = t.union(self.expr(alt));
                            break;
                        }
                    }
                }
                self.st = saved;
                t
            }
            Expr::Call(c) => match &c.callee {
                // Most calls are no chain (see `call_chain`).
                Callee::Expr(callee) => match receiver_call(c) {
                    None => self.call_parts(range(c), callee, &c.args),
                    Some(_) => self.call_chain(c),
                },
                _ => {
                    for a in &c.args {
                        self.expr(&a.expr);
                    }
                    T::default()
                }
            },
            Expr::New(n) => self.new_expr(n),
            Expr::Seq(s) => {
                let mut last = T::default();
                for x in &s.exprs {
                    last = self.expr(x);
                }
                last
            }
            Expr::Await(a) => self.expr(&a.arg),
            Expr::Yield(y) => match &y.arg {
                Some(a) => self.expr(a),
                None => T::default(),
            },
            Expr::SuperProp(s) => {
                if let SuperProp::Computed(c) = &s.prop {
                    self.expr(&c.expr);
                }
                T::default()
            }
            _ => T::default(),
        }
    }

    /// Each property's key and taint; methods are walked as function values.
    fn object(&mut self, o: &'a ObjectLit) -> Vec<(Option<swc_atoms::Atom>, T)> {
        let mut out = Vec::new();
        for p in &o.props {
            match p {
                PropOrSpread::Spread(s) => out.push((None, self.expr(&s.expr))),
                PropOrSpread::Prop(p) => match &**p {
                    Prop::Shorthand(i) => out.push((Some(i.sym.clone()), self.ident(i))),
                    Prop::KeyValue(kv) => {
                        if let PropName::Computed(c) = &kv.key {
                            self.expr(&c.expr);
                        }
                        let t = self.expr(&kv.value);
                        out.push((prop_key(&kv.key), t));
                    }
                    Prop::Method(m) => self.fn_value(FnNode::Func(&m.function)),
                    Prop::Getter(g) => self.fn_value(FnNode::Func(&g.function)),
                    Prop::Setter(s) => self.fn_value(FnNode::Func(&s.function)),
                    Prop::Assign(a) => out.push((None, self.expr(&a.value))),
                },
            }
        }
        out
    }

    fn ident(&mut self, i: &Ident) -> T {
        // Most identifiers (globals, names of code no message reaches) have no binding in
        // `env` or `roles`: known from a bit, without hashing them twice.
        if !self.may_be_live(i.ctxt) {
            return T::default();
        }
        let id = i.to_id();
        // A read of the message, or `sendResponse` handed on
        // (`chrome.cookies.getAll(q, sendResponse)`), which answers.
        let mut responder = None;
        match self.roles.get(&id).copied() {
            Some(Role::Msg(r)) => self.use_of(r, range(i)),
            Some(Role::Responder(r, external)) => {
                self.use_of(r, range(i));
                responder = Some(external);
            }
            _ => {}
        }
        if !self.st.sanitized.is_empty() && self.may_be_sanitized_ident(i) {
            if let Some(p) = self.path(&Expr::Ident(i.clone())) {
                if self.is_sanitized(&p) {
                    return T::default();
                }
            }
        }
        let mut t = self.env.get(&id).cloned().unwrap_or_default();
        if !self.st.pinned.is_empty() && !t.is_clean() {
            if let Some(p) = self.path(&Expr::Ident(i.clone())) {
                if self.is_pinned(&p) {
                    t.set(T::PINNED, true);
                }
            }
        }
        if let Some(external) = responder {
            t.set(T::RESPONDER, true);
            t.set(T::EXTERNAL, external);
        }
        t
    }

    /// The root of the listener's Port `e` names: a binding given the Port (`port`).
    pub(super) fn port_root(&self, e: &Expr) -> Option<usize> {
        match self.roles.get(&strip(e).as_ident()?.to_id()) {
            Some(&Role::Port(r)) => Some(r),
            _ => None,
        }
    }

    /// The root of the listener's Port a `this.name` field holds (see `port_fields`).
    fn port_field(&self, e: &Expr) -> Option<usize> {
        let Expr::Member(f) = strip(e) else {
            return None;
        };
        let Expr::This(t) = strip(&f.obj) else {
            return None;
        };
        let owner = self.cx.sem.this_owner_start(range(&t.span).0)?;
        self.port_fields
            .get(&(owner, crate::semantic::prop_name(&f.prop)?))
            .copied()
    }

    fn member(&mut self, m: &'a MemberExpr) -> T {
        let obj = self.expr(&m.obj);
        if let MemberProp::Computed(c) = &m.prop {
            self.expr(&c.expr);
        }
        let prop = prop_str(&m.prop);
        let p = prop.unwrap_or("");
        if let Some(i) = strip(&m.obj)
            .as_ident()
            .filter(|i| self.may_be_live(i.ctxt))
        {
            match self.roles.get(&i.to_id()).copied() {
                Some(Role::Event(r)) if p == "data" || p == "detail" => self.use_of(r, range(m)),
                Some(Role::Port(r)) if p == "onMessage" || p == "postMessage" => {
                    self.use_of(r, range(m))
                }
                _ => {}
            }
        } else if !self.port_fields.is_empty() && (p == "onMessage" || p == "postMessage") {
            // `this.port.onMessage`: a Port kept in a field.
            if let Some(r) = self.port_field(&m.obj) {
                self.use_of(r, range(m));
            }
        }
        if !self.st.sanitized.is_empty() && self.may_be_sanitized(&m.obj) {
            if let Some(path) = self.path_member(m) {
                if self.is_sanitized(&path) {
                    return T::default();
                }
            }
        }
        if p == "length" {
            return T::default();
        }
        let mut obj = obj;
        if !self.st.pinned.is_empty() && !obj.is_clean() {
            if let Some(path) = self.path_member(m) {
                if self.is_pinned(&path) {
                    obj.set(T::PINNED, true);
                }
            }
        }
        // Most values read here are neither an event nor privileged data: nothing to
        // narrow (`field_taint`), and no call for it on the walk's hottest path.
        if !obj.event() && obj.sens.is_none() {
            return obj;
        }
        self.field_taint(obj, Some(p), range(m))
    }

    fn bin(&mut self, b: &'a BinExpr) -> T {
        match b.op {
            // `a && b && c ...` is walked as a list of links, each at the depth of the
            // first (see `chain_operands`): nested, a validator's hundred-link chain passed
            // the depth limit. A link runs only where every link before it had the
            // chain's value (truthy for `&&`, falsy for `||`): their conditions narrow
            // the state it is walked in, and what its walk leaves there is dropped with
            // it. Every link but the last is a test of its own.
            BinaryOp::LogicalAnd | BinaryOp::LogicalOr | BinaryOp::NullishCoalescing => {
                let links = chain_operands(b);
                let Some((&first, rest)) = links.split_first() else {
                    return T::default();
                };
                let last = rest.len();
                // The value the links before a link had, where it runs (none known for `??`).
                let truth = match b.op {
                    BinaryOp::LogicalAnd => Some(true),
                    BinaryOp::LogicalOr => Some(false),
                    _ => None,
                };
                let mut t = self.test(first);
                let saved = self.st.clone();
                for (i, &x) in links.iter().enumerate().skip(1) {
                    if !self.chain_step(range(x)) {
                        break;
                    }
                    if let Some(truth) = truth {
                        let c = self.cond(links[i - 1], truth);
                        self.apply(&c);
                    }
                    if i == last {
                        t = t.union(self.expr(x));
                    } else {
                        let narrowed = self.st.clone();
                        t = t.union(self.test(x));
                        self.st = narrowed;
                    }
                }
                self.st = saved;
                t
            }
            // `a + b + c + ...` is walked as a list of parts, each at the depth of the
            // first (see `chain_operands`), so a template compiled to hundreds of
            // concatenated parts does not pass the depth limit.
            BinaryOp::Add => {
                let mut t = T::default();
                let parts = chain_operands(b);
                for (i, &x) in parts.iter().enumerate() {
                    if i > 0 && !self.chain_step(range(x)) {
                        break;
                    }
                    let before = || splice::Code::before_operand(&parts, i);
                    t = t.union(self.spliced(x, before));
                }
                t
            }
            _ => {
                self.expr(&b.left);
                self.expr(&b.right);
                T::default()
            }
        }
    }

    fn assign(&mut self, a: &'a AssignExpr) -> T {
        let Expr::Assign(_) = strip(&a.right) else {
            self.register_at(range(&a.span).0);
            let rt = self.expr(&a.right);
            return self.assign_to(a, rt);
        };
        // `a = b = c = v` is a right-deep chain: compiled CommonJS modules open with
        // `exports.x = exports.y = ... = void 0`, a link per export. Walked as a loop from
        // the innermost, each link at the depth of the outermost and given the value
        // (nested, a module of 400 exports passed the depth limit). Listeners assigned in
        // the chain register outermost first, as nested.
        let mut links: smallvec::SmallVec<[&'a AssignExpr; 4]> = smallvec::smallvec![a];
        while let Some(Expr::Assign(inner)) = links.last().map(|l| strip(&l.right)) {
            links.push(inner);
        }
        for l in &links {
            self.register_at(range(&l.span).0);
        }
        let Some(innermost) = links.last() else {
            return T::default();
        };
        let mut rt = self.expr(&innermost.right);
        for (i, l) in links.iter().rev().enumerate() {
            if i > 0 && !self.chain_step(range(&l.span)) {
                return T::default();
            }
            rt = self.assign_to(l, rt);
        }
        rt
    }

    /// What assigning a value of taint `rt` to `a`'s target does; `rt` is the value.
    fn assign_to(&mut self, a: &'a AssignExpr, rt: T) -> T {
        // `msg.url = msg.other` after `msg.url` was validated: the check no longer holds.
        let proven = !self.st.sanitized.is_empty() || !self.st.pinned.is_empty();
        if proven && !rt.is_clean() {
            let target = match &a.left {
                AssignTarget::Simple(SimpleAssignTarget::Ident(b)) => {
                    self.path(&Expr::Ident(b.id.clone()))
                }
                AssignTarget::Simple(SimpleAssignTarget::Member(m)) => self.path_member(m),
                _ => None,
            };
            if let Some(p) = target {
                self.forget_path(&p);
            }
        }
        match &a.left {
            AssignTarget::Simple(SimpleAssignTarget::Ident(b)) => {
                let id = b.id.to_id();
                if a.op == AssignOp::Assign {
                    self.flag_write(&a.right);
                }
                if let Some(f) = self.senderish(&a.right) {
                    self.set_role(id.clone(), Role::SenderField(f));
                }
                // Clean values first: reading the constant lead builds a string.
                if b.id.ctxt == self.cx.sem.unresolved
                    && b.id.sym == "location"
                    && !rt.is_clean()
                    && !self.const_prefix(&a.right)
                {
                    self.sink(&rt, SinkCat::Nav, "location", range(&a.right));
                }
                let old = self.env.get(&id).cloned().unwrap_or_default();
                let t = old.union(rt.clone());
                if !t.is_clean() {
                    self.set_env(id, t);
                }
            }
            AssignTarget::Simple(SimpleAssignTarget::Member(m)) => {
                self.expr(&m.obj);
                if let MemberProp::Computed(c) = &m.prop {
                    self.expr(&c.expr);
                }
                // `this.port = port`: the field holds the listener's Port.
                if let (Expr::This(t), Some(name), Some(r)) = (
                    strip(&m.obj),
                    crate::semantic::prop_name(&m.prop),
                    self.port_root(&a.right),
                ) {
                    if let Some(owner) = self.cx.sem.this_owner_start(range(&t.span).0) {
                        self.port_fields.insert((owner, name), r);
                    }
                }
                let prop = prop_str(&m.prop);
                let p = prop.unwrap_or("");
                if catalog::html_property(p) {
                    self.sink(&rt, SinkCat::Html, p, range(&a.right));
                } else if catalog::nav_property(p) && !rt.is_clean() && !self.const_prefix(&a.right)
                {
                    let is_nav_target = match p {
                        "location" => {
                            matches!(self.cx.sem.eval(&m.obj), Some(Val::Global | Val::Document))
                        }
                        "src" => !elements::is_media_element(self.cx.sem, &m.obj),
                        _ => true,
                    };
                    if is_nav_target {
                        self.sink(&rt, SinkCat::Nav, p, range(&a.right));
                    }
                }
                // `m.data = event.data`: the object now carries it.
                if let Expr::Ident(o) = strip(&m.obj) {
                    if !rt.is_clean() {
                        let id = o.to_id();
                        let old = self.env.get(&id).cloned().unwrap_or_default();
                        self.set_env(id, old.union(rt.clone()));
                    }
                }
            }
            AssignTarget::Pat(p) => match p {
                AssignTargetPat::Array(arr) => {
                    for e in arr.elems.iter().flatten() {
                        self.bind_pat(e, rt.clone());
                    }
                }
                AssignTargetPat::Object(o) => self.bind_object_pat(o, rt.clone()),
                AssignTargetPat::Invalid(_) => {}
            },
            _ => {}
        }
        rt
    }

    pub fn bind_pat(&mut self, p: &'a Pat, t: T) {
        match p {
            Pat::Ident(b) if !t.is_clean() => {
                let id = b.id.to_id();
                let old = self.env.remove(&id).unwrap_or_default();
                self.set_env(id, old.union(t));
            }
            Pat::Array(a) => {
                for e in a.elems.iter().flatten() {
                    self.bind_pat(e, t.clone());
                }
            }
            Pat::Rest(r) => self.bind_pat(&r.arg, t),
            Pat::Object(o) => self.bind_object_pat(o, t),
            Pat::Assign(a) => {
                let d = self.expr(&a.right);
                self.bind_pat(&a.left, t.union(d));
            }
            _ => {}
        }
    }

    fn bind_object_pat(&mut self, o: &'a ObjectPat, t: T) {
        for prop in &o.props {
            match prop {
                ObjectPatProp::KeyValue(kv) => {
                    let k = prop_key(&kv.key);
                    let v = self.field_taint(t.clone(), k.as_deref(), range(&kv.key));
                    self.bind_pat(&kv.value, v);
                }
                ObjectPatProp::Assign(a) => {
                    let mut v = self.field_taint(t.clone(), Some(&a.key.id.sym), range(&a.key.id));
                    if let Some(d) = &a.value {
                        let dt = self.expr(d);
                        v = v.union(dt);
                    }
                    if !v.is_clean() {
                        let id = a.key.id.to_id();
                        let old = self.env.remove(&id).unwrap_or_default();
                        self.set_env(id, old.union(v));
                    }
                }
                ObjectPatProp::Rest(r) => {
                    let v = if t.event() { T::default() } else { t.clone() };
                    self.bind_pat(&r.arg, v);
                }
            }
        }
    }

    /// The taint of field `key` of a value tainted `t` (`t.key`, or `const { key } = t`):
    /// field-insensitive, except that an event's `data` / `detail` start a path of their
    /// own (where the page's data is read) and its other fields are clean, and that a
    /// record's identifying fields (`tab.id`, `const { windowId } = tab`) say which
    /// record, not what it holds.
    fn field_taint(&self, t: T, key: Option<&str>, r: (usize, usize)) -> T {
        if t.event() {
            return match (key, &t.bad) {
                (Some(k @ ("data" | "detail")), Some(o)) => T::from(Origin::new(
                    o.kind,
                    self.label(r, ["page-controlled `event.", k, "` is read here"].concat()),
                )),
                _ => T::default(),
            };
        }
        let structured = t.sens.as_ref().is_some_and(|o| o.structured);
        if structured && key.is_some_and(catalog::structural_field) {
            return T { sens: None, ..t };
        }
        t
    }

    fn new_expr(&mut self, n: &'a NewExpr) -> T {
        self.expr(&n.callee);
        let args: Vec<&'a ExprOrSpread> = n.args.iter().flatten().collect();
        let name = match strip(&n.callee) {
            Expr::Ident(i) if i.ctxt == self.cx.sem.unresolved => Some(&*i.sym),
            _ => None,
        };
        // `new Promise((resolve) => chrome.cookies.getAll(q, resolve))`: the executor runs
        // at once, and what reaches `resolve` is the promise's value.
        if name == Some("Promise") {
            let executor = args.first().and_then(|a| match strip(&a.expr) {
                Expr::Fn(f) => Some(FnNode::Func(&f.function)),
                Expr::Arrow(a) => Some(FnNode::Arrow(a)),
                _ => None,
            });
            if let Some(f) = executor {
                let slot = self.resolved.len();
                self.resolved.push(T::default());
                if let Some(p) = f.param_ident(0) {
                    self.set_role(p.to_id(), Role::Resolver(slot));
                }
                self.func(f, &[]);
                for a in args.iter().skip(1) {
                    self.expr(&a.expr);
                }
                return self
                    .resolved
                    .get_mut(slot)
                    .map(std::mem::take)
                    .unwrap_or_default();
            }
        }
        let mut ts = Vec::new();
        for a in &args {
            ts.push(self.expr(&a.expr));
        }
        if let (Expr::Ident(c), Some(list)) = (strip(&n.callee), &n.args) {
            if let Some(f) = self.cx.sem.constructor_of(&n.callee) {
                self.note_port_call(f, &c.sym, range(n), list);
            }
        }
        match name {
            Some("Function") => {
                for (a, t) in args.iter().zip(&ts) {
                    self.sink(t, SinkCat::Code, "new Function", range(&*a.expr));
                }
                T::default()
            }
            Some(n) if catalog::pass_through_fn(n) => {
                ts.into_iter().fold(T::default(), T::union).unescaped()
            }
            // An event built to carry data (`{ detail }`, `{ data }`): its init's taint.
            Some("CustomEvent" | "MessageEvent") => ts.get(1).cloned().unwrap_or_default(),
            _ => T::default(),
        }
    }

    /// `a.f(x).g(y).h(z)`: a method-call chain is a left-deep tree, each call's receiver
    /// the call before it. Walked as a loop from the innermost call, each link at the
    /// depth of the outermost, the result of each the receiver of the next: nested, a
    /// builder chain of generated code (`new Map().set(k, v).set(...)`, thousands of
    /// links) passed the depth limit. Listeners register outermost first, as nested.
    fn call_chain(&mut self, outer: &'a CallExpr) -> T {
        let mut links: smallvec::SmallVec<[&'a CallExpr; 4]> = smallvec::smallvec![outer];
        while let Some(inner) = links.last().and_then(|c| receiver_call(c)) {
            links.push(inner);
        }
        for c in &links {
            self.register_at(range(*c).0);
        }
        let mut recv: Option<T> = None;
        for (i, c) in links.iter().rev().enumerate() {
            let Callee::Expr(callee) = &c.callee else {
                break;
            };
            if i > 0 && !self.chain_step(range(*c)) {
                return T::default();
            }
            recv = Some(self.call_body(range(*c), callee, &c.args, recv.take()));
        }
        recv.unwrap_or_default()
    }

    /// Every call: listener registrations, sinks, sources, summaries, callbacks.
    fn call_parts(&mut self, r: (usize, usize), callee: &'a Expr, args: &'a [ExprOrSpread]) -> T {
        self.register_at(r.0);
        self.call_body(r, callee, args, None)
    }

    /// A call whose listener (if any) is registered: `recv`, when given, is the taint of
    /// its member callee's object, already walked (see `call_chain`).
    fn call_body(
        &mut self,
        r: (usize, usize),
        callee: &'a Expr,
        args: &'a [ExprOrSpread],
        recv: Option<T>,
    ) -> T {
        let callee = strip(callee);
        // An IIFE: the function runs once with these arguments.
        if let Expr::Fn(_) | Expr::Arrow(_) = callee {
            let f = match callee {
                Expr::Fn(f) => FnNode::Func(&f.function),
                Expr::Arrow(a) => FnNode::Arrow(a),
                _ => return T::default(),
            };
            let ts: Vec<T> = args.iter().map(|a| self.expr(&a.expr)).collect();
            if self.listener_fns.contains(&range(&f.span()).0) {
                return T::default();
            }
            // A listener's Port handed to it is that Port inside: it runs here, so its
            // uses and its checks of `p.sender` are the listener's.
            for (n, a) in args.iter().enumerate() {
                if let (Some(r), Some(p)) = (self.port_root(&a.expr), f.param_ident(n)) {
                    self.set_role(p.to_id(), Role::Port(r));
                }
            }
            return self.func(f, &ts);
        }
        let (recv, method, member) = match callee {
            Expr::Member(m) => {
                let t = match recv {
                    Some(t) => t,
                    None => self.expr(&m.obj),
                };
                if let MemberProp::Computed(c) = &m.prop {
                    self.expr(&c.expr);
                }
                (t, prop_str(&m.prop), Some(m))
            }
            Expr::Ident(i) => {
                self.ident(i);
                (T::default(), None, None)
            }
            other => (self.expr(other), None, None),
        };
        let method = method.unwrap_or("");
        // Arguments: functions are callbacks, walked below with what they receive.
        // Inline for the usual few arguments: this is every call the walk meets.
        let mut ts: smallvec::SmallVec<[T; 4]> = smallvec::SmallVec::with_capacity(args.len());
        let mut callbacks: smallvec::SmallVec<[(usize, FnNode<'a>); 2]> = smallvec::SmallVec::new();
        for (i, a) in args.iter().enumerate() {
            match strip(&a.expr) {
                Expr::Fn(f) if a.spread.is_none() => {
                    callbacks.push((i, FnNode::Func(&f.function)));
                    ts.push(T::default());
                }
                Expr::Arrow(ar) if a.spread.is_none() => {
                    callbacks.push((i, FnNode::Arrow(ar)));
                    ts.push(T::default());
                }
                _ => ts.push(self.expr(&a.expr)),
            }
        }
        let arg_range = |i: usize| args.get(i).map(|a| range(&*a.expr)).unwrap_or(r);
        if !self.cx.sem.port_collections.is_empty() {
            self.collection_add(member, method, args);
        }
        let val = self.cx.sem.eval(callee);
        let mut result = T::default();
        // What each callback's parameters receive: (param index, taint).
        let mut cb_param: Option<(usize, T)> = None;
        let unresolved = self.cx.sem.unresolved;
        let global = |e: &'a Expr| -> Option<&'a str> {
            match strip(e) {
                Expr::Ident(i) if i.ctxt == unresolved => Some(&i.sym),
                _ => None,
            }
        };
        // `Obj.method` on a global object, spelled out in a buffer on the stack: this is
        // every `console.log` and `Date.now`, and only ever compared with short names.
        let mut dotted_buf = [0u8; 64];
        let dotted = member
            .and_then(|m| global(&m.obj))
            .and_then(|obj| join_dotted(obj, method, &mut dotted_buf));

        if let Some(Val::Api(path)) = &val {
            let p: Vec<&str> = path.iter().map(|a| &**a).collect();
            let (api_sink, sensitive) = (catalog::api_sink(&p), catalog::sensitive_source(&p));
            // Spelled out only for a sink or a source (most API calls are neither).
            let name = if api_sink.is_some() || sensitive {
                p.join(".")
            } else {
                String::new()
            };
            match api_sink {
                Some(ApiSink::Privileged) => match catalog::url_fields(&p, args.len()) {
                    Some((at, fields)) => {
                        if let (Some(a), Some(t)) = (args.get(at), ts.get(at)) {
                            self.sink_fields(a, t, fields, &name);
                        }
                    }
                    None => {
                        for (i, t) in ts.iter().enumerate() {
                            self.sink(t, SinkCat::Privileged, &name, arg_range(i));
                        }
                    }
                },
                Some(ApiSink::ExecuteScript) => {
                    // One finding per call: `code` is code execution, anything else
                    // (target, files, args) one privileged use at its first tainted value.
                    let mut other: Option<(T, (usize, usize))> = None;
                    for (i, a) in args.iter().enumerate() {
                        if let Expr::Object(o) = strip(&a.expr) {
                            for prop in &o.props {
                                let PropOrSpread::Prop(pp) = prop else {
                                    continue;
                                };
                                let Prop::KeyValue(kv) = &**pp else { continue };
                                let t = self.peek(&kv.value);
                                if prop_key(&kv.key).as_deref() == Some("code") {
                                    let sink = format!("{name}({{code}})");
                                    self.sink(&t, SinkCat::Code, &sink, range(&*kv.value));
                                } else if other.is_none() && !t.is_clean() {
                                    other = Some((t, range(&*kv.value)));
                                }
                            }
                        } else if let Some(t) = ts.get(i) {
                            if other.is_none() && !t.is_clean() {
                                other = Some((t.clone(), arg_range(i)));
                            }
                        }
                    }
                    if let Some((t, at)) = other {
                        self.sink(&t, SinkCat::Privileged, &name, at);
                    }
                }
                None => {}
            }
            if sensitive {
                let read = ["privileged data is read here (`", &name, "`)"].concat();
                let src = T::from(Origin {
                    structured: catalog::structured_records(&p),
                    ..Origin::new(SrcKind::Sensitive, self.label(r, read))
                });
                // `cookies.getAll(q, sendResponse)`: straight back to the sender.
                if let Some(last) = args.last() {
                    if let Expr::Ident(i) = strip(&last.expr) {
                        match self.roles.get(&i.to_id()) {
                            Some(Role::Responder(_, true)) => {
                                self.sink(&src, SinkCat::Exfil, "sendResponse", range(i))
                            }
                            Some(Role::Responder(_, false)) => self.answer_internal(&src, range(i)),
                            _ => {
                                self.param_answer(i, Some(&src), range(i));
                            }
                        }
                    }
                }
                cb_param = Some((0, src.clone()));
                result = src;
            }
            if let Some(kind) = catalog::response_source(&p) {
                // What a content script asks the extension for: its answer is paired with
                // what the extension answers to that kind (`sensitive-data-to-untrusted-
                // receiver`, when the content script posts it to the page).
                let request = catalog::is_send(&p).then(|| {
                    let mi = crate::semantic::send_message_arg(args);
                    args.get(mi)
                        .map(|a| self.literal_kinds(&a.expr))
                        .unwrap_or_default()
                });
                let src = self.response(kind, r, request.clone());
                // The callback's parameter is where a reader sees the response arrive.
                let at = callbacks
                    .first()
                    .and_then(|(_, f)| f.param(0))
                    .map(range)
                    .unwrap_or(r);
                cb_param = Some((0, self.response(kind, at, request)));
                result = src;
            }
            if catalog::is_send(&p) && (self.ctx.content || self.ctx.unknown) {
                let mi = crate::semantic::send_message_arg(args);
                if let Some(a) = args.get(mi) {
                    let kinds = self.literal_kinds(&a.expr);
                    let t = ts.get(mi).cloned().unwrap_or_default();
                    self.send(&t, kinds, r);
                }
            }
        } else if let Some(Val::Port(k, p)) = &val {
            if p.len() == 1 && &*p[0] == "postMessage" {
                let t = ts.first().cloned().unwrap_or_default();
                match k {
                    PortKind::Native => self.sink(
                        &t,
                        SinkCat::Privileged,
                        "native Port.postMessage",
                        arg_range(0),
                    ),
                    PortKind::IncomingExternal => {
                        let at = arg_range(0);
                        // `p.postMessage(x)` or `ports.get(id)?.postMessage(x)`.
                        let receiver = match callee {
                            Expr::OptChain(o) => match &*o.base {
                                OptChainBase::Member(m) => Some(&*m.obj),
                                OptChainBase::Call(_) => None,
                            },
                            _ => member.map(|m| &*m.obj),
                        };
                        match receiver.and_then(|o| self.cx.sem.port_collection_of(o)) {
                            Some(c) => self.collected_post(c, t, at),
                            None => self.sink(&t, SinkCat::Exfil, "Port.postMessage", at),
                        }
                    }
                    PortKind::Outgoing if self.ctx.content || self.ctx.unknown => {
                        let kinds = args
                            .first()
                            .map(|a| self.literal_kinds(&a.expr))
                            .unwrap_or_default();
                        self.send(&t, kinds, r);
                    }
                    _ => {}
                }
            }
        } else if let Some(name) = global(callee) {
            match name {
                "setTimeout" | "setInterval" => {
                    if callbacks.iter().all(|(i, _)| *i != 0) {
                        if let Some(t) = ts.first() {
                            self.sink(t, SinkCat::Code, name, arg_range(0));
                        }
                    }
                }
                "postMessage" => self.post_message(None, &ts, args, r),
                "open" => {
                    if let Some(t) = ts.first().filter(|t| !t.is_clean()) {
                        if !args.first().is_some_and(|a| self.const_prefix(&a.expr)) {
                            self.sink(t, SinkCat::Nav, "window.open", arg_range(0));
                        }
                    }
                }
                n => {
                    if let Some((cat, sink)) = catalog::global_call_sink(n) {
                        let n_args = if cat == SinkCat::Privileged {
                            2
                        } else {
                            ts.len()
                        };
                        // A request to a fixed origin only carries data in its path.
                        let fixed = cat == SinkCat::Privileged
                            && ts.iter().take(n_args).any(|t| !t.is_clean())
                            && args.first().is_some_and(|a| self.fixed_origin(&a.expr));
                        // `$("#list [data-id='" + id + "']")`: jQuery parses a string as
                        // HTML only when it opens with `<` (after any spaces); one that
                        // opens with anything else is a selector, whatever follows.
                        let selector = sink == "$(html)"
                            && ts.first().is_some_and(|t| !t.is_clean())
                            && args.first().is_some_and(|a| {
                                let (lead, _) = self.const_lead(&a.expr);
                                lead.trim_start().chars().next().is_some_and(|c| c != '<')
                            });
                        let skip = usize::from(fixed || selector);
                        for (i, t) in ts.iter().enumerate().take(n_args).skip(skip) {
                            self.sink(t, cat, sink, arg_range(i));
                        }
                    } else if catalog::pass_through_fn(n) {
                        result = ts.iter().cloned().fold(T::default(), T::union).unescaped();
                    } else if !catalog::is_sanitizer(n) {
                        if let Some(&f) =
                            self.cx.sem.global_functions.get(&swc_atoms::Atom::from(n))
                        {
                            self.note_port_call(f, n, r, args);
                            result = self.call_local(f, n, r, &ts);
                        } else {
                            let f = self.cx.sem.resolve_fn(callee);
                            result = self.call_foreign(f, n, r, &ts).unwrap_or_default();
                        }
                    }
                }
            }
        } else if let Some(m) = member {
            result = self.method_call(
                callee,
                m,
                method,
                dotted,
                &recv,
                &ts,
                args,
                r,
                &mut cb_param,
                &callbacks,
            );
        } else if let Expr::Ident(i) = callee {
            if !self.call_role(i, ts.first(), r, arg_range(0))
                && !self.param_answer(i, ts.first(), arg_range(0))
            {
                result = match self.cx.sem.resolve_fn(callee) {
                    FnRef::Local(f) => {
                        self.note_port_call(f, &i.sym, r, args);
                        self.call_local(f, &i.sym, r, &ts)
                    }
                    f => self
                        .call_dispatch(callee, r, &ts)
                        .or_else(|| self.call_foreign(f, &i.sym, r, &ts))
                        .unwrap_or_default(),
                };
            }
        } else if let Expr::Call(_) = callee {
            // `handlers.get(msg.type)(msg)`: a handler looked up in a `Map`.
            if let Some(t) = self.call_dispatch(callee, r, &ts) {
                result = t;
            }
        }

        // `api.get(q, resolve)`: the callback's value settles the promise.
        if let Some((0, t)) = &cb_param {
            for a in args {
                if let Expr::Ident(i) = strip(&a.expr) {
                    if let Some(Role::Resolver(slot)) = self.roles.get(&i.to_id()).copied() {
                        self.resolve_with(slot, t.clone());
                    }
                }
            }
        }
        for (i, f) in callbacks {
            let mut cb_args = Vec::new();
            if let Some((pi, t)) = &cb_param {
                cb_args.resize(*pi, T::default());
                cb_args.push(t.clone());
            }
            if self.listener_fns.contains(&range(&f.span()).0) {
                continue;
            }
            let ret = self.func(f, &cb_args);
            // `.then(r => r.text())`: the chain's value is the callback's result.
            if method == "then" && i == 0 && member.is_some() && val.is_none() {
                result = ret;
            }
        }
        result
    }

    /// A privileged API where only `fields` of the argument `a` matter (see
    /// `catalog::url_fields`): each of those fields of an object literal is a sink; an
    /// argument that is not one (a binding, a literal with a spread) is taken whole.
    fn sink_fields(&mut self, a: &'a ExprOrSpread, t: &T, fields: &[&str], name: &str) {
        // Nothing tainted in the whole object: no field of it is.
        if t.is_clean() {
            return;
        }
        let Expr::Object(o) = strip(&a.expr) else {
            return self.sink(t, SinkCat::Privileged, name, range(&*a.expr));
        };
        if a.spread.is_some() || o.props.iter().any(|p| matches!(p, PropOrSpread::Spread(_))) {
            return self.sink(t, SinkCat::Privileged, name, range(&*a.expr));
        }
        for prop in &o.props {
            let PropOrSpread::Prop(p) = prop else {
                continue;
            };
            let (key, value) = match &**p {
                Prop::KeyValue(kv) => (prop_key(&kv.key), &kv.value),
                Prop::Shorthand(i) => {
                    let t = self.ident(i);
                    if fields.contains(&&*i.sym) {
                        self.sink(&t, SinkCat::Privileged, name, range(i));
                    }
                    continue;
                }
                _ => continue,
            };
            if key.is_some_and(|k| fields.contains(&&*k)) {
                let t = self.peek(value);
                self.sink(&t, SinkCat::Privileged, name, range(value));
            }
        }
    }

    /// The taint of an expression without walking it again (no sinks, no uses).
    fn peek(&mut self, e: &'a Expr) -> T {
        let facts = std::mem::take(&mut self.facts);
        let acc = self.summary.take();
        let quiet = self.st.quiet;
        self.st.quiet = true;
        // Run in summary-like silence: record() drops real flows while `summary` is set.
        self.summary = Some(Vec::new());
        let t = self.expr(e);
        self.summary = acc;
        self.facts = facts;
        self.st.quiet = quiet;
        t
    }

    #[allow(clippy::too_many_arguments)]
    fn method_call(
        &mut self,
        callee: &'a Expr,
        m: &'a MemberExpr,
        method: &str,
        dotted: Option<&str>,
        recv: &T,
        ts: &[T],
        args: &'a [ExprOrSpread],
        r: (usize, usize),
        cb_param: &mut Option<(usize, T)>,
        callbacks: &[(usize, FnNode<'a>)],
    ) -> T {
        let arg_range = |i: usize| args.get(i).map(|a| range(&*a.expr)).unwrap_or(r);
        let obj_val = self.cx.sem.eval(&m.obj);
        let all_args = || ts.iter().cloned().fold(T::default(), T::union);
        if let Some(d) = dotted {
            if d == "JSON.parse" {
                let mut t = ts.first().cloned().unwrap_or_default();
                t.set(T::JSON, true);
                return t;
            }
            if catalog::is_sanitizer(d) {
                return T::default();
            }
            if catalog::pass_through_fn(d) {
                return all_args().unescaped();
            }
            if let Some(obj) = d.split('.').next() {
                if (obj == "$" || obj == "jQuery") && catalog::jquery_request(method) {
                    for (i, t) in ts.iter().enumerate().take(2) {
                        self.sink(
                            t,
                            SinkCat::Privileged,
                            &format!("{obj}.{method}"),
                            arg_range(i),
                        );
                    }
                    return T::default();
                }
                if (obj == "localStorage" || obj == "sessionStorage")
                    && method == "setItem"
                    && !(self.ctx.content || self.ctx.page_world)
                {
                    for (i, t) in ts.iter().enumerate().take(2) {
                        self.sink(t, SinkCat::Privileged, "localStorage.setItem", arg_range(i));
                    }
                    return T::default();
                }
                if obj == "location" && (method == "assign" || method == "replace") {
                    self.nav_arg(ts, args, &format!("location.{method}"));
                    return T::default();
                }
            }
        }
        if catalog::is_sanitizer(method) {
            return T::default();
        }
        match (method, &obj_val) {
            ("write" | "writeln", Some(Val::Document)) => {
                for (i, t) in ts.iter().enumerate() {
                    self.sink(
                        t,
                        SinkCat::Html,
                        &format!("document.{method}"),
                        arg_range(i),
                    );
                }
                return T::default();
            }
            ("postMessage", Some(Val::Global)) => {
                self.post_message(Some(m), ts, args, r);
                return T::default();
            }
            // `document.dispatchEvent(new CustomEvent("x", { detail }))`: the page's own
            // scripts hear events on its window and document, as they hear its messages.
            ("dispatchEvent", Some(Val::Global | Val::Document)) if self.ctx.in_page() => {
                if let Some(t) = ts.first() {
                    self.sink(t, SinkCat::Exfil, super::DISPATCH_TO_PAGE, arg_range(0));
                }
                return T::default();
            }
            ("postMessage", _) if args.len() >= 2 => {
                self.post_message(Some(m), ts, args, r);
                return T::default();
            }
            ("open", Some(Val::Global)) => {
                self.nav_arg(ts, args, "window.open");
                return T::default();
            }
            ("assign" | "replace", _) if is_location(&m.obj, self) => {
                self.nav_arg(ts, args, &format!("location.{method}"));
                return T::default();
            }
            ("open", _) if args.len() >= 2 => {
                if let Some(t) = ts.get(1).filter(|t| !t.is_clean()) {
                    if !args.get(1).is_some_and(|a| self.fixed_origin(&a.expr)) {
                        self.sink(t, SinkCat::Privileged, "XMLHttpRequest.open", arg_range(1));
                    }
                }
                return T::default();
            }
            ("setAttribute", _) if args.len() >= 2 => {
                let name = args
                    .first()
                    .and_then(|a| static_string(&a.expr))
                    .map(str::to_ascii_lowercase);
                let t = ts.get(1).cloned().unwrap_or_default();
                match name.as_deref() {
                    Some(n) if n.starts_with("on") => self.sink(
                        &t,
                        SinkCat::Code,
                        &format!("setAttribute(\"{n}\")"),
                        arg_range(1),
                    ),
                    Some("srcdoc") => {
                        self.sink(&t, SinkCat::Html, "setAttribute(\"srcdoc\")", arg_range(1))
                    }
                    Some(n @ ("href" | "src" | "action" | "formaction" | "xlink:href"))
                        if !t.is_clean()
                            && !args.get(1).is_some_and(|a| self.const_prefix(&a.expr))
                            && (n != "src" || !elements::is_media_element(self.cx.sem, &m.obj)) =>
                    {
                        self.sink(
                            &t,
                            SinkCat::Nav,
                            &format!("setAttribute(\"{n}\")"),
                            arg_range(1),
                        )
                    }
                    _ => {}
                }
                return T::default();
            }
            _ => {}
        }
        if let Some((cat, name, i)) = catalog::method_sink(method, args.len()) {
            if let Some(t) = ts.get(i) {
                self.sink(t, cat, name, arg_range(i));
            }
            return T::default();
        }
        if catalog::jquery_html_method(method) && is_jquery_chain(&m.obj, self) {
            if let Some(t) = ts.first() {
                self.sink(
                    t,
                    SinkCat::Html,
                    &format!("jQuery .{method}()"),
                    arg_range(0),
                );
            }
            return recv.clone();
        }
        if method == "then" {
            // A named fulfilment handler: `.then(sendResponse)` answers with the value,
            // `.then(handle)` passes it to a local function.
            if let Some(Expr::Ident(i)) = args.first().map(|a| strip(&a.expr)) {
                if self.call_role(i, Some(recv), range(i), range(i))
                    || self.param_answer(i, Some(recv), range(i))
                {
                    return T::default();
                }
                if let FnRef::Local(f) = self.cx.sem.resolve_fn(&args[0].expr) {
                    return self.call_local(f, &i.sym, range(i), std::slice::from_ref(recv));
                }
            }
            *cb_param = Some((0, recv.clone()));
            return T::default();
        }
        if method == "catch" {
            return recv.clone();
        }
        if let Some(idx) = catalog::element_callback(method) {
            if !callbacks.is_empty() {
                *cb_param = Some((idx, recv.clone()));
            }
        }
        if let FnRef::Local(f) = self.cx.sem.resolve_fn(callee) {
            self.note_port_call(f, method, r, args);
            return self.call_local(f, method, r, ts);
        }
        if let Some(t) = self.call_dispatch(callee, r, ts) {
            return t;
        }
        if catalog::pass_through_method(method) {
            // `slice` or `replace` can cut the fixed origin off.
            let t = recv.clone().union(all_args()).unpinned();
            // `.replace("&lt;", "<")` or NFKC's `＜` -> `<` can undo an escape.
            return match method {
                "replace" | "replaceAll" | "normalize" => t.unescaped(),
                _ => t,
            };
        }
        T::default()
    }

    fn nav_arg(&mut self, ts: &[T], args: &[ExprOrSpread], name: &str) {
        if let (Some(t), Some(a)) = (ts.first(), args.first()) {
            if !t.is_clean() && !self.const_prefix(&a.expr) {
                self.sink(t, SinkCat::Nav, name, range(&*a.expr));
            }
        }
    }

    /// `target.postMessage(data, origin)`: a post to the page (from page contexts) and,
    /// with `"*"`, a post any origin may read.
    fn post_message(
        &mut self,
        m: Option<&'a MemberExpr>,
        ts: &[T],
        args: &[ExprOrSpread],
        r: (usize, usize),
    ) {
        let to_page = match m {
            None => true,
            Some(m) => matches!(self.cx.sem.eval(&m.obj), Some(Val::Global)),
        };
        let target = args.get(1).and_then(|a| static_string(&a.expr));
        let data = args.first().map(|a| range(&*a.expr)).unwrap_or(r);
        if let (true, Some(t)) = (to_page && self.ctx.in_page(), ts.first()) {
            self.sink(t, SinkCat::Exfil, super::POST_TO_PAGE, data);
        }
        // A web-accessible extension page posting to `parent` / `top`: to whatever page
        // frames it, any web page it is accessible to, unless it names the one origin it
        // posts to (its own web app's).
        let fixed_target = target.is_some_and(|o| o != "*");
        let embedder =
            !fixed_target && m.is_some_and(|m| is_embedder(&m.obj, self.cx.sem.unresolved));
        if let (true, Some(t)) = (embedder && self.ctx.framed_by_web, ts.first()) {
            self.sink(t, SinkCat::Exfil, super::POST_TO_EMBEDDER, data);
        }
        let open = args.get(1).and_then(|a| open_target(&a.expr, ts.get(1)));
        let from_extension = self.ctx.content || self.ctx.ext_page || self.ctx.unknown;
        if let (Some(open), true, false) = (open, from_extension, self.summarizing()) {
            if let Some(a) = args.first() {
                // To its own window, a random tick token reveals nothing (see `constant`).
                let own_window = match m {
                    None => true,
                    Some(m) => constant::is_own_window(self.cx.sem, &m.obj),
                };
                if !constant::carries_nothing(self.cx.sem, &a.expr, own_window)
                    && !self.helper_posts_constants(&a.expr, own_window)
                {
                    let call = self.label(r, "posted to any origin here");
                    self.facts
                        .wildcard_posts
                        .push(WildcardPost { call, target: open });
                }
            }
        }
    }
}

impl<'r, 'a> Walker<'r, 'a> {
    /// The values of discriminator fields in a message object literal: literals, and
    /// constants naming them (see `walk/kinds.rs`).
    fn literal_kinds(&self, e: &Expr) -> Vec<String> {
        let Expr::Object(o) = strip(e) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for p in &o.props {
            let PropOrSpread::Prop(p) = p else { continue };
            let Prop::KeyValue(kv) = &**p else { continue };
            let Some(k) = prop_key(&kv.key) else { continue };
            if !catalog::is_discriminator(&k) {
                continue;
            }
            if let Some(s) = self.const_string(&kv.value) {
                out.push(s.to_string());
            }
        }
        out
    }

    /// The string `e` always is: a literal, or a constant naming one.
    pub(super) fn const_string(&self, e: &Expr) -> Option<swc_atoms::Atom> {
        kinds::const_string(self.all, self.cx.id, e)
    }

    /// Whether `data`, posted inside a helper, is a parameter every call of the helper
    /// gives a constant (see [`constant::param_carries_nothing`]). Each question costs
    /// two passes over the unit and may search the other scripts of its contexts: answers
    /// are kept, a unit gets a few, and the text searched is bounded (past it, the
    /// helper may be called elsewhere: the post is reported).
    fn helper_posts_constants(&mut self, data: &Expr, own_window: bool) -> bool {
        const MAX_QUESTIONS: usize = 8;
        let Expr::Ident(p) = strip(data) else {
            return false;
        };
        if p.ctxt == self.cx.sem.unresolved {
            return false;
        }
        if let Some(&known) = self.posted_params.get(&p.to_id()) {
            return known;
        }
        if self.posted_params.len() >= MAX_QUESTIONS {
            return false;
        }
        let (all, cx) = (self.all, self.cx);
        let budget = &mut self.peer_text_budget;
        // Another script of its contexts that names the helper may call it with data.
        let elsewhere = |name: &str| {
            let finder = memchr::memmem::Finder::new(name.as_bytes());
            all.project
                .context_units(cx.contexts)
                .filter(|&u| u != cx.id)
                .any(|u| {
                    let Some(unit) = all.project.units.get(u) else {
                        return false;
                    };
                    let text = &all.project.sources.get(unit.source).text;
                    let Some(t) = text.get(unit.start..unit.end) else {
                        return true;
                    };
                    let Some(left) = budget.checked_sub(t.len()) else {
                        return true;
                    };
                    *budget = left;
                    finder.find(t.as_bytes()).is_some()
                })
        };
        let known = constant::param_carries_nothing(cx.sem, cx.program, p, own_window, elsewhere);
        self.posted_params.insert(p.to_id(), known);
        known
    }
}

/// Whether a post's target origin `e` (its taint `t`) admits any origin, and why.
fn open_target(e: &Expr, t: Option<&T>) -> Option<super::OpenTarget> {
    use super::OpenTarget;
    let star = |e: &Expr| static_string(e) == Some("*");
    match strip(e) {
        e if star(e) => return Some(OpenTarget::Wildcard),
        Expr::Bin(b)
            if matches!(b.op, BinaryOp::NullishCoalescing | BinaryOp::LogicalOr)
                && star(&b.right) =>
        {
            return Some(OpenTarget::FallsBack)
        }
        Expr::Cond(c) if star(&c.cons) || star(&c.alt) => return Some(OpenTarget::FallsBack),
        _ => {}
    }
    t.and_then(|t| t.bad.as_ref())
        .filter(|o| matches!(o.kind, SrcKind::External | SrcKind::Page))
        .map(|_| OpenTarget::FromMessage)
}

/// `parent`, `top`, `window.parent`, `self.top`: the window that frames this one.
fn is_embedder(e: &Expr, unresolved: swc_common::SyntaxContext) -> bool {
    let framing = |s: &str| matches!(s, "parent" | "top");
    match strip(e) {
        Expr::Ident(i) => i.ctxt == unresolved && framing(&i.sym),
        Expr::Member(m) => {
            matches!(strip(&m.obj), Expr::Ident(i) if i.ctxt == unresolved
                && matches!(&*i.sym, "window" | "self" | "globalThis"))
                && prop_str(&m.prop).is_some_and(framing)
        }
        _ => false,
    }
}

impl<'a> Walker<'a, '_> {
    /// The constant text a string expression starts with, and whether that is all of
    /// it (see `walk/kinds.rs`).
    fn const_lead(&self, e: &Expr) -> (String, bool) {
        kinds::lead(self.all, self.cx.id, e)
    }

    /// A value that starts with constant text that cannot become a `javascript:` URL:
    /// a scheme, a path or a fragment of the code's choosing.
    fn const_prefix(&self, e: &Expr) -> bool {
        let (lead, _) = self.const_lead(e);
        // `"javascript:" + msg.code` is the code's own choice of scheme, and runs the data.
        let scheme = lead.trim_start().get(..11).map(str::to_ascii_lowercase);
        if scheme.as_deref() == Some("javascript:") {
            return false;
        }
        lead.contains(':')
            || lead.starts_with('/')
            || lead.starts_with('.')
            || lead.starts_with('#')
            || lead.starts_with('?')
    }

    /// A URL whose origin is a constant (`https://api.example.com/items/${id}`, `/api/x`,
    /// `API + "/items/" + id` with `API` a constant).
    fn fixed_origin(&self, e: &Expr) -> bool {
        let (lead, complete) = self.const_lead(e);
        if complete {
            // All constant: no data in it (and nothing to report).
            return false;
        }
        if lead.starts_with('/') && !lead.starts_with("//") {
            return true;
        }
        super::checks::pins_origin(&lead)
    }
}

/// The page's `location` (`location`, `window.location`, `document.location`).
pub(super) fn is_location(e: &Expr, w: &Walker<'_, '_>) -> bool {
    match strip(e) {
        Expr::Ident(i) => i.sym == "location" && i.ctxt == w.cx.sem.unresolved,
        Expr::Member(m) => {
            prop_str(&m.prop).is_some_and(|p| p == "location")
                && matches!(w.cx.sem.eval(&m.obj), Some(Val::Global | Val::Document))
        }
        _ => false,
    }
}

/// A receiver built from `$(...)` / `jQuery(...)` (possibly through chained calls).
fn is_jquery_chain(e: &Expr, w: &Walker<'_, '_>) -> bool {
    let mut e = strip(e);
    for _ in 0..32 {
        match e {
            Expr::Call(c) => match &c.callee {
                Callee::Expr(callee) => match strip(callee) {
                    Expr::Ident(i) => {
                        return (i.sym == "$" || i.sym == "jQuery") && i.ctxt == w.cx.sem.unresolved
                    }
                    Expr::Member(m) => e = strip(&m.obj),
                    _ => return false,
                },
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// `obj.method` written into `buf`; `None` when it does not fit (no catalog name is that
/// long).
fn join_dotted<'b>(obj: &str, method: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    let len = obj.len() + 1 + method.len();
    let out = buf.get_mut(..len)?;
    out[..obj.len()].copy_from_slice(obj.as_bytes());
    out[obj.len()] = b'.';
    out[obj.len() + 1..].copy_from_slice(method.as_bytes());
    std::str::from_utf8(out).ok()
}
