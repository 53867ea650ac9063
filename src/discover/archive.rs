//! Packed extensions: a `.crx` (Chrome Web Store), `.xpi` (Firefox add-ons) or `.zip`
//! named on the command line is unpacked into a temporary directory and checked as the
//! unpacked extension; reports name its files `<archive>/<entry>`.
//!
//! Only what msglint reads is unpacked (manifests, pages, scripts), so an archive of
//! images costs no disk. Nothing of an entry's name is trusted: one that would land
//! outside the directory (`../x.js`, `/etc/x.js`) or is a link is not unpacked, and every
//! entry left out that msglint would have read is reported, naming it. A CRX's signature
//! is not verified: msglint checks the code it is given, wherever it came from.
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Most bytes unpacked from one archive: past this, entries are reported, not written (a
/// zip bomb unpacks to terabytes; the Chrome Web Store's own limit is 2 GB of package).
pub const MAX_UNPACKED: u64 = 1 << 30;

/// An archive unpacked for checking.
#[derive(Debug)]
pub struct Unpacked {
    /// Holds the entries; removed when dropped.
    pub dir: tempfile::TempDir,
    /// Entries msglint would read that were not unpacked, each with why.
    pub skipped: Vec<(String, String)>,
}

/// Whether a file named on the command line is a packed extension: named `.crx`, `.xpi`
/// or `.zip`, or (whatever its name, unless it is named like a file msglint reads) one
/// whose first bytes say so.
pub fn is_archive(path: &Path, reads_as_source: bool) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("crx" | "xpi" | "zip")) {
        return true;
    }
    if reads_as_source {
        return false;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"Cr24" || &head == b"PK\x03\x04" || &head == b"PK\x05\x06")
}

/// The zip inside a CRX (versions 2 and 3: a header, then the zip), or the bytes
/// themselves for anything else.
pub fn zip_payload(bytes: &[u8]) -> Result<&[u8], String> {
    if !bytes.starts_with(b"Cr24") {
        return Ok(bytes);
    }
    let word = |at: usize| -> Result<usize, String> {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| format!("a CRX header cut short ({} bytes)", bytes.len()))
    };
    let start = match word(4)? {
        // Magic, version, public key length, signature length, then both.
        2 => 16usize.checked_add(word(8)?).and_then(|n| n.checked_add(word(12).ok()?)),
        // Magic, version, header length, then the header (a protobuf of signatures).
        3 => 12usize.checked_add(word(8)?),
        v => return Err(format!("a CRX of version {v}, which msglint does not know (2 and 3 are the versions Chrome writes)")),
    };
    start
        .and_then(|s| bytes.get(s..))
        .ok_or_else(|| "a CRX whose header claims more bytes than the file holds".to_string())
}

/// Unpack the archive at `path` into a new temporary directory.
pub fn unpack(path: &Path, reads: impl Fn(&Path) -> bool) -> Result<Unpacked, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("could not read the archive: {e}"))?;
    let payload = zip_payload(&bytes)?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(payload))
        .map_err(|e| format!("not a readable zip archive: {e}"))?;
    let dir = tempfile::Builder::new()
        .prefix("msglint-unpacked-")
        .tempdir()
        .map_err(|e| format!("could not make a temporary directory to unpack it into: {e}"))?;
    let mut skipped = Vec::new();
    // The zip reader keeps one entry per name: a name listed twice hides a copy.
    for (name, times) in repeated_names(payload) {
        if reads(Path::new(&name)) {
            skipped.push((
                name,
                format!(
                    "listed {times} times: only the last copy is checked, and \
                     a browser may load another"
                ),
            ));
        }
    }
    let mut budget = MAX_UNPACKED;
    for i in 0..zip.len() {
        // The name is in the central directory, readable when the entry's data is not.
        let name = match zip.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            _ => format!("entry {}", i + 1),
        };
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                if reads(Path::new(&name)) {
                    skipped.push((name, format!("not unpacked: {e}")));
                }
                continue;
            }
        };
        if entry.is_dir() || !reads(Path::new(&name)) {
            continue;
        }
        if entry.is_symlink() {
            skipped.push((name, "a symbolic link: not followed".into()));
            continue;
        }
        let Some(rel) = entry.enclosed_name() else {
            skipped.push((
                name,
                "its name is not safe to unpack (it leads outside the archive, or holds a NUL byte): not unpacked"
                    .into(),
            ));
            continue;
        };
        if entry.size() > budget {
            skipped.push((
                name,
                format!(
                    "the archive unpacks to more than {} MiB: not unpacked",
                    MAX_UNPACKED >> 20
                ),
            ));
            continue;
        }
        if !matches!(
            entry.compression(),
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated
        ) {
            // Deprecated for matching on, not for naming: `Debug` prints `Unsupported(12)`.
            #[allow(deprecated)]
            let m = entry.compression().to_u16();
            skipped.push((
                name,
                format!(
                    "compressed with method {m} ({}), which msglint does not read (browsers \
                     read stored and deflated entries only): not unpacked",
                    zip::CompressionMethod::name_from_u16(m),
                ),
            ));
            continue;
        }
        let target = dir.path().join(&rel);
        match write_entry(&mut entry, &target, budget) {
            Ok(n) => budget -= n,
            Err(why) => {
                let _ = std::fs::remove_file(&target);
                skipped.push((name, why));
            }
        }
    }
    Ok(Unpacked { dir, skipped })
}

/// Write one entry's data to `target` (new: an entry listed twice keeps its first copy),
/// at most `budget` bytes. Returns the bytes written.
fn write_entry(entry: &mut impl Read, target: &Path, budget: u64) -> Result<u64, String> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("could not unpack it: {e}"))?;
    }
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                "listed twice in the archive: the first copy is checked".to_string()
            }
            _ => format!("could not unpack it: {e}"),
        })?;
    // One byte more than the budget tells a size the entry understated from one that fits.
    let n = std::io::copy(&mut entry.take(budget.saturating_add(1)), &mut out)
        .map_err(|e| format!("its data is corrupt: {e}"))?;
    if n > budget {
        return Err(format!(
            "the archive unpacks to more than {} MiB: not unpacked",
            MAX_UNPACKED >> 20
        ));
    }
    out.flush()
        .map_err(|e| format!("could not unpack it: {e}"))?;
    Ok(n)
}

/// Names the central directory of `zip` lists more than once, with how many times, in
/// order of first listing. Reads the directory the end record points at; a directory it
/// cannot follow (the zip reader accepted it, so a zip64 or an oddity) yields nothing.
fn repeated_names(zip: &[u8]) -> Vec<(String, usize)> {
    let u16_at = |at: usize| {
        zip.get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
    };
    let u32_at = |at: usize| {
        zip.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    // The end record is in the last 22 bytes plus a comment of at most 64 KiB.
    let tail = zip.len().saturating_sub(22 + 0xFFFF);
    let Some(end) = memchr::memmem::rfind(&zip[tail..], b"PK\x05\x06").map(|i| tail + i) else {
        return Vec::new();
    };
    let (Some(count), Some(mut at)) = (u16_at(end + 10), u32_at(end + 16)) else {
        return Vec::new();
    };
    let mut seen: std::collections::HashMap<&[u8], usize> = std::collections::HashMap::new();
    let mut order = Vec::new();
    for _ in 0..count {
        if zip.get(at..at + 4) != Some(b"PK\x01\x02") {
            return Vec::new();
        }
        let (Some(n), Some(x), Some(c)) = (u16_at(at + 28), u16_at(at + 30), u16_at(at + 32))
        else {
            return Vec::new();
        };
        let Some(name) = zip.get(at + 46..at + 46 + n) else {
            return Vec::new();
        };
        let times = seen.entry(name).or_insert(0);
        *times += 1;
        if *times == 2 {
            order.push(name);
        }
        at += 46 + n + x + c;
    }
    order
        .into_iter()
        .map(|name| (String::from_utf8_lossy(name).into_owned(), seen[name]))
        .collect()
}

/// Where unpacked archives were put, to name their files as reports should.
#[derive(Debug, Default)]
pub struct Shown(Vec<(PathBuf, PathBuf)>);

impl Shown {
    pub fn add(&mut self, dir: PathBuf, archive: PathBuf) {
        self.0.push((dir, archive));
    }

    /// `path` as the user knows it: `<archive>/<entry>` for a file unpacked from one.
    pub fn shown(&self, path: &Path) -> Option<PathBuf> {
        self.0.iter().find_map(|(dir, archive)| {
            let rest = path.strip_prefix(dir).ok()?;
            Some(if rest.as_os_str().is_empty() {
                archive.clone()
            } else {
                archive.join(rest)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_stop_at_the_budget() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("sub/a.js");
        assert_eq!(write_entry(&mut &b"0123456789"[..], &at, 10), Ok(10));
        assert_eq!(std::fs::read(&at).unwrap(), b"0123456789");
        assert_eq!(
            write_entry(&mut &b"0123456789"[..], &at, 10).unwrap_err(),
            "listed twice in the archive: the first copy is checked"
        );
        let over = dir.path().join("b.js");
        assert_eq!(
            write_entry(&mut &b"0123456789A"[..], &over, 10).unwrap_err(),
            "the archive unpacks to more than 1024 MiB: not unpacked"
        );
    }

    #[test]
    fn names_listed_twice_are_found() {
        // Two stored entries named `a.js`, one `b.js` (built by Python's zipfile).
        let mut zip = Vec::new();
        let mut central = Vec::new();
        for name in ["a.js", "b.js", "a.js"] {
            let offset = zip.len() as u32;
            zip.extend(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
            zip.extend((name.len() as u16).to_le_bytes());
            zip.extend(0u16.to_le_bytes());
            zip.extend(name.as_bytes());
            central.extend(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
            central.extend((name.len() as u16).to_le_bytes());
            central.extend([0u8; 12]);
            central.extend(offset.to_le_bytes());
            central.extend(name.as_bytes());
        }
        let start = zip.len() as u32;
        zip.extend(&central);
        zip.extend(b"PK\x05\x06\0\0\0\0\x03\0\x03\0");
        zip.extend((central.len() as u32).to_le_bytes());
        zip.extend(start.to_le_bytes());
        zip.extend(0u16.to_le_bytes());
        assert_eq!(repeated_names(&zip), vec![("a.js".to_string(), 2)]);
        // A directory cut short is no answer, and no panic.
        assert_eq!(repeated_names(&zip[..zip.len() - 30]), vec![]);
        assert_eq!(repeated_names(b"PK\x05\x06"), vec![]);
    }

    #[test]
    fn crx_headers_are_skipped_and_bad_ones_named() {
        let mut v3 = b"Cr24".to_vec();
        v3.extend(3u32.to_le_bytes());
        v3.extend(2u32.to_le_bytes());
        v3.extend(b"hhPK");
        assert_eq!(zip_payload(&v3).unwrap(), b"PK");
        let mut v2 = b"Cr24".to_vec();
        v2.extend(2u32.to_le_bytes());
        v2.extend(1u32.to_le_bytes());
        v2.extend(2u32.to_le_bytes());
        v2.extend(b"kssPK");
        assert_eq!(zip_payload(&v2).unwrap(), b"PK");
        assert_eq!(zip_payload(b"PK\x03\x04").unwrap(), b"PK\x03\x04");

        let mut huge = b"Cr24".to_vec();
        huge.extend(3u32.to_le_bytes());
        huge.extend(u32::MAX.to_le_bytes());
        assert_eq!(
            zip_payload(&huge).unwrap_err(),
            "a CRX whose header claims more bytes than the file holds"
        );
        let mut v4 = b"Cr24".to_vec();
        v4.extend(4u32.to_le_bytes());
        assert!(zip_payload(&v4)
            .unwrap_err()
            .starts_with("a CRX of version 4"));
        assert_eq!(
            zip_payload(b"Cr24\x03\x00").unwrap_err(),
            "a CRX header cut short (6 bytes)"
        );
    }
}
