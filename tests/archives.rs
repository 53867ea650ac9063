//! Packed extensions named on the command line (`.crx` v2 and v3, `.xpi`, `.zip`) are
//! checked as the extension they unpack to, their files named `<archive>/<entry>`; what
//! cannot be unpacked (hostile names, links, names listed twice, unknown compression,
//! corrupt data, a broken header) is a `parse-error` on the archive naming the entry, and
//! the rest is still checked.
mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::compact;
use msglint::check::{check, CheckOptions};

const MANIFEST: &str = r#"{"manifest_version": 3, "name": "packed", "version": "1",
  "background": {"service_worker": "background.js"}}"#;
/// An external listener that evals the message: three findings on line 1.
const BACKGROUND: &str =
    "chrome.runtime.onMessageExternal.addListener((m) => { eval(m.code); });\n";
const FINDINGS: [&str; 3] = [
    "background.js:1:1: warning [externally-connectable-too-broad] `runtime.onMessageExternal` listener in an extension without `externally_connectable`: every other installed extension can message it",
    "background.js:1:1: error [missing-sender-check] this `runtime.onMessageExternal` listener uses the message without checking who sent it (any other installed extension can)",
    "background.js:1:60: error [unsafe-message-sink] data from an external message reaches `eval` (code execution)",
];

/// A zip written by the zip crate (deflated), as any packer writes one.
fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One entry of a hand-built zip: what no well-behaved packer writes.
struct Raw<'a> {
    name: &'a str,
    data: &'a [u8],
    method: u16,
    flags: u16,
    /// Declared uncompressed size (`None`: the data's length).
    size: Option<u32>,
    /// Unix mode in the external attributes (`0o120777`: a symbolic link).
    mode: u32,
}

fn raw<'a>(name: &'a str, data: &'a str) -> Raw<'a> {
    Raw {
        name,
        data: data.as_bytes(),
        method: 0,
        flags: 0,
        size: None,
        mode: 0o100644,
    }
}

/// A zip laid out by hand: entries as given, names listed twice, links, odd methods.
fn raw_zip(entries: &[Raw]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for e in entries {
        let offset = out.len() as u32;
        let size = e.size.unwrap_or(e.data.len() as u32);
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(e.flags.to_le_bytes());
            v.extend(e.method.to_le_bytes());
            v.extend([0u8; 4]); // time, date
            v.extend(crc32(e.data).to_le_bytes());
            v.extend((e.data.len() as u32).to_le_bytes());
            v.extend(size.to_le_bytes());
            v.extend((e.name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra
        };
        out.extend(b"PK\x03\x04");
        common(&mut out);
        out.extend(e.name.as_bytes());
        out.extend(e.data);
        central.extend(b"PK\x01\x02");
        central.extend((3u16 << 8 | 20).to_le_bytes()); // made by Unix
        common(&mut central);
        central.extend([0u8; 6]); // comment, disk, internal attributes
        central.extend((e.mode << 16).to_le_bytes());
        central.extend(offset.to_le_bytes());
        central.extend(e.name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn crx3(zip: &[u8]) -> Vec<u8> {
    // A CrxFileHeader protobuf's worth of bytes: msglint does not read it.
    let header = b"\x12\x04sig!";
    let mut out = b"Cr24".to_vec();
    out.extend(3u32.to_le_bytes());
    out.extend((header.len() as u32).to_le_bytes());
    out.extend(header);
    out.extend(zip);
    out
}

fn crx2(zip: &[u8]) -> Vec<u8> {
    let mut out = b"Cr24".to_vec();
    out.extend(2u32.to_le_bytes());
    out.extend(3u32.to_le_bytes());
    out.extend(4u32.to_le_bytes());
    out.extend(b"keysig!");
    out.extend(zip);
    out
}

/// Write `bytes` as `name` in a fresh directory and check that file alone.
fn check_archive(name: &str, bytes: &[u8]) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join(name);
    std::fs::write(&at, bytes).unwrap();
    let report = check(&CheckOptions {
        paths: vec![at],
        ..Default::default()
    })
    .expect("check runs");
    let lines = compact(&report);
    (dir, lines)
}

fn under(prefix: &str, lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| format!("{prefix}/{l}")).collect()
}

/// [`FINDINGS`] (from `from` on) in `file` rather than `background.js`.
fn findings_in(file: &str, from: usize) -> Vec<String> {
    FINDINGS[from..]
        .iter()
        .map(|l| l.replace("background.js", file))
        .collect()
}

#[test]
fn a_crx3_is_checked_as_the_extension_it_holds() {
    let zip = zip_of(&[("manifest.json", MANIFEST), ("background.js", BACKGROUND)]);
    let (_d, lines) = check_archive("ext.crx", &crx3(&zip));
    assert_eq!(lines, under("ext.crx", &FINDINGS));
}

#[test]
fn a_crx2_an_xpi_and_a_zip_too() {
    let zip = zip_of(&[("manifest.json", MANIFEST), ("background.js", BACKGROUND)]);
    assert_eq!(
        check_archive("old.crx", &crx2(&zip)).1,
        under("old.crx", &FINDINGS)
    );
    assert_eq!(
        check_archive("addon.xpi", &zip).1,
        under("addon.xpi", &FINDINGS)
    );
    // A build's zip with the extension in a folder: found as in a directory.
    let nested = zip_of(&[
        ("dist/manifest.json", MANIFEST),
        ("dist/background.js", BACKGROUND),
    ]);
    assert_eq!(
        check_archive("build.zip", &nested).1,
        under("build.zip/dist", &FINDINGS)
    );
    // Named for what it is by its first bytes only: a downloaded package with no suffix.
    assert_eq!(
        check_archive("download", &crx3(&zip)).1,
        under("download", &FINDINGS)
    );
}

#[test]
fn hostile_entries_are_named_and_the_rest_is_checked() {
    let mut link = raw("link.js", "/etc/passwd");
    link.mode = 0o120777;
    let mut bzip2 = raw("bz.js", "BZh9...");
    bzip2.method = 12;
    let mut encrypted = raw("locked.js", "0123456789ab");
    encrypted.flags = 1;
    let mut bomb = raw("bomb.js", "x");
    bomb.method = 8;
    bomb.size = Some(u32::MAX);
    let bytes = raw_zip(&[
        raw("manifest.json", MANIFEST),
        raw("background.js", BACKGROUND),
        raw("../escape.js", "eval(1)"),
        // Made relative, as unzip does: unpacked inside, and checked there.
        raw("/etc/cron.js", BACKGROUND),
        link,
        raw("twice.js", "var first = 1;"),
        raw("twice.js", "var second = 2;"),
        bzip2,
        encrypted,
        bomb,
        // Not a file msglint reads: its link-ness and name say nothing here.
        raw("../logo.png", "PNG"),
    ]);
    let (_d, lines) = check_archive("hostile.zip", &bytes);
    let mut want = vec![
        "hostile.zip:1:1: error [parse-error] `../escape.js` in the archive: its name is not safe to unpack (it leads outside the archive, or holds a NUL byte): not unpacked".to_string(),
        "hostile.zip:1:1: error [parse-error] `bomb.js` in the archive: the archive unpacks to more than 1024 MiB: not unpacked".into(),
        "hostile.zip:1:1: error [parse-error] `bz.js` in the archive: compressed with method 12 (Bzip2), which msglint does not read (browsers read stored and deflated entries only): not unpacked".into(),
        "hostile.zip:1:1: error [parse-error] `link.js` in the archive: a symbolic link: not followed".into(),
        "hostile.zip:1:1: error [parse-error] `locked.js` in the archive: not unpacked: unsupported Zip archive: Password required to decrypt file".into(),
        "hostile.zip:1:1: error [parse-error] `twice.js` in the archive: listed 2 times: only the last copy is checked, and a browser may load another".into(),
    ];
    want.extend(under("hostile.zip", &FINDINGS));
    // The listener in `etc/cron.js` shares the extension's findings (in an unknown
    // context: no manifest names it, so web pages may be its senders too).
    want.extend(findings_in("cron.js", 1).iter().map(|l| {
        format!("hostile.zip/etc/{l}").replace(
            "(any other installed extension can)",
            "(any other extension or web page can)",
        )
    }));
    assert_eq!(lines, want);
}

#[test]
fn corrupt_data_is_not_checked_as_if_whole() {
    let mut bytes = raw_zip(&[
        raw("manifest.json", MANIFEST),
        raw("background.js", BACKGROUND),
    ]);
    // Flip a byte of the script's stored data: its checksum no longer matches.
    let at = bytes
        .windows(5)
        .position(|w| w == b"eval(")
        .expect("stored data");
    bytes[at] ^= 0x20;
    let (_d, lines) = check_archive("corrupt.zip", &bytes);
    assert_eq!(
        lines,
        ["corrupt.zip:1:1: error [parse-error] `background.js` in the archive: its data is corrupt: Invalid checksum"]
    );
}

#[test]
fn an_archive_that_cannot_be_read_is_an_error_naming_why() {
    let mut cut = b"Cr24".to_vec();
    cut.extend(3u32.to_le_bytes());
    cut.extend(1000u32.to_le_bytes());
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("cut.crx", cut, "a CRX whose header claims more bytes than the file holds"),
        (
            "v4.crx",
            b"Cr24\x04\0\0\0\0\0\0\0".to_vec(),
            "a CRX of version 4, which msglint does not know (2 and 3 are the versions Chrome writes)",
        ),
        (
            "text.xpi",
            b"not a zip at all".to_vec(),
            "not a readable zip archive: invalid Zip archive: Could not find EOCD",
        ),
        (
            "half.zip",
            zip_of(&[("manifest.json", MANIFEST)])[..40].to_vec(),
            "not a readable zip archive: invalid Zip archive: Could not find EOCD",
        ),
    ];
    for (name, bytes, why) in cases {
        let (_d, lines) = check_archive(name, &bytes);
        assert_eq!(
            lines,
            [format!("{name}:1:1: error [parse-error] {why}")],
            "{name}"
        );
    }
    // An empty archive is no error: there is nothing in it to check.
    assert_eq!(
        check_archive(
            "empty.zip",
            b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
        )
        .1,
        Vec::<String>::new()
    );
}

#[test]
fn archives_inside_a_checked_directory_are_left_packed() {
    // A repository's release zips are builds of the code beside them, not more code.
    let zip = zip_of(&[("manifest.json", MANIFEST), ("background.js", BACKGROUND)]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("releases")).unwrap();
    std::fs::write(dir.path().join("releases/v1.zip"), &zip).unwrap();
    std::fs::write(dir.path().join("releases/v1.crx"), crx3(&zip)).unwrap();
    assert_eq!(
        compact(&common::check_dir(dir.path())),
        Vec::<String>::new()
    );
}

#[test]
fn ignore_globs_name_unpacked_files_as_reports_do() {
    let zip = zip_of(&[
        ("manifest.json", MANIFEST),
        ("background.js", "importScripts('lib/vendor.js');\n"),
        ("lib/vendor.js", BACKGROUND),
        ("lib/other.js", BACKGROUND),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("ext.zip");
    std::fs::write(&at, zip).unwrap();
    let report = check(&CheckOptions {
        paths: vec![at],
        ignore_fn: Some(msglint::discover::IgnoreFn(std::sync::Arc::new(
            |p: &Path| p.ends_with("ext.zip/lib/other.js") || p.ends_with("ext.zip/lib/vendor.js"),
        ))),
        ..Default::default()
    })
    .unwrap();
    // `other.js` is ignored; `vendor.js`, ignored too, is loaded by the extension: checked.
    let want: Vec<String> = findings_in("vendor.js", 0)
        .iter()
        .map(|l| format!("ext.zip/lib/{l}"))
        .collect();
    assert_eq!(compact(&report), want);
}

#[test]
fn the_cli_checks_a_crx_and_cleans_up_after_itself() {
    let zip = zip_of(&[("manifest.json", MANIFEST), ("background.js", BACKGROUND)]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ext.crx"), crx3(&zip)).unwrap();
    // Its own temporary directory, to see what the run leaves there.
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_msglint"))
        .args(["check", "ext.crx", "--format", "compact"])
        .current_dir(dir.path())
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        under("ext.crx", &FINDINGS).join("\n") + "\n"
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);

    // The run does unpack under `TMPDIR` (so the emptiness above is its cleaning up): with
    // nowhere to unpack to, it says so against the archive.
    let out = Command::new(env!("CARGO_BIN_EXE_msglint"))
        .args(["check", "ext.crx", "--format", "compact"])
        .current_dir(dir.path())
        .env("TMPDIR", tmp.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "ext.crx:1:1: error [parse-error] could not make a temporary directory to unpack it into:"
        ),
        "{stdout}"
    );
}

#[test]
fn every_byte_of_a_crx_broken_in_turn_is_checked_or_reported() {
    // Each byte flipped in turn: header, local headers, data, central directory, end
    // record. The check must finish, and either find what the extension holds or say
    // what it could not read: never pass over the archive in silence. (A flipped byte of
    // the central directory's `background.js` renames the entry: the manifest's script
    // is then reported missing, as a browser would find it.)
    let zip = zip_of(&[("manifest.json", MANIFEST), ("background.js", BACKGROUND)]);
    let crx = crx3(&zip);
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("ext.crx");
    let mut silent = Vec::new();
    let mut renamed = 0;
    for i in 0..crx.len() {
        let mut bytes = crx.clone();
        bytes[i] ^= 0xFF;
        std::fs::write(&at, &bytes).unwrap();
        let report = check(&CheckOptions {
            paths: vec![at.clone()],
            ..Default::default()
        })
        .expect("check runs");
        let lines = compact(&report);
        let found = lines.iter().any(|l| l.contains("[unsafe-message-sink]"));
        let said = lines
            .iter()
            .any(|l| l.starts_with("ext.crx:1:1: error [parse-error]"));
        let missing = report.problems.iter().any(|p| {
            p.file == "ext.crx/manifest.json"
                && p.message.contains("\"background.js\", which was not found")
        });
        renamed += usize::from(missing && !found && !said);
        if !found && !said && !missing {
            silent.push((i, lines));
        }
    }
    assert!(silent.is_empty(), "passed over in silence: {silent:?}");
    assert!(
        renamed > 0,
        "no byte renamed the script: the test no longer reaches the names"
    );
}
