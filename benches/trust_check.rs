//! Benchmark: `msglint check` with every rule (the trust rules' taint walk included)
//! against parse-only time on the same files. Run with
//! `cargo bench --bench trust_check` (release profile); prints both figures and the ratio.
//!
//! The corpus is generated: an extension whose background and content scripts are many
//! copies of messaging code (listeners, sinks, relays, helpers, minified closures), plus
//! one large bundle-like file, about 8 MB in all.
use std::path::Path;
use std::time::{Duration, Instant};

use msglint::check::{check, CheckOptions, STACK_SIZE};
use msglint::discover::{self, Options};
use rayon::prelude::*;

const BLOCK: &str = r#"
function helper_N(d) { return chrome.storage.local.set({ d: d }); }
chrome.runtime.onMessageExternal.addListener((msg, sender, sendResponse) => {
  if (msg.type === "a_N") { helper_N(msg.payload); fetch(msg.url).then((r) => r.text()).then((t) => sendResponse({ t })); }
  chrome.cookies.getAll({ domain: msg.domain }, (c) => sendResponse(c.length));
  return true;
});
chrome.runtime.onMessage.addListener(function (m, s, r) {
  switch (m.type) { case "save_N": chrome.storage.sync.set({ v: Number(m.v) }); break; default: r({ ok: !0 }); }
});
var mod_N = function (e, t, n) { var i = chrome; i.runtime.onMessage.addListener(function (e, t, n) { if ("x" === e.type) { i.tabs.create({ url: "https://example.com/" + encodeURIComponent(e.q) }); } }); };
"#;

const CS_BLOCK: &str = r#"
window.addEventListener("message", (event) => {
  if (event.source !== window) return;
  if (event.data && event.data.type === "page_N") chrome.runtime.sendMessage({ type: "save_N", v: event.data.v });
  document.getElementById("o_N") && (document.getElementById("o_N").textContent = String(event.data.text));
});
"#;

fn corpus(dir: &Path) {
    let manifest = r#"{"manifest_version": 3, "name": "bench", "version": "1",
      "background": {"service_worker": "background.js"},
      "content_scripts": [{"matches": ["<all_urls>"], "js": ["content.js"]}]}"#;
    std::fs::write(dir.join("manifest.json"), manifest).expect("write");
    let gen = |block: &str, n: usize| -> String {
        (0..n)
            .map(|i| block.replace("_N", &format!("_{i}")))
            .collect()
    };
    std::fs::write(dir.join("background.js"), gen(BLOCK, 4000)).expect("write");
    std::fs::write(dir.join("content.js"), gen(CS_BLOCK, 4000)).expect("write");
    for k in 0..8 {
        std::fs::write(dir.join(format!("lib{k}.js")), gen(BLOCK, 800)).expect("write");
    }
}

fn parse_only(dir: &Path) -> Duration {
    let project = discover::discover(&[dir.to_path_buf()], &Options::default()).expect("discover");
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_SIZE)
        .build()
        .expect("pool");
    let start = Instant::now();
    let n: usize = pool.install(|| {
        project
            .units
            .par_iter()
            .map(|u| {
                let p = msglint::parse::parse_unit(u, &project.sources.get(u.source).text);
                usize::from(p.is_ok())
            })
            .sum()
    });
    let t = start.elapsed();
    assert!(n > 0);
    t
}

fn full_check(dir: &Path) -> (Duration, usize) {
    let start = Instant::now();
    let report = check(&CheckOptions {
        paths: vec![dir.to_path_buf()],
        ..Default::default()
    })
    .expect("check");
    (start.elapsed(), report.diagnostics.len())
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    corpus(dir.path());
    let bytes: u64 = std::fs::read_dir(dir.path())
        .expect("read dir")
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    // Warm up the file cache and allocator once, then take the best of five.
    parse_only(dir.path());
    full_check(dir.path());
    let parse = (0..5)
        .map(|_| parse_only(dir.path()))
        .min()
        .unwrap_or_default();
    let mut findings = 0;
    let full = (0..5)
        .map(|_| {
            let (t, n) = full_check(dir.path());
            findings = n;
            t
        })
        .min()
        .unwrap_or_default();
    println!(
        "corpus {:.1} MB; parse only {:.0} ms; full check {:.0} ms ({findings} findings); ratio {:.2}",
        bytes as f64 / 1e6,
        parse.as_secs_f64() * 1e3,
        full.as_secs_f64() * 1e3,
        full.as_secs_f64() / parse.as_secs_f64()
    );
}
