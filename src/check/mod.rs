//! `msglint check`: discover, parse every unit once (in parallel), build the semantic
//! models, run the rules, apply suppressions and severities, and sort the findings.
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use rayon::prelude::*;

use crate::analysis::{Analysis, UnitCx};
use crate::diagnostic::{Diagnostic, FileProblem, Location, Severity};
use crate::discover::{self, Project};
use crate::parse::{self, Parsed};
use crate::report::{ExtensionInfo, Report};
use crate::rules;
use crate::semantic::Semantic;
use crate::source::SourceId;
use crate::suppress;

mod api_links;
use api_links::{rebuild_api_importers, ApiLinks};

/// Stack for every thread that parses or walks an AST: swc recurses per nesting level,
/// and input may nest tens of thousands of levels deep. Only touched pages are committed.
pub const STACK_SIZE: usize = 1 << 30;

/// Units at least this large run their taint rules and their other rules as two tasks.
const SPLIT_RULES_AT: usize = 256 * 1024;

#[derive(Debug, Default, Clone)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    /// Rule id -> severity, `None` meaning off. Applied after the rules' own choice.
    pub severities: HashMap<String, Option<Severity>>,
    pub ignore_fn: Option<discover::IgnoreFn>,
    /// From config; else each manifest's `minimum_chrome_version`.
    pub minimum_chrome_version: Option<u64>,
    /// `msglint-ignore` comments are not read (`--no-suppressions`): every finding is
    /// reported, as a reviewer of code they did not write wants.
    pub ignore_suppressions: bool,
    /// What `.gitignore` excludes is checked too (`--no-ignore`).
    pub no_vcs_ignore: bool,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// The process exits once it has the report (the CLI): the models built over the
    /// syntax trees (semantic models, taint facts, response models) are left to the OS
    /// rather than freed, as [`check_keeping_trees`] leaves it the trees. Freeing them is
    /// 1% of a finding-dense check and buys nothing then.
    pub exiting: bool,
}

/// Run a check. `Err` is for problems that stop the run (a path that does not exist).
pub fn check(opts: &CheckOptions) -> Result<Report, String> {
    in_checker(opts, |report, trees| {
        // Drop the ASTs in parallel, on the big-stack workers (deep trees drop recursively).
        let timer = Timer::new();
        trees.into_par_iter().for_each(drop);
        timer.mark("freeing trees");
        report
    })
}

/// [`check`], handing the syntax trees back instead of freeing them. A process about to
/// exit forgets them (the CLI does): freeing a few hundred megabytes of tree nodes, cold
/// in the cache, is a few percent of a check and buys nothing when the OS is about to
/// reclaim the memory at once.
pub fn check_keeping_trees(opts: &CheckOptions) -> Result<(Report, SyntaxTrees), String> {
    in_checker(opts, |report, trees| (report, SyntaxTrees(trees)))
}

/// The syntax trees of a finished check. Dropping them frees them on a thread with a big
/// enough stack for deeply nested trees; `std::mem::forget` leaves them to process exit.
pub struct SyntaxTrees(Vec<ParsedSlot>);

impl Drop for SyntaxTrees {
    fn drop(&mut self) {
        let trees = std::mem::take(&mut self.0);
        if !trees.is_empty() {
            free_on_big_stack(trees);
        }
    }
}

/// Drop `trees` (syntax trees, or what holds them) on a thread with [`STACK_SIZE`] of
/// stack: deeply nested trees drop recursively. If the thread cannot start, they drop
/// here instead.
pub fn free_on_big_stack<T: Send + 'static>(trees: T) {
    let _ = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || drop(trees))
        .map(|h| h.join());
}

type ParsedSlot = OnceLock<Result<Parsed, parse::ParseFailure>>;

/// More rounds than any real extension's chain of ignored files that load one another.
const MAX_LOAD_ROUNDS: usize = 16;

/// Every unit's parse, filled in rounds (see [`run`]): the units discovery found, then
/// the files they load that discovery left out. A round's slots are appended through a
/// shared reference, so the models built over earlier rounds' trees keep borrowing them.
struct Slots {
    chunk: Vec<ParsedSlot>,
    next: OnceLock<Box<Slots>>,
}

impl Slots {
    fn new(n: usize) -> Self {
        Slots {
            chunk: (0..n).map(|_| OnceLock::new()).collect(),
            next: OnceLock::new(),
        }
    }

    /// Unit `u`'s parse, once its round has filled it.
    fn get(&self, mut u: usize) -> Option<&Result<Parsed, parse::ParseFailure>> {
        let mut s = self;
        while u >= s.chunk.len() {
            u -= s.chunk.len();
            s = s.next.get()?;
        }
        s.chunk[u].get()
    }

    /// `n` more slots, for the units after every existing slot's.
    fn append(&self, n: usize) -> &[ParsedSlot] {
        let mut s = self;
        while let Some(next) = s.next.get() {
            s = next;
        }
        &s.next.get_or_init(|| Box::new(Slots::new(n))).chunk
    }

    fn into_vec(self) -> Vec<ParsedSlot> {
        let mut out = self.chunk;
        let mut next = self.next.into_inner();
        while let Some(more) = next {
            let Slots { chunk, next: rest } = *more;
            out.extend(chunk);
            next = rest.into_inner();
        }
        out
    }
}

/// Largest units first: a multi-megabyte bundle then starts at once and the small files
/// fill the other cores around it, instead of the bundle starting last and running alone.
fn largest_first(project: &Project, mut units: Vec<usize>) -> Vec<usize> {
    units.sort_by_key(|&i| std::cmp::Reverse(project.units[i].end - project.units[i].start));
    units
}

/// Parse the units `order` (unit `first + i` in `slots[i]`) and build their semantic
/// models into `sems`, one task a unit.
fn build_units<'a>(
    project: &Project,
    order: &[usize],
    slots: &'a [ParsedSlot],
    first: usize,
    sems: &mut [Option<Semantic<'a>>],
) {
    // One task per unit (`with_max_len(1)`): rayon's adaptive splitting assumes items of
    // equal cost and hands each thread a contiguous run of `order`; with the largest units
    // first, one thread got every big file while the other finished its small ones and
    // idled (2,828 files of real library code parsed no faster on 2 threads than on 1).
    let built: Vec<(usize, Option<Semantic<'a>>)> = order
        .par_iter()
        .with_max_len(1)
        .filter_map(|&i| {
            let u = &project.units[i];
            let slot = slots.get(i.checked_sub(first)?)?;
            let r = slot.get_or_init(|| parse::parse_unit(u, &project.sources.get(u.source).text));
            let sem = r
                .as_ref()
                .ok()
                .map(|p| Semantic::build(&p.program, p.unresolved));
            Some((i, sem))
        })
        .collect();
    for (i, sem) in built {
        if let Some(slot) = sems.get_mut(i) {
            *slot = sem;
        }
    }
}

/// Run the check on a worker pool, then `finish` (on the pool) with its report and trees.
fn in_checker<R: Send + 'static>(
    opts: &CheckOptions,
    finish: impl FnOnce(Report, Vec<ParsedSlot>) -> R + Send + 'static,
) -> Result<R, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .stack_size(STACK_SIZE)
        .build()
        .map_err(|e| format!("could not start worker threads: {e}"))?;
    // The coordinating thread also drops ASTs and walks them: give it the same stack.
    let opts = opts.clone();
    let handle = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || pool.install(|| run(&opts).map(|(report, trees)| finish(report, trees))))
        .map_err(|e| format!("could not start the checker thread: {e}"))?;
    handle
        .join()
        .map_err(|_| "internal error: the checker thread panicked".to_string())?
}

fn run(opts: &CheckOptions) -> Result<(Report, Vec<ParsedSlot>), String> {
    let timer = Timer::new();
    let dopts = discover::Options {
        ignore_fn: opts.ignore_fn.clone(),
        no_vcs_ignore: opts.no_vcs_ignore,
    };
    let mut project = discover::discover(&opts.paths, &dopts)?;
    let mut diagnostics = std::mem::take(&mut project.diagnostics);
    let mut problems = std::mem::take(&mut project.problems);

    timer.mark("discover");

    // Parse and build each unit's semantic model in one task, so a big unit's whole chain
    // overlaps the small ones. A unit's AST lives in its slot; its model borrows it.
    let slots = Slots::new(project.units.len());
    let mut sems: Vec<Option<Semantic<'_>>> = (0..project.units.len()).map(|_| None).collect();
    let discovered = largest_first(&project, (0..project.units.len()).collect());
    build_units(&project, &discovered, &slots.chunk, 0, &mut sems);
    let mut api_imports = ApiLinks::default();
    rebuild_api_importers(&project, &slots, &mut sems, &mut api_imports);
    // What the units load (imports, `importScripts`, workers, injected files) joins their
    // contexts. A loaded file that is not a unit (`.gitignore`d, ignored) is read, parsed
    // and followed in turn: the extension runs it. Rounds are capped: a hostile chain of
    // ten thousand ignored imports would otherwise re-follow every load ten thousand times.
    let mut round = 0;
    loop {
        let unparsed = discover::Reaches::default();
        let reaches: Vec<&discover::Reaches> = sems
            .iter()
            .map(|s| s.as_ref().map_or(&unparsed, |s| &s.reaches))
            .collect();
        let missing = project.follow_loads(&reaches);
        if missing.is_empty() {
            break;
        }
        if round == MAX_LOAD_ROUNDS {
            for path in missing.iter().filter_map(|t| project.loadable(t)) {
                problems.push(FileProblem {
                    file: project.relative(&path),
                    message: format!(
                        "loaded by the extension through more than {MAX_LOAD_ROUNDS} ignored files in a chain: not checked"
                    ),
                    diagnosed: false,
                });
            }
            break;
        }
        round += 1;
        let new = project.add_loaded(&missing);
        diagnostics.append(&mut project.diagnostics);
        problems.append(&mut project.problems);
        if new.is_empty() {
            break;
        }
        let first = sems.len();
        sems.resize_with(project.units.len(), || None);
        let more = slots.append(project.units.len() - first);
        build_units(
            &project,
            &largest_first(&project, new),
            more,
            first,
            &mut sems,
        );
        rebuild_api_importers(&project, &slots, &mut sems, &mut api_imports);
    }
    // Contexts are complete only now (a chunk loaded with `importScripts` joined its
    // context above): chunks of one context requiring one another's modules.
    rebuild_api_importers(&project, &slots, &mut sems, &mut api_imports);
    // The rules' order: every unit, loaded ones too, largest first.
    let order = largest_first(&project, (0..project.units.len()).collect());
    // Every slot was filled above: each unit was in one round's `order` once.
    let parsed: Vec<&Result<Parsed, parse::ParseFailure>> = (0..project.units.len())
        .map(|u| slots.get(u).expect("every unit was parsed above"))
        .collect();
    timer.mark("parse + scopes + semantic");
    for (u, r) in project.units.iter().zip(&parsed) {
        if let Err(e) = r {
            let source = project.sources.get(u.source);
            let rel = source.rel.clone();
            let lc = source.line_col(e.start);
            let help = if parse::is_flow(source.text.get(u.start..u.end).unwrap_or("")) {
                "this file has Flow type annotations (`@flow`), which msglint does not parse: \
                 check the JavaScript your build produces from it, or strip the types first"
            } else {
                "fix the syntax error; the rest of this file is not checked until it parses"
            };
            diagnostics.push(
                Diagnostic::new(
                    rules::PARSE_ERROR.id,
                    Severity::Error,
                    Location::new(u.source, e.start, e.end),
                    e.message.clone(),
                )
                .with_help(help),
            );
            problems.push(FileProblem {
                file: rel,
                message: format!("{}:{}: {}", lc.line, lc.column, e.message),
                diagnosed: true,
            });
        }
    }
    let unit_contexts = project.contexts_of();
    for (u, sem) in sems.iter_mut().enumerate() {
        let worker = unit_contexts.get(u).is_some_and(|cs| {
            project
                .contexts_at(cs)
                .any(|c| c.kind == discover::ContextKind::Worker)
        });
        if let (true, Some(sem)) = (worker, sem) {
            sem.runs_as_worker();
        }
    }
    link_across_units(&project, &unit_contexts, &mut sems);
    let project_ref: &Project = &project;
    // Whether each context loads webextension-polyfill (once per context, not per listener).
    let polyfill_loaded = project_ref
        .extensions
        .iter()
        .map(|ext| {
            ext.contexts
                .iter()
                .map(|c| {
                    c.units.iter().any(|&u| {
                        parsed[u].is_ok()
                            && project_ref
                                .sources
                                .get(project_ref.units[u].source)
                                .rel
                                .contains("browser-polyfill")
                    })
                })
                .collect()
        })
        .collect();

    let analysis = Analysis {
        project: project_ref,
        units: project_ref
            .units
            .iter()
            .enumerate()
            .map(|(i, unit)| {
                let p = parsed[i].as_ref().ok()?;
                let sem = sems[i].as_ref()?;
                Some(UnitCx {
                    id: i,
                    unit,
                    source: project_ref.sources.get(unit.source),
                    program: &p.program,
                    parsed: p,
                    sem,
                    contexts: &unit_contexts[i],
                })
            })
            .collect(),
        minimum_chrome_version: opts.minimum_chrome_version,
        responses: (0..project_ref.units.len())
            .map(|_| std::sync::OnceLock::new())
            .collect(),
        taint: crate::taint::Cache::new(project_ref.units.len(), project_ref.extensions.len()),
        polyfill_loaded,
    };
    let all_rules = rules::all();
    timer.mark("contexts");
    let (taint_rules, other_rules): (Vec<&dyn rules::Rule>, Vec<&dyn rules::Rule>) =
        all_rules.iter().partition(|r| r.uses_taint());
    let per_unit: Vec<Vec<Diagnostic>> = order
        .par_iter()
        .with_max_len(1)
        .filter_map(|&i| analysis.units[i].as_ref())
        .map(|cx| {
            if cx.unit.end - cx.unit.start < SPLIT_RULES_AT {
                return run_rules(&all_rules, cx, &analysis);
            }
            // A large unit (a bundle) is the critical path of a check on several cores:
            // its taint rules and its other rules go to two tasks, so an idle core takes
            // the second. Each group computes what it needs once (facts, response models).
            let (mut out, other) = rayon::join(
                || run_rules(&taint_rules, cx, &analysis),
                || run_rules(&other_rules, cx, &analysis),
            );
            out.extend(other);
            out
        })
        .collect();
    diagnostics.extend(per_unit.into_iter().flatten());
    timer.mark("unit rules");
    for e in 0..project.extensions.len() {
        for r in &all_rules {
            r.check_extension(e, &analysis, &mut diagnostics);
        }
    }
    timer.mark("extension rules");

    // Suppressions, then configured severities (on what was suppressed too: a finding of
    // a rule turned off is not listed as suppressed either).
    let known = |id: &str| rules::meta(id).is_some();
    let mut suppressions = Vec::new();
    if !opts.ignore_suppressions {
        for cx in analysis.units.iter().flatten() {
            suppressions.extend(suppress::collect(
                &cx.parsed.comments,
                cx.unit.source,
                cx.source,
                &known,
                &mut diagnostics,
            ));
        }
    }
    let sources = &project_ref.sources;
    let line_of = |l: &Location| sources.get(l.source).line(l.start);
    let (mut diagnostics, mut suppressed) =
        suppress::apply(diagnostics, &mut suppressions, &line_of);
    let configured = |d: &mut Diagnostic| match opts.severities.get(d.rule) {
        Some(None) => false,
        Some(Some(s)) => {
            d.severity = *s;
            true
        }
        None => true,
    };
    diagnostics.retain_mut(configured);
    suppressed.retain_mut(|s| configured(&mut s.diagnostic));
    // Files in path order, ranked once: a finding-dense check sorts tens of thousands of
    // findings, and comparing paths in every comparison was most of the sort's cost.
    let mut by_path: Vec<(SourceId, &Arc<crate::source::Source>)> = sources.iter().collect();
    by_path.sort_by(|a, b| a.1.rel.cmp(&b.1.rel));
    let mut rank = vec![0usize; sources.len()];
    let mut r = 0;
    for (i, (id, src)) in by_path.iter().enumerate() {
        // Equal paths share a rank, as they compared equal before.
        if i > 0 && by_path[i - 1].1.rel != src.rel {
            r += 1;
        }
        if let Some(slot) = rank.get_mut(id.0 as usize) {
            *slot = r;
        }
    }
    let rank_of = |l: &Location| rank.get(l.source.0 as usize).copied().unwrap_or(usize::MAX);
    let order = |a: &Diagnostic, b: &Diagnostic| {
        (
            rank_of(&a.location),
            a.location.start,
            a.rule,
            &a.message,
            a.location.end,
        )
            .cmp(&(
                rank_of(&b.location),
                b.location.start,
                b.rule,
                &b.message,
                b.location.end,
            ))
    };
    diagnostics.sort_by(order);
    suppressed.sort_by(|a, b| order(&a.diagnostic, &b.diagnostic));
    suppressed.dedup();
    diagnostics.dedup();
    problems.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
    problems.dedup();

    let extensions = project
        .extensions
        .iter()
        .map(|e| ExtensionInfo {
            manifest: sources.get(e.manifest_source).rel.clone(),
            name: e.manifest.as_ref().and_then(|m| m.name.clone()),
            manifest_version: e.manifest.as_ref().and_then(|m| m.manifest_version),
        })
        .collect();
    let files_checked = project.sources.len();
    timer.mark("suppressions, sorting");
    if opts.exiting {
        std::mem::forget(analysis);
        std::mem::forget(sems);
    } else {
        drop(analysis);
        drop(sems);
    }
    drop(parsed);
    timer.mark("freeing models");
    let root = project.root.display().to_string();
    let sources = std::mem::take(&mut project.sources);
    let report = Report {
        root,
        sources,
        diagnostics,
        suppressed,
        problems,
        files_checked,
        extensions,
    };
    Ok((report, slots.into_vec()))
}

/// Listeners whose function is another unit's (imported, or a function of another
/// classic script of the context), found there:
/// - a listener that only hands its parameters on to such a function (`(m, s, r) =>
///   handle(m, s, r)`, see `Listener::forwards`) becomes that function, as if registered
///   directly; one found nowhere (a global such as `fetch`) leaves the listener as it is;
/// - a listener whose body only hands its Port to such functions (`(port) => { a(port);
///   b(port); }`) keeps them as `Listener::handoffs`, each walked as the listener where it
///   is declared;
/// - an `onConnect` handler's (or hand-off target's) declaring unit learns that its
///   parameter is a Port, so that Port's listeners are found.
fn link_across_units<'a>(
    project: &Project,
    unit_contexts: &[Vec<(usize, usize)>],
    sems: &mut [Option<Semantic<'a>>],
) {
    use crate::semantic::FnRef;
    let mut forwarded = Vec::new();
    let mut handed = Vec::new();
    let mut links = Vec::new();
    for (u, sem) in sems.iter().enumerate() {
        let Some(sem) = sem else { continue };
        let contexts = unit_contexts.get(u).map_or(&[][..], Vec::as_slice);
        let sem_of = |v: usize| sems.get(v).and_then(Option::as_ref);
        let elsewhere = |f: FnRef<'a>| match f {
            FnRef::Global(_) | FnRef::Imported(..) => {
                crate::analysis::resolve_fn(project, contexts, u, f, sem_of).filter(|r| r.unit != u)
            }
            _ => None,
        };
        for (i, l) in sem.listeners.iter().enumerate() {
            let registered = match l.forwards.and_then(|t| Some((t, elsewhere(t)?))) {
                Some((target, found)) => {
                    forwarded.push((u, i, target));
                    Some(found)
                }
                None => elsewhere(l.func),
            };
            if let (Some(kind), Some(f)) = (l.event.port_given(), registered) {
                links.push((f.unit, f.func, kind));
            }
            // `(port) => { handleA(port); handleB(port); }`: a listener that does nothing
            // but hand its Port to functions of other units hands each the Port, as a
            // forwarder does its one. Only a body of such calls: any other statement
            // could check the sender first, and that check would not travel with it.
            if let (Some(kind), None, FnRef::Local(f)) = (l.event.port_given(), l.forwards, l.func)
            {
                for callee in port_handoffs(f) {
                    let target = sem.resolve_fn(callee);
                    if let Some(found) = elsewhere(target) {
                        links.push((found.unit, found.func, kind));
                        handed.push((u, i, target));
                    }
                }
            }
        }
    }
    for (u, i, target) in forwarded {
        if let Some(l) = listener_mut(sems, u, i) {
            l.func = target;
        }
    }
    for (u, i, target) in handed {
        if let Some(l) = listener_mut(sems, u, i) {
            l.handoffs.push(target);
        }
    }
    // All of one unit's handlers at once: it is examined again once.
    links.sort_by_key(|&(v, _, _)| v);
    for group in links.chunk_by(|a, b| a.0 == b.0) {
        let handlers: Vec<_> = group.iter().map(|&(_, f, kind)| (f, kind)).collect();
        if let Some(Some(sem)) = group.first().and_then(|&(v, _, _)| sems.get_mut(v)) {
            sem.add_port_handlers(&handlers);
        }
    }
}

/// Listener `i` of unit `u`, to link it.
fn listener_mut<'s, 'a>(
    sems: &'s mut [Option<Semantic<'a>>],
    u: usize,
    i: usize,
) -> Option<&'s mut crate::semantic::Listener<'a>> {
    sems.get_mut(u)?.as_mut()?.listeners.get_mut(i)
}

/// The callees of a listener whose body is only calls handing its Port (first parameter)
/// on as their first argument; empty for any other body.
fn port_handoffs<'a>(f: crate::semantic::FnNode<'a>) -> Vec<&'a swc_ecma_ast::Expr> {
    use crate::semantic::func::Body;
    use swc_ecma_ast::{Callee, Expr, Stmt};
    let (Some(port), Some(Body::Block(b))) = (f.param_ident(0), f.body()) else {
        return Vec::new();
    };
    let mut callees = Vec::new();
    for s in &b.stmts {
        let Stmt::Expr(e) = s else { return Vec::new() };
        let Expr::Call(c) = crate::semantic::strip(&e.expr) else {
            return Vec::new();
        };
        let (Callee::Expr(callee), Some(first)) = (&c.callee, c.args.first()) else {
            return Vec::new();
        };
        match crate::semantic::strip(&first.expr) {
            Expr::Ident(i) if first.spread.is_none() && i.to_id() == port.to_id() => {
                callees.push(&**callee);
            }
            _ => return Vec::new(),
        }
    }
    callees
}

/// One unit's findings from `rules`.
fn run_rules<'a>(
    rules: &[&dyn rules::Rule],
    cx: &UnitCx<'a>,
    all: &Analysis<'a>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in rules {
        r.check_unit(cx, all, &mut out);
    }
    out
}

/// Phase times on stderr when `MSGLINT_TIMINGS` is set: where a slow check spends its time.
struct Timer(Option<std::cell::Cell<Instant>>);

impl Timer {
    fn new() -> Self {
        Timer(std::env::var_os("MSGLINT_TIMINGS").map(|_| std::cell::Cell::new(Instant::now())))
    }

    fn mark(&self, phase: &str) {
        if let Some(last) = &self.0 {
            let now = Instant::now();
            eprintln!(
                "msglint: {phase:<28} {:>9.1} ms{}",
                (now - last.get()).as_secs_f64() * 1e3,
                resident_mib().map_or(String::new(), |m| format!("  (resident {m} MiB)"))
            );
            last.set(now);
        }
    }
}

/// The process's resident memory, where the OS tells it (Linux, in kB, whatever the page
/// size): a check's cost on a machine where fresh pages are slow to fault in grows with it.
fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
