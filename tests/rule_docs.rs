//! The examples in every `rules/<id>.md` page run here: a `bad` example must yield
//! exactly the findings its `text output` block lists for that rule, a `good` one none.
//!
//! Block info strings: `<lang> bad|good [file=PATH]` starts an example; blocks without
//! `bad`/`good` (`json file=manifest.json`, `js file=other.js`, `text output`) join the
//! example above them. Without a manifest block the example gets a default MV3 manifest
//! whose service worker is `background.js`.
mod common;

use common::{check_dir, compact, write_tree, DEFAULT_MANIFEST};

#[derive(Debug, Default)]
struct Example {
    bad: bool,
    files: Vec<(String, String)>,
    output: Option<Vec<String>>,
    line: usize,
}

fn examples(page: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut lines = page.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let info = info.trim();
        let mut body = String::new();
        for (_, l) in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        let words: Vec<&str> = info.split_whitespace().collect();
        let lang = words.first().copied().unwrap_or("");
        let file = words
            .iter()
            .find_map(|w| w.strip_prefix("file="))
            .map(str::to_string);
        let kind = words.iter().find(|w| **w == "bad" || **w == "good");
        if let Some(k) = kind {
            out.push(Example {
                bad: *k == "bad",
                line: n + 1,
                ..Default::default()
            });
        }
        let Some(ex) = out.last_mut() else { continue };
        if lang == "text" && words.contains(&"output") {
            ex.output = Some(body.lines().map(str::to_string).collect());
        } else if matches!(lang, "js" | "ts" | "json" | "html" | "jsx" | "tsx") {
            let default = match lang {
                "json" => "manifest.json".to_string(),
                "html" => "page.html".to_string(),
                other => format!("background.{other}"),
            };
            ex.files.push((file.unwrap_or(default), body));
        }
    }
    out
}

#[test]
fn every_rule_has_a_page_with_bad_and_good_examples_that_hold() {
    let mut failures = Vec::new();
    let mut count = 0;
    for meta in msglint::rules::all_meta() {
        let exs = examples(meta.docs);
        assert!(
            exs.iter().any(|e| e.bad),
            "{}: page has no bad example",
            meta.id
        );
        assert!(
            exs.iter().any(|e| !e.bad),
            "{}: page has no good example",
            meta.id
        );
        assert!(
            meta.docs.starts_with(&format!("# {}\n", meta.id)),
            "{}: page must start with its id",
            meta.id
        );
        for ex in exs {
            count += 1;
            let mut files: Vec<(&str, &str)> = ex
                .files
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect();
            if !files.iter().any(|(p, _)| *p == "manifest.json") {
                files.push(("manifest.json", DEFAULT_MANIFEST));
            }
            let dir = write_tree(&files);
            let got: Vec<String> = compact(&check_dir(dir.path()))
                .into_iter()
                .filter(|l| l.contains(&format!("[{}]", meta.id)))
                .collect();
            if ex.bad {
                match &ex.output {
                    None => failures.push(format!(
                        "{} (line {}): bad example has no `text output` block",
                        meta.id, ex.line
                    )),
                    Some(want) if *want != got => failures.push(format!(
                        "{} (line {}): bad example\n  want: {want:#?}\n  got:  {got:#?}",
                        meta.id, ex.line
                    )),
                    Some(_) => {}
                }
            } else if !got.is_empty() {
                failures.push(format!(
                    "{} (line {}): good example flagged: {got:#?}",
                    meta.id, ex.line
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 12, "only {count} examples found");
}
