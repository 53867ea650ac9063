#!/usr/bin/env bash
# Assemble the real-code corpus for `cargo bench --bench check`: the published sources of
# libraries that extensions ship (pinned versions, fetched from the npm registry with
# `npm pack`, which checks each tarball against the registry's integrity hash), laid out
# as one extension whose background and content scripts load some of them. Every other
# file is checked too, in an unknown context.
#
#   benches/real-corpus.sh DIR
#   MSGLINT_BENCH_REAL=DIR cargo bench --bench check
set -euo pipefail
dir=${1:?usage: benches/real-corpus.sh DIR}
packages=(
  jquery@3.7.1 lodash@4.17.21 react-dom@18.3.1 webextension-polyfill@0.12.0
  darkreader@4.9.96 moment@2.30.1 vue@3.4.38 d3@7.9.0 axios@1.7.7 rxjs@7.8.1
)
mkdir -p "$dir"
tarballs=$(mktemp -d)
trap 'rm -rf "$tarballs"' EXIT
(cd "$tarballs" && npm pack --silent "${packages[@]}" >/dev/null)
for t in "$tarballs"/*.tgz; do
  name=$(basename "$t" .tgz)
  mkdir -p "$dir/$name"
  tar xzf "$t" -C "$dir/$name" --strip-components=1
done
cat >"$dir/manifest.json" <<'JSON'
{"manifest_version": 3, "name": "real-code corpus", "version": "1",
 "background": {"service_worker": "background.js"},
 "content_scripts": [{"matches": ["<all_urls>"], "js": [
   "webextension-polyfill-0.12.0/dist/browser-polyfill.js",
   "jquery-3.7.1/dist/jquery.js", "darkreader-4.9.96/darkreader.js"]}]}
JSON
echo 'importScripts("webextension-polyfill-0.12.0/dist/browser-polyfill.js", "lodash-4.17.21/lodash.js", "moment-2.30.1/moment.js");' >"$dir/background.js"
echo "real-code corpus in $dir"
