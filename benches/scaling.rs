//! Does the check's time grow with its input, or faster? Each shape below is one kind of
//! code repeated `n` times (an `else if` link, a late `sendResponse`, an extension...);
//! the check runs on it at `n` and `4n` (one thread, best of three), and a shape whose
//! time grows more than 8x for 4x the input is marked `SUPERLINEAR` (a quadratic one
//! grows 16x; linear ones measure 4-6.6x here, memory growing with the input).
//!
//! `cargo bench --bench scaling` (release). The shapes are the ones a hostile-input sweep
//! found quadratic (2026-11-22; each fixed, each with a test at its own scale) and their
//! neighbours: a shape that regresses shows here long before a user's file stalls a
//! check. Under `cargo test` (no `--bench` flag) each shape runs once at a tiny size, so
//! CI proves they still run.
//!
//! On the shared 2-core dev machine (2026-11-22; 5,000 to 20,000 of each, 1,000 to
//! 4,000 extensions, 20,000 to 80,000 chain links), every shape grows 4.0-6.6x, the
//! largest times 233 ms (the 80,000-link chain) and 190 ms (20,000 listeners, 60,000
//! findings). Before the fixes the `else if` chain took 23.4 s at 100,000 links, the
//! late answers 2.8 s at 80,000, the exits after late answers 727 MB and 2.4 s at 8,000,
//! 8,000 loops 0.8 s, 32,000 aliases 1.9 s and 8,000 extensions 2.9 s.
use std::path::Path;
use std::time::{Duration, Instant};

use msglint::check::{check, CheckOptions};

const MANIFEST: &str = r#"{"manifest_version": 3, "name": "s", "version": "1", "background": {"service_worker": "bg.js"}}"#;

/// A file tree: (path, contents).
type Tree = Vec<(String, String)>;

/// One background script: `line(i)` for each `i`, inside a `runtime.onMessage` listener
/// `(m, s, r)`.
fn in_listener(n: usize, line: impl Fn(usize) -> String) -> Tree {
    let mut js = String::from("chrome.runtime.onMessage.addListener((m, s, r) => {\n");
    for i in 0..n {
        js.push_str("  ");
        js.push_str(&line(i));
        js.push('\n');
    }
    js.push_str("});\n");
    vec![
        ("manifest.json".into(), MANIFEST.into()),
        ("bg.js".into(), js),
    ]
}

/// One background script of `n` top-level pieces.
fn top_level(n: usize, piece: impl Fn(usize) -> String) -> Tree {
    let js: String = (0..n).map(piece).collect();
    vec![
        ("manifest.json".into(), MANIFEST.into()),
        ("bg.js".into(), js),
    ]
}

fn else_if_chain(n: usize) -> Tree {
    let mut t = in_listener(n, |i| format!("if (m.k === {i}) {{ f(m.v{i}); }} else"));
    t[1].1 = t[1].1.replace("\n});\n", "\n  { eval(m.code); }\n});\n");
    t
}

fn late_answers(n: usize) -> Tree {
    in_listener(n, |i| {
        format!("chrome.storage.local.get(\"k{i}\", (v) => r(v));")
    })
}

fn exits_after_late_answers(n: usize) -> Tree {
    in_listener(n, |i| {
        format!("setTimeout(() => r({i})); if (m.k === {i}) return;")
    })
}

fn loops_with_late_answers(n: usize) -> Tree {
    in_listener(n, |i| {
        format!("for (const x of m.l{i}) {{ if (x) {{ setTimeout(() => r(x)); break; }} }}")
    })
}

fn responder_aliases(n: usize) -> Tree {
    let mut js = String::from("chrome.runtime.onMessage.addListener((m, s, r0) => {\n");
    for i in 0..n {
        js.push_str(&format!("  const r{} = r{i};\n", i + 1));
    }
    for i in (0..n).step_by(2) {
        js.push_str(&format!("  setTimeout(() => r{i}(1));\n"));
    }
    js.push_str("});\n");
    vec![
        ("manifest.json".into(), MANIFEST.into()),
        ("bg.js".into(), js),
    ]
}

fn extensions(n: usize) -> Tree {
    (0..n)
        .flat_map(|i| {
            [
                (format!("ext{i}/manifest.json"), MANIFEST.to_string()),
                (
                    format!("ext{i}/bg.js"),
                    "chrome.runtime.onMessageExternal.addListener((m) => { eval(m.c); });\n"
                        .to_string(),
                ),
            ]
        })
        .collect()
}

fn listeners(n: usize) -> Tree {
    top_level(n, |i| {
        format!("chrome.runtime.onMessageExternal.addListener((m, s, r) => {{ eval(m.c{i}); }});\n")
    })
}

fn sequential_ifs(n: usize) -> Tree {
    in_listener(n, |i| format!("if (m.k === {i}) {{ eval(m.v{i}); }}"))
}

fn switch_cases(n: usize) -> Tree {
    let mut t = in_listener(n, |i| format!("case {i}: f(m.v{i}); break;"));
    t[1].1 = t[1]
        .1
        .replacen("{\n", "{\n switch (m.k) {\n", 1)
        .replace("\n});\n", "\n }\n});\n");
    t
}

fn handler_table(n: usize) -> Tree {
    let entries: Vec<String> = (0..n)
        .map(|i| format!("k{i}: (m) => {{ eval(m.v{i}); }}"))
        .collect();
    let js = format!(
        "var h = {{{}}};\nchrome.runtime.onMessageExternal.addListener((m) => {{ h[m.type](m); }});\n",
        entries.join(",")
    );
    vec![
        ("manifest.json".into(), MANIFEST.into()),
        ("bg.js".into(), js),
    ]
}

fn class_methods(n: usize) -> Tree {
    let methods: String = (0..n)
        .map(|i| format!("  m{i}(x) {{ return this.m{}(x); }}\n", i + 1))
        .collect();
    let js = format!(
        "class A {{\n{methods}  m{n}(x) {{ eval(x); }}\n}}\nconst a = new A();\nchrome.runtime.onMessageExternal.addListener((m) => {{ a.m0(m.c); }});\n"
    );
    vec![
        ("manifest.json".into(), MANIFEST.into()),
        ("bg.js".into(), js),
    ]
}

fn suppressions(n: usize) -> Tree {
    in_listener(n, |i| {
        format!("// msglint-ignore unsafe-message-sink: reason {i}\n  eval(m.v{i});")
    })
}

fn write(dir: &Path, tree: &Tree) {
    for (path, text) in tree {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(p, text).expect("write");
    }
}

/// The best of `runs` checks of `dir` on one thread.
fn time_check(dir: &Path, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            let report = check(&CheckOptions {
                paths: vec![dir.to_path_buf()],
                threads: 1,
                ..Default::default()
            })
            .expect("check");
            let elapsed = t.elapsed();
            drop(report);
            elapsed
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (small, runs) = if bench { (5_000, 3) } else { (5, 1) };
    type Shape = (&'static str, fn(usize) -> Tree, usize);
    // The size each shape starts at: `small`, or a fraction of it where one unit of the
    // shape is large (a whole extension).
    let shapes: [Shape; 13] = [
        ("else if chain", else_if_chain, small),
        ("late answers", late_answers, small),
        ("exits after late answers", exits_after_late_answers, small),
        ("loops with late answers", loops_with_late_answers, small),
        ("sendResponse aliases", responder_aliases, small),
        ("extensions in one tree", extensions, small / 5),
        ("listeners", listeners, small),
        ("sequential ifs", sequential_ifs, small),
        ("switch cases", switch_cases, small),
        ("handler table", handler_table, small),
        ("class methods", class_methods, small),
        ("suppressions", suppressions, small),
        ("else if chain, x4", else_if_chain, small * 4),
    ];
    for (name, make, n) in shapes {
        let n = n.max(1);
        let mut times = Vec::new();
        for size in [n, 4 * n] {
            let dir = tempfile::tempdir().expect("temp dir");
            write(dir.path(), &make(size));
            times.push((size, time_check(dir.path(), runs)));
        }
        let (n1, t1) = times[0];
        let (n4, t4) = times[1];
        let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-6);
        let flag = if ratio > 8.0 && t4 > Duration::from_millis(50) {
            "  SUPERLINEAR"
        } else {
            ""
        };
        println!(
            "{name:<26} n={n1:>6}: {:>8.1} ms   n={n4:>6}: {:>8.1} ms   {ratio:>4.1}x{flag}",
            t1.as_secs_f64() * 1e3,
            t4.as_secs_f64() * 1e3,
        );
    }
}
