//! The hooks in `.pre-commit-hooks.yaml`, run by the real pre-commit framework
//! (`pre-commit try-repo`) in a scratch git repository holding an extension.
//!
//! Needs `pre-commit`: `MSGLINT_PRE_COMMIT=/path/to/pre-commit`, or one on the PATH.
//! `.ci/run` installs it in a virtualenv; without it the test says so and skips.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pre_commit() -> Option<PathBuf> {
    let candidate = std::env::var_os("MSGLINT_PRE_COMMIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("pre-commit"));
    let works = Command::new(&candidate)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(candidate)
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `pre-commit try-repo <this repository> <hook> --all-files` in `dir`, with the
/// msglint under test first on the PATH and pre-commit's cache in `cache`.
fn try_repo(pre_commit: &Path, dir: &Path, cache: &Path, hook: &str) -> Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_msglint"))
        .parent()
        .expect("the binary has a directory")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH joins");
    Command::new(pre_commit)
        .args([
            "try-repo",
            env!("CARGO_MANIFEST_DIR"),
            hook,
            "--all-files",
            "--color",
            "never",
        ])
        .current_dir(dir)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", cache)
        .env("NO_COLOR", "1")
        .output()
        .expect("pre-commit runs")
}

/// Run the `msglint-system` hook over `dir`, expecting exit status `code`: its output.
fn run_hook(pre_commit: &Path, dir: &Path, cache: &Path, code: Option<i32>) -> String {
    let o = try_repo(pre_commit, dir, cache, "msglint-system");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        o.status.code(),
        code,
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

#[test]
fn the_system_hook_fails_a_commit_with_findings_and_passes_a_clean_one() {
    let Some(pre_commit) = pre_commit() else {
        eprintln!(
            "skipping: pre-commit is not installed (set MSGLINT_PRE_COMMIT, or run .ci/run, which installs it)"
        );
        return;
    };
    if !Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.git")).exists() {
        eprintln!(
            "skipping: this msglint source tree is not a git repository, which try-repo needs"
        );
        return;
    }
    let repo = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("temp dir");
    let dir = repo.path();
    git(dir, &["init", "-q"]);
    git(dir, &["config", "user.email", "t@example.com"]);
    git(dir, &["config", "user.name", "t"]);
    std::fs::create_dir(dir.join("extension")).expect("mkdir");
    std::fs::write(
        dir.join("extension/manifest.json"),
        r#"{"manifest_version": 3, "name": "t", "version": "1", "minimum_chrome_version": "144", "background": {"service_worker": "background.js"}}"#,
    )
    .expect("write");
    let unsafe_listener = "// the settings\n\
        chrome.runtime.onMessage.addListener(async (message) => {\n  \
        if (message.type === \"get\") return { ok: true };\n});\n";
    std::fs::write(dir.join("extension/background.js"), unsafe_listener).expect("write");
    git(dir, &["add", "-A"]);

    let out = run_hook(&pre_commit, dir, cache.path(), Some(1));
    assert!(out.contains("- hook id: msglint-system"), "{out}");
    assert!(out.contains("- exit code: 1"), "{out}");
    assert!(
        out.contains("async-listener-implicit-undefined")
            && out.contains("[extension/background.js:2:38]"),
        "{out}"
    );
    assert!(out.contains("1 error, 0 warnings in 2 files"), "{out}");

    // Fixed: every path answers.
    std::fs::write(
        dir.join("extension/background.js"),
        "chrome.runtime.onMessage.addListener(async (message) => {\n  \
         if (message.type === \"get\") return { ok: true };\n  return { ok: false };\n});\n",
    )
    .expect("write");
    git(dir, &["add", "-A"]);
    let out = run_hook(&pre_commit, dir, cache.path(), Some(0));
    assert!(
        out.lines()
            .any(|l| l.starts_with("msglint") && l.ends_with("Passed")),
        "{out}"
    );
}
