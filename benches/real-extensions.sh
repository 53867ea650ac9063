#!/usr/bin/env bash
# Assemble a corpus of real, complete browser extensions for `cargo bench --bench check`
# and for reviewing what msglint reports on code it was not written against: the
# extensions Debian packages (uBlock Origin for Chromium and Firefox, Privacy Badger,
# KeePassXC-Browser, Tree Style Tab, browserpass, FoxyProxy, ...), each unpacked as the
# browser loads it, plus the Thunderbird add-ons Debian ships as `.xpi` files (met while
# walking a directory, archives stay packed: name one on the command line to check it).
# Pinned to the versions of the Debian release the machine uses; `apt-get download`
# checks each package against the release's signed index. Needs a Debian-based machine.
#
#   benches/real-extensions.sh DIR
#   MSGLINT_BENCH_REAL=DIR cargo bench --bench check
#   msglint check DIR
set -euo pipefail
dir=${1:?usage: benches/real-extensions.sh DIR}
packages=(
  webext-allow-html-temp webext-browserpass webext-bulk-media-downloader
  webext-dav4tbsync webext-debianbuttons webext-eas4tbsync webext-form-history-control
  webext-foxyproxy webext-keepassxc-browser webext-lightbeam webext-mailmindr
  webext-privacy-badger webext-proxy-switcher webext-quicktext webext-tbsync
  webext-treestyletab webext-ublock-origin-chromium webext-ublock-origin-firefox
  webext-xnotepp
)
command -v apt-get >/dev/null || { echo "real-extensions.sh: needs apt-get (Debian)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# apt warns that root downloads outside its sandbox user: expected here, not shown.
(cd "$work" && apt-get download -q "${packages[@]}" 2>&1 >/dev/null | { grep -v unsandboxed || true; } >&2)
mkdir -p "$dir"
for deb in "$work"/*.deb; do
  name=$(basename "$deb"); name=${name%%_*}; name=${name#webext-}
  root="$work/root-$name"
  dpkg-deb -x "$deb" "$root"
  # One copy of each extension: Debian's shared one, else Chromium's, else Firefox's.
  ext=$(ls -d "$root"/usr/share/webext/*/ "$root"/usr/share/chromium/extensions/*/ \
    "$root"/usr/share/mozilla/extensions/*/*/ 2>/dev/null | head -1 || true)
  if [ -n "$ext" ]; then
    # Packages link shared files (fonts, jQuery) from elsewhere: copy what resolves.
    mkdir -p "$dir/$name"
    (cd "$ext" && find -L . -type f -print0 | while IFS= read -r -d '' f; do
      mkdir -p "$dir/$name/$(dirname "$f")"
      cp -L "$f" "$dir/$name/$f" 2>/dev/null || true
    done)
  fi
  xpi=$(ls "$root"/usr/share/webext/*.xpi 2>/dev/null | head -1 || true)
  [ -z "$xpi" ] || cp "$xpi" "$dir/$name.xpi"
done
echo "real-extensions corpus in $dir"
