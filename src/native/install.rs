//! `msglint proxy install`: a host manifest's `path` cannot carry arguments, so write a
//! launcher beside the manifest that runs the original host behind the proxy, and point
//! the manifest at it, keeping a backup of the original manifest.
use std::path::{Path, PathBuf};

use serde_json::Value;

/// What `install` did.
#[derive(Debug)]
pub struct Installed {
    pub launcher: PathBuf,
    pub backup: PathBuf,
    pub original_host: String,
}

/// Quote for POSIX sh: single quotes, with embedded ones closed and escaped.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn absolute(p: &Path) -> Result<PathBuf, String> {
    p.canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", p.display()))
}

/// Install the proxy in front of the host described by `manifest`, validating with
/// `loaded`, the contract read from `contract` (which must describe this host: otherwise
/// the launcher would refuse to start every time the browser runs it).
pub fn install(
    manifest: &Path,
    contract: &Path,
    loaded: &crate::contract::Contract,
    msglint: &Path,
) -> Result<Installed, String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let mut doc: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not JSON: {e}", manifest.display()))?;
    let obj = doc
        .as_object_mut()
        .ok_or_else(|| format!("{} is not a JSON object", manifest.display()))?;
    let name = obj
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{} has no `name`", manifest.display()))?
        .to_string();
    if !crate::contract::load::valid_host_name(&name) {
        return Err(format!("`{name}` is not a valid native host name"));
    }
    if loaded.native_host(&name).is_none() {
        let known: Vec<&str> = loaded.native_hosts().collect();
        return Err(format!(
            "{} has no native host `{name}` (it describes: {})",
            contract.display(),
            if known.is_empty() {
                "no hosts".to_string()
            } else {
                known.join(", ")
            }
        ));
    }
    let host = obj
        .get("path")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{} has no `path`", manifest.display()))?
        .to_string();
    let manifest = absolute(manifest)?;
    let dir = manifest
        .parent()
        .ok_or("the manifest has no folder")?
        .to_path_buf();
    let launcher = dir.join(format!("{name}.msglint-proxy.sh"));
    if Path::new(&host) == launcher {
        return Err(format!(
            "already installed: {} points at {}",
            manifest.display(),
            launcher.display()
        ));
    }
    if !Path::new(&host).is_absolute() {
        return Err(format!(
            "the manifest's `path` must be absolute on Linux and macOS, found `{host}`"
        ));
    }
    let backup = PathBuf::from(format!("{}.bak", manifest.display()));
    if backup.exists() {
        return Err(format!(
            "{} exists: restore or remove it first, it may hold the original manifest",
            backup.display()
        ));
    }
    let contract = absolute(contract)?;
    let msglint = absolute(msglint)?;
    let script = format!(
        "#!/bin/sh\n# Written by `msglint proxy install`: runs {name} behind the validating proxy.\n\
         # The original manifest is at {backup}.\nexec {msglint} proxy --contract {contract} --host {name_q} -- {host} \"$@\"\n",
        // In a comment: a line break in the folder name must not start a command.
        backup = backup.display().to_string().replace(['\n', '\r'], "?"),
        msglint = sh_quote(&msglint.to_string_lossy()),
        contract = sh_quote(&contract.to_string_lossy()),
        name_q = sh_quote(&name),
        host = sh_quote(&host),
    );
    std::fs::copy(&manifest, &backup).map_err(|e| format!("cannot back up the manifest: {e}"))?;
    std::fs::write(&launcher, script)
        .map_err(|e| format!("cannot write {}: {e}", launcher.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&launcher, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("cannot make {} executable: {e}", launcher.display()))?;
    }
    obj.insert(
        "path".into(),
        Value::String(launcher.to_string_lossy().into_owned()),
    );
    let out = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(&manifest, out + "\n")
        .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    Ok(Installed {
        launcher,
        backup,
        original_host: host,
    })
}
